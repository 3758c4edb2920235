/* The Prony term update two of the ways the benchmarks time it (the third, libmvec's, is in
 * vexp_loop.c, built with its own flags): the library's kernel and the scalar libm exp. Shared
 * by bench_tnm and bench_all so both time the same code. */
#include <math.h>

#include "../src/models/prony_kernel.h"
#include "term_steps.h"

double bench_kernel_step(size_t n, const double *w, const double *tau, const double *inv_tau,
                         const double *y0, double *y1, double dxi, double T0, double T1) {
  double d;
  return vt_prony_kernel(n, w, tau, inv_tau, y0, y1, dxi, T0, T1, &d);
}

double bench_scalar_step(size_t n, const double *w, const double *tau, const double *inv_tau,
                         const double *y0, double *y1, double dxi, double T0, double T1) {
  double inv_dxi = 1.0 / dxi, Tf = 0.0;
  for (size_t k = 0; k < n; k++) {
    double z = dxi * inv_tau[k];
    double E = z > 45.0 ? 0.0 : exp(-z);
    double y = T1 + (y0[k] - T0) * E - (T1 - T0) * (1.0 - E) * tau[k] * inv_dxi;
    y1[k] = y;
    Tf += w[k] * y;
  }
  return Tf;
}
