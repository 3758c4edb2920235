/* vitrum datasets: the measured data the analyses take (analysis.h), read from CSV tables with
 * the table reader (table.h): peak temperatures at several rates (Kissinger, Eyring), a loss-
 * modulus sweep E''(T) (vt_loss_fit_run), heat-flow scans y(T) (vt_debye_fit_peak). Each comes
 * as _from_table, on a table already read, and vt_read_..., which reads the file first. */
#ifndef VITRUM_DATASETS_H
#define VITRUM_DATASETS_H

#include <stddef.h>

#include "core.h"
#include "table.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Peak temperatures at several heating rates ---------------------------------------------- */

/* Columns rate|heating_rate|heating rate|beta (a rate) and Tp|T_p|Tpeak|T_peak|T peak (a
 * temperature), any case, each with its unit ("rate_K_per_min", "Tp [C]"); other columns are
 * ignored. Rates must be positive and Tp above absolute zero; messages name path:line. */
typedef struct vt_rate_peaks {
  size_t n;
  double *rate_K_per_s, *Tp_K;
  long *line; /* source line of each point */
} vt_rate_peaks;

VT_API int vt_rate_peaks_from_table(const vt_table *t, vt_rate_peaks *out, vt_error *err);
VT_API int vt_read_rate_peaks(const char *path, vt_rate_peaks *out, vt_error *err);
VT_API void vt_rate_peaks_free(vt_rate_peaks *p);

/* ---- A loss-modulus sweep -------------------------------------------------------------------- */

/* The columns of a sweep: an index (0-based) chosen by the caller, or -1 for the one named
 * T|Temp|Temperature (temperature) and E2|E''|E″|Epp|E_loss|Eloss|loss_modulus|loss modulus|
 * LossModulus|G2|G''|G″ (modulus), any case. `*_unit` overrides the header's unit (NULL: the
 * header's). */
typedef struct vt_sweep_opts {
  int T_col, y_col;
  const char *T_unit, *y_unit;
  /* The columns as a user names them (vt_table_pick: a header name or a number from 1, with
   * ':UNIT' for a header without one), over T_col/T_unit and y_col/y_unit; NULL: not given. A
   * spec that names no column or a unit of another kind is VT_EINVAL, "--T-col 'SPEC': why". */
  const char *T_spec, *y_spec;
} vt_sweep_opts;

VT_API vt_sweep_opts vt_sweep_opts_default(void);

/* E''(T) in SI, rows with rising T above absolute zero. */
typedef struct vt_loss_sweep {
  size_t n;
  double *T_K, *loss_Pa;
  long *line;
  int T_col, y_col;      /* the table's columns taken */
  int T_celsius;         /* the temperatures were written in C */
  char *T_name, *y_name; /* the columns' header names (owned) */
} vt_loss_sweep;

VT_API int vt_loss_sweep_from_table(const vt_table *t, const vt_sweep_opts *opts,
                                    vt_loss_sweep *out, vt_error *err);
VT_API int vt_read_loss_sweep(const char *path, const vt_sweep_opts *opts, vt_loss_sweep *out,
                              vt_error *err);
VT_API void vt_loss_sweep_free(vt_loss_sweep *s);
/* Keep only the rows with T_lo <= T <= T_hi, in place (their lines with them); n may become 0.
 * VT_EINVAL for NULL or T_lo > T_hi. */
VT_API int vt_loss_sweep_restrict(vt_loss_sweep *s, double T_lo_K, double T_hi_K, vt_error *err);

/* ---- Heat-flow scans --------------------------------------------------------------------------
 */

/* T: the given column (its unit a temperature) or the first named T with a temperature unit
 * (T_K, 'T [C]'; not T_a_K); y: the given column or the last, in the units written (a power,
 * maybe per mole or gram, or none). `grouped`: a long-format map, each scan the rows between
 * blank lines and changes of the other columns' text (their key); else one scan of rising T.
 * Rows outside [T_min_K, T_max_K] are dropped (NaN bounds: none). */
typedef struct vt_scans_opts {
  int T_col, y_col;
  int grouped;
  double T_min_K, T_max_K;
  /* The columns of these exact header names, over T_col and y_col (NULL: not by name); a name
   * the header lacks is VT_EINVAL, "--T-col 'NAME': PATH:LINE has no such column (it has ...)". */
  const char *T_name, *y_name;
} vt_scans_opts;

VT_API vt_scans_opts vt_scans_opts_default(void);

typedef struct vt_scan {
  size_t start, n; /* points [start, start + n) */
  long line;       /* source line of the scan's first row (0 when not from a file) */
  char *key;       /* the key columns' text as CSV ("253,50"); "" without any */
} vt_scan;

typedef struct vt_heat_flow_scans {
  size_t n, n_scans;
  double *T_K, *y;
  vt_scan *scans;
  char *T_name, *y_name; /* the columns as the header names them */
  char **key_names;      /* n_keys names of the key columns */
  size_t n_keys;
  char y_unit[32], q_unit[32]; /* "W/mol" and its integral over time "J/mol"; "" when none */
} vt_heat_flow_scans;

VT_API int vt_heat_flow_scans_from_table(const vt_table *t, const vt_scans_opts *opts,
                                         vt_heat_flow_scans *out, vt_error *err);
VT_API int vt_read_heat_flow_scans(const char *path, const vt_scans_opts *opts,
                                   vt_heat_flow_scans *out, vt_error *err);
VT_API void vt_heat_flow_scans_free(vt_heat_flow_scans *s);

#ifdef __cplusplus
}
#endif

#endif
