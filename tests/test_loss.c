/* Loss modulus E''(T) (paper 004 Eqs. 1-2): the Havriliak-Negami term against closed forms
 * (Debye, Cole-Cole, the asymptotes) and complex arithmetic written out here, the Debye FWHM in
 * 1/T, and the fit of a two-peak DMA sweep at f = 2 Hz, noise-free and with 1 % noise.
 *
 * The synthetic sweep (paper 004 Fig. 2C: alpha 340 kJ/mol HN, beta 86 kJ/mol, f = 2 Hz):
 *   alpha: HN a = 0.6, b = 0.4, E = 340 kJ/mol, w tau = 1 at 430 K, dE = 10 GPa
 *   beta:  Debye, E = 86 kJ/mol, w tau = 1 at 360 K, dE = 1 GPa (E'' max 0.5 GPa)
 *   background 50 MPa; T = 300..480 K every 1 K (181 points); E'' max 1.77 GPa.
 * Noise is Gaussian with sigma = 1 % of the maximum (17.7 MPa), additive, as unweighted least
 * squares assumes. */
#include <complex.h>
#include <float.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdlib.h>

#include "test_util.h"
#include "vitrum/constants.h"
#include "vitrum/vitrum.h"

#define R_GAS  VT_GAS_CONSTANT_J_PER_MOL_K
#define FREQ   2.0
#define OMEGA  (2.0 * TU_PI * FREQ)
#define N_T    181
#define LN_TEN 2.30258509299404568402

/* A peak whose x = ln(w tau) is exactly `x` when evaluated at omega = 1 (ln 1 = 0, E = 0). */
static vt_loss_peak at_x(double x, int hn, double a, double b) {
  vt_loss_peak p = {0};
  p.havriliak_negami = hn;
  p.dE_Pa = 1.0;
  p.ln_tau0_s = x;
  p.a = a;
  p.b = b;
  return p;
}

static double g_at(double x, double a, double b) {
  vt_loss_peak p = at_x(x, 1, a, b);
  return vt_loss_hn(1.0, 300.0, &p);
}

/* ln tau0 for w tau = 1 at Tp. */
static double ln_tau0_for(double E, double Tp) {
  return -log(OMEGA) - E / (R_GAS * Tp);
}

/* ---- The HN term ------------------------------------------------------------------------ */

/* a = b = 1 against dE w tau / (1 + (w tau)^2), evaluated in long double from the same x (so
 * only vitrum's rounding is measured: 2.1 ulps = 4.7e-16 on x86-64, where long double has a
 * 64-bit mantissa) over w tau = 1e-15 .. 1e15. The Debye kind (havriliak_negami = 0) runs the
 * same code with a = b = 1 and must give the same doubles. */
static void test_debye_equals_hn(void) {
  double worst = 0.0, x_worst = 0.0;
  int same = 1;
  for (int i = 0; i <= 30000; i++) {
    double x = (-15.0 + 30.0 * i / 30000.0) * LN_TEN;
    vt_loss_peak hn = at_x(x, 1, 1.0, 1.0), debye = at_x(x, 0, 0.3, 0.7); /* a, b ignored */
    double g = vt_loss_hn(1.0, 300.0, &hn);
    long double wt = expl((long double)x), ref = wt / (1.0L + wt * wt);
    double rel = (double)fabsl((g - ref) / ref);
    if (rel > worst) worst = rel, x_worst = x;
    same &= vt_loss_hn(1.0, 300.0, &debye) == g;
  }
  printf("  HN(a = b = 1) vs Debye over 30 decades: max relative difference %.3g (%.2f ulp) at "
         "ln(w tau) = %.3f\n",
         worst, worst / DBL_EPSILON, x_worst);
  CHECK(worst <= 1e-15, "HN(1, 1) differs from the Debye form by %.3g relative (limit 1e-15)",
        worst);
  CHECK(same, "the Debye kind and HN with a = b = 1 give different values");
}

/* Against -Im[(1 + (i w tau)^a)^-b] in long double complex arithmetic (cpowl), |x| <= 20. */
static void test_hn_vs_complex(void) {
  static const double ab[][2] = {{0.6, 0.4}, {0.3, 0.9}, {0.8, 1.0}, {1.0, 0.5}, {0.05, 0.05}};
  double worst = 0.0;
  for (size_t s = 0; s < sizeof ab / sizeof ab[0]; s++)
    for (int i = 0; i <= 4000; i++) {
      double x = -20.0 + 40.0 * i / 4000.0, a = ab[s][0], b = ab[s][1];
      long double complex W = 1.0L + cpowl(I * expl((long double)x), a);
      long double ref = -cimagl(cpowl(W, -b));
      double rel = (double)fabsl((g_at(x, a, b) - ref) / ref);
      if (rel > worst) worst = rel;
    }
  printf("  HN vs complex arithmetic (5 (a, b) pairs, |ln w tau| <= 20): max relative "
         "difference %.3g\n",
         worst);
  CHECK(worst <= 1e-14, "HN differs from complex arithmetic by %.3g relative (limit 1e-14)", worst);
}

/* b = 1 is Cole-Cole: E''/dE = sin(a pi/2) / (2 cosh(a x) + 2 cos(a pi/2)), even in x. */
static void test_cole_cole(void) {
  double worst_sym = 0.0, worst_form = 0.0;
  static const double as[] = {0.2, 0.5, 0.75, 0.95};
  for (size_t s = 0; s < 4; s++)
    for (int i = 0; i <= 2000; i++) {
      double a = as[s], x = 40.0 * i / 2000.0, g = g_at(x, a, 1.0);
      double form = sin(a * TU_PI / 2) / (2 * cosh(a * x) + 2 * cos(a * TU_PI / 2));
      worst_sym = fmax(worst_sym, fabs(g - g_at(-x, a, 1.0)) / g);
      worst_form = fmax(worst_form, fabs(g - form) / form);
    }
  printf("  Cole-Cole (b = 1): max |g(x) - g(-x)|/g = %.3g, against the closed form %.3g\n",
         worst_sym, worst_form);
  CHECK(worst_sym <= 1e-14, "Cole-Cole is not symmetric in ln(w tau): %.3g", worst_sym);
  CHECK(worst_form <= 1e-13, "Cole-Cole differs from its closed form by %.3g", worst_form);
}

/* Debye: maximum at w tau = 1, height dE/2; and at the temperature where w tau = 1. */
static void test_debye_peak(void) {
  CHECK_NEAR(g_at(0.0, 1.0, 1.0), 0.5, 2 * DBL_EPSILON, "Debye E''/dE at w tau = 1 (4 ulps)");
  double best = -1.0, x_best = NAN;
  for (int i = -2000; i <= 2000; i++) {
    double x = i * 1e-3, g = g_at(x, 1.0, 1.0);
    if (g > best) best = g, x_best = x;
  }
  CHECK(x_best == 0.0, "the Debye maximum on a 0.001 grid is at ln(w tau) = %g, not 0", x_best);
  vt_loss_peak p = {0, 2e9, 86e3, ln_tau0_for(86e3, 360.0), 1, 1, 0, 0, 0, 0, 0, 0};
  CHECK_NEAR(vt_loss_hn(OMEGA, 360.0, &p) / 1e9, 1.0, 1e-12, "Debye E'' at Tp (GPa, dE = 2 GPa)");
}

/* Half-maximum crossing of a Debye peak in 1/T by bisection on [lo, hi] (g - 1/4 changes sign). */
static double half_crossing(const vt_loss_peak *p, double lo, double hi) {
  double flo = vt_loss_hn(OMEGA, 1.0 / lo, p) - 0.5 * p->dE_Pa / 2;
  for (int it = 0; it < 200; it++) {
    double mid = 0.5 * (lo + hi), fm = vt_loss_hn(OMEGA, 1.0 / mid, p) - 0.5 * p->dE_Pa / 2;
    if ((fm < 0) == (flo < 0))
      lo = mid, flo = fm;
    else
      hi = mid;
  }
  return 0.5 * (lo + hi);
}

/* E''/dE = 1/(2 cosh x) halves where cosh x = 2: x = +-ln(2 + sqrt 3), so the FWHM in 1/T is
 * 2 ln(2 + sqrt 3) R / E = 2.634 R/E (vitrum loss estimates E from it). */
static void test_debye_fwhm(void) {
  const double c = 2.0 * log(2.0 + sqrt(3.0));
  CHECK_NEAR(c, 2.634, 5e-4, "2 ln(2 + sqrt 3)");
  static const double E[] = {40e3, 86e3, 340e3}, Tp[] = {280.0, 360.0, 430.0};
  for (int k = 0; k < 3; k++) {
    vt_loss_peak p = {0, 1e9, E[k], ln_tau0_for(E[k], Tp[k]), 1, 1, 0, 0, 0, 0, 0, 0};
    double u = 1.0 / Tp[k], span = 3.0 * c * R_GAS / E[k];
    double lo = half_crossing(&p, u - span, u), hi = half_crossing(&p, u, u + span);
    double got = (hi - lo) * E[k] / R_GAS;
    printf("  Debye E = %.0f kJ/mol at %.0f K: FWHM(1/T) E/R = %.12f (2 ln(2+sqrt3) = %.12f)\n",
           E[k] / 1e3, Tp[k], got, c);
    CHECK_NEAR(got, c, 1e-9 * c, "FWHM in 1/T times E/R");
  }
}

/* Far from the peak: z = (w tau)^a -> 0 gives b z sin(a pi/2); z -> inf gives
 * z^-b sin(a b pi/2). At ln(w tau) = +-1000, w tau itself overflows a double (e^709 is the
 * largest); compared in logs. For a = b = 1, e^-1000 underflows: +-700 there. */
static void test_asymptotes(void) {
  static const double cases[][3] = {{0.6, 0.4, 1000.0}, {0.3, 0.9, 1000.0}, {1.0, 1.0, 700.0}};
  for (int s = 0; s < 3; s++) {
    double a = cases[s][0], b = cases[s][1], X = cases[s][2];
    double hi = g_at(X, a, b), lo = g_at(-X, a, b);
    double want_hi = -a * b * X + log(sin(a * b * TU_PI / 2));
    double want_lo = log(b) - a * X + log(sin(a * TU_PI / 2));
    CHECK(hi > 0 && isfinite(hi) && lo > 0 && isfinite(lo), "a %g b %g: g(+-%g) = %g, %g", a, b, X,
          hi, lo);
    CHECK_NEAR(log(hi), want_hi, 1e-12 * fabs(want_hi), "ln g far above the peak in w tau");
    CHECK_NEAR(log(lo), want_lo, 1e-12 * fabs(want_lo), "ln g far below the peak in w tau");
  }
  /* 340 kJ/mol at 20 K: E/(R T) = 2045, far beyond exp's range; E'' underflows to 0, not NaN. */
  vt_loss_peak p = {1, 1e10, 340e3, ln_tau0_for(340e3, 430.0), 0.6, 0.4, 0, 0, 0, 0, 0, 0};
  double cold = vt_loss_hn(OMEGA, 20.0, &p), hot = vt_loss_hn(OMEGA, 1e6, &p);
  CHECK(cold >= 0 && cold < 1e-200, "E'' at 20 K = %g, expected an underflow to ~0", cold);
  CHECK(hot >= 0 && isfinite(hot), "E'' at 1e6 K = %g", hot);
}

static void test_hn_bad_arguments(void) {
  vt_loss_peak p = {1, 1e9, 86e3, -30.0, 0.5, 0.5, 0, 0, 0, 0, 0, 0};
  CHECK(isnan(vt_loss_hn(OMEGA, 300.0, NULL)), "NULL peak");
  CHECK(isnan(vt_loss_hn(0.0, 300.0, &p)), "omega = 0");
  CHECK(isnan(vt_loss_hn(OMEGA, -1.0, &p)), "T < 0");
  CHECK(isnan(vt_loss_hn(OMEGA, NAN, &p)), "T NaN");
  p.a = 1.5;
  CHECK(isnan(vt_loss_hn(OMEGA, 300.0, &p)), "HN a = 1.5");
  p.a = 0.5, p.b = 0.0;
  CHECK(isnan(vt_loss_hn(OMEGA, 300.0, &p)), "HN b = 0");
}

/* ---- The fit ------------------------------------------------------------------------------ */

static vt_loss_fit truth(void) {
  vt_loss_fit t;
  memset(&t, 0, sizeof t);
  t.n_peaks = 2;
  t.peaks[0] =
      (vt_loss_peak){1, 10e9, 340e3, ln_tau0_for(340e3, 430.0), 0.6, 0.4, 0, 0, 0, 0, 0, 0};
  t.peaks[1] = (vt_loss_peak){0, 1e9, 86e3, ln_tau0_for(86e3, 360.0), 1, 1, 0, 0, 0, 0, 0, 0};
  t.background_Pa = 50e6;
  return t;
}

/* The starting values a user would give: E off by 12-16 %, w tau = 1 placed 10 K off, HN a = b
 * = 0.5, heights off by a factor 2, no background. */
static vt_loss_fit start(void) {
  vt_loss_fit g;
  memset(&g, 0, sizeof g);
  g.n_peaks = 2;
  g.peaks[0] =
      (vt_loss_peak){1, 20e9, 300e3, ln_tau0_for(300e3, 440.0), 0.5, 0.5, 0, 0, 0, 0, 0, 0};
  g.peaks[1] = (vt_loss_peak){0, 0.5e9, 100e3, ln_tau0_for(100e3, 350.0), 1, 1, 0, 0, 0, 0, 0, 0};
  return g;
}

static double sweep(const vt_loss_fit *t, double *T, double *y) {
  double ymax = 0.0;
  for (int i = 0; i < N_T; i++) {
    T[i] = 300.0 + i;
    y[i] = t->background_Pa;
    for (size_t k = 0; k < t->n_peaks; k++) y[i] += vt_loss_hn(OMEGA, T[i], &t->peaks[k]);
    ymax = fmax(ymax, y[i]);
  }
  return ymax;
}

/* The fitted values and standard errors side by side, in the order of value_of below. */
#define N_VALUES 11
static const char *const value_names[N_VALUES] = {
    "alpha E_act",  "alpha ln tau0", "alpha dE",   "alpha a", "alpha b", "beta E_act",
    "beta ln tau0", "beta dE",       "background", "beta a",  "beta b"};

static void values(const vt_loss_fit *f, double *v, double *se) {
  const vt_loss_peak *al = &f->peaks[0], *be = &f->peaks[1];
  double vv[N_VALUES] = {
      al->E_act_J_per_mol, al->ln_tau0_s, al->dE_Pa,        al->a, al->b, be->E_act_J_per_mol,
      be->ln_tau0_s,       be->dE_Pa,     f->background_Pa, be->a, be->b};
  double ss[N_VALUES] = {al->se_E_act_J_per_mol,
                         al->se_ln_tau0,
                         al->se_dE_Pa,
                         al->se_a,
                         al->se_b,
                         be->se_E_act_J_per_mol,
                         be->se_ln_tau0,
                         be->se_dE_Pa,
                         f->se_background_Pa,
                         be->se_a,
                         be->se_b};
  memcpy(v, vv, sizeof vv);
  if (se) memcpy(se, ss, sizeof ss);
}

static void test_fit_noise_free(void) {
  vt_loss_fit t = truth(), g = start(), f;
  double T[N_T], y[N_T], want[N_VALUES], got[N_VALUES];
  sweep(&t, T, y);
  vt_error err;
  int st = vt_loss_fit_run(T, y, N_T, FREQ, &g, &f, &err);
  CHECK(st == VT_OK, "noise-free fit: %s", err.message);
  if (st) return;
  values(&t, want, NULL);
  values(&f, got, NULL);
  double worst = 0.0;
  for (int j = 0; j < N_VALUES; j++) worst = fmax(worst, fabs(got[j] / want[j] - 1.0));
  printf("  noise-free: %d iterations, rms %.3g Pa, max relative error of the 11 values %.3g\n",
         f.iterations, f.rms_residual_Pa, worst);
  CHECK_NEAR(got[0] / want[0], 1.0, 1e-4, "alpha E_act / 340 kJ/mol");
  CHECK_NEAR(got[5] / want[5], 1.0, 1e-4, "beta E_act / 86 kJ/mol");
  for (int j = 0; j < N_VALUES; j++) CHECK_NEAR(got[j] / want[j], 1.0, 1e-6, value_names[j]);
  CHECK(f.peaks[0].havriliak_negami == 1 && f.peaks[1].havriliak_negami == 0, "peak kinds");
  CHECK(f.peaks[1].se_a == 0 && f.peaks[1].se_b == 0, "Debye a, b carry standard errors");
  CHECK_NEAR(f.r2, 1.0, 1e-12, "R^2 noise-free");
  CHECK(f.rms_residual_Pa < 1e-6 * 1.77e9, "rms residual %g Pa noise-free", f.rms_residual_Pa);
}

static void add_noise(gsl_rng *rng, const double *y0, double sigma, double *y) {
  for (int i = 0; i < N_T; i++) y[i] = y0[i] + gsl_ran_gaussian(rng, sigma);
}

/* One noisy sweep (seed 2024): every value within 3 standard errors of the truth; the rms
 * residual estimates sigma (n = 181, p = 9: within 15 % for any reasonable draw). */
static void test_fit_noisy(void) {
  vt_loss_fit t = truth(), g = start(), f;
  double T[N_T], y0[N_T], y[N_T], want[N_VALUES], got[N_VALUES], se[N_VALUES];
  double sigma = 0.01 * sweep(&t, T, y0);
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(rng, 2024);
  add_noise(rng, y0, sigma, y);
  gsl_rng_free(rng);
  vt_error err;
  int st = vt_loss_fit_run(T, y, N_T, FREQ, &g, &f, &err);
  CHECK(st == VT_OK, "1 %% noise fit: %s", err.message);
  if (st) return;
  values(&t, want, NULL);
  values(&f, got, se);
  printf("  1 %% noise (sigma %.3g MPa, seed 2024), %d iterations:\n", sigma / 1e6, f.iterations);
  for (int j = 0; j < 9; j++) {
    printf("    %-13s %.6g +- %.3g (truth %.6g, %.2f se)\n", value_names[j], got[j], se[j], want[j],
           fabs(got[j] - want[j]) / se[j]);
    CHECK(se[j] > 0 && fabs(got[j] - want[j]) <= 3.0 * se[j], "%s = %g +- %g, truth %g",
          value_names[j], got[j], se[j], want[j]);
  }
  CHECK_NEAR(f.rms_residual_Pa / sigma, 1.0, 0.15, "rms residual / sigma");
  CHECK(f.r2 > 0.99 && f.r2 < 1.0, "R^2 = %g with 1 %% noise", f.r2);
}

/* Standard errors calibrated by Monte Carlo: 100 noise draws (seed 7); the spread of each value
 * over the draws against the mean of its standard errors. Expected ratio 1; the band 0.75-1.33
 * allows the sampling error of a standard deviation from 100 draws (7 %) four times over and
 * the nonlinearity of the alpha parameters (measured 0.91-1.06 over 300 draws). A draw whose
 * least-squares optimum is the degenerate a -> 0, E -> inf valley (1 of 300 measured) fails
 * with VT_ENOCONV; at most 2 may. */
static void test_fit_standard_errors(void) {
  vt_loss_fit t = truth();
  double T[N_T], y0[N_T], y[N_T], want[N_VALUES], got[N_VALUES], se[N_VALUES];
  double sum[9] = {0}, sum2[9] = {0}, sum_se[9] = {0}, sigma = 0.01 * sweep(&t, T, y0);
  int ok = 0, enoconv = 0, other = 0;
  values(&t, want, NULL);
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(rng, 7);
  for (int trial = 0; trial < 100; trial++) {
    vt_loss_fit g = start(), f;
    add_noise(rng, y0, sigma, y);
    int st = vt_loss_fit_run(T, y, N_T, FREQ, &g, &f, NULL);
    if (st) {
      enoconv += st == VT_ENOCONV, other += st != VT_ENOCONV;
      continue;
    }
    values(&f, got, se);
    for (int j = 0; j < 9; j++) {
      double d = got[j] - want[j];
      sum[j] += d, sum2[j] += d * d, sum_se[j] += se[j];
    }
    ok++;
  }
  gsl_rng_free(rng);
  printf("  Monte Carlo, 100 draws: %d converged, %d VT_ENOCONV\n", ok, enoconv);
  CHECK(other == 0 && enoconv <= 2, "%d draws failed to converge, %d failed otherwise", enoconv,
        other);
  for (int j = 0; ok > 1 && j < 9; j++) {
    double mean = sum[j] / ok, sd = sqrt(fmax(sum2[j] / ok - mean * mean, 0.0));
    double ratio = sd / (sum_se[j] / ok);
    printf("    %-13s spread %.4g, mean se %.4g, ratio %.3f\n", value_names[j], sd, sum_se[j] / ok,
           ratio);
    CHECK(ratio > 0.75 && ratio < 1.33, "%s: spread / se = %.3f", value_names[j], ratio);
  }
}

/* Two HN peaks (beta Cole-Cole a = 0.8) from starts around the truth; and one Debye peak from
 * E 75 % too high. Both exact on noise-free data. */
static void test_fit_other_shapes(void) {
  vt_loss_fit t = truth(), g = start(), f;
  t.peaks[1] = (vt_loss_peak){1, 2e9, 86e3, ln_tau0_for(86e3, 360.0), 0.8, 1.0, 0, 0, 0, 0, 0, 0};
  g.peaks[1] = (vt_loss_peak){1, 1e9, 100e3, ln_tau0_for(100e3, 350.0), 0.5, 0.5, 0, 0, 0, 0, 0, 0};
  double T[N_T], y[N_T];
  sweep(&t, T, y);
  vt_error err;
  int st = vt_loss_fit_run(T, y, N_T, FREQ, &g, &f, &err);
  CHECK(st == VT_OK, "HN + HN fit: %s", err.message);
  if (!st) {
    CHECK_NEAR(f.peaks[0].E_act_J_per_mol / 340e3, 1.0, 1e-6, "HN + HN: alpha E_act");
    CHECK_NEAR(f.peaks[1].E_act_J_per_mol / 86e3, 1.0, 1e-6, "HN + HN: beta E_act");
    CHECK_NEAR(f.peaks[1].a, 0.8, 1e-6, "HN + HN: beta a");
    CHECK_NEAR(f.peaks[1].b, 1.0, 1e-6, "HN + HN: beta b (at the edge of its box)");
    CHECK(isnan(f.peaks[1].se_b) || f.peaks[1].b < 1.0 - 1e-9,
          "b at the edge 1 should have no standard error (got %g)", f.peaks[1].se_b);
  }
  t.n_peaks = g.n_peaks = 1;
  t.peaks[0] = (vt_loss_peak){0, 2e9, 86e3, ln_tau0_for(86e3, 360.0), 1, 1, 0, 0, 0, 0, 0, 0};
  g.peaks[0] = (vt_loss_peak){0, 1e9, 150e3, ln_tau0_for(150e3, 375.0), 1, 1, 0, 0, 0, 0, 0, 0};
  sweep(&t, T, y);
  st = vt_loss_fit_run(T, y, N_T, FREQ, &g, &f, &err);
  CHECK(st == VT_OK, "one Debye peak: %s", err.message);
  if (!st) CHECK_NEAR(f.peaks[0].E_act_J_per_mol / 86e3, 1.0, 1e-8, "one Debye peak: E_act");
}

/* ---- Bad input ---------------------------------------------------------------------------- */

static void expect_fail(const double *T, const double *y, size_t n, double freq,
                        const vt_loss_fit *g, int status, const char *part) {
  vt_loss_fit out;
  memset(&out, 0x5a, sizeof out);
  vt_loss_fit before = out;
  vt_error err;
  vt_error_clear(&err);
  int st = vt_loss_fit_run(T, y, n, freq, g, &out, &err);
  CHECK(st == status, "'%s': status %d, expected %d (%s)", part, st, status, err.message);
  CHECK_CONTAINS(err.message, part);
  CHECK(memcmp(&out, &before, sizeof out) == 0, "'%s': the output was written on failure", part);
}

static void test_bad_input(void) {
  vt_loss_fit t = truth(), g = start();
  double T[N_T], y[N_T];
  sweep(&t, T, y);
  expect_fail(NULL, y, N_T, FREQ, &g, VT_EINVAL, "NULL temperature");
  expect_fail(T, y, N_T, FREQ, NULL, VT_EINVAL, "NULL guess");
  CHECK(vt_loss_fit_run(T, y, N_T, FREQ, &g, NULL, NULL) == VT_EINVAL, "NULL output");
  expect_fail(T, y, N_T, 0.0, &g, VT_EINVAL, "frequency 0 Hz");
  expect_fail(T, y, N_T, NAN, &g, VT_EINVAL, "frequency nan Hz");
  /* 2 peaks, HN + Debye + background: 9 parameters, so 9 points are too few and 10 enough. */
  expect_fail(T + 100, y + 100, 9, FREQ, &g, VT_EINVAL, "9 points for 9 parameters");
  vt_loss_fit f;
  vt_error err;
  int st = vt_loss_fit_run(T + 100, y + 100, 10, FREQ, &g, &f, &err);
  CHECK(st == VT_OK || st == VT_ENOCONV, "10 points: status %d (%s)", st, err.message);
  double Tb[N_T], yb[N_T];
  memcpy(Tb, T, sizeof T), memcpy(yb, y, sizeof y);
  yb[40] = NAN;
  expect_fail(Tb, yb, N_T, FREQ, &g, VT_EINVAL, "point 40 (T = 340 K): the loss modulus nan");
  yb[40] = y[40], Tb[50] = Tb[49];
  expect_fail(Tb, yb, N_T, FREQ, &g, VT_EINVAL, "T is not increasing at point 50");
  Tb[50] = T[50], Tb[0] = -5;
  expect_fail(Tb, yb, N_T, FREQ, &g, VT_EINVAL, "point 0: T = -5 K");
  vt_loss_fit gb = g;
  gb.n_peaks = 0;
  expect_fail(T, y, N_T, FREQ, &gb, VT_EINVAL, "0 peaks: the fit takes 1 to 4");
  gb.n_peaks = 5;
  expect_fail(T, y, N_T, FREQ, &gb, VT_EINVAL, "5 peaks: the fit takes 1 to 4");
  gb = g, gb.peaks[0].a = 1.2;
  expect_fail(T, y, N_T, FREQ, &gb, VT_EINVAL, "peaks[0] (HN): starting a = 1.2");
  gb = g, gb.peaks[1].dE_Pa = 0;
  expect_fail(T, y, N_T, FREQ, &gb, VT_EINVAL, "peaks[1] (Debye): starting dE = 0 Pa");
  gb = g, gb.peaks[1].E_act_J_per_mol = -1;
  expect_fail(T, y, N_T, FREQ, &gb, VT_EINVAL, "starting E_act = -1 J/mol");
  gb = g, gb.background_Pa = INFINITY;
  expect_fail(T, y, N_T, FREQ, &gb, VT_EINVAL, "starting background inf Pa");
  double zero[N_T] = {0};
  expect_fail(T, zero, N_T, FREQ, &g, VT_EINVAL, "zero at every point");
}

/* The a -> 0, E -> inf valley. With a E = K and a ln(w tau(T_ref)) held fixed, HN tends to
 * a finite shape as a -> 0: E''/dE ~ (a pi/2) b z (1 + z)^(-b-1), z = exp(K/R (1/T - 1/T_ref)).
 * Data of exactly that shape have their least-squares optimum at a = 0, outside the model:
 * the fit must fail, and say why, whatever the rounding on the way. */
static void test_no_convergence(void) {
  vt_loss_fit g = start();
  g.n_peaks = 1;
  double T[N_T], y[N_T], K = 0.6 * 340e3;
  for (int i = 0; i < N_T; i++) {
    T[i] = 300.0 + i;
    double z = exp(K / R_GAS * (1.0 / T[i] - 1.0 / 430.0));
    y[i] = 50e6 + 5e9 * z * pow(1.0 + z, -1.4);
  }
  vt_loss_fit f;
  vt_error err;
  int st = vt_loss_fit_run(T, y, N_T, FREQ, &g, &f, &err);
  printf("  the a -> 0 limit shape: status %d: %s\n", st, st ? err.message : "converged");
  CHECK(st == VT_ENOCONV, "the a -> 0 limit shape gave status %d", st);
  if (st == VT_ENOCONV) {
    CHECK_CONTAINS(err.message, "did not converge in 1000 iterations (GSL: exceeded max number");
    CHECK_CONTAINS(err.message, "peaks[0] (HN) drifted to a = ");
  }
}

/* vt_loss_analyse is vt_loss_guess, vt_loss_fit_run and vt_loss_fit_maxima in a row: the same
 * numbers as the three calls apart. The `undetermined` flag follows its law (standard error of
 * E_act or dE not below the value): 0 for both terms of the two-term data, 1 for one HN term
 * alone on them (it runs off to E_act ~ 1e7 kJ/mol, as `vitrum loss --peak hn:151C` shows), and
 * its note says so. Too few points, a term's bad start (which term) and a failed fit's message
 * with the terms named. */
static void test_analyse(void) {
  vt_loss_fit t = truth(), g, f;
  double T[N_T], y[N_T], Tm[4], Lm[4];
  sweep(&t, T, y);
  vt_loss_start st[2] = {{1, 424.0, 0, 0}, {0, 360.0, 0, 0}}, st2[2] = {st[0], st[1]};
  const char *names[2] = {"hn:424K", "debye:360K"};
  vt_loss_analysis a;
  vt_error err;
  size_t bad;
  int rc = vt_loss_analyse(T, y, N_T, FREQ, st, 2, names, &a, &err);
  CHECK(rc == VT_OK, "analyse: %s", err.message);
  CHECK(vt_loss_guess(T, y, N_T, FREQ, st2, 2, &g, &bad, &err) == VT_OK, "guess");
  CHECK(vt_loss_fit_run(T, y, N_T, FREQ, &g, &f, &err) == VT_OK, "fit: %s", err.message);
  CHECK(vt_loss_fit_maxima(FREQ, &f, T[0], T[N_T - 1], Tm, Lm, &err) == VT_OK, "maxima");
  for (size_t k = 0; !rc && k < 2; k++) {
    CHECK(a.guess.peaks[k].E_act_J_per_mol == g.peaks[k].E_act_J_per_mol, "guess E %zu", k);
    CHECK(a.fit.peaks[k].E_act_J_per_mol == f.peaks[k].E_act_J_per_mol, "fitted E %zu", k);
    CHECK(a.fit.peaks[k].se_dE_Pa == f.peaks[k].se_dE_Pa, "fitted se dE %zu", k);
    CHECK(a.T_max_K[k] == Tm[k] && a.loss_max_Pa[k] == Lm[k], "maximum of term %zu", k);
    CHECK(!a.fit.peaks[k].undetermined, "term %zu of the two-term data undetermined", k);
  }
  /* One HN term on two-term data: converges, undetermined. */
  rc = vt_loss_analyse(T, y, N_T, FREQ, st, 1, names, &a, &err);
  CHECK(rc == VT_OK, "one HN term: %s", err.message);
  const vt_loss_peak *p = &a.fit.peaks[0];
  if (!rc) {
    int law = !(p->se_E_act_J_per_mol < p->E_act_J_per_mol && p->se_dE_Pa < p->dE_Pa);
    CHECK(p->undetermined == law && law == 1, "one HN term: undetermined %d, law %d (E %g +- %g)",
          p->undetermined, law, p->E_act_J_per_mol, p->se_E_act_J_per_mol);
    char buf[512] = "", want[512];
    FILE *fp = tmpfile();
    CHECK(fp && vt_loss_peak_write_note(p, 1, fp, &err) == VT_OK, "note: %s", err.message);
    if (fp) {
      rewind(fp);
      size_t got = fread(buf, 1, sizeof buf - 1, fp);
      buf[got] = '\0';
      fclose(fp);
    }
    snprintf(want, sizeof want,
             "peak 1's standard errors exceed its values (E_act %.4g +- %.4g kJ/mol, dE %.4g +- "
             "%.4g MPa): these data do not determine it; at one frequency an HN term trades "
             "E_act against a\n",
             p->E_act_J_per_mol / 1e3, p->se_E_act_J_per_mol / 1e3, p->dE_Pa / 1e6,
             p->se_dE_Pa / 1e6);
    CHECK(strcmp(buf, want) == 0, "note:\n%s\nwant\n%s", buf, want);
    fp = tmpfile();
    CHECK(fp && vt_loss_peak_write_note(&f.peaks[0], 1, fp, &err) == VT_OK && ftell(fp) == 0,
          "a note on a determined term");
    if (fp) fclose(fp);
  }
  rc = vt_loss_analyse(T, y, 2, FREQ, st, 2, names, &a, &err);
  CHECK(rc == VT_ERANGE && a.failed == 2, "2 points: status %d, failed %zu", rc, a.failed);
  CHECK_CONTAINS(err.message, "2 points: too few to fit");
  st[1].Tp_K = 600.0;
  rc = vt_loss_analyse(T, y, N_T, FREQ, st, 2, names, &a, &err);
  CHECK(rc == VT_ERANGE && a.failed == 1, "Tp outside: status %d, failed %zu", rc, a.failed);
  CHECK(vt_loss_analyse(T, y, N_T, 0.0, st, 2, names, &a, &err) == VT_EINVAL && a.failed == 2,
        "frequency 0");
  /* The a -> 0 limit shape of test_no_convergence: the message names the term as written. */
  double K = 0.6 * 340e3;
  for (int i = 0; i < N_T; i++) {
    double z = exp(K / R_GAS * (1.0 / T[i] - 1.0 / 430.0));
    y[i] = 50e6 + 5e9 * z * pow(1.0 + z, -1.4);
  }
  rc = vt_loss_analyse(T, y, N_T, FREQ, st, 1, names, &a, &err);
  CHECK(rc == VT_ENOCONV && a.failed == 1, "limit shape: status %d, failed %zu", rc, a.failed);
  CHECK_CONTAINS(err.message, "peak 1 ('hn:424K') (HN) drifted to a = ");
  CHECK(!strstr(err.message, "peaks[0]"), "peaks[0] left in: %s", err.message);
}

/* Starting values and term maxima: a Debye term's E'' peaks where w tau = 1, so its maximum
 * is at T = E / (R ln(1/(w tau0))); the widths give E back (the starting shape of a Debye term
 * is the term itself); a Tp outside the data names the term. */
static void test_guess_and_maximum(void) {
  const double E = 120e3, ln_tau0 = -36.0, f = 1.0, w = 2 * TU_PI * f;
  vt_loss_peak d = {0, 50e6, E, ln_tau0, 1, 1, 0, 0, 0, 0, 0, 0};
  double T_want = E / (VT_GAS_CONSTANT_J_PER_MOL_K * (-log(w) - ln_tau0)), T_max, y_max;
  CHECK(vt_loss_peak_max(f, &d, 300, 500, &T_max, &y_max) == VT_OK, "term maximum");
  CHECK_NEAR(T_max, T_want, 1e-6 * T_want, "Debye maximum at w tau = 1");
  CHECK_NEAR(y_max, 25e6, 1e-9 * 25e6, "Debye maximum dE/2");
  enum { N = 401 };
  double T[N], y[N];
  for (int i = 0; i < N; i++) T[i] = 300 + 0.5 * i, y[i] = 2e6 + vt_loss_hn(w, T[i], &d);
  vt_loss_start st[2] = {{0, T_want, 0, 0}, {0, 600, 0, 0}};
  vt_loss_fit g;
  size_t bad = 9;
  vt_error err;
  CHECK(vt_loss_guess(T, y, N, f, st, 1, &g, &bad, &err) == VT_OK, "guess: %s", err.message);
  CHECK(st[0].E_from_width, "E from the width");
  CHECK_NEAR(g.peaks[0].E_act_J_per_mol, E, 0.02 * E, "E from the half widths");
  CHECK_NEAR(g.peaks[0].dE_Pa, 50e6, 0.02 * 50e6, "dE from the height");
  CHECK_NEAR(g.background_Pa, 2e6 + y[0] - 2e6, 1e-9, "background: the lowest point");
  CHECK(vt_loss_guess(T, y, N, f, st, 2, &g, &bad, &err) == VT_ERANGE && bad == 1,
        "Tp outside the data: status %d, term %zu", err.status, bad);
  CHECK_CONTAINS(err.message, "Tp = 600 K lies outside the data (300 .. 500 K)");
}

/* The term specs of the command line: kinds in any case, Tp in K or C, E optional, and each bad
 * field named. */
static void test_start_parse(void) {
  vt_loss_start p;
  vt_error err;
  CHECK(vt_loss_start_parse("HN:207C:340kJ/mol", &p, &err) == VT_OK, "hn spec: %s", err.message);
  CHECK(p.havriliak_negami == 1, "hn kind");
  CHECK_NEAR(p.Tp_K, 480.15, 1e-9, "Tp from C");
  CHECK_NEAR(p.E_J_per_mol, 340e3, 1e-6, "E");
  CHECK(vt_loss_start_parse("debye:400K", &p, &err) == VT_OK, "debye spec: %s", err.message);
  CHECK(p.havriliak_negami == 0 && p.Tp_K == 400 && p.E_J_per_mol == 0, "debye without E");
  CHECK(vt_loss_start_parse("lorentz:400K", &p, &err) == VT_EINVAL, "unknown kind");
  CHECK_CONTAINS(err.message, "expected KIND:Tp[:E] with KIND hn or debye");
  CHECK(vt_loss_start_parse("hn:400K:86kJ/mol:1", &p, &err) == VT_EINVAL, "four fields");
  CHECK(vt_loss_start_parse("hn:400", &p, &err) != VT_OK, "Tp without a unit");
  CHECK_CONTAINS(err.message, "Tp: missing unit in '400'");
  CHECK(vt_loss_start_parse("hn:400K:-86kJ/mol", &p, &err) == VT_EINVAL, "negative E");
  CHECK_CONTAINS(err.message, "E = -86000 J/mol is not positive");
}

/* A fit's maxima and values are its terms': two Debye terms far apart each peak at dE/2 where
 * w tau = 1, and the total is the background plus both. */
static void test_fit_maxima_and_eval(void) {
  const double f = 1.0, w = 2 * TU_PI * f, R = VT_GAS_CONSTANT_J_PER_MOL_K;
  vt_loss_fit fit = {2,
                     {{0, 40e6, 100e3, -36.0, 1, 1, 0, 0, 0, 0, 0, 0},
                      {0, 20e6, 200e3, -40.0, 1, 1, 0, 0, 0, 0, 0, 0}},
                     1e6,
                     0,
                     0,
                     1,
                     0};
  double T_max[4], y_max[4], terms[4];
  vt_error err;
  CHECK(vt_loss_fit_maxima(f, &fit, 200, 900, T_max, y_max, &err) == VT_OK, "maxima: %s",
        err.message);
  for (int k = 0; k < 2; k++) {
    const vt_loss_peak *p = &fit.peaks[k];
    double T_want = p->E_act_J_per_mol / (R * (-log(w) - p->ln_tau0_s));
    CHECK_NEAR(T_max[k], T_want, 1e-6 * T_want, "term maximum at w tau = 1");
    CHECK_NEAR(y_max[k], p->dE_Pa / 2, 1e-6 * p->dE_Pa, "term maximum dE/2");
  }
  double total = vt_loss_fit_eval(f, &fit, 450, terms);
  CHECK_NEAR(total, 1e6 + terms[0] + terms[1], 1e-6, "total = background + terms");
  CHECK_NEAR(terms[1], vt_loss_hn(w, 450, &fit.peaks[1]), 1e-9, "term 2 at 450 K");
  CHECK(vt_loss_fit_maxima(f, &fit, 500, 400, T_max, y_max, &err) == VT_EINVAL, "empty range");
  CHECK(isnan(vt_loss_fit_eval(f, NULL, 450, NULL)), "eval of no fit");
}

/* --range keeps the rows inside it with their file lines, the ends included. */
static void test_sweep_restrict(void) {
  double T[5] = {300, 310, 320, 330, 340}, y[5] = {1, 2, 3, 4, 5};
  long line[5] = {2, 3, 4, 5, 6};
  vt_loss_sweep s = {5, T, y, line, 0, 1, 0, NULL, NULL};
  vt_error err;
  CHECK(vt_loss_sweep_restrict(&s, 310, 330, &err) == VT_OK, "restrict: %s", err.message);
  CHECK(s.n == 3 && T[0] == 310 && T[2] == 330 && y[0] == 2 && line[2] == 5,
        "kept %zu rows: T %g .. %g, y %g, line %ld", s.n, T[0], T[2], y[0], line[2]);
  CHECK(vt_loss_sweep_restrict(&s, 500, 600, &err) == VT_OK && s.n == 0, "nothing inside");
  CHECK(vt_loss_sweep_restrict(&s, 600, 500, &err) == VT_EINVAL, "falling range");
}

int main(void) {
  printf("HN term:\n");
  test_guess_and_maximum();
  test_start_parse();
  test_fit_maxima_and_eval();
  test_sweep_restrict();
  test_debye_equals_hn();
  test_hn_vs_complex();
  test_cole_cole();
  test_debye_peak();
  test_debye_fwhm();
  test_asymptotes();
  test_hn_bad_arguments();
  printf("fit:\n");
  test_fit_noise_free();
  test_fit_noisy();
  test_fit_standard_errors();
  test_fit_other_shapes();
  test_bad_input();
  test_no_convergence();
  test_analyse();
  TEST_MAIN_END();
}
