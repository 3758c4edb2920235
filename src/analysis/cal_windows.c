/* Where the glass and liquid lines are fitted when the user does not say: a rule on the
 * reference scan's smoothed derivative, written out in calorimetry.h. */
#include <math.h>
#include <stdlib.h>

#include "../core/internal.h"
#include "cal_internal.h"

#define EDGE_FRACTION   0.05 /* start-up and end transients of a scan: left out */
#define SMOOTH_FRACTION 0.01 /* half width of the derivative's local fits, of the span */
#define GLASS_FROM_W    8.0  /* the windows in units of the step's width W below/above Ti */
#define GLASS_TO_W      2.5
#define LIQUID_FROM_W   5.0
#define LIQUID_TO_W     11.0

size_t vt_cal_lower_bound(const double *T, size_t n, double value) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (T[mid] < value)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

int vt_cal_local_fit(const double *T, const double *y, size_t n, size_t i, double half_K,
                     double *value, double *slope) {
  size_t a = vt_cal_lower_bound(T, n, T[i] - half_K), b = a;
  while (b < n && T[b] <= T[i] + half_K) b++;
  if (b < a + 3) return -1;
  double Tm = 0.0, ym = 0.0, m = (double)(b - a);
  for (size_t k = a; k < b; k++) Tm += T[k], ym += y[k];
  Tm /= m;
  ym /= m;
  double sxx = 0.0, sxy = 0.0;
  for (size_t k = a; k < b; k++) sxx += (T[k] - Tm) * (T[k] - Tm), sxy += (T[k] - Tm) * (y[k] - ym);
  if (!(sxx > 0)) return -1;
  *slope = sxy / sxx;
  *value = ym + *slope * (T[i] - Tm);
  return 0;
}

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Smoothed derivative s[i] over [i0, i1) and its median (the lines' slope: most of a scan is
 * glass or liquid). */
static int smoothed_slopes(const double *T, const double *y, size_t n, size_t i0, size_t i1,
                           double half, double *s, double *median) {
  double *sorted = malloc((i1 - i0) * sizeof *sorted);
  if (!sorted) return VT_ENOMEM;
  for (size_t i = i0; i < i1; i++) {
    double v;
    if (vt_cal_local_fit(T, y, n, i, half, &v, &s[i - i0])) s[i - i0] = 0.0;
    sorted[i - i0] = s[i - i0];
  }
  qsort(sorted, i1 - i0, sizeof *sorted, compare_double);
  *median = sorted[(i1 - i0) / 2];
  free(sorted);
  return VT_OK;
}

int vt_cal_auto_windows(const double *T, const double *y, size_t n, size_t min_points,
                        double glass_K[2], double liquid_K[2], vt_error *err) {
  if (n < 20) return vt_fail(err, VT_ERANGE, "%zu points are too few to find the windows", n);
  double span = T[n - 1] - T[0], lo = T[0] + EDGE_FRACTION * span;
  double hi = T[n - 1] - EDGE_FRACTION * span, half = SMOOTH_FRACTION * span;
  size_t i0 = vt_cal_lower_bound(T, n, lo), i1 = vt_cal_lower_bound(T, n, hi);
  double *s = malloc((i1 - i0 + 1) * sizeof *s), base;
  if (!s || smoothed_slopes(T, y, n, i0, i1, half, s, &base)) {
    free(s);
    return vt_fail(err, VT_ENOMEM, "out of memory");
  }
  size_t im = 0;
  for (size_t k = 0; k < i1 - i0; k++)
    if (s[k] > s[im]) im = k;
  double level = base + 0.5 * (s[im] - base);
  size_t a = im, b = im;
  while (a > 0 && s[a - 1] > level) a--;
  while (b + 1 < i1 - i0 && s[b + 1] > level) b++;
  double Ti = T[i0 + im], W = fmax(T[i0 + b] - T[i0 + a], 2.0 * half);
  free(s);
  glass_K[0] = fmax(lo, Ti - GLASS_FROM_W * W);
  glass_K[1] = Ti - GLASS_TO_W * W;
  liquid_K[0] = Ti + LIQUID_FROM_W * W;
  liquid_K[1] = fmin(hi, Ti + LIQUID_TO_W * W);
  size_t ng = vt_cal_lower_bound(T, n, glass_K[1]) - vt_cal_lower_bound(T, n, glass_K[0]);
  size_t nl = vt_cal_lower_bound(T, n, liquid_K[1]) - vt_cal_lower_bound(T, n, liquid_K[0]);
  if (!(glass_K[1] > glass_K[0]) || !(liquid_K[1] > liquid_K[0]) || ng < min_points ||
      nl < min_points)
    return vt_fail(
        err, VT_ERANGE,
        "cannot place the glass and liquid windows: the steepest rise is at %.6g C "
        "(width %.3g K) and the scan covers %.6g to %.6g C: give the glass and liquid windows",
        Ti - VT_ZERO_CELSIUS_K, W, T[0] - VT_ZERO_CELSIUS_K, T[n - 1] - VT_ZERO_CELSIUS_K);
  return VT_OK;
}
