/* The calls vitrum kww runs on: the window of a DMA curve (a jump at t_start gives the state
 * after it, a jump at the end the state before it, a jump inside is an error naming its line),
 * the Arrhenius fit that keeps every curve's KWW fit (equal to fitting them one by one), and the
 * curve a recovery fit stands for. */
#include <stdio.h>
#include <stdlib.h>

#include "test_util.h"
#include "vitrum/constants.h"
#include "vitrum/vitrum.h"

/* Rows at t = 0 1 2 2 3 4 4 5 s (jumps at 2 s and 4 s), from file line 2. */
static double t_s[] = {0, 1, 2, 2, 3, 4, 4, 5}, stress[] = {10, 9, 8, 6, 5, 4, 3, 2};
static double T_K[] = {590, 590, 590, 592, 594, 596, 596, 596}, zero[] = {0, 0, 0, 0, 0, 0, 0, 0};

static vt_dma_curve curve(void) {
  vt_dma_curve c = {0};
  c.source = "mem.csv", c.n = 8, c.time_s = t_s, c.stress_Pa = stress, c.T_K = T_K;
  c.first_line = 2;
  return c;
}

static void test_window(void) {
  vt_dma_curve c = curve();
  vt_relax_series_options o = vt_relax_series_options_default();
  vt_relax_series s = {0};
  vt_error err;
  o.from_s = 2, o.to_s = 4;
  CHECK(vt_relax_series_from_dma(&c, &o, &s, &err) == VT_OK, "window: %s", err.message);
  CHECK(s.column == VT_DMA_STRESS && s.n == 3 && s.t_start_s == 2 && s.value0 == 6 &&
            s.before == 8 && s.first_line == 5,
        "rows 3..5 after the jump at 2 s, before the jump at 4 s (n %zu)", s.n);
  CHECK(s.n == 3 && s.t_s[0] == 0 && s.t_s[2] == 2 && s.y[1] == 5.0 / 6 && s.value[2] == 4,
        "t' from 0, y = sigma/sigma0");
  CHECK_NEAR(s.T_K, 594, 1e-12, "mean temperature over the window");
  o.normalise = 0;
  vt_relax_series_free(&s);
  CHECK(vt_relax_series_from_dma(&c, &o, &s, &err) == VT_OK && s.y[0] == 6, "raw values");
  vt_relax_series_free(&s);
  o = vt_relax_series_options_default();
  CHECK(vt_relax_series_from_dma(&c, &o, &s, &err) == VT_ERANGE && s.t_s == NULL && s.n == 0,
        "a jump inside fails, nothing to free");
  CHECK_CONTAINS(err.message, "mem.csv:5: t = 2 s repeats (a jump) inside the fitted range");
  o.from_s = 100;
  CHECK(vt_relax_series_from_dma(&c, &o, &s, &err) == VT_ERANGE, "empty window");
  CHECK_CONTAINS(err.message, "mem.csv: no rows in the window");
  o = vt_relax_series_options_default();
  o.column = VT_DMA_STRAIN;
  CHECK(vt_relax_series_from_dma(&c, &o, &s, &err) == VT_ENOTFOUND, "no strain column");
  CHECK_CONTAINS(err.message, "mem.csv has no strain column");
  c.stress_Pa = zero, o.column = VT_DMA_AUTO, o.to_s = 1.5;
  CHECK(vt_relax_series_from_dma(&c, &o, &s, &err) == VT_EINVAL, "zero sigma0");
  CHECK_CONTAINS(err.message, "cannot normalise");
  CHECK(!strcmp(vt_dma_column_name(VT_DMA_Y), "y") && !strcmp(vt_dma_column_name(0), "auto"),
        "column names");
}

static void test_arrhenius_kww(void) {
  const double Ea = 250e3, R = VT_GAS_CONSTANT_J_PER_MOL_K, T[3] = {583, 593, 603};
  static double t[3][60], y[3][60];
  vt_relax_curve c[3];
  for (int k = 0; k < 3; k++) {
    double tau = 1000.0 * exp(Ea / R * (1.0 / T[k] - 1.0 / 593.0));
    for (int i = 0; i < 60; i++) {
      t[k][i] = i ? pow(10.0, -1 + 6.0 * (i - 1) / 58.0) : 0.0;
      y[k][i] = exp(-pow(t[k][i] / tau, 0.5));
    }
    c[k] = (vt_relax_curve){t[k], y[k], 60, T[k]};
  }
  vt_kww_fit fits[3], one;
  vt_arrhenius_fit a, b;
  vt_error err;
  vt_kww_options ko = vt_kww_options_default();
  CHECK(vt_arrhenius_kww(c, 3, INFINITY, &ko, fits, &a, &err) == VT_OK, "fits: %s", err.message);
  CHECK_NEAR(a.Ea_J_per_mol, Ea, 1e-6 * Ea, "Ea of exact KWW curves");
  double tau[3];
  for (int k = 0; k < 3; k++) {
    vt_kww_fit_run(t[k], y[k], 60, &ko, &one, NULL);
    CHECK(one.tau1_s == fits[k].tau1_s && one.beta1 == fits[k].beta1, "fit %d kept as run", k);
    tau[k] = one.tau1_s;
  }
  vt_arrhenius_tau_fit(T, tau, 3, &b, NULL);
  CHECK(a.Ea_J_per_mol == b.Ea_J_per_mol && a.r2 == b.r2, "the Arrhenius fit of those taus");
  c[1].n = 1; /* too short to fit: named by index and temperature */
  CHECK(vt_arrhenius_kww(c, 3, INFINITY, &ko, NULL, &a, &err) != VT_OK, "short curve fails");
  CHECK_CONTAINS(err.message, "curve 1 (T = 593 K): ");
}

static void test_recovery_eval(void) {
  vt_recovery_fit r = {0};
  r.tau_rec_s = 100, r.beta_rec = 0.5, r.eps0 = 0.004, r.eps_inf = 0.001;
  CHECK(vt_recovery_fit_eval(&r, 0) == 0.004, "eps0 at t = 0");
  CHECK_NEAR(vt_recovery_fit_eval(&r, 400), 0.001 + 0.003 * exp(-2.0), 1e-15, "at 400 s");
  CHECK(isnan(vt_recovery_fit_eval(NULL, 1)), "NULL: NaN");
}

int main(void) {
  test_window();
  test_arrhenius_kww();
  test_recovery_eval();
  TEST_MAIN_END();
}
