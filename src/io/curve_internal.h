/* What the curve readers share (curve_set.c), not installed. */
#ifndef VT_CURVE_INTERNAL_H
#define VT_CURVE_INTERNAL_H

#include <stddef.h>

#include "vitrum/curves.h"

/* Grow the point arrays of a curve to hold at least `need` points (doubling from 1024);
 * VT_OK or VT_ENOMEM. */
int vt_curve_reserve(vt_curve *cv, size_t *cap, size_t need);

/* The start of a curve reader `who`: `out` zeroed, then the file's text (at most max_bytes) in
 * *text (the caller frees it). VT_EINVAL names `who` for a NULL path or set. */
int vt_curve_file_text(const char *who, const char *path, size_t max_bytes, vt_curve_set *out,
                       char **text, size_t *len, vt_error *err);

#endif
