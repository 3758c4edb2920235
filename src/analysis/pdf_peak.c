/* The first peak of G(r): position, FWHM and the two-sub-peak decomposition of paper 001
 * Fig. 5 (the left sub-peak: short bonds of small atoms, Hf-Cu/Hf-Ni at ~2.70 A in TiZrHfCuNiBe;
 * the right one: large atoms, Zr-Hf/Hf-Hf at ~3.10 A).
 *
 * Position, height, FWHM and area come from vt_peak_metrics over the window (relative to G = 0,
 * the level G(r) oscillates about). The decomposition fits two Gaussians with GSL
 * multifit_nlinear (trust region, Levenberg-Marquardt with geodesic acceleration, analytic
 * Jacobian) on internal parameters ln(area/h), r0, ln(sigma) per sub-peak (DESIGN: log for
 * positive parameters), residuals scaled by the peak height h. Two overlapping Gaussians have
 * a mirror-symmetric twin minimum and a valley where one swallows the other, so the fit runs
 * from three starts (sub-peaks either side of the maximum, the smaller one left, centred or
 * right) and keeps the lowest residual among those that keep both sub-peaks. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <string.h>

#include "../core/internal.h"
#include "lsq.h"
#include "vitrum/pdf.h"

#define SQRT_2PI   2.50662827463100050242
#define FWHM_SIGMA 2.35482004503094938202 /* 2 sqrt(2 ln 2) */
#define N_PAR      6
#define MAX_ITER   500
#define XTOL       1e-10
#define GTOL       1e-10
#define MIN_SHARE  1e-3 /* a sub-peak with less of the area has vanished */
#define MIN_SPLIT  0.25 /* sub-peaks closer than this times the narrower FWHM are one peak */

vt_first_peak_options vt_first_peak_options_default(void) {
  vt_first_peak_options o = {NAN, NAN, 1};
  return o;
}

static int check_input(const double *r, const double *G, size_t n, vt_error *err) {
  if (!r || !G || n < 5) return vt_fail(err, VT_EINVAL, "G(r) needs at least 5 points");
  return vt_check_curve("G(r)", "r", "G", "A", r, G, n, err);
}

/* ---- The window ------------------------------------------------------------------------------ */

/* The first local maximum reaching half the global maximum, or n when G has no positive value. */
static size_t first_peak_index(const double *G, size_t n) {
  double gmax = G[0];
  for (size_t k = 1; k < n; k++) gmax = fmax(gmax, G[k]);
  if (!(gmax > 0)) return n;
  size_t i = 0;
  while (G[i] < 0.5 * gmax) i++;
  while (i + 1 < n && G[i + 1] >= G[i]) i++;
  return i;
}

/* From the maximum i out to one side (step -1 or +1) while G stays positive, stopping at a local
 * minimum below half the peak; the first non-positive point is kept so the half-maximum
 * crossing and the fall to zero lie inside. */
static size_t window_edge(const double *G, size_t n, size_t i, int step) {
  double half = 0.5 * G[i];
  size_t k = i;
  for (;;) {
    int can = step < 0 ? k > 0 : k + 1 < n;
    if (!can) return k;
    size_t next = step < 0 ? k - 1 : k + 1;
    if (!(G[next] > 0)) return next;
    k = next;
    int beyond = step < 0 ? k > 0 : k + 1 < n;
    if (G[k] < half && beyond && G[step < 0 ? k - 1 : k + 1] >= G[k]) return k;
  }
}

static int find_window(const double *r, const double *G, size_t n, const vt_first_peak_options *o,
                       size_t *a, size_t *b, vt_error *err) {
  if (isnan(o->r_lo_A) != isnan(o->r_hi_A))
    return vt_fail(err, VT_EINVAL, "give both ends of the first-peak window, or neither");
  if (!isnan(o->r_lo_A)) {
    if (!(o->r_lo_A < o->r_hi_A))
      return vt_fail(err, VT_EINVAL, "first-peak window %g to %g A is empty", o->r_lo_A, o->r_hi_A);
    size_t lo = 0, hi = n;
    while (lo < n && r[lo] < o->r_lo_A) lo++;
    while (hi > 0 && r[hi - 1] > o->r_hi_A) hi--;
    if (hi < lo + 5)
      return vt_fail(err, VT_EINVAL, "the first-peak window %g to %g A holds %zu points; need 5",
                     o->r_lo_A, o->r_hi_A, hi > lo ? hi - lo : 0);
    *a = lo;
    *b = hi - 1;
    return VT_OK;
  }
  size_t i = first_peak_index(G, n);
  if (i == n) return vt_fail(err, VT_EINVAL, "G(r) has no positive peak");
  *a = window_edge(G, n, i, -1);
  *b = window_edge(G, n, i, +1);
  /* A lower sub-peak found first (a shoulder that reaches half the maximum): the window belongs
   * to the highest maximum inside it, and its half height. */
  size_t im = i;
  for (size_t k = *a; k <= *b; k++)
    if (G[k] > G[im]) im = k;
  if (im != i) {
    *a = window_edge(G, n, im, -1);
    *b = window_edge(G, n, im, +1);
  }
  if (*b < *a + 4)
    return vt_fail(err, VT_EINVAL, "the first peak of G(r) at %g A spans only %zu points", r[i],
                   *b - *a + 1);
  return VT_OK;
}

/* ---- Two Gaussians --------------------------------------------------------------------------- */

typedef struct gauss2 {
  const double *r, *G;
  size_t n;
  double h; /* peak height: residual scale */
} gauss2;

/* Model / h at r, with the Jacobian row i when J is not NULL. */
static double model_point(const gsl_vector *v, double r, gsl_matrix *J, size_t i) {
  double sum = 0.0;
  for (size_t k = 0; k < 2; k++) {
    double A = exp(gsl_vector_get(v, 3 * k)), r0 = gsl_vector_get(v, 3 * k + 1);
    double s = exp(gsl_vector_get(v, 3 * k + 2)), z = (r - r0) / s;
    double g = A / (s * SQRT_2PI) * exp(-0.5 * z * z);
    sum += g;
    if (!J) continue;
    gsl_matrix_set(J, i, 3 * k, g);
    gsl_matrix_set(J, i, 3 * k + 1, g * z / s);
    gsl_matrix_set(J, i, 3 * k + 2, g * (z * z - 1.0));
  }
  return sum;
}

static int residual_f(const gsl_vector *v, void *params, gsl_vector *f) {
  const gauss2 *m = params;
  for (size_t i = 0; i < m->n; i++)
    gsl_vector_set(f, i, model_point(v, m->r[i], NULL, i) - m->G[i] / m->h);
  return GSL_SUCCESS;
}

static int residual_df(const gsl_vector *v, void *params, gsl_matrix *J) {
  const gauss2 *m = params;
  for (size_t i = 0; i < m->n; i++) model_point(v, m->r[i], J, i);
  return GSL_SUCCESS;
}

/* Starting sub-peaks at p + d1 w and p + d2 w (w the FWHM), the first with share a1 of the
 * area, widths so that the pair spans about the FWHM. */
static void start_point(const vt_first_peak *pk, const double st[3], gsl_vector *v) {
  double w = pk->fwhm_A, s = 0.6 * w / FWHM_SIGMA, area = pk->G_inv_A2 * w * 1.0645; /* Gauss */
  double share[2] = {st[2], 1.0 - st[2]};
  for (size_t k = 0; k < 2; k++) {
    gsl_vector_set(v, 3 * k, log(share[k] * area / pk->G_inv_A2));
    gsl_vector_set(v, 3 * k + 1, pk->r_A + st[k] * w);
    gsl_vector_set(v, 3 * k + 2, log(s));
  }
}

/* One run from v0; returns the residual sum of squares, or NaN when it failed or lost a
 * sub-peak (too small, too narrow to be sampled, outside the window, or on top of the other). */
static double run_fit(gauss2 *m, const gsl_vector *v0, vt_lsq *q, int *gsl_status) {
  double chi2;
  int st = vt_lsq_run(q, v0->data, &chi2, NULL);
  *gsl_status = st;
  if (st) return NAN;
  const gsl_vector *v = vt_lsq_position(q);
  double a0 = exp(gsl_vector_get(v, 0)), a1 = exp(gsl_vector_get(v, 3)), dr = m->r[1] - m->r[0];
  for (size_t k = 0; k < 2; k++) {
    double ak = k ? a1 : a0, r0 = gsl_vector_get(v, 3 * k + 1);
    double s = exp(gsl_vector_get(v, 3 * k + 2));
    if (!(ak > MIN_SHARE * (a0 + a1)) || !(s > 0.5 * dr) || r0 < m->r[0] || r0 > m->r[m->n - 1])
      return NAN;
  }
  /* Two Gaussians on top of each other fit a single peak as well as one does: not a split. */
  double sep = fabs(gsl_vector_get(v, 1) - gsl_vector_get(v, 4));
  double narrow = FWHM_SIGMA * fmin(exp(gsl_vector_get(v, 2)), exp(gsl_vector_get(v, 5)));
  if (sep < MIN_SPLIT * narrow) return NAN;
  return chi2;
}

/* Sub-peak k of the fit from parameters v and their covariance C (delta method). */
static void sub_peak(const gsl_vector *v, const gsl_matrix *C, size_t k, double h,
                     vt_gauss_peak *g) {
  size_t o = 3 * k;
  g->area = h * exp(gsl_vector_get(v, o));
  g->se_area = g->area * sqrt(fmax(gsl_matrix_get(C, o, o), 0.0));
  g->r_A = gsl_vector_get(v, o + 1);
  g->se_r_A = sqrt(fmax(gsl_matrix_get(C, o + 1, o + 1), 0.0));
  g->sigma_A = exp(gsl_vector_get(v, o + 2));
  g->se_sigma_A = g->sigma_A * sqrt(fmax(gsl_matrix_get(C, o + 2, o + 2), 0.0));
  g->fwhm_A = FWHM_SIGMA * g->sigma_A;
  g->se_fwhm_A = FWHM_SIGMA * g->se_sigma_A;
}

static int collect(gauss2 *m, const gsl_vector *best, double chi2, vt_first_peak *out,
                   vt_error *err) {
  gsl_matrix *C = gsl_matrix_alloc(N_PAR, N_PAR);
  if (!C) return vt_fail(err, VT_ENOMEM, "out of memory for the covariance matrix");
  /* The Jacobian at the best point: re-evaluate there (the workspace may hold a later run). */
  gsl_matrix *J = gsl_matrix_alloc(m->n, N_PAR);
  if (!J) {
    gsl_matrix_free(C);
    return vt_fail(err, VT_ENOMEM, "out of memory for the Jacobian");
  }
  residual_df(best, m, J);
  vt_lsq q = {.n = m->n, .p = N_PAR};
  vt_lsq_covariance(&q, J, chi2, C);
  size_t left = gsl_vector_get(best, 1) <= gsl_vector_get(best, 4) ? 0 : 1;
  sub_peak(best, C, left, m->h, &out->sub[0]);
  sub_peak(best, C, 1 - left, m->h, &out->sub[1]);
  gsl_matrix_free(J);
  gsl_matrix_free(C);
  double mean = 0.0, ss = 0.0;
  for (size_t i = 0; i < m->n; i++) mean += m->G[i] / (double)m->n;
  for (size_t i = 0; i < m->n; i++) ss += (m->G[i] - mean) * (m->G[i] - mean);
  double ss_res = chi2 * m->h * m->h;
  out->rms_residual = sqrt(ss_res / (double)m->n);
  out->r2 = ss > 0 ? 1.0 - ss_res / ss : NAN;
  out->split = 1;
  return VT_OK;
}

static int decompose(const double *r, const double *G, size_t n, vt_first_peak *out,
                     vt_error *err) {
  if (n <= N_PAR + 1)
    return vt_fail(err, VT_EINVAL,
                   "the first-peak window holds %zu points; the two-Gaussian fit needs at least "
                   "%d",
                   n, N_PAR + 2);
  /* Starts: {offset 1, offset 2 in FWHM, area share of the first}. */
  static const double starts[3][3] = {{-0.25, 0.25, 0.5}, {-0.3, 0.1, 0.3}, {-0.1, 0.3, 0.7}};
  gauss2 m = {r, G, n, out->G_inv_A2};
  vt_lsq q = vt_lsq_problem(n, N_PAR, residual_f, residual_df, &m,
                            (vt_lsq_stop){MAX_ITER, XTOL, GTOL, 0.0});
  q.trs = gsl_multifit_nlinear_trs_lmaccel; /* as loss_fit.c */
  int no_w = vt_lsq_alloc(&q);
  gsl_vector *v0 = gsl_vector_alloc(N_PAR), *best = gsl_vector_alloc(N_PAR);
  double best_chi2 = INFINITY;
  int last_gsl = GSL_SUCCESS, st = VT_OK;
  if (no_w || !v0 || !best) st = vt_fail(err, VT_ENOMEM, "out of memory for the fit");
  for (size_t k = 0; !st && k < 3; k++) {
    start_point(out, starts[k], v0);
    int gs;
    double chi2 = run_fit(&m, v0, &q, &gs);
    if (gs) last_gsl = gs;
    if (!(chi2 < best_chi2)) continue;
    best_chi2 = chi2;
    gsl_vector_memcpy(best, vt_lsq_position(&q));
    out->iterations = (int)vt_lsq_iterations(&q);
  }
  if (!st && !isfinite(best_chi2))
    st = vt_fail(err, VT_ENOCONV,
                 "the two-Gaussian fit of the first peak (%g to %g A) %s from every start%s%s; "
                 "the peak may hold one component only (fit without the split)",
                 r[0], r[n - 1], last_gsl ? "did not converge" : "lost a sub-peak",
                 last_gsl ? ": GSL " : "", last_gsl ? gsl_strerror(last_gsl) : "");
  if (!st) st = collect(&m, best, best_chi2, out, err);
  gsl_vector_free(best);
  gsl_vector_free(v0);
  vt_lsq_free(&q);
  return st;
}

int vt_pdf_first_peak(const double *r_A, const double *G, size_t n,
                      const vt_first_peak_options *opt, vt_first_peak *out, vt_error *err) {
  vt_gsl_quiet();
  if (!out) return vt_fail(err, VT_EINVAL, "vt_pdf_first_peak: NULL output");
  memset(out, 0, sizeof *out);
  vt_first_peak_options o = opt ? *opt : vt_first_peak_options_default();
  size_t a = 0, b = 0;
  int st = check_input(r_A, G, n, err);
  if (!st) st = find_window(r_A, G, n, &o, &a, &b, err);
  if (st) return st;
  vt_peak pk;
  vt_error perr;
  if (vt_peak_metrics(r_A + a, G + a, b - a + 1, &pk, &perr))
    return vt_fail(err, VT_EINVAL, "first peak of G(r) in %g to %g A: %s", r_A[a], r_A[b],
                   perr.message);
  out->window_lo_A = r_A[a];
  out->window_hi_A = r_A[b];
  out->r_A = pk.x_peak;
  out->G_inv_A2 = pk.y_peak;
  out->fwhm_A = pk.fwhm;
  out->r_half_lo_A = pk.x_half_low;
  out->r_half_hi_A = pk.x_half_high;
  out->area = pk.area;
  out->rms_residual = NAN;
  out->r2 = NAN;
  if (isnan(pk.fwhm))
    return vt_fail(err, VT_EINVAL,
                   "the first peak of G(r) at %g A does not fall to half its height inside %g to "
                   "%g A: no FWHM (widen the window)",
                   pk.x_peak, r_A[a], r_A[b]);
  if (!o.split) return VT_OK;
  return decompose(r_A + a, G + a, b - a + 1, out, err);
}
