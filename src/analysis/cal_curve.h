/* One scan analysed against its reference (not installed). */
#ifndef VT_CAL_CURVE_H
#define VT_CAL_CURVE_H

#include "cal_scans.h"

typedef struct vt_cal_windows {
  int known;    /* the windows below hold values */
  int required; /* a curve the windows do not fit is an error (given by the user, or needed by
                   the baseline); else its lines, Tf and noise are left NaN */
  double glass_K[2], liquid_K[2];
} vt_cal_windows;

/* Sample s against the reference scan rs and its analysis ref (both NULL: alone). */
int vt_cal_curve_run(const vt_cal_scan *s, const vt_cal_scan *rs, const vt_cal_curve *ref,
                     const vt_cal_windows *w, const vt_cal_options *o, vt_cal_curve *c,
                     vt_error *err);

/* A reference scan: its lines, Tf, noise (rms about its lines) and Tg. */
int vt_cal_reference_run(const vt_cal_scan *s, const vt_cal_windows *w, const vt_cal_options *o,
                         vt_cal_curve *c, vt_cal_tg *tg, vt_error *err);

void vt_cal_curve_free(vt_cal_curve *c);

#endif
