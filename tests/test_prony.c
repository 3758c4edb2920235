/* KWW Prony series: the stated max error holds on an independent grid; the response integral
 * used by the exact route matches adaptive quadrature; refits on a kept grid (a fit's) reproduce
 * the build, meet tol where they say so, and their dw/dbeta matches finite differences. */
#include <gsl/gsl_integration.h>

#include "../src/models/model_impl.h"
#include "test_util.h"
#include "vitrum/vitrum.h"

/* Independent check grid: 97 points per decade (not a multiple of the library's 40), from
 * where 1 - M ~ 1e-14 to where M ~ 1e-300. */
static double max_error(const vt_prony *s, double beta) {
  double lo = log10(pow(1e-14, 1.0 / beta)), hi = log10(pow(690.0, 1.0 / beta));
  double worst = 0.0;
  for (double lg = lo; lg <= hi; lg += 1.0 / 97.0) {
    double xi = pow(10.0, lg);
    double e = fabs(vt_prony_eval(s, xi) - exp(-pow(xi, beta)));
    if (e > worst) worst = e;
  }
  return worst;
}

static void test_series(void) {
  const double betas[] = {0.3, 0.43, 0.6, 0.75, 0.9, 1.0};
  const double tols[] = {1e-4, 1e-5, 1e-7};
  for (size_t i = 0; i < sizeof betas / sizeof *betas; i++) {
    for (size_t j = 0; j < sizeof tols / sizeof *tols; j++) {
      vt_prony s;
      vt_error err;
      int rc = vt_prony_kww(betas[i], tols[j], &s, &err);
      CHECK(rc == VT_OK, "beta %g tol %g: %s", betas[i], tols[j], rc ? err.message : "");
      if (rc) continue;
      double e = max_error(&s, betas[i]);
      CHECK(e <= tols[j], "beta %g tol %g: independent max error %.3g (%zu terms)", betas[i],
            tols[j], e, s.n);
      CHECK(s.max_error <= tols[j], "reported max error %.3g <= tol", s.max_error);
      double sum = 0.0;
      for (size_t k = 0; k < s.n; k++) sum += s.weight[k];
      CHECK_NEAR(sum, 1.0, 1e-12, "weights sum to M(0) = 1");
      printf("beta %.2f tol %.0e: %3zu terms, max |error| %.2e\n", betas[i], tols[j], s.n, e);
      vt_prony_free(&s);
    }
  }
}

static double kww_integrand(double v, void *beta) {
  return exp(-pow(v, *(double *)beta));
}

static void test_integral(void) {
  gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
  const double betas[] = {0.3, 0.43, 0.6, 1.0};
  const double us[] = {1e-6, 0.01, 0.5, 1.0, 3.0, 20.0, 500.0};
  for (size_t i = 0; i < 4; i++) {
    for (size_t j = 0; j < sizeof us / sizeof *us; j++) {
      double beta = betas[i], result, abserr;
      gsl_function f = {kww_integrand, &beta};
      gsl_integration_qags(&f, 0.0, us[j], 0.0, 1e-13, 1000, w, &result, &abserr);
      double got = vt_kww_integral(us[j], beta);
      CHECK(fabs(got - result) <= 1e-10 * result, "I(%g; beta %g) = %.15g vs quadrature %.15g",
            us[j], beta, got, result);
    }
  }
  gsl_integration_workspace_free(w);
  /* I(inf) = Gamma(1 + 1/beta) */
  CHECK_NEAR(vt_kww_integral(1e9, 0.5), 2.0, 1e-12, "I(inf; 0.5) = Gamma(3) = 2");
}

/* The kept grid of beta 0.344 (tol 1e-6, the paper-000 fit's start): refit at the same beta it
 * gives the build's weights; at beta 0.35 (a copied basis, as a fit's clones have) its error,
 * measured independently, is within tol; dw/dbeta by central differences of refits. */
/* The refit keeps dw/dbeta in the basis (a fit's threads take it over): it is the derivative
 * solved afresh, bit for bit. */
static void check_kept_derivative(const vt_prony *s, const vt_prony_basis *c, const double *dw) {
  vt_prony_basis d = {0};
  double *fresh = malloc(s->n * sizeof *fresh);
  CHECK(c->dw_beta == s->beta, "the refit kept dw/dbeta at %g (beta %g)", c->dw_beta, s->beta);
  CHECK(vt_prony_basis_copy(&d, c) == VT_OK, "basis copy");
  d.dw_beta = 0.0; /* none kept: solved again */
  CHECK(vt_prony_weight_derivative(s, s->beta, &d, fresh) == VT_OK, "dw/dbeta afresh");
  CHECK(memcmp(fresh, dw, s->n * sizeof *dw) == 0, "kept dw/dbeta = dw/dbeta solved afresh");
  free(fresh);
  vt_prony_basis_free(&d);
}

/* A build keeps dw/dbeta too; a shared basis (a fit's clones) carries it without the factors,
 * and gives it back bit for bit. */
static void check_shared_derivative(const vt_prony *s, const vt_prony_basis *b) {
  vt_prony_basis e = {0};
  double *kept = malloc(s->n * sizeof *kept), *fresh = malloc(s->n * sizeof *fresh);
  CHECK(b->dw_beta == s->beta, "the build kept dw/dbeta at %g (beta %g)", b->dw_beta, s->beta);
  CHECK(vt_prony_basis_share(&e, b) == VT_OK && !e.H && e.K == b->K, "shared: grid and dw only");
  CHECK(vt_prony_weight_derivative(s, s->beta, &e, kept) == VT_OK, "dw/dbeta from the share");
  e.dw_beta = 0.0; /* none kept: the factors made again */
  CHECK(vt_prony_weight_derivative(s, s->beta, &e, fresh) == VT_OK && e.H, "dw/dbeta afresh");
  CHECK(memcmp(fresh, kept, s->n * sizeof *kept) == 0, "shared dw/dbeta = solved afresh");
  free(kept);
  free(fresh);
  vt_prony_basis_free(&e);
}

static void test_refit(void) {
  vt_prony s = {0}, r = {0};
  vt_prony_basis b = {0}, c = {0};
  vt_error err;
  CHECK(vt_prony_kww_basis(0.344, 1e-6, &s, &b, &err) == VT_OK, "build: %s", err.message);
  CHECK(b.K == s.n && b.N > b.K, "the basis is the series' grid (%zu x %zu)", b.N, b.K);
  check_shared_derivative(&s, &b);
  double *w0 = malloc(s.n * sizeof *w0), *dw = malloc(s.n * sizeof *dw);
  memcpy(w0, s.weight, s.n * sizeof *w0);
  CHECK(vt_prony_refit_cached(&s, 0.344, 1e-6, &b) == VT_OK, "refit at the build's beta");
  double worst = 0.0;
  for (size_t k = 0; k < s.n; k++) worst = fmax(worst, fabs(s.weight[k] - w0[k]));
  CHECK(worst <= 1e-15, "refit = build: weights differ by %.3g", worst);
  CHECK(vt_prony_basis_copy(&c, &b) == VT_OK, "basis copy");
  CHECK(vt_prony_refit_cached(&s, 0.35, 1e-6, &c) == VT_OK, "refit at 0.35");
  CHECK(max_error(&s, 0.35) <= 1e-6, "refit at 0.35: independent max error %.3g",
        max_error(&s, 0.35));
  CHECK(vt_prony_weight_derivative(&s, 0.35, &c, dw) == VT_OK, "dw/dbeta");
  check_kept_derivative(&s, &c, dw);
  r.n = s.n;
  r.tau = s.tau;
  r.weight = malloc(s.n * sizeof *r.weight);
  double h = 1e-5, dev = 0.0, scale = 0.0;
  vt_prony_refit_cached(&s, 0.35 + h, 1.0, &c); /* tol 1: the weights, whatever their error */
  memcpy(r.weight, s.weight, s.n * sizeof *r.weight);
  vt_prony_refit_cached(&s, 0.35 - h, 1.0, &c);
  for (size_t k = 0; k < s.n; k++) {
    double fd = (r.weight[k] - s.weight[k]) / (2.0 * h);
    dev = fmax(dev, fabs(fd - dw[k]));
    scale = fmax(scale, fabs(dw[k]));
  }
  CHECK(scale > 0.0 && dev <= 1e-6 * scale, "dw/dbeta vs central differences: %.3g of %.3g", dev,
        scale);
  free(r.weight);
  free(w0);
  free(dw);
  vt_prony_basis_free(&b);
  vt_prony_basis_free(&c);
  vt_prony_free(&s);
}

static void test_bad(void) {
  vt_prony s;
  vt_error err;
  CHECK(vt_prony_kww(0.0, 1e-5, &s, &err) == VT_ERANGE, "beta 0");
  CHECK(vt_prony_kww(1.2, 1e-5, &s, &err) == VT_ERANGE, "beta 1.2");
  CHECK_CONTAINS(err.message, "(0, 1]");
  CHECK(vt_prony_kww(0.5, 0.5, &s, &err) == VT_ERANGE, "tol 0.5");
}

int main(void) {
  test_series();
  test_integral();
  test_refit();
  test_bad();
  TEST_MAIN_END();
}
