/* The public table reader (vitrum/table.h): header units, CRLF, BOM, quotes, comments, groups,
 * and errors that name the line and the column, never a silent cut. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

static int parse(const char *text, const vt_table_opts *opts, vt_table *t, vt_error *err) {
  return vt_table_parse(text, strlen(text), "mem.csv", opts, t, err);
}

static void check_col(const vt_table *t, size_t k, const char *name, const char *base,
                      const char *unit) {
  CHECK(strcmp(t->cols[k].name, name) == 0, "col %zu name '%s', want '%s'", k, t->cols[k].name,
        name);
  CHECK(strcmp(t->cols[k].base, base) == 0, "col %zu base '%s', want '%s'", k, t->cols[k].base,
        base);
  CHECK(strcmp(t->cols[k].unit, unit) == 0, "col %zu unit '%s', want '%s'", k, t->cols[k].unit,
        unit);
}

static void test_header_units(void) {
  vt_table t = {0};
  vt_error err;
  int rc = parse("T_a_K,t_a_s,T [C],dheat_flow_W_per_mol,E2 (MPa),n,rate_K_per_min\n"
                 "373,50,20,1,2,3,10\n",
                 NULL, &t, &err);
  CHECK(rc == VT_OK && t.n_cols == 7 && t.n_rows == 1, "units table: %s", rc ? err.message : "");
  if (rc) return;
  check_col(&t, 0, "T_a_K", "T_a", "K");
  check_col(&t, 1, "t_a_s", "t_a", "s");
  check_col(&t, 2, "T [C]", "T", "C");
  check_col(&t, 3, "dheat_flow_W_per_mol", "dheat_flow", "W/mol");
  check_col(&t, 4, "E2 (MPa)", "E2", "MPa");
  check_col(&t, 5, "n", "n", "");
  check_col(&t, 6, "rate_K_per_min", "rate", "K/min");
  double v[1];
  rc = vt_table_column_si(&t, 2, VT_DIM_TEMPERATURE, NULL, 0, v, &err);
  CHECK(rc == VT_OK && fabs(v[0] - 293.15) < 1e-12, "T [C] -> %g K", v[0]);
  rc = vt_table_column_si(&t, 6, VT_DIM_RATE, NULL, 0, v, &err);
  CHECK(rc == VT_OK && fabs(v[0] - 10.0 / 60.0) < 1e-15, "rate -> %g K/s", v[0]);
  int col;
  rc = vt_table_find(&t, "T|Temp", VT_DIM_TEMPERATURE, 0, &col, &err);
  CHECK(rc == VT_OK && col == 2, "find T: %d %s", col, rc ? err.message : "");
  rc = vt_table_find(&t, "E2|E''", VT_DIM_STRESS, 0, &col, &err);
  CHECK(rc == VT_OK && col == 4, "find E2: %d", col);
  rc = vt_table_find(&t, "n", VT_DIM_NONE, 0, &col, &err);
  CHECK(rc == VT_OK && col == 5, "find n: %d", col);
  rc = vt_table_find(&t, "RATE", VT_DIM_RATE, VT_TABLE_NOCASE, &col, &err);
  CHECK(rc == VT_OK && col == 6, "find RATE without case: %d", col);
  rc = vt_table_find(&t, "Tp", VT_DIM_TEMPERATURE, VT_TABLE_OPTIONAL, &col, &err);
  CHECK(rc == VT_OK && col == -1, "optional Tp absent: %d", col);
  CHECK(vt_table_column(&t, "T [C]") == 2 && vt_table_column(&t, "T") == -1, "exact names");
  vt_table_free(&t);
  vt_table_free(&t); /* zeroed: safe */
  vt_table_free(NULL);
}

static void test_crlf_bom_quotes_comments(void) {
  vt_table t = {0};
  vt_error err;
  int rc = parse("\xEF\xBB\xBF# exported\r\n"
                 "\"T_K\", \"note, with comma\" ,\"say \"\"hi\"\"\"\r\n"
                 "\r\n"
                 "300 , \"a # not a comment\", x # a comment\r\n"
                 "   # only a comment\r\n"
                 "301,,\"\"\r\n",
                 NULL, &t, &err);
  CHECK(rc == VT_OK && t.n_rows == 2 && t.n_cols == 3, "crlf: %s", rc ? err.message : "");
  if (rc) return;
  check_col(&t, 0, "T_K", "T", "K");
  check_col(&t, 1, "note, with comma", "note, with comma", "");
  check_col(&t, 2, "say \"hi\"", "say \"hi\"", "");
  CHECK(strcmp(t.cells[1], "a # not a comment") == 0, "quoted '#': '%s'", t.cells[1]);
  CHECK(strcmp(t.cells[2], "x") == 0, "comment cut: '%s'", t.cells[2]);
  CHECK(strcmp(t.cells[4], "") == 0 && strcmp(t.cells[5], "") == 0, "empty cells");
  CHECK(t.header_line == 2 && t.line[0] == 4 && t.line[1] == 6, "lines %ld %ld %ld", t.header_line,
        t.line[0], t.line[1]);
  CHECK(!t.after_blank[0] && !t.after_blank[1], "blank before the first row is no split");
  double v[2];
  rc = vt_table_column_si(&t, 1, VT_DIM_NONE, NULL, 0, v, &err);
  CHECK(rc == VT_EPARSE && err.line == 4, "text cell: %s", err.message);
  CHECK_CONTAINS(err.message, "mem.csv:4: column 'note, with comma': 'a # not a comment' is not");
  vt_table_free(&t);
}

static void test_groups(void) {
  vt_table t = {0};
  vt_error err;
  int rc = parse("T_a_K,T_K,y_W\n"
                 "373,300,1\n373,301,2\n"
                 "383,300,1\n383,301,2\n\n"
                 "383,300,5\n",
                 NULL, &t, &err);
  CHECK(rc == VT_OK && t.n_rows == 5, "groups table: %s", rc ? err.message : "");
  size_t starts[6], key = 0;
  size_t n = vt_table_groups(&t, &key, 1, starts);
  CHECK(n == 3 && starts[0] == 0 && starts[1] == 2 && starts[2] == 4 && starts[3] == 5,
        "groups by key and blank: %zu (%zu %zu %zu)", n, starts[0], starts[1], starts[2]);
  n = vt_table_groups(&t, NULL, 0, starts);
  CHECK(n == 2 && starts[1] == 4, "groups by blank only: %zu", n);
  vt_table_free(&t);
}

/* A bad table: the status, the message part and err.line. */
static void expect_error(const char *text, const vt_table_opts *opts, int status, long line,
                         const char *part) {
  vt_table t = {0};
  vt_error err;
  int rc = parse(text, opts, &t, &err);
  CHECK(rc == status, "status %d (%s), want %d for '%s'", rc, rc ? err.message : "", status, text);
  if (rc) {
    CHECK_CONTAINS(err.message, part);
    CHECK(err.line == line, "err.line %ld, want %ld (%s)", err.line, line, err.message);
  }
  CHECK(t.n_rows == 0 && t.cells == NULL && t.cols == NULL, "nothing kept after an error");
  vt_table_free(&t);
}

static void test_errors(void) {
  expect_error("", NULL, VT_EPARSE, 0, "mem.csv: no header line");
  expect_error("# only\n\n", NULL, VT_EPARSE, 0, "no header line");
  expect_error("T_K,y\n", NULL, VT_EPARSE, 0, "mem.csv: no data rows after the header");
  expect_error("T_K,y\n1,2\n3\n", NULL, VT_EPARSE, 3, "mem.csv:3: 1 field, expected 2");
  expect_error("T_K,y\n1,\"open\n", NULL, VT_EPARSE, 2, "mem.csv:2: field 2: a quote opens");
  expect_error("T_K,y\n1,\"a\"b\n", NULL, VT_EPARSE, 2, "field 2: text after the closing quote");
  vt_table_opts o = vt_table_opts_default();
  o.max_fields = 3;
  expect_error("a,b,c\n1,2,3,4\n", &o, VT_ERANGE, 2, "mem.csv:2: more than 3 fields");
  expect_error("a,b,c,d\n1,2,3,4\n", &o, VT_ERANGE, 1, "mem.csv:1: more than 3 fields");
  o = vt_table_opts_default();
  o.allow_no_rows = 1;
  vt_table t = {0};
  vt_error err;
  CHECK(parse("T_K\n", &o, &t, &err) == VT_OK && t.n_rows == 0, "allow_no_rows");
  vt_table_free(&t);
  CHECK(vt_table_parse("a\0b", 3, "nul", NULL, &t, &err) == VT_EPARSE, "NUL bytes");
}

static void test_column_errors(void) {
  vt_table t = {0};
  vt_error err;
  vt_table_opts o = vt_table_opts_default();
  o.ragged = 1;
  int rc = parse("T_K,Tp [K/s],Tp,y_W,T_C\n300,1,2,nan,1\n301,1,2,abc,1\n302\n", &o, &t, &err);
  CHECK(rc == VT_OK && t.n_rows == 3 && t.width[2] == 1, "ragged: %s", rc ? err.message : "");
  if (rc) return;
  double v[3];
  int col;
  rc = vt_table_column_si(&t, 3, VT_DIM_POWER, NULL, 0, v, &err);
  CHECK(rc == VT_ERANGE && err.line == 2, "nan: %s", err.message);
  CHECK_CONTAINS(err.message, "mem.csv:2: column 'y_W': 'nan' is not a finite number");
  rc = vt_table_column_si(&t, 3, VT_DIM_POWER, NULL, VT_TABLE_EMPTY_NAN, v, &err);
  CHECK(rc == VT_ERANGE, "a written nan stays an error with EMPTY_NAN");
  rc = vt_table_column_si(&t, 0, VT_DIM_TEMPERATURE, NULL, 0, v, &err);
  CHECK(rc == VT_OK && v[2] == 302, "T_K: %s", rc ? err.message : "");
  rc = vt_table_column_si(&t, 4, VT_DIM_TEMPERATURE, NULL, 0, v, &err);
  CHECK(rc == VT_EPARSE && err.line == 4, "short row: %s", err.message);
  CHECK_CONTAINS(err.message, "mem.csv:4: 1 field, expected at least 5");
  rc = vt_table_column_si(&t, 2, VT_DIM_TEMPERATURE, NULL, 0, v, &err);
  CHECK(rc == VT_EUNIT && err.line == 1, "no unit: %s", err.message);
  CHECK_CONTAINS(err.message, "mem.csv:1: column 'Tp' has no unit");
  rc = vt_table_column_si(&t, 0, VT_DIM_TEMPERATURE, "C", 0, v, &err);
  CHECK(rc == VT_OK && fabs(v[0] - 573.15) < 1e-12, "unit given: %s", rc ? err.message : "");
  rc = vt_table_find(&t, "T", VT_DIM_TEMPERATURE, 0, &col, &err);
  CHECK(rc == VT_EPARSE && col == -1, "two T columns: %s", err.message);
  CHECK_CONTAINS(err.message, "mem.csv:1: two T columns (1 and 5)");
  rc = vt_table_find(&t, "Tp", VT_DIM_TEMPERATURE, 0, &col, &err);
  CHECK(rc == VT_EUNIT, "Tp [K/s]: %s", err.message);
  CHECK_CONTAINS(err.message, "column 'Tp [K/s]': 'K/s' is not a temperature unit");
  rc = vt_table_find(&t, "dh", VT_DIM_MOLAR_ENERGY, 0, &col, &err);
  CHECK(rc == VT_ENOTFOUND, "no dh: %s", err.message);
  CHECK_CONTAINS(err.message, "header has no dh column: expected dh_J_per_mol or dh_kJ_per_mol");
  vt_table_free(&t);
}

static void test_file(void) {
  vt_table t = {0};
  vt_error err;
  CHECK(vt_table_read(VT_TEST_DATA_DIR "/nope.csv", NULL, &t, &err) == VT_EIO, "missing file");
  CHECK_CONTAINS(err.message, "nope.csv: cannot open");
  CHECK(vt_table_read(NULL, NULL, &t, &err) == VT_EINVAL, "NULL path");
  CHECK_CONTAINS(err.message, "vt_table_read");
}

/* A column the user names: by its whole header name in any case, by number, with ':UNIT' for a
 * header without one; the wrong unit and no such column are told apart. */
static void test_pick(void) {
  vt_table t = {0};
  vt_error err;
  char unit[32];
  int col = -9;
  CHECK(parse("time_s,Temp,E [MPa]\n0,300,1\n", NULL, &t, &err) == VT_OK, "%s", err.message);
  CHECK(vt_table_pick(&t, "e [mpa]", VT_DIM_STRESS, &col, unit, sizeof unit, &err) == VT_OK, "%s",
        err.message);
  CHECK(col == 2 && strcmp(unit, "MPa") == 0, "by name: col %d unit '%s'", col, unit);
  CHECK(vt_table_pick(&t, "2:C", VT_DIM_TEMPERATURE, &col, unit, sizeof unit, &err) == VT_OK, "%s",
        err.message);
  CHECK(col == 1 && strcmp(unit, "C") == 0, "by number with a unit: col %d unit '%s'", col, unit);
  CHECK(vt_table_pick(&t, "Temp", VT_DIM_TEMPERATURE, &col, unit, sizeof unit, &err) == VT_EUNIT,
        "no unit");
  CHECK_CONTAINS(err.message, "column 'Temp' has no unit: write 'Temp:UNIT'");
  CHECK(vt_table_pick(&t, "3:MPa/s", VT_DIM_STRESS, &col, unit, sizeof unit, &err) == VT_EUNIT,
        "wrong unit");
  CHECK_CONTAINS(err.message, "'MPa/s' is not a stress unit");
  CHECK(vt_table_pick(&t, "4", VT_DIM_STRESS, &col, unit, sizeof unit, &err) == VT_ENOTFOUND,
        "no 4th column");
  CHECK_CONTAINS(err.message, "no such column in the header (3 columns)");
  vt_table_free(&t);
}

int main(void) {
  test_header_units();
  test_crlf_bom_quotes_comments();
  test_groups();
  test_errors();
  test_column_errors();
  test_file();
  test_pick();
  TEST_MAIN_END();
}
