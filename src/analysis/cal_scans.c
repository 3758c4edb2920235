/* Curves prepared for calorimetry: the chosen axis over the range, endothermic up, checked as
 * constant-rate heating scans; references averaged; linear interpolation between scans. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "cal_scans.h"

void vt_cal_scan_free(vt_cal_scan *s) {
  if (s) VT_FREE_ZERO(s, s->T, s->y, s->t);
}

static int all_finite(const double *v, size_t n) {
  for (size_t i = 0; v && i < n; i++)
    if (!isfinite(v[i])) return 0;
  return v != NULL;
}

int vt_cal_use_Ts(const vt_curve_set *set, const size_t *idx, size_t n, vt_cal_axis axis) {
  if (axis != VT_CAL_AXIS_AUTO) return axis == VT_CAL_AXIS_TS;
  for (size_t k = 0; k < n; k++)
    if (!all_finite(set->curves[idx[k]].Ts_K, set->curves[idx[k]].n)) return 0;
  return 1;
}

/* The curve's points with T inside the range (all without one), as a view of the curve. */
static vt_curve range_view(const vt_curve *c, const double *T, const double range_K[2]) {
  size_t i0 = 0, i1 = c->n;
  if (!isnan(range_K[0])) {
    while (i0 < c->n && !(T[i0] >= range_K[0])) i0++;
    while (i1 > i0 && !(T[i1 - 1] <= range_K[1])) i1--;
  }
  vt_curve w = *c;
  w.n = i1 - i0;
  w.time_s = c->time_s + i0;
  w.Ts_K = c->Ts_K + i0;
  w.Tr_K = c->Tr_K + i0;
  w.heat_flow_W = c->heat_flow_W + i0;
  if (c->first_line > 0) w.first_line = c->first_line + (long)i0; /* rows are consecutive */
  return w;
}

/* The rate of each quarter of the scan against the whole: a scan whose rate changes on the way
 * (a ramp into a hold, a rate step) is not one heating scan. Quarters, not neighbouring points,
 * because the measured Ts is noisy point to point. */
static int check_constant_rate(const vt_curve *w, const double *T, double rate,
                               const vt_cal_options *o, const char *who, vt_error *err) {
  size_t q = w->n / 4;
  if (q < 3) return VT_OK;
  for (int k = 0; k < 4; k++) {
    size_t a = (size_t)k * q, b = k == 3 ? w->n - 1 : (size_t)(k + 1) * q;
    double local = (T[b] - T[a]) / (w->time_s[b] - w->time_s[a]);
    double dev = fabs(local / rate - 1.0);
    if (dev > o->max_rate_drift)
      return vt_fail(err, VT_EINVAL,
                     "%s: the rate is not constant: quarter %d of the scan runs at %.6g K/s, "
                     "%.1f %% from %.6g K/s (limit %.0f %%); restrict the range to the heating "
                     "ramp",
                     who, k + 1, local, 100 * dev, rate, 100 * o->max_rate_drift);
  }
  return VT_OK;
}

static int copy_scan(const vt_curve *w, const double *T, double sign, vt_cal_scan *s) {
  s->n = w->n;
  s->T = malloc(w->n * sizeof *s->T);
  s->y = malloc(w->n * sizeof *s->y);
  s->t = malloc(w->n * sizeof *s->t);
  if (!s->T || !s->y || !s->t) return VT_ENOMEM;
  for (size_t i = 0; i < w->n; i++) {
    s->T[i] = T[i];
    s->y[i] = sign * w->heat_flow_W[i];
    s->t[i] = w->time_s[i];
  }
  return VT_OK;
}

int vt_cal_scan_prepare(const vt_curve_set *set, size_t index, int use_Ts, const vt_cal_options *o,
                        vt_cal_scan *s, vt_error *err) {
  memset(s, 0, sizeof *s);
  const vt_curve *c = &set->curves[index];
  s->index = index;
  s->segment = c->segment;
  snprintf(s->who, sizeof s->who, "curve %zu (segment %d)", index, c->segment);
  const char *axis = use_Ts ? "Ts" : "Tr";
  const double *T_all = use_Ts ? c->Ts_K : c->Tr_K;
  for (size_t i = 0; i < c->n; i++)
    if (!isfinite(T_all[i])) {
      long line = c->first_line > 0 ? c->first_line + (long)i : 0;
      return vt_fail_at(err, VT_EINVAL, line, "%s has no %s value at point %zu (line %ld)%s",
                        s->who, axis, i, line, use_Ts ? ": use Tr" : ": use Ts");
    }
  vt_curve w = range_view(c, use_Ts ? c->Ts_K : c->Tr_K, o->range_K);
  const double *T = use_Ts ? w.Ts_K : w.Tr_K;
  vt_error e;
  if (w.n < 3)
    return vt_fail(err, VT_ERANGE, "%s: only %zu point%s within the range", s->who, w.n,
                   w.n == 1 ? "" : "s");
  if (vt_curve_rate(&w, use_Ts, &s->rate, NULL, &e))
    return vt_fail_at(err, e.status, e.line, "%s: %s", s->who, e.message);
  if (!(s->rate > 0))
    return vt_fail(err, VT_EINVAL, "%s is not a heating scan: %s falls at %.6g K/s", s->who, axis,
                   s->rate);
  int rc = check_constant_rate(&w, T, s->rate, o, s->who, err);
  if (rc) return rc;
  for (size_t i = 0; i < w.n; i++) /* 1e308 W passed and overflowed the integrals */
    if (!(fabs(w.heat_flow_W[i]) < 1e6)) {
      long line = w.first_line > 0 ? w.first_line + (long)i : 0;
      return vt_fail_at(err, VT_ERANGE, line,
                        "%s: heat flow %g W at point %zu (line %ld) is beyond any calorimeter "
                        "(1 MW): check the file's unit",
                        s->who, w.heat_flow_W[i], i, line);
    }
  if (copy_scan(&w, T, o->endo_up ? 1.0 : -1.0, s)) {
    vt_cal_scan_free(s);
    return vt_fail(err, VT_ENOMEM, "out of memory");
  }
  return VT_OK;
}

void vt_cal_interp(const double *xr, const double *yr, size_t nr, const double *x, size_t n,
                   double *out) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (x[i] < xr[0] || x[i] > xr[nr - 1]) {
      out[i] = NAN;
      continue;
    }
    if (k > 0 && xr[k] > x[i]) k = 0; /* x need not be sorted; it nearly always is */
    while (k + 2 < nr && xr[k + 1] < x[i]) k++;
    double f = (x[i] - xr[k]) / (xr[k + 1] - xr[k]);
    out[i] = yr[k] + f * (yr[k + 1] - yr[k]);
  }
}

int vt_cal_rate_mismatch(const vt_cal_scan *a, const vt_cal_scan *b, const vt_cal_options *o,
                         const char *what, vt_error *err) {
  if (fabs(a->rate / b->rate - 1.0) <= o->max_rate_mismatch) return VT_OK;
  return vt_fail(err, VT_EINVAL,
                 "%s is scanned at %.6g K/s but %s at %.6g K/s: %s must share a heating rate "
                 "(within %.3g %%)",
                 a->who, a->rate, b->who, b->rate, what, 100 * o->max_rate_mismatch);
}

int vt_cal_average(const vt_cal_scan *refs, size_t k, const vt_cal_options *o, vt_cal_scan *avg,
                   vt_error *err) {
  memset(avg, 0, sizeof *avg);
  double lo = refs[0].T[0], hi = refs[0].T[refs[0].n - 1], rate = 0.0;
  for (size_t j = 0; j < k; j++) {
    int rc = vt_cal_rate_mismatch(&refs[j], &refs[0], o, "references averaged together", err);
    if (rc) return rc;
    lo = fmax(lo, refs[j].T[0]);
    hi = fmin(hi, refs[j].T[refs[j].n - 1]);
    rate += refs[j].rate / (double)k;
  }
  const vt_cal_scan *r0 = &refs[0];
  size_t i0 = vt_cal_lower_bound(r0->T, r0->n, lo), i1 = i0;
  while (i1 < r0->n && r0->T[i1] <= hi) i1++;
  if (i1 < i0 + 3) return vt_fail(err, VT_ERANGE, "the references do not overlap in temperature");
  vt_curve view = {.n = i1 - i0, .time_s = r0->t + i0, .heat_flow_W = r0->y + i0};
  double *tmp = malloc((i1 - i0) * sizeof *tmp);
  if (!tmp || copy_scan(&view, r0->T + i0, 1.0, avg)) {
    free(tmp);
    vt_cal_scan_free(avg);
    return vt_fail(err, VT_ENOMEM, "out of memory");
  }
  for (size_t j = 1; j < k; j++) {
    vt_cal_interp(refs[j].T, refs[j].y, refs[j].n, avg->T, avg->n, tmp);
    for (size_t i = 0; i < avg->n; i++) avg->y[i] += tmp[i];
  }
  for (size_t i = 0; i < avg->n; i++) avg->y[i] /= (double)k;
  free(tmp);
  avg->rate = rate;
  avg->index = k == 1 ? r0->index : (size_t)-1;
  avg->segment = k == 1 ? r0->segment : -1;
  if (k == 1)
    memcpy(avg->who, r0->who, sizeof avg->who);
  else
    snprintf(avg->who, sizeof avg->who, "the average of %zu references", k);
  return VT_OK;
}
