/* The options of the measured-curve commands (peaks, tf, kissinger/eyring --curves). */
#ifndef VT_CLI_CAL_OPTS_H
#define VT_CLI_CAL_OPTS_H

#include <stdio.h>

#include "cli.h"

/* Parsed by the option tables of opts.c (values in SI) into the library's analysis options:
 * their table's rows (vt_cal_option_table) and --temp, --endo, --liquid spelled the command
 * line's way. cli_parse starts the group from cli_cal_defaults. */
typedef struct cli_cal_opts {
  const char *reference;
  vt_cal_options cal; /* baseline AUTO until --baseline: the command's default (cli_cal_settle) */
  double mass_kg, melt_J, specific_melt_J_per_kg, molar_mass; /* NaN: not given */
  int per_rate;
  char given[32]; /* the first of the group's options on the command line, "" for none */
} cli_cal_opts;

/* The options turned into library options and display units. */
typedef struct cli_cal_settings {
  vt_cal_options opts;
  double mass_kg, molar_mass; /* 0: not given */
  vt_cal_table_opts table;    /* display units (vt_cal_table_units); a run adds its labels */
  double *ages_s;             /* --ages, in the order of the aged curves */
  size_t n_ages;
} cli_cal_settings;

/* The library's defaults, no --baseline, no masses (NaN). */
void cli_cal_defaults(cli_cal_opts *co);
/* The name of the first of the group's options given ("--temp"), NULL for none. */
const char *cli_cal_given_name(const cli_cal_opts *co);
/* Check the options and turn them into s; `baseline` when --baseline was not given (AUTO: the
 * library's choice by the references). -1 after printing an error. */
int cli_cal_settle(const char *cmd, const cli_cal_opts *co, vt_cal_baseline baseline,
                   cli_cal_settings *s);
int cli_cal_ages(const char *cmd, const char *text, cli_cal_settings *s);
void cli_cal_settings_free(cli_cal_settings *s);

/* Read FILE and select (the library's vt_cal_run stages; option names the selection in
 * messages, s's ages are checked against it): exit status. */
int cli_cal_load(const char *cmd, const char *file, const cli_cal_opts *co, const char *option,
                 const char *spec, int skip_references, const cli_cal_settings *s, vt_cal_run *run);
int cli_cal_analyse(const char *cmd, const cli_cal_settings *s, vt_cal_run *run);
/* Settle the options (baseline lines), read --ages, load FILE (curves by --curves) and analyse
 * it: exit status; free s and run afterwards whatever it is. */
int cli_cal_run_file(const char *cmd, const cli_cal_opts *co, const char *ages, const char *file,
                     const char *curves, int skip_references, cli_cal_settings *s, vt_cal_run *run);
/* What a calorimetry command's writers read: its options, the run, its settings, the labels. */
typedef struct cli_cal_job {
  const void *opts;
  const vt_cal_run *run;
  const cli_cal_settings *s;
  vt_cal_table_opts t;
} cli_cal_job;
/* The settings' display units with the run's references and ages: the labels report.h writes. */
vt_cal_table_opts cli_cal_table(const cli_cal_settings *s, const vt_cal_run *run);
/* "curve I (segment S)" or "the average of N references", to stderr. */
void cli_cal_print_references(const vt_cal_run *run);

const char *cli_base_name(const char *path);

#endif
