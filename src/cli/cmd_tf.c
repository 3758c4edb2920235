/* vitrum tf: fictive temperature and relaxation enthalpy of every scan of a measured export
 * (Moynihan's equal area, each sample's lines moved onto the reference's), Tg of the reference. */
#include "cal_opts.h"
#include "cmd.h"

#define CMD             "tf"
#define DH_DISAGREEMENT 0.10 /* relative: warn when the two enthalpies differ by more */

typedef struct tf_opts {
  const char *file, *curves, *ages, *output, *plot;
  size_t n_files;
  cli_cal_opts cal;
  int quiet;
} tf_opts;

#define F(field) offsetof(tf_opts, field)
static const cli_opt options[] = {
    CLI_S("--curves", CLI_TEXT, F(curves), "SPEC",
          "curves: 'all' (default), '0,3,5-7' or 'seg:15,21,27'"),
    CLI_S("--ages", CLI_TEXT, F(ages), "'LIST s'",
          "ageing time of each selected curve that is not a\n"
          "reference, in selection order ('all': by segment, the\n"
          "method's order, when every curve has one, else file order;\n"
          "a list such as seg:15,21,27: that order); labels and the\n"
          "plot's log axis use them"),
    CLI_OUT("the table (default: standard output)"),
    CLI_PLOT("Tf and dH against ageing time (.png, .svg, .pdf), FILE.gp\n"
             "beside it; its data in -o or FILE.csv"),
    CLI_END};

static const cli_command command = {
    .name = CMD,
    .usage = "FILE --reference SPEC [--curves SPEC] [--ages 'LIST s'] [options]",
    .about =
        "Fictive temperature Tf and relaxation enthalpy dH of every selected heating scan of a\n"
        "Mettler STARe export or curve CSV against the unaged reference scan(s):\n"
        "  1. the reference: one scan or the average of several (--reference seg:5,9);\n"
        "  2. glass and liquid lines by least squares over two windows (--glass, --liquid, or\n"
        "     found on the reference, printed); each sample's lines are moved onto the\n"
        "     reference's (--baseline lines: drift between two scans of one sample);\n"
        "  3. Tf by Moynihan's equal area, int_Tf^T2 (liquid - glass) dT = int_T1^T2 (y -\n"
        "     glass) dT, T1 the glass window's start, T2 the liquid window's end; its standard\n"
        "     error from the line fits (an absolute uncertainty: differences between scans\n"
        "     sharing the reference's lines are much better determined);\n"
        "  4. dH two ways: the area of the corrected sample minus the reference over T1..T2\n"
        "     (over time: divided by the rate), and dCp (Tf_ref - Tf); a warning when they\n"
        "     differ by more than 10 %. Positive: enthalpy lost on ageing, recovered on heating;\n"
        "  5. Tg of the reference by ISO 11357-2 (onset, half-step midpoint, inflection, end);\n"
        "  6. the peak of the corrected difference between the windows (Tp, height, FWHM) when\n"
        "     it is at least 3 times the noise (half the peak-to-peak range of the smoothed\n"
        "     difference in the windows); below that only its area counts.\n"
        "\n"
        "Output (CSV, one row per curve, the references included; units in the names):\n"
        "  index,segment,label,age_s,rate_K_per_s,Tf_K,Tf_C,Tf_se_K,dH_area_E,dH_area_se_E,\n"
        "  dH_tf_E,noise_F,resolved,Tp_C,height_F,FWHM_K,name\n"
        "  E = mJ, J_per_g (--mass) or J_per_mol (--molar-mass); F = mW, W_per_g, W_per_mol.",
    .opts = options,
    CLI_CAL_QUIET(tf_opts, CLI_CAL_REFERENCE),
    CLI_ONE_FILE(tf_opts),
    .footer = CLI_EXIT_STATUS};

/* ---- Output ------------------------------------------------------------------------------- */

/* The library's table (report.h); a failed write shows when the output set is committed. */
CLI_WRITER(write_table, cli_cal_job,
           vt_cal_tf_write_csv(&j->run->result, &j->run->set, &j->t, fp, NULL));

/* The line naming the curves, then the library's summary of the reference. */
static void summary(const cli_cal_job *j) {
  const tf_opts *o = j->opts;
  const vt_cal_run *run = j->run;
  const vt_cal_result *r = &run->result;
  fprintf(stderr, "vitrum tf: %s: %zu curve%s against ", cli_base_name(o->file), r->n,
          r->n == 1 ? "" : "s");
  cli_cal_print_references(run);
  fprintf(stderr, ", axis %s, %.6g K/s\n", r->axis == VT_CAL_AXIS_TS ? "Ts" : "Tr",
          r->reference.rate_K_per_s);
  vt_cal_tf_write_summary(r, &j->t, stderr, NULL);
}

/* The picture (plots/tf.gp) of the table files[0]. */
static int plot(const void *ctx, const char *const *files) {
  const cli_cal_job *j = ctx;
  const tf_opts *o = j->opts;
  double Tf_ref = j->run->result.reference.Tf_K;
  cli_script sc = {0};
  cli_gp_data(&sc, "datafile", files[0]);
  cli_gp_str(&sc, "file", cli_base_name(o->file));
  cli_gp_num(&sc, "ages", j->s->n_ages > 0);
  cli_gp_str(&sc, "unit", j->s->table.energy_label);
  if (isfinite(Tf_ref)) /* the reference as a dashed line (it has no ageing time) */
    cli_gp_num(&sc, "Tf_ref", Tf_ref - VT_ZERO_CELSIUS_K);
  return cli_plot_with(CMD, o->plot, "tf", &sc);
}

int cmd_tf(int argc, char **argv) {
  tf_opts o = {0};
  int r = cli_parse(&command, argc, argv, &o);
  if (r == 1) return CLI_OK;
  if (r < 0) return CLI_USAGE;
  cli_cal_settings s;
  vt_cal_run run;
  int st = cli_cal_run_file(CMD, &o.cal, o.ages, o.file, o.curves, 0, &s, &run);
  cli_cal_job j = {&o, &run, &s, cli_cal_table(&s, &run)};
  const cli_out table = {"-o", o.output, 1, ".csv", write_table};
  if (!st && cli_write_outputs(CMD, &table, 1, o.plot, plot, &j, o.quiet)) st = CLI_FAIL;
  if (!st) {
    if (!o.quiet) summary(&j);
    vt_cal_tf_write_warnings(&run.result, &j.t, DH_DISAGREEMENT, "vitrum " CMD ": ", NULL, stderr,
                             NULL);
  }
  vt_cal_run_free(&run);
  cli_cal_settings_free(&s);
  return st;
}
