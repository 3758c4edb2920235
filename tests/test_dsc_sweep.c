/* The DSC pipeline calls `vitrum dsc`, kovacs, pathmatch and the Python layer share: the sample's
 * moles, the anneal a peak answers and the issue-18 check, the pre-anneal text, a sweep point's
 * program, the sweep itself (each point equals the single-program DSC of its program), the path
 * match with its peaks, and the Kovacs sweep's defaults (NaN jump rate, NULL t2). */
#include <stdlib.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

static vt_model *tnm(void) {
  vt_error err;
  vt_model *m = vt_model_create("tnm", &err);
  if (!m) printf("model: %s\n", err.message);
  return m;
}

static void test_sample_mol_and_anneal_T(void) {
  vt_dsc_options o = vt_dsc_options_default();
  CHECK(vt_dsc_sample_mol(&o) == 0.0, "no masses: 0 mol");
  o.sample_mass_kg = 50e-12;
  CHECK(vt_dsc_sample_mol(&o) == 0.0, "a sample mass alone: 0 mol");
  o.molar_mass_kg_per_mol = 0.2;
  CHECK(vt_dsc_sample_mol(&o) == 50e-12 / 0.2, "50 ng of 0.2 kg/mol: %.17g mol",
        vt_dsc_sample_mol(&o));
  CHECK(isnan(vt_dsc_sample_mol(NULL)), "NULL options: NaN");
  vt_error err;
  vt_program *p = vt_program_parse("start 420 K\nhold 10 s\ncool to 390 K at 1000 K/s\nhold 1 s\n"
                                   "heat to 400 K at 10 K/s\n",
                                   "p", &err);
  vt_program *q = vt_program_parse("start 420 K\ncool to 390 K at 1000 K/s\n", "q", &err);
  CHECK(p && vt_dsc_anneal_T(p) == 390.0, "the last hold's temperature: %g K",
        p ? vt_dsc_anneal_T(p) : NAN);
  CHECK(q && vt_dsc_anneal_T(q) == 0.0, "no hold: 0 K");
  CHECK(isnan(vt_dsc_anneal_T(NULL)), "NULL program: NaN");
  vt_program_free(p);
  vt_program_free(q);
}

static void test_peak_check(void) {
  vt_dsc_peak pk = {0};
  char why[512];
  CHECK(vt_dsc_peak_check(&pk, 383.0, why, sizeof why) == 1 &&
            strcmp(why, "no relaxation peak resolved") == 0,
        "no peak: '%s'", why);
  pk.metrics_ok = 1;
  pk.metrics.x_peak = 375.8;
  CHECK(vt_dsc_peak_check(&pk, 383.0, why, sizeof why) == 1, "Tp 375.8 K below T_a 383 K");
  CHECK(strcmp(why, "the peak at Tp = 375.8 K lies below the annealing temperature 383 K; it is "
                    "not the anneal's recovery peak (raise the heating rate or the annealing "
                    "time)") == 0,
        "the reason: '%s'", why);
  CHECK(vt_dsc_peak_check(&pk, 375.7, why, sizeof why) == 0 && why[0] == '\0',
        "Tp above T_a: a measurement");
  CHECK(vt_dsc_peak_check(&pk, 0.0, NULL, 0) == 0, "no hold: only a resolved peak is asked for");
  CHECK(vt_dsc_peak_check(NULL, 383.0, why, sizeof why) == -1, "NULL peak");
}

static void test_pre_anneal_text(void) {
  vt_error err;
  double pre[2] = {-1, -1};
  CHECK(vt_dsc_parse_pre_anneal("--pre-anneal", "373 K, 50 s", &pre[0], &pre[1], &err) == VT_OK &&
            pre[0] == 373.0 && pre[1] == 50.0,
        "373 K, 50 s: %g K, %g s", pre[0], pre[1]);
  CHECK(vt_dsc_parse_pre_anneal(NULL, "100 C, 1 min", &pre[0], &pre[1], &err) == VT_OK &&
            fabs(pre[0] - 373.15) < 1e-12 && pre[1] == 60.0,
        "100 C, 1 min: %.17g K, %g s", pre[0], pre[1]);
  CHECK(vt_dsc_parse_pre_anneal("--pre-anneal", "373 K", &pre[0], &pre[1], &err) == VT_EPARSE &&
            strcmp(err.message, "--pre-anneal '373 K': expected 'T1, t1' such as '373 K, 50 s'") ==
                0,
        "no comma: '%s'", err.message);
  CHECK(pre[0] == 373.15 && pre[1] == 60.0, "unchanged after an error");
  CHECK(vt_dsc_parse_pre_anneal(NULL, "a, 5 s", &pre[0], &pre[1], &err) != VT_OK &&
            strncmp(err.message, "pre_anneal: 'a' does not start with a number", 44) == 0,
        "a bad temperature: '%s'", err.message);
  CHECK(vt_dsc_parse_pre_anneal("T1", "373 K, 5 K", &pre[0], &pre[1], &err) != VT_OK &&
            strncmp(err.message, "T1: ", 4) == 0,
        "a temperature for the time: '%s'", err.message);
  CHECK(vt_dsc_parse_pre_anneal("x", NULL, &pre[0], &pre[1], &err) == VT_EINVAL, "NULL text");
}

static void test_anneal_program(void) {
  vt_error err;
  vt_dsc_options o = vt_dsc_options_default();
  vt_dsc_sweep sw = {.pre_anneal = 1, .pre_T_K = 373.0, .pre_t_s = 50.0};
  vt_program *p = vt_dsc_anneal_program(&o, &sw, 383.0, 10.0, &err);
  CHECK(p && vt_program_start_K(p) == 373.0 && vt_program_segment_count(p) == 3,
        "pre-anneal: start 373 K, 3 segments");
  if (p && vt_program_segment_count(p) == 3) {
    const vt_segment *a = vt_program_segment(p, 0), *b = vt_program_segment(p, 1),
                     *c = vt_program_segment(p, 2);
    CHECK(a->kind == VT_SEG_HOLD && a->duration_s == 50.0, "hold t1 at T1");
    CHECK(b->kind == VT_SEG_RAMP && b->target_K == 383.0 && b->rate_K_per_s == 1e4,
          "ramp at R_c to T_a");
    CHECK(c->kind == VT_SEG_HOLD && c->target_K == 383.0 && c->duration_s == 10.0, "hold t_a");
  }
  vt_program_free(p);
  sw.pre_T_K = 383.0; /* at T_a already: no ramp */
  p = vt_dsc_anneal_program(&o, &sw, 383.0, 10.0, &err);
  CHECK(p && vt_program_segment_count(p) == 2, "pre-anneal at T_a: 2 holds");
  vt_program_free(p);
  p = vt_dsc_anneal_program(&o, NULL, 383.0, 10.0, &err);
  CHECK(p && vt_program_start_K(p) == 383.0 && vt_program_segment_count(p) == 1,
        "no pre-anneal: one hold at T_a");
  vt_program_free(p);
  CHECK(vt_dsc_anneal_program(&o, NULL, 383.0, -1.0, &err) == NULL, "t_a -1 s refused");
}

typedef struct seen {
  size_t n, k[8];
  double T[8], t[8], dh[8];
  int stop_at;
} seen;

static int record(void *ctx, size_t k, double T_a, double t_a, const vt_dsc_peak *pk,
                  vt_error *err) {
  seen *s = ctx;
  if (s->n < 8) {
    s->k[s->n] = k;
    s->T[s->n] = T_a;
    s->t[s->n] = t_a;
    s->dh[s->n] = pk->dh_dsc_J_per_mol;
  }
  s->n++;
  if ((int)s->n == s->stop_at) {
    err->status = VT_ECANCELLED;
    snprintf(err->message, sizeof err->message, "stopped by the caller");
    return VT_ECANCELLED;
  }
  return VT_OK;
}

/* Each point is the DSC of its own program against the reference, in T_a-major order. */
static void test_sweep(vt_model *m) {
  vt_error err;
  vt_dsc_options o = vt_dsc_options_default();
  const double T_a[] = {373.0, 383.0}, t_a[] = {1.0, 10.0};
  vt_dsc_sweep sw = {T_a, t_a, 2, 2, 1, 393.0, 5.0};
  seen s = {0};
  CHECK(vt_dsc_sweep_run(m, &o, &sw, record, &s, &err) == VT_OK && s.n == 4, "4 points: %s",
        s.n == 4 ? "" : err.message);
  vt_dsc_scan ref = {0};
  CHECK(vt_dsc_scan_run(m, NULL, &o, &ref, &err) == VT_OK, "reference");
  for (size_t k = 0; k < 4 && k < s.n; k++) {
    CHECK(s.k[k] == k && s.T[k] == T_a[k / 2] && s.t[k] == t_a[k % 2], "point %zu: %g K, %g s", k,
          s.T[k], s.t[k]);
    vt_program *p = vt_dsc_anneal_program(&o, &sw, T_a[k / 2], t_a[k % 2], &err);
    vt_dsc_scan a = {0};
    vt_dsc_peak pk = {0};
    int rc = p ? vt_dsc_scan_run(m, p, &o, &a, &err) : 1;
    if (!rc) rc = vt_dsc_peak_compute(&a, &ref, &pk, &err);
    CHECK(!rc && pk.dh_dsc_J_per_mol == s.dh[k] && s.dh[k] > 0, "point %zu: dh %.17g vs %.17g", k,
          s.dh[k], pk.dh_dsc_J_per_mol);
    vt_dsc_peak_free(&pk);
    vt_dsc_scan_free(&a);
    vt_program_free(p);
  }
  CHECK(s.n < 4 || (s.dh[1] > s.dh[0] && s.dh[3] > s.dh[2]), "longer anneals release more");
  vt_dsc_scan_free(&ref);
  /* a caller's stop, a failed point, an empty list, a failed reference */
  seen stop = {.stop_at = 2};
  CHECK(vt_dsc_sweep_run(m, &o, &sw, record, &stop, &err) == VT_ECANCELLED && stop.n == 2 &&
            strcmp(err.message, "stopped by the caller") == 0,
        "the callback's error stops the sweep: %zu points, '%s'", stop.n, err.message);
  const double bad_t[] = {1.0, -1.0};
  vt_dsc_sweep bad = {T_a + 1, bad_t, 1, 2, 0, 0, 0};
  seen b = {0};
  CHECK(vt_dsc_sweep_run(m, &o, &bad, record, &b, &err) != VT_OK && b.n == 1 &&
            strncmp(err.message, "anneal at 383 K for -1 s: ", 26) == 0,
        "a failed point names its anneal: '%s'", err.message);
  vt_dsc_sweep empty = {T_a, t_a, 0, 2, 0, 0, 0};
  CHECK(vt_dsc_sweep_run(m, &o, &empty, NULL, NULL, &err) == VT_EINVAL &&
            strstr(err.message, "needs T_a and t_a"),
        "empty list: '%s'", err.message);
  vt_dsc_options hot = o;
  hot.T_low_K = 500.0;
  CHECK(vt_dsc_sweep_run(m, &hot, &sw, NULL, NULL, &err) == VT_ERANGE &&
            strncmp(err.message, "as-cooled reference: ", 21) == 0,
        "a failed reference: '%s'", err.message);
}

/* The peaks of a match are the DSC of both paths' programs; a given reference changes nothing. */
static void test_path_match_peaks(vt_model *m) {
  vt_error err;
  vt_dsc_options o = vt_dsc_options_default();
  vt_path_match pm, pm2;
  vt_dsc_peak pc, pi, pc2, pi2;
  vt_dsc_scan ref = {0};
  int rc = vt_path_match_peaks(m, &o, NULL, 403.0, 385.0, 50.0, &pm, &pc, &pi, &err);
  CHECK(rc == VT_OK, "path match: %s", rc ? err.message : "");
  if (rc) return;
  CHECK(vt_dsc_scan_run(m, NULL, &o, &ref, &err) == VT_OK &&
            vt_path_match_peaks(m, &o, &ref, 403.0, 385.0, 50.0, &pm2, &pc2, &pi2, &err) == VT_OK,
        "with a reference");
  CHECK(pm2.t_a_s == pm.t_a_s && pc2.dh_dsc_J_per_mol == pc.dh_dsc_J_per_mol &&
            pi2.dh_dsc_J_per_mol == pi.dh_dsc_J_per_mol,
        "the reference given or run: the same peaks");
  vt_program *cool = vt_path_cooling_program(403.0, 385.0, 50.0, &err);
  vt_program *iso = vt_path_isothermal_program(385.0, pm.t_a_s, &err);
  vt_dsc_scan a = {0}, b = {0};
  vt_dsc_peak ka = {0}, kb = {0};
  rc = vt_dsc_scan_run(m, cool, &o, &a, &err) || vt_dsc_scan_run(m, iso, &o, &b, &err) ||
       vt_dsc_peak_compute(&a, &ref, &ka, &err) || vt_dsc_peak_compute(&b, &ref, &kb, &err);
  CHECK(!rc && ka.dh_dsc_J_per_mol == pc.dh_dsc_J_per_mol &&
            kb.dh_dsc_J_per_mol == pi.dh_dsc_J_per_mol && ka.n == pc.n,
        "cool %.17g vs %.17g, iso %.17g vs %.17g", pc.dh_dsc_J_per_mol, ka.dh_dsc_J_per_mol,
        pi.dh_dsc_J_per_mol, kb.dh_dsc_J_per_mol);
  /* both paths released the same enthalpy at T_a; the DSC sees nearly the same area */
  CHECK(fabs(pc.dh_dsc_J_per_mol / pi.dh_dsc_J_per_mol - 1) < 0.01, "areas %.6g and %.6g",
        pc.dh_dsc_J_per_mol, pi.dh_dsc_J_per_mol);
  vt_dsc_peak_free(&ka);
  vt_dsc_peak_free(&kb);
  vt_dsc_scan_free(&a);
  vt_dsc_scan_free(&b);
  vt_program_free(cool);
  vt_program_free(iso);
  vt_dsc_peak_free(&pc);
  vt_dsc_peak_free(&pi);
  vt_dsc_peak_free(&pc2);
  vt_dsc_peak_free(&pi2);
  vt_dsc_scan_free(&ref);
  CHECK(vt_path_match_peaks(m, &o, NULL, 385.0, 403.0, 50.0, &pm, &pc, &pi, &err) == VT_ERANGE &&
            pc.T_K == NULL && pi.T_K == NULL,
        "T_a above T_s: VT_ERANGE, nothing to free");
}

typedef struct rates_seen {
  size_t n;
  double t_a[4], dh_cool[4], dh_iso[4];
} rates_seen;

static int rate_seen(void *ctx, size_t k, const vt_path_match *pm, const vt_dsc_peak *pc,
                     const vt_dsc_peak *pi, vt_error *err) {
  rates_seen *s = ctx;
  (void)err;
  if (k == s->n && k < 4) {
    s->t_a[k] = pm->t_a_s;
    s->dh_cool[k] = pc->dh_dsc_J_per_mol;
    s->dh_iso[k] = pi->dh_dsc_J_per_mol;
  }
  s->n++;
  return VT_OK;
}

/* Each rate of the sweep is vt_path_match_peaks at that rate. */
static void test_path_sweep(vt_model *m) {
  vt_error err;
  vt_dsc_options o = vt_dsc_options_default();
  double phi[2] = {100.0, 10.0};
  vt_path_sweep sw = {403.0, 385.0, phi, 2};
  rates_seen s = {0};
  int rc = vt_path_sweep_run(m, &o, &sw, rate_seen, &s, &err);
  CHECK(rc == VT_OK && s.n == 2, "2 rates: %s", rc ? err.message : "");
  for (size_t k = 0; !rc && k < 2; k++) {
    vt_path_match pm;
    vt_dsc_peak pc, pi;
    rc = vt_path_match_peaks(m, &o, NULL, 403.0, 385.0, phi[k], &pm, &pc, &pi, &err);
    CHECK(!rc && pm.t_a_s == s.t_a[k] && pc.dh_dsc_J_per_mol == s.dh_cool[k] &&
              pi.dh_dsc_J_per_mol == s.dh_iso[k],
          "rate %g K/s: the match and peaks of vt_path_match_peaks", phi[k]);
    vt_dsc_peak_free(&pc);
    vt_dsc_peak_free(&pi);
  }
  CHECK(s.n < 2 || s.t_a[0] < s.t_a[1], "slower cooling releases more: longer t_a");
  sw.T_a_K = 405.0;
  CHECK(vt_path_sweep_run(m, &o, &sw, NULL, NULL, &err) == VT_ERANGE &&
            strncmp(err.message, "phi = 100 K/s: need T_a < T_s", 29) == 0,
        "a failed rate: '%s'", err.message);
}

/* The sweep's option table: the rows parse into vt_path_sweep in SI units, all three required,
 * the rates positive. */
static void test_path_sweep_options(void) {
  size_t n = 0;
  const vt_option *rows = vt_path_sweep_option_table(&n);
  vt_path_sweep sw = {0};
  vt_error err;
  CHECK(vt_path_sweep_option_table(NULL) == NULL && n == 3, "3 rows, NULL for a NULL count");
  for (size_t k = 0; k < n; k++)
    CHECK(rows[k].flags & VT_OPTION_REQUIRED, "row %s is required", rows[k].name);
  int rc = vt_option_set_text(vt_option_find(rows, n, "T_s"), &sw, "--T-s", "130 C", &err) ||
           vt_option_set_text(vt_option_find(rows, n, "T_a"), &sw, "--T-a", "385 K", &err) ||
           vt_option_set_text(vt_option_find(rows, n, "phi"), &sw, "--phi", "6, 60 K/min", &err);
  CHECK(!rc && fabs(sw.T_s_K - 403.15) < 1e-9 && sw.T_a_K == 385.0 && sw.n_phi == 2 &&
            fabs(sw.phi_K_per_s[0] - 0.1) < 1e-12 && fabs(sw.phi_K_per_s[1] - 1.0) < 1e-12,
        "403.15 K, 385 K, 0.1 and 1 K/s: %s", rc ? err.message : "");
  free(sw.phi_K_per_s);
  sw.phi_K_per_s = NULL;
  CHECK(vt_option_set_text(vt_option_find(rows, n, "phi"), &sw, "--phi", "0 K/s", &err) != VT_OK,
        "a zero rate is refused");
  free(sw.phi_K_per_s);
}

/* NaN jump rate: the quench rate; NULL t2: the default times. */
static void test_kovacs_defaults(vt_model *m) {
  vt_error err;
  vt_dsc_options o = vt_dsc_options_default();
  o.cool_rate_K_per_s = 5000.0;
  const double T1 = 373.0, t1 = 10.0, t2[] = {0.1, 1.0};
  vt_kovacs_curve a = {0}, b = {0}, c = {0};
  int rc = vt_kovacs_sweep(m, &o, &T1, 1, &t1, 1, 383.0, NAN, t2, 2, 1, &a, NULL, NULL, &err);
  if (!rc)
    rc = vt_kovacs_sweep(m, &o, &T1, 1, &t1, 1, 383.0, 5000.0, t2, 2, 1, &b, NULL, NULL, &err);
  CHECK(!rc && a.n == 2 && a.dh_J_per_mol[0] == b.dh_J_per_mol[0] &&
            a.dh_J_per_mol[1] == b.dh_J_per_mol[1],
        "NaN jump rate = R_c: %s", rc ? err.message : "");
  rc = vt_kovacs_sweep(m, &o, &T1, 1, &t1, 1, 383.0, NAN, NULL, 0, 1, &c, NULL, NULL, &err);
  double *want = NULL;
  size_t n = 0;
  vt_kovacs_default_t2(&want, &n, &err);
  CHECK(!rc && c.n == n && n == 33 && memcmp(c.t2_s, want, n * sizeof *want) == 0,
        "NULL t2: the default times (%zu)", c.n);
  free(want);
  vt_kovacs_curve_free(&a);
  vt_kovacs_curve_free(&b);
  vt_kovacs_curve_free(&c);
}

int main(void) {
  test_sample_mol_and_anneal_T();
  test_peak_check();
  test_pre_anneal_text();
  test_anneal_program();
  vt_model *m = tnm();
  if (!m) return 1;
  test_sweep(m);
  test_path_match_peaks(m);
  test_path_sweep(m);
  test_path_sweep_options();
  test_kovacs_defaults(m);
  vt_model_free(m);
  TEST_MAIN_END();
}
