/* The tables and summary of a model fit (vt_fit_run; paper 000), as vitrum fit writes them
 * (report.h): values in SI and in the model table's units, per-point predictions with their
 * sources, the plot's points, lines and curves, and the summary with the correlations. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"
#include "vitrum/report.h"

#define CORR_WARN 0.99 /* |r| above this: the data fix only a combination of the pair */

static const vt_param_info *param_info(const vt_model *m, const char *name) {
  size_t n;
  const vt_param_info *t = vt_model_params(m, &n);
  for (size_t k = 0; t && k < n; k++)
    if (strcmp(t[k].name, name) == 0) return &t[k];
  return NULL;
}

/* A standard error in the display unit (units are linear: only the factor applies). */
static double se_in_unit(double se, const vt_param_info *pi) {
  return se * (vt_from_si(1.0, pi->dim, pi->unit) - vt_from_si(0.0, pi->dim, pi->unit));
}

static size_t n_points(const vt_fit_data *d) {
  size_t n = d->n_dh;
  for (size_t c = 0; c < d->n_curves; c++) n += d->curves[c].n;
  return n;
}

/* The report holds a fit of its model to its data: the writers may read every array. */
static int check(const vt_fit_report *r, FILE *fp, const char *fn, vt_error *err) {
  if (!r || !fp || !r->model || !r->data || !r->result)
    return vt_fail(err, VT_EINVAL, "%s: NULL report, model, data, result or file", fn);
  const vt_fit_result *f = r->result;
  if (f->n_data != n_points(r->data) || (f->n_data && (!f->predicted || !f->residual)))
    return vt_fail(err, VT_EINVAL, "%s: the result has %zu points, the data %zu", fn, f->n_data,
                   n_points(r->data));
  if (f->n_free && (!f->names || !f->value || !f->se || !f->correlation))
    return vt_fail(err, VT_EINVAL, "%s: the result holds no values", fn);
  for (size_t j = 0; j < f->n_free; j++)
    if (!param_info(r->model, f->names[j]))
      return vt_fail(err, VT_EINVAL, "%s: '%s' is not a parameter of model %s", fn, f->names[j],
                     vt_model_name(r->model));
  return VT_OK;
}

/* ---- tables ---------------------------------------------------------------------------------- */

int vt_fit_values_write_csv(const vt_fit_report *rep, FILE *fp, vt_error *err) {
  int rc = check(rep, fp, "vt_fit_values_write_csv", err);
  if (rc) return rc;
  const vt_fit_result *r = rep->result;
  if (!r->converged) fprintf(fp, "# converged=no: %s\n", r->message);
  fprintf(fp, "name,value_si,unit,value_in_unit,se_in_unit\n");
  for (size_t j = 0; j < r->n_free; j++) {
    const vt_param_info *pi = param_info(rep->model, r->names[j]);
    vt_csv_write_text(fp, pi->name);
    fprintf(fp, ",%.17g,", r->value[j]);
    vt_csv_write_text(fp, pi->unit);
    fprintf(fp, ",%.12g,%.6g\n", vt_from_si(r->value[j], pi->dim, pi->unit),
            se_in_unit(r->se[j], pi));
  }
  if (r->dh_offset_fitted)
    fprintf(fp, "dh_offset,%.17g,J/mol,%.12g,%.6g\n", r->dh_offset_J_per_mol,
            r->dh_offset_J_per_mol, r->dh_offset_se_J_per_mol);
  return vt_report_done(fp, err);
}

/* "file:line" as a CSV field (empty without a file). */
static void source(FILE *fp, const char *file, long line) {
  char src[600];
  snprintf(src, sizeof src, "%s:%ld", file ? file : "", line);
  vt_csv_write_text(fp, file ? src : "");
}

int vt_fit_predicted_write_csv(const vt_fit_report *rep, FILE *fp, vt_error *err) {
  int rc = check(rep, fp, "vt_fit_predicted_write_csv", err);
  if (rc) return rc;
  const vt_fit_data *d = rep->data;
  const vt_fit_result *r = rep->result;
  fprintf(fp, "T1_K,t1_s,T2_K,t2_s,dh_J_per_mol,predicted_J_per_mol,residual_J_per_mol,curve,T_K,"
              "CpN,predicted_CpN,residual_CpN,source\n");
  for (size_t i = 0; i < d->n_dh; i++) {
    const vt_dh_point *p = &d->dh[i];
    fprintf(fp, "%.10g,%.10g,", p->T1_K, p->t1_s);
    if (!isnan(p->T2_K))
      fprintf(fp, "%.10g,%.10g", p->T2_K, p->t2_s);
    else
      fputc(',', fp);
    fprintf(fp, ",%.10g,%.10g,%.6g,,,,,,", p->dh_J_per_mol, r->predicted[i], r->residual[i]);
    source(fp, rep->dh_file ? rep->dh_file[i] : NULL, p->line);
    fputc('\n', fp);
  }
  size_t i = d->n_dh;
  for (size_t c = 0; c < d->n_curves; c++) {
    const vt_cpn_curve *cv = &d->curves[c];
    for (size_t k = 0; k < cv->n; k++, i++) {
      fprintf(fp, ",,,,,,,");
      vt_csv_write_text(fp, cv->name);
      fprintf(fp, ",%.10g,%.10g,%.10g,%.6g,", cv->T_K[k], cv->CpN[k], r->predicted[i],
              r->residual[i]);
      const char *file = rep->curve_file ? rep->curve_file : cv->name;
      source(fp, rep->curve_lines ? file : NULL, rep->curve_lines ? rep->curve_lines[c][k] : 0);
      fputc('\n', fp);
    }
  }
  return vt_report_done(fp, err);
}

int vt_fit_points_write_csv(const vt_fit_report *rep, const size_t *protocol_of, FILE *fp,
                            vt_error *err) {
  if (!protocol_of) return vt_fail(err, VT_EINVAL, "vt_fit_points_write_csv: NULL protocol_of");
  int rc = check(rep, fp, "vt_fit_points_write_csv", err);
  if (rc) return rc;
  const vt_fit_data *d = rep->data;
  fprintf(fp, "protocol,t_s,dh_J_per_mol,predicted_J_per_mol,residual_J_per_mol\n");
  for (size_t i = 0; i < d->n_dh; i++)
    fprintf(fp, "%zu,%.10g,%.10g,%.10g,%.6g\n", protocol_of[i], vt_dh_point_time(&d->dh[i]),
            d->dh[i].dh_J_per_mol, rep->result->predicted[i], rep->result->residual[i]);
  return vt_report_done(fp, err);
}

int vt_fit_lines_write_csv(const vt_fit_data *lines, const size_t *protocol_of,
                           const double *predicted, FILE *fp, vt_error *err) {
  if (!lines || !protocol_of || !predicted || !fp)
    return vt_fail(err, VT_EINVAL, "vt_fit_lines_write_csv: NULL argument");
  fprintf(fp, "protocol,t_s,predicted_J_per_mol\n");
  for (size_t i = 0; i < lines->n_dh; i++)
    fprintf(fp, "%zu,%.10g,%.10g\n", protocol_of[i], vt_dh_point_time(&lines->dh[i]), predicted[i]);
  return vt_report_done(fp, err);
}

int vt_fit_curves_write_csv(const vt_fit_report *rep, FILE *fp, vt_error *err) {
  int rc = check(rep, fp, "vt_fit_curves_write_csv", err);
  if (rc) return rc;
  const vt_fit_data *d = rep->data;
  fprintf(fp, "curve,T_K,CpN,predicted_CpN\n");
  size_t i = d->n_dh;
  for (size_t c = 0; c < d->n_curves; c++) {
    const vt_cpn_curve *cv = &d->curves[c];
    for (size_t k = 0; k < cv->n; k++, i++)
      fprintf(fp, "%zu,%.10g,%.10g,%.10g\n", c, cv->T_K[k], cv->CpN[k], rep->result->predicted[i]);
  }
  return vt_report_done(fp, err);
}

/* ---- the summary ----------------------------------------------------------------------------- */

static void print_values(FILE *fp, const vt_model *m, const vt_fit_result *r) {
  for (size_t j = 0; j < r->n_free; j++) {
    const vt_param_info *pi = param_info(m, r->names[j]);
    double v = vt_from_si(r->value[j], pi->dim, pi->unit);
    fprintf(fp, "    %-10s = %.10g", pi->name, v);
    if (isnan(r->se[j]))
      fprintf(fp, "%s%s (on a bound: no standard error)\n", *pi->unit ? " " : "", pi->unit);
    else
      fprintf(fp, " +- %.3g%s%s\n", se_in_unit(r->se[j], pi), *pi->unit ? " " : "", pi->unit);
  }
  size_t n;
  const vt_param_info *t = vt_model_params(m, &n);
  int first = 1;
  for (size_t k = 0; k < n; k++) {
    size_t j = 0;
    while (j < r->n_free && strcmp(r->names[j], t[k].name) != 0) j++;
    if (j < r->n_free) continue;
    double v;
    vt_model_get(m, t[k].name, &v, NULL);
    fprintf(fp, "%s%s = %g%s%s", first ? "  fixed: " : ", ", t[k].name,
            vt_from_si(v, t[k].dim, t[k].unit), *t[k].unit ? " " : "", t[k].unit);
    first = 0;
  }
  if (!first) fputc('\n', fp);
}

static void print_correlations(FILE *fp, const vt_fit_result *r) {
  size_t p = r->n_free;
  fprintf(fp, "  correlation matrix:\n    %-10s", "");
  for (size_t k = 0; k < p; k++) fprintf(fp, " %9.9s", r->names[k]);
  for (size_t j = 0; j < p; j++) {
    fprintf(fp, "\n    %-10s", r->names[j]);
    for (size_t k = 0; k < p; k++) fprintf(fp, " %9.5f", r->correlation[j * p + k]);
  }
  fputc('\n', fp);
  for (size_t j = 0; j < p; j++)
    for (size_t k = j + 1; k < p; k++) {
      double c = r->correlation[j * p + k];
      if (!(fabs(c) > CORR_WARN)) continue;
      int tnm = (!strcmp(r->names[j], "A") && !strcmp(r->names[k], "dh")) ||
                (!strcmp(r->names[j], "dh") && !strcmp(r->names[k], "A"));
      fprintf(fp,
              "  WARNING: %s and %s are correlated, r = %.5f (|r| > %.2f): the data fix only a "
              "combination of the two, not each alone; a change in one is made up by the other, "
              "so their values and standard errors mean little separately%s\n",
              r->names[j], r->names[k], c, CORR_WARN,
              tnm ? " (TNM: the data fix tau where they were measured, ln A + dh*/(R T) at "
                    "those temperatures; leave one out of --free, or add data over a wider range "
                    "of temperatures)"
                  : "");
    }
}

/* 1 when v[0..n) never rises by more than a millikelvin (NaN breaks it): two scans of one
 * history, read on their own points, differ by less. */
static int falling(const double *v, size_t n) {
  for (size_t k = 1; k < n; k++)
    if (!(v[k] <= v[k - 1] + 1e-3)) return 0;
  return 1;
}

/* Each curve's equal-area Tf, measured and fitted: does the model order the scans as the data
 * do (Tf falling with ageing, dH = dCp (Tf_unaged - Tf) rising)? */
static int print_curve_tf(FILE *fp, const vt_fit_data *d, const vt_fit_result *r, vt_error *err) {
  size_t n = d->n_curves, at = d->n_dh;
  double *tf = malloc(2 * n * sizeof *tf + 1);
  if (!tf) return vt_fail(err, VT_ENOMEM, "out of memory");
  fprintf(fp, "  equal-area Tf of each Cp_N curve (K), measured and fitted:\n");
  for (size_t c = 0; c < n; c++) {
    const vt_cpn_curve *cv = &d->curves[c];
    tf[c] = vt_cpn_fictive_temperature(cv->T_K, cv->CpN, cv->n);
    tf[n + c] = vt_cpn_fictive_temperature(cv->T_K, r->predicted + at, cv->n);
    at += cv->n;
    fprintf(fp, "    %-44s %9.3f %9.3f  (fit - data %+.3f)\n", cv->name, tf[c], tf[n + c],
            tf[n + c] - tf[c]);
  }
  if (n > 2)
    fprintf(fp, "  Tf falls from curve to curve: measured %s, fitted %s\n",
            falling(tf, n) ? "yes" : "no", falling(tf + n, n) ? "yes" : "no");
  free(tf);
  return VT_OK;
}

/* The data, the values and chi^2. */
static void print_head(FILE *fp, const vt_fit_report *rep) {
  const vt_fit_data *d = rep->data;
  const vt_fit_result *r = rep->result;
  size_t n_curve_points = r->n_data - d->n_dh;
  fprintf(fp, "vitrum fit: model %s", vt_model_name(rep->model));
  if (d->n_dh) fprintf(fp, ", %zu dh points", d->n_dh);
  if (d->n_curves)
    fprintf(fp, ", %zu Cp_N curve%s (%zu points)", d->n_curves, d->n_curves == 1 ? "" : "s",
            n_curve_points);
  fprintf(fp, ", %s reading\n", rep->reading == VT_DH_DSC ? "dsc" : "state");
  fprintf(fp, "  fitted values (standard errors %s):\n",
          r->weighted ? "from the data's sigma"
                      : "scaled by sqrt(chi2/dof): the data carry no sigma");
  print_values(fp, rep->model, r);
  if (rep->curve_file)
    fprintf(fp, "  (the standard errors include the uncertainty of the reference's glass and "
                "liquid lines, which every curve shares)\n");
  fprintf(fp, "  chi2 = %.6g, %zu points - %zu free%s = %zu dof, chi2/dof = %.6g (%s)\n", r->chi2,
          r->n_data, r->n_free, r->dh_offset_fitted ? " - 1 offset" : "", r->dof, r->chi2_dof,
          r->weighted ? "weighted by sigma: ~1 for a good fit"
                      : "unweighted: residuals squared in the data's units");
}

int vt_fit_write_summary(const vt_fit_report *rep, FILE *fp, vt_error *err) {
  int rc = check(rep, fp, "vt_fit_write_summary", err);
  if (rc) return rc;
  const vt_fit_result *r = rep->result;
  print_head(fp, rep);
  char why[sizeof r->message];
  snprintf(why, sizeof why, "%s", r->message);
  char *cut = strstr(why, " (start "); /* the library names the start; we say it below */
  if (cut) *cut = '\0';
  fprintf(fp,
          "  %ld model runs (%ld with sensitivities); best start %d of %d, %d iterations, "
          "stopped: %s\n",
          r->model_runs, r->sensitivity_runs, r->best_start + 1, r->n_starts, r->iterations, why);
  if (!r->converged) fprintf(fp, "  converged=no: these values are the best point reached\n");
  if (r->dh_offset_fitted)
    fprintf(fp,
            "  dh offset (the data's reference state vs the model's as-cooled glass) = %.6g +- "
            "%.3g J/mol\n",
            r->dh_offset_J_per_mol, r->dh_offset_se_J_per_mol);
  if (r->T_ref_K > 0)
    fprintf(fp, "  fitted as tau_ref = A exp(dh/(R T_ref)) = %.6g +- %.3g s at T_ref = %g K\n",
            r->tau_ref_s, r->tau_ref_se_s, r->T_ref_K);
  print_correlations(fp, r);
  if (rep->data->n_curves && print_curve_tf(fp, rep->data, r, err)) return VT_ENOMEM;
  for (const char *w = r->warnings; *w;) {
    size_t n = strcspn(w, "\n");
    fprintf(fp, "  WARNING: %.*s\n", (int)n, w);
    w += n + (w[n] == '\n');
  }
  return vt_report_done(fp, err);
}
