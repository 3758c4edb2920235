/* The option tables of the MD runs (md.h, when md is built) and of the ageing map and LAMMPS
 * log reader (pel.h): each row, set by text in its display unit, changes exactly its own field
 * of a struct holding the defaults, to the value parsed (in SI); no two rows share a field; the
 * defaults format as `vitrum md --help` and `vitrum agemap --help` show them. */
#include <stddef.h>
#include <stdlib.h>

#include "option_rows.h"
#include "test_util.h"
#include "vitrum/vitrum.h"

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
  check_option_rows("quench", q, nq, &qd, sizeof qd, 0, vt_md_parse_quantity);
  check_option_rows("anneal", a, na, &ad, sizeof ad, 0, vt_md_parse_quantity);
  check_option_rows("anneal min", m, nm, &ad, sizeof ad, offsetof(vt_md_anneal_options, min),
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
  check_option_rows("agemap", a, na, &ad, sizeof ad, 0, vt_parse_quantity);
  check_option_rows("lammps", l, nl, &ld, sizeof ld, 0, vt_parse_quantity);
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
