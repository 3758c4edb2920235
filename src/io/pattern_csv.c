/* Integrated X-ray patterns I(Q) or I(2 theta) from text files: '#' comments, a header naming
 * the columns with their units, then rows, comma- or whitespace-separated:
 *
 *   Q_inv_A,I              2theta [deg],intensity,sigma        # q_nm^-1  I   (pyFAI .dat)
 *
 * A time column splits the rows into patterns where its value changes (a time-resolved series in
 * one file). After the header, blank lines are allowed only at the end, so point k of a pattern
 * is on line first_line + k and every error can name its line. */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/internal.h"
#include "text_file.h"
#include "vitrum/pdf.h"

#define MAX_BYTES  ((size_t)256 << 20)
#define MAX_FIELDS 64
#define PI         3.14159265358979323846

enum role { ROLE_IGNORE, ROLE_Q, ROLE_TTH, ROLE_I, ROLE_TIME, ROLE_COUNT };
static const char *const role_names[ROLE_COUNT] = {"", "Q", "2theta", "intensity", "time"};

typedef struct reader {
  const char *source;
  const vt_pattern_read_options *opt;
  vt_error *err;
  long line;
  char sep;            /* ',' or ' ' (any run of blanks) */
  size_t ncols;        /* fields per row */
  int col[ROLE_COUNT]; /* column of each role, -1 when absent */
  double axis_scale;   /* to 1/A (Q) or to degrees (2 theta) */
  double time_scale, time_offset;
  double prev_raw; /* the axis value of the previous row, as written in the file */
  vt_pattern_set *set;
  size_t cap_pat, cap_pts;
} reader;

vt_pattern_read_options vt_pattern_read_options_default(void) {
  vt_pattern_read_options o = {0.0, VT_AXIS_NONE};
  return o;
}

double vt_twotheta_to_Q(double twotheta_deg, double wavelength_A) {
  if (!(twotheta_deg >= 0 && twotheta_deg < 180) || !(wavelength_A > 0) || !isfinite(wavelength_A))
    return NAN;
  return 4.0 * PI * sin(twotheta_deg * PI / 360.0) / wavelength_A;
}

void vt_pattern_set_free(vt_pattern_set *set) {
  if (!set) return;
  for (size_t i = 0; i < set->n; i++) {
    free(set->patterns[i].Q_inv_A);
    free(set->patterns[i].intensity);
  }
  free(set->patterns);
  free(set->source);
  memset(set, 0, sizeof *set);
}

/* ---- Fields ---------------------------------------------------------------------------------- */

static char *trim(char *s) {
  while (isspace((unsigned char)*s)) s++;
  size_t n = strlen(s);
  while (n && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
  if (n >= 2 && s[0] == '"' && s[n - 1] == '"') { /* a quoted header name */
    s[n - 1] = '\0';
    s++;
  }
  return s;
}

/* Split in place; returns the field count (which may exceed max: only max are stored). */
static size_t split(char *line, char sep, char **f, size_t max) {
  size_t n = 0;
  char *p = line;
  if (sep == ',') { /* a malformed quote leaves no fields: the caller's count check says so */
    long got = vt_csv_split(line, 0, f, max, NULL);
    return got < 0 ? 0 : (size_t)got;
  }
  for (;;) {
    while (*p == ' ' || *p == '\t') p++;
    if (!*p) return n;
    if (n < max) f[n] = p;
    n++;
    while (*p && *p != ' ' && *p != '\t') p++;
    if (*p) *p++ = '\0';
  }
}

/* The number of fields split() would find, without touching the line. */
static size_t count_fields(const char *p, char sep) {
  size_t n = 0;
  if (sep == ',') {
    for (n = 1; *p; p++) n += *p == ',';
    return n;
  }
  while (*p) {
    while (*p == ' ' || *p == '\t') p++;
    if (!*p) break;
    n++;
    while (*p && *p != ' ' && *p != '\t') p++;
  }
  return n;
}

/* A number filling the whole field. */
static int number(const char *s, double *v) {
  char *end;
  if (!*s) return 0;
  *v = strtod(s, &end);
  return *end == '\0';
}

/* ---- Header ---------------------------------------------------------------------------------- */

static int role_of(const char *base) {
  static const struct {
    const char *name;
    int role;
  } names[] = {{"q", ROLE_Q},      {"2theta", ROLE_TTH},  {"twotheta", ROLE_TTH},
               {"2th", ROLE_TTH},  {"tth", ROLE_TTH},     {"2\xce\xb8", ROLE_TTH},
               {"i", ROLE_I},      {"intensity", ROLE_I}, {"int", ROLE_I},
               {"counts", ROLE_I}, {"time", ROLE_TIME},   {"t", ROLE_TIME}};
  for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
    if (strcasecmp(base, names[k].name) == 0) return names[k].role;
  return ROLE_IGNORE;
}

/* "Q [1/A]", "Q (1/A)" or "Q_inv_A" into base and unit (in place); unit NULL when absent. */
static void split_name(char *name, char **base, char **unit) {
  size_t n = strlen(name);
  char *open = strpbrk(name, "[(");
  *base = name;
  *unit = NULL;
  if (open && n && (name[n - 1] == ']' || name[n - 1] == ')')) {
    name[n - 1] = '\0';
    *open = '\0';
    *base = trim(name);
    *unit = trim(open + 1);
    return;
  }
  char *us = strchr(name, '_');
  if (us) {
    *us = '\0';
    *unit = us + 1;
  }
}

/* The unit in lower case without blanks, with the non-ASCII spellings in ASCII: the Angstrom
 * sign (UTF-8 U+00C5 or U+212B, Latin-1), superscript minus and one (so 'Å⁻¹' reads 'a-1'), and
 * the degree sign (UTF-8 or Latin-1) as 'deg'. */
static void normalise_unit(const char *u, char *out, size_t size) {
  static const struct {
    const char *from, *to;
  } map[] = {{"\xc3\x85", "a"},   {"\xe2\x84\xab", "a"}, {"\xe2\x81\xbb", "-"}, {"\xc2\xb9", "1"},
             {"\xc2\xb0", "deg"}, {"\xc5", "a"},         {"\xb9", "1"},         {"\xb0", "deg"}};
  size_t j = 0;
  for (size_t i = 0; u[i] && j + 4 < size;) {
    size_t k = 0, len = 0;
    while (k < sizeof map / sizeof map[0] &&
           strncmp(u + i, map[k].from, len = strlen(map[k].from)) != 0)
      k++;
    if (k < sizeof map / sizeof map[0]) {
      for (const char *t = map[k].to; *t;) out[j++] = *t++;
      i += len;
    } else if (u[i] == ' ') {
      i++;
    } else {
      out[j++] = (char)tolower((unsigned char)u[i++]);
    }
  }
  out[j] = '\0';
}

static int in_list(const char *u, const char *const *list) {
  for (size_t k = 0; list[k]; k++)
    if (strcmp(u, list[k]) == 0) return 1;
  return 0;
}

/* The factor of a Q or 2 theta unit; 0 when unknown. */
static double axis_factor(int role, const char *unit) {
  static const char *const per_A[] = {"1/a", "a^-1", "a-1", "inv_a", "per_a", "a^{-1}", NULL};
  static const char *const per_nm[] = {"1/nm",   "nm^-1",   "nm-1", "inv_nm",
                                       "per_nm", "nm^{-1}", NULL};
  static const char *const deg[] = {"deg", "degree", "degrees", NULL};
  char u[32];
  normalise_unit(unit, u, sizeof u);
  if (role == ROLE_Q) return in_list(u, per_A) ? 1.0 : in_list(u, per_nm) ? 0.1 : 0.0;
  return in_list(u, deg) ? 1.0 : strcmp(u, "rad") == 0 ? 180.0 / PI : 0.0;
}

static const char *expected_units(int role) {
  return role == ROLE_Q     ? "1/A (A^-1, inv_A) or 1/nm (nm^-1)"
         : role == ROLE_TTH ? "deg or rad"
                            : "s, ms, min or h";
}

static int column(reader *r, size_t k, char *name) {
  char *base, *unit, shown[80];
  snprintf(shown, sizeof shown, "%s", name);
  split_name(name, &base, &unit);
  int role = role_of(base);
  if (role == ROLE_IGNORE) return VT_OK;
  if (r->col[role] >= 0 || (role == ROLE_Q && r->col[ROLE_TTH] >= 0) ||
      (role == ROLE_TTH && r->col[ROLE_Q] >= 0))
    return vt_fail_at(r->err, VT_EPARSE, r->line, "%s:%ld: a second %s column ('%s', column %zu)",
                      r->source, r->line, role == ROLE_I ? "intensity" : "axis", shown, k + 1);
  r->col[role] = (int)k;
  if (role == ROLE_I) return VT_OK; /* counts or arbitrary units: the scale is fitted */
  if (!unit || !*unit)
    return vt_fail_at(r->err, VT_EUNIT, r->line,
                      "%s:%ld: column '%s' has no unit: write it as %s_UNIT or '%s [UNIT]' with "
                      "UNIT %s",
                      r->source, r->line, shown, base, base, expected_units(role));
  double off = 0.0, f = role == ROLE_TIME ? (vt_unit_lookup(VT_DIM_TIME, unit, &f, &off) ? f : 0.0)
                                          : axis_factor(role, unit);
  if (!(f > 0))
    return vt_fail_at(r->err, VT_EUNIT, r->line,
                      "%s:%ld: column '%s': unknown unit '%s': expected %s", r->source, r->line,
                      shown, unit, expected_units(role));
  if (role == ROLE_TIME) {
    r->time_scale = f;
    r->time_offset = off;
  } else
    r->axis_scale = f;
  return VT_OK;
}

/* Parse a header line (text already without a leading '#'); quiet = 1 only tries (for a '#'
 * line that may or may not name the columns) and returns -1 when it does not. */
static int header(reader *r, char *text, long line, int quiet) {
  char *f[MAX_FIELDS];
  char sep = strchr(text, ',') ? ',' : ' ';
  size_t n = split(text, sep, f, MAX_FIELDS);
  vt_error scratch, *keep = r->err;
  long keep_line = r->line;
  r->line = line;
  if (quiet) r->err = &scratch;
  for (int k = 0; k < ROLE_COUNT; k++) r->col[k] = -1;
  int st = n > MAX_FIELDS ? vt_fail(r->err, VT_EPARSE, "%s:%ld: more than %d columns", r->source,
                                    line, MAX_FIELDS)
                          : VT_OK;
  for (size_t k = 0; !st && k < n; k++) st = column(r, k, f[k]);
  int has_axis = r->col[ROLE_Q] >= 0 || r->col[ROLE_TTH] >= 0;
  if (!st && (!has_axis || r->col[ROLE_I] < 0))
    st = vt_fail_at(r->err, VT_EPARSE, line,
                    "%s:%ld: the header needs a Q or 2theta column (with its unit) and an "
                    "intensity column, e.g. 'Q_inv_A,I' or '2theta_deg,I'",
                    r->source, line);
  r->err = keep;
  r->line = keep_line; /* the count of lines read goes on from the row (a '#' header is earlier) */
  if (quiet && st) return -1;
  r->sep = sep;
  r->ncols = n;
  return st;
}

/* A file whose first row holds numbers and no '#' line names the columns: the axis is what the
 * options say, intensity in the second column. */
static int default_columns(reader *r, char *row) {
  const char *kind = r->opt->no_header == VT_AXIS_Q          ? "Q"
                     : r->opt->no_header == VT_AXIS_TWOTHETA ? "2theta"
                                                             : NULL;
  if (!kind)
    return vt_fail_at(r->err, VT_EPARSE, r->line,
                      "%s:%ld: no header naming the columns: add one (e.g. 'Q_inv_A,I' or "
                      "'2theta_deg,I') or state the axis of the first column",
                      r->source, r->line);
  r->sep = strchr(row, ',') ? ',' : ' ';
  r->ncols = count_fields(row, r->sep);
  for (int k = 0; k < ROLE_COUNT; k++) r->col[k] = -1;
  r->col[r->opt->no_header == VT_AXIS_Q ? ROLE_Q : ROLE_TTH] = 0;
  r->col[ROLE_I] = 1;
  r->axis_scale = 1.0;
  if (r->ncols < 2)
    return vt_fail_at(r->err, VT_EPARSE, r->line,
                      "%s:%ld: expected two columns (%s and intensity), got one", r->source,
                      r->line, kind);
  return VT_OK;
}

/* ---- Rows ------------------------------------------------------------------------------------ */

static int new_pattern(reader *r, double time_s) {
  vt_pattern_set *set = r->set;
  for (size_t i = 0; !isnan(time_s) && i < set->n; i++)
    if (set->patterns[i].time_s == time_s)
      return vt_fail_at(r->err, VT_EPARSE, r->line,
                        "%s:%ld: time %g s appears again after other patterns (first at line "
                        "%ld): the rows of a pattern must be consecutive",
                        r->source, r->line, time_s, set->patterns[i].first_line);
  if (VT_GROW(set->n + 1, &r->cap_pat, 8, VT_GROW_ITEM(set->patterns)))
    return vt_fail(r->err, VT_ENOMEM, "%s: out of memory", r->source);
  vt_pattern *p = &set->patterns[set->n++];
  memset(p, 0, sizeof *p);
  p->time_s = time_s;
  p->first_line = r->line;
  r->cap_pts = 0;
  return VT_OK;
}

static int append(reader *r, vt_pattern *p, double Q, double I) {
  if (VT_GROW(p->n + 1, &r->cap_pts, 1024, VT_GROW_ITEM(p->Q_inv_A), VT_GROW_ITEM(p->intensity)))
    return vt_fail(r->err, VT_ENOMEM, "%s: out of memory", r->source);
  p->Q_inv_A[p->n] = Q;
  p->intensity[p->n++] = I;
  return VT_OK;
}

static int value(reader *r, char **f, int role, double *v) {
  if (r->col[role] < 0) {
    *v = NAN;
    return VT_OK;
  }
  const char *s = f[r->col[role]];
  if (!number(s, v))
    return vt_fail_at(r->err, VT_EPARSE, r->line, "%s:%ld: column %d (%s): '%.40s' is not a number",
                      r->source, r->line, r->col[role] + 1, role_names[role], s);
  if (!isfinite(*v))
    return vt_fail_at(r->err, VT_ERANGE, r->line,
                      "%s:%ld: column %d (%s): '%.40s' is not a finite number", r->source, r->line,
                      r->col[role] + 1, role_names[role], s);
  return VT_OK;
}

/* The axis value of a row as Q in 1/A, checked. */
static int axis_Q(reader *r, double raw, double *Q) {
  if (r->col[ROLE_Q] >= 0) {
    *Q = raw * r->axis_scale;
    if (*Q < 0)
      return vt_fail_at(r->err, VT_ERANGE, r->line, "%s:%ld: Q = %g 1/A is negative", r->source,
                        r->line, *Q);
    return VT_OK;
  }
  double tth = raw * r->axis_scale;
  *Q = vt_twotheta_to_Q(tth, r->opt->wavelength_A);
  if (isnan(*Q))
    return vt_fail_at(r->err, VT_ERANGE, r->line,
                      "%s:%ld: 2theta = %g deg: expected 0 <= 2theta < 180 deg", r->source, r->line,
                      tth);
  return VT_OK;
}

static int row(reader *r, char *text) {
  char *f[MAX_FIELDS + 1];
  size_t n = split(text, r->sep, f, MAX_FIELDS + 1);
  if (n != r->ncols)
    return vt_fail_at(r->err, VT_EPARSE, r->line, "%s:%ld: expected %zu fields as in %s, got %zu",
                      r->source, r->line, r->ncols,
                      r->opt->no_header ? "the first row" : "the header", n);
  double raw, I, t, Q;
  int axis = r->col[ROLE_Q] >= 0 ? ROLE_Q : ROLE_TTH, st;
  if ((st = value(r, f, axis, &raw)) || (st = value(r, f, ROLE_I, &I)) ||
      (st = value(r, f, ROLE_TIME, &t)) || (st = axis_Q(r, raw, &Q)))
    return st;
  if (I < 0)
    return vt_fail_at(r->err, VT_ERANGE, r->line,
                      "%s:%ld: negative intensity %g at %s = %g: expected the raw integrated "
                      "intensity (>= 0); give a background as its own pattern, not subtracted",
                      r->source, r->line, I, role_names[axis], raw);
  if (!isnan(t)) t = t * r->time_scale + r->time_offset;
  if (isinf(t))
    return vt_fail_at(r->err, VT_ERANGE, r->line,
                      "%s:%ld: column %d (time): '%.40s' is out of range: not finite in s",
                      r->source, r->line, r->col[ROLE_TIME] + 1, f[r->col[ROLE_TIME]]);
  vt_pattern_set *set = r->set;
  vt_pattern *p = set->n ? &set->patterns[set->n - 1] : NULL;
  if (!p || (!isnan(t) && t != p->time_s)) {
    if ((st = new_pattern(r, t))) return st;
    p = &set->patterns[set->n - 1];
  }
  if (p->n && !(Q > p->Q_inv_A[p->n - 1]))
    return vt_fail_at(r->err, VT_EPARSE, r->line,
                      "%s:%ld: %s is not increasing: %g after %g (line %ld); sort the pattern, or "
                      "give a series a time column",
                      r->source, r->line, role_names[axis], raw, r->prev_raw, r->line - 1);
  r->prev_raw = raw;
  return append(r, p, Q, I);
}

/* ---- The file -------------------------------------------------------------------------------- */

/* The first non-comment line: a header (*is_header = 1), or numbers (then the last '#' line may
 * be the header, else the options' axis). 2 theta needs the wavelength from here on. */
static int start(reader *r, char *s, char *comment, long comment_line, int *is_header) {
  double v;
  char first[64];
  size_t k = strcspn(s, ", \t");
  snprintf(first, sizeof first, "%.*s", (int)(k < 63 ? k : 63), s);
  *is_header = !number(first, &v);
  int st = *is_header ? header(r, s, r->line, 0) : -1;
  if (st < 0 && comment && header(r, comment, comment_line, 1) == 0 &&
      count_fields(s, r->sep) == r->ncols)
    st = VT_OK;
  if (st < 0) st = default_columns(r, s);
  if (!st && r->col[ROLE_TTH] >= 0 && !(r->opt->wavelength_A > 0))
    st = vt_fail_at(r->err, VT_EINVAL, r->line,
                    "%s:%ld: the pattern is given against 2theta: converting it to Q = 4 pi "
                    "sin(theta)/lambda needs the wavelength",
                    r->source, r->line);
  return st;
}

static int check_sizes(reader *r) {
  for (size_t i = 0; i < r->set->n; i++)
    if (r->set->patterns[i].n < 2)
      return vt_fail_at(r->err, VT_EPARSE, r->set->patterns[i].first_line,
                        "%s:%ld: a pattern of a single point (time %g s)", r->source,
                        r->set->patterns[i].first_line, r->set->patterns[i].time_s);
  return VT_OK;
}

static int parse(reader *r, char *text, size_t len) {
  char *p = text, *end = text + len, *line, *comment = NULL;
  long blank = 0, comment_line = 0;
  int st, started = 0;
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) p += 3; /* UTF-8 byte-order mark */
  while ((line = vt_next_line(&p, end, &r->line)) != NULL) {
    char *s = trim(line);
    if (!started && (*s == '\0' || *s == '#')) {
      if (*s == '#') comment = s + 1, comment_line = r->line;
      continue;
    }
    if (!started) {
      int is_header;
      if ((st = start(r, s, comment, comment_line, &is_header))) return st;
      started = 1;
      if (is_header) continue;
    }
    if (*s == '\0') {
      if (!blank) blank = r->line;
      continue;
    }
    if (blank || *s == '#')
      return vt_fail_at(r->err, VT_EPARSE, blank ? blank : r->line,
                        "%s:%ld: %s inside the data: the rows must follow the header without "
                        "gaps (blank lines only at the end, '#' comments only before the header)",
                        r->source, blank ? blank : r->line, blank ? "blank line" : "comment");
    if ((st = row(r, s))) return st;
  }
  if (!started)
    return vt_fail(r->err, VT_EPARSE, "%s: no data: expected a header such as 'Q_inv_A,I' and rows",
                   r->source);
  if (r->set->n == 0)
    return vt_fail(r->err, VT_EPARSE, "%s: no data rows after the header", r->source);
  return check_sizes(r);
}

int vt_read_pattern_csv(const char *path, const vt_pattern_read_options *opt, vt_pattern_set *out,
                        vt_error *err) {
  if (!out) return vt_fail(err, VT_EINVAL, "vt_read_pattern_csv: NULL output");
  memset(out, 0, sizeof *out);
  vt_pattern_read_options o = opt ? *opt : vt_pattern_read_options_default();
  char *text;
  size_t len;
  int st = vt_read_text_file(path, MAX_BYTES, &text, &len, err);
  if (st) return st;
  reader r = {0};
  r.source = path;
  r.opt = &o;
  r.err = err;
  r.set = out;
  r.axis_scale = 1.0;
  r.time_scale = 1.0;
  size_t n = strlen(path) + 1;
  out->source = malloc(n);
  if (out->source) memcpy(out->source, path, n);
  st = out->source ? parse(&r, text, len) : vt_fail(err, VT_ENOMEM, "out of memory");
  if (!st && r.col[ROLE_TTH] >= 0) out->from_twotheta = 1;
  free(text);
  if (st) vt_pattern_set_free(out);
  return st;
}
