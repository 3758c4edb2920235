/* The sweep calls of the stress-relaxation instrument that vitrum strain runs on (paper 001
 * Figs. 1-5): the run order of a two-step sweep, a point without a second step (a row of NaN,
 * not a failure), the recovery summary against the run and fit it stands for, a Prony table
 * read from a file against the same table set directly, and the Prony tolerance in use. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

static void test_sweep_order(void) {
  double T[] = {583, 593}, e1[] = {0.004, 0.005}, tw[] = {100, 300, 900}, e2[] = {0.002, 0.003};
  vt_two_step_sweep sw = {T, e1, tw, e2, 2, 2, 3, 2, vt_two_step_default()};
  CHECK(vt_two_step_sweep_count(&sw) == 24, "2 x 2 x 3 x 2 runs, got %zu",
        vt_two_step_sweep_count(&sw));
  vt_two_step s;
  size_t k = 0;
  int in_order = 1;
  for (size_t a = 0; a < 2; a++) /* T slowest, eps2 fastest */
    for (size_t b = 0; b < 2; b++)
      for (size_t c = 0; c < 3; c++)
        for (size_t d = 0; d < 2; d++, k++) {
          in_order &= vt_two_step_sweep_point(&sw, k, &s, NULL) == VT_OK;
          in_order &= s.T_K == T[a] && s.eps1 == e1[b] && s.t_w_s == tw[c] && s.eps2 == e2[d];
          in_order &= s.t2_s == sw.base.t2_s && s.rate_per_s == sw.base.rate_per_s;
        }
  CHECK(in_order, "runs in the order T, eps1, t_w, eps2");
  vt_error err;
  CHECK(vt_two_step_sweep_point(&sw, 24, &s, &err) == VT_ERANGE && s.eps1 == 0,
        "run 24 of 24 is out of range, result zeroed");
  sw.n_eps2 = 0; /* recovery-only: eps2 NaN */
  CHECK(vt_two_step_sweep_count(&sw) == 12, "12 recovery runs");
  CHECK(vt_two_step_sweep_point(&sw, 11, &s, NULL) == VT_OK && isnan(s.eps2) && s.T_K == 593 &&
            s.eps1 == 0.005 && s.t_w_s == 900,
        "last recovery run");
}

static void test_memory_point(void) {
  vt_visco *v = vt_visco_create(NULL);
  vt_two_step s = vt_two_step_default();
  vt_memory_curve m = {0}, ref = {0};
  vt_error err;
  int skipped = 1;
  CHECK(vt_strain_memory_point(v, &s, &m, &skipped, &err) == VT_OK && !skipped, "a point: %s",
        err.message);
  CHECK(vt_strain_two_step_run(v, &s, &ref, &err) == VT_OK, "the run: %s", err.message);
  CHECK(m.n == ref.n && m.peak.t_p_s == ref.peak.t_p_s && m.peak.dsigma_Pa == ref.peak.dsigma_Pa,
        "the point is the two-step run (t_p %g s)", m.peak.t_p_s);
  vt_memory_curve_free(&m);
  s.eps2 = s.eps1;
  CHECK(vt_strain_memory_point(v, &s, &m, &skipped, &err) == VT_OK && skipped && m.n == 0 &&
            isnan(m.sigma_w_Pa) && isnan(m.peak.dsigma_Pa) && isnan(m.peak.t_p_s),
        "eps2 = eps1: skipped, a row of NaN");
  CHECK_CONTAINS(err.message, "there is no second step");
  s.eps1 = s.eps2 = 2.0; /* out of range: still a failure */
  CHECK(vt_strain_memory_point(v, &s, &m, &skipped, &err) == VT_ERANGE && !skipped,
        "eps1 = 200 %% fails");
  vt_memory_curve_free(&ref);
  vt_visco_free(v);
}

static void test_recovery_summary(void) {
  vt_visco *v = vt_visco_create(NULL);
  vt_error err;
  vt_visco_set_text(v, "t_vp=1e7 s", &err);
  vt_two_step s = vt_two_step_default();
  s.t2_s = 1e5;
  vt_recovery_summary r;
  vt_recovery_curve c = {0};
  vt_recovery_fit f;
  CHECK(vt_strain_recovery_summary(v, &s, &r, &err) == VT_OK, "summary: %s", err.message);
  CHECK(vt_strain_recovery_run(v, &s, &c, &err) == VT_OK, "run: %s", err.message);
  CHECK(vt_recovery_fit_run(c.t_s, c.strain, c.n, s.eps1, &f, &err) == VT_OK, "fit: %s",
        err.message);
  CHECK(r.strain_vp == c.strain_vp && r.fraction == c.fraction && r.fit_error.status == VT_OK,
        "eps_vp %g, fraction %g as the run", r.strain_vp, r.fraction);
  CHECK(r.tau_rec_s == f.tau_rec_s && r.beta_rec == f.beta_rec, "tau_rec %g s, beta %g as the fit",
        r.tau_rec_s, r.beta_rec);
  CHECK(r.fraction > 0 && r.fraction < 1, "flow leaves part of the strain: %g", r.fraction);
  vt_recovery_curve_free(&c);
  vt_visco_free(v);
}

static void test_table_file(void) {
  const char *path = "test_strain_sweep_prony.csv";
  FILE *fp = fopen(path, "w");
  CHECK(fp != NULL, "write %s", path);
  if (!fp) return;
  fprintf(fp, "tau_s,weight\n10,2\n1000,6\n");
  fclose(fp);
  vt_visco *a = vt_visco_create(NULL), *b = vt_visco_create(NULL);
  vt_error err;
  double w[] = {2, 6}, tau[] = {10, 1000}, Ga, Gb;
  CHECK(vt_visco_read_table(a, path, &err) == VT_OK, "read: %s", err.message);
  CHECK(vt_visco_set_table(b, w, tau, 2, &err) == VT_OK, "set: %s", err.message);
  CHECK(vt_visco_modulus(a, 900, 593, &Ga, &err) == VT_OK &&
            vt_visco_modulus(b, 900, 593, &Gb, &err) == VT_OK && Ga == Gb,
        "G(900 s) from the file %g Pa = from the arrays %g Pa", Ga, Gb);
  /* G_inf + (G0 - G_inf)(0.25 e^-90 + 0.75 e^-0.9) with the default moduli 80 and 40 GPa */
  CHECK_NEAR(Ga, 40e9 + 40e9 * (0.25 * exp(-90.0) + 0.75 * exp(-0.9)), 1e-3, "closed form");
  remove(path);
  CHECK(vt_visco_read_table(a, path, &err) != VT_OK, "a missing file fails");
  CHECK_CONTAINS(err.message, "cannot open");
  CHECK(vt_visco_prony_tol(a) == 1e-5 && isnan(vt_visco_prony_tol(NULL)), "tolerance 1e-5");
  vt_visco_free(a);
  vt_visco_free(b);
}

/* vt_two_step_sweep_run: every run once, in order, its curve the memory point's and its recovery
 * the summary of its (T, eps1, t_w) run by hand (computed on the first run of each group: the
 * same numbers for the pair eps2 = 0.2, 0.5 %), the pair eps2 = eps1 skipped with its reason; a
 * callback that stops ends the sweep with its status; a failing point names itself. */
typedef struct rows_seen {
  size_t n, firsts, skipped;
  double t_p[8], tau_rec[8];
  int bad;
} rows_seen;

static int see_row(void *ctx, vt_two_step_row *r) {
  rows_seen *s = ctx;
  if (r->run != s->n) s->bad = 1;
  s->t_p[r->run] = r->curve->peak.t_p_s;
  s->tau_rec[r->run] = r->rec->tau_rec_s;
  s->firsts += (size_t)r->rec_first;
  if (r->skipped) {
    s->skipped++;
    if (!strstr(r->reason.message, "there is no second step") || r->curve->n != 0) s->bad = 1;
  }
  return ++s->n == 99 ? VT_ECANCELLED : 0;
}

static void test_sweep_run(void) {
  vt_visco *v = vt_visco_create(NULL);
  vt_error err;
  vt_visco_set_text(v, "t_vp=1e7 s", &err);
  double T[] = {593}, e1[] = {0.005}, tw[] = {300, 900}, e2[] = {0.002, 0.005};
  vt_two_step_sweep sw = {T, e1, tw, e2, 1, 1, 2, 2, vt_two_step_default()};
  rows_seen seen = {0};
  CHECK(vt_two_step_sweep_run(v, &sw, 1e4, see_row, &seen, &err) == VT_OK, "sweep: %s",
        err.message);
  CHECK(seen.n == 4 && !seen.bad && seen.firsts == 2 && seen.skipped == 2,
        "4 runs in order (%zu), 2 recoveries (%zu), 2 skipped (%zu)", seen.n, seen.firsts,
        seen.skipped);
  for (size_t k = 0; k < 4; k += 2) {
    vt_two_step p;
    vt_memory_curve m = {0};
    vt_recovery_summary r;
    int skipped;
    vt_two_step_sweep_point(&sw, k, &p, NULL);
    vt_strain_memory_point(v, &p, &m, &skipped, NULL);
    p.t2_s = 1e4;
    vt_strain_recovery_summary(v, &p, &r, NULL);
    CHECK(seen.t_p[k] == m.peak.t_p_s && seen.tau_rec[k] == r.tau_rec_s &&
              seen.tau_rec[k + 1] == r.tau_rec_s && isnan(seen.t_p[k + 1]),
          "run %zu: t_p %g (by hand %g), tau_rec %g (%g)", k, seen.t_p[k], m.peak.t_p_s,
          seen.tau_rec[k], r.tau_rec_s);
    vt_memory_curve_free(&m);
  }
  seen = (rows_seen){.n = 98};
  CHECK(vt_two_step_sweep_run(v, &sw, 1e4, see_row, &seen, &err) == VT_ECANCELLED,
        "a callback that stops");
  e1[0] = 2.0; /* 200 %: the point fails, named */
  CHECK(vt_two_step_sweep_run(v, &sw, 0.0, see_row, &seen, &err) == VT_ERANGE, "eps1 = 200 %%");
  CHECK_CONTAINS(err.message, "eps1 = 200 %, eps2 = 0.2 %, t_w = 300 s, T = 593 K: ");
  sw.n_eps2 = 0;
  CHECK(vt_two_step_sweep_run(v, &sw, 0.0, see_row, &seen, &err) == VT_EINVAL,
        "no eps2, no recovery");
  CHECK_CONTAINS(err.message, "needs T, eps1, t_w and eps2 (or t_rec > 0)");
  vt_visco_free(v);
}

/* The line --program prints: the last node's strain and viscoplastic strain in %, stress in MPa. */
static void test_trace_summary(void) {
  double t[2] = {0, 10}, eps[2] = {0, 0.005}, vp[2] = {0, 1e-4}, sig[2] = {0, 4e8};
  vt_strain_trace tr = {2, 593.0, t, eps, vp, sig, NULL, NULL};
  char *text = NULL;
  size_t size = 0;
  FILE *fp = open_memstream(&text, &size);
  CHECK(vt_strain_trace_write_summary(&tr, "x: ", fp, NULL) == VT_OK, "summary");
  fclose(fp);
  CHECK(strcmp(text, "x: 2 points over 10 s at 593 K; at the end strain 0.5 %, stress 400 MPa, "
                     "viscoplastic strain 0.01 %\n") == 0,
        "summary: %s", text);
  free(text);
  tr.n = 0;
  CHECK(vt_strain_trace_write_summary(&tr, NULL, stderr, NULL) == VT_EINVAL, "no points");
}

int main(void) {
  test_sweep_order();
  test_memory_point();
  test_recovery_summary();
  test_sweep_run();
  test_trace_summary();
  test_table_file();
  TEST_MAIN_END();
}
