/* Time grid of a program: fixed temperature steps on ramps, log-spaced points in holds (dense
 * right after each change of temperature, where relaxation is fastest), plus requested points. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../core/option_rows.h"
#include "grid_iter.h"

/* 1e7 nodes hold ~1 GB of grid and trace: far beyond any DSC method held in memory; more is a
 * typo or a job for streaming (vt_simulate_stream), which walks the grid without storing it. */
#define VT_GRID_MAX_NODES 1e7

vt_grid_options vt_grid_options_default(void) {
  vt_grid_options o;
  memset(&o, 0, sizeof o);
  o.ramp_step_K = 0.1;
  o.hold_first_s = 1e-4;
  o.hold_points_per_decade = 20.0;
  return o;
}

/* The option table (options.h): --dT, --ppd, --t-first on the command line. Every value is
 * positive (a 0 K step used to fail later, blamed on the program). */
#define GRID(field) offsetof(vt_grid_options, field)
static const vt_option grid_options[] = {
    OPT_Q("dT", GRID(ramp_step_K), VT_DIM_TEMPERATURE_STEP, "STEP", "temperature step on ramps",
          VT_OPTION_POSITIVE),
    OPT_Q("ppd", GRID(hold_points_per_decade), VT_DIM_NONE, "N",
          "log-spaced points per decade in holds", VT_OPTION_POSITIVE),
    OPT_Q("t_first", GRID(hold_first_s), VT_DIM_TIME, "TIME",
          "first point after the start of a hold", VT_OPTION_POSITIVE),
};

OPT_TABLE(vt_grid_option_table, grid_options)

static int grid_push(vt_grid *g, size_t *cap, double t, double T, int seg, double tseg,
                     unsigned char req) {
  if (VT_GROW(g->n + 1, cap, 256, VT_GROW_ITEM(g->time_s), VT_GROW_ITEM(g->T_K),
              VT_GROW_ITEM(g->segment), VT_GROW_ITEM(g->t_seg_s), VT_GROW_ITEM(g->requested)))
    return VT_ENOMEM;
  g->time_s[g->n] = t;
  g->T_K[g->n] = T;
  g->segment[g->n] = seg;
  g->t_seg_s[g->n] = tseg;
  g->requested[g->n] = req;
  g->n++;
  return VT_OK;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* ---- Iterator ------------------------------------------------------------------------------ */

static int req_push(vt_grid_iter *it, double t, double flag) {
  if (it->n_req == it->cap_req) {
    size_t cap = it->cap_req ? 2 * it->cap_req : 16;
    double *g = realloc(it->req, 2 * cap * sizeof *g);
    if (!g) return VT_ENOMEM;
    it->req = g;
    it->cap_req = cap;
  }
  it->req[2 * it->n_req] = t;
  it->req[2 * it->n_req + 1] = flag;
  it->n_req++;
  return VT_OK;
}

/* Set up the regular nodes and the requested ones of segment it->seg. */
static int segment_begin(vt_grid_iter *it) {
  const vt_segment *s = vt_program_segment(it->prog, it->seg);
  const vt_grid_options *o = &it->o;
  double D = s->duration_s;
  it->n_req = it->i_req = 0;
  it->reg_left = s->kind == VT_SEG_JUMP;
  it->n_ramp = it->k = 0.0;
  it->t_hold = -1.0;
  if (s->kind == VT_SEG_JUMP) return VT_OK; /* one node, no requests */
  int rc = VT_OK;
  if (s->kind == VT_SEG_RAMP) {
    it->n_ramp = fmax(1.0, ceil(fabs(s->target_K - it->T_from) / o->ramp_step_K - 1e-9));
    for (size_t i = 0; i < o->n_at_T && !rc; i++) {
      double f = (o->at_T_K[i] - it->T_from) / (s->target_K - it->T_from);
      if (f > 0 && f <= 1) rc = req_push(it, D * f, 1.0);
    }
  } else if (D > 0) {
    it->t_hold = o->hold_first_s;
    it->hold_step = pow(10.0, 1.0 / o->hold_points_per_decade);
  }
  /* A requested time belongs to the segment it falls in, a boundary to the segment it ends
   * (absolute times carry rounding, hence the relative tolerance). */
  for (size_t i = 0; i < o->n_at_time && !rc; i++) {
    double eps = 1e-12 * fmax(o->at_time_s[i], 1.0);
    double t = o->at_time_s[i] - it->t0;
    if (t > eps && t <= D + eps) rc = req_push(it, fmin(t, D), 1.0);
  }
  if (!rc && it->n_req > 1) qsort(it->req, it->n_req, 2 * sizeof *it->req, cmp_double);
  return rc;
}

/* Next regular node of the segment (ramp: D k/n; hold: log-spaced, then its end). */
static int regular_peek(const vt_grid_iter *it, double *t) {
  const vt_segment *s = vt_program_segment(it->prog, it->seg);
  double D = s->duration_s;
  if (s->kind == VT_SEG_JUMP) {
    *t = 0.0;
    return it->reg_left;
  }
  if (s->kind == VT_SEG_RAMP) {
    *t = D * (it->k + 1) / it->n_ramp;
    return it->k + 1 <= it->n_ramp;
  }
  if (it->t_hold < 0) return 0;
  *t = it->t_hold < D * (1 - 1e-12) ? it->t_hold : D;
  return 1;
}

static void regular_pop(vt_grid_iter *it) {
  const vt_segment *s = vt_program_segment(it->prog, it->seg);
  if (s->kind == VT_SEG_JUMP)
    it->reg_left = 0;
  else if (s->kind == VT_SEG_RAMP)
    it->k += 1;
  else if (it->t_hold < s->duration_s * (1 - 1e-12))
    it->t_hold *= it->hold_step;
  else
    it->t_hold = -1.0; /* the end node was the last */
}

/* The smallest node not yet taken from either stream. */
static int candidate(vt_grid_iter *it, double *t, unsigned char *req) {
  double tr = 0.0;
  int has_reg = regular_peek(it, &tr), has_req = it->i_req < it->n_req;
  if (!has_reg && !has_req) return 0;
  if (has_req && (!has_reg || it->req[2 * it->i_req] < tr)) {
    *t = it->req[2 * it->i_req];
    *req = it->req[2 * it->i_req + 1] != 0.0;
    it->i_req++;
  } else {
    *t = tr;
    *req = 0;
    regular_pop(it);
  }
  return 1;
}

static void emit(const vt_grid_iter *it, double t, unsigned char req, int last,
                 vt_grid_node *node) {
  const vt_segment *s = vt_program_segment(it->prog, it->seg);
  double T = s->target_K;
  if (s->kind == VT_SEG_RAMP && !last)
    T = it->T_from + (s->target_K - it->T_from) * t / s->duration_s;
  *node = (vt_grid_node){it->t0 + t, T, t, (int)it->seg, req};
}

int vt_grid_iter_next(vt_grid_iter *it, vt_grid_node *node) {
  if (it->state == 0) {
    unsigned char req = 0;
    for (size_t i = 0; i < it->o.n_at_time; i++) req |= it->o.at_time_s[i] == 0.0;
    *node = (vt_grid_node){0.0, it->T_from, 0.0, -1, req};
    it->state = vt_program_segment_count(it->prog) ? 1 : 2;
    return it->state == 1 && segment_begin(it) ? -1 : 1;
  }
  while (it->state == 1) {
    double t;
    unsigned char req;
    if (!it->have_pending) {
      if (candidate(it, &it->pend_t, &it->pend_req)) {
        it->have_pending = 1;
      } else { /* segment done: on to the next */
        const vt_segment *s = vt_program_segment(it->prog, it->seg);
        it->t0 += s->duration_s;
        it->T_from = s->target_K;
        if (++it->seg >= vt_program_segment_count(it->prog))
          it->state = 2;
        else if (segment_begin(it))
          return -1;
        continue;
      }
    }
    /* Nodes closer than a relative 1e-12 are one node (keeping the request). */
    while (candidate(it, &t, &req)) {
      if (fabs(t - it->pend_t) <= 1e-12 * fmax(fabs(t), 1e-300)) {
        it->pend_req |= req;
        continue;
      }
      emit(it, it->pend_t, it->pend_req, 0, node);
      it->pend_t = t;
      it->pend_req = req;
      return 1;
    }
    emit(it, it->pend_t, it->pend_req, 1, node);
    it->have_pending = 0;
    return 1;
  }
  return 0;
}

void vt_grid_iter_free(vt_grid_iter *it) {
  if (it) VT_FREE_ZERO(it, it->req);
}

static int check_options(const vt_grid_options *o, vt_error *err) {
  if (!(o->ramp_step_K > 0) || !isfinite(o->ramp_step_K))
    return vt_fail(err, VT_ERANGE, "ramp step %g K must be finite and > 0", o->ramp_step_K);
  if (!(o->hold_first_s > 0) || !isfinite(o->hold_first_s))
    return vt_fail(err, VT_ERANGE, "first hold point %g s must be finite and > 0", o->hold_first_s);
  if (!(o->hold_points_per_decade >= 1) || !isfinite(o->hold_points_per_decade))
    return vt_fail(err, VT_ERANGE, "points per decade %g must be finite and >= 1",
                   o->hold_points_per_decade);
  for (size_t i = 0; i < o->n_at_time; i++)
    if (!isfinite(o->at_time_s[i]) || o->at_time_s[i] < 0)
      return vt_fail(err, VT_ERANGE, "output time %g s must be finite and >= 0", o->at_time_s[i]);
  for (size_t i = 0; i < o->n_at_T; i++)
    if (!isfinite(o->at_T_K[i]) || o->at_T_K[i] <= 0)
      return vt_fail(err, VT_ERANGE, "output temperature %g K must be finite and > 0",
                     o->at_T_K[i]);
  return VT_OK;
}

/* Every requested time and temperature must land on the grid; say which one does not. */
static int check_requests_met(const vt_grid *g, const vt_grid_options *o, vt_error *err) {
  double end = g->time_s[g->n - 1];
  for (size_t i = 0; i < o->n_at_time; i++) {
    double t = o->at_time_s[i], eps = 1e-12 * fmax(t, 1.0);
    if (t > end + eps)
      return vt_fail(err, VT_ERANGE, "output time %g s is after the program ends (%g s)", t, end);
    int hit = 0;
    for (size_t k = 0; k < g->n && !hit; k++)
      hit = g->requested[k] && fabs(g->time_s[k] - t) <= eps;
    if (!hit) return vt_fail(err, VT_ERANGE, "output time %g s fell off the time grid", t);
  }
  for (size_t i = 0; i < o->n_at_T; i++) {
    int hit = 0;
    for (size_t k = 1; k < g->n && !hit; k++)
      hit = g->requested[k] && fabs(g->T_K[k] - o->at_T_K[i]) <= 1e-9 * o->at_T_K[i];
    if (!hit)
      return vt_fail(err, VT_ERANGE, "output temperature %g K is not reached by any ramp",
                     o->at_T_K[i]);
  }
  return VT_OK;
}

/* The streaming twin of check_requests_met, from the program alone (before any node exists):
 * the same three failures, named the same way. */
static int check_requests_program(const vt_program *prog, const vt_grid_options *o, vt_error *err) {
  size_t ns = vt_program_segment_count(prog);
  double end = 0.0;
  for (size_t s = 0; s < ns; s++) end += vt_program_segment(prog, s)->duration_s;
  int zero = 0; /* node 0 is requested when a time is exactly 0, and then serves t <= eps */
  for (size_t i = 0; i < o->n_at_time; i++) zero |= o->at_time_s[i] == 0.0;
  for (size_t i = 0; i < o->n_at_time; i++) {
    double t = o->at_time_s[i], eps = 1e-12 * fmax(t, 1.0), t0 = 0.0;
    if (t > end + eps)
      return vt_fail(err, VT_ERANGE, "output time %g s is after the program ends (%g s)", t, end);
    int hit = zero && t <= eps;
    for (size_t s = 0; s < ns && !hit; s++) {
      const vt_segment *seg = vt_program_segment(prog, s);
      hit = seg->kind != VT_SEG_JUMP && t - t0 > eps && t - t0 <= seg->duration_s + eps;
      t0 += seg->duration_s;
    }
    if (!hit) return vt_fail(err, VT_ERANGE, "output time %g s fell off the time grid", t);
  }
  for (size_t i = 0; i < o->n_at_T; i++) {
    int hit = 0;
    double T_from = vt_program_start_K(prog);
    for (size_t s = 0; s < ns && !hit; s++) {
      const vt_segment *seg = vt_program_segment(prog, s);
      double f = (o->at_T_K[i] - T_from) / (seg->target_K - T_from);
      hit = seg->kind == VT_SEG_RAMP && f > 0 && f <= 1;
      T_from = seg->target_K;
    }
    if (!hit)
      return vt_fail(err, VT_ERANGE, "output temperature %g K is not reached by any ramp",
                     o->at_T_K[i]);
  }
  return VT_OK;
}

int vt_grid_iter_init(vt_grid_iter *it, const vt_program *prog, const vt_grid_options *opts,
                      vt_error *err) {
  memset(it, 0, sizeof *it);
  if (!prog) return vt_fail(err, VT_EINVAL, "NULL program");
  it->prog = prog;
  it->o = opts ? *opts : vt_grid_options_default();
  it->T_from = vt_program_start_K(prog);
  if (check_options(&it->o, err)) return err ? err->status : VT_ERANGE;
  return check_requests_program(prog, &it->o, err);
}

/* Refuse before building what would not fit: the node count of each segment is known up front
 * (a hold's within a node or two). Streaming has no such cap. */
static int check_size(const vt_program *prog, const vt_grid_options *o, vt_error *err) {
  double total = 1.0, T_from = vt_program_start_K(prog);
  for (size_t s = 0; s < vt_program_segment_count(prog); s++) {
    const vt_segment *seg = vt_program_segment(prog, s);
    double n = 1.0;
    if (seg->kind == VT_SEG_RAMP)
      n = ceil(fabs(seg->target_K - T_from) / o->ramp_step_K - 1e-9);
    else if (seg->kind == VT_SEG_HOLD && seg->duration_s > o->hold_first_s)
      n = log10(seg->duration_s / o->hold_first_s) * o->hold_points_per_decade;
    total += n + (double)(o->n_at_time + o->n_at_T);
    T_from = seg->target_K;
    if (total > VT_GRID_MAX_NODES) {
      char where[48];
      if (seg->line)
        snprintf(where, sizeof where, "line %ld", seg->line);
      else
        snprintf(where, sizeof where, "segment %zu", s + 1);
      return vt_fail_at(err, VT_ERANGE, seg->line,
                        "%s: the time grid would exceed %g nodes, the cap for a whole trace in "
                        "memory: use a larger temperature step or fewer points per decade, or "
                        "stream the rows (vitrum simulate does; vt_simulate_stream)",
                        where, (double)VT_GRID_MAX_NODES);
    }
  }
  return VT_OK;
}

int vt_grid_build(const vt_program *prog, const vt_grid_options *opts, vt_grid *grid,
                  vt_error *err) {
  if (!grid) return vt_fail(err, VT_EINVAL, "vt_grid_build: NULL grid");
  memset(grid, 0, sizeof *grid);
  if (!prog) return vt_fail(err, VT_EINVAL, "vt_grid_build: NULL program");
  vt_grid_iter it;
  vt_grid_node nd;
  int rc = vt_grid_iter_init(&it, prog, opts, err);
  if (!rc) rc = check_size(prog, &it.o, err);
  if (rc) {
    vt_grid_iter_free(&it);
    return rc;
  }
  size_t cap = 0;
  int more;
  while (!rc && (more = vt_grid_iter_next(&it, &nd)) == 1)
    rc = grid_push(grid, &cap, nd.time_s, nd.T_K, nd.segment, nd.t_seg_s, nd.requested);
  if (!rc && more < 0) rc = VT_ENOMEM;
  vt_grid_options o = it.o;
  vt_grid_iter_free(&it);
  if (rc) {
    vt_grid_free(grid);
    return vt_fail(err, VT_ENOMEM, "out of memory building the time grid");
  }
  if (check_requests_met(grid, &o, err)) {
    int status = err ? err->status : VT_ERANGE;
    vt_grid_free(grid);
    return status;
  }
  return VT_OK;
}

void vt_grid_free(vt_grid *grid) {
  if (grid)
    VT_FREE_ZERO(grid, grid->time_s, grid->T_K, grid->segment, grid->t_seg_s, grid->requested);
}
