/* vitrum agemap: the ageing-rate map of MD E_IS(t) curves (paper 003 Sec. 3.1, Appendix A2,
 * Figs. 3 and A1): slope mining, averaging of overlapping entries, a thin-plate spline, the
 * maximum-rate line and the ageing/rejuvenation boundary; optionally beside the pel model's own
 * lines (Fig. 4b's comparison). Also the map writers and plot script pel-map shares. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vitrum/pel.h"

#define CMD "agemap"
#define EV  VT_EV_J_PER_MOL

/* In cmd_pel.c. */
vt_model *cli_pel_model(const char *cmd, cli_model_opts *mo, const char *table, const char *tol,
                        int *status);

/* ---- Shared with pel-map
 * -------------------------------------------------------------------------- */

int cli_write_rate_map(const char *cmd, const char *path, const vt_rate_map *map, vt_model *pel);
int cli_write_rate_lines(const char *cmd, const char *path, const vt_rate_lines *lines,
                         const vt_rate_lines *model);
double cli_rate_floor(const vt_rate_map *map, double decades, double *top);
void cli_map_script(char *buf, size_t size, const char *map, const char *lines,
                    const vt_rate_map *m, double floor, double top, int model_lines);

/* The map as CSV, a blank line after each E_IS row (gnuplot's grid layout); with a pel model
 * also <E_A> and <E_R> at each point. */
int cli_write_rate_map(const char *cmd, const char *path, const vt_rate_map *map, vt_model *pel) {
  vt_outfile out;
  vt_error err;
  int rc = 0;
  if (vt_outfile_open(&out, path, &err)) return cli_error(cmd, "%s", err.message), -1;
  fprintf(out.fp, "E_IS_eV,T_K,rate_eV_per_s,log10_abs_rate,sign%s\n", pel ? ",EA_eV,ER_eV" : "");
  for (size_t r = 0; !rc && r < map->nE; r++) {
    for (size_t i = 0; !rc && i < map->nT; i++) {
      double v = map->rate[r * map->nT + i] / EV;
      fprintf(out.fp, "%.8g,%.6g,%.6g,%.6f,%d", map->E_IS[r] / EV, map->T_K[i], v,
              v != 0 ? log10(fabs(v)) : NAN, (v > 0) - (v < 0));
      double EA, ER;
      if (pel && !(rc = vt_pel_mean_activation(pel, map->E_IS[r], map->T_K[i], &EA, &err)) &&
          !(rc = vt_pel_mean_relaxation(pel, map->E_IS[r], &ER, &err)))
        fprintf(out.fp, ",%.8g,%.8g", EA / EV, ER / EV);
      fputc('\n', out.fp);
    }
    fputc('\n', out.fp);
  }
  if (rc || vt_outfile_commit(&out, &err)) {
    vt_outfile_abort(&out);
    return cli_error(cmd, "%s", err.message), -1;
  }
  return 0;
}

int cli_write_rate_lines(const char *cmd, const char *path, const vt_rate_lines *l,
                         const vt_rate_lines *model) {
  vt_outfile out;
  vt_error err;
  if (vt_outfile_open(&out, path, &err)) return cli_error(cmd, "%s", err.message), -1;
  fprintf(out.fp, "E_IS_eV,T_max_K,rate_max_eV_per_s,T_boundary_K%s\n",
          model ? ",model_T_max_K,model_T_boundary_K" : "");
  for (size_t r = 0; r < l->n; r++) {
    fprintf(out.fp, "%.8g,%.6f,%.6g,%.6f", l->E_IS[r] / EV, l->T_max_K[r], l->rate_max[r] / EV,
            l->T_boundary_K[r]);
    if (model) fprintf(out.fp, ",%.6f,%.6f", model->T_max_K[r], model->T_boundary_K[r]);
    fputc('\n', out.fp);
  }
  if (vt_outfile_commit(&out, &err)) {
    vt_outfile_abort(&out);
    return cli_error(cmd, "%s", err.message), -1;
  }
  return 0;
}

/* The decades a picture shows: from *top = ceil(log10 max |rate|) (eV/s) down to the smallest
 * nonzero |rate|, at most `decades` below the top. */
double cli_rate_floor(const vt_rate_map *map, double decades, double *top) {
  double lo = INFINITY, hi = 0.0;
  for (size_t i = 0; i < map->nE * map->nT; i++) {
    double a = fabs(map->rate[i]) / EV;
    if (a > 0 && isfinite(a)) lo = fmin(lo, a), hi = fmax(hi, a);
  }
  if (!(hi > 0)) return *top = 1.0, 0.0;
  *top = ceil(log10(hi));
  return fmax(floor(log10(lo)), *top - decades);
}

/* The pixel map: colour sign x (log10|rate| - floor), contours every decade, the lines. */
void cli_map_script(char *buf, size_t size, const char *map, const char *lines,
                    const vt_rate_map *m, double floor, double top, int model_lines) {
  char qm[1024], ql[1024];
  snprintf(
      buf, size,
      "mapfile = '%s'\nlinesfile = '%s'\nL0 = %g\nL1 = %g\n"
      "set xrange [%g:%g]\nset yrange [%.8g:%.8g]\n"
      "v(r) = (r == 0 || r != r) ? 0 : sgn(r) * (log10(abs(r)) > L0 ? log10(abs(r)) - L0 : 0)\n"
      "set view map\nset pm3d map\nset palette defined (-1 '#2166ac', 0 'white', 1 '#b2182b')\n"
      "set cbrange [-(L1 - L0):(L1 - L0)]\n"
      "set cblabel sprintf('sign x (log_{10}|dE_{IS}/dt| %%+g), rate in eV/s; blue: ageing', -L0)\n"
      "set xlabel 'temperature (K)'\nset ylabel 'E_{IS} (eV/atom)'\n"
      "set contour base\nset cntrparam levels incremental L0, 1, L1\nunset clabel\n"
      "set key top left opaque box font ',9' samplen 2\n"
      "splot mapfile skip 1 using 2:1:(v($3)) with pm3d nocontour notitle, \\\n"
      "      mapfile skip 1 using 2:1:(log10(abs($3))) with lines nosurface lc 'gray30' lw 0.5 "
      "notitle, \\\n"
      "      linesfile skip 1 using 2:1:(0) with lines nocontour dt 2 lw 2.5 lc 'black' "
      "title 'max. ageing rate', \\\n"
      "      linesfile skip 1 using 4:1:(0) with points nocontour pt 6 ps 0.7 lc rgb '#e6a800' "
      "title 'ageing/rejuvenation boundary'%s\n",
      cli_gp_quote(map, qm, sizeof qm), cli_gp_quote(lines, ql, sizeof ql), floor, top, m->T_K[0],
      m->T_K[m->nT - 1], m->E_IS[0] / EV, m->E_IS[m->nE - 1] / EV,
      model_lines ? ", \\\n      linesfile skip 1 using 5:1:(0) with lines nocontour lw 1.5 "
                    "lc 'blue' title 'model: max. rate', \\\n      linesfile skip 1 using "
                    "6:1:(0) with points nocontour pt 2 ps 0.5 lc 'blue' title 'model: "
                    "boundary'"
                  : "");
}

/* ---- Options --------------------------------------------------------------------------------- */

typedef struct input {
  const char *path;
  double T_K;
  int lammps;
} input;

typedef struct agemap_opts {
  input *files;
  size_t n_files;
  double T_next; /* --T for the files that follow */
  const char *format;
  vt_lammps_options lammps;
  vt_agemap_options map;
  const char *entries, *averaged, *output, *lines, *plot;
  int compare, quiet;
  cli_model_opts model;
} agemap_opts;

static void help(void) {
  printf(
      "usage: vitrum agemap [options] FILE...\n"
      "\n"
      "Ageing-rate map from isothermal E_IS(t) curves (paper 003 Sec. 3.1, Appendix A2): every\n"
      "neighbouring pair of points of a curve at T gives an entry (T, (E_n + E_n+1)/2,\n"
      "(E_n+1 - E_n)/(t_n+1 - t_n)); entries at one T whose E_IS fall in one bin are averaged;\n"
      "a thin-plate spline over (T, E_IS) smooths them into a map, with the temperature of\n"
      "maximum ageing rate per E_IS and the boundary where the rate changes sign.\n"
      "\n"
      "input:\n"
      "  FILE...                 CSV with time and E_IS columns carrying units, optional T and\n"
      "                          curve: 'time_ps,E_IS_eV,T_K' or 't [ns],E_IS [eV/atom]'; or a\n"
      "                          LAMMPS log (thermo blocks; *.log, or --format lammps)\n"
      "  --T TEMP                temperature of the files after it that carry none\n"
      "  --format auto|csv|lammps   (auto: LAMMPS for names ending in .log or starting log.)\n"
      "  --energy-column NAME    LAMMPS: thermo column holding E_IS (default PotEng)\n"
      "  --energy-unit UNIT      LAMMPS: its unit (default eV; J/mol, kJ/mol, kcal/mol)\n"
      "  --timestep TIME         LAMMPS: time per step (default 1 fs; fs, ps, ns, s)\n"
      "  --atoms N|log           LAMMPS: divide the energy by N atoms, or by the count of the\n"
      "                          log's 'Loop time ... with N atoms' line (default: as written)\n"
      "  --T-column NAME         LAMMPS: average this column for T when no --T is given\n"
      "analysis:\n"
      "  --E-bin E               averaging bin in E_IS (default 1/100 of the E_IS span)\n"
      "  --lambda X              spline smoothing: the weight of the bending energy against the\n"
      "                          squared residuals, coordinates scaled to the unit square;\n"
      "                          0 interpolates (default 3e-3)\n"
      "  --transform linear|asinh   smooth the rate, or asinh(rate/scale) (decades alike)\n"
      "  --asinh-scale R         its scale in eV/s (default: the median |rate|)\n"
      "  --nT N, --nE N          map grid (default 121 x 121)\n"
      "  --T-range 'LO, HI K', --E-range 'LO, HI eV'   map range (default: the data's)\n"
      "  --spline auto|dense|local   dense solve or local spline (auto: by --dense-max)\n"
      "  --dense-max N           auto: largest averaged-entry count solved densely\n"
      "  --neighbors K           local spline: entries per map point (4..256, default 48)\n"
      "  --no-mask               keep the spline where the curves do not bracket a point\n"
      "                          (default: NaN there; the spline interpolates between curves)\n"
      "  --compare               add the pel model's lines (its parameters as for vitrum pel)\n"
      "output:\n"
      "  --entries FILE          raw entries: curve,source,T_K,E_IS_eV,rate_eV_per_s\n"
      "  --averaged FILE         averaged entries: T_K,E_IS_eV,rate_eV_per_s,count\n"
      "  -o, --output FILE       map CSV (as vitrum pel-map, without EA/ER)\n"
      "  --lines FILE            E_IS_eV,T_max_K,rate_max_eV_per_s,T_boundary_K[,model_T_max_K,\n"
      "                          model_T_boundary_K]\n"
      "  --plot FILE             entries (Fig. A1) and the map with its lines (Fig. 3a)\n"
      "  -q, --quiet             no summary on standard error\n"
      "The spline's dense solve needs 8 (n + 3)^2 bytes and ~n^3/3 flops for n averaged entries\n"
      "(at most %d); above --dense-max (default %zu) a local spline is used: at each map point\n"
      "the spline of its --neighbors nearest entries (default %zu, a quarter per quadrant),\n"
      "memory linear in n (200 000 entries: a few seconds, ~100 MB).\n",
      VT_TPS_MAX_POINTS, vt_tps_options_default().dense_max, vt_tps_options_default().neighbors);
}

/* "1 fs", "0.5 ps" or any core time unit. */
static int time_value(const char *option, const char *text, double *out) {
  char *end;
  double v = strtod(text, &end);
  while (*end == ' ') end++;
  double f = strcmp(end, "fs") == 0 ? 1e-15 : strcmp(end, "ps") == 0 ? 1e-12 : 0.0;
  if (f > 0 && end != text && v > 0 && isfinite(v)) return *out = v * f, 0;
  if (cli_quantity(CMD, option, text, VT_DIM_TIME, out)) return -1;
  if (!(*out > 0)) return cli_error(CMD, "%s must be > 0", option), -1;
  return 0;
}

static int number_value(const char *option, const char *text, double lo, double *out) {
  char *end;
  *out = strtod(text, &end);
  while (*end == ' ') end++;
  if (strcmp(option, "--asinh-scale") == 0 && strcmp(end, "eV/s") == 0) end += 4;
  if (end == text || *end || !(*out >= lo) || !isfinite(*out))
    return cli_error(CMD, "%s '%s': expected a number >= %g", option, text, lo), -1;
  return 0;
}

static int add_file(agemap_opts *o, const char *path) {
  input *f = realloc(o->files, (o->n_files + 1) * sizeof *f);
  if (!f) return cli_error(CMD, "out of memory"), -1;
  o->files = f;
  const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  size_t n = strlen(base);
  int auto_log = (n > 4 && strcmp(base + n - 4, ".log") == 0) || strncmp(base, "log.", 4) == 0;
  const char *fmt = o->format ? o->format : "auto";
  f[o->n_files++] = (input){path, o->T_next,
                            strcmp(fmt, "lammps") == 0 || (strcmp(fmt, "auto") == 0 && auto_log)};
  return 0;
}

/* A whole number in [lo, hi]. */
static int count_value(const char *option, const char *text, double lo, double hi, size_t *out) {
  char *end;
  double k = strtod(text, &end);
  if (end == text || *end || k != floor(k) || k < lo || k > hi)
    return cli_error(CMD, "%s '%s': expected a whole number from %g to %g", option, text, lo, hi),
           -1;
  *out = (size_t)k;
  return 0;
}

static int analysis_opt(int argc, char **argv, int *i, agemap_opts *o) {
  const char *v;
  int r;
  double *x, n;
  if ((r = cli_option(CMD, argc, argv, i, "--E-bin", &v))) {
    if (r < 0 || cli_quantity(CMD, "--E-bin", v, VT_DIM_MOLAR_ENERGY, &o->map.E_bin)) return -1;
    if (o->map.E_bin > 0) return 1; /* the library's message would show the value in J/mol */
    cli_error(CMD, "--E-bin '%s': expected a positive energy bin, e.g. '0.001 eV'", v);
    return -1;
  }
  if ((r = cli_option(CMD, argc, argv, i, "--lambda", &v)))
    return r < 0 || number_value("--lambda", v, 0.0, &o->map.lambda) ? -1 : 1;
  if ((r = cli_option(CMD, argc, argv, i, "--spline", &v))) {
    if (r < 0) return -1;
    vt_tps_method m = strcmp(v, "auto") == 0    ? VT_TPS_AUTO
                      : strcmp(v, "dense") == 0 ? VT_TPS_DENSE
                      : strcmp(v, "local") == 0 ? VT_TPS_LOCAL
                                                : (vt_tps_method)-1;
    if ((int)m < 0) return cli_error(CMD, "--spline '%s': expected auto, dense or local", v), -1;
    o->map.spline.method = m;
    return 1;
  }
  if ((r = cli_option(CMD, argc, argv, i, "--neighbors", &v)))
    return r < 0 || count_value("--neighbors", v, 4, VT_TPS_MAX_NEIGHBORS, &o->map.spline.neighbors)
               ? -1
               : 1;
  if ((r = cli_option(CMD, argc, argv, i, "--dense-max", &v)))
    return r < 0 || count_value("--dense-max", v, 0, 1e9, &o->map.spline.dense_max) ? -1 : 1;
  if ((r = cli_option(CMD, argc, argv, i, "--asinh-scale", &v)))
    return r < 0 || number_value("--asinh-scale", v, 0.0, &o->map.asinh_scale)
               ? -1
               : (o->map.asinh_scale *= EV, 1);
  if ((r = cli_option(CMD, argc, argv, i, "--transform", &v))) {
    if (r < 0) return -1;
    if (strcmp(v, "linear") && strcmp(v, "asinh"))
      return cli_error(CMD, "--transform '%s': expected linear or asinh", v), -1;
    o->map.transform = strcmp(v, "asinh") == 0 ? VT_AGEMAP_ASINH : VT_AGEMAP_LINEAR;
    return 1;
  }
  const char *counts[2] = {"--nT", "--nE"};
  for (int k = 0; k < 2; k++)
    if ((r = cli_option(CMD, argc, argv, i, counts[k], &v))) {
      if (r < 0 || number_value(counts[k], v, 3.0, &n) || n > 2001 || n != floor(n))
        return cli_error(CMD, "%s: expected a whole number from 3 to 2001", counts[k]), -1;
      *(k ? &o->map.nE : &o->map.nT) = (size_t)n;
      return 1;
    }
  const char *ranges[2] = {"--T-range", "--E-range"};
  for (int k = 0; k < 2; k++)
    if ((r = cli_option(CMD, argc, argv, i, ranges[k], &v))) {
      int c = r < 0 ? -1
                    : cli_quantity_list(CMD, ranges[k], v,
                                        k ? VT_DIM_MOLAR_ENERGY : VT_DIM_TEMPERATURE, &x);
      if (c < 0) return -1;
      if (c != 2 || !(x[1] > x[0]))
        return free(x),
               cli_error(CMD, "%s '%s': expected 'LO, HI UNIT' with LO < HI", ranges[k], v), -1;
      *(k ? &o->map.E_lo : &o->map.T_lo_K) = x[0];
      *(k ? &o->map.E_hi : &o->map.T_hi_K) = x[1];
      free(x);
      return 1;
    }
  return 0;
}

static int lammps_opt(int argc, char **argv, int *i, agemap_opts *o) {
  const char *v;
  int r;
  if ((r = cli_option(CMD, argc, argv, i, "--energy-column", &v)))
    return r < 0 ? -1 : (o->lammps.energy_column = v, 1);
  if ((r = cli_option(CMD, argc, argv, i, "--T-column", &v)))
    return r < 0 ? -1 : (o->lammps.T_column = v, 1);
  if ((r = cli_option(CMD, argc, argv, i, "--timestep", &v)))
    return r < 0 || time_value("--timestep", v, &o->lammps.timestep_s) ? -1 : 1;
  if ((r = cli_option(CMD, argc, argv, i, "--energy-unit", &v))) {
    double off;
    if (r < 0) return -1;
    if (!vt_unit_lookup(VT_DIM_MOLAR_ENERGY, v, &o->lammps.energy_unit_J_per_mol, &off))
      return cli_error(CMD, "--energy-unit '%s': expected eV, J/mol, kJ/mol or kcal/mol", v), -1;
    return 1;
  }
  if ((r = cli_option(CMD, argc, argv, i, "--atoms", &v))) {
    if (r < 0) return -1;
    if (strcmp(v, "log") == 0) return o->lammps.atoms = -1.0, 1;
    return number_value("--atoms", v, 1.0, &o->lammps.atoms) ? -1 : 1;
  }
  return 0;
}

static int output_opt(int argc, char **argv, int *i, agemap_opts *o) {
  const char **dst[] = {&o->entries, &o->averaged, &o->output, &o->output, &o->lines, &o->plot};
  const char *names[] = {"--entries", "--averaged", "-o", "--output", "--lines", "--plot"};
  for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
    const char *v;
    int r = cli_option(CMD, argc, argv, i, names[k], &v);
    if (r) {
      if (r < 0 || (k == 5 && cli_plot_check_name(CMD, v))) return -1;
      *dst[k] = v;
      return 1;
    }
  }
  return 0;
}

static int parse(int argc, char **argv, agemap_opts *o) {
  for (int i = 2; i < argc; i++) {
    const char *v, *a = argv[i];
    int r;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) return 1;
    if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
      o->quiet = 1;
      continue;
    }
    if (strcmp(a, "--compare") == 0 || strcmp(a, "--no-mask") == 0) {
      *(a[2] == 'c' ? &o->compare : &o->map.mask) = a[2] == 'c';
      continue;
    }
    if ((r = cli_option(CMD, argc, argv, &i, "--T", &v))) {
      if (r < 0 || cli_quantity(CMD, "--T", v, VT_DIM_TEMPERATURE, &o->T_next)) return -1;
    } else if ((r = cli_option(CMD, argc, argv, &i, "--format", &v))) {
      if (r < 0) return -1;
      if (strcmp(v, "auto") && strcmp(v, "csv") && strcmp(v, "lammps"))
        return cli_error(CMD, "--format '%s': expected auto, csv or lammps", v), -1;
      o->format = v;
    } else if ((r = analysis_opt(argc, argv, &i, o)) || (r = lammps_opt(argc, argv, &i, o)) ||
               (r = output_opt(argc, argv, &i, o)) ||
               (r = cli_model_option(CMD, argc, argv, &i, &o->model))) {
      if (r < 0) return -1;
    } else if (a[0] == '-' && a[1] != '\0') {
      return cli_error(CMD, "unknown option '%s' (vitrum agemap --help lists them)", a), -1;
    } else if (add_file(o, a)) {
      return -1;
    }
  }
  if (o->n_files == 0) return cli_error(CMD, "no input files (vitrum agemap --help)"), -1;
  return 0;
}

/* ---- Run ------------------------------------------------------------------------------------- */

static int read_all(const agemap_opts *o, vt_eis_set *set) {
  memset(set, 0, sizeof *set);
  for (size_t k = 0; k < o->n_files; k++) {
    vt_error err;
    vt_lammps_options lo = o->lammps;
    lo.T_K = o->files[k].T_K;
    int rc = o->files[k].lammps ? vt_read_eis_lammps(o->files[k].path, &lo, set, &err)
                                : vt_read_eis_csv(o->files[k].path, o->files[k].T_K, set, &err);
    if (rc) return cli_error(CMD, "%s", err.message), -1;
    cli_progress(CMD, k + 1, o->n_files);
  }
  return 0;
}

static int write_entries(const char *path, const vt_age_entries *e, const vt_eis_set *set) {
  vt_outfile out;
  vt_error err;
  if (vt_outfile_open(&out, path, &err)) return cli_error(CMD, "%s", err.message), -1;
  fprintf(out.fp,
          set ? "curve,source,T_K,E_IS_eV,rate_eV_per_s\n" : "T_K,E_IS_eV,rate_eV_per_s,count\n");
  for (size_t i = 0; i < e->n; i++) {
    if (set) {
      size_t c = e->curve[i];
      vt_csv_write_text(out.fp, set->curves[c].name ? set->curves[c].name : "");
      fputc(',', out.fp);
      vt_csv_write_text(out.fp, set->sources && set->sources[c] ? set->sources[c] : "");
      fputc(',', out.fp);
    }
    fprintf(out.fp, "%.6g,%.9g,%.6g", e->T_K[i], e->E_IS[i] / EV, e->rate[i] / EV);
    if (!set) fprintf(out.fp, ",%zu", e->count[i]);
    fputc('\n', out.fp);
  }
  if (vt_outfile_commit(&out, &err)) {
    vt_outfile_abort(&out);
    return cli_error(CMD, "%s", err.message), -1;
  }
  return 0;
}

/* The pel model's lines on the map's rows, searched 300 K beyond the map on either side. */
static int model_lines(agemap_opts *o, const vt_rate_map *map, vt_rate_lines *ml, int *status) {
  vt_model *m = cli_pel_model(CMD, &o->model, NULL, NULL, status);
  if (!m) return -1;
  vt_error err;
  int rc = 0;
  ml->n = map->nE;
  ml->E_IS = malloc(map->nE * sizeof(double));
  ml->T_max_K = malloc(map->nE * sizeof(double));
  ml->rate_max = malloc(map->nE * sizeof(double));
  ml->T_boundary_K = malloc(map->nE * sizeof(double));
  if (!ml->E_IS || !ml->T_max_K || !ml->rate_max || !ml->T_boundary_K) rc = VT_ENOMEM;
  double lo = fmax(1.0, map->T_K[0] - 300.0), hi = map->T_K[map->nT - 1] + 300.0;
  for (size_t r = 0; !rc && r < map->nE; r++) {
    ml->E_IS[r] = map->E_IS[r];
    rc = vt_pel_boundary_T(m, map->E_IS[r], &ml->T_boundary_K[r], &err) ||
         vt_pel_max_ageing_T(m, map->E_IS[r], lo, hi, 256, &ml->T_max_K[r], &ml->rate_max[r], &err);
  }
  if (rc) cli_error(CMD, "pel model: %s", rc == VT_ENOMEM ? "out of memory" : err.message);
  vt_model_free(m);
  *status = rc ? CLI_FAIL : CLI_OK;
  return rc ? -1 : 0;
}

static int cmp_abs(const void *pa, const void *pb) {
  double a = *(const double *)pa, b = *(const double *)pb;
  return (a > b) - (a < b);
}

static void summary(const agemap_opts *o, const vt_eis_set *set, const vt_age_entries *raw,
                    const vt_age_entries *avg, const vt_rate_lines *l, const vt_rate_lines *ml) {
  size_t a = SIZE_MAX, b = SIZE_MAX, rows = 0;
  double *d = ml ? malloc(l->n * sizeof *d) : NULL;
  for (size_t r = 0; r < l->n; r++) {
    if (isfinite(l->T_max_K[r])) b = r, a = a == SIZE_MAX ? r : a;
    if (d && isfinite(l->T_max_K[r]) && isfinite(ml->T_max_K[r]))
      d[rows++] = fabs(l->T_max_K[r] - ml->T_max_K[r]);
  }
  fprintf(stderr,
          "vitrum agemap: %zu curves, %zu raw entries, %zu averaged; spline lambda %g (%s)\n",
          set->n, raw->n, avg->n, o->map.lambda,
          o->map.transform == VT_AGEMAP_ASINH ? "asinh" : "linear");
  if (a != SIZE_MAX)
    fprintf(stderr,
            "vitrum agemap: maximum ageing rate at %.2f K (E_IS %.5g eV) to %.2f K (E_IS %.5g "
            "eV)\n",
            l->T_max_K[a], l->E_IS[a] / EV, l->T_max_K[b], l->E_IS[b] / EV);
  else
    fprintf(stderr, "vitrum agemap: no maximum of the ageing rate inside the map\n");
  if (d && rows) {
    qsort(d, rows, sizeof *d, cmp_abs);
    fprintf(stderr,
            "vitrum agemap: pel model: max |T_max - model| = %.2f K (median %.2f K) over %zu "
            "rows\n",
            d[rows - 1], d[rows / 2], rows);
  } else if (ml) {
    fprintf(stderr, "vitrum agemap: pel model: no row with both maxima to compare\n");
  }
  free(d);
}

static int plot(const agemap_opts *o, const char *entries, const char *map, const char *lines,
                const vt_rate_map *m, double floor, double top) {
  char body[12288], q[1024], mapscript[8192];
  cli_map_script(mapscript, sizeof mapscript, map, lines, m, floor, top, o->compare);
  snprintf(body, sizeof body,
           "entries = '%s'\n"
           "set multiplot layout 2,1 title 'vitrum agemap: slope-mined ageing rates (paper 003 "
           "Figs. A1, 3a)'\n"
           "L0 = %g\nL1 = %g\n"
           "v(r) = (r == 0 || r != r) ? 0 : sgn(r) * (log10(abs(r)) > L0 ? log10(abs(r)) - L0 "
           ": 0)\n"
           "set palette defined (-1 '#2166ac', 0 'white', 1 '#b2182b')\n"
           "set cbrange [-(L1 - L0):(L1 - L0)]\nset grid\n"
           "set xrange [%g:%g]\nset yrange [%.8g:%.8g]\n"
           "set xlabel 'temperature (K)'\nset ylabel 'E_{IS} (eV/atom)'\n"
           "set cblabel 'sign x log_{10}|rate| (shifted)'\n"
           "plot entries skip 1 using 3:4:(v($5)) with points pt 7 ps 0.5 palette notitle\n"
           "unset grid\n%s"
           "unset multiplot\n",
           cli_gp_quote(entries, q, sizeof q), floor, top, m->T_K[0], m->T_K[m->nT - 1],
           m->E_IS[0] / EV, m->E_IS[m->nE - 1] / EV, mapscript);
  return cli_plot(CMD, o->plot, body);
}

/* Output names: the requested ones, else (for the plot) files beside the picture; which were
 * written (a failed run removes them again). */
enum { OUT_ENTRIES, OUT_AVERAGED, OUT_MAP, OUT_LINES, N_OUT };
typedef struct outputs {
  const char *name[N_OUT];
  char *own[N_OUT];
  int wrote[N_OUT];
} outputs;

static char *beside(const char *plot, const char *suffix) {
  size_t n = strlen(plot) + strlen(suffix) + 1;
  char *s = malloc(n);
  if (s) snprintf(s, n, "%.*s%s", (int)(strrchr(plot, '.') - plot), plot, suffix);
  return s;
}

static int name_outputs(const agemap_opts *o, outputs *w) {
  static const char *const suffix[N_OUT] = {"_entries.csv", NULL, ".csv", "_lines.csv"};
  w->name[OUT_ENTRIES] = o->entries, w->name[OUT_AVERAGED] = o->averaged;
  w->name[OUT_MAP] = o->output, w->name[OUT_LINES] = o->lines;
  for (int k = 0; k < N_OUT && o->plot; k++)
    if (suffix[k] && (!w->name[k] || strcmp(w->name[k], "-") == 0))
      if (!(w->name[k] = w->own[k] = beside(o->plot, suffix[k])))
        return cli_error(CMD, "out of memory"), -1;
  int any = 0;
  for (int k = 0; k < N_OUT; k++) any |= w->name[k] != NULL;
  if (!any) w->name[OUT_MAP] = "-";
  return 0;
}

static int write_outputs(const agemap_opts *o, const vt_eis_set *set, const vt_age_entries *raw,
                         const vt_age_entries *avg, const vt_rate_map *map,
                         const vt_rate_lines *lines, const vt_rate_lines *ml, outputs *w) {
  for (int k = 0; k < N_OUT; k++) {
    const char *n = w->name[k];
    if (!n) continue;
    int rc = k == OUT_ENTRIES    ? write_entries(n, raw, set)
             : k == OUT_AVERAGED ? write_entries(n, avg, NULL)
             : k == OUT_MAP      ? cli_write_rate_map(CMD, n, map, NULL)
                                 : cli_write_rate_lines(CMD, n, lines, ml);
    if (rc) return -1;
    w->wrote[k] = strcmp(n, "-") != 0;
  }
  if (!o->plot) return 0;
  double top, floor = cli_rate_floor(map, 40, &top);
  return plot(o, w->name[OUT_ENTRIES], w->name[OUT_MAP], w->name[OUT_LINES], map, floor, top);
}

static int run(agemap_opts *o) {
  vt_eis_set set;
  vt_age_entries raw = {0}, avg = {0};
  vt_rate_map map = {0};
  vt_rate_lines lines = {0}, ml = {0};
  vt_error err;
  outputs w;
  memset(&w, 0, sizeof w);
  int status = CLI_FAIL;
  if (read_all(o, &set)) goto done;
  if (vt_slope_mine(&set, &raw, &err) ||
      vt_agemap_compute(&raw, &o->map, &avg, &map, &lines, &err)) {
    cli_error(CMD, "%s", err.message);
    goto done;
  }
  if (o->compare && model_lines(o, &map, &ml, &status)) goto done;
  status = CLI_FAIL;
  if (name_outputs(o, &w) ||
      write_outputs(o, &set, &raw, &avg, &map, &lines, o->compare ? &ml : NULL, &w)) {
    for (int k = 0; k < N_OUT; k++) /* a failed run leaves no output */
      if (w.wrote[k]) remove(w.name[k]);
    goto done;
  }
  if (!o->quiet) summary(o, &set, &raw, &avg, &lines, o->compare ? &ml : NULL);
  status = CLI_OK;
done:
  for (int k = 0; k < N_OUT; k++) free(w.own[k]);
  vt_eis_set_free(&set);
  vt_age_entries_free(&raw);
  vt_age_entries_free(&avg);
  vt_rate_map_free(&map);
  vt_rate_lines_free(&lines);
  vt_rate_lines_free(&ml);
  return status;
}

int cmd_agemap(int argc, char **argv) {
  agemap_opts o;
  memset(&o, 0, sizeof o);
  o.T_next = NAN;
  o.lammps = vt_lammps_options_default();
  o.map = vt_agemap_options_default();
  int r = parse(argc, argv, &o), status = r < 0 ? CLI_USAGE : CLI_OK;
  if (r == 1) help();
  if (r == 0) status = run(&o);
  free(o.files);
  return status;
}
