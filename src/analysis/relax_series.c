/* The part of a DMA export a relaxation or recovery fit uses (vitrum kww): a column picked by
 * name, a window of rows from t_start (after a jump at t_start: the state after it) to an end
 * (a jump there: the state before it), as t' = t - t_start; no jump may lie inside, since a
 * KWW curve cannot follow one. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "vitrum/visco.h"

vt_relax_series_options vt_relax_series_options_default(void) {
  vt_relax_series_options o = {VT_DMA_AUTO, NAN, NAN, 1};
  return o;
}

const char *vt_dma_column_name(vt_dma_column c) {
  return c == VT_DMA_Y        ? "y"
         : c == VT_DMA_STRESS ? "stress"
         : c == VT_DMA_STRAIN ? "strain"
                              : "auto";
}

/* The column asked for, or the first of y, stress, strain the file has. */
static const double *pick(const vt_dma_curve *c, vt_dma_column *col) {
  if (*col == VT_DMA_AUTO) *col = c->y ? VT_DMA_Y : c->stress_Pa ? VT_DMA_STRESS : VT_DMA_STRAIN;
  return *col == VT_DMA_Y ? c->y : *col == VT_DMA_STRESS ? c->stress_Pa : c->strain;
}

/* Rows [*i0, *i1) of the window. */
static int window(const vt_dma_curve *c, const vt_relax_series_options *o, size_t *i0, size_t *i1,
                  vt_error *err) {
  size_t a = 0, b = c->n;
  while (!isnan(o->from_s) && a < c->n && c->time_s[a] < o->from_s) a++;
  while (a + 1 < c->n && c->time_s[a + 1] == c->time_s[a]) a++;
  while (!isnan(o->to_s) && b > a && c->time_s[b - 1] > o->to_s) b--;
  while (b > a + 1 && c->time_s[b - 1] == c->time_s[b - 2]) b--;
  if (a >= b)
    return vt_fail(err, VT_ERANGE, "%s: no rows in the window (from %g s to %g s)", c->source,
                   o->from_s, o->to_s);
  for (size_t i = a + 1; i < b; i++)
    if (c->time_s[i] == c->time_s[i - 1])
      return vt_fail_at(err, VT_ERANGE, c->first_line + (long)i,
                        "%s:%ld: t = %g s repeats (a jump) inside the fitted range: fit up to it "
                        "or from after it",
                        c->source, c->first_line + (long)i, c->time_s[i]);
  *i0 = a, *i1 = b;
  return VT_OK;
}

static int fill(const vt_dma_curve *c, const double *col, size_t a, size_t b, int normalise,
                vt_relax_series *s, vt_error *err) {
  s->n = b - a, s->t_start_s = c->time_s[a], s->value0 = col[a];
  s->before = a > 0 ? col[a - 1] : NAN;
  s->first_line = c->first_line + (long)a;
  if (normalise && s->value0 == 0)
    return vt_fail_at(err, VT_EINVAL, s->first_line,
                      "%s:%ld: the %s is 0 at t_start: cannot normalise", c->source, s->first_line,
                      vt_dma_column_name(s->column));
  s->t_s = malloc(s->n * sizeof *s->t_s);
  s->value = malloc(s->n * sizeof *s->value);
  s->y = malloc(s->n * sizeof *s->y);
  if (!s->t_s || !s->value || !s->y) return vt_fail(err, VT_ENOMEM, "out of memory");
  double T_sum = 0.0;
  for (size_t i = 0; i < s->n; i++) {
    s->t_s[i] = c->time_s[a + i] - s->t_start_s;
    s->value[i] = col[a + i];
    s->y[i] = normalise ? s->value[i] / s->value0 : s->value[i];
    T_sum += c->T_K ? c->T_K[a + i] : NAN;
  }
  s->T_K = T_sum / (double)s->n;
  return VT_OK;
}

int vt_relax_series_from_dma(const vt_dma_curve *c, const vt_relax_series_options *o,
                             vt_relax_series *out, vt_error *err) {
  if (!c || !o || !out) return vt_fail(err, VT_EINVAL, "vt_relax_series_from_dma: NULL argument");
  memset(out, 0, sizeof *out);
  out->column = o->column;
  const double *col = pick(c, &out->column);
  size_t a = 0, b = 0;
  if (!col || !c->time_s)
    return vt_fail(err, VT_ENOTFOUND, "%s has no %s column", c->source ? c->source : "the curve",
                   vt_dma_column_name(out->column));
  int rc = window(c, o, &a, &b, err);
  if (!rc) rc = fill(c, col, a, b, o->normalise, out, err);
  if (rc) vt_relax_series_free(out);
  return rc;
}

int vt_read_relax_series(const char *path, const vt_relax_series_options *o, vt_relax_series *out,
                         vt_error *err) {
  if (!path || !o || !out) return vt_fail(err, VT_EINVAL, "vt_read_relax_series: NULL argument");
  memset(out, 0, sizeof *out);
  vt_dma_curve c = {0};
  int rc = vt_read_dma_csv(path, &c, err);
  if (!rc) rc = vt_relax_series_from_dma(&c, o, out, err);
  vt_dma_curve_free(&c);
  return rc;
}

void vt_relax_series_free(vt_relax_series *s) {
  if (s) VT_FREE_ZERO(s, s->t_s, s->value, s->y);
}
