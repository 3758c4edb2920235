/* The results of vitrum pdf: the long-format tables of a series of patterns, the summaries on
 * standard error, and the gnuplot picture drawn from the tables. */
#ifndef VT_CLI_PDF_REPORT_H
#define VT_CLI_PDF_REPORT_H

#include <stdio.h>

#include "vitrum/pdf.h"

/* One analysed pattern of the series. */
typedef struct pdf_frame {
  const vt_pattern *pat;
  const char *source;
  double time_s; /* NaN: untimed */
  vt_pdf_result res;
} pdf_frame;

/* frame,time_s,Q_min_inv_A,...,split_rms_inv_A2,split_r2,source: one row per frame. */
void pdf_write_table(FILE *fp, const pdf_frame *f, size_t n);
/* frame,time_s,Q_inv_A,I_coh_per_atom,S,F_inv_A */
void pdf_write_sq(FILE *fp, const pdf_frame *f, size_t n);
/* frame,time_s,r_A,G_inv_A2 */
void pdf_write_gr(FILE *fp, const pdf_frame *f, size_t n, const double *r_A);

/* The composition with <f(0)> and the weights; each frame (up to 10); the series' ranges. */
void pdf_summary(const vt_composition *c, const pdf_frame *f, size_t n);

/* S(Q), G(r) and the first peak with its sub-peaks (one pattern), or S(Q), G(r) near the first
 * peak and its position and FWHM against time (a series), from the files written. */
int pdf_plot(const char *picture, const char *sq_file, const char *gr_file, const char *table,
             const vt_composition *c, int lorch, const pdf_frame *f, size_t n);

/* The files of a run: NULL names are not written, "-" is standard output; the plot's data go
 * beside the picture unless named. Nothing stays after a failure (printed). */
typedef struct pdf_outputs {
  const char *table, *sq, *gr, *weights, *plot;
  int patterns; /* the first-peak table is written (patterns were given) */
  int quiet;    /* no "wrote FILE" lines */
} pdf_outputs;

int pdf_write_outputs(const pdf_outputs *o, const vt_composition *c, int lorch, const double *r_A,
                      const pdf_frame *f, size_t n);
/* path is "-" (standard output). */
int pdf_is_stdout(const char *path);
/* -1 (printed) when two of the n files (standard output aside) have one name. */
int pdf_same_name(const char *const *names, const char *const *flags, int n);

#endif
