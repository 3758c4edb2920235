/* Mettler-Toledo STARe text export: blocks of
 *
 *   Curve Name:
 *     []]87[$PET pristine ...
 *   Curve Values:
 *             Index              t             Ts             Tr          Value
 *                              [s]           [°C]           [°C]           [mW]
 *                 0          0.023        -69.259        -67.000      -0.106215
 *   ...
 *   <blank line or a heading such as "Results:">
 *
 * separated by free text (method, sample, module) that is skipped. The file is read whole and
 * split into lines in place; every value is size-checked, so no input overflows a buffer. */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "curve_internal.h"
#include "text_file.h"

#define MAX_METTLER_BYTES ((size_t)256 << 20)
#define MAX_NUMBER_CHARS  63

enum { COL_INDEX, COL_TIME, COL_TS, COL_TR, COL_VALUE, COL_KINDS };
static const char *const col_names[COL_KINDS] = {"Index", "t", "Ts", "Tr", "Value"};

/* The columns of one block in file order, with the factors to SI of their units. */
typedef struct layout {
  int ncols;
  int kind[COL_KINDS];
  double scale[COL_KINDS], offset[COL_KINDS];
  char names[64]; /* "Index t Ts Tr Value", for messages */
} layout;

typedef struct cursor {
  char *p, *end;
  char *pending; /* a line given back by unget */
  long line;     /* number of the line last returned */
  const char *source;
  vt_error *err;
} cursor;

/* The next line, NUL-terminated in place without its CR LF / LF; NULL at the end. */
static char *next_line(cursor *c) {
  if (c->pending) {
    char *s = c->pending;
    c->pending = NULL;
    c->line++;
    return s;
  }
  if (c->p >= c->end) return NULL;
  char *s = c->p;
  char *nl = memchr(s, '\n', (size_t)(c->end - s));
  char *e = nl ? nl : c->end; /* *end is the buffer's terminating NUL */
  c->p = nl ? nl + 1 : c->end;
  if (e > s && e[-1] == '\r') e--;
  *e = '\0';
  c->line++;
  return s;
}

static void unget(cursor *c, char *line) {
  c->pending = line;
  c->line--;
}

/* Strip leading and trailing white space (in place). */
static char *trim(char *s) {
  while (isspace((unsigned char)*s)) s++;
  size_t n = strlen(s);
  while (n && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
  return s;
}

static int is_valid_utf8(const unsigned char *s) {
  while (*s) {
    int extra = *s < 0x80             ? 0
                : (*s & 0xE0) == 0xC0 ? 1
                : (*s & 0xF0) == 0xE0 ? 2
                : (*s & 0xF8) == 0xF0 ? 3
                                      : -1;
    if (extra < 0) return 0;
    s++;
    for (int k = 0; k < extra; k++, s++)
      if ((*s & 0xC0) != 0x80) return 0;
  }
  return 1;
}

/* A copy of a curve name in UTF-8: STARe writes Latin-1 (its degree sign is the byte 0xB0), which
 * is not valid UTF-8 and would corrupt CSV and terminal output downstream. */
static char *utf8_name(const char *s) {
  size_t n = strlen(s);
  char *d = malloc(2 * n + 1);
  if (!d) return NULL;
  if (is_valid_utf8((const unsigned char *)s)) {
    memcpy(d, s, n + 1);
    return d;
  }
  size_t j = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p < 0x80) {
      d[j++] = (char)*p;
    } else {
      d[j++] = (char)(0xC0 | (*p >> 6));
      d[j++] = (char)(0x80 | (*p & 0x3F));
    }
  }
  d[j] = '\0';
  return d;
}

/* The method segment of a STARe name: the N of its first "[]]N[$" code, wherever it stands:
 * "[]]87[$PET ...", "»[]]5[$PET ..." (a prefix some exports carry) or a composite of fields
 * joined by '¯' such as "[]7¯[]]119[$OTP ...¯[]]109[$" (segment 119: the "[]7" field has no
 * segment code, and later codes name other things, like the sensor's segment 5 in
 * "...¯[]]5[$XENE19"). -1 when the name holds no such code. */
static int segment_of(const char *name) {
  for (const char *p = strstr(name, "[]]"); p; p = strstr(p + 1, "[]]")) {
    const char *q = p + 3;
    long v = 0;
    int digits = 0;
    while (isdigit((unsigned char)*q) && digits < 9) v = 10 * v + (*q++ - '0'), digits++;
    if (digits > 0 && strncmp(q, "[$", 2) == 0) return (int)v;
  }
  return -1;
}

/* ---- The header line and the unit line ------------------------------------------------- */

static int parse_header(cursor *c, char *line, layout *lay) {
  memset(lay, 0, sizeof *lay);
  int seen[COL_KINDS] = {0};
  for (char *p = line;;) {
    while (isspace((unsigned char)*p)) p++;
    if (!*p) break;
    char *tok = p;
    while (*p && !isspace((unsigned char)*p)) p++;
    if (*p) *p++ = '\0';
    int k = 0;
    while (k < COL_KINDS && strcmp(tok, col_names[k]) != 0) k++;
    if (k == COL_KINDS)
      return vt_fail_at(c->err, VT_EPARSE, c->line,
                        "%s:%ld: unknown column '%.40s' in the header: expected the columns "
                        "Index t Ts Tr Value",
                        c->source, c->line, tok);
    if (seen[k]++)
      return vt_fail_at(c->err, VT_EPARSE, c->line, "%s:%ld: column '%s' appears twice", c->source,
                        c->line, col_names[k]);
    lay->kind[lay->ncols++] = k;
    size_t used = strlen(lay->names);
    snprintf(lay->names + used, sizeof lay->names - used, "%s%s", used ? " " : "", col_names[k]);
  }
  if (!seen[COL_TIME] || !seen[COL_VALUE] || !(seen[COL_TS] || seen[COL_TR]))
    return vt_fail_at(c->err, VT_EPARSE, c->line,
                      "%s:%ld: header '%s' lacks a column: expected t, Value and Ts or Tr "
                      "(Index t Ts Tr Value)",
                      c->source, c->line, lay->names);
  return VT_OK;
}

/* SI factors of a bracket-line unit from the core unit table (STARe writes the degree sign in
 * Latin-1, 0xB0; UTF-8 files have C2 B0; micro may be Latin-1, UTF-8 or a Greek mu). */
static int unit_factor(int kind, const char *u, double *scale, double *offset) {
  *scale = 1.0;
  *offset = 0.0;
  if (kind == COL_INDEX) return 1; /* the index has no unit worth checking */
  vt_dim dim = kind == COL_TIME    ? VT_DIM_TIME
               : kind == COL_VALUE ? VT_DIM_POWER
                                   : VT_DIM_TEMPERATURE;
  return vt_unit_lookup(dim, u, scale, offset);
}

static const char *expected_units(int kind) {
  return kind == COL_TIME    ? "s, ms or min"
         : kind == COL_VALUE ? "W, mW or uW"
                             : "\302\260C, C or K";
}

/* "[s] [°C] [°C] [mW]": one unit per column; the Index column may have none. */
static int parse_units(cursor *c, char *line, layout *lay) {
  char *unit_text[COL_KINDS];
  int n = 0;
  for (char *p = line;;) {
    while (isspace((unsigned char)*p)) p++;
    if (!*p) break;
    char *rb = *p == '[' ? strchr(p, ']') : NULL;
    if (!rb)
      return vt_fail_at(c->err, VT_EPARSE, c->line,
                        "%s:%ld: expected the units of the columns %s in brackets, like "
                        "'[s] [\302\260C] [\302\260C] [mW]'",
                        c->source, c->line, lay->names);
    *rb = '\0';
    if (n < COL_KINDS) unit_text[n] = p + 1;
    n++;
    p = rb + 1;
  }
  int skip_index = lay->kind[0] == COL_INDEX && n == lay->ncols - 1;
  if (n != lay->ncols && !skip_index)
    return vt_fail_at(c->err, VT_EPARSE, c->line,
                      "%s:%ld: expected %d units in brackets for the columns %s, got %d", c->source,
                      c->line, lay->ncols - (lay->kind[0] == COL_INDEX), lay->names, n);
  for (int k = skip_index; k < lay->ncols; k++) {
    char *u = trim(unit_text[k - skip_index]);
    int kind = lay->kind[k];
    if (!unit_factor(kind, u, &lay->scale[k], &lay->offset[k])) {
      char shown[64];
      char *name = utf8_name(u);
      snprintf(shown, sizeof shown, "%s", name ? name : "?");
      free(name);
      return vt_fail_at(c->err, VT_EUNIT, c->line,
                        "%s:%ld: unknown unit '[%s]' for column %s: expected %s", c->source,
                        c->line, shown, col_names[kind], expected_units(kind));
    }
  }
  if (skip_index) lay->scale[0] = 1.0, lay->offset[0] = 0.0;
  return VT_OK;
}

/* ---- Rows -------------------------------------------------------------------------------- */

static int parse_number(cursor *c, const char *tok, size_t len, const char *column, double *v) {
  char buf[MAX_NUMBER_CHARS + 1];
  if (len > MAX_NUMBER_CHARS)
    return vt_fail_at(c->err, VT_EPARSE, c->line,
                      "%s:%ld: column %s: '%.20s...' is not a number (%zu characters)", c->source,
                      c->line, column, tok, len);
  memcpy(buf, tok, len);
  buf[len] = '\0';
  char *end;
  *v = strtod(buf, &end);
  if (end != buf + len || end == buf)
    return vt_fail_at(c->err, VT_EPARSE, c->line, "%s:%ld: column %s: '%s' is not a number",
                      c->source, c->line, column, buf);
  if (!isfinite(*v))
    return vt_fail_at(c->err, VT_ERANGE, c->line, "%s:%ld: column %s: '%s' is not a finite number",
                      c->source, c->line, column, buf);
  return VT_OK;
}

/* One row of ncols numbers, converted to SI, into vals[COL_*] (NaN for absent columns). */
static int parse_row(cursor *c, const layout *lay, const char *line, double vals[COL_KINDS]) {
  const char *tok[COL_KINDS];
  size_t len[COL_KINDS];
  int n = 0;
  for (const char *p = line;;) {
    while (isspace((unsigned char)*p)) p++;
    if (!*p) break;
    const char *s = p;
    while (*p && !isspace((unsigned char)*p)) p++;
    if (n < lay->ncols) tok[n] = s, len[n] = (size_t)(p - s);
    n++;
  }
  if (n != lay->ncols)
    return vt_fail_at(c->err, VT_EPARSE, c->line, "%s:%ld: expected %d numbers (%s), got %d",
                      c->source, c->line, lay->ncols, lay->names, n);
  for (int k = 0; k < COL_KINDS; k++) vals[k] = NAN;
  for (int k = 0; k < n; k++) {
    double v = 0.0;
    int kind = lay->kind[k], rc = parse_number(c, tok[k], len[k], col_names[kind], &v);
    if (rc) return rc;
    vals[kind] = v * lay->scale[k] + lay->offset[k];
  }
  return VT_OK;
}

/* A row ends the table when it is blank or a heading at column 0 ("Results:", "Curve Name:"). */
static int ends_table(const char *line) {
  if (!*line || isspace((unsigned char)line[0])) {
    while (isspace((unsigned char)*line)) line++;
    return *line == '\0';
  }
  size_t n = strlen(line);
  while (n && isspace((unsigned char)line[n - 1])) n--;
  return n > 0 && line[n - 1] == ':';
}

/* The Index column counts the rows from 0: a gap means rows were lost. */
static int check_index(cursor *c, const vt_curve *cv, double index) {
  if (isnan(index) || index == (double)cv->n) return VT_OK;
  return vt_fail_at(c->err, VT_EPARSE, c->line,
                    "%s:%ld: curve '%s': row Index %.0f where %zu was expected: rows are missing "
                    "(a damaged or edited export)",
                    c->source, c->line, cv->name, index, cv->n);
}

static int read_rows(cursor *c, const layout *lay, vt_curve *cv) {
  size_t cap = 0;
  long unit_line = c->line;
  char *line;
  int ended = 0;
  while ((line = next_line(c)) != NULL) {
    if (ends_table(line)) {
      unget(c, line);
      ended = 1;
      break;
    }
    double v[COL_KINDS];
    int rc = parse_row(c, lay, line, v);
    if (!rc) rc = check_index(c, cv, v[COL_INDEX]);
    if (rc) return rc;
    if (vt_curve_reserve(cv, &cap, cv->n + 1))
      return vt_fail(c->err, VT_ENOMEM, "%s: out of memory", c->source);
    if (cv->n == 0) cv->first_line = c->line;
    cv->time_s[cv->n] = v[COL_TIME];
    cv->Ts_K[cv->n] = v[COL_TS];
    cv->Tr_K[cv->n] = v[COL_TR];
    cv->heat_flow_W[cv->n] = v[COL_VALUE];
    cv->n++;
  }
  if (cv->n == 0)
    return vt_fail_at(c->err, VT_EPARSE, unit_line,
                      "%s:%ld: curve '%s' has no data rows: expected rows of %d numbers (%s) "
                      "after this unit line",
                      c->source, unit_line, cv->name, lay->ncols, lay->names);
  /* STARe closes every table with a blank line (the last one too, before its footer): a file
   * that ends inside the rows has been cut, and the curve would silently be short. */
  if (!ended)
    return vt_fail_at(c->err, VT_EPARSE, c->line,
                      "%s:%ld: the file ends inside the table of curve '%s' after %zu rows: the "
                      "export looks cut off (STARe ends every table with a blank line)",
                      c->source, c->line, cv->name, cv->n);
  return VT_OK;
}

/* ---- Blocks ------------------------------------------------------------------------------ */

/* The next line, which must be `equal` (trimmed) when that is not NULL; `want` and `after`
 * describe it for the message. */
static int expect_line(cursor *c, const char *equal, const char *want, const char *after,
                       char **line) {
  *line = next_line(c);
  if (*line && (!equal || strcmp(trim(*line), equal) == 0)) return VT_OK;
  char got[64];
  if (*line)
    snprintf(got, sizeof got, "'%.40s'", trim(*line));
  else
    snprintf(got, sizeof got, "the end of the file");
  return vt_fail_at(c->err, VT_EPARSE, c->line, "%s:%ld: expected %s after %s, got %s", c->source,
                    c->line, want, after, got);
}

static int add_curve(vt_curve_set *set, size_t *cap, vt_curve **cv) {
  if (set->n == *cap) {
    size_t n = *cap ? 2 * *cap : 16;
    vt_curve *grown = realloc(set->curves, n * sizeof *grown);
    if (!grown) return VT_ENOMEM;
    set->curves = grown;
    *cap = n;
  }
  *cv = &set->curves[set->n++];
  memset(*cv, 0, sizeof **cv);
  (*cv)->segment = -1;
  return VT_OK;
}

/* After "Curve Name:": the name, "Curve Values:", the header, the units and the rows. */
static int parse_block(cursor *c, vt_curve_set *set, size_t *cap) {
  vt_curve *cv;
  if (add_curve(set, cap, &cv)) return vt_fail(c->err, VT_ENOMEM, "%s: out of memory", c->source);
  char *name = next_line(c);
  if (!name || strcmp(trim(name), "Curve Values:") == 0)
    return vt_fail_at(c->err, VT_EPARSE, c->line,
                      "%s:%ld: expected a curve name after 'Curve Name:', got %s", c->source,
                      c->line, name ? "'Curve Values:'" : "the end of the file");
  cv->name = utf8_name(trim(name));
  if (!cv->name) return vt_fail(c->err, VT_ENOMEM, "%s: out of memory", c->source);
  cv->segment = segment_of(cv->name);
  layout lay;
  char *line;
  int rc;
  if ((rc = expect_line(c, "Curve Values:", "'Curve Values:'", "the curve name", &line)) ||
      (rc = expect_line(c, NULL, "the column header (Index t Ts Tr Value)", "'Curve Values:'",
                        &line)) ||
      (rc = parse_header(c, line, &lay)) ||
      (rc = expect_line(c, NULL, "the unit line ([s] [\302\260C] ...)", "the column header",
                        &line)) ||
      (rc = parse_units(c, line, &lay)))
    return rc;
  return read_rows(c, &lay, cv);
}

int vt_read_mettler(const char *path, vt_curve_set *out, vt_error *err) {
  char *text;
  size_t len;
  int rc = vt_curve_file_text("vt_read_mettler", path, MAX_METTLER_BYTES, out, &text, &len, err);
  if (rc) return rc;
  cursor c = {text, text + len, NULL, 0, path, err};
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) c.p += 3; /* UTF-8 byte-order mark */
  size_t n = strlen(path) + 1, cap = 0;
  out->source = malloc(n);
  if (!out->source)
    rc = vt_fail(err, VT_ENOMEM, "%s: out of memory", path);
  else
    memcpy(out->source, path, n);
  char *line;
  while (!rc && (line = next_line(&c)) != NULL)
    if (strcmp(trim(line), "Curve Name:") == 0) rc = parse_block(&c, out, &cap);
  if (!rc && out->n == 0)
    rc = vt_fail(err, VT_EPARSE,
                 "%s: no curves: expected 'Curve Name:' blocks of a Mettler STARe text export",
                 path);
  free(text);
  if (rc) vt_curve_set_free(out);
  return rc;
}
