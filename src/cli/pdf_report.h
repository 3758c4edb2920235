/* The results of vitrum pdf: the summaries on standard error, the files and the gnuplot picture
 * drawn from them (the library writes the tables and summaries: report.h). */
#ifndef VT_CLI_PDF_REPORT_H
#define VT_CLI_PDF_REPORT_H

#include <stdio.h>

#include "vitrum/pdf.h"
#include "vitrum/report.h"

/* One analysed pattern of the series (report.h). */
typedef vt_pdf_frame pdf_frame;

/* The composition with <f(0)> and the weights; each frame (up to 10); the series' ranges. */
void pdf_summary(const vt_composition *c, const pdf_frame *f, size_t n);

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
