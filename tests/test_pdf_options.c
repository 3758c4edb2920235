/* The option tables of the X-ray PDF (pdf.h): every row sets exactly its own field, in the
 * field's unit (A, 1/A): bare numbers as they are meant, other units converted exactly as
 * pdf.h's parsers convert them, ranges with one unit after the second value; the messages are
 * the words `vitrum pdf` prints; the defaults format as help and Python show them. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "test_util.h"
#include "vitrum/pdf.h"

typedef struct all_opts { /* the four structs, one buffer for the field-by-field comparison */
  vt_pattern_read_options read;
  vt_sq_options sq;
  vt_r_grid_options grid;
  vt_first_peak_options peak;
} all_opts;

static all_opts defaults(void) {
  all_opts a;
  memset(&a, 0, sizeof a);
  a.read = vt_pattern_read_options_default(), a.sq = vt_sq_options_default();
  a.grid = vt_r_grid_options_default(), a.peak = vt_first_peak_options_default();
  return a;
}

static const struct {
  const vt_option *(*rows)(size_t *n);
  size_t at; /* of the struct in all_opts */
} tables[] = {{vt_pattern_read_option_table, offsetof(all_opts, read)},
              {vt_sq_option_table, offsetof(all_opts, sq)},
              {vt_r_grid_option_table, offsetof(all_opts, grid)},
              {vt_first_peak_option_table, offsetof(all_opts, peak)}};
#define N_TABLES (sizeof tables / sizeof *tables)

/* The row named `name` of any table, and the offset of its struct. */
static const vt_option *row(const char *name, size_t *at) {
  for (size_t t = 0; t < N_TABLES; t++) {
    size_t n = 0;
    const vt_option *rows = tables[t].rows(&n), *r = vt_option_find(rows, n, name);
    if (r) return *at = tables[t].at, r;
  }
  CHECK(0, "row %s found", name);
  return NULL;
}

/* Set `name` from `text` in a fresh struct; `message`: the expected error (NULL: none). */
static int set(all_opts *a, const char *name, const char *text, const char *message) {
  size_t at = 0;
  const vt_option *r = row(name, &at);
  vt_error err = {0};
  char flag[64];
  snprintf(flag, sizeof flag, "--%s", name);
  for (char *p = flag; *p; p++) *p = *p == '_' ? '-' : *p;
  int rc = r ? vt_option_set_text(r, (char *)a + at, flag, text, &err) : VT_EINVAL;
  if (message)
    CHECK(rc != VT_OK && strcmp(err.message, message) == 0, "%s '%s': message '%s', want '%s'",
          name, text, err.message, message);
  else
    CHECK(rc == VT_OK, "%s '%s': %s", name, text, err.message);
  return rc;
}

/* Every row changes its own field and no other byte of the four structs. */
static void test_exactly_its_field(void) {
  static const struct {
    const char *name, *text;
    size_t size;
  } cases[] = {{"axis", "2theta", sizeof(int)},
               {"qmin", "2", sizeof(double)},
               {"qmax", "15", sizeof(double)},
               {"compton", "", sizeof(int)},
               {"norm_range", "12,15", 2 * sizeof(double)},
               {"norm_factor", "0.004", sizeof(double)},
               {"rmin", "1", sizeof(double)},
               {"rmax", "10", sizeof(double)},
               {"dr", "0.02", sizeof(double)},
               {"peak_range", "2.2,3.4", 2 * sizeof(double)}};
  size_t n_rows = 0;
  for (size_t t = 0; t < N_TABLES; t++) {
    size_t n;
    tables[t].rows(&n), n_rows += n;
  }
  CHECK(n_rows == sizeof cases / sizeof *cases, "%zu rows, %zu cases", n_rows,
        sizeof cases / sizeof *cases);
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    all_opts before = defaults(), after = defaults();
    size_t at = 0;
    const vt_option *r = row(cases[k].name, &at);
    if (!r || set(&after, cases[k].name, cases[k].text, NULL)) continue;
    size_t lo = at + r->offset, hi = lo + cases[k].size, changed = 0;
    for (size_t b = 0; b < sizeof before; b++) {
      int differs = ((const unsigned char *)&before)[b] != ((const unsigned char *)&after)[b];
      CHECK(!differs || (b >= lo && b < hi), "%s changed byte %zu outside its field", cases[k].name,
            b);
      changed += differs;
    }
    CHECK(changed > 0, "%s '%s' changed its field", cases[k].name, cases[k].text);
  }
}

/* Lengths and scattering vectors with and without units: the same numbers, to the bit, as
 * vt_pdf_parse_length / _Q / _range read (the reading `vitrum pdf` always had). */
static void test_units(void) {
  static const char *lengths[] = {"20", "2 nm", "200 pm", "0.02A", "3.5 A", "1e-3 nm"};
  static const char *vectors[] = {"16.5", "165 1/nm", "16.5 1/A", "1.5 A^-1", "2 nm^-1"};
  all_opts a = defaults();
  double want, r[2];
  for (size_t k = 0; k < sizeof lengths / sizeof *lengths; k++) {
    CHECK(vt_pdf_parse_length(lengths[k], &want, NULL) == VT_OK, "parse %s", lengths[k]);
    set(&a, "rmax", lengths[k], NULL);
    CHECK(a.grid.r_max_A == want, "rmax '%s' = %.17g A, parsed %.17g", lengths[k], a.grid.r_max_A,
          want);
  }
  for (size_t k = 0; k < sizeof vectors / sizeof *vectors; k++) {
    CHECK(vt_pdf_parse_Q(vectors[k], &want, NULL) == VT_OK, "parse %s", vectors[k]);
    set(&a, "qmin", vectors[k], NULL);
    CHECK(a.sq.Q_min_inv_A == want, "qmin '%s' = %.17g 1/A, parsed %.17g", vectors[k],
          a.sq.Q_min_inv_A, want);
  }
  CHECK_NEAR(a.grid.r_max_A, 0.01, 1e-15, "1e-3 nm = 0.01 A");
  CHECK_NEAR(a.sq.Q_min_inv_A, 0.2, 1e-15, "2 1/nm = 0.2 1/A");
  set(&a, "dr", "2 pm", NULL);
  CHECK_NEAR(a.grid.dr_A, 0.02, 1e-15, "2 pm = 0.02 A");
  /* ranges: the unit after the second value holds for both, or the first names its own */
  static const char *qr[] = {"100,160 1/nm", "10,16", "10, 16 1/A", "10 1/A,16"};
  for (size_t k = 0; k < sizeof qr / sizeof *qr; k++) {
    set(&a, "norm_range", qr[k], NULL);
    CHECK(fabs(a.sq.norm_Q_lo_inv_A - 10) < 1e-14 && fabs(a.sq.norm_Q_hi_inv_A - 16) < 1e-14,
          "norm_range '%s': %.17g, %.17g", qr[k], a.sq.norm_Q_lo_inv_A, a.sq.norm_Q_hi_inv_A);
  }
  set(&a, "peak_range", "0.22,0.34 nm", NULL);
  CHECK(vt_pdf_parse_range("0.22,0.34 nm", 0, r, NULL) == VT_OK && a.peak.r_lo_A == r[0] &&
            a.peak.r_hi_A == r[1],
        "peak_range as vt_pdf_parse_range: %.17g, %.17g", a.peak.r_lo_A, a.peak.r_hi_A);
  CHECK_NEAR(a.peak.r_lo_A, 2.2, 1e-14, "0.22 nm = 2.2 A");
  set(&a, "peak_range", "2.2,3.4", NULL);
  CHECK(vt_pdf_parse_range("2.2,3.4", 0, r, NULL) == VT_OK && a.peak.r_lo_A == r[0] &&
            a.peak.r_hi_A == r[1],
        "bare 2.2,3.4 as vt_pdf_parse_range");
  CHECK(fabs(a.peak.r_lo_A - 2.2) < 1e-15 && fabs(a.peak.r_hi_A - 3.4) < 1e-15, "in A");
  /* the rest: a choice, a flag, a plain number */
  set(&a, "axis", "Q", NULL);
  CHECK(a.read.no_header == VT_AXIS_Q, "axis Q");
  set(&a, "axis", "2theta", NULL);
  CHECK(a.read.no_header == VT_AXIS_TWOTHETA, "axis 2theta");
  set(&a, "axis", "none", NULL);
  CHECK(a.read.no_header == VT_AXIS_NONE, "axis none (a header required)");
  set(&a, "compton", NULL, NULL);
  CHECK(a.sq.compton == 1, "compton");
  set(&a, "norm_factor", "0.004", NULL);
  CHECK(a.sq.norm_factor == 0.004, "norm_factor");
  /* numbers (Python's): in the field's unit, as they are */
  size_t at;
  CHECK(vt_option_set_si(row("rmax", &at), &a.grid, 12.5, NULL) == VT_OK && a.grid.r_max_A == 12.5,
        "rmax 12.5 is 12.5 A");
  CHECK(vt_option_set_si(row("qmax", &at), &a.sq, 16.0, NULL) == VT_OK && a.sq.Q_max_inv_A == 16.0,
        "qmax 16 is 16 1/A");
}

/* A wrong text: the message `vitrum pdf` prints, and the field unchanged. */
static void test_errors(void) {
  all_opts a = defaults(), b = defaults();
  set(&a, "qmax", "16 K", "--qmax '16 K': expected a number with an optional unit (1/A or 1/nm)");
  set(&a, "qmin", "abc", "--qmin 'abc': expected a number with an optional unit (1/A or 1/nm)");
  set(&a, "qmin", "", "--qmin '': expected a number with an optional unit (1/A or 1/nm)");
  set(&a, "rmin", "x", "--rmin 'x': expected a number with an optional unit (A, nm or pm)");
  set(&a, "rmax", "60 keV",
      "--rmax '60 keV': expected a number with an optional unit (A, nm or pm)");
  set(&a, "dr", "nm", "--dr 'nm': expected a number with an optional unit (A, nm or pm)");
  set(&a, "peak_range", "3.4,2.5", "--peak-range '3.4,2.5': expected two increasing values");
  set(&a, "norm_range", "16,10", "--norm-range '16,10': expected two increasing values");
  set(&a, "peak_range", "3", "--peak-range '3': expected two increasing values");
  set(&a, "axis", "r", "--axis 'r': expected 'Q' or '2theta'");
  set(&a, "norm_factor", "-1", "--norm-factor '-1': expected a positive value");
  vt_error err;
  size_t at;
  CHECK(vt_option_set_text(row("norm_range", &at), &a.sq, "--norm-range", "10,16 K", &err) ==
            VT_EUNIT,
        "a temperature is no scattering vector");
  CHECK_CONTAINS(err.message, "--norm-range: wrong unit in '10 K'");
  CHECK(memcmp(&a, &b, sizeof a) == 0, "no field changed by a failed text");
}

/* Defaults as help shows them (vt_option_format), and which rows show none. */
static void test_defaults(void) {
  all_opts a = defaults();
  static const struct {
    const char *name, *text;
    int shown; /* help shows it (no VT_OPTION_NO_DEFAULT) */
  } want[] = {{"rmin", "0 A", 0},    {"rmax", "20 A", 0},    {"dr", "0.01 A", 0},
              {"axis", "none", 0},   {"qmin", "", 1},        {"qmax", "", 1},
              {"norm_range", "", 1}, {"norm_factor", "", 1}, {"peak_range", "", 1},
              {"compton", "", 1}};
  for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
    size_t at = 0;
    const vt_option *r = row(want[k].name, &at);
    char buf[64];
    if (!r) continue;
    CHECK(vt_option_format(r, (char *)&a + at, buf, sizeof buf, NULL) == VT_OK &&
              strcmp(buf, want[k].text) == 0,
          "%s formats '%s', want '%s'", want[k].name, buf, want[k].text);
    CHECK((!(r->flags & VT_OPTION_NO_DEFAULT)) == want[k].shown, "%s shown in help: %d",
          want[k].name, want[k].shown);
  }
  /* the r grid's defaults are the sentence after the options: "from 0 to 20 A in steps of
   * 0.01 A", the same numbers as the rows format */
  char line[128];
  snprintf(line, sizeof line, "from %g to %g A in steps of %g A", a.grid.r_min_A, a.grid.r_max_A,
           a.grid.dr_A);
  CHECK(strcmp(line, "from 0 to 20 A in steps of 0.01 A") == 0, "%s", line);
  set(&a, "norm_range", "100,160 1/nm", NULL);
  set(&a, "peak_range", "0.22,0.34 nm", NULL);
  set(&a, "qmax", "165 1/nm", NULL);
  set(&a, "axis", "2theta", NULL);
  static const struct {
    const char *name, *text;
  } given[] = {{"norm_range", "10, 16 1/A"},
               {"peak_range", "2.2, 3.4 A"},
               {"qmax", "16.5 1/A"},
               {"axis", "2theta"}};
  for (size_t k = 0; k < sizeof given / sizeof *given; k++) {
    size_t at = 0;
    const vt_option *r = row(given[k].name, &at);
    char buf[64] = "";
    if (r) vt_option_format(r, (char *)&a + at, buf, sizeof buf, NULL);
    CHECK(strcmp(buf, given[k].text) == 0, "%s formats '%s', want '%s'", given[k].name, buf,
          given[k].text);
  }
  /* every dimension kept in the rows; a NULL count gives no table */
  size_t at;
  CHECK(row("qmin", &at)->dim == VT_DIM_INVERSE_LENGTH && row("rmin", &at)->dim == VT_DIM_LENGTH &&
            row("peak_range", &at)->dim == VT_DIM_LENGTH &&
            row("norm_range", &at)->dim == VT_DIM_INVERSE_LENGTH,
        "dimensions");
  CHECK(vt_sq_option_table(NULL) == NULL && vt_r_grid_option_table(NULL) == NULL &&
            vt_first_peak_option_table(NULL) == NULL && vt_pattern_read_option_table(NULL) == NULL,
        "NULL n");
}

int main(void) {
  test_exactly_its_field();
  test_units();
  test_errors();
  test_defaults();
  TEST_MAIN_END();
}
