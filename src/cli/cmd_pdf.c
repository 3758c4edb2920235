/* vitrum pdf: X-ray total scattering patterns -> Faber-Ziman S(Q), G(r), the pair weights w_ij
 * and the first-peak metrics of paper 001 (Methods, Fig. 5), one pattern or a time series. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cli.h"
#include "vitrum/constants.h"
#include "vitrum/pdf.h"

#define CMD            "pdf"
#define SPEED_OF_LIGHT 299792458.0 /* m/s, exact (SI) */
/* h c in keV Angstrom (12.398 keV A): lambda = HC / E for an energy given instead. */
#define HC_KEV_A     (VT_PLANCK_J_S * SPEED_OF_LIGHT / VT_ELEMENTARY_CHARGE_C * 1e7)
#define DEFAULT_DR   0.01 /* A */
#define DEFAULT_RMAX 20.0 /* A */
#define MAX_R_POINTS 1000000
#define MAX_FILES    4096

typedef struct pdf_opts {
  const char *files[MAX_FILES];
  int n_files;
  const char *composition, *wavelength, *axis, *background, *bkg_scale, *times;
  const char *qmin, *qmax, *norm_range, *norm_factor, *rmin, *rmax, *dr, *peak_range;
  const char *output, *sq, *gr, *weights, *plot;
  int compton, lorch, no_split, quiet;
} pdf_opts;

/* The options as numbers. */
typedef struct settings {
  vt_composition comp;
  vt_pattern_read_options read;
  vt_sq_options sq;
  vt_first_peak_options peak;
  int lorch;
  double rmin, rmax, dr;
  double *times; /* --times, or NULL */
  int n_times;
} settings;

/* One analysed pattern. */
typedef struct frame {
  const vt_pattern *pat;
  const char *source;
  double time_s;
  vt_sq sq;
  double *G;
  vt_first_peak peak;
} frame;

static void help(void) {
  printf(
      "usage: vitrum pdf FILE... --composition FORMULA [options]\n"
      "       vitrum pdf --composition FORMULA --weights FILE   (the weight table alone)\n"
      "\n"
      "X-ray total scattering of a glass (paper 001, Methods and Fig. 5). For each integrated\n"
      "pattern I(Q), or I(2theta) with --wavelength (Q = 4 pi sin(theta)/lambda):\n"
      "  1. I_coh = alpha (I - b I_bkg) - Compton (optional), per atom in electron units;\n"
      "  2. Faber-Ziman S(Q) = [I_coh - (<f^2> - <f>^2)] / <f>^2, form factors f_i(Q) from\n"
      "     xraylib; alpha is the least-squares scale that makes S -> 1 over --norm-range\n"
      "     (default the top 30%% of the Q range); F(Q) = Q [S(Q) - 1];\n"
      "  3. G(r) = (2/pi) int_Qmin^Qmax F(Q) M(Q) sin(Qr) dQ, M = 1 or the Lorch function\n"
      "     sin(Q D)/(Q D), D = pi/Qmax (--lorch); exact for F linear between the data points;\n"
      "  4. the first peak of G(r): position, FWHM, area, and two Gaussian sub-peaks (positions,\n"
      "     FWHMs, areas with standard errors; GSL nonlinear least squares).\n"
      "Several patterns (files, or a time column in a file) make a series: the table gives the\n"
      "first-peak position and FWHM against time.\n"
      "\n"
      "Input files: '#' comments, a header naming the columns with units, comma- or\n"
      "whitespace-separated: 'Q_inv_A,I', 'Q [1/nm],intensity', '2theta_deg,I', '# q_nm^-1 I'\n"
      "(pyFAI); an optional time column (time_s, 't [min]') splits a file into a series.\n"
      "\n"
      "input:\n"
      "  --composition FORMULA   e.g. Ti16.7Zr16.7Hf16.7Cu16.7Ni16.7Be16.7 or Cu56Zr44\n"
      "  --wavelength L          for 2theta: '0.2065 A', '0.02065 nm' or an energy '60.037 keV'\n"
      "  --axis Q|2theta         first column of files without a header (Q in 1/A, 2theta in deg)\n"
      "  --background FILE       background pattern (same format), subtracted as I - b I_bkg\n"
      "  --bkg-scale B           b (default 1)\n"
      "  --times LIST            times of the patterns, '0,5,10 s', for files without a time\n"
      "                          column (without either, time_s is nan and plots use the frame)\n"
      "S(Q):\n"
      "  --qmin Q, --qmax Q      the Q range used (1/A, or '165 1/nm'; default the data's)\n"
      "  --compton               subtract the Compton scattering sum c_i S_inc,i(Q) (xraylib)\n"
      "  --norm-range 'Q1,Q2'    the window where S -> 1 fixes alpha (1/A)\n"
      "  --norm-factor ALPHA     a fixed alpha instead of the fit\n"
      "G(r):\n"
      "  --rmin R, --rmax R, --dr R   the r grid (A; default 0, 20, 0.01 A)\n"
      "  --lorch                 Lorch modification: damps termination ripples, broadens peaks\n"
      "first peak:\n"
      "  --peak-range 'r1,r2'    the window holding the first peak (A; default: the first\n"
      "                          maximum reaching half the highest, out to where G turns <= 0)\n"
      "  --no-split              position and FWHM only, no two-Gaussian decomposition\n"
      "output:\n"
      "  -o, --output FILE       first-peak table (default standard output), one row per pattern:\n"
      "    frame,time_s,Q_min_inv_A,Q_max_inv_A,norm_factor,S_mean_norm,peak_r_A,\n"
      "    peak_G_inv_A2,FWHM_A,r_half_lo_A,r_half_hi_A,area_inv_A,\n"
      "    sub1_r_A,sub1_se_r_A,sub1_FWHM_A,sub1_se_FWHM_A,sub1_area_inv_A,sub1_se_area_inv_A,\n"
      "    sub2_... (the same), split_rms_inv_A2,split_r2,source\n"
      "    (sub1 is the left, short-bond sub-peak; nan without the split)\n"
      "  --sq FILE               frame,time_s,Q_inv_A,I_coh_per_atom,S,F_inv_A\n"
      "  --gr FILE               frame,time_s,r_A,G_inv_A2\n"
      "  --weights FILE          pair,element_i,element_j,Z_i,Z_j,c_i,c_j,f0_i,f0_j,w_ij with\n"
      "                          w_ij = (2 - delta_ij) c_i c_j f_i(0) f_j(0) / <f(0)>^2\n"
      "  --plot FILE             S(Q), G(r) and the first peak with its sub-peaks (a series:\n"
      "                          S(Q), G(r) near the first peak, position and FWHM against\n"
      "                          time) as .png, .svg or .pdf via gnuplot, FILE.gp beside it;\n"
      "                          its data in --sq/--gr/-o or FILE_sq.csv, FILE_gr.csv,\n"
      "                          FILE_peaks.csv\n"
      "  -q, --quiet             no summary on standard error\n"
      "\n"
      "Exit status: 0 success, 1 bad input, 2 bad command line.\n");
}

/* ---- Command line ---------------------------------------------------------------------------- */

static int flag(const char *a, pdf_opts *o) {
  if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) return o->quiet = 1;
  if (strcmp(a, "--compton") == 0) return o->compton = 1;
  if (strcmp(a, "--lorch") == 0) return o->lorch = 1;
  if (strcmp(a, "--no-split") == 0) return o->no_split = 1;
  return 0;
}

/* Returns -1 on error (printed), 1 for --help, 0 otherwise. */
static int parse(int argc, char **argv, pdf_opts *o) {
  for (int i = 2; i < argc; i++) {
    const char *v = NULL, *a = argv[i];
    int r;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) return 1;
    if (flag(a, o)) continue;
#define OPT(name, dst)                                                                             \
  if ((r = cli_option(CMD, argc, argv, &i, name, &v)) != 0) {                                      \
    if (r < 0) return -1;                                                                          \
    dst = v;                                                                                       \
    continue;                                                                                      \
  }
    OPT("--composition", o->composition)
    OPT("--wavelength", o->wavelength)
    OPT("--axis", o->axis)
    OPT("--background", o->background)
    OPT("--bkg-scale", o->bkg_scale)
    OPT("--times", o->times)
    OPT("--qmin", o->qmin)
    OPT("--qmax", o->qmax)
    OPT("--norm-range", o->norm_range)
    OPT("--norm-factor", o->norm_factor)
    OPT("--rmin", o->rmin)
    OPT("--rmax", o->rmax)
    OPT("--dr", o->dr)
    OPT("--peak-range", o->peak_range)
    OPT("--output", o->output)
    OPT("-o", o->output)
    OPT("--sq", o->sq)
    OPT("--gr", o->gr)
    OPT("--weights", o->weights)
    OPT("--plot", o->plot)
#undef OPT
    if (a[0] == '-' && a[1] != '\0') {
      cli_error(CMD, "unknown option '%s' (vitrum pdf --help lists them)", a);
      return -1;
    }
    if (o->n_files == MAX_FILES) {
      cli_error(CMD, "more than %d files", MAX_FILES);
      return -1;
    }
    o->files[o->n_files++] = a;
  }
  if (!o->composition) {
    cli_error(CMD, "--composition FORMULA is required, e.g. --composition Cu56Zr44");
    return -1;
  }
  if (o->n_files == 0 && !o->weights) {
    cli_error(CMD, "FILE is required (or --weights FILE for the weight table alone)");
    return -1;
  }
  return 0;
}

/* "16.5", "16.5 1/A", "165 1/nm" (kind 'Q') or "20", "20 A", "2 nm", "200 pm" (kind 'r') into
 * 1/A or A through the core units; a bare number is in 1/A or A. Returns 0 or -1 (printed). */
static int length_value(const char *option, const char *text, char kind, double *out) {
  char *end, buf[128];
  strtod(text, &end);
  while (*end == ' ') end++;
  snprintf(buf, sizeof buf, "%s%s", text, *end ? "" : (kind == 'Q' ? " 1/A" : " A"));
  double si;
  if (vt_parse_quantity(buf, kind == 'Q' ? VT_DIM_INVERSE_LENGTH : VT_DIM_LENGTH, &si, NULL)) {
    cli_error(CMD, "%s '%s': expected a number with an optional unit (%s)", option, text,
              kind == 'Q' ? "1/A or 1/nm" : "A, nm or pm");
    return -1;
  }
  *out = kind == 'Q' ? si * 1e-10 : si * 1e10;
  return 0;
}

/* "Q1,Q2" or "r1,r2 A": two increasing values, the unit (if any) after the second. */
static int value_pair(const char *option, const char *text, char kind, double out[2]) {
  const char *comma = strchr(text, ',');
  char first[64];
  if (!comma || (size_t)(comma - text) >= sizeof first) {
    cli_error(CMD, "%s '%s': expected two values 'LOW,HIGH'", option, text);
    return -1;
  }
  snprintf(first, sizeof first, "%.*s", (int)(comma - text), text);
  char *unit;
  strtod(comma + 1, &unit);
  char with_unit[128];
  snprintf(with_unit, sizeof with_unit, "%s%s", first, unit);
  if (length_value(option, with_unit, kind, &out[0]) ||
      length_value(option, comma + 1, kind, &out[1]))
    return -1;
  if (!(out[0] < out[1])) {
    cli_error(CMD, "%s '%s': expected two increasing values", option, text);
    return -1;
  }
  return 0;
}

/* --wavelength: a length (A, nm) or a photon energy (keV, eV). */
static int wavelength(const char *text, double *lambda_A) {
  double E_J;
  if (vt_parse_quantity(text, VT_DIM_PHOTON_ENERGY, &E_J, NULL) == VT_OK) {
    *lambda_A = HC_KEV_A / (E_J / (1e3 * VT_EV_J));
  } else if (length_value("--wavelength", text, 'r', lambda_A)) {
    return -1;
  }
  if (!(*lambda_A > 0) || !isfinite(*lambda_A)) {
    cli_error(CMD, "--wavelength '%s': expected a positive wavelength or energy", text);
    return -1;
  }
  return 0;
}

static int positive_number(const char *option, const char *text, double *out) {
  char *end;
  *out = strtod(text, &end);
  if (end == text || *end || !isfinite(*out) || !(*out > 0)) {
    cli_error(CMD, "%s '%s': expected a positive number", option, text);
    return -1;
  }
  return 0;
}

static int composition(const pdf_opts *o, settings *s) {
  vt_error err;
  if (vt_composition_parse(o->composition, &s->comp, &err) == VT_OK) return 0;
  cli_error(CMD, "--composition: %s", err.message);
  return -1;
}

static int read_options(const pdf_opts *o, settings *s) {
  s->read = vt_pattern_read_options_default();
  if (o->wavelength && wavelength(o->wavelength, &s->read.wavelength_A)) return -1;
  if (o->axis) {
    int q = !strcmp(o->axis, "Q") || !strcmp(o->axis, "q"), t = !strcmp(o->axis, "2theta");
    if (!q && !t) {
      cli_error(CMD, "--axis '%s': expected 'Q' or '2theta'", o->axis);
      return -1;
    }
    s->read.no_header = q ? VT_AXIS_Q : VT_AXIS_TWOTHETA;
  }
  if (o->times) {
    s->n_times = cli_quantity_list(CMD, "--times", o->times, VT_DIM_TIME, &s->times);
    if (s->n_times < 0) return -1;
  }
  return 0;
}

static int sq_options(const pdf_opts *o, settings *s) {
  s->sq = vt_sq_options_default();
  s->sq.compton = o->compton;
  if (o->qmin && length_value("--qmin", o->qmin, 'Q', &s->sq.Q_min_inv_A)) return -1;
  if (o->qmax && length_value("--qmax", o->qmax, 'Q', &s->sq.Q_max_inv_A)) return -1;
  if (o->bkg_scale) {
    char *end;
    s->sq.background_scale = strtod(o->bkg_scale, &end);
    if (end == o->bkg_scale || *end || !isfinite(s->sq.background_scale)) {
      cli_error(CMD, "--bkg-scale '%s': expected a number", o->bkg_scale);
      return -1;
    }
  }
  if (o->bkg_scale && !o->background) {
    cli_error(CMD, "--bkg-scale needs --background FILE");
    return -1;
  }
  double w[2];
  if (o->norm_range && value_pair("--norm-range", o->norm_range, 'Q', w)) return -1;
  if (o->norm_range) s->sq.norm_Q_lo_inv_A = w[0], s->sq.norm_Q_hi_inv_A = w[1];
  if (o->norm_factor && positive_number("--norm-factor", o->norm_factor, &s->sq.norm_factor))
    return -1;
  if (o->norm_factor && o->norm_range) {
    cli_error(CMD, "give --norm-range (fit alpha there) or --norm-factor (fixed alpha), not both");
    return -1;
  }
  return 0;
}

static int r_grid(const pdf_opts *o, settings *s) {
  s->rmin = 0.0;
  s->rmax = DEFAULT_RMAX;
  s->dr = DEFAULT_DR;
  if ((o->rmin && length_value("--rmin", o->rmin, 'r', &s->rmin)) ||
      (o->rmax && length_value("--rmax", o->rmax, 'r', &s->rmax)) ||
      (o->dr && length_value("--dr", o->dr, 'r', &s->dr)))
    return -1;
  if (!(s->rmin >= 0 && s->rmin < s->rmax && s->dr > 0)) {
    cli_error(CMD, "r grid %g to %g A in steps of %g A: expected 0 <= rmin < rmax and dr > 0",
              s->rmin, s->rmax, s->dr);
    return -1;
  }
  if ((s->rmax - s->rmin) / s->dr >= MAX_R_POINTS) {
    cli_error(CMD, "r grid %g to %g A in steps of %g A has more than %d points", s->rmin, s->rmax,
              s->dr, MAX_R_POINTS);
    return -1;
  }
  s->peak = vt_first_peak_options_default();
  s->peak.split = !o->no_split;
  s->lorch = o->lorch;
  double w[2];
  if (o->peak_range && value_pair("--peak-range", o->peak_range, 'r', w)) return -1;
  if (o->peak_range) s->peak.r_lo_A = w[0], s->peak.r_hi_A = w[1];
  return 0;
}

static int is_stdout(const char *path) {
  return path && strcmp(path, "-") == 0;
}

/* At most one output on standard output; gnuplot reads files; no two outputs share a name. */
static int check_names(const pdf_opts *o) {
  const char *names[4] = {o->output, o->sq, o->gr, o->weights};
  const char *flags[4] = {"-o", "--sq", "--gr", "--weights"};
  int table_stdout = o->n_files > 0 && (!o->output || is_stdout(o->output));
  for (int k = 1; k < 4; k++) {
    if (!is_stdout(names[k])) continue;
    if (table_stdout) {
      cli_error(CMD, "%s -: standard output is taken by the first-peak table (give -o)", flags[k]);
      return -1;
    }
    if (o->plot && k < 3) {
      cli_error(CMD, "%s -: --plot needs the data in a file (gnuplot reads it)", flags[k]);
      return -1;
    }
    table_stdout = 1;
  }
  for (int a = 0; a < 4; a++)
    for (int b = a + 1; b < 4; b++)
      if (names[a] && names[b] && !is_stdout(names[a]) && strcmp(names[a], names[b]) == 0) {
        cli_error(CMD, "%s and %s would both be written to %s", flags[a], flags[b], names[a]);
        return -1;
      }
  if ((o->sq || o->gr || o->plot || o->output) && o->n_files == 0) {
    cli_error(CMD, "-o, --sq, --gr and --plot need pattern FILEs");
    return -1;
  }
  return 0;
}

static int settle(const pdf_opts *o, settings *s) {
  memset(s, 0, sizeof *s);
  if (composition(o, s) || read_options(o, s) || sq_options(o, s) || r_grid(o, s) || check_names(o))
    return -1;
  if (o->plot && cli_plot_check_name(CMD, o->plot)) return -1;
  return 0;
}

/* ---- Analysis -------------------------------------------------------------------------------- */

typedef struct inputs {
  vt_pattern_set *sets;
  int n_sets;
  vt_pattern_set bkg;
  frame *frames;
  size_t n_frames;
} inputs;

static void inputs_free(inputs *in) {
  for (size_t k = 0; in->frames && k < in->n_frames; k++) {
    vt_sq_free(&in->frames[k].sq);
    free(in->frames[k].G);
  }
  free(in->frames);
  for (int k = 0; in->sets && k < in->n_sets; k++) vt_pattern_set_free(&in->sets[k]);
  free(in->sets);
  vt_pattern_set_free(&in->bkg);
  memset(in, 0, sizeof *in);
}

/* Every file's patterns as frames, with their times (--times or the files' time columns).
 * Returns an exit status. */
static int read_inputs(const pdf_opts *o, const settings *s, inputs *in) {
  vt_error err;
  in->sets = calloc((size_t)o->n_files, sizeof *in->sets);
  if (!in->sets) return cli_error(CMD, "out of memory"), CLI_FAIL;
  size_t total = 0;
  int has_time = 0;
  for (int k = 0; k < o->n_files; k++, in->n_sets++) {
    if (vt_read_pattern_csv(o->files[k], &s->read, &in->sets[k], &err))
      return cli_error(CMD, "%s", err.message), CLI_FAIL;
    total += in->sets[k].n;
    has_time |= !isnan(in->sets[k].patterns[0].time_s);
  }
  if (o->background) {
    if (vt_read_pattern_csv(o->background, &s->read, &in->bkg, &err))
      return cli_error(CMD, "--background: %s", err.message), CLI_FAIL;
    if (in->bkg.n != 1)
      return cli_error(CMD, "--background %s holds %zu patterns; expected one", o->background,
                       in->bkg.n),
             CLI_FAIL;
  }
  if (s->times && (has_time || (size_t)s->n_times != total))
    return cli_error(CMD,
                     has_time ? "--times: the files have a time column already"
                              : "--times gives %d times for %zu patterns",
                     s->n_times, total),
           CLI_USAGE;
  in->frames = calloc(total, sizeof *in->frames);
  if (!in->frames) return cli_error(CMD, "out of memory"), CLI_FAIL;
  for (int k = 0; k < in->n_sets; k++)
    for (size_t j = 0; j < in->sets[k].n; j++) {
      frame *f = &in->frames[in->n_frames];
      f->pat = &in->sets[k].patterns[j];
      f->source = in->sets[k].source;
      f->time_s = s->times ? s->times[in->n_frames] : f->pat->time_s;
      in->n_frames++;
    }
  return CLI_OK;
}

static size_t r_count(const settings *s) {
  return (size_t)floor((s->rmax - s->rmin) / s->dr + 1e-9) + 1;
}

static double r_at(const settings *s, size_t j) {
  return s->rmin + (double)j * s->dr;
}

/* S(Q), G(r) and the first peak of one frame; 0 or -1 (printed). */
static int analyse(const settings *s, const inputs *in, const double *r, size_t n_r, frame *f) {
  vt_error err;
  const vt_pattern *p = f->pat, *b = in->bkg.n ? &in->bkg.patterns[0] : NULL;
  int st = vt_pdf_sq(&s->comp, p->Q_inv_A, p->intensity, p->n, b ? b->Q_inv_A : NULL,
                     b ? b->intensity : NULL, b ? b->n : 0, &s->sq, &f->sq, &err);
  f->G = st ? NULL : malloc(n_r * sizeof *f->G);
  if (!st && !f->G) return cli_error(CMD, "out of memory"), -1;
  if (!st)
    st = vt_pdf_transform(f->sq.Q_inv_A, f->sq.F_inv_A, f->sq.n, s->lorch, r, n_r, f->G, &err);
  if (!st) st = vt_pdf_first_peak(r, f->G, n_r, &s->peak, &f->peak, &err);
  if (st) {
    char when[64] = "";
    if (!isnan(p->time_s)) snprintf(when, sizeof when, ", time %g s", p->time_s);
    cli_error(CMD, "%s (pattern from line %ld%s): %s", f->source, p->first_line, when, err.message);
  }
  return st ? -1 : 0;
}

/* ---- Output ---------------------------------------------------------------------------------- */

static void write_table(FILE *fp, const inputs *in) {
  fputs("frame,time_s,Q_min_inv_A,Q_max_inv_A,norm_factor,S_mean_norm,peak_r_A,peak_G_inv_A2,"
        "FWHM_A,r_half_lo_A,r_half_hi_A,area_inv_A",
        fp);
  for (int k = 1; k <= 2; k++)
    fprintf(fp,
            ",sub%d_r_A,sub%d_se_r_A,sub%d_FWHM_A,sub%d_se_FWHM_A,sub%d_area_inv_A,"
            "sub%d_se_area_inv_A",
            k, k, k, k, k, k);
  fputs(",split_rms_inv_A2,split_r2,source\n", fp);
  for (size_t i = 0; i < in->n_frames; i++) {
    const frame *f = &in->frames[i];
    const vt_first_peak *p = &f->peak;
    fprintf(fp, "%zu,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g", i, f->time_s,
            f->sq.Q_inv_A[0], f->sq.Q_inv_A[f->sq.n - 1], f->sq.norm_factor, f->sq.S_mean_norm,
            p->r_A, p->G_inv_A2, p->fwhm_A, p->r_half_lo_A, p->r_half_hi_A, p->area);
    for (int k = 0; k < 2; k++) {
      const vt_gauss_peak *g = &p->sub[k];
      if (p->split)
        fprintf(fp, ",%.9g,%.9g,%.9g,%.9g,%.9g,%.9g", g->r_A, g->se_r_A, g->fwhm_A, g->se_fwhm_A,
                g->area, g->se_area);
      else
        fputs(",nan,nan,nan,nan,nan,nan", fp);
    }
    fprintf(fp, ",%.9g,%.9g,", p->split ? p->rms_residual : NAN, p->split ? p->r2 : NAN);
    vt_csv_write_text(fp, f->source);
    fputc('\n', fp);
  }
}

static void write_sq(FILE *fp, const inputs *in) {
  fputs("frame,time_s,Q_inv_A,I_coh_per_atom,S,F_inv_A\n", fp);
  for (size_t i = 0; i < in->n_frames; i++) {
    const vt_sq *q = &in->frames[i].sq;
    for (size_t k = 0; k < q->n; k++)
      fprintf(fp, "%zu,%.9g,%.9g,%.9g,%.9g,%.9g\n", i, in->frames[i].time_s, q->Q_inv_A[k],
              q->I_coh[k], q->S[k], q->F_inv_A[k]);
  }
}

static void write_gr(FILE *fp, const inputs *in, const double *r, size_t n_r) {
  fputs("frame,time_s,r_A,G_inv_A2\n", fp);
  for (size_t i = 0; i < in->n_frames; i++)
    for (size_t j = 0; j < n_r; j++)
      fprintf(fp, "%zu,%.9g,%.9g,%.9g\n", i, in->frames[i].time_s, r[j], in->frames[i].G[j]);
}

/* The weight table at f_i(0) = Z_i (xraylib); fills pairs for the summary too. */
static int weights(const settings *s, vt_pdf_pair *pairs, size_t *n) {
  vt_error err;
  if (vt_pdf_weights(&s->comp, NULL, pairs, n, &err) == VT_OK) return 0;
  cli_error(CMD, "weights: %s", err.message);
  return -1;
}

static void write_weights(FILE *fp, const settings *s, const vt_pdf_pair *pairs, size_t n) {
  const vt_composition *c = &s->comp;
  fputs("pair,element_i,element_j,Z_i,Z_j,c_i,c_j,f0_i,f0_j,w_ij\n", fp);
  for (size_t k = 0; k < n; k++) {
    size_t i = pairs[k].i, j = pairs[k].j;
    double fi = 0.0, fj = 0.0;
    vt_xray_form_factor(c->Z[i], 0.0, &fi, NULL); /* checked by vt_pdf_weights already */
    vt_xray_form_factor(c->Z[j], 0.0, &fj, NULL);
    fprintf(fp, "%s-%s,%s,%s,%d,%d,%.9g,%.9g,%.9g,%.9g,%.9g\n", c->symbol[i], c->symbol[j],
            c->symbol[i], c->symbol[j], c->Z[i], c->Z[j], c->c[i], c->c[j], fi, fj,
            pairs[k].weight);
  }
}

/* ---- Files: opened first, committed together, nothing half-written --------------------------- */

enum { OUT_TABLE, OUT_PLOT_TABLE, OUT_SQ, OUT_GR, OUT_WEIGHTS, OUT_COUNT };
static const char *const out_flags[OUT_COUNT] = {"-o", "--plot (table)", "--sq", "--gr",
                                                 "--weights"};

typedef struct outputs {
  char *path[OUT_COUNT]; /* NULL: not written; "-": standard output */
  vt_outfile f[OUT_COUNT];
  int open[OUT_COUNT], committed[OUT_COUNT];
} outputs;

/* `given` copied, or the plot name with its extension replaced by `suffix` (malloc'd). */
static char *dup_or_derived(const char *given, const char *plot, const char *suffix) {
  const char *base = given ? given : plot;
  if (!base) return NULL;
  const char *dot = !given && plot ? strrchr(plot, '.') : NULL;
  size_t keep = dot ? (size_t)(dot - plot) : strlen(base), n = keep + strlen(suffix) + 1;
  char *p = malloc(n);
  if (p) snprintf(p, n, "%.*s%s", (int)keep, base, given ? "" : suffix);
  return p;
}

/* Path k from `given`, or derived from the plot name; -1 when out of memory. */
static int set_path(outputs *out, int k, const char *given, const char *plot, const char *suffix) {
  out->path[k] = dup_or_derived(given, plot, suffix);
  return out->path[k] ? 0 : (cli_error(CMD, "out of memory"), -1);
}

/* The paths: explicit ones, and the data files a plot needs beside the picture (the table too,
 * for a series, when it goes to standard output). */
static int plan(const pdf_opts *o, size_t n_frames, outputs *out) {
  memset(out, 0, sizeof *out);
  int files = o->n_files > 0;
  const char *table = o->output ? o->output : "-";
  if ((files && set_path(out, OUT_TABLE, table, NULL, "")) ||
      (files && o->plot && n_frames > 1 && is_stdout(table) &&
       set_path(out, OUT_PLOT_TABLE, NULL, o->plot, "_peaks.csv")) ||
      ((o->sq || o->plot) && set_path(out, OUT_SQ, o->sq, o->plot, "_sq.csv")) ||
      ((o->gr || o->plot) && set_path(out, OUT_GR, o->gr, o->plot, "_gr.csv")) ||
      (o->weights && set_path(out, OUT_WEIGHTS, o->weights, NULL, "")))
    return -1;
  for (int a = 0; a < OUT_COUNT; a++)
    for (int b = a + 1; b < OUT_COUNT; b++)
      if (out->path[a] && out->path[b] && !is_stdout(out->path[a]) &&
          strcmp(out->path[a], out->path[b]) == 0)
        return cli_error(CMD, "%s and %s would both be written to %s", out_flags[a], out_flags[b],
                         out->path[a]),
               -1;
  return 0;
}

static void outputs_abort(outputs *out) {
  for (int k = 0; k < OUT_COUNT; k++) {
    if (out->open[k]) vt_outfile_abort(&out->f[k]);
    if (out->committed[k]) remove(out->path[k]);
    out->open[k] = out->committed[k] = 0;
  }
}

static void outputs_free(outputs *out) {
  for (int k = 0; k < OUT_COUNT; k++) free(out->path[k]);
}

static int open_files(outputs *out) {
  vt_error err;
  for (int k = 0; k < OUT_COUNT; k++) {
    if (!out->path[k] || is_stdout(out->path[k])) continue;
    if (vt_outfile_open(&out->f[k], out->path[k], &err))
      return cli_error(CMD, "%s", err.message), -1;
    out->open[k] = 1;
  }
  return 0;
}

static int commit(outputs *out, int k) {
  vt_error err;
  if (!out->open[k]) return 0;
  out->open[k] = 0;
  if (vt_outfile_commit(&out->f[k], &err)) return cli_error(CMD, "%s", err.message), -1;
  out->committed[k] = 1;
  return 0;
}

/* What goes to output k (a file or standard output). */
static void write_one(int k, FILE *fp, const settings *s, const inputs *in, const double *r,
                      size_t n_r, const vt_pdf_pair *pairs, size_t n_pairs) {
  if (k == OUT_TABLE || k == OUT_PLOT_TABLE) write_table(fp, in);
  if (k == OUT_SQ) write_sq(fp, in);
  if (k == OUT_GR) write_gr(fp, in, r, n_r);
  if (k == OUT_WEIGHTS) write_weights(fp, s, pairs, n_pairs);
}

/* ---- Plot ------------------------------------------------------------------------------------ */

typedef struct script {
  char text[8192];
  size_t n;
  int overflow;
} script;

static void add(script *sc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void add(script *sc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int k = sc->overflow ? 0 : vsnprintf(sc->text + sc->n, sizeof sc->text - sc->n, fmt, ap);
  va_end(ap);
  if (k < 0 || (size_t)k >= sizeof sc->text - sc->n)
    sc->overflow = 1;
  else
    sc->n += (size_t)k;
}

/* S(Q) and G(r): one line, or one per frame coloured by frame, G(r) then zoomed on the first
 * peak (where a series changes). The long-format files hold the frames one after another; the
 * first point of each frame is made undefined (NaN) so gnuplot does not join the end of one frame
 * to the start of the next. */
static void plot_curves(script *sc, int series, const vt_first_peak *first) {
  const char *y_sq = series ? "(c = ($1 != pf), pf = $1, c ? NaN : $5):1" : "5";
  const char *y_gr = series ? "(c = ($1 != pf), pf = $1, c ? NaN : $4):1" : "4";
  const char *style = series ? "lw 1.5 palette" : "lw 2 lc rgb '#1f4e9c'";
  if (series) add(sc, "set cblabel 'frame'\n");
  add(sc,
      "set xlabel 'Q (1/Å)'\nset ylabel 'S(Q)'\npf = -1\n"
      "plot sqfile skip 1 using 3:%s with lines %s notitle\n"
      "set xlabel 'r (Å)'\nset ylabel 'G(r) (Å^{-2})'\npf = -1\n",
      y_sq, style);
  if (series) {
    double w = first->window_hi_A - first->window_lo_A;
    add(sc, "set xrange [%.6g:%.6g]\n", first->window_lo_A - 0.5 * w, first->window_hi_A + 0.5 * w);
  }
  add(sc,
      "plot 0 with lines lc 'black' dt 2 notitle, grfile skip 1 using 3:%s with lines %s "
      "notitle\nset autoscale x\n",
      y_gr, style);
}

/* One pattern: the first peak zoomed, with the two Gaussian sub-peaks (paper 001 Fig. 5 insets). */
static void plot_first_peak(script *sc, const vt_first_peak *p) {
  double lo = p->window_lo_A, hi = p->window_hi_A, pad = 0.3 * (hi - lo);
  add(sc,
      "set xlabel 'r (Å)'\nset ylabel 'G(r) (Å^{-2})'\nset key top right\n"
      "set xrange [%.6g:%.6g]\n",
      lo - pad, hi + pad);
  if (!p->split) {
    add(sc, "plot grfile skip 1 using 3:4 with lines lw 2 lc rgb '#1f4e9c' title 'first peak'\n");
    return;
  }
  for (int k = 0; k < 2; k++)
    add(sc, "g%d(x) = %.9g / (%.9g * sqrt(2 * pi)) * exp(-0.5 * ((x - %.9g) / %.9g)**2)\n", k + 1,
        p->sub[k].area, p->sub[k].sigma_A, p->sub[k].r_A, p->sub[k].sigma_A);
  add(sc,
      "plot grfile skip 1 using 3:4 with lines lw 2 lc rgb '#1f4e9c' title 'G(r)', "
      "g1(x) with lines dt 2 lw 2 lc rgb '#d62728' title sprintf('%%.3f Å', %.9g), "
      "g2(x) with lines dt 2 lw 2 lc rgb '#2ca02c' title sprintf('%%.3f Å', %.9g), "
      "g1(x) + g2(x) with lines lw 1 lc 'black' title 'sum'\n",
      p->sub[0].r_A, p->sub[1].r_A);
}

/* A series: first-peak position and FWHM against time (or frame). */
static void plot_series(script *sc, int timed) {
  int x = timed ? 2 : 1;
  add(sc,
      "unset colorbox\nset xlabel '%s'\nset key center right\n"
      "set ylabel 'first peak position (Å)'\n"
      "plot tablefile skip 1 using %d:7 with linespoints pt 7 title 'maximum', "
      "'' skip 1 using %d:13 with linespoints pt 6 title 'sub-peak 1', "
      "'' skip 1 using %d:19 with linespoints pt 4 title 'sub-peak 2'\n"
      "set ylabel 'first peak FWHM (Å)'\n"
      "plot tablefile skip 1 using %d:9 with linespoints pt 7 notitle\n",
      timed ? "time (s)" : "frame", x, x, x, x);
}

static int plot(const pdf_opts *o, const inputs *in, const outputs *out, const settings *s) {
  static script sc;
  char qs[1024], qg[1024], qt[1024], comp[256];
  int series = in->n_frames > 1, timed = 1;
  for (size_t i = 0; i < in->n_frames; i++) timed &= !isnan(in->frames[i].time_s);
  const char *table = out->path[OUT_PLOT_TABLE] ? out->path[OUT_PLOT_TABLE] : out->path[OUT_TABLE];
  memset(&sc, 0, sizeof sc);
  add(&sc, "sqfile = '%s'\ngrfile = '%s'\ntablefile = '%s'\n",
      cli_gp_quote(out->path[OUT_SQ], qs, sizeof qs),
      cli_gp_quote(out->path[OUT_GR], qg, sizeof qg),
      cli_gp_quote(series ? table : "", qt, sizeof qt));
  add(&sc, "set multiplot layout %d,%d title 'vitrum pdf: %s%s' noenhanced\nset grid\n",
      series ? 2 : 3, series ? 2 : 1, vt_composition_format(&s->comp, comp, sizeof comp),
      s->lorch ? ", Lorch" : "");
  plot_curves(&sc, series, &in->frames[0].peak);
  if (series)
    plot_series(&sc, timed);
  else
    plot_first_peak(&sc, &in->frames[0].peak);
  add(&sc, "unset multiplot\n");
  if (sc.overflow) return cli_error(CMD, "internal error: the gnuplot script does not fit"), -1;
  return cli_plot(CMD, o->plot, sc.text);
}

/* Write everything: files opened first (an unwritable name fails before anything is written),
 * the plot's data committed before gnuplot reads it and removed again when the plot fails,
 * standard output last. */
static int write_outputs(const pdf_opts *o, const settings *s, const inputs *in, const double *r,
                         size_t n_r, const vt_pdf_pair *pairs, size_t n_pairs) {
  outputs out;
  int rc = plan(o, in->n_frames, &out) || open_files(&out) ? -1 : 0;
  for (int k = 0; !rc && k < OUT_COUNT; k++)
    if (out.open[k]) write_one(k, out.f[k].fp, s, in, r, n_r, pairs, n_pairs);
  if (!rc && o->plot) {
    rc = commit(&out, OUT_SQ) || commit(&out, OUT_GR) || commit(&out, OUT_PLOT_TABLE) ||
                 commit(&out, OUT_TABLE)
             ? -1
             : plot(o, in, &out, s);
  }
  for (int k = 0; !rc && k < OUT_COUNT; k++) rc = commit(&out, k);
  if (rc) outputs_abort(&out);
  for (int k = 0; !rc && k < OUT_COUNT; k++)
    if (out.path[k] && is_stdout(out.path[k])) {
      write_one(k, stdout, s, in, r, n_r, pairs, n_pairs);
      if (fflush(stdout) || ferror(stdout))
        rc = (cli_error(CMD, "error writing to standard output"), -1);
    }
  for (int k = 0; !rc && !o->quiet && k < OUT_COUNT; k++)
    if (out.committed[k]) fprintf(stderr, "vitrum pdf: wrote %s\n", out.path[k]);
  if (!rc && !o->quiet && o->plot)
    fprintf(stderr, "vitrum pdf: wrote %s (gnuplot script beside it)\n", o->plot);
  outputs_free(&out);
  return rc;
}

/* ---- Summary --------------------------------------------------------------------------------- */

static void summary_weights(const settings *s, const vt_pdf_pair *pairs, size_t n) {
  char comp[256];
  double fm = 0.0;
  vt_xray_averages(&s->comp, 0.0, &fm, NULL, NULL, NULL);
  fprintf(stderr, "vitrum pdf: %s, <f(0)> = %.4g e; weights w_ij:",
          vt_composition_format(&s->comp, comp, sizeof comp), fm);
  for (size_t k = 0; k < n; k++)
    fprintf(stderr, "%s %s-%s %.3f", k ? "," : "", s->comp.symbol[pairs[k].i],
            s->comp.symbol[pairs[k].j], pairs[k].weight);
  fputc('\n', stderr);
}

static void summary_frame(size_t i, const frame *f) {
  const vt_first_peak *p = &f->peak;
  fprintf(stderr,
          "vitrum pdf: frame %zu: Q %.4g-%.4g 1/A, alpha %.6g, <S> = %.4f over %.4g-%.4g 1/A; "
          "first peak %.4f A, FWHM %.4f A",
          i, f->sq.Q_inv_A[0], f->sq.Q_inv_A[f->sq.n - 1], f->sq.norm_factor, f->sq.S_mean_norm,
          f->sq.norm_Q_lo_inv_A, f->sq.norm_Q_hi_inv_A, p->r_A, p->fwhm_A);
  if (p->split)
    fprintf(stderr, "; sub-peaks %.4f A (FWHM %.4f) and %.4f A (FWHM %.4f), areas %.4g : %.4g",
            p->sub[0].r_A, p->sub[0].fwhm_A, p->sub[1].r_A, p->sub[1].fwhm_A, p->sub[0].area,
            p->sub[1].area);
  fputc('\n', stderr);
}

static void summary_series(const inputs *in) {
  double lo = INFINITY, hi = -INFINITY, wlo = INFINITY, whi = -INFINITY;
  for (size_t i = 0; i < in->n_frames; i++) {
    lo = fmin(lo, in->frames[i].peak.r_A);
    hi = fmax(hi, in->frames[i].peak.r_A);
    wlo = fmin(wlo, in->frames[i].peak.fwhm_A);
    whi = fmax(whi, in->frames[i].peak.fwhm_A);
  }
  fprintf(stderr, "vitrum pdf: %zu patterns: first peak %.4f to %.4f A, FWHM %.4f to %.4f A\n",
          in->n_frames, lo, hi, wlo, whi);
}

/* ---- Run ------------------------------------------------------------------------------------- */

static int run(const pdf_opts *o, const settings *s) {
  vt_pdf_pair pairs[VT_PDF_MAX_PAIRS];
  size_t n_pairs = 0, n_r = r_count(s);
  if (weights(s, pairs, &n_pairs)) return CLI_FAIL;
  inputs in;
  memset(&in, 0, sizeof in);
  double *r = malloc(n_r * sizeof *r);
  int status = r ? CLI_OK : (cli_error(CMD, "out of memory"), CLI_FAIL);
  for (size_t j = 0; r && j < n_r; j++) r[j] = r_at(s, j);
  if (!status && o->n_files) status = read_inputs(o, s, &in);
  for (size_t i = 0; !status && i < in.n_frames; i++) {
    if (analyse(s, &in, r, n_r, &in.frames[i])) status = CLI_FAIL;
    if (!o->quiet && in.n_frames > 1) cli_progress(CMD, i + 1, in.n_frames);
  }
  if (!status && write_outputs(o, s, &in, r, n_r, pairs, n_pairs)) status = CLI_FAIL;
  if (!status && !o->quiet) {
    summary_weights(s, pairs, n_pairs);
    for (size_t i = 0; i < in.n_frames && in.n_frames <= 10; i++) summary_frame(i, &in.frames[i]);
    if (in.n_frames > 1) summary_series(&in);
  }
  inputs_free(&in);
  free(r);
  return status;
}

int cmd_pdf(int argc, char **argv) {
  pdf_opts o;
  memset(&o, 0, sizeof o);
  int r = parse(argc, argv, &o);
  if (r == 1) {
    help();
    return CLI_OK;
  }
  if (r < 0) return CLI_USAGE;
  settings s;
  int status = settle(&o, &s) ? CLI_USAGE : CLI_OK;
  gsl_set_error_handler_off(); /* errors come back as status codes, checked above */
  if (!status) status = run(&o, &s);
  free(s.times);
  return status;
}
