/* Summaries of ageing-rate maps and their lines (paper 003 Figs. 3a, 4b): the decades a picture
 * shows, where the maximum-rate line runs, and how far a mined line lies from the model's. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "../core/internal.h"
#include "vitrum/pel.h"

int vt_rate_map_log_range(const vt_rate_map *map, double decades, double *floor_log10,
                          double *top_log10, vt_error *err) {
  if (!map || !floor_log10 || !top_log10)
    return vt_fail(err, VT_EINVAL, "vt_rate_map_log_range: NULL map or output");
  double lo = INFINITY, hi = 0.0;
  for (size_t i = 0; i < map->nE * map->nT; i++) {
    double a = fabs(map->rate[i]) / VT_EV_J_PER_MOL;
    if (a > 0 && isfinite(a)) lo = fmin(lo, a), hi = fmax(hi, a);
  }
  if (!(hi > 0)) return *top_log10 = 1.0, *floor_log10 = 0.0, VT_OK;
  *top_log10 = ceil(log10(hi));
  *floor_log10 = fmax(floor(log10(lo)), *top_log10 - decades);
  return VT_OK;
}

int vt_rate_lines_span(const vt_rate_lines *l, size_t *first, size_t *last, vt_error *err) {
  if (!l || !first || !last) return vt_fail(err, VT_EINVAL, "vt_rate_lines_span: NULL argument");
  *first = *last = SIZE_MAX;
  for (size_t r = 0; r < l->n; r++)
    if (isfinite(l->T_max_K[r])) *last = r, *first = *first == SIZE_MAX ? r : *first;
  return VT_OK;
}

static int cmp_double(const void *pa, const void *pb) {
  double a = *(const double *)pa, b = *(const double *)pb;
  return (a > b) - (a < b);
}

int vt_rate_lines_compare(const vt_rate_lines *a, const vt_rate_lines *b, double *max_dT_K,
                          double *median_dT_K, size_t *rows, vt_error *err) {
  if (!a || !b || !max_dT_K || !median_dT_K || !rows)
    return vt_fail(err, VT_EINVAL, "vt_rate_lines_compare: NULL argument");
  *max_dT_K = *median_dT_K = NAN, *rows = 0;
  if (a->n != b->n)
    return vt_fail(err, VT_EINVAL, "vt_rate_lines_compare: %zu rows against %zu", a->n, b->n);
  double *d = malloc((a->n ? a->n : 1) * sizeof *d);
  if (!d) return vt_fail(err, VT_ENOMEM, "out of memory");
  size_t n = 0;
  for (size_t r = 0; r < a->n; r++)
    if (isfinite(a->T_max_K[r]) && isfinite(b->T_max_K[r]))
      d[n++] = fabs(a->T_max_K[r] - b->T_max_K[r]);
  qsort(d, n, sizeof *d, cmp_double);
  if (n) *max_dT_K = d[n - 1], *median_dT_K = d[n / 2], *rows = n;
  free(d);
  return VT_OK;
}

int vt_pel_map_lines(vt_model *pel, const vt_rate_map *map, vt_rate_lines *lines, vt_error *err) {
  if (lines) *lines = (vt_rate_lines){0};
  if (!pel || !map || !lines || !map->T_K || !map->E_IS || map->nT == 0)
    return vt_fail(err, VT_EINVAL, "vt_pel_map_lines: NULL argument or empty map");
  /* The model's maximum may lie outside the mined map: searched 300 K beyond it either way. */
  double lo = fmax(1.0, map->T_K[0] - 300.0), hi = map->T_K[map->nT - 1] + 300.0;
  return vt_pel_lines(pel, map->E_IS, map->nE, lo, hi, 256, lines, err);
}
