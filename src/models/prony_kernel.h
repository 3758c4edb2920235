/* TNM's Prony step over structure-of-arrays terms: one vectorised pass (prony_kernel.c),
 * dispatched at run time to the widest vector unit the CPU has (SSE2, AVX2 or AVX-512). */
#ifndef VT_PRONY_KERNEL_H
#define VT_PRONY_KERNEL_H

#include <stddef.h>

/* Advance every term k exactly over a step of reduced time dxi in which T goes linearly from T0
 * to T1 (the update of relax_step.h: y1 = T1 + (y0 - T0) E - (T1 - T0)(1 - E)/z, E = exp(-z),
 * z = dxi / tau_k), writing y1[k]. Returns Tf = sum_k w_k y1[k] and, in *dTf_ddxi, its
 * derivative with respect to dxi (what the Newton step on the end-of-step Tf needs).
 * tau must be ascending (vt_prony_kww makes it so): the kernel picks each block's form of the
 * update from its first and last term.
 * The sum runs over 8 fixed partial sums, so every dispatch target returns the same bits. */
double vt_prony_kernel(size_t n, const double *w, const double *tau, const double *inv_tau,
                       const double *y0, double *y1, double dxi, double T0, double T1,
                       double *dTf_ddxi);

/* One compiled variant by number (0 baseline, 1 AVX2, 2 AVX-512), for tests: NaN when this CPU
 * (or this build) lacks it. */
double vt_prony_kernel_variant(int which, size_t n, const double *w, const double *tau,
                               const double *inv_tau, const double *y0, double *y1, double dxi,
                               double T0, double T1, double *dTf_ddxi);

/* The kernel for a step that carries forward sensitivities (tnm.c): the same y1, Tf and
 * *dTf_ddxi (the same bits), and per term the update's E[k] = exp(-z) (0 where the kernel drops
 * it, z > VT_PRONY_RELAXED_Z) and c[k] = dy1[k]/ddxi, in *C sum_k w_k c[k]. The kernel's own
 * derivative takes d/dz (1 - E)/z from a series to z^3 below z = 1e-2 (off by 7e-11 of its
 * -1/2: it only steers Newton's step); c takes it two terms further (1.7e-16). */
double vt_prony_kernel_sens(size_t n, const double *w, const double *tau, const double *inv_tau,
                            const double *y0, double *y1, double dxi, double T0, double T1,
                            double *dTf_ddxi, double *E, double *c, double *C);

/* One compiled variant of vt_prony_kernel_sens, numbered as vt_prony_kernel_variant. */
double vt_prony_kernel_sens_variant(int which, size_t n, const double *w, const double *tau,
                                    const double *inv_tau, const double *y0, double *y1, double dxi,
                                    double T0, double T1, double *dTf_ddxi, double *E, double *c,
                                    double *C);

/* The kernel's exp on 8 values in one compiled variant (numbered as above), for tests: the same
 * bits as vt_vexp_em1 of vexp.h. Returns 0 (and leaves e, em1) where the variant cannot run. */
int vt_prony_vexp8(int which, const double *x, double *e, double *em1);

/* Terms go through the kernel in blocks of VT_PRONY_LANES. A term with z = dxi/tau above
 * VT_PRONY_RELAXED_Z has E = exp(-z) dropped: it has relaxed within the step and its y1 does not
 * depend on y0. */
#define VT_PRONY_LANES     8
#define VT_PRONY_RELAXED_Z 50.0

/* y1 of such a term, by the kernel's operations (so with its bits); d = T1 - T0, inv_dxi =
 * 1/dxi. */
static inline double vt_prony_relaxed(double T1, double d, double tau, double inv_dxi) {
  return T1 - d * (tau * inv_dxi);
}

/* How many leading terms, in whole blocks, are all relaxed (tau ascending): the kernel run on
 * the terms after them gives the same y1 there (its blocks are the same blocks: a block is only
 * counted if no fewer than 8 terms, or none, remain after it, so the last block is moved back
 * over the same terms as on the whole series). */
static inline size_t vt_prony_relaxed_terms(size_t n, const double *inv_tau, double dxi) {
  size_t k = 0;
  while (k + VT_PRONY_LANES <= n && dxi * inv_tau[k + VT_PRONY_LANES - 1] > VT_PRONY_RELAXED_Z &&
         (n - k - VT_PRONY_LANES == 0 || n - k - VT_PRONY_LANES >= VT_PRONY_LANES))
    k += VT_PRONY_LANES;
  return k;
}

/* Which code path the dispatcher picked on this CPU ("avx512f", "avx2" or "default"). */
const char *vt_prony_kernel_isa(void);

#endif
