/* Thin-plate spline: interpolation at lambda = 0, exact planes for any lambda, the same spline
 * from an independent dense solve (GSL LU of the bordered system), the least-squares plane as
 * lambda grows, invariance under the units of x and y, and its refusals. */
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit.h>
#include <stdlib.h>

#include "test_util.h"
#include "vitrum/pel.h"
#include "vitrum/vitrum.h"

#define N 150

/* Deterministic scattered points in [0, 1]^2 whose ranges are exactly [0, 1] (so the spline's
 * scaling to the unit square is the identity, which the independent solve relies on). */
static void points(double *x, double *y, size_t n) {
  unsigned long s = 12345;
  for (size_t i = 0; i < n; i++) {
    s = s * 6364136223846793005UL + 1442695040888963407UL;
    x[i] = (double)(s >> 11) / 9007199254740992.0;
    s = s * 6364136223846793005UL + 1442695040888963407UL;
    y[i] = (double)(s >> 11) / 9007199254740992.0;
  }
  x[0] = 0.0, y[0] = 0.3, x[1] = 1.0, y[1] = 0.6, x[2] = 0.4, y[2] = 0.0, x[3] = 0.7, y[3] = 1.0;
}

static double smooth(double x, double y) {
  return sin(3.0 * x) * cos(2.0 * y) + 0.5 * x * y;
}

static void test_interpolates(void) {
  double x[N], y[N], z[N], worst = 0.0;
  points(x, y, N);
  for (size_t i = 0; i < N; i++) z[i] = smooth(x[i], y[i]);
  vt_error err;
  vt_tps *s = vt_tps_fit(x, y, z, N, 0.0, &err);
  CHECK(s != NULL, "fit failed: %s", err.message);
  for (size_t i = 0; s && i < N; i++) worst = fmax(worst, fabs(vt_tps_eval(s, x[i], y[i]) - z[i]));
  printf("lambda = 0: max |f(p_i) - z_i| = %.3g over %d points\n", worst, N);
  CHECK(worst <= 1e-8, "lambda = 0 misses the data by %.3g", worst);
  vt_tps_free(s);
}

static void test_planes(void) {
  double x[N], y[N], z[N], lambdas[] = {0.0, 1e-6, 1e-2, 1.0, 1e4};
  points(x, y, N);
  for (size_t i = 0; i < N; i++) x[i] = 600.0 + 300.0 * x[i], y[i] = -0.05 + 0.06 * y[i];
  for (size_t i = 0; i < N; i++) z[i] = 3.0 - 0.02 * x[i] + 40.0 * y[i];
  for (size_t k = 0; k < sizeof lambdas / sizeof *lambdas; k++) {
    vt_error err;
    vt_tps *s = vt_tps_fit(x, y, z, N, lambdas[k], &err);
    double worst = 0.0;
    for (int gx = 0; s && gx <= 20; gx++)
      for (int gy = 0; gy <= 20; gy++) {
        double px = 550.0 + 20.0 * gx, py = -0.06 + 0.004 * gy; /* also outside the data */
        worst = fmax(worst, fabs(vt_tps_eval(s, px, py) - (3.0 - 0.02 * px + 40.0 * py)));
      }
    printf("plane, lambda = %g: max |error| %.3g (values ~10)\n", lambdas[k], worst);
    CHECK(s && worst <= 1e-10, "lambda = %g: the plane is off by %.3g", lambdas[k], worst);
    vt_tps_free(s);
  }
}

/* The same bordered system solved by GSL's LU decomposition. */
static void test_independent_solve(void) {
  double x[N], y[N], z[N], lambda = 0.01;
  points(x, y, N);
  for (size_t i = 0; i < N; i++) z[i] = smooth(x[i], y[i]) + 0.05 * sin(40.0 * x[i] * y[i]);
  size_t m = N + 3;
  gsl_matrix *A = gsl_matrix_calloc(m, m);
  gsl_vector *b = gsl_vector_calloc(m), *c = gsl_vector_alloc(m);
  gsl_permutation *perm = gsl_permutation_alloc(m);
  for (size_t i = 0; i < N; i++) {
    for (size_t j = 0; j < N; j++) {
      double r2 = (x[i] - x[j]) * (x[i] - x[j]) + (y[i] - y[j]) * (y[i] - y[j]);
      gsl_matrix_set(A, i, j, r2 > 0 ? 0.5 * r2 * log(r2) : 8.0 * TU_PI * lambda);
    }
    double p[3] = {1.0, x[i], y[i]};
    for (int k = 0; k < 3; k++) {
      gsl_matrix_set(A, i, N + (size_t)k, p[k]);
      gsl_matrix_set(A, N + (size_t)k, i, p[k]);
    }
    gsl_vector_set(b, i, z[i]);
  }
  int sign;
  gsl_linalg_LU_decomp(A, perm, &sign);
  gsl_linalg_LU_solve(A, perm, b, c);
  vt_error err;
  vt_tps *s = vt_tps_fit(x, y, z, N, lambda, &err);
  double worst = 0.0;
  for (int g = 0; s && g < 400; g++) {
    double px = (g % 20) / 19.0, py = (g / 20) / 19.0, f = 0.0;
    for (size_t i = 0; i < N; i++) {
      double r2 = (px - x[i]) * (px - x[i]) + (py - y[i]) * (py - y[i]);
      f += gsl_vector_get(c, i) * (r2 > 0 ? 0.5 * r2 * log(r2) : 0.0);
    }
    f += gsl_vector_get(c, N) + gsl_vector_get(c, N + 1) * px + gsl_vector_get(c, N + 2) * py;
    worst = fmax(worst, fabs(vt_tps_eval(s, px, py) - f));
  }
  printf("LAPACK dsytrf/dsytrs vs GSL LU, lambda = %g: max |difference| %.3g on a 20x20 grid\n",
         lambda, worst);
  CHECK(s && worst <= 1e-9, "the two solves differ by %.3g", worst);
  vt_tps_free(s);
  gsl_matrix_free(A);
  gsl_vector_free(b);
  gsl_vector_free(c);
  gsl_permutation_free(perm);
}

/* lambda -> infinity: the least-squares plane (the penalty leaves only planes), approached as
 * 1/lambda; and the residual sum of squares grows with lambda. */
static void test_large_lambda(void) {
  double x[N], y[N], z[N];
  points(x, y, N);
  for (size_t i = 0; i < N; i++) z[i] = smooth(x[i], y[i]);
  gsl_matrix *X = gsl_matrix_alloc(N, 3), *cov = gsl_matrix_alloc(3, 3);
  gsl_vector *zz = gsl_vector_alloc(N), *coef = gsl_vector_alloc(3);
  gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(N, 3);
  for (size_t i = 0; i < N; i++) {
    gsl_matrix_set(X, i, 0, 1.0), gsl_matrix_set(X, i, 1, x[i]), gsl_matrix_set(X, i, 2, y[i]);
    gsl_vector_set(zz, i, z[i]);
  }
  double chi2, last_rss = -1.0, lambdas[] = {0.0, 1e-4, 1e-2, 1.0, 1e2, 1e8};
  gsl_multifit_linear(X, zz, coef, cov, &chi2, w);
  int rss_grows = 1;
  double off = NAN;
  for (size_t k = 0; k < sizeof lambdas / sizeof *lambdas; k++) {
    vt_error err;
    vt_tps *s = vt_tps_fit(x, y, z, N, lambdas[k], &err);
    double rss = 0.0;
    off = 0.0;
    for (size_t i = 0; s && i < N; i++) {
      double f = vt_tps_eval(s, x[i], y[i]);
      rss += (f - z[i]) * (f - z[i]);
      off = fmax(off, fabs(f - (gsl_vector_get(coef, 0) + gsl_vector_get(coef, 1) * x[i] +
                                gsl_vector_get(coef, 2) * y[i])));
    }
    printf("lambda = %g: residual sum of squares %.6g, max distance from the LS plane %.3g\n",
           lambdas[k], rss, off);
    if (rss < last_rss * (1.0 - 1e-12)) rss_grows = 0;
    last_rss = rss;
    vt_tps_free(s);
  }
  CHECK(rss_grows, "the residual sum of squares must grow with lambda");
  CHECK_NEAR(last_rss, chi2, 1e-6 * chi2, "lambda = 1e8: RSS of the least-squares plane");
  CHECK(off <= 1e-6, "lambda = 1e8: %.3g from the least-squares plane", off);
  gsl_matrix_free(X);
  gsl_matrix_free(cov);
  gsl_vector_free(zz);
  gsl_vector_free(coef);
  gsl_multifit_linear_free(w);
}

/* The spline lives in the unit square: rescaling x and y leaves it unchanged. */
static void test_units_free(void) {
  double x[N], y[N], z[N], X[N], Y[N], worst = 0.0;
  points(x, y, N);
  for (size_t i = 0; i < N; i++) {
    z[i] = smooth(x[i], y[i]);
    X[i] = 500.0 + 400.0 * x[i], Y[i] = 1e5 * (y[i] - 0.5);
  }
  vt_error err;
  vt_tps *a = vt_tps_fit(x, y, z, N, 1e-3, &err), *b = vt_tps_fit(X, Y, z, N, 1e-3, &err);
  for (int g = 0; a && b && g < 100; g++) {
    double px = (g % 10) / 9.0, py = (g / 10) / 9.0;
    worst = fmax(
        worst, fabs(vt_tps_eval(a, px, py) - vt_tps_eval(b, 500.0 + 400.0 * px, 1e5 * (py - 0.5))));
  }
  printf("x -> 500 + 400 x, y -> 1e5 (y - 0.5): max change %.3g\n", worst);
  CHECK(a && b && worst <= 1e-10, "rescaling changed the spline by %.3g", worst);
  vt_tps_free(a);
  vt_tps_free(b);
}

static void test_errors(void) {
  vt_error err;
  double x[4] = {0, 1, 2, 3}, y[4] = {0, 2, 4, 6}, z[4] = {1, 2, 3, 4};
  CHECK(vt_tps_fit(x, y, z, 4, 0.1, &err) == NULL, "collinear points accepted");
  CHECK_CONTAINS(err.message, "lie on one line");
  CHECK(vt_tps_fit(x, y, z, 2, 0.1, &err) == NULL, "2 points accepted");
  CHECK_CONTAINS(err.message, "at least 3 points");
  double xd[4] = {0, 1, 0, 0}, yd[4] = {0, 0, 1, 1}, zd[4] = {1, 2, 3, 3.5};
  CHECK(vt_tps_fit(xd, yd, zd, 4, 0.0, &err) == NULL, "duplicate points at lambda = 0 accepted");
  CHECK_CONTAINS(err.message, "share a position");
  vt_tps *s = vt_tps_fit(xd, yd, zd, 4, 1.0, &err);
  CHECK(s != NULL, "duplicates with smoothing refused: %s", err.message);
  if (s) CHECK_NEAR(vt_tps_eval(s, 0, 1), 3.25, 1e-9, "smoothed value at the duplicated point");
  vt_tps_free(s);
  CHECK(vt_tps_fit(x, y, z, 4, -1.0, &err) == NULL, "negative lambda accepted");
  size_t big = VT_TPS_MAX_POINTS + 1;
  double *bx = calloc(big, sizeof *bx);
  CHECK(vt_tps_fit(bx, bx, bx, big, 0.0, &err) == NULL, "more than the cap accepted");
  CHECK_CONTAINS(err.message, "coarser bins");
  free(bx);
}

int main(void) {
  test_interpolates();
  test_planes();
  test_independent_solve();
  test_large_lambda();
  test_units_free();
  test_errors();
  TEST_MAIN_END();
}
