/* Thermal programs: a start temperature and segments (ramp, hold, jump). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"

struct vt_program {
  double start_K;
  vt_segment *seg;
  size_t n, cap;
};

/* Above 1e5 K no glass exists; such a number is a typo (and would ask for a vast grid). */
#define MAX_TEMPERATURE_K 1e5

static int check_temperature(double T_K, long line, vt_error *err) {
  if (!isfinite(T_K) || T_K <= 0.0)
    return vt_fail_at(err, VT_ERANGE, line, "temperature %g K is not finite and positive", T_K);
  if (T_K > MAX_TEMPERATURE_K)
    return vt_fail_at(err, VT_ERANGE, line, "temperature %g K is above %g K: a typo?", T_K,
                      MAX_TEMPERATURE_K);
  return VT_OK;
}

vt_program *vt_program_create(double start_K, vt_error *err) {
  if (check_temperature(start_K, 0, err)) return NULL;
  vt_program *p = calloc(1, sizeof *p);
  if (!p) {
    vt_fail(err, VT_ENOMEM, "out of memory creating a program");
    return NULL;
  }
  p->start_K = start_K;
  return p;
}

void vt_program_free(vt_program *prog) {
  if (!prog) return;
  free(prog->seg);
  free(prog);
}

vt_program *vt_program_copy(const vt_program *prog, vt_error *err) {
  if (!prog) {
    vt_fail(err, VT_EINVAL, "vt_program_copy: NULL program");
    return NULL;
  }
  vt_program *c = vt_program_create(prog->start_K, err);
  if (!c) return NULL;
  if (prog->n) {
    c->seg = malloc(prog->n * sizeof *c->seg);
    if (!c->seg) {
      vt_program_free(c);
      vt_fail(err, VT_ENOMEM, "out of memory copying a program");
      return NULL;
    }
    memcpy(c->seg, prog->seg, prog->n * sizeof *c->seg);
    c->n = c->cap = prog->n;
  }
  return c;
}

double vt_program_end_K(const vt_program *prog, size_t index) {
  if (!prog) return NAN;
  if (index == (size_t)-1 || prog->n == 0) return prog->start_K;
  if (index >= prog->n) index = prog->n - 1;
  return prog->seg[index].target_K;
}

static double current_K(const vt_program *prog) {
  return prog->n ? prog->seg[prog->n - 1].target_K : prog->start_K;
}

static int append(vt_program *prog, vt_segment s, vt_error *err) {
  if (VT_GROW(prog->n + 1, &prog->cap, 8, VT_GROW_ITEM(prog->seg)))
    return vt_fail(err, VT_ENOMEM, "out of memory adding a segment");
  prog->seg[prog->n++] = s;
  return VT_OK;
}

static int add_ramp(vt_program *prog, double target_K, double rate, long line, vt_error *err) {
  if (check_temperature(target_K, line, err)) return err ? err->status : VT_ERANGE;
  if (!isfinite(rate) || rate <= 0.0)
    return vt_fail_at(err, VT_ERANGE, line, "ramp rate %g K/s must be finite and > 0", rate);
  double from = current_K(prog);
  if (target_K == from)
    return vt_fail_at(err, VT_EINVAL, line,
                      "ramp to %g K starts at %g K already: use 'hold' for an isotherm", target_K,
                      from);
  vt_segment s = {VT_SEG_RAMP, target_K, rate, fabs(target_K - from) / rate, line};
  return append(prog, s, err);
}

static int add_hold(vt_program *prog, double duration_s, long line, vt_error *err) {
  if (!isfinite(duration_s) || duration_s < 0.0)
    return vt_fail_at(err, VT_ERANGE, line, "hold time %g s must be finite and >= 0", duration_s);
  vt_segment s = {VT_SEG_HOLD, current_K(prog), 0.0, duration_s, line};
  return append(prog, s, err);
}

static int add_jump(vt_program *prog, double target_K, long line, vt_error *err) {
  if (check_temperature(target_K, line, err)) return err ? err->status : VT_ERANGE;
  vt_segment s = {VT_SEG_JUMP, target_K, 0.0, 0.0, line};
  return append(prog, s, err);
}

int vt_program_append_at(vt_program *prog, vt_segment_kind kind, double target_K, double value,
                         long line, vt_error *err) {
  if (!prog) return vt_fail(err, VT_EINVAL, "NULL program");
  if (kind == VT_SEG_RAMP) return add_ramp(prog, target_K, value, line, err);
  if (kind == VT_SEG_HOLD) return add_hold(prog, value, line, err);
  return add_jump(prog, target_K, line, err);
}

int vt_program_ramp(vt_program *prog, double target_K, double rate_K_per_s, vt_error *err) {
  if (!prog) return vt_fail(err, VT_EINVAL, "vt_program_ramp: NULL program");
  return add_ramp(prog, target_K, rate_K_per_s, 0, err);
}

int vt_program_hold(vt_program *prog, double duration_s, vt_error *err) {
  if (!prog) return vt_fail(err, VT_EINVAL, "vt_program_hold: NULL program");
  return add_hold(prog, duration_s, 0, err);
}

int vt_program_jump(vt_program *prog, double target_K, vt_error *err) {
  if (!prog) return vt_fail(err, VT_EINVAL, "vt_program_jump: NULL program");
  return add_jump(prog, target_K, 0, err);
}

double vt_program_start_K(const vt_program *prog) {
  if (!prog) return NAN;
  return prog->start_K;
}

size_t vt_program_segment_count(const vt_program *prog) {
  if (!prog) return 0;
  return prog->n;
}

const vt_segment *vt_program_segment(const vt_program *prog, size_t index) {
  if (!prog) return NULL;
  return index < prog->n ? &prog->seg[index] : NULL;
}

double vt_program_duration_s(const vt_program *prog) {
  if (!prog) return NAN;
  double t = 0.0;
  for (size_t i = 0; i < prog->n; i++) t += prog->seg[i].duration_s;
  return t;
}
