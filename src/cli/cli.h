/* The vitrum command: shared helpers of the subcommands. */
#ifndef VT_CLI_H
#define VT_CLI_H

#include <stddef.h>

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

/* Parse "0.1, 1, 10 s" into SI values; items without a unit take the unit of the last item.
 * Returns the count (>= 1) or -1 with an error printed; *out is malloc'd. */
int cli_quantity_list(const char *cmd, const char *option, const char *text, vt_dim dim,
                      double **out);

/* One quantity for an option, with an error naming the option. */
int cli_quantity(const char *cmd, const char *option, const char *text, vt_dim dim, double *out);

int cmd_models(int argc, char **argv);
int cmd_simulate(int argc, char **argv);

/* ---- Plots (gnuplot) --------------------------------------------------------------------- */

/* Write FILE.gp beside the picture and run gnuplot on it; the picture is written to a temporary
 * name and renamed, so a failed plot leaves no picture. Format from the extension: .png, .svg,
 * .pdf. `script_body` holds the plot commands (after terminal and output are set). */
int cli_plot(const char *cmd, const char *picture, const char *script_body);
/* `text` made safe inside a gnuplot single-quoted string (quotes doubled), in buf. */
const char *cli_gp_quote(const char *text, char *buf, size_t size);
/* 0 when the picture name has a supported extension, else prints an error and returns -1. */
int cli_plot_check_name(const char *cmd, const char *picture);

#endif
