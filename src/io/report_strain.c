/* The tables of a two-step strain sweep (paper 001), as vitrum strain writes them while the
 * sweep runs (report.h). */
#include <math.h>

#include "report_internal.h"
#include "vitrum/report.h"

int vt_two_step_curve_csv_header(FILE *fp) {
  return vt_report_header(fp, "run,eps1_pct,eps2_pct,t_w_s,T_K,t2_s,stress_MPa\n");
}

int vt_two_step_curve_write_csv(size_t run, const vt_two_step *s, const vt_memory_curve *m,
                                FILE *fp, vt_error *err) {
  if (!s || !m || !fp) return vt_fail(err, VT_EINVAL, "vt_two_step_curve_write_csv: NULL argument");
  for (size_t i = 0; i < m->n; i++)
    fprintf(fp, "%zu,%.6g,%.6g,%.6g,%.6g,%.8g,%.8g\n", run, 100 * s->eps1, 100 * s->eps2, s->t_w_s,
            s->T_K, m->t2_s[i], m->stress_Pa[i] / 1e6);
  return vt_report_done(fp, err);
}

int vt_two_step_row_csv_header(FILE *fp) {
  return vt_report_header(fp, "run,eps1_pct,eps2_pct,t_w_s,T_K,sigma_w_MPa,sigma0_MPa,"
                              "sigma_peak_MPa,dsigma_MPa,t_p_s,tau_rec_s,beta_rec,eps_vp_pct,"
                              "recovery_fraction\n");
}

int vt_two_step_row_write_csv(size_t run, const vt_two_step *s, const vt_memory_curve *m,
                              const vt_recovery_summary *rec, FILE *fp, vt_error *err) {
  if (!s || !fp) return vt_fail(err, VT_EINVAL, "vt_two_step_row_write_csv: NULL argument");
  const vt_memory_peak *p = m ? &m->peak : NULL;
  fprintf(fp, "%zu,%.6g,%.6g,%.6g,%.6g,%.8g,%.8g,%.8g,%.8g,%.6g,%.6g,%.6g,%.6g,%.6g\n", run,
          100 * s->eps1, 100 * s->eps2, s->t_w_s, s->T_K, m ? m->sigma_w_Pa / 1e6 : NAN,
          p ? p->sigma0_Pa / 1e6 : NAN, p ? p->sigma_peak_Pa / 1e6 : NAN,
          p ? p->dsigma_Pa / 1e6 : NAN, p ? p->t_p_s : NAN, rec ? rec->tau_rec_s : NAN,
          rec ? rec->beta_rec : NAN, rec ? 100 * rec->strain_vp : NAN, rec ? rec->fraction : NAN);
  return vt_report_done(fp, err);
}

int vt_strain_trace_write_summary(const vt_strain_trace *tr, const char *prefix, FILE *fp,
                                  vt_error *err) {
  if (!tr || !fp || tr->n == 0)
    return vt_fail(err, VT_EINVAL, "vt_strain_trace_write_summary: NULL argument or no points");
  size_t e = tr->n - 1;
  fprintf(fp,
          "%s%zu points over %g s at %g K; at the end strain %.6g %%, stress %.6g MPa, "
          "viscoplastic strain %.6g %%\n",
          prefix ? prefix : "", tr->n, tr->time_s[e], tr->T_K, 100 * tr->strain[e],
          tr->stress_Pa[e] / 1e6, 100 * tr->strain_vp[e]);
  return vt_report_done(fp, err);
}
