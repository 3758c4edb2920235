/* The model fit's tables and summary (report.h, vt_fit_*_write_*): a made-up fit of TNM to three
 * dh points and three Cp_N curves is written and read back through the public table reader,
 * which must find the columns by name with their units and give back the values (in SI) within
 * the digits printed; the summary must say what the numbers say. */
#include <stdlib.h>

#include "test_report_util.h"

static double num(const vt_table *t, size_t row, const char *name) {
  return strtod(cell(t, row, name), NULL);
}

/* ---- the fit ------------------------------------------------------------------------------- */

enum { N_DH = 3, N_CURVES = 3, N_CURVE = 4, N_DATA = N_DH + N_CURVES * N_CURVE };

static vt_dh_point dh[N_DH] = {{348, 100, 383, 1, 900, NAN, 3},
                               {348, 100, 383, 10, 700, NAN, 4},
                               {373, 50, NAN, NAN, 400, NAN, 9}};
static double T[N_CURVE] = {300, 310, 320, 330};
/* Equal-area Tf = 330 K - area under Cp_N: 325, 315, 305 K measured; 315, 325, 305 K fitted. */
static double cpn[N_CURVES][N_CURVE] = {{0, 0, 0, 1}, {0, 0, 1, 1}, {0, 1, 1, 1}};
static double cpn_fit[N_CURVES][N_CURVE] = {{0, 0, 1, 1}, {0, 0, 0, 1}, {0, 1, 1, 1}};
static char n0[] = "a.csv", n1[] = "b,c.csv", n2[] = "d.csv";
static char *names[N_CURVES] = {n0, n1, n2};
static const char *dh_file[N_DH] = {"one.csv", "one.csv", "two.csv"};
static long l0[N_CURVE] = {5, 6, 7, 8}, l1[N_CURVE] = {10, 11, 12, 13}, l2[N_CURVE] = {2, 3, 4, 0};
static long *curve_lines[N_CURVES] = {l0, l1, l2};

typedef struct made_fit {
  vt_cpn_curve curves[N_CURVES];
  vt_fit_data data;
  char names[2][32];
  double value[2], se[2], corr[4], pred[N_DATA], res[N_DATA];
  vt_fit_result r;
} made_fit;

/* dh predicted 10 J/mol above the data (residual +10); curves as cpn_fit. */
static void make_fit(made_fit *f) {
  memset(f, 0, sizeof *f);
  for (size_t c = 0; c < N_CURVES; c++)
    f->curves[c] = (vt_cpn_curve){names[c], NULL, N_CURVE, T, cpn[c], NULL};
  f->data = (vt_fit_data){N_DH, dh, N_CURVES, f->curves};
  for (size_t i = 0; i < N_DH; i++) f->pred[i] = dh[i].dh_J_per_mol + 10, f->res[i] = 10;
  for (size_t i = N_DH; i < N_DATA; i++) {
    size_t c = (i - N_DH) / N_CURVE, k = (i - N_DH) % N_CURVE;
    f->pred[i] = cpn_fit[c][k], f->res[i] = cpn_fit[c][k] - cpn[c][k];
  }
  strcpy(f->names[0], "dh"), strcpy(f->names[1], "x");
  f->value[0] = 170e3, f->value[1] = 0.55, f->se[0] = 2e3, f->se[1] = NAN;
  double corr[4] = {1, 0.995, 0.995, 1};
  memcpy(f->corr, corr, sizeof corr);
  f->r = (vt_fit_result){.n_free = 2, .n_data = N_DATA, .dof = N_DATA - 2};
  f->r.names = f->names, f->r.value = f->value, f->r.se = f->se, f->r.correlation = f->corr;
  f->r.predicted = f->pred, f->r.residual = f->res, f->r.chi2 = 2.5, f->r.chi2_dof = 0.25;
  f->r.converged = 1, f->r.iterations = 7, f->r.n_starts = 2, f->r.best_start = 1;
  snprintf(f->r.message, sizeof f->r.message, "chi2 and parameters settled (start 2)");
}

static vt_fit_report report(const vt_model *m, const made_fit *f) {
  return (vt_fit_report){m, &f->data, &f->r, VT_DH_STATE, dh_file, curve_lines, NULL};
}

/* value_in_unit is value_si in the unit of the row; se in that unit; a converged=no comment. */
static void test_values(const vt_model *m, made_fit *f) {
  vt_fit_report rep = report(m, f);
  vt_table t = {0};
  char text[4096];
  f->r.converged = 0;
  FILE *fp = tmpfile();
  CHECK(vt_fit_values_write_csv(&rep, fp, NULL) == 0, "values");
  f->r.converged = 1;
  if (read_back(fp, &t, text, sizeof text)) return;
  const char *head = "# converged=no: chi2 and parameters settled (start 2)\n";
  CHECK(strncmp(text, head, strlen(head)) == 0, "%s", text);
  CHECK(t.n_rows == 2 && !strcmp(cell(&t, 0, "name"), "dh") && !strcmp(cell(&t, 1, "name"), "x"),
        "%zu rows", t.n_rows);
  CHECK(!strcmp(cell(&t, 0, "unit"), "kJ/mol") && !strcmp(cell(&t, 1, "unit"), ""),
        "units '%s' '%s'", cell(&t, 0, "unit"), cell(&t, 1, "unit"));
  double factor, offset;
  CHECK(vt_unit_lookup(VT_DIM_MOLAR_ENERGY, cell(&t, 0, "unit"), &factor, &offset), "kJ/mol");
  NEAR_REL(num(&t, 0, "value_in_unit") * factor + offset, num(&t, 0, "value_si"), 1e-12,
           "dh in its unit is dh in SI");
  NEAR_REL(num(&t, 0, "value_si"), 170e3, 1e-15, "dh");
  NEAR_REL(num(&t, 0, "se_in_unit") * factor, 2e3, 1e-6, "se of dh");
  CHECK(isnan(num(&t, 1, "se_in_unit")), "x on a bound: se nan, got %s", cell(&t, 1, "se_in_unit"));
  vt_table_free(&t);
  f->r.dh_offset_fitted = 1, f->r.dh_offset_J_per_mol = -120, f->r.dh_offset_se_J_per_mol = 4;
  fp = tmpfile();
  CHECK(vt_fit_values_write_csv(&rep, fp, NULL) == 0, "values with offset");
  f->r.dh_offset_fitted = 0;
  if (read_back(fp, &t, text, sizeof text)) return;
  CHECK(t.n_rows == 3 && !strcmp(cell(&t, 2, "name"), "dh_offset"), "offset row");
  NEAR_REL(num(&t, 2, "value_si"), -120.0, 1e-15, "offset");
  vt_table_free(&t);
}

/* residual = predicted - measured on every row; sources file:line; T2 empty for one step. */
static void test_predicted(const vt_model *m, made_fit *f) {
  vt_fit_report rep = report(m, f);
  vt_table t = {0};
  char text[8192];
  FILE *fp = tmpfile();
  CHECK(vt_fit_predicted_write_csv(&rep, fp, NULL) == 0, "predicted");
  if (read_back(fp, &t, text, sizeof text)) return;
  CHECK(t.n_rows == N_DATA && t.n_cols == 13, "%zu rows, %zu columns", t.n_rows, t.n_cols);
  for (size_t i = 0; i < N_DH; i++) {
    double d = si(&t, i, "dh_J_per_mol", VT_DIM_MOLAR_ENERGY);
    double p = si(&t, i, "predicted_J_per_mol", VT_DIM_MOLAR_ENERGY);
    NEAR_REL(si(&t, i, "residual_J_per_mol", VT_DIM_MOLAR_ENERGY), p - d, 1e-9, "dh residual");
    NEAR_REL(si(&t, i, "t1_s", VT_DIM_TIME), dh[i].t1_s, 1e-12, "t1");
  }
  CHECK(!strcmp(cell(&t, 2, "T2_K"), "") && !strcmp(cell(&t, 2, "t2_s"), ""), "single step");
  CHECK(!strcmp(cell(&t, 2, "source"), "two.csv:9"), "source %s", cell(&t, 2, "source"));
  for (size_t i = N_DH; i < N_DATA; i++)
    CHECK_NEAR(num(&t, i, "residual_CpN"), num(&t, i, "predicted_CpN") - num(&t, i, "CpN"), 1e-12,
               "Cp_N residual");
  size_t row = N_DH + N_CURVE + 2; /* curve 1, point 2 */
  CHECK(!strcmp(cell(&t, row, "curve"), "b,c.csv") &&
            !strcmp(cell(&t, row, "source"), "b,c.csv:12"),
        "curve %s source %s", cell(&t, row, "curve"), cell(&t, row, "source"));
  NEAR_REL(si(&t, row, "T_K", VT_DIM_TEMPERATURE), 320.0, 1e-12, "T");
  vt_table_free(&t);
  rep.curve_file = "export.txt", rep.dh_file = NULL;
  fp = tmpfile();
  CHECK(vt_fit_predicted_write_csv(&rep, fp, NULL) == 0, "predicted from an export");
  if (read_back(fp, &t, text, sizeof text)) return;
  CHECK(!strcmp(cell(&t, row, "source"), "export.txt:12") && !strcmp(cell(&t, 0, "source"), ""),
        "sources %s, '%s'", cell(&t, row, "source"), cell(&t, 0, "source"));
  vt_table_free(&t);
}

/* The plot's tables: points at t2 (t1 for one step) by protocol, lines, curves. */
static void test_plot_tables(const vt_model *m, made_fit *f) {
  vt_fit_report rep = report(m, f);
  vt_table t = {0};
  char text[4096];
  size_t proto[N_DH] = {0, 0, 1};
  FILE *fp = tmpfile();
  CHECK(vt_fit_points_write_csv(&rep, proto, fp, NULL) == 0, "points");
  if (read_back(fp, &t, text, sizeof text)) return;
  CHECK(t.n_rows == N_DH && num(&t, 2, "protocol") == 1, "protocols");
  NEAR_REL(si(&t, 1, "t_s", VT_DIM_TIME), 10.0, 1e-12, "a two-step point at t2");
  NEAR_REL(si(&t, 2, "t_s", VT_DIM_TIME), 50.0, 1e-12, "a single step at t1");
  NEAR_REL(si(&t, 0, "residual_J_per_mol", VT_DIM_MOLAR_ENERGY), 10.0, 1e-9, "residual");
  vt_table_free(&t);

  vt_dh_point lp[2] = {{348, 100, 383, 0.5, NAN, NAN, 0}, {373, 2, NAN, NAN, NAN, NAN, 0}};
  vt_fit_data lines = {2, lp, 0, NULL};
  size_t lproto[2] = {0, 1};
  double lpred[2] = {123.5, 456.25};
  fp = tmpfile();
  CHECK(vt_fit_lines_write_csv(&lines, lproto, lpred, fp, NULL) == 0, "lines");
  if (read_back(fp, &t, text, sizeof text)) return;
  NEAR_REL(si(&t, 0, "t_s", VT_DIM_TIME), 0.5, 1e-12, "line t2");
  NEAR_REL(si(&t, 1, "t_s", VT_DIM_TIME), 2.0, 1e-12, "line t1");
  NEAR_REL(si(&t, 1, "predicted_J_per_mol", VT_DIM_MOLAR_ENERGY), 456.25, 1e-12, "line dh");
  vt_table_free(&t);

  fp = tmpfile();
  CHECK(vt_fit_curves_write_csv(&rep, fp, NULL) == 0, "curves");
  if (read_back(fp, &t, text, sizeof text)) return;
  CHECK(t.n_rows == N_CURVES * N_CURVE, "%zu curve rows", t.n_rows);
  for (size_t i = 0; i < t.n_rows; i++) {
    size_t c = i / N_CURVE, k = i % N_CURVE;
    CHECK(num(&t, i, "curve") == c && num(&t, i, "CpN") == cpn[c][k] &&
              num(&t, i, "predicted_CpN") == cpn_fit[c][k],
          "curve row %zu", i);
  }
  vt_table_free(&t);
}

static void test_summary(const vt_model *m, made_fit *f) {
  vt_fit_report rep = report(m, f);
  char text[8192];
  FILE *fp = tmpfile();
  CHECK(vt_fit_write_summary(&rep, fp, NULL) == 0, "summary");
  read_text(fp, text, sizeof text);
  CHECK_CONTAINS(text, "3 dh points, 3 Cp_N curves (12 points), state reading");
  CHECK_CONTAINS(text, "    dh         = 170 +- 2 kJ/mol\n");
  CHECK_CONTAINS(text, "x          = 0.55 (on a bound: no standard error)");
  CHECK_CONTAINS(text, "  fixed: A = 6e-22 s, beta = 0.43, dCp = 25 J/(mol K)\n");
  CHECK_CONTAINS(text, "chi2 = 2.5, 15 points - 2 free = 13 dof, chi2/dof = 0.25");
  CHECK_CONTAINS(text, "best start 2 of 2, 7 iterations, stopped: chi2 and parameters settled\n");
  CHECK_CONTAINS(text, "WARNING: dh and x are correlated, r = 0.99500");
  CHECK_CONTAINS(text, "  325.000   315.000  (fit - data -10.000)");
  CHECK_CONTAINS(text, "Tf falls from curve to curve: measured yes, fitted no");
  CHECK(!strstr(text, "uncertainty of the reference's glass"), "no export, no lines' note");
}

/* What the writers refuse: NULL, a result of other parameters or other data; a failed stream. */
static void test_refused(const vt_model *m, made_fit *f) {
  vt_fit_report rep = report(m, f);
  vt_error err;
  FILE *fp = tmpfile();
  CHECK(vt_fit_write_summary(NULL, fp, &err) == VT_EINVAL, "NULL report");
  rep.result = NULL;
  CHECK(vt_fit_values_write_csv(&rep, fp, &err) == VT_EINVAL, "no result");
  rep = report(m, f);
  strcpy(f->names[1], "zz");
  CHECK(vt_fit_values_write_csv(&rep, fp, &err) == VT_EINVAL, "a name not the model's");
  CHECK_CONTAINS(err.message, "'zz' is not a parameter of model tnm");
  strcpy(f->names[1], "x");
  f->r.n_data = N_DATA - 1;
  CHECK(vt_fit_predicted_write_csv(&rep, fp, &err) == VT_EINVAL, "counts that differ");
  f->r.n_data = N_DATA;
  CHECK(vt_fit_points_write_csv(&rep, NULL, fp, &err) == VT_EINVAL, "no protocols");
  CHECK(ftell(fp) == 0, "nothing written after a refusal");
  fclose(fp);
  fp = fopen("/dev/null", "r"); /* writes fail */
  if (fp) {
    CHECK(vt_fit_curves_write_csv(&rep, fp, &err) == VT_EIO, "a failed write is VT_EIO");
    fclose(fp);
  }
}

int main(void) {
  vt_error err;
  vt_model *m = vt_model_create("tnm", &err);
  CHECK(m != NULL, "tnm: %s", err.message);
  if (!m) TEST_MAIN_END();
  made_fit *f = malloc(sizeof *f);
  if (!f) return 1;
  make_fit(f);
  test_values(m, f);
  test_predicted(m, f);
  test_plot_tables(m, f);
  test_summary(m, f);
  test_refused(m, f);
  free(f);
  vt_model_free(m);
  TEST_MAIN_END();
}
