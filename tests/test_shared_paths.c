/* Calls that share one internal helper with others (the curve check of core/peak.c, the model
 * option parsers, pel's point getters, the programs' growth, the strain runs' start, the report
 * headers) say word for word what each said with its own copy, and keep what they keep. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

/* `call` (which names its error e_) returns status with exactly the message want. */
#define CHECK_MESSAGE(call, status, want)                                                          \
  do {                                                                                             \
    vt_error e_;                                                                                   \
    memset(&e_, 0, sizeof e_);                                                                     \
    int rc_ = (call);                                                                              \
    CHECK(rc_ == (status) && strcmp(e_.message, want) == 0, "%s: %d '%s', want %d '%s'", #call,    \
          rc_, e_.message, (int)(status), want);                                                   \
  } while (0)

/* A finite, increasing curve with one bad point at k (NaN in y, or x stepping back). */
static void curve(double *x, double *y, size_t n, size_t k, int back) {
  for (size_t i = 0; i < n; i++) {
    x[i] = 1.0 + 0.25 * (double)i;
    y[i] = exp(-(x[i] - 2.0) * (x[i] - 2.0));
  }
  if (back)
    x[k] = x[k - 1] - 0.5;
  else
    y[k] = NAN;
}

static void test_curve_checks(void) {
  double x[12], y[12], G[4];
  vt_peak pk;
  vt_first_peak fp;
  vt_first_peak_options fo = vt_first_peak_options_default();
  curve(x, y, 12, 4, 0);
  CHECK_MESSAGE(vt_peak_metrics(x, y, 12, &pk, &e_), VT_EINVAL,
                "point 4 is not finite (x = 2, y = nan)");
  curve(x, y, 12, 5, 1);
  CHECK_MESSAGE(vt_peak_metrics(x, y, 12, &pk, &e_), VT_EINVAL,
                "x is not increasing at point 5 (1.5 after 2)");
  curve(x, y, 12, 3, 0);
  CHECK_MESSAGE(vt_pdf_first_peak(x, y, 12, &fo, &fp, &e_), VT_EINVAL,
                "G(r) point 3 is not finite (r = 1.75, G = nan)");
  curve(x, y, 12, 6, 1);
  CHECK_MESSAGE(vt_pdf_first_peak(x, y, 12, &fo, &fp, &e_), VT_EINVAL,
                "r is not increasing at point 6 (1.75 after 2.25 A)");
  double r[4] = {1, 2, 3, 4};
  curve(x, y, 12, 2, 0);
  CHECK_MESSAGE(vt_pdf_transform(x, y, 12, 0, r, 4, G, &e_), VT_EINVAL,
                "F(Q) point 2 is not finite (Q = 1.5, F = nan)");
  curve(x, y, 12, 9, 1);
  CHECK_MESSAGE(vt_pdf_transform(x, y, 12, 0, r, 4, G, &e_), VT_EINVAL,
                "Q is not increasing at point 9 (2.5 after 3 1/A)");
  /* A good curve passes the shared check: the transform of a finite F is finite. */
  curve(x, y, 12, 0, 0);
  y[0] = 0.0;
  vt_error err;
  CHECK(vt_pdf_transform(x, y, 12, 0, r, 4, G, &err) == VT_OK && isfinite(G[3]),
        "a good F(Q) transforms");
}

static void test_model_options(void) {
  vt_model *t = vt_model_create("tnm", NULL), *v = vt_model_create("visco", NULL);
  CHECK(t && v, "models");
  if (!t || !v) return;
  CHECK_MESSAGE(vt_model_set_option(t, "route", "fast", &e_), VT_EINVAL,
                "TNM route 'fast': expected 'prony' or 'exact'");
  CHECK_MESSAGE(vt_model_set_option(t, "prony_grid", "x", &e_), VT_EINVAL,
                "prony_grid 'x': expected 'adaptive' or 'fixed'");
  CHECK_MESSAGE(vt_model_set_option(t, "relaxed_terms", "some", &e_), VT_EINVAL,
                "relaxed_terms 'some': expected 'lazy' or 'stepped'");
  CHECK_MESSAGE(vt_model_set_option(t, "prony_tol", "1e-12", &e_), VT_ERANGE,
                "prony_tol '1e-12': expected a number in [1e-9, 1e-2]");
  CHECK_MESSAGE(vt_model_set_option(v, "prony_tol", "0.5", &e_), VT_ERANGE,
                "prony_tol '0.5': expected a number in [1e-9, 1e-2]");
  CHECK_MESSAGE(vt_model_set_option(v, "prony_tol", "1e-3x", &e_), VT_ERANGE,
                "prony_tol '1e-3x': expected a number in [1e-9, 1e-2]");
  vt_error err;
  /* The ends of the range are taken, and the value is the one given. */
  CHECK(vt_model_set_option(v, "prony_tol", "1e-9", &err) == VT_OK && vt_visco_prony_tol(v) == 1e-9,
        "visco prony_tol 1e-9");
  CHECK(vt_model_set_option(v, "prony_tol", "0.01", &err) == VT_OK && vt_visco_prony_tol(v) == 0.01,
        "visco prony_tol 0.01");
  CHECK(vt_model_set_option(t, "prony_tol", "1e-2", &err) == VT_OK, "tnm prony_tol 1e-2");
  CHECK(vt_model_set_option(t, "route", "exact", &err) == VT_OK &&
            vt_model_set_option(t, "route", "prony", &err) == VT_OK &&
            vt_model_set_option(t, "prony_grid", "fixed", &err) == VT_OK &&
            vt_model_set_option(t, "relaxed_terms", "stepped", &err) == VT_OK,
        "tnm's two-word options take both words");
  vt_model_free(t);
  vt_model_free(v);
}

static void test_pel_getters(void) {
  double out = 0.0;
  CHECK_MESSAGE(vt_pel_rate(NULL, 0.0, 500.0, &out, &e_), VT_EINVAL,
                "vt_pel_rate: NULL model or output");
  CHECK_MESSAGE(vt_pel_mean_activation(NULL, 0.0, 500.0, &out, &e_), VT_EINVAL,
                "vt_pel_mean_activation: NULL model or output");
  CHECK_MESSAGE(vt_pel_mean_relaxation(NULL, 0.0, &out, &e_), VT_EINVAL,
                "vt_pel_mean_relaxation: NULL model or output");
  vt_model *t = vt_model_create("tnm", NULL);
  out = 1.0;
  vt_error err;
  CHECK(vt_pel_rate(t, 0.0, 500.0, &out, &err) == VT_EINVAL && isnan(out),
        "a model not pel: VT_EINVAL, NaN out");
  vt_model_free(t);
}

/* 300 segments (past several doublings of the growth) all kept, in order. */
static void test_program_growth(void) {
  vt_error err;
  vt_program *p = vt_program_create(500.0, &err);
  vt_strain_program *s = vt_strain_program_create(0.0, 500.0, &err);
  int rc = p && s ? VT_OK : VT_ENOMEM;
  for (int k = 0; k < 300 && !rc; k++) {
    rc = vt_program_ramp(p, k % 2 ? 500.0 : 400.0, 1.0 + k, &err);
    if (!rc) rc = vt_strain_program_hold(s, 1.0 + k, &err);
  }
  CHECK(rc == VT_OK, "300 segments");
  CHECK(vt_program_segment_count(p) == 300 && vt_strain_program_segment_count(s) == 300,
        "all counted");
  int same = 1;
  for (size_t k = 0; k < 300 && !rc; k++) {
    const vt_segment *g = vt_program_segment(p, k);
    const vt_strain_segment *h = vt_strain_program_segment(s, k);
    same &= g->rate_K_per_s == 1.0 + (double)k && g->duration_s == 100.0 / (1.0 + (double)k);
    same &= h->duration_s == 1.0 + (double)k;
  }
  CHECK(same, "each segment as given");
  vt_program_free(p);
  vt_strain_program_free(s);
}

static void test_strain_runs(void) {
  vt_two_step spec = vt_two_step_default();
  vt_memory_curve m;
  vt_recovery_curve r;
  m.n = 7;
  r.n = 7;
  CHECK_MESSAGE(vt_strain_two_step_run(NULL, &spec, &m, &e_), VT_EINVAL,
                "vt_strain_two_step_run: NULL argument");
  CHECK_MESSAGE(vt_strain_recovery_run(NULL, &spec, &r, &e_), VT_EINVAL,
                "vt_strain_recovery_run: NULL argument");
  /* With a model, the results are zeroed before the spec is checked. */
  vt_model *v = vt_model_create("visco", NULL);
  vt_error err;
  spec.t2_s = -1.0;
  CHECK(vt_strain_two_step_run(v, &spec, &m, &err) != VT_OK && m.n == 0 && !m.t2_s,
        "a bad spec: the memory curve zeroed");
  CHECK(vt_strain_recovery_run(v, &spec, &r, &err) != VT_OK && r.n == 0,
        "a bad spec: the recovery curve zeroed");
  vt_model_free(v);
}

/* Each header is its line, and a NULL stream VT_EINVAL. */
static void test_headers(void) {
  static const struct {
    int (*write)(FILE *);
    const char *line;
  } h[] = {
      {vt_dsc_anneal_csv_header, "T_a_K,t_a_s,dh_J_per_mol,Tp_K,FWHM_K,onset_K,end_K\n"},
      {vt_path_match_csv_header,
       "phi_K_per_s,dh_path_J_per_mol,t_a_s,Tp_cool_K,FWHM_cool_K,Tp_iso_K,FWHM_iso_K,"
       "dh_dsc_cool_J_per_mol,dh_dsc_iso_J_per_mol\n"},
      {vt_two_step_curve_csv_header, "run,eps1_pct,eps2_pct,t_w_s,T_K,t2_s,stress_MPa\n"},
      {vt_two_step_row_csv_header,
       "run,eps1_pct,eps2_pct,t_w_s,T_K,sigma_w_MPa,sigma0_MPa,sigma_peak_MPa,dsigma_MPa,t_p_s,"
       "tau_rec_s,beta_rec,eps_vp_pct,recovery_fraction\n"},
  };
  for (size_t k = 0; k < sizeof h / sizeof *h; k++) {
    char buf[512] = {0};
    FILE *f = tmpfile();
    CHECK(f && h[k].write(f) == VT_OK, "header %zu written", k);
    if (!f) continue;
    rewind(f);
    size_t got = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    CHECK(got == strlen(h[k].line) && strcmp(buf, h[k].line) == 0, "header %zu: '%s'", k, buf);
    CHECK(h[k].write(NULL) == VT_EINVAL, "header %zu: NULL stream", k);
  }
}

int main(void) {
  test_curve_checks();
  test_model_options();
  test_pel_getters();
  test_program_growth();
  test_strain_runs();
  test_headers();
  TEST_MAIN_END();
}
