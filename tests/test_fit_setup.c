/* Setting a fit up: free parameters and bounds against TNM's table, the data checks, and the
 * protocols with their dense line times for plots. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

static void test_params(void) {
  vt_error err;
  vt_model *m = vt_model_create("tnm", &err);
  vt_fit_params p;
  memset(&p, 0, sizeof p);
  CHECK(vt_fit_params_add(&p, m, "dh, x", &err) == VT_OK, "add: %s", err.message);
  CHECK(p.n == 2 && !strcmp(p.name[0], "dh") && !strcmp(p.name[1], "x"), "names: %zu", p.n);
  CHECK(isnan(p.lower[0]) && isnan(p.upper[1]), "no bounds yet");
  CHECK(vt_fit_params_add(&p, m, "beta,zz", &err) == VT_ENOTFOUND, "unknown name");
  CHECK_CONTAINS(err.message, "model tnm has no parameter 'zz'; its parameters are A, dh, x");
  CHECK(p.n == 2, "a failed list adds nothing: %zu", p.n);
  CHECK(vt_fit_params_add(&p, m, "x", &err) == VT_EINVAL, "x twice");
  CHECK_CONTAINS(err.message, "'x' named twice");
  /* LO takes HI's unit; kJ/mol in SI is J/mol */
  CHECK(vt_fit_params_bound(&p, m, "dh=100,250 kJ/mol", &err) == VT_OK, "bound: %s", err.message);
  CHECK_NEAR(p.lower[0], 100e3, 1e-9, "dh lower (J/mol)");
  CHECK_NEAR(p.upper[0], 250e3, 1e-9, "dh upper (J/mol)");
  CHECK(vt_fit_params_bound(&p, m, "dh=120,200 kJ/mol", &err) != VT_OK, "bounded twice");
  CHECK_CONTAINS(err.message, "dh is bounded twice");
  CHECK(vt_fit_params_bound(&p, m, "x=0.7,0.9", &err) != VT_OK, "start outside");
  CHECK_CONTAINS(err.message, "lies outside [0.7, 0.9]");
  CHECK(vt_fit_params_bound(&p, m, "x=0.9,0.1", &err) != VT_OK, "falling");
  CHECK_CONTAINS(err.message, "expected two rising values");
  CHECK(vt_fit_params_bound(&p, m, "beta=0.1,0.9", &err) != VT_OK, "beta is not free");
  CHECK_CONTAINS(err.message, "NAME one of the free parameters");
  CHECK(vt_fit_params_bound(&p, m, "x=0.1,0.9", &err) == VT_OK, "x: %s", err.message);
  CHECK_NEAR(p.lower[1], 0.1, 1e-15, "x lower");
  vt_fit_options o = vt_fit_options_default();
  vt_fit_params_use(&p, &o);
  CHECK(o.n_free == 2 && o.free_names[1] == p.names[1] && o.lower == p.lower, "use");
  vt_model_free(m);
}

static void test_checks(void) {
  vt_dh_point pts[3] = {{383, 10, NAN, NAN, 100, 2.0, 3},
                        {383, 100, NAN, NAN, 200, NAN, 4},
                        {470, 10, NAN, NAN, 300, NAN, 5}};
  const char *files[3] = {"a.csv", "b.csv", "b.csv"};
  vt_fit_data d = {3, pts, 0, NULL};
  vt_fit_options o = vt_fit_options_default();
  vt_error err;
  int mix = -1;
  CHECK(vt_fit_data_check(&d, &o, files, &mix, &err) == VT_EINVAL, "mixed sigma");
  CHECK_CONTAINS(err.message, "a.csv:3 has a sigma but b.csv:4 has none");
  pts[0].sigma_J_per_mol = NAN;
  o.dsc.T_eq_K = 450;
  CHECK(vt_fit_data_check(&d, &o, files, &mix, &err) == VT_ERANGE, "above T_eq");
  CHECK_CONTAINS(err.message, "b.csv:5: T1 = 470 K must lie below T_eq = 450 K");
  pts[2].T1_K = 373;
  o.reading = VT_DH_DSC;
  o.dsc.T_low_K = 380;
  CHECK(vt_fit_data_check(&d, &o, NULL, &mix, &err) == VT_ERANGE, "below T_low");
  CHECK_CONTAINS(err.message, "point 3 (line 5): T1 = 373 K must lie between T_low = 380 K");
  o.reading = VT_DH_STATE;
  vt_cpn_curve cv = {"c.csv", NULL, 0, NULL, NULL, NULL};
  d.n_curves = 1;
  d.curves = &cv;
  CHECK(vt_fit_data_check(&d, &o, files, &mix, &err) == VT_OK && mix == 1, "unweighted mix");
}

static void test_protocols(void) {
  vt_dh_point pts[6] = {{383, 1, NAN, NAN, 0, NAN, 0},   {348, 10, 383, 5, 0, NAN, 0},
                        {383, 100, NAN, NAN, 0, NAN, 0}, {348, 10, 383, 50, 0, NAN, 0},
                        {383, 10, NAN, NAN, 0, NAN, 0},  {363, 10, 383, 20, 0, NAN, 0}};
  vt_fit_data d = {6, pts, 0, NULL};
  vt_fit_protocol *ps = NULL;
  size_t n = 0, of[6], *line_of = NULL;
  vt_error err;
  CHECK(vt_fit_protocols(&d, &ps, &n, of, &err) == VT_OK && n == 3, "3 protocols: %zu", n);
  CHECK(of[0] == 0 && of[1] == 1 && of[2] == 0 && of[3] == 1 && of[4] == 0 && of[5] == 2, "of");
  CHECK_NEAR(ps[0].t_lo_s, 1, 0, "single step: first time");
  CHECK_NEAR(ps[0].t_hi_s, 100, 0, "single step: last time");
  CHECK(isnan(ps[0].T2_K) && isnan(ps[0].t1_s), "single step has no T2, t1");
  CHECK_NEAR(ps[1].t1_s, 10, 0, "two step t1");
  CHECK_NEAR(vt_dh_point_time(&pts[3]), 50, 0, "two step: t2 is plotted");
  vt_fit_data lines;
  CHECK(vt_fit_protocol_lines(ps, n, 4, &lines, &line_of, &err) == VT_OK && lines.n_dh == 12,
        "lines: %zu", lines.n_dh);
  /* 1..100 s widened by 1.5 each way: 1/1.5 .. 150 s, log spaced */
  CHECK_NEAR(lines.dh[0].t1_s, 1 / 1.5, 1e-12, "first line time");
  CHECK_NEAR(lines.dh[1].t1_s, (1 / 1.5) * pow(225, 1.0 / 3), 1e-10, "second line time");
  CHECK_NEAR(lines.dh[3].t1_s, 150, 1e-10, "last line time");
  /* two step: t1 kept, t2 from 5/1.5 to 75 s */
  CHECK_NEAR(lines.dh[4].t1_s, 10, 0, "two-step t1 kept");
  CHECK_NEAR(lines.dh[4].t2_s, 5 / 1.5, 1e-12, "two-step first t2");
  CHECK_NEAR(lines.dh[7].t2_s, 75, 1e-10, "two-step last t2");
  /* a single time: a factor 3 each way */
  CHECK_NEAR(lines.dh[8].t2_s, 20.0 / 3, 1e-12, "single time: low end");
  CHECK_NEAR(lines.dh[11].t2_s, 60, 1e-10, "single time: high end");
  CHECK(line_of[0] == 0 && line_of[4] == 1 && line_of[11] == 2, "line protocols");
  vt_fit_data_free(&lines);
  free(line_of);
  free(ps);
}

int main(void) {
  test_params();
  test_checks();
  test_protocols();
  TEST_MAIN_END();
}
