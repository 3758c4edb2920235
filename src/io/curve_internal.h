/* What the curve readers share (curve_set.c), not installed. */
#ifndef VT_CURVE_INTERNAL_H
#define VT_CURVE_INTERNAL_H

#include <stddef.h>

#include "vitrum/curves.h"

/* Grow the point arrays of a curve to hold at least `need` points (doubling from 1024);
 * VT_OK or VT_ENOMEM. */
int vt_curve_reserve(vt_curve *cv, size_t *cap, size_t need);

#endif
