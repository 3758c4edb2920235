/* Glass and liquid lines of a heating scan and what they give: Moynihan's equal-area fictive
 * temperature with its standard error, and Tg by ISO 11357-2. */
#include <math.h>

#include "../core/internal.h"
#include "cal_internal.h"

double vt_cal_line_eval(const vt_cal_line *line, double T_K) {
  return line ? line->value_W + line->slope_W_per_K * (T_K - line->at_K) : NAN;
}

/* Lag-1 autocorrelation of the residuals, kept in [0, 0.95]: DSC noise is smoothed by the
 * instrument, so neighbouring points are not independent and plain least-squares variances
 * are too small by about (1 + rho)/(1 - rho). */
static double residual_inflation(const double *T, const double *y, size_t i0, size_t i1,
                                 const vt_cal_line *line) {
  double num = 0.0, den = 0.0, prev = NAN;
  for (size_t i = i0; i < i1; i++) {
    double r = y[i] - vt_cal_line_eval(line, T[i]);
    if (i > i0) num += r * prev;
    den += r * r;
    prev = r;
  }
  double rho = den > 0 ? num / den : 0.0;
  rho = fmin(fmax(rho, 0.0), 0.95);
  return (1.0 + rho) / (1.0 - rho);
}

int vt_cal_fit_line(const double *T_K, const double *y_W, size_t n, double T_lo_K, double T_hi_K,
                    size_t min_points, vt_cal_line *line, vt_error *err) {
  if (!T_K || !y_W || !line) return vt_fail(err, VT_EINVAL, "vt_cal_fit_line: NULL argument");
  size_t i0 = vt_cal_lower_bound(T_K, n, T_lo_K), i1 = vt_cal_lower_bound(T_K, n, T_hi_K);
  while (i1 < n && T_K[i1] <= T_hi_K) i1++;
  size_t m = i1 - i0;
  *line = (vt_cal_line){T_lo_K, T_hi_K, NAN, NAN, NAN, NAN, NAN, NAN, NAN, m};
  if (m < min_points || m < 3)
    return vt_fail(err, VT_ERANGE,
                   "the window %.6g-%.6g C holds %zu point%s: expected at least %zu",
                   T_lo_K - VT_ZERO_CELSIUS_K, T_hi_K - VT_ZERO_CELSIUS_K, m, m == 1 ? "" : "s",
                   min_points > 3 ? min_points : 3);
  double Tm = 0.0, ym = 0.0;
  for (size_t i = i0; i < i1; i++) Tm += T_K[i], ym += y_W[i];
  Tm /= (double)m;
  ym /= (double)m;
  double sxx = 0.0, sxy = 0.0;
  for (size_t i = i0; i < i1; i++) {
    sxx += (T_K[i] - Tm) * (T_K[i] - Tm);
    sxy += (T_K[i] - Tm) * (y_W[i] - ym);
  }
  if (!(sxx > 0)) return vt_fail(err, VT_ERANGE, "the window holds one temperature only");
  line->at_K = Tm;
  line->value_W = ym;
  line->slope_W_per_K = sxy / sxx;
  double ss = 0.0;
  for (size_t i = i0; i < i1; i++) {
    double r = y_W[i] - vt_cal_line_eval(line, T_K[i]);
    ss += r * r;
  }
  double s2 = ss / (double)(m - 2), inflate = residual_inflation(T_K, y_W, i0, i1, line);
  line->rms_W = sqrt(ss / (double)m);
  line->var_value = inflate * s2 / (double)m;
  line->var_slope = inflate * s2 / sxx;
  line->cov_value_slope = 0.0; /* centred at the mean temperature */
  return VT_OK;
}

double vt_cal_step_integral(const vt_cal_line *glass, const vt_cal_line *liquid, double Ta_K,
                            double Tb_K) {
  if (!glass || !liquid) return NAN;
  /* The difference of two lines is a line: its integral is its midpoint value times the width. */
  double mid = 0.5 * (Ta_K + Tb_K);
  return (vt_cal_line_eval(liquid, mid) - vt_cal_line_eval(glass, mid)) * (Tb_K - Ta_K);
}

/* The equal-area root for lines g, l and the measured integral Y = int_{T1}^{T2} y dT: with
 * d(T) = l - g = d2 - beta (T2 - T), int_{T2-u}^{T2} d = d2 u - beta u^2 / 2 = Y - G, solved
 * in the form that stays accurate as beta -> 0. */
static double equal_area_root(const vt_cal_line *g, const vt_cal_line *l, double Y, double T1,
                              double T2) {
  double A = Y - (vt_cal_line_eval(g, 0.5 * (T1 + T2)) * (T2 - T1));
  double d2 = vt_cal_line_eval(l, T2) - vt_cal_line_eval(g, T2);
  double beta = l->slope_W_per_K - g->slope_W_per_K;
  double disc = d2 * d2 - 2.0 * beta * A;
  if (!(d2 > 0) || !(disc >= 0)) return NAN;
  return T2 - 2.0 * A / (d2 + sqrt(disc));
}

/* Tf with one line parameter moved by h (k: 0 glass value, 1 glass slope, 2 liquid value,
 * 3 liquid slope). */
static double tf_moved(const vt_cal_line *g, const vt_cal_line *l, double Y, double T1, double T2,
                       int k, double h) {
  vt_cal_line gg = *g, ll = *l;
  double *p[4] = {&gg.value_W, &gg.slope_W_per_K, &ll.value_W, &ll.slope_W_per_K};
  *p[k] += h;
  return equal_area_root(&gg, &ll, Y, T1, T2);
}

/* Variance of Tf from the line fits (central differences of the closed form) and from the noise
 * of the measured integral (trapezoid weights, the glass line's scatter). */
static double tf_variance(const vt_cal_line *g, const vt_cal_line *l, double Y, double T1,
                          double T2, double Tf, double var_Y) {
  const double var[4] = {g->var_value, g->var_slope, l->var_value, l->var_slope};
  double v = 0.0;
  for (int k = 0; k < 4; k++) {
    if (!(var[k] > 0)) continue;
    double h = 1e-3 * sqrt(var[k]);
    double d = (tf_moved(g, l, Y, T1, T2, k, h) - tf_moved(g, l, Y, T1, T2, k, -h)) / (2 * h);
    if (isfinite(d)) v += d * d * var[k];
  }
  double dstep = vt_cal_line_eval(l, Tf) - vt_cal_line_eval(g, Tf);
  if (dstep > 0) v += var_Y / (dstep * dstep);
  return v;
}

int vt_cal_fictive_temperature(const double *T_K, const double *y_W, size_t n,
                               const vt_cal_line *glass, const vt_cal_line *liquid, double *Tf_K,
                               double *Tf_se_K, vt_error *err) {
  if (!T_K || !y_W || !glass || !liquid || !Tf_K)
    return vt_fail(err, VT_EINVAL, "vt_cal_fictive_temperature: NULL argument");
  *Tf_K = NAN;
  if (Tf_se_K) *Tf_se_K = NAN;
  size_t i0 = vt_cal_lower_bound(T_K, n, glass->T_lo_K), i1 = i0;
  while (i1 < n && T_K[i1] <= liquid->T_hi_K) i1++;
  if (i1 < i0 + 3)
    return vt_fail(err, VT_ERANGE, "no points between the glass and the liquid window");
  double Y = 0.0, wsum2 = 0.0;
  for (size_t i = i0; i < i1; i++) {
    double w = 0.5 * ((i + 1 < i1 ? T_K[i + 1] : T_K[i]) - (i > i0 ? T_K[i - 1] : T_K[i]));
    Y += w * y_W[i]; /* the trapezoid rule written as weights */
    wsum2 += w * w;
  }
  double T1 = T_K[i0], T2 = T_K[i1 - 1];
  double Tf = equal_area_root(glass, liquid, Y, T1, T2);
  if (!isfinite(Tf))
    return vt_fail(err, VT_ENUMERIC,
                   "no equal-area fictive temperature: the liquid line is not above the glass "
                   "line over %.6g-%.6g C",
                   T1 - VT_ZERO_CELSIUS_K, T2 - VT_ZERO_CELSIUS_K);
  *Tf_K = Tf;
  if (Tf_se_K) {
    double noise = fmax(glass->rms_W, liquid->rms_W);
    *Tf_se_K = sqrt(tf_variance(glass, liquid, Y, T1, T2, Tf, noise * noise * wsum2));
  }
  return VT_OK;
}

/* ---- Tg (ISO 11357-2) ---------------------------------------------------------------------- */

int vt_cal_glass_transition(const double *T_K, const double *y_W, size_t n,
                            const vt_cal_line *glass, const vt_cal_line *liquid, double smooth_K,
                            vt_cal_tg *tg, vt_error *err) {
  if (!T_K || !y_W || !glass || !liquid || !tg)
    return vt_fail(err, VT_EINVAL, "vt_cal_glass_transition: NULL argument");
  *tg = (vt_cal_tg){NAN, NAN, NAN, NAN, NAN};
  size_t i0 = vt_cal_lower_bound(T_K, n, glass->T_hi_K);
  size_t i1 = vt_cal_lower_bound(T_K, n, liquid->T_lo_K);
  double best = -INFINITY, Ti = NAN, yi = NAN, mid_prev = NAN;
  for (size_t i = i0; i < i1; i++) {
    double value, slope;
    if (vt_cal_local_fit(T_K, y_W, n, i, smooth_K, &value, &slope)) continue;
    double mid = 0.5 * (vt_cal_line_eval(glass, T_K[i]) + vt_cal_line_eval(liquid, T_K[i]));
    if (isnan(tg->midpoint_K) && i > i0 && value - mid >= 0 && mid_prev < 0) {
      double T0 = T_K[i - 1], frac = -mid_prev / (value - mid - mid_prev);
      tg->midpoint_K = T0 + frac * (T_K[i] - T0);
    }
    mid_prev = value - mid;
    if (slope > best) best = slope, Ti = T_K[i], yi = value;
  }
  if (!(best > glass->slope_W_per_K) || isnan(tg->midpoint_K))
    return vt_fail(err, VT_ENUMERIC,
                   "no glass-transition step between the glass window (ends %.6g C) and the "
                   "liquid window (starts %.6g C)",
                   glass->T_hi_K - VT_ZERO_CELSIUS_K, liquid->T_lo_K - VT_ZERO_CELSIUS_K);
  tg->inflection_K = Ti;
  /* The inflectional tangent y = yi + best (T - Ti) crossed with each line. */
  const vt_cal_line *lines[2] = {glass, liquid};
  double *at[2] = {&tg->onset_K, &tg->end_K};
  for (int k = 0; k < 2; k++) {
    double ds = best - lines[k]->slope_W_per_K;
    *at[k] = ds != 0 ? Ti - (yi - vt_cal_line_eval(lines[k], Ti)) / ds : NAN;
  }
  tg->step_W = vt_cal_line_eval(liquid, tg->midpoint_K) - vt_cal_line_eval(glass, tg->midpoint_K);
  return VT_OK;
}
