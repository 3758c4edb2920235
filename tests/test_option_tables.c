/* Every row of the library's option tables (options.h) field for field against a saved copy
 * (tests/data/option_tables.txt): name, kind, offset, dimension, argument, help, flags, count
 * offset, bounds, choices, unit and message words. The other option tests check what the rows
 * do (each sets its own field from text in its unit); this one catches a row whose written
 * fields differ from what they were (the tables are written with the compact row macros of
 * src/core/option_rows.h). Rows added since the copy are not in it and pass; a row of the copy
 * that is gone or differs fails. The offsets are of this ABI (LP64).
 *
 * After a deliberate change of a row: `test_option_tables --write tests/data/option_tables.txt`
 * writes the copy anew (then read its diff). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

#define TABLE(fn)                                                                                  \
  { #fn, fn }
static const struct {
  const char *name;
  const vt_option *(*rows)(size_t *n);
} tables[] = {
    TABLE(vt_grid_option_table),        TABLE(vt_dsc_option_table),
    TABLE(vt_strain_grid_option_table), TABLE(vt_two_step_option_table),
    TABLE(vt_lammps_option_table),      TABLE(vt_agemap_option_table),
    TABLE(vt_fit_option_table),         TABLE(vt_scan_fit_option_table),
    TABLE(vt_cal_option_table),         TABLE(vt_pattern_read_option_table),
    TABLE(vt_sq_option_table),          TABLE(vt_r_grid_option_table),
    TABLE(vt_first_peak_option_table),  TABLE(vt_md_quench_option_table),
    TABLE(vt_md_anneal_option_table),   TABLE(vt_md_min_option_table),
};

/* A text as a C string literal ("a\nb"), or NULL. */
static void put_text(char **p, char *end, const char *s) {
  if (!s) {
    *p += snprintf(*p, (size_t)(end - *p), " NULL");
    return;
  }
  *p += snprintf(*p, (size_t)(end - *p), " \"");
  for (; *s && *p < end - 4; s++) {
    if (*s == '\n') {
      *(*p)++ = '\\';
      *(*p)++ = 'n';
    } else {
      if (*s == '"' || *s == '\\') *(*p)++ = '\\';
      *(*p)++ = *s;
    }
  }
  *p += snprintf(*p, (size_t)(end - *p), "\"");
}

/* One row as one line: TABLE NAME kind offset dim flags count_offset min max, then arg, help,
 * choices, unit, expect as literals. */
static void row_line(const char *table, const vt_option *r, char *buf, size_t size) {
  char *p = buf, *end = buf + size;
  p += snprintf(p, size, "%s %s %d %zu %d %u %zu %ld %ld", table, r->name, (int)r->kind, r->offset,
                (int)r->dim, r->flags, r->count_offset, r->min, r->max);
  put_text(&p, end, r->arg);
  put_text(&p, end, r->help);
  put_text(&p, end, r->choices);
  put_text(&p, end, r->unit);
  put_text(&p, end, r->expect);
}

static int write_copy(const char *path) {
  FILE *f = fopen(path, "w");
  if (!f) return 1;
  char line[4096];
  for (size_t t = 0; t < sizeof tables / sizeof *tables; t++) {
    size_t n = 0;
    const vt_option *rows = tables[t].rows(&n);
    for (size_t k = 0; k < n; k++) {
      row_line(tables[t].name, &rows[k], line, sizeof line);
      fprintf(f, "%s\n", line);
    }
  }
  return fclose(f) != 0;
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "--write") == 0) return write_copy(argv[2]);
  FILE *f = fopen(VT_TEST_DATA_DIR "/option_tables.txt", "r");
  CHECK(f != NULL, "the saved rows %s", VT_TEST_DATA_DIR "/option_tables.txt");
  if (!f) TEST_MAIN_END();
  char want[4096], got[4096], table[128], name[128];
  size_t lines = 0;
  while (fgets(want, sizeof want, f)) {
    want[strcspn(want, "\n")] = 0;
    CHECK(sscanf(want, "%127s %127s", table, name) == 2, "a saved row: %s", want);
    lines++;
    const vt_option *(*getter)(size_t *) = NULL;
    for (size_t t = 0; t < sizeof tables / sizeof *tables; t++)
      if (strcmp(tables[t].name, table) == 0) getter = tables[t].rows;
    CHECK(getter != NULL, "table %s", table);
    if (!getter) continue;
    size_t n = 0;
    const vt_option *rows = getter(&n), *r = vt_option_find(rows, n, name);
    CHECK(r != NULL, "%s has its row %s", table, name);
    if (!r) continue;
    row_line(table, r, got, sizeof got);
    CHECK(strcmp(got, want) == 0, "%s row %s:\n  is   %s\n  was  %s", table, name, got, want);
  }
  fclose(f);
  CHECK(lines >= 80, "%zu saved rows", lines);
  TEST_MAIN_END();
}
