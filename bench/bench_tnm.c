/* TNM speed, measured as ratios in one run:
 *  - exact O(N^2) history sum vs Prony route on the same program (2 000 and 20 000 steps);
 *  - ns per (Prony term x step): the whole Prony route (vt_simulate; and the model's own steps
 *    without the trace), its kernel alone, the same update with glibc's vectorised exp (libmvec,
 *    bench/vexp_loop.c: the limit the issue sets) and with the scalar libm exp; plus the
 *    fixed-point evaluations per step.
 * malloc keeps freed memory here (M_TRIM_THRESHOLD, M_MMAP_THRESHOLD): otherwise each run's
 * 1.2 MB trace goes back to the OS and is page-faulted in again, ~0.4 ns per term-step that
 * the loops, whose arrays stay, never pay (bench_all prints the route both ways).
 * Usage: bench_tnm [--quick]   (--quick skips the 20 000-step exact run) */
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/models/prony_kernel.h"
#include "term_steps.h"
#include "vexp_loop.h"
#include "vitrum/vitrum.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A paper-000 DSC scan: quench at 10000 K/s, heat at 1000 K/s; dT sets the step count. */
static const char *scan = "start 450 K\ncool to 300 K at 10000 K/s\nheat to 450 K at 1000 K/s\n";

static double time_run(const char *route, size_t steps, size_t *terms, size_t *nodes,
                       double *evals_per_step) {
  vt_error err;
  vt_program *p = vt_program_parse(scan, "bench", &err);
  vt_grid_options o = vt_grid_options_default();
  o.ramp_step_K = 300.0 / (double)steps;
  vt_grid g;
  vt_model *m = vt_model_create("tnm", &err);
  if (!p || !m || vt_grid_build(p, &o, &g, &err) || vt_model_set_option(m, "route", route, &err)) {
    fprintf(stderr, "bench setup failed: %s\n", err.message);
    exit(1);
  }
  char info[512];
  vt_model_numerics(m, info, sizeof info, &err);
  if (terms) sscanf(info, "route prony (%zu", terms);
  *nodes = g.n;
  double best = 1e30;
  int reps = strcmp(route, "prony") == 0 ? 5 : 1;
  for (int r = 0; r < reps; r++) {
    vt_trace t;
    double t0 = now_s();
    if (vt_simulate(m, &g, &t, &err)) {
      fprintf(stderr, "bench run failed: %s\n", err.message);
      exit(1);
    }
    double dt = now_s() - t0;
    if (dt < best) best = dt;
    vt_trace_free(&t);
  }
  if (evals_per_step) { /* printed by the model after a run */
    vt_model_numerics(m, info, sizeof info, &err);
    const char *e = strstr(info, "kernel, ");
    *evals_per_step = e ? atof(e + 8) : NAN;
    printf("  %s\n", info);
  }
  vt_grid_free(&g);
  vt_model_free(m);
  vt_program_free(p);
  return best;
}

/* The same term update over the same count, three ways: the library's kernel, libmvec's
 * vectorised exp, the scalar libm exp; dxi sweeps 1e-6 .. 1e2 so every regime of z is hit. */
static double time_update(step_fn f, const vt_prony *pr, size_t steps, double *sink) {
  size_t n = pr->n;
  double *inv = malloc(n * sizeof *inv), *y = malloc(2 * n * sizeof *y), best = 1e30, acc = 0;
  double dxi[1000];
  for (int j = 0; j < 1000; j++) dxi[j] = pow(10.0, -6.0 + 8.0 * j / 1000.0);
  for (size_t k = 0; k < n; k++) inv[k] = 1.0 / pr->tau[k];
  for (int r = 0; r < 5; r++) {
    for (size_t k = 0; k < 2 * n; k++) y[k] = 400.0;
    double t0 = now_s();
    for (size_t i = 0; i < steps; i++) {
      double *a = y + (i & 1) * n, *b = y + (~i & 1) * n;
      acc += f(n, pr->weight, pr->tau, inv, a, b, dxi[i % 1000], 400.0, 399.9);
    }
    double dt = now_s() - t0;
    if (dt < best) best = dt;
  }
  *sink += acc;
  free(inv);
  free(y);
  return best;
}

int main(int argc, char **argv) {
  int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  size_t sizes[] = {2000, 20000};
  printf("TNM benchmark (paper-000 scan: 450 -> 300 K at 10000 K/s, -> 450 K at 1000 K/s)\n");
  size_t terms = 0, nodes = 0;
  double prony_20k = 0.0, evals = NAN;
  double tp[2], te[2];
  size_t nn[2];
  for (int k = 0; k < 2; k++) {
    tp[k] = time_run("prony", sizes[k], &terms, &nn[k], k == 1 ? &evals : NULL);
    te[k] = (quick && k == 1) ? NAN : time_run("exact", sizes[k], NULL, &nodes, NULL);
  }
  nodes = nn[1];
  prony_20k = tp[1];
  printf("%8s %10s %12s %12s %10s\n", "steps", "nodes", "prony_s", "exact_s", "exact/prony");
  for (int k = 0; k < 2; k++)
    printf("%8zu %10zu %12.4g %12.4g %10.1f\n", sizes[k], nn[k], tp[k], te[k], te[k] / tp[k]);
  vt_error err;
  vt_prony pr;
  if (vt_prony_kww(0.43, 1e-5, &pr, &err)) return 1;
  double sink = 0.0;
  size_t count = terms * nodes;
  double tk = time_update(bench_kernel_step, &pr, nodes, &sink);
  double tv = time_update(bench_libmvec_step, &pr, nodes, &sink);
  double ts = time_update(bench_scalar_step, &pr, nodes, &sink);
  double c = (double)(pr.n * nodes);
  printf("\nProny series: %zu terms; %zu steps -> %zu term-steps; kernel ISA %s\n", terms, nodes,
         count, vt_prony_kernel_isa());
  size_t sterms, snodes;
  double sevals,
      steps_only = bench_route_steps(scan, 300.0 / 20000.0, 5, &sterms, &snodes, &sevals);
  printf("fixed-point evaluations per step: %.3f\n", evals);
  printf("ns per (term x step): Prony route %.2f (%.2f per evaluation; the model's own steps "
         "%.2f)\n",
         1e9 * prony_20k / (double)count, 1e9 * prony_20k / (double)count / evals,
         1e9 * steps_only / (double)count);
  printf("  kernel alone %.2f, libmvec loop %.2f, scalar libm loop %.2f\n", 1e9 * tk / c,
         1e9 * tv / c, 1e9 * ts / c);
  printf("  ratios: route/libmvec %.2f, steps/libmvec %.2f, kernel/libmvec %.2f, scalar/kernel "
         "%.2f (checksum %.3g)\n",
         prony_20k / (double)count / (tv / c), steps_only / (double)count / (tv / c), tk / tv,
         ts / tk, sink);
  vt_prony_free(&pr);
  return 0;
}
