/* Fits (fit.h, analysis.h, visco.h): model parameters to enthalpy-recovery data and Cp_N
 * curves, KWW / double-KWW, Debye recovery peaks and the loss modulus. Results are dicts with
 * values, standard errors and, for the model fit, the correlation matrix. */

#include "vtpy.h"

/* ---- Data for the model fit ---------------------------------------------------------------- */

static PyObject *dh_points_dict(const vt_dh_point *p, size_t n) {
  static const char *keys[6] = {"T1_K", "t1_s", "T2_K", "t2_s", "dh_J_per_mol", "sigma_J_per_mol"};
  PyObject *d = PyDict_New(), *line = PyList_New((Py_ssize_t)n);
  double *buf = malloc((n + 1) * sizeof *buf);
  for (int k = 0; d && buf && k < 6; k++) {
    for (size_t i = 0; i < n; i++) {
      const double v[6] = {p[i].T1_K, p[i].t1_s,         p[i].T2_K,
                           p[i].t2_s, p[i].dh_J_per_mol, p[i].sigma_J_per_mol};
      buf[i] = v[k];
    }
    if (vtpy_set(d, keys[k], vtpy_copy_doubles(buf, n))) Py_CLEAR(d);
  }
  free(buf);
  for (size_t i = 0; line && i < n; i++)
    PyList_SET_ITEM(line, (Py_ssize_t)i, PyLong_FromLong(p[i].line));
  if (d && buf && line) {
    int bad = vtpy_set(d, "line", line); /* consumes line either way */
    line = NULL;
    if (bad) Py_CLEAR(d);
  } else {
    Py_CLEAR(d);
  }
  Py_XDECREF(line);
  return d ? d : (PyErr_Occurred() ? NULL : PyErr_NoMemory());
}

static PyObject *py_read_dh_table(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *path;
  double molar_mass = NAN; /* > 0: per-mass dh columns are converted with it */
  if (!PyArg_ParseTuple(args, "O&|d", PyUnicode_FSConverter, &path, &molar_mass)) return NULL;
  vt_fit_data data = {0};
  vt_error err;
  int rc = isnan(molar_mass)
               ? vt_read_dh_table(PyBytes_AS_STRING(path), &data, &err)
               : vt_read_dh_table_mass(PyBytes_AS_STRING(path), molar_mass, &data, &err);
  Py_DECREF(path);
  PyObject *r = rc ? vtpy_raise(&err) : dh_points_dict(data.dh, data.n_dh);
  vt_fit_data_free(&data);
  return r;
}

/* read_cpn_curve(csv, program) -> (name, _Program, T_K, CpN, sigma or None) */
static PyObject *py_read_cpn_curve(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *csv, *prog;
  if (!PyArg_ParseTuple(args, "O&O&", PyUnicode_FSConverter, &csv, PyUnicode_FSConverter, &prog))
    return NULL;
  vt_fit_data data = {0};
  vt_error err;
  int rc = vt_read_cpn_curve(PyBytes_AS_STRING(csv), PyBytes_AS_STRING(prog), &data, NULL, &err);
  Py_DECREF(csv);
  Py_DECREF(prog);
  if (rc) return vtpy_raise(&err);
  vt_cpn_curve *c = &data.curves[0];
  PyObject *r = Py_BuildValue("sNNNN", c->name, vtpy_program_wrap(c->program),
                              vtpy_copy_doubles(c->T_K, c->n), vtpy_copy_doubles(c->CpN, c->n),
                              c->sigma ? vtpy_copy_doubles(c->sigma, c->n) : Py_NewRef(Py_None));
  c->program = NULL; /* now the Python handle's */
  vt_fit_data_free(&data);
  return r;
}

/* A dh array of Python's columns (caller frees). */
static int dh_from(PyObject *d, vt_fit_data *data, PyObject *keep) {
  static const char *keys[6] = {"T1_K", "t1_s", "T2_K", "t2_s", "dh_J_per_mol", "sigma_J_per_mol"};
  const double *col[6];
  size_t n = 0;
  for (int k = 0; k < 6; k++) {
    PyObject *v = PyDict_GetItemString(d, keys[k]);
    PyArrayObject *a = v ? vtpy_doubles_in(v, keys[k]) : NULL;
    if (!a || PyList_Append(keep, (PyObject *)a) < 0) {
      Py_XDECREF(a);
      if (!PyErr_Occurred()) PyErr_Format(PyExc_TypeError, "dh data need %s", keys[k]);
      return -1;
    }
    Py_DECREF(a);
    if (k && (size_t)PyArray_SIZE(a) != n)
      return PyErr_Format(PyExc_ValueError, "dh data: %s has another length", keys[k]), -1;
    n = (size_t)PyArray_SIZE(a);
    col[k] = PyArray_DATA(a);
  }
  data->dh = calloc(n + 1, sizeof *data->dh);
  if (!data->dh) return PyErr_NoMemory(), -1;
  for (size_t i = 0; i < n; i++)
    data->dh[i] = (vt_dh_point){col[0][i], col[1][i], col[2][i],  col[3][i],
                                col[4][i], col[5][i], (long)i + 1};
  data->n_dh = n;
  return 0;
}

/* Curves (name, _Program, T, CpN, sigma or None): pointers into Python's objects. */
static int curves_from(PyObject *list, vt_fit_data *data, PyObject *keep) {
  Py_ssize_t n = PyList_Size(list);
  if (n < 0) return -1;
  data->curves = calloc((size_t)n + 1, sizeof *data->curves);
  if (!data->curves) return PyErr_NoMemory(), -1;
  for (Py_ssize_t i = 0; i < n; i++) {
    PyObject *po, *To, *Co, *so;
    vt_cpn_curve *c = &data->curves[i];
    if (!PyArg_ParseTuple(PyList_GET_ITEM(list, i), "sOOOO", &c->name, &po, &To, &Co, &so))
      return -1;
    data->n_curves = (size_t)i + 1;
    c->program = (vt_program *)vtpy_program_get(po, 0);
    PyArrayObject *T = c->program ? vtpy_doubles_in(To, "T") : NULL;
    PyArrayObject *C = T ? vtpy_doubles_in(Co, "CpN") : NULL;
    PyArrayObject *s = C && so != Py_None ? vtpy_doubles_in(so, "sigma") : NULL;
    int bad = !C || (so != Py_None && !s) || PyList_Append(keep, (PyObject *)T) ||
              PyList_Append(keep, (PyObject *)C) || (s && PyList_Append(keep, (PyObject *)s));
    Py_XDECREF(T);
    Py_XDECREF(C);
    Py_XDECREF(s);
    if (bad) return -1;
    c->n = (size_t)PyArray_SIZE(T);
    if ((size_t)PyArray_SIZE(C) != c->n || (s && (size_t)PyArray_SIZE(s) != c->n))
      return PyErr_Format(PyExc_ValueError, "curve %s: T, CpN, sigma lengths differ", c->name), -1;
    c->T_K = PyArray_DATA(T);
    c->CpN = PyArray_DATA(C);
    c->sigma = s ? PyArray_DATA(s) : NULL;
  }
  return 0;
}

/* ---- The model fit ------------------------------------------------------------------------- */

/* fit_model's keywords by the library's tables: the fit's (vt_fit_option_table: starts, seed,
 * max_iter, reading, ...) and the DSC's with its grid. */
static int fit_options(PyObject *d, vt_fit_options *o, PyObject *keep) {
  size_t n;
  const vt_option *rows = vt_fit_option_table(&n);
  return vtpy_set_options(d, rows, n, o) || vtpy_dsc_options(d, &o->dsc, keep) ? -1 : 0;
}

/* Free names and bounds; the names are borrowed from the list (kept alive by the caller). */
static int free_params(PyObject *names, PyObject *lo, PyObject *hi, vt_fit_options *o,
                       const char ***out, PyObject *keep) {
  Py_ssize_t n = PyList_Size(names);
  if (n < 0) return -1;
  *out = calloc((size_t)n + 1, sizeof **out);
  if (!*out) return PyErr_NoMemory(), -1;
  for (Py_ssize_t i = 0; i < n; i++)
    if (!((*out)[i] = PyUnicode_AsUTF8(PyList_GET_ITEM(names, i)))) return -1;
  PyArrayObject *a = vtpy_doubles_in(lo, "lower"), *b = a ? vtpy_doubles_in(hi, "upper") : NULL;
  int bad = !b || PyList_Append(keep, (PyObject *)a) || PyList_Append(keep, (PyObject *)b);
  Py_XDECREF(a);
  Py_XDECREF(b);
  if (bad) return -1;
  if (PyArray_SIZE(a) != n || PyArray_SIZE(b) != n)
    return PyErr_SetString(PyExc_ValueError, "one bound per free parameter"), -1;
  o->free_names = *out;
  o->n_free = (size_t)n;
  o->lower = PyArray_DATA(a);
  o->upper = PyArray_DATA(b);
  return 0;
}

static PyObject *fit_result_dict(const vt_fit_result *r) {
  size_t n = r->n_free, nd = r->n_data;
  PyObject *names = PyList_New((Py_ssize_t)n);
  for (size_t j = 0; names && j < n; j++)
    PyList_SET_ITEM(names, (Py_ssize_t)j, PyUnicode_FromString(r->names[j]));
  npy_intp dims[2] = {(npy_intp)n, (npy_intp)n};
  PyObject *corr = PyArray_SimpleNew(2, dims, NPY_DOUBLE);
  if (corr && n)
    memcpy(PyArray_DATA((PyArrayObject *)corr), r->correlation, n * n * sizeof(double));
  return Py_BuildValue(
      "{s:N,s:N,s:N,s:N,s:d,s:d,s:n,s:n,s:n,s:O,s:l,s:i,s:i,s:i,s:d,s:N,s:N,s:s,s:O}", "names",
      names, "value", vtpy_copy_doubles(r->value, n), "se", vtpy_copy_doubles(r->se, n),
      "correlation", corr, "chi2", r->chi2, "chi2_dof", r->chi2_dof, "n_free", (Py_ssize_t)n,
      "n_data", (Py_ssize_t)nd, "dof", (Py_ssize_t)r->dof, "weighted",
      r->weighted ? Py_True : Py_False, "model_runs", r->model_runs, "iterations", r->iterations,
      "best_start", r->best_start, "n_starts", r->n_starts, "max_abs_correlation",
      r->max_abs_correlation, "predicted", vtpy_copy_doubles(r->predicted, nd), "residual",
      vtpy_copy_doubles(r->residual, nd), "message", r->message, "converged", Py_True);
}

/* progress(start, n_starts, iteration, chi2) after each iteration (vtpy_callback). */
static void fit_progress(void *ctx, int start, int n_starts, int iteration, double chi2) {
  vtpy_callback_call(ctx, "(iiid)", start, n_starts, iteration, chi2);
}

/* fit_model(model, dh dict or None, curves list, free names, lower, upper, options) */
static PyObject *py_fit_model(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *mo, *dho, *cvo, *names, *lo, *hi, *od, *res = NULL, *keep = PyList_New(0);
  vt_fit_data data = {0};
  vt_fit_options o = vt_fit_options_default();
  const char **free_names = NULL;
  vt_model *m = NULL;
  if (keep &&
      PyArg_ParseTuple(args, "OOO!O!OOO", &mo, &dho, &PyList_Type, &cvo, &PyList_Type, &names, &lo,
                       &hi, &od) &&
      (dho == Py_None || !dh_from(dho, &data, keep)) && !curves_from(cvo, &data, keep) &&
      !fit_options(od, &o, keep) && !free_params(names, lo, hi, &o, &free_names, keep))
    m = vtpy_model_acquire(mo);
  if (m) {
    vt_fit_result r = {0};
    vt_error err;
    vtpy_call call;
    vtpy_callback cb = {PyDict_GetItemString(od, "progress"), NULL, NULL, NULL};
    if (cb.fn && cb.fn != Py_None) o.progress = fit_progress, o.progress_ctx = &cb;
    int rc;
    PyObject *po = PyDict_GetItemString(od, "predict_only");
    int predict = po && PyObject_IsTrue(po) == 1;
    size_t np = data.n_dh;
    for (size_t k = 0; k < data.n_curves; k++) np += data.curves[k].n;
    double *pred = predict ? malloc((np + 1) * sizeof *pred) : NULL;
    vtpy_call_begin(&call);
    Py_BEGIN_ALLOW_THREADS rc = !predict ? vt_fit_run(m, &data, &o, &r, &err)
                                : pred   ? vt_fit_predict(m, &data, &o, pred, &err)
                                         : VT_ENOMEM;
    Py_END_ALLOW_THREADS vtpy_model_release(mo);
    if (rc == VT_ENOMEM && predict && !pred)
      snprintf(err.message, sizeof err.message, "out of memory"), err.status = rc, err.line = 0;
    if (predict) {
      if (!vtpy_call_end(&call, rc, &err)) res = vtpy_own_doubles(pred, np), pred = NULL;
      free(pred);
    } else if (cb.type) {
      vtpy_call_end(&call, 0, &err);
      vtpy_callback_raise(&cb);
    } else if (!vtpy_call_end(&call, rc, &err)) {
      res = fit_result_dict(&r);
    }
    vt_fit_result_free(&r);
  }
  free(free_names);
  free(data.dh);
  free(data.curves); /* names, programs and arrays belong to Python */
  Py_XDECREF(keep);
  return res;
}

/* The protocols of vt_fit_lines, a list of dicts (label, T1_K, t1_s, T2_K, t_lo_s, t_hi_s). */
static PyObject *protocols_list(const vt_fit_lines *l) {
  PyObject *list = PyList_New((Py_ssize_t)l->n_protocols);
  for (size_t k = 0; list && k < l->n_protocols; k++) {
    const vt_fit_protocol *q = &l->protocols[k];
    char label[160];
    PyObject *d = Py_BuildValue(
        "{s:s,s:d,s:d,s:d,s:d,s:d}", "label", vt_fit_protocol_label(q, label, sizeof label), "T1_K",
        q->T1_K, "t1_s", q->t1_s, "T2_K", q->T2_K, "t_lo_s", q->t_lo_s, "t_hi_s", q->t_hi_s);
    if (!d) Py_CLEAR(list);
    if (list) PyList_SET_ITEM(list, (Py_ssize_t)k, d);
  }
  return list;
}

/* fit_lines(model, dh dict, options, points) -> dict: what vitrum fit --plot draws
 * (vt_fit_lines_make): protocols, protocol_of (per dh point), lines (the line points as dh
 * columns), line_protocol, predicted (J/mol), t_lo_s, t_hi_s. */
static PyObject *py_fit_lines(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *mo, *dho, *od, *res = NULL, *keep = PyList_New(0);
  Py_ssize_t points;
  vt_fit_data data = {0};
  vt_fit_options o = vt_fit_options_default();
  vt_model *m = NULL;
  if (keep && PyArg_ParseTuple(args, "OOOn", &mo, &dho, &od, &points) &&
      !dh_from(dho, &data, keep) && !fit_options(od, &o, keep))
    m = points < 0 ? (PyErr_SetString(PyExc_ValueError, "points: expected >= 2"), NULL)
                   : vtpy_model_acquire(mo);
  if (m) {
    vt_fit_lines l;
    vt_error err;
    vtpy_call call;
    int rc;
    vtpy_call_begin(&call);
    Py_BEGIN_ALLOW_THREADS rc = vt_fit_lines_make(m, &data, &o, (size_t)points, &l, &err);
    Py_END_ALLOW_THREADS vtpy_model_release(mo);
    if (!vtpy_call_end(&call, rc, &err)) {
      res = Py_BuildValue("{s:N,s:N,s:N,s:N,s:N,s:d,s:d}", "protocols", protocols_list(&l),
                          "protocol_of", vtpy_own_typed(l.protocol_of, data.n_dh, NPY_UINTP),
                          "lines", dh_points_dict(l.lines.dh, l.lines.n_dh), "line_protocol",
                          vtpy_own_typed(l.line_protocol, l.lines.n_dh, NPY_UINTP), "predicted",
                          vtpy_copy_doubles(l.predicted, l.lines.n_dh), "t_lo_s", l.t_lo_s,
                          "t_hi_s", l.t_hi_s);
      l.protocol_of = l.line_protocol = NULL; /* now the arrays' */
    }
    vt_fit_lines_free(&l);
  }
  free(data.dh);
  Py_XDECREF(keep);
  return res;
}

/* ---- The model fit straight from an instrument export (vitrum fit --scans) ------------------ */

typedef struct scan_job {
  const char *path, *reference, *select; /* borrowed from Python's arguments */
  const double *ages;
  size_t n_ages;
  const vt_program **programs; /* NULL: the ages' one-step method */
  size_t n_programs;
  vt_cal_options cal_opts;
  vt_scan_fit_options so;
  vt_fit_options fo;
  vt_model *model;
  vt_cal_run run;
  vt_fit_scans sc;
  vt_fit_result r;
  int line_rc;
  vt_error line_err;
} scan_job;

static void scan_job_free(scan_job *j) {
  vt_fit_result_free(&j->r);
  vt_fit_scans_free(&j->sc);
  vt_cal_run_free(&j->run);
  free(j->programs);
}

/* vitrum fit --scans without the GIL: the export read, selected (the method's order for 'all')
 * and analysed (vt_cal_run_file), the scans' data (vt_fit_scans_prepare), the fit, the lines'
 * errors. */
static int scans_run(scan_job *j, vt_error *err) {
  vt_cal_selection sel = vt_cal_selection_default();
  sel.references = j->reference, sel.samples = j->select;
  sel.references_name = "reference", sel.samples_name = "select";
  int rc = vt_cal_run_file(j->path, &sel, &j->cal_opts, &j->run, err);
  if (!rc)
    rc = vt_fit_scans_prepare(&j->run, j->ages, j->n_ages, j->programs, j->n_programs, &j->so,
                              &j->fo.dsc, &j->sc, err);
  if (!rc) rc = vt_fit_run(j->model, &j->sc.data, &j->fo, &j->r, err);
  if (!rc)
    j->line_rc = vt_fit_scans_line_errors(j->model, &j->sc.data, &j->fo, &j->run.result, &j->r,
                                          &j->line_err);
  return rc;
}

/* Per curve: name, T_K, CpN, fitted (the fit's prediction), sigma, Tf_measured_K and
 * Tf_fitted_K (vt_cpn_fictive_temperature), line (the export's file line of each point). */
static PyObject *scan_curves(const scan_job *j) {
  PyObject *list = PyList_New((Py_ssize_t)j->sc.data.n_curves);
  const double *pred = j->r.predicted + j->sc.data.n_dh;
  for (size_t c = 0; list && c < j->sc.data.n_curves; c++) {
    const vt_cpn_curve *cv = &j->sc.data.curves[c];
    PyObject *d = PyDict_New(), *ln = PyList_New((Py_ssize_t)cv->n);
    for (size_t i = 0; ln && i < cv->n; i++)
      PyList_SET_ITEM(ln, (Py_ssize_t)i, PyLong_FromLong(j->sc.lines[c][i]));
    if (!d || !ln || vtpy_set(d, "name", PyUnicode_FromString(cv->name)) ||
        vtpy_set(d, "T_K", vtpy_copy_doubles(cv->T_K, cv->n)) ||
        vtpy_set(d, "CpN", vtpy_copy_doubles(cv->CpN, cv->n)) ||
        vtpy_set(d, "fitted", vtpy_copy_doubles(pred, cv->n)) ||
        vtpy_set(d, "sigma",
                 cv->sigma ? vtpy_copy_doubles(cv->sigma, cv->n) : Py_NewRef(Py_None)) ||
        vtpy_set_double(d, "Tf_measured_K", vt_cpn_fictive_temperature(cv->T_K, cv->CpN, cv->n)) ||
        vtpy_set_double(d, "Tf_fitted_K", vt_cpn_fictive_temperature(cv->T_K, pred, cv->n)) ||
        vtpy_set(d, "line", Py_NewRef(ln))) {
      Py_XDECREF(d);
      Py_CLEAR(list);
    } else {
      PyList_SET_ITEM(list, (Py_ssize_t)c, d);
    }
    Py_XDECREF(ln);
    pred += cv->n;
  }
  return list;
}

/* fit_scans(model, path, reference, select or None, ages or None, programs or None, free names,
 *           lower, upper, fit options (with the scans' T_age, points, weights), calorimetry
 *           options) */
static PyObject *py_fit_scans(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *mo, *path, *ago, *pgo, *names, *lo, *hi, *od, *cd, *res = NULL;
  PyObject *keep = PyList_New(0);
  const char *select = NULL;
  scan_job j;
  memset(&j, 0, sizeof j);
  j.cal_opts = vt_cal_options_default();
  j.so = vt_scan_fit_options_default();
  j.fo = vt_fit_options_default();
  /* not given: taken from the data (the quench of vt_fit_scans_prepare), as vitrum fit --scans
   * does */
  j.fo.dsc.T_eq_K = j.fo.dsc.T_low_K = j.fo.dsc.cool_rate_K_per_s = NAN;
  const char **free_names = NULL;
  vt_model *m = NULL;
  if (!keep || !PyArg_ParseTuple(args, "OO&szOOO!OOO!O!", &mo, PyUnicode_FSConverter, &path,
                                 &j.reference, &select, &ago, &pgo, &PyList_Type, &names, &lo, &hi,
                                 &PyDict_Type, &od, &PyDict_Type, &cd)) {
    Py_XDECREF(keep);
    return NULL;
  }
  int bad = PyList_Append(keep, path);
  Py_DECREF(path);
  j.path = PyBytes_AS_STRING(path);
  j.select = select;
  if (!bad && ago != Py_None) {
    PyArrayObject *a = vtpy_doubles_in(ago, "ages");
    bad = !a || PyList_Append(keep, (PyObject *)a);
    if (!bad) j.ages = PyArray_DATA(a), j.n_ages = (size_t)PyArray_SIZE(a);
    Py_XDECREF(a);
  }
  if (!bad && pgo != Py_None) {
    PyObject *fast = PySequence_Fast(pgo, "programs: expected a list of programs");
    bad = !fast || PyList_Append(keep, fast);
    j.n_programs = fast ? (size_t)PySequence_Fast_GET_SIZE(fast) : 0;
    j.programs = bad ? NULL : calloc(j.n_programs + 1, sizeof *j.programs);
    if (!bad && !j.programs) bad = (PyErr_NoMemory(), 1);
    for (size_t i = 0; !bad && i < j.n_programs; i++)
      bad = !(j.programs[i] = vtpy_program_get(PySequence_Fast_GET_ITEM(fast, (Py_ssize_t)i), 0));
    Py_XDECREF(fast);
  }
  size_t n_scan;
  const vt_option *scan_rows = vt_scan_fit_option_table(&n_scan);
  if (!bad && !vtpy_set_options(od, scan_rows, n_scan, &j.so) &&
      !vtpy_cal_options(cd, &j.cal_opts) && !fit_options(od, &j.fo, keep) &&
      !free_params(names, lo, hi, &j.fo, &free_names, keep))
    m = vtpy_model_acquire(mo);
  /* the scans' quench where given: the scan options take them, the quench keeps them */
  j.so.T_eq_K = isnan(j.fo.dsc.T_eq_K) ? 0.0 : j.fo.dsc.T_eq_K;
  j.so.T_low_K = isnan(j.fo.dsc.T_low_K) ? 0.0 : j.fo.dsc.T_low_K;
  j.so.cool_rate_K_per_s = isnan(j.fo.dsc.cool_rate_K_per_s) ? 0.0 : j.fo.dsc.cool_rate_K_per_s;
  if (m) {
    j.model = m;
    vt_error err;
    vtpy_call call;
    vtpy_callback cb = {PyDict_GetItemString(od, "progress"), NULL, NULL, NULL};
    if (cb.fn && cb.fn != Py_None) j.fo.progress = fit_progress, j.fo.progress_ctx = &cb;
    int rc;
    vtpy_call_begin(&call);
    Py_BEGIN_ALLOW_THREADS rc = scans_run(&j, &err);
    Py_END_ALLOW_THREADS vtpy_model_release(mo);
    if (cb.type) {
      vtpy_call_end(&call, 0, &err);
      vtpy_callback_raise(&cb);
    } else if (!vtpy_call_end(&call, rc, &err) && (res = fit_result_dict(&j.r))) {
      if (vtpy_set(res, "curves", scan_curves(&j)) ||
          vtpy_set(res, "line_errors", PyBool_FromLong(!j.line_rc)) ||
          vtpy_set(res, "line_errors_message",
                   PyUnicode_FromString(j.line_rc ? j.line_err.message : "")) ||
          vtpy_set_double(res, "T_eq_K", j.fo.dsc.T_eq_K) ||
          vtpy_set_double(res, "T_low_K", j.fo.dsc.T_low_K) ||
          vtpy_set_double(res, "cool_rate_K_per_s", j.fo.dsc.cool_rate_K_per_s) ||
          vtpy_set(res, "n_references", PyLong_FromSize_t(j.run.n_references)))
        Py_CLEAR(res);
    }
  }
  scan_job_free(&j);
  free(free_names);
  Py_XDECREF(keep);
  return res;
}

/* ---- KWW, Debye, loss ------------------------------------------------------------------------ */

static int xy_arrays(PyObject *a, PyObject *b, PyArrayObject **x, PyArrayObject **y, size_t *n) {
  *x = vtpy_doubles_in(a, "x");
  *y = *x ? vtpy_doubles_in(b, "y") : NULL;
  if (!*y) return -1;
  *n = (size_t)PyArray_SIZE(*x);
  if ((size_t)PyArray_SIZE(*y) == *n) return 0;
  vtpy_raise_msg(VT_EINVAL, "the two arrays differ in length (%zu and %zd)", *n, PyArray_SIZE(*y));
  return -1;
}

PyObject *vtpy_kww_dict(const vt_kww_fit *f) {
  return Py_BuildValue("{s:i,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,"
                       "s:n,s:n,s:i,s:i}",
                       "kind", (int)f->kind, "tau1_s", f->tau1_s, "se_tau1_s", f->se_tau1_s,
                       "beta1", f->beta1, "se_beta1", f->se_beta1, "A", f->A, "se_A", f->se_A,
                       "tau2_s", f->tau2_s, "se_tau2_s", f->se_tau2_s, "beta2", f->beta2,
                       "se_beta2", f->se_beta2, "y0", f->y0, "se_y0", f->se_y0, "y_inf", f->y_inf,
                       "se_y_inf", f->se_y_inf, "chi2", f->chi2, "rms_residual", f->rms_residual,
                       "r2", f->r2, "n", (Py_ssize_t)f->n, "n_free", (Py_ssize_t)f->n_free,
                       "iterations", f->iterations, "n_starts", f->n_starts);
}

/* kww_fit(t, y, kind, free_y0, free_y_inf, y0, y_inf, max_iterations) */
static PyObject *py_kww_fit(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *a, *b, *r = NULL;
  vt_kww_options o = vt_kww_options_default();
  int kind = 1;
  if (!PyArg_ParseTuple(args, "OOiiiddi", &a, &b, &kind, &o.free_y0, &o.free_y_inf, &o.y0, &o.y_inf,
                        &o.max_iterations))
    return NULL;
  o.kind = kind == 2 ? VT_KWW_DOUBLE : VT_KWW_SINGLE;
  PyArrayObject *x = NULL, *y = NULL;
  size_t n;
  if (!xy_arrays(a, b, &x, &y, &n)) {
    vt_kww_fit f;
    vt_error err;
    int rc;
    Py_BEGIN_ALLOW_THREADS rc = vt_kww_fit_run(PyArray_DATA(x), PyArray_DATA(y), n, &o, &f, &err);
    Py_END_ALLOW_THREADS r = rc ? vtpy_raise(&err) : vtpy_kww_dict(&f);
  }
  Py_XDECREF(x);
  Py_XDECREF(y);
  return r;
}

/* prony_kww(beta, tol, xi) -> (weights, taus, max_error, series at xi): vt_prony_kww, the
 * Prony series of exp(-xi^beta) TNM and the viscoelastic model use, and vt_prony_eval at xi. */
static PyObject *py_prony_kww(PyObject *self, PyObject *args) {
  (void)self;
  double beta, tol;
  PyObject *xo;
  if (!PyArg_ParseTuple(args, "ddO", &beta, &tol, &xo)) return NULL;
  PyArrayObject *x = vtpy_doubles_in(xo, "xi");
  if (!x) return NULL;
  vt_prony p = {0};
  vt_error err;
  PyObject *r = NULL;
  size_t n = (size_t)PyArray_SIZE(x);
  double *v = malloc((n ? n : 1) * sizeof *v);
  if (!v) {
    PyErr_NoMemory();
  } else if (vt_prony_kww(beta, tol, &p, &err)) {
    free(v);
    vtpy_raise(&err);
  } else {
    for (size_t i = 0; i < n; i++) v[i] = vt_prony_eval(&p, ((const double *)PyArray_DATA(x))[i]);
    r = Py_BuildValue("NNdN", vtpy_copy_doubles(p.weight, p.n), vtpy_copy_doubles(p.tau, p.n),
                      p.max_error, vtpy_own_doubles(v, n));
  }
  vt_prony_free(&p);
  Py_DECREF(x);
  return r;
}

/* tnm_ln_tau(lnA, dh, x, T, Tf) and kww_integral(u, beta): paper 000's Eq. 3 and int exp(-v^b) */
static PyObject *py_tnm_ln_tau(PyObject *self, PyObject *args) {
  (void)self;
  double a, dh, x, T, Tf;
  if (!PyArg_ParseTuple(args, "ddddd", &a, &dh, &x, &T, &Tf)) return NULL;
  return PyFloat_FromDouble(vt_tnm_ln_tau(a, dh, x, T, Tf));
}

static PyObject *py_kww_integral(PyObject *self, PyObject *args) {
  (void)self;
  double u, beta;
  if (!PyArg_ParseTuple(args, "dd", &u, &beta)) return NULL;
  return PyFloat_FromDouble(vt_kww_integral(u, beta));
}

/* cpn_fictive_temperature(T, CpN) -> K: Moynihan's equal area of a normalised curve */
static PyObject *py_cpn_tf(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *a, *b, *r = NULL;
  PyArrayObject *x = NULL, *y = NULL;
  size_t n;
  if (PyArg_ParseTuple(args, "OO", &a, &b) && !xy_arrays(a, b, &x, &y, &n))
    r = PyFloat_FromDouble(vt_cpn_fictive_temperature(PyArray_DATA(x), PyArray_DATA(y), n));
  Py_XDECREF(x);
  Py_XDECREF(y);
  return r;
}

/* dh_point_times(t1, T2, t2) -> the time each dh point is plotted against (vt_dh_point_time) */
static PyObject *py_dh_point_times(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *ao, *bo, *co, *r = NULL;
  if (!PyArg_ParseTuple(args, "OOO", &ao, &bo, &co)) return NULL;
  PyArrayObject *t1 = vtpy_doubles_in(ao, "t1"), *T2 = t1 ? vtpy_doubles_in(bo, "T2") : NULL;
  PyArrayObject *t2 = T2 ? vtpy_doubles_in(co, "t2") : NULL;
  size_t n = t1 ? (size_t)PyArray_SIZE(t1) : 0;
  if (t2 && ((size_t)PyArray_SIZE(T2) != n || (size_t)PyArray_SIZE(t2) != n)) {
    vtpy_raise_msg(VT_EINVAL, "t1, T2 and t2 differ in length");
  } else if (t2) {
    double *out = malloc((n + 1) * sizeof *out);
    for (size_t i = 0; out && i < n; i++) {
      vt_dh_point p = {NAN,
                       ((double *)PyArray_DATA(t1))[i],
                       ((double *)PyArray_DATA(T2))[i],
                       ((double *)PyArray_DATA(t2))[i],
                       NAN,
                       NAN,
                       0};
      out[i] = vt_dh_point_time(&p);
    }
    r = out ? vtpy_own_doubles(out, n) : PyErr_NoMemory();
  }
  Py_XDECREF(t1);
  Py_XDECREF(T2);
  Py_XDECREF(t2);
  return r;
}

PyObject *vtpy_debye_dict(const vt_debye_fit *f) {
  return Py_BuildValue("{s:s,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:i}", "law",
                       f->law == VT_TAU_VFT ? "vft" : "arrhenius", "Q0", f->Q0, "se_Q0", f->se_Q0,
                       "E_J_per_mol", f->E_J_per_mol, "se_E_J_per_mol", f->se_E_J_per_mol,
                       "ln_tau0_s", f->ln_tau0_s, "se_ln_tau0", f->se_ln_tau0, "D", f->D, "se_D",
                       f->se_D, "T0_K", f->T0_K, "se_T0_K", f->se_T0_K, "Tp_K", f->Tp_K,
                       "rms_residual", f->rms_residual, "r2", f->r2, "iterations", f->iterations);
}

/* debye_fit(T, y, rate, vft) */
static PyObject *py_debye_fit(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *a, *b, *r = NULL;
  double rate;
  int vft;
  if (!PyArg_ParseTuple(args, "OOdp", &a, &b, &rate, &vft)) return NULL;
  PyArrayObject *x = NULL, *y = NULL;
  size_t n;
  if (!xy_arrays(a, b, &x, &y, &n)) {
    vt_debye_fit f;
    vt_error err;
    int rc;
    Py_BEGIN_ALLOW_THREADS rc = vt_debye_fit_peak(PyArray_DATA(x), PyArray_DATA(y), n, rate,
                                                  vft ? VT_TAU_VFT : VT_TAU_ARRHENIUS, &f, &err);
    Py_END_ALLOW_THREADS r = rc ? vtpy_raise(&err) : vtpy_debye_dict(&f);
  }
  Py_XDECREF(x);
  Py_XDECREF(y);
  return r;
}

/* debye_heat_flow(vft, Q0, ln_tau0, E_or_D, T0, rate, T) -> array */
static PyObject *py_debye_heat_flow(PyObject *self, PyObject *args) {
  (void)self;
  int vft;
  double Q0, lt, E, T0, rate;
  PyObject *To;
  if (!PyArg_ParseTuple(args, "pdddddO", &vft, &Q0, &lt, &E, &T0, &rate, &To)) return NULL;
  PyArrayObject *T = vtpy_doubles_in(To, "T");
  if (!T) return NULL;
  size_t n = (size_t)PyArray_SIZE(T);
  double *out = malloc((n + 1) * sizeof *out);
  vt_error err;
  PyObject *r = NULL;
  if (!out)
    r = PyErr_NoMemory();
  else if (vt_debye_heat_flow(vft ? VT_TAU_VFT : VT_TAU_ARRHENIUS, Q0, lt, E, T0, rate,
                              PyArray_DATA(T), n, out, &err)) {
    free(out);
    r = vtpy_raise(&err);
  } else {
    r = vtpy_own_doubles(out, n);
  }
  Py_DECREF(T);
  return r;
}

static PyObject *loss_dict(const vt_loss_fit *f) {
  PyObject *peaks = PyList_New((Py_ssize_t)f->n_peaks);
  for (size_t i = 0; peaks && i < f->n_peaks; i++) {
    const vt_loss_peak *p = &f->peaks[i];
    PyList_SET_ITEM(peaks, (Py_ssize_t)i,
                    Py_BuildValue("{s:O,s:O,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d}",
                                  "havriliak_negami", p->havriliak_negami ? Py_True : Py_False,
                                  "undetermined", p->undetermined ? Py_True : Py_False, "dE_Pa",
                                  p->dE_Pa, "E_act_J_per_mol", p->E_act_J_per_mol, "ln_tau0_s",
                                  p->ln_tau0_s, "a", p->a, "b", p->b, "se_dE_Pa", p->se_dE_Pa,
                                  "se_E_act_J_per_mol", p->se_E_act_J_per_mol, "se_ln_tau0",
                                  p->se_ln_tau0, "se_a", p->se_a, "se_b", p->se_b));
  }
  if (!peaks) return NULL;
  return Py_BuildValue("{s:N,s:d,s:d,s:d,s:d,s:i}", "peaks", peaks, "background_Pa",
                       f->background_Pa, "se_background_Pa", f->se_background_Pa, "rms_residual_Pa",
                       f->rms_residual_Pa, "r2", f->r2, "iterations", f->iterations);
}

/* loss_fit(T, loss, freq, [(hn, Tp_K, E_J_per_mol or 0)]) -> (guess dict, fit dict) */
/* The fit as `vitrum loss` writes it, added to its dict: fitted_Pa and terms_Pa (n_peaks x n)
 * at the data's T (vt_loss_fit_eval), each term's maximum over the data's range T_max_K,
 * loss_max_Pa (vt_loss_analyse's). NULL (dict released) on failure. */
static PyObject *loss_curves(PyObject *d, const vt_loss_analysis *a, double freq, const double *T,
                             size_t n) {
  const vt_loss_fit *f = &a->fit;
  npy_intp dims[2] = {(npy_intp)f->n_peaks, (npy_intp)n};
  PyObject *terms = d ? PyArray_ZEROS(2, dims, NPY_DOUBLE, 0) : NULL;
  double *fitted = terms ? malloc((n + 1) * sizeof *fitted) : NULL;
  if (!fitted) {
    if (terms) PyErr_NoMemory();
    Py_XDECREF(terms);
    Py_XDECREF(d);
    return NULL;
  }
  double *tv = PyArray_DATA((PyArrayObject *)terms);
  for (size_t i = 0; i < n; i++) {
    double term[4];
    fitted[i] = vt_loss_fit_eval(freq, f, T[i], term);
    for (size_t k = 0; k < f->n_peaks; k++) tv[k * n + i] = term[k];
  }
  if (vtpy_set(d, "fitted_Pa", vtpy_own_doubles(fitted, n)) || vtpy_set(d, "terms_Pa", terms) ||
      vtpy_set(d, "T_max_K", vtpy_copy_doubles(a->T_max_K, f->n_peaks)) ||
      vtpy_set(d, "loss_max_Pa", vtpy_copy_doubles(a->loss_max_Pa, f->n_peaks)))
    Py_CLEAR(d);
  return d;
}

static PyObject *py_loss_fit(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *a, *b, *terms, *r = NULL;
  double freq;
  if (!PyArg_ParseTuple(args, "OOdO!", &a, &b, &freq, &PyList_Type, &terms)) return NULL;
  vt_loss_start st[4];
  size_t nt = (size_t)PyList_GET_SIZE(terms);
  if (nt < 1 || nt > 4) return vtpy_raise_msg(VT_EINVAL, "1 to 4 loss terms, not %zu", nt);
  for (size_t i = 0; i < nt; i++) {
    memset(&st[i], 0, sizeof st[i]);
    if (!PyArg_ParseTuple(PyList_GET_ITEM(terms, (Py_ssize_t)i), "pdd", &st[i].havriliak_negami,
                          &st[i].Tp_K, &st[i].E_J_per_mol))
      return NULL;
  }
  PyArrayObject *x = NULL, *y = NULL;
  size_t n;
  if (!xy_arrays(a, b, &x, &y, &n)) {
    vt_loss_analysis an;
    vt_error err;
    int rc;
    Py_BEGIN_ALLOW_THREADS rc =
        vt_loss_analyse(PyArray_DATA(x), PyArray_DATA(y), n, freq, st, nt, NULL, &an, &err);
    Py_END_ALLOW_THREADS if (rc) vtpy_raise(&err);
    else r = Py_BuildValue("NN", loss_dict(&an.guess),
                           loss_curves(loss_dict(&an.fit), &an, freq, PyArray_DATA(x), n));
  }
  Py_XDECREF(x);
  Py_XDECREF(y);
  return r;
}

/* loss_hn(omega, T array, peak dict fields) -> array */
static PyObject *py_loss_hn(PyObject *self, PyObject *args) {
  (void)self;
  double omega;
  PyObject *To;
  vt_loss_peak p = {0};
  if (!PyArg_ParseTuple(args, "dOpddddd", &omega, &To, &p.havriliak_negami, &p.dE_Pa,
                        &p.E_act_J_per_mol, &p.ln_tau0_s, &p.a, &p.b))
    return NULL;
  PyArrayObject *T = vtpy_doubles_in(To, "T");
  if (!T) return NULL;
  size_t n = (size_t)PyArray_SIZE(T);
  double *out = malloc((n + 1) * sizeof *out);
  for (size_t i = 0; out && i < n; i++)
    out[i] = vt_loss_hn(omega, ((double *)PyArray_DATA(T))[i], &p);
  Py_DECREF(T);
  return out ? vtpy_own_doubles(out, n) : PyErr_NoMemory();
}

PyMethodDef vtpy_fit_methods[] = {
    {"read_dh_table", py_read_dh_table, METH_VARARGS, "read_dh_table(path) -> columns"},
    {"read_cpn_curve", py_read_cpn_curve, METH_VARARGS,
     "read_cpn_curve(csv, program) -> (name, _Program, T_K, CpN, sigma)"},
    {"fit_model", py_fit_model, METH_VARARGS,
     "fit_model(model, dh, curves, free, lower, upper, options) -> dict"},
    {"fit_lines", py_fit_lines, METH_VARARGS,
     "fit_lines(model, dh, options, points) -> dict (vt_fit_lines_make)"},
    {"fit_scans", py_fit_scans, METH_VARARGS,
     "fit_scans(model, path, reference, select, ages, programs, free, lower, upper, options, "
     "calorimetry options) -> dict"},
    {"kww_fit", py_kww_fit, METH_VARARGS,
     "kww_fit(t, y, kind, free_y0, free_y_inf, y0, y_inf, "
     "max_iterations) -> dict"},
    {"debye_fit", py_debye_fit, METH_VARARGS, "debye_fit(T, y, rate, vft) -> dict"},
    {"prony_kww", py_prony_kww, METH_VARARGS,
     "prony_kww(beta, tol, xi) -> (weights, taus, max_error, series at xi)"},
    {"cpn_fictive_temperature", py_cpn_tf, METH_VARARGS, "cpn_fictive_temperature(T, CpN) -> K"},
    {"dh_point_times", py_dh_point_times, METH_VARARGS, "dh_point_times(t1, T2, t2) -> t"},
    {"tnm_ln_tau", py_tnm_ln_tau, METH_VARARGS, "tnm_ln_tau(lnA_s, dh, x, T_K, Tf_K) -> ln tau"},
    {"kww_integral", py_kww_integral, METH_VARARGS, "kww_integral(u, beta) -> float"},
    {"debye_heat_flow", py_debye_heat_flow, METH_VARARGS,
     "debye_heat_flow(vft, Q0, ln_tau0, E_or_D, T0, rate, T) -> array"},
    {"loss_fit", py_loss_fit, METH_VARARGS, "loss_fit(T, loss, freq, terms) -> (guess, fit)"},
    {"loss_hn", py_loss_hn, METH_VARARGS, "loss_hn(omega, T, hn, dE, E, ln_tau0, a, b) -> array"},
    {NULL, NULL, 0, NULL}};
