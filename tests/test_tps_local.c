/* The local thin-plate spline (k nearest neighbours, quadrant-balanced): with k = n it is the
 * dense spline; it reproduces planes for every lambda and interpolates at lambda = 0; and it
 * agrees with the dense solve on scattered data and on data along lines (mined curves) within
 * the tolerance stated in include/vitrum/pel.h. */
#include <stdlib.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

static unsigned long rng = 99;
static double uniform(void) {
  rng = rng * 6364136223846793005UL + 1442695040888963407UL;
  return (double)(rng >> 11) / 9007199254740992.0;
}

static double surface(double x, double y) {
  return sin(6.0 * x) * cos(4.0 * y);
}

static vt_tps *fit(const double *x, const double *y, const double *z, size_t n, double lambda,
                   vt_tps_method method, size_t k) {
  vt_tps_options o = vt_tps_options_default();
  o.method = method;
  o.neighbors = k;
  vt_error err;
  vt_tps *s = vt_tps_fit_opts(x, y, z, n, lambda, &o, &err);
  CHECK(s != NULL, "fit of %zu points refused: %s", n, err.message);
  return s;
}

/* max and rms |local - dense| on a g x g grid inside [lo, hi]^2; NaNs counted */
static void compare(const vt_tps *a, const vt_tps *b, int g, double lo, double hi, double *max,
                    double *rms, int *nans) {
  double sum = 0.0;
  *max = 0.0, *nans = 0;
  for (int i = 0; i < g; i++)
    for (int j = 0; j < g; j++) {
      double px = lo + (hi - lo) * i / (g - 1), py = lo + (hi - lo) * j / (g - 1);
      double d = vt_tps_eval(a, px, py) - vt_tps_eval(b, px, py);
      if (isnan(d)) {
        (*nans)++;
        continue;
      }
      *max = fmax(*max, fabs(d));
      sum += d * d;
    }
  *rms = sqrt(sum / (g * g));
}

static void test_all_neighbours_is_dense(void) {
  enum { N = 150 };
  double x[N], y[N], z[N];
  for (int i = 0; i < N; i++) x[i] = uniform(), y[i] = uniform(), z[i] = surface(x[i], y[i]);
  const double lambdas[] = {0.0, 1e-3};
  for (int l = 0; l < 2; l++) {
    vt_tps *d = fit(x, y, z, N, lambdas[l], VT_TPS_DENSE, 0);
    vt_tps *k = fit(x, y, z, N, lambdas[l], VT_TPS_LOCAL, N);
    double max = NAN, rms = NAN;
    int nans = -1;
    if (d && k) compare(k, d, 20, 0.0, 1.0, &max, &rms, &nans);
    printf("k = n = %d, lambda %g: max |local - dense| %.3g\n", N, lambdas[l], max);
    CHECK(d && k && vt_tps_is_local(k) && !vt_tps_is_local(d), "methods");
    CHECK(max <= 1e-8 && nans == 0, "k = n differs from dense by %.3g (%d NaN)", max, nans);
    vt_tps_free(d);
    vt_tps_free(k);
  }
}

static void test_planes_and_interpolation(void) {
  enum { N = 2000 };
  double *x = malloc(3 * N * sizeof *x), *y = x + N, *z = x + 2 * N;
  for (int i = 0; i < N; i++)
    x[i] = uniform(), y[i] = uniform(), z[i] = 3.0 - 2.0 * x[i] + 5.0 * y[i];
  double worst = 0.0;
  for (int l = 0; l < 2; l++) {
    vt_tps *s = fit(x, y, z, N, l ? 1e-2 : 0.0, VT_TPS_LOCAL, 24);
    for (int g = 0; s && g < 400; g++) {
      double px = (g % 20) / 19.0, py = (g / 20) / 19.0;
      worst = fmax(worst, fabs(vt_tps_eval(s, px, py) - (3.0 - 2.0 * px + 5.0 * py)));
    }
    vt_tps_free(s);
  }
  printf("local, plane: max error %.3g\n", worst);
  CHECK(worst <= 1e-9, "a plane is off by %.3g", worst);
  for (int i = 0; i < N; i++) z[i] = surface(x[i], y[i]);
  vt_tps *s = fit(x, y, z, N, 0.0, VT_TPS_LOCAL, 48);
  worst = 0.0;
  for (int i = 0; s && i < N; i += 7) worst = fmax(worst, fabs(vt_tps_eval(s, x[i], y[i]) - z[i]));
  printf("local, lambda = 0: max |f - z| at the data %.3g\n", worst);
  CHECK(worst <= 1e-9, "interpolation off by %.3g", worst);
  vt_tps_free(s);
  free(x);
}

/* Scattered points and points along 12 lines x = const (125 each, as curves mined at 12
 * temperatures): local (k = 48) vs dense, lambda = 1e-3 and 0. */
static void test_against_dense(void) {
  enum { N = 1500 };
  double *x = malloc(3 * N * sizeof *x), *y = x + N, *z = x + 2 * N;
  for (int layout = 0; layout < 2; layout++)
    for (int l = 0; l < 2; l++) {
      for (int i = 0; i < N; i++) {
        x[i] = layout ? (i / 125) / 11.0 : uniform();
        y[i] = layout ? (i % 125) / 124.0 + 1e-3 * uniform() : uniform();
        z[i] = surface(x[i], y[i]);
      }
      double lambda = l ? 0.0 : 1e-3, max = NAN, rms = NAN;
      int nans = -1;
      vt_tps *d = fit(x, y, z, N, lambda, VT_TPS_DENSE, 0);
      vt_tps *k = fit(x, y, z, N, lambda, VT_TPS_LOCAL, 48);
      if (d && k) compare(k, d, 31, 0.05, 0.95, &max, &rms, &nans);
      printf("%s, lambda %g: local vs dense rms %.3g, max %.3g, %d NaN (of 961)\n",
             layout ? "12 lines" : "scattered", lambda, rms, max, nans);
      CHECK(nans == 0, "%d NaN inside the data", nans);
      /* bands (z spans [-1, 1]): scattered rms 3e-3, max 1.5e-2 (measured 1.7e-3, 8.9e-3 at
       * lambda 1e-3; 7e-5, 6e-4 at 0); along lines, where the local set sees the two or three
       * nearest lines and the dense spline all twelve, rms 2e-2, max 5e-2 (measured 1.2e-2,
       * 3.2e-2) */
      double band_rms = layout ? 2e-2 : 3e-3, band_max = layout ? 5e-2 : 1.5e-2;
      CHECK(rms <= band_rms && max <= band_max, "local vs dense: rms %.3g, max %.3g", rms, max);
      vt_tps_free(d);
      vt_tps_free(k);
    }
  free(x);
}

static void test_errors(void) {
  double x[4] = {0, 1, 0, 1}, y[4] = {0, 0, 1, 1}, z[4] = {1, 2, 3, 4};
  vt_tps_options o = vt_tps_options_default();
  o.method = VT_TPS_LOCAL;
  o.neighbors = 1000;
  vt_error err;
  CHECK(vt_tps_fit_opts(x, y, z, 4, 0.0, &o, &err) == NULL, "1000 neighbours accepted");
  CHECK_CONTAINS(err.message, "neighbours");
  double cx[4] = {0, 1, 2, 3};
  o.neighbors = 48;
  CHECK(vt_tps_fit_opts(cx, cx, z, 4, 0.0, &o, &err) == NULL, "collinear points accepted");
  CHECK_CONTAINS(err.message, "lie on one line");
}

int main(void) {
  test_all_neighbours_is_dense();
  test_planes_and_interpolation();
  test_against_dense();
  test_errors();
  TEST_MAIN_END();
}
