/* Option tables (options.h): every kind parsed with its units into SI, every message as the
 * command line prints it (after "vitrum CMD: "), the list's trailing-unit rule, ranges LO < HI,
 * int bounds, values formatted in display units, and the library's grid and DSC tables: each
 * row sets exactly its own field of its struct. */
#include <stddef.h>
#include <stdlib.h>

#include "option_rows.h"
#include "test_util.h"
#include "vitrum/vitrum.h"

/* |got - want| <= 1e-15 |want| (0 exactly). */
#define CHECK_REL(got, want, what) CHECK_NEAR(got, want, 1e-15 * fabs(want), what)

typedef struct topts {
  int flag;
  const char *text;
  double T_K;
  double *times_s;
  size_t n_times;
  int n, m, route, route_e;
  double window_K[2];
  double width_K;
  double rate_K_per_s;
} topts;

#define T(field) offsetof(topts, field)
static const vt_option rows[] = {
    {.name = "flag", .kind = VT_OPTION_FLAG, .offset = T(flag)},
    {.name = "text", .kind = VT_OPTION_TEXT, .offset = T(text)},
    {.name = "T",
     .kind = VT_OPTION_QUANTITY,
     .offset = T(T_K),
     .dim = VT_DIM_TEMPERATURE,
     .flags = VT_OPTION_POSITIVE},
    {.name = "times",
     .kind = VT_OPTION_LIST,
     .offset = T(times_s),
     .dim = VT_DIM_TIME,
     .flags = VT_OPTION_POSITIVE,
     .count_offset = T(n_times)},
    {.name = "more",
     .kind = VT_OPTION_LIST,
     .offset = T(times_s),
     .dim = VT_DIM_TIME,
     .flags = VT_OPTION_APPEND,
     .count_offset = T(n_times)},
    {.name = "n", .kind = VT_OPTION_INT, .offset = T(n), .min = 1, .max = 10},
    {.name = "m", .kind = VT_OPTION_INT, .offset = T(m)},
    {.name = "route", .kind = VT_OPTION_CHOICE, .offset = T(route), .choices = "prony|exact"},
    {.name = "route_e",
     .kind = VT_OPTION_CHOICE,
     .offset = T(route_e),
     .choices = "prony|exact",
     .expect = "expected 'prony' or 'exact'"},
    {.name = "window", .kind = VT_OPTION_RANGE, .offset = T(window_K), .dim = VT_DIM_TEMPERATURE},
    {.name = "width",
     .kind = VT_OPTION_QUANTITY,
     .offset = T(width_K),
     .dim = VT_DIM_TEMPERATURE_STEP,
     .flags = VT_OPTION_NONNEGATIVE},
    {.name = "rate",
     .kind = VT_OPTION_QUANTITY,
     .offset = T(rate_K_per_s),
     .dim = VT_DIM_RATE,
     .unit = "K/min"},
};
#define N_ROWS (sizeof rows / sizeof *rows)

static const vt_option *row(const char *name) {
  const vt_option *r = vt_option_find(rows, N_ROWS, name);
  CHECK(r != NULL, "row %s found", name);
  return r;
}

/* Set by text; the status, and the message when `message` is not NULL. */
static int set(topts *o, const char *name, const char *text, const char *message) {
  vt_error err;
  vt_error_clear(&err);
  int rc = vt_option_set_text(row(name), o, NULL, text, &err);
  if (message)
    CHECK(strcmp(err.message, message) == 0, "%s '%s': message '%s', want '%s'", name, text,
          err.message, message);
  return rc;
}

static void test_find(void) {
  CHECK(vt_option_find(rows, N_ROWS, "T") == &rows[2], "find by name");
  CHECK(vt_option_find(rows, N_ROWS, "route_e") == &rows[8], "find the last of two alike");
  CHECK(vt_option_find(rows, N_ROWS, "--T") == NULL, "the command line's spelling is not a name");
  CHECK(vt_option_find(rows, N_ROWS, "colour") == NULL, "unknown name");
  CHECK(vt_option_find(rows, 2, "T") == NULL, "only the first n rows");
}

static void test_kinds(void) {
  topts o = {0};
  CHECK(set(&o, "flag", NULL, NULL) == VT_OK && o.flag == 1, "flag set without text");
  const char *name = "glass.csv";
  CHECK(set(&o, "text", name, NULL) == VT_OK && o.text == name, "text stored, not copied");

  CHECK(set(&o, "T", "60 C", NULL) == VT_OK, "60 C");
  CHECK_REL(o.T_K, 60.0 + 273.15, "60 C in K");
  CHECK(set(&o, "T", "450 K", NULL) == VT_OK, "450 K");
  CHECK_REL(o.T_K, 450.0, "450 K");
  CHECK(set(&o, "rate", "600 K/min", NULL) == VT_OK, "K/min");
  CHECK_REL(o.rate_K_per_s, 10.0, "600 K/min in K/s");
  CHECK(set(&o, "width", "0 K", NULL) == VT_OK && o.width_K == 0.0, "0 K is >= 0");

  CHECK(set(&o, "n", "10", NULL) == VT_OK && o.n == 10, "int at its maximum");
  CHECK(set(&o, "n", "1", NULL) == VT_OK && o.n == 1, "int at its minimum");
  CHECK(set(&o, "m", "1000000000", NULL) == VT_OK && o.m == 1000000000, "default maximum 1e9");
  CHECK(set(&o, "route", "exact", NULL) == VT_OK && o.route == 1, "choice index");
  CHECK(set(&o, "route", "prony", NULL) == VT_OK && o.route == 0, "first choice");

  CHECK(set(&o, "window", "60, 120 C", NULL) == VT_OK, "range");
  CHECK_REL(o.window_K[0], 333.15, "range LO: its unit from HI");
  CHECK_REL(o.window_K[1], 393.15, "range HI");
  CHECK(set(&o, "window", "300 K, 60 C", NULL) == VT_OK, "range of two units");
  CHECK_REL(o.window_K[0], 300.0, "LO in its own unit");
  CHECK_REL(o.window_K[1], 333.15, "HI");
}

static void test_lists(void) {
  topts o = {0};
  CHECK(set(&o, "times", "0.1, 1, 10 s", NULL) == VT_OK && o.n_times == 3, "list of 3");
  CHECK_REL(o.times_s[0], 0.1, "item without a unit takes the last item's (s)");
  CHECK_REL(o.times_s[1], 1.0, "1 s");
  CHECK_REL(o.times_s[2], 10.0, "10 s");
  CHECK(set(&o, "times", "1, 2 min", NULL) == VT_OK && o.n_times == 2, "replaced, not added");
  CHECK_REL(o.times_s[0], 60.0, "1 min (the trailing unit)");
  CHECK_REL(o.times_s[1], 120.0, "2 min");
  CHECK(set(&o, "times", "1 min, 30 s", NULL) == VT_OK, "every item with its unit");
  CHECK_REL(o.times_s[0], 60.0, "an item's own unit wins");
  CHECK_REL(o.times_s[1], 30.0, "30 s");
  CHECK(set(&o, "more", "5 ms", NULL) == VT_OK && o.n_times == 3, "appended");
  CHECK_REL(o.times_s[2], 5e-3, "5 ms appended last");
  CHECK_REL(o.times_s[0], 60.0, "earlier items kept");
  CHECK(set(&o, "times", "1,,2 s", NULL) == VT_OK && o.n_times == 2, "empty items skipped");

  double *keep = o.times_s;
  CHECK(set(&o, "times", ",", "times: empty list") == VT_EPARSE, "empty list");
  CHECK(set(&o, "times", "1, -2 s", "times '1, -2 s': every value must be > 0") == VT_ERANGE,
        "list sign");
  CHECK(o.times_s == keep && o.n_times == 2, "list unchanged after an error");
  vt_error err;
  CHECK(vt_option_set_text(row("times"), &o, "--at-time", "1, 2", &err) == VT_EUNIT,
        "no unit anywhere");
  CHECK(strncmp(err.message, "--at-time: missing unit in '1'", 30) == 0,
        "item message after the caller's name: %s", err.message);
  free(o.times_s);

  double *v = NULL;
  size_t n = 0;
  CHECK(vt_parse_quantity_list("1, 10, 100 K/s", VT_DIM_RATE, &v, &n, &err) == VT_OK && n == 3,
        "vt_parse_quantity_list");
  CHECK(v && v[0] == 1.0 && v[1] == 10.0 && v[2] == 100.0, "K/s values");
  free(v);
  CHECK(vt_parse_quantity_list(",,", VT_DIM_RATE, &v, &n, &err) == VT_EPARSE, "empty");
  CHECK(strcmp(err.message, "empty list") == 0, "message '%s'", err.message);
}

static void test_messages(void) {
  topts o = {.T_K = 450.0, .n = 3, .route = 1};
  CHECK(set(&o, "T", "-1 K", "T '-1 K': expected a positive value") == VT_ERANGE, "sign");
  CHECK(set(&o, "T", "0 K", "T '0 K': expected a positive value") == VT_ERANGE, "0 not > 0");
  CHECK(o.T_K == 450.0, "field unchanged after an error");
  CHECK(set(&o, "width", "-1 K", "width '-1 K': expected a value >= 0") == VT_ERANGE, ">= 0");
  CHECK(set(&o, "T", "1 s",
            "T: wrong unit in '1 s': s is a time, expected a temperature in K or C") == VT_EUNIT,
        "wrong dimension");
  vt_error err;
  CHECK(vt_option_set_text(row("T"), &o, "--T-eq", "-1 K", &err) == VT_ERANGE, "named");
  CHECK(strcmp(err.message, "--T-eq '-1 K': expected a positive value") == 0,
        "the caller's spelling of the name: %s", err.message);

  CHECK(set(&o, "n", "0", "n '0': expected a whole number from 1 to 10") == VT_ERANGE, "below");
  CHECK(set(&o, "n", "11", "n '11': expected a whole number from 1 to 10") == VT_ERANGE, "above");
  CHECK(set(&o, "n", "5x", "n '5x': expected a whole number from 1 to 10") == VT_ERANGE, "5x");
  CHECK(set(&o, "m", "-1", "m '-1': expected a whole number of at least 0") == VT_ERANGE, "min");
  CHECK(o.n == 3, "int unchanged after an error");
  CHECK(set(&o, "route", "fast", "route 'fast': expected one of prony|exact") == VT_EPARSE,
        "choice");
  CHECK(set(&o, "route_e", "fast", "route_e 'fast': expected 'prony' or 'exact'") == VT_EPARSE,
        "choice's own words");
  CHECK(o.route == 1, "choice unchanged after an error");
  CHECK(set(&o, "window", "120, 60 C", "window '120, 60 C': expected 'LO, HI UNIT' with LO < HI") ==
            VT_ERANGE,
        "LO < HI");
  CHECK(set(&o, "window", "60, 60 C", "window '60, 60 C': expected 'LO, HI UNIT' with LO < HI") ==
            VT_ERANGE,
        "LO == HI is not a range");
  CHECK(set(&o, "window", "60 C", "window '60 C': expected 'LO, HI UNIT' with LO < HI") ==
            VT_ERANGE,
        "one value");
  CHECK(set(&o, "window", "1, 2, 3 K", "window '1, 2, 3 K': expected 'LO, HI UNIT' with LO < HI") ==
            VT_ERANGE,
        "three values");
}

/* A parser of its own (as vt_md_parse_quantity): "N kK" in thousands of kelvin. */
static int kilo_kelvin(const char *text, vt_dim dim, double *si, vt_error *err) {
  char *end;
  double v = strtod(text, &end);
  if (end != text && strcmp(end, " kK") == 0) return *si = 1000.0 * v, VT_OK;
  return vt_parse_quantity(text, dim, si, err);
}

static void test_parser_and_si(void) {
  topts o = {0};
  vt_error err;
  CHECK(vt_option_set_text_with(row("T"), &o, NULL, "0.5 kK", kilo_kelvin, &err) == VT_OK &&
            o.T_K == 500.0,
        "the caller's parser");
  CHECK(vt_option_set_text_with(row("T"), &o, NULL, "-0.5 kK", kilo_kelvin, &err) == VT_ERANGE,
        "its value still checked");
  CHECK(vt_option_set_text_with(row("T"), &o, NULL, "450 K", kilo_kelvin, &err) == VT_OK &&
            o.T_K == 450.0,
        "falls back to vt_parse_quantity");

  CHECK(vt_option_set_si(row("T"), &o, -1.0, &err) == VT_OK && o.T_K == -1.0,
        "a number in SI is stored as it is (the instrument checks it)");
  CHECK(vt_option_set_si(row("n"), &o, 7.0, &err) == VT_OK && o.n == 7, "int from a number");
  CHECK(vt_option_set_si(row("n"), &o, 2.5, &err) == VT_ERANGE, "not whole");
  CHECK(vt_option_set_si(row("n"), &o, 11.0, &err) == VT_ERANGE, "above the maximum");
  CHECK(strcmp(err.message, "n '11': expected a whole number from 1 to 10") == 0, "%s",
        err.message);
  CHECK(o.n == 7, "unchanged");
  CHECK(vt_option_set_si(row("times"), &o, 1.0, &err) == VT_EINVAL, "a list takes text");
  CHECK(vt_option_set_text(row("T"), &o, NULL, NULL, &err) == VT_EINVAL, "NULL text");
}

static void check_format(const vt_option *r, const void *opts, const char *want) {
  char buf[128];
  CHECK(vt_option_format(r, opts, buf, sizeof buf, NULL) == VT_OK, "format %s", r->name);
  CHECK(strcmp(buf, want) == 0, "%s formatted '%s', want '%s'", r->name, buf, want);
}

static void test_format(void) {
  const char *text = "x.csv";
  topts o = {.flag = 1,
             .text = text,
             .T_K = 333.15,
             .n = 5,
             .route = 1,
             .window_K = {333.15, 393.15},
             .width_K = NAN,
             .rate_K_per_s = 10.0};
  check_format(row("T"), &o, "333.15 K");
  check_format(row("rate"), &o, "600 K/min");
  check_format(row("window"), &o, "333.15, 393.15 K");
  check_format(row("width"), &o, "");
  check_format(row("route"), &o, "exact");
  check_format(row("n"), &o, "5");
  check_format(row("text"), &o, "x.csv");
  check_format(row("flag"), &o, "");
  check_format(row("times"), &o, "");
  o.text = NULL;
  check_format(row("text"), &o, "");

  size_t n;
  const vt_option *g = vt_grid_option_table(&n);
  vt_grid_options gd = vt_grid_options_default();
  CHECK(n == 3, "grid rows");
  check_format(vt_option_find(g, n, "dT"), &gd, "0.1 K");
  check_format(vt_option_find(g, n, "ppd"), &gd, "20");
  check_format(vt_option_find(g, n, "t_first"), &gd, "0.0001 s");
  const vt_option *d = vt_dsc_option_table(&n);
  vt_dsc_options dd = vt_dsc_options_default();
  CHECK(n == 8, "DSC rows");
  check_format(vt_option_find(d, n, "T_eq"), &dd, "450 K");
  check_format(vt_option_find(d, n, "cool_rate"), &dd, "10000 K/s");
  check_format(vt_option_find(d, n, "T_low"), &dd, "300 K");
  check_format(vt_option_find(d, n, "heat_rate"), &dd, "1000 K/s");
  check_format(vt_option_find(d, n, "cp_glass"), &dd, "24.9434 J/(mol K)");
}

/* Every row of a library table of positive quantities (the grid's, the DSC's) set by text in a
 * copy of the defaults at `base` (size bytes, the table's struct at `at`): exactly the row's
 * double changes, to the value parsed (check_option_rows). Each double field below `fields_end`
 * has exactly one row. */
static void check_table(const char *what, const vt_option *t, size_t n, const void *defaults,
                        size_t size, size_t at, size_t fields_end) {
  for (size_t k = 0; k < n; k++)
    CHECK(t[k].kind == VT_OPTION_QUANTITY && (t[k].flags & VT_OPTION_POSITIVE) &&
              t[k].offset + sizeof(double) <= fields_end,
          "%s %s: a positive quantity among the struct's doubles", what, t[k].name);
  check_option_rows(what, t, n, defaults, size, at, vt_parse_quantity);
  for (size_t off = 0; off < fields_end; off += sizeof(double)) {
    int rows_at = 0;
    for (size_t k = 0; k < n; k++) rows_at += t[k].offset == off;
    CHECK(rows_at == 1, "%s: the double at offset %zu has %d rows", what, off, rows_at);
  }
}

static void test_library_tables(void) {
  size_t ng, nd;
  const vt_option *g = vt_grid_option_table(&ng), *d = vt_dsc_option_table(&nd);
  vt_grid_options gd;
  vt_dsc_options dd;
  memset(&gd, 0, sizeof gd);
  memset(&dd, 0, sizeof dd);
  gd = vt_grid_options_default();
  dd = vt_dsc_options_default();
  /* The grid's scalars come first (its request arrays have no rows); the DSC's before grid. */
  check_table("grid", g, ng, &gd, sizeof gd, 0, offsetof(vt_grid_options, at_time_s));
  check_table("DSC", d, nd, &dd, sizeof dd, 0, offsetof(vt_dsc_options, grid));
  check_table("DSC grid", g, ng, &dd, sizeof dd, offsetof(vt_dsc_options, grid),
              offsetof(vt_grid_options, at_time_s));
  CHECK(vt_grid_option_table(NULL) == NULL, "NULL count");
}

/* VT_OPTION_IN_UNIT: a field held in the row's unit (here Celsius, a unit with an offset, and
 * K/min): bare numbers are in it, other units converted into it, numbers set and formatted as
 * they are; VT_OPTION_EXPECT_READ: the row's words for text that does not read. */
typedef struct unit_opts {
  double T_C, rate_K_per_min, window_C[2];
} unit_opts;

static void test_in_unit(void) {
  static const vt_option u[] = {{.name = "T",
                                 .kind = VT_OPTION_QUANTITY,
                                 .offset = offsetof(unit_opts, T_C),
                                 .dim = VT_DIM_TEMPERATURE,
                                 .flags = VT_OPTION_IN_UNIT | VT_OPTION_EXPECT_READ,
                                 .unit = "C",
                                 .expect = "expected a temperature (C or K)"},
                                {.name = "rate",
                                 .kind = VT_OPTION_QUANTITY,
                                 .offset = offsetof(unit_opts, rate_K_per_min),
                                 .dim = VT_DIM_RATE,
                                 .flags = VT_OPTION_IN_UNIT | VT_OPTION_POSITIVE,
                                 .unit = "K/min"},
                                {.name = "window",
                                 .kind = VT_OPTION_RANGE,
                                 .offset = offsetof(unit_opts, window_C),
                                 .dim = VT_DIM_TEMPERATURE,
                                 .flags = VT_OPTION_IN_UNIT,
                                 .unit = "C"}};
  unit_opts o = {0};
  vt_error err;
  char buf[64];
  CHECK(vt_option_set_text(&u[0], &o, "--T", "60", &err) == VT_OK && o.T_C == 60, "bare 60 is C");
  CHECK(vt_option_set_text(&u[0], &o, "--T", "373.15 K", &err) == VT_OK, "K");
  CHECK_NEAR(o.T_C, 100.0, 1e-12, "373.15 K = 100 C");
  CHECK(vt_option_set_text(&u[0], &o, "--T", "5 s", &err) == VT_EUNIT, "a time is no temperature");
  CHECK(strcmp(err.message, "--T '5 s': expected a temperature (C or K)") == 0, "%s", err.message);
  CHECK_NEAR(o.T_C, 100.0, 1e-12, "unchanged after an error");
  CHECK(vt_option_set_text(&u[1], &o, "--rate", "1 K/s", &err) == VT_OK, "K/s");
  CHECK_NEAR(o.rate_K_per_min, 60.0, 1e-12, "1 K/s = 60 K/min");
  CHECK(vt_option_set_text(&u[1], &o, "--rate", "-2", &err) == VT_ERANGE, "signs still checked");
  CHECK(strcmp(err.message, "--rate '-2': expected a positive value") == 0, "%s", err.message);
  CHECK(vt_option_set_text(&u[1], &o, "--rate", "x K/s", &err) != VT_OK &&
            strncmp(err.message, "--rate: ", 8) == 0,
        "without EXPECT_READ the parser's message: %s", err.message);
  CHECK(vt_option_set_text(&u[2], &o, "--window", "50,80", &err) == VT_OK && o.window_C[0] == 50 &&
            o.window_C[1] == 80,
        "a bare range in C");
  CHECK(vt_option_set_text(&u[2], &o, "--window", "323.15,353.15 K", &err) == VT_OK, "K range");
  CHECK_NEAR(o.window_C[0], 50.0, 1e-12, "323.15 K = 50 C");
  CHECK(vt_option_format(&u[2], &o, buf, sizeof buf, NULL) == VT_OK && strcmp(buf, "50, 80 C") == 0,
        "range formats in C: %s", buf);
  CHECK(vt_option_set_si(&u[0], &o, 25.0, &err) == VT_OK && o.T_C == 25.0, "a number is in C");
  CHECK(vt_option_format(&u[0], &o, buf, sizeof buf, NULL) == VT_OK && strcmp(buf, "25 C") == 0,
        "formats as it is: %s", buf);
}

int main(void) {
  test_in_unit();
  test_find();
  test_kinds();
  test_lists();
  test_messages();
  test_parser_and_si();
  test_format();
  test_library_tables();
  TEST_MAIN_END();
}
