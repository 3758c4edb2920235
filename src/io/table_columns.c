/* The columns of a vt_table: units in header names, lookup by spelling, conversion to SI and
 * the groups of a long-format table (include/vitrum/table.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/internal.h"
#include "table_internal.h"

#define MAX_NUMBER_CHARS 63
#define MAX_UNIT_CHARS   64

/* ---- Units in names -------------------------------------------------------------------------- */

/* Copy a unit written in a name, "_per_" read as '/': "kJ_per_mol" -> "kJ/mol". */
static void per_to_slash(const char *rest, char *unit, size_t size) {
  size_t j = 0;
  for (; *rest && j + 1 < size; rest++) {
    if (strncmp(rest, "_per_", 5) == 0) {
      unit[j++] = '/';
      rest += 4;
    } else {
      unit[j++] = *rest;
    }
  }
  unit[j] = '\0';
}

/* The unit text after a base: "_kJ_per_mol" -> "kJ/mol", " [K]" -> "K"; "" when none. */
static void unit_after(const char *rest, char *unit, size_t size) {
  while (*rest == ' ') rest++;
  if (*rest == '[' || *rest == '(') {
    const char *end = strrchr(rest, *rest == '[' ? ']' : ')');
    size_t n = end && end[1] == '\0' ? (size_t)(end - rest - 1) : strlen(rest + 1);
    snprintf(unit, size, "%.*s", (int)n, rest + 1);
    return;
  }
  per_to_slash(rest + (*rest == '_'), unit, size);
}

/* A unit of some dimension, or a per-something of one ("W/mol": heat flow per mole). */
static int known_unit(const char *unit) {
  char head[MAX_UNIT_CHARS];
  double f, o;
  snprintf(head, sizeof head, "%.*s", (int)strcspn(unit, "/"), unit);
  for (int d = VT_DIM_NONE + 1; d < VT_DIM_COUNT; d++)
    if (vt_unit_lookup((vt_dim)d, unit, &f, &o) ||
        (*head && vt_unit_lookup((vt_dim)d, head, &f, &o)))
      return 1;
  return 0;
}

/* Where the unit of a name starts and its text: a bracketed tail, else the longest known
 * unit after a '_'; NULL when the name carries none. */
static const char *split_unit(const char *name, char *unit, size_t size) {
  size_t len = strlen(name);
  char close = len ? name[len - 1] : '\0';
  const char *open = close == ']' ? strrchr(name, '[') : close == ')' ? strrchr(name, '(') : NULL;
  if (open && open > name) {
    snprintf(unit, size, "%.*s", (int)(name + len - open - 2), open + 1);
    return open;
  }
  for (const char *us = strchr(name, '_'); us && us > name; us = strchr(us + 1, '_')) {
    per_to_slash(us + 1, unit, size);
    if (*unit && known_unit(unit)) return us;
  }
  return NULL;
}

int vt_table_name_col(const char *name, vt_table_col *col) {
  char unit[MAX_UNIT_CHARS] = "";
  const char *cut = split_unit(name, unit, sizeof unit);
  if (!cut) cut = name + strlen(name), unit[0] = '\0';
  while (cut > name && cut[-1] == ' ') cut--;
  size_t nb = (size_t)(cut - name), nu = strlen(unit);
  char *base = malloc(nb + nu + 2);
  if (!base) return -1;
  memcpy(base, name, nb);
  base[nb] = '\0';
  memcpy(base + nb + 1, unit, nu + 1);
  *col = (vt_table_col){name, base, base + nb + 1};
  return 0;
}

/* ---- Lookup ---------------------------------------------------------------------------------- */

int vt_table_column(const vt_table *t, const char *name) {
  for (size_t k = 0; t && name && k < t->n_cols; k++)
    if (strcmp(t->cols[k].name, name) == 0) return (int)k;
  return -1;
}

size_t vt_table_match(const vt_table *t, size_t col, const char *spellings, int flags, char *unit,
                      size_t size) {
  if (!t || !spellings || col >= t->n_cols) return 0;
  const char *name = t->cols[col].name;
  size_t best = 0;
  for (const char *alt = spellings; *alt;) {
    size_t len = strcspn(alt, "|");
    int same =
        flags & VT_TABLE_NOCASE ? strncasecmp(name, alt, len) == 0 : strncmp(name, alt, len) == 0;
    if (len > best && same && strchr("_[( ", name[len])) best = len; /* strchr finds the NUL */
    alt += len + (alt[len] == '|');
  }
  /* "T_a_K" is a T_a in K, not a T in 'a_K': a known unit in the name decides the base */
  const vt_table_col *c = &t->cols[col];
  if (best && *c->unit && strlen(c->base) != best) return 0;
  if (best && unit && size) unit_after(name + best, unit, size);
  return best;
}

/* How to write a column of `dim` named `base`, for messages: "T1_K or T1_C". */
static void example(const char *base, vt_dim dim, char *buf, size_t size) {
  const char *units = vt_dim_units(dim);
  char u[2][MAX_UNIT_CHARS], w[2][MAX_UNIT_CHARS * 2];
  for (int k = 0; k < 2; k++) {
    size_t n = strcspn(units, ","); /* "K or C", "J/mol, kJ/mol, ..." */
    const char * or = strstr(units, " or ");
    if (or &&(size_t)(or -units) < n) n = (size_t)(or -units);
    snprintf(u[k], sizeof u[k], "%.*s", (int)n, units);
    units += n + strspn(units + n, ", ");
    if (strncmp(units, "or ", 3) == 0) units += 3;
    size_t j = 0;
    for (const char *p = u[k]; *p && j + 6 < sizeof w[k]; p++)
      j += (size_t)snprintf(w[k] + j, sizeof w[k] - j, *p == '/' ? "_per_" : "%c", *p);
    w[k][j] = '\0';
  }
  if (dim == VT_DIM_NONE || !*u[0])
    snprintf(buf, size, "%s", base);
  else if (!*u[1])
    snprintf(buf, size, "%s_%s", base, w[0]);
  else
    snprintf(buf, size, "%s_%s or %s_%s", base, w[0], base, w[1]);
}

/* One candidate column: the unit must fit the dimension. */
static int check_unit(const vt_table *t, size_t k, const char *unit, vt_dim dim, const char *ex,
                      vt_error *err) {
  double f, o;
  long ln = t->header_line;
  if (!*unit)
    return vt_fail_at(err, VT_EUNIT, ln, "%s:%ld: column '%.80s' has no unit: expected %s",
                      t->source, ln, t->cols[k].name, ex);
  if (!vt_unit_lookup(dim, unit, &f, &o))
    return vt_fail_at(err, VT_EUNIT, ln,
                      "%s:%ld: column '%.80s': '%s' is not a %s unit (%s): expected %s", t->source,
                      ln, t->cols[k].name, unit, vt_dim_name(dim), vt_dim_units(dim), ex);
  return VT_OK;
}

int vt_table_find(const vt_table *t, const char *spellings, vt_dim dim, int flags, int *col,
                  vt_error *err) {
  if (col) *col = -1;
  if (!t || !spellings || !col) return vt_fail(err, VT_EINVAL, "vt_table_find: NULL argument");
  int first = (int)strcspn(spellings, "|");
  char unit[MAX_UNIT_CHARS], ex[640], base[MAX_UNIT_CHARS];
  snprintf(base, sizeof base, "%.*s", first, spellings);
  example(base, dim, ex, sizeof ex);
  for (size_t k = 0; k < t->n_cols; k++) {
    size_t len = vt_table_match(t, k, spellings, flags, unit, sizeof unit);
    if (!len || (dim == VT_DIM_NONE && t->cols[k].name[len] != '\0')) continue;
    int rc = VT_OK;
    if (*col >= 0)
      rc = vt_fail_at(err, VT_EPARSE, t->header_line, "%s:%ld: two %s columns (%d and %zu)",
                      t->source, t->header_line, base, *col + 1, k + 1);
    if (!rc && dim != VT_DIM_NONE) rc = check_unit(t, k, unit, dim, ex, err);
    *col = rc ? -1 : (int)k;
    if (rc) return rc;
  }
  if (*col < 0 && !(flags & VT_TABLE_OPTIONAL))
    return vt_fail_at(err, VT_ENOTFOUND, t->header_line,
                      "%s:%ld: header has no %s column: expected %s (the first line that is "
                      "not a comment names the columns, with their units)",
                      t->source, t->header_line, base, ex);
  return VT_OK;
}

/* ---- Values ---------------------------------------------------------------------------------- */

/* One cell in SI; the message names path:line, the column and the text. */
static int cell_value(const vt_table *t, size_t i, size_t col, const double fo[2], int flags,
                      double *out, vt_error *err) {
  const char *text = t->cells[i * t->n_cols + col], *name = t->cols[col].name;
  long ln = t->line[i];
  char *end;
  *out = NAN;
  if (!text)
    return vt_fail_at(err, VT_EPARSE, ln, "%s:%ld: %zu field%s, expected at least %zu", t->source,
                      ln, t->width[i], t->width[i] == 1 ? "" : "s", col + 1);
  size_t len = strlen(text);
  if (len == 0 && (flags & VT_TABLE_EMPTY_NAN)) return VT_OK;
  double v = len && len <= MAX_NUMBER_CHARS ? strtod(text, &end) : 0.0;
  if (!len || len > MAX_NUMBER_CHARS || end != text + len)
    return vt_fail_at(err, VT_EPARSE, ln, "%s:%ld: column '%.80s': '%.40s' is not a number",
                      t->source, ln, name, text);
  if (!isfinite(v))
    return vt_fail_at(
        err, VT_ERANGE, ln, "%s:%ld: column '%.80s': '%.40s' is not a finite number%s", t->source,
        ln, name, text,
        flags & VT_TABLE_EMPTY_NAN ? " (leave the cell empty where there is no value)" : "");
  *out = v * fo[0] + fo[1];
  if (!isfinite(*out)) /* '1e308' hours is finite as written, not in seconds */
    return vt_fail_at(err, VT_ERANGE, ln,
                      "%s:%ld: column '%.80s': '%.40s' is out of range once converted to SI units",
                      t->source, ln, name, text);
  return VT_OK;
}

int vt_table_column_si(const vt_table *t, size_t col, vt_dim dim, const char *unit, int flags,
                       double *out, vt_error *err) {
  if (!t || !out) return vt_fail(err, VT_EINVAL, "vt_table_column_si: NULL argument");
  if (col >= t->n_cols)
    return vt_fail(err, VT_EINVAL, "vt_table_column_si: column %zu of a table of %zu", col,
                   t->n_cols);
  const char *u = unit ? unit : t->cols[col].unit;
  double fo[2] = {1.0, 0.0};
  long ln = t->header_line;
  if (dim != VT_DIM_NONE && !*u)
    return vt_fail_at(err, VT_EUNIT, ln, "%s:%ld: column '%.80s' has no unit: expected a %s (%s)",
                      t->source, ln, t->cols[col].name, vt_dim_name(dim), vt_dim_units(dim));
  if (*u && !vt_unit_lookup(dim, u, &fo[0], &fo[1]))
    return vt_fail_at(err, VT_EUNIT, ln, "%s:%ld: column '%.80s': '%s' is not a %s unit (%s)",
                      t->source, ln, t->cols[col].name, u, vt_dim_name(dim), vt_dim_units(dim));
  for (size_t i = 0; i < t->n_rows; i++) {
    int rc = cell_value(t, i, col, fo, flags, &out[i], err);
    if (rc) return rc;
  }
  return VT_OK;
}

/* ---- Groups ---------------------------------------------------------------------------------- */

static int same_keys(const vt_table *t, size_t a, size_t b, const size_t *keys, size_t n_keys) {
  for (size_t k = 0; k < n_keys; k++) {
    if (keys[k] >= t->n_cols) continue;
    const char *x = t->cells[a * t->n_cols + keys[k]], *y = t->cells[b * t->n_cols + keys[k]];
    if (!x != !y || (x && strcmp(x, y) != 0)) return 0;
  }
  return 1;
}

size_t vt_table_groups(const vt_table *t, const size_t *keys, size_t n_keys, size_t *starts) {
  if (!t || !starts || (n_keys && !keys) || !t->n_rows) return 0;
  size_t n = 0;
  for (size_t i = 0; i < t->n_rows; i++)
    if (i == 0 || t->after_blank[i] || !same_keys(t, i - 1, i, keys, n_keys)) starts[n++] = i;
  starts[n] = t->n_rows;
  return n;
}

/* A column by number or by name; -1 when neither. */
static int column_named(const vt_table *t, const char *want) {
  char *end;
  long num = strtol(want, &end, 10);
  if (*want && !*end && num >= 1 && num <= (long)t->n_cols) return (int)num - 1;
  for (size_t j = 0; j < t->n_cols; j++)
    if (strcasecmp(t->cols[j].name, want) == 0) return (int)j;
  return -1;
}

/* The whole spec is tried as a name first: a header may hold a ':' itself. */
int vt_table_pick(const vt_table *t, const char *spec, vt_dim dim, int *col, char *unit,
                  size_t size, vt_error *err) {
  if (!t || !spec || !col || !unit || size == 0)
    return vt_fail(err, VT_EINVAL, "vt_table_pick: NULL argument");
  char want[128];
  snprintf(want, sizeof want, "%s", spec);
  unit[0] = '\0';
  int k = column_named(t, want);
  char *colon = strrchr(want, ':');
  if (k < 0 && colon) {
    *colon = '\0';
    snprintf(unit, size, "%s", colon + 1);
    k = column_named(t, want);
  }
  if (k < 0)
    return vt_fail(err, VT_ENOTFOUND, "no such column in the header (%zu columns)", t->n_cols);
  if (!*unit) snprintf(unit, size, "%s", t->cols[k].unit);
  double f, o;
  if (!*unit)
    return vt_fail(err, VT_EUNIT, "column '%s' has no unit: write '%s:UNIT' with a %s unit (%s)",
                   t->cols[k].name, spec, vt_dim_name(dim), vt_dim_units(dim));
  if (!vt_unit_lookup(dim, unit, &f, &o))
    return vt_fail(err, VT_EUNIT, "column '%s': '%s' is not a %s unit (%s)", t->cols[k].name, unit,
                   vt_dim_name(dim), vt_dim_units(dim));
  *col = k;
  return VT_OK;
}
