/* The tables and summaries of Debye fits of relaxation peaks (paper 004), as vitrum debye writes
 * them (report.h): energies in kJ/mol, the peak's enthalpy in the scans' own units. */
#include <math.h>

#include "report_internal.h"
#include "vitrum/report.h"

static const char *law_name(int law) {
  return law == VT_TAU_VFT ? "VFT" : "Arrhenius";
}

/* A unit as it goes into a column name: "J/mol" -> "J_per_mol"; `fallback` when unknown. */
static const char *unit_name(const char *unit, const char *fallback, char *buf, size_t size) {
  if (!*unit) return fallback;
  size_t k = 0;
  for (const char *p = unit; *p && k + 6 < size; p++)
    k += (size_t)snprintf(buf + k, size - k, "%s", *p == '/' ? "_per_" : (char[2]){*p, 0});
  return buf;
}

static const char *class_of(const vt_debye_report *r, size_t i) {
  const char *c =
      r->status[i] ? NULL : vt_relaxation_class(r->fit[i].E_J_per_mol, r->Tg_K, r->fragility);
  return c ? c : "";
}

static int check(const vt_debye_report *r, FILE *fp, const char *fn, vt_error *err) {
  if (!r || !fp || !r->scans || !r->fit || !r->status)
    return vt_fail(err, VT_EINVAL, "%s: NULL report, scans, fits, status or file", fn);
  return r->scans->n_scans ? VT_OK : vt_fail(err, VT_EINVAL, "%s: no scans", fn);
}

/* The fitted values' columns, shared by the one-row summary and the batch table. */
static void fit_header(FILE *fp, const vt_debye_report *r) {
  char q[80], y[80];
  const char *qn = unit_name(r->scans->q_unit, "y_times_s", q, sizeof q);
  fprintf(fp, "dh_%s,se_dh_%s,E_kJ_per_mol,se_E_kJ_per_mol,ln_tau0_s,se_ln_tau0,", qn, qn);
  if (r->law == VT_TAU_VFT) fprintf(fp, "D,se_D,T0_K,se_T0_K,");
  fprintf(fp, "Tp_K,rms_%s,r2", unit_name(r->scans->y_unit, "y", y, sizeof y));
}

static void fit_values(FILE *fp, const vt_debye_report *r, size_t i) {
  const vt_debye_fit *f = &r->fit[i];
  int vft = r->law == VT_TAU_VFT;
  if (r->status[i]) {
    fprintf(fp, "nan,nan,nan,nan,nan,nan,%snan,nan,nan", vft ? "nan,nan,nan,nan," : "");
    return;
  }
  fprintf(fp, "%.10g,%.4g,%.10g,%.4g,%.10g,%.4g,", f->Q0, f->se_Q0, f->E_J_per_mol / 1e3,
          f->se_E_J_per_mol / 1e3, f->ln_tau0_s, f->se_ln_tau0);
  if (vft) fprintf(fp, "%.10g,%.4g,%.10g,%.4g,", f->D, f->se_D, f->T0_K, f->se_T0_K);
  fprintf(fp, "%.10g,%.6g,%.10g", f->Tp_K, f->rms_residual, f->r2);
}

int vt_debye_row_write_csv(const vt_debye_report *r, FILE *fp, vt_error *err) {
  int rc = check(r, fp, "vt_debye_row_write_csv", err);
  if (rc) return rc;
  const vt_scan *sc = &r->scans->scans[0];
  const double *T = r->scans->T_K + sc->start;
  fprintf(fp, "n,law,rate_K_per_s,T_min_K,T_max_K,");
  fit_header(fp, r);
  fprintf(fp, ",iterations,class\n%zu,%s,%.10g,%.10g,%.10g,", sc->n,
          r->law == VT_TAU_VFT ? "vft" : "arrhenius", r->rate_K_per_s, T[0], T[sc->n - 1]);
  fit_values(fp, r, 0);
  fprintf(fp, ",%d,%s\n", r->fit[0].iterations, class_of(r, 0));
  return vt_report_done(fp, err);
}

/* The scan's index and grouping fields: "0,273,5". */
static void scan_key(FILE *fp, const vt_heat_flow_scans *d, size_t i) {
  fprintf(fp, "%zu%s%s,", i, *d->scans[i].key ? "," : "", d->scans[i].key);
}

/* "scan" and the header's grouping columns (all but T and y). */
static void key_header(FILE *fp, const vt_heat_flow_scans *d) {
  fprintf(fp, "scan");
  for (size_t k = 0; k < d->n_keys; k++) {
    fputc(',', fp);
    vt_csv_write_text(fp, d->key_names[k]);
  }
  fputc(',', fp);
}

int vt_debye_table_write_csv(const vt_debye_report *r, FILE *fp, vt_error *err) {
  int rc = check(r, fp, "vt_debye_table_write_csv", err);
  if (rc) return rc;
  const vt_heat_flow_scans *d = r->scans;
  key_header(fp, d);
  fprintf(fp, "n,");
  fit_header(fp, r);
  fprintf(fp, ",class,status\n");
  for (size_t i = 0; i < d->n_scans; i++) {
    scan_key(fp, d, i);
    fprintf(fp, "%zu,", d->scans[i].n);
    fit_values(fp, r, i);
    fprintf(fp, ",%s,", class_of(r, i));
    const char *why = r->message && r->message[i] ? r->message[i] : vt_strerror(r->status[i]);
    vt_csv_write_text(fp, r->status[i] ? why : "ok");
    fputc('\n', fp);
  }
  return vt_report_done(fp, err);
}

int vt_debye_fitted_write_csv(const vt_debye_report *r, int keys, FILE *fp, vt_error *err) {
  int rc = check(r, fp, "vt_debye_fitted_write_csv", err);
  if (rc) return rc;
  const vt_heat_flow_scans *d = r->scans;
  const char *y = d->y_name;
  if (keys) key_header(fp, d);
  fprintf(fp, "T_K,%s,fit_%s,residual_%s\n", y, y, y);
  for (size_t i = 0; i < d->n_scans; i++)
    for (size_t k = 0; k < d->scans[i].n; k++) {
      double T = d->T_K[d->scans[i].start + k], v = d->y[d->scans[i].start + k];
      double f = r->fit_y && r->fit_y[i] ? r->fit_y[i][k] : NAN;
      if (keys) scan_key(fp, d, i);
      fprintf(fp, "%.10g,%.10g,%.10g,%.10g\n", T, v, f, v - f);
    }
  return vt_report_done(fp, err);
}

/* ---- summaries ------------------------------------------------------------------------------- */

int vt_relaxation_classes_write_summary(double Tg_K, double fragility_m, FILE *fp, vt_error *err) {
  vt_relaxation_ranges c;
  if (!fp) return vt_fail(err, VT_EINVAL, "vt_relaxation_classes_write_summary: NULL file");
  int rc = vt_relaxation_class_ranges(Tg_K, fragility_m, &c, err);
  if (rc) return rc;
  fprintf(fp,
          "  classes for Tg %.6g K, m %.6g (paper 004): gamma/beta' 20-60 kJ/mol, beta "
          "(26 +- 4) R Tg = %.1f-%.1f kJ/mol, alpha m R Tg ln 10 = %.1f kJ/mol\n",
          Tg_K, fragility_m, c.lo_J_per_mol[VT_CLASS_BETA] / 1e3,
          c.hi_J_per_mol[VT_CLASS_BETA] / 1e3, c.lo_J_per_mol[VT_CLASS_ALPHA] / 1e3);
  return vt_report_done(fp, err);
}

int vt_debye_fit_write_summary(const vt_debye_report *r, FILE *fp, vt_error *err) {
  int rc = check(r, fp, "vt_debye_fit_write_summary", err);
  if (rc) return rc;
  const vt_debye_fit *f = &r->fit[0];
  const char *q = *r->scans->q_unit ? r->scans->q_unit : "(y units) s";
  fprintf(fp, "  %s law, %d iterations\n", law_name(f->law), f->iterations);
  fprintf(fp, "  dh      = %.7g +- %.2g %s   (Q0: the enthalpy of the peak)\n", f->Q0, f->se_Q0, q);
  fprintf(fp, "  E*      = %.4f +- %.2g kJ/mol%s\n", f->E_J_per_mol / 1e3, f->se_E_J_per_mol / 1e3,
          f->law == VT_TAU_VFT ? "   (apparent, at Tp: R D T0 Tp^2/(Tp - T0)^2)" : "");
  fprintf(fp, "  ln_tau0 = %.5f +- %.2g   (tau0 = %.4g s)\n", f->ln_tau0_s, f->se_ln_tau0,
          exp(f->ln_tau0_s));
  if (f->law == VT_TAU_VFT)
    fprintf(fp, "  D       = %.6g +- %.2g\n  T0      = %.3f +- %.2g K\n", f->D, f->se_D, f->T0_K,
            f->se_T0_K);
  fprintf(fp, "  Tp      = %.3f K\n  rms     = %.4g %s\n  R^2     = %.8f\n", f->Tp_K,
          f->rms_residual, *r->scans->y_unit ? r->scans->y_unit : "(y units)", f->r2);
  if (isnan(r->Tg_K) && isnan(r->fragility)) return vt_report_done(fp, err);
  fprintf(fp, "  class   = %s\n", class_of(r, 0));
  return vt_relaxation_classes_write_summary(r->Tg_K, r->fragility, fp, err);
}

int vt_debye_batch_write_summary(const vt_debye_report *r, const vt_debye_summary *s, FILE *fp,
                                 vt_error *err) {
  if (!s) return vt_fail(err, VT_EINVAL, "vt_debye_batch_write_summary: NULL summary");
  int rc = check(r, fp, "vt_debye_batch_write_summary", err);
  if (rc) return rc;
  fprintf(fp, "%zu scan%s, %zu fitted (%s law), %zu failed%s\n", s->n, s->n == 1 ? "" : "s",
          s->n_fitted, law_name(r->law), s->n - s->n_fitted,
          s->n_fitted < s->n ? " (their status column says why)" : "");
  if (s->n_fitted)
    fprintf(fp, "  E* from %.4g to %.4g kJ/mol\n", s->E_min_J_per_mol / 1e3,
            s->E_max_J_per_mol / 1e3);
  if (isnan(r->Tg_K) && isnan(r->fragility)) return vt_report_done(fp, err);
  fprintf(fp, "  per class: gamma/beta' %zu, beta %zu, alpha %zu\n",
          s->n_class[VT_CLASS_GAMMA_BETA_PRIME], s->n_class[VT_CLASS_BETA],
          s->n_class[VT_CLASS_ALPHA]);
  return vt_relaxation_classes_write_summary(r->Tg_K, r->fragility, fp, err);
}

int vt_debye_batch_write_failures(const vt_debye_report *r, const char *prefix, FILE *fp,
                                  vt_error *err) {
  int rc = check(r, fp, "vt_debye_batch_write_failures", err);
  if (rc) return rc;
  const vt_heat_flow_scans *d = r->scans;
  for (size_t i = 0; i < d->n_scans; i++) {
    if (!r->status[i]) continue;
    const char *why = r->message && r->message[i] ? r->message[i] : vt_strerror(r->status[i]);
    fprintf(fp, "%sscan %zu (line %ld%s%s): %s\n", prefix ? prefix : "", i, d->scans[i].line,
            *d->scans[i].key ? ": " : "", d->scans[i].key, why);
  }
  return vt_report_done(fp, err);
}
