/* vitrum strain: stress relaxation under strain programs (paper 001): one program file -> the
 * stress (and, in recoveries, the strain) against time; or sweeps of the two-step protocol over
 * eps1, eps2, t_w and T -> the second-step curves, the peak time t_p and the memory strength
 * dsigma per combination (Figs. 1-3), with the stress-free recovery after loading (Fig. 4). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vitrum/visco.h"

#define CMD        "strain"
#define MAX_ASSIGN 64
#define MAX_KEYED  30 /* curves named in the plot's key; more get no key */

typedef struct strain_opts {
  const char *program, *output, *summary, *plot, *prony, *prony_tol;
  double *eps1, *eps2, *tw, *T;
  size_t n_eps1, n_eps2, n_tw, n_T;
  double t2, t_rec, rate;
  vt_strain_grid_options grid;
  char assign[MAX_ASSIGN][256];
  int n_assign, quiet;
} strain_opts;

static void help(void) {
  printf(
      "usage: vitrum strain --program FILE [options]\n"
      "       vitrum strain --eps1 LIST --eps2 LIST --tw LIST [--T LIST] [options]\n"
      "\n"
      "Stress relaxation of a glass under strain programs (paper 001). The model: a linear\n"
      "viscoelastic solid, G(t) = G_inf + (G0 - G_inf) phi(t/a_T) with phi a KWW (or double\n"
      "KWW, or a Prony table) written as Maxwell elements, a_T = exp(Ea/R (1/T - 1/T_ref)),\n"
      "stress by Boltzmann superposition; in series an optional viscoplastic dashpot,\n"
      "deps_vp/dt = (sigma/sigma_vp)^n_vp / (a_T t_vp) (off while t_vp = 0 s).\n"
      "\n"
      "program mode:\n"
      "  --program FILE     lines 'temperature 593 K', 'start 0 %%', 'ramp to 0.5 %% at 200 "
      "%%/min',\n"
      "                     'hold 900 s', 'jump to 0.3 %%', 'recover 3600 s' (unload to zero\n"
      "                     stress and let the strain recover), '#' comments\n"
      "  -o FILE            CSV time_s,strain_pct,stress_MPa,strain_vp_pct,T_K,segment,t_seg_s\n"
      "                     (default: standard output); a jump gives two rows at one time\n"
      "  --plot FILE        stress and strain against time (.png/.svg/.pdf; FILE.gp beside it)\n"
      "\n"
      "sweep mode (paper 001 Fig. 1a: 0 -> eps1, hold t_w, -> eps2, hold t2; t' from the end of\n"
      "the second ramp; t_p the time of the stress maximum in t', dsigma = sigma_peak - sigma0,\n"
      "t_p nan and dsigma 0 without a maximum):\n"
      "  --eps1 LIST        first-step strains, e.g. '0.3, 0.4, 0.5 %%'\n"
      "  --eps2 LIST        second-step strains, e.g. '0.2, 0.3 %%' (may be left out with "
      "--t-rec)\n"
      "  --tw LIST          first-step times t_w, e.g. '100, 300, 900 s'\n"
      "  --T LIST           test temperatures (default: T_ref)\n"
      "  --t2 TIME          second-step length (default 10000 s)\n"
      "  --rate RATE        loading and unloading rate (default 200 %%/min; '0 %%/s': jumps)\n"
      "  --t-rec TIME       also unload after t_w and recover stress-free for TIME: a KWW fit of\n"
      "                     the recovery gives tau_rec, beta_rec; 1 - eps_vp/eps1 is the fraction\n"
      "                     of the strain recovered (Figs. 4, 5e)\n"
      "  -o FILE            curves: run,eps1_pct,eps2_pct,t_w_s,T_K,t2_s,stress_MPa\n"
      "  --summary FILE     run,eps1_pct,eps2_pct,t_w_s,T_K,sigma_w_MPa,sigma0_MPa,\n"
      "                     sigma_peak_MPa,dsigma_MPa,t_p_s,tau_rec_s,beta_rec,eps_vp_pct,\n"
      "                     recovery_fraction (default: standard output)\n"
      "  --plot FILE        sigma(t') per run, t_p and dsigma against the first swept variable\n"
      "\n"
      "grid:\n"
      "  --ramp-step STRAIN strain step on ramps (default 0.01 %%)\n"
      "  --ppd N            log-spaced points per decade in holds (default 20)\n"
      "  --t-first TIME     first point after the start of a hold (default 1e-3 s)\n"
      "\n"
      "model:\n"
      "  --NAME VALUE       a parameter, e.g. --G0 '80 GPa' --beta 0.45 --tau '1000 s'\n"
      "  --set NAME=VALUE   the same, e.g. --set 'Ea=250 kJ/mol'\n"
      "  --prony FILE       Prony terms (tau_s,weight; tau at T_ref) instead of the KWW functions\n"
      "  --prony-tol X      max |error| of the KWW Prony series (default 1e-5)\n"
      "  -q                 no summary on standard error\n"
      "\n");
  size_t n;
  const vt_param_info *p = vt_visco_params(&n);
  printf("parameters of the visco model:\n  %-9s %-14s %-22s %s\n", "name", "default", "bounds",
         "description");
  for (size_t i = 0; i < n; i++) {
    char def[64], bounds[64];
    const char *u = p[i].unit, *sp = *u ? " " : "";
    snprintf(def, sizeof def, "%g%s%s", vt_visco_param_display(&p[i], p[i].default_si), sp, u);
    snprintf(bounds, sizeof bounds, "[%g, %g]%s%s", vt_visco_param_display(&p[i], p[i].lower_si),
             vt_visco_param_display(&p[i], p[i].upper_si), sp, u);
    printf("  %-9s %-14s %-22s %s\n", p[i].name, def, bounds, p[i].description);
  }
  printf("\nExit status: 0 success, 1 bad input or failed run, 2 bad command line. A failed run\n"
         "leaves no output file.\n");
}

/* ---- command line ---------------------------------------------------------------------------- */

static int list_opt(int argc, char **argv, int *i, const char *name, vt_dim dim, double **dst,
                    size_t *n) {
  const char *v;
  int r = cli_option(CMD, argc, argv, i, name, &v);
  if (r <= 0) return r;
  free(*dst);
  *dst = NULL;
  int k = cli_quantity_list(CMD, name, v, dim, dst);
  if (k < 0) return -1;
  *n = (size_t)k;
  return 1;
}

static int one_opt(int argc, char **argv, int *i, const char *name, vt_dim dim, double *dst) {
  const char *v;
  int r = cli_option(CMD, argc, argv, i, name, &v);
  if (r <= 0) return r;
  return cli_quantity(CMD, name, v, dim, dst) ? -1 : 1;
}

/* --NAME VALUE of the parameter table, or --set NAME=VALUE. */
static int param_opt(strain_opts *o, int argc, char **argv, int *i) {
  const char *v, *a = argv[*i];
  int r = cli_option(CMD, argc, argv, i, "--set", &v);
  if (r < 0) return -1;
  size_t n;
  const vt_param_info *p = vt_visco_params(&n);
  int k = -1;
  for (size_t j = 0; r == 0 && j < n; j++)
    if (strncmp(a, "--", 2) == 0 && strcmp(a + 2, p[j].name) == 0) k = (int)j;
  if (r == 0 && k < 0) return 0;
  if (o->n_assign == MAX_ASSIGN) return cli_error(CMD, "too many parameter options"), -1;
  if (r == 0 && *i + 1 >= argc) return cli_error(CMD, "option %s needs a value", a), -1;
  if (r == 0) v = argv[++*i];
  snprintf(o->assign[o->n_assign++], sizeof o->assign[0], "%s%s%s", r ? "" : p[k < 0 ? 0 : k].name,
           r ? "" : "=", v);
  return 1;
}

static int value_opt(strain_opts *o, int argc, char **argv, int *i) {
  struct {
    const char *name;
    const char **dst;
  } opts[] = {{"--program", &o->program},    {"-o", &o->output},   {"--output", &o->output},
              {"--summary", &o->summary},    {"--plot", &o->plot}, {"--prony", &o->prony},
              {"--prony-tol", &o->prony_tol}};
  for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++) {
    const char *v;
    int r = cli_option(CMD, argc, argv, i, opts[k].name, &v);
    if (r < 0) return -1;
    if (r > 0) return (*opts[k].dst = v, 1);
  }
  return 0;
}

static int quantity_opts(strain_opts *o, int argc, char **argv, int *i) {
  int r;
  vt_strain_grid_options *g = &o->grid;
  if ((r = list_opt(argc, argv, i, "--eps1", VT_DIM_STRAIN, &o->eps1, &o->n_eps1)) ||
      (r = list_opt(argc, argv, i, "--eps2", VT_DIM_STRAIN, &o->eps2, &o->n_eps2)) ||
      (r = list_opt(argc, argv, i, "--tw", VT_DIM_TIME, &o->tw, &o->n_tw)) ||
      (r = list_opt(argc, argv, i, "--T", VT_DIM_TEMPERATURE, &o->T, &o->n_T)) ||
      (r = one_opt(argc, argv, i, "--t2", VT_DIM_TIME, &o->t2)) ||
      (r = one_opt(argc, argv, i, "--t-rec", VT_DIM_TIME, &o->t_rec)) ||
      (r = one_opt(argc, argv, i, "--rate", VT_DIM_STRAIN_RATE, &o->rate)) ||
      (r = one_opt(argc, argv, i, "--ramp-step", VT_DIM_STRAIN, &g->ramp_step)) ||
      (r = one_opt(argc, argv, i, "--ppd", VT_DIM_NONE, &g->hold_points_per_decade)) ||
      (r = one_opt(argc, argv, i, "--t-first", VT_DIM_TIME, &g->hold_first_s)))
    return r;
  return 0;
}

/* Mode checks after parsing; -1 on a bad combination (printed). */
static int check_mode(const strain_opts *o) {
  int sweep = o->n_eps1 || o->n_eps2 || o->n_tw || o->n_T;
  if (o->program && sweep)
    return cli_error(CMD, "either --program FILE or the sweep options (--eps1 ...), not both"), -1;
  if (!o->program && !sweep)
    return cli_error(CMD, "--program FILE or --eps1/--eps2/--tw is required (vitrum strain "
                          "--help)"),
           -1;
  if (sweep && (!o->n_eps1 || !o->n_tw || (!o->n_eps2 && !(o->t_rec > 0))))
    return cli_error(CMD, "a sweep needs --eps1, --tw and --eps2 (or --t-rec)"), -1;
  if (o->program && (o->summary || o->t_rec > 0))
    return cli_error(CMD, "--summary and --t-rec belong to sweeps, not to --program"), -1;
  if (!(o->t2 > 0) || o->t_rec < 0 || !(o->rate >= 0))
    return cli_error(CMD, "--t2 must be > 0, --t-rec and --rate >= 0"), -1;
  if (o->plot && cli_plot_check_name(CMD, o->plot)) return -1;
  return 0;
}

/* -1 error (printed), 1 help, 0 parsed. */
static int parse(int argc, char **argv, strain_opts *o) {
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    int r;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) return 1;
    if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
      o->quiet = 1;
      continue;
    }
    if ((r = value_opt(o, argc, argv, &i)) || (r = quantity_opts(o, argc, argv, &i)) ||
        (r = param_opt(o, argc, argv, &i))) {
      if (r < 0) return -1;
      continue;
    }
    cli_error(CMD, "unknown option '%s' (vitrum strain --help lists them)", a);
    return -1;
  }
  return check_mode(o);
}

/* The model with the options applied; NULL after printing the error, *status set (2 for a bad
 * parameter on the command line, 1 for an unreadable Prony table). */
static vt_visco *make_model(const strain_opts *o, int *status) {
  vt_error err;
  vt_visco *v = vt_visco_create(&err);
  int rc = v ? VT_OK : err.status;
  *status = CLI_USAGE;
  for (int k = 0; !rc && k < o->n_assign; k++) rc = vt_visco_set_text(v, o->assign[k], &err);
  double tol;
  if (!rc && o->prony_tol && !(rc = vt_parse_quantity(o->prony_tol, VT_DIM_NONE, &tol, &err)))
    rc = vt_visco_set_prony_tol(v, tol, &err);
  if (!rc && o->prony) {
    double *tau = NULL, *w = NULL;
    size_t n = 0;
    *status = CLI_FAIL;
    rc = vt_read_prony_table(o->prony, &tau, &w, &n, &err);
    if (!rc) rc = vt_visco_set_table(v, w, tau, n, &err);
    free(tau);
    free(w);
  }
  char num[256];
  if (!rc) rc = vt_visco_numerics(v, num, sizeof num, &err);
  if (rc) {
    cli_error(CMD, "%s", err.message);
    vt_visco_free(v);
    return NULL;
  }
  if (!o->quiet) fprintf(stderr, "vitrum strain: %s\n", num);
  return v;
}

/* "stem" + suffix beside the picture (malloc'd). */
static char *beside(const char *picture, const char *suffix) {
  size_t n = strlen(picture) + strlen(suffix) + 1;
  const char *dot = strrchr(picture, '.');
  char *s = malloc(n);
  if (s) snprintf(s, n, "%.*s%s", (int)(dot - picture), picture, suffix);
  return s;
}

/* ---- program mode -----------------------------------------------------------------------------
 */

static int plot_trace(const strain_opts *o, const char *csv) {
  char body[4096], q[1024], qp[1024];
  snprintf(body, sizeof body,
           "data = '%s'\nset multiplot layout 2,1 title 'vitrum strain: %s'\nset grid\n"
           "set key off\nset xlabel 't (s)'\nset ylabel '{/Symbol s} (MPa)'\n"
           "plot data skip 1 using 1:3 with lines lw 2\n"
           "set ylabel '{/Symbol e} (%%)'\nset key top right\n"
           "plot data skip 1 using 1:2 with lines lw 2 title 'total', "
           "data skip 1 using 1:4 with lines dt 2 title 'viscoplastic'\nunset multiplot\n",
           cli_gp_quote(csv, q, sizeof q), cli_gp_name(o->program, qp, sizeof qp));
  return cli_plot(CMD, o->plot, body);
}

static int run_program(const strain_opts *o, vt_visco *v) {
  vt_error err;
  vt_strain_trace tr;
  vt_strain_program *p = vt_strain_program_read(o->program, &err);
  vt_outfile_note_input(o->program);
  if (!p || vt_strain_simulate(v, p, &o->grid, &tr, &err)) {
    cli_error(CMD, "%s", err.message);
    vt_strain_program_free(p);
    return CLI_FAIL;
  }
  vt_strain_program_free(p);
  char *own = o->output || !o->plot ? NULL : beside(o->plot, ".csv");
  const char *path = o->output ? o->output : own ? own : "-";
  vt_outfile out;
  int rc = vt_outfile_open(&out, path, &err);
  if (!rc) rc = vt_strain_trace_write_csv(&tr, out.fp, &err);
  if (!rc)
    rc = vt_outfile_commit(&out, &err);
  else
    vt_outfile_abort(&out);
  if (rc) cli_error(CMD, "%s", err.message);
  if (!rc && o->plot && strcmp(path, "-") != 0 && plot_trace(o, path)) {
    remove(path);
    rc = 1;
  }
  if (!rc && !o->quiet)
    fprintf(stderr,
            "vitrum strain: %zu points over %g s at %g K; at the end strain %.6g %%, "
            "stress %.6g MPa, viscoplastic strain %.6g %%\n",
            tr.n, tr.time_s[tr.n - 1], tr.T_K, 100 * tr.strain[tr.n - 1],
            tr.stress_Pa[tr.n - 1] / 1e6, 100 * tr.strain_vp[tr.n - 1]);
  free(own);
  vt_strain_trace_free(&tr);
  return rc ? CLI_FAIL : CLI_OK;
}

/* ---- sweep mode -------------------------------------------------------------------------------
 */

typedef struct sweep_out {
  vt_outfile cur, sum;
  const char *curves, *summary;
  char *own_curves, *own_summary;
  size_t skipped; /* pairs without a second step (eps2 = eps1) */
} sweep_out;

/* The recovery part of a row: tau_rec, beta_rec, eps_vp (%), fraction; NaN without --t-rec. */
static int recovery_part(const strain_opts *o, vt_visco *v, vt_two_step s, double rec[4]) {
  rec[0] = rec[1] = rec[2] = rec[3] = NAN;
  if (!(o->t_rec > 0)) return VT_OK;
  s.t2_s = o->t_rec;
  vt_recovery_curve rc;
  vt_recovery_fit f;
  vt_error err;
  if (vt_strain_recovery_run(v, &s, &rc, &err)) {
    cli_error(CMD, "eps1 = %g %%, t_w = %g s, T = %g K: recovery: %s", 100 * s.eps1, s.t_w_s, s.T_K,
              err.message);
    return VT_EINVAL;
  }
  rec[2] = 100 * rc.strain_vp, rec[3] = rc.fraction;
  if (vt_recovery_fit_run(rc.t_s, rc.strain, rc.n, s.eps1, &f, &err) == 0)
    rec[0] = f.tau_rec_s, rec[1] = f.beta_rec;
  else if (!o->quiet)
    fprintf(stderr,
            "vitrum strain: eps1 = %g %%, t_w = %g s, T = %g K: no KWW fit of the "
            "recovery (%s)\n",
            100 * s.eps1, s.t_w_s, s.T_K, err.message);
  vt_recovery_curve_free(&rc);
  return VT_OK;
}

static int memory_rows(const strain_opts *o, vt_visco *v, vt_two_step s, const double rec[4],
                       size_t *run, sweep_out *w) {
  for (size_t d = 0; d < (o->n_eps2 ? o->n_eps2 : 1); d++) {
    vt_memory_curve m;
    vt_error err;
    memset(&m, 0, sizeof m);
    m.sigma_w_Pa = m.peak.sigma0_Pa = m.peak.sigma_peak_Pa = m.peak.dsigma_Pa = NAN;
    m.peak.t_p_s = NAN;
    s.eps2 = o->n_eps2 ? o->eps2[d] : NAN;
    if (o->n_eps2 && vt_strain_two_step_run(v, &s, &m, &err)) {
      /* eps2 = eps1 has no second step: that pair gets a row of nan and a warning, and the
       * rest of the sweep runs (it used to stop the whole sweep) */
      int no_step = s.eps2 == s.eps1;
      fprintf(stderr, "vitrum strain: %s: eps1 = %g %%, eps2 = %g %%, t_w = %g s, T = %g K: %s\n",
              no_step ? "warning" : "error", 100 * s.eps1, 100 * s.eps2, s.t_w_s, s.T_K,
              err.message);
      if (!no_step) return VT_EINVAL;
      w->skipped++;
      m.sigma_w_Pa = m.peak.sigma0_Pa = m.peak.sigma_peak_Pa = m.peak.dsigma_Pa = NAN;
      m.peak.t_p_s = NAN; /* the failed run zeroed the result */
    }
    for (size_t i = 0; w->curves && i < m.n; i++)
      fprintf(w->cur.fp, "%zu,%.6g,%.6g,%.6g,%.6g,%.8g,%.8g\n", *run, 100 * s.eps1, 100 * s.eps2,
              s.t_w_s, s.T_K, m.t2_s[i], m.stress_Pa[i] / 1e6);
    fprintf(w->sum.fp, "%zu,%.6g,%.6g,%.6g,%.6g,%.8g,%.8g,%.8g,%.8g,%.6g,%.6g,%.6g,%.6g,%.6g\n",
            *run, 100 * s.eps1, 100 * s.eps2, s.t_w_s, s.T_K, m.sigma_w_Pa / 1e6,
            m.peak.sigma0_Pa / 1e6, m.peak.sigma_peak_Pa / 1e6, m.peak.dsigma_Pa / 1e6,
            m.peak.t_p_s, rec[0], rec[1], rec[2], rec[3]);
    vt_memory_curve_free(&m);
    (*run)++;
  }
  return VT_OK;
}

static int sweep_rows(const strain_opts *o, vt_visco *v, sweep_out *w) {
  size_t run = 0, done = 0, total = o->n_T * o->n_eps1 * o->n_tw;
  for (size_t a = 0; a < o->n_T; a++)
    for (size_t b = 0; b < o->n_eps1; b++)
      for (size_t c = 0; c < o->n_tw; c++) {
        vt_two_step s = vt_two_step_default();
        s.eps1 = o->eps1[b], s.t_w_s = o->tw[c], s.T_K = o->T[a];
        s.rate_per_s = o->rate, s.t2_s = o->t2, s.grid = o->grid;
        double rec[4];
        if (recovery_part(o, v, s, rec) || memory_rows(o, v, s, rec, &run, w)) return VT_EINVAL;
        cli_progress(CMD, ++done, total);
      }
  return VT_OK;
}

/* A growing text for the gnuplot script (one clause per run can be long). */
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
  for (int pass = 0; pass < 2 && !t->failed; pass++) {
    va_start(ap, fmt);
    int k = vsnprintf(t->s ? t->s + t->n : NULL, t->s ? t->cap - t->n : 0, fmt, ap);
    va_end(ap);
    if (k < 0) t->failed = 1;
    if (t->failed || (t->s && t->n + (size_t)k < t->cap)) {
      t->n += t->failed ? 0 : (size_t)k;
      return;
    }
    size_t cap = 2 * (t->cap + (size_t)k) + 256;
    char *g = realloc(t->s, cap);
    if (!g)
      t->failed = 1;
    else
      t->s = g, t->cap = cap;
  }
}

/* The swept variable the trend panels use: summary column, axis label, log scale. */
static void x_axis(const strain_opts *o, int *col, const char **label, int *logx) {
  *logx = 0;
  if (o->n_tw > 1)
    *col = 4, *label = "t_w (s)", *logx = 1;
  else if (o->n_eps1 > 1)
    *col = 2, *label = "{/Symbol e}_1 (%)";
  else if (o->n_eps2 > 1)
    *col = 3, *label = "{/Symbol e}_2 (%)";
  else if (o->n_T > 1)
    *col = 5, *label = "T (K)";
  else
    *col = 1, *label = "run";
}

/* Title of run k: the values of the swept variables (k in loop order T, eps1, t_w, eps2). */
static void run_title(const strain_opts *o, size_t k, char *buf, size_t size) {
  size_t ne2 = o->n_eps2 ? o->n_eps2 : 1, d = k % ne2, c = k / ne2 % o->n_tw;
  size_t b = k / ne2 / o->n_tw % o->n_eps1, a = k / ne2 / o->n_tw / o->n_eps1;
  int n = snprintf(buf, size, "%s", "");
  if (o->n_eps1 > 1)
    n += snprintf(buf + n, size - (size_t)n, "{/Symbol e}_1 %g%% ", 100 * o->eps1[b]);
  if (ne2 > 1) n += snprintf(buf + n, size - (size_t)n, "{/Symbol e}_2 %g%% ", 100 * o->eps2[d]);
  if (o->n_tw > 1) n += snprintf(buf + n, size - (size_t)n, "t_w %g s ", o->tw[c]);
  if (o->n_T > 1) n += snprintf(buf + n, size - (size_t)n, "%g K", o->T[a]);
  if (n == 0) snprintf(buf, size, "run %zu", k);
}

static int plot_sweep(const strain_opts *o, const sweep_out *w, size_t runs) {
  char qc[1024], qs[1024], title[160];
  int col, logx;
  const char *label;
  x_axis(o, &col, &label, &logx);
  text t = {NULL, 0, 0, 0};
  add(&t,
      "curves = '%s'\nsummary = '%s'\nset multiplot layout %d,2 title 'vitrum strain'\n"
      "set grid\nset logscale x\nset format x '10^{%%L}'\nset xlabel \"t' (s)\"\n"
      "set ylabel '{/Symbol s} (MPa)'\nset key outside right font ',7'\nplot ",
      cli_gp_quote(w->curves, qc, sizeof qc), cli_gp_quote(w->summary, qs, sizeof qs),
      o->t_rec > 0 ? 3 : 2);
  for (size_t k = 0; k < runs; k++) {
    run_title(o, k, title, sizeof title);
    add(&t, "%scurves skip 1 using ($1==%zu && $6>0 ? $6 : 1/0):7 with lines ", k ? ", " : "", k);
    if (runs <= MAX_KEYED)
      add(&t, "title '%s'", cli_gp_quote(title, qc, sizeof qc));
    else
      add(&t, "notitle");
  }
  add(&t,
      "\nset key off\n%s\nset format x '%%g'\nset xlabel '%s'\n"
      "set ylabel 't_p (s)'\nplot summary skip 1 using %d:10 with points pt 7\n"
      "set ylabel '{/Symbol Ds} (MPa)'\nplot summary skip 1 using %d:9 with points pt 7\n",
      logx ? "" : "unset logscale x", label, col, col);
  if (o->t_rec > 0)
    add(&t,
        "set ylabel '1 - {/Symbol e}_{vp}/{/Symbol e}_1'\n"
        "plot summary skip 1 using %d:14 with points pt 7\nset logscale xy\n"
        "set xlabel '{/Symbol t}_{rec} (s)'\nset ylabel 't_p (s)'\n"
        "plot summary skip 1 using 11:10 with points pt 7\n",
        col);
  add(&t, "unset multiplot\n");
  int rc = t.failed ? (cli_error(CMD, "out of memory"), -1) : cli_plot(CMD, o->plot, t.s);
  free(t.s);
  return rc;
}

static int open_sweep(const strain_opts *o, sweep_out *w) {
  vt_error err;
  memset(w, 0, sizeof *w);
  w->curves = o->output;
  w->summary = o->summary ? o->summary : "-";
  if (o->plot) { /* the plot reads both tables from files */
    w->own_curves = o->output ? NULL : beside(o->plot, "_curves.csv");
    w->own_summary = o->summary ? NULL : beside(o->plot, "_summary.csv");
    if (w->own_curves) w->curves = w->own_curves;
    if (w->own_summary) w->summary = w->own_summary;
  }
  if ((w->curves && vt_outfile_open(&w->cur, w->curves, &err)) ||
      vt_outfile_open(&w->sum, w->summary, &err)) {
    cli_error(CMD, "%s", err.message);
    return -1;
  }
  if (w->curves) fprintf(w->cur.fp, "run,eps1_pct,eps2_pct,t_w_s,T_K,t2_s,stress_MPa\n");
  fprintf(w->sum.fp, "run,eps1_pct,eps2_pct,t_w_s,T_K,sigma_w_MPa,sigma0_MPa,sigma_peak_MPa,"
                     "dsigma_MPa,t_p_s,tau_rec_s,beta_rec,eps_vp_pct,recovery_fraction\n");
  return 0;
}

static int run_sweep(strain_opts *o, vt_visco *v) {
  vt_error err;
  if (!o->n_T) { /* default: the model's reference temperature */
    o->T = malloc(sizeof *o->T);
    if (!o->T) return CLI_FAIL;
    vt_visco_get(v, "T_ref", o->T, &err);
    o->n_T = 1;
  }
  sweep_out w;
  int rc = open_sweep(o, &w);
  if (!rc) rc = sweep_rows(o, v, &w);
  size_t runs = o->n_T * o->n_eps1 * o->n_tw * (o->n_eps2 ? o->n_eps2 : 1);
  if (!rc && w.skipped == runs) {
    cli_error(CMD, "no pair of the sweep has a second step (every eps2 equals its eps1)");
    rc = -1;
  }
  if (!rc && w.curves && (rc = vt_outfile_commit(&w.cur, &err)) != 0)
    cli_error(CMD, "%s", err.message);
  if (!rc && (rc = vt_outfile_commit(&w.sum, &err)) != 0) cli_error(CMD, "%s", err.message);
  if (!rc && o->plot && plot_sweep(o, &w, runs)) {
    remove(w.curves);
    remove(w.summary);
    rc = -1;
  }
  if (rc) {
    vt_outfile_abort(&w.cur);
    vt_outfile_abort(&w.sum);
  }
  free(w.own_curves);
  free(w.own_summary);
  return rc ? CLI_FAIL : CLI_OK;
}

int cmd_strain(int argc, char **argv) {
  strain_opts o;
  memset(&o, 0, sizeof o);
  o.grid = vt_strain_grid_options_default();
  o.t2 = 1e4;
  o.rate = vt_two_step_default().rate_per_s;
  int r = parse(argc, argv, &o), status = r < 0 ? CLI_USAGE : CLI_OK;
  if (r == 1) help();
  if (r == 0) {
    vt_visco *v = make_model(&o, &status);
    if (v) status = o.program ? run_program(&o, v) : run_sweep(&o, v);
    vt_visco_free(v);
  }
  free(o.eps1);
  free(o.eps2);
  free(o.tw);
  free(o.T);
  return status;
}
