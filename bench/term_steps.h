/* Term updates timed by the benchmarks (term_steps.c). */
#ifndef VT_BENCH_TERM_STEPS_H
#define VT_BENCH_TERM_STEPS_H

#include <stddef.h>

typedef double (*step_fn)(size_t, const double *, const double *, const double *, const double *,
                          double *, double, double, double);

double bench_kernel_step(size_t n, const double *w, const double *tau, const double *inv_tau,
                         const double *y0, double *y1, double dxi, double T0, double T1);
double bench_scalar_step(size_t n, const double *w, const double *tau, const double *inv_tau,
                         const double *y0, double *y1, double dxi, double T0, double T1);

double bench_route_steps(const char *program, double ramp_step_K, int reps, size_t *terms,
                         size_t *nodes, double *evals);

#endif
