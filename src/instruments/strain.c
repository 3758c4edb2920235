/* The stress-relaxation test as a virtual instrument: a strain program run on a strain-driven
 * vt_model, the visco model (strain control; stress control at sigma = 0 in recoveries), the
 * two-step protocol of paper 001 Fig. 1a with its memory peak (t_p, dsigma), and the strain
 * recovery after unloading.
 *
 * Grid: ramps in fixed strain steps, holds log-spaced from hold_first_s. Strain-controlled steps
 * without viscoplastic flow are exact whatever the grid (the model's Maxwell update is exact for
 * strain linear in time), so the grid only sets where the curve is reported and how well the
 * peak is located; flow and recoveries converge as it is refined (tests/test_visco.c). The
 * stress-controlled steps of a recovery are the model's recursive scheme, second order in the
 * step: each reported step is taken as 4 equal sub-steps, which cuts that error 16-fold
 * (2e-4 -> 1.5e-5 of eps1 at 20 points per decade on a standard linear solid) for little cost. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "../core/option_rows.h"
#include "vitrum/visco.h"

#define PEAK_REL_THRESHOLD 1e-9 /* below this share of max |sigma| a difference is rounding */
#define RECOVERY_SUBSTEPS  4    /* per reported step of a recovery: see the file comment */

vt_strain_grid_options vt_strain_grid_options_default(void) {
  vt_strain_grid_options o = {1e-4, 1e-3, 20.0};
  return o;
}

vt_two_step vt_two_step_default(void) {
  vt_two_step s = {0.005, 0.003, 900.0, 593.0, 2.0 / 60.0, 1e4, vt_strain_grid_options_default()};
  return s;
}

/* The option tables (options.h): `vitrum strain` and the Python keywords read these rows. No
 * sign flags: vt_strain_simulate checks the grid, the command its t2 and rate, as before. */
#define SGRID(field) offsetof(vt_strain_grid_options, field)
static const vt_option strain_grid_options[] = {
    OPT_QU("ramp_step", SGRID(ramp_step), VT_DIM_STRAIN, "%", "STRAIN",
           "grid: strain step on ramps", 0),
    OPT_Q("ppd", SGRID(hold_points_per_decade), VT_DIM_NONE, "N",
          "grid: log-spaced points per decade in holds", 0),
    OPT_Q("t_first", SGRID(hold_first_s), VT_DIM_TIME, "TIME",
          "grid: first point after the start of a hold", 0),
};

OPT_TABLE(vt_strain_grid_option_table, strain_grid_options)

#define STEP(field) offsetof(vt_two_step, field)
static const vt_option two_step_options[] = {
    OPT_Q("t2", STEP(t2_s), VT_DIM_TIME, "TIME", "second-step length", 0),
    OPT_QU("rate", STEP(rate_per_s), VT_DIM_STRAIN_RATE, "%/min", "RATE",
           "loading and unloading rate ('0 %/s': jumps)", 0),
};

OPT_TABLE(vt_two_step_option_table, two_step_options)

void vt_strain_trace_free(vt_strain_trace *t) {
  if (t) VT_FREE_ZERO(t, t->time_s, t->strain, t->strain_vp, t->stress_Pa, t->segment, t->t_seg_s);
}

/* ---- Running a program --------------------------------------------------------------------- */

typedef struct runner {
  vt_model *m;
  double time; /* since the start, summed step by step as the model does */
  vt_strain_trace *tr;
  size_t cap;
  double offset; /* program strain = model strain + offset (the start is the reference state) */
  vt_error *err;
} runner;

static int record(runner *r, int segment, double t_seg) {
  vt_strain_trace *t = r->tr;
  if (VT_GROW(t->n + 1, &r->cap, 256, VT_GROW_ITEM(t->time_s), VT_GROW_ITEM(t->strain),
              VT_GROW_ITEM(t->strain_vp), VT_GROW_ITEM(t->stress_Pa), VT_GROW_ITEM(t->t_seg_s),
              VT_GROW_ITEM(t->segment)))
    return vt_fail(r->err, VT_ENOMEM, "out of memory for %zu nodes", 2 * r->cap);
  vt_observables st;
  vt_model_observe(r->m, &st);
  t->time_s[t->n] = r->time;
  t->strain[t->n] = st.strain + r->offset;
  t->strain_vp[t->n] = st.strain_vp;
  t->stress_Pa[t->n] = st.stress_Pa;
  t->segment[t->n] = segment;
  t->t_seg_s[t->n] = t_seg;
  t->n++;
  return VT_OK;
}

/* One step of the model under strain or stress control. */
static int step(runner *r, int stress_control, double dt, double end) {
  int rc = stress_control ? vt_model_stress_step(r->m, dt, end, r->err)
                          : vt_model_strain_step(r->m, dt, end, r->err);
  r->time += dt;
  return rc;
}

/* Log-spaced times in (0, duration]: hold_first, then ppd per decade, the end last. */
static size_t next_hold_time(const vt_strain_grid_options *o, double duration, size_t j,
                             double *t) {
  double tj = o->hold_first_s * pow(10.0, (double)j / o->hold_points_per_decade);
  *t = tj < duration * (1.0 - 1e-12) ? tj : duration;
  return *t < duration;
}

static int run_hold(runner *r, const vt_strain_grid_options *o, int seg, double duration,
                    int stress_control) {
  double prev = 0.0, t;
  int more = duration > 0;
  for (size_t j = 0; more; j++) {
    more = (int)next_hold_time(o, duration, j, &t);
    vt_observables st;
    vt_model_observe(r->m, &st);
    int rc = VT_OK;
    for (int k = 0; stress_control && !rc && k < RECOVERY_SUBSTEPS; k++)
      rc = step(r, 1, (t - prev) / RECOVERY_SUBSTEPS, 0.0);
    if (!stress_control) rc = step(r, 0, t - prev, st.strain);
    if (!rc) rc = record(r, seg, t);
    if (rc) return rc;
    prev = t;
  }
  return VT_OK;
}

static int run_segment(runner *r, const vt_strain_grid_options *o, int seg,
                       const vt_strain_segment *s) {
  vt_observables st;
  vt_model_observe(r->m, &st);
  int rc = VT_OK;
  switch (s->kind) {
  case VT_STRAIN_RAMP: {
    double from = st.strain, to = s->target - r->offset;
    size_t n = (size_t)ceil(fabs(to - from) / o->ramp_step);
    if (n < 1) n = 1;
    for (size_t i = 1; !rc && i <= n; i++) {
      double f = (double)i / (double)n;
      rc = step(r, 0, s->duration_s / (double)n, from + f * (to - from));
      if (!rc) rc = record(r, seg, f * s->duration_s);
    }
    return rc;
  }
  case VT_STRAIN_JUMP:
    rc = step(r, 0, 0.0, s->target - r->offset);
    return rc ? rc : record(r, seg, 0.0);
  case VT_STRAIN_HOLD:
    return run_hold(r, o, seg, s->duration_s, 0);
  case VT_STRAIN_RECOVER:
    rc = step(r, 1, 0.0, 0.0); /* unload: the elastic spring-back */
    if (!rc) rc = record(r, seg, 0.0);
    return rc ? rc : run_hold(r, o, seg, s->duration_s, 1);
  }
  return vt_fail(r->err, VT_EINVAL, "unknown segment kind %d", (int)s->kind);
}

static int check_grid(const vt_strain_grid_options *o, vt_error *err) {
  if (!(o->ramp_step > 0 && o->ramp_step <= 1.0))
    return vt_fail(err, VT_ERANGE, "ramp strain step %g must be in (0, 1]", o->ramp_step);
  if (!(o->hold_first_s > 0 && isfinite(o->hold_first_s)))
    return vt_fail(err, VT_ERANGE, "first hold point %g s must be finite and > 0", o->hold_first_s);
  if (!(o->hold_points_per_decade >= 1 && o->hold_points_per_decade <= 1000))
    return vt_fail(err, VT_ERANGE, "points per decade %g must be in [1, 1000]",
                   o->hold_points_per_decade);
  return VT_OK;
}

int vt_strain_simulate(vt_model *v, const vt_strain_program *p, const vt_strain_grid_options *opts,
                       vt_strain_trace *tr, vt_error *err) {
  if (!tr) return vt_fail(err, VT_EINVAL, "vt_strain_simulate: NULL trace");
  memset(tr, 0, sizeof *tr);
  if (!v || !p) return vt_fail(err, VT_EINVAL, "vt_strain_simulate: NULL model or program");
  vt_strain_grid_options o = opts ? *opts : vt_strain_grid_options_default();
  int rc = check_grid(&o, err);
  if (!rc) rc = vt_model_equilibrate(v, vt_strain_program_T_K(p), err);
  if (rc) return rc;
  runner r = {v, 0.0, tr, 0, vt_strain_program_start(p), err};
  tr->T_K = vt_strain_program_T_K(p);
  rc = record(&r, -1, 0.0);
  size_t ns = vt_strain_program_segment_count(p);
  for (size_t i = 0; !rc && i < ns; i++)
    rc = run_segment(&r, &o, (int)i, vt_strain_program_segment(p, i));
  if (rc) vt_strain_trace_free(tr);
  return rc;
}

/* ---- The memory peak ----------------------------------------------------------------------- */

static int check_curve(const double *t, const double *s, size_t n, vt_error *err) {
  if (!t || !s) return vt_fail(err, VT_EINVAL, "NULL time or stress array");
  if (n < 3) return vt_fail(err, VT_EINVAL, "%zu points: a peak needs at least 3", n);
  for (size_t i = 0; i < n; i++) {
    if (!(isfinite(t[i]) && isfinite(s[i]) && t[i] >= 0))
      return vt_fail(err, VT_EINVAL, "point %zu: t = %g s, sigma = %g: need finite values, t >= 0",
                     i, t[i], s[i]);
    if (i && !(t[i] > t[i - 1]))
      return vt_fail(err, VT_EINVAL, "time is not increasing at point %zu (%g s after %g s)", i,
                     t[i], t[i - 1]);
  }
  return VT_OK;
}

/* Vertex of the parabola through three points (x increasing), kept inside [x0, x2]. */
static void parabola_top(const double *x, const double *y, double *xv, double *yv) {
  double d1 = (y[1] - y[0]) / (x[1] - x[0]), d2 = (y[2] - y[1]) / (x[2] - x[1]);
  double c = (d2 - d1) / (x[2] - x[0]); /* curvature / 2, < 0 at a maximum */
  double v = c < 0 ? 0.5 * (x[0] + x[1]) - d1 / (2.0 * c) : x[1];
  v = fmin(fmax(v, x[0]), x[2]);
  *xv = v;
  /* Newton form: y = y0 + d1 (x - x0) + c (x - x0)(x - x1), evaluated at v. */
  *yv = y[0] + d1 * (v - x[0]) + c * (v - x[0]) * (v - x[1]);
}

int vt_memory_peak_find(const double *t, const double *s, size_t n, vt_memory_peak *out,
                        vt_error *err) {
  if (!t || !s || !out) return vt_fail(err, VT_EINVAL, "vt_memory_peak_find: NULL argument");
  memset(out, 0, sizeof *out);
  int rc = check_curve(t, s, n, err);
  if (rc) return rc;
  size_t im = 0;
  double scale = 0.0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] > s[im]) im = i;
    scale = fmax(scale, fabs(s[i]));
  }
  double thr = PEAK_REL_THRESHOLD * scale;
  out->sigma0_Pa = s[0];
  out->sigma_peak_Pa = s[im];
  out->t_p_s = NAN;
  if (!(s[im] - s[0] > thr)) return VT_OK; /* never rises: no memory, dsigma 0 */
  if (!(s[im] - s[n - 1] > thr)) {         /* still rising at the end: peak not seen */
    out->dsigma_Pa = NAN;
    return VT_OK;
  }
  int logx = t[im - 1] > 0;
  double x[3], y[3] = {s[im - 1], s[im], s[im + 1]}, xv, yv;
  for (int k = 0; k < 3; k++) x[k] = logx ? log(t[im - 1 + (size_t)k]) : t[im - 1 + (size_t)k];
  parabola_top(x, y, &xv, &yv);
  out->found = 1;
  out->t_p_s = logx ? exp(xv) : xv;
  out->sigma_peak_Pa = fmax(yv, s[im]);
  out->dsigma_Pa = out->sigma_peak_Pa - s[0];
  return VT_OK;
}

/* ---- The two-step protocol and the recovery ------------------------------------------------- */

static int check_spec(const vt_two_step *s, int memory, vt_error *err) {
  if (!s) return vt_fail(err, VT_EINVAL, "NULL two-step specification");
  if (!(isfinite(s->eps1) && fabs(s->eps1) <= 1 && s->eps1 != 0))
    return vt_fail(err, VT_ERANGE, "eps1 = %g %% must be finite, non-zero, within +-100 %%",
                   100 * s->eps1);
  if (memory && !(isfinite(s->eps2) && fabs(s->eps2) <= 1))
    return vt_fail(err, VT_ERANGE, "eps2 = %g %% must be finite, within +-100 %%", 100 * s->eps2);
  if (memory && s->eps2 == s->eps1)
    return vt_fail(err, VT_EINVAL, "eps2 = eps1 = %g %%: there is no second step", 100 * s->eps1);
  if (!(isfinite(s->t_w_s) && s->t_w_s >= 0))
    return vt_fail(err, VT_ERANGE, "t_w = %g s must be finite and >= 0", s->t_w_s);
  if (!(isfinite(s->t2_s) && s->t2_s > 0))
    return vt_fail(err, VT_ERANGE, "%s time %g s must be finite and > 0",
                   memory ? "second-step" : "recovery", s->t2_s);
  if (!(isfinite(s->rate_per_s) && s->rate_per_s >= 0))
    return vt_fail(err, VT_ERANGE, "strain rate %g /s must be finite and >= 0 (0: jumps)",
                   s->rate_per_s);
  return VT_OK;
}

/* 0 -> eps1, hold t_w, then (memory) -> eps2 hold t2, or (recovery) recover t2. */
static vt_strain_program *two_step_program(const vt_two_step *s, int memory, vt_error *err) {
  vt_strain_program *p = vt_strain_program_create(0.0, s->T_K, err);
  if (!p) return NULL;
  int jumps = s->rate_per_s == 0;
  int rc = jumps ? vt_strain_program_jump(p, s->eps1, err)
                 : vt_strain_program_ramp(p, s->eps1, s->rate_per_s, err);
  if (!rc) rc = vt_strain_program_hold(p, s->t_w_s, err);
  if (!rc && memory)
    rc = jumps ? vt_strain_program_jump(p, s->eps2, err)
               : vt_strain_program_ramp(p, s->eps2, s->rate_per_s, err);
  if (!rc)
    rc = memory ? vt_strain_program_hold(p, s->t2_s, err)
                : vt_strain_program_recover(p, s->t2_s, err);
  if (rc) {
    vt_strain_program_free(p);
    return NULL;
  }
  return p;
}

/* Nodes of segment `seg` and the node before it (its start), as (t_seg, values). */
static int last_segment(const vt_strain_trace *tr, int seg, const double *values, size_t *n_out,
                        double **t_out, double **v_out, vt_error *err) {
  size_t first = tr->n;
  while (first > 0 && tr->segment[first - 1] == seg) first--;
  size_t start = first > 0 ? first - 1 : 0, n = tr->n - start;
  double *t = malloc(n * sizeof *t), *v = malloc(n * sizeof *v);
  if (!t || !v) {
    free(t);
    free(v);
    return vt_fail(err, VT_ENOMEM, "out of memory for %zu points", n);
  }
  for (size_t i = 0; i < n; i++) {
    t[i] = start + i < first ? 0.0 : tr->t_seg_s[start + i];
    v[i] = values[start + i];
  }
  *n_out = n, *t_out = t, *v_out = v;
  return VT_OK;
}

/* The value at the end of segment `seg` (at the last node up to it: a 0 s hold has none). */
static double end_of_segment(const vt_strain_trace *tr, int seg, const double *values) {
  double v = NAN;
  for (size_t i = 0; i < tr->n && tr->segment[i] <= seg; i++) v = values[i];
  return v;
}

/* The trace of the two-step protocol (second_step) or of the recovery after the first step, for
 * the public call `call` whose result `out` (size bytes) is zeroed first. */
static int run_protocol(const char *call, vt_model *v, const vt_two_step *s, void *out, size_t size,
                        int second_step, vt_strain_trace *tr, vt_error *err) {
  if (!v || !s || !out) return vt_fail(err, VT_EINVAL, "%s: NULL argument", call);
  memset(out, 0, size);
  int rc = check_spec(s, second_step, err);
  if (rc) return rc;
  vt_strain_program *p = two_step_program(s, second_step, err);
  if (!p) return err ? err->status : VT_EINVAL;
  rc = vt_strain_simulate(v, p, &s->grid, tr, err);
  vt_strain_program_free(p);
  return rc;
}

int vt_strain_two_step_run(vt_model *v, const vt_two_step *s, vt_memory_curve *out, vt_error *err) {
  vt_strain_trace tr;
  int rc = run_protocol("vt_strain_two_step_run", v, s, out, sizeof *out, 1, &tr, err);
  if (rc) return rc;
  out->spec = *s;
  out->sigma_w_Pa = end_of_segment(&tr, 1, tr.stress_Pa);
  rc = last_segment(&tr, 3, tr.stress_Pa, &out->n, &out->t2_s, &out->stress_Pa, err);
  if (!rc) rc = vt_memory_peak_find(out->t2_s, out->stress_Pa, out->n, &out->peak, err);
  vt_strain_trace_free(&tr);
  if (rc) vt_memory_curve_free(out);
  return rc;
}

void vt_memory_curve_free(vt_memory_curve *c) {
  if (c) VT_FREE_ZERO(c, c->t2_s, c->stress_Pa);
}

int vt_strain_recovery_run(vt_model *v, const vt_two_step *s, vt_recovery_curve *out,
                           vt_error *err) {
  vt_strain_trace tr;
  int rc = run_protocol("vt_strain_recovery_run", v, s, out, sizeof *out, 0, &tr, err);
  if (rc) return rc;
  out->spec = *s;
  out->sigma_w_Pa = end_of_segment(&tr, 1, tr.stress_Pa);
  out->strain_vp_w = end_of_segment(&tr, 1, tr.strain_vp);
  /* The recovery's own nodes: drop the loaded node before the spring-back. */
  size_t n_all;
  double *t_all, *e_all;
  rc = last_segment(&tr, 2, tr.strain, &n_all, &t_all, &e_all, err);
  if (!rc) {
    out->n = n_all - 1;
    memmove(t_all, t_all + 1, out->n * sizeof *t_all);
    memmove(e_all, e_all + 1, out->n * sizeof *e_all);
    out->t_s = t_all;
    out->strain = e_all;
    out->strain_vp = tr.strain_vp[tr.n - 1];
    out->fraction = 1.0 - out->strain_vp / s->eps1;
  }
  vt_strain_trace_free(&tr);
  return rc;
}

void vt_recovery_curve_free(vt_recovery_curve *c) {
  if (c) VT_FREE_ZERO(c, c->t_s, c->strain);
}

/* ---- Sweeps ---------------------------------------------------------------------------------- */

size_t vt_two_step_sweep_count(const vt_two_step_sweep *sw) {
  if (!sw || !sw->T_K || !sw->eps1 || !sw->t_w_s || (sw->n_eps2 && !sw->eps2)) return 0;
  return sw->n_T * sw->n_eps1 * sw->n_tw * (sw->n_eps2 ? sw->n_eps2 : 1);
}

int vt_two_step_sweep_point(const vt_two_step_sweep *sw, size_t k, vt_two_step *out,
                            vt_error *err) {
  if (!sw || !out) return vt_fail(err, VT_EINVAL, "vt_two_step_sweep_point: NULL argument");
  memset(out, 0, sizeof *out);
  size_t n = vt_two_step_sweep_count(sw), ne2 = sw->n_eps2 ? sw->n_eps2 : 1;
  if (k >= n) return vt_fail(err, VT_ERANGE, "run %zu of a sweep of %zu runs", k, n);
  *out = sw->base;
  out->eps2 = sw->n_eps2 ? sw->eps2[k % ne2] : NAN;
  k /= ne2;
  out->t_w_s = sw->t_w_s[k % sw->n_tw];
  k /= sw->n_tw;
  out->eps1 = sw->eps1[k % sw->n_eps1];
  out->T_K = sw->T_K[k / sw->n_eps1];
  return VT_OK;
}

int vt_strain_memory_point(vt_model *v, const vt_two_step *s, vt_memory_curve *out, int *skipped,
                           vt_error *err) {
  if (!v || !s || !out || !skipped)
    return vt_fail(err, VT_EINVAL, "vt_strain_memory_point: NULL argument");
  *skipped = 0;
  int rc = vt_strain_two_step_run(v, s, out, err);
  /* eps2 = eps1 fails the spec check with VT_EINVAL (a bad eps1 is VT_ERANGE): a row of NaN */
  if (rc == VT_EINVAL && s->eps2 == s->eps1) {
    out->spec = *s;
    out->sigma_w_Pa = NAN;
    out->peak.sigma0_Pa = out->peak.sigma_peak_Pa = out->peak.dsigma_Pa = out->peak.t_p_s = NAN;
    *skipped = 1;
    rc = VT_OK;
  }
  return rc;
}

int vt_strain_recovery_summary(vt_model *v, const vt_two_step *s, vt_recovery_summary *out,
                               vt_error *err) {
  if (!v || !s || !out) return vt_fail(err, VT_EINVAL, "vt_strain_recovery_summary: NULL argument");
  memset(out, 0, sizeof *out);
  vt_recovery_curve c = {0};
  int rc = vt_strain_recovery_run(v, s, &c, err);
  if (rc) return rc;
  out->strain_vp = c.strain_vp, out->fraction = c.fraction;
  vt_recovery_fit f;
  if (vt_recovery_fit_run(c.t_s, c.strain, c.n, s->eps1, &f, &out->fit_error) == VT_OK) {
    out->tau_rec_s = f.tau_rec_s, out->beta_rec = f.beta_rec;
  } else {
    out->tau_rec_s = out->beta_rec = NAN;
  }
  vt_recovery_curve_free(&c);
  return VT_OK;
}

int vt_visco_read_table(vt_visco *v, const char *path, vt_error *err) {
  if (!v || !path) return vt_fail(err, VT_EINVAL, "vt_visco_read_table: NULL argument");
  double *tau = NULL, *w = NULL;
  size_t n = 0;
  int rc = vt_read_prony_table(path, &tau, &w, &n, err);
  if (!rc) rc = vt_visco_set_table(v, w, tau, n, err);
  free(tau);
  free(w);
  return rc;
}
