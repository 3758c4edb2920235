/* The visco model and the stress-relaxation instrument (paper 001): strain programs and their
 * errors, closed forms (one Maxwell element on a ramp; the stress-free recovery of a standard
 * linear solid), the Prony superposition against the direct O(N^2) convolution of the exact KWW
 * modulus, the single-exponential theorem (no interior maximum in the second step), the memory
 * peak of a stretched modulus and its trends (Figs. 1-3), the viscoplastic recovery fraction
 * (Fig. 4), and the DMA CSV reader. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "test_util.h"
#include "vitrum/visco.h"
#include "vitrum/vitrum.h"

static vt_visco *model(void) {
  vt_error err;
  vt_visco *v = vt_visco_create(&err);
  if (!v) printf("create: %s\n", err.message);
  return v;
}

static void set(vt_visco *v, const char *name, double value) {
  vt_error err;
  int rc = vt_visco_set(v, name, value, &err);
  CHECK(rc == 0, "set %s = %g: %s", name, value, err.message);
}

/* ---- strain programs ---------------------------------------------------------------------- */

static void expect_parse_error(const char *text, const char *part) {
  vt_error err;
  vt_strain_program *p = vt_strain_program_parse(text, "t.prog", &err);
  CHECK(p == NULL, "program should fail: %s", text);
  if (!p) CHECK_CONTAINS(err.message, part);
  vt_strain_program_free(p);
}

static void test_program(void) {
  vt_error err;
  vt_strain_program *p = vt_strain_program_parse("# paper 001 Fig. 1a\n"
                                                 "temperature 593 K\n"
                                                 "start 0 %\n"
                                                 "ramp to 0.5 % at 200 %/min\n"
                                                 "hold 900 s  # t_w\n"
                                                 "jump to 0.3 %\r\n"
                                                 "ramp to 0.004 1 at 1e-3 1/s\n"
                                                 "hold 1 h\n"
                                                 "recover 2 h\n",
                                                 "fig1.prog", &err);
  CHECK(p != NULL, "parse: %s", err.message);
  if (!p) return;
  CHECK(vt_strain_program_segment_count(p) == 6, "6 segments, got %zu",
        vt_strain_program_segment_count(p));
  CHECK_NEAR(vt_strain_program_T_K(p), 593.0, 0, "temperature");
  const vt_strain_segment *s = vt_strain_program_segment(p, 0);
  CHECK_NEAR(s->rate_per_s, 2.0 / 60.0, 1e-15, "200 %/min in 1/s");
  CHECK_NEAR(s->duration_s, 0.15, 1e-12, "0.5 % at 200 %/min takes 0.15 s");
  CHECK_NEAR(vt_strain_program_segment(p, 3)->duration_s, 1.0, 1e-12, "0.3 % -> 0.4 % at 1e-3/s");
  CHECK(vt_strain_program_segment(p, 5)->kind == VT_STRAIN_RECOVER && s->line == 4,
        "recover kind, source lines");
  CHECK_NEAR(vt_strain_program_duration_s(p), 0.15 + 900 + 1 + 3600 + 7200, 1e-9, "duration");
  vt_strain_program_free(p);

  expect_parse_error("temperature 593 K\nstart 0 %\nramp to 0.5 at 1 %/s\n",
                     "t.prog:3: missing unit in '0.5'");
  expect_parse_error("temperature 593 K\nstart 0\nhold 1 s\n", "t.prog:2: missing unit");
  expect_parse_error("temperature 593\nstart 0 %\nhold 1 s\n", "t.prog:1: missing unit");
  expect_parse_error("temperature 593 K\nstart 0 %\nramp to 0.5 % at 1 K/s\n",
                     "t.prog:3: wrong unit in '1 K/s': K/s is a rate, expected a strain rate");
  expect_parse_error("temperature 593 K\nstart 0 %\nramp to 0.5 %/s at 1 %/s\n",
                     "wrong unit in '0.5 %/s': %/s is a strain rate, expected a strain");
  expect_parse_error("start 0 %\nhold 10 s\n", "t.prog:2: 'hold' before 'temperature T'");
  expect_parse_error("temperature 593 K\nstart 0 %\n", "t.prog: no segments");
  expect_parse_error("", "t.prog: no 'start STRAIN' line");
  expect_parse_error("# only a comment\nstart 0 %\n", "no 'temperature T' line");
  expect_parse_error("temperature 593 K\nstart 0 %\npull 1 %\n", "t.prog:3: unknown item 'pull'");
  expect_parse_error("temperature 593 K\nstart 0 %\nramp to 1 %\n",
                     "t.prog:3: expected 'ramp to STRAIN at RATE'");
  expect_parse_error("temperature 593 K\nstart 0 %\nrecover 10 s\nhold 5 s\n",
                     "t.prog:4: only 'recover' may follow a recovery");
  expect_parse_error("temperature 593 K\nstart 0 %\njump to 200 %\n", "t.prog:3: strain 2");
  expect_parse_error("temperature 593 K\nstart 0 %\njump to 1 %\nhold 0 s\n", "takes no time");
  expect_parse_error("temperature 593 K\nstart 0 %\nhold 1 s\ntemperature 600 K\n",
                     "t.prog:4: 'temperature' after the segments began");
  double v;
  CHECK(vt_parse_quantity("80 GPa", VT_DIM_STRESS, &v, &err) == 0 && v == 80e9, "80 GPa");
  CHECK(vt_parse_quantity("80 mPa", VT_DIM_STRESS, &v, &err) == VT_EUNIT, "mPa is no stress");
  CHECK(vt_parse_quantity("200 % / min", VT_DIM_STRAIN_RATE, &v, &err) == 0 &&
            fabs(v - 2.0 / 60.0) < 1e-15,
        "200 %%/min");
  CHECK(vt_parse_quantity("0.5", VT_DIM_STRAIN, &v, &err) == VT_EUNIT, "strain without a unit");
  CHECK_CONTAINS(err.message, "expected a strain in %, or 1 for a plain fraction");
}

/* ---- closed forms ------------------------------------------------------------------------- */

static vt_strain_trace run_text(vt_visco *v, const char *text, const vt_strain_grid_options *g) {
  vt_error err;
  vt_strain_trace tr;
  memset(&tr, 0, sizeof tr);
  vt_strain_program *p = vt_strain_program_parse(text, "inline", &err);
  if (!p || vt_strain_simulate(v, p, g, &tr, &err)) printf("run: %s\n", err.message);
  vt_strain_program_free(p);
  return tr;
}

/* One Maxwell element (beta = 1) beside G_inf, ramped at r for t_r, then held: during the ramp
 * sigma = G_inf r t + g r tau (1 - e^{-t/tau}); after it the element relaxes with tau. */
static void test_maxwell_ramp(void) {
  vt_visco *v = model();
  set(v, "beta", 1.0);
  set(v, "tau", 50.0);
  const double G0 = 80e9, Gi = 30e9, g = G0 - Gi, tau = 50.0, r = 1e-4, tr_s = 40.0;
  set(v, "G_inf", Gi);
  vt_strain_trace tr =
      run_text(v, "temperature 593 K\nstart 0 %\nramp to 0.4 % at 0.01 %/s\nhold 500 s\n", NULL);
  double worst = 0.0;
  for (size_t i = 0; i < tr.n; i++) {
    double t = tr.time_s[i], s;
    if (t <= tr_s)
      s = Gi * r * t + g * r * tau * -expm1(-t / tau);
    else
      s = Gi * r * tr_s + g * r * tau * -expm1(-tr_s / tau) * exp(-(t - tr_s) / tau);
    worst = fmax(worst, fabs(tr.stress_Pa[i] - s) / (G0 * 0.004));
  }
  printf("Maxwell ramp + hold: %zu nodes, worst |error| %.2g of G0 eps\n", tr.n, worst);
  CHECK(tr.n > 50 && worst < 1e-13, "closed form: worst %.3g", worst);
  vt_strain_trace_free(&tr);
  vt_visco_free(v);
}

/* int_0^u G(s) ds for the exact (double) KWW modulus of the model's parameters. */
typedef struct kww_ref {
  double G0, Gi, w2, tau, beta, tau2, beta2;
} kww_ref;

static double G_exact(const kww_ref *k, double u) {
  double phi = (1 - k->w2) * exp(-pow(u / k->tau, k->beta)) +
               (k->w2 > 0 ? k->w2 * exp(-pow(u / k->tau2, k->beta2)) : 0.0);
  return k->Gi + (k->G0 - k->Gi) * phi;
}

static double G_integral(const kww_ref *k, double u) {
  double I = (1 - k->w2) * k->tau * vt_kww_integral(u / k->tau, k->beta);
  if (k->w2 > 0) I += k->w2 * k->tau2 * vt_kww_integral(u / k->tau2, k->beta2);
  return k->Gi * u + (k->G0 - k->Gi) * I;
}

/* sigma(t_i) = sum over the trace's steps j <= i of the strain rate times int G over the step
 * (a jump: its strain change times G): the O(N^2) convolution with the exact modulus. */
static double max_convolution_error(const kww_ref *k, const vt_strain_trace *tr) {
  double worst = 0.0, scale = 0.0;
  for (size_t i = 0; i < tr->n; i++) scale = fmax(scale, fabs(tr->stress_Pa[i]));
  for (size_t i = 1; i < tr->n; i++) {
    double s = 0.0;
    for (size_t j = 1; j <= i; j++) {
      double de = tr->strain[j] - tr->strain[j - 1], dt = tr->time_s[j] - tr->time_s[j - 1];
      if (de == 0.0) continue;
      if (dt == 0.0)
        s += de * G_exact(k, tr->time_s[i] - tr->time_s[j]);
      else
        s += de / dt *
             (G_integral(k, tr->time_s[i] - tr->time_s[j - 1]) -
              G_integral(k, tr->time_s[i] - tr->time_s[j]));
    }
    worst = fmax(worst, fabs(tr->stress_Pa[i] - s) / scale);
  }
  return worst;
}

static void test_convolution(void) {
  const char *prog = "temperature 593 K\nstart 0 %\nramp to 0.5 % at 0.05 %/s\nhold 300 s\n"
                     "jump to 0.3 %\nhold 200 s\nramp to 0.6 % at 0.01 %/s\nhold 2000 s\n";
  vt_strain_grid_options g = vt_strain_grid_options_default();
  g.ramp_step = 2e-4; /* the reference is O(N^2): keep N ~ 200 */
  g.hold_points_per_decade = 8;
  for (int dbl = 0; dbl < 2; dbl++) {
    vt_visco *v = model();
    vt_error err;
    CHECK(vt_visco_set_prony_tol(v, 1e-8, &err) == 0, "tol: %s", err.message);
    kww_ref k = {80e9, 40e9, 0.0, 1000.0, 0.45, 20.0, 0.7};
    if (dbl) {
      k.w2 = 0.3, k.Gi = 0.0;
      set(v, "w2", k.w2);
      set(v, "tau2", k.tau2);
      set(v, "beta2", k.beta2);
      set(v, "G_inf", 0.0);
    }
    vt_strain_trace tr = run_text(v, prog, &g);
    char num[160];
    vt_visco_numerics(v, num, sizeof num, &err);
    double worst = max_convolution_error(&k, &tr);
    printf("%s: %zu nodes, Prony vs exact O(N^2) convolution: worst %.2g of max |sigma| (%s)\n",
           dbl ? "double KWW, G_inf = 0" : "KWW", tr.n, worst, num);
    CHECK(tr.n > 100 && worst < 1e-6, "convolution: worst %.3g", worst);
    vt_strain_trace_free(&tr);
    vt_visco_free(v);
  }
}

/* Standard linear solid (one element + G_inf) unloaded to sigma = 0 after t_w at eps1: the
 * strain left after the spring-back creeps back as e' exp(-t G_inf/(G0 tau)). The recursive
 * stress-control scheme is second order in the step (the instrument takes 4 sub-steps per
 * reported step): measured at 10, 20 and 40 points per decade. */
static void test_sls_recovery(void) {
  const double G0 = 80e9, Gi = 40e9, g = G0 - Gi, tau = 100.0, e1 = 0.005, tw = 300.0;
  double err_at[3];
  for (int k = 0; k < 3; k++) {
    vt_visco *v = model();
    set(v, "beta", 1.0);
    set(v, "tau", tau);
    vt_two_step s = vt_two_step_default();
    s.eps1 = e1, s.t_w_s = tw, s.rate_per_s = 0.0, s.t2_s = 3000.0;
    s.grid.hold_points_per_decade = 10.0 * pow(2.0, k);
    vt_recovery_curve rc;
    vt_error err;
    if (vt_strain_recovery_run(v, &s, &rc, &err)) {
      printf("recovery: %s\n", err.message);
      vt_visco_free(v);
      return;
    }
    double sig_w = Gi * e1 + g * e1 * exp(-tw / tau), ep = e1 - sig_w / G0, worst = 0.0;
    CHECK_NEAR(rc.sigma_w_Pa, sig_w, 1e-9 * sig_w, "SLS stress before unloading");
    for (size_t i = 0; i < rc.n; i++)
      worst = fmax(worst, fabs(rc.strain[i] - ep * exp(-rc.t_s[i] * Gi / (G0 * tau))) / e1);
    err_at[k] = worst;
    CHECK(rc.fraction == 1.0 && rc.strain_vp == 0.0, "no flow: complete recovery");
    vt_recovery_curve_free(&rc);
    vt_visco_free(v);
  }
  printf("SLS recovery vs closed form: worst %.2g, %.2g, %.2g of eps1 at 10, 20, 40 /decade "
         "(ratios %.2f, %.2f)\n",
         err_at[0], err_at[1], err_at[2], err_at[0] / err_at[1], err_at[1] / err_at[2]);
  CHECK(err_at[1] < 3e-5 && err_at[2] < 8e-6, "recovery accuracy at 20 and 40 per decade");
  CHECK(err_at[0] / err_at[1] > 3.5 && err_at[1] / err_at[2] > 3.5, "second-order convergence");
}

/* ---- the memory effect -------------------------------------------------------------------- */

static int memory(vt_visco *v, double e1, double e2, double tw, vt_memory_curve *c) {
  vt_two_step s = vt_two_step_default();
  s.eps1 = e1, s.eps2 = e2, s.t_w_s = tw;
  vt_error err;
  int rc = vt_strain_two_step_run(v, &s, c, &err);
  if (rc) printf("two-step: %s\n", err.message);
  return rc;
}

/* +1 non-decreasing, -1 non-increasing, 0 neither, over the whole second step (changes below
 * 1e-12 of max |sigma| are rounding). */
static int direction(const vt_memory_curve *c) {
  double scale = 0.0;
  for (size_t i = 0; i < c->n; i++) scale = fmax(scale, fabs(c->stress_Pa[i]));
  int up = 0, down = 0;
  for (size_t i = 1; i < c->n; i++) {
    double d = c->stress_Pa[i] - c->stress_Pa[i - 1];
    if (d > 1e-12 * scale) up = 1;
    if (d < -1e-12 * scale) down = 1;
  }
  return up && down ? 0 : up ? 1 : -1;
}

/* dsigma/dt' = -(sigma - sigma_eq)/tau for one element: no interior maximum, whatever G_inf,
 * t_w or the sign of eps2 - eps1. */
static void test_single_exponential(void) {
  const double Ginfs[2] = {0.0, 40e9}, tws[3] = {10.0, 900.0, 1e4}, e2s[3] = {0.001, 0.003, 0.007};
  int checked = 0;
  for (int a = 0; a < 2; a++) {
    vt_visco *v = model();
    set(v, "beta", 1.0);
    set(v, "G_inf", Ginfs[a]);
    for (int b = 0; b < 3; b++)
      for (int c = 0; c < 3; c++) {
        vt_memory_curve m;
        if (memory(v, 0.005, e2s[c], tws[b], &m)) continue;
        int dir = direction(&m);
        CHECK(dir != 0 && !m.peak.found,
              "one element, G_inf %g, t_w %g, eps2 %g: monotonic (dir %d, peak %d at %g s)",
              Ginfs[a], tws[b], e2s[c], dir, m.peak.found, m.peak.t_p_s);
        checked++;
        vt_memory_curve_free(&m);
      }
    vt_visco_free(v);
  }
  printf("single exponential: %d second steps, none with an interior maximum\n", checked);
}

static void test_stretched(void) {
  vt_visco *v = model(); /* defaults: KWW beta 0.45, tau 1000 s at 593 K */
  vt_memory_curve m;
  if (!memory(v, 0.005, 0.003, 900.0, &m)) {
    printf("paper protocol (0.5 %% -> 0.3 %%, t_w 900 s, 593 K): sigma_w %.1f MPa, sigma0 %.2f "
           "MPa, peak %.2f MPa at t_p = %.1f s, dsigma %.2f MPa\n",
           m.sigma_w_Pa / 1e6, m.peak.sigma0_Pa / 1e6, m.peak.sigma_peak_Pa / 1e6, m.peak.t_p_s,
           m.peak.dsigma_Pa / 1e6);
    CHECK(m.peak.found && m.peak.t_p_s > 100 && m.peak.t_p_s < 1000,
          "a memory peak with t_p of order 10^2-10^3 s");
    CHECK(m.peak.dsigma_Pa > 0.1 * m.peak.sigma0_Pa && m.stress_Pa[m.n - 1] < m.peak.sigma_peak_Pa,
          "rises by > 10 %% of sigma0, then falls");
    vt_memory_curve_free(&m);
  }
  const double e2_up[2] = {0.006, 0.008}, tws[3] = {10.0, 900.0, 1e4};
  for (int a = 0; a < 2; a++)
    for (int b = 0; b < 3; b++) {
      if (memory(v, 0.005, e2_up[a], tws[b], &m)) continue;
      CHECK(direction(&m) == -1 && !m.peak.found, "eps2 %g > eps1, t_w %g: monotonic decay",
            e2_up[a], tws[b]);
      vt_memory_curve_free(&m);
    }
  vt_visco_free(v);
}

/* Figs. 2-3: dsigma grows with t_w and with eps1 - eps2; t_p and dsigma with T. */
static void test_trends(void) {
  vt_visco *v = model();
  const double tws[5] = {10.0, 100.0, 300.0, 900.0, 3600.0}, e2s[3] = {0.004, 0.003, 0.002};
  double last = 0.0;
  printf("t_w sweep (0.5 -> 0.3 %%):");
  for (int k = 0; k < 5; k++) {
    vt_memory_curve m;
    if (memory(v, 0.005, 0.003, tws[k], &m)) continue;
    printf(" %g s: %.2f MPa at %.3g s;", tws[k], m.peak.dsigma_Pa / 1e6, m.peak.t_p_s);
    CHECK(m.peak.found && m.peak.dsigma_Pa > last, "dsigma grows with t_w (%g s)", tws[k]);
    last = m.peak.dsigma_Pa;
    vt_memory_curve_free(&m);
  }
  printf("\neps2 sweep (eps1 0.5 %%, t_w 900 s):");
  last = 0.0;
  for (int k = 0; k < 3; k++) {
    vt_memory_curve m;
    if (memory(v, 0.005, e2s[k], 900.0, &m)) continue;
    printf(" %g %%: %.2f MPa;", 100 * e2s[k], m.peak.dsigma_Pa / 1e6);
    CHECK(m.peak.found && m.peak.dsigma_Pa > last, "dsigma grows with eps1 - eps2 (%g)", e2s[k]);
    last = m.peak.dsigma_Pa;
    vt_memory_curve_free(&m);
  }
  printf("\nT sweep (0.5 -> 0.3 %%, t_w 900 s):");
  const double Ts[3] = {583.0, 593.0, 603.0};
  double last_tp = 0.0;
  last = 0.0;
  for (int k = 0; k < 3; k++) { /* Figs. 2e-f: later and stronger at higher T */
    vt_two_step s = vt_two_step_default();
    s.T_K = Ts[k];
    vt_memory_curve m;
    vt_error err;
    if (vt_strain_two_step_run(v, &s, &m, &err)) continue;
    printf(" %g K: %.2f MPa at %.1f s;", Ts[k], m.peak.dsigma_Pa / 1e6, m.peak.t_p_s);
    CHECK(m.peak.dsigma_Pa > last && m.peak.t_p_s > last_tp, "grows with T (%g K)", Ts[k]);
    last = m.peak.dsigma_Pa, last_tp = m.peak.t_p_s;
    vt_memory_curve_free(&m);
  }
  printf("\n");
  vt_visco_free(v);
}

/* The Arrhenius shift: G(t, T) = G(t / a_T, T_ref). */
static void test_shift(void) {
  vt_visco *v = model();
  vt_error err;
  double a = vt_visco_shift(v, 573.0), G1 = NAN, G2 = NAN;
  double want = exp(250e3 / VT_GAS_CONSTANT_J_PER_MOL_K * (1.0 / 573.0 - 1.0 / 593.0));
  CHECK_NEAR(a, want, 1e-12 * want, "a_T at 573 K");
  CHECK(vt_visco_modulus(v, 500.0 * a, 573.0, &G1, &err) == 0 &&
            vt_visco_modulus(v, 500.0, 593.0, &G2, &err) == 0,
        "modulus: %s", err.message);
  CHECK_NEAR(G1, G2, 1e-9 * G2, "G(a_T t, T) = G(t, T_ref)");
  double G0 = NAN;
  vt_visco_modulus(v, 0.0, 593.0, &G0, &err);
  CHECK_NEAR(G0, 80e9, 1e-6 * 80e9, "G(0) = G0");
  vt_visco_free(v);
}

/* ---- viscoplastic flow and recovery (Fig. 4) ----------------------------------------------- */

static double recovery_fraction(vt_visco *v, double tw, double *eps_end) {
  vt_two_step s = vt_two_step_default();
  s.t_w_s = tw;
  s.t2_s = 2e5; /* long enough for the anelastic part to come back */
  vt_recovery_curve rc;
  vt_error err;
  if (vt_strain_recovery_run(v, &s, &rc, &err)) {
    printf("recovery: %s\n", err.message);
    *eps_end = NAN;
    return NAN;
  }
  double f = rc.fraction;
  *eps_end = rc.strain[rc.n - 1];
  vt_recovery_curve_free(&rc);
  return f;
}

static void test_viscoplastic_recovery(void) {
  vt_visco *v = model();
  double e_end = NAN;
  double f0 = recovery_fraction(v, 1e4, &e_end);
  printf("no flow: fraction %.6f, strain left %.3g %% after 2e5 s\n", f0, 100 * e_end);
  CHECK(f0 == 1.0 && fabs(e_end) < 1e-3 * 0.005, "without flow all strain comes back");
  set(v, "t_vp", 1e7); /* (sigma/100 MPa)/1e7 s: a viscosity of 1e15 Pa s */
  const double tws[4] = {10.0, 100.0, 1000.0, 1e4};
  double last = 1.0;
  printf("with flow (t_vp 1e7 s): fraction 1 - eps_vp/eps1 =");
  for (int k = 0; k < 4; k++) {
    double f = recovery_fraction(v, tws[k], &e_end);
    printf(" %.4f (t_w %g s, strain left %.4f %%)", f, tws[k], 100 * e_end);
    CHECK(f < last && f > 0, "fraction falls with t_w");
    if (k == 0) CHECK(f > 0.999, "short loading: complete recovery (%.5f)", f);
    if (k == 3) CHECK(f < 0.9, "long loading: incomplete recovery (%.4f)", f);
    CHECK_NEAR(e_end, (1 - f) * 0.005, 1e-3 * 0.005, "what stays is the viscoplastic strain");
    last = f;
  }
  printf("\n");
  vt_visco_free(v);
}

/* Flow under strain control is the implicit trapezoid rule: it converges with the grid. */
static void test_flow_convergence(void) {
  double s[3];
  for (int k = 0; k < 3; k++) {
    vt_visco *v = model();
    set(v, "t_vp", 1e6);
    set(v, "n_vp", 3.0);
    vt_two_step sp = vt_two_step_default();
    sp.t_w_s = 3000.0;
    sp.grid.hold_points_per_decade = 10.0 * pow(2.0, k);
    sp.grid.ramp_step = 1e-4 / pow(2.0, k);
    vt_memory_curve m;
    vt_error err;
    s[k] = NAN;
    if (!vt_strain_two_step_run(v, &sp, &m, &err)) {
      s[k] = m.stress_Pa[m.n - 1];
      vt_memory_curve_free(&m);
    }
    vt_visco_free(v);
  }
  double d1 = fabs(s[0] - s[1]), d2 = fabs(s[1] - s[2]);
  printf("flow n = 3: final stress %.6f, %.6f, %.6f MPa (differences %.2g, %.2g)\n", s[0] / 1e6,
         s[1] / 1e6, s[2] / 1e6, d1 / 1e6, d2 / 1e6);
  CHECK(d2 < 5e-4 * fabs(s[2]) && d1 > 3.0 * d2, "converges (second order) as the grid is refined");
}

/* A table of two Prony terms is two Maxwell elements. */
static void test_table(void) {
  vt_visco *v = model();
  vt_error err;
  const double w[2] = {2.0, 6.0}, tau[2] = {10.0, 1000.0};
  CHECK(vt_visco_set_table(v, w, tau, 2, &err) == 0, "table: %s", err.message);
  vt_strain_trace tr =
      run_text(v, "temperature 593 K\nstart 0 %\njump to 0.5 %\nhold 3000 s\n", NULL);
  double worst = 0.0;
  for (size_t i = 1; i < tr.n; i++) {
    double t = tr.t_seg_s[i] * (tr.segment[i] == 1), want;
    want = 0.005 * (40e9 + 40e9 * (0.25 * exp(-t / 10.0) + 0.75 * exp(-t / 1000.0)));
    worst = fmax(worst, fabs(tr.stress_Pa[i] - want) / want);
  }
  CHECK(worst < 1e-13, "Prony table: worst %.3g", worst);
  vt_strain_trace_free(&tr);
  CHECK(vt_visco_set_table(v, w, tau, 0, &err) == 0, "back to KWW");
  const double bad_tau[2] = {10.0, -1.0};
  CHECK(vt_visco_set_table(v, w, bad_tau, 2, &err) == VT_EINVAL, "negative tau refused");
  vt_visco_free(v);
}

static void test_parameters(void) {
  vt_visco *v = model();
  vt_error err;
  char buf[200];
  CHECK(vt_visco_set_text(v, "G0=70 GPa", &err) == 0, "G0: %s", err.message);
  double G0 = NAN;
  CHECK(vt_visco_get(v, "G0", &G0, &err) == 0 && G0 == 70e9, "G0 = 70 GPa");
  CHECK(vt_visco_set_text(v, "G0=70", &err) == VT_EUNIT, "G0 without unit");
  CHECK_CONTAINS(err.message, "missing unit");
  CHECK(vt_visco_set_text(v, "tau=1000", &err) == VT_EUNIT, "tau without unit");
  CHECK(vt_visco_set(v, "beta", 1.5, &err) == VT_ERANGE, "beta out of bounds");
  CHECK(vt_visco_set(v, "nope", 1.0, &err) == VT_ENOTFOUND, "unknown");
  CHECK_CONTAINS(err.message, "G0, G_inf, tau, beta");
  set(v, "G_inf", 75e9);
  CHECK(vt_visco_numerics(v, buf, sizeof buf, &err) == VT_EINVAL, "G_inf > G0 refused");
  CHECK_CONTAINS(err.message, "G_inf = 75 GPa exceeds G0 = 70 GPa");
  CHECK(vt_visco_strain_step(v, 1.0, 0.001, &err) == VT_EINVAL, "step before reset");
  size_t n;
  const vt_param_info *p = vt_visco_params(&n);
  CHECK(n == 12 && vt_visco_param_display(&p[0], p[0].default_si) == 80.0, "G0 shows as 80 GPa");
  vt_visco *c = vt_visco_clone(v, &err);
  double x;
  CHECK(c && vt_visco_get(c, "G_inf", &x, &err) == 0 && x == 75e9, "clone keeps parameters");
  vt_visco_free(c);
  vt_visco_free(v);
}

/* ---- peak finder and DMA CSV -------------------------------------------------------------- */

static void test_peak_finder(void) {
  double t[41], s[41];
  for (int i = 0; i < 41; i++) {
    t[i] = i == 0 ? 0.0 : pow(10.0, -1.0 + 4.0 * (i - 1) / 39.0);
    double x = i == 0 ? -10.0 : log(t[i] / 300.0);
    s[i] = 100.0 - 5.0 * x * x; /* peak at 300 s in ln t */
  }
  s[0] = 20.0;
  vt_memory_peak p;
  vt_error err;
  CHECK(vt_memory_peak_find(t, s, 41, &p, &err) == 0 && p.found, "peak found");
  CHECK_NEAR(p.t_p_s, 300.0, 1e-9 * 300.0, "parabola in ln t is exact for a parabola");
  CHECK_NEAR(p.dsigma_Pa, 80.0, 1e-9, "dsigma");
  for (int i = 0; i < 41; i++) s[i] = -t[i];
  CHECK(vt_memory_peak_find(t, s, 41, &p, &err) == 0 && !p.found && p.dsigma_Pa == 0, "none");
  t[5] = t[4];
  CHECK(vt_memory_peak_find(t, s, 41, &p, &err) == VT_EINVAL, "time must increase");
}

static const char *write_tmp(const char *name, const char *text) {
  static char path[4][256];
  static int k = 0;
  char *p = path[k++ % 4];
  snprintf(p, 256, "/tmp/vt_visco_%ld_%s", (long)getpid(), name);
  FILE *f = fopen(p, "w");
  if (f) {
    fputs(text, f);
    fclose(f);
  }
  return p;
}

static void expect_dma_error(const char *name, const char *text, const char *part) {
  vt_dma_curve c;
  vt_error err;
  const char *p = write_tmp(name, text);
  CHECK(vt_read_dma_csv(p, &c, &err) != 0, "%s should fail", name);
  CHECK_CONTAINS(err.message, part);
  remove(p);
}

static void test_dma_csv(void) {
  const char *p = write_tmp("q800.csv", "# TA Q800 export\n"
                                        "\"Time (min)\",\"Strain (%)\",\"Stress (MPa)\","
                                        "\"Temperature (\xC2\xB0"
                                        "C)\",Other\n"
                                        "0,0.5,400,319.85,x\n0.5,0.5,350,319.85,y\n"
                                        "1.5,0.5,320.5,319.9,z\n\n");
  vt_dma_curve c;
  vt_error err;
  CHECK(vt_read_dma_csv(p, &c, &err) == 0, "Q800: %s", err.message);
  if (c.n == 3) {
    CHECK_NEAR(c.time_s[2], 90.0, 1e-12, "min -> s");
    CHECK_NEAR(c.strain[1], 0.005, 1e-15, "% -> fraction");
    CHECK_NEAR(c.stress_Pa[2], 320.5e6, 1e-6, "MPa -> Pa");
    CHECK_NEAR(c.T_K[0], 593.0, 1e-9, "C -> K");
    CHECK(c.y == NULL && c.first_line == 3, "no ratio column; rows from line 3");
  }
  vt_dma_curve_free(&c);
  remove(p);
  expect_dma_error("order.csv", "time_s,stress_MPa\n0,10\n2,9\n1,8\n",
                   "order.csv:4: time goes back (1 s after 2 s)");
  expect_dma_error("empty.csv", "", "empty: no header line");
  expect_dma_error("header.csv", "time_s,stress_MPa\n", "no data rows");
  expect_dma_error("nounit.csv", "time,stress_MPa\n0,1\n", "column 'time' has no unit");
  expect_dma_error("unit.csv", "time_s,stress_K\n0,1\n", "unit 'K' is not a stress unit");
  expect_dma_error("nan.csv", "time_s,stress_MPa\n0,1\n1,nan\n", "nan.csv:3: column 2 (stress)");
  expect_dma_error("nostress.csv", "time_s,T_K\n0,1\n", "no strain, stress or ratio column");
  expect_dma_error("short.csv", "time_s,stress_MPa\n0,1\n1\n", "expected 2 fields");
  expect_dma_error("gap.csv", "time_s,stress_MPa\n0,1\n\n1,2\n", "gap.csv:3: blank line inside");
  expect_dma_error("huge.csv", "time_h,stress_MPa\n0,1\n1e308,2\n",
                   "huge.csv:3: column 1 (time): '1e308' is out of range: not finite once "
                   "converted to SI units");
  expect_dma_error("hugestress.csv", "time_s,stress_GPa\n0,1e300\n",
                   "hugestress.csv:2: column 2 (stress): '1e300' is out of range");
}

/* A simulated trace written as a DMA export reads back to the written digits (a jump is two
 * rows at one time: allowed, time only must not go back). */
static void test_roundtrip(void) {
  vt_visco *v = model();
  vt_strain_trace tr = run_text(v,
                                "temperature 593 K\nstart 0 %\nramp to 0.5 % at 200 %/min\n"
                                "hold 100 s\njump to 0.3 %\nhold 100 s\n",
                                NULL);
  const char *p = write_tmp("trace.csv", "");
  FILE *f = fopen(p, "w");
  vt_error err;
  CHECK(f && vt_strain_trace_write_csv(&tr, f, &err) == 0, "write");
  if (f) fclose(f);
  vt_dma_curve c;
  CHECK(vt_read_dma_csv(p, &c, &err) == 0 && c.n == tr.n, "read back: %s", err.message);
  double worst = 0.0;
  for (size_t i = 0; i < c.n && c.n == tr.n; i++)
    worst = fmax(worst, fabs(c.stress_Pa[i] - tr.stress_Pa[i]) / 400e6);
  CHECK(worst < 1e-9 && c.T_K && c.T_K[0] == 593.0, "round trip: worst %.3g", worst);
  vt_dma_curve_free(&c);
  vt_strain_trace_free(&tr);
  remove(p);
  vt_visco_free(v);
}

int main(void) {
  test_program();
  test_maxwell_ramp();
  test_convolution();
  test_sls_recovery();
  test_single_exponential();
  test_stretched();
  test_trends();
  test_shift();
  test_viscoplastic_recovery();
  test_flow_convergence();
  test_table();
  test_parameters();
  test_peak_finder();
  test_dma_csv();
  test_roundtrip();
  TEST_MAIN_END();
}
