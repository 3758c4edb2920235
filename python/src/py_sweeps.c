/* Sweeps as single calls, with the GIL released for the whole sweep: the DSC heat-flow maps of
 * paper 000 Fig. 1d-f (what `vitrum dsc --anneal-T --anneal-t` computes) and the two-step strain
 * sweeps of paper 001 (`vitrum strain --eps1 --eps2 --tw [--T] [--t-rec]`). */
#include <math.h>
#include <stdlib.h>

#include "vtpy.h"

/* ---- DSC maps --------------------------------------------------------------------------------
 */

typedef struct dsc_map {
  const double *T_a, *t_a;
  size_t nT, nt, n; /* anneals, and the peak's temperature steps */
  int pre;          /* a pre-anneal at pre_T for pre_t, then a ramp at R_c to T_a */
  double pre_T, pre_t;
  double *T_K, *dq; /* n; nT * nt * n */
  double *row;      /* nT * nt * 5: dh, Tp, FWHM, onset, end (NaN without a peak) */
} dsc_map;

/* The annealing program of one map point, as the CLI builds it. */
static vt_program *map_program(const dsc_map *mp, const vt_dsc_options *o, double T_a, double t_a,
                               vt_error *err) {
  vt_program *p = vt_program_create(mp->pre ? mp->pre_T : T_a, err);
  int rc = p ? VT_OK : VT_EINVAL;
  if (!rc && mp->pre) {
    rc = vt_program_hold(p, mp->pre_t, err);
    if (!rc && T_a != mp->pre_T) rc = vt_program_ramp(p, T_a, o->cool_rate_K_per_s, err);
  }
  if (!rc) rc = vt_program_hold(p, t_a, err);
  if (rc) vt_program_free(p), p = NULL;
  return p;
}

static void map_store(dsc_map *mp, size_t k, const vt_dsc_peak *pk) {
  if (!mp->T_K) {
    mp->n = pk->n;
    mp->T_K = malloc((pk->n + 1) * sizeof *mp->T_K);
    mp->dq = malloc((mp->nT * mp->nt * pk->n + 1) * sizeof *mp->dq);
    if (mp->T_K) memcpy(mp->T_K, pk->T_K, pk->n * sizeof *mp->T_K);
  }
  if (mp->dq) memcpy(mp->dq + k * mp->n, pk->dheat_flow_W_per_mol, mp->n * sizeof *mp->dq);
  const vt_peak *m = &pk->metrics;
  double *r = mp->row + 5 * k;
  r[0] = pk->dh_dsc_J_per_mol;
  r[1] = pk->metrics_ok ? m->x_peak : NAN, r[2] = pk->metrics_ok ? m->fwhm : NAN;
  r[3] = pk->metrics_ok ? m->x_onset : NAN, r[4] = pk->metrics_ok ? m->x_end : NAN;
}

static int map_point(vt_model *m, const vt_dsc_options *o, const vt_dsc_scan *ref, dsc_map *mp,
                     size_t k, vt_error *err) {
  double T_a = mp->T_a[k / mp->nt], t_a = mp->t_a[k % mp->nt];
  vt_dsc_scan a = {0};
  vt_dsc_peak pk = {0};
  vt_program *p = map_program(mp, o, T_a, t_a, err);
  int rc = p ? vt_dsc_scan_run(m, p, o, &a, err) : VT_EINVAL;
  if (!rc) rc = vt_dsc_peak_compute(&a, ref, &pk, err);
  if (!rc && mp->T_K && pk.n != mp->n) rc = VT_ENUMERIC; /* one scan grid for all: never */
  if (!rc) map_store(mp, k, &pk);
  if (!rc && (!mp->T_K || !mp->dq)) rc = VT_ENOMEM;
  if (rc && rc != err->status) {
    err->status = rc, err->line = 0;
    snprintf(err->message, sizeof err->message, "%s", vt_strerror(rc));
  }
  if (rc) { /* name the anneal, as the CLI does */
    char why[VT_ERROR_MESSAGE_SIZE];
    snprintf(why, sizeof why, "%s", err->message);
    snprintf(err->message, sizeof err->message, "anneal at %g K for %g s: %.400s", T_a, t_a, why);
  }
  vt_dsc_peak_free(&pk);
  vt_dsc_scan_free(&a);
  vt_program_free(p);
  return rc;
}

static int map_run(vt_model *m, const vt_dsc_options *o, dsc_map *mp, vt_error *err) {
  vt_dsc_scan ref = {0};
  int rc = vt_dsc_scan_run(m, NULL, o, &ref, err);
  for (size_t k = 0; !rc && k < mp->nT * mp->nt; k++) rc = map_point(m, o, &ref, mp, k, err);
  vt_dsc_scan_free(&ref);
  return rc;
}

static PyObject *map_result(dsc_map *mp) {
  npy_intp d3[3] = {(npy_intp)mp->nT, (npy_intp)mp->nt, (npy_intp)mp->n};
  npy_intp d2[3] = {(npy_intp)mp->nT, (npy_intp)mp->nt, 5};
  PyObject *dq = vtpy_own_doubles(mp->dq, mp->nT * mp->nt * mp->n);
  PyObject *rows = vtpy_own_doubles(mp->row, mp->nT * mp->nt * 5);
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

/* dsc_map(model, options, T_a[], t_a[], pre (None or (T1_K, t1_s))) ->
 *   (T_K[n], dheat_flow[nT, nt, n], rows[nT, nt, 5]) */
static PyObject *py_dsc_map(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *mo, *opts, *To, *to, *pre, *res = NULL;
  if (!PyArg_ParseTuple(args, "OOOOO", &mo, &opts, &To, &to, &pre)) return NULL;
  dsc_map mp = {0};
  if (pre != Py_None && !PyArg_ParseTuple(pre, "dd", &mp.pre_T, &mp.pre_t)) return NULL;
  mp.pre = pre != Py_None;
  vt_dsc_options o = vt_dsc_options_default();
  PyArrayObject *Ta = vtpy_doubles_in(To, "T_a"), *ta = Ta ? vtpy_doubles_in(to, "t_a") : NULL;
  PyObject *keep = ta ? PyList_New(0) : NULL;
  vt_model *m = keep && !vtpy_dsc_options(opts, &o, keep) ? vtpy_model_acquire(mo) : NULL;
  if (m) {
    mp.T_a = PyArray_DATA(Ta), mp.t_a = PyArray_DATA(ta);
    mp.nT = (size_t)PyArray_SIZE(Ta), mp.nt = (size_t)PyArray_SIZE(ta);
    mp.row = malloc((mp.nT * mp.nt * 5 + 1) * sizeof *mp.row);
    vt_error err = {0};
    vtpy_call call;
    int rc;
    vtpy_call_begin(&call);
    Py_BEGIN_ALLOW_THREADS rc = !mp.nT || !mp.nt ? (err.status = VT_EINVAL)
                                : mp.row         ? map_run(m, &o, &mp, &err)
                                                 : (err.status = VT_ENOMEM);
    Py_END_ALLOW_THREADS vtpy_model_release(mo);
    if (rc == VT_EINVAL && !err.message[0])
      snprintf(err.message, sizeof err.message, "a DSC map needs T_a and t_a");
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
