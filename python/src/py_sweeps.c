/* Sweeps as single calls, with the GIL released for the whole sweep: the DSC heat-flow maps of
 * paper 000 Fig. 1d-f (what `vitrum dsc --anneal-T --anneal-t` computes) and the two-step strain
 * sweeps of paper 001 (`vitrum strain --eps1 --eps2 --tw [--T] [--t-rec]`). */
#include <math.h>
#include <stdlib.h>

#include "vtpy.h"

/* ---- DSC maps --------------------------------------------------------------------------------
 */

typedef struct dsc_map {
  vt_dsc_sweep sw;  /* the anneals (a pre-anneal too) */
  size_t n;         /* the peak's temperature steps */
  double *T_K, *dq; /* n; nT * nt * n */
  double *row;      /* nT * nt * 5: dh, Tp, FWHM, onset, end (NaN without a peak) */
} dsc_map;

static int map_fail(vt_error *err, int status, const char *message) {
  err->status = status, err->line = 0;
  snprintf(err->message, sizeof err->message, "%s", message);
  return status;
}

/* vt_dsc_sweep_fn: point k's peak into the arrays. */
static int map_store(void *ctx, size_t k, double T_a, double t_a, const vt_dsc_peak *pk,
                     vt_error *err) {
  dsc_map *mp = ctx;
  (void)T_a, (void)t_a;
  if (!mp->T_K) {
    mp->n = pk->n;
    mp->T_K = malloc((pk->n + 1) * sizeof *mp->T_K);
    mp->dq = malloc((mp->sw.n_T_a * mp->sw.n_t_a * pk->n + 1) * sizeof *mp->dq);
    if (!mp->T_K || !mp->dq) return map_fail(err, VT_ENOMEM, "out of memory");
    memcpy(mp->T_K, pk->T_K, pk->n * sizeof *mp->T_K);
  }
  if (pk->n != mp->n) /* one scan grid for all: never */
    return map_fail(err, VT_ENUMERIC, "the scans of a DSC map differ in their steps");
  memcpy(mp->dq + k * mp->n, pk->dheat_flow_W_per_mol, mp->n * sizeof *mp->dq);
  const vt_peak *m = &pk->metrics;
  double *r = mp->row + 5 * k;
  r[0] = pk->dh_dsc_J_per_mol;
  r[1] = pk->metrics_ok ? m->x_peak : NAN, r[2] = pk->metrics_ok ? m->fwhm : NAN;
  r[3] = pk->metrics_ok ? m->x_onset : NAN, r[4] = pk->metrics_ok ? m->x_end : NAN;
  return VT_OK;
}

static PyObject *map_result(dsc_map *mp) {
  size_t nT = mp->sw.n_T_a, nt = mp->sw.n_t_a;
  npy_intp d3[3] = {(npy_intp)nT, (npy_intp)nt, (npy_intp)mp->n};
  npy_intp d2[3] = {(npy_intp)nT, (npy_intp)nt, 5};
  PyObject *dq = vtpy_own_doubles(mp->dq, nT * nt * mp->n);
  PyObject *rows = vtpy_own_doubles(mp->row, nT * nt * 5);
  PyObject *T = vtpy_own_doubles(mp->T_K, mp->n);
  mp->dq = mp->row = mp->T_K = NULL; /* numpy's now */
  PyObject *dq3 =
      dq ? PyArray_Newshape((PyArrayObject *)dq, &(PyArray_Dims){d3, 3}, NPY_CORDER) : NULL;
  PyObject *rows3 =
      rows ? PyArray_Newshape((PyArrayObject *)rows, &(PyArray_Dims){d2, 3}, NPY_CORDER) : NULL;
  Py_XDECREF(dq);
  Py_XDECREF(rows);
  if (!T || !dq3 || !rows3) {
    Py_XDECREF(T), Py_XDECREF(dq3), Py_XDECREF(rows3);
    return NULL;
  }
  return Py_BuildValue("NNN", T, dq3, rows3);
}

/* dsc_map(model, options, T_a[], t_a[], pre (None, 'T1, t1' or (T1_K, t1_s))) ->
 *   (T_K[n], dheat_flow[nT, nt, n], rows[nT, nt, 5]) (vt_dsc_sweep_run) */
static PyObject *py_dsc_map(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *mo, *opts, *To, *to, *pre, *res = NULL;
  if (!PyArg_ParseTuple(args, "OOOOO", &mo, &opts, &To, &to, &pre)) return NULL;
  dsc_map mp = {0};
  double pT[2] = {0, 0};
  vt_error err = {0};
  if (PyUnicode_Check(pre)) {
    const char *text = PyUnicode_AsUTF8(pre);
    if (!text) return NULL;
    if (vt_dsc_parse_pre_anneal("pre_anneal", text, &pT[0], &pT[1], &err)) return vtpy_raise(&err);
  } else if (pre != Py_None && !PyArg_ParseTuple(pre, "dd", &pT[0], &pT[1])) {
    return NULL;
  }
  mp.sw.pre_anneal = pre != Py_None;
  mp.sw.pre_T_K = pT[0], mp.sw.pre_t_s = pT[1];
  vt_dsc_options o = vt_dsc_options_default();
  PyArrayObject *Ta = vtpy_doubles_in(To, "T_a"), *ta = Ta ? vtpy_doubles_in(to, "t_a") : NULL;
  PyObject *keep = ta ? PyList_New(0) : NULL;
  vt_model *m = keep && !vtpy_dsc_options(opts, &o, keep) ? vtpy_model_acquire(mo) : NULL;
  if (m) {
    mp.sw.T_a_K = PyArray_DATA(Ta), mp.sw.t_a_s = PyArray_DATA(ta);
    mp.sw.n_T_a = (size_t)PyArray_SIZE(Ta), mp.sw.n_t_a = (size_t)PyArray_SIZE(ta);
    mp.row = malloc((mp.sw.n_T_a * mp.sw.n_t_a * 5 + 1) * sizeof *mp.row);
    vtpy_call call;
    int rc;
    vtpy_call_begin(&call);
    Py_BEGIN_ALLOW_THREADS rc = mp.row ? vt_dsc_sweep_run(m, &o, &mp.sw, map_store, &mp, &err)
                                       : map_fail(&err, VT_ENOMEM, "out of memory");
    Py_END_ALLOW_THREADS vtpy_model_release(mo);
    if (!vtpy_call_end(&call, rc, &err)) res = map_result(&mp);
  }
  free(mp.T_K), free(mp.dq), free(mp.row);
  Py_XDECREF(Ta), Py_XDECREF(ta), Py_XDECREF(keep);
  return res;
}

/* ---- Two-step strain sweeps ------------------------------------------------------------------
 */

#define SUM_COLS                                                                                   \
  13 /* eps1, eps2, t_w, T, sigma_w, sigma0, sigma_peak, dsigma, t_p, tau_rec,                     \
        beta_rec, strain_vp, fraction (SI: fractions, Pa, s, K) */

typedef struct strain_sweep {
  vt_two_step_sweep sw;
  double t_rec; /* > 0: the recovery after loading, once per (T, eps1, t_w) */
  size_t runs;
  double *sum;            /* runs x SUM_COLS */
  vt_memory_curve *curve; /* runs (n = 0 for recovery-only sweeps and skipped pairs) */
  int *skipped;
} strain_sweep;

/* One run of vt_two_step_sweep_run into the summary row and the curves (taken from the call). */
static int sweep_row(void *ctx, vt_two_step_row *r) {
  strain_sweep *s = ctx;
  const vt_memory_curve *m = r->curve;
  const vt_recovery_summary *rec = r->rec;
  double row[SUM_COLS] = {r->spec.eps1,
                          r->spec.eps2,
                          r->spec.t_w_s,
                          r->spec.T_K,
                          m ? m->sigma_w_Pa : NAN,
                          m ? m->peak.sigma0_Pa : NAN,
                          m ? m->peak.sigma_peak_Pa : NAN,
                          m ? m->peak.dsigma_Pa : NAN,
                          m ? m->peak.t_p_s : NAN,
                          rec ? rec->tau_rec_s : NAN,
                          rec ? rec->beta_rec : NAN,
                          rec ? rec->strain_vp : NAN,
                          rec ? rec->fraction : NAN};
  memcpy(s->sum + r->run * SUM_COLS, row, sizeof row);
  s->skipped[r->run] = r->skipped;
  if (r->curve) {
    s->curve[r->run] = *r->curve;
    memset(r->curve, 0, sizeof *r->curve);
  }
  return 0;
}

static PyObject *sweep_result(strain_sweep *s) {
  npy_intp dims[2] = {(npy_intp)s->runs, SUM_COLS};
  PyObject *flat = vtpy_own_doubles(s->sum, s->runs * SUM_COLS);
  s->sum = NULL;
  PyObject *sum =
      flat ? PyArray_Newshape((PyArrayObject *)flat, &(PyArray_Dims){dims, 2}, NPY_CORDER) : NULL;
  Py_XDECREF(flat);
  PyObject *curves = sum ? PyList_New((Py_ssize_t)s->runs) : NULL;
  for (size_t k = 0; curves && k < s->runs; k++) {
    const vt_memory_curve *c = &s->curve[k];
    PyObject *t =
        Py_BuildValue("NNO", vtpy_copy_doubles(c->t2_s, c->n),
                      vtpy_copy_doubles(c->stress_Pa, c->n), s->skipped[k] ? Py_True : Py_False);
    if (!t)
      Py_CLEAR(curves);
    else
      PyList_SET_ITEM(curves, (Py_ssize_t)k, t);
  }
  if (!curves) {
    Py_XDECREF(sum);
    return NULL;
  }
  return Py_BuildValue("NN", sum, curves);
}

static int sweep_lists(PyObject *lists[4], PyArrayObject *a[4], strain_sweep *s) {
  const char *names[4] = {"T", "eps1", "t_w", "eps2"};
  const double **dst[4] = {&s->sw.T_K, &s->sw.eps1, &s->sw.t_w_s, &s->sw.eps2};
  size_t *n[4] = {&s->sw.n_T, &s->sw.n_eps1, &s->sw.n_tw, &s->sw.n_eps2};
  for (int k = 0; k < 4; k++) {
    if (lists[k] == Py_None) continue; /* eps2 None: recovery only */
    if (!(a[k] = vtpy_doubles_in(lists[k], names[k]))) return -1;
    *dst[k] = PyArray_DATA(a[k]);
    *n[k] = (size_t)PyArray_SIZE(a[k]);
  }
  return 0;
}

/* strain_sweep(visco, T[], eps1[], t_w[], eps2[] or None, base spec dict, t_rec) ->
 *   (summary[runs, 13], [(t2_s, stress_Pa, skipped)]) in the library's run order */
static PyObject *py_strain_sweep(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *vo, *lists[4], *base, *res = NULL;
  strain_sweep s = {.sw.base = vt_two_step_default()};
  PyArrayObject *a[4] = {NULL, NULL, NULL, NULL};
  if (!PyArg_ParseTuple(args, "OOOOOO!d", &vo, &lists[0], &lists[1], &lists[2], &lists[3],
                        &PyDict_Type, &base, &s.t_rec) ||
      vtpy_two_step_options(base, &s.sw.base, &s.sw.base.grid) || sweep_lists(lists, a, &s))
    goto done;
  s.runs = vt_two_step_sweep_count(&s.sw);
  vt_visco *v = vtpy_visco_acquire(vo);
  if (!v) goto done;
  /* + 1: an empty sweep gets the library's message, not an allocation failure */
  s.sum = malloc((s.runs + 1) * SUM_COLS * sizeof *s.sum);
  s.curve = calloc(s.runs + 1, sizeof *s.curve);
  s.skipped = calloc(s.runs + 1, sizeof *s.skipped);
  vt_error err = {0};
  vtpy_call call;
  int rc;
  vtpy_call_begin(&call);
  Py_BEGIN_ALLOW_THREADS rc = s.sum && s.curve && s.skipped
                                  ? vt_two_step_sweep_run(v, &s.sw, s.t_rec, sweep_row, &s, &err)
                                  : (err.status = VT_ENOMEM);
  Py_END_ALLOW_THREADS vtpy_visco_release(vo);
  if (!vtpy_call_end(&call, rc, &err)) res = sweep_result(&s);
done:
  for (size_t k = 0; s.curve && k < s.runs; k++) vt_memory_curve_free(&s.curve[k]);
  free(s.curve), free(s.skipped), free(s.sum);
  for (int k = 0; k < 4; k++) Py_XDECREF(a[k]);
  return res;
}

PyMethodDef vtpy_sweep_methods[] = {
    {"dsc_map", py_dsc_map, METH_VARARGS,
     "dsc_map(model, options, T_a, t_a, pre) -> (T_K, dheat_flow, rows)"},
    {"strain_sweep", py_strain_sweep, METH_VARARGS,
     "strain_sweep(visco, T, eps1, t_w, eps2, base, t_rec) -> (summary, curves)"},
    {NULL, NULL, 0, NULL}};
