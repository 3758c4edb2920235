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

/* The rate law's fit of two arrays (vt_rate_fit_points): 0, or -1 after raising. */
static int rate_fit(PyObject *args, vt_rate_law law, vt_rate_fit *f) {
  PyObject *a, *b;
  PyArrayObject *x = NULL, *y = NULL;
  size_t n;
  int rc = -1;
  if (PyArg_ParseTuple(args, "OO", &a, &b) && !two_arrays(a, b, &x, &y, &n)) {
    vt_error err;
    rc = vt_rate_fit_points(PyArray_DATA(x), PyArray_DATA(y), n, law, f, &err) ? -1 : 0;
    if (rc) vtpy_raise(&err);
  }
  Py_XDECREF(x);
  Py_XDECREF(y);
  return rc;
}

/* The line the fit draws and the span of the points, added to a fit's dict (NULL: released). */
static PyObject *with_line(PyObject *d, const vt_rate_fit *f) {
  const vt_rate_span *s = &f->span;
  if (d &&
      (vtpy_set_double(d, "line_a", f->line_a) || vtpy_set_double(d, "line_b_K", f->line_b_K) ||
       vtpy_set_double(d, "Tp_min_K", s->Tp_min_K) || vtpy_set_double(d, "Tp_max_K", s->Tp_max_K) ||
       vtpy_set_double(d, "rate_min_K_per_s", s->rate_min_K_per_s) ||
       vtpy_set_double(d, "rate_max_K_per_s", s->rate_max_K_per_s)))
    Py_CLEAR(d);
  return d;
}

static PyObject *py_kissinger(PyObject *self, PyObject *args) {
  (void)self;
  vt_rate_fit f;
  if (rate_fit(args, VT_RATE_KISSINGER, &f)) return NULL;
  const vt_kissinger *k = &f.kissinger;
  return with_line(Py_BuildValue("{s:d,s:d,s:d,s:d,s:d,s:n}", "dE_J_per_mol", k->dE_J_per_mol,
                                 "se_dE_J_per_mol", k->se_dE_J_per_mol, "intercept", k->intercept,
                                 "se_intercept", k->se_intercept, "r2", k->r2, "n",
                                 (Py_ssize_t)k->n),
                   &f);
}

static PyObject *py_eyring(PyObject *self, PyObject *args) {
  (void)self;
  vt_rate_fit f;
  if (rate_fit(args, VT_RATE_EYRING, &f)) return NULL;
  const vt_eyring *e = &f.eyring;
  return with_line(
      Py_BuildValue("{s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:n}", "H_J_per_mol", e->H_J_per_mol,
                    "se_H_J_per_mol", e->se_H_J_per_mol, "S_J_per_mol_K", e->S_J_per_mol_K,
                    "se_S_J_per_mol_K", e->se_S_J_per_mol_K, "r2", e->r2, "mean_Tp_K", e->mean_Tp_K,
                    "kissinger_dE_J_per_mol", e->kissinger_dE_J_per_mol,
                    "se_kissinger_dE_J_per_mol", e->se_kissinger_dE_J_per_mol,
                    "H_plus_RTp_J_per_mol", e->H_plus_RTp_J_per_mol, "n", (Py_ssize_t)e->n),
      &f);
}

static PyObject *py_eyring_tp(PyObject *self, PyObject *args) {
  (void)self;
  double H, S, rate, Tp;
  if (!PyArg_ParseTuple(args, "ddd", &H, &S, &rate)) return NULL;
  vt_error err;
  if (vt_eyring_peak_temperature(H, S, rate, &Tp, &err)) return vtpy_raise(&err);
  return PyFloat_FromDouble(Tp);
}

/* ---- Data sets of the analyses (datasets.h): the files `vitrum kissinger --table`, `vitrum
 * loss` and `vitrum debye` read, as arrays. Each takes the path as bytes (fs encoding). ---- */

static PyObject *lines_list(const long *line, size_t n) {
  PyObject *l = PyList_New((Py_ssize_t)n);
  for (size_t i = 0; l && i < n; i++) PyList_SET_ITEM(l, (Py_ssize_t)i, PyLong_FromLong(line[i]));
  return l;
}

/* read_rate_peaks(path) -> dict rate_K_per_s, Tp_K, line */
static PyObject *py_read_rate_peaks(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *path;
  if (!PyArg_ParseTuple(args, "O&", PyUnicode_FSConverter, &path)) return NULL;
  vt_rate_peaks p = {0};
  vt_error err;
  int rc = vt_read_rate_peaks(PyBytes_AS_STRING(path), &p, &err);
  Py_DECREF(path);
  if (rc) return vtpy_raise(&err);
  PyObject *r =
      Py_BuildValue("{s:N,s:N,s:N}", "rate_K_per_s", vtpy_copy_doubles(p.rate_K_per_s, p.n), "Tp_K",
                    vtpy_copy_doubles(p.Tp_K, p.n), "line", lines_list(p.line, p.n));
  vt_rate_peaks_free(&p);
  return r;
}

/* read_loss_sweep(path, T_col, y_col, T_unit, y_unit, T_lo, T_hi, T_spec, y_spec) -> dict (NaN
 * bounds: all) */
static PyObject *py_read_loss_sweep(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *path;
  vt_sweep_opts o = vt_sweep_opts_default();
  double lo, hi;
  if (!PyArg_ParseTuple(args, "O&iizzddzz", PyUnicode_FSConverter, &path, &o.T_col, &o.y_col,
                        &o.T_unit, &o.y_unit, &lo, &hi, &o.T_spec, &o.y_spec))
    return NULL;
  vt_loss_sweep s = {0};
  vt_error err;
  int rc = vt_read_loss_sweep(PyBytes_AS_STRING(path), &o, &s, &err);
  Py_DECREF(path);
  if (!rc && !(isnan(lo) && isnan(hi)))
    rc = vt_loss_sweep_restrict(&s, isnan(lo) ? -INFINITY : lo, isnan(hi) ? INFINITY : hi, &err);
  PyObject *r =
      rc ? vtpy_raise(&err)
         : Py_BuildValue("{s:N,s:N,s:N,s:i,s:i,s:O,s:s,s:s}", "T_K", vtpy_copy_doubles(s.T_K, s.n),
                         "loss_Pa", vtpy_copy_doubles(s.loss_Pa, s.n), "line",
                         lines_list(s.line, s.n), "T_col", s.T_col, "y_col", s.y_col, "T_celsius",
                         s.T_celsius ? Py_True : Py_False, "T_name", s.T_name, "y_name", s.y_name);
  vt_loss_sweep_free(&s);
  return r;
}

static PyObject *scans_dict(const vt_heat_flow_scans *s) {
  PyObject *scans = PyList_New((Py_ssize_t)s->n_scans), *keys = PyList_New((Py_ssize_t)s->n_keys);
  for (size_t i = 0; scans && i < s->n_scans; i++)
    PyList_SET_ITEM(scans, (Py_ssize_t)i,
                    Py_BuildValue("{s:n,s:n,s:l,s:s}", "start", (Py_ssize_t)s->scans[i].start, "n",
                                  (Py_ssize_t)s->scans[i].n, "line", s->scans[i].line, "key",
                                  s->scans[i].key ? s->scans[i].key : ""));
  for (size_t i = 0; keys && i < s->n_keys; i++)
    PyList_SET_ITEM(keys, (Py_ssize_t)i, PyUnicode_FromString(s->key_names[i]));
  return Py_BuildValue("{s:N,s:N,s:N,s:s,s:s,s:N,s:s,s:s}", "T_K", vtpy_copy_doubles(s->T_K, s->n),
                       "y", vtpy_copy_doubles(s->y, s->n), "scans", scans, "T_name",
                       s->T_name ? s->T_name : "", "y_name", s->y_name ? s->y_name : "",
                       "key_names", keys, "y_unit", s->y_unit, "q_unit", s->q_unit);
}

/* read_heat_flow_scans(path, T_col, y_col, grouped, T_min, T_max, T_name, y_name) -> dict */
static PyObject *py_read_heat_flow_scans(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *path;
  vt_scans_opts o = vt_scans_opts_default();
  if (!PyArg_ParseTuple(args, "O&iipddzz", PyUnicode_FSConverter, &path, &o.T_col, &o.y_col,
                        &o.grouped, &o.T_min_K, &o.T_max_K, &o.T_name, &o.y_name))
    return NULL;
  vt_heat_flow_scans s = {0};
  vt_error err;
  int rc = vt_read_heat_flow_scans(PyBytes_AS_STRING(path), &o, &s, &err);
  Py_DECREF(path);
  PyObject *r = rc ? vtpy_raise(&err) : scans_dict(&s);
  vt_heat_flow_scans_free(&s);
  return r;
}

/* relaxation_class(E, Tg, m) -> (class name or None, {class: (lo, hi)}) (analysis.h) */
static PyObject *py_relaxation_class(PyObject *self, PyObject *args) {
  (void)self;
  double E, Tg, m;
  if (!PyArg_ParseTuple(args, "ddd", &E, &Tg, &m)) return NULL;
  vt_relaxation_ranges rr;
  vt_error err;
  if (vt_relaxation_class_ranges(Tg, m, &rr, &err)) return vtpy_raise(&err);
  const char *c = vt_relaxation_class(E, Tg, m);
  return Py_BuildValue("z{s:(dd),s:(dd),s:(dd)}", c, "gamma/beta'", rr.lo_J_per_mol[0],
                       rr.hi_J_per_mol[0], "beta", rr.lo_J_per_mol[1], rr.hi_J_per_mol[1], "alpha",
                       rr.lo_J_per_mol[2], rr.hi_J_per_mol[2]);
}

PyMethodDef vtpy_analysis_methods[] = {
    {"relaxation_class", py_relaxation_class, METH_VARARGS,
     "relaxation_class(E, Tg, m) -> (class, ranges)"},
    {"read_rate_peaks", py_read_rate_peaks, METH_VARARGS, "read_rate_peaks(path) -> dict"},
    {"read_loss_sweep", py_read_loss_sweep, METH_VARARGS,
     "read_loss_sweep(path, T_col, y_col, T_unit, y_unit, T_lo, T_hi, T_spec, y_spec) -> dict"},
    {"read_heat_flow_scans", py_read_heat_flow_scans, METH_VARARGS,
     "read_heat_flow_scans(path, T_col, y_col, grouped, T_min, T_max, T_name, y_name) -> dict"},
    {"peak_metrics", py_peak_metrics, METH_VARARGS, "peak_metrics(x, y) -> dict"},
    {"kissinger", py_kissinger, METH_VARARGS, "kissinger(rate_K_per_s, Tp_K) -> dict"},
    {"eyring", py_eyring, METH_VARARGS, "eyring(rate_K_per_s, Tp_K) -> dict"},
    {"eyring_peak_temperature", py_eyring_tp, METH_VARARGS,
     "eyring_peak_temperature(H, S, rate) -> Tp_K"},
    {NULL, NULL, 0, NULL}};
