/* Ageing-rate maps over (E_IS, T) (paper 003 Figs. 3a and 4b): the rate on a grid, the
 * temperature of maximum ageing rate per E_IS and the ageing/rejuvenation boundary.
 *
 * For the model the lines are found on the model itself: the boundary as the root of
 * <E_A> = <E_R> in T, the maximum by a scan between the bottom of the map and the boundary and
 * Brent's minimiser of dE_IS/dt (to 1e-6 K). For a gridded map (the smoothed MD map, or any
 * other) they are read off the grid: the most negative rate of a row, refined by the parabola
 * through it and its two neighbours, and the first change of sign from - to + above it,
 * interpolated linearly. A row whose most negative rate sits on an end of the T range has no
 * maximum inside the map (NaN): the true one lies beyond. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "vitrum/pel.h"

#define SCAN_POINTS 64 /* per E_IS row, to bracket the maximum for Brent's method */

void vt_rate_map_free(vt_rate_map *m) {
  if (m) VT_FREE_ZERO(m, m->E_IS, m->T_K, m->rate);
}

void vt_rate_lines_free(vt_rate_lines *l) {
  if (l) VT_FREE_ZERO(l, l->E_IS, l->T_max_K, l->rate_max, l->T_boundary_K);
}

static int lines_alloc(vt_rate_lines *l, const double *E, size_t n) {
  memset(l, 0, sizeof *l);
  l->E_IS = malloc(n * sizeof *l->E_IS);
  l->T_max_K = malloc(n * sizeof *l->T_max_K);
  l->rate_max = malloc(n * sizeof *l->rate_max);
  l->T_boundary_K = malloc(n * sizeof *l->T_boundary_K);
  if (!l->E_IS || !l->T_max_K || !l->rate_max || !l->T_boundary_K) {
    vt_rate_lines_free(l);
    return VT_ENOMEM;
  }
  l->n = n;
  memcpy(l->E_IS, E, n * sizeof *E);
  return VT_OK;
}

static void linspace(double *x, size_t n, double lo, double hi) {
  for (size_t i = 0; i < n; i++) x[i] = lo + (hi - lo) * (double)i / (double)(n - 1);
  x[n - 1] = hi;
}

/* ---- Lines of a gridded map ------------------------------------------------------------------ */

/* Row r: index of the most negative rate, SIZE_MAX when the row never ages. */
static size_t row_min(const vt_rate_map *m, size_t r) {
  const double *f = m->rate + r * m->nT;
  size_t best = SIZE_MAX;
  for (size_t i = 0; i < m->nT; i++)
    if (f[i] < 0 && (best == SIZE_MAX || f[i] < f[best])) best = i;
  return best;
}

/* Vertex of the parabola through (x0,f0), (x1,f1), (x2,f2) (equal spacing h), and its value. */
static void vertex(double x1, double h, double f0, double f1, double f2, double *x, double *f) {
  double c = f0 - 2.0 * f1 + f2, d = c > 0 ? 0.5 * h * (f0 - f2) / c : 0.0;
  if (fabs(d) > h) d = 0.0;
  *x = x1 + d;
  *f = c > 0 ? f1 - (f0 - f2) * (f0 - f2) / (8.0 * c) : f1;
}

int vt_rate_map_lines(const vt_rate_map *m, vt_rate_lines *l, vt_error *err) {
  if (!m || !l || m->nE < 1 || m->nT < 3)
    return vt_fail(err, VT_EINVAL, "rate map lines: need a map with >= 3 temperatures");
  if (lines_alloc(l, m->E_IS, m->nE)) return vt_fail(err, VT_ENOMEM, "out of memory");
  double h = (m->T_K[m->nT - 1] - m->T_K[0]) / (double)(m->nT - 1);
  for (size_t r = 0; r < m->nE; r++) {
    const double *f = m->rate + r * m->nT;
    size_t k = row_min(m, r);
    l->T_max_K[r] = l->rate_max[r] = l->T_boundary_K[r] = NAN;
    if (k == SIZE_MAX) continue;
    if (k > 0 && k + 1 < m->nT && isfinite(f[k - 1]) && isfinite(f[k + 1]))
      vertex(m->T_K[k], h, f[k - 1], f[k], f[k + 1], &l->T_max_K[r], &l->rate_max[r]);
    for (size_t i = k; i + 1 < m->nT; i++)
      if (f[i] < 0 && f[i + 1] >= 0) {
        l->T_boundary_K[r] = m->T_K[i] + (m->T_K[i + 1] - m->T_K[i]) * f[i] / (f[i] - f[i + 1]);
        break;
      }
  }
  return VT_OK;
}

/* ---- The model's map ------------------------------------------------------------------------- */

int vt_rate_map_alloc(vt_rate_map *m, size_t nE, size_t nT) {
  memset(m, 0, sizeof *m);
  m->E_IS = malloc(nE * sizeof *m->E_IS);
  m->T_K = malloc(nT * sizeof *m->T_K);
  m->rate = malloc(nE * nT * sizeof *m->rate);
  if (!m->E_IS || !m->T_K || !m->rate) {
    vt_rate_map_free(m);
    return VT_ENOMEM;
  }
  m->nE = nE;
  m->nT = nT;
  return VT_OK;
}

int vt_pel_lines(vt_model *pel, const double *E_IS, size_t n, double T_lo, double T_hi,
                 size_t n_scan, vt_rate_lines *l, vt_error *err) {
  if (l) memset(l, 0, sizeof *l);
  if (!pel || !E_IS || !l)
    return vt_fail(err, VT_EINVAL, "vt_pel_lines: NULL model, E_IS or lines");
  if (lines_alloc(l, E_IS, n)) return vt_fail(err, VT_ENOMEM, "out of memory");
  for (size_t r = 0; r < n; r++) {
    int rc = vt_pel_boundary_T(pel, E_IS[r], &l->T_boundary_K[r], err);
    if (!rc)
      rc = vt_pel_max_ageing_T(pel, E_IS[r], T_lo, T_hi, n_scan, &l->T_max_K[r], &l->rate_max[r],
                               err);
    if (rc) {
      vt_rate_lines_free(l);
      return rc;
    }
  }
  return VT_OK;
}

int vt_pel_map_compute(vt_model *pel, double E_lo, double E_hi, size_t nE, double T_lo, double T_hi,
                       size_t nT, vt_rate_map *map, vt_rate_lines *lines, vt_error *err) {
  if (map) memset(map, 0, sizeof *map);
  if (lines) memset(lines, 0, sizeof *lines);
  if (!map || nE < 2 || nT < 3 || !(E_hi > E_lo) || !(T_hi > T_lo) || !(T_lo > 0) ||
      !isfinite(E_lo) || !isfinite(E_hi) || !isfinite(T_hi))
    return vt_fail(err, VT_ERANGE,
                   "pel map: need E_lo < E_hi, 0 < T_lo < T_hi (finite), >= 2 E_IS rows and >= 3 "
                   "temperatures");
  if (vt_rate_map_alloc(map, nE, nT)) return vt_fail(err, VT_ENOMEM, "out of memory (map)");
  linspace(map->E_IS, nE, E_lo, E_hi);
  linspace(map->T_K, nT, T_lo, T_hi);
  int rc = VT_OK;
  for (size_t r = 0; !rc && r < nE; r++)
    for (size_t i = 0; !rc && i < nT; i++)
      rc = vt_pel_rate(pel, map->E_IS[r], map->T_K[i], &map->rate[r * nT + i], err);
  if (!rc && lines) rc = vt_pel_lines(pel, map->E_IS, nE, T_lo, T_hi, SCAN_POINTS, lines, err);
  if (rc) vt_rate_map_free(map);
  return rc;
}

vt_pel_map_options vt_pel_map_options_default(void) {
  return (vt_pel_map_options){
      .E_range = {NAN, NAN}, .T_range = {400.0, 1000.0}, .nE = 121, .nT = 121};
}

/* `vitrum pel-map`'s --E-range, --T-range, --nE, --nT; the keywords of vitrum.pel.rate_map: a
 * range, a whole number from lo to hi. */
#define MAP(field) offsetof(vt_pel_map_options, field)
#define RANGE_ROW(nm, f, dm, ag, hp, fl)                                                           \
  { nm, VT_OPTION_RANGE, MAP(f), dm, ag, hp, fl, 0, 0, 0, NULL, NULL, NULL }
#define INT_ROW(nm, f, hp, lo, hi)                                                                 \
  { nm, VT_OPTION_INT, MAP(f), VT_DIM_NONE, "N", hp, 0, 0, lo, hi, NULL, NULL, NULL }
static const vt_option map_rows[] = {
    RANGE_ROW("E_range", E_range, VT_DIM_MOLAR_ENERGY, "'LO, HI eV'",
              "E_IS range (default: the model's window, E_ref + dE_min to\n"
              "E_ref + dE_max, or the table's bins)",
              0),
    RANGE_ROW("T_range", T_range, VT_DIM_TEMPERATURE, "'LO, HI K'", "temperature range",
              VT_OPTION_POSITIVE),
    INT_ROW("nE", nE, "grid points in E_IS", 2, 2001),
    INT_ROW("nT", nT, "grid points in T", 3, 2001),
};

const vt_option *vt_pel_map_option_table(size_t *n) {
  if (!n) return NULL;
  *n = sizeof map_rows / sizeof *map_rows;
  return map_rows;
}

int vt_pel_map_run(vt_model *pel, const vt_pel_map_options *opts, vt_rate_map *map,
                   vt_rate_lines *lines, vt_error *err) {
  vt_pel_map_options o = opts ? *opts : vt_pel_map_options_default();
  if (map) memset(map, 0, sizeof *map);
  if (lines) memset(lines, 0, sizeof *lines);
  if (!pel || !map) return vt_fail(err, VT_EINVAL, "vt_pel_map_run: NULL model or map");
  if (o.nE < 0 || o.nT < 0) return vt_fail(err, VT_ERANGE, "pel map: grid sizes must be >= 2");
  if (isnan(o.E_range[0]) || isnan(o.E_range[1])) {
    int rc = vt_pel_window(pel, &o.E_range[0], &o.E_range[1], err);
    if (rc) return rc;
  }
  return vt_pel_map_compute(pel, o.E_range[0], o.E_range[1], (size_t)o.nE, o.T_range[0],
                            o.T_range[1], (size_t)o.nT, map, lines, err);
}
