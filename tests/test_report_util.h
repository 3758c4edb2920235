/* What the tests of the result writers (report.h) share: a written table read back through the
 * public table reader, its cells by column name, and values in SI through their header units. */
#ifndef VT_TEST_REPORT_UTIL_H
#define VT_TEST_REPORT_UTIL_H

#include <stdlib.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

/* The text written to fp, parsed as a table (fp is closed). */
static int read_back(FILE *fp, vt_table *t, char *text, size_t size) {
  rewind(fp);
  size_t n = fread(text, 1, size - 1, fp);
  fclose(fp);
  text[n] = '\0';
  vt_error err;
  vt_table_opts o = vt_table_opts_default();
  o.ragged = 1;
  int rc = vt_table_parse(text, n, "written", &o, t, &err);
  CHECK(rc == 0, "read back: %s\n%s", err.message, text);
  return rc;
}

/* The text written to fp (fp is closed). */
static const char *read_text(FILE *fp, char *text, size_t size) {
  rewind(fp);
  text[fread(text, 1, size - 1, fp)] = '\0';
  fclose(fp);
  return text;
}

/* Row `row` of the column named exactly `name`, in SI through the unit the reader found in its
 * header, which must be one of `dim`. */
static double si(const vt_table *t, size_t row, const char *name, vt_dim dim) {
  int col = vt_table_column(t, name);
  double factor, offset;
  CHECK(col >= 0, "no column %s", name);
  if (col < 0) return NAN;
  const char *unit = t->cols[col].unit;
  CHECK(vt_unit_lookup(dim, unit, &factor, &offset), "%s: unit '%s' is not a %s", name, unit,
        vt_dim_name(dim));
  return strtod(t->cells[row * t->n_cols + (size_t)col], NULL) * factor + offset;
}

/* The text of a cell. */
static const char *cell(const vt_table *t, size_t row, const char *name) {
  int col = vt_table_column(t, name);
  CHECK(col >= 0, "no column %s", name);
  return col < 0 ? "" : t->cells[row * t->n_cols + (size_t)col];
}

#define NEAR_REL(got, want, rel, what) CHECK_NEAR(got, want, (rel)*fabs(want), what)

#endif
