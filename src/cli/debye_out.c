/* vitrum debye's tables, summaries and gnuplot pictures (debye_out.h). */
#include "debye_out.h"

#include <math.h>
#include <stdio.h>

#include "script.h"

/* ---- tables and summaries: the library's writers (report.h) ---------------------------------- */

static const char *law_name(int law) {
  return law == VT_TAU_VFT ? "VFT" : "Arrhenius";
}

/* The class ranges of --Tg and --fragility, kJ/mol: beta low, beta high, alpha. */
static void class_ranges(const debye_job *j, double r[3]) {
  vt_relaxation_ranges c;
  vt_relaxation_class_ranges(j->o->Tg, j->o->m, &c, NULL); /* checked positive by the parser */
  r[0] = c.lo_J_per_mol[VT_CLASS_BETA] / 1e3, r[1] = c.hi_J_per_mol[VT_CLASS_BETA] / 1e3;
  r[2] = c.lo_J_per_mol[VT_CLASS_ALPHA] / 1e3;
}

void debye_print_summary(FILE *fp, const debye_job *j) {
  const vt_scan *sc = &j->d.scans[0];
  fprintf(fp, "vitrum debye: %s, columns %s and %s, %zu points, %.6g .. %.6g K, at %.6g K/s\n",
          j->input, j->d.T_name, j->d.y_name, sc->n, j->d.T_K[sc->start],
          j->d.T_K[sc->start + sc->n - 1], j->rate);
  vt_debye_fit_write_summary(&j->rep, fp, NULL);
}

/* Failures on standard error, then the counts (per class with --Tg) and the E* range. */
void debye_print_batch_summary(const debye_job *j) {
  const vt_debye_summary *s = &j->b.summary;
  for (size_t i = 0; i < s->n; i++)
    if (j->b.status[i])
      fprintf(stderr, "vitrum debye: %s: scan %zu (line %ld%s%s): %s\n", j->input, i,
              j->d.scans[i].line, *j->d.scans[i].key ? ": " : "", j->d.scans[i].key,
              j->b.message[i] ? j->b.message[i] : vt_strerror(j->b.status[i]));
  if (j->o->quiet) return;
  fprintf(stderr, "vitrum debye: %s: %zu scan%s, %zu fitted (%s law), %zu failed%s\n", j->input,
          s->n, s->n == 1 ? "" : "s", s->n_fitted, law_name(j->o->law), s->n - s->n_fitted,
          s->n_fitted < s->n ? " (their status column says why)" : "");
  if (s->n_fitted)
    fprintf(stderr, "  E* from %.4g to %.4g kJ/mol\n", s->E_min_J_per_mol / 1e3,
            s->E_max_J_per_mol / 1e3);
  if (!j->has_class) return;
  fprintf(stderr, "  per class: gamma/beta' %zu, beta %zu, alpha %zu\n", s->n_class[0],
          s->n_class[1], s->n_class[2]);
  vt_relaxation_classes_write_summary(j->o->Tg, j->o->m, stderr, NULL);
}

/* ---- pictures -------------------------------------------------------------------------------- */

static int plot_single(const debye_job *j, const char *datafile) {
  const vt_debye_fit *f = &j->b.fit[0];
  cli_script sc = {0};
  cli_gp_data(&sc, "datafile", datafile);
  cli_gp_str(&sc, "file", cli_base_name(j->input));
  cli_gp_str(&sc, "law", law_name(f->law));
  cli_gp_num(&sc, "E", f->E_J_per_mol / 1e3);
  cli_gp_num(&sc, "se_E", f->se_E_J_per_mol / 1e3);
  cli_gp_num(&sc, "Tp", f->Tp_K);
  cli_gp_str(&sc, "y_name", j->d.y_name);
  return cli_plot_with("debye", j->o->plot, "debye", &sc);
}

/* Shaded gamma/beta' and beta bands and the alpha line, behind the points of both panels. */
static void class_bands(const debye_job *j, char *buf, size_t size) {
  double r[3];
  if (!j->has_class) return;
  class_ranges(j, r);
  snprintf(buf, size,
           "set object 1 rect from graph 0, first 20 to graph 1, first 60 fc rgb '#2ca02c' "
           "fs transparent solid 0.15 noborder behind\n"
           "set object 2 rect from graph 0, first %.6g to graph 1, first %.6g fc rgb '#ff7f0e' "
           "fs transparent solid 0.2 noborder behind\n"
           "set arrow 1 from graph 0, first %.6g to graph 1, first %.6g nohead lc rgb '#d62728' "
           "dt 2 lw 2 back\n"
           "set label 1 \"{/Symbol g}/{/Symbol b}' 20-60\" at graph 0.01, first 34.6 front\n"
           "set label 2 '{/Symbol b} (26 +/- 4) R T_g' at graph 0.01, first %.6g front\n"
           "set label 3 '{/Symbol a} m R T_g ln 10' at graph 0.01, first %.6g front\n",
           r[0], r[1], r[2], r[2], sqrt(r[0] * r[1]), r[2] * 1.12);
}

/* E range of the picture (kJ/mol): the fits and the class bands, with a margin. */
static void E_range(const debye_job *j, double *lo, double *hi) {
  double r[3];
  *lo = j->b.summary.E_min_J_per_mol / 1e3, *hi = j->b.summary.E_max_J_per_mol / 1e3;
  if (j->has_class) {
    class_ranges(j, r);
    *lo = fmin(*lo, 20.0), *hi = fmax(*hi, r[2]);
  }
  *lo /= 1.5, *hi *= 1.5;
}

static int plot_batch(const debye_job *j, const char *datafile) {
  int groups = (int)j->d.n_keys, x = groups > 0 ? 2 : 1, dh = groups + 3, E = groups + 5;
  const char *xname = groups > 0 ? j->d.key_names[0] : "scan";
  char q1[1024], q2[512], q3[256], bands[2048] = "";
  const char *qu = *j->d.q_unit ? j->d.q_unit : "y s";
  double lo, hi;
  E_range(j, &lo, &hi);
  class_bands(j, bands, sizeof bands);
  return cli_plotf(
      "debye", j->o->plot,
      "if (!exists(\"datafile\")) datafile = '%s'\n"
      "set multiplot layout 2,1 title 'vitrum debye: E* of the scans of %s (%s Debye "
      "fits)' noenhanced\n"
      "set logscale y\nset yrange [%.6g:%.6g]\nset grid\nset palette rgbformulae 33,13,10\n"
      "set ylabel 'E*_{Debye} (kJ/mol)'\n"
      "set ytics (10, 20, 40, 60, 100, 200, 400, 600, 1000, 2000, 4000)\n%s"
      "set xlabel '%s' noenhanced\nset cblabel 'dh (%s)'\n"
      "plot datafile skip 1 using %d:%d:%d with points pt 7 ps 1.5 palette notitle\n"
      "set xlabel 'dh (%s)'\nset cblabel '%s' noenhanced\n"
      "plot datafile skip 1 using %d:%d:%d with points pt 7 ps 1.5 palette notitle\n"
      "unset multiplot\n",
      cli_gp_quote(datafile, q1, sizeof q1), cli_gp_quote(cli_base_name(j->input), q2, sizeof q2),
      law_name(j->o->law), lo, hi, bands, cli_gp_quote(xname, q3, sizeof q3), qu, x, E, dh, qu, q3,
      dh, E, x);
}

/* The single plot reads the fitted curves (output 1), the batch plot the table (output 0). */
int debye_plot(const void *ctx, const char *const *files) {
  const debye_job *j = ctx;
  return j->batch ? plot_batch(j, files[0]) : plot_single(j, files[1]);
}
