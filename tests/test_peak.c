/* Peak metrics against closed forms: a Gaussian (area A sigma sqrt(2 pi), FWHM 2 sqrt(2 ln 2)
 * sigma, inflection tangents crossing zero at mu -/+ 2 sigma) and bad input. */
#include <stdlib.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

static void test_gaussian(void) {
  const double A = 3.5, mu = 412.3, sigma = 4.2;
  size_t n = 4001;
  double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
  for (size_t i = 0; i < n; i++) {
    x[i] = mu - 40.0 + 80.0 * (double)i / (double)(n - 1); /* dx = 0.02 */
    y[i] = A * exp(-0.5 * pow((x[i] - mu) / sigma, 2));
  }
  vt_peak p;
  vt_error err;
  CHECK(vt_peak_metrics(x, y, n, &p, &err) == VT_OK, "gaussian");
  CHECK_NEAR(p.area, A * sigma * sqrt(2 * TU_PI), 1e-6, "area");
  CHECK_NEAR(p.x_peak, mu, 1e-6, "peak position");
  CHECK_NEAR(p.y_peak, A, 1e-5, "peak height");
  CHECK_NEAR(p.fwhm, 2 * sqrt(2 * log(2.0)) * sigma, 1e-4, "FWHM");
  /* Steepest point at mu - sigma, to within the grid step: onset mu - 2 sigma within ~dx. */
  CHECK_NEAR(p.x_onset, mu - 2 * sigma, 0.02, "extrapolated onset");
  CHECK_NEAR(p.x_end, mu + 2 * sigma, 0.02, "extrapolated end");
  /* A peak at the edge of the range has no FWHM. */
  CHECK(vt_peak_metrics(x, y, n / 2 + 10, &p, &err) == VT_OK && isnan(p.fwhm),
        "truncated peak: FWHM %g should be NaN", p.fwhm);
  free(x);
  free(y);
}

static void test_bad(void) {
  double x[] = {1, 2, 2, 4}, y[] = {0, 1, 2, 0}, yneg[] = {-1, -2, -3, -1};
  vt_peak p;
  vt_error err;
  CHECK(vt_peak_metrics(x, y, 4, &p, &err) == VT_EINVAL, "x not increasing");
  CHECK_CONTAINS(err.message, "point 2");
  double x2[] = {1, 2, 3, 4};
  CHECK(vt_peak_metrics(x2, yneg, 4, &p, &err) == VT_EINVAL, "no positive maximum");
  CHECK_CONTAINS(err.message, "no positive maximum");
  double ynan[] = {0, NAN, 1, 0};
  CHECK(vt_peak_metrics(x2, ynan, 4, &p, &err) == VT_EINVAL, "NaN");
  CHECK(vt_peak_metrics(x2, y, 2, &p, &err) == VT_EINVAL, "two points");
}

int main(void) {
  test_gaussian();
  test_bad();
  TEST_MAIN_END();
}
