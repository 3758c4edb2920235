/* The unit-named CSV tables behind vt_read_dh_table and vt_read_cpn_curve (a layer over
 * vt_table_read). */
#ifndef VT_FIT_IO_H
#define VT_FIT_IO_H

#include <stddef.h>

#include "vitrum/vitrum.h"

/* A column a table may have, found by vt_table_find (vitrum/table.h): the header names it as
 * `base` followed by its unit, "T1_K", "dh_kJ_per_mol" ("_per_" is '/') or "T1 [C]"; a
 * dimensionless column (VT_DIM_NONE) is named by `base` alone. `base` may list spellings
 * separated by '|' ("CpN|Cp_N"), matched case-sensitively (T1 is a temperature, t1 a time). */
typedef struct vt_unit_column {
  const char *base;
  vt_dim dim;
  int required;
} vt_unit_column;

/* Rows of such a table in SI. Empty cells are NaN (a written "nan" is an error), so is every
 * cell of a column the header lacks (present[c] == 0). */
typedef struct vt_table_rows {
  size_t n, n_cols;
  long header_line;
  double *v;    /* n x n_cols, row major */
  long *line;   /* source line of each row */
  int *present; /* n_cols */
} vt_table_rows;

/* The table as vt_table_read takes it; columns of other names are ignored. Errors name
 * path:line. */
int vt_read_unit_table(const char *path, const vt_unit_column *cols, size_t n_cols,
                       vt_table_rows *out, vt_error *err);
void vt_table_rows_free(vt_table_rows *t);

#endif
