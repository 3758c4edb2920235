/* The option tables of the MD runs (md.h, when md is built) and of the ageing map and LAMMPS
 * log reader (pel.h): each row, set by text in its display unit, changes exactly its own field
 * of a struct holding the defaults, to the value parsed (in SI); no two rows share a field; the
 * defaults format as `vitrum md --help` and `vitrum agemap --help` show them. */
#include <stddef.h>
#include <stdlib.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

/* The bytes a row's field takes. */
static size_t field_size(const vt_option *r) {
  switch (r->kind) {
  case VT_OPTION_QUANTITY:
    return sizeof(double);
  case VT_OPTION_RANGE:
    return 2 * sizeof(double);
  case VT_OPTION_TEXT:
    return sizeof(const char *);
  case VT_OPTION_LIST:
    return sizeof(double *);
  default:
    return sizeof(int);
  }
}

/* A value of row `r` unlike its default `def` (the field at its offset): its text and what the
 * field holds after it (want, in SI for quantities and ranges). */
static void text_of(const vt_option *r, const void *def, vt_quantity_parser parse, char *text,
                    size_t size, double want[2]) {
  const char *unit = r->unit ? r->unit : vt_dim_unit(r->dim), *sp = *unit ? " " : "";
  long max = r->max > 0 ? r->max : 1000000000L;
  int d = *(const int *)((const char *)def + r->offset);
  if (r->kind == VT_OPTION_QUANTITY) {
    snprintf(text, size, "7%s%s", sp, unit);
    CHECK(parse(text, r->dim, &want[0], NULL) == VT_OK, "%s parses", text);
  } else if (r->kind == VT_OPTION_RANGE) {
    char hi[32];
    snprintf(text, size, "7, 9%s%s", sp, unit);
    snprintf(hi, sizeof hi, "9%s%s", sp, unit);
    CHECK(parse(hi + 0, r->dim, &want[1], NULL) == VT_OK, "%s parses", hi);
    hi[0] = '7';
    CHECK(parse(hi, r->dim, &want[0], NULL) == VT_OK, "%s parses", hi);
  } else if (r->kind == VT_OPTION_INT) {
    long v = 7 >= r->min && 7 <= max && d != 7 ? 7 : (d == r->min ? max : r->min);
    snprintf(text, size, "%ld", v);
    want[0] = (double)v;
  } else if (r->kind == VT_OPTION_CHOICE) {
    const char *last = strrchr(r->choices, '|');
    int k = 0;
    for (const char *p = r->choices; (p = strchr(p, '|')) != NULL; p++) k++;
    snprintf(text, size, "%s", last ? last + 1 : r->choices);
    want[0] = k;
    CHECK(k != d, "%s: the last choice is no default", r->name);
  } else {
    snprintf(text, size, "some/text");
  }
}

/* Every row of `t` set by text in a copy of `defaults` (size bytes, the table's struct at
 * `at`): exactly the row's field changes, to the value parsed; rows have their own fields, a
 * name found as its own, help and an argument (a choice's are its choices). */
static void check_rows(const char *what, const vt_option *t, size_t n, const void *defaults,
                       size_t size, size_t at, vt_quantity_parser parse) {
  unsigned char *a = malloc(size), *b = malloc(size);
  for (size_t k = 0; a && b && k < n; k++) {
    const vt_option *r = &t[k];
    size_t lo = at + r->offset, fs = field_size(r), hi = lo + fs;
    CHECK(hi <= size, "%s %s: a field of the struct", what, r->name);
    CHECK(vt_option_find(t, n, r->name) == r, "%s %s: its name is its own", what, r->name);
    CHECK(r->help && *r->help && ((r->arg && *r->arg) || r->kind == VT_OPTION_CHOICE),
          "%s %s: help and its argument", what, r->name);
    for (size_t j = 0; j < k; j++)
      CHECK(t[j].offset + field_size(&t[j]) <= r->offset || r->offset + fs <= t[j].offset,
            "%s %s and %s share a field", what, t[j].name, r->name);
    memcpy(a, defaults, size);
    memcpy(b, defaults, size);
    char text[64];
    double want[2] = {0, 0};
    text_of(r, a + at, parse, text, sizeof text, want);
    vt_error err;
    int rc = vt_option_set_text_with(r, b + at, NULL, text, parse, &err);
    CHECK(rc == VT_OK, "%s %s '%s': %s", what, r->name, text, rc ? err.message : "");
    const unsigned char *f = b + lo;
    if (r->kind == VT_OPTION_QUANTITY || r->kind == VT_OPTION_RANGE) {
      double got[2] = {0, 0};
      memcpy(got, f, fs);
      CHECK(got[0] == want[0] && got[1] == want[1], "%s %s '%s': %.17g, %.17g, want %.17g, %.17g",
            what, r->name, text, got[0], got[1], want[0], want[1]);
    } else if (r->kind == VT_OPTION_TEXT) {
      const char *got;
      memcpy(&got, f, sizeof got);
      CHECK(got == text, "%s %s: the text itself", what, r->name);
    } else {
      int got;
      memcpy(&got, f, sizeof got);
      CHECK(got == (int)want[0], "%s %s '%s': %d", what, r->name, text, got);
    }
    CHECK(memcmp(a + lo, b + lo, fs) != 0, "%s %s '%s': the field changed", what, r->name, text);
    CHECK(memcmp(a, b, lo) == 0 && memcmp(a + hi, b + hi, size - hi) == 0,
          "%s %s: no other field changed", what, r->name);
  }
  free(a);
  free(b);
}

/* Each row's default as help shows it: want[k] for row k ("" for none shown). */
static void check_defaults(const char *what, const vt_option *t, size_t n, const void *defaults,
                           const char *const *want, size_t n_want) {
  CHECK(n == n_want, "%s: %zu rows, want %zu", what, n, n_want);
  for (size_t k = 0; k < n && k < n_want; k++) {
    char buf[128];
    CHECK(vt_option_format(&t[k], defaults, buf, sizeof buf, NULL) == VT_OK, "format");
    if (t[k].flags & (VT_OPTION_NO_DEFAULT | VT_OPTION_REQUIRED)) buf[0] = '\0';
    CHECK(strcmp(buf, want[k]) == 0, "%s %s: default '%s', want '%s'", what, t[k].name, buf,
          want[k]);
  }
}

#define N(a) (sizeof a / sizeof *a)
/* |got - want| <= 1e-15 |want|. */
#define CHECK_REL(got, want, what) CHECK_NEAR(got, want, 1e-15 * fabs(want), what)

#ifdef VITRUM_HAVE_MD
static void test_md(void) {
  size_t nq, na, nm;
  const vt_option *q = vt_md_quench_option_table(&nq), *a = vt_md_anneal_option_table(&na),
                  *m = vt_md_min_option_table(&nm);
  vt_md_quench_options qd = vt_md_quench_default();
  vt_md_anneal_options ad = vt_md_anneal_default();
  vt_md_min_options md = vt_md_min_default();
  check_rows("quench", q, nq, &qd, sizeof qd, 0, vt_md_parse_quantity);
  check_rows("anneal", a, na, &ad, sizeof ad, 0, vt_md_parse_quantity);
  check_rows("anneal min", m, nm, &ad, sizeof ad, offsetof(vt_md_anneal_options, min),
             vt_md_parse_quantity);
  static const char *const qw[] = {
      "Zr44Cu56", "2000",    "/usr/share/lammps/potentials/CuZr_mm.eam.fs",
      "1",        "1 fs",    "2000 K",
      "1 ns",     "10 K/ps", "1 K",
      "100 ps",   ""};
  static const char *const aw[] = {"700 K", "10 ns", "50 ps", "1", "1 fs", "1", "", ""};
  static const char *const mw[] = {"sd", "1e-12", "1e-08", "20000", "100000"};
  check_defaults("quench", q, nq, &qd, qw, N(qw));
  check_defaults("anneal", a, na, &ad, aw, N(aw));
  check_defaults("min", m, nm, &md, mw, N(mw));
  /* MD units (K/ns is the MD parser's only) and the rows' signs. */
  vt_error err;
  CHECK(vt_option_set_text_with(vt_option_find(q, nq, "rate"), &qd, "--rate", "5 K/ns",
                                vt_md_parse_quantity, &err) == VT_OK &&
            qd.rate_K_per_s == 5e9,
        "5 K/ns");
  CHECK(vt_option_set_text_with(vt_option_find(m, nm, "etol"), &md, "--etol", "-1",
                                vt_md_parse_quantity, &err) == VT_ERANGE,
        "etol < 0");
  CHECK(strcmp(err.message, "--etol '-1': expected a value >= 0") == 0, "%s", err.message);
  CHECK(vt_option_set_text(vt_option_find(q, nq, "atoms"), &qd, "--atoms", "0", &err) == VT_ERANGE,
        "0 atoms");
  CHECK(vt_md_quench_option_table(NULL) == NULL && vt_md_anneal_option_table(NULL) == NULL &&
            vt_md_min_option_table(NULL) == NULL,
        "NULL count");
}
#endif

static void test_agemap(void) {
  size_t na, nl;
  const vt_option *a = vt_agemap_option_table(&na), *l = vt_lammps_option_table(&nl);
  vt_agemap_options ad = vt_agemap_options_default();
  vt_lammps_options ld = vt_lammps_options_default();
  check_rows("agemap", a, na, &ad, sizeof ad, 0, vt_parse_quantity);
  check_rows("lammps", l, nl, &ld, sizeof ld, 0, vt_parse_quantity);
  static const char *const aw[] = {"", "0.003", "linear", "121", "121", "", "", "auto", "1"};
  static const char *const lw[] = {"PotEng", "1 fs", ""};
  check_defaults("agemap", a, na, &ad, aw, N(aw));
  check_defaults("lammps", l, nl, &ld, lw, N(lw));
  /* The choices are the enums' values; a range sets both ends in SI. */
  vt_error err;
  CHECK(vt_option_set_text(vt_option_find(a, na, "transform"), &ad, NULL, "asinh", &err) == VT_OK &&
            ad.transform == VT_AGEMAP_ASINH,
        "asinh");
  CHECK(vt_option_set_text(vt_option_find(a, na, "spline"), &ad, NULL, "local", &err) == VT_OK &&
            ad.spline.method == VT_TPS_LOCAL,
        "local");
  CHECK(vt_option_set_text(vt_option_find(a, na, "E_range"), &ad, NULL, "-4.3, -4.2 eV", &err) ==
            VT_OK,
        "E_range");
  CHECK_REL(ad.E_range[0], -4.3 * VT_EV_J_PER_MOL, "E_range lo");
  CHECK_REL(ad.E_range[1], -4.2 * VT_EV_J_PER_MOL, "E_range hi");
  CHECK(vt_option_set_text(vt_option_find(a, na, "T_range"), &ad, "--T-range", "800, 650 K",
                           &err) == VT_ERANGE,
        "a falling range");
  CHECK(strcmp(err.message, "--T-range '800, 650 K': expected 'LO, HI UNIT' with LO < HI") == 0,
        "%s", err.message);
  CHECK(vt_agemap_option_table(NULL) == NULL && vt_lammps_option_table(NULL) == NULL, "NULL count");
}

int main(void) {
  test_agemap();
#ifdef VITRUM_HAVE_MD
  test_md();
#endif
  TEST_MAIN_END();
}
