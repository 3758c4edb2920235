/* Text helpers of the plotting commands: a gnuplot script that grows clause by clause (a
 * sweep's plot has one clause per run, so no fixed buffer fits), and the name of a data file
 * written beside a picture for gnuplot to read. */
#ifndef VT_CLI_SCRIPT_H
#define VT_CLI_SCRIPT_H

#include <stddef.h>

typedef struct cli_script {
  char *text; /* NUL-terminated once something was added */
  size_t n, cap;
  int failed; /* an allocation failed: later adds do nothing */
} cli_script;

/* Append printf-style text. */
void cli_script_add(cli_script *sc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Run cli_plot on the script (an error printed when it ran out of memory) and free it. */
int cli_script_plot(const char *cmd, const char *picture, cli_script *sc);

/* The picture's name with its extension replaced by `suffix` ("f.png", "_sq.csv" ->
 * "f_sq.csv"); malloc'd, NULL when out of memory. */
char *cli_beside(const char *picture, const char *suffix);

#endif
