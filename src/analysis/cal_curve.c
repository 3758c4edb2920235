/* One scan against its reference: lines, correction, difference, Tf, dH two ways, noise, peak. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "cal_curve.h"

void vt_cal_curve_free(vt_cal_curve *c) {
  if (c) VT_FREE_ZERO(c, c->T_K, c->heat_flow_W, c->corrected_W, c->difference_W);
}

static void curve_init(vt_cal_curve *c, const vt_cal_scan *s) {
  memset(c, 0, sizeof *c);
  c->index = s->index;
  c->segment = s->segment;
  c->rate_K_per_s = s->rate;
  c->Tf_K = c->Tf_se_K = c->dH_area_J = c->dH_area_se_J = c->dH_tf_J = c->noise_W = NAN;
  c->peak = (vt_peak){NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
  c->peak_area_J = NAN;
  c->glass.value_W = c->liquid.value_W = NAN;
}

static int curve_alloc(vt_cal_curve *c, size_t n) {
  c->n = n;
  c->T_K = malloc(n * sizeof(double));
  c->heat_flow_W = malloc(n * sizeof(double));
  c->corrected_W = malloc(n * sizeof(double));
  c->difference_W = malloc(n * sizeof(double));
  return c->T_K && c->heat_flow_W && c->corrected_W && c->difference_W ? VT_OK : VT_ENOMEM;
}

/* Both lines of a scan, the error naming the scan and the window. */
static int fit_lines(const vt_cal_scan *s, const vt_cal_windows *w, const vt_cal_options *o,
                     vt_cal_line *glass, vt_cal_line *liquid, vt_error *err) {
  vt_error e;
  const char *which = "glass";
  int rc = vt_cal_fit_line(s->T, s->y, s->n, w->glass_K[0], w->glass_K[1],
                           (size_t)o->min_window_points, glass, &e);
  if (!rc) {
    which = "liquid";
    rc = vt_cal_fit_line(s->T, s->y, s->n, w->liquid_K[0], w->liquid_K[1],
                         (size_t)o->min_window_points, liquid, &e);
  }
  if (rc)
    return vt_fail(err, rc, "%s: %s line: %s (the scan covers %.6g to %.6g C)", s->who, which,
                   e.message, s->T[0] - VT_ZERO_CELSIUS_K, s->T[s->n - 1] - VT_ZERO_CELSIUS_K);
  return VT_OK;
}

/* The sample's lines moved onto the reference's: their difference below the glass window's
 * end, above the liquid window's start, and the straight bridge between. */
static double line_correction(const vt_cal_line *gs, const vt_cal_line *ls, const vt_cal_line *gr,
                              const vt_cal_line *lr, double T) {
  double Ta = gs->T_hi_K, Tb = ls->T_lo_K;
  double da = vt_cal_line_eval(gs, Ta) - vt_cal_line_eval(gr, Ta);
  double db = vt_cal_line_eval(ls, Tb) - vt_cal_line_eval(lr, Tb);
  if (T <= Ta) return vt_cal_line_eval(gs, T) - vt_cal_line_eval(gr, T);
  if (T >= Tb) return vt_cal_line_eval(ls, T) - vt_cal_line_eval(lr, T);
  return da + (db - da) * (T - Ta) / (Tb - Ta);
}

static int in_windows(const vt_cal_windows *w, double T) {
  return (T >= w->glass_K[0] && T <= w->glass_K[1]) || (T >= w->liquid_K[0] && T <= w->liquid_K[1]);
}

/* Least-squares line of d over both windows (the LINEAR baseline). */
static void window_line(const vt_cal_curve *c, const double *d, const vt_cal_windows *w, double *a,
                        double *b) {
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (size_t i = 0; i < c->n; i++)
    if (in_windows(w, c->T_K[i])) {
      double x = c->T_K[i];
      n++, sx += x, sy += d[i], sxx += x * x, sxy += x * d[i];
    }
  *b = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  *a = (sy - *b * sx) / n;
}

/* corrected and difference from the curve, the reference at its points (r) and the baseline. */
static void apply_baseline(vt_cal_curve *c, const double *r, const vt_cal_curve *ref,
                           const vt_cal_windows *w, vt_cal_baseline kind) {
  size_t n = c->n;
  double a = 0.0, b = 0.0;
  for (size_t i = 0; i < n; i++) c->difference_W[i] = c->heat_flow_W[i] - r[i];
  if (kind == VT_CAL_BASELINE_LINEAR) window_line(c, c->difference_W, w, &a, &b);
  if (kind == VT_CAL_BASELINE_CHORD) {
    b = (c->difference_W[n - 1] - c->difference_W[0]) / (c->T_K[n - 1] - c->T_K[0]);
    a = c->difference_W[0] - b * c->T_K[0];
  }
  for (size_t i = 0; i < n; i++) {
    double T = c->T_K[i], base = a + b * T;
    if (kind == VT_CAL_BASELINE_LINES)
      base = ref ? line_correction(&c->glass, &c->liquid, &ref->glass, &ref->liquid, T)
                 : vt_cal_line_eval(&c->liquid, T);
    c->corrected_W[i] = c->heat_flow_W[i] - (kind == VT_CAL_BASELINE_LINES && !ref ? 0.0 : base);
    c->difference_W[i] -= base;
  }
}

/* Trapezoid integral of y over the points with T in [lo, hi], and the sum of squared weights. */
static double trapezoid(const double *T, const double *y, size_t n, double lo, double hi,
                        double *w2) {
  double s = 0.0;
  *w2 = 0.0;
  size_t i0 = vt_cal_lower_bound(T, n, lo), i1 = i0;
  while (i1 < n && T[i1] <= hi) i1++;
  for (size_t i = i0; i < i1; i++) {
    double w = 0.5 * ((i + 1 < i1 ? T[i + 1] : T[i]) - (i > i0 ? T[i - 1] : T[i]));
    s += w * y[i];
    *w2 += w * w;
  }
  return s;
}

/* The difference smoothed by local straight-line fits over +-half_K (raw where too few points
 * fall inside), so that Tp, the height and the FWHM of a small peak are not those of the noise. */
static double *smoothed(const vt_cal_curve *c, size_t i0, size_t i1, double half_K) {
  double *s = malloc((i1 - i0) * sizeof *s);
  for (size_t i = i0; s && i < i1; i++) {
    double slope;
    if (!(half_K > 0) || vt_cal_local_fit(c->T_K + i0, c->difference_W + i0, i1 - i0, i - i0,
                                          half_K, &s[i - i0], &slope))
      s[i - i0] = c->difference_W[i];
  }
  return s;
}

/* Half the peak-to-peak range of the smoothed difference in the windows: the amplitude noise
 * (and drift between scans) reaches where there is no signal (the chromatographer's noise; an
 * rms would let the largest of ~1000 noise excursions between the windows pass as a peak). */
static double noise_amplitude(const vt_cal_curve *c, const vt_cal_windows *w, double half_K) {
  double amplitude = NAN;
  const double range[2][2] = {{w->glass_K[0], w->glass_K[1]}, {w->liquid_K[0], w->liquid_K[1]}};
  for (int k = 0; k < 2; k++) {
    size_t i0 = vt_cal_lower_bound(c->T_K, c->n, range[k][0]);
    size_t i1 = vt_cal_lower_bound(c->T_K, c->n, range[k][1]);
    double *s = i1 > i0 ? smoothed(c, i0, i1, half_K) : NULL, lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; s && i < i1 - i0; i++) lo = fmin(lo, s[i]), hi = fmax(hi, s[i]);
    if (s) amplitude = isnan(amplitude) ? 0.5 * (hi - lo) : fmax(amplitude, 0.5 * (hi - lo));
    free(s);
  }
  return amplitude;
}

/* The peak is sought between the windows (a relaxation peak belongs to the transition) and its
 * area taken from the glass window's start to the liquid window's end; both over the whole
 * curve without windows or with a range given. */
static int noise_and_peak(vt_cal_curve *c, const vt_cal_windows *w, const vt_cal_options *o) {
  double w2;
  size_t i0 = 0, i1 = c->n;
  c->noise_W = w->known ? noise_amplitude(c, w, o->smooth_K) : NAN;
  /* the area over the windows' span, as dH: outside it the correction is extrapolated */
  int span = w->known && isnan(o->range_K[0]);
  c->peak.area = trapezoid(c->T_K, c->difference_W, c->n, span ? w->glass_K[0] : -INFINITY,
                           span ? w->liquid_K[1] : INFINITY, &w2);
  c->peak_area_J = c->peak.area / c->rate_K_per_s;
  if (span) {
    i0 = vt_cal_lower_bound(c->T_K, c->n, w->glass_K[1]);
    i1 = vt_cal_lower_bound(c->T_K, c->n, w->liquid_K[0]);
  }
  if (i1 < i0 + 3) return VT_OK;
  double *s = smoothed(c, i0, i1, o->smooth_K), top = -INFINITY;
  if (!s) return VT_ENOMEM;
  for (size_t i = 0; i < i1 - i0; i++) top = fmax(top, s[i]);
  c->resolved = top > 0 && !(top < o->noise_factor * c->noise_W);
  vt_peak p;
  /* a maximum on the edge of the search range is the side of something outside it */
  if (c->resolved && vt_peak_metrics(c->T_K + i0, s, i1 - i0, &p, NULL) == VT_OK &&
      p.x_peak > c->T_K[i0] && p.x_peak < c->T_K[i1 - 1]) {
    p.area = c->peak.area;
    c->peak = p;
  } else {
    c->resolved = 0;
  }
  free(s);
  return VT_OK;
}

/* Tf with the lines that describe `y`, and dH = dCp (Tf_ref - Tf) from it, dCp the step
 * between the lines midway between the two Tf (for straight lines: int_Tf^Tf_ref dCp dT). */
static void fictive(vt_cal_curve *c, const double *y, const vt_cal_line *g, const vt_cal_line *l,
                    const vt_cal_curve *ref) {
  if (vt_cal_fictive_temperature(c->T_K, y, c->n, g, l, &c->Tf_K, &c->Tf_se_K, NULL))
    c->Tf_K = c->Tf_se_K = NAN;
  if (ref && isfinite(c->Tf_K) && isfinite(ref->Tf_K))
    c->dH_tf_J = vt_cal_step_integral(g, l, c->Tf_K, ref->Tf_K) / c->rate_K_per_s;
}

int vt_cal_curve_run(const vt_cal_scan *s, const vt_cal_scan *rs, const vt_cal_curve *ref,
                     const vt_cal_windows *w, const vt_cal_options *o, vt_cal_curve *c,
                     vt_error *err) {
  curve_init(c, s);
  double lo = rs ? fmax(s->T[0], rs->T[0]) : s->T[0];
  double hi = rs ? fmin(s->T[s->n - 1], rs->T[rs->n - 1]) : s->T[s->n - 1];
  size_t i0 = vt_cal_lower_bound(s->T, s->n, lo), i1 = i0;
  while (i1 < s->n && s->T[i1] <= hi) i1++;
  if (i1 < i0 + 3)
    return vt_fail(err, VT_ERANGE,
                   "%s covers %.6g to %.6g C and its reference %.6g to %.6g C: they do not "
                   "overlap in temperature",
                   s->who, s->T[0] - VT_ZERO_CELSIUS_K, s->T[s->n - 1] - VT_ZERO_CELSIUS_K,
                   rs ? rs->T[0] - VT_ZERO_CELSIUS_K : NAN,
                   rs ? rs->T[rs->n - 1] - VT_ZERO_CELSIUS_K : NAN);
  double *r = calloc(i1 - i0, sizeof *r);
  if (!r || curve_alloc(c, i1 - i0)) {
    free(r);
    return vt_fail(err, VT_ENOMEM, "out of memory");
  }
  memcpy(c->T_K, s->T + i0, c->n * sizeof(double));
  memcpy(c->heat_flow_W, s->y + i0, c->n * sizeof(double));
  if (rs) vt_cal_interp(rs->T, rs->y, rs->n, c->T_K, c->n, r);
  int rc = VT_OK;
  if (w->known) {
    rc = fit_lines(s, w, o, &c->glass, &c->liquid, err);
    if (rc && !w->required) rc = VT_OK, c->glass.value_W = NAN;
  }
  int lines = w->known && isfinite(c->glass.value_W);
  vt_cal_baseline kind = o->baseline;
  if (!rc && !lines && (kind == VT_CAL_BASELINE_LINES || kind == VT_CAL_BASELINE_LINEAR))
    rc = vt_fail(err, VT_EINVAL, "%s: the baseline needs glass and liquid windows", s->who);
  if (!rc) {
    apply_baseline(c, r, ref, w, kind);
    if (noise_and_peak(c, w, o)) rc = vt_fail(err, VT_ENOMEM, "out of memory");
  }
  if (!rc) {
    int onto_ref = ref && kind == VT_CAL_BASELINE_LINES;
    if (lines)
      fictive(c, onto_ref ? c->corrected_W : c->heat_flow_W, onto_ref ? &ref->glass : &c->glass,
              onto_ref ? &ref->liquid : &c->liquid, ref);
    if (rs && w->known) {
      double w2;
      c->dH_area_J =
          trapezoid(c->T_K, c->difference_W, c->n, w->glass_K[0], w->liquid_K[1], &w2) / s->rate;
      c->dH_area_se_J = c->noise_W * sqrt(w2) / s->rate;
    }
  }
  free(r);
  if (rc) vt_cal_curve_free(c);
  return rc;
}

int vt_cal_reference_run(const vt_cal_scan *s, const vt_cal_windows *w, const vt_cal_options *o,
                         vt_cal_curve *c, vt_cal_tg *tg, vt_error *err) {
  curve_init(c, s);
  *tg = (vt_cal_tg){NAN, NAN, NAN, NAN, NAN};
  if (curve_alloc(c, s->n)) return vt_fail(err, VT_ENOMEM, "out of memory");
  memcpy(c->T_K, s->T, s->n * sizeof(double));
  memcpy(c->heat_flow_W, s->y, s->n * sizeof(double));
  memcpy(c->corrected_W, s->y, s->n * sizeof(double));
  memset(c->difference_W, 0, s->n * sizeof(double));
  if (!w->known) return VT_OK;
  int rc = fit_lines(s, w, o, &c->glass, &c->liquid, err);
  if (rc && !w->required) return VT_OK;
  if (rc) {
    vt_cal_curve_free(c);
    return rc;
  }
  double ss = 0.0;
  size_t m = 0;
  for (size_t i = 0; i < c->n; i++) {
    double T = c->T_K[i];
    const vt_cal_line *line = T <= w->glass_K[1] ? &c->glass : &c->liquid;
    if (in_windows(w, T)) ss += pow(c->heat_flow_W[i] - vt_cal_line_eval(line, T), 2), m++;
  }
  c->noise_W = sqrt(ss / (double)m);
  c->resolved = 0;
  fictive(c, c->heat_flow_W, &c->glass, &c->liquid, NULL);
  c->dH_area_J = c->dH_tf_J = 0.0;
  double smooth = 0.01 * (c->T_K[c->n - 1] - c->T_K[0]);
  if (vt_cal_glass_transition(c->T_K, c->heat_flow_W, c->n, &c->glass, &c->liquid, smooth, tg,
                              NULL))
    *tg = (vt_cal_tg){NAN, NAN, NAN, NAN, NAN};
  return VT_OK;
}
