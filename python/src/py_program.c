/* Thermal programs (program.h): the _Program handle and its constructors. The Python Program
 * builds one completely before any use and never changes it, so a program is only ever read
 * while calls run with the GIL released. */
#include "vtpy.h"

static void program_dealloc(vtpy_Program *self) {
  vt_program_free(self->prog);
  Py_TYPE(self)->tp_free((PyObject *)self);
}

PyObject *vtpy_program_wrap(vt_program *prog) {
  vtpy_Program *p = PyObject_New(vtpy_Program, &vtpy_ProgramType);
  if (!p) {
    vt_program_free(prog);
    return NULL;
  }
  p->prog = prog;
  return (PyObject *)p;
}

const vt_program *vtpy_program_get(PyObject *obj, int none_ok) {
  if (none_ok && obj == Py_None) return NULL;
  if (!PyObject_TypeCheck(obj, &vtpy_ProgramType)) {
    PyErr_SetString(PyExc_TypeError, "expected a vitrum program handle");
    return NULL;
  }
  return ((vtpy_Program *)obj)->prog;
}

static PyObject *wrap_or_raise(vt_program *p, const vt_error *err) {
  return p ? vtpy_program_wrap(p) : vtpy_raise(err);
}

static PyObject *py_program_parse(PyObject *self, PyObject *args) {
  (void)self;
  const char *text, *source;
  if (!PyArg_ParseTuple(args, "ss", &text, &source)) return NULL;
  vt_error err;
  return wrap_or_raise(vt_program_parse(text, source, &err), &err);
}

static PyObject *py_program_read(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *path;
  if (!PyArg_ParseTuple(args, "O&", PyUnicode_FSConverter, &path)) return NULL;
  vt_error err;
  vt_program *p = vt_program_read(PyBytes_AS_STRING(path), &err);
  Py_DECREF(path);
  return wrap_or_raise(p, &err);
}

static PyObject *py_path_programs(PyObject *self, PyObject *args) {
  (void)self;
  double T_s, T_a, phi, t_a;
  if (!PyArg_ParseTuple(args, "dddd", &T_s, &T_a, &phi, &t_a)) return NULL;
  vt_error err;
  vt_program *c = vt_path_cooling_program(T_s, T_a, phi, &err);
  if (!c) return vtpy_raise(&err);
  vt_program *i = vt_path_isothermal_program(T_a, t_a, &err);
  if (!i) {
    vt_program_free(c);
    return vtpy_raise(&err);
  }
  PyObject *pc = vtpy_program_wrap(c), *pi = vtpy_program_wrap(i);
  if (!pc || !pi) {
    Py_XDECREF(pc);
    Py_XDECREF(pi);
    return NULL;
  }
  return Py_BuildValue("NN", pc, pi);
}

static PyObject *segment_tuple(const vt_segment *s) {
  static const char *kinds[] = {"ramp", "hold", "jump"};
  return Py_BuildValue("sdddl", kinds[s->kind], s->target_K, s->rate_K_per_s, s->duration_s,
                       s->line);
}

static PyObject *program_segments(vtpy_Program *self, PyObject *noargs) {
  (void)noargs;
  size_t n = vt_program_segment_count(self->prog);
  PyObject *list = PyList_New((Py_ssize_t)n);
  for (size_t i = 0; list && i < n; i++) {
    PyObject *t = segment_tuple(vt_program_segment(self->prog, i));
    if (!t)
      Py_CLEAR(list);
    else
      PyList_SET_ITEM(list, (Py_ssize_t)i, t);
  }
  return list;
}

static PyObject *program_start(vtpy_Program *self, void *closure) {
  (void)closure;
  return PyFloat_FromDouble(vt_program_start_K(self->prog));
}

static PyObject *program_duration(vtpy_Program *self, void *closure) {
  (void)closure;
  return PyFloat_FromDouble(vt_program_duration_s(self->prog));
}

/* The grid a simulation visits: (time_s, T_K, segment) arrays. */
static PyObject *program_grid(vtpy_Program *self, PyObject *opts) {
  vt_grid_options go = vt_grid_options_default();
  PyObject *keep = PyList_New(0);
  if (!keep || vtpy_grid_options(opts, &go, keep)) {
    Py_XDECREF(keep);
    return NULL;
  }
  vt_grid g = {0};
  vt_error err;
  int rc = vt_grid_build(self->prog, &go, &g, &err);
  Py_DECREF(keep);
  if (rc) return vtpy_raise(&err);
  PyObject *r = Py_BuildValue("NNN", vtpy_copy_doubles(g.time_s, g.n),
                              vtpy_copy_doubles(g.T_K, g.n), vtpy_copy_ints(g.segment, g.n));
  vt_grid_free(&g);
  return r;
}

/* copy() -> an independent program (vt_program_copy); end_K(index) -> the temperature at the
 * end of segment index (-1: the start; vt_program_end_K). */
static PyObject *program_copy(vtpy_Program *self, PyObject *noargs) {
  (void)noargs;
  vt_error err;
  vt_program *c = vt_program_copy(self->prog, &err);
  return c ? vtpy_program_wrap(c) : vtpy_raise(&err);
}

static PyObject *program_end_K(vtpy_Program *self, PyObject *args) {
  Py_ssize_t i;
  if (!PyArg_ParseTuple(args, "n", &i)) return NULL;
  if (i < -1 || i >= (Py_ssize_t)vt_program_segment_count(self->prog))
    return vtpy_raise_msg(VT_ERANGE, "segment %zd: the program has %zu", i,
                          vt_program_segment_count(self->prog));
  return PyFloat_FromDouble(vt_program_end_K(self->prog, i < 0 ? (size_t)-1 : (size_t)i));
}

static PyMethodDef program_type_methods[] = {
    {"copy", (PyCFunction)program_copy, METH_NOARGS, "an independent copy"},
    {"end_K", (PyCFunction)program_end_K, METH_VARARGS, "end_K(index) -> K (-1: the start)"},
    {"segments", (PyCFunction)program_segments, METH_NOARGS,
     "[(kind, target_K, rate_K_per_s, duration_s, line)]"},
    {"grid", (PyCFunction)program_grid, METH_O, "grid(options) -> (time_s, T_K, segment)"},
    {NULL, NULL, 0, NULL}};

static PyGetSetDef program_getset[] = {
    {"start_K", (getter)program_start, NULL, "equilibrium start temperature, K", NULL},
    {"duration_s", (getter)program_duration, NULL, "total duration, s", NULL},
    {NULL, NULL, NULL, NULL, NULL}};

PyTypeObject vtpy_ProgramType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "vitrum._vitrum._Program",
    .tp_basicsize = sizeof(vtpy_Program),
    .tp_dealloc = (destructor)program_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A vt_program handle (use vitrum.Program)",
    .tp_methods = program_type_methods,
    .tp_getset = program_getset,
};

PyMethodDef vtpy_program_methods[] = {
    {"program_parse", py_program_parse, METH_VARARGS, "program_parse(text, source) -> _Program"},
    {"program_read", py_program_read, METH_VARARGS, "program_read(path) -> _Program"},
    {"path_programs", py_path_programs, METH_VARARGS,
     "path_programs(T_s_K, T_a_K, phi_K_per_s, t_a_s) -> (cooling, isothermal)"},
    {NULL, NULL, 0, NULL}};
