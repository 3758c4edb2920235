/* vitrum analysis: peak metrics and kinetics of measured or simulated curves. Analyses never
 * know whether a curve was measured or simulated. */
#ifndef VITRUM_ANALYSIS_H
#define VITRUM_ANALYSIS_H

#include <stddef.h>

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Peak metrics ------------------------------------------------------------------------- */

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

/* ---- Kinetics ------------------------------------------------------------------------------- */

/* Kissinger: ln(rate/Tp^2) = -dE/(R Tp) + c, fitted by least squares over n >= 3 points. */
typedef struct vt_kissinger {
  double dE_J_per_mol, se_dE_J_per_mol;
  double intercept, se_intercept;
  double r2;
  size_t n;
} vt_kissinger;

/* Eyring / absolute reaction rate, paper 000 Eq. 4:
 *   ln(rate/Tp^3) = -H/(R Tp) + ln(k_B R/(h_P H)) + S/R
 * The slope gives H; S follows from the intercept and H (errors propagated with the slope-
 * intercept covariance). Also reports the Kissinger dE of the same data and H + R<Tp>, which
 * paper 000 uses as a consistency check (dE = H + R Tp). */
typedef struct vt_eyring {
  double H_J_per_mol, se_H_J_per_mol;
  double S_J_per_mol_K, se_S_J_per_mol_K;
  double r2;
  double mean_Tp_K;
  double kissinger_dE_J_per_mol, se_kissinger_dE_J_per_mol;
  double H_plus_RTp_J_per_mol; /* H + R <Tp> */
  size_t n;
} vt_eyring;

/* Rates > 0 and Tp > 0 finite; n >= 3 points with at least 2 distinct rates; else VT_EINVAL
 * naming the offending point. */
VT_API int vt_kissinger_fit(const double *rate_K_per_s, const double *Tp_K, size_t n,
                            vt_kissinger *out, vt_error *err);
VT_API int vt_eyring_fit(const double *rate_K_per_s, const double *Tp_K, size_t n, vt_eyring *out,
                         vt_error *err);

/* The peak temperature Eq. 4 predicts for given H, S and rate (root of the equation). */
VT_API int vt_eyring_peak_temperature(double H_J_per_mol, double S_J_per_mol_K, double rate_K_per_s,
                                      double *Tp_K, vt_error *err);

#ifdef __cplusplus
}
#endif

#endif
