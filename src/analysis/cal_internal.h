/* Helpers shared by the calorimetry files (not installed). */
#ifndef VT_CAL_INTERNAL_H
#define VT_CAL_INTERNAL_H

#include <stddef.h>

#include "vitrum/calorimetry.h"
#include "vitrum/constants.h"

/* The first index i with T[i] >= value (n when none); T increasing. */
size_t vt_cal_lower_bound(const double *T, size_t n, double value);

/* Straight line fitted to the points within +-half_K of T[i]: its value at T[i] and slope.
 * Nonzero when fewer than 3 points fall inside. */
int vt_cal_local_fit(const double *T, const double *y, size_t n, size_t i, double half_K,
                     double *value, double *slope);

/* The automatic windows of vt_cal_analyse (the rule is written in calorimetry.h) on y(T). */
int vt_cal_auto_windows(const double *T, const double *y, size_t n, size_t min_points,
                        double glass_K[2], double liquid_K[2], vt_error *err);

#endif
