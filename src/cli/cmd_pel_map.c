/* vitrum pel-map: the ageing rate of the energy-landscape model over (E_IS, T) (paper 003
 * Fig. 4b): log-scaled magnitude and sign, the temperature of maximum ageing rate per E_IS, the
 * ageing/rejuvenation boundary, and a pixel map with contours every decade. */
#include <stdint.h>

#include "cmd.h"
#include "pel_cli.h"

#define CMD "pel-map"
#define EV  VT_EV_J_PER_MOL

typedef struct map_opts {
  const char *output, *lines, *plot, *table;
  double E_range[2], T_range[2], decades;
  int nE, nT, quiet;
  cli_model_opts model;
} map_opts;

#define F(field) offsetof(map_opts, field)
static const cli_opt options[] = {
    CLI_R("--E-range", F(E_range), VT_DIM_MOLAR_ENERGY, "'LO, HI eV'",
          "E_IS range (default: the model's window, E_ref + dE_min to\n"
          "E_ref + dE_max, or the table's bins)",
          0),
    CLI_R("--T-range", F(T_range), VT_DIM_TEMPERATURE, "'LO, HI K'", "temperature range",
          CLI_POSITIVE),
    CLI_IR("--nE", F(nE), 2, 2001, "N", "grid points in E_IS"),
    CLI_IR("--nT", F(nT), 3, 2001, "N", "grid points in T"),
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

static void summary(const vt_rate_map *map, const vt_rate_lines *l) {
  double top, floor;
  size_t a, b;
  vt_rate_map_log_range(map, 300, &floor, &top, NULL);
  vt_rate_lines_span(l, &a, &b, NULL);
  fprintf(stderr,
          "vitrum pel-map: %zu x %zu points, E_IS %.4g to %.4g eV, T %g to %g K; |rate| spans "
          "%.1f decades (1e%.0f to 1e%.0f eV/s)\n",
          map->nE, map->nT, map->E_IS[0] / EV, map->E_IS[map->nE - 1] / EV, map->T_K[0],
          map->T_K[map->nT - 1], top - floor, floor, top);
  if (a != SIZE_MAX)
    fprintf(stderr,
            "vitrum pel-map: maximum ageing rate at %.2f K (E_IS %.4g eV, %.3g eV/s) to %.2f K "
            "(E_IS %.4g eV, %.3g eV/s); boundary %.2f to %.2f K\n",
            l->T_max_K[a], l->E_IS[a] / EV, l->rate_max[a] / EV, l->T_max_K[b], l->E_IS[b] / EV,
            l->rate_max[b] / EV, l->T_boundary_K[a], l->T_boundary_K[b]);
}

typedef struct map_data {
  const map_opts *o;
  const vt_rate_map *map;
  const vt_rate_lines *lines;
  vt_model *pel;
} map_data;

/* A failed write shows when the output set is committed. */
CLI_WRITER(write_map, map_data, vt_rate_map_write_csv(j->map, j->pel, fp, NULL));

CLI_WRITER(write_lines, map_data, vt_rate_lines_write_csv(j->lines, NULL, fp, NULL));

static int plot(const map_opts *o, const char *map_file, const char *lines_file,
                const vt_rate_map *map) {
  double top, floor;
  cli_script sc = {0};
  vt_rate_map_log_range(map, o->decades > 0 ? o->decades : 40, &floor, &top, NULL);
  cli_map_vars(&sc, map_file, lines_file, map, floor, top, 0);
  return cli_plot_with(CMD, o->plot, "pel_map rate_map", &sc);
}

static int plot_files(const void *data, const char *const *files) {
  const map_data *d = data;
  return plot(d->o, files[0], files[1], d->map);
}

static int run(map_opts *o, vt_model *m) {
  vt_error err;
  vt_rate_map map = {0};
  vt_rate_lines lines = {0};
  if (isnan(o->E_range[0]) && vt_pel_window(m, &o->E_range[0], &o->E_range[1], &err))
    return cli_error(CMD, "%s", err.message), CLI_FAIL;
  if (vt_pel_map_compute(m, o->E_range[0], o->E_range[1], (size_t)o->nE, o->T_range[0],
                         o->T_range[1], (size_t)o->nT, &map, &lines, &err))
    return cli_error(CMD, "%s", err.message), CLI_FAIL;
  map_data d = {o, &map, &lines, m};
  const cli_out outs[] = {{"-o", o->output, 1, ".csv", write_map},
                          {"--lines", o->lines, 0, "_lines.csv", write_lines}};
  int rc = cli_write_outputs(CMD, outs, 2, o->plot, plot_files, &d, 1);
  if (!rc && !o->quiet) summary(&map, &lines);
  vt_rate_map_free(&map);
  vt_rate_lines_free(&lines);
  return rc ? CLI_FAIL : CLI_OK;
}

int cmd_pel_map(int argc, char **argv) {
  map_opts o = {.E_range = {NAN, NAN}, .T_range = {400.0, 1000.0}, .nE = 121, .nT = 121};
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
