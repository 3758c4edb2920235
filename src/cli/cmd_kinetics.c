/* vitrum kissinger / vitrum eyring: activation energies from relaxation-peak temperatures Tp
 * measured at several heating rates, given as a table, as lists on the command line, or as the
 * heating curves themselves (one point per curve). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal_opts.h"
#include "vitrum/constants.h"

#define R_GAS VT_GAS_CONSTANT_J_PER_MOL_K

typedef enum { KIN_KISSINGER, KIN_EYRING } kin_kind;

typedef struct kin_opts {
  const char *cmd;
  kin_kind kind;
  const char *table, *rates, *Tp, *curves, *select;
  const char *output, *points, *plot;
  cli_cal_opts cal; /* --curves: the calorimetry options 'vitrum peaks' takes */
  int quiet;
} kin_opts;

typedef struct kin_point {
  double rate, Tp; /* K/s, K */
  char source[96]; /* where the point came from: "line 5", "item 2", "curve 3 (name)" */
} kin_point;

typedef struct kin_data {
  kin_point *p;
  size_t n, cap;
  const char *temperature; /* curves: "Ts" or "Tr", else NULL */
} kin_data;

/* The fitted straight line y = a + b / Tp in the command's own y, for points and plot. */
typedef struct kin_fit {
  vt_kissinger k;
  vt_eyring e;
  double a, b;
} kin_fit;

static const char *y_name(kin_kind kind) {
  return kind == KIN_EYRING ? "ln_rate_over_Tp3" : "ln_rate_over_Tp2";
}

/* ---- help and command line ------------------------------------------------------------------ */

static void help(const kin_opts *o) {
  if (o->kind == KIN_EYRING)
    printf("usage: vitrum eyring INPUT [options]\n\n"
           "Activation enthalpy H* and entropy S* from the peak temperature Tp at several heating\n"
           "rates (absolute reaction rate theory, paper 000 Eq. 4):\n"
           "  ln(rate/Tp^3) = -H*/(R Tp) + ln(k_B R/(h_P H*)) + S*/R\n"
           "Also prints the Kissinger dE of the same points beside H* + R<Tp>: the paper's\n"
           "consistency check dE = H* + R Tp.\n\n");
  else
    printf("usage: vitrum kissinger INPUT [options]\n\n"
           "Kissinger activation energy dE from the peak temperature Tp at several heating rates:\n"
           "  ln(rate/Tp^2) = -dE/(R Tp) + c\n\n");
  printf(
      "Unweighted least squares in 1/Tp; standard errors from the scatter of the points.\n\n"
      "input (exactly one):\n"
      "  --table FILE        CSV with a header naming the columns with units: rate_K_per_s,\n"
      "                      rate_K_per_min or 'rate [K/s]'; Tp_K, Tp_C or 'Tp [C]'; other\n"
      "                      columns are ignored; '#' starts a comment\n"
      "  --rates LIST --Tp LIST\n"
      "                      e.g. --rates '100,200,500,1000 K/s' --Tp '400.1,403.2,407.5,410.9 K'\n"
      "  --curves FILE       Mettler STARe export or CSV of heating scans, one point per curve:\n"
      "                      the rate from a straight-line fit of T(t) over the range (the\n"
      "                      curve is rejected if it cools or a quarter of it strays more\n"
      "                      than 5 %% from that rate) and Tp from the library's calorimetry,\n"
      "                      the same as 'vitrum peaks' with the same options: with\n"
      "                      --reference each curve minus the reference(s) of its own rate\n"
      "                      (baseline lines), without it the curve minus the straight line\n"
      "                      through the ends of the range (baseline chord)\n"
      "    --select SPEC     curves to use: all (default), 0,3,5-7, seg:87,81 (references\n"
      "                      are left out)\n"
      "    and the options of 'vitrum peaks' (--reference, --temp, --endo, --glass, --liquid,\n"
      "    --baseline, --range, --smooth); --endo defaults to down (STARe: endothermic\n"
      "    negative): give --endo up for curves whose peaks point up\n"
      "\noutput:\n"
      "  the fitted values with standard errors on standard output (on stderr when -o or\n"
      "  --points is '-'), and\n"
      "  -o, --output FILE   one-row CSV summary\n"
      "  --points FILE       the points: rate_K_per_s, Tp_K, inv_Tp_per_K, %s,\n"
      "                      fit_%s, source\n"
      "  --plot FILE         %s plot (.png, .svg, .pdf) through gnuplot: y against 1000/Tp with\n"
      "                      the fitted line; FILE.gp is kept beside it, the points go to the\n"
      "                      --points file or FILE's .csv\n"
      "  -q, --quiet         no summary\n\n"
      "Bad values on the command line exit with status 2, bad files with 1.\n",
      y_name(o->kind), y_name(o->kind), o->kind == KIN_EYRING ? "Eyring" : "Kissinger");
}

/* Options that take a value: 1 when argv[*i] was one of them, 0 when not, -1 on error. */
static int value_option(kin_opts *o, int argc, char **argv, int *i) {
  struct {
    const char *name;
    const char **dst;
  } opts[] = {{"--table", &o->table},   {"--rates", &o->rates},   {"--Tp", &o->Tp},
              {"--curves", &o->curves}, {"--select", &o->select}, {"--output", &o->output},
              {"-o", &o->output},       {"--points", &o->points}, {"--plot", &o->plot}};
  for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++) {
    const char *v;
    int r = cli_option(o->cmd, argc, argv, i, opts[k].name, &v);
    if (r < 0) return -1;
    if (r > 0) {
      *opts[k].dst = v;
      return 1;
    }
  }
  return 0;
}

/* The calorimetry options (peaks') apply to curves only. */
static int check_curve_options(const kin_opts *o) {
  const cli_cal_opts *c = &o->cal;
  const char *curve_only = o->select       ? "--select"
                           : c->reference  ? "--reference"
                           : c->temp       ? "--temp"
                           : c->range      ? "--range"
                           : c->endo       ? "--endo"
                           : c->glass      ? "--glass"
                           : c->liquid     ? "--liquid"
                           : c->baseline   ? "--baseline"
                           : c->smooth     ? "--smooth"
                           : c->mass       ? "--mass"
                           : c->molar_mass ? "--molar-mass"
                                           : NULL;
  if (curve_only && !o->curves) {
    cli_error(o->cmd, "%s applies to --curves input only", curve_only);
    return -1;
  }
  return 0;
}

/* The points file the plot reads: --points, or the picture's name with .csv. */
static char *plot_data_name(const kin_opts *o) {
  const char *src = o->points && strcmp(o->points, "-") != 0 ? o->points : o->plot;
  size_t n = strlen(src);
  char *name = malloc(n + 5);
  if (!name) return NULL;
  if (src == o->points)
    memcpy(name, src, n + 1);
  else
    snprintf(name, n + 5, "%.*s.csv", (int)(strrchr(src, '.') - src), src);
  return name;
}

static int check_outputs(const kin_opts *o) {
  if (o->output && o->points && strcmp(o->output, o->points) == 0) {
    cli_error(o->cmd, "-o and --points name the same file '%s'", o->output);
    return -1;
  }
  if (!o->plot) return 0;
  if (cli_plot_check_name(o->cmd, o->plot)) return -1;
  char *data = plot_data_name(o);
  int clash = data && o->output && strcmp(data, o->output) == 0;
  if (clash)
    cli_error(o->cmd,
              "--plot %s keeps its points in %s, which is also the -o file: name another "
              "with --points",
              o->plot, data);
  free(data);
  return clash ? -1 : 0;
}

static int check_input_choice(const kin_opts *o) {
  int modes = !!o->table + !!(o->rates || o->Tp) + !!o->curves;
  if (modes != 1) {
    cli_error(o->cmd,
              "%s: give one of --table FILE, --rates LIST --Tp LIST or --curves FILE "
              "(vitrum %s --help)",
              modes ? "more than one input" : "no input", o->cmd);
    return -1;
  }
  if (!!o->rates != !!o->Tp) {
    cli_error(o->cmd, "%s needs %s as well", o->rates ? "--rates" : "--Tp",
              o->rates ? "--Tp" : "--rates");
    return -1;
  }
  return 0;
}

/* Returns -1 on error (printed), 1 for --help, 0 otherwise. */
static int parse(int argc, char **argv, kin_opts *o) {
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) return 1;
    if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
      o->quiet = 1;
      continue;
    }
    int r = cli_cal_option(o->cmd, argc, argv, &i, &o->cal);
    if (r == 0) r = value_option(o, argc, argv, &i);
    if (r < 0) return -1;
    if (r > 0) continue;
    cli_error(o->cmd, "unknown option '%s' (vitrum %s --help lists them)", a, o->cmd);
    return -1;
  }
  if (check_input_choice(o) || check_curve_options(o) || check_outputs(o)) return -1;
  return 0;
}

/* ---- points -----------------------------------------------------------------------------------
 */

static int add_point(const kin_opts *o, kin_data *d, double rate, double Tp, const char *source) {
  if (d->n == d->cap) {
    size_t cap = d->cap ? 2 * d->cap : 16;
    kin_point *grown = realloc(d->p, cap * sizeof *grown);
    if (!grown) {
      cli_error(o->cmd, "out of memory");
      return -1;
    }
    d->p = grown;
    d->cap = cap;
  }
  kin_point *p = &d->p[d->n++];
  p->rate = rate;
  p->Tp = Tp;
  snprintf(p->source, sizeof p->source, "%s", source);
  return 0;
}

/* Values the library would reject too, caught here so the message can say where they are. */
static const char *bad_value(double rate, double Tp) {
  if (!(rate > 0)) return "the rate is not positive (heating rates must be > 0)";
  if (!(Tp > 0)) return "Tp is not above absolute zero";
  return NULL;
}

static int load_inline(const kin_opts *o, kin_data *d) {
  double *rate = NULL, *Tp = NULL;
  int nr = cli_quantity_list(o->cmd, "--rates", o->rates, VT_DIM_RATE, &rate);
  int nt = nr < 0 ? -1 : cli_quantity_list(o->cmd, "--Tp", o->Tp, VT_DIM_TEMPERATURE, &Tp);
  int st = nr < 0 || nt < 0 ? -1 : 0;
  if (!st && nr != nt) {
    cli_error(o->cmd, "--rates has %d value%s but --Tp has %d: one Tp per rate", nr,
              nr == 1 ? "" : "s", nt);
    st = -1;
  }
  for (int k = 0; !st && k < nr; k++) {
    const char *why = bad_value(rate[k], Tp[k]);
    char source[32];
    snprintf(source, sizeof source, "item %d", k + 1);
    if (why) {
      cli_error(o->cmd, "item %d (rate %g K/s, Tp %g K): %s", k + 1, rate[k], Tp[k], why);
      st = -1;
    } else {
      st = add_point(o, d, rate[k], Tp[k], source);
    }
  }
  free(rate);
  free(Tp);
  return st;
}

/* ---- table input ------------------------------------------------------------------------- */

static int load_table(const kin_opts *o, kin_data *d) {
  vt_rate_peaks p = {0};
  vt_error err;
  int st = vt_read_rate_peaks(o->table, &p, &err) ? -1 : 0;
  if (st) cli_error(o->cmd, "%s", err.message);
  for (size_t i = 0; !st && i < p.n; i++) {
    char source[32];
    snprintf(source, sizeof source, "line %ld", p.line[i]);
    st = add_point(o, d, p.rate_K_per_s[i], p.Tp_K[i], source);
  }
  vt_rate_peaks_free(&p);
  return st;
}

/* ---- curves input ----------------------------------------------------------------------------
 */

/* One point per curve from the library's calorimetry: the references grouped by rate, each
 * curve against those of its rate (or alone), Tp of the difference. */
static int load_curves(const kin_opts *o, kin_data *d, int *status) {
  cli_cal_settings s;
  vt_cal_baseline base = o->cal.reference ? VT_CAL_BASELINE_LINES : VT_CAL_BASELINE_CHORD;
  if (cli_cal_settle(o->cmd, &o->cal, base, &s)) {
    *status = CLI_USAGE;
    return -1;
  }
  s.opts.references_by_rate = 1;
  cli_cal_run run;
  int st = cli_cal_load(o->cmd, o->curves, &o->cal, "--select", o->select, 1, &run);
  if (st) *status = st;
  if (!st && cli_cal_analyse(o->cmd, &s, &run)) st = -1;
  d->temperature = run.result.axis == VT_CAL_AXIS_TS ? "Ts" : "Tr";
  for (size_t k = 0; !st && k < run.result.n; k++) {
    const vt_cal_curve *c = &run.result.curves[k];
    char source[96];
    snprintf(source, sizeof source, "curve %zu (%.64s)", c->index,
             run.set.curves[c->index].name ? run.set.curves[c->index].name : "");
    if (!c->resolved) {
      cli_error(o->cmd,
                "%s: %s: no peak resolved (the largest difference is below 3 times the noise, "
                "or not positive: check --endo and --range)",
                o->curves, source);
      st = -1;
    } else {
      st = add_point(o, d, c->rate_K_per_s, c->peak.x_peak, source);
    }
  }
  cli_cal_run_free(&run);
  return st ? -1 : 0;
}

/* ---- fit ------------------------------------------------------------------------------------- */

static int fit(const kin_opts *o, const kin_data *d, kin_fit *f) {
  double *rate = malloc(2 * (d->n + 1) * sizeof *rate);
  if (!rate) {
    cli_error(o->cmd, "out of memory");
    return -1;
  }
  double *Tp = rate + d->n + 1;
  for (size_t i = 0; i < d->n; i++) rate[i] = d->p[i].rate, Tp[i] = d->p[i].Tp;
  vt_error err;
  int st = o->kind == KIN_EYRING ? vt_eyring_fit(rate, Tp, d->n, &f->e, &err)
                                 : vt_kissinger_fit(rate, Tp, d->n, &f->k, &err);
  free(rate);
  if (st) {
    cli_error(o->cmd, "%s", err.message);
    return -1;
  }
  if (o->kind == KIN_EYRING) {
    f->b = -f->e.H_J_per_mol / R_GAS;
    f->a = log(VT_BOLTZMANN_J_PER_K * R_GAS / (VT_PLANCK_J_S * f->e.H_J_per_mol)) +
           f->e.S_J_per_mol_K / R_GAS;
  } else {
    f->b = -f->k.dE_J_per_mol / R_GAS;
    f->a = f->k.intercept;
  }
  return 0;
}

/* ---- output ------------------------------------------------------------------------------------
 */

typedef struct kin_span {
  double Tp_min, Tp_max, rate_min, rate_max;
} kin_span;

static kin_span span_of(const kin_data *d) {
  kin_span s = {d->p[0].Tp, d->p[0].Tp, d->p[0].rate, d->p[0].rate};
  for (size_t i = 1; i < d->n; i++) {
    s.Tp_min = fmin(s.Tp_min, d->p[i].Tp), s.Tp_max = fmax(s.Tp_max, d->p[i].Tp);
    s.rate_min = fmin(s.rate_min, d->p[i].rate), s.rate_max = fmax(s.rate_max, d->p[i].rate);
  }
  return s;
}

static const char *input_name(const kin_opts *o) {
  return o->table ? o->table : o->curves ? o->curves : "the command line";
}

static void print_summary(FILE *fp, const kin_opts *o, const kin_data *d, const kin_fit *f) {
  kin_span s = span_of(d);
  fprintf(fp, "vitrum %s: %zu points from %s", o->cmd, d->n, input_name(o));
  if (d->temperature) fprintf(fp, " (temperature %s)", d->temperature);
  fprintf(fp, "\n  Tp %.3f .. %.3f K at %g .. %g K/s\n", s.Tp_min, s.Tp_max, s.rate_min,
          s.rate_max);
  if (o->kind == KIN_KISSINGER) {
    fprintf(fp, "  Kissinger, ln(rate/Tp^2) = -dE/(R Tp) + c   (rate in K/s, Tp in K)\n");
    fprintf(fp, "  dE   = %.4f +- %.4f kJ/mol\n", f->k.dE_J_per_mol / 1e3,
            f->k.se_dE_J_per_mol / 1e3);
    fprintf(fp, "  c    = %.6f +- %.6f\n  R^2  = %.8f\n", f->k.intercept, f->k.se_intercept,
            f->k.r2);
    return;
  }
  const vt_eyring *e = &f->e;
  fprintf(fp, "  Eyring (paper 000 Eq. 4), ln(rate/Tp^3) = -H*/(R Tp) + ln(k_B R/(h_P H*)) + "
              "S*/R\n");
  fprintf(fp, "  H*   = %.4f +- %.4f kJ/mol\n", e->H_J_per_mol / 1e3, e->se_H_J_per_mol / 1e3);
  fprintf(fp, "  S*   = %.3f +- %.3f J/(mol K)\n", e->S_J_per_mol_K, e->se_S_J_per_mol_K);
  fprintf(fp, "  R^2  = %.8f\n  <Tp> = %.3f K\n", e->r2, e->mean_Tp_K);
  fprintf(fp,
          "  check dE = H* + R Tp:  Kissinger dE = %.4f +- %.4f kJ/mol   H* + R<Tp> = %.4f "
          "kJ/mol   difference = %.4f kJ/mol\n",
          e->kissinger_dE_J_per_mol / 1e3, e->se_kissinger_dE_J_per_mol / 1e3,
          e->H_plus_RTp_J_per_mol / 1e3,
          (e->kissinger_dE_J_per_mol - e->H_plus_RTp_J_per_mol) / 1e3);
}

static void write_points(FILE *fp, const kin_opts *o, const kin_data *d, const kin_fit *f) {
  double power = o->kind == KIN_EYRING ? 3.0 : 2.0;
  fprintf(fp, "rate_K_per_s,Tp_K,inv_Tp_per_K,%s,fit_%s,source\n", y_name(o->kind),
          y_name(o->kind));
  for (size_t i = 0; i < d->n; i++) {
    const kin_point *p = &d->p[i];
    fprintf(fp, "%.10g,%.10g,%.10g,%.10g,%.10g,", p->rate, p->Tp, 1.0 / p->Tp,
            log(p->rate) - power * log(p->Tp), f->a + f->b / p->Tp);
    vt_csv_write_text(fp, p->source);
    fputc('\n', fp);
  }
}

static void write_row(FILE *fp, const kin_opts *o, const kin_data *d, const kin_fit *f) {
  kin_span s = span_of(d);
  if (o->kind == KIN_KISSINGER) {
    fprintf(fp, "n,dE_J_per_mol,se_dE_J_per_mol,intercept,se_intercept,r2,");
    fprintf(fp, "Tp_min_K,Tp_max_K,rate_min_K_per_s,rate_max_K_per_s\n");
    fprintf(fp, "%zu,%.10g,%.6g,%.10g,%.6g,%.10g,", f->k.n, f->k.dE_J_per_mol, f->k.se_dE_J_per_mol,
            f->k.intercept, f->k.se_intercept, f->k.r2);
  } else {
    const vt_eyring *e = &f->e;
    fprintf(fp, "n,H_J_per_mol,se_H_J_per_mol,S_J_per_mol_K,se_S_J_per_mol_K,r2,mean_Tp_K,");
    fprintf(fp, "kissinger_dE_J_per_mol,se_kissinger_dE_J_per_mol,H_plus_RTp_J_per_mol,");
    fprintf(fp, "dE_minus_H_plus_RTp_J_per_mol,Tp_min_K,Tp_max_K,rate_min_K_per_s,");
    fprintf(fp, "rate_max_K_per_s\n");
    fprintf(fp, "%zu,%.10g,%.6g,%.10g,%.6g,%.10g,%.10g,%.10g,%.6g,%.10g,%.6g,", e->n,
            e->H_J_per_mol, e->se_H_J_per_mol, e->S_J_per_mol_K, e->se_S_J_per_mol_K, e->r2,
            e->mean_Tp_K, e->kissinger_dE_J_per_mol, e->se_kissinger_dE_J_per_mol,
            e->H_plus_RTp_J_per_mol, e->kissinger_dE_J_per_mol - e->H_plus_RTp_J_per_mol);
  }
  fprintf(fp, "%.10g,%.10g,%.10g,%.10g\n", s.Tp_min, s.Tp_max, s.rate_min, s.rate_max);
}

typedef void (*writer)(FILE *, const kin_opts *, const kin_data *, const kin_fit *);

static int write_file(const kin_opts *o, const char *path, writer w, const kin_data *d,
                      const kin_fit *f) {
  vt_outfile out;
  vt_error err;
  if (vt_outfile_open(&out, path, &err)) {
    cli_error(o->cmd, "%s", err.message);
    return -1;
  }
  w(out.fp, o, d, f);
  if (vt_outfile_commit(&out, &err)) {
    vt_outfile_abort(&out);
    cli_error(o->cmd, "%s", err.message);
    return -1;
  }
  return 0;
}

static int plot(const kin_opts *o, const char *datafile, const kin_fit *f) {
  char body[4096], q[1024], title[256];
  int ey = o->kind == KIN_EYRING;
  if (ey)
    snprintf(title, sizeof title,
             "Eyring: H^* = %.2f +/- %.2f kJ/mol, S^* = %.1f +/- %.1f J/(mol K)",
             f->e.H_J_per_mol / 1e3, f->e.se_H_J_per_mol / 1e3, f->e.S_J_per_mol_K,
             f->e.se_S_J_per_mol_K);
  else
    snprintf(title, sizeof title, "Kissinger: {/Symbol D}E = %.2f +/- %.2f kJ/mol",
             f->k.dE_J_per_mol / 1e3, f->k.se_dE_J_per_mol / 1e3);
  snprintf(body, sizeof body,
           "if (!exists(\"datafile\")) datafile = '%s'\n"
           "# the fitted line y = a + b/Tp, drawn against x = 1000/Tp\n"
           "a = %.17g\nb = %.17g\nf(x) = a + b*x/1000\n"
           "set title '%s'\n"
           "set xlabel '1000 / T_p  (1/K)'\n"
           "set ylabel 'ln(rate / T_p^%d)   (rate in K/s, T_p in K)'\n"
           "set grid\nset key top right\n"
           "plot datafile skip 1 using (1000*$3):4 with points pt 7 ps 1.5 title 'peaks', \\\n"
           "     f(x) with lines lw 2 title 'least-squares fit'\n",
           cli_gp_quote(datafile, q, sizeof q), f->a, f->b, title, ey ? 3 : 2);
  return cli_plot(o->cmd, o->plot, body);
}

/* Points, summary, plot; a failure removes what this run wrote (the .gp script stays, as with
 * the other commands, so a failed gnuplot run can be repeated by hand). */
static int write_outputs(const kin_opts *o, const kin_data *d, const kin_fit *f) {
  char *plot_data = o->plot ? plot_data_name(o) : NULL;
  const char *written[2] = {NULL, NULL};
  int st = o->plot && !plot_data ? -1 : 0;
  if (!st && o->points) {
    st = write_file(o, o->points, write_points, d, f);
    if (!st && strcmp(o->points, "-") != 0) written[0] = o->points;
  }
  if (!st && plot_data && !written[0]) {
    st = write_file(o, plot_data, write_points, d, f);
    written[0] = st ? NULL : plot_data;
  }
  if (!st && o->output) {
    st = write_file(o, o->output, write_row, d, f);
    if (!st && strcmp(o->output, "-") != 0) written[1] = o->output;
  }
  if (!st && o->plot) st = plot(o, plot_data, f);
  if (st)
    for (int k = 0; k < 2; k++)
      if (written[k]) remove(written[k]);
  free(plot_data);
  return st;
}

static int run(const kin_opts *o) {
  kin_data d = {0};
  kin_fit f;
  int status = CLI_FAIL, load;
  if (o->rates) {
    load = load_inline(o, &d);
    status = CLI_USAGE; /* the values came from the command line */
  } else {
    load = o->table ? load_table(o, &d) : load_curves(o, &d, &status);
  }
  if (!load && !fit(o, &d, &f)) {
    status = CLI_FAIL;
    if (!write_outputs(o, &d, &f)) {
      int to_stderr =
          (o->output && !strcmp(o->output, "-")) || (o->points && !strcmp(o->points, "-"));
      if (!o->quiet) print_summary(to_stderr ? stderr : stdout, o, &d, &f);
      status = CLI_OK;
    }
  }
  free(d.p);
  return status;
}

static int kinetics_main(int argc, char **argv, kin_kind kind) {
  kin_opts o;
  memset(&o, 0, sizeof o);
  o.kind = kind;
  o.cmd = kind == KIN_EYRING ? "eyring" : "kissinger";
  int r = parse(argc, argv, &o);
  if (r == 1) help(&o);
  if (r) return r < 0 ? CLI_USAGE : CLI_OK;
  return run(&o);
}

int cmd_kissinger(int argc, char **argv) {
  return kinetics_main(argc, argv, KIN_KISSINGER);
}

int cmd_eyring(int argc, char **argv) {
  return kinetics_main(argc, argv, KIN_EYRING);
}
