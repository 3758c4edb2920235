/* vitrum pathmatch: cooling path vs isothermal path to the same relaxation enthalpy
 * (paper 002 Figs. 2-3): the matched annealing time for each cooling rate, and the two
 * relaxation peaks side by side (Tp, FWHM). */
#include "cmd.h"

#define CMD "pathmatch"

typedef struct pm_opts {
  const char *output, *peaks, *plot;
  vt_path_sweep sweep;
  int quiet;
  cli_model_opts model;
  vt_dsc_options dsc;
} pm_opts;

#define F(field) offsetof(pm_opts, field)
static const cli_opt options[] = {
    CLI_TABLE_AT(vt_path_sweep_option_table, F(sweep)), /* --T-s, --T-a, --phi */
    CLI_OUT("table (default: standard output): phi_K_per_s, dh_path_J_per_mol\n"
            "(the enthalpy both paths released at T_a, before the final quench:\n"
            "what is matched), t_a_s, Tp_cool_K, FWHM_cool_K, Tp_iso_K,\n"
            "FWHM_iso_K, and the relaxation-peak areas the DSC measures,\n"
            "dh_dsc_cool_J_per_mol and dh_dsc_iso_J_per_mol"),
    CLI_S("--peaks", CLI_OUTPUT, F(peaks), "FILE",
          "both peaks per rate: phi_K_per_s, path, T_K, dheat_flow_W_per_mol"),
    CLI_PLOT("peaks side by side per rate, and FWHM against dh (Fig. 3)"), CLI_END};

static const cli_command command = {
    .name = CMD,
    .usage = "--T-s T --T-a T --phi LIST [options]",
    .about =
        "Paper 002: a glass quenched (R_c) to T_s and cooled at phi to T_a releases some\n"
        "enthalpy dh; find the isothermal time t_a at T_a (after a quench to T_a) that releases\n"
        "the same (Brent's method on log t_a), then compare the two relaxation peaks.",
    .opts = options,
    CLI_MODEL_DSC_QUIET(pm_opts)};

/* The peak's curve, after phi and the path's name. */
static void write_peak(FILE *fp, double phi, const char *path, const vt_dsc_peak *pk) {
  char key[64];
  snprintf(key, sizeof key, "%.6g,%s", phi, path);
  vt_dsc_peak_curve_write_csv(key, pk, fp, NULL); /* a failed write fails the commit */
}

typedef struct run_out {
  const pm_opts *o;
  FILE *fp[2]; /* the table and the peaks (NULL: not written) */
} run_out;

/* vt_path_sweep_fn: a row of the table and both peaks. */
static int one_rate(void *ctx, size_t k, const vt_path_match *pm, const vt_dsc_peak *pc,
                    const vt_dsc_peak *pi, vt_error *err) {
  const run_out *r = ctx;
  (void)err;
  vt_path_match_write_csv(pm, pc, pi, r->fp[0], NULL);
  if (r->fp[1]) {
    write_peak(r->fp[1], pm->phi_K_per_s, "cool", pc);
    write_peak(r->fp[1], pm->phi_K_per_s, "iso", pi);
  }
  if (!r->o->quiet) cli_progress(CMD, k + 1, r->o->sweep.n_phi);
  return VT_OK;
}

/* cli_plot_fn: ctx the options, files the table and the peaks. */
static int plot(const void *ctx, const char *const *files) {
  const pm_opts *o = ctx;
  cli_script sc = {0};
  size_t n = o->sweep.n_phi, cols = n > 3 ? 3 : n, rows = (n + cols - 1) / cols + 1;
  cli_gp_data(&sc, "table", files[0]);
  cli_gp_data(&sc, "peaks", files[1]);
  cli_script_add(&sc, "n = %zu\nrows = %zu\ncols = %zu\n", n, rows, cols);
  cli_gp_array(&sc, "phi", o->sweep.phi_K_per_s, n, "%.6g"); /* as the peaks table writes them */
  cli_gp_num(&sc, "T_s", o->sweep.T_s_K);
  cli_gp_num(&sc, "T_a", o->sweep.T_a_K);
  cli_gp_num(&sc, "rate", o->dsc.heat_rate_K_per_s);
  return cli_plot_with(CMD, o->plot, "pathmatch", &sc);
}

/* The table and the peaks (and the plot's script and picture) are one output set: gnuplot
 * reads the data from their temporaries, and a failure or a signal leaves none of them. */
static int run(const pm_opts *o, vt_model *m) {
  vt_error err;
  cli_stream s = {0};
  int rc = cli_stream_open(CMD, &s, o->output, o->plot, "_table.csv", "-") ||
           cli_stream_open(CMD, &s, o->peaks, o->plot, "_peaks.csv", NULL);
  run_out r = {o, {s.fp[0], s.fp[1]}};
  if (!rc) vt_path_match_csv_header(r.fp[0]);
  if (!rc && r.fp[1]) vt_dsc_peak_curve_csv_header("phi_K_per_s,path", r.fp[1]);
  if (!rc && (rc = vt_path_sweep_run(m, &o->dsc, &o->sweep, one_rate, &r, &err)) != 0)
    cli_error(CMD, "%s", err.message);
  if (!rc) rc = cli_stream_finish(CMD, &s, 0, o->plot ? plot : NULL, o);
  cli_stream_free(&s);
  return rc ? CLI_FAIL : CLI_OK;
}

int cmd_pathmatch(int argc, char **argv) {
  pm_opts o = {.dsc = vt_dsc_options_default()};
  int r = cli_parse(&command, argc, argv, &o), status = r < 0 ? CLI_USAGE : CLI_OK;
  if (r == 0) {
    vt_model *m = cli_model_make(CMD, &o.model);
    status = m ? run(&o, m) : CLI_USAGE;
    vt_model_free(m);
  }
  cli_opts_free(&command, &o);
  return status;
}
