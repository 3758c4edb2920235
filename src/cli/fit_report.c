/* vitrum fit's report: the summary on standard output, the CSV files and the plot script. The
 * numbers come from the library (vt_fit_run, vt_fit_protocols, vt_fit_predict); this file only
 * formats them. */
#include "fit_report.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define CMD       "fit"
#define CORR_WARN 0.99 /* |r| above this: the data fix only a combination of the pair */

static const vt_param_info *param_info(const vt_model *m, const char *name) {
  size_t n;
  const vt_param_info *t = vt_model_params(m, &n);
  for (size_t k = 0; k < n; k++)
    if (strcmp(t[k].name, name) == 0) return &t[k];
  return NULL;
}

/* A standard error in the display unit (units are linear: only the factor applies). */
static double se_in_unit(double se, const vt_param_info *pi) {
  return se * (vt_from_si(1.0, pi->dim, pi->unit) - vt_from_si(0.0, pi->dim, pi->unit));
}

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
static void print_curve_tf(FILE *fp, const fit_job *j) {
  const vt_fit_data *d = j->data;
  size_t n = d->n_curves, at = d->n_dh;
  double *tf = malloc(2 * n * sizeof *tf + 1);
  if (!tf) return;
  fprintf(fp, "  equal-area Tf of each Cp_N curve (K), measured and fitted:\n");
  for (size_t c = 0; c < n; c++) {
    const vt_cpn_curve *cv = &d->curves[c];
    tf[c] = vt_cpn_fictive_temperature(cv->T_K, cv->CpN, cv->n);
    tf[n + c] = vt_cpn_fictive_temperature(cv->T_K, j->r->predicted + at, cv->n);
    at += cv->n;
    fprintf(fp, "    %-44s %9.3f %9.3f  (fit - data %+.3f)\n", cv->name, tf[c], tf[n + c],
            tf[n + c] - tf[c]);
  }
  if (n > 2)
    fprintf(fp, "  Tf falls from curve to curve: measured %s, fitted %s\n",
            falling(tf, n) ? "yes" : "no", falling(tf + n, n) ? "yes" : "no");
  free(tf);
}

void fit_print_summary(FILE *fp, const fit_job *j) {
  const vt_model *m = j->m;
  const vt_fit_data *d = j->data;
  const vt_fit_result *r = j->r;
  size_t n_curve_points = r->n_data - d->n_dh;
  fprintf(fp, "vitrum fit: model %s", vt_model_name(m));
  if (d->n_dh) fprintf(fp, ", %zu dh points", d->n_dh);
  if (d->n_curves)
    fprintf(fp, ", %zu Cp_N curve%s (%zu points)", d->n_curves, d->n_curves == 1 ? "" : "s",
            n_curve_points);
  fprintf(fp, ", %s reading\n", j->reading == VT_DH_DSC ? "dsc" : "state");
  fprintf(fp, "  fitted values (standard errors %s):\n",
          r->weighted ? "from the data's sigma"
                      : "scaled by sqrt(chi2/dof): the data carry no sigma");
  print_values(fp, m, r);
  if (j->curve_file)
    fprintf(fp, "  (the standard errors include the uncertainty of the reference's glass and "
                "liquid lines, which every curve shares)\n");
  fprintf(fp, "  chi2 = %.6g, %zu points - %zu free%s = %zu dof, chi2/dof = %.6g (%s)\n", r->chi2,
          r->n_data, r->n_free, r->dh_offset_fitted ? " - 1 offset" : "", r->dof, r->chi2_dof,
          r->weighted ? "weighted by sigma: ~1 for a good fit"
                      : "unweighted: residuals squared in the data's units");
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
  if (d->n_curves) print_curve_tf(fp, j);
  for (const char *w = r->warnings; *w;) {
    size_t n = strcspn(w, "\n");
    fprintf(fp, "  WARNING: %.*s\n", (int)n, w);
    w += n + (w[n] == '\n');
  }
}

/* ---- files ----------------------------------------------------------------------------------- */

void fit_write_values(FILE *fp, const void *job) {
  const fit_job *jb = job;
  const vt_model *m = jb->m;
  const vt_fit_result *r = jb->r;
  if (!r->converged) fprintf(fp, "# converged=no: %s\n", r->message);
  fprintf(fp, "name,value_si,unit,value_in_unit,se_in_unit\n");
  for (size_t j = 0; j < r->n_free; j++) {
    const vt_param_info *pi = param_info(m, r->names[j]);
    vt_csv_write_text(fp, pi->name);
    fprintf(fp, ",%.17g,", r->value[j]);
    vt_csv_write_text(fp, pi->unit);
    fprintf(fp, ",%.12g,%.6g\n", vt_from_si(r->value[j], pi->dim, pi->unit),
            se_in_unit(r->se[j], pi));
  }
  if (r->dh_offset_fitted)
    fprintf(fp, "dh_offset,%.17g,J/mol,%.12g,%.6g\n", r->dh_offset_J_per_mol,
            r->dh_offset_J_per_mol, r->dh_offset_se_J_per_mol);
}

void fit_write_predicted(FILE *fp, const void *job) {
  const fit_job *j = job;
  const vt_fit_data *d = j->data;
  const vt_fit_result *r = j->r;
  fprintf(fp, "T1_K,t1_s,T2_K,t2_s,dh_J_per_mol,predicted_J_per_mol,residual_J_per_mol,curve,T_K,"
              "CpN,predicted_CpN,residual_CpN,source\n");
  char src[600];
  for (size_t i = 0; i < d->n_dh; i++) {
    const vt_dh_point *p = &d->dh[i];
    fprintf(fp, "%.10g,%.10g,", p->T1_K, p->t1_s);
    if (!isnan(p->T2_K))
      fprintf(fp, "%.10g,%.10g", p->T2_K, p->t2_s);
    else
      fputc(',', fp);
    fprintf(fp, ",%.10g,%.10g,%.6g,,,,,,", p->dh_J_per_mol, r->predicted[i], r->residual[i]);
    snprintf(src, sizeof src, "%s:%ld", j->dh_file[i], p->line);
    vt_csv_write_text(fp, src);
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
      snprintf(src, sizeof src, "%s:%ld", j->curve_file ? j->curve_file : cv->name,
               j->curve_lines[c][k]);
      vt_csv_write_text(fp, src);
      fputc('\n', fp);
    }
  }
}

void fit_write_points(FILE *fp, const void *ctx) {
  const fit_job *pd = ctx;
  fprintf(fp, "protocol,t_s,dh_J_per_mol,predicted_J_per_mol,residual_J_per_mol\n");
  for (size_t i = 0; i < pd->data->n_dh; i++)
    fprintf(fp, "%zu,%.10g,%.10g,%.10g,%.6g\n", pd->proto_of[i], vt_dh_point_time(&pd->data->dh[i]),
            pd->data->dh[i].dh_J_per_mol, pd->r->predicted[i], pd->r->residual[i]);
}

void fit_write_lines(FILE *fp, const void *ctx) {
  const fit_job *pd = ctx;
  fprintf(fp, "protocol,t_s,predicted_J_per_mol\n");
  for (size_t i = 0; i < pd->lines->n_dh; i++)
    fprintf(fp, "%zu,%.10g,%.10g\n", pd->line_proto[i], vt_dh_point_time(&pd->lines->dh[i]),
            pd->line_pred[i]);
}

void fit_write_curves(FILE *fp, const void *ctx) {
  const fit_job *pd = ctx;
  fprintf(fp, "curve,T_K,CpN,predicted_CpN\n");
  size_t i = pd->data->n_dh;
  for (size_t c = 0; c < pd->data->n_curves; c++) {
    const vt_cpn_curve *cv = &pd->data->curves[c];
    for (size_t k = 0; k < cv->n; k++, i++)
      fprintf(fp, "%zu,%.10g,%.10g,%.10g\n", c, cv->T_K[k], cv->CpN[k], pd->r->predicted[i]);
  }
}

/* A growing text for the gnuplot script (its length grows with the protocols). */
typedef struct text {
  char *s;
  size_t n, cap;
  int failed;
} text;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
add(text *t, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int need = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (t->failed || need < 0) return;
  if (t->n + (size_t)need + 1 > t->cap) {
    size_t cap = 2 * (t->n + (size_t)need + 1);
    char *grown = realloc(t->s, cap);
    if (!grown) {
      t->failed = 1;
      return;
    }
    t->s = grown;
    t->cap = cap;
  }
  va_start(ap, fmt);
  vsnprintf(t->s + t->n, t->cap - t->n, fmt, ap);
  va_end(ap);
  t->n += (size_t)need;
}

static void protocol_title(const vt_fit_protocol *q, char *buf, size_t size) {
  if (isnan(q->T2_K))
    snprintf(buf, size, "single step at %g K", q->T1_K);
  else
    snprintf(buf, size, "%g K for %g s, then %g K", q->T1_K, q->t1_s, q->T2_K);
}

/* Both dh panels share the time range of the data and the fitted lines. */
static void time_range(const fit_job *pd, double *lo, double *hi) {
  *lo = INFINITY;
  *hi = 0.0;
  for (size_t i = 0; i < pd->lines->n_dh; i++) {
    *lo = fmin(*lo, vt_dh_point_time(&pd->lines->dh[i]));
    *hi = fmax(*hi, vt_dh_point_time(&pd->lines->dh[i]));
  }
}

/* dh against time (points: data, lines: fit) and the residuals below, one colour per protocol. */
static void script_dh(text *t, const fit_job *pd) {
  double lo, hi;
  time_range(pd, &lo, &hi);
  if (hi > 0) add(t, "set xrange [%.6g:%.6g]\n", lo, hi);
  add(t, "set logscale x\nset format x '10^{%%L}'\n"
         "set xlabel 't_2 (two-step anneals) or t_1 (single steps)  (s)'\n"
         "set ylabel '{/Symbol D}h (J/mol)'\nset title 'enthalpy released: data and fit'\nplot ");
  for (int pass = 0; pass < 2; pass++) {
    for (size_t k = 0; k < pd->n_ps; k++) {
      char title[160];
      double frac = pd->n_ps > 1 ? (double)k / (double)(pd->n_ps - 1) : 0.0;
      protocol_title(&pd->ps[k], title, sizeof title);
      if (pass == 0)
        add(t,
            "%spoints skip 1 using (($1==%zu && $2>0) ? $2 : 1/0):3 with points pt 7 ps 0.7 "
            "lc palette frac %.4f title '%s', \\\n  lines skip 1 using ($1==%zu ? $2 : 1/0):3 "
            "with lines lc palette frac %.4f notitle",
            k ? ", \\\n  " : "", k, frac, title, k, frac);
      else
        add(t,
            "%spoints skip 1 using (($1==%zu && $2>0) ? $2 : 1/0):5 with points pt 7 ps 0.7 "
            "lc palette frac %.4f notitle",
            k ? ", \\\n  " : "", k, frac);
    }
    if (pass == 0)
      add(t, "\nset title 'residuals (predicted - measured)'\nset ylabel 'residual (J/mol)'\n"
             "plot ");
  }
  add(t, ", \\\n  0 with lines lc rgb 'black' notitle\nunset logscale x\nset autoscale x\n"
         "set format x '%%g'\n");
}

/* Several curves are stacked (each shifted up by CURVE_SHIFT) so that each fit can be seen. */
#define CURVE_SHIFT 0.5

static void script_curves(text *t, const fit_job *pd) {
  size_t n = pd->data->n_curves;
  double shift = n > 1 ? CURVE_SHIFT : 0.0;
  add(t,
      "set title 'Cp_N on the heating scans: data (points) and fit (lines)'\n"
      "set xlabel 'T (K)'\nshift = %g\n",
      shift);
  if (n > 1)
    add(t, "set ylabel 'C_{p,N} + %g k (curve k = 0, 1, ...)'\nset key reverse Left\nplot ", shift);
  else
    add(t, "set ylabel 'C_{p,N}'\nplot ");
  for (size_t c = 0; c < n; c++) { /* data as points, the fit as a line, one colour per curve */
    char q[1024];
    double frac = n > 1 ? (double)c / (double)(n - 1) : 0.0;
    add(t,
        "%scurves skip 1 using ($1==%zu ? $2 : 1/0):($3 + %zu * shift) with points pt 7 ps 0.3 "
        "lc palette frac %.4f title '%s' noenhanced, \\\n  curves skip 1 using ($1==%zu ? $2 "
        ": 1/0):($4 + %zu * shift) with lines lw 1.5 lc palette frac %.4f notitle",
        c ? ", \\\n  " : "", c, c, frac, cli_gp_quote(pd->data->curves[c].name, q, sizeof q), c, c,
        frac);
  }
  add(t, "\n");
}

int fit_plot(const void *job, const char *const *files) {
  const fit_job *pd = job;
  text t = {NULL, 0, 0, 0};
  char q[3][1024];
  int panels = (pd->data->n_dh ? 2 : 0) + (pd->data->n_curves ? 1 : 0);
  for (int k = 0; k < 3; k++) cli_gp_quote(files[2 + k] ? files[2 + k] : "", q[k], sizeof q[k]);
  add(&t,
      "points = '%s'\nlines = '%s'\ncurves = '%s'\nset grid\nunset colorbox\n"
      "set palette defined (0 '#1f4fd0', 0.35 '#009e73', 0.7 '#e69f00', 1 '#cc2020')\n"
      "# the same margins in every panel, so their axes line up; the key goes on the right\n"
      "set lmargin at screen 0.11\nset rmargin at screen 0.70\nset key outside right font ',8'\n",
      q[0], q[1], q[2]);
  add(&t, "set multiplot layout %d,1 title 'vitrum fit: %s, {/Symbol c}^2/dof = %.4g'\n", panels,
      vt_model_name(pd->m), pd->r->chi2_dof);
  if (pd->data->n_dh) script_dh(&t, pd);
  if (pd->data->n_curves) script_curves(&t, pd);
  add(&t, "unset multiplot\n");
  int rc = t.failed ? (cli_error(CMD, "out of memory"), -1) : cli_plot(CMD, pd->plot, t.s);
  free(t.s);
  return rc;
}
