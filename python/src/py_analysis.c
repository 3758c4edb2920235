/* Analyses of arrays (analysis.h, peak.h): peak metrics, Kissinger and Eyring kinetics. */
#include "vtpy.h"

/* Two equal-length float64 arrays from Python sequences (new references). */
static int two_arrays(PyObject *a, PyObject *b, PyArrayObject **x, PyArrayObject **y, size_t *n) {
  *x = vtpy_doubles_in(a, "x");
  *y = *x ? vtpy_doubles_in(b, "y") : NULL;
  if (!*y) return -1;
  *n = (size_t)PyArray_SIZE(*x);
  if ((size_t)PyArray_SIZE(*y) == *n) return 0;
  vtpy_raise_msg(VT_EINVAL, "the two arrays differ in length (%zu and %zd)", *n, PyArray_SIZE(*y));
  return -1;
}

static PyObject *py_peak_metrics(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *a, *b, *r = NULL;
  PyArrayObject *x = NULL, *y = NULL;
  size_t n;
  if (PyArg_ParseTuple(args, "OO", &a, &b) && !two_arrays(a, b, &x, &y, &n)) {
    vt_peak p;
    vt_error err;
    r = vt_peak_metrics(PyArray_DATA(x), PyArray_DATA(y), n, &p, &err) ? vtpy_raise(&err)
                                                                       : vtpy_peak_dict(&p);
  }
  Py_XDECREF(x);
  Py_XDECREF(y);
  return r;
}

static PyObject *py_kissinger(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *a, *b, *r = NULL;
  PyArrayObject *x = NULL, *y = NULL;
  size_t n;
  if (PyArg_ParseTuple(args, "OO", &a, &b) && !two_arrays(a, b, &x, &y, &n)) {
    vt_kissinger k;
    vt_error err;
    if (vt_kissinger_fit(PyArray_DATA(x), PyArray_DATA(y), n, &k, &err))
      r = vtpy_raise(&err);
    else
      r = Py_BuildValue("{s:d,s:d,s:d,s:d,s:d,s:n}", "dE_J_per_mol", k.dE_J_per_mol,
                        "se_dE_J_per_mol", k.se_dE_J_per_mol, "intercept", k.intercept,
                        "se_intercept", k.se_intercept, "r2", k.r2, "n", (Py_ssize_t)k.n);
  }
  Py_XDECREF(x);
  Py_XDECREF(y);
  return r;
}

static PyObject *py_eyring(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *a, *b, *r = NULL;
  PyArrayObject *x = NULL, *y = NULL;
  size_t n;
  if (PyArg_ParseTuple(args, "OO", &a, &b) && !two_arrays(a, b, &x, &y, &n)) {
    vt_eyring e;
    vt_error err;
    if (vt_eyring_fit(PyArray_DATA(x), PyArray_DATA(y), n, &e, &err))
      r = vtpy_raise(&err);
    else
      r = Py_BuildValue("{s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:n}", "H_J_per_mol", e.H_J_per_mol,
                        "se_H_J_per_mol", e.se_H_J_per_mol, "S_J_per_mol_K", e.S_J_per_mol_K,
                        "se_S_J_per_mol_K", e.se_S_J_per_mol_K, "r2", e.r2, "mean_Tp_K",
                        e.mean_Tp_K, "kissinger_dE_J_per_mol", e.kissinger_dE_J_per_mol,
                        "se_kissinger_dE_J_per_mol", e.se_kissinger_dE_J_per_mol,
                        "H_plus_RTp_J_per_mol", e.H_plus_RTp_J_per_mol, "n", (Py_ssize_t)e.n);
  }
  Py_XDECREF(x);
  Py_XDECREF(y);
  return r;
}

static PyObject *py_eyring_tp(PyObject *self, PyObject *args) {
  (void)self;
  double H, S, rate, Tp;
  if (!PyArg_ParseTuple(args, "ddd", &H, &S, &rate)) return NULL;
  vt_error err;
  if (vt_eyring_peak_temperature(H, S, rate, &Tp, &err)) return vtpy_raise(&err);
  return PyFloat_FromDouble(Tp);
}

PyMethodDef vtpy_analysis_methods[] = {
    {"peak_metrics", py_peak_metrics, METH_VARARGS, "peak_metrics(x, y) -> dict"},
    {"kissinger", py_kissinger, METH_VARARGS, "kissinger(rate_K_per_s, Tp_K) -> dict"},
    {"eyring", py_eyring, METH_VARARGS, "eyring(rate_K_per_s, Tp_K) -> dict"},
    {"eyring_peak_temperature", py_eyring_tp, METH_VARARGS,
     "eyring_peak_temperature(H, S, rate) -> Tp_K"},
    {NULL, NULL, 0, NULL}};
