/* Curves from CSV: '#' comment lines, then one header row whose names carry units
 *
 *   time_s,T_C,heat_flow_mW          or          curve,t [s],Tr [K],Ts [K],HF [mW]
 *
 * then rows. A `curve` column splits the rows into curves where its value changes. Fields may be
 * double-quoted ("" is a quote inside). Columns of other names are ignored. After the header,
 * blank lines are allowed only at the end, so every curve's rows are consecutive lines and
 * first_line + i is the line of point i (the messages of vt_curve_rate rely on that). */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/internal.h"
#include "curve_internal.h"
#include "text_file.h"

#define MAX_CSV_BYTES    ((size_t)256 << 20)
#define MAX_NUMBER_CHARS 63

enum role { ROLE_IGNORE, ROLE_TIME, ROLE_T, ROLE_TR, ROLE_TS, ROLE_HF, ROLE_CURVE, ROLE_COUNT };
static const char *const role_names[ROLE_COUNT] = {"",   "time",      "T",    "Tr",
                                                   "Ts", "heat flow", "curve"};

static const char *const role_dims[ROLE_COUNT] = {
    "", "time", "temperature", "temperature", "temperature", "heat-flow", ""};

typedef struct column {
  int role;
  double scale, offset; /* to SI */
} column;

typedef struct csv_ctx {
  const char *source;
  long line;
  vt_error *err;
  column *cols;
  size_t ncols;
  int col_of[ROLE_COUNT]; /* column index of each role, -1 when absent */
  char **fields;          /* ncols + 1 field pointers for the current row */
} csv_ctx;

/* ---- Header ------------------------------------------------------------------------------ */

/* The role of a column base name: short symbols are case-sensitive (t is time, T temperature),
 * words are not. */
static int role_of(const char *base) {
  static const struct {
    const char *name;
    int role, exact;
  } names[] = {{"t", ROLE_TIME, 1},        {"time", ROLE_TIME, 0},    {"T", ROLE_T, 1},
               {"temperature", ROLE_T, 0}, {"Tr", ROLE_TR, 1},        {"Ts", ROLE_TS, 1},
               {"HF", ROLE_HF, 0},         {"heat_flow", ROLE_HF, 0}, {"heat flow", ROLE_HF, 0},
               {"Value", ROLE_HF, 0},      {"curve", ROLE_CURVE, 0}};
  for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
    if (names[k].exact ? strcmp(base, names[k].name) == 0 : strcasecmp(base, names[k].name) == 0)
      return names[k].role;
  return ROLE_IGNORE;
}

static const char *expected_units(int role) {
  return role == ROLE_TIME ? "s, ms or min" : role == ROLE_HF ? "W, mW or uW" : "K or C";
}

/* SI factors of a header unit, from the core unit table (which also reads degree and micro
 * signs in UTF-8 or Latin-1); 0 when the unit does not belong to the column's role. */
static int unit_factor(int role, const char *u, double *scale, double *offset) {
  vt_dim dim = role == ROLE_TIME ? VT_DIM_TIME
               : role == ROLE_HF ? VT_DIM_POWER
                                 : VT_DIM_TEMPERATURE;
  return vt_unit_lookup(dim, u, scale, offset);
}

/* Split "t [s]" or "time_s" into base and unit (in place); unit is NULL when the whole name is a
 * known base ("T", "curve"). */
static void split_name(char *name, char **base, char **unit) {
  *base = name;
  *unit = NULL;
  char *lb = strchr(name, '[');
  size_t n = strlen(name);
  if (lb && n && name[n - 1] == ']') {
    name[n - 1] = '\0';
    *lb = '\0';
    *base = vt_trim(name);
    *unit = vt_trim(lb + 1);
    return;
  }
  if (role_of(name) != ROLE_IGNORE) return;
  char *us = strrchr(name, '_');
  if (us) {
    *us = '\0';
    *unit = us + 1;
  }
}

static int parse_column(csv_ctx *c, size_t k, char *name) {
  char *base, *unit, shown[80];
  snprintf(shown, sizeof shown, "%s", name);
  split_name(name, &base, &unit);
  int role = role_of(base);
  column *col = &c->cols[k];
  col->role = role;
  col->scale = 1.0;
  col->offset = 0.0;
  if (role == ROLE_IGNORE) return VT_OK;
  if (c->col_of[role] >= 0)
    return vt_fail_at(c->err, VT_EPARSE, c->line, "%s:%ld: two %s columns ('%s' is column %zu)",
                      c->source, c->line, role_names[role], shown, k + 1);
  c->col_of[role] = (int)k;
  if (role == ROLE_CURVE) return VT_OK;
  if (!unit || !*unit)
    return vt_fail_at(c->err, VT_EUNIT, c->line,
                      "%s:%ld: column '%s' has no unit: write it as %s_UNIT or '%s [UNIT]' "
                      "with UNIT one of %s",
                      c->source, c->line, shown, base, base, expected_units(role));
  if (!unit_factor(role, unit, &col->scale, &col->offset))
    return vt_fail_at(c->err, VT_EUNIT, c->line,
                      "%s:%ld: column '%s': unknown %s unit '%s': expected %s", c->source, c->line,
                      shown, role_dims[role], unit, expected_units(role));
  return VT_OK;
}

static int parse_header(csv_ctx *c, char *line) {
  size_t len = strlen(line);
  char *copy = malloc(len + 1);
  if (!copy) return vt_fail(c->err, VT_ENOMEM, "%s: out of memory", c->source);
  memcpy(copy, line, len + 1);
  long n = vt_csv_split(copy, 0, NULL, 0, NULL); /* count on a copy: splitting rewrites the text */
  free(copy);
  if (n < 0)
    return vt_fail_at(c->err, VT_EPARSE, c->line,
                      "%s:%ld: unterminated or malformed quoted field in the header", c->source,
                      c->line);
  c->ncols = (size_t)n;
  c->cols = calloc(c->ncols, sizeof *c->cols);
  c->fields = calloc(c->ncols + 1, sizeof *c->fields);
  if (!c->cols || !c->fields) return vt_fail(c->err, VT_ENOMEM, "%s: out of memory", c->source);
  vt_csv_split(line, 0, c->fields, c->ncols, NULL);
  for (int r = 0; r < ROLE_COUNT; r++) c->col_of[r] = -1;
  for (size_t k = 0; k < c->ncols; k++) {
    int rc = parse_column(c, k, c->fields[k]);
    if (rc) return rc;
  }
  int has_T = c->col_of[ROLE_T] >= 0, has_TrTs = c->col_of[ROLE_TR] >= 0 || c->col_of[ROLE_TS] >= 0;
  if (c->col_of[ROLE_TIME] < 0 || c->col_of[ROLE_HF] < 0 || !(has_T || has_TrTs))
    return vt_fail_at(c->err, VT_EPARSE, c->line,
                      "%s:%ld: the header needs a time, a temperature and a heat-flow column "
                      "with units, e.g. 'time_s,T_C,heat_flow_mW' or 't [s],Tr [K],HF [mW]'",
                      c->source, c->line);
  if (has_T && has_TrTs)
    return vt_fail_at(c->err, VT_EPARSE, c->line,
                      "%s:%ld: a T column beside Tr/Ts is ambiguous: name the temperatures "
                      "either T or Tr and Ts",
                      c->source, c->line);
  return VT_OK;
}

/* ---- Rows -------------------------------------------------------------------------------- */

/* The curves being built, with the `curve` value of each (to refuse a value that comes back). */
typedef struct builder {
  vt_curve_set *set;
  size_t cap_curves, cap_points;
  char **keys;
} builder;

static char *dup_text(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d) memcpy(d, s, n);
  return d;
}

/* Start a curve named `name` whose `curve` value is `key` (NULL without a curve column). */
static int start_curve(csv_ctx *c, builder *b, const char *name, const char *key) {
  vt_curve_set *set = b->set;
  for (size_t i = 0; key && i < set->n; i++)
    if (strcmp(b->keys[i], key) == 0)
      return vt_fail_at(c->err, VT_EPARSE, c->line,
                        "%s:%ld: curve '%.60s' appears again after other curves (from line "
                        "%ld): the rows of a curve must be consecutive",
                        c->source, c->line, key, set->curves[i].first_line);
  if (VT_GROW(set->n + 1, &b->cap_curves, 8, VT_GROW_ITEM(set->curves), VT_GROW_ITEM(b->keys)))
    return vt_fail(c->err, VT_ENOMEM, "%s: out of memory", c->source);
  vt_curve *cv = &set->curves[set->n];
  memset(cv, 0, sizeof *cv);
  cv->segment = -1;
  cv->first_line = c->line;
  b->keys[set->n] = dup_text(key ? key : "");
  set->n++;
  b->cap_points = 0;
  cv->name = dup_text(name);
  if (!cv->name || !b->keys[set->n - 1])
    return vt_fail(c->err, VT_ENOMEM, "%s: out of memory", c->source);
  return VT_OK;
}

static int parse_value(csv_ctx *c, int role, double *v) {
  int k = c->col_of[role];
  *v = NAN;
  if (k < 0) return VT_OK;
  const char *f = c->fields[k];
  size_t len = strlen(f);
  char *end;
  *v = len <= MAX_NUMBER_CHARS ? strtod(f, &end) : 0.0;
  if (len == 0 || len > MAX_NUMBER_CHARS || end != f + len)
    return vt_fail_at(c->err, VT_EPARSE, c->line,
                      "%s:%ld: column %zu (%s): '%.40s' is not a number", c->source, c->line,
                      (size_t)k + 1, role_names[role], f);
  if (!isfinite(*v))
    return vt_fail_at(c->err, VT_ERANGE, c->line,
                      "%s:%ld: column %zu (%s): '%.40s' is not a finite number", c->source, c->line,
                      (size_t)k + 1, role_names[role], f);
  *v = *v * c->cols[k].scale + c->cols[k].offset;
  return VT_OK;
}

static int parse_row(csv_ctx *c, builder *b, char *line, const char *file_name) {
  long n = vt_csv_split(line, 0, c->fields, c->ncols + 1, NULL);
  if (n < 0)
    return vt_fail_at(c->err, VT_EPARSE, c->line, "%s:%ld: unterminated or malformed quoted field",
                      c->source, c->line);
  if ((size_t)n != c->ncols)
    return vt_fail_at(c->err, VT_EPARSE, c->line,
                      "%s:%ld: expected %zu fields as in the header, got %ld", c->source, c->line,
                      c->ncols, n);
  vt_curve_set *set = b->set;
  const char *key = c->col_of[ROLE_CURVE] >= 0 ? c->fields[c->col_of[ROLE_CURVE]] : NULL;
  int rc;
  if (set->n == 0 || (key && strcmp(key, b->keys[set->n - 1]) != 0))
    if ((rc = start_curve(c, b, key ? key : file_name, key))) return rc;
  double t, T, Tr, Ts, hf;
  if ((rc = parse_value(c, ROLE_TIME, &t)) || (rc = parse_value(c, ROLE_T, &T)) ||
      (rc = parse_value(c, ROLE_TR, &Tr)) || (rc = parse_value(c, ROLE_TS, &Ts)) ||
      (rc = parse_value(c, ROLE_HF, &hf)))
    return rc;
  vt_curve *cv = &set->curves[set->n - 1];
  if (vt_curve_reserve(cv, &b->cap_points, cv->n + 1))
    return vt_fail(c->err, VT_ENOMEM, "%s: out of memory", c->source);
  cv->time_s[cv->n] = t;
  cv->Tr_K[cv->n] = isnan(T) ? Tr : T; /* a plain T column is both temperatures */
  cv->Ts_K[cv->n] = isnan(T) ? Ts : T;
  cv->heat_flow_W[cv->n] = hf;
  cv->n++;
  return VT_OK;
}

/* ---- The file ---------------------------------------------------------------------------- */

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

typedef struct walk {
  csv_ctx *c;
  builder *b;
} walk;

static int on_header(void *ctx, char *s) {
  return parse_header(((walk *)ctx)->c, s);
}

static int on_row(void *ctx, char *s) {
  walk *w = ctx;
  return parse_row(w->c, w->b, s, base_name(w->c->source));
}

static int parse_text(csv_ctx *c, char *text, size_t len, builder *b) {
  walk w = {c, b};
  int have_header;
  int rc =
      vt_walk_table(text, len, c->source, &c->line, c->err, on_header, on_row, &w, &have_header);
  if (rc) return rc;
  if (!have_header)
    return vt_fail(c->err, VT_EPARSE,
                   "%s: no header line: expected column names with units, e.g. "
                   "'time_s,T_C,heat_flow_mW'",
                   c->source);
  if (b->set->n == 0)
    return vt_fail(c->err, VT_EPARSE, "%s: no data rows after the header", c->source);
  return VT_OK;
}

int vt_read_curve_csv(const char *path, vt_curve_set *out, vt_error *err) {
  char *text;
  size_t len;
  int rc = vt_curve_file_text("vt_read_curve_csv", path, MAX_CSV_BYTES, out, &text, &len, err);
  if (rc) return rc;
  csv_ctx c = {path, 0, err, NULL, 0, {0}, NULL};
  builder b = {out, 0, 0, NULL};
  out->source = dup_text(path);
  rc = out->source ? parse_text(&c, text, len, &b) : vt_fail(err, VT_ENOMEM, "out of memory");
  for (size_t i = 0; i < out->n; i++) free(b.keys[i]);
  free(b.keys);
  free(c.cols);
  free(c.fields);
  free(text);
  if (rc) vt_curve_set_free(out);
  return rc;
}
