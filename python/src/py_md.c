/* vitrum md (md.h): paper 003's quench and anneal on LAMMPS, when this libvitrum was built with
 * it (VITRUM_HAVE_MD). MPI is initialised on the first md call (a singleton: one rank, as
 * `vitrum md` without mpirun) and finalised when the interpreter exits. */
#include "vtpy.h"

#define NO_MD                                                                                      \
  "this build of libvitrum has no vitrum md (LAMMPS): install liblammps-dev, lammps-data and "     \
  "libopenmpi-dev (scripts/install-deps.sh) and build again"

#ifdef VITRUM_HAVE_MD
static int mpi_ready;

static void md_atexit(void) {
  vt_md_finalize();
}

static int md_start(void) {
  if (mpi_ready) return 0;
  int argc = 0;
  char **argv = NULL;
  if (vt_md_init(&argc, &argv)) {
    vtpy_raise_msg(VT_EIO, "vitrum md: cannot initialise MPI");
    return -1;
  }
  mpi_ready = 1;
  Py_AtExit(md_atexit);
  return 0;
}

/* A string option; the dict keeps the object (and so the text) alive during the call. */
static int opt_str(PyObject *d, const char *key, const char **dst) {
  PyObject *v = PyDict_GetItemString(d, key);
  if (!v || v == Py_None) return 0;
  *dst = PyUnicode_AsUTF8(v);
  return *dst ? 0 : -1;
}

static int opt_long(PyObject *d, const char *key, long *dst) {
  int v = (int)*dst;
  if (vtpy_opt_int(d, key, &v)) return -1;
  *dst = v;
  return 0;
}

static PyObject *result_dict(const vt_md_result *r) {
  return Py_BuildValue("{s:O,s:l,s:d,s:d,s:d,s:d,s:d,s:n}", "complete",
                       r->complete ? Py_True : Py_False, "atoms", r->atoms, "steps", r->steps,
                       "md_seconds", r->md_seconds, "min_seconds", r->min_seconds, "final_pe_eV",
                       r->final_pe_eV, "final_E_IS_eV", r->final_E_IS_eV, "samples",
                       (Py_ssize_t)r->samples);
}

/* md_quench(options, restart_path, log_path) -> result */
static PyObject *py_md_quench(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *d;
  const char *out, *log;
  vt_md_quench_options o = vt_md_quench_default();
  if (!PyArg_ParseTuple(args, "O!ss", &PyDict_Type, &d, &out, &log) ||
      opt_str(d, "composition", &o.composition) || opt_long(d, "atoms", &o.atoms) ||
      opt_str(d, "potential", &o.potential) || opt_long(d, "seed", &o.seed) ||
      vtpy_opt_double(d, "timestep_s", &o.timestep_s) ||
      vtpy_opt_double(d, "T_melt_K", &o.T_melt_K) || vtpy_opt_double(d, "melt_s", &o.melt_s) ||
      vtpy_opt_double(d, "rate_K_per_s", &o.rate_K_per_s) ||
      vtpy_opt_double(d, "T_end_K", &o.T_end_K) ||
      vtpy_opt_double(d, "checkpoint_s", &o.checkpoint_s) ||
      vtpy_opt_double(d, "stop_after_s", &o.stop_after_s) || md_start())
    return NULL;
  vt_md_result r;
  vt_error err;
  vtpy_call call;
  int rc;
  vtpy_call_begin(&call);
  Py_BEGIN_ALLOW_THREADS rc = vt_md_quench(&o, out, log, &r, &err);
  Py_END_ALLOW_THREADS return vtpy_call_end(&call, rc, &err) ? NULL : result_dict(&r);
}

/* md_anneal(options, quench_restart, curve, csv_path, log_path) -> result */
static PyObject *py_md_anneal(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *d;
  const char *from, *curve, *out, *log;
  vt_md_anneal_options o = vt_md_anneal_default();
  if (!PyArg_ParseTuple(args, "O!ssss", &PyDict_Type, &d, &from, &curve, &out, &log) ||
      vtpy_opt_double(d, "T_K", &o.T_K) || vtpy_opt_double(d, "time_s", &o.time_s) ||
      vtpy_opt_double(d, "every_s", &o.every_s) || opt_long(d, "seed", &o.seed) ||
      vtpy_opt_double(d, "timestep_s", &o.timestep_s) || vtpy_opt_int(d, "sample", &o.sample) ||
      opt_str(d, "save_samples", &o.save_samples) || opt_str(d, "min_style", &o.min.style) ||
      vtpy_opt_double(d, "etol", &o.min.etol) || vtpy_opt_double(d, "ftol", &o.min.ftol) ||
      opt_long(d, "maxiter", &o.min.maxiter) || opt_long(d, "maxeval", &o.min.maxeval) ||
      vtpy_opt_double(d, "stop_after_s", &o.stop_after_s) || md_start())
    return NULL;
  vt_md_result r;
  vt_error err;
  vtpy_call call;
  int rc;
  vtpy_call_begin(&call);
  Py_BEGIN_ALLOW_THREADS rc = vt_md_anneal(&o, from, curve, out, log, &r, &err);
  Py_END_ALLOW_THREADS return vtpy_call_end(&call, rc, &err) ? NULL : result_dict(&r);
}

/* md_parse_quantity(text, dim name) -> SI, with the MD units (fs, ps, K/ps, K/ns) */
static PyObject *py_md_parse_quantity(PyObject *self, PyObject *args) {
  (void)self;
  const char *text;
  int dim;
  if (!PyArg_ParseTuple(args, "si", &text, &dim)) return NULL;
  double v;
  vt_error err;
  if (vt_md_parse_quantity(text, (vt_dim)dim, &v, &err)) return vtpy_raise(&err);
  return PyFloat_FromDouble(v);
}

static PyObject *py_md_available(PyObject *self, PyObject *noargs) {
  (void)self, (void)noargs;
  Py_RETURN_TRUE;
}
#else
static PyObject *no_md(PyObject *self, PyObject *args) {
  (void)self, (void)args;
  return vtpy_raise_msg(VT_ENOTFOUND, NO_MD);
}
#define py_md_quench         no_md
#define py_md_anneal         no_md
#define py_md_parse_quantity no_md

static PyObject *py_md_available(PyObject *self, PyObject *noargs) {
  (void)self, (void)noargs;
  Py_RETURN_FALSE;
}
#endif

PyMethodDef vtpy_md_methods[] = {
    {"md_available", py_md_available, METH_NOARGS, "whether this build has vitrum md"},
    {"md_quench", py_md_quench, METH_VARARGS, "md_quench(options, restart, log) -> result"},
    {"md_anneal", py_md_anneal, METH_VARARGS,
     "md_anneal(options, from, curve, csv, log) -> result"},
    {"md_parse_quantity", py_md_parse_quantity, METH_VARARGS,
     "md_parse_quantity(text, dim index) -> SI (fs, ps, K/ps, K/ns too)"},
    {NULL, NULL, 0, NULL}};
