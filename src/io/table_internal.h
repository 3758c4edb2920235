/* Shared by the two halves of the table reader (table.c, table_columns.c). */
#ifndef VT_TABLE_INTERNAL_H
#define VT_TABLE_INTERNAL_H

#include "vitrum/table.h"

/* Fill a column from its header name (kept, not copied): base and unit in one allocation
 * owned by col->base. -1 when out of memory. */
int vt_table_name_col(const char *name, vt_table_col *col);

#endif
