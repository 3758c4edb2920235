/* The tables and summaries of the stress-relaxation analyses (paper 001), as vitrum kww writes
 * them (report.h). Stress is shown in MPa and strain in %, as in the DMA exports. */
#include <math.h>

#include "report_internal.h"
#include "vitrum/report.h"

double vt_relax_series_show(const vt_relax_series *s, double v, const char **unit) {
  if (!s) return NAN;
  if (unit) *unit = s->column == VT_DMA_STRESS ? "MPa" : s->column == VT_DMA_STRAIN ? "%" : "";
  return s->column == VT_DMA_STRESS ? v / 1e6 : s->column == VT_DMA_STRAIN ? 100 * v : v;
}

int vt_kww_fit_write_csv(const char *file, const vt_relax_series *s, const vt_kww_fit *f,
                         const vt_memory_peak *peak, FILE *fp, vt_error *err) {
  if (!file || !s || !f || !peak || !fp)
    return vt_fail(err, VT_EINVAL, "vt_kww_fit_write_csv: NULL argument");
  fprintf(fp, "file,column,kind,n,t_start_s,y0,se_y0,y_inf,se_y_inf,A,se_A,tau1_s,se_tau1_s,"
              "beta1,se_beta1,tau2_s,se_tau2_s,beta2,se_beta2,rms,r2,t_p_s,dsigma\n");
  vt_csv_write_text(fp, file);
  fprintf(fp,
          ",%s,%s,%zu,%.10g,%.8g,%.3g,%.8g,%.3g,%.8g,%.3g,%.8g,%.3g,%.8g,%.3g,%.8g,%.3g,"
          "%.8g,%.3g,%.4g,%.8f,%.6g,%.6g\n",
          vt_dma_column_name(s->column), f->kind == VT_KWW_DOUBLE ? "double" : "single", f->n,
          s->t_start_s, f->y0, f->se_y0, f->y_inf, f->se_y_inf, f->A, f->se_A, f->tau1_s,
          f->se_tau1_s, f->beta1, f->se_beta1, f->tau2_s, f->se_tau2_s, f->beta2, f->se_beta2,
          f->rms_residual, f->r2, peak->t_p_s, vt_relax_series_show(s, peak->dsigma_Pa, NULL));
  return vt_report_done(fp, err);
}

int vt_recovery_fit_write_csv(const char *file, const vt_relax_series *s, const vt_recovery_fit *r,
                              double eps1, FILE *fp, vt_error *err) {
  if (!file || !s || !r || !fp)
    return vt_fail(err, VT_EINVAL, "vt_recovery_fit_write_csv: NULL argument");
  fprintf(fp, "file,n,t_start_s,tau_rec_s,se_tau_rec_s,beta_rec,se_beta_rec,eps0_pct,"
              "se_eps0_pct,eps_inf_pct,se_eps_inf_pct,eps1_pct,recovery_fraction,"
              "se_recovery_fraction,rms_pct,r2\n");
  vt_csv_write_text(fp, file);
  fprintf(fp, ",%zu,%.10g,%.8g,%.3g,%.8g,%.3g,%.8g,%.3g,%.8g,%.3g,%.8g,%.8g,%.3g,%.4g,%.8f\n", r->n,
          s->t_start_s, r->tau_rec_s, r->se_tau_rec_s, r->beta_rec, r->se_beta_rec, 100 * r->eps0,
          100 * r->se_eps0, 100 * r->eps_inf, 100 * r->se_eps_inf, 100 * eps1, r->fraction,
          r->se_fraction, 100 * r->rms_residual, r->r2);
  return vt_report_done(fp, err);
}

int vt_kww_fitted_write_csv(const vt_relax_series *s, const vt_kww_fit *kww,
                            const vt_recovery_fit *rec, FILE *fp, vt_error *err) {
  if (!s || !fp || !kww == !rec)
    return vt_fail(err, VT_EINVAL, "vt_kww_fitted_write_csv: NULL series or file, or not one fit");
  double k = rec ? 100.0 : 1.0;
  fprintf(fp, rec ? "t_s,strain_pct,fit_pct,residual_pct\n" : "t_s,y,fit,residual\n");
  for (size_t i = 0; i < s->n; i++) {
    double t = s->t_s[i], y = s->y[i];
    double m = rec ? vt_recovery_fit_eval(rec, t) : vt_kww_eval(kww, t);
    fprintf(fp, "%.10g,%.10g,%.10g,%.6g\n", t, k * y, k * m, k * (y - m));
  }
  return vt_report_done(fp, err);
}

int vt_kww_taus_write_csv(const char *const *files, const vt_relax_curve *c, const vt_kww_fit *f,
                          size_t n, FILE *fp, vt_error *err) {
  if (!files || !c || !f || !fp)
    return vt_fail(err, VT_EINVAL, "vt_kww_taus_write_csv: NULL argument");
  fprintf(fp, "file,T_K,tau_s,se_tau_s,beta,se_beta\n");
  for (size_t k = 0; k < n; k++) {
    vt_csv_write_text(fp, files[k] ? files[k] : "");
    fprintf(fp, ",%.8g,%.8g,%.3g,%.6g,%.3g\n", c[k].T_K, f[k].tau1_s, f[k].se_tau1_s, f[k].beta1,
            f[k].se_beta1);
  }
  return vt_report_done(fp, err);
}

int vt_arrhenius_windows_write_csv(const double *t_w_s, const vt_arrhenius_fit *a, size_t n,
                                   FILE *fp, vt_error *err) {
  if (!t_w_s || !a || !fp)
    return vt_fail(err, VT_EINVAL, "vt_arrhenius_windows_write_csv: NULL argument");
  fprintf(fp, "t_w_s,Ea_kJ_per_mol,se_Ea_kJ_per_mol,ln_tau0_s,r2\n");
  for (size_t k = 0; k < n; k++)
    fprintf(fp, "%.8g,%.8g,%.3g,%.8g,%.8f\n", t_w_s[k], a[k].Ea_J_per_mol / 1e3,
            a[k].se_Ea_J_per_mol / 1e3, a[k].ln_tau0_s, a[k].r2);
  return vt_report_done(fp, err);
}

int vt_tp_tau_fit_write_csv(const vt_tp_tau_fit *f, size_t n, FILE *fp, vt_error *err) {
  if (!f || !fp) return vt_fail(err, VT_EINVAL, "vt_tp_tau_fit_write_csv: NULL fit or file");
  fprintf(fp, "n,intercept_s,se_intercept_s,slope,se_slope,r2\n%zu,%.8g,%.3g,%.8g,%.3g,%.8f\n", n,
          f->intercept_s, f->se_intercept_s, f->slope, f->se_slope, f->r2);
  return vt_report_done(fp, err);
}

int vt_tp_tau_points_write_csv(const double *tau_rec_s, const double *t_p_s, size_t n, FILE *fp,
                               vt_error *err) {
  if (!tau_rec_s || !t_p_s || !fp)
    return vt_fail(err, VT_EINVAL, "vt_tp_tau_points_write_csv: NULL argument");
  fprintf(fp, "tau_rec_s,t_p_s\n");
  for (size_t i = 0; i < n; i++) fprintf(fp, "%.10g,%.10g\n", tau_rec_s[i], t_p_s[i]);
  return vt_report_done(fp, err);
}

/* ---- summaries ------------------------------------------------------------------------------- */

int vt_kww_fit_write_summary(const char *file, const vt_relax_series *s, const vt_kww_fit *f,
                             const vt_memory_peak *peak, int show_ends, FILE *fp, vt_error *err) {
  if (!file || !s || !f || !peak || !fp)
    return vt_fail(err, VT_EINVAL, "vt_kww_fit_write_summary: NULL argument");
  const char *col = vt_dma_column_name(s->column), *unit;
  double v0 = vt_relax_series_show(s, s->value0, &unit);
  fprintf(fp, "%s: %s from t = %.8g s (%zu points), %s0 = %.6g %s; t' = t - %.8g s\n", file, col,
          s->t_start_s, s->n, col, v0, unit, s->t_start_s);
  if (f->kind == VT_KWW_DOUBLE)
    fprintf(fp,
            "  double KWW: A = %.5g +- %.2g\n  tau1 = %.6g +- %.2g s, beta1 = %.5g +- %.2g\n"
            "  tau2 = %.6g +- %.2g s, beta2 = %.5g +- %.2g\n",
            f->A, f->se_A, f->tau1_s, f->se_tau1_s, f->beta1, f->se_beta1, f->tau2_s, f->se_tau2_s,
            f->beta2, f->se_beta2);
  else
    fprintf(fp, "  KWW: tau = %.6g +- %.2g s, beta = %.5g +- %.2g\n", f->tau1_s, f->se_tau1_s,
            f->beta1, f->se_beta1);
  if (show_ends)
    fprintf(fp, "  y0 = %.6g +- %.2g, y_inf = %.6g +- %.2g\n", f->y0, f->se_y0, f->y_inf,
            f->se_y_inf);
  fprintf(fp, "  rms residual %.3g, R^2 %.6f, %d starts\n", f->rms_residual, f->r2, f->n_starts);
  if (peak->found)
    fprintf(fp, "  memory peak of the data: t_p = %.5g s, dsigma = %.5g %s (%.3g of %s0)\n",
            peak->t_p_s, vt_relax_series_show(s, peak->dsigma_Pa, NULL), unit,
            peak->dsigma_Pa / peak->sigma0_Pa, col);
  if (peak->found && f->kind == VT_KWW_SINGLE)
    fprintf(fp, "  note: the curve rises before it falls, which one KWW cannot follow: --double\n");
  return vt_report_done(fp, err);
}

int vt_recovery_fit_write_summary(const char *file, const vt_relax_series *s,
                                  const vt_recovery_fit *r, double eps1, FILE *fp, vt_error *err) {
  if (!file || !s || !r || !fp)
    return vt_fail(err, VT_EINVAL, "vt_recovery_fit_write_summary: NULL argument");
  fprintf(fp, "%s: strain recovery from t = %.8g s (%zu points)\n", file, s->t_start_s, s->n);
  fprintf(fp, "  tau_rec = %.6g +- %.2g s, beta_rec = %.5g +- %.2g\n", r->tau_rec_s,
          r->se_tau_rec_s, r->beta_rec, r->se_beta_rec);
  fprintf(fp, "  eps(0) = %.6g +- %.2g %%, eps_an(inf) = %.6g +- %.2g %%\n", 100 * r->eps0,
          100 * r->se_eps0, 100 * r->eps_inf, 100 * r->se_eps_inf);
  if (isfinite(eps1))
    fprintf(fp, "  eps1 = %.6g %%: recovered fraction 1 - eps_an(inf)/eps1 = %.5f +- %.2g\n",
            100 * eps1, r->fraction, r->se_fraction);
  else
    fprintf(fp, "  (give --eps1 for the recovered fraction)\n");
  fprintf(fp, "  rms residual %.3g %%, R^2 %.6f\n", 100 * r->rms_residual, r->r2);
  return vt_report_done(fp, err);
}

int vt_arrhenius_kww_write_summary(const char *const *files, const vt_relax_curve *c,
                                   const vt_kww_fit *f, size_t n, const vt_arrhenius_fit *a,
                                   const double *t_w_s, size_t n_window, FILE *fp, vt_error *err) {
  if (!a || !fp || (n_window ? !t_w_s : !files || !c || !f))
    return vt_fail(err, VT_EINVAL, "vt_arrhenius_kww_write_summary: NULL argument");
  for (size_t k = 0; !n_window && k < n; k++)
    fprintf(fp, "%s: T = %.6g K, tau = %.6g +- %.2g s, beta = %.4g +- %.2g\n", files[k], c[k].T_K,
            f[k].tau1_s, f[k].se_tau1_s, f[k].beta1, f[k].se_beta1);
  for (size_t k = 0; k < (n_window ? n_window : 1); k++) {
    if (n_window) fprintf(fp, "t_w = %g s: ", t_w_s[k]);
    fprintf(fp,
            "Ea = %.6g +- %.2g kJ/mol, ln tau0 = %.6g +- %.2g (tau0 in s), R^2 %.6f (%zu "
            "temperatures)\n",
            a[k].Ea_J_per_mol / 1e3, a[k].se_Ea_J_per_mol / 1e3, a[k].ln_tau0_s, a[k].se_ln_tau0,
            a[k].r2, a[k].n);
  }
  return vt_report_done(fp, err);
}

int vt_tp_tau_fit_write_summary(const char *file, const vt_tp_tau_fit *f, size_t n, FILE *fp,
                                vt_error *err) {
  if (!file || !f || !fp)
    return vt_fail(err, VT_EINVAL, "vt_tp_tau_fit_write_summary: NULL argument");
  fprintf(fp, "%s: t_p = (%.6g +- %.2g s) + (%.6g +- %.2g) tau_rec, R^2 = %.5f (%zu points)\n",
          file, f->intercept_s, f->se_intercept_s, f->slope, f->se_slope, f->r2, n);
  return vt_report_done(fp, err);
}
