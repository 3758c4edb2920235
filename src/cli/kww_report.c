/* The results of vitrum kww for people (kww_report.h). */
#include "kww_report.h"

#include "cli.h"
#include "vitrum/constants.h"

#define CMD "kww"

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
