/* Measured curves (curves.h) and their calorimetry (calorimetry.h): read Mettler/CSV exports,
 * select and rate curves, and the Tf / dH / Tg / peak analysis. Curves cross into Python as
 * dicts of numpy arrays and come back as a vt_curve_set whose arrays point into them. */
#include "vtpy.h"

static PyObject *curve_dict(const vt_curve *c) {
  PyObject *d = PyDict_New();
  if (!d ||
      vtpy_set(d, "name", PyUnicode_DecodeUTF8(c->name, (Py_ssize_t)strlen(c->name), "replace")) ||
      vtpy_set(d, "segment", PyLong_FromLong(c->segment)) ||
      vtpy_set(d, "time_s", vtpy_copy_doubles(c->time_s, c->n)) ||
      vtpy_set(d, "Ts_K", vtpy_copy_doubles(c->Ts_K, c->n)) ||
      vtpy_set(d, "Tr_K", vtpy_copy_doubles(c->Tr_K, c->n)) ||
      vtpy_set(d, "heat_flow_W", vtpy_copy_doubles(c->heat_flow_W, c->n)) ||
      vtpy_set(d, "first_line", PyLong_FromLong(c->first_line)))
    Py_CLEAR(d);
  return d;
}

static PyObject *py_read_curves(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *path;
  if (!PyArg_ParseTuple(args, "O&", PyUnicode_FSConverter, &path)) return NULL;
  vt_curve_set set = {0};
  vt_error err;
  int rc;
  Py_BEGIN_ALLOW_THREADS rc = vt_read_curves(PyBytes_AS_STRING(path), &set, &err);
  Py_END_ALLOW_THREADS Py_DECREF(path);
  if (rc) return vtpy_raise(&err);
  PyObject *list = PyList_New((Py_ssize_t)set.n);
  for (size_t i = 0; list && i < set.n; i++) {
    PyObject *d = curve_dict(&set.curves[i]);
    if (!d)
      Py_CLEAR(list);
    else
      PyList_SET_ITEM(list, (Py_ssize_t)i, d);
  }
  PyObject *r = list ? Py_BuildValue("sN", set.source ? set.source : "", list) : NULL;
  vt_curve_set_free(&set);
  return r;
}

/* One curve of Python's list: arrays kept alive in `keep`, the name borrowed from the dict. */
static int curve_from(PyObject *d, vt_curve *c, PyObject *keep) {
  static const char *keys[] = {"time_s", "Ts_K", "Tr_K", "heat_flow_W"};
  double **dst[] = {&c->time_s, &c->Ts_K, &c->Tr_K, &c->heat_flow_W};
  PyObject *name = PyDict_GetItemString(d, "name");
  if (!name || !(c->name = (char *)PyUnicode_AsUTF8(name))) {
    if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "a curve needs a name");
    return -1;
  }
  if (vtpy_opt_int(d, "segment", &c->segment)) return -1;
  for (int k = 0; k < 4; k++) {
    PyObject *v = PyDict_GetItemString(d, keys[k]);
    PyArrayObject *a = v ? vtpy_doubles_in(v, keys[k]) : NULL;
    if (!a || PyList_Append(keep, (PyObject *)a) < 0) {
      Py_XDECREF(a);
      if (!PyErr_Occurred()) PyErr_Format(PyExc_TypeError, "a curve needs %s", keys[k]);
      return -1;
    }
    Py_DECREF(a);
    if (k > 0 && (size_t)PyArray_SIZE(a) != c->n)
      return PyErr_Format(PyExc_ValueError, "curve '%s': %s has %zd points, time_s %zu", c->name,
                          keys[k], PyArray_SIZE(a), c->n),
             -1;
    *dst[k] = PyArray_DATA(a);
    c->n = (size_t)PyArray_SIZE(a);
  }
  return 0;
}

/* A vt_curve_set over Python's curves (free set->curves only, never vt_curve_set_free). */
static int set_from(PyObject *list, vt_curve_set *set, PyObject *keep) {
  memset(set, 0, sizeof *set);
  if (!PyList_Check(list)) return PyErr_SetString(PyExc_TypeError, "expected a list of curves"), -1;
  set->n = (size_t)PyList_GET_SIZE(list);
  set->curves = calloc(set->n + 1, sizeof *set->curves);
  if (!set->curves) return PyErr_NoMemory(), -1;
  for (size_t i = 0; i < set->n; i++)
    if (curve_from(PyList_GET_ITEM(list, (Py_ssize_t)i), &set->curves[i], keep)) return -1;
  return 0;
}

static PyObject *py_curve_select(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *list, *keep = PyList_New(0), *r = NULL;
  const char *spec;
  vt_curve_set set = {0};
  if (keep && PyArg_ParseTuple(args, "Os", &list, &spec) && !set_from(list, &set, keep)) {
    size_t *idx = NULL, n = 0;
    vt_error err;
    if (vt_curve_set_select(&set, spec, &idx, &n, &err))
      vtpy_raise(&err);
    else
      r = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; r && i < n; i++)
      PyList_SET_ITEM(r, (Py_ssize_t)i, PyLong_FromSize_t(idx[i]));
    free(idx);
  }
  free(set.curves);
  Py_XDECREF(keep);
  return r;
}

static PyObject *py_curve_rate(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *d, *keep = PyList_New(0), *r = NULL;
  int use_Ts;
  vt_curve c = {0};
  if (keep && PyArg_ParseTuple(args, "O!p", &PyDict_Type, &d, &use_Ts) &&
      !curve_from(d, &c, keep)) {
    double rate, dev;
    vt_error err;
    if (vt_curve_rate(&c, use_Ts, &rate, &dev, &err))
      vtpy_raise(&err);
    else
      r = Py_BuildValue("dd", rate, dev);
  }
  Py_XDECREF(keep);
  return r;
}

/* curve_summary(curve) -> dict: ranges and the scan rate of one curve (vt_curve_summarise, the
 * rows of `vitrum curves`) */
static PyObject *py_curve_summary(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *d, *keep = PyList_New(0), *r = NULL;
  vt_curve c = {0};
  vt_curve_summary s;
  if (keep && PyArg_ParseTuple(args, "O!", &PyDict_Type, &d) && !curve_from(d, &c, keep)) {
    if (vt_curve_summarise(&c, &s))
      vtpy_raise_msg(VT_EINVAL, "curve_summary: no curve");
    else
      r = Py_BuildValue("{s:d,s:d,s:d,s:d,s:s,s:d,s:d,s:d,s:s}", "t_min_s", s.t_min_s, "t_max_s",
                        s.t_max_s, "T_min_K", s.T_min_K, "T_max_K", s.T_max_K, "T_name",
                        s.T_name ? s.T_name : "", "hf_min_W", s.hf_min_W, "hf_max_W", s.hf_max_W,
                        "rate_K_per_s", s.rate_K_per_s, "note", s.note);
  }
  Py_XDECREF(keep);
  return r;
}

/* ---- Calorimetry ------------------------------------------------------------------------- */

/* analyse()'s keywords by the library's table (vt_cal_option_table): choices by name, windows
 * as "LO, HI K" text, numbers in SI. */
int vtpy_cal_options(PyObject *d, vt_cal_options *o) {
  size_t n;
  const vt_option *rows = vt_cal_option_table(&n);
  return vtpy_set_options(d, rows, n, o);
}

static PyObject *line_dict(const vt_cal_line *l) {
  return Py_BuildValue("{s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:n}", "T_lo_K", l->T_lo_K, "T_hi_K",
                       l->T_hi_K, "at_K", l->at_K, "value_W", l->value_W, "slope_W_per_K",
                       l->slope_W_per_K, "var_value", l->var_value, "cov_value_slope",
                       l->cov_value_slope, "var_slope", l->var_slope, "rms_W", l->rms_W, "n",
                       (Py_ssize_t)l->n);
}

static PyObject *cal_curve_dict(const vt_cal_curve *c) {
  PyObject *d = PyDict_New();
  if (!d ||
      vtpy_set(d, "index",
               c->index == (size_t)-1 ? Py_NewRef(Py_None) : PyLong_FromSize_t(c->index)) ||
      vtpy_set(d, "segment", PyLong_FromLong(c->segment)) ||
      vtpy_set_double(d, "rate_K_per_s", c->rate_K_per_s) ||
      vtpy_set(d, "glass", line_dict(&c->glass)) || vtpy_set(d, "liquid", line_dict(&c->liquid)) ||
      vtpy_set_double(d, "Tf_K", c->Tf_K) || vtpy_set_double(d, "Tf_se_K", c->Tf_se_K) ||
      vtpy_set_double(d, "dH_area_J", c->dH_area_J) ||
      vtpy_set_double(d, "dH_area_se_J", c->dH_area_se_J) ||
      vtpy_set_double(d, "dH_tf_J", c->dH_tf_J) || vtpy_set_double(d, "noise_W", c->noise_W) ||
      vtpy_set(d, "resolved", PyBool_FromLong(c->resolved)) ||
      vtpy_set(d, "peak", vtpy_peak_dict(&c->peak)) ||
      vtpy_set_double(d, "peak_area_J", c->peak_area_J) ||
      vtpy_set(d, "T_K", vtpy_copy_doubles(c->T_K, c->n)) ||
      vtpy_set(d, "heat_flow_W", vtpy_copy_doubles(c->heat_flow_W, c->n)) ||
      vtpy_set(d, "corrected_W", vtpy_copy_doubles(c->corrected_W, c->n)) ||
      vtpy_set(d, "difference_W", vtpy_copy_doubles(c->difference_W, c->n)))
    Py_CLEAR(d);
  return d;
}

static PyObject *cal_result_dict(const vt_cal_result *r) {
  PyObject *list = PyList_New((Py_ssize_t)r->n);
  for (size_t i = 0; list && i < r->n; i++) {
    PyObject *c = cal_curve_dict(&r->curves[i]);
    if (!c)
      Py_CLEAR(list);
    else
      PyList_SET_ITEM(list, (Py_ssize_t)i, c);
  }
  if (!list) return NULL;
  const vt_cal_tg *tg = &r->tg;
  return Py_BuildValue("{s:s,s:(dd),s:(dd),s:O,s:n,s:N,s:{s:d,s:d,s:d,s:d,s:d},s:N}", "axis",
                       r->axis == VT_CAL_AXIS_TS ? "Ts" : "Tr", "glass_K", r->glass_K[0],
                       r->glass_K[1], "liquid_K", r->liquid_K[0], r->liquid_K[1],
                       "windows_automatic", r->windows_automatic ? Py_True : Py_False,
                       "n_references", (Py_ssize_t)r->n_references, "reference",
                       r->n_references ? cal_curve_dict(&r->reference) : Py_NewRef(Py_None), "tg",
                       "onset_K", tg->onset_K, "midpoint_K", tg->midpoint_K, "inflection_K",
                       tg->inflection_K, "end_K", tg->end_K, "step_W", tg->step_W, "curves", list);
}

static int indices_from(PyObject *seq, size_t **out, size_t *n) {
  PyObject *fast = PySequence_Fast(seq, "expected a list of curve indices");
  if (!fast) return -1;
  *n = (size_t)PySequence_Fast_GET_SIZE(fast);
  *out = calloc(*n + 1, sizeof **out);
  for (size_t i = 0; *out && i < *n; i++) {
    Py_ssize_t v = PyNumber_AsSsize_t(PySequence_Fast_GET_ITEM(fast, (Py_ssize_t)i), NULL);
    if (v < 0) {
      if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "curve indices are >= 0");
      Py_DECREF(fast);
      return -1;
    }
    (*out)[i] = (size_t)v;
  }
  Py_DECREF(fast);
  return *out ? 0 : (PyErr_NoMemory(), -1);
}

/* cal_analyse(curves, references, samples, options) -> result dict */
static PyObject *py_cal_analyse(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *list, *ro, *so, *od, *keep = PyList_New(0), *res = NULL;
  size_t *refs = NULL, *samples = NULL, nr = 0, ns = 0;
  vt_curve_set set = {0};
  vt_cal_options o = vt_cal_options_default();
  if (keep && PyArg_ParseTuple(args, "OOOO!", &list, &ro, &so, &PyDict_Type, &od) &&
      !vtpy_cal_options(od, &o) && !set_from(list, &set, keep) && !indices_from(ro, &refs, &nr) &&
      !indices_from(so, &samples, &ns)) {
    vt_cal_result r = {0};
    vt_error err;
    vtpy_call call;
    int rc;
    vtpy_call_begin(&call);
    Py_BEGIN_ALLOW_THREADS rc = vt_cal_analyse(&set, refs, nr, samples, ns, &o, &r, &err);
    Py_END_ALLOW_THREADS if (!vtpy_call_end(&call, rc, &err)) res = cal_result_dict(&r);
    vt_cal_result_free(&r);
  }
  free(refs);
  free(samples);
  free(set.curves);
  Py_XDECREF(keep);
  return res;
}

/* ---- The analysis's pieces on arrays (calorimetry.h): lines as the dicts of line_dict ---- */

static int line_from(PyObject *d, vt_cal_line *l) {
  memset(l, 0, sizeof *l);
  if (!PyDict_Check(d)) return PyErr_SetString(PyExc_TypeError, "a line is a dict"), -1;
  return vtpy_opt_double(d, "T_lo_K", &l->T_lo_K) || vtpy_opt_double(d, "T_hi_K", &l->T_hi_K) ||
                 vtpy_opt_double(d, "at_K", &l->at_K) ||
                 vtpy_opt_double(d, "value_W", &l->value_W) ||
                 vtpy_opt_double(d, "slope_W_per_K", &l->slope_W_per_K) ||
                 vtpy_opt_double(d, "var_value", &l->var_value) ||
                 vtpy_opt_double(d, "cov_value_slope", &l->cov_value_slope) ||
                 vtpy_opt_double(d, "var_slope", &l->var_slope) ||
                 vtpy_opt_double(d, "rms_W", &l->rms_W)
             ? -1
             : 0;
}

/* cal_lines(op, T, y, args...): op "fit" (T, y, lo, hi, min_points) -> line; "eval" (line, T)
 * -> array; "tf" (T, y, glass, liquid) -> (Tf, se); "step" (glass, liquid, Ta, Tb) -> W K;
 * "tg" (T, y, glass, liquid, smooth) -> dict. */
static PyObject *py_cal_piece(PyObject *self, PyObject *args) {
  (void)self;
  const char *op;
  PyObject *a = NULL, *b = NULL, *go = NULL, *lo = NULL, *r = NULL;
  double u = 0, v = 0;
  Py_ssize_t minpts = 0;
  vt_cal_line g, l;
  vt_error err;
  if (!PyArg_ParseTuple(args, "s|OOOOddn", &op, &a, &b, &go, &lo, &u, &v, &minpts)) return NULL;
  if (!strcmp(op, "step"))
    return line_from(a, &g) || line_from(b, &l)
               ? NULL
               : PyFloat_FromDouble(
                     vt_cal_step_integral(&g, &l, PyFloat_AsDouble(go), PyFloat_AsDouble(lo)));
  PyArrayObject *T = vtpy_doubles_in(strcmp(op, "eval") ? a : b, "T_K");
  PyArrayObject *y = T && strcmp(op, "eval") ? vtpy_doubles_in(b, "y_W") : NULL;
  size_t n = T ? (size_t)PyArray_SIZE(T) : 0;
  const double *Tv = T ? PyArray_DATA(T) : NULL;
  if (!T || (strcmp(op, "eval") && (!y || (size_t)PyArray_SIZE(y) != n))) {
    if (y) vtpy_raise_msg(VT_EINVAL, "T and y differ in length");
  } else if (!strcmp(op, "fit")) {
    r = vt_cal_fit_line(Tv, PyArray_DATA(y), n, u, v, (size_t)minpts, &g, &err) ? vtpy_raise(&err)
                                                                                : line_dict(&g);
  } else if (!strcmp(op, "eval")) {
    double *out = line_from(a, &g) ? NULL : malloc((n + 1) * sizeof *out);
    for (size_t i = 0; out && i < n; i++) out[i] = vt_cal_line_eval(&g, Tv[i]);
    r = out ? vtpy_own_doubles(out, n) : PyErr_Occurred() ? NULL : PyErr_NoMemory();
  } else if (line_from(go, &g) || line_from(lo, &l)) {
  } else if (!strcmp(op, "tf")) {
    double Tf, se;
    r = vt_cal_fictive_temperature(Tv, PyArray_DATA(y), n, &g, &l, &Tf, &se, &err)
            ? vtpy_raise(&err)
            : Py_BuildValue("dd", Tf, se);
  } else {
    vt_cal_tg tg;
    r = vt_cal_glass_transition(Tv, PyArray_DATA(y), n, &g, &l, u, &tg, &err)
            ? vtpy_raise(&err)
            : Py_BuildValue("{s:d,s:d,s:d,s:d,s:d}", "onset_K", tg.onset_K, "midpoint_K",
                            tg.midpoint_K, "inflection_K", tg.inflection_K, "end_K", tg.end_K,
                            "step_W", tg.step_W);
  }
  Py_XDECREF(T);
  Py_XDECREF(y);
  return r;
}

/* ---- Debye fits of measured scans (`vitrum debye --curves`) ---------------------------------- */

typedef struct debye_curves_job {
  const char *path, *reference, *select;
  vt_cal_options opts;
  vt_cal_scans_opts so;
  vt_debye_batch_opts bo;
  vt_cal_run run; /* the file, its selection and analysis */
  vt_heat_flow_scans d;
  vt_debye_batch b; /* one fit per scan, summarised */
} debye_curves_job;

/* What `vitrum debye --curves` does: the run on the file (all but the references, in segment
 * order for 'all', as the CLI), the common rate, the scans, their fits (vt_debye_fit_scans). */
static int debye_curves_run(debye_curves_job *j, vt_error *err) {
  vt_cal_selection sel = vt_cal_selection_default();
  sel.references = j->reference, sel.samples = j->select, sel.skip_references = 1;
  sel.references_name = "reference", sel.samples_name = "select"; /* the keywords */
  int rc = vt_cal_run_file(j->path, &sel, &j->opts, &j->run, err);
  if (!rc) rc = vt_cal_common_rate(&j->run.result, 0.01, &j->bo.rate_K_per_s, err);
  if (!rc) rc = vt_cal_heat_flow_scans(&j->run.result, &j->so, &j->d, err);
  if (!rc) rc = vt_debye_fit_scans(&j->d, &j->bo, &j->b, err);
  return rc;
}

/* Why scan i's fit failed, None when fitted. */
static PyObject *message(const vt_debye_batch *b, size_t i) {
  if (!b->status[i]) return Py_NewRef(Py_None);
  return PyUnicode_FromString(b->message[i] ? b->message[i] : vt_strerror(b->status[i]));
}

static PyObject *debye_curves_dict(const debye_curves_job *j) {
  PyObject *scans = PyList_New((Py_ssize_t)j->d.n_scans);
  for (size_t i = 0; scans && i < j->d.n_scans; i++) {
    const vt_scan *sc = &j->d.scans[i];
    const vt_cal_curve *c = &j->run.result.curves[i];
    PyObject *s =
        Py_BuildValue("{s:s,s:n,s:i,s:n,s:N,s:N,s:i,s:N,s:N}", "key", sc->key ? sc->key : "",
                      "curve", (Py_ssize_t)c->index, "segment", c->segment, "n", (Py_ssize_t)sc->n,
                      "T_K", vtpy_copy_doubles(j->d.T_K + sc->start, sc->n), "y",
                      vtpy_copy_doubles(j->d.y + sc->start, sc->n), "status", j->b.status[i], "fit",
                      j->b.status[i] ? Py_NewRef(Py_None) : vtpy_debye_dict(&j->b.fit[i]),
                      "message", message(&j->b, i));
    if (!s) {
      Py_CLEAR(scans);
      break;
    }
    PyList_SET_ITEM(scans, (Py_ssize_t)i, s);
  }
  if (!scans) return NULL;
  const vt_debye_summary *u = &j->b.summary;
  return Py_BuildValue("{s:d,s:s,s:s,s:N,s:{s:n,s:n,s:n,s:n,s:n,s:d,s:d}}", "rate_K_per_s",
                       j->bo.rate_K_per_s, "y_unit", j->d.y_unit, "q_unit", j->d.q_unit, "scans",
                       scans, "summary", "n", (Py_ssize_t)u->n, "n_fitted", (Py_ssize_t)u->n_fitted,
                       "n_gamma_beta_prime", (Py_ssize_t)u->n_class[VT_CLASS_GAMMA_BETA_PRIME],
                       "n_beta", (Py_ssize_t)u->n_class[VT_CLASS_BETA], "n_alpha",
                       (Py_ssize_t)u->n_class[VT_CLASS_ALPHA], "E_min_J_per_mol",
                       u->E_min_J_per_mol, "E_max_J_per_mol", u->E_max_J_per_mol);
}

/* debye_curves(path, reference, select, options, (T_min, T_max), (mass_kg, molar_mass,
 * per_rate), vft, Tg, m) -> dict */
static PyObject *py_debye_curves(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *path, *od, *res = NULL;
  double mass, molar;
  int per_rate, vft;
  debye_curves_job j = {.opts = vt_cal_options_default(), .bo = vt_debye_batch_opts_default()};
  if (!PyArg_ParseTuple(args, "O&ssO!(dd)(ddp)pdd", PyUnicode_FSConverter, &path, &j.reference,
                        &j.select, &PyDict_Type, &od, &j.so.T_min_K, &j.so.T_max_K, &mass, &molar,
                        &per_rate, &vft, &j.bo.Tg_K, &j.bo.fragility_m))
    return NULL;
  vt_cal_table_opts t = vt_cal_table_opts_default();
  char y_name[64];
  vt_error err;
  if (!vtpy_cal_options(od, &j.opts)) {
    if (vt_cal_table_units(mass, molar, per_rate, &t, &err)) {
      vtpy_raise(&err);
    } else {
      snprintf(y_name, sizeof y_name, "diff_%s", t.flow_unit);
      j.so.flow_factor = t.flow_factor, j.so.per_rate = t.per_rate, j.so.y_name = y_name;
      j.so.y_unit = t.flow_label, j.so.q_unit = t.energy_label;
      j.path = PyBytes_AS_STRING(path);
      j.bo.law = vft ? VT_TAU_VFT : VT_TAU_ARRHENIUS;
      j.bo.window = isnan(j.so.T_min_K) ? NULL : "range";
      vtpy_call call;
      int rc;
      vtpy_call_begin(&call);
      Py_BEGIN_ALLOW_THREADS rc = debye_curves_run(&j, &err);
      Py_END_ALLOW_THREADS if (!vtpy_call_end(&call, rc, &err)) res = debye_curves_dict(&j);
    }
  }
  vt_debye_batch_free(&j.b);
  vt_heat_flow_scans_free(&j.d);
  vt_cal_run_free(&j.run);
  Py_DECREF(path);
  return res;
}

PyMethodDef vtpy_curve_methods[] = {
    {"cal_piece", py_cal_piece, METH_VARARGS,
     "cal_piece(op, ...): fit, eval, tf, step, tg (calorimetry.h pieces)"},
    {"read_curves", py_read_curves, METH_VARARGS, "read_curves(path) -> (source, [curve])"},
    {"curve_select", py_curve_select, METH_VARARGS, "curve_select(curves, spec) -> [index]"},
    {"curve_rate", py_curve_rate, METH_VARARGS, "curve_rate(curve, use_Ts) -> (K/s, max dev)"},
    {"curve_summary", py_curve_summary, METH_VARARGS, "curve_summary(curve) -> dict"},
    {"cal_analyse", py_cal_analyse, METH_VARARGS,
     "cal_analyse(curves, references, samples, options) -> dict"},
    {"debye_curves", py_debye_curves, METH_VARARGS,
     "debye_curves(path, reference, select, options, (T_min, T_max), (mass, molar_mass, "
     "per_rate), vft, Tg, m) -> dict"},
    {NULL, NULL, 0, NULL}};
