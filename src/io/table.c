/* The table reader: lines, fields, quotes and comments into the text cells of a vt_table
 * (include/vitrum/table.h). Column names and conversions are in table_columns.c. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "table_internal.h"
#include "text_file.h"

#define DEFAULT_MAX_FIELDS ((size_t)4096)
#define DEFAULT_MAX_BYTES  ((size_t)256 << 20)

vt_table_opts vt_table_opts_default(void) {
  vt_table_opts o = {DEFAULT_MAX_FIELDS, DEFAULT_MAX_BYTES, 0, 0};
  return o;
}

/* What a reading needs at hand. */
typedef struct reader {
  const char *source;
  const vt_table_opts *opts;
  vt_error *err;
  long line;
  char **fields; /* opts->max_fields + 1 */
  size_t n_fields;
  size_t row_cap;
} reader;

/* Split a line into r->fields; errors name the line and the field. */
static int split_line(reader *r, char *line) {
  size_t bad = 0, max = r->opts->max_fields;
  long n = vt_csv_split(line, 1, r->fields, max + 1, &bad);
  if (n == VT_SPLIT_UNCLOSED || n == VT_SPLIT_AFTER_QUOTE)
    return vt_fail_at(r->err, VT_EPARSE, r->line, "%s:%ld: field %zu: %s", r->source, r->line, bad,
                      n == VT_SPLIT_UNCLOSED ? "a quote opens but does not close on the line"
                                             : "text after the closing quote (quote the whole "
                                               "field)");
  if ((size_t)n > max)
    return vt_fail_at(r->err, VT_ERANGE, r->line, "%s:%ld: more than %zu fields on the line",
                      r->source, r->line, max);
  r->n_fields = (size_t)n;
  return VT_OK;
}

/* Nothing but a '#' comment, or nothing at all. */
static int no_content(const char *s) {
  while (isspace((unsigned char)*s)) s++;
  return *s == '\0' || *s == '#';
}

static int only_space(const char *s) {
  while (isspace((unsigned char)*s)) s++;
  return *s == '\0';
}

static int grow_rows(reader *r, vt_table *t) {
  if (t->n_rows < r->row_cap) return VT_OK;
  size_t cap = r->row_cap ? 2 * r->row_cap : 64, nc = t->n_cols ? t->n_cols : 1;
  if (cap > SIZE_MAX / sizeof(char *) / nc) return VT_ENOMEM;
  const char **cells = realloc(t->cells, cap * nc * sizeof *cells);
  if (cells) t->cells = cells;
  size_t *width = cells ? realloc(t->width, cap * sizeof *width) : NULL;
  if (width) t->width = width;
  long *line = width ? realloc(t->line, cap * sizeof *line) : NULL;
  if (line) t->line = line;
  unsigned char *blank = line ? realloc(t->after_blank, cap) : NULL;
  if (!blank) return VT_ENOMEM;
  t->after_blank = blank;
  r->row_cap = cap;
  return VT_OK;
}

static int add_row(reader *r, vt_table *t, int after_blank) {
  size_t n = r->n_fields;
  if (!r->opts->ragged && n != t->n_cols)
    return vt_fail_at(r->err, VT_EPARSE, r->line,
                      "%s:%ld: %zu field%s, expected %zu as in the header", r->source, r->line, n,
                      n == 1 ? "" : "s", t->n_cols);
  if (grow_rows(r, t)) return vt_fail(r->err, VT_ENOMEM, "%s: out of memory", r->source);
  const char **row = &t->cells[t->n_rows * t->n_cols];
  for (size_t k = 0; k < t->n_cols; k++) row[k] = k < n ? r->fields[k] : NULL;
  t->width[t->n_rows] = n;
  t->line[t->n_rows] = r->line;
  t->after_blank[t->n_rows++] = (unsigned char)after_blank;
  return VT_OK;
}

static int add_header(reader *r, vt_table *t) {
  t->header_line = r->line;
  t->n_cols = r->n_fields;
  t->cols = calloc(t->n_cols, sizeof *t->cols);
  if (!t->cols) return vt_fail(r->err, VT_ENOMEM, "%s: out of memory", r->source);
  for (size_t k = 0; k < t->n_cols; k++)
    if (vt_table_name_col(r->fields[k], &t->cols[k]))
      return vt_fail(r->err, VT_ENOMEM, "%s: out of memory", r->source);
  return VT_OK;
}

static int parse_lines(reader *r, char *text, size_t len, vt_table *t) {
  char *p = text, *end = text + len, *s;
  int rc = VT_OK, blank = 0;
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) p += 3; /* UTF-8 byte-order mark */
  while (!rc && (s = vt_next_line(&p, end, &r->line)) != NULL) {
    if (only_space(s)) { /* a blank line parts the blocks of a long-format table */
      blank = t->n_rows > 0;
      continue;
    }
    if (no_content(s) || (rc = split_line(r, s))) continue;
    rc = t->cols ? add_row(r, t, blank) : add_header(r, t);
    blank = 0;
  }
  if (!rc && !t->cols)
    rc = vt_fail(r->err, VT_EPARSE, "%s: no header line: expected a line naming the columns",
                 r->source);
  if (!rc && !t->n_rows && !r->opts->allow_no_rows)
    rc = vt_fail(r->err, VT_EPARSE, "%s: no data rows after the header", r->source);
  return rc;
}

static int check_args(const char *fn, const void *a, const void *b, const vt_table_opts *opts,
                      vt_table *t, vt_error *err) {
  if (t) memset(t, 0, sizeof *t);
  if (!a || !b || !t) return vt_fail(err, VT_EINVAL, "%s: NULL argument", fn);
  if (opts && !(opts->max_fields > 0))
    return vt_fail(err, VT_EINVAL, "%s: max_fields must be at least 1", fn);
  return VT_OK;
}

/* Parse `text` (owned by the table from here) into `t`. */
static int parse_owned(char *text, size_t len, const char *source, const vt_table_opts *opts,
                       vt_table *t, vt_error *err) {
  vt_table_opts def = vt_table_opts_default();
  reader r = {NULL, opts ? opts : &def, err, 0, NULL, 0, 0};
  size_t n = strlen(source) + 1;
  char *src = malloc(n);
  t->storage = text;
  t->source = src;
  int rc = src ? VT_OK : vt_fail(err, VT_ENOMEM, "%s: out of memory", source);
  if (src) memcpy(src, source, n);
  r.source = source;
  r.fields = rc ? NULL : malloc((r.opts->max_fields + 1) * sizeof *r.fields);
  if (!rc && !r.fields) rc = vt_fail(err, VT_ENOMEM, "%s: out of memory", source);
  if (!rc) rc = parse_lines(&r, text, len, t);
  free(r.fields);
  if (rc) vt_table_free(t);
  return rc;
}

int vt_table_parse(const char *text, size_t len, const char *source, const vt_table_opts *opts,
                   vt_table *t, vt_error *err) {
  int rc = check_args("vt_table_parse", text, source, opts, t, err);
  if (rc) return rc;
  if (memchr(text, '\0', len))
    return vt_fail(err, VT_EPARSE, "%s: contains NUL bytes; expected a text file", source);
  char *copy = malloc(len + 1);
  if (!copy) return vt_fail(err, VT_ENOMEM, "%s: out of memory", source);
  memcpy(copy, text, len);
  copy[len] = '\0';
  return parse_owned(copy, len, source, opts, t, err);
}

int vt_table_read(const char *path, const vt_table_opts *opts, vt_table *t, vt_error *err) {
  int rc = check_args("vt_table_read", path, path, opts, t, err);
  if (rc) return rc;
  char *text;
  size_t len;
  size_t max = opts && opts->max_bytes ? opts->max_bytes : DEFAULT_MAX_BYTES;
  rc = vt_read_text_file(path, max, &text, &len, err);
  return rc ? rc : parse_owned(text, len, path, opts, t, err);
}

void vt_table_free(vt_table *t) {
  if (!t) return;
  for (size_t k = 0; t->cols && k < t->n_cols; k++) free((void *)t->cols[k].base);
  free(t->cols);
  free((void *)t->source);
  free((void *)t->cells);
  free(t->width);
  free(t->line);
  free(t->after_blank);
  free(t->storage);
  memset(t, 0, sizeof *t);
}
