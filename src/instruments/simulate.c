/* Run a model over a program's time grid and record its observables at every node. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"

void vt_trace_free(vt_trace *t) {
  if (!t) return;
  free(t->time_s);
  free(t->T_K);
  free(t->Tf_K);
  free(t->dH_J_per_mol);
  free(t->CpN);
  free(t->H_conf_J_per_mol);
  free(t->segment);
  free(t->t_seg_s);
  free(t->requested);
  memset(t, 0, sizeof *t);
}

static int trace_alloc(vt_trace *t, const vt_grid *g) {
  size_t n = g->n;
  memset(t, 0, sizeof *t);
  t->time_s = malloc(n * sizeof *t->time_s);
  t->T_K = malloc(n * sizeof *t->T_K);
  t->Tf_K = malloc(n * sizeof *t->Tf_K);
  t->dH_J_per_mol = malloc(n * sizeof *t->dH_J_per_mol);
  t->CpN = malloc(n * sizeof *t->CpN);
  t->H_conf_J_per_mol = malloc(n * sizeof *t->H_conf_J_per_mol);
  t->segment = malloc(n * sizeof *t->segment);
  t->t_seg_s = malloc(n * sizeof *t->t_seg_s);
  t->requested = malloc(n);
  if (!t->time_s || !t->T_K || !t->Tf_K || !t->dH_J_per_mol || !t->CpN || !t->H_conf_J_per_mol ||
      !t->segment || !t->t_seg_s || !t->requested) {
    vt_trace_free(t);
    return VT_ENOMEM;
  }
  t->n = n;
  memcpy(t->time_s, g->time_s, n * sizeof *t->time_s);
  memcpy(t->T_K, g->T_K, n * sizeof *t->T_K);
  memcpy(t->segment, g->segment, n * sizeof *t->segment);
  memcpy(t->t_seg_s, g->t_seg_s, n * sizeof *t->t_seg_s);
  memcpy(t->requested, g->requested, n);
  return VT_OK;
}

int vt_simulate(vt_model *model, const vt_grid *grid, vt_trace *trace, vt_error *err) {
  if (!model || !grid || !trace || grid->n == 0)
    return vt_fail(err, VT_EINVAL, "vt_simulate: NULL model, grid or trace, or empty grid");
  if (trace_alloc(trace, grid)) return vt_fail(err, VT_ENOMEM, "out of memory for the trace");
  int rc = vt_model_equilibrate(model, grid->T_K[0], err);
  vt_observables obs;
  for (size_t i = 0; !rc && i < grid->n; i++) {
    if (i > 0) {
      double dt = grid->time_s[i] - grid->time_s[i - 1];
      rc = vt_model_step(model, dt, grid->T_K[i - 1], grid->T_K[i], err);
      if (rc) break;
    }
    vt_model_observe(model, &obs);
    trace->Tf_K[i] = obs.Tf_K;
    trace->dH_J_per_mol[i] = obs.dH_J_per_mol;
    trace->H_conf_J_per_mol[i] = obs.H_conf_J_per_mol;
    double dT = i ? grid->T_K[i] - grid->T_K[i - 1] : 0.0;
    int ramp = i && dT != 0.0 && grid->time_s[i] > grid->time_s[i - 1];
    trace->CpN[i] = ramp ? (trace->Tf_K[i] - trace->Tf_K[i - 1]) / dT : NAN;
  }
  if (rc) {
    vt_trace_free(trace);
    return rc;
  }
  return VT_OK;
}
