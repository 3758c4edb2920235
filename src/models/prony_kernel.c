/* The Prony step as a branch-free loop: every lane computes the same arithmetic (selects, no
 * jumps), exp comes from vexp.h (inline, so the loop vectorises without libm or -ffast-math).
 * One body is compiled three times, for AVX-512, AVX2 and the x86-64 baseline (SSE2), and the
 * CPU picks at run time (__builtin_cpu_supports: one load and test per call), so one binary
 * runs on any x86-64 and uses the widest vector unit it finds. (GCC's target_clones would do
 * the dispatch through an ifunc, but clang 14 names that symbol so that other files cannot
 * link to it.) */
#include "prony_kernel.h"

#include <math.h>

#include "vexp.h"

#if defined(__clang__)
/* gcc in ISO C mode does not contract a*b+c into an FMA; clang does by default, and the FMA
 * clones would then round differently from the SSE2 one. */
#pragma STDC FP_CONTRACT OFF
#endif

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(VT_NO_MULTIVERSION)
#define VT_MULTIVERSION 1
#endif

/* Below z = 1e-8, (1 - E)/z = 1 - z/2 to 2e-17 and its z-derivative is -1/2 to 3e-9; this
 * also keeps the jump (dxi = 0, 1/dxi = inf) out of the product -em1 tau/dxi. Above z = 50,
 * E < 2e-22 is dropped (as relax_step.h does above 45): kept, it would make subnormal
 * products, which cost a hundred cycles each on x86. */
#define SMALL_Z 1e-8
#define MAX_Z   50.0

/* Term update; *dydz = dy1/dz. */
static inline double term(double y0, double z, double tau_over_dxi, double T0, double T1,
                          double *dydz) {
  int small = z<SMALL_Z, big = z> MAX_Z;
  double e, em1;
  /* below 1e-30, exp(-z) = 1 in doubles, and r^8 inside vexp would go subnormal */
  vt_vexp_em1(big ? -MAX_Z : z < 1e-30 ? 0.0 : -z, &e, &em1);
  e = big ? 0.0 : e;
  em1 = big ? -1.0 : em1;
  double g = small ? 1.0 - 0.5 * z : -em1 * tau_over_dxi; /* (1 - E)/z */
  /* (E - g)/z; when big, -g^2 with g = 1/z, flushed to 0 below 1e-200 (subnormal products) */
  double gc = g < 1e-100 ? 0.0 : g;
  double dg = small ? -0.5 : big ? -g * gc : (e - g) * tau_over_dxi;
  double a = y0 - T0, d = T1 - T0;
  *dydz = -a * e - d * dg;
  return T1 + a * e - d * g;
}

#define LANES 8

/* The loop, inlined into each ISA's copy below. */
static inline __attribute__((always_inline)) double
kernel_body(size_t n, const double *restrict w, const double *restrict tau,
            const double *restrict inv_tau, const double *restrict y0, double *restrict y1,
            double dxi, double T0, double T1, double *dTf_ddxi) {
  double inv_dxi = 1.0 / dxi; /* inf for a jump: only reaches lanes with z < SMALL_Z */
  double acc[LANES] = {0}, dacc[LANES] = {0};
  size_t k = 0;
  for (; k + LANES <= n; k += LANES)
    for (size_t j = 0; j < LANES; j++) {
      double dydz, y = term(y0[k + j], dxi * inv_tau[k + j], tau[k + j] * inv_dxi, T0, T1, &dydz);
      y1[k + j] = y;
      acc[j] += w[k + j] * y;
      dacc[j] += w[k + j] * inv_tau[k + j] * dydz;
    }
  for (size_t j = 0; k < n; k++, j++) {
    double dydz, y = term(y0[k], dxi * inv_tau[k], tau[k] * inv_dxi, T0, T1, &dydz);
    y1[k] = y;
    acc[j] += w[k] * y;
    dacc[j] += w[k] * inv_tau[k] * dydz;
  }
  double s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
  *dTf_ddxi =
      ((dacc[0] + dacc[1]) + (dacc[2] + dacc[3])) + ((dacc[4] + dacc[5]) + (dacc[6] + dacc[7]));
  return s;
}

#define KERNEL_ARGS                                                                                \
  size_t n, const double *restrict w, const double *restrict tau, const double *restrict inv_tau,  \
      const double *restrict y0, double *restrict y1, double dxi, double T0, double T1,            \
      double *dTf_ddxi
#define KERNEL_CALL n, w, tau, inv_tau, y0, y1, dxi, T0, T1, dTf_ddxi

#ifdef VT_MULTIVERSION
__attribute__((target("avx512f"))) static double kernel_avx512f(KERNEL_ARGS) {
  return kernel_body(KERNEL_CALL);
}
__attribute__((target("avx2"))) static double kernel_avx2(KERNEL_ARGS) {
  return kernel_body(KERNEL_CALL);
}
#endif

static double kernel_default(KERNEL_ARGS) {
  return kernel_body(KERNEL_CALL);
}

double vt_prony_kernel(KERNEL_ARGS) {
#ifdef VT_MULTIVERSION
  if (__builtin_cpu_supports("avx512f")) return kernel_avx512f(KERNEL_CALL);
  if (__builtin_cpu_supports("avx2")) return kernel_avx2(KERNEL_CALL);
#endif
  return kernel_default(KERNEL_CALL);
}

double vt_prony_kernel_variant(int which, KERNEL_ARGS) {
#ifdef VT_MULTIVERSION
  __builtin_cpu_init();
  if (which == 2) return __builtin_cpu_supports("avx512f") ? kernel_avx512f(KERNEL_CALL) : NAN;
  if (which == 1) return __builtin_cpu_supports("avx2") ? kernel_avx2(KERNEL_CALL) : NAN;
#endif
  return which == 0 ? kernel_default(KERNEL_CALL) : NAN;
}

const char *vt_prony_kernel_isa(void) {
#ifdef VT_MULTIVERSION
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return "avx512f";
  if (__builtin_cpu_supports("avx2")) return "avx2";
#endif
  return "default";
}
