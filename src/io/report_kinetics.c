/* The tables and summaries of the rate analyses (Kissinger, Eyring: paper 000) and of the DMA
 * loss-peak fits, as vitrum kissinger, eyring and loss write them (report.h). */
#include <math.h>

#include "report_internal.h"
#include "vitrum/constants.h"
#include "vitrum/report.h"

static void span_values(FILE *fp, const vt_rate_span *s) {
  fprintf(fp, "%.10g,%.10g,%.10g,%.10g\n", s->Tp_min_K, s->Tp_max_K, s->rate_min_K_per_s,
          s->rate_max_K_per_s);
}

int vt_kissinger_write_csv(const vt_kissinger *k, const vt_rate_span *s, FILE *fp, vt_error *err) {
  if (!k || !s || !fp) return vt_fail(err, VT_EINVAL, "vt_kissinger_write_csv: NULL argument");
  fprintf(fp, "n,dE_J_per_mol,se_dE_J_per_mol,intercept,se_intercept,r2,");
  fprintf(fp, "Tp_min_K,Tp_max_K,rate_min_K_per_s,rate_max_K_per_s\n");
  fprintf(fp, "%zu,%.10g,%.6g,%.10g,%.6g,%.10g,", k->n, k->dE_J_per_mol, k->se_dE_J_per_mol,
          k->intercept, k->se_intercept, k->r2);
  span_values(fp, s);
  return vt_report_done(fp, err);
}

int vt_eyring_write_csv(const vt_eyring *e, const vt_rate_span *s, FILE *fp, vt_error *err) {
  if (!e || !s || !fp) return vt_fail(err, VT_EINVAL, "vt_eyring_write_csv: NULL argument");
  fprintf(fp, "n,H_J_per_mol,se_H_J_per_mol,S_J_per_mol_K,se_S_J_per_mol_K,r2,mean_Tp_K,");
  fprintf(fp, "kissinger_dE_J_per_mol,se_kissinger_dE_J_per_mol,H_plus_RTp_J_per_mol,");
  fprintf(fp, "dE_minus_H_plus_RTp_J_per_mol,Tp_min_K,Tp_max_K,rate_min_K_per_s,");
  fprintf(fp, "rate_max_K_per_s\n");
  fprintf(fp, "%zu,%.10g,%.6g,%.10g,%.6g,%.10g,%.10g,%.10g,%.6g,%.10g,%.6g,", e->n, e->H_J_per_mol,
          e->se_H_J_per_mol, e->S_J_per_mol_K, e->se_S_J_per_mol_K, e->r2, e->mean_Tp_K,
          e->kissinger_dE_J_per_mol, e->se_kissinger_dE_J_per_mol, e->H_plus_RTp_J_per_mol,
          e->kissinger_dE_J_per_mol - e->H_plus_RTp_J_per_mol);
  span_values(fp, s);
  return vt_report_done(fp, err);
}

int vt_rate_points_write_csv(const double *rate_K_per_s, const double *Tp_K,
                             const char *const *source, size_t n, int eyring, double a, double b,
                             FILE *fp, vt_error *err) {
  if (!rate_K_per_s || !Tp_K || !fp)
    return vt_fail(err, VT_EINVAL, "vt_rate_points_write_csv: NULL argument");
  const char *y = eyring ? "ln_rate_over_Tp3" : "ln_rate_over_Tp2";
  double power = eyring ? 3.0 : 2.0;
  fprintf(fp, "rate_K_per_s,Tp_K,inv_Tp_per_K,%s,fit_%s,source\n", y, y);
  for (size_t i = 0; i < n; i++) {
    double rate = rate_K_per_s[i], Tp = Tp_K[i];
    fprintf(fp, "%.10g,%.10g,%.10g,%.10g,%.10g,", rate, Tp, 1.0 / Tp, log(rate) - power * log(Tp),
            a + b / Tp);
    vt_csv_write_text(fp, source && source[i] ? source[i] : "");
    fputc('\n', fp);
  }
  return vt_report_done(fp, err);
}

int vt_kissinger_write_summary(const vt_kissinger *k, FILE *fp, vt_error *err) {
  if (!k || !fp) return vt_fail(err, VT_EINVAL, "vt_kissinger_write_summary: NULL argument");
  fprintf(fp, "  Kissinger, ln(rate/Tp^2) = -dE/(R Tp) + c   (rate in K/s, Tp in K)\n");
  fprintf(fp, "  dE   = %.4f +- %.4f kJ/mol\n", k->dE_J_per_mol / 1e3, k->se_dE_J_per_mol / 1e3);
  fprintf(fp, "  c    = %.6f +- %.6f\n  R^2  = %.8f\n", k->intercept, k->se_intercept, k->r2);
  return vt_report_done(fp, err);
}

int vt_eyring_write_summary(const vt_eyring *e, FILE *fp, vt_error *err) {
  if (!e || !fp) return vt_fail(err, VT_EINVAL, "vt_eyring_write_summary: NULL argument");
  fprintf(fp, "  Eyring (paper 000 Eq. 4), ln(rate/Tp^3) = -H*/(R Tp) + ln(k_B R/(h_P H*)) + "
              "S*/R\n");
  fprintf(fp, "  H*   = %.4f +- %.4f kJ/mol\n", e->H_J_per_mol / 1e3, e->se_H_J_per_mol / 1e3);
  fprintf(fp, "  S*   = %.3f +- %.3f J/(mol K)\n", e->S_J_per_mol_K, e->se_S_J_per_mol_K);
  fprintf(fp, "  R^2  = %.8f\n  <Tp> = %.3f K\n", e->r2, e->mean_Tp_K);
  fprintf(fp,
          "  check dE = H* + R Tp:  Kissinger dE = %.4f +- %.4f kJ/mol   H* + R<Tp> = %.4f "
          "kJ/mol   difference = %.4f kJ/mol\n",
          e->kissinger_dE_J_per_mol / 1e3, e->se_kissinger_dE_J_per_mol / 1e3,
          e->H_plus_RTp_J_per_mol / 1e3,
          (e->kissinger_dE_J_per_mol - e->H_plus_RTp_J_per_mol) / 1e3);
  return vt_report_done(fp, err);
}

int vt_rate_fit_write_csv(const vt_rate_fit *f, FILE *fp, vt_error *err) {
  if (!f) return vt_fail(err, VT_EINVAL, "vt_rate_fit_write_csv: NULL argument");
  return f->law == VT_RATE_EYRING ? vt_eyring_write_csv(&f->eyring, &f->span, fp, err)
                                  : vt_kissinger_write_csv(&f->kissinger, &f->span, fp, err);
}

int vt_rate_fit_write_summary(const vt_rate_fit *f, FILE *fp, vt_error *err) {
  if (!f || !fp) return vt_fail(err, VT_EINVAL, "vt_rate_fit_write_summary: NULL argument");
  const vt_rate_span *s = &f->span;
  fprintf(fp, "  Tp %.3f .. %.3f K at %g .. %g K/s\n", s->Tp_min_K, s->Tp_max_K,
          s->rate_min_K_per_s, s->rate_max_K_per_s);
  return f->law == VT_RATE_EYRING ? vt_eyring_write_summary(&f->eyring, fp, err)
                                  : vt_kissinger_write_summary(&f->kissinger, fp, err);
}

/* ---- loss peaks ------------------------------------------------------------------------------ */

int vt_loss_fit_write_csv(const vt_loss_fit *f, const double *T_max_K, const double *loss_max_Pa,
                          double freq_Hz, size_t n_points, FILE *fp, vt_error *err) {
  if (!f || !T_max_K || !loss_max_Pa || !fp)
    return vt_fail(err, VT_EINVAL, "vt_loss_fit_write_csv: NULL argument");
  fprintf(fp, "peak,kind,E_act_J_per_mol,se_E_act_J_per_mol,ln_tau0_s,se_ln_tau0,tau0_s,dE_Pa,"
              "se_dE_Pa,a,se_a,b,se_b,T_max_K,loss_max_Pa,background_Pa,se_background_Pa,"
              "rms_residual_Pa,r2,freq_Hz,n_points,iterations\n");
  for (size_t k = 0; k < f->n_peaks; k++) {
    const vt_loss_peak *p = &f->peaks[k];
    fprintf(fp, "%zu,%s,%.10g,%.6g,%.10g,%.6g,%.6g,%.10g,%.6g,%.10g,%.6g,%.10g,%.6g,", k + 1,
            p->havriliak_negami ? "hn" : "debye", p->E_act_J_per_mol, p->se_E_act_J_per_mol,
            p->ln_tau0_s, p->se_ln_tau0, exp(p->ln_tau0_s), p->dE_Pa, p->se_dE_Pa, p->a, p->se_a,
            p->b, p->se_b);
    fprintf(fp, "%.8g,%.8g,%.10g,%.6g,%.6g,%.10g,%.10g,%zu,%d\n", T_max_K[k], loss_max_Pa[k],
            f->background_Pa, f->se_background_Pa, f->rms_residual_Pa, f->r2, freq_Hz, n_points,
            f->iterations);
  }
  return vt_report_done(fp, err);
}

int vt_loss_fitted_write_csv(const vt_loss_sweep *s, const vt_loss_fit *f, double freq_Hz, FILE *fp,
                             vt_error *err) {
  if (!s || !f || !fp) return vt_fail(err, VT_EINVAL, "vt_loss_fitted_write_csv: NULL argument");
  if (f->n_peaks > 4) return vt_fail(err, VT_EINVAL, "%zu loss peaks (at most 4)", f->n_peaks);
  fprintf(fp, "T_K,T_C,loss_MPa,fit_MPa,residual_MPa");
  for (size_t k = 0; k < f->n_peaks; k++) fprintf(fp, ",peak%zu_MPa", k + 1);
  fprintf(fp, ",background_MPa\n");
  for (size_t i = 0; i < s->n; i++) {
    double term[4], T = s->T_K[i], y = s->loss_Pa[i];
    double total = vt_loss_fit_eval(freq_Hz, f, T, term);
    fprintf(fp, "%.10g,%.10g,%.10g,%.10g,%.6g", T, T - VT_ZERO_CELSIUS_K, y / 1e6, total / 1e6,
            (y - total) / 1e6);
    for (size_t k = 0; k < f->n_peaks; k++) fprintf(fp, ",%.10g", term[k] / 1e6);
    fprintf(fp, ",%.10g\n", f->background_Pa / 1e6);
  }
  return vt_report_done(fp, err);
}

/* An HN shape parameter; a standard error is NaN at the edge 1 of its box. */
static void print_shape(FILE *fp, const char *name, double v, double se) {
  fprintf(fp, "  %s       = %.5f", name, v);
  if (isnan(se))
    fprintf(fp, " +- nan (at the edge 1 of its box)\n");
  else
    fprintf(fp, " +- %.5f\n", se);
}

/* e^v as text, also where it under- or overflows a double (an alpha tau0 of 1e-400 s is what
 * a fit in ln tau0 can give). */
static const char *exp_text(double v, char *buf, size_t size) {
  double d = v / log(10.0), e = floor(d);
  if (fabs(v) < 700)
    snprintf(buf, size, "%.4g", exp(v));
  else
    snprintf(buf, size, "%.3fe%+.0f", pow(10.0, d - e), e);
  return buf;
}

int vt_loss_peak_write_summary(const vt_loss_peak *p, double T_max_K, double loss_max_Pa, FILE *fp,
                               vt_error *err) {
  if (!p || !fp) return vt_fail(err, VT_EINVAL, "vt_loss_peak_write_summary: NULL argument");
  char tau0[64];
  fprintf(fp, "  E_act   = %.4f +- %.4f kJ/mol\n", p->E_act_J_per_mol / 1e3,
          p->se_E_act_J_per_mol / 1e3);
  fprintf(fp, "  ln_tau0 = %.4f +- %.4f   (tau0 = %s s)\n", p->ln_tau0_s, p->se_ln_tau0,
          exp_text(p->ln_tau0_s, tau0, sizeof tau0));
  fprintf(fp, "  dE      = %.4f +- %.4f MPa\n", p->dE_Pa / 1e6, p->se_dE_Pa / 1e6);
  if (p->havriliak_negami) print_shape(fp, "a", p->a, p->se_a), print_shape(fp, "b", p->b, p->se_b);
  fprintf(fp, "  T_max   = %.2f K (%.2f C), E'' max %.4f MPa above the background\n", T_max_K,
          T_max_K - VT_ZERO_CELSIUS_K, loss_max_Pa / 1e6);
  return vt_report_done(fp, err);
}

int vt_loss_fit_write_summary(const vt_loss_fit *f, FILE *fp, vt_error *err) {
  if (!f || !fp) return vt_fail(err, VT_EINVAL, "vt_loss_fit_write_summary: NULL argument");
  fprintf(fp, "background = %.4f +- %.4f MPa\n", f->background_Pa / 1e6, f->se_background_Pa / 1e6);
  fprintf(fp, "rms        = %.6g MPa\nR^2        = %.8f\niterations = %d\n",
          f->rms_residual_Pa / 1e6, f->r2, f->iterations);
  return vt_report_done(fp, err);
}

int vt_loss_peak_write_note(const vt_loss_peak *p, size_t number, FILE *fp, vt_error *err) {
  if (!p || !fp) return vt_fail(err, VT_EINVAL, "vt_loss_peak_write_note: NULL argument");
  if (!p->undetermined) return VT_OK;
  fprintf(fp,
          "peak %zu's standard errors exceed its values (E_act %.4g +- %.4g kJ/mol, dE %.4g +- "
          "%.4g MPa): these data do not determine it%s\n",
          number, p->E_act_J_per_mol / 1e3, p->se_E_act_J_per_mol / 1e3, p->dE_Pa / 1e6,
          p->se_dE_Pa / 1e6,
          p->havriliak_negami ? "; at one frequency an HN term trades E_act against a" : "");
  return vt_report_done(fp, err);
}

int vt_loss_analysis_write_summary(const vt_loss_analysis *a, const vt_loss_start *starts,
                                   const char *const *names, FILE *fp, vt_error *err) {
  if (!a || !starts || !fp)
    return vt_fail(err, VT_EINVAL, "vt_loss_analysis_write_summary: NULL argument");
  for (size_t k = 0; k < a->fit.n_peaks && k < 4; k++) {
    const vt_loss_peak *p = &a->fit.peaks[k];
    fprintf(fp, "peak %zu: %s", k + 1, p->havriliak_negami ? "Havriliak-Negami" : "Debye");
    if (names) fprintf(fp, ", start %s", names[k]);
    if (starts[k].E_from_width)
      fprintf(fp, " (E_act from the width: %.1f kJ/mol)", starts[k].E_J_per_mol / 1e3);
    fputc('\n', fp);
    vt_loss_peak_write_summary(p, a->T_max_K[k], a->loss_max_Pa[k], fp, NULL);
  }
  return vt_loss_fit_write_summary(&a->fit, fp, err);
}
