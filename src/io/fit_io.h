/* The unit-named CSV tables behind vt_read_dh_table and vt_read_cpn_curve (not public yet). */
#ifndef VT_FIT_IO_H
#define VT_FIT_IO_H

#include <stddef.h>

#include "vitrum/vitrum.h"

/* A column a table may have. The header names it as `base` followed by its unit, "T1_K",
 * "dh_kJ_per_mol" ("_per_" is '/') or "T1 [C]"; a dimensionless column (VT_DIM_NONE) is named
 * by `base` alone. `base` may list spellings separated by '|' ("CpN|Cp_N"), matched
 * case-sensitively (T1 is a temperature, t1 a time). */
typedef struct vt_table_column {
  const char *base;
  vt_dim dim;
  int required;
  const char *example; /* how to write it, for messages: "T1_K or T1_C" */
} vt_table_column;

/* Rows of such a table in SI. Empty cells are NaN (a written "nan" is an error), so is every
 * cell of a column the header lacks (present[c] == 0). */
typedef struct vt_table_rows {
  size_t n, n_cols;
  long header_line;
  double *v;    /* n x n_cols, row major */
  long *line;   /* source line of each row */
  int *present; /* n_cols */
} vt_table_rows;

/* '#' starts a comment (whole lines or the rest of one), blank lines are skipped, CRLF and a
 * UTF-8 byte-order mark are fine; columns of other names are ignored. Errors name path:line. */
int vt_read_unit_table(const char *path, const vt_table_column *cols, size_t n_cols,
                       vt_table_rows *out, vt_error *err);
void vt_table_rows_free(vt_table_rows *t);

#endif
