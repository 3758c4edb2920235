/* The one way the analysis fits run GSL's nonlinear least squares (internal). */
#ifndef VT_LSQ_H
#define VT_LSQ_H

#include <gsl/gsl_multifit_nlinear.h>

typedef int vt_lsq_f(const gsl_vector *x, void *params, gsl_vector *f);
typedef int vt_lsq_df(const gsl_vector *x, void *params, gsl_matrix *J);

/* When a run stops: GSL's tests on the step (xtol), the gradient (gtol) and the cost change
 * (ftol), or after max_iter iterations. */
typedef struct vt_lsq_stop {
  size_t max_iter;
  double xtol, gtol, ftol;
} vt_lsq_stop;

typedef struct vt_lsq {
  size_t n, p; /* residuals, parameters */
  vt_lsq_f *f;
  vt_lsq_df *df; /* NULL: finite differences */
  void *params;
  const gsl_multifit_nlinear_trs *trs;     /* NULL: Levenberg-Marquardt */
  const gsl_multifit_nlinear_scale *scale; /* NULL: More's (GSL's default) */
  double h_df; /* forward-difference step of a Jacobian by differences (0: GSL's default) */
  vt_lsq_stop stop;
  /* A stop for lack of progress (GSL_ENOPROG) at a finite cost counts as converged: right
   * where the minimum is flat to the precision of doubles. */
  int accept_noprog;
  gsl_multifit_nlinear_workspace *w; /* set by vt_lsq_alloc */
  gsl_multifit_nlinear_fdf fdf;      /* set by vt_lsq_start: GSL points to it */
  int info;            /* after a run: why the driver stopped (1 step size, 2 gradient) */
  size_t bad_residual; /* after GSL_EBADFUNC: the first residual not finite at the start */
} vt_lsq;

/* The problem of n residuals f in p parameters, with the Jacobian df (NULL: differences), on
 * params, run until stop; the rest as GSL's defaults (Levenberg-Marquardt) until set. */
vt_lsq vt_lsq_problem(size_t n, size_t p, vt_lsq_f *f, vt_lsq_df *df, void *params,
                      vt_lsq_stop stop);
/* The workspace for the problem described in q; -1 when out of memory. */
int vt_lsq_alloc(vt_lsq *q);
/* Control of vt_lsq_drive's iterations by its caller (budgets, own convergence tests, progress,
 * cancellation): each hook returns VT_LSQ_GO to go on, else ends the drive with that verdict. */
enum { VT_LSQ_GO, VT_LSQ_CONVERGED, VT_LSQ_STOP };
typedef struct vt_lsq_hooks {
  /* Before iteration iter (0-based) runs: may another? (NULL: yes) */
  int (*before)(void *ctx, vt_lsq *q, size_t iter);
  /* After iteration iter went through, with its status: GSL_SUCCESS, or GSL_ENOPROG (no lower
   * cost in the trust region, which shrank; only after a first step that found one). */
  int (*after)(void *ctx, vt_lsq *q, size_t iter, int gs);
  void *ctx;
} vt_lsq_hooks;

/* Evaluates the start x0 (p values): GSL's status; the residuals there are the workspace's. */
int vt_lsq_start(vt_lsq *q, const gsl_vector *x0);
/* At most q->stop.max_iter iterations from where vt_lsq_start left, each between h's hooks (GSL's
 * own driver, vt_lsq_run, has no such control). *verdict is that of the hook that ended the
 * drive (VT_LSQ_GO: none did, the limit was reached); *iterations counts those that went
 * through, the one `after` stopped included. Returns GSL's status of an iteration that failed,
 * not counted (GSL_ENOPROG: the first found no lower cost), else GSL_SUCCESS. */
int vt_lsq_drive(vt_lsq *q, const vt_lsq_hooks *h, int *verdict, size_t *iterations);
/* At the workspace's position: the residuals, their Jacobian, their sum of squares, and GSL's
 * convergence test (0: not converged; 1 step below xtol, 2 gradient below gtol, 3 cost change
 * below ftol). */
const gsl_vector *vt_lsq_residual(const vt_lsq *q);
const gsl_matrix *vt_lsq_jacobian(const vt_lsq *q);
double vt_lsq_chi2(const vt_lsq *q);
size_t vt_lsq_iterations(const vt_lsq *q); /* GSL's count since vt_lsq_start */
int vt_lsq_test(const vt_lsq *q, double xtol, double gtol, double ftol);

/* Least squares from x0 (p values). GSL's status: a first step that cannot improve on a start
 * that already passes the gradient test is success; a start where a residual is not finite
 * is GSL_EBADFUNC (q->bad_residual says which). *chi2 is the sum of squared residuals,
 * *iterations the driver's count (either may be NULL). */
int vt_lsq_run(vt_lsq *q, const double *x0, double *chi2, int *iterations);
/* The whole of a plain fit: vt_lsq_alloc, vt_lsq_run from x0 (*chi2, *iterations), then on
 * success the position into x (p values) and the covariance (vt_lsq_covariance) into cov (p x p,
 * row major; NaN where GSL could not form it, its status in *cov_status), and vt_lsq_free.
 * Returns the run's status (GSL_ENOMEM: out of memory). */
int vt_lsq_solve(vt_lsq *q, const double *x0, double *x, double *cov, int *cov_status, double *chi2,
                 int *iterations);
/* The position reached (p values). */
const gsl_vector *vt_lsq_position(const vt_lsq *q);
/* The parameters' covariance from the Jacobian J (n x p; NULL: the workspace's), scaled by
 * chi2 / (n - p), into cov (p x p). GSL's status. */
int vt_lsq_covariance(const vt_lsq *q, const gsl_matrix *J, double chi2, gsl_matrix *cov);
void vt_lsq_free(vt_lsq *q);

#endif
