/* vt_lsq: GSL's trust-region least squares set up, run and read in one place. */
#include "lsq.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <string.h>

vt_lsq vt_lsq_problem(size_t n, size_t p, vt_lsq_f *f, vt_lsq_df *df, void *params,
                      vt_lsq_stop stop) {
  vt_lsq q;
  memset(&q, 0, sizeof q);
  q.n = n;
  q.p = p;
  q.f = f;
  q.df = df;
  q.params = params;
  q.stop = stop;
  return q;
}

int vt_lsq_alloc(vt_lsq *q) {
  gsl_multifit_nlinear_parameters par = gsl_multifit_nlinear_default_parameters();
  par.trs = q->trs ? q->trs : gsl_multifit_nlinear_trs_lm;
  if (q->scale) par.scale = q->scale;
  if (q->h_df > 0) par.h_df = q->h_df;
  q->w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &par, q->n, q->p);
  return q->w ? 0 : -1;
}

int vt_lsq_start(vt_lsq *q, const gsl_vector *x0) {
  /* GSL keeps a pointer to fdf for the iterations: it lives in q. */
  memset(&q->fdf, 0, sizeof q->fdf);
  q->fdf.f = q->f;
  q->fdf.df = q->df;
  q->fdf.n = q->n;
  q->fdf.p = q->p;
  q->fdf.params = q->params;
  return gsl_multifit_nlinear_init(x0, &q->fdf, q->w);
}

int vt_lsq_drive(vt_lsq *q, const vt_lsq_hooks *h, int *verdict, size_t *iterations) {
  size_t it;
  int v = VT_LSQ_GO, gs = GSL_SUCCESS;
  for (it = 0; it < q->stop.max_iter && v == VT_LSQ_GO; it++) {
    if (h->before && (v = h->before(h->ctx, q, it)) != VT_LSQ_GO) break;
    gs = gsl_multifit_nlinear_iterate(q->w);
    /* No progress after a step that made some is not the end: the trust region shrank. */
    if (gs && !(gs == GSL_ENOPROG && it > 0)) break;
    if (h->after) v = h->after(h->ctx, q, it, gs);
    gs = GSL_SUCCESS;
  }
  *verdict = v;
  *iterations = it;
  return gs;
}

const gsl_vector *vt_lsq_residual(const vt_lsq *q) {
  return gsl_multifit_nlinear_residual(q->w);
}

const gsl_matrix *vt_lsq_jacobian(const vt_lsq *q) {
  return gsl_multifit_nlinear_jac(q->w);
}

double vt_lsq_chi2(const vt_lsq *q) {
  const gsl_vector *r = gsl_multifit_nlinear_residual(q->w);
  double ss;
  gsl_blas_ddot(r, r, &ss);
  return ss;
}

size_t vt_lsq_iterations(const vt_lsq *q) {
  return gsl_multifit_nlinear_niter(q->w);
}

int vt_lsq_test(const vt_lsq *q, double xtol, double gtol, double ftol) {
  int info = 0;
  return gsl_multifit_nlinear_test(xtol, gtol, ftol, &info, q->w) == GSL_SUCCESS ? info : 0;
}

int vt_lsq_run(vt_lsq *q, const double *x0, double *chi2, int *iterations) {
  gsl_vector_const_view xv = gsl_vector_const_view_array(x0, q->p);
  int st = vt_lsq_start(q, &xv.vector);
  const gsl_vector *r0 = gsl_multifit_nlinear_residual(q->w);
  for (size_t i = 0; !st && i < q->n; i++)
    if (!isfinite(gsl_vector_get(r0, i))) q->bad_residual = i, st = GSL_EBADFUNC;
  q->info = 0;
  if (!st)
    st = gsl_multifit_nlinear_driver(q->stop.max_iter, q->stop.xtol, q->stop.gtol, q->stop.ftol,
                                     NULL, NULL, &q->info, q->w);
  /* The driver gives up when its very first step cannot lower the cost, which is also what
   * happens when the start is already the solution: accept when the gradient test says so
   * (the step test would pass trivially on a rejected step). */
  if (st && vt_lsq_test(q, q->stop.xtol, q->stop.gtol, q->stop.ftol) == 2) st = GSL_SUCCESS;
  if (iterations) *iterations = (int)gsl_multifit_nlinear_niter(q->w);
  double ss = NAN;
  if (!st || st == GSL_ENOPROG) {
    const gsl_vector *r = gsl_multifit_nlinear_residual(q->w);
    gsl_blas_ddot(r, r, &ss);
  }
  if (st == GSL_ENOPROG && q->accept_noprog && isfinite(ss)) st = GSL_SUCCESS;
  if (!st && !isfinite(ss)) st = GSL_EDOM;
  if (chi2) *chi2 = ss;
  return st;
}

int vt_lsq_solve(vt_lsq *q, const double *x0, double *x, double *cov, int *cov_status, double *chi2,
                 int *iterations) {
  size_t p = q->p;
  gsl_matrix *C = gsl_matrix_alloc(p, p);
  int st = C && !vt_lsq_alloc(q) ? vt_lsq_run(q, x0, chi2, iterations) : GSL_ENOMEM;
  *cov_status = st ? st : vt_lsq_covariance(q, NULL, *chi2, C);
  for (size_t k = 0; !st && k < p; k++) {
    x[k] = gsl_vector_get(vt_lsq_position(q), k);
    for (size_t l = 0; l < p; l++) cov[k * p + l] = *cov_status ? NAN : gsl_matrix_get(C, k, l);
  }
  gsl_matrix_free(C);
  vt_lsq_free(q);
  return st;
}

const gsl_vector *vt_lsq_position(const vt_lsq *q) {
  return gsl_multifit_nlinear_position(q->w);
}

int vt_lsq_covariance(const vt_lsq *q, const gsl_matrix *J, double chi2, gsl_matrix *cov) {
  int st = gsl_multifit_nlinear_covar(J ? J : gsl_multifit_nlinear_jac(q->w), 0.0, cov);
  double var = q->n > q->p ? chi2 / (double)(q->n - q->p) : NAN;
  gsl_matrix_scale(cov, var);
  return st;
}

void vt_lsq_free(vt_lsq *q) {
  if (q && q->w) gsl_multifit_nlinear_free(q->w);
  if (q) q->w = NULL;
}
