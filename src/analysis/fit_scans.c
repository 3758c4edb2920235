/* Fit data straight from the instrument: the heating scans of a calorimetry result turned into
 * Cp_N curves on the reference's glass and liquid lines, each with its thermal history (a
 * program, or the ageing time of a one-step method) ending with the ramp it was measured on. */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "../core/option_rows.h"
#include "fit_internal.h"

#define DEFAULT_MAX_POINTS 200

vt_scan_fit_options vt_scan_fit_options_default(void) {
  vt_scan_fit_options o;
  memset(&o, 0, sizeof o);
  o.T_age_K = NAN;
  o.max_points = DEFAULT_MAX_POINTS;
  return o;
}

/* The option table (options.h): `vitrum fit --scans`'s flags and fit_scans's keywords. */
#define SCAN(field) offsetof(vt_scan_fit_options, field)
static const vt_option scan_fit_options[] = {
    OPT_Q("T_age", SCAN(T_age_K), VT_DIM_TEMPERATURE, "T", "with --ages: the ageing temperature",
          VT_OPTION_POSITIVE | VT_OPTION_NO_DEFAULT),
    OPT_IR("points", SCAN(max_points), 0, 1000000, "N",
           "with --scans: at most N points per curve, spread evenly (0: all)"),
    OPT_C("weights", SCAN(weighted), "scatter|noise",
          "with --scans: unweighted, standard errors from the scatter about\n"
          "the fit; or sigma = each scan's scatter about its glass and\n"
          "liquid lines / the step (chi^2/dof then says how well it fits)"),
};

OPT_TABLE(vt_scan_fit_option_table, scan_fit_options)

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
  size_t most = o->max_points > 0 ? (size_t)o->max_points : 0;
  size_t keep = most && most < m ? most : m;
  double noise = 0.5 * (cv->glass.rms_W + cv->liquid.rms_W); /* one scan's, about its lines */
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
    if (out->sigma) out->sigma[k] = noise / step;
  }
  if (out->sigma && !(noise > 0))
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
  vt_program *p = vt_program_copy(src, err); /* heated back to its (equilibrium) start */
  if (p && vt_program_ramp(p, fmax(T_hi, vt_program_start_K(src)), R_h, err))
    vt_program_free(p), p = NULL;
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

/* ---- The lines' share of the standard errors ---------------------------------------------- */

/* d Cp_N / d (glass value, glass slope, liquid value, liquid slope) of a point: Cp_N = (Y - g)
 * / (l - g), so dCp_N/dg = (Cp_N - 1) / (l - g) and dCp_N/dl = -Cp_N / (l - g). */
static void line_derivatives(const vt_cal_line *g, const vt_cal_line *l, double T, double y,
                             double *d) {
  double s = vt_cal_line_eval(l, T) - vt_cal_line_eval(g, T);
  d[0] = (y - 1.0) / s;
  d[1] = d[0] * (T - g->at_K);
  d[2] = -y / s;
  d[3] = d[2] * (T - l->at_K);
}

static void line_covariance(const vt_cal_line *g, const vt_cal_line *l, gsl_matrix *S, size_t k) {
  const vt_cal_line *ln[2] = {g, l};
  for (size_t h = 0; h < 2; h++) {
    size_t a = k + 2 * h;
    gsl_matrix_set(S, a, a, ln[h]->var_value);
    gsl_matrix_set(S, a, a + 1, ln[h]->cov_value_slope);
    gsl_matrix_set(S, a + 1, a, ln[h]->cov_value_slope);
    gsl_matrix_set(S, a + 1, a + 1, ln[h]->var_slope);
  }
}

/* J (weighted rows, columns d pred / d ln|p| so that A and dh share a scale) at the model's best
 * point, by its sensitivities or else forward differences; scale[j] the factor back to p. */
static int scaled_jacobian(vt_model *m, const vt_fit_data *d, const vt_fit_options *o,
                           const vt_fit_result *r, const double *w, gsl_matrix *J, double *scale,
                           vt_error *err) {
  size_t n = r->n_data, p = r->n_free;
  double *base = malloc(n * sizeof *base), *moved = malloc(n * (p > 0 ? p : 1) * sizeof *moved);
  int rc = base && moved ? VT_OK : VT_ENOMEM;
  /* one run of each curve with the sensitivities instead of p + 1 */
  int src = rc || o->fd_jacobian ? VT_ENOTFOUND
                                 : vt_fit_predict_d(m, d, o, r->names, p, base, moved, err);
  int sens = src == VT_OK;
  if (src != VT_OK && src != VT_ENOTFOUND) rc = src;
  for (size_t j = 0; sens && j < p; j++) {
    scale[j] = r->value[j] != 0 ? fabs(r->value[j]) : 1.0;
    for (size_t i = 0; i < n; i++) gsl_matrix_set(J, i, j, moved[i * p + j] * scale[j] * w[i]);
  }
  if (!rc && !sens) rc = vt_fit_predict(m, d, o, base, err);
  for (size_t j = 0; !rc && !sens && j < p; j++) {
    double v = r->value[j], h = 1e-6 * (v != 0 ? fabs(v) : 1.0), at;
    scale[j] = v != 0 ? fabs(v) : 1.0;
    rc = vt_model_set(m, r->names[j], v + h, NULL) ? vt_model_set(m, r->names[j], v - h, err) : 0;
    vt_model_get(m, r->names[j], &at, NULL);
    if (!rc) rc = vt_fit_predict(m, d, o, moved, err);
    vt_model_set(m, r->names[j], v, NULL);
    for (size_t i = 0; !rc && i < n; i++)
      gsl_matrix_set(J, i, j, (moved[i] - base[i]) / (at - v) * scale[j] * w[i]);
  }
  free(base);
  free(moved);
  return rc == VT_ENOMEM ? vt_fail(err, rc, "out of memory") : rc;
}

/* D (weighted rows) and the lines' covariance S: one shared set of lines with a reference,
 * else each curve its own. */
static void line_terms(const vt_fit_data *d, const vt_cal_result *cal, const double *w,
                       gsl_matrix *D, gsl_matrix *S) {
  int shared = cal->n_references > 0;
  gsl_matrix_set_zero(D);
  gsl_matrix_set_zero(S);
  for (size_t c = 0, i = d->n_dh; c < d->n_curves; c++) {
    const vt_cal_curve *cv = &cal->curves[c];
    const vt_cal_line *g = shared ? &cal->reference.glass : &cv->glass;
    const vt_cal_line *l = shared ? &cal->reference.liquid : &cv->liquid;
    size_t k = shared ? 0 : 4 * c;
    if (!shared || c == 0) line_covariance(g, l, S, k);
    for (size_t q = 0; q < d->curves[c].n; q++, i++) {
      double dv[4];
      line_derivatives(g, l, d->curves[c].T_K[q], d->curves[c].CpN[q], dv);
      for (size_t a = 0; a < 4; a++) gsl_matrix_set(D, i, k + a, dv[a] * w[i]);
    }
  }
}

/* The new covariance into the result: se and correlations (a parameter on a bound keeps NaN). */
static void add_covariance(vt_fit_result *r, const gsl_matrix *extra, const double *scale) {
  size_t p = r->n_free;
  double *cov = malloc(p * p * sizeof *cov + 1);
  if (!cov) return;
  for (size_t j = 0; j < p; j++)
    for (size_t k = 0; k < p; k++)
      cov[j * p + k] = r->correlation[j * p + k] * r->se[j] * r->se[k] +
                       gsl_matrix_get(extra, j, k) * scale[j] * scale[k];
  for (size_t j = 0; j < p; j++)
    if (!isnan(r->se[j])) r->se[j] = sqrt(cov[j * p + j]);
  r->max_abs_correlation = 0.0;
  for (size_t j = 0; j < p; j++)
    for (size_t k = 0; k < p; k++) {
      double c = cov[j * p + k] / sqrt(cov[j * p + j] * cov[k * p + k]);
      if (isnan(r->se[j]) || isnan(r->se[k])) continue;
      r->correlation[j * p + k] = c;
      if (j != k) r->max_abs_correlation = fmax(r->max_abs_correlation, fabs(c));
    }
  free(cov);
}

int vt_fit_scans_line_errors(vt_model *model, const vt_fit_data *data, const vt_fit_options *opts,
                             const vt_cal_result *cal, vt_fit_result *result, vt_error *err) {
  if (!model || !data || !opts || !cal || !result || !result->value)
    return vt_fail(err, VT_EINVAL, "vt_fit_scans_line_errors: NULL argument");
  if (data->n_curves != cal->n)
    return vt_fail(err, VT_EINVAL, "%zu curves in the data but %zu in the calorimetry result",
                   data->n_curves, cal->n);
  size_t n = result->n_data, p = result->n_free, K = cal->n_references ? 4 : 4 * cal->n;
  double *w = malloc(n * sizeof *w), *scale = malloc(p * sizeof *scale);
  gsl_matrix *J = gsl_matrix_alloc(n, p), *D = gsl_matrix_alloc(n, K), *S = gsl_matrix_alloc(K, K);
  gsl_matrix *M = gsl_matrix_alloc(p, p), *JD = gsl_matrix_alloc(p, K), *B = gsl_matrix_alloc(p, K);
  gsl_matrix *BS = gsl_matrix_alloc(p, K), *extra = gsl_matrix_alloc(p, p);
  int rc = w && scale && J && D && S && M && JD && B && BS && extra ? VT_OK : VT_ENOMEM;
  for (size_t i = 0, c = 0, q = 0; !rc && i < n; i++) { /* 1/sigma where the data have one */
    w[i] = 1.0;
    if (i < data->n_dh) {
      if (!isnan(data->dh[i].sigma_J_per_mol)) w[i] = 1.0 / data->dh[i].sigma_J_per_mol;
      continue;
    }
    if (data->curves[c].sigma) w[i] = 1.0 / data->curves[c].sigma[q];
    if (++q == data->curves[c].n) c++, q = 0;
  }
  if (!rc) rc = scaled_jacobian(model, data, opts, result, w, J, scale, err);
  if (!rc) {
    /* dp = (J^T J)^-1 J^T D dtheta: the lines' covariance carried to the parameters */
    line_terms(data, cal, w, D, S);
    gsl_multifit_nlinear_covar(J, 1e-12, M);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, J, D, 0.0, JD);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, M, JD, 0.0, B);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, B, S, 0.0, BS);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, BS, B, 0.0, extra);
    add_covariance(result, extra, scale);
  }
  free(w);
  free(scale);
  gsl_matrix_free(J);
  gsl_matrix_free(D);
  gsl_matrix_free(S);
  gsl_matrix_free(M);
  gsl_matrix_free(JD);
  gsl_matrix_free(B);
  gsl_matrix_free(BS);
  gsl_matrix_free(extra);
  return rc == VT_ENOMEM ? vt_fail(err, rc, "out of memory") : rc;
}
