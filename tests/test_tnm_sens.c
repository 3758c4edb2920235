/* TNM's forward sensitivities with the relaxed terms kept lazily (the leading blocks of Prony
 * terms with exp(-dxi/tau_k) ~ 0 carried by prefix sums and closed forms, tnm.c) against every
 * term stepped through the kernel and the sensitivity loops (option relaxed_terms=stepped):
 * dTf/dp at every node of DSC scans, a Kovacs program and jumps, and the fitter's Jacobian of
 * dh predictions, must agree to 1e-12 of each direction's largest value. */
#include <stdlib.h>

#include "../src/analysis/fit_internal.h"
#include "../src/models/model_impl.h"
#include "test_util.h"
#include "vitrum/vitrum.h"

#define TOL 1e-12

static const char *const dirs[] = {"A", "dh", "x", "beta"};

static const char *const programs[] = {
    /* DSC scans: quench, short hold, heat; quench, age, heat */
    "start 450 K\ncool to 300 K at 10000 K/s\nhold 0.1 s\nheat to 450 K at 1000 K/s\n",
    "start 450 K\ncool to 383 K at 10000 K/s\nhold 10000 s\ncool to 300 K at 10000 K/s\n"
    "heat to 450 K at 1000 K/s\n",
    /* a conventional DSC scan at 10 K/min */
    "start 420 K\ncool to 320 K at 0.1667 K/s\nheat to 420 K at 0.1667 K/s\n",
    /* Kovacs: age at 345 K, up to 355 K, the memory effect, then scan */
    "start 450 K\ncool to 345 K at 0.1667 K/s\nhold 10800 s\nheat to 355 K at 0.1667 K/s\n"
    "hold 40000 s\ncool to 300 K at 0.1667 K/s\nheat to 420 K at 0.1667 K/s\n",
    /* jumps between long holds: terms go in and out of the relaxed blocks */
    "start 450 K\njump to 400 K\nhold 1000 s\njump to 350 K\nhold 1e5 s\n"
    "heat to 420 K at 1000 K/s\n",
};

/* One run of `prog` with the four sensitivities; Tf and the rows (n x 4) copied out. */
static int run(const char *prog, double beta, const char *tol, const char *relaxed, double **tf,
               double **rows, size_t *n) {
  vt_error err = {0};
  vt_grid g;
  vt_trace t = {0};
  vt_program *p = vt_program_parse(prog, "test", &err);
  vt_model *m = vt_model_create("tnm", &err);
  int built = p && m && !vt_grid_build(p, NULL, &g, &err), rc = !built;
  if (!rc)
    rc = vt_model_set(m, "beta", beta, &err) || vt_model_set_option(m, "prony_tol", tol, &err) ||
         vt_model_set_option(m, "prony_grid", "fixed", &err) ||
         vt_model_set_option(m, "relaxed_terms", relaxed, &err) ||
         vt_model_set_option(m, "sensitivities", "A,dh,x,beta", &err) ||
         vt_simulate(m, &g, &t, &err);
  size_t nr = 0, nd = 0;
  const double *r = rc ? NULL : vt_tnm_sensitivities(m, &nr, &nd, NULL);
  if (!rc && (!r || nr != t.n || nd != 4)) rc = 1, snprintf(err.message, 32, "rows");
  if (!rc) {
    *n = nr;
    *tf = malloc(nr * sizeof **tf);
    *rows = malloc(4 * nr * sizeof **rows);
    for (size_t i = 0; i < nr; i++) (*tf)[i] = t.Tf_K[i];
    for (size_t i = 0; i < 4 * nr; i++) (*rows)[i] = r[i];
  }
  if (rc) printf("run failed: %s\n", err.message);
  if (built) vt_grid_free(&g);
  vt_trace_free(&t);
  vt_model_free(m);
  vt_program_free(p);
  return rc;
}

/* Largest difference per direction over the largest value, for n rows of nd. */
static double worst_relative(const double *a, const double *b, size_t n, size_t nd, size_t *at) {
  double worst = 0.0;
  for (size_t j = 0; j < nd; j++) {
    double big = 0.0, diff = 0.0;
    for (size_t i = 0; i < n; i++) {
      big = fmax(big, fabs(a[i * nd + j]));
      diff = fmax(diff, fabs(a[i * nd + j] - b[i * nd + j]));
    }
    double rel = big > 0.0 ? diff / big : diff;
    if (rel > worst || isnan(rel)) worst = rel, *at = j;
  }
  return worst;
}

static void test_rows(void) {
  const double betas[] = {0.3, 0.43, 0.6};
  const char *tols[] = {"1e-5", "1e-6"};
  double all = 0.0, tf_all = 0.0;
  for (size_t k = 0; k < sizeof programs / sizeof *programs; k++)
    for (int b = 0; b < 3; b++)
      for (int t = 0; t < 2; t++) {
        double *tf[2], *rows[2];
        size_t n[2];
        if (run(programs[k], betas[b], tols[t], "lazy", &tf[0], &rows[0], &n[0])) continue;
        if (run(programs[k], betas[b], tols[t], "stepped", &tf[1], &rows[1], &n[1])) {
          free(tf[0]);
          free(rows[0]);
          continue;
        }
        CHECK(n[0] == n[1], "program %zu: %zu against %zu nodes", k, n[0], n[1]);
        size_t at = 0;
        double w = worst_relative(rows[0], rows[1], n[0], 4, &at), dtf = 0.0;
        for (size_t i = 0; i < n[0]; i++) dtf = fmax(dtf, fabs(tf[0][i] - tf[1][i]));
        CHECK(w <= TOL, "program %zu, beta %g, prony_tol %s: dTf/d%s off by %.3g relative", k,
              betas[b], tols[t], dirs[at], w);
        CHECK(dtf <= 1e-10, "program %zu: Tf off by %.3g K", k, dtf);
        all = fmax(all, w);
        tf_all = fmax(tf_all, dtf);
        for (int i = 0; i < 2; i++) free(tf[i]), free(rows[i]);
      }
  printf("dTf/dp at every node, lazy relaxed terms vs every term stepped: max difference %.3g of "
         "the direction's largest; max |dTf| %.3g K\n",
         all, tf_all);
}

/* The fitter's Jacobian d dh_i/dp (A, dh, x, beta, dCp) on paper 000's protocols and a Kovacs
 * set (single- and two-step anneals, conventional DSC rates). */
static void jacobian(vt_model *m, const vt_fit_data *d, const vt_fit_options *o,
                     const char *relaxed, double *pred, double *dpred) {
  char names[5][32] = {"A", "dh", "x", "beta", "dCp"};
  vt_error err;
  int rc = vt_model_set_option(m, "relaxed_terms", relaxed, &err);
  if (!rc) rc = vt_fit_predict_d(m, d, o, names, 5, pred, dpred, &err);
  CHECK(rc == VT_OK, "predictions with sensitivities (%s): %s", relaxed, rc ? err.message : "");
}

static void test_jacobian(void) {
  vt_fit_data d = {0};
  const double T1[] = {348, 363, 373}, t1[] = {0.1, 1, 10, 100}, t2[] = {0.1, 10, 1000};
  const double tk[] = {60, 600, 6000, 38400};
  d.dh = calloc(3 * 4 * 3 + 4, sizeof *d.dh);
  for (int a = 0; a < 3; a++)
    for (int b = 0; b < 4; b++)
      for (int c = 0; c < 3; c++)
        d.dh[d.n_dh++] = (vt_dh_point){T1[a], t1[b], 383.0, t2[c], 0.0, NAN, 0};
  for (int k = 0; k < 4; k++) d.dh[d.n_dh++] = (vt_dh_point){383.0, tk[k], NAN, NAN, 0, NAN, 0};
  vt_fit_data kov = {0};
  kov.dh = calloc(8, sizeof *kov.dh);
  for (int k = 0; k < 4; k++) {
    kov.dh[kov.n_dh++] = (vt_dh_point){355.0, tk[k], NAN, NAN, 0.0, NAN, 0};
    kov.dh[kov.n_dh++] = (vt_dh_point){345.0, 10800.0, 355.0, tk[k], 0.0, NAN, 0};
  }
  vt_fit_options o = vt_fit_options_default(), ok = vt_fit_options_default();
  o.dsc.grid.ramp_step_K = 0.5;
  o.dsc.grid.hold_points_per_decade = 8;
  ok.dsc.cool_rate_K_per_s = ok.dsc.heat_rate_K_per_s = 10.0 / 60.0;
  const vt_fit_data *sets[] = {&d, &kov};
  const vt_fit_options *opts[] = {&o, &ok};
  const char *what[] = {"paper 000 protocols", "Kovacs set"};
  for (int s = 0; s < 2; s++)
    for (int b = 0; b < 2; b++) {
      vt_error err;
      vt_model *m = vt_model_create("tnm", &err);
      vt_model_set_option(m, "prony_tol", "1e-6", &err);
      vt_model_set_option(m, "prony_grid", "fixed", &err);
      vt_model_set(m, "beta", b ? 0.6 : 0.43, &err);
      if (s == 1) { /* polymer-like, as bench_fit's Kovacs set */
        vt_model_set(m, "A", 1.9e-49, &err);
        vt_model_set(m, "dh", 350e3, &err);
        vt_model_set(m, "x", 0.45, &err);
      }
      size_t n = sets[s]->n_dh;
      double *p[2], *J[2];
      for (int r = 0; r < 2; r++) {
        p[r] = malloc(n * sizeof *p[r]);
        J[r] = malloc(5 * n * sizeof *J[r]);
      }
      jacobian(m, sets[s], opts[s], "lazy", p[0], J[0]);
      jacobian(m, sets[s], opts[s], "stepped", p[1], J[1]);
      size_t at = 0;
      double w = worst_relative(J[0], J[1], n, 5, &at), pw = 0.0;
      for (size_t i = 0; i < n; i++) pw = fmax(pw, fabs(p[0][i] - p[1][i]));
      printf("%s, beta %g: Jacobian lazy vs stepped: max difference %.3g of the largest (d/d%s); "
             "predictions %.3g J/mol apart\n",
             what[s], b ? 0.6 : 0.43, w, at < 4 ? dirs[at] : "dCp", pw);
      CHECK(w <= TOL, "%s: Jacobian off by %.3g relative", what[s], w);
      CHECK(pw <= 1e-8, "%s: predictions off by %.3g J/mol", what[s], pw);
      for (int r = 0; r < 2; r++) free(p[r]), free(J[r]);
      vt_model_free(m);
    }
  vt_fit_data_free(&d);
  vt_fit_data_free(&kov);
}

int main(void) {
  test_rows();
  test_jacobian();
  TEST_MAIN_END();
}
