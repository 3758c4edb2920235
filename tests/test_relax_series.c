/* The calls vitrum kww runs on: the window of a DMA curve (a jump at t_start gives the state
 * after it, a jump at the end the state before it, a jump inside is an error naming its line),
 * the Arrhenius fit that keeps every curve's KWW fit (equal to fitting them one by one), and the
 * curve a recovery fit stands for. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The fit options' rows, each set by text, to the field it names (cumulatively, then every
 * field checked), and what they translate to for the reader and the fitter. */
static void test_relax_fit_options(void) {
  size_t n;
  const vt_option *t = vt_relax_fit_option_table(&n);
  vt_relax_fit_options o = vt_relax_fit_options_default();
  vt_error err;
  const char *set[][2] = {{"column", "strain"}, {"from", "2 min"}, {"to", "1 h"},
                          {"double", ""},       {"offset", ""},    {"raw", ""},
                          {"recovery", ""},     {"eps1", "0.5 %"}};
  CHECK(n == 8, "8 rows, got %zu", n);
  CHECK(o.column == VT_DMA_AUTO && isnan(o.from_s) && isnan(o.to_s) && isnan(o.eps1) && !o.dbl &&
            !o.offset && !o.raw && !o.recovery,
        "defaults");
  vt_relax_series_options so = vt_relax_fit_series_options(&o);
  vt_kww_options ko = vt_relax_fit_kww_options(&o);
  CHECK(so.column == VT_DMA_AUTO && so.normalise == 1 && ko.kind == VT_KWW_SINGLE && !ko.free_y0 &&
            !ko.free_y_inf && ko.y0 == 1 && ko.y_inf == 0,
        "the default fit: y = value/value0, y0 = 1, y_inf = 0 fixed");
  for (size_t k = 0; k < n; k++) {
    const vt_option *r = vt_option_find(t, n, set[k][0]);
    CHECK(r && vt_option_set_text(r, &o, NULL, set[k][1], &err) == VT_OK, "row %s", set[k][0]);
  }
  CHECK(o.column == VT_DMA_STRAIN && o.from_s == 120 && o.to_s == 3600 && o.dbl && o.offset &&
            o.raw && o.recovery && o.eps1 == 0.005,
        "every field set by its row");
  CHECK(vt_relax_fit_check(&o, &err) == VT_EINVAL, "double recovery");
  CHECK_CONTAINS(err.message, "--double fits relaxation curves only");
  o.dbl = 0, o.column = VT_DMA_STRESS;
  CHECK(vt_relax_fit_check(&o, &err) == VT_EINVAL, "recovery of the stress");
  CHECK_CONTAINS(err.message, "--recovery fits the strain column, not --column stress");
  o.column = VT_DMA_AUTO, o.to_s = 120;
  CHECK(vt_relax_fit_check(&o, &err) == VT_EINVAL, "an empty window");
  CHECK_CONTAINS(err.message, "--to must come after --from");
  o.to_s = 3600;
  CHECK(vt_relax_fit_check(&o, &err) == VT_OK, "a recovery");
  so = vt_relax_fit_series_options(&o);
  CHECK(so.column == VT_DMA_STRAIN && so.normalise == 0 && so.from_s == 120 && so.to_s == 3600,
        "a recovery reads the strain as it is");
  o.recovery = 0, o.dbl = 1, o.column = VT_DMA_Y;
  so = vt_relax_fit_series_options(&o);
  ko = vt_relax_fit_kww_options(&o);
  CHECK(so.column == VT_DMA_Y && so.normalise == 0 && ko.kind == VT_KWW_DOUBLE && ko.free_y0 &&
            isnan(ko.y0) && ko.free_y_inf && isnan(ko.y_inf),
        "raw with offset: y0 and y_inf free, started from the data");
}

static void write_text(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  CHECK(f != NULL, "write %s", path);
  if (f) fputs(text, f), fclose(f);
}

/* A KWW curve tau = 500 s, beta = 0.6 in MPa at T (file), then its fit by the one call: the same
 * numbers as reading and fitting by hand; a recovery takes eps1 from the row before the window;
 * a curve too short to fit is named by its file; several files at their temperatures. */
static void test_relax_fit_file(void) {
  char a[] = "/tmp/vt_relax_fit_XXXXXX", b[64], c[64], r[64], d[64];
  CHECK(mkdtemp(a) != NULL, "temp folder");
  snprintf(b, sizeof b, "%s/k583.csv", a), snprintf(c, sizeof c, "%s/k603.csv", a);
  snprintf(r, sizeof r, "%s/rec.csv", a), snprintf(d, sizeof d, "%s/short.csv", a);
  for (int f = 0; f < 2; f++) {
    char text[8192];
    double tau = f ? 200.0 : 500.0, T = f ? 603.0 : 583.0;
    int len = snprintf(text, sizeof text, "time_s,stress_MPa,T_K\n");
    for (int i = 0; i <= 60; i++) {
      double t = i ? pow(10.0, -1 + 5.0 * (i - 1) / 59.0) : 0.0;
      len += snprintf(text + len, sizeof text - (size_t)len, "%.12g,%.12g,%g\n", t,
                      100 * exp(-pow(t / tau, 0.6)), T);
    }
    write_text(f ? c : b, text);
  }
  write_text(r, "time_s,strain_pct\n0,0.5\n10,0.45\n20,0.3\n40,0.25\n80,0.22\n160,0.21\n"
                "320,0.205\n");
  write_text(d, "time_s,stress_MPa\n0,10\n1,9\n");
  vt_relax_fit_options o = vt_relax_fit_options_default();
  vt_relax_fit_result res;
  vt_relax_series s = {0};
  vt_kww_fit f;
  vt_error err;
  vt_relax_series_options so = vt_relax_series_options_default();
  vt_kww_options ko = vt_kww_options_default();
  CHECK(vt_relax_fit_file(b, &o, &res, &err) == VT_OK, "fit: %s", err.message);
  CHECK(vt_read_relax_series(b, &so, &s, &err) == VT_OK &&
            vt_kww_fit_run(s.t_s, s.y, s.n, &ko, &f, &err) == VT_OK,
        "by hand: %s", err.message);
  CHECK(res.kww.tau1_s == f.tau1_s && res.kww.beta1 == f.beta1 && res.series.n == s.n &&
            res.series.T_K == 583.0 && !res.peak.found,
        "the call is the read and the fit: tau %g (%g by hand), T %g", res.kww.tau1_s, f.tau1_s,
        res.series.T_K);
  CHECK_NEAR(res.kww.tau1_s, 500.0, 1e-6, "tau of the law");
  vt_relax_fit_result_free(&res);
  vt_relax_series_free(&s);
  o.recovery = 1, o.from_s = 10;
  CHECK(vt_relax_fit_file(r, &o, &res, &err) == VT_OK, "recovery: %s", err.message);
  CHECK(res.eps1 == 0.005 && res.series.before == 0.005 && res.series.n == 6 &&
            res.rec.fraction == 1 - res.rec.eps_inf / 0.005,
        "eps1 from the row before the window: %g", res.eps1);
  vt_relax_fit_result_free(&res);
  o = vt_relax_fit_options_default();
  CHECK(vt_relax_fit_file(d, &o, &res, &err) != VT_OK && res.series.n == 0, "2 points");
  CHECK(strncmp(err.message, d, strlen(d)) == 0, "named by its file: %s", err.message);
  vt_relax_series series[2];
  vt_relax_curve curves[2];
  const char *paths[2] = {b, c}, *no_T[2] = {b, d};
  const double T[2] = {500, 510};
  CHECK(vt_relax_curves_read(paths, 2, NULL, &o, series, curves, &err) == VT_OK, "%s", err.message);
  CHECK(curves[0].T_K == 583 && curves[1].T_K == 603 && curves[1].n == 61 &&
            curves[1].y == series[1].y && curves[1].y[0] == 1.0,
        "the files' temperatures, normalised curves");
  for (int k = 0; k < 2; k++) vt_relax_series_free(&series[k]);
  CHECK(vt_relax_curves_read(paths, 2, T, &o, series, curves, &err) == VT_OK &&
            curves[0].T_K == 500 && curves[1].T_K == 510,
        "the temperatures given");
  for (int k = 0; k < 2; k++) vt_relax_series_free(&series[k]);
  CHECK(vt_relax_curves_read(no_T, 2, NULL, &o, series, curves, &err) == VT_EINVAL &&
            series[0].n == 0 && series[1].n == 0,
        "a file without temperatures: nothing left");
  CHECK_CONTAINS(err.message, "short.csv has no temperature column: give the temperatures");
  char rm[128];
  snprintf(rm, sizeof rm, "rm -rf '%s'", a);
  CHECK(system(rm) == 0, "cleanup");
}

int main(void) {
  test_window();
  test_arrhenius_kww();
  test_recovery_eval();
  test_relax_fit_options();
  test_relax_fit_file();
  TEST_MAIN_END();
}
