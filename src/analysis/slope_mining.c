/* Slope mining of isothermal E_IS(t) curves (paper 003 Sec. 3.1 and Appendix A2) and the ageing
 * map made from the entries.
 *
 * Each neighbouring pair of points of a curve at temperature T gives one entry: the slope
 * (E_n+1 - E_n)/(t_n+1 - t_n) is the ageing rate at T and at the midpoint energy
 * (E_n + E_n+1)/2. The secant slope is the derivative at the midpoint time to second order, and
 * the midpoint energy is the energy there to second order too, so an entry is good to O(dt^2);
 * paper 003 (Sec. 4) names this as one source of its MD-vs-model scatter.
 *
 * Entries that overlap are averaged before the spline (paper 003 A2: "the averaged values are
 * firstly chosen for overlapped points"): entries overlap when they share a temperature (the
 * curves' T equal to 1e-9 relative: replicas of one condition) and their energies fall in the
 * same bin [k dE, (k+1) dE) of a fixed grid of width dE (default: 1/100 of the E_IS span of all
 * entries). The average sits at the mean energy and mean rate of its members. Averaging
 * removes replica noise and bounds the spline's size by (temperatures x bins).
 *
 * The map: a thin-plate spline (tps.c) of the averaged entries over (T, E_IS), evaluated on a
 * grid, with the maximum-rate line and the ageing/rejuvenation boundary read off the grid
 * (pel_map.c). Grid points that no pair of neighbouring curve temperatures brackets with entries
 * at their energy (within one bin) are set to NaN by default: the spline is trusted between
 * curves, not beyond them (curves at a high T cover only the low energies they relax to quickly,
 * and the spline's extrapolation there would bend the maximum-rate line). With VT_AGEMAP_ASINH the
 * spline smooths asinh(rate/s) instead of the rate: an odd, monotonic map, so signs, the boundary
 * and, for exact data, the position of the maximum are kept, while rates many decades apart weigh
 * alike. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "vitrum/pel.h"

#define EV           VT_EV_J_PER_MOL
#define T_SAME_REL   1e-9
#define DEFAULT_BINS 100.0

void vt_age_entries_free(vt_age_entries *e) {
  if (e) VT_FREE_ZERO(e, e->T_K, e->E_IS, e->rate, e->count, e->curve, e->E_half);
}

static int entries_alloc(vt_age_entries *e, size_t n) {
  memset(e, 0, sizeof *e);
  if (VT_ALLOC(n, VT_GROW_ITEM(e->T_K), VT_GROW_ITEM(e->E_IS), VT_GROW_ITEM(e->rate),
               VT_GROW_ITEM(e->count), VT_GROW_ITEM(e->curve), VT_GROW_ITEM(e->E_half))) {
    vt_age_entries_free(e);
    return VT_ENOMEM;
  }
  return VT_OK;
}

/* "file:line" of point i of curve c, or "curve 'name', point i" when no line is known. */
static const char *where(const vt_eis_set *set, size_t c, size_t i, char *buf, size_t size) {
  const vt_eis_curve *cv = &set->curves[c];
  const char *src = set->sources && set->sources[c] ? set->sources[c] : NULL;
  if (src && cv->line)
    snprintf(buf, size, "%s:%ld", src, cv->line[i]);
  else
    snprintf(buf, size, "%s%scurve '%s', point %zu", src ? src : "", src ? ": " : "",
             cv->name ? cv->name : "?", i + 1);
  return buf;
}

static int check_curve(const vt_eis_set *set, size_t c, vt_error *err) {
  const vt_eis_curve *cv = &set->curves[c];
  const char *src = set->sources && set->sources[c] ? set->sources[c] : "";
  const char *name = cv->name ? cv->name : "?";
  char at[512];
  if (!isfinite(cv->T_K) || !(cv->T_K > 0))
    return vt_fail(err, VT_EINVAL,
                   "%s%scurve '%s' has %s temperature: every curve must be isothermal at a known "
                   "T (a T column, a '# T = ... K' line or --T)",
                   src, *src ? ": " : "", name, isnan(cv->T_K) ? "no" : "a non-positive");
  if (cv->n < 2)
    return vt_fail(err, VT_EINVAL,
                   "%s%scurve '%s' at %g K has %zu point%s: slope mining needs at least 2 "
                   "points per curve",
                   src, *src ? ": " : "", name, cv->T_K, cv->n, cv->n == 1 ? "" : "s");
  for (size_t i = 0; i < cv->n; i++) {
    if (!isfinite(cv->time_s[i]) || !isfinite(cv->E_IS[i]))
      return vt_fail(err, VT_EINVAL, "%s: time or E_IS is not finite",
                     where(set, c, i, at, sizeof at));
    if (i && cv->time_s[i] == cv->time_s[i - 1])
      return vt_fail(err, VT_EINVAL,
                     "%s: duplicate time %g s (the previous point has the same time): times "
                     "must increase strictly along a curve",
                     where(set, c, i, at, sizeof at), cv->time_s[i]);
    if (i && cv->time_s[i] < cv->time_s[i - 1])
      return vt_fail(err, VT_EINVAL,
                     "%s: time %g s goes back from %g s: times must increase strictly along a "
                     "curve (start a new curve with a `curve` column)",
                     where(set, c, i, at, sizeof at), cv->time_s[i], cv->time_s[i - 1]);
  }
  return VT_OK;
}

int vt_slope_mine(const vt_eis_set *set, vt_age_entries *raw, vt_error *err) {
  if (raw) memset(raw, 0, sizeof *raw);
  if (!set || !raw || set->n == 0) return vt_fail(err, VT_EINVAL, "slope mining: no curves");
  size_t total = 0;
  for (size_t c = 0; c < set->n; c++) {
    int rc = check_curve(set, c, err);
    if (rc) return rc;
    total += set->curves[c].n - 1;
  }
  if (entries_alloc(raw, total)) return vt_fail(err, VT_ENOMEM, "out of memory (entries)");
  for (size_t c = 0; c < set->n; c++) {
    const vt_eis_curve *cv = &set->curves[c];
    for (size_t i = 0; i + 1 < cv->n; i++) {
      size_t k = raw->n++;
      raw->T_K[k] = cv->T_K;
      raw->E_IS[k] = 0.5 * (cv->E_IS[i] + cv->E_IS[i + 1]);
      raw->rate[k] = (cv->E_IS[i + 1] - cv->E_IS[i]) / (cv->time_s[i + 1] - cv->time_s[i]);
      raw->count[k] = 1;
      raw->curve[k] = c;
      raw->E_half[k] = 0.5 * fabs(cv->E_IS[i + 1] - cv->E_IS[i]);
    }
  }
  return VT_OK;
}

/* ---- Averaging ------------------------------------------------------------------------------- */

typedef struct keyed {
  double T;     /* the group's temperature (first member after sorting by T) */
  double bin;   /* floor(E / dE) */
  size_t index; /* into the raw entries */
} keyed;

static int cmp_T(const void *pa, const void *pb) {
  const keyed *a = pa, *b = pb;
  return a->T < b->T ? -1 : a->T > b->T ? 1 : (a->index > b->index) - (a->index < b->index);
}

static int cmp_key(const void *pa, const void *pb) {
  const keyed *a = pa, *b = pb;
  if (a->T != b->T) return a->T < b->T ? -1 : 1;
  if (a->bin != b->bin) return a->bin < b->bin ? -1 : 1;
  return (a->index > b->index) - (a->index < b->index);
}

static double default_bin(const vt_age_entries *raw) {
  double lo = INFINITY, hi = -INFINITY;
  for (size_t i = 0; i < raw->n; i++) lo = fmin(lo, raw->E_IS[i]), hi = fmax(hi, raw->E_IS[i]);
  return hi > lo ? (hi - lo) / DEFAULT_BINS : 1.0;
}

int vt_age_entries_average(const vt_age_entries *raw, double dE, vt_age_entries *avg,
                           vt_error *err) {
  if (avg) memset(avg, 0, sizeof *avg);
  if (!raw || !avg || raw->n == 0) return vt_fail(err, VT_EINVAL, "averaging: no entries");
  if (dE == 0) dE = default_bin(raw);
  if (!(dE > 0) || !isfinite(dE))
    return vt_fail(err, VT_ERANGE, "averaging: the E_IS bin %g must be > 0", dE);
  keyed *k = malloc(raw->n * sizeof *k);
  if (!k || entries_alloc(avg, raw->n)) {
    free(k);
    return vt_fail(err, VT_ENOMEM, "out of memory (averaging)");
  }
  for (size_t i = 0; i < raw->n; i++) k[i] = (keyed){raw->T_K[i], floor(raw->E_IS[i] / dE), i};
  /* Temperatures equal to T_SAME_REL join the group of the first one, in sorted order. */
  qsort(k, raw->n, sizeof *k, cmp_T);
  for (size_t i = 1; i < raw->n; i++)
    if (k[i].T - k[i - 1].T <= T_SAME_REL * k[i].T) k[i].T = k[i - 1].T;
  qsort(k, raw->n, sizeof *k, cmp_key);
  for (size_t i = 0; i < raw->n;) {
    size_t j = i, o = avg->n++;
    double sE = 0.0, sr = 0.0, sT = 0.0, lo = INFINITY, hi = -INFINITY;
    for (; j < raw->n && k[j].T == k[i].T && k[j].bin == k[i].bin; j++) {
      size_t q = k[j].index;
      double h = raw->E_half ? raw->E_half[q] : 0.0;
      sE += raw->E_IS[q], sr += raw->rate[q], sT += raw->T_K[q];
      lo = fmin(lo, raw->E_IS[q] - h), hi = fmax(hi, raw->E_IS[q] + h);
    }
    double n = (double)(j - i);
    avg->T_K[o] = sT / n, avg->E_IS[o] = sE / n, avg->rate[o] = sr / n;
    avg->E_half[o] = 0.5 * (hi - lo);
    avg->count[o] = j - i;
    avg->curve[o] = SIZE_MAX;
    i = j;
  }
  free(k);
  return VT_OK;
}

/* ---- The map --------------------------------------------------------------------------------- */

vt_agemap_options vt_agemap_options_default(void) {
  vt_agemap_options o;
  memset(&o, 0, sizeof o);
  o.lambda = 3e-3;
  o.E_bin = 0.0;
  o.nT = o.nE = 121;
  o.T_range_K[0] = o.T_range_K[1] = o.E_range[0] = o.E_range[1] = NAN;
  o.transform = VT_AGEMAP_LINEAR;
  o.asinh_scale = 0.0;
  o.mask = 1;
  o.spline = vt_tps_options_default();
  return o;
}

/* ---- Support of the data --------------------------------------------------------------------- */

/* Per curve temperature: the energies its entries cover, as merged intervals [lo, hi] (each
 * raw entry covers the energy step of its pair; gaps up to one bin are bridged). */
typedef struct support {
  size_t n;    /* temperatures */
  double *T;   /* n */
  size_t *iv0; /* n + 1: intervals of temperature g are iv0[g] .. iv0[g+1]-1 */
  double *lo, *hi;
} support;

typedef struct span {
  double T, lo, hi;
} span;

static int cmp_span(const void *pa, const void *pb) {
  const span *a = pa, *b = pb;
  return a->T != b->T ? (a->T < b->T ? -1 : 1) : (a->lo > b->lo) - (a->lo < b->lo);
}

static void support_free(support *s) {
  free(s->T);
  free(s->iv0);
  free(s->lo);
  free(s->hi);
}

static int support_build(const vt_age_entries *raw, double dE, support *s) {
  memset(s, 0, sizeof *s);
  size_t n = raw->n;
  span *sp = malloc(n * sizeof *sp);
  s->T = malloc(n * sizeof *s->T), s->iv0 = malloc((n + 1) * sizeof *s->iv0);
  s->lo = malloc(n * sizeof *s->lo), s->hi = malloc(n * sizeof *s->hi);
  if (!sp || !s->T || !s->iv0 || !s->lo || !s->hi) return free(sp), VT_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    double h = raw->E_half ? raw->E_half[i] : 0.0;
    sp[i] = (span){raw->T_K[i], raw->E_IS[i] - h - dE, raw->E_IS[i] + h + dE};
  }
  qsort(sp, n, sizeof *sp, cmp_span);
  for (size_t i = 1; i < n; i++) /* one temperature to T_SAME_REL, as for averaging */
    if (sp[i].T - sp[i - 1].T <= T_SAME_REL * sp[i].T) sp[i].T = sp[i - 1].T;
  qsort(sp, n, sizeof *sp, cmp_span);
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (s->n == 0 || sp[i].T != s->T[s->n - 1]) {
      s->T[s->n] = sp[i].T, s->iv0[s->n] = m, s->n++;
    } else if (sp[i].lo <= s->hi[m - 1]) {
      s->hi[m - 1] = fmax(s->hi[m - 1], sp[i].hi);
      continue;
    }
    s->lo[m] = sp[i].lo, s->hi[m] = sp[i].hi, m++;
  }
  s->iv0[s->n] = m;
  free(sp);
  return VT_OK;
}

/* Does temperature group g cover E? (binary search over its merged intervals) */
static int covered(const support *s, size_t g, double E) {
  size_t lo = s->iv0[g], hi = s->iv0[g + 1];
  while (lo < hi) { /* first interval ending at or above E */
    size_t mid = lo + (hi - lo) / 2;
    if (s->hi[mid] < E)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < s->iv0[g + 1] && s->lo[lo] <= E;
}

/* A grid point is supported when the curve temperatures bracketing it both cover its E_IS (or,
 * on a curve temperature, that one does). */
static int supported(const support *s, double T, double E) {
  double eps = 1e-9 * T;
  if (s->n == 0 || T < s->T[0] - eps || T > s->T[s->n - 1] + eps) return 0;
  size_t j = 0;
  while (j + 1 < s->n && s->T[j + 1] <= T + eps) j++;
  if (fabs(T - s->T[j]) <= eps) return covered(s, j, E);
  return j + 1 < s->n && covered(s, j, E) && covered(s, j + 1, E);
}

static int cmp_double(const void *pa, const void *pb) {
  double a = *(const double *)pa, b = *(const double *)pb;
  return (a > b) - (a < b);
}

/* Median |rate| of the entries, the default scale of the asinh transform. */
static double median_abs(const vt_age_entries *e) {
  double *a = malloc(e->n * sizeof *a), m = 1.0;
  if (!a) return m;
  for (size_t i = 0; i < e->n; i++) a[i] = fabs(e->rate[i]);
  qsort(a, e->n, sizeof *a, cmp_double);
  m = a[e->n / 2] > 0 ? a[e->n / 2] : 1.0;
  free(a);
  return m;
}

/* The averaged entries must span two temperatures and fit the spline's size limit. */
static int check_for_map(const vt_age_entries *avg, double dE, const vt_agemap_options *o,
                         vt_error *err) {
  double Tmin = INFINITY, Tmax = -INFINITY;
  for (size_t i = 0; i < avg->n; i++)
    Tmin = fmin(Tmin, avg->T_K[i]), Tmax = fmax(Tmax, avg->T_K[i]);
  if (!(Tmax > Tmin))
    return vt_fail(err, VT_EINVAL,
                   "agemap: every curve is at %g K: a map over (T, E_IS) needs curves at two or "
                   "more temperatures",
                   Tmin);
  int dense = o->spline.method == VT_TPS_DENSE ||
              (o->spline.method == VT_TPS_AUTO && avg->n <= o->spline.dense_max);
  if (dense && avg->n > VT_TPS_MAX_POINTS)
    return vt_fail(err, VT_ERANGE,
                   "agemap: %zu averaged entries exceed the dense spline's limit of %d (memory "
                   "8 (n + 3)^2 bytes, time ~n^3/3): use the local spline, or bin more coarsely "
                   "than %.3g eV",
                   avg->n, VT_TPS_MAX_POINTS, dE / EV);
  return VT_OK;
}

static double range_or(double v, double data) {
  return isfinite(v) ? v : data;
}

/* Grid the spline; rates back-transformed. */
static int grid_map(const vt_tps *tps, const vt_age_entries *avg, const vt_agemap_options *o,
                    double scale, const support *sup, vt_rate_map *map, vt_error *err) {
  double Tlo = INFINITY, Thi = -INFINITY, Elo = INFINITY, Ehi = -INFINITY;
  for (size_t i = 0; i < avg->n; i++) {
    Tlo = fmin(Tlo, avg->T_K[i]), Thi = fmax(Thi, avg->T_K[i]);
    Elo = fmin(Elo, avg->E_IS[i]), Ehi = fmax(Ehi, avg->E_IS[i]);
  }
  Tlo = range_or(o->T_range_K[0], Tlo), Thi = range_or(o->T_range_K[1], Thi);
  Elo = range_or(o->E_range[0], Elo), Ehi = range_or(o->E_range[1], Ehi);
  if (o->nT < 3 || o->nE < 2 || !(Thi > Tlo) || !(Ehi > Elo))
    return vt_fail(err, VT_ERANGE, "agemap: the grid needs >= 3 x 2 points over a non-empty range");
  size_t nT = (size_t)o->nT, nE = (size_t)o->nE;
  if (vt_rate_map_alloc(map, nE, nT)) return vt_fail(err, VT_ENOMEM, "out of memory (map)");
  for (size_t i = 0; i < nT; i++) map->T_K[i] = Tlo + (Thi - Tlo) * (double)i / (double)(nT - 1);
  for (size_t r = 0; r < nE; r++) map->E_IS[r] = Elo + (Ehi - Elo) * (double)r / (double)(nE - 1);
    /* A local spline solves a small system per point: rows in parallel (the spline and the
     * support are read-only), masked points not evaluated. */
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic)
#endif
  for (size_t r = 0; r < nE; r++)
    for (size_t i = 0; i < nT; i++) {
      double f = NAN;
      if (!sup || supported(sup, map->T_K[i], map->E_IS[r])) {
        f = vt_tps_eval(tps, map->T_K[i], map->E_IS[r]);
        f = o->transform == VT_AGEMAP_ASINH ? scale * sinh(f) : f;
      }
      map->rate[r * nT + i] = f;
    }
  return VT_OK;
}

int vt_agemap_compute(const vt_age_entries *raw, const vt_agemap_options *opts,
                      vt_age_entries *avg_out, vt_rate_map *map, vt_rate_lines *lines,
                      vt_error *err) {
  vt_agemap_options o = opts ? *opts : vt_agemap_options_default();
  vt_age_entries avg;
  if (avg_out) memset(avg_out, 0, sizeof *avg_out);
  if (!map || !lines) return vt_fail(err, VT_EINVAL, "agemap: NULL map or lines");
  memset(map, 0, sizeof *map);
  memset(lines, 0, sizeof *lines);
  double dE = o.E_bin == 0 && raw && raw->n ? default_bin(raw) : o.E_bin;
  int rc = vt_age_entries_average(raw, dE, &avg, err);
  if (rc) return rc;
  double scale =
      o.transform == VT_AGEMAP_ASINH ? (o.asinh_scale > 0 ? o.asinh_scale : median_abs(&avg)) : 1.0;
  double *z = (rc = check_for_map(&avg, dE, &o, err)) ? NULL : malloc(avg.n * sizeof *z);
  if (!rc && !z) rc = vt_fail(err, VT_ENOMEM, "out of memory");
  for (size_t i = 0; z && i < avg.n; i++)
    z[i] = o.transform == VT_AGEMAP_ASINH ? asinh(avg.rate[i] / scale) : avg.rate[i];
  vt_tps *tps = rc ? NULL : vt_tps_fit_opts(avg.T_K, avg.E_IS, z, avg.n, o.lambda, &o.spline, err);
  if (!rc && !tps) rc = err ? err->status : VT_ENUMERIC;
  support sup = {0};
  if (!rc && o.mask && support_build(raw, dE, &sup)) rc = vt_fail(err, VT_ENOMEM, "out of memory");
  if (!rc) rc = grid_map(tps, &avg, &o, scale, o.mask ? &sup : NULL, map, err);
  support_free(&sup);
  if (!rc) rc = vt_rate_map_lines(map, lines, err);
  vt_tps_free(tps);
  free(z);
  if (rc) vt_rate_map_free(map);
  if (!rc && avg_out)
    *avg_out = avg;
  else
    vt_age_entries_free(&avg);
  return rc;
}
