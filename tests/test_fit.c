/* Model fits: parameters recovered from data the model generated (noise-free to 1e-4, with 1 %
 * noise within two standard errors) for TNM and the units model; paper 000's protocol set fitted
 * back from 20 % away; the relative-offset stop; bad data and non-convergence reported. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/analysis/fit_internal.h"
#include "../src/models/model_impl.h"
#include "test_util.h"
#include "vitrum/vitrum.h"

/* A two-step data set: every T1 x t1 at T2 = 383 K for each t2, plus single-step points. */
static void protocols(vt_fit_data *d, const double *T1, int nT1, const double *t1, int nt1,
                      const double *t2, int nt2) {
  d->dh = calloc((size_t)(nT1 * nt1 * nt2 + 8), sizeof *d->dh);
  d->n_dh = 0;
  for (int a = 0; a < nT1; a++)
    for (int b = 0; b < nt1; b++)
      for (int c = 0; c < nt2; c++)
        d->dh[d->n_dh++] = (vt_dh_point){T1[a], t1[b], 383.0, t2[c], 0.0, NAN, 0};
  const double ta[] = {0.3, 3.0, 30.0, 300.0};
  for (int k = 0; k < 4; k++) d->dh[d->n_dh++] = (vt_dh_point){383.0, ta[k], NAN, NAN, 0, NAN, 0};
}

static vt_fit_options coarse_options(void) {
  vt_fit_options o = vt_fit_options_default();
  o.dsc.grid.ramp_step_K = 0.5; /* data and fit share the grid: recovery is exact either way */
  o.dsc.grid.hold_points_per_decade = 8;
  o.n_starts = 1;
  return o;
}

/* Fill dh from the model; with noise, sigma = rel_noise dh and dh += N(0, sigma). */
static int generate(vt_model *m, vt_fit_data *d, const vt_fit_options *o, double rel_noise,
                    unsigned long seed) {
  vt_error err;
  double *pred = malloc(d->n_dh * sizeof *pred);
  int rc = vt_fit_predict(m, d, o, pred, &err);
  if (rc) printf("predict: %s\n", err.message);
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(rng, seed);
  for (size_t i = 0; !rc && i < d->n_dh; i++) {
    double s = rel_noise * fabs(pred[i]);
    d->dh[i].dh_J_per_mol = pred[i] + (s > 0 ? gsl_ran_gaussian(rng, s) : 0.0);
    d->dh[i].sigma_J_per_mol = s > 0 ? s : NAN;
  }
  gsl_rng_free(rng);
  free(pred);
  return rc;
}

/* Set the free parameters to truth * factor, fit, compare. tol > 0: relative tolerance;
 * tol < 0: count the parameters more than 2 standard errors off (returned) and fail beyond 3. */
static int fit_and_check(vt_model *m, const vt_fit_data *d, vt_fit_options o, const char **names,
                         const double *truth, const double *factor, int n, double tol,
                         const char *what) {
  int beyond2 = 0;
  vt_error err;
  for (int j = 0; j < n; j++) vt_model_set(m, names[j], truth[j] * factor[j], &err);
  o.free_names = names;
  o.n_free = (size_t)n;
  vt_fit_result r;
  if (vt_fit_run(m, d, &o, &r, &err)) {
    CHECK(0, "%s: fit failed: %s", what, err.message);
    return n;
  }
  printf("%s: %ld model runs, %d iterations, chi2/dof %.3g, max |corr| %.5f (as fitted %.5f)\n",
         what, r.model_runs, r.iterations, r.chi2_dof, r.max_abs_correlation,
         r.max_abs_correlation_fitted);
  for (int j = 0; j < n; j++) {
    double rel = fabs(r.value[j] / truth[j] - 1.0), dev = fabs(r.value[j] - truth[j]) / r.se[j];
    printf("  %-8s %.8g (truth %.8g) +- %.3g: rel %.2g, %.2f se\n", names[j], r.value[j], truth[j],
           r.se[j], rel, dev);
    if (tol > 0)
      CHECK(rel <= tol, "%s: %s off by %.3g (> %g)", what, names[j], rel, tol);
    else
      CHECK(dev <= 3.0, "%s: %s is %.2f standard errors off", what, names[j], dev);
    beyond2 += dev > 2.0;
  }
  /* TNM: A was fitted as tau_ref = A exp(dh/(R T_ref)); its value and standard error too. */
  if (r.T_ref_K > 0 && n >= 2 && !strcmp(names[0], "A") && !strcmp(names[1], "dh")) {
    double tau = truth[0] * exp(truth[1] / (VT_GAS_CONSTANT_J_PER_MOL_K * r.T_ref_K));
    double rel = fabs(r.tau_ref_s / tau - 1.0), dev = fabs(r.tau_ref_s - tau) / r.tau_ref_se_s;
    printf("  %-8s %.8g (truth %.8g) +- %.3g at %g K: rel %.2g, %.2f se\n", "tau_ref", r.tau_ref_s,
           tau, r.tau_ref_se_s, r.T_ref_K, rel, dev);
    if (tol > 0)
      CHECK(rel <= tol, "%s: tau_ref off by %.3g (> %g)", what, rel, tol);
    else
      CHECK(dev <= 3.0, "%s: tau_ref is %.2f standard errors off", what, dev);
    beyond2 += dev > 2.0;
  }
  vt_fit_result_free(&r);
  return beyond2;
}

/* Standard errors are a statement about many noise draws: fit three, each parameter within
 * 3 se, and at most 2 of all the deviations beyond 2 se (expected: 5 %). One draw alone can sit
 * out there honestly: seed 7 has chi2 = 44.5 at the truth for 28 points, and its beta lands
 * 2.3 se off while the fit's chi2 is below the truth's. */
static void noisy_draws(vt_model *m, vt_fit_data *d, vt_fit_options o, const char **names,
                        const double *truth, const double *away, int n, const char *what) {
  int beyond2 = 0;
  vt_error err;
  for (unsigned long seed = 7; seed < 10; seed++) {
    for (int j = 0; j < n; j++) vt_model_set(m, names[j], truth[j], &err);
    if (generate(m, d, &o, 0.01, seed)) return;
    beyond2 += fit_and_check(m, d, o, names, truth, away, n, -1, what);
  }
  CHECK(beyond2 <= 2, "%s: %d of %d deviations beyond 2 standard errors (tau_ref included)", what,
        beyond2, 3 * n);
}

/* A start stopped by the relative-offset test (the Gauss-Newton step left is under sqrt(ftol)
 * standard errors) is where iterating on leads: refitted from there with every tolerance at
 * 1e-30, no value moves by 1e-3 of its standard error (seeds 1, 3, 7, 9: 2e-5 to 6e-6; the
 * refit also builds its own Prony grid, a part of that). Noise-free data would not do: their
 * standard errors are the model's numerical floor, which the new grid alone moves by ~2. */
static void relative_offset_stop(vt_model *m, vt_fit_data *d, vt_fit_options o, const char **names,
                                 const double *truth, const double *away) {
  vt_error err;
  for (int j = 0; j < 4; j++) vt_model_set(m, names[j], truth[j], &err);
  CHECK(generate(m, d, &o, 0.01, 7) == VT_OK, "data");
  for (int j = 0; j < 4; j++) vt_model_set(m, names[j], truth[j] * away[j], &err);
  o.free_names = names;
  o.n_free = 4;
  o.n_starts = 1;
  vt_fit_result a, b;
  CHECK(vt_fit_run(m, d, &o, &a, &err) == VT_OK, "%s", err.message);
  CHECK_CONTAINS(a.message, "relative offset");
  o.ftol = o.xtol = o.gtol = 1e-30;
  o.max_iterations = 5;
  int rc = vt_fit_run(m, d, &o, &b, &err); /* may end unconverged: it cannot meet 1e-30 */
  CHECK(rc == VT_OK || rc == VT_ENOCONV, "%s", err.message);
  for (int j = 0; (rc == VT_OK || rc == VT_ENOCONV) && j < 4; j++) {
    double moved = fabs(b.value[j] - a.value[j]) / a.se[j];
    printf("relative offset: %s moved %.2g se on (%d more iterations)\n", names[j], moved,
           b.iterations);
    CHECK(moved < 1e-3, "%s moved %.3g standard errors after the offset test stopped", names[j],
          moved);
  }
  vt_fit_result_free(&a);
  vt_fit_result_free(&b);
}

static void test_tnm_recovery(void) {
  const double T1[] = {348, 373}, t1[] = {5, 100}, t2[] = {0.1, 1, 3, 10, 100, 1000};
  const char *names[] = {"A", "dh", "x", "beta"};
  const double truth[] = {6e-22, 164e3, 0.6, 0.43}, away[] = {0.8, 1.2, 0.8, 1.2};
  vt_error err;
  vt_model *m = vt_model_create("tnm", &err);
  vt_model_set_option(m, "prony_tol", "1e-7", &err); /* series error 1e-7: A-dh stays sharp */
  vt_fit_options o = coarse_options();
  vt_fit_data d = {0};
  protocols(&d, T1, 2, t1, 2, t2, 6);
  if (!generate(m, &d, &o, 0.0, 0))
    fit_and_check(m, &d, o, names, truth, away, 4, 1e-4, "TNM noise-free, 20 % away");
  o.n_starts = 2;
  noisy_draws(m, &d, o, names, truth, away, 4, "TNM with 1 % noise");
  relative_offset_stop(m, &d, o, names, truth, away);
  vt_fit_data_free(&d);
  vt_model_free(m);
}

static void test_units_recovery(void) {
  const double T1[] = {300, 348}, t1[] = {10}, t2[] = {0.1, 1, 10, 100};
  /* Anneals at 300-383 K constrain the beta and alpha units; the gamma/beta' units are in
   * equilibrium there and their parameters are not identifiable from these data. */
  const char *names[] = {"E_beta", "sigma_beta", "w_alpha"};
  const double truth[] = {80e3, 6e3, 0.6}, away[] = {1.05, 1.2, 0.9};
  vt_error err;
  vt_model *m = vt_model_create("units", &err);
  vt_model_set(m, "n_units", 40, &err);
  vt_fit_options o = coarse_options();
  o.dsc.T_eq_K = 480.0;
  o.dsc.T_low_K = 250.0;
  vt_fit_data d = {0};
  protocols(&d, T1, 2, t1, 1, t2, 4);
  if (!generate(m, &d, &o, 0.0, 0))
    fit_and_check(m, &d, o, names, truth, away, 3, 1e-4, "units noise-free");
  noisy_draws(m, &d, o, names, truth, away, 3, "units with 1 % noise");
  vt_fit_data_free(&d);
  vt_model_free(m);
}

/* Paper 000's protocols (T1 = 348/363/373 K, t1 = 0.1-100 s, T2 = 383 K) with its parameters,
 * fitted back from 20 % away in every parameter. */
static void test_paper000_set(void) {
  const double T1[] = {348, 363, 373}, t1[] = {0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100};
  const double t2[] = {0.1, 1, 10, 100, 1000};
  const char *names[] = {"A", "dh", "x", "beta"};
  const double truth[] = {6e-22, 164e3, 0.6, 0.43}, away[] = {1.2, 0.8, 1.2, 0.8};
  vt_error err;
  vt_model *m = vt_model_create("tnm", &err);
  vt_model_set_option(m, "prony_tol", "1e-6", &err);
  vt_fit_options o = coarse_options();
  vt_fit_data d = {0};
  protocols(&d, T1, 3, t1, 10, t2, 5);
  if (!generate(m, &d, &o, 0.0, 0))
    fit_and_check(m, &d, o, names, truth, away, 4, 1e-3, "paper 000 protocols, 20 % away");
  vt_fit_data_free(&d);
  vt_model_free(m);
}

static void test_bad(void) {
  vt_error err;
  vt_model *m = vt_model_create("tnm", &err);
  vt_fit_options o = coarse_options();
  const char *names[] = {"dh"};
  o.free_names = names;
  o.n_free = 1;
  vt_fit_result r;
  vt_dh_point one = {383, 10, NAN, NAN, 500, NAN, 7};
  vt_fit_data d = {1, &one, 0, NULL};
  CHECK(vt_fit_run(m, &d, &o, &r, &err) == VT_EINVAL, "one point");
  CHECK_CONTAINS(err.message, "cannot fix");
  vt_dh_point two[2] = {{383, 10, NAN, NAN, NAN, NAN, 3}, {383, 100, NAN, NAN, 600, NAN, 4}};
  d = (vt_fit_data){2, two, 0, NULL};
  CHECK(vt_fit_run(m, &d, &o, &r, &err) == VT_EINVAL && err.line == 3, "NaN: %s", err.message);
  two[0] = (vt_dh_point){470, 10, NAN, NAN, 300, NAN, 3}; /* above T_eq: cannot be simulated */
  CHECK(vt_fit_run(m, &d, &o, &r, &err) != VT_OK, "a protocol that cannot be simulated");
  CHECK_CONTAINS(err.message, "470");
  two[0] = (vt_dh_point){383, 10, NAN, NAN, 500, NAN, 3};
  double lo = 170e3, hi = 180e3;
  o.lower = &lo;
  o.upper = &hi;
  CHECK(vt_fit_run(m, &d, &o, &r, &err) == VT_ERANGE, "bounds exclude the start");
  CHECK_CONTAINS(err.message, "outside the bounds");
  const char *bogus[] = {"zz"};
  o.lower = o.upper = NULL;
  o.free_names = bogus;
  CHECK(vt_fit_run(m, &d, &o, &r, &err) == VT_ENOTFOUND, "unknown parameter");
  /* Two iterations cannot converge: an error that says so, and the best point reached, marked
   * unconverged with the criterion that failed. */
  const double t2[] = {0.1, 1, 10};
  const double T1[] = {348};
  const double t1[] = {50};
  vt_fit_data g = {0};
  protocols(&g, T1, 1, t1, 1, t2, 3);
  if (!generate(m, &g, &o, 0.0, 0)) {
    const char *free4[] = {"dh", "x"};
    vt_model_set(m, "dh", 120e3, &err);
    o.free_names = free4;
    o.n_free = 2;
    o.max_iterations = 2;
    int rc = vt_fit_run(m, &g, &o, &r, &err);
    CHECK(rc == VT_ENOCONV && r.value && !r.converged, "non-convergence: %s", err.message);
    CHECK_CONTAINS(err.message, "did not converge");
    CHECK_CONTAINS(r.message, "iteration limit 2 reached");
    /* the best point is the lowest chi2 seen: below the start's */
    double start_chi2 = 0.0, at[8]; /* 3 two-step points and protocols()' 4 single steps */
    vt_model_set(m, "dh", 120e3, &err);
    vt_model_set(m, "x", 0.6, &err);
    CHECK(g.n_dh <= 8 && vt_fit_predict(m, &g, &o, at, &err) == VT_OK, "start: %s", err.message);
    for (size_t i = 0; i < g.n_dh && i < 8; i++) start_chi2 += pow(at[i] - g.dh[i].dh_J_per_mol, 2);
    CHECK(r.value && r.chi2 < start_chi2 && r.value[0] != 120e3, "best point %g vs start %g",
          r.chi2, start_chi2);
    vt_fit_result_free(&r);
  }
  vt_fit_data_free(&g);
  /* Repeated measurements of one protocol at one time predict the same value. */
  vt_dh_point rep[3] = {{383, 10, NAN, NAN, 500, NAN, 1},
                        {383, 10, NAN, NAN, 510, NAN, 2},
                        {383, 100, NAN, NAN, 800, NAN, 3}};
  vt_fit_data dr = {3, rep, 0, NULL};
  double pr[3] = {0, 0, 0};
  vt_model_set(m, "dh", 164e3, &err); /* the non-convergence case left its start behind */
  int prc = vt_fit_predict(m, &dr, &o, pr, &err);
  CHECK(prc == VT_OK && pr[0] == pr[1] && pr[2] > pr[0], "repeated points: %s (%g, %g, %g)",
        prc ? err.message : "", pr[0], pr[1], pr[2]);
  vt_model_free(m);
}

/* dh per gram with a molar mass reads as the same J/mol; without one it is refused. */
static void test_per_gram(void) {
  const char *mol = "fit_per_mol.csv", *gram = "fit_per_g.csv";
  FILE *f = fopen(mol, "w");
  fprintf(f, "T1_K,t1_s,T2_K,t2_s,dh_J_per_mol,sigma_J_per_mol\n373,100,383,10,520,10.4\n");
  fclose(f);
  f = fopen(gram, "w");
  fprintf(f, "T1_K,t1_s,T2_K,t2_s,dh_J_per_g,sigma_J_per_g\n373,100,383,10,5,0.1\n");
  fclose(f);
  vt_fit_data a = {0}, b = {0}, c = {0};
  vt_error err;
  int ra = vt_read_dh_table(mol, &a, &err), rb = vt_read_dh_table_mass(gram, 0.104, &b, &err);
  CHECK(ra == VT_OK && rb == VT_OK && a.n_dh == 1 && b.n_dh == 1 &&
            fabs(b.dh[0].dh_J_per_mol - a.dh[0].dh_J_per_mol) <= 1e-12 * 520 &&
            fabs(b.dh[0].sigma_J_per_mol - a.dh[0].sigma_J_per_mol) <= 1e-12 * 10.4,
        "J/g with 104 g/mol: %g, %g J/mol", b.n_dh ? b.dh[0].dh_J_per_mol : NAN,
        b.n_dh ? b.dh[0].sigma_J_per_mol : NAN);
  CHECK(vt_read_dh_table(gram, &c, &err) == VT_EUNIT && c.n_dh == 0, "J/g without a molar mass");
  CHECK_CONTAINS(err.message, "give the molar mass");
  vt_fit_data_free(&a);
  vt_fit_data_free(&b);
  remove(mol);
  remove(gram);
}

/* Tf along a quench, anneal, jump, anneal and quench; rows: the sensitivities when on. */
static int tf_path(vt_model *m, double *tf, size_t *n, double *rows, vt_error *err) {
  vt_program *p = vt_program_create(450.0, err);
  vt_program_ramp(p, 348.0, 1e4, err);
  vt_program_hold(p, 50.0, err);
  vt_program_ramp(p, 383.0, 1e4, err);
  vt_program_hold(p, 1000.0, err);
  vt_program_ramp(p, 300.0, 1e4, err);
  vt_grid_options go = vt_grid_options_default();
  go.ramp_step_K = 0.5;
  go.hold_points_per_decade = 8;
  vt_grid g;
  vt_trace t = {0};
  int rc = vt_grid_build(p, &go, &g, err);
  if (!rc) rc = vt_simulate(m, &g, &t, err);
  for (size_t i = 0; !rc && i < t.n; i++) tf[i] = t.Tf_K[i];
  if (!rc) *n = t.n;
  size_t nr = 0, nd = 0;
  const double *r = rows ? vt_tnm_sensitivities(m, &nr, &nd, NULL) : NULL;
  if (rows && (!r || nr != t.n || nd != 4)) rc = VT_ENUMERIC;
  for (size_t i = 0; !rc && rows && i < nr * nd; i++) rows[i] = r[i];
  if (!rc) vt_grid_free(&g);
  vt_trace_free(&t);
  vt_program_free(p);
  return rc;
}

/* Forward sensitivities of Tf (A, dh, x, beta through the Prony recursion and the beta refit)
 * against central differences of whole runs: within 1e-6 of the largest, at every node. */
static void test_sensitivities(void) {
  const char *names[] = {"A", "dh", "x", "beta"};
  vt_error err;
  vt_model *m = vt_model_create("tnm", &err);
  vt_model_set_option(m, "prony_tol", "1e-7", &err);
  vt_model_set_option(m, "prony_grid", "fixed", &err);
  size_t cap = 4000, n = 0, n2 = 0;
  double *tf = malloc(cap * sizeof *tf), *up = malloc(cap * sizeof *up);
  double *dn = malloc(cap * sizeof *dn), *rows = malloc(4 * cap * sizeof *rows);
  CHECK(vt_model_set_option(m, "sensitivities", "A,dh,x,beta", &err) == VT_OK, "%s", err.message);
  int rc = tf_path(m, tf, &n, rows, &err);
  CHECK(rc == VT_OK && n > 100 && n < cap, "the path: %s (%zu nodes)", rc ? err.message : "", n);
  vt_model_set_option(m, "sensitivities", "", &err);
  for (int j = 0; !rc && j < 4; j++) {
    double v, h = 1e-5;
    vt_model_get(m, names[j], &v, &err);
    vt_model_set(m, names[j], v * (1 + h), &err);
    rc = tf_path(m, up, &n2, NULL, &err);
    vt_model_set(m, names[j], v * (1 - h), &err);
    if (!rc) rc = tf_path(m, dn, &n2, NULL, &err);
    vt_model_set(m, names[j], v, &err);
    double worst = 0.0, big = 0.0;
    for (size_t i = 0; !rc && i < n; i++) {
      double fd = (up[i] - dn[i]) / (2 * h * v);
      big = fmax(big, fabs(fd));
      worst = fmax(worst, fabs(rows[i * 4 + (size_t)j] - fd));
    }
    printf("sensitivity dTf/d%s: max |forward - central difference| %.3g of max %.3g (%.2g)\n",
           names[j], worst, big, worst / big);
    CHECK(!rc && big > 0 && worst <= 1e-6 * big, "dTf/d%s: %.3g relative", names[j], worst / big);
  }
  free(tf);
  free(up);
  free(dn);
  free(rows);
  vt_model_free(m);
}

/* The fitter's derivatives of every prediction (dh points and Cp_N curves) against central
 * differences of whole predictions, steps h[j] relative (absolute where the value is 0): within
 * tol of the largest derivative, per direction, and within 10 tol relative at every point
 * whose derivative is at least a hundredth of the largest. */
static void check_dpred(vt_model *m, const vt_fit_data *d, const vt_fit_options *o,
                        const char *const *names, size_t nd, const double *h, double tol,
                        const char *what) {
  size_t n = d->n_dh;
  for (size_t c = 0; c < d->n_curves; c++) n += d->curves[c].n;
  char nm[16][32];
  for (size_t j = 0; j < nd; j++) snprintf(nm[j], sizeof nm[j], "%s", names[j]);
  double *pred = malloc(n * sizeof *pred), *dpred = malloc(n * nd * sizeof *dpred);
  double *up = malloc(n * sizeof *up), *dn = malloc(n * sizeof *dn);
  vt_error err;
  int rc = vt_fit_predict_d(m, d, o, nm, nd, pred, dpred, &err);
  CHECK(rc == VT_OK, "%s: predictions with sensitivities: %s", what,
        rc ? (rc == VT_ENOTFOUND ? "none" : err.message) : "");
  for (size_t j = 0; !rc && j < nd; j++) {
    double v, worst = 0.0, big = 0.0, worst_pt = 0.0;
    vt_model_get(m, names[j], &v, &err);
    double step = v != 0.0 ? h[j] * fabs(v) : h[j];
    vt_model_set(m, names[j], v + step, &err);
    rc = vt_fit_predict(m, d, o, up, &err);
    vt_model_set(m, names[j], v - step, &err);
    if (!rc) rc = vt_fit_predict(m, d, o, dn, &err);
    vt_model_set(m, names[j], v, &err);
    for (size_t i = 0; !rc && i < n; i++) big = fmax(big, fabs(up[i] - dn[i]) / (2 * step));
    for (size_t i = 0; !rc && i < n; i++) {
      double fd = (up[i] - dn[i]) / (2 * step), e = fabs(dpred[i * nd + j] - fd);
      worst = fmax(worst, e);
      if (fabs(fd) >= 1e-2 * big) worst_pt = fmax(worst_pt, e / fabs(fd));
    }
    printf("%s: d/d%-11s max |sensitivity - central difference| %.3g of max %.3g (%.2g; %.2g "
           "at the points above 1 %% of it)\n",
           what, names[j], worst, big, worst / big, worst_pt);
    CHECK(!rc && big > 0 && worst <= tol * big, "%s d/d%s: %.3g relative", what, names[j],
          worst / big);
    CHECK(worst_pt <= 10 * tol, "%s d/d%s: %.3g relative at a point", what, names[j], worst_pt);
  }
  CHECK(rc == VT_OK, "%s: %s", what, rc ? err.message : "");
  free(pred);
  free(dpred);
  free(up);
  free(dn);
}

/* A Cp_N curve: quench from 450 K at 1000 K/s, age at T_a for t_a, cool to 300 K, heat back at
 * 1000 K/s; the data's temperatures fall between the steps' midpoints (interpolated there). */
static void add_curve(vt_fit_data *d, double T_a, double t_a) {
  d->curves = realloc(d->curves, (d->n_curves + 1) * sizeof *d->curves);
  vt_cpn_curve *c = &d->curves[d->n_curves++];
  memset(c, 0, sizeof *c);
  c->name = malloc(32);
  snprintf(c->name, 32, "aged %g s", t_a);
  c->program = vt_program_create(450.0, NULL);
  vt_program_ramp(c->program, T_a, 1e3, NULL);
  vt_program_hold(c->program, t_a, NULL);
  vt_program_ramp(c->program, 300.0, 1e3, NULL);
  vt_program_ramp(c->program, 450.0, 1e3, NULL);
  c->n = 60;
  c->T_K = malloc(c->n * sizeof *c->T_K);
  c->CpN = calloc(c->n, sizeof *c->CpN);
  for (size_t i = 0; i < c->n; i++) c->T_K[i] = 320.13 + 2.07 * (double)i;
}

/* Cp_N = dTf/dT along the scan: its derivatives (fit_data.c, from the state's) against central
 * differences, for TNM's A, dh, x, beta, with dh points beside the curves (and dCp, which
 * scales the dh points and leaves Cp_N alone). */
static void test_cpn_sensitivities(void) {
  const char *names[] = {"A", "dh", "x", "beta", "dCp"};
  vt_error err;
  vt_model *m = vt_model_create("tnm", &err);
  vt_model_set_option(m, "prony_tol", "1e-7", &err);
  vt_model_set_option(m, "prony_grid", "fixed", &err);
  vt_fit_options o = coarse_options();
  vt_fit_data d = {0};
  const double T1[] = {348}, t1[] = {5}, t2[] = {1, 100};
  protocols(&d, T1, 1, t1, 1, t2, 2);
  add_curve(&d, 360.0, 10.0);
  add_curve(&d, 340.0, 1000.0);
  const double h[] = {1e-5, 1e-5, 1e-5, 1e-5, 1e-5};
  check_dpred(m, &d, &o, names, 5, h, 1e-6, "TNM Cp_N and dh");
  vt_fit_data_free(&d);
  vt_model_free(m);
}

/* The units model's sensitivities (units.c: closed form per unit and step, the mean Tf solved
 * for where x < 1 couples the units) against central differences, on dh points and Cp_N curves;
 * T_vft and x moved off their defaults so every term counts. */
static void test_units_sensitivities(void) {
  const char *names[] = {"x",          "T_vft",       "w_gamma",   "E_gamma",    "sigma_gamma",
                         "tau0_gamma", "w_alpha",     "E_beta",    "sigma_beta", "tau0_beta",
                         "E_alpha",    "sigma_alpha", "tau0_alpha"};
  vt_error err;
  vt_model *m = vt_model_create("units", &err);
  vt_model_set(m, "n_units", 40, &err);
  vt_model_set(m, "x", 0.7, &err);
  vt_model_set(m, "T_vft", 20.0, &err);
  vt_model_set(m, "tau0_alpha", 1e-41, &err); /* tau(401 K) ~ 100 s again with T_vft = 20 K */
  vt_fit_options o = coarse_options();
  o.dsc.T_eq_K = 480.0;
  o.dsc.T_low_K = 250.0;
  vt_fit_data d = {0};
  const double T1[] = {300, 348}, t1[] = {10}, t2[] = {0.1, 10};
  protocols(&d, T1, 2, t1, 1, t2, 2);
  add_curve(&d, 340.0, 100.0);
  /* steps: 1e-4 relative, but 1e-5 for the E, where ln tau moves by E/(R T) ~ 100 times as much
   * (the differences' own truncation error stays below 1e-7 of the derivative either way) */
  double h[13];
  for (size_t j = 0; j < 13; j++) h[j] = names[j][0] == 'E' ? 1e-5 : 1e-4;
  check_dpred(m, &d, &o, names, 13, h, 1e-6, "units dh and Cp_N");
  CHECK(vt_model_set_option(m, "sensitivities", "dCp", &err) == VT_EINVAL,
        "dCp has no state sensitivity");
  CHECK(vt_model_set_option(m, "sensitivities", "E_beta,n_units", &err) == VT_EINVAL,
        "n_units has no sensitivity");
  vt_fit_data_free(&d);
  vt_model_free(m);
}

int main(void) {
  test_sensitivities();
  test_cpn_sensitivities();
  test_units_sensitivities();
  test_per_gram();
  test_bad();
  test_tnm_recovery();
  test_units_recovery();
  test_paper000_set();
  TEST_MAIN_END();
}
