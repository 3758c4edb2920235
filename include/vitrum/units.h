/* vitrum units: a glass as independent exponential (Debye) relaxation units (paper 004). */
#ifndef VITRUM_UNITS_H
#define VITRUM_UNITS_H

#include <stddef.h>

#include "core.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Replace the Gaussian spectrum of a "units" model by a table of units: activation energy,
 * prefactor (NULL: every unit takes tau0_beta) and weight (finite, any sign, nonzero sum; the
 * weights are normalised). Copies the arrays. VT_EINVAL when the model is not "units". */
VT_API int vt_units_set_table(vt_model *model, const double *E_J_per_mol, const double *tau0_s,
                              const double *weight, size_t n, vt_error *err);

/* Read a spectrum table: CSV with a header, columns E_kJ_per_mol (or E_J_per_mol, E_eV),
 * weight (0 or more: a file holds a distribution of units; the negative weights a Prony series
 * may have go through vt_units_set_table), and optionally tau0_s; '#' comments. Arrays are malloc'd (tau0 NULL when absent). */
VT_API int vt_read_spectrum_table(const char *path, double **E_J_per_mol, double **tau0_s,
                                  double **weight, size_t *n, vt_error *err);

#ifdef __cplusplus
}
#endif

#endif
