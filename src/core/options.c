/* Option tables (options.h): the one parser of values with units into the fields of an options
 * struct, and the text of a field's value as help shows it. The messages are the command line's
 * (vitrum prints them after "vitrum CMD: "). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define FIELD(base, off, type)  ((type *)((char *)(base) + (off)))
#define CFIELD(base, off, type) ((const type *)((const char *)(base) + (off)))

const vt_option *vt_option_find(const vt_option *table, size_t n, const char *name) {
  for (size_t k = 0; table && name && k < n; k++)
    if (table[k].name && strcmp(table[k].name, name) == 0) return &table[k];
  return NULL;
}

/* The unit text of an item: what follows the number. */
static const char *unit_of(const char *item) {
  char *end;
  strtod(item, &end);
  while (*end == ' ') end++;
  return end;
}

/* `bare`: the unit of items without one when no item has a unit (VT_OPTION_IN_UNIT), or NULL. */
static int parse_list(const char *text, vt_dim dim, vt_quantity_parser parse, const char *bare,
                      double **out, size_t *count, vt_error *err) {
  size_t len = strlen(text), cap = 1, n = 0;
  for (const char *c = text; *c; c++) cap += *c == ',';
  char *copy = malloc(len + 1), **items = malloc(cap * sizeof *items), *save = NULL, *buf = NULL;
  double *v = malloc(cap * sizeof *v);
  int rc = copy && items && v ? VT_OK : vt_fail(err, VT_ENOMEM, "out of memory");
  if (!rc) { /* as many items as the text holds: a long list is never cut */
    memcpy(copy, text, len + 1);
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
      items[n++] = tok;
    if (n == 0) rc = vt_fail(err, VT_EPARSE, "empty list");
  }
  const char *last_unit = rc ? "" : unit_of(items[n - 1]);
  if (!*last_unit && bare) last_unit = bare;
  if (!rc && !(buf = malloc(len + strlen(last_unit) + 2)))
    rc = vt_fail(err, VT_ENOMEM, "out of memory");
  for (size_t k = 0; !rc && k < n; k++) {
    int add = !*unit_of(items[k]) && *last_unit; /* items without a unit take the last item's */
    sprintf(buf, "%s%s%s", items[k], add ? " " : "", add ? last_unit : "");
    rc = parse(buf, dim, &v[k], err);
  }
  free(buf);
  free(copy);
  free(items);
  if (rc) {
    free(v);
    return rc;
  }
  *out = v;
  *count = n;
  return VT_OK;
}

int vt_parse_quantity_list(const char *text, vt_dim dim, double **values_si, size_t *n,
                           vt_error *err) {
  if (!text || !values_si || !n)
    return vt_fail(err, VT_EINVAL, "vt_parse_quantity_list: NULL argument");
  return parse_list(text, dim, vt_parse_quantity, NULL, values_si, n, err);
}

/* The unit the row's field holds its values in (VT_OPTION_IN_UNIT), or NULL: SI. */
static const char *field_unit(const vt_option *o) {
  return (o->flags & VT_OPTION_IN_UNIT) ? (o->unit ? o->unit : vt_dim_unit(o->dim)) : NULL;
}

/* Parsed SI values into the field's unit: times 1/factor (2.2e-10 m * 1e10 for A). */
static void to_field(const vt_option *o, double *x, size_t n) {
  double f, off;
  const char *u = field_unit(o);
  if (!u || !vt_unit_lookup(o->dim, u, &f, &off)) return;
  for (size_t k = 0; k < n; k++) x[k] = (x[k] - off) * (1.0 / f);
}

/* The message of a text that does not read: the parser's after the option's name, or the row's
 * own words (VT_OPTION_EXPECT_READ). */
static int unread(const vt_option *o, const char *name, const char *v, int rc, const vt_error *e,
                  vt_error *err) {
  if ((o->flags & VT_OPTION_EXPECT_READ) && o->expect)
    return vt_fail(err, rc, "%s '%s': %s", name, v, o->expect);
  return vt_fail(err, rc, "%s: %s", name, e->message);
}

/* One quantity; a number without a unit is in the field's unit (VT_OPTION_IN_UNIT). */
static int read_one(const vt_option *o, const char *name, const char *v, vt_quantity_parser parse,
                    double *x, vt_error *err) {
  const char *u = field_unit(o);
  int bare = u && *v && !*unit_of(v);
  char *buf = bare ? malloc(strlen(v) + strlen(u) + 2) : NULL;
  if (bare && !buf) return vt_fail(err, VT_ENOMEM, "out of memory");
  if (buf) sprintf(buf, "%s %s", v, u);
  vt_error e;
  int rc = parse(buf ? buf : v, o->dim, x, &e);
  free(buf);
  if (rc) return unread(o, name, v, rc, &e, err);
  to_field(o, x, 1);
  return VT_OK;
}

/* The sign the row's flags ask for: VT_OK when `x` has it. */
static int check_sign(const vt_option *o, const char *name, const char *v, double x,
                      vt_error *err) {
  int list = o->kind != VT_OPTION_QUANTITY;
  if ((o->flags & VT_OPTION_POSITIVE) && !(x > 0))
    return vt_fail(err, VT_ERANGE, "%s '%s': %s", name, v,
                   o->expect ? o->expect
                   : list    ? "every value must be > 0"
                             : "expected a positive value");
  if ((o->flags & VT_OPTION_NONNEGATIVE) && !(x >= 0))
    return vt_fail(err, VT_ERANGE, "%s '%s': %s", name, v,
                   o->expect ? o->expect
                   : list    ? "every value must be >= 0"
                             : "expected a value >= 0");
  return VT_OK;
}

/* A list of values with the parser's message after the option's name. */
static int list_of(const vt_option *o, const char *name, const char *v, vt_quantity_parser parse,
                   double **x, size_t *n, vt_error *err) {
  vt_error e;
  int rc = parse_list(v, o->dim, parse, field_unit(o), x, n, &e);
  if (rc) return unread(o, name, v, rc, &e, err);
  to_field(o, *x, *n);
  return VT_OK;
}

static int set_list(const vt_option *o, void *opts, const char *name, const char *v,
                    vt_quantity_parser parse, vt_error *err) {
  double **dst = FIELD(opts, o->offset, double *), *vals = NULL;
  size_t n = 0;
  int rc = list_of(o, name, v, parse, &vals, &n, err);
  for (size_t k = 0; !rc && k < n; k++) rc = check_sign(o, name, v, vals[k], err);
  size_t *count = FIELD(opts, o->count_offset, size_t);
  size_t keep = (o->flags & VT_OPTION_APPEND) ? *count : 0;
  double *all = rc ? NULL : realloc(keep ? *dst : NULL, (keep + n) * sizeof *all);
  if (!rc && !all) rc = vt_fail(err, VT_ENOMEM, "out of memory");
  if (!rc) {
    memcpy(all + keep, vals, n * sizeof *vals);
    if (!keep) free(*dst);
    *dst = all;
    *count = keep + n;
  }
  free(vals);
  return rc;
}

static int int_bounds(const vt_option *o, const char *name, const char *v, vt_error *err) {
  long max = o->max > 0 ? o->max : 1000000000L;
  if (o->max > 0)
    return vt_fail(err, VT_ERANGE, "%s '%s': expected a whole number from %ld to %ld", name, v,
                   o->min, max);
  return vt_fail(err, VT_ERANGE, "%s '%s': expected a whole number of at least %ld", name, v,
                 o->min);
}

static int set_int(const vt_option *o, void *opts, const char *name, const char *v, vt_error *err) {
  char *end;
  long x = strtol(v, &end, 10), max = o->max > 0 ? o->max : 1000000000L;
  if (end == v || *end || x < o->min || x > max) return int_bounds(o, name, v, err);
  *FIELD(opts, o->offset, int) = (int)x;
  return VT_OK;
}

/* "LO, HI UNIT" into double[2], LO < HI. */
static int set_range(const vt_option *o, void *opts, const char *name, const char *v,
                     vt_quantity_parser parse, vt_error *err) {
  double *x = NULL;
  size_t n = 0;
  int rc = list_of(o, name, v, parse, &x, &n, err);
  if (!rc && !(n == 2 && x[1] > x[0]))
    rc = vt_fail(err, VT_ERANGE, "%s '%s': %s", name, v,
                 o->expect ? o->expect : "expected 'LO, HI UNIT' with LO < HI");
  if (!rc) rc = check_sign(o, name, v, x[0], err);
  if (!rc) memcpy(FIELD(opts, o->offset, double), x, 2 * sizeof *x);
  free(x);
  return rc;
}

static int choice_index(const char *choices, const char *value) {
  int k = 0;
  for (const char *n = choices; *n; k++) {
    size_t len = strcspn(n, "|");
    if (strlen(value) == len && strncmp(value, n, len) == 0) return k;
    n += len + (n[len] == '|');
  }
  return -1;
}

int vt_option_set_text_with(const vt_option *row, void *opts, const char *name, const char *text,
                            vt_quantity_parser parse, vt_error *err) {
  if (!row || !opts || (!text && row->kind != VT_OPTION_FLAG))
    return vt_fail(err, VT_EINVAL, "vt_option_set_text: NULL argument");
  const vt_option *o = row;
  if (!name) name = o->name ? o->name : "option";
  if (!parse) parse = vt_parse_quantity;
  switch (o->kind) {
  case VT_OPTION_FLAG:
    *FIELD(opts, o->offset, int) = 1;
    return VT_OK;
  case VT_OPTION_TEXT:
    *FIELD(opts, o->offset, const char *) = text;
    return VT_OK;
  case VT_OPTION_QUANTITY: {
    double x;
    int rc = read_one(o, name, text, parse, &x, err);
    if (rc || (rc = check_sign(o, name, text, x, err))) return rc;
    *FIELD(opts, o->offset, double) = x;
    return VT_OK;
  }
  case VT_OPTION_LIST:
    return set_list(o, opts, name, text, parse, err);
  case VT_OPTION_INT:
    return set_int(o, opts, name, text, err);
  case VT_OPTION_CHOICE: {
    int k = choice_index(o->choices ? o->choices : "", text);
    if (k >= 0) return *FIELD(opts, o->offset, int) = k, VT_OK;
    if (o->expect) return vt_fail(err, VT_EPARSE, "%s '%s': %s", name, text, o->expect);
    return vt_fail(err, VT_EPARSE, "%s '%s': expected one of %s", name, text, o->choices);
  }
  case VT_OPTION_RANGE:
    return set_range(o, opts, name, text, parse, err);
  }
  return vt_fail(err, VT_EINVAL, "%s: unknown kind of option %d", name, (int)o->kind);
}

int vt_option_set_text(const vt_option *row, void *opts, const char *name, const char *text,
                       vt_error *err) {
  return vt_option_set_text_with(row, opts, name, text, NULL, err);
}

int vt_option_set_si(const vt_option *row, void *opts, double value_si, vt_error *err) {
  if (!row || !opts) return vt_fail(err, VT_EINVAL, "vt_option_set_si: NULL argument");
  const char *name = row->name ? row->name : "option";
  if (row->kind == VT_OPTION_QUANTITY) {
    *FIELD(opts, row->offset, double) = value_si;
    return VT_OK;
  }
  if (row->kind != VT_OPTION_INT)
    return vt_fail(err, VT_EINVAL, "%s takes text, not a number", name);
  long max = row->max > 0 ? row->max : 1000000000L;
  if (!(value_si == floor(value_si) && value_si >= (double)row->min && value_si <= (double)max)) {
    char v[32];
    snprintf(v, sizeof v, "%g", value_si);
    return int_bounds(row, name, v, err);
  }
  *FIELD(opts, row->offset, int) = (int)value_si;
  return VT_OK;
}

int vt_option_format(const vt_option *row, const void *opts, char *buf, size_t size,
                     vt_error *err) {
  if (!row || !opts || !buf || !size)
    return vt_fail(err, VT_EINVAL, "vt_option_format: NULL argument");
  const vt_option *o = row;
  const char *unit = o->unit ? o->unit : vt_dim_unit(o->dim), *sp = *unit ? " " : "";
  vt_dim dim = field_unit(o) ? VT_DIM_NONE : o->dim; /* NONE: the field's value as it is */
  buf[0] = '\0';
  if (o->kind == VT_OPTION_QUANTITY) {
    double v = *CFIELD(opts, o->offset, double);
    if (isfinite(v)) snprintf(buf, size, "%g%s%s", vt_from_si(v, dim, unit), sp, unit);
  } else if (o->kind == VT_OPTION_RANGE) {
    const double *v = CFIELD(opts, o->offset, double);
    if (isfinite(v[0]) && isfinite(v[1]))
      snprintf(buf, size, "%g, %g%s%s", vt_from_si(v[0], dim, unit), vt_from_si(v[1], dim, unit),
               sp, unit);
  } else if (o->kind == VT_OPTION_CHOICE) {
    int k = *CFIELD(opts, o->offset, int);
    const char *n = o->choices ? o->choices : "";
    for (; k > 0 && strchr(n, '|'); k--) n = strchr(n, '|') + 1;
    snprintf(buf, size, "%.*s", (int)strcspn(n, "|"), n);
  } else if (o->kind == VT_OPTION_TEXT) {
    const char *v = *CFIELD(opts, o->offset, char *);
    if (v) snprintf(buf, size, "%s", v);
  } else if (o->kind == VT_OPTION_INT) {
    snprintf(buf, size, "%d", *CFIELD(opts, o->offset, int));
  }
  return VT_OK;
}
