/* The visco model behind vt_model: created by name, parameters through the vt_model API, and the
 * stress of paper 001's two-step program bit-identical whichever way it is reached: the vt_visco
 * calls, vt_model_create("visco"), and the model stepped by hand with vt_model_strain_step on
 * the instrument's own nodes. Temperature- and strain-driven models refuse each other's steps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

static int same_doubles(const double *a, const double *b, size_t n) {
  return n == 0 || memcmp(a, b, n * sizeof *a) == 0;
}

static void test_registry(void) {
  int listed = 0;
  for (const char *const *n = vt_model_names(); *n; n++) listed += strcmp(*n, "visco") == 0;
  CHECK(listed == 1, "vt_model_names lists visco once");
  CHECK(vt_model_drive_by_name("visco") == VT_DRIVE_STRAIN, "visco is strain-driven");
  CHECK(vt_model_drive_by_name("tnm") == VT_DRIVE_TEMPERATURE, "tnm is temperature-driven");
  CHECK(vt_model_drive_by_name("nope") == 0 && vt_model_drive_by_name(NULL) == 0, "unknown: 0");
  size_t n_model, n_visco;
  const vt_param_info *pm = vt_model_params_by_name("visco", &n_model);
  const vt_param_info *pv = vt_visco_params(&n_visco);
  CHECK(pm == pv && n_model == 12 && n_visco == 12, "one parameter table, 12 rows");
  CHECK(vt_model_summary("visco") != NULL, "a summary");
}

/* Paper 001 Fig. 1a (defaults: 0.5 % for 900 s, then 0.3 %, 593 K, 200 %/min) with viscoplastic
 * flow on, set through each API. */
static void test_two_step_routes(void) {
  vt_error err;
  vt_visco *a = vt_visco_create(&err);
  vt_model *b = vt_model_create("visco", &err);
  CHECK(a && b, "create: %s", err.message);
  if (!a || !b) return;
  CHECK(vt_visco_set_text(a, "t_vp=1e5 s", &err) == VT_OK, "set_text: %s", err.message);
  CHECK(vt_visco_set_prony_tol(a, 1e-6, &err) == VT_OK, "tol: %s", err.message);
  CHECK(vt_model_set(b, "t_vp", 1e5, &err) == VT_OK, "set: %s", err.message);
  CHECK(vt_model_set_option(b, "prony_tol", "1e-6", &err) == VT_OK, "option: %s", err.message);
  CHECK(vt_visco_prony_tol(b) == 1e-6, "the option is the tolerance vt_visco_prony_tol reads");
  vt_two_step s = vt_two_step_default();
  vt_memory_curve ca = {0}, cb = {0};
  CHECK(vt_strain_two_step_run(a, &s, &ca, &err) == VT_OK, "vt_visco route: %s", err.message);
  CHECK(vt_strain_two_step_run(b, &s, &cb, &err) == VT_OK, "vt_model route: %s", err.message);
  CHECK(ca.n > 100 && ca.n == cb.n, "%zu and %zu points", ca.n, cb.n);
  if (ca.n == cb.n) {
    CHECK(same_doubles(ca.stress_Pa, cb.stress_Pa, ca.n), "stress bit-identical");
    CHECK(same_doubles(ca.t2_s, cb.t2_s, ca.n), "times bit-identical");
  }
  CHECK(memcmp(&ca.peak, &cb.peak, sizeof ca.peak) == 0 && ca.sigma_w_Pa == cb.sigma_w_Pa,
        "same peak and sigma_w");
  CHECK(ca.peak.found && ca.peak.dsigma_Pa > 0, "a memory peak (dsigma %g MPa)",
        ca.peak.dsigma_Pa / 1e6);
  vt_memory_curve_free(&ca);
  vt_memory_curve_free(&cb);
  vt_visco_free(a);
  vt_model_free(b);
}

/* The dt of the step ending at node i, as the instrument takes it: holds from their start. */
static double step_dt(const vt_strain_trace *tr, size_t i) {
  return tr->t_seg_s[i] - (tr->segment[i] == tr->segment[i - 1] ? tr->t_seg_s[i - 1] : 0.0);
}

/* The jump version of the program (rate 0), stepped by hand on the instrument's nodes. */
static void test_by_hand(void) {
  vt_error err;
  vt_model *m = vt_model_create("visco", &err);
  CHECK(m && vt_model_set_text(m, "t_vp=3e4 s", &err) == VT_OK, "model: %s", err.message);
  vt_strain_program *p = vt_strain_program_parse(
      "temperature 593 K\nstart 0 %\njump to 0.5 %\nhold 900 s\njump to 0.3 %\nhold 1e4 s\n",
      "two_step", &err);
  vt_strain_trace tr = {0};
  CHECK(p && vt_strain_simulate(m, p, NULL, &tr, &err) == VT_OK, "simulate: %s", err.message);
  vt_model *h = vt_model_clone(m, &err);
  int rc = h ? vt_model_equilibrate(h, 593.0, &err) : VT_ENOMEM;
  size_t same = 0;
  vt_observables o;
  for (size_t i = 1; !rc && i < tr.n; i++) {
    rc = vt_model_strain_step(h, step_dt(&tr, i), tr.strain[i], &err);
    vt_model_observe(h, &o);
    same += !rc && o.stress_Pa == tr.stress_Pa[i] && o.strain_vp == tr.strain_vp[i];
  }
  CHECK(rc == VT_OK && tr.n > 50 && same == tr.n - 1, "%zu of %zu nodes bit-identical: %s", same,
        tr.n - 1, rc ? err.message : "");
  CHECK(isnan(o.Tf_K) && isnan(o.dH_J_per_mol) && o.strain_vp > 0,
        "visco observes no Tf; it flowed (eps_vp %g)", o.strain_vp);
  vt_strain_trace_free(&tr);
  vt_strain_program_free(p);
  vt_model_free(h);
  vt_model_free(m);
}

static void test_drives_refused(void) {
  vt_error err;
  vt_model *v = vt_model_create("visco", &err), *t = vt_model_create("tnm", &err);
  CHECK(vt_model_equilibrate(v, 593, &err) == VT_OK && vt_model_equilibrate(t, 400, &err) == VT_OK,
        "equilibrate: %s", err.message);
  CHECK(vt_model_step(v, 1.0, 593, 593, &err) == VT_EINVAL, "visco takes no temperature step");
  CHECK_CONTAINS(err.message, "model visco is driven by strain or stress");
  CHECK(vt_model_strain_step(t, 1.0, 0.001, &err) == VT_EINVAL, "tnm takes no strain step");
  CHECK_CONTAINS(err.message, "model tnm is driven by temperature");
  CHECK(vt_model_stress_step(t, 1.0, 1e6, &err) == VT_EINVAL, "tnm takes no stress step");
  vt_observables o;
  vt_model_observe(t, &o);
  CHECK(o.Tf_K == 400 && isnan(o.stress_Pa) && isnan(o.strain), "tnm observes no stress");
  CHECK(vt_model_set(v, "beta", 0.5, &err) == VT_OK, "beta");
  CHECK(vt_model_strain_step(v, 1.0, 0.001, &err) == VT_EINVAL, "a change needs equilibrate");
  CHECK(vt_model_set_option(v, "prony_tol", "abc", &err) == VT_ERANGE, "tolerance not a number");
  CHECK(vt_model_set_option(v, "route", "exact", &err) == VT_ENOTFOUND, "no route option");
  CHECK(vt_visco_set_table(t, (double[]){1}, (double[]){1}, 1, &err) == VT_EINVAL,
        "a Prony table only for visco");
  CHECK(isnan(vt_visco_shift(t, 500)), "no shift factor for tnm");
  vt_model_free(v);
  vt_model_free(t);
}

int main(void) {
  test_registry();
  test_two_step_routes();
  test_by_hand();
  test_drives_refused();
  TEST_MAIN_END();
}
