/* The tables and summaries of the simulated Flash DSC (scans, relaxation peaks, Kovacs curves,
 * path matching), as vitrum dsc, kovacs and pathmatch write them (report.h). */
#include <math.h>

#include "report_internal.h"
#include "vitrum/constants.h"
#include "vitrum/report.h"

int vt_dsc_traces_write_csv(const vt_dsc_scan *a, const vt_dsc_scan *r, double sample_mol, FILE *fp,
                            vt_error *err) {
  if (!a || !r || !fp) return vt_fail(err, VT_EINVAL, "vt_dsc_traces_write_csv: NULL argument");
  if (a->n != r->n)
    return vt_fail(err, VT_EINVAL, "vt_dsc_traces_write_csv: scans of %zu and %zu steps", a->n,
                   r->n);
  double mol = sample_mol;
  fprintf(fp, "T_K,time_s,hf_annealed_W_per_mol,hf_reference_W_per_mol,dhf_W_per_mol%s\n",
          mol > 0 ? ",hf_annealed_mW,hf_reference_mW,dhf_mW" : "");
  for (size_t i = 0; i < a->n; i++) {
    double ha = a->heat_flow_W_per_mol[i], hr = r->heat_flow_W_per_mol[i];
    fprintf(fp, "%.6f,%.8g,%.8g,%.8g,%.8g", a->T_K[i], a->time_s[i], ha, hr, ha - hr);
    if (mol > 0)
      fprintf(fp, ",%.8g,%.8g,%.8g", 1e3 * mol * ha, 1e3 * mol * hr, 1e3 * mol * (ha - hr));
    fputc('\n', fp);
  }
  return vt_report_done(fp, err);
}

int vt_dsc_peak_write_summary(const vt_dsc_peak *pk, const vt_dsc_scan *a, const vt_dsc_scan *r,
                              double sample_mol, FILE *fp, vt_error *err) {
  if (!pk || !a || !r || !fp)
    return vt_fail(err, VT_EINVAL, "vt_dsc_peak_write_summary: NULL argument");
  fprintf(fp, "relaxation peak (annealed minus as-cooled, heating at %g K/s):\n",
          a->heat_rate_K_per_s);
  fprintf(fp, "  dh     = %.2f J/mol (from the model states: %.2f J/mol)", pk->dh_dsc_J_per_mol,
          pk->dh_state_J_per_mol);
  if (sample_mol > 0)
    fprintf(fp, " = %.4g uJ for this sample", 1e6 * sample_mol * pk->dh_dsc_J_per_mol);
  fputc('\n', fp);
  if (!pk->metrics_ok) {
    fprintf(fp, "  no positive peak: the annealing released no enthalpy\n");
  } else {
    const vt_peak *m = &pk->metrics;
    fprintf(fp, "  Tp     = %.2f K (%.2f C), height %.4g J/(mol K)\n", m->x_peak,
            m->x_peak - VT_ZERO_CELSIUS_K, m->y_peak);
    fprintf(fp, "  FWHM   = %.2f K (%.2f to %.2f K)\n", m->fwhm, m->x_half_low, m->x_half_high);
    fprintf(fp, "  onset  = %.2f K, end = %.2f K (extrapolated tangents)\n", m->x_onset, m->x_end);
  }
  fprintf(fp, "  Tf as the scan begins: annealed %.2f K, as-cooled %.2f K\n", a->Tf_start_K,
          r->Tf_start_K);
  if (fabs(pk->end_mismatch_J_per_mol) > 1e-3 * fmax(fabs(pk->dh_dsc_J_per_mol), 1.0))
    fprintf(fp, "  warning: the scans end %.3g J/mol apart: raise --T-high to reach the liquid\n",
            pk->end_mismatch_J_per_mol);
  return vt_report_done(fp, err);
}

int vt_dsc_anneal_csv_header(FILE *fp) {
  return vt_report_header(fp, "T_a_K,t_a_s,dh_J_per_mol,Tp_K,FWHM_K,onset_K,end_K\n");
}

int vt_dsc_anneal_write_csv(double T_a_K, double t_a_s, const vt_dsc_peak *pk, FILE *fp,
                            vt_error *err) {
  if (!pk || !fp) return vt_fail(err, VT_EINVAL, "vt_dsc_anneal_write_csv: NULL argument");
  const vt_peak *m = &pk->metrics;
  fprintf(fp, "%.6g,%.6g,%.6g", T_a_K, t_a_s, pk->dh_dsc_J_per_mol);
  if (pk->metrics_ok)
    fprintf(fp, ",%.6f,%.6g,%.6f,%.6f\n", m->x_peak, m->fwhm, m->x_onset, m->x_end);
  else
    fprintf(fp, ",nan,nan,nan,nan\n");
  return vt_report_done(fp, err);
}

int vt_dsc_peak_curve_csv_header(const char *key_names, FILE *fp) {
  if (!key_names || !fp) return VT_EINVAL;
  fprintf(fp, "%s,T_K,dheat_flow_W_per_mol\n", key_names);
  return ferror(fp) ? VT_EIO : VT_OK;
}

int vt_dsc_peak_curve_write_csv(const char *key, const vt_dsc_peak *pk, FILE *fp, vt_error *err) {
  if (!key || !pk || !fp)
    return vt_fail(err, VT_EINVAL, "vt_dsc_peak_curve_write_csv: NULL argument");
  for (size_t i = 0; i < pk->n; i++)
    fprintf(fp, "%s,%.6f,%.8g\n", key, pk->T_K[i], pk->dheat_flow_W_per_mol[i]);
  fputc('\n', fp);
  return vt_report_done(fp, err);
}

/* ---- Kovacs curves and path matching --------------------------------------------------------- */

int vt_kovacs_curves_write_csv(const vt_kovacs_curve *c, size_t n, FILE *fp, vt_error *err) {
  if (!c || !fp) return vt_fail(err, VT_EINVAL, "vt_kovacs_curves_write_csv: NULL argument");
  fprintf(fp, "T1_K,t1_s,t2_s,dh_J_per_mol,dh_at_T2_J_per_mol\n");
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < c[i].n; k++)
      fprintf(fp, "%.6g,%.6g,%.6g,%.8g,%.8g\n", c[i].T1_K, c[i].t1_s, c[i].t2_s[k],
              c[i].dh_J_per_mol[k], c[i].dh_at_T2_J_per_mol[k]);
  return vt_report_done(fp, err);
}

int vt_kovacs_peaks_write_csv(const vt_kovacs_curve *c, size_t n, FILE *fp, vt_error *err) {
  if (!c || !fp) return vt_fail(err, VT_EINVAL, "vt_kovacs_peaks_write_csv: NULL argument");
  fprintf(fp, "T1_K,t1_s,dh1_J_per_mol,dh_peak_J_per_mol,t_peak_s\n");
  for (size_t i = 0; i < n; i++)
    fprintf(fp, "%.6g,%.6g,%.8g,%.8g,%.6g\n", c[i].T1_K, c[i].t1_s, c[i].dh1_J_per_mol,
            c[i].dh_peak_J_per_mol, c[i].t_peak_s);
  return vt_report_done(fp, err);
}

int vt_path_match_csv_header(FILE *fp) {
  return vt_report_header(fp, "phi_K_per_s,dh_path_J_per_mol,t_a_s,Tp_cool_K,FWHM_cool_K,Tp_iso_K,"
                              "FWHM_iso_K,dh_dsc_cool_J_per_mol,dh_dsc_iso_J_per_mol\n");
}

static double metric(const vt_dsc_peak *pk, int fwhm) {
  return pk->metrics_ok ? (fwhm ? pk->metrics.fwhm : pk->metrics.x_peak) : NAN;
}

int vt_path_match_write_csv(const vt_path_match *pm, const vt_dsc_peak *cool,
                            const vt_dsc_peak *iso, FILE *fp, vt_error *err) {
  if (!pm || !cool || !iso || !fp)
    return vt_fail(err, VT_EINVAL, "vt_path_match_write_csv: NULL argument");
  fprintf(fp, "%.6g,%.8g,%.6g,%.6f,%.6f,%.6f,%.6f,%.8g,%.8g\n", pm->phi_K_per_s,
          pm->dh_cool_J_per_mol, pm->t_a_s, metric(cool, 0), metric(cool, 1), metric(iso, 0),
          metric(iso, 1), cool->dh_dsc_J_per_mol, iso->dh_dsc_J_per_mol);
  return vt_report_done(fp, err);
}
