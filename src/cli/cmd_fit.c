/* vitrum fit: model parameters fitted to enthalpy-recovery tables (single- and two-step anneals,
 * paper 000 Figs. 1-2) and Cp_N heating curves, through vt_fit_run. The command line names the
 * data, the free parameters (the rest stay at their model values) and their bounds; out come
 * the values with standard errors, chi^2, the correlations with a warning for pairs the data
 * cannot separate, and on request the fitted values, per-point predictions and a plot. */
#include <unistd.h>

#include "cmd.h"
#include "cmd_fit.h"

#define CMD         FIT_CMD
#define CLI_NOCONV  3  /* exit status: no start converged; the best point was written */
#define FIT_OUTPUTS 5  /* -o, --predicted, and the plot's points, lines and curves */
#define LINE_POINTS 40 /* per protocol on the plot's fitted lines */

#define F(field) offsetof(fit_opts, field)
static const cli_opt options[] = {
    CLI_TS("--dh", F(dh_files), F(n_dh_files), "FILE",
           "enthalpy released vs the as-cooled glass, CSV with units in the\n"
           "header: T1_K (or T1_C), t1_s (or t1_min), T2_K and t2_s (empty\n"
           "cells: single step), dh_J_per_mol (or dh_kJ_per_mol), optional\n"
           "sigma_J_per_mol; '#' comments; repeat for several files\n"
           "(the dh parameter is set with --set 'dh=164 kJ/mol' here)"),
    CLI_TS("--curve", F(curve_specs), F(n_curve_specs), "DATA:PROG",
           "Cp_N(T) measured on the last (heating) ramp of program PROG: CSV\n"
           "with T_K (or T_C), CpN and optional sigma; repeatable"),
    CLI_S("--scans", CLI_TEXT, F(scans), "FILE",
          "heating scans as the instrument exports them (Mettler STARe\n"
          "text or curve CSV): each selected scan becomes a Cp_N curve on\n"
          "the reference's glass and liquid lines (the options of vitrum tf\n"
          "below; --reference required) and is fitted with its history"),
    CLI_S("--select", CLI_TEXT, F(select), "SPEC",
          "with --scans: the scans to fit, 'all' (default: by segment, the\n"
          "method's order), '0,3,5-7' or 'seg:5,15,21'; references included"),
    CLI_S("--ages", CLI_TEXT, F(ages), "'LIST s'",
          "with --scans: the one-step method's ageing time of each selected\n"
          "scan that is not a reference, in selection order (references:\n"
          "unaged); history: equilibrium at T_eq, cooled at R_c to T_age,\n"
          "aged, cooled to T_low, heated at the scan's own rate"),
    CLI_TABLE_ROWS(vt_scan_fit_option_table, F(scan), "T_age", "T_age"),
    CLI_TS("--program", F(programs), F(n_programs), "FILE",
           "with --scans, instead of --ages: one program file per selected\n"
           "scan (references too), in selection order: its whole history,\n"
           "ending where the scan starts (or with its heating ramp)"),
    CLI_TABLE_ROWS(vt_scan_fit_option_table, F(scan), "points", "weights"),
    CLI_TABLE_ROWS(vt_fit_option_table, F(fit), "dh_offset", "fit_dh_offset"),
    CLI_TS("--free", F(free_lists), F(n_free_lists), "LIST",
           "parameters to fit, e.g. A,dh,x,beta (vitrum models lists them)"),
    CLI_TS("--bound", F(bounds), F(n_bounds), "'NAME=LO,HI UNIT'",
           "bounds of a free parameter, e.g. 'dh=100,250 kJ/mol'\n"
           "(default: the table's); the start must lie inside"),
    CLI_TABLE_ROWS(vt_fit_option_table, F(fit), "starts", "T_ref"),
    CLI_QU("--molar-mass", F(molar_mass), VT_DIM_MOLAR_MASS, "g/mol", "M",
           "molar mass (e.g. '104 g/mol') for dh given per mass: dh_J_per_g",
           CLI_POSITIVE | CLI_NO_DEFAULT),
    CLI_TABLE_ROWS(vt_fit_option_table, F(fit), "jacobian", "jump_rate"),
    CLI_OUT("fitted values: name,value_si,unit,value_in_unit,se_in_unit"),
    CLI_S("--predicted", CLI_OUTPUT, F(predicted), "FILE",
          "every point with the model's value and residual (predicted -\n"
          "measured): T1_K,t1_s,T2_K,t2_s,dh_J_per_mol,predicted_J_per_mol,\n"
          "residual_J_per_mol, then curve,T_K,CpN,predicted_CpN,\n"
          "residual_CpN for curve points, and source (file:line)"),
    CLI_PLOT("dh against t2 (t1 for single steps) with the fitted line per\n"
             "protocol, residuals below (and Cp_N curves); .png/.svg/.pdf, with\n"
             "FILE.gp and the data it plots (FILE_points.csv, FILE_lines.csv)"),
    CLI_F("-q|--quiet", F(quiet), "no summary, progress or 'wrote' lines"),
    CLI_END};

static const cli_command command = {
    .name = CMD,
    .usage = "--dh FILE... [--curve DATA.csv:PROGRAM.prog]... --free LIST [options]\n"
             "--scans EXPORT.txt --reference SPEC (--ages 'LIST s' --T-age T | --program "
             "FILE...) --free LIST [options]",
    .about =
        "Fit model parameters to enthalpy-recovery data (paper 000's TNM fit, for any model):\n"
        "trust-region least squares from the model's values and --starts - 1 Latin-hypercube\n"
        "starts around them; the lowest chi^2 wins. Parameters not in --free keep their model\n"
        "values (defaults, or set with --set/--NAME as below). Values with units and standard\n"
        "errors, chi^2 and correlations go to standard output.\n"
        "\n"
        "Straight from the instrument (--scans): the export's heating scans are analysed as\n"
        "vitrum tf does (reference, glass and liquid lines, each scan moved onto the\n"
        "reference's lines), turned into Cp_N = (y - glass)/(liquid - glass) between the glass\n"
        "window's start and the liquid window's end, given their histories (--ages and --T-age\n"
        "for a one-step ageing method, or --program per scan) and fitted all at once. In this\n"
        "mode --T-eq defaults to the liquid window's end, --cool-rate to each scan's heating\n"
        "rate (Flash DSC methods cool and heat alike; the export holds only the heating\n"
        "scans), --T-low to each scan's first temperature. The summary lists each scan's\n"
        "equal-area Tf, measured and fitted, and says whether they fall with ageing time.",
    .opts = options,
    .groups = CLI_WITH_MODEL | CLI_WITH_DSC | CLI_DSC_NO_MASSES | CLI_WITH_CAL | CLI_CAL_NO_MASSES,
    .model_at = F(model),
    .dsc_at = F(fit.dsc),
    .cal_at = F(cal),
    .footer =
        "A fit that converges from no start writes the best point reached (-o starts with a\n"
        "'# converged=no' line naming the criterion that failed) and exits 3. Exit status: 0\n"
        "success, 1 bad data or failed simulation, 2 bad command line, 3 not converged.\n"};

/* The defaults, all from the library's. */
static fit_opts fit_opts_default(void) {
  fit_opts o;
  memset(&o, 0, sizeof o);
  o.fit = vt_fit_options_default();
  o.scan = vt_scan_fit_options_default();
  o.molar_mass = NAN;
  /* NaN: not given (the scan mode takes them from the data, the others the library's) */
  o.fit.dsc.T_eq_K = o.fit.dsc.T_low_K = o.fit.dsc.cool_rate_K_per_s = NAN;
  return o;
}

/* The scan mode's options go together: --scans with --reference and one kind of history;
 * without --scans none of them. */
static int check_scan_options(const fit_opts *o) {
  const char *stray = o->select                 ? "--select"
                      : o->ages                 ? "--ages"
                      : o->n_programs           ? "--program"
                      : !isnan(o->scan.T_age_K) ? "--T-age"
                                                : cli_cal_given_name(&o->cal);
  if (!o->scans) return stray ? cli_error(CMD, "%s goes with --scans EXPORT.txt", stray), -1 : 0;
  if (o->n_dh_files || o->n_curve_specs)
    return cli_error(CMD, "--scans fits the export's curves alone: leave out --dh and --curve"), -1;
  if (!o->cal.reference)
    return cli_error(CMD, "--scans needs --reference SPEC, the unaged scan(s), e.g. 'seg:5,9'"), -1;
  if (o->ages && o->n_programs)
    return cli_error(CMD, "give the histories either as --ages with --T-age or as --program "
                          "per scan, not both"),
           -1;
  if (!o->ages && !o->n_programs)
    return cli_error(CMD, "the scans have no thermal history: give --ages 'LIST s' with --T-age "
                          "T (a one-step ageing method) or --program FILE per scan"),
           -1;
  if (o->ages && isnan(o->scan.T_age_K))
    return cli_error(CMD, "--ages needs the ageing temperature, --T-age T"), -1;
  return 0;
}

/* What the table cannot say: data and --free are needed, and --dh names a file here (a molar
 * energy means the user meant the parameter). */
static int check_command_line(fit_opts *o) {
  for (size_t k = 0; k < o->n_dh_files; k++) {
    const char *v = o->dh_files[k];
    double e;
    if (access(v, F_OK) != 0 && vt_parse_quantity(v, VT_DIM_MOLAR_ENERGY, &e, NULL) == VT_OK)
      return cli_error(CMD,
                       "--dh '%s': in vitrum fit --dh names a data file; set the parameter with "
                       "--set 'dh=%s'",
                       v, v),
             -1;
  }
  if (check_scan_options(o)) return -1;
  if (!o->n_dh_files && !o->n_curve_specs && !o->scans)
    return cli_error(CMD, "no data: give --dh FILE, --curve DATA.csv:PROGRAM.prog or --scans "
                          "EXPORT.txt"),
           -1;
  if (!o->n_free_lists)
    return cli_error(CMD, "name the parameters to fit with --free, e.g. --free dh,x"), -1;
  vt_dsc_options d = vt_dsc_options_default();
  if (!o->scans) { /* the library's DSC defaults where not given */
    if (isnan(o->fit.dsc.T_eq_K)) o->fit.dsc.T_eq_K = d.T_eq_K;
    if (isnan(o->fit.dsc.T_low_K)) o->fit.dsc.T_low_K = d.T_low_K;
    if (isnan(o->fit.dsc.cool_rate_K_per_s)) o->fit.dsc.cool_rate_K_per_s = d.cool_rate_K_per_s;
  }
  return 0;
}

static int resolve_free(const fit_opts *o, const vt_model *m, vt_fit_params *p) {
  vt_error err;
  for (size_t k = 0; k < o->n_free_lists; k++)
    if (vt_fit_params_add(p, m, o->free_lists[k], &err))
      return cli_error(CMD, "--free: %s", err.message), -1;
  for (size_t k = 0; k < o->n_bounds; k++)
    if (vt_fit_params_bound(p, m, o->bounds[k], &err))
      return cli_error(CMD, "--bound %s", err.message), -1;
  return 0;
}

/* ---- the fit --------------------------------------------------------------------------------- */

static void on_progress(void *ctx, int start, int n_starts, int iteration, double chi2) {
  fprintf(stderr, "\rvitrum fit: start %d/%d, iteration %d, chi2 %.6g   ", start + 1, n_starts,
          iteration, chi2);
  fflush(stderr);
  *(int *)ctx = 1;
}

static int run_fit(fit_opts *o, vt_model *m, const fit_input *in, vt_fit_result *r) {
  int shown = 0;
  if (!o->quiet && isatty(fileno(stderr))) {
    o->fit.progress = on_progress;
    o->fit.progress_ctx = &shown;
  }
  vt_error err;
  int rc = vt_fit_run(m, &in->data, &o->fit, r, &err);
  if (shown) fputc('\n', stderr);
  if (rc) cli_error(CMD, "%s", err.message);
  return rc == VT_ENOCONV && r->value ? CLI_NOCONV : rc ? -1 : 0;
}

/* ---- outputs: the library's tables (report.h) and the plot with the fitted line of each
 * protocol (vt_fit_lines_make), drawn with gnuplot (plots/fit.gp) ----------------------------- */

/* A finished fit and, for the plot, its protocols and fitted lines (owned: vt_fit_lines_free). */
typedef struct fit_job {
  vt_fit_report rep;
  const char *plot; /* the picture (NULL: none) */
  vt_fit_lines l;
} fit_job;

/* A failed write is reported when the output set commits. */
CLI_WRITER(write_values, fit_job, vt_fit_values_write_csv(&j->rep, fp, NULL));

CLI_WRITER(write_predicted, fit_job, vt_fit_predicted_write_csv(&j->rep, fp, NULL));

CLI_WRITER(write_points, fit_job, vt_fit_points_write_csv(&j->rep, j->l.protocol_of, fp, NULL));

CLI_WRITER(write_lines, fit_job,
           vt_fit_lines_write_csv(&j->l.lines, j->l.line_protocol, j->l.predicted, fp, NULL));

CLI_WRITER(write_curves, fit_job, vt_fit_curves_write_csv(&j->rep, fp, NULL));

/* The outputs in FIT_OUTPUTS order (the plot's only those the data have; d NULL: all). */
static void fit_outputs(const char *output, const char *predicted, const vt_fit_data *d,
                        cli_out outs[FIT_OUTPUTS]) {
  const cli_out all[FIT_OUTPUTS] = {
      {"-o", output, 0, NULL, write_values},
      {"--predicted", predicted, 0, NULL, write_predicted},
      {"--plot (points)", NULL, 0, !d || d->n_dh ? "_points.csv" : NULL, write_points},
      {"--plot (lines)", NULL, 0, !d || d->n_dh ? "_lines.csv" : NULL, write_lines},
      {"--plot (curves)", NULL, 0, !d || d->n_curves ? "_curves.csv" : NULL, write_curves}};
  memcpy(outs, all, sizeof all);
}

/* Several curves are stacked (each shifted up by CURVE_SHIFT) so that each fit can be seen. */
#define CURVE_SHIFT 0.5

/* array var[n]: the palette fractions k/(n-1), to 4 decimals as the key's colours always were. */
static void fractions(cli_script *t, const char *var, size_t n) {
  cli_script_add(t, "array %s[%zu]\n", var, n);
  for (size_t k = 0; k < n; k++)
    cli_script_add(t, "%s[%zu] = %.4f\n", var, k + 1, n > 1 ? (double)k / (double)(n - 1) : 0.0);
}

/* The dh panels' variables: the protocols' titles and colours, the lines' time range. */
static void dh_vars(cli_script *t, const vt_fit_lines *l) {
  cli_script_add(t, "n_ps = %zu\nt_lo = %.6g\nt_hi = %.6g\narray protocol[%zu]\n", l->n_protocols,
                 l->t_lo_s, l->t_hi_s, l->n_protocols);
  for (size_t k = 0; k < l->n_protocols; k++) {
    char title[160];
    cli_script_add(t, "protocol[%zu] = '%s'\n", k + 1,
                   vt_fit_protocol_label(&l->protocols[k], title, sizeof title));
  }
  fractions(t, "frac", l->n_protocols);
}

static void curve_vars(cli_script *t, const vt_fit_data *d) {
  cli_script_add(t, "n_curves = %zu\nshift = %g\narray curve[%zu]\n", d->n_curves,
                 d->n_curves > 1 ? CURVE_SHIFT : 0.0, d->n_curves);
  for (size_t c = 0; c < d->n_curves; c++) {
    char name[32];
    snprintf(name, sizeof name, "curve[%zu]", c + 1);
    cli_gp_str(t, name, d->curves[c].name);
  }
  fractions(t, "cfrac", d->n_curves);
}

/* cli_plot_fn: files[2..4] hold the points, lines and curves the script reads. */
static int fit_plot(const void *job, const char *const *files) {
  const fit_job *pd = job;
  cli_script t = {0};
  cli_gp_data(&t, "points", files[2] ? files[2] : "");
  cli_gp_data(&t, "lines", files[3] ? files[3] : "");
  cli_gp_data(&t, "curves", files[4] ? files[4] : "");
  cli_gp_str(&t, "model", vt_model_name(pd->rep.model));
  cli_gp_num(&t, "chi2", pd->rep.result->chi2_dof);
  cli_script_add(&t, "panels = %d\nn_ps = 0\nn_curves = 0\n",
                 (pd->rep.data->n_dh ? 2 : 0) + (pd->rep.data->n_curves ? 1 : 0));
  if (pd->rep.data->n_dh) dh_vars(&t, &pd->l);
  if (pd->rep.data->n_curves) curve_vars(&t, pd->rep.data);
  return cli_plot_with(CMD, pd->plot, "fit", &t);
}

static int report(const fit_opts *o, vt_model *m, const fit_input *in, const vt_fit_result *r) {
  fit_job j;
  memset(&j, 0, sizeof j);
  j.rep = (vt_fit_report){m, &in->data, r, o->fit.reading, in->dh_file, in->curve_lines, o->scans};
  j.plot = o->plot;
  vt_error err;
  int rc = 0;
  if (o->plot && vt_fit_lines_make(m, &in->data, &o->fit, LINE_POINTS, &j.l, &err))
    rc = (cli_error(CMD, "--plot: %s", err.message), -1);
  /* the summary keeps clear of a table written to standard output */
  if (!rc && !o->quiet)
    vt_fit_write_summary(&j.rep, cli_text_stream(o->output, o->predicted), NULL);
  cli_out outs[FIT_OUTPUTS];
  fit_outputs(o->output, o->predicted, &in->data, outs);
  if (!rc) rc = cli_write_outputs(CMD, outs, FIT_OUTPUTS, o->plot, fit_plot, &j, o->quiet);
  vt_fit_lines_free(&j.l);
  return rc ? CLI_FAIL : CLI_OK;
}

static int run(fit_opts *o) {
  vt_model *m = cli_model_make(CMD, &o->model);
  if (!m) return CLI_USAGE;
  int status = CLI_USAGE;
  vt_fit_params params;
  memset(&params, 0, sizeof params);
  if (!resolve_free(o, m, &params)) {
    vt_fit_params_use(&params, &o->fit);
    fit_input in;
    memset(&in, 0, sizeof in);
    int load = fit_load(o, &in);
    vt_fit_result r;
    status = load == -2 ? CLI_USAGE : CLI_FAIL;
    int fit = load ? -1 : run_fit(o, m, &in, &r);
    vt_error e;
    if ((fit == 0 || fit == CLI_NOCONV) && o->scans &&
        vt_fit_scans_line_errors(m, &in.data, &o->fit, &in.run.result, &r, &e))
      fprintf(stderr, "vitrum fit: WARNING: the lines' share of the standard errors: %s\n",
              e.message);
    if (fit == 0 || fit == CLI_NOCONV) {
      if (r.dh_offset_fitted) o->fit.dh_offset_J_per_mol = r.dh_offset_J_per_mol; /* the plot's */
      status = report(o, m, &in, &r);
      if (status == CLI_OK && fit == CLI_NOCONV) status = CLI_NOCONV;
      vt_fit_result_free(&r);
    }
    fit_input_free(&in);
  }
  vt_model_free(m);
  return status;
}

int cmd_fit(int argc, char **argv) {
  fit_opts o = fit_opts_default();
  int r = cli_parse(&command, argc, argv, &o), status = r < 0 ? CLI_USAGE : CLI_OK;
  if (r == 0) {
    cli_out outs[FIT_OUTPUTS];
    fit_outputs(o.output, o.predicted, NULL, outs);
    if (check_command_line(&o) || cli_check_outputs(CMD, outs, FIT_OUTPUTS, o.plot))
      status = CLI_USAGE;
    else
      status = run(&o);
  }
  cli_opts_free(&command, &o);
  return status;
}
