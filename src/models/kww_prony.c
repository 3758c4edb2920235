/* KWW response exp(-xi^beta) as a Prony series sum_k w_k exp(-xi/tau_k).
 *
 * The tau_k are log-spaced over the decades where the response changes by more than tol/10, the
 * weights come from a linear least-squares fit (truncated SVD) on a dense log grid of xi, and
 * are normalised so the series is exactly 1 at xi = 0 (the response to a jump starts at 1). The
 * terms-per-decade density is raised until the measured max error is <= tol: near beta = 1 the
 * relaxation spectrum is narrow and needs denser terms, at small beta it is wide and needs more
 * decades. Negative weights of order tol can appear; they keep every term stable (each is an
 * exact exponential) and only shape the error, which is what we bound and test. */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "../core/internal.h"
#include "model_impl.h"

#define MAX_TERMS        400
#define FIT_PER_DECADE   40.0
#define CHECK_PER_DECADE 40.0

double vt_prony_eval(const vt_prony *s, double xi) {
  if (!s) return NAN;
  double sum = 0.0;
  for (size_t k = 0; k < s->n; k++) sum += s->weight[k] * exp(-xi / s->tau[k]);
  return sum;
}

void vt_prony_free(vt_prony *s) {
  if (!s) return;
  free(s->weight);
  free(s->tau);
  memset(s, 0, sizeof *s);
}

double vt_kww_integral(double u, double beta) {
  if (!(u > 0.0)) return 0.0;
  if (beta == 1.0) return -expm1(-u);
  double a = 1.0 / beta;
  return gsl_sf_gamma(a) / beta * gsl_sf_gamma_inc_P(a, pow(u, beta));
}

/* Max |series - exp(-xi^beta)| over [lo, hi] (log10), sampled between the fit points. */
static double measure_error(const vt_prony *s, double beta, double lg_lo, double lg_hi) {
  double worst = 0.0;
  size_t m = (size_t)((lg_hi - lg_lo) * CHECK_PER_DECADE) + 1;
  for (size_t i = 0; i <= m; i++) {
    double xi = pow(10.0, lg_lo + (lg_hi - lg_lo) * ((double)i + 0.37) / (double)(m + 1));
    double e = fabs(vt_prony_eval(s, xi) - exp(-pow(xi, beta)));
    if (e > worst) worst = e;
  }
  return worst;
}

/* gsl_multifit_linear_bsvd (GSL 2.7: balanced columns, then gsl_linalg_SV_decomp_mod) done
 * with the same GSL calls in the same order, so the factors are bit-identical, but polling the
 * cancellation flag between Householder columns and rows: as one call it runs 10-80 ms at
 * ~100 terms (more under load), longer than a cancelled fit may take to stop. Only the K x K
 * SVD of R stays uninterrupted (a few ms). */
static int bsvd_cancellable(const gsl_matrix *X, gsl_multifit_linear_workspace *ws) {
  const size_t M = X->size1, N = X->size2;
  if (N < 2) return gsl_multifit_linear_bsvd(X, ws) ? VT_ENUMERIC : VT_OK;
  gsl_matrix_view A = gsl_matrix_submatrix(ws->A, 0, 0, M, N),
                  V = gsl_matrix_submatrix(ws->Q, 0, 0, N, N),
                  R = gsl_matrix_submatrix(ws->QSI, 0, 0, N, N);
  gsl_vector_view S = gsl_vector_subvector(ws->S, 0, N), D = gsl_vector_subvector(ws->D, 0, N),
                  work = gsl_vector_subvector(ws->xt, 0, N);
  gsl_matrix_memcpy(&A.matrix, X);
  gsl_linalg_balance_columns(&A.matrix, &D.vector);
  for (size_t i = 0; i < N; i++) { /* A -> R (upper triangle) and the reflectors below it */
    if (vt_cancelled()) return VT_ECANCELLED;
    gsl_vector_view c = gsl_matrix_column(&A.matrix, i);
    gsl_vector_view v = gsl_vector_subvector(&c.vector, i, M - i);
    double tau_i = gsl_linalg_householder_transform(&v.vector);
    if (i + 1 < N) {
      gsl_matrix_view rest = gsl_matrix_submatrix(&A.matrix, i, i + 1, M - i, N - i - 1);
      gsl_linalg_householder_hm(tau_i, &v.vector, &rest.matrix);
    }
    gsl_vector_set(&S.vector, i, tau_i);
  }
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < N; j++)
      gsl_matrix_set(&R.matrix, i, j, j < i ? 0.0 : gsl_matrix_get(&A.matrix, i, j));
  for (size_t j = N; j-- > 0;) { /* A -> L, the orthogonal factor */
    if (vt_cancelled()) return VT_ECANCELLED;
    gsl_matrix_view m = gsl_matrix_submatrix(&A.matrix, j, j, M - j, N - j);
    gsl_linalg_householder_hm1(gsl_vector_get(&S.vector, j), &m.matrix);
  }
  if (gsl_linalg_SV_decomp(&R.matrix, &V.matrix, &S.vector, &work.vector)) return VT_ENUMERIC;
  for (size_t i = 0; i < M; i++) { /* U = L times R's left factor, row by row */
    if (i % 64 == 0 && vt_cancelled()) return VT_ECANCELLED;
    gsl_vector_view L_i = gsl_matrix_row(&A.matrix, i);
    gsl_vector_set_zero(&work.vector);
    for (size_t j = 0; j < N; j++) {
      gsl_vector_view R_j = gsl_matrix_row(&R.matrix, j);
      gsl_blas_daxpy(gsl_vector_get(&L_i.vector, j), &R_j.vector, &work.vector);
    }
    gsl_vector_memcpy(&L_i.vector, &work.vector);
  }
  double smin, smax;
  gsl_vector_minmax(&S.vector, &smin, &smax);
  ws->rcond = smin / smax;
  ws->n = M;
  ws->p = N;
  return VT_OK;
}

/* gsl_multifit_linear_tsvd's coefficients from those factors (its multifit_linear_solve with
 * lambda < 0): c = D^-1 Q S+ U^T y, singular values <= tol s_0 dropped. */
static void tsvd_solve(gsl_multifit_linear_workspace *ws, const gsl_vector *y, double tol,
                       gsl_vector *c) {
  const size_t M = ws->n, N = ws->p;
  gsl_matrix_view A = gsl_matrix_submatrix(ws->A, 0, 0, M, N),
                  Q = gsl_matrix_submatrix(ws->Q, 0, 0, N, N),
                  QSI = gsl_matrix_submatrix(ws->QSI, 0, 0, N, N);
  gsl_vector_view xt = gsl_vector_subvector(ws->xt, 0, N), S = gsl_vector_subvector(ws->S, 0, N),
                  D = gsl_vector_subvector(ws->D, 0, N);
  gsl_blas_dgemv(CblasTrans, 1.0, &A.matrix, y, 0.0, &xt.vector);
  gsl_matrix_memcpy(&QSI.matrix, &Q.matrix);
  double s0 = gsl_vector_get(&S.vector, 0);
  for (size_t j = 0; j < N; j++) {
    double sj = gsl_vector_get(&S.vector, j);
    gsl_vector_view col = gsl_matrix_column(&QSI.matrix, j);
    gsl_vector_scale(&col.vector, sj <= tol * s0 ? 0.0 : 1.0 / sj);
  }
  gsl_blas_dgemv(CblasNoTrans, 1.0, &QSI.matrix, &xt.vector, 0.0, c);
  gsl_vector_div(c, &D.vector);
}

static int basis_from_svd(const gsl_multifit_linear_workspace *ws, size_t N, size_t K, double lg_lo,
                          double lg_hi, const double *tau, vt_prony_basis *b);

/* One least-squares fit at a given density of terms; with `basis`, also the factors of its
 * design matrix (the SVD the fit has just made), for refits on the same grid. */
static int fit_at_density(double beta, double lg_tlo, double lg_thi, double per_decade, vt_prony *s,
                          vt_prony_basis *basis) {
  size_t K = (size_t)ceil((lg_thi - lg_tlo) * per_decade) + 1;
  if (K > MAX_TERMS) return VT_ERANGE;
  double lg_xlo = lg_tlo - 1.0, lg_xhi = lg_thi + 1.0;
  size_t N = (size_t)((lg_xhi - lg_xlo) * FIT_PER_DECADE) + 1;
  gsl_matrix *X = gsl_matrix_alloc(N, K);
  gsl_vector *y = gsl_vector_alloc(N), *w = gsl_vector_alloc(K);
  gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(N, K);
  double *tau = malloc(K * sizeof *tau), *weight = malloc(K * sizeof *weight);
  int rc = (X && y && w && ws && tau && weight) ? VT_OK : VT_ENOMEM;
  if (!rc) {
    for (size_t k = 0; k < K; k++)
      tau[k] = pow(10.0, lg_tlo + (lg_thi - lg_tlo) * (double)k / (double)(K - 1));
    for (size_t i = 0; i < N; i++) {
      double xi = pow(10.0, lg_xlo + (lg_xhi - lg_xlo) * (double)i / (double)(N - 1));
      gsl_vector_set(y, i, exp(-pow(xi, beta)));
      for (size_t k = 0; k < K; k++) gsl_matrix_set(X, i, k, exp(-xi / tau[k]));
    }
    rc = bsvd_cancellable(X, ws);
    if (!rc) tsvd_solve(ws, y, 1e-15, w);
  }
  if (!rc && basis) rc = basis_from_svd(ws, N, K, lg_xlo, lg_xhi, tau, basis);
  if (!rc) {
    double sum = 0.0;
    for (size_t k = 0; k < K; k++) sum += gsl_vector_get(w, k);
    for (size_t k = 0; k < K; k++) weight[k] = gsl_vector_get(w, k) / sum;
    vt_prony_free(s);
    s->n = K;
    s->tau = tau;
    s->weight = weight;
    tau = weight = NULL;
  }
  free(tau);
  free(weight);
  gsl_multifit_linear_free(ws);
  gsl_vector_free(w);
  gsl_vector_free(y);
  gsl_matrix_free(X);
  return rc;
}

/* The xi grid the weights are fitted on: 40 points per decade from a decade below the series'
 * shortest tau to a decade above its longest. */
static size_t refit_grid(const vt_prony *s, double *lg_lo, double *lg_hi) {
  *lg_lo = log10(s->tau[0]) - 1.0;
  *lg_hi = log10(s->tau[s->n - 1]) + 1.0;
  return (size_t)((*lg_hi - *lg_lo) * FIT_PER_DECADE) + 1;
}

void vt_prony_basis_free(vt_prony_basis *b) {
  if (!b) return;
  free(b->U);
  free(b->QSI);
  free(b->D);
  memset(b, 0, sizeof *b);
}

/* The truncated pseudo-inverse of the design matrix X_ik = exp(-xi_i/tau_k): it depends only on
 * the tau grid, so a fit that keeps the grid factors it once (the balanced SVD that
 * gsl_multifit_linear_tsvd does on every call, ~30 % of a fit's CPU time) and each refit is two
 * matrix-vector products. Weights = D^-1 Q S+ U^T y with singular values <= 1e-15 s_0 dropped,
 * the rule of gsl_multifit_linear_tsvd. */
/* b from the balanced SVD in ws of the N x K design matrix on the xi grid [lg_lo, lg_hi]. */
static int basis_from_svd(const gsl_multifit_linear_workspace *ws, size_t N, size_t K, double lg_lo,
                          double lg_hi, const double *tau, vt_prony_basis *b) {
  vt_prony_basis_free(b);
  b->U = malloc(N * K * sizeof *b->U);
  b->QSI = malloc(K * K * sizeof *b->QSI);
  b->D = malloc(K * sizeof *b->D);
  if (!b->U || !b->QSI || !b->D) {
    vt_prony_basis_free(b);
    return VT_ENOMEM;
  }
  double s0 = gsl_vector_get(ws->S, 0);
  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < K; k++) b->U[i * K + k] = gsl_matrix_get(ws->A, i, k);
  for (size_t j = 0; j < K; j++) {
    double sj = gsl_vector_get(ws->S, j), inv = sj <= 1e-15 * s0 ? 0.0 : 1.0 / sj;
    for (size_t k = 0; k < K; k++) b->QSI[k * K + j] = gsl_matrix_get(ws->Q, k, j) * inv;
    b->D[j] = gsl_vector_get(ws->D, j);
  }
  b->N = N;
  b->K = K;
  b->lg_lo = lg_lo;
  b->lg_hi = lg_hi;
  b->tau_first = tau[0];
  b->tau_last = tau[K - 1];
  return VT_OK;
}

static int basis_build(const vt_prony *s, vt_prony_basis *b) {
  double lg_lo, lg_hi;
  size_t K = s->n, N = refit_grid(s, &lg_lo, &lg_hi);
  gsl_matrix *X = gsl_matrix_alloc(N, K);
  gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(N, K);
  int rc = (X && ws) ? VT_OK : VT_ENOMEM;
  for (size_t i = 0; !rc && i < N; i++) {
    double xi = pow(10.0, lg_lo + (lg_hi - lg_lo) * (double)i / (double)(N - 1));
    for (size_t k = 0; k < K; k++) gsl_matrix_set(X, i, k, exp(-xi / s->tau[k]));
  }
  if (!rc) rc = bsvd_cancellable(X, ws);
  if (!rc) rc = basis_from_svd(ws, N, K, lg_lo, lg_hi, s->tau, b);
  gsl_multifit_linear_free(ws);
  gsl_matrix_free(X);
  if (rc) vt_prony_basis_free(b);
  return rc;
}

int vt_prony_basis_copy(vt_prony_basis *dst, const vt_prony_basis *src) {
  vt_prony_basis_free(dst);
  if (!src->K) return VT_OK;
  *dst = *src;
  dst->U = malloc(src->N * src->K * sizeof *dst->U);
  dst->QSI = malloc(src->K * src->K * sizeof *dst->QSI);
  dst->D = malloc(src->K * sizeof *dst->D);
  if (!dst->U || !dst->QSI || !dst->D) {
    vt_prony_basis_free(dst);
    return VT_ENOMEM;
  }
  memcpy(dst->U, src->U, src->N * src->K * sizeof *dst->U);
  memcpy(dst->QSI, src->QSI, src->K * src->K * sizeof *dst->QSI);
  memcpy(dst->D, src->D, src->K * sizeof *dst->D);
  return VT_OK;
}

/* Least-squares weights for the series' own tau grid, normalised to sum 1. */
static int weights_on_grid(vt_prony *s, double beta, vt_prony_basis *b) {
  size_t K = s->n;
  if (b->K != K || b->tau_first != s->tau[0] || b->tau_last != s->tau[K - 1]) {
    int rc = basis_build(s, b);
    if (rc) return rc;
  }
  size_t N = b->N;
  double *xt = calloc(K, sizeof *xt);
  if (!xt) return VT_ENOMEM;
  for (size_t i = 0; i < N; i++) { /* xt = U^T y */
    double xi = pow(10.0, b->lg_lo + (b->lg_hi - b->lg_lo) * (double)i / (double)(N - 1));
    double y = exp(-pow(xi, beta));
    const double *u = &b->U[i * K];
    for (size_t k = 0; k < K; k++) xt[k] += u[k] * y;
  }
  double sum = 0.0;
  for (size_t k = 0; k < K; k++) {
    double c = 0.0;
    for (size_t j = 0; j < K; j++) c += b->QSI[k * K + j] * xt[j];
    s->weight[k] = c / b->D[k];
    sum += s->weight[k];
  }
  free(xt);
  if (!isfinite(sum) || sum == 0.0) return VT_ENUMERIC;
  for (size_t k = 0; k < K; k++) s->weight[k] /= sum;
  return VT_OK;
}

/* dw_k/dbeta of the refit weights on the series' grid: the weights are linear in the target
 * y_i = exp(-xi_i^beta), so dc = P dy/dbeta with the same pseudo-inverse P, and the
 * normalisation w = c / sum c gives dw = (dc - w sum dc) / sum c. */
int vt_prony_weight_derivative(const vt_prony *s, double beta, vt_prony_basis *b, double *dw) {
  size_t K = s->n;
  if (K < 2) return VT_EINVAL;
  if (b->K != K || b->tau_first != s->tau[0] || b->tau_last != s->tau[K - 1]) {
    int rc = basis_build(s, b);
    if (rc) return rc;
  }
  double *xt = calloc(2 * K, sizeof *xt), *dxt = xt + K;
  if (!xt) return VT_ENOMEM;
  for (size_t i = 0; i < b->N; i++) {
    double lg = b->lg_lo + (b->lg_hi - b->lg_lo) * (double)i / (double)(b->N - 1);
    double xb = pow(10.0, beta * lg), y = exp(-xb),
           dy = -y * xb * lg * 2.302585092994046; /* d/dbeta of exp(-10^(beta lg)) */
    const double *u = &b->U[i * K];
    for (size_t k = 0; k < K; k++) {
      xt[k] += u[k] * y;
      dxt[k] += u[k] * dy;
    }
  }
  double sum = 0.0, dsum = 0.0;
  for (size_t k = 0; k < K; k++) {
    double c = 0.0, dc = 0.0;
    for (size_t j = 0; j < K; j++) {
      c += b->QSI[k * K + j] * xt[j];
      dc += b->QSI[k * K + j] * dxt[j];
    }
    dw[k] = dc / b->D[k];
    sum += c / b->D[k];
    dsum += dw[k];
  }
  for (size_t k = 0; k < K; k++) dw[k] = (dw[k] - s->weight[k] * dsum) / sum;
  free(xt);
  return isfinite(sum) && sum != 0.0 ? VT_OK : VT_ENUMERIC;
}

int vt_prony_refit_cached(vt_prony *s, double beta, double tol, vt_prony_basis *basis) {
  if (s->n < 2 || !(beta > 0.0 && beta < 1.0)) return VT_ENOCONV;
  vt_prony_basis local = {0};
  int rc = weights_on_grid(s, beta, basis ? basis : &local);
  vt_prony_basis_free(&local);
  if (rc) return rc;
  s->beta = beta;
  double eps = tol / 10.0;
  s->max_error = measure_error(s, beta, log10(pow(eps, 1.0 / beta)) - 6.0,
                               log10(pow(-log(eps), 1.0 / beta)) + 4.0);
  return s->max_error <= tol ? VT_OK : VT_ENOCONV;
}

int vt_prony_refit(vt_prony *s, double beta, double tol) {
  return vt_prony_refit_cached(s, beta, tol, NULL);
}

/* The first two densities fitted at once on two threads when a fit (the one caller keeping the
 * basis) builds its series outside a parallel region, before its threads can run: this build
 * was the serial part of a short fit. The loop takes them in order as if it had made them, so
 * the series is the one a serial build makes. */
typedef struct ahead {
  int n, rc[2];
  vt_prony s[2];
  vt_prony_basis b[2];
} ahead;

static void fit_ahead(double beta, double lg_tlo, double lg_thi, const vt_prony_basis *basis,
                      ahead *a) {
  memset(a, 0, sizeof *a);
#ifdef _OPENMP
  if (!basis || omp_in_parallel() || omp_get_max_threads() < 2) return;
#pragma omp parallel for num_threads(2)
  for (int k = 0; k < 2; k++)
    a->rc[k] = fit_at_density(beta, lg_tlo, lg_thi, 2.0 + k, &a->s[k], &a->b[k]);
  a->n = 2;
#else
  (void)beta, (void)lg_tlo, (void)lg_thi, (void)basis;
#endif
}

/* fit_at_density, or the result made ahead for this density. */
static int density(double beta, double lg_tlo, double lg_thi, double per_decade, vt_prony *out,
                   vt_prony_basis *basis, ahead *a) {
  int k = (int)per_decade - 2;
  if (k >= a->n) return fit_at_density(beta, lg_tlo, lg_thi, per_decade, out, basis);
  if (a->rc[k]) return a->rc[k];
  vt_prony_free(out);
  *out = a->s[k];
  memset(&a->s[k], 0, sizeof a->s[k]);
  vt_prony_basis_free(basis);
  *basis = a->b[k];
  memset(&a->b[k], 0, sizeof a->b[k]);
  return VT_OK;
}

int vt_prony_kww(double beta, double tol, vt_prony *out, vt_error *err) {
  return vt_prony_kww_basis(beta, tol, out, NULL, err);
}

static int kww_densities(double beta, double tol, vt_prony *out, vt_prony_basis *basis, ahead *a,
                         vt_error *err);

int vt_prony_kww_basis(double beta, double tol, vt_prony *out, vt_prony_basis *basis,
                       vt_error *err) {
  if (!out) return vt_fail(err, VT_EINVAL, "vt_prony_kww: NULL series");
  memset(out, 0, sizeof *out);
  if (!(beta > 0.0 && beta <= 1.0))
    return vt_fail(err, VT_ERANGE, "KWW beta = %g must be in (0, 1]", beta);
  if (!(tol >= 1e-9 && tol <= 1e-2))
    return vt_fail(err, VT_ERANGE, "Prony tolerance %g must be in [1e-9, 1e-2]", tol);
  vt_gsl_quiet();
  out->beta = beta;
  if (beta == 1.0) { /* exact: one exponential */
    out->weight = malloc(sizeof *out->weight);
    out->tau = malloc(sizeof *out->tau);
    if (!out->weight || !out->tau) {
      vt_prony_free(out);
      return vt_fail(err, VT_ENOMEM, "out of memory building the Prony series");
    }
    out->n = 1;
    out->weight[0] = 1.0;
    out->tau[0] = 1.0;
    out->max_error = 0.0;
    return VT_OK;
  }
  ahead a;
  int rc = kww_densities(beta, tol, out, basis, &a, err);
  for (int k = 0; k < 2; k++) {
    vt_prony_free(&a.s[k]);
    vt_prony_basis_free(&a.b[k]);
  }
  return rc;
}

/* The terms-per-decade density raised until the series meets tol. */
static int kww_densities(double beta, double tol, vt_prony *out, vt_prony_basis *basis, ahead *a,
                         vt_error *err) {
  double eps = tol / 10.0;
  double lg_lo = log10(pow(eps, 1.0 / beta));       /* 1 - M(xi) ~ xi^beta = eps */
  double lg_hi = log10(pow(-log(eps), 1.0 / beta)); /* M(xi) = eps */
  double lg_tlo = lg_lo - 1.0, lg_thi = lg_hi + 0.5;
  fit_ahead(beta, lg_tlo, lg_thi, basis, a);
  for (double per_decade = 2.0; per_decade <= 16.0; per_decade += 1.0) {
    /* a fit varying beta builds one per step: tens of ms, under load more */
    int rc =
        vt_cancelled() ? VT_ECANCELLED : density(beta, lg_tlo, lg_thi, per_decade, out, basis, a);
    if (rc == VT_ERANGE) break;
    if (rc == VT_ECANCELLED) {
      vt_prony_free(out);
      return vt_fail(err, VT_ECANCELLED, "cancelled building the Prony series (vt_cancel_request)");
    }
    if (rc) {
      vt_prony_free(out);
      return vt_fail(err, rc, "Prony fit of exp(-xi^%g) failed (%s)", beta, vt_strerror(rc));
    }
    out->beta = beta;
    out->max_error = measure_error(out, beta, lg_lo - 6.0, lg_hi + 4.0);
    if (out->max_error <= tol) return VT_OK;
  }
  double reached = out->max_error;
  vt_prony_free(out);
  return vt_fail(err, VT_ENOCONV,
                 "Prony series for beta = %g cannot reach max error %g within %d terms "
                 "(best %.2g); use a larger tolerance",
                 beta, tol, MAX_TERMS, reached);
}
