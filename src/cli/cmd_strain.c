/* vitrum strain: stress relaxation under strain programs (paper 001): one program file -> the
 * stress (and, in recoveries, the strain) against time; or sweeps of the two-step protocol over
 * eps1, eps2, t_w and T -> the second-step curves, the peak time t_p and the memory strength
 * dsigma per combination (Figs. 1-3), with the stress-free recovery after loading (Fig. 4). */
#include "cmd.h"

#define CMD "strain"

typedef struct strain_opts {
  const char *program, *output, *summary, *plot, *prony;
  double *eps1, *eps2, *tw, *T;
  size_t n_eps1, n_eps2, n_tw, n_T;
  double t_rec, prony_tol;
  vt_two_step two;                  /* t2, rate and the grid (the points come from the lists) */
  char assign[CLI_MAX_ASSIGN][256]; /* "name=VALUE UNIT" of the model's parameters */
  int n_assign, quiet;
} strain_opts;

#define F(field) offsetof(strain_opts, field)
static const cli_opt options[] = {
    CLI_S("--program", CLI_TEXT, F(program), "FILE",
          "program mode: lines 'temperature 593 K', 'start 0 %',\n"
          "'ramp to 0.5 % at 200 %/min', 'hold 900 s', 'jump to 0.3 %', 'recover\n"
          "3600 s' (unload and let the strain recover stress-free), '#' comments"),
    CLI_L("--eps1", F(eps1), F(n_eps1), VT_DIM_STRAIN, "LIST",
          "sweep: first-step strains, e.g. '0.3, 0.4, 0.5 %'", 0),
    CLI_L("--eps2", F(eps2), F(n_eps2), VT_DIM_STRAIN, "LIST",
          "sweep: second-step strains, e.g. '0.2, 0.3 %' (optional with --t-rec)", 0),
    CLI_L("--tw", F(tw), F(n_tw), VT_DIM_TIME, "LIST",
          "sweep: first-step times t_w, e.g. '100, 300, 900 s'", 0),
    CLI_L("--T", F(T), F(n_T), VT_DIM_TEMPERATURE, "LIST",
          "sweep: test temperatures (default: T_ref)", 0),
    CLI_TABLE_AT(vt_two_step_option_table, F(two)), /* --t2, --rate */
    CLI_Q("--t-rec", F(t_rec), VT_DIM_TIME, "TIME",
          "also unload after t_w and recover stress-free for TIME: a KWW fit of\n"
          "the recovery gives tau_rec, beta_rec; 1 - eps_vp/eps1 is the fraction\n"
          "of the strain recovered (Figs. 4, 5e)",
          CLI_NO_DEFAULT),
    CLI_OUT("program: CSV time_s,strain_pct,stress_MPa,strain_vp_pct,T_K,segment,\n"
            "t_seg_s (default: standard output; a jump gives two rows at one time);\n"
            "sweep: curves run,eps1_pct,eps2_pct,t_w_s,T_K,t2_s,stress_MPa"),
    CLI_S("--summary", CLI_OUTPUT, F(summary), "FILE",
          "sweep: run,eps1_pct,eps2_pct,t_w_s,T_K,sigma_w_MPa,sigma0_MPa,\n"
          "sigma_peak_MPa,dsigma_MPa,t_p_s,tau_rec_s,beta_rec,eps_vp_pct,\n"
          "recovery_fraction (default: standard output)"),
    CLI_PLOT("program: stress and strain against time; sweep: sigma(t') per run, t_p\n"
             "and dsigma against the first swept variable (.png/.svg/.pdf; FILE.gp)"),
    CLI_TABLE_AT(vt_strain_grid_option_table, F(two.grid)), /* --ramp-step, --ppd, --t-first */
    CLI_S("--prony", CLI_TEXT, F(prony), "FILE",
          "model: Prony terms (tau_s,weight; tau at T_ref) in place of KWW"),
    CLI_Q("--prony-tol", F(prony_tol), VT_DIM_NONE, "X",
          "model: max |error| of the KWW Prony series", 0),
    CLI_END};

/* --NAME VALUE of the visco model's parameter table, or --set NAME=VALUE. */
static int param_option(const char *cmd, int argc, char **argv, int *i, void *opts) {
  strain_opts *o = opts;
  return cli_param_option(cmd, argc, argv, i, VT_DRIVE_STRAIN, o->assign, &o->n_assign);
}

static const cli_command command = {
    .name = CMD,
    .usage = "--program FILE [options]\n--eps1 LIST --eps2 LIST --tw LIST [--T LIST] [options]",
    .about =
        "Stress relaxation of a glass under strain programs (paper 001). The model: a linear\n"
        "viscoelastic solid, G(t) = G_inf + (G0 - G_inf) phi(t/a_T) with phi a KWW (or double\n"
        "KWW, or a Prony table) written as Maxwell elements, a_T = exp(Ea/R (1/T - 1/T_ref)),\n"
        "stress by Boltzmann superposition; in series an optional viscoplastic dashpot,\n"
        "deps_vp/dt = (sigma/sigma_vp)^n_vp / (a_T t_vp) (off while t_vp = 0 s).\n"
        "\n"
        "A sweep runs paper 001 Fig. 1a: 0 -> eps1, hold t_w, -> eps2, hold t2; t' from the end\n"
        "of the second ramp; t_p the time of the stress maximum in t', dsigma = sigma_peak -\n"
        "sigma0, t_p nan and dsigma 0 without a maximum.",
    .opts = options,
    CLI_QUIET(strain_opts),
    .footer = "model parameters: --NAME VALUE, e.g. --G0 '80 GPa' --beta 0.45 --tau '1000 s', or\n"
              "--set NAME=VALUE, e.g. --set 'Ea=250 kJ/mol'\n",
    .extra = param_option};

static void help_params(void) {
  size_t n;
  const vt_param_info *p = vt_model_params_by_name("visco", &n);
  printf("\nparameters of the visco model:\n");
  cli_param_table(p, n);
  printf("\nExit status: 0 success, 1 bad input or failed run, 2 bad command line. A failed run\n"
         "leaves no output file.\n");
}

/* Mode checks after parsing; -1 on a bad combination (printed). */
static int check_mode(const strain_opts *o) {
  int sweep = o->n_eps1 || o->n_eps2 || o->n_tw || o->n_T;
  if (o->program && sweep)
    return cli_error(CMD, "either --program FILE or the sweep options (--eps1 ...), not both"), -1;
  if (!o->program && !sweep)
    return cli_error(CMD,
                     "--program FILE or --eps1/--eps2/--tw is required (vitrum strain --help)"),
           -1;
  if (sweep && (!o->n_eps1 || !o->n_tw || (!o->n_eps2 && !(o->t_rec > 0))))
    return cli_error(CMD, "a sweep needs --eps1, --tw and --eps2 (or --t-rec)"), -1;
  if (o->program && (o->summary || o->t_rec > 0))
    return cli_error(CMD, "--summary and --t-rec belong to sweeps, not to --program"), -1;
  if (!(o->two.t2_s > 0) || o->t_rec < 0 || !(o->two.rate_per_s >= 0))
    return cli_error(CMD, "--t2 must be > 0, --t-rec and --rate >= 0"), -1;
  return 0;
}

/* The model with the options applied; NULL after printing the error, *status set (2 for a bad
 * parameter on the command line, 1 for an unreadable Prony table). */
static vt_model *make_model(const strain_opts *o, int *status) {
  vt_error err;
  vt_model *v = vt_model_create("visco", &err);
  int rc = v ? VT_OK : err.status;
  *status = CLI_USAGE;
  for (int k = 0; !rc && k < o->n_assign; k++) rc = vt_model_set_text(v, o->assign[k], &err);
  if (!rc && o->prony_tol != vt_visco_prony_tol(v))
    rc = vt_visco_set_prony_tol(v, o->prony_tol, &err);
  if (!rc && o->prony) *status = CLI_FAIL, rc = vt_visco_read_table(v, o->prony, &err);
  char num[256];
  if ((v = cli_model_ready(CMD, v, rc, &err, num)) && !o->quiet)
    fprintf(stderr, "vitrum strain: %s\n", num);
  return v;
}

/* ---- program mode ---------------------------------------------------------------------------- */

static int plot_trace(const strain_opts *o, const char *csv) {
  cli_script sc = {0};
  cli_gp_data(&sc, "data", csv);
  cli_gp_file(&sc, "program", o->program);
  return cli_plot_with(CMD, o->plot, "strain", &sc);
}

typedef struct trace_job {
  const strain_opts *o;
  const vt_strain_trace *tr;
} trace_job;

/* A failed write shows when the output set is committed. */
CLI_WRITER(write_trace, trace_job, vt_strain_trace_write_csv(j->tr, fp, NULL));

static int plot_files(const void *ctx, const char *const *files) {
  return plot_trace(((const trace_job *)ctx)->o, files[0]);
}

static int run_program(const strain_opts *o, vt_model *v) {
  vt_error err;
  vt_strain_trace tr = {0};
  vt_strain_program *p = vt_strain_program_read(o->program, &err);
  vt_outfile_note_input(o->program);
  int rc = !p || vt_strain_simulate(v, p, &o->two.grid, &tr, &err);
  vt_strain_program_free(p);
  if (rc) return cli_error(CMD, "%s", err.message), CLI_FAIL;
  trace_job j = {o, &tr};
  const cli_out csv = {"-o", o->output, 1, ".csv", write_trace};
  rc = cli_write_outputs(CMD, &csv, 1, o->plot, plot_files, &j, 1);
  if (!rc && !o->quiet) vt_strain_trace_write_summary(&tr, "vitrum strain: ", stderr, NULL);
  vt_strain_trace_free(&tr);
  return rc ? CLI_FAIL : CLI_OK;
}

/* ---- sweep mode ------------------------------------------------------------------------------ */

typedef struct sweep_out {
  cli_stream s;   /* curves, summary and the plot, committed together (standard output directly) */
  size_t skipped; /* pairs without a second step (eps2 = eps1) */
  const strain_opts *o;
  size_t runs, ne2; /* runs, and runs per (T, eps1, t_w) */
} sweep_out;

/* A run's rows (the library's: report.h) with its warnings: a failed KWW fit of the recovery (its
 * columns nan), a pair without a second step (a row of nan). A failed write shows when the output
 * set is committed. */
static int write_run(void *ctx, vt_two_step_row *r) {
  sweep_out *w = ctx;
  const vt_two_step *s = &r->spec;
  if (r->rec_first && r->rec && r->rec->fit_error.status && !w->o->quiet)
    fprintf(stderr,
            "vitrum strain: eps1 = %g %%, t_w = %g s, T = %g K: no KWW fit of the "
            "recovery (%s)\n",
            100 * s->eps1, s->t_w_s, s->T_K, r->rec->fit_error.message);
  if (r->skipped)
    fprintf(stderr,
            "vitrum strain: warning: eps1 = %g %%, eps2 = %g %%, t_w = %g s, T = %g K: %s\n",
            100 * s->eps1, 100 * s->eps2, s->t_w_s, s->T_K, r->reason.message);
  w->skipped += (size_t)r->skipped;
  if (w->s.fp[0] && r->curve) vt_two_step_curve_write_csv(r->run, s, r->curve, w->s.fp[0], NULL);
  vt_two_step_row_write_csv(r->run, s, r->curve, r->rec, w->s.fp[1], NULL);
  if ((r->run + 1) % w->ne2 == 0) cli_progress(CMD, (r->run + 1) / w->ne2, w->runs / w->ne2);
  return 0;
}

/* The options and the run count (files: the curves and the summary); the template titles the
 * runs and picks the trend panels' x axis from the swept lists (those of more than one value). */
typedef struct sweep_plot {
  const strain_opts *o;
  size_t runs;
} sweep_plot;

static int plot_sweep(const void *ctx, const char *const *files) {
  const sweep_plot *p = ctx;
  const strain_opts *o = p->o;
  cli_script sc = {0};
  cli_gp_data(&sc, "curves", files[0]);
  cli_gp_data(&sc, "summary", files[1]);
  cli_script_add(&sc, "runs = %zu\nrecovery = %d\nsecond_step = %d\n", p->runs, o->t_rec > 0,
                 o->n_eps2 > 0);
  cli_script_add(&sc, "swept_eps1 = %d\nswept_eps2 = %d\nswept_tw = %d\nswept_T = %d\n",
                 o->n_eps1 > 1, o->n_eps2 > 1, o->n_tw > 1, o->n_T > 1);
  return cli_plot_with(CMD, o->plot, "strain_sweep", &sc);
}

/* The plot reads both tables from files: beside the picture when not given. */
static int open_sweep(const strain_opts *o, sweep_out *w) {
  memset(w, 0, sizeof *w);
  if (cli_stream_open(CMD, &w->s, o->output, o->plot, "_curves.csv", NULL) ||
      cli_stream_open(CMD, &w->s, o->summary, o->plot, "_summary.csv", "-"))
    return -1;
  if (w->s.fp[0]) vt_two_step_curve_csv_header(w->s.fp[0]);
  vt_two_step_row_csv_header(w->s.fp[1]);
  return 0;
}

static int run_sweep(strain_opts *o, vt_model *v) {
  vt_error err;
  double T_ref;
  vt_model_get(v, "T_ref", &T_ref, &err);
  vt_two_step_sweep sw = {.base = o->two}; /* the lists' points with the protocol and grid */
  sw.T_K = o->n_T ? o->T : &T_ref, sw.n_T = o->n_T ? o->n_T : 1;
  sw.eps1 = o->eps1, sw.t_w_s = o->tw, sw.eps2 = o->eps2;
  sw.n_eps1 = o->n_eps1, sw.n_tw = o->n_tw, sw.n_eps2 = o->n_eps2;
  sweep_out w;
  int rc = open_sweep(o, &w);
  w.o = o;
  w.runs = vt_two_step_sweep_count(&sw);
  w.ne2 = o->n_eps2 ? o->n_eps2 : 1;
  if (!rc && vt_two_step_sweep_run(v, &sw, o->t_rec, write_run, &w, &err))
    rc = -1, cli_error(CMD, "%s", err.message);
  if (!rc && w.skipped == vt_two_step_sweep_count(&sw))
    rc = -1, cli_error(CMD, "no pair of the sweep has a second step (every eps2 equals its eps1)");
  sweep_plot sp = {o, w.runs};
  if (!rc) rc = cli_stream_finish(CMD, &w.s, 0, o->plot ? plot_sweep : NULL, &sp);
  cli_stream_free(&w.s);
  return rc ? CLI_FAIL : CLI_OK;
}

int cmd_strain(int argc, char **argv) {
  vt_model *defaults = vt_model_create("visco", NULL);
  strain_opts o = {.two = vt_two_step_default(), .prony_tol = vt_visco_prony_tol(defaults)};
  vt_model_free(defaults);
  int r = cli_parse(&command, argc, argv, &o);
  if (r == 1) help_params();
  int status = r < 0 || (r == 0 && check_mode(&o)) ? CLI_USAGE : CLI_OK;
  vt_model *v = r == 0 && !status ? make_model(&o, &status) : NULL;
  if (v) status = o.program ? run_program(&o, v) : run_sweep(&o, v);
  vt_model_free(v);
  cli_opts_free(&command, &o);
  return status;
}
