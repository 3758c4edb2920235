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
  int table_stdout = !o->output || strcmp(o->output, "-") == 0;
  if (!(o->traces && strcmp(o->traces, "-") == 0 && (table_stdout || o->plot))) return 0;
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

static int plot(const void *ctx, const char *const *files) {
  const peaks_opts *o = (const peaks_opts *)((const cli_cal_job *)ctx)->opts;
  const vt_cal_run *run = ((const cli_cal_job *)ctx)->run;
  const cli_cal_settings *s = ((const cli_cal_job *)ctx)->s;
  const char *datafile = files[1];
  char q1[1024], q2[1024], windows[256] = "";
  size_t n = run->result.n;
  cli_script sc = {0};
  const double *g = run->result.glass_K, *l = run->result.liquid_K, C = VT_ZERO_CELSIUS_K;
  if (!isnan(g[0])) /* where the lines were fitted, shaded */
    snprintf(windows, sizeof windows,
             "set object 1 rect from %.6g, graph 0 to %.6g, graph 1 fc rgb '#eeeeee' "
             "fs solid noborder behind\nset object 2 rect from %.6g, graph 0 to %.6g, graph 1 "
             "fc rgb '#eeeeee' fs solid noborder behind\n",
             g[0] - C, g[1] - C, l[0] - C, l[1] - C);
  cli_script_add(&sc,
                 "if (!exists(\"datafile\")) datafile = '%s'\n"
                 "set title 'vitrum peaks: %s minus its reference' noenhanced\n"
                 "set xlabel 'temperature %s (C)'\nset ylabel 'difference (%s), endothermic up'\n"
                 "set grid\nset key outside right top font ',8' spacing 0.9\n%s"
                 "plot 0 with lines lc 'black' dt 2 notitle",
                 cli_gp_quote(datafile, q1, sizeof q1),
                 cli_gp_quote(cli_base_name(o->file), q2, sizeof q2),
                 run->result.axis == VT_CAL_AXIS_TS ? "Ts" : "Tr", s->table.flow_label, windows);
  for (size_t i = 0; i < n; i++) {
    char rgb[8], label[64], ql[160];
    cli_cal_palette(i, n, rgb);
    vt_cal_curve_label(&run->result, &((const cli_cal_job *)ctx)->t, i, label, sizeof label);
    cli_script_add(&sc,
                   ", \\\n  datafile skip 1 using ($1==%zu ? $3 : 1/0):4 with lines "
                   "lw 1.5 lc rgb '%s' title '%s' noenhanced",
                   run->result.curves[i].index, rgb, cli_gp_quote(label, ql, sizeof ql));
  }
  cli_script_add(&sc, "\n");
  return cli_script_plot(CMD, o->plot, &sc);
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
