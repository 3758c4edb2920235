/* vitrum calorimetry: measured (or simulated) heating scans turned into what a calorimetrist
 * reports: a reference (one scan or the average of several), glass and liquid lines fitted by
 * least squares, each sample's lines corrected to the reference's, the fictive temperature by
 * Moynihan's equal-area method, the relaxation enthalpy two ways, Tg by ISO 11357-2, and the
 * peak metrics of the corrected difference with a measured noise level.
 *
 * Everything is SI inside: temperatures K, heat flow W (endothermic positive after the sign of
 * the file is applied), enthalpies J. The caller scales to mW, J/g or J/mol. */
#ifndef VITRUM_CALORIMETRY_H
#define VITRUM_CALORIMETRY_H

#include <stddef.h>

#include "analysis.h"
#include "core.h"
#include "curves.h"
#include "datasets.h"
#include "options.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Temperature axis: AUTO takes Ts (the measured sample temperature) when every curve used has
 * it throughout, else Tr (the program temperature). */
typedef enum vt_cal_axis { VT_CAL_AXIS_AUTO = 0, VT_CAL_AXIS_TS, VT_CAL_AXIS_TR } vt_cal_axis;

/* What is subtracted from (sample - reference) before the peak is measured:
 *  LINES   the difference of the sample's and the reference's glass lines below the glass
 *          window's upper end, of their liquid lines above the liquid window's lower end, and
 *          the straight bridge between (the drift between two scans of one sample on one
 *          sensor: glass and liquid have one heat capacity, so what differs there is the
 *          instrument). Without a reference: the curve's own liquid line.
 *  LINEAR  one straight line fitted to the difference over both windows together.
 *  CHORD   the straight line through the first and last point of the analysed range.
 *  NONE    nothing.
 *  AUTO    LINES when the samples have references, CHORD when they stand alone (a series of
 *          curves measured without an unaged scan: vitrum kissinger --curves); not a choice of
 *          the option table's row, set by the caller. */
typedef enum vt_cal_baseline {
  VT_CAL_BASELINE_LINES = 0,
  VT_CAL_BASELINE_LINEAR,
  VT_CAL_BASELINE_CHORD,
  VT_CAL_BASELINE_NONE,
  VT_CAL_BASELINE_AUTO
} vt_cal_baseline;

typedef struct vt_cal_options {
  vt_cal_axis axis;
  int endo_up;              /* the file's sign: 0 endothermic down (as STARe exports), 1 up */
  vt_cal_baseline baseline; /* LINES */
  double glass_K[2];        /* glass-line window; NaN: found automatically (see below) */
  double liquid_K[2];       /* liquid-line window; NaN: automatic */
  double range_K[2];        /* analyse only T in [range_K[0], range_K[1]]; NaN: all */
  double noise_factor;      /* a peak lower than this times the noise is not resolved (3) */
  double smooth_K;          /* Tp, height, FWHM, onset and end are measured on the difference
                               smoothed by local straight-line fits over +-smooth_K (0.5 K; 0:
                               none); the area and the traces are never smoothed */
  double max_rate_mismatch; /* relative: sample vs reference, and references among them (0.01) */
  double max_rate_drift;    /* relative: the rate of each quarter of a scan vs the whole (0.05) */
  int min_window_points;    /* points each line window must hold (10) */
  int references_by_rate;   /* 0: the references are averaged and must share a rate; 1: they
                               are averaged per rate and each sample takes those of its rate
                               (a Kissinger series) */
} vt_cal_options;

VT_API vt_cal_options vt_cal_options_default(void);
/* The option table of vt_cal_options (options.h; static, *n rows, NULL when n is NULL), named
 * as the Python keywords: axis (auto|Ts|Tr), endo_up (0 or 1), glass, liquid (temperature
 * windows "LO, HI UNIT"), baseline (lines|linear|chord|none), range (a window), smooth
 * (smooth_K), then noise_factor, max_rate_mismatch, max_rate_drift (ratios), min_window_points
 * and references_by_rate (0 or 1). The first seven are the command line's measured-curve
 * group in its order, which spells axis --temp Ts|Tr and endo_up --endo down|up. */
VT_API const vt_option *vt_cal_option_table(size_t *n);

/* A straight line y = value_W + slope_W_per_K (T - at_K) fitted by least squares over the
 * window [T_lo_K, T_hi_K]; variances from the scatter, inflated for the serial correlation of
 * the residuals (lag-1 autocorrelation rho: factor (1 + rho)/(1 - rho)). */
typedef struct vt_cal_line {
  double T_lo_K, T_hi_K, at_K;
  double value_W, slope_W_per_K;
  double var_value, cov_value_slope, var_slope;
  double rms_W; /* residual scatter */
  size_t n;
} vt_cal_line;

/* The line at T_K (NaN for a NULL line). */
VT_API double vt_cal_line_eval(const vt_cal_line *line, double T_K);

/* Tg of a scan by ISO 11357-2 from its glass and liquid lines: the inflection (steepest point
 * of the step, from a local straight-line fit over +-smooth), the tangent there crossed with
 * the glass line (extrapolated onset) and with the liquid line (extrapolated end), and the
 * half-step midpoint where the curve first crosses the mean of the two lines. */
typedef struct vt_cal_tg {
  double onset_K, midpoint_K, inflection_K, end_K;
  double step_W; /* liquid minus glass line at the midpoint */
} vt_cal_tg;

/* One analysed curve. */
typedef struct vt_cal_curve {
  size_t index;              /* in the curve set; (size_t)-1 for an averaged reference */
  int segment;               /* -1 when none (or an average) */
  double rate_K_per_s;       /* slope of T(t) over the analysed range */
  vt_cal_line glass, liquid; /* of the curve as measured (before any correction) */
  double Tf_K, Tf_se_K;      /* Moynihan equal-area fictive temperature, with the reference's
                                lines after correction (LINES), else the curve's own */
  double dH_area_J;          /* int (corrected sample - reference) dt over the glass window's
                                start to the liquid window's end: the enthalpy recovered */
  double dH_area_se_J;       /* from the noise and the line fits */
  double dH_tf_J;            /* dCp (Tf_ref - Tf) / rate, dCp = liquid - glass line midway
                                between the two Tf (= int_Tf^Tf_ref dCp dT for straight lines):
                                the same enthalpy from the fictive temperatures. With the LINES
                                correction Moynihan's construction makes the two agree up to
                                the integration ranges; a larger gap flags lines that do not fit
                                the curves (other baselines: each curve's own lines) */
  double noise_W;            /* rms of the corrected difference in both windows (the reference:
                                the rms residual of its lines) */
  int resolved;              /* the peak's height is at least noise_factor x noise */
  vt_peak peak;              /* of the corrected difference (W against K); when not resolved
                                only `area` is set and the rest is NaN */
  double peak_area_J;        /* peak.area / rate: over the analysed range */
  size_t n;                  /* points of the traces below */
  double *T_K;               /* the curve's axis over the analysed range */
  double *heat_flow_W;       /* the curve, endothermic up */
  double *corrected_W;       /* after the correction to the reference's lines (LINES) */
  double *difference_W;      /* corrected minus reference, minus the baseline: the peak */
} vt_cal_curve;

typedef struct vt_cal_result {
  vt_cal_axis axis;               /* the axis used (TS or TR) */
  double glass_K[2], liquid_K[2]; /* the windows used */
  int windows_automatic;          /* 1 when the windows were found by the rule */
  size_t n_references;            /* references averaged (0: none given) */
  vt_cal_curve reference;         /* the (first rate's) averaged reference: lines, Tf, traces */
  vt_cal_tg tg;                   /* of that reference (NaN without a reference) */
  size_t n;
  vt_cal_curve *curves; /* the samples, in the order given */
} vt_cal_result;

/* Analyse samples[0..n_samples) of `set` against the average of references[0..n_references)
 * (n_references may be 0: each curve alone). Windows: the options' or, when NaN, a rule on the
 * reference (or the first sample): the inflection Ti of the step and the half-height width W of
 * the smoothed derivative's peak; glass [Ti - 10 W, Ti - 4 W], liquid [Ti + 5 W, Ti + 10 W],
 * clipped to the data without its first and last 5 %. Every curve must be a heating scan at a
 * constant rate over the range (see max_rate_drift) matching its reference, and each window
 * must hold min_window_points of every curve; errors name the curve (index and segment) and
 * what was expected. The result is zeroed first; after an error it holds nothing to free. */
VT_API int vt_cal_analyse(const vt_curve_set *set, const size_t *references, size_t n_references,
                          const size_t *samples, size_t n_samples, const vt_cal_options *opts,
                          vt_cal_result *out, vt_error *err);
VT_API void vt_cal_result_free(vt_cal_result *result);

/* The one heating rate of the result's curves, for fits that take one (the Debye fit): with
 * *rate_K_per_s > 0 on entry every curve must be within `tolerance` (relative) of it, else of
 * the first curve's rate, which is returned. VT_ERANGE naming the first curve off ("curve 5
 * (segment 87) is scanned at 100 K/s, not at 1000 K/s"); VT_EINVAL for NULL arguments, no
 * curves or a tolerance not in [0, 1). */
VT_API int vt_cal_common_rate(const vt_cal_result *result, double tolerance, double *rate_K_per_s,
                              vt_error *err);

/* How vt_cal_heat_flow_scans writes the differences: in a display unit, over a window. */
typedef struct vt_cal_scans_opts {
  double flow_factor;      /* W -> the display unit (1e3: mW; 1/mass, molar mass/mass) */
  int per_rate;            /* divide by each curve's rate as well: a heat capacity */
  double T_min_K, T_max_K; /* points outside are left out; NaN: no bound */
  const char *y_name;      /* the y column's name ("diff_mW") */
  const char *y_unit;      /* "mW", and its integral over time "mJ" ("" when none) */
  const char *q_unit;
} vt_cal_scans_opts;

/* The analysed curves as heat-flow scans (the Debye fit's input, see datasets.h): one scan per
 * result curve, in the result's order, T_K and the curve's difference (sample minus reference)
 * in the display unit; T named "T_K", two key columns "curve" and "segment" (the curve's index
 * in the set and its segment, key "3,87"). A scan may be left with no points by the window.
 * VT_EINVAL for a NULL argument or a non-positive flow_factor; out is zeroed first. */
VT_API int vt_cal_heat_flow_scans(const vt_cal_result *result, const vt_cal_scans_opts *opts,
                                  vt_heat_flow_scans *out, vt_error *err);

/* ---- A file's run: read, select, analyse (cal_run.c) ------------------------------------- */

/* Which curves of a file a run analyses, as vt_curve_set_select specs ("all", "0,3,5-7",
 * "seg:87,81"). Messages call the three by their names (NULL: "references", "samples",
 * "ages"; a command line passes its options' names). */
typedef struct vt_cal_selection {
  const char *references; /* the reference scans; NULL: none, each sample analysed alone */
  const char *samples;    /* the scans analysed; NULL or "all": every curve, in the method's
                             order (by segment, stably) when every curve has a segment, as
                             exports list the segments in either direction and ages follow the
                             method; else file order. A list keeps its own order */
  int skip_references;    /* 1: the references are left out of the samples; a selection of
                             references alone is then an error */
  const double *ages_s;   /* s: one ageing time per sample that is not a reference, in order,
                             whose number is checked (the caller's; not kept); n_ages 0: none */
  size_t n_ages;
  const char *references_name, *samples_name, *ages_name;
} vt_cal_selection;

/* Nothing selected but "all" samples, references kept, no ages, the default names. */
VT_API vt_cal_selection vt_cal_selection_default(void);

/* A file read, its references and samples chosen, and their analysis. Everything is owned by
 * the run and freed by vt_cal_run_free. */
typedef struct vt_cal_run {
  vt_curve_set set;   /* the file as read */
  size_t *references; /* indices into set of the reference scans (n_references; 0: none) */
  size_t n_references;
  size_t *samples; /* indices into set of the analysed scans, in analysis order */
  size_t n_samples;
  vt_cal_result result; /* vt_cal_run_analyse's: result.curves[i] is set.curves[samples[i]] */
} vt_cal_run;

/* The stages of vt_cal_run_file, for callers that tell a bad file from a bad selection:
 * vt_cal_run_read zeroes *run and reads `path` (vt_read_curves) into run->set (nothing held
 * after an error). vt_cal_run_select chooses in run->set (replacing an earlier selection and
 * analysis): errors name the selection, the file and what the file holds ("references:
 * pet.txt: curve selection 'seg:99': no curve has segment 99 (...)"), samples that are all
 * references (with skip_references) and a count of ages that is not the number of samples
 * that are not references (VT_EINVAL); after an error the run holds its set only.
 * vt_cal_run_analyse analyses the selection (vt_cal_analyse, replacing an earlier result);
 * after an error run->result is zeroed. */
VT_API int vt_cal_run_read(const char *path, vt_cal_run *run, vt_error *err);
VT_API int vt_cal_run_select(vt_cal_run *run, const vt_cal_selection *selection, vt_error *err);
VT_API int vt_cal_run_analyse(vt_cal_run *run, const vt_cal_options *opts, vt_error *err);
/* Read, select and analyse: *run is zeroed first and holds nothing after an error. */
VT_API int vt_cal_run_file(const char *path, const vt_cal_selection *selection,
                           const vt_cal_options *opts, vt_cal_run *run, vt_error *err);
/* The (rate, Tp) points of an analysed run, one per analysed curve in its order, for the
 * Kissinger and Eyring fits (vt_rate_fit_points; a series of rates: references_by_rate): rate
 * the curve's (K/s), Tp its peak's x_peak (K), line[i] the curve's index in run->set (not a
 * file line). VT_ERANGE naming the curve ("curve 3 (name): no peak resolved ...") when one has
 * no resolved peak. *out is zeroed first, holds nothing after an error; vt_rate_peaks_free. */
VT_API int vt_cal_run_rate_peaks(const vt_cal_run *run, vt_rate_peaks *out, vt_error *err);
/* Frees what the run holds and zeroes it; safe on a zeroed run, NULL is ignored. */
VT_API void vt_cal_run_free(vt_cal_run *run);

/* The sample's mass in kg, weighed (mass_kg) or from its melting: melt_J / specific_melt_J_per_kg,
 * the melting enthalpy measured on the sample over the material's specific one (m = dH / dh,
 * that quotient exactly). NaN: not given; *sample_kg = 0 when neither way is given (no mass:
 * tables stay in mW and mJ). VT_EINVAL for both ways given or one melting enthalpy without the
 * other; VT_ERANGE for a mass that is not positive ("the sample mass must be positive (got
 * -5e-09 g)") or not finite. *sample_kg is 0 after an error. */
VT_API int vt_cal_sample_mass(double mass_kg, double melt_J, double specific_melt_J_per_kg,
                              double *sample_kg, vt_error *err);

/* ---- The pieces, for curves held in arrays ------------------------------------------------ */

/* Least-squares line of y(T) over the points with T in [T_lo, T_hi] (T increasing). VT_ERANGE
 * when fewer than min_points fall inside. */
VT_API int vt_cal_fit_line(const double *T_K, const double *y_W, size_t n, double T_lo_K,
                           double T_hi_K, size_t min_points, vt_cal_line *line, vt_error *err);

/* Moynihan's equal-area fictive temperature: Tf solves
 *   int_{Tf}^{T2} (liquid - glass) dT = int_{T1}^{T2} (y - glass) dT,
 * T1 the glass window's start, T2 the liquid window's end; a closed-form root for straight
 * lines. se from the line covariances and the noise of the integral. */
VT_API int vt_cal_fictive_temperature(const double *T_K, const double *y_W, size_t n,
                                      const vt_cal_line *glass, const vt_cal_line *liquid,
                                      double *Tf_K, double *Tf_se_K, vt_error *err);

/* int_{Ta}^{Tb} (liquid - glass) dT (W K); NaN for NULL lines. */
VT_API double vt_cal_step_integral(const vt_cal_line *glass, const vt_cal_line *liquid, double Ta_K,
                                   double Tb_K);

/* ISO 11357-2 Tg of y(T) between the lines; smooth_K is the half width of the local fits. */
VT_API int vt_cal_glass_transition(const double *T_K, const double *y_W, size_t n,
                                   const vt_cal_line *glass, const vt_cal_line *liquid,
                                   double smooth_K, vt_cal_tg *tg, vt_error *err);

#ifdef __cplusplus
}
#endif

#endif
