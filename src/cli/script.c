/* The growing gnuplot script and the names beside a picture (script.h). */
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

int cli_plotf(const char *cmd, const char *picture, const char *fmt, ...) {
  cli_script sc = {0};
  va_list ap;
  va_start(ap, fmt);
  script_vadd(&sc, fmt, ap);
  va_end(ap);
  return cli_script_plot(cmd, picture, &sc);
}

int cli_script_plot(const char *cmd, const char *picture, cli_script *sc) {
  int rc = sc->failed || !sc->text ? (cli_error(cmd, "out of memory"), -1)
                                   : cli_plot(cmd, picture, sc->text);
  free(sc->text);
  memset(sc, 0, sizeof *sc);
  return rc;
}
