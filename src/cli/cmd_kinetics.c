/* vitrum kissinger / vitrum eyring: activation energies from relaxation-peak temperatures Tp
 * measured at several heating rates, given as a table, as lists on the command line, or as the
 * heating curves themselves (one point per curve). The fit, its line and the points' span are
 * the library's (vt_rate_fit_points). */
#include "cal_opts.h"
#include "cmd.h"

typedef struct kin_opts {
  const char *table, *curves, *select, *output, *points, *plot;
  double *rates, *Tp;
  size_t n_rates, n_Tp;
  cli_cal_opts cal; /* --curves: the calorimetry options 'vitrum peaks' takes */
  int quiet;
} kin_opts;

/* One run: the command, its points and the fit. p.line says where point i came from: the
 * table's line, the item of --rates/--Tp (from 1) or the curve's index, as source[i] does in
 * words ("line 5", "item 2", "curve 3 (name)") for messages and the points' CSV. */
typedef struct kin_job {
  const char *cmd;
  vt_rate_law law;
  const kin_opts *o;
  vt_rate_peaks p;
  char (*source)[96];
  const char **sources;    /* source[] as pointers (the table's source column) */
  const char *temperature; /* curves: "Ts" or "Tr", else NULL */
  vt_rate_fit fit;
} kin_job;

/* ---- command line ------------------------------------------------------------------------ */

#define F(field) offsetof(kin_opts, field)
#define POINTS_HELP(y)                                                                             \
  "the points: rate_K_per_s, Tp_K, inv_Tp_per_K, " y ",\n"                                         \
  "fit_" y ", source"
#define OPTIONS(y, name)                                                                           \
  {                                                                                                \
    CLI_S("--table", CLI_TEXT, F(table), "FILE",                                                   \
          "CSV with a header naming the columns with units: rate_K_per_s,\n"                       \
          "rate_K_per_min or 'rate [K/s]'; Tp_K, Tp_C or 'Tp [C]'; other\n"                        \
          "columns are ignored; '#' starts a comment"),                                            \
        CLI_L("--rates", F(rates), F(n_rates), VT_DIM_RATE, "LIST",                                \
              "with --Tp, e.g. --rates '100,200,500,1000 K/s'", CLI_NO_DEFAULT),                   \
        CLI_L("--Tp", F(Tp), F(n_Tp), VT_DIM_TEMPERATURE, "LIST",                                  \
              "one per rate, e.g. --Tp '400.1,403.2,407.5,410.9 K'", CLI_NO_DEFAULT),              \
        CLI_S("--curves", CLI_TEXT, F(curves), "FILE",                                             \
              "Mettler STARe export or CSV of heating scans, one point per curve:\n"               \
              "the rate from a straight-line fit of T(t) over the range (the\n"                    \
              "curve is rejected if it cools or a quarter of it strays more\n"                     \
              "than 5 % from that rate) and Tp from the library's calorimetry,\n"                  \
              "the same as 'vitrum peaks' with the same options (below): with\n"                   \
              "--reference each curve minus the reference(s) of its own rate\n"                    \
              "(baseline lines), without it the curve minus the straight line\n"                   \
              "through the ends of the range (baseline chord)"),                                   \
        CLI_S("--select", CLI_TEXT, F(select), "SPEC",                                             \
              "--curves: curves to use: all (default), 0,3,5-7, seg:87,81\n"                       \
              "(references are left out)"),                                                        \
        CLI_OUT("one-row CSV summary"),                                                            \
        CLI_S("--points", CLI_OUTPUT, F(points), "FILE", POINTS_HELP(y)),                          \
        CLI_PLOT(name " plot (.png, .svg, .pdf) through gnuplot: y against 1000/Tp\n"              \
                      "with the fitted line; FILE.gp is kept beside it, the points go\n"           \
                      "to the --points file or FILE's .csv"),                                      \
        CLI_F("-q|--quiet", F(quiet), "no summary"), CLI_END                                       \
  }
static const cli_opt kissinger_options[] = OPTIONS("ln_rate_over_Tp2", "Kissinger");
static const cli_opt eyring_options[] = OPTIONS("ln_rate_over_Tp3", "Eyring");

#define COMMON_ABOUT                                                                               \
  "Unweighted least squares in 1/Tp; standard errors from the scatter of the points.\n"            \
  "Input: exactly one of --table, --rates with --Tp, or --curves. The fitted values with\n"        \
  "standard errors go to standard output (to stderr when -o or --points is '-'). The\n"            \
  "calorimetry options apply to --curves only; --endo defaults to down (STARe: endothermic\n"      \
  "negative): give --endo up for curves whose peaks point up."
#define FOOTER "Bad values on the command line exit with status 2, bad files with 1.\n"

/* The two commands differ in name, method text and table only. */
#define COMMAND(cmd, method, table)                                                                \
  {                                                                                                \
    .name = cmd, .usage = "--table FILE | --rates LIST --Tp LIST | --curves FILE [options]",       \
    .about = method "\n\n" COMMON_ABOUT, .opts = table, .groups = CLI_WITH_CAL, .cal_at = F(cal),  \
    .footer = FOOTER                                                                               \
  }
static const cli_command kissinger_command = COMMAND(
    "kissinger",
    "Kissinger activation energy dE from the peak temperature Tp at several heating rates:\n"
    "  ln(rate/Tp^2) = -dE/(R Tp) + c",
    kissinger_options);
static const cli_command eyring_command = COMMAND(
    "eyring",
    "Activation enthalpy H* and entropy S* from the peak temperature Tp at several heating\n"
    "rates (absolute reaction rate theory, paper 000 Eq. 4):\n"
    "  ln(rate/Tp^3) = -H*/(R Tp) + ln(k_B R/(h_P H*)) + S*/R\n"
    "Also prints the Kissinger dE of the same points beside H* + R<Tp>: the paper's\n"
    "consistency check dE = H* + R Tp.",
    eyring_options);

/* The calorimetry options (peaks') apply to curves only. */
static int check_curve_options(const char *cmd, const kin_opts *o) {
  const char *curve_only = o->select ? "--select" : cli_cal_given_name(&o->cal);
  if (curve_only && !o->curves) {
    cli_error(cmd, "%s applies to --curves input only", curve_only);
    return -1;
  }
  return 0;
}

static int check_input_choice(const char *cmd, const kin_opts *o) {
  int modes = !!o->table + !!(o->rates || o->Tp) + !!o->curves;
  if (modes != 1) {
    cli_error(cmd,
              "%s: give one of --table FILE, --rates LIST --Tp LIST or --curves FILE "
              "(vitrum %s --help)",
              modes ? "more than one input" : "no input", cmd);
    return -1;
  }
  if (!!o->rates != !!o->Tp) {
    cli_error(cmd, "%s needs %s as well", o->rates ? "--rates" : "--Tp",
              o->rates ? "--Tp" : "--rates");
    return -1;
  }
  return 0;
}

/* ---- points ------------------------------------------------------------------------------ */

static int alloc_points(kin_job *j, size_t n) {
  vt_rate_peaks *p = &j->p;
  size_t m = n ? n : 1;
  p->rate_K_per_s = malloc(m * sizeof *p->rate_K_per_s);
  p->Tp_K = malloc(m * sizeof *p->Tp_K);
  p->line = malloc(m * sizeof *p->line);
  if (!p->rate_K_per_s || !p->Tp_K || !p->line) return cli_error(j->cmd, "out of memory"), -1;
  p->n = n;
  return 0;
}

/* The words of p.line (the curves' names from `set`). */
static int name_sources(kin_job *j, const vt_curve_set *set) {
  size_t m = j->p.n ? j->p.n : 1;
  j->source = malloc(m * sizeof *j->source);
  j->sources = malloc(m * sizeof *j->sources);
  if (!j->source || !j->sources) return cli_error(j->cmd, "out of memory"), -1;
  for (size_t i = 0; i < j->p.n; i++) {
    const char *name = set ? set->curves[j->p.line[i]].name : NULL;
    if (set)
      snprintf(j->source[i], sizeof j->source[i], "curve %ld (%.64s)", j->p.line[i],
               name ? name : "");
    else
      snprintf(j->source[i], sizeof j->source[i], "%s %ld", j->o->table ? "line" : "item",
               j->p.line[i]);
    j->sources[i] = j->source[i];
  }
  return 0;
}

/* Values the fits would reject too, caught here so the message can say which item. */
static int load_inline(kin_job *j) {
  const kin_opts *o = j->o;
  if (o->n_rates != o->n_Tp) {
    cli_error(j->cmd, "--rates has %zu value%s but --Tp has %zu: one Tp per rate", o->n_rates,
              o->n_rates == 1 ? "" : "s", o->n_Tp);
    return -1;
  }
  if (alloc_points(j, o->n_rates)) return -1;
  for (size_t k = 0; k < o->n_rates; k++) {
    double rate = o->rates[k], Tp = o->Tp[k];
    const char *why = vt_rate_point_problem(rate, Tp);
    if (why)
      return cli_error(j->cmd, "item %zu (rate %g K/s, Tp %g K): %s", k + 1, rate, Tp, why), -1;
    j->p.rate_K_per_s[k] = rate;
    j->p.Tp_K[k] = Tp;
    j->p.line[k] = (long)k + 1;
  }
  return 0;
}

static int load_table(kin_job *j) {
  vt_error err;
  if (!vt_read_rate_peaks(j->o->table, &j->p, &err)) return 0;
  cli_error(j->cmd, "%s", err.message);
  return -1;
}

/* One point per curve from the library's calorimetry: the references grouped by rate, each
 * curve against those of its rate (or alone), Tp of the difference. */
static int load_curves(kin_job *j, int *status) {
  const char *cmd = j->cmd;
  const kin_opts *o = j->o;
  cli_cal_settings s;
  /* lines with --reference, chord without: the library's AUTO */
  if (cli_cal_settle(cmd, &o->cal, VT_CAL_BASELINE_AUTO, &s)) return *status = CLI_USAGE, -1;
  s.opts.references_by_rate = 1;
  vt_cal_run run;
  int st = cli_cal_load(cmd, o->curves, &o->cal, "--select", o->select, 1, &s, &run);
  if (st) *status = st;
  if (!st && cli_cal_analyse(cmd, &s, &run)) st = -1;
  j->temperature = run.result.axis == VT_CAL_AXIS_TS ? "Ts" : "Tr";
  vt_error err;
  if (!st && vt_cal_run_rate_peaks(&run, &j->p, &err))
    st = -1, cli_error(cmd, "%s: %s: check --endo and --range", o->curves, err.message);
  if (!st) st = name_sources(j, &run.set);
  vt_cal_run_free(&run);
  cli_cal_settings_free(&s);
  return st ? -1 : 0;
}

/* ---- output ------------------------------------------------------------------------------ */

static void print_summary(FILE *fp, const kin_job *j) {
  const kin_opts *o = j->o;
  fprintf(fp, "vitrum %s: %zu points from %s", j->cmd, j->p.n,
          o->table    ? o->table
          : o->curves ? o->curves
                      : "the command line");
  if (j->temperature) fprintf(fp, " (temperature %s)", j->temperature);
  fputc('\n', fp);
  vt_rate_fit_write_summary(&j->fit, fp, NULL);
}

/* The library's tables (report.h); a failed write shows when the output set is committed. */
CLI_WRITER(write_points, kin_job,
           vt_rate_points_write_csv(j->p.rate_K_per_s, j->p.Tp_K, j->sources, j->p.n,
                                    j->law == VT_RATE_EYRING, j->fit.line_a, j->fit.line_b_K, fp,
                                    NULL));

CLI_WRITER(write_row, kin_job, vt_rate_fit_write_csv(&j->fit, fp, NULL));

/* files[1]: the points file (--points or beside the picture). */
static int plot(const void *ctx, const char *const *files) {
  const kin_job *j = ctx;
  const vt_rate_fit *f = &j->fit;
  cli_script sc = {0};
  cli_gp_data(&sc, "datafile", files[1]);
  cli_script_add(&sc, "a = %.17g\nb = %.17g\neyring = %d\n", f->line_a, f->line_b_K,
                 f->law == VT_RATE_EYRING);
  if (f->law == VT_RATE_EYRING) {
    cli_gp_num(&sc, "H", f->eyring.H_J_per_mol / 1e3);
    cli_gp_num(&sc, "se_H", f->eyring.se_H_J_per_mol / 1e3);
    cli_gp_num(&sc, "S", f->eyring.S_J_per_mol_K);
    cli_gp_num(&sc, "se_S", f->eyring.se_S_J_per_mol_K);
  } else {
    cli_gp_num(&sc, "dE", f->kissinger.dE_J_per_mol / 1e3);
    cli_gp_num(&sc, "se_dE", f->kissinger.se_dE_J_per_mol / 1e3);
  }
  return cli_plot_with(j->cmd, j->o->plot, "kinetics", &sc);
}

/* ---- run --------------------------------------------------------------------------------- */

static int run(kin_job *j, const cli_out *outs) {
  const kin_opts *o = j->o;
  int status = CLI_FAIL, load;
  if (o->rates) {
    load = load_inline(j);
    status = CLI_USAGE; /* the values came from the command line */
  } else {
    load = o->table ? load_table(j) : load_curves(j, &status);
  }
  if (!load && !o->curves) load = name_sources(j, NULL);
  vt_error err;
  if (load) return status;
  if (vt_rate_fit_points(j->p.rate_K_per_s, j->p.Tp_K, j->p.n, j->law, &j->fit, &err))
    return cli_error(j->cmd, "%s", err.message), status;
  /* Quiet here means no summary; the "wrote" lines go to stderr as with every command. */
  if (cli_write_outputs(j->cmd, outs, 2, o->plot, plot, j, o->quiet)) return CLI_FAIL;
  if (!o->quiet) print_summary(cli_text_stream(o->output, o->points), j);
  return CLI_OK;
}

static int kinetics_main(int argc, char **argv, vt_rate_law law) {
  const cli_command *c = law == VT_RATE_EYRING ? &eyring_command : &kissinger_command;
  kin_opts o = {0};
  kin_job j = {.cmd = c->name, .law = law, .o = &o};
  int r = cli_parse(c, argc, argv, &o), st = CLI_USAGE;
  const cli_out outs[] = {{"-o", o.output, 0, NULL, write_row},
                          {"--points", o.points, 0, ".csv", write_points}};
  if (r == 1) st = CLI_OK;
  if (r == 0 && !check_input_choice(c->name, &o) && !check_curve_options(c->name, &o) &&
      !cli_check_outputs(c->name, outs, 2, o.plot))
    st = run(&j, outs);
  vt_rate_peaks_free(&j.p);
  free(j.source);
  free(j.sources);
  cli_opts_free(c, &o);
  return st;
}

int cmd_kissinger(int argc, char **argv) {
  return kinetics_main(argc, argv, VT_RATE_KISSINGER);
}

int cmd_eyring(int argc, char **argv) {
  return kinetics_main(argc, argv, VT_RATE_EYRING);
}
