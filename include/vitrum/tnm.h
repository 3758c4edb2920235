/* vitrum TNM: Tool-Narayanaswamy-Moynihan structural relaxation with a KWW response
 * (paper 000, Eqs. 1-3), and the KWW Prony series it uses. */
#ifndef VITRUM_TNM_H
#define VITRUM_TNM_H

#include <stddef.h>

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* exp(-xi^beta) ~ sum_k weight[k] exp(-xi / tau[k]) (xi is reduced time, dimensionless). */
typedef struct vt_prony {
  size_t n;
  double *weight;
  double *tau;
  double beta;
  double max_error; /* max |series - exp(-xi^beta)| measured on a dense log grid of xi */
} vt_prony;

/* Build a series for 0 < beta <= 1 whose max abs error (measured over xi in
 * [1e-6 xi_lo, 1e4 xi_hi], 40 points per decade, xi_lo/xi_hi where 1-M and M reach tol/10) is
 * <= tol (1e-9 <= tol <= 1e-2). beta = 1 gives the exact single term. */
VT_API int vt_prony_kww(double beta, double tol, vt_prony *out, vt_error *err);
VT_API double vt_prony_eval(const vt_prony *series, double xi);
VT_API void vt_prony_free(vt_prony *series);

/* ln tau of paper 000 Eq. 3: ln A + x dh/(R T) + (1-x) dh/(R Tf). */
VT_API double vt_tnm_ln_tau(double lnA_s, double dh_J_per_mol, double x, double T_K, double Tf_K);

/* KWW response integral I(u) = int_0^u exp(-v^beta) dv = Gamma(1/beta)/beta P(1/beta, u^beta). */
VT_API double vt_kww_integral(double u, double beta);

#ifdef __cplusplus
}
#endif

#endif
