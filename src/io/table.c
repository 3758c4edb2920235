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

/* The fields of one line, pointers into the line. */
typedef struct fields {
  char **f;
  size_t n, cap;
} fields;

/* What a reading needs at hand. */
typedef struct reader {
  const char *source;
  const vt_table_opts *opts;
  vt_error *err;
  long line;
  fields fs;
  size_t row_cap;
} reader;

static int push_field(reader *r, char *s) {
  fields *fs = &r->fs;
  if (fs->n == r->opts->max_fields)
    return vt_fail_at(r->err, VT_ERANGE, r->line, "%s:%ld: more than %zu fields on the line",
                      r->source, r->line, r->opts->max_fields);
  if (fs->n == fs->cap) {
    size_t cap = fs->cap ? 2 * fs->cap : 32;
    char **grown = realloc(fs->f, cap * sizeof *grown);
    if (!grown) return vt_fail(r->err, VT_ENOMEM, "%s: out of memory", r->source);
    fs->f = grown;
    fs->cap = cap;
  }
  fs->f[fs->n++] = s;
  return VT_OK;
}

/* A field in double quotes, unquoted in place ("" -> "); *p is past the opening quote and
 * ends on what follows the closing one (spaces skipped). */
static int quoted_field(reader *r, char **p, char **end) {
  char *w = *p, *s = *p;
  for (;; s++) {
    if (*s == '\0')
      return vt_fail_at(r->err, VT_EPARSE, r->line,
                        "%s:%ld: field %zu: a quote opens but does not close on the line",
                        r->source, r->line, r->fs.n + 1);
    if (*s == '"' && s[1] != '"') break;
    *w++ = *s;
    s += *s == '"'; /* "" is one quote */
  }
  for (s++; isspace((unsigned char)*s);) s++;
  if (*s && *s != ',' && *s != '#')
    return vt_fail_at(r->err, VT_EPARSE, r->line,
                      "%s:%ld: field %zu: text after the closing quote (quote the whole field)",
                      r->source, r->line, r->fs.n + 1);
  *p = s;
  *end = w;
  return VT_OK;
}

/* Split a line at commas outside quotes, in place, into trimmed fields; '#' outside quotes
 * ends the line. *empty says the line held nothing (blank or a comment). */
static int split_line(reader *r, char *line, int *empty) {
  r->fs.n = 0;
  *empty = 1;
  for (char *p = line;;) {
    while (isspace((unsigned char)*p)) p++;
    char *start = p, *end = NULL;
    int rc = VT_OK;
    if (*p == '"') {
      start = ++p;
      rc = quoted_field(r, &p, &end);
      *empty = 0;
    } else {
      p += strcspn(p, ",#");
      for (end = p; end > start && isspace((unsigned char)end[-1]);) end--;
      *empty &= end == start && *p != ',';
    }
    char sep = rc ? '\0' : *p;
    if (!rc) *end = '\0';
    if (!rc) rc = push_field(r, start);
    if (rc || sep != ',') return rc;
    p++;
  }
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
  size_t n = r->fs.n;
  if (!r->opts->ragged && n != t->n_cols)
    return vt_fail_at(r->err, VT_EPARSE, r->line,
                      "%s:%ld: %zu field%s, expected %zu as in the header", r->source, r->line, n,
                      n == 1 ? "" : "s", t->n_cols);
  if (grow_rows(r, t)) return vt_fail(r->err, VT_ENOMEM, "%s: out of memory", r->source);
  const char **row = &t->cells[t->n_rows * t->n_cols];
  for (size_t k = 0; k < t->n_cols; k++) row[k] = k < n ? r->fs.f[k] : NULL;
  t->width[t->n_rows] = n;
  t->line[t->n_rows] = r->line;
  t->after_blank[t->n_rows++] = (unsigned char)after_blank;
  return VT_OK;
}

static int add_header(reader *r, vt_table *t) {
  t->header_line = r->line;
  t->n_cols = r->fs.n;
  t->cols = calloc(t->n_cols, sizeof *t->cols);
  if (!t->cols) return vt_fail(r->err, VT_ENOMEM, "%s: out of memory", r->source);
  for (size_t k = 0; k < t->n_cols; k++)
    if (vt_table_name_col(r->fs.f[k], &t->cols[k]))
      return vt_fail(r->err, VT_ENOMEM, "%s: out of memory", r->source);
  return VT_OK;
}

static int parse_lines(reader *r, char *text, size_t len, vt_table *t) {
  char *p = text, *end = text + len, *s;
  int rc = VT_OK, blank = 0, empty;
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) p += 3; /* UTF-8 byte-order mark */
  while (!rc && (s = vt_next_line(&p, end, &r->line)) != NULL) {
    if (only_space(s)) { /* a blank line parts the blocks of a long-format table */
      blank = t->n_rows > 0;
      continue;
    }
    if ((rc = split_line(r, s, &empty)) || empty) continue;
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
  reader r = {NULL, opts ? opts : &def, err, 0, {NULL, 0, 0}, 0};
  size_t n = strlen(source) + 1;
  char *src = malloc(n);
  t->storage = text;
  t->source = src;
  int rc = src ? VT_OK : vt_fail(err, VT_ENOMEM, "%s: out of memory", source);
  if (src) memcpy(src, source, n);
  r.source = source;
  if (!rc) rc = parse_lines(&r, text, len, t);
  free(r.fs.f);
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
