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
  size_t len = strlen(text), cap = 1;
  for (const char *c = text; *c; c++) cap += *c == ',';
  char *copy = malloc(len + 1), **items = malloc(cap * sizeof *items), *save = NULL;
  double *v = malloc(cap * sizeof *v);
  int n = 0, rc = copy && items && v ? 0 : -1;
  if (rc) cli_error(cmd, "out of memory");
  if (!rc) { /* as many items as the text holds: a long list is never cut */
    memcpy(copy, text, len + 1);
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
      items[n++] = tok;
    if (n == 0) rc = -1, cli_error(cmd, "%s: empty list", option);
  }
  const char *last_unit = rc ? "" : unit_of(items[n - 1]);
  for (int k = 0; !rc && k < n; k++) {
    char buf[256];
    const char *u = unit_of(items[k]);
    int add = !*u && *last_unit; /* items without a unit take the last item's */
    snprintf(buf, sizeof buf, "%s%s%s", items[k], add ? " " : "", add ? last_unit : "");
    rc = cli_quantity(cmd, option, buf, dim, &v[k]);
  }
  free(copy);
  free(items);
  if (rc) {
    free(v);
    return -1;
  }
  *out = v;
  return n;
}
