/* The data sets read from tables (vitrum/datasets.h): peak temperatures at several rates, a
 * loss-modulus sweep, heat-flow scans of a long-format map. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

static int table_of(const char *text, int ragged, vt_table *t) {
  vt_table_opts o = vt_table_opts_default();
  vt_error err;
  o.ragged = ragged;
  o.allow_no_rows = 1;
  int rc = vt_table_parse(text, strlen(text), "mem.csv", &o, t, &err);
  CHECK(rc == VT_OK, "table: %s", rc ? err.message : "");
  return rc;
}

static void test_rate_peaks(void) {
  vt_table t = {0};
  vt_rate_peaks p = {0};
  vt_error err;
  if (table_of("Heating Rate [K/min],note,Tp_C\n60,a,100\n600,b,110\n", 0, &t)) return;
  int rc = vt_rate_peaks_from_table(&t, &p, &err);
  CHECK(rc == VT_OK && p.n == 2, "rate peaks: %s", rc ? err.message : "");
  if (!rc) {
    CHECK_NEAR(p.rate_K_per_s[1], 10.0, 1e-12, "600 K/min");
    CHECK_NEAR(p.Tp_K[0], 373.15, 1e-12, "100 C");
    CHECK(p.line[1] == 3, "line %ld", p.line[1]);
  }
  vt_rate_peaks_free(&p);
  vt_table_free(&t);
  if (table_of("rate_K_per_s,Tp_K\n1,400\n-2,410\n", 0, &t)) return;
  rc = vt_rate_peaks_from_table(&t, &p, &err);
  CHECK(rc == VT_ERANGE && err.line == 3 && p.n == 0, "negative rate: %s", err.message);
  CHECK_CONTAINS(err.message, "mem.csv:3: rate -2 K/s, Tp 410 K: the rate is not positive");
  vt_table_free(&t);
}

static void test_loss_sweep(void) {
  vt_table t = {0};
  vt_loss_sweep s = {0};
  vt_error err;
  if (table_of("T [C],E' [MPa],E'' [MPa]\n20,1000,10\n30,990,12\n", 0, &t)) return;
  int rc = vt_loss_sweep_from_table(&t, NULL, &s, &err);
  CHECK(rc == VT_OK && s.n == 2 && s.T_col == 0 && s.y_col == 2 && s.T_celsius, "sweep: %s",
        rc ? err.message : "");
  if (!rc) CHECK_NEAR(s.loss_Pa[1], 12e6, 1e-6, "E'' in Pa");
  vt_loss_sweep_free(&s);
  vt_sweep_opts o = vt_sweep_opts_default();
  o.y_col = 1, o.y_unit = "GPa";
  rc = vt_loss_sweep_from_table(&t, &o, &s, &err);
  CHECK(rc == VT_OK && s.y_col == 1, "chosen column: %s", rc ? err.message : "");
  if (!rc) CHECK_NEAR(s.loss_Pa[0], 1000e9, 1, "unit given");
  vt_loss_sweep_free(&s);
  /* Columns as a user names them: a number with a unit, a header name; their names kept. */
  o = vt_sweep_opts_default();
  o.T_spec = "1:K", o.y_spec = "E' [MPa]";
  rc = vt_loss_sweep_from_table(&t, &o, &s, &err);
  CHECK(rc == VT_OK && s.y_col == 1 && !s.T_celsius && strcmp(s.T_name, "T [C]") == 0 &&
            strcmp(s.y_name, "E' [MPa]") == 0,
        "specs: %s", rc ? err.message : "");
  if (!rc) CHECK_NEAR(s.T_K[1], 30.0, 0, "T read in K as the spec says");
  vt_loss_sweep_free(&s);
  o.y_spec = "4";
  rc = vt_loss_sweep_from_table(&t, &o, &s, &err);
  CHECK(rc == VT_EINVAL && !s.T_K && !s.T_name, "spec beyond the header: status %d", rc);
  CHECK(strncmp(err.message, "--y-col '4': ", 13) == 0, "message: %s", err.message);
  vt_table_free(&t);
  if (table_of("T_K,E2_psi\n300,1\n", 0, &t)) return;
  rc = vt_loss_sweep_from_table(&t, NULL, &s, &err);
  CHECK(rc == VT_ENOTFOUND, "psi: %s", err.message);
  CHECK_CONTAINS(err.message, "header has no loss-modulus column");
  CHECK_CONTAINS(err.message, "'E2_psi' has unit 'psi'");
  vt_table_free(&t);
}

static void test_heat_flow_scans(void) {
  vt_table t = {0};
  vt_heat_flow_scans s = {0};
  vt_error err;
  if (table_of("T_a_K,t_a_s,T_K,dheat_flow_W_per_mol\n"
               "373,50,300,1\n373,50,301,2\n373,50,302,3\n"
               "383,50,300,4\n383,50,301,5\n\n"
               "383,50,300,6\n",
               0, &t))
    return;
  vt_scans_opts o = vt_scans_opts_default();
  o.grouped = 1;
  o.T_max_K = 301;
  int rc = vt_heat_flow_scans_from_table(&t, &o, &s, &err);
  CHECK(rc == VT_OK && s.n_scans == 3 && s.n == 5, "scans: %s (%zu scans, %zu points)",
        rc ? err.message : "", s.n_scans, s.n);
  if (!rc) {
    CHECK(s.scans[0].n == 2 && s.scans[1].start == 2 && s.scans[2].line == 8, "scan bounds");
    CHECK(strcmp(s.scans[1].key, "383,50") == 0, "key '%s'", s.scans[1].key);
    CHECK(s.n_keys == 2 && strcmp(s.key_names[1], "t_a_s") == 0, "key names");
    CHECK(strcmp(s.T_name, "T_K") == 0 && strcmp(s.y_unit, "W/mol") == 0 &&
              strcmp(s.q_unit, "J/mol") == 0,
          "names and units: %s %s %s", s.T_name, s.y_unit, s.q_unit);
  }
  vt_heat_flow_scans_free(&s);
  o = vt_scans_opts_default(); /* one scan: T must rise */
  rc = vt_heat_flow_scans_from_table(&t, &o, &s, &err);
  CHECK(rc == VT_EPARSE && err.line == 5, "not rising: %s", err.message);
  CHECK_CONTAINS(err.message, "mem.csv:5: T = 300 K does not increase");
  vt_heat_flow_scans_free(&s);
  /* Columns by header name: the key columns follow the choice; a name the header lacks. */
  o = vt_scans_opts_default();
  o.grouped = 1, o.T_name = "T_K", o.y_name = "t_a_s";
  rc = vt_heat_flow_scans_from_table(&t, &o, &s, &err);
  CHECK(rc == VT_OK && strcmp(s.y_name, "t_a_s") == 0 && s.n_keys == 2 &&
            strcmp(s.key_names[1], "dheat_flow_W_per_mol") == 0,
        "by name: %s", rc ? err.message : s.y_name);
  vt_heat_flow_scans_free(&s);
  o.y_name = "dhf";
  rc = vt_heat_flow_scans_from_table(&t, &o, &s, &err);
  CHECK(rc == VT_EINVAL && s.n_scans == 0, "no such name: status %d", rc);
  CHECK_CONTAINS(err.message, "--y-col 'dhf': mem.csv:1 has no such column (it has 'T_a_K', "
                              "'t_a_s', 'T_K', 'dheat_flow_W_per_mol')");
  vt_heat_flow_scans_free(NULL);
  vt_table_free(&t);
}

int main(void) {
  test_rate_peaks();
  test_loss_sweep();
  test_heat_flow_scans();
  TEST_MAIN_END();
}
