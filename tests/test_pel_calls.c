/* The energy-landscape calls that the vitrum pel, pel-map and agemap commands used to compute
 * themselves (issue 13): map summaries, model lines, trace energies, the exotherm, the Fig. 4c
 * scan, and the CSV writers, each against a closed form or the value the CLI printed before. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "option_rows.h"
#include "test_util.h"
#include "vitrum/vitrum.h"

#define EV VT_EV_J_PER_MOL

static void test_log_range(void) {
  double E[1] = {0.0}, T[4] = {1, 2, 3, 4}, rate[4] = {1e-3 * EV, -1e2 * EV, 0.0, 5.0 * EV};
  vt_rate_map m = {1, 4, E, T, rate};
  double lo, hi;
  CHECK(vt_rate_map_log_range(&m, 40, &lo, &hi, NULL) == 0, "log range");
  CHECK(lo == -3.0 && hi == 2.0, "decades of 1e-3..1e2 eV/s: got %g..%g", lo, hi);
  vt_rate_map_log_range(&m, 3, &lo, &hi, NULL);
  CHECK(lo == -1.0 && hi == 2.0, "at most 3 decades below the top: got %g..%g", lo, hi);
  double zero[4] = {0};
  m.rate = zero;
  vt_rate_map_log_range(&m, 40, &lo, &hi, NULL);
  CHECK(lo == 0.0 && hi == 1.0, "a map without rates: got %g..%g", lo, hi);
}

static void test_lines_span_compare(void) {
  double E[4] = {1, 2, 3, 4}, a_T[4] = {500, 510, NAN, 530}, b_T[4] = {501, 507, 520, NAN};
  double none[4] = {NAN, NAN, NAN, NAN};
  vt_rate_lines a = {4, E, a_T, none, none}, b = {4, E, b_T, none, none};
  size_t first, last, rows;
  double worst, median;
  vt_rate_lines_span(&a, &first, &last, NULL);
  CHECK(first == 0 && last == 3, "span of a: %zu..%zu", first, last);
  a.T_max_K = none;
  vt_rate_lines_span(&a, &first, &last, NULL);
  CHECK(first == SIZE_MAX && last == SIZE_MAX, "no maximum: no span");
  a.T_max_K = a_T;
  CHECK(vt_rate_lines_compare(&a, &b, &worst, &median, &rows, NULL) == 0, "compare");
  CHECK(rows == 2 && worst == 3.0 && median == 3.0, "|dT| {1, 3}: worst %g, median %g, %zu rows",
        worst, median, rows);
  b.n = 3;
  CHECK(vt_rate_lines_compare(&a, &b, &worst, &median, &rows, NULL) == VT_EINVAL,
        "lines of different rows compared");
}

/* A parabola sampled at equal steps: the refined peak is its vertex, exactly. */
static void test_exotherm(void) {
  enum { N = 30 };
  double T[N], rate[N];
  for (int i = 0; i < N; i++) {
    double mid = 489.5 + i;
    T[i] = 490.0 + i;
    rate[i] = (mid - 500.3) * (mid - 500.3) - 4.0;
  }
  vt_trace t = {0};
  t.n = N, t.T_K = T;
  double Tx, rx;
  CHECK(vt_pel_exotherm(&t, rate, 1, &Tx, &rx, NULL) == 0, "exotherm");
  CHECK_NEAR(Tx, 500.3, 1e-9, "exotherm at the parabola's vertex");
  CHECK_NEAR(rx, -4.0, 1e-9, "exotherm depth");
  CHECK(vt_pel_exotherm(&t, rate, 0, &Tx, &rx, NULL) == VT_ERANGE, "scan start 0 accepted");
}

/* E_IS = H_conf + E_ref; the rate is the step difference quotient, NaN over a jump. */
static void test_trace_energy(vt_model *m) {
  double time[4] = {0, 1, 1, 3}, H[4] = {0, -10, -10, -30}, E[4], rate[4], E_ref;
  vt_trace t = {0};
  t.n = 4, t.time_s = time, t.H_conf_J_per_mol = H;
  vt_model_get(m, "E_ref", &E_ref, NULL);
  CHECK(vt_pel_trace_energy(m, &t, E, rate, NULL) == 0, "trace energy");
  CHECK(E[3] == E_ref - 30 && isnan(rate[0]) && rate[1] == -10 && isnan(rate[2]) && rate[3] == -10,
        "E_IS and rates: %g %g %g %g", rate[0], rate[1], rate[2], rate[3]);
}

/* The lines at a map's rows are those vt_pel_map_compute finds (64 scan points). */
static void test_lines_match_map(vt_model *m) {
  vt_rate_map map = {0};
  vt_rate_lines l = {0}, own = {0};
  vt_error err;
  int rc = vt_pel_map_compute(m, -0.04 * EV, 0.0, 5, 400.0, 1000.0, 7, &map, &l, &err);
  if (!rc) rc = vt_pel_lines(m, map.E_IS, map.nE, 400.0, 1000.0, 64, &own, &err);
  CHECK(rc == 0, "lines: %s", rc ? err.message : "");
  for (size_t r = 0; !rc && r < l.n; r++)
    CHECK((l.T_max_K[r] == own.T_max_K[r] || (isnan(l.T_max_K[r]) && isnan(own.T_max_K[r]))) &&
              l.T_boundary_K[r] == own.T_boundary_K[r],
          "row %zu: %g/%g K vs %g/%g K", r, l.T_max_K[r], l.T_boundary_K[r], own.T_max_K[r],
          own.T_boundary_K[r]);
  vt_rate_map_free(&map);
  vt_rate_lines_free(&l);
  vt_rate_lines_free(&own);
}

/* Fig. 4c at 20 K/s with 0.2 K steps: the exotherm vitrum pel printed before the move
 * (tests/cli/test_pel.sh: 621.76 K), and the glass state at the end of the cooling. */
static void test_scan(vt_model *m) {
  vt_grid_options g = vt_grid_options_default();
  vt_pel_scan_options o = vt_pel_scan_options_default();
  vt_pel_scan s;
  vt_error err;
  g.ramp_step_K = 0.2;
  int rc = vt_pel_scan_run(m, &g, &o, 20.0, &s, &err);
  CHECK(rc == 0, "scan: %s", rc ? err.message : "");
  if (!rc) {
    CHECK_NEAR(s.T_exo_K, 621.76, 0.05, "exotherm after cooling at 20 K/s");
    CHECK(s.trace.segment[s.first] == 1 && s.trace.segment[s.first - 1] == 0, "heating start");
    CHECK(s.E_glass == s.E_IS[s.first - 1] && s.Tf_glass_K > 400.0, "glass state");
  }
  vt_pel_scan_free(&s);
  o.T_low_K = 900.0;
  CHECK(vt_pel_scan_run(m, &g, &o, 20.0, &s, &err) == VT_ERANGE, "T_low above T_start accepted");
  CHECK(s.trace.n == 0 && s.E_IS == NULL, "nothing to free after an error");
}

/* The writers' text. */
static void test_writers(void) {
  double E[1] = {-2.0 * EV}, T[2] = {500, 600}, rate[2] = {-0.01 * EV, 0.0};
  double Tm[1] = {550.0}, rm[1] = {-0.02 * EV}, Tb[1] = {580.0};
  vt_rate_map m = {1, 2, E, T, rate};
  vt_rate_lines l = {1, E, Tm, rm, Tb};
  double eT[1] = {700}, eE[1] = {-1.5 * EV}, er[1] = {-1e-3 * EV};
  size_t count[1] = {3};
  vt_age_entries avg = {1, eT, eE, er, count, NULL, NULL};
  char buf[1024] = {0};
  FILE *fp = tmpfile();
  int rc = vt_rate_map_write_csv(&m, NULL, fp, NULL) || vt_rate_lines_write_csv(&l, &l, fp, NULL) ||
           vt_age_entries_write_csv(&avg, NULL, fp, NULL);
  rewind(fp);
  size_t n = fread(buf, 1, sizeof buf - 1, fp);
  fclose(fp);
  buf[n] = '\0';
  const char *want = "E_IS_eV,T_K,rate_eV_per_s,log10_abs_rate,sign\n"
                     "-2,500,-0.01,-2.000000,-1\n-2,600,0,nan,0\n\n"
                     "E_IS_eV,T_max_K,rate_max_eV_per_s,T_boundary_K,model_T_max_K,"
                     "model_T_boundary_K\n-2,550.000000,-0.02,580.000000,550.000000,580.000000\n"
                     "T_K,E_IS_eV,rate_eV_per_s,count\n700,-1.5,-0.001,3\n";
  CHECK(rc == 0 && strcmp(buf, want) == 0, "CSV text:\n%s", buf);
}

static void test_load_table(vt_model *m) {
  vt_error err;
  CHECK(vt_pel_load_table(m, VT_TEST_DATA_DIR "/pel_table.csv", &err) == 0, "load: %s",
        err.message);
  CHECK(vt_pel_load_table(m, VT_TEST_DATA_DIR "/nope.csv", &err) != 0, "a missing table loaded");
  CHECK_CONTAINS(err.message, "nope.csv");
}

/* The format from the name: a .log is read as LAMMPS (one curve at the T given), a CSV as CSV;
 * forcing CSV on the log fails in the CSV reader. */
static void test_read_eis(void) {
  vt_eis_set set = {0};
  vt_error err;
  int rc = vt_read_eis(VT_TEST_DATA_DIR "/eis_lammps.log", VT_EIS_AUTO, 750.0, NULL, &set, &err);
  CHECK(rc == 0 && set.n == 1 && set.curves[0].T_K == 750.0, "log: %s", rc ? err.message : "");
  rc = vt_read_eis(VT_TEST_DATA_DIR "/eis_two_T.csv", VT_EIS_AUTO, NAN, NULL, &set, &err);
  CHECK(rc == 0 && set.n == 4, "csv after the log (1 + 3): %zu curves %s", set.n,
        rc ? err.message : "");
  vt_eis_set_free(&set);
  CHECK(vt_read_eis(VT_TEST_DATA_DIR "/eis_lammps.log", VT_EIS_CSV, 750.0, NULL, &set, NULL) != 0,
        "a LAMMPS log read as CSV");
  vt_eis_set_free(&set);
}

/* The pel-map options: rows that set their fields; a NaN E_range is the model's window, the
 * same map as vt_pel_map_compute over it; nE, nT and the T range reach the grid. */
static void test_map_run(vt_model *m) {
  size_t n;
  const vt_option *rows = vt_pel_map_option_table(&n);
  vt_pel_map_options o = vt_pel_map_options_default();
  CHECK(rows && n == 4 && isnan(o.E_range[0]) && o.T_range[0] == 400.0 && o.nE == 121,
        "pel-map table: %zu rows, defaults", n);
  check_option_rows("pel_map", rows, n, &o, sizeof o, 0, vt_parse_quantity);
  vt_error err;
  vt_rate_map a = {0}, b = {0};
  vt_rate_lines la = {0}, lb = {0};
  double lo = NAN, hi = NAN;
  o.nE = 4;
  o.nT = 5;
  o.T_range[0] = 450.0;
  int rc = vt_pel_map_run(m, &o, &a, &la, &err);
  if (!rc) rc = vt_pel_window(m, &lo, &hi, &err);
  if (!rc) rc = vt_pel_map_compute(m, lo, hi, 4, 450.0, 1000.0, 5, &b, &lb, &err);
  CHECK(rc == 0 && a.nE == 4 && a.nT == 5 && a.E_IS[0] == lo && a.E_IS[3] == hi &&
            a.T_K[0] == 450.0 && memcmp(a.rate, b.rate, 20 * sizeof *a.rate) == 0 &&
            memcmp(la.T_boundary_K, lb.T_boundary_K, 4 * sizeof(double)) == 0,
        "map over the window: %s", rc ? err.message : "");
  vt_rate_map_free(&a);
  vt_rate_lines_free(&la);
  o.E_range[0] = -0.03 * EV;
  o.E_range[1] = -0.01 * EV;
  rc = vt_pel_map_run(m, &o, &a, NULL, &err);
  CHECK(rc == 0 && a.E_IS[0] == -0.03 * EV && a.E_IS[3] == -0.01 * EV, "a given E range");
  vt_rate_map_free(&a);
  vt_rate_map_free(&b);
  vt_rate_lines_free(&lb);
  o.nE = 1;
  CHECK(vt_pel_map_run(m, &o, &a, NULL, &err) == VT_ERANGE && a.rate == NULL, "nE 1 refused");
  CHECK(vt_pel_map_run(NULL, &o, &a, NULL, &err) == VT_EINVAL, "NULL model");
}

/* The summaries' text, from a map and a trace whose numbers are known. */
static void test_summaries(void) {
  double E[2] = {-0.05 * EV, 0.01 * EV}, T[3] = {400, 700, 1000};
  double rate[6] = {-1e-39 * EV, -2e-20 * EV, 0, -3e-5 * EV, -1e9 * EV, 5e9 * EV};
  double Tm[2] = {468.7, 823.27}, rm[2] = {-7.73e-34 * EV, -8.79e8 * EV}, Tb[2] = {473.65, 928.28};
  vt_rate_map map = {2, 3, E, T, rate};
  vt_rate_lines l = {2, E, Tm, rm, Tb};
  double t_s[2] = {0, 10}, T_K[2] = {760, 650}, Tf[2] = {760, 650.18}, EI[2] = {0, -0.016741 * EV};
  double r2[2] = {NAN, -9.408e-8 * EV};
  vt_trace t = {.n = 2, .time_s = t_s, .T_K = T_K, .Tf_K = Tf};
  char buf[1024] = {0};
  FILE *fp = tmpfile();
  int rc = vt_rate_map_write_summary(&map, &l, "vitrum pel-map: ", fp, NULL) ||
           vt_pel_trace_write_summary(&t, EI, r2, NULL, fp, NULL);
  rewind(fp);
  size_t n = fread(buf, 1, sizeof buf - 1, fp);
  fclose(fp);
  buf[n] = '\0';
  const char *want =
      "vitrum pel-map: 2 x 3 points, E_IS -0.05 to 0.01 eV, T 400 to 1000 K; |rate| spans 49.0 "
      "decades (1e-39 to 1e10 eV/s)\n"
      "vitrum pel-map: maximum ageing rate at 468.70 K (E_IS -0.05 eV, -7.73e-34 eV/s) to "
      "823.27 K (E_IS 0.01 eV, -8.79e+08 eV/s); boundary 473.65 to 928.28 K\n"
      "2 grid nodes; final E_IS = -0.016741 eV/atom, Tf = 650.18 K, dE_IS/dt = -9.408e-08 "
      "eV/s\n";
  CHECK(rc == 0 && strcmp(buf, want) == 0, "summaries:\n%s", buf);
  Tm[0] = Tm[1] = NAN;
  fp = tmpfile();
  rc = vt_rate_map_write_summary(&map, &l, NULL, fp, NULL);
  n = (size_t)ftell(fp);
  fclose(fp);
  size_t first = (size_t)(strchr(want, '\n') - want) + 1 - strlen("vitrum pel-map: ");
  CHECK(rc == 0 && n == first, "no maximum: the first line alone, unprefixed (%zu bytes)", n);
  CHECK(vt_rate_map_write_summary(NULL, &l, NULL, stderr, NULL) == VT_EINVAL, "NULL map");
  CHECK(vt_pel_trace_write_summary(&t, NULL, r2, NULL, stderr, NULL) == VT_EINVAL, "NULL E_IS");
}

/* vt_pel_program_run: the trace of vt_simulate on the grid and vt_pel_trace_energy's numbers,
 * exactly; the scan's numbers NaN. */
static void test_program_run(vt_model *m) {
  vt_error err;
  vt_program *p = vt_program_parse("start 760 K\njump to 650 K\nhold 1000 s\n", "a", &err);
  vt_grid_options go = vt_grid_options_default();
  vt_grid g = {0};
  vt_trace t = {0};
  vt_pel_scan s;
  int rc = p ? vt_pel_program_run(m, p, &go, &s, &err) : 1;
  CHECK(rc == 0, "program run: %s", rc ? err.message : "");
  if (!rc) rc = vt_grid_build(p, &go, &g, &err) || vt_simulate(m, &g, &t, &err);
  double *E = malloc((t.n + 1) * sizeof *E), *r = malloc((t.n + 1) * sizeof *r);
  if (!rc) rc = !E || !r || vt_pel_trace_energy(m, &t, E, r, &err);
  CHECK(!rc && s.trace.n == t.n && memcmp(s.trace.Tf_K, t.Tf_K, t.n * sizeof *E) == 0 &&
            memcmp(s.E_IS, E, t.n * sizeof *E) == 0 &&
            memcmp(s.rate + 1, r + 1, (t.n - 1) * sizeof *E) == 0,
        "the trace and energies of vt_simulate + vt_pel_trace_energy (%zu rows)", t.n);
  CHECK(!rc && s.first == 0 && isnan(s.T_exo_K) && isnan(s.E_glass), "no scan numbers");
  CHECK(!rc && s.E_IS[t.n - 1] < s.E_IS[1], "the glass ages at 650 K");
  free(E);
  free(r);
  vt_pel_scan_free(&s);
  vt_trace_free(&t);
  vt_grid_free(&g);
  CHECK(vt_pel_program_run(m, NULL, &go, &s, &err) == VT_EINVAL && s.E_IS == NULL, "NULL program");
  vt_program_free(p);
}

int main(void) {
  test_read_eis();
  vt_model *m = vt_model_create("pel", NULL);
  test_log_range();
  test_lines_span_compare();
  test_exotherm();
  test_writers();
  test_summaries();
  if (m) {
    test_map_run(m);
    test_program_run(m);
    test_trace_energy(m);
    test_lines_match_map(m);
    test_scan(m);
    test_load_table(m);
  }
  CHECK(m != NULL, "pel model");
  vt_model_free(m);
  TEST_MAIN_END();
}
