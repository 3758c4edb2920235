/* Setting a fit up: free parameters and bounds against TNM's table, the data checks, the
 * protocols with their dense line times for plots; fits straight from measured scans (a
 * synthetic export made from the model with noise) and dh relative to a reference state. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

static void test_params(void) {
  vt_error err;
  vt_model *m = vt_model_create("tnm", &err);
  vt_fit_params p;
  memset(&p, 0, sizeof p);
  CHECK(vt_fit_params_add(&p, m, "dh, x", &err) == VT_OK, "add: %s", err.message);
  CHECK(p.n == 2 && !strcmp(p.name[0], "dh") && !strcmp(p.name[1], "x"), "names: %zu", p.n);
  CHECK(isnan(p.lower[0]) && isnan(p.upper[1]), "no bounds yet");
  CHECK(vt_fit_params_add(&p, m, "beta,zz", &err) == VT_ENOTFOUND, "unknown name");
  CHECK_CONTAINS(err.message, "model tnm has no parameter 'zz'; its parameters are A, dh, x");
  CHECK(p.n == 2, "a failed list adds nothing: %zu", p.n);
  CHECK(vt_fit_params_add(&p, m, "x", &err) == VT_EINVAL, "x twice");
  CHECK_CONTAINS(err.message, "'x' named twice");
  /* LO takes HI's unit; kJ/mol in SI is J/mol */
  CHECK(vt_fit_params_bound(&p, m, "dh=100,250 kJ/mol", &err) == VT_OK, "bound: %s", err.message);
  CHECK_NEAR(p.lower[0], 100e3, 1e-9, "dh lower (J/mol)");
  CHECK_NEAR(p.upper[0], 250e3, 1e-9, "dh upper (J/mol)");
  CHECK(vt_fit_params_bound(&p, m, "dh=120,200 kJ/mol", &err) != VT_OK, "bounded twice");
  CHECK_CONTAINS(err.message, "dh is bounded twice");
  CHECK(vt_fit_params_bound(&p, m, "x=0.7,0.9", &err) != VT_OK, "start outside");
  CHECK_CONTAINS(err.message, "lies outside [0.7, 0.9]");
  CHECK(vt_fit_params_bound(&p, m, "x=0.9,0.1", &err) != VT_OK, "falling");
  CHECK_CONTAINS(err.message, "expected two rising values");
  CHECK(vt_fit_params_bound(&p, m, "beta=0.1,0.9", &err) != VT_OK, "beta is not free");
  CHECK_CONTAINS(err.message, "NAME one of the free parameters");
  CHECK(vt_fit_params_bound(&p, m, "x=0.1,0.9", &err) == VT_OK, "x: %s", err.message);
  CHECK_NEAR(p.lower[1], 0.1, 1e-15, "x lower");
  vt_fit_options o = vt_fit_options_default();
  vt_fit_params_use(&p, &o);
  CHECK(o.n_free == 2 && o.free_names[1] == p.names[1] && o.lower == p.lower, "use");
  vt_model_free(m);
}

static void test_checks(void) {
  vt_dh_point pts[3] = {{383, 10, NAN, NAN, 100, 2.0, 3},
                        {383, 100, NAN, NAN, 200, NAN, 4},
                        {470, 10, NAN, NAN, 300, NAN, 5}};
  const char *files[3] = {"a.csv", "b.csv", "b.csv"};
  vt_fit_data d = {3, pts, 0, NULL};
  vt_fit_options o = vt_fit_options_default();
  vt_error err;
  int mix = -1;
  CHECK(vt_fit_data_check(&d, &o, files, &mix, &err) == VT_EINVAL, "mixed sigma");
  CHECK_CONTAINS(err.message, "a.csv:3 has a sigma but b.csv:4 has none");
  pts[0].sigma_J_per_mol = NAN;
  o.dsc.T_eq_K = 450;
  CHECK(vt_fit_data_check(&d, &o, files, &mix, &err) == VT_ERANGE, "above T_eq");
  CHECK_CONTAINS(err.message, "b.csv:5: T1 = 470 K must lie below T_eq = 450 K");
  pts[2].T1_K = 373;
  o.reading = VT_DH_DSC;
  o.dsc.T_low_K = 380;
  CHECK(vt_fit_data_check(&d, &o, NULL, &mix, &err) == VT_ERANGE, "below T_low");
  CHECK_CONTAINS(err.message, "point 3 (line 5): T1 = 373 K must lie between T_low = 380 K");
  o.reading = VT_DH_STATE;
  vt_cpn_curve cv = {"c.csv", NULL, 0, NULL, NULL, NULL};
  d.n_curves = 1;
  d.curves = &cv;
  CHECK(vt_fit_data_check(&d, &o, files, &mix, &err) == VT_OK && mix == 1, "unweighted mix");
}

static void test_protocols(void) {
  vt_dh_point pts[6] = {{383, 1, NAN, NAN, 0, NAN, 0},   {348, 10, 383, 5, 0, NAN, 0},
                        {383, 100, NAN, NAN, 0, NAN, 0}, {348, 10, 383, 50, 0, NAN, 0},
                        {383, 10, NAN, NAN, 0, NAN, 0},  {363, 10, 383, 20, 0, NAN, 0}};
  vt_fit_data d = {6, pts, 0, NULL};
  vt_fit_protocol *ps = NULL;
  size_t n = 0, of[6], *line_of = NULL;
  vt_error err;
  CHECK(vt_fit_protocols(&d, &ps, &n, of, &err) == VT_OK && n == 3, "3 protocols: %zu", n);
  CHECK(of[0] == 0 && of[1] == 1 && of[2] == 0 && of[3] == 1 && of[4] == 0 && of[5] == 2, "of");
  CHECK_NEAR(ps[0].t_lo_s, 1, 0, "single step: first time");
  CHECK_NEAR(ps[0].t_hi_s, 100, 0, "single step: last time");
  CHECK(isnan(ps[0].T2_K) && isnan(ps[0].t1_s), "single step has no T2, t1");
  CHECK_NEAR(ps[1].t1_s, 10, 0, "two step t1");
  CHECK_NEAR(vt_dh_point_time(&pts[3]), 50, 0, "two step: t2 is plotted");
  vt_fit_data lines;
  CHECK(vt_fit_protocol_lines(ps, n, 4, &lines, &line_of, &err) == VT_OK && lines.n_dh == 12,
        "lines: %zu", lines.n_dh);
  /* 1..100 s widened by 1.5 each way: 1/1.5 .. 150 s, log spaced */
  CHECK_NEAR(lines.dh[0].t1_s, 1 / 1.5, 1e-12, "first line time");
  CHECK_NEAR(lines.dh[1].t1_s, (1 / 1.5) * pow(225, 1.0 / 3), 1e-10, "second line time");
  CHECK_NEAR(lines.dh[3].t1_s, 150, 1e-10, "last line time");
  /* two step: t1 kept, t2 from 5/1.5 to 75 s */
  CHECK_NEAR(lines.dh[4].t1_s, 10, 0, "two-step t1 kept");
  CHECK_NEAR(lines.dh[4].t2_s, 5 / 1.5, 1e-12, "two-step first t2");
  CHECK_NEAR(lines.dh[7].t2_s, 75, 1e-10, "two-step last t2");
  /* a single time: a factor 3 each way */
  CHECK_NEAR(lines.dh[8].t2_s, 20.0 / 3, 1e-12, "single time: low end");
  CHECK_NEAR(lines.dh[11].t2_s, 60, 1e-10, "single time: high end");
  CHECK(line_of[0] == 0 && line_of[4] == 1 && line_of[11] == 2, "line protocols");
  vt_fit_data_free(&lines);
  free(line_of);
  free(ps);
}

/* vt_fit_protocol_label: the key titles; vt_fit_lines_make: the protocols, lines and the
 * model's values on them equal the three calls it stands for, the lines' time span is the
 * extremes of the protocols' widened spans, and a failure leaves nothing to free. */
static void test_lines(void) {
  char buf[80];
  vt_fit_protocol one = {383, NAN, NAN, 1, 100}, two = {348, 100, 383, 5, 50};
  CHECK(strcmp(vt_fit_protocol_label(&one, buf, sizeof buf), "single step at 383 K") == 0,
        "single-step label: %s", buf);
  CHECK(strcmp(vt_fit_protocol_label(&two, buf, sizeof buf), "348 K for 100 s, then 383 K") == 0,
        "two-step label: %s", buf);
  vt_dh_point pts[4] = {{383, 1, NAN, NAN, 0, NAN, 0},
                        {348, 10, 383, 5, 0, NAN, 0},
                        {383, 100, NAN, NAN, 0, NAN, 0},
                        {363, 10, 383, 20, 0, NAN, 0}};
  vt_fit_data d = {4, pts, 0, NULL};
  vt_error err;
  vt_model *m = vt_model_create("tnm", &err);
  vt_fit_options o = vt_fit_options_default();
  vt_fit_lines l;
  int rc = vt_fit_lines_make(m, &d, &o, 5, &l, &err);
  CHECK(rc == VT_OK && l.n_protocols == 3 && l.lines.n_dh == 15, "make: %s", rc ? err.message : "");
  if (rc) {
    vt_model_free(m);
    return;
  }
  vt_fit_protocol *ps = NULL;
  size_t n = 0, of[4], *line_of = NULL;
  vt_fit_data lines;
  vt_fit_protocols(&d, &ps, &n, of, NULL);
  vt_fit_protocol_lines(ps, n, 5, &lines, &line_of, NULL);
  double pred[15];
  vt_fit_predict(m, &lines, &o, pred, NULL);
  int same = 1;
  for (size_t i = 0; i < 4; i++) same &= l.protocol_of[i] == of[i];
  for (size_t i = 0; i < 15; i++)
    same &= l.line_protocol[i] == line_of[i] && l.predicted[i] == pred[i] &&
            l.lines.dh[i].t1_s == lines.dh[i].t1_s && isfinite(pred[i]);
  CHECK(same, "the three calls' protocols, lines and predictions");
  /* the single steps at 1..100 s span 1/1.5 to 150 s; the two-step protocols (one t2 each, 5
   * and 20 s: a factor 3 each way) lie inside */
  CHECK_NEAR(l.t_lo_s, 1 / 1.5, 1e-12, "lines start");
  CHECK_NEAR(l.t_hi_s, 150, 1e-10, "lines end");
  vt_fit_lines_free(&l);
  vt_fit_lines_free(&l); /* zeroed: safe again */
  vt_fit_data_free(&lines);
  free(line_of);
  free(ps);
  vt_fit_data empty = {0, NULL, 0, NULL};
  CHECK(vt_fit_lines_make(m, &empty, &o, 5, &l, &err) == VT_OK && l.lines.n_dh == 0 &&
            l.t_lo_s == 0 && l.t_hi_s == 0,
        "no dh points: no lines, span 0");
  vt_fit_lines_free(&l);
  CHECK(vt_fit_lines_make(m, &d, &o, 1, &l, &err) == VT_EINVAL && l.protocols == NULL &&
            l.protocol_of == NULL && l.predicted == NULL,
        "points < 2: an error, nothing to free");
  vt_model_free(m);
}

/* ---- Jacobians: forward sensitivities against finite differences ---------------------------- */

/* The fit of `start` (left as it was) with the sensitivities and with finite differences: both
 * converge, every value agrees within a tenth of its standard error, and the sensitivities
 * take fewer model runs, all of them carrying sensitivities. Returns the sensitivity fit. */
static int same_as_fd(const vt_model *start, const vt_fit_data *d, vt_fit_options o,
                      vt_fit_result *r, const char *what) {
  vt_fit_result fd = {0};
  vt_error err;
  vt_model *a = vt_model_clone(start, &err), *b = vt_model_clone(start, &err);
  o.fd_jacobian = 0;
  int rc = a && b ? vt_fit_run(a, d, &o, r, &err) : VT_ENOMEM;
  CHECK(rc == VT_OK, "%s, sensitivities: %s", what, rc ? err.message : "");
  o.fd_jacobian = 1;
  int frc = rc ? rc : vt_fit_run(b, d, &o, &fd, &err);
  CHECK(frc == VT_OK, "%s, finite differences: %s", what, frc ? err.message : "");
  if (!rc && !frc) {
    printf("  %s: %ld model runs with sensitivities (%d iterations), %ld by finite differences "
           "(%d iterations)\n",
           what, r->model_runs, r->iterations, fd.model_runs, fd.iterations);
    CHECK(r->sensitivity_runs == r->model_runs && fd.sensitivity_runs == 0,
          "%s: the sensitivities carried every run (%ld of %ld)", what, r->sensitivity_runs,
          r->model_runs);
    CHECK(r->model_runs < fd.model_runs, "%s: fewer runs with sensitivities", what);
    for (size_t j = 0; j < r->n_free; j++) {
      double off = fabs(r->value[j] - fd.value[j]) / r->se[j];
      printf("    %-10s %.9g (sens) %.9g (FD) +- %.3g: %.2g se apart\n", r->names[j], r->value[j],
             fd.value[j], r->se[j], off);
      CHECK(off <= 0.1, "%s: %s by sensitivities and FD %.3g se apart", what, r->names[j], off);
    }
    if (r->dh_offset_fitted) /* its gradient by the sensitivities too */
      CHECK(fabs(r->dh_offset_se_J_per_mol / fd.dh_offset_se_J_per_mol - 1.0) < 1e-3 &&
                fabs(r->dh_offset_J_per_mol - fd.dh_offset_J_per_mol) <
                    0.1 * r->dh_offset_se_J_per_mol,
            "%s: offset %.6g +- %.4g (sens) against %.6g +- %.4g (FD)", what,
            r->dh_offset_J_per_mol, r->dh_offset_se_J_per_mol, fd.dh_offset_J_per_mol,
            fd.dh_offset_se_J_per_mol);
  }
  if (!frc) vt_fit_result_free(&fd);
  if (rc) memset(r, 0, sizeof *r);
  vt_model_free(a);
  vt_model_free(b);
  return rc;
}

/* ---- Straight from the instrument -------------------------------------------------------- */

/* The truth: TNM with tau(400 K) = 1 s, Tg ~ 433 K at 1000 K/s; a one-step ageing method at
 * 400 K (tau_eq 1 s there, so 1-100 s of ageing recover a good part of the way). */
#define SC_RATE  1000.0
#define SC_T_EQ  500.0
#define SC_T_LOW 300.0
#define SC_T_AGE 400.0
#define SC_DH    300e3
#define SC_X     0.5
#define SC_BETA  0.5
#define SC_NOISE 1e-8 /* W, against a Cp_N step of 2e-5 W: 5e-4 in Cp_N */

static double sc_A(double dh) {
  return exp(-dh / (VT_GAS_CONSTANT_J_PER_MOL_K * SC_T_AGE)); /* tau(400 K) = 1 s */
}

static vt_model *sc_model(double dh, double x, double beta) {
  vt_model *m = vt_model_create("tnm", NULL);
  vt_model_set(m, "dh", dh, NULL);
  vt_model_set(m, "A", sc_A(dh), NULL);
  vt_model_set(m, "x", x, NULL);
  vt_model_set(m, "beta", beta, NULL);
  return m;
}

/* Gaussian noise from a fixed xorshift stream (Box-Muller): the same draw every run. */
static double sc_gauss(unsigned long long *s) {
  double u[2];
  for (int k = 0; k < 2; k++) {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    u[k] = ((double)(*s >> 11) + 0.5) / 9007199254740992.0;
  }
  return sqrt(-2.0 * log(u[0])) * cos(2.0 * TU_PI * u[1]);
}

static vt_program *sc_program(double age, int with_scan) {
  vt_program *p = vt_program_create(SC_T_EQ, NULL);
  vt_program_ramp(p, SC_T_AGE, SC_RATE, NULL);
  if (age > 0) vt_program_hold(p, age, NULL);
  vt_program_ramp(p, SC_T_LOW, SC_RATE, NULL);
  if (with_scan) vt_program_ramp(p, SC_T_EQ, SC_RATE, NULL);
  return p;
}

/* A scan as the instrument records it: a sloping glass line plus the step times Cp_N, with
 * noise, at the middle of each step of the model's heating ramp (where its Cp_N belongs). */
static int sc_scan(vt_model *m, const vt_grid_options *go, double age, unsigned long long *seed,
                   vt_curve *c) {
  vt_program *p = sc_program(age, 1);
  vt_grid g;
  vt_trace t = {0};
  int rc = vt_grid_build(p, go, &g, NULL);
  if (!rc) rc = vt_simulate(m, &g, &t, NULL), vt_grid_free(&g);
  vt_program_free(p);
  size_t first = t.n - 1;
  while (!rc && t.segment[first - 1] == t.segment[t.n - 1]) first--;
  size_t n = rc ? 0 : t.n - first;
  c->n = n;
  c->segment = -1;
  c->name = malloc(16);
  if (c->name) snprintf(c->name, 16, "synthetic");
  c->time_s = malloc(n * sizeof(double));
  c->Ts_K = malloc(n * sizeof(double));
  c->Tr_K = malloc(n * sizeof(double));
  c->heat_flow_W = malloc(n * sizeof(double));
  for (size_t k = 0; k < n; k++) {
    double T = 0.5 * (t.T_K[first + k] + t.T_K[first + k - 1]);
    c->time_s[k] = (T - SC_T_LOW) / SC_RATE;
    c->Ts_K[k] = c->Tr_K[k] = T;
    c->heat_flow_W[k] =
        1e-5 + 1e-8 * (T - SC_T_LOW) + 2e-5 * t.CpN[first + k] + SC_NOISE * sc_gauss(seed);
  }
  vt_trace_free(&t);
  return rc;
}

static const double sc_ages[] = {0.0, 1.0, 10.0, 100.0}; /* the first: the unaged reference */
#define SC_N 4

/* The export analysed as vitrum tf would: reference = the unaged scan, windows given. */
static int sc_calorimetry(const vt_grid_options *go, vt_curve_set *set, vt_cal_result *cal) {
  vt_model *m = sc_model(SC_DH, SC_X, SC_BETA);
  unsigned long long seed = 88172645463325252ull;
  set->n = SC_N;
  set->curves = calloc(SC_N, sizeof *set->curves);
  int rc = VT_OK;
  for (size_t k = 0; !rc && k < SC_N; k++) rc = sc_scan(m, go, sc_ages[k], &seed, &set->curves[k]);
  vt_model_free(m);
  vt_cal_options co = vt_cal_options_default();
  co.endo_up = 1;
  co.glass_K[0] = 305, co.glass_K[1] = 345, co.liquid_K[0] = 475, co.liquid_K[1] = 499;
  size_t ref = 0, samples[SC_N] = {0, 1, 2, 3};
  vt_error err;
  if (!rc) rc = vt_cal_analyse(set, &ref, 1, samples, SC_N, &co, cal, &err);
  CHECK(rc == VT_OK, "vt_cal_analyse of the synthetic export: %s", rc ? err.message : "");
  return rc;
}

static vt_scan_fit_options sc_scan_options(void) {
  vt_scan_fit_options so = vt_scan_fit_options_default();
  so.T_age_K = SC_T_AGE;
  so.T_eq_K = SC_T_EQ;
  so.T_low_K = SC_T_LOW;
  so.max_points = 120;
  return so;
}

/* Recovery: the model's parameters back from its own noisy scans, within 3 standard errors;
 * the fitted Cp_N orders the scans' equal-area Tf as the data do (falling with ageing). */
static void test_scans_recovery(void) {
  vt_fit_options o = vt_fit_options_default();
  o.dsc.grid.ramp_step_K = 0.25; /* the data's grid: the comparison points are its midpoints */
  o.n_starts = 1;
  o.threads = 1;
  vt_curve_set set = {0};
  vt_cal_result cal = {0};
  vt_fit_data d = {0};
  if (sc_calorimetry(&o.dsc.grid, &set, &cal)) return;
  vt_scan_history h[SC_N];
  for (size_t k = 0; k < SC_N; k++) h[k] = (vt_scan_history){NULL, sc_ages[k]};
  vt_scan_fit_options so = sc_scan_options();
  vt_error err;
  int rc = vt_fit_data_from_scans(&cal, h, SC_N, &so, &d, &err);
  CHECK(rc == VT_OK, "vt_fit_data_from_scans: %s", rc ? err.message : "");
  CHECK(d.n_curves == SC_N && d.curves[0].n == 120, "4 curves of 120 points (got %zu, %zu)",
        d.n_curves, d.n_curves ? d.curves[0].n : 0);
  CHECK(!rc && strstr(d.curves[2].name, "aged 10 s"), "curve 2 is named by its age: %s",
        rc ? "" : d.curves[2].name);
  vt_model *m = sc_model(1.08 * SC_DH, 0.92 * SC_X, 1.08 * SC_BETA); /* 8 % away */
  const char *names[] = {"A", "dh", "x", "beta"};
  o.free_names = names;
  o.n_free = 4;
  o.dsc.T_eq_K = SC_T_EQ; /* the fitter's own quench */
  o.dsc.cool_rate_K_per_s = SC_RATE;
  vt_fit_result r;
  if (!rc) rc = same_as_fd(m, &d, o, &r, "Cp_N scans");
  for (size_t j = 0; !rc && j < 4; j++) vt_model_set(m, r.names[j], r.value[j], &err);
  const double truth[] = {sc_A(SC_DH), SC_DH, SC_X, SC_BETA};
  double se_fit[4] = {0};
  for (size_t j = 0; !rc && j < 4; j++) se_fit[j] = r.se[j];
  /* the reference's lines, shared by every curve, add what the points' scatter cannot show */
  /* the lines' share by finite differences: the same to 2e-3 (forward differences at 1e-6 of
   * each value put ~1e-3 into the smaller Jacobian columns; measured 1.4e-5 to 1.0e-3) */
  vt_fit_result rf = {0};
  vt_fit_options of = o;
  of.fd_jacobian = 1;
  if (!rc) {
    rf = r;
    rf.se = malloc(4 * sizeof *rf.se);
    rf.correlation = malloc(16 * sizeof *rf.correlation);
    memcpy(rf.se, r.se, 4 * sizeof *rf.se);
    memcpy(rf.correlation, r.correlation, 16 * sizeof *rf.correlation);
  }
  int lrc = rc ? rc : vt_fit_scans_line_errors(m, &d, &o, &cal, &r, &err);
  CHECK(lrc == VT_OK, "vt_fit_scans_line_errors: %s", lrc ? err.message : "");
  if (!rc && !vt_fit_scans_line_errors(m, &d, &of, &cal, &rf, &err))
    for (size_t j = 0; j < 4; j++)
      CHECK(fabs(rf.se[j] / r.se[j] - 1.0) < 2e-3, "%s: se with the lines %g (sens), %g (FD)",
            r.names[j], r.se[j], rf.se[j]);
  if (!rc) free(rf.se), free(rf.correlation);
  for (size_t j = 0; !rc && j < 4; j++)
    CHECK(r.se[j] > se_fit[j], "%s: the lines add to the standard error (%g -> %g)", r.names[j],
          se_fit[j], r.se[j]);
  for (size_t j = 0; !rc && j < 4; j++) {
    printf("  scans: %-4s = %.6g +- %.3g (scatter alone %.3g; true %.6g, %.2f se off)\n",
           r.names[j], r.value[j], r.se[j], se_fit[j], truth[j],
           fabs(r.value[j] - truth[j]) / r.se[j]);
    CHECK(fabs(r.value[j] - truth[j]) <= 3 * r.se[j], "%s = %g +- %g recovers %g within 3 se",
          r.names[j], r.value[j], r.se[j], truth[j]);
  }
  for (size_t c = 1, at = 0; !rc && c < SC_N; c++) { /* Tf falls with ageing, fitted and measured */
    at += d.curves[c - 1].n;
    double tf_prev = vt_cpn_fictive_temperature(
        d.curves[c - 1].T_K, r.predicted + at - d.curves[c - 1].n, d.curves[c - 1].n);
    double tf = vt_cpn_fictive_temperature(d.curves[c].T_K, r.predicted + at, d.curves[c].n);
    double tf_data = vt_cpn_fictive_temperature(d.curves[c].T_K, d.curves[c].CpN, d.curves[c].n);
    CHECK(tf < tf_prev, "fitted Tf falls from curve %zu to %zu: %g -> %g", c - 1, c, tf_prev, tf);
    CHECK_NEAR(tf, tf_data, 0.1, "fitted against measured equal-area Tf (K)");
  }
  if (!rc) vt_fit_result_free(&r);
  vt_model_free(m);
  vt_fit_data_free(&d);
  vt_cal_result_free(&cal);
  vt_curve_set_free(&set);
}

/* Bad histories: counts that differ, a curve without one, a program ending above the scan. */
static void test_scans_bad(void) {
  vt_grid_options go = vt_grid_options_default();
  go.ramp_step_K = 1.0;
  vt_curve_set set = {0};
  vt_cal_result cal = {0};
  vt_fit_data d = {0};
  if (sc_calorimetry(&go, &set, &cal)) return;
  vt_scan_history h[SC_N];
  for (size_t k = 0; k < SC_N; k++) h[k] = (vt_scan_history){NULL, sc_ages[k]};
  vt_scan_fit_options so = sc_scan_options();
  vt_error err;
  int rc = vt_fit_data_from_scans(&cal, h, SC_N - 1, &so, &d, &err);
  CHECK(rc == VT_EINVAL && d.n_curves == 0, "3 histories for 4 curves: VT_EINVAL (got %d)", rc);
  CHECK_CONTAINS(err.message, "3 thermal histories for 4 analysed curves");
  h[2].t_age_s = NAN;
  rc = vt_fit_data_from_scans(&cal, h, SC_N, &so, &d, &err);
  CHECK(rc == VT_EINVAL && d.n_curves == 0 && !d.curves, "no history: VT_EINVAL, nothing kept");
  CHECK_CONTAINS(err.message, "curve 2 has no thermal history");
  vt_program *hot = vt_program_create(SC_T_EQ, NULL);
  vt_program_ramp(hot, 350.0, SC_RATE, NULL);
  h[2] = (vt_scan_history){hot, NAN};
  rc = vt_fit_data_from_scans(&cal, h, SC_N, &so, &d, &err);
  CHECK(rc == VT_EINVAL, "a program ending above the scan's start: VT_EINVAL (got %d)", rc);
  CHECK_CONTAINS(err.message, "ends at 350 K, above the scan's first point");
  vt_program *own = sc_program(10.0, 0); /* the history without its scan: the ramp is added */
  h[2] = (vt_scan_history){own, NAN};
  rc = vt_fit_data_from_scans(&cal, h, SC_N, &so, &d, &err);
  CHECK(rc == VT_OK && vt_program_segment_count(d.curves[2].program) == 4,
        "a program to the scan's start gets the heating ramp appended (rc %d)", rc);
  vt_fit_data_free(&d);
  vt_program_free(hot);
  vt_program_free(own);
  /* without a reference each curve stands on its own lines: Cp_N ~ 0 on the glass, 1 on the
   * liquid (to the noise, 5e-4, over the windows' points) */
  vt_cal_result alone = {0};
  vt_cal_options co = vt_cal_options_default();
  co.endo_up = 1;
  co.glass_K[0] = 305, co.glass_K[1] = 345, co.liquid_K[0] = 475, co.liquid_K[1] = 499;
  size_t samples[SC_N] = {0, 1, 2, 3};
  h[2] = (vt_scan_history){NULL, sc_ages[2]};
  rc = vt_cal_analyse(&set, NULL, 0, samples, SC_N, &co, &alone, &err);
  if (!rc) rc = vt_fit_data_from_scans(&alone, h, SC_N, &so, &d, &err);
  CHECK(rc == VT_OK, "scans without a reference: %s", rc ? err.message : "");
  for (size_t c = 0; !rc && c < SC_N; c++) {
    double g = 0, l = 0;
    size_t ng = 0, nl = 0;
    for (size_t k = 0; k < d.curves[c].n; k++) {
      double T = d.curves[c].T_K[k], y = d.curves[c].CpN[k];
      if (T <= 345) g += y, ng++;
      if (T >= 475) l += y - 1.0, nl++;
    }
    CHECK(ng > 5 && nl > 5 && fabs(g / ng) < 1e-3 && fabs(l / nl) < 1e-3,
          "curve %zu on its own lines: mean Cp_N %g on the glass, %g off 1 on the liquid", c,
          ng ? g / ng : NAN, nl ? l / nl : NAN);
  }
  vt_fit_data_free(&d);
  vt_cal_result_free(&alone);
  CHECK(vt_fit_data_from_scans(NULL, h, SC_N, &so, &d, NULL) == VT_EINVAL, "NULL result");
  CHECK(isnan(vt_cpn_fictive_temperature(NULL, NULL, 3)), "Tf of nothing is NaN");
  double T[] = {300, 400, 500}, step[] = {0, 0.5, 1}; /* a straight step: Tf at its middle */
  CHECK_NEAR(vt_cpn_fictive_temperature(T, step, 3), 400.0, 1e-12, "equal-area Tf of a ramp");
  vt_cal_result_free(&cal);
  vt_curve_set_free(&set);
}

/* ---- dh relative to a reference state ---------------------------------------------------- */

#define OFF_TRUE  -250.0 /* J/mol: the data's reference lies this far from the as-cooled glass */
#define OFF_SIGMA 5.0

/* Single-step anneals at 390 and 400 K for 1-300 s, from the model, shifted by the offset. */
static void off_data(vt_fit_data *d, const vt_fit_options *o, double noise) {
  static const double T1[] = {390.0, 400.0}, t1[] = {1, 3, 10, 30, 100, 300};
  d->n_dh = 12;
  d->dh = calloc(12, sizeof *d->dh);
  for (size_t i = 0; i < 12; i++)
    d->dh[i] = (vt_dh_point){T1[i / 6], t1[i % 6], NAN, NAN, 0.0, OFF_SIGMA, (long)i + 2};
  vt_model *m = sc_model(SC_DH, SC_X, SC_BETA);
  double pred[12];
  vt_fit_predict(m, d, o, pred, NULL);
  unsigned long long seed = 2463534242ull;
  for (size_t i = 0; i < 12; i++)
    d->dh[i].dh_J_per_mol = pred[i] + OFF_TRUE + noise * sc_gauss(&seed);
  vt_model_free(m);
}

static void test_dh_offset(void) {
  vt_fit_options o = vt_fit_options_default();
  o.dsc.T_eq_K = SC_T_EQ;
  o.n_starts = 1;
  o.threads = 1;
  const char *names[] = {"dh", "x"};
  o.free_names = names;
  o.n_free = 2;
  vt_fit_data d = {0};
  off_data(&d, &o, OFF_SIGMA);
  /* fitted: offset and parameters back within 3 standard errors */
  o.fit_dh_offset = 1;
  vt_model *m = sc_model(1.05 * SC_DH, 0.9 * SC_X, SC_BETA);
  vt_model_set(m, "A", sc_A(SC_DH), NULL); /* A fixed at the truth */
  vt_fit_result r;
  vt_error err;
  int rc = same_as_fd(m, &d, o, &r, "fitted dh offset");
  if (!rc) {
    printf("  offset: %.5g +- %.3g J/mol (true %g), dh %.6g +- %.3g, x %.5g +- %.3g, dof %zu\n",
           r.dh_offset_J_per_mol, r.dh_offset_se_J_per_mol, OFF_TRUE, r.value[0], r.se[0],
           r.value[1], r.se[1], r.dof);
    CHECK(r.dh_offset_fitted && r.dof == 12 - 3, "the offset is fitted and counted in the dof");
    CHECK(fabs(r.dh_offset_J_per_mol - OFF_TRUE) <= 3 * r.dh_offset_se_J_per_mol,
          "offset %g +- %g within 3 se of %g", r.dh_offset_J_per_mol, r.dh_offset_se_J_per_mol,
          OFF_TRUE);
    CHECK(r.dh_offset_se_J_per_mol > OFF_SIGMA / sqrt(12.0),
          "the offset's se %g exceeds that of a plain mean %g (the parameters add to it)",
          r.dh_offset_se_J_per_mol, OFF_SIGMA / sqrt(12.0));
    CHECK(fabs(r.value[0] - SC_DH) <= 3 * r.se[0], "dh within 3 se");
    CHECK(fabs(r.value[1] - SC_X) <= 3 * r.se[1], "x within 3 se");
    double mean = 0; /* the profiled offset leaves the weighted dh residuals without a mean */
    for (size_t i = 0; i < 12; i++) mean += r.residual[i] / 12.0;
    CHECK_NEAR(mean, 0.0, 1e-6, "mean dh residual with a fitted offset (J/mol)");
    vt_fit_result_free(&r);
  }
  vt_model_free(m);
  vt_fit_data_free(&d);
  /* given, on exact data: the parameters come back to the solver's precision */
  o.fit_dh_offset = 0;
  off_data(&d, &o, 0.0);
  o.dh_offset_J_per_mol = OFF_TRUE;
  m = sc_model(1.05 * SC_DH, 0.9 * SC_X, SC_BETA);
  vt_model_set(m, "A", sc_A(SC_DH), NULL);
  rc = vt_fit_run(m, &d, &o, &r, &err);
  CHECK(rc == VT_OK, "fit with a given offset: %s", rc ? err.message : "");
  if (!rc) {
    CHECK_NEAR(r.value[0] / SC_DH, 1.0, 1e-6, "dh with the offset given (relative)");
    CHECK_NEAR(r.value[1], SC_X, 1e-6, "x with the offset given");
    CHECK(!r.dh_offset_fitted, "a given offset is not reported as fitted");
    vt_fit_result_free(&r);
  }
  vt_model_free(m);
  vt_fit_data_free(&d);
}

/* The units model (x < 1: the units coupled through the mean Tf) fitted to dh points with 1 %
 * noise, from 5 % away, by its sensitivities and by finite differences. */
static void test_units_jacobian(void) {
  static const double T1[] = {300.0, 348.0}, t1[] = {0.1, 1, 10, 100, 1000};
  const char *names[] = {"E_beta", "sigma_beta", "w_alpha", "x"};
  const double truth[] = {80e3, 6e3, 0.6, 0.8}, away[] = {1.05, 1.05, 0.95, 0.95};
  vt_fit_options o = vt_fit_options_default();
  o.dsc.grid.ramp_step_K = 0.5;
  o.dsc.grid.hold_points_per_decade = 8;
  o.dsc.T_eq_K = 480.0;
  o.dsc.T_low_K = 250.0;
  o.n_starts = 1;
  o.threads = 1;
  o.free_names = names;
  o.n_free = 4;
  vt_fit_data d = {0};
  d.n_dh = 10;
  d.dh = calloc(10, sizeof *d.dh);
  for (size_t i = 0; i < 10; i++)
    d.dh[i] = (vt_dh_point){T1[i / 5], t1[i % 5], NAN, NAN, 0.0, NAN, (long)i + 2};
  vt_model *m = vt_model_create("units", NULL);
  vt_model_set(m, "n_units", 40, NULL);
  vt_model_set(m, "x", truth[3], NULL);
  double pred[10];
  vt_error err;
  int rc = vt_fit_predict(m, &d, &o, pred, &err);
  CHECK(rc == VT_OK, "units data: %s", rc ? err.message : "");
  unsigned long long seed = 2463534242ull;
  for (size_t i = 0; i < 10; i++) {
    d.dh[i].sigma_J_per_mol = 0.01 * fabs(pred[i]) + 0.1;
    d.dh[i].dh_J_per_mol = pred[i] + d.dh[i].sigma_J_per_mol * sc_gauss(&seed);
  }
  for (size_t j = 0; j < 4; j++) vt_model_set(m, names[j], truth[j] * away[j], NULL);
  vt_fit_result r;
  if (!rc && !same_as_fd(m, &d, o, &r, "units model, dh points")) {
    for (size_t j = 0; j < 4; j++)
      CHECK(fabs(r.value[j] - truth[j]) <= 3 * r.se[j], "units %s = %g +- %g recovers %g",
            r.names[j], r.value[j], r.se[j], truth[j]);
    vt_fit_result_free(&r);
  }
  vt_model_free(m);
  vt_fit_data_free(&d);
}

int main(void) {
  test_params();
  test_checks();
  test_protocols();
  test_lines();
  test_scans_recovery();
  test_scans_bad();
  test_dh_offset();
  test_units_jacobian();
  TEST_MAIN_END();
}
