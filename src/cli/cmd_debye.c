/* vitrum debye: fit paper 004's Debye recovery peak (Eqs. 3-4) to heat-flow peaks measured on
 * heating, one peak from a CSV table or every scan of a long-format map (`vitrum dsc
 * --anneal-T ... -o map.csv`), or the differences of measured scans (--curves), with the
 * gamma/beta' / beta / alpha class of each E*. The science (fit, classes, scans, batch numbers)
 * is the library's; this file reads the command line and writes the tables and pictures. */
#include "cal_opts.h"
#include "cmd.h"
#include "debye_out.h"

#define CMD "debye"

#define F(field) offsetof(debye_opts, field)
static const cli_opt options[] = {
    CLI_Q("--rate", F(rate), VT_DIM_RATE, "RATE",
          "heating rate R_h (required, but for --curves), e.g. '1000 K/s'",
          CLI_POSITIVE | CLI_NO_DEFAULT),
    CLI_S("--T-col", CLI_TEXT, F(T_col), "NAME",
          "temperature column (default: the first named T_<unit>)"),
    CLI_S("--y-col", CLI_TEXT, F(y_col), "NAME", "heat-flow column (default: the last column)"),
    CLI_R("--range", F(range_K), VT_DIM_TEMPERATURE, "'T1,T2 K'",
          "fit only T1 <= T <= T2 (K or C); with --curves the\n"
          "--range of the options below is this one: the fit's window",
          0),
    CLI_C("--law", F(law), "arrhenius|vft", "tau(T)"),
    CLI_Q("--Tg", F(Tg), VT_DIM_TEMPERATURE, "T", "with --fragility: print the class of E*",
          CLI_POSITIVE | CLI_NO_DEFAULT),
    CLI_Q("--fragility", F(m), VT_DIM_NONE, "M",
          "(gamma/beta' 20-60 kJ/mol, beta (26 +- 4) R Tg, alpha M R Tg ln 10;\n"
          "the nearest in ln E*)",
          CLI_POSITIVE | CLI_NO_DEFAULT),
    CLI_S("--curves", CLI_TEXT, F(curves), "FILE",
          "measured heating scans (Mettler STARe export or curve CSV):\n"
          "each selected scan minus the reference, corrected and\n"
          "measured as 'vitrum peaks' does (the options below: --reference\n"
          "(required), --temp, --endo, --glass, --liquid, --baseline,\n"
          "--mass, ...), fitted as a batch; --rate defaults to the scans'\n"
          "own (they must agree within 1 %); --range is the fit's window"),
    CLI_S("--select", CLI_TEXT, F(select), "SPEC",
          "the scans: all but the references (default), 0,3,5-7, seg:87"),
    CLI_S("--batch", CLI_TEXT, F(batch), "FILE",
          "long format, one peak per scan: the map of 'vitrum dsc\n"
          "--anneal-T LIST --anneal-t LIST -o map.csv' (T_a_K,t_a_s,T_K,\n"
          "dheat_flow_W_per_mol); the columns other than T and y identify\n"
          "the scan, a blank line or a change of them starts the next"),
    CLI_OUT("one-row CSV (batch: one row per scan: the grouping columns,\n"
            "dh, E_kJ_per_mol, their errors, ln_tau0_s, Tp_K, rms, class,\n"
            "status: 'ok' or why the fit failed, without stopping the batch)"),
    CLI_S("--fitted", CLI_OUTPUT, F(fitted), "FILE",
          "T_K, y, fit, residual (batch: per scan, long format)"),
    CLI_PLOT("picture (.png, .svg, .pdf) through gnuplot, FILE.gp beside it:\n"
             "data, fit and residuals (from --fitted or FILE_fitted.csv);\n"
             "batch: E* against the first grouping column coloured by dh,\n"
             "and E* against dh, with the class bands (from -o or FILE.csv)"),
    CLI_END};

static const cli_command command = {
    .name = CMD,
    .usage = "FILE --rate RATE [options]\n--batch FILE --rate RATE [options]\n"
             "--curves FILE --reference SPEC [options]",
    .about =
        "Fits the Debye recovery peak of paper 004 (Eqs. 3-4) to a heat-flow peak y(T) measured\n"
        "on heating at R_h (an annealed scan minus the as-cooled one, endothermic up):\n"
        "  y = Q0/tau(T) exp(-int_{T_s}^{T} dT'/(R_h tau(T'))),  T_s the first point,\n"
        "  tau = tau0 exp(E*/(R T)) (Arrhenius) or tau0 exp(D T0/(T - T0)) (VFT).\n"
        "Q0 is the peak's enthalpy dh (y x time: J/mol for y in W/mol, mJ for mW). The fit is\n"
        "least squares (GSL trust region); starting values come from the peak's position, height,\n"
        "area and width (FWHM ~ 2.446 R Tp^2/E*). Standard errors from the Jacobian, scaled by\n"
        "the residual variance. For VFT, E* is the apparent energy at the peak,\n"
        "R D T0 Tp^2/(Tp - T0)^2.\n"
        "\n"
        "input: CSV with a header naming the columns with units, e.g. T_K,dhf_W_per_mol or\n"
        "T_C,diff_mW or 'T [C],HF [mW]'; '#' starts a comment.\n"
        "\n"
        "output: the fitted values with standard errors on standard output (on standard error\n"
        "when -o or --fitted is '-'); in batch mode the table goes to standard output unless -o.",
    .opts = options,
    CLI_CAL_QUIET(debye_opts, 0),
    CLI_FILES(debye_opts, file, 0, 1),
    .footer = "Exit status: 0 success, 1 bad input or failed fit (batch: every fit failed), 2 bad\n"
              "command line. A failed run leaves no output file.\n"};

/* ---- the command line ---------------------------------------------------------------------- */

static int settle_input(const debye_opts *o, debye_job *j) {
  int inputs = !!o->file + !!o->batch + !!o->curves;
  if (inputs != 1)
    return cli_error(CMD, "%s (vitrum debye --help)",
                     inputs ? "give one of FILE, --batch FILE or --curves FILE"
                            : "no input: give FILE (one peak), --batch FILE (a map of scans) or "
                              "--curves FILE (measured scans)"),
           -1;
  if (!o->curves && (o->select || o->cal.reference))
    return cli_error(CMD, "%s applies to --curves input only",
                     o->select ? "--select" : "--reference"),
           -1;
  if (o->curves && !o->cal.reference)
    return cli_error(CMD, "--curves needs --reference SPEC: the as-cooled scan(s), e.g. 'seg:5,9'"),
           -1;
  if (isnan(o->rate) && !o->curves)
    return cli_error(CMD,
                     "--rate is required: the heating rate of the scans, e.g. --rate '1000 K/s'"),
           -1;
  if (isnan(o->Tg) != isnan(o->m))
    return cli_error(CMD, "--Tg and --fragility go together (the class ranges need both)"), -1;
  j->input = o->file ? o->file : o->batch ? o->batch : o->curves;
  j->batch = o->file == NULL;
  j->has_class = !isnan(o->Tg);
  j->rate = o->rate;
  return 0;
}

/* Standard output takes one table: -o - (or the batch table by default), or --fitted -. */
static int check_stdout(const debye_job *j) {
  const debye_opts *o = j->o;
  if (!cli_is_dash(o->fitted) || !(cli_is_dash(o->output) || (j->batch && !o->output))) return 0;
  if (o->output)
    cli_error(CMD, "-o and --fitted would both be written to standard output");
  else
    cli_error(CMD, "--fitted -: standard output is taken by the table (give -o FILE)");
  return -1;
}

/* ---- reading --------------------------------------------------------------------------------- */

/* FILE or --batch FILE into j->d; the exit status, 0 when read. */
static int read_table(debye_job *j) {
  const debye_opts *o = j->o;
  vt_error err;
  vt_scans_opts so = vt_scans_opts_default();
  so.grouped = j->batch;
  so.T_min_K = o->range_K[0], so.T_max_K = o->range_K[1];
  so.T_name = o->T_col, so.y_name = o->y_col;
  if (!vt_read_heat_flow_scans(j->input, &so, &j->d, &err)) return 0;
  cli_error(CMD, "%s", err.message);
  /* a named column the header lacks, or the y column is T's */
  return err.status == VT_EINVAL && (o->T_col || o->y_col) ? CLI_USAGE : CLI_FAIL;
}

/* The scans' own rate (they share it within 1 %), or --rate checked against it. */
static int curves_rate(debye_job *j, const vt_cal_result *r) {
  vt_error err;
  if (!vt_cal_common_rate(r, 0.01, &j->rate, &err)) return 0;
  cli_error(CMD, "%s: %s%s", j->input, err.message,
            isnan(j->o->rate) ? " like the first: one rate per run" : " (--rate)");
  return -1;
}

/* --curves: the library's calorimetry, one scan per analysed curve; the exit status. */
static int read_curves(debye_job *j) {
  const debye_opts *o = j->o;
  cli_cal_settings cs;
  if (cli_cal_settle(CMD, &o->cal, VT_CAL_BASELINE_LINES, &cs)) return CLI_USAGE;
  vt_cal_run run;
  char y_name[64];
  const vt_cal_table_opts *u = &cs.table;
  snprintf(y_name, sizeof y_name, "diff_%s", u->flow_unit);
  vt_cal_scans_opts so = {u->flow_factor, u->per_rate,   o->range_K[0],  o->range_K[1],
                          y_name,         u->flow_label, u->energy_label};
  vt_error err;
  int st = cli_cal_load(CMD, o->curves, &o->cal, "--select", o->select, 1, &cs, &run);
  if (!st) st = cli_cal_analyse(CMD, &cs, &run);
  if (!st && curves_rate(j, &run.result)) st = CLI_FAIL;
  if (!st && vt_cal_heat_flow_scans(&run.result, &so, &j->d, &err))
    st = CLI_FAIL, cli_error(CMD, "%s", err.message);
  vt_cal_run_free(&run);
  cli_cal_settings_free(&cs);
  return st;
}

/* ---- fits ------------------------------------------------------------------------------------ */

static void progress(void *ctx, size_t done, size_t total) {
  (void)ctx;
  cli_progress(CMD, done, total);
}

/* Every scan's fit (the library's batch) and the report the writers read. */
static int fit_all(debye_job *j) {
  const debye_opts *o = j->o;
  vt_debye_batch_opts bo = {o->law,
                            j->rate,
                            o->Tg,
                            o->m,
                            isnan(o->range_K[0]) ? NULL : "--range",
                            j->batch ? progress : NULL,
                            NULL};
  vt_error err;
  if (vt_debye_fit_scans(&j->d, &bo, &j->b, &err)) return cli_error(CMD, "%s", err.message), -1;
  j->rep = (vt_debye_report){&j->d,
                             j->b.fit,
                             j->b.status,
                             (const char *const *)j->b.message,
                             (const double *const *)j->b.fit_y,
                             o->law,
                             j->rate,
                             o->Tg,
                             o->m};
  return 0;
}

/* ---- the run --------------------------------------------------------------------------------- */

/* The fits' outcome: 0 to write, else the exit status (the single fit or every scan failed). */
static int judge(const debye_job *j) {
  if (!j->batch && j->b.status[0]) {
    cli_error(CMD, "%s: %s", j->input, j->b.message[0] ? j->b.message[0] : "out of memory");
    return CLI_FAIL;
  }
  if (j->batch && j->b.summary.n_fitted == 0) {
    debye_print_batch_summary(j);
    cli_error(CMD, "%s: none of the %zu scans could be fitted", j->input, j->b.summary.n);
    return CLI_FAIL;
  }
  return 0;
}

static int run(debye_job *j, const cli_out *outs) {
  const debye_opts *o = j->o;
  int st = o->curves ? read_curves(j) : read_table(j);
  if (!st && fit_all(j)) st = CLI_FAIL;
  if (!st) st = judge(j);
  if (!st && cli_write_outputs(CMD, outs, 2, o->plot, debye_plot, j, o->quiet)) st = CLI_FAIL;
  if (!st && j->batch) debye_print_batch_summary(j);
  if (!st && !j->batch && !o->quiet) debye_print_summary(cli_text_stream(o->output, o->fitted), j);
  return st;
}

/* The library's tables (report.h): the one-row CSV, the batch table, the fitted curves (T, y,
 * fit, residual; a batch's per scan after its index and grouping fields). */
CLI_WRITER(debye_write_row, debye_job, vt_debye_row_write_csv(&j->rep, fp, NULL));
CLI_WRITER(debye_write_table, debye_job, vt_debye_table_write_csv(&j->rep, fp, NULL));
CLI_WRITER(debye_write_fitted, debye_job, vt_debye_fitted_write_csv(&j->rep, j->batch, fp, NULL));

int cmd_debye(int argc, char **argv) {
  debye_opts o = {.rate = NAN, .range_K = {NAN, NAN}, .Tg = NAN, .m = NAN, .law = VT_TAU_ARRHENIUS};
  int r = cli_parse(&command, argc, argv, &o);
  if (r == 1) return CLI_OK;
  debye_job j = {.o = &o};
  if (r < 0 || settle_input(&o, &j) || check_stdout(&j)) return CLI_USAGE;
  /* The plot reads the table of a batch (FILE.csv without -o), the fitted curves of one peak. */
  const cli_out outs[] = {
      {"-o", o.output, j.batch, j.batch ? ".csv" : NULL,
       j.batch ? debye_write_table : debye_write_row},
      {"--fitted", o.fitted, 0, j.batch ? NULL : "_fitted.csv", debye_write_fitted}};
  if (cli_check_outputs(CMD, outs, 2, o.plot)) return CLI_USAGE;
  int st = run(&j, outs);
  vt_debye_batch_free(&j.b);
  vt_heat_flow_scans_free(&j.d);
  return st;
}
