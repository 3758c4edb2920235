/* Strain programs and the viscoelastic-viscoplastic model (visco.h, paper 001): the _Visco
 * handle, strain simulations and the two-step memory protocol. Strain programs cross as text
 * (parsed here per call: microseconds against a simulation), so no second handle type. */
#include "vtpy.h"

typedef struct vtpy_Visco {
  PyObject_HEAD vt_visco *visco;
  int busy;
} vtpy_Visco;

static void visco_dealloc(vtpy_Visco *self) {
  vt_visco_free(self->visco);
  Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *visco_wrap(vt_visco *v) {
  vtpy_Visco *o = v ? PyObject_New(vtpy_Visco, &vtpy_ViscoType) : NULL;
  if (!o) {
    vt_visco_free(v);
    return NULL;
  }
  o->visco = v;
  o->busy = 0;
  return (PyObject *)o;
}

vt_visco *vtpy_visco_acquire(PyObject *obj) {
  if (!PyObject_TypeCheck(obj, &vtpy_ViscoType)) {
    PyErr_SetString(PyExc_TypeError, "expected a vitrum viscoelastic model handle");
    return NULL;
  }
  vtpy_Visco *v = (vtpy_Visco *)obj;
  if (v->busy) {
    vtpy_raise_msg(VT_EINVAL, "the viscoelastic model is running in another thread: clone() it");
    return NULL;
  }
  v->busy = 1;
  return v->visco;
}

void vtpy_visco_release(PyObject *obj) {
  ((vtpy_Visco *)obj)->busy = 0;
}

static PyObject *visco_new(PyTypeObject *type, PyObject *args, PyObject *kw) {
  (void)type, (void)args, (void)kw;
  vt_error err;
  vt_visco *v = vt_visco_create(&err);
  return v ? visco_wrap(v) : vtpy_raise(&err);
}

static PyObject *visco_set_text(vtpy_Visco *self, PyObject *args) {
  const char *text;
  if (!PyArg_ParseTuple(args, "s", &text) || !vtpy_visco_acquire((PyObject *)self)) return NULL;
  vt_error err;
  int rc = vt_visco_set_text(self->visco, text, &err);
  vtpy_visco_release((PyObject *)self);
  if (rc) return vtpy_raise(&err);
  Py_RETURN_NONE;
}

static PyObject *visco_set(vtpy_Visco *self, PyObject *args) {
  const char *name;
  double v;
  if (!PyArg_ParseTuple(args, "sd", &name, &v) || !vtpy_visco_acquire((PyObject *)self))
    return NULL;
  vt_error err;
  int rc = vt_visco_set(self->visco, name, v, &err);
  vtpy_visco_release((PyObject *)self);
  if (rc) return vtpy_raise(&err);
  Py_RETURN_NONE;
}

static PyObject *visco_get(vtpy_Visco *self, PyObject *args) {
  const char *name;
  double v;
  vt_error err;
  if (!PyArg_ParseTuple(args, "s", &name)) return NULL;
  if (vt_visco_get(self->visco, name, &v, &err)) return vtpy_raise(&err);
  return PyFloat_FromDouble(v);
}

static PyObject *visco_numerics(vtpy_Visco *self, PyObject *noargs) {
  (void)noargs;
  if (!vtpy_visco_acquire((PyObject *)self)) return NULL;
  char buf[512];
  vt_error err;
  int rc = vt_visco_numerics(self->visco, buf, sizeof buf, &err);
  vtpy_visco_release((PyObject *)self);
  return rc ? vtpy_raise(&err) : PyUnicode_FromString(buf);
}

static PyObject *visco_clone(vtpy_Visco *self, PyObject *noargs) {
  (void)noargs;
  vt_error err;
  vt_visco *c = vt_visco_clone(self->visco, &err);
  return c ? visco_wrap(c) : vtpy_raise(&err);
}

static int xy(PyObject *a, PyObject *b, PyArrayObject **x, PyArrayObject **y);

/* Stepping by hand (visco.h): step(kind, dt, end) with kind 0 reset (end = T), 1 strain, 2
 * stress; observe() -> (time_s, T_K, strain, strain_vp, stress_Pa); modulus(t, T) -> G(t) at T
 * (Pa); shift(T) -> a_T. */
static PyObject *visco_step(vtpy_Visco *self, PyObject *args) {
  int kind;
  double dt, end;
  if (!PyArg_ParseTuple(args, "idd", &kind, &dt, &end) || !vtpy_visco_acquire((PyObject *)self))
    return NULL;
  vt_error err;
  int rc = kind == 0   ? vt_visco_reset(self->visco, end, &err)
           : kind == 1 ? vt_visco_strain_step(self->visco, dt, end, &err)
                       : vt_visco_stress_step(self->visco, dt, end, &err);
  vtpy_visco_release((PyObject *)self);
  if (rc) return vtpy_raise(&err);
  Py_RETURN_NONE;
}

static PyObject *visco_observe(vtpy_Visco *self, PyObject *noargs) {
  (void)noargs;
  vt_visco_state s;
  vt_visco_observe(self->visco, &s);
  return Py_BuildValue("ddddd", s.time_s, s.T_K, s.strain, s.strain_vp, s.stress_Pa);
}

static PyObject *visco_modulus(vtpy_Visco *self, PyObject *args) {
  double t, T, G;
  if (!PyArg_ParseTuple(args, "dd", &t, &T) || !vtpy_visco_acquire((PyObject *)self)) return NULL;
  vt_error err;
  int rc = vt_visco_modulus(self->visco, t, T, &G, &err);
  vtpy_visco_release((PyObject *)self);
  return rc ? vtpy_raise(&err) : PyFloat_FromDouble(G);
}

static PyObject *visco_shift(vtpy_Visco *self, PyObject *args) {
  double T;
  if (!PyArg_ParseTuple(args, "d", &T)) return NULL;
  return PyFloat_FromDouble(vt_visco_shift(self->visco, T));
}

/* set_table(path) reads a Prony table file (vt_visco_read_table); set_table(weights, taus)
 * uses the arrays (vt_visco_set_table; empty arrays: back to the KWW functions). */
static PyObject *visco_set_table(vtpy_Visco *self, PyObject *args) {
  PyObject *a, *b = NULL;
  if (!PyArg_ParseTuple(args, "O|O", &a, &b)) return NULL;
  PyArrayObject *w = NULL, *tau = NULL;
  PyObject *path = NULL;
  if (b ? xy(a, b, &w, &tau) : !PyUnicode_FSConverter(a, &path)) {
    Py_XDECREF(w);
    Py_XDECREF(tau);
    return NULL;
  }
  vt_error err;
  int rc = -1; /* busy: the exception is set */
  if (vtpy_visco_acquire((PyObject *)self)) {
    rc = b ? vt_visco_set_table(self->visco, PyArray_DATA(w), PyArray_DATA(tau),
                                (size_t)PyArray_SIZE(w), &err)
           : vt_visco_read_table(self->visco, PyBytes_AS_STRING(path), &err);
    vtpy_visco_release((PyObject *)self);
    if (rc) vtpy_raise(&err);
  }
  Py_XDECREF(w);
  Py_XDECREF(tau);
  Py_XDECREF(path);
  if (rc) return NULL;
  Py_RETURN_NONE;
}

/* prony_tol() -> the tolerance; prony_tol(tol) sets it (vt_visco_set_prony_tol). */
static PyObject *visco_prony_tol(vtpy_Visco *self, PyObject *args) {
  double tol = NAN;
  if (!PyArg_ParseTuple(args, "|d", &tol)) return NULL;
  if (!isnan(tol)) {
    if (!vtpy_visco_acquire((PyObject *)self)) return NULL;
    vt_error err;
    int rc = vt_visco_set_prony_tol(self->visco, tol, &err);
    vtpy_visco_release((PyObject *)self);
    if (rc) return vtpy_raise(&err);
  }
  return PyFloat_FromDouble(vt_visco_prony_tol(self->visco));
}

static PyMethodDef visco_type_methods[] = {
    {"set_table", (PyCFunction)visco_set_table, METH_VARARGS,
     "set_table(path) or set_table(weights, taus_s)"},
    {"prony_tol", (PyCFunction)visco_prony_tol, METH_VARARGS, "prony_tol([tol]) -> tol"},
    {"step", (PyCFunction)visco_step, METH_VARARGS, "step(0 reset / 1 strain / 2 stress, dt, end)"},
    {"observe", (PyCFunction)visco_observe, METH_NOARGS,
     "(time_s, T_K, strain, strain_vp, stress_Pa)"},
    {"modulus", (PyCFunction)visco_modulus, METH_VARARGS, "modulus(t_s, T_K) -> G_Pa"},
    {"shift", (PyCFunction)visco_shift, METH_VARARGS, "shift(T_K) -> a_T"},
    {"set_text", (PyCFunction)visco_set_text, METH_VARARGS, "set_text('G0=80 GPa')"},
    {"set", (PyCFunction)visco_set, METH_VARARGS, "set(name, value_si)"},
    {"get", (PyCFunction)visco_get, METH_VARARGS, "get(name) -> value_si"},
    {"numerics", (PyCFunction)visco_numerics, METH_NOARGS, "one line on the numerics"},
    {"clone", (PyCFunction)visco_clone, METH_NOARGS, "an independent copy"},
    {NULL, NULL, 0, NULL}};

PyTypeObject vtpy_ViscoType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "vitrum._vitrum._Visco",
    .tp_basicsize = sizeof(vtpy_Visco),
    .tp_dealloc = (destructor)visco_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A vt_visco handle (use vitrum.Visco)",
    .tp_methods = visco_type_methods,
    .tp_new = visco_new,
};

/* Parameter rows (name, unit, description, default, lower, upper, display factor of 1 SI). */
static PyObject *py_visco_params(PyObject *self, PyObject *noargs) {
  (void)self, (void)noargs;
  size_t n;
  const vt_param_info *p = vt_visco_params(&n);
  PyObject *list = PyList_New((Py_ssize_t)n);
  for (size_t i = 0; list && i < n; i++) {
    PyObject *t = Py_BuildValue("sssdddd", p[i].name, p[i].unit ? p[i].unit : "",
                                p[i].description ? p[i].description : "", p[i].default_si,
                                p[i].lower_si, p[i].upper_si, vt_visco_param_display(&p[i], 1.0));
    if (!t)
      Py_CLEAR(list);
    else
      PyList_SET_ITEM(list, (Py_ssize_t)i, t);
  }
  return list;
}

/* (T_K, start strain, [(kind, target, rate_per_s, duration_s, line)]) of a program's text. */
static PyObject *py_strain_program_parse(PyObject *self, PyObject *args) {
  (void)self;
  const char *text, *src;
  if (!PyArg_ParseTuple(args, "ss", &text, &src)) return NULL;
  vt_error err;
  vt_strain_program *p = vt_strain_program_parse(text, src, &err);
  if (!p) return vtpy_raise(&err);
  static const char *kinds[] = {"ramp", "hold", "jump", "recover"};
  size_t n = vt_strain_program_segment_count(p);
  PyObject *segs = PyList_New((Py_ssize_t)n);
  for (size_t i = 0; segs && i < n; i++) {
    const vt_strain_segment *s = vt_strain_program_segment(p, i);
    PyList_SET_ITEM(
        segs, (Py_ssize_t)i,
        Py_BuildValue("sdddl", kinds[s->kind], s->target, s->rate_per_s, s->duration_s, s->line));
  }
  PyObject *r = segs ? Py_BuildValue("ddNd", vt_strain_program_T_K(p), vt_strain_program_start(p),
                                     segs, vt_strain_program_duration_s(p))
                     : NULL;
  vt_strain_program_free(p);
  return r;
}

/* The protocol's and the grid's keywords by the library's rows (t2, rate; ramp_step, ppd,
 * t_first): strings with units or SI numbers. `two` NULL: the grid alone. */
int vtpy_two_step_options(PyObject *d, vt_two_step *two, vt_strain_grid_options *g) {
  size_t n, ng;
  const vt_option *rows = vt_two_step_option_table(&n), *grid = vt_strain_grid_option_table(&ng);
  return (two && vtpy_set_options(d, rows, n, two)) || vtpy_set_options(d, grid, ng, g) ? -1 : 0;
}

static PyObject *strain_trace_dict(vt_strain_trace *t) {
  size_t n = t->n;
  PyObject *d = Py_BuildValue(
      "{s:N,s:N,s:N,s:N,s:N,s:N,s:d}", "time_s", vtpy_own_doubles(t->time_s, n), "strain",
      vtpy_own_doubles(t->strain, n), "strain_vp", vtpy_own_doubles(t->strain_vp, n), "stress_Pa",
      vtpy_own_doubles(t->stress_Pa, n), "segment", vtpy_own_typed(t->segment, n, NPY_INT),
      "t_seg_s", vtpy_own_doubles(t->t_seg_s, n), "T_K", t->T_K);
  memset(t, 0, sizeof *t); /* the arrays belong to numpy now */
  return d;
}

/* strain_simulate(visco, text, source, grid) -> columns */
static PyObject *py_strain_simulate(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *vo, *grid;
  const char *text, *src;
  vt_strain_grid_options g = vt_strain_grid_options_default();
  if (!PyArg_ParseTuple(args, "OssO", &vo, &text, &src, &grid) ||
      vtpy_two_step_options(grid, NULL, &g))
    return NULL;
  vt_error err;
  vt_strain_program *p = vt_strain_program_parse(text, src, &err);
  if (!p) return vtpy_raise(&err);
  vt_visco *v = vtpy_visco_acquire(vo);
  PyObject *r = NULL;
  if (v) {
    vt_strain_trace t = {0};
    vtpy_call call;
    int rc;
    vtpy_call_begin(&call);
    Py_BEGIN_ALLOW_THREADS rc = vt_strain_simulate(v, p, &g, &t, &err);
    Py_END_ALLOW_THREADS vtpy_visco_release(vo);
    if (!vtpy_call_end(&call, rc, &err)) r = strain_trace_dict(&t);
    vt_strain_trace_free(&t);
  }
  vt_strain_program_free(p);
  return r;
}

/* strain_two_step(visco, spec) -> memory curve */
static PyObject *py_strain_two_step(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *vo, *d;
  vt_two_step s = vt_two_step_default();
  if (!PyArg_ParseTuple(args, "OO!", &vo, &PyDict_Type, &d) ||
      vtpy_opt_double(d, "eps1", &s.eps1) || vtpy_opt_double(d, "eps2", &s.eps2) ||
      vtpy_opt_double(d, "t_w_s", &s.t_w_s) || vtpy_opt_double(d, "T_K", &s.T_K) ||
      vtpy_two_step_options(d, &s, &s.grid))
    return NULL;
  vt_visco *v = vtpy_visco_acquire(vo);
  if (!v) return NULL;
  vt_memory_curve c = {0};
  vt_error err;
  vtpy_call call;
  int rc;
  vtpy_call_begin(&call);
  Py_BEGIN_ALLOW_THREADS rc = vt_strain_two_step_run(v, &s, &c, &err);
  Py_END_ALLOW_THREADS vtpy_visco_release(vo);
  PyObject *r = NULL;
  if (!vtpy_call_end(&call, rc, &err))
    r = Py_BuildValue(
        "{s:d,s:d,s:d,s:d,s:d,s:N,s:N,s:O,s:d,s:d,s:d,s:d}", "eps1", c.spec.eps1, "eps2",
        c.spec.eps2, "t_w_s", c.spec.t_w_s, "T_K", c.spec.T_K, "sigma_w_Pa", c.sigma_w_Pa, "t2_s",
        vtpy_copy_doubles(c.t2_s, c.n), "stress_Pa", vtpy_copy_doubles(c.stress_Pa, c.n), "found",
        c.peak.found ? Py_True : Py_False, "sigma0_Pa", c.peak.sigma0_Pa, "sigma_peak_Pa",
        c.peak.sigma_peak_Pa, "dsigma_Pa", c.peak.dsigma_Pa, "t_p_s", c.peak.t_p_s);
  vt_memory_curve_free(&c);
  return r;
}

PyMethodDef vtpy_strain_methods[] = {
    {"visco_params", py_visco_params, METH_NOARGS,
     "[(name, unit, description, default, lo, hi, "
     "display factor)]"},
    {"strain_program_parse", py_strain_program_parse, METH_VARARGS,
     "strain_program_parse(text, source) -> (T_K, start, segments)"},
    {"strain_simulate", py_strain_simulate, METH_VARARGS,
     "strain_simulate(visco, text, source, grid) -> columns"},
    {"strain_two_step", py_strain_two_step, METH_VARARGS, "strain_two_step(visco, spec) -> dict"},
    {NULL, NULL, 0, NULL}};

/* ---- Paper 001 analyses: recovery, Arrhenius, t_p - tau_rec; DMA exports ------------------- */

static int xy(PyObject *a, PyObject *b, PyArrayObject **x, PyArrayObject **y) {
  *x = vtpy_doubles_in(a, "x");
  *y = *x ? vtpy_doubles_in(b, "y") : NULL;
  if (!*y) return -1;
  if (PyArray_SIZE(*x) == PyArray_SIZE(*y)) return 0;
  vtpy_raise_msg(VT_EINVAL, "the two arrays differ in length");
  return -1;
}

static PyObject *recovery_dict(const vt_recovery_fit *f) {
  return Py_BuildValue("{s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:n}", "tau_rec_s",
                       f->tau_rec_s, "se_tau_rec_s", f->se_tau_rec_s, "beta_rec", f->beta_rec,
                       "se_beta_rec", f->se_beta_rec, "eps0", f->eps0, "se_eps0", f->se_eps0,
                       "eps_inf", f->eps_inf, "se_eps_inf", f->se_eps_inf, "fraction", f->fraction,
                       "se_fraction", f->se_fraction, "rms_residual", f->rms_residual, "r2", f->r2,
                       "n", (Py_ssize_t)f->n);
}

static PyObject *peak_dict(const vt_memory_peak *m) {
  return Py_BuildValue("{s:O,s:d,s:d,s:d,s:d}", "found", m->found ? Py_True : Py_False, "sigma0_Pa",
                       m->sigma0_Pa, "sigma_peak_Pa", m->sigma_peak_Pa, "dsigma_Pa", m->dsigma_Pa,
                       "t_p_s", m->t_p_s);
}

static PyObject *series_dict(const vt_relax_series *s) {
  return Py_BuildValue("{s:s,s:N,s:N,s:N,s:d,s:d,s:d,s:d,s:l}", "column",
                       vt_dma_column_name(s->column), "t_s", vtpy_copy_doubles(s->t_s, s->n),
                       "value", vtpy_copy_doubles(s->value, s->n), "y",
                       vtpy_copy_doubles(s->y, s->n), "t_start_s", s->t_start_s, "value0",
                       s->value0, "before", s->before, "T_K", s->T_K, "first_line", s->first_line);
}

/* recovery_fit(t, strain, eps1) -> dict */
static PyObject *py_recovery_fit(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *a, *b, *r = NULL;
  double eps1;
  PyArrayObject *x = NULL, *y = NULL;
  if (PyArg_ParseTuple(args, "OOd", &a, &b, &eps1) && !xy(a, b, &x, &y)) {
    vt_recovery_fit f;
    vt_error err;
    if (vt_recovery_fit_run(PyArray_DATA(x), PyArray_DATA(y), (size_t)PyArray_SIZE(x), eps1, &f,
                            &err))
      vtpy_raise(&err);
    else
      r = recovery_dict(&f);
  }
  Py_XDECREF(x);
  Py_XDECREF(y);
  return r;
}

static PyObject *arrhenius_dict(const vt_arrhenius_fit *f) {
  return Py_BuildValue("{s:d,s:d,s:d,s:d,s:d,s:n}", "Ea_J_per_mol", f->Ea_J_per_mol,
                       "se_Ea_J_per_mol", f->se_Ea_J_per_mol, "ln_tau0_s", f->ln_tau0_s,
                       "se_ln_tau0", f->se_ln_tau0, "r2", f->r2, "n", (Py_ssize_t)f->n);
}

/* arrhenius_fit(T, tau) and tp_tau_fit(tau_rec, t_p) -> dict */
static PyObject *py_arrhenius_fit(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *a, *b, *r = NULL;
  PyArrayObject *x = NULL, *y = NULL;
  if (PyArg_ParseTuple(args, "OO", &a, &b) && !xy(a, b, &x, &y)) {
    vt_arrhenius_fit f;
    vt_error err;
    if (vt_arrhenius_tau_fit(PyArray_DATA(x), PyArray_DATA(y), (size_t)PyArray_SIZE(x), &f, &err))
      vtpy_raise(&err);
    else
      r = arrhenius_dict(&f);
  }
  Py_XDECREF(x);
  Py_XDECREF(y);
  return r;
}

static PyObject *py_tp_tau_fit(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *a, *b, *r = NULL;
  PyArrayObject *x = NULL, *y = NULL;
  if (PyArg_ParseTuple(args, "OO", &a, &b) && !xy(a, b, &x, &y)) {
    vt_tp_tau_fit f;
    vt_error err;
    if (vt_tp_tau_regression(PyArray_DATA(x), PyArray_DATA(y), (size_t)PyArray_SIZE(x), &f, &err))
      vtpy_raise(&err);
    else
      r = Py_BuildValue("{s:d,s:d,s:d,s:d,s:d,s:n}", "intercept_s", f.intercept_s, "se_intercept_s",
                        f.se_intercept_s, "slope", f.slope, "se_slope", f.se_slope, "r2", f.r2, "n",
                        (Py_ssize_t)f.n);
  }
  Py_XDECREF(x);
  Py_XDECREF(y);
  return r;
}

static PyObject *column_or_none(const double *v, size_t n) {
  return v ? vtpy_copy_doubles(v, n) : Py_NewRef(Py_None);
}

static PyObject *py_read_dma(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *path;
  if (!PyArg_ParseTuple(args, "O&", PyUnicode_FSConverter, &path)) return NULL;
  vt_dma_curve c = {0};
  vt_error err;
  int rc = vt_read_dma_csv(PyBytes_AS_STRING(path), &c, &err);
  Py_DECREF(path);
  if (rc) return vtpy_raise(&err);
  PyObject *r = Py_BuildValue("{s:N,s:N,s:N,s:N,s:N,s:l}", "time_s", column_or_none(c.time_s, c.n),
                              "strain", column_or_none(c.strain, c.n), "stress_Pa",
                              column_or_none(c.stress_Pa, c.n), "T_K", column_or_none(c.T_K, c.n),
                              "y", column_or_none(c.y, c.n), "first_line", c.first_line);
  vt_dma_curve_free(&c);
  return r;
}

/* ---- Ea(t_w) of paper 001 Fig. 4: KWW fits of relaxation curves, then Arrhenius ---------- */

/* [(t_s, y, T_K), ...] as vt_relax_curves over arrays kept in `keep`; NULL with an exception. */
static vt_relax_curve *relax_curves(PyObject *list, PyObject *keep, size_t *n) {
  Py_ssize_t k = PyList_Size(list);
  if (k < 0) return NULL;
  vt_relax_curve *c = calloc((size_t)k + 1, sizeof *c);
  if (!c) return (vt_relax_curve *)PyErr_NoMemory();
  for (Py_ssize_t i = 0; i < k; i++) {
    PyObject *a, *b;
    PyArrayObject *x = NULL, *y = NULL;
    if (!PyArg_ParseTuple(PyList_GET_ITEM(list, i), "OOd", &a, &b, &c[i].T_K) || xy(a, b, &x, &y) ||
        PyList_Append(keep, (PyObject *)x) || PyList_Append(keep, (PyObject *)y)) {
      Py_XDECREF(x);
      Py_XDECREF(y);
      return free(c), NULL;
    }
    c[i] = (vt_relax_curve){PyArray_DATA(x), PyArray_DATA(y), (size_t)PyArray_SIZE(x), c[i].T_K};
    Py_DECREF(x);
    Py_DECREF(y);
  }
  *n = (size_t)k;
  return c;
}

/* arrhenius_kww(curves, t_window, window_only, kind, free_y0, free_y_inf, y0, y_inf, max_iter)
 * -> (arrhenius, [kww fit] or tau array): vt_arrhenius_kww keeps each fit, vt_arrhenius_window
 * (window_only) the taus alone. */
static PyObject *py_arrhenius_kww(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *list, *keep = PyList_New(0), *r = NULL;
  double t_window;
  int window_only, kind;
  vt_kww_options o = vt_kww_options_default();
  size_t n = 0;
  vt_relax_curve *c = NULL;
  if (keep &&
      PyArg_ParseTuple(args, "O!dpiiiddi", &PyList_Type, &list, &t_window, &window_only, &kind,
                       &o.free_y0, &o.free_y_inf, &o.y0, &o.y_inf, &o.max_iterations) &&
      (c = relax_curves(list, keep, &n))) {
    o.kind = kind == 2 ? VT_KWW_DOUBLE : VT_KWW_SINGLE;
    vt_kww_fit *fits = calloc(n + 1, sizeof *fits);
    double *tau = calloc(n + 1, sizeof *tau);
    vt_arrhenius_fit a;
    vt_error err;
    int rc = 0;
    PyObject *per = NULL;
    if (!fits || !tau) {
      PyErr_NoMemory();
    } else {
      Py_BEGIN_ALLOW_THREADS rc = window_only
                                      ? vt_arrhenius_window(c, n, t_window, &o, tau, &a, &err)
                                      : vt_arrhenius_kww(c, n, t_window, &o, fits, &a, &err);
      Py_END_ALLOW_THREADS if (rc) vtpy_raise(&err);
      else if (window_only) per = vtpy_own_doubles(tau, n), tau = NULL;
      else if ((per = PyList_New((Py_ssize_t)n)) != NULL) for (size_t i = 0; i < n; i++)
          PyList_SET_ITEM(per, (Py_ssize_t)i, vtpy_kww_dict(&fits[i]));
    }
    if (per) r = Py_BuildValue("NN", arrhenius_dict(&a), per);
    free(fits);
    free(tau);
  }
  free(c);
  Py_XDECREF(keep);
  return r;
}

/* read_columns(kind, path) -> tuple of arrays of a small table file: kind 0 a spectrum
 * (vt_read_spectrum_table: E_J_per_mol, tau0_s or None, weight), 1 t_p against tau_rec
 * (vt_read_tp_tau_table: tau_rec_s, t_p_s), 2 Prony terms (vt_read_prony_table: tau_s,
 * weight). The malloc'd arrays move into numpy. */
static PyObject *py_read_columns(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *path;
  int kind;
  if (!PyArg_ParseTuple(args, "iO&", &kind, PyUnicode_FSConverter, &path)) return NULL;
  const char *p = PyBytes_AS_STRING(path);
  double *a = NULL, *b = NULL, *c = NULL;
  size_t n = 0;
  vt_error err;
  int rc = kind == 0   ? vt_read_spectrum_table(p, &a, &c, &b, &n, &err)
           : kind == 1 ? vt_read_tp_tau_table(p, &a, &b, &n, &err)
                       : vt_read_prony_table(p, &a, &b, &n, &err);
  Py_DECREF(path);
  if (rc) return vtpy_raise(&err);
  PyObject *x = vtpy_own_doubles(a, n), *y = vtpy_own_doubles(b, n);
  if (kind != 0) return x && y ? Py_BuildValue("NN", x, y) : (Py_XDECREF(x), Py_XDECREF(y), NULL);
  PyObject *z = c ? vtpy_own_doubles(c, n) : Py_NewRef(Py_None);
  if (x && y && z) return Py_BuildValue("NNN", x, z, y);
  Py_XDECREF(x);
  Py_XDECREF(y);
  Py_XDECREF(z);
  return NULL;
}

/* memory_peak(t, stress) -> dict (vt_memory_peak_find: the stress overshoot of a second step) */
static PyObject *py_memory_peak(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *a, *b, *r = NULL;
  PyArrayObject *x = NULL, *y = NULL;
  if (PyArg_ParseTuple(args, "OO", &a, &b) && !xy(a, b, &x, &y)) {
    vt_memory_peak m;
    vt_error err;
    if (vt_memory_peak_find(PyArray_DATA(x), PyArray_DATA(y), (size_t)PyArray_SIZE(x), &m, &err))
      vtpy_raise(&err);
    else
      r = peak_dict(&m);
  }
  Py_XDECREF(x);
  Py_XDECREF(y);
  return r;
}

/* A fitted KWW or recovery curve from its result dict, evaluated at t (and chi2 against y):
 * kww_eval(fit, t) -> array, kww_chi2(fit, t, y), recovery_eval(fit, t) -> array. */
static int kww_from(PyObject *d, vt_kww_fit *f) {
  int kind = 1;
  memset(f, 0, sizeof *f);
  if (vtpy_opt_int(d, "kind", &kind) || vtpy_opt_double(d, "tau1_s", &f->tau1_s) ||
      vtpy_opt_double(d, "beta1", &f->beta1) || vtpy_opt_double(d, "A", &f->A) ||
      vtpy_opt_double(d, "tau2_s", &f->tau2_s) || vtpy_opt_double(d, "beta2", &f->beta2) ||
      vtpy_opt_double(d, "y0", &f->y0) || vtpy_opt_double(d, "y_inf", &f->y_inf))
    return -1;
  f->kind = (vt_kww_kind)kind;
  return 0;
}

static PyObject *py_curve_eval(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *d, *ta, *ya = NULL;
  int recovery;
  if (!PyArg_ParseTuple(args, "pO!O|O", &recovery, &PyDict_Type, &d, &ta, &ya)) return NULL;
  vt_kww_fit k;
  vt_recovery_fit rf = {0};
  if (recovery
          ? vtpy_opt_double(d, "tau_rec_s", &rf.tau_rec_s) ||
                vtpy_opt_double(d, "beta_rec", &rf.beta_rec) ||
                vtpy_opt_double(d, "eps0", &rf.eps0) || vtpy_opt_double(d, "eps_inf", &rf.eps_inf)
          : kww_from(d, &k))
    return NULL;
  PyArrayObject *t = NULL, *y = NULL;
  PyObject *r = NULL;
  if (ya ? xy(ta, ya, &t, &y) : !(t = vtpy_doubles_in(ta, "t"))) {
    Py_XDECREF(t);
    Py_XDECREF(y);
    return NULL;
  }
  size_t n = (size_t)PyArray_SIZE(t);
  const double *tv = PyArray_DATA(t);
  if (ya) {
    r = PyFloat_FromDouble(vt_kww_chi2(&k, tv, PyArray_DATA(y), n));
  } else {
    double *out = malloc((n ? n : 1) * sizeof *out);
    for (size_t i = 0; out && i < n; i++)
      out[i] = recovery ? vt_recovery_fit_eval(&rf, tv[i]) : vt_kww_eval(&k, tv[i]);
    r = out ? vtpy_own_doubles(out, n) : PyErr_NoMemory();
  }
  Py_XDECREF(t);
  Py_XDECREF(y);
  return r;
}

/* read_relax_series(path, column, from_s, to_s, normalise) -> dict (vt_read_relax_series) */
static PyObject *py_read_relax_series(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *path;
  vt_relax_series_options o = vt_relax_series_options_default();
  int column;
  if (!PyArg_ParseTuple(args, "O&iddp", PyUnicode_FSConverter, &path, &column, &o.from_s, &o.to_s,
                        &o.normalise))
    return NULL;
  o.column = (vt_dma_column)column;
  vt_relax_series s = {0};
  vt_error err;
  int rc = vt_read_relax_series(PyBytes_AS_STRING(path), &o, &s, &err);
  Py_DECREF(path);
  if (rc) return vtpy_raise(&err);
  PyObject *r = series_dict(&s);
  vt_relax_series_free(&s);
  return r;
}

/* The fit options by the library's rows (vt_relax_fit_option_table: column, from, to, double,
 * offset, raw, recovery, eps1). */
static int relax_fit_options(PyObject *d, vt_relax_fit_options *o) {
  size_t n;
  const vt_option *rows = vt_relax_fit_option_table(&n);
  *o = vt_relax_fit_options_default();
  return vtpy_set_options(d, rows, n, o);
}

/* relax_fit(path, options) -> {series, fit, peak (relaxation) or None, eps1} (vt_relax_fit_file) */
static PyObject *py_relax_fit(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *path, *d;
  vt_relax_fit_options o;
  if (!PyArg_ParseTuple(args, "O&O!", PyUnicode_FSConverter, &path, &PyDict_Type, &d)) return NULL;
  if (relax_fit_options(d, &o)) return Py_DECREF(path), NULL;
  vt_relax_fit_result r;
  vt_error err;
  vtpy_call call;
  int rc;
  vtpy_call_begin(&call);
  Py_BEGIN_ALLOW_THREADS rc = vt_relax_fit_file(PyBytes_AS_STRING(path), &o, &r, &err);
  Py_END_ALLOW_THREADS Py_DECREF(path);
  if (vtpy_call_end(&call, rc, &err)) return NULL;
  PyObject *out =
      Py_BuildValue("{s:N,s:N,s:N,s:d}", "series", series_dict(&r.series), "fit",
                    o.recovery ? recovery_dict(&r.rec) : vtpy_kww_dict(&r.kww), "peak",
                    o.recovery ? Py_NewRef(Py_None) : peak_dict(&r.peak), "eps1", r.eps1);
  vt_relax_fit_result_free(&r);
  return out;
}

/* relax_curves(paths, T array or None, options) -> [series] with T_K the curve's temperature
 * (vt_relax_curves_read) */
static PyObject *py_relax_curves(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *paths, *to, *d, *out = NULL;
  vt_relax_fit_options o;
  if (!PyArg_ParseTuple(args, "O!OO!", &PyList_Type, &paths, &to, &PyDict_Type, &d) ||
      relax_fit_options(d, &o))
    return NULL;
  size_t n = (size_t)PyList_GET_SIZE(paths);
  PyArrayObject *T = to == Py_None ? NULL : vtpy_doubles_in(to, "T");
  const char **p = calloc(n + 1, sizeof *p);
  vt_relax_series *s = calloc(n + 1, sizeof *s);
  vt_relax_curve *c = calloc(n + 1, sizeof *c);
  if ((to != Py_None && !T) || !p || !s || !c) goto done;
  if (T && (size_t)PyArray_SIZE(T) != n) {
    vtpy_raise_msg(VT_EINVAL, "%zu temperatures for %zu files", (size_t)PyArray_SIZE(T), n);
    goto done;
  }
  for (size_t k = 0; k < n; k++)
    if (!(p[k] = PyUnicode_AsUTF8(PyList_GET_ITEM(paths, (Py_ssize_t)k)))) goto done;
  vt_error err;
  if (vt_relax_curves_read(p, n, T ? PyArray_DATA(T) : NULL, &o, s, c, &err)) {
    vtpy_raise(&err);
    goto done;
  }
  out = PyList_New((Py_ssize_t)n);
  for (size_t k = 0; out && k < n; k++) {
    s[k].T_K = c[k].T_K;
    PyObject *e = series_dict(&s[k]);
    if (!e)
      Py_CLEAR(out);
    else
      PyList_SET_ITEM(out, (Py_ssize_t)k, e);
  }
  for (size_t k = 0; k < n; k++) vt_relax_series_free(&s[k]);
done:
  if (!PyErr_Occurred() && !out) PyErr_NoMemory();
  free(p), free(s), free(c);
  Py_XDECREF(T);
  return out;
}

PyMethodDef vtpy_strain_analysis_methods[] = {
    {"arrhenius_kww", py_arrhenius_kww, METH_VARARGS,
     "arrhenius_kww(curves, t_window, window_only, kind, free_y0, free_y_inf, y0, y_inf, "
     "max_iter) -> (arrhenius, fits or taus)"},
    {"memory_peak", py_memory_peak, METH_VARARGS, "memory_peak(t, stress) -> dict"},
    {"read_columns", py_read_columns, METH_VARARGS,
     "read_columns(kind 0 spectrum / 1 tp_tau / 2 prony, path) -> arrays"},
    {"curve_eval", py_curve_eval, METH_VARARGS,
     "curve_eval(recovery, fit, t[, y]) -> fitted curve at t (or the KWW chi2 against y)"},
    {"relax_fit", py_relax_fit, METH_VARARGS,
     "relax_fit(path, options) -> {series, fit, peak, eps1} (vitrum kww FILE)"},
    {"relax_curves", py_relax_curves, METH_VARARGS,
     "relax_curves(paths, T or None, options) -> [series] (vitrum kww --arrhenius)"},
    {"read_relax_series", py_read_relax_series, METH_VARARGS,
     "read_relax_series(path, column, from_s, to_s, normalise) -> dict"},
    {"recovery_fit", py_recovery_fit, METH_VARARGS, "recovery_fit(t, strain, eps1) -> dict"},
    {"arrhenius_fit", py_arrhenius_fit, METH_VARARGS, "arrhenius_fit(T, tau) -> dict"},
    {"tp_tau_fit", py_tp_tau_fit, METH_VARARGS, "tp_tau_fit(tau_rec, t_p) -> dict"},
    {"read_dma", py_read_dma, METH_VARARGS, "read_dma(path) -> columns (None when absent)"},
    {NULL, NULL, 0, NULL}};
