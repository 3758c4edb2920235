/* vitrum analysis: peak metrics and kinetics of measured or simulated curves. Analyses never
 * know whether a curve was measured or simulated. */
#ifndef VITRUM_ANALYSIS_H
#define VITRUM_ANALYSIS_H

#include <stddef.h>

#include "core.h"
#include "peak.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Kinetics ------------------------------------------------------------------------------- */

/* Kissinger: ln(rate/Tp^2) = -dE/(R Tp) + c, fitted by least squares over n >= 3 points. */
typedef struct vt_kissinger {
  double dE_J_per_mol, se_dE_J_per_mol;
  double intercept, se_intercept;
  double r2;
  size_t n;
} vt_kissinger;

/* Eyring / absolute reaction rate, paper 000 Eq. 4:
 *   ln(rate/Tp^3) = -H/(R Tp) + ln(k_B R/(h_P H)) + S/R
 * The slope gives H; S follows from the intercept and H (errors propagated with the slope-
 * intercept covariance). Also reports the Kissinger dE of the same data and H + R<Tp>, which
 * paper 000 uses as a consistency check (dE = H + R Tp). */
typedef struct vt_eyring {
  double H_J_per_mol, se_H_J_per_mol;
  double S_J_per_mol_K, se_S_J_per_mol_K;
  double r2;
  double mean_Tp_K;
  double kissinger_dE_J_per_mol, se_kissinger_dE_J_per_mol;
  double H_plus_RTp_J_per_mol; /* H + R <Tp> */
  size_t n;
} vt_eyring;

/* Rates > 0 and Tp > 0 finite; n >= 3 points with at least 2 distinct rates; else VT_EINVAL
 * naming the offending point. */
VT_API int vt_kissinger_fit(const double *rate_K_per_s, const double *Tp_K, size_t n,
                            vt_kissinger *out, vt_error *err);
VT_API int vt_eyring_fit(const double *rate_K_per_s, const double *Tp_K, size_t n, vt_eyring *out,
                         vt_error *err);

/* The fits as the straight lines they are, y = a + b / Tp: Kissinger y = ln(rate/Tp^2)
 * (a = c, b = -dE/R); Eyring y = ln(rate/Tp^3) (a = ln(k_B R/(h_P H)) + S/R, b = -H/R),
 * for drawing the line through the points. VT_EINVAL on NULL or a non-positive dE or H. */
VT_API int vt_kissinger_line(const vt_kissinger *k, double *a, double *b, vt_error *err);
VT_API int vt_eyring_line(const vt_eyring *e, double *a, double *b, vt_error *err);

/* The extent of a set of (rate, Tp) points, as a summary reports it. */
typedef struct vt_rate_span {
  double Tp_min_K, Tp_max_K;
  double rate_min_K_per_s, rate_max_K_per_s;
} vt_rate_span;

/* Smallest and largest Tp and rate of n >= 1 points (NaN ignored unless all are); VT_EINVAL on
 * NULL or n = 0. */
VT_API int vt_rate_span_of(const double *rate_K_per_s, const double *Tp_K, size_t n,
                           vt_rate_span *out, vt_error *err);

/* Why a (rate, Tp) point cannot enter the fits, in words for a message naming it ("the rate is
 * not positive (heating rates must be > 0)", "Tp is not above absolute zero"); NULL when it
 * can. The fits check the same and name the point by its 0-based index; readers of tables and
 * lists check first to name its line or item. */
VT_API const char *vt_rate_point_problem(double rate_K_per_s, double Tp_K);

/* Which rate law a vt_rate_fit fits. */
typedef enum vt_rate_law { VT_RATE_KISSINGER = 0, VT_RATE_EYRING } vt_rate_law;

/* A Kissinger or Eyring fit with what is drawn and reported beside it, as `vitrum kissinger` and
 * `vitrum eyring` (and Python's kissinger() and eyring()) take it. */
typedef struct vt_rate_fit {
  vt_rate_law law;
  vt_kissinger kissinger;  /* law VT_RATE_KISSINGER */
  vt_eyring eyring;        /* law VT_RATE_EYRING */
  double line_a, line_b_K; /* the fit's line y = line_a + line_b_K / Tp (vt_*_line) */
  vt_rate_span span;       /* of the points (vt_rate_span_of) */
} vt_rate_fit;

/* The fit of `law` over n points (vt_kissinger_fit or vt_eyring_fit: their checks and messages),
 * its line and the points' span in one call. *out is zeroed first, `law` set; after an error it
 * holds nothing else. */
VT_API int vt_rate_fit_points(const double *rate_K_per_s, const double *Tp_K, size_t n,
                              vt_rate_law law, vt_rate_fit *out, vt_error *err);

/* The peak temperature Eq. 4 predicts for given H, S and rate (root of the equation). */
VT_API int vt_eyring_peak_temperature(double H_J_per_mol, double S_J_per_mol_K, double rate_K_per_s,
                                      double *Tp_K, vt_error *err);

/* ---- Debye relaxation peaks on heating (paper 004, Eqs. 3-4) ------------------------------- */

/* A recovery peak measured on heating at rate R_h: Q(t) = Q0 [1 - exp(-int dt/tau(T))], so the
 * heat flow is dQ/dt = Q0 / tau(T) exp(-int_{T_s}^{T} dT'/(R_h tau(T'))), T_s the first point.
 * tau Arrhenius: tau0 exp(E/(R T)); VFT: tau0 exp(D T0/(T - T0)) (E reported as the apparent
 * activation energy at the peak, R d ln tau/d(1/T) = R D T0 Tp^2/(Tp - T0)^2). */
typedef enum vt_tau_law { VT_TAU_ARRHENIUS, VT_TAU_VFT } vt_tau_law;

typedef struct vt_debye_fit {
  vt_tau_law law;
  double Q0, se_Q0;                   /* area: the enthalpy of the peak, in y-units x s */
  double E_J_per_mol, se_E_J_per_mol; /* Arrhenius E*, or the apparent E at Tp for VFT */
  double ln_tau0_s, se_ln_tau0;
  double D, se_D, T0_K, se_T0_K; /* VFT only */
  double Tp_K;                   /* peak of the fitted curve */
  double rms_residual;           /* sqrt(mean squared residual), y units */
  double r2;
  int iterations;
} vt_debye_fit;

/* Heat flow of the model at temperatures T[0..n) (increasing, heating at rate), T_s = T[0]. */
VT_API int vt_debye_heat_flow(vt_tau_law law, double Q0, double ln_tau0_s, double E_or_D,
                              double T0_K, double rate_K_per_s, const double *T_K, size_t n,
                              double *heat_flow, vt_error *err);

/* The fewest points vt_debye_fit_peak takes. */
#define VT_DEBYE_MIN_POINTS 8

/* Least-squares fit (GSL multifit_nlinear, trust region) of y(T) measured on heating at rate;
 * starting values from the peak position, height, area and width. Fails with a message when
 * the data hold no peak or the fit does not converge. */
VT_API int vt_debye_fit_peak(const double *T_K, const double *y, size_t n, double rate_K_per_s,
                             vt_tau_law law, vt_debye_fit *out, vt_error *err);

/* Paper 004's classes of an activation energy for a glass of Tg and fragility m:
 * gamma/beta' 20-60 kJ/mol, beta (26 +- 4) R Tg, alpha m R Tg ln 10. Returns "gamma/beta'",
 * "beta" or "alpha": the class whose range is nearest in ln E (0 distance inside a range);
 * NULL for non-positive or non-finite arguments. */
VT_API const char *vt_relaxation_class(double E_J_per_mol, double Tg_K, double fragility_m);

/* The classes in the order of their energies, the index of vt_relaxation_ranges' arrays. */
typedef enum vt_relaxation_kind {
  VT_CLASS_GAMMA_BETA_PRIME,
  VT_CLASS_BETA,
  VT_CLASS_ALPHA,
  VT_N_CLASSES
} vt_relaxation_kind;

/* The ranges vt_relaxation_class measures against, in J/mol: gamma/beta' [20e3, 60e3], beta
 * [22 R Tg, 30 R Tg], alpha the single value m R Tg ln 10 (lo = hi). */
typedef struct vt_relaxation_ranges {
  double lo_J_per_mol[VT_N_CLASSES], hi_J_per_mol[VT_N_CLASSES];
} vt_relaxation_ranges;

/* Tg and m positive and finite, else VT_EINVAL. */
VT_API int vt_relaxation_class_ranges(double Tg_K, double fragility_m, vt_relaxation_ranges *out,
                                      vt_error *err);

/* A batch of Debye fits (one per scan of a map) in numbers. */
typedef struct vt_debye_summary {
  size_t n, n_fitted;                      /* scans, and those fitted (status 0) */
  size_t n_class[VT_N_CLASSES];            /* fitted scans per class (0 without Tg and m) */
  double E_min_J_per_mol, E_max_J_per_mol; /* over the fitted scans; NaN when none */
} vt_debye_summary;

/* Summarise fits[0..n): scan i counts as fitted when status[i] is 0 (VT_OK). The classes are
 * counted when Tg_K and fragility_m are given (both NaN: not counted; otherwise both must be
 * positive and finite, else VT_EINVAL). */
VT_API int vt_debye_summarise(const vt_debye_fit *fits, const int *status, size_t n, double Tg_K,
                              double fragility_m, vt_debye_summary *out, vt_error *err);

/* How vt_debye_fit_scans fits a set of scans. */
typedef struct vt_debye_batch_opts {
  vt_tau_law law;
  double rate_K_per_s;      /* the heating rate of every scan, > 0 */
  double Tg_K, fragility_m; /* count the classes (vt_debye_summarise); both NaN: not counted */
  /* The name the caller's users know the fit's temperature window by ("--range"), when the
   * scans were cut to one: a failed fit of too few points then ends "(within NAME)". NULL: the
   * scans are whole. */
  const char *window;
  /* Called after each scan (done = 1 .. total), or NULL. */
  void (*progress)(void *ctx, size_t done, size_t total);
  void *progress_ctx;
} vt_debye_batch_opts;

/* law Arrhenius, rate, Tg and m NaN, no window, no progress. */
VT_API vt_debye_batch_opts vt_debye_batch_opts_default(void);

/* The fits of every scan of a set; arrays of n, owned (vt_debye_batch_free). */
typedef struct vt_debye_batch {
  size_t n;          /* the scans */
  vt_debye_fit *fit; /* zero where the fit failed */
  int *status;       /* VT_OK, or the failed fit's status */
  char **message;    /* why the fit failed; NULL where fitted */
  double **fit_y;    /* the fitted curve at the scan's temperatures; NULL where it failed */
  vt_debye_summary summary;
} vt_debye_batch;

/* vt_debye_fit_peak on every scan of `scans` (a scan that fails does not stop the others: its
 * status and message say why), the fitted curve of each (vt_debye_heat_flow) and the summary
 * (vt_debye_summarise). Returns VT_OK even when every fit failed (summary.n_fitted says so);
 * an error only for NULL arguments, a rate not > 0, Tg and m not both NaN or both positive,
 * or no memory, after which *out holds nothing to free. *out is zeroed first. */
struct vt_heat_flow_scans; /* datasets.h */
VT_API int vt_debye_fit_scans(const struct vt_heat_flow_scans *scans,
                              const vt_debye_batch_opts *opts, vt_debye_batch *out, vt_error *err);
/* Frees the arrays; safe on a zeroed batch. */
VT_API void vt_debye_batch_free(vt_debye_batch *b);

/* ---- Loss modulus E''(T) at a fixed frequency (paper 004, Eqs. 1-2) -------------------------- */

/* One relaxation: Havriliak-Negami E* = E_u - dE / [1 + (i w tau)^a]^b (Debye: a = b = 1), with
 * tau = tau0 exp(E_act/(R T)); its loss is E'' = dE r^-b sin(b theta), where
 * 1 + (w tau)^a e^{i a pi/2} = r e^{i theta}. (Paper 004 prints "+"; the minus sign is the one
 * that gives a positive loss, E_u at high and E_r = E_u - dE at low frequency.) */
typedef struct vt_loss_peak {
  int havriliak_negami; /* 0: Debye (a = b = 1 fixed) */
  double dE_Pa, E_act_J_per_mol, ln_tau0_s, a, b;
  double se_dE_Pa, se_E_act_J_per_mol, se_ln_tau0, se_a, se_b;
  /* Set by vt_loss_fit_run: 1 when the standard error of E_act or of dE is not below its value,
   * so the converged fit does not determine the term (typically an HN term sliding towards
   * a -> 0 with E_act -> infinity, which single-frequency data cannot tell from a finite a). */
  int undetermined;
} vt_loss_peak;

typedef struct vt_loss_fit {
  size_t n_peaks;
  vt_loss_peak peaks[4];
  double background_Pa, se_background_Pa;
  double rms_residual_Pa, r2;
  int iterations;
} vt_loss_fit;

/* E'' of one peak at angular frequency omega (rad/s) and temperature T; NaN for omega or T not
 * positive and finite, or HN a, b outside (0, 1]. */
VT_API double vt_loss_hn(double omega_rad_per_s, double T_K, const vt_loss_peak *peak);

/* Where a term's maximum lies and what it starts from: its kind, Tp, and E (0: estimated from
 * the data's half widths against those of the term's shape in ln(w tau); E_from_width then
 * says so and E_J_per_mol holds the estimate). */
typedef struct vt_loss_start {
  int havriliak_negami;
  double Tp_K;
  double E_J_per_mol;
  int E_from_width;
} vt_loss_start;

/* A term as written on a command line or in a preset, "KIND:Tp[:E]": KIND hn or debye (any
 * case), Tp a temperature with its unit ("480K", "207C"), E a molar energy ("86kJ/mol"; absent:
 * 0, from the widths). A Tp in C carries no colon, so the fields split at ':'. VT_EINVAL or
 * VT_EUNIT with a message that names the field ("Tp: missing unit in '400'"). */
VT_API int vt_loss_start_parse(const char *text, vt_loss_start *out, vt_error *err);

/* Starting values for vt_loss_fit_run from E''(T) at frequency f: each term's height at its Tp
 * above the lowest point (the background), E given or from the widths, a = b = 0.5 for HN.
 * On failure *failed names the term (VT_ERANGE: Tp outside the data; VT_EINVAL: no peak above
 * the background at Tp; VT_ENUMERIC: E not given and the data never fall to half height). */
VT_API int vt_loss_guess(const double *T_K, const double *loss_Pa, size_t n, double freq_Hz,
                         vt_loss_start *starts, size_t n_starts, vt_loss_fit *guess, size_t *failed,
                         vt_error *err);

/* The maximum of one term over [T_lo, T_hi] at frequency f (a grid of 4000 and golden-section
 * refinement); VT_EINVAL for NULL pointers or an empty range. */
VT_API int vt_loss_peak_max(double freq_Hz, const vt_loss_peak *peak, double T_lo_K, double T_hi_K,
                            double *T_max_K, double *loss_max_Pa);

/* vt_loss_peak_max of every term of a fit over [T_lo, T_hi]: T_max_K[k], loss_max_Pa[k] for
 * k < fit->n_peaks (the arrays hold 4). VT_EINVAL for NULL, a frequency not > 0 or an empty
 * range. */
VT_API int vt_loss_fit_maxima(double freq_Hz, const vt_loss_fit *fit, double T_lo_K, double T_hi_K,
                              double *T_max_K, double *loss_max_Pa, vt_error *err);

/* The fitted E'' at T: the background plus every term, each term's own E'' into terms[k]
 * (NULL: not wanted). NaN for NULL fit or T not positive. */
VT_API double vt_loss_fit_eval(double freq_Hz, const vt_loss_fit *fit, double T_K, double *terms);

/* Fit E''(T) at frequency f with the peaks in `guess` (kind and starting values, n_peaks <= 4)
 * plus a constant background. a, b are kept in (0, 1]. */
VT_API int vt_loss_fit_run(const double *T_K, const double *loss_Pa, size_t n, double freq_Hz,
                           const vt_loss_fit *guess, vt_loss_fit *out, vt_error *err);

/* A sweep's analysis in one call: the starting values (vt_loss_guess), the fit
 * (vt_loss_fit_run) and each term's maximum over the data's range (vt_loss_fit_maxima). */
typedef struct vt_loss_analysis {
  vt_loss_fit guess;                 /* the starting values */
  vt_loss_fit fit;                   /* the fit */
  double T_max_K[4], loss_max_Pa[4]; /* each term's maximum over [T_K[0], T_K[n - 1]] */
  size_t failed; /* after an error: the term whose start failed (vt_loss_guess), else n_starts */
} vt_loss_analysis;

/* vt_loss_analyse on E''(T) at frequency f (Hz) with the terms starts[0..n_starts) (1 to 4;
 * E_J_per_mol 0 is estimated there, as vt_loss_guess does). `names`, when not NULL, holds the
 * terms as the caller's users wrote them ("hn:424K"): the fit's messages then say "peak 1
 * ('hn:424K')" where they say "peaks[0]". Fewer than 3 points: VT_ERANGE, "N points: too few to
 * fit". After an error *out holds the starting values so far and `failed`; nothing to free. */
VT_API int vt_loss_analyse(const double *T_K, const double *loss_Pa, size_t n, double freq_Hz,
                           vt_loss_start *starts, size_t n_starts, const char *const *names,
                           vt_loss_analysis *out, vt_error *err);

#ifdef __cplusplus
}
#endif

#endif
