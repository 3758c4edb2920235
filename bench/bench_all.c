/* One benchmark runner: every figure measured in the same run, printed as a table and written
 * as CSV (bench_results.csv). Each case runs in a child process so its peak memory (max RSS)
 * is its own. Usage: bench_all [--full] [--csv FILE] [--only NAME_PREFIX]
 *   --full  also runs the exact O(N^2) TNM route on 200 000 steps (~20 min; otherwise its time
 *           is extrapolated from the measured growth and marked so). */
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "../src/models/prony_kernel.h"
#include "term_steps.h"
#include "vexp_loop.h"
#include "vitrum/vitrum.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- Cases: each prints "value unit note" lines on fd `out` ------------------------------- */

static const char *scan = "start 450 K\ncool to 300 K at 10000 K/s\nheat to 450 K at 1000 K/s\n";

static double tnm_run(const char *route, size_t steps, size_t *terms) {
  vt_error err;
  vt_program *p = vt_program_parse(scan, "bench", &err);
  vt_grid_options o = vt_grid_options_default();
  o.ramp_step_K = 300.0 / (double)steps;
  vt_grid g;
  vt_model *m = vt_model_create("tnm", &err);
  vt_model_set_option(m, "route", route, &err);
  vt_grid_build(p, &o, &g, &err);
  char info[256];
  vt_model_numerics(m, info, sizeof info, &err);
  if (terms) sscanf(info, "route prony (%zu", terms);
  vt_trace t;
  double t0 = now_s();
  vt_simulate(m, &g, &t, &err);
  double dt = now_s() - t0;
  vt_trace_free(&t);
  vt_grid_free(&g);
  vt_model_free(m);
  vt_program_free(p);
  return dt;
}

static void case_tnm(FILE *out, const char *route, size_t steps) {
  double best = 1e30;
  int reps = strcmp(route, "prony") == 0 ? 3 : 1;
  for (int r = 0; r < reps; r++) best = fmin(best, tnm_run(route, steps, NULL));
  fprintf(out, "%.6g s\n", best);
}

/* ns per Prony term-step: the whole route, and the same term update in one run three ways
 * over the same count: the library's kernel, glibc's vectorised exp (libmvec, vexp_loop.c:
 * the limit), the scalar libm exp (one call per term, what the route did before). Best of 5
 * runs each (the machine may be shared). */
#define EXP_REPS 5
static double time_update(step_fn f, const vt_prony *pr, size_t steps, double *sink) {
  size_t n = pr->n;
  double *inv = malloc(n * sizeof *inv), *y = malloc(2 * n * sizeof *y), best = 1e30;
  double dxi[1000];
  for (int j = 0; j < 1000; j++) dxi[j] = pow(10.0, -6.0 + 8.0 * j / 1000.0);
  for (size_t k = 0; k < n; k++) inv[k] = 1.0 / pr->tau[k];
  for (int r = 0; r < EXP_REPS; r++) {
    for (size_t k = 0; k < 2 * n; k++) y[k] = 400.0;
    double t0 = now_s();
    for (size_t i = 0; i < steps; i++)
      *sink += f(n, pr->weight, pr->tau, inv, y + (i & 1) * n, y + (~i & 1) * n, dxi[i % 1000],
                 400.0, 399.9);
    best = fmin(best, now_s() - t0);
  }
  free(inv);
  free(y);
  return best;
}

/* The route is timed through vt_simulate, twice: as glibc's malloc leaves a fresh process (the
 * 1.2 MB trace of 20 001 nodes is handed back to the OS when freed and page-faulted in again by
 * the next run: ~300 faults, ~0.4 ns per term-step, no Prony work) and with freed memory kept
 * (M_TRIM_THRESHOLD, M_MMAP_THRESHOLD), so that the trace's memory is reused from run to run as
 * the loops' arrays are. The second is the like-for-like comparison with the loops. */
static void case_exp_limit(FILE *out) {
  size_t terms = 0, steps = 20000;
  double cold = 1e30, warm = 1e30, evals = NAN;
  for (int r = 0; r < EXP_REPS; r++) cold = fmin(cold, tnm_run("prony", steps, &terms));
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  for (int r = 0; r < EXP_REPS + 1; r++) warm = fmin(warm, tnm_run("prony", steps, &terms));
  size_t nodes;
  double model = bench_route_steps(scan, 300.0 / (double)steps, EXP_REPS, &terms, &nodes, &evals);
  vt_error err;
  vt_prony pr;
  if (vt_prony_kww(0.43, 1e-5, &pr, &err)) return;
  double sink = 0.0, c = (double)(pr.n * (steps + 1));
  double tk = time_update(bench_kernel_step, &pr, steps + 1, &sink);
  double tv = time_update(bench_libmvec_step, &pr, steps + 1, &sink);
  double ts = time_update(bench_scalar_step, &pr, steps + 1, &sink);
  double per = 1e9 / (double)(terms * (steps + 1)), loop = 1e9 * tv / c;
  fprintf(out,
          "%.4g ns Prony route per term-step (%zu terms, %s kernel, %.3f evaluations/step; "
          "vt_simulate, its memory warm as the loops')\n",
          per * warm, terms, vt_prony_kernel_isa(), evals);
  fprintf(out, "%.4g ns of it the model's own steps (%.3g x loop), %.4g vt_simulate's rows\n",
          per * model, per * model / loop, per * (warm - model));
  fprintf(out,
          "%.4g ns the route with the trace's pages faulted in afresh each run (%.3g x loop)\n",
          per * cold, per * cold / loop);
  fprintf(out, "%.4g ns kernel alone per term-step (%.3g x loop)\n", 1e9 * tk / c, tk / tv);
  fprintf(out, "%.4g ns libmvec-exp loop, same update (checksum %.3g)\n", loop, sink);
  fprintf(out, "%.4g ns scalar libm exp loop, same update\n", 1e9 * ts / c);
  fprintf(out, "%.3g x route / libmvec loop (target <= 1.5)\n", per * warm / loop);
  vt_prony_free(&pr);
}

/* Paper 000 Fig. 2 grid with a DSC scan for every point: 3 T1 x 10 t1 x 6 t2 (0.1 s to 1e4 s). */
static const double fig2_T1[] = {348, 363, 373};
static const double fig2_t1[] = {0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100};
static const double fig2_t2[] = {0.1, 1, 10, 100, 1000, 10000};
#define FIG2_POINTS (3 * 10 * 6)

static double fig2_grid(int threads, long *steps) {
  vt_error err;
  vt_model *proto = vt_model_create("tnm", &err);
  vt_dsc_options o = vt_dsc_options_default();
  vt_dsc_scan ref;
  vt_dsc_scan_run(proto, NULL, &o, &ref, &err);
  long total = 0;
  double t0 = now_s();
#ifdef _OPENMP
#pragma omp parallel num_threads(threads) reduction(+ : total)
#endif
  {
    vt_error e;
    vt_model *m = vt_model_clone(proto, &e);
#ifdef _OPENMP
#pragma omp for schedule(dynamic)
#endif
    for (int k = 0; k < FIG2_POINTS; k++) {
      char text[320];
      snprintf(text, sizeof text, "start %g K\nhold %g s\nheat to 383 K at 10000 K/s\nhold %g s\n",
               fig2_T1[k / 60], fig2_t1[(k / 6) % 10], fig2_t2[k % 6]);
      vt_program *p = vt_program_parse(text, "fig2", &e);
      vt_dsc_scan a;
      vt_dsc_peak pk;
      if (p && !vt_dsc_scan_run(m, p, &o, &a, &e)) {
        vt_dsc_peak_compute(&a, &ref, &pk, &e);
        vt_dsc_peak_free(&pk);
        vt_dsc_scan_free(&a);
      }
      /* Steps of the whole history, for steps per second. */
      snprintf(text, sizeof text,
               "start 450 K\ncool to %g K at 10000 K/s\nhold %g s\nheat to 383 K at 10000 K/s\n"
               "hold %g s\ncool to 300 K at 10000 K/s\nheat to 600 K at 1000 K/s\n",
               fig2_T1[k / 60], fig2_t1[(k / 6) % 10], fig2_t2[k % 6]);
      vt_program *h = vt_program_parse(text, "fig2", &e);
      vt_grid g;
      if (h && !vt_grid_build(h, &o.grid, &g, &e)) {
        total += (long)g.n;
        vt_grid_free(&g);
      }
      vt_program_free(h);
      vt_program_free(p);
    }
    vt_model_free(m);
  }
  double dt = now_s() - t0;
  vt_dsc_scan_free(&ref);
  vt_model_free(proto);
  *steps = total;
  return dt;
}

static void case_fig2(FILE *out) {
  long steps;
  double t1 = fig2_grid(1, &steps), t2 = fig2_grid(2, &steps);
  fprintf(out, "%d points DSC scans\n", FIG2_POINTS);
  fprintf(out, "%.4g s wall, 1 thread\n", t1);
  fprintf(out, "%.4g s wall, 2 threads\n", t2);
  fprintf(out, "%.4g steps/s, 2 threads (%ld steps)\n", (double)steps / t2, steps);
  fprintf(out, "%.3g x speed-up, 2 threads vs 1 (target >= 1.7)\n", t1 / t2);
}

/* Paper 000's protocol set fitted from 20 % away, 1 and 2 threads. */
static double paper000_fit(int threads, long *runs, double *rel_A) {
  vt_error err;
  vt_model *m = vt_model_create("tnm", &err);
  vt_model_set_option(m, "prony_tol", "1e-6", &err);
  vt_fit_options o = vt_fit_options_default();
  o.dsc.grid.ramp_step_K = 0.5;
  o.dsc.grid.hold_points_per_decade = 8;
  o.n_starts = 1;
  o.threads = threads;
  const double t2[] = {0.1, 1, 10, 100, 1000};
  vt_fit_data d = {0};
  d.dh = calloc(150, sizeof *d.dh);
  for (int k = 0; k < 150; k++)
    d.dh[d.n_dh++] =
        (vt_dh_point){fig2_T1[k / 50], fig2_t1[(k / 5) % 10], 383, t2[k % 5], 0, NAN, 0};
  double *pred = malloc(150 * sizeof *pred);
  vt_fit_predict(m, &d, &o, pred, &err);
  for (int k = 0; k < 150; k++) d.dh[k].dh_J_per_mol = pred[k];
  const char *names[] = {"A", "dh", "x", "beta"};
  const double truth[] = {6e-22, 164e3, 0.6, 0.43}, away[] = {1.2, 0.8, 1.2, 0.8};
  for (int j = 0; j < 4; j++) vt_model_set(m, names[j], truth[j] * away[j], &err);
  o.free_names = names;
  o.n_free = 4;
  vt_fit_result r;
  double t0 = now_s();
  int rc = vt_fit_run(m, &d, &o, &r, &err);
  double dt = now_s() - t0;
  *runs = rc ? -1 : r.model_runs;
  *rel_A = rc ? NAN : fabs(r.value[0] / truth[0] - 1);
  if (!rc) vt_fit_result_free(&r);
  free(pred);
  vt_fit_data_free(&d);
  vt_model_free(m);
  return dt;
}

static void case_fit(FILE *out) {
  long runs1, runs2;
  double a1, a2, t1 = paper000_fit(1, &runs1, &a1), t2 = paper000_fit(2, &runs2, &a2);
  fprintf(out, "%ld model runs (150 points, 30 protocols, 4 free)\n", runs1);
  fprintf(out, "%.4g s wall, 1 thread\n", t1);
  fprintf(out, "%.4g s wall, 2 threads\n", t2);
  fprintf(out, "%.3g x speed-up, 2 threads vs 1\n", t1 / t2);
  fprintf(out, "%.2g relative error of A after the fit (2 threads: %.2g)\n", a1, a2);
}

/* Thin-plate spline on n scattered points of a smooth surface (fit + one evaluation). */
static void case_tps(FILE *out, const void *arg) {
  size_t n = *(const size_t *)arg;
  double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *z = malloc(n * sizeof *z);
  unsigned long state = 12345;
  for (size_t i = 0; i < n; i++) {
    state = state * 6364136223846793005UL + 1442695040888963407UL;
    x[i] = (double)(state >> 11) / 9007199254740992.0;
    state = state * 6364136223846793005UL + 1442695040888963407UL;
    y[i] = (double)(state >> 11) / 9007199254740992.0;
    z[i] = sin(6 * x[i]) * cos(4 * y[i]);
  }
  vt_error err;
  double t0 = now_s();
  vt_tps *t = vt_tps_fit(x, y, z, n, 1e-3, &err);
  double dt = now_s() - t0;
  if (t)
    fprintf(out, "%.4g s fit of %zu entries (value at centre %.4g)\n", dt, n,
            vt_tps_eval(t, 0.5, 0.5));
  else
    fprintf(out, "nan s refused at %zu entries: %s\n", n, err.message);
  vt_tps_free(t);
  free(x);
  free(y);
  free(z);
}

/* The local spline against the dense one at 10 000 scattered entries (the surface of case_tps,
 * lambda 1e-3): rms and max difference on a 100 x 100 grid inside the data. */
static void case_tps_local_vs_dense(FILE *out, const void *arg) {
  (void)arg;
  size_t n = 10000;
  double *x = malloc(3 * n * sizeof *x), *y = x + n, *z = x + 2 * n;
  unsigned long state = 12345;
  for (size_t i = 0; i < n; i++) {
    state = state * 6364136223846793005UL + 1442695040888963407UL;
    x[i] = (double)(state >> 11) / 9007199254740992.0;
    state = state * 6364136223846793005UL + 1442695040888963407UL;
    y[i] = (double)(state >> 11) / 9007199254740992.0;
    z[i] = sin(6 * x[i]) * cos(4 * y[i]);
  }
  vt_error err;
  vt_tps_options o = vt_tps_options_default();
  o.method = VT_TPS_LOCAL;
  double t0 = now_s();
  vt_tps *l = vt_tps_fit_opts(x, y, z, n, 1e-3, &o, &err);
  double tl = now_s() - t0;
  vt_tps *d = vt_tps_fit(x, y, z, n, 1e-3, &err);
  double sum = 0.0, worst = 0.0, te = 0.0;
  for (int i = 0; l && d && i < 100; i++)
    for (int j = 0; j < 100; j++) {
      double px = 0.02 + 0.96 * i / 99.0, py = 0.02 + 0.96 * j / 99.0;
      t0 = now_s();
      double a = vt_tps_eval(l, px, py);
      te += now_s() - t0;
      double dd = a - vt_tps_eval(d, px, py);
      sum += dd * dd, worst = fmax(worst, fabs(dd));
    }
  fprintf(out, "%.3g rms local - dense, 10 000 entries, z in [-1, 1] (max %.3g)\n", sqrt(sum / 1e4),
          worst);
  fprintf(out, "%.3g s local set-up, %.3g us per local evaluation (k = %zu)\n", tl, 1e6 * te / 1e4,
          o.neighbors);
  vt_tps_free(l);
  vt_tps_free(d);
  free(x);
}

/* agemap of 200 000 raw entries (20 curves x 10 000, no two in one averaging bin) onto
 * 200 x 200 pixels: the whole vt_agemap_compute (averaging, local spline, map, lines). */
static void case_agemap_200k(FILE *out, const void *arg) {
  (void)arg;
  const double EV_J = 96485.33212; /* J/mol per eV/atom */
  size_t n = 200000, per = 10000;
  vt_age_entries raw = {0};
  raw.n = n;
  raw.T_K = malloc(n * sizeof *raw.T_K);
  raw.E_IS = malloc(n * sizeof *raw.E_IS);
  raw.rate = malloc(n * sizeof *raw.rate);
  raw.E_half = malloc(n * sizeof *raw.E_half);
  unsigned long state = 777;
  for (size_t i = 0; i < n; i++) {
    double T = 300.0 + 20.0 * (double)(i / per), f = (double)(i % per) / (double)per;
    state = state * 6364136223846793005UL + 1442695040888963407UL;
    double noise = (double)(state >> 11) / 9007199254740992.0 - 0.5;
    double E = -3.45 + 0.15 * f; /* eV */
    raw.T_K[i] = T, raw.E_IS[i] = E * EV_J;
    raw.E_half[i] = 0.5 * 0.15 / (double)per * EV_J; /* half the E step, as mining gives */
    /* a ridge of ageing rate whose maximum moves with E, sign change above it, and noise */
    double u = (T - 400.0 - 1500.0 * (E + 3.4)) / 80.0;
    raw.rate[i] = EV_J * (1e-3 * u * exp(-u * u) + 2e-5 * noise);
  }
  vt_agemap_options o = vt_agemap_options_default();
  o.nT = o.nE = 200;
  o.E_bin = 1e-6 * EV_J; /* finer than the 1.5e-5 eV spacing: nothing is averaged away */
  vt_age_entries avg;
  vt_rate_map map;
  vt_rate_lines lines;
  vt_error err;
  double t0 = now_s();
  int rc = vt_agemap_compute(&raw, &o, &avg, &map, &lines, &err);
  double dt = now_s() - t0;
  if (rc)
    fprintf(out, "nan s %s\n", err.message);
  else {
    size_t finite = 0;
    for (size_t i = 0; i < map.nT * map.nE; i++) finite += isfinite(map.rate[i]);
    fprintf(out, "%.4g s agemap of %zu entries (%zu after averaging) onto 200 x 200 (%zu finite)\n",
            dt, raw.n, avg.n, finite);
    vt_age_entries_free(&avg);
    vt_rate_map_free(&map);
    vt_rate_lines_free(&lines);
  }
  free(raw.T_K);
  free(raw.E_IS);
  free(raw.rate);
  free(raw.E_half);
}

/* The pel model's rate map on 1000 x 1000 points with its lines. */
static void case_pel_map(FILE *out, const void *arg) {
  (void)arg;
  vt_error err;
  vt_model *m = vt_model_create("pel", &err);
  double lo, hi;
  vt_rate_map map;
  vt_rate_lines lines;
  if (!m || vt_pel_window(m, &lo, &hi, &err)) {
    fprintf(out, "nan s %s\n", err.message);
    return;
  }
  double t0 = now_s();
  int rc = vt_pel_map_compute(m, lo, hi, 1000, 400.0, 1000.0, 1000, &map, &lines, &err);
  double dt = now_s() - t0;
  if (rc)
    fprintf(out, "nan s %s\n", err.message);
  else {
    fprintf(out, "%.4g s for 1000 x 1000 points (%.3g us per point)\n", dt, dt);
    vt_rate_map_free(&map);
    vt_rate_lines_free(&lines);
  }
  vt_model_free(m);
}

/* simulate of a 2e6-step program (the bench scan at dT = 1.5e-4 K) three ways, each in its own
 * process for its peak RSS: streamed to a CSV file through the writer thread (as vitrum
 * simulate does), streamed to nothing (compute only), and the in-memory route (grid + trace,
 * then the CSV). */
typedef struct sim_sink {
  FILE *fp;
  size_t rows;
} sim_sink;

static int sink_row(const vt_trace_row *row, void *user, vt_error *err) {
  (void)err;
  sim_sink *k = user;
  k->rows++;
  return k->fp ? vt_trace_row_write_csv(row, k->fp) : VT_OK;
}

static double cpu_s(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The second line of each mode is CPU time: the calling thread's and (streamed to CSV) the
 * writer thread's, i.e. the process's less the caller's. On two idle cores the streamed wall
 * time is about the larger of the two; with other work running the wall ratio is not. */
static void case_sim(FILE *out, const void *arg) {
  int mode = *(const int *)arg; /* 0 stream to CSV, 1 compute only, 2 in memory + CSV */
  vt_error err;
  vt_program *p = vt_program_parse(scan, "bench", &err);
  vt_grid_options o = vt_grid_options_default();
  o.ramp_step_K = 300.0 / 2e6;
  vt_model *m = vt_model_create("tnm", &err);
  sim_sink k = {mode == 1 ? NULL : tmpfile(), 0};
  double c0 = cpu_s(CLOCK_THREAD_CPUTIME_ID), p0 = cpu_s(CLOCK_PROCESS_CPUTIME_ID);
  double t0 = now_s();
  int rc;
  if (mode == 0) { /* as vitrum simulate does: a writer thread formats while we compute */
    vt_trace_csv_header(k.fp);
    vt_csv_stream *cs = vt_csv_stream_open(&k.fp, 1, 0, &err);
    rc = !cs || vt_simulate_stream(m, p, &o, vt_csv_stream_row, cs, &err);
    rc |= vt_csv_stream_close(cs, &err);
    k.rows = 2000001;
  } else if (mode == 1) {
    rc = vt_simulate_stream(m, p, &o, sink_row, &k, &err);
  } else {
    vt_grid g;
    vt_trace t;
    rc = vt_grid_build(p, &o, &g, &err) || vt_simulate(m, &g, &t, &err) ||
         vt_trace_write_csv(&t, k.fp, 0, &err);
    k.rows = g.n;
    vt_trace_free(&t);
    vt_grid_free(&g);
  }
  if (k.fp) fflush(k.fp);
  double dt = now_s() - t0;
  double caller = cpu_s(CLOCK_THREAD_CPUTIME_ID) - c0, all = cpu_s(CLOCK_PROCESS_CPUTIME_ID) - p0;
  static const char *what[] = {"streamed to CSV", "streamed, compute only", "in memory + CSV"};
  if (rc)
    fprintf(out, "nan s %s\n", err.message);
  else
    fprintf(out, "%.4g s %s (%zu rows)\n", dt, what[mode], k.rows);
  if (!rc && mode == 0)
    fprintf(out, "%.4g s CPU caller thread, %.4g s CPU writer thread\n", caller, all - caller);
  else if (!rc)
    fprintf(out, "%.4g s CPU\n", caller);
  if (k.fp) fclose(k.fp);
  vt_model_free(m);
  vt_program_free(p);
}

/* printf %.10g against vt_format_g on the numbers of a trace-like spread (1e-4 .. 1e4). */
static void case_csv_format(FILE *out, const void *arg) {
  (void)arg;
  enum { N = 2000000 };
  double *v = malloc(N * sizeof *v), tp = 1e30, tf = 1e30;
  for (int i = 0; i < N; i++) v[i] = 373.15 + 1e-4 * i * pow(-1.0, i) / (1.0 + i % 97) + 1e-3 * i;
  char buf[64];
  size_t sum = 0;
  for (int r = 0; r < 3; r++) {
    double t0 = now_s();
    for (int i = 0; i < N; i++) sum += (size_t)snprintf(buf, sizeof buf, "%.10g", v[i]);
    tp = fmin(tp, now_s() - t0);
    t0 = now_s();
    for (int i = 0; i < N; i++) sum += vt_format_g(buf, v[i], 10);
    tf = fmin(tf, now_s() - t0);
  }
  fprintf(out, "%.4g x faster than printf %%.10g (target >= 5)\n", tp / tf);
  fprintf(out, "%.4g ns printf %%.10g per number (bytes %zu)\n", 1e9 * tp / N, sum);
  fprintf(out, "%.4g ns vt_format_g per number\n", 1e9 * tf / N);
  free(v);
}

/* ---- Runner ------------------------------------------------------------------------------- */

typedef struct result {
  char name[48];
  char lines[8][160];
  int n_lines;
  double rss_mb;
  double first; /* the first number the case printed */
} result;

typedef void (*case_fn)(FILE *out, const void *arg);

static const char *only_prefix; /* --only PREFIX: run the cases whose name starts so */

static void run_case(const char *name, void (*fn)(FILE *, const void *), const void *arg,
                     result *r) {
  int fd[2];
  memset(r, 0, sizeof *r);
  snprintf(r->name, sizeof r->name, "%s", name);
  r->first = NAN;
  if (only_prefix && strncmp(name, only_prefix, strlen(only_prefix)) != 0) return;
  if (pipe(fd) != 0) return;
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    close(fd[0]);
    FILE *out = fdopen(fd[1], "w");
    fn(out, arg);
    fclose(out);
    _exit(0);
  }
  close(fd[1]);
  FILE *in = fdopen(fd[0], "r");
  char line[160];
  while (in && r->n_lines < 8 && fgets(line, sizeof line, in)) {
    line[strcspn(line, "\n")] = '\0';
    snprintf(r->lines[r->n_lines++], sizeof r->lines[0], "%s", line);
  }
  if (in) fclose(in);
  struct rusage ru;
  int status;
  wait4(pid, &status, 0, &ru);
  r->rss_mb = (double)ru.ru_maxrss / 1024.0; /* Linux reports kB */
  r->first = r->n_lines ? atof(r->lines[0]) : NAN;
}

static void report(FILE *csv, const result *r) {
  for (int i = 0; i < r->n_lines; i++) {
    printf("%-24s %-62s %8.1f\n", i ? "" : r->name, r->lines[i], r->rss_mb);
    char value[64] = "", rest[160] = "";
    sscanf(r->lines[i], "%63s %159[^\n]", value, rest);
    fprintf(csv, "%s,%s,\"%s\",%.1f\n", r->name, value, rest, r->rss_mb);
  }
}

typedef struct tnm_arg {
  const char *route;
  size_t steps;
} tnm_arg;

static void tnm_case(FILE *out, const void *arg) {
  const tnm_arg *a = arg;
  case_tnm(out, a->route, a->steps);
}
static void exp_case(FILE *out, const void *arg) {
  (void)arg;
  case_exp_limit(out);
}
static void fig2_case(FILE *out, const void *arg) {
  (void)arg;
  case_fig2(out);
}
static void fit_case(FILE *out, const void *arg) {
  (void)arg;
  case_fit(out);
}

int main(int argc, char **argv) {
  int full = 0;
  const char *csv_path = "bench_results.csv";
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--full") == 0)
      full = 1;
    else if (strcmp(argv[i], "--csv") == 0 && i + 1 < argc)
      csv_path = argv[++i];
    else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc)
      only_prefix = argv[++i];
  }
  FILE *csv = fopen(csv_path, "w");
  if (!csv) return 1;
  fprintf(csv, "case,value,what,peak_rss_MB\n");
  printf("%-24s %-62s %8s\n", "case", "value", "peak MB");
  const size_t sizes[] = {2000, 20000, 200000};
  result prony[3], exact[3], r;
  for (int k = 0; k < 3; k++) {
    char name[48];
    tnm_arg a = {"prony", sizes[k]};
    snprintf(name, sizeof name, "tnm_prony_%zu", sizes[k]);
    run_case(name, tnm_case, &a, &prony[k]);
    report(csv, &prony[k]);
    if (k == 2 && !full) continue;
    tnm_arg b = {"exact", sizes[k]};
    snprintf(name, sizeof name, "tnm_exact_%zu", sizes[k]);
    run_case(name, tnm_case, &b, &exact[k]);
    report(csv, &exact[k]);
  }
  double gp = log10(prony[2].first / prony[1].first), ge = log10(exact[1].first / exact[0].first);
  if (!full) exact[2].first = exact[1].first * pow(10.0, ge); /* extrapolated, said below */
  printf("\ngrowth per decade of N: Prony N^%.2f, exact N^%.2f\n", gp, ge);
  for (int k = 0; k < 3; k++)
    printf("exact/Prony at %6zu steps: %8.1f%s\n", sizes[k], exact[k].first / prony[k].first,
           (k == 2 && !full) ? " (exact time extrapolated as N^growth; --full measures it)" : "");
  fprintf(csv, "growth,prony_exponent,%.3f,\ngrowth,exact_exponent,%.3f,\n", gp, ge);
  printf("\n");
  run_case("tnm_exp_limit", exp_case, NULL, &r);
  report(csv, &r);
  run_case("fig2_grid_dsc", fig2_case, NULL, &r);
  report(csv, &r);
  run_case("paper000_fit", fit_case, NULL, &r);
  report(csv, &r);
  const size_t tps_n[] = {1000, 5000, 10000, 20000};
  double tps_t[4];
  for (int k = 0; k < 4; k++) {
    char name[48];
    snprintf(name, sizeof name, "tps_%zu", tps_n[k]);
    run_case(name, case_tps, &tps_n[k], &r);
    report(csv, &r);
    tps_t[k] = r.first;
  }
  printf("tps growth 5000 -> 10000: time x%.2f (n^3 would be x8, memory n^2 x4)\n",
         tps_t[2] / tps_t[1]);
  run_case("tps_local_vs_dense_10000", case_tps_local_vs_dense, NULL, &r);
  report(csv, &r);
  run_case("agemap_200000_local", case_agemap_200k, NULL, &r);
  report(csv, &r);
  run_case("pel_map_1000x1000", case_pel_map, NULL, &r);
  report(csv, &r);
  result sim[3];
  const int modes[3] = {0, 1, 2};
  const char *sim_names[3] = {"simulate_2e6_stream_csv", "simulate_2e6_compute",
                              "simulate_2e6_in_memory"};
  for (int k = 0; k < 3; k++) {
    run_case(sim_names[k], case_sim, &modes[k], &sim[k]);
    report(csv, &sim[k]);
  }
  printf("simulate 2e6 steps: wall/compute %.2f streamed (target <= 1.5), %.2f in memory; "
         "peak RSS %.1f MB streamed (target < 30), %.1f MB in memory\n",
         sim[0].first / sim[1].first, sim[2].first / sim[1].first, sim[0].rss_mb, sim[2].rss_mb);
  fprintf(csv, "simulate_2e6,wall_over_compute,%.3f,\n", sim[0].first / sim[1].first);
  double caller = NAN, writer = NAN, compute = NAN;
  if (sim[0].n_lines > 1 && sim[1].n_lines > 1 &&
      sscanf(sim[0].lines[1], "%lf s CPU caller thread, %lf", &caller, &writer) == 2 &&
      sscanf(sim[1].lines[1], "%lf", &compute) == 1) {
    printf("simulate 2e6 steps, CPU: compute only %.3f s; streamed: caller %.3f s, writer %.3f s "
           "(idle 2-core wall/compute ~ %.2f)\n",
           compute, caller, writer, fmax(caller, writer) / compute);
    fprintf(csv, "simulate_2e6,cpu_ratio_max_thread_over_compute,%.3f,\n",
            fmax(caller, writer) / compute);
  }
  run_case("csv_format", case_csv_format, NULL, &r);
  report(csv, &r);
  fclose(csv);
  printf("\nwritten: %s\n", csv_path);
  return 0;
}
