/* vitrum kww: KWW and double-KWW fits of stress-relaxation curves (paper 001 Eq. 1), including
 * the non-monotonic second steps, with the memory peak of the data; the anelastic recovery fit
 * (tau_rec, beta_rec, eps_an(inf), 1 - eps_vp/eps1); Arrhenius Ea from KWW taus of curves at
 * several temperatures, also against the loading time (Fig. 4); the t_p - tau_rec regression
 * (Fig. 5e). Input: DMA CSV exports (time, strain, stress, temperature with units). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vitrum/constants.h"
#include "vitrum/visco.h"

#define CMD       "kww"
#define MAX_FILES 64

typedef struct kww_opts {
  const char *files[MAX_FILES];
  size_t n_files;
  const char *column, *output, *fitted, *plot, *eps1_text;
  double from, to, *T, *window;
  size_t n_T, n_window;
  int have_from, have_to, dbl, offset, raw, recovery, arrhenius, regress, quiet;
} kww_opts;

/* The fitted part of a file: t' = t - t_start, values (SI) and y (normalised or not). */
typedef struct series {
  const char *file, *column;
  size_t n;
  double t_start, v0, T_K;
  double *t, *v, *y;
  double before; /* the column's value on the row before the window (NaN if none) */
} series;

static void help(void) {
  printf(
      "usage: vitrum kww FILE [--double] [options]\n"
      "       vitrum kww --recovery FILE [--eps1 STRAIN] [options]\n"
      "       vitrum kww --arrhenius FILE FILE... [--T LIST] [--window LIST] [options]\n"
      "       vitrum kww --regress FILE [options]\n"
      "\n"
      "FILE: a DMA export as CSV, a header naming the columns with units, e.g.\n"
      "time_s,strain_pct,stress_MPa,T_C or 'Time (min)','Stress (MPa)' (what 'vitrum strain'\n"
      "writes reads back), or two columns such as t_s,y with y = sigma/sigma0.\n"
      "\n"
      "relaxation (default): y = sigma(t')/sigma0 against t' = t - t_start (sigma0 the value at\n"
      "t_start), fitted by KWW exp(-(t'/tau)^beta) or, with --double, paper 001 Eq. 1:\n"
      "A exp(-(t'/tau1)^beta1) + (1 - A) exp(-(t'/tau2)^beta2). A is free: a second step that\n"
      "rises before it falls needs A < 0 on the faster term. Starting values are automatic;\n"
      "standard errors come from the covariance scaled by the residual variance. The memory\n"
      "peak of the data (t_p, dsigma = sigma_peak - sigma0) is reported when the curve rises.\n"
      "  --column NAME        stress, strain or y (default: y, else stress, else strain)\n"
      "  --from TIME          t_start: the first row at or after TIME (after a jump: the state\n"
      "                       after it); default the first row\n"
      "  --to TIME            ignore later rows\n"
      "  --double             double KWW (paper 001 Eq. 1)\n"
      "  --offset             also fit y_inf: y = y_inf + (1 - y_inf) (...)\n"
      "  --raw                fit the values themselves (y0 free) instead of sigma/sigma0\n"
      "recovery (--recovery): the strain after unloading at t_start,\n"
      "  eps(t') = eps_inf + (eps0 - eps_inf) exp(-(t'/tau_rec)^beta_rec); eps_inf = eps_an(inf),\n"
      "  the strain that stays; 1 - eps_inf/eps1 is the fraction recovered\n"
      "  --eps1 STRAIN        the loading strain (default: the strain on the row before t_start)\n"
      "activation energy (--arrhenius): one relaxation curve per file and temperature; KWW fits,\n"
      "  then ln tau = ln tau0 + Ea/(R T)\n"
      "  --T LIST             the temperatures, one per file (default: the mean of each file's\n"
      "                       temperature column)\n"
      "  --window LIST        Ea(t_w) as paper 001 Fig. 4, as we read it: each curve fitted over\n"
      "                       0 <= t' <= t_w only, for each t_w of the list\n"
      "regression (--regress): a table tau_rec_s,t_p_s (units in the names); t_p = a + b tau_rec\n"
      "  by least squares with R^2 (paper 001 Fig. 5e: t_p = -630.4 s + tau_rec, R^2 = 0.99)\n"
      "\n"
      "output: the results with standard errors on standard output (standard error when -o is\n"
      "'-'):\n"
      "  -o FILE              CSV: the fit (one row), per file (--arrhenius) or per t_w\n"
      "  --fitted FILE        t_s,y,fit,residual\n"
      "  --plot FILE          picture through gnuplot (.png/.svg/.pdf), FILE.gp beside it\n"
      "  -q                   no results text\n"
      "\n"
      "Exit status: 0 success, 1 bad input or failed fit, 2 bad command line. A failed run\n"
      "leaves no output file.\n");
}

/* ---- command line ---------------------------------------------------------------------------- */

static int flag(kww_opts *o, const char *a) {
  struct {
    const char *name;
    int *dst;
  } flags[] = {{"--double", &o->dbl},
               {"--offset", &o->offset},
               {"--raw", &o->raw},
               {"--recovery", &o->recovery},
               {"--arrhenius", &o->arrhenius},
               {"--regress", &o->regress},
               {"-q", &o->quiet},
               {"--quiet", &o->quiet}};
  for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++)
    if (strcmp(a, flags[k].name) == 0) return (*flags[k].dst = 1);
  return 0;
}

static int value_opt(kww_opts *o, int argc, char **argv, int *i) {
  struct {
    const char *name;
    const char **dst;
  } opts[] = {{"--column", &o->column}, {"-o", &o->output},   {"--output", &o->output},
              {"--fitted", &o->fitted}, {"--plot", &o->plot}, {"--eps1", &o->eps1_text}};
  for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++) {
    const char *v;
    int r = cli_option(CMD, argc, argv, i, opts[k].name, &v);
    if (r) return r < 0 ? -1 : (*opts[k].dst = v, 1);
  }
  const char *v;
  int r;
  if ((r = cli_option(CMD, argc, argv, i, "--from", &v)) != 0)
    return r < 0 || cli_quantity(CMD, "--from", v, VT_DIM_TIME, &o->from) ? -1 : (o->have_from = 1);
  if ((r = cli_option(CMD, argc, argv, i, "--to", &v)) != 0)
    return r < 0 || cli_quantity(CMD, "--to", v, VT_DIM_TIME, &o->to) ? -1 : (o->have_to = 1);
  int k = 0;
  if ((r = cli_option(CMD, argc, argv, i, "--T", &v)) != 0) {
    free(o->T);
    o->T = NULL;
    if (r > 0 && (k = cli_quantity_list(CMD, "--T", v, VT_DIM_TEMPERATURE, &o->T)) > 0)
      o->n_T = (size_t)k;
    return r > 0 && k > 0 ? 1 : -1;
  }
  if ((r = cli_option(CMD, argc, argv, i, "--window", &v)) != 0) {
    free(o->window);
    o->window = NULL;
    if (r > 0 && (k = cli_quantity_list(CMD, "--window", v, VT_DIM_TIME, &o->window)) > 0)
      o->n_window = (size_t)k;
    return r > 0 && k > 0 ? 1 : -1;
  }
  return 0;
}

static int check_opts(const kww_opts *o) {
  int modes = o->recovery + o->arrhenius + o->regress;
  if (modes > 1) return cli_error(CMD, "choose one of --recovery, --arrhenius, --regress"), -1;
  if (o->n_files == 0) return cli_error(CMD, "no input FILE (vitrum kww --help)"), -1;
  if (!o->arrhenius && o->n_files > 1)
    return cli_error(CMD, "one FILE expected (several only with --arrhenius)"), -1;
  if (o->arrhenius && o->n_files < 2)
    return cli_error(CMD, "--arrhenius needs curves at two or more temperatures"), -1;
  if (o->n_T && o->n_T != o->n_files)
    return cli_error(CMD, "--T gives %zu temperatures for %zu files", o->n_T, o->n_files), -1;
  if ((o->n_T || o->n_window) && !o->arrhenius)
    return cli_error(CMD, "--T and --window belong to --arrhenius"), -1;
  if (o->dbl && (o->recovery || o->arrhenius || o->regress))
    return cli_error(CMD, "--double fits relaxation curves only"), -1;
  if (o->column && strcmp(o->column, "stress") && strcmp(o->column, "strain") &&
      strcmp(o->column, "y"))
    return cli_error(CMD, "--column %s: expected stress, strain or y", o->column), -1;
  if (o->recovery && o->column && strcmp(o->column, "strain"))
    return cli_error(CMD, "--recovery fits the strain column, not --column %s", o->column), -1;
  if (o->have_from && o->have_to && !(o->to > o->from))
    return cli_error(CMD, "--to must come after --from"), -1;
  if (o->plot && cli_plot_check_name(CMD, o->plot)) return -1;
  return 0;
}

/* -1 error (printed), 1 help, 0 parsed. */
static int parse(int argc, char **argv, kww_opts *o) {
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) return 1;
    if (flag(o, a)) continue;
    int r = value_opt(o, argc, argv, &i);
    if (r < 0) return -1;
    if (r > 0) continue;
    if (a[0] == '-' && a[1] != '\0')
      return cli_error(CMD, "unknown option '%s' (vitrum kww --help lists them)", a), -1;
    if (o->n_files == MAX_FILES) return cli_error(CMD, "more than %d files", MAX_FILES), -1;
    o->files[o->n_files++] = a;
  }
  return check_opts(o);
}

/* ---- input ------------------------------------------------------------------------------------
 */

static void series_free(series *s) {
  free(s->t);
  memset(s, 0, sizeof *s);
}

/* The column to fit: --column, else y, stress, strain (recovery: strain). */
static const double *pick(const kww_opts *o, const vt_dma_curve *c, const char **name) {
  const char *want = o->recovery ? "strain" : o->column;
  if (want) {
    *name = want;
    return strcmp(want, "y") == 0 ? c->y : strcmp(want, "stress") == 0 ? c->stress_Pa : c->strain;
  }
  *name = c->y ? "y" : c->stress_Pa ? "stress" : "strain";
  return c->y ? c->y : c->stress_Pa ? c->stress_Pa : c->strain;
}

/* Rows [i0, i1) of the window; the state after a jump at t_start; no jump inside. */
static int window(const kww_opts *o, const vt_dma_curve *c, size_t *i0, size_t *i1) {
  size_t a = 0, b = c->n;
  while (o->have_from && a < c->n && c->time_s[a] < o->from) a++;
  while (a + 1 < c->n && c->time_s[a + 1] == c->time_s[a]) a++;
  while (o->have_to && b > a && c->time_s[b - 1] > o->to) b--;
  while (b > a + 1 && c->time_s[b - 1] == c->time_s[b - 2]) b--; /* a jump at the end: before it */
  if (a >= b) return cli_error(CMD, "%s: no rows between --from and --to", c->source), -1;
  for (size_t i = a + 1; i < b; i++)
    if (c->time_s[i] == c->time_s[i - 1])
      return cli_error(CMD,
                       "%s:%ld: t = %g s repeats (a jump) inside the fitted range: fit up to "
                       "it with --to or from after it with --from",
                       c->source, c->first_line + (long)i, c->time_s[i]),
             -1;
  *i0 = a, *i1 = b;
  return 0;
}

static int fill_series(const kww_opts *o, const vt_dma_curve *c, const double *col, size_t a,
                       size_t b, series *s) {
  s->n = b - a, s->t_start = c->time_s[a], s->v0 = col[a];
  s->before = a > 0 ? col[a - 1] : NAN;
  s->t = malloc(3 * s->n * sizeof *s->t);
  if (!s->t) return cli_error(CMD, "out of memory"), -1;
  s->v = s->t + s->n, s->y = s->v + s->n;
  double Tsum = 0.0;
  for (size_t i = 0; i < s->n; i++) {
    s->t[i] = c->time_s[a + i] - s->t_start;
    s->v[i] = col[a + i];
    s->y[i] = o->raw || o->recovery ? s->v[i] : s->v[i] / s->v0;
    Tsum += c->T_K ? c->T_K[a + i] : NAN;
  }
  s->T_K = Tsum / (double)s->n;
  if (!o->raw && !o->recovery && s->v0 == 0)
    return cli_error(CMD, "%s:%ld: the %s is 0 at t_start: cannot normalise (use --raw)", s->file,
                     c->first_line + (long)a, s->column),
           -1;
  return 0;
}

static int load(const kww_opts *o, const char *file, series *s) {
  vt_dma_curve c;
  vt_error err;
  memset(s, 0, sizeof *s);
  s->file = file;
  if (vt_read_dma_csv(file, &c, &err)) return cli_error(CMD, "%s", err.message), -1;
  const double *col = pick(o, &c, &s->column);
  size_t a, b;
  int rc = col ? 0 : (cli_error(CMD, "%s has no %s column", file, s->column), -1);
  if (!rc) rc = window(o, &c, &a, &b);
  if (!rc) rc = fill_series(o, &c, col, a, b, s);
  vt_dma_curve_free(&c);
  if (rc) series_free(s);
  return rc;
}

/* ---- output helpers ---------------------------------------------------------------------------
 */

/* Where the results text goes: standard error when a table goes to standard output. */
static FILE *text_stream(const kww_opts *o) {
  int out = (o->output && strcmp(o->output, "-") == 0) || (o->fitted && !strcmp(o->fitted, "-"));
  return out ? stderr : stdout;
}

/* A table the plot reads: the option's file, else one beside the picture (owned: freed). */
static const char *plot_table(const char *given, const char *plot, const char *suffix, char **own) {
  *own = NULL;
  if (given || !plot) return given;
  size_t n = strlen(plot) + strlen(suffix) + 1;
  const char *dot = strrchr(plot, '.');
  if ((*own = malloc(n)) != NULL) snprintf(*own, n, "%.*s%s", (int)(dot - plot), plot, suffix);
  return *own;
}

/* Open, let `write` fill, commit; on failure nothing is left. */
static int write_file(const char *path, void (*write)(FILE *, const void *), const void *ctx) {
  vt_outfile f;
  vt_error err;
  if (vt_outfile_open(&f, path, &err)) return cli_error(CMD, "%s", err.message), -1;
  write(f.fp, ctx);
  if (vt_outfile_commit(&f, &err)) return cli_error(CMD, "%s", err.message), -1;
  return 0;
}

/* Display of a column's value: stress in MPa, strain in %. */
static double show(const series *s, double v) {
  return strcmp(s->column, "stress") == 0   ? v / 1e6
         : strcmp(s->column, "strain") == 0 ? 100 * v
                                            : v;
}
static const char *show_unit(const series *s) {
  return strcmp(s->column, "stress") == 0 ? "MPa" : strcmp(s->column, "strain") == 0 ? "%" : "";
}

/* ---- relaxation and recovery fits -------------------------------------------------------------
 */

typedef struct fit_job {
  const kww_opts *o;
  series s;
  vt_kww_fit f;
  vt_recovery_fit r;
  vt_memory_peak peak;
  double eps1;
} fit_job;

static double job_eval(const fit_job *j, double t) {
  return vt_kww_eval(&j->f, t);
}

static void write_fitted(FILE *fp, const void *ctx) {
  const fit_job *j = ctx;
  int rec = j->o->recovery;
  fprintf(fp, rec ? "t_s,strain_pct,fit_pct,residual_pct\n" : "t_s,y,fit,residual\n");
  for (size_t i = 0; i < j->s.n; i++) {
    double y = j->s.y[i], m = job_eval(j, j->s.t[i]), k = rec ? 100.0 : 1.0;
    fprintf(fp, "%.10g,%.10g,%.10g,%.6g\n", j->s.t[i], k * y, k * m, k * (y - m));
  }
}

static void write_fit_row(FILE *fp, const void *ctx) {
  const fit_job *j = ctx;
  const vt_kww_fit *f = &j->f;
  fprintf(fp, "file,column,kind,n,t_start_s,y0,se_y0,y_inf,se_y_inf,A,se_A,tau1_s,se_tau1_s,"
              "beta1,se_beta1,tau2_s,se_tau2_s,beta2,se_beta2,rms,r2,t_p_s,dsigma\n");
  vt_csv_write_text(fp, j->s.file);
  fprintf(fp,
          ",%s,%s,%zu,%.10g,%.8g,%.3g,%.8g,%.3g,%.8g,%.3g,%.8g,%.3g,%.8g,%.3g,%.8g,%.3g,"
          "%.8g,%.3g,%.4g,%.8f,%.6g,%.6g\n",
          j->s.column, f->kind == VT_KWW_DOUBLE ? "double" : "single", f->n, j->s.t_start, f->y0,
          f->se_y0, f->y_inf, f->se_y_inf, f->A, f->se_A, f->tau1_s, f->se_tau1_s, f->beta1,
          f->se_beta1, f->tau2_s, f->se_tau2_s, f->beta2, f->se_beta2, f->rms_residual, f->r2,
          j->peak.t_p_s, show(&j->s, j->peak.dsigma_Pa));
}

static void write_recovery_row(FILE *fp, const void *ctx) {
  const fit_job *j = ctx;
  const vt_recovery_fit *r = &j->r;
  fprintf(fp, "file,n,t_start_s,tau_rec_s,se_tau_rec_s,beta_rec,se_beta_rec,eps0_pct,"
              "se_eps0_pct,eps_inf_pct,se_eps_inf_pct,eps1_pct,recovery_fraction,"
              "se_recovery_fraction,rms_pct,r2\n");
  vt_csv_write_text(fp, j->s.file);
  fprintf(fp, ",%zu,%.10g,%.8g,%.3g,%.8g,%.3g,%.8g,%.3g,%.8g,%.3g,%.8g,%.8g,%.3g,%.4g,%.8f\n", r->n,
          j->s.t_start, r->tau_rec_s, r->se_tau_rec_s, r->beta_rec, r->se_beta_rec, 100 * r->eps0,
          100 * r->se_eps0, 100 * r->eps_inf, 100 * r->se_eps_inf, 100 * j->eps1, r->fraction,
          r->se_fraction, 100 * r->rms_residual, r->r2);
}

static void print_fit(FILE *fp, const fit_job *j) {
  const vt_kww_fit *f = &j->f;
  const series *s = &j->s;
  fprintf(fp, "%s: %s from t = %.8g s (%zu points), %s0 = %.6g %s; t' = t - %.8g s\n", s->file,
          s->column, s->t_start, s->n, s->column, show(s, s->v0), show_unit(s), s->t_start);
  if (f->kind == VT_KWW_DOUBLE)
    fprintf(fp,
            "  double KWW: A = %.5g +- %.2g\n  tau1 = %.6g +- %.2g s, beta1 = %.5g +- %.2g\n"
            "  tau2 = %.6g +- %.2g s, beta2 = %.5g +- %.2g\n",
            f->A, f->se_A, f->tau1_s, f->se_tau1_s, f->beta1, f->se_beta1, f->tau2_s, f->se_tau2_s,
            f->beta2, f->se_beta2);
  else
    fprintf(fp, "  KWW: tau = %.6g +- %.2g s, beta = %.5g +- %.2g\n", f->tau1_s, f->se_tau1_s,
            f->beta1, f->se_beta1);
  if (j->o->raw || j->o->offset)
    fprintf(fp, "  y0 = %.6g +- %.2g, y_inf = %.6g +- %.2g\n", f->y0, f->se_y0, f->y_inf,
            f->se_y_inf);
  fprintf(fp, "  rms residual %.3g, R^2 %.6f, %d starts\n", f->rms_residual, f->r2, f->n_starts);
  if (j->peak.found)
    fprintf(fp, "  memory peak of the data: t_p = %.5g s, dsigma = %.5g %s (%.3g of %s0)\n",
            j->peak.t_p_s, show(s, j->peak.dsigma_Pa), show_unit(s),
            j->peak.dsigma_Pa / j->peak.sigma0_Pa, s->column);
  if (j->peak.found && f->kind == VT_KWW_SINGLE)
    fprintf(fp, "  note: the curve rises before it falls, which one KWW cannot follow: --double\n");
}

static void print_recovery(FILE *fp, const fit_job *j) {
  const vt_recovery_fit *r = &j->r;
  fprintf(fp, "%s: strain recovery from t = %.8g s (%zu points)\n", j->s.file, j->s.t_start,
          j->s.n);
  fprintf(fp, "  tau_rec = %.6g +- %.2g s, beta_rec = %.5g +- %.2g\n", r->tau_rec_s,
          r->se_tau_rec_s, r->beta_rec, r->se_beta_rec);
  fprintf(fp, "  eps(0) = %.6g +- %.2g %%, eps_an(inf) = %.6g +- %.2g %%\n", 100 * r->eps0,
          100 * r->se_eps0, 100 * r->eps_inf, 100 * r->se_eps_inf);
  if (isfinite(j->eps1))
    fprintf(fp, "  eps1 = %.6g %%: recovered fraction 1 - eps_an(inf)/eps1 = %.5f +- %.2g\n",
            100 * j->eps1, r->fraction, r->se_fraction);
  else
    fprintf(fp, "  (give --eps1 for the recovered fraction)\n");
  fprintf(fp, "  rms residual %.3g %%, R^2 %.6f\n", 100 * r->rms_residual, r->r2);
}

static int plot_fit(const fit_job *j, const char *fitted) {
  char body[2048], q[1024], qc[256];
  int rec = j->o->recovery;
  snprintf(body, sizeof body,
           "data = '%s'\nset multiplot layout 2,1 title 'vitrum kww: %s'\nset grid\n"
           "set key top left\nset logscale x\nset format x '10^{%%L}'\nset xlabel \"t' (s)\"\n"
           "set ylabel '%s'\n"
           "plot data skip 1 using ($1 > 0 ? $1 : 1/0):2 with points pt 7 ps 0.5 title 'data', "
           "data skip 1 using ($1 > 0 ? $1 : 1/0):3 with lines lw 2 title '%s'\n"
           "set ylabel 'residual'\nplot data skip 1 using ($1 > 0 ? $1 : 1/0):4 with points "
           "pt 7 ps 0.5 notitle\nunset multiplot\n",
           cli_gp_quote(fitted, q, sizeof q), cli_gp_name(j->s.column, qc, sizeof qc),
           rec         ? "{/Symbol e} (%)"
           : j->o->raw ? "y"
                       : "{/Symbol s}/{/Symbol s}_0",
           j->f.kind == VT_KWW_DOUBLE ? "double KWW" : "KWW");
  return cli_plot(CMD, j->o->plot, body);
}

/* The files of a fit: -o, --fitted, the picture; nothing stays if one fails. */
static int fit_outputs(const fit_job *j) {
  const kww_opts *o = j->o;
  char *own;
  const char *fitted = plot_table(o->fitted, o->plot, "_fitted.csv", &own);
  int rc = 0;
  if (o->output) rc = write_file(o->output, o->recovery ? write_recovery_row : write_fit_row, j);
  if (!rc && fitted) rc = write_file(fitted, write_fitted, j);
  if (!rc && o->plot && (strcmp(fitted, "-") == 0 || plot_fit(j, fitted))) {
    if (strcmp(fitted, "-") == 0) cli_error(CMD, "--plot needs --fitted as a file, not '-'");
    rc = -1;
  }
  if (rc) {
    if (o->output && strcmp(o->output, "-")) remove(o->output);
    if (fitted && strcmp(fitted, "-")) remove(fitted);
  }
  free(own);
  return rc;
}

static int run_fit(const kww_opts *o) {
  fit_job j;
  memset(&j, 0, sizeof j);
  j.o = o;
  if (load(o, o->files[0], &j.s)) return CLI_FAIL;
  vt_kww_options ko = vt_kww_options_default();
  ko.kind = o->dbl ? VT_KWW_DOUBLE : VT_KWW_SINGLE;
  ko.free_y0 = o->raw, ko.free_y_inf = o->offset;
  if (o->raw) ko.y0 = NAN;
  if (o->offset) ko.y_inf = NAN;
  vt_error err;
  int rc = vt_kww_fit_run(j.s.t, j.s.y, j.s.n, &ko, &j.f, &err);
  if (rc) cli_error(CMD, "%s: %s", j.s.file, err.message);
  if (!rc && j.s.n >= 3) vt_memory_peak_find(j.s.t, j.s.v, j.s.n, &j.peak, NULL);
  if (!rc) rc = fit_outputs(&j);
  if (!rc && !o->quiet) print_fit(text_stream(o), &j);
  series_free(&j.s);
  return rc ? CLI_FAIL : CLI_OK;
}

static int run_recovery(const kww_opts *o) {
  fit_job j;
  memset(&j, 0, sizeof j);
  j.o = o;
  vt_error err;
  j.eps1 = NAN;
  if (o->eps1_text && vt_parse_quantity(o->eps1_text, VT_DIM_STRAIN, &j.eps1, &err))
    return cli_error(CMD, "--eps1: %s", err.message), CLI_USAGE;
  if (load(o, o->files[0], &j.s)) return CLI_FAIL;
  if (!o->eps1_text) j.eps1 = j.s.before;
  int rc = vt_recovery_fit_run(j.s.t, j.s.y, j.s.n, j.eps1, &j.r, &err);
  if (rc) cli_error(CMD, "%s: %s", j.s.file, err.message);
  if (!rc) { /* the curve the fit stands for, for --fitted and the plot */
    j.f.kind = VT_KWW_SINGLE, j.f.tau1_s = j.r.tau_rec_s, j.f.beta1 = j.r.beta_rec;
    j.f.y0 = j.r.eps0, j.f.y_inf = j.r.eps_inf;
    rc = fit_outputs(&j);
  }
  if (!rc && !o->quiet) print_recovery(text_stream(o), &j);
  series_free(&j.s);
  return rc ? CLI_FAIL : CLI_OK;
}

/* ---- activation energy ------------------------------------------------------------------------
 */

typedef struct arr_job {
  const kww_opts *o;
  series s[MAX_FILES];
  double T[MAX_FILES], tau[MAX_FILES], se_tau[MAX_FILES], beta[MAX_FILES], se_beta[MAX_FILES];
  vt_arrhenius_fit a;   /* over the whole curves */
  vt_arrhenius_fit *aw; /* per window */
} arr_job;

static void write_arr_rows(FILE *fp, const void *ctx) {
  const arr_job *j = ctx;
  const kww_opts *o = j->o;
  if (o->n_window) {
    fprintf(fp, "t_w_s,Ea_kJ_per_mol,se_Ea_kJ_per_mol,ln_tau0_s,r2\n");
    for (size_t k = 0; k < o->n_window; k++)
      fprintf(fp, "%.8g,%.8g,%.3g,%.8g,%.8f\n", o->window[k], j->aw[k].Ea_J_per_mol / 1e3,
              j->aw[k].se_Ea_J_per_mol / 1e3, j->aw[k].ln_tau0_s, j->aw[k].r2);
    return;
  }
  fprintf(fp, "file,T_K,tau_s,se_tau_s,beta,se_beta\n");
  for (size_t k = 0; k < o->n_files; k++) {
    vt_csv_write_text(fp, o->files[k]);
    fprintf(fp, ",%.8g,%.8g,%.3g,%.6g,%.3g\n", j->T[k], j->tau[k], j->se_tau[k], j->beta[k],
            j->se_beta[k]);
  }
}

static void print_arr(FILE *fp, const arr_job *j) {
  const kww_opts *o = j->o;
  for (size_t k = 0; !o->n_window && k < o->n_files; k++)
    fprintf(fp, "%s: T = %.6g K, tau = %.6g +- %.2g s, beta = %.4g +- %.2g\n", o->files[k], j->T[k],
            j->tau[k], j->se_tau[k], j->beta[k], j->se_beta[k]);
  const vt_arrhenius_fit *a = o->n_window ? j->aw : &j->a;
  for (size_t k = 0; k < (o->n_window ? o->n_window : 1); k++) {
    if (o->n_window) fprintf(fp, "t_w = %g s: ", o->window[k]);
    fprintf(fp,
            "Ea = %.6g +- %.2g kJ/mol, ln tau0 = %.6g +- %.2g (tau0 in s), R^2 %.6f (%zu "
            "temperatures)\n",
            a[k].Ea_J_per_mol / 1e3, a[k].se_Ea_J_per_mol / 1e3, a[k].ln_tau0_s, a[k].se_ln_tau0,
            a[k].r2, a[k].n);
  }
}

static int plot_arr(const arr_job *j, const char *table) {
  char body[2048], q[1024];
  const vt_arrhenius_fit *a = &j->a;
  if (j->o->n_window)
    snprintf(body, sizeof body,
             "data = '%s'\nset grid\nset key off\nset logscale x\nset xlabel 't_w (s)'\n"
             "set ylabel 'E_a (kJ/mol)'\nplot data skip 1 using 1:2:3 with yerrorlines pt 7\n",
             cli_gp_quote(table, q, sizeof q));
  else
    snprintf(body, sizeof body,
             "data = '%s'\nset grid\nset xlabel '1000/T (1/K)'\nset ylabel 'ln {/Symbol t} (s)'\n"
             "f(x) = %.10g + %.10g * x / 1000\nplot data skip 1 using (1000/$2):(log($3)) with "
             "points pt 7 title 'KWW {/Symbol t}', f(x) title 'E_a = %.4g kJ/mol'\n",
             cli_gp_quote(table, q, sizeof q), a->ln_tau0_s,
             a->Ea_J_per_mol / VT_GAS_CONSTANT_J_PER_MOL_K, a->Ea_J_per_mol / 1e3);
  return cli_plot(CMD, j->o->plot, body);
}

/* Each file's KWW fit over its whole window, or the windowed Arrhenius fits. */
static int arr_fits(arr_job *j, const vt_kww_options *ko) {
  const kww_opts *o = j->o;
  vt_error err;
  for (size_t k = 0; !o->n_window && k < o->n_files; k++) {
    vt_kww_fit f;
    if (vt_kww_fit_run(j->s[k].t, j->s[k].y, j->s[k].n, ko, &f, &err))
      return cli_error(CMD, "%s: %s", o->files[k], err.message), -1;
    j->tau[k] = f.tau1_s, j->se_tau[k] = f.se_tau1_s, j->beta[k] = f.beta1;
    j->se_beta[k] = f.se_beta1;
  }
  if (!o->n_window)
    return vt_arrhenius_tau_fit(j->T, j->tau, o->n_files, &j->a, &err)
               ? (cli_error(CMD, "%s", err.message), -1)
               : 0;
  vt_relax_curve c[MAX_FILES];
  for (size_t k = 0; k < o->n_files; k++)
    c[k] = (vt_relax_curve){j->s[k].t, j->s[k].y, j->s[k].n, j->T[k]};
  for (size_t w = 0; w < o->n_window; w++)
    if (vt_arrhenius_window(c, o->n_files, o->window[w], ko, NULL, &j->aw[w], &err))
      return cli_error(CMD, "t_w = %g s: %s", o->window[w], err.message), -1;
  return 0;
}

static int arr_load(arr_job *j) {
  const kww_opts *o = j->o;
  for (size_t k = 0; k < o->n_files; k++) {
    if (load(o, o->files[k], &j->s[k])) return -1;
    j->T[k] = o->n_T ? o->T[k] : j->s[k].T_K;
    if (!(j->T[k] > 0))
      return cli_error(CMD, "%s has no temperature column: give the temperatures with --T",
                       o->files[k]),
             -1;
  }
  return 0;
}

static int run_arrhenius(const kww_opts *o) {
  arr_job *j = calloc(1, sizeof *j);
  if (!j) return CLI_FAIL;
  j->o = o;
  j->aw = calloc(o->n_window ? o->n_window : 1, sizeof *j->aw);
  vt_kww_options ko = vt_kww_options_default();
  ko.free_y0 = o->raw, ko.free_y_inf = o->offset;
  if (o->raw) ko.y0 = NAN;
  if (o->offset) ko.y_inf = NAN;
  int rc = j->aw ? arr_load(j) : -1;
  if (!rc) rc = arr_fits(j, &ko);
  char *own;
  const char *table = plot_table(o->output, o->plot, ".csv", &own);
  if (!rc && table) rc = write_file(table, write_arr_rows, j);
  if (!rc && o->plot && (strcmp(table, "-") == 0 || plot_arr(j, table))) {
    if (strcmp(table, "-") == 0)
      cli_error(CMD, "--plot needs -o as a file, not '-'");
    else
      remove(table);
    rc = -1;
  }
  if (!rc && !o->quiet) print_arr(text_stream(o), j);
  for (size_t k = 0; k < o->n_files; k++) series_free(&j->s[k]);
  free(own);
  free(j->aw);
  free(j);
  return rc ? CLI_FAIL : CLI_OK;
}

/* ---- t_p against tau_rec ----------------------------------------------------------------------
 */

typedef struct reg_job {
  double *tau, *tp;
  size_t n;
  vt_tp_tau_fit f;
} reg_job;

static void write_reg_row(FILE *fp, const void *ctx) {
  const reg_job *j = ctx;
  fprintf(fp, "n,intercept_s,se_intercept_s,slope,se_slope,r2\n%zu,%.8g,%.3g,%.8g,%.3g,%.8f\n",
          j->n, j->f.intercept_s, j->f.se_intercept_s, j->f.slope, j->f.se_slope, j->f.r2);
}

static void write_reg_points(FILE *fp, const void *ctx) {
  const reg_job *j = ctx;
  fprintf(fp, "tau_rec_s,t_p_s\n");
  for (size_t i = 0; i < j->n; i++) fprintf(fp, "%.10g,%.10g\n", j->tau[i], j->tp[i]);
}

static int plot_reg(const kww_opts *o, const reg_job *j, const char *points) {
  char body[2048], q[1024];
  snprintf(body, sizeof body,
           "data = '%s'\nset grid\nset key top left\nset xlabel '{/Symbol t}_{rec} (s)'\n"
           "set ylabel 't_p (s)'\nf(x) = %.10g + %.10g * x\nplot data skip 1 using 1:2 with "
           "points pt 7 title 'data', f(x) title 't_p = %.4g s + %.4g {/Symbol t}_{rec}, "
           "R^2 = %.3f'\n",
           cli_gp_quote(points, q, sizeof q), j->f.intercept_s, j->f.slope, j->f.intercept_s,
           j->f.slope, j->f.r2);
  return cli_plot(CMD, o->plot, body);
}

static int run_regress(const kww_opts *o) {
  reg_job j;
  vt_error err;
  memset(&j, 0, sizeof j);
  int rc = vt_read_tp_tau_table(o->files[0], &j.tau, &j.tp, &j.n, &err);
  if (!rc) rc = vt_tp_tau_regression(j.tau, j.tp, j.n, &j.f, &err);
  if (rc) cli_error(CMD, "%s: %s", o->files[0], err.message);
  char *own = NULL;
  const char *points = o->plot ? plot_table(NULL, o->plot, "_points.csv", &own) : NULL;
  if (!rc && o->output) rc = write_file(o->output, write_reg_row, &j);
  if (!rc && points) rc = write_file(points, write_reg_points, &j);
  if (!rc && o->plot && plot_reg(o, &j, points)) {
    if (o->output && strcmp(o->output, "-")) remove(o->output);
    remove(points);
    rc = -1;
  }
  if (!rc && !o->quiet)
    fprintf(text_stream(o),
            "%s: t_p = (%.6g +- %.2g s) + (%.6g +- %.2g) tau_rec, R^2 = %.5f (%zu points)\n",
            o->files[0], j.f.intercept_s, j.f.se_intercept_s, j.f.slope, j.f.se_slope, j.f.r2, j.n);
  free(own);
  free(j.tau);
  free(j.tp);
  return rc ? CLI_FAIL : CLI_OK;
}

int cmd_kww(int argc, char **argv) {
  kww_opts o;
  memset(&o, 0, sizeof o);
  int r = parse(argc, argv, &o), status = r < 0 ? CLI_USAGE : CLI_OK;
  if (r == 1) help();
  if (r == 0)
    status = o.recovery    ? run_recovery(&o)
             : o.arrhenius ? run_arrhenius(&o)
             : o.regress   ? run_regress(&o)
                           : run_fit(&o);
  free(o.T);
  free(o.window);
  return status;
}
