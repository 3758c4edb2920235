/* The energy-landscape model (pel.h, paper 003): its rate and steady state at points, rate maps
 * with their lines, E_IS(t) curves, slope mining, ageing maps and the thin-plate spline. */
#include "vtpy.h"

/* ---- The pel model at points -------------------------------------------------------------- */

/* pel_eval(model, E_IS[], T[]) -> (rate, <E_A>, <E_R>) arrays, J/(mol s) and J/mol */
static PyObject *py_pel_eval(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *mo, *Eo, *To, *r = NULL;
  if (!PyArg_ParseTuple(args, "OOO", &mo, &Eo, &To)) return NULL;
  PyArrayObject *E = vtpy_doubles_in(Eo, "E_IS"), *T = E ? vtpy_doubles_in(To, "T") : NULL;
  size_t n = E ? (size_t)PyArray_SIZE(E) : 0;
  double *rate = malloc((n + 1) * sizeof *rate), *EA = malloc((n + 1) * sizeof *EA),
         *ER = malloc((n + 1) * sizeof *ER);
  vt_model *m = NULL;
  if (!T || !rate || !EA || !ER) {
    if (!PyErr_Occurred()) PyErr_NoMemory();
  } else if ((size_t)PyArray_SIZE(T) != n) {
    vtpy_raise_msg(VT_EINVAL, "E_IS and T differ in length");
  } else if ((m = vtpy_model_acquire(mo))) {
    const double *e = PyArray_DATA(E), *t = PyArray_DATA(T);
    vt_error err;
    int rc = 0;
    for (size_t i = 0; !rc && i < n; i++) {
      rc = vt_pel_rate(m, e[i], t[i], &rate[i], &err);
      if (!rc) rc = vt_pel_mean_activation(m, e[i], t[i], &EA[i], &err);
      if (!rc) rc = vt_pel_mean_relaxation(m, e[i], &ER[i], &err);
    }
    vtpy_model_release(mo);
    if (rc)
      vtpy_raise(&err);
    else
      r = Py_BuildValue("NNN", vtpy_own_doubles(rate, n), vtpy_own_doubles(EA, n),
                        vtpy_own_doubles(ER, n));
    if (!rc) rate = EA = ER = NULL; /* numpy's now */
  }
  free(rate);
  free(EA);
  free(ER);
  Py_XDECREF(E);
  Py_XDECREF(T);
  return r;
}

/* pel_point(model, what, x): steady E_IS at T ('steady_E'), boundary T of E_IS ('boundary_T'),
 * or the model's window ('window', x ignored). */
static PyObject *py_pel_point(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *mo;
  const char *what;
  double x, a = NAN, b = NAN;
  if (!PyArg_ParseTuple(args, "Osd", &mo, &what, &x)) return NULL;
  vt_model *m = vtpy_model_acquire(mo);
  if (!m) return NULL;
  vt_error err;
  int rc;
  if (strcmp(what, "steady_E") == 0)
    rc = vt_pel_steady_E(m, x, &a, &err);
  else if (strcmp(what, "boundary_T") == 0)
    rc = vt_pel_boundary_T(m, x, &a, &err);
  else
    rc = vt_pel_window(m, &a, &b, &err);
  vtpy_model_release(mo);
  if (rc) return vtpy_raise(&err);
  return Py_BuildValue("dd", a, b);
}

static PyObject *py_pel_max_ageing_T(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *mo;
  double E, lo, hi, T = NAN, rate = NAN;
  Py_ssize_t n_scan;
  if (!PyArg_ParseTuple(args, "Odddn", &mo, &E, &lo, &hi, &n_scan)) return NULL;
  vt_model *m = vtpy_model_acquire(mo);
  if (!m) return NULL;
  vt_error err;
  int rc = vt_pel_max_ageing_T(m, E, lo, hi, (size_t)n_scan, &T, &rate, &err);
  vtpy_model_release(mo);
  return rc ? vtpy_raise(&err) : Py_BuildValue("dd", T, rate);
}

/* ---- Maps ----------------------------------------------------------------------------------- */

static PyObject *map_dict(const vt_rate_map *map, const vt_rate_lines *l) {
  npy_intp dims[2] = {(npy_intp)map->nE, (npy_intp)map->nT};
  PyObject *rate = PyArray_SimpleNew(2, dims, NPY_DOUBLE);
  if (rate)
    memcpy(PyArray_DATA((PyArrayObject *)rate), map->rate, map->nE * map->nT * sizeof(double));
  return Py_BuildValue(
      "{s:N,s:N,s:N,s:N,s:N,s:N,s:N}", "E_IS", vtpy_copy_doubles(map->E_IS, map->nE), "T_K",
      vtpy_copy_doubles(map->T_K, map->nT), "rate", rate, "T_max_K",
      vtpy_copy_doubles(l->T_max_K, l->n), "rate_max", vtpy_copy_doubles(l->rate_max, l->n),
      "T_boundary_K", vtpy_copy_doubles(l->T_boundary_K, l->n), "lines_E_IS",
      vtpy_copy_doubles(l->E_IS, l->n));
}

/* pel_map(model, options) -> map dict: vt_pel_map_run, the keywords by its rows
 * (vt_pel_map_option_table; E_range None: the model's window) */
static PyObject *py_pel_map(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *mo, *d;
  size_t n;
  const vt_option *rows = vt_pel_map_option_table(&n);
  vt_pel_map_options o = vt_pel_map_options_default();
  if (!PyArg_ParseTuple(args, "OO!", &mo, &PyDict_Type, &d) || vtpy_set_options(d, rows, n, &o))
    return NULL;
  vt_model *m = vtpy_model_acquire(mo);
  if (!m) return NULL;
  vt_rate_map map = {0};
  vt_rate_lines lines = {0};
  vt_error err;
  vtpy_call call;
  int rc;
  vtpy_call_begin(&call);
  Py_BEGIN_ALLOW_THREADS rc = vt_pel_map_run(m, &o, &map, &lines, &err);
  Py_END_ALLOW_THREADS vtpy_model_release(mo);
  PyObject *r = vtpy_call_end(&call, rc, &err) ? NULL : map_dict(&map, &lines);
  vt_rate_map_free(&map);
  vt_rate_lines_free(&lines);
  return r;
}

/* pel_scan(model, cool_rate, T_start, T_low, T_end, heat_rate, grid options) -> dict: paper 003
 * Fig. 4c's cooling and heating (vt_pel_scan_run); NaN T_start, T_low or heat keep the
 * library's default (T_end NaN: back to T_start). */
static PyObject *py_pel_scan(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *mo, *opts, *keep = PyList_New(0), *r = NULL;
  double cool, T0, Tl, Te, heat;
  vt_pel_scan_options so = vt_pel_scan_options_default();
  vt_grid_options go = vt_grid_options_default();
  vt_model *m = NULL;
  if (keep && PyArg_ParseTuple(args, "OdddddO", &mo, &cool, &T0, &Tl, &Te, &heat, &opts) &&
      !vtpy_grid_options(opts, &go, keep))
    m = vtpy_model_acquire(mo);
  if (m) {
    if (!isnan(T0)) so.T_start_K = T0;
    if (!isnan(Tl)) so.T_low_K = Tl;
    if (!isnan(heat)) so.heat_K_per_s = heat;
    so.T_end_K = Te;
    vt_pel_scan s = {0};
    vt_error err;
    vtpy_call call;
    int rc;
    vtpy_call_begin(&call);
    Py_BEGIN_ALLOW_THREADS rc = vt_pel_scan_run(m, &go, &so, cool, &s, &err);
    Py_END_ALLOW_THREADS vtpy_model_release(mo);
    if (!vtpy_call_end(&call, rc, &err)) {
      size_t n = s.trace.n;
      r = Py_BuildValue("{s:N,s:N,s:N,s:d,s:n,s:d,s:d,s:d,s:d}", "E_IS",
                        vtpy_copy_doubles(s.E_IS, n), "rate", vtpy_copy_doubles(s.rate, n), "trace",
                        vtpy_trace_dict(&s.trace), "cool_K_per_s", s.cool_K_per_s, "first",
                        (Py_ssize_t)s.first, "E_glass", s.E_glass, "Tf_glass_K", s.Tf_glass_K,
                        "T_exo_K", s.T_exo_K, "rate_exo", s.rate_exo);
    }
    vt_pel_scan_free(&s);
  }
  Py_XDECREF(keep);
  return r;
}

/* A vt_trace over a Trace's columns (dict of arrays), held in `keep`; -1 with an exception. */
static int trace_from(PyObject *d, vt_trace *t, PyObject *keep) {
  static const char *names[] = {"time_s",           "T_K",    "Tf_K", "dH_J_per_mol", "Cp_N",
                                "H_conf_J_per_mol", "t_seg_s"};
  double **cols[] = {&t->time_s,           &t->T_K,    &t->Tf_K, &t->dH_J_per_mol, &t->CpN,
                     &t->H_conf_J_per_mol, &t->t_seg_s};
  memset(t, 0, sizeof *t);
  for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
    PyObject *o = PyDict_GetItemString(d, names[k]);
    PyArrayObject *a = o ? vtpy_doubles_in(o, names[k]) : NULL;
    if (!a || PyList_Append(keep, (PyObject *)a)) return Py_XDECREF(a), -1;
    Py_DECREF(a);
    if (k && (size_t)PyArray_SIZE(a) != t->n)
      return vtpy_raise_msg(VT_EINVAL, "trace column %s: %zd rows, not %zu", names[k],
                            PyArray_SIZE(a), t->n),
             -1;
    t->n = (size_t)PyArray_SIZE(a);
    *cols[k] = PyArray_DATA(a);
  }
  PyObject *so = PyDict_GetItemString(d, "segment");
  PyArrayObject *s =
      so ? (PyArrayObject *)PyArray_FROMANY(so, NPY_INT, 1, 1, NPY_ARRAY_CARRAY_RO) : NULL;
  if (!s || PyList_Append(keep, (PyObject *)s)) return Py_XDECREF(s), -1;
  Py_DECREF(s);
  t->segment = PyArray_DATA(s);
  return (size_t)PyArray_SIZE(s) == t->n ? 0 : (vtpy_raise_msg(VT_EINVAL, "segment rows"), -1);
}

/* pel_trace_energy(model, trace dict, first) -> (E_IS, rate, T_exo_K, rate_exo): per row
 * (vt_pel_trace_energy) and, for first >= 1, the exotherm of the heating from that row
 * (vt_pel_exotherm; NaN for first < 1). */
static PyObject *py_pel_trace_energy(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *mo, *d, *keep = PyList_New(0), *r = NULL;
  Py_ssize_t first;
  vt_trace t;
  vt_model *m = NULL;
  if (keep && PyArg_ParseTuple(args, "OO!n", &mo, &PyDict_Type, &d, &first) &&
      !trace_from(d, &t, keep))
    m = vtpy_model_acquire(mo);
  if (m) {
    double *E = malloc((t.n + 1) * sizeof *E), *rate = malloc((t.n + 1) * sizeof *rate);
    double T_exo = NAN, rate_exo = NAN;
    vt_error err;
    int rc = E && rate ? vt_pel_trace_energy(m, &t, E, rate, &err) : VT_ENOMEM;
    vtpy_model_release(mo);
    if (!rc && first >= 1) rc = vt_pel_exotherm(&t, rate, (size_t)first, &T_exo, &rate_exo, &err);
    if (rc == VT_ENOMEM && !(E && rate))
      PyErr_NoMemory();
    else if (rc)
      vtpy_raise(&err);
    else
      r = Py_BuildValue("NNdd", vtpy_own_doubles(E, t.n), vtpy_own_doubles(rate, t.n), T_exo,
                        rate_exo),
      E = rate = NULL;
    free(E);
    free(rate);
  }
  Py_XDECREF(keep);
  return r;
}

static PyObject *lines_dict(const vt_rate_lines *l) {
  return Py_BuildValue("{s:N,s:N,s:N,s:N}", "E_IS", vtpy_copy_doubles(l->E_IS, l->n), "T_max_K",
                       vtpy_copy_doubles(l->T_max_K, l->n), "rate_max",
                       vtpy_copy_doubles(l->rate_max, l->n), "T_boundary_K",
                       vtpy_copy_doubles(l->T_boundary_K, l->n));
}

/* pel_lines(model, E_IS array, T_lo, T_hi, n_scan) -> dict: the model's lines at those rows
 * (vt_pel_lines, what `vitrum agemap --compare` draws) */
static PyObject *py_pel_lines(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *mo, *eo, *r = NULL;
  double lo, hi;
  Py_ssize_t n_scan;
  if (!PyArg_ParseTuple(args, "OOddn", &mo, &eo, &lo, &hi, &n_scan)) return NULL;
  PyArrayObject *E = vtpy_doubles_in(eo, "E_IS");
  vt_model *m = E ? vtpy_model_acquire(mo) : NULL;
  if (m) {
    vt_rate_lines l = {0};
    vt_error err;
    int rc = vt_pel_lines(m, PyArray_DATA(E), (size_t)PyArray_SIZE(E), lo, hi,
                          n_scan > 0 ? (size_t)n_scan : 0, &l, &err);
    vtpy_model_release(mo);
    r = rc ? vtpy_raise(&err) : lines_dict(&l);
    vt_rate_lines_free(&l);
  }
  Py_XDECREF(E);
  return r;
}

/* pel_map_lines(model, E_IS array, T_K array) -> dict: the model's lines on a map's rows,
 * searched 300 K beyond its temperatures (vt_pel_map_lines, what `vitrum agemap --compare`
 * draws) */
static PyObject *py_pel_map_lines(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *mo, *eo, *to, *r = NULL;
  if (!PyArg_ParseTuple(args, "OOO", &mo, &eo, &to)) return NULL;
  PyArrayObject *E = vtpy_doubles_in(eo, "E_IS"), *T = E ? vtpy_doubles_in(to, "T_K") : NULL;
  vt_model *m = T ? vtpy_model_acquire(mo) : NULL;
  if (m) {
    vt_rate_map map = {(size_t)PyArray_SIZE(E), (size_t)PyArray_SIZE(T), PyArray_DATA(E),
                       PyArray_DATA(T), NULL};
    vt_rate_lines l = {0};
    vt_error err;
    int rc = vt_pel_map_lines(m, &map, &l, &err);
    vtpy_model_release(mo);
    r = rc ? vtpy_raise(&err) : lines_dict(&l);
    vt_rate_lines_free(&l);
  }
  Py_XDECREF(E);
  Py_XDECREF(T);
  return r;
}

/* compare_lines(T_max_a, T_max_b) -> (max |dT|, median |dT|, rows) (vt_rate_lines_compare) */
static PyObject *py_compare_lines(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *ao, *bo, *r = NULL;
  if (!PyArg_ParseTuple(args, "OO", &ao, &bo)) return NULL;
  PyArrayObject *a = vtpy_doubles_in(ao, "a"), *b = a ? vtpy_doubles_in(bo, "b") : NULL;
  if (b) {
    vt_rate_lines la = {(size_t)PyArray_SIZE(a), NULL, PyArray_DATA(a), NULL, NULL};
    vt_rate_lines lb = {(size_t)PyArray_SIZE(b), NULL, PyArray_DATA(b), NULL, NULL};
    double worst, median;
    size_t rows;
    vt_error err;
    r = vt_rate_lines_compare(&la, &lb, &worst, &median, &rows, &err)
            ? vtpy_raise(&err)
            : Py_BuildValue("ddn", worst, median, (Py_ssize_t)rows);
  }
  Py_XDECREF(a);
  Py_XDECREF(b);
  return r;
}

/* ---- E_IS curves, slope mining, ageing maps ----------------------------------------------- */

/* The curves of a set as a list of dicts (name, T_K, time_s, E_IS); frees the set. */
static PyObject *eis_list(vt_eis_set *set) {
  PyObject *list = PyList_New((Py_ssize_t)set->n);
  for (size_t i = 0; list && i < set->n; i++) {
    const vt_eis_curve *c = &set->curves[i];
    PyObject *d =
        Py_BuildValue("{s:s,s:d,s:N,s:N}", "name", c->name ? c->name : "", "T_K", c->T_K, "time_s",
                      vtpy_copy_doubles(c->time_s, c->n), "E_IS", vtpy_copy_doubles(c->E_IS, c->n));
    if (!d)
      Py_CLEAR(list);
    else
      PyList_SET_ITEM(list, (Py_ssize_t)i, d);
  }
  vt_eis_set_free(set);
  return list;
}

static PyObject *py_read_eis_csv(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *path;
  double T_default;
  if (!PyArg_ParseTuple(args, "O&d", PyUnicode_FSConverter, &path, &T_default)) return NULL;
  vt_eis_set set = {0};
  vt_error err;
  int rc = vt_read_eis_csv(PyBytes_AS_STRING(path), T_default, &set, &err);
  Py_DECREF(path);
  return rc ? vtpy_raise(&err) : eis_list(&set);
}

/* The options without a table row given as text ("0.01 eV/s", "kcal/mol", "log"), read by the
 * library's parser (vt_agemap_option_set_text, vt_lammps_option_set_text); 1 when `key` is not
 * text (a number, or absent), 0 when set, -1 after an error. */
static int text_option(PyObject *d, const char *key, int lammps, void *o) {
  PyObject *v = PyDict_GetItemString(d, key);
  if (!v || !PyUnicode_Check(v)) return 1;
  const char *text = PyUnicode_AsUTF8(v);
  if (!text) return -1;
  vt_error err;
  int rc = lammps ? vt_lammps_option_set_text(o, key, key, text, &err)
                  : vt_agemap_option_set_text(o, key, key, text, &err);
  if (rc) return vtpy_raise(&err), -1;
  return 0;
}

/* read_eis(path, format 0 auto / 1 csv / 2 lammps, T_K, lammps options) -> [curve]: as
 * `vitrum agemap` reads each file (vt_read_eis; LAMMPS logs by vt_read_eis_lammps). */
static PyObject *py_read_eis(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *path, *d;
  int format;
  double T_K;
  size_t n;
  const vt_option *rows = vt_lammps_option_table(&n);
  vt_lammps_options lo = vt_lammps_options_default();
  if (!PyArg_ParseTuple(args, "O&idO!", PyUnicode_FSConverter, &path, &format, &T_K, &PyDict_Type,
                        &d))
    return NULL;
  /* energy_column, timestep, T_column by the library's rows; energy_unit (a unit's name) and
   * atoms (a count or "log") by its parser of them; a factor in J/mol as a number */
  if (vtpy_set_options(d, rows, n, &lo) || text_option(d, "energy_unit", 1, &lo) < 0 ||
      text_option(d, "atoms", 1, &lo) < 0 ||
      vtpy_opt_double(d, "energy_unit_J_per_mol", &lo.energy_unit_J_per_mol) ||
      vtpy_opt_double(d, "T_K", &lo.T_K))
    return Py_DECREF(path), NULL;
  if (format < VT_EIS_AUTO || format > VT_EIS_LAMMPS)
    return Py_DECREF(path), vtpy_raise_msg(VT_EINVAL, "E_IS format %d: expected 0 to 2", format);
  vt_eis_set set = {0};
  vt_error err;
  int rc = vt_read_eis(PyBytes_AS_STRING(path), (vt_eis_format)format, T_K, &lo, &set, &err);
  Py_DECREF(path);
  return rc ? vtpy_raise(&err) : eis_list(&set);
}

/* A vt_eis_set over Python's curves (free set->curves only). */
static int eis_from(PyObject *list, vt_eis_set *set, PyObject *keep) {
  memset(set, 0, sizeof *set);
  Py_ssize_t n = PyList_Size(list);
  if (n < 0 || !(set->curves = calloc((size_t)n + 1, sizeof *set->curves)))
    return PyErr_Occurred() ? -1 : (PyErr_NoMemory(), -1);
  set->n = (size_t)n;
  for (Py_ssize_t i = 0; i < n; i++) {
    vt_eis_curve *c = &set->curves[i];
    PyObject *d = PyList_GET_ITEM(list, i), *name = PyDict_GetItemString(d, "name");
    PyObject *to = PyDict_GetItemString(d, "time_s"), *eo = PyDict_GetItemString(d, "E_IS");
    if (!name || !to || !eo || !(c->name = (char *)PyUnicode_AsUTF8(name)) ||
        vtpy_opt_double(d, "T_K", &c->T_K))
      return PyErr_Occurred() ? -1
                              : (PyErr_SetString(PyExc_TypeError, "a curve needs name, "
                                                                  "T_K, time_s, E_IS"),
                                 -1);
    PyArrayObject *t = vtpy_doubles_in(to, "time_s"), *e = t ? vtpy_doubles_in(eo, "E_IS") : NULL;
    int bad = !e || PyList_Append(keep, (PyObject *)t) || PyList_Append(keep, (PyObject *)e) ||
              PyArray_SIZE(t) != PyArray_SIZE(e);
    if (!bad) {
      c->n = (size_t)PyArray_SIZE(t);
      c->time_s = PyArray_DATA(t);
      c->E_IS = PyArray_DATA(e);
    }
    Py_XDECREF(t);
    Py_XDECREF(e);
    if (bad)
      return PyErr_Occurred() ? -1
                              : (vtpy_raise_msg(VT_EINVAL,
                                                "curve %zd: time_s and "
                                                "E_IS differ in length",
                                                i),
                                 -1);
  }
  return 0;
}

static PyObject *entries_dict(const vt_age_entries *e) {
  return Py_BuildValue("{s:N,s:N,s:N}", "T_K", vtpy_copy_doubles(e->T_K, e->n), "E_IS",
                       vtpy_copy_doubles(e->E_IS, e->n), "rate", vtpy_copy_doubles(e->rate, e->n));
}

/* The keywords by the library's rows (vt_agemap_option_table); asinh_scale (J/(mol s)) has
 * none. */
static int agemap_options(PyObject *d, vt_agemap_options *o) {
  size_t n;
  const vt_option *rows = vt_agemap_option_table(&n);
  int t = vtpy_set_options(d, rows, n, o) ? -1 : text_option(d, "asinh_scale", 0, o);
  return t < 0 || (t == 1 && vtpy_opt_double(d, "asinh_scale", &o->asinh_scale)) ? -1 : 0;
}

/* agemap(curves, options) -> (raw entries, averaged entries, map dict) */
static PyObject *py_agemap(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *list, *od, *keep = PyList_New(0), *r = NULL;
  vt_eis_set set = {0};
  vt_agemap_options o = vt_agemap_options_default();
  if (keep && PyArg_ParseTuple(args, "OO", &list, &od) && !agemap_options(od, &o) &&
      !eis_from(list, &set, keep)) {
    vt_age_entries raw = {0}, avg = {0};
    vt_rate_map map = {0};
    vt_rate_lines lines = {0};
    vt_error err;
    vtpy_call call;
    int rc;
    vtpy_call_begin(&call);
    Py_BEGIN_ALLOW_THREADS rc = vt_slope_mine(&set, &raw, &err);
    if (!rc) rc = vt_agemap_compute(&raw, &o, &avg, &map, &lines, &err);
    Py_END_ALLOW_THREADS if (!vtpy_call_end(&call, rc, &err)) r =
        Py_BuildValue("NNN", entries_dict(&raw), entries_dict(&avg), map_dict(&map, &lines));
    vt_age_entries_free(&raw);
    vt_age_entries_free(&avg);
    vt_rate_map_free(&map);
    vt_rate_lines_free(&lines);
  }
  free(set.curves);
  Py_XDECREF(keep);
  return r;
}

/* ---- Thin-plate spline ------------------------------------------------------------------- */

typedef struct vtpy_Tps {
  PyObject_HEAD vt_tps *tps;
} vtpy_Tps;

static void tps_dealloc(vtpy_Tps *self) {
  vt_tps_free(self->tps);
  Py_TYPE(self)->tp_free((PyObject *)self);
}

/* _Tps(x, y, z, lambda, method 0/1/2, neighbors, dense_max) */
static PyObject *tps_new(PyTypeObject *type, PyObject *args, PyObject *kw) {
  (void)kw;
  PyObject *xo, *yo, *zo;
  double lambda;
  vt_tps_options o = vt_tps_options_default();
  int method = 0;
  Py_ssize_t k = (Py_ssize_t)o.neighbors, dmax = (Py_ssize_t)o.dense_max;
  if (!PyArg_ParseTuple(args, "OOOd|inn", &xo, &yo, &zo, &lambda, &method, &k, &dmax)) return NULL;
  o.method = (vt_tps_method)method;
  o.neighbors = (size_t)k;
  o.dense_max = (size_t)dmax;
  PyArrayObject *x = vtpy_doubles_in(xo, "x"), *y = x ? vtpy_doubles_in(yo, "y") : NULL,
                *z = y ? vtpy_doubles_in(zo, "z") : NULL;
  PyObject *r = NULL;
  if (z && (PyArray_SIZE(x) != PyArray_SIZE(y) || PyArray_SIZE(x) != PyArray_SIZE(z))) {
    vtpy_raise_msg(VT_EINVAL, "x, y and z differ in length");
  } else if (z) {
    vt_error err;
    vt_tps *t;
    Py_BEGIN_ALLOW_THREADS t = vt_tps_fit_opts(PyArray_DATA(x), PyArray_DATA(y), PyArray_DATA(z),
                                               (size_t)PyArray_SIZE(x), lambda, &o, &err);
    Py_END_ALLOW_THREADS if (!t) vtpy_raise(&err);
    else if ((r = type->tp_alloc(type, 0)))((vtpy_Tps *)r)->tps = t;
    else vt_tps_free(t);
  }
  Py_XDECREF(x);
  Py_XDECREF(y);
  Py_XDECREF(z);
  return r;
}

static PyObject *tps_eval(vtpy_Tps *self, PyObject *args) {
  PyObject *xo, *yo;
  if (!PyArg_ParseTuple(args, "OO", &xo, &yo)) return NULL;
  PyArrayObject *x = vtpy_doubles_in(xo, "x"), *y = x ? vtpy_doubles_in(yo, "y") : NULL;
  PyObject *r = NULL;
  size_t n = x ? (size_t)PyArray_SIZE(x) : 0;
  double *out = y ? malloc((n + 1) * sizeof *out) : NULL;
  if (out && (size_t)PyArray_SIZE(y) == n) {
    const double *a = PyArray_DATA(x), *b = PyArray_DATA(y);
    Py_BEGIN_ALLOW_THREADS for (size_t i = 0; i < n; i++) out[i] =
        vt_tps_eval(self->tps, a[i], b[i]);
    Py_END_ALLOW_THREADS r = vtpy_own_doubles(out, n);
    out = NULL;
  } else if (y && !PyErr_Occurred()) {
    vtpy_raise_msg(VT_EINVAL, "x and y differ in length");
  }
  free(out);
  Py_XDECREF(x);
  Py_XDECREF(y);
  return r;
}

static PyObject *tps_is_local(vtpy_Tps *self, void *closure) {
  (void)closure;
  return PyBool_FromLong(vt_tps_is_local(self->tps));
}

static PyMethodDef tps_methods[] = {
    {"eval", (PyCFunction)tps_eval, METH_VARARGS, "eval(x[], y[]) -> z[]"}, {NULL, NULL, 0, NULL}};
static PyGetSetDef tps_getset[] = {
    {"is_local", (getter)tps_is_local, NULL, "uses the local method", NULL},
    {NULL, NULL, NULL, NULL, NULL}};

PyTypeObject vtpy_TpsType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "vitrum._vitrum._Tps",
    .tp_basicsize = sizeof(vtpy_Tps),
    .tp_dealloc = (destructor)tps_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A vt_tps thin-plate spline (use vitrum.ThinPlateSpline)",
    .tp_methods = tps_methods,
    .tp_getset = tps_getset,
    .tp_new = tps_new,
};

PyMethodDef vtpy_pel_methods[] = {
    {"pel_eval", py_pel_eval, METH_VARARGS, "pel_eval(model, E_IS, T) -> (rate, EA, ER)"},
    {"pel_point", py_pel_point, METH_VARARGS, "pel_point(model, what, x) -> (a, b)"},
    {"pel_max_ageing_T", py_pel_max_ageing_T, METH_VARARGS,
     "pel_max_ageing_T(model, E, T_lo, T_hi, n_scan) -> (T, rate)"},
    {"pel_map", py_pel_map, METH_VARARGS, "pel_map(model, options) -> map dict"},
    {"read_eis_csv", py_read_eis_csv, METH_VARARGS, "read_eis_csv(path, T_default) -> [curve]"},
    {"pel_scan", py_pel_scan, METH_VARARGS,
     "pel_scan(model, cool, T_start, T_low, T_end, heat, grid) -> dict"},
    {"pel_trace_energy", py_pel_trace_energy, METH_VARARGS,
     "pel_trace_energy(model, trace, first) -> (E_IS, rate, T_exo_K, rate_exo)"},
    {"pel_lines", py_pel_lines, METH_VARARGS, "pel_lines(model, E_IS, T_lo, T_hi, n_scan) -> dict"},
    {"pel_map_lines", py_pel_map_lines, METH_VARARGS,
     "pel_map_lines(model, E_IS, T_K) -> dict (300 K beyond the map)"},
    {"compare_lines", py_compare_lines, METH_VARARGS,
     "compare_lines(T_max_a, T_max_b) -> (max, median, rows)"},
    {"read_eis", py_read_eis, METH_VARARGS, "read_eis(path, format, T_K, lammps) -> [curve]"},
    {"agemap", py_agemap, METH_VARARGS, "agemap(curves, options) -> (raw, avg, map)"},
    {NULL, NULL, 0, NULL}};
