/* Virtual Flash DSC and the instruments on it: conservation of enthalpy between model state and
 * peak area, the liquid heat-flow baseline, paper 000 Fig. 1d (peak grows and moves up with
 * annealing time), Kovacs state vs DSC, and paper 002's cooling/isothermal matches. */
#include <stdlib.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

static vt_model *tnm(void) {
  vt_error err;
  vt_model *m = vt_model_create("tnm", &err);
  if (!m) printf("model: %s\n", err.message);
  return m;
}

static int peak_of(vt_model *m, const char *anneal_text, const vt_dsc_options *o,
                   const vt_dsc_scan *ref, vt_dsc_peak *pk) {
  vt_error err;
  vt_program *p = vt_program_parse(anneal_text, "anneal", &err);
  vt_dsc_scan scan;
  int rc = p ? vt_dsc_scan_run(m, p, o, &scan, &err) : 1;
  if (!rc) {
    rc = vt_dsc_peak_compute(&scan, ref, pk, &err);
    vt_dsc_scan_free(&scan);
  }
  if (rc) printf("DSC failed: %s\n", err.message);
  vt_program_free(p);
  return rc;
}

/* Both scans end in the liquid, so the peak area equals the state difference; the reference
 * heat flow there is R_h (Cp_glass + dCp). */
static void test_conservation_and_baseline(vt_model *m) {
  const double rates[] = {100.0, 1000.0, 10000.0};
  for (int k = 0; k < 3; k++) {
    vt_dsc_options o = vt_dsc_options_default();
    o.heat_rate_K_per_s = rates[k];
    vt_dsc_scan ref;
    vt_error err;
    if (vt_dsc_scan_run(m, NULL, &o, &ref, &err)) {
      printf("ref: %s\n", err.message);
      continue;
    }
    double want = rates[k] * (3 * VT_GAS_CONSTANT_J_PER_MOL_K + 25.0);
    CHECK_NEAR(ref.heat_flow_W_per_mol[ref.n - 1], want, 1e-3 * want, "liquid heat flow");
    vt_dsc_peak pk;
    if (!peak_of(m, "start 383 K\nhold 100 s\n", &o, &ref, &pk)) {
      printf("R_h %5.0f K/s: dh_dsc %.3f, dh_state %.3f J/mol, Tp %.2f K, end mismatch %.2g\n",
             rates[k], pk.dh_dsc_J_per_mol, pk.dh_state_J_per_mol, pk.metrics.x_peak,
             pk.end_mismatch_J_per_mol);
      CHECK(fabs(pk.dh_dsc_J_per_mol - pk.dh_state_J_per_mol) <= 1e-4 * pk.dh_state_J_per_mol,
            "area %.6g vs state %.6g J/mol", pk.dh_dsc_J_per_mol, pk.dh_state_J_per_mol);
      CHECK_NEAR(pk.metrics.area, pk.dh_dsc_J_per_mol, 2e-3 * pk.dh_dsc_J_per_mol,
                 "trapezoid area vs exact step sum");
      vt_dsc_peak_free(&pk);
    }
    vt_dsc_scan_free(&ref);
  }
}

/* Paper 000 Fig. 1a/1d: at 383 K the released enthalpy grows with annealing time and the
 * relaxation peak moves to higher temperature. */
static void test_fig1d(vt_model *m) {
  vt_dsc_options o = vt_dsc_options_default();
  vt_dsc_scan ref;
  vt_error err;
  if (vt_dsc_scan_run(m, NULL, &o, &ref, &err)) return;
  const char *anneals[] = {"start 383 K\nhold 0.1 s\n", "start 383 K\nhold 1 s\n",
                           "start 383 K\nhold 10 s\n", "start 383 K\nhold 100 s\n",
                           "start 383 K\nhold 1000 s\n"};
  double last_dh = 0, last_Tp = 0;
  for (int k = 0; k < 5; k++) {
    vt_dsc_peak pk;
    if (peak_of(m, anneals[k], &o, &ref, &pk)) continue;
    printf("383 K, t_a = %g s: dh %.1f J/mol, Tp %.2f K, FWHM %.2f K\n", pow(10, k - 1),
           pk.dh_dsc_J_per_mol, pk.metrics.x_peak, pk.metrics.fwhm);
    CHECK(pk.metrics_ok && pk.dh_dsc_J_per_mol > last_dh && pk.metrics.x_peak > last_Tp,
          "t_a = %g s: dh and Tp must grow", pow(10, k - 1));
    last_dh = pk.dh_dsc_J_per_mol;
    last_Tp = pk.metrics.x_peak;
    vt_dsc_peak_free(&pk);
  }
  vt_dsc_scan_free(&ref);
}

/* The Kovacs dh(t2), read from model states, equals the DSC peak area of the same history
 * within 0.5 % (the band; the scans end in the liquid, so they agree far closer). The
 * state at T2, before the final quench, differs by what fast modes relax during that quench. */
static void test_kovacs_vs_dsc(vt_model *m) {
  vt_dsc_options o = vt_dsc_options_default();
  vt_dsc_scan ref;
  vt_error err;
  if (vt_dsc_scan_run(m, NULL, &o, &ref, &err)) return;
  const double t2[] = {0.1, 1.0, 5.0, 30.0, 300.0};
  const double T1s[] = {348.0, 373.0};
  double worst = 0.0;
  for (int a = 0; a < 2; a++) {
    vt_kovacs_curve c;
    if (vt_kovacs_run(m, &o, T1s[a], 50.0, 383.0, 1e4, t2, 5, &c, &err)) {
      printf("kovacs: %s\n", err.message);
      continue;
    }
    for (int k = 0; k < 5; k++) {
      char text[256];
      snprintf(text, sizeof text, "start %g K\nhold 50 s\nheat to 383 K at 10000 K/s\nhold %g s\n",
               T1s[a], t2[k]);
      vt_dsc_peak pk;
      if (peak_of(m, text, &o, &ref, &pk)) continue;
      double rel = fabs(pk.dh_dsc_J_per_mol / c.dh_J_per_mol[k] - 1.0);
      worst = fmax(worst, rel);
      vt_dsc_peak_free(&pk);
    }
    printf("Kovacs T1 = %g K, t1 = 50 s: dh1 %.1f, dh(t2) %.1f .. %.1f J/mol (at T2: %.1f .. %.1f),"
           " memory %.1f J/mol at %.3g s\n",
           T1s[a], c.dh1_J_per_mol, c.dh_J_per_mol[0], c.dh_J_per_mol[4], c.dh_at_T2_J_per_mol[0],
           c.dh_at_T2_J_per_mol[4], c.dh_peak_J_per_mol, c.t_peak_s);
    if (a == 1) CHECK(c.dh_peak_J_per_mol > 25.0, "373 K -> 383 K shows the memory effect");
    vt_kovacs_curve_free(&c);
  }
  printf("Kovacs state vs DSC area: worst relative difference %.3g\n", worst);
  CHECK(worst <= 5e-3, "state and DSC enthalpies differ by %.3g (> 0.5 %%)", worst);
  vt_dsc_scan_free(&ref);
}

/* Paper 000 Fig. 2: at T2 = 383 K the memory effect needs a long enough first step; for
 * t1 = 100 s the rejuvenation peaks sooner the lower T1; and TNM's memory strength grows
 * faster at large dh1 than at small (the curvature the paper notes TNM gets). */
static void test_fig2_trends(vt_model *m) {
  vt_dsc_options o = vt_dsc_options_default();
  double t2[19];
  for (int k = 0; k < 19; k++) t2[k] = 0.01 * pow(10.0, k / 3.0);
  const double T1s[] = {348.0, 363.0, 373.0}, t1s[] = {0.1, 10.0, 50.0, 100.0};
  double t_peak_100[3];
  for (int a = 0; a < 3; a++) {
    double dh1[4], peak[4];
    for (int b = 0; b < 4; b++) {
      vt_kovacs_curve c;
      vt_error err;
      if (vt_kovacs_run(m, &o, T1s[a], t1s[b], 383.0, 1e4, t2, 19, &c, &err)) {
        CHECK(0, "kovacs: %s", err.message);
        return;
      }
      dh1[b] = c.dh1_J_per_mol;
      peak[b] = c.dh_peak_J_per_mol;
      if (b == 3) t_peak_100[a] = c.t_peak_s;
      vt_kovacs_curve_free(&c);
    }
    CHECK(peak[0] == 0.0, "T1 %g, t1 0.1 s: no memory (dh_peak %.3g)", T1s[a], peak[0]);
    CHECK(peak[3] > 50.0, "T1 %g, t1 100 s: memory %.3g J/mol", T1s[a], peak[3]);
    double slope_lo = (peak[2] - peak[1]) / (dh1[2] - dh1[1]);
    double slope_hi = (peak[3] - peak[2]) / (dh1[3] - dh1[2]);
    CHECK(slope_hi > slope_lo, "T1 %g: dh_peak(dh1) convex (slopes %.3g, %.3g)", T1s[a], slope_lo,
          slope_hi);
  }
  printf("t1 = 100 s: t_peak %.3g, %.3g, %.3g s for T1 = 348, 363, 373 K\n", t_peak_100[0],
         t_peak_100[1], t_peak_100[2]);
  CHECK(t_peak_100[0] < t_peak_100[1] && t_peak_100[1] < t_peak_100[2], "peak time grows with T1");
}

/* Paper 002 Fig. 2: T_s = 403 K, T_a = 385 K; measured matches phi <-> t_a. */
static void test_path_matching(vt_model *m) {
  const double phi[] = {100, 50, 30, 10, 5, 1}, measured[] = {0.3, 0.6, 1.2, 4, 8, 26};
  vt_dsc_options o = vt_dsc_options_default();
  for (int k = 0; k < 6; k++) {
    vt_path_match pm;
    vt_error err;
    if (vt_path_match_run(m, &o, 403.0, 385.0, phi[k], &pm, &err)) {
      CHECK(0, "path match at %g K/s: %s", phi[k], err.message);
      continue;
    }
    printf("phi %5.1f K/s: dh %.1f J/mol, matched t_a = %.3g s (measured %g s, ratio %.2f), "
           "%d simulations\n",
           phi[k], pm.dh_cool_J_per_mol, pm.t_a_s, measured[k], pm.t_a_s / measured[k],
           pm.evaluations);
    CHECK(pm.t_a_s / measured[k] < 2.0 && measured[k] / pm.t_a_s < 2.0,
          "phi %g: t_a %.3g s not within a factor 2 of %g s", phi[k], pm.t_a_s, measured[k]);
    CHECK(fabs(pm.dh_iso_J_per_mol / pm.dh_cool_J_per_mol - 1.0) <= 1e-5,
          "root: dh_iso %.8g vs dh_cool %.8g", pm.dh_iso_J_per_mol, pm.dh_cool_J_per_mol);
  }
}

/* The scans carry their heating rate: a reference heated at another rate is refused (it used to
 * give a 100x wrong dh with status 0 when the rate was passed again by hand), and NULL scans
 * are an error, not a crash. */
static void test_rate_carried(vt_model *m) {
  vt_dsc_options o = vt_dsc_options_default();
  vt_dsc_scan a, r;
  vt_error err;
  vt_program *p = vt_program_parse("start 383 K\nhold 10 s\n", "anneal", &err);
  int ok = p && !vt_dsc_scan_run(m, p, &o, &a, &err);
  o.heat_rate_K_per_s = 10.0;
  ok = ok && !vt_dsc_scan_run(m, NULL, &o, &r, &err);
  CHECK(ok, "scans: %s", err.message);
  if (ok) {
    CHECK_NEAR(a.heat_rate_K_per_s, 1000.0, 0, "scan's own rate");
    vt_dsc_peak pk;
    CHECK(vt_dsc_peak_compute(&a, &r, &pk, &err) == VT_EINVAL, "rates 1000 vs 10 K/s accepted");
    CHECK_CONTAINS(err.message, "heated at 1000 K/s and the reference at 10 K/s");
    CHECK(vt_dsc_peak_compute(NULL, &r, &pk, &err) == VT_EINVAL, "NULL scan accepted");
    CHECK(vt_dsc_peak_compute(&a, &r, NULL, &err) == VT_EINVAL, "NULL peak accepted");
    vt_dsc_scan_free(&a);
    vt_dsc_scan_free(&r);
  }
  vt_program_free(p);
}

/* Once a hold has brought the glass to equilibrium, a longer hold changes nothing: the scans
 * after 1e6 ... 1e15 s at 383 K are the same. Step lengths came from absolute times, so after
 * 1e11 s the scan's 1e-4 s steps were off by up to 15 % (FWHM 18.4 K instead of 25.9 K). */
static void test_long_holds(vt_model *m) {
  vt_dsc_options o = vt_dsc_options_default();
  vt_dsc_scan ref;
  vt_error err;
  if (vt_dsc_scan_run(m, NULL, &o, &ref, &err)) return;
  double fwhm0 = NAN, Tp0 = NAN, dh0 = NAN;
  const char *holds[] = {"1e6", "1e9", "1e12", "1e15"};
  for (int k = 0; k < 4; k++) {
    char text[64];
    snprintf(text, sizeof text, "start 383 K\nhold %s s\n", holds[k]);
    vt_dsc_peak pk;
    if (peak_of(m, text, &o, &ref, &pk)) break;
    if (k == 0) {
      fwhm0 = pk.metrics.fwhm, Tp0 = pk.metrics.x_peak, dh0 = pk.dh_dsc_J_per_mol;
    } else {
      printf("hold %s s: FWHM %.9f K, Tp %.9f K, dh %.9f J/mol\n", holds[k], pk.metrics.fwhm,
             pk.metrics.x_peak, pk.dh_dsc_J_per_mol);
      CHECK_NEAR(pk.metrics.fwhm, fwhm0, 1e-6, "FWHM after a longer hold");
      CHECK_NEAR(pk.metrics.x_peak, Tp0, 1e-6, "Tp after a longer hold");
      CHECK_NEAR(pk.dh_dsc_J_per_mol, dh0, 1e-6 * dh0, "dh after a longer hold");
    }
    vt_dsc_peak_free(&pk);
  }
  vt_dsc_scan_free(&ref);
}

/* Paper 000 Fig. 2's second-step times: 0.01 s to 2000 s at 6 per decade, the last clipped to
 * 2000 s (0.01 s x 10^(32/6) would be 2154 s). */
static void test_kovacs_default_t2(void) {
  double *t = NULL;
  size_t n = 0;
  vt_error err;
  CHECK(vt_kovacs_default_t2(&t, &n, &err) == VT_OK && n == 33, "default t2: %zu times", n);
  if (!t || n != 33) {
    free(t);
    return;
  }
  CHECK(t[0] == 0.01 && t[32] == 2000.0, "default t2 spans %g..%g s", t[0], t[32]);
  for (size_t i = 0; i + 2 < n; i++)
    CHECK(fabs(t[i + 1] / t[i] / pow(10.0, 1.0 / 6.0) - 1.0) < 1e-13, "t2 step %zu: ratio %.17g", i,
          t[i + 1] / t[i]);
  CHECK(t[31] < t[32] && t[32] / t[31] < pow(10.0, 1.0 / 6.0), "the last step is the clipped one");
  free(t);
  CHECK(vt_kovacs_default_t2(NULL, &n, &err) == VT_EINVAL && n == 0, "NULL t2 refused");
}

int main(void) {
  vt_model *m = tnm();
  if (!m) return 1;
  test_conservation_and_baseline(m);
  test_fig1d(m);
  test_kovacs_vs_dsc(m);
  test_fig2_trends(m);
  test_path_matching(m);
  test_rate_carried(m);
  test_long_holds(m);
  test_kovacs_default_t2();
  vt_model_free(m);
  TEST_MAIN_END();
}
