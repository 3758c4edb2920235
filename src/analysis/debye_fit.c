/* Debye recovery peaks on heating (paper 004, Eqs. 3-4): the model heat flow, its least-squares
 * fit and the gamma/beta' / beta / alpha classes of the activation energy.
 *
 * One Debye unit heated at R_h from T_s releases Q(T) = Q0 [1 - exp(-I(T))] with
 *   I(T) = int_{T_s}^{T} dT' / (R_h tau(T')),
 * so its heat flow is dQ/dt = Q0 exp(-ln tau(T) - I(T)). Everything is done in logs: ln tau0 can
 * be -100 and E/(R T) +100, and tau0 exp(E/RT) would overflow or lose every digit.
 *
 * Arrhenius, tau = tau0 exp(a/T) with a = E/R: d/dT [T E2(a/T)] = exp(-a/T), so
 *   I(T) = [T E2(a/T)]_{T_s}^{T} / (R_h tau0),
 * evaluated with GSL's scaled E2 as exp(G(T)) [1 - exp(G(T_s) - G(T))], G = ln of the integral
 * from 0, with the difference G(T_s) - G(T) formed from its parts (no cancellation). The
 * derivative integral int exp(-a/T)/T dT = E1(a/T) has the same form.
 *
 * VFT, tau = tau0 exp(D T0/(T - T0)): Gauss-Legendre (8 nodes) on every data interval, split so
 * that |d ln tau/dT| h <= 2 on each piece; the integrand is then exp(-c x) on a piece of width
 * c h <= 2, which 8 nodes integrate to ~1e-18 relative (tests/test_debye.c measures 1e-13
 * against gsl_integration_qags).
 *
 * The fit works in ln Q0, ln E (or ln D and T0 through a sine box) and ln tau at a reference
 * temperature T_ref inside the peak rather than ln tau0: ln tau0 = ln tau_ref - a/T_ref moves
 * ~E/(R T) times faster than ln E along the valley of the cost, so the ln tau0 form is nearly
 * singular; at T_ref the two are almost uncorrelated. Reported values are converted back, with
 * standard errors through the covariance (gradient . C . gradient). */
#include <float.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_expint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "lsq.h"
#include "vitrum/constants.h"

#define R_GAS      VT_GAS_CONSTANT_J_PER_MOL_K
#define MIN_POINTS VT_DEBYE_MIN_POINTS
#define GL_NODES   8
#define MAX_PIECES 4096 /* per data interval; only reached next to the VFT singularity T0 */
#define MAX_ITER   500
#define XTOL       1e-12 /* relative step: stops well below any digit the data can carry */
#define GTOL       1e-14
#define FTOL       0.0
/* The large-E/RT shape of the peak is the Gumbel density exp(s - e^s), s = k (T - Tp): its
 * FWHM and half widths below and above the maximum, in units of 1/k (roots of
 * s - e^s = -1 - ln 2). */
#define GUMBEL_FWHM 2.4463860
#define GUMBEL_LOW  1.4611862
#define GUMBEL_HIGH 0.9851998
#define NAPIER_E    2.718281828459045

/* ---- tau(T) in logs -------------------------------------------------------------------------- */

typedef struct tau_par {
  vt_tau_law law;
  double ln_tau0;
  double a;     /* E/R in K (Arrhenius) */
  double D, T0; /* VFT */
} tau_par;

static double ln_tau(const tau_par *p, double T) {
  return p->law == VT_TAU_ARRHENIUS ? p->ln_tau0 + p->a / T
                                    : p->ln_tau0 + p->D * p->T0 / (T - p->T0);
}

/* -d ln tau/dT, positive for both laws. */
static double tau_slope(const tau_par *p, double T) {
  if (p->law == VT_TAU_ARRHENIUS) return p->a / (T * T);
  return p->D * p->T0 / ((T - p->T0) * (T - p->T0));
}

/* exp(ln_end) [1 - exp(ln_start - ln_end)]: the integral from T_s to T of a positive integrand
 * given the logs of its integrals from 0 (ln_start at T_s, ln_end at T), d = ln_start - ln_end
 * formed by the caller without cancellation. Zero when the difference rounds away. */
static double log_difference(double ln_end, double d) {
  double m = -expm1(d);
  return m > 0 ? exp(ln_end + log(m)) : 0.0;
}

/* Arrhenius integrals in closed form: I = int dT/(R_h tau), J = int dT/(R_h tau T). */
static void arrhenius_integrals(const tau_par *p, double ln_rate, const double *T, size_t n,
                                double *I, double *J) {
  double c = -p->ln_tau0 - ln_rate, Ts = T[0], xs = p->a / Ts;
  double e2s = gsl_sf_expint_E2_scaled(xs), e1s = J ? gsl_sf_expint_E1_scaled(xs) : 0.0;
  I[0] = 0.0;
  if (J) J[0] = 0.0;
  for (size_t i = 1; i < n; i++) {
    double x = p->a / T[i], dx = p->a * (T[i] - Ts) / (T[i] * Ts); /* xs - x */
    double e2 = gsl_sf_expint_E2_scaled(x);
    I[i] = log_difference(c + log(T[i] * e2) - x, log(Ts * e2s / (T[i] * e2)) - dx);
    if (!J) continue;
    double e1 = gsl_sf_expint_E1_scaled(x);
    J[i] = log_difference(c + log(e1) - x, log(e1s / e1) - dx);
  }
}

/* Pieces of a data interval [A, B] for the VFT quadrature (see the file comment). */
static size_t vft_pieces(const tau_par *p, double A, double B) {
  double s = (B - A) * tau_slope(p, A) / 2.0;
  if (!(s < MAX_PIECES)) return MAX_PIECES; /* also A == T0: slope infinite */
  return s < 1.0 ? 1 : (size_t)ceil(s);
}

/* Gauss-Legendre nodes and weights on [-1, 1] from GSL's table. */
static int gl_nodes(double *x, double *w) {
  gsl_integration_glfixed_table *t = gsl_integration_glfixed_table_alloc(GL_NODES);
  if (!t) return VT_ENOMEM;
  for (size_t j = 0; j < GL_NODES; j++)
    gsl_integration_glfixed_point(-1.0, 1.0, j, &x[j], &w[j], t);
  gsl_integration_glfixed_table_free(t);
  return VT_OK;
}

/* VFT integrals by quadrature: I = int f, K1 = int f T0/(T-T0), K2 = int f D T/(T-T0)^2 with
 * f = 1/(R_h tau) (K1, K2: minus the derivatives of I in D and T0; NULL to skip them). */
static int vft_integrals(const tau_par *p, double ln_rate, const double *T, size_t n, double *I,
                         double *K1, double *K2) {
  double x[GL_NODES], w[GL_NODES], si = 0.0, s1 = 0.0, s2 = 0.0;
  if (gl_nodes(x, w)) return VT_ENOMEM;
  I[0] = 0.0;
  if (K1) K1[0] = K2[0] = 0.0;
  for (size_t i = 1; i < n; i++) {
    size_t m = vft_pieces(p, T[i - 1], T[i]);
    double h = (T[i] - T[i - 1]) / (double)m;
    for (size_t k = 0; k < m; k++) {
      double mid = T[i - 1] + ((double)k + 0.5) * h;
      for (size_t j = 0; j < GL_NODES; j++) {
        double t = mid + 0.5 * h * x[j], u = t - p->T0;
        double f = 0.5 * h * w[j] * exp(-p->ln_tau0 - p->D * p->T0 / u - ln_rate);
        if (f == 0.0) continue; /* next to T0, where 1/u is huge: adds nothing */
        si += f;
        if (K1) s1 += f * p->T0 / u, s2 += f * p->D * t / (u * u);
      }
    }
    I[i] = si;
    if (K1) K1[i] = s1, K2[i] = s2;
  }
  return VT_OK;
}

/* ---- the heat flow --------------------------------------------------------------------------- */

static int check_temperatures(const double *T, size_t n, size_t min_n, vt_error *err) {
  if (!T) return vt_fail(err, VT_EINVAL, "NULL temperature array");
  if (n < min_n)
    return vt_fail(err, VT_EINVAL, "%zu point%s: at least %zu are needed", n, n == 1 ? "" : "s",
                   min_n);
  for (size_t i = 0; i < n; i++) {
    if (!(isfinite(T[i]) && T[i] > 0))
      return vt_fail(err, VT_EINVAL, "point %zu: T = %g K is not a positive finite temperature", i,
                     T[i]);
    if (i && !(T[i] > T[i - 1]))
      return vt_fail(err, VT_EINVAL, "T is not increasing at point %zu (%.10g K after %.10g K)", i,
                     T[i], T[i - 1]);
  }
  return VT_OK;
}

static int check_rate(double rate, vt_error *err) {
  if (isfinite(rate) && rate > 0) return VT_OK;
  return vt_fail(err, VT_EINVAL, "heating rate %g K/s: expected a positive finite rate", rate);
}

/* Q0 exp(-ln tau - I) at every point; `I` is scratch of n values. */
static int model_values(const tau_par *p, double Q0, double ln_rate, const double *T, size_t n,
                        double *I, double *out) {
  if (p->law == VT_TAU_ARRHENIUS)
    arrhenius_integrals(p, ln_rate, T, n, I, NULL);
  else if (vft_integrals(p, ln_rate, T, n, I, NULL, NULL))
    return VT_ENOMEM;
  for (size_t i = 0; i < n; i++) out[i] = Q0 * exp(-ln_tau(p, T[i]) - I[i]);
  return VT_OK;
}

static int check_law(vt_tau_law law, double E_or_D, double T0, double T_first, vt_error *err) {
  if (law != VT_TAU_ARRHENIUS && law != VT_TAU_VFT)
    return vt_fail(err, VT_EINVAL, "unknown tau law %d", (int)law);
  if (!(isfinite(E_or_D) && E_or_D > 0))
    return vt_fail(err, VT_EINVAL, "%s = %g: expected a positive finite value",
                   law == VT_TAU_VFT ? "D" : "E (J/mol)", E_or_D);
  if (law == VT_TAU_VFT && !(isfinite(T0) && T0 >= 0 && T0 < T_first))
    return vt_fail(err, VT_EINVAL, "T0 = %g K: expected 0 <= T0 < the first temperature %g K", T0,
                   T_first);
  return VT_OK;
}

int vt_debye_heat_flow(vt_tau_law law, double Q0, double ln_tau0_s, double E_or_D, double T0_K,
                       double rate_K_per_s, const double *T_K, size_t n, double *heat_flow,
                       vt_error *err) {
  vt_gsl_quiet();
  int st = check_temperatures(T_K, n, 1, err);
  if (!st) st = check_rate(rate_K_per_s, err);
  if (!st) st = check_law(law, E_or_D, T0_K, T_K[0], err);
  if (st) return st;
  if (!heat_flow) return vt_fail(err, VT_EINVAL, "NULL heat-flow output");
  if (!(isfinite(Q0) && isfinite(ln_tau0_s)))
    return vt_fail(err, VT_EINVAL, "Q0 = %g, ln tau0 = %g: expected finite values", Q0, ln_tau0_s);
  int arr = law == VT_TAU_ARRHENIUS;
  tau_par p = {law, ln_tau0_s, arr ? E_or_D / R_GAS : 0.0, arr ? 0.0 : E_or_D, arr ? 0.0 : T0_K};
  double *I = malloc(n * sizeof *I);
  if (!I || model_values(&p, Q0, log(rate_K_per_s), T_K, n, I, heat_flow)) {
    free(I);
    return vt_fail(err, VT_ENOMEM, "out of memory for %zu points", n);
  }
  free(I);
  return VT_OK;
}

/* ---- the peak of a model: -d ln tau/dT = 1/(R_h tau) ----------------------------------------- */

typedef struct peak_eq {
  const tau_par *p;
  double ln_rate;
} peak_eq;

/* d ln(heat flow)/dT = -d ln tau/dT - 1/(R_h tau) vanishes at the maximum whatever T_s is.
 * In logs, F(T) = ln(-d ln tau/dT) + ln tau + ln R_h falls monotonically from +inf (T -> 0, or
 * T -> T0) to -inf, so its one root is the peak. */
static double peak_condition(double T, void *params) {
  const peak_eq *e = params;
  return log(tau_slope(e->p, T)) + ln_tau(e->p, T) + e->ln_rate;
}

static int peak_temperature(const tau_par *p, double ln_rate, double guess, double *Tp) {
  peak_eq e = {p, ln_rate};
  double floor_T = p->law == VT_TAU_VFT ? p->T0 : 0.0, lo = guess, hi = guess;
  for (int k = 0; k < 200 && !(peak_condition(lo, &e) > 0); k++)
    lo = floor_T + 0.5 * (lo - floor_T);
  for (int k = 0; k < 200 && !(peak_condition(hi, &e) < 0); k++) hi *= 2.0;
  if (!(peak_condition(lo, &e) > 0 && peak_condition(hi, &e) < 0)) return GSL_EINVAL;
  *Tp = vt_brent_root(peak_condition, &e, lo, hi, 0.0, 4.0 * DBL_EPSILON, 200);
  return isnan(*Tp) ? GSL_EMAXITER : GSL_SUCCESS;
}

/* ---- the least-squares problem --------------------------------------------------------------
 * Parameters x: Arrhenius (ln Q0, ln E, ln tau_ref), VFT (ln Q0, ln D, u, ln tau_ref) with
 * T0 = T0_max (1 + sin u)/2, T0_max = T[0]; Q0 in units of y_scale (the data are divided by
 * their maximum so that the tolerances mean the same for any unit of y). */

typedef struct fit_ctx {
  vt_tau_law law;
  const double *T;
  double *y; /* data / y_scale */
  size_t n;
  double ln_rate, T_ref, T0_max, y_scale;
  double *I, *K1, *K2, *model; /* scratch, n each */
} fit_ctx;

static size_t n_params(vt_tau_law law) {
  return law == VT_TAU_VFT ? 4 : 3;
}

static tau_par tau_of(const fit_ctx *c, const double *x, double *dT0_du) {
  tau_par p = {c->law, 0.0, 0.0, 0.0, 0.0};
  double ln_tau_ref = x[n_params(c->law) - 1];
  if (c->law == VT_TAU_ARRHENIUS) {
    p.a = exp(x[1]) / R_GAS;
    p.ln_tau0 = ln_tau_ref - p.a / c->T_ref;
  } else {
    p.D = exp(x[1]);
    p.T0 = 0.5 * c->T0_max * (1.0 + sin(x[2]));
    if (dT0_du) *dT0_du = 0.5 * c->T0_max * cos(x[2]);
    p.ln_tau0 = ln_tau_ref - p.D * p.T0 / (c->T_ref - p.T0);
  }
  return p;
}

static int residual_f(const gsl_vector *xv, void *params, gsl_vector *f) {
  fit_ctx *c = params;
  double x[4];
  for (size_t k = 0; k < n_params(c->law); k++) x[k] = gsl_vector_get(xv, k);
  tau_par p = tau_of(c, x, NULL);
  if (model_values(&p, exp(x[0]), c->ln_rate, c->T, c->n, c->I, c->model)) return GSL_ENOMEM;
  for (size_t i = 0; i < c->n; i++) {
    double r = c->model[i] - c->y[i];
    if (!isfinite(r)) return GSL_EDOM;
    gsl_vector_set(f, i, r);
  }
  return GSL_SUCCESS;
}

/* One row of the Jacobian: y times d ln y/dx, from the derivatives in (ln tau0, a) or
 * (ln tau0, D, T0) carried over to the fit parameters by the chain rule (ln tau0 depends on
 * ln tau_ref and on a, or on D and T0). */
static void jacobian_row(const fit_ctx *c, const tau_par *p, double dT0_du, size_t i, double y,
                         double *row) {
  double T = c->T[i], dL = -1.0 + c->I[i]; /* d ln y/d ln tau0 */
  row[0] = y;
  if (p->law == VT_TAU_ARRHENIUS) {
    double dA = -1.0 / T + c->K1[i]; /* d ln y/da */
    row[1] = y * p->a * (dA - dL / c->T_ref);
    row[2] = y * dL;
    return;
  }
  double u = T - p->T0, ur = c->T_ref - p->T0;
  double dD = -p->T0 / u + c->K1[i], dT0 = -p->D * T / (u * u) + c->K2[i];
  row[1] = y * p->D * (dD - dL * p->T0 / ur);
  row[2] = y * dT0_du * (dT0 - dL * p->D * c->T_ref / (ur * ur));
  row[3] = y * dL;
}

static int residual_df(const gsl_vector *xv, void *params, gsl_matrix *J) {
  fit_ctx *c = params;
  size_t np = n_params(c->law);
  double x[4], dT0_du = 0.0;
  for (size_t k = 0; k < np; k++) x[k] = gsl_vector_get(xv, k);
  tau_par p = tau_of(c, x, &dT0_du);
  if (p.law == VT_TAU_ARRHENIUS)
    arrhenius_integrals(&p, c->ln_rate, c->T, c->n, c->I, c->K1);
  else if (vft_integrals(&p, c->ln_rate, c->T, c->n, c->I, c->K1, c->K2))
    return GSL_ENOMEM;
  for (size_t i = 0; i < c->n; i++) {
    double row[4] = {0.0, 0.0, 0.0, 0.0};
    double y = exp(x[0] - ln_tau(&p, c->T[i]) - c->I[i]);
    if (y > 0) jacobian_row(c, &p, dT0_du, i, y, row); /* y = 0: no sensitivity (and 0 * inf) */
    for (size_t k = 0; k < np; k++) {
      if (!isfinite(row[k])) return GSL_EDOM;
      gsl_matrix_set(J, i, k, row[k]);
    }
  }
  return GSL_SUCCESS;
}

typedef struct solution {
  double x[4], cov[16]; /* covariance scaled by the residual variance */
  double chi2;          /* sum of squared residuals, y_scale units */
  int iterations;
} solution;

/* Least squares from x0; GSL's status on failure (the text goes into the message). */
static int solve(fit_ctx *c, const double *x0, solution *s) {
  size_t np = n_params(c->law);
  memset(s, 0, sizeof *s);
  vt_lsq q = vt_lsq_problem(c->n, np, residual_f, residual_df, c,
                            (vt_lsq_stop){MAX_ITER, XTOL, GTOL, FTOL});
  int cov_st, st = vt_lsq_solve(&q, x0, s->x, s->cov, &cov_st, &s->chi2, &s->iterations);
  if (!st) st = cov_st;
  for (size_t k = 0; !st && k < np; k++)
    if (!isfinite(s->x[k])) st = GSL_EDOM;
  return st;
}

/* ---- starting values ------------------------------------------------------------------------- */

typedef struct guess {
  size_t im;    /* index of the largest value */
  double Tp, k; /* peak and k = E/(R Tp^2), the slope of ln tau there */
  double Q0;    /* area over time */
} guess;

/* For large E/(R T) the peak is the Gumbel density of s = k (T - Tp): exp(s - e^s) with
 * FWHM 2.446/k, height Q0 R_h k/e and area (over T) Q0 R_h. So k from the width (or a half
 * width, or height over area when the peak runs off the data), Q0 from the area, and
 * tau(Tp) = 1/(k R_h) from the peak condition. */
static int initial_guess(const double *T, const double *y, size_t n, double rate, guess *g,
                         vt_error *err) {
  size_t im = 0;
  for (size_t i = 1; i < n; i++)
    if (y[i] > y[im]) im = i;
  if (!(y[im] > 0))
    return vt_fail(err, VT_EINVAL, "no peak: the largest value is %g (at %g K), not positive",
                   y[im], T[im]);
  if (im == 0 || im == n - 1)
    return vt_fail(err, VT_EINVAL,
                   "no peak inside the data: the maximum (%g at %g K) is the %s point", y[im],
                   T[im], im == 0 ? "first" : "last");
  vt_peak pk;
  int st = vt_peak_metrics(T, y, n, &pk, err);
  if (st) return st;
  double w_low = pk.x_peak - pk.x_half_low, w_high = pk.x_half_high - pk.x_peak;
  if (pk.fwhm > 0)
    g->k = GUMBEL_FWHM / pk.fwhm;
  else if (w_low > 0)
    g->k = GUMBEL_LOW / w_low;
  else if (w_high > 0)
    g->k = GUMBEL_HIGH / w_high;
  else
    g->k = pk.area > 0 ? NAPIER_E * pk.y_peak / pk.area : 30.0 / pk.x_peak;
  g->im = im;
  g->Tp = pk.x_peak;
  g->Q0 = (pk.area > 0 ? pk.area : NAPIER_E * pk.y_peak / g->k) / rate;
  return VT_OK;
}

static void arrhenius_start(const fit_ctx *c, const guess *g, double *x) {
  double a = g->k * g->Tp * g->Tp;
  x[0] = log(g->Q0 / c->y_scale);
  x[1] = log(a * R_GAS);
  x[2] = -log(g->k) - c->ln_rate + a * (1.0 / c->T_ref - 1.0 / g->Tp);
}

/* VFT from an Arrhenius solution: the same ln tau and slope a/T^2 at T_ref, for a chosen T0. */
static void vft_start(const fit_ctx *c, const solution *arr, double T0_fraction, double *x) {
  double a = exp(arr->x[1]) / R_GAS, T0 = T0_fraction * c->T0_max, d = c->T_ref - T0;
  x[0] = arr->x[0];
  x[1] = log(a * d * d / (T0 * c->T_ref * c->T_ref));
  x[2] = asin(2.0 * T0_fraction - 1.0);
  x[3] = arr->x[2];
}

/* ---- results --------------------------------------------------------------------------------- */

/* sqrt(g . C . g): the standard error of a function of the parameters with gradient g. */
static double propagate(const solution *s, size_t np, const double *g) {
  double v = 0.0;
  for (size_t k = 0; k < np; k++)
    for (size_t l = 0; l < np; l++) v += g[k] * s->cov[k * np + l] * g[l];
  return sqrt(fmax(v, 0.0)); /* rounding can leave -tiny */
}

/* R d ln tau/d(1/T) at the peak of the VFT curve of x: its apparent activation energy. */
static int apparent_E(const fit_ctx *c, const double *x, double *E) {
  tau_par p = tau_of(c, x, NULL);
  double Tp;
  int st = peak_temperature(&p, c->ln_rate, c->T_ref, &Tp);
  *E = R_GAS * p.D * p.T0 * Tp * Tp / ((Tp - p.T0) * (Tp - p.T0));
  return st;
}

/* Its standard error from central differences in x (relative step 1e-6: the truncation error
 * ~1e-12 and the rounding error ~1e-10 are far below what an error estimate needs). */
static int apparent_E_error(const fit_ctx *c, const solution *s, double *se) {
  double g[4], x[4];
  memcpy(x, s->x, sizeof x);
  for (size_t k = 0; k < 4; k++) {
    double h = 1e-6 * fmax(1.0, fabs(s->x[k])), Ep, Em;
    x[k] = s->x[k] + h;
    int st = apparent_E(c, x, &Ep);
    x[k] = s->x[k] - h;
    st = st ? st : apparent_E(c, x, &Em);
    x[k] = s->x[k];
    if (st) return st;
    g[k] = (Ep - Em) / (2.0 * h);
  }
  *se = propagate(s, 4, g);
  return GSL_SUCCESS;
}

static void arrhenius_results(const fit_ctx *c, const solution *s, vt_debye_fit *out) {
  double a = exp(s->x[1]) / R_GAS, g[3] = {0.0, -a / c->T_ref, 1.0};
  out->E_J_per_mol = a * R_GAS;
  out->se_E_J_per_mol = out->E_J_per_mol * sqrt(s->cov[4]);
  out->ln_tau0_s = s->x[2] - a / c->T_ref;
  out->se_ln_tau0 = propagate(s, 3, g);
  out->D = out->se_D = out->T0_K = out->se_T0_K = NAN;
}

static int vft_results(const fit_ctx *c, const solution *s, vt_debye_fit *out) {
  double dT0_du;
  tau_par p = tau_of(c, s->x, &dT0_du);
  double ur = c->T_ref - p.T0;
  double g[4] = {0.0, -p.D * p.T0 / ur, -p.D * c->T_ref / (ur * ur) * dT0_du, 1.0};
  out->D = p.D;
  out->se_D = p.D * sqrt(s->cov[5]);
  out->T0_K = p.T0;
  out->se_T0_K = fabs(dT0_du) * sqrt(s->cov[10]);
  out->ln_tau0_s = p.ln_tau0;
  out->se_ln_tau0 = propagate(s, 4, g);
  int st = apparent_E(c, s->x, &out->E_J_per_mol);
  return st ? st : apparent_E_error(c, s, &out->se_E_J_per_mol);
}

static int common_results(const fit_ctx *c, const solution *s, vt_debye_fit *out) {
  double mean = 0.0, ss = 0.0;
  for (size_t i = 0; i < c->n; i++) mean += c->y[i] / (double)c->n;
  for (size_t i = 0; i < c->n; i++) ss += (c->y[i] - mean) * (c->y[i] - mean);
  out->law = c->law;
  out->Q0 = exp(s->x[0]) * c->y_scale;
  out->se_Q0 = out->Q0 * sqrt(s->cov[0]);
  out->rms_residual = sqrt(s->chi2 / (double)c->n) * c->y_scale;
  out->r2 = ss > 0 ? 1.0 - s->chi2 / ss : NAN;
  out->iterations = s->iterations;
  tau_par p = tau_of(c, s->x, NULL);
  return peak_temperature(&p, c->ln_rate, c->T_ref, &out->Tp_K);
}

/* ---- the fit --------------------------------------------------------------------------------- */

static int check_fit_input(const double *T, const double *y, size_t n, double rate, vt_tau_law law,
                           const vt_debye_fit *out, vt_error *err) {
  if (!out || !y) return vt_fail(err, VT_EINVAL, "vt_debye_fit_peak: NULL data or output");
  if (law != VT_TAU_ARRHENIUS && law != VT_TAU_VFT)
    return vt_fail(err, VT_EINVAL, "unknown tau law %d", (int)law);
  int st = check_temperatures(T, n, MIN_POINTS, err);
  if (st) return st;
  for (size_t i = 0; i < n; i++)
    if (!isfinite(y[i]))
      return vt_fail(err, VT_EINVAL, "point %zu (T = %g K): y = %g is not finite", i, T[i], y[i]);
  return check_rate(rate, err);
}

static int no_convergence(vt_error *err, vt_tau_law law, int gsl_status, int iterations) {
  return vt_fail(err, VT_ENOCONV, "the %s Debye fit did not converge (%d iterations): %s%s",
                 law == VT_TAU_VFT ? "VFT" : "Arrhenius", iterations, gsl_strerror(gsl_status),
                 law == VT_TAU_VFT ? " (T0 and D run off when the data do not fix the VFT "
                                     "curvature: try the Arrhenius law)"
                                   : "");
}

/* VFT from three values of T0 (a quarter, half and three quarters of T[0]), keeping the best:
 * the cost is nearly flat along T0 (the data fix ln tau and its slope at the peak, T0 only
 * through the curvature), so one start can stop in a shallow side valley. */
static int fit_vft(fit_ctx *c, const solution *arr, solution *best, vt_error *err) {
  static const double fractions[3] = {0.25, 0.5, 0.75};
  int st = GSL_FAILURE, found = 0, iterations = 0;
  for (size_t k = 0; k < 3; k++) {
    double x0[4];
    solution s;
    vft_start(c, arr, fractions[k], x0);
    int sk = solve(c, x0, &s);
    iterations = s.iterations;
    if (sk) st = found ? st : sk;
    if (!sk && (!found || s.chi2 < best->chi2)) *best = s;
    found |= !sk;
  }
  if (!found) return no_convergence(err, VT_TAU_VFT, st, iterations);
  double T0 = 0.5 * c->T0_max * (1.0 + sin(best->x[2]));
  if (fabs(cos(best->x[2])) < 1e-3)
    return vt_fail(err, VT_ENOCONV,
                   "the VFT fit ran T0 to its bound (%g K; allowed 0 .. %g K, the first "
                   "temperature): the data do not determine a VFT law, try Arrhenius",
                   T0, c->T0_max);
  return VT_OK;
}

static int fit_all(fit_ctx *c, const guess *g, vt_tau_law law, vt_debye_fit *out, vt_error *err) {
  double x0[3];
  solution arr, vft;
  c->law = VT_TAU_ARRHENIUS;
  arrhenius_start(c, g, x0);
  int st = solve(c, x0, &arr);
  if (st) return no_convergence(err, VT_TAU_ARRHENIUS, st, arr.iterations);
  const solution *s = &arr;
  if (law == VT_TAU_VFT) {
    c->law = VT_TAU_VFT;
    if ((st = fit_vft(c, &arr, &vft, err))) return st;
    s = &vft;
    st = vft_results(c, s, out);
  } else {
    arrhenius_results(c, s, out);
  }
  if (!st) st = common_results(c, s, out);
  if (st)
    return vt_fail(err, VT_ENUMERIC, "the fitted curve has no peak temperature: %s",
                   gsl_strerror(st));
  return VT_OK;
}

int vt_debye_fit_peak(const double *T_K, const double *y, size_t n, double rate_K_per_s,
                      vt_tau_law law, vt_debye_fit *out, vt_error *err) {
  vt_gsl_quiet();
  guess g = {0, 0.0, 0.0, 0.0};
  int st = check_fit_input(T_K, y, n, rate_K_per_s, law, out, err);
  if (!st) st = initial_guess(T_K, y, n, rate_K_per_s, &g, err);
  if (st) return st;
  double *work = malloc(5 * n * sizeof *work);
  if (!work) return vt_fail(err, VT_ENOMEM, "out of memory for %zu points", n);
  fit_ctx c = {law,          T_K,         work,    n,        log(rate_K_per_s),
               0.0,          T_K[0],      y[g.im], work + n, work + 2 * n,
               work + 3 * n, work + 4 * n};
  /* T_ref inside the peak and above every allowed T0 (T0 <= T[0] < T[im]). */
  c.T_ref = g.Tp > T_K[0] ? g.Tp : T_K[g.im];
  for (size_t i = 0; i < n; i++) c.y[i] = y[i] / c.y_scale;
  st = fit_all(&c, &g, law, out, err);
  free(work);
  return st;
}
