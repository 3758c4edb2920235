/* The Prony step as a branch-free loop: every lane computes the same arithmetic (selects, no
 * jumps), exp comes from vexp.h (inline, so the loop vectorises without libm or -ffast-math),
 * and GCC/clang function multi-versioning builds one clone per vector ISA and picks one at load
 * time, so one binary runs on any x86-64 and uses AVX-512 where it exists. */
#include "prony_kernel.h"

#include "vexp.h"

#if defined(__clang__)
/* gcc in ISO C mode does not contract a*b+c into an FMA; clang does by default, and the FMA
 * clones would then round differently from the SSE2 one. */
#pragma STDC FP_CONTRACT OFF
#endif

#if defined(__x86_64__) && defined(__linux__) && !defined(VT_NO_MULTIVERSION)
#define VT_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define VT_CLONES
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

VT_CLONES
double vt_prony_kernel(size_t n, const double *restrict w, const double *restrict tau,
                       const double *restrict inv_tau, const double *restrict y0,
                       double *restrict y1, double dxi, double T0, double T1, double *dTf_ddxi) {
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

const char *vt_prony_kernel_isa(void) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return "avx512f";
  if (__builtin_cpu_supports("avx2")) return "avx2";
#endif
  return "default";
}
