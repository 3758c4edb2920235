/* Enthalpy-recovery tables for fits, and the unit-named CSV tables they are written in:
 *
 *   # T1 = 373 K, then 383 K; single-step rows leave T2 and t2 empty
 *   T1_K,t1_s,T2_K,t2_s,dh_kJ_per_mol,sigma_kJ_per_mol
 *   373,50,383,0.1,0.812,0.02
 *   383,100,,,1.104,0.02
 *
 * Every column carries its unit in its name, so nothing is guessed: a number in kJ/mol read as
 * J/mol would fit a glass a thousand times too stiff. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "fit_io.h"
#include "text_file.h"

#define MAX_TABLE_BYTES  ((size_t)64 << 20)
#define MAX_NUMBER_CHARS 63
#define MAX_NAME_CHARS   80

/* ---- Lines and fields ------------------------------------------------------------------------ */

/* A line without its '#' comment. */
static char *next_line(char **p, char *end, long *line) {
  char *s = vt_next_line(p, end, line), *hash = s ? strchr(s, '#') : NULL;
  if (hash) *hash = '\0';
  return s;
}

/* Trimmed and unquoted: spreadsheets quote names. */
static char *trim(char *s) {
  s = vt_trim(s);
  size_t n = strlen(s);
  if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
    s[n - 1] = '\0';
    s = trim(s + 1);
  }
  return s;
}

typedef struct fields {
  char **f;
  size_t n, cap;
} fields;

/* Split at commas in place into trimmed fields; -1 when out of memory. */
static int split(char *line, fields *fs) {
  fs->n = 0;
  for (char *p = line;;) {
    if (fs->n == fs->cap) {
      size_t cap = fs->cap ? 2 * fs->cap : 16;
      char **grown = realloc(fs->f, cap * sizeof *grown);
      if (!grown) return -1;
      fs->f = grown;
      fs->cap = cap;
    }
    char *comma = strchr(p, ',');
    if (comma) *comma = '\0';
    fs->f[fs->n++] = trim(p);
    if (!comma) return 0;
    p = comma + 1;
  }
}

static int blank(const char *s) {
  while (isspace((unsigned char)*s)) s++;
  return *s == '\0';
}

/* ---- Header ---------------------------------------------------------------------------------- */

typedef struct table_ctx {
  const char *path;
  long line;
  vt_error *err;
  const vt_table_column *spec;
  size_t n_spec;
  int *col_of;        /* spec -> header column, -1 */
  const char **named; /* spec -> its header name (in the file's text) */
  double *scale, *offset;
  size_t n_fields; /* header width */
} table_ctx;

/* The longest spelling of `base` that `name` starts with, followed by the end of the name, '_',
 * '[', '(' or ' ' (strchr finds the terminating NUL as well); its length, 0 when none. */
static size_t match_base(const char *name, const char *base) {
  size_t best = 0;
  for (const char *alt = base; *alt;) {
    size_t len = strcspn(alt, "|");
    if (len > best && strncmp(name, alt, len) == 0 && strchr("_[( ", name[len])) best = len;
    alt += len + (alt[len] == '|');
  }
  return best;
}

/* The unit text after the base: "_kJ_per_mol" -> "kJ/mol", " [K]" -> "K"; "" when none. */
static void unit_text(const char *rest, char *unit, size_t size) {
  size_t j = 0;
  while (*rest == ' ') rest++;
  if (*rest == '[' || *rest == '(') {
    char close = *rest == '[' ? ']' : ')';
    const char *end = strrchr(rest, close);
    size_t n = end && end[1] == '\0' ? (size_t)(end - rest - 1) : strlen(rest);
    snprintf(unit, size, "%.*s", (int)n, rest + 1);
    return;
  }
  if (*rest == '_') rest++;
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

/* A later spec of the same base whose dimension has this unit (dh per mole or per mass). */
static int other_spec_takes(const table_ctx *c, size_t s, const char *unit) {
  double scale, offset;
  for (size_t t = s + 1; t < c->n_spec; t++)
    if (!strcmp(c->spec[t].base, c->spec[s].base) &&
        vt_unit_lookup(c->spec[t].dim, unit, &scale, &offset))
      return 1;
  return 0;
}

static int header_column(table_ctx *c, size_t k, const char *name) {
  for (size_t s = 0; s < c->n_spec; s++) {
    const vt_table_column *sp = &c->spec[s];
    size_t len = match_base(name, sp->base);
    if (!len || (sp->dim == VT_DIM_NONE && name[len] != '\0')) continue;
    if (c->col_of[s] >= 0)
      return vt_fail_at(c->err, VT_EPARSE, c->line, "%s:%ld: two %.*s columns (%d and %zu)",
                        c->path, c->line, (int)strcspn(sp->base, "|"), sp->base, c->col_of[s] + 1,
                        k + 1);
    char unit[MAX_NAME_CHARS];
    unit_text(name + len, unit, sizeof unit);
    c->scale[s] = 1.0;
    c->offset[s] = 0.0;
    if (sp->dim != VT_DIM_NONE && !*unit)
      return vt_fail_at(c->err, VT_EUNIT, c->line, "%s:%ld: column '%.*s' has no unit: expected %s",
                        c->path, c->line, MAX_NAME_CHARS, name, sp->example);
    if (sp->dim != VT_DIM_NONE && !vt_unit_lookup(sp->dim, unit, &c->scale[s], &c->offset[s]) &&
        other_spec_takes(c, s, unit))
      continue;
    if (sp->dim != VT_DIM_NONE && !vt_unit_lookup(sp->dim, unit, &c->scale[s], &c->offset[s]))
      return vt_fail_at(c->err, VT_EUNIT, c->line,
                        "%s:%ld: column '%.*s': '%s' is not a %s unit (%s): expected %s", c->path,
                        c->line, MAX_NAME_CHARS, name, unit, vt_dim_name(sp->dim),
                        vt_dim_units(sp->dim), sp->example);
    c->col_of[s] = (int)k;
    c->named[s] = name;
    return VT_OK;
  }
  return VT_OK; /* a column we do not use */
}

static int parse_header(table_ctx *c, fields *fs) {
  for (size_t s = 0; s < c->n_spec; s++) c->col_of[s] = -1;
  for (size_t k = 0; k < fs->n; k++) {
    int rc = header_column(c, k, fs->f[k]);
    if (rc) return rc;
  }
  for (size_t s = 0; s < c->n_spec; s++) {
    int other = 0; /* a spec of the same base in another dimension stands in */
    for (size_t t = 0; t < c->n_spec; t++)
      other |= t != s && c->col_of[t] >= 0 && !strcmp(c->spec[t].base, c->spec[s].base);
    if (c->spec[s].required && c->col_of[s] < 0 && !other)
      return vt_fail_at(c->err, VT_EPARSE, c->line,
                        "%s:%ld: the header has no %.*s column: expected %s (the first line "
                        "that is not a comment names the columns, with their units)",
                        c->path, c->line, (int)strcspn(c->spec[s].base, "|"), c->spec[s].base,
                        c->spec[s].example);
  }
  c->n_fields = fs->n;
  return VT_OK;
}

/* ---- Rows ------------------------------------------------------------------------------------ */

static int grow_rows(vt_table_rows *t, size_t *cap) {
  if (t->n < *cap) return VT_OK;
  size_t n = *cap ? 2 * *cap : 64;
  double *v = realloc(t->v, n * t->n_cols * sizeof *v);
  if (!v) return VT_ENOMEM;
  t->v = v;
  long *line = realloc(t->line, n * sizeof *line);
  if (!line) return VT_ENOMEM;
  t->line = line;
  *cap = n;
  return VT_OK;
}

static int parse_cell(table_ctx *c, size_t s, const char *text, double *out) {
  size_t len = strlen(text);
  char *end;
  *out = NAN;
  if (len == 0) return VT_OK;
  double v = len <= MAX_NUMBER_CHARS ? strtod(text, &end) : 0.0;
  if (len > MAX_NUMBER_CHARS || end != text + len)
    return vt_fail_at(c->err, VT_EPARSE, c->line, "%s:%ld: column '%.*s': '%.40s' is not a number",
                      c->path, c->line, MAX_NAME_CHARS, c->named[s], text);
  if (!isfinite(v))
    return vt_fail_at(c->err, VT_ERANGE, c->line,
                      "%s:%ld: column '%.*s': '%.40s' is not a finite number (leave the cell "
                      "empty where there is no value)",
                      c->path, c->line, MAX_NAME_CHARS, c->named[s], text);
  *out = v * c->scale[s] + c->offset[s];
  if (!isfinite(*out)) /* '1e308' hours is finite as written, not in seconds */
    return vt_fail_at(c->err, VT_ERANGE, c->line,
                      "%s:%ld: column '%.*s': '%.40s' is out of range once converted to SI units",
                      c->path, c->line, MAX_NAME_CHARS, c->named[s], text);
  return VT_OK;
}

static int parse_row(table_ctx *c, fields *fs, vt_table_rows *t, size_t *cap) {
  if (fs->n != c->n_fields)
    return vt_fail_at(c->err, VT_EPARSE, c->line,
                      "%s:%ld: %zu fields, expected %zu as in the header", c->path, c->line, fs->n,
                      c->n_fields);
  if (grow_rows(t, cap)) return vt_fail(c->err, VT_ENOMEM, "%s: out of memory", c->path);
  double *row = &t->v[t->n * t->n_cols];
  for (size_t s = 0; s < c->n_spec; s++) {
    row[s] = NAN;
    int rc = c->col_of[s] < 0 ? VT_OK : parse_cell(c, s, fs->f[c->col_of[s]], &row[s]);
    if (rc) return rc;
  }
  t->line[t->n++] = c->line;
  return VT_OK;
}

static int parse_text(table_ctx *c, char *text, size_t len, vt_table_rows *t) {
  fields fs = {NULL, 0, 0};
  char *p = text, *end = text + len, *s;
  size_t cap = 0;
  int rc = VT_OK, have_header = 0;
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) p += 3; /* UTF-8 byte-order mark */
  while (!rc && (s = next_line(&p, end, &c->line)) != NULL) {
    if (blank(s)) continue;
    if (split(s, &fs)) {
      rc = vt_fail(c->err, VT_ENOMEM, "%s: out of memory", c->path);
    } else if (!have_header) {
      t->header_line = c->line;
      rc = parse_header(c, &fs);
      have_header = 1;
    } else {
      rc = parse_row(c, &fs, t, &cap);
    }
  }
  free(fs.f);
  if (!rc && !have_header)
    rc = vt_fail(c->err, VT_EPARSE, "%s: no header line: expected the column names with units",
                 c->path);
  if (!rc && t->n == 0)
    rc = vt_fail(c->err, VT_EPARSE, "%s: no data rows after the header", c->path);
  return rc;
}

void vt_table_rows_free(vt_table_rows *t) {
  if (!t) return;
  free(t->v);
  free(t->line);
  free(t->present);
  memset(t, 0, sizeof *t);
}

int vt_read_unit_table(const char *path, const vt_table_column *cols, size_t n_cols,
                       vt_table_rows *out, vt_error *err) {
  memset(out, 0, sizeof *out);
  char *text;
  size_t len;
  int rc = vt_read_text_file(path, MAX_TABLE_BYTES, &text, &len, err);
  if (rc) return rc;
  table_ctx c = {path, 0, err, cols, n_cols, NULL, NULL, NULL, NULL, 0};
  c.col_of = malloc(n_cols * sizeof *c.col_of);
  c.named = malloc(n_cols * sizeof *c.named);
  c.scale = malloc(n_cols * sizeof *c.scale);
  c.offset = malloc(n_cols * sizeof *c.offset);
  out->n_cols = n_cols;
  out->present = calloc(n_cols, sizeof *out->present);
  if (!c.col_of || !c.named || !c.scale || !c.offset || !out->present)
    rc = vt_fail(err, VT_ENOMEM, "%s: out of memory", path);
  if (!rc) rc = parse_text(&c, text, len, out);
  for (size_t s = 0; !rc && s < n_cols; s++) out->present[s] = c.col_of[s] >= 0;
  free(c.col_of);
  free(c.named);
  free(c.scale);
  free(c.offset);
  free(text);
  if (rc) vt_table_rows_free(out);
  return rc;
}

/* ---- Enthalpy-recovery tables ---------------------------------------------------------------- */

enum { DH_T1, DH_t1, DH_T2, DH_t2, DH_DH, DH_SIGMA, DH_DH_MASS, DH_SIGMA_MASS, DH_COLS };

static const vt_table_column dh_columns[DH_COLS] = {
    {"T1", VT_DIM_TEMPERATURE, 1, "T1_K or T1_C"},
    {"t1", VT_DIM_TIME, 1, "t1_s or t1_min"},
    {"T2", VT_DIM_TEMPERATURE, 0, "T2_K or T2_C"},
    {"t2", VT_DIM_TIME, 0, "t2_s or t2_min"},
    {"dh", VT_DIM_MOLAR_ENERGY, 1, "dh_J_per_mol or dh_kJ_per_mol (or dh_J_per_g)"},
    {"sigma_dh|sigma", VT_DIM_MOLAR_ENERGY, 0, "sigma_J_per_mol or sigma_kJ_per_mol"},
    /* per mass, as DSC software exports them: converted with the molar mass */
    {"dh", VT_DIM_SPECIFIC_ENERGY, 0, "dh_J_per_g"},
    {"sigma_dh|sigma", VT_DIM_SPECIFIC_ENERGY, 0, "sigma_J_per_g"},
};

/* The checks of one row; the message names the file and line. */
static int check_point(const char *path, const vt_dh_point *p, int has_sigma, vt_error *err) {
  long ln = p->line;
  const char *missing = isnan(p->T1_K)           ? "T1"
                        : isnan(p->t1_s)         ? "t1"
                        : isnan(p->dh_J_per_mol) ? "dh"
                                                 : NULL;
  if (missing)
    return vt_fail_at(err, VT_EINVAL, ln, "%s:%ld: %s is empty: every row needs T1, t1 and dh",
                      path, ln, missing);
  if (isnan(p->T2_K) != isnan(p->t2_s))
    return vt_fail_at(err, VT_EINVAL, ln,
                      "%s:%ld: %s given without %s: a two-step row needs both (leave both empty "
                      "for a single step)",
                      path, ln, isnan(p->t2_s) ? "T2" : "t2", isnan(p->t2_s) ? "t2" : "T2");
  double T[2] = {p->T1_K, p->T2_K}, t[2] = {p->t1_s, p->t2_s};
  for (int k = 0; k < 2; k++) {
    if (!isnan(T[k]) && !(T[k] > 0))
      return vt_fail_at(err, VT_ERANGE, ln, "%s:%ld: T%d = %g K is not above absolute zero", path,
                        ln, k + 1, T[k]);
    if (!isnan(t[k]) && !(t[k] >= 0))
      return vt_fail_at(err, VT_ERANGE, ln, "%s:%ld: t%d = %g s is negative: times must be >= 0",
                        path, ln, k + 1, t[k]);
  }
  if (has_sigma && isnan(p->sigma_J_per_mol))
    return vt_fail_at(err, VT_EINVAL, ln,
                      "%s:%ld: sigma is empty: with a sigma column every row needs one (else "
                      "drop the column: all points are then weighted alike)",
                      path, ln);
  if (has_sigma && !(p->sigma_J_per_mol > 0))
    return vt_fail_at(err, VT_ERANGE, ln, "%s:%ld: sigma = %g J/mol must be > 0", path, ln,
                      p->sigma_J_per_mol);
  return VT_OK;
}

/* dh and sigma per mass -> per mole; the columns must agree on the basis. */
static int per_mole(const char *path, vt_table_rows *t, double molar_mass, vt_error *err) {
  int mass = t->present[DH_DH_MASS], sigma_mass = t->present[DH_SIGMA_MASS];
  if ((mass && t->present[DH_SIGMA]) || (!mass && sigma_mass))
    return vt_fail_at(err, VT_EUNIT, t->header_line,
                      "%s:%ld: dh and sigma must both be per mole or both per mass", path,
                      t->header_line);
  if (!mass) return VT_OK;
  if (!(molar_mass > 0) || !isfinite(molar_mass))
    return vt_fail_at(err, VT_EUNIT, t->header_line,
                      "%s:%ld: dh is given per mass: give the molar mass to convert it to J/mol "
                      "(vitrum fit --molar-mass, e.g. '104 g/mol')",
                      path, t->header_line);
  t->present[DH_SIGMA] = sigma_mass;
  for (size_t i = 0; i < t->n; i++) {
    double *r = &t->v[i * DH_COLS];
    r[DH_DH] = r[DH_DH_MASS] * molar_mass;
    r[DH_SIGMA] = r[DH_SIGMA_MASS] * molar_mass;
  }
  return VT_OK;
}

int vt_read_dh_table(const char *path, vt_fit_data *data, vt_error *err) {
  return vt_read_dh_table_mass(path, NAN, data, err);
}

int vt_read_dh_table_mass(const char *path, double molar_mass, vt_fit_data *data, vt_error *err) {
  if (!path || !data) return vt_fail(err, VT_EINVAL, "vt_read_dh_table: NULL argument");
  vt_table_rows t;
  int rc = vt_read_unit_table(path, dh_columns, DH_COLS, &t, err);
  if (rc) return rc;
  if ((rc = per_mole(path, &t, molar_mass, err)) != VT_OK) {
    vt_table_rows_free(&t);
    return rc;
  }
  if (t.present[DH_T2] != t.present[DH_t2]) {
    rc = vt_fail_at(err, VT_EPARSE, t.header_line,
                    "%s:%ld: the header has a %s column but no %s column: two-step rows need both",
                    path, t.header_line, t.present[DH_T2] ? "T2" : "t2",
                    t.present[DH_T2] ? "t2" : "T2");
    vt_table_rows_free(&t);
    return rc;
  }
  vt_dh_point *grown = realloc(data->dh, (data->n_dh + t.n) * sizeof *grown);
  if (!grown) rc = vt_fail(err, VT_ENOMEM, "%s: out of memory", path);
  if (grown) data->dh = grown; /* only the capacity changed: n_dh grows on success */
  for (size_t i = 0; !rc && i < t.n; i++) {
    const double *r = &t.v[i * DH_COLS];
    vt_dh_point *p = &data->dh[data->n_dh + i];
    *p = (vt_dh_point){r[DH_T1], r[DH_t1], r[DH_T2], r[DH_t2], r[DH_DH], r[DH_SIGMA], t.line[i]};
    rc = check_point(path, p, t.present[DH_SIGMA], err);
  }
  if (!rc) data->n_dh += t.n;
  vt_table_rows_free(&t);
  return rc;
}
