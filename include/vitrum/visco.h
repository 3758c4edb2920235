/* vitrum visco: stress relaxation and the strain-driven memory effect (paper 001).
 *
 * A linear viscoelastic solid (relaxation modulus as a Prony series of Maxwell elements, from a
 * KWW or double-KWW function or a table, Arrhenius shift with temperature) in series with an
 * optional nonlinear viscoplastic dashpot; strain programs written like thermal programs; the
 * two-step (memory) and strain-recovery protocols; KWW / double-KWW fits, activation energies
 * and the t_p - tau_rec regression; DMA CSV exports.
 *
 * Units: SI inside. Strain is a plain fraction (0.005 = 0.5 %), stress and moduli in Pa, times in
 * s, temperatures in K. Values with units ("0.5 %", "200 %/min", "80 GPa") are read by
 * vt_parse_quantity with VT_DIM_STRAIN, VT_DIM_STRAIN_RATE and VT_DIM_STRESS. */
#ifndef VITRUM_VISCO_H
#define VITRUM_VISCO_H

#include <stddef.h>
#include <stdio.h>

#include "core.h"
#include "model.h"
#include "options.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Strain programs ------------------------------------------------------------------------ */

typedef enum vt_strain_seg_kind {
  VT_STRAIN_RAMP,   /* strain linear in time to `target` at rate_per_s */
  VT_STRAIN_HOLD,   /* strain constant for duration_s */
  VT_STRAIN_JUMP,   /* instantaneous change to `target` */
  VT_STRAIN_RECOVER /* unload instantly to zero stress, then hold stress-free for duration_s */
} vt_strain_seg_kind;

typedef struct vt_strain_segment {
  vt_strain_seg_kind kind;
  double target;     /* strain at the end (ramp, jump, hold); NaN in and after a recovery */
  double rate_per_s; /* > 0, ramps only */
  double duration_s; /* holds, recoveries; |dstrain|/rate for ramps; 0 for jumps */
  long line;         /* source line (0 when built in code) */
} vt_strain_segment;

/* A strain program at one (constant) test temperature, starting unstrained and stress-free at
 * the start strain (the reference state of the material: normally 0). */
typedef struct vt_strain_program vt_strain_program;

VT_API vt_strain_program *vt_strain_program_create(double start_strain, double T_K, vt_error *err);
VT_API void vt_strain_program_free(vt_strain_program *prog);
/* Append segments. Strains finite with |strain| <= 1; ramps move towards the target at a finite
 * rate > 0; durations finite >= 0. A recovery ends the strain-controlled part: only further
 * recoveries may follow it (the strain it reaches is the model's answer, not the program's). */
VT_API int vt_strain_program_ramp(vt_strain_program *prog, double target, double rate_per_s,
                                  vt_error *err);
VT_API int vt_strain_program_hold(vt_strain_program *prog, double duration_s, vt_error *err);
VT_API int vt_strain_program_jump(vt_strain_program *prog, double target, vt_error *err);
VT_API int vt_strain_program_recover(vt_strain_program *prog, double duration_s, vt_error *err);

/* Parse a program, one item per line ('#' starts a comment; blank lines ignored):
 *   temperature 593 K             (the test temperature, once, anywhere before the segments)
 *   start 0 %
 *   ramp to 0.5 % at 200 %/min    (also 1/s, %/s, ...)
 *   hold 900 s
 *   jump to 0.3 %
 *   hold 3600 s
 *   recover 7200 s                (unload to zero stress; strain recovery)
 * Every strain needs its unit (% or 1). Errors name `source_name` and the line. */
VT_API vt_strain_program *vt_strain_program_parse(const char *text, const char *source_name,
                                                  vt_error *err);
VT_API vt_strain_program *vt_strain_program_read(const char *path, vt_error *err);

VT_API double vt_strain_program_start(const vt_strain_program *prog);
VT_API double vt_strain_program_T_K(const vt_strain_program *prog);
VT_API size_t vt_strain_program_segment_count(const vt_strain_program *prog);
VT_API const vt_strain_segment *vt_strain_program_segment(const vt_strain_program *prog,
                                                          size_t index);
VT_API double vt_strain_program_duration_s(const vt_strain_program *prog);

/* ---- The viscoelastic-viscoplastic model ---------------------------------------------------
 * Constitutive equations (see src/models/visco.c for the derivations):
 *   eps = eps_ve + eps_vp
 *   G(t) = G_inf + (G0 - G_inf) phi(t / a_T),  phi(x) = (1 - w2) exp(-(x/tau)^beta)
 *          + w2 exp(-(x/tau2)^beta2) ~ sum_k w_k exp(-x/tau_k)   (or a table of (w_k, tau_k))
 *   a_T = exp(Ea/R (1/T - 1/T_ref))
 *   sigma = G_inf eps_ve + sum_k s_k,  ds_k/dt = g_k deps_ve/dt - s_k/(a_T tau_k),
 *          g_k = (G0 - G_inf) w_k
 *   deps_vp/dt = sign(sigma) (|sigma|/sigma_vp)^n_vp / (a_T t_vp)   (t_vp = 0: no flow)
 * Parameters by name (SI values): see vt_visco_params.
 *
 * The model is the vt_model "visco" (vt_model_create("visco"), parameters by vt_model_set, option
 * "prony_tol", vt_model_strain_step / vt_model_stress_step after vt_model_equilibrate at the test
 * temperature); vt_visco is that handle and the vt_visco_* calls below are the same operations
 * under their older names, kept for existing callers. */
typedef vt_model vt_visco;

/* The parameter table (static storage, `*count` rows; the same as vt_model_params_by_name).
 * vt_visco_param_display converts a value of any row to its display unit. */
VT_API const vt_param_info *vt_visco_params(size_t *count);
VT_API double vt_visco_param_display(const vt_param_info *param, double value_si);

/* Create with the defaults (paper 001's TiZrHfCuNiBe glass at 593 K, see vt_visco_params). */
VT_API vt_visco *vt_visco_create(vt_error *err);
VT_API void vt_visco_free(vt_visco *visco);
/* An independent copy: parameters, options and any table (not the state). */
VT_API vt_visco *vt_visco_clone(const vt_visco *visco, vt_error *err);

/* Set/get by table name (SI). Outside the bounds or not finite: VT_ERANGE; unknown name:
 * VT_ENOTFOUND listing the names. A change takes effect at the next vt_visco_reset. */
VT_API int vt_visco_set(vt_visco *visco, const char *name, double value_si, vt_error *err);
VT_API int vt_visco_get(const vt_visco *visco, const char *name, double *value_si, vt_error *err);
/* "name=VALUE UNIT" ("G0=80 GPa", "tau=1000 s", "beta=0.45"). */
VT_API int vt_visco_set_text(vt_visco *visco, const char *assignment, vt_error *err);
/* Max |error| of the KWW Prony series (1e-9 .. 1e-2, default 1e-5). */
VT_API int vt_visco_set_prony_tol(vt_visco *visco, double tol, vt_error *err);
/* The tolerance in use (NaN for NULL). */
VT_API double vt_visco_prony_tol(const vt_visco *visco);
/* Use a table of Prony terms instead of the KWW functions: weights w_k (> 0 or < 0, any scale:
 * normalised to sum 1) and times tau_k > 0 at T_ref. n = 0 returns to the KWW functions.
 * The arrays are copied. */
VT_API int vt_visco_set_table(vt_visco *visco, const double *weight, const double *tau_s, size_t n,
                              vt_error *err);
/* One line on the numerics ("KWW beta 0.45 + ...: 57 Maxwell elements, max |phi error| 4e-6"),
 * preparing them (a bad parameter combination, such as G_inf > G0, is reported here). */
VT_API int vt_visco_numerics(vt_visco *visco, char *buf, size_t size, vt_error *err);
/* The Prony relaxation modulus G(t) at temperature T (what the model integrates). */
VT_API int vt_visco_modulus(vt_visco *visco, double t_s, double T_K, double *G_Pa, vt_error *err);
/* The shift factor a_T (NaN for T not finite and > 0). */
VT_API double vt_visco_shift(const vt_visco *visco, double T_K);

/* State: unstrained and stress-free at T_K (the temperature stays until the next reset). */
VT_API int vt_visco_reset(vt_visco *visco, double T_K, vt_error *err);
/* Advance dt_s >= 0 with the total strain linear in time to strain_end (dt_s = 0: a jump). */
VT_API int vt_visco_strain_step(vt_visco *visco, double dt_s, double strain_end, vt_error *err);
/* Advance dt_s >= 0 with the stress linear in time to stress_end_Pa (dt_s = 0: a jump, which
 * only the instantaneous modulus G0 answers). */
VT_API int vt_visco_stress_step(vt_visco *visco, double dt_s, double stress_end_Pa, vt_error *err);

typedef struct vt_visco_state {
  double time_s, T_K;
  double strain;    /* total */
  double strain_vp; /* irreversible (viscoplastic) part */
  double stress_Pa;
} vt_visco_state;

VT_API void vt_visco_observe(const vt_visco *visco, vt_visco_state *out);

/* ---- Instruments: running strain programs ------------------------------------------------- */

typedef struct vt_strain_grid_options {
  double ramp_step;              /* strain step on ramps; default 1e-4 (0.01 %) */
  double hold_first_s;           /* first point after the start of a hold; default 1e-3 s */
  double hold_points_per_decade; /* log-spaced points per decade in holds; default 20 */
} vt_strain_grid_options;

VT_API vt_strain_grid_options vt_strain_grid_options_default(void);
/* The grid's option rows (options.h): ramp_step (shown in %), ppd, t_first, with their help;
 * the command line's --ramp-step, --ppd, --t-first and the Python keywords. *n the count; NULL
 * for a NULL n. */
VT_API const vt_option *vt_strain_grid_option_table(size_t *n);

/* One row per node; node 0 is the start. Recovery segments are run under stress control
 * (sigma = 0), the others under strain control. The instruments below drive any strain-driven
 * vt_model (vt_model_drive_by_name VT_DRIVE_STRAIN: "visco"); a vt_visco is one. */
typedef struct vt_strain_trace {
  size_t n;
  double T_K;
  double *time_s, *strain, *strain_vp, *stress_Pa;
  int *segment;    /* segment of the step ending at the node (-1 for node 0) */
  double *t_seg_s; /* time since the start of that segment */
} vt_strain_trace;

VT_API int vt_strain_simulate(vt_model *model, const vt_strain_program *prog,
                              const vt_strain_grid_options *opts, vt_strain_trace *trace,
                              vt_error *err);
VT_API void vt_strain_trace_free(vt_strain_trace *trace);

/* The memory peak of a second-step curve sigma(t'), t' from the start of the step
 * (increasing, >= 0): sigma0 = sigma[0]; an interior maximum above sigma0 is the peak, its time
 * refined by a parabola in ln t' (in t' next to t' = 0); dsigma = sigma_peak - sigma0 (paper
 * 001 Fig. 1). No interior maximum: found = 0, t_p NaN, dsigma 0 when the stress never rises
 * above sigma0, NaN when it is still rising at the last point. Differences below 1e-9 of
 * max |sigma| count as rounding (a plateau is not a peak). */
typedef struct vt_memory_peak {
  int found;
  double sigma0_Pa, sigma_peak_Pa, dsigma_Pa, t_p_s;
} vt_memory_peak;

VT_API int vt_memory_peak_find(const double *t_s, const double *stress_Pa, size_t n,
                               vt_memory_peak *out, vt_error *err);

/* The two-step protocol of paper 001 Fig. 1a: from 0 ramp (or jump, rate 0) to eps1, hold t_w,
 * ramp (jump) to eps2, hold t2_s. t' counts from the end of the second ramp. The recovery run
 * uses eps1, t_w and t2_s (the recovery time) and unloads to zero stress after t_w. */
typedef struct vt_two_step {
  double eps1, eps2, t_w_s, T_K;
  double rate_per_s; /* loading/unloading rate; 0: jumps; default 200 %/min as in paper 001 */
  double t2_s;       /* second step (or recovery) time; default 1e4 s */
  vt_strain_grid_options grid;
} vt_two_step;

VT_API vt_two_step vt_two_step_default(void);
/* The protocol's option rows (options.h): t2 (t2_s) and rate (rate_per_s, shown in %/min);
 * the points (eps1, eps2, t_w, T) are a sweep's lists, and the grid is
 * vt_strain_grid_option_table's (at field grid). *n the count; NULL for a NULL n. */
VT_API const vt_option *vt_two_step_option_table(size_t *n);

typedef struct vt_memory_curve {
  vt_two_step spec;
  double sigma_w_Pa; /* at the end of the first hold */
  size_t n;
  double *t2_s, *stress_Pa; /* the second hold, t' = 0 first */
  vt_memory_peak peak;
} vt_memory_curve;

VT_API int vt_strain_two_step_run(vt_model *model, const vt_two_step *spec, vt_memory_curve *out,
                                  vt_error *err);
VT_API void vt_memory_curve_free(vt_memory_curve *curve);

typedef struct vt_recovery_curve {
  vt_two_step spec;
  double sigma_w_Pa;  /* stress just before unloading */
  double strain_vp_w; /* irreversible strain at unloading */
  size_t n;           /* t = 0: just after the elastic spring-back */
  double *t_s, *strain;
  double strain_vp; /* irreversible strain at the end */
  double fraction;  /* 1 - strain_vp / eps1 (paper 001 Fig. 4, lower panels) */
} vt_recovery_curve;

VT_API int vt_strain_recovery_run(vt_model *model, const vt_two_step *spec, vt_recovery_curve *out,
                                  vt_error *err);
VT_API void vt_recovery_curve_free(vt_recovery_curve *curve);

/* A sweep of the two-step protocol (paper 001 Figs. 1-3): every combination of the lists, run k
 * in the order T (slowest), eps1, t_w, eps2 (fastest); the rest (rate, t2, grid) from `base`.
 * n_eps2 = 0: a recovery-only sweep (eps2 NaN). The arrays are the caller's, not copied. */
typedef struct vt_two_step_sweep {
  const double *T_K, *eps1, *t_w_s, *eps2;
  size_t n_T, n_eps1, n_tw, n_eps2;
  vt_two_step base;
} vt_two_step_sweep;

/* The number of runs (0 when T, eps1 or t_w is empty, or for NULL). */
VT_API size_t vt_two_step_sweep_count(const vt_two_step_sweep *sweep);
/* Run k (< the count) as a two-step spec. */
VT_API int vt_two_step_sweep_point(const vt_two_step_sweep *sweep, size_t k, vt_two_step *out,
                                   vt_error *err);

/* One point of a sweep of the two-step protocol: vt_strain_two_step_run, except that a pair
 * without a second step (eps2 = eps1) is no failure: it returns VT_OK with *skipped = 1, `out`
 * holding no curve (n = 0) and NaN for sigma_w, sigma0, sigma_peak, dsigma and t_p, and `err`
 * (when given) the reason, for a warning. Other failures as vt_strain_two_step_run. */
VT_API int vt_strain_memory_point(vt_model *model, const vt_two_step *spec, vt_memory_curve *out,
                                  int *skipped, vt_error *err);

/* The recovery of one sweep point in numbers (paper 001 Figs. 4, 5e): the run of
 * vt_strain_recovery_run (spec->t2_s the recovery time), then the KWW fit of its curve
 * (vt_recovery_fit_run with spec->eps1). A fit that fails does not fail the call: tau_rec and
 * beta_rec are NaN and fit_error holds why. */
typedef struct vt_recovery_summary {
  double strain_vp;           /* irreversible strain at the end (a fraction, not %) */
  double fraction;            /* 1 - strain_vp / eps1 */
  double tau_rec_s, beta_rec; /* the KWW fit of the recovery; NaN when it failed */
  vt_error fit_error;         /* status VT_OK when the fit succeeded */
} vt_recovery_summary;

VT_API int vt_strain_recovery_summary(vt_model *model, const vt_two_step *spec,
                                      vt_recovery_summary *out, vt_error *err);

/* A sweep run by run (paper 001 Figs. 1-5), as `vitrum strain --eps1 ... [--t-rec TIME]` and
 * vitrum.strain_sweep run it: each point's memory curve (vt_strain_memory_point; a pair without
 * a second step is skipped, not failed) and, with t_rec_s > 0, the recovery of its (T, eps1,
 * t_w) (vt_strain_recovery_summary with t2_s = t_rec_s), computed once on the first run of each
 * group of n_eps2 runs and passed to all of them. `row` is called once per run, in order. */
typedef struct vt_two_step_row {
  size_t run;             /* k, in vt_two_step_sweep_point's order */
  vt_two_step spec;       /* its point */
  vt_memory_curve *curve; /* the second step (n = 0 and NaN numbers when skipped); NULL for a
                             recovery-only sweep (n_eps2 = 0). The callback may take its arrays
                             (copy the struct, then zero it); the call frees what is left. */
  int skipped;            /* eps2 = eps1: no second step */
  vt_error reason;        /* why it was skipped (for a warning) */
  const vt_recovery_summary *rec; /* NULL without t_rec_s */
  int rec_first; /* 1 on the first run of its (T, eps1, t_w): rec was just computed */
} vt_two_step_row;

/* `row` returns 0 to go on; anything else stops the sweep, and the call returns it (err: "the
 * row callback stopped the sweep"). Failures of a run name its point: "eps1 = 0.5 %, eps2 =
 * 0.3 %, t_w = 900 s, T = 593 K: ..." ("eps1 = 0.5 %, t_w = 900 s, T = 593 K: recovery: ..." for
 * the recovery run). VT_EINVAL for an empty sweep, or one without eps2 and t_rec_s > 0. */
typedef int (*vt_two_step_row_fn)(void *ctx, vt_two_step_row *row);
VT_API int vt_two_step_sweep_run(vt_model *model, const vt_two_step_sweep *sweep, double t_rec_s,
                                 vt_two_step_row_fn row, void *ctx, vt_error *err);

/* Read a Prony table (vt_read_prony_table: tau with a time unit, at T_ref, and a weight) and
 * put it in the model in place of the KWW functions (vt_visco_set_table). */
VT_API int vt_visco_read_table(vt_visco *visco, const char *path, vt_error *err);

/* ---- Analyses: KWW fits -------------------------------------------------------------------
 * y(t) = y_inf + (y0 - y_inf) [A exp(-(t/tau1)^beta1) + (1 - A) exp(-(t/tau2)^beta2)]
 * (double KWW, paper 001 Eq. 1 with y0 = 1, y_inf = 0; single KWW: A = 1). A is not bounded:
 * a curve that rises and then falls needs A < 0 on the faster term (tau1 < tau2 as reported),
 * 1 - A > 1 on the slower one. tau in (0, inf) by log, beta in [0.05, 2] by a sine box. */
typedef enum vt_kww_kind { VT_KWW_SINGLE = 1, VT_KWW_DOUBLE = 2 } vt_kww_kind;

typedef struct vt_kww_options {
  vt_kww_kind kind;
  int free_y0, free_y_inf; /* fit them (else fixed at y0, y_inf) */
  double y0, y_inf;        /* fixed values or starting values; NaN: from the data */
  int max_iterations;      /* per start; default 500 */
} vt_kww_options;

VT_API vt_kww_options vt_kww_options_default(void); /* single, y0 = 1, y_inf = 0 fixed */

typedef struct vt_kww_fit {
  vt_kww_kind kind;
  double tau1_s, se_tau1_s, beta1, se_beta1;
  double A, se_A;                            /* 1 and 0 for single */
  double tau2_s, se_tau2_s, beta2, se_beta2; /* NaN for single */
  double y0, se_y0, y_inf, se_y_inf;         /* se 0 when fixed */
  double chi2;                               /* sum of squared residuals */
  double rms_residual, r2;
  size_t n, n_free;
  int iterations, n_starts;
} vt_kww_fit;

/* The fitted function at t (t >= 0). */
VT_API double vt_kww_eval(const vt_kww_fit *fit, double t_s);
/* Sum of squared residuals of the parameters in `fit` on data (to compare with the truth). */
VT_API double vt_kww_chi2(const vt_kww_fit *fit, const double *t_s, const double *y, size_t n);

/* Least squares (GSL multifit_nlinear, trust region) from automatic starting values: the
 * linearised KWW ln(-ln y) = beta ln t - beta ln tau, then, for the double KWW, a few starts
 * around it (and around the peak of a curve that rises first); the best is kept. t >= 0
 * strictly increasing; standard errors from the covariance scaled by the residual variance
 * (NaN when a beta sits on its bound). */
VT_API int vt_kww_fit_run(const double *t_s, const double *y, size_t n, const vt_kww_options *opts,
                          vt_kww_fit *out, vt_error *err);

/* Anelastic recovery (paper 001): (eps(t) - eps_inf)/(eps0 - eps_inf) = exp(-(t/tau_rec)^beta),
 * eps_inf = eps_an(inf), the strain that stays; fraction = 1 - eps_inf/eps1 (NaN when eps1 is
 * NaN). t from the unloading. */
typedef struct vt_recovery_fit {
  double tau_rec_s, se_tau_rec_s, beta_rec, se_beta_rec;
  double eps0, se_eps0, eps_inf, se_eps_inf;
  double fraction, se_fraction;
  double rms_residual, r2;
  size_t n;
} vt_recovery_fit;

VT_API int vt_recovery_fit_run(const double *t_s, const double *strain, size_t n, double eps1,
                               vt_recovery_fit *out, vt_error *err);

/* Arrhenius: ln tau = ln tau0 + Ea/(R T), least squares over n >= 2 points (se need n >= 3). */
typedef struct vt_arrhenius_fit {
  double Ea_J_per_mol, se_Ea_J_per_mol;
  double ln_tau0_s, se_ln_tau0;
  double r2;
  size_t n;
} vt_arrhenius_fit;

VT_API int vt_arrhenius_tau_fit(const double *T_K, const double *tau_s, size_t n,
                                vt_arrhenius_fit *out, vt_error *err);

/* Paper 001 Fig. 4 (upper panels), as we read its procedure: the loading-step relaxation
 * curves at several temperatures are each fitted by KWW over 0 <= t <= t_window (the part a
 * loading time t_w = t_window has seen), and Ea(t_w) is the Arrhenius slope of those taus. */
typedef struct vt_relax_curve {
  const double *t_s, *y; /* y = sigma/sigma0 */
  size_t n;
  double T_K;
} vt_relax_curve;

VT_API int vt_arrhenius_window(const vt_relax_curve *curves, size_t n_curves, double t_window_s,
                               const vt_kww_options *opts, double *tau_s, vt_arrhenius_fit *out,
                               vt_error *err);

/* The same with every curve's KWW fit kept: fits[k] (n_curves of them, the caller's array, or
 * NULL) over 0 <= t <= t_window_s; t_window_s = INFINITY fits the whole curves. A failed fit is
 * named "curve k (T = ... K)" in the message, k counting from 0. */
VT_API int vt_arrhenius_kww(const vt_relax_curve *curves, size_t n_curves, double t_window_s,
                            const vt_kww_options *opts, vt_kww_fit *fits, vt_arrhenius_fit *out,
                            vt_error *err);

/* The curve a recovery fit stands for, eps_inf + (eps0 - eps_inf) exp(-(t/tau_rec)^beta_rec),
 * at t >= 0 (NaN for NULL). */
VT_API double vt_recovery_fit_eval(const vt_recovery_fit *fit, double t_s);

/* Paper 001 Fig. 5e: t_p = a + b tau_rec by least squares, with R^2. */
typedef struct vt_tp_tau_fit {
  double intercept_s, se_intercept_s, slope, se_slope, r2;
  size_t n;
} vt_tp_tau_fit;

VT_API int vt_tp_tau_regression(const double *tau_rec_s, const double *t_p_s, size_t n,
                                vt_tp_tau_fit *out, vt_error *err);

/* ---- DMA CSV ------------------------------------------------------------------------------- */

/* A DMA export: '#' comment lines, then a header naming the columns with units,
 *   time_s,strain_pct,stress_MPa,T_C    or    "Time (min)","Strain (%)","Stress (MPa)",...
 * Recognised: time (t, time: s, ms, min, h), strain (strain, eps: %, pct, 1), stress (stress,
 * sigma: Pa, kPa, MPa, GPa), temperature (T, temperature: K, C) and a dimensionless ratio
 * (y, ratio, sigma_norm; no unit or 1). Other columns are ignored. Time is required and must
 * not decrease (a repeated time is a jump: the states before and after it); at least one of
 * strain, stress, y. Values are SI; absent columns NULL. */
typedef struct vt_dma_curve {
  char *source;
  size_t n;
  double *time_s, *strain, *stress_Pa, *T_K, *y;
  long first_line; /* file line of row 0; row i is line first_line + i */
} vt_dma_curve;

VT_API int vt_read_dma_csv(const char *path, vt_dma_curve *out, vt_error *err);
VT_API void vt_dma_curve_free(vt_dma_curve *curve);

/* The part of a DMA export a relaxation or recovery fit uses: one column over a window of rows,
 * against t' = t - t_start. */
typedef enum vt_dma_column {
  VT_DMA_AUTO = 0,
  VT_DMA_Y,
  VT_DMA_STRESS,
  VT_DMA_STRAIN
} vt_dma_column;

/* "y", "stress", "strain" ("auto" for VT_DMA_AUTO). */
VT_API const char *vt_dma_column_name(vt_dma_column column);

typedef struct vt_relax_series_options {
  vt_dma_column column; /* VT_DMA_AUTO (default): y, else stress, else strain */
  double from_s; /* t_start: the first row at or after it, after a jump the state after it; NaN
                    (default): the first row */
  double to_s;   /* rows after it are left out (a jump at the end: the state before it); NaN
                    (default): none */
  int normalise; /* y = value / value(t_start) (default 1), else y = value */
} vt_relax_series_options;

VT_API vt_relax_series_options vt_relax_series_options_default(void);

typedef struct vt_relax_series {
  vt_dma_column column; /* the column used */
  size_t n;
  double *t_s;   /* t' = t - t_start, from 0 */
  double *value; /* the column, SI (stress in Pa, strain and y as fractions) */
  double *y;     /* value / value0 when normalised, else value */
  double t_start_s, value0;
  double before;   /* the column on the row before the window; NaN when there is none */
  double T_K;      /* mean of the temperature column over the window; NaN without one */
  long first_line; /* file line of the window's first row */
} vt_relax_series;

/* The window of `curve`: a time repeated inside it (a jump) is an error naming file:line, and so
 * are an empty window, a missing column and a zero value0 to normalise by. The arrays are
 * allocated (vt_relax_series_free). */
VT_API int vt_relax_series_from_dma(const vt_dma_curve *curve, const vt_relax_series_options *opts,
                                    vt_relax_series *out, vt_error *err);
/* vt_read_dma_csv, then vt_relax_series_from_dma. */
VT_API int vt_read_relax_series(const char *path, const vt_relax_series_options *opts,
                                vt_relax_series *out, vt_error *err);
VT_API void vt_relax_series_free(vt_relax_series *series);

/* ---- One file's fit, as `vitrum kww FILE` makes it ----------------------------------------
 * The options of a relaxation or recovery fit of a DMA export: which column and rows, which fit
 * (single or double KWW with y0, y_inf fixed at 1, 0 unless freed; or the recovery fit of the
 * strain), described once in a table for the command line and Python. */
typedef struct vt_relax_fit_options {
  vt_dma_column column; /* VT_DMA_AUTO (default): y, else stress, else strain */
  double from_s, to_s;  /* the window (vt_relax_series_options); NaN (default): all rows */
  int dbl;              /* double KWW (paper 001 Eq. 1) instead of one */
  int offset;           /* also fit y_inf */
  int raw;              /* fit the values themselves (y0 free), not value/value0 */
  int recovery;         /* the recovery fit of the strain after unloading at t_start */
  double eps1; /* recovery: the loading strain (a fraction); NaN (default): the strain on the row
                  before the window */
} vt_relax_fit_options;

VT_API vt_relax_fit_options vt_relax_fit_options_default(void);
/* The option table (options.h; static, *n rows; NULL when n is NULL), in `vitrum kww --help`'s
 * order: column (auto|y|stress|strain), from, to (times), double, offset, raw, recovery (flags),
 * eps1 (a strain). */
VT_API const vt_option *vt_relax_fit_option_table(size_t *n);
/* The combinations that cannot run: a double KWW of a recovery, a recovery of a column other
 * than the strain, a window that ends before it starts. VT_EINVAL with the command line's
 * words ("--to must come after --from"). */
VT_API int vt_relax_fit_check(const vt_relax_fit_options *o, vt_error *err);
/* The reader's and the fitter's options the fit options stand for: the column (the strain for
 * a recovery), the window, normalised unless raw or a recovery; the KWW kind, y0 free (NaN:
 * from the data) with raw, y_inf free with offset. */
VT_API vt_relax_series_options vt_relax_fit_series_options(const vt_relax_fit_options *o);
VT_API vt_kww_options vt_relax_fit_kww_options(const vt_relax_fit_options *o);

/* A fit of one file: the series read, then the KWW fit (with the memory peak of the data when
 * it rises, from 3 points on) or the recovery fit (eps1 as given, else series.before). */
typedef struct vt_relax_fit_result {
  vt_relax_series series;
  vt_kww_fit kww;      /* relaxation */
  vt_memory_peak peak; /* relaxation: found 0 when the curve does not rise */
  vt_recovery_fit rec; /* recovery */
  double eps1;         /* recovery: the loading strain used (NaN: none known) */
} vt_relax_fit_result;

/* vt_relax_fit_check, vt_read_relax_series, then the fit; a fit that fails names the file
 * ("PATH: ..."). `out` is zeroed first; nothing to free after an error
 * (vt_relax_fit_result_free otherwise). */
VT_API int vt_relax_fit_file(const char *path, const vt_relax_fit_options *o,
                             vt_relax_fit_result *out, vt_error *err);
VT_API void vt_relax_fit_result_free(vt_relax_fit_result *result);

/* The relaxation curves of several files for vt_arrhenius_kww: series[k] read as `o` says
 * (vt_relax_fit_series_options), curves[k] over it at T_K[k] (T_K NULL: the mean of the file's
 * temperature column; a file without one is an error saying to give the temperatures).
 * series and curves hold n entries (the caller's arrays); curves point into series. After an
 * error nothing is left to free. */
VT_API int vt_relax_curves_read(const char *const *paths, size_t n, const double *T_K,
                                const vt_relax_fit_options *o, vt_relax_series *series,
                                vt_relax_curve *curves, vt_error *err);

/* A trace as a DMA export: time_s,strain_pct,stress_MPa,strain_vp_pct,T_K,segment,t_seg_s. */
VT_API int vt_strain_trace_write_csv(const vt_strain_trace *trace, FILE *fp, vt_error *err);
/* One line on a trace, after `prefix` (NULL: none): its points, duration and temperature, and
 * at its end the strain (%), stress (MPa) and viscoplastic strain (%), as `vitrum strain
 * --program` prints it. VT_EINVAL for a trace without points. */
VT_API int vt_strain_trace_write_summary(const vt_strain_trace *trace, const char *prefix, FILE *fp,
                                         vt_error *err);

/* Tables in the same CSV style: t_p against tau_rec (columns t_p and tau_rec with time units,
 * e.g. tau_rec_s,t_p_s), and Prony terms (tau with a time unit and a dimensionless weight).
 * Arrays are malloc'd (caller frees). */
VT_API int vt_read_tp_tau_table(const char *path, double **tau_rec_s, double **t_p_s, size_t *n,
                                vt_error *err);
VT_API int vt_read_prony_table(const char *path, double **tau_s, double **weight, size_t *n,
                               vt_error *err);

#ifdef __cplusplus
}
#endif

#endif
