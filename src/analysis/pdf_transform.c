/* G(r) = (2/pi) int F(Q) M(Q) sin(Q r) dQ over the measured grid (paper 001, Methods).
 *
 * Why not a quadrature rule on the samples of F(Q) sin(Qr): the sine turns by r dQ per interval
 * (0.4 rad at r = 20 A, dQ = 0.02 1/A), and a trapezoid rule on it loses accuracy as r grows.
 * Filon's idea instead: take F M as the straight line between its samples (all the data say)
 * and integrate line x sine analytically over each interval. Then the result is exact for the
 * linear interpolant at every r, and the only error is that of linear interpolation of F.
 *
 * Over an interval of width h and midpoint c, with F = F_c + s (Q - c) and u = r h / 2:
 *   int sin(rQ) dQ         = h sin(rc) sin(u)/u
 *   int (Q - c) sin(rQ) dQ = (h^2/2) cos(rc) (sin u - u cos u)/u^2
 * Both are evaluated from u, so nothing cancels at small r (r -> 0 gives G -> 0 smoothly);
 * (sin u - u cos u)/u^2 uses its series below u = 0.1, where the difference would cancel. */
#include <math.h>
#include <stdlib.h>

#include "../core/internal.h"
#include "vitrum/pdf.h"

#define PI           3.14159265358979323846
#define SERIES_BELOW 0.1

/* sin(u)/u */
static double sinc(double u) {
  if (fabs(u) < SERIES_BELOW) {
    double u2 = u * u;
    return 1.0 - u2 / 6.0 * (1.0 - u2 / 20.0 * (1.0 - u2 / 42.0 * (1.0 - u2 / 72.0)));
  }
  return sin(u) / u;
}

/* (sin u - u cos u)/u^2 = sum_k (-1)^(k+1) 2k u^(2k-1)/(2k+1)! = u/3 - u^3/30 + u^5/840 -
 * u^7/45360 + u^9/3991680 - ...; for |u| < 0.1 the first omitted term is below 1e-18 of the
 * sum (as for sinc to u^8), so both series are exact to double rounding there. */
static double moment(double u) {
  if (fabs(u) < SERIES_BELOW) {
    double u2 = u * u;
    return u * (1.0 / 3.0 -
                u2 * (1.0 / 30.0 - u2 * (1.0 / 840.0 - u2 * (1.0 / 45360.0 - u2 / 3991680.0))));
  }
  return (sin(u) - u * cos(u)) / (u * u);
}

static int check(const double *Q, const double *F, size_t n, const double *r, size_t n_r,
                 const double *G, vt_error *err) {
  if (!Q || !F || !r || !G) return vt_fail(err, VT_EINVAL, "vt_pdf_transform: NULL argument");
  if (n < 2) return vt_fail(err, VT_EINVAL, "F(Q) needs at least 2 points, got %zu", n);
  int rc = vt_check_curve("F(Q)", "Q", "F", "1/A", Q, F, n, err);
  if (rc) return rc;
  if (Q[0] < 0) return vt_fail(err, VT_EINVAL, "Q starts below 0 (%g 1/A)", Q[0]);
  for (size_t j = 0; j < n_r; j++)
    if (!isfinite(r[j]) || r[j] < 0)
      return vt_fail(err, VT_EINVAL, "r[%zu] = %g A: expected a finite r >= 0", j, r[j]);
  return VT_OK;
}

/* (2/pi) int of the piecewise-linear FM times sin(Q r). */
static double transform_at(const double *Q, const double *FM, size_t n, double r) {
  double sum = 0.0;
  for (size_t k = 0; k + 1 < n; k++) {
    double h = Q[k + 1] - Q[k], c = 0.5 * (Q[k + 1] + Q[k]), u = 0.5 * r * h;
    double mid = 0.5 * (FM[k + 1] + FM[k]), slope = (FM[k + 1] - FM[k]) / h;
    sum += mid * h * sin(r * c) * sinc(u) + slope * 0.5 * h * h * cos(r * c) * moment(u);
  }
  return 2.0 / PI * sum;
}

int vt_pdf_transform(const double *Q_inv_A, const double *F_inv_A, size_t n, int lorch,
                     const double *r_A, size_t n_r, double *G_inv_A2, vt_error *err) {
  int st = check(Q_inv_A, F_inv_A, n, r_A, n_r, G_inv_A2, err);
  if (st) return st;
  double *FM = malloc(n * sizeof *FM);
  if (!FM) return vt_fail(err, VT_ENOMEM, "out of memory for G(r)");
  /* Lorch: M(Q) = sin(Q D)/(Q D), D = pi/Q_max, a window that falls to 0 at Q_max so the cut
   * of F there no longer rings through G(r) (at the price of a broader resolution). */
  double D = PI / Q_inv_A[n - 1];
  for (size_t k = 0; k < n; k++) FM[k] = F_inv_A[k] * (lorch ? sinc(Q_inv_A[k] * D) : 1.0);
  for (size_t j = 0; j < n_r; j++) G_inv_A2[j] = transform_at(Q_inv_A, FM, n, r_A[j]);
  free(FM);
  return VT_OK;
}
