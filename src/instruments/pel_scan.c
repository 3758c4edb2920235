/* The energy-landscape model on thermal programs (paper 003): E_IS and its energy flow along a
 * trace, and the Fig. 4c heating scan after cooling with its exothermic peak. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "vitrum/pel.h"

int vt_pel_trace_energy(vt_model *pel, const vt_trace *t, double *E_IS, double *rate,
                        vt_error *err) {
  if (!pel || !t || !E_IS || !rate)
    return vt_fail(err, VT_EINVAL, "vt_pel_trace_energy: NULL model, trace or output");
  double E_ref;
  int rc = vt_model_get(pel, "E_ref", &E_ref, err);
  if (rc) return rc;
  for (size_t i = 0; i < t->n; i++) {
    double dt = i ? t->time_s[i] - t->time_s[i - 1] : 0.0;
    E_IS[i] = t->H_conf_J_per_mol[i] + E_ref;
    rate[i] = dt > 0 ? (E_IS[i] - E_IS[i - 1]) / dt : NAN;
  }
  return VT_OK;
}

int vt_pel_exotherm(const vt_trace *t, const double *rate, size_t first, double *T_exo_K,
                    double *rate_exo, vt_error *err) {
  if (!t || !rate || !T_exo_K || !rate_exo)
    return vt_fail(err, VT_EINVAL, "vt_pel_exotherm: NULL trace, rates or output");
  if (first < 1 || first >= t->n)
    return vt_fail(err, VT_ERANGE, "vt_pel_exotherm: scan start %zu outside rows 1..%zu", first,
                   t->n ? t->n - 1 : 0);
  size_t b = first;
  for (size_t i = first; i < t->n; i++)
    if (rate[i] < rate[b]) b = i;
  double mid = 0.5 * (t->T_K[b] + t->T_K[b - 1]), h = t->T_K[b] - t->T_K[b - 1];
  *T_exo_K = mid, *rate_exo = rate[b];
  if (b > first && b + 1 < t->n && rate[b] < 0) {
    double f0 = rate[b - 1], f1 = rate[b], f2 = rate[b + 1], c = f0 - 2.0 * f1 + f2;
    if (c > 0) {
      *T_exo_K = mid + 0.5 * h * (f0 - f2) / c;
      *rate_exo = f1 - (f0 - f2) * (f0 - f2) / (8.0 * c);
    }
  }
  return VT_OK;
}

vt_pel_scan_options vt_pel_scan_options_default(void) {
  vt_pel_scan_options o = {840.0, 400.0, NAN, 1.0};
  return o;
}

void vt_pel_scan_free(vt_pel_scan *s) {
  if (!s) return;
  vt_trace_free(&s->trace);
  free(s->E_IS);
  free(s->rate);
  memset(s, 0, sizeof *s);
}

int vt_pel_program_run(vt_model *pel, const vt_program *program, const vt_grid_options *grid,
                       vt_pel_scan *s, vt_error *err) {
  if (s) memset(s, 0, sizeof *s);
  if (!pel || !program || !grid || !s)
    return vt_fail(err, VT_EINVAL, "vt_pel_program_run: NULL model, program, grid or output");
  s->cool_K_per_s = s->E_glass = s->Tf_glass_K = s->T_exo_K = s->rate_exo = NAN;
  vt_grid g = {0};
  int rc = vt_grid_build(program, grid, &g, err);
  if (!rc) rc = vt_simulate(pel, &g, &s->trace, err);
  vt_grid_free(&g);
  size_t n = s->trace.n;
  if (!rc && (!(s->E_IS = malloc(n * sizeof *s->E_IS)) || !(s->rate = malloc(n * sizeof *s->rate))))
    rc = vt_fail(err, VT_ENOMEM, "out of memory");
  if (!rc) rc = vt_pel_trace_energy(pel, &s->trace, s->E_IS, s->rate, err);
  if (rc) vt_pel_scan_free(s);
  return rc;
}

int vt_pel_scan_run(vt_model *pel, const vt_grid_options *grid, const vt_pel_scan_options *o,
                    double cool_K_per_s, vt_pel_scan *s, vt_error *err) {
  if (s) memset(s, 0, sizeof *s);
  if (!pel || !grid || !o || !s)
    return vt_fail(err, VT_EINVAL, "vt_pel_scan_run: NULL model, options or scan");
  double T_end = isnan(o->T_end_K) ? o->T_start_K : o->T_end_K;
  if (!(o->T_low_K < o->T_start_K) || !(T_end > o->T_low_K))
    return vt_fail(err, VT_ERANGE, "need T_low < T_start and T_end > T_low");
  /* cool from equilibrium at T_start to T_low, heat to T_end */
  vt_program *p = vt_program_create(o->T_start_K, err);
  int rc = p ? vt_program_ramp(p, o->T_low_K, cool_K_per_s, err) : VT_EINVAL;
  if (!rc) rc = vt_program_ramp(p, T_end, o->heat_K_per_s, err);
  if (!rc) rc = vt_pel_program_run(pel, p, grid, s, err);
  vt_program_free(p);
  s->cool_K_per_s = cool_K_per_s;
  size_t n = s->trace.n;
  while (!rc && s->first < n && s->trace.segment[s->first] != 1) s->first++;
  if (!rc) rc = vt_pel_exotherm(&s->trace, s->rate, s->first, &s->T_exo_K, &s->rate_exo, err);
  if (!rc) s->E_glass = s->E_IS[s->first - 1], s->Tf_glass_K = s->trace.Tf_K[s->first - 1];
  if (rc) vt_pel_scan_free(s);
  return rc;
}
