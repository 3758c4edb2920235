/* vitrum debye: fit paper 004's Debye recovery peak (Eqs. 3-4) to heat-flow peaks measured on
 * heating, one peak from a CSV table or every scan of a long-format map (`vitrum dsc
 * --anneal-T ... -o map.csv`), with the gamma/beta' / beta / alpha class of each E*. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal_opts.h"
#include "vitrum/constants.h"

#define CMD   "debye"
#define R_GAS VT_GAS_CONSTANT_J_PER_MOL_K

typedef struct debye_opts {
  const char *file, *batch, *curves, *select, *T_col, *y_col, *rate, *law, *range, *Tg, *fragility;
  const char *output, *fitted, *plot;
  cli_cal_opts cal; /* --curves: the calorimetry options of 'vitrum peaks' */
  int quiet;
} debye_opts;

/* The options turned into numbers. */
typedef struct settings {
  const char *input; /* FILE or the --batch file */
  int batch, has_range, has_class;
  vt_tau_law law;
  double rate, range_K[2], Tg, m;
} settings;

/* One peak: the library's scan (points [start, start + n)) and its fit. */
typedef struct scan {
  size_t start, n;
  long line;       /* file line of its first row */
  const char *key; /* its grouping fields, as CSV text ("253,50"); "" without any */
  int status;
  char message[VT_ERROR_MESSAGE_SIZE + 32]; /* the library's message and a note */
  vt_debye_fit fit;
  double *fit_y; /* the fitted curve at the scan's temperatures (NULL when the fit failed) */
} scan;

typedef struct table {
  vt_heat_flow_scans d; /* T, y, the scans, the column names and units */
  const double *T, *y;
  const char *y_unit, *q_unit; /* "W/mol" and "J/mol"; "" when the name carries none */
  scan *scans;
  size_t ns;
} table;

static void help(void) {
  printf(
      "usage: vitrum debye FILE --rate RATE [options]\n"
      "       vitrum debye --batch FILE --rate RATE [options]\n"
      "\n"
      "Fits the Debye recovery peak of paper 004 (Eqs. 3-4) to a heat-flow peak y(T) measured\n"
      "on heating at R_h (an annealed scan minus the as-cooled one, endothermic up):\n"
      "  y = Q0/tau(T) exp(-int_{T_s}^{T} dT'/(R_h tau(T'))),  T_s the first point,\n"
      "  tau = tau0 exp(E*/(R T)) (Arrhenius) or tau0 exp(D T0/(T - T0)) (VFT).\n"
      "Q0 is the peak's enthalpy dh (y x time: J/mol for y in W/mol, mJ for mW). The fit is\n"
      "least squares (GSL trust region); starting values come from the peak's position, height,\n"
      "area and width (FWHM ~ 2.446 R Tp^2/E*). Standard errors from the Jacobian, scaled by\n"
      "the residual variance. For VFT, E* is the apparent energy at the peak,\n"
      "R D T0 Tp^2/(Tp - T0)^2.\n"
      "\n"
      "input: CSV with a header naming the columns with units, e.g. T_K,dhf_W_per_mol or\n"
      "T_C,diff_mW or 'T [C],HF [mW]'; '#' starts a comment.\n"
      "  --rate RATE             heating rate R_h (required), e.g. '1000 K/s'\n"
      "  --T-col NAME            temperature column (default: the first named T_<unit>)\n"
      "  --y-col NAME            heat-flow column (default: the last column)\n"
      "  --range 'T1,T2 K'       fit only T1 <= T <= T2 (K or C)\n"
      "  --law arrhenius|vft     tau(T) (default arrhenius)\n"
      "  --Tg T --fragility M    print the class of E* (gamma/beta' 20-60 kJ/mol, beta\n"
      "                          (26 +- 4) R Tg, alpha M R Tg ln 10; the nearest in ln E*)\n"
      "  --curves FILE           measured heating scans (Mettler STARe export or curve CSV):\n"
      "                          each selected scan minus the reference, corrected and\n"
      "                          measured as 'vitrum peaks' does (the same options: --reference\n"
      "                          (required), --temp, --endo, --glass, --liquid, --baseline,\n"
      "                          --mass, ...), fitted as a batch; --rate defaults to the scans'\n"
      "                          own (they must agree within 1 %%); --range is the fit's window\n"
      "    --select SPEC         the scans: all but the references (default), 0,3,5-7, seg:87\n"
      "  --batch FILE            long format, one peak per scan: the map of 'vitrum dsc\n"
      "                          --anneal-T LIST --anneal-t LIST -o map.csv' (T_a_K,t_a_s,T_K,\n"
      "                          dheat_flow_W_per_mol); the columns other than T and y identify\n"
      "                          the scan, a blank line or a change of them starts the next\n"
      "\n"
      "output:\n"
      "  the fitted values with standard errors on standard output (on standard error when\n"
      "  -o or --fitted is '-'); in batch mode the table goes to standard output unless -o\n"
      "  -o, --output FILE       one-row CSV (batch: one row per scan: the grouping columns,\n"
      "                          dh, E_kJ_per_mol, their errors, ln_tau0_s, Tp_K, rms, class,\n"
      "                          status: 'ok' or why the fit failed, without stopping the batch)\n"
      "  --fitted FILE           T_K, y, fit, residual (batch: per scan, long format)\n"
      "  --plot FILE             picture (.png, .svg, .pdf) through gnuplot, FILE.gp beside it:\n"
      "                          data, fit and residuals (from --fitted or FILE_fitted.csv);\n"
      "                          batch: E* against the first grouping column coloured by dh,\n"
      "                          and E* against dh, with the class bands (from -o or FILE.csv)\n"
      "  -q, --quiet             no summary\n"
      "\n"
      "Exit status: 0 success, 1 bad input or failed fit (batch: every fit failed), 2 bad\n"
      "command line. A failed run leaves no output file.\n");
}

/* ---- command line ---------------------------------------------------------------------------- */

static int value_option(debye_opts *o, int argc, char **argv, int *i) {
  struct {
    const char *name;
    const char **dst;
  } opts[] = {{"--batch", &o->batch},   {"--curves", &o->curves},
              {"--select", &o->select}, {"--T-col", &o->T_col},
              {"--y-col", &o->y_col},   {"--rate", &o->rate},
              {"--law", &o->law},       {"--range", &o->range},
              {"--Tg", &o->Tg},         {"--fragility", &o->fragility},
              {"--output", &o->output}, {"-o", &o->output},
              {"--fitted", &o->fitted}, {"--plot", &o->plot}};
  for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++) {
    const char *v;
    int r = cli_option(CMD, argc, argv, i, opts[k].name, &v);
    if (r < 0) return -1;
    if (r > 0) {
      *opts[k].dst = v;
      return 1;
    }
  }
  return 0;
}

/* Returns -1 on error (printed), 1 for --help, 0 otherwise. */
static int parse(int argc, char **argv, debye_opts *o) {
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) return 1;
    if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
      o->quiet = 1;
      continue;
    }
    int r = value_option(o, argc, argv, &i);
    if (r == 0) r = cli_cal_option(CMD, argc, argv, &i, &o->cal);
    if (r < 0) return -1;
    if (r > 0) continue;
    if (a[0] == '-' && a[1] != '\0') {
      cli_error(CMD, "unknown option '%s' (vitrum debye --help lists them)", a);
      return -1;
    }
    if (o->file) {
      cli_error(CMD, "one FILE expected, got '%s' and '%s'", o->file, a);
      return -1;
    }
    o->file = a;
  }
  return 0;
}

/* Two temperatures "T1,T2 K", increasing. */
static int temperature_pair(const char *option, const char *text, double out[2]) {
  double *v;
  int n = cli_quantity_list(CMD, option, text, VT_DIM_TEMPERATURE, &v);
  if (n < 0) return -1;
  int ok = n == 2 && v[0] < v[1];
  if (ok) out[0] = v[0], out[1] = v[1];
  free(v);
  if (!ok)
    cli_error(CMD, "%s '%s': expected two increasing temperatures, e.g. '300,480 K'", option, text);
  return ok ? 0 : -1;
}

static int settle_class(const debye_opts *o, settings *s) {
  if (!o->Tg != !o->fragility) {
    cli_error(CMD, "--Tg and --fragility go together (the class ranges need both)");
    return -1;
  }
  if (!o->Tg) return 0;
  if (cli_quantity(CMD, "--Tg", o->Tg, VT_DIM_TEMPERATURE, &s->Tg) ||
      cli_quantity(CMD, "--fragility", o->fragility, VT_DIM_NONE, &s->m))
    return -1;
  if (!(s->Tg > 0 && s->m > 0)) {
    cli_error(CMD, "--Tg %s --fragility %s: both must be positive", o->Tg, o->fragility);
    return -1;
  }
  s->has_class = 1;
  return 0;
}

static int settle_input(const debye_opts *o, settings *s) {
  int inputs = !!o->file + !!o->batch + !!o->curves;
  if (inputs != 1) {
    cli_error(CMD, "%s (vitrum debye --help)",
              inputs ? "give one of FILE, --batch FILE or --curves FILE"
                     : "no input: give FILE (one peak), --batch FILE (a map of scans) or "
                       "--curves FILE (measured scans)");
    return -1;
  }
  if (!o->curves && (o->select || o->cal.reference)) {
    cli_error(CMD, "%s applies to --curves input only", o->select ? "--select" : "--reference");
    return -1;
  }
  if (o->curves && !o->cal.reference) {
    cli_error(CMD, "--curves needs --reference SPEC: the as-cooled scan(s), e.g. 'seg:5,9'");
    return -1;
  }
  s->input = o->file ? o->file : o->batch ? o->batch : o->curves;
  s->batch = o->file == NULL;
  if (!o->rate && !o->curves) {
    cli_error(CMD, "--rate is required: the heating rate of the scans, e.g. --rate '1000 K/s'");
    return -1;
  }
  if (o->rate && cli_quantity(CMD, "--rate", o->rate, VT_DIM_RATE, &s->rate)) return -1;
  if (o->rate && !(s->rate > 0)) {
    cli_error(CMD, "--rate %s: the heating rate must be positive", o->rate);
    return -1;
  }
  s->law = o->law && strcmp(o->law, "vft") == 0 ? VT_TAU_VFT : VT_TAU_ARRHENIUS;
  if (o->law && strcmp(o->law, "vft") != 0 && strcmp(o->law, "arrhenius") != 0) {
    cli_error(CMD, "--law '%s': expected arrhenius or vft", o->law);
    return -1;
  }
  s->has_range = o->range != NULL;
  return o->range ? temperature_pair("--range", o->range, s->range_K) : 0;
}

static int is_stdout(const char *path) {
  return path && strcmp(path, "-") == 0;
}

/* The file the plot reads (malloc'd): the batch table or the fitted curves, in their own file
 * when it is one, else beside the picture (FILE.csv, FILE_fitted.csv). */
static char *plot_data_name(const debye_opts *o, const settings *s) {
  const char *own = s->batch ? o->output : o->fitted;
  size_t n = strlen(o->plot) + 16;
  char *name = malloc(n + (own ? strlen(own) : 0));
  if (!name) return NULL;
  if (own && !is_stdout(own))
    strcpy(name, own);
  else
    snprintf(name, n, "%.*s%s", (int)(strrchr(o->plot, '.') - o->plot), o->plot,
             s->batch ? ".csv" : "_fitted.csv");
  return name;
}

static int check_names(const debye_opts *o, const settings *s) {
  int table_stdout = s->batch && !o->output;
  if (o->output && o->fitted && strcmp(o->output, o->fitted) == 0) {
    cli_error(CMD, "-o and --fitted name the same %s '%s'",
              is_stdout(o->output) ? "output" : "file", o->output);
    return -1;
  }
  if (table_stdout && is_stdout(o->fitted)) {
    cli_error(CMD, "--fitted -: standard output is taken by the table (give -o FILE)");
    return -1;
  }
  if (!o->plot) return 0;
  if (cli_plot_check_name(CMD, o->plot)) return -1;
  char *data = plot_data_name(o, s);
  const char *other = s->batch ? o->fitted : o->output;
  int clash = !data || (other && strcmp(data, other) == 0);
  if (data && clash)
    cli_error(CMD, "--plot %s keeps its data in %s, which is also the %s file", o->plot, data,
              s->batch ? "--fitted" : "-o");
  free(data);
  return clash ? -1 : 0;
}

static int settle(const debye_opts *o, settings *s) {
  memset(s, 0, sizeof *s);
  if (settle_input(o, s) || settle_class(o, s)) return -1;
  return check_names(o, s);
}

/* ---- reading the table ----------------------------------------------------------------------- */

static void table_free(table *t) {
  for (size_t i = 0; t->scans && i < t->ns; i++) free(t->scans[i].fit_y);
  free(t->scans);
  vt_heat_flow_scans_free(&t->d);
}

/* The fits' view of the library's scans. */
static int take_scans(table *t) {
  const vt_heat_flow_scans *d = &t->d;
  t->T = d->T_K, t->y = d->y, t->y_unit = d->y_unit, t->q_unit = d->q_unit;
  t->scans = calloc(d->n_scans ? d->n_scans : 1, sizeof *t->scans);
  if (!t->scans) return cli_error(CMD, "out of memory"), -1;
  t->ns = d->n_scans;
  for (size_t i = 0; i < t->ns; i++) {
    const vt_scan *v = &d->scans[i];
    t->scans[i] = (scan){.start = v->start, .n = v->n, .line = v->line, .key = v->key};
  }
  return 0;
}

/* --T-col / --y-col NAME: the header's column of that exact name. */
static int named_column(const char *opt, const char *name, const settings *s, const vt_table *tab,
                        int *col) {
  char cols[1024] = "";
  size_t used = 0;
  *col = name ? vt_table_column(tab, name) : -1;
  if (!name || *col >= 0) return 0;
  for (size_t k = 0; k < tab->n_cols && used < sizeof cols; k++)
    used += (size_t)snprintf(cols + used, sizeof cols - used, "%s'%s'", k ? ", " : "",
                             tab->cols[k].name);
  cli_error(CMD, "%s '%s': %s:%ld has no such column (it has %s)", opt, name, s->input,
            tab->header_line, cols);
  return -1;
}

static int read_table(const debye_opts *o, const settings *s, table *t, int *status) {
  vt_table tab = {0};
  vt_error err;
  vt_scans_opts so = vt_scans_opts_default();
  so.grouped = s->batch;
  if (s->has_range) so.T_min_K = s->range_K[0], so.T_max_K = s->range_K[1];
  int st = vt_table_read(s->input, NULL, &tab, &err) ? -1 : 0;
  if (!st && (named_column("--T-col", o->T_col, s, &tab, &so.T_col) ||
              named_column("--y-col", o->y_col, s, &tab, &so.y_col))) {
    *status = CLI_USAGE;
    st = -2;
  }
  if (!st && vt_heat_flow_scans_from_table(&tab, &so, &t->d, &err)) st = -1;
  if (st == -1) cli_error(CMD, "%s", err.message);
  if (st == -1 && err.status == VT_EINVAL && o->y_col) *status = CLI_USAGE; /* y is T */
  vt_table_free(&tab);
  return st ? -1 : take_scans(t);
}

static char *copy(const char *text) {
  size_t n = strlen(text) + 1;
  char *c = malloc(n);
  return c ? memcpy(c, text, n) : NULL;
}

/* Room for --curves: every point of every curve, the names of the columns it would have. */
static int curves_room(const cli_cal_run *run, const cli_cal_settings *cs, vt_heat_flow_scans *d) {
  size_t total = 1;
  char y_name[64];
  for (size_t i = 0; i < run->result.n; i++) total += run->result.curves[i].n;
  snprintf(y_name, sizeof y_name, "diff_%s", cs->flow_unit);
  d->T_K = malloc(total * sizeof *d->T_K);
  d->y = malloc(total * sizeof *d->y);
  d->scans = calloc(run->result.n + 1, sizeof *d->scans);
  d->key_names = calloc(2, sizeof *d->key_names);
  d->T_name = copy("T_K");
  d->y_name = copy(y_name);
  if (!d->T_K || !d->y || !d->scans || !d->key_names || !d->T_name || !d->y_name) return -1;
  d->n_keys = 2;
  d->key_names[0] = copy("curve");
  d->key_names[1] = copy("segment");
  snprintf(d->y_unit, sizeof d->y_unit, "%s", cs->flow_label);
  snprintf(d->q_unit, sizeof d->q_unit, "%s", cs->energy_label);
  return d->key_names[0] && d->key_names[1] ? 0 : -1;
}

/* --curves: the library's calorimetry, one scan per analysed curve (key "index,segment"). */
static int fill_from_curves(const settings *s, const cli_cal_run *run, const cli_cal_settings *cs,
                            table *t) {
  vt_heat_flow_scans *d = &t->d;
  if (curves_room(run, cs, d)) return -1;
  for (size_t i = 0; i < run->result.n; i++) {
    const vt_cal_curve *c = &run->result.curves[i];
    vt_scan *sc = &d->scans[d->n_scans];
    *sc = (vt_scan){d->n, 0, 0, malloc(48)};
    if (!sc->key) return -1;
    d->n_scans++;
    snprintf(sc->key, 48, "%zu,%d", c->index, c->segment);
    for (size_t k = 0; k < c->n; k++) {
      if (s->has_range && !(c->T_K[k] >= s->range_K[0] && c->T_K[k] <= s->range_K[1])) continue;
      d->T_K[d->n] = c->T_K[k];
      d->y[d->n++] = cli_cal_flow(cs, c->difference_W[k], c->rate_K_per_s);
      sc->n++;
    }
  }
  return take_scans(t);
}

/* The scans' own rate (they share it within 1 %), or --rate checked against it. */
static int curves_rate(const debye_opts *o, settings *s, const cli_cal_run *run) {
  for (size_t i = 0; i < run->result.n; i++) {
    const vt_cal_curve *c = &run->result.curves[i];
    if (!(s->rate > 0)) s->rate = c->rate_K_per_s;
    if (fabs(c->rate_K_per_s / s->rate - 1.0) > 0.01) {
      cli_error(CMD, "%s: curve %zu (segment %d) is scanned at %.6g K/s, not at %.6g K/s%s",
                o->curves, c->index, c->segment, c->rate_K_per_s, s->rate,
                o->rate ? " (--rate)" : " like the first: one rate per run");
      return -1;
    }
  }
  return 0;
}

static int read_curves(const debye_opts *o, settings *s, table *t, int *status) {
  cli_cal_settings cs;
  if (cli_cal_settle(CMD, &o->cal, VT_CAL_BASELINE_LINES, &cs)) {
    *status = CLI_USAGE;
    return -1;
  }
  cli_cal_run run;
  int st = cli_cal_load(CMD, o->curves, &o->cal, "--select", o->select, 1, &run);
  if (!st) st = cli_cal_analyse(CMD, &cs, &run);
  if (st) *status = st;
  if (!st && (curves_rate(o, s, &run) || fill_from_curves(s, &run, &cs, t))) st = -1;
  cli_cal_run_free(&run);
  cli_cal_settings_free(&cs);
  return st ? -1 : 0;
}

/* ---- fits ------------------------------------------------------------------------------------ */

static void fit_scan(const table *t, const settings *s, scan *sc) {
  const double *T = t->T + sc->start, *y = t->y + sc->start;
  vt_debye_fit *f = &sc->fit;
  vt_error err;
  sc->status = vt_debye_fit_peak(T, y, sc->n, s->rate, s->law, f, &err);
  if (!sc->status && !(sc->fit_y = malloc(sc->n * sizeof *sc->fit_y))) {
    sc->status = VT_ENOMEM;
    snprintf(err.message, sizeof err.message, "out of memory");
  }
  if (!sc->status)
    sc->status = vt_debye_heat_flow(s->law, f->Q0, f->ln_tau0_s,
                                    s->law == VT_TAU_VFT ? f->D : f->E_J_per_mol, f->T0_K, s->rate,
                                    T, sc->n, sc->fit_y, &err);
  if (sc->status)
    snprintf(sc->message, sizeof sc->message, "%s%s", err.message,
             s->has_range && sc->n < 8 ? " (within --range)" : "");
}

/* ---- output ---------------------------------------------------------------------------------- */

typedef struct run_ctx {
  const debye_opts *o;
  const settings *s;
  const table *t;
} run_ctx;

static const char *law_name(vt_tau_law law) {
  return law == VT_TAU_VFT ? "VFT" : "Arrhenius";
}

/* A unit as it goes into a column name: "J/mol" -> "J_per_mol"; `fallback` when unknown. */
static const char *unit_name(const char *unit, const char *fallback, char *buf, size_t size) {
  if (!*unit) return fallback;
  size_t j = 0;
  for (const char *p = unit; *p && j + 6 < size; p++) {
    if (*p == '/') {
      memcpy(buf + j, "_per_", 5);
      j += 5;
    } else {
      buf[j++] = *p;
    }
  }
  buf[j] = '\0';
  return buf;
}

static const char *class_of(const settings *s, const scan *sc) {
  if (!s->has_class || sc->status) return "";
  const char *c = vt_relaxation_class(sc->fit.E_J_per_mol, s->Tg, s->m);
  return c ? c : "";
}

/* The fitted values' columns, shared by the one-row summary and the batch table. */
static void fit_header(FILE *fp, const run_ctx *c) {
  char q[80], y[80];
  const char *qn = unit_name(c->t->q_unit, "y_times_s", q, sizeof q);
  fprintf(fp, "dh_%s,se_dh_%s,E_kJ_per_mol,se_E_kJ_per_mol,ln_tau0_s,se_ln_tau0,", qn, qn);
  if (c->s->law == VT_TAU_VFT) fprintf(fp, "D,se_D,T0_K,se_T0_K,");
  fprintf(fp, "Tp_K,rms_%s,r2", unit_name(c->t->y_unit, "y", y, sizeof y));
}

static void fit_values(FILE *fp, const run_ctx *c, const scan *sc) {
  const vt_debye_fit *f = &sc->fit;
  int vft = c->s->law == VT_TAU_VFT;
  if (sc->status) {
    fprintf(fp, "nan,nan,nan,nan,nan,nan,%snan,nan,nan", vft ? "nan,nan,nan,nan," : "");
    return;
  }
  fprintf(fp, "%.10g,%.4g,%.10g,%.4g,%.10g,%.4g,", f->Q0, f->se_Q0, f->E_J_per_mol / 1e3,
          f->se_E_J_per_mol / 1e3, f->ln_tau0_s, f->se_ln_tau0);
  if (vft) fprintf(fp, "%.10g,%.4g,%.10g,%.4g,", f->D, f->se_D, f->T0_K, f->se_T0_K);
  fprintf(fp, "%.10g,%.6g,%.10g", f->Tp_K, f->rms_residual, f->r2);
}

static void write_row(FILE *fp, const run_ctx *c) {
  const scan *sc = &c->t->scans[0];
  const double *T = c->t->T + sc->start;
  fprintf(fp, "n,law,rate_K_per_s,T_min_K,T_max_K,");
  fit_header(fp, c);
  fprintf(fp, ",iterations,class\n%zu,%s,%.10g,%.10g,%.10g,", sc->n,
          c->s->law == VT_TAU_VFT ? "vft" : "arrhenius", c->s->rate, T[0], T[sc->n - 1]);
  fit_values(fp, c, sc);
  fprintf(fp, ",%d,%s\n", sc->fit.iterations, class_of(c->s, sc));
}

/* The header's grouping columns (all but T and y), comma-separated with a leading comma. */
static void group_header(FILE *fp, const table *t) {
  for (size_t k = 0; k < t->d.n_keys; k++) {
    fputc(',', fp);
    vt_csv_write_text(fp, t->d.key_names[k]);
  }
}

static void write_table(FILE *fp, const run_ctx *c) {
  const table *t = c->t;
  fprintf(fp, "scan");
  group_header(fp, t);
  fprintf(fp, ",n,");
  fit_header(fp, c);
  fprintf(fp, ",class,status\n");
  for (size_t i = 0; i < t->ns; i++) {
    const scan *sc = &t->scans[i];
    fprintf(fp, "%zu%s%s,%zu,", i, *sc->key ? "," : "", sc->key, sc->n);
    fit_values(fp, c, sc);
    fprintf(fp, ",%s,", class_of(c->s, sc));
    vt_csv_write_text(fp, sc->status ? sc->message : "ok");
    fputc('\n', fp);
  }
}

/* T, y, fit, residual (batch: per scan, after its index and grouping fields). */
static void write_fitted(FILE *fp, const run_ctx *c) {
  const table *t = c->t;
  const char *y = t->d.y_name;
  if (c->s->batch) {
    fprintf(fp, "scan");
    group_header(fp, t);
    fputc(',', fp);
  }
  fprintf(fp, "T_K,%s,fit_%s,residual_%s\n", y, y, y);
  for (size_t i = 0; i < t->ns; i++) {
    const scan *sc = &t->scans[i];
    for (size_t k = 0; k < sc->n; k++) {
      double T = t->T[sc->start + k], v = t->y[sc->start + k];
      double f = sc->fit_y ? sc->fit_y[k] : NAN;
      if (c->s->batch) fprintf(fp, "%zu%s%s,", i, *sc->key ? "," : "", sc->key);
      fprintf(fp, "%.10g,%.10g,%.10g,%.10g\n", T, v, f, v - f);
    }
  }
}

/* The three class ranges for --Tg and --fragility, in kJ/mol. */
static void class_ranges(const settings *s, double *beta_lo, double *beta_hi, double *alpha) {
  *beta_lo = 22.0 * R_GAS * s->Tg / 1e3;
  *beta_hi = 30.0 * R_GAS * s->Tg / 1e3;
  *alpha = s->m * R_GAS * s->Tg * log(10.0) / 1e3;
}

static void print_classes(FILE *fp, const settings *s) {
  double blo, bhi, a;
  class_ranges(s, &blo, &bhi, &a);
  fprintf(fp,
          "  classes for Tg %.6g K, m %.6g (paper 004): gamma/beta' 20-60 kJ/mol, beta "
          "(26 +- 4) R Tg = %.1f-%.1f kJ/mol, alpha m R Tg ln 10 = %.1f kJ/mol\n",
          s->Tg, s->m, blo, bhi, a);
}

static void print_summary(FILE *fp, const run_ctx *c) {
  const table *t = c->t;
  const scan *sc = &t->scans[0];
  const vt_debye_fit *f = &sc->fit;
  const char *q = *t->q_unit ? t->q_unit : "(y units) s";
  fprintf(fp, "vitrum debye: %s, columns %s and %s, %zu points, %.6g .. %.6g K, at %.6g K/s\n",
          c->s->input, t->d.T_name, t->d.y_name, sc->n, t->T[sc->start],
          t->T[sc->start + sc->n - 1], c->s->rate);
  fprintf(fp, "  %s law, %d iterations\n", law_name(f->law), f->iterations);
  fprintf(fp, "  dh      = %.7g +- %.2g %s   (Q0: the enthalpy of the peak)\n", f->Q0, f->se_Q0, q);
  fprintf(fp, "  E*      = %.4f +- %.2g kJ/mol%s\n", f->E_J_per_mol / 1e3, f->se_E_J_per_mol / 1e3,
          f->law == VT_TAU_VFT ? "   (apparent, at Tp: R D T0 Tp^2/(Tp - T0)^2)" : "");
  fprintf(fp, "  ln_tau0 = %.5f +- %.2g   (tau0 = %.4g s)\n", f->ln_tau0_s, f->se_ln_tau0,
          exp(f->ln_tau0_s));
  if (f->law == VT_TAU_VFT)
    fprintf(fp, "  D       = %.6g +- %.2g\n  T0      = %.3f +- %.2g K\n", f->D, f->se_D, f->T0_K,
            f->se_T0_K);
  fprintf(fp, "  Tp      = %.3f K\n  rms     = %.4g %s\n  R^2     = %.8f\n", f->Tp_K,
          f->rms_residual, *t->y_unit ? t->y_unit : "(y units)", f->r2);
  if (!c->s->has_class) return;
  fprintf(fp, "  class   = %s\n", class_of(c->s, sc));
  print_classes(fp, c->s);
}

/* Failures on standard error, and the count. */
static void print_batch_summary(const run_ctx *c, size_t failed) {
  const table *t = c->t;
  for (size_t i = 0; i < t->ns; i++)
    if (t->scans[i].status)
      fprintf(stderr, "vitrum debye: %s: scan %zu (line %ld%s%s): %s\n", c->s->input, i,
              t->scans[i].line, *t->scans[i].key ? ": " : "", t->scans[i].key, t->scans[i].message);
  if (c->o->quiet) return;
  fprintf(stderr, "vitrum debye: %s: %zu scan%s, %zu fitted (%s law), %zu failed%s\n", c->s->input,
          t->ns, t->ns == 1 ? "" : "s", t->ns - failed, law_name(c->s->law), failed,
          failed ? " (their status column says why)" : "");
  if (c->s->has_class) print_classes(stderr, c->s);
}

/* ---- plots ----------------------------------------------------------------------------------- */

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

static int plot_single(const run_ctx *c, const char *datafile) {
  const vt_debye_fit *f = &c->t->scans[0].fit;
  char body[4096], q1[1024], q2[512], q3[256];
  snprintf(body, sizeof body,
           "if (!exists(\"datafile\")) datafile = '%s'\n"
           "set multiplot\nset lmargin 12\nset grid\n"
           "set size 1,0.68\nset origin 0,0.32\n"
           "set title 'vitrum debye: %s, %s E* = %.2f +/- %.2f kJ/mol, Tp = %.2f K' "
           "noenhanced\n"
           "set ylabel '%s' noenhanced\nset key top left\n"
           "plot datafile skip 1 using 1:2 with points pt 7 ps 0.4 lc rgb '#1f77b4' title "
           "'data', \\\n"
           "     datafile skip 1 using 1:3 with lines lw 2 lc rgb '#d62728' title 'Debye fit "
           "(paper 004 Eq. 4)'\n"
           "set size 1,0.32\nset origin 0,0\nunset title\n"
           "set xlabel 'temperature (K)'\nset ylabel 'residual'\n"
           "plot datafile skip 1 using 1:4 with points pt 7 ps 0.3 lc rgb '#555555' notitle, \\\n"
           "     0 with lines lc 'black' dt 2 notitle\n"
           "unset multiplot\n",
           cli_gp_quote(datafile, q1, sizeof q1),
           cli_gp_quote(base_name(c->s->input), q2, sizeof q2), law_name(f->law),
           f->E_J_per_mol / 1e3, f->se_E_J_per_mol / 1e3, f->Tp_K,
           cli_gp_quote(c->t->d.y_name, q3, sizeof q3));
  return cli_plot(CMD, c->o->plot, body);
}

/* Shaded gamma/beta' and beta bands and the alpha line, behind the points of both panels. */
static size_t class_bands(const settings *s, char *buf, size_t size) {
  if (!s->has_class) return 0;
  double blo, bhi, a;
  class_ranges(s, &blo, &bhi, &a);
  return (size_t)snprintf(
      buf, size,
      "set object 1 rect from graph 0, first 20 to graph 1, first 60 fc rgb '#2ca02c' "
      "fs transparent solid 0.15 noborder behind\n"
      "set object 2 rect from graph 0, first %.6g to graph 1, first %.6g fc rgb '#ff7f0e' "
      "fs transparent solid 0.2 noborder behind\n"
      "set arrow 1 from graph 0, first %.6g to graph 1, first %.6g nohead lc rgb '#d62728' "
      "dt 2 lw 2 back\n"
      "set label 1 \"{/Symbol g}/{/Symbol b}' 20-60\" at graph 0.01, first 34.6 front\n"
      "set label 2 '{/Symbol b} (26 +/- 4) R T_g' at graph 0.01, first %.6g front\n"
      "set label 3 '{/Symbol a} m R T_g ln 10' at graph 0.01, first %.6g front\n",
      blo, bhi, a, a, sqrt(blo * bhi), a * 1.12);
}

/* E range of the picture (kJ/mol): the fits and the class bands, with a margin. */
static void E_range(const run_ctx *c, double *lo, double *hi) {
  double blo, bhi, a;
  *lo = HUGE_VAL, *hi = 0.0;
  for (size_t i = 0; i < c->t->ns; i++)
    if (!c->t->scans[i].status) {
      double E = c->t->scans[i].fit.E_J_per_mol / 1e3;
      *lo = fmin(*lo, E), *hi = fmax(*hi, E);
    }
  if (c->s->has_class) {
    class_ranges(c->s, &blo, &bhi, &a);
    *lo = fmin(*lo, 20.0), *hi = fmax(*hi, a);
  }
  *lo /= 1.5, *hi *= 1.5;
}

static int plot_batch(const run_ctx *c, const char *datafile) {
  const table *t = c->t;
  int groups = (int)t->d.n_keys, x = groups > 0 ? 2 : 1, dh = groups + 3, E = groups + 5;
  const char *xname = groups > 0 ? t->d.key_names[0] : "scan";
  char body[8192], q1[1024], q2[512], q3[256], bands[2048] = "";
  const char *qu = *t->q_unit ? t->q_unit : "y s";
  double lo, hi;
  E_range(c, &lo, &hi);
  class_bands(c->s, bands, sizeof bands);
  snprintf(body, sizeof body,
           "if (!exists(\"datafile\")) datafile = '%s'\n"
           "set multiplot layout 2,1 title 'vitrum debye: E* of the scans of %s (%s Debye "
           "fits)' noenhanced\n"
           "set logscale y\nset yrange [%.6g:%.6g]\nset grid\nset palette rgbformulae 33,13,10\n"
           "set ylabel 'E*_{Debye} (kJ/mol)'\n"
           "set ytics (10, 20, 40, 60, 100, 200, 400, 600, 1000, 2000, 4000)\n%s"
           "set xlabel '%s' noenhanced\nset cblabel 'dh (%s)'\n"
           "plot datafile skip 1 using %d:%d:%d with points pt 7 ps 1.5 palette notitle\n"
           "set xlabel 'dh (%s)'\nset cblabel '%s' noenhanced\n"
           "plot datafile skip 1 using %d:%d:%d with points pt 7 ps 1.5 palette notitle\n"
           "unset multiplot\n",
           cli_gp_quote(datafile, q1, sizeof q1),
           cli_gp_quote(base_name(c->s->input), q2, sizeof q2), law_name(c->s->law), lo, hi, bands,
           cli_gp_quote(xname, q3, sizeof q3), qu, x, E, dh, qu, q3, dh, E, x);
  return cli_plot(CMD, c->o->plot, body);
}

/* ---- writing everything ---------------------------------------------------------------------- */

typedef void (*writer)(FILE *, const run_ctx *);

typedef struct job {
  const char *path;
  writer w;
} job;

static int save(const run_ctx *c, const char *path, writer w) {
  vt_outfile out;
  vt_error err;
  if (vt_outfile_open(&out, path, &err)) {
    cli_error(CMD, "%s", err.message);
    return -1;
  }
  w(out.fp, c);
  if (vt_outfile_commit(&out, &err)) {
    vt_outfile_abort(&out);
    cli_error(CMD, "%s", err.message);
    return -1;
  }
  return 0;
}

/* The outputs of this run: the summary row or table, the fitted curves, the plot's data. */
static size_t plan(const run_ctx *c, const char *plot_data, job *jobs) {
  const debye_opts *o = c->o;
  writer main_w = c->s->batch ? write_table : write_row;
  const char *main_path = c->s->batch && !o->output ? "-" : o->output;
  size_t n = 0;
  if (main_path) jobs[n++] = (job){main_path, main_w};
  if (o->fitted) jobs[n++] = (job){o->fitted, write_fitted};
  int listed = plot_data && ((main_path && strcmp(plot_data, main_path) == 0) ||
                             (o->fitted && strcmp(plot_data, o->fitted) == 0));
  if (plot_data && !listed) jobs[n++] = (job){plot_data, c->s->batch ? write_table : write_fitted};
  return n;
}

/* Files first, then the plot, then standard output: a failure removes the files this run
 * wrote (the .gp script stays, as with the other commands) before anything reaches stdout. */
static int write_outputs(const run_ctx *c) {
  char *plot_data = c->o->plot ? plot_data_name(c->o, c->s) : NULL;
  job jobs[3];
  const char *written[3];
  size_t n = plan(c, plot_data, jobs), nw = 0;
  int st = c->o->plot && !plot_data ? -1 : 0;
  if (st) cli_error(CMD, "out of memory");
  for (size_t k = 0; !st && k < n; k++)
    if (!is_stdout(jobs[k].path) && !(st = save(c, jobs[k].path, jobs[k].w)))
      written[nw++] = jobs[k].path;
  if (!st && c->o->plot) st = c->s->batch ? plot_batch(c, plot_data) : plot_single(c, plot_data);
  for (size_t k = 0; !st && k < n; k++)
    if (is_stdout(jobs[k].path)) st = save(c, "-", jobs[k].w);
  for (size_t k = 0; st && k < nw; k++) remove(written[k]);
  free(plot_data);
  return st;
}

static int run(const debye_opts *o, settings *s) {
  table t;
  memset(&t, 0, sizeof t);
  int status = CLI_FAIL;
  if (o->curves ? read_curves(o, s, &t, &status) : read_table(o, s, &t, &status)) {
    table_free(&t);
    return status;
  }
  size_t failed = 0;
  for (size_t i = 0; i < t.ns; i++) {
    fit_scan(&t, s, &t.scans[i]);
    failed += t.scans[i].status != 0;
    if (s->batch) cli_progress(CMD, i + 1, t.ns);
  }
  run_ctx c = {o, s, &t};
  if (!s->batch && failed) {
    cli_error(CMD, "%s: %s", s->input, t.scans[0].message);
  } else if (s->batch && failed == t.ns) {
    print_batch_summary(&c, failed);
    cli_error(CMD, "%s: none of the %zu scans could be fitted", s->input, t.ns);
  } else if (!write_outputs(&c)) {
    status = CLI_OK;
    if (s->batch)
      print_batch_summary(&c, failed);
    else if (!o->quiet)
      print_summary(is_stdout(o->output) || is_stdout(o->fitted) ? stderr : stdout, &c);
  }
  table_free(&t);
  return status;
}

int cmd_debye(int argc, char **argv) {
  debye_opts o;
  memset(&o, 0, sizeof o);
  int r = parse(argc, argv, &o);
  if (r == 1) {
    help();
    return CLI_OK;
  }
  settings s;
  if (r < 0 || settle(&o, &s)) return CLI_USAGE;
  return run(&o, &s);
}
