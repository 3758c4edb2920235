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

/* Both dh panels share the time range of the data and the fitted lines. */
static void time_range(const fit_job *pd, double *lo, double *hi) {
  *lo = INFINITY;
  *hi = 0.0;
  for (size_t i = 0; i < pd->lines.n_dh; i++) {
    *lo = fmin(*lo, vt_dh_point_time(&pd->lines.dh[i]));
    *hi = fmax(*hi, vt_dh_point_time(&pd->lines.dh[i]));
  }
}

/* dh against time (points: data, lines: fit) and the residuals below, one colour per protocol. */
static void script_dh(cli_script *t, const fit_job *pd) {
  double lo, hi;
  time_range(pd, &lo, &hi);
  if (hi > 0) cli_script_add(t, "set xrange [%.6g:%.6g]\n", lo, hi);
  cli_script_add(
      t, "set logscale x\nset format x '10^{%%L}'\n"
         "set xlabel 't_2 (two-step anneals) or t_1 (single steps)  (s)'\n"
         "set ylabel '{/Symbol D}h (J/mol)'\nset title 'enthalpy released: data and fit'\nplot ");
  for (int pass = 0; pass < 2; pass++) {
    for (size_t k = 0; k < pd->n_ps; k++) {
      char title[160];
      double frac = pd->n_ps > 1 ? (double)k / (double)(pd->n_ps - 1) : 0.0;
      protocol_title(&pd->ps[k], title, sizeof title);
      if (pass == 0)
        cli_script_add(
            t,
            "%spoints skip 1 using (($1==%zu && $2>0) ? $2 : 1/0):3 with points pt 7 ps 0.7 "
            "lc palette frac %.4f title '%s', \\\n  lines skip 1 using ($1==%zu ? $2 : 1/0):3 "
            "with lines lc palette frac %.4f notitle",
            k ? ", \\\n  " : "", k, frac, title, k, frac);
      else
        cli_script_add(
            t,
            "%spoints skip 1 using (($1==%zu && $2>0) ? $2 : 1/0):5 with points pt 7 ps 0.7 "
            "lc palette frac %.4f notitle",
            k ? ", \\\n  " : "", k, frac);
    }
    if (pass == 0)
      cli_script_add(
          t, "\nset title 'residuals (predicted - measured)'\nset ylabel 'residual (J/mol)'\n"
             "plot ");
  }
  cli_script_add(t,
                 ", \\\n  0 with lines lc rgb 'black' notitle\nunset logscale x\nset autoscale x\n"
                 "set format x '%%g'\n");
}

/* Several curves are stacked (each shifted up by CURVE_SHIFT) so that each fit can be seen. */
#define CURVE_SHIFT 0.5

static void script_curves(cli_script *t, const fit_job *pd) {
  size_t n = pd->rep.data->n_curves;
  double shift = n > 1 ? CURVE_SHIFT : 0.0;
  cli_script_add(t,
                 "set title 'Cp_N on the heating scans: data (points) and fit (lines)'\n"
                 "set xlabel 'T (K)'\nshift = %g\n",
                 shift);
  if (n > 1)
    cli_script_add(
        t, "set ylabel 'C_{p,N} + %g k (curve k = 0, 1, ...)'\nset key reverse Left\nplot ", shift);
  else
    cli_script_add(t, "set ylabel 'C_{p,N}'\nplot ");
  for (size_t c = 0; c < n; c++) { /* data as points, the fit as a line, one colour per curve */
    char q[1024];
    double frac = n > 1 ? (double)c / (double)(n - 1) : 0.0;
    cli_script_add(
        t,
        "%scurves skip 1 using ($1==%zu ? $2 : 1/0):($3 + %zu * shift) with points pt 7 ps 0.3 "
        "lc palette frac %.4f title '%s' noenhanced, \\\n  curves skip 1 using ($1==%zu ? $2 "
        ": 1/0):($4 + %zu * shift) with lines lw 1.5 lc palette frac %.4f notitle",
        c ? ", \\\n  " : "", c, c, frac, cli_gp_quote(pd->rep.data->curves[c].name, q, sizeof q), c,
        c, frac);
  }
  cli_script_add(t, "\n");
}

int fit_plot(const void *job, const char *const *files) {
  const fit_job *pd = job;
  cli_script t = {0};
  char q[3][1024];
  int panels = (pd->rep.data->n_dh ? 2 : 0) + (pd->rep.data->n_curves ? 1 : 0);
  for (int k = 0; k < 3; k++) cli_gp_quote(files[2 + k] ? files[2 + k] : "", q[k], sizeof q[k]);
  cli_script_add(
      &t,
      "points = '%s'\nlines = '%s'\ncurves = '%s'\nset grid\nunset colorbox\n"
      "set palette defined (0 '#1f4fd0', 0.35 '#009e73', 0.7 '#e69f00', 1 '#cc2020')\n"
      "# the same margins in every panel, so their axes line up; the key goes on the right\n"
      "set lmargin at screen 0.11\nset rmargin at screen 0.70\nset key outside right font ',8'\n",
      q[0], q[1], q[2]);
  cli_script_add(&t, "set multiplot layout %d,1 title 'vitrum fit: %s, {/Symbol c}^2/dof = %.4g'\n",
                 panels, vt_model_name(pd->rep.model), pd->rep.result->chi2_dof);
  if (pd->rep.data->n_dh) script_dh(&t, pd);
  if (pd->rep.data->n_curves) script_curves(&t, pd);
  cli_script_add(&t, "unset multiplot\n");
  return cli_script_plot(CMD, pd->plot, &t);
}
