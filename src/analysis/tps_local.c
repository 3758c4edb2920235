/* Local thin-plate spline: at each evaluation point, the spline of its k nearest data points
 * (a quarter from each quadrant around it), solved there (as scipy's RBFInterpolator does with
 * `neighbors`). The dense solve costs n^3/3 flops and 8 n^2 bytes (0.85 GB at 10 000 points);
 * this costs O(n) to set up (a bucket grid over the unit square, about BUCKET points per cell)
 * and O(k^3) per evaluation, so maps of 10^5-10^6 entries fit in memory linear in n.
 *
 * Why quadrants: mined entries lie on lines (one per MD temperature), dense along E_IS. The k
 * nearest points of a place on such a line all lie on it: a collinear set leaves the local
 * plane undetermined. Asking each quadrant for its share reaches the neighbouring lines, which
 * is what the dense spline uses there too.
 *
 * Smoothing: with the same lambda a local spline smooths more than the dense one (7x the rms
 * departure at n = 3000, k = 48); lambda sqrt(k/n) matches it (measured at n = 3000 and
 * 10 000: rms local - dense 1.2e-3 and 8e-4 for a surface of range 2 at lambda = 1e-3, against
 * 8.7e-3 unscaled). It is an empirical scaling, exact at k = n; tests/test_tps_local.c holds
 * it to its band. */
#define HAVE_LAPACK_CONFIG_H
#define LAPACK_COMPLEX_STRUCTURE
#include <lapacke.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "tps_internal.h"

#define BUCKET 8.0 /* mean points per cell */

int vt_tps_local_setup(vt_tps *s, const double *z, size_t k) {
  size_t n = s->n, G = (size_t)ceil(sqrt((double)n / BUCKET));
  s->local = 1;
  s->k = k;
  s->lambda_local = s->lambda * sqrt((double)k / (double)n);
  s->G = G;
  s->z = malloc(n * sizeof *s->z);
  s->start = calloc(G * G + 1, sizeof *s->start);
  s->idx = malloc(n * sizeof *s->idx);
  size_t *cell = malloc(n * sizeof *cell);
  if (!s->z || !s->start || !s->idx || !cell) {
    free(cell);
    return VT_ENOMEM;
  }
  memcpy(s->z, z, n * sizeof *z);
  for (size_t i = 0; i < n; i++) { /* counting sort of the points by cell */
    size_t cu = (size_t)fmin(s->u[i] * (double)G, (double)(G - 1));
    size_t cv = (size_t)fmin(s->v[i] * (double)G, (double)(G - 1));
    cell[i] = cv * G + cu;
    s->start[cell[i] + 1]++;
  }
  for (size_t c = 0; c < G * G; c++) s->start[c + 1] += s->start[c];
  for (size_t i = n; i-- > 0;) s->idx[--s->start[cell[i] + 1]] = i;
  /* start[c + 1] was decremented once per point of cell c: it now holds where c begins */
  memmove(s->start, s->start + 1, G * G * sizeof *s->start);
  s->start[G * G] = n;
  free(cell);
  return VT_OK;
}

typedef struct cand {
  double d2;
  size_t i;
} cand;

/* Keep the `cap` nearest in ascending order (insertion: cap is small). */
static void keep(cand *list, size_t *n, size_t cap, double d2, size_t i) {
  if (*n == cap && d2 >= list[cap - 1].d2) return;
  size_t j = *n < cap ? (*n)++ : cap - 1;
  while (j > 0 && list[j - 1].d2 > d2) {
    list[j] = list[j - 1];
    j--;
  }
  list[j] = (cand){d2, i};
}

typedef struct search {
  cand all[VT_TPS_MAX_NEIGHBORS], quad[4][VT_TPS_MAX_NEIGHBORS / 4 + 1];
  size_t n_all, n_quad[4], k, kq;
} search;

static void visit_cell(const vt_tps *s, search *q, size_t c, double u, double v) {
  for (size_t p = s->start[c]; p < s->start[c + 1]; p++) {
    size_t i = s->idx[p];
    double du = s->u[i] - u, dv = s->v[i] - v, d2 = du * du + dv * dv;
    keep(q->all, &q->n_all, q->k, d2, i);
    int quadrant = (du >= 0) + 2 * (dv >= 0);
    keep(q->quad[quadrant], &q->n_quad[quadrant], q->kq, d2, i);
  }
}

/* Every point not yet visited is at least `reach` away: done when the k nearest and each
 * quadrant's share are all within it. */
static int complete(const search *q, double reach) {
  double r2 = reach * reach;
  if (q->n_all < q->k || q->all[q->k - 1].d2 > r2) return 0;
  for (int j = 0; j < 4; j++)
    if (q->n_quad[j] < q->kq || q->quad[j][q->kq - 1].d2 > r2) return 0;
  return 1;
}

/* Rings of cells around the query's cell until complete (or the grid is exhausted). */
static void find_neighbours(const vt_tps *s, search *q, double u, double v) {
  long G = (long)s->G;
  long cu = (long)floor(u * (double)G), cv = (long)floor(v * (double)G);
  cu = cu < 0 ? 0 : cu >= G ? G - 1 : cu;
  cv = cv < 0 ? 0 : cv >= G ? G - 1 : cv;
  /* a query outside the unit square is farther from every ring than its index suggests */
  double h = 1.0 / (double)G, out = fmax(fmax(-u, u - 1.0), fmax(-v, v - 1.0));
  for (long r = 0; r <= G; r++) {
    for (long j = cv - r; j <= cv + r; j++) {
      if (j < 0 || j >= G) continue;
      long step = (j == cv - r || j == cv + r) ? 1 : 2 * r; /* full rows top/bottom, else sides */
      for (long i = cu - r; i <= cu + r; i += step > 0 ? step : 1)
        if (i >= 0 && i < G) visit_cell(s, q, (size_t)(j * G + i), u, v);
    }
    if (complete(q, (double)r * h + fmax(out, 0.0))) break;
  }
}

/* The quadrant shares, then the nearest others, up to k distinct points. */
static size_t select_points(const search *q, size_t *sel) {
  size_t m = 0;
  for (int j = 0; j < 4; j++)
    for (size_t t = 0; t < q->n_quad[j]; t++) sel[m++] = q->quad[j][t].i;
  for (size_t t = 0; t < q->n_all && m < q->k; t++) {
    size_t i = q->all[t].i, dup = 0;
    for (size_t r = 0; r < m && !dup; r++) dup = sel[r] == i;
    if (!dup) sel[m++] = i;
  }
  return m;
}

/* The bordered system of the selected points (column-major, upper triangle), solved in place:
 * b receives (w, a). Returns 0 on success. */
static int solve_local(const vt_tps *s, const size_t *sel, size_t m, double *A, double *b) {
  size_t M = m + 3;
  memset(A, 0, M * M * sizeof *A);
  for (size_t c = 0; c < m; c++) {
    size_t i = sel[c];
    for (size_t r = 0; r < c; r++) {
      double du = s->u[sel[r]] - s->u[i], dv = s->v[sel[r]] - s->v[i];
      A[c * M + r] = vt_tps_phi(du * du + dv * dv);
    }
    A[c * M + c] = EIGHT_PI * s->lambda_local;
    A[m * M + c] = 1.0, A[(m + 1) * M + c] = s->u[i], A[(m + 2) * M + c] = s->v[i];
    b[c] = s->z[i];
  }
  b[m] = b[m + 1] = b[m + 2] = 0.0;
  lapack_int ipiv[VT_TPS_MAX_NEIGHBORS + 3];
  return LAPACKE_dsysv(LAPACK_COL_MAJOR, 'U', (lapack_int)M, 1, A, (lapack_int)M, ipiv, b,
                       (lapack_int)M) != 0;
}

/* The local points must span a plane (as scale_points demands of the whole set). */
static int collinear(const vt_tps *s, const size_t *sel, size_t m) {
  double mu = 0, mv = 0, suu = 0, svv = 0, suv = 0;
  for (size_t t = 0; t < m; t++) mu += s->u[sel[t]], mv += s->v[sel[t]];
  mu /= (double)m, mv /= (double)m;
  for (size_t t = 0; t < m; t++) {
    double du = s->u[sel[t]] - mu, dv = s->v[sel[t]] - mv;
    suu += du * du, svv += dv * dv, suv += du * dv;
  }
  return !(suu * svv - suv * suv > 1e-12 * suu * svv) || !(suu > 0) || !(svv > 0);
}

double vt_tps_local_eval(const vt_tps *s, double u, double v) {
  search *q = calloc(1, sizeof *q);
  size_t M = s->k + 3, sel[VT_TPS_MAX_NEIGHBORS];
  double *A = malloc(M * M * sizeof *A), b[VT_TPS_MAX_NEIGHBORS + 3], f = NAN;
  if (q && A) {
    q->k = s->k;
    q->kq = s->k / 4 > 0 ? s->k / 4 : 1;
    find_neighbours(s, q, u, v);
    size_t m = select_points(q, sel);
    if (m >= 3 && !collinear(s, sel, m) && !solve_local(s, sel, m, A, b)) {
      f = b[m] + b[m + 1] * u + b[m + 2] * v;
      for (size_t t = 0; t < m; t++) {
        double du = u - s->u[sel[t]], dv = v - s->v[sel[t]];
        f += b[t] * vt_tps_phi(du * du + dv * dv);
      }
    }
  }
  free(q);
  free(A);
  return f;
}
