/* Model-fit speed, measured as ratios and counts in one run: paper 000's protocol set (T1 = 348,
 * 363, 373 K; t1 = 0.1 .. 100 s; T2 = 383 K; t2 = 0.1 .. 1000 s: 150 points in 30 protocols)
 * made by TNM with the paper's parameters (prony_tol 1e-6, as tests/test_fit.c), fitted back
 * from 20 % away with 1 thread and with 2 (the protocols of an evaluation run in parallel),
 * alternating, three of each after a warm-up fit: the model runs, the median wall and CPU
 * times, the speed-up, the load, the recovered values, and how far the two fits differ (they
 * should not: each protocol is simulated alike whichever thread runs it). Two fits: A, dh, x,
 * beta free (the paper's), and A, dh, x with beta fixed. Each prints the serial fraction f of
 * the 1-thread fit: its CPU time outside the parts that split over the fit's threads (the
 * protocol groups' loop; the Prony build's and refits' loops: design columns, QR, error checks,
 * the first two densities at once) over its whole CPU time (the library sums those parts' CPU
 * time), which bounds 2 threads to 1/(f + (1-f)/2) on an idle machine whatever the load here
 * (an upper bound: the split parts do not all halve); 1.8x needs f <= 1/9. Serial in every fit:
 * the rest of the Prony builds (for the start's beta before any simulation, and again when the
 * grid cannot carry a step's beta within prony_tol: on this set, at the first step) and refits
 * (for each new beta), the solver; one build's CPU time on one thread is printed.
 * Then the same four-parameter fit with A as ln A (the old parameterisation, where ln A and dh
 * form a valley) against ln tau_ref (the default), counted in model runs and their plain-run
 * equivalents, and in the fit's whole CPU time over a plain run's.
 * Last, a user's data set: a synthetic two-step (Kovacs) set of 20 points measured by conventional
 * DSC (10 K/min), made by TNM with polymer-like parameters plus 2 % noise, written in J/g and read
 * back with the molar mass, fitted with five free parameters (A, dh, x, beta, dCp) from the
 * model's defaults with the default multistart: it must converge within 5000 model runs; then
 * again on 2 threads (3 runs per evaluation: two protocols and the reference).
 * Usage: bench_fit [--quick | --kovacs | --scaling]   (--quick: 2 T1 x 3 t1 x 4 t2, 24 points
 * in 6 protocols; --kovacs: the Kovacs set alone; --scaling: the thread comparisons alone) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../src/analysis/fit_internal.h" /* vt_fit_parallel_cpu_s */
#include "../src/models/model_layer.h"    /* vt_prony_team_cpu_s */
#include "vitrum/vitrum.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct set {
  const double *T1, *t1, *t2;
  int nT1, nt1, nt2;
} set;

static const char *const names[] = {"A", "dh", "x", "beta"};
static const double truth[] = {6e-22, 164e3, 0.6, 0.43}, away[] = {1.2, 0.8, 1.2, 0.8};

static void die(const char *what, const vt_error *err) {
  fprintf(stderr, "bench_fit: %s: %s\n", what, err->message);
  exit(1);
}

/* Every T1 x t1 x t2 at T2 = 383 K, dh from the model (unweighted). */
static void make_data(vt_model *m, const set *s, const vt_fit_options *o, vt_fit_data *d) {
  size_t n = (size_t)(s->nT1 * s->nt1 * s->nt2);
  d->dh = calloc(n, sizeof *d->dh);
  double *pred = malloc(n * sizeof *pred);
  if (!d->dh || !pred) exit(1);
  d->n_dh = 0;
  for (int a = 0; a < s->nT1; a++)
    for (int b = 0; b < s->nt1; b++)
      for (int c = 0; c < s->nt2; c++)
        d->dh[d->n_dh++] = (vt_dh_point){s->T1[a], s->t1[b], 383.0, s->t2[c], 0.0, NAN, 0};
  vt_error err;
  if (vt_fit_predict(m, d, o, pred, &err)) die("generating the data", &err);
  for (size_t i = 0; i < n; i++) d->dh[i].dh_J_per_mol = pred[i];
  free(pred);
}

/* One fit of the first n_free parameters from 20 % away with `threads`; returns the wall time.
 * The model is reset to the truth first: a fit leaves it holding its best values. */
static double fit(vt_model *m, const vt_fit_data *d, vt_fit_options o, int n_free, int threads,
                  vt_fit_result *r) {
  vt_error err;
  for (int j = 0; j < 4; j++)
    if (vt_model_set(m, names[j], truth[j] * (j < n_free ? away[j] : 1.0), &err))
      die("start", &err);
  o.threads = threads;
  o.free_names = names;
  o.n_free = (size_t)n_free;
  double t0 = now_s();
  if (vt_fit_run(m, d, &o, r, &err)) die("fit", &err);
  return now_s() - t0;
}

static double cpu_s(void);
static double load_1min(void);

static double thread_cpu_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, by_value);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

#define REPS 3

/* Fit with 1 and with 2 threads, alternating, REPS times each after a warm-up fit (a process's
 * first fit ran 40 % slower than the next, which made 1 thread look slow); the median wall and
 * process CPU times, the speed-up of the medians, the values. On a machine other work shares,
 * the wall times scatter: the CPU times and the load printed beside them say how much. */
static void compare(vt_model *m, const vt_fit_data *d, const vt_fit_options *o, int n_free) {
  printf("\nfree %s from 20 %% away (x %s), 1 start\n", n_free == 4 ? "A, dh, x, beta" : "A, dh, x",
         n_free == 4 ? "1.2, 0.8, 1.2, 0.8" : "1.2, 0.8, 1.2; beta fixed");
  vt_fit_result r[2];
  double wall[2][REPS], cpu[2][REPS], serial[REPS], serial_ms[REPS], prony[REPS];
  double load0 = load_1min();
  fit(m, d, *o, n_free, 1, &r[0]);
  vt_fit_result_free(&r[0]);
  for (int rep = 0; rep < REPS; rep++)
    for (int k = 0; k < 2; k++) {
      double c0 = cpu_s(), t0 = thread_cpu_s(), p0 = vt_fit_parallel_cpu_s();
      double b0 = vt_prony_team_cpu_s();
      wall[k][rep] = fit(m, d, *o, n_free, k + 1, &r[k]);
      cpu[k][rep] = cpu_s() - c0;
      if (k == 0) { /* 1 thread: all of the fit ran on this one */
        double all = thread_cpu_s() - t0, par = vt_fit_parallel_cpu_s() - p0;
        serial_ms[rep] = 1e3 * (all - par);
        serial[rep] = (all - par) / all;
        prony[rep] = (vt_prony_team_cpu_s() - b0) / all;
      }
      if (rep < REPS - 1) vt_fit_result_free(&r[k]);
    }
  printf("%8s %11s %11s %9s %9s %9s %9s   (median of %d, alternating, after a warm-up fit)\n",
         "threads", "model_runs", "iterations", "wall_s", "min_s", "cpu_s", "runs/s", REPS);
  double mw[2], mc[2], lo[2];
  for (int k = 0; k < 2; k++) {
    lo[k] = INFINITY;
    for (int rep = 0; rep < REPS; rep++) lo[k] = fmin(lo[k], wall[k][rep]);
    mw[k] = median(wall[k], REPS);
    mc[k] = median(cpu[k], REPS);
    printf("%8d %11ld %11d %9.3f %9.3f %9.3f %9.0f\n", k + 1, r[k].model_runs, r[k].iterations,
           mw[k], lo[k], mc[k], (double)r[k].model_runs / mw[k]);
  }
  printf("speed-up, 2 threads over 1: %.2f (medians; fastest of each %.2f); CPU time 2 threads / "
         "1: %.2f; load %.2f before, %.2f after\n",
         mw[0] / mw[1], lo[0] / lo[1], mc[1] / mc[0], load0, load_1min());
  double f = median(serial, REPS);
  printf("serial fraction (1 thread: CPU outside the parts split over the threads, the groups' "
         "loop and the Prony build and refit loops / the fit's CPU): %.3f (%.1f ms); on an idle "
         "machine 2 threads gain at most 1/(f + (1-f)/2) = %.2f "
         "(target 1.8: f <= 0.111 %s)\n",
         f, median(serial_ms, REPS), 1.0 / (f + 0.5 * (1.0 - f)),
         f <= 1.0 / 9.0 ? "met" : "MISSED");
  printf(
      "  of the fit's CPU, the Prony build and refit loops split over the threads: %.3f (outside "
      "the groups' loop: %.3f)\n",
      median(prony, REPS), f + median(prony, REPS));
  double diff = 0.0;
  for (int j = 0; j < n_free; j++) {
    printf("  %-5s %.10g +- %.3g (truth %.10g, off %.2g relative)\n", names[j], r[1].value[j],
           r[1].se[j], truth[j], fabs(r[1].value[j] / truth[j] - 1.0));
    diff = fmax(diff, fabs(r[1].value[j] / r[0].value[j] - 1.0));
  }
  printf("chi2/dof %.3g, max |correlation| %.5f; 1 vs 2 threads: values differ by %.2g relative\n",
         r[1].chi2_dof, r[1].max_abs_correlation, diff);
  vt_fit_result_free(&r[0]);
  vt_fit_result_free(&r[1]);
}

/* Cores and load: other work on the machine takes cores from the threads (and OpenMP threads
 * that spin while they wait make an oversubscribed machine slower still). */
static double load_1min(void) {
  double load = NAN;
  FILE *f = fopen("/proc/loadavg", "r");
  if (f) {
    if (fscanf(f, "%lf", &load) != 1) load = NAN;
    fclose(f);
  }
  return load;
}

static void print_machine(void) {
  printf("machine: %ld cores online, load average %.2f (1 min) before the fits\n",
         sysconf(_SC_NPROCESSORS_ONLN), load_1min());
}

/* Cost of a run carrying the four sensitivities relative to a plain run: the data's runs (the
 * reference quench and every protocol group, as one fit evaluation makes them) timed both ways
 * in CPU time (serial runs; wall time on a shared machine scattered by 2x), best of 15,
 * alternating, after a warm-up that builds the beta refit basis. *plain_run_s: the CPU time of
 * a plain run, the mean over the `runs` of one evaluation (may be NULL). */
static double cpu_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Runs of one evaluation: the reference quench and one per protocol (the fitter's grouping of
 * dh points read as states: single-step points by T1, two-step ones by T1, t1 and T2). */
static int runs_per_evaluation(const vt_fit_data *d) {
  int n = 1;
  for (size_t i = 0; i < d->n_dh; i++) {
    const vt_dh_point *a = &d->dh[i];
    size_t k = 0;
    for (; k < i; k++) {
      const vt_dh_point *b = &d->dh[k];
      if (a->T1_K == b->T1_K && isnan(a->T2_K) == isnan(b->T2_K) &&
          (isnan(a->T2_K) || (a->t1_s == b->t1_s && a->T2_K == b->T2_K)))
        break;
    }
    n += k == i;
  }
  return n;
}

static double sens_cost_ratio(const vt_model *m0, const vt_fit_data *d, const vt_fit_options *o,
                              int runs, double *plain_run_s) {
  vt_error err;
  vt_model *m = vt_model_clone(m0, &err);
  double *pred = malloc(d->n_dh * sizeof *pred), best[2] = {INFINITY, INFINITY};
  if (!m || !pred || vt_model_set_option(m, "prony_grid", "fixed", &err)) die("ratio", &err);
  for (int rep = 0; rep < 16; rep++)
    for (int k = 0; k < 2; k++) {
      vt_model_set_option(m, "sensitivities", k ? "A,dh,x,beta" : "", &err);
      double t0 = cpu_s();
      if (vt_fit_predict(m, d, o, pred, &err)) die("ratio run", &err);
      if (rep) best[k] = fmin(best[k], cpu_s() - t0);
    }
  free(pred);
  vt_model_free(m);
  if (plain_run_s) *plain_run_s = best[0] / runs;
  return best[1] / best[0];
}

/* One start from 20 % away: A as ln A or as ln tau_ref, Jacobians by finite differences or by
 * forward sensitivities; model runs and their plain-run equivalents. The measure counts runs:
 * equivalents = runs without sensitivities + r x runs with them, r the measured cost of a run
 * carrying them (a Jacobian costs what it adds to the runs). Beside it, the fit's whole CPU time
 * in plain runs: also the Prony series builds and refits, the solver's linear algebra, set-up. */
static void parameterisations(vt_model *m, const vt_fit_data *d, vt_fit_options o, int runs) {
  double plain;
  double ratio = sens_cost_ratio(m, d, &o, runs, &plain);
  printf("\nA as ln A vs as ln tau_ref, Jacobians by finite differences vs forward sensitivities\n"
         "(free A, dh, x, beta from 20 %% away, 1 start, 1 thread); a run with the 4 sensitivities "
         "costs r = %.2f plain runs (CPU, measured here; a plain run %.2f ms);\n"
         "equivalents = runs without sensitivities + r x runs with them; all_cpu = the fit's "
         "whole CPU time / a plain run's\n",
         ratio, 1e3 * plain);
  printf("%-12s %-6s %11s %9s %12s %8s %11s %9s %10s %s\n", "fitted", "J", "model_runs",
         "with_sens", "equivalents", "all_cpu", "iterations", "wall_s", "max|r|",
         "values off (max relative)");
  for (int k = 0; k < 3; k++) {
    vt_fit_result r;
    o.fit_ln_A = k == 0;
    o.fd_jacobian = k < 2;
    double c0 = cpu_s(), wall = fit(m, d, o, 4, 1, &r), all = (cpu_s() - c0) / plain, off = 0.0;
    for (int j = 0; j < 4; j++) off = fmax(off, fabs(r.value[j] / truth[j] - 1.0));
    double equiv = (double)(r.model_runs - r.sensitivity_runs) + ratio * (double)r.sensitivity_runs;
    printf("%-12s %-6s %11ld %9ld %12.0f %8.0f %11d %9.2f %10.5f %.2g\n", k ? "ln tau_ref" : "ln A",
           k < 2 ? "FD" : "sens", r.model_runs, r.sensitivity_runs, equiv, all, r.iterations, wall,
           r.max_abs_correlation_fitted, off);
    if (k == 2)
      printf("  tau_ref = %.6g +- %.2g s at T_ref = %g K; target <= 500 equivalents: %s "
             "(before this engine: 7440 runs, 24 iterations)\n",
             r.tau_ref_s, r.tau_ref_se_s, r.T_ref_K, equiv <= 500 ? "met" : "MISSED");
    vt_fit_result_free(&r);
  }
}

/* ---- the user's Kovacs set ------------------------------------------------------------------ */

static const char *const k_names[] = {"A", "dh", "x", "beta", "dCp"};
#define K_MOLAR_MASS 0.104 /* kg/mol: a polystyrene repeat unit */

/* Deterministic normal deviates (xorshift64 and Box-Muller): the bench needs no RNG library. */
static double gauss(unsigned long long *s) {
  double u[2];
  for (int k = 0; k < 2; k++) {
    *s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
    u[k] = ((double)(*s >> 11) + 0.5) / 9007199254740992.0;
  }
  return sqrt(-2.0 * log(u[0])) * cos(6.283185307179586 * u[1]);
}

/* 10 single-step anneals at 355 K and 10 two-step ones (345 K for 3 h, then 355 K), dh from
 * TNM with 2 % noise (and 0.005 J/g), written per gram to a CSV and read back. */
static void kovacs_data(const vt_fit_options *o, const double *truth_k, vt_fit_data *d) {
  static const double t[] = {60, 120, 300, 600, 1200, 2400, 4800, 9600, 19200, 38400};
  vt_fit_data g = {0};
  g.dh = calloc(20, sizeof *g.dh);
  double pred[20];
  vt_error err;
  vt_model *m = vt_model_create("tnm", &err);
  if (!g.dh || !m) exit(1);
  for (int j = 0; j < 5; j++)
    if (vt_model_set(m, k_names[j], truth_k[j], &err)) die("Kovacs truth", &err);
  for (int i = 0; i < 10; i++) {
    g.dh[g.n_dh++] = (vt_dh_point){355.0, t[i], NAN, NAN, 0.0, NAN, 0};
    g.dh[g.n_dh++] = (vt_dh_point){345.0, 10800.0, 355.0, t[i], 0.0, NAN, 0};
  }
  if (vt_fit_predict(m, &g, o, pred, &err)) die("Kovacs data", &err);
  char path[] = "/tmp/bench_fit_kovacs_XXXXXX";
  int fd = mkstemp(path);
  FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
  if (!f) exit(1);
  unsigned long long seed = 88172645463325252ULL;
  fprintf(f, "# synthetic Kovacs set, conventional DSC at 10 K/min, dh per gram\n"
             "T1_K,t1_s,T2_K,t2_s,dh_J_per_g,sigma_J_per_g\n");
  for (size_t i = 0; i < g.n_dh; i++) {
    double dh = pred[i] / (K_MOLAR_MASS * 1e3), sigma = 0.02 * fabs(dh) + 0.005;
    const vt_dh_point *p = &g.dh[i];
    fprintf(f, "%g,%g,", p->T1_K, p->t1_s);
    if (!isnan(p->T2_K))
      fprintf(f, "%g,%g", p->T2_K, p->t2_s);
    else
      fprintf(f, ",");
    fprintf(f, ",%.6g,%.3g\n", dh + sigma * gauss(&seed), sigma);
  }
  fclose(f);
  if (vt_read_dh_table_mass(path, K_MOLAR_MASS, d, &err)) die("reading the Kovacs set", &err);
  remove(path);
  vt_fit_data_free(&g);
  vt_model_free(m);
}

/* The Kovacs fit from the model's defaults with `threads`; prints the result when `verbose`.
 * Returns the wall time (the process CPU time in *cpu). */
static double kovacs_fit(int threads, int verbose, double *cpu) {
  const double truth_k[] = {1.9e-49, 350e3, 0.45, 0.5, 30.0};
  vt_fit_options o = vt_fit_options_default();
  o.dsc.cool_rate_K_per_s = 10.0 / 60.0; /* conventional DSC: 10 K/min both ways */
  o.dsc.heat_rate_K_per_s = 10.0 / 60.0;
  o.threads = threads;
  vt_fit_data d = {0};
  kovacs_data(&o, truth_k, &d);
  vt_error err;
  vt_model *m = vt_model_create("tnm", &err); /* the fit starts from the model's defaults */
  o.free_names = k_names;
  o.n_free = 5;
  vt_fit_result r;
  double t0 = now_s(), c0 = cpu_s();
  int rc = vt_fit_run(m, &d, &o, &r, &err);
  double wall = now_s() - t0;
  *cpu = cpu_s() - c0;
  if (rc && rc != VT_ENOCONV) die("Kovacs fit", &err);
  if (verbose) {
    printf("\nKovacs set: 20 points in J/g (M = 104 g/mol), 10 K/min, 2 %% noise; free A, dh, x, "
           "beta, dCp from the model's defaults, default multistart (%d starts at most)\n",
           o.n_starts);
    double ratio = sens_cost_ratio(m, &d, &o, runs_per_evaluation(&d), NULL);
    double equiv = (double)(r.model_runs - r.sensitivity_runs) + ratio * (double)r.sensitivity_runs;
    printf("  %s: %ld model runs (%ld with sensitivities, %.2f plain runs each here: %.0f "
           "equivalents; target <= 5000: %s), %d starts run, best %d, %.2f s, chi2/dof %.3g\n"
           "  stopped: %s\n",
           r.converged ? "converged" : "NOT converged", r.model_runs, r.sensitivity_runs, ratio,
           equiv, equiv <= 5000 ? "met" : "MISSED", r.n_starts, r.best_start + 1, wall, r.chi2_dof,
           r.message);
    for (int j = 0; j < 5; j++)
      printf("  %-5s %.6g +- %.2g (truth %.6g, %.2f se off)\n", r.names[j], r.value[j], r.se[j],
             truth_k[j], fabs(r.value[j] - truth_k[j]) / r.se[j]);
    printf("  tau_ref = %.4g +- %.2g s at T_ref = %g K; max |r| as fitted %.4f, as reported %.4f\n",
           r.tau_ref_s, r.tau_ref_se_s, r.T_ref_K, r.max_abs_correlation_fitted,
           r.max_abs_correlation);
    if (*r.warnings) printf("  warnings:\n%s", r.warnings);
  }
  vt_fit_result_free(&r);
  vt_fit_data_free(&d);
  vt_model_free(m);
  return wall;
}

/* The Kovacs fit, then again on 2 threads: a multistart fit of ~1500 runs, where the serial
 * Prony series builds of a fit's start are a small part. */
static void kovacs(void) {
  double cpu[2], wall[2], load0 = load_1min();
  wall[0] = kovacs_fit(1, 1, &cpu[0]);
  wall[1] = kovacs_fit(2, 0, &cpu[1]);
  printf("  2 threads: %.2f s (CPU %.2f s), 1 thread: %.2f s (CPU %.2f s): speed-up %.2f; load "
         "%.2f before, %.2f after\n",
         wall[1], cpu[1], wall[0], cpu[0], wall[0] / wall[1], load0, load_1min());
}

/* CPU time of one Prony series build at the start's beta (best of 3), on one thread: a fit
 * makes one before its first simulation, and another when its grid cannot carry a step's beta,
 * each split over its threads. */
static double prony_build_s(void) {
  double best = INFINITY;
  for (int k = 0; k < 3; k++) {
    vt_prony p;
    vt_error err;
    double c0 = cpu_s();
    if (vt_prony_kww(truth[3] * away[3], 1e-6, &p, &err)) die("Prony build", &err);
    best = fmin(best, cpu_s() - c0);
    vt_prony_free(&p);
  }
  return best;
}

int main(int argc, char **argv) {
  int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
  int scaling = argc > 1 && strcmp(argv[1], "--scaling") == 0;
  if (argc > 1 && strcmp(argv[1], "--kovacs") == 0) return kovacs(), 0;
  static const double T1[] = {348, 363, 373}, t1[] = {0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100};
  static const double t2[] = {0.1, 1, 10, 100, 1000};
  static const double qT1[] = {348, 373}, qt1[] = {1, 10, 100}, qt2[] = {0.1, 1, 10, 100};
  set s = quick ? (set){qT1, qt1, qt2, 2, 3, 4} : (set){T1, t1, t2, 3, 10, 5};
  vt_error err;
  vt_model *m = vt_model_create("tnm", &err);
  if (!m || vt_model_set_option(m, "prony_tol", "1e-6", &err)) die("model", &err);
  vt_fit_options o = vt_fit_options_default();
  o.dsc.grid.ramp_step_K = 0.5; /* as tests/test_fit.c: data and fit share the grid */
  o.dsc.grid.hold_points_per_decade = 8;
  o.n_starts = 1;
  vt_fit_data d = {0};
  double t0 = now_s();
  make_data(m, &s, &o, &d);
  printf("TNM fit benchmark: paper 000 protocols, %d T1 x %d t1 x %d t2 = %zu points in %d "
         "protocols, prony_tol 1e-6, dT 0.5 K, 8 points per decade; generated in %.2f s\n",
         s.nT1, s.nt1, s.nt2, d.n_dh, s.nT1 * s.nt1, now_s() - t0);
  print_machine();
  compare(m, &d, &o, 4);
  printf("before the loops: one Prony series build (vt_prony_kww at beta = %g, tolerance 1e-6) "
         "costs %.1f ms CPU on one thread; the fit makes two, and refits for every new beta "
         "(0.2 ms each), both split over its threads\n",
         truth[3] * away[3], 1e3 * prony_build_s());
  compare(m, &d, &o, 3);
  if (!scaling) parameterisations(m, &d, o, runs_per_evaluation(&d));
  kovacs();
  vt_fit_data_free(&d);
  vt_model_free(m);
  return 0;
}
