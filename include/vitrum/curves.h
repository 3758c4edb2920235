/* vitrum curves: measured (or exported) thermal-analysis curves, read from Mettler STARe text
 * exports and from plain CSV. Values are converted to SI on reading: time in s, temperatures in
 * K, heat flow in W. */
#ifndef VITRUM_CURVES_H
#define VITRUM_CURVES_H

#include <stddef.h>

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vt_curve {
  char *name;          /* as in the file, in UTF-8 (Mettler "Curve Name:" text, trimmed, Latin-1
                          converted; CSV: the value of the `curve` column, else the file name) */
  int segment;         /* Mettler method segment number: the N of the first "[]]N[$" code in
                          the name ("[]]87[$...", "»[]]5[$...", "[]7¯[]]119[$...¯[]]109[$"
                          give 87, 5, 119), -1 if none */
  size_t n;            /* number of points */
  double *time_s;      /* time, s */
  double *Ts_K;        /* sample temperature, K (NaN where the file has none) */
  double *Tr_K;        /* reference (program) temperature, K (NaN where the file has none) */
  double *heat_flow_W; /* heat flow, W, as the file's sign convention has it */
  long first_line;     /* 1-based line of the first data row in the file */
} vt_curve;

typedef struct vt_curve_set {
  size_t n;
  vt_curve *curves;
  char *source; /* file name */
} vt_curve_set;

/* Mettler-Toledo STARe text export: Latin-1 (or UTF-8), CRLF or LF, one or more blocks of
 *   Curve Name:\n  <name>\nCurve Values:\n  Index t Ts Tr Value\n  [s] [°C] [°C] [mW]\n rows...
 * Units in the bracket line are honoured (s/ms/min; °C/K; mW/W/uW). Errors name the file and
 * line. An export without any curve, a block without rows, a truncated row or a non-numeric
 * value is an error. */
VT_API int vt_read_mettler(const char *path, vt_curve_set *out, vt_error *err);

/* CSV with one header row whose names carry units, e.g.
 *   time_s,T_C,heat_flow_mW     or     t [s],Tr [K],HF [mW]
 * Recognised columns: time (t, time), temperatures (T, Tr, Ts, temperature; K or C), heat flow
 * (HF, heat_flow, Value; W, mW, uW). One curve per file, or several when a column `curve`
 * (an integer or a name) changes value. A plain T column is both Tr and Ts. '#' comment lines
 * may precede the header; columns of other names are ignored. */
VT_API int vt_read_curve_csv(const char *path, vt_curve_set *out, vt_error *err);

/* Read either format (a Mettler export is recognised by its "Curve Name:" lines). */
VT_API int vt_read_curves(const char *path, vt_curve_set *out, vt_error *err);

VT_API void vt_curve_set_free(vt_curve_set *set);

/* Choose curves: "all", indices "0,3,5-7" (0-based, in file order) or segments "seg:87,81".
 * `*indices` is malloc'd (caller frees); unknown indices/segments are errors. */
VT_API int vt_curve_set_select(const vt_curve_set *set, const char *spec, size_t **indices,
                               size_t *count, vt_error *err);

/* The scan rate of a curve (K/s) by a straight-line fit of T against t over the points, with the
 * largest relative deviation of the local rate from it; an error when the temperature is not
 * strictly monotonic (naming the first offending point) or the curve has fewer than 3 points. */
VT_API int vt_curve_rate(const vt_curve *curve, int use_Ts, double *rate_K_per_s,
                         double *max_rel_deviation, vt_error *err);

#ifdef __cplusplus
}
#endif

#endif
