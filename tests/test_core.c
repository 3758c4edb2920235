/* Core layer: status messages, quantities with units, parameter tables, programs, time grid. */
#include <stdlib.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

static void test_status(void) {
  CHECK(strcmp(vt_strerror(VT_OK), "success") == 0, "VT_OK text");
  for (int s = 0; s < VT_STATUS_COUNT; s++) CHECK(vt_strerror(s)[0] != '\0', "status %d text", s);
  CHECK(strcmp(vt_strerror(-1), "unknown status code") == 0, "out of range status");
  /* R is k_B N_A (CODATA 2018, exact). */
  CHECK_NEAR(VT_GAS_CONSTANT_J_PER_MOL_K, 8.314462618, 1e-9, "R");
}

static void test_quantities(void) {
  double v;
  vt_error err;
  CHECK(vt_parse_quantity("164 kJ/mol", VT_DIM_MOLAR_ENERGY, &v, &err) == VT_OK, "kJ/mol");
  CHECK_NEAR(v, 164000.0, 1e-9, "164 kJ/mol");
  CHECK(vt_parse_quantity("6e-22 s", VT_DIM_TIME, &v, &err) == VT_OK, "s");
  CHECK_NEAR(v, 6e-22, 1e-37, "6e-22 s");
  CHECK(vt_parse_quantity("10000 K/s", VT_DIM_RATE, &v, &err) == VT_OK, "K/s");
  CHECK_NEAR(v, 1e4, 0, "10000 K/s");
  CHECK(vt_parse_quantity("600 K/min", VT_DIM_RATE, &v, &err) == VT_OK, "K/min");
  CHECK_NEAR(v, 10.0, 1e-12, "600 K/min");
  CHECK(vt_parse_quantity("60 C", VT_DIM_TEMPERATURE, &v, &err) == VT_OK, "C");
  CHECK_NEAR(v, 333.15, 1e-12, "60 C");
  CHECK(vt_parse_quantity("60 \xC2\xB0"
                          "C",
                          VT_DIM_TEMPERATURE, &v, &err) == VT_OK,
        "degC");
  CHECK_NEAR(v, 333.15, 1e-12, "60 degree-sign C (UTF-8)");
  CHECK(vt_parse_quantity("333.15K", VT_DIM_TEMPERATURE, &v, &err) == VT_OK, "K no space");
  CHECK_NEAR(v, 333.15, 1e-12, "333.15K");
  CHECK(vt_parse_quantity("5 C", VT_DIM_TEMPERATURE_STEP, &v, &err) == VT_OK, "step C");
  CHECK_NEAR(v, 5.0, 0, "a 5 C difference is 5 K");
  CHECK(vt_parse_quantity("25 J/(mol K)", VT_DIM_MOLAR_HEAT_CAPACITY, &v, &err) == VT_OK, "Cp");
  CHECK_NEAR(v, 25.0, 0, "J/(mol K)");
  CHECK(vt_parse_quantity("1 eV", VT_DIM_MOLAR_ENERGY, &v, &err) == VT_OK, "eV");
  CHECK_NEAR(v, 96485.33212, 1e-4, "1 eV per particle = F x 1 V");

  CHECK(vt_parse_quantity("450", VT_DIM_TEMPERATURE, &v, &err) == VT_EUNIT, "missing unit");
  CHECK_CONTAINS(err.message, "missing unit");
  CHECK_CONTAINS(err.message, "temperature");
  CHECK(vt_parse_quantity("164 K", VT_DIM_MOLAR_ENERGY, &v, &err) == VT_EUNIT, "wrong dim");
  CHECK_CONTAINS(err.message, "molar energy");
  CHECK(vt_parse_quantity("5 parsec", VT_DIM_TIME, &v, &err) == VT_EUNIT, "unknown unit");
  CHECK_CONTAINS(err.message, "expected a time");
  CHECK(vt_parse_quantity("nan K", VT_DIM_TEMPERATURE, &v, &err) == VT_ERANGE, "NaN");
  CHECK(vt_parse_quantity("inf s", VT_DIM_TIME, &v, &err) == VT_ERANGE, "inf");
  CHECK(vt_parse_quantity("K", VT_DIM_TEMPERATURE, &v, &err) == VT_EPARSE, "no number");
  CHECK(vt_parse_quantity("0.43 s", VT_DIM_NONE, &v, &err) == VT_EUNIT, "unit on a number");
  CHECK(vt_parse_quantity("484 ng", VT_DIM_MASS, &v, &err) == VT_OK, "ng");
  CHECK_NEAR(v, 484e-12, 1e-24, "484 ng");
  CHECK(vt_parse_quantity("19.45 uJ", VT_DIM_ENERGY, &v, &err) == VT_OK, "uJ");
  CHECK_NEAR(v, 19.45e-6, 1e-18, "19.45 uJ");
  CHECK(vt_parse_quantity("40.2 J/g", VT_DIM_SPECIFIC_ENERGY, &v, &err) == VT_OK, "J/g");
  CHECK_NEAR(v, 40200.0, 1e-9, "40.2 J/g");
  CHECK(vt_parse_quantity("126.6 g/mol", VT_DIM_MOLAR_MASS, &v, &err) == VT_OK, "g/mol");
  CHECK_NEAR(v, 0.1266, 1e-15, "126.6 g/mol");
  CHECK(vt_parse_quantity("164 kJ / mol", VT_DIM_MOLAR_ENERGY, &v, &err) == VT_OK, "k J / mol");
  CHECK(vt_parse_quantity("50 m s", VT_DIM_TIME, &v, &err) == VT_EUNIT, "'m s' is not ms");
  CHECK(vt_parse_quantity("1e-400 s", VT_DIM_TIME, &v, &err) == VT_OK && v < 1e-300,
        "underflow reads as ~0");
  CHECK(vt_parse_quantity("1e400 s", VT_DIM_TIME, &v, &err) == VT_ERANGE, "overflow");
  CHECK_NEAR(vt_from_si(164000.0, VT_DIM_MOLAR_ENERGY, "kJ/mol"), 164.0, 1e-12, "to kJ/mol");
  CHECK(isnan(vt_from_si(1.0, VT_DIM_TIME, "K")), "display unit of another dimension");
}

static void test_params(void) {
  vt_error err;
  CHECK(vt_model_create("nope", &err) == NULL && err.status == VT_ENOTFOUND, "unknown model");
  CHECK_CONTAINS(err.message, "tnm");
  vt_model *m = vt_model_create("tnm", &err);
  CHECK(m != NULL, "create tnm");
  if (!m) return;
  size_t n;
  const vt_param_info *p = vt_model_params(m, &n);
  CHECK(n == 5, "tnm has 5 parameters, got %zu", n);
  for (size_t i = 0; i < n; i++)
    CHECK(p[i].lower_si <= p[i].default_si && p[i].default_si <= p[i].upper_si,
          "default of %s inside its bounds", p[i].name);
  double v;
  CHECK(vt_model_get(m, "dh", &v, &err) == VT_OK, "get dh");
  CHECK_NEAR(v, 164e3, 0, "paper 000 dh* default");
  CHECK(vt_model_get(m, "A", &v, &err) == VT_OK, "get A");
  CHECK_NEAR(v, 6e-22, 0, "paper 000 A default");
  CHECK(vt_model_set_text(m, "beta=0.6", &err) == VT_OK, "set beta text");
  CHECK(vt_model_get(m, "beta", &v, &err) == VT_OK && v == 0.6, "beta set");
  CHECK(vt_model_set_text(m, "dh=150 kJ/mol", &err) == VT_OK, "set dh text");
  CHECK(vt_model_set_text(m, "dh=150", &err) == VT_EUNIT, "dh without unit");
  CHECK_CONTAINS(err.message, "molar energy");
  CHECK(vt_model_set(m, "beta", 1.5, &err) == VT_ERANGE, "beta out of bounds");
  CHECK_CONTAINS(err.message, "bounds");
  CHECK(vt_model_set(m, "beta", NAN, &err) == VT_ERANGE, "beta NaN");
  CHECK(vt_model_set(m, "zz", 1.0, &err) == VT_ENOTFOUND, "unknown parameter");
  CHECK_CONTAINS(err.message, "dh");
  CHECK(vt_model_set_option(m, "route", "fast", &err) == VT_EINVAL, "bad route");
  CHECK(vt_model_step(m, 1.0, 400, 400, &err) == VT_EINVAL, "step before equilibrate");
  vt_model_free(m);
  vt_model_free(NULL);
}

static void test_program(void) {
  vt_error err;
  const char *text = "# comment\r\nstart 450 K\ncool to 373 K at 10000 K/s  # fast\n"
                     "hold 50 s\nheat to 383 K at 600 K/min\njump to 60 C\nhold 1 min\n";
  vt_program *p = vt_program_parse(text, "t.prog", &err);
  CHECK(p != NULL, "parse: %s", p ? "" : err.message);
  if (!p) return;
  CHECK(vt_program_segment_count(p) == 5, "5 segments");
  CHECK_NEAR(vt_program_start_K(p), 450, 0, "start");
  const vt_segment *s = vt_program_segment(p, 0);
  CHECK(s->kind == VT_SEG_RAMP && s->line == 3, "ramp on line 3");
  CHECK_NEAR(s->duration_s, 77.0 / 1e4, 1e-15, "ramp duration");
  CHECK_NEAR(vt_program_segment(p, 2)->rate_K_per_s, 10.0, 1e-12, "600 K/min");
  CHECK_NEAR(vt_program_segment(p, 3)->target_K, 333.15, 1e-12, "jump to 60 C");
  CHECK_NEAR(vt_program_segment(p, 4)->duration_s, 60, 0, "hold 1 min");
  CHECK_NEAR(vt_program_duration_s(p), 0.0077 + 50 + 1.0 / 10 * 10 + 60, 1e-9, "duration");

  vt_grid_options o = vt_grid_options_default();
  double at[] = {50.0077 + 1e-3, 3.0};
  o.at_time_s = at;
  o.n_at_time = 2;
  vt_grid g;
  CHECK(vt_grid_build(p, &o, &g, &err) == VT_OK, "grid");
  size_t ramp_nodes = 0, hold_nodes = 0, requested = 0;
  for (size_t i = 1; i < g.n; i++) {
    CHECK(g.time_s[i] >= g.time_s[i - 1], "time non-decreasing at node %zu", i);
    ramp_nodes += g.segment[i] == 0;
    hold_nodes += g.segment[i] == 1;
    requested += g.requested[i];
  }
  CHECK(ramp_nodes == 770, "77 K at 0.1 K: 770 nodes, got %zu", ramp_nodes);
  /* 1e-4 s .. 50 s at 20 per decade: 1e-4 * 10^(k/20) < 50 for k = 0..113, plus the end,
   * plus the requested node at t = 3 s. */
  CHECK(hold_nodes == 116, "hold nodes %zu", hold_nodes);
  CHECK(requested == 2, "two requested nodes, got %zu", requested);
  vt_grid_free(&g);
  double beyond = 1e6;
  o.at_time_s = &beyond;
  o.n_at_time = 1;
  CHECK(vt_grid_build(p, &o, &g, &err) == VT_ERANGE, "time beyond the program");
  CHECK_CONTAINS(err.message, "after the program ends");
  vt_program_free(p);

  p = vt_program_parse("start 450 K\ncool to 500 K at 10 K/s\n", "b.prog", &err);
  CHECK(p == NULL && strstr(err.message, "b.prog:2:") && err.line == 2, "cool up: %s", err.message);
  p = vt_program_parse("start 450 K\nhold 5\n", "b.prog", &err);
  CHECK(p == NULL && strstr(err.message, "b.prog:2:") && strstr(err.message, "time"), "%s",
        err.message);
  p = vt_program_parse("start 450 K\ncool to 400 K at -5 K/s\n", "b.prog", &err);
  CHECK(p == NULL && strstr(err.message, "> 0"), "negative rate: %s", err.message);
  p = vt_program_parse("start 450 K\njump to 400 K\n", "b.prog", &err);
  CHECK(p == NULL && strstr(err.message, "takes no time"), "zero duration: %s", err.message);
  p = vt_program_parse("hold 5 s\n", "b.prog", &err);
  CHECK(p == NULL && strstr(err.message, "before 'start'"), "%s", err.message);
}

int main(void) {
  test_status();
  test_quantities();
  test_params();
  test_program();
  TEST_MAIN_END();
}
