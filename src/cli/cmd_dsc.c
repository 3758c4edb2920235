/* vitrum dsc: the virtual Flash DSC. One annealing program -> traces and the relaxation peak;
 * or a sweep over annealing temperatures and times -> heat-flow maps (paper 000 Fig. 1d-f). */
#include "cmd.h"

#define CMD "dsc"

typedef struct dsc_opts {
  const char *program, *output, *table, *plot, *pre_text;
  double *T_a, *t_a, pre[2];
  size_t n_T_a, n_t_a;
  int quiet;
  cli_model_opts model;
  vt_dsc_options dsc;
} dsc_opts;

#define F(field) offsetof(dsc_opts, field)
static const cli_opt options[] = {
    CLI_S("--program", CLI_TEXT, F(program), "ANNEAL.prog",
          "single program: prints dh, Tp, FWHM, extrapolated onset and end"),
    CLI_L("--anneal-T", F(T_a), F(n_T_a), VT_DIM_TEMPERATURE, "LIST",
          "sweep: annealing temperatures, e.g. '383 K'", 0),
    CLI_L("--anneal-t", F(t_a), F(n_t_a), VT_DIM_TIME, "LIST",
          "sweep: annealing times, e.g. '0.1, 1, 10, 100, 1000 s'", 0),
    CLI_S("--pre-anneal", CLI_TEXT, F(pre_text), "'T1, t1'",
          "sweep: pre-anneal, e.g. '373 K, 50 s' (paper 000 Fig. 1f)"),
    CLI_OUT("program: traces: T_K, heat flows of both scans and their difference\n"
            "(W/mol; also mW with --molar-mass and --sample-mass);\n"
            "sweep: map: T_a_K, t_a_s, T_K, dheat_flow_W_per_mol (blank line per scan)"),
    CLI_S("--table", CLI_OUTPUT, F(table), "FILE",
          "sweep: one row of peak metrics per anneal (default: standard output)"),
    CLI_PLOT("picture (.png/.svg/.pdf): traces and peak, or the colour maps"),
    CLI_END};

static const cli_command command = {
    .name = CMD,
    .usage = "--program ANNEAL.prog [options]\n"
             "--anneal-T LIST --anneal-t LIST [--pre-anneal 'T1, t1'] [options]",
    .about =
        "Virtual Flash DSC. The annealing program's 'start T' line is the temperature the quench\n"
        "from T_eq reaches; its segments follow (see vitrum simulate --help for the format).\n"
        "The relaxation peak is the annealed heating scan minus the as-cooled one (endothermic\n"
        "positive); dh is its area, the enthalpy the annealing released (J/mol). A sweep (the\n"
        "contour maps of paper 000 Fig. 1d-f) anneals isothermally at each T_a for each t_a,\n"
        "after an optional pre-anneal (T1 for t1, then a ramp at R_c to T_a).",
    .opts = options,
    CLI_MODEL_DSC_QUIET(dsc_opts)};

static int check(dsc_opts *o) {
  int sweep = o->n_T_a || o->n_t_a;
  vt_error err;
  if (!o->program == !sweep)
    return cli_error(CMD, "give either --program FILE or --anneal-T and --anneal-t"), -1;
  if (sweep && !(o->n_T_a && o->n_t_a))
    return cli_error(CMD, "a sweep needs both --anneal-T and --anneal-t"), -1;
  if (o->program && (o->pre_text || o->table))
    return cli_error(CMD, "--pre-anneal and --table belong to sweeps (--anneal-T/--anneal-t)"), -1;
  if (o->pre_text &&
      vt_dsc_parse_pre_anneal("--pre-anneal", o->pre_text, &o->pre[0], &o->pre[1], &err))
    return cli_error(CMD, "%s", err.message), -1;
  return 0;
}

typedef struct single {
  const dsc_opts *o;
  const vt_dsc_scan *a, *r;
} single;

/* The library's table (report.h); a failed write shows when the output set is committed. */
CLI_WRITER(write_traces, single,
           vt_dsc_traces_write_csv(j->a, j->r, vt_dsc_sample_mol(&j->o->dsc), fp, NULL));

/* The issue-18 check (vt_dsc_peak_check): a warning on standard error; the status stays 0. */
static void warn_peak(const vt_dsc_peak *pk, double T_anneal, double t_anneal) {
  char what[96] = "", why[VT_ERROR_MESSAGE_SIZE];
  if (t_anneal > 0) snprintf(what, sizeof what, " (anneal at %g K for %g s)", T_anneal, t_anneal);
  if (vt_dsc_peak_check(pk, T_anneal, why, sizeof why) == 1)
    fprintf(stderr, "vitrum dsc: warning%s: %s\n", what, why);
}

static int plot_traces(const void *ctx, const char *const *files) {
  const dsc_opts *o = ((const single *)ctx)->o;
  double mol = vt_dsc_sample_mol(&o->dsc);
  cli_script sc = {0};
  cli_gp_data(&sc, "datafile", files[0]);
  cli_gp_file(&sc, "program", o->program);
  cli_gp_num(&sc, "rate", o->dsc.heat_rate_K_per_s);
  cli_gp_str(&sc, "unit", mol > 0 ? "mW" : "W/mol");
  cli_script_add(&sc, "c = %d\n", mol > 0 ? 6 : 3);
  return cli_plot_with(CMD, o->plot, "dsc", &sc);
}

static int run_single(const dsc_opts *o, vt_model *m) {
  vt_error err;
  vt_dsc_scan a = {0}, r = {0};
  vt_dsc_peak pk = {0};
  int status = CLI_FAIL;
  vt_program *p = vt_program_read(o->program, &err);
  if (!p || vt_dsc_scan_run(m, p, &o->dsc, &a, &err) ||
      vt_dsc_scan_run(m, NULL, &o->dsc, &r, &err) || vt_dsc_peak_compute(&a, &r, &pk, &err)) {
    cli_error(CMD, "%s", err.message);
    goto done;
  }
  single j = {o, &a, &r};
  const cli_out traces = {"-o", o->output, 0, ".csv", write_traces};
  if (cli_write_outputs(CMD, &traces, 1, o->plot, plot_traces, &j, 1)) goto done;
  vt_dsc_peak_write_summary(&pk, &a, &r, vt_dsc_sample_mol(&o->dsc), stdout, NULL);
  warn_peak(&pk, vt_dsc_anneal_T(p), 0);
  status = CLI_OK;
done:
  vt_dsc_peak_free(&pk);
  vt_dsc_scan_free(&a);
  vt_dsc_scan_free(&r);
  vt_program_free(p);
  return status;
}

/* ---- Sweep ------------------------------------------------------------------------------------
 */

typedef struct sweep_out {
  const dsc_opts *o;
  cli_stream s; /* the table and the map, committed together (standard output directly) */
} sweep_out;

/* vt_dsc_sweep_fn: a row of the table and the peak's curve; a failed write fails the commit. */
static int sweep_point(void *ctx, size_t k, double T_a, double t_a, const vt_dsc_peak *pk,
                       vt_error *err) {
  sweep_out *s = ctx;
  char key[64];
  (void)err;
  snprintf(key, sizeof key, "%.6g,%.6g", T_a, t_a);
  vt_dsc_anneal_write_csv(T_a, t_a, pk, s->s.fp[0], NULL);
  warn_peak(pk, T_a, t_a);
  if (s->s.fp[1]) vt_dsc_peak_curve_write_csv(key, pk, s->s.fp[1], NULL);
  cli_progress(CMD, k + 1, s->o->n_T_a * s->o->n_t_a);
  return VT_OK;
}

/* cli_plot_fn: ctx the options, files[0] the map. */
static int plot_maps(const void *ctx, const char *const *files) {
  const dsc_opts *o = ctx;
  cli_script sc = {0};
  cli_gp_data(&sc, "datafile", files[0]);
  cli_gp_num(&sc, "rate", o->dsc.heat_rate_K_per_s);
  cli_script_add(&sc, "n = %zu\n", o->n_T_a);
  cli_gp_array(&sc, "T_a", o->T_a, o->n_T_a, "%.6g");
  cli_gp_str(&sc, "after", o->pre_text ? " after the pre-anneal" : "");
  return cli_plot_with(CMD, o->plot, "dsc_maps", &sc);
}

static int run_sweep(const dsc_opts *o, vt_model *m) {
  vt_error err;
  sweep_out s = {.o = o};
  const vt_dsc_sweep sw = {o->T_a,    o->t_a,   o->n_T_a, o->n_t_a, o->pre_text != NULL,
                           o->pre[0], o->pre[1]};
  int rc = cli_stream_open(CMD, &s.s, o->table, NULL, NULL, "-") ||
           cli_stream_open(CMD, &s.s, o->output, o->plot, ".csv", NULL);
  if (!rc) vt_dsc_anneal_csv_header(s.s.fp[0]);
  if (!rc && s.s.fp[1]) vt_dsc_peak_curve_csv_header("T_a_K,t_a_s", s.s.fp[1]);
  if (!rc && (rc = vt_dsc_sweep_run(m, &o->dsc, &sw, sweep_point, &s, &err)) != 0)
    cli_error(CMD, "%s", err.message);
  if (!rc) rc = cli_stream_finish(CMD, &s.s, 1, o->plot ? plot_maps : NULL, o);
  cli_stream_free(&s.s);
  return rc ? CLI_FAIL : CLI_OK;
}

int cmd_dsc(int argc, char **argv) {
  dsc_opts o = {.dsc = vt_dsc_options_default()};
  int r = cli_parse(&command, argc, argv, &o), status = r < 0 ? CLI_USAGE : CLI_OK;
  if (r == 0 && check(&o)) status = CLI_USAGE;
  if (r == 0 && status == CLI_OK) {
    vt_model *m = cli_model_make(CMD, &o.model);
    status = m ? (o.program ? run_single(&o, m) : run_sweep(&o, m)) : CLI_USAGE;
    vt_model_free(m);
  }
  cli_opts_free(&command, &o);
  return status;
}
