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

/* --pre-anneal 'T1, t1' into o->pre. */
static int pre_anneal(dsc_opts *o) {
  const char *v = o->pre_text, *comma = strchr(v, ',');
  char T[128];
  if (!comma || (size_t)(comma - v) >= sizeof T)
    return cli_error(CMD, "--pre-anneal '%s': expected 'T1, t1' such as '373 K, 50 s'", v), -1;
  memcpy(T, v, (size_t)(comma - v));
  T[comma - v] = '\0';
  if (cli_quantity(CMD, "--pre-anneal", T, VT_DIM_TEMPERATURE, &o->pre[0]) ||
      cli_quantity(CMD, "--pre-anneal", comma + 1, VT_DIM_TIME, &o->pre[1]))
    return -1;
  return 0;
}

static int check(dsc_opts *o) {
  int sweep = o->n_T_a || o->n_t_a;
  if (!o->program == !sweep)
    return cli_error(CMD, "give either --program FILE or --anneal-T and --anneal-t"), -1;
  if (sweep && !(o->n_T_a && o->n_t_a))
    return cli_error(CMD, "a sweep needs both --anneal-T and --anneal-t"), -1;
  if (o->program && (o->pre_text || o->table))
    return cli_error(CMD, "--pre-anneal and --table belong to sweeps (--anneal-T/--anneal-t)"), -1;
  return o->pre_text ? pre_anneal(o) : 0;
}

/* mol of sample, or 0 when the masses are not both given. */
static double sample_mol(const vt_dsc_options *d) {
  return (d->sample_mass_kg > 0 && d->molar_mass_kg_per_mol > 0)
             ? d->sample_mass_kg / d->molar_mass_kg_per_mol
             : 0.0;
}

typedef struct single {
  const dsc_opts *o;
  const vt_dsc_scan *a, *r;
} single;

/* The library's table (report.h); a failed write shows when the output set is committed. */
CLI_WRITER(write_traces, single,
           vt_dsc_traces_write_csv(j->a, j->r, sample_mol(&j->o->dsc), fp, NULL));

/* The issue-18 check: a relaxation peak below the (highest) annealing temperature, or none
 * resolved, is no measurement of that anneal (short anneals at slow heating: the scan passes
 * T_a before the annealed units recover). A warning on standard error; the status stays 0. */
static void warn_peak(const vt_dsc_peak *pk, double T_anneal, double t_anneal) {
  char what[96] = "";
  if (t_anneal > 0) snprintf(what, sizeof what, " (anneal at %g K for %g s)", T_anneal, t_anneal);
  if (!pk->metrics_ok)
    fprintf(stderr, "vitrum dsc: warning%s: no relaxation peak resolved\n", what);
  else if (T_anneal > 0 && pk->metrics.x_peak < T_anneal)
    fprintf(stderr,
            "vitrum dsc: warning%s: the peak at Tp = %.1f K lies below the annealing "
            "temperature %g K; it is not the anneal's recovery peak (raise the heating rate or "
            "the annealing time)\n",
            what, pk->metrics.x_peak, T_anneal);
}

/* The temperature of a program's last hold, the anneal the peak answers (0 without holds): a
 * multi-step program's earlier, hotter holds leave their own peaks higher up. */
static double last_hold_T(const vt_program *p) {
  double T = 0;
  for (size_t k = 0; k < vt_program_segment_count(p); k++) {
    const vt_segment *s = vt_program_segment(p, k);
    if (s->kind == VT_SEG_HOLD) T = s->target_K;
  }
  return T;
}

static int plot_single(const dsc_opts *o, const char *data) {
  double mol = sample_mol(&o->dsc);
  cli_script sc = {0};
  cli_gp_data(&sc, "datafile", data);
  cli_gp_file(&sc, "program", o->program);
  cli_gp_num(&sc, "rate", o->dsc.heat_rate_K_per_s);
  cli_gp_str(&sc, "unit", mol > 0 ? "mW" : "W/mol");
  cli_script_add(&sc, "c = %d\n", mol > 0 ? 6 : 3);
  return cli_plot_with(CMD, o->plot, "dsc", &sc);
}

static int plot_traces(const void *ctx, const char *const *files) {
  return plot_single(((const single *)ctx)->o, files[0]);
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
  vt_dsc_peak_write_summary(&pk, &a, &r, sample_mol(&o->dsc), stdout, NULL);
  warn_peak(&pk, last_hold_T(p), 0);
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

static vt_program *sweep_program(const dsc_opts *o, double T_a, double t_a, vt_error *err) {
  vt_program *p = vt_program_create(o->pre_text ? o->pre[0] : T_a, err);
  int rc = p ? VT_OK : VT_EINVAL;
  if (!rc && o->pre_text) {
    rc = vt_program_hold(p, o->pre[1], err);
    if (!rc && T_a != o->pre[0]) rc = vt_program_ramp(p, T_a, o->dsc.cool_rate_K_per_s, err);
  }
  if (!rc) rc = vt_program_hold(p, t_a, err);
  if (rc) {
    vt_program_free(p);
    return NULL;
  }
  return p;
}

typedef struct sweep_out {
  vt_outset set; /* the map and the table, committed together (standard output directly) */
  FILE *map, *table;
  const char *map_tmp, *table_tmp;
} sweep_out;

static int sweep_point(const dsc_opts *o, vt_model *m, const vt_dsc_scan *ref, double T_a,
                       double t_a, sweep_out *s) {
  vt_error err;
  vt_dsc_scan a = {0};
  vt_dsc_peak pk = {0};
  vt_program *p = sweep_program(o, T_a, t_a, &err);
  int rc =
      !p || vt_dsc_scan_run(m, p, &o->dsc, &a, &err) || vt_dsc_peak_compute(&a, ref, &pk, &err);
  if (rc) {
    cli_error(CMD, "anneal at %g K for %g s: %s", T_a, t_a, err.message);
  } else {
    char key[64];
    snprintf(key, sizeof key, "%.6g,%.6g", T_a, t_a);
    vt_dsc_anneal_write_csv(T_a, t_a, &pk, s->table, NULL); /* a failed write fails the commit */
    warn_peak(&pk, T_a, t_a);
    if (s->map) vt_dsc_peak_curve_write_csv(key, &pk, s->map, NULL);
  }
  vt_dsc_peak_free(&pk);
  vt_dsc_scan_free(&a);
  vt_program_free(p);
  return rc;
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

static int open_sweep(const dsc_opts *o, const char *map, sweep_out *s) {
  if (!(s->table = cli_set_open(CMD, &s->set, o->table ? o->table : "-", &s->table_tmp)) ||
      (map && !(s->map = cli_set_open(CMD, &s->set, map, &s->map_tmp))))
    return -1;
  vt_dsc_anneal_csv_header(s->table);
  if (map) vt_dsc_peak_curve_csv_header("T_a_K,t_a_s", s->map);
  return 0;
}

static int run_sweep(const dsc_opts *o, vt_model *m) {
  vt_error err;
  vt_dsc_scan ref = {0};
  sweep_out s = {0};
  char *mapname = NULL;
  const char *map = o->output;
  if (!map && o->plot) map = mapname = cli_beside(o->plot, ".csv");
  int rc = vt_dsc_scan_run(m, NULL, &o->dsc, &ref, &err);
  if (rc) cli_error(CMD, "as-cooled reference: %s", err.message);
  if (!rc) rc = open_sweep(o, map, &s);
  size_t total = o->n_T_a * o->n_t_a, done = 0;
  for (size_t a = 0; !rc && a < o->n_T_a; a++)
    for (size_t b = 0; !rc && b < o->n_t_a; b++) {
      rc = sweep_point(o, m, &ref, o->T_a[a], o->t_a[b], &s);
      cli_progress(CMD, ++done, total);
    }
  if (!rc) rc = cli_set_finish(CMD, &s.set, &map, &s.map_tmp, 1, o->plot ? plot_maps : NULL, o);
  vt_outset_abort(&s.set);
  free(mapname);
  vt_dsc_scan_free(&ref);
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
