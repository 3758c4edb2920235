/* The time grid of a program, node by node: what vt_grid_build stores and what a streaming
 * simulation walks without storing. Memory: the state of one segment plus the requested points
 * that fall in it. Internal. */
#ifndef VT_GRID_ITER_H
#define VT_GRID_ITER_H

#include "../core/internal.h"

typedef struct vt_grid_node {
  double time_s, T_K, t_seg_s;
  int segment; /* -1 for node 0 */
  unsigned char requested;
} vt_grid_node;

typedef struct vt_grid_iter {
  const vt_program *prog;
  vt_grid_options o;
  size_t seg;        /* segment being walked */
  int state;         /* 0 before node 0, 1 walking segments, 2 done */
  double t0, T_from; /* start time and temperature of the segment */
  double n_ramp, k;  /* ramp: nodes D k / n, k = 1..n */
  double t_hold;     /* hold: next log-spaced time; < 0 once the end node was given */
  double hold_step;  /* hold: ratio of successive times */
  int reg_left;      /* jump: its one node is still to come */
  double *req;       /* requested (time, flag) pairs in the segment, sorted */
  size_t n_req, i_req, cap_req;
  int have_pending; /* the node being merged with close neighbours (sort_merge's rule) */
  double pend_t;
  unsigned char pend_req;
} vt_grid_iter;

/* Checks the options and that every requested time/temperature lands on the grid. */
int vt_grid_iter_init(vt_grid_iter *it, const vt_program *prog, const vt_grid_options *opts,
                      vt_error *err);
/* 1: *node filled; 0: no more nodes; VT_ENOMEM (negative of it) on allocation failure. */
int vt_grid_iter_next(vt_grid_iter *it, vt_grid_node *node);
void vt_grid_iter_free(vt_grid_iter *it);

#endif
