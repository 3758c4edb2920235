/* DMA exports and the small tables of the stress-relaxation analyses, as CSV: '#' comment lines,
 * one header row whose names carry units, then rows.
 *
 *   time_s,strain_pct,stress_MPa,T_C        "Time (min)","Strain (%)","Stress (MPa)",...
 *   tau_rec_s,t_p_s                         tau_s,weight
 *
 * A name is "base_unit", "base [unit]" or "base (unit)" (a TA Instruments export writes the
 * last). One table engine reads all three kinds; each kind lists its columns. Blank lines are
 * allowed only after the data, so row i is line first_line + i in every message. Strain is
 * returned as a fraction, stress in Pa, times in s, temperatures in K. */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/internal.h"
#include "text_file.h"
#include "vitrum/visco.h"

#define MAX_CSV_BYTES    ((size_t)256 << 20)
#define MAX_NUMBER_CHARS 63
#define MAX_COLS         8

enum kind { K_TIME, K_TEMPERATURE, K_STRAIN, K_STRESS, K_RATIO };
static const char *const kind_units[] = {"s, ms, min or h", "K or C", "%, pct or 1",
                                         "Pa, kPa, MPa or GPa", "no unit or 1"};

/* One column a table kind knows: its base names (single letters match case-sensitively). */
typedef struct col_spec {
  const char *label;
  enum kind kind;
  const char *names[6];
} col_spec;

typedef struct table {
  const col_spec *spec;
  size_t n_spec;
  int col_of[MAX_COLS]; /* file column of each spec, -1 when absent */
  double scale[MAX_COLS], offset[MAX_COLS];
  double *data[MAX_COLS]; /* NULL when absent */
  size_t n, cap, ncols;
  long first_line;
  const char *source;
  long line;
  vt_error *err;
} table;

/* ---- Header -------------------------------------------------------------------------------- */

static int match_base(const col_spec *s, const char *base) {
  for (size_t k = 0; k < 6 && s->names[k]; k++) {
    const char *nm = s->names[k];
    if (nm[1] == '\0' ? strcmp(base, nm) == 0 : strcasecmp(base, nm) == 0) return 1;
  }
  return 0;
}

static int spec_of(const table *t, const char *base) {
  for (size_t i = 0; i < t->n_spec; i++)
    if (match_base(&t->spec[i], base)) return (int)i;
  return -1;
}

/* "t [s]", "Time (min)", "time_s" -> base and unit (NULL when the name is a base itself). */
static void split_name(const table *t, char *name, char **base, char **unit) {
  size_t n = strlen(name);
  *base = name;
  *unit = NULL;
  char close = n ? name[n - 1] : '\0', open = close == ']' ? '[' : close == ')' ? '(' : 0;
  char *o = open ? strrchr(name, open) : NULL;
  if (o) {
    name[n - 1] = '\0';
    *o = '\0';
    *base = vt_trim(name);
    *unit = vt_trim(o + 1);
    return;
  }
  if (spec_of(t, name) >= 0) return;
  char *us = strrchr(name, '_');
  if (us) {
    *us = '\0';
    *unit = us + 1;
  }
}

static int unit_factor(enum kind k, const char *u, double *scale, double *offset) {
  *offset = 0.0;
  switch (k) {
  case K_TIME:
    return vt_unit_lookup(VT_DIM_TIME, u, scale, offset);
  case K_TEMPERATURE:
    return vt_unit_lookup(VT_DIM_TEMPERATURE, u, scale, offset);
  case K_STRAIN:
    return vt_unit_lookup(VT_DIM_STRAIN, u, scale, offset);
  case K_STRESS:
    return vt_unit_lookup(VT_DIM_STRESS, u, scale, offset);
  case K_RATIO:
    *scale = 1.0;
    return !u || !*u || strcmp(u, "1") == 0;
  }
  return 0;
}

static int header_column(table *t, size_t k, char *name) {
  char shown[80], *base, *unit;
  snprintf(shown, sizeof shown, "%s", name);
  split_name(t, name, &base, &unit);
  int s = spec_of(t, base);
  if (s < 0) return VT_OK; /* a column we do not use */
  const col_spec *cs = &t->spec[s];
  if (t->col_of[s] >= 0)
    return vt_fail_at(t->err, VT_EPARSE, t->line, "%s:%ld: two %s columns ('%s' is column %zu)",
                      t->source, t->line, cs->label, shown, k + 1);
  if ((!unit || !*unit) && cs->kind != K_RATIO)
    return vt_fail_at(t->err, VT_EUNIT, t->line,
                      "%s:%ld: column '%s' has no unit: write it as %s_UNIT or '%s [UNIT]' with "
                      "UNIT one of %s",
                      t->source, t->line, shown, base, base, kind_units[cs->kind]);
  if (!unit_factor(cs->kind, unit, &t->scale[s], &t->offset[s]))
    return vt_fail_at(t->err, VT_EUNIT, t->line,
                      "%s:%ld: column '%s': unit '%s' is not a %s unit: expected %s", t->source,
                      t->line, shown, unit ? unit : "", cs->label, kind_units[cs->kind]);
  t->col_of[s] = (int)k;
  return VT_OK;
}

static int parse_header(table *t, char *line) {
  char *fields[64];
  long n = vt_csv_split(line, 0, fields, 64, NULL);
  if (n < 0)
    return vt_fail_at(t->err, VT_EPARSE, t->line, "%s:%ld: malformed quoted field in the header",
                      t->source, t->line);
  if (n > 64)
    return vt_fail_at(t->err, VT_EPARSE, t->line, "%s:%ld: more than 64 columns", t->source,
                      t->line);
  t->ncols = (size_t)n;
  for (size_t i = 0; i < t->n_spec; i++) t->col_of[i] = -1;
  for (size_t k = 0; k < t->ncols; k++) {
    int rc = header_column(t, k, fields[k]);
    if (rc) return rc;
  }
  return VT_OK;
}

/* ---- Rows ---------------------------------------------------------------------------------- */

static int reserve(table *t) {
  if (t->n < t->cap) return VT_OK;
  size_t cap = t->cap ? 2 * t->cap : 1024;
  for (size_t i = 0; i < t->n_spec; i++) {
    if (t->col_of[i] < 0) continue;
    double *g = realloc(t->data[i], cap * sizeof *g);
    if (!g) return vt_fail(t->err, VT_ENOMEM, "%s: out of memory", t->source);
    t->data[i] = g;
  }
  t->cap = cap;
  return VT_OK;
}

static int parse_row(table *t, char *line) {
  char *fields[64];
  long n = vt_csv_split(line, 0, fields, 64, NULL);
  if (n < 0)
    return vt_fail_at(t->err, VT_EPARSE, t->line, "%s:%ld: malformed quoted field", t->source,
                      t->line);
  if ((size_t)n != t->ncols)
    return vt_fail_at(t->err, VT_EPARSE, t->line,
                      "%s:%ld: expected %zu fields as in the header, got %ld", t->source, t->line,
                      t->ncols, n);
  int rc = reserve(t);
  for (size_t i = 0; !rc && i < t->n_spec; i++) {
    int k = t->col_of[i];
    if (k < 0) continue;
    const char *f = fields[k];
    size_t len = strlen(f);
    char *end = NULL;
    double v = len && len <= MAX_NUMBER_CHARS ? strtod(f, &end) : NAN;
    if (!end || end != f + len || !isfinite(v))
      return vt_fail_at(t->err, VT_EPARSE, t->line,
                        "%s:%ld: column %d (%s): '%.40s' is not a finite number", t->source,
                        t->line, k + 1, t->spec[i].label, f);
    t->data[i][t->n] = v * t->scale[i] + t->offset[i];
    if (!isfinite(t->data[i][t->n]))
      return vt_fail_at(t->err, VT_ERANGE, t->line,
                        "%s:%ld: column %d (%s): '%.40s' is out of range: not finite once "
                        "converted to SI units",
                        t->source, t->line, k + 1, t->spec[i].label, f);
  }
  if (!rc && t->n == 0) t->first_line = t->line;
  if (!rc) t->n++;
  return rc;
}

static int on_header(void *ctx, char *s) {
  return parse_header(ctx, s);
}

static int on_row(void *ctx, char *s) {
  return parse_row(ctx, s);
}

static int parse_text(table *t, char *text, size_t len, const char *example) {
  int have_header;
  int rc =
      vt_walk_table(text, len, t->source, &t->line, t->err, on_header, on_row, t, &have_header);
  if (rc) return rc;
  if (!have_header)
    return vt_fail(t->err, VT_EPARSE, "%s: empty: no header line (expected e.g. '%s')", t->source,
                   example);
  if (t->n == 0) return vt_fail(t->err, VT_EPARSE, "%s: no data rows after the header", t->source);
  return VT_OK;
}

static void table_free(table *t) {
  for (size_t i = 0; i < t->n_spec; i++) free(t->data[i]);
  memset(t->data, 0, sizeof t->data);
}

static int read_table(const char *path, const col_spec *spec, size_t n_spec, const char *example,
                      table *t, vt_error *err) {
  memset(t, 0, sizeof *t);
  t->spec = spec;
  t->n_spec = n_spec;
  t->source = path;
  t->err = err;
  char *text;
  size_t len;
  int rc = vt_read_text_file(path, MAX_CSV_BYTES, &text, &len, err);
  if (rc) return rc;
  rc = parse_text(t, text, len, example);
  free(text);
  if (rc) table_free(t);
  return rc;
}

/* A required column that the header lacks. */
static int missing(const table *t, size_t i, const char *example, vt_error *err) {
  return vt_fail(err, VT_EPARSE, "%s: no %s column in the header (expected e.g. '%s')", t->source,
                 t->spec[i].label, example);
}

/* ---- DMA exports ----------------------------------------------------------------------------- */

enum { D_TIME, D_STRAIN, D_STRESS, D_T, D_Y, D_N };
static const col_spec dma_spec[D_N] = {
    {"time", K_TIME, {"t", "time", NULL}},
    {"strain", K_STRAIN, {"strain", "eps", "epsilon", NULL}},
    {"stress", K_STRESS, {"stress", "sigma", NULL}},
    {"temperature", K_TEMPERATURE, {"T", "temperature", "temp", NULL}},
    {"ratio", K_RATIO, {"y", "ratio", "sigma_norm", "normalized", NULL}},
};
static const char dma_example[] = "time_s,strain_pct,stress_MPa,T_C";

void vt_dma_curve_free(vt_dma_curve *c) {
  if (c) VT_FREE_ZERO(c, c->source, c->time_s, c->strain, c->stress_Pa, c->T_K, c->y);
}

/* Time may repeat (a jump: the states before and after it share their instant) but must not
 * go back. */
static int check_time(const table *t, vt_error *err) {
  const double *x = t->data[D_TIME];
  for (size_t i = 1; i < t->n; i++)
    if (x[i] < x[i - 1])
      return vt_fail_at(err, VT_EPARSE, t->first_line + (long)i,
                        "%s:%ld: time goes back (%g s after %g s): rows must be in time order",
                        t->source, t->first_line + (long)i, x[i], x[i - 1]);
  return VT_OK;
}

int vt_read_dma_csv(const char *path, vt_dma_curve *out, vt_error *err) {
  if (!out) return vt_fail(err, VT_EINVAL, "vt_read_dma_csv: NULL output");
  memset(out, 0, sizeof *out);
  table t;
  int rc = read_table(path, dma_spec, D_N, dma_example, &t, err);
  if (rc) return rc;
  if (t.col_of[D_TIME] < 0) rc = missing(&t, D_TIME, dma_example, err);
  if (!rc && t.col_of[D_STRAIN] < 0 && t.col_of[D_STRESS] < 0 && t.col_of[D_Y] < 0)
    rc = vt_fail(err, VT_EPARSE, "%s: no strain, stress or ratio column (expected e.g. '%s')", path,
                 dma_example);
  if (!rc) rc = check_time(&t, err);
  size_t n = strlen(path) + 1;
  if (!rc && !(out->source = malloc(n))) rc = vt_fail(err, VT_ENOMEM, "out of memory");
  if (rc) {
    table_free(&t);
    return rc;
  }
  memcpy(out->source, path, n);
  out->n = t.n;
  out->first_line = t.first_line;
  out->time_s = t.data[D_TIME];
  out->strain = t.data[D_STRAIN];
  out->stress_Pa = t.data[D_STRESS];
  out->T_K = t.data[D_T];
  out->y = t.data[D_Y];
  return VT_OK;
}

int vt_strain_trace_write_csv(const vt_strain_trace *tr, FILE *fp, vt_error *err) {
  if (!tr || !fp) return vt_fail(err, VT_EINVAL, "vt_strain_trace_write_csv: NULL argument");
  fprintf(fp, "time_s,strain_pct,stress_MPa,strain_vp_pct,T_K,segment,t_seg_s\n");
  for (size_t i = 0; i < tr->n; i++)
    fprintf(fp, "%.10g,%.10g,%.10g,%.10g,%.6g,%d,%.10g\n", tr->time_s[i], 100.0 * tr->strain[i],
            tr->stress_Pa[i] / 1e6, 100.0 * tr->strain_vp[i], tr->T_K, tr->segment[i],
            tr->t_seg_s[i]);
  return ferror(fp) ? vt_fail(err, VT_EIO, "write error") : VT_OK;
}

/* ---- Tables ---------------------------------------------------------------------------------- */

static int two_columns(const char *path, const col_spec *spec, const char *example, double **a,
                       double **b, size_t *n, vt_error *err) {
  table t;
  int rc = read_table(path, spec, 2, example, &t, err);
  if (rc) return rc;
  for (size_t i = 0; !rc && i < 2; i++)
    if (t.col_of[i] < 0) rc = missing(&t, i, example, err);
  if (rc) {
    table_free(&t);
    return rc;
  }
  *a = t.data[0];
  *b = t.data[1];
  *n = t.n;
  return VT_OK;
}

int vt_read_tp_tau_table(const char *path, double **tau_rec_s, double **t_p_s, size_t *n,
                         vt_error *err) {
  static const col_spec spec[2] = {{"tau_rec", K_TIME, {"tau_rec", "tau", NULL}},
                                   {"t_p", K_TIME, {"t_p", "tp", "t_peak", NULL}}};
  return two_columns(path, spec, "tau_rec_s,t_p_s", tau_rec_s, t_p_s, n, err);
}

int vt_read_prony_table(const char *path, double **tau_s, double **weight, size_t *n,
                        vt_error *err) {
  static const col_spec spec[2] = {{"tau", K_TIME, {"tau", NULL}},
                                   {"weight", K_RATIO, {"weight", "w", NULL}}};
  return two_columns(path, spec, "tau_s,weight", tau_s, weight, n, err);
}
