/* The results of vitrum pdf (pdf_report.h): the picture, the summaries, and the files as one
 * output set (output.h), standard output last. */
#include "pdf_report.h"

#include <math.h>

#include "cli.h"
#include "cmd.h"

#define CMD "pdf"

/* S(Q) and G(r): one line, or one per frame coloured by frame, G(r) then zoomed on the first
 * peak (where a series changes). The long-format files hold the frames one after another; the
 * first point of each frame is made undefined (NaN) so gnuplot does not join the end of one frame
 * to the start of the next. */
static void plot_curves(cli_script *sc, int series, const vt_first_peak *first) {
  const char *y_sq = series ? "(c = ($1 != pf), pf = $1, c ? NaN : $5):1" : "5";
  const char *y_gr = series ? "(c = ($1 != pf), pf = $1, c ? NaN : $4):1" : "4";
  const char *style = series ? "lw 1.5 palette" : "lw 2 lc rgb '#1f4e9c'";
  if (series) cli_script_add(sc, "set cblabel 'frame'\n");
  cli_script_add(sc,
                 "set xlabel 'Q (1/Å)'\nset ylabel 'S(Q)'\npf = -1\n"
                 "plot sqfile skip 1 using 3:%s with lines %s notitle\n"
                 "set xlabel 'r (Å)'\nset ylabel 'G(r) (Å^{-2})'\npf = -1\n",
                 y_sq, style);
  if (series) {
    double w = first->window_hi_A - first->window_lo_A;
    cli_script_add(sc, "set xrange [%.6g:%.6g]\n", first->window_lo_A - 0.5 * w,
                   first->window_hi_A + 0.5 * w);
  }
  cli_script_add(
      sc,
      "plot 0 with lines lc 'black' dt 2 notitle, grfile skip 1 using 3:%s with lines %s "
      "notitle\nset autoscale x\n",
      y_gr, style);
}

/* One pattern: the first peak zoomed, with the two Gaussian sub-peaks (paper 001 Fig. 5 insets). */
static void plot_first_peak(cli_script *sc, const vt_first_peak *p) {
  double lo = p->window_lo_A, hi = p->window_hi_A, pad = 0.3 * (hi - lo);
  cli_script_add(sc,
                 "set xlabel 'r (Å)'\nset ylabel 'G(r) (Å^{-2})'\nset key top right\n"
                 "set xrange [%.6g:%.6g]\n",
                 lo - pad, hi + pad);
  if (!p->split) {
    cli_script_add(
        sc, "plot grfile skip 1 using 3:4 with lines lw 2 lc rgb '#1f4e9c' title 'first peak'\n");
    return;
  }
  for (int k = 0; k < 2; k++)
    cli_script_add(sc,
                   "g%d(x) = %.9g / (%.9g * sqrt(2 * pi)) * exp(-0.5 * ((x - %.9g) / %.9g)**2)\n",
                   k + 1, p->sub[k].area, p->sub[k].sigma_A, p->sub[k].r_A, p->sub[k].sigma_A);
  cli_script_add(sc,
                 "plot grfile skip 1 using 3:4 with lines lw 2 lc rgb '#1f4e9c' title 'G(r)', "
                 "g1(x) with lines dt 2 lw 2 lc rgb '#d62728' title sprintf('%%.3f Å', %.9g), "
                 "g2(x) with lines dt 2 lw 2 lc rgb '#2ca02c' title sprintf('%%.3f Å', %.9g), "
                 "g1(x) + g2(x) with lines lw 1 lc 'black' title 'sum'\n",
                 p->sub[0].r_A, p->sub[1].r_A);
}

/* A series: first-peak position and FWHM against time (or frame). */
static void plot_series(cli_script *sc, int timed) {
  int x = timed ? 2 : 1;
  cli_script_add(sc,
                 "unset colorbox\nset xlabel '%s'\nset key center right\n"
                 "set ylabel 'first peak position (Å)'\n"
                 "plot tablefile skip 1 using %d:7 with linespoints pt 7 title 'maximum', "
                 "'' skip 1 using %d:13 with linespoints pt 6 title 'sub-peak 1', "
                 "'' skip 1 using %d:19 with linespoints pt 4 title 'sub-peak 2'\n"
                 "set ylabel 'first peak FWHM (Å)'\n"
                 "plot tablefile skip 1 using %d:9 with linespoints pt 7 notitle\n",
                 timed ? "time (s)" : "frame", x, x, x, x);
}

/* S(Q), G(r) and the first peak with its sub-peaks (one pattern), or S(Q), G(r) near the first
 * peak and its position and FWHM against time (a series), from the files written. */
static int pdf_plot(const char *picture, const char *sq_file, const char *gr_file,
                    const char *table, const vt_composition *c, int lorch, const pdf_frame *f,
                    size_t n) {
  cli_script sc = {0};
  char qs[1024], qg[1024], qt[1024], comp[256];
  int series = n > 1, timed = 1;
  for (size_t i = 0; i < n; i++) timed &= !isnan(f[i].time_s);
  cli_script_add(&sc, "sqfile = '%s'\ngrfile = '%s'\ntablefile = '%s'\n",
                 cli_gp_quote(sq_file, qs, sizeof qs), cli_gp_quote(gr_file, qg, sizeof qg),
                 cli_gp_quote(series ? table : "", qt, sizeof qt));
  cli_script_add(&sc, "set multiplot layout %d,%d title 'vitrum pdf: %s%s' noenhanced\nset grid\n",
                 series ? 2 : 3, series ? 2 : 1, vt_composition_format(c, comp, sizeof comp),
                 lorch ? ", Lorch" : "");
  plot_curves(&sc, series, &f[0].res.peak);
  if (series)
    plot_series(&sc, timed);
  else
    plot_first_peak(&sc, &f[0].res.peak);
  cli_script_add(&sc, "unset multiplot\n");
  return cli_script_plot(CMD, picture, &sc);
}

/* The library's lines, each after the command's name. */
void pdf_summary(const vt_composition *c, const pdf_frame *f, size_t n) {
  fputs("vitrum " CMD ": ", stderr);
  vt_pdf_weights_write_summary(c, stderr, NULL); /* computed for the table already */
  for (size_t i = 0; i < n && n <= 10; i++) {
    fputs("vitrum " CMD ": ", stderr);
    vt_pdf_frame_write_summary(i, &f[i], stderr, NULL);
  }
  if (n <= 1) return;
  fputs("vitrum " CMD ": ", stderr);
  vt_pdf_series_write_summary(f, n, stderr, NULL);
}

int pdf_is_stdout(const char *path) {
  return path && strcmp(path, "-") == 0;
}

/* -1 (printed) when two of the n files (standard output aside) have one name. */
int pdf_same_name(const char *const *names, const char *const *flags, int n) {
  for (int a = 0; a < n; a++)
    for (int b = a + 1; b < n; b++)
      if (names[a] && names[b] && !pdf_is_stdout(names[a]) && strcmp(names[a], names[b]) == 0)
        return cli_error(CMD, "%s and %s would both be written to %s", flags[a], flags[b],
                         names[a]),
               -1;
  return 0;
}

/* ---- Output: one output set through the output plan ---------------------------------------- */

typedef struct job {
  const pdf_outputs *o;
  const vt_composition *c;
  int lorch;
  const double *r_A;
  const pdf_frame *f;
  size_t n;
} job;

/* A failed write shows when the output set is committed. */
CLI_WRITER(write_table, job, vt_pdf_peaks_write_csv(j->f, j->n, fp, NULL));

CLI_WRITER(write_sq, job, vt_pdf_sq_write_csv(j->f, j->n, fp, NULL));

CLI_WRITER(write_gr, job, vt_pdf_gr_write_csv(j->f, j->n, j->r_A, fp, NULL));

CLI_WRITER(write_weights, job, vt_pdf_weights_write_csv(j->c, fp, NULL));

/* files: S(Q), G(r), the first-peak table (NULL for one frame: the plot shows no series). */
static int plot(const void *ctx, const char *const *files) {
  const job *j = ctx;
  return pdf_plot(j->o->plot, files[0], files[1], files[2], j->c, j->lorch, j->f, j->n);
}

int pdf_write_outputs(const pdf_outputs *o, const vt_composition *c, int lorch, const double *r_A,
                      const pdf_frame *f, size_t n) {
  job j = {o, c, lorch, r_A, f, n};
  const char *none = NULL;
  cli_out outs[4] = {{"--sq", o->sq, 0, "_sq.csv", write_sq},
                     {"--gr", o->gr, 0, "_gr.csv", write_gr},
                     {"-o", o->table, 1, n > 1 ? "_peaks.csv" : NULL, write_table},
                     {"--weights", o->weights, 0, NULL, write_weights}};
  if (!o->patterns) outs[2] = (cli_out){"-o", none, 0, NULL, write_table};
  return cli_write_outputs(CMD, outs, 4, o->plot, plot, &j, o->quiet);
}
