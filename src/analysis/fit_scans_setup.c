/* Around vt_fit_data_from_scans: the scans' histories from a one-step method's ageing times,
 * where in the export each fitted point came from, and the fitter's own as-cooled quench on the
 * scans' temperatures. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "vitrum/fit.h"

static int is_reference(const size_t *references, size_t n, size_t index) {
  for (size_t k = 0; k < n; k++)
    if (references[k] == index) return 1;
  return 0;
}

int vt_fit_scans_histories(const vt_cal_result *cal, const size_t *references, size_t n_references,
                           const double *ages_s, size_t n_ages, const vt_program *const *programs,
                           vt_scan_history *histories, vt_error *err) {
  if (!cal || !histories || (n_references && !references) || (!programs && n_ages && !ages_s))
    return vt_fail(err, VT_EINVAL, "vt_fit_scans_histories: NULL argument");
  size_t aged = 0;
  for (size_t i = 0; i < cal->n; i++) {
    int ref = is_reference(references, n_references, cal->curves[i].index);
    if (programs) {
      if (!programs[i]) return vt_fail(err, VT_EINVAL, "curve %zu has no program", i);
      histories[i] = (vt_scan_history){programs[i], NAN};
    } else {
      histories[i] = (vt_scan_history){NULL, ref || aged >= n_ages ? 0.0 : ages_s[aged]};
    }
    aged += !ref;
  }
  if (!programs && aged != n_ages)
    return vt_fail(err, VT_EINVAL,
                   "%zu ageing times for %zu aged curves (the references excepted): one per "
                   "curve, in the order they are analysed",
                   n_ages, aged);
  return VT_OK;
}

/* Curve c's points are a subset of its scan's, in order, at the file's own temperatures. */
static int one_source(const vt_cpn_curve *cv, const vt_curve *raw, vt_cal_axis axis, long **out,
                      vt_error *err) {
  const double *T = axis == VT_CAL_AXIS_TS ? raw->Ts_K : raw->Tr_K;
  long *lines = malloc((cv->n + 1) * sizeof *lines);
  if (!lines) return vt_fail(err, VT_ENOMEM, "out of memory");
  for (size_t k = 0, j = 0; k < cv->n; k++) {
    while (j < raw->n && T[j] != cv->T_K[k]) j++;
    lines[k] = j < raw->n ? raw->first_line + (long)j : 0;
    if (j == raw->n) j = 0;
  }
  *out = lines;
  return VT_OK;
}

int vt_fit_scans_source_lines(const vt_fit_data *data, const vt_cal_result *cal,
                              const vt_curve_set *set, long **lines, vt_error *err) {
  if (!data || !cal || !set || !lines)
    return vt_fail(err, VT_EINVAL, "vt_fit_scans_source_lines: NULL argument");
  memset(lines, 0, data->n_curves * sizeof *lines);
  if (data->n_curves != cal->n)
    return vt_fail(err, VT_EINVAL, "%zu curves for %zu analysed scans: not the scans' data",
                   data->n_curves, cal->n);
  int rc = VT_OK;
  for (size_t c = 0; !rc && c < data->n_curves; c++)
    rc = cal->curves[c].index < set->n
             ? one_source(&data->curves[c], &set->curves[cal->curves[c].index], cal->axis,
                          &lines[c], err)
             : vt_fail(err, VT_EINVAL, "analysed curve %zu is not in the set", c);
  for (size_t c = 0; rc && c < data->n_curves; c++) free(lines[c]), lines[c] = NULL;
  return rc;
}

int vt_fit_scans_quench(const vt_fit_data *data, const vt_cal_result *cal,
                        const vt_scan_fit_options *opts, vt_dsc_options *dsc, vt_error *err) {
  if (!data || !cal || !opts || !dsc)
    return vt_fail(err, VT_EINVAL, "vt_fit_scans_quench: NULL argument");
  if (!data->n_curves || !cal->n) return vt_fail(err, VT_EINVAL, "vt_fit_scans_quench: no curves");
  double T_low = INFINITY;
  for (size_t c = 0; c < data->n_curves; c++) { /* where each heating ramp starts */
    const vt_program *p = data->curves[c].program;
    size_t n = vt_program_segment_count(p);
    if (n < 2) return vt_fail(err, VT_EINVAL, "curve %zu: its program has no history", c);
    T_low = fmin(T_low, vt_program_end_K(p, n - 2));
  }
  dsc->T_eq_K = opts->T_eq_K > 0 ? opts->T_eq_K : cal->liquid_K[1];
  dsc->T_low_K = T_low;
  dsc->cool_rate_K_per_s =
      opts->cool_rate_K_per_s > 0 ? opts->cool_rate_K_per_s : cal->curves[0].rate_K_per_s;
  return VT_OK;
}
