/* Loss modulus E''(T) at one frequency: Havriliak-Negami and Debye terms (paper 004, Eqs. 1-2)
 * and their least-squares fit to a DMA temperature sweep.
 *
 * One term: W = 1 + (i w tau)^a = 1 + z e^{i phi}, z = (w tau)^a, phi = a pi/2, W = r e^{i theta},
 * E'' = dE g with g = -Im W^{-b} = r^{-b} sin(b theta). Everything is evaluated from
 * x = ln(w tau) = ln w + ln tau0 + E/(R T), never from w tau itself, which overflows a double
 * for an alpha process far below its peak (E/(R T) ~ 100 at 400 K for 340 kJ/mol).
 *
 * Accuracy of g: for a x <= 0, z = e^{a x} <= 1 and r lies in [1, 2.3], so each step (exp,
 * hypot, atan2, pow, sin) adds about one rounding to a well-scaled number; for a x > 0 the
 * modulus z is factored out, W = z (u + e^{i phi}) with u = 1/z = e^{-a x} < 1, and
 * r^{-b} = u^b |u + e^{i phi}|^{-b}: no intermediate exceeds 2.3, so nothing overflows and g
 * underflows gracefully to 0 beyond |x| ~ 700/(a b). cos(phi) is computed as sin((1 - a) pi/2),
 * exactly 0 for the Debye case a = 1 (cos(pi/2) in double is 6e-17, which would put a 6 % error
 * into 1 + z cos phi at w tau = 1e15). The relative error of g, given x, is a few ulps:
 * tests/test_loss.c measures 1.9 ulps (4.3e-16) against the closed Debye form over 30 decades
 * of w tau and 1.3e-15 against long-double complex arithmetic for HN (|ln w tau| <= 20).
 *
 * The fit (GSL multifit_nlinear, trust region with geodesic acceleration, analytic Jacobian) runs
 * on internal parameters per peak: ln(dE/s), ln E, q = ln(w tau(T_ref)) and, for HN, alpha, beta
 * with a = sin^2 alpha, b = sin^2 beta (DESIGN: sine transforms for boxes; sin^2 reaches 1, the
 * Debye edge, but never leaves [0, 1]); then the background / s. s = max |E''| scales the residuals
 * to O(1). q replaces ln tau0 because ln tau0 and E are almost collinear over a peak (ln tau = ln
 * tau0 + E/(R T) with 1/T varying by a few per cent): measured at T_ref, a temperature inside the
 * peak, the two are nearly independent and the trust region does not crawl along the valley. ln
 * tau0 and its standard error follow from q and ln E (delta method with their covariance). */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../core/internal.h"
#include "lsq.h"
#include "vitrum/constants.h"

#define R_GAS     VT_GAS_CONSTANT_J_PER_MOL_K
#define PI        3.14159265358979323846
#define HALF_PI   (0.5 * PI)
#define MAX_PEAKS 4
#define MAX_ITER  1000
#define XTOL      1e-12 /* relative step, ~12 digits of every internal parameter */
#define GTOL      1e-12
/* A starting a or b of 1 sits where sin^2 is flat (zero Jacobian column): start just inside. */
#define EDGE_START 0.99
/* a or b this close to 1 is at the edge of its box: no standard error from the curvature. */
#define EDGE_TOL 1e-9

/* ---- One Havriliak-Negami term ------------------------------------------------------------ */

/* W = 1 + z e^{i phi} at x = ln(w tau): m = r^{-b}, theta = arg W, L = ln r, and Z/W as
 * k e^{i psi} (the Jacobian needs it). */
typedef struct hn_point {
  double m, theta, L, k, psi;
} hn_point;

static void hn_point_eval(double x, double a, double b, hn_point *p) {
  double c = sin(HALF_PI * (1.0 - a)), s = sin(HALF_PI * a), lz = a * x;
  if (lz <= 0) {
    double z = exp(lz), re = 1.0 + z * c, im = z * s, r = hypot(re, im);
    p->theta = atan2(im, re);
    p->m = pow(r, -b);
    p->L = log(r);
    p->k = z / r;
  } else {
    double u = exp(-lz), re = u + c, r1 = hypot(re, s);
    p->theta = atan2(s, re);
    p->m = pow(u, b) * pow(r1, -b);
    p->L = lz + log(r1);
    p->k = 1.0 / r1;
  }
  p->psi = HALF_PI * a - p->theta;
}

/* g = r^{-b} sin(b theta), E''/dE. */
static double hn_shape(double x, double a, double b) {
  hn_point p;
  hn_point_eval(x, a, b, &p);
  return p.m * sin(b * p.theta);
}

/* g and its derivatives. With P = W^{-b} and dW/dx = a Z, dW/da = Z (x + i pi/2):
 *   dg/dx = a b Im(P Z/W),  dg/da = b Im(P Z/W (x + i pi/2)),  dg/db = Im(P ln W). */
typedef struct hn_deriv {
  double g, dx, da, db;
} hn_deriv;

static void hn_shape_deriv(double x, double a, double b, hn_deriv *d) {
  hn_point p;
  hn_point_eval(x, a, b, &p);
  double bt = b * p.theta, gamma = p.psi - bt, mk = p.m * p.k;
  d->g = p.m * sin(bt);
  d->dx = a * b * mk * sin(gamma);
  d->da = b * mk * (x * sin(gamma) + HALF_PI * cos(gamma));
  d->db = p.m * (p.theta * cos(bt) - p.L * sin(bt));
}

static int is_hn(const vt_loss_peak *pk) {
  return pk->havriliak_negami != 0;
}

double vt_loss_hn(double omega_rad_per_s, double T_K, const vt_loss_peak *peak) {
  if (!peak || !(omega_rad_per_s > 0) || !isfinite(omega_rad_per_s) || !(T_K > 0) || !isfinite(T_K))
    return NAN;
  double a = is_hn(peak) ? peak->a : 1.0, b = is_hn(peak) ? peak->b : 1.0;
  if (!(a > 0 && a <= 1 && b > 0 && b <= 1)) return NAN;
  double x = log(omega_rad_per_s) + peak->ln_tau0_s + peak->E_act_J_per_mol / (R_GAS * T_K);
  if (!isfinite(x) || !isfinite(peak->dE_Pa)) return NAN;
  return peak->dE_Pa * hn_shape(x, a, b);
}

/* ---- The model behind the fit ------------------------------------------------------------- */

typedef struct loss_model {
  const double *T, *y;
  size_t n, p, n_peaks;
  int hn[MAX_PEAKS];
  size_t off[MAX_PEAKS]; /* first internal parameter of each peak */
  double T_ref[MAX_PEAKS];
  double ln_omega, scale;
} loss_model;

static size_t peak_params(int hn) {
  return hn ? 5 : 3;
}

static double sin2(double t) {
  double s = sin(t);
  return s * s;
}

/* Internal parameters of peak k at temperature T: x and the shape exponents. */
static double peak_x(const loss_model *m, const gsl_vector *v, size_t k, double T) {
  size_t o = m->off[k];
  double E = exp(gsl_vector_get(v, o + 1));
  return gsl_vector_get(v, o + 2) + E / R_GAS * (1.0 / T - 1.0 / m->T_ref[k]);
}

static void peak_shape_params(const loss_model *m, const gsl_vector *v, size_t k, double *a,
                              double *b) {
  *a = m->hn[k] ? sin2(gsl_vector_get(v, m->off[k] + 3)) : 1.0;
  *b = m->hn[k] ? sin2(gsl_vector_get(v, m->off[k] + 4)) : 1.0;
}

/* The model at point i in units of the scale, with the Jacobian row when J is not NULL. */
static double model_point(const loss_model *m, const gsl_vector *v, size_t i, gsl_matrix *J) {
  double T = m->T[i], sum = gsl_vector_get(v, m->p - 1);
  for (size_t k = 0; k < m->n_peaks; k++) {
    size_t o = m->off[k];
    double a, b, h = exp(gsl_vector_get(v, o));
    peak_shape_params(m, v, k, &a, &b);
    hn_deriv d;
    hn_shape_deriv(peak_x(m, v, k, T), a, b, &d);
    sum += h * d.g;
    if (!J) continue;
    double E = exp(gsl_vector_get(v, o + 1));
    gsl_matrix_set(J, i, o, h * d.g);
    gsl_matrix_set(J, i, o + 1, h * d.dx * E / R_GAS * (1.0 / T - 1.0 / m->T_ref[k]));
    gsl_matrix_set(J, i, o + 2, h * d.dx);
    if (!m->hn[k]) continue;
    gsl_matrix_set(J, i, o + 3, h * d.da * sin(2.0 * gsl_vector_get(v, o + 3)));
    gsl_matrix_set(J, i, o + 4, h * d.db * sin(2.0 * gsl_vector_get(v, o + 4)));
  }
  if (J) gsl_matrix_set(J, i, m->p - 1, 1.0);
  return sum;
}

static int residual_f(const gsl_vector *v, void *params, gsl_vector *f) {
  const loss_model *m = params;
  for (size_t i = 0; i < m->n; i++)
    gsl_vector_set(f, i, model_point(m, v, i, NULL) - m->y[i] / m->scale);
  return GSL_SUCCESS;
}

static int residual_df(const gsl_vector *v, void *params, gsl_matrix *J) {
  const loss_model *m = params;
  for (size_t i = 0; i < m->n; i++) model_point(m, v, i, J);
  return GSL_SUCCESS;
}

/* ---- Checks and starting values ----------------------------------------------------------- */

static int check_data(const double *T, const double *y, size_t n, double freq, vt_error *err) {
  if (!T || !y) return vt_fail(err, VT_EINVAL, "NULL temperature or loss-modulus array");
  if (!(isfinite(freq) && freq > 0))
    return vt_fail(err, VT_EINVAL, "frequency %g Hz: expected a positive finite number", freq);
  for (size_t i = 0; i < n; i++) {
    if (!(isfinite(T[i]) && T[i] > 0))
      return vt_fail(err, VT_EINVAL, "point %zu: T = %g K is not a positive finite temperature", i,
                     T[i]);
    if (!isfinite(y[i]))
      return vt_fail(err, VT_EINVAL, "point %zu (T = %g K): the loss modulus %g is not finite", i,
                     T[i], y[i]);
    if (i && !(T[i] > T[i - 1]))
      return vt_fail(err, VT_EINVAL,
                     "T is not increasing at point %zu (%g K after %g K): give the sweep sorted "
                     "by temperature",
                     i, T[i], T[i - 1]);
  }
  return VT_OK;
}

static int check_peak_guess(const vt_loss_peak *pk, size_t k, vt_error *err) {
  const char *kind = is_hn(pk) ? "HN" : "Debye";
  if (!(isfinite(pk->dE_Pa) && pk->dE_Pa > 0))
    return vt_fail(err, VT_EINVAL, "peaks[%zu] (%s): starting dE = %g Pa is not positive", k, kind,
                   pk->dE_Pa);
  if (!(isfinite(pk->E_act_J_per_mol) && pk->E_act_J_per_mol > 0))
    return vt_fail(err, VT_EINVAL, "peaks[%zu] (%s): starting E_act = %g J/mol is not positive", k,
                   kind, pk->E_act_J_per_mol);
  if (!isfinite(pk->ln_tau0_s))
    return vt_fail(err, VT_EINVAL, "peaks[%zu] (%s): starting ln tau0 is not finite", k, kind);
  if (is_hn(pk) && !(pk->a > 0 && pk->a <= 1 && pk->b > 0 && pk->b <= 1))
    return vt_fail(err, VT_EINVAL,
                   "peaks[%zu] (HN): starting a = %g, b = %g: both must lie in (0, 1]", k, pk->a,
                   pk->b);
  return VT_OK;
}

static int check_guess(const vt_loss_fit *g, size_t n, vt_error *err) {
  if (!g) return vt_fail(err, VT_EINVAL, "vt_loss_fit_run: NULL guess");
  if (g->n_peaks < 1 || g->n_peaks > MAX_PEAKS)
    return vt_fail(err, VT_EINVAL, "%zu peaks: the fit takes 1 to %d", g->n_peaks, MAX_PEAKS);
  size_t p = 1;
  for (size_t k = 0; k < g->n_peaks; k++) {
    int st = check_peak_guess(&g->peaks[k], k, err);
    if (st) return st;
    p += peak_params(is_hn(&g->peaks[k]));
  }
  if (!isfinite(g->background_Pa))
    return vt_fail(err, VT_EINVAL, "starting background %g Pa is not finite", g->background_Pa);
  if (n <= p)
    return vt_fail(err, VT_EINVAL,
                   "%zu points for %zu parameters: the fit needs at least %zu points (one more "
                   "than the parameters, for the residual variance)",
                   n, p, p + 1);
  return VT_OK;
}

/* T_ref: where the starting guess has w tau = 1, if that lies within a data span of the data;
 * else the middle of the data. Any T_ref is exact; a central one decorrelates q and ln E. */
static double reference_T(const vt_loss_peak *pk, double ln_omega, const double *T, size_t n) {
  double span = T[n - 1] - T[0], denom = -ln_omega - pk->ln_tau0_s;
  double Tr = denom > 0 ? pk->E_act_J_per_mol / (R_GAS * denom) : NAN;
  if (isfinite(Tr) && Tr > T[0] - span && Tr < T[n - 1] + span) return Tr;
  return 0.5 * (T[0] + T[n - 1]);
}

static double max_abs(const double *y, size_t n) {
  double s = 0.0;
  for (size_t i = 0; i < n; i++) s = fmax(s, fabs(y[i]));
  return s;
}

/* Layout and starting point. */
static void setup(loss_model *m, const vt_loss_fit *g, gsl_vector *v) {
  size_t o = 0;
  for (size_t k = 0; k < g->n_peaks; k++) {
    const vt_loss_peak *pk = &g->peaks[k];
    m->hn[k] = is_hn(pk);
    m->off[k] = o;
    m->T_ref[k] = reference_T(pk, m->ln_omega, m->T, m->n);
    gsl_vector_set(v, o, log(pk->dE_Pa / m->scale));
    gsl_vector_set(v, o + 1, log(pk->E_act_J_per_mol));
    gsl_vector_set(v, o + 2,
                   m->ln_omega + pk->ln_tau0_s + pk->E_act_J_per_mol / (R_GAS * m->T_ref[k]));
    if (m->hn[k]) {
      gsl_vector_set(v, o + 3, asin(sqrt(fmin(pk->a, EDGE_START))));
      gsl_vector_set(v, o + 4, asin(sqrt(fmin(pk->b, EDGE_START))));
    }
    o += peak_params(m->hn[k]);
  }
  gsl_vector_set(v, o, g->background_Pa / m->scale);
  m->p = o + 1;
}

/* ---- Running the solver -------------------------------------------------------------------- */

/* Why GSL stopped, when it says more than its status does. */
static const char *stop_reason(int info) {
  return info == GSL_ENOPROG ? "; no step lowered the residual" : "";
}

/* The usual way a fit at one frequency fails: an HN peak slides along the valley a -> 0,
 * E_act -> infinity (x = ln(w tau) enters as a x, so a E_act sets the width and the data cannot
 * pin a and E_act apart). Name it when it happens. */
static void drift_note(const loss_model *m, const gsl_vector *v, char *buf, size_t size) {
  buf[0] = '\0';
  for (size_t k = 0; k < m->n_peaks; k++) {
    double a, b;
    peak_shape_params(m, v, k, &a, &b);
    if (!m->hn[k] || !(a < 0.05)) continue;
    snprintf(buf, size,
             "; peaks[%zu] (HN) drifted to a = %.3g with E_act = %.3g kJ/mol: at one frequency a "
             "broad peak trades E_act against a, and these data do not pin them",
             k, a, exp(gsl_vector_get(v, m->off[k] + 1)) / 1e3);
    return;
  }
}

static int solve(loss_model *m, const gsl_vector *v0, vt_lsq *q, vt_error *err) {
  int iterations, gs = vt_lsq_run(q, v0->data, NULL, &iterations);
  if (gs == GSL_EBADFUNC)
    return vt_fail(err, VT_ENUMERIC, "the starting model is not finite at point %zu (T = %g K)",
                   q->bad_residual, m->T[q->bad_residual]);
  if (gs) {
    char note[256];
    drift_note(m, vt_lsq_position(q), note, sizeof note);
    return vt_fail(err, VT_ENOCONV,
                   "the loss-modulus fit did not converge in %d iterations (GSL: %s%s)%s; "
                   "try other starting peaks",
                   iterations, gsl_strerror(gs), stop_reason(q->info), note);
  }
  return VT_OK;
}

/* ---- Results -------------------------------------------------------------------------------- */

static double cov(const gsl_matrix *C, size_t i, size_t j) {
  return gsl_matrix_get(C, i, j);
}

/* se of sin^2(t) by the delta method: |d sin^2 t/dt| se(t) = |sin 2t| se(t); NaN at the edge
 * a = 1, where the transform is flat and the curvature says nothing. */
static double se_box(double t, double var_t) {
  double val = sin2(t);
  if (val > 1.0 - EDGE_TOL) return NAN;
  return fabs(sin(2.0 * t)) * sqrt(fmax(var_t, 0.0));
}

static void peak_result(const loss_model *m, const gsl_vector *v, const gsl_matrix *C, size_t k,
                        vt_loss_peak *pk) {
  size_t o = m->off[k];
  double E = exp(gsl_vector_get(v, o + 1)), c = E / (R_GAS * m->T_ref[k]);
  memset(pk, 0, sizeof *pk);
  pk->havriliak_negami = m->hn[k];
  pk->dE_Pa = m->scale * exp(gsl_vector_get(v, o));
  pk->se_dE_Pa = pk->dE_Pa * sqrt(fmax(cov(C, o, o), 0.0));
  pk->E_act_J_per_mol = E;
  pk->se_E_act_J_per_mol = E * sqrt(fmax(cov(C, o + 1, o + 1), 0.0));
  /* ln tau0 = q - ln w - E/(R T_ref): d/dq = 1, d/d ln E = -c. */
  pk->ln_tau0_s = gsl_vector_get(v, o + 2) - m->ln_omega - c;
  double var = cov(C, o + 2, o + 2) + c * c * cov(C, o + 1, o + 1) - 2.0 * c * cov(C, o + 1, o + 2);
  pk->se_ln_tau0 = sqrt(fmax(var, 0.0));
  peak_shape_params(m, v, k, &pk->a, &pk->b);
  if (m->hn[k]) {
    pk->se_a = se_box(gsl_vector_get(v, o + 3), cov(C, o + 3, o + 3));
    pk->se_b = se_box(gsl_vector_get(v, o + 4), cov(C, o + 4, o + 4));
  }
}

static double sum_sq_dev(const double *y, size_t n) {
  double mean = 0.0, ss = 0.0;
  for (size_t i = 0; i < n; i++) mean += y[i] / (double)n;
  for (size_t i = 0; i < n; i++) ss += (y[i] - mean) * (y[i] - mean);
  return ss;
}

/* Covariance of the internal parameters (scaled by the residual variance) -> the results. */
static int collect(const loss_model *m, const vt_lsq *q, vt_loss_fit *out, vt_error *err) {
  const gsl_vector *v = vt_lsq_position(q);
  double chi2 = vt_lsq_chi2(q);
  for (size_t j = 0; j < m->p; j++)
    if (!isfinite(gsl_vector_get(v, j)) || !isfinite(chi2))
      return vt_fail(err, VT_ENUMERIC, "the loss-modulus fit ended on non-finite parameters");
  gsl_matrix *C = gsl_matrix_alloc(m->p, m->p);
  if (!C) return vt_fail(err, VT_ENOMEM, "out of memory for the covariance matrix");
  vt_lsq_covariance(q, NULL, chi2, C);
  memset(out, 0, sizeof *out);
  out->n_peaks = m->n_peaks;
  for (size_t k = 0; k < m->n_peaks; k++) peak_result(m, v, C, k, &out->peaks[k]);
  out->background_Pa = m->scale * gsl_vector_get(v, m->p - 1);
  out->se_background_Pa = m->scale * sqrt(fmax(cov(C, m->p - 1, m->p - 1), 0.0));
  gsl_matrix_free(C);
  double ss_res = chi2 * m->scale * m->scale, ss_tot = sum_sq_dev(m->y, m->n);
  out->rms_residual_Pa = sqrt(ss_res / (double)m->n);
  out->r2 = ss_tot > 0 ? 1.0 - ss_res / ss_tot : NAN;
  out->iterations = (int)vt_lsq_iterations(q);
  return VT_OK;
}

/* A peak whose height collapsed to nothing is not a fit of that peak: the data hold none. */
static int check_vanished(const vt_loss_fit *f, double scale, vt_error *err) {
  for (size_t k = 0; k < f->n_peaks; k++)
    if (!(f->peaks[k].dE_Pa > 1e-9 * scale))
      return vt_fail(err, VT_ENOCONV,
                     "peaks[%zu] (%s) vanished: its strength fell to %g Pa against a signal of %g "
                     "Pa; the data hold no such peak (remove it or move its start)",
                     k, is_hn(&f->peaks[k]) ? "HN" : "Debye", f->peaks[k].dE_Pa, scale);
  return VT_OK;
}

int vt_loss_fit_run(const double *T_K, const double *loss_Pa, size_t n, double freq_Hz,
                    const vt_loss_fit *guess, vt_loss_fit *out, vt_error *err) {
  vt_gsl_quiet();
  if (!out) return vt_fail(err, VT_EINVAL, "vt_loss_fit_run: NULL output");
  int st = check_data(T_K, loss_Pa, n, freq_Hz, err);
  if (!st) st = check_guess(guess, n, err);
  if (st) return st;
  loss_model m = {.T = T_K,
                  .y = loss_Pa,
                  .n = n,
                  .n_peaks = guess->n_peaks,
                  .ln_omega = log(2.0 * PI * freq_Hz),
                  .scale = max_abs(loss_Pa, n)};
  if (!(m.scale > 0))
    return vt_fail(err, VT_EINVAL, "the loss modulus is zero at every point: nothing to fit");
  gsl_vector *v0 = gsl_vector_alloc(1 + 5 * MAX_PEAKS);
  if (!v0) return vt_fail(err, VT_ENOMEM, "out of memory");
  setup(&m, guess, v0);
  gsl_vector_view start = gsl_vector_subvector(v0, 0, m.p);
  /* Levenberg-Marquardt with geodesic acceleration: from 243 starts around two-peak data (E x0.6
   * to x1.6, Tp +-15 K, a, b in 0.3..0.8) it reached the exact minimum every time; plain LM
   * missed 18 (HN + Debye) and 69 (HN + HN) of them, dogleg and 2D subspace more. */
  vt_lsq q =
      vt_lsq_problem(n, m.p, residual_f, residual_df, &m, (vt_lsq_stop){MAX_ITER, XTOL, GTOL, 0.0});
  q.trs = gsl_multifit_nlinear_trs_lmaccel;
  vt_loss_fit res = {0};
  st = vt_lsq_alloc(&q) ? vt_fail(err, VT_ENOMEM, "out of memory")
                        : solve(&m, &start.vector, &q, err);
  if (!st) st = collect(&m, &q, &res, err);
  if (!st) st = check_vanished(&res, m.scale, err);
  for (size_t k = 0; k < res.n_peaks; k++) {
    const vt_loss_peak *p = &res.peaks[k];
    res.peaks[k].undetermined =
        !(p->se_E_act_J_per_mol < p->E_act_J_per_mol && p->se_dE_Pa < p->dE_Pa);
  }
  if (!st) *out = res;
  vt_lsq_free(&q);
  gsl_vector_free(v0);
  return st;
}
