/* A gnuplot script that grows clause by clause: a sweep's plot has one clause per run, so no
 * fixed buffer fits. */
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

/* cli_plot on a script formatted printf-style (no fixed buffer for it to outgrow). */
int cli_plotf(const char *cmd, const char *picture, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Run cli_plot on the script (an error printed when it ran out of memory) and free it. */
int cli_script_plot(const char *cmd, const char *picture, cli_script *sc);

#endif
