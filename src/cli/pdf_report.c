/* The results of vitrum pdf (pdf_report.h): tables, summaries and the picture. */
#include "pdf_report.h"

#include <math.h>

#include "cli.h"
#include "script.h"

#define CMD "pdf"

void pdf_write_table(FILE *fp, const pdf_frame *frames, size_t n) {
  fputs("frame,time_s,Q_min_inv_A,Q_max_inv_A,norm_factor,S_mean_norm,peak_r_A,peak_G_inv_A2,"
        "FWHM_A,r_half_lo_A,r_half_hi_A,area_inv_A",
        fp);
  for (int k = 1; k <= 2; k++)
    fprintf(fp,
            ",sub%d_r_A,sub%d_se_r_A,sub%d_FWHM_A,sub%d_se_FWHM_A,sub%d_area_inv_A,"
            "sub%d_se_area_inv_A",
            k, k, k, k, k, k);
  fputs(",split_rms_inv_A2,split_r2,source\n", fp);
  for (size_t i = 0; i < n; i++) {
    const pdf_frame *f = &frames[i];
    const vt_first_peak *p = &f->res.peak;
    fprintf(fp, "%zu,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g", i, f->time_s,
            f->res.sq.Q_inv_A[0], f->res.sq.Q_inv_A[f->res.sq.n - 1], f->res.sq.norm_factor,
            f->res.sq.S_mean_norm, p->r_A, p->G_inv_A2, p->fwhm_A, p->r_half_lo_A, p->r_half_hi_A,
            p->area);
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

void pdf_write_sq(FILE *fp, const pdf_frame *f, size_t n) {
  fputs("frame,time_s,Q_inv_A,I_coh_per_atom,S,F_inv_A\n", fp);
  for (size_t i = 0; i < n; i++) {
    const vt_sq *q = &f[i].res.sq;
    for (size_t k = 0; k < q->n; k++)
      fprintf(fp, "%zu,%.9g,%.9g,%.9g,%.9g,%.9g\n", i, f[i].time_s, q->Q_inv_A[k], q->I_coh[k],
              q->S[k], q->F_inv_A[k]);
  }
}

void pdf_write_gr(FILE *fp, const pdf_frame *f, size_t n, const double *r_A) {
  fputs("frame,time_s,r_A,G_inv_A2\n", fp);
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < f[i].res.n_r; j++)
      fprintf(fp, "%zu,%.9g,%.9g,%.9g\n", i, f[i].time_s, r_A[j], f[i].res.G_inv_A2[j]);
}

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

int pdf_plot(const char *picture, const char *sq_file, const char *gr_file, const char *table,
             const vt_composition *c, int lorch, const pdf_frame *f, size_t n) {
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

static void summary_weights(const vt_composition *c) {
  vt_pdf_pair pairs[VT_PDF_MAX_PAIRS];
  size_t n = 0;
  vt_pdf_weights(c, NULL, pairs, &n, NULL); /* computed for the table already */
  char comp[256];
  double fm = 0.0;
  vt_xray_averages(c, 0.0, &fm, NULL, NULL, NULL);
  fprintf(stderr, "vitrum pdf: %s, <f(0)> = %.4g e; weights w_ij:",
          vt_composition_format(c, comp, sizeof comp), fm);
  for (size_t k = 0; k < n; k++)
    fprintf(stderr, "%s %s-%s %.3f", k ? "," : "", c->symbol[pairs[k].i], c->symbol[pairs[k].j],
            pairs[k].weight);
  fputc('\n', stderr);
}

static void summary_frame(size_t i, const pdf_frame *f) {
  const vt_first_peak *p = &f->res.peak;
  fprintf(stderr,
          "vitrum pdf: frame %zu: Q %.4g-%.4g 1/A, alpha %.6g, <S> = %.4f over %.4g-%.4g 1/A; "
          "first peak %.4f A, FWHM %.4f A",
          i, f->res.sq.Q_inv_A[0], f->res.sq.Q_inv_A[f->res.sq.n - 1], f->res.sq.norm_factor,
          f->res.sq.S_mean_norm, f->res.sq.norm_Q_lo_inv_A, f->res.sq.norm_Q_hi_inv_A, p->r_A,
          p->fwhm_A);
  if (p->split)
    fprintf(stderr, "; sub-peaks %.4f A (FWHM %.4f) and %.4f A (FWHM %.4f), areas %.4g : %.4g",
            p->sub[0].r_A, p->sub[0].fwhm_A, p->sub[1].r_A, p->sub[1].fwhm_A, p->sub[0].area,
            p->sub[1].area);
  fputc('\n', stderr);
}

static void summary_series(const pdf_frame *f, size_t n) {
  double lo = INFINITY, hi = -INFINITY, wlo = INFINITY, whi = -INFINITY;
  for (size_t i = 0; i < n; i++) {
    lo = fmin(lo, f[i].res.peak.r_A);
    hi = fmax(hi, f[i].res.peak.r_A);
    wlo = fmin(wlo, f[i].res.peak.fwhm_A);
    whi = fmax(whi, f[i].res.peak.fwhm_A);
  }
  fprintf(stderr, "vitrum pdf: %zu patterns: first peak %.4f to %.4f A, FWHM %.4f to %.4f A\n", n,
          lo, hi, wlo, whi);
}

void pdf_summary(const vt_composition *c, const pdf_frame *f, size_t n) {
  summary_weights(c);
  for (size_t i = 0; i < n && n <= 10; i++) summary_frame(i, &f[i]);
  if (n > 1) summary_series(f, n);
}
