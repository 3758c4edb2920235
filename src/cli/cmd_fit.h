/* vitrum fit's command line (cmd_fit.c) and the data it names (cmd_fit_data.c). */
#ifndef VT_CLI_CMD_FIT_H
#define VT_CLI_CMD_FIT_H

#include "cal_opts.h"
#include "cli.h"

#define FIT_CMD "fit"

typedef struct fit_opts {
  const char **dh_files, **curve_specs, **free_lists, **bounds, **programs;
  size_t n_dh_files, n_curve_specs, n_free_lists, n_bounds, n_programs;
  const char *output, *predicted, *plot;
  const char *scans, *select, *ages; /* straight from the instrument */
  int quiet;
  double molar_mass;        /* kg/mol, for dh per mass (NaN: none) */
  vt_fit_options fit;       /* the library's table's rows and the DSC group */
  vt_scan_fit_options scan; /* --scans: T_age (NaN: none), points, weights */
  cli_model_opts model;
  cli_cal_opts cal;
} fit_opts;

/* The data with where each value came from, for messages and the --predicted file. */
typedef struct fit_input {
  vt_fit_data data;
  const char **dh_file; /* per dh point */
  long **curve_lines;   /* per curve: the line of each point */
  cli_cal_settings cs;  /* --scans: the calorimetry's options and its run on the export */
  vt_cal_run run;
} fit_input;

/* The --dh tables and --curve files, or the --scans export with its histories (which also sets
 * the fitter's quench, o->fit.dsc, from the scans). 0 loaded, -1 bad data (exit 1), -2 bad
 * command line (exit 2), after printing the error; free `in` either way. */
int fit_load(fit_opts *o, fit_input *in);
void fit_input_free(fit_input *in);

#endif
