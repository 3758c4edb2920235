/* Spectrum tables for the units model: CSV with a header naming E (with its unit), weight and
 * optionally tau0_s. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "text_file.h"

enum { COL_E, COL_W, COL_TAU0, N_COLS };

/* Column role and SI factor from a header name; -1 for a column we do not use. */
static int column_role(const char *name, double *factor) {
  static const struct {
    const char *name;
    int role;
    double factor;
  } known[] = {{"E_kJ_per_mol", COL_E, 1e3},
               {"E_J_per_mol", COL_E, 1.0},
               {"E_eV", COL_E, VT_EV_J_PER_MOL},
               {"weight", COL_W, 1.0},
               {"tau0_s", COL_TAU0, 1.0}};
  for (size_t k = 0; k < sizeof known / sizeof *known; k++)
    if (strcmp(name, known[k].name) == 0) {
      *factor = known[k].factor;
      return known[k].role;
    }
  return -1;
}

typedef struct table {
  double *v[N_COLS];
  size_t n, cap;
} table;

static int grow(table *t) {
  size_t cap = t->cap ? 2 * t->cap : 64;
  for (int c = 0; c < N_COLS; c++) {
    double *g = realloc(t->v[c], cap * sizeof *g);
    if (!g) return VT_ENOMEM;
    t->v[c] = g;
  }
  t->cap = cap;
  return VT_OK;
}

/* Lines counted as they are in the file (strtok skipped empty lines, so messages after a blank
 * line named the wrong one, and its hidden state made two threads read each other's tables). */
static int parse(char *text, size_t len, const char *path, table *t, int *has_tau0, vt_error *err) {
  int col[32], have[N_COLS] = {0};
  double factor[32];
  size_t ncol = 0;
  long line = 0;
  char *p = text, *s;
  while ((s = vt_next_line(&p, text + len, &line)) != NULL) {
    char *f[32];
    if (s[strspn(s, " \t")] == '#' || s[strspn(s, " \t")] == '\0') continue;
    long got = vt_csv_split(s, 0, f, 32, NULL);
    if (got < 0 || got > 32)
      return vt_fail_at(err, VT_EPARSE, line, "%s:%ld: %s", path, line,
                        got < 0 ? "malformed quoted field" : "more than 32 fields");
    size_t n = (size_t)got;
    if (!ncol) {
      for (size_t k = 0; k < n; k++) {
        col[k] = column_role(f[k], &factor[k]);
        if (col[k] >= 0) have[col[k]] = 1;
      }
      ncol = n;
      if (!have[COL_E] || !have[COL_W])
        return vt_fail_at(err, VT_EPARSE, line,
                          "%s:%ld: expected a header with E_kJ_per_mol (or E_J_per_mol, E_eV), "
                          "weight and optionally tau0_s",
                          path, line);
      continue;
    }
    if (n != ncol)
      return vt_fail_at(err, VT_EPARSE, line, "%s:%ld: %zu fields, the header has %zu", path, line,
                        n, ncol);
    if (t->n == t->cap && grow(t)) return vt_fail(err, VT_ENOMEM, "out of memory");
    for (size_t k = 0; k < n; k++) {
      if (col[k] < 0) continue;
      char *end;
      errno = 0;
      double v = strtod(f[k], &end);
      if (end == f[k] || *end || !isfinite(v))
        return vt_fail_at(err, VT_EPARSE, line, "%s:%ld: '%s' is not a finite number", path, line,
                          f[k]);
      if (col[k] == COL_W && v < 0)
        return vt_fail_at(err, VT_ERANGE, line,
                          "%s:%ld: weight %s is negative: a spectrum's weights are fractions of "
                          "the glass (0 or more)",
                          path, line, f[k]);
      t->v[col[k]][t->n] = v * factor[k];
      if (!isfinite(t->v[col[k]][t->n]))
        return vt_fail_at(err, VT_ERANGE, line,
                          "%s:%ld: '%s' is out of range: not finite once converted to SI units",
                          path, line, f[k]);
    }
    t->n++;
  }
  if (t->n == 0) return vt_fail(err, VT_EPARSE, "%s: no units in the spectrum table", path);
  *has_tau0 = have[COL_TAU0];
  return VT_OK;
}

int vt_read_spectrum_table(const char *path, double **E, double **tau0, double **weight, size_t *n,
                           vt_error *err) {
  char *text;
  size_t len;
  table t = {{NULL, NULL, NULL}, 0, 0};
  int has_tau0 = 0;
  int rc = vt_read_text_file(path, 64u << 20, &text, &len, err);
  if (rc) return rc;
  rc = parse(text, len, path, &t, &has_tau0, err);
  free(text);
  if (rc) {
    for (int c = 0; c < N_COLS; c++) free(t.v[c]);
    return rc;
  }
  *E = t.v[COL_E];
  *weight = t.v[COL_W];
  if (has_tau0)
    *tau0 = t.v[COL_TAU0];
  else {
    *tau0 = NULL;
    free(t.v[COL_TAU0]);
  }
  *n = t.n;
  return VT_OK;
}
