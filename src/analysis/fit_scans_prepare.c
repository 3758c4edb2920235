/* From an analysed export to the data of `vitrum fit --scans` (fit.h): the scans' histories,
 * their Cp_N curves, the export's line of each point and the fitter's quench, in one call. */
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "vitrum/fit.h"

int vt_fit_scans_prepare(const vt_cal_run *run, const double *ages_s, size_t n_ages,
                         const vt_program *const *programs, size_t n_programs,
                         const vt_scan_fit_options *opts, vt_dsc_options *dsc, vt_fit_scans *out,
                         vt_error *err) {
  if (out) memset(out, 0, sizeof *out);
  if (!run || !opts || !out) return vt_fail(err, VT_EINVAL, "vt_fit_scans_prepare: NULL argument");
  const vt_cal_result *cal = &run->result;
  if (!cal->n)
    return vt_fail(err, VT_EINVAL, "vt_fit_scans_prepare: the run holds no analysed scans");
  if (programs && n_programs != cal->n)
    return vt_fail(err, VT_EINVAL,
                   "%zu programs for %zu selected scans (references included): one per scan, "
                   "in selection order",
                   n_programs, cal->n);
  vt_scan_history *h = calloc(cal->n, sizeof *h);
  out->lines = calloc(cal->n, sizeof *out->lines);
  int rc = h && out->lines ? VT_OK : vt_fail(err, VT_ENOMEM, "out of memory");
  vt_error e;
  if (!rc) {
    rc = vt_fit_scans_histories(cal, run->references, run->n_references, ages_s, n_ages, programs,
                                h, &e);
    if (!rc) rc = vt_fit_data_from_scans(cal, h, cal->n, opts, &out->data, &e);
    if (rc) /* about the export's scans: the message names it */
      rc = vt_fail_at(err, rc, e.line, "%s: %s", run->set.source ? run->set.source : "the scans",
                      e.message);
  }
  if (!rc) rc = vt_fit_scans_source_lines(&out->data, cal, &run->set, out->lines, err);
  if (!rc && dsc) rc = vt_fit_scans_quench(&out->data, cal, opts, dsc, err);
  free(h);
  if (rc) vt_fit_scans_free(out);
  return rc;
}

void vt_fit_scans_free(vt_fit_scans *scans) {
  if (!scans) return;
  for (size_t c = 0; scans->lines && c < scans->data.n_curves; c++) free(scans->lines[c]);
  free(scans->lines);
  vt_fit_data_free(&scans->data);
  memset(scans, 0, sizeof *scans);
}
