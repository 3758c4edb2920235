/* Curves prepared for the calorimetry analysis (not installed). */
#ifndef VT_CAL_SCANS_H
#define VT_CAL_SCANS_H

#include <stdio.h>

#include "cal_internal.h"

/* A curve on its analysis axis, within the range, endothermic up, in SI. */
typedef struct vt_cal_scan {
  size_t index; /* in the set; (size_t)-1 for an average */
  int segment;
  char who[160]; /* "FILE: curve 3 (segment 9)", for messages */
  size_t n;
  double *T, *y, *t; /* K, W, s */
  double rate;       /* K/s */
} vt_cal_scan;

void vt_cal_scan_free(vt_cal_scan *s);

/* Whether the analysis uses Ts for these curves (AUTO: when all have it throughout). */
int vt_cal_use_Ts(const vt_curve_set *set, const size_t *idx, size_t n, vt_cal_axis axis);

/* Curve `index` checked as a heating scan at a constant rate, copied within the range. */
int vt_cal_scan_prepare(const vt_curve_set *set, size_t index, int use_Ts, const vt_cal_options *o,
                        vt_cal_scan *s, vt_error *err);

/* The mean of k scans of one rate on the first one's axis, where all overlap. */
int vt_cal_average(const vt_cal_scan *refs, size_t k, const vt_cal_options *o, vt_cal_scan *avg,
                   vt_error *err);

/* An error naming both scans unless their rates agree within max_rate_mismatch. */
int vt_cal_rate_mismatch(const vt_cal_scan *a, const vt_cal_scan *b, const vt_cal_options *o,
                         const char *what, vt_error *err);

/* y(x) by linear interpolation of (xr, yr) (xr increasing); NaN outside [xr[0], xr[nr-1]]. */
void vt_cal_interp(const double *xr, const double *yr, size_t nr, const double *x, size_t n,
                   double *out);

#endif
