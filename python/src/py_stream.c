/* Streaming simulation (vt_simulate_stream): rows gathered into chunks of numpy arrays and
 * handed to a Python callable as each chunk fills, so memory stays at one chunk plus the
 * model's state for any program length. The run holds no GIL between chunks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vtpy.h"

#define N_COLS 9

typedef struct stream_ctx {
  size_t chunk, n;    /* rows per chunk, rows in the current one */
  double *d[6];       /* time_s, T_K, Tf_K, dH_J_per_mol, Cp_N, H_conf_J_per_mol */
  double *t_seg;      /* t_seg_s */
  int *segment;       /* segment */
  unsigned char *req; /* requested */
  PyObject *callback; /* called with a dict of the chunk's columns */
  const char *stop;   /* one byte the consumer sets (from any thread) to stop the run */
  size_t rows;        /* rows handed over so far */
  int py_failed;      /* the callback raised: its exception is pending */
} stream_ctx;

static void chunk_free(stream_ctx *c) {
  for (int k = 0; k < 6; k++) free(c->d[k]), c->d[k] = NULL;
  free(c->t_seg), free(c->segment), free(c->req);
  c->t_seg = NULL, c->segment = NULL, c->req = NULL;
}

static int chunk_alloc(stream_ctx *c) {
  for (int k = 0; k < 6; k++) c->d[k] = malloc(c->chunk * sizeof(double));
  c->t_seg = malloc(c->chunk * sizeof(double));
  c->segment = malloc(c->chunk * sizeof(int));
  c->req = malloc(c->chunk);
  c->n = 0;
  int ok = c->t_seg && c->segment && c->req;
  for (int k = 0; k < 6; k++) ok = ok && c->d[k];
  if (!ok) chunk_free(c);
  return ok ? 0 : -1;
}

/* The chunk's arrays move into numpy (no copy) and go to the callback; with the GIL held.
 * -1 with an exception set. */
static int chunk_deliver(stream_ctx *c) {
  static const char *const names[N_COLS] = {"time_s",       "T_K",     "Tf_K",
                                            "dH_J_per_mol", "Cp_N",    "H_conf_J_per_mol",
                                            "segment",      "t_seg_s", "requested"};
  size_t n = c->n;
  PyObject *cols[N_COLS];
  for (int k = 0; k < 6; k++) cols[k] = vtpy_own_doubles(c->d[k], n);
  cols[6] = vtpy_own_typed(c->segment, n, NPY_INT);
  cols[7] = vtpy_own_doubles(c->t_seg, n);
  cols[8] = vtpy_own_typed(c->req, n, NPY_BOOL);
  memset(c->d, 0, sizeof c->d); /* every buffer now belongs to numpy (or was freed) */
  c->t_seg = NULL, c->segment = NULL, c->req = NULL;
  PyObject *d = PyDict_New();
  int bad = !d;
  for (int k = 0; k < N_COLS; k++) {
    if (!cols[k] || (!bad && PyDict_SetItemString(d, names[k], cols[k]))) bad = 1;
    Py_XDECREF(cols[k]);
  }
  PyObject *r = bad ? NULL : PyObject_CallOneArg(c->callback, d);
  Py_XDECREF(d);
  if (!r) return -1;
  Py_DECREF(r);
  c->rows += n;
  return 0;
}

static int stop_with(vt_error *err, int status, const char *why) {
  err->status = status;
  err->line = 0;
  snprintf(err->message, sizeof err->message, "%s", why);
  return status;
}

/* Deliver the chunk from the computing thread (the GIL for the call only); `again`: a fresh
 * chunk for the rows to come. */
static int flush(stream_ctx *c, int again, vt_error *err) {
  PyGILState_STATE g = PyGILState_Ensure();
  c->py_failed = chunk_deliver(c) != 0;
  PyGILState_Release(g);
  if (c->py_failed) return stop_with(err, VT_ECANCELLED, "stopped: the chunk callback raised");
  if (again && chunk_alloc(c)) return stop_with(err, VT_ENOMEM, "out of memory (stream chunk)");
  return VT_OK;
}

static int on_row(const vt_trace_row *row, void *user, vt_error *err) {
  stream_ctx *c = user;
  if (*(volatile const char *)c->stop)
    return stop_with(err, VT_ECANCELLED, "stream stopped by its consumer");
  size_t i = c->n++;
  double v[6] = {row->time_s,       row->T_K, row->Tf_K,
                 row->dH_J_per_mol, row->CpN, row->H_conf_J_per_mol};
  for (int k = 0; k < 6; k++) c->d[k][i] = v[k];
  c->t_seg[i] = row->t_seg_s;
  c->segment[i] = row->segment;
  c->req[i] = row->requested;
  return c->n == c->chunk ? flush(c, 1, err) : VT_OK;
}

/* simulate_stream(model, program, grid, chunk_rows, callback, stop: bytearray(1)) -> rows */
static PyObject *py_simulate_stream(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *mo, *po, *opts, *cb, *stop_obj;
  Py_ssize_t chunk;
  if (!PyArg_ParseTuple(args, "OOOnOY", &mo, &po, &opts, &chunk, &cb, &stop_obj)) return NULL;
  if (chunk < 1 || PyByteArray_GET_SIZE(stop_obj) < 1 || !PyCallable_Check(cb))
    return vtpy_raise_msg(VT_EINVAL, "simulate_stream: chunk >= 1, a callable, a stop byte");
  const vt_program *p = vtpy_program_get(po, 0);
  vt_grid_options go = vt_grid_options_default();
  PyObject *keep = p ? PyList_New(0) : NULL;
  stream_ctx c = {.chunk = (size_t)chunk, .callback = cb, .stop = PyByteArray_AS_STRING(stop_obj)};
  if (!keep || vtpy_grid_options(opts, &go, keep) || chunk_alloc(&c)) {
    if (keep && !PyErr_Occurred()) PyErr_NoMemory();
    Py_XDECREF(keep);
    return NULL;
  }
  vt_model *m = vtpy_model_acquire(mo);
  vt_error err;
  int rc = m ? VT_OK : -1;
  if (m) {
    vtpy_call call;
    vtpy_call_begin(&call);
    Py_BEGIN_ALLOW_THREADS rc = vt_simulate_stream(m, p, &go, on_row, &c, &err);
    if (!rc && c.n) rc = flush(&c, 0, &err); /* the last, partial chunk */
    Py_END_ALLOW_THREADS vtpy_model_release(mo);
    if (c.py_failed) { /* the callback's own exception wins */
      vtpy_call_end(&call, 0, &err);
      rc = -1;
    } else {
      vtpy_call_end(&call, rc, &err);
    }
  }
  chunk_free(&c);
  Py_DECREF(keep);
  if (rc || PyErr_Occurred()) return NULL;
  return PyLong_FromSize_t(c.rows);
}

PyMethodDef vtpy_stream_methods[] = {
    {"simulate_stream", py_simulate_stream, METH_VARARGS,
     "simulate_stream(model, program, grid, chunk_rows, callback, stop) -> rows"},
    {NULL, NULL, 0, NULL}};
