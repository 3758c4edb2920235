/* Instruments (model.h, dsc.h): simulate, the virtual DSC, Kovacs sweeps, path matching. Each
 * runs with the GIL released and the model marked busy; results are dicts of numpy arrays. */
#include <time.h>

#include "vtpy.h"

/* Run `body` on a model with the GIL released, as every instrument does. */
#define VTPY_LONG_CALL(model_obj, rc, err, ...)                                                    \
  do {                                                                                             \
    vtpy_call call_;                                                                               \
    vtpy_call_begin(&call_);                                                                       \
    Py_BEGIN_ALLOW_THREADS __VA_ARGS__;                                                            \
    Py_END_ALLOW_THREADS vtpy_model_release(model_obj);                                            \
    vtpy_call_end(&call_, rc, &err);                                                               \
  } while (0)

/* The trace's arrays move into numpy (no copy): the 200 000-step benchmark pays no copy. */
PyObject *vtpy_trace_dict(vt_trace *t) {
  PyObject *d = PyDict_New();
  if (!d) {
    vt_trace_free(t);
    return NULL;
  }
  size_t n = t->n;
  /* `|`, not `||`: every column is handed over (or freed) even after a failure. */
  int bad = vtpy_set(d, "time_s", vtpy_own_doubles(t->time_s, n)) |
            vtpy_set(d, "T_K", vtpy_own_doubles(t->T_K, n)) |
            vtpy_set(d, "Tf_K", vtpy_own_doubles(t->Tf_K, n)) |
            vtpy_set(d, "dH_J_per_mol", vtpy_own_doubles(t->dH_J_per_mol, n)) |
            vtpy_set(d, "Cp_N", vtpy_own_doubles(t->CpN, n)) |
            vtpy_set(d, "H_conf_J_per_mol", vtpy_own_doubles(t->H_conf_J_per_mol, n)) |
            vtpy_set(d, "segment", vtpy_own_typed(t->segment, n, NPY_INT)) |
            vtpy_set(d, "t_seg_s", vtpy_own_doubles(t->t_seg_s, n)) |
            vtpy_set(d, "requested", vtpy_own_typed(t->requested, n, NPY_BOOL));
  memset(t, 0, sizeof *t); /* every array now belongs to numpy (or was freed on failure) */
  if (bad) Py_CLEAR(d);
  return d;
}

static int grid_and_simulate(vt_model *m, const vt_program *p, const vt_grid_options *go,
                             vt_trace *t, vt_error *err) {
  vt_grid g = {0};
  int rc = vt_grid_build(p, go, &g, err);
  if (!rc) rc = vt_simulate(m, &g, t, err);
  vt_grid_free(&g);
  return rc;
}

static PyObject *py_simulate(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *mo, *po, *opts;
  if (!PyArg_ParseTuple(args, "OOO", &mo, &po, &opts)) return NULL;
  const vt_program *p = vtpy_program_get(po, 0);
  vt_grid_options go = vt_grid_options_default();
  PyObject *keep = p ? PyList_New(0) : NULL;
  if (!keep || vtpy_grid_options(opts, &go, keep)) goto fail;
  vt_model *m = vtpy_model_acquire(mo);
  if (!m) goto fail;
  vt_trace t = {0};
  vt_error err;
  int rc;
  VTPY_LONG_CALL(mo, rc, err, rc = grid_and_simulate(m, p, &go, &t, &err));
  Py_DECREF(keep);
  if (rc) return NULL;
  return vtpy_trace_dict(&t);
fail:
  Py_XDECREF(keep);
  return NULL;
}

/* The library's own time for the benchmark: grid, simulation and free, timed in C. */
static PyObject *py_time_simulate(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *mo, *po, *opts;
  if (!PyArg_ParseTuple(args, "OOO", &mo, &po, &opts)) return NULL;
  const vt_program *p = vtpy_program_get(po, 0);
  vt_grid_options go = vt_grid_options_default();
  PyObject *keep = p ? PyList_New(0) : NULL;
  vt_model *m = keep && !vtpy_grid_options(opts, &go, keep) ? vtpy_model_acquire(mo) : NULL;
  if (!m) {
    Py_XDECREF(keep);
    return NULL;
  }
  struct timespec a, b;
  vt_trace t = {0};
  vt_error err;
  int rc;
  size_t n = 0;
  VTPY_LONG_CALL(mo, rc, err, {
    clock_gettime(CLOCK_MONOTONIC, &a);
    rc = grid_and_simulate(m, p, &go, &t, &err);
    clock_gettime(CLOCK_MONOTONIC, &b);
    n = t.n;
    vt_trace_free(&t);
  });
  Py_DECREF(keep);
  if (rc) return NULL;
  double s = (double)(b.tv_sec - a.tv_sec) + 1e-9 * (double)(b.tv_nsec - a.tv_nsec);
  return Py_BuildValue("dn", s, (Py_ssize_t)n);
}

/* ---- Virtual DSC -------------------------------------------------------------------------- */

static PyObject *scan_dict(const vt_dsc_scan *s) {
  PyObject *d = PyDict_New();
  if (!d || vtpy_set(d, "T_edge_K", vtpy_copy_doubles(s->T_edge_K, s->n + 1)) ||
      vtpy_set(d, "T_K", vtpy_copy_doubles(s->T_K, s->n)) ||
      vtpy_set(d, "time_s", vtpy_copy_doubles(s->time_s, s->n)) ||
      vtpy_set(d, "heat_flow_W_per_mol", vtpy_copy_doubles(s->heat_flow_W_per_mol, s->n)) ||
      vtpy_set_double(d, "heat_rate_K_per_s", s->heat_rate_K_per_s) ||
      vtpy_set_double(d, "Tf_start_K", s->Tf_start_K) ||
      vtpy_set_double(d, "Tf_end_K", s->Tf_end_K) ||
      vtpy_set_double(d, "H_conf_start_J_per_mol", s->H_conf_start_J_per_mol) ||
      vtpy_set_double(d, "H_conf_end_J_per_mol", s->H_conf_end_J_per_mol))
    Py_CLEAR(d);
  return d;
}

/* The peak, with `warning` when it does not measure the anneal at T_anneal_K
 * (vt_dsc_peak_check; None when it does). */
static PyObject *peak_dict(const vt_dsc_peak *p, double T_anneal_K) {
  char why[VT_ERROR_MESSAGE_SIZE];
  int bad = vt_dsc_peak_check(p, T_anneal_K, why, sizeof why) == 1;
  PyObject *d = PyDict_New();
  if (!d || vtpy_set(d, "T_K", vtpy_copy_doubles(p->T_K, p->n)) ||
      vtpy_set(d, "dheat_flow_W_per_mol", vtpy_copy_doubles(p->dheat_flow_W_per_mol, p->n)) ||
      vtpy_set_double(d, "dh_dsc_J_per_mol", p->dh_dsc_J_per_mol) ||
      vtpy_set_double(d, "dh_state_J_per_mol", p->dh_state_J_per_mol) ||
      vtpy_set_double(d, "end_mismatch_J_per_mol", p->end_mismatch_J_per_mol) ||
      vtpy_set(d, "metrics", p->metrics_ok ? vtpy_peak_dict(&p->metrics) : Py_NewRef(Py_None)) ||
      vtpy_set(d, "metrics_status", PyUnicode_FromString(vt_strerror(p->metrics_status))) ||
      vtpy_set(d, "warning", bad ? PyUnicode_FromString(why) : Py_NewRef(Py_None)))
    Py_CLEAR(d);
  return d;
}

typedef struct dsc_run {
  vt_dsc_scan annealed, reference;
  vt_dsc_peak peak;
} dsc_run;

static int dsc_compute(vt_model *m, const vt_program *anneal, const vt_dsc_options *o, dsc_run *r,
                       vt_error *err) {
  int rc = vt_dsc_scan_run(m, anneal, o, &r->annealed, err);
  if (!rc && anneal) rc = vt_dsc_scan_run(m, NULL, o, &r->reference, err);
  if (!rc && anneal) rc = vt_dsc_peak_compute(&r->annealed, &r->reference, &r->peak, err);
  return rc;
}

/* dsc(model, anneal or None, options): the annealed scan, the as-cooled reference and the peak
 * (None for the scan alone without an annealing program). */
static PyObject *py_dsc(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *mo, *po, *opts;
  if (!PyArg_ParseTuple(args, "OOO", &mo, &po, &opts)) return NULL;
  const vt_program *p = vtpy_program_get(po, 1);
  if (!p && PyErr_Occurred()) return NULL;
  vt_dsc_options o = vt_dsc_options_default();
  PyObject *keep = PyList_New(0), *res = NULL;
  vt_model *m = keep && !vtpy_dsc_options(opts, &o, keep) ? vtpy_model_acquire(mo) : NULL;
  if (m) {
    dsc_run r = {0};
    vt_error err;
    int rc;
    VTPY_LONG_CALL(mo, rc, err, rc = dsc_compute(m, p, &o, &r, &err));
    if (!rc)
      res = Py_BuildValue("NNN", scan_dict(&r.annealed),
                          p ? scan_dict(&r.reference) : Py_NewRef(Py_None),
                          p ? peak_dict(&r.peak, vt_dsc_anneal_T(p)) : Py_NewRef(Py_None));
    vt_dsc_scan_free(&r.annealed);
    vt_dsc_scan_free(&r.reference);
    vt_dsc_peak_free(&r.peak);
  }
  Py_XDECREF(keep);
  return res;
}

/* dsc_quench_enthalpy(model, T array, options) -> H_conf of the as-cooled glass at each T
 * (vt_dsc_quench_enthalpy: the quench from T_eq at R_c passing T) */
static PyObject *py_dsc_quench_enthalpy(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *mo, *To, *opts, *keep = PyList_New(0), *res = NULL;
  vt_dsc_options o = vt_dsc_options_default();
  if (!keep || !PyArg_ParseTuple(args, "OOO", &mo, &To, &opts) || vtpy_dsc_options(opts, &o, keep))
    return Py_XDECREF(keep), NULL;
  PyArrayObject *T = vtpy_doubles_in(To, "T_K");
  vt_model *m = T ? vtpy_model_acquire(mo) : NULL;
  if (m) {
    size_t n = (size_t)PyArray_SIZE(T);
    double *H = malloc((n + 1) * sizeof *H);
    vt_error err;
    int rc = VT_ENOMEM;
    if (H)
      VTPY_LONG_CALL(mo, rc, err, rc = vt_dsc_quench_enthalpy(m, &o, PyArray_DATA(T), n, H, &err));
    else
      vtpy_model_release(mo), PyErr_NoMemory();
    if (H && !rc) res = vtpy_own_doubles(H, n), H = NULL;
    free(H);
  }
  Py_XDECREF(T);
  Py_XDECREF(keep);
  return res;
}

/* ---- Kovacs -----------------------------------------------------------------------------------
 */

static PyObject *kovacs_dict(const vt_kovacs_curve *c) {
  PyObject *d = PyDict_New();
  if (!d || vtpy_set_double(d, "T1_K", c->T1_K) || vtpy_set_double(d, "t1_s", c->t1_s) ||
      vtpy_set_double(d, "T2_K", c->T2_K) ||
      vtpy_set(d, "t2_s", vtpy_copy_doubles(c->t2_s, c->n)) ||
      vtpy_set(d, "dh_J_per_mol", vtpy_copy_doubles(c->dh_J_per_mol, c->n)) ||
      vtpy_set(d, "dh_at_T2_J_per_mol", vtpy_copy_doubles(c->dh_at_T2_J_per_mol, c->n)) ||
      vtpy_set_double(d, "dh1_J_per_mol", c->dh1_J_per_mol) ||
      vtpy_set_double(d, "dh_peak_J_per_mol", c->dh_peak_J_per_mol) ||
      vtpy_set_double(d, "t_peak_s", c->t_peak_s))
    Py_CLEAR(d);
  return d;
}

static int no_memory(vt_error *err) {
  err->status = VT_ENOMEM;
  err->line = 0;
  snprintf(err->message, sizeof err->message, "out of memory");
  return VT_ENOMEM;
}

typedef struct kov_args {
  PyArrayObject *T1, *t1, *t2;
  double T2, jump;
  int threads;
} kov_args;

static PyObject *kovacs_list(vt_kovacs_curve *curves, size_t n) {
  PyObject *list = PyList_New((Py_ssize_t)n);
  for (size_t i = 0; list && i < n; i++) {
    PyObject *d = kovacs_dict(&curves[i]);
    if (!d)
      Py_CLEAR(list);
    else
      PyList_SET_ITEM(list, (Py_ssize_t)i, d);
  }
  for (size_t i = 0; i < n; i++) vt_kovacs_curve_free(&curves[i]);
  return list;
}

/* kovacs(model, options, T1_K[], t1_s[], T2_K, jump_rate_K_per_s, t2_s[], threads) ->
 * [curve dict] in T1-major order; jump rate NaN: the quench rate, t2 None: the default times
 * (vt_kovacs_sweep). */
static PyObject *py_kovacs(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *mo, *opts, *T1o, *t1o, *t2o, *keep = NULL, *res = NULL;
  kov_args k = {0};
  if (!PyArg_ParseTuple(args, "OOOOddOi", &mo, &opts, &T1o, &t1o, &k.T2, &k.jump, &t2o, &k.threads))
    return NULL;
  vt_dsc_options o = vt_dsc_options_default();
  k.T1 = vtpy_doubles_in(T1o, "T1");
  k.t1 = k.T1 ? vtpy_doubles_in(t1o, "t1") : NULL;
  k.t2 = k.t1 && t2o != Py_None ? vtpy_doubles_in(t2o, "t2") : NULL;
  keep = k.t1 && (k.t2 || t2o == Py_None) ? PyList_New(0) : NULL;
  vt_model *m = keep && !vtpy_dsc_options(opts, &o, keep) ? vtpy_model_acquire(mo) : NULL;
  if (m) {
    size_t nT1 = (size_t)PyArray_SIZE(k.T1), nt1 = (size_t)PyArray_SIZE(k.t1);
    vt_kovacs_curve *curves = calloc(nT1 * nt1 + 1, sizeof *curves);
    vt_error err;
    int rc;
    VTPY_LONG_CALL(mo, rc, err,
                   rc = curves
                            ? vt_kovacs_sweep(m, &o, PyArray_DATA(k.T1), nT1, PyArray_DATA(k.t1),
                                              nt1, k.T2, k.jump, k.t2 ? PyArray_DATA(k.t2) : NULL,
                                              k.t2 ? (size_t)PyArray_SIZE(k.t2) : 0, k.threads,
                                              curves, NULL, NULL, &err)
                            : no_memory(&err));
    if (!rc) res = kovacs_list(curves, nT1 * nt1);
    free(curves);
  }
  Py_XDECREF(k.T1);
  Py_XDECREF(k.t1);
  Py_XDECREF(k.t2);
  Py_XDECREF(keep);
  return res;
}

/* kovacs_default_t2() -> t2_s[]: paper 000 Fig. 2's second-step times (vt_kovacs_default_t2). */
static PyObject *py_kovacs_default_t2(PyObject *self, PyObject *args) {
  (void)self, (void)args;
  double *t2 = NULL;
  size_t n = 0;
  vt_error err;
  if (vt_kovacs_default_t2(&t2, &n, &err)) return vtpy_raise(&err), NULL;
  return vtpy_own_doubles(t2, n);
}

/* ---- Path matching ----------------------------------------------------------------------------
 */

/* pathmatch(model, options, T_s, T_a, phi, peaks) -> dict: the match (vt_path_match_run), with
 * peaks also the relaxation peaks of both paths (vt_path_match_peaks) as peak_cool, peak_iso. */
static PyObject *py_pathmatch(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *mo, *opts;
  double T_s, T_a, phi;
  int peaks;
  if (!PyArg_ParseTuple(args, "OOdddp", &mo, &opts, &T_s, &T_a, &phi, &peaks)) return NULL;
  vt_dsc_options o = vt_dsc_options_default();
  PyObject *keep = PyList_New(0), *r = NULL;
  vt_model *m = keep && !vtpy_dsc_options(opts, &o, keep) ? vtpy_model_acquire(mo) : NULL;
  Py_XDECREF(keep);
  if (!m) return NULL;
  vt_path_match pm;
  vt_dsc_peak pc = {0}, pi = {0};
  vt_error err;
  int rc;
  VTPY_LONG_CALL(mo, rc, err,
                 rc = peaks ? vt_path_match_peaks(m, &o, NULL, T_s, T_a, phi, &pm, &pc, &pi, &err)
                            : vt_path_match_run(m, &o, T_s, T_a, phi, &pm, &err));
  if (!rc)
    r = Py_BuildValue("{s:d,s:d,s:d,s:d,s:i}", "phi_K_per_s", pm.phi_K_per_s, "dh_path_J_per_mol",
                      pm.dh_cool_J_per_mol, "t_a_s", pm.t_a_s, "dh_iso_J_per_mol",
                      pm.dh_iso_J_per_mol, "evaluations", pm.evaluations);
  if (r && peaks &&
      (vtpy_set(r, "peak_cool", peak_dict(&pc, 0)) || vtpy_set(r, "peak_iso", peak_dict(&pi, 0))))
    Py_CLEAR(r);
  vt_dsc_peak_free(&pc);
  vt_dsc_peak_free(&pi);
  return r;
}

PyMethodDef vtpy_instrument_methods[] = {
    {"dsc_quench_enthalpy", py_dsc_quench_enthalpy, METH_VARARGS,
     "dsc_quench_enthalpy(model, T_K, options) -> H_conf_J_per_mol"},
    {"simulate", py_simulate, METH_VARARGS, "simulate(model, program, grid) -> {column: array}"},
    {"time_simulate", py_time_simulate, METH_VARARGS,
     "time_simulate(model, program, grid) -> (seconds in the library, nodes)"},
    {"dsc", py_dsc, METH_VARARGS, "dsc(model, anneal, options) -> (scan, reference, peak)"},
    {"kovacs", py_kovacs, METH_VARARGS,
     "kovacs(model, options, T1, t1, T2, jump_rate, t2, threads) -> [curve]"},
    {"kovacs_default_t2", py_kovacs_default_t2, METH_NOARGS,
     "kovacs_default_t2() -> t2_s: 0.01 s to 2000 s, 6 per decade"},
    {"pathmatch", py_pathmatch, METH_VARARGS,
     "pathmatch(model, options, T_s, T_a, phi, peaks) -> dict"},
    {NULL, NULL, 0, NULL}};
