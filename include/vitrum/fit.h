/* vitrum fit: model parameters fitted to enthalpy-recovery data and DSC curves (paper 000's
 * TNM fit, for any model). GSL's trust-region least squares on transformed parameters, a
 * multi-start global strategy, standard errors and correlations from the covariance. */
#ifndef VITRUM_FIT_H
#define VITRUM_FIT_H

#include <stddef.h>

#include "calorimetry.h"
#include "core.h"
#include "dsc.h"
#include "model.h"
#include "options.h"
#include "program.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One enthalpy-recovery measurement: annealed at T1 for t1 (single step: T2 NaN), or then at T2
 * for t2 (two step); dh is the enthalpy released relative to the as-cooled glass, J/mol;
 * sigma its uncertainty (NaN: unknown, all points weighted alike). */
typedef struct vt_dh_point {
  double T1_K, t1_s, T2_K, t2_s;
  double dh_J_per_mol, sigma_J_per_mol;
  long line; /* source line, for messages */
} vt_dh_point;

/* A measured Cp_N(T) heating curve with its whole thermal history: `program` ends with the
 * heating ramp the curve was measured on (owned by the data set). */
typedef struct vt_cpn_curve {
  char *name;
  vt_program *program;
  size_t n;
  double *T_K, *CpN, *sigma; /* sigma may be NULL */
} vt_cpn_curve;

typedef struct vt_fit_data {
  size_t n_dh;
  vt_dh_point *dh;
  size_t n_curves;
  vt_cpn_curve *curves;
} vt_fit_data;

VT_API void vt_fit_data_free(vt_fit_data *data);

/* Read enthalpy-recovery tables: CSV with a header naming T1_K (or T1_C), t1_s, optional T2_K
 * (or T2_C) and t2_s (empty cells: single step), dh_J_per_mol (or dh_kJ_per_mol), optional
 * sigma_J_per_mol; '#' comments. Rows are appended to `data`. */
VT_API int vt_read_dh_table(const char *path, vt_fit_data *data, vt_error *err);
/* The same, and dh (and sigma) may also be given per mass (dh_J_per_g, dh_J_per_kg,
 * dh_kJ_per_kg), as DSC software exports them: converted to J/mol with the molar mass (kg/mol;
 * of the formula unit the model's dCp refers to). A per-mass column without a molar mass
 * (NaN or <= 0) is an error that says so. */
VT_API int vt_read_dh_table_mass(const char *path, double molar_mass_kg_per_mol, vt_fit_data *data,
                                 vt_error *err);

/* A Cp_N(T) curve (CSV: T_K or T_C, CpN, optional sigma) measured on the last ramp of a program
 * file, which must heat; every T must lie on that ramp. Appended to data->curves, named after
 * the CSV file. `lines` (may be NULL) receives the source line of each point (caller frees).
 * On error data is unchanged. */
VT_API int vt_read_cpn_curve(const char *csv_path, const char *program_path, vt_fit_data *data,
                             long **lines, vt_error *err);

/* How the model's dh is read: as paper 000 does (the state at the end of the anneal against the
 * as-cooled glass at that temperature; fast), or as a DSC reads it (after a quench to T_low). */
typedef enum vt_dh_reading { VT_DH_STATE = 0, VT_DH_DSC = 1 } vt_dh_reading;

typedef struct vt_fit_options {
  const char *const *free_names; /* parameters to fit, by table name; the rest stay fixed */
  size_t n_free;
  const double *lower, *upper; /* per free parameter (SI); NULL or NaN: the table's bounds */
  int n_starts;                /* 1 + (n_starts - 1) Latin-hypercube starts (default 8) */
  int seed;                    /* for the Latin hypercube (>= 0) */
  int max_iterations;          /* per start (default 200) */
  int threads;                 /* OpenMP threads for the protocols (0: all) */
  vt_dh_reading reading;
  double jump_rate_K_per_s; /* T1 -> T2 (0: the DSC quench rate) */
  vt_dsc_options dsc;       /* T_eq, R_c, T_low, grid */
  /* Called after each iteration of each start (may be NULL). */
  void (*progress)(void *ctx, int start, int n_starts, int iteration, double chi2);
  void *progress_ctx;
  /* A prefactor and its activation enthalpy (TNM's A and dh, both free or A alone) are fitted
   * as ln tau_ref = ln A + dh/(R T_ref), the equilibrium ln tau at T_ref, and dh: the data fix
   * tau where they were measured, so ln A and dh alone form a valley (r ~ -0.9999) in which the
   * solver crawls, while ln tau_ref and dh are nearly independent. A is reported, derived, with
   * its standard error from the covariance; tau_ref is reported too. */
  double T_ref_K;                          /* 0: the data's mean temperature */
  double tau_ref_lower_s, tau_ref_upper_s; /* bounds of tau_ref (0: 1e-9 s and 1e15 s) */
  int fit_ln_A;            /* 1: fit ln A itself (also when A has bounds in `lower`/`upper`) */
  int max_model_runs;      /* budget over all starts (0: none); the best point so far is kept */
  double max_seconds;      /* wall-time budget (0: none) */
  int confirmations;       /* stop once this many starts reach the lowest chi^2 (0: run all) */
  double ftol, xtol, gtol; /* convergence: relative chi^2 change (with xtol on the step),
                              step relative to the parameters, scaled gradient (see .c) */
  /* Jacobians: forward sensitivities of the state (TNM's dTf/dp carried through the Prony
   * recursion, the units model's per unit; one run per Jacobian) for dh points and Cp_N curves,
   * a fitted dh offset included; 1: finite differences (p runs per Jacobian; always used for
   * other models and for parameters without a sensitivity, such as n_units). */
  int fd_jacobian;
  /* dh relative to a reference state other than the model's as-cooled glass (conventional DSC
   * reads dh against a reference scan whose history may differ): dh_offset_J_per_mol is added
   * to every model dh; with fit_dh_offset the data's offset is fitted too, as the weighted mean
   * of the dh residuals at every step (a linear parameter profiled out, so the other standard
   * errors are the marginal ones), reported in the result with its standard error. Curves are
   * not offset. */
  double dh_offset_J_per_mol;
  int fit_dh_offset;
} vt_fit_options;

VT_API vt_fit_options vt_fit_options_default(void);
/* The option table of vt_fit_options (options.h; static, *n rows, NULL when n is NULL), in the
 * order `vitrum fit --help` shows them: dh_offset, fit_dh_offset (flag); starts, seed, max_iter,
 * max_runs (ints), max_time (s), T_ref (K); jacobian (sens|fd), threads, reading (state|dsc),
 * jump_rate (K/s). The names are the Python keywords and, '_' as '-', the CLI's flags. Rows for
 * the fields a caller sets in code (free names, bounds, progress, tolerances, dsc) are not in
 * it; the DSC's are vt_dsc_option_table's. */
VT_API const vt_option *vt_fit_option_table(size_t *n);

typedef struct vt_fit_result {
  size_t n_free, n_data, dof;
  char (*names)[32];
  double *value, *se;  /* SI; se NaN where a parameter sits on a bound */
  double *correlation; /* n_free x n_free, row major */
  double chi2, chi2_dof;
  int weighted;          /* 1 when every point has a sigma (chi2 is then a true chi^2) */
  long model_runs;       /* simulations of a protocol group, all starts together */
  long sensitivity_runs; /* of those, the ones that carried forward sensitivities */
  int iterations, best_start, n_starts;
  double max_abs_correlation;
  double *predicted, *residual; /* per data point, dh points first then curve points */
  char message[256];            /* why the best start stopped: the criterion met or failed */
  int converged;                /* 0: no start converged, the values are the best point reached */
  double T_ref_K;               /* > 0: A was fitted as tau_ref = tau(T_ref) (see the options) */
  double tau_ref_s, tau_ref_se_s;
  double *correlation_fitted; /* n_free x n_free in the fitted basis (tau_ref in A's place) */
  double max_abs_correlation_fitted;
  char warnings[1024]; /* one per line: parameters at a bound, implausible values (with the
                          limits), fitted pairs correlated above 0.99; empty when none */
  /* With fit_dh_offset: the offset (the options' plus the fitted part) and its standard error
   * (dof counts it: one fewer). */
  int dh_offset_fitted;
  double dh_offset_J_per_mol, dh_offset_se_J_per_mol;
} vt_fit_result;

/* Fit. The model supplies the starting values and fixed parameters and is left holding the best
 * values. Errors: too few data for the free parameters, NaN data, unknown names, a start outside
 * its bounds, a protocol that cannot be simulated (no result is filled), and VT_ENOCONV when no
 * start converged within its iterations or the budget: the result then holds the best point
 * reached with converged = 0 and the failed criterion in `message` (free it as usual). */
VT_API int vt_fit_run(vt_model *model, const vt_fit_data *data, const vt_fit_options *opts,
                      vt_fit_result *result, vt_error *err);
VT_API void vt_fit_result_free(vt_fit_result *result);

/* The model's prediction for every data point (same order as the result's), for plots and for
 * generating synthetic data. `predicted` holds n_dh + sum of curve lengths values. */
VT_API int vt_fit_predict(vt_model *model, const vt_fit_data *data, const vt_fit_options *opts,
                          double *predicted, vt_error *err);

/* ---- Setting a fit up ------------------------------------------------------------------ */

/* The free parameters of a fit and their bounds, by the model's table names. Zero-initialise;
 * vt_fit_params_use points a vt_fit_options at them (keep this struct alive while fitting). */
#define VT_FIT_MAX_FREE 64
typedef struct vt_fit_params {
  size_t n;
  char names[VT_FIT_MAX_FREE][32];
  const char *name[VT_FIT_MAX_FREE];                     /* name[k] = names[k] */
  double lower[VT_FIT_MAX_FREE], upper[VT_FIT_MAX_FREE]; /* SI; NaN: the table's bounds */
} vt_fit_params;

/* Add the parameters of a list ("A,dh x": commas or spaces) checked against the model's table:
 * an unknown name (the message lists the table), a name given twice or an empty set is an
 * error, and on error `params` is as before. */
VT_API int vt_fit_params_add(vt_fit_params *params, const vt_model *model, const char *list,
                             vt_error *err);
/* Bounds of a free parameter, "NAME=LO,HI UNIT" ('dh=100,250 kJ/mol'; LO takes HI's unit when
 * it has none): LO < HI, inside the table's bounds, around the model's current value (the
 * start), and one bound per parameter. */
VT_API int vt_fit_params_bound(vt_fit_params *params, const vt_model *model, const char *spec,
                               vt_error *err);
/* Set opts->free_names, n_free, lower and upper to point into `params`. */
VT_API void vt_fit_params_use(const vt_fit_params *params, vt_fit_options *opts);

/* What vt_fit_run would reject or weigh wrongly, said before a long fit: some points with a
 * sigma and others without (a weighted fit would count the latter as sigma = 1 J/mol), a
 * temperature at or above T_eq (the protocols start there) or, with the DSC reading, at or
 * below T_low. Messages name a point as dh_file[i]:line (dh_file may be NULL: "point i").
 * *unweighted_mix is set to 1 when dh points and Cp_N curves are both unweighted, so their
 * residuals (J/mol and dimensionless) are summed as they are and the curves barely count. */
VT_API int vt_fit_data_check(const vt_fit_data *data, const vt_fit_options *opts,
                             const char *const *dh_file, int *unweighted_mix, vt_error *err);

/* ---- Straight from the instrument: measured heating scans -------------------------------- */

/* The thermal history of one analysed scan: a program (the whole history from equilibrium; it
 * may end with the heating ramp the scan was measured on, else that ramp is appended at the
 * scan's measured rate, up to the program's start or the scan's last point, the higher), or a
 * one-step ageing method: equilibrium at T_eq, cooled at R_c to T_age, held t_age_s (0: an unaged
 * reference), cooled at R_c to T_low, heated at the scan's rate back to T_eq. With no program and
 * t_age_s NaN the scan has no history (an error). */
typedef struct vt_scan_history {
  const vt_program *program; /* caller's; copied */
  double t_age_s;
} vt_scan_history;

typedef struct vt_scan_fit_options {
  double T_age_K;           /* the ageing temperature of the one-step method */
  double T_eq_K;            /* equilibrium start (0: the liquid window's upper end) */
  double cool_rate_K_per_s; /* R_c (0: each scan's own heating rate, as Flash DSC methods cool
                               and heat alike; the export holds only the heating scans) */
  double T_low_K;           /* the cooling ends and the scan starts here (0: the scan's first
                               analysed temperature) */
  int max_points;           /* per curve, spread evenly over its points (0: all; default 200) */
  int weighted; /* 1: sigma of Cp_N = the curve's noise (the rms scatter about its own glass
                   and liquid lines, mean of the two) / the step at each T; 0 (default): no
                   sigma, the standard errors then come from the scatter about the fit */
} vt_scan_fit_options;

VT_API vt_scan_fit_options vt_scan_fit_options_default(void);
/* The option table of vt_scan_fit_options (static, *n rows, NULL when n is NULL): T_age (K, > 0),
 * points (max_points, 0 to 1000000) and weights (weighted: scatter|noise). T_eq, T_low and
 * cool_rate come from the DSC options (vt_fit_scans_quench), so they have no rows here. */
VT_API const vt_option *vt_scan_fit_option_table(size_t *n);

/* Fit data from a calorimetry result (vt_cal_analyse): each result curve becomes a Cp_N curve,
 * Cp_N = (y - glass) / (liquid - glass) with y the curve after its correction to the
 * reference's lines and glass, liquid the reference's lines (without a reference: the curve's
 * own), between the glass window's start and the liquid window's end; its program is its
 * history (histories[i] for result curve i, n_histories == cal->n), ending with the heating
 * ramp. Curve names say the segment and the ageing time. Errors (VT_EINVAL): counts that differ,
 * a curve without a history, a program that does not start above the scan or ends above its
 * start; data is zeroed first and holds nothing after an error. */
VT_API int vt_fit_data_from_scans(const vt_cal_result *cal, const vt_scan_history *histories,
                                  size_t n_histories, const vt_scan_fit_options *opts,
                                  vt_fit_data *data, vt_error *err);

/* The fit's standard errors count the scatter of the Cp_N points about the fit; the glass and
 * liquid lines every curve is normalised by (the reference's, shared by all) carry an
 * uncertainty of their own that no number of points averages away. This adds it: the lines'
 * covariances (cal, the result the data were built from) carried to the parameters through
 * dp = (J^T J)^-1 J^T (dCp_N / d line) d line, J by forward differences at the model's values
 * (the fit's best point; p more predictions). Updates result->se, correlation and
 * max_abs_correlation (the fitted basis's and tau_ref's are left as the fit gave them). */
VT_API int vt_fit_scans_line_errors(vt_model *model, const vt_fit_data *data,
                                    const vt_fit_options *opts, const vt_cal_result *cal,
                                    vt_fit_result *result, vt_error *err);

/* Moynihan's equal-area fictive temperature of a normalised Cp_N(T) curve (0 on the glass, 1 on
 * the liquid at its ends): Tf = T_n - int_{T_1}^{T_n} Cp_N dT (trapezoids). NaN for NULL or
 * n < 2. The same reading of measured and fitted curves tells whether the model orders the
 * scans as the data do. */
VT_API double vt_cpn_fictive_temperature(const double *T_K, const double *CpN, size_t n);

/* ---- Around the scans' data (fit_scans_setup.c) -------------------------------------------- */

/* The histories of cal's curves for vt_fit_data_from_scans (histories: cal->n of them, the
 * caller's): with `programs` (cal->n of them, the caller's; kept by pointer) each curve's
 * program; else a one-step method's ageing times, the curves whose set index is one of
 * `references` unaged and the others ages_s[0..n_ages) in order (VT_EINVAL when their number
 * is not n_ages). */
VT_API int vt_fit_scans_histories(const vt_cal_result *cal, const size_t *references,
                                  size_t n_references, const double *ages_s, size_t n_ages,
                                  const vt_program *const *programs, vt_scan_history *histories,
                                  vt_error *err);
/* Where each point of data (made from cal by vt_fit_data_from_scans) lies in the export `set`
 * was read from (cal was analysed from): lines[c] (data->n_curves of them, the caller's) gets
 * a malloc'd array of curve c's points' file lines (0 where a point is not the file's; caller
 * frees each). After an error every lines[c] is NULL. */
VT_API int vt_fit_scans_source_lines(const vt_fit_data *data, const vt_cal_result *cal,
                                     const vt_curve_set *set, long **lines, vt_error *err);
/* The fitter's own as-cooled quench (vt_fit_run reads dh and the glass against it) on the
 * scans' temperatures: sets dsc->T_eq_K and cool_rate_K_per_s to opts' where given (> 0), else
 * to the liquid window's end and the first curve's rate, and dsc->T_low_K to the lowest start
 * of the curves' heating ramps (the end of each program's last segment but one). */
VT_API int vt_fit_scans_quench(const vt_fit_data *data, const vt_cal_result *cal,
                               const vt_scan_fit_options *opts, vt_dsc_options *dsc, vt_error *err);

/* ---- From an analysed export to the fit's data (fit_scans_prepare.c) ------------------------ */

/* The data of a fit straight from the instrument, with where each point came from. */
typedef struct vt_fit_scans {
  vt_fit_data data; /* one Cp_N curve per analysed scan, in the run's order */
  long **lines;     /* data.n_curves malloc'd arrays: each point's line in the export (0 where
                       a point is not the file's) */
} vt_fit_scans;

/* What `vitrum fit --scans` fits, from a run analysed by vt_cal_run_file (or its stages): each
 * scan's history (programs[i] for scan i when programs is not NULL, n_programs == the run's
 * scans, references included; else the one-step method's ages_s[0..n_ages), one per scan that
 * is not a reference, with opts->T_age_K), made into Cp_N curves (vt_fit_data_from_scans),
 * the export's line of every point (vt_fit_scans_source_lines) and, when dsc is not NULL, the
 * fitter's quench on the scans' temperatures (vt_fit_scans_quench sets dsc's T_eq_K, T_low_K
 * and cool_rate_K_per_s). Errors of the histories and the data begin with the export's name
 * ("pet.txt: 2 ageing times for 3 aged curves ..."); VT_EINVAL also for a count of programs
 * that is not the scans'. The caller keeps the programs (copied into the data). *out is zeroed
 * first and holds nothing after an error. */
VT_API int vt_fit_scans_prepare(const vt_cal_run *run, const double *ages_s, size_t n_ages,
                                const vt_program *const *programs, size_t n_programs,
                                const vt_scan_fit_options *opts, vt_dsc_options *dsc,
                                vt_fit_scans *out, vt_error *err);
/* Frees the data and the lines and zeroes *scans; safe on a zeroed struct, NULL is ignored. */
VT_API void vt_fit_scans_free(vt_fit_scans *scans);

/* ---- Protocols, for plots ----------------------------------------------------------------- */

/* The time a dh point is plotted against: t2 for two-step anneals, t1 for single steps. NaN
 * for NULL. */
VT_API double vt_dh_point_time(const vt_dh_point *point);

/* One anneal protocol of the data: single step at T1 (T2 and t1 NaN), or T1 for t1 then T2;
 * its points differ only in the plotted time, which spans [t_lo_s, t_hi_s] over the positive
 * ones (t_hi_s 0: none). */
typedef struct vt_fit_protocol {
  double T1_K, t1_s, T2_K;
  double t_lo_s, t_hi_s;
} vt_fit_protocol;

/* The protocols of the dh points in order of first appearance (*protocols malloc'd, caller
 * frees) and protocol_of[i] (n_dh values, caller's) the protocol of point i. */
VT_API int vt_fit_protocols(const vt_fit_data *data, vt_fit_protocol **protocols, size_t *n,
                            size_t *protocol_of, vt_error *err);
/* Dense points for drawing each protocol's fitted line: `points` (>= 2) log-spaced times from
 * t_lo_s / 1.5 to t_hi_s * 1.5 (/ 3 to * 3 for a single time) per protocol with data at
 * positive times, as dh points without values (for vt_fit_predict). `lines` is filled (free it
 * with vt_fit_data_free); *protocol_of (malloc'd) gives each line point's protocol. */
VT_API int vt_fit_protocol_lines(const vt_fit_protocol *protocols, size_t n, size_t points,
                                 vt_fit_data *lines, size_t **protocol_of, vt_error *err);
/* The key title of a protocol, into buf: "single step at 383 K" or "348 K for 100 s, then
 * 383 K" (%g). NULL for a NULL protocol or buffer. */
VT_API const char *vt_fit_protocol_label(const vt_fit_protocol *protocol, char *buf, size_t size);

/* What a plot of a dh fit draws (vitrum fit --plot): the protocols of the data's dh points, a
 * fitted line per protocol and the model's dh on it. Owned; free with vt_fit_lines_free. */
typedef struct vt_fit_lines {
  vt_fit_protocol *protocols;
  size_t n_protocols;
  size_t *protocol_of;   /* per dh point of the data: its protocol */
  vt_fit_data lines;     /* the lines' points (vt_fit_protocol_lines), dh without values */
  size_t *line_protocol; /* per line point: its protocol */
  double *predicted;     /* per line point: the model's dh (J/mol) */
  double t_lo_s, t_hi_s; /* the span of the lines' plotted times (s); both 0 without lines */
} vt_fit_lines;

/* The protocols of `data` (vt_fit_protocols), `points` (>= 2) per line (vt_fit_protocol_lines)
 * and the model's prediction on them with `opts` (vt_fit_predict; the model holding the fitted
 * values, opts the fit's, with a fitted dh offset set in dh_offset_J_per_mol). *out is zeroed
 * first and holds nothing to free after an error; a failed prediction's message begins "the
 * fitted lines: ". */
VT_API int vt_fit_lines_make(vt_model *model, const vt_fit_data *data, const vt_fit_options *opts,
                             size_t points, vt_fit_lines *out, vt_error *err);
/* Frees the arrays and zeroes *lines; safe on a zeroed struct, NULL is ignored. */
VT_API void vt_fit_lines_free(vt_fit_lines *lines);

#ifdef __cplusplus
}
#endif

#endif
