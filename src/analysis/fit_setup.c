/* Setting a fit up: the free parameters and their bounds resolved against a model's table, the
 * checks data must pass before a fit, and the protocols of the data with dense times for
 * drawing the fitted lines. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "fit_internal.h"

static const vt_param_info *find_param(const vt_model *m, const char *name, size_t len) {
  size_t n;
  const vt_param_info *t = vt_model_params(m, &n);
  for (size_t k = 0; k < n; k++)
    if (strlen(t[k].name) == len && strncmp(t[k].name, name, len) == 0) return &t[k];
  return NULL;
}

/* "model tnm has no parameter 'zz'; its parameters are A, dh, ...". */
static int unknown_param(const vt_model *m, const char *tok, size_t len, vt_error *err) {
  size_t n;
  const vt_param_info *t = vt_model_params(m, &n);
  char names[512] = "";
  for (size_t j = 0; j < n; j++)
    snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", j ? ", " : "", t[j].name);
  return vt_fail(err, VT_ENOTFOUND, "model %s has no parameter '%.*s'; its parameters are %s",
                 vt_model_name(m), (int)len, tok, names);
}

int vt_fit_params_add(vt_fit_params *p, const vt_model *m, const char *list, vt_error *err) {
  if (!p || !m || !list) return vt_fail(err, VT_EINVAL, "vt_fit_params_add: NULL argument");
  size_t before = p->n;
  for (const char *s = list; *s;) {
    s += strspn(s, ", ");
    size_t len = strcspn(s, ", ");
    if (!len) break;
    const vt_param_info *pi = find_param(m, s, len);
    int twice = 0;
    for (size_t j = 0; pi && j < p->n; j++) twice |= strcmp(p->names[j], pi->name) == 0;
    int rc = !pi                       ? unknown_param(m, s, len, err)
             : twice                   ? vt_fail(err, VT_EINVAL, "'%s' named twice", pi->name)
             : p->n == VT_FIT_MAX_FREE ? vt_fail(err, VT_ERANGE, "too many parameters")
                                       : VT_OK;
    if (rc) return p->n = before, rc;
    snprintf(p->names[p->n], sizeof p->names[p->n], "%s", pi->name);
    p->name[p->n] = p->names[p->n];
    p->lower[p->n] = p->upper[p->n] = NAN;
    p->n++;
    s += len;
  }
  return p->n ? VT_OK : vt_fail(err, VT_EINVAL, "no parameter named");
}

/* One value of "LO,HI UNIT": LO without a unit takes HI's. */
static int bound_value(const char *text, size_t len, const char *unit, const vt_param_info *pi,
                       double *v, vt_error *err) {
  char buf[256];
  snprintf(buf, sizeof buf, "%.*s", (int)len, text);
  char *end;
  strtod(buf, &end);
  if (end != buf && !end[strspn(end, " ")] && *unit)
    snprintf(buf + strlen(buf), sizeof buf - strlen(buf), " %s", unit);
  vt_error e;
  if (vt_parse_quantity(buf, pi->dim, v, &e) == VT_OK) return VT_OK;
  return vt_fail(err, e.status, "%s: %s", pi->name, e.message);
}

static double in_unit(double si, const vt_param_info *pi) {
  return vt_from_si(si, pi->dim, pi->unit);
}

/* The bounds lie inside the table's, and the start inside them. */
static int check_bound(const vt_model *m, const vt_param_info *pi, double lo, double hi,
                       vt_error *err) {
  const char *u = pi->unit;
  if (lo < pi->lower_si || hi > pi->upper_si)
    return vt_fail(err, VT_ERANGE, "%s: [%g, %g] %s must lie within the table's [%g, %g] %s",
                   pi->name, in_unit(lo, pi), in_unit(hi, pi), u, in_unit(pi->lower_si, pi),
                   in_unit(pi->upper_si, pi), u);
  double start;
  vt_model_get(m, pi->name, &start, NULL);
  if (!(start >= lo && start <= hi))
    return vt_fail(err, VT_ERANGE,
                   "%s: the start %s = %g %s lies outside [%g, %g] %s: set a start inside "
                   "with --set '%s=VALUE %s'",
                   pi->name, pi->name, in_unit(start, pi), u, in_unit(lo, pi), in_unit(hi, pi), u,
                   pi->name, u);
  return VT_OK;
}

int vt_fit_params_bound(vt_fit_params *p, const vt_model *m, const char *spec, vt_error *err) {
  if (!p || !m || !spec) return vt_fail(err, VT_EINVAL, "vt_fit_params_bound: NULL argument");
  const char *eq = strchr(spec, '=');
  size_t j = 0, len = eq ? (size_t)(eq - spec) : 0;
  while (j < p->n && !(strlen(p->names[j]) == len && !strncmp(p->names[j], spec, len))) j++;
  if (!eq || j == p->n)
    return vt_fail(err, VT_EINVAL,
                   "'%s': expected NAME=LO,HI UNIT with NAME one of the free parameters", spec);
  if (!isnan(p->lower[j]))
    return vt_fail(err, VT_EINVAL, "'%s': %s is bounded twice", spec, p->names[j]);
  const vt_param_info *pi = find_param(m, p->names[j], strlen(p->names[j]));
  const char *lo = eq + 1, *comma = strchr(lo, ',');
  if (!comma || strchr(comma + 1, ','))
    return vt_fail(err, VT_EPARSE, "%s: expected two rising values, LO,HI %s", pi->name, pi->unit);
  /* HI's unit: what follows its number */
  const char *hi = comma + 1;
  char *end;
  strtod(hi, &end);
  const char *unit = end + strspn(end, " ");
  double v[2];
  int rc = bound_value(lo, (size_t)(comma - lo), unit, pi, &v[0], err);
  if (!rc) rc = bound_value(hi, strlen(hi), "", pi, &v[1], err);
  if (!rc && !(v[0] < v[1]))
    rc = vt_fail(err, VT_EINVAL, "%s: expected two rising values, LO,HI %s", pi->name, pi->unit);
  if (!rc) rc = check_bound(m, pi, v[0], v[1], err);
  if (!rc) p->lower[j] = v[0], p->upper[j] = v[1];
  return rc;
}

void vt_fit_params_use(const vt_fit_params *p, vt_fit_options *o) {
  if (!p || !o) return;
  o->free_names = p->name;
  o->n_free = p->n;
  o->lower = p->lower;
  o->upper = p->upper;
}

/* ---- data checks -------------------------------------------------------------------------- */

static const char *source(const vt_fit_data *d, const char *const *file, size_t i, char *buf,
                          size_t size) {
  if (file && file[i])
    snprintf(buf, size, "%s:%ld", file[i], d->dh[i].line);
  else
    snprintf(buf, size, "point %zu (line %ld)", i + 1, d->dh[i].line);
  return buf;
}

/* Mixed weights would weigh the points without sigma as sigma = 1 in the data's unit. */
static int check_weights(const vt_fit_data *d, const char *const *file, int *unweighted_mix,
                         vt_error *err) {
  long with = -1, without = -1;
  for (size_t i = d->n_dh; i-- > 0;) /* backwards: the first of each is kept */
    *(isnan(d->dh[i].sigma_J_per_mol) ? &without : &with) = (long)i;
  int curves_with = 0, curves_without = 0;
  for (size_t c = 0; c < d->n_curves; c++)
    *(d->curves[c].sigma ? &curves_with : &curves_without) += 1;
  char a[300], b[300];
  if (with >= 0 && without >= 0)
    return vt_fail(
        err, VT_EINVAL, "%s has a sigma but %s has none: give every point an uncertainty or none",
        source(d, file, (size_t)with, a, sizeof a), source(d, file, (size_t)without, b, sizeof b));
  if ((with >= 0 || curves_with) && (without >= 0 || curves_without))
    return vt_fail(err, VT_EINVAL,
                   "some data carry a sigma and others do not: give every file an "
                   "uncertainty column or none");
  *unweighted_mix = d->n_dh && d->n_curves && without >= 0;
  return VT_OK;
}

/* The protocols start from T_eq; the DSC reading also quenches to T_low after the anneal. */
static int check_temperatures(const vt_fit_data *d, const vt_fit_options *o,
                              const char *const *file, vt_error *err) {
  int dsc = o->reading == VT_DH_DSC;
  double lo = dsc ? o->dsc.T_low_K : 0.0, hi = o->dsc.T_eq_K;
  for (size_t i = 0; i < d->n_dh; i++) {
    double T[2] = {d->dh[i].T1_K, d->dh[i].T2_K};
    for (int k = 0; k < 2; k++) {
      if (isnan(T[k]) || (T[k] > lo && T[k] < hi)) continue;
      char src[300];
      source(d, file, i, src, sizeof src);
      if (dsc)
        return vt_fail(err, VT_ERANGE,
                       "%s: T%d = %g K must lie between T_low = %g K and T_eq = %g K (set "
                       "them with --T-low, --T-eq)",
                       src, k + 1, T[k], lo, hi);
      return vt_fail(err, VT_ERANGE,
                     "%s: T%d = %g K must lie below T_eq = %g K, where the glass starts in "
                     "equilibrium (set it with --T-eq)",
                     src, k + 1, T[k], hi);
    }
  }
  return VT_OK;
}

int vt_fit_data_check(const vt_fit_data *data, const vt_fit_options *opts,
                      const char *const *dh_file, int *unweighted_mix, vt_error *err) {
  if (!data || !opts || !unweighted_mix)
    return vt_fail(err, VT_EINVAL, "vt_fit_data_check: NULL argument");
  *unweighted_mix = 0;
  int rc = check_weights(data, dh_file, unweighted_mix, err);
  return rc ? rc : check_temperatures(data, opts, dh_file, err);
}

/* ---- protocols and their lines ------------------------------------------------------------ */

double vt_dh_point_time(const vt_dh_point *p) {
  return !p ? NAN : isnan(p->T2_K) ? p->t1_s : p->t2_s;
}

/* The protocols are the groups the fitter simulates with the state reading (one run per
 * protocol), so a plot's lines and the fit agree on what one protocol is. */
int vt_fit_protocols(const vt_fit_data *data, vt_fit_protocol **protocols, size_t *n,
                     size_t *protocol_of, vt_error *err) {
  if (!data || !protocols || !n || (!protocol_of && data->n_dh))
    return vt_fail(err, VT_EINVAL, "vt_fit_protocols: NULL argument");
  fit_group *g = NULL;
  size_t ng = 0;
  vt_fit_protocol *ps = malloc((data->n_dh + 1) * sizeof *ps);
  if (!ps || vt_fit_groups(data, VT_DH_STATE, &g, &ng))
    return free(ps), vt_fail(err, VT_ENOMEM, "out of memory");
  size_t np = 0;
  for (size_t k = 0; k < ng; k++) {
    if (g[k].kind != GROUP_DH) continue;
    const vt_dh_point *first = &data->dh[g[k].first];
    vt_fit_protocol *q = &ps[np];
    *q = (vt_fit_protocol){first->T1_K, isnan(first->T2_K) ? NAN : first->t1_s, first->T2_K, 0, 0};
    for (size_t j = 0; j < g[k].count; j++) {
      size_t i = g[k].members[j];
      double x = vt_dh_point_time(&data->dh[i]);
      if (x > 0) {
        q->t_lo_s = q->t_hi_s > 0 ? fmin(q->t_lo_s, x) : x;
        q->t_hi_s = fmax(q->t_hi_s, x);
      }
      protocol_of[i] = np;
    }
    np++;
  }
  vt_fit_groups_free(g, ng);
  *protocols = ps;
  *n = np;
  return VT_OK;
}

int vt_fit_protocol_lines(const vt_fit_protocol *protocols, size_t n, size_t points,
                          vt_fit_data *lines, size_t **protocol_of, vt_error *err) {
  if ((!protocols && n) || !lines || !protocol_of)
    return vt_fail(err, VT_EINVAL, "vt_fit_protocol_lines: NULL argument");
  if (points < 2) return vt_fail(err, VT_EINVAL, "vt_fit_protocol_lines: points must be >= 2");
  memset(lines, 0, sizeof *lines);
  vt_dh_point *pts = malloc(n * points * sizeof *pts + 1);
  size_t *of = malloc(n * points * sizeof *of + 1), m = 0;
  if (!pts || !of) return free(pts), free(of), vt_fail(err, VT_ENOMEM, "out of memory");
  for (size_t k = 0; k < n; k++) {
    const vt_fit_protocol *q = &protocols[k];
    if (!(q->t_hi_s > 0)) continue;
    /* a little beyond the data; a single time gets a decade around it */
    double f = q->t_lo_s == q->t_hi_s ? 3.0 : 1.5, lo = q->t_lo_s / f, hi = q->t_hi_s * f;
    int two = !isnan(q->T2_K);
    for (size_t j = 0; j < points; j++, m++) {
      double x = lo * pow(hi / lo, (double)j / (double)(points - 1));
      pts[m] = (vt_dh_point){q->T1_K, two ? q->t1_s : x, q->T2_K, two ? x : NAN, 0.0, NAN, 0};
      of[m] = k;
    }
  }
  *lines = (vt_fit_data){m, pts, 0, NULL};
  *protocol_of = of;
  return VT_OK;
}

const char *vt_fit_protocol_label(const vt_fit_protocol *q, char *buf, size_t size) {
  if (!q || !buf || !size) return NULL;
  if (isnan(q->T2_K))
    snprintf(buf, size, "single step at %g K", q->T1_K);
  else
    snprintf(buf, size, "%g K for %g s, then %g K", q->T1_K, q->t1_s, q->T2_K);
  return buf;
}

void vt_fit_lines_free(vt_fit_lines *l) {
  if (!l) return;
  free(l->protocols);
  free(l->protocol_of);
  vt_fit_data_free(&l->lines);
  free(l->line_protocol);
  free(l->predicted);
  memset(l, 0, sizeof *l);
}

int vt_fit_lines_make(vt_model *model, const vt_fit_data *data, const vt_fit_options *opts,
                      size_t points, vt_fit_lines *out, vt_error *err) {
  if (out) memset(out, 0, sizeof *out);
  if (!model || !data || !opts || !out)
    return vt_fail(err, VT_EINVAL, "vt_fit_lines_make: NULL argument");
  vt_fit_lines l = {0};
  l.protocol_of = malloc((data->n_dh + 1) * sizeof *l.protocol_of);
  int rc = l.protocol_of ? VT_OK : vt_fail(err, VT_ENOMEM, "out of memory");
  if (!rc) rc = vt_fit_protocols(data, &l.protocols, &l.n_protocols, l.protocol_of, err);
  if (!rc)
    rc = vt_fit_protocol_lines(l.protocols, l.n_protocols, points, &l.lines, &l.line_protocol, err);
  if (!rc && !(l.predicted = malloc((l.lines.n_dh + 1) * sizeof *l.predicted)))
    rc = vt_fail(err, VT_ENOMEM, "out of memory");
  vt_error e;
  if (!rc && l.lines.n_dh && vt_fit_predict(model, &l.lines, opts, l.predicted, &e))
    rc = vt_fail(err, e.status, "the fitted lines: %s", e.message);
  for (size_t i = 0; !rc && i < l.lines.n_dh; i++) {
    double x = vt_dh_point_time(&l.lines.dh[i]);
    l.t_lo_s = i ? fmin(l.t_lo_s, x) : x;
    l.t_hi_s = fmax(l.t_hi_s, x);
  }
  if (rc)
    vt_fit_lines_free(&l);
  else
    *out = l;
  return rc;
}
