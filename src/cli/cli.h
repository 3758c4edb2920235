/* The vitrum command: shared helpers of the subcommands. */
#ifndef VT_CLI_H
#define VT_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "vitrum/vitrum.h"

/* Exit statuses: 0 success, 1 bad input or failed run, 2 bad command line. */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* Print "vitrum CMD: message" on stderr. */
void cli_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Match argv[*i] against --name: "--name VALUE" or "--name=VALUE". Returns 1 and sets *value
 * (advancing *i past a separate value), 0 when argv[*i] is another option, -1 when the value is
 * missing (an error has been printed). */
int cli_option(const char *cmd, int argc, char **argv, int *i, const char *name,
               const char **value);

/* ---- Options shared by the model-running commands (common_opts.c) ----------------------- */

#define CLI_MAX_ASSIGN 64
typedef struct cli_model_opts {
  const char *model, *route, *prony_tol, *spectrum;
  char assign[CLI_MAX_ASSIGN][256]; /* "name=VALUE UNIT" */
  int n_assign;
} cli_model_opts;

/* The model group is an option table of opts.c (--model, --route, --prony-tol, --spectrum as
 * text), with cli_param_option for the parameters. */
/* The model with its parameters and options applied; NULL after printing the error. */
vt_model *cli_model_make(const char *cmd, const cli_model_opts *mo);
/* The end of making a model: with rc VT_OK, its numerics checked (their text in numerics[256]
 * when not NULL); m, or NULL after printing the error (rc's or the check's) and freeing m. */
vt_model *cli_model_ready(const char *cmd, vt_model *m, int rc, vt_error *err, char *numerics);
/* The parameters of the temperature-driven models (the end of the model group's help). */
void cli_model_help(FILE *fp);
void cli_progress(const char *cmd, size_t done, size_t total);

/* A parameter table (name, default, bounds with units, description) on standard output. */
void cli_param_table(const vt_param_info *p, size_t n);

int cmd_models(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_dsc(int argc, char **argv);
int cmd_kovacs(int argc, char **argv);
int cmd_pathmatch(int argc, char **argv);
int cmd_curves(int argc, char **argv);
int cmd_peaks(int argc, char **argv);
int cmd_tf(int argc, char **argv);
int cmd_kissinger(int argc, char **argv);
int cmd_eyring(int argc, char **argv);
int cmd_debye(int argc, char **argv);
int cmd_loss(int argc, char **argv);
int cmd_fit(int argc, char **argv);
int cmd_strain(int argc, char **argv);
int cmd_kww(int argc, char **argv);
int cmd_pdf(int argc, char **argv);
int cmd_pel(int argc, char **argv);
int cmd_pel_map(int argc, char **argv);
int cmd_agemap(int argc, char **argv);
int cmd_md(int argc, char **argv);

/* ---- Plots (gnuplot) --------------------------------------------------------------------- */

/* Write FILE.gp beside the picture and run gnuplot on it; the picture is written to a temporary
 * name and renamed, so a failed plot leaves no picture. Format from the extension: .png, .svg,
 * .pdf. `script_body` holds the plot commands (after terminal and output are set). */
int cli_plot(const char *cmd, const char *picture, const char *script_body);
/* Until unbound (set NULL): the pictures cli_plot draws join `set` (uncommitted), and gnuplot
 * reads the data files final[k] from their temporaries tmp[k] (both n long, NULL entries
 * skipped), so a run's data, script and picture are committed together or not at all. */
void cli_plot_bind(vt_outset *set, const char *const *final, const char *const *tmp, size_t n);
/* From a signal handler: end a running gnuplot and remove its script and temporary picture. */
void cli_plot_on_signal(void);
/* `text` made safe inside a gnuplot single-quoted string (quotes doubled), in buf. */
const char *cli_gp_quote(const char *text, char *buf, size_t size);
/* A file named in a title: its base name (no directories), quotes doubled and gnuplot's
 * enhanced-text characters escaped (kovacs_373K.prog showed '373K' as a subscript). */
const char *cli_gp_name(const char *path, char *buf, size_t size);
/* A file beside the picture: its name without the extension, then `suffix` ("_peaks.csv");
 * malloc'd, NULL when out of memory. For the data a plot reads when no option named a file. */
char *cli_beside(const char *picture, const char *suffix);
/* 0 when the picture name has a supported extension, else prints an error and returns -1. */
int cli_plot_check_name(const char *cmd, const char *picture);

#endif
