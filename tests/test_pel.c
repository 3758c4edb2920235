/* The energy-landscape model (paper 003 Eqs. 1-2) and the analyses built on it: <E_A> against
 * closed forms, the non-monotonic ageing rate and its boundary (Secs. 3.1-3.2), the exothermic
 * peak shift of Fig. 4c, the time stepping against an independent integrator and under grid
 * refinement, tabulated spectra, the E_IS curve readers, and slope mining of curves the model
 * itself generates, mined back into a map whose maximum-rate line must match the model's. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_sf_erf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"
#include "vitrum/pel.h"
#include "vitrum/vitrum.h"

#define EV VT_EV_J_PER_MOL
static const double R = VT_GAS_CONSTANT_J_PER_MOL_K;

static vt_model *pel_model(void) {
  vt_error err;
  vt_model *m = vt_model_create("pel", &err);
  if (!m) printf("cannot create the pel model: %s\n", err.message);
  return m;
}

/* ---- <E_A> and <E_R> ------------------------------------------------------------------------- */

/* Far from the truncation at 0 (the tilted centre mu - sigma^2/RT >= 9 sigma): <E_A> of the
 * Gaussian is mu - sigma^2/(2RT) (paper 003's T-dependent mean barrier). */
static void test_mean_activation_closed_form(void) {
  vt_model *m = pel_model();
  vt_error err;
  double mus[] = {1.0, 1.8, 3.0}, sigs[] = {0.05, 0.1, 0.2}, worst = 0.0;
  int cases = 0;
  for (int a = 0; a < 3; a++)
    for (int b = 0; b < 3; b++)
      for (double T = 300; T <= 2000; T += 100) {
        double mu = mus[a] * EV, s = sigs[b] * EV, m_t = mu - s * s / (R * T);
        if (m_t < 9.0 * s) continue;
        vt_model_set(m, "mu_A", mu, &err);
        vt_model_set(m, "sigma_A", s, &err);
        double EA, want = mu - s * s / (2.0 * R * T);
        vt_pel_mean_activation(m, 0.0, T, &EA, &err);
        worst = fmax(worst, fabs(EA - want) / want);
        cases++;
      }
  printf("<E_A> vs mu - sigma^2/(2RT), %d cases far from truncation: max relative error %.3g\n",
         cases, worst);
  CHECK(cases >= 40 && worst <= 1e-6, "closed form: %d cases, worst %.3g", cases, worst);
  vt_model_free(m);
}

/* Near and at the truncation: the exact truncated-Gaussian form (log erfc, independent of the
 * quadrature): ln Z = -beta mu + beta^2 s^2/2 + ln Phi((mu - beta s^2)/s) - ln Phi(mu/s). */
static double ln_Phi(double z) {
  return gsl_sf_log_erfc(-z / M_SQRT2) - M_LN2;
}

static void test_mean_activation_truncated(void) {
  vt_model *m = pel_model();
  vt_error err;
  double worst = 0.0;
  for (double mu = 0.2; mu <= 2.01; mu += 0.3)
    for (double T = 50; T <= 3000; T *= 1.5) {
      double beta = 1.0 / (R * T), s = 0.2 * EV, M = mu * EV, EA;
      vt_model_set(m, "mu_A", M, &err);
      vt_model_set(m, "sigma_A", s, &err);
      vt_pel_mean_activation(m, 0.0, T, &EA, &err);
      double lnZ =
          -beta * M + 0.5 * beta * beta * s * s + ln_Phi((M - beta * s * s) / s) - ln_Phi(M / s);
      worst = fmax(worst, fabs(EA + lnZ / beta) / (R * T));
    }
  printf("<E_A> vs the truncated closed form, 50-3000 K, mu/sigma 1-10: max error %.3g RT\n",
         worst);
  CHECK(worst <= 1e-10, "truncated closed form: off by %.3g RT", worst);
  vt_model_free(m);
}

/* <E_R>: the mean of the truncated Gaussian against adaptive quadrature. */
static double trunc_density_E(double E, void *p) {
  double *q = p;
  return E * exp(-0.5 * (E - q[0]) * (E - q[0]) / (q[1] * q[1]));
}
static double trunc_density(double E, void *p) {
  double *q = p;
  return exp(-0.5 * (E - q[0]) * (E - q[0]) / (q[1] * q[1]));
}

static void test_mean_relaxation(void) {
  vt_model *m = pel_model();
  vt_error err;
  double worst = 0.0;
  gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
  for (double mu = 0.0; mu <= 1.21; mu += 0.3) {
    double q[2] = {mu, 0.3}, a, b, e;
    vt_model_set(m, "mu_R", mu * EV, &err);
    vt_model_set(m, "sigma_R", 0.3 * EV, &err);
    gsl_function F1 = {trunc_density_E, q}, F0 = {trunc_density, q};
    gsl_integration_qagiu(&F1, 0.0, 0.0, 1e-12, 1000, w, &a, &e);
    gsl_integration_qagiu(&F0, 0.0, 0.0, 1e-12, 1000, w, &b, &e);
    double ER;
    vt_pel_mean_relaxation(m, 0.0, &ER, &err);
    worst = fmax(worst, fabs(ER / EV - a / b));
  }
  gsl_integration_workspace_free(w);
  printf("<E_R> vs adaptive quadrature of the truncated Gaussian: max error %.3g eV\n", worst);
  CHECK(worst <= 1e-10, "<E_R> off by %.3g eV", worst);
  vt_model_free(m);
}

/* ---- Rate, boundary, maximum ----------------------------------------------------------------- */

/* Sign convention: ageing (rate < 0) exactly where <E_A> < <E_R>; the boundary is a root. */
static void test_sign_convention(void) {
  vt_model *m = pel_model();
  vt_error err;
  int bad = 0, n = 0;
  for (double e = -0.04; e <= 0.0101; e += 0.01)
    for (double T = 400; T <= 1000; T += 50) {
      double EA, ER, r;
      vt_pel_mean_activation(m, e * EV, T, &EA, &err);
      vt_pel_mean_relaxation(m, e * EV, &ER, &err);
      vt_pel_rate(m, e * EV, T, &r, &err);
      bad += (r < 0) != (EA < ER);
      n++;
    }
  CHECK(bad == 0, "%d of %d points have a rate sign that disagrees with <E_A> - <E_R>", bad, n);
  double Tb, EA, ER, lo, hi;
  vt_pel_boundary_T(m, 0.0, &Tb, &err);
  vt_pel_mean_activation(m, 0.0, Tb, &EA, &err);
  vt_pel_mean_relaxation(m, 0.0, &ER, &err);
  vt_pel_rate(m, 0.0, Tb - 5.0, &lo, &err);
  vt_pel_rate(m, 0.0, Tb + 5.0, &hi, &err);
  printf("E_IS = E_ref: boundary T_b = %.3f K, <E_A> - <E_R> there %.2g eV; rate at T_b -/+ 5 K: "
         "%.3g / %.3g eV/s\n",
         Tb, (EA - ER) / EV, lo / EV, hi / EV);
  CHECK(fabs(EA - ER) <= 1e-9 * EV && lo < 0 && hi > 0, "boundary: ages below, rejuvenates above");
  CHECK_NEAR(Tb, 800.0, 1.0, "the defaults put E_ref in equilibrium at 800 K");
  vt_model_free(m);
}

/* Paper 003 Secs. 3.1-3.2: at fixed E_IS, |rate| rises then falls with T: one maximum below the
 * boundary; the maximum moves to lower T, and closer to the boundary, as E_IS decreases. */
static void test_non_monotonic(void) {
  vt_model *m = pel_model();
  vt_error err;
  double last_Tmax = INFINITY, last_gap = INFINITY;
  int ok_single = 1, ok_order = 1;
  printf("   E_IS (eV)   T_max (K)   T_b (K)   gap (K)   max rate (eV/s)\n");
  for (double e = 0.01; e >= -0.0401; e -= 0.005) {
    double Tb, Tmax, rmax;
    vt_pel_boundary_T(m, e * EV, &Tb, &err);
    vt_pel_max_ageing_T(m, e * EV, 300.0, 1200.0, 64, &Tmax, &rmax, &err);
    /* count the local maxima of -rate on 2000 points from 300 K to T_b */
    int maxima = 0;
    double f0 = 0, f1 = 0;
    for (int i = 0; i <= 2000; i++) {
      double T = 300.0 + (Tb - 300.0) * i / 2000.0, f;
      vt_pel_rate(m, e * EV, T, &f, &err);
      if (i >= 2 && -f1 > -f0 && -f1 > -f) maxima++;
      f0 = f1, f1 = f;
    }
    printf("   %8.4f   %9.2f   %7.2f   %7.2f   %.3g\n", e, Tmax, Tb, Tb - Tmax, rmax / EV);
    if (maxima != 1 || !(Tmax < Tb)) ok_single = 0;
    if (!(Tmax < last_Tmax) || !(Tb - Tmax < last_gap)) ok_order = 0;
    last_Tmax = Tmax, last_gap = Tb - Tmax;
  }
  CHECK(ok_single, "each E_IS needs exactly one maximum of the ageing rate below T_b");
  CHECK(ok_order, "T_max and T_b - T_max must both fall as E_IS decreases");
  vt_model_free(m);
}

/* Fig. 4b: the map spans more than ten decades of rate; its lines agree with the point calls. */
static void test_map(void) {
  vt_model *m = pel_model();
  vt_error err;
  vt_rate_map map;
  vt_rate_lines lines, grid_lines;
  double lo, hi;
  vt_pel_window(m, &lo, &hi, &err);
  int rc = vt_pel_map_compute(m, lo, hi, 31, 400.0, 1000.0, 241, &map, &lines, &err);
  CHECK(rc == 0, "map: %s", err.message);
  if (rc) {
    vt_model_free(m);
    return;
  }
  double amin = INFINITY, amax = 0.0, worst = 0.0;
  for (size_t i = 0; i < map.nE * map.nT; i++)
    if (map.rate[i] < 0) amin = fmin(amin, -map.rate[i]), amax = fmax(amax, -map.rate[i]);
  vt_rate_map_lines(&map, &grid_lines, &err);
  for (size_t r = 0; r < map.nE; r++)
    if (isfinite(lines.T_max_K[r]) && isfinite(grid_lines.T_max_K[r]))
      worst = fmax(worst, fabs(lines.T_max_K[r] - grid_lines.T_max_K[r]));
  printf("map: ageing rates span %.1f decades (%.3g to %.3g eV/s); T_max on the 2.5 K grid vs "
         "Brent: max %.2f K apart\n",
         log10(amax / amin), amin / EV, amax / EV, worst);
  CHECK(log10(amax / amin) >= 10.0, "the map spans only %.1f decades", log10(amax / amin));
  CHECK(worst <= 1.0, "grid lines %.2f K from the model's", worst);
  vt_rate_map_free(&map);
  vt_rate_lines_free(&lines);
  vt_rate_lines_free(&grid_lines);
  vt_model_free(m);
}

/* ---- Thermal programs
 * ----------------------------------------------------------------------------- */

static int run(vt_model *m, const char *text, double dT, vt_trace *t) {
  vt_error err;
  vt_program *p = vt_program_parse(text, "test", &err);
  vt_grid_options o = vt_grid_options_default();
  o.ramp_step_K = dT;
  vt_grid g;
  int rc = !p || vt_grid_build(p, &o, &g, &err);
  if (!rc) {
    rc = vt_simulate(m, &g, t, &err);
    vt_grid_free(&g);
  }
  if (rc) printf("run failed: %s\n", err.message);
  vt_program_free(p);
  return rc;
}

/* The exotherm on heating: the most negative dE_IS/dT of segment `seg`, parabola refined. */
static double exotherm_T(const vt_trace *t, int seg, double *depth) {
  size_t best = 0;
  double fb = 0.0;
  for (size_t i = 1; i < t->n; i++) {
    if (t->segment[i] != seg) continue;
    double f = (t->H_conf_J_per_mol[i] - t->H_conf_J_per_mol[i - 1]) / (t->T_K[i] - t->T_K[i - 1]);
    if (f < fb) fb = f, best = i;
  }
  *depth = fb;
  if (!best || best + 1 >= t->n || t->segment[best - 1] != seg) return NAN;
  double d[3], x[3];
  for (int k = 0; k < 3; k++) {
    size_t i = best - 1 + (size_t)k;
    d[k] = (t->H_conf_J_per_mol[i] - t->H_conf_J_per_mol[i - 1]) / (t->T_K[i] - t->T_K[i - 1]);
    x[k] = 0.5 * (t->T_K[i] + t->T_K[i - 1]);
  }
  double c = d[0] - 2.0 * d[1] + d[2], h = x[1] - x[0];
  return c > 0 ? x[1] + 0.5 * h * (d[0] - d[2]) / c : x[1];
}

static const char *fig4c(double rate, char *buf, size_t size) {
  snprintf(buf, size, "start 840 K\ncool to 400 K at %g K/s\nheat to 840 K at 1 K/s\n", rate);
  return buf;
}

/* Fig. 4c: glasses cooled at 20 and 2000 K/s, heated at 1 K/s: the faster-cooled (less relaxed)
 * glass releases its energy earlier, at lower T. Read from the trace and from the virtual DSC. */
static void test_exotherm_shift(void) {
  vt_model *m = pel_model();
  vt_error err;
  double rates[2] = {20.0, 2000.0}, Tx[2], Tdsc[2], Eg[2], Tf[2];
  char buf[256];
  for (int k = 0; k < 2; k++) {
    vt_trace t;
    Tx[k] = Eg[k] = NAN;
    if (run(m, fig4c(rates[k], buf, sizeof buf), 0.2, &t)) continue;
    size_t end = 0;
    while (t.segment[end + 1] != 1) end++;
    double depth;
    Eg[k] = t.H_conf_J_per_mol[end] / EV, Tf[k] = t.Tf_K[end];
    Tx[k] = exotherm_T(&t, 1, &depth);
    printf("cooled at %6g K/s: glass E_IS %.5f eV/atom, Tf %.1f K; on heating at 1 K/s the "
           "exotherm peaks at %.2f K (dH_conf/dT = %.3f J/(mol K))\n",
           rates[k], Eg[k], Tf[k], Tx[k], depth);
    vt_trace_free(&t);
    /* the same through the virtual DSC (heat flow R_h (Cp_glass + dH_conf/dT), exotherm down) */
    vt_dsc_options o = vt_dsc_options_default();
    o.T_eq_K = 840.0, o.cool_rate_K_per_s = rates[k], o.T_low_K = 400.0;
    o.heat_rate_K_per_s = 1.0, o.T_high_K = 840.0, o.grid.ramp_step_K = 0.2;
    vt_dsc_scan s;
    Tdsc[k] = NAN;
    if (vt_dsc_scan_run(m, NULL, &o, &s, &err) == 0) {
      size_t b = 0;
      for (size_t i = 0; i < s.n && s.T_K[i] < 700.0; i++)
        if (s.heat_flow_W_per_mol[i] < s.heat_flow_W_per_mol[b]) b = i;
      Tdsc[k] = s.T_K[b];
      vt_dsc_scan_free(&s);
    }
  }
  printf("exotherm shift 20 -> 2000 K/s: %.2f K (trace), %.2f K (virtual DSC)\n", Tx[0] - Tx[1],
         Tdsc[0] - Tdsc[1]);
  CHECK(Eg[1] > Eg[0], "the faster-cooled glass must keep the higher E_IS");
  CHECK(Tx[1] < Tx[0] - 20.0, "the exotherm must shift down by > 20 K: %.2f vs %.2f K", Tx[1],
        Tx[0]);
  CHECK(fabs(Tdsc[0] - Tx[0]) <= 0.5 && fabs(Tdsc[1] - Tx[1]) <= 0.5,
        "the virtual DSC puts the exotherm at %.2f / %.2f K, the trace at %.2f / %.2f K", Tdsc[0],
        Tdsc[1], Tx[0], Tx[1]);
  vt_model_free(m);
}

/* The steps: grid refinement and a 100 times tighter tolerance barely move the Fig. 4c
 * numbers (the steps are adaptive inside each grid step; the grid only sets the output). */
static void test_convergence(void) {
  const double dT[3] = {2.0, 0.5, 0.5};
  const char *tol[3] = {"1e-4", "1e-4", "1e-6"};
  double E[3], Tx[3], depth;
  char buf[256];
  for (int k = 0; k < 3; k++) {
    vt_model *m = pel_model();
    vt_error err;
    vt_model_set_option(m, "tol_J_per_mol", tol[k], &err);
    vt_trace t;
    E[k] = Tx[k] = NAN;
    if (!run(m, fig4c(2000.0, buf, sizeof buf), dT[k], &t)) {
      size_t end = 0;
      while (t.segment[end + 1] != 1) end++;
      E[k] = t.H_conf_J_per_mol[end];
      Tx[k] = exotherm_T(&t, 1, &depth);
      vt_trace_free(&t);
    }
    vt_model_free(m);
  }
  printf("dT 2 K / 0.5 K / 0.5 K with tol 1e-6 J/mol: glass E_IS %.5f %.5f %.5f J/mol, exotherm "
         "%.3f %.3f %.3f K\n",
         E[0], E[1], E[2], Tx[0], Tx[1], Tx[2]);
  CHECK(fabs(E[0] - E[2]) <= 1e-3 && fabs(E[1] - E[2]) <= 1e-3,
        "glass E_IS moves by %.3g / %.3g J/mol", E[0] - E[2], E[1] - E[2]);
  CHECK(fabs(Tx[1] - Tx[2]) <= 0.01 && fabs(Tx[0] - Tx[2]) <= 0.3,
        "exotherm moves by %.3g / %.3g K", Tx[0] - Tx[2], Tx[1] - Tx[2]);
}

/* An independent integrator: GSL's rk8pd on dE/dt = vt_pel_rate, for a glass in equilibrium at
 * 760 K quenched instantly to 650 K and held 1000 s. */
typedef struct ode_ctx {
  vt_model *m;
  double T;
} ode_ctx;

static int ode_rhs(double t, const double y[], double dy[], void *p) {
  (void)t;
  ode_ctx *c = p;
  vt_error err;
  return vt_pel_rate(c->m, y[0], c->T, &dy[0], &err) ? GSL_EBADFUNC : GSL_SUCCESS;
}

static void test_against_odeiv2(void) {
  vt_model *m = pel_model(), *ref = pel_model();
  vt_error err;
  vt_trace t;
  if (run(m, "start 760 K\njump to 650 K\nhold 1000 s\n", 0.1, &t)) return;
  ode_ctx c = {ref, 650.0};
  gsl_odeiv2_system sys = {ode_rhs, NULL, 1, &c};
  gsl_odeiv2_driver *d =
      gsl_odeiv2_driver_alloc_y_new(&sys, gsl_odeiv2_step_rk8pd, 1e-6, 1e-12, 0.0);
  double y, time = 0.0, worst = 0.0;
  vt_pel_steady_E(ref, 760.0, &y, &err);
  for (size_t i = 2; i < t.n; i++) {
    if (gsl_odeiv2_driver_apply(d, &time, t.time_s[i], &y) != GSL_SUCCESS) break;
    worst = fmax(worst, fabs(y - t.H_conf_J_per_mol[i]));
  }
  printf("760 K -> 650 K, 1000 s hold: E_IS from %.4f to %.4f eV; max |difference| from rk8pd "
         "%.3g J/mol over %zu times\n",
         t.H_conf_J_per_mol[1] / EV, t.H_conf_J_per_mol[t.n - 1] / EV, worst, t.n - 2);
  CHECK(worst <= 0.01, "model steps differ from rk8pd by %.3g J/mol", worst);
  CHECK(t.H_conf_J_per_mol[t.n - 1] < t.H_conf_J_per_mol[1] - 100.0, "the glass must age");
  gsl_odeiv2_driver_free(d);
  vt_trace_free(&t);
  vt_model_free(m);
  vt_model_free(ref);
}

/* Steady states and observables: equilibrium at T has rate 0, Tf = T, H_conf = E_IS - E_ref. */
static void test_steady_state(void) {
  vt_model *m = pel_model();
  vt_error err;
  double worst_T = 0.0, worst_r = 0.0;
  vt_model_set(m, "E_ref", -5.6 * EV, &err); /* an absolute MD energy scale changes nothing */
  for (double T = 520; T <= 920; T += 50) {
    double E, Tb, r;
    vt_pel_steady_E(m, T, &E, &err);
    vt_pel_boundary_T(m, E, &Tb, &err);
    vt_pel_rate(m, E, T, &r, &err);
    worst_T = fmax(worst_T, fabs(Tb - T));
    worst_r = fmax(worst_r, fabs(r) / EV);
  }
  vt_observables o;
  vt_model_equilibrate(m, 800.0, &err);
  vt_model_observe(m, &o);
  printf("steady states 520-920 K: |T_b(E_eq(T)) - T| <= %.2g K, |rate| <= %.2g eV/s; at 800 K "
         "H_conf = %.3g J/mol, Tf = %.6g K\n",
         worst_T, worst_r, o.H_conf_J_per_mol, o.Tf_K);
  CHECK(worst_T <= 1e-6, "steady state vs boundary: %.3g K", worst_T);
  CHECK(fabs(o.H_conf_J_per_mol) <= 30.0 && o.Tf_K == 800.0 && o.dH_J_per_mol == o.H_conf_J_per_mol,
        "observables at the E_ref steady state");
  CHECK(vt_model_equilibrate(m, 1500.0, &err) != 0, "equilibrium outside the window accepted");
  CHECK_CONTAINS(err.message, "no steady state at 1500 K");
  vt_model_free(m);
}

/* ---- Tabulated spectra
 * ----------------------------------------------------------------------------- */

/* The default Gaussians written as histograms (E_IS bins every 1 meV, cells of 2 meV) must give
 * the Gaussian model's rates and boundary. */
static void test_table_matches_gaussians(void) {
  vt_model *g = pel_model(), *t = pel_model();
  vt_error err;
  size_t nb = 61, ne = 2501;
  vt_pel_table tab = {nb,
                      malloc(nb * sizeof(double)),
                      malloc((nb + 1) * sizeof(size_t)),
                      malloc(nb * ne * sizeof(double)),
                      malloc(nb * ne * sizeof(double)),
                      malloc(nb * ne * sizeof(double))};
  for (size_t k = 0; k < nb; k++) {
    double e = -0.05 + 0.001 * (double)k, mA = 1.80 - 61.0 * e, mR = 1.51 - 57.0 * e;
    tab.E_IS[k] = e * EV;
    tab.row0[k] = k * ne;
    for (size_t j = 0; j < ne; j++) {
      double E = 0.002 * (double)j, *row = tab.E + k * ne + j;
      *row = E * EV;
      tab.P_A[k * ne + j] = exp(-0.5 * (E - mA) * (E - mA) / 0.04);
      tab.P_R[k * ne + j] = exp(-0.5 * (E - mR) * (E - mR) / 0.0225);
    }
  }
  tab.row0[nb] = nb * ne;
  int rc = vt_pel_set_table(t, &tab, &err);
  CHECK(rc == 0, "set table: %s", err.message);
  double worst_r = 0.0, worst_T = 0.0;
  for (double e = -0.04; e <= 0.0051; e += 0.0025) {
    double Tg, Tt;
    vt_pel_boundary_T(g, e * EV, &Tg, &err);
    vt_pel_boundary_T(t, e * EV, &Tt, &err);
    worst_T = fmax(worst_T, fabs(Tg - Tt));
    for (double T = Tg - 60; T <= Tg + 30; T += 45) { /* not at T_b, where the rate is 0 */
      double rg, rt;
      vt_pel_rate(g, e * EV, T, &rg, &err);
      vt_pel_rate(t, e * EV, T, &rt, &err);
      worst_r = fmax(worst_r, fabs(rt - rg) / fabs(rg));
    }
  }
  printf("table of the default Gaussians vs the Gaussians: rate within %.2g relative, T_b within "
         "%.2g K\n",
         worst_r, worst_T);
  CHECK(worst_r <= 0.02 && worst_T <= 0.1, "table: rate %.3g, T_b %.3g K", worst_r, worst_T);
  tab.E_IS[3] = tab.E_IS[2];
  CHECK(vt_pel_set_table(t, &tab, &err) != 0, "non-increasing E_IS bins accepted");
  CHECK_CONTAINS(err.message, "must increase");
  vt_pel_table_free(&tab);
  vt_model_free(g);
  vt_model_free(t);
}

/* A histogram with one occupied cell is a flat P(E_A) on [a, a + w]: exactly
 * Z = e^{-a/RT} (1 - e^{-w/RT}) RT/w; <E_R> is the mean over its cells. */
static void test_table_flat_cell(void) {
  vt_model *m = pel_model();
  vt_error err;
  vt_pel_table t = {2,
                    (double[]){-0.01 * EV, 0.01 * EV},
                    (size_t[]){0, 2, 4},
                    (double[]){1.0 * EV, 1.2 * EV, 1.0 * EV, 1.2 * EV},
                    (double[]){1, 0, 1, 0},
                    (double[]){1, 1, 1, 3}};
  int rc = vt_pel_set_table(m, &t, &err);
  double worst = 0.0, ER0, ER1, ERm;
  for (double T = 100; !rc && T <= 5000; T *= 1.3) {
    double RT = R * T, a = 0.9 * EV, w = 0.2 * EV, EA;
    vt_pel_mean_activation(m, 0.0, T, &EA, &err);
    worst = fmax(worst, fabs(EA - (a - RT * log(-expm1(-w / RT) * RT / w))) / RT);
  }
  vt_pel_mean_relaxation(m, -0.01 * EV, &ER0, &err);
  vt_pel_mean_relaxation(m, 0.01 * EV, &ER1, &err);
  vt_pel_mean_relaxation(m, 0.0, &ERm, &err);
  printf("flat cell: <E_A> off the closed form by %.2g RT; <E_R> %.4f, %.4f eV, midway %.4f eV\n",
         worst, ER0 / EV, ER1 / EV, ERm / EV);
  CHECK(rc == 0 && worst <= 1e-12, "flat cell: %.3g RT", worst);
  CHECK_NEAR(ER0 / EV, 1.1, 1e-12, "<E_R> of two equal cells [0.9, 1.1], [1.1, 1.3]");
  CHECK_NEAR(ER1 / EV, 1.15, 1e-12, "<E_R> with weights 1:3");
  CHECK_NEAR(ERm / EV, 1.125, 1e-12, "<E_R> halfway between the bins (linear in E_IS)");
  vt_model_free(m);
}

static void test_table_file(void) {
  vt_error err;
  vt_pel_table t;
  int rc = vt_read_pel_table(VT_TEST_DATA_DIR "/pel_table.csv", &t, &err);
  CHECK(rc == 0, "pel_table.csv: %s", err.message);
  if (!rc) {
    CHECK(t.n_bins == 3 && t.row0[3] == 18, "3 bins of 6 rows, got %zu bins, %zu rows", t.n_bins,
          t.row0[t.n_bins]);
    CHECK_NEAR(t.E_IS[1] / EV, -0.01, 1e-12, "bin centre (eV)");
    CHECK_NEAR(t.E[7] / EV, 1.0, 1e-12, "energy of row 8 (eV)");
    vt_model *m = pel_model();
    double Tb;
    rc = vt_pel_set_table(m, &t, &err) || vt_pel_boundary_T(m, -0.01 * EV, &Tb, &err);
    CHECK(rc == 0 && Tb > 900 && Tb < 1200, "the file's spectra give a boundary (%g K)", Tb);
    vt_model_free(m);
    vt_pel_table_free(&t);
  }
  rc = vt_read_pel_table(VT_TEST_DATA_DIR "/pel_table_bad.csv", &t, &err);
  CHECK(rc != 0, "pel_table_bad.csv accepted");
  CHECK_CONTAINS(err.message, "pel_table_bad.csv:9:");
  CHECK_CONTAINS(err.message, "increasing E_IS");
}

/* ---- Curves and slope mining
 * ------------------------------------------------------------------------ */

/* Numbers finite as written but not in SI units (a unit factor, a small atom count, a mean) are
 * refused with their line, not passed on as inf; so is a curve name longer than the reader keeps.
 */
static void test_readers_overflow(void) {
  static const struct {
    const char *name, *text, *message;
  } cases[] = {
      {"e.csv", "time_ps,E_IS_kcal/mol,T_K\n0,-1,700\n1,-1e305,700\n",
       "e.csv:3: column 2 (E_IS): '-1e305' is out of range: not finite once converted to SI units"},
      {"t.csv", "time_min,E_IS_eV,T_K\n0,-1,700\n1e307,-1,700\n",
       "t.csv:3: column 1 (time): '1e307' is out of range"},
      {"e.log", "Step Temp PotEng\n0 700 -1\n5 700 -1e305\n",
       "e.log:3: PotEng is out of range: not finite in J/mol per atom"},
      {"s.log", "Step Temp PotEng\n0 700 -1\n1e300 700 -2\n",
       "s.log:3: Step x timestep is out of range: not finite in s"},
      {"a.log",
       "Step Temp PotEng\n0 700 -1\n5 700 -2\nLoop time of 1 on 1 procs for 5 steps "
       "with 1e-320 atoms\n",
       "a.log:2: PotEng is out of range: not finite in J/mol per atom"},
      {"m.log", "Step Temp PotEng\n0 1e308 -1\n5 1e308 -2\n",
       "m.log: the mean of the thermo column 'Temp' is not finite"},
  };
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    char path[256];
    snprintf(path, sizeof path, "/tmp/vt_pel_%ld_%s", (long)getpid(), cases[k].name);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL, "cannot write %s", path);
    if (!f) continue;
    fputs(cases[k].text, f);
    fclose(f);
    vt_eis_set s = {0};
    vt_error err;
    int rc;
    if (strstr(path, ".log")) {
      vt_lammps_options o = vt_lammps_options_default();
      o.atoms = strcmp(cases[k].name, "a.log") == 0 ? -1.0 : 0.0;
      o.T_K = strcmp(cases[k].name, "m.log") == 0 ? NAN : 700.0;
      o.T_column = "Temp";
      o.timestep_s = strcmp(cases[k].name, "s.log") == 0 ? 1e10 : 1e-15;
      rc = vt_read_eis_lammps(path, &o, &s, &err);
    } else {
      rc = vt_read_eis_csv(path, NAN, &s, &err);
    }
    CHECK(rc == VT_ERANGE && s.n == 0, "%s: status %d, %zu curves", cases[k].name, rc, s.n);
    CHECK_CONTAINS(err.message, cases[k].message);
    vt_eis_set_free(&s);
    remove(path);
  }
  /* A curve name longer than the reader keeps: refused (a cut one split every row off). */
  char path[256], name[201];
  memset(name, 'a', 200);
  name[200] = '\0';
  snprintf(path, sizeof path, "/tmp/vt_pel_%ld_long.csv", (long)getpid());
  FILE *f = fopen(path, "w");
  CHECK(f != NULL, "cannot write %s", path);
  if (!f) return;
  fprintf(f, "curve,time_ps,E_IS_eV,T_K\n%s,0,-1,700\n%s,1,-2,700\n", name, name);
  fclose(f);
  vt_eis_set s = {0};
  vt_error err;
  CHECK(vt_read_eis_csv(path, NAN, &s, &err) == VT_EPARSE && s.n == 0, "a 200-character name");
  CHECK_CONTAINS(err.message,
                 "_long.csv:2: column 1 (curve): a name of 200 characters, expected at most 127");
  remove(path);
}

static void test_readers(void) {
  vt_error err;
  vt_eis_set s = {0};
  int rc = vt_read_eis_csv(VT_TEST_DATA_DIR "/eis_two_T.csv", NAN, &s, &err);
  CHECK(rc == 0 && s.n == 3, "eis_two_T.csv: %d curves (%s)", (int)s.n, rc ? err.message : "");
  if (!rc && s.n == 3) {
    CHECK_NEAR(s.curves[2].T_K, 800.0, 0, "third curve's T");
    CHECK_NEAR(s.curves[0].time_s[1], 50e-12, 1e-24, "time in ps");
    CHECK_NEAR(s.curves[0].E_IS[0] / EV, -5.612, 1e-12, "E_IS in eV");
    CHECK(s.curves[1].line[0] == 9, "line of the second curve's first point: %ld",
          s.curves[1].line[0]);
  }
  rc = vt_read_eis_csv(VT_TEST_DATA_DIR "/eis_comment_T.csv", NAN, &s, &err);
  CHECK(rc == 0 && s.n == 4 && s.curves[3].T_K == 700.0, "'# T = 700 K' comment");
  vt_eis_set_free(&s);
  rc = vt_read_eis_csv(VT_TEST_DATA_DIR "/eis_no_T.csv", NAN, &s, &err);
  CHECK(rc != 0 && s.n == 0, "a curve without a temperature accepted");
  CHECK_CONTAINS(err.message, "eis_no_T.csv:3: curve 'eis_no_T.csv' has no temperature");
  rc = vt_read_eis_csv(VT_TEST_DATA_DIR "/eis_no_T.csv", 750.0, &s, &err);
  CHECK(rc == 0 && s.n == 1 && s.curves[0].T_K == 750.0, "default temperature");
  vt_eis_set_free(&s);
  vt_lammps_options o = vt_lammps_options_default();
  o.T_K = 700.0, o.atoms = -1.0;
  rc = vt_read_eis_lammps(VT_TEST_DATA_DIR "/eis_lammps.log", &o, &s, &err);
  CHECK(rc == 0 && s.n == 1, "eis_lammps.log: %s", rc ? err.message : "");
  if (!rc) {
    CHECK(s.curves[0].n == 7, "2 runs of 4 rows sharing one: 7 points, got %zu", s.curves[0].n);
    CHECK_NEAR(s.curves[0].time_s[6], 3000e-15, 1e-24, "time of step 3000 at 1 fs");
    CHECK_NEAR(s.curves[0].E_IS[0] / EV, -11224.0 / 2000.0, 1e-12, "PotEng per atom");
  }
  vt_eis_set_free(&s);
  o.energy_column = "c_eis";
  rc = vt_read_eis_lammps(VT_TEST_DATA_DIR "/eis_lammps.log", &o, &s, &err);
  CHECK(rc != 0, "an absent energy column accepted");
  CHECK_CONTAINS(err.message, "eis_lammps.log:12: the thermo header has no column 'c_eis'");
  test_readers_overflow();
}

static void test_mining_errors(void) {
  const struct {
    const char *file, *message;
  } cases[] = {{"eis_one_point.csv", "eis_one_point.csv: curve 'b' at 750 K has 1 point"},
               {"eis_duplicate_time.csv", "eis_duplicate_time.csv:6: duplicate time 1e-10 s"},
               {"eis_time_back.csv", "eis_time_back.csv:5: time 5e-11 s goes back"}};
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    vt_error err;
    vt_eis_set s = {0};
    vt_age_entries e;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", VT_TEST_DATA_DIR, cases[k].file);
    int rc = vt_read_eis_csv(path, NAN, &s, &err);
    if (!rc) rc = vt_slope_mine(&s, &e, &err);
    CHECK(rc != 0, "%s accepted", cases[k].file);
    CHECK_CONTAINS(err.message, cases[k].message);
    vt_eis_set_free(&s);
  }
  vt_eis_curve c = {"lone", NAN, 2, (double[]){0, 1}, (double[]){0, -1}, NULL};
  vt_eis_set s = {1, &c, NULL};
  vt_age_entries e;
  vt_error err;
  CHECK(vt_slope_mine(&s, &e, &err) != 0, "a curve without T accepted");
  CHECK_CONTAINS(err.message, "curve 'lone' has no temperature");
  c.T_K = 700;
  CHECK(vt_slope_mine(&s, &e, &err) == 0 && e.n == 1 && e.rate[0] == -1.0 && e.E_IS[0] == -0.5,
        "one pair, one entry (T, midpoint, slope)");
  vt_agemap_options o = vt_agemap_options_default();
  vt_rate_map map;
  vt_rate_lines lines;
  CHECK(vt_agemap_compute(&e, &o, NULL, &map, &lines, &err) != 0, "a one-temperature map");
  CHECK_CONTAINS(err.message, "every curve is at 700 K");
  vt_age_entries_free(&e);
}

/* Averaging: entries at one T in one E bin merge into their mean; other T's stay apart. */
static void test_averaging(void) {
  vt_age_entries raw = {5,
                        (double[]){700, 700, 700, 700.0000000001, 750},
                        (double[]){0.1, 0.4, 1.2, 0.3, 0.2},
                        (double[]){-1, -3, -5, -2, -7},
                        (size_t[]){1, 1, 1, 1, 1},
                        (size_t[]){0, 1, 2, 3, 4},
                        NULL};
  vt_age_entries a;
  vt_error err;
  int rc = vt_age_entries_average(&raw, 1.0, &a, &err);
  CHECK(rc == 0 && a.n == 3, "5 entries -> 3 averages, got %zu", a.n);
  if (!rc && a.n == 3) {
    CHECK(a.count[0] == 3 && fabs(a.rate[0] + 2.0) < 1e-15 && fabs(a.E_IS[0] - 0.8 / 3) < 1e-15,
          "bin [0, 1) at 700 K: mean of three");
    CHECK(a.count[1] == 1 && a.rate[1] == -5.0 && a.T_K[2] == 750.0, "the others apart");
  }
  vt_age_entries_free(&a);
}

/* Isothermal curves from the model: samples equilibrated at e0 (on the steady-state line),
 * quenched instantly to T and held 10 ns, sampled every 100 ps (an MD-like protocol), at 11
 * temperatures 700-900 K and 4 levels; optionally with Gaussian noise on E_IS. */
static int model_curves(vt_model *m, double noise_eV, vt_eis_set *set) {
  static const double e0[4] = {0.0095, 0.007, 0.0045, 0.002};
  vt_error err;
  unsigned long seed = 7;
  memset(set, 0, sizeof *set);
  set->curves = calloc(44, sizeof *set->curves);
  for (int it = 0; it < 11; it++)
    for (int k = 0; k < 4; k++) {
      double T = 700.0 + 20.0 * it, Tb;
      vt_eis_curve *c = &set->curves[set->n++];
      c->T_K = T, c->n = 101;
      c->time_s = malloc(101 * sizeof(double)), c->E_IS = malloc(101 * sizeof(double));
      if (vt_pel_boundary_T(m, e0[k] * EV, &Tb, &err) || vt_model_equilibrate(m, Tb, &err) ||
          vt_model_step(m, 0.0, Tb, T, &err))
        return printf("curves: %s\n", err.message), 1;
      for (size_t i = 0; i < 101; i++) {
        vt_observables o;
        if (i && vt_model_step(m, 1e-10, T, T, &err)) return printf("curves: %s\n", err.message), 1;
        vt_model_observe(m, &o);
        double u1, u2;
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        u1 = ((double)(seed >> 11) + 0.5) / 9007199254740992.0;
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        u2 = ((double)(seed >> 11) + 0.5) / 9007199254740992.0;
        c->time_s[i] = 1e-10 * (double)i;
        c->E_IS[i] = o.H_conf_J_per_mol + noise_eV * EV * sqrt(-2 * log(u1)) * cos(2 * TU_PI * u2);
      }
    }
  return 0;
}

static void free_curves(vt_eis_set *s) {
  for (size_t i = 0; i < s->n; i++) free(s->curves[i].time_s), free(s->curves[i].E_IS);
  free(s->curves);
}

/* Mined back: the smoothed map's maximum-rate line against the model's own, over the E_IS band
 * the curves cover densely (0.002-0.0055 eV: every curve temperature near T_max has entries
 * there; the curves are 20 K apart). Tolerances for T_max / the boundary: 2 / 3 K for exact
 * curves, 5 / 6 K with 2e-5 eV of noise on every E_IS (a rate noise of ~3e5 eV/s per entry, the
 * size of the signal at the low end of the band). */
static void test_mined_back(void) {
  const double noise[2] = {0.0, 2e-5}, tol[2] = {2.0, 5.0}, tol_b[2] = {3.0, 6.0};
  for (int k = 0; k < 2; k++) {
    vt_model *m = pel_model();
    vt_error err;
    vt_eis_set set;
    vt_age_entries raw, avg;
    vt_rate_map map;
    vt_rate_lines lines;
    if (model_curves(m, noise[k], &set)) return;
    vt_agemap_options o = vt_agemap_options_default();
    int rc =
        vt_slope_mine(&set, &raw, &err) || vt_agemap_compute(&raw, &o, &avg, &map, &lines, &err);
    CHECK(rc == 0, "mining: %s", err.message);
    double worst = 0.0, worst_b = 0.0;
    int rows = 0;
    for (size_t r = 0; !rc && r < lines.n; r++) {
      double e = lines.E_IS[r] / EV, Tm, rm, Tb;
      if (e < 0.002 || e > 0.0055) continue;
      vt_pel_max_ageing_T(m, lines.E_IS[r], 650.0, 950.0, 64, &Tm, &rm, &err);
      vt_pel_boundary_T(m, lines.E_IS[r], &Tb, &err);
      worst = fmax(worst, isfinite(lines.T_max_K[r]) ? fabs(lines.T_max_K[r] - Tm) : INFINITY);
      worst_b = fmax(worst_b, fabs(lines.T_boundary_K[r] - Tb));
      rows++;
    }
    printf("mined back (%s): %zu raw entries, %zu averaged; over %d rows max |T_max - model| = "
           "%.2f K, max |T_b - model| = %.2f K\n",
           k ? "noise 2e-5 eV" : "exact", raw.n, avg.n, rows, worst, worst_b);
    CHECK(rows >= 20 && worst <= tol[k], "T_max line %.2f K from the model's (tolerance %.1f K)",
          worst, tol[k]);
    CHECK(worst_b <= tol_b[k], "boundary %.2f K from the model's (tolerance %.1f K)", worst_b,
          tol_b[k]);
    vt_age_entries_free(&raw);
    vt_age_entries_free(&avg);
    vt_rate_map_free(&map);
    vt_rate_lines_free(&lines);
    free_curves(&set);
    vt_model_free(m);
  }
}

int main(void) {
  test_mean_activation_closed_form();
  test_mean_activation_truncated();
  test_mean_relaxation();
  test_sign_convention();
  test_non_monotonic();
  test_map();
  test_exotherm_shift();
  test_convergence();
  test_against_odeiv2();
  test_steady_state();
  test_table_matches_gaussians();
  test_table_flat_cell();
  test_table_file();
  test_readers();
  test_mining_errors();
  test_averaging();
  test_mined_back();
  TEST_MAIN_END();
}
