/* Around vt_fit_data_from_scans (fit.h): the scans' histories from a one-step method's ageing
 * times or from programs, each fitted point's line in the export, and the fitter's quench on
 * the scans' temperatures, on made-up analysis results whose answers are known. */
#include <stdlib.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

/* Four analysed curves of set indices 5, 7, 9, 11 (at 1000, 500, 500, 500 K/s). */
static vt_cal_result four_curves(vt_cal_curve cv[4]) {
  memset(cv, 0, 4 * sizeof *cv);
  for (size_t i = 0; i < 4; i++) cv[i].index = 5 + 2 * i, cv[i].rate_K_per_s = i ? 500 : 1000;
  vt_cal_result cal;
  memset(&cal, 0, sizeof cal);
  cal.liquid_K[0] = 470, cal.liquid_K[1] = 480;
  cal.n = 4, cal.curves = cv;
  return cal;
}

static void test_histories(void) {
  vt_cal_curve cv[4];
  vt_cal_result cal = four_curves(cv);
  vt_scan_history h[4];
  vt_error err;
  size_t refs[2] = {5, 9};
  double ages[3] = {1, 10, 100};
  /* one reference: the other three take the ages in order */
  CHECK(vt_fit_scans_histories(&cal, refs, 1, ages, 3, NULL, h, &err) == 0, "%s", err.message);
  CHECK(h[0].t_age_s == 0 && h[1].t_age_s == 1 && h[2].t_age_s == 10 && h[3].t_age_s == 100 &&
            !h[0].program && !h[3].program,
        "ages %g %g %g %g", h[0].t_age_s, h[1].t_age_s, h[2].t_age_s, h[3].t_age_s);
  /* two references (set indices 5 and 9): curves 0 and 2 unaged */
  CHECK(vt_fit_scans_histories(&cal, refs, 2, ages, 2, NULL, h, &err) == 0, "%s", err.message);
  CHECK(h[0].t_age_s == 0 && h[1].t_age_s == 1 && h[2].t_age_s == 0 && h[3].t_age_s == 10,
        "ages %g %g %g %g", h[0].t_age_s, h[1].t_age_s, h[2].t_age_s, h[3].t_age_s);
  CHECK(vt_fit_scans_histories(&cal, refs, 2, ages, 3, NULL, h, &err) == VT_EINVAL,
        "3 ages for 2 aged curves accepted");
  CHECK_CONTAINS(err.message, "3 ageing times for 2 aged curves");
  /* programs: kept by pointer, no age */
  vt_program *p = vt_program_create(500, &err);
  const vt_program *progs[4] = {p, p, p, p};
  CHECK(vt_fit_scans_histories(&cal, refs, 1, NULL, 0, progs, h, &err) == 0, "%s", err.message);
  CHECK(h[3].program == p && isnan(h[3].t_age_s), "program history");
  progs[2] = NULL;
  CHECK(vt_fit_scans_histories(&cal, refs, 1, NULL, 0, progs, h, &err) == VT_EINVAL,
        "a curve without its program accepted");
  CHECK(vt_fit_scans_histories(NULL, refs, 1, ages, 3, NULL, h, &err) == VT_EINVAL, "NULL");
  vt_program_free(p);
}

/* A history from 500 K down to T_low, and the heating ramp back up. */
static vt_program *history(double T_low) {
  vt_program *p = vt_program_create(500, NULL);
  if (p && (vt_program_ramp(p, 400, 1000, NULL) || vt_program_hold(p, 1, NULL) ||
            vt_program_ramp(p, T_low, 1000, NULL) || vt_program_ramp(p, 500, 1000, NULL)))
    vt_program_free(p), p = NULL;
  return p;
}

static void test_quench(void) {
  vt_cal_curve cv[4];
  vt_cal_result cal = four_curves(cv);
  vt_cpn_curve c[2] = {{NULL, history(300), 0, NULL, NULL, NULL},
                       {NULL, history(290), 0, NULL, NULL, NULL}};
  CHECK(c[0].program && c[1].program, "programs");
  if (!c[0].program || !c[1].program) return;
  vt_fit_data d = {0, NULL, 2, c};
  vt_scan_fit_options so = vt_scan_fit_options_default();
  vt_dsc_options dsc = vt_dsc_options_default();
  vt_error err;
  /* from the data: the liquid window's end, the lowest ramp start, the first curve's rate */
  CHECK(vt_fit_scans_quench(&d, &cal, &so, &dsc, &err) == 0, "%s", err.message);
  CHECK(dsc.T_eq_K == 480 && dsc.T_low_K == 290 && dsc.cool_rate_K_per_s == 1000,
        "T_eq %g, T_low %g, R_c %g", dsc.T_eq_K, dsc.T_low_K, dsc.cool_rate_K_per_s);
  so.T_eq_K = 510, so.cool_rate_K_per_s = 20, so.T_low_K = 250; /* T_low: always the data's */
  CHECK(vt_fit_scans_quench(&d, &cal, &so, &dsc, &err) == 0, "%s", err.message);
  CHECK(dsc.T_eq_K == 510 && dsc.T_low_K == 290 && dsc.cool_rate_K_per_s == 20,
        "T_eq %g, T_low %g, R_c %g", dsc.T_eq_K, dsc.T_low_K, dsc.cool_rate_K_per_s);
  d.n_curves = 0;
  CHECK(vt_fit_scans_quench(&d, &cal, &so, &dsc, &err) == VT_EINVAL, "no curves accepted");
  vt_program_free(c[0].program);
  vt_program_free(c[1].program);
}

/* Points of a curve are found on their scan's lines, in order; one that is not the file's
 * gets 0. */
static void test_source_lines(void) {
  double Ts[6] = {300, 301, 302, 303, 304, 305}, Tr[6] = {299, 300, 301, 302, 303, 304};
  vt_curve raw[2] = {{NULL, 3, 6, NULL, Ts, Tr, NULL, 20}, {NULL, 5, 6, NULL, Ts, Tr, NULL, 40}};
  vt_curve_set set = {2, raw, NULL};
  vt_cal_curve cv[2];
  memset(cv, 0, sizeof cv);
  cv[0].index = 1, cv[1].index = 0;
  vt_cal_result cal;
  memset(&cal, 0, sizeof cal);
  cal.axis = VT_CAL_AXIS_TS, cal.n = 2, cal.curves = cv;
  double T0[3] = {301, 303, 304.5}, T1[2] = {300, 305};
  vt_cpn_curve c[2] = {{NULL, NULL, 3, T0, T0, NULL}, {NULL, NULL, 2, T1, T1, NULL}};
  vt_fit_data d = {0, NULL, 2, c};
  long *lines[2];
  vt_error err;
  CHECK(vt_fit_scans_source_lines(&d, &cal, &set, lines, &err) == 0, "%s", err.message);
  CHECK(lines[0] && lines[0][0] == 41 && lines[0][1] == 43 && lines[0][2] == 0, "curve 0 lines");
  CHECK(lines[1] && lines[1][0] == 20 && lines[1][1] == 25, "curve 1 lines");
  free(lines[0]), free(lines[1]);
  cal.axis = VT_CAL_AXIS_TR; /* on the program's temperatures, 301 K is the third point */
  CHECK(vt_fit_scans_source_lines(&d, &cal, &set, lines, &err) == 0, "%s", err.message);
  CHECK(lines[0] && lines[0][0] == 42, "Tr axis: line %ld", lines[0] ? lines[0][0] : -1);
  free(lines[0]), free(lines[1]);
  cv[1].index = 2; /* not in the set */
  CHECK(vt_fit_scans_source_lines(&d, &cal, &set, lines, &err) == VT_EINVAL && !lines[0] &&
            !lines[1],
        "a curve outside the set accepted, or lines left after the error");
  d.n_curves = 1;
  CHECK(vt_fit_scans_source_lines(&d, &cal, &set, lines, &err) == VT_EINVAL,
        "data of another analysis accepted");
}

int main(void) {
  test_histories();
  test_quench();
  test_source_lines();
  TEST_MAIN_END();
}
