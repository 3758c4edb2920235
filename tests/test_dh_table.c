/* Fit-data readers: enthalpy-recovery tables (vt_read_dh_table) and Cp_N curves
 * (vt_read_cpn_curve) read exactly, units converted, rows appended with their lines; every
 * malformed input refused with a message naming file:line and what was expected, leaving the
 * data as they were. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/io/fit_io.h"
#include "test_util.h"
#include "vitrum/vitrum.h"

static char tmp_dir[64];

/* Write text to a file in the temporary folder; returns its path, which stays valid for the next
 * 31 calls (a ring of buffers: test_cpn_curve keeps its program's path across five). */
static const char *write_tmp(const char *name, const char *text) {
  static char paths[32][128];
  static int next = 0;
  char *path = paths[next++ % 32];
  snprintf(path, sizeof paths[0], "%s/%s", tmp_dir, name);
  FILE *f = fopen(path, "wb");
  if (!f) return path;
  fputs(text, f);
  fclose(f);
  return path;
}

static void check_point(const vt_dh_point *p, double T1, double t1, double T2, double t2, double dh,
                        double sigma, long line, const char *what) {
  char w[96];
#define FIELD(got, want, name)                                                                     \
  snprintf(w, sizeof w, "%s %s", what, name);                                                      \
  if (isnan(want))                                                                                 \
    CHECK(isnan(got), "%s: got %g, want empty (NaN)", w, got);                                     \
  else                                                                                             \
    CHECK_NEAR(got, want, 1e-12 * fabs(want), w);
  FIELD(p->T1_K, T1, "T1");
  FIELD(p->t1_s, t1, "t1");
  FIELD(p->T2_K, T2, "T2");
  FIELD(p->t2_s, t2, "t2");
  FIELD(p->dh_J_per_mol, dh, "dh");
  FIELD(p->sigma_J_per_mol, sigma, "sigma");
#undef FIELD
  CHECK(p->line == line, "%s: line %ld, want %ld", what, p->line, line);
}

/* Both shipped tables into one data set: kJ/mol, C, min and brackets converted, appended. */
static void test_read_files(void) {
  vt_fit_data d = {0};
  vt_error err;
  int rc = vt_read_dh_table(VT_TEST_DATA_DIR "/fit_dh_two_step.csv", &d, &err);
  CHECK(rc == VT_OK, "two-step table: %s", rc ? err.message : "");
  CHECK(d.n_dh == 3, "two-step table: %zu rows, want 3", d.n_dh);
  if (d.n_dh == 3) {
    check_point(&d.dh[0], 373, 50, 383, 0.1, 812, 20, 4, "row 1");
    check_point(&d.dh[1], 373, 50, 383, 10, 655, 20, 5, "row 2 (trailing comment)");
    check_point(&d.dh[2], 383, 100, NAN, NAN, 1104, 30, 6, "row 3 (single step)");
  }
  rc = vt_read_dh_table(VT_TEST_DATA_DIR "/fit_dh_celsius.csv", &d, &err);
  CHECK(rc == VT_OK, "celsius table: %s", rc ? err.message : "");
  CHECK(d.n_dh == 5, "appended: %zu rows, want 5", d.n_dh);
  if (d.n_dh == 5) {
    check_point(&d.dh[3], 373.15, 30, NAN, NAN, 512.5, NAN, 3, "C/min row 1");
    check_point(&d.dh[4], 383.65, 120, NAN, NAN, -30, NAN, 5, "C/min row 2 (after a blank)");
    check_point(&d.dh[0], 373, 50, 383, 0.1, 812, 20, 4, "first file kept");
  }
  vt_fit_data_free(&d);
}

/* CRLF, a byte-order mark, quoted names, the sigma_dh spelling, a two-step row with T1 = T2. */
static void test_read_crlf(void) {
  const char *path = write_tmp("crlf.csv", "\xEF\xBB\xBF# exported on Windows\r\n"
                                           "\"T1_K\",\"t1_s\",\"T2_K\",\"t2_s\",\"dh_J_per_mol\","
                                           "\"sigma_dh_J_per_mol\"\r\n"
                                           "348,1e2,348,0,250,5\r\n"
                                           "363 , 20 , 383 , 1000 , 301.5 , 6\r\n");
  vt_fit_data d = {0};
  vt_error err;
  int rc = vt_read_dh_table(path, &d, &err);
  CHECK(rc == VT_OK && d.n_dh == 2, "CRLF table: %s", rc ? err.message : "");
  if (d.n_dh == 2) {
    check_point(&d.dh[0], 348, 100, 348, 0, 250, 5, 3, "CRLF row 1");
    check_point(&d.dh[1], 363, 20, 383, 1000, 301.5, 6, 4, "CRLF row 2");
  }
  vt_fit_data_free(&d);
}

/* A bad file: the call fails with `status`, the message holds `part` and the file:line prefix
 * (line > 0), and the data set keeps its one earlier point. */
static void expect_error(const char *name, const char *text, int status, long line,
                         const char *part) {
  const char *path = write_tmp(name, text);
  vt_dh_point keep = {383, 10, NAN, NAN, 500, NAN, 9};
  vt_fit_data d = {0};
  d.dh = malloc(sizeof *d.dh);
  d.dh[0] = keep;
  d.n_dh = 1;
  vt_error err;
  int rc = vt_read_dh_table(path, &d, &err);
  CHECK(rc == status, "%s: status %d (%s), want %d", name, rc, vt_strerror(rc), status);
  if (rc) {
    CHECK_CONTAINS(err.message, part);
    char where[160];
    snprintf(where, sizeof where, "%s:%ld: ", path, line);
    if (line > 0) CHECK_CONTAINS(err.message, where);
    if (line > 0) CHECK(err.line == line, "%s: err.line %ld, want %ld", name, err.line, line);
  }
  CHECK(d.n_dh == 1 && d.dh[0].dh_J_per_mol == 500 && d.dh[0].line == 9,
        "%s: the data set changed (%zu points)", name, d.n_dh);
  vt_fit_data_free(&d);
}

#define HDR "T1_K,t1_s,T2_K,t2_s,dh_J_per_mol\n"

static void test_errors(void) {
  expect_error("no_dh.csv", "T1_K,t1_s\n383,1\n", VT_EPARSE, 1,
               "no dh column: expected dh_J_per_mol");
  expect_error("data_first.csv", "# c\n383,1,,,5\n", VT_EPARSE, 2, "no T1 column");
  expect_error("no_unit.csv", "T1,t1_s,dh_J_per_mol\n383,1,5\n", VT_EUNIT, 1,
               "column 'T1' has no unit: expected T1_K or T1_C");
  expect_error("bad_unit.csv", "T1_F,t1_s,dh_J_per_mol\n383,1,5\n", VT_EUNIT, 1,
               "'F' is not a temperature unit");
  expect_error("energy_unit.csv", "T1_K,t1_s,dh_J_mol\n383,1,5\n", VT_EUNIT, 1,
               "'J_mol' is not a molar energy unit");
  expect_error("two_T1.csv", "T1_K,T1_C,t1_s,dh_J_per_mol\n383,110,1,5\n", VT_EPARSE, 1,
               "two T1 columns (1 and 2)");
  expect_error("not_number.csv", HDR "383,1,,,5\n383,abc,,,5\n", VT_EPARSE, 3,
               "column 't1_s': 'abc' is not a number");
  expect_error("nan.csv", HDR "# c\n383,1,,,nan\n", VT_ERANGE, 3,
               "column 'dh_J_per_mol': 'nan' is not a finite number");
  expect_error("inf.csv", HDR "383,inf,,,5\n", VT_ERANGE, 2, "'inf' is not a finite number");
  expect_error("overflow.csv", "T1_K,t1_h,dh_J_per_mol\n500,1e308,1\n", VT_ERANGE, 2,
               "column 't1_h': '1e308' is out of range once converted to SI units");
  expect_error("negative_t1.csv", HDR "383,-1,,,5\n", VT_ERANGE, 2,
               "t1 = -1 s is negative: times must be >= 0");
  expect_error("negative_t2.csv", HDR "373,5,383,-0.5,5\n", VT_ERANGE, 2,
               "t2 = -0.5 s is negative");
  expect_error("T2_without_t2.csv", HDR "373,5,383,,5\n", VT_EINVAL, 2, "T2 given without t2");
  expect_error("t2_without_T2.csv", HDR "373,5,,10,5\n", VT_EINVAL, 2, "t2 given without T2");
  expect_error("header_T2_only.csv", "T1_K,t1_s,T2_K,dh_J_per_mol\n373,5,383,5\n", VT_EPARSE, 1,
               "a T2 column but no t2 column");
  expect_error("empty_dh.csv", HDR "373,5,,,\n", VT_EINVAL, 2, "dh is empty");
  expect_error("empty_T1.csv", HDR ",5,,,7\n", VT_EINVAL, 2, "T1 is empty");
  expect_error("fields.csv", HDR "373,5,5\n", VT_EPARSE, 2,
               "3 fields, expected 5 as in the header");
  expect_error("absolute_zero.csv", "T1_C,t1_s,dh_J_per_mol\n-300,1,5\n", VT_ERANGE, 2,
               "T1 = -26.85 K is not above absolute zero");
  expect_error("sigma_empty.csv", "T1_K,t1_s,dh_J_per_mol,sigma_J_per_mol\n383,1,5,2\n383,2,6,\n",
               VT_EINVAL, 3, "sigma is empty");
  expect_error("sigma_zero.csv", "T1_K,t1_s,dh_J_per_mol,sigma_J_per_mol\n383,1,5,0\n", VT_ERANGE,
               2, "sigma = 0 J/mol must be > 0");
  expect_error("comments_only.csv", "# nothing\n\n", VT_EPARSE, 0, "no header line");
  expect_error("header_only.csv", HDR "# no rows\n", VT_EPARSE, 0, "no data rows after the header");
  vt_fit_data d = {0};
  vt_error err;
  CHECK(vt_read_dh_table(VT_TEST_DATA_DIR "/nope.csv", &d, &err) == VT_EIO, "missing file");
  CHECK_CONTAINS(err.message, "nope.csv: cannot open");
}

/* The Cp_N curve: read with its program; T off the last ramp, a program that does not end
 * heating, a bad sigma refused. */
static void test_cpn_curve(void) {
  const char *scan = write_tmp("scan.prog", "start 450 K\ncool to 300 K at 10000 K/s\n"
                                            "heat to 470 K at 1000 K/s\n");
  vt_fit_data d = {0};
  vt_error err;
  long *lines = NULL;
  int rc = vt_read_cpn_curve(VT_TEST_DATA_DIR "/fit_cpn_curve.csv", scan, &d, &lines, &err);
  CHECK(rc == VT_OK && d.n_curves == 1, "curve: %s", rc ? err.message : "");
  if (d.n_curves == 1) {
    const vt_cpn_curve *c = &d.curves[0];
    CHECK(c->n == 3 && c->sigma != NULL, "curve: %zu points, sigma %p", c->n, (void *)c->sigma);
    CHECK_NEAR(c->T_K[2], 465.5, 0, "curve T[2]");
    CHECK_NEAR(c->CpN[1], 0.35, 0, "curve CpN[1]");
    CHECK_NEAR(c->sigma[0], 0.005, 0, "curve sigma[0]");
    CHECK(lines && lines[0] == 3 && lines[2] == 5, "curve lines");
    CHECK(vt_program_segment_count(c->program) == 2, "curve program");
    CHECK(strstr(c->name, "fit_cpn_curve.csv") != NULL, "curve name %s", c->name);
  }
  free(lines);
  const char *csv = write_tmp("off.csv", "T_C,Cp_N\n100,0.1\n200,0.9\n");
  rc = vt_read_cpn_curve(csv, scan, &d, NULL, &err);
  CHECK(rc == VT_ERANGE && err.line == 3, "T off the ramp: %s", err.message);
  CHECK_CONTAINS(err.message, "off.csv:3: T = 473.15 K lies outside the last ramp");
  const char *cooling = write_tmp("cool.prog", "start 450 K\ncool to 300 K at 10000 K/s\n");
  csv = write_tmp("ok.csv", "T_K,CpN\n380,0.1\n");
  rc = vt_read_cpn_curve(csv, cooling, &d, NULL, &err);
  CHECK(rc == VT_EINVAL && err.line == 2, "cooling program: %s", err.message);
  CHECK_CONTAINS(err.message, "must end with the heating ramp");
  csv = write_tmp("sig.csv", "T_K,CpN,sigma\n380,0.1,0.01\n390,0.2,-1\n");
  rc = vt_read_cpn_curve(csv, scan, &d, NULL, &err);
  CHECK(rc == VT_ERANGE && err.line == 3, "negative sigma: %s", err.message);
  csv = write_tmp("unit.csv", "T_K,CpN_1\n380,0.1\n");
  rc = vt_read_cpn_curve(csv, scan, &d, NULL, &err);
  CHECK(rc == VT_EPARSE, "CpN with a unit is not CpN: %s", err.message);
  CHECK_CONTAINS(err.message, "no CpN column");
  CHECK(d.n_curves == 1, "failed reads left %zu curves", d.n_curves);
  vt_fit_data_free(&d);
}

int main(void) {
  snprintf(tmp_dir, sizeof tmp_dir, "/tmp/vt_dh_table_XXXXXX");
  if (!mkdtemp(tmp_dir)) {
    printf("cannot make a temporary folder\n");
    return 1;
  }
  test_read_files();
  test_read_crlf();
  test_errors();
  test_cpn_curve();
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_dir);
  if (system(cmd) != 0) printf("could not remove %s\n", tmp_dir);
  TEST_MAIN_END();
}
