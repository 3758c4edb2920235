/* The Faber-Ziman structure factor S(Q) of an integrated X-ray pattern (paper 001, Methods).
 *
 *   I_s(Q)   = I(Q) - b I_bkg(Q)                      background, linearly interpolated onto Q
 *   I_coh(Q) = alpha I_s(Q) - sum c_i S_inc,i(Q)      per atom, electron units (Compton optional)
 *   S(Q)     = [I_coh - (<f^2> - <f>^2)] / <f>^2,   F(Q) = Q [S(Q) - 1]
 *
 * Normalisation to the high-Q limit: where S = 1 the coherent intensity per atom is <f^2>, so
 * alpha is the least-squares scale of I_s onto <f^2> + compton over the top of the Q range
 * (default the top 30 %, where the oscillations of S have mostly died out and average out over
 * several periods): alpha = sum(I_s t) / sum(I_s^2). Paper 001 (via PDFgetX3) prints S with
 * <f^2> in the denominator; the Faber-Ziman form with <f>^2 used here is the one whose G(r)
 * carries the weights w_ij = c_i c_j f_i f_j / <f>^2 that paper 001 tabulates. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_interp.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "vitrum/pdf.h"

#define MIN_POINTS     10  /* fewer points in the Q range cannot make a G(r) */
#define MIN_NORM       3   /* points in the normalisation window */
#define NORM_TOP_SHARE 0.3 /* default window: the top 30 % of [Q_min, Q_max] */

vt_sq_options vt_sq_options_default(void) {
  vt_sq_options o;
  o.Q_min_inv_A = NAN;
  o.Q_max_inv_A = NAN;
  o.background_scale = 1.0;
  o.compton = 0;
  o.norm_Q_lo_inv_A = NAN;
  o.norm_Q_hi_inv_A = NAN;
  o.norm_factor = NAN;
  return o;
}

void vt_sq_free(vt_sq *sq) {
  if (sq) VT_FREE_ZERO(sq, sq->Q_inv_A, sq->I_coh, sq->S, sq->F_inv_A);
}

/* Q finite, >= 0, strictly increasing; I finite and >= 0 (raw counts cannot be negative). */
static int check_pattern(const char *what, const double *Q, const double *I, size_t n,
                         vt_error *err) {
  if (!Q || !I || n < 2) return vt_fail(err, VT_EINVAL, "%s: fewer than 2 points", what);
  for (size_t k = 0; k < n; k++) {
    if (!isfinite(Q[k]) || Q[k] < 0)
      return vt_fail(err, VT_EINVAL, "%s: point %zu: Q = %g 1/A is not a finite Q >= 0", what, k,
                     Q[k]);
    if (k && !(Q[k] > Q[k - 1]))
      return vt_fail(err, VT_EINVAL, "%s: Q is not increasing at point %zu (%g after %g 1/A)", what,
                     k, Q[k], Q[k - 1]);
    if (!isfinite(I[k]) || I[k] < 0)
      return vt_fail(err, VT_EINVAL,
                     "%s: point %zu (Q = %g 1/A): intensity %g is not a finite number >= 0", what,
                     k, Q[k], I[k]);
  }
  return VT_OK;
}

/* The index range [*lo, *hi] of Q within [Q_min, Q_max] (NaN: the data's ends). */
static int select_range(const double *Q, size_t n, const vt_sq_options *o, size_t *lo, size_t *hi,
                        vt_error *err) {
  double qa = isnan(o->Q_min_inv_A) ? Q[0] : o->Q_min_inv_A;
  double qb = isnan(o->Q_max_inv_A) ? Q[n - 1] : o->Q_max_inv_A;
  if (!(qa < qb))
    return vt_fail(err, VT_EINVAL, "Q range %g to %g 1/A: Q_min must lie below Q_max", qa, qb);
  if (qa < Q[0] * (1 - 1e-12) || qb > Q[n - 1] * (1 + 1e-12))
    return vt_fail(err, VT_ERANGE, "Q range %g to %g 1/A reaches beyond the data (%g to %g 1/A)",
                   qa, qb, Q[0], Q[n - 1]);
  size_t a = 0, b = n - 1;
  while (a < n && Q[a] < qa * (1 - 1e-12)) a++;
  while (b > 0 && Q[b] > qb * (1 + 1e-12)) b--;
  if (a > b || b - a + 1 < MIN_POINTS)
    return vt_fail(err, VT_EINVAL, "only %zu points within Q = %g to %g 1/A; need %d",
                   a > b ? 0 : b - a + 1, qa, qb, MIN_POINTS);
  *lo = a;
  *hi = b;
  return VT_OK;
}

/* I_s = I - b I_bkg(Q), the background interpolated linearly (it must span the Q used). */
static int subtract_background(const double *Q, const double *I, size_t n, const double *Qb,
                               const double *Ib, size_t nb, double scale, double *Is,
                               vt_error *err) {
  if (!Qb || nb == 0) {
    memcpy(Is, I, n * sizeof *Is);
    return VT_OK;
  }
  int st = check_pattern("background", Qb, Ib, nb, err);
  if (st) return st;
  if (!isfinite(scale)) return vt_fail(err, VT_EINVAL, "background scale %g is not finite", scale);
  if (Qb[0] > Q[0] || Qb[nb - 1] < Q[n - 1])
    return vt_fail(err, VT_ERANGE,
                   "the background covers Q = %g to %g 1/A but the pattern uses %g to %g 1/A",
                   Qb[0], Qb[nb - 1], Q[0], Q[n - 1]);
  gsl_interp *in = gsl_interp_alloc(gsl_interp_linear, nb);
  gsl_interp_accel *acc = gsl_interp_accel_alloc();
  st = !in || !acc || gsl_interp_init(in, Qb, Ib, nb) != GSL_SUCCESS;
  for (size_t k = 0; !st && k < n; k++)
    Is[k] = I[k] - scale * gsl_interp_eval(in, Qb, Ib, Q[k], acc);
  gsl_interp_accel_free(acc);
  gsl_interp_free(in);
  return st ? vt_fail(err, VT_ENOMEM, "background interpolation failed (out of memory)") : VT_OK;
}

static int alloc_sq(vt_sq *sq, size_t n, vt_error *err) {
  memset(sq, 0, sizeof *sq);
  sq->Q_inv_A = malloc(n * sizeof(double));
  sq->I_coh = malloc(n * sizeof(double));
  sq->S = malloc(n * sizeof(double));
  sq->F_inv_A = malloc(n * sizeof(double));
  sq->n = n;
  if (sq->Q_inv_A && sq->I_coh && sq->S && sq->F_inv_A) return VT_OK;
  vt_sq_free(sq);
  return vt_fail(err, VT_ENOMEM, "out of memory for S(Q)");
}

/* alpha over the window: least squares of alpha I_s onto target = <f^2> + compton. */
static int fit_norm(const vt_sq *sq, const double *Is, const double *target, vt_sq *out,
                    vt_error *err) {
  double sxy = 0.0, sxx = 0.0;
  size_t m = 0;
  for (size_t k = 0; k < sq->n; k++) {
    double q = sq->Q_inv_A[k];
    if (q < out->norm_Q_lo_inv_A || q > out->norm_Q_hi_inv_A) continue;
    sxy += Is[k] * target[k];
    sxx += Is[k] * Is[k];
    m++;
  }
  if (m < MIN_NORM)
    return vt_fail(err, VT_EINVAL,
                   "only %zu points in the normalisation window Q = %g to %g 1/A; need %d", m,
                   out->norm_Q_lo_inv_A, out->norm_Q_hi_inv_A, MIN_NORM);
  double alpha = sxy / sxx;
  if (!(alpha > 0) || !isfinite(alpha))
    return vt_fail(err, VT_EINVAL,
                   "the intensity over the normalisation window Q = %g to %g 1/A is not positive "
                   "after the background subtraction (check the background scale)",
                   out->norm_Q_lo_inv_A, out->norm_Q_hi_inv_A);
  out->norm_factor = alpha;
  return VT_OK;
}

static int norm_window(const vt_sq_options *o, vt_sq *sq, vt_error *err) {
  double qa = sq->Q_inv_A[0], qb = sq->Q_inv_A[sq->n - 1];
  sq->norm_Q_lo_inv_A =
      isnan(o->norm_Q_lo_inv_A) ? qb - NORM_TOP_SHARE * (qb - qa) : o->norm_Q_lo_inv_A;
  sq->norm_Q_hi_inv_A = isnan(o->norm_Q_hi_inv_A) ? qb : o->norm_Q_hi_inv_A;
  if (!(sq->norm_Q_lo_inv_A < sq->norm_Q_hi_inv_A))
    return vt_fail(err, VT_EINVAL, "normalisation window %g to %g 1/A is empty",
                   sq->norm_Q_lo_inv_A, sq->norm_Q_hi_inv_A);
  return VT_OK;
}

/* Form-factor averages at every Q, then alpha, then S and F. */
static int build(const vt_composition *c, const double *Is, const vt_sq_options *o, vt_sq *sq,
                 vt_error *err) {
  size_t n = sq->n;
  double *fm = malloc(3 * n * sizeof *fm), *f2 = fm ? fm + n : NULL, *cs = fm ? fm + 2 * n : NULL;
  if (!fm) return vt_fail(err, VT_ENOMEM, "out of memory for S(Q)");
  int st = VT_OK;
  for (size_t k = 0; !st && k < n; k++) {
    cs[k] = 0.0;
    st = vt_xray_averages(c, sq->Q_inv_A[k], &fm[k], &f2[k], o->compton ? &cs[k] : NULL, err);
  }
  if (!st) st = norm_window(o, sq, err);
  if (!st && o->norm_factor > 0) sq->norm_factor = o->norm_factor;
  if (!st && !(o->norm_factor > 0)) {
    for (size_t k = 0; k < n; k++) sq->I_coh[k] = f2[k] + cs[k]; /* the target, for now */
    st = fit_norm(sq, Is, sq->I_coh, sq, err);
  }
  double sum = 0.0;
  size_t m = 0;
  for (size_t k = 0; !st && k < n; k++) {
    double f2m = fm[k] * fm[k];
    sq->I_coh[k] = sq->norm_factor * Is[k] - cs[k];
    sq->S[k] = (sq->I_coh[k] - (f2[k] - f2m)) / f2m;
    sq->F_inv_A[k] = sq->Q_inv_A[k] * (sq->S[k] - 1.0);
    if (sq->Q_inv_A[k] >= sq->norm_Q_lo_inv_A && sq->Q_inv_A[k] <= sq->norm_Q_hi_inv_A)
      sum += sq->S[k], m++;
  }
  if (!st) sq->S_mean_norm = m ? sum / (double)m : NAN;
  free(fm);
  return st;
}

int vt_pdf_sq(const vt_composition *comp, const double *Q_inv_A, const double *I, size_t n,
              const double *Q_bkg_inv_A, const double *I_bkg, size_t n_bkg,
              const vt_sq_options *opt, vt_sq *out, vt_error *err) {
  vt_gsl_quiet();
  if (!out) return vt_fail(err, VT_EINVAL, "vt_pdf_sq: NULL output");
  memset(out, 0, sizeof *out);
  if (!comp || comp->n == 0) return vt_fail(err, VT_EINVAL, "vt_pdf_sq: empty composition");
  vt_sq_options o = opt ? *opt : vt_sq_options_default();
  size_t lo = 0, hi = 0;
  int st = check_pattern("pattern", Q_inv_A, I, n, err);
  if (!st) st = select_range(Q_inv_A, n, &o, &lo, &hi, err);
  if (st) return st;
  if (!isnan(o.norm_factor) && !(o.norm_factor > 0 && isfinite(o.norm_factor)))
    return vt_fail(err, VT_EINVAL, "normalisation factor %g: expected a positive number",
                   o.norm_factor);
  size_t m = hi - lo + 1;
  double *Is = malloc(m * sizeof *Is);
  if (!Is) return vt_fail(err, VT_ENOMEM, "out of memory for S(Q)");
  st = subtract_background(Q_inv_A + lo, I + lo, m, Q_bkg_inv_A, I_bkg, n_bkg, o.background_scale,
                           Is, err);
  if (!st) st = alloc_sq(out, m, err);
  if (!st) {
    memcpy(out->Q_inv_A, Q_inv_A + lo, m * sizeof(double));
    st = build(comp, Is, &o, out, err);
  }
  free(Is);
  if (st) vt_sq_free(out);
  return st;
}
