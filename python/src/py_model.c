/* Relaxation models (model.h): the _Model handle, its parameters and options. A model runs with
 * the GIL released, so a call marks it busy and others are refused until it returns. */
#include "vtpy.h"

static void model_dealloc(vtpy_Model *self) {
  vt_model_free(self->model);
  Py_TYPE(self)->tp_free((PyObject *)self);
}

PyObject *vtpy_model_wrap(vt_model *model) {
  vtpy_Model *m = PyObject_New(vtpy_Model, &vtpy_ModelType);
  if (!m) {
    vt_model_free(model);
    return NULL;
  }
  m->model = model;
  m->busy = 0;
  return (PyObject *)m;
}

vt_model *vtpy_model_acquire(PyObject *obj) {
  if (!PyObject_TypeCheck(obj, &vtpy_ModelType)) {
    PyErr_SetString(PyExc_TypeError, "expected a vitrum model handle");
    return NULL;
  }
  vtpy_Model *m = (vtpy_Model *)obj;
  if (m->busy) {
    vtpy_raise_msg(VT_EINVAL, "model '%s' is running in another thread: clone() it for this one",
                   vt_model_name(m->model));
    return NULL;
  }
  m->busy = 1;
  return m->model;
}

void vtpy_model_release(PyObject *obj) {
  ((vtpy_Model *)obj)->busy = 0;
}

static PyObject *model_new(PyTypeObject *type, PyObject *args, PyObject *kw) {
  (void)type, (void)kw;
  const char *name;
  if (!PyArg_ParseTuple(args, "s", &name)) return NULL;
  vt_error err;
  vt_model *m = vt_model_create(name, &err);
  return m ? vtpy_model_wrap(m) : vtpy_raise(&err);
}

/* Mutators go through acquire so a running model is never changed under the call. */
static PyObject *model_set(vtpy_Model *self, PyObject *args) {
  const char *name;
  double v;
  if (!PyArg_ParseTuple(args, "sd", &name, &v) || !vtpy_model_acquire((PyObject *)self))
    return NULL;
  vt_error err;
  int rc = vt_model_set(self->model, name, v, &err);
  vtpy_model_release((PyObject *)self);
  if (rc) return vtpy_raise(&err);
  Py_RETURN_NONE;
}

static PyObject *model_set_text(vtpy_Model *self, PyObject *args) {
  const char *text;
  if (!PyArg_ParseTuple(args, "s", &text) || !vtpy_model_acquire((PyObject *)self)) return NULL;
  vt_error err;
  int rc = vt_model_set_text(self->model, text, &err);
  vtpy_model_release((PyObject *)self);
  if (rc) return vtpy_raise(&err);
  Py_RETURN_NONE;
}

static PyObject *model_get(vtpy_Model *self, PyObject *args) {
  const char *name;
  if (!PyArg_ParseTuple(args, "s", &name)) return NULL;
  double v;
  vt_error err;
  if (vt_model_get(self->model, name, &v, &err)) return vtpy_raise(&err);
  return PyFloat_FromDouble(v);
}

static PyObject *model_set_option(vtpy_Model *self, PyObject *args) {
  const char *key, *value;
  if (!PyArg_ParseTuple(args, "ss", &key, &value) || !vtpy_model_acquire((PyObject *)self))
    return NULL;
  vt_error err;
  int rc = vt_model_set_option(self->model, key, value, &err);
  vtpy_model_release((PyObject *)self);
  if (rc) return vtpy_raise(&err);
  Py_RETURN_NONE;
}

/* The units model's spectrum table: E (J/mol), tau0 (s, or None) and weights. */
static PyObject *model_set_units_table(vtpy_Model *self, PyObject *args) {
  PyObject *E, *tau0, *w;
  if (!PyArg_ParseTuple(args, "OOO", &E, &tau0, &w)) return NULL;
  PyArrayObject *aE = vtpy_doubles_in(E, "E"), *aw = aE ? vtpy_doubles_in(w, "weight") : NULL;
  PyArrayObject *at = aw && tau0 != Py_None ? vtpy_doubles_in(tau0, "tau0") : NULL;
  int rc = -1;
  vt_error err;
  if (aw && (tau0 == Py_None || at)) {
    size_t n = (size_t)PyArray_SIZE(aE);
    if ((size_t)PyArray_SIZE(aw) != n || (at && (size_t)PyArray_SIZE(at) != n))
      vtpy_raise_msg(VT_EINVAL, "E, tau0 and weight must have the same length");
    else if (vtpy_model_acquire((PyObject *)self)) {
      rc = vt_units_set_table(self->model, PyArray_DATA(aE), at ? PyArray_DATA(at) : NULL,
                              PyArray_DATA(aw), n, &err);
      vtpy_model_release((PyObject *)self);
      if (rc) vtpy_raise(&err);
    }
  }
  Py_XDECREF(aE);
  Py_XDECREF(aw);
  Py_XDECREF(at);
  if (rc) return NULL;
  Py_RETURN_NONE;
}

static PyObject *model_numerics(vtpy_Model *self, PyObject *noargs) {
  (void)noargs;
  if (!vtpy_model_acquire((PyObject *)self)) return NULL;
  char buf[512];
  vt_error err;
  int rc = vt_model_numerics(self->model, buf, sizeof buf, &err);
  vtpy_model_release((PyObject *)self);
  if (rc) return vtpy_raise(&err);
  return PyUnicode_FromString(buf);
}

static PyObject *model_clone(vtpy_Model *self, PyObject *noargs) {
  (void)noargs;
  vt_error err;
  vt_model *c = vt_model_clone(self->model, &err);
  return c ? vtpy_model_wrap(c) : vtpy_raise(&err);
}

static PyObject *model_name(vtpy_Model *self, void *closure) {
  (void)closure;
  return PyUnicode_FromString(vt_model_name(self->model));
}

/* Parameter table rows: (name, symbol, unit, dim, description, default, lower, upper, log). */
static PyObject *param_table(const vt_param_info *p, size_t n) {
  PyObject *list = PyList_New((Py_ssize_t)n);
  for (size_t i = 0; list && i < n; i++) {
    PyObject *t = Py_BuildValue("sssisdddi", p[i].name, p[i].symbol ? p[i].symbol : "",
                                p[i].unit ? p[i].unit : "", (int)p[i].dim,
                                p[i].description ? p[i].description : "", p[i].default_si,
                                p[i].lower_si, p[i].upper_si, p[i].log_scale);
    if (!t)
      Py_CLEAR(list);
    else
      PyList_SET_ITEM(list, (Py_ssize_t)i, t);
  }
  return list;
}

static PyObject *py_model_params(PyObject *self, PyObject *args) {
  (void)self;
  const char *name;
  if (!PyArg_ParseTuple(args, "s", &name)) return NULL;
  size_t n;
  const vt_param_info *p = vt_model_params_by_name(name, &n);
  if (!p) return vtpy_raise_msg(VT_ENOTFOUND, "unknown model '%s'", name);
  return param_table(p, n);
}

static PyObject *py_model_names(PyObject *self, PyObject *noargs) {
  (void)self, (void)noargs;
  PyObject *list = PyList_New(0);
  for (const char *const *n = vt_model_names(); list && *n; n++) {
    PyObject *s = Py_BuildValue("ss", *n, vt_model_summary(*n));
    if (!s || PyList_Append(list, s) < 0) Py_CLEAR(list);
    Py_XDECREF(s);
  }
  return list;
}

/* Stepping by hand: equilibrate(T), step(dt, T_start, T_end), observe() -> (Tf, dH, H_conf). */
static PyObject *model_equilibrate(vtpy_Model *self, PyObject *args) {
  double T;
  if (!PyArg_ParseTuple(args, "d", &T) || !vtpy_model_acquire((PyObject *)self)) return NULL;
  vt_error err;
  int rc = vt_model_equilibrate(self->model, T, &err);
  vtpy_model_release((PyObject *)self);
  if (rc) return vtpy_raise(&err);
  Py_RETURN_NONE;
}

static PyObject *model_step(vtpy_Model *self, PyObject *args) {
  double dt, T0, T1;
  if (!PyArg_ParseTuple(args, "ddd", &dt, &T0, &T1) || !vtpy_model_acquire((PyObject *)self))
    return NULL;
  vt_error err;
  int rc = vt_model_step(self->model, dt, T0, T1, &err);
  vtpy_model_release((PyObject *)self);
  if (rc) return vtpy_raise(&err);
  Py_RETURN_NONE;
}

/* mech_step(stress, dt, end): a mechanical model (visco) driven by strain or stress. */
static PyObject *model_mech_step(vtpy_Model *self, PyObject *args) {
  int stress;
  double dt, end;
  if (!PyArg_ParseTuple(args, "pdd", &stress, &dt, &end) || !vtpy_model_acquire((PyObject *)self))
    return NULL;
  vt_error err;
  int rc = stress ? vt_model_stress_step(self->model, dt, end, &err)
                  : vt_model_strain_step(self->model, dt, end, &err);
  vtpy_model_release((PyObject *)self);
  if (rc) return vtpy_raise(&err);
  Py_RETURN_NONE;
}

static PyObject *model_observe(vtpy_Model *self, PyObject *noargs) {
  (void)noargs;
  vt_observables o;
  vt_model_observe(self->model, &o);
  return Py_BuildValue("dddddd", o.Tf_K, o.dH_J_per_mol, o.H_conf_J_per_mol, o.strain,
                       o.strain_vp, o.stress_Pa);
}

/* The pel model's tabulated spectra from a file (None: back to the Gaussians). */
static PyObject *model_pel_table(vtpy_Model *self, PyObject *args) {
  PyObject *path = NULL;
  if (!PyArg_ParseTuple(args, "|O&", PyUnicode_FSConverter, &path)) return NULL;
  vt_pel_table t = {0};
  vt_error err;
  int have = path != NULL;
  int rc = have ? vt_read_pel_table(PyBytes_AS_STRING(path), &t, &err) : VT_OK;
  Py_XDECREF(path);
  if (!rc && !vtpy_model_acquire((PyObject *)self)) {
    vt_pel_table_free(&t);
    return NULL;
  }
  if (!rc) {
    rc = vt_pel_set_table(self->model, have ? &t : NULL, &err);
    vtpy_model_release((PyObject *)self);
  }
  vt_pel_table_free(&t);
  if (rc) return vtpy_raise(&err);
  Py_RETURN_NONE;
}

static PyMethodDef model_type_methods[] = {
    {"equilibrate", (PyCFunction)model_equilibrate, METH_VARARGS, "equilibrate(T_K)"},
    {"step", (PyCFunction)model_step, METH_VARARGS, "step(dt_s, T_start_K, T_end_K)"},
    {"mech_step", (PyCFunction)model_mech_step, METH_VARARGS, "mech_step(stress, dt_s, end)"},
    {"observe", (PyCFunction)model_observe, METH_NOARGS, "(Tf_K, dH_J_per_mol, H_conf, strain, strain_vp, stress_Pa)"},
    {"pel_table", (PyCFunction)model_pel_table, METH_VARARGS, "pel_table(path or nothing)"},
    {"set", (PyCFunction)model_set, METH_VARARGS, "set(name, value_si)"},
    {"set_text", (PyCFunction)model_set_text, METH_VARARGS, "set_text('name=VALUE UNIT')"},
    {"get", (PyCFunction)model_get, METH_VARARGS, "get(name) -> value_si"},
    {"set_option", (PyCFunction)model_set_option, METH_VARARGS, "set_option(key, value)"},
    {"set_units_table", (PyCFunction)model_set_units_table, METH_VARARGS,
     "set_units_table(E_J_per_mol, tau0_s or None, weight)"},
    {"numerics", (PyCFunction)model_numerics, METH_NOARGS, "one line on the numerics"},
    {"clone", (PyCFunction)model_clone, METH_NOARGS, "an independent copy"},
    {NULL, NULL, 0, NULL}};

static PyGetSetDef model_getset[] = {{"name", (getter)model_name, NULL, "model name", NULL},
                                     {NULL, NULL, NULL, NULL, NULL}};

PyTypeObject vtpy_ModelType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "vitrum._vitrum._Model",
    .tp_basicsize = sizeof(vtpy_Model),
    .tp_dealloc = (destructor)model_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A vt_model handle (use vitrum.Model)",
    .tp_methods = model_type_methods,
    .tp_getset = model_getset,
    .tp_new = model_new,
};

PyMethodDef vtpy_model_methods[] = {
    {"model_params", py_model_params, METH_VARARGS, "model_params(name) -> [row tuples]"},
    {"model_names", py_model_names, METH_NOARGS, "[(name, summary)]"},
    {NULL, NULL, 0, NULL}};
