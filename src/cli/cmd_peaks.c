/* vitrum peaks: relaxation peaks of measured heating scans. Each selected curve minus the
 * reference (the as-cooled scan, interpolated linearly onto the curve's temperatures over the
 * range both cover), optionally a linear baseline removed, normalised by mass and/or rate, then
 * the peak metrics of the difference against temperature. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_interp.h>

#include "cli.h"

#define CMD            "peaks"
#define BASELINE_HALF  1.0  /* K: half width of the windows averaged at the baseline points */
#define RATE_MISMATCH  0.01 /* relative: curve and reference must be scanned at the same rate */
#define CELSIUS_OFFSET 273.15

typedef struct peaks_opts {
  const char *file, *curves, *reference, *output, *traces, *plot;
  const char *mass, *melt_enthalpy, *specific_melt, *baseline, *baseline_range, *temp, *range;
  const char *endo;
  int per_rate, quiet;
} peaks_opts;

/* The options turned into numbers. */
typedef struct settings {
  int use_Ts, per_rate, linear_baseline, has_range;
  double sign;   /* +1 when the file has endothermic up, -1 for endothermic down */
  double mass_g; /* 0: no mass normalisation */
  double baseline_K[2], range_K[2];
  const char *height_unit, *area_unit; /* column-name forms: mW, W_per_g, mJ_per_K, J_per_gK */
} settings;

/* One difference curve and its metrics, y in the display unit of the height. */
typedef struct diff_curve {
  size_t index, n;
  double rate_K_per_s;
  double *T_K, *y;
  vt_peak peak;
  double area; /* enthalpy in the area unit: integral over time */
} diff_curve;

static void help(void) {
  printf(
      "usage: vitrum peaks FILE --reference SPEC [--curves SPEC] [options]\n"
      "\n"
      "Relaxation (enthalpy-recovery) peaks of heating scans in a Mettler STARe export or curve\n"
      "CSV (see 'vitrum curves --help'). For each selected curve (an annealed sample's scan):\n"
      "  1. subtract the reference curve (the as-cooled scan), interpolated linearly onto the\n"
      "     curve's temperatures, over the temperatures both cover; both must be heating scans\n"
      "     at the same rate (within 1%%) with strictly increasing temperature;\n"
      "  2. turn the sign so that endothermic is up (--endo); remove a baseline (--baseline);\n"
      "  3. keep --range; normalise by mass (--mass, or the melting enthalpy) and/or rate;\n"
      "  4. measure the peak against zero: maximum (Tp, height; parabola through the top three\n"
      "     points), area, FWHM, extrapolated onset and end (tangent at the steepest point).\n"
      "The area is the enthalpy: the integral of the difference over time (over T, divided by\n"
      "the rate), so it is the same with or without --per-rate.\n"
      "\n"
      "Output (CSV, one row per curve; units in the column names):\n"
      "  index,segment,name,rate_K_per_s,Tp_C,Tp_K,height_U,area_A,FWHM_K,onset_C,end_C\n"
      "  U = mW, W_per_g (--mass), mJ_per_K (--per-rate), J_per_gK (both); A = mJ or J_per_g.\n"
      "\n"
      "options:\n"
      "  --reference SPEC          the as-cooled curve: one index ('14') or segment ('seg:5')\n"
      "  --curves SPEC             curves to analyse: 'all' (default), indices '0,3,5-7' or\n"
      "                            segments 'seg:87,81'; the reference itself is skipped\n"
      "  --temp Tr|Ts              temperature axis: Tr, the program temperature (default,\n"
      "                            monotonic), or Ts, the measured sample temperature\n"
      "  --endo down|up            sign convention of the file (default down: endothermic\n"
      "                            negative, as STARe exports); the peak is reported endo up\n"
      "  --range 'T1,T2 C'         analyse only T1 <= T <= T2 (K or C)\n"
      "  --baseline none|linear    linear: the straight line through the mean difference in\n"
      "                            windows of +-1 K around T1 and T2 of --baseline-range,\n"
      "                            subtracted from the difference (default none)\n"
      "  --baseline-range 'T1,T2 C'  the two baseline temperatures (K or C)\n"
      "  --mass '484 ng'           sample mass (ng, ug, mg, g, kg): heights in W/g, areas J/g\n"
      "  --melt-enthalpy '19.45 uJ' --specific-melt-enthalpy '40.2 J/g'\n"
      "                            the mass from melting, m = dH_melt / dh_melt (paper 002)\n"
      "  --per-rate                divide the difference by the heating rate: heat capacity\n"
      "                            units (mJ/K, or J/(g K) with a mass)\n"
      "  -o, --output FILE         the table (default: standard output)\n"
      "  --traces FILE             the difference curves, long format:\n"
      "                            curve,segment,T_C,diff_U\n"
      "  --plot FILE               picture of the differences (.png, .svg, .pdf) via gnuplot;\n"
      "                            FILE.gp beside it; its data in --traces or FILE_traces.csv\n"
      "  -q, --quiet               no summary on standard error\n"
      "\n"
      "Exit status: 0 success, 1 bad input, 2 bad command line.\n");
}

/* ---- Command line ------------------------------------------------------------------------- */

/* Returns -1 on error (printed), 1 for --help, 0 otherwise. */
static int parse(int argc, char **argv, peaks_opts *o) {
  for (int i = 2; i < argc; i++) {
    const char *v = NULL, *a = argv[i];
    int r;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) return 1;
    if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
      o->quiet = 1;
      continue;
    }
    if (strcmp(a, "--per-rate") == 0) {
      o->per_rate = 1;
      continue;
    }
#define OPT(name, dst)                                                                             \
  if ((r = cli_option(CMD, argc, argv, &i, name, &v)) != 0) {                                      \
    if (r < 0) return -1;                                                                          \
    dst = v;                                                                                       \
    continue;                                                                                      \
  }
    OPT("--curves", o->curves)
    OPT("--reference", o->reference)
    OPT("--output", o->output)
    OPT("-o", o->output)
    OPT("--traces", o->traces)
    OPT("--plot", o->plot)
    OPT("--mass", o->mass)
    OPT("--melt-enthalpy", o->melt_enthalpy)
    OPT("--specific-melt-enthalpy", o->specific_melt)
    OPT("--baseline-range", o->baseline_range)
    OPT("--baseline", o->baseline)
    OPT("--temp", o->temp)
    OPT("--range", o->range)
    OPT("--endo", o->endo)
#undef OPT
    if (a[0] == '-' && a[1] != '\0') {
      cli_error(CMD, "unknown option '%s' (vitrum peaks --help lists them)", a);
      return -1;
    }
    if (o->file) {
      cli_error(CMD, "one FILE expected, got '%s' and '%s'", o->file, a);
      return -1;
    }
    o->file = a;
  }
  if (!o->file) {
    cli_error(CMD, "FILE is required: vitrum peaks FILE --reference SPEC [--curves SPEC]");
    return -1;
  }
  if (!o->reference) {
    cli_error(CMD, "--reference SPEC is required: the as-cooled curve, e.g. '14' or 'seg:5'");
    return -1;
  }
  return 0;
}

/* Two temperatures "T1,T2 C", increasing. */
static int temperature_pair(const char *option, const char *text, double out[2]) {
  double *v;
  int n = cli_quantity_list(CMD, option, text, VT_DIM_TEMPERATURE, &v);
  if (n < 0) return -1;
  int ok = n == 2 && v[0] < v[1];
  if (ok) out[0] = v[0], out[1] = v[1];
  free(v);
  if (!ok)
    cli_error(CMD, "%s '%s': expected two increasing temperatures, e.g. '60,120 C'", option, text);
  return ok ? 0 : -1;
}

/* The sample mass in g from --mass or the melting enthalpies; 0 without them. */
static int sample_mass(const peaks_opts *o, double *mass_g) {
  *mass_g = 0.0;
  if (o->mass && (o->melt_enthalpy || o->specific_melt)) {
    cli_error(CMD, "give either --mass or --melt-enthalpy with --specific-melt-enthalpy");
    return -1;
  }
  if (!o->melt_enthalpy != !o->specific_melt) {
    cli_error(CMD, "--melt-enthalpy and --specific-melt-enthalpy go together (m = dH / dh)");
    return -1;
  }
  double m_kg = 0.0, dH, dh;
  if (o->mass && cli_quantity(CMD, "--mass", o->mass, VT_DIM_MASS, &m_kg)) return -1;
  if (o->melt_enthalpy) {
    if (cli_quantity(CMD, "--melt-enthalpy", o->melt_enthalpy, VT_DIM_ENERGY, &dH) ||
        cli_quantity(CMD, "--specific-melt-enthalpy", o->specific_melt, VT_DIM_SPECIFIC_ENERGY,
                     &dh))
      return -1;
    if (!(dH > 0 && dh > 0)) {
      cli_error(CMD, "the melting enthalpies must be positive (got %s and %s)", o->melt_enthalpy,
                o->specific_melt);
      return -1;
    }
    m_kg = dH / dh;
  }
  if ((o->mass || o->melt_enthalpy) && !(m_kg > 0)) {
    cli_error(CMD, "the sample mass must be positive (got %g g)", 1e3 * m_kg);
    return -1;
  }
  *mass_g = 1e3 * m_kg;
  return 0;
}

static int choice(const char *option, const char *value, const char *a, const char *b, int *is_b) {
  *is_b = value && strcmp(value, b) == 0;
  if (!value || *is_b || strcmp(value, a) == 0) return 0;
  cli_error(CMD, "%s '%s': expected '%s' or '%s'", option, value, a, b);
  return -1;
}

/* The traces file: --traces, else FILE_traces.csv beside the --plot picture (malloc'd). */
static char *traces_path(const peaks_opts *o) {
  const char *base = o->traces ? o->traces : o->plot;
  size_t n = strlen(base) + 16;
  char *path = malloc(n);
  if (!path) return NULL;
  if (o->traces)
    snprintf(path, n, "%s", base);
  else
    snprintf(path, n, "%.*s_traces.csv", (int)(strrchr(base, '.') - base), base);
  return path;
}

/* The table and the traces need two different files; gnuplot needs the traces in a file. */
static int check_names(const peaks_opts *o) {
  int table_stdout = !o->output || strcmp(o->output, "-") == 0;
  int traces_stdout = o->traces && strcmp(o->traces, "-") == 0;
  if (traces_stdout && (table_stdout || o->plot)) {
    cli_error(CMD, "--traces -: standard output is taken by %s",
              o->plot ? "--plot (gnuplot reads the traces from a file)" : "the table (give -o)");
    return -1;
  }
  if (table_stdout || !(o->traces || o->plot)) return 0;
  char *tpath = traces_path(o);
  int same = tpath && strcmp(tpath, o->output) == 0;
  if (same) cli_error(CMD, "the table and the traces would both be written to %s", o->output);
  free(tpath);
  return same ? -1 : 0;
}

static int settle(const peaks_opts *o, settings *s) {
  memset(s, 0, sizeof *s);
  int endo_up;
  if (choice("--temp", o->temp, "Tr", "Ts", &s->use_Ts) ||
      choice("--endo", o->endo, "down", "up", &endo_up) ||
      choice("--baseline", o->baseline, "none", "linear", &s->linear_baseline))
    return -1;
  s->sign = endo_up ? 1.0 : -1.0;
  s->per_rate = o->per_rate;
  if (s->linear_baseline != (o->baseline_range != NULL)) {
    cli_error(CMD, "--baseline linear and --baseline-range 'T1,T2 C' go together");
    return -1;
  }
  if (o->baseline_range && temperature_pair("--baseline-range", o->baseline_range, s->baseline_K))
    return -1;
  s->has_range = o->range != NULL;
  if (o->range && temperature_pair("--range", o->range, s->range_K)) return -1;
  if (sample_mass(o, &s->mass_g)) return -1;
  int m = s->mass_g > 0;
  s->height_unit = s->per_rate ? (m ? "J_per_gK" : "mJ_per_K") : (m ? "W_per_g" : "mW");
  s->area_unit = m ? "J_per_g" : "mJ";
  if (o->plot && cli_plot_check_name(CMD, o->plot)) return -1;
  return check_names(o);
}

/* ---- Difference curves ------------------------------------------------------------------- */

/* The temperature axis of a curve checked as a heating scan; its rate for normalisation is the
 * program rate (Tr) when the file has it. */
static int heating_scan(const vt_curve_set *set, size_t i, const settings *s, double *rate) {
  const vt_curve *c = &set->curves[i];
  vt_error err;
  double axis_rate;
  if (vt_curve_rate(c, s->use_Ts, &axis_rate, NULL, &err) ||
      (s->use_Ts && !isnan(c->Tr_K[0]) && vt_curve_rate(c, 0, rate, NULL, &err))) {
    cli_error(CMD, "%s: curve %zu (segment %d): %s", set->source, i, c->segment, err.message);
    return -1;
  }
  if (!s->use_Ts || isnan(c->Tr_K[0])) *rate = axis_rate;
  if (!(axis_rate > 0 && *rate > 0)) {
    cli_error(CMD, "%s: curve %zu (segment %d) is not a heating scan: %s falls at %.6g K/s",
              set->source, i, c->segment, s->use_Ts ? "Ts" : "Tr", axis_rate);
    return -1;
  }
  return 0;
}

static const double *axis(const vt_curve *c, const settings *s) {
  return s->use_Ts ? c->Ts_K : c->Tr_K;
}

/* Mean of y over |T - at| <= BASELINE_HALF. */
static int window_mean(const diff_curve *d, double at, double *mean) {
  double sum = 0.0;
  size_t n = 0;
  for (size_t k = 0; k < d->n; k++)
    if (fabs(d->T_K[k] - at) <= BASELINE_HALF) sum += d->y[k], n++;
  *mean = n ? sum / (double)n : NAN;
  return n ? 0 : -1;
}

static int subtract_baseline(const vt_curve_set *set, diff_curve *d, const settings *s) {
  double m[2];
  for (int k = 0; k < 2; k++)
    if (window_mean(d, s->baseline_K[k], &m[k])) {
      cli_error(CMD,
                "%s: curve %zu: no point of the difference within %g K of the baseline "
                "temperature %.6g C (it covers %.6g to %.6g C)",
                set->source, d->index, BASELINE_HALF, s->baseline_K[k] - CELSIUS_OFFSET,
                d->T_K[0] - CELSIUS_OFFSET, d->T_K[d->n - 1] - CELSIUS_OFFSET);
      return -1;
    }
  double slope = (m[1] - m[0]) / (s->baseline_K[1] - s->baseline_K[0]);
  for (size_t k = 0; k < d->n; k++) d->y[k] -= m[0] + slope * (d->T_K[k] - s->baseline_K[0]);
  return 0;
}

/* Keep the points within [lo, hi] (in place). */
static void restrict_to(diff_curve *d, double lo, double hi) {
  size_t j = 0;
  for (size_t k = 0; k < d->n; k++)
    if (d->T_K[k] >= lo && d->T_K[k] <= hi) d->T_K[j] = d->T_K[k], d->y[j] = d->y[k], j++;
  d->n = j;
}

/* sign * (curve - reference) in W at the curve's temperatures within the overlap. */
static int subtract(const vt_curve_set *set, const vt_curve *c, const vt_curve *ref,
                    const settings *s, diff_curve *d) {
  const double *Tc = axis(c, s), *Tf = axis(ref, s);
  double lo = fmax(Tc[0], Tf[0]), hi = fmin(Tc[c->n - 1], Tf[ref->n - 1]);
  if (!(lo < hi)) {
    cli_error(CMD,
              "%s: curve %zu (%.6g to %.6g C) and the reference (%.6g to %.6g C) do not overlap "
              "in temperature",
              set->source, d->index, Tc[0] - CELSIUS_OFFSET, Tc[c->n - 1] - CELSIUS_OFFSET,
              Tf[0] - CELSIUS_OFFSET, Tf[ref->n - 1] - CELSIUS_OFFSET);
    return -1;
  }
  d->T_K = malloc(c->n * sizeof *d->T_K);
  d->y = malloc(c->n * sizeof *d->y);
  gsl_interp *interp = gsl_interp_alloc(gsl_interp_linear, ref->n);
  gsl_interp_accel *acc = gsl_interp_accel_alloc();
  int rc = !d->T_K || !d->y || !interp || !acc ||
           gsl_interp_init(interp, Tf, ref->heat_flow_W, ref->n) != GSL_SUCCESS;
  for (size_t k = 0; !rc && k < c->n; k++) {
    if (Tc[k] < lo || Tc[k] > hi) continue;
    double r = gsl_interp_eval(interp, Tf, ref->heat_flow_W, Tc[k], acc);
    d->T_K[d->n] = Tc[k];
    d->y[d->n++] = s->sign * (c->heat_flow_W[k] - r);
  }
  gsl_interp_accel_free(acc);
  gsl_interp_free(interp);
  if (rc) cli_error(CMD, "out of memory (or the interpolation failed)");
  return rc ? -1 : 0;
}

/* From W (endothermic up) to the display unit of the height. */
static double display_factor(const settings *s, double rate) {
  double f = s->mass_g > 0 ? 1.0 / s->mass_g : 1e3; /* W/g or mW */
  return s->per_rate ? f / rate : f;                /* J/(g K) or mJ/K */
}

static int analyse(const vt_curve_set *set, size_t ref, const settings *s, diff_curve *d) {
  const vt_curve *c = &set->curves[d->index];
  double ref_rate;
  if (heating_scan(set, d->index, s, &d->rate_K_per_s) || heating_scan(set, ref, s, &ref_rate))
    return -1;
  if (fabs(d->rate_K_per_s / ref_rate - 1.0) > RATE_MISMATCH) {
    cli_error(CMD,
              "%s: curve %zu is scanned at %.6g K/s but the reference (curve %zu) at %.6g K/s: "
              "subtract a reference measured at the same rate",
              set->source, d->index, d->rate_K_per_s, ref, ref_rate);
    return -1;
  }
  if (subtract(set, c, &set->curves[ref], s, d)) return -1;
  if (s->linear_baseline && subtract_baseline(set, d, s)) return -1;
  if (s->has_range) restrict_to(d, s->range_K[0], s->range_K[1]);
  if (d->n < 3) {
    cli_error(CMD, "%s: curve %zu: only %zu point%s where it overlaps the reference%s", set->source,
              d->index, d->n, d->n == 1 ? "" : "s", s->has_range ? " within --range" : "");
    return -1;
  }
  double f = display_factor(s, d->rate_K_per_s);
  for (size_t k = 0; k < d->n; k++) d->y[k] *= f;
  vt_error err;
  if (vt_peak_metrics(d->T_K, d->y, d->n, &d->peak, &err)) {
    cli_error(CMD, "%s: curve %zu (segment %d) minus the reference: %s", set->source, d->index,
              c->segment, err.message);
    return -1;
  }
  /* The area over T is over time once divided by the rate (unless the rate is divided out). */
  d->area = s->per_rate ? d->peak.area : d->peak.area / d->rate_K_per_s;
  return 0;
}

/* ---- Output ------------------------------------------------------------------------------ */

static void write_table(FILE *fp, const vt_curve_set *set, const diff_curve *d, size_t n,
                        const settings *s) {
  fprintf(fp, "index,segment,name,rate_K_per_s,Tp_C,Tp_K,height_%s,area_%s,FWHM_K,onset_C,end_C\n",
          s->height_unit, s->area_unit);
  for (size_t i = 0; i < n; i++) {
    const vt_curve *c = &set->curves[d[i].index];
    const vt_peak *p = &d[i].peak;
    fprintf(fp, "%zu,%d,", d[i].index, c->segment);
    vt_csv_write_text(fp, c->name);
    fprintf(fp, ",%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g\n", d[i].rate_K_per_s,
            p->x_peak - CELSIUS_OFFSET, p->x_peak, p->y_peak, d[i].area, p->fwhm,
            p->x_onset - CELSIUS_OFFSET, p->x_end - CELSIUS_OFFSET);
  }
}

static void write_traces(FILE *fp, const vt_curve_set *set, const diff_curve *d, size_t n,
                         const settings *s) {
  fprintf(fp, "curve,segment,T_C,diff_%s\n", s->height_unit);
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < d[i].n; k++)
      fprintf(fp, "%zu,%d,%.9g,%.9g\n", d[i].index, set->curves[d[i].index].segment,
              d[i].T_K[k] - CELSIUS_OFFSET, d[i].y[k]);
}

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

static const char *height_label(const settings *s) {
  return s->per_rate ? (s->mass_g > 0 ? "J/(g K)" : "mJ/K") : (s->mass_g > 0 ? "W/g" : "mW");
}

static int plot(const peaks_opts *o, const vt_curve_set *set, size_t ref, const diff_curve *d,
                size_t n, const settings *s, const char *datafile) {
  char q1[1024], q2[1024];
  cli_gp_quote(datafile, q1, sizeof q1);
  cli_gp_quote(base_name(o->file), q2, sizeof q2);
  size_t size = strlen(q1) + strlen(q2) + 512 + 160 * n; /* a line per curve is < 160 */
  char *body = malloc(size);
  if (!body) {
    cli_error(CMD, "out of memory");
    return -1;
  }
  size_t used = (size_t)snprintf(
      body, size,
      "if (!exists(\"datafile\")) datafile = '%s'\n"
      "set title 'vitrum peaks: %s, curves minus curve %zu (segment %d)' noenhanced\n"
      "set xlabel 'temperature %s (C)'\nset ylabel 'difference (%s), endothermic up'\n"
      "set grid\nset key top left\n"
      "plot 0 with lines lc 'black' dt 2 notitle",
      q1, q2, ref, set->curves[ref].segment, s->use_Ts ? "Ts" : "Tr", height_label(s));
  for (size_t i = 0; i < n && used < size; i++)
    used += (size_t)snprintf(body + used, size - used,
                             ", \\\n  datafile skip 1 using ($1==%zu ? $3 : 1/0):4 with lines "
                             "lw 2 title 'curve %zu (segment %d)'",
                             d[i].index, d[i].index, set->curves[d[i].index].segment);
  if (used < size) used += (size_t)snprintf(body + used, size - used, "\n");
  int rc = used < size ? cli_plot(CMD, o->plot, body) : -1;
  if (used >= size) cli_error(CMD, "internal error: the gnuplot script does not fit");
  free(body);
  return rc;
}

/* The difference curves to a file (traces or plot data), committed at once. */
static int save_traces(const char *path, const vt_curve_set *set, const diff_curve *d, size_t n,
                       const settings *s) {
  vt_outfile out;
  vt_error err;
  if (vt_outfile_open(&out, path, &err)) {
    cli_error(CMD, "%s", err.message);
    return -1;
  }
  write_traces(out.fp, set, d, n, s);
  if (vt_outfile_commit(&out, &err)) {
    cli_error(CMD, "%s", err.message);
    return -1;
  }
  return 0;
}

/* Table, traces and plot. The table file is opened first (an unwritable name fails before
 * anything is written) and committed last; on standard output it is printed last, so a failed
 * plot leaves no output. */
static int write_outputs(const peaks_opts *o, const vt_curve_set *set, size_t ref,
                         const diff_curve *d, size_t n, const settings *s) {
  const char *table = o->output ? o->output : "-";
  int to_stdout = strcmp(table, "-") == 0;
  vt_outfile out = {0};
  vt_error err;
  char *tpath = (o->traces || o->plot) ? traces_path(o) : NULL;
  int rc = -1;
  if ((o->traces || o->plot) && !tpath)
    cli_error(CMD, "out of memory");
  else if (!to_stdout && vt_outfile_open(&out, table, &err))
    cli_error(CMD, "%s", err.message);
  else {
    if (!to_stdout) write_table(out.fp, set, d, n, s);
    rc = 0;
  }
  if (!rc && tpath && save_traces(tpath, set, d, n, s)) rc = -1;
  if (!rc && o->plot && plot(o, set, ref, d, n, s, tpath)) {
    remove(tpath);
    rc = -1;
  }
  if (!rc && to_stdout) {
    if (vt_outfile_open(&out, "-", &err))
      rc = -1;
    else
      write_table(out.fp, set, d, n, s);
  }
  if (!rc && vt_outfile_commit(&out, &err)) {
    cli_error(CMD, "%s", err.message);
    if (tpath) remove(tpath);
    rc = -1;
  }
  if (rc) vt_outfile_abort(&out);
  if (!rc && !o->quiet) {
    if (!to_stdout) fprintf(stderr, "vitrum peaks: wrote %s\n", table);
    if (tpath) fprintf(stderr, "vitrum peaks: wrote %s\n", tpath);
    if (o->plot) fprintf(stderr, "vitrum peaks: wrote %s (gnuplot script beside it)\n", o->plot);
  }
  free(tpath);
  return rc;
}

/* The curves to analyse (the reference left out) and the reference; exit status on failure. */
static int choose(const peaks_opts *o, const vt_curve_set *set, size_t **idx, size_t *n,
                  size_t *ref) {
  vt_error err;
  size_t *r, nr;
  if (vt_curve_set_select(set, o->reference, &r, &nr, &err)) {
    cli_error(CMD, "--reference: %s: %s", set->source, err.message);
    return CLI_USAGE;
  }
  *ref = nr ? r[0] : 0;
  free(r);
  if (nr != 1) {
    cli_error(CMD, "--reference '%s' selects %zu curves: give one index or segment", o->reference,
              nr);
    return CLI_USAGE;
  }
  if (vt_curve_set_select(set, o->curves ? o->curves : "all", idx, n, &err)) {
    cli_error(CMD, "--curves: %s: %s", set->source, err.message);
    return CLI_USAGE;
  }
  size_t j = 0;
  for (size_t i = 0; i < *n; i++)
    if ((*idx)[i] != *ref) (*idx)[j++] = (*idx)[i];
  *n = j;
  if (*n == 0) {
    cli_error(CMD, "--curves '%s' selects only the reference: nothing to analyse",
              o->curves ? o->curves : "all");
    return CLI_USAGE;
  }
  return CLI_OK;
}

static int run(const peaks_opts *o, const settings *s) {
  vt_curve_set set;
  vt_error err;
  if (vt_read_curves(o->file, &set, &err)) {
    cli_error(CMD, "%s", err.message);
    return CLI_FAIL;
  }
  size_t *idx = NULL, n = 0, ref = 0;
  int status = choose(o, &set, &idx, &n, &ref);
  diff_curve *d = status ? NULL : calloc(n, sizeof *d);
  if (!status && !d) {
    cli_error(CMD, "out of memory");
    status = CLI_FAIL;
  }
  for (size_t i = 0; !status && i < n; i++) {
    d[i].index = idx[i];
    if (analyse(&set, ref, s, &d[i])) status = CLI_FAIL;
  }
  if (!status && write_outputs(o, &set, ref, d, n, s)) status = CLI_FAIL;
  if (!status && !o->quiet)
    fprintf(stderr, "vitrum peaks: %zu curve%s minus curve %zu (segment %d), axis %s, %s\n", n,
            n == 1 ? "" : "s", ref, set.curves[ref].segment, s->use_Ts ? "Ts" : "Tr",
            s->sign > 0 ? "endothermic up as in the file" : "sign turned: endothermic up");
  for (size_t i = 0; d && i < n; i++) {
    free(d[i].T_K);
    free(d[i].y);
  }
  free(d);
  free(idx);
  vt_curve_set_free(&set);
  return status;
}

int cmd_peaks(int argc, char **argv) {
  peaks_opts o;
  memset(&o, 0, sizeof o);
  int r = parse(argc, argv, &o);
  if (r == 1) {
    help();
    return CLI_OK;
  }
  settings s;
  if (r < 0 || settle(&o, &s)) return CLI_USAGE;
  gsl_set_error_handler_off(); /* errors come back as status codes, checked above */
  return run(&o, &s);
}
