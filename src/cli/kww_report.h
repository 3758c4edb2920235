/* The results of vitrum kww for people: the summaries with standard errors, and the gnuplot
 * pictures drawn from the tables the command wrote. */
#ifndef VT_CLI_KWW_REPORT_H
#define VT_CLI_KWW_REPORT_H

#include <stdio.h>

#include "vitrum/visco.h"

/* A value of the series' column as shown: stress in MPa, strain in %, y as it is; *unit (when
 * unit is not NULL) the unit shown. */
double kww_show(const vt_relax_series *s, double value, const char **unit);
/* The relaxation fit of `file` (y0 and y_inf too when show_ends), and the data's memory peak. */
void kww_print_fit(FILE *fp, const char *file, const vt_relax_series *s, const vt_kww_fit *f,
                   const vt_memory_peak *peak, int show_ends);
/* The recovery fit of `file`; eps1 NaN: no recovered fraction. */
void kww_print_recovery(FILE *fp, const char *file, const vt_relax_series *s,
                        const vt_recovery_fit *r, double eps1);

/* Data and fit against t' (log axis) over the residuals, from a t_s,y,fit,residual table;
 * `column` names the fitted column in the title, `ylabel` the y axis, `fit` the fitted curve. */
int kww_plot_fit(const char *picture, const char *fitted, const char *column, const char *ylabel,
                 const char *fit);
/* ln tau against 1000/T with the fitted line (a table file,T_K,tau_s,...), or, windowed, Ea
 * against t_w (a table t_w_s,Ea_kJ_per_mol,se_Ea_kJ_per_mol,...). */
int kww_plot_arrhenius(const char *picture, const char *table, int windowed,
                       const vt_arrhenius_fit *a);
/* t_p against tau_rec with the regression line, from a tau_rec_s,t_p_s table. */
int kww_plot_regression(const char *picture, const char *points, const vt_tp_tau_fit *f);

#endif
