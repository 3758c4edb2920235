/* Cooling path vs isothermal path to the same relaxation enthalpy (paper 002). */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <string.h>

#include "../core/internal.h"
#include "../core/option_rows.h"

vt_program *vt_path_cooling_program(double T_s, double T_a, double phi, vt_error *err) {
  vt_program *p = vt_program_create(T_s, err);
  if (p && vt_program_ramp(p, T_a, phi, err)) {
    vt_program_free(p);
    return NULL;
  }
  return p;
}

vt_program *vt_path_isothermal_program(double T_a, double t_a, vt_error *err) {
  vt_program *p = vt_program_create(T_a, err);
  if (p && vt_program_hold(p, t_a, err)) {
    vt_program_free(p);
    return NULL;
  }
  return p;
}

/* H_conf at the end of: equilibrium at T_eq, quench at R_c to the program's start, program. */
static int final_enthalpy(vt_model *m, const vt_dsc_options *o, const vt_program *anneal, double *H,
                          vt_error *err) {
  vt_program *p = vt_program_create(o->T_eq_K, err);
  int rc = p ? VT_OK : VT_EINVAL;
  double Ta = vt_program_start_K(anneal);
  if (!rc && Ta < o->T_eq_K) rc = vt_program_ramp(p, Ta, o->cool_rate_K_per_s, err);
  for (size_t i = 0; !rc && i < vt_program_segment_count(anneal); i++) {
    const vt_segment *s = vt_program_segment(anneal, i);
    rc = vt_program_append_at(p, s->kind, s->target_K,
                              s->kind == VT_SEG_RAMP ? s->rate_K_per_s : s->duration_s, 0, err);
  }
  vt_grid g;
  vt_trace t = {0};
  vt_grid_options go = o->grid;
  go.n_at_time = go.n_at_T = 0;
  if (!rc) rc = vt_grid_build(p, &go, &g, err);
  if (!rc) {
    rc = vt_simulate(m, &g, &t, err);
    vt_grid_free(&g);
  }
  if (!rc) *H = t.H_conf_J_per_mol[t.n - 1];
  vt_trace_free(&t);
  vt_program_free(p);
  return rc;
}

typedef struct iso_ctx {
  vt_model *model;
  const vt_dsc_options *opts;
  double T_a, H_ref, dh_target;
  int evaluations, status;
  vt_error *err;
} iso_ctx;

/* dh_iso(10^u) - dh_target; NaN stops the solver when a simulation fails. */
static double iso_residual(double u, void *params) {
  iso_ctx *c = params;
  vt_program *p = vt_path_isothermal_program(c->T_a, pow(10.0, u), c->err);
  double H = NAN;
  int rc = p ? final_enthalpy(c->model, c->opts, p, &H, c->err) : VT_EINVAL;
  vt_program_free(p);
  c->evaluations++;
  if (rc) {
    c->status = rc;
    return NAN;
  }
  return (c->H_ref - H) - c->dh_target;
}

static int solve_log_time(iso_ctx *c, double lo, double hi, double *u_root, vt_error *err) {
  gsl_function f = {iso_residual, c};
  double f_lo = iso_residual(lo, c), f_hi = iso_residual(hi, c);
  if (c->status) return c->status;
  if (!(f_lo < 0 && f_hi > 0))
    return vt_fail(err, VT_ERANGE,
                   "no isothermal time in [%g, %g] s at %g K releases %g J/mol (released: %g to "
                   "%g J/mol)",
                   pow(10, lo), pow(10, hi), c->T_a, c->dh_target, f_lo + c->dh_target,
                   f_hi + c->dh_target);
  gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
  if (!s) return vt_fail(err, VT_ENOMEM, "out of memory (root solver)");
  gsl_root_fsolver_set(s, &f, lo, hi);
  *u_root = 0.5 * (lo + hi);
  int status = GSL_CONTINUE;
  for (int it = 0; it < 100 && status == GSL_CONTINUE && !c->status; it++) {
    gsl_root_fsolver_iterate(s);
    *u_root = gsl_root_fsolver_root(s);
    double r = iso_residual(*u_root, c);
    status = fabs(r) <= 1e-6 * fabs(c->dh_target)
                 ? GSL_SUCCESS
                 : gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s),
                                          1e-12, 0);
  }
  gsl_root_fsolver_free(s);
  if (c->status) return c->status;
  if (status != GSL_SUCCESS)
    return vt_fail(err, VT_ENOCONV, "isothermal time search did not converge at %g K", c->T_a);
  return VT_OK;
}

int vt_path_match_run(vt_model *model, const vt_dsc_options *opts, double T_s, double T_a,
                      double phi, vt_path_match *out, vt_error *err) {
  if (!model || !out) return vt_fail(err, VT_EINVAL, "vt_path_match_run: NULL model or output");
  vt_dsc_options o = opts ? *opts : vt_dsc_options_default();
  memset(out, 0, sizeof *out);
  vt_gsl_quiet();
  if (!(T_a < T_s && T_s < o.T_eq_K))
    return vt_fail(err, VT_ERANGE, "need T_a < T_s < T_eq (got %g, %g, %g K)", T_a, T_s, o.T_eq_K);
  double H_ref, H_cool;
  int rc = vt_dsc_quench_enthalpy(model, &o, &T_a, 1, &H_ref, err);
  vt_program *cool = rc ? NULL : vt_path_cooling_program(T_s, T_a, phi, err);
  if (!rc && !cool) rc = err ? err->status : VT_EINVAL;
  if (!rc) rc = final_enthalpy(model, &o, cool, &H_cool, err);
  vt_program_free(cool);
  if (rc) return rc;
  iso_ctx c = {model, &o, T_a, H_ref, H_ref - H_cool, 0, VT_OK, err};
  double u = 0.0;
  rc = solve_log_time(&c, -4.0, 7.0, &u, err);
  if (rc) return rc;
  out->phi_K_per_s = phi;
  out->dh_cool_J_per_mol = c.dh_target;
  out->t_a_s = pow(10.0, u);
  out->evaluations = c.evaluations;
  out->dh_iso_J_per_mol = iso_residual(u, &c) + c.dh_target;
  return c.status;
}

/* The relaxation peak of one path's annealing program (freed here) against the reference. */
static int path_peak(vt_model *m, const vt_dsc_options *o, vt_program *p, const vt_dsc_scan *ref,
                     vt_dsc_peak *pk, vt_error *err) {
  vt_dsc_scan a = {0};
  int rc = p ? vt_dsc_scan_run(m, p, o, &a, err) : (err ? err->status : VT_EINVAL);
  if (!rc) rc = vt_dsc_peak_compute(&a, ref, pk, err);
  vt_dsc_scan_free(&a);
  vt_program_free(p);
  return rc;
}

int vt_path_match_peaks(vt_model *model, const vt_dsc_options *opts, const vt_dsc_scan *reference,
                        double T_s, double T_a, double phi, vt_path_match *match, vt_dsc_peak *cool,
                        vt_dsc_peak *iso, vt_error *err) {
  if (!cool || !iso) return vt_fail(err, VT_EINVAL, "vt_path_match_peaks: NULL peak");
  memset(cool, 0, sizeof *cool);
  memset(iso, 0, sizeof *iso);
  vt_dsc_scan own = {0};
  int rc = vt_path_match_run(model, opts, T_s, T_a, phi, match, err);
  if (!rc && !reference) rc = vt_dsc_scan_run(model, NULL, opts, &own, err);
  const vt_dsc_scan *ref = reference ? reference : &own;
  if (!rc) rc = path_peak(model, opts, vt_path_cooling_program(T_s, T_a, phi, err), ref, cool, err);
  if (!rc)
    rc = path_peak(model, opts, vt_path_isothermal_program(T_a, match->t_a_s, err), ref, iso, err);
  vt_dsc_scan_free(&own);
  if (rc) {
    vt_dsc_peak_free(cool);
    vt_dsc_peak_free(iso);
  }
  return rc;
}

#define SWEEP(field) offsetof(vt_path_sweep, field)
static const vt_option sweep_rows[] = {
    OPT_Q("T_s", SWEEP(T_s_K), VT_DIM_TEMPERATURE, "T", "start of the slow cooling, e.g. '403 K'",
          VT_OPTION_REQUIRED),
    OPT_Q("T_a", SWEEP(T_a_K), VT_DIM_TEMPERATURE, "T", "annealing temperature, e.g. '385 K'",
          VT_OPTION_REQUIRED),
    OPT_L("phi", SWEEP(phi_K_per_s), SWEEP(n_phi), VT_DIM_RATE, "LIST",
          "cooling rates, e.g. '100, 50, 30, 10, 5, 1 K/s'",
          VT_OPTION_REQUIRED | VT_OPTION_POSITIVE),
};

OPT_TABLE(vt_path_sweep_option_table, sweep_rows)

int vt_path_sweep_run(vt_model *model, const vt_dsc_options *opts, const vt_path_sweep *sw,
                      vt_path_sweep_fn point, void *ctx, vt_error *err) {
  if (!model || !sw || (sw->n_phi && !sw->phi_K_per_s))
    return vt_fail(err, VT_EINVAL, "vt_path_sweep_run: NULL model, sweep or rates");
  vt_dsc_scan ref = {0};
  int rc = vt_dsc_scan_run(model, NULL, opts, &ref, err);
  for (size_t k = 0; !rc && k < sw->n_phi; k++) {
    double phi = sw->phi_K_per_s[k];
    vt_path_match pm;
    vt_dsc_peak pc, pi;
    vt_error e;
    rc = vt_path_match_peaks(model, opts, &ref, sw->T_s_K, sw->T_a_K, phi, &pm, &pc, &pi, &e);
    if (rc)
      vt_fail(err, rc, "phi = %g K/s: %s", phi, e.message);
    else if (point)
      rc = point(ctx, k, &pm, &pc, &pi, err);
    vt_dsc_peak_free(&pc);
    vt_dsc_peak_free(&pi);
  }
  vt_dsc_scan_free(&ref);
  return rc;
}
