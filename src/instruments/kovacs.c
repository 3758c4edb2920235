/* Kovacs two-step annealing (paper 000 Fig. 2): quench to T1, hold t1, move to T2, hold t2; the
 * enthalpy released relative to the as-cooled glass, as a DSC reads it (after a quench to T_low)
 * and as the state holds it at T2. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#ifdef _OPENMP
#include <omp.h>
#endif

void vt_kovacs_curve_free(vt_kovacs_curve *c) {
  if (c) VT_FREE_ZERO(c, c->t2_s, c->dh_J_per_mol, c->dh_at_T2_J_per_mol);
}

/* T_eq -> T1 (R_c), hold t1, [-> T2 (jump_rate), hold t2 when t2 >= 0], [-> T_low (R_c)]. */
static vt_program *two_step(const vt_dsc_options *o, double T1, double t1, double T2,
                            double jump_rate, double t2, int quench, vt_error *err) {
  vt_program *p = vt_program_create(o->T_eq_K, err);
  int rc = p ? VT_OK : VT_EINVAL;
  if (!rc) rc = vt_program_ramp(p, T1, o->cool_rate_K_per_s, err);
  if (!rc && t1 > 0) rc = vt_program_hold(p, t1, err);
  if (!rc && t2 >= 0 && T2 != T1) rc = vt_program_ramp(p, T2, jump_rate, err);
  if (!rc && t2 > 0) rc = vt_program_hold(p, t2, err);
  if (!rc && quench) rc = vt_program_ramp(p, o->T_low_K, o->cool_rate_K_per_s, err);
  if (rc) {
    vt_program_free(p);
    return NULL;
  }
  return p;
}

/* Configurational enthalpy at the end of a program, and at requested grid times if any. */
static int run_program(vt_model *m, const vt_dsc_options *o, const vt_program *p, const double *at,
                       size_t n_at, double *H_at, double *H_end, vt_error *err) {
  vt_trace t;
  int rc = vt_simulate_at_times(m, &o->grid, p, at, n_at, &t, err);
  size_t k = 0;
  for (size_t i = 0; !rc && i < t.n && k < n_at; i++)
    if (t.requested[i]) H_at[k++] = t.H_conf_J_per_mol[i];
  if (!rc && k != n_at)
    rc = vt_fail(err, VT_ENUMERIC, "run returned %zu of %zu requested states", k, n_at);
  if (!rc && H_end) *H_end = t.H_conf_J_per_mol[t.n - 1];
  vt_trace_free(&t);
  return rc;
}

/* Memory strength: the dip of dh below its value at the first t2 (dh falls as H rises). An
 * interior minimum is refined by the parabola in log t2 through it and its neighbours, so the
 * peak time is not tied to the t2 grid (a grid of a few points per decade would snap it). */
static void memory_strength(vt_kovacs_curve *c) {
  size_t imin = 0;
  for (size_t i = 1; i < c->n; i++)
    if (c->dh_J_per_mol[i] < c->dh_J_per_mol[imin]) imin = i;
  double dh_min = c->dh_J_per_mol[imin];
  c->t_peak_s = imin ? c->t2_s[imin] : 0.0;
  if (imin > 0 && imin + 1 < c->n && c->t2_s[imin - 1] > 0) {
    double u0 = log(c->t2_s[imin - 1]), u1 = log(c->t2_s[imin]), u2 = log(c->t2_s[imin + 1]);
    double y0 = c->dh_J_per_mol[imin - 1], y1 = dh_min, y2 = c->dh_J_per_mol[imin + 1];
    double d01 = (y1 - y0) / (u1 - u0), d12 = (y2 - y1) / (u2 - u1);
    double a = (d12 - d01) / (u2 - u0), b = d01 + a * (u1 - u0);
    double du = a > 0 ? -b / (2 * a) : 0.0;
    if (du > u0 - u1 && du < u2 - u1) {
      c->t_peak_s = exp(u1 + du);
      dh_min = y1 + b * du + a * du * du;
    }
  }
  c->dh_peak_J_per_mol = c->dh_J_per_mol[0] - dh_min;
}

static int check_input(double t1, const double *t2, size_t n, vt_error *err) {
  if (!(t1 >= 0) || !isfinite(t1)) return vt_fail(err, VT_ERANGE, "t1 = %g s must be >= 0", t1);
  if (n < 2) return vt_fail(err, VT_EINVAL, "give at least two t2 values");
  for (size_t i = 0; i < n; i++) {
    if (!isfinite(t2[i]) || t2[i] < 0)
      return vt_fail(err, VT_ERANGE, "t2 = %g s must be finite and >= 0", t2[i]);
    if (i && !(t2[i] > t2[i - 1]))
      return vt_fail(err, VT_EINVAL, "t2 values must increase (%g s after %g s)", t2[i], t2[i - 1]);
  }
  return VT_OK;
}

/* dh at T2 for every t2 from one run with the t2 times requested. */
static int states_at_T2(vt_model *m, const vt_dsc_options *o, vt_kovacs_curve *c, double jump_rate,
                        double H_ref_T2, vt_error *err) {
  vt_program *p = two_step(o, c->T1_K, c->t1_s, c->T2_K, jump_rate, c->t2_s[c->n - 1], 0, err);
  if (!p) return err ? err->status : VT_EINVAL;
  double t_hold = vt_program_duration_s(p) - c->t2_s[c->n - 1];
  double *at = malloc(c->n * sizeof *at);
  int rc = at ? VT_OK : vt_fail(err, VT_ENOMEM, "out of memory");
  for (size_t i = 0; !rc && i < c->n; i++) at[i] = t_hold + c->t2_s[i];
  if (!rc) rc = run_program(m, o, p, at, c->n, c->dh_at_T2_J_per_mol, NULL, err);
  for (size_t i = 0; !rc && i < c->n; i++)
    c->dh_at_T2_J_per_mol[i] = H_ref_T2 - c->dh_at_T2_J_per_mol[i];
  free(at);
  vt_program_free(p);
  return rc;
}

/* What a DSC reads: quench to T_low after step 1 (t2 < 0) or after each t2. */
static int quenched(vt_model *m, const vt_dsc_options *o, const vt_kovacs_curve *c,
                    double jump_rate, double t2, double H_ref_low, double *dh, vt_error *err) {
  vt_program *p = two_step(o, c->T1_K, c->t1_s, c->T2_K, jump_rate, t2, 1, err);
  if (!p) return err ? err->status : VT_EINVAL;
  double H;
  int rc = run_program(m, o, p, NULL, 0, NULL, &H, err);
  if (!rc) *dh = H_ref_low - H;
  vt_program_free(p);
  return rc;
}

int vt_kovacs_run(vt_model *model, const vt_dsc_options *opts, double T1, double t1, double T2,
                  double jump_rate, const double *t2, size_t n_t2, vt_kovacs_curve *c,
                  vt_error *err) {
  if (!c) return vt_fail(err, VT_EINVAL, "vt_kovacs_run: NULL curve");
  memset(c, 0, sizeof *c);
  if (!model || (n_t2 && !t2)) return vt_fail(err, VT_EINVAL, "vt_kovacs_run: NULL model or times");
  vt_dsc_options o = opts ? *opts : vt_dsc_options_default();
  if (check_input(t1, t2, n_t2, err)) return err ? err->status : VT_EINVAL;
  if (!(T1 < o.T_eq_K && T2 < o.T_eq_K && T1 > o.T_low_K && T2 > o.T_low_K))
    return vt_fail(err, VT_ERANGE,
                   "T1 = %g K and T2 = %g K must lie between T_low = %g K and T_eq = %g K", T1, T2,
                   o.T_low_K, o.T_eq_K);
  double T_ref[2] = {o.T_low_K, T2}, H_ref[2];
  int rc = vt_dsc_quench_enthalpy(model, &o, T_ref, 2, H_ref, err);
  if (rc) return rc;
  c->T1_K = T1;
  c->t1_s = t1;
  c->T2_K = T2;
  c->n = n_t2;
  c->t2_s = malloc(n_t2 * sizeof *c->t2_s);
  c->dh_J_per_mol = malloc(n_t2 * sizeof *c->dh_J_per_mol);
  c->dh_at_T2_J_per_mol = malloc(n_t2 * sizeof *c->dh_at_T2_J_per_mol);
  if (!c->t2_s || !c->dh_J_per_mol || !c->dh_at_T2_J_per_mol) {
    vt_kovacs_curve_free(c);
    return vt_fail(err, VT_ENOMEM, "out of memory (Kovacs curve)");
  }
  memcpy(c->t2_s, t2, n_t2 * sizeof *t2);
  rc = states_at_T2(model, &o, c, jump_rate, H_ref[1], err);
  if (!rc) rc = quenched(model, &o, c, jump_rate, -1.0, H_ref[0], &c->dh1_J_per_mol, err);
  for (size_t i = 0; !rc && i < n_t2; i++)
    rc = quenched(model, &o, c, jump_rate, t2[i], H_ref[0], &c->dh_J_per_mol[i], err);
  if (rc) {
    vt_kovacs_curve_free(c);
    return rc;
  }
  memory_strength(c);
  return VT_OK;
}

int vt_kovacs_default_t2(double **t2_s, size_t *n_t2, vt_error *err) {
  if (t2_s) *t2_s = NULL;
  if (n_t2) *n_t2 = 0;
  if (!t2_s || !n_t2) return vt_fail(err, VT_EINVAL, "vt_kovacs_default_t2: NULL argument");
  const double first_s = 0.01, last_s = 2000.0, per_decade = 6.0;
  size_t n = (size_t)ceil(per_decade * log10(last_s / first_s)) + 1;
  double *t = malloc(n * sizeof *t);
  if (!t) return vt_fail(err, VT_ENOMEM, "vt_kovacs_default_t2: out of memory");
  for (size_t i = 0; i < n; i++) t[i] = fmin(first_s * pow(10.0, (double)i / per_decade), last_s);
  *t2_s = t, *n_t2 = n;
  return VT_OK;
}

static int sweep_threads(int threads, size_t jobs) {
  int n = 1;
#ifdef _OPENMP
  n = threads > 0 ? threads : omp_get_max_threads();
#else
  (void)threads;
#endif
  return (size_t)n > jobs ? (int)jobs : n;
}

int vt_kovacs_sweep(const vt_model *model, const vt_dsc_options *opts, const double *T1,
                    size_t n_T1, const double *t1, size_t n_t1, double T2, double jump_rate,
                    const double *t2, size_t n_t2, int threads, vt_kovacs_curve *curves,
                    void (*done)(void *, size_t, size_t), void *ctx, vt_error *err) {
  if (!model || !curves || (n_T1 && !T1) || (n_t1 && !t1) || (n_t2 && !t2))
    return vt_fail(err, VT_EINVAL, "vt_kovacs_sweep: NULL model, lists or curves");
  double *own_t2 = NULL; /* the default second-step times, for t2 NULL */
  if (!t2 && vt_kovacs_default_t2(&own_t2, &n_t2, err)) return err ? err->status : VT_ENOMEM;
  if (own_t2) t2 = own_t2;
  if (isnan(jump_rate)) jump_rate = (opts ? *opts : vt_dsc_options_default()).cool_rate_K_per_s;
  size_t jobs = n_T1 * n_t1, finished = 0;
  int n = sweep_threads(threads, jobs), status = VT_OK;
  vt_model **m = calloc((size_t)(n > 0 ? n : 1), sizeof *m);
  if (!m) {
    free(own_t2);
    return vt_fail(err, VT_ENOMEM, "out of memory");
  }
  for (int k = 0; k < n && !status; k++)
    if (!(m[k] = vt_model_clone(model, err))) status = err ? err->status : VT_ENOMEM;
  memset(curves, 0, jobs * sizeof *curves);
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic) num_threads(n)
#endif
  for (size_t j = 0; j < jobs; j++) {
    int t = 0, failed;
#ifdef _OPENMP
    t = omp_get_thread_num();
#pragma omp atomic read
#endif
    failed = status;
    if (failed) continue;
    vt_error local;
    int rc = vt_kovacs_run(m[t], opts, T1[j / n_t1], t1[j % n_t1], T2, jump_rate, t2, n_t2,
                           &curves[j], &local);
#ifdef _OPENMP
#pragma omp critical(vt_kovacs_sweep)
#endif
    {
      if (rc && !status) {
        status = rc;
        vt_fail(err, rc, "T1 = %g K, t1 = %g s: %s", T1[j / n_t1], t1[j % n_t1], local.message);
      }
      finished++;
      if (done && !rc) done(ctx, finished, jobs);
    }
  }
  for (int k = 0; k < n; k++) vt_model_free(m[k]);
  free(m);
  free(own_t2);
  if (status)
    for (size_t j = 0; j < jobs; j++) vt_kovacs_curve_free(&curves[j]);
  return status;
}
