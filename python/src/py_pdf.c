/* X-ray total scattering (pdf.h, paper 001): compositions and weights, patterns, Faber-Ziman
 * S(Q), G(r) and the first peak of G(r) with its two-Gaussian decomposition. Compositions
 * cross as formula text, parsed here per call. */
#include "vtpy.h"

static int composition(const char *text, vt_composition *c) {
  vt_error err;
  if (!vt_composition_parse(text, c, &err)) return 0;
  vtpy_raise(&err);
  return -1;
}

/* composition(text) -> (formatted, [(symbol, Z, c)]) */
static PyObject *py_composition(PyObject *self, PyObject *args) {
  (void)self;
  const char *text;
  vt_composition c;
  if (!PyArg_ParseTuple(args, "s", &text) || composition(text, &c)) return NULL;
  char buf[256];
  PyObject *list = PyList_New((Py_ssize_t)c.n);
  for (size_t i = 0; list && i < c.n; i++)
    PyList_SET_ITEM(list, (Py_ssize_t)i, Py_BuildValue("sid", c.symbol[i], c.Z[i], c.c[i]));
  return list ? Py_BuildValue("sN", vt_composition_format(&c, buf, sizeof buf), list) : NULL;
}

/* xray(Z or formula, Q array) -> (f, S_inc) per Q for an element (vt_xray_form_factor,
 * vt_xray_compton), or (<f>, <f^2>, Compton) for a composition (vt_xray_averages). */
static PyObject *py_xray(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *who, *qo;
  if (!PyArg_ParseTuple(args, "OO", &who, &qo)) return NULL;
  int Z = PyLong_Check(who) ? (int)PyLong_AsLong(who) : 0;
  vt_composition c;
  if (!Z && (PyErr_Occurred() || !PyUnicode_Check(who) || composition(PyUnicode_AsUTF8(who), &c)))
    return PyErr_Occurred() ? NULL : vtpy_raise_msg(VT_EINVAL, "expected Z or a formula");
  PyArrayObject *q = vtpy_doubles_in(qo, "Q");
  if (!q) return NULL;
  size_t n = (size_t)PyArray_SIZE(q), k = Z ? 2 : 3;
  double *out[3] = {malloc((n + 1) * sizeof(double)), malloc((n + 1) * sizeof(double)),
                    malloc((n + 1) * sizeof(double))};
  const double *Q = PyArray_DATA(q);
  vt_error err;
  int oom = !(out[0] && out[1] && out[2]), rc = VT_OK;
  for (size_t i = 0; !oom && !rc && i < n; i++) {
    if (!Z)
      rc = vt_xray_averages(&c, Q[i], &out[0][i], &out[1][i], &out[2][i], &err);
    else if (!(rc = vt_xray_form_factor(Z, Q[i], &out[0][i], &err)))
      rc = vt_xray_compton(Z, Q[i], &out[1][i], &err);
  }
  Py_DECREF(q);
  PyObject *r = NULL;
  if (oom)
    PyErr_NoMemory();
  else if (rc)
    vtpy_raise(&err);
  else if ((r = PyTuple_New((Py_ssize_t)k)) != NULL)
    for (size_t j = 0; j < k; j++) {
      PyObject *a = vtpy_own_doubles(out[j], n); /* frees out[j] when it fails */
      out[j] = NULL;
      if (!a) {
        Py_CLEAR(r);
        break;
      }
      PyTuple_SET_ITEM(r, (Py_ssize_t)j, a);
    }
  for (size_t j = 0; j < 3; j++) free(out[j]);
  return r;
}

/* twotheta_to_Q(2theta_deg array, wavelength_A) -> Q (1/A) */
static PyObject *py_twotheta_to_Q(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *xo;
  double lambda;
  if (!PyArg_ParseTuple(args, "Od", &xo, &lambda)) return NULL;
  PyArrayObject *x = vtpy_doubles_in(xo, "2theta");
  if (!x) return NULL;
  size_t n = (size_t)PyArray_SIZE(x);
  double *q = malloc((n + 1) * sizeof *q);
  for (size_t i = 0; q && i < n; i++)
    q[i] = vt_twotheta_to_Q(((const double *)PyArray_DATA(x))[i], lambda);
  Py_DECREF(x);
  return q ? vtpy_own_doubles(q, n) : PyErr_NoMemory();
}

/* pdf_parse(kind, text): 0 a length (A), 1 a scattering vector (1/A), 2 a wavelength (A, from
 * a length or a photon energy), 3 a Q range, 4 a length range ((lo, hi)): the CLI's readings. */
static PyObject *py_pdf_parse(PyObject *self, PyObject *args) {
  (void)self;
  int kind;
  const char *text;
  double v[2] = {0, 0};
  vt_error err;
  if (!PyArg_ParseTuple(args, "is", &kind, &text)) return NULL;
  int rc = kind == 0   ? vt_pdf_parse_length(text, v, &err)
           : kind == 1 ? vt_pdf_parse_Q(text, v, &err)
           : kind == 2 ? vt_pdf_parse_wavelength(text, v, &err)
                       : vt_pdf_parse_range(text, kind == 3, v, &err);
  if (rc) return vtpy_raise(&err);
  return kind < 3 ? PyFloat_FromDouble(v[0]) : Py_BuildValue("dd", v[0], v[1]);
}

/* pdf_weights(text) -> [(i, j, w_ij)] with f_i(0) = Z_i */
static PyObject *py_pdf_weights(PyObject *self, PyObject *args) {
  (void)self;
  const char *text;
  vt_composition c;
  if (!PyArg_ParseTuple(args, "s", &text) || composition(text, &c)) return NULL;
  vt_pdf_pair pairs[VT_PDF_MAX_PAIRS];
  size_t n;
  vt_error err;
  if (vt_pdf_weights(&c, NULL, pairs, &n, &err)) return vtpy_raise(&err);
  PyObject *list = PyList_New((Py_ssize_t)n);
  for (size_t k = 0; list && k < n; k++)
    PyList_SET_ITEM(
        list, (Py_ssize_t)k,
        Py_BuildValue("nnd", (Py_ssize_t)pairs[k].i, (Py_ssize_t)pairs[k].j, pairs[k].weight));
  return list;
}

/* Set the fields of an options struct from a dict by the rows of a pdf.h table. */
static int table_options(PyObject *d, const vt_option *(*table)(size_t *), void *o) {
  size_t n;
  const vt_option *rows = table(&n);
  return vtpy_set_options(d, rows, n, o);
}

/* read_patterns(path, wavelength_A, options: axis) -> [(Q, I, time_s, first_line)] */
static PyObject *py_read_patterns(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *path, *od;
  vt_pattern_read_options o = vt_pattern_read_options_default();
  if (!PyArg_ParseTuple(args, "O&dO", PyUnicode_FSConverter, &path, &o.wavelength_A, &od))
    return NULL;
  if (table_options(od, vt_pattern_read_option_table, &o)) {
    Py_DECREF(path);
    return NULL;
  }
  vt_pattern_set set = {0};
  vt_error err;
  int rc = vt_read_pattern_csv(PyBytes_AS_STRING(path), &o, &set, &err);
  Py_DECREF(path);
  if (rc) return vtpy_raise(&err);
  PyObject *list = PyList_New((Py_ssize_t)set.n);
  for (size_t i = 0; list && i < set.n; i++) {
    const vt_pattern *p = &set.patterns[i];
    PyObject *t = Py_BuildValue("NNdl", vtpy_copy_doubles(p->Q_inv_A, p->n),
                                vtpy_copy_doubles(p->intensity, p->n), p->time_s, p->first_line);
    if (!t)
      Py_CLEAR(list);
    else
      PyList_SET_ITEM(list, (Py_ssize_t)i, t);
  }
  vt_pattern_set_free(&set);
  return list;
}

/* The rows of vt_sq_option_table, and b (a plain number, no row). */
static int sq_options(PyObject *d, vt_sq_options *o) {
  return table_options(d, vt_sq_option_table, o) ||
                 vtpy_opt_double(d, "background_scale", &o->background_scale)
             ? -1
             : 0;
}

/* Optional background arrays: (NULL, 0) for None. */
static int background(PyObject *qo, PyObject *io, PyArrayObject **q, PyArrayObject **i) {
  if (qo == Py_None || io == Py_None) return 0;
  *q = vtpy_doubles_in(qo, "Q_bkg");
  *i = *q ? vtpy_doubles_in(io, "I_bkg") : NULL;
  if (!*i) return -1;
  if (PyArray_SIZE(*q) == PyArray_SIZE(*i)) return 0;
  vtpy_raise_msg(VT_EINVAL, "Q_bkg and I_bkg differ in length");
  return -1;
}

/* pdf_sq(composition, Q, I, Q_bkg or None, I_bkg or None, options) -> dict */
static PyObject *py_pdf_sq(PyObject *self, PyObject *args) {
  (void)self;
  const char *text;
  PyObject *qo, *io, *bqo, *bio, *od, *r = NULL;
  vt_composition c;
  vt_sq_options o = vt_sq_options_default();
  if (!PyArg_ParseTuple(args, "sOOOOO", &text, &qo, &io, &bqo, &bio, &od) ||
      composition(text, &c) || sq_options(od, &o))
    return NULL;
  PyArrayObject *Q = vtpy_doubles_in(qo, "Q"), *I = Q ? vtpy_doubles_in(io, "I") : NULL;
  PyArrayObject *bq = NULL, *bi = NULL;
  if (I && PyArray_SIZE(Q) != PyArray_SIZE(I)) {
    vtpy_raise_msg(VT_EINVAL, "Q and I differ in length");
  } else if (I && !background(bqo, bio, &bq, &bi)) {
    vt_sq sq = {0};
    vt_error err;
    if (vt_pdf_sq(&c, PyArray_DATA(Q), PyArray_DATA(I), (size_t)PyArray_SIZE(Q),
                  bq ? PyArray_DATA(bq) : NULL, bi ? PyArray_DATA(bi) : NULL,
                  bq ? (size_t)PyArray_SIZE(bq) : 0, &o, &sq, &err))
      vtpy_raise(&err);
    else
      r = Py_BuildValue(
          "{s:N,s:N,s:N,s:N,s:d,s:d,s:d,s:d}", "Q_inv_A", vtpy_copy_doubles(sq.Q_inv_A, sq.n),
          "I_coh", vtpy_copy_doubles(sq.I_coh, sq.n), "S", vtpy_copy_doubles(sq.S, sq.n), "F_inv_A",
          vtpy_copy_doubles(sq.F_inv_A, sq.n), "norm_factor", sq.norm_factor, "norm_Q_lo_inv_A",
          sq.norm_Q_lo_inv_A, "norm_Q_hi_inv_A", sq.norm_Q_hi_inv_A, "S_mean_norm", sq.S_mean_norm);
    vt_sq_free(&sq);
  }
  Py_XDECREF(Q);
  Py_XDECREF(I);
  Py_XDECREF(bq);
  Py_XDECREF(bi);
  return r;
}

/* pdf_transform(Q, F, r, lorch) -> G */
static PyObject *py_pdf_transform(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *qo, *fo, *ro, *res = NULL;
  int lorch;
  if (!PyArg_ParseTuple(args, "OOOp", &qo, &fo, &ro, &lorch)) return NULL;
  PyArrayObject *Q = vtpy_doubles_in(qo, "Q"), *F = Q ? vtpy_doubles_in(fo, "F") : NULL,
                *r = F ? vtpy_doubles_in(ro, "r") : NULL;
  size_t nr = r ? (size_t)PyArray_SIZE(r) : 0;
  double *G = r ? malloc((nr + 1) * sizeof *G) : NULL;
  if (G && PyArray_SIZE(Q) == PyArray_SIZE(F)) {
    vt_error err;
    int rc;
    Py_BEGIN_ALLOW_THREADS rc =
        vt_pdf_transform(PyArray_DATA(Q), PyArray_DATA(F), (size_t)PyArray_SIZE(Q), lorch,
                         PyArray_DATA(r), nr, G, &err);
    Py_END_ALLOW_THREADS if (rc) vtpy_raise(&err);
    else {
      res = vtpy_own_doubles(G, nr);
      G = NULL;
    }
  } else if (r && !PyErr_Occurred()) {
    vtpy_raise_msg(G ? VT_EINVAL : VT_ENOMEM, "Q and F differ in length, or out of memory");
  }
  free(G);
  Py_XDECREF(Q);
  Py_XDECREF(F);
  Py_XDECREF(r);
  return res;
}

/* pdf_r_grid(options: rmin, rmax, dr) -> r (A), the grid of `vitrum pdf` (vt_pdf_r_grid) */
static PyObject *py_pdf_r_grid(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *od;
  vt_r_grid_options o = vt_r_grid_options_default();
  if (!PyArg_ParseTuple(args, "O", &od) || table_options(od, vt_r_grid_option_table, &o))
    return NULL;
  double *r;
  size_t n;
  vt_error err;
  if (vt_pdf_r_grid(&o, &r, &n, &err)) return vtpy_raise(&err);
  return vtpy_own_doubles(r, n);
}

static PyObject *gauss_dict(const vt_gauss_peak *g) {
  return Py_BuildValue("{s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d}", "r_A", g->r_A, "se_r_A", g->se_r_A,
                       "sigma_A", g->sigma_A, "se_sigma_A", g->se_sigma_A, "fwhm_A", g->fwhm_A,
                       "se_fwhm_A", g->se_fwhm_A, "area", g->area, "se_area", g->se_area);
}

/* pdf_first_peak(r, G, options: peak_range, split) -> dict */
static PyObject *py_pdf_first_peak(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *ro, *go, *od, *res = NULL;
  vt_first_peak_options o = vt_first_peak_options_default();
  if (!PyArg_ParseTuple(args, "OOOp", &ro, &go, &od, &o.split) ||
      table_options(od, vt_first_peak_option_table, &o))
    return NULL;
  PyArrayObject *r = vtpy_doubles_in(ro, "r"), *G = r ? vtpy_doubles_in(go, "G") : NULL;
  if (G && PyArray_SIZE(r) != PyArray_SIZE(G)) {
    vtpy_raise_msg(VT_EINVAL, "r and G differ in length");
  } else if (G) {
    vt_first_peak p;
    vt_error err;
    if (vt_pdf_first_peak(PyArray_DATA(r), PyArray_DATA(G), (size_t)PyArray_SIZE(r), &o, &p, &err))
      vtpy_raise(&err);
    else
      res = Py_BuildValue(
          "{s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:O,s:N,s:d,s:d,s:i}", "window_lo_A", p.window_lo_A,
          "window_hi_A", p.window_hi_A, "r_A", p.r_A, "G_inv_A2", p.G_inv_A2, "fwhm_A", p.fwhm_A,
          "r_half_lo_A", p.r_half_lo_A, "r_half_hi_A", p.r_half_hi_A, "area", p.area, "split",
          p.split ? Py_True : Py_False, "sub",
          p.split ? Py_BuildValue("[NN]", gauss_dict(&p.sub[0]), gauss_dict(&p.sub[1]))
                  : PyList_New(0),
          "rms_residual", p.rms_residual, "r2", p.r2, "iterations", p.iterations);
  }
  Py_XDECREF(r);
  Py_XDECREF(G);
  return res;
}

PyMethodDef vtpy_pdf_methods[] = {
    {"pdf_parse", py_pdf_parse, METH_VARARGS, "pdf_parse(kind, text) -> value or (lo, hi)"},
    {"xray", py_xray, METH_VARARGS, "xray(Z or formula, Q) -> (f, S_inc) or (<f>, <f^2>, Compton)"},
    {"twotheta_to_Q", py_twotheta_to_Q, METH_VARARGS, "twotheta_to_Q(2theta_deg, wavelength_A)"},
    {"composition", py_composition, METH_VARARGS, "composition(text) -> (text, [(sym, Z, c)])"},
    {"pdf_weights", py_pdf_weights, METH_VARARGS, "pdf_weights(text) -> [(i, j, w)]"},
    {"read_patterns", py_read_patterns, METH_VARARGS,
     "read_patterns(path, wavelength_A, options) -> [(Q, I, time_s, first_line)]"},
    {"pdf_sq", py_pdf_sq, METH_VARARGS, "pdf_sq(comp, Q, I, Q_bkg, I_bkg, options) -> dict"},
    {"pdf_r_grid", py_pdf_r_grid, METH_VARARGS, "pdf_r_grid(options) -> r"},
    {"pdf_transform", py_pdf_transform, METH_VARARGS, "pdf_transform(Q, F, r, lorch) -> G"},
    {"pdf_first_peak", py_pdf_first_peak, METH_VARARGS,
     "pdf_first_peak(r, G, options, split) -> dict"},
    {NULL, NULL, 0, NULL}};
