/* vitrum debye's tables, summaries and gnuplot pictures (debye_out.h). */
#include "debye_out.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- tables ---------------------------------------------------------------------------------- */

static const char *law_name(int law) {
  return law == VT_TAU_VFT ? "VFT" : "Arrhenius";
}

/* A unit as it goes into a column name: "J/mol" -> "J_per_mol"; `fallback` when unknown. */
static const char *unit_name(const char *unit, const char *fallback, char *buf, size_t size) {
  if (!*unit) return fallback;
  size_t k = 0;
  for (const char *p = unit; *p && k + 6 < size; p++)
    k += (size_t)snprintf(buf + k, size - k, "%s", *p == '/' ? "_per_" : (char[2]){*p, 0});
  return buf;
}

static const char *class_of(const debye_job *j, size_t i) {
  const char *c =
      j->status[i] ? NULL : vt_relaxation_class(j->fit[i].E_J_per_mol, j->o->Tg, j->o->m);
  return c ? c : "";
}

/* The fitted values' columns, shared by the one-row summary and the batch table. */
static void fit_header(FILE *fp, const debye_job *j) {
  char q[80], y[80];
  const char *qn = unit_name(j->d.q_unit, "y_times_s", q, sizeof q);
  fprintf(fp, "dh_%s,se_dh_%s,E_kJ_per_mol,se_E_kJ_per_mol,ln_tau0_s,se_ln_tau0,", qn, qn);
  if (j->o->law == VT_TAU_VFT) fprintf(fp, "D,se_D,T0_K,se_T0_K,");
  fprintf(fp, "Tp_K,rms_%s,r2", unit_name(j->d.y_unit, "y", y, sizeof y));
}

static void fit_values(FILE *fp, const debye_job *j, size_t i) {
  const vt_debye_fit *f = &j->fit[i];
  int vft = j->o->law == VT_TAU_VFT;
  if (j->status[i]) {
    fprintf(fp, "nan,nan,nan,nan,nan,nan,%snan,nan,nan", vft ? "nan,nan,nan,nan," : "");
    return;
  }
  fprintf(fp, "%.10g,%.4g,%.10g,%.4g,%.10g,%.4g,", f->Q0, f->se_Q0, f->E_J_per_mol / 1e3,
          f->se_E_J_per_mol / 1e3, f->ln_tau0_s, f->se_ln_tau0);
  if (vft) fprintf(fp, "%.10g,%.4g,%.10g,%.4g,", f->D, f->se_D, f->T0_K, f->se_T0_K);
  fprintf(fp, "%.10g,%.6g,%.10g", f->Tp_K, f->rms_residual, f->r2);
}

void debye_write_row(FILE *fp, const void *ctx) {
  const debye_job *j = ctx;
  const vt_scan *sc = &j->d.scans[0];
  const double *T = j->d.T_K + sc->start;
  fprintf(fp, "n,law,rate_K_per_s,T_min_K,T_max_K,");
  fit_header(fp, j);
  fprintf(fp, ",iterations,class\n%zu,%s,%.10g,%.10g,%.10g,", sc->n,
          j->o->law == VT_TAU_VFT ? "vft" : "arrhenius", j->rate, T[0], T[sc->n - 1]);
  fit_values(fp, j, 0);
  fprintf(fp, ",%d,%s\n", j->fit[0].iterations, class_of(j, 0));
}

/* The scan's index and grouping fields: "0,273,5" (batch only). */
static void scan_key(FILE *fp, const debye_job *j, size_t i) {
  fprintf(fp, "%zu%s%s,", i, *j->d.scans[i].key ? "," : "", j->d.scans[i].key);
}

/* "scan" and the header's grouping columns (all but T and y). */
static void key_header(FILE *fp, const debye_job *j) {
  fprintf(fp, "scan");
  for (size_t k = 0; k < j->d.n_keys; k++) {
    fputc(',', fp);
    vt_csv_write_text(fp, j->d.key_names[k]);
  }
  fputc(',', fp);
}

void debye_write_table(FILE *fp, const void *ctx) {
  const debye_job *j = ctx;
  key_header(fp, j);
  fprintf(fp, "n,");
  fit_header(fp, j);
  fprintf(fp, ",class,status\n");
  for (size_t i = 0; i < j->d.n_scans; i++) {
    scan_key(fp, j, i);
    fprintf(fp, "%zu,", j->d.scans[i].n);
    fit_values(fp, j, i);
    fprintf(fp, ",%s,", class_of(j, i));
    vt_csv_write_text(fp, j->status[i] ? j->notes[i].message : "ok");
    fputc('\n', fp);
  }
}

/* T, y, fit, residual (batch: per scan, after its index and grouping fields). */
void debye_write_fitted(FILE *fp, const void *ctx) {
  const debye_job *j = ctx;
  const char *y = j->d.y_name;
  if (j->batch) key_header(fp, j);
  fprintf(fp, "T_K,%s,fit_%s,residual_%s\n", y, y, y);
  for (size_t i = 0; i < j->d.n_scans; i++)
    for (size_t k = 0; k < j->d.scans[i].n; k++) {
      double T = j->d.T_K[j->d.scans[i].start + k], v = j->d.y[j->d.scans[i].start + k];
      double f = j->notes[i].fit_y ? j->notes[i].fit_y[k] : NAN;
      if (j->batch) scan_key(fp, j, i);
      fprintf(fp, "%.10g,%.10g,%.10g,%.10g\n", T, v, f, v - f);
    }
}

/* ---- summaries ------------------------------------------------------------------------------- */

/* The class ranges of --Tg and --fragility, kJ/mol: beta low, beta high, alpha. */
static void class_ranges(const debye_job *j, double r[3]) {
  vt_relaxation_ranges c;
  vt_relaxation_class_ranges(j->o->Tg, j->o->m, &c, NULL); /* checked positive by the parser */
  r[0] = c.lo_J_per_mol[VT_CLASS_BETA] / 1e3, r[1] = c.hi_J_per_mol[VT_CLASS_BETA] / 1e3;
  r[2] = c.lo_J_per_mol[VT_CLASS_ALPHA] / 1e3;
}

static void print_classes(FILE *fp, const debye_job *j) {
  double r[3];
  class_ranges(j, r);
  fprintf(fp,
          "  classes for Tg %.6g K, m %.6g (paper 004): gamma/beta' 20-60 kJ/mol, beta "
          "(26 +- 4) R Tg = %.1f-%.1f kJ/mol, alpha m R Tg ln 10 = %.1f kJ/mol\n",
          j->o->Tg, j->o->m, r[0], r[1], r[2]);
}

void debye_print_summary(FILE *fp, const debye_job *j) {
  const vt_scan *sc = &j->d.scans[0];
  const vt_debye_fit *f = &j->fit[0];
  const char *q = *j->d.q_unit ? j->d.q_unit : "(y units) s";
  fprintf(fp, "vitrum debye: %s, columns %s and %s, %zu points, %.6g .. %.6g K, at %.6g K/s\n",
          j->input, j->d.T_name, j->d.y_name, sc->n, j->d.T_K[sc->start],
          j->d.T_K[sc->start + sc->n - 1], j->rate);
  fprintf(fp, "  %s law, %d iterations\n", law_name(f->law), f->iterations);
  fprintf(fp, "  dh      = %.7g +- %.2g %s   (Q0: the enthalpy of the peak)\n", f->Q0, f->se_Q0, q);
  fprintf(fp, "  E*      = %.4f +- %.2g kJ/mol%s\n", f->E_J_per_mol / 1e3, f->se_E_J_per_mol / 1e3,
          f->law == VT_TAU_VFT ? "   (apparent, at Tp: R D T0 Tp^2/(Tp - T0)^2)" : "");
  fprintf(fp, "  ln_tau0 = %.5f +- %.2g   (tau0 = %.4g s)\n", f->ln_tau0_s, f->se_ln_tau0,
          exp(f->ln_tau0_s));
  if (f->law == VT_TAU_VFT)
    fprintf(fp, "  D       = %.6g +- %.2g\n  T0      = %.3f +- %.2g K\n", f->D, f->se_D, f->T0_K,
            f->se_T0_K);
  fprintf(fp, "  Tp      = %.3f K\n  rms     = %.4g %s\n  R^2     = %.8f\n", f->Tp_K,
          f->rms_residual, *j->d.y_unit ? j->d.y_unit : "(y units)", f->r2);
  if (!j->has_class) return;
  fprintf(fp, "  class   = %s\n", class_of(j, 0));
  print_classes(fp, j);
}

/* Failures on standard error, then the counts (per class with --Tg) and the E* range. */
void debye_print_batch_summary(const debye_job *j) {
  const vt_debye_summary *s = &j->sum;
  for (size_t i = 0; i < s->n; i++)
    if (j->status[i])
      fprintf(stderr, "vitrum debye: %s: scan %zu (line %ld%s%s): %s\n", j->input, i,
              j->d.scans[i].line, *j->d.scans[i].key ? ": " : "", j->d.scans[i].key,
              j->notes[i].message);
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
  print_classes(stderr, j);
}

/* ---- pictures -------------------------------------------------------------------------------- */

static int plot_single(const debye_job *j, const char *datafile) {
  const vt_debye_fit *f = &j->fit[0];
  char body[4096], q1[1024], q2[512], q3[256];
  snprintf(body, sizeof body,
           "if (!exists(\"datafile\")) datafile = '%s'\n"
           "set multiplot\nset lmargin 12\nset grid\n"
           "set size 1,0.68\nset origin 0,0.32\n"
           "set title 'vitrum debye: %s, %s E* = %.2f +/- %.2f kJ/mol, Tp = %.2f K' "
           "noenhanced\n"
           "set ylabel '%s' noenhanced\nset key top left\n"
           "plot datafile skip 1 using 1:2 with points pt 7 ps 0.4 lc rgb '#1f77b4' title "
           "'data', \\\n"
           "     datafile skip 1 using 1:3 with lines lw 2 lc rgb '#d62728' title 'Debye fit "
           "(paper 004 Eq. 4)'\n"
           "set size 1,0.32\nset origin 0,0\nunset title\n"
           "set xlabel 'temperature (K)'\nset ylabel 'residual'\n"
           "plot datafile skip 1 using 1:4 with points pt 7 ps 0.3 lc rgb '#555555' notitle, \\\n"
           "     0 with lines lc 'black' dt 2 notitle\n"
           "unset multiplot\n",
           cli_gp_quote(datafile, q1, sizeof q1),
           cli_gp_quote(cli_base_name(j->input), q2, sizeof q2), law_name(f->law),
           f->E_J_per_mol / 1e3, f->se_E_J_per_mol / 1e3, f->Tp_K,
           cli_gp_quote(j->d.y_name, q3, sizeof q3));
  return cli_plot("debye", j->o->plot, body);
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
  *lo = j->sum.E_min_J_per_mol / 1e3, *hi = j->sum.E_max_J_per_mol / 1e3;
  if (j->has_class) {
    class_ranges(j, r);
    *lo = fmin(*lo, 20.0), *hi = fmax(*hi, r[2]);
  }
  *lo /= 1.5, *hi *= 1.5;
}

static int plot_batch(const debye_job *j, const char *datafile) {
  int groups = (int)j->d.n_keys, x = groups > 0 ? 2 : 1, dh = groups + 3, E = groups + 5;
  const char *xname = groups > 0 ? j->d.key_names[0] : "scan";
  char body[8192], q1[1024], q2[512], q3[256], bands[2048] = "";
  const char *qu = *j->d.q_unit ? j->d.q_unit : "y s";
  double lo, hi;
  E_range(j, &lo, &hi);
  class_bands(j, bands, sizeof bands);
  snprintf(body, sizeof body,
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
           cli_gp_quote(datafile, q1, sizeof q1),
           cli_gp_quote(cli_base_name(j->input), q2, sizeof q2), law_name(j->o->law), lo, hi, bands,
           cli_gp_quote(xname, q3, sizeof q3), qu, x, E, dh, qu, q3, dh, E, x);
  return cli_plot("debye", j->o->plot, body);
}

/* The single plot reads the fitted curves (output 1), the batch plot the table (output 0). */
int debye_plot(const void *ctx, const char *const *files) {
  const debye_job *j = ctx;
  return j->batch ? plot_batch(j, files[0]) : plot_single(j, files[1]);
}
