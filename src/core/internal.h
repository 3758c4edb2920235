/* Internal helpers shared across libvitrum (not installed). */
#ifndef VT_INTERNAL_H
#define VT_INTERNAL_H

#include <stdatomic.h>

#include "vitrum/vitrum.h"

#if defined(__GNUC__)
#define VT_PRINTF(fmt_index, first_arg) __attribute__((format(printf, fmt_index, first_arg)))
#else
#define VT_PRINTF(fmt_index, first_arg)
#endif

/* Fill `err` (if not NULL) and return `status`, so callers can `return vt_fail(...)`. */
int vt_fail(vt_error *err, int status, const char *fmt, ...) VT_PRINTF(3, 4);
/* Same, with the source line recorded in err->line. */
int vt_fail_at(vt_error *err, int status, long line, const char *fmt, ...) VT_PRINTF(4, 5);

/* The cancellation flag of vt_cancel_request (core/cancel.c), read inline: long loops poll it
 * every step, so the check must cost no call. */
extern atomic_int vt_cancel_flag;
static inline int vt_cancelled(void) {
  return atomic_load_explicit(&vt_cancel_flag, memory_order_relaxed);
}

/* The body of a result struct's `_free`: free the arrays it owns, then zero it (so a second
 * `_free` is safe). VT_FREE_ZERO(obj, obj->a, obj->b, ...) names the arrays once. */
void vt_free_zero(void *obj, size_t size, void *const *arrays, size_t n);
#define VT_FREE_ZERO(obj, ...)                                                                     \
  vt_free_zero((obj), sizeof *(obj), (void *const[]){__VA_ARGS__},                                 \
               sizeof((void *const[]){__VA_ARGS__}) / sizeof(void *))

/* The points (x[i], y[i]) of a curve finite, x strictly increasing; else VT_EINVAL with
 * "CURVE point I is not finite (X = x, Y = y)" or "X is not increasing at point I (x after x'
 * UNIT)", CURVE, X, Y the names given (curve and x_unit may be NULL: left out). */
int vt_check_curve(const char *curve, const char *x_name, const char *y_name, const char *x_unit,
                   const double *x, const double *y, size_t n, vt_error *err);

/* Arrays that grow together (the columns of a trace or table): VT_GROW_ITEM(s->field) names one. */
typedef struct vt_grow_item {
  void *field; /* address of the pointer member */
  size_t elem_size;
} vt_grow_item;
#define VT_GROW_ITEM(field)                                                                        \
  { (void *)&(field), sizeof *(field) }
/* Room for `needed` elements in every array: when *cap is short, *cap doubles (from `initial`)
 * until it is enough. Each array is stored as soon as it moved, so VT_ENOMEM leaves them all
 * valid and freeable. VT_GROW(needed, &cap, initial, VT_GROW_ITEM(a), VT_GROW_ITEM(b), ...). */
int vt_grow_arrays(size_t needed, size_t *cap, size_t initial, const vt_grow_item *items,
                   size_t count);
#define VT_GROW(needed, cap, initial, ...)                                                         \
  vt_grow_arrays((needed), (cap), (initial), (const vt_grow_item[]){__VA_ARGS__},                  \
                 sizeof((const vt_grow_item[]){__VA_ARGS__}) / sizeof(vt_grow_item))

/* Zeroed memory for n elements of `size` bytes on cache lines of its own (64-byte aligned, a
 * whole number of lines, one spare line), freed with free(). For a model's state, which its
 * thread writes at every step: beside another model's state on a shared line, the two threads
 * of a fit invalidated each other's caches (paper-000 fit on 2 threads: 1.47-1.5x faster than
 * 1 in about half the runs, by where malloc happened to put the arrays; 1.8-1.9x in most runs
 * with the state on lines of its own). NULL when out of memory. */
void *vt_calloc_lines(size_t n, size_t size);

/* Every array n elements long (at least 1), in a zeroed struct: VT_ALLOC(n, VT_GROW_ITEM(a),
 * VT_GROW_ITEM(b), ...). VT_ENOMEM leaves the ones allocated valid and freeable. */
int vt_alloc_arrays(size_t n, const vt_grow_item *items, size_t count);
#define VT_ALLOC(n, ...)                                                                           \
  vt_alloc_arrays((n), (const vt_grow_item[]){__VA_ARGS__},                                        \
                  sizeof((const vt_grow_item[]){__VA_ARGS__}) / sizeof(vt_grow_item))

/* A program run on its grid (options `grid`) with the nodes at times at[0..n_at) marked as
 * requested (and no temperature marks), for runs that read the state at given times. The trace
 * is zeroed first, and holds nothing after an error. */
int vt_simulate_at_times(vt_model *m, const vt_grid_options *grid, const vt_program *p,
                         const double *at, size_t n_at, vt_trace *t, vt_error *err);

/* A zeroed map of nE x nT points, its arrays allocated (analysis/pel_map.c); VT_ENOMEM leaves it
 * zeroed. */
int vt_rate_map_alloc(vt_rate_map *m, size_t nE, size_t nT);

/* Turn GSL's abort-on-error handler off once, process wide (thread-safe). */
void vt_gsl_quiet(void);

/* The root of fn between lo and hi by Brent's method, to |dx| < xtol_abs + xtol_rel |x|
 * within max_iter iterations; NaN when fn(lo), fn(hi) do not bracket a root, or no
 * convergence. */
double vt_brent_root(double (*fn)(double, void *), void *ctx, double lo, double hi, double xtol_abs,
                     double xtol_rel, int max_iter);

/* Case-sensitive name lookup in a parameter table, -1 when absent. */
int vt_param_index(const vt_param_info *table, size_t count, const char *name);
/* Comma-separated list of the table's names, into buf. */
void vt_param_names(const vt_param_info *table, size_t count, char *buf, size_t size);

/* Append a segment recording its source line (the program parser uses this). `value` is the rate
 * (K/s) for ramps, the duration (s) for holds and unused for jumps. */
int vt_program_append_at(vt_program *prog, vt_segment_kind kind, double target_K, double value,
                         long line, vt_error *err);

#endif
