/* Some rows of a library option table, for CLI_TABLE_AT: a command whose help has always shown
 * a table's rows between its own (vitrum md, vitrum agemap) takes them in pieces, each a getter
 * of the rows from one name to another. (opts.h could take such a piece directly.) */
#ifndef VT_CLI_TABLE_ROWS_H
#define VT_CLI_TABLE_ROWS_H

#include "opts.h"

/* The rows of `table` from the one named `first` to the one named `last`, *n of them. */
static inline const vt_option *cli_table_rows(const vt_option *(*table)(size_t *),
                                              const char *first, const char *last, size_t *n) {
  size_t all;
  const vt_option *t = table(&all), *a = vt_option_find(t, all, first);
  *n = (size_t)(vt_option_find(t, all, last) - a) + 1;
  return a;
}

/* A getter `fn` of those rows, for CLI_TABLE_AT(fn, offset of the table's struct). */
#define CLI_TABLE_ROWS(fn, table, first, last)                                                     \
  static const vt_option *fn(size_t *n) {                                                          \
    return cli_table_rows(table, first, last, n);                                                  \
  }

#endif
