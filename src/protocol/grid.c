/* Time grid of a program: fixed temperature steps on ramps, log-spaced points in holds (dense
 * right after each change of temperature, where relaxation is fastest), plus requested points. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"

/* 1e7 nodes hold ~1 GB of grid and trace: far beyond any DSC method; more is a typo. */
#define VT_GRID_MAX_NODES 1e7

vt_grid_options vt_grid_options_default(void) {
  vt_grid_options o;
  memset(&o, 0, sizeof o);
  o.ramp_step_K = 0.1;
  o.hold_first_s = 1e-4;
  o.hold_points_per_decade = 20.0;
  return o;
}

typedef struct node_list {
  double *t; /* time within the segment */
  unsigned char *req;
  size_t n, cap;
} node_list;

static int push(node_list *l, double t, unsigned char req) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? 2 * l->cap : 64;
    double *t2 = realloc(l->t, cap * sizeof *t2);
    if (!t2) return VT_ENOMEM;
    l->t = t2;
    unsigned char *r2 = realloc(l->req, cap);
    if (!r2) return VT_ENOMEM;
    l->req = r2;
    l->cap = cap;
  }
  l->t[l->n] = t;
  l->req[l->n] = req;
  l->n++;
  return VT_OK;
}

static int grid_push(vt_grid *g, size_t *cap, double t, double T, int seg, double tseg,
                     unsigned char req) {
  if (g->n == *cap) {
    size_t c = *cap ? 2 * *cap : 256;
    double *a = realloc(g->time_s, c * sizeof *a);
    if (!a) return VT_ENOMEM;
    g->time_s = a;
    double *b = realloc(g->T_K, c * sizeof *b);
    if (!b) return VT_ENOMEM;
    g->T_K = b;
    int *s = realloc(g->segment, c * sizeof *s);
    if (!s) return VT_ENOMEM;
    g->segment = s;
    double *d = realloc(g->t_seg_s, c * sizeof *d);
    if (!d) return VT_ENOMEM;
    g->t_seg_s = d;
    unsigned char *r = realloc(g->requested, c);
    if (!r) return VT_ENOMEM;
    g->requested = r;
    *cap = c;
  }
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

/* Sort segment-local nodes, merging nodes closer than a relative 1e-12 (keeping the request). */
static int sort_merge(node_list *l) {
  if (l->n == 0) return VT_OK;
  double *pairs = malloc(l->n * 2 * sizeof *pairs);
  if (!pairs) return VT_ENOMEM;
  for (size_t i = 0; i < l->n; i++) {
    pairs[2 * i] = l->t[i];
    pairs[2 * i + 1] = l->req[i];
  }
  qsort(pairs, l->n, 2 * sizeof *pairs, cmp_double);
  size_t m = 0;
  for (size_t i = 0; i < l->n; i++) {
    double t = pairs[2 * i];
    if (m && fabs(t - l->t[m - 1]) <= 1e-12 * fmax(fabs(t), 1e-300)) {
      if (pairs[2 * i + 1] != 0.0) l->req[m - 1] = 1;
      continue;
    }
    l->t[m] = t;
    l->req[m] = (unsigned char)(pairs[2 * i + 1] != 0.0);
    m++;
  }
  l->n = m;
  free(pairs);
  return VT_OK;
}

static int segment_nodes(const vt_segment *s, double T_from, double t_start,
                         const vt_grid_options *o, node_list *l) {
  double D = s->duration_s;
  int rc = VT_OK;
  if (s->kind == VT_SEG_JUMP) return push(l, 0.0, 0);
  if (s->kind == VT_SEG_RAMP) {
    double n = ceil(fabs(s->target_K - T_from) / o->ramp_step_K - 1e-9);
    if (n < 1) n = 1;
    if (n > VT_GRID_MAX_NODES) return VT_ERANGE;
    for (double k = 1; k <= n && !rc; k++) rc = push(l, D * k / n, 0);
    for (size_t i = 0; i < o->n_at_T && !rc; i++) {
      double f = (o->at_T_K[i] - T_from) / (s->target_K - T_from);
      if (f > 0 && f <= 1) rc = push(l, D * f, 1);
    }
  } else if (D > 0) {
    double step = pow(10.0, 1.0 / o->hold_points_per_decade);
    if (log10(D / o->hold_first_s) * o->hold_points_per_decade > VT_GRID_MAX_NODES)
      return VT_ERANGE;
    for (double t = o->hold_first_s; t < D * (1 - 1e-12) && !rc; t *= step) rc = push(l, t, 0);
    if (!rc) rc = push(l, D, 0);
  }
  /* A requested time belongs to the segment it falls in, a boundary to the segment it ends
   * (absolute times carry rounding, hence the relative tolerance). */
  for (size_t i = 0; i < o->n_at_time && !rc; i++) {
    double eps = 1e-12 * fmax(o->at_time_s[i], 1.0);
    double t = o->at_time_s[i] - t_start;
    if (t > eps && t <= D + eps) rc = push(l, fmin(t, D), 1);
  }
  return rc;
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

int vt_grid_build(const vt_program *prog, const vt_grid_options *opts, vt_grid *grid,
                  vt_error *err) {
  vt_grid_options o = opts ? *opts : vt_grid_options_default();
  memset(grid, 0, sizeof *grid);
  if (!prog) return vt_fail(err, VT_EINVAL, "vt_grid_build: NULL program");
  if (check_options(&o, err)) return err ? err->status : VT_ERANGE;
  size_t cap = 0;
  node_list l = {0};
  double t0 = 0.0, T_from = vt_program_start_K(prog);
  int rc = grid_push(grid, &cap, 0.0, T_from, -1, 0.0, 0);
  for (size_t s = 0; s < vt_program_segment_count(prog) && !rc; s++) {
    const vt_segment *seg = vt_program_segment(prog, s);
    l.n = 0;
    rc = segment_nodes(seg, T_from, t0, &o, &l);
    if (!rc) rc = sort_merge(&l);
    if (!rc && grid->n + l.n > VT_GRID_MAX_NODES) rc = VT_ERANGE;
    if (rc == VT_ERANGE) {
      free(l.t);
      free(l.req);
      vt_grid_free(grid);
      char where[48];
      if (seg->line)
        snprintf(where, sizeof where, "line %ld", seg->line);
      else
        snprintf(where, sizeof where, "segment %zu", s + 1);
      return vt_fail_at(err, VT_ERANGE, seg->line,
                        "%s: the time grid would exceed %g nodes: use a larger temperature "
                        "step or fewer points per decade",
                        where, (double)VT_GRID_MAX_NODES);
    }
    if (rc) break;
    for (size_t k = 0; k < l.n && !rc; k++) {
      double T = seg->target_K;
      if (seg->kind == VT_SEG_RAMP)
        T = (k + 1 == l.n) ? seg->target_K
                           : T_from + (seg->target_K - T_from) * l.t[k] / seg->duration_s;
      rc = grid_push(grid, &cap, t0 + l.t[k], T, (int)s, l.t[k], l.req[k]);
    }
    t0 += seg->duration_s;
    T_from = seg->target_K;
  }
  free(l.t);
  free(l.req);
  if (rc) {
    vt_grid_free(grid);
    return vt_fail(err, VT_ENOMEM, "out of memory building the time grid");
  }
  for (size_t i = 0; i < o.n_at_time; i++)
    if (o.at_time_s[i] == 0.0) grid->requested[0] = 1;
  if (check_requests_met(grid, &o, err)) {
    int status = err ? err->status : VT_ERANGE;
    vt_grid_free(grid);
    return status;
  }
  return VT_OK;
}

void vt_grid_free(vt_grid *grid) {
  if (!grid) return;
  free(grid->time_s);
  free(grid->T_K);
  free(grid->segment);
  free(grid->t_seg_s);
  free(grid->requested);
  memset(grid, 0, sizeof *grid);
}
