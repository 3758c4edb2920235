/* vitrum fit: model parameters fitted to enthalpy-recovery tables (single- and two-step anneals,
 * paper 000 Figs. 1-2) and Cp_N heating curves, through vt_fit_run. The command line names the
 * data, the free parameters (the rest stay at their model values) and their bounds; out come
 * the values with standard errors, chi^2, the correlations with a warning for pairs the data
 * cannot separate, and on request the fitted values, per-point predictions and a plot. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "io/fit_io.h"

#define CMD            "fit"
#define CORR_WARN      0.99 /* |r| above this: the data fix only a combination of the pair */
#define LINE_POINTS    40   /* per protocol on the plot's fitted lines */
#define MAX_FREE_NAMES 64
#define CLI_NOCONV     3 /* exit status: no start converged; the best point was written */

typedef struct fit_cli {
  const char **dh_files, **curve_specs, **free_lists, **bound_texts; /* argv, argc long each */
  size_t n_dh_files, n_curve_specs, n_free_lists, n_bounds;
  const char *output, *predicted, *plot;
  int quiet;
  double molar_mass; /* kg/mol, for dh per mass (0: none) */
  vt_fit_options opts;
  cli_model_opts model;
  /* resolved against the model's table */
  const char *names[MAX_FREE_NAMES];
  char *name_buf;
  double lower[MAX_FREE_NAMES], upper[MAX_FREE_NAMES];
  size_t n_free;
} fit_cli;

/* The data with where each value came from, for messages and the --predicted file. */
typedef struct fit_input {
  vt_fit_data data;
  const char **dh_file; /* per dh point */
  long **curve_lines;   /* per curve: the line of each point */
} fit_input;

static void help(void) {
  printf(
      "usage: vitrum fit --dh FILE... [--curve DATA.csv:PROGRAM.prog]... --free LIST [options]\n"
      "\n"
      "Fit model parameters to enthalpy-recovery data (paper 000's TNM fit, for any model):\n"
      "trust-region least squares from the model's values and --starts - 1 Latin-hypercube\n"
      "starts around them; the lowest chi^2 wins. Parameters not in --free keep their model\n"
      "values (defaults, or set with --set/--NAME as below).\n"
      "\n"
      "data:\n"
      "  --dh FILE            enthalpy released vs the as-cooled glass, CSV with units in the\n"
      "                       header: T1_K (or T1_C), t1_s (or t1_min), T2_K and t2_s (empty\n"
      "                       cells: single step), dh_J_per_mol (or dh_kJ_per_mol), optional\n"
      "                       sigma_J_per_mol; '#' comments; repeat for several files\n"
      "  --curve DATA:PROG    Cp_N(T) measured on the last (heating) ramp of program PROG: CSV\n"
      "                       with T_K (or T_C), CpN and optional sigma; repeatable\n"
      "  The dh parameter is set with --set 'dh=164 kJ/mol' here: --dh names a data file.\n"
      "\n"
      "fit:\n"
      "  --free LIST          parameters to fit, e.g. A,dh,x,beta (vitrum models lists them)\n"
      "  --bound 'NAME=LO,HI UNIT'  bounds of a free parameter, e.g. 'dh=100,250 kJ/mol'\n"
      "                       (default: the table's); the start must lie inside\n"
      "  --starts N           starts (default 8: yours, then a Latin hypercube over the bounds);\n"
      "                       they stop once 2 reach the same lowest chi^2; --seed N (default 1)\n"
      "  --max-iter N         iterations per start (default 200)\n"
      "  --max-runs N         budget of model runs over all starts (default: none)\n"
      "  --max-time S         wall-time budget in seconds (default: none)\n"
      "  --T-ref T            A is fitted as tau_ref = A exp(dh/(R T_ref)), nearly independent of\n"
      "                       dh (ln A and dh form a valley); default T_ref: the data's mean T\n"
      "  --molar-mass M       molar mass (e.g. '104 g/mol') for dh given per mass: dh_J_per_g\n"
      "  --jacobian sens|fd   TNM on dh data: forward sensitivities through the Prony recursion\n"
      "                       (default; one run per Jacobian) or finite differences (p runs)\n"
      "  --threads N          threads for the protocols (default 0: all cores)\n"
      "  --reading state|dsc  model dh: the state at the end of the anneal against the\n"
      "                       as-cooled glass there (default, paper 000) or after a quench to\n"
      "                       T_low, as the DSC reads it (one simulation per point)\n"
      "  --jump-rate R        rate from T1 to T2 (default: the quench rate R_c)\n"
      "\n"
      "output: values with units and standard errors, chi^2, correlations on standard output\n"
      "  -o FILE              fitted values: name,value_si,unit,value_in_unit,se_in_unit\n"
      "  --predicted FILE     every point with the model's value and residual (predicted -\n"
      "                       measured): T1_K,t1_s,T2_K,t2_s,dh_J_per_mol,predicted_J_per_mol,\n"
      "                       residual_J_per_mol, then curve,T_K,CpN,predicted_CpN,\n"
      "                       residual_CpN for curve points, and source (file:line)\n"
      "  --plot FILE          dh against t2 (t1 for single steps) with the fitted line per\n"
      "                       protocol, residuals below (and Cp_N curves); .png/.svg/.pdf, with\n"
      "                       FILE.gp and the data it plots (FILE_points.csv, FILE_lines.csv)\n"
      "  -q                   no summary\n"
      "A fit that converges from no start writes the best point reached (-o starts with a\n"
      "'# converged=no' line naming the criterion that failed) and exits 3. Exit status: 0\n"
      "success, 1 bad data or failed simulation, 2 bad command line, 3 not converged.\n\n");
  cli_dsc_help(stdout);
  printf("\n");
  cli_model_help(stdout);
}

/* ---- command line ---------------------------------------------------------------------------- */

static int int_value(const char *option, const char *text, long lo, long hi, long *out) {
  char *end;
  long v = strtol(text, &end, 10);
  if (end == text || *end || v < lo || v > hi) {
    cli_error(CMD, "%s '%s': expected a whole number from %ld to %ld", option, text, lo, hi);
    return -1;
  }
  *out = v;
  return 0;
}

/* --dh takes a file here; a molar energy means the user meant the parameter. */
static int dh_file_option(fit_cli *o, const char *v) {
  double e;
  if (access(v, F_OK) != 0 && vt_parse_quantity(v, VT_DIM_MOLAR_ENERGY, &e, NULL) == VT_OK) {
    cli_error(CMD,
              "--dh '%s': in vitrum fit --dh names a data file; set the parameter with --set "
              "'dh=%s'",
              v, v);
    return -1;
  }
  o->dh_files[o->n_dh_files++] = v;
  return 0;
}

static int count_option(fit_cli *o, const char *name, const char *v) {
  long n;
  if (strcmp(name, "--starts") == 0) {
    if (int_value(name, v, 1, 10000, &n)) return -1;
    o->opts.n_starts = (int)n;
  } else if (strcmp(name, "--threads") == 0) {
    if (int_value(name, v, 0, 4096, &n)) return -1;
    o->opts.threads = (int)n;
  } else if (strcmp(name, "--max-iter") == 0) {
    if (int_value(name, v, 1, 1000000, &n)) return -1;
    o->opts.max_iterations = (int)n;
  } else {
    if (int_value(name, v, 0, 2147483647L, &n)) return -1;
    o->opts.seed = (unsigned long)n;
  }
  return 0;
}

/* Budgets, T_ref and the molar mass: 1 consumed, 0 not one of them, -1 error. */
static int extra_option(fit_cli *o, int argc, char **argv, int *i) {
  const char *v;
  long n;
  int r;
  if ((r = cli_option(CMD, argc, argv, i, "--max-runs", &v)) != 0)
    return r < 0 || int_value("--max-runs", v, 1, 2147483647L, &n)
               ? -1
               : (o->opts.max_model_runs = n, 1);
  if ((r = cli_option(CMD, argc, argv, i, "--max-time", &v)) != 0)
    return r < 0 || cli_quantity(CMD, "--max-time", v, VT_DIM_TIME, &o->opts.max_seconds) ? -1 : 1;
  if ((r = cli_option(CMD, argc, argv, i, "--T-ref", &v)) != 0)
    return r < 0 || cli_quantity(CMD, "--T-ref", v, VT_DIM_TEMPERATURE, &o->opts.T_ref_K) ? -1 : 1;
  if ((r = cli_option(CMD, argc, argv, i, "--jacobian", &v)) != 0) {
    if (r < 0 || (strcmp(v, "fd") && strcmp(v, "sens")))
      return r < 0 ? -1 : (cli_error(CMD, "--jacobian '%s': expected fd or sens", v), -1);
    return o->opts.fd_jacobian = !strcmp(v, "fd"), 1;
  }
  if ((r = cli_option(CMD, argc, argv, i, "--molar-mass", &v)) != 0) {
    if (r < 0 || cli_quantity(CMD, "--molar-mass", v, VT_DIM_MOLAR_MASS, &o->molar_mass)) return -1;
    return o->molar_mass > 0 ? 1 : (cli_error(CMD, "--molar-mass must be > 0"), -1);
  }
  return 0;
}

/* Options of this command with a value: 1 consumed, 0 not one of them, -1 error. */
static int value_option(fit_cli *o, int argc, char **argv, int *i) {
  static const char *const counts[] = {"--starts", "--threads", "--max-iter", "--seed"};
  const char *v;
  int r;
  if ((r = cli_option(CMD, argc, argv, i, "--dh", &v)) != 0)
    return r < 0 || dh_file_option(o, v) ? -1 : 1;
  struct {
    const char *name;
    const char **list;
    size_t *n;
  } lists[] = {{"--curve", o->curve_specs, &o->n_curve_specs},
               {"--free", o->free_lists, &o->n_free_lists},
               {"--bound", o->bound_texts, &o->n_bounds}};
  for (size_t k = 0; k < sizeof lists / sizeof *lists; k++)
    if ((r = cli_option(CMD, argc, argv, i, lists[k].name, &v)) != 0)
      return r < 0 ? -1 : (lists[k].list[(*lists[k].n)++] = v, 1);
  for (size_t k = 0; k < sizeof counts / sizeof *counts; k++)
    if ((r = cli_option(CMD, argc, argv, i, counts[k], &v)) != 0)
      return r < 0 || count_option(o, counts[k], v) ? -1 : 1;
  if ((r = cli_option(CMD, argc, argv, i, "--reading", &v)) != 0) {
    if (r < 0) return -1;
    if (strcmp(v, "state") && strcmp(v, "dsc"))
      return cli_error(CMD, "--reading '%s': expected state or dsc", v), -1;
    o->opts.reading = strcmp(v, "dsc") == 0 ? VT_DH_DSC : VT_DH_STATE;
    return 1;
  }
  if ((r = cli_option(CMD, argc, argv, i, "--jump-rate", &v)) != 0) {
    if (r < 0 || cli_quantity(CMD, "--jump-rate", v, VT_DIM_RATE, &o->opts.jump_rate_K_per_s))
      return -1;
    if (!(o->opts.jump_rate_K_per_s > 0)) return cli_error(CMD, "--jump-rate must be > 0"), -1;
    return 1;
  }
  return 0;
}

static int output_option(fit_cli *o, int argc, char **argv, int *i) {
  const char *v;
  int r;
  if ((r = cli_option(CMD, argc, argv, i, "-o", &v)) != 0 ||
      (r = cli_option(CMD, argc, argv, i, "--output", &v)) != 0)
    return r < 0 ? -1 : (o->output = v, 1);
  if ((r = cli_option(CMD, argc, argv, i, "--predicted", &v)) != 0)
    return r < 0 ? -1 : (o->predicted = v, 1);
  if ((r = cli_option(CMD, argc, argv, i, "--plot", &v)) != 0)
    return r < 0 || cli_plot_check_name(CMD, v) ? -1 : (o->plot = v, 1);
  return 0;
}

/* The files the plot reads, beside the picture: FILE_points.csv, FILE_lines.csv, FILE_curves.csv.
 */
static char *plot_data_name(const char *picture, const char *suffix) {
  size_t n = strlen(picture) + strlen(suffix) + 1;
  char *name = malloc(n);
  if (name) snprintf(name, n, "%.*s%s", (int)(strrchr(picture, '.') - picture), picture, suffix);
  return name;
}

static int check_outputs(const fit_cli *o) {
  if (o->output && o->predicted && strcmp(o->output, o->predicted) == 0)
    return cli_error(CMD, "-o and --predicted name the same file '%s'", o->output), -1;
  const char *suffix[] = {"_points.csv", "_lines.csv", "_curves.csv"};
  for (int k = 0; o->plot && k < 3; k++) {
    char *name = plot_data_name(o->plot, suffix[k]);
    int clash = name && ((o->output && !strcmp(name, o->output)) ||
                         (o->predicted && !strcmp(name, o->predicted)));
    if (clash)
      cli_error(CMD, "--plot %s keeps its data in %s: name -o/--predicted otherwise", o->plot,
                name);
    free(name);
    if (clash) return -1;
  }
  return 0;
}

/* Returns -1 on error (printed), 1 for --help, 0 otherwise. */
static int parse(int argc, char **argv, fit_cli *o) {
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    int r;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) return 1;
    if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
      o->quiet = 1;
      continue;
    }
    if ((r = value_option(o, argc, argv, &i)) != 0 || (r = output_option(o, argc, argv, &i)) != 0 ||
        (r = extra_option(o, argc, argv, &i)) != 0 ||
        (r = cli_dsc_option(CMD, argc, argv, &i, &o->opts.dsc)) != 0 ||
        (r = cli_model_option(CMD, argc, argv, &i, &o->model)) != 0) {
      if (r < 0) return -1;
      continue;
    }
    cli_error(CMD, "unknown option '%s' (vitrum fit --help lists them)", a);
    return -1;
  }
  if (!o->n_dh_files && !o->n_curve_specs)
    return cli_error(CMD, "no data: give --dh FILE and/or --curve DATA.csv:PROGRAM.prog"), -1;
  if (!o->n_free_lists)
    return cli_error(CMD, "name the parameters to fit with --free, e.g. --free dh,x"), -1;
  return check_outputs(o);
}

/* ---- free parameters and bounds -------------------------------------------------------------- */

static int add_free_names(fit_cli *o, char *list, const vt_param_info *table, size_t n_params,
                          const char *model) {
  char *save = NULL;
  for (char *tok = strtok_r(list, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
    size_t k = 0;
    while (k < n_params && strcmp(table[k].name, tok) != 0) k++;
    if (k == n_params) {
      char names[512] = "";
      for (size_t j = 0; j < n_params; j++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", j ? ", " : "",
                 table[j].name);
      return cli_error(CMD, "--free: model %s has no parameter '%s'; its parameters are %s", model,
                       tok, names),
             -1;
    }
    for (size_t j = 0; j < o->n_free; j++)
      if (strcmp(o->names[j], tok) == 0) return cli_error(CMD, "--free: '%s' named twice", tok), -1;
    if (o->n_free == MAX_FREE_NAMES) return cli_error(CMD, "--free: too many parameters"), -1;
    o->lower[o->n_free] = o->upper[o->n_free] = NAN;
    o->names[o->n_free++] = tok;
  }
  return 0;
}

static int resolve_free(fit_cli *o, const vt_model *m) {
  size_t n_params, len = 0;
  const vt_param_info *table = vt_model_params(m, &n_params);
  for (size_t k = 0; k < o->n_free_lists; k++) len += strlen(o->free_lists[k]) + 1;
  o->name_buf = malloc(len + 1);
  if (!o->name_buf) return cli_error(CMD, "out of memory"), -1;
  char *p = o->name_buf;
  for (size_t k = 0; k < o->n_free_lists; k++) {
    size_t n = strlen(o->free_lists[k]) + 1;
    memcpy(p, o->free_lists[k], n);
    if (add_free_names(o, p, table, n_params, vt_model_name(m))) return -1;
    p += n;
  }
  if (!o->n_free) return cli_error(CMD, "--free: no parameter named"), -1;
  return 0;
}

static const vt_param_info *param_info(const vt_model *m, const char *name) {
  size_t n;
  const vt_param_info *t = vt_model_params(m, &n);
  for (size_t k = 0; k < n; k++)
    if (strcmp(t[k].name, name) == 0) return &t[k];
  return NULL;
}

/* "NAME=LO,HI UNIT", checked against the table's bounds and the start. */
static int parse_bound(fit_cli *o, const vt_model *m, const char *text) {
  const char *eq = strchr(text, '=');
  size_t j = 0, len = eq ? (size_t)(eq - text) : 0;
  while (j < o->n_free && !(strlen(o->names[j]) == len && !strncmp(o->names[j], text, len))) j++;
  if (!eq || j == o->n_free)
    return cli_error(CMD, "--bound '%s': expected NAME=LO,HI UNIT with NAME one of --free", text),
           -1;
  if (!isnan(o->lower[j]))
    return cli_error(CMD, "--bound '%s': %s is bounded twice", text, o->names[j]), -1;
  const vt_param_info *pi = param_info(m, o->names[j]);
  char option[64];
  snprintf(option, sizeof option, "--bound %s", pi->name);
  double *v, start;
  int n = cli_quantity_list(CMD, option, eq + 1, pi->dim, &v);
  if (n < 0) return -1;
  int ok = n == 2 && v[0] < v[1];
  if (ok) o->lower[j] = v[0], o->upper[j] = v[1];
  free(v);
  const char *unit = pi->unit;
  if (!ok) return cli_error(CMD, "%s: expected two rising values, LO,HI %s", option, unit), -1;
  if (o->lower[j] < pi->lower_si || o->upper[j] > pi->upper_si)
    return cli_error(CMD, "%s: [%g, %g] %s must lie within the table's [%g, %g] %s", option,
                     vt_from_si(o->lower[j], pi->dim, unit), vt_from_si(o->upper[j], pi->dim, unit),
                     unit, vt_from_si(pi->lower_si, pi->dim, unit),
                     vt_from_si(pi->upper_si, pi->dim, unit), unit),
           -1;
  vt_model_get(m, pi->name, &start, NULL);
  double u = vt_from_si(start, pi->dim, unit);
  if (!(start >= o->lower[j] && start <= o->upper[j]))
    return cli_error(CMD,
                     "%s: the start %s = %g %s lies outside [%g, %g] %s: set a start inside "
                     "with --set '%s=VALUE %s'",
                     option, pi->name, u, unit, vt_from_si(o->lower[j], pi->dim, unit),
                     vt_from_si(o->upper[j], pi->dim, unit), unit, pi->name, unit),
           -1;
  return 0;
}

/* ---- data ------------------------------------------------------------------------------------ */

static void input_free(fit_input *in) {
  for (size_t c = 0; in->curve_lines && c < in->data.n_curves; c++) free(in->curve_lines[c]);
  free(in->curve_lines);
  free(in->dh_file);
  vt_fit_data_free(&in->data);
}

static int load_dh(fit_input *in, const char *path, double molar_mass) {
  vt_error err;
  size_t before = in->data.n_dh;
  if (vt_read_dh_table_mass(path, molar_mass > 0 ? molar_mass : NAN, &in->data, &err))
    return cli_error(CMD, "%s", err.message), -1;
  const char **files = realloc(in->dh_file, in->data.n_dh * sizeof *files);
  if (!files) return cli_error(CMD, "out of memory"), -1;
  in->dh_file = files;
  for (size_t i = before; i < in->data.n_dh; i++) files[i] = path;
  return 0;
}

static int load_curve(fit_input *in, const char *spec) {
  const char *colon = strrchr(spec, ':');
  if (!colon || colon == spec || !colon[1])
    return cli_error(CMD, "--curve '%s': expected DATA.csv:PROGRAM.prog", spec), -2;
  char *csv = malloc((size_t)(colon - spec) + 1);
  if (!csv) return cli_error(CMD, "out of memory"), -1;
  snprintf(csv, (size_t)(colon - spec) + 1, "%s", spec);
  long **lines = realloc(in->curve_lines, (in->data.n_curves + 1) * sizeof *lines);
  vt_error err;
  int rc = lines ? 0 : (cli_error(CMD, "out of memory"), -1);
  if (lines) in->curve_lines = lines;
  if (!rc && vt_read_cpn_curve(csv, colon + 1, &in->data, &lines[in->data.n_curves], &err))
    rc = (cli_error(CMD, "%s", err.message), -1);
  free(csv);
  return rc;
}

/* Where dh point i came from, "file:line". */
static const char *dh_source(const fit_input *in, size_t i, char *buf, size_t size) {
  snprintf(buf, size, "%s:%ld", in->dh_file[i], in->data.dh[i].line);
  return buf;
}

/* Mixed weights would weigh the points without sigma as sigma = 1 in the data's unit. */
static int check_weights(const fit_input *in) {
  long with = -1, without = -1;
  for (size_t i = in->data.n_dh; i-- > 0;) /* backwards: the first of each is kept */
    *(isnan(in->data.dh[i].sigma_J_per_mol) ? &without : &with) = (long)i;
  int curves_with = 0, curves_without = 0;
  for (size_t c = 0; c < in->data.n_curves; c++)
    *(in->data.curves[c].sigma ? &curves_with : &curves_without) += 1;
  char a[600], b[600];
  if (with >= 0 && without >= 0)
    return cli_error(CMD, "%s has a sigma but %s has none: give every point an uncertainty or none",
                     dh_source(in, (size_t)with, a, sizeof a),
                     dh_source(in, (size_t)without, b, sizeof b)),
           -1;
  if ((with >= 0 || curves_with) && (without >= 0 || curves_without))
    return cli_error(CMD, "some data carry a sigma and others do not: give every file an "
                          "uncertainty column or none"),
           -1;
  if (in->data.n_dh && in->data.n_curves && without >= 0)
    fprintf(stderr,
            "vitrum fit: WARNING: dh (J/mol) and Cp_N residuals are summed unweighted, so the "
            "curves barely count: give both a sigma column\n");
  return 0;
}

/* The protocols start from T_eq; the DSC reading also quenches to T_low after the anneal. */
static int check_temperatures(const fit_input *in, const vt_dsc_options *dsc, vt_dh_reading rd) {
  double lo = rd == VT_DH_DSC ? dsc->T_low_K : 0.0;
  for (size_t i = 0; i < in->data.n_dh; i++) {
    const vt_dh_point *p = &in->data.dh[i];
    double T[2] = {p->T1_K, p->T2_K};
    for (int k = 0; k < 2; k++) {
      if (isnan(T[k]) || (T[k] > lo && T[k] < dsc->T_eq_K)) continue;
      char src[600];
      if (rd == VT_DH_DSC)
        return cli_error(CMD,
                         "%s: T%d = %g K must lie between T_low = %g K and T_eq = %g K (set "
                         "them with --T-low, --T-eq)",
                         dh_source(in, i, src, sizeof src), k + 1, T[k], lo, dsc->T_eq_K),
               -1;
      return cli_error(CMD,
                       "%s: T%d = %g K must lie below T_eq = %g K, where the glass starts in "
                       "equilibrium (set it with --T-eq)",
                       dh_source(in, i, src, sizeof src), k + 1, T[k], dsc->T_eq_K),
             -1;
    }
  }
  return 0;
}

/* 0 loaded, -1 bad data (exit 1), -2 bad command line (exit 2). */
static int load_data(const fit_cli *o, fit_input *in) {
  for (size_t k = 0; k < o->n_dh_files; k++)
    if (load_dh(in, o->dh_files[k], o->molar_mass)) return -1;
  for (size_t k = 0; k < o->n_curve_specs; k++) {
    int rc = load_curve(in, o->curve_specs[k]);
    if (rc) return rc;
  }
  return check_weights(in) || check_temperatures(in, &o->opts.dsc, o->opts.reading) ? -1 : 0;
}

/* ---- the fit --------------------------------------------------------------------------------- */

typedef struct progress_line {
  int shown;
} progress_line;

static void on_progress(void *ctx, int start, int n_starts, int iteration, double chi2) {
  progress_line *p = ctx;
  fprintf(stderr, "\rvitrum fit: start %d/%d, iteration %d, chi2 %.6g   ", start + 1, n_starts,
          iteration, chi2);
  fflush(stderr);
  p->shown = 1;
}

static int run_fit(fit_cli *o, vt_model *m, const fit_input *in, vt_fit_result *r) {
  progress_line line = {0};
  o->opts.free_names = o->names;
  o->opts.n_free = o->n_free;
  o->opts.lower = o->lower;
  o->opts.upper = o->upper;
  if (!o->quiet && isatty(fileno(stderr))) {
    o->opts.progress = on_progress;
    o->opts.progress_ctx = &line;
  }
  vt_error err;
  int rc = vt_fit_run(m, &in->data, &o->opts, r, &err);
  if (line.shown) fputc('\n', stderr);
  if (rc) cli_error(CMD, "%s", err.message);
  return rc == VT_ENOCONV && r->value ? CLI_NOCONV : rc ? -1 : 0;
}

/* ---- summary --------------------------------------------------------------------------------- */

/* A standard error in the display unit (units are linear: only the factor applies). */
static double se_in_unit(double se, const vt_param_info *pi) {
  return se * (vt_from_si(1.0, pi->dim, pi->unit) - vt_from_si(0.0, pi->dim, pi->unit));
}

static void print_values(FILE *fp, const vt_model *m, const vt_fit_result *r) {
  for (size_t j = 0; j < r->n_free; j++) {
    const vt_param_info *pi = param_info(m, r->names[j]);
    double v = vt_from_si(r->value[j], pi->dim, pi->unit);
    fprintf(fp, "    %-10s = %.10g", pi->name, v);
    if (isnan(r->se[j]))
      fprintf(fp, "%s%s (on a bound: no standard error)\n", *pi->unit ? " " : "", pi->unit);
    else
      fprintf(fp, " +- %.3g%s%s\n", se_in_unit(r->se[j], pi), *pi->unit ? " " : "", pi->unit);
  }
  size_t n;
  const vt_param_info *t = vt_model_params(m, &n);
  int first = 1;
  for (size_t k = 0; k < n; k++) {
    size_t j = 0;
    while (j < r->n_free && strcmp(r->names[j], t[k].name) != 0) j++;
    if (j < r->n_free) continue;
    double v;
    vt_model_get(m, t[k].name, &v, NULL);
    fprintf(fp, "%s%s = %g%s%s", first ? "  fixed: " : ", ", t[k].name,
            vt_from_si(v, t[k].dim, t[k].unit), *t[k].unit ? " " : "", t[k].unit);
    first = 0;
  }
  if (!first) fputc('\n', fp);
}

static void print_correlations(FILE *fp, const vt_fit_result *r) {
  size_t p = r->n_free;
  fprintf(fp, "  correlation matrix:\n    %-10s", "");
  for (size_t k = 0; k < p; k++) fprintf(fp, " %9.9s", r->names[k]);
  for (size_t j = 0; j < p; j++) {
    fprintf(fp, "\n    %-10s", r->names[j]);
    for (size_t k = 0; k < p; k++) fprintf(fp, " %9.5f", r->correlation[j * p + k]);
  }
  fputc('\n', fp);
  for (size_t j = 0; j < p; j++)
    for (size_t k = j + 1; k < p; k++) {
      double c = r->correlation[j * p + k];
      if (!(fabs(c) > CORR_WARN)) continue;
      int tnm = (!strcmp(r->names[j], "A") && !strcmp(r->names[k], "dh")) ||
                (!strcmp(r->names[j], "dh") && !strcmp(r->names[k], "A"));
      fprintf(fp,
              "  WARNING: %s and %s are correlated, r = %.5f (|r| > %.2f): the data fix only a "
              "combination of the two, not each alone; a change in one is made up by the other, "
              "so their values and standard errors mean little separately%s\n",
              r->names[j], r->names[k], c, CORR_WARN,
              tnm ? " (TNM: the data fix tau where they were measured, ln A + dh*/(R T) at "
                    "those temperatures; leave one out of --free, or add data over a wider range "
                    "of temperatures)"
                  : "");
    }
}

static void print_summary(FILE *fp, const fit_cli *o, const vt_model *m, const fit_input *in,
                          const vt_fit_result *r) {
  size_t n_curve_points = r->n_data - in->data.n_dh;
  fprintf(fp, "vitrum fit: model %s", vt_model_name(m));
  if (in->data.n_dh) fprintf(fp, ", %zu dh points", in->data.n_dh);
  if (in->data.n_curves)
    fprintf(fp, ", %zu Cp_N curve%s (%zu points)", in->data.n_curves,
            in->data.n_curves == 1 ? "" : "s", n_curve_points);
  fprintf(fp, ", %s reading\n", o->opts.reading == VT_DH_DSC ? "dsc" : "state");
  fprintf(fp, "  fitted values (standard errors %s):\n",
          r->weighted ? "from the data's sigma"
                      : "scaled by sqrt(chi2/dof): the data carry no sigma");
  print_values(fp, m, r);
  fprintf(fp, "  chi2 = %.6g, %zu points - %zu free = %zu dof, chi2/dof = %.6g (%s)\n", r->chi2,
          r->n_data, r->n_free, r->dof, r->chi2_dof,
          r->weighted ? "weighted by sigma: ~1 for a good fit"
                      : "unweighted: residuals squared in the data's units");
  char why[sizeof r->message];
  snprintf(why, sizeof why, "%s", r->message);
  char *cut = strstr(why, " (start "); /* the library names the start; we say it below */
  if (cut) *cut = '\0';
  fprintf(fp,
          "  %ld model runs (%ld with sensitivities); best start %d of %d, %d iterations, "
          "stopped: %s\n",
          r->model_runs, r->sensitivity_runs, r->best_start + 1, r->n_starts, r->iterations, why);
  if (!r->converged) fprintf(fp, "  converged=no: these values are the best point reached\n");
  if (r->T_ref_K > 0)
    fprintf(fp, "  fitted as tau_ref = A exp(dh/(R T_ref)) = %.6g +- %.3g s at T_ref = %g K\n",
            r->tau_ref_s, r->tau_ref_se_s, r->T_ref_K);
  print_correlations(fp, r);
  for (const char *w = r->warnings; *w;) {
    size_t n = strcspn(w, "\n");
    fprintf(fp, "  WARNING: %.*s\n", (int)n, w);
    w += n + (w[n] == '\n');
  }
}

/* ---- files ----------------------------------------------------------------------------------- */

static void write_values(FILE *fp, const vt_model *m, const vt_fit_result *r) {
  if (!r->converged) fprintf(fp, "# converged=no: %s\n", r->message);
  fprintf(fp, "name,value_si,unit,value_in_unit,se_in_unit\n");
  for (size_t j = 0; j < r->n_free; j++) {
    const vt_param_info *pi = param_info(m, r->names[j]);
    vt_csv_write_text(fp, pi->name);
    fprintf(fp, ",%.17g,", r->value[j]);
    vt_csv_write_text(fp, pi->unit);
    fprintf(fp, ",%.12g,%.6g\n", vt_from_si(r->value[j], pi->dim, pi->unit),
            se_in_unit(r->se[j], pi));
  }
}

static void write_predicted(FILE *fp, const fit_input *in, const vt_fit_result *r) {
  fprintf(fp, "T1_K,t1_s,T2_K,t2_s,dh_J_per_mol,predicted_J_per_mol,residual_J_per_mol,curve,T_K,"
              "CpN,predicted_CpN,residual_CpN,source\n");
  char src[600];
  for (size_t i = 0; i < in->data.n_dh; i++) {
    const vt_dh_point *p = &in->data.dh[i];
    fprintf(fp, "%.10g,%.10g,", p->T1_K, p->t1_s);
    if (!isnan(p->T2_K))
      fprintf(fp, "%.10g,%.10g", p->T2_K, p->t2_s);
    else
      fputc(',', fp);
    fprintf(fp, ",%.10g,%.10g,%.6g,,,,,,", p->dh_J_per_mol, r->predicted[i], r->residual[i]);
    vt_csv_write_text(fp, dh_source(in, i, src, sizeof src));
    fputc('\n', fp);
  }
  size_t i = in->data.n_dh;
  for (size_t c = 0; c < in->data.n_curves; c++) {
    const vt_cpn_curve *cv = &in->data.curves[c];
    for (size_t k = 0; k < cv->n; k++, i++) {
      fprintf(fp, ",,,,,,,");
      vt_csv_write_text(fp, cv->name);
      fprintf(fp, ",%.10g,%.10g,%.10g,%.6g,", cv->T_K[k], cv->CpN[k], r->predicted[i],
              r->residual[i]);
      snprintf(src, sizeof src, "%s:%ld", cv->name, in->curve_lines[c][k]);
      vt_csv_write_text(fp, src);
      fputc('\n', fp);
    }
  }
}

static int write_file(const char *path, void (*fill)(FILE *, const void *), const void *ctx) {
  vt_outfile out;
  vt_error err;
  if (vt_outfile_open(&out, path, &err)) return cli_error(CMD, "%s", err.message), -1;
  fill(out.fp, ctx);
  if (vt_outfile_commit(&out, &err)) {
    vt_outfile_abort(&out);
    return cli_error(CMD, "%s", err.message), -1;
  }
  return 0;
}

/* ---- plot ------------------------------------------------------------------------------------ */

/* Points of one protocol (as the library groups them): the x axis is t2 (two-step) or t1. */
typedef struct protocol {
  double T1, t1, T2; /* T2 NaN: single step */
  double x_lo, x_hi; /* positive times of its points (x_hi 0: none) */
} protocol;

typedef struct plot_data {
  const fit_input *in;
  const vt_fit_result *r;
  protocol *ps;
  size_t n_ps, *proto_of; /* per dh point */
  vt_fit_data lines;      /* dense times per protocol */
  size_t *line_proto;     /* per line point */
  double *line_pred;
} plot_data;

static double x_of(const vt_dh_point *p) {
  return isnan(p->T2_K) ? p->t1_s : p->t2_s;
}

static int same_protocol(const protocol *p, const vt_dh_point *d) {
  int two = !isnan(d->T2_K);
  if (two != !isnan(p->T2) || d->T1_K != p->T1) return 0;
  return !two || (d->t1_s == p->t1 && d->T2_K == p->T2);
}

static void find_protocols(plot_data *pd) {
  const vt_fit_data *d = &pd->in->data;
  for (size_t i = 0; i < d->n_dh; i++) {
    const vt_dh_point *p = &d->dh[i];
    size_t k = 0;
    while (k < pd->n_ps && !same_protocol(&pd->ps[k], p)) k++;
    if (k == pd->n_ps) pd->ps[pd->n_ps++] = (protocol){p->T1_K, p->t1_s, p->T2_K, 0.0, 0.0};
    protocol *q = &pd->ps[k];
    double x = x_of(p);
    if (x > 0) {
      q->x_lo = q->x_hi > 0 ? fmin(q->x_lo, x) : x;
      q->x_hi = fmax(q->x_hi, x);
    }
    pd->proto_of[i] = k;
  }
}

/* The fitted model on LINE_POINTS log-spaced times per protocol, a little beyond its data. */
static int predict_lines(plot_data *pd, vt_model *m, const vt_fit_options *o) {
  size_t n = 0;
  vt_dh_point *pts = malloc(pd->n_ps * LINE_POINTS * sizeof *pts + 1);
  pd->line_proto = malloc(pd->n_ps * LINE_POINTS * sizeof *pd->line_proto + 1);
  if (!pts || !pd->line_proto) return free(pts), cli_error(CMD, "out of memory"), -1;
  for (size_t k = 0; k < pd->n_ps; k++) {
    const protocol *q = &pd->ps[k];
    if (!(q->x_hi > 0)) continue;
    double lo = q->x_lo / 1.5, hi = q->x_hi * 1.5;
    if (q->x_lo == q->x_hi) lo = q->x_lo / 3, hi = q->x_hi * 3;
    for (int j = 0; j < LINE_POINTS; j++, n++) {
      double x = lo * pow(hi / lo, (double)j / (LINE_POINTS - 1));
      int two = !isnan(q->T2);
      pts[n] = (vt_dh_point){q->T1, two ? q->t1 : x, q->T2, two ? x : NAN, 0.0, NAN, 0};
      pd->line_proto[n] = k;
    }
  }
  pd->lines = (vt_fit_data){n, pts, 0, NULL};
  pd->line_pred = malloc(n * sizeof *pd->line_pred + 1);
  vt_error err;
  if (!pd->line_pred) return cli_error(CMD, "out of memory"), -1;
  if (n && vt_fit_predict(m, &pd->lines, o, pd->line_pred, &err))
    return cli_error(CMD, "--plot: the fitted lines: %s", err.message), -1;
  return 0;
}

static void fill_points(FILE *fp, const void *ctx) {
  const plot_data *pd = ctx;
  fprintf(fp, "protocol,t_s,dh_J_per_mol,predicted_J_per_mol,residual_J_per_mol\n");
  for (size_t i = 0; i < pd->in->data.n_dh; i++)
    fprintf(fp, "%zu,%.10g,%.10g,%.10g,%.6g\n", pd->proto_of[i], x_of(&pd->in->data.dh[i]),
            pd->in->data.dh[i].dh_J_per_mol, pd->r->predicted[i], pd->r->residual[i]);
}

static void fill_lines(FILE *fp, const void *ctx) {
  const plot_data *pd = ctx;
  fprintf(fp, "protocol,t_s,predicted_J_per_mol\n");
  for (size_t i = 0; i < pd->lines.n_dh; i++)
    fprintf(fp, "%zu,%.10g,%.10g\n", pd->line_proto[i], x_of(&pd->lines.dh[i]), pd->line_pred[i]);
}

static void fill_curves(FILE *fp, const void *ctx) {
  const plot_data *pd = ctx;
  fprintf(fp, "curve,T_K,CpN,predicted_CpN\n");
  size_t i = pd->in->data.n_dh;
  for (size_t c = 0; c < pd->in->data.n_curves; c++) {
    const vt_cpn_curve *cv = &pd->in->data.curves[c];
    for (size_t k = 0; k < cv->n; k++, i++)
      fprintf(fp, "%zu,%.10g,%.10g,%.10g\n", c, cv->T_K[k], cv->CpN[k], pd->r->predicted[i]);
  }
}

/* A growing text for the gnuplot script (its length grows with the protocols). */
typedef struct text {
  char *s;
  size_t n, cap;
  int failed;
} text;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
add(text *t, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int need = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (t->failed || need < 0) return;
  if (t->n + (size_t)need + 1 > t->cap) {
    size_t cap = 2 * (t->n + (size_t)need + 1);
    char *grown = realloc(t->s, cap);
    if (!grown) {
      t->failed = 1;
      return;
    }
    t->s = grown;
    t->cap = cap;
  }
  va_start(ap, fmt);
  vsnprintf(t->s + t->n, t->cap - t->n, fmt, ap);
  va_end(ap);
  t->n += (size_t)need;
}

static void protocol_title(const protocol *q, char *buf, size_t size) {
  if (isnan(q->T2))
    snprintf(buf, size, "single step at %g K", q->T1);
  else
    snprintf(buf, size, "%g K for %g s, then %g K", q->T1, q->t1, q->T2);
}

/* dh against time (points: data, lines: fit) and the residuals below, one colour per protocol. */
/* Both dh panels share the time range of the data and the fitted lines. */
static void time_range(const plot_data *pd, double *lo, double *hi) {
  *lo = INFINITY;
  *hi = 0.0;
  for (size_t i = 0; i < pd->lines.n_dh; i++) {
    *lo = fmin(*lo, x_of(&pd->lines.dh[i]));
    *hi = fmax(*hi, x_of(&pd->lines.dh[i]));
  }
}

static void script_dh(text *t, const plot_data *pd) {
  double lo, hi;
  time_range(pd, &lo, &hi);
  if (hi > 0) add(t, "set xrange [%.6g:%.6g]\n", lo, hi);
  add(t, "set logscale x\nset format x '10^{%%L}'\n"
         "set xlabel 't_2 (two-step anneals) or t_1 (single steps)  (s)'\n"
         "set ylabel '{/Symbol D}h (J/mol)'\nset title 'enthalpy released: data and fit'\nplot ");
  for (int pass = 0; pass < 2; pass++) {
    for (size_t k = 0; k < pd->n_ps; k++) {
      char title[160];
      double frac = pd->n_ps > 1 ? (double)k / (double)(pd->n_ps - 1) : 0.0;
      protocol_title(&pd->ps[k], title, sizeof title);
      if (pass == 0)
        add(t,
            "%spoints skip 1 using (($1==%zu && $2>0) ? $2 : 1/0):3 with points pt 7 ps 0.7 "
            "lc palette frac %.4f title '%s', \\\n  lines skip 1 using ($1==%zu ? $2 : 1/0):3 "
            "with lines lc palette frac %.4f notitle",
            k ? ", \\\n  " : "", k, frac, title, k, frac);
      else
        add(t,
            "%spoints skip 1 using (($1==%zu && $2>0) ? $2 : 1/0):5 with points pt 7 ps 0.7 "
            "lc palette frac %.4f notitle",
            k ? ", \\\n  " : "", k, frac);
    }
    if (pass == 0)
      add(t, "\nset title 'residuals (predicted - measured)'\nset ylabel 'residual (J/mol)'\n"
             "plot ");
  }
  add(t, ", \\\n  0 with lines lc rgb 'black' notitle\nunset logscale x\nset autoscale x\n"
         "set format x '%%g'\n");
}

static void script_curves(text *t, const plot_data *pd) {
  add(t, "set title 'Cp_N on the heating scans: data and fit'\nset xlabel 'T (K)'\n"
         "set ylabel 'C_{p,N}'\nplot ");
  for (size_t c = 0; c < pd->in->data.n_curves; c++) {
    char q[1024];
    add(t,
        "%scurves skip 1 using ($1==%zu ? $2 : 1/0):3 with points pt 7 ps 0.5 lc %zu "
        "title '%s' noenhanced, \\\n  curves skip 1 using ($1==%zu ? $2 : 1/0):4 with lines "
        "lc %zu notitle",
        c ? ", \\\n  " : "", c, c + 1, cli_gp_quote(pd->in->data.curves[c].name, q, sizeof q), c,
        c + 1);
  }
  add(t, "\n");
}

static int plot_script(const fit_cli *o, const vt_model *m, const plot_data *pd,
                       char *const names[3]) {
  text t = {NULL, 0, 0, 0};
  char q[3][1024];
  int panels = (pd->in->data.n_dh ? 2 : 0) + (pd->in->data.n_curves ? 1 : 0);
  add(&t,
      "points = '%s'\nlines = '%s'\ncurves = '%s'\nset grid\nunset colorbox\n"
      "set palette defined (0 '#1f4fd0', 0.35 '#009e73', 0.7 '#e69f00', 1 '#cc2020')\n"
      "# the same margins in every panel, so their axes line up; the key goes on the right\n"
      "set lmargin at screen 0.11\nset rmargin at screen 0.70\nset key outside right font ',8'\n",
      cli_gp_quote(names[0], q[0], sizeof q[0]), cli_gp_quote(names[1], q[1], sizeof q[1]),
      cli_gp_quote(names[2], q[2], sizeof q[2]));
  add(&t, "set multiplot layout %d,1 title 'vitrum fit: %s, {/Symbol c}^2/dof = %.4g'\n", panels,
      vt_model_name(m), pd->r->chi2_dof);
  if (pd->in->data.n_dh) script_dh(&t, pd);
  if (pd->in->data.n_curves) script_curves(&t, pd);
  add(&t, "unset multiplot\n");
  int rc = t.failed ? (cli_error(CMD, "out of memory"), -1) : cli_plot(CMD, o->plot, t.s);
  free(t.s);
  return rc;
}

/* The plot's data files (listed in written[] so a failure can remove them), then the picture. */
static int make_plot(const fit_cli *o, vt_model *m, const fit_input *in, const vt_fit_result *r,
                     char *names[3], int *written) {
  plot_data pd = {in, r, NULL, 0, NULL, {0}, NULL, NULL};
  pd.ps = malloc((in->data.n_dh + 1) * sizeof *pd.ps);
  pd.proto_of = malloc((in->data.n_dh + 1) * sizeof *pd.proto_of);
  const char *suffix[3] = {"_points.csv", "_lines.csv", "_curves.csv"};
  void (*fill[3])(FILE *, const void *) = {fill_points, fill_lines, fill_curves};
  int rc = pd.ps && pd.proto_of ? 0 : (cli_error(CMD, "out of memory"), -1);
  for (int k = 0; !rc && k < 3; k++)
    if (!(names[k] = plot_data_name(o->plot, suffix[k])))
      rc = (cli_error(CMD, "out of memory"), -1);
  if (!rc) {
    find_protocols(&pd);
    rc = predict_lines(&pd, m, &o->opts);
  }
  for (int k = 0; !rc && k < 3; k++) {
    if ((k < 2 && !in->data.n_dh) || (k == 2 && !in->data.n_curves)) continue;
    rc = write_file(names[k], fill[k], &pd);
    written[k] = !rc;
  }
  if (!rc) rc = plot_script(o, m, &pd, names);
  free(pd.ps);
  free(pd.proto_of);
  free(pd.lines.dh);
  free(pd.line_proto);
  free(pd.line_pred);
  return rc;
}

/* ---- outputs and the command ----------------------------------------------------------------- */

typedef struct values_ctx {
  const vt_model *m;
  const vt_fit_result *r;
} values_ctx;

typedef struct predicted_ctx {
  const fit_input *in;
  const vt_fit_result *r;
} predicted_ctx;

static void fill_values(FILE *fp, const void *ctx) {
  const values_ctx *v = ctx;
  write_values(fp, v->m, v->r);
}

static void fill_predicted(FILE *fp, const void *ctx) {
  const predicted_ctx *p = ctx;
  write_predicted(fp, p->in, p->r);
}

static int open_fill(vt_outfile *out, const char *path, void (*fill)(FILE *, const void *),
                     const void *ctx) {
  vt_error err;
  if (vt_outfile_open(out, path, &err)) return cli_error(CMD, "%s", err.message), -1;
  fill(out->fp, ctx);
  return 0;
}

/* Everything or nothing: -o and --predicted are committed only after the plot succeeded. */
static int write_outputs(const fit_cli *o, vt_model *m, const fit_input *in,
                         const vt_fit_result *r) {
  vt_outfile out, pred;
  memset(&out, 0, sizeof out);
  memset(&pred, 0, sizeof pred);
  values_ctx vc = {m, r};
  predicted_ctx pc = {in, r};
  char *names[3] = {NULL, NULL, NULL};
  int written[3] = {0, 0, 0}, plotted = 0, committed = 0, rc = 0;
  vt_error err;
  if (o->output) rc = open_fill(&out, o->output, fill_values, &vc);
  if (!rc && o->predicted) rc = open_fill(&pred, o->predicted, fill_predicted, &pc);
  if (!rc && o->plot) plotted = !(rc = make_plot(o, m, in, r, names, written));
  if (!rc && o->output) {
    rc = vt_outfile_commit(&out, &err) ? (cli_error(CMD, "%s", err.message), -1) : 0;
    committed = !rc && strcmp(o->output, "-") != 0;
  }
  if (!rc && o->predicted && vt_outfile_commit(&pred, &err))
    rc = (cli_error(CMD, "%s", err.message), -1);
  if (rc) {
    vt_outfile_abort(&out);
    vt_outfile_abort(&pred);
    if (committed) remove(o->output);
    for (int k = 0; k < 3; k++)
      if (written[k]) remove(names[k]);
    if (plotted) remove(o->plot);
  }
  for (int k = 0; k < 3; k++) free(names[k]);
  return rc;
}

static int report(const fit_cli *o, vt_model *m, const fit_input *in, const vt_fit_result *r) {
  int to_stderr =
      (o->output && !strcmp(o->output, "-")) || (o->predicted && !strcmp(o->predicted, "-"));
  if (!o->quiet) print_summary(to_stderr ? stderr : stdout, o, m, in, r);
  return write_outputs(o, m, in, r) ? CLI_FAIL : CLI_OK;
}

static int parse_bounds(fit_cli *o, const vt_model *m) {
  for (size_t k = 0; k < o->n_bounds; k++)
    if (parse_bound(o, m, o->bound_texts[k])) return -1;
  return 0;
}

static int run(fit_cli *o) {
  vt_model *m = cli_model_make(CMD, &o->model);
  if (!m) return CLI_USAGE;
  int status = CLI_USAGE;
  if (!resolve_free(o, m) && !parse_bounds(o, m)) {
    fit_input in;
    memset(&in, 0, sizeof in);
    int load = load_data(o, &in);
    vt_fit_result r;
    status = load == -2 ? CLI_USAGE : CLI_FAIL;
    int fit = load ? -1 : run_fit(o, m, &in, &r);
    if (fit == 0 || fit == CLI_NOCONV) {
      status = report(o, m, &in, &r);
      if (status == CLI_OK && fit == CLI_NOCONV) status = CLI_NOCONV;
      vt_fit_result_free(&r);
    }
    input_free(&in);
  }
  vt_model_free(m);
  return status;
}

int cmd_fit(int argc, char **argv) {
  fit_cli o;
  memset(&o, 0, sizeof o);
  o.opts = vt_fit_options_default();
  size_t n = (size_t)argc + 1;
  o.dh_files = malloc(n * sizeof *o.dh_files);
  o.curve_specs = malloc(n * sizeof *o.curve_specs);
  o.free_lists = malloc(n * sizeof *o.free_lists);
  o.bound_texts = malloc(n * sizeof *o.bound_texts);
  int status = CLI_FAIL;
  if (o.dh_files && o.curve_specs && o.free_lists && o.bound_texts) {
    int r = parse(argc, argv, &o);
    if (r == 1) help();
    status = r == 1 ? CLI_OK : r < 0 ? CLI_USAGE : run(&o);
  } else {
    cli_error(CMD, "out of memory");
  }
  free(o.dh_files);
  free(o.curve_specs);
  free(o.free_lists);
  free(o.bound_texts);
  free(o.name_buf);
  return status;
}
