/* vt_brent_root: GSL's Brent solver on a bracketed root, the one loop the library uses. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>

#include "internal.h"

double vt_brent_root(double (*fn)(double, void *), void *ctx, double lo, double hi, double xtol_abs,
                     double xtol_rel, int max_iter) {
  double flo = fn(lo, ctx), fhi = fn(hi, ctx);
  if (!(flo * fhi <= 0)) return NAN;
  if (flo == 0) return lo;
  if (fhi == 0) return hi;
  gsl_function F = {fn, ctx};
  gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
  if (!s) return NAN;
  double x = NAN;
  int converged = 0;
  if (gsl_root_fsolver_set(s, &F, lo, hi) == GSL_SUCCESS)
    for (int it = 0; !converged && it < max_iter; it++) {
      if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS) break;
      x = gsl_root_fsolver_root(s);
      converged = gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s),
                                         xtol_abs, xtol_rel) == GSL_SUCCESS;
    }
  gsl_root_fsolver_free(s);
  return converged ? x : NAN;
}
