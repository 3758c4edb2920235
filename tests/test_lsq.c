/* The internal least-squares helper (src/analysis/lsq.c): vt_lsq_solve on a straight line, whose
 * least-squares answer and covariance are known in closed form, and vt_lsq_drive's hooks (which
 * iterations count, which verdict ends the drive) on an exponential decay. */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdint.h>

#include "../src/analysis/lsq.h"
#include "test_util.h"

#define N 8
static const double xs[N] = {0, 1, 2, 3, 4, 5, 6, 7};
static const double line_y[N] = {1.1, 2.9, 5.2, 7.1, 8.8, 11.2, 12.9, 15.1};

static int line_f(const gsl_vector *v, void *params, gsl_vector *f) {
  (void)params;
  for (size_t i = 0; i < N; i++)
    gsl_vector_set(f, i, gsl_vector_get(v, 0) + gsl_vector_get(v, 1) * xs[i] - line_y[i]);
  return GSL_SUCCESS;
}

static int line_df(const gsl_vector *v, void *params, gsl_matrix *J) {
  (void)v, (void)params;
  for (size_t i = 0; i < N; i++) {
    gsl_matrix_set(J, i, 0, 1.0);
    gsl_matrix_set(J, i, 1, xs[i]);
  }
  return GSL_SUCCESS;
}

/* A straight line: the normal equations' a, b; covariance s^2 (X^T X)^-1. */
static void test_solve_line(void) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (size_t i = 0; i < N; i++)
    sx += xs[i], sy += line_y[i], sxx += xs[i] * xs[i], sxy += xs[i] * line_y[i];
  double det = N * sxx - sx * sx, b = (N * sxy - sx * sy) / det, a = (sy - b * sx) / N, ss = 0;
  for (size_t i = 0; i < N; i++) ss += pow(a + b * xs[i] - line_y[i], 2);
  double s2 = ss / (N - 2);
  vt_lsq q = vt_lsq_problem(N, 2, line_f, line_df, NULL, (vt_lsq_stop){100, 1e-12, 1e-12, 0.0});
  double x0[2] = {0, 0}, x[2], cov[4], chi2;
  int cov_st, it;
  int st = vt_lsq_solve(&q, x0, x, cov, &cov_st, &chi2, &it);
  CHECK(st == GSL_SUCCESS && cov_st == GSL_SUCCESS, "solve: %s", gsl_strerror(st));
  CHECK_NEAR(x[0], a, 1e-9, "a");
  CHECK_NEAR(x[1], b, 1e-9, "b");
  CHECK_NEAR(chi2, ss, 1e-9, "chi2");
  CHECK_NEAR(cov[0], s2 * sxx / det, 1e-12, "var a");
  CHECK_NEAR(cov[3], s2 * N / det, 1e-12, "var b");
  CHECK_NEAR(cov[1], -s2 * sx / det, 1e-12, "cov a b");
  CHECK(q.w == NULL, "the workspace is freed");
}

/* y = 3 exp(-0.7 x), fitted from (1, 0.1): several iterations to go. */
static int decay_f(const gsl_vector *v, void *params, gsl_vector *f) {
  (void)params;
  for (size_t i = 0; i < N; i++)
    gsl_vector_set(
        f, i, gsl_vector_get(v, 0) * exp(-gsl_vector_get(v, 1) * xs[i]) - 3.0 * exp(-0.7 * xs[i]));
  return GSL_SUCCESS;
}

typedef struct hook_log {
  size_t stop_before, stop_after; /* the iteration a hook stops at (SIZE_MAX: none) */
  int verdict;                    /* what `after` says then */
  size_t befores, afters;
} hook_log;

static int before(void *ctx, vt_lsq *q, size_t iter) {
  hook_log *h = ctx;
  (void)q;
  h->befores++;
  return iter == h->stop_before ? VT_LSQ_STOP : VT_LSQ_GO;
}

static int after(void *ctx, vt_lsq *q, size_t iter, int gs) {
  hook_log *h = ctx;
  (void)q, (void)gs;
  h->afters++;
  return iter == h->stop_after ? h->verdict : VT_LSQ_GO;
}

/* One drive from the decay's start; returns GSL's status. */
static int drive(hook_log *h, size_t max_iter, int *verdict, size_t *iterations) {
  vt_lsq q = vt_lsq_problem(N, 2, decay_f, NULL, NULL, (vt_lsq_stop){max_iter, 0, 0, 0});
  double x0[2] = {1.0, 0.1};
  gsl_vector_view v = gsl_vector_view_array(x0, 2);
  vt_lsq_hooks hooks = {before, after, h};
  int st = vt_lsq_alloc(&q) ? GSL_ENOMEM : vt_lsq_start(&q, &v.vector);
  if (!st) st = vt_lsq_drive(&q, &hooks, verdict, iterations);
  vt_lsq_free(&q);
  return st;
}

static void test_drive_hooks(void) {
  int verdict;
  size_t it;
  hook_log h = {SIZE_MAX, 2, VT_LSQ_CONVERGED, 0, 0};
  CHECK(drive(&h, 50, &verdict, &it) == GSL_SUCCESS, "drive");
  CHECK(verdict == VT_LSQ_CONVERGED && it == 3 && h.afters == 3,
        "after stops at iteration 2: "
        "verdict %d, %zu iterations counted, %zu afters",
        verdict, it, h.afters);
  h = (hook_log){1, SIZE_MAX, VT_LSQ_GO, 0, 0};
  CHECK(drive(&h, 50, &verdict, &it) == GSL_SUCCESS, "drive");
  CHECK(verdict == VT_LSQ_STOP && it == 1 && h.befores == 2 && h.afters == 1,
        "before stops iteration 1 from running: verdict %d, %zu iterations, %zu befores", verdict,
        it, h.befores);
  h = (hook_log){SIZE_MAX, SIZE_MAX, VT_LSQ_GO, 0, 0};
  CHECK(drive(&h, 4, &verdict, &it) == GSL_SUCCESS, "drive");
  CHECK(verdict == VT_LSQ_GO && it == 4 && h.afters == 4, "the limit: verdict %d, %zu iterations",
        verdict, it);
}

int main(void) {
  gsl_set_error_handler_off();
  test_solve_line();
  test_drive_hooks();
  TEST_MAIN_END();
}
