/* vitrum instruments: the virtual Flash DSC and the experiments built on it (paper 000: Kovacs
 * two-step annealing; paper 002: cooling path vs isothermal path). They drive any model through
 * vt_model_* and never know which one it is. Heat flow is endothermic positive. */
#ifndef VITRUM_DSC_H
#define VITRUM_DSC_H

#include <stddef.h>

#include "core.h"
#include "model.h"
#include "peak.h"
#include "program.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vt_dsc_options {
  double T_eq_K;                /* equilibrium start above Tg (default 450 K) */
  double cool_rate_K_per_s;     /* R_c: quench to the anneal and after it (10000 K/s) */
  double T_low_K;               /* the heating scan starts here (300 K) */
  double heat_rate_K_per_s;     /* R_h (1000 K/s) */
  double T_high_K;              /* the heating scan ends here (0: T_eq_K + 150 K, where the
                                   paper-000 glass is liquid again even at 10000 K/s) */
  double cp_glass_J_per_mol_K;  /* glass heat capacity for absolute traces (3R, Dulong-Petit) */
  double molar_mass_kg_per_mol; /* with the sample mass: traces in W as the instrument shows */
  double sample_mass_kg;        /* 0 = unknown */
  vt_grid_options grid;
} vt_dsc_options;

VT_API vt_dsc_options vt_dsc_options_default(void);
/* The option table of vt_dsc_options (static, *n rows; NULL when n is NULL): T_eq, cool_rate,
 * T_low, heat_rate, T_high, cp_glass, then the masses molar_mass and sample_mass (quantities,
 * each > 0), with their help. The grid's rows are vt_grid_option_table's (at field grid). */
VT_API const vt_option *vt_dsc_option_table(size_t *n);

/* One heating scan after a thermal history: equilibrium at T_eq, quench at R_c to the start of
 * the annealing program, the program, quench at R_c to T_low, heat at R_h to T_high. A NULL
 * program gives the as-cooled reference. The annealing program's `start` line is the
 * temperature the first quench reaches. */
typedef struct vt_dsc_scan {
  size_t n;                    /* steps of the heating scan, from T_low to T_high */
  double *T_edge_K;            /* n + 1 step edges */
  double *T_K;                 /* step midpoints */
  double *time_s;              /* step midpoints, from the start of the scan */
  double *heat_flow_W_per_mol; /* step average: R_h (Cp_glass + dH_conf/dT) */
  double heat_rate_K_per_s;    /* R_h of the scan */
  double Tf_start_K, Tf_end_K; /* fictive temperature as the scan begins and ends */
  double H_conf_start_J_per_mol, H_conf_end_J_per_mol;
} vt_dsc_scan;

VT_API int vt_dsc_scan_run(vt_model *model, const vt_program *anneal, const vt_dsc_options *opts,
                           vt_dsc_scan *scan, vt_error *err);
VT_API void vt_dsc_scan_free(vt_dsc_scan *scan);

/* Annealed minus reference (same options, so the same temperature steps and heating rate, which
 * the scans carry; anything else is VT_EINVAL): the relaxation peak. dh_dsc is its area, int dQ dt
 * = sum dQ_i dT_i / R_h (J/mol: the enthalpy the annealing released, as the instrument integrates
 * it); dh_state the same from the model states as the scans begin. They differ by end_mismatch =
 * H_annealed - H_reference at T_high, which is 0 when both scans end in the equilibrium liquid
 * (check it: T_high too low leaves a mismatch). metrics are on (T, dQ/R_h) in J/(mol K). */
typedef struct vt_dsc_peak {
  size_t n;
  double *T_K;
  double *dheat_flow_W_per_mol;
  double dh_dsc_J_per_mol;
  double dh_state_J_per_mol;
  double end_mismatch_J_per_mol;
  vt_peak metrics;
  int metrics_ok;     /* 0 when there is no positive peak (e.g. nothing was annealed) */
  int metrics_status; /* vt_peak_metrics' status: why metrics_ok is 0 (vt_strerror) */
} vt_dsc_peak;

VT_API int vt_dsc_peak_compute(const vt_dsc_scan *annealed, const vt_dsc_scan *reference,
                               vt_dsc_peak *peak, vt_error *err);
VT_API void vt_dsc_peak_free(vt_dsc_peak *peak);

/* Configurational enthalpy of the as-cooled glass as the quench from T_eq at R_c passes each of
 * T_K[0..n) (the reference for "enthalpy released by annealing" at that temperature). */
VT_API int vt_dsc_quench_enthalpy(vt_model *model, const vt_dsc_options *opts, const double *T_K,
                                  size_t n, double *H_conf_J_per_mol, vt_error *err);

/* ---- Annealing sweeps (paper 000 Fig. 1d-f) and what a peak measures ------------------------ */

/* Moles of sample, sample_mass_kg / molar_mass_kg_per_mol: the factor from W/mol to W of the
 * traces and summaries (report.h); 0 when the options do not give both masses, NaN for NULL. */
VT_API double vt_dsc_sample_mol(const vt_dsc_options *opts);

/* The annealing temperature a relaxation peak answers: the temperature of the program's last
 * hold (a multi-step program's earlier, hotter holds leave their own peaks higher up), K; 0
 * without holds, NaN for NULL. */
VT_API double vt_dsc_anneal_T(const vt_program *anneal);

/* Whether a relaxation peak measures its anneal (issue 18): a peak below the annealing
 * temperature T_anneal_K, or none resolved, is no measurement of that anneal (short anneals at
 * slow heating: the scan passes T_a before the annealed units recover). 0 when it measures it;
 * 1 when not, the reason (one line, no prefix) in why[size] (may be NULL); -1 for a NULL peak.
 * T_anneal_K <= 0 (a program without holds) checks only that a peak is resolved. */
VT_API int vt_dsc_peak_check(const vt_dsc_peak *peak, double T_anneal_K, char *why, size_t size);

/* An anneal sweep: every T_a_K x t_a_s pair (T_a-major), each an isothermal hold of t_a at T_a
 * after the quench from T_eq; with pre_anneal first a hold of pre_t_s at pre_T_K, then a ramp at
 * R_c to T_a (paper 000 Fig. 1f). The caller owns the lists. */
typedef struct vt_dsc_sweep {
  const double *T_a_K, *t_a_s;
  size_t n_T_a, n_t_a;
  int pre_anneal; /* nonzero: the pre-anneal below comes first */
  double pre_T_K, pre_t_s;
} vt_dsc_sweep;

/* A pre-anneal 'T1, t1' ("373 K, 50 s": a temperature, a comma, a time) into *T1_K and *t1_s.
 * Messages begin with `name` (how the caller's user spelled it; NULL: "pre_anneal"): "NAME
 * 'TEXT': expected 'T1, t1' such as '373 K, 50 s'" without a comma, else "NAME: " and the
 * quantity parser's. The outputs are unchanged after an error. */
VT_API int vt_dsc_parse_pre_anneal(const char *name, const char *text, double *T1_K, double *t1_s,
                                   vt_error *err);

/* The annealing program of the sweep point (T_a_K, t_a_s) with the options' R_c, for
 * vt_dsc_scan_run (the caller frees it); sweep NULL: no pre-anneal. NULL after an error (NULL
 * options, a hold time < 0, ...). */
VT_API vt_program *vt_dsc_anneal_program(const vt_dsc_options *opts, const vt_dsc_sweep *sweep,
                                         double T_a_K, double t_a_s, vt_error *err);

/* Called with each point's relaxation peak (against the as-cooled reference), k the point's
 * index (T_a-major); the peak is freed after the call. Returns VT_OK to go on, or an error
 * status (with `err` filled) that stops the sweep and is returned from vt_dsc_sweep_run. */
typedef int (*vt_dsc_sweep_fn)(void *ctx, size_t k, double T_a_K, double t_a_s,
                               const vt_dsc_peak *peak, vt_error *err);

/* Run the sweep: the as-cooled reference, then each point in order, handed to `point` (may be
 * NULL). VT_EINVAL for an empty list; a failed reference's message begins "as-cooled
 * reference: ", a failed point's "anneal at T_a K for t_a s: ". */
VT_API int vt_dsc_sweep_run(vt_model *model, const vt_dsc_options *opts, const vt_dsc_sweep *sweep,
                            vt_dsc_sweep_fn point, void *ctx, vt_error *err);

/* ---- Kovacs two-step annealing (paper 000 Fig. 2) ----------------------------------------- */

/* Quench to T1, hold t1, heat to T2 at jump_rate, hold t2. dh(t2) is the enthalpy released
 * relative to the as-cooled glass as a DSC measures it: both quenched at R_c to T_low, compared
 * there (one simulation per t2). dh_at_T2 is the same read at T2 before that quench; the two
 * differ by what the fast modes relax during the final quench (a few % right after the jump).
 * dh1 is released by step 1 alone (quenched to T_low after t1). dh_peak = dh(first t2) -
 * min dh(t2) = h_peak - h_initial, paper 000's memory strength; t_peak the t2 of the minimum of
 * dh (0 when dh only grows). An interior minimum is refined by a parabola in log t2. */
typedef struct vt_kovacs_curve {
  double T1_K, t1_s, T2_K;
  size_t n;
  double *t2_s;
  double *dh_J_per_mol;
  double *dh_at_T2_J_per_mol;
  double dh1_J_per_mol;
  double dh_peak_J_per_mol;
  double t_peak_s;
} vt_kovacs_curve;

VT_API int vt_kovacs_run(vt_model *model, const vt_dsc_options *opts, double T1_K, double t1_s,
                         double T2_K, double jump_rate_K_per_s, const double *t2_s, size_t n_t2,
                         vt_kovacs_curve *curve, vt_error *err);
VT_API void vt_kovacs_curve_free(vt_kovacs_curve *curve);

/* The second-step times of paper 000 Fig. 2: 0.01 s to 2000 s, 6 per decade (33 times, the last
 * one 2000 s exactly), the default of `vitrum kovacs` and vitrum.kovacs. *t2_s is malloc'd (the
 * caller frees it); *t2_s NULL and *n_t2 0 after an error. */
VT_API int vt_kovacs_default_t2(double **t2_s, size_t *n_t2, vt_error *err);

/* Every T1 x t1 pair (T1-major order into curves[nT1 * nt1]), in parallel on `threads` OpenMP
 * threads (0: all) with one model clone each. On error the curves are freed and the message
 * names the pair. `done`, when not NULL, is called after each curve (from any thread, one call
 * at a time) for progress reports. jump_rate_K_per_s NaN: the quench rate R_c of opts; t2_s
 * NULL (n_t2 ignored): vt_kovacs_default_t2's times. */
VT_API int vt_kovacs_sweep(const vt_model *model, const vt_dsc_options *opts, const double *T1_K,
                           size_t n_T1, const double *t1_s, size_t n_t1, double T2_K,
                           double jump_rate_K_per_s, const double *t2_s, size_t n_t2, int threads,
                           vt_kovacs_curve *curves,
                           void (*done)(void *ctx, size_t finished, size_t total), void *ctx,
                           vt_error *err);

/* ---- Cooling path vs isothermal path (paper 002) ------------------------------------------- */

/* Enthalpy released (vs the as-cooled glass at T_a) by cooling T_s -> T_a at phi after a quench
 * T_eq -> T_s at R_c, and the isothermal time t_a at T_a (after a quench to T_a) that releases
 * the same, found by Brent's method on log t_a to 1e-6 relative in dh. */
typedef struct vt_path_match {
  double phi_K_per_s;
  double dh_cool_J_per_mol;
  double t_a_s;
  double dh_iso_J_per_mol; /* at the matched t_a */
  int evaluations;         /* isothermal simulations the root search took */
} vt_path_match;

VT_API int vt_path_match_run(vt_model *model, const vt_dsc_options *opts, double T_s_K,
                             double T_a_K, double phi_K_per_s, vt_path_match *out, vt_error *err);

/* Annealing programs of the two paths, for vt_dsc_scan_run (caller frees). */
VT_API vt_program *vt_path_cooling_program(double T_s_K, double T_a_K, double phi_K_per_s,
                                           vt_error *err);
VT_API vt_program *vt_path_isothermal_program(double T_a_K, double t_a_s, vt_error *err);

/* vt_path_match_run and the relaxation peaks of both paths as the DSC measures them (the
 * cooling path's program and the isothermal one at the matched t_a, each against the as-cooled
 * scan): `reference` is that scan (vt_dsc_scan_run with no program and the same opts), NULL to
 * run it here (a sweep over phi runs it once and passes it). cool and iso are zeroed and filled
 * (vt_dsc_peak_free them); nothing to free after an error. */
VT_API int vt_path_match_peaks(vt_model *model, const vt_dsc_options *opts,
                               const vt_dsc_scan *reference, double T_s_K, double T_a_K,
                               double phi_K_per_s, vt_path_match *match, vt_dsc_peak *cool,
                               vt_dsc_peak *iso, vt_error *err);

/* A sweep over cooling rates (`vitrum pathmatch`): the slow cooling from T_s, the anneal at
 * T_a, and the rates phi (the caller owns the list). */
typedef struct vt_path_sweep {
  double T_s_K, T_a_K;
  double *phi_K_per_s;
  size_t n_phi;
} vt_path_sweep;

/* The option table of vt_path_sweep (options.h; static, *n rows; NULL when n is NULL): T_s and
 * T_a (required), phi (a list, required, > 0), with their help (`vitrum pathmatch`'s --T-s,
 * --T-a, --phi). The list is malloc'd by the parser: the caller frees phi_K_per_s. */
VT_API const vt_option *vt_path_sweep_option_table(size_t *n);

/* Called with each rate's match and the peaks of both paths (freed after the call), k the
 * rate's index. VT_OK goes on; an error status (with `err` filled) stops the sweep. */
typedef int (*vt_path_sweep_fn)(void *ctx, size_t k, const vt_path_match *match,
                                const vt_dsc_peak *cool, const vt_dsc_peak *iso, vt_error *err);

/* The as-cooled reference once, then vt_path_match_peaks at each rate in order, handed to
 * `point` (may be NULL). A failed rate's message begins "phi = PHI K/s: ". */
VT_API int vt_path_sweep_run(vt_model *model, const vt_dsc_options *opts,
                             const vt_path_sweep *sweep, vt_path_sweep_fn point, void *ctx,
                             vt_error *err);

#ifdef __cplusplus
}
#endif

#endif
