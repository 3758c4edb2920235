/* vt_lsq: GSL's trust-region least squares set up, run and read in one place. */
#include "lsq.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <string.h>

int vt_lsq_alloc(vt_lsq *q) {
  gsl_multifit_nlinear_parameters par = gsl_multifit_nlinear_default_parameters();
  par.trs = q->trs ? q->trs : gsl_multifit_nlinear_trs_lm;
  q->w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &par, q->n, q->p);
  return q->w ? 0 : -1;
}

int vt_lsq_run(vt_lsq *q, const double *x0, double *chi2, int *iterations) {
  gsl_multifit_nlinear_fdf fdf;
  memset(&fdf, 0, sizeof fdf);
  fdf.f = q->f;
  fdf.df = q->df;
  fdf.n = q->n;
  fdf.p = q->p;
  fdf.params = q->params;
  gsl_vector_const_view xv = gsl_vector_const_view_array(x0, q->p);
  int st = gsl_multifit_nlinear_init(&xv.vector, &fdf, q->w);
  const gsl_vector *r0 = gsl_multifit_nlinear_residual(q->w);
  for (size_t i = 0; !st && i < q->n; i++)
    if (!isfinite(gsl_vector_get(r0, i))) q->bad_residual = i, st = GSL_EBADFUNC;
  q->info = 0;
  if (!st)
    st = gsl_multifit_nlinear_driver(q->max_iter, q->xtol, q->gtol, q->ftol, NULL, NULL, &q->info,
                                     q->w);
  /* The driver gives up when its very first step cannot lower the cost, which is also what
   * happens when the start is already the solution: accept when the gradient test says so
   * (the step test would pass trivially on a rejected step). */
  int conv = 0;
  if (st && gsl_multifit_nlinear_test(q->xtol, q->gtol, q->ftol, &conv, q->w) == GSL_SUCCESS &&
      conv == 2)
    st = GSL_SUCCESS;
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
