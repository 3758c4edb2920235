/* The Prony term update two of the ways the benchmarks time it (the third, libmvec's, is in
 * vexp_loop.c, built with its own flags): the library's kernel and the scalar libm exp; and the
 * TNM route's own steps without vt_simulate's trace. Shared by bench_tnm and bench_all so both
 * time the same code. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vitrum/vitrum.h"

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

/* The TNM Prony route on `program` with ramp_step_K, the model stepped node by node as
 * vt_simulate steps it (Tf observed at each node) but no trace kept: the route's own cost.
 * Best of `reps` runs; *terms, *nodes and *evals (fixed-point evaluations per step) as found. */
double bench_route_steps(const char *program, double ramp_step_K, int reps, size_t *terms,
                         size_t *nodes, double *evals) {
  vt_error err;
  vt_program *p = vt_program_parse(program, "bench", &err);
  vt_grid_options o = vt_grid_options_default();
  o.ramp_step_K = ramp_step_K;
  vt_grid g;
  vt_model *m = vt_model_create("tnm", &err);
  if (!p || !m || vt_grid_build(p, &o, &g, &err)) {
    fprintf(stderr, "bench setup failed: %s\n", err.message);
    exit(1);
  }
  char info[512];
  vt_model_numerics(m, info, sizeof info, &err);
  sscanf(info, "route prony (%zu", terms);
  double best = 1e30, sink = 0.0;
  for (int r = 0; r < reps; r++) {
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    vt_model_equilibrate(m, g.T_K[0], &err);
    for (size_t i = 1; i < g.n; i++) {
      double dt = g.segment[i] == g.segment[i - 1] ? g.t_seg_s[i] - g.t_seg_s[i - 1] : g.t_seg_s[i];
      vt_observables ob;
      vt_model_step(m, dt, g.T_K[i - 1], g.T_K[i], &err);
      vt_model_observe(m, &ob);
      sink += ob.Tf_K;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    best = fmin(best, (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
  }
  vt_model_numerics(m, info, sizeof info, &err);
  const char *e = strstr(info, "kernel, ");
  *evals = e ? atof(e + 8) : NAN;
  *nodes = g.n;
  vt_grid_free(&g);
  vt_model_free(m);
  vt_program_free(p);
  return sink > 0 ? best : NAN;
}
