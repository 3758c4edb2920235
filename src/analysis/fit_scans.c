/* Fit data straight from the instrument: the heating scans of a calorimetry result turned into
 * Cp_N curves on the reference's glass and liquid lines, each with its thermal history (a
 * program, or the ageing time of a one-step method) ending with the ramp it was measured on. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "fit_internal.h"

#define DEFAULT_MAX_POINTS 200

vt_scan_fit_options vt_scan_fit_options_default(void) {
  vt_scan_fit_options o;
  memset(&o, 0, sizeof o);
  o.T_age_K = NAN;
  o.max_points = DEFAULT_MAX_POINTS;
  return o;
}

double vt_cpn_fictive_temperature(const double *T, const double *CpN, size_t n) {
  if (!T || !CpN || n < 2) return NAN;
  double area = 0.0;
  for (size_t i = 1; i < n; i++) area += 0.5 * (CpN[i] + CpN[i - 1]) * (T[i] - T[i - 1]);
  return T[n - 1] - area;
}

/* "curve 3 (segment 87)" for messages. */
static const char *curve_id(const vt_cal_curve *cv, char *buf, size_t size) {
  if (cv->segment >= 0)
    snprintf(buf, size, "curve %zu (segment %d)", cv->index, cv->segment);
  else
    snprintf(buf, size, "curve %zu", cv->index);
  return buf;
}

/* The points of cv between the glass window's start and the liquid window's end: [first, last]
 * and how many to keep. */
static size_t span(const vt_cal_result *cal, const vt_cal_curve *cv, size_t *first) {
  size_t a = 0, b = 0;
  while (a < cv->n && cv->T_K[a] < cal->glass_K[0]) a++;
  for (b = a; b < cv->n && cv->T_K[b] <= cal->liquid_K[1];) b++;
  *first = a;
  return b - a;
}

/* Cp_N on the reference's lines (the curve's own without a reference), thinned evenly. */
static int curve_cpn(const vt_cal_result *cal, const vt_cal_curve *cv, const vt_scan_fit_options *o,
                     vt_cpn_curve *out, vt_error *err) {
  const vt_cal_line *g = cal->n_references ? &cal->reference.glass : &cv->glass;
  const vt_cal_line *l = cal->n_references ? &cal->reference.liquid : &cv->liquid;
  const double *y = cal->n_references && cv->corrected_W ? cv->corrected_W : cv->heat_flow_W;
  char id[64];
  size_t first, m = span(cal, cv, &first);
  size_t keep = o->max_points && o->max_points < m ? o->max_points : m;
  if (keep < 3)
    return vt_fail(err, VT_EINVAL, "%s: %zu points between %g and %g K: too few for a Cp_N curve",
                   curve_id(cv, id, sizeof id), m, cal->glass_K[0], cal->liquid_K[1]);
  out->T_K = malloc(keep * sizeof *out->T_K);
  out->CpN = malloc(keep * sizeof *out->CpN);
  out->sigma = o->weighted ? malloc(keep * sizeof *out->sigma) : NULL;
  if (!out->T_K || !out->CpN || (o->weighted && !out->sigma))
    return vt_fail(err, VT_ENOMEM, "out of memory");
  out->n = keep;
  for (size_t k = 0; k < keep; k++) {
    size_t i =
        first + (keep > 1 ? (size_t)llround((double)k * (double)(m - 1) / (double)(keep - 1)) : 0);
    double T = cv->T_K[i], gT = vt_cal_line_eval(g, T), step = vt_cal_line_eval(l, T) - gT;
    if (!(step > 0))
      return vt_fail(err, VT_EINVAL,
                     "%s: at %g K the liquid line does not lie above the glass line: no Cp_N "
                     "(check the windows, --glass and --liquid)",
                     curve_id(cv, id, sizeof id), T);
    out->T_K[k] = T;
    out->CpN[k] = (y[i] - gT) / step;
    if (out->sigma) out->sigma[k] = cv->noise_W / step;
  }
  if (out->sigma && !(cv->noise_W > 0))
    return vt_fail(err, VT_EINVAL, "%s: no measured noise to weight it by",
                   curve_id(cv, id, sizeof id));
  return VT_OK;
}

/* The one-step ageing method: T_eq -> T_age at R_c, hold, -> T_low at R_c. */
static vt_program *ageing(const vt_scan_fit_options *o, double T_eq, double R_c, double T_low,
                          double t_age, const char *id, vt_error *err) {
  if (!(o->T_age_K > T_low && o->T_age_K < T_eq)) {
    vt_fail(err, VT_EINVAL,
            "%s: the ageing temperature T_age = %g K must lie between the scan's start %g K and "
            "the equilibrium start T_eq = %g K",
            id, o->T_age_K, T_low, T_eq);
    return NULL;
  }
  if (!(t_age >= 0) || !isfinite(t_age)) {
    vt_fail(err, VT_EINVAL, "%s: ageing time %g s: expected a finite time >= 0", id, t_age);
    return NULL;
  }
  vt_program *p = vt_program_create(T_eq, err);
  int rc = p ? vt_program_ramp(p, o->T_age_K, R_c, err) : VT_ENOMEM;
  if (!rc && t_age > 0) rc = vt_program_hold(p, t_age, err);
  if (!rc) rc = vt_program_ramp(p, T_low, R_c, err);
  if (rc) vt_program_free(p);
  return rc ? NULL : p;
}

/* A given program: kept when it ends with a heating ramp over the data, else the scan's ramp is
 * appended (the program must end at or below the scan's first point). */
static vt_program *given(const vt_program *src, double T_lo, double T_hi, double R_h,
                         const char *id, vt_error *err) {
  size_t n = vt_program_segment_count(src);
  double end = vt_program_end_K(src, n ? n - 1 : (size_t)-1);
  const vt_segment *s = n ? vt_program_segment(src, n - 1) : NULL;
  double from = n ? vt_program_end_K(src, n - 2) : end;
  if (s && s->kind == VT_SEG_RAMP && s->target_K > from && from <= T_lo && s->target_K >= T_hi)
    return vt_program_copy(src, err);
  if (!(end <= T_lo)) {
    vt_fail(err, VT_EINVAL,
            "%s: its program ends at %g K, above the scan's first point %g K: it must end where "
            "the scan starts, or with the heating ramp over %g-%g K",
            id, end, T_lo, T_lo, T_hi);
    return NULL;
  }
  vt_program *p = vt_program_copy(src, err);
  if (p && vt_program_ramp(p, T_hi, R_h, err)) vt_program_free(p), p = NULL;
  return p;
}

static int one_curve(const vt_cal_result *cal, const vt_cal_curve *cv, const vt_scan_history *h,
                     const vt_scan_fit_options *o, vt_cpn_curve *out, vt_error *err) {
  char id[64], name[128];
  curve_id(cv, id, sizeof id);
  if (!h->program && isnan(h->t_age_s))
    return vt_fail(err, VT_EINVAL, "%s has no thermal history: give its ageing time or its program",
                   id);
  int rc = curve_cpn(cal, cv, o, out, err);
  if (rc) return rc;
  double T_lo = out->T_K[0], T_hi = out->T_K[out->n - 1], R_h = cv->rate_K_per_s;
  double T_eq = o->T_eq_K > 0 ? o->T_eq_K : cal->liquid_K[1];
  double R_c = o->cool_rate_K_per_s > 0 ? o->cool_rate_K_per_s : R_h;
  double T_low = o->T_low_K > 0 ? o->T_low_K : (cv->n ? cv->T_K[0] : T_lo);
  if (!h->program && !(T_low <= T_lo))
    return vt_fail(err, VT_EINVAL,
                   "%s: the scan starts at T_low = %g K, above its first point %g K", id, T_low,
                   T_lo);
  if (!h->program && !(T_eq >= T_hi))
    return vt_fail(err, VT_EINVAL,
                   "%s: T_eq = %g K lies below the scan's last point %g K: start the history in "
                   "the liquid, above the liquid window",
                   id, T_eq, T_hi);
  out->program = h->program ? given(h->program, T_lo, T_hi, R_h, id, err)
                            : ageing(o, T_eq, R_c, T_low, h->t_age_s, id, err);
  if (!out->program) return err ? err->status : VT_EINVAL;
  rc = h->program ? VT_OK : vt_program_ramp(out->program, T_eq, R_h, err); /* into the liquid */
  if (rc) return rc;
  if (h->program)
    snprintf(name, sizeof name, "%s, own program", id);
  else if (h->t_age_s > 0)
    snprintf(name, sizeof name, "%s, aged %g s", id, h->t_age_s);
  else
    snprintf(name, sizeof name, "%s, unaged", id);
  out->name = malloc(strlen(name) + 1);
  if (!out->name) return vt_fail(err, VT_ENOMEM, "out of memory");
  memcpy(out->name, name, strlen(name) + 1);
  return VT_OK;
}

int vt_fit_data_from_scans(const vt_cal_result *cal, const vt_scan_history *histories,
                           size_t n_histories, const vt_scan_fit_options *opts, vt_fit_data *data,
                           vt_error *err) {
  if (!data) return vt_fail(err, VT_EINVAL, "vt_fit_data_from_scans: NULL data");
  memset(data, 0, sizeof *data);
  if (!cal || !histories || !opts)
    return vt_fail(err, VT_EINVAL, "vt_fit_data_from_scans: NULL argument");
  if (n_histories != cal->n)
    return vt_fail(err, VT_EINVAL,
                   "%zu thermal histories for %zu analysed curves: give one per curve, in the "
                   "order the curves are analysed",
                   n_histories, cal->n);
  if (!cal->n) return vt_fail(err, VT_EINVAL, "no analysed curves");
  data->curves = calloc(cal->n, sizeof *data->curves);
  if (!data->curves) return vt_fail(err, VT_ENOMEM, "out of memory");
  int rc = VT_OK;
  for (size_t i = 0; !rc && i < cal->n; i++) {
    data->n_curves = i + 1; /* so that a failure frees what this curve holds */
    rc = one_curve(cal, &cal->curves[i], &histories[i], opts, &data->curves[i], err);
  }
  if (rc) vt_fit_data_free(data);
  return rc;
}
