/* The gnuplot pictures of vitrum kww, drawn from the tables the command wrote (the tables and
 * summaries are the library's: report.h). */
#ifndef VT_CLI_KWW_REPORT_H
#define VT_CLI_KWW_REPORT_H

#include <stdio.h>

#include "vitrum/visco.h"

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
