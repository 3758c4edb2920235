/* vitrum: physical constants, CODATA 2018 (all SI; the first five are exact by definition of the
 * 2019 SI). Every other file takes its constants from here. */
#ifndef VITRUM_CONSTANTS_H
#define VITRUM_CONSTANTS_H

#define VT_CODATA_YEAR 2018

#define VT_BOLTZMANN_J_PER_K   1.380649e-23    /* k_B, exact */
#define VT_PLANCK_J_S          6.62607015e-34  /* h, exact */
#define VT_AVOGADRO_PER_MOL    6.02214076e23   /* N_A, exact */
#define VT_ELEMENTARY_CHARGE_C 1.602176634e-19 /* e, exact */
#define VT_GAS_CONSTANT_J_PER_MOL_K                                                                \
  (VT_BOLTZMANN_J_PER_K * VT_AVOGADRO_PER_MOL)            /* R = 8.314462618... J/(mol K), exact */
#define VT_EV_J           VT_ELEMENTARY_CHARGE_C          /* 1 eV in J */
#define VT_EV_J_PER_MOL   (VT_EV_J * VT_AVOGADRO_PER_MOL) /* 1 eV per particle, as J/mol */
#define VT_ZERO_CELSIUS_K 273.15                          /* 0 degC in K, exact */
#define VT_CALORIE_J      4.184                           /* thermochemical calorie */

#endif
