/* vitrum pdf: X-ray total scattering patterns -> Faber-Ziman S(Q), G(r), the pair weights w_ij
 * and the first-peak metrics of paper 001 (Methods, Fig. 5), one pattern or a time series. */
#include "cmd.h"
#include "vitrum/report.h"

#define CMD       "pdf"
#define MAX_FILES 4096

typedef struct pdf_opts {
  const char *files[MAX_FILES];
  size_t n_files;
  const char *composition, *wavelength, *background;
  const char *output, *sq, *gr, *weights, *plot;
  vt_pattern_read_options read; /* the library's structs, their rows from pdf.h's tables */
  vt_sq_options sq_opts;
  vt_r_grid_options r_grid;
  vt_first_peak_options peak;
  double *times;
  size_t n_times;
  int lorch, no_split, quiet;
} pdf_opts;

#define F(field) offsetof(pdf_opts, field)
static const cli_opt options[] = {
    CLI_S("--composition", CLI_TEXT, F(composition), "FORMULA",
          "e.g. Ti16.7Zr16.7Hf16.7Cu16.7Ni16.7Be16.7 or Cu56Zr44 (required)"),
    CLI_S("--wavelength", CLI_TEXT, F(wavelength), "L",
          "for 2theta: '0.2065 A', '0.02065 nm' or an energy '60.037 keV'"),
    CLI_TABLE_AT(vt_pattern_read_option_table, F(read)),
    CLI_S("--background", CLI_TEXT, F(background), "FILE",
          "background pattern (same format), subtracted as I - b I_bkg"),
    CLI_Q("--bkg-scale", F(sq_opts.background_scale), VT_DIM_NONE, "B", "b", 0),
    CLI_L("--times", F(times), F(n_times), VT_DIM_TIME, "LIST",
          "times of the patterns, '0,5,10 s', for files without a time column\n"
          "(without either, time_s is nan and plots use the frame)",
          0),
    CLI_TABLE_AT(vt_sq_option_table, F(sq_opts)),
    CLI_TABLE_AT(vt_r_grid_option_table, F(r_grid)),
    CLI_F("--lorch", F(lorch), "Lorch modification: damps termination ripples, broadens peaks"),
    CLI_TABLE_AT(vt_first_peak_option_table, F(peak)),
    CLI_F("--no-split", F(no_split), "position and FWHM only, no two-Gaussian decomposition"),
    CLI_OUT("first-peak table (default standard output), one row per pattern:\n"
            "frame,time_s,Q_min_inv_A,Q_max_inv_A,norm_factor,S_mean_norm,peak_r_A,\n"
            "peak_G_inv_A2,FWHM_A,r_half_lo_A,r_half_hi_A,area_inv_A,\n"
            "sub1_r_A,sub1_se_r_A,sub1_FWHM_A,sub1_se_FWHM_A,sub1_area_inv_A,\n"
            "sub1_se_area_inv_A, sub2_... (the same), split_rms_inv_A2,split_r2,source\n"
            "(sub1 is the left, short-bond sub-peak; nan without the split)"),
    CLI_S("--sq", CLI_OUTPUT, F(sq), "FILE", "frame,time_s,Q_inv_A,I_coh_per_atom,S,F_inv_A"),
    CLI_S("--gr", CLI_OUTPUT, F(gr), "FILE", "frame,time_s,r_A,G_inv_A2"),
    CLI_S("--weights", CLI_OUTPUT, F(weights), "FILE",
          "pair,element_i,element_j,Z_i,Z_j,c_i,c_j,f0_i,f0_j,w_ij with\n"
          "w_ij = (2 - delta_ij) c_i c_j f_i(0) f_j(0) / <f(0)>^2"),
    CLI_PLOT("S(Q), G(r) and the first peak with its sub-peaks (a series: S(Q), G(r)\n"
             "near the first peak, position and FWHM against time) as .png, .svg or\n"
             ".pdf via gnuplot, FILE.gp beside it; its data in --sq/--gr/-o or\n"
             "FILE_sq.csv, FILE_gr.csv, FILE_peaks.csv"),
    CLI_END};

static const cli_command command = {
    .name = CMD,
    .usage = "FILE... --composition FORMULA [options]\n"
             "--composition FORMULA --weights FILE   (the weight table alone)",
    .about =
        "X-ray total scattering of a glass (paper 001, Methods and Fig. 5). For each integrated\n"
        "pattern I(Q), or I(2theta) with --wavelength (Q = 4 pi sin(theta)/lambda):\n"
        "  1. I_coh = alpha (I - b I_bkg) - Compton (optional), per atom in electron units;\n"
        "  2. Faber-Ziman S(Q) = [I_coh - (<f^2> - <f>^2)] / <f>^2, form factors f_i(Q) from\n"
        "     xraylib; alpha is the least-squares scale that makes S -> 1 over --norm-range;\n"
        "     F(Q) = Q [S(Q) - 1];\n"
        "  3. G(r) = (2/pi) int_Qmin^Qmax F(Q) M(Q) sin(Qr) dQ, M = 1 or the Lorch function\n"
        "     sin(Q D)/(Q D), D = pi/Qmax (--lorch); exact for F linear between the data points;\n"
        "  4. the first peak of G(r): position, FWHM, area, and two Gaussian sub-peaks "
        "(positions,\n"
        "     FWHMs, areas with standard errors; nonlinear least squares).\n"
        "Several patterns (files, or a time column in a file) make a series: the table gives the\n"
        "first-peak position and FWHM against time.\n"
        "\n"
        "Input files: '#' comments, a header naming the columns with units, comma- or\n"
        "whitespace-separated: 'Q_inv_A,I', 'Q [1/nm],intensity', '2theta_deg,I', '# q_nm^-1 I'\n"
        "(pyFAI); an optional time column (time_s, 't [min]') splits a file into a series.",
    .opts = options,
    CLI_QUIET(pdf_opts),
    CLI_FILES(pdf_opts, files, 0, MAX_FILES)};

static void help_tail(void) {
  vt_r_grid_options g = vt_r_grid_options_default();
  printf("\nThe r grid runs from %g to %g A in steps of %g A unless --rmin, --rmax, --dr say.\n"
         "\nExit status: 0 success, 1 bad input, 2 bad command line.\n",
         g.r_min_A, g.r_max_A, g.dr_A);
}

/* A run: what the options leave to the command (the composition parsed, the r grid built),
 * the patterns read as frames and their analyses; what the writers and the plot read. */
typedef struct pdf_run {
  const pdf_opts *o;
  vt_composition comp;
  double *r_A;
  size_t n_r;
  vt_pattern_set *sets, bkg;
  size_t n_sets, n_frames;
  vt_pdf_frame *frames;
} pdf_run;

/* The wavelength, a length or a photon energy (lambda = h c / E); 0, or -1 printed. */
static int wavelength(pdf_opts *o) {
  vt_error err;
  if (!o->wavelength || !vt_pdf_parse_wavelength(o->wavelength, &o->read.wavelength_A, &err))
    return 0;
  return cli_error(CMD, "--wavelength %s", err.message), -1;
}

/* The combinations of options the command rejects, and the r grid. */
static int combinations(pdf_opts *o, pdf_run *s) {
  vt_error err;
  if (o->sq_opts.background_scale != vt_sq_options_default().background_scale && !o->background)
    return cli_error(CMD, "--bkg-scale needs --background FILE"), -1;
  if (!isnan(o->sq_opts.norm_factor) && !isnan(o->sq_opts.norm_Q_lo_inv_A))
    return cli_error(CMD, "give --norm-range (fit alpha there) or --norm-factor (fixed alpha), "
                          "not both"),
           -1;
  if (vt_pdf_r_grid(&o->r_grid, &s->r_A, &s->n_r, &err))
    return cli_error(CMD, "%s", err.message), -1;
  o->peak.split = !o->no_split;
  return 0;
}

/* The files of a run (cli_write_outputs' order: the plot reads files[0..2]); the first-peak
 * table only with patterns, beside the picture only for a series. */
static void pdf_outs(const pdf_opts *o, int series, cli_out outs[4]);

/* At most one output on standard output; gnuplot reads files; no two outputs share a name. */
static int check_names(const pdf_opts *o) {
  const char *names[4] = {o->output, o->sq, o->gr, o->weights};
  const char *flags[4] = {"-o", "--sq", "--gr", "--weights"};
  int table_stdout = o->n_files > 0 && (!o->output || cli_is_dash(o->output));
  for (int k = 1; k < 4; k++) {
    if (!cli_is_dash(names[k])) continue;
    if (table_stdout)
      return cli_error(CMD, "%s -: standard output is taken by the first-peak table (give -o)",
                       flags[k]),
             -1;
    if (o->plot && k < 3)
      return cli_error(CMD, "%s -: --plot needs the data in a file (gnuplot reads it)", flags[k]),
             -1;
    table_stdout = 1;
  }
  cli_out outs[4];
  pdf_outs(o, 0, outs);
  if (cli_check_outputs(CMD, outs, 4, o->plot)) return -1;
  if ((o->sq || o->gr || o->plot || o->output) && o->n_files == 0)
    return cli_error(CMD, "-o, --sq, --gr and --plot need pattern FILEs"), -1;
  return 0;
}

static int settle(pdf_opts *o, pdf_run *s) {
  vt_error err;
  memset(s, 0, sizeof *s);
  s->o = o;
  if (!o->composition)
    return cli_error(CMD, "--composition FORMULA is required, e.g. --composition Cu56Zr44"), -1;
  if (o->n_files == 0 && !o->weights)
    return cli_error(CMD, "FILE is required (or --weights FILE for the weight table alone)"), -1;
  if (vt_composition_parse(o->composition, &s->comp, &err))
    return cli_error(CMD, "--composition: %s", err.message), -1;
  return wavelength(o) || combinations(o, s) || check_names(o) ? -1 : 0;
}

/* ---- Input ----------------------------------------------------------------------------------- */

static void run_free(pdf_run *in) {
  for (size_t k = 0; in->frames && k < in->n_frames; k++) vt_pdf_result_free(&in->frames[k].res);
  free(in->frames);
  for (size_t k = 0; in->sets && k < in->n_sets; k++) vt_pattern_set_free(&in->sets[k]);
  free(in->sets);
  vt_pattern_set_free(&in->bkg);
  free(in->r_A);
}

/* Every file's patterns as frames, with their times (--times or the files' time columns).
 * Returns an exit status. */
static int read_inputs(pdf_run *in) {
  const pdf_opts *o = in->o;
  vt_error err;
  size_t total = 0;
  int has_time = 0;
  if (!(in->sets = calloc(o->n_files, sizeof *in->sets)))
    return cli_error(CMD, "out of memory"), CLI_FAIL;
  for (; in->n_sets < o->n_files; in->n_sets++) {
    if (vt_read_pattern_csv(o->files[in->n_sets], &o->read, &in->sets[in->n_sets], &err))
      return cli_error(CMD, "%s", err.message), CLI_FAIL;
    total += in->sets[in->n_sets].n;
    has_time |= !isnan(in->sets[in->n_sets].patterns[0].time_s);
  }
  if (o->background && vt_read_pattern_csv(o->background, &o->read, &in->bkg, &err))
    return cli_error(CMD, "--background: %s", err.message), CLI_FAIL;
  if (o->background && in->bkg.n != 1)
    return cli_error(CMD, "--background %s holds %zu patterns; expected one", o->background,
                     in->bkg.n),
           CLI_FAIL;
  if (o->times && (has_time || o->n_times != total))
    return cli_error(CMD,
                     has_time ? "--times: the files have a time column already"
                              : "--times gives %zu times for %zu patterns",
                     o->n_times, total),
           CLI_USAGE;
  if (!(in->frames = calloc(total, sizeof *in->frames)))
    return cli_error(CMD, "out of memory"), CLI_FAIL;
  for (size_t k = 0; k < in->n_sets; k++)
    for (size_t j = 0; j < in->sets[k].n; j++, in->n_frames++) {
      vt_pdf_frame *f = &in->frames[in->n_frames];
      f->pattern = &in->sets[k].patterns[j], f->source = in->sets[k].source;
      f->time_s = o->times ? o->times[in->n_frames] : f->pattern->time_s;
    }
  return CLI_OK;
}

/* S(Q), G(r) and the first peak of one frame; 0 or -1 (printed). */
static int analyse(const pdf_run *s, vt_pdf_frame *f) {
  vt_error err;
  const pdf_opts *o = s->o;
  const vt_pattern *p = f->pattern, *b = s->bkg.n ? &s->bkg.patterns[0] : NULL;
  if (!vt_pdf_analyse(&s->comp, p, b, &o->sq_opts, o->lorch, s->r_A, s->n_r, &o->peak, &f->res,
                      &err))
    return 0;
  char when[64] = "";
  if (!isnan(p->time_s)) snprintf(when, sizeof when, ", time %g s", p->time_s);
  cli_error(CMD, "%s (pattern from line %ld%s): %s", f->source, p->first_line, when, err.message);
  return -1;
}

/* ---- Output: one output set through the output plan ---------------------------------------- */

/* A failed write shows when the output set is committed. */
CLI_WRITER(write_table, pdf_run, vt_pdf_peaks_write_csv(j->frames, j->n_frames, fp, NULL));

CLI_WRITER(write_sq, pdf_run, vt_pdf_sq_write_csv(j->frames, j->n_frames, fp, NULL));

CLI_WRITER(write_gr, pdf_run, vt_pdf_gr_write_csv(j->frames, j->n_frames, j->r_A, fp, NULL));

CLI_WRITER(write_weights, pdf_run, vt_pdf_weights_write_csv(&j->comp, fp, NULL));

static void pdf_outs(const pdf_opts *o, int series, cli_out outs[4]) {
  const cli_out all[4] = {{"--sq", o->sq, 0, "_sq.csv", write_sq},
                          {"--gr", o->gr, 0, "_gr.csv", write_gr},
                          {"-o", o->n_files ? o->output : NULL, o->n_files > 0,
                           o->n_files && series ? "_peaks.csv" : NULL, write_table},
                          {"--weights", o->weights, 0, NULL, write_weights}};
  memcpy(outs, all, sizeof all);
}

/* S(Q), G(r) and the first peak with its sub-peaks (one pattern, plots/pdf.gp), or S(Q), G(r)
 * near the first peak and its position and FWHM against time (a series, plots/pdf_series.gp),
 * from the files written: S(Q), G(r), the first-peak table (NULL for one frame). */
static int plot(const void *ctx, const char *const *files) {
  const pdf_run *j = ctx;
  const vt_first_peak *p = &j->frames[0].res.peak;
  size_t n = j->n_frames;
  double lo = p->window_lo_A, hi = p->window_hi_A, pad = (n > 1 ? 0.5 : 0.3) * (hi - lo);
  char comp[256];
  int timed = 1;
  for (size_t i = 0; i < n; i++) timed &= !isnan(j->frames[i].time_s);
  cli_script sc = {0};
  cli_gp_data(&sc, "sqfile", files[0]);
  cli_gp_data(&sc, "grfile", files[1]);
  if (n > 1) cli_gp_data(&sc, "tablefile", files[2]);
  cli_gp_str(&sc, "composition", vt_composition_format(&j->comp, comp, sizeof comp));
  /* the zoom as the C script printed it, so the pictures stay the same */
  cli_script_add(&sc, "lorch = %d\nx_lo = %.6g\nx_hi = %.6g\n", j->o->lorch, lo - pad, hi + pad);
  if (n > 1) {
    cli_script_add(&sc, "timed = %d\n", timed);
    return cli_plot_with(CMD, j->o->plot, "pdf_series", &sc);
  }
  cli_script_add(&sc, "split = %d\n", p->split != 0);
  for (int k = 0; k < 2 && p->split; k++)
    cli_script_add(&sc, "area%d = %.9g\nsigma%d = %.9g\nr%d = %.9g\n", k + 1, p->sub[k].area, k + 1,
                   p->sub[k].sigma_A, k + 1, p->sub[k].r_A);
  return cli_plot_with(CMD, j->o->plot, "pdf", &sc);
}

/* ---- Run ------------------------------------------------------------------------------------- */

static int run(pdf_run *s) {
  const pdf_opts *o = s->o;
  int status = o->n_files ? read_inputs(s) : CLI_OK;
  for (size_t i = 0; !status && i < s->n_frames; i++) {
    if (analyse(s, &s->frames[i])) status = CLI_FAIL;
    if (!o->quiet && s->n_frames > 1) cli_progress(CMD, i + 1, s->n_frames);
  }
  cli_out outs[4];
  pdf_outs(o, s->n_frames > 1, outs);
  if (!status && cli_write_outputs(CMD, outs, 4, o->plot, plot, s, o->quiet)) status = CLI_FAIL;
  /* the summary's lines after the command's name, on standard error */
  if (!status && !o->quiet)
    vt_pdf_write_summary(&s->comp, s->frames, s->n_frames, "vitrum " CMD ": ", stderr, NULL);
  return status;
}

int cmd_pdf(int argc, char **argv) {
  pdf_opts o = {.read = vt_pattern_read_options_default(),
                .sq_opts = vt_sq_options_default(),
                .r_grid = vt_r_grid_options_default(),
                .peak = vt_first_peak_options_default()};
  int r = cli_parse(&command, argc, argv, &o);
  if (r == 1) help_tail();
  pdf_run s;
  int status = r < 0 || (r == 0 && settle(&o, &s)) ? CLI_USAGE : CLI_OK;
  if (r == 0 && !status) status = run(&s);
  if (r == 0) run_free(&s);
  cli_opts_free(&command, &o);
  return status;
}
