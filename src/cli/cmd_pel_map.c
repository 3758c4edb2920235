/* vitrum pel-map: the ageing rate of the energy-landscape model over (E_IS, T) (paper 003
 * Fig. 4b): log-scaled magnitude and sign, the temperature of maximum ageing rate per E_IS, the
 * ageing/rejuvenation boundary, and a pixel map with contours every decade. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vitrum/pel.h"

#define CMD "pel-map"
#define EV  VT_EV_J_PER_MOL

/* In cmd_pel.c. */
vt_model *cli_pel_model(const char *cmd, cli_model_opts *mo, const char *table, const char *tol,
                        int *status);
/* In cmd_agemap.c: the map CSV, the lines CSV and the gnuplot commands of a rate map. */
int cli_write_rate_map(const char *cmd, const char *path, const vt_rate_map *map, vt_model *pel);
int cli_write_rate_lines(const char *cmd, const char *path, const vt_rate_lines *lines,
                         const vt_rate_lines *model);
double cli_rate_floor(const vt_rate_map *map, double decades, double *top);
void cli_map_script(char *buf, size_t size, const char *map, const char *lines,
                    const vt_rate_map *m, double floor, double top, int model_lines);

typedef struct map_opts {
  const char *output, *lines, *plot, *table;
  double E_range[2], T_range[2], decades;
  int have_E, have_T, quiet;
  size_t nE, nT;
  cli_model_opts model;
} map_opts;

static void help(void) {
  printf("usage: vitrum pel-map [options]\n"
         "\n"
         "The rate dE_IS/dt of the energy-landscape model (paper 003 Eq. 1) over a grid of\n"
         "inherent-structure energy E_IS (per atom) and temperature, as in paper 003 Fig. 4b.\n"
         "Negative = ageing (<E_A> < <E_R>), positive = rejuvenation. Per E_IS row: the\n"
         "temperature of maximum ageing rate (Brent's method on the model) and the boundary\n"
         "<E_A> = <E_R>.\n"
         "\n"
         "options:\n"
         "  --E-range 'LO, HI eV'   E_IS range (default: the model's window, E_ref + dE_min to\n"
         "                          E_ref + dE_max, or the table's bins)\n"
         "  --T-range 'LO, HI K'    temperature range (default 400, 1000 K)\n"
         "  --nE N, --nT N          grid points (default 121 each)\n"
         "  -o, --output FILE       map CSV: E_IS_eV,T_K,rate_eV_per_s,log10_abs_rate,sign,EA_eV,\n"
         "                          ER_eV; a blank line after each E_IS row (gnuplot's grid\n"
         "                          layout). Default: standard output\n"
         "  --lines FILE            E_IS_eV,T_max_K,rate_max_eV_per_s,T_boundary_K (NaN where\n"
         "                          a row has none inside the T range)\n"
         "  --plot FILE             pixel map of sign x log10|rate| with contours every decade,\n"
         "                          the maximum-rate line and the boundary (.png/.svg/.pdf; the\n"
         "                          data go to -o/--lines or beside the picture)\n"
         "  --decades N             colours and contours over the top N decades of |rate|\n"
         "                          (default: all, at most 40)\n"
         "  --spectra FILE          tabulated spectra (see vitrum pel --help)\n"
         "  -q, --quiet             no summary on standard error\n"
         "  --NAME VALUE            pel model parameters (vitrum pel --help, vitrum models)\n");
}

static int range_opt(int argc, char **argv, int *i, const char *name, vt_dim dim, double out[2],
                     int *have) {
  const char *v;
  int r = cli_option(CMD, argc, argv, i, name, &v);
  if (r <= 0) return r;
  double *x;
  int n = cli_quantity_list(CMD, name, v, dim, &x);
  if (n < 0) return -1;
  if (n != 2 || !(x[1] > x[0])) {
    free(x);
    return cli_error(CMD, "%s '%s': expected 'LO, HI UNIT' with LO < HI", name, v), -1;
  }
  out[0] = x[0], out[1] = x[1], *have = 1;
  free(x);
  return 1;
}

static int count_opt(int argc, char **argv, int *i, const char *name, double lo, double hi,
                     double *out) {
  const char *v;
  int r = cli_option(CMD, argc, argv, i, name, &v);
  if (r <= 0) return r;
  char *end;
  *out = strtod(v, &end);
  if (end == v || *end || !(*out >= lo && *out <= hi))
    return cli_error(CMD, "%s '%s': expected a number from %g to %g", name, v, lo, hi), -1;
  return 1;
}

static int parse(int argc, char **argv, map_opts *o) {
  for (int i = 2; i < argc; i++) {
    const char *v, *a = argv[i];
    double n;
    int r;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) return 1;
    if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
      o->quiet = 1;
      continue;
    }
    if ((r = cli_option(CMD, argc, argv, &i, "-o", &v)) ||
        (r = cli_option(CMD, argc, argv, &i, "--output", &v))) {
      if (r < 0) return -1;
      o->output = v;
    } else if ((r = cli_option(CMD, argc, argv, &i, "--lines", &v))) {
      if (r < 0) return -1;
      o->lines = v;
    } else if ((r = cli_option(CMD, argc, argv, &i, "--plot", &v))) {
      if (r < 0 || cli_plot_check_name(CMD, v)) return -1;
      o->plot = v;
    } else if ((r = cli_option(CMD, argc, argv, &i, "--spectra", &v)) ||
               (r = cli_option(CMD, argc, argv, &i, "--spectrum", &v))) {
      if (r < 0) return -1;
      o->table = v;
    } else if ((r = count_opt(argc, argv, &i, "--nE", 2, 2001, &n))) {
      if (r < 0) return -1;
      o->nE = (size_t)n;
    } else if ((r = count_opt(argc, argv, &i, "--nT", 3, 2001, &n))) {
      if (r < 0) return -1;
      o->nT = (size_t)n;
    } else if ((r = count_opt(argc, argv, &i, "--decades", 1, 300, &o->decades)) ||
               (r = range_opt(argc, argv, &i, "--E-range", VT_DIM_MOLAR_ENERGY, o->E_range,
                              &o->have_E)) ||
               (r = range_opt(argc, argv, &i, "--T-range", VT_DIM_TEMPERATURE, o->T_range,
                              &o->have_T)) ||
               (r = cli_model_option(CMD, argc, argv, &i, &o->model))) {
      if (r < 0) return -1;
    } else {
      return cli_error(CMD, "unknown option '%s' (vitrum pel-map --help lists them)", a), -1;
    }
  }
  return 0;
}

/* "base.csv" / "base_lines.csv" beside the picture when the plot needs files not named. */
static char *beside(const char *plot, const char *suffix) {
  size_t n = strlen(plot) + strlen(suffix) + 1;
  char *s = malloc(n);
  if (s) snprintf(s, n, "%.*s%s", (int)(strrchr(plot, '.') - plot), plot, suffix);
  return s;
}

static void summary(const vt_rate_map *map, const vt_rate_lines *l) {
  double top, floor = cli_rate_floor(map, 300, &top);
  size_t a = SIZE_MAX, b = SIZE_MAX;
  for (size_t r = 0; r < l->n; r++)
    if (isfinite(l->T_max_K[r])) b = r, a = a == SIZE_MAX ? r : a;
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

static int run(map_opts *o, vt_model *m) {
  vt_error err;
  vt_rate_map map;
  vt_rate_lines lines;
  if (!o->have_E && vt_pel_window(m, &o->E_range[0], &o->E_range[1], &err))
    return cli_error(CMD, "%s", err.message), CLI_FAIL;
  if (vt_pel_map_compute(m, o->E_range[0], o->E_range[1], o->nE, o->T_range[0], o->T_range[1],
                         o->nT, &map, &lines, &err))
    return cli_error(CMD, "%s", err.message), CLI_FAIL;
  char *map_file = NULL, *lines_file = NULL;
  const char *mp = o->output ? o->output : "-", *lp = o->lines;
  if (o->plot && strcmp(mp, "-") == 0) mp = map_file = beside(o->plot, ".csv");
  if (o->plot && !lp) lp = lines_file = beside(o->plot, "_lines.csv");
  int rc = !mp || (o->plot && !lp), wrote_map = 0, wrote_lines = 0;
  if (!rc) rc = cli_write_rate_map(CMD, mp, &map, m), wrote_map = !rc && strcmp(mp, "-") != 0;
  if (!rc && lp) rc = cli_write_rate_lines(CMD, lp, &lines, NULL), wrote_lines = !rc;
  if (!rc && o->plot) {
    double top, floor = cli_rate_floor(&map, o->decades > 0 ? o->decades : 40, &top);
    char body[8192];
    int n = snprintf(body, sizeof body,
                     "set title 'vitrum pel-map: dE_{IS}/dt of the energy-landscape model (paper "
                     "003 Eq. 1, Fig. 4b)'\n");
    cli_map_script(body + n, sizeof body - (size_t)n, mp, lp, &map, floor, top, 0);
    rc = cli_plot(CMD, o->plot, body);
  }
  if (!rc && !o->quiet) summary(&map, &lines);
  if (rc && wrote_map) remove(mp); /* a failed run leaves no output */
  if (rc && wrote_lines) remove(lp);
  free(map_file);
  free(lines_file);
  vt_rate_map_free(&map);
  vt_rate_lines_free(&lines);
  return rc ? CLI_FAIL : CLI_OK;
}

int cmd_pel_map(int argc, char **argv) {
  map_opts o;
  memset(&o, 0, sizeof o);
  o.nE = o.nT = 121;
  o.T_range[0] = 400.0, o.T_range[1] = 1000.0;
  int r = parse(argc, argv, &o), status = r < 0 ? CLI_USAGE : CLI_OK;
  if (r == 1) help();
  if (r == 0) {
    vt_model *m = cli_pel_model(CMD, &o.model, o.table, NULL, &status);
    if (m) status = run(&o, m);
    vt_model_free(m);
  }
  return status;
}
