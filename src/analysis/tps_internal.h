/* Internals of the thin-plate spline shared by the dense solve (tps.c) and the local one
 * (tps_local.c). */
#ifndef VT_TPS_INTERNAL_H
#define VT_TPS_INTERNAL_H

#include <math.h>
#include <stddef.h>

#include "vitrum/pel.h"

#define EIGHT_PI 25.132741228718345

struct vt_tps {
  size_t n;
  double x0, xs, y0, ys; /* u = (x - x0)/xs, v = (y - y0)/ys */
  double *u, *v, *w;
  double a[3];
  double lambda;
  /* local method: the data (z), a bucket grid of G x G cells over the unit square (cell c holds
   * idx[start[c] .. start[c + 1]]), k neighbours per evaluation */
  int local;
  double *z;
  size_t G, k, *start, *idx;
  double lambda_local; /* lambda sqrt(k / n): see tps_local.c */
};

/* phi(r) = r^2 ln r from r^2. */
static inline double vt_tps_phi(double r2) {
  return r2 > 0 ? 0.5 * r2 * log(r2) : 0.0;
}

/* Local method: bucket the scaled points (set-up), and evaluate at scaled (u, v). */
int vt_tps_local_setup(vt_tps *s, const double *z, size_t k);
double vt_tps_local_eval(const vt_tps *s, double u, double v);

#endif
