/* The results of vitrum kww for people (kww_report.h). */
#include "kww_report.h"

#include <math.h>

#include "cli.h"
#include "vitrum/constants.h"

#define CMD "kww"

double kww_show(const vt_relax_series *s, double v, const char **unit) {
  if (unit) *unit = s->column == VT_DMA_STRESS ? "MPa" : s->column == VT_DMA_STRAIN ? "%" : "";
  return s->column == VT_DMA_STRESS ? v / 1e6 : s->column == VT_DMA_STRAIN ? 100 * v : v;
}

void kww_print_fit(FILE *fp, const char *file, const vt_relax_series *s, const vt_kww_fit *f,
                   const vt_memory_peak *peak, int show_ends) {
  const char *col = vt_dma_column_name(s->column), *unit;
  double v0 = kww_show(s, s->value0, &unit);
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
            peak->t_p_s, kww_show(s, peak->dsigma_Pa, NULL), unit,
            peak->dsigma_Pa / peak->sigma0_Pa, col);
  if (peak->found && f->kind == VT_KWW_SINGLE)
    fprintf(fp, "  note: the curve rises before it falls, which one KWW cannot follow: --double\n");
}

void kww_print_recovery(FILE *fp, const char *file, const vt_relax_series *s,
                        const vt_recovery_fit *r, double eps1) {
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
}

int kww_plot_fit(const char *picture, const char *fitted, const char *column, const char *ylabel,
                 const char *fit) {
  char body[2048], q[1024], qc[256];
  snprintf(body, sizeof body,
           "data = '%s'\nset multiplot layout 2,1 title 'vitrum kww: %s'\nset grid\n"
           "set key top left\nset logscale x\nset format x '10^{%%L}'\nset xlabel \"t' (s)\"\n"
           "set ylabel '%s'\n"
           "plot data skip 1 using ($1 > 0 ? $1 : 1/0):2 with points pt 7 ps 0.5 title 'data', "
           "data skip 1 using ($1 > 0 ? $1 : 1/0):3 with lines lw 2 title '%s'\n"
           "set ylabel 'residual'\nplot data skip 1 using ($1 > 0 ? $1 : 1/0):4 with points "
           "pt 7 ps 0.5 notitle\nunset multiplot\n",
           cli_gp_quote(fitted, q, sizeof q), cli_gp_name(column, qc, sizeof qc), ylabel, fit);
  return cli_plot(CMD, picture, body);
}

int kww_plot_arrhenius(const char *picture, const char *table, int windowed,
                       const vt_arrhenius_fit *a) {
  char body[2048], q[1024];
  if (windowed)
    snprintf(body, sizeof body,
             "data = '%s'\nset grid\nset key off\nset logscale x\nset xlabel 't_w (s)'\n"
             "set ylabel 'E_a (kJ/mol)'\nplot data skip 1 using 1:2:3 with yerrorlines pt 7\n",
             cli_gp_quote(table, q, sizeof q));
  else
    snprintf(body, sizeof body,
             "data = '%s'\nset grid\nset xlabel '1000/T (1/K)'\nset ylabel 'ln {/Symbol t} (s)'\n"
             "f(x) = %.10g + %.10g * x / 1000\nplot data skip 1 using (1000/$2):(log($3)) with "
             "points pt 7 title 'KWW {/Symbol t}', f(x) title 'E_a = %.4g kJ/mol'\n",
             cli_gp_quote(table, q, sizeof q), a->ln_tau0_s,
             a->Ea_J_per_mol / VT_GAS_CONSTANT_J_PER_MOL_K, a->Ea_J_per_mol / 1e3);
  return cli_plot(CMD, picture, body);
}

int kww_plot_regression(const char *picture, const char *points, const vt_tp_tau_fit *f) {
  char body[2048], q[1024];
  snprintf(body, sizeof body,
           "data = '%s'\nset grid\nset key top left\nset xlabel '{/Symbol t}_{rec} (s)'\n"
           "set ylabel 't_p (s)'\nf(x) = %.10g + %.10g * x\nplot data skip 1 using 1:2 with "
           "points pt 7 title 'data', f(x) title 't_p = %.4g s + %.4g {/Symbol t}_{rec}, "
           "R^2 = %.3f'\n",
           cli_gp_quote(points, q, sizeof q), f->intercept_s, f->slope, f->intercept_s, f->slope,
           f->r2);
  return cli_plot(CMD, picture, body);
}
