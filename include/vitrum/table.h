/* vitrum table: the one reader of the CSV tables vitrum takes (scans, sweeps, peak lists,
 * fit data), so every reader agrees on comments, quotes, line ends and units in headers.
 *
 *   # a comment line; '#' outside quotes starts a comment anywhere
 *   T_a_K,t_a_s,T [C],"dheat_flow_W_per_mol"
 *   373,50,20.5,0.01
 *
 * The first line that is not blank or a comment names the columns; a name carries its unit as
 * "NAME_UNIT" ("_per_" is '/': rate_K_per_min), "NAME [UNIT]" or "NAME (UNIT)". Fields are
 * trimmed; a field in double quotes may hold commas and '#', and "" stands for one quote.
 * CRLF line ends and a UTF-8 byte-order mark are fine. Cells stay text until a column is
 * converted (vt_table_column_si), so one reader serves tables of any width and kind. */
#ifndef VITRUM_TABLE_H
#define VITRUM_TABLE_H

#include <stddef.h>

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A column as the header names it. `base` and `unit` split `name` at the longest unit suffix
 * that vt_unit_lookup knows for some dimension (the part before a '/' suffices: W/mol is a
 * power per mole): "T_a_K" -> "T_a" and "K", "dheat_flow_W_per_mol" -> "dheat_flow" and
 * "W/mol", "T [C]" -> "T" and "C"; a name without a known unit is its own base, unit "". */
typedef struct vt_table_col {
  const char *name;
  const char *base;
  const char *unit;
} vt_table_col;

typedef struct vt_table {
  const char *source; /* the path (or source name) for messages */
  size_t n_rows, n_cols;
  long header_line;
  vt_table_col *cols;
  const char **cells;         /* n_rows x n_cols, row major; NULL past the end of a short row */
  size_t *width;              /* the number of fields each row has as written */
  long *line;                 /* the source line of each row */
  unsigned char *after_blank; /* 1 when a blank line separates a row from the row before */
  void *storage;              /* the text the cells point into */
} vt_table;

typedef struct vt_table_opts {
  size_t max_fields; /* a line with more fields is an error, never cut (default 4096) */
  size_t max_bytes;  /* a larger file is an error (default 256 MiB) */
  int ragged;        /* rows may have fewer or more fields than the header */
  int allow_no_rows; /* a header without rows is a table (else an error) */
} vt_table_opts;

VT_API vt_table_opts vt_table_opts_default(void);

/* Read a table; opts NULL takes the defaults. Errors name path:line and, for a field, its
 * column: unreadable file, no header line, an unterminated quote, too many fields, a row of
 * another width than the header (unless ragged), no rows (unless allow_no_rows). */
VT_API int vt_table_read(const char *path, const vt_table_opts *opts, vt_table *t, vt_error *err);

/* The same from text in memory (len bytes; NUL bytes are an error); `source` names it in
 * messages. The text is copied. */
VT_API int vt_table_parse(const char *text, size_t len, const char *source,
                          const vt_table_opts *opts, vt_table *t, vt_error *err);

/* Free what a read allocated and zero the table; safe on a zeroed table and on NULL. */
VT_API void vt_table_free(vt_table *t);

/* The column whose name is exactly `name`, or -1 (also for NULL arguments). */
VT_API int vt_table_column(const vt_table *t, const char *name);

/* Flags of the column calls. */
#define VT_TABLE_NOCASE    1 /* spellings match whatever the case */
#define VT_TABLE_OPTIONAL  2 /* vt_table_find: no such column is no error (*col = -1) */
#define VT_TABLE_EMPTY_NAN 4 /* vt_table_column_si: an empty cell is NaN (else an error) */

/* Whether column `col` is named by one of `spellings` ("T|Temp", '|' between spellings),
 * alone or followed by its unit ('_', ' ', '[' or '(' after the spelling). Returns the length
 * of the longest spelling matched, 0 for none; `unit` (size bytes, may be NULL) receives the
 * unit text after it, "_per_" written '/' ("" when none). */
VT_API size_t vt_table_match(const vt_table *t, size_t col, const char *spellings, int flags,
                             char *unit, size_t size);

/* The one column named by `spellings` with a unit of `dim` (VT_DIM_NONE: a bare name).
 * A matching name without a unit or with a unit of another dimension is VT_EUNIT, two such
 * columns VT_EPARSE, none VT_ENOTFOUND (unless VT_TABLE_OPTIONAL); messages name path:line
 * of the header. *col is the index, -1 when there is none. */
VT_API int vt_table_find(const vt_table *t, const char *spellings, vt_dim dim, int flags, int *col,
                         vt_error *err);

/* The column a user names in `spec`: a header name (any case) or a number (1 = the first),
 * optionally followed by ':UNIT' for a header without one ("3:MPa", "Temp:C"). *col the index;
 * unit[size] the unit to read it in (the spec's, else the header's), which must be one of
 * `dim`. VT_ENOTFOUND for no such column, VT_EUNIT for a missing or wrong unit; messages name
 * the column, not the spec (the caller says which option gave it). */
VT_API int vt_table_pick(const vt_table *t, const char *spec, vt_dim dim, int *col, char *unit,
                         size_t size, vt_error *err);

/* Column `col` in SI units into out[n_rows]. `unit` is the unit of its cells; NULL takes the
 * header's (vt_table_col.unit), which a dimensioned column must then have. A missing, empty
 * (unless VT_TABLE_EMPTY_NAN), non-numeric or non-finite cell is an error naming
 * path:line, the column and the text. */
VT_API int vt_table_column_si(const vt_table *t, size_t col, vt_dim dim, const char *unit,
                              int flags, double *out, vt_error *err);

/* Split the rows into groups (the scans of a long-format table): a group starts at the first
 * row, after a blank line, and where any of the `n_keys` key columns changes its text.
 * starts[] (room for n_rows + 1) receives the first row of each group and then n_rows.
 * Returns the number of groups (0 for no rows or NULL arguments). */
VT_API size_t vt_table_groups(const vt_table *t, const size_t *keys, size_t n_keys, size_t *starts);

#ifdef __cplusplus
}
#endif

#endif
