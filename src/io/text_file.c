#include "text_file.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"

int vt_read_text_file(const char *path, size_t max_bytes, char **text, size_t *length,
                      vt_error *err) {
  *text = NULL;
  FILE *f = fopen(path, "rb");
  if (!f) return vt_fail(err, VT_EIO, "%s: cannot open: %s", path, strerror(errno));
  vt_outfile_note_input(path);
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap + 1);
  if (!buf) {
    fclose(f);
    return vt_fail(err, VT_ENOMEM, "%s: out of memory", path);
  }
  for (;;) {
    if (n == cap) {
      if (cap >= max_bytes) {
        free(buf);
        fclose(f);
        return vt_fail(err, VT_ERANGE, "%s: larger than %zu bytes", path, max_bytes);
      }
      cap *= 2;
      char *grown = realloc(buf, cap + 1);
      if (!grown) {
        free(buf);
        fclose(f);
        return vt_fail(err, VT_ENOMEM, "%s: out of memory", path);
      }
      buf = grown;
    }
    errno = 0;
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) break;
  }
  int failed = ferror(f), e = errno;
  fclose(f);
  if (failed) { /* a directory opens but does not read: say so (EISDIR), not just "read error" */
    free(buf);
    return vt_fail(err, VT_EIO, "%s: cannot read: %s", path, e ? strerror(e) : "I/O error");
  }
  if (memchr(buf, '\0', n)) {
    free(buf);
    return vt_fail(err, VT_EPARSE, "%s: contains NUL bytes; expected a text file", path);
  }
  buf[n] = '\0';
  *text = buf;
  if (length) *length = n;
  return VT_OK;
}

char *vt_next_line(char **p, char *end, long *line) {
  if (*p >= end) return NULL;
  char *s = *p, *nl = memchr(s, '\n', (size_t)(end - s)), *e = nl ? nl : end;
  *p = nl ? nl + 1 : end;
  if (e > s && e[-1] == '\r') e--;
  *e = '\0';
  (*line)++;
  return s;
}

char *vt_trim(char *s) {
  while (isspace((unsigned char)*s)) s++;
  size_t n = strlen(s);
  while (n && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
  return s;
}

/* A quoted field from *p (past the opening quote), unquoted in place; *p ends past the closing
 * quote and the spaces after it, *end at the end of the field's text. */
static long unquote(char **p, char **end, int comments) {
  char *w = *p, *s = *p;
  for (;; s++) {
    if (*s == '\0') return VT_SPLIT_UNCLOSED;
    if (*s == '"' && s[1] != '"') break;
    *w++ = *s;
    s += *s == '"'; /* "" is one quote */
  }
  for (s++; isspace((unsigned char)*s);) s++;
  if (*s && *s != ',' && !(comments && *s == '#')) return VT_SPLIT_AFTER_QUOTE;
  *p = s;
  *end = w;
  return 0;
}

long vt_csv_split(char *line, int comments, char **fields, size_t max, size_t *bad) {
  size_t n = 0;
  for (char *p = line;;) {
    while (isspace((unsigned char)*p)) p++;
    char *start = p, *end;
    if (*p == '"') {
      start = ++p;
      long rc = unquote(&p, &end, comments);
      if (rc) {
        if (bad) *bad = n + 1;
        return rc;
      }
    } else {
      p += strcspn(p, comments ? ",#" : ",");
      end = p;
    }
    char sep = *p;
    *end = '\0';
    if (n < max) fields[n] = vt_trim(start);
    n++;
    if (sep != ',') return (long)n;
    p++;
  }
}

int vt_walk_table(char *text, size_t len, const char *source, long *line, vt_error *err,
                  int (*header)(void *ctx, char *s), int (*row)(void *ctx, char *s), void *ctx,
                  int *had_header) {
  char *p = text, *end = text + len, *raw;
  long blank = 0;
  int rc;
  *had_header = 0;
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) p += 3; /* UTF-8 byte-order mark */
  while ((raw = vt_next_line(&p, end, line)) != NULL) {
    char *s = vt_trim(raw);
    if (!*had_header) {
      if (*s == '\0' || *s == '#') continue;
      if ((rc = header(ctx, s))) return rc;
      *had_header = 1;
      continue;
    }
    if (*s == '\0') {
      if (!blank) blank = *line;
      continue;
    }
    if (blank || *s == '#')
      return vt_fail_at(err, VT_EPARSE, blank ? blank : *line,
                        "%s:%ld: %s inside the data: the rows must follow the header without "
                        "gaps (blank lines only at the end, '#' comments only before the header)",
                        source, blank ? blank : *line, blank ? "blank line" : "comment");
    if ((rc = row(ctx, s))) return rc;
  }
  return VT_OK;
}
