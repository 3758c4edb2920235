/* Model predictions for fit data: enthalpy-recovery points grouped by protocol (one simulation
 * per group, with the measurement times requested on the grid) and Cp_N curves. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "../models/model_layer.h"
#include "fit_internal.h"

void vt_fit_data_free(vt_fit_data *d) {
  if (!d) return;
  for (size_t c = 0; c < d->n_curves; c++) {
    vt_cpn_curve *cv = &d->curves[c];
    vt_program_free(cv->program);
    VT_FREE_ZERO(cv, cv->name, cv->T_K, cv->CpN, cv->sigma);
  }
  VT_FREE_ZERO(d, d->curves, d->dh);
}

static int same_protocol(const vt_dh_point *a, const vt_dh_point *b) {
  int two_a = !isnan(a->T2_K), two_b = !isnan(b->T2_K);
  if (two_a != two_b || a->T1_K != b->T1_K) return 0;
  return !two_a || (a->t1_s == b->t1_s && a->T2_K == b->T2_K);
}

/* Groups: points of one protocol (state reading) or one point each (DSC reading), then one
 * group per curve. */
int vt_fit_groups(const vt_fit_data *d, vt_dh_reading reading, fit_group **out, size_t *n_out) {
  fit_group *g = calloc(d->n_dh + d->n_curves + 1, sizeof *g);
  size_t *owner = malloc((d->n_dh + 1) * sizeof *owner), n = 0;
  if (!g || !owner) {
    free(g);
    free(owner);
    return VT_ENOMEM;
  }
  for (size_t i = 0; i < d->n_dh; i++) {
    size_t k = n;
    if (reading == VT_DH_STATE)
      for (k = 0;
           k < n && !(g[k].kind == GROUP_DH && same_protocol(&d->dh[g[k].first], &d->dh[i]));)
        k++;
    if (k == n) g[n++] = (fit_group){GROUP_DH, i, 0, 0, NULL};
    g[k].count++;
    owner[i] = k;
  }
  for (size_t c = 0; c < d->n_curves; c++) g[n++] = (fit_group){GROUP_CURVE, 0, 0, c, NULL};
  /* Member lists: indices of a group's points, in data order. */
  for (size_t k = 0; k < n; k++)
    if (g[k].kind == GROUP_DH) g[k].members = malloc(g[k].count * sizeof *g[k].members);
  size_t *fill = calloc(n + 1, sizeof *fill);
  int rc = fill ? VT_OK : VT_ENOMEM;
  for (size_t k = 0; !rc && k < n; k++)
    if (g[k].kind == GROUP_DH && !g[k].members) rc = VT_ENOMEM;
  for (size_t i = 0; !rc && i < d->n_dh; i++) g[owner[i]].members[fill[owner[i]]++] = i;
  free(fill);
  free(owner);
  if (rc) {
    vt_fit_groups_free(g, n);
    return rc;
  }
  *out = g;
  *n_out = n;
  return VT_OK;
}

void vt_fit_groups_free(fit_group *g, size_t n) {
  for (size_t k = 0; g && k < n; k++) free(g[k].members);
  free(g);
}

/* T_eq -> T1 at R_c, hold t1, [-> T2, hold t2], [quench to T_low]. */
static vt_program *protocol(const vt_fit_options *o, const vt_dh_point *p, double t1, double t2,
                            int quench, vt_error *err) {
  vt_program *prog = vt_program_create(o->dsc.T_eq_K, err);
  double jump = o->jump_rate_K_per_s > 0 ? o->jump_rate_K_per_s : o->dsc.cool_rate_K_per_s;
  int rc = prog ? VT_OK : VT_EINVAL;
  if (!rc) rc = vt_program_ramp(prog, p->T1_K, o->dsc.cool_rate_K_per_s, err);
  if (!rc && t1 > 0) rc = vt_program_hold(prog, t1, err);
  if (!rc && !isnan(p->T2_K) && p->T2_K != p->T1_K) rc = vt_program_ramp(prog, p->T2_K, jump, err);
  if (!rc && !isnan(p->T2_K) && t2 > 0) rc = vt_program_hold(prog, t2, err);
  if (!rc && quench) rc = vt_program_ramp(prog, o->dsc.T_low_K, o->dsc.cool_rate_K_per_s, err);
  if (rc) {
    vt_program_free(prog);
    return NULL;
  }
  return prog;
}

/* The model's forward sensitivities dTf/dp at every node of its last run (TNM or units), n_dir
 * per node (set, with NULL rows, before its first run); n_dir 0 when it carries none. */
static const double *sens_rows(vt_model *m, size_t *n_rows, size_t *n_dir) {
  size_t nd = 0;
  const double *r = vt_tnm_sensitivities(m, n_rows, &nd, NULL);
  if (!nd) r = vt_units_sensitivities(m, n_rows, &nd, NULL);
  if (n_dir) *n_dir = nd;
  return r;
}

/* dH/dp = dCp dTf/dp of trace node i, from the model's sensitivities (n_dir values). */
static void dH_of_node(vt_model *m, size_t i, double *dH) {
  size_t nr = 0, nd = 0;
  double dCp;
  const double *rows = sens_rows(m, &nr, &nd);
  vt_model_get(m, "dCp", &dCp, NULL);
  for (size_t j = 0; rows && j < nd; j++) dH[j] = i < nr ? dCp * rows[i * nd + j] : NAN;
}

static size_t n_dir_of(vt_model *m) {
  size_t nd = 0;
  sens_rows(m, NULL, &nd);
  return nd;
}

/* Simulate a program, returning H_conf at requested times (in time order) and at the end, and
 * with dH_at / dH_end their derivatives (n_dir each). */
static int run(vt_model *m, const vt_fit_options *o, const vt_program *p, const double *at,
               size_t n_at, double *H_at, double *H_end, double *dH_at, double *dH_end,
               vt_error *err) {
  vt_grid_options go = o->dsc.grid;
  go.at_time_s = at;
  go.n_at_time = n_at;
  go.at_T_K = NULL;
  go.n_at_T = 0;
  vt_grid g;
  vt_trace t = {0};
  int rc = vt_grid_build(p, &go, &g, err);
  if (!rc) {
    rc = vt_simulate(m, &g, &t, err);
    vt_grid_free(&g);
  }
  size_t k = 0, nd = dH_at || dH_end ? n_dir_of(m) : 0;
  for (size_t i = 0; !rc && i < t.n && k < n_at; i++)
    if (t.requested[i]) {
      if (dH_at) dH_of_node(m, i, &dH_at[k * nd]);
      H_at[k++] = t.H_conf_J_per_mol[i];
    }
  if (!rc && k != n_at) rc = vt_fail(err, VT_ENUMERIC, "a requested time fell off the grid");
  if (!rc && H_end) *H_end = t.H_conf_J_per_mol[t.n - 1];
  if (!rc && dH_end) dH_of_node(m, t.n - 1, dH_end);
  vt_trace_free(&t);
  return rc;
}

static int cmp_time(const void *a, const void *b) {
  double x = ((const double *)a)[0], y = ((const double *)b)[0];
  return (x > y) - (x < y);
}

/* State reading: one run to the longest time; dh = H_ref(T) - H at each point's time. */
static int predict_state(vt_model *m, const vt_fit_options *o, const vt_fit_data *d,
                         const fit_group *g, const fit_reference *ref, double *pred, double *dpred,
                         vt_error *err) {
  const vt_dh_point *p0 = &d->dh[g->first];
  int two = !isnan(p0->T2_K);
  size_t nd = dpred ? ref->n_dir : 0;
  double *pairs = malloc(2 * g->count * sizeof *pairs), *at = malloc(g->count * sizeof *at);
  double *H = malloc(g->count * sizeof *H), *dH = malloc((g->count * nd + 1) * sizeof *dH);
  int rc = (pairs && at && H && dH) ? VT_OK : vt_fail(err, VT_ENOMEM, "out of memory");
  double t_max = 0;
  for (size_t k = 0; !rc && k < g->count; k++) {
    const vt_dh_point *p = &d->dh[g->members[k]];
    pairs[2 * k] = two ? p->t2_s : p->t1_s;
    pairs[2 * k + 1] = (double)g->members[k];
    t_max = fmax(t_max, pairs[2 * k]);
  }
  vt_program *prog = rc ? NULL : protocol(o, p0, two ? p0->t1_s : t_max, t_max, 0, err);
  if (!rc && !prog) rc = err ? err->status : VT_EINVAL;
  /* Repeated measurements share a time: request each time once, then map the points on it. */
  size_t n_at = 0;
  if (!rc) {
    qsort(pairs, g->count, 2 * sizeof *pairs, cmp_time);
    double t_hold = vt_program_duration_s(prog) - t_max;
    for (size_t k = 0; k < g->count; k++)
      if (k == 0 || pairs[2 * k] != pairs[2 * k - 2]) at[n_at++] = t_hold + pairs[2 * k];
    rc = run(m, o, prog, at, n_at, H, NULL, nd ? dH : NULL, NULL, err);
  }
  double T = two ? p0->T2_K : p0->T1_K, H_ref = vt_fit_reference_at(ref, T);
  const double *dH_ref = nd ? vt_fit_reference_d_at(ref, T) : NULL;
  for (size_t k = 0, u = 0; !rc && k < g->count; k++) {
    if (k > 0 && pairs[2 * k] != pairs[2 * k - 2]) u++;
    size_t i = (size_t)pairs[2 * k + 1];
    pred[i] = H_ref - H[u] + o->dh_offset_J_per_mol;
    for (size_t j = 0; j < nd; j++) dpred[i * nd + j] = dH_ref[j] - dH[u * nd + j];
  }
  vt_program_free(prog);
  free(pairs);
  free(at);
  free(H);
  free(dH);
  return rc;
}

/* DSC reading: the point's protocol, then the quench to T_low. */
static int predict_dsc(vt_model *m, const vt_fit_options *o, const vt_dh_point *p,
                       const fit_reference *ref, double *pred, double *dpred, vt_error *err) {
  vt_program *prog = protocol(o, p, p->t1_s, p->t2_s, 1, err);
  if (!prog) return err ? err->status : VT_EINVAL;
  double H, dH[8];
  size_t nd = dpred ? ref->n_dir : 0;
  int rc = run(m, o, prog, NULL, 0, NULL, &H, NULL, nd ? dH : NULL, err);
  if (!rc) *pred = vt_fit_reference_at(ref, o->dsc.T_low_K) - H + o->dh_offset_J_per_mol;
  const double *dH_ref = nd ? vt_fit_reference_d_at(ref, o->dsc.T_low_K) : NULL;
  for (size_t j = 0; !rc && j < nd; j++) dpred[j] = dH_ref[j] - dH[j];
  vt_program_free(prog);
  return rc;
}

/* Cp_N of step k (over the step ending at node k) belongs at the step's midpoint; the data's
 * T are interpolated linearly between midpoints (clamped to the end steps): Cp_N(T) =
 * (1 - f) Cp_N[k] + f Cp_N[k + 1], *k and *f returned. */
static void cpn_at(const vt_trace *t, size_t first, double T, size_t *k_out, double *f) {
  size_t k = first;
  while (k + 1 < t->n && 0.5 * (t->T_K[k + 1] + t->T_K[k]) < T) k++;
  double Ta = 0.5 * (t->T_K[k] + t->T_K[k - 1]);
  *k_out = k;
  *f = 0.0;
  if (k + 1 == t->n || T <= Ta) return;
  double Tb = 0.5 * (t->T_K[k + 1] + t->T_K[k]);
  *f = (T - Ta) / (Tb - Ta);
}

/* d Cp_N/dp at the data's T. The simulator's Cp_N of step k is the difference quotient
 *   Cp_N[k] = (Tf[k] - Tf[k-1]) / (T[k] - T[k-1]),
 * and the grid's T[k] (and so the interpolation weight f of cpn_at) depend on the program only,
 * never on the parameters. So with S[k] = dTf[k]/dp, the state's forward sensitivity at node k,
 *   d Cp_N[k]/dp = (S[k] - S[k-1]) / (T[k] - T[k-1]),
 *   d Cp_N(T)/dp = (1 - f) d Cp_N[k]/dp + f d Cp_N[k+1]/dp:
 * the exact derivative of the discrete Cp_N the fit compares (the derivative of dTf/dT along the
 * scan, taken on the same grid), not of an idealised continuum. dCp scales H but not Tf, so Cp_N
 * does not depend on it (fit_model.c gives its column 0 for curve points). */
static void dcpn_at(const vt_trace *t, const double *S, size_t nd, size_t k, double f,
                    double *out) {
  for (size_t j = 0; j < nd; j++) {
    double a = (S[k * nd + j] - S[(k - 1) * nd + j]) / (t->T_K[k] - t->T_K[k - 1]), b = a;
    if (f > 0.0) b = (S[(k + 1) * nd + j] - S[k * nd + j]) / (t->T_K[k + 1] - t->T_K[k]);
    out[j] = (1.0 - f) * a + f * b;
  }
}

static int predict_curve(vt_model *m, const vt_fit_options *o, const vt_cpn_curve *c, double *pred,
                         double *dpred, size_t nd, vt_error *err) {
  vt_grid g;
  vt_trace t = {0};
  int rc = vt_grid_build(c->program, &o->dsc.grid, &g, err);
  if (!rc) {
    rc = vt_simulate(m, &g, &t, err);
    vt_grid_free(&g);
  }
  size_t nr = 0, nd_m = 0;
  const double *S = !rc && dpred && nd ? sens_rows(m, &nr, &nd_m) : NULL;
  if (dpred && nd && !rc && (!S || nd_m != nd || nr != t.n))
    rc = vt_fail(err, VT_EINVAL, "curve %s: the model's sensitivities do not match its trace",
                 c->name);
  size_t first = rc ? 1 : t.n - 1; /* first node of the last segment (a ramp) */
  while (!rc && first > 1 && t.segment[first - 1] == t.segment[t.n - 1]) first--;
  double lo = rc ? 0 : fmin(t.T_K[first - 1], t.T_K[t.n - 1]);
  double hi = rc ? 0 : fmax(t.T_K[first - 1], t.T_K[t.n - 1]);
  for (size_t i = 0; !rc && i < c->n; i++) {
    size_t k;
    double f;
    if (c->T_K[i] < lo - 1e-9 || c->T_K[i] > hi + 1e-9) {
      rc = vt_fail(err, VT_ERANGE, "curve %s: T = %g K lies outside its last ramp (%g-%g K)",
                   c->name, c->T_K[i], lo, hi);
      break;
    }
    cpn_at(&t, first, c->T_K[i], &k, &f);
    pred[i] = f > 0.0 ? t.CpN[k] + (t.CpN[k + 1] - t.CpN[k]) * f : t.CpN[k];
    if (S) dcpn_at(&t, S, nd, k, f, &dpred[i * nd]);
  }
  vt_trace_free(&t);
  return rc;
}

int vt_fit_predict_group(vt_model *m, const vt_fit_options *o, const vt_fit_data *d,
                         const fit_group *g, const fit_reference *ref, double *pred, double *dpred,
                         vt_error *err) {
  if (g->kind == GROUP_CURVE) {
    size_t offset = d->n_dh;
    for (size_t c = 0; c < g->curve; c++) offset += d->curves[c].n;
    size_t nd = dpred ? ref->n_dir : 0;
    return predict_curve(m, o, &d->curves[g->curve], pred + offset, nd ? dpred + offset * nd : NULL,
                         nd, err);
  }
  if (o->reading == VT_DH_DSC) {
    const vt_dh_point *p = &d->dh[g->first];
    return predict_dsc(m, o, p, ref, &pred[g->first], dpred ? &dpred[g->first * ref->n_dir] : NULL,
                       err);
  }
  return predict_state(m, o, d, g, ref, pred, dpred, err);
}

/* ---- As-cooled reference: H_conf of the quench at every temperature the data need ---------- */

/* dH of the quench vt_dsc_quench_enthalpy just ran on m: its grid again (the same program and
 * options), to find the rows of the requested temperatures as it does. */
static int reference_derivatives(vt_model *m, const vt_fit_options *o, fit_reference *ref,
                                 vt_error *err) {
  double T_min = o->dsc.T_low_K;
  for (size_t i = 0; i < ref->n; i++) T_min = fmin(T_min, ref->T[i]);
  vt_program *p = vt_program_create(o->dsc.T_eq_K, err);
  vt_grid_options go = o->dsc.grid;
  go.at_T_K = ref->T;
  go.n_at_T = ref->n;
  go.at_time_s = NULL;
  go.n_at_time = 0;
  vt_grid g;
  int rc = p ? vt_program_ramp(p, T_min, o->dsc.cool_rate_K_per_s, err) : VT_ENOMEM;
  if (!rc) rc = vt_grid_build(p, &go, &g, err);
  for (size_t i = 0; !rc && i < ref->n; i++) {
    size_t k = 1;
    while (k < g.n && !(g.requested[k] && fabs(g.T_K[k] - ref->T[i]) <= 1e-9 * ref->T[i])) k++;
    dH_of_node(m, k, &ref->dH[i * ref->n_dir]); /* k == g.n: NaN, as the quench missed it */
  }
  if (!rc) vt_grid_free(&g);
  vt_program_free(p);
  return rc == VT_ENOMEM ? vt_fail(err, rc, "out of memory") : rc;
}

int vt_fit_reference_init(const vt_fit_options *o, const vt_fit_data *d, size_t n_dir,
                          fit_reference *ref) {
  size_t cap = 2 * d->n_dh + 1;
  memset(ref, 0, sizeof *ref);
  ref->T = malloc(cap * sizeof *ref->T);
  ref->H = calloc(cap, sizeof *ref->H);
  ref->dH = calloc(cap * n_dir + 1, sizeof *ref->dH);
  if (!ref->T || !ref->H || !ref->dH) return VT_ENOMEM;
  ref->n_dir = n_dir;
  if (!d->n_dh) return VT_OK; /* Cp_N curves alone need no reference: no quench to run */
  ref->T[ref->n++] = o->dsc.T_low_K;
  for (size_t i = 0; i < d->n_dh; i++) {
    double Ts[2] = {d->dh[i].T1_K, d->dh[i].T2_K};
    for (int k = 0; k < 2; k++) {
      if (isnan(Ts[k])) continue;
      size_t j = 0;
      while (j < ref->n && ref->T[j] != Ts[k]) j++;
      if (j == ref->n) ref->T[ref->n++] = Ts[k];
    }
  }
  return VT_OK;
}

int vt_fit_reference_run(vt_model *m, const vt_fit_options *o, fit_reference *ref, vt_error *err) {
  if (!ref->n) return VT_OK;
  int rc = vt_dsc_quench_enthalpy(m, &o->dsc, ref->T, ref->n, ref->H, err);
  if (!rc && ref->n_dir && n_dir_of(m) != ref->n_dir)
    return vt_fail(err, VT_EINVAL, "the reference has %zu sensitivities, the model %zu", ref->n_dir,
                   n_dir_of(m));
  return rc || !ref->n_dir ? rc : reference_derivatives(m, o, ref, err);
}

int vt_fit_reference(vt_model *m, const vt_fit_options *o, const vt_fit_data *d, fit_reference *ref,
                     vt_error *err) {
  if (vt_fit_reference_init(o, d, n_dir_of(m), ref))
    return vt_fail(err, VT_ENOMEM, "out of memory");
  return vt_fit_reference_run(m, o, ref, err);
}

double vt_fit_reference_at(const fit_reference *ref, double T) {
  for (size_t j = 0; j < ref->n; j++)
    if (ref->T[j] == T) return ref->H[j];
  return NAN;
}

const double *vt_fit_reference_d_at(const fit_reference *ref, double T) {
  for (size_t j = 0; j < ref->n; j++)
    if (ref->T[j] == T) return &ref->dH[j * ref->n_dir];
  return NULL;
}

void vt_fit_reference_free(fit_reference *ref) {
  free(ref->T);
  free(ref->H);
  free(ref->dH);
  memset(ref, 0, sizeof *ref);
}

/* Predictions and their derivatives by the model's sensitivities, switched on for the call
 * (and off after); VT_ENOTFOUND (nothing written to err) when the model has none for a name. */
int vt_fit_predict_d(vt_model *m, const vt_fit_data *d, const vt_fit_options *o, char (*names)[32],
                     size_t p, double *pred, double *dpred, vt_error *err) {
  char list[512] = "";
  size_t nd = 0, dir[64], n = d->n_dh;
  for (size_t c = 0; c < d->n_curves; c++) n += d->curves[c].n;
  if (p > 64) return VT_ENOTFOUND;
  for (size_t j = 0; j < p; j++) {
    if (!strcmp(names[j], "dCp")) continue;
    dir[j] = nd++;
    snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", *list ? "," : "", names[j]);
  }
  if (!nd || vt_model_set_option(m, "sensitivities", list, NULL)) return VT_ENOTFOUND;
  fit_group *g = NULL;
  size_t ng = 0;
  fit_reference ref = {0};
  double *raw = malloc(n * nd * sizeof *raw + 1), dCp = 1.0;
  int rc = raw && !vt_fit_groups(d, o->reading, &g, &ng) ? VT_OK
                                                         : vt_fail(err, VT_ENOMEM, "out of memory");
  if (!rc) rc = vt_fit_reference(m, o, d, &ref, err);
  for (size_t k = 0; !rc && k < ng; k++)
    rc = vt_fit_predict_group(m, o, d, &g[k], &ref, pred, raw, err);
  vt_model_get(m, "dCp", &dCp, NULL);
  for (size_t i = 0; !rc && i < n; i++) /* dCp scales H (and the dh points), not Cp_N */
    for (size_t j = 0; j < p; j++)
      dpred[i * p + j] = strcmp(names[j], "dCp") ? raw[i * nd + dir[j]]
                         : i < d->n_dh           ? (pred[i] - o->dh_offset_J_per_mol) / dCp
                                                 : 0.0;
  vt_model_set_option(m, "sensitivities", "", NULL);
  vt_fit_reference_free(&ref);
  vt_fit_groups_free(g, ng);
  free(raw);
  return rc;
}
