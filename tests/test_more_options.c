/* The strain instruments' option tables (visco.h: vt_two_step_option_table,
 * vt_strain_grid_option_table), which `vitrum strain` and the Python keywords read: each row sets
 * exactly its own field of its struct, from text with its unit (compared in SI) and from a
 * number in SI; the defaults format as `vitrum strain --help` shows them; wrong units give the
 * command line's messages; the grid's rows also land inside vt_two_step's grid. */
#include <stddef.h>
#include <stdlib.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

/* |got - want| <= 1e-15 |want| (0 exactly). */
#define CHECK_REL(got, want, what) CHECK_NEAR(got, want, 1e-15 * fabs(want), what)

/* One row, its text, the SI value the text stands for. */
typedef struct row_case {
  const char *name, *text;
  double si;
} row_case;

static double field(const void *opts, size_t at) {
  double v;
  memcpy(&v, (const char *)opts + at, sizeof v);
  return v;
}

/* Set `c`'s row by text, then by SI number, in copies of `defaults` (size bytes, the table's
 * struct at `at`): the row's double holds c->si and every other byte is the default's. */
static void check_row(const vt_option *t, size_t n, const row_case *c, const void *defaults,
                      size_t size, size_t at) {
  const vt_option *r = vt_option_find(t, n, c->name);
  CHECK(r != NULL && r->kind == VT_OPTION_QUANTITY, "row %s: a quantity", c->name);
  if (!r) return;
  CHECK(r->help && *r->help && r->arg && *r->arg, "%s: help", c->name);
  unsigned char *a = malloc(size), *b = malloc(size);
  size_t lo = at + r->offset, hi = lo + sizeof(double);
  CHECK(a && b && hi <= size, "%s: a field of the struct", c->name);
  for (int by_si = 0; a && b && hi <= size && by_si < 2; by_si++) {
    memcpy(a, defaults, size);
    memcpy(b, defaults, size);
    vt_error err;
    int rc = by_si ? vt_option_set_si(r, b + at, c->si, &err)
                   : vt_option_set_text(r, b + at, NULL, c->text, &err);
    CHECK(rc == VT_OK, "%s '%s' (%s)", c->name, c->text, by_si ? "SI" : "text");
    CHECK_REL(field(b, lo), c->si, c->name);
    CHECK(field(a, lo) != c->si, "%s: the case differs from the default", c->name);
    CHECK(memcmp(a, b, lo) == 0 && memcmp(a + hi, b + hi, size - hi) == 0,
          "%s: no other field changed", c->name);
  }
  free(a);
  free(b);
}

/* Every double of [0, end) of the struct has exactly one row (the struct's fields are doubles). */
static void check_cover(const char *what, const vt_option *t, size_t n, size_t from, size_t end) {
  for (size_t off = from; off < end; off += sizeof(double)) {
    int rows_at = 0;
    for (size_t k = 0; k < n; k++) rows_at += t[k].offset == off;
    CHECK(rows_at == 1, "%s: the double at offset %zu has %d rows", what, off, rows_at);
  }
}

static void check_format(const vt_option *t, size_t n, const char *name, const void *opts,
                         const char *want) {
  char buf[64];
  const vt_option *r = vt_option_find(t, n, name);
  CHECK(r && vt_option_format(r, opts, buf, sizeof buf, NULL) == VT_OK, "format %s", name);
  CHECK(r && strcmp(buf, want) == 0, "%s formatted '%s', want '%s'", name, buf, want);
}

/* A text that does not read: the status, the message (`spelled` names the option, NULL: the
 * row's name) and the spec unchanged; `grid`: the row is the grid's (at field grid). */
static void check_message(const vt_option *t, size_t n, int grid, const char *name,
                          const char *spelled, const char *text, int status, const char *want) {
  vt_two_step s = vt_two_step_default(), before = s;
  vt_error err;
  vt_error_clear(&err);
  const vt_option *r = vt_option_find(t, n, name);
  void *opts = grid ? (void *)&s.grid : (void *)&s;
  CHECK(r && vt_option_set_text(r, opts, spelled, text, &err) == status, "%s '%s': status %d", name,
        text, status);
  CHECK(strcmp(err.message, want) == 0, "message '%s', want '%s'", err.message, want);
  CHECK(memcmp(&s, &before, sizeof s) == 0, "%s: unchanged after an error", name);
}

static void test_two_step(void) {
  size_t n;
  const vt_option *t = vt_two_step_option_table(&n);
  vt_two_step d = vt_two_step_default();
  CHECK(t && n == 2, "two-step rows");
  static const row_case cases[] = {{"t2", "3000 s", 3000.0}, {"rate", "60 %/min", 0.01}};
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++)
    check_row(t, n, &cases[k], &d, sizeof d, 0);
  check_cover("two-step", t, n, offsetof(vt_two_step, rate_per_s), offsetof(vt_two_step, grid));
  check_format(t, n, "t2", &d, "10000 s");
  check_format(t, n, "rate", &d, "200 %/min");
  CHECK(strcmp(vt_option_find(t, n, "rate")->help, "loading and unloading rate ('0 %/s': jumps)") ==
            0,
        "rate's help as --help shows it");
  check_message(t, n, 0, "rate", "--rate", "1 K/s", VT_EUNIT,
                "--rate: wrong unit in '1 K/s': K/s is a rate, expected a strain rate in %/s, "
                "%/min, 1/s, 1/min");
  CHECK(vt_two_step_option_table(NULL) == NULL, "NULL count");
}

static void test_strain_grid(void) {
  size_t n;
  const vt_option *t = vt_strain_grid_option_table(&n);
  vt_strain_grid_options g = vt_strain_grid_options_default();
  vt_two_step d = vt_two_step_default();
  CHECK(t && n == 3, "strain grid rows");
  static const row_case cases[] = {
      {"ramp_step", "0.05 %", 5e-4}, {"ppd", "8", 8.0}, {"t_first", "10 ms", 0.01}};
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    check_row(t, n, &cases[k], &g, sizeof g, 0);
    check_row(t, n, &cases[k], &d, sizeof d, offsetof(vt_two_step, grid)); /* within the spec */
  }
  check_cover("strain grid", t, n, 0, sizeof g);
  check_format(t, n, "ramp_step", &g, "0.01 %");
  check_format(t, n, "ppd", &g, "20");
  check_format(t, n, "t_first", &g, "0.001 s");
  check_message(t, n, 1, "t_first", NULL, "1 K", VT_EUNIT,
                "t_first: wrong unit in '1 K': K is a temperature, expected a time in s, ms, us, "
                "ns, ps, fs, min, h");
  CHECK(vt_strain_grid_option_table(NULL) == NULL, "NULL count");
}

int main(void) {
  test_two_step();
  test_strain_grid();
  TEST_MAIN_END();
}
