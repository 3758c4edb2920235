/* What vitrum fit prints and writes: the summary, the values and per-point predictions as CSV,
 * and the plot's data and gnuplot script. */
#ifndef VT_CLI_FIT_REPORT_H
#define VT_CLI_FIT_REPORT_H

#include <stdio.h>

#include "cli.h"

/* A finished fit with its data and, for the plot, their protocols and fitted lines. */
typedef struct fit_job {
  const vt_model *m;
  const vt_fit_data *data;
  const char *const *dh_file; /* per dh point: the file it came from */
  long *const *curve_lines;   /* per curve: the source line of each point */
  const vt_fit_result *r;
  vt_dh_reading reading;
  const char *plot;          /* the picture (NULL: none) */
  const vt_fit_protocol *ps; /* the protocols of the dh points */
  size_t n_ps;
  const size_t *proto_of;   /* per dh point */
  const vt_fit_data *lines; /* dense times per protocol */
  const size_t *line_proto; /* per line point */
  const double *line_pred;
  const char *curve_file; /* the export the curves came from (NULL: each curve its own CSV) */
} fit_job;

void fit_print_summary(FILE *fp, const fit_job *j);
/* cli_write_fn's: -o, --predicted, and the plot's points, lines and curves. */
void fit_write_values(FILE *fp, const void *job);
void fit_write_predicted(FILE *fp, const void *job);
void fit_write_points(FILE *fp, const void *job);
void fit_write_lines(FILE *fp, const void *job);
void fit_write_curves(FILE *fp, const void *job);
/* cli_plot_fn: files[2..4] hold the points, lines and curves the script reads. */
int fit_plot(const void *job, const char *const *files);

#endif
