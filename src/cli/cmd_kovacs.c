/* vitrum kovacs: two-step annealing sweeps (paper 000 Fig. 2): dh(t2) curves for each T1 and t1,
 * the memory strength dh_peak and its time, and dh_peak against dh1 (Fig. 2d). */
#include "cmd.h"

#define CMD "kovacs"

typedef struct kov_opts {
  const char *output, *summary, *plot;
  double *T1, *t1, *t2, T2, jump_rate;
  size_t n_T1, n_t1, n_t2;
  int quiet;
  cli_model_opts model;
  vt_dsc_options dsc;
} kov_opts;

#define F(field) offsetof(kov_opts, field)
static const cli_opt options[] = {
    CLI_L("--T1", F(T1), F(n_T1), VT_DIM_TEMPERATURE, "LIST",
          "first-step temperatures, e.g. '348, 363, 373 K'", CLI_REQUIRED),
    CLI_L("--t1", F(t1), F(n_t1), VT_DIM_TIME, "LIST",
          "first-step times, e.g. '0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100 s'", CLI_REQUIRED),
    CLI_Q("--T2", F(T2), VT_DIM_TEMPERATURE, "T", "second-step temperature, e.g. '383 K'",
          CLI_REQUIRED),
    CLI_L("--t2", F(t2), F(n_t2), VT_DIM_TIME, "LIST",
          "second-step times (default 0.01 s to 2000 s, 6 per decade)", 0),
    CLI_Q("--jump-rate", F(jump_rate), VT_DIM_RATE, "R",
          "rate from T1 to T2 (default: the quench rate R_c)", CLI_POSITIVE | CLI_NO_DEFAULT),
    CLI_OUT("curves: T1_K, t1_s, t2_s, dh_J_per_mol, dh_at_T2_J_per_mol"),
    CLI_S("--summary", CLI_OUTPUT, F(summary), "FILE",
          "per curve: T1_K, t1_s, dh1_J_per_mol, dh_peak_J_per_mol, t_peak_s\n"
          "(default: standard output)"),
    CLI_PLOT("dh(t2) panels per T1 and dh_peak against dh1 (.png/.svg/.pdf)"),
    CLI_END};

static const cli_command command = {
    .name = CMD,
    .usage = "--T1 LIST --t1 LIST --T2 T [--t2 LIST] [options]",
    .about =
        "Two-step (Kovacs) annealing, paper 000 Fig. 2: quench from T_eq at R_c to T1, hold t1,\n"
        "heat to T2 at --jump-rate, hold t2. dh(t2) is the enthalpy released relative to the\n"
        "as-cooled glass, as the DSC reads it (after a quench to T_low); it dips while the glass\n"
        "rejuvenates. Per curve: dh1 (released by step 1), dh_peak = h_peak - h_initial (the\n"
        "memory strength, 0 when dh only grows) and t_peak.",
    .opts = options,
    CLI_MODEL_DSC_QUIET(kov_opts)};

static void progress(void *ctx, size_t done, size_t total) {
  (void)ctx;
  cli_progress(CMD, done, total);
}

typedef struct job {
  const kov_opts *o;
  const vt_kovacs_curve *all;
  size_t total;
} job;

/* The library's tables (report.h); a failed write shows when the output set is committed. */
CLI_WRITER(write_curves, job, vt_kovacs_curves_write_csv(j->all, j->total, fp, NULL));

CLI_WRITER(write_summary, job, vt_kovacs_peaks_write_csv(j->all, j->total, fp, NULL));

/* One panel per T1, a curve per t1, then the memory strength (plots/kovacs.gp); files: the
 * curves and the summary. */
static int plot(const void *ctx, const char *const *files) {
  const kov_opts *o = ((const job *)ctx)->o;
  cli_script sc = {0};
  cli_gp_data(&sc, "curves", files[0]);
  cli_gp_data(&sc, "summary", files[1]);
  cli_gp_num(&sc, "T2", o->T2);
  cli_script_add(&sc, "n = %zu\n", o->n_T1);
  cli_gp_array(&sc, "T1", o->T1, o->n_T1, "%.6g"); /* as the tables write them */
  cli_gp_words(&sc, "t1_list", o->t1, o->n_t1);
  cli_gp_words(&sc, "T1_list", o->T1, o->n_T1);
  return cli_plot_with(CMD, o->plot, "kovacs", &sc);
}

static int run(const kov_opts *o, vt_model *m, const cli_out *outs) {
  vt_error err;
  job j = {o, NULL, o->n_T1 * o->n_t1};
  vt_kovacs_curve *all = calloc(j.total, sizeof *all);
  int rc = all ? VT_OK : VT_ENOMEM;
  if (!rc && (rc = vt_kovacs_sweep(m, &o->dsc, o->T1, o->n_T1, o->t1, o->n_t1, o->T2, o->jump_rate,
                                   o->t2, o->n_t2, 0, all, progress, NULL, &err)))
    cli_error(CMD, "%s", err.message);
  j.all = all;
  if (!rc && cli_write_outputs(CMD, outs, 2, o->plot, plot, &j, o->quiet)) rc = -1;
  for (size_t k = 0; all && k < j.total; k++) vt_kovacs_curve_free(&all[k]);
  free(all);
  return rc ? CLI_FAIL : CLI_OK;
}

int cmd_kovacs(int argc, char **argv) {
  kov_opts o = {.dsc = vt_dsc_options_default(), .jump_rate = NAN}; /* NaN: R_c */
  int r = cli_parse(&command, argc, argv, &o), status = r < 0 ? CLI_USAGE : CLI_OK;
  if (r == 0) {
    const cli_out outs[] = {{"-o", o.output, 0, "_curves.csv", write_curves},
                            {"--summary", o.summary, 1, "_summary.csv", write_summary}};
    vt_model *m = cli_check_outputs(CMD, outs, 2, o.plot) ? NULL : cli_model_make(CMD, &o.model);
    status = m ? run(&o, m, outs) : CLI_USAGE;
    vt_model_free(m);
  }
  cli_opts_free(&command, &o);
  return status;
}
