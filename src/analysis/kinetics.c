/* Kinetics of peak temperatures against heating rate: Kissinger and Eyring (paper 000 Eq. 4).
 *
 * Both are straight lines in x = 1/Tp, fitted by unweighted least squares (gsl_fit_linear, whose
 * covariance is scaled by the residual variance, so the standard errors reflect the scatter of
 * the points). The public API takes no weights: every (rate, Tp) pair counts the same. */
#include <float.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "vitrum/constants.h"

#define R_GAS VT_GAS_CONSTANT_J_PER_MOL_K

/* ln(k_B R / h_P): the H-independent part of the Eyring prefactor, in ln(1/(K^2 s) * J/mol). */
static double ln_eyring_prefactor(void) {
  return log(VT_BOLTZMANN_J_PER_K * R_GAS / VT_PLANCK_J_S);
}

/* A straight line y = a + b x with its covariance and coefficient of determination. */
typedef struct line_fit {
  double a, b;
  double cov_aa, cov_ab, cov_bb;
  double r2;
} line_fit;

/* Points are 0-based in messages (as in vt_peak_metrics); the values are printed too, so the
 * point can be found whatever the caller's numbering. */
static int check_points(const double *rate, const double *Tp, size_t n, vt_error *err) {
  if (!rate || !Tp) return vt_fail(err, VT_EINVAL, "NULL rate or peak-temperature array");
  if (n < 3)
    return vt_fail(err, VT_EINVAL, "%zu point%s: a fit needs at least 3 (rate, Tp) points", n,
                   n == 1 ? "" : "s");
  for (size_t i = 0; i < n; i++) {
    if (!(isfinite(rate[i]) && rate[i] > 0))
      return vt_fail(err, VT_EINVAL, "point %zu: rate %g K/s is not a positive finite number", i,
                     rate[i]);
    if (!(isfinite(Tp[i]) && Tp[i] > 0))
      return vt_fail(err, VT_EINVAL, "point %zu: Tp %g K is not a positive finite temperature", i,
                     Tp[i]);
  }
  size_t k = 1, m = 1;
  while (k < n && rate[k] == rate[0]) k++;
  if (k == n)
    return vt_fail(err, VT_EINVAL,
                   "all %zu points have the same rate (%g K/s): at least 2 distinct rates are "
                   "needed",
                   n, rate[0]);
  while (m < n && Tp[m] == Tp[0]) m++;
  if (m == n)
    return vt_fail(err, VT_EINVAL,
                   "all %zu points have the same Tp (%g K): the slope against 1/Tp is undefined", n,
                   Tp[0]);
  return VT_OK;
}

/* Least squares of y = ln(rate / Tp^power) against x = 1/Tp. Logs are taken term by term so that
 * extreme rates or temperatures cannot overflow the quotient. */
static int fit_rate_law(const double *rate, const double *Tp, size_t n, double power, line_fit *f,
                        vt_error *err) {
  double *x = malloc(2 * n * sizeof *x);
  if (!x) return vt_fail(err, VT_ENOMEM, "out of memory for %zu points", n);
  double *y = x + n, ymean = 0.0, ss_tot = 0.0, ss_res = 0.0;
  for (size_t i = 0; i < n; i++) {
    x[i] = 1.0 / Tp[i];
    y[i] = log(rate[i]) - power * log(Tp[i]);
    ymean += y[i] / (double)n;
  }
  for (size_t i = 0; i < n; i++) ss_tot += (y[i] - ymean) * (y[i] - ymean);
  int gs = gsl_fit_linear(x, 1, y, 1, n, &f->a, &f->b, &f->cov_aa, &f->cov_ab, &f->cov_bb, &ss_res);
  free(x);
  if (gs || !isfinite(f->a) || !isfinite(f->b))
    return vt_fail(err, VT_ENUMERIC, "straight-line fit failed: %s", gsl_strerror(gs));
  /* No scatter in y at all leaves R^2 undefined: report NaN rather than a made-up 1 or 0. */
  f->r2 = ss_tot > 0 ? 1.0 - ss_res / ss_tot : NAN;
  return VT_OK;
}

static void kissinger_from_line(const line_fit *f, size_t n, vt_kissinger *out) {
  out->dE_J_per_mol = -f->b * R_GAS;
  out->se_dE_J_per_mol = R_GAS * sqrt(f->cov_bb);
  out->intercept = f->a;
  out->se_intercept = sqrt(f->cov_aa);
  out->r2 = f->r2;
  out->n = n;
}

int vt_kissinger_fit(const double *rate_K_per_s, const double *Tp_K, size_t n, vt_kissinger *out,
                     vt_error *err) {
  vt_gsl_quiet();
  if (!out) return vt_fail(err, VT_EINVAL, "vt_kissinger_fit: NULL output");
  int st = check_points(rate_K_per_s, Tp_K, n, err);
  line_fit f;
  if (!st) st = fit_rate_law(rate_K_per_s, Tp_K, n, 2.0, &f, err);
  if (st) return st;
  if (!(f.b < 0)) /* a negative dE came back with status 0 */
    return vt_fail(err, VT_EINVAL,
                   "the fitted activation energy dE = %g J/mol is not positive: Tp must rise with "
                   "the rate for a thermally activated peak",
                   -R_GAS * f.b);
  kissinger_from_line(&f, n, out);
  return VT_OK;
}

/* S = R (a - ln(k_B R/h_P) + ln H) with H = -R b, so dS/da = R and dS/db = R/b; the intercept
 * and slope of a fit in 1/Tp are strongly anti-correlated (the data sit far from 1/Tp = 0), so
 * the covariance term is what keeps se(S) honest. */
static void eyring_from_line(const line_fit *f, vt_eyring *out) {
  double H = -R_GAS * f->b;
  out->H_J_per_mol = H;
  out->se_H_J_per_mol = R_GAS * sqrt(f->cov_bb);
  out->S_J_per_mol_K = R_GAS * (f->a - ln_eyring_prefactor() + log(H));
  double var_S = f->cov_aa + 2.0 * f->cov_ab / f->b + f->cov_bb / (f->b * f->b);
  out->se_S_J_per_mol_K = R_GAS * sqrt(fmax(var_S, 0.0)); /* rounding can leave -tiny */
  out->r2 = f->r2;
}

int vt_eyring_fit(const double *rate_K_per_s, const double *Tp_K, size_t n, vt_eyring *out,
                  vt_error *err) {
  vt_gsl_quiet();
  if (!out) return vt_fail(err, VT_EINVAL, "vt_eyring_fit: NULL output");
  int st = check_points(rate_K_per_s, Tp_K, n, err);
  line_fit fe, fk;
  if (!st) st = fit_rate_law(rate_K_per_s, Tp_K, n, 3.0, &fe, err);
  if (!st) st = fit_rate_law(rate_K_per_s, Tp_K, n, 2.0, &fk, err);
  if (st) return st;
  if (!(fe.b < 0))
    return vt_fail(err, VT_EINVAL,
                   "the fitted activation enthalpy H* = %g J/mol is not positive: Tp must rise "
                   "with the rate for Eq. 4 (ln H* is undefined otherwise)",
                   -R_GAS * fe.b);
  eyring_from_line(&fe, out);
  vt_kissinger k;
  kissinger_from_line(&fk, n, &k);
  double mean = 0.0;
  for (size_t i = 0; i < n; i++) mean += Tp_K[i] / (double)n;
  out->mean_Tp_K = mean;
  out->kissinger_dE_J_per_mol = k.dE_J_per_mol;
  out->se_kissinger_dE_J_per_mol = k.se_dE_J_per_mol;
  out->H_plus_RTp_J_per_mol = out->H_J_per_mol + R_GAS * mean;
  out->n = n;
  return VT_OK;
}

/* ---- The fitted lines and the points' extent ------------------------------------------------ */

int vt_kissinger_line(const vt_kissinger *k, double *a, double *b, vt_error *err) {
  if (!k || !a || !b) return vt_fail(err, VT_EINVAL, "vt_kissinger_line: NULL argument");
  if (!(k->dE_J_per_mol > 0))
    return vt_fail(err, VT_EINVAL, "vt_kissinger_line: dE = %g J/mol is not positive",
                   k->dE_J_per_mol);
  *a = k->intercept;
  *b = -k->dE_J_per_mol / R_GAS;
  return VT_OK;
}

/* The intercept is rebuilt from H* and S* (the fit keeps no line), the inverse of
 * eyring_from_line. */
int vt_eyring_line(const vt_eyring *e, double *a, double *b, vt_error *err) {
  if (!e || !a || !b) return vt_fail(err, VT_EINVAL, "vt_eyring_line: NULL argument");
  if (!(e->H_J_per_mol > 0))
    return vt_fail(err, VT_EINVAL, "vt_eyring_line: H* = %g J/mol is not positive", e->H_J_per_mol);
  *b = -e->H_J_per_mol / R_GAS;
  *a = ln_eyring_prefactor() - log(e->H_J_per_mol) + e->S_J_per_mol_K / R_GAS;
  return VT_OK;
}

int vt_rate_span_of(const double *rate_K_per_s, const double *Tp_K, size_t n, vt_rate_span *out,
                    vt_error *err) {
  if (!rate_K_per_s || !Tp_K || !out)
    return vt_fail(err, VT_EINVAL, "vt_rate_span_of: NULL argument");
  if (n == 0) return vt_fail(err, VT_EINVAL, "vt_rate_span_of: no points");
  vt_rate_span s = {Tp_K[0], Tp_K[0], rate_K_per_s[0], rate_K_per_s[0]};
  for (size_t i = 1; i < n; i++) { /* fmin/fmax skip a NaN operand */
    s.Tp_min_K = fmin(s.Tp_min_K, Tp_K[i]), s.Tp_max_K = fmax(s.Tp_max_K, Tp_K[i]);
    s.rate_min_K_per_s = fmin(s.rate_min_K_per_s, rate_K_per_s[i]);
    s.rate_max_K_per_s = fmax(s.rate_max_K_per_s, rate_K_per_s[i]);
  }
  *out = s;
  return VT_OK;
}

const char *vt_rate_point_problem(double rate_K_per_s, double Tp_K) {
  return !(rate_K_per_s > 0) ? "the rate is not positive (heating rates must be > 0)"
         : !(Tp_K > 0)       ? "Tp is not above absolute zero"
                             : NULL;
}

int vt_rate_fit_points(const double *rate_K_per_s, const double *Tp_K, size_t n, vt_rate_law law,
                       vt_rate_fit *out, vt_error *err) {
  if (!out) return vt_fail(err, VT_EINVAL, "vt_rate_fit_points: NULL output");
  memset(out, 0, sizeof *out);
  out->law = law;
  int eyring = law == VT_RATE_EYRING;
  int st = eyring ? vt_eyring_fit(rate_K_per_s, Tp_K, n, &out->eyring, err)
                  : vt_kissinger_fit(rate_K_per_s, Tp_K, n, &out->kissinger, err);
  if (!st)
    st = eyring ? vt_eyring_line(&out->eyring, &out->line_a, &out->line_b_K, err)
                : vt_kissinger_line(&out->kissinger, &out->line_a, &out->line_b_K, err);
  if (!st) st = vt_rate_span_of(rate_K_per_s, Tp_K, n, &out->span, err);
  if (st) *out = (vt_rate_fit){.law = law};
  return st;
}

/* ---- Peak temperature from Eq. 4 ------------------------------------------------------------ */

typedef struct eyring_eq {
  double ln_rate, H_over_R, c; /* c = ln(k_B R/(h_P H)) + S/R */
} eyring_eq;

/* Eq. 4 as lhs - rhs. Strictly decreasing in T (derivative -3/T - H/(R T^2) < 0 for H > 0), so
 * it has exactly one root on (0, inf): +inf as T -> 0, -inf as T -> inf. */
static double eyring_residual(double T, void *params) {
  const eyring_eq *e = params;
  return e->ln_rate - 3.0 * log(T) + e->H_over_R / T - e->c;
}

/* Widen [lo, hi] a hundredfold at a time until the residual changes sign; monotonicity makes any
 * sign change the root. The limits only guard against H, S or rate so extreme that no double Tp
 * fits. */
static int bracket_root(eyring_eq *e, double *lo, double *hi) {
  *lo = 1.0;
  *hi = 1e4;
  while (eyring_residual(*lo, e) < 0 && *lo > 1e-200) *lo *= 1e-2;
  while (eyring_residual(*hi, e) > 0 && *hi < 1e200) *hi *= 1e2;
  return eyring_residual(*lo, e) >= 0 && eyring_residual(*hi, e) <= 0;
}

int vt_eyring_peak_temperature(double H_J_per_mol, double S_J_per_mol_K, double rate_K_per_s,
                               double *Tp_K, vt_error *err) {
  vt_gsl_quiet();
  if (!Tp_K) return vt_fail(err, VT_EINVAL, "vt_eyring_peak_temperature: NULL output");
  if (!(isfinite(H_J_per_mol) && H_J_per_mol > 0))
    return vt_fail(err, VT_EINVAL, "H* = %g J/mol: expected a positive finite enthalpy",
                   H_J_per_mol);
  if (!isfinite(S_J_per_mol_K))
    return vt_fail(err, VT_EINVAL, "S* = %g J/(mol K): expected a finite entropy", S_J_per_mol_K);
  if (!(isfinite(rate_K_per_s) && rate_K_per_s > 0))
    return vt_fail(err, VT_EINVAL, "rate %g K/s: expected a positive finite heating rate",
                   rate_K_per_s);
  eyring_eq e = {log(rate_K_per_s), H_J_per_mol / R_GAS,
                 ln_eyring_prefactor() - log(H_J_per_mol) + S_J_per_mol_K / R_GAS};
  double lo, hi;
  if (!bracket_root(&e, &lo, &hi))
    return vt_fail(err, VT_ERANGE,
                   "Eq. 4 has no peak temperature between %g and %g K for H* = %g J/mol, S* = %g "
                   "J/(mol K), rate %g K/s",
                   lo, hi, H_J_per_mol, S_J_per_mol_K, rate_K_per_s);
  /* A few ulps of Tp: as exact as the residual can be evaluated (Brent ends on a zero-width
   * interval once the bisection step falls below its own rounding tolerance). */
  *Tp_K = vt_brent_root(eyring_residual, &e, lo, hi, 0.0, 4.0 * DBL_EPSILON, 500);
  if (isnan(*Tp_K)) return vt_fail(err, VT_ENOCONV, "Eq. 4 root search for Tp did not converge");
  return VT_OK;
}
