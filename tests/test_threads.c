/* Everything in the library that runs on more than one thread, small enough to run under
 * ThreadSanitizer in seconds (ctest -L threads; scripts/test.sh's TSan stage): the OpenMP Kovacs
 * sweep and fit evaluation (with beta free: the Prony build and refits) against one thread, the
 * OpenMP ageing-map grid, and two threads reading two spectrum tables. (The CSV writer thread is
 * test_stream.) Results are compared with a serial run, so a race that TSan cannot see may still
 * show as a wrong number. */
#define _XOPEN_SOURCE 700 /* mkstemp */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

static vt_dsc_options coarse_dsc(void) {
  vt_dsc_options o = vt_dsc_options_default();
  o.grid.ramp_step_K = 2.0;
  o.grid.hold_points_per_decade = 4;
  return o;
}

/* A 2 x 2 sweep on two threads gives the curves one thread gives. */
static void test_kovacs_sweep(void) {
  vt_error err;
  vt_model *m = vt_model_create("tnm", &err);
  vt_dsc_options o = coarse_dsc();
  const double T1[] = {353, 363}, t1[] = {1, 10}, t2[] = {0.1, 1, 10};
  vt_kovacs_curve two[4], one[4];
  int rc = vt_kovacs_sweep(m, &o, T1, 2, t1, 2, 383, 1000, t2, 3, 2, two, NULL, NULL, &err);
  CHECK(rc == VT_OK, "sweep on 2 threads: %s", err.message);
  rc = rc || vt_kovacs_sweep(m, &o, T1, 2, t1, 2, 383, 1000, t2, 3, 1, one, NULL, NULL, &err);
  CHECK(rc == VT_OK, "sweep on 1 thread: %s", err.message);
  for (int j = 0; !rc && j < 4; j++) {
    CHECK(one[j].n == two[j].n, "curve %d: %zu vs %zu points", j, one[j].n, two[j].n);
    CHECK(one[j].dh_peak_J_per_mol == two[j].dh_peak_J_per_mol, "curve %d: peak %.17g vs %.17g", j,
          one[j].dh_peak_J_per_mol, two[j].dh_peak_J_per_mol);
    vt_kovacs_curve_free(&one[j]), vt_kovacs_curve_free(&two[j]);
  }
  vt_model_free(m);
}

/* A fit whose protocols are evaluated on two threads ends where one thread's does. With beta
 * free too, the Prony series is built and refitted on the fit's threads (design columns, the
 * pipelined QR: at beta 0.398 and prony_tol 1e-6 the build needs a third density after the two
 * fitted at once, error checks), and the second thread's model takes it over inside the loop.
 * Fits dh (n_free 1) or dh and beta (2) from dh 170 kJ/mol, beta 0.398, into v. */
static void fit_free(vt_model *m, const vt_fit_data *d, int threads, size_t n_free, double *v) {
  const char *names[] = {"dh", "beta"};
  vt_fit_options o = vt_fit_options_default();
  o.dsc = coarse_dsc();
  o.n_starts = 1;
  o.max_iterations = 50;
  o.threads = threads;
  o.free_names = names;
  o.n_free = n_free;
  vt_fit_result r;
  vt_error err;
  vt_model_set(m, "dh", 170e3, &err);
  if (n_free > 1) vt_model_set(m, "beta", 0.398, &err);
  int rc = vt_fit_run(m, d, &o, &r, &err);
  CHECK(rc == VT_OK, "fit of %zu parameters on %d threads: %s", n_free, threads, err.message);
  for (size_t j = 0; j < n_free; j++) v[j] = rc ? NAN : r.value[j];
  if (!rc) vt_fit_result_free(&r);
}

/* Data the model predicts exactly (4 one-step anneals), fitted on 2 threads and on 1: the same
 * values bit for bit. prony_tol NULL: the model's default. */
static void test_fit(const char *prony_tol, size_t n_free) {
  vt_error err;
  vt_model *m = vt_model_create("tnm", &err);
  if (prony_tol)
    CHECK(vt_model_set_option(m, "prony_tol", prony_tol, &err) == VT_OK, "%s", err.message);
  vt_dh_point p[4];
  const double T1[] = {353, 363, 383, 383}, t1[] = {1, 10, 1, 10};
  for (int k = 0; k < 4; k++) p[k] = (vt_dh_point){T1[k], t1[k], NAN, NAN, 0.0, NAN, 0};
  vt_fit_data d = {4, p, 0, NULL};
  vt_fit_options o = vt_fit_options_default();
  o.dsc = coarse_dsc();
  double pred[4], a[2], b[2];
  CHECK(vt_fit_predict(m, &d, &o, pred, &err) == VT_OK, "predict: %s", err.message);
  for (int k = 0; k < 4; k++) p[k].dh_J_per_mol = pred[k];
  fit_free(m, &d, 2, n_free, a);
  fit_free(m, &d, 1, n_free, b);
  for (size_t j = 0; j < n_free; j++)
    CHECK(a[j] == b[j], "fitted parameter %zu: %.17g on 2 threads, %.17g on 1", j, a[j], b[j]);
  vt_model_free(m);
}

/* The ageing-map grid is evaluated on all threads. */
static void test_agemap(void) {
  enum { NT = 4, NE = 12, N = NT * NE };
  double T[N], E[N], rate[N], half[N];
  size_t count[N], curve[N];
  for (int i = 0; i < N; i++) {
    T[i] = 700 + 20 * (i / NE), E[i] = 1e-3 * (i % NE), half[i] = 1e-4;
    rate[i] = -(E[i] - 5e-3) * (T[i] - 650) * 1e3, count[i] = 1, curve[i] = (size_t)(i / NE);
  }
  vt_age_entries raw = {N, T, E, rate, count, curve, half};
  vt_agemap_options o = vt_agemap_options_default();
  o.nT = o.nE = 24;
  o.mask = 0;
  vt_rate_map map;
  vt_rate_lines lines;
  vt_error err;
  int rc = vt_agemap_compute(&raw, &o, NULL, &map, &lines, &err);
  CHECK(rc == VT_OK, "agemap: %s", err.message);
  int finite = 0;
  for (size_t k = 0; !rc && k < map.nE * map.nT; k++) finite += isfinite(map.rate[k]) != 0;
  CHECK(rc || finite == 24 * 24, "%d of %d grid points finite", finite, 24 * 24);
  if (!rc) vt_rate_map_free(&map), vt_rate_lines_free(&lines);
}

typedef struct reader_job {
  const char *path;
  double want_E0;
  size_t want_n;
  int wrong;
} reader_job;

static void *read_many(void *arg) {
  reader_job *j = arg;
  for (int k = 0; k < 300; k++) {
    double *E, *tau0, *w;
    size_t n;
    if (vt_read_spectrum_table(j->path, &E, &tau0, &w, &n, NULL)) {
      j->wrong++;
      continue;
    }
    if (n != j->want_n || E[0] != j->want_E0) j->wrong++;
    free(E), free(tau0), free(w);
  }
  return NULL;
}

static void test_spectrum_readers(void) {
  char a[] = "/tmp/vt_thr_a_XXXXXX", b[] = "/tmp/vt_thr_b_XXXXXX";
  int fa = mkstemp(a), fb = mkstemp(b);
  if (fa < 0 || fb < 0) return;
  FILE *f = fdopen(fa, "w");
  fputs("E_kJ_per_mol,weight\n", f);
  for (int k = 0; k < 100; k++) fprintf(f, "%d,1\n", 50 + k);
  fclose(f);
  f = fdopen(fb, "w");
  fputs("E_kJ_per_mol,weight\n20,1\n30,1\n", f);
  fclose(f);
  reader_job ja = {a, 50e3, 100, 0}, jb = {b, 20e3, 2, 0};
  pthread_t ta, tb;
  pthread_create(&ta, NULL, read_many, &ja);
  pthread_create(&tb, NULL, read_many, &jb);
  pthread_join(ta, NULL);
  pthread_join(tb, NULL);
  CHECK(ja.wrong == 0 && jb.wrong == 0, "concurrent reads wrong: %d and %d of 300", ja.wrong,
        jb.wrong);
  remove(a), remove(b);
}

int main(void) {
  test_kovacs_sweep();
  test_fit(NULL, 1);
  test_fit("1e-6", 2);
  test_agemap();
  test_spectrum_readers();
  TEST_MAIN_END();
}
