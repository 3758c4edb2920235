/* Curve sets: freeing, selection by index or segment, scan rate. Below the format readers
 * (mettler.c, curve_csv.c) and the dispatcher (curves.c), which all use it. */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_fit.h>

#include "../core/internal.h"
#include "curve_internal.h"
#include "text_file.h"

void vt_curve_set_free(vt_curve_set *set) {
  if (!set) return;
  for (size_t i = 0; i < set->n; i++) {
    vt_curve *c = &set->curves[i];
    free(c->name);
    free(c->time_s);
    free(c->Ts_K);
    free(c->Tr_K);
    free(c->heat_flow_W);
  }
  VT_FREE_ZERO(set, set->curves, set->source);
}

/* ---- Selection --------------------------------------------------------------------------- */

typedef struct index_list {
  size_t *v, n, cap;
} index_list;

static int push_index(index_list *l, size_t i) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? 2 * l->cap : 16;
    size_t *grown = realloc(l->v, cap * sizeof *grown);
    if (!grown) return VT_ENOMEM;
    l->v = grown;
    l->cap = cap;
  }
  l->v[l->n++] = i;
  return VT_OK;
}

/* An unsigned integer of at most 9 digits (so it fits an int), skipping spaces around it. */
static int read_uint(const char **p, long *out) {
  const char *s = *p;
  while (*s == ' ') s++;
  long v = 0;
  int digits = 0;
  while (isdigit((unsigned char)*s) && digits < 10) v = 10 * v + (*s++ - '0'), digits++;
  while (*s == ' ') s++;
  *p = s;
  *out = v;
  return digits > 0 && digits <= 9;
}

/* "seg:87,81, 75" in the set's message form: the segments the file holds. */
static void list_segments(const vt_curve_set *set, char *buf, size_t size) {
  size_t used = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < set->n && used + 16 < size; i++)
    used +=
        (size_t)snprintf(buf + used, size - used, "%s%d", i ? ", " : "", set->curves[i].segment);
  if (used + 16 >= size) snprintf(buf + used, size - used, ", ...");
}

/* Add the curves an item (a or a-b) selects. */
static int select_item(const vt_curve_set *set, const char *spec, int by_segment, long a, long b,
                       index_list *l, vt_error *err) {
  if (b < a)
    return vt_fail(err, VT_EPARSE, "curve selection '%s': the range %ld-%ld is reversed", spec, a,
                   b);
  if (!by_segment) {
    if ((size_t)b >= set->n)
      return vt_fail(err, VT_ERANGE,
                     "curve selection '%s': there is no curve %ld: the file has %zu curve%s "
                     "(indices 0-%zu)",
                     spec, b, set->n, set->n == 1 ? "" : "s", set->n - 1);
    for (long i = a; i <= b; i++)
      if (push_index(l, (size_t)i)) return vt_fail(err, VT_ENOMEM, "out of memory");
    return VT_OK;
  }
  size_t before = l->n;
  for (size_t i = 0; i < set->n; i++)
    if (set->curves[i].segment >= a && set->curves[i].segment <= b)
      if (push_index(l, i)) return vt_fail(err, VT_ENOMEM, "out of memory");
  if (l->n == before) {
    char segs[160], range[48];
    list_segments(set, segs, sizeof segs);
    if (a == b)
      snprintf(range, sizeof range, "segment %ld", a);
    else
      snprintf(range, sizeof range, "a segment in %ld-%ld", a, b);
    return vt_fail(err, VT_ENOTFOUND,
                   "curve selection '%s': no curve has %s (the file's segments: %s)", spec, range,
                   segs);
  }
  return VT_OK;
}

static int parse_items(const vt_curve_set *set, const char *spec, index_list *l, vt_error *err) {
  const char *p = spec;
  while (*p == ' ') p++;
  int by_segment = strncmp(p, "seg:", 4) == 0;
  if (by_segment) p += 4;
  for (;;) {
    long a, b;
    if (!read_uint(&p, &a)) break;
    b = a;
    if (*p == '-') {
      p++;
      if (!read_uint(&p, &b)) break;
    }
    int rc = select_item(set, spec, by_segment, a, b, l, err);
    if (rc) return rc;
    if (*p == '\0') return VT_OK;
    if (*p++ != ',') break;
  }
  return vt_fail(err, VT_EPARSE,
                 "curve selection '%s': expected 'all', indices such as '0,3,5-7' or segments "
                 "such as 'seg:87,81'",
                 spec);
}

int vt_curve_set_select(const vt_curve_set *set, const char *spec, size_t **indices, size_t *count,
                        vt_error *err) {
  if (!indices || !count) return vt_fail(err, VT_EINVAL, "vt_curve_set_select: NULL output");
  *indices = NULL;
  *count = 0;
  if (!set || !spec) return vt_fail(err, VT_EINVAL, "no curve set or selection");
  if (set->n == 0) return vt_fail(err, VT_EINVAL, "curve selection '%s': no curves", spec);
  index_list l = {NULL, 0, 0};
  const char *s = spec;
  while (*s == ' ') s++;
  int rc = VT_OK;
  if (strncmp(s, "all", 3) == 0 && s[3 + strspn(s + 3, " ")] == '\0') {
    for (size_t i = 0; i < set->n && !rc; i++)
      if (push_index(&l, i)) rc = vt_fail(err, VT_ENOMEM, "out of memory");
  } else {
    rc = parse_items(set, spec, &l, err);
  }
  if (rc) {
    free(l.v);
    return rc;
  }
  *indices = l.v;
  *count = l.n;
  return VT_OK;
}

/* ---- Scan rate --------------------------------------------------------------------------- */

static long line_of(const vt_curve *c, size_t i) {
  return c->first_line > 0 ? c->first_line + (long)i : 0;
}

/* Time strictly increasing and T strictly monotonic, else an error naming the first bad point. */
static int check_scan(const vt_curve *c, const double *T, const char *which, vt_error *err) {
  for (size_t i = 0; i < c->n; i++)
    if (!isfinite(T[i]) || !isfinite(c->time_s[i]))
      return vt_fail_at(err, VT_EINVAL, line_of(c, i),
                        "curve '%.80s' has no %s value at point %zu (line %ld)", c->name, which, i,
                        line_of(c, i));
  double dir = T[1] - T[0];
  for (size_t i = 1; i < c->n; i++) {
    if (!(c->time_s[i] > c->time_s[i - 1]))
      return vt_fail_at(err, VT_EINVAL, line_of(c, i),
                        "curve '%.80s': time is not increasing at point %zu (line %ld): %.9g s "
                        "after %.9g s",
                        c->name, i, line_of(c, i), c->time_s[i], c->time_s[i - 1]);
    double d = T[i] - T[i - 1];
    if (!(dir > 0 ? d > 0 : d < 0))
      return vt_fail_at(err, VT_EINVAL, line_of(c, i),
                        "curve '%.80s': %s is not strictly %s at point %zu (line %ld): %.9g C "
                        "after %.9g C",
                        c->name, which,
                        dir > 0   ? "increasing"
                        : dir < 0 ? "decreasing"
                                  : "monotonic",
                        i, line_of(c, i), T[i] - 273.15, T[i - 1] - 273.15);
  }
  return VT_OK;
}

int vt_curve_rate(const vt_curve *curve, int use_Ts, double *rate_K_per_s,
                  double *max_rel_deviation, vt_error *err) {
  const char *which = use_Ts ? "Ts" : "Tr";
  if (!curve || curve->n < 3)
    return vt_fail(err, VT_EINVAL, "curve '%.80s' has %zu points: a scan rate needs at least 3",
                   curve && curve->name ? curve->name : "", curve ? curve->n : 0);
  const double *T = use_Ts ? curve->Ts_K : curve->Tr_K;
  int rc = check_scan(curve, T, which, err);
  if (rc) return rc;
  vt_gsl_quiet();
  double c0, c1, cov00, cov01, cov11, sumsq;
  if (gsl_fit_linear(curve->time_s, 1, T, 1, curve->n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq) ||
      !isfinite(c1) || c1 == 0.0)
    return vt_fail(err, VT_ENUMERIC,
                   "curve '%.80s': the straight-line fit of %s against time "
                   "failed",
                   curve->name, which);
  double worst = 0.0;
  for (size_t i = 1; i < curve->n; i++) {
    double local = (T[i] - T[i - 1]) / (curve->time_s[i] - curve->time_s[i - 1]);
    worst = fmax(worst, fabs(local / c1 - 1.0));
  }
  *rate_K_per_s = c1;
  if (max_rel_deviation) *max_rel_deviation = worst;
  return VT_OK;
}

int vt_curve_reserve(vt_curve *cv, size_t *cap, size_t need) {
  if (need <= *cap) return VT_OK;
  size_t n = *cap ? *cap : 1024;
  while (n < need) {
    if (n > SIZE_MAX / (2 * sizeof(double))) return VT_ENOMEM;
    n *= 2;
  }
  double **arrays[4] = {&cv->time_s, &cv->Ts_K, &cv->Tr_K, &cv->heat_flow_W};
  for (int k = 0; k < 4; k++) {
    double *grown = realloc(*arrays[k], n * sizeof(double));
    if (!grown) return VT_ENOMEM;
    *arrays[k] = grown;
  }
  *cap = n;
  return VT_OK;
}

int vt_curve_file_text(const char *who, const char *path, size_t max_bytes, vt_curve_set *out,
                       char **text, size_t *len, vt_error *err) {
  if (!out) return vt_fail(err, VT_EINVAL, "%s: NULL curve set", who);
  memset(out, 0, sizeof *out);
  if (!path) return vt_fail(err, VT_EINVAL, "%s: NULL path", who);
  return vt_read_text_file(path, max_bytes, text, len, err);
}
