/* Run a model over a program's time grid and record its observables at every node, or hand
 * them to a callback node by node (streaming). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "../protocol/grid_iter.h"

void vt_trace_free(vt_trace *t) {
  if (t)
    VT_FREE_ZERO(t, t->time_s, t->T_K, t->Tf_K, t->dH_J_per_mol, t->CpN, t->H_conf_J_per_mol,
                 t->segment, t->t_seg_s, t->requested);
}

static int trace_alloc(vt_trace *t, const vt_grid *g) {
  size_t n = g->n;
  memset(t, 0, sizeof *t);
  if (VT_ALLOC(n, VT_GROW_ITEM(t->time_s), VT_GROW_ITEM(t->T_K), VT_GROW_ITEM(t->Tf_K),
               VT_GROW_ITEM(t->dH_J_per_mol), VT_GROW_ITEM(t->CpN),
               VT_GROW_ITEM(t->H_conf_J_per_mol), VT_GROW_ITEM(t->segment),
               VT_GROW_ITEM(t->t_seg_s), VT_GROW_ITEM(t->requested))) {
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

/* The step from the previous node: from times within the segment, which keep their precision
 * whatever came before (differences of absolute times lost it after long holds: after 1e11 s a
 * 1e-4 s step was good to 15 %, and a 1e17 s hold then a scan ended at the wrong Tf). A node in a
 * new segment follows that segment's start, so its step is its own time in the segment. */
static double step_length(const vt_trace_row *prev, const vt_trace_row *row) {
  return row->segment == prev->segment ? row->t_seg_s - prev->t_seg_s : row->t_seg_s;
}

/* Advance from the previous row to node (time, T) and fill the row's observables there. */
static int step_row(vt_model *model, const vt_trace_row *prev, vt_trace_row *row, vt_error *err) {
  if (vt_cancelled())
    return vt_fail(err, VT_ECANCELLED, "cancelled (vt_cancel_request) at t = %g s of the program",
                   row->time_s);
  if (row->index > 0) {
    int rc = vt_model_step(model, step_length(prev, row), prev->T_K, row->T_K, err);
    if (rc) return rc;
  }
  vt_observables obs;
  vt_model_observe(model, &obs);
  row->Tf_K = obs.Tf_K;
  row->dH_J_per_mol = obs.dH_J_per_mol;
  row->H_conf_J_per_mol = obs.H_conf_J_per_mol;
  double dT = row->index ? row->T_K - prev->T_K : 0.0;
  int ramp = row->index && dT != 0.0 && step_length(prev, row) > 0;
  row->CpN = ramp ? (row->Tf_K - prev->Tf_K) / dT : NAN;
  return VT_OK;
}

int vt_simulate(vt_model *model, const vt_grid *grid, vt_trace *trace, vt_error *err) {
  if (!model || !grid || !trace || grid->n == 0)
    return vt_fail(err, VT_EINVAL, "vt_simulate: NULL model, grid or trace, or empty grid");
  if (trace_alloc(trace, grid)) return vt_fail(err, VT_ENOMEM, "out of memory for the trace");
  int rc = vt_model_equilibrate(model, grid->T_K[0], err);
  vt_trace_row row = {0}, prev = {0};
  for (size_t i = 0; !rc && i < grid->n; i++) {
    row.index = i;
    row.time_s = grid->time_s[i];
    row.T_K = grid->T_K[i];
    row.segment = grid->segment[i];
    row.t_seg_s = grid->t_seg_s[i];
    rc = step_row(model, &prev, &row, err);
    trace->Tf_K[i] = row.Tf_K;
    trace->dH_J_per_mol[i] = row.dH_J_per_mol;
    trace->H_conf_J_per_mol[i] = row.H_conf_J_per_mol;
    trace->CpN[i] = row.CpN;
    prev = row;
  }
  if (rc) {
    vt_trace_free(trace);
    return rc;
  }
  return VT_OK;
}

int vt_simulate_stream(vt_model *model, const vt_program *prog, const vt_grid_options *opts,
                       vt_row_callback on_row, void *user, vt_error *err) {
  if (!model || !prog || !on_row)
    return vt_fail(err, VT_EINVAL, "vt_simulate_stream: NULL model, program or callback");
  vt_grid_iter it;
  vt_grid_node nd;
  int rc = vt_grid_iter_init(&it, prog, opts, err), more = 0;
  if (!rc) rc = vt_model_equilibrate(model, vt_program_start_K(prog), err);
  vt_trace_row row = {0}, prev = {0};
  for (size_t i = 0; !rc && (more = vt_grid_iter_next(&it, &nd)) == 1; i++) {
    row = (vt_trace_row){.index = i,
                         .time_s = nd.time_s,
                         .T_K = nd.T_K,
                         .segment = nd.segment,
                         .t_seg_s = nd.t_seg_s,
                         .requested = nd.requested};
    rc = step_row(model, &prev, &row, err);
    if (!rc) rc = on_row(&row, user, err);
    prev = row;
  }
  if (!rc && more < 0) rc = vt_fail(err, VT_ENOMEM, "out of memory walking the time grid");
  vt_grid_iter_free(&it);
  return rc;
}

int vt_simulate_at_times(vt_model *m, const vt_grid_options *grid, const vt_program *p,
                         const double *at, size_t n_at, vt_trace *t, vt_error *err) {
  memset(t, 0, sizeof *t);
  vt_grid_options go = *grid;
  go.at_time_s = at;
  go.n_at_time = n_at;
  go.at_T_K = NULL;
  go.n_at_T = 0;
  vt_grid g;
  int rc = vt_grid_build(p, &go, &g, err);
  if (rc) return rc;
  rc = vt_simulate(m, &g, t, err);
  vt_grid_free(&g);
  return rc;
}
