/* vitrum peak metrics: area, maximum, FWHM and extrapolated onset and end of a sampled peak.
 * A small numeric helper of the core: instruments and analyses both measure peaks. */
#ifndef VITRUM_PEAK_H
#define VITRUM_PEAK_H

#include <stddef.h>

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Metrics of a peak y(x) against the baseline y = 0 (subtract a reference or a baseline first).
 * x must be strictly increasing. Units follow the inputs: for x = T (K) and y = heat flow per
 * heating rate (J/(mol K)) the area is an enthalpy (J/mol). */
typedef struct vt_peak {
  double area;       /* int y dx over the whole range (trapezoids) */
  double x_peak;     /* position of the maximum (parabola through the top three points) */
  double y_peak;     /* height of the maximum */
  double fwhm;       /* full width at half maximum (linear interpolation of the crossings) */
  double x_half_low; /* the crossings of y_peak/2 either side of the maximum */
  double x_half_high;
  double x_onset; /* extrapolated onset: tangent at the steepest point of the rising edge,
                     crossed with y = 0 (the ISO 11357 construction) */
  double x_end;   /* extrapolated end: the same on the falling edge */
} vt_peak;

/* Fails (VT_EINVAL) for fewer than 3 points, non-finite values, non-increasing x, or no
 * positive maximum; FWHM/onset/end that cannot be found (the peak runs off the range) are NaN. */
VT_API int vt_peak_metrics(const double *x, const double *y, size_t n, vt_peak *out, vt_error *err);

#ifdef __cplusplus
}
#endif

#endif
