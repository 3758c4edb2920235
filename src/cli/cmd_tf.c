/* vitrum tf: fictive temperature and relaxation enthalpy of every scan of a measured export
 * (Moynihan's equal area, each sample's lines moved onto the reference's), Tg of the reference. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal_opts.h"

#define CMD             "tf"
#define DH_DISAGREEMENT 0.10 /* relative: warn when the two enthalpies differ by more */

typedef struct tf_opts {
  const char *file, *curves, *ages, *output, *plot;
  cli_cal_opts cal;
  int quiet;
} tf_opts;

static void help(void) {
  printf(
      "usage: vitrum tf FILE --reference SPEC [--curves SPEC] [--ages 'LIST s'] [options]\n"
      "\n"
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
      "     differ by more than 10 %%. Positive: enthalpy lost on ageing, recovered on heating;\n"
      "  5. Tg of the reference by ISO 11357-2 (onset, half-step midpoint, inflection, end);\n"
      "  6. the peak of the corrected difference between the windows (Tp, height, FWHM) when\n"
      "     it is at least 3 times the noise (half the peak-to-peak range of the smoothed\n"
      "     difference in the windows); below that only its area counts.\n"
      "\n"
      "Output (CSV, one row per curve, the references included; units in the names):\n"
      "  index,segment,label,age_s,rate_K_per_s,Tf_K,Tf_C,Tf_se_K,dH_area_E,dH_area_se_E,\n"
      "  dH_tf_E,noise_F,resolved,Tp_C,height_F,FWHM_K,name\n"
      "  E = mJ, J_per_g (--mass) or J_per_mol (--molar-mass); F = mW, W_per_g, W_per_mol.\n"
      "\n"
      "options:\n"
      "  --curves SPEC             curves: 'all' (default), '0,3,5-7' or 'seg:15,21,27'\n"
      "  --ages 'LIST s'           ageing time of each selected curve that is not a\n"
      "                            reference, in selection order ('all': by segment, the\n"
      "                            method's order, when every curve has one, else file order;\n"
      "                            a list such as seg:15,21,27: that order); labels and the\n"
      "                            plot's log axis use them\n");
  cli_cal_help(stdout, 1);
  printf("  -o, --output FILE         the table (default: standard output)\n"
         "  --plot FILE               Tf and dH against ageing time (.png, .svg, .pdf), FILE.gp\n"
         "                            beside it; its data in -o or FILE.csv\n"
         "  -q, --quiet               no summary on standard error (warnings still)\n"
         "\n"
         "Exit status: 0 success, 1 bad input, 2 bad command line.\n");
}

static int parse(int argc, char **argv, tf_opts *o) {
  const cli_value_opt opts[] = {{"--curves", &o->curves},
                                {"--ages", &o->ages},
                                {"--output", &o->output},
                                {"-o", &o->output},
                                {"--plot", &o->plot}};
  int r = cli_cal_parse(CMD, argc, argv, opts, 5, &o->cal, &o->file, &o->quiet);
  if (r) return r;
  if (!o->file || !o->cal.reference) {
    cli_error(CMD, "%s is required: vitrum tf FILE --reference SPEC",
              o->file ? "--reference SPEC" : "FILE");
    return -1;
  }
  if (o->plot && cli_plot_check_name(CMD, o->plot)) return -1;
  return 0;
}

/* ---- Output ------------------------------------------------------------------------------- */

static void number(FILE *fp, double v) {
  fprintf(fp, ",%.9g", v);
}

static void write_table(FILE *fp, const cli_cal_run *run, const cli_cal_settings *s) {
  fprintf(fp,
          "index,segment,label,age_s,rate_K_per_s,Tf_K,Tf_C,Tf_se_K,dH_area_%s,dH_area_se_%s,"
          "dH_tf_%s,noise_%s,resolved,Tp_C,height_%s,FWHM_K,name\n",
          s->energy_unit, s->energy_unit, s->energy_unit, s->flow_unit, s->flow_unit);
  for (size_t i = 0; i < run->result.n; i++) {
    const vt_cal_curve *c = &run->result.curves[i];
    char label[64];
    fprintf(fp, "%zu,%d,%s", c->index, c->segment, cli_cal_label(s, run, i, label, sizeof label));
    double r = c->rate_K_per_s, e = s->energy_factor;
    number(fp, cli_cal_age(s, run, i));
    number(fp, r);
    number(fp, c->Tf_K);
    number(fp, c->Tf_K - VT_ZERO_CELSIUS_K);
    number(fp, c->Tf_se_K);
    number(fp, c->dH_area_J * e);
    number(fp, c->dH_area_se_J * e);
    number(fp, c->dH_tf_J * e);
    number(fp, cli_cal_flow(s, c->noise_W, r));
    fprintf(fp, ",%d", c->resolved);
    number(fp, c->peak.x_peak - VT_ZERO_CELSIUS_K);
    number(fp, cli_cal_flow(s, c->peak.y_peak, r));
    number(fp, c->peak.fwhm);
    fputc(',', fp);
    vt_csv_write_text(fp, run->set.curves[c->index].name);
    fputc('\n', fp);
  }
}

static void summary(const tf_opts *o, const cli_cal_run *run, const cli_cal_settings *s) {
  const vt_cal_result *r = &run->result;
  const vt_cal_curve *ref = &r->reference;
  const double C = VT_ZERO_CELSIUS_K;
  fprintf(stderr, "vitrum tf: %s: %zu curve%s against ", cli_base_name(o->file), r->n,
          r->n == 1 ? "" : "s");
  if (run->n_refs == 1)
    fprintf(stderr, "curve %zu (segment %d)", run->refs[0], run->set.curves[run->refs[0]].segment);
  else
    fprintf(stderr, "the average of %zu references", run->n_refs);
  fprintf(stderr, ", axis %s, %.6g K/s\n", r->axis == VT_CAL_AXIS_TS ? "Ts" : "Tr",
          ref->rate_K_per_s);
  fprintf(stderr, "  windows (%s): glass %.4g to %.4g C, liquid %.4g to %.4g C\n",
          r->windows_automatic ? "found on the reference" : "given", r->glass_K[0] - C,
          r->glass_K[1] - C, r->liquid_K[0] - C, r->liquid_K[1] - C);
  fprintf(stderr, "  reference: Tf = %.3f +- %.3f C; at Tg a step of %.6g %s, dCp = %.6g %s/K\n",
          ref->Tf_K - C, ref->Tf_se_K, cli_cal_flow(s, r->tg.step_W, ref->rate_K_per_s),
          s->flow_label, r->tg.step_W / ref->rate_K_per_s * s->energy_factor, s->energy_label);
  fprintf(stderr,
          "  Tg (ISO 11357-2): onset %.3f C, midpoint %.3f C, inflection %.3f C, end %.3f C\n",
          r->tg.onset_K - C, r->tg.midpoint_K - C, r->tg.inflection_K - C, r->tg.end_K - C);
}

/* Curves whose two enthalpies disagree, or that have no Tf: a line each on stderr. */
static void warnings(const cli_cal_run *run, const cli_cal_settings *s) {
  if (isnan(run->result.reference.Tf_K))
    fprintf(stderr, "vitrum tf: warning: the reference has no equal-area Tf: no dH from Tf\n");
  for (size_t i = 0; i < run->result.n; i++) {
    const vt_cal_curve *c = &run->result.curves[i];
    if (isnan(c->Tf_K)) {
      fprintf(stderr, "vitrum tf: warning: curve %zu (segment %d) has no equal-area Tf\n", c->index,
              c->segment);
      continue;
    }
    double a = c->dH_area_J, b = c->dH_tf_J, big = fmax(fabs(a), fabs(b));
    if (big > 3 * c->dH_area_se_J && fabs(a - b) > DH_DISAGREEMENT * big)
      fprintf(stderr,
              "vitrum tf: warning: curve %zu (segment %d): dH from the area (%.6g %s) and from "
              "Tf (%.6g %s) differ by more than %.0f %%: check the windows\n",
              c->index, c->segment, a * s->energy_factor, s->energy_label, b * s->energy_factor,
              s->energy_label, 100 * DH_DISAGREEMENT);
  }
}

static int plot(const tf_opts *o, const cli_cal_run *run, const cli_cal_settings *s,
                const char *datafile) {
  char q1[1024], q2[1024], body[4096], ref_line[128] = "";
  int ages = s->n_ages > 0;
  const char *x = ages ? "4" : "0", *xt = ages ? "" : ":xticlabels(3)";
  double Tf_ref = run->result.reference.Tf_K;
  if (isfinite(Tf_ref)) /* the reference as a dashed line (it has no ageing time) */
    snprintf(ref_line, sizeof ref_line,
             ", %.9g with lines dt 2 lc 'black' title 'Tf of the reference'",
             Tf_ref - VT_ZERO_CELSIUS_K);
  snprintf(
      body, sizeof body,
      "if (!exists(\"datafile\")) datafile = '%s'\n"
      "set multiplot layout 2,1 title 'vitrum tf: %s' noenhanced\n"
      "set grid\nset key top right\nset offsets 0, 0, graph 0.05, graph 0.05\n%s"
      "set ylabel 'fictive temperature (C)'\n"
      "plot datafile skip 1 using %s:(strcol(3) eq 'reference' ? 1/0 : $7)%s with linespoints "
      "pt 7 lw 2 title 'Tf'%s\n"
      "set xlabel '%s'\nset ylabel 'dH (%s)'\n"
      "plot datafile skip 1 using %s:(strcol(3) eq 'reference' ? 1/0 : $9)%s with linespoints pt 7 "
      "lw 2 title 'dH, area', '' skip 1 using %s:(strcol(3) eq 'reference' ? 1/0 : $11) with "
      "points pt 6 ps 1.5 title 'dH, dCp (Tf_{ref} - Tf)'\n"
      "unset multiplot\n",
      cli_gp_quote(datafile, q1, sizeof q1), cli_gp_quote(cli_base_name(o->file), q2, sizeof q2),
      ages ? "set logscale x\nset format x '10^{%L}'\n" : "set xtics rotate by 45 right\n", x, xt,
      ref_line, ages ? "ageing time (s)" : "curve", s->energy_label, x, xt, x);
  return cli_plot(CMD, o->plot, body);
}

/* The plot's data: the table file, or FILE.csv beside the picture (malloc'd). */
static char *plot_data_path(const tf_opts *o) {
  int to_stdout = !o->output || strcmp(o->output, "-") == 0;
  const char *base = to_stdout ? o->plot : o->output;
  size_t n = strlen(base) + 8;
  char *p = malloc(n);
  if (!p) return NULL;
  if (to_stdout)
    snprintf(p, n, "%.*s.csv", (int)(strrchr(base, '.') - base), base);
  else
    snprintf(p, n, "%s", base);
  return p;
}

static int save(const char *path, const cli_cal_run *run, const cli_cal_settings *s,
                vt_outfile *out) {
  vt_error err;
  if (vt_outfile_open(out, path, &err)) {
    cli_error(CMD, "%s", err.message);
    return -1;
  }
  write_table(out->fp, run, s);
  return 0;
}

static int commit(vt_outfile *out) {
  vt_error err;
  if (!vt_outfile_commit(out, &err)) return 0;
  cli_error(CMD, "%s", err.message);
  return -1;
}

/* The plot reads the table (or, when the table goes to standard output, its copy FILE.csv):
 * that file is committed first and removed again when gnuplot fails, so a failed run leaves
 * nothing; standard output is written last. */
static int write_outputs(const tf_opts *o, const cli_cal_run *run, const cli_cal_settings *s) {
  int to_stdout = !o->output || strcmp(o->output, "-") == 0;
  vt_outfile out = {0};
  char *dpath = o->plot ? plot_data_path(o) : NULL;
  if (o->plot && !dpath) {
    cli_error(CMD, "out of memory");
    return -1;
  }
  const char *first = to_stdout ? dpath : o->output;
  int rc = first ? save(first, run, s, &out) : 0;
  if (!rc && first) rc = commit(&out);
  if (!rc && o->plot && plot(o, run, s, dpath)) {
    remove(dpath);
    rc = -1;
  }
  if (!rc && to_stdout) rc = save("-", run, s, &out) || commit(&out);
  if (rc) vt_outfile_abort(&out);
  if (!rc && !o->quiet && o->plot)
    fprintf(stderr, "vitrum tf: wrote %s (data %s, gnuplot script beside it)\n", o->plot, dpath);
  free(dpath);
  return rc;
}

int cmd_tf(int argc, char **argv) {
  tf_opts o;
  memset(&o, 0, sizeof o);
  int r = parse(argc, argv, &o);
  if (r == 1) {
    help();
    return CLI_OK;
  }
  cli_cal_settings s;
  if (r < 0 || cli_cal_settle(CMD, &o.cal, VT_CAL_BASELINE_LINES, &s)) return CLI_USAGE;
  if (cli_cal_ages(CMD, o.ages, &s)) {
    cli_cal_settings_free(&s);
    return CLI_USAGE;
  }
  cli_cal_run run;
  int st = cli_cal_load(CMD, o.file, &o.cal, "--curves", o.curves, 0, &run);
  if (!st && cli_cal_check_ages(CMD, &s, &run)) st = CLI_USAGE;
  if (!st) st = cli_cal_analyse(CMD, &s, &run);
  if (!st && write_outputs(&o, &run, &s)) st = CLI_FAIL;
  if (!st) {
    if (!o.quiet) summary(&o, &run, &s);
    warnings(&run, &s);
  }
  cli_cal_run_free(&run);
  cli_cal_settings_free(&s);
  return st;
}
