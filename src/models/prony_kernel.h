/* TNM's Prony step over structure-of-arrays terms: one vectorised pass, dispatched at run time
 * to the widest vector unit the CPU has (SSE2, AVX2 or AVX-512). */
#ifndef VT_PRONY_KERNEL_H
#define VT_PRONY_KERNEL_H

#include <stddef.h>

/* Advance every term k exactly over a step of reduced time dxi in which T goes linearly from T0
 * to T1 (the update of relax_step.h: y1 = T1 + (y0 - T0) E - (T1 - T0)(1 - E)/z, E = exp(-z),
 * z = dxi / tau_k), writing y1[k]. Returns Tf = sum_k w_k y1[k] and, in *dTf_ddxi, its
 * derivative with respect to dxi (what the Newton step on the end-of-step Tf needs).
 * The sum runs over 8 fixed partial sums, so every dispatch target returns the same bits. */
double vt_prony_kernel(size_t n, const double *w, const double *tau, const double *inv_tau,
                       const double *y0, double *y1, double dxi, double T0, double T1,
                       double *dTf_ddxi);

/* One compiled variant by number (0 baseline, 1 AVX2, 2 AVX-512), for tests: NaN when this CPU
 * (or this build) lacks it. */
double vt_prony_kernel_variant(int which, size_t n, const double *w, const double *tau,
                               const double *inv_tau, const double *y0, double *y1, double dxi,
                               double T0, double T1, double *dTf_ddxi);

/* Which code path the dispatcher picked on this CPU ("avx512f", "avx2" or "default"). */
const char *vt_prony_kernel_isa(void);

#endif
