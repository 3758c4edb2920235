/* The option tables of the model fit (vt_fit_option_table), the scans' fit
 * (vt_scan_fit_option_table) and the measured-curve analysis (vt_cal_option_table): every row
 * sets exactly its own field from text with its unit (compared in SI), quantities and ints also
 * from an SI number, choices by name; errors carry the command line's messages; the defaults are
 * formatted as --help shows them. Every row of each table is named by a case here. */
#include <stddef.h>
#include <stdlib.h>

#include "option_rows.h"
#include "test_util.h"
#include "vitrum/vitrum.h"

typedef struct table {
  const char *what;
  const vt_option *rows;
  size_t n;
  const void *defaults;
  size_t size;
} table;

/* A row set from `text`: want[0] (want[1] for ranges) in SI, or an int's value. */
typedef struct set_case {
  const char *name, *text;
  double want[2];
} set_case;

/* Set one row from text on a copy of the defaults: the field holds the wanted value and no other
 * byte of the struct changed. */
static void check_set(const table *t, const set_case *c) {
  const vt_option *r = vt_option_find(t->rows, t->n, c->name);
  CHECK(r != NULL, "%s: a row named %s", t->what, c->name);
  if (!r) return;
  unsigned char *a = malloc(t->size), *b = malloc(t->size);
  if (!a || !b) {
    free(a), free(b);
    CHECK(0, "out of memory");
    return;
  }
  memcpy(a, t->defaults, t->size);
  memcpy(b, t->defaults, t->size);
  vt_error err;
  int rc = vt_option_set_text(r, b, NULL, c->text, &err);
  CHECK(rc == VT_OK, "%s %s '%s': %s", t->what, c->name, c->text, rc ? err.message : "");
  const unsigned char *f = b + r->offset;
  if (r->kind == VT_OPTION_QUANTITY || r->kind == VT_OPTION_RANGE) {
    for (int k = 0; k < (r->kind == VT_OPTION_RANGE ? 2 : 1); k++) {
      double got;
      memcpy(&got, f + k * sizeof got, sizeof got);
      CHECK_NEAR(got, c->want[k], 1e-12 * fabs(c->want[k]), c->name);
    }
  } else {
    int got;
    memcpy(&got, f, sizeof got);
    CHECK(got == (int)c->want[0], "%s %s '%s': %d, want %d", t->what, c->name, c->text, got,
          (int)c->want[0]);
  }
  CHECK(memcmp(a + r->offset, b + r->offset, field_size(r)) != 0, "%s %s: '%s' is no default",
        t->what, c->name, c->text);
  size_t lo = r->offset, hi = lo + field_size(r);
  CHECK(memcmp(a, b, lo) == 0 && memcmp(a + hi, b + hi, t->size - hi) == 0,
        "%s %s: no other field changed", t->what, c->name);
  free(a);
  free(b);
}

/* Every row has a case, help, and a field inside the struct; no two rows share a field. */
static void check_rows(const table *t, const set_case *cases, size_t n_cases) {
  CHECK(t->rows && t->n > 0, "%s: rows", t->what);
  for (size_t k = 0; k < t->n; k++) {
    const vt_option *r = &t->rows[k];
    size_t named = 0;
    for (size_t c = 0; c < n_cases; c++) named += strcmp(cases[c].name, r->name) == 0;
    CHECK(named >= 1, "%s %s: a case sets it", t->what, r->name);
    CHECK(r->help && *r->help, "%s %s: help", t->what, r->name);
    CHECK(r->offset + field_size(r) <= t->size, "%s %s: a field of the struct", t->what, r->name);
    CHECK(vt_option_find(t->rows, t->n, r->name) == r, "%s %s: its name is its own", t->what,
          r->name);
    for (size_t j = 0; j < k; j++)
      CHECK(t->rows[j].offset != r->offset, "%s: %s and %s share a field", t->what, t->rows[j].name,
            r->name);
  }
  for (size_t c = 0; c < n_cases; c++) check_set(t, &cases[c]);
}

/* A row's default as help shows it. */
static void check_default(const table *t, const char *name, const char *want) {
  const vt_option *r = vt_option_find(t->rows, t->n, name);
  char buf[64] = "?";
  CHECK(r && vt_option_format(r, t->defaults, buf, sizeof buf, NULL) == VT_OK, "%s %s: format",
        t->what, name);
  CHECK(strcmp(buf, want) == 0, "%s %s: default '%s', want '%s'", t->what, name, buf, want);
}

/* The message of a text a row does not take (as the command line prints it after
 * "vitrum CMD: "), under the name the user spelled. */
static void check_error(const table *t, const char *name, const char *spelled, const char *text,
                        int status, const char *message) {
  const vt_option *r = vt_option_find(t->rows, t->n, name);
  unsigned char *b = malloc(t->size);
  if (!r || !b) {
    free(b);
    CHECK(0, "%s %s: row", t->what, name);
    return;
  }
  memcpy(b, t->defaults, t->size);
  vt_error err;
  int rc = vt_option_set_text(r, b, spelled, text, &err);
  CHECK(rc == status, "%s %s '%s': status %d, want %d", t->what, name, text, rc, status);
  CHECK(rc && strcmp(err.message, message) == 0, "%s %s: '%s', want '%s'", t->what, name,
        rc ? err.message : "", message);
  CHECK(memcmp(b, t->defaults, t->size) == 0, "%s %s: unchanged after the error", t->what, name);
  free(b);
}

/* An SI number sets a quantity or an int as it is; other kinds take text. */
static void check_si(const table *t, const char *name, double x, int status) {
  const vt_option *r = vt_option_find(t->rows, t->n, name);
  unsigned char *b = malloc(t->size);
  if (!r || !b) {
    free(b);
    CHECK(0, "%s %s: row", t->what, name);
    return;
  }
  memcpy(b, t->defaults, t->size);
  int rc = vt_option_set_si(r, b, x, NULL);
  CHECK(rc == status, "%s %s = %g: status %d, want %d", t->what, name, x, rc, status);
  if (!rc && r->kind == VT_OPTION_QUANTITY) {
    double got;
    memcpy(&got, b + r->offset, sizeof got);
    CHECK(got == x, "%s %s: %g, want %g", t->what, name, got, x);
  } else if (!rc) {
    int got;
    memcpy(&got, b + r->offset, sizeof got);
    CHECK(got == (int)x, "%s %s: %d, want %d", t->what, name, got, (int)x);
  }
  free(b);
}

static void test_fit_table(void) {
  vt_fit_options d;
  memset(&d, 0, sizeof d);
  d = vt_fit_options_default();
  table t = {"fit", NULL, 0, &d, sizeof d};
  t.rows = vt_fit_option_table(&t.n);
  static const set_case cases[] = {{"dh_offset", "-0.15 kJ/mol", {-150.0}},
                                   {"fit_dh_offset", "", {1}},
                                   {"starts", "5", {5}},
                                   {"seed", "7", {7}},
                                   {"max_iter", "50", {50}},
                                   {"max_runs", "1000", {1000}},
                                   {"max_time", "2 min", {120.0}},
                                   {"T_ref", "100 C", {373.15}},
                                   {"jacobian", "fd", {1}},
                                   {"threads", "3", {3}},
                                   {"reading", "dsc", {VT_DH_DSC}},
                                   {"jump_rate", "60 K/min", {1.0}}};
  check_rows(&t, cases, sizeof cases / sizeof *cases);
  check_default(&t, "starts", "8");
  check_default(&t, "seed", "1");
  check_default(&t, "max_iter", "200");
  check_default(&t, "max_runs", "0");
  check_default(&t, "max_time", "0 s");
  check_default(&t, "jacobian", "sens");
  check_default(&t, "threads", "0");
  check_default(&t, "reading", "state");
  check_error(&t, "starts", "--starts", "0", VT_ERANGE,
              "--starts '0': expected a whole number from 1 to 10000");
  check_error(&t, "reading", "--reading", "fast", VT_EPARSE,
              "--reading 'fast': expected one of state|dsc");
  check_error(&t, "jump_rate", "--jump-rate", "-1 K/s", VT_ERANGE,
              "--jump-rate '-1 K/s': expected a positive value");
  check_error(&t, "max_time", "--max-time", "-1 s", VT_ERANGE,
              "--max-time '-1 s': expected a value >= 0");
  check_si(&t, "T_ref", 373.15, VT_OK);
  check_si(&t, "starts", 4, VT_OK);
  check_si(&t, "reading", 1, VT_EINVAL);
  CHECK(vt_fit_option_table(NULL) == NULL, "NULL count");
}

static void test_scan_fit_table(void) {
  vt_scan_fit_options d;
  memset(&d, 0, sizeof d);
  d = vt_scan_fit_options_default();
  table t = {"scan fit", NULL, 0, &d, sizeof d};
  t.rows = vt_scan_fit_option_table(&t.n);
  static const set_case cases[] = {
      {"T_age", "60 C", {333.15}}, {"points", "50", {50}}, {"weights", "noise", {1}}};
  check_rows(&t, cases, sizeof cases / sizeof *cases);
  check_default(&t, "T_age", ""); /* NaN: not given */
  check_default(&t, "points", "200");
  check_default(&t, "weights", "scatter");
  check_error(&t, "points", "--points", "-1", VT_ERANGE,
              "--points '-1': expected a whole number from 0 to 1000000");
  check_error(&t, "T_age", "--T-age", "-5 K", VT_ERANGE,
              "--T-age '-5 K': expected a positive value");
  check_si(&t, "T_age", 400.0, VT_OK);
  CHECK(vt_scan_fit_option_table(NULL) == NULL, "NULL count");
}

static void test_cal_table(void) {
  vt_cal_options d;
  memset(&d, 0, sizeof d);
  d = vt_cal_options_default();
  table t = {"cal", NULL, 0, &d, sizeof d};
  t.rows = vt_cal_option_table(&t.n);
  static const set_case cases[] = {{"axis", "Tr", {VT_CAL_AXIS_TR}},
                                   {"axis", "Ts", {VT_CAL_AXIS_TS}},
                                   {"endo_up", "1", {1}},
                                   {"baseline", "chord", {VT_CAL_BASELINE_CHORD}},
                                   {"baseline", "none", {VT_CAL_BASELINE_NONE}},
                                   {"glass", "40, 60 C", {313.15, 333.15}},
                                   {"liquid", "400, 420 K", {400.0, 420.0}},
                                   {"range", "300 K, 200 C", {300.0, 473.15}},
                                   {"noise_factor", "4", {4.0}},
                                   {"smooth", "0.3 K", {0.3}},
                                   {"max_rate_mismatch", "0.02", {0.02}},
                                   {"max_rate_drift", "0.1", {0.1}},
                                   {"min_window_points", "20", {20}},
                                   {"references_by_rate", "1", {1}}};
  check_rows(&t, cases, sizeof cases / sizeof *cases);
  check_default(&t, "axis", "auto");
  check_default(&t, "endo_up", "0");
  check_default(&t, "baseline", "lines");
  check_default(&t, "glass", ""); /* NaN: found automatically */
  check_default(&t, "noise_factor", "3");
  check_default(&t, "smooth", "0.5 K");
  check_default(&t, "max_rate_mismatch", "0.01");
  check_default(&t, "max_rate_drift", "0.05");
  check_default(&t, "min_window_points", "10");
  check_default(&t, "references_by_rate", "0");
  /* the messages of the command line's measured-curve group (src/cli/opts.c) */
  check_error(&t, "glass", "--glass", "60, 40 C", VT_ERANGE,
              "--glass '60, 40 C': expected two increasing temperatures, e.g. '60,120 C'");
  check_error(&t, "smooth", "--smooth", "-1 K", VT_ERANGE,
              "--smooth '-1 K': expected a width of 0 K or more");
  check_error(&t, "baseline", "--baseline", "spline", VT_EPARSE,
              "--baseline 'spline': expected 'lines', 'linear', 'chord' or 'none'");
  check_error(&t, "axis", NULL, "ts", VT_EPARSE, "axis 'ts': expected 'auto', 'Ts' or 'Tr'");
  check_error(&t, "endo_up", NULL, "2", VT_ERANGE,
              "endo_up '2': expected a whole number from 0 to 1");
  check_si(&t, "smooth", 0.25, VT_OK);
  check_si(&t, "min_window_points", 12, VT_OK);
  check_si(&t, "glass", 300.0, VT_EINVAL);
  CHECK(vt_cal_option_table(NULL) == NULL, "NULL count");
}

int main(void) {
  test_fit_table();
  test_scan_fit_table();
  test_cal_table();
  TEST_MAIN_END();
}
