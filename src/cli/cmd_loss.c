/* vitrum loss: fit the loss modulus E''(T) of a DMA temperature sweep at one frequency with
 * Havriliak-Negami and Debye terms plus a constant background (paper 004, Eqs. 1-2; Fig. 2C).
 * The command reads the sweep, turns each --peak KIND:Tp[:E] into starting values
 * (vt_loss_start_parse, vt_loss_guess), runs vt_loss_fit_run and writes the summary, the
 * per-peak CSV, the fitted curves and a plot. */
#include "cal_opts.h"
#include "cmd.h"

#define CMD       "loss"
#define MAX_PEAKS 4

typedef struct loss_opts {
  const char *file, *T_col, *y_col, *output, *fitted, *plot;
  double freq_Hz;         /* NaN: not given */
  double range_K[2];      /* NaN: the whole sweep */
  const char **peak_text; /* every --peak */
  size_t n_files, n_peaks;
  int logy, quiet;
} loss_opts;

/* One run: the terms from the options, the sweep, the fit and its terms' maxima. */
typedef struct job {
  const loss_opts *o;
  vt_loss_start start[MAX_PEAKS];
  vt_loss_sweep s;
  vt_loss_analysis a;
} job;

/* ---- Command line ------------------------------------------------------------------------- */

#define F(field) offsetof(loss_opts, field)
static const cli_opt options[] = {
    CLI_QE("--freq", F(freq_Hz), VT_DIM_FREQUENCY, "F",
           "the frequency (required): '2 Hz' (Hz, mHz, kHz) or '12.57 rad/s'",
           CLI_POSITIVE | CLI_NO_DEFAULT | VT_OPTION_EXPECT_READ,
           "expected a positive frequency in Hz, mHz, kHz or rad/s, e.g. '2 Hz'"),
    CLI_TS("--peak", F(peak_text), F(n_peaks), "KIND:Tp[:E]",
           "one term per --peak (1 to 4): KIND hn or debye, Tp where its\n"
           "maximum lies, E a starting activation energy, e.g. hn:480K,\n"
           "debye:400K:86kJ/mol, hn:207C:340kJ/mol. Without E, E comes from\n"
           "the half width of the data around Tp (of the two sides, the\n"
           "narrower: a neighbouring peak only widens its own side): a Debye\n"
           "peak is 2 ln(2 + sqrt 3) R/E = 2.634 R/E wide in 1/T; an HN term\n"
           "starts at a = b = 0.5, correspondingly wider. Starting dE from\n"
           "the height above the lowest point (2x it for Debye), tau0 from\n"
           "the maximum at Tp, the background at the lowest point"),
    CLI_S("--T-col", CLI_TEXT, F(T_col), "COL",
          "the temperature column by header name or number (1 = first);\n"
          "'COL:UNIT' gives the unit when the header has none"),
    CLI_S("--y-col", CLI_TEXT, F(y_col), "COL", "the loss-modulus column, the same way"),
    CLI_R("--range", F(range_K), VT_DIM_TEMPERATURE, "'T1,T2 C'", "fit only T1 <= T <= T2 (K or C)",
          0),
    CLI_OUT("CSV, one row per peak: peak,kind,E_act_J_per_mol,\n"
            "se_E_act_J_per_mol,ln_tau0_s,se_ln_tau0,tau0_s,dE_Pa,se_dE_Pa,a,\n"
            "se_a,b,se_b,T_max_K,loss_max_Pa,background_Pa,se_background_Pa,\n"
            "rms_residual_Pa,r2,freq_Hz,n_points,iterations (Debye: a = b = 1\n"
            "with se 0; se nan for an a or b at the edge 1 of its box)"),
    CLI_S("--fitted", CLI_OUTPUT, F(fitted), "FILE",
          "T_K,T_C,loss_MPa,fit_MPa,residual_MPa,peak1_MPa,...,background_MPa"),
    CLI_PLOT("picture (.png, .svg, .pdf) through gnuplot, FILE.gp beside it:\n"
             "data, total fit and the terms (from --fitted or FILE_fitted.csv)"),
    CLI_F("--logy", F(logy), "logarithmic E'' axis in the plot"),
    CLI_F("-q|--quiet", F(quiet), "no summary"),
    CLI_END};

static const cli_command command = {
    .name = CMD,
    .usage = "FILE --freq F --peak KIND:Tp[:E] [--peak ...] [options]",
    .about =
        "Fits the loss modulus E''(T) of a DMA temperature sweep at one frequency f with 1 to 4\n"
        "relaxation terms plus a constant background B (paper 004, Eqs. 1-2):\n"
        "  E'' = B + sum_k dE_k r_k^-b_k sin(b_k theta_k),  1 + (w tau_k)^a_k e^{i a_k pi/2} =\n"
        "        r_k e^{i theta_k},  w = 2 pi f,  tau_k = tau0_k exp(E_k/(R T))\n"
        "Havriliak-Negami (hn) terms fit a and b in (0, 1]; Debye terms have a = b = 1 (their\n"
        "maximum is dE/2 where w tau = 1). Least squares (GSL trust region); standard errors from\n"
        "the Jacobian scaled by the residual variance.\n"
        "\n"
        "input: CSV with a header naming the columns with units; '#' starts a comment:\n"
        "  temperature    T_K, T_C, 'T [C]', 'Temperature (K)', Temp_C\n"
        "  loss modulus   E2_Pa, E2_MPa, E2_GPa, \"E'' [MPa]\", loss_modulus_MPa, 'G'' [Pa]'\n"
        "                 (Pa, kPa, MPa, GPa); rows sorted by rising temperature\n"
        "\n"
        "The fitted values with standard errors go to standard output (to standard error when\n"
        "-o or --fitted is '-').",
    .opts = options,
    CLI_ONE_FILE(loss_opts),
    .footer = "Exit status: 0 success, 1 bad input or failed fit, 2 bad command line. A failed "
              "run\nleaves no output file.\n"};

/* The frequency given, the terms, and standard output for one table at most. */
static int settle(const loss_opts *o, job *j) {
  vt_error err;
  if (isnan(o->freq_Hz))
    return cli_error(CMD, "--freq is required: the DMA frequency, e.g. --freq '2 Hz'"), -1;
  if (o->n_peaks > MAX_PEAKS)
    return cli_error(CMD, "more than %d --peak options: the fit takes 1 to %d terms", MAX_PEAKS,
                     MAX_PEAKS),
           -1;
  if (o->n_peaks == 0)
    return cli_error(CMD, "no --peak: give 1 to %d terms, e.g. --peak hn:480K --peak debye:400K",
                     MAX_PEAKS),
           -1;
  for (size_t k = 0; k < o->n_peaks; k++)
    if (vt_loss_start_parse(o->peak_text[k], &j->start[k], &err))
      return cli_error(CMD, "--peak '%s': %s", o->peak_text[k], err.message), -1;
  if (cli_is_dash(o->fitted) && (cli_is_dash(o->output) || o->plot))
    return cli_error(CMD, "--fitted -: standard output is taken by %s",
                     o->plot ? "--plot (gnuplot reads the curves from a file)" : "-o -"),
           -1;
  return 0;
}

/* ---- Reading the sweep ---------------------------------------------------------------------- */

/* The sweep through the library, --T-col and --y-col the column specs; 0 or the exit status
 * (2 for a spec or column choice the library refuses as invalid). */
static int load(const loss_opts *o, job *j) {
  vt_error err;
  vt_sweep_opts so = vt_sweep_opts_default();
  so.T_spec = o->T_col, so.y_spec = o->y_col;
  if (!vt_read_loss_sweep(o->file, &so, &j->s, &err)) return 0;
  cli_error(CMD, "%s", err.message);
  return err.status == VT_EINVAL ? CLI_USAGE : CLI_FAIL;
}

/* ---- The summary ---------------------------------------------------------------------------- */

static void print_summary(FILE *fp, const job *j) {
  const vt_loss_sweep *s = &j->s;
  fprintf(fp, "vitrum loss: %s, %zu points, %.2f .. %.2f K (columns '%s', '%s'), f = %g Hz\n",
          j->o->file, s->n, s->T_K[0], s->T_K[s->n - 1], s->T_name, s->y_name, j->o->freq_Hz);
  vt_loss_analysis_write_summary(&j->a, j->start, j->o->peak_text, fp, NULL);
}

/* ---- Output files and the plot --------------------------------------------------------------- */

/* The library's tables (report.h); a failed write shows when the output set is committed. */
CLI_WRITER(write_table, job,
           vt_loss_fit_write_csv(&j->a.fit, j->a.T_max_K, j->a.loss_max_Pa, j->o->freq_Hz, j->s.n,
                                 fp, NULL));

CLI_WRITER(write_fitted, job, vt_loss_fitted_write_csv(&j->s, &j->a.fit, j->o->freq_Hz, fp, NULL));

/* files[1]: the fitted curves (--fitted or beside the picture). */
static int plot(const void *ctx, const char *const *files) {
  const job *j = ctx;
  cli_script sc = {0};
  double E_kJ[MAX_PEAKS];
  char kinds[8 * MAX_PEAKS] = "";
  for (size_t k = 0; k < j->a.fit.n_peaks; k++) {
    E_kJ[k] = j->a.fit.peaks[k].E_act_J_per_mol / 1e3;
    strcat(kinds, k ? " " : "");
    strcat(kinds, j->a.fit.peaks[k].havriliak_negami ? "HN" : "Debye");
  }
  cli_gp_data(&sc, "datafile", files[1]);
  cli_gp_str(&sc, "file", cli_base_name(j->o->file));
  cli_gp_num(&sc, "freq", j->o->freq_Hz);
  cli_gp_num(&sc, "celsius", j->s.T_celsius);
  cli_gp_num(&sc, "logy", j->o->logy);
  cli_gp_num(&sc, "n_peaks", (double)j->a.fit.n_peaks);
  cli_gp_str(&sc, "kinds", kinds);
  cli_gp_array(&sc, "E", E_kJ, j->a.fit.n_peaks, "%.10g");
  cli_gp_num(&sc, "background", j->a.fit.background_Pa / 1e6);
  return cli_plot_with(CMD, j->o->plot, "loss", &sc);
}

/* ---- Run ------------------------------------------------------------------------------------ */

/* Starting values, the fit and its terms' maxima (the library's); a term's failed start is
 * said with its --peak. */
static int fit(job *j) {
  const vt_loss_sweep *s = &j->s;
  const loss_opts *o = j->o;
  vt_error err;
  size_t n = o->n_peaks;
  if (!vt_loss_analyse(s->T_K, s->loss_Pa, s->n, o->freq_Hz, j->start, n, o->peak_text, &j->a,
                       &err))
    return 0;
  size_t bad = j->a.failed;
  if (bad >= n)
    cli_error(CMD, "%s%s: %s", o->file, isnan(o->range_K[0]) ? "" : " within --range", err.message);
  else if (err.status == VT_ENUMERIC) /* E could not come from the width: say how to give it */
    cli_error(CMD, "--peak '%s': %s, e.g. %s:%gK:100kJ/mol", o->peak_text[bad], err.message,
              j->start[bad].havriliak_negami ? "hn" : "debye", j->start[bad].Tp_K);
  else
    cli_error(CMD, "--peak '%s': %s", o->peak_text[bad], err.message);
  return -1;
}

/* A converged fit can still leave a term undetermined (the library's judgement): a note. */
static void note_undetermined(const vt_loss_fit *f) {
  for (size_t k = 0; k < f->n_peaks; k++) {
    if (!f->peaks[k].undetermined) continue;
    fputs("vitrum loss: note: ", stderr);
    vt_loss_peak_write_note(&f->peaks[k], k + 1, stderr, NULL);
  }
}

static int run(job *j, const cli_out *outs) {
  const loss_opts *o = j->o;
  int status = load(o, j);
  if (!status && !isnan(o->range_K[0]))
    vt_loss_sweep_restrict(&j->s, o->range_K[0], o->range_K[1], NULL);
  if (!status && fit(j)) status = CLI_FAIL;
  /* Quiet here means no summary; the "wrote" lines go to stderr as with every command. */
  if (!status && cli_write_outputs(CMD, outs, 2, o->plot, plot, j, o->quiet)) status = CLI_FAIL;
  if (!status && !o->quiet) {
    print_summary(cli_text_stream(o->output, o->fitted), j);
    note_undetermined(&j->a.fit);
  }
  return status;
}

int cmd_loss(int argc, char **argv) {
  loss_opts o = {.freq_Hz = NAN, .range_K = {NAN, NAN}};
  job j = {.o = &o};
  int r = cli_parse(&command, argc, argv, &o), st = CLI_USAGE;
  const cli_out outs[] = {{"-o", o.output, 0, NULL, write_table},
                          {"--fitted", o.fitted, 0, "_fitted.csv", write_fitted}};
  if (r == 1) st = CLI_OK;
  if (r == 0 && !settle(&o, &j) && !cli_check_outputs(CMD, outs, 2, o.plot)) st = run(&j, outs);
  vt_loss_sweep_free(&j.s);
  cli_opts_free(&command, &o);
  return st;
}
