/* TNM engine: Prony route against the exact history sum, closed forms, an independent ODE
 * solution for beta = 1, equilibrium limits, grid convergence, and paper 000 Fig. 1. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include <stdlib.h>

#include "../src/models/relax_step.h"
#include "test_util.h"
#include "vitrum/vitrum.h"

static const double R = VT_GAS_CONSTANT_J_PER_MOL_K;

/* Run tnm (paper defaults, with beta, x) over a program; returns 0 on success. */
static int run(const char *text, double beta, double x, const char *route,
               const vt_grid_options *opts, vt_trace *t) {
  vt_error err;
  vt_grid g;
  vt_program *p = vt_program_parse(text, "test", &err);
  vt_model *m = vt_model_create("tnm", &err);
  int rc = (!p || !m) ? 1 : 0;
  if (!rc) rc = vt_grid_build(p, opts, &g, &err);
  if (!rc)
    rc = vt_model_set(m, "beta", beta, &err) || vt_model_set(m, "x", x, &err) ||
         vt_model_set_option(m, "route", route, &err);
  if (!rc) {
    rc = vt_simulate(m, &g, t, &err);
    vt_grid_free(&g);
  }
  if (rc) printf("run failed: %s\n", err.message);
  vt_model_free(m);
  vt_program_free(p);
  return rc;
}

static const char *paper_programs[] = {
    "start 450 K\ncool to 300 K at 10000 K/s\nhold 0.1 s\nheat to 450 K at 1000 K/s\n",
    "start 450 K\ncool to 373 K at 10000 K/s\nhold 10 s\ncool to 300 K at 10000 K/s\n"
    "heat to 450 K at 1000 K/s\n",
    "start 450 K\ncool to 383 K at 10000 K/s\nhold 10000 s\ncool to 300 K at 10000 K/s\n"
    "heat to 450 K at 1000 K/s\n",
    "start 450 K\ncool to 348 K at 10000 K/s\nhold 100 s\nheat to 383 K at 10000 K/s\n"
    "hold 1000 s\ncool to 300 K at 10000 K/s\nheat to 450 K at 1000 K/s\n",
};

static void test_prony_vs_exact(void) {
  const double betas[] = {0.3, 0.43, 0.6, 1.0};
  vt_grid_options o = vt_grid_options_default();
  for (size_t b = 0; b < 4; b++) {
    double worst = 0.0;
    for (size_t k = 0; k < sizeof paper_programs / sizeof *paper_programs; k++) {
      vt_trace tp, te;
      if (run(paper_programs[k], betas[b], 0.6, "prony", &o, &tp)) continue;
      if (run(paper_programs[k], betas[b], 0.6, "exact", &o, &te)) {
        vt_trace_free(&tp);
        continue;
      }
      for (size_t i = 0; i < tp.n; i++) worst = fmax(worst, fabs(tp.Tf_K[i] - te.Tf_K[i]));
      vt_trace_free(&tp);
      vt_trace_free(&te);
    }
    printf("beta %.2f: max |Tf(prony) - Tf(exact)| = %.3g K\n", betas[b], worst);
    CHECK(worst <= 0.01, "beta %g: Prony route off the exact route by %.3g K (> 0.01 K)", betas[b],
          worst);
  }
}

/* beta = 1, x = 1: tau depends on T only, so after a jump Tf - T = (Tf0 - T) exp(-t/tau). */
static void test_jump_closed_form(void) {
  const char *routes[] = {"prony", "exact"};
  vt_grid_options o = vt_grid_options_default();
  double tau = 6e-22 * exp(164e3 / (R * 400.0));
  for (int r = 0; r < 2; r++) {
    vt_trace t;
    if (run("start 450 K\njump to 400 K\nhold 1000 s\n", 1.0, 1.0, routes[r], &o, &t)) continue;
    double worst = 0.0;
    for (size_t i = 2; i < t.n; i++) {
      double want = 50.0 * exp(-t.t_seg_s[i] / tau);
      worst = fmax(worst, fabs((t.Tf_K[i] - t.T_K[i]) - want));
    }
    CHECK(worst <= 1e-9, "%s: closed-form jump relaxation off by %.3g K", routes[r], worst);
    vt_trace_free(&t);
  }
}

/* Far above Tg the liquid follows T; for beta = x = 1 the quasi-static lag is |q| tau(T). */
static void test_equilibrium(void) {
  vt_grid_options o = vt_grid_options_default();
  vt_trace t;
  if (!run("start 600 K\ncool to 520 K at 1 K/s\n", 0.43, 0.6, "prony", &o, &t)) {
    double worst = 0.0;
    for (size_t i = 0; i < t.n; i++) worst = fmax(worst, fabs(t.Tf_K[i] - t.T_K[i]));
    CHECK(worst <= 0.01, "slow cooling far above Tg: |Tf - T| up to %.3g K", worst);
    vt_trace_free(&t);
  }
  if (!run("start 600 K\ncool to 520 K at 1 K/s\n", 1.0, 1.0, "prony", &o, &t)) {
    double worst = 0.0;
    for (size_t i = 100; i < t.n; i++) {
      double lag = 1.0 * 6e-22 * exp(164e3 / (R * t.T_K[i]));
      worst = fmax(worst, fabs((t.Tf_K[i] - t.T_K[i]) / lag - 1.0));
    }
    CHECK(worst <= 0.01, "quasi-static lag |q| tau: relative deviation %.3g", worst);
    vt_trace_free(&t);
  }
  /* Heating far above Tg: the equilibrium liquid has Cp_N = 1. */
  const char *scan = "start 450 K\ncool to 300 K at 10000 K/s\nheat to 560 K at 1000 K/s\n";
  if (!run(scan, 0.43, 0.6, "prony", &o, &t)) {
    CHECK_NEAR(t.CpN[t.n - 1], 1.0, 1e-3, "Cp_N in the liquid at 560 K");
    vt_trace_free(&t);
  }
  /* Deep in the glass, for beta = 1, dTf/dt = -(Tf - T)/tau exactly, so on heating at q the
   * glass has Cp_N = -(Tf - T)/(q tau(T, Tf)), small and negative (~ -1.3e-4 at 310 K). (With
   * beta < 1 the fastest KWW modes dominate 10 ms after the quench: Cp_N ~ -(t/tau)^beta.) */
  if (!run(scan, 1.0, 0.6, "prony", &o, &t)) {
    size_t i = 0;
    while (i < t.n && !(t.segment[i] == 1 && t.T_K[i] >= 310.0)) i++;
    double tau = exp(vt_tnm_ln_tau(log(6e-22), 164e3, 0.6, t.T_K[i], t.Tf_K[i]));
    double want = -(t.Tf_K[i] - t.T_K[i]) / (1000.0 * tau);
    CHECK(i < t.n && fabs(t.CpN[i] / want - 1.0) < 0.01,
          "glass Cp_N at 310 K = %.4g, want -(Tf - T)/(q tau) = %.4g", t.CpN[i], want);
    vt_trace_free(&t);
  }
}

/* ---- beta = 1 against an independent ODE solution ------------------------------------------ */

typedef struct ode_ctx {
  double T0, rate, x;
} ode_ctx;

static int tnm_rhs(double t, const double y[], double dydt[], void *params) {
  const ode_ctx *c = params;
  double T = c->T0 + c->rate * t;
  double lt = vt_tnm_ln_tau(log(6e-22), 164e3, c->x, T, y[0]);
  dydt[0] = -(y[0] - T) * exp(-lt);
  return GSL_SUCCESS;
}

static double ode_segment(double Tf, double T0, double rate, double duration, double x) {
  ode_ctx c = {T0, rate, x};
  gsl_odeiv2_system sys = {tnm_rhs, NULL, 1, &c};
  gsl_odeiv2_driver *d =
      gsl_odeiv2_driver_alloc_y_new(&sys, gsl_odeiv2_step_rk8pd, 1e-9, 1e-12, 0.0);
  double t = 0.0, y[1] = {Tf};
  int rc = gsl_odeiv2_driver_apply(d, &t, duration, y);
  gsl_odeiv2_driver_free(d);
  return rc == GSL_SUCCESS ? y[0] : NAN;
}

static void test_beta1_vs_ode(void) {
  vt_grid_options o = vt_grid_options_default();
  vt_trace t;
  const char *prog =
      "start 480 K\ncool to 380 K at 100 K/s\nhold 100 s\nheat to 480 K at 100 K/s\n";
  if (run(prog, 1.0, 0.6, "prony", &o, &t)) return;
  double Tf = 480.0, worst = 0.0;
  Tf = ode_segment(Tf, 480.0, -100.0, 1.0, 0.6);
  size_t i = 0;
  while (t.segment[i] != 0 || t.t_seg_s[i] < 1.0 - 1e-12) i++;
  worst = fmax(worst, fabs(t.Tf_K[i] - Tf));
  Tf = ode_segment(Tf, 380.0, 0.0, 100.0, 0.6);
  while (t.segment[i] != 1 || t.t_seg_s[i] < 100.0 - 1e-9) i++;
  worst = fmax(worst, fabs(t.Tf_K[i] - Tf));
  double Tf_heat = ode_segment(Tf, 380.0, 100.0, 0.6, 0.6); /* to 440 K, inside the peak */
  while (t.segment[i] != 2 || t.t_seg_s[i] < 0.6 - 1e-12) i++;
  worst = fmax(worst, fabs(t.Tf_K[i] - Tf_heat));
  printf("beta = 1, x = 0.6: max |Tf - ODE| at segment ends = %.3g K\n", worst);
  CHECK(worst <= 2e-3, "nonlinear TNM (beta 1) off the rk8pd ODE solution by %.3g K", worst);
  vt_trace_free(&t);
}

/* ---- Grid convergence -------------------------------------------------------------------------
 */

static double common_node_difference(const vt_trace *a, const vt_trace *b) {
  double worst = 0.0;
  size_t j = 0;
  for (size_t i = 0; i < a->n; i++) {
    while (j < b->n &&
           (b->time_s[j] < a->time_s[i] * (1 - 1e-12) - 1e-15 || b->segment[j] < a->segment[i]))
      j++;
    if (j < b->n && fabs(b->time_s[j] - a->time_s[i]) <= 1e-12 * a->time_s[i] + 1e-15 &&
        b->segment[j] == a->segment[i])
      worst = fmax(worst, fabs(a->Tf_K[i] - b->Tf_K[i == 0 ? 0 : j]));
  }
  return worst;
}

static void test_grid_convergence(void) {
  const char *progs[] = {"start 450 K\ncool to 373 K at 10000 K/s\nhold 50 s\n"
                         "heat to 383 K at 10000 K/s\nhold 2000 s\n",
                         paper_programs[3]};
  vt_grid_options coarse = vt_grid_options_default(), fine = coarse;
  fine.ramp_step_K /= 2;
  fine.hold_points_per_decade *= 2;
  for (int k = 0; k < 2; k++) {
    vt_trace a, b;
    if (run(progs[k], 0.43, 0.6, "prony", &coarse, &a)) continue;
    if (!run(progs[k], 0.43, 0.6, "prony", &fine, &b)) {
      double d = common_node_difference(&a, &b);
      printf("grid convergence, program %d: max |dTf| = %.3g K\n", k, d);
      CHECK(d < 0.005 && d > 0, "halving dT and doubling points/decade moved Tf by %.3g K", d);
      vt_trace_free(&b);
    }
    vt_trace_free(&a);
  }
}

/* ---- Paper 000 Fig. 1 ------------------------------------------------------------------------ */

static void final_hold(const vt_trace *t, size_t *first, size_t *last) {
  int seg = t->segment[t->n - 1];
  *last = t->n - 1;
  *first = *last;
  while (*first > 0 && t->segment[*first - 1] == seg) (*first)--;
}

static void test_memory_effect(void) {
  vt_grid_options o = vt_grid_options_default();
  vt_trace t;
  /* Fig. 1c: 373 K for 50 s, then 383 K: the enthalpy first rises, then falls. */
  if (!run("start 450 K\ncool to 373 K at 10000 K/s\nhold 50 s\nheat to 383 K at 10000 K/s\n"
           "hold 2000 s\n",
           0.43, 0.6, "prony", &o, &t)) {
    size_t a, b, peak;
    final_hold(&t, &a, &b);
    peak = a;
    for (size_t i = a; i <= b; i++)
      if (t.dH_J_per_mol[i] > t.dH_J_per_mol[peak]) peak = i;
    printf("Fig. 1c: dH %.1f -> peak %.1f J/mol at t2 = %.3g s -> %.3g J/mol at 2000 s\n",
           t.dH_J_per_mol[a], t.dH_J_per_mol[peak], t.t_seg_s[peak], t.dH_J_per_mol[b]);
    CHECK(peak > a && peak < b, "peak inside the hold");
    CHECK(t.dH_J_per_mol[peak] - t.dH_J_per_mol[a] > 25.0, "rise of %.3g J/mol (> 1 K in Tf)",
          t.dH_J_per_mol[peak] - t.dH_J_per_mol[a]);
    CHECK(t.t_seg_s[peak] > 0.1 && t.t_seg_s[peak] < 100.0, "peak time %.3g s", t.t_seg_s[peak]);
    CHECK(t.dH_J_per_mol[b] < t.dH_J_per_mol[a], "falls below its start by 2000 s");
    vt_trace_free(&t);
  }
  /* Fig. 1b: 383 K for 50 s, then 373 K: monotonic decrease. The exact route must never rise;
   * the Prony route may wiggle by its stated accuracy: |dM| <= tol = 1e-5 over a history of
   * sum |dT| = 154 K gives |dTf| <= 1.54e-3 K, i.e. 0.0385 J/mol at dCp = 25 J/(mol K). */
  const char *fig1b = "start 450 K\ncool to 383 K at 10000 K/s\nhold 50 s\n"
                      "cool to 373 K at 10000 K/s\nhold 100000 s\n";
  const char *routes[] = {"exact", "prony"};
  const double allowed_rise[] = {0.0, 1e-5 * 154.0 * 25.0};
  for (int r = 0; r < 2; r++) {
    if (run(fig1b, 0.43, 0.6, routes[r], &o, &t)) continue;
    size_t a, b, rises = 0;
    final_hold(&t, &a, &b);
    for (size_t i = a + 1; i <= b; i++)
      rises += t.dH_J_per_mol[i] > t.dH_J_per_mol[i - 1] + allowed_rise[r];
    CHECK(rises == 0, "Fig. 1b (%s): dH rose at %zu of %zu nodes", routes[r], rises, b - a);
    CHECK(t.dH_J_per_mol[a] - t.dH_J_per_mol[b] > 100.0, "Fig. 1b: dH falls by %.3g J/mol",
          t.dH_J_per_mol[a] - t.dH_J_per_mol[b]);
    vt_trace_free(&t);
  }
}

/* The Prony route steps relaxed terms lazily (their share of Tf from prefix sums, their values
 * written only when a later step needs them); with relaxed_terms=stepped, every term goes through
 * the kernel. Both give the same Tf to rounding, over programs whose steps move terms in and out of
 * the relaxed blocks (quenches, holds to 1e5 s, jumps, heating), for three series. */
static void test_relaxed_terms(void) {
  const char *progs[] = {paper_programs[2], paper_programs[3],
                         "start 450 K\njump to 400 K\nhold 1000 s\njump to 350 K\nhold 1e5 s\n"
                         "heat to 420 K at 1000 K/s\n"};
  const double betas[] = {0.3, 0.43, 0.6};
  double worst = 0.0;
  size_t nodes = 0;
  for (int k = 0; k < 3; k++)
    for (int b = 0; b < 3; b++) {
      vt_trace t[2];
      int ok = 1;
      for (int stepped = 0; stepped < 2; stepped++) {
        vt_error err;
        vt_grid g;
        vt_program *p = vt_program_parse(progs[k], "test", &err);
        vt_model *m = vt_model_create("tnm", &err);
        ok &= p && m && !vt_grid_build(p, NULL, &g, &err) &&
              !vt_model_set(m, "beta", betas[b], &err) &&
              !vt_model_set_option(m, "relaxed_terms", stepped ? "stepped" : "lazy", &err);
        if (ok) {
          ok &= !vt_simulate(m, &g, &t[stepped], &err);
          vt_grid_free(&g);
        }
        if (!ok) printf("run failed: %s\n", err.message);
        vt_model_free(m);
        vt_program_free(p);
      }
      if (!ok) continue;
      for (size_t i = 0; i < t[0].n; i++) worst = fmax(worst, fabs(t[0].Tf_K[i] - t[1].Tf_K[i]));
      nodes += t[0].n;
      vt_trace_free(&t[0]);
      vt_trace_free(&t[1]);
    }
  printf("relaxed terms kept lazily vs all through the kernel: max |dTf| %.3g K over %zu nodes\n",
         worst, nodes);
  CHECK(nodes > 0 && worst <= 1e-10, "lazy relaxed terms moved Tf by %.3g K", worst);
}

/* The series the Prony route's reduced time and its carried exp(-ln tau) use (relax_step.h)
 * against long double: f(d) = (1 - e^-d)/d and f'/f for |d| < 1e-2, exp(-delta) for
 * |delta| < 1e-4, both signs, magnitudes log-uniform from 1e-14 up. */
static void test_step_series(void) {
  double worst_f = 0.0, worst_dl = 0.0, worst_e = 0.0;
  unsigned long state = 3;
  for (int i = 0; i < 200000; i++) {
    state = state * 6364136223846793005UL + 1442695040888963407UL;
    double u = (double)(state >> 11) / 9007199254740992.0;
    double d = (i & 1 ? -1.0 : 1.0) * pow(10.0, -14.0 + 12.0 * u), dl;
    double f = vt_mean_rate_series(d, &dl);
    long double D = d, F = -expm1l(-D) / D;
    /* f'/f = 1/(e^d - 1) - 1/d = -1/2 + d/12 - d^3/720 + d^5/30240 - d^7/1209600 (Bernoulli) */
    long double DL = -0.5L + D / 12 - D * D * D / 720 + powl(D, 5) / 30240 - powl(D, 7) / 1209600;
    worst_f = fmax(worst_f, (double)fabsl((f - F) / F));
    worst_dl = fmax(worst_dl, (double)fabsl((dl - DL) / DL));
    double delta = d * 1e-2;
    worst_e = fmax(worst_e, (double)fabsl((vt_exp_small(delta) - expl(-(long double)delta)) /
                                          expl(-(long double)delta)));
  }
  printf("step series: f(d) within %.3g, f'/f within %.3g, exp(-delta) within %.3g (relative)\n",
         worst_f, worst_dl, worst_e);
  CHECK(worst_f <= 4e-16, "f(d) series off by %.3g relative", worst_f);
  CHECK(worst_dl <= 1e-15, "f'/f series off by %.3g relative", worst_dl);
  CHECK(worst_e <= 2.5e-16, "exp(-delta) series off by %.3g relative", worst_e);
}

int main(void) {
  gsl_set_error_handler_off();
  test_step_series();
  test_relaxed_terms();
  test_jump_closed_form();
  test_equilibrium();
  test_beta1_vs_ode();
  test_grid_convergence();
  test_memory_effect();
  test_prony_vs_exact();
  TEST_MAIN_END();
}
