/* Peak metrics against the baseline y = 0: area, maximum, FWHM, extrapolated onset and end. */
#include <math.h>

#include "../core/internal.h"

int vt_check_curve(const char *curve, const char *x_name, const char *y_name, const char *x_unit,
                   const double *x, const double *y, size_t n, vt_error *err) {
  const char *sp = curve ? " " : "", *usp = x_unit ? " " : "";
  for (size_t i = 0; i < n; i++) {
    if (!isfinite(x[i]) || !isfinite(y[i]))
      return vt_fail(err, VT_EINVAL, "%s%spoint %zu is not finite (%s = %g, %s = %g)",
                     curve ? curve : "", sp, i, x_name, x[i], y_name, y[i]);
    if (i && !(x[i] > x[i - 1]))
      return vt_fail(err, VT_EINVAL, "%s is not increasing at point %zu (%g after %g%s%s)", x_name,
                     i, x[i], x[i - 1], usp, x_unit ? x_unit : "");
  }
  return VT_OK;
}

static int check_input(const double *x, const double *y, size_t n, vt_error *err) {
  if (!x || !y || n < 3) return vt_fail(err, VT_EINVAL, "a peak needs at least 3 points");
  return vt_check_curve(NULL, "x", "y", NULL, x, y, n, err);
}

/* Vertex of the parabola through three points around the maximum. */
static void refine_top(const double *x, const double *y, size_t i, double *xp, double *yp) {
  double x0 = x[i - 1], x1 = x[i], x2 = x[i + 1], y0 = y[i - 1], y1 = y[i], y2 = y[i + 1];
  double d01 = (y1 - y0) / (x1 - x0), d12 = (y2 - y1) / (x2 - x1);
  double a = (d12 - d01) / (x2 - x0); /* y = y1 + b (x - x1) + a (x - x1)^2 */
  double b = d01 + a * (x1 - x0);
  if (a < 0) {
    double dx = -b / (2 * a);
    if (fabs(dx) <= fmax(x1 - x0, x2 - x1)) {
      *xp = x1 + dx;
      *yp = y1 + b * dx + a * dx * dx;
      return;
    }
  }
  *xp = x1;
  *yp = y1;
}

/* x where y crosses level between points k and k+1 (linear interpolation). */
static double crossing(const double *x, const double *y, size_t k, double level) {
  return x[k] + (level - y[k]) * (x[k + 1] - x[k]) / (y[k + 1] - y[k]);
}

/* Tangent at the steepest point between i0 and i1 (inclusive, central differences), crossed
 * with y = 0. `sign` +1 looks for the steepest rise, -1 for the steepest fall. */
static double tangent_intercept(const double *x, const double *y, size_t n, size_t i0, size_t i1,
                                int sign) {
  double best = 0.0, xb = NAN, yb = NAN;
  for (size_t i = i0 > 0 ? i0 : 1; i <= i1 && i + 1 < n; i++) {
    double slope = (y[i + 1] - y[i - 1]) / (x[i + 1] - x[i - 1]);
    if (sign * slope > best) {
      best = sign * slope;
      xb = x[i];
      yb = y[i];
    }
  }
  return best > 0 ? xb - yb / (sign * best) : NAN;
}

int vt_peak_metrics(const double *x, const double *y, size_t n, vt_peak *out, vt_error *err) {
  if (check_input(x, y, n, err)) return err ? err->status : VT_EINVAL;
  size_t im = 0;
  out->area = 0.0;
  for (size_t i = 0; i < n; i++) {
    if (y[i] > y[im]) im = i;
    if (i) out->area += 0.5 * (y[i] + y[i - 1]) * (x[i] - x[i - 1]);
  }
  if (!(y[im] > 0))
    return vt_fail(err, VT_EINVAL, "no positive maximum (largest value %g at x = %g)", y[im],
                   x[im]);
  if (im > 0 && im + 1 < n)
    refine_top(x, y, im, &out->x_peak, &out->y_peak);
  else {
    out->x_peak = x[im];
    out->y_peak = y[im];
  }
  double half = 0.5 * out->y_peak;
  size_t lo = im, hi = im;
  while (lo > 0 && y[lo - 1] >= half) lo--;
  while (hi + 1 < n && y[hi + 1] >= half) hi++;
  out->x_half_low = lo > 0 ? crossing(x, y, lo - 1, half) : NAN;
  out->x_half_high = hi + 1 < n ? crossing(x, y, hi, half) : NAN;
  out->fwhm = out->x_half_high - out->x_half_low;
  /* The edges of the positive lobe that holds the maximum bound the tangent search. */
  size_t a = im, b = im;
  while (a > 0 && y[a - 1] > 0) a--;
  while (b + 1 < n && y[b + 1] > 0) b++;
  out->x_onset = tangent_intercept(x, y, n, a, im, +1);
  out->x_end = tangent_intercept(x, y, n, im, b, -1);
  return VT_OK;
}
