#ifndef BENCH_VEXP_LOOP_H
#define BENCH_VEXP_LOOP_H
#include <stddef.h>
double bench_libmvec_step(size_t n, const double *w, const double *tau, const double *inv_tau,
                          const double *y0, double *y1, double dxi, double T0, double T1);
#endif
