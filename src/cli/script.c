/* The growing gnuplot script: its header of variables and its templates (script.h). */
#include "script.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#if defined(__GNUC__)
__attribute__((format(printf, 2, 0)))
#endif
static void
script_vadd(cli_script *sc, const char *fmt, va_list args) {
  for (int pass = 0; pass < 2 && !sc->failed; pass++) {
    va_list ap;
    va_copy(ap, args);
    int k = vsnprintf(sc->text ? sc->text + sc->n : NULL, sc->text ? sc->cap - sc->n : 0, fmt, ap);
    va_end(ap);
    if (k < 0) sc->failed = 1;
    if (sc->failed || (sc->text && sc->n + (size_t)k < sc->cap)) {
      sc->n += sc->failed ? 0 : (size_t)k;
      return;
    }
    size_t cap = 2 * (sc->cap + (size_t)k) + 256; /* room, then the second pass prints */
    char *grown = realloc(sc->text, cap);
    if (!grown)
      sc->failed = 1;
    else
      sc->text = grown, sc->cap = cap;
  }
}

void cli_script_add(cli_script *sc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  script_vadd(sc, fmt, ap);
  va_end(ap);
}

int cli_script_plot(const char *cmd, const char *picture, cli_script *sc) {
  int rc = sc->failed || !sc->text ? (cli_error(cmd, "out of memory"), -1)
                                   : cli_plot(cmd, picture, sc->text);
  free(sc->text);
  memset(sc, 0, sizeof *sc);
  return rc;
}

void cli_gp_str(cli_script *sc, const char *var, const char *text) {
  char q[2048];
  cli_script_add(sc, "%s = '%s'\n", var, cli_gp_quote(text, q, sizeof q));
}

void cli_gp_data(cli_script *sc, const char *var, const char *file) {
  char q[2048];
  cli_script_add(sc, "if (!exists(\"%s\")) %s = '%s'\n", var, var, cli_gp_quote(file, q, sizeof q));
}

void cli_gp_file(cli_script *sc, const char *var, const char *path) {
  char q[1024];
  cli_script_add(sc, "%s = '%s'\n", var, cli_gp_name(path, q, sizeof q));
}

void cli_gp_num(cli_script *sc, const char *var, double v) {
  cli_script_add(sc, "%s = %.10g\n", var, v);
}

void cli_gp_array(cli_script *sc, const char *var, const double *v, size_t n, const char *fmt) {
  cli_script_add(sc, "array %s[%zu] = [", var, n);
  for (size_t k = 0; k < n; k++) {
    if (k) cli_script_add(sc, ", ");
    cli_script_add(sc, fmt, v[k]);
  }
  cli_script_add(sc, "]\n");
}

void cli_gp_words(cli_script *sc, const char *var, const double *v, size_t n) {
  cli_script_add(sc, "%s = '", var);
  for (size_t k = 0; k < n; k++) cli_script_add(sc, "%s%.6g", k ? " " : "", v[k]);
  cli_script_add(sc, "'\n");
}

int cli_plot_with(const char *cmd, const char *picture, const char *names, cli_script *sc) {
  for (const char *p = names; *p;) {
    size_t len = strcspn(p, " ");
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)len, p);
    const char *text = cli_plot_template(name);
    if (!text) {
      cli_error(cmd, "internal error: no plot template '%s'", name);
      free(sc->text);
      memset(sc, 0, sizeof *sc);
      return -1;
    }
    cli_script_add(sc, "%s", text);
    p += len + (p[len] == ' ');
  }
  return cli_script_plot(cmd, picture, sc);
}
