/* vitrum pel: the energy-landscape model (paper 003 Eq. 1) over a thermal program, E_IS(t) and
 * the energy flow dE_IS/dt; or the Fig. 4c sweep (cool at several rates, heat at one) with the
 * exothermic peak of every heating scan. The science is in the library (pel.h, io.h). */
#include "cmd.h"
#include "pel_cli.h"

#define CMD "pel"

typedef struct pel_opts {
  const char *program, *output, *plot, *table, *tol;
  double *rates;
  size_t n_rates;
  vt_pel_scan_options scan;
  int quiet;
  unsigned long long given;
  cli_model_opts model;
  vt_grid_options grid;
} pel_opts;

#define F(field) offsetof(pel_opts, field)
static const cli_opt options[] = {
    CLI_S("--program", CLI_TEXT, F(program), "FILE",
          "program mode: thermal program (the start is an equilibrium)"),
    CLI_L("--at-time", F(grid.at_time_s), F(grid.n_at_time), VT_DIM_TIME, "LIST",
          "program mode: output only at these times (as vitrum simulate)", 0),
    CLI_L("--at-temp", F(grid.at_T_K), F(grid.n_at_T), VT_DIM_TEMPERATURE, "LIST",
          "program mode: output only where ramps cross these temperatures", 0),
    CLI_L("--cool-rates", F(rates), F(n_rates), VT_DIM_RATE, "LIST",
          "sweep mode: cooling rates, e.g. '20, 200, 2000 K/s'", CLI_POSITIVE),
    CLI_Q("--T-start", F(scan.T_start_K), VT_DIM_TEMPERATURE, "T", "sweep: equilibrium start", 0),
    CLI_Q("--T-low", F(scan.T_low_K), VT_DIM_TEMPERATURE, "T", "sweep: end of the cooling", 0),
    CLI_Q("--heat-rate", F(scan.heat_K_per_s), VT_DIM_RATE, "R", "sweep: heating rate", 0),
    CLI_Q("--T-end", F(scan.T_end_K), VT_DIM_TEMPERATURE, "T",
          "sweep: end of the heating (default T_start)", CLI_NO_DEFAULT),
    CLI_S("--spectra", CLI_TEXT, F(table), "FILE",
          "tabulated spectra instead of the Gaussians: CSV with\n"
          "E_IS_eV,E_eV,P_A,P_R (one histogram per E_IS bin)"),
    CLI_S("--tol", CLI_TEXT, F(tol), "X",
          "local error of the time steps, J/mol (default: the model's)"),
    CLI_OUT("CSV (default: standard output)"),
    CLI_PLOT("picture (.png/.svg/.pdf); FILE.gp is kept beside it"),
    CLI_F("-q|--quiet", F(quiet), "no summary on standard error"),
    CLI_END};

static const cli_command command = {
    .name = CMD,
    .usage = "--program FILE [options]\n"
             "--cool-rates LIST [--T-start T] [--T-low T] [--heat-rate R] [options]",
    .about =
        "The energy-landscape model of paper 003: E_IS, the inherent-structure energy per atom,\n"
        "evolves as dE_IS/dt = nu exp(-<E_A>/kT) (<E_A> - <E_R>) (Eq. 1), <E_A> the Boltzmann-\n"
        "weighted mean barrier and <E_R> the mean relaxation energy of a hop (Eq. 2). A hop "
        "changes\n"
        "E_IS by E_A - E_R: the glass ages (E_IS falls, exothermic) where <E_A> < <E_R> and\n"
        "rejuvenates where <E_A> > <E_R>.\n\n"
        "program mode: one CSV row per grid node (see vitrum simulate --help for programs):\n"
        "  time_s, T_K, E_IS_eV (per atom, E_ref included), rate_eV_per_s (dE_IS/dt over the\n"
        "  step ending at the node, negative = ageing; nan at the start and after jumps), Tf_K\n"
        "  (the temperature at which E_IS is the steady state), H_conf_J_per_mol (E_IS - E_ref),\n"
        "  segment, t_seg_s\n"
        "sweep mode (paper 003 Fig. 4c): equilibrium at T_start, cool at each rate to T_low, heat\n"
        "at R_h to T_end; -o gets the heating scans (cool_rate_K_per_s, T_K, time_s, E_IS_eV,\n"
        "rate_eV_per_s, Tf_K), standard output one row per cooling rate: the glass's E_IS and Tf\n"
        "and the exothermic peak (most negative dE_IS/dt on heating, parabola-refined)",
    .opts = options,
    CLI_MODEL_GRID(pel_opts, CLI_WITH_GIVEN),
    .given_at = F(given)};

static void help_params(void) {
  size_t n;
  const vt_param_info *p = vt_model_params_by_name("pel", &n);
  printf("\nparameters of the pel model (--NAME VALUE or --set NAME=VALUE; 'vitrum models'):\n");
  for (size_t i = 0; i < n; i++)
    printf("  --%-9s %s [%s]\n", p[i].name, p[i].description, *p[i].unit ? p[i].unit : "1");
}

/* The modes' options apart. */
static int check(const pel_opts *o) {
  static const char *const sweep_only[4] = {"--T-start", "--T-low", "--heat-rate", "--T-end"};
  if (!o->program == !o->n_rates)
    return cli_error(CMD, "give either --program FILE or --cool-rates LIST"), -1;
  int sweep_opt = 0;
  for (size_t k = 0; k < 4; k++) sweep_opt |= cli_given(&command, o, sweep_only[k]);
  if (o->program && sweep_opt)
    return cli_error(CMD, "--T-start, --T-low, --heat-rate and --T-end belong to --cool-rates"), -1;
  if (o->n_rates && (o->grid.n_at_time || o->grid.n_at_T))
    return cli_error(CMD, "--at-time and --at-temp belong to --program"), -1;
  return 0; /* the temperatures of a sweep: vt_pel_scan_run checks them */
}

/* ---- Program mode ---------------------------------------------------------------------------- */

typedef struct trace_data {
  const pel_opts *o;
  const vt_program *p;
  const vt_pel_scan *s;
} trace_data;

/* A failed write shows when the output set is committed. */
CLI_WRITER(write_trace, trace_data,
           vt_pel_trace_write_csv(&j->s->trace, j->s->E_IS, j->s->rate,
                                  j->o->grid.n_at_time || j->o->grid.n_at_T, fp, NULL));

/* cli_plot_fn: files[0] the trace. */
static int plot_trace(const void *data, const char *const *files) {
  const trace_data *d = data;
  size_t last = vt_program_segment_count(d->p) - 1;
  while (last > 0 && vt_program_segment(d->p, last)->kind == VT_SEG_JUMP) last--;
  cli_script sc = {0};
  cli_gp_data(&sc, "datafile", files[0]);
  cli_script_add(&sc, "SEG = %zu\n", last);
  cli_gp_file(&sc, "program", d->o->program);
  cli_script_add(&sc, "ramp = %d\n", vt_program_segment(d->p, last)->kind == VT_SEG_RAMP);
  return cli_plot_with(CMD, d->o->plot, "pel", &sc);
}

/* The CSV goes to -o; with a plot and no -o also to FILE.csv beside the picture. */
static int run_program(const pel_opts *o, vt_model *m) {
  vt_error err;
  vt_pel_scan s;
  int status = CLI_FAIL;
  vt_program *p = vt_program_read(o->program, &err);
  if (!p) return cli_error(CMD, "%s", err.message), CLI_FAIL;
  if (vt_pel_program_run(m, p, &o->grid, &s, &err)) {
    cli_error(CMD, "%s: %s", o->program, err.message);
  } else {
    const trace_data d = {o, p, &s};
    const cli_out csv = {"-o", o->output, 1, ".csv", write_trace};
    status = cli_write_outputs(CMD, &csv, 1, o->plot, plot_trace, &d, 1) ? CLI_FAIL : CLI_OK;
  }
  if (status == CLI_OK && !o->quiet)
    vt_pel_trace_write_summary(&s.trace, s.E_IS, s.rate, "vitrum pel: ", stderr, NULL);
  vt_pel_scan_free(&s);
  vt_program_free(p);
  return status;
}

/* ---- Sweep mode (Fig. 4c) -------------------------------------------------------------------- */

/* The scans one by one, their heating rows to fp (when not NULL); rows[k]: scan k's glass and
 * exotherm, without its arrays (vt_pel_glass_write_csv reads no more). */
static int sweep(const pel_opts *o, vt_model *m, FILE *fp, vt_pel_scan *rows) {
  for (size_t k = 0; k < o->n_rates; k++) {
    vt_error err;
    vt_pel_scan s;
    int rc = vt_pel_scan_run(m, &o->grid, &o->scan, o->rates[k], &s, &err);
    if (!rc && fp) rc = vt_pel_scan_write_csv(&s, k == 0, fp, &err);
    rows[k] = s; /* the numbers; its arrays are freed with s */
    rows[k].trace = (vt_trace){0};
    rows[k].E_IS = rows[k].rate = NULL;
    vt_pel_scan_free(&s);
    if (rc) return cli_error(CMD, "cooling at %g K/s: %s", o->rates[k], err.message), -1;
    cli_progress(CMD, k + 1, o->n_rates);
  }
  return 0;
}

/* cli_plot_fn: ctx the options, files[0] the heating scans. */
static int plot_sweep(const void *ctx, const char *const *files) {
  const pel_opts *o = ctx;
  cli_script sc = {0};
  cli_gp_data(&sc, "datafile", files[0]);
  cli_gp_num(&sc, "heat", o->scan.heat_K_per_s);
  cli_script_add(&sc, "n = %zu\n", o->n_rates);
  cli_gp_array(&sc, "rates", o->rates, o->n_rates, "%.6g"); /* as the table writes them */
  return cli_plot_with(CMD, o->plot, "pel_sweep", &sc);
}

/* The heating scans (to -o, or beside the picture) and the picture are one output set; the
 * table of the glasses goes to standard output after it is committed. */
static int run_sweep(const pel_opts *o, vt_model *m) {
  cli_stream s = {0};
  vt_pel_scan *rows = calloc(o->n_rates, sizeof *rows);
  int rc = !rows || cli_stream_open(CMD, &s, o->output, o->plot, ".csv", NULL);
  if (!rc) rc = sweep(o, m, s.fp[0], rows);
  if (!rc) rc = cli_stream_finish(CMD, &s, 0, o->plot ? plot_sweep : NULL, o);
  cli_stream_free(&s);
  for (size_t k = 0; !rc && k < o->n_rates; k++)
    vt_pel_glass_write_csv(&rows[k], k == 0, stdout, NULL);
  free(rows);
  return rc ? CLI_FAIL : CLI_OK;
}

int cmd_pel(int argc, char **argv) {
  pel_opts o = {.scan = vt_pel_scan_options_default(), .grid = vt_grid_options_default()};
  int r = cli_parse(&command, argc, argv, &o), status = r < 0 ? CLI_USAGE : CLI_OK;
  if (r == 1) help_params();
  if (r == 0 && check(&o)) status = CLI_USAGE;
  if (r == 0 && status == CLI_OK) {
    vt_model *m = cli_pel_model(CMD, &o.model, o.table, o.tol, &status);
    if (m) status = o.program ? run_program(&o, m) : run_sweep(&o, m);
    vt_model_free(m);
  }
  cli_opts_free(&command, &o);
  return status;
}
