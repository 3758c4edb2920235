/* The generic model handle: registry, parameter table access, stepping. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model_impl.h"

struct vt_model {
  const vt_model_class *cls;
  double *p;
  void *state;
  int prepared;
  int equilibrated;
};

static const vt_model_class *const registry[] = {&vt_tnm_class, &vt_units_class, &vt_pel_class,
                                                 &vt_visco_class};
#define N_MODELS (sizeof registry / sizeof registry[0])

const char *const *vt_model_names(void) {
  static const char *names[N_MODELS + 1];
  for (size_t i = 0; i < N_MODELS; i++) names[i] = registry[i]->name;
  names[N_MODELS] = NULL;
  return names;
}

static const vt_model_class *find_class(const char *name) {
  for (size_t i = 0; name && i < N_MODELS; i++)
    if (strcmp(registry[i]->name, name) == 0) return registry[i];
  return NULL;
}

const char *vt_model_summary(const char *name) {
  const vt_model_class *c = find_class(name);
  return c ? c->summary : NULL;
}

const vt_param_info *vt_model_params_by_name(const char *model_name, size_t *count) {
  const vt_model_class *c = find_class(model_name);
  if (count) *count = c ? c->n_params : 0;
  return c ? c->params : NULL;
}

vt_model_drive vt_model_drive_by_name(const char *model_name) {
  const vt_model_class *c = find_class(model_name);
  if (!c) return (vt_model_drive)0;
  return c->step ? VT_DRIVE_TEMPERATURE : VT_DRIVE_STRAIN;
}

vt_model *vt_model_create(const char *name, vt_error *err) {
  vt_gsl_quiet();
  const vt_model_class *c = find_class(name);
  if (!c) {
    char list[256] = "";
    for (size_t i = 0; i < N_MODELS; i++) {
      strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
      strncat(list, registry[i]->name, sizeof list - strlen(list) - 1);
    }
    vt_fail(err, VT_ENOTFOUND, "unknown model '%s': available models are %s",
            name ? name : "(null)", list);
    return NULL;
  }
  vt_model *m = vt_calloc_lines(1, sizeof *m);
  if (m) m->p = vt_calloc_lines(c->n_params, sizeof *m->p);
  if (m && m->p) m->state = c->create();
  if (!m || !m->p || !m->state) {
    if (m) free(m->p);
    free(m);
    vt_fail(err, VT_ENOMEM, "out of memory creating model '%s'", name);
    return NULL;
  }
  m->cls = c;
  for (size_t i = 0; i < c->n_params; i++) m->p[i] = c->params[i].default_si;
  return m;
}

void vt_model_free(vt_model *m) {
  if (!m) return;
  m->cls->destroy(m->state);
  free(m->p);
  free(m);
}

const char *vt_model_name(const vt_model *m) {
  if (!m) return NULL;
  return m->cls->name;
}

const vt_param_info *vt_model_params(const vt_model *m, size_t *count) {
  if (!m) {
    if (count) *count = 0;
    return NULL;
  }
  if (count) *count = m->cls->n_params;
  return m->cls->params;
}

static int lookup(const vt_model *m, const char *name, vt_error *err) {
  int i = vt_param_index(m->cls->params, m->cls->n_params, name ? name : "");
  if (i < 0) {
    char names[256];
    vt_param_names(m->cls->params, m->cls->n_params, names, sizeof names);
    vt_fail(err, VT_ENOTFOUND, "model %s has no parameter '%s'; its parameters are %s",
            m->cls->name, name ? name : "(null)", names);
  }
  return i;
}

int vt_model_set(vt_model *m, const char *name, double value, vt_error *err) {
  if (!m || !name) return vt_fail(err, VT_EINVAL, "vt_model_set: NULL model or name");
  int i = lookup(m, name, err);
  if (i < 0) return VT_ENOTFOUND;
  const vt_param_info *pi = &m->cls->params[i];
  if (!isfinite(value) || value < pi->lower_si || value > pi->upper_si) {
    double lo = vt_from_si(pi->lower_si, pi->dim, pi->unit);
    double hi = vt_from_si(pi->upper_si, pi->dim, pi->unit);
    const char *sp = *pi->unit ? " " : "";
    return vt_fail(err, VT_ERANGE, "%s = %g%s%s is outside its bounds [%g, %g]%s%s", name,
                   vt_from_si(value, pi->dim, pi->unit), sp, pi->unit, lo, hi, sp, pi->unit);
  }
  m->p[i] = value;
  m->prepared = 0;
  m->equilibrated = 0;
  return VT_OK;
}

int vt_model_get(const vt_model *m, const char *name, double *value, vt_error *err) {
  if (!m || !name || !value)
    return vt_fail(err, VT_EINVAL, "vt_model_get: NULL model, name or output");
  int i = lookup(m, name, err);
  if (i < 0) return VT_ENOTFOUND;
  *value = m->p[i];
  return VT_OK;
}

int vt_model_set_text(vt_model *m, const char *assignment, vt_error *err) {
  const char *eq = assignment ? strchr(assignment, '=') : NULL;
  if (!eq || eq == assignment)
    return vt_fail(err, VT_EPARSE, "'%s' is not of the form NAME=VALUE UNIT",
                   assignment ? assignment : "(null)");
  char name[64];
  size_t len = (size_t)(eq - assignment);
  while (len && assignment[len - 1] == ' ') len--;
  if (len >= sizeof name) return vt_fail(err, VT_EPARSE, "parameter name too long");
  memcpy(name, assignment, len);
  name[len] = '\0';
  int i = lookup(m, name, err);
  if (i < 0) return VT_ENOTFOUND;
  const vt_param_info *pi = &m->cls->params[i];
  double v;
  vt_error local;
  int rc = vt_parse_quantity(eq + 1, pi->dim, &v, &local);
  if (rc) return vt_fail(err, rc, "%s: %s", name, local.message);
  return vt_model_set(m, name, v, err);
}

int vt_model_set_option(vt_model *m, const char *key, const char *value, vt_error *err) {
  if (!m || !key || !value)
    return vt_fail(err, VT_EINVAL, "vt_model_set_option: NULL model, key or value");
  if (!m->cls->set_option)
    return vt_fail(err, VT_ENOTFOUND, "model %s takes no options", m->cls->name);
  int rc = m->cls->set_option(m->state, key, value, err);
  if (!rc) m->prepared = m->equilibrated = 0;
  return rc;
}

int vt_model_equilibrate(vt_model *m, double T_K, vt_error *err) {
  if (!m) return vt_fail(err, VT_EINVAL, "vt_model_equilibrate: NULL model");
  if (!isfinite(T_K) || T_K <= 0)
    return vt_fail(err, VT_ERANGE, "start temperature %g K must be finite and > 0", T_K);
  int rc = vt_model_prepare(m, err);
  if (rc) return rc;
  rc = m->cls->equilibrate(m->state, m->p, T_K, err);
  m->equilibrated = (rc == VT_OK);
  return rc;
}

/* What every step checks: a model, equilibrated, with the hook (no hook: the model is
 * driven otherwise than by `drive`). */
static int check_step(const vt_model *m, int has_hook, const char *call, const char *drive,
                      vt_error *err) {
  if (!m) return vt_fail(err, VT_EINVAL, "%s: NULL model", call);
  if (!has_hook)
    return vt_fail(err, VT_EINVAL, "model %s is driven by %s, not by %s", m->cls->name,
                   m->cls->step ? "temperature (vt_model_step)"
                                : "strain or stress (vt_model_strain_step, vt_model_stress_step)",
                   drive);
  if (!m->equilibrated)
    return vt_fail(err, VT_EINVAL,
                   "model %s stepped before vt_model_equilibrate (or after a parameter change)",
                   m->cls->name);
  return VT_OK;
}

int vt_model_step(vt_model *m, double dt_s, double T0_K, double T1_K, vt_error *err) {
  int rc = check_step(m, m && m->cls->step, "vt_model_step", "temperature", err);
  if (rc) return rc;
  if (!(dt_s >= 0) || !isfinite(dt_s) || !isfinite(T0_K) || !isfinite(T1_K) || T1_K <= 0)
    return vt_fail(err, VT_ERANGE, "bad step: dt = %g s, T from %g K to %g K", dt_s, T0_K, T1_K);
  return m->cls->step(m->state, m->p, dt_s, T0_K, T1_K, err);
}

/* A strain or stress step: the hooks share one signature. */
static int load_step(vt_model *m, int stress, double dt_s, double end, vt_error *err) {
  const char *what = stress ? "stress" : "strain";
  int (*hook)(void *, const double *, double, double, vt_error *) = !m       ? NULL
                                                                    : stress ? m->cls->stress_step
                                                                             : m->cls->strain_step;
  int rc = check_step(m, hook != NULL, stress ? "vt_model_stress_step" : "vt_model_strain_step",
                      what, err);
  if (rc) return rc;
  if (!(dt_s >= 0) || !isfinite(dt_s) || !isfinite(end))
    return vt_fail(err, VT_ERANGE, "bad step: dt = %g s, %s %g%s", dt_s, what, end,
                   stress ? " Pa" : "");
  return hook(m->state, m->p, dt_s, end, err);
}

int vt_model_strain_step(vt_model *m, double dt_s, double strain_end, vt_error *err) {
  return load_step(m, 0, dt_s, strain_end, err);
}

int vt_model_stress_step(vt_model *m, double dt_s, double stress_end_Pa, vt_error *err) {
  return load_step(m, 1, dt_s, stress_end_Pa, err);
}

void vt_model_observe(const vt_model *m, vt_observables *out) {
  if (!m || !out) return;
  out->Tf_K = out->dH_J_per_mol = out->H_conf_J_per_mol = NAN;
  out->strain = out->strain_vp = out->stress_Pa = NAN;
  m->cls->observe(m->state, m->p, out);
}

int vt_model_numerics(vt_model *m, char *buf, size_t size, vt_error *err) {
  if (!m) return vt_fail(err, VT_EINVAL, "vt_model_numerics: NULL model");
  int rc = vt_model_prepare(m, err);
  if (!rc) m->cls->describe(m->state, buf, size);
  return rc;
}

int vt_model_prepare(vt_model *m, vt_error *err) {
  if (m->prepared) return VT_OK;
  int rc = m->cls->prepare(m->state, m->p, err);
  m->prepared = (rc == VT_OK);
  return rc;
}

const double *vt_model_values(const vt_model *m) {
  return m->p;
}

int vt_model_ready(const vt_model *m) {
  return m->equilibrated;
}

void *vt_model_state_of(vt_model *m, const vt_model_class *cls) {
  return (m && m->cls == cls) ? m->state : NULL;
}

void vt_model_invalidate(vt_model *m) {
  m->prepared = 0;
  m->equilibrated = 0;
}

vt_model *vt_model_clone(const vt_model *src, vt_error *err) {
  if (!src) {
    vt_fail(err, VT_EINVAL, "vt_model_clone: NULL model");
    return NULL;
  }
  vt_model *m = vt_model_create(src->cls->name, err);
  if (!m) return NULL;
  memcpy(m->p, src->p, src->cls->n_params * sizeof *m->p);
  if (src->cls->copy_config && src->cls->copy_config(m->state, src->state)) {
    vt_model_free(m);
    vt_fail(err, VT_ENOMEM, "out of memory cloning model '%s'", src->cls->name);
    return NULL;
  }
  return m;
}

int vt_model_prepare_shared(vt_model *dst, vt_model *src, vt_error *err) {
  int rc = vt_model_prepare(src, err);
  if (rc || dst == src || dst->prepared) return rc;
  if (dst->cls == src->cls && dst->cls->share_prepared &&
      memcmp(dst->p, src->p, dst->cls->n_params * sizeof *dst->p) == 0 &&
      dst->cls->share_prepared(dst->state, src->state) == VT_OK) {
    dst->prepared = 1;
    return VT_OK;
  }
  return vt_model_prepare(dst, err);
}

int vt_sens_log_push(vt_sens_log *log, const double *dTf, int n, int max) {
  if (log->n_rows == log->cap_rows) {
    size_t cap = log->cap_rows ? 2 * log->cap_rows : 1024;
    double *r = realloc(log->rows, cap * (size_t)max * sizeof *r);
    if (!r) return VT_ENOMEM;
    log->rows = r;
    log->cap_rows = cap;
  }
  memcpy(&log->rows[log->n_rows++ * (size_t)n], dTf, (size_t)n * sizeof *dTf);
  return VT_OK;
}

const double *vt_sens_log_rows(const vt_sens_log *log, int n, size_t *n_rows, size_t *n_dir,
                               unsigned long *steps) {
  if (!log || !n) return NULL;
  if (n_rows) *n_rows = log->n_rows;
  if (n_dir) *n_dir = (size_t)n;
  if (steps) *steps = log->steps;
  return log->rows;
}
