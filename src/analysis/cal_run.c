/* A calorimetry run on a file (calorimetry.h): read an export, choose its references and the
 * scans to analyse (the method's order for 'all', references dropped when asked, one age per
 * aged scan), analyse them; and the sample's mass from what the calorimetrist gives. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "vitrum/calorimetry.h"

vt_cal_selection vt_cal_selection_default(void) {
  return (vt_cal_selection){.samples = "all"};
}

/* The selection and the analysis dropped, the set kept. */
static void drop_selection(vt_cal_run *run) {
  vt_cal_result_free(&run->result);
  free(run->references);
  free(run->samples);
  run->references = run->samples = NULL;
  run->n_references = run->n_samples = 0;
}

int vt_cal_run_read(const char *path, vt_cal_run *run, vt_error *err) {
  if (run) memset(run, 0, sizeof *run);
  if (!path || !run) return vt_fail(err, VT_EINVAL, "vt_cal_run_read: NULL argument");
  return vt_read_curves(path, &run->set, err);
}

/* One spec chosen in the set; errors say which selection and which file. */
static int choose(const vt_curve_set *set, const char *name, const char *spec, size_t **idx,
                  size_t *n, vt_error *err) {
  vt_error e;
  int rc = vt_curve_set_select(set, spec, idx, n, &e);
  if (!rc) return VT_OK;
  if (set->source) return vt_fail(err, rc, "%s: %s: %s", name, set->source, e.message);
  return vt_fail(err, rc, "%s: %s", name, e.message);
}

/* 'all' in the method's order (by segment) when every curve has a segment: exports list the
 * segments in either direction, and ages follow the method. */
static void method_order(vt_cal_run *run) {
  const vt_curve *c = run->set.curves;
  size_t *idx = run->samples;
  for (size_t i = 0; i < run->n_samples; i++)
    if (c[idx[i]].segment < 0) return;
  for (size_t i = 1; i < run->n_samples; i++) /* insertion sort: stable, and n is small */
    for (size_t j = i; j > 0 && c[idx[j - 1]].segment > c[idx[j]].segment; j--) {
      size_t t = idx[j];
      idx[j] = idx[j - 1];
      idx[j - 1] = t;
    }
}

static int is_reference(const vt_cal_run *run, size_t index) {
  for (size_t k = 0; k < run->n_references; k++)
    if (run->references[k] == index) return 1;
  return 0;
}

/* The samples without the references (when asked), and the ages' count against the aged. */
static int check_samples(vt_cal_run *run, const vt_cal_selection *s, const char *spec,
                         vt_error *err) {
  size_t kept = 0, aged = 0;
  for (size_t i = 0; i < run->n_samples; i++) {
    int ref = is_reference(run, run->samples[i]);
    if (!(s->skip_references && ref)) run->samples[kept++] = run->samples[i];
    aged += !ref;
  }
  run->n_samples = kept;
  if (kept == 0)
    return vt_fail(err, VT_EINVAL, "%s '%s' selects only the reference: nothing to analyse",
                   s->samples_name ? s->samples_name : "samples", spec);
  if (s->n_ages && s->n_ages != aged)
    return vt_fail(err, VT_EINVAL,
                   "%s has %zu time%s but %zu aged curve%s are analysed (the references "
                   "excepted): one age per curve, in the order the curves are selected",
                   s->ages_name ? s->ages_name : "ages", s->n_ages, s->n_ages == 1 ? "" : "s", aged,
                   aged == 1 ? "" : "s");
  return VT_OK;
}

int vt_cal_run_select(vt_cal_run *run, const vt_cal_selection *s, vt_error *err) {
  if (!run || !s) return vt_fail(err, VT_EINVAL, "vt_cal_run_select: NULL argument");
  drop_selection(run);
  if (s->n_ages && !s->ages_s) return vt_fail(err, VT_EINVAL, "vt_cal_run_select: NULL ages");
  const char *spec = s->samples ? s->samples : "all";
  int rc = s->references ? choose(&run->set, s->references_name ? s->references_name : "references",
                                  s->references, &run->references, &run->n_references, err)
                         : VT_OK;
  if (!rc)
    rc = choose(&run->set, s->samples_name ? s->samples_name : "samples", spec, &run->samples,
                &run->n_samples, err);
  if (!rc && strcmp(spec, "all") == 0) method_order(run);
  if (!rc) rc = check_samples(run, s, spec, err);
  if (rc) drop_selection(run);
  return rc;
}

int vt_cal_run_analyse(vt_cal_run *run, const vt_cal_options *opts, vt_error *err) {
  if (!run || !opts) return vt_fail(err, VT_EINVAL, "vt_cal_run_analyse: NULL argument");
  vt_cal_result_free(&run->result);
  if (!run->n_samples)
    return vt_fail(err, VT_EINVAL, "vt_cal_run_analyse: no scans selected (vt_cal_run_select)");
  return vt_cal_analyse(&run->set, run->references, run->n_references, run->samples, run->n_samples,
                        opts, &run->result, err);
}

int vt_cal_run_file(const char *path, const vt_cal_selection *selection, const vt_cal_options *opts,
                    vt_cal_run *run, vt_error *err) {
  if (run) memset(run, 0, sizeof *run);
  if (!path || !selection || !opts || !run)
    return vt_fail(err, VT_EINVAL, "vt_cal_run_file: NULL argument");
  int rc = vt_cal_run_read(path, run, err);
  if (!rc) rc = vt_cal_run_select(run, selection, err);
  if (!rc) rc = vt_cal_run_analyse(run, opts, err);
  if (rc) vt_cal_run_free(run);
  return rc;
}

int vt_cal_run_rate_peaks(const vt_cal_run *run, vt_rate_peaks *out, vt_error *err) {
  if (out) memset(out, 0, sizeof *out);
  if (!run || !out) return vt_fail(err, VT_EINVAL, "vt_cal_run_rate_peaks: NULL argument");
  const vt_cal_result *r = &run->result;
  for (size_t k = 0; k < r->n; k++) {
    const vt_cal_curve *c = &r->curves[k];
    const char *name = c->index < run->set.n ? run->set.curves[c->index].name : NULL;
    if (!c->resolved && isnan(c->noise_W)) /* no windows, so no noise: the peak is not > 0 */
      return vt_fail(err, VT_ERANGE,
                     "curve %zu (%.64s): no peak resolved (the largest difference is not "
                     "positive)",
                     c->index, name ? name : "");
    if (!c->resolved)
      return vt_fail(err, VT_ERANGE,
                     "curve %zu (%.64s): no peak resolved (the largest difference is not "
                     "positive or below noise_factor, 3 by default, times the noise, %.3g mW "
                     "rms)",
                     c->index, name ? name : "", c->noise_W * 1e3);
  }
  size_t m = r->n ? r->n : 1;
  out->rate_K_per_s = malloc(m * sizeof *out->rate_K_per_s);
  out->Tp_K = malloc(m * sizeof *out->Tp_K);
  out->line = malloc(m * sizeof *out->line);
  if (!out->rate_K_per_s || !out->Tp_K || !out->line) {
    vt_rate_peaks_free(out);
    return vt_fail(err, VT_ENOMEM, "out of memory for %zu points", r->n);
  }
  for (size_t k = 0; k < r->n; k++) {
    out->rate_K_per_s[k] = r->curves[k].rate_K_per_s;
    out->Tp_K[k] = r->curves[k].peak.x_peak;
    out->line[k] = (long)r->curves[k].index;
  }
  out->n = r->n;
  return VT_OK;
}

void vt_cal_run_free(vt_cal_run *run) {
  if (!run) return;
  drop_selection(run);
  vt_curve_set_free(&run->set);
  memset(run, 0, sizeof *run);
}

int vt_cal_sample_mass(double mass_kg, double melt_J, double specific_melt_J_per_kg,
                       double *sample_kg, vt_error *err) {
  if (!sample_kg) return vt_fail(err, VT_EINVAL, "vt_cal_sample_mass: NULL result");
  *sample_kg = 0.0;
  int weighed = !isnan(mass_kg), melt = !isnan(melt_J), specific = !isnan(specific_melt_J_per_kg);
  if (weighed && (melt || specific))
    return vt_fail(err, VT_EINVAL,
                   "the sample mass is given twice: weighed (%g g) and by its melting enthalpy",
                   1e3 * mass_kg);
  if (melt != specific)
    return vt_fail(err, VT_EINVAL,
                   "the melting enthalpy of the sample (dH) and the material's specific one (dh) "
                   "go together (m = dH / dh)");
  if (!weighed && !melt) return VT_OK;
  double m = weighed ? mass_kg : melt_J / specific_melt_J_per_kg;
  if (!(m > 0))
    return vt_fail(err, VT_ERANGE, "the sample mass must be positive (got %g g)", 1e3 * m);
  if (isinf(m))
    return vt_fail(err, VT_ERANGE, "the sample mass must be finite (got %g g)", 1e3 * m);
  *sample_kg = m;
  return VT_OK;
}
