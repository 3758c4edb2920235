/* Annealing sweeps of the virtual Flash DSC (paper 000 Fig. 1d-f), the programs they anneal
 * with, and the checks of what a relaxation peak measures: one pipeline for `vitrum dsc` and
 * vitrum.dsc_map. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../core/internal.h"

double vt_dsc_sample_mol(const vt_dsc_options *o) {
  if (!o) return NAN;
  return (o->sample_mass_kg > 0 && o->molar_mass_kg_per_mol > 0)
             ? o->sample_mass_kg / o->molar_mass_kg_per_mol
             : 0.0;
}

double vt_dsc_anneal_T(const vt_program *anneal) {
  double T = 0;
  if (!anneal) return NAN;
  for (size_t k = 0; k < vt_program_segment_count(anneal); k++) {
    const vt_segment *s = vt_program_segment(anneal, k);
    if (s->kind == VT_SEG_HOLD) T = s->target_K;
  }
  return T;
}

int vt_dsc_peak_check(const vt_dsc_peak *pk, double T_anneal_K, char *why, size_t size) {
  if (!pk) return -1;
  char text[VT_ERROR_MESSAGE_SIZE] = "";
  if (!pk->metrics_ok)
    snprintf(text, sizeof text, "no relaxation peak resolved");
  else if (T_anneal_K > 0 && pk->metrics.x_peak < T_anneal_K)
    snprintf(text, sizeof text,
             "the peak at Tp = %.1f K lies below the annealing temperature %g K; it is not the "
             "anneal's recovery peak (raise the heating rate or the annealing time)",
             pk->metrics.x_peak, T_anneal_K);
  if (why && size) snprintf(why, size, "%s", text);
  return text[0] != '\0';
}

int vt_dsc_parse_pre_anneal(const char *name, const char *text, double *T1_K, double *t1_s,
                            vt_error *err) {
  if (!name) name = "pre_anneal";
  if (!text || !T1_K || !t1_s)
    return vt_fail(err, VT_EINVAL, "vt_dsc_parse_pre_anneal: NULL argument");
  const char *comma = strchr(text, ',');
  char T[128];
  if (!comma || (size_t)(comma - text) >= sizeof T)
    return vt_fail(err, VT_EPARSE, "%s '%s': expected 'T1, t1' such as '373 K, 50 s'", name, text);
  memcpy(T, text, (size_t)(comma - text));
  T[comma - text] = '\0';
  vt_error e;
  double v[2];
  int rc = vt_parse_quantity(T, VT_DIM_TEMPERATURE, &v[0], &e);
  if (!rc) rc = vt_parse_quantity(comma + 1, VT_DIM_TIME, &v[1], &e);
  if (rc) return vt_fail(err, rc, "%s: %s", name, e.message);
  *T1_K = v[0];
  *t1_s = v[1];
  return VT_OK;
}

vt_program *vt_dsc_anneal_program(const vt_dsc_options *opts, const vt_dsc_sweep *sw, double T_a,
                                  double t_a, vt_error *err) {
  if (!opts) return vt_fail(err, VT_EINVAL, "vt_dsc_anneal_program: NULL options"), NULL;
  int pre = sw && sw->pre_anneal;
  vt_program *p = vt_program_create(pre ? sw->pre_T_K : T_a, err);
  int rc = p ? VT_OK : VT_EINVAL;
  if (!rc && pre) {
    rc = vt_program_hold(p, sw->pre_t_s, err);
    if (!rc && T_a != sw->pre_T_K) rc = vt_program_ramp(p, T_a, opts->cool_rate_K_per_s, err);
  }
  if (!rc) rc = vt_program_hold(p, t_a, err);
  if (rc) {
    vt_program_free(p);
    return NULL;
  }
  return p;
}

/* One anneal of the sweep against the reference, handed to `point`. */
static int sweep_point(vt_model *m, const vt_dsc_options *o, const vt_dsc_sweep *sw,
                       const vt_dsc_scan *ref, size_t k, vt_dsc_sweep_fn point, void *ctx,
                       vt_error *err) {
  double T_a = sw->T_a_K[k / sw->n_t_a], t_a = sw->t_a_s[k % sw->n_t_a];
  vt_error e = {VT_EINVAL, 0, "no program"};
  vt_dsc_scan a = {0};
  vt_dsc_peak pk = {0};
  vt_program *p = vt_dsc_anneal_program(o, sw, T_a, t_a, &e);
  int rc = p ? vt_dsc_scan_run(m, p, o, &a, &e) : e.status;
  if (!rc) rc = vt_dsc_peak_compute(&a, ref, &pk, &e);
  if (rc)
    vt_fail(err, rc, "anneal at %g K for %g s: %s", T_a, t_a, e.message);
  else if (point)
    rc = point(ctx, k, T_a, t_a, &pk, err);
  vt_dsc_peak_free(&pk);
  vt_dsc_scan_free(&a);
  vt_program_free(p);
  return rc;
}

int vt_dsc_sweep_run(vt_model *model, const vt_dsc_options *opts, const vt_dsc_sweep *sw,
                     vt_dsc_sweep_fn point, void *ctx, vt_error *err) {
  if (!model || !sw) return vt_fail(err, VT_EINVAL, "vt_dsc_sweep_run: NULL model or sweep");
  if (!sw->n_T_a || !sw->n_t_a || !sw->T_a_K || !sw->t_a_s)
    return vt_fail(err, VT_EINVAL,
                   "a DSC sweep needs T_a and t_a (annealing temperatures and "
                   "times)");
  vt_error e;
  vt_dsc_scan ref = {0};
  vt_dsc_options o = opts ? *opts : vt_dsc_options_default();
  int rc = vt_dsc_scan_run(model, NULL, &o, &ref, &e);
  if (rc) vt_fail(err, rc, "as-cooled reference: %s", e.message);
  for (size_t k = 0; !rc && k < sw->n_T_a * sw->n_t_a; k++)
    rc = sweep_point(model, &o, sw, &ref, k, point, ctx, err);
  vt_dsc_scan_free(&ref);
  return rc;
}
