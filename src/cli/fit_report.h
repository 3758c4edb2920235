/* What vitrum fit writes: the library's tables (report.h) as the command's outputs, and the plot
 * with the fitted line of each protocol. */
#ifndef VT_CLI_FIT_REPORT_H
#define VT_CLI_FIT_REPORT_H

#include <stdio.h>

#include "cli.h"
#include "output.h"

#define FIT_OUTPUTS 5 /* -o, --predicted, and the plot's points, lines and curves */

/* A finished fit and, for the plot, its protocols and fitted lines (owned: fit_job_free). */
typedef struct fit_job {
  vt_fit_report rep;
  const char *plot; /* the picture (NULL: none) */
  vt_fit_protocol *ps;
  size_t n_ps, *proto_of; /* per dh point */
  vt_fit_data lines;      /* dense times per protocol */
  size_t *line_proto;     /* per line point */
  double *line_pred;
} fit_job;

/* The protocols, their lines and the model's values on them; 0, or -1 after printing why. */
int fit_plot_lines(vt_model *m, const vt_fit_options *o, fit_job *j);
void fit_job_free(fit_job *j);
/* The outputs in FIT_OUTPUTS order (the plot's only those the data have; d NULL: all). */
void fit_outputs(const char *output, const char *predicted, const vt_fit_data *d,
                 cli_out outs[FIT_OUTPUTS]);
/* cli_plot_fn: files[2..4] hold the points, lines and curves the script reads. */
int fit_plot(const void *job, const char *const *files);

#endif
