/* The `vitrum._vitrum` extension module: errors, long calls, arrays, option dicts, units and
 * cancellation; the layers' functions live in py_*.c. The pure-Python package (python/vitrum)
 * gives them their Pythonic surface. */
#define VTPY_IMPORT_ARRAY
#include "vtpy.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- Errors ------------------------------------------------------------------------------- */

static PyObject *error_types[VT_STATUS_COUNT];

static int make_errors(PyObject *m) {
  static const struct {
    int status;
    const char *name;
    PyObject **extra;
  } table[] = {
      {VT_EINVAL, "InvalidArgument", &PyExc_ValueError},
      {VT_ENOMEM, "OutOfMemory", &PyExc_MemoryError},
      {VT_EPARSE, "ParseError", &PyExc_ValueError},
      {VT_EUNIT, "UnitError", &PyExc_ValueError},
      {VT_ERANGE, "RangeError", &PyExc_ValueError},
      {VT_ENOTFOUND, "NotFound", &PyExc_LookupError},
      {VT_EIO, "FileError", &PyExc_OSError},
      {VT_ENUMERIC, "NumericalError", &PyExc_ArithmeticError},
      {VT_ENOCONV, "NoConvergence", NULL},
      {VT_ECANCELLED, "Cancelled", NULL},
  };
  PyObject *base = PyErr_NewExceptionWithDoc(
      "vitrum.Error", "A libvitrum failure: .status (code), .line (source line or 0), .message.",
      NULL, NULL);
  if (!base || PyModule_AddObjectRef(m, "Error", base) < 0) return -1;
  for (int s = 0; s < VT_STATUS_COUNT; s++) error_types[s] = base;
  for (size_t k = 0; k < sizeof table / sizeof *table; k++) {
    char full[64];
    snprintf(full, sizeof full, "vitrum.%s", table[k].name);
    PyObject *bases =
        table[k].extra ? PyTuple_Pack(2, base, *table[k].extra) : PyTuple_Pack(1, base);
    PyObject *t = bases ? PyErr_NewException(full, bases, NULL) : NULL;
    Py_XDECREF(bases);
    if (!t || PyModule_AddObjectRef(m, table[k].name, t) < 0) return -1;
    error_types[table[k].status] = t; /* the module keeps the reference */
    Py_DECREF(t);
  }
  Py_DECREF(base);
  return 0;
}

static PyObject *raise_status(int status, long line, const char *message) {
  PyObject *type = status > 0 && status < VT_STATUS_COUNT ? error_types[status] : error_types[1];
  PyObject *text = PyUnicode_DecodeUTF8(message, (Py_ssize_t)strlen(message), "replace");
  PyObject *exc = text ? PyObject_CallOneArg(type, text) : NULL;
  if (exc) {
    PyObject *st = PyLong_FromLong(status), *ln = PyLong_FromLong(line);
    if (st && ln && PyObject_SetAttrString(exc, "status", st) == 0 &&
        PyObject_SetAttrString(exc, "line", ln) == 0 &&
        PyObject_SetAttrString(exc, "message", text) == 0)
      PyErr_SetObject(type, exc);
    Py_XDECREF(st);
    Py_XDECREF(ln);
    Py_DECREF(exc);
  }
  Py_XDECREF(text);
  return NULL;
}

PyObject *vtpy_raise(const vt_error *err) {
  const char *msg = err->message[0] ? err->message : vt_strerror(err->status);
  return raise_status(err->status ? err->status : VT_EINVAL, err->line, msg);
}

PyObject *vtpy_raise_msg(int status, const char *fmt, ...) {
  char buf[VT_ERROR_MESSAGE_SIZE];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return raise_status(status, 0, buf);
}

/* ---- Long calls: cancellation and Ctrl-C ------------------------------------------------- */

static volatile sig_atomic_t got_sigint;
static int running;                  /* calls in flight; changed with the GIL held */
static unsigned long main_thread_id; /* SIGINT is delivered to Python's main thread */

static void on_sigint(int sig) {
  (void)sig;
  got_sigint = 1;
  vt_cancel_request();
}

void vtpy_call_begin(vtpy_call *c) {
  c->sigint_installed = 0;
  if (running++ == 0) { /* a request left from an earlier call must not stop this one */
    vt_cancel_clear();
    got_sigint = 0;
  }
  if (PyThread_get_thread_ident() != main_thread_id) return;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGINT, &sa, &c->old) == 0) {
    c->sigint_installed = 1;
    if (c->old.sa_handler == SIG_IGN) { /* the program ignores Ctrl-C: so do we */
      sigaction(SIGINT, &c->old, NULL);
      c->sigint_installed = 0;
    }
  }
}

int vtpy_call_end(vtpy_call *c, int rc, const vt_error *err) {
  int interrupted = 0;
  if (c->sigint_installed) {
    sigaction(SIGINT, &c->old, NULL);
    interrupted = got_sigint;
    got_sigint = 0;
  }
  if (--running == 0) vt_cancel_clear();
  if (interrupted && (!rc || rc == VT_ECANCELLED)) {
    /* Ctrl-C: Python's own way, KeyboardInterrupt (at once when the call stopped for it). */
    if (rc)
      PyErr_SetNone(PyExc_KeyboardInterrupt);
    else
      PyErr_SetInterrupt();
  } else if (rc) {
    vtpy_raise(err);
  }
  return rc;
}

/* ---- Callbacks ------------------------------------------------------------------------------ */

void vtpy_callback_call(vtpy_callback *cb, const char *fmt, ...) {
  PyGILState_STATE g = PyGILState_Ensure();
  va_list ap;
  va_start(ap, fmt);
  PyObject *args = Py_VaBuildValue(fmt, ap);
  va_end(ap);
  PyObject *r = args ? PyObject_CallObject(cb->fn, args) : NULL;
  if (!r && !cb->type) {
    PyErr_Fetch(&cb->type, &cb->value, &cb->tb);
    vt_cancel_request();
  }
  PyErr_Clear();
  Py_XDECREF(r);
  Py_XDECREF(args);
  PyGILState_Release(g);
}

int vtpy_callback_raise(vtpy_callback *cb) {
  if (!cb->type) return 0;
  PyErr_Restore(cb->type, cb->value, cb->tb);
  cb->type = cb->value = cb->tb = NULL;
  return 1;
}

/* ---- Arrays --------------------------------------------------------------------------------- */

static void free_capsule(PyObject *cap) {
  free(PyCapsule_GetPointer(cap, "vitrum.buffer"));
}

PyObject *vtpy_own_doubles(double *data, size_t n) {
  return vtpy_own_typed(data, n, NPY_DOUBLE);
}

PyObject *vtpy_own_typed(void *data, size_t n, int type) {
  npy_intp dims[1] = {(npy_intp)n};
  if (!data) return PyArray_ZEROS(1, dims, type, 0);
  PyObject *arr = PyArray_SimpleNewFromData(1, dims, type, data);
  PyObject *cap = arr ? PyCapsule_New(data, "vitrum.buffer", free_capsule) : NULL;
  if (!cap) {
    Py_XDECREF(arr);
    free(data);
    return NULL;
  }
  if (PyArray_SetBaseObject((PyArrayObject *)arr, cap) < 0) { /* steals cap, which frees data */
    Py_DECREF(arr);
    return NULL;
  }
  return arr;
}

static PyObject *copy_typed(const void *data, size_t n, int type, size_t size) {
  npy_intp dims[1] = {(npy_intp)n};
  PyObject *arr = PyArray_SimpleNew(1, dims, type);
  if (arr && n) memcpy(PyArray_DATA((PyArrayObject *)arr), data, n * size);
  return arr;
}

PyObject *vtpy_copy_doubles(const double *data, size_t n) {
  return copy_typed(data, data ? n : 0, NPY_DOUBLE, sizeof(double));
}

PyObject *vtpy_copy_ints(const int *data, size_t n) {
  return copy_typed(data, data ? n : 0, NPY_INT, sizeof(int));
}

PyObject *vtpy_copy_bytes_bool(const unsigned char *data, size_t n) {
  return copy_typed(data, data ? n : 0, NPY_BOOL, 1);
}

PyArrayObject *vtpy_doubles_in(PyObject *obj, const char *what) {
  PyObject *a = PyArray_FROMANY(obj, NPY_DOUBLE, 0, 1, NPY_ARRAY_IN_ARRAY | NPY_ARRAY_FORCECAST);
  if (!a) {
    PyErr_Format(PyExc_TypeError, "%s: expected a sequence of numbers", what);
    return NULL;
  }
  if (PyArray_NDIM((PyArrayObject *)a) == 0) { /* one number is a list of one */
    PyObject *r = PyArray_Reshape((PyArrayObject *)a, Py_BuildValue("(i)", 1));
    Py_DECREF(a);
    a = r;
  }
  return (PyArrayObject *)a;
}

/* ---- Option dicts --------------------------------------------------------------------------- */

int vtpy_opt_double(PyObject *dict, const char *key, double *dst) {
  PyObject *v = dict && dict != Py_None ? PyDict_GetItemString(dict, key) : NULL;
  if (!v || v == Py_None) return 0;
  double x = PyFloat_AsDouble(v);
  if (x == -1.0 && PyErr_Occurred()) return -1;
  *dst = x;
  return 0;
}

int vtpy_opt_int(PyObject *dict, const char *key, int *dst) {
  PyObject *v = dict && dict != Py_None ? PyDict_GetItemString(dict, key) : NULL;
  if (!v || v == Py_None) return 0;
  long x = PyLong_AsLong(v);
  if (x == -1 && PyErr_Occurred()) return -1;
  *dst = (int)x;
  return 0;
}

/* An array option: the converted array is kept alive in `keep` (a list). */
static int opt_array(PyObject *dict, const char *key, const double **data, size_t *n,
                     PyObject *keep) {
  PyObject *v = dict && dict != Py_None ? PyDict_GetItemString(dict, key) : NULL;
  if (!v || v == Py_None) return 0;
  PyArrayObject *a = vtpy_doubles_in(v, key);
  if (!a || PyList_Append(keep, (PyObject *)a) < 0) {
    Py_XDECREF(a);
    return -1;
  }
  *data = PyArray_DATA(a);
  *n = (size_t)PyArray_SIZE(a);
  Py_DECREF(a);
  return 0;
}

/* ---- Result dicts --------------------------------------------------------------------------- */

int vtpy_set(PyObject *dict, const char *key, PyObject *value) {
  if (!value) return -1;
  int rc = PyDict_SetItemString(dict, key, value);
  Py_DECREF(value);
  return rc;
}

int vtpy_set_double(PyObject *dict, const char *key, double v) {
  return vtpy_set(dict, key, PyFloat_FromDouble(v));
}

PyObject *vtpy_peak_dict(const vt_peak *p) {
  PyObject *d = PyDict_New();
  if (!d || vtpy_set_double(d, "area", p->area) || vtpy_set_double(d, "x_peak", p->x_peak) ||
      vtpy_set_double(d, "y_peak", p->y_peak) || vtpy_set_double(d, "fwhm", p->fwhm) ||
      vtpy_set_double(d, "x_half_low", p->x_half_low) ||
      vtpy_set_double(d, "x_half_high", p->x_half_high) ||
      vtpy_set_double(d, "x_onset", p->x_onset) || vtpy_set_double(d, "x_end", p->x_end)) {
    Py_XDECREF(d);
    return NULL;
  }
  return d;
}

/* ---- Core functions: units, version, cancellation ------------------------------------------ */

static const char *const dim_names[VT_DIM_COUNT] = {"none",
                                                    "temperature",
                                                    "temperature_step",
                                                    "time",
                                                    "rate",
                                                    "molar_energy",
                                                    "molar_heat_capacity",
                                                    "mass",
                                                    "molar_mass",
                                                    "energy",
                                                    "specific_energy",
                                                    "power",
                                                    "strain",
                                                    "strain_rate",
                                                    "stress",
                                                    "frequency",
                                                    "length",
                                                    "inverse_length",
                                                    "photon_energy"};

static int dim_of(const char *name, vt_dim *dim) {
  for (int d = 0; d < VT_DIM_COUNT; d++)
    if (strcmp(name, dim_names[d]) == 0) return *dim = (vt_dim)d, 0;
  PyErr_Format(PyExc_ValueError, "unknown dimension '%s'", name);
  return -1;
}

/* ---- Option tables (options.h): the grid's and the DSC's keywords ---------------------------- */

/* Set the field of every row of `table` that `dict` names (the row's name is the keyword: dT,
 * T_eq, ...): a string with its unit through vt_option_set_text (the row's signs checked, the
 * message naming the keyword), a number in SI as it is (vt_option_set_si: the instrument checks
 * its range). Absent keys and None keep the default; other keys are left to the caller (a fit's
 * dict holds its own). */
int vtpy_set_options(PyObject *dict, const vt_option *table, size_t n, void *opts) {
  for (size_t k = 0; dict && dict != Py_None && k < n; k++) {
    const vt_option *row = &table[k];
    PyObject *v = PyDict_GetItemString(dict, row->name);
    if (!v || v == Py_None) continue;
    vt_error err;
    int rc;
    if (PyUnicode_Check(v)) {
      const char *text = PyUnicode_AsUTF8(v);
      if (!text) return -1;
      rc = vt_option_set_text(row, opts, row->name, text, &err);
    } else {
      double x = PyBool_Check(v) ? 0.0 : PyFloat_AsDouble(v);
      if (PyBool_Check(v) || (x == -1.0 && PyErr_Occurred())) {
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "expected a number or a string with a unit for a %s, got %R",
                     dim_names[row->dim], v);
        return -1;
      }
      rc = vt_option_set_si(row, opts, x, &err);
    }
    if (rc) return vtpy_raise(&err), -1;
  }
  return 0;
}

int vtpy_grid_options(PyObject *dict, vt_grid_options *g, PyObject *keep) {
  size_t n;
  const vt_option *rows = vt_grid_option_table(&n);
  if (vtpy_set_options(dict, rows, n, g) ||
      opt_array(dict, "at_time_s", &g->at_time_s, &g->n_at_time, keep) ||
      opt_array(dict, "at_T_K", &g->at_T_K, &g->n_at_T, keep))
    return -1;
  return 0;
}

int vtpy_dsc_options(PyObject *dict, vt_dsc_options *o, PyObject *keep) {
  size_t n;
  const vt_option *rows = vt_dsc_option_table(&n);
  if (vtpy_set_options(dict, rows, n, o)) return -1;
  return vtpy_grid_options(dict, &o->grid, keep);
}

static const char *const kind_names[] = {"flag", "text",   "quantity", "list",
                                         "int",  "choice", "range"};

/* The option tables Python reads by name, each with its struct's size and defaults. A table
 * joins by two lines here: its DEFAULTS and its row in option_tables[]. */
#define DEFAULTS(fn, T, call)                                                                      \
  static void fn(void *p) {                                                                        \
    *(T *)p = call;                                                                                \
  }
DEFAULTS(grid_defaults, vt_grid_options, vt_grid_options_default())
DEFAULTS(dsc_defaults, vt_dsc_options, vt_dsc_options_default())
DEFAULTS(fit_defaults, vt_fit_options, vt_fit_options_default())
DEFAULTS(scan_fit_defaults, vt_scan_fit_options, vt_scan_fit_options_default())
DEFAULTS(cal_defaults, vt_cal_options, vt_cal_options_default())
DEFAULTS(pdf_read_defaults, vt_pattern_read_options, vt_pattern_read_options_default())
DEFAULTS(pdf_sq_defaults, vt_sq_options, vt_sq_options_default())
DEFAULTS(pdf_r_grid_defaults, vt_r_grid_options, vt_r_grid_options_default())
DEFAULTS(pdf_peak_defaults, vt_first_peak_options, vt_first_peak_options_default())
DEFAULTS(two_step_defaults, vt_two_step, vt_two_step_default())
DEFAULTS(strain_grid_defaults, vt_strain_grid_options, vt_strain_grid_options_default())
DEFAULTS(lammps_defaults, vt_lammps_options, vt_lammps_options_default())
DEFAULTS(agemap_defaults, vt_agemap_options, vt_agemap_options_default())
DEFAULTS(pel_map_defaults, vt_pel_map_options, vt_pel_map_options_default())
DEFAULTS(relax_fit_defaults, vt_relax_fit_options, vt_relax_fit_options_default())
#ifdef VITRUM_HAVE_MD /* md.h's tables exist only where md is built */
DEFAULTS(md_quench_defaults, vt_md_quench_options, vt_md_quench_default())
DEFAULTS(md_anneal_defaults, vt_md_anneal_options, vt_md_anneal_default())
DEFAULTS(md_min_defaults, vt_md_min_options, vt_md_min_default())
#endif
static const struct {
  const char *name;
  const vt_option *(*rows)(size_t *n);
  void (*defaults)(void *p);
  size_t size; /* of the options struct */
} option_tables[] = {
    {"grid", vt_grid_option_table, grid_defaults, sizeof(vt_grid_options)},
    {"dsc", vt_dsc_option_table, dsc_defaults, sizeof(vt_dsc_options)},
    {"fit", vt_fit_option_table, fit_defaults, sizeof(vt_fit_options)},
    {"scan_fit", vt_scan_fit_option_table, scan_fit_defaults, sizeof(vt_scan_fit_options)},
    {"cal", vt_cal_option_table, cal_defaults, sizeof(vt_cal_options)},
    {"pdf_read", vt_pattern_read_option_table, pdf_read_defaults, sizeof(vt_pattern_read_options)},
    {"pdf_sq", vt_sq_option_table, pdf_sq_defaults, sizeof(vt_sq_options)},
    {"pdf_r_grid", vt_r_grid_option_table, pdf_r_grid_defaults, sizeof(vt_r_grid_options)},
    {"pdf_peak", vt_first_peak_option_table, pdf_peak_defaults, sizeof(vt_first_peak_options)},
    {"two_step", vt_two_step_option_table, two_step_defaults, sizeof(vt_two_step)},
    {"strain_grid", vt_strain_grid_option_table, strain_grid_defaults,
     sizeof(vt_strain_grid_options)},
    {"lammps", vt_lammps_option_table, lammps_defaults, sizeof(vt_lammps_options)},
    {"agemap", vt_agemap_option_table, agemap_defaults, sizeof(vt_agemap_options)},
    {"pel_map", vt_pel_map_option_table, pel_map_defaults, sizeof(vt_pel_map_options)},
    {"relax_fit", vt_relax_fit_option_table, relax_fit_defaults, sizeof(vt_relax_fit_options)},
#ifdef VITRUM_HAVE_MD
    {"md_quench", vt_md_quench_option_table, md_quench_defaults, sizeof(vt_md_quench_options)},
    {"md_anneal", vt_md_anneal_option_table, md_anneal_defaults, sizeof(vt_md_anneal_options)},
    {"md_min", vt_md_min_option_table, md_min_defaults, sizeof(vt_md_min_options)},
#endif
};

/* options(which): the rows of the table named `which` as dicts (name, kind, dim, unit, arg,
 * help, default: the text help shows or None, default_si: a quantity's SI default or None). */
static PyObject *py_options(PyObject *self, PyObject *args) {
  (void)self;
  const char *which;
  if (!PyArg_ParseTuple(args, "s", &which)) return NULL;
  size_t t = 0, n_tables = sizeof option_tables / sizeof *option_tables;
  while (t < n_tables && strcmp(which, option_tables[t].name) != 0) t++;
  if (t == n_tables) return PyErr_Format(PyExc_ValueError, "unknown option table '%s'", which);
  _Alignas(max_align_t) char buf[4096];
  if (option_tables[t].size > sizeof buf)
    return PyErr_Format(PyExc_SystemError, "options struct of '%s' outgrows the buffer", which);
  size_t n;
  const vt_option *rows = option_tables[t].rows(&n);
  option_tables[t].defaults(buf);
  const void *defaults = buf;
  PyObject *list = PyList_New(0);
  for (size_t k = 0; list && k < n; k++) {
    const vt_option *r = &rows[k];
    char text[128];
    vt_option_format(r, defaults, text, sizeof text, NULL);
    int shown = *text && !(r->flags & (VT_OPTION_NO_DEFAULT | VT_OPTION_REQUIRED));
    int quantity = r->kind == VT_OPTION_QUANTITY && shown;
    double si = quantity ? *(const double *)((const char *)defaults + r->offset) : 0.0;
    PyObject *row = Py_BuildValue(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:N,s:N}", "name", r->name, "kind", kind_names[r->kind], "dim",
        dim_names[r->dim], "unit", r->unit ? r->unit : vt_dim_unit(r->dim), "arg",
        r->arg ? r->arg : "VALUE", "help", r->help, "default",
        shown ? PyUnicode_FromString(text) : Py_NewRef(Py_None), "default_si",
        quantity ? PyFloat_FromDouble(si) : Py_NewRef(Py_None));
    if (!row || PyList_Append(list, row)) Py_CLEAR(list);
    Py_XDECREF(row);
  }
  return list;
}

/* option_words(args): the words of the arguments with each '@NAME' replaced by its option
 * file's or shipped preset's words (vt_option_words). */
static PyObject *py_option_words(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *seq;
  if (!PyArg_ParseTuple(args, "O", &seq)) return NULL;
  PyObject *fast = PySequence_Fast(seq, "option_words: expected a sequence of strings");
  if (!fast) return NULL;
  Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
  const char **in = PyMem_Calloc((size_t)n + 1, sizeof *in);
  if (!in) {
    Py_DECREF(fast);
    return PyErr_NoMemory();
  }
  for (Py_ssize_t k = 0; k < n; k++)
    if (!(in[k] = PyUnicode_AsUTF8(PySequence_Fast_GET_ITEM(fast, k)))) {
      PyMem_Free(in);
      Py_DECREF(fast);
      return NULL;
    }
  char **words;
  size_t n_words;
  vt_error err;
  int rc = vt_option_words(in, (size_t)n, &words, &n_words, &err);
  PyMem_Free(in);
  Py_DECREF(fast);
  if (rc) return vtpy_raise(&err);
  PyObject *list = PyList_New((Py_ssize_t)n_words);
  for (size_t k = 0; list && k < n_words; k++) {
    PyObject *w = PyUnicode_FromString(words[k]);
    if (!w)
      Py_CLEAR(list);
    else
      PyList_SET_ITEM(list, (Py_ssize_t)k, w);
  }
  vt_words_free(words);
  return list;
}

static PyObject *py_parse_quantity(PyObject *self, PyObject *args) {
  (void)self;
  const char *text, *dname;
  vt_dim dim;
  if (!PyArg_ParseTuple(args, "ss", &text, &dname) || dim_of(dname, &dim)) return NULL;
  double v;
  vt_error err;
  if (vt_parse_quantity(text, dim, &v, &err)) return vtpy_raise(&err);
  return PyFloat_FromDouble(v);
}

static PyObject *py_from_si(PyObject *self, PyObject *args) {
  (void)self;
  double v;
  const char *dname, *unit;
  vt_dim dim;
  if (!PyArg_ParseTuple(args, "dss", &v, &dname, &unit) || dim_of(dname, &dim)) return NULL;
  double r = vt_from_si(v, dim, unit);
  if (r != r && v == v)
    return vtpy_raise_msg(VT_EUNIT, "unit '%s' is not a %s (%s)", unit, vt_dim_name(dim),
                          vt_dim_units(dim));
  return PyFloat_FromDouble(r);
}

static PyObject *py_dims(PyObject *self, PyObject *noargs) {
  (void)self, (void)noargs;
  PyObject *d = PyDict_New();
  for (int k = 0; d && k < VT_DIM_COUNT; k++)
    if (vtpy_set(d, dim_names[k],
                 Py_BuildValue("ss", vt_dim_name((vt_dim)k), vt_dim_units((vt_dim)k)))) {
      Py_CLEAR(d);
    }
  return d;
}

static PyObject *py_version(PyObject *self, PyObject *noargs) {
  (void)self, (void)noargs;
  return PyUnicode_FromString(vt_version());
}

static PyObject *py_cancel(PyObject *self, PyObject *noargs) {
  (void)self, (void)noargs;
  vt_cancel_request();
  Py_RETURN_NONE;
}

static PyObject *py_running(PyObject *self, PyObject *noargs) {
  (void)self, (void)noargs;
  return PyLong_FromLong(running);
}

PyMethodDef vtpy_core_methods[] = {
    {"parse_quantity", py_parse_quantity, METH_VARARGS, "parse_quantity(text, dim) -> SI float"},
    {"from_si", py_from_si, METH_VARARGS, "from_si(value_si, dim, unit) -> value in unit"},
    {"dims", py_dims, METH_NOARGS, "{dim: (name, accepted units)}"},
    {"options", py_options, METH_VARARGS, "options('grid' | 'dsc') -> rows of the option table"},
    {"option_words", py_option_words, METH_VARARGS,
     "option_words(args) -> the words with each '@NAME' expanded (option files, presets)"},
    {"version", py_version, METH_NOARGS, "libvitrum version"},
    {"cancel", py_cancel, METH_NOARGS, "vt_cancel_request(): stop the running calls"},
    {"running", py_running, METH_NOARGS, "long calls in flight"},
    {NULL, NULL, 0, NULL}};

/* ---- Module ------------------------------------------------------------------------------- */

static PyMethodDef *join_methods(void) {
  PyMethodDef *tables[] = {vtpy_core_methods,
                           vtpy_program_methods,
                           vtpy_model_methods,
                           vtpy_instrument_methods,
                           vtpy_curve_methods,
                           vtpy_analysis_methods,
                           vtpy_fit_methods,
                           vtpy_strain_methods,
                           vtpy_pel_methods,
                           vtpy_pdf_methods,
                           vtpy_strain_analysis_methods,
                           vtpy_stream_methods,
                           vtpy_sweep_methods,
                           vtpy_md_methods};
  size_t n = 1, k = 0;
  for (size_t t = 0; t < sizeof tables / sizeof *tables; t++)
    for (PyMethodDef *d = tables[t]; d->ml_name; d++) n++;
  PyMethodDef *all = calloc(n, sizeof *all); /* lives as long as the process: the module's */
  for (size_t t = 0; all && t < sizeof tables / sizeof *tables; t++)
    for (PyMethodDef *d = tables[t]; d->ml_name; d++) all[k++] = *d;
  return all;
}

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "vitrum._vitrum",
    .m_doc = "libvitrum bindings (use the `vitrum` package)",
    .m_size = -1,
};

/* Python's main thread (where SIGINT handlers run), wherever the module is first imported. */
static int main_thread_of(unsigned long *id) {
  PyObject *threading = PyImport_ImportModule("threading");
  PyObject *t = threading ? PyObject_CallMethod(threading, "main_thread", NULL) : NULL;
  PyObject *ident = t ? PyObject_GetAttrString(t, "ident") : NULL;
  if (ident) *id = PyLong_AsUnsignedLong(ident);
  Py_XDECREF(ident);
  Py_XDECREF(t);
  Py_XDECREF(threading);
  return ident && !PyErr_Occurred() ? 0 : -1;
}

PyMODINIT_FUNC PyInit__vitrum(void) {
  import_array();
  module_def.m_methods = join_methods();
  if (!module_def.m_methods) return PyErr_NoMemory();
  if (main_thread_of(&main_thread_id)) return NULL;
  PyObject *m = PyModule_Create(&module_def);
  if (!m) return NULL;
  if (make_errors(m) || PyType_Ready(&vtpy_ProgramType) < 0 || PyType_Ready(&vtpy_ModelType) < 0 ||
      PyType_Ready(&vtpy_ViscoType) < 0 || PyType_Ready(&vtpy_TpsType) < 0 ||
      PyModule_AddObjectRef(m, "_Program", (PyObject *)&vtpy_ProgramType) < 0 ||
      PyModule_AddObjectRef(m, "_Model", (PyObject *)&vtpy_ModelType) < 0 ||
      PyModule_AddObjectRef(m, "_Visco", (PyObject *)&vtpy_ViscoType) < 0 ||
      PyModule_AddObjectRef(m, "_Tps", (PyObject *)&vtpy_TpsType) < 0) {
    Py_DECREF(m);
    return NULL;
  }
  return m;
}
