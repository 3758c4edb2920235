/* vitrum agemap: the ageing-rate map of MD E_IS(t) curves (paper 003 Sec. 3.1, Appendix A2,
 * Figs. 3 and A1): slope mining, averaging of overlapping entries, a thin-plate spline, the
 * maximum-rate line and the ageing/rejuvenation boundary; optionally beside the pel model's own
 * lines (Fig. 4b's comparison). The science is in the library (pel.h); this file parses, calls,
 * writes and plots. */
#include "cmd.h"
#include "pel_cli.h"

#define CMD     "agemap"
#define STR_(x) #x
#define STR(x)  STR_(x)

typedef struct input {
  const char *path;
  double T_K;
  vt_eis_format format;
} input;

typedef struct agemap_opts {
  input *files;
  size_t n_files;
  double T_next; /* --T for the files that follow */
  int format;
  vt_lammps_options lammps;
  const char *energy_unit, *atoms, *asinh_scale;
  vt_agemap_options map;
  int neighbors, dense_max, no_mask; /* size_t in vt_tps_options; mask's inverse */
  const char *entries, *averaged, *output, *lines, *plot;
  int compare, quiet;
  cli_model_opts model;
} agemap_opts;

#define F(field) offsetof(agemap_opts, field)
static const cli_opt options[] = {
    CLI_Q("--T", F(T_next), VT_DIM_TEMPERATURE, "TEMP",
          "temperature of the files after it that carry none", CLI_NO_DEFAULT),
    CLI_C("--format", F(format), "auto|csv|lammps",
          "input format (auto: LAMMPS for *.log and log.*)"),
    CLI_TABLE_ROWS(vt_lammps_option_table, F(lammps), "energy_column", "energy_column"),
    CLI_S("--energy-unit", CLI_TEXT, F(energy_unit), "UNIT",
          "LAMMPS: its unit (eV, J/mol, kJ/mol, kcal/mol)"),
    CLI_TABLE_ROWS(vt_lammps_option_table, F(lammps), "timestep", "timestep"),
    CLI_S("--atoms", CLI_TEXT, F(atoms), "N|log",
          "LAMMPS: divide the energy by N atoms, or by the count of the log's\n"
          "'Loop time ... with N atoms' line (default: as written)"),
    CLI_TABLE_ROWS(vt_lammps_option_table, F(lammps), "T_column", "T_column"),
    CLI_TABLE_ROWS(vt_agemap_option_table, F(map), "E_bin", "transform"),
    CLI_S("--asinh-scale", CLI_TEXT, F(asinh_scale), "R",
          "its scale in eV/s (default: the median |rate|)"),
    CLI_TABLE_ROWS(vt_agemap_option_table, F(map), "nT", "spline"),
    CLI_I("--dense-max", F(dense_max), 0, "N", "auto: largest averaged-entry count solved densely"),
    CLI_IR("--neighbors", F(neighbors), 4, VT_TPS_MAX_NEIGHBORS, "K",
           "local spline: entries per map point"),
    CLI_F("--no-mask", F(no_mask),
          "keep the spline where the curves do not bracket a point\n"
          "(default: NaN there; the spline interpolates between curves)"),
    CLI_F("--compare", F(compare), "add the pel model's lines (its parameters as for vitrum pel)"),
    CLI_S("--entries", CLI_OUTPUT, F(entries), "FILE",
          "raw entries: curve,source,T_K,E_IS_eV,rate_eV_per_s"),
    CLI_S("--averaged", CLI_OUTPUT, F(averaged), "FILE",
          "averaged entries: T_K,E_IS_eV,rate_eV_per_s,count"),
    CLI_OUT("map CSV (as vitrum pel-map, without EA/ER)"),
    CLI_S("--lines", CLI_OUTPUT, F(lines), "FILE",
          "E_IS_eV,T_max_K,rate_max_eV_per_s,T_boundary_K[,model_T_max_K,\n"
          "model_T_boundary_K]"),
    CLI_PLOT("entries (Fig. A1) and the map with its lines (Fig. 3a)"),
    CLI_F("-q|--quiet", F(quiet), "no summary on standard error"),
    CLI_END};

/* The footer of the help: what the spline costs. */
#define TPS_MAX STR(VT_TPS_MAX_POINTS)
#define SPLINE_NOTE                                                                                \
  "The spline's dense solve needs 8 (n + 3)^2 bytes and ~n^3/3 flops for n averaged\n"             \
  "entries (at most " TPS_MAX "); above --dense-max a local spline is used: at each\n"             \
  "map point the spline of its --neighbors nearest entries (a quarter per quadrant),\n"            \
  "memory linear in n (200 000 entries: a few seconds, ~100 MB).\n"

/* Each input file takes the --T and --format given before it. */
static int add_file(const char *cmd, const char *path, void *opts) {
  agemap_opts *o = opts;
  input *f = realloc(o->files, (o->n_files + 1) * sizeof *f);
  if (!f) return cli_error(cmd, "out of memory"), -1;
  o->files = f;
  f[o->n_files++] = (input){path, o->T_next, (vt_eis_format)o->format};
  return 0;
}

static const cli_command command = {
    .name = CMD,
    .usage = "[options] FILE...",
    .about =
        "Ageing-rate map from isothermal E_IS(t) curves (paper 003 Sec. 3.1, Appendix A2): every\n"
        "neighbouring pair of points of a curve at T gives an entry (T, (E_n + E_n+1)/2,\n"
        "(E_n+1 - E_n)/(t_n+1 - t_n)); entries at one T whose E_IS fall in one bin are averaged;\n"
        "a thin-plate spline over (T, E_IS) smooths them into a map, with the temperature of\n"
        "maximum ageing rate per E_IS and the boundary where the rate changes sign.\n\n"
        "FILE: CSV with time and E_IS columns carrying units, optional T and curve:\n"
        "'time_ps,E_IS_eV,T_K' or 't [ns],E_IS [eV/atom]'; or a LAMMPS log (thermo blocks;\n"
        "*.log, or --format lammps).",
    .opts = options,
    .groups = CLI_WITH_MODEL,
    .model_at = F(model),
    .footer = SPLINE_NOTE,
    .positional = add_file};

/* The options read as text, and the spline's counts (size_t in the library) and the mask. */
static int finish(agemap_opts *o) {
  vt_error err;
  if (o->n_files == 0) return cli_error(CMD, "no input files (vitrum agemap --help)"), -1;
  if (vt_lammps_option_set_text(&o->lammps, "energy_unit", "--energy-unit", o->energy_unit, &err) ||
      (o->atoms && vt_lammps_option_set_text(&o->lammps, "atoms", "--atoms", o->atoms, &err)) ||
      (o->asinh_scale &&
       vt_agemap_option_set_text(&o->map, "asinh_scale", "--asinh-scale", o->asinh_scale, &err)))
    return cli_error(CMD, "%s", err.message), -1;
  o->map.spline.neighbors = (size_t)o->neighbors;
  o->map.spline.dense_max = (size_t)o->dense_max;
  o->map.mask = !o->no_mask;
  return 0;
}

/* ---- Run ------------------------------------------------------------------------------------- */

typedef struct agemap_run {
  const agemap_opts *o;
  vt_eis_set set;
  vt_age_entries raw, avg;
  vt_rate_map map;
  vt_rate_lines lines, model;
  int compare;
} agemap_run;

static int read_all(const agemap_opts *o, vt_eis_set *set) {
  for (size_t k = 0; k < o->n_files; k++) {
    vt_error err;
    const input *f = &o->files[k];
    if (vt_read_eis(f->path, f->format, f->T_K, &o->lammps, set, &err))
      return cli_error(CMD, "%s", err.message), -1;
    cli_progress(CMD, k + 1, o->n_files);
  }
  return 0;
}

/* The pel model's lines on the map's rows. */
static int model_lines(agemap_opts *o, agemap_run *r, int *status) {
  vt_model *m = cli_pel_model(CMD, &o->model, NULL, NULL, status);
  if (!m) return -1;
  vt_error err;
  int rc = vt_pel_map_lines(m, &r->map, &r->model, &err);
  if (rc) cli_error(CMD, "pel model: %s", err.message);
  vt_model_free(m);
  *status = rc ? CLI_FAIL : CLI_OK;
  return rc ? -1 : 0;
}

static int plot(const agemap_opts *o, const char *entries, const char *map, const char *lines,
                const vt_rate_map *m) {
  double floor, top;
  cli_script sc = {0};
  vt_rate_map_log_range(m, 40, &floor, &top, NULL);
  cli_gp_data(&sc, "entries", entries);
  cli_map_vars(&sc, map, lines, m, floor, top, o->compare);
  return cli_plot_with(CMD, o->plot, "agemap rate_map", &sc);
}

/* The outputs (a failed write shows when the output set is committed). */
CLI_WRITER(write_entries, agemap_run, vt_age_entries_write_csv(&j->raw, &j->set, fp, NULL));

CLI_WRITER(write_averaged, agemap_run, vt_age_entries_write_csv(&j->avg, NULL, fp, NULL));

CLI_WRITER(write_map, agemap_run, vt_rate_map_write_csv(&j->map, NULL, fp, NULL));

CLI_WRITER(write_lines, agemap_run,
           vt_rate_lines_write_csv(&j->lines, j->compare ? &j->model : NULL, fp, NULL));

static int plot_files(const void *data, const char *const *files) {
  const agemap_run *r = data;
  return plot(r->o, files[0], files[2], files[3], &r->map);
}

/* The requested outputs, else (for the plot) files beside the picture, else the map on
 * standard output; all or none. */
static int write_outputs(const agemap_opts *o, const agemap_run *r) {
  int none = !o->entries && !o->averaged && !o->output && !o->lines && !o->plot;
  const cli_out outs[] = {{"--entries", o->entries, 0, "_entries.csv", write_entries},
                          {"--averaged", o->averaged, 0, NULL, write_averaged},
                          {"-o", o->output, none, ".csv", write_map},
                          {"--lines", o->lines, 0, "_lines.csv", write_lines}};
  return cli_write_outputs(CMD, outs, 4, o->plot, plot_files, r, 1);
}

static int run(agemap_opts *o) {
  agemap_run r = {.o = o, .compare = o->compare};
  vt_error err;
  int status = CLI_FAIL;
  if (read_all(o, &r.set)) goto done;
  if (vt_slope_mine(&r.set, &r.raw, &err) ||
      vt_agemap_compute(&r.raw, &o->map, &r.avg, &r.map, &r.lines, &err)) {
    cli_error(CMD, "%s", err.message);
    goto done;
  }
  if (o->compare && model_lines(o, &r, &status)) goto done;
  status = CLI_FAIL;
  if (write_outputs(o, &r)) goto done;
  if (!o->quiet)
    vt_agemap_write_summary(&r.set, &r.raw, &r.avg, &o->map, &r.lines, o->compare ? &r.model : NULL,
                            "vitrum agemap: ", stderr, NULL);
  status = CLI_OK;
done:
  vt_eis_set_free(&r.set);
  vt_age_entries_free(&r.raw);
  vt_age_entries_free(&r.avg);
  vt_rate_map_free(&r.map);
  vt_rate_lines_free(&r.lines);
  vt_rate_lines_free(&r.model);
  return status;
}

int cmd_agemap(int argc, char **argv) {
  agemap_opts o = {.T_next = NAN,
                   .energy_unit = "eV",
                   .lammps = vt_lammps_options_default(),
                   .map = vt_agemap_options_default()};
  o.neighbors = (int)o.map.spline.neighbors, o.dense_max = (int)o.map.spline.dense_max;
  o.no_mask = !o.map.mask;
  int r = cli_parse(&command, argc, argv, &o), status = r < 0 ? CLI_USAGE : CLI_OK;
  if (r == 0) status = finish(&o) ? CLI_USAGE : run(&o);
  cli_opts_free(&command, &o);
  free(o.files);
  return status;
}
