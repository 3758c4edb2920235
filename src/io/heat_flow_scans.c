/* Heat-flow scans y(T) from a table (vitrum/datasets.h), one peak per scan for the Debye fit:
 * one scan of rising T, or a long-format map (`vitrum dsc --anneal-T ... -o map.csv`) whose
 * other columns say which scan a row belongs to. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"

vt_scans_opts vt_scans_opts_default(void) {
  vt_scans_opts o = {-1, -1, 0, NAN, NAN, NULL, NULL};
  return o;
}

void vt_heat_flow_scans_free(vt_heat_flow_scans *s) {
  if (!s) return;
  for (size_t i = 0; s->scans && i < s->n_scans; i++) free(s->scans[i].key);
  for (size_t k = 0; s->key_names && k < s->n_keys; k++) free(s->key_names[k]);
  VT_FREE_ZERO(s, s->scans, s->key_names, s->T_K, s->y, s->T_name, s->y_name);
}

static char *copy(const char *text) {
  size_t n = strlen(text) + 1;
  char *c = malloc(n);
  return c ? memcpy(c, text, n) : NULL;
}

static int is_temperature(const char *unit) {
  double f, o;
  return *unit && vt_unit_lookup(VT_DIM_TEMPERATURE, unit, &f, &o);
}

/* The header's names, quoted, for messages: "'T_K', 'dhf_W_per_mol'". */
static void list_columns(const vt_table *t, char *buf, size_t size) {
  size_t used = 0;
  buf[0] = '\0';
  for (size_t k = 0; k < t->n_cols && used < size; k++)
    used += (size_t)snprintf(buf + used, size - used, "%s'%s'", k ? ", " : "", t->cols[k].name);
}

/* The temperature column: the one given (its unit a temperature), else the first T_<unit>. */
static int choose_T(const vt_table *t, int given, int *col, vt_error *err) {
  char cols[1024];
  long ln = t->header_line;
  if (given >= 0 && !is_temperature(t->cols[given].unit))
    return vt_fail_at(err, VT_EUNIT, ln,
                      "%s:%ld: column '%s' carries no temperature unit: expected NAME_K, NAME_C "
                      "or 'NAME [C]'",
                      t->source, ln, t->cols[given].name);
  *col = given;
  for (size_t k = 0; *col < 0 && k < t->n_cols; k++)
    if (strcmp(t->cols[k].base, "T") == 0 && is_temperature(t->cols[k].unit)) *col = (int)k;
  list_columns(t, cols, sizeof cols);
  if (*col < 0)
    return vt_fail_at(err, VT_ENOTFOUND, ln,
                      "%s:%ld: no temperature column named T_<unit> (T_K, T_C, 'T [C]') among "
                      "%s: name one with --T-col",
                      t->source, ln, cols);
  return VT_OK;
}

/* y's unit when it is a power, maybe per something ("W/mol"), and that of its integral over
 * time ("J/mol"); "" for both otherwise. */
static void flow_units(const char *unit, vt_heat_flow_scans *s) {
  char head[32];
  double f, o;
  size_t n = strcspn(unit, "/");
  snprintf(head, sizeof head, "%.*s", (int)n, unit);
  s->y_unit[0] = s->q_unit[0] = '\0';
  if (!vt_unit_lookup(VT_DIM_POWER, head, &f, &o)) return;
  snprintf(s->y_unit, sizeof s->y_unit, "%.31s", unit);
  snprintf(s->q_unit, sizeof s->q_unit, "%.*sJ%.20s", (int)n - 1, unit, unit + n);
}

/* The column of header name `name` (the option `opt` gave it) into *col; VT_OK without a name. */
static int named(const vt_table *t, const char *opt, const char *name, int *col, vt_error *err) {
  char cols[1024];
  long ln = t->header_line;
  if (!name || (*col = vt_table_column(t, name)) >= 0) return VT_OK;
  list_columns(t, cols, sizeof cols);
  return vt_fail_at(err, VT_EINVAL, ln, "%s '%s': %s:%ld has no such column (it has %s)", opt, name,
                    t->source, ln, cols);
}

static int choose_columns(const vt_table *t, const vt_scans_opts *opts, int *T, int *y,
                          vt_error *err) {
  long ln = t->header_line;
  vt_scans_opts by_name = *opts;
  const vt_scans_opts *o = &by_name;
  int rc = named(t, "--T-col", opts->T_name, &by_name.T_col, err);
  if (!rc) rc = named(t, "--y-col", opts->y_name, &by_name.y_col, err);
  if (rc) return rc;
  if ((o->T_col >= (int)t->n_cols) || (o->y_col >= (int)t->n_cols))
    return vt_fail(err, VT_EINVAL, "%s: a column beyond the %zu of the header", t->source,
                   t->n_cols);
  if (t->n_cols < 2)
    return vt_fail_at(err, VT_EPARSE, ln,
                      "%s:%ld: the header names %zu column: expected a temperature and a heat "
                      "flow, e.g. 'T_K,dhf_W_per_mol'",
                      t->source, ln, t->n_cols);
  rc = choose_T(t, o->T_col, T, err);
  *y = o->y_col >= 0 ? o->y_col : (int)t->n_cols - 1;
  if (!rc && *y == *T)
    rc = vt_fail_at(err, VT_EINVAL, ln,
                    "%s:%ld: the heat-flow column '%s' is the temperature column%s", t->source, ln,
                    t->cols[*y].name,
                    o->y_col >= 0 ? "" : " (the last column): name one with --y-col");
  return rc;
}

/* The names of T, y and the key columns (every other one) into `out`, the keys' indices into
 * keys[]; -1 when out of memory. */
static int set_names(const vt_table *t, int T, int y, size_t *keys, vt_heat_flow_scans *out) {
  out->T_name = copy(t->cols[T].name);
  out->y_name = copy(t->cols[y].name);
  out->key_names = calloc(t->n_cols, sizeof *out->key_names);
  if (!out->T_name || !out->y_name || !out->key_names) return -1;
  for (size_t k = 0; k < t->n_cols; k++) {
    if ((int)k == T || (int)k == y) continue;
    keys[out->n_keys] = k;
    if (!(out->key_names[out->n_keys++] = copy(t->cols[k].name))) return -1;
  }
  flow_units(t->cols[y].unit, out);
  return 0;
}

/* A row's key: its key cells as CSV text, quoted where they hold a comma. */
static char *row_key(const vt_table *t, size_t row, const size_t *keys, size_t n_keys) {
  const char *const *cells = &t->cells[row * t->n_cols];
  size_t size = 1;
  for (size_t k = 0; k < n_keys; k++) size += strlen(cells[keys[k]]) + 3;
  char *key = malloc(size), *p = key;
  if (!key) return NULL;
  *p = '\0';
  for (size_t k = 0; k < n_keys; k++) {
    const char *c = cells[keys[k]];
    int quote = strchr(c, ',') != NULL;
    p += sprintf(p, "%s%s%s%s", k ? "," : "", quote ? "\"" : "", c, quote ? "\"" : "");
  }
  return key;
}

typedef struct scan_input {
  const vt_table *t;
  const vt_scans_opts *o;
  const double *T, *y; /* every row's */
  const size_t *keys;
} scan_input;

/* The rows [from, to) of one scan within the range; a lone scan must rise in T. */
static int fill_scan(const scan_input *in, size_t from, size_t to, vt_heat_flow_scans *out,
                     vt_error *err) {
  vt_scan *sc = &out->scans[out->n_scans];
  *sc = (vt_scan){out->n, 0, in->t->line[from], row_key(in->t, from, in->keys, out->n_keys)};
  if (!sc->key) return vt_fail(err, VT_ENOMEM, "%s: out of memory", in->t->source);
  out->n_scans++;
  for (size_t i = from; i < to; i++) {
    double T = in->T[i];
    if (T < in->o->T_min_K || T > in->o->T_max_K) continue; /* NaN bounds keep all */
    if (!in->o->grouped && sc->n && !(T > out->T_K[out->n - 1]))
      return vt_fail_at(err, VT_EPARSE, in->t->line[i],
                        "%s:%ld: T = %.10g K does not increase (the row before: %.10g K): one "
                        "heating scan per file, or --batch for a map of scans",
                        in->t->source, in->t->line[i], T, out->T_K[out->n - 1]);
    out->T_K[out->n] = T;
    out->y[out->n++] = in->y[i];
    sc->n++;
  }
  return VT_OK;
}

static int fill_scans(const scan_input *in, vt_heat_flow_scans *out, vt_error *err) {
  const vt_table *t = in->t;
  size_t *starts = malloc((t->n_rows + 1) * sizeof *starts), ng = 1;
  if (starts && in->o->grouped)
    ng = vt_table_groups(t, in->keys, out->n_keys, starts);
  else if (starts)
    starts[0] = 0, starts[1] = t->n_rows;
  out->scans = starts ? calloc(ng ? ng : 1, sizeof *out->scans) : NULL;
  int rc = out->scans ? VT_OK : vt_fail(err, VT_ENOMEM, "%s: out of memory", t->source);
  for (size_t g = 0; !rc && g < ng; g++) rc = fill_scan(in, starts[g], starts[g + 1], out, err);
  free(starts);
  return rc;
}

static int convert(const vt_table *t, const vt_scans_opts *o, vt_heat_flow_scans *out,
                   vt_error *err) {
  int T = -1, y = -1;
  int rc = choose_columns(t, o, &T, &y, err);
  if (rc) return rc;
  size_t n = t->n_rows ? t->n_rows : 1;
  double *Tall = malloc(n * sizeof *Tall), *yall = malloc(n * sizeof *yall);
  size_t *keys = malloc(t->n_cols * sizeof *keys);
  out->T_K = malloc(n * sizeof *out->T_K);
  out->y = malloc(n * sizeof *out->y);
  if (!Tall || !yall || !keys || !out->T_K || !out->y || set_names(t, T, y, keys, out))
    rc = vt_fail(err, VT_ENOMEM, "%s: out of memory", t->source);
  if (!rc) rc = vt_table_column_si(t, (size_t)T, VT_DIM_TEMPERATURE, NULL, 0, Tall, err);
  if (!rc) rc = vt_table_column_si(t, (size_t)y, VT_DIM_NONE, "", 0, yall, err);
  scan_input in = {t, o, Tall, yall, keys};
  if (!rc) rc = fill_scans(&in, out, err);
  free(Tall);
  free(yall);
  free(keys);
  return rc;
}

int vt_heat_flow_scans_from_table(const vt_table *t, const vt_scans_opts *opts,
                                  vt_heat_flow_scans *out, vt_error *err) {
  if (out) memset(out, 0, sizeof *out);
  if (!t || !out) return vt_fail(err, VT_EINVAL, "vt_heat_flow_scans_from_table: NULL argument");
  vt_scans_opts def = vt_scans_opts_default();
  int rc = convert(t, opts ? opts : &def, out, err);
  if (rc) vt_heat_flow_scans_free(out);
  return rc;
}

int vt_read_heat_flow_scans(const char *path, const vt_scans_opts *opts, vt_heat_flow_scans *out,
                            vt_error *err) {
  if (out) memset(out, 0, sizeof *out);
  if (!path || !out) return vt_fail(err, VT_EINVAL, "vt_read_heat_flow_scans: NULL argument");
  vt_table t = {0};
  int rc = vt_table_read(path, NULL, &t, err);
  if (!rc) rc = vt_heat_flow_scans_from_table(&t, opts, out, err);
  vt_table_free(&t);
  return rc;
}
