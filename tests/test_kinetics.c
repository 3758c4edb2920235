/* Kissinger and Eyring fits (paper 000 Eq. 4) against data generated from the laws themselves:
 * exact recovery, the Eq. 4 residual of the generated peak temperatures, the Kissinger / Eyring
 * consistency relation dE ~ H* + R<Tp>, standard errors calibrated by Monte Carlo, bad input. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "vitrum/constants.h"
#include "vitrum/vitrum.h"

#define R_GAS   VT_GAS_CONSTANT_J_PER_MOL_K
#define N_RATES 7
static const double rates[N_RATES] = {100, 200, 500, 1000, 2000, 5000, 10000}; /* K/s */

/* Eq. 4 written out again here (not the library's code): lhs - rhs. */
static double eq4_residual(double H, double S, double rate, double Tp) {
  double lhs = log(rate / (Tp * Tp * Tp));
  double rhs =
      -H / (R_GAS * Tp) + log(VT_BOLTZMANN_J_PER_K * R_GAS / (VT_PLANCK_J_S * H)) + S / R_GAS;
  return lhs - rhs;
}

static int generate(double H, double S, const double *rate, size_t n, double *Tp) {
  vt_error err;
  for (size_t i = 0; i < n; i++) {
    int st = vt_eyring_peak_temperature(H, S, rate[i], &Tp[i], &err);
    CHECK(st == VT_OK, "Tp for H %g, S %g, rate %g: %s", H, S, rate[i], err.message);
    if (st) return st;
  }
  return VT_OK;
}

static void spread(const double *Tp, size_t n, double *lo, double *hi) {
  *lo = *hi = Tp[0];
  for (size_t i = 1; i < n; i++) {
    *lo = fmin(*lo, Tp[i]);
    *hi = fmax(*hi, Tp[i]);
  }
}

/* Expanding -ln x about the mean <x> of x = 1/Tp, with u = x - <x>, moments mk = <u^k> and
 * eps ~ u/<x>: the least-squares slope of -ln x = -ln<x> - u/<x> + u^2/(2<x>^2) - u^3/(3<x>^3)
 * against u is -1/<x> + m3/(2 m2 <x>^2) - m4/(3 m2 <x>^3), and <Tp> = <1/x> = 1/<x> + m2/<x>^3,
 * so, to order eps^2 (relative to Tp),
 *   dE - (H* + R<Tp>) = -R (m3/(2 m2 <x>^2) + (m2 - m4/(3 m2))/<x>^3). */
static double second_order_difference(const double *Tp, size_t n) {
  double xm = 0, m2 = 0, m3 = 0, m4 = 0;
  for (size_t i = 0; i < n; i++) xm += 1.0 / Tp[i] / (double)n;
  for (size_t i = 0; i < n; i++) {
    double u = 1.0 / Tp[i] - xm;
    m2 += u * u / (double)n;
    m3 += u * u * u / (double)n;
    m4 += u * u * u * u / (double)n;
  }
  return -R_GAS * (m3 / (2 * m2 * xm * xm) + (m2 - m4 / (3 * m2)) / (xm * xm * xm));
}

/* Why the band: ln(rate/Tp^2) = ln(rate/Tp^3) + ln Tp, so the Kissinger slope is the Eyring
 * slope plus the least-squares slope of ln Tp = -ln x against x = 1/Tp. That slope is a weighted
 * mean (non-negative weights) of d(-ln x)/dx = -1/x = -Tp over [x_min, x_max], so
 * dE = H* + R Tp_eff with Tp_eff in [Tp_min, Tp_max]; <Tp> lies there too, hence
 * |dE - (H* + R<Tp>)| <= R (Tp_max - Tp_min). Noise in the rates enters both fits the same way,
 * so the bound holds for noisy data as well. */
static void check_consistency(const vt_eyring *e, const double *Tp, size_t n, const char *what) {
  double lo, hi;
  spread(Tp, n, &lo, &hi);
  double diff = e->kissinger_dE_J_per_mol - e->H_plus_RTp_J_per_mol;
  printf("  %s: Kissinger dE %.3f J/mol, H* + R<Tp> %.3f J/mol, difference %.3f J/mol; "
         "band R (Tp_max - Tp_min) = %.3f J/mol, second-order estimate %.3f J/mol\n",
         what, e->kissinger_dE_J_per_mol, e->H_plus_RTp_J_per_mol, diff, R_GAS * (hi - lo),
         second_order_difference(Tp, n));
  CHECK(fabs(diff) <= R_GAS * (hi - lo), "%s: |dE - (H* + R<Tp>)| = %g J/mol beyond the band %g",
        what, fabs(diff), R_GAS * (hi - lo));
  /* The expansion's next terms are smaller by ~ (x - <x>)/<x>, a few per cent here. */
  CHECK_NEAR(diff, second_order_difference(Tp, n), 0.1 * fabs(diff), "dE - (H* + R<Tp>)");
}

static void test_eyring_exact(double H, double S) {
  double Tp[N_RATES];
  vt_error err;
  printf("Eyring, H* = %g J/mol, S* = %g J/(mol K):\n", H, S);
  if (generate(H, S, rates, N_RATES, Tp)) return;
  double worst = 0.0;
  for (size_t i = 0; i < N_RATES; i++) {
    double res = eq4_residual(H, S, rates[i], Tp[i]);
    worst = fmax(worst, fabs(res));
    printf("  rate %6g K/s -> Tp %.10f K (Eq. 4 residual %.2e)\n", rates[i], Tp[i], res);
    CHECK(fabs(res) <= 1e-10, "Eq. 4 residual %g at rate %g", res, rates[i]);
    if (i) CHECK(Tp[i] > Tp[i - 1], "Tp must rise with the rate (%g after %g)", Tp[i], Tp[i - 1]);
  }
  vt_eyring e;
  CHECK(vt_eyring_fit(rates, Tp, N_RATES, &e, &err) == VT_OK, "eyring fit: %s", err.message);
  printf("  fit: H* %.9g J/mol (rel. error %.2e), S* %.9g J/(mol K) (abs. error %.2e), R^2 %.15g, "
         "worst residual %.2e\n",
         e.H_J_per_mol, e.H_J_per_mol / H - 1, e.S_J_per_mol_K, e.S_J_per_mol_K - S, e.r2, worst);
  CHECK_NEAR(e.H_J_per_mol, H, 1e-3 * H, "H* recovered");
  CHECK_NEAR(e.S_J_per_mol_K, S, 1e-3 * fabs(S), "S* recovered");
  /* Exact data: nothing left for the standard errors to measure but rounding. */
  CHECK(e.se_H_J_per_mol < 1e-6 * H, "se(H*) %g on exact data", e.se_H_J_per_mol);
  CHECK(e.n == N_RATES, "n = %zu", e.n);
  double mean = 0.0;
  for (size_t i = 0; i < N_RATES; i++) mean += Tp[i] / N_RATES;
  CHECK_NEAR(e.mean_Tp_K, mean, 1e-9 * mean, "<Tp>");
  check_consistency(&e, Tp, N_RATES, "exact");
}

/* Data from an exact Kissinger law: choose Tp, set rate = Tp^2 exp(-E/(R Tp) + c). */
static void test_kissinger_exact(void) {
  const double E = 200e3, c = 45.0;
  double Tp[6], rate[6];
  for (size_t i = 0; i < 6; i++) {
    Tp[i] = 400.0 + 6.0 * (double)i;
    rate[i] = Tp[i] * Tp[i] * exp(-E / (R_GAS * Tp[i]) + c);
  }
  vt_kissinger k;
  vt_error err;
  CHECK(vt_kissinger_fit(rate, Tp, 6, &k, &err) == VT_OK, "kissinger: %s", err.message);
  printf("Kissinger, exact law: dE %.12g J/mol (rel. error %.2e), intercept %.12g, R^2 %.15g\n",
         k.dE_J_per_mol, k.dE_J_per_mol / E - 1, k.intercept, k.r2);
  CHECK_NEAR(k.dE_J_per_mol, E, 1e-9 * E, "Kissinger dE");
  CHECK_NEAR(k.intercept, c, 1e-8, "Kissinger intercept");
  CHECK_NEAR(k.r2, 1.0, 1e-12, "Kissinger R^2");
  CHECK(k.n == 6, "n = %zu", k.n);
}

/* One noisy data set: the fit lands within 3 standard errors of the truth. */
static void noisy_rates(gsl_rng *rng, const double *rate, double *noisy, size_t n) {
  for (size_t i = 0; i < n; i++) noisy[i] = rate[i] * (1.0 + 0.01 * gsl_ran_gaussian(rng, 1.0));
}

#define N_NOISY      12
#define N_REPLICATES 2000

/* Monte Carlo: the spread of H* and S* over many noisy data sets equals the root-mean-square of
 * the reported standard errors (OLS with Gaussian noise: E[se^2] = var exactly for the slope;
 * S* is linear in ln H*, a 0.3 % effect here). 2000 replicates estimate a standard deviation to
 * ~1.6 %; the band 10 % is six of those. Dropping the slope-intercept covariance from se(S*)
 * would make it wrong by orders of magnitude. */
static void test_noise(void) {
  const double H = 150e3, S = 100.0;
  double rate[N_NOISY], Tp[N_NOISY], noisy[N_NOISY];
  for (size_t i = 0; i < N_NOISY; i++) rate[i] = 100.0 * pow(100.0, (double)i / (N_NOISY - 1));
  if (generate(H, S, rate, N_NOISY, Tp)) return;
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(rng, 20240611);
  vt_eyring e;
  vt_error err;
  noisy_rates(rng, rate, noisy, N_NOISY);
  CHECK(vt_eyring_fit(noisy, Tp, N_NOISY, &e, &err) == VT_OK, "noisy fit: %s", err.message);
  printf("1 %% noise on the rates: H* %.1f +- %.1f J/mol (%.2f se from truth), S* %.2f +- %.2f "
         "J/(mol K) (%.2f se)\n",
         e.H_J_per_mol, e.se_H_J_per_mol, (e.H_J_per_mol - H) / e.se_H_J_per_mol, e.S_J_per_mol_K,
         e.se_S_J_per_mol_K, (e.S_J_per_mol_K - S) / e.se_S_J_per_mol_K);
  CHECK(fabs(e.H_J_per_mol - H) < 3 * e.se_H_J_per_mol, "H* off by more than 3 se");
  CHECK(fabs(e.S_J_per_mol_K - S) < 3 * e.se_S_J_per_mol_K, "S* off by more than 3 se");
  check_consistency(&e, Tp, N_NOISY, "noisy");
  double sH = 0, sH2 = 0, sS = 0, sS2 = 0, seH2 = 0, seS2 = 0;
  for (int r = 0; r < N_REPLICATES; r++) {
    noisy_rates(rng, rate, noisy, N_NOISY);
    if (vt_eyring_fit(noisy, Tp, N_NOISY, &e, &err)) break;
    sH += e.H_J_per_mol, sH2 += e.H_J_per_mol * e.H_J_per_mol;
    sS += e.S_J_per_mol_K, sS2 += e.S_J_per_mol_K * e.S_J_per_mol_K;
    seH2 += e.se_H_J_per_mol * e.se_H_J_per_mol, seS2 += e.se_S_J_per_mol_K * e.se_S_J_per_mol_K;
  }
  gsl_rng_free(rng);
  double m = N_REPLICATES;
  double sdH = sqrt((sH2 - sH * sH / m) / (m - 1)), sdS = sqrt((sS2 - sS * sS / m) / (m - 1));
  double rmsH = sqrt(seH2 / m), rmsS = sqrt(seS2 / m);
  printf("Monte Carlo, %d replicates: sd(H*) %.2f vs rms se %.2f J/mol (ratio %.3f); sd(S*) %.3f "
         "vs rms se %.3f J/(mol K) (ratio %.3f); mean H* - truth %.2f J/mol\n",
         N_REPLICATES, sdH, rmsH, sdH / rmsH, sdS, rmsS, sdS / rmsS, sH / m - H);
  CHECK(fabs(sdH / rmsH - 1) < 0.1, "se(H*) not calibrated: ratio %g", sdH / rmsH);
  CHECK(fabs(sdS / rmsS - 1) < 0.1, "se(S*) not calibrated: ratio %g", sdS / rmsS);
}

static void expect_bad(const double *rate, const double *Tp, size_t n, const char *part) {
  vt_kissinger k;
  vt_eyring e;
  vt_error err;
  CHECK(vt_kissinger_fit(rate, Tp, n, &k, &err) == VT_EINVAL, "kissinger should fail: %s", part);
  CHECK_CONTAINS(err.message, part);
  CHECK(vt_eyring_fit(rate, Tp, n, &e, &err) == VT_EINVAL, "eyring should fail: %s", part);
  CHECK_CONTAINS(err.message, part);
}

static void test_bad(void) {
  double r[] = {100, 1000, 10000, 100000}, T[] = {400, 410, 420, 430};
  expect_bad(r, T, 2, "at least 3");
  double same[] = {1000, 1000, 1000};
  expect_bad(same, T, 3, "same rate");
  double flatT[] = {400, 400, 400};
  expect_bad(r, flatT, 3, "same Tp");
  double neg[] = {100, 1000, -100, 10000};
  expect_bad(neg, T, 4, "point 2: rate -100 K/s");
  double zero[] = {100, 0, 1000};
  expect_bad(zero, T, 3, "point 1: rate 0 K/s");
  double infr[] = {100, 1000, INFINITY};
  expect_bad(infr, T, 3, "point 2: rate inf K/s");
  double nanT[] = {400, NAN, 420, 430};
  expect_bad(r, nanT, 4, "point 1: Tp nan K");
  double negT[] = {400, 410, 420, -5};
  expect_bad(r, negT, 4, "point 3: Tp -5 K");
  expect_bad(NULL, T, 3, "NULL");
  vt_eyring e;
  vt_error err;
  double falling[] = {430, 420, 410, 400};
  CHECK(vt_eyring_fit(r, falling, 4, &e, &err) == VT_EINVAL, "Tp falling with rate");
  CHECK_CONTAINS(err.message, "not positive");
  double Tp;
  CHECK(vt_eyring_peak_temperature(0, 10, 100, &Tp, &err) == VT_EINVAL, "H = 0");
  CHECK_CONTAINS(err.message, "H* = 0");
  CHECK(vt_eyring_peak_temperature(1e5, NAN, 100, &Tp, &err) == VT_EINVAL, "S = NaN");
  CHECK(vt_eyring_peak_temperature(1e5, 10, -1, &Tp, &err) == VT_EINVAL, "rate < 0");
  CHECK_CONTAINS(err.message, "rate -1 K/s");
}

/* Far outside any glass: Eq. 4 still has its one root, found by widening the bracket. */
static void test_extreme_brackets(void) {
  const double cases[][3] = {{1e3, -500, 1e-6}, {2e6, 400, 1e9}, {50e3, 0, 1e12}};
  for (size_t i = 0; i < 3; i++) {
    double Tp;
    vt_error err;
    int st = vt_eyring_peak_temperature(cases[i][0], cases[i][1], cases[i][2], &Tp, &err);
    CHECK(st == VT_OK, "extreme case %zu: %s", i, err.message);
    if (st) continue;
    double res = eq4_residual(cases[i][0], cases[i][1], cases[i][2], Tp);
    printf("extreme H* %g, S* %g, rate %g: Tp %.6g K, residual %.2e\n", cases[i][0], cases[i][1],
           cases[i][2], Tp, res);
    CHECK(fabs(res) <= 1e-10, "residual %g", res);
  }
}

/* The lines pass through exact data: y = a + b/Tp at every point of an exact law, and the span
 * is the points' extent (rates unsorted, so min and max are not the ends). */
static void test_lines_and_span(void) {
  const double H = 150e3, S = 100.0, c = 45.0, E = 200e3;
  double Tp[N_RATES], a, b;
  vt_error err;
  if (generate(H, S, rates, N_RATES, Tp)) return;
  vt_eyring e;
  CHECK(vt_eyring_fit(rates, Tp, N_RATES, &e, &err) == VT_OK, "eyring: %s", err.message);
  CHECK(vt_eyring_line(&e, &a, &b, &err) == VT_OK, "eyring line: %s", err.message);
  CHECK_NEAR(b, -H / R_GAS, 1e-6 * H / R_GAS, "Eyring slope -H*/R");
  for (size_t i = 0; i < N_RATES; i++)
    CHECK_NEAR(a + b / Tp[i], log(rates[i] / pow(Tp[i], 3)), 1e-8, "Eyring line at a point");
  double Tk[3] = {420, 400, 410}, rk[3];
  for (size_t i = 0; i < 3; i++) rk[i] = Tk[i] * Tk[i] * exp(-E / (R_GAS * Tk[i]) + c);
  vt_kissinger k;
  CHECK(vt_kissinger_fit(rk, Tk, 3, &k, &err) == VT_OK, "kissinger: %s", err.message);
  CHECK(vt_kissinger_line(&k, &a, &b, &err) == VT_OK, "kissinger line: %s", err.message);
  CHECK_NEAR(a, c, 1e-8, "Kissinger line intercept");
  CHECK_NEAR(b, -E / R_GAS, 1e-6, "Kissinger line slope");
  vt_rate_span sp;
  CHECK(vt_rate_span_of(rk, Tk, 3, &sp, &err) == VT_OK, "span: %s", err.message);
  CHECK(sp.Tp_min_K == 400 && sp.Tp_max_K == 420, "Tp span %g..%g", sp.Tp_min_K, sp.Tp_max_K);
  CHECK(sp.rate_min_K_per_s == rk[1] && sp.rate_max_K_per_s == rk[0], "rate span %g..%g",
        sp.rate_min_K_per_s, sp.rate_max_K_per_s);
  CHECK(vt_rate_span_of(rk, Tk, 0, &sp, &err) == VT_EINVAL, "span of no points");
  k.dE_J_per_mol = -1;
  CHECK(vt_kissinger_line(&k, &a, &b, &err) == VT_EINVAL, "line of a negative dE");
}

/* vt_rate_fit_points: an exact Kissinger law recovered (dE, the line through every point, the
 * span of unsorted points), an exact Eyring law (H*, S*, its line); a rejected fit leaves only
 * the law. The summary's first line is the span (written to a file, read back). */
static void test_rate_fit(void) {
  const double E = 180e3, c = 40.0, H = 150e3, S = 100.0;
  double Tk[4] = {410, 400, 430, 420}, rk[4], Te[N_RATES];
  for (size_t i = 0; i < 4; i++) rk[i] = Tk[i] * Tk[i] * exp(-E / (R_GAS * Tk[i]) + c);
  vt_rate_fit f;
  vt_error err;
  CHECK(vt_rate_fit_points(rk, Tk, 4, VT_RATE_KISSINGER, &f, &err) == VT_OK, "kissinger: %s",
        err.message);
  CHECK(f.law == VT_RATE_KISSINGER, "law");
  CHECK_NEAR(f.kissinger.dE_J_per_mol, E, 1e-6 * E, "dE");
  CHECK_NEAR(f.line_a, c, 1e-8, "intercept");
  CHECK_NEAR(f.line_b_K, -E / R_GAS, 1e-6, "slope -dE/R");
  for (size_t i = 0; i < 4; i++)
    CHECK_NEAR(f.line_a + f.line_b_K / Tk[i], log(rk[i] / (Tk[i] * Tk[i])), 1e-9, "line at Tp");
  CHECK(f.span.Tp_min_K == 400 && f.span.Tp_max_K == 430, "Tp span %g..%g", f.span.Tp_min_K,
        f.span.Tp_max_K);
  CHECK(f.span.rate_min_K_per_s == rk[1] && f.span.rate_max_K_per_s == rk[2], "rate span");
  FILE *fp = tmpfile();
  char line[256] = "";
  CHECK(fp && vt_rate_fit_write_summary(&f, fp, &err) == VT_OK, "summary");
  if (fp) {
    rewind(fp);
    CHECK(fgets(line, sizeof line, fp) && strstr(line, "  Tp 400.000 .. 430.000 K at ") == line,
          "summary's span line: '%s'", line);
    fclose(fp);
  }
  if (generate(H, S, rates, N_RATES, Te)) return;
  CHECK(vt_rate_fit_points(rates, Te, N_RATES, VT_RATE_EYRING, &f, &err) == VT_OK, "eyring: %s",
        err.message);
  CHECK_NEAR(f.eyring.H_J_per_mol, H, 1e-6 * H, "H*");
  CHECK_NEAR(f.eyring.S_J_per_mol_K, S, 1e-4, "S*");
  CHECK_NEAR(f.line_b_K, -H / R_GAS, 1e-6 * H / R_GAS, "Eyring slope -H*/R");
  for (size_t i = 0; i < N_RATES; i++)
    CHECK_NEAR(f.line_a + f.line_b_K / Te[i], log(rates[i] / pow(Te[i], 3)), 1e-8, "Eyring line");
  double falling[4] = {430, 420, 410, 400}; /* Tp falling with the rate: dE < 0 */
  CHECK(vt_rate_fit_points(rk, falling, 4, VT_RATE_KISSINGER, &f, &err) == VT_EINVAL,
        "falling Tp rejected");
  CHECK(f.law == VT_RATE_KISSINGER && f.line_a == 0 && f.span.Tp_max_K == 0, "nothing after error");
  CHECK(vt_rate_fit_points(rk, Tk, 4, VT_RATE_EYRING, NULL, &err) == VT_EINVAL, "NULL out");
}

/* The words of a bad point: rate first, then Tp, NULL for a good one (NaN is not good). */
static void test_point_problem(void) {
  CHECK(vt_rate_point_problem(100, 400) == NULL, "a good point");
  const char *r = vt_rate_point_problem(-1, -1), *t = vt_rate_point_problem(100, 0);
  CHECK(r && strstr(r, "rate is not positive"), "a negative rate: %s", r ? r : "NULL");
  CHECK(t && strstr(t, "Tp is not above absolute zero"), "Tp = 0: %s", t ? t : "NULL");
  CHECK(vt_rate_point_problem(NAN, 400) != NULL && vt_rate_point_problem(100, NAN) != NULL,
        "NaN rate or Tp");
}

int main(void) {
  test_eyring_exact(150e3, 100.0);
  test_eyring_exact(90e3, 15.0); /* paper 000, short anneals */
  test_kissinger_exact();
  test_noise();
  test_bad();
  test_extreme_brackets();
  test_lines_and_span();
  test_rate_fit();
  test_point_problem();
  TEST_MAIN_END();
}
