/* vitrum peaks: relaxation peaks of measured heating scans, the library's calorimetry
 * (vt_cal_analyse) printed as a table, the difference curves and a picture. */
#include "cal_opts.h"
#include "cmd.h"

#define CMD "peaks"

typedef struct peaks_opts {
  const char *file, *curves, *ages, *output, *traces, *plot;
  size_t n_files;
  cli_cal_opts cal;
  int quiet;
} peaks_opts;

#define F(field) offsetof(peaks_opts, field)
static const cli_opt options[] = {
    CLI_S("--curves", CLI_TEXT, F(curves), "SPEC",
          "curves to analyse: 'all' (default), indices '0,3,5-7' or\n"
          "segments 'seg:87,81'; the references themselves are skipped"),
    CLI_S("--ages", CLI_TEXT, F(ages), "'LIST s'",
          "ageing time of each analysed curve in selection order ('all':\n"
          "by segment when every curve has one), for labels"),
    CLI_OUT("the table (default: standard output)"),
    CLI_S("--traces", CLI_OUTPUT, F(traces), "FILE",
          "the difference curves, long format: curve,segment,T_C,diff_U"),
    CLI_PLOT("picture of the differences (.png, .svg, .pdf) via gnuplot;\n"
             "FILE.gp beside it; its data in --traces or FILE_traces.csv"),
    CLI_END};

static const cli_command command = {
    .name = CMD,
    .usage = "FILE --reference SPEC [--curves SPEC] [options]",
    .about =
        "Relaxation (enthalpy-recovery) peaks of heating scans in a Mettler STARe export or curve\n"
        "CSV (see 'vitrum curves --help'). For each selected curve (an annealed sample's scan):\n"
        "  1. subtract the reference (one as-cooled scan or the average of several), interpolated\n"
        "     onto the curve's temperatures, over the temperatures both cover; all must be\n"
        "     heating scans at one constant rate (within 1 %);\n"
        "  2. remove the baseline (--baseline, default lines: see below);\n"
        "  3. measure the peak of the difference between the glass and liquid windows (over\n"
        "     --range when given): maximum (Tp, height), FWHM, extrapolated onset and end (the\n"
        "     tangent at the steepest point), on the difference smoothed over --smooth; a peak\n"
        "     lower than 3 times the noise (half the peak-to-peak range of the smoothed\n"
        "     difference in the windows) is not resolved: its Tp etc. are nan, its area stays.\n"
        "The area is the enthalpy: the integral of the difference over time (over T, divided by\n"
        "the rate), the same with or without --per-rate. 'vitrum tf' gives Tf and dH of the same\n"
        "analysis; 'vitrum kissinger --curves' takes Tp from it too.\n"
        "\n"
        "Output (CSV, one row per curve; units in the column names):\n"
        "  index,segment,name,rate_K_per_s,Tp_C,Tp_K,height_U,area_A,FWHM_K,onset_C,end_C,\n"
        "  noise_U,resolved,label\n"
        "  U = mW, W_per_g (--mass), W_per_mol (--molar-mass), mJ_per_K (--per-rate), ...;\n"
        "  A = mJ, J_per_g or J_per_mol.",
    .opts = options,
    CLI_CAL_QUIET(peaks_opts, CLI_CAL_REFERENCE),
    CLI_ONE_FILE(peaks_opts),
    .footer = CLI_EXIT_STATUS};

/* --traces - needs standard output to itself, and gnuplot reads the traces from a file. */
static int check_names(const peaks_opts *o) {
  int table_stdout = !o->output || cli_is_dash(o->output);
  if (!(cli_is_dash(o->traces) && (table_stdout || o->plot))) return 0;
  cli_error(CMD, "--traces -: standard output is taken by %s",
            o->plot ? "--plot (gnuplot reads the traces from a file)" : "the table (give -o)");
  return -1;
}

/* ---- Output ------------------------------------------------------------------------------ */

/* The library's tables (report.h); a failed write shows when the output set is committed. */
CLI_WRITER(write_table, cli_cal_job,
           vt_cal_peaks_write_csv(&j->run->result, &j->run->set, &j->t, fp, NULL));

CLI_WRITER(write_traces, cli_cal_job,
           vt_cal_differences_write_csv(&j->run->result, &j->t, fp, NULL));

/* The picture (plots/peaks.gp); files[1]: the traces it draws. */
static int plot(const void *ctx, const char *const *files) {
  const cli_cal_job *j = ctx;
  const vt_cal_result *r = &j->run->result;
  cli_script sc = {0};
  cli_gp_data(&sc, "datafile", files[1]);
  cli_gp_str(&sc, "file", cli_base_name(((const peaks_opts *)j->opts)->file));
  cli_gp_str(&sc, "axis", r->axis == VT_CAL_AXIS_TS ? "Ts" : "Tr");
  cli_gp_str(&sc, "unit", j->s->table.flow_label);
  int windows = !isnan(r->glass_K[0]); /* where the lines were fitted, shaded */
  const char *ends[] = {"g1", "g2", "l1", "l2"};
  cli_gp_num(&sc, "windows", windows);
  for (int k = 0; windows && k < 4; k++)
    cli_gp_num(&sc, ends[k], (k < 2 ? r->glass_K[k] : r->liquid_K[k - 2]) - VT_ZERO_CELSIUS_K);
  cli_gp_num(&sc, "n", (double)r->n);
  if (r->n) cli_script_add(&sc, "array curve[%zu]\narray label[%zu]\n", r->n, r->n);
  for (size_t i = 0; i < r->n; i++) {
    char var[32], label[64];
    snprintf(var, sizeof var, "curve[%zu]", i + 1);
    cli_gp_num(&sc, var, (double)r->curves[i].index);
    snprintf(var, sizeof var, "label[%zu]", i + 1);
    cli_gp_str(&sc, var, vt_cal_curve_label(r, &j->t, i, label, sizeof label));
  }
  return cli_plot_with(CMD, ((const peaks_opts *)j->opts)->plot, "peaks", &sc);
}

static void summary(const vt_cal_run *run) {
  const vt_cal_result *r = &run->result;
  fprintf(stderr, "vitrum peaks: %zu curve%s minus ", r->n, r->n == 1 ? "" : "s");
  cli_cal_print_references(run);
  fprintf(stderr, ", axis %s", r->axis == VT_CAL_AXIS_TS ? "Ts" : "Tr");
  if (!isnan(r->glass_K[0]))
    fprintf(stderr, ", windows glass %.4g to %.4g C, liquid %.4g to %.4g C%s",
            r->glass_K[0] - VT_ZERO_CELSIUS_K, r->glass_K[1] - VT_ZERO_CELSIUS_K,
            r->liquid_K[0] - VT_ZERO_CELSIUS_K, r->liquid_K[1] - VT_ZERO_CELSIUS_K,
            r->windows_automatic ? " (found on the reference)" : "");
  fputc('\n', stderr);
}

int cmd_peaks(int argc, char **argv) {
  peaks_opts o = {0};
  int r = cli_parse(&command, argc, argv, &o);
  if (r == 1) return CLI_OK;
  const cli_out outs[] = {{"-o", o.output, 1, NULL, write_table},
                          {"--traces", o.traces, 0, "_traces.csv", write_traces}};
  if (r < 0 || check_names(&o) || cli_check_outputs(CMD, outs, 2, o.plot)) return CLI_USAGE;
  cli_cal_settings s;
  vt_cal_run run;
  int st = cli_cal_run_file(CMD, &o.cal, o.ages, o.file, o.curves, 1, &s, &run);
  cli_cal_job j = {&o, &run, &s, cli_cal_table(&s, &run)};
  if (!st && cli_write_outputs(CMD, outs, 2, o.plot, plot, &j, o.quiet)) st = CLI_FAIL;
  if (!st && !o.quiet) summary(&run);
  vt_cal_run_free(&run);
  cli_cal_settings_free(&s);
  return st;
}
