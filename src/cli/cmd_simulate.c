/* vitrum simulate: a model over a thermal program -> Tf(t), dH(t), Cp_N(T) as CSV and a plot. */
#include "cmd.h"

#define CMD "simulate"

typedef struct sim_opts {
  const char *program, *output, *plot;
  cli_model_opts model;
  vt_grid_options grid;
  int quiet;
} sim_opts;

#define F(field) offsetof(sim_opts, field)
static const cli_opt options[] = {
    CLI_S("--program", CLI_TEXT, F(program), "FILE", "thermal program (required)"),
    CLI_L("--at-time", F(grid.at_time_s), F(grid.n_at_time), VT_DIM_TIME, "LIST",
          "output only at these times from the program start,\n"
          "e.g. '0.1, 1, 10 s' (combine with --at-temp)",
          CLI_APPEND),
    CLI_L("--at-temp", F(grid.at_T_K), F(grid.n_at_T), VT_DIM_TEMPERATURE, "LIST",
          "output only where ramps cross these temperatures", CLI_APPEND),
    CLI_OUT("CSV file (default: standard output)"),
    CLI_PLOT("picture (.png, .svg, .pdf) through gnuplot; FILE.gp is kept\n"
             "beside it, and its data in the -o file or FILE's .csv"),
    CLI_END};

static const cli_command command = {
    .name = CMD,
    .usage = "--program FILE [options]",
    .about =
        "Run a relaxation model over a thermal program and write one CSV row per time-grid node:\n"
        "  time_s, T_K, Tf_K (fictive temperature), dH_J_per_mol (enthalpy departure from the\n"
        "  equilibrium liquid, dCp (Tf - T)), Cp_N (dTf/dT on ramps, nan elsewhere), segment\n"
        "  (0-based program line index), t_seg_s (time since the segment began).\n"
        "\n"
        "program file, one segment per line ('#' comments):\n"
        "  start 450 K                 equilibrium start temperature (K or C)\n"
        "  cool to 373 K at 10000 K/s  ramp (also 'heat to', 'ramp to'; K/s, K/min, C/s)\n"
        "  hold 50 s                   isotherm (s, ms, min, h)\n"
        "  jump to 383 K               instantaneous temperature change",
    .opts = options,
    CLI_MODEL_GRID(sim_opts, CLI_WITH_QUIET),
    .quiet_at = F(quiet)};

/* The options and the program the rows came from. */
typedef struct plot_job {
  const sim_opts *o;
  const vt_program *prog;
} plot_job;

/* Plot of the rows (files[0]): T and Tf against time; below, the enthalpy in the final hold (the
 * Kovacs view) or Cp_N against T on the final ramp (the DSC view). */
static int plot(const void *ctx, const char *const *files) {
  const plot_job *j = ctx;
  const sim_opts *o = j->o;
  size_t last = vt_program_segment_count(j->prog) - 1;
  while (last > 0 && vt_program_segment(j->prog, last)->kind == VT_SEG_JUMP) last--;
  const vt_segment *seg = vt_program_segment(j->prog, last);
  cli_script sc = {0};
  cli_gp_data(&sc, "datafile", files[0]);
  cli_gp_file(&sc, "program", o->program);
  cli_gp_str(&sc, "model", o->model.model ? o->model.model : "tnm");
  cli_gp_str(&sc, "style",
             (o->grid.n_at_time || o->grid.n_at_T) ? "linespoints pt 7 ps 0.6" : "lines");
  cli_script_add(&sc, "last = %zu\nhold = %d\n", last, seg->kind == VT_SEG_HOLD);
  cli_gp_num(&sc, "hold_K", seg->target_K);
  return cli_plot_with(CMD, o->plot, "simulate", &sc);
}

/* Rows go to the CSV as they are computed (vt_simulate_write_csv: a second thread writes them
 * while the model computes the next ones), so memory stays at the model's state for any program
 * length. With --plot and no -o the rows go both to standard output and to the plot's file; the
 * plot reads them from its temporary and joins the output set: one commit for all. */
static int run(const sim_opts *o, vt_model *m) {
  vt_error err;
  cli_stream s = {0};
  vt_trace_row last = {0};
  char numerics[256];
  size_t nodes = 0;
  int status = CLI_FAIL;
  vt_program *prog = vt_program_read(o->program, &err);
  if (!prog) {
    cli_error(CMD, "%s", err.message);
    return CLI_FAIL;
  }
  if (vt_model_numerics(m, numerics, sizeof numerics, &err)) {
    cli_error(CMD, "%s", err.message);
    goto done;
  }
  /* the plot needs its data in a file: beside the picture when the rows go to standard output */
  if (cli_stream_open(CMD, &s, o->output, NULL, NULL, "-") ||
      cli_stream_open(CMD, &s, NULL, s.tmp[0] ? NULL : o->plot, ".csv", NULL))
    goto done;
  size_t data = s.tmp[0] ? 0 : 1; /* the file written, if any */
  if (vt_simulate_write_csv(m, prog, &o->grid, s.fp, s.fp[1] ? 2 : 1, &nodes, &last, &err)) {
    if (nodes == 0) /* before the first row: the program or the grid options */
      cli_error(CMD, "%s: %s", o->program, err.message);
    else
      cli_error(CMD, "%s", err.message);
    goto done;
  }
  plot_job j = {o, prog};
  if (cli_stream_finish(CMD, &s, data, o->plot ? plot : NULL, &j)) goto done;
  if (!o->quiet) {
    fprintf(stderr, "vitrum simulate: %s, %s; %zu grid nodes, final Tf = %.3f K, dH = %.4g J/mol\n",
            vt_model_name(m), numerics, nodes, last.Tf_K, last.dH_J_per_mol);
    if (s.tmp[data]) fprintf(stderr, "vitrum simulate: wrote %s\n", s.file[data]);
    if (o->plot) fprintf(stderr, "vitrum simulate: wrote %s (gnuplot script beside it)\n", o->plot);
  }
  status = CLI_OK;
done:
  cli_stream_free(&s);
  vt_program_free(prog);
  return status;
}

int cmd_simulate(int argc, char **argv) {
  sim_opts o = {.grid = vt_grid_options_default()};
  int r = cli_parse(&command, argc, argv, &o), status = r < 0 ? CLI_USAGE : CLI_OK;
  if (r == 0 && !o.program) {
    cli_error(CMD, "--program FILE is required (vitrum simulate --help shows the format)");
    status = CLI_USAGE;
  } else if (r == 0) {
    vt_model *m = cli_model_make(CMD, &o.model);
    status = m ? run(&o, m) : CLI_USAGE;
    vt_model_free(m);
  }
  cli_opts_free(&command, &o);
  return status;
}
