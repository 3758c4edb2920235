/* Shared declarations of the `vitrum._vitrum` extension: errors, long calls (GIL, Ctrl-C),
 * numpy arrays, option dicts and the two handle types. One file per library layer uses them. */
#ifndef VTPY_H
#define VTPY_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#define NPY_NO_DEPRECATED_API  NPY_1_7_API_VERSION
#define PY_ARRAY_UNIQUE_SYMBOL vtpy_ARRAY_API
#ifndef VTPY_IMPORT_ARRAY
#define NO_IMPORT_ARRAY
#endif
#include <numpy/arrayobject.h>
#include <signal.h>

#include "vitrum/vitrum.h"

/* ---- Errors (_vitrum.c) ---- */
/* Raise the vitrum.Error subclass of err->status with the library's message; returns NULL. */
PyObject *vtpy_raise(const vt_error *err);
/* The same for a status with a message of ours (argument checks in the binding). */
PyObject *vtpy_raise_msg(int status, const char *fmt, ...);

/* ---- Long calls (_vitrum.c) ----
 * Between begin and end the GIL is released by the caller (Py_BEGIN_ALLOW_THREADS). begin
 * clears the cancellation flag when no other call runs and, on the main thread, routes SIGINT
 * to vt_cancel_request; end restores the handler and turns a Ctrl-C into KeyboardInterrupt. */
typedef struct vtpy_call {
  int sigint_installed;
  struct sigaction old;
} vtpy_call;
void vtpy_call_begin(vtpy_call *c);
/* Returns rc; when rc != 0 the exception is set (from err, or KeyboardInterrupt). */
int vtpy_call_end(vtpy_call *c, int rc, const vt_error *err);

/* ---- Python callbacks from inside a long call (_vitrum.c) ----
 * The library calls them with the GIL released, from any of its threads: the call takes the
 * GIL; the first exception a callback raises is kept and cancels the running call
 * (vt_cancel_request), and the binding raises it when the call has returned. */
typedef struct vtpy_callback {
  PyObject *fn, *type, *value, *tb;
} vtpy_callback;
void vtpy_callback_call(vtpy_callback *cb, const char *fmt, ...);
/* After the call: 1 with the kept exception set (end the call first), else 0. */
int vtpy_callback_raise(vtpy_callback *cb);

/* ---- Arrays (_vitrum.c) ---- */
/* A 1-D float64 array over malloc'd data that numpy frees with the array (no copy). On
 * failure the data is freed and NULL returned. */
PyObject *vtpy_own_doubles(double *data, size_t n);
/* The same for another numpy type of element (NPY_INT for int, NPY_BOOL for unsigned char). */
PyObject *vtpy_own_typed(void *data, size_t n, int type);
PyObject *vtpy_copy_doubles(const double *data, size_t n);
PyObject *vtpy_copy_ints(const int *data, size_t n);
PyObject *vtpy_copy_bytes_bool(const unsigned char *data, size_t n);
/* A contiguous float64 1-D view or copy of any sequence (new reference), NULL with TypeError. */
PyArrayObject *vtpy_doubles_in(PyObject *obj, const char *what);

/* ---- Option dicts (_vitrum.c): SI floats by field name; absent keys keep the default ---- */
int vtpy_opt_double(PyObject *dict, const char *key, double *dst);
int vtpy_opt_int(PyObject *dict, const char *key, int *dst);
/* Grid and DSC options through the library's option tables: dict[row name] (dT, T_eq, ...) is a
 * number in SI or a string with its unit; the grid's request arrays at_time_s / at_T_K (SI)
 * are held in *keep (a list) while the options live. */
int vtpy_grid_options(PyObject *dict, vt_grid_options *g, PyObject *keep);
/* Set the fields of `opts` that `dict` names by the rows of an option table (options.h): a
 * string with its unit, or a number in SI; None and absent keys keep the default. 0 or -1 (a
 * Python error set). */
int vtpy_set_options(PyObject *dict, const vt_option *table, size_t n, void *opts);
/* The strain protocol's (t2, rate; `two` may be NULL) and grid's keywords (py_strain.c). */
int vtpy_two_step_options(PyObject *dict, vt_two_step *two, vt_strain_grid_options *grid);
int vtpy_dsc_options(PyObject *dict, vt_dsc_options *o, PyObject *keep);
/* Calorimetry options (py_curves.c; the keys of vitrum.calorimetry.analyse's dict). */
int vtpy_cal_options(PyObject *dict, vt_cal_options *o);

/* ---- Handles (py_program.c, py_model.c) ---- */
typedef struct vtpy_Program {
  PyObject_HEAD vt_program *prog;
} vtpy_Program;

typedef struct vtpy_Model {
  PyObject_HEAD vt_model *model;
  int busy; /* a call holds the model with the GIL released: others must not touch it */
} vtpy_Model;

extern PyTypeObject vtpy_ProgramType, vtpy_ModelType, vtpy_ViscoType, vtpy_TpsType;
/* The model of `obj` marked busy (NULL with an exception: wrong type, or in use). */
vt_model *vtpy_model_acquire(PyObject *obj);
void vtpy_model_release(PyObject *obj);
/* The program of `obj` (NULL with TypeError); Py_None gives NULL without error when allowed. */
const vt_program *vtpy_program_get(PyObject *obj, int none_ok);
PyObject *vtpy_program_wrap(vt_program *prog);
/* The viscoelastic model of a _Visco `obj`, marked busy (py_strain.c); NULL with an exception. */
vt_visco *vtpy_visco_acquire(PyObject *obj);
void vtpy_visco_release(PyObject *obj);
PyObject *vtpy_model_wrap(vt_model *model);

/* Method tables of the layers, joined into the module's by _vitrum.c. */
extern PyMethodDef vtpy_core_methods[], vtpy_program_methods[], vtpy_model_methods[],
    vtpy_instrument_methods[], vtpy_curve_methods[], vtpy_analysis_methods[], vtpy_fit_methods[],
    vtpy_strain_methods[], vtpy_pel_methods[], vtpy_pdf_methods[], vtpy_strain_analysis_methods[],
    vtpy_stream_methods[], vtpy_sweep_methods[], vtpy_md_methods[];

/* Helpers to build result dicts: steal `value` into dict[key]; -1 on failure (value released). */
int vtpy_set(PyObject *dict, const char *key, PyObject *value);
int vtpy_set_double(PyObject *dict, const char *key, double v);
PyObject *vtpy_peak_dict(const vt_peak *p);
PyObject *vtpy_kww_dict(const vt_kww_fit *f);     /* py_fit.c */
PyObject *vtpy_debye_dict(const vt_debye_fit *f); /* py_fit.c */
/* A trace's columns as a dict of numpy arrays; they move out of *t, which is left zeroed. */
PyObject *vtpy_trace_dict(vt_trace *t); /* py_instruments.c */

#endif
