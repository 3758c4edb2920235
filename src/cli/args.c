/* Command-line helpers: options with values, quantities with units, error messages. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_error(const char *cmd, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "vitrum %s: ", cmd);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

int cli_option(const char *cmd, int argc, char **argv, int *i, const char *name,
               const char **value) {
  const char *a = argv[*i];
  size_t n = strlen(name);
  if (strncmp(a, name, n) != 0) return 0;
  if (a[n] == '=') {
    *value = a + n + 1;
    return 1;
  }
  if (a[n] != '\0') return 0;
  if (*i + 1 >= argc) {
    cli_error(cmd, "option %s needs a value", name);
    return -1;
  }
  *value = argv[++*i];
  return 1;
}

int cli_quantity(const char *cmd, const char *option, const char *text, vt_dim dim, double *out) {
  vt_error err;
  if (vt_parse_quantity(text, dim, out, &err) == VT_OK) return 0;
  cli_error(cmd, "%s: %s", option, err.message);
  return -1;
}

/* The unit text of an item: what follows the number. */
static const char *unit_of(const char *item) {
  char *end;
  strtod(item, &end);
  while (*end == ' ') end++;
  return end;
}

int cli_quantity_list(const char *cmd, const char *option, const char *text, vt_dim dim,
                      double **out) {
  size_t len = strlen(text);
  char *copy = malloc(len + 1);
  double *v = malloc((len / 2 + 2) * sizeof *v);
  if (!copy || !v) {
    free(copy);
    free(v);
    cli_error(cmd, "out of memory");
    return -1;
  }
  memcpy(copy, text, len + 1);
  char *items[4096];
  int n = 0;
  for (char *tok = strtok(copy, ","); tok && n < 4096; tok = strtok(NULL, ",")) items[n++] = tok;
  if (n == 0) {
    cli_error(cmd, "%s: empty list", option);
    free(copy);
    free(v);
    return -1;
  }
  const char *last_unit = unit_of(items[n - 1]);
  for (int k = 0; k < n; k++) {
    char buf[256];
    const char *u = unit_of(items[k]);
    snprintf(buf, sizeof buf, "%s%s%s", items[k], *u ? "" : " ", *u ? "" : last_unit);
    if (cli_quantity(cmd, option, buf, dim, &v[k])) {
      free(copy);
      free(v);
      return -1;
    }
  }
  free(copy);
  *out = v;
  return n;
}
