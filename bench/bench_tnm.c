/* TNM speed, measured as ratios in one run:
 *  - exact O(N^2) history sum vs Prony route on the same program (2 000 and 20 000 steps);
 *  - ns per (Prony term x step) against a plain exp() loop over the same count (the limit: the
 *    Prony update needs one exponential per term and step).
 * Usage: bench_tnm [--quick]   (--quick skips the 20 000-step exact run) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vitrum/vitrum.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A paper-000 DSC scan: quench at 10000 K/s, heat at 1000 K/s; dT sets the step count. */
static const char *scan = "start 450 K\ncool to 300 K at 10000 K/s\nheat to 450 K at 1000 K/s\n";

static double time_run(const char *route, size_t steps, size_t *terms, size_t *nodes) {
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
  char info[256];
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
  vt_grid_free(&g);
  vt_model_free(m);
  vt_program_free(p);
  return best;
}

/* The limit: one exp() per term and step, summed so the compiler cannot drop it. */
static double time_exp_loop(size_t count, double *sink) {
  volatile double seed = 1e-3;
  double x = seed, acc = 0.0, best = 1e30;
  for (int r = 0; r < 5; r++) {
    double t0 = now_s();
    for (size_t i = 0; i < count; i++) {
      acc += exp(-x);
      x += 1e-9;
    }
    double dt = now_s() - t0;
    if (dt < best) best = dt;
  }
  *sink = acc;
  return best;
}

int main(int argc, char **argv) {
  int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
  size_t sizes[] = {2000, 20000};
  printf("TNM benchmark (paper-000 scan: 450 -> 300 K at 10000 K/s, -> 450 K at 1000 K/s)\n");
  printf("%8s %10s %12s %12s %10s\n", "steps", "nodes", "prony_s", "exact_s", "exact/prony");
  size_t terms = 0, nodes = 0;
  double prony_20k = 0.0;
  for (int k = 0; k < 2; k++) {
    double tp = time_run("prony", sizes[k], &terms, &nodes);
    if (k == 1) prony_20k = tp;
    if (quick && k == 1) {
      printf("%8zu %10zu %12.4g %12s %10s\n", sizes[k], nodes, tp, "(skipped)", "-");
      continue;
    }
    double te = time_run("exact", sizes[k], NULL, &nodes);
    printf("%8zu %10zu %12.4g %12.4g %10.1f\n", sizes[k], nodes, tp, te, te / tp);
  }
  double sink;
  size_t count = terms * nodes;
  double te = time_exp_loop(count, &sink);
  double ns_prony = 1e9 * prony_20k / (double)count, ns_exp = 1e9 * te / (double)count;
  printf("\nProny series: %zu terms; %zu steps -> %zu term-steps\n", terms, nodes, count);
  printf("ns per (term x step): Prony route %.2f, plain exp() loop %.2f, ratio %.2f "
         "(checksum %.3g)\n",
         ns_prony, ns_exp, ns_prony / ns_exp, sink);
  return 0;
}
