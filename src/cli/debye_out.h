/* vitrum debye's outputs (debye_out.c): its tables, summaries and pictures of a run, kept
 * apart from the command line and the fits (cmd_debye.c). */
#ifndef VT_CLI_DEBYE_OUT_H
#define VT_CLI_DEBYE_OUT_H

#include <stdio.h>

#include "cal_opts.h"
#include "cli.h"

typedef struct debye_opts {
  const char *file, *batch, *curves, *select, *T_col, *y_col, *output, *fitted, *plot;
  size_t n_files;
  double rate, range_K[2], Tg, m; /* NaN: not given */
  int law;                        /* vt_tau_law */
  cli_cal_opts cal;               /* --curves: the calorimetry options of 'vitrum peaks' */
  int quiet;
} debye_opts;

/* A run: the input's name, its scans and their fits. */
typedef struct debye_job {
  const debye_opts *o;
  const char *input; /* FILE, the --batch or the --curves file */
  int batch, has_class;
  double rate;
  vt_heat_flow_scans d;
  vt_debye_batch b;    /* the fits */
  vt_debye_report rep; /* the above for the library's writers (report.h) */
} debye_job;

/* cli_plot_fn: data, fit and residuals of one peak, or E* of a batch with the class bands. */
int debye_plot(const void *ctx, const char *const *files);
void debye_print_summary(FILE *fp, const debye_job *j);
void debye_print_batch_summary(const debye_job *j);

#endif
