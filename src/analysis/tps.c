/* Thin-plate smoothing spline in two dimensions (paper 003 Appendix A2: the MD rate entries are
 * turned into a pixel map by a TPS; Donato & Belongie, ECCV 2002, for the formulation).
 *
 * f(u, v) = a0 + a1 u + a2 v + sum_i w_i phi(r_i), phi(r) = r^2 ln r, minimises
 *   S(f) = sum_i (z_i - f(u_i, v_i))^2 + lambda J(f),  J(f) = int int f_uu^2 + 2 f_uv^2 + f_vv^2.
 * phi is 8 pi times the Green's function of the biharmonic operator behind J, so the minimiser
 * solves the bordered system
 *   [K + 8 pi lambda I   P] [w]   [z]
 *   [P^T                 0] [a] = [0],   K_ij = phi(|p_i - p_j|), P_i = (1, u_i, v_i).
 * lambda = 0 interpolates; a linear z has w = 0 and is reproduced exactly for every lambda (the
 * penalty does not see planes). Coordinates are scaled to the unit square by the data ranges
 * first (T in K and E_IS in J/mol differ by orders of magnitude, and phi is not scale free), so
 * lambda is a property of the shape of the data and not of its units; z's unit does not matter
 * either (S scales as z^2).
 *
 * The matrix is symmetric indefinite: LAPACK's Bunch-Kaufman factorisation (dsytrf), a condition
 * estimate (dsycon) and the solve (dsytrs). Memory is the (n + 3)^2 matrix, 8 (n + 3)^2 bytes
 * (72 MB at n = 3000, 0.8 GB at n = 10000); time ~n^3/3 flops (measured with OpenBLAS on two
 * cores: 0.03 s at n = 1000, 0.5 s at 3000, 2.8 s at 6000, so ~13 s at 10000). n is capped at
 * VT_TPS_MAX_POINTS; larger data sets should be averaged into coarser bins first. Points all on one
 * line leave the plane undetermined and are refused before the solve, as are duplicated points when
 * lambda = 0 (two equations for one value). */
/* Only real routines are used: LAPACKE's struct complex types keep <complex.h> (and its macro
 * I, a parameter name in vitrum's headers) out of this file. */
#define HAVE_LAPACK_CONFIG_H
#define LAPACK_COMPLEX_STRUCTURE
#include <lapacke.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "tps_internal.h"
#include "vitrum/pel.h"

#define RCOND_MIN 1e-15 /* below this (corrected, see solve) no digit of the solution is left */
#define COLLINEAR 1e-12 /* det of the (u, v) covariance relative to var_u var_v */

void vt_tps_free(vt_tps *s) {
  if (!s) return;
  VT_FREE_ZERO(s, s->u, s->v, s->w, s->z, s->start, s->idx);
  free(s);
}

vt_tps_options vt_tps_options_default(void) {
  vt_tps_options o;
  memset(&o, 0, sizeof o);
  o.method = VT_TPS_AUTO;
  o.neighbors = 48;
  o.dense_max = 4000;
  return o;
}

double vt_tps_eval(const vt_tps *s, double x, double y) {
  if (!s) return NAN;
  double u = (x - s->x0) / s->xs, v = (y - s->y0) / s->ys;
  if (s->local) return vt_tps_local_eval(s, u, v);
  double f = s->a[0] + s->a[1] * u + s->a[2] * v;
  for (size_t i = 0; i < s->n; i++) {
    double du = u - s->u[i], dv = v - s->v[i];
    f += s->w[i] * vt_tps_phi(du * du + dv * dv);
  }
  return f;
}

/* Checks of the input: counts, finiteness, a plane that the points determine; `cap` bounds n
 * for the dense solve. */
static int check_points(const double *x, const double *y, const double *z, size_t n, double lambda,
                        size_t cap, vt_error *err) {
  if (!x || !y || !z || n < 3)
    return vt_fail(err, VT_EINVAL, "thin-plate spline: needs at least 3 points (got %zu)", n);
  if (n > cap)
    return vt_fail(err, VT_ERANGE,
                   "thin-plate spline: %zu points exceed the limit of %zu for the dense solve "
                   "(8 (n + 3)^2 bytes and ~n^3/3 flops): use the local method (vt_tps_fit_opts) "
                   "or average the data into coarser bins",
                   n, cap);
  if (!(lambda >= 0) || !isfinite(lambda))
    return vt_fail(err, VT_ERANGE, "thin-plate spline: smoothing lambda = %g must be >= 0", lambda);
  for (size_t i = 0; i < n; i++)
    if (!isfinite(x[i]) || !isfinite(y[i]) || !isfinite(z[i]))
      return vt_fail(err, VT_EINVAL, "thin-plate spline: point %zu is not finite", i);
  return VT_OK;
}

static int cmp_uv(const void *pa, const void *pb) {
  const double *a = pa, *b = pb;
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1];
}

/* Scale to the unit square and refuse collinear points and (for lambda = 0) duplicates. */
static int scale_points(vt_tps *s, const double *x, const double *y, double lambda, vt_error *err) {
  double xmin = x[0], xmax = x[0], ymin = y[0], ymax = y[0];
  for (size_t i = 1; i < s->n; i++) {
    xmin = fmin(xmin, x[i]), xmax = fmax(xmax, x[i]);
    ymin = fmin(ymin, y[i]), ymax = fmax(ymax, y[i]);
  }
  s->x0 = xmin, s->xs = xmax - xmin, s->y0 = ymin, s->ys = ymax - ymin;
  double mu = 0, mv = 0, suu = 0, svv = 0, suv = 0;
  for (size_t i = 0; s->xs > 0 && s->ys > 0 && i < s->n; i++) {
    s->u[i] = (x[i] - s->x0) / s->xs, s->v[i] = (y[i] - s->y0) / s->ys;
    mu += s->u[i], mv += s->v[i];
  }
  mu /= (double)s->n, mv /= (double)s->n;
  for (size_t i = 0; s->xs > 0 && s->ys > 0 && i < s->n; i++) {
    double du = s->u[i] - mu, dv = s->v[i] - mv;
    suu += du * du, svv += dv * dv, suv += du * dv;
  }
  if (!(s->xs > 0) || !(s->ys > 0) || suu * svv - suv * suv <= COLLINEAR * suu * svv)
    return vt_fail(err, VT_EINVAL,
                   "thin-plate spline: the points lie on one line (x in [%g, %g], y in [%g, %g]): "
                   "a surface needs points spread in both directions",
                   xmin, xmax, ymin, ymax);
  if (lambda > 0) return VT_OK;
  double *uv = malloc(2 * s->n * sizeof *uv);
  if (!uv) return vt_fail(err, VT_ENOMEM, "out of memory");
  for (size_t i = 0; i < s->n; i++) uv[2 * i] = s->u[i], uv[2 * i + 1] = s->v[i];
  qsort(uv, s->n, 2 * sizeof *uv, cmp_uv);
  int dup = 0;
  for (size_t i = 1; i < s->n && !dup; i++)
    dup = uv[2 * i] == uv[2 * i - 2] && uv[2 * i + 1] == uv[2 * i - 1];
  free(uv);
  if (dup)
    return vt_fail(err, VT_EINVAL,
                   "thin-plate spline: two points share a position; interpolation (lambda = 0) "
                   "needs distinct points: average them or smooth (lambda > 0)");
  return VT_OK;
}

/* Fill the bordered system (row-major, upper triangle used) and its right-hand side. */
static void fill_system(const vt_tps *s, double lambda, const double *z, double *A, double *b) {
  size_t n = s->n, m = n + 3;
  for (size_t i = 0; i < n; i++) {
    double *row = A + i * m;
    for (size_t j = i + 1; j < n; j++) {
      double du = s->u[i] - s->u[j], dv = s->v[i] - s->v[j];
      row[j] = vt_tps_phi(du * du + dv * dv);
    }
    row[i] = EIGHT_PI * lambda;
    row[n] = 1.0, row[n + 1] = s->u[i], row[n + 2] = s->v[i];
    b[i] = z[i];
  }
  for (size_t i = n; i < m; i++) {
    for (size_t j = i; j < m; j++) A[i * m + j] = 0.0;
    b[i] = 0.0;
  }
}

/* Factor, estimate the condition, solve. */
static int solve(vt_tps *s, double *A, double *b, vt_error *err) {
  lapack_int m = (lapack_int)(s->n + 3);
  lapack_int *ipiv = malloc((size_t)m * sizeof *ipiv);
  if (!ipiv) return vt_fail(err, VT_ENOMEM, "out of memory (spline pivots)");
  double anorm = LAPACKE_dlansy(LAPACK_ROW_MAJOR, '1', 'U', m, A, m), rcond = 0.0;
  lapack_int info = LAPACKE_dsytrf(LAPACK_ROW_MAJOR, 'U', m, A, m, ipiv);
  if (info == 0) info = LAPACKE_dsycon(LAPACK_ROW_MAJOR, 'U', m, A, m, ipiv, anorm, &rcond);
  /* A large lambda alone makes the saddle-point system ill-conditioned in a benign way (its
   * eigenvalues go as 8 pi lambda and 1/(8 pi lambda), and the solution tends smoothly to the
   * least-squares plane): that part of the estimate is divided out. */
  double benign = (1.0 + EIGHT_PI * s->lambda) * (1.0 + EIGHT_PI * s->lambda);
  if (info == 0 && rcond * benign < RCOND_MIN) info = -1000;
  if (info == 0) info = LAPACKE_dsytrs(LAPACK_ROW_MAJOR, 'U', m, 1, A, m, ipiv, b, 1);
  free(ipiv);
  if (info == LAPACK_WORK_MEMORY_ERROR || info == LAPACK_TRANSPOSE_MEMORY_ERROR)
    return vt_fail(err, VT_ENOMEM, "out of memory (LAPACK work space)");
  if (info != 0)
    return vt_fail(err, VT_ENUMERIC,
                   "thin-plate spline: the system is singular or ill-conditioned (rcond %.2g): "
                   "raise the smoothing lambda or remove near-duplicate points",
                   rcond);
  memcpy(s->w, b, s->n * sizeof *s->w);
  memcpy(s->a, b + s->n, sizeof s->a);
  return VT_OK;
}

static int fit_dense(vt_tps *s, const double *z, vt_error *err) {
  size_t m = s->n + 3;
  double *A = malloc(m * m * sizeof *A), *b = malloc(m * sizeof *b);
  s->w = malloc(s->n * sizeof *s->w);
  int rc;
  if (!A || !b || !s->w)
    rc = vt_fail(err, VT_ENOMEM, "thin-plate spline: out of memory for %zu points (%.3g MB)", s->n,
                 8e-6 * (double)m * (double)m);
  else {
    fill_system(s, s->lambda, z, A, b);
    rc = solve(s, A, b, err);
  }
  free(A);
  free(b);
  return rc;
}

vt_tps *vt_tps_fit_opts(const double *x, const double *y, const double *z, size_t n, double lambda,
                        const vt_tps_options *opts, vt_error *err) {
  vt_tps_options o = opts ? *opts : vt_tps_options_default();
  vt_gsl_quiet();
  int local = o.method == VT_TPS_LOCAL || (o.method == VT_TPS_AUTO && n > o.dense_max);
  if (check_points(x, y, z, n, lambda, local ? SIZE_MAX : VT_TPS_MAX_POINTS, err)) return NULL;
  if (local && (o.neighbors < 4 || o.neighbors > VT_TPS_MAX_NEIGHBORS)) {
    vt_fail(err, VT_ERANGE, "thin-plate spline: %zu neighbours: expected 4 to %d", o.neighbors,
            VT_TPS_MAX_NEIGHBORS);
    return NULL;
  }
  vt_tps *s = calloc(1, sizeof *s);
  if (s) {
    s->n = n;
    s->lambda = lambda;
    s->u = malloc(n * sizeof *s->u);
    s->v = malloc(n * sizeof *s->v);
  }
  int rc;
  if (!s || !s->u || !s->v)
    rc = vt_fail(err, VT_ENOMEM, "thin-plate spline: out of memory for %zu points", n);
  else if ((rc = scale_points(s, x, y, lambda, err)) == VT_OK)
    rc = local ? vt_tps_local_setup(s, z, o.neighbors < n ? o.neighbors : n) : fit_dense(s, z, err);
  if (rc == VT_ENOMEM && local) vt_fail(err, rc, "thin-plate spline: out of memory (local index)");
  if (rc) {
    vt_tps_free(s);
    return NULL;
  }
  return s;
}

vt_tps *vt_tps_fit(const double *x, const double *y, const double *z, size_t n, double lambda,
                   vt_error *err) {
  vt_tps_options o = vt_tps_options_default();
  o.method = VT_TPS_DENSE;
  return vt_tps_fit_opts(x, y, z, n, lambda, &o, err);
}

int vt_tps_is_local(const vt_tps *s) {
  return s && s->local;
}
