/* The reference for the Prony kernel's speed: the same term update, y1 = T1 + (y0 - T0) E -
 * (T1 - T0)(1 - E)/z with E = exp(-z), summed into Tf, its exp vectorised by glibc's libmvec
 * (compiled alone with -ffast-math -fopenmp-simd, which is what lets GCC call libmvec's
 * _ZGV*_exp; one clone per vector ISA as the library's kernel has). */
#include <math.h>
#include <stddef.h>

#include "vexp_loop.h"

#if defined(__x86_64__) && defined(__linux__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
double
bench_libmvec_step(size_t n, const double *restrict w, const double *restrict tau,
                   const double *restrict inv_tau, const double *restrict y0, double *restrict y1,
                   double dxi, double T0, double T1) {
  double inv_dxi = 1.0 / dxi, Tf = 0.0;
#pragma omp simd reduction(+ : Tf)
  for (size_t k = 0; k < n; k++) {
    double z = fmin(dxi * inv_tau[k], 708.0), E = exp(-z);
    double y = T1 + (y0[k] - T0) * E - (T1 - T0) * (1.0 - E) * tau[k] * inv_dxi;
    y1[k] = y;
    Tf += w[k] * y;
  }
  return Tf;
}
