/* vitrum loss: fit the loss modulus E''(T) of a DMA temperature sweep at one frequency with
 * Havriliak-Negami and Debye terms plus a constant background (paper 004, Eqs. 1-2; Fig. 2C).
 * The command reads the sweep, turns each --peak KIND:Tp[:E] into starting values, runs
 * vt_loss_fit_run and writes the summary, the per-peak CSV, the fitted curves and a plot. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "vitrum/constants.h"

#define CMD       "loss"
#define R_GAS     VT_GAS_CONSTANT_J_PER_MOL_K
#define PI        3.14159265358979323846
#define MAX_PEAKS 4

typedef struct loss_opts {
  const char *file, *freq, *T_col, *y_col, *range, *output, *fitted, *plot;
  const char *peak_text[MAX_PEAKS + 1];
  int n_peaks, logy, quiet;
} loss_opts;

/* One --peak: the kind, where its maximum is, and E_act if given (else 0). */
typedef struct peak_spec {
  int hn;
  double Tp_K, E;
  const char *text;
  int E_from_width;
} peak_spec;

typedef struct settings {
  double freq_Hz, range_K[2];
  int has_range;
  peak_spec peak[MAX_PEAKS];
  size_t n_peaks;
} settings;

/* The sweep: T in K, E'' in Pa, and the file line of each row for messages. */
typedef struct sweep {
  double *T, *y;
  long *line;
  size_t n, cap;
  char T_name[128], y_name[128];
  int T_celsius; /* plot against C when the file gives C */
} sweep;

static void help(void) {
  printf(
      "usage: vitrum loss FILE --freq F --peak KIND:Tp[:E] [--peak ...] [options]\n"
      "\n"
      "Fits the loss modulus E''(T) of a DMA temperature sweep at one frequency f with 1 to 4\n"
      "relaxation terms plus a constant background B (paper 004, Eqs. 1-2):\n"
      "  E'' = B + sum_k dE_k r_k^-b_k sin(b_k theta_k),  1 + (w tau_k)^a_k e^{i a_k pi/2} =\n"
      "        r_k e^{i theta_k},  w = 2 pi f,  tau_k = tau0_k exp(E_k/(R T))\n"
      "Havriliak-Negami (hn) terms fit a and b in (0, 1]; Debye terms have a = b = 1 (their\n"
      "maximum is dE/2 where w tau = 1). Least squares (GSL trust region); standard errors from\n"
      "the Jacobian scaled by the residual variance.\n"
      "\n"
      "input: CSV with a header naming the columns with units; '#' starts a comment:\n"
      "  temperature    T_K, T_C, 'T [C]', 'Temperature (K)', Temp_C\n"
      "  loss modulus   E2_Pa, E2_MPa, E2_GPa, \"E'' [MPa]\", loss_modulus_MPa, 'G'' [Pa]'\n"
      "                 (Pa, kPa, MPa, GPa); rows sorted by rising temperature\n"
      "  --T-col COL, --y-col COL   choose a column by header name or number (1 = first);\n"
      "                 'COL:UNIT' gives the unit when the header has none\n"
      "  --range 'T1,T2 C'          fit only T1 <= T <= T2 (K or C)\n"
      "\n"
      "  --freq F       the frequency (required): '2 Hz' (Hz, mHz, kHz) or '12.57 rad/s'\n"
      "  --peak KIND:Tp[:E]  one term per --peak (1 to 4): KIND hn or debye, Tp where its\n"
      "                 maximum lies, E a starting activation energy, e.g. hn:480K,\n"
      "                 debye:400K:86kJ/mol, hn:207C:340kJ/mol. Without E, E comes from the\n"
      "                 half width of the data around Tp (of the two sides, the narrower: a\n"
      "                 neighbouring peak only widens its own side): a Debye peak is\n"
      "                 2 ln(2 + sqrt 3) R/E = 2.634 R/E wide in 1/T; an HN term starts at\n"
      "                 a = b = %.1f, correspondingly wider. Starting dE from the height above\n"
      "                 the lowest point (2x it for Debye), tau0 from the maximum at Tp, the\n"
      "                 background at the lowest point.\n"
      "\n"
      "output: the fitted values with standard errors on standard output (on standard error\n"
      "when -o or --fitted is '-'), and\n"
      "  -o, --output FILE   CSV, one row per peak: peak,kind,E_act_J_per_mol,\n"
      "                      se_E_act_J_per_mol,ln_tau0_s,se_ln_tau0,tau0_s,dE_Pa,se_dE_Pa,a,\n"
      "                      se_a,b,se_b,T_max_K,loss_max_Pa,background_Pa,se_background_Pa,\n"
      "                      rms_residual_Pa,r2,freq_Hz,n_points,iterations (Debye: a = b = 1\n"
      "                      with se 0; se nan for an a or b at the edge 1 of its box)\n"
      "  --fitted FILE       T_K,T_C,loss_MPa,fit_MPa,residual_MPa,peak1_MPa,...,background_MPa\n"
      "  --plot FILE         picture (.png, .svg, .pdf) through gnuplot, FILE.gp beside it:\n"
      "                      data, total fit and the terms (from --fitted or FILE_fitted.csv)\n"
      "  --logy              logarithmic E'' axis in the plot\n"
      "  -q, --quiet         no summary\n"
      "\n"
      "Exit status: 0 success, 1 bad input or failed fit, 2 bad command line. A failed run\n"
      "leaves no output file.\n",
      0.5);
}

/* ---- Command line ------------------------------------------------------------------------- */

static int value_option(loss_opts *o, int argc, char **argv, int *i) {
  struct {
    const char *name;
    const char **dst;
  } opts[] = {{"--freq", &o->freq},     {"--T-col", &o->T_col},   {"--y-col", &o->y_col},
              {"--range", &o->range},   {"--output", &o->output}, {"-o", &o->output},
              {"--fitted", &o->fitted}, {"--plot", &o->plot}};
  for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++) {
    const char *v;
    int r = cli_option(CMD, argc, argv, i, opts[k].name, &v);
    if (r) return r < 0 ? -1 : (*opts[k].dst = v, 1);
  }
  const char *v;
  int r = cli_option(CMD, argc, argv, i, "--peak", &v);
  if (r <= 0) return r;
  if (o->n_peaks == MAX_PEAKS) {
    cli_error(CMD, "more than %d --peak options: the fit takes 1 to %d terms", MAX_PEAKS,
              MAX_PEAKS);
    return -1;
  }
  o->peak_text[o->n_peaks++] = v;
  return 1;
}

/* Returns -1 on error (printed), 1 for --help, 0 otherwise. */
static int parse(int argc, char **argv, loss_opts *o) {
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) return 1;
    if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
      o->quiet = 1;
      continue;
    }
    if (strcmp(a, "--logy") == 0) {
      o->logy = 1;
      continue;
    }
    int r = value_option(o, argc, argv, &i);
    if (r < 0) return -1;
    if (r > 0) continue;
    if (a[0] == '-' && a[1] != '\0') {
      cli_error(CMD, "unknown option '%s' (vitrum loss --help lists them)", a);
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

static int frequency(const char *text, double *f) {
  if (!text) {
    cli_error(CMD, "--freq is required: the DMA frequency, e.g. --freq '2 Hz'");
    return -1;
  }
  if (vt_parse_quantity(text, VT_DIM_FREQUENCY, f, NULL) || !(*f > 0)) {
    cli_error(CMD,
              "--freq '%s': expected a positive frequency in Hz, mHz, kHz or rad/s, e.g. "
              "'2 Hz'",
              text);
    return -1;
  }
  return 0;
}

/* KIND:Tp[:E]; a Tp in C carries no colon, so splitting at ':' is safe. */
static int peak_option(const char *text, peak_spec *p) {
  char buf[256], *field[4];
  int n = 0;
  snprintf(buf, sizeof buf, "%s", text);
  for (char *s = buf; n < 4; n++) {
    field[n] = s;
    char *colon = strchr(s, ':');
    if (!colon) {
      n++;
      break;
    }
    *colon = '\0';
    s = colon + 1;
  }
  memset(p, 0, sizeof *p);
  p->text = text;
  p->hn = strcasecmp(field[0], "hn") == 0;
  vt_error err;
  if (n < 2 || n > 3 || (!p->hn && strcasecmp(field[0], "debye") != 0)) {
    cli_error(CMD,
              "--peak '%s': expected KIND:Tp[:E] with KIND hn or debye, e.g. hn:480K or "
              "debye:400K:86kJ/mol",
              text);
    return -1;
  }
  if (vt_parse_quantity(field[1], VT_DIM_TEMPERATURE, &p->Tp_K, &err)) {
    cli_error(CMD, "--peak '%s': Tp: %s", text, err.message);
    return -1;
  }
  if (!(p->Tp_K > 0)) {
    cli_error(CMD, "--peak '%s': Tp = %g K is not above absolute zero", text, p->Tp_K);
    return -1;
  }
  if (n == 3 && vt_parse_quantity(field[2], VT_DIM_MOLAR_ENERGY, &p->E, &err)) {
    cli_error(CMD, "--peak '%s': E: %s", text, err.message);
    return -1;
  }
  if (n == 3 && !(p->E > 0)) {
    cli_error(CMD, "--peak '%s': E = %g J/mol is not positive", text, p->E);
    return -1;
  }
  return 0;
}

static int temperature_pair(const char *text, double out[2]) {
  double *v;
  int n = cli_quantity_list(CMD, "--range", text, VT_DIM_TEMPERATURE, &v);
  if (n < 0) return -1;
  int ok = n == 2 && v[0] < v[1];
  if (ok) out[0] = v[0], out[1] = v[1];
  free(v);
  if (!ok) cli_error(CMD, "--range '%s': expected two rising temperatures, e.g. '300,480 K'", text);
  return ok ? 0 : -1;
}

/* The --fitted file, or FILE_fitted.csv beside the picture (malloc'd). */
static char *fitted_path(const loss_opts *o) {
  const char *base = o->fitted ? o->fitted : o->plot;
  size_t n = strlen(base) + 16;
  char *path = malloc(n);
  if (!path) return NULL;
  if (o->fitted)
    snprintf(path, n, "%s", base);
  else
    snprintf(path, n, "%.*s_fitted.csv", (int)(strrchr(base, '.') - base), base);
  return path;
}

static int check_outputs(const loss_opts *o) {
  if (o->plot && cli_plot_check_name(CMD, o->plot)) return -1;
  int out_dash = o->output && strcmp(o->output, "-") == 0;
  int fit_dash = o->fitted && strcmp(o->fitted, "-") == 0;
  if (fit_dash && (out_dash || o->plot)) {
    cli_error(CMD, "--fitted -: standard output is taken by %s",
              o->plot ? "--plot (gnuplot reads the curves from a file)" : "-o -");
    return -1;
  }
  if (!o->output || out_dash || !(o->fitted || o->plot)) return 0;
  char *path = fitted_path(o);
  int same = path && strcmp(path, o->output) == 0;
  if (same) cli_error(CMD, "-o and the fitted curves would both be written to %s", o->output);
  free(path);
  return same ? -1 : 0;
}

static int settle(const loss_opts *o, settings *s) {
  memset(s, 0, sizeof *s);
  if (!o->file) {
    cli_error(CMD, "FILE is required: vitrum loss FILE --freq '2 Hz' --peak hn:480K");
    return -1;
  }
  if (frequency(o->freq, &s->freq_Hz)) return -1;
  if (o->n_peaks == 0) {
    cli_error(CMD, "no --peak: give 1 to %d terms, e.g. --peak hn:480K --peak debye:400K",
              MAX_PEAKS);
    return -1;
  }
  s->n_peaks = (size_t)o->n_peaks;
  for (size_t k = 0; k < s->n_peaks; k++)
    if (peak_option(o->peak_text[k], &s->peak[k])) return -1;
  s->has_range = o->range != NULL;
  if (o->range && temperature_pair(o->range, s->range_K)) return -1;
  return check_outputs(o);
}

/* ---- Reading the sweep ---------------------------------------------------------------------- */

static const char *dim_text(int is_T) {
  return is_T ? "temperature in K or C" : "modulus in Pa, kPa, MPa or GPa";
}

/* --T-col / --y-col: a header name (any case) or a number, optionally ':UNIT'. */
static int chosen_column(const char *spec, int is_T, const vt_table *t, int *col, char *unit,
                         size_t size) {
  const char *opt = is_T ? "--T-col" : "--y-col";
  char want[128];
  int k = -1, n = (int)t->n_cols;
  snprintf(want, sizeof want, "%s", spec);
  unit[0] = '\0';
  for (int pass = 0; pass < 2 && k < 0; pass++) {
    char *colon = pass ? strrchr(want, ':') : NULL;
    if (pass && !colon) break;
    if (colon) *colon = '\0', snprintf(unit, size, "%s", colon + 1);
    char *end;
    long num = strtol(want, &end, 10);
    if (*want && !*end && num >= 1 && num <= n) k = (int)num - 1;
    for (int j = 0; j < n && k < 0; j++)
      if (strcasecmp(t->cols[j].name, want) == 0) k = j;
  }
  if (k < 0) {
    cli_error(CMD, "%s '%s': no such column in the header (%d columns)", opt, spec, n);
    return -1;
  }
  if (!*unit) snprintf(unit, size, "%s", t->cols[k].unit);
  double factor, offset;
  if (!*unit) {
    cli_error(CMD, "%s '%s': column '%s' has no unit: write '%s:UNIT' with a %s", opt, spec,
              t->cols[k].name, spec, dim_text(is_T));
    return -1;
  }
  if (!vt_unit_lookup(is_T ? VT_DIM_TEMPERATURE : VT_DIM_STRESS, unit, &factor, &offset)) {
    cli_error(CMD, "%s '%s': column '%s': '%s' is not a %s", opt, spec, t->cols[k].name, unit,
              dim_text(is_T));
    return -1;
  }
  *col = k;
  return 0;
}

/* The sweep through the library, --T-col and --y-col resolved here; 0 or the exit status. */
static int load(const loss_opts *o, sweep *s) {
  vt_table t = {0};
  vt_error err;
  vt_table_opts topts = vt_table_opts_default();
  vt_sweep_opts so = vt_sweep_opts_default();
  vt_loss_sweep sw = {0};
  char Tu[64], yu[64];
  topts.ragged = 1, topts.allow_no_rows = 1; /* as vt_read_loss_sweep */
  int st =
      vt_table_read(o->file, &topts, &t, &err) ? (cli_error(CMD, "%s", err.message), CLI_FAIL) : 0;
  if (!st && o->T_col && chosen_column(o->T_col, 1, &t, &so.T_col, Tu, sizeof Tu)) st = CLI_USAGE;
  if (!st && o->y_col && chosen_column(o->y_col, 0, &t, &so.y_col, yu, sizeof yu)) st = CLI_USAGE;
  so.T_unit = o->T_col ? Tu : NULL, so.y_unit = o->y_col ? yu : NULL;
  if (!st && vt_loss_sweep_from_table(&t, &so, &sw, &err)) {
    cli_error(CMD, "%s", err.message);
    st = err.status == VT_EINVAL ? CLI_USAGE : CLI_FAIL;
  }
  if (!st) {
    *s = (sweep){sw.T_K, sw.loss_Pa, sw.line, sw.n, sw.n, "", "", sw.T_celsius};
    snprintf(s->T_name, sizeof s->T_name, "%s", t.cols[sw.T_col].name);
    snprintf(s->y_name, sizeof s->y_name, "%s", t.cols[sw.y_col].name);
  }
  vt_table_free(&t);
  return st;
}

/* Keep the rows within --range (in place). */
static void restrict_range(sweep *s, const settings *set) {
  size_t j = 0;
  for (size_t i = 0; i < s->n; i++)
    if (s->T[i] >= set->range_K[0] && s->T[i] <= set->range_K[1])
      s->T[j] = s->T[i], s->y[j] = s->y[i], s->line[j++] = s->line[i];
  s->n = j;
}

/* ---- Starting values and term maxima (the library's) ----------------------------------------- */

static int start_values(const sweep *s, settings *set, vt_loss_fit *g) {
  vt_loss_start st[MAX_PEAKS];
  for (size_t k = 0; k < set->n_peaks; k++)
    st[k] = (vt_loss_start){set->peak[k].hn, set->peak[k].Tp_K, set->peak[k].E, 0};
  size_t bad = 0;
  vt_error err;
  if (vt_loss_guess(s->T, s->y, s->n, set->freq_Hz, st, set->n_peaks, g, &bad, &err)) {
    const peak_spec *p = &set->peak[bad];
    if (err.status == VT_ENUMERIC) /* E could not come from the width: say how to give it */
      cli_error(CMD, "--peak '%s': %s, e.g. %s:%gK:100kJ/mol", p->text, err.message,
                p->hn ? "hn" : "debye", p->Tp_K);
    else
      cli_error(CMD, "--peak '%s': %s", p->text, err.message);
    return -1;
  }
  for (size_t k = 0; k < set->n_peaks; k++) {
    set->peak[k].E_from_width = st[k].E_from_width;
    set->peak[k].E = st[k].E_J_per_mol;
  }
  return 0;
}

typedef struct peak_max {
  double T_K, loss_Pa;
} peak_max;

/* Each fitted term's maximum within the data range. */
static void term_maxima(const sweep *s, const settings *set, const vt_loss_fit *f, peak_max *m) {
  for (size_t k = 0; k < f->n_peaks; k++)
    vt_loss_peak_max(set->freq_Hz, &f->peaks[k], s->T[0], s->T[s->n - 1], &m[k].T_K, &m[k].loss_Pa);
}

static void print_se(FILE *fp, double se, const char *fmt) {
  if (isnan(se))
    fprintf(fp, " +- nan (at the edge 1 of its box)");
  else
    fprintf(fp, fmt, se);
}

/* e^v as text, also where it under- or overflows a double (an alpha tau0 of 1e-400 s is what
 * a fit in ln tau0 can give). */
static const char *exp_text(double v, char *buf, size_t size) {
  double d = v / log(10.0), e = floor(d);
  if (fabs(v) < 700)
    snprintf(buf, size, "%.4g", exp(v));
  else
    snprintf(buf, size, "%.3fe%+.0f", pow(10.0, d - e), e);
  return buf;
}

static void print_peak(FILE *fp, size_t k, const peak_spec *sp, const vt_loss_peak *p,
                       const peak_max *m) {
  fprintf(fp, "peak %zu: %s, start %s", k + 1, p->havriliak_negami ? "Havriliak-Negami" : "Debye",
          sp->text);
  if (sp->E_from_width) fprintf(fp, " (E_act from the width: %.1f kJ/mol)", sp->E / 1e3);
  fprintf(fp, "\n  E_act   = %.4f +- %.4f kJ/mol\n", p->E_act_J_per_mol / 1e3,
          p->se_E_act_J_per_mol / 1e3);
  char tau0[64];
  fprintf(fp, "  ln_tau0 = %.4f +- %.4f   (tau0 = %s s)\n", p->ln_tau0_s, p->se_ln_tau0,
          exp_text(p->ln_tau0_s, tau0, sizeof tau0));
  fprintf(fp, "  dE      = %.4f +- %.4f MPa\n", p->dE_Pa / 1e6, p->se_dE_Pa / 1e6);
  if (p->havriliak_negami) {
    fprintf(fp, "  a       = %.5f", p->a);
    print_se(fp, p->se_a, " +- %.5f");
    fprintf(fp, "\n  b       = %.5f", p->b);
    print_se(fp, p->se_b, " +- %.5f");
    fputc('\n', fp);
  }
  fprintf(fp, "  T_max   = %.2f K (%.2f C), E'' max %.4f MPa above the background\n", m->T_K,
          m->T_K - VT_ZERO_CELSIUS_K, m->loss_Pa / 1e6);
}

static void print_summary(FILE *fp, const loss_opts *o, const sweep *s, const settings *set,
                          const vt_loss_fit *f, const peak_max *m) {
  fprintf(fp, "vitrum loss: %s, %zu points, %.2f .. %.2f K (columns '%s', '%s'), f = %g Hz\n",
          o->file, s->n, s->T[0], s->T[s->n - 1], s->T_name, s->y_name, set->freq_Hz);
  for (size_t k = 0; k < f->n_peaks; k++) print_peak(fp, k, &set->peak[k], &f->peaks[k], &m[k]);
  fprintf(fp, "background = %.4f +- %.4f MPa\n", f->background_Pa / 1e6, f->se_background_Pa / 1e6);
  fprintf(fp, "rms        = %.6g MPa\nR^2        = %.8f\niterations = %d\n",
          f->rms_residual_Pa / 1e6, f->r2, f->iterations);
}

static void write_table(FILE *fp, const sweep *s, const settings *set, const vt_loss_fit *f,
                        const peak_max *m) {
  fprintf(fp, "peak,kind,E_act_J_per_mol,se_E_act_J_per_mol,ln_tau0_s,se_ln_tau0,tau0_s,dE_Pa,"
              "se_dE_Pa,a,se_a,b,se_b,T_max_K,loss_max_Pa,background_Pa,se_background_Pa,"
              "rms_residual_Pa,r2,freq_Hz,n_points,iterations\n");
  for (size_t k = 0; k < f->n_peaks; k++) {
    const vt_loss_peak *p = &f->peaks[k];
    fprintf(fp, "%zu,%s,%.10g,%.6g,%.10g,%.6g,%.6g,%.10g,%.6g,%.10g,%.6g,%.10g,%.6g,", k + 1,
            p->havriliak_negami ? "hn" : "debye", p->E_act_J_per_mol, p->se_E_act_J_per_mol,
            p->ln_tau0_s, p->se_ln_tau0, exp(p->ln_tau0_s), p->dE_Pa, p->se_dE_Pa, p->a, p->se_a,
            p->b, p->se_b);
    fprintf(fp, "%.8g,%.8g,%.10g,%.6g,%.6g,%.10g,%.10g,%zu,%d\n", m[k].T_K, m[k].loss_Pa,
            f->background_Pa, f->se_background_Pa, f->rms_residual_Pa, f->r2, set->freq_Hz, s->n,
            f->iterations);
  }
}

static void write_fitted(FILE *fp, const sweep *s, const settings *set, const vt_loss_fit *f,
                         const peak_max *m) {
  (void)m;
  double omega = 2.0 * PI * set->freq_Hz;
  fprintf(fp, "T_K,T_C,loss_MPa,fit_MPa,residual_MPa");
  for (size_t k = 0; k < f->n_peaks; k++) fprintf(fp, ",peak%zu_MPa", k + 1);
  fprintf(fp, ",background_MPa\n");
  for (size_t i = 0; i < s->n; i++) {
    double term[MAX_PEAKS], total = f->background_Pa;
    for (size_t k = 0; k < f->n_peaks; k++)
      total += term[k] = vt_loss_hn(omega, s->T[i], &f->peaks[k]);
    fprintf(fp, "%.10g,%.10g,%.10g,%.10g,%.6g", s->T[i], s->T[i] - VT_ZERO_CELSIUS_K, s->y[i] / 1e6,
            total / 1e6, (s->y[i] - total) / 1e6);
    for (size_t k = 0; k < f->n_peaks; k++) fprintf(fp, ",%.10g", term[k] / 1e6);
    fprintf(fp, ",%.10g\n", f->background_Pa / 1e6);
  }
}

/* ---- Output files and the plot --------------------------------------------------------------- */

typedef void (*writer)(FILE *, const sweep *, const settings *, const vt_loss_fit *,
                       const peak_max *);

typedef struct result {
  const sweep *s;
  const settings *set;
  const vt_loss_fit *f;
  const peak_max *m;
} result;

static int write_file(const char *path, writer w, const result *r) {
  vt_outfile out;
  vt_error err;
  if (vt_outfile_open(&out, path, &err)) {
    cli_error(CMD, "%s", err.message);
    return -1;
  }
  w(out.fp, r->s, r->set, r->f, r->m);
  if (vt_outfile_commit(&out, &err)) {
    vt_outfile_abort(&out);
    cli_error(CMD, "%s", err.message);
    return -1;
  }
  return 0;
}

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* The lowest positive E'' of the data, the floor of a log axis (the terms fall to 1e-100 and
 * below far from their peaks). */
static double log_floor(const sweep *s) {
  double lo = INFINITY;
  for (size_t i = 0; i < s->n; i++)
    if (s->y[i] > 0) lo = fmin(lo, s->y[i]);
  return isfinite(lo) ? lo / 1e6 / 3.0 : 1e-6;
}

static int plot(const loss_opts *o, const result *r, const char *datafile) {
  char q1[1024], q2[1024], body[8192];
  int xcol = r->s->T_celsius ? 2 : 1, bgcol = 6 + (int)r->f->n_peaks;
  size_t used = (size_t)snprintf(
      body, sizeof body,
      "if (!exists(\"datafile\")) datafile = '%s'\n"
      "set title 'vitrum loss: %s, f = %g Hz' noenhanced\n"
      "set xlabel 'temperature (%s)'\nset ylabel \"loss modulus E'' (MPa)\"\n"
      "set grid\nset key top left\n",
      cli_gp_quote(datafile, q1, sizeof q1), cli_gp_quote(base_name(o->file), q2, sizeof q2),
      r->set->freq_Hz, r->s->T_celsius ? "C" : "K");
  if (o->logy)
    used += (size_t)snprintf(body + used, sizeof body - used,
                             "set logscale y\nset yrange [%.6g:*]\n", log_floor(r->s));
  used += (size_t)snprintf(body + used, sizeof body - used,
                           "plot datafile skip 1 using %d:3 with points pt 7 ps 0.6 lc 'black' "
                           "title 'data', \\\n  datafile skip 1 using %d:4 with lines lw 2.5 "
                           "lc 'red' title 'fit'",
                           xcol, xcol);
  for (size_t k = 0; k < r->f->n_peaks && used < sizeof body; k++) {
    const vt_loss_peak *p = &r->f->peaks[k];
    used += (size_t)snprintf(body + used, sizeof body - used,
                             ", \\\n  datafile skip 1 using %d:%zu with lines dt 2 lw 2 title "
                             "'peak %zu: %s, %.1f kJ/mol'",
                             xcol, 6 + k, k + 1, p->havriliak_negami ? "HN" : "Debye",
                             p->E_act_J_per_mol / 1e3);
  }
  if (used < sizeof body && !(o->logy && !(r->f->background_Pa > 0)))
    used += (size_t)snprintf(body + used, sizeof body - used,
                             ", \\\n  datafile skip 1 using %d:%d with lines dt 3 lw 2 lc 'gray40' "
                             "title 'background'",
                             xcol, bgcol);
  if (used < sizeof body) used += (size_t)snprintf(body + used, sizeof body - used, "\n");
  if (used >= sizeof body) {
    cli_error(CMD, "internal error: the gnuplot script does not fit");
    return -1;
  }
  return cli_plot(CMD, o->plot, body);
}

static int is_dash(const char *path) {
  return path && strcmp(path, "-") == 0;
}

/* Files first (the fitted curves, the table), then the plot; a failure removes what this run
 * wrote (the .gp script stays, as with the other commands, to be re-run by hand). Standard
 * output comes last, once everything else has worked. */
static int write_outputs(const loss_opts *o, const result *r) {
  char *fpath = (o->fitted && !is_dash(o->fitted)) || o->plot ? fitted_path(o) : NULL;
  const char *written[2] = {NULL, NULL};
  int st = ((o->fitted && !is_dash(o->fitted)) || o->plot) && !fpath ? -1 : 0;
  if (st) cli_error(CMD, "out of memory");
  if (!st && fpath) st = write_file(fpath, write_fitted, r), written[0] = st ? NULL : fpath;
  if (!st && o->output && !is_dash(o->output))
    st = write_file(o->output, write_table, r), written[1] = st ? NULL : o->output;
  if (!st && o->plot) st = plot(o, r, fpath);
  if (!st && is_dash(o->fitted)) st = write_file("-", write_fitted, r);
  if (!st && is_dash(o->output)) st = write_file("-", write_table, r);
  if (st)
    for (int k = 0; k < 2; k++)
      if (written[k]) remove(written[k]);
  free(fpath);
  return st;
}

/* ---- Run ------------------------------------------------------------------------------------ */

/* The library names the terms by their index, "peaks[0]"; here they are "peak 1 ('hn:480K')". */
static void name_peaks(const char *msg, const settings *set, char *buf, size_t size) {
  size_t j = 0;
  while (*msg && j + 1 < size) {
    unsigned k;
    int used = 0;
    if (strncmp(msg, "peaks[", 6) == 0 && sscanf(msg, "peaks[%u]%n", &k, &used) == 1 && used > 0 &&
        k < set->n_peaks) {
      j += (size_t)snprintf(buf + j, size - j, "peak %u ('%s')", k + 1, set->peak[k].text);
      msg += used;
      continue;
    }
    buf[j++] = *msg++;
  }
  buf[j < size ? j : size - 1] = '\0';
}

static int fit(const loss_opts *o, const sweep *s, settings *set, vt_loss_fit *f) {
  vt_loss_fit g;
  if (start_values(s, set, &g)) return -1;
  vt_error err;
  if (vt_loss_fit_run(s->T, s->y, s->n, set->freq_Hz, &g, f, &err)) {
    char msg[2 * VT_ERROR_MESSAGE_SIZE];
    name_peaks(err.message, set, msg, sizeof msg);
    cli_error(CMD, "%s: %s", o->file, msg);
    return -1;
  }
  return 0;
}

/* A converged fit can still leave a term undetermined: typically an HN term sliding towards
 * a -> 0 with E_act -> infinity, which single-frequency data cannot tell from a finite a. */
static void warn_undetermined(const vt_loss_fit *f) {
  for (size_t k = 0; k < f->n_peaks; k++) {
    const vt_loss_peak *p = &f->peaks[k];
    if (p->se_E_act_J_per_mol < p->E_act_J_per_mol && p->se_dE_Pa < p->dE_Pa) continue;
    fprintf(stderr,
            "vitrum loss: note: peak %zu's standard errors exceed its values (E_act %.4g +- %.4g "
            "kJ/mol, dE %.4g +- %.4g MPa): these data do not determine it%s\n",
            k + 1, p->E_act_J_per_mol / 1e3, p->se_E_act_J_per_mol / 1e3, p->dE_Pa / 1e6,
            p->se_dE_Pa / 1e6,
            p->havriliak_negami ? "; at one frequency an HN term trades E_act against a" : "");
  }
}

static int run(const loss_opts *o, settings *set) {
  sweep s;
  memset(&s, 0, sizeof s);
  int status = load(o, &s);
  if (!status && set->has_range) restrict_range(&s, set);
  if (!status && s.n < 3) {
    cli_error(CMD, "%s: %zu point%s%s: too few to fit", o->file, s.n, s.n == 1 ? "" : "s",
              set->has_range ? " inside --range" : "");
    status = CLI_FAIL;
  }
  vt_loss_fit f;
  if (!status && fit(o, &s, set, &f)) status = CLI_FAIL;
  if (!status) {
    peak_max m[MAX_PEAKS];
    term_maxima(&s, set, &f, m);
    result r = {&s, set, &f, m};
    if (write_outputs(o, &r))
      status = CLI_FAIL;
    else if (!o->quiet) {
      print_summary(is_dash(o->output) || is_dash(o->fitted) ? stderr : stdout, o, &s, set, &f, m);
      warn_undetermined(&f);
    }
  }
  free(s.T);
  free(s.y);
  free(s.line);
  return status;
}

int cmd_loss(int argc, char **argv) {
  loss_opts o;
  memset(&o, 0, sizeof o);
  int r = parse(argc, argv, &o);
  if (r == 1) {
    help();
    return CLI_OK;
  }
  settings set;
  if (r < 0 || settle(&o, &set)) return CLI_USAGE;
  return run(&o, &set);
}
