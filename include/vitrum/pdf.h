/* vitrum pdf: X-ray total scattering of a glass, from an integrated pattern I(Q) to the
 * Faber-Ziman structure factor S(Q), the reduced pair distribution function G(r), the partial
 * weights w_ij and the first-peak metrics of paper 001 (Methods, Fig. 5).
 *
 * Units (the field's own, written into every name): the scattering vector Q = 4 pi sin(theta) /
 * lambda in 1/Angstrom, distances r and wavelengths in Angstrom, F(Q) = Q [S(Q) - 1] in
 * 1/Angstrom, G(r) in 1/Angstrom^2, intensities per atom in electron units. Atomic form factors
 * f_i(Q) and incoherent (Compton) scattering functions come from xraylib, at
 * q = sin(theta)/lambda = Q/(4 pi); f_i(0) = Z_i.
 *
 * Ownership: the caller owns inputs; arrays in results are allocated by the library and freed
 * by the matching _free (free(NULL)-safe, and safe on a zeroed struct). */
#ifndef VITRUM_PDF_H
#define VITRUM_PDF_H

#include <stddef.h>
#include <stdio.h>

#include "core.h"
#include "options.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Composition, form factors, weights ------------------------------------------------------ */

#define VT_PDF_MAX_ELEMENTS 16
#define VT_PDF_MAX_PAIRS    (VT_PDF_MAX_ELEMENTS * (VT_PDF_MAX_ELEMENTS + 1) / 2)

/* An alloy: element symbols, atomic numbers and atomic fractions c_i (normalised, sum 1). */
typedef struct vt_composition {
  size_t n;
  char symbol[VT_PDF_MAX_ELEMENTS][4];
  int Z[VT_PDF_MAX_ELEMENTS];
  double c[VT_PDF_MAX_ELEMENTS];
} vt_composition;

/* Parse "Ti16.7Zr16.7Hf16.7Cu16.7Ni16.7Be16.7", "Cu56Zr44", "CuZr2", "Cu 0.5 Zr 0.5": symbols
 * (capital letter first, as xraylib spells them) each followed by an optional positive amount
 * (1 when absent); the amounts are normalised to fractions. An unknown symbol, an element
 * xraylib has no form factors for (Z > 98), a repeated element, a zero amount or more than
 * VT_PDF_MAX_ELEMENTS elements give VT_ENOTFOUND / VT_EPARSE with a message naming it. */
VT_API int vt_composition_parse(const char *text, vt_composition *out, vt_error *err);

/* The composition as "Cu0.56Zr0.44" (fractions to 4 significant digits), into buf. */
VT_API const char *vt_composition_format(const vt_composition *c, char *buf, size_t size);

/* Atomic form factor f(Z, Q) (xraylib FF_Rayl at q = Q/(4 pi)) and incoherent scattering
 * function S_inc(Z, Q) (xraylib SF_Compt; 0 at Q = 0), in electrons. Q >= 0, 1 <= Z <= 98. */
VT_API int vt_xray_form_factor(int Z, double Q_inv_A, double *f, vt_error *err);
VT_API int vt_xray_compton(int Z, double Q_inv_A, double *s_inc, vt_error *err);

/* Composition averages at Q: <f> = sum c_i f_i, <f^2> = sum c_i f_i^2 and the Compton term
 * sum c_i S_inc,i (any output pointer may be NULL). */
VT_API int vt_xray_averages(const vt_composition *c, double Q_inv_A, double *f_mean,
                            double *f2_mean, double *compton, vt_error *err);

/* One pair of the weight table: elements i <= j (indices into the composition) and
 * w_ij = (2 - delta_ij) c_i c_j f_i f_j / <f>^2 (the factor 2 counts i-j and j-i, as paper 001
 * sums over pairs), so the weights of all pairs add up to 1. */
typedef struct vt_pdf_pair {
  size_t i, j;
  double weight;
} vt_pdf_pair;

/* The n (n + 1)/2 pairs in the order (0,0), (0,1), ..., (1,1), ... into pairs[] (room for
 * VT_PDF_MAX_PAIRS), with f_i = f[i] when f is not NULL, else f_i(0) = Z_i from xraylib. */
VT_API int vt_pdf_weights(const vt_composition *c, const double *f, vt_pdf_pair *pairs,
                          size_t *n_pairs, vt_error *err);

/* The weight table as CSV: pair,element_i,element_j,Z_i,Z_j,c_i,c_j,f0_i,f0_j,w_ij, one row per
 * pair of vt_pdf_weights at f_i(0) = Z_i. */
VT_API int vt_pdf_weights_write_csv(const vt_composition *c, FILE *fp, vt_error *err);

/* ---- Lengths, scattering vectors, wavelengths as people write them --------------------------- */

/* A length in Angstrom: "20", "20 A", "2 nm", "200 pm" (a bare number is in Angstrom). */
VT_API int vt_pdf_parse_length(const char *text, double *length_A, vt_error *err);
/* A scattering vector in 1/Angstrom: "16.5", "16.5 1/A", "165 1/nm" (bare: 1/Angstrom). */
VT_API int vt_pdf_parse_Q(const char *text, double *Q_inv_A, vt_error *err);
/* "LOW,HIGH" with one optional unit after HIGH for both ("10,16 1/A", "2.2,3.4 A"): two
 * increasing values into range[0], range[1], scattering vectors when is_Q, else lengths (units
 * as above). */
VT_API int vt_pdf_parse_range(const char *text, int is_Q, double *range, vt_error *err);
/* The X-ray wavelength from a length ("0.2065 A", "0.02065 nm") or a photon energy
 * ("60.037 keV", "60037 eV"): lambda = h c / E (12.398 keV Angstrom). Positive and finite:
 * VT_ERANGE otherwise; VT_EUNIT for text that is neither ("'3 kg': expected a number with an
 * optional unit (A, nm or pm)"). */
VT_API int vt_pdf_parse_wavelength(const char *text, double *wavelength_A, vt_error *err);

/* ---- The r grid of G(r) ---------------------------------------------------------------------- */

#define VT_PDF_MAX_R_POINTS 1000000

typedef struct vt_r_grid_options {
  double r_min_A, r_max_A, dr_A; /* default 0, 20 and 0.01 Angstrom */
} vt_r_grid_options;

VT_API vt_r_grid_options vt_r_grid_options_default(void);

/* Option tables (options.h) of the structs below, in their help's order; *n rows (NULL for a
 * NULL n). Their fields keep their units, Angstrom and 1/Angstrom: the rows read bare numbers in
 * them ("20" is 20 A), other units converted ("2 nm", "165 1/nm"), ranges with one unit after
 * the second value ("2.2,3.4 A"), and vt_option_set_si takes numbers in them
 * (VT_OPTION_IN_UNIT). r grid: rmin, rmax, dr. */
VT_API const vt_option *vt_r_grid_option_table(size_t *n);

/* r_k = r_min + k dr up to r_max (rounding within 1e-9 dr), malloc'd (caller frees *r_A).
 * 0 <= r_min < r_max, dr > 0 and at most VT_PDF_MAX_R_POINTS points, else VT_EINVAL. */
VT_API int vt_pdf_r_grid(const vt_r_grid_options *opt, double **r_A, size_t *n_r, vt_error *err);

/* ---- Patterns -------------------------------------------------------------------------------- */

/* 2 theta (degrees) to Q = 4 pi sin(theta)/lambda (1/Angstrom); NaN outside 0 <= 2 theta < 180
 * or for a wavelength that is not positive. */
VT_API double vt_twotheta_to_Q(double twotheta_deg, double wavelength_A);

/* One integrated pattern: Q strictly increasing, raw intensities >= 0. */
typedef struct vt_pattern {
  size_t n;
  double *Q_inv_A;
  double *intensity;
  double time_s;   /* from the file's time column; NaN without one */
  long first_line; /* line of the first point in the file; point k is on first_line + k */
} vt_pattern;

typedef struct vt_pattern_set {
  size_t n;
  vt_pattern *patterns;
  char *source;      /* the file name */
  int from_twotheta; /* 1 when the file gave 2 theta, converted with the wavelength */
} vt_pattern_set;

typedef enum vt_pattern_axis { VT_AXIS_NONE = 0, VT_AXIS_Q, VT_AXIS_TWOTHETA } vt_pattern_axis;

typedef struct vt_pattern_read_options {
  double wavelength_A;       /* needed for 2 theta; 0 (none) by default */
  vt_pattern_axis no_header; /* the first column of a file without a header: Q in 1/Angstrom
                                or 2 theta in degrees; VT_AXIS_NONE (default): a header is
                                required */
} vt_pattern_read_options;

VT_API vt_pattern_read_options vt_pattern_read_options_default(void);
/* axis: no_header as "Q" or "2theta" ("none": VT_AXIS_NONE). The wavelength is no row: it also
 * takes a photon energy (vt_pdf_parse_wavelength). */
VT_API const vt_option *vt_pattern_read_option_table(size_t *n);

/* Read patterns from a text file: '#' comments, then a header naming the columns with units,
 * comma- or whitespace-separated:
 *     Q_inv_A,I          Q [1/A],intensity        q_nm^-1 I        2theta_deg,I       2th_deg I
 * (the last '#' line before numeric rows serves as the header when it names the columns, as
 * pyFAI writes them). Q units: 1/A, A^-1, inv_A, 1/nm, nm^-1; 2 theta: deg or rad. An optional
 * time column (time_s, t [min], ...) splits the rows into patterns where its value changes (a
 * time-resolved series). Other columns (sigma, ...) are ignored. Errors name file:line: a
 * non-increasing Q or 2 theta, a negative or non-finite intensity, a missing unit, 2 theta
 * without a wavelength, fewer than 2 points in a pattern. */
VT_API int vt_read_pattern_csv(const char *path, const vt_pattern_read_options *opt,
                               vt_pattern_set *out, vt_error *err);
VT_API void vt_pattern_set_free(vt_pattern_set *set);

/* ---- S(Q) (Faber-Ziman) ---------------------------------------------------------------------- */

/* S(Q) = [I_coh(Q) - (<f^2> - <f>^2)] / <f>^2, with the coherent intensity per atom
 * I_coh = alpha [I(Q) - b I_bkg(Q)] - compton(Q) (compton only when asked for). The
 * normalisation alpha is fitted so that S -> 1 at high Q: over the window [norm_Q_lo, norm_Q_hi]
 * least squares of alpha [I - b I_bkg] against <f^2> + compton (which is S = 1 there), in closed
 * form alpha = sum(I_s t) / sum(I_s^2). */
typedef struct vt_sq_options {
  double Q_min_inv_A, Q_max_inv_A;         /* range used; NaN (default): the data's */
  double background_scale;                 /* b; 1 by default */
  int compton;                             /* subtract sum c_i S_inc,i(Q); 0 by default */
  double norm_Q_lo_inv_A, norm_Q_hi_inv_A; /* NaN (default): the top 30 % of [Q_min, Q_max] */
  double norm_factor;                      /* > 0: use this alpha, no fit; NaN (default) */
} vt_sq_options;

VT_API vt_sq_options vt_sq_options_default(void);
/* qmin, qmax (1/A), compton (a flag), norm_range ('Q1,Q2', 1/A), norm_factor (alpha > 0); the
 * background scale b is no row (a plain number). */
VT_API const vt_option *vt_sq_option_table(size_t *n);

typedef struct vt_sq {
  size_t n;
  double *Q_inv_A, *I_coh, *S, *F_inv_A; /* F = Q (S - 1) */
  double norm_factor;                    /* alpha */
  double norm_Q_lo_inv_A, norm_Q_hi_inv_A;
  double S_mean_norm; /* mean S over the normalisation window (1 within the noise) */
} vt_sq;

/* Q, intensity: the pattern (n points, Q strictly increasing, intensity >= 0 finite). Q_bkg, I_bkg:
 * an optional background (n_bkg points, NULL / 0 for none), interpolated linearly onto Q; it must
 * cover the Q range used. */
VT_API int vt_pdf_sq(const vt_composition *comp, const double *Q_inv_A, const double *intensity,
                     size_t n, const double *Q_bkg_inv_A, const double *I_bkg, size_t n_bkg,
                     const vt_sq_options *opt, vt_sq *out, vt_error *err);
VT_API void vt_sq_free(vt_sq *sq);

/* ---- G(r) ------------------------------------------------------------------------------------ */

/* G(r_k) = (2/pi) int_{Q_0}^{Q_{n-1}} F(Q) M(Q) sin(Q r_k) dQ over the grid Q (strictly
 * increasing, n >= 2), M = 1 or, with lorch, the Lorch function sin(Q D)/(Q D), D = pi/Q_{n-1}.
 * The integral is exact for the linear interpolant of F M between the grid points (Filon's idea:
 * the sine is integrated analytically over every interval), so the error is that of linear
 * interpolation of F, at most (2/pi) (Q_{n-1} - Q_0) max(dQ)^2 max|F''| / 8, whatever r is
 * (a trapezoid rule on F sin(Qr) loses accuracy as r dQ grows). r_k >= 0. */
VT_API int vt_pdf_transform(const double *Q_inv_A, const double *F_inv_A, size_t n, int lorch,
                            const double *r_A, size_t n_r, double *G_inv_A2, vt_error *err);

/* ---- First peak of G(r) ---------------------------------------------------------------------- */

/* One Gaussian sub-peak area / (s sqrt(2 pi)) exp(-(r - r0)^2 / (2 s^2)), standard errors from
 * the fit's covariance scaled by the residual variance. */
typedef struct vt_gauss_peak {
  double r_A, se_r_A;
  double sigma_A, se_sigma_A;
  double fwhm_A, se_fwhm_A; /* 2 sqrt(2 ln 2) sigma */
  double area, se_area;     /* int G dr, 1/Angstrom */
} vt_gauss_peak;

typedef struct vt_first_peak_options {
  double r_lo_A, r_hi_A; /* the window holding the first peak; NaN (default): found (below) */
  int split;             /* fit two Gaussians (paper 001 Fig. 5); 1 by default */
} vt_first_peak_options;

VT_API vt_first_peak_options vt_first_peak_options_default(void);
/* peak_range ('r1,r2', A) into r_lo_A, r_hi_A; split is no row (the command line's --no-split). */
VT_API const vt_option *vt_first_peak_option_table(size_t *n);

typedef struct vt_first_peak {
  double window_lo_A, window_hi_A;
  double r_A, G_inv_A2;                    /* maximum: parabola through the top three points */
  double fwhm_A, r_half_lo_A, r_half_hi_A; /* crossings of G_max/2 (linear interpolation) */
  double area;                             /* int G dr over the window (trapezoids) */
  int split;                               /* 1 when sub[] holds the two-Gaussian decomposition */
  vt_gauss_peak sub[2];                    /* by position: sub[0] the left (short-bond) sub-peak */
  double rms_residual, r2;                 /* of the decomposition, G units */
  int iterations;
} vt_first_peak;

/* The first peak of G(r) (r strictly increasing): without a window, the first local maximum
 * that reaches half the global maximum; its window runs out on either side while G stays
 * positive and does not pass a local minimum below half the peak (a dip between sub-peaks above
 * half height stays inside). Position, height, FWHM (relative to G = 0) and area; with split,
 * two Gaussians fitted over the window (GSL multifit_nlinear, areas and widths through logs,
 * several starts, the best kept). Fails with a message when there is no positive peak, the half
 * maximum is not crossed inside the window, or the decomposition does not converge or loses a
 * sub-peak (under 0.1 % of the area, narrower than half the r step, outside the window, or
 * closer to the other than a quarter of the narrower FWHM: a single component). */
VT_API int vt_pdf_first_peak(const double *r_A, const double *G, size_t n,
                             const vt_first_peak_options *opt, vt_first_peak *out, vt_error *err);

/* ---- One pattern, start to end --------------------------------------------------------------- */

typedef struct vt_pdf_result {
  vt_sq sq;
  size_t n_r;
  double *G_inv_A2; /* G(r) on the grid given */
  vt_first_peak peak;
} vt_pdf_result;

/* vt_pdf_sq (with `background` NULL for none), vt_pdf_transform onto r_A (with the Lorch
 * function when lorch) and vt_pdf_first_peak: S(Q), G(r) and its first peak of one pattern. */
VT_API int vt_pdf_analyse(const vt_composition *comp, const vt_pattern *pattern,
                          const vt_pattern *background, const vt_sq_options *sq, int lorch,
                          const double *r_A, size_t n_r, const vt_first_peak_options *peak,
                          vt_pdf_result *out, vt_error *err);
VT_API void vt_pdf_result_free(vt_pdf_result *result);

#ifdef __cplusplus
}
#endif

#endif
