/* vitrum protocol layer: thermal programs (segments, as a DSC method is written) and the time
 * grid a simulation steps over. */
#ifndef VITRUM_PROGRAM_H
#define VITRUM_PROGRAM_H

#include <stddef.h>

#include "core.h"
#include "options.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum vt_segment_kind {
  VT_SEG_RAMP, /* linear change to target_K at rate_K_per_s (heating or cooling) */
  VT_SEG_HOLD, /* isothermal for duration_s */
  VT_SEG_JUMP  /* instantaneous change to target_K */
} vt_segment_kind;

typedef struct vt_segment {
  vt_segment_kind kind;
  double target_K;     /* end temperature (ramp, jump); the hold temperature for a hold */
  double rate_K_per_s; /* > 0, ramps only */
  double duration_s;   /* holds; for ramps |dT|/rate; 0 for jumps */
  long line;           /* source line (0 when built in code) */
} vt_segment;

/* A program: start temperature (the material is in equilibrium there), then segments. */
typedef struct vt_program vt_program;

/* Create an empty program starting in equilibrium at start_K (> 0, finite). */
VT_API vt_program *vt_program_create(double start_K, vt_error *err);
VT_API void vt_program_free(vt_program *prog);
VT_API vt_program *vt_program_copy(const vt_program *prog, vt_error *err);

/* Append segments. Ramps must move towards target_K at a finite rate > 0; holds need a finite
 * duration >= 0; temperatures must be finite and > 0. */
VT_API int vt_program_ramp(vt_program *prog, double target_K, double rate_K_per_s, vt_error *err);
VT_API int vt_program_hold(vt_program *prog, double duration_s, vt_error *err);
VT_API int vt_program_jump(vt_program *prog, double target_K, vt_error *err);

/* Parse a program from text, one segment per line ('#' starts a comment; blank lines ignored):
 *   start 450 K
 *   cool to 373 K at 10000 K/s      (also: heat to ..., ramp to ...)
 *   hold 50 s
 *   jump to 383 K
 * `source_name` names the text in error messages ("kovacs.prog:3: ..."). */
VT_API vt_program *vt_program_parse(const char *text, const char *source_name, vt_error *err);
/* Read and parse a program file. */
VT_API vt_program *vt_program_read(const char *path, vt_error *err);

VT_API double vt_program_start_K(const vt_program *prog);
VT_API size_t vt_program_segment_count(const vt_program *prog);
VT_API const vt_segment *vt_program_segment(const vt_program *prog, size_t index);
/* Temperature at the end of segment `index` (the start temperature for index == (size_t)-1). */
VT_API double vt_program_end_K(const vt_program *prog, size_t index);
VT_API double vt_program_duration_s(const vt_program *prog);

/* ---- Time grid ------------------------------------------------------------------------------ */

typedef struct vt_grid_options {
  double ramp_step_K;            /* fixed temperature step on ramps; default 0.1 K */
  double hold_first_s;           /* first point after the start of a hold; default 1e-4 s */
  double hold_points_per_decade; /* log-spaced points per decade in holds; default 20 */
  const double *at_time_s;       /* extra output times from the program start (may be NULL) */
  size_t n_at_time;
  const double *at_T_K; /* extra output points where ramps cross these temperatures */
  size_t n_at_T;
} vt_grid_options;

VT_API vt_grid_options vt_grid_options_default(void);
/* The option table of vt_grid_options (static, *n rows; NULL when n is NULL): dT, ppd, t_first
 * (quantities, each > 0), with their help. The request arrays (at_time_s, at_T_K) belong to
 * the caller and have no rows. */
VT_API const vt_option *vt_grid_option_table(size_t *n);

/* The nodes a simulation visits. Node 0 is the start (equilibrium). Each later node ends a step
 * from the previous node; within a step the temperature changes linearly in time (a jump is a
 * step of zero duration). `requested[i]` is 1 for nodes asked for through at_time/at_T. */
typedef struct vt_grid {
  size_t n;
  double *time_s;
  double *T_K;
  int *segment;    /* index of the segment the step ending here belongs to (-1 for node 0) */
  double *t_seg_s; /* time since the start of that segment */
  unsigned char *requested;
} vt_grid;

VT_API int vt_grid_build(const vt_program *prog, const vt_grid_options *opts, vt_grid *grid,
                         vt_error *err);
VT_API void vt_grid_free(vt_grid *grid);

#ifdef __cplusplus
}
#endif

#endif
