/* vitrum kww: KWW and double-KWW fits of stress-relaxation curves (paper 001 Eq. 1), including
 * the non-monotonic second steps, with the memory peak of the data; the anelastic recovery fit
 * (tau_rec, beta_rec, eps_an(inf), 1 - eps_vp/eps1); Arrhenius Ea from KWW taus of curves at
 * several temperatures, also against the loading time (Fig. 4); the t_p - tau_rec regression
 * (Fig. 5e). Input: DMA CSV exports (time, strain, stress, temperature with units). */
#include "cmd.h"

#define CMD       "kww"
#define MAX_FILES 64

typedef struct kww_opts {
  const char *files[MAX_FILES];
  size_t n_files;
  const char *output, *fitted, *plot;
  vt_relax_fit_options fit; /* the column, the window and the fit */
  double *T, *window;
  size_t n_T, n_window;
  int arrhenius, regress, quiet;
} kww_opts;

#define F(field) offsetof(kww_opts, field)
static const cli_opt options[] = {
    CLI_TABLE_AT(vt_relax_fit_option_table, F(fit)), /* --column ... --eps1 */
    CLI_F("--arrhenius", F(arrhenius),
          "one relaxation curve per file and temperature; KWW fits, then\n"
          "ln tau = ln tau0 + Ea/(R T)"),
    CLI_L("--T", F(T), F(n_T), VT_DIM_TEMPERATURE, "LIST",
          "arrhenius: the temperatures, one per file (default: the mean of each\n"
          "file's temperature column)",
          0),
    CLI_L("--window", F(window), F(n_window), VT_DIM_TIME, "LIST",
          "arrhenius: Ea(t_w) as paper 001 Fig. 4, as we read it: each curve fitted\n"
          "over 0 <= t' <= t_w only, for each t_w of the list",
          0),
    CLI_F("--regress", F(regress),
          "a table tau_rec_s,t_p_s (units in the names); t_p = a + b tau_rec by least\n"
          "squares with R^2 (paper 001 Fig. 5e: t_p = -630.4 s + tau_rec, R^2 = 0.99)"),
    CLI_OUT("CSV: the fit (one row), per file (--arrhenius) or per t_w"),
    CLI_S("--fitted", CLI_OUTPUT, F(fitted), "FILE", "t_s,y,fit,residual"),
    CLI_PLOT("picture through gnuplot (.png/.svg/.pdf), FILE.gp beside it"),
    CLI_END};

static const cli_command command = {
    .name = CMD,
    .usage = "FILE [--double] [options]\n--recovery FILE [--eps1 STRAIN] [options]\n"
             "--arrhenius FILE FILE... [--T LIST] [--window LIST] [options]\n"
             "--regress FILE [options]",
    .about =
        "FILE: a DMA export as CSV, a header naming the columns with units, e.g.\n"
        "time_s,strain_pct,stress_MPa,T_C or 'Time (min)','Stress (MPa)' (what 'vitrum strain'\n"
        "writes reads back), or two columns such as t_s,y with y = sigma/sigma0.\n"
        "\n"
        "relaxation (default): y = sigma(t')/sigma0 against t' = t - t_start (sigma0 the value at\n"
        "t_start), fitted by KWW exp(-(t'/tau)^beta) or, with --double, paper 001 Eq. 1:\n"
        "A exp(-(t'/tau1)^beta1) + (1 - A) exp(-(t'/tau2)^beta2). A is free: a second step that\n"
        "rises before it falls needs A < 0 on the faster term. Starting values are automatic;\n"
        "standard errors come from the covariance scaled by the residual variance. The memory\n"
        "peak of the data (t_p, dsigma = sigma_peak - sigma0) is reported when the curve rises.\n"
        "The results with standard errors go to standard output (standard error when a table\n"
        "does).",
    .opts = options,
    CLI_QUIET(kww_opts),
    CLI_FILES(kww_opts, files, 0, MAX_FILES),
    .footer =
        "Exit status: 0 success, 1 bad input or failed fit, 2 bad command line. A failed run\n"
        "leaves no output file.\n"};

static int check_opts(const kww_opts *o) {
  vt_error err;
  if (o->fit.recovery + o->arrhenius + o->regress > 1)
    return cli_error(CMD, "choose one of --recovery, --arrhenius, --regress"), -1;
  if (o->n_files == 0) return cli_error(CMD, "no input FILE (vitrum kww --help)"), -1;
  if (!o->arrhenius && o->n_files > 1)
    return cli_error(CMD, "one FILE expected (several only with --arrhenius)"), -1;
  if (o->arrhenius && o->n_files < 2)
    return cli_error(CMD, "--arrhenius needs curves at two or more temperatures"), -1;
  if (o->n_T && o->n_T != o->n_files)
    return cli_error(CMD, "--T gives %zu temperatures for %zu files", o->n_T, o->n_files), -1;
  if ((o->n_T || o->n_window) && !o->arrhenius)
    return cli_error(CMD, "--T and --window belong to --arrhenius"), -1;
  if (o->fit.dbl && (o->arrhenius || o->regress))
    return cli_error(CMD, "--double fits relaxation curves only"), -1;
  if (vt_relax_fit_check(&o->fit, &err)) return cli_error(CMD, "%s", err.message), -1;
  return 0;
}

/* ---- relaxation and recovery fits ------------------------------------------------------------ */

typedef struct fit_job {
  const kww_opts *o;
  const char *file;
  vt_relax_fit_result r;
} fit_job;

/* The library's writers (report.h); a failed write shows when the output set is committed. */
static void write_fitted(FILE *fp, const void *ctx) {
  const fit_job *j = ctx;
  int rec = j->o->fit.recovery;
  vt_kww_fitted_write_csv(&j->r.series, rec ? NULL : &j->r.kww, rec ? &j->r.rec : NULL, fp, NULL);
}

CLI_WRITER(write_fit_row, fit_job,
           vt_kww_fit_write_csv(j->file, &j->r.series, &j->r.kww, &j->r.peak, fp, NULL));

CLI_WRITER(write_recovery_row, fit_job,
           vt_recovery_fit_write_csv(j->file, &j->r.series, &j->r.rec, j->r.eps1, fp, NULL));

/* Data and fit against t' (log axis) over the residuals, from the fitted curves (files[1]). */
static int plot_fit(const void *ctx, const char *const *files) {
  const fit_job *j = ctx;
  const kww_opts *o = j->o;
  cli_script sc = {0};
  cli_gp_data(&sc, "data", files[1]);
  cli_gp_file(&sc, "column", vt_dma_column_name(j->r.series.column));
  cli_gp_str(&sc, "y_label",
             o->fit.recovery ? "{/Symbol e} (%)"
             : o->fit.raw    ? "y"
                             : "{/Symbol s}/{/Symbol s}_0");
  cli_gp_str(&sc, "fit_title",
             o->fit.recovery || j->r.kww.kind != VT_KWW_DOUBLE ? "KWW" : "double KWW");
  return cli_plot_with(CMD, o->plot, "kww_fit", &sc);
}

/* The files of a fit: -o, --fitted, the picture; all or none. */
static int fit_outputs(const fit_job *j) {
  const kww_opts *o = j->o;
  const cli_out outs[] = {
      {"-o", o->output, 0, NULL, o->fit.recovery ? write_recovery_row : write_fit_row},
      {"--fitted", o->fitted, 0, "_fitted.csv", write_fitted}};
  return cli_write_outputs(CMD, outs, 2, o->plot, plot_fit, j, 1);
}

/* A relaxation fit (KWW or double KWW, with the data's memory peak) or a recovery fit. */
static int run_fit(const kww_opts *o) {
  fit_job j = {.o = o, .file = o->files[0]};
  vt_error err;
  int rc = vt_relax_fit_file(j.file, &o->fit, &j.r, &err);
  if (rc) cli_error(CMD, "%s", err.message);
  if (!rc) rc = fit_outputs(&j);
  if (!rc && !o->quiet && o->fit.recovery)
    vt_recovery_fit_write_summary(j.file, &j.r.series, &j.r.rec, j.r.eps1,
                                  cli_text_stream(o->output, o->fitted), NULL);
  if (!rc && !o->quiet && !o->fit.recovery)
    vt_kww_fit_write_summary(j.file, &j.r.series, &j.r.kww, &j.r.peak, o->fit.raw || o->fit.offset,
                             cli_text_stream(o->output, o->fitted), NULL);
  vt_relax_fit_result_free(&j.r);
  return rc ? CLI_FAIL : CLI_OK;
}

/* ---- activation energy ----------------------------------------------------------------------- */

typedef struct arr_job {
  const kww_opts *o;
  vt_relax_series s[MAX_FILES];
  vt_relax_curve c[MAX_FILES];
  vt_kww_fit f[MAX_FILES];
  vt_arrhenius_fit a;   /* over the whole curves */
  vt_arrhenius_fit *aw; /* per window */
} arr_job;

static void write_arr_rows(FILE *fp, const void *ctx) {
  const arr_job *j = ctx;
  const kww_opts *o = j->o;
  if (o->n_window)
    vt_arrhenius_windows_write_csv(o->window, j->aw, o->n_window, fp, NULL);
  else
    vt_kww_taus_write_csv(o->files, j->c, j->f, o->n_files, fp, NULL);
}

/* The curves at their temperatures (--T or the files' temperature columns), then the fits: over
 * the whole curves, or per window. */
static int arr_fits(arr_job *j) {
  const kww_opts *o = j->o;
  vt_kww_options ko = vt_relax_fit_kww_options(&o->fit);
  vt_error err;
  if (vt_relax_curves_read(o->files, o->n_files, o->n_T ? o->T : NULL, &o->fit, j->s, j->c, &err))
    return cli_error(CMD, "%s", err.message), -1;
  if (!o->n_window && vt_arrhenius_kww(j->c, o->n_files, INFINITY, &ko, j->f, &j->a, &err))
    return cli_error(CMD, "%s", err.message), -1;
  for (size_t w = 0; w < o->n_window; w++)
    if (vt_arrhenius_kww(j->c, o->n_files, o->window[w], &ko, NULL, &j->aw[w], &err))
      return cli_error(CMD, "t_w = %g s: %s", o->window[w], err.message), -1;
  return 0;
}

/* ln tau against 1000/T with the fitted line, or, windowed, Ea against t_w (files[0]: -o). */
static int plot_arr(const void *ctx, const char *const *files) {
  const arr_job *j = ctx;
  const vt_arrhenius_fit *a = &j->a;
  cli_script sc = {0};
  cli_gp_data(&sc, "data", files[0]);
  cli_script_add(&sc, "windowed = %d\n", j->o->n_window > 0);
  if (j->o->n_window == 0) {
    cli_gp_num(&sc, "ln_tau0", a->ln_tau0_s);
    cli_gp_num(&sc, "Ea_R", a->Ea_J_per_mol / VT_GAS_CONSTANT_J_PER_MOL_K);
    cli_gp_num(&sc, "Ea", a->Ea_J_per_mol / 1e3);
  }
  return cli_plot_with(CMD, j->o->plot, "kww_arrhenius", &sc);
}

static int run_arrhenius(const kww_opts *o) {
  arr_job *j = calloc(1, sizeof *j);
  if (!j) return CLI_FAIL;
  j->o = o;
  j->aw = calloc(o->n_window ? o->n_window : 1, sizeof *j->aw);
  int rc = j->aw ? arr_fits(j) : -1;
  const cli_out table = {"-o", o->output, 0, ".csv", write_arr_rows};
  if (!rc) rc = cli_write_outputs(CMD, &table, 1, o->plot, plot_arr, j, 1);
  if (!rc && !o->quiet)
    vt_arrhenius_kww_write_summary(o->files, j->c, j->f, o->n_files, o->n_window ? j->aw : &j->a,
                                   o->window, o->n_window, cli_text_stream(o->output, o->fitted),
                                   NULL);
  for (size_t k = 0; k < o->n_files; k++) vt_relax_series_free(&j->s[k]);
  free(j->aw);
  free(j);
  return rc ? CLI_FAIL : CLI_OK;
}

/* ---- t_p against tau_rec --------------------------------------------------------------------- */

typedef struct reg_job {
  const kww_opts *o;
  double *tau, *tp;
  size_t n;
  vt_tp_tau_fit f;
} reg_job;

CLI_WRITER(write_reg_row, reg_job, vt_tp_tau_fit_write_csv(&j->f, j->n, fp, NULL));

CLI_WRITER(write_reg_points, reg_job, vt_tp_tau_points_write_csv(j->tau, j->tp, j->n, fp, NULL));

/* t_p against tau_rec with the regression line, from the points (files[1]). */
static int plot_reg(const void *ctx, const char *const *files) {
  const reg_job *j = ctx;
  cli_script sc = {0};
  cli_gp_data(&sc, "data", files[1]);
  cli_gp_num(&sc, "a", j->f.intercept_s);
  cli_gp_num(&sc, "b", j->f.slope);
  cli_gp_num(&sc, "r2", j->f.r2);
  return cli_plot_with(CMD, j->o->plot, "kww_regress", &sc);
}

static int run_regress(const kww_opts *o) {
  reg_job j = {.o = o};
  vt_error err;
  int rc = vt_read_tp_tau_table(o->files[0], &j.tau, &j.tp, &j.n, &err);
  if (!rc) rc = vt_tp_tau_regression(j.tau, j.tp, j.n, &j.f, &err);
  if (rc) cli_error(CMD, "%s: %s", o->files[0], err.message);
  const cli_out outs[] = {{"-o", o->output, 0, NULL, write_reg_row},
                          {"--plot", NULL, 0, "_points.csv", write_reg_points}};
  if (!rc) rc = cli_write_outputs(CMD, outs, 2, o->plot, plot_reg, &j, 1);
  if (!rc && !o->quiet)
    vt_tp_tau_fit_write_summary(o->files[0], &j.f, j.n, cli_text_stream(o->output, o->fitted),
                                NULL);
  free(j.tau);
  free(j.tp);
  return rc ? CLI_FAIL : CLI_OK;
}

int cmd_kww(int argc, char **argv) {
  kww_opts o = {.fit = vt_relax_fit_options_default()};
  int r = cli_parse(&command, argc, argv, &o);
  int status = r < 0 || (r == 0 && check_opts(&o)) ? CLI_USAGE : CLI_OK;
  if (r == 0 && !status)
    status = o.arrhenius ? run_arrhenius(&o) : o.regress ? run_regress(&o) : run_fit(&o);
  cli_opts_free(&command, &o);
  return status;
}
