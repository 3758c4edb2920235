/* vitrum pel-map: the ageing rate of the energy-landscape model over (E_IS, T) (paper 003
 * Fig. 4b): log-scaled magnitude and sign, the temperature of maximum ageing rate per E_IS, the
 * ageing/rejuvenation boundary, and a pixel map with contours every decade. */
#include "cmd.h"
#include "pel_cli.h"

#define CMD "pel-map"

typedef struct map_opts {
  const char *output, *lines, *plot, *table;
  vt_pel_map_options map;
  double decades;
  int quiet;
  cli_model_opts model;
} map_opts;

#define F(field) offsetof(map_opts, field)
static const cli_opt options[] = {
    CLI_TABLE_AT(vt_pel_map_option_table, F(map)),
    CLI_OUT("map CSV: E_IS_eV,T_K,rate_eV_per_s,log10_abs_rate,sign,EA_eV,\n"
            "ER_eV; a blank line after each E_IS row (gnuplot's grid\n"
            "layout). Default: standard output"),
    CLI_S("--lines", CLI_OUTPUT, F(lines), "FILE",
          "E_IS_eV,T_max_K,rate_max_eV_per_s,T_boundary_K (NaN where\n"
          "a row has none inside the T range)"),
    CLI_PLOT("pixel map of sign x log10|rate| with contours every decade,\n"
             "the maximum-rate line and the boundary (.png/.svg/.pdf; the\n"
             "data go to -o/--lines or beside the picture)"),
    CLI_Q("--decades", F(decades), VT_DIM_NONE, "N",
          "colours and contours over the top N decades of |rate|\n(default: all, at most 40)",
          CLI_NO_DEFAULT),
    CLI_S("--spectra", CLI_TEXT, F(table), "FILE", "tabulated spectra (see vitrum pel --help)"),
    CLI_F("-q|--quiet", F(quiet), "no summary on standard error"),
    CLI_END};

static const cli_command command = {
    .name = CMD,
    .usage = "[options]",
    .about = "The rate dE_IS/dt of the energy-landscape model (paper 003 Eq. 1) over a grid of\n"
             "inherent-structure energy E_IS (per atom) and temperature, as in paper 003 Fig. "
             "4b.\nNegative = ageing (<E_A> < <E_R>), positive = rejuvenation. Per E_IS row: the\n"
             "temperature of maximum ageing rate (Brent's method on the model) and the boundary\n"
             "<E_A> = <E_R>.",
    .opts = options,
    .groups = CLI_WITH_MODEL,
    .model_at = F(model)};

typedef struct map_data {
  const map_opts *o;
  const vt_rate_map *map;
  const vt_rate_lines *lines;
  vt_model *pel;
} map_data;

/* A failed write shows when the output set is committed. */
CLI_WRITER(write_map, map_data, vt_rate_map_write_csv(j->map, j->pel, fp, NULL));

CLI_WRITER(write_lines, map_data, vt_rate_lines_write_csv(j->lines, NULL, fp, NULL));

/* cli_plot_fn: files the map and the lines. */
static int plot(const void *data, const char *const *files) {
  const map_data *d = data;
  double top, floor;
  cli_script sc = {0};
  vt_rate_map_log_range(d->map, d->o->decades > 0 ? d->o->decades : 40, &floor, &top, NULL);
  cli_map_vars(&sc, files[0], files[1], d->map, floor, top, 0);
  return cli_plot_with(CMD, d->o->plot, "pel_map rate_map", &sc);
}

static int run(const map_opts *o, vt_model *m) {
  vt_error err;
  vt_rate_map map = {0};
  vt_rate_lines lines = {0};
  if (vt_pel_map_run(m, &o->map, &map, &lines, &err))
    return cli_error(CMD, "%s", err.message), CLI_FAIL;
  map_data d = {o, &map, &lines, m};
  const cli_out outs[] = {{"-o", o->output, 1, ".csv", write_map},
                          {"--lines", o->lines, 0, "_lines.csv", write_lines}};
  int rc = cli_write_outputs(CMD, outs, 2, o->plot, plot, &d, 1);
  if (!rc && !o->quiet) vt_rate_map_write_summary(&map, &lines, "vitrum pel-map: ", stderr, NULL);
  vt_rate_map_free(&map);
  vt_rate_lines_free(&lines);
  return rc ? CLI_FAIL : CLI_OK;
}

int cmd_pel_map(int argc, char **argv) {
  map_opts o = {.map = vt_pel_map_options_default()};
  int r = cli_parse(&command, argc, argv, &o), status = r < 0 ? CLI_USAGE : CLI_OK;
  if (r == 0 && o.decades != 0 && !(o.decades >= 1 && o.decades <= 300))
    status = CLI_USAGE,
    cli_error(CMD, "--decades '%g': expected a number from 1 to 300", o.decades);
  if (r == 0 && status == CLI_OK) {
    vt_model *m = cli_pel_model(CMD, &o.model, o.table, NULL, &status);
    if (m) status = run(&o, m);
    vt_model_free(m);
  }
  return status;
}
