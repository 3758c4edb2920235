/* vitrum fit's files and plot: the tables come from the library (report.h), the fitted line of
 * each protocol from vt_fit_protocols, vt_fit_protocol_lines and vt_fit_predict; this file draws
 * them with gnuplot. */
#include "fit_report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "script.h"

#define CMD         "fit"
#define LINE_POINTS 40 /* per protocol on the plot's fitted lines */

int fit_plot_lines(vt_model *m, const vt_fit_options *o, fit_job *j) {
  const vt_fit_data *d = j->rep.data;
  vt_error err;
  j->proto_of = malloc((d->n_dh + 1) * sizeof *j->proto_of);
  if (!j->proto_of) return cli_error(CMD, "out of memory"), -1;
  if (vt_fit_protocols(d, &j->ps, &j->n_ps, j->proto_of, &err) ||
      vt_fit_protocol_lines(j->ps, j->n_ps, LINE_POINTS, &j->lines, &j->line_proto, &err))
    return cli_error(CMD, "%s", err.message), -1;
  j->line_pred = malloc((j->lines.n_dh + 1) * sizeof *j->line_pred);
  if (!j->line_pred) return cli_error(CMD, "out of memory"), -1;
  if (j->lines.n_dh && vt_fit_predict(m, &j->lines, o, j->line_pred, &err))
    return cli_error(CMD, "--plot: the fitted lines: %s", err.message), -1;
  return 0;
}

void fit_job_free(fit_job *j) {
  free(j->ps);
  free(j->proto_of);
  free(j->line_proto);
  vt_fit_data_free(&j->lines);
  free(j->line_pred);
}

/* ---- files (a failed write is reported when the output set commits) -------------------------- */

CLI_WRITER(write_values, fit_job, vt_fit_values_write_csv(&j->rep, fp, NULL));

CLI_WRITER(write_predicted, fit_job, vt_fit_predicted_write_csv(&j->rep, fp, NULL));

CLI_WRITER(write_points, fit_job, vt_fit_points_write_csv(&j->rep, j->proto_of, fp, NULL));

CLI_WRITER(write_lines, fit_job,
           vt_fit_lines_write_csv(&j->lines, j->line_proto, j->line_pred, fp, NULL));

CLI_WRITER(write_curves, fit_job, vt_fit_curves_write_csv(&j->rep, fp, NULL));

void fit_outputs(const char *output, const char *predicted, const vt_fit_data *d,
                 cli_out outs[FIT_OUTPUTS]) {
  const cli_out all[FIT_OUTPUTS] = {
      {"-o", output, 0, NULL, write_values},
      {"--predicted", predicted, 0, NULL, write_predicted},
      {"--plot (points)", NULL, 0, !d || d->n_dh ? "_points.csv" : NULL, write_points},
      {"--plot (lines)", NULL, 0, !d || d->n_dh ? "_lines.csv" : NULL, write_lines},
      {"--plot (curves)", NULL, 0, !d || d->n_curves ? "_curves.csv" : NULL, write_curves}};
  memcpy(outs, all, sizeof all);
}

/* ---- the plot -------------------------------------------------------------------------------- */

static void protocol_title(const vt_fit_protocol *q, char *buf, size_t size) {
  if (isnan(q->T2_K))
    snprintf(buf, size, "single step at %g K", q->T1_K);
  else
    snprintf(buf, size, "%g K for %g s, then %g K", q->T1_K, q->t1_s, q->T2_K);
}

/* The data's time range (s): both dh panels show it; hi = 0 without points. */
static void time_range(const fit_job *pd, double *lo, double *hi) {
  *lo = INFINITY;
  *hi = 0.0;
  for (size_t i = 0; i < pd->lines.n_dh; i++) {
    *lo = fmin(*lo, vt_dh_point_time(&pd->lines.dh[i]));
    *hi = fmax(*hi, vt_dh_point_time(&pd->lines.dh[i]));
  }
}

/* Several curves are stacked (each shifted up by CURVE_SHIFT) so that each fit can be seen. */
#define CURVE_SHIFT 0.5

/* array var[n]: the palette fractions k/(n-1), to 4 decimals as the key's colours always were. */
static void fractions(cli_script *t, const char *var, size_t n) {
  cli_script_add(t, "array %s[%zu]\n", var, n);
  for (size_t k = 0; k < n; k++)
    cli_script_add(t, "%s[%zu] = %.4f\n", var, k + 1, n > 1 ? (double)k / (double)(n - 1) : 0.0);
}

/* The dh panels' variables: the protocols' titles and colours, the time range. */
static void dh_vars(cli_script *t, const fit_job *pd) {
  double lo, hi;
  time_range(pd, &lo, &hi);
  cli_script_add(t, "n_ps = %zu\nt_lo = %.6g\nt_hi = %.6g\narray protocol[%zu]\n", pd->n_ps,
                 hi > 0 ? lo : 0.0, hi, pd->n_ps);
  for (size_t k = 0; k < pd->n_ps; k++) {
    char title[160];
    protocol_title(&pd->ps[k], title, sizeof title);
    cli_script_add(t, "protocol[%zu] = '%s'\n", k + 1, title);
  }
  fractions(t, "frac", pd->n_ps);
}

static void curve_vars(cli_script *t, const fit_job *pd) {
  size_t n = pd->rep.data->n_curves;
  cli_script_add(t, "n_curves = %zu\nshift = %g\narray curve[%zu]\n", n, n > 1 ? CURVE_SHIFT : 0.0,
                 n);
  for (size_t c = 0; c < n; c++) {
    char name[32];
    snprintf(name, sizeof name, "curve[%zu]", c + 1);
    cli_gp_str(t, name, pd->rep.data->curves[c].name);
  }
  fractions(t, "cfrac", n);
}

int fit_plot(const void *job, const char *const *files) {
  const fit_job *pd = job;
  cli_script t = {0};
  cli_gp_data(&t, "points", files[2] ? files[2] : "");
  cli_gp_data(&t, "lines", files[3] ? files[3] : "");
  cli_gp_data(&t, "curves", files[4] ? files[4] : "");
  cli_gp_str(&t, "model", vt_model_name(pd->rep.model));
  cli_gp_num(&t, "chi2", pd->rep.result->chi2_dof);
  cli_script_add(&t, "panels = %d\nn_ps = 0\nn_curves = 0\n",
                 (pd->rep.data->n_dh ? 2 : 0) + (pd->rep.data->n_curves ? 1 : 0));
  if (pd->rep.data->n_dh) dh_vars(&t, pd);
  if (pd->rep.data->n_curves) curve_vars(&t, pd);
  return cli_plot_with(CMD, pd->plot, "fit", &t);
}
