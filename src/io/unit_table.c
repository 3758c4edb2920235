/* vt_read_unit_table: the fixed columns of a fit's data file (fit_io.h), taken from the public
 * table reader so the fit tables parse like every other CSV. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "fit_io.h"

void vt_table_rows_free(vt_table_rows *t) {
  if (t) VT_FREE_ZERO(t, t->v, t->line, t->present);
}

/* The columns found in the header into col_of (-1 for absent optional ones). */
static int find_columns(const vt_table *tab, const vt_unit_column *cols, size_t n_cols, int *col_of,
                        vt_error *err) {
  for (size_t s = 0; s < n_cols; s++) {
    int flags = cols[s].required ? 0 : VT_TABLE_OPTIONAL;
    int rc = vt_table_find(tab, cols[s].base, cols[s].dim, flags, &col_of[s], err);
    if (rc == VT_ENOTFOUND) rc = VT_EPARSE; /* as this reader always said */
    if (rc) return err ? (err->status = rc) : rc;
  }
  return VT_OK;
}

/* Column by column into the row-major values; an absent column is NaN. The unit is the one
 * after the spelling vt_table_find matched. */
static int convert(const vt_table *tab, const vt_unit_column *cols, const int *col_of,
                   vt_table_rows *out, double *buf, vt_error *err) {
  for (size_t s = 0; s < out->n_cols; s++) {
    char unit[64] = "";
    if (col_of[s] >= 0) vt_table_match(tab, (size_t)col_of[s], cols[s].base, 0, unit, sizeof unit);
    int rc = col_of[s] < 0 ? VT_OK
                           : vt_table_column_si(tab, (size_t)col_of[s], cols[s].dim, unit,
                                                VT_TABLE_EMPTY_NAN, buf, err);
    if (rc) return rc;
    for (size_t i = 0; i < out->n; i++) out->v[i * out->n_cols + s] = col_of[s] < 0 ? NAN : buf[i];
    out->present[s] = col_of[s] >= 0;
  }
  return VT_OK;
}

static int fill(const vt_table *tab, const vt_unit_column *cols, vt_table_rows *out,
                vt_error *err) {
  int *col_of = malloc(out->n_cols * sizeof *col_of);
  double *buf = malloc(tab->n_rows * sizeof *buf);
  out->v = malloc(tab->n_rows * out->n_cols * sizeof *out->v);
  out->line = malloc(tab->n_rows * sizeof *out->line);
  out->present = calloc(out->n_cols, sizeof *out->present);
  int rc = col_of && buf && out->v && out->line && out->present
               ? VT_OK
               : vt_fail(err, VT_ENOMEM, "%s: out of memory", tab->source);
  if (!rc) rc = find_columns(tab, cols, out->n_cols, col_of, err);
  if (!rc && !tab->n_rows)
    rc = vt_fail(err, VT_EPARSE, "%s: no data rows after the header", tab->source);
  out->n = tab->n_rows;
  if (!rc) rc = convert(tab, cols, col_of, out, buf, err);
  if (!rc) memcpy(out->line, tab->line, tab->n_rows * sizeof *out->line);
  free(col_of);
  free(buf);
  return rc;
}

int vt_read_unit_table(const char *path, const vt_unit_column *cols, size_t n_cols,
                       vt_table_rows *out, vt_error *err) {
  memset(out, 0, sizeof *out);
  vt_table tab = {0};
  vt_table_opts opts = vt_table_opts_default();
  opts.allow_no_rows = 1; /* a header without rows is worded once its columns are known */
  int rc = vt_table_read(path, &opts, &tab, err);
  if (rc) return rc;
  out->n_cols = n_cols;
  out->header_line = tab.header_line;
  rc = fill(&tab, cols, out, err);
  vt_table_free(&tab);
  if (rc) vt_table_rows_free(out);
  return rc;
}
