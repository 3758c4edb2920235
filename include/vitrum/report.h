/* vitrum report: the result tables (CSV) and summaries (text) of the analyses, exactly as the
 * vitrum command writes them, so a C or Python program gets the same files.
 *
 * Every table has one header line whose names carry their units ("E_kJ_per_mol", "Tp_K",
 * "rate_K_per_s"; vt_table_read reads them back), then one row per result; numbers are printed
 * with %g to the digits the CLI shows, NaN as "nan". A summary is lines of text for people.
 * The writers take an open stream (a file of an output set, vt_outset_open, or stdout); they
 * never close it. The caller owns every argument; nothing is allocated. Each *_write_* call
 * returns VT_OK, VT_EINVAL for a NULL argument (nothing written) or VT_EIO when the stream's
 * error flag is set; a buffered write can still fail when the stream is flushed or closed
 * (vt_outset_commit reports that). */
#ifndef VITRUM_REPORT_H
#define VITRUM_REPORT_H

#include <stdio.h>

#include "analysis.h"
#include "calorimetry.h"
#include "core.h"
#include "curves.h"
#include "datasets.h"
#include "dsc.h"
#include "fit.h"
#include "pdf.h"
#include "visco.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- measured curves (vitrum curves) -------------------------------------------------------- */

/* What one curve holds: ranges (NaN when it has no finite value) and the scan rate. */
typedef struct vt_curve_summary {
  double t_min_s, t_max_s;
  double T_min_K, T_max_K; /* of the program temperature Tr, else (no Tr) the sample's Ts */
  const char *T_name;      /* "Tr" or "Ts": which one */
  double hf_min_W, hf_max_W;
  double rate_K_per_s;              /* vt_curve_rate; NaN when it has none, and then */
  char note[VT_ERROR_MESSAGE_SIZE]; /* why ("" when it has one) */
} vt_curve_summary;

/* Fill *summary (zeroed first); VT_EINVAL for a NULL argument. */
VT_API int vt_curve_summarise(const vt_curve *curve, vt_curve_summary *summary);
/* A row per curve: index,segment,name,points,t_min_s,t_max_s,T_min_C,T_max_C,T_min_K,T_max_K,
 * rate_K_per_s,HF_min_mW,HF_max_mW (rate nan where vt_curve_summary.note says why). */
VT_API int vt_curve_set_write_csv(const vt_curve_set *set, FILE *fp, vt_error *err);
/* The same as a table for people, with a note per curve that has no scan rate. */
VT_API int vt_curve_set_write_summary(const vt_curve_set *set, FILE *fp, vt_error *err);

/* ---- measured-curve calorimetry (vt_cal_analyse; vitrum peaks, tf) -------------------------- */

/* How the tables show a result: units, and a label per curve. */
typedef struct vt_cal_table_opts {
  double flow_factor;                    /* W -> the heat flow shown (default 1e3: mW) */
  double energy_factor;                  /* J -> the enthalpy shown (default 1e3: mJ) */
  const char *flow_unit, *energy_unit;   /* as column names carry them: "mW", "W_per_g", "mJ",
                                          * "J_per_mol" (per_rate: a heat capacity, "mJ_per_K") */
  const char *flow_label, *energy_label; /* the same as text: "mW", "J/(g K)", "J/mol" */
  int per_rate;                          /* heat flows divided by the curve's rate */
  const size_t *references;              /* the set's reference curves: labelled "reference" */
  size_t n_references;
  const double *ages_s; /* the ageing times of the other curves, in order (n_ages of them; 0:
                         * labelled "segment N", or "curve I" without a segment) */
  size_t n_ages;
} vt_cal_table_opts;

VT_API vt_cal_table_opts vt_cal_table_opts_default(void);
/* The units of a sample: per sample (mJ, mW) without masses, per gram with sample_kg > 0, per
 * mole with a molar mass too; with per_rate heat flows become heat capacities (mJ_per_K,
 * J_per_gK, J_per_molK). Sets the factors, units, labels and per_rate of *opts (its other
 * fields stay); VT_EINVAL for a negative mass or a molar mass without the sample's mass. */
VT_API int vt_cal_table_units(double sample_kg, double molar_mass_kg_per_mol, int per_rate,
                              vt_cal_table_opts *opts, vt_error *err);
/* Result curve i's label in buf (size bytes): "reference", "0.1 s", "segment 87" or "curve 3";
 * NULL for a NULL argument or i out of range. */
VT_API const char *vt_cal_curve_label(const vt_cal_result *result, const vt_cal_table_opts *opts,
                                      size_t i, char *buf, size_t size);
/* Its ageing time in s; NaN for a reference, without ages, or for a bad argument. */
VT_API double vt_cal_curve_age(const vt_cal_result *result, const vt_cal_table_opts *opts,
                               size_t i);
/* A row per curve of the set analysed (names from `set`): index,segment,name,rate_K_per_s,Tp_C,
 * Tp_K,height_F,area_E,FWHM_K,onset_C,end_C,noise_F,resolved,label (F, E: the flow and energy
 * units; an unresolved peak's metrics are nan). */
VT_API int vt_cal_peaks_write_csv(const vt_cal_result *result, const vt_curve_set *set,
                                  const vt_cal_table_opts *opts, FILE *fp, vt_error *err);
/* Every curve's corrected difference from its reference: curve,segment,T_C,diff_F. */
VT_API int vt_cal_differences_write_csv(const vt_cal_result *result, const vt_cal_table_opts *opts,
                                        FILE *fp, vt_error *err);
/* The analysis of the reference (after a line naming the curves, which the caller writes):
 * the windows, its Tf and step at Tg (heat flow and dCp), and Tg (ISO 11357-2), temperatures
 * in C. */
VT_API int vt_cal_tf_write_summary(const vt_cal_result *result, const vt_cal_table_opts *opts,
                                   FILE *fp, vt_error *err);
/* The data checks of a Tf analysis, a line each beginning with `prefix` (NULL: none): no
 * equal-area Tf of the reference or of a curve, and curves whose two enthalpies (area, Tf)
 * differ by more than `tolerance` (relative; 0.1) where the area is above 3 standard errors:
 * windows that do not suit the curves. *n_warnings (may be NULL) receives their number. */
VT_API int vt_cal_tf_write_warnings(const vt_cal_result *result, const vt_cal_table_opts *opts,
                                    double tolerance, const char *prefix, size_t *n_warnings,
                                    FILE *fp, vt_error *err);
/* Fictive temperatures and enthalpies: index,segment,label,age_s,rate_K_per_s,Tf_K,Tf_C,Tf_se_K,
 * dH_area_E,dH_area_se_E,dH_tf_E,noise_F,resolved,Tp_C,height_F,FWHM_K,name. */
VT_API int vt_cal_tf_write_csv(const vt_cal_result *result, const vt_curve_set *set,
                               const vt_cal_table_opts *opts, FILE *fp, vt_error *err);

/* ---- stress relaxation and recovery (paper 001; vitrum kww) --------------------------------- */

/* A value of the series' column as shown: stress in MPa, strain in %, y as it is; *unit (when
 * unit is not NULL) the unit shown ("MPa", "%", ""). NaN for a NULL series. */
VT_API double vt_relax_series_show(const vt_relax_series *s, double value, const char **unit);

/* One row of a (double) KWW fit of `file`: file,column,kind,n,t_start_s,y0,se_y0,y_inf,se_y_inf,
 * A,se_A,tau1_s,se_tau1_s,beta1,se_beta1,tau2_s,se_tau2_s,beta2,se_beta2,rms,r2,t_p_s,dsigma
 * (y in the series' y units; dsigma, the memory peak's height, in the shown unit). */
VT_API int vt_kww_fit_write_csv(const char *file, const vt_relax_series *s, const vt_kww_fit *fit,
                                const vt_memory_peak *peak, FILE *fp, vt_error *err);
/* One row of a recovery fit: file,n,t_start_s,tau_rec_s,se_tau_rec_s,beta_rec,se_beta_rec,
 * eps0_pct,se_eps0_pct,eps_inf_pct,se_eps_inf_pct,eps1_pct,recovery_fraction,
 * se_recovery_fraction,rms_pct,r2 (eps1: the strain before unloading, a fraction; NaN: none). */
VT_API int vt_recovery_fit_write_csv(const char *file, const vt_relax_series *s,
                                     const vt_recovery_fit *fit, double eps1, FILE *fp,
                                     vt_error *err);
/* The series with the fitted curve: t_s,y,fit,residual for a KWW fit (`kww`), or
 * t_s,strain_pct,fit_pct,residual_pct for a recovery fit (`rec`); give exactly one of them. */
VT_API int vt_kww_fitted_write_csv(const vt_relax_series *s, const vt_kww_fit *kww,
                                   const vt_recovery_fit *rec, FILE *fp, vt_error *err);
/* The KWW fits of an Arrhenius set (vt_arrhenius_kww), one row per curve:
 * file,T_K,tau_s,se_tau_s,beta,se_beta; files[k] names curve k. */
VT_API int vt_kww_taus_write_csv(const char *const *files, const vt_relax_curve *curves,
                                 const vt_kww_fit *fits, size_t n, FILE *fp, vt_error *err);
/* Arrhenius fits per loading-time window: t_w_s,Ea_kJ_per_mol,se_Ea_kJ_per_mol,ln_tau0_s,r2. */
VT_API int vt_arrhenius_windows_write_csv(const double *t_w_s, const vt_arrhenius_fit *fits,
                                          size_t n, FILE *fp, vt_error *err);
/* The t_p - tau_rec regression of n points: n,intercept_s,se_intercept_s,slope,se_slope,r2. */
VT_API int vt_tp_tau_fit_write_csv(const vt_tp_tau_fit *fit, size_t n, FILE *fp, vt_error *err);
/* Its points: tau_rec_s,t_p_s. */
VT_API int vt_tp_tau_points_write_csv(const double *tau_rec_s, const double *t_p_s, size_t n,
                                      FILE *fp, vt_error *err);
/* The regression of `file`'s n points as one line with standard errors. */
VT_API int vt_tp_tau_fit_write_summary(const char *file, const vt_tp_tau_fit *fit, size_t n,
                                       FILE *fp, vt_error *err);
/* Summaries: the fit with standard errors (y0 and y_inf too with show_ends) and the data's
 * memory peak; the recovery fit and, with a finite eps1, the recovered fraction. */
VT_API int vt_kww_fit_write_summary(const char *file, const vt_relax_series *s,
                                    const vt_kww_fit *fit, const vt_memory_peak *peak,
                                    int show_ends, FILE *fp, vt_error *err);
VT_API int vt_recovery_fit_write_summary(const char *file, const vt_relax_series *s,
                                         const vt_recovery_fit *fit, double eps1, FILE *fp,
                                         vt_error *err);
/* The Arrhenius analysis: without windows (n_window 0) a line per curve (files, curves, fits,
 * n) and the fit a[0]; with windows a line per window t_w_s[k], fit a[k]. Energies in kJ/mol. */
VT_API int vt_arrhenius_kww_write_summary(const char *const *files, const vt_relax_curve *curves,
                                          const vt_kww_fit *fits, size_t n,
                                          const vt_arrhenius_fit *a, const double *t_w_s,
                                          size_t n_window, FILE *fp, vt_error *err);

/* ---- Debye fits of relaxation peaks (paper 004; vitrum debye) -------------------------------- */

/* The fits of a set of scans, as the writers below read them (nothing is owned). */
typedef struct vt_debye_report {
  const vt_heat_flow_scans *scans; /* the scans (their units name the columns) */
  const vt_debye_fit *fit;         /* one per scan */
  const int *status;               /* one per scan: 0 fitted, else the fit's status */
  const char *const *message;      /* one per scan, or NULL: why a fit failed (else vt_strerror) */
  const double *const *fit_y;      /* one per scan, or NULL (NULL entries: not fitted): the
                                    * fitted curve at the scan's temperatures */
  int law;                         /* vt_tau_law of the fits: VFT adds D and T0 */
  double rate_K_per_s;             /* the heating rate */
  double Tg_K, fragility;          /* the class of each E* (vt_relaxation_class); NaN: none */
} vt_debye_report;

/* The first scan's fit as one row: n,law,rate_K_per_s,T_min_K,T_max_K,dh_Q,se_dh_Q,
 * E_kJ_per_mol,se_E_kJ_per_mol,ln_tau0_s,se_ln_tau0,[D,se_D,T0_K,se_T0_K,]Tp_K,rms_Y,r2,
 * iterations,class (Q the scans' q_unit with '/' as "_per_", "y_times_s" when unknown; Y the
 * y_unit, "y" when unknown). */
VT_API int vt_debye_row_write_csv(const vt_debye_report *r, FILE *fp, vt_error *err);
/* A row per scan: scan,KEYS...,n,<the fit columns above>,class,status (status "ok" or why not;
 * a failed scan's numbers are nan). */
VT_API int vt_debye_table_write_csv(const vt_debye_report *r, FILE *fp, vt_error *err);
/* The data and fit of every scan: [scan,KEYS...,]T_K,Y,fit_Y,residual_Y (Y the y column's name;
 * `keys` nonzero puts the scan's index and keys first). */
VT_API int vt_debye_fitted_write_csv(const vt_debye_report *r, int keys, FILE *fp, vt_error *err);
/* The first scan's fit with standard errors (and class, when Tg_K and fragility are given). */
VT_API int vt_debye_fit_write_summary(const vt_debye_report *r, FILE *fp, vt_error *err);
/* A batch's outcome (s: vt_debye_summarise of r's fits): "N scans, M fitted (LAW law), K
 * failed", then the E* range of the fitted, and with Tg and fragility the count per class and
 * the class ranges. */
VT_API int vt_debye_batch_write_summary(const vt_debye_report *r, const vt_debye_summary *s,
                                        FILE *fp, vt_error *err);
/* One line per scan whose fit failed: `prefix` (may be NULL), "scan I (line L: KEY): why" (the
 * message, else vt_strerror of the status). */
VT_API int vt_debye_batch_write_failures(const vt_debye_report *r, const char *prefix, FILE *fp,
                                         vt_error *err);
/* The class ranges of Tg and m in kJ/mol, one line (VT_EINVAL when not positive). */
VT_API int vt_relaxation_classes_write_summary(double Tg_K, double fragility_m, FILE *fp,
                                               vt_error *err);

/* ---- rate analyses (paper 000; vitrum kissinger, eyring) ------------------------------------ */

/* The fit as one row with the span of its points: n,dE_J_per_mol,se_dE_J_per_mol,intercept,
 * se_intercept,r2,Tp_min_K,Tp_max_K,rate_min_K_per_s,rate_max_K_per_s. */
VT_API int vt_kissinger_write_csv(const vt_kissinger *fit, const vt_rate_span *span, FILE *fp,
                                  vt_error *err);
/* n,H_J_per_mol,se_H_J_per_mol,S_J_per_mol_K,se_S_J_per_mol_K,r2,mean_Tp_K,
 * kissinger_dE_J_per_mol,se_kissinger_dE_J_per_mol,H_plus_RTp_J_per_mol,
 * dE_minus_H_plus_RTp_J_per_mol, then the span as above. */
VT_API int vt_eyring_write_csv(const vt_eyring *fit, const vt_rate_span *span, FILE *fp,
                               vt_error *err);
/* The points with the fitted line y = a + b / Tp (vt_kissinger_line, vt_eyring_line):
 * rate_K_per_s,Tp_K,inv_Tp_per_K,Y,fit_Y,source with Y ln_rate_over_Tp2 (Kissinger) or, with
 * `eyring`, ln_rate_over_Tp3; source[i] (source or entries may be NULL: empty) says where point
 * i came from. */
VT_API int vt_rate_points_write_csv(const double *rate_K_per_s, const double *Tp_K,
                                    const char *const *source, size_t n, int eyring, double a,
                                    double b, FILE *fp, vt_error *err);
/* A vt_rate_fit's row (vt_kissinger_write_csv or vt_eyring_write_csv by its law, with its span)
 * and its summary: the points' span, "  Tp 454.017 .. 508.602 K at 100 .. 10000 K/s", then the
 * law's summary below. */
VT_API int vt_rate_fit_write_csv(const vt_rate_fit *fit, FILE *fp, vt_error *err);
VT_API int vt_rate_fit_write_summary(const vt_rate_fit *fit, FILE *fp, vt_error *err);
/* The fits' lines with standard errors, energies in kJ/mol. */
VT_API int vt_kissinger_write_summary(const vt_kissinger *fit, FILE *fp, vt_error *err);
VT_API int vt_eyring_write_summary(const vt_eyring *fit, FILE *fp, vt_error *err);

/* ---- loss peaks of a DMA temperature sweep (vitrum loss) ------------------------------------- */

/* A row per peak: peak,kind,E_act_J_per_mol,se_E_act_J_per_mol,ln_tau0_s,se_ln_tau0,tau0_s,
 * dE_Pa,se_dE_Pa,a,se_a,b,se_b,T_max_K,loss_max_Pa,background_Pa,se_background_Pa,
 * rms_residual_Pa,r2,freq_Hz,n_points,iterations; T_max_K, loss_max_Pa: the peaks' maxima
 * (vt_loss_fit_maxima), n_points: the sweep's. */
VT_API int vt_loss_fit_write_csv(const vt_loss_fit *fit, const double *T_max_K,
                                 const double *loss_max_Pa, double freq_Hz, size_t n_points,
                                 FILE *fp, vt_error *err);
/* The sweep with the fit and each term: T_K,T_C,loss_MPa,fit_MPa,residual_MPa,peakK_MPa...,
 * background_MPa. */
VT_API int vt_loss_fitted_write_csv(const vt_loss_sweep *sweep, const vt_loss_fit *fit,
                                    double freq_Hz, FILE *fp, vt_error *err);
/* One peak's lines (E_act in kJ/mol, tau0, dE in MPa, the HN shape, its maximum), and the fit's
 * background, rms, R^2 and iterations. */
VT_API int vt_loss_peak_write_summary(const vt_loss_peak *peak, double T_max_K, double loss_max_Pa,
                                      FILE *fp, vt_error *err);
VT_API int vt_loss_fit_write_summary(const vt_loss_fit *fit, FILE *fp, vt_error *err);
/* vt_loss_analyse's outcome for people: per term "peak K: KIND, start NAME" (names[k], the term
 * as written; NULL: none) with "(E_act from the width: .. kJ/mol)" when starts[k] says so, its
 * summary (vt_loss_peak_write_summary, at its maximum), then vt_loss_fit_write_summary. */
VT_API int vt_loss_analysis_write_summary(const vt_loss_analysis *a, const vt_loss_start *starts,
                                          const char *const *names, FILE *fp, vt_error *err);
/* The note on a term the fit does not determine (vt_loss_peak.undetermined), one line: "peak N's
 * standard errors exceed its values (E_act .. +- .. kJ/mol, dE .. +- .. MPa): these data do not
 * determine it" (an HN term: "; at one frequency an HN term trades E_act against a"); nothing
 * for a determined term. `number`: the term's number for the reader (1: the first). */
VT_API int vt_loss_peak_write_note(const vt_loss_peak *peak, size_t number, FILE *fp,
                                   vt_error *err);

/* ---- simulated Flash DSC (vitrum dsc, kovacs, pathmatch) ------------------------------------ */

/* The annealed and reference scans (same steps) with their difference:
 * T_K,time_s,hf_annealed_W_per_mol,hf_reference_W_per_mol,dhf_W_per_mol; with sample_mol > 0
 * (the sample's amount in mol) also hf_annealed_mW,hf_reference_mW,dhf_mW. */
VT_API int vt_dsc_traces_write_csv(const vt_dsc_scan *annealed, const vt_dsc_scan *reference,
                                   double sample_mol, FILE *fp, vt_error *err);
/* The relaxation peak: dh (in uJ too with sample_mol > 0), Tp, FWHM, onset and end, the scans'
 * starting Tf, and a warning when the scans end apart (the scan stopped below the liquid). */
VT_API int vt_dsc_peak_write_summary(const vt_dsc_peak *peak, const vt_dsc_scan *annealed,
                                     const vt_dsc_scan *reference, double sample_mol, FILE *fp,
                                     vt_error *err);
/* An annealing sweep, a row per anneal as it is computed: the header
 * T_a_K,t_a_s,dh_J_per_mol,Tp_K,FWHM_K,onset_K,end_K (VT_OK, VT_EINVAL or VT_EIO), then a row
 * of the peak of an anneal at T_a_K for t_a_s (nan metrics where the peak has none). */
VT_API int vt_dsc_anneal_csv_header(FILE *fp);
VT_API int vt_dsc_anneal_write_csv(double T_a_K, double t_a_s, const vt_dsc_peak *peak, FILE *fp,
                                   vt_error *err);
/* The peak's curve, a row "KEY,T_K,dheat_flow_W_per_mol" per step and a blank line after (the
 * grid layout gnuplot reads); `key` is the row's leading CSV fields ("373,50", "10,cool"). */
/* Its header: `key_names` (the key's columns, "T_a_K,t_a_s"), then T_K,dheat_flow_W_per_mol. */
VT_API int vt_dsc_peak_curve_csv_header(const char *key_names, FILE *fp);
VT_API int vt_dsc_peak_curve_write_csv(const char *key, const vt_dsc_peak *peak, FILE *fp,
                                       vt_error *err);
/* Kovacs memory curves (vt_kovacs_run): T1_K,t1_s,t2_s,dh_J_per_mol,dh_at_T2_J_per_mol, every
 * point of every curve; and a row per curve with its peak: T1_K,t1_s,dh1_J_per_mol,
 * dh_peak_J_per_mol,t_peak_s. */
VT_API int vt_kovacs_curves_write_csv(const vt_kovacs_curve *curves, size_t n, FILE *fp,
                                      vt_error *err);
VT_API int vt_kovacs_peaks_write_csv(const vt_kovacs_curve *curves, size_t n, FILE *fp,
                                     vt_error *err);
/* Path matching (paper 000 Fig. 3), a row per cooling rate: the header
 * phi_K_per_s,dh_path_J_per_mol,t_a_s,Tp_cool_K,FWHM_cool_K,Tp_iso_K,FWHM_iso_K,
 * dh_dsc_cool_J_per_mol,dh_dsc_iso_J_per_mol, then the row of a match with the peaks of its
 * cooling and isothermal paths. */
VT_API int vt_path_match_csv_header(FILE *fp);
VT_API int vt_path_match_write_csv(const vt_path_match *match, const vt_dsc_peak *cool,
                                   const vt_dsc_peak *iso, FILE *fp, vt_error *err);

/* ---- X-ray patterns, S(Q) and G(r) (paper 001; vitrum pdf) ---------------------------------- */

/* One analysed pattern of a series (vt_pdf_analyse); nothing is owned but `res`, which the
 * caller frees with vt_pdf_result_free. */
typedef struct vt_pdf_frame {
  const vt_pattern *pattern; /* the pattern analysed (may be NULL: the writers do not read it) */
  const char *source;        /* its file, for the table's source column (NULL: empty) */
  double time_s;             /* NaN: untimed */
  vt_pdf_result res;
} vt_pdf_frame;

/* A row per frame: frame,time_s,Q_min_inv_A,Q_max_inv_A,norm_factor,S_mean_norm,peak_r_A,
 * peak_G_inv_A2,FWHM_A,r_half_lo_A,r_half_hi_A,area_inv_A, then for sub-peaks k = 1, 2
 * subk_r_A,subk_se_r_A,subk_FWHM_A,subk_se_FWHM_A,subk_area_inv_A,subk_se_area_inv_A (nan when
 * the peak was not split), split_rms_inv_A2,split_r2,source. */
VT_API int vt_pdf_peaks_write_csv(const vt_pdf_frame *frames, size_t n, FILE *fp, vt_error *err);
/* S(Q) of every frame, long format: frame,time_s,Q_inv_A,I_coh_per_atom,S,F_inv_A. */
VT_API int vt_pdf_sq_write_csv(const vt_pdf_frame *frames, size_t n, FILE *fp, vt_error *err);
/* G(r) of every frame on the grid r_A (res.n_r points): frame,time_s,r_A,G_inv_A2. */
VT_API int vt_pdf_gr_write_csv(const vt_pdf_frame *frames, size_t n, const double *r_A, FILE *fp,
                               vt_error *err);
/* Summary lines: the composition with <f(0)> and the pair weights; frame i (its S(Q) range,
 * normalisation, first peak and sub-peaks); a series' ranges of first-peak position and FWHM. */
VT_API int vt_pdf_weights_write_summary(const vt_composition *c, FILE *fp, vt_error *err);
VT_API int vt_pdf_frame_write_summary(size_t i, const vt_pdf_frame *frame, FILE *fp, vt_error *err);
VT_API int vt_pdf_series_write_summary(const vt_pdf_frame *frames, size_t n, FILE *fp,
                                       vt_error *err);
/* The summary of a run, a line each beginning with `prefix` (NULL: none): the weights' line,
 * a line per frame when there are at most VT_PDF_SUMMARY_FRAMES of them (a longer series would
 * bury the rest), and the series' line when n > 1. n may be 0 (frames NULL: the weights alone). */
#define VT_PDF_SUMMARY_FRAMES 10
VT_API int vt_pdf_write_summary(const vt_composition *c, const vt_pdf_frame *frames, size_t n,
                                const char *prefix, FILE *fp, vt_error *err);

/* ---- model parameters fitted to dh tables and Cp_N curves (paper 000; vitrum fit) ----------- */

/* A finished fit (vt_fit_run) as the writers below read it (nothing is owned). */
typedef struct vt_fit_report {
  const vt_model *model;       /* the fitted model: its table names the units, and it holds the
                                * fixed parameters' values */
  const vt_fit_data *data;     /* what was fitted */
  const vt_fit_result *result; /* its predicted and residual values, in the data's order */
  vt_dh_reading reading;       /* how the model's dh was read (the summary says) */
  const char *const *dh_file;  /* per dh point, the file it came from (NULL, or a NULL entry:
                                * the point's source is empty) */
  long *const *curve_lines;    /* per curve, each point's source line (NULL: sources empty) */
  const char *curve_file;      /* the export every curve came from (vt_fit_data_from_scans: the
                                * summary says the lines' uncertainty is counted), or NULL:
                                * each curve from the CSV it is named after */
} vt_fit_report;

/* The fitted values: name,value_si,unit,value_in_unit,se_in_unit (the unit: the model table's;
 * se nan for a value on a bound), a dh_offset row in J/mol when it was fitted; a fit that did not
 * converge starts with a line "# converged=no: WHY". VT_EINVAL also for a result whose names are
 * not the model's parameters or whose counts do not match the data. */
VT_API int vt_fit_values_write_csv(const vt_fit_report *r, FILE *fp, vt_error *err);
/* Every point with the model's value and residual (predicted - measured):
 * T1_K,t1_s,T2_K,t2_s,dh_J_per_mol,predicted_J_per_mol,residual_J_per_mol for dh points (T2,
 * t2 empty for single steps), then curve,T_K,CpN,predicted_CpN,residual_CpN for curve points,
 * and source ("file:line"). */
VT_API int vt_fit_predicted_write_csv(const vt_fit_report *r, FILE *fp, vt_error *err);
/* The dh points by protocol (protocol_of: vt_fit_protocols'), against the time they are
 * plotted at (vt_dh_point_time): protocol,t_s,dh_J_per_mol,predicted_J_per_mol,
 * residual_J_per_mol. */
VT_API int vt_fit_points_write_csv(const vt_fit_report *r, const size_t *protocol_of, FILE *fp,
                                   vt_error *err);
/* The fitted line of each protocol (vt_fit_protocol_lines: `lines` and protocol_of; predicted:
 * vt_fit_predict on them): protocol,t_s,predicted_J_per_mol. */
VT_API int vt_fit_lines_write_csv(const vt_fit_data *lines, const size_t *protocol_of,
                                  const double *predicted, FILE *fp, vt_error *err);
/* The Cp_N curves with the fit: curve,T_K,CpN,predicted_CpN (curve: its index in the data). */
VT_API int vt_fit_curves_write_csv(const vt_fit_report *r, FILE *fp, vt_error *err);
/* The fit for people: the data, each value with its standard error and unit (and the fixed
 * parameters), chi^2 and its degrees of freedom, the runs and why the best start stopped, the
 * offset and tau_ref when fitted, the correlation matrix with a warning for each pair above
 * 0.99 (the data fix only their combination), each curve's equal-area Tf measured and fitted
 * (and, for three curves or more, whether both fall from curve to curve), and the result's
 * warnings. */
VT_API int vt_fit_write_summary(const vt_fit_report *r, FILE *fp, vt_error *err);

/* ---- two-step strain sweeps (paper 001; vitrum strain) -------------------------------------- */

/* A sweep's tables, a run at a time as it is computed (vt_two_step_sweep_point gives run k's
 * spec). The second hold of each run: the header run,eps1_pct,eps2_pct,t_w_s,T_K,t2_s,
 * stress_MPa (VT_OK, VT_EINVAL or VT_EIO), then a row per point of curve m (strains in %, stress
 * in MPa). */
VT_API int vt_two_step_curve_csv_header(FILE *fp);
VT_API int vt_two_step_curve_write_csv(size_t run, const vt_two_step *spec,
                                       const vt_memory_curve *m, FILE *fp, vt_error *err);
/* A row per run: the header run,eps1_pct,eps2_pct,t_w_s,T_K,sigma_w_MPa,sigma0_MPa,
 * sigma_peak_MPa,dsigma_MPa,t_p_s,tau_rec_s,beta_rec,eps_vp_pct,recovery_fraction, then the row
 * of run `run`: the memory curve's stress at the end of the first hold and its peak (m NULL:
 * nan, a sweep without a second step) and the recovery (rec NULL: nan, no recovery run).
 * Nothing is owned. */
VT_API int vt_two_step_row_csv_header(FILE *fp);
VT_API int vt_two_step_row_write_csv(size_t run, const vt_two_step *spec, const vt_memory_curve *m,
                                     const vt_recovery_summary *rec, FILE *fp, vt_error *err);

#ifdef __cplusplus
}
#endif

#endif
