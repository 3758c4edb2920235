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

/* The keywords of a run: the rows of its library table by name (vitrum/md.h). md.py has checked
 * the names and turned quantities with MD units into SI (vt_md_parse_quantity); a text is kept
 * alive by the dict during the call. */
static int md_options(PyObject *d, const vt_option *(*table)(size_t *n), void *o) {
  size_t n;
  const vt_option *rows = table(&n);
  return vtpy_set_options(d, rows, n, o);
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
      md_options(d, vt_md_quench_option_table, &o) || md_start())
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
      md_options(d, vt_md_anneal_option_table, &o) ||
      md_options(d, vt_md_min_option_table, &o.min) || md_start())
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

/* md_output_names(output) -> (log, curve): the names a run takes by default
 * (vt_md_output_names) */
static PyObject *py_md_output_names(PyObject *self, PyObject *args) {
  (void)self;
  const char *out;
  char log[4096], curve[4096];
  vt_error err;
  if (!PyArg_ParseTuple(args, "s", &out)) return NULL;
  if (vt_md_output_names(out, log, sizeof log, curve, sizeof curve, &err)) return vtpy_raise(&err);
  return Py_BuildValue("ss", log, curve);
}

/* md_world() -> (rank, size) of MPI_COMM_WORLD (MPI started first: under mpirun, N ranks) */
static PyObject *py_md_world(PyObject *self, PyObject *noargs) {
  (void)self, (void)noargs;
  if (md_start()) return NULL;
  return Py_BuildValue("ii", vt_md_world_rank(), vt_md_world_size());
}

static PyObject *min_dict(const vt_md_min_options *m) {
  return Py_BuildValue("{s:s,s:d,s:d,s:i,s:i}", "min_style", m->style, "etol", m->etol, "ftol",
                       m->ftol, "maxiter", m->maxiter, "maxeval", m->maxeval);
}

/* md_defaults() -> (quench, anneal, min) option dicts of the library (SI) */
static PyObject *py_md_defaults(PyObject *self, PyObject *noargs) {
  (void)self, (void)noargs;
  vt_md_quench_options q = vt_md_quench_default();
  vt_md_anneal_options a = vt_md_anneal_default();
  vt_md_min_options m = vt_md_min_default();
  return Py_BuildValue("{s:s,s:i,s:s,s:i,s:d,s:d,s:d,s:d,s:d,s:d}{s:d,s:d,s:d,s:i,s:d,s:i}N",
                       "composition", q.composition, "atoms", q.atoms, "potential", q.potential,
                       "seed", q.seed, "timestep_s", q.timestep_s, "T_melt_K", q.T_melt_K, "melt_s",
                       q.melt_s, "rate_K_per_s", q.rate_K_per_s, "T_end_K", q.T_end_K,
                       "checkpoint_s", q.checkpoint_s, "T_K", a.T_K, "time_s", a.time_s, "every_s",
                       a.every_s, "seed", a.seed, "timestep_s", a.timestep_s, "sample", a.sample,
                       min_dict(&m));
}

/* md_check_system(composition, atoms, potential) -> [count per element] */
static PyObject *py_md_check_system(PyObject *self, PyObject *args) {
  (void)self;
  const char *comp, *pot;
  long atoms, counts[8];
  size_t n;
  vt_error err;
  if (!PyArg_ParseTuple(args, "sls", &comp, &atoms, &pot)) return NULL;
  if (vt_md_check_system(comp, atoms, pot, counts, &n, &err)) return vtpy_raise(&err);
  PyObject *l = PyList_New((Py_ssize_t)n);
  for (size_t i = 0; l && i < n; i++) PyList_SET_ITEM(l, (Py_ssize_t)i, PyLong_FromLong(counts[i]));
  return l;
}

/* ---- Campaigns: a capsule owns the vt_md_campaign ---- */

static void campaign_free(PyObject *cap) {
  vt_md_campaign_free(PyCapsule_GetPointer(cap, "vitrum.md_campaign"));
}

static PyObject *py_md_campaign_read(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *path;
  if (!PyArg_ParseTuple(args, "O&", PyUnicode_FSConverter, &path)) return NULL;
  vt_error err;
  vt_md_campaign *c = vt_md_campaign_read(PyBytes_AS_STRING(path), &err);
  Py_DECREF(path);
  if (!c) return vtpy_raise(&err);
  PyObject *cap = PyCapsule_New(c, "vitrum.md_campaign", campaign_free);
  if (!cap) vt_md_campaign_free(c);
  return cap;
}

static vt_md_campaign *campaign_of(PyObject *cap) {
  return PyCapsule_GetPointer(cap, "vitrum.md_campaign");
}

static PyObject *job_dict(const vt_md_job *j) {
  return Py_BuildValue("{s:s,s:s,s:d,s:d,s:l,s:i,s:d,s:O}", "name", j->name, "kind",
                       j->kind ? "anneal" : "quench", "rate_K_per_s", j->rate_K_per_s, "T_K",
                       j->T_K, "seed", j->seed, "depends", j->depends, "atom_steps", j->atom_steps,
                       "done", j->done ? Py_True : Py_False);
}

/* md_campaign_plan(campaign, folder, ranks_per_job, s_per_atom_step) -> ([job], estimate) */
static PyObject *py_md_campaign_plan(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *cap;
  const char *folder;
  int rpj;
  double cost;
  vt_md_campaign *c;
  const vt_md_job *jobs;
  size_t n;
  vt_md_estimate e;
  vt_error err;
  if (!PyArg_ParseTuple(args, "Osid", &cap, &folder, &rpj, &cost) || !(c = campaign_of(cap)) ||
      md_start())
    return NULL;
  if (vt_md_campaign_plan(c, folder, &jobs, &n, &err) ||
      vt_md_plan_estimate(jobs, n, rpj, cost, &e, &err))
    return vtpy_raise(&err);
  PyObject *l = PyList_New((Py_ssize_t)n);
  for (size_t i = 0; l && i < n; i++) {
    PyObject *d = job_dict(&jobs[i]);
    if (!d) return Py_DECREF(l), NULL;
    PyList_SET_ITEM(l, (Py_ssize_t)i, d);
  }
  return l ? Py_BuildValue("N{s:n,s:n,s:d,s:d,s:d,s:i,s:d}", l, "jobs", (Py_ssize_t)e.jobs, "todo",
                           (Py_ssize_t)e.todo, "atom_steps", e.atom_steps, "atom_steps_left",
                           e.atom_steps_left, "s_per_atom_step", e.s_per_atom_step, "partitions",
                           e.partitions, "hours", e.hours)
           : NULL;
}

/* md_measure_cost(campaign, ranks_per_job) -> s per atom-step (collective) */
static PyObject *py_md_measure_cost(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *cap;
  int rpj, rc;
  double cost = 0.0;
  vt_md_campaign *c;
  vt_error err;
  vtpy_call call;
  if (!PyArg_ParseTuple(args, "Oi", &cap, &rpj) || !(c = campaign_of(cap)) || md_start())
    return NULL;
  vtpy_call_begin(&call);
  Py_BEGIN_ALLOW_THREADS rc = vt_md_measure_cost(c, rpj, &cost, &err);
  Py_END_ALLOW_THREADS return vtpy_call_end(&call, rc, &err) ? NULL : PyFloat_FromDouble(cost);
}

/* job_done(finished, total) on world rank 0 inside the run (vtpy_callback). */
static void job_done(void *ctx, size_t finished, size_t total) {
  vtpy_callback_call(ctx, "(nn)", (Py_ssize_t)finished, (Py_ssize_t)total);
}

/* md_campaign_run(campaign, folder, ranks_per_job, job_done or None) (collective) */
static PyObject *py_md_campaign_run(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *cap, *fn;
  const char *folder;
  vt_md_campaign *c;
  vt_md_campaign_options o = vt_md_campaign_default();
  if (!PyArg_ParseTuple(args, "OsiO", &cap, &folder, &o.ranks_per_job, &fn) ||
      !(c = campaign_of(cap)) || md_start())
    return NULL;
  vtpy_callback cb = {fn, NULL, NULL, NULL};
  if (fn != Py_None) o.job_done = job_done, o.ctx = &cb;
  vt_error err;
  vtpy_call call;
  int rc;
  vtpy_call_begin(&call);
  Py_BEGIN_ALLOW_THREADS rc = vt_md_campaign_run(c, folder, &o, &err);
  Py_END_ALLOW_THREADS if (cb.type) {
    vtpy_call_end(&call, 0, &err);
    return vtpy_callback_raise(&cb), NULL;
  }
  if (vtpy_call_end(&call, rc, &err)) return NULL;
  Py_RETURN_NONE;
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
#define py_md_world          no_md
#define py_md_defaults       no_md
#define py_md_check_system   no_md
#define py_md_campaign_read  no_md
#define py_md_campaign_plan  no_md
#define py_md_measure_cost   no_md
#define py_md_campaign_run   no_md
#define py_md_output_names   no_md

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
    {"md_world", (PyCFunction)py_md_world, METH_NOARGS, "md_world() -> (rank, size)"},
    {"md_defaults", (PyCFunction)py_md_defaults, METH_NOARGS,
     "md_defaults() -> (quench, anneal, min) options"},
    {"md_check_system", py_md_check_system, METH_VARARGS,
     "md_check_system(composition, atoms, potential) -> counts"},
    {"md_campaign_read", py_md_campaign_read, METH_VARARGS, "md_campaign_read(path) -> campaign"},
    {"md_campaign_plan", py_md_campaign_plan, METH_VARARGS,
     "md_campaign_plan(campaign, folder, ranks_per_job, s_per_atom_step) -> (jobs, estimate)"},
    {"md_measure_cost", py_md_measure_cost, METH_VARARGS,
     "md_measure_cost(campaign, ranks_per_job) -> s per atom-step"},
    {"md_campaign_run", py_md_campaign_run, METH_VARARGS,
     "md_campaign_run(campaign, folder, ranks_per_job, job_done)"},
    {"md_output_names", py_md_output_names, METH_VARARGS,
     "md_output_names(output) -> (log, curve) a run takes by default"},
    {"md_parse_quantity", py_md_parse_quantity, METH_VARARGS,
     "md_parse_quantity(text, dim index) -> SI (fs, ps, K/ps, K/ns too)"},
    {NULL, NULL, 0, NULL}};
