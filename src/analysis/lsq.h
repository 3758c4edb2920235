/* The one way the analysis fits run GSL's nonlinear least squares (internal). */
#ifndef VT_LSQ_H
#define VT_LSQ_H

#include <gsl/gsl_multifit_nlinear.h>

typedef struct vt_lsq {
  size_t n, p; /* residuals, parameters */
  int (*f)(const gsl_vector *x, void *params, gsl_vector *f);
  int (*df)(const gsl_vector *x, void *params, gsl_matrix *J); /* NULL: finite differences */
  void *params;
  const gsl_multifit_nlinear_trs *trs; /* NULL: Levenberg-Marquardt */
  size_t max_iter;
  double xtol, gtol, ftol;
  /* A stop for lack of progress (GSL_ENOPROG) at a finite cost counts as converged: right
   * where the minimum is flat to the precision of doubles. */
  int accept_noprog;
  gsl_multifit_nlinear_workspace *w; /* set by vt_lsq_alloc */
  int info;            /* after a run: why the driver stopped (1 step size, 2 gradient) */
  size_t bad_residual; /* after GSL_EBADFUNC: the first residual not finite at the start */
} vt_lsq;

/* The workspace for the problem described in q; -1 when out of memory. */
int vt_lsq_alloc(vt_lsq *q);
/* Least squares from x0 (p values). GSL's status: a first step that cannot improve on a start
 * that already passes the gradient test is success; a start where a residual is not finite
 * is GSL_EBADFUNC (q->bad_residual says which). *chi2 is the sum of squared residuals,
 * *iterations the driver's count (either may be NULL). */
int vt_lsq_run(vt_lsq *q, const double *x0, double *chi2, int *iterations);
/* The position reached (p values). */
const gsl_vector *vt_lsq_position(const vt_lsq *q);
/* The parameters' covariance from the Jacobian J (n x p; NULL: the workspace's), scaled by
 * chi2 / (n - p), into cov (p x p). GSL's status. */
int vt_lsq_covariance(const vt_lsq *q, const gsl_matrix *J, double chi2, gsl_matrix *cov);
void vt_lsq_free(vt_lsq *q);

#endif
