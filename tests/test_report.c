/* The library's result writers (report.h): each table is written to a temporary file and read
 * back through the public table reader, which must find the columns by name with their units
 * and give back the values (converted to SI) within the digits printed. */
#include <stdlib.h>

#include "test_report_util.h"

/* ---- stress relaxation ----------------------------------------------------------------------- */

static double t_s[4] = {0, 1, 10, 100}, val[4] = {2e6, 1.5e6, 1e6, 5e5}, y[4] = {1, .75, .5, .25};

static vt_relax_series series(void) {
  return (vt_relax_series){VT_DMA_STRESS, 4, t_s, val, y, 12.5, 2e6, NAN, 573.15, 9};
}

/* A single KWW (tau 20 s, beta 0.6) fitted to the series. */
static vt_kww_fit single_fit(void) {
  return (vt_kww_fit){.kind = VT_KWW_SINGLE,
                      .tau1_s = 20.0,
                      .se_tau1_s = 0.5,
                      .beta1 = 0.6,
                      .A = 1,
                      .tau2_s = NAN,
                      .beta2 = NAN,
                      .y0 = 1,
                      .rms_residual = 0.003,
                      .r2 = 0.999,
                      .n = 4};
}

static void test_kww(void) {
  vt_relax_series s = series();
  vt_kww_fit f = single_fit();
  vt_memory_peak pk = {1, 2e6, 2.1e6, 1e5, 3.0};
  vt_table t = {0};
  char text[4096];
  FILE *fp = tmpfile();
  CHECK(vt_kww_fit_write_csv("a,b.csv", &s, &f, &pk, fp, NULL) == 0, "kww row");
  if (read_back(fp, &t, text, sizeof text)) return;
  CHECK(t.n_rows == 1 && t.n_cols == 23, "%zu rows, %zu columns", t.n_rows, t.n_cols);
  CHECK(strcmp(cell(&t, 0, "file"), "a,b.csv") == 0, "file %s", cell(&t, 0, "file"));
  CHECK(strcmp(cell(&t, 0, "kind"), "single") == 0 && strcmp(cell(&t, 0, "column"), "stress") == 0,
        "kind %s column %s", cell(&t, 0, "kind"), cell(&t, 0, "column"));
  NEAR_REL(si(&t, 0, "tau1_s", VT_DIM_TIME), 20.0, 1e-8, "tau1");
  NEAR_REL(si(&t, 0, "t_start_s", VT_DIM_TIME), 12.5, 1e-9, "t_start");
  NEAR_REL(si(&t, 0, "t_p_s", VT_DIM_TIME), 3.0, 1e-6, "t_p");
  NEAR_REL(strtod(cell(&t, 0, "dsigma"), NULL), 0.1, 1e-6, "dsigma in MPa");
  CHECK(isnan(strtod(cell(&t, 0, "tau2_s"), NULL)), "tau2 of a single KWW is nan");
  vt_table_free(&t);

  vt_recovery_fit r = {50.0, 2.0, 0.7, 0.02, 0.004, 1e-5, 0.001, 1e-5, 0.75, 0.01, 1e-5, 0.99, 4};
  fp = tmpfile();
  CHECK(vt_recovery_fit_write_csv("r.csv", &s, &r, 0.004, fp, NULL) == 0, "recovery row");
  if (read_back(fp, &t, text, sizeof text)) return;
  NEAR_REL(si(&t, 0, "tau_rec_s", VT_DIM_TIME), 50.0, 1e-8, "tau_rec");
  NEAR_REL(si(&t, 0, "eps_inf_pct", VT_DIM_STRAIN), 0.001, 1e-8, "eps_inf as a fraction");
  NEAR_REL(si(&t, 0, "eps1_pct", VT_DIM_STRAIN), 0.004, 1e-8, "eps1 as a fraction");
  NEAR_REL(strtod(cell(&t, 0, "recovery_fraction"), NULL), 0.75, 1e-8, "fraction");
  vt_table_free(&t);

  /* The fitted curve of a KWW: residual = y - exp(-(t/tau)^beta). */
  fp = tmpfile();
  CHECK(vt_kww_fitted_write_csv(&s, &f, NULL, fp, NULL) == 0, "fitted");
  if (read_back(fp, &t, text, sizeof text)) return;
  CHECK(t.n_rows == 4, "%zu fitted rows", t.n_rows);
  double want = 0.5 - exp(-pow(10.0 / 20.0, 0.6));
  NEAR_REL(strtod(cell(&t, 2, "residual"), NULL), want, 1e-5, "residual at 10 s");
  NEAR_REL(si(&t, 3, "t_s", VT_DIM_TIME), 100.0, 1e-9, "t");
  vt_table_free(&t);
  fp = tmpfile();
  CHECK(vt_kww_fitted_write_csv(&s, &f, &r, fp, NULL) == VT_EINVAL, "two fits accepted");
  fclose(fp);
}

static void test_arrhenius(void) {
  vt_relax_curve c[2] = {{t_s, y, 4, 550.0}, {t_s, y, 4, 600.0}};
  vt_kww_fit f[2] = {{.tau1_s = 100.0, .beta1 = 0.5}, {.tau1_s = 10.0, .beta1 = 0.55}};
  const char *files[2] = {"550.csv", "600.csv"};
  vt_arrhenius_fit a[2] = {{150e3, 2e3, -30.0, 0.5, 0.99, 2}, {160e3, 3e3, -31.0, 0.6, 0.98, 2}};
  double tw[2] = {10.0, 100.0};
  vt_table t = {0};
  char text[4096];
  FILE *fp = tmpfile();
  CHECK(vt_kww_taus_write_csv(files, c, f, 2, fp, NULL) == 0, "taus");
  if (read_back(fp, &t, text, sizeof text)) return;
  NEAR_REL(si(&t, 1, "T_K", VT_DIM_TEMPERATURE), 600.0, 1e-9, "T");
  NEAR_REL(si(&t, 0, "tau_s", VT_DIM_TIME), 100.0, 1e-9, "tau");
  CHECK(strcmp(cell(&t, 1, "file"), "600.csv") == 0, "file");
  vt_table_free(&t);
  fp = tmpfile();
  CHECK(vt_arrhenius_windows_write_csv(tw, a, 2, fp, NULL) == 0, "windows");
  if (read_back(fp, &t, text, sizeof text)) return;
  NEAR_REL(si(&t, 1, "Ea_kJ_per_mol", VT_DIM_MOLAR_ENERGY), 160e3, 1e-9, "Ea in J/mol");
  NEAR_REL(si(&t, 1, "t_w_s", VT_DIM_TIME), 100.0, 1e-9, "t_w");
  vt_table_free(&t);
  vt_tp_tau_fit tp = {.intercept_s = 2.0, .se_intercept_s = 0.1, .slope = 0.3, .r2 = 0.95};
  fp = tmpfile();
  CHECK(vt_tp_tau_fit_write_csv(&tp, 5, fp, NULL) == 0, "regression");
  if (read_back(fp, &t, text, sizeof text)) return;
  NEAR_REL(si(&t, 0, "intercept_s", VT_DIM_TIME), 2.0, 1e-9, "intercept");
  CHECK(strcmp(cell(&t, 0, "n"), "5") == 0, "n");
  vt_table_free(&t);
  fp = tmpfile();
  CHECK(vt_tp_tau_fit_write_summary("p.csv", &tp, 5, fp, NULL) == 0, "regression summary");
  read_text(fp, text, sizeof text);
  CHECK_CONTAINS(text, "p.csv: t_p = (2 +- 0.1 s) + (0.3 +- 0) tau_rec, R^2 = 0.95000 (5 points)");
  fp = tmpfile();
  CHECK(vt_tp_tau_points_write_csv(t_s, val, 4, fp, NULL) == 0, "points");
  if (read_back(fp, &t, text, sizeof text)) return;
  NEAR_REL(si(&t, 3, "t_p_s", VT_DIM_TIME), 5e5, 1e-9, "t_p");
  vt_table_free(&t);
}

/* A summary names the fit's numbers in the units it states. */
static void test_kww_summaries(void) {
  vt_relax_series s = series();
  vt_kww_fit f = single_fit();
  f.kind = VT_KWW_DOUBLE, f.A = 0.7, f.tau2_s = 300.0, f.se_tau2_s = 9.0, f.beta2 = 0.9;
  vt_memory_peak pk = {1, 2e6, 2.1e6, 1e5, 3.0};
  char text[4096];
  FILE *fp = tmpfile();
  CHECK(vt_kww_fit_write_summary("x.csv", &s, &f, &pk, 0, fp, NULL) == 0, "summary");
  read_text(fp, text, sizeof text);
  CHECK_CONTAINS(text, "stress0 = 2 MPa");
  CHECK_CONTAINS(text, "tau2 = 300 +- 9 s");
  CHECK_CONTAINS(text, "dsigma = 0.1 MPa (0.05 of stress0)");
}

/* ---- Debye fits ------------------------------------------------------------------------------ */

static void test_debye(void) {
  double T[5] = {300, 310, 320, 330, 340}, yv[5] = {0.1, 0.2, 0.4, 0.2, 0.1};
  double fy0[3] = {0.11, 0.19, 0.41}, *fit_y[2] = {fy0, NULL};
  vt_scan sc[2] = {{0, 3, 2, "373,50"}, {3, 2, 5, "383,50"}};
  char *keys[2] = {"T_a_K", "t_a_s"};
  vt_heat_flow_scans d = {5, 2, T, yv, sc, "T_K", "dhf_W_per_mol", keys, 2, "W/mol", "J/mol"};
  vt_debye_fit f[2] = {{.Q0 = 120.0,
                        .se_Q0 = 2.0,
                        .E_J_per_mol = 250e3,
                        .ln_tau0_s = -80.0,
                        .Tp_K = 321.5,
                        .r2 = 0.99,
                        .iterations = 7},
                       {0}};
  int status[2] = {0, VT_ENOCONV};
  const char *msg[2] = {NULL, "did not converge, \"really\""};
  vt_debye_report r = {&d,     f,     status, msg, (const double *const *)fit_y, VT_TAU_ARRHENIUS,
                       1000.0, 400.0, 30.0};
  vt_table t = {0};
  char text[4096];
  FILE *fp = tmpfile();
  CHECK(vt_debye_table_write_csv(&r, fp, NULL) == 0, "debye table");
  if (read_back(fp, &t, text, sizeof text)) return;
  CHECK(t.n_rows == 2 && vt_table_column(&t, "T_a_K") == 1, "keys after scan: %s", text);
  NEAR_REL(si(&t, 0, "E_kJ_per_mol", VT_DIM_MOLAR_ENERGY), 250e3, 1e-9, "E in J/mol");
  NEAR_REL(strtod(cell(&t, 0, "dh_J_per_mol"), NULL), 120.0, 1e-9, "dh in the scans' q unit");
  NEAR_REL(si(&t, 1, "T_a_K", VT_DIM_TEMPERATURE), 383.0, 0, "the second scan's key");
  CHECK(strcmp(cell(&t, 0, "status"), "ok") == 0, "status ok");
  CHECK(strcmp(cell(&t, 1, "status"), msg[1]) == 0, "status: %s", cell(&t, 1, "status"));
  CHECK(isnan(strtod(cell(&t, 1, "Tp_K"), NULL)), "a failed scan's numbers are nan");
  CHECK(strcmp(cell(&t, 0, "class"), vt_relaxation_class(250e3, 400.0, 30.0)) == 0, "class %s",
        cell(&t, 0, "class"));
  CHECK(vt_table_column(&t, "rms_W_per_mol") >= 0, "rms in the y unit");
  vt_table_free(&t);

  fp = tmpfile();
  CHECK(vt_debye_row_write_csv(&r, fp, NULL) == 0, "debye row");
  if (read_back(fp, &t, text, sizeof text)) return;
  NEAR_REL(si(&t, 0, "rate_K_per_s", VT_DIM_RATE), 1000.0, 1e-9, "rate");
  NEAR_REL(si(&t, 0, "T_max_K", VT_DIM_TEMPERATURE), 320.0, 1e-9, "the first scan's last T");
  CHECK(strcmp(cell(&t, 0, "iterations"), "7") == 0 && strcmp(cell(&t, 0, "law"), "arrhenius") == 0,
        "iterations, law");
  vt_table_free(&t);

  fp = tmpfile();
  CHECK(vt_debye_fitted_write_csv(&r, 1, fp, NULL) == 0, "debye fitted");
  if (read_back(fp, &t, text, sizeof text)) return;
  CHECK(t.n_rows == 5, "%zu rows", t.n_rows);
  NEAR_REL(strtod(cell(&t, 2, "residual_dhf_W_per_mol"), NULL), 0.4 - 0.41, 1e-9, "residual");
  CHECK(isnan(strtod(cell(&t, 4, "fit_dhf_W_per_mol"), NULL)), "no fit of a failed scan");
  CHECK(strcmp(cell(&t, 4, "scan"), "1") == 0, "scan index");
  vt_table_free(&t);
  /* The summary: the class ranges from Tg = 400 K, m = 30 computed here (paper 004: beta
   * 22-30 R Tg, alpha m R Tg ln 10). */
  const double RTg = VT_GAS_CONSTANT_J_PER_MOL_K * 400.0 / 1e3;
  char want[256];
  fp = tmpfile();
  CHECK(vt_debye_fit_write_summary(&r, fp, NULL) == 0, "debye summary");
  read_text(fp, text, sizeof text);
  CHECK_CONTAINS(text, "  dh      = 120 +- 2 J/mol");
  CHECK_CONTAINS(text, "  E*      = 250.0000 +- 0 kJ/mol\n");
  snprintf(want, sizeof want, "beta (26 +- 4) R Tg = %.1f-%.1f kJ/mol, alpha m R Tg ln 10 = %.1f",
           22 * RTg, 30 * RTg, 30 * RTg * log(10.0));
  CHECK_CONTAINS(text, want);
  /* A batch: the failed scan on its line, the counts from the summary given. */
  fp = tmpfile();
  CHECK(vt_debye_batch_write_failures(&r, "x: ", fp, NULL) == 0, "failures");
  read_text(fp, text, sizeof text);
  CHECK(strcmp(text, "x: scan 1 (line 5: 383,50): did not converge, \"really\"\n") == 0,
        "failures: %s", text);
  vt_debye_summary sum = {2, 1, {0, 0, 1}, 250e3, 250e3};
  fp = tmpfile();
  CHECK(vt_debye_batch_write_summary(&r, &sum, fp, NULL) == 0, "batch summary");
  read_text(fp, text, sizeof text);
  CHECK_CONTAINS(text, "2 scans, 1 fitted (Arrhenius law), 1 failed (their status column says "
                       "why)\n  E* from 250 to 250 kJ/mol\n  per class: gamma/beta' 0, beta 0, "
                       "alpha 1\n");
  CHECK_CONTAINS(text, want);
  r.Tg_K = r.fragility = NAN;
  sum = (vt_debye_summary){1, 1, {0, 0, 0}, 40e3, 40e3};
  fp = tmpfile();
  CHECK(vt_debye_batch_write_summary(&r, &sum, fp, NULL) == 0, "batch summary without classes");
  read_text(fp, text, sizeof text);
  CHECK(strcmp(text, "1 scan, 1 fitted (Arrhenius law), 0 failed\n  E* from 40 to 40 kJ/mol\n") ==
            0,
        "batch summary: %s", text);
  CHECK(vt_debye_batch_write_summary(&r, NULL, stdout, NULL) == VT_EINVAL, "NULL summary");
  fp = tmpfile();
  r.law = 99, d.n_scans = 0;
  CHECK(vt_debye_row_write_csv(&r, fp, NULL) == VT_EINVAL, "no scans accepted");
  fclose(fp);
}

/* ---- PDF ------------------------------------------------------------------------------------- */

static void test_pdf(void) {
  double Q[3] = {2.0, 2.5, 3.0}, I[3] = {10, 20, 15}, S[3] = {0.8, 2.1, 1.2},
         F[3] = {-.4, 2.75, .6};
  double r_A[2] = {2.5, 2.7}, G[2] = {3.0, 5.0};
  vt_pdf_frame fr = {.source = "p,1.xy", .time_s = 60.0};
  fr.res.sq = (vt_sq){3, Q, I, S, F, 1.5, 10, 20, 1.001};
  fr.res.n_r = 2, fr.res.G_inv_A2 = G;
  vt_first_peak *p = &fr.res.peak;
  p->r_A = 2.7, p->fwhm_A = 0.4, p->split = 1;
  p->sub[0] = (vt_gauss_peak){2.6, 0.01, 0.1, 0, 0.235, 0.02, 1.5, 0.1};
  vt_table t = {0};
  char text[8192];
  FILE *fp = tmpfile();
  CHECK(vt_pdf_peaks_write_csv(&fr, 1, fp, NULL) == 0, "pdf table");
  if (read_back(fp, &t, text, sizeof text)) return;
  NEAR_REL(si(&t, 0, "Q_max_inv_A", VT_DIM_INVERSE_LENGTH), 3e10, 1e-9, "Q_max in 1/m");
  NEAR_REL(si(&t, 0, "sub1_r_A", VT_DIM_LENGTH), 2.6e-10, 1e-9, "sub-peak in m");
  NEAR_REL(si(&t, 0, "time_s", VT_DIM_TIME), 60.0, 1e-9, "time");
  CHECK(strcmp(cell(&t, 0, "source"), "p,1.xy") == 0, "source");
  vt_table_free(&t);
  fp = tmpfile();
  CHECK(vt_pdf_sq_write_csv(&fr, 1, fp, NULL) == 0, "S(Q)");
  if (read_back(fp, &t, text, sizeof text)) return;
  CHECK(t.n_rows == 3, "%zu S(Q) rows", t.n_rows);
  NEAR_REL(strtod(cell(&t, 1, "S"), NULL), 2.1, 1e-9, "S");
  vt_table_free(&t);
  fp = tmpfile();
  CHECK(vt_pdf_gr_write_csv(&fr, 1, r_A, fp, NULL) == 0, "G(r)");
  if (read_back(fp, &t, text, sizeof text)) return;
  NEAR_REL(si(&t, 1, "r_A", VT_DIM_LENGTH), 2.7e-10, 1e-9, "r in m");
  NEAR_REL(strtod(cell(&t, 1, "G_inv_A2"), NULL), 5.0, 1e-9, "G");
  vt_table_free(&t);
}

/* ---- rate analyses and loss peaks ----------------------------------------------------------- */

static void test_kinetics(void) {
  double rate[2] = {100.0, 1000.0}, Tp[2] = {500.0, 520.0}, a = 5.0, b = -9000.0;
  const char *src[2] = {"line 2", "curve 1 (a, b)"};
  vt_kissinger k = {150e3, 3e3, 20.0, 0.5, 0.999, 2};
  vt_eyring e = {140e3, 3e3, -20.0, 2.0, 0.998, 510.0, 150e3, 3e3, 144.2e3, 2};
  vt_rate_span sp = {500.0, 520.0, 100.0, 1000.0};
  vt_table t = {0};
  char text[4096];
  FILE *fp = tmpfile();
  CHECK(vt_rate_points_write_csv(rate, Tp, src, 2, 1, a, b, fp, NULL) == 0, "points");
  if (read_back(fp, &t, text, sizeof text)) return;
  NEAR_REL(si(&t, 1, "rate_K_per_s", VT_DIM_RATE), 1000.0, 1e-9, "rate");
  NEAR_REL(strtod(cell(&t, 1, "ln_rate_over_Tp3"), NULL), log(1000.0 / pow(520.0, 3)), 1e-9,
           "ln(rate/Tp^3)");
  NEAR_REL(strtod(cell(&t, 0, "fit_ln_rate_over_Tp3"), NULL), a + b / 500.0, 1e-9, "the line");
  CHECK(strcmp(cell(&t, 1, "source"), src[1]) == 0, "source %s", cell(&t, 1, "source"));
  vt_table_free(&t);
  fp = tmpfile();
  CHECK(vt_kissinger_write_csv(&k, &sp, fp, NULL) == 0, "kissinger row");
  if (read_back(fp, &t, text, sizeof text)) return;
  NEAR_REL(si(&t, 0, "dE_J_per_mol", VT_DIM_MOLAR_ENERGY), 150e3, 1e-9, "dE");
  NEAR_REL(si(&t, 0, "rate_max_K_per_s", VT_DIM_RATE), 1000.0, 1e-9, "rate_max");
  vt_table_free(&t);
  fp = tmpfile();
  CHECK(vt_eyring_write_csv(&e, &sp, fp, NULL) == 0, "eyring row");
  if (read_back(fp, &t, text, sizeof text)) return;
  NEAR_REL(si(&t, 0, "dE_minus_H_plus_RTp_J_per_mol", VT_DIM_MOLAR_ENERGY), 150e3 - 144.2e3, 1e-9,
           "dE - (H + R Tp)");
  /* "J_per_mol_K" reads as "J/mol_K", which the unit table does not know: the number only. */
  NEAR_REL(strtod(cell(&t, 0, "S_J_per_mol_K"), NULL), -20.0, 1e-9, "S");
  NEAR_REL(si(&t, 0, "Tp_min_K", VT_DIM_TEMPERATURE), 500.0, 1e-9, "Tp_min");
  vt_table_free(&t);
  fp = tmpfile();
  CHECK(vt_kissinger_write_summary(&k, fp, NULL) == 0 && vt_eyring_write_summary(&e, fp, NULL) == 0,
        "summaries");
  read_text(fp, text, sizeof text);
  CHECK_CONTAINS(text, "  dE   = 150.0000 +- 3.0000 kJ/mol\n");
  CHECK_CONTAINS(text, "  H*   = 140.0000 +- 3.0000 kJ/mol\n  S*   = -20.000 +- 2.000 J/(mol K)");
  CHECK_CONTAINS(text, "H* + R<Tp> = 144.2000 kJ/mol   difference = 5.8000 kJ/mol");
}

static void test_loss(void) {
  char want[128];
  double T[3] = {400, 450, 500}, loss[3] = {1e6, 3e6, 1.5e6}, T_max[2] = {452.0, 520.0};
  double lmax[2] = {2.5e6, 1e6};
  vt_loss_sweep s = {3, T, loss, NULL, 0, 1, 0, NULL, NULL};
  vt_loss_fit f = {.n_peaks = 2, .background_Pa = 1e5, .r2 = 0.99, .iterations = 12};
  f.peaks[0] =
      (vt_loss_peak){.dE_Pa = 2e6, .E_act_J_per_mol = 120e3, .ln_tau0_s = -30.0, .a = 1, .b = 1};
  f.peaks[1] = (vt_loss_peak){.havriliak_negami = 1,
                              .dE_Pa = 1e6,
                              .E_act_J_per_mol = 300e3,
                              .ln_tau0_s = -60.0,
                              .a = 0.5,
                              .b = 0.8};
  vt_table t = {0};
  char text[4096];
  FILE *fp = tmpfile();
  CHECK(vt_loss_fit_write_csv(&f, T_max, lmax, 1.0, 3, fp, NULL) == 0, "loss table");
  if (read_back(fp, &t, text, sizeof text)) return;
  CHECK(t.n_rows == 2 && strcmp(cell(&t, 1, "kind"), "hn") == 0, "two peaks, the second HN");
  NEAR_REL(si(&t, 1, "E_act_J_per_mol", VT_DIM_MOLAR_ENERGY), 300e3, 1e-9, "E_act");
  NEAR_REL(si(&t, 0, "tau0_s", VT_DIM_TIME), exp(-30.0), 1e-5, "tau0 = e^ln_tau0");
  NEAR_REL(si(&t, 1, "T_max_K", VT_DIM_TEMPERATURE), 520.0, 1e-9, "T_max");
  NEAR_REL(si(&t, 0, "freq_Hz", VT_DIM_FREQUENCY), 1.0, 1e-9, "f");
  vt_table_free(&t);
  fp = tmpfile();
  CHECK(vt_loss_fitted_write_csv(&s, &f, 1.0, fp, NULL) == 0, "loss fitted");
  if (read_back(fp, &t, text, sizeof text)) return;
  /* The columns add up: fit = peak1 + peak2 + background, residual = loss - fit. */
  double terms[4], total = vt_loss_fit_eval(1.0, &f, 450.0, terms);
  NEAR_REL(si(&t, 1, "fit_MPa", VT_DIM_STRESS), total, 1e-9, "fit");
  NEAR_REL(si(&t, 1, "peak1_MPa", VT_DIM_STRESS) + si(&t, 1, "peak2_MPa", VT_DIM_STRESS) +
               si(&t, 1, "background_MPa", VT_DIM_STRESS),
           total, 1e-8, "terms add up to the fit");
  NEAR_REL(si(&t, 1, "residual_MPa", VT_DIM_STRESS), 3e6 - total, 1e-5, "residual");
  NEAR_REL(si(&t, 2, "T_C", VT_DIM_TEMPERATURE), 500.0, 1e-9, "T in C");
  vt_table_free(&t); /* An HN peak's summary: tau0 = e^-60 s, shapes, T_max in K and C. */
  fp = tmpfile();
  CHECK(vt_loss_peak_write_summary(&f.peaks[1], 520.0, 1e6, fp, NULL) == 0, "peak summary");
  read_text(fp, text, sizeof text);
  snprintf(want, sizeof want, "(tau0 = %.4g s)", exp(-60.0));
  CHECK_CONTAINS(text, want);
  CHECK_CONTAINS(text, "  b       = 0.80000 +- 0.00000\n");
  CHECK_CONTAINS(text, "  T_max   = 520.00 K (246.85 C), E'' max 1.0000 MPa above the background");
  /* The analysis: each term's start line before its summary at its maximum, then the fit's. */
  vt_loss_analysis a = {.fit = f, .T_max_K = {452.0, 520.0}, .loss_max_Pa = {2.5e6, 1e6}};
  vt_loss_start st[2] = {{0, 450.0, 0, 0}, {1, 520.0, 310e3, 1}};
  const char *names[2] = {"debye:450K", "hn:520K"};
  char part[2048] = "";
  fp = tmpfile();
  CHECK(vt_loss_peak_write_summary(&f.peaks[0], 452.0, 2.5e6, fp, NULL) == 0, "peak 1 alone");
  read_text(fp, part, sizeof part);
  fp = tmpfile();
  CHECK(vt_loss_analysis_write_summary(&a, st, names, fp, NULL) == 0, "analysis summary");
  read_text(fp, text, sizeof text);
  CHECK(strncmp(text, "peak 1: Debye, start debye:450K\n", 32) == 0, "first line: %s", text);
  CHECK(strncmp(text + 32, part, strlen(part)) == 0, "peak 1's summary follows its line");
  CHECK_CONTAINS(text, "peak 2: Havriliak-Negami, start hn:520K (E_act from the width: 310.0 "
                       "kJ/mol)\n");
  CHECK_CONTAINS(text, "background = 0.1000 +- 0.0000 MPa\n");
  CHECK(vt_loss_analysis_write_summary(&a, NULL, names, stdout, NULL) == VT_EINVAL, "NULL starts");
}

/* ---- simulated DSC -------------------------------------------------------------------------- */

static void test_dsc(void) {
  double T[2] = {400.0, 401.0}, time[2] = {0.0, 1e-3}, ha[2] = {30.0, 32.0}, hr[2] = {29.0, 31.5};
  vt_dsc_scan a = {.n = 2, .T_K = T, .time_s = time, .heat_flow_W_per_mol = ha};
  vt_dsc_scan r = {.n = 2, .T_K = T, .time_s = time, .heat_flow_W_per_mol = hr};
  double dhf[2] = {1.0, 0.5};
  vt_dsc_peak pk = {.n = 2, .T_K = T, .dheat_flow_W_per_mol = dhf, .dh_dsc_J_per_mol = 12.5};
  vt_table t = {0};
  char text[4096];
  FILE *fp = tmpfile();
  CHECK(vt_dsc_traces_write_csv(&a, &r, 2e-6, fp, NULL) == 0, "traces");
  if (read_back(fp, &t, text, sizeof text)) return;
  NEAR_REL(strtod(cell(&t, 1, "dhf_W_per_mol"), NULL), 0.5, 1e-9, "difference");
  NEAR_REL(si(&t, 1, "dhf_mW", VT_DIM_POWER), 2e-6 * 0.5, 1e-9, "difference for the sample, W");
  NEAR_REL(si(&t, 1, "time_s", VT_DIM_TIME), 1e-3, 1e-9, "time");
  vt_table_free(&t);
  r.n = 1;
  fp = tmpfile();
  CHECK(vt_dsc_traces_write_csv(&a, &r, 0, fp, NULL) == VT_EINVAL, "scans of two lengths");
  fclose(fp);

  /* A sweep: the header, a row without metrics, the curve with its blank line. */
  fp = tmpfile();
  CHECK(vt_dsc_anneal_csv_header(fp) == 0 && vt_dsc_anneal_write_csv(373, 50, &pk, fp, NULL) == 0,
        "anneal row");
  if (read_back(fp, &t, text, sizeof text)) return;
  NEAR_REL(si(&t, 0, "t_a_s", VT_DIM_TIME), 50.0, 0, "t_a");
  NEAR_REL(si(&t, 0, "dh_J_per_mol", VT_DIM_MOLAR_ENERGY), 12.5, 1e-9, "dh");
  CHECK(isnan(strtod(cell(&t, 0, "Tp_K"), NULL)), "no metrics: nan");
  vt_table_free(&t);
  fp = tmpfile();
  CHECK(vt_dsc_peak_curve_csv_header("T_a_K,t_a_s", fp) == 0, "curve header");
  CHECK(vt_dsc_peak_curve_write_csv("373,50", &pk, fp, NULL) == 0 &&
            vt_dsc_peak_curve_write_csv("383,50", &pk, fp, NULL) == 0,
        "curves");
  if (read_back(fp, &t, text, sizeof text)) return;
  size_t starts[8];
  CHECK(t.n_rows == 4 && vt_table_groups(&t, NULL, 0, starts) == 2, "two curves apart: %s", text);
  NEAR_REL(si(&t, 3, "T_a_K", VT_DIM_TEMPERATURE), 383.0, 0, "key of the second curve");
  NEAR_REL(strtod(cell(&t, 2, "dheat_flow_W_per_mol"), NULL), 1.0, 0, "curve value");
  vt_table_free(&t);
}

static void test_kovacs_pathmatch(void) {
  double t2[2] = {1.0, 10.0}, dh[2] = {-5.0, -2.0}, dh2[2] = {-1.0, -0.5};
  vt_kovacs_curve c = {300, 3600, 320, 2, t2, dh, dh2, -8.0, 3.5, 7.0};
  vt_table t = {0};
  char text[4096];
  FILE *fp = tmpfile();
  CHECK(vt_kovacs_curves_write_csv(&c, 1, fp, NULL) == 0, "kovacs curves");
  if (read_back(fp, &t, text, sizeof text)) return;
  NEAR_REL(si(&t, 1, "t2_s", VT_DIM_TIME), 10.0, 1e-9, "t2");
  NEAR_REL(si(&t, 1, "dh_J_per_mol", VT_DIM_MOLAR_ENERGY), -2.0, 1e-9, "dh");
  vt_table_free(&t);
  fp = tmpfile();
  CHECK(vt_kovacs_peaks_write_csv(&c, 1, fp, NULL) == 0, "kovacs peaks");
  if (read_back(fp, &t, text, sizeof text)) return;
  NEAR_REL(si(&t, 0, "t_peak_s", VT_DIM_TIME), 7.0, 1e-9, "t_peak");
  NEAR_REL(si(&t, 0, "t1_s", VT_DIM_TIME), 3600.0, 1e-9, "t1");
  vt_table_free(&t);

  vt_path_match pm = {10.0, -20.0, 42.0, -19.0, 9};
  vt_dsc_peak cool = {.dh_dsc_J_per_mol = 21.0, .metrics_ok = 1}, iso = {.dh_dsc_J_per_mol = 20.0};
  cool.metrics.x_peak = 450.25, cool.metrics.fwhm = 12.5;
  fp = tmpfile();
  CHECK(vt_path_match_csv_header(fp) == 0 &&
            vt_path_match_write_csv(&pm, &cool, &iso, fp, NULL) == 0,
        "path match row");
  if (read_back(fp, &t, text, sizeof text)) return;
  NEAR_REL(si(&t, 0, "phi_K_per_s", VT_DIM_RATE), 10.0, 0, "phi");
  NEAR_REL(si(&t, 0, "Tp_cool_K", VT_DIM_TEMPERATURE), 450.25, 1e-9, "Tp of the cooling path");
  CHECK(isnan(strtod(cell(&t, 0, "FWHM_iso_K"), NULL)), "no iso metrics: nan");
  NEAR_REL(si(&t, 0, "dh_dsc_iso_J_per_mol", VT_DIM_MOLAR_ENERGY), 20.0, 1e-9, "dh iso");
  vt_table_free(&t);
}

/* ---- curve listing ------------------------------------------------------------------------- */

/* A heating at 1000 K/s (its rate is the slope) and a curve whose temperature turns back. */
static void test_curves(void) {
  double t[4] = {0, 1e-3, 2e-3, 3e-3}, Tr[4] = {300, 301, 302, 303}, Ts[4] = {NAN, NAN, NAN, NAN};
  double hf[4] = {1e-3, 2e-3, -1e-3, 0}, Tb[4] = {300, 301, 300.5, 302};
  vt_curve c[2] = {{"up, [1]", 5, 4, t, Ts, Tr, hf, 3}, {"back", -1, 4, t, Ts, Tb, hf, 9}};
  vt_curve_set set = {2, c, "x.txt"};
  vt_table tab = {0};
  char text[4096];
  FILE *fp = tmpfile();
  CHECK(vt_curve_set_write_csv(&set, fp, NULL) == 0, "curve listing");
  if (read_back(fp, &tab, text, sizeof text)) return;
  NEAR_REL(si(&tab, 0, "rate_K_per_s", VT_DIM_RATE), 1000.0, 1e-8, "the slope");
  NEAR_REL(si(&tab, 0, "T_max_C", VT_DIM_TEMPERATURE), 303.0, 1e-12, "T_max via C");
  NEAR_REL(si(&tab, 0, "HF_min_mW", VT_DIM_POWER), -1e-3, 1e-9, "heat flow minimum in W");
  NEAR_REL(si(&tab, 1, "t_max_s", VT_DIM_TIME), 3e-3, 1e-9, "t_max");
  CHECK(strcmp(cell(&tab, 0, "name"), "up, [1]") == 0, "name %s", cell(&tab, 0, "name"));
  CHECK(isnan(strtod(cell(&tab, 1, "rate_K_per_s"), NULL)), "no rate of a curve turning back");
  vt_table_free(&tab);
  vt_curve_summary s;
  CHECK(vt_curve_summarise(&c[1], &s) == 0 && s.note[0] && strcmp(s.T_name, "Tr") == 0,
        "a note why: '%s'", s.note);
  fp = tmpfile();
  CHECK(vt_curve_set_write_summary(&set, fp, NULL) == 0, "curve table");
  read_text(fp, text, sizeof text);
  CHECK_CONTAINS(text, "x.txt: 2 curves\n");
  CHECK_CONTAINS(text, "note: curve 1 has no scan rate: ");
}

/* ---- measured-curve calorimetry ------------------------------------------------------------ */

/* Curve 0 a reference, curves 2 and 3 aged 0.1 s and 10 s; heat flows in mW, enthalpies mJ. */
static void test_cal(void) {
  vt_curve cv[4] = {{.name = "ref"}, {.name = "x"}, {.name = "aged, 1"}, {.name = "aged 2"}};
  vt_curve_set set = {4, cv, "f.txt"};
  double T[2] = {400.0, 410.0}, diff[2] = {1e-3, 2e-3};
  vt_cal_curve c[3] = {{.index = 0, .segment = 5, .rate_K_per_s = 1000.0},
                       {.index = 2, .segment = 7, .rate_K_per_s = 1000.0, .Tf_K = 420.0},
                       {.index = 3, .segment = -1, .rate_K_per_s = 1000.0, .resolved = 1}};
  c[1].dH_area_J = 2e-6, c[1].n = 2, c[1].T_K = T, c[1].difference_W = diff;
  c[2].peak = (vt_peak){.x_peak = 450.0, .y_peak = 5e-3, .fwhm = 12.0};
  c[2].peak_area_J = 3e-6;
  vt_cal_result r = {.n = 3, .curves = c};
  size_t refs[1] = {0};
  double ages[2] = {0.1, 10.0};
  vt_cal_table_opts o = vt_cal_table_opts_default();
  /* Per mole: 1 uJ from 2 ug of a 100 g/mol glass is 1e-6 J / 2e-8 mol = 50 J/mol. */
  CHECK(vt_cal_table_units(2e-9, 0.1, 1, &o, NULL) == 0 && strcmp(o.flow_unit, "J_per_molK") == 0 &&
            strcmp(o.energy_label, "J/mol") == 0,
        "per-mole units: %s", o.flow_unit);
  NEAR_REL(1e-6 * o.energy_factor, 50.0, 1e-12, "1 uJ in J/mol");
  CHECK(vt_cal_table_units(0, 0.1, 0, &o, NULL) == VT_EINVAL, "a molar mass without the mass");
  CHECK(vt_cal_table_units(0, 0, 0, &o, NULL) == 0 && o.energy_factor == 1e3 &&
            strcmp(o.flow_unit, "mW") == 0 && !o.per_rate,
        "per sample: mJ, mW");
  o.references = refs, o.n_references = 1, o.ages_s = ages, o.n_ages = 2;
  char label[64], text[4096];
  CHECK(strcmp(vt_cal_curve_label(&r, &o, 2, label, sizeof label), "10 s") == 0, "label %s", label);
  CHECK(isnan(vt_cal_curve_age(&r, &o, 0)) && vt_cal_curve_age(&r, &o, 1) == 0.1, "ages");
  vt_table t = {0};
  FILE *fp = tmpfile();
  CHECK(vt_cal_tf_write_csv(&r, &set, &o, fp, NULL) == 0, "tf table");
  if (read_back(fp, &t, text, sizeof text)) return;
  CHECK(strcmp(cell(&t, 0, "label"), "reference") == 0 &&
            strcmp(cell(&t, 1, "label"), "0.1 s") == 0,
        "labels %s, %s", cell(&t, 0, "label"), cell(&t, 1, "label"));
  NEAR_REL(si(&t, 1, "Tf_C", VT_DIM_TEMPERATURE), 420.0, 1e-12, "Tf via C");
  NEAR_REL(si(&t, 1, "dH_area_mJ", VT_DIM_ENERGY), 2e-6, 1e-9, "dH in J");
  NEAR_REL(si(&t, 1, "age_s", VT_DIM_TIME), 0.1, 1e-9, "age");
  CHECK(strcmp(cell(&t, 1, "name"), "aged, 1") == 0, "name %s", cell(&t, 1, "name"));
  vt_table_free(&t);
  fp = tmpfile();
  o.per_rate = 1, o.flow_unit = "mJ_per_K";
  CHECK(vt_cal_peaks_write_csv(&r, &set, &o, fp, NULL) == 0, "peaks table");
  if (read_back(fp, &t, text, sizeof text)) return;
  NEAR_REL(si(&t, 2, "Tp_K", VT_DIM_TEMPERATURE), 450.0, 1e-12, "Tp");
  NEAR_REL(si(&t, 2, "area_mJ", VT_DIM_ENERGY), 3e-6, 1e-9, "area in J");
  NEAR_REL(strtod(cell(&t, 2, "height_mJ_per_K"), NULL), 5e-3 * 1e3 / 1000.0, 1e-9,
           "height per rate: mJ/K");
  vt_table_free(&t);
  fp = tmpfile();
  CHECK(vt_cal_differences_write_csv(&r, &o, fp, NULL) == 0, "differences");
  if (read_back(fp, &t, text, sizeof text)) return;
  CHECK(t.n_rows == 2, "the one curve with points: %zu rows", t.n_rows);
  NEAR_REL(si(&t, 1, "T_C", VT_DIM_TEMPERATURE), 410.0, 1e-12, "T");
  NEAR_REL(strtod(cell(&t, 1, "diff_mJ_per_K"), NULL), 2e-3 * 1e3 / 1000.0, 1e-9, "difference");
  vt_table_free(&t);
  /* The checks: the reference has no Tf; curve 2 none either; curve 3's dH differ by 50 %
   * (above 3 standard errors), curve 2's by 5 % does not count. */
  r.reference.Tf_K = NAN, c[2].Tf_K = 430.0, c[2].dH_area_J = 2e-6, c[2].dH_tf_J = 1e-6;
  c[2].dH_area_se_J = 1e-8, c[1].dH_tf_J = 1.9e-6, c[0].Tf_K = NAN;
  size_t n = 0;
  fp = tmpfile();
  CHECK(vt_cal_tf_write_warnings(&r, &o, 0.1, "p: ", &n, fp, NULL) == 0 && n == 3, "%zu warnings",
        n);
  read_text(fp, text, sizeof text);
  CHECK_CONTAINS(text, "p: warning: the reference has no equal-area Tf");
  CHECK_CONTAINS(text, "p: warning: curve 0 (segment 5) has no equal-area Tf");
  CHECK_CONTAINS(text, "curve 3 (segment -1): dH from the area (0.002 mJ) and from Tf (0.001 mJ)");
  CHECK(strstr(text, "curve 2 (") == NULL, "curve 2 agrees within 10 %%: %s", text);
}

/* The glass of a pel scan, in eV per atom; the scan's arrays are not needed. */
static void test_pel_glass(void) {
  vt_pel_scan a = {.cool_K_per_s = 1e10,
                   .E_glass = -3.5 * VT_EV_J_PER_MOL,
                   .Tf_glass_K = 800,
                   .T_exo_K = 700,
                   .rate_exo = -0.02 * VT_EV_J_PER_MOL};
  vt_pel_scan b = a;
  b.cool_K_per_s = 1e12, b.E_glass = -3.4 * VT_EV_J_PER_MOL;
  vt_table t = {0};
  char text[1024];
  FILE *fp = tmpfile();
  CHECK(vt_pel_glass_write_csv(&a, 1, fp, NULL) == 0 &&
            vt_pel_glass_write_csv(&b, 0, fp, NULL) == 0,
        "glass rows");
  if (read_back(fp, &t, text, sizeof text)) return;
  CHECK(t.n_rows == 2, "%zu rows", t.n_rows);
  NEAR_REL(si(&t, 1, "cool_rate_K_per_s", VT_DIM_RATE), 1e12, 1e-9, "rate");
  NEAR_REL(si(&t, 1, "E_IS_glass_eV", VT_DIM_MOLAR_ENERGY), -3.4 * VT_EV_J_PER_MOL, 1e-6,
           "E_IS through eV per particle");
  NEAR_REL(si(&t, 0, "T_exo_K", VT_DIM_TEMPERATURE), 700.0, 1e-9, "T_exo");
  vt_table_free(&t);
}

/* The two-step sweep's rows, to the byte as vitrum strain wrote them before the writers moved
 * into the library: strains in %, stresses in MPa, nan where a run has no second step or no
 * recovery. */
static void test_two_step_rows(void) {
  vt_two_step s = vt_two_step_default();
  s.eps1 = 0.005, s.eps2 = 0.003, s.t_w_s = 900, s.T_K = 583;
  double t2[2] = {0, 10.5}, stress[2] = {2.5e8, 1.234567891e8};
  vt_memory_curve m = {.spec = s, .sigma_w_Pa = 3.5e8, .n = 2, .t2_s = t2, .stress_Pa = stress};
  m.peak = (vt_memory_peak){1, 2e8, 2.1e8, 1e7, 31.3259};
  vt_recovery_summary r = {.strain_vp = 0.0012, .fraction = 0.76, .tau_rec_s = 50, .beta_rec = 0.5};
  char text[2048];
  FILE *fp = tmpfile();
  CHECK(vt_two_step_curve_csv_header(fp) == 0 &&
            vt_two_step_curve_write_csv(3, &s, &m, fp, NULL) == 0 &&
            vt_two_step_row_csv_header(fp) == 0 &&
            vt_two_step_row_write_csv(3, &s, &m, &r, fp, NULL) == 0 &&
            vt_two_step_row_write_csv(4, &s, NULL, NULL, fp, NULL) == 0,
        "two-step rows");
  const char *want = "run,eps1_pct,eps2_pct,t_w_s,T_K,t2_s,stress_MPa\n"
                     "3,0.5,0.3,900,583,0,250\n"
                     "3,0.5,0.3,900,583,10.5,123.45679\n"
                     "run,eps1_pct,eps2_pct,t_w_s,T_K,sigma_w_MPa,sigma0_MPa,sigma_peak_MPa,"
                     "dsigma_MPa,t_p_s,tau_rec_s,beta_rec,eps_vp_pct,recovery_fraction\n"
                     "3,0.5,0.3,900,583,350,200,210,10,31.3259,50,0.5,0.12,0.76\n"
                     "4,0.5,0.3,900,583,nan,nan,nan,nan,nan,nan,nan,nan,nan\n";
  const char *got = read_text(fp, text, sizeof text);
  CHECK(strcmp(got, want) == 0, "two-step rows:\n%s", got);
  CHECK(vt_two_step_row_write_csv(0, NULL, NULL, NULL, stdout, NULL) == VT_EINVAL, "NULL spec");
}

int main(void) {
  test_two_step_rows();
  test_pel_glass();
  test_cal();
  test_curves();
  test_dsc();
  test_kovacs_pathmatch();
  test_kinetics();
  test_loss();
  test_kww();
  test_arrhenius();
  test_kww_summaries();
  test_debye();
  test_pdf();
  TEST_MAIN_END();
}
