/* Around the Debye fit (debye_fit.c): paper 004's classes of an activation energy, the numbers
 * of a batch of fits, and the scans a calorimetry analysis hands to the fit (vitrum debye
 * --curves), kept here so that every front end classifies and counts alike. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "vitrum/calorimetry.h"
#include "vitrum/constants.h"

#define R_GAS VT_GAS_CONSTANT_J_PER_MOL_K

/* ---- classes --------------------------------------------------------------------------------- */

static int positive(double x) {
  return isfinite(x) && x > 0;
}

int vt_relaxation_class_ranges(double Tg_K, double fragility_m, vt_relaxation_ranges *out,
                               vt_error *err) {
  if (!out) return vt_fail(err, VT_EINVAL, "NULL class-range output");
  if (!positive(Tg_K) || !positive(fragility_m))
    return vt_fail(err, VT_EINVAL, "Tg %g K and fragility %g: both must be positive", Tg_K,
                   fragility_m);
  /* Paper 004: beta (26 +- 4) R Tg, alpha from the fragility m = E_alpha/(R Tg ln 10). */
  double RTg = R_GAS * Tg_K, alpha = fragility_m * RTg * log(10.0);
  *out = (vt_relaxation_ranges){{20e3, 22.0 * RTg, alpha}, {60e3, 30.0 * RTg, alpha}};
  return VT_OK;
}

/* The class whose range is nearest in ln E (0 inside), -1 without one. */
static int class_index(double E, const vt_relaxation_ranges *r) {
  if (!positive(E)) return -1;
  int best = 0;
  double best_d = HUGE_VAL;
  for (int k = 0; k < VT_N_CLASSES; k++) {
    double lo = r->lo_J_per_mol[k], hi = r->hi_J_per_mol[k];
    double d = E < lo ? log(lo / E) : E > hi ? log(E / hi) : 0.0;
    if (d < best_d) best = k, best_d = d; /* ties go to the lower-energy class */
  }
  return best;
}

const char *vt_relaxation_class(double E_J_per_mol, double Tg_K, double fragility_m) {
  static const char *const names[VT_N_CLASSES] = {"gamma/beta'", "beta", "alpha"};
  vt_relaxation_ranges r;
  if (vt_relaxation_class_ranges(Tg_K, fragility_m, &r, NULL)) return NULL;
  int k = class_index(E_J_per_mol, &r);
  return k < 0 ? NULL : names[k];
}

/* ---- a batch of fits ------------------------------------------------------------------------- */

int vt_debye_summarise(const vt_debye_fit *fits, const int *status, size_t n, double Tg_K,
                       double fragility_m, vt_debye_summary *out, vt_error *err) {
  if (!out) return vt_fail(err, VT_EINVAL, "NULL summary output");
  memset(out, 0, sizeof *out);
  out->E_min_J_per_mol = out->E_max_J_per_mol = NAN;
  if (n && (!fits || !status)) return vt_fail(err, VT_EINVAL, "NULL fits or status array");
  vt_relaxation_ranges r;
  int classes = !(isnan(Tg_K) && isnan(fragility_m));
  if (classes && vt_relaxation_class_ranges(Tg_K, fragility_m, &r, err)) return VT_EINVAL;
  out->n = n;
  for (size_t i = 0; i < n; i++) {
    if (status[i] != VT_OK) continue;
    double E = fits[i].E_J_per_mol;
    out->n_fitted++;
    out->E_min_J_per_mol = out->n_fitted == 1 ? E : fmin(out->E_min_J_per_mol, E);
    out->E_max_J_per_mol = out->n_fitted == 1 ? E : fmax(out->E_max_J_per_mol, E);
    int k = classes ? class_index(E, &r) : -1;
    if (k >= 0) out->n_class[k]++;
  }
  return VT_OK;
}

int vt_cal_common_rate(const vt_cal_result *result, double tolerance, double *rate_K_per_s,
                       vt_error *err) {
  if (!result || !rate_K_per_s) return vt_fail(err, VT_EINVAL, "NULL result or rate");
  if (!result->n || !result->curves) return vt_fail(err, VT_EINVAL, "no analysed curves");
  if (!(tolerance >= 0 && tolerance < 1))
    return vt_fail(err, VT_EINVAL, "rate tolerance %g: expected 0 <= tolerance < 1", tolerance);
  double rate = *rate_K_per_s > 0 ? *rate_K_per_s : result->curves[0].rate_K_per_s;
  for (size_t i = 0; i < result->n; i++) {
    const vt_cal_curve *c = &result->curves[i];
    if (!(fabs(c->rate_K_per_s / rate - 1.0) <= tolerance))
      return vt_fail(err, VT_ERANGE,
                     "curve %zu (segment %d) is scanned at %.6g K/s, not at %.6g K/s", c->index,
                     c->segment, c->rate_K_per_s, rate);
  }
  *rate_K_per_s = rate;
  return VT_OK;
}

/* ---- scans of a calorimetry analysis --------------------------------------------------------- */

static char *copy(const char *text) {
  size_t n = strlen(text) + 1;
  char *c = malloc(n);
  return c ? memcpy(c, text, n) : NULL;
}

/* Room for every point of every curve, and the names. */
static int scans_room(const vt_cal_result *r, const vt_cal_scans_opts *o, vt_heat_flow_scans *d) {
  size_t total = 1;
  for (size_t i = 0; i < r->n; i++) total += r->curves[i].n;
  d->T_K = malloc(total * sizeof *d->T_K);
  d->y = malloc(total * sizeof *d->y);
  d->scans = calloc(r->n + 1, sizeof *d->scans);
  d->key_names = calloc(2, sizeof *d->key_names);
  d->T_name = copy("T_K");
  d->y_name = copy(o->y_name);
  if (!d->T_K || !d->y || !d->scans || !d->key_names || !d->T_name || !d->y_name) return -1;
  d->n_keys = 2;
  d->key_names[0] = copy("curve");
  d->key_names[1] = copy("segment");
  snprintf(d->y_unit, sizeof d->y_unit, "%s", o->y_unit ? o->y_unit : "");
  snprintf(d->q_unit, sizeof d->q_unit, "%s", o->q_unit ? o->q_unit : "");
  return d->key_names[0] && d->key_names[1] ? 0 : -1;
}

/* The scan of curve c: its points inside the window, in the display unit. */
static int fill_scan(const vt_cal_curve *c, const vt_cal_scans_opts *o, vt_heat_flow_scans *d) {
  vt_scan *sc = &d->scans[d->n_scans];
  *sc = (vt_scan){d->n, 0, 0, malloc(48)};
  if (!sc->key) return -1;
  d->n_scans++;
  snprintf(sc->key, 48, "%zu,%d", c->index, c->segment);
  for (size_t k = 0; k < c->n; k++) {
    double T = c->T_K[k], y = c->difference_W[k] * o->flow_factor;
    if (T < o->T_min_K || T > o->T_max_K) continue; /* NaN bounds compare false: kept */
    d->T_K[d->n] = T;
    d->y[d->n++] = o->per_rate ? y / c->rate_K_per_s : y;
    sc->n++;
  }
  return 0;
}

int vt_cal_heat_flow_scans(const vt_cal_result *result, const vt_cal_scans_opts *opts,
                           vt_heat_flow_scans *out, vt_error *err) {
  if (!out) return vt_fail(err, VT_EINVAL, "NULL scans output");
  memset(out, 0, sizeof *out);
  if (!result || !opts || !opts->y_name)
    return vt_fail(err, VT_EINVAL, "NULL calorimetry result, options or y name");
  if (!positive(opts->flow_factor))
    return vt_fail(err, VT_EINVAL, "flow factor %g: must be positive", opts->flow_factor);
  if (result->n && !result->curves) return vt_fail(err, VT_EINVAL, "result without curves");
  int rc = scans_room(result, opts, out);
  for (size_t i = 0; !rc && i < result->n; i++) rc = fill_scan(&result->curves[i], opts, out);
  if (!rc) return VT_OK;
  vt_heat_flow_scans_free(out);
  return vt_fail(err, VT_ENOMEM, "out of memory for %zu scans", result->n);
}

/* ---- fits of every scan of a set --------------------------------------------------------------
 */

vt_debye_batch_opts vt_debye_batch_opts_default(void) {
  vt_debye_batch_opts o = {VT_TAU_ARRHENIUS, NAN, NAN, NAN, NULL, NULL, NULL};
  return o;
}

void vt_debye_batch_free(vt_debye_batch *b) {
  if (!b) return;
  for (size_t i = 0; i < b->n; i++) {
    if (b->message) free(b->message[i]);
    if (b->fit_y) free(b->fit_y[i]);
  }
  free(b->message);
  free(b->fit_y);
  free(b->fit);
  free(b->status);
  memset(b, 0, sizeof *b);
}

/* The fit of scan i and its curve; a failure goes into status[i] and message[i]. */
static void fit_one(const vt_heat_flow_scans *d, const vt_debye_batch_opts *o, size_t i,
                    vt_debye_batch *b) {
  const vt_scan *sc = &d->scans[i];
  const double *T = d->T_K + sc->start, *y = d->y + sc->start;
  vt_debye_fit *f = &b->fit[i];
  vt_error e;
  int st = vt_debye_fit_peak(T, y, sc->n, o->rate_K_per_s, o->law, f, &e);
  if (!st && !(b->fit_y[i] = malloc((sc->n + 1) * sizeof *b->fit_y[i])))
    st = vt_fail(&e, VT_ENOMEM, "out of memory");
  if (!st)
    st = vt_debye_heat_flow(f->law, f->Q0, f->ln_tau0_s,
                            f->law == VT_TAU_VFT ? f->D : f->E_J_per_mol, f->T0_K, o->rate_K_per_s,
                            T, sc->n, b->fit_y[i], &e);
  b->status[i] = st;
  if (!st) return;
  /* Too few points: the window's doing. */
  const char *w = o->window && sc->n < VT_DEBYE_MIN_POINTS ? o->window : NULL;
  size_t size = strlen(e.message) + (w ? strlen(w) + 16 : 1);
  free(b->fit_y[i]);
  b->fit_y[i] = NULL;
  memset(f, 0, sizeof *f);
  if ((b->message[i] = malloc(size)))
    snprintf(b->message[i], size, w ? "%s (within %s)" : "%s", e.message, w);
}

int vt_debye_fit_scans(const struct vt_heat_flow_scans *scans, const vt_debye_batch_opts *opts,
                       vt_debye_batch *out, vt_error *err) {
  if (out) memset(out, 0, sizeof *out);
  if (!scans || !opts || !out) return vt_fail(err, VT_EINVAL, "vt_debye_fit_scans: NULL argument");
  if (!positive(opts->rate_K_per_s))
    return vt_fail(err, VT_EINVAL, "heating rate %g K/s: must be positive", opts->rate_K_per_s);
  if (scans->n_scans && !scans->scans)
    return vt_fail(err, VT_EINVAL, "vt_debye_fit_scans: scans without their table");
  size_t n = scans->n_scans, room = n ? n : 1;
  out->fit = calloc(room, sizeof *out->fit);
  out->status = calloc(room, sizeof *out->status);
  out->message = calloc(room, sizeof *out->message);
  out->fit_y = calloc(room, sizeof *out->fit_y);
  if (!out->fit || !out->status || !out->message || !out->fit_y) {
    vt_debye_batch_free(out);
    return vt_fail(err, VT_ENOMEM, "out of memory for %zu fits", n);
  }
  out->n = n;
  for (size_t i = 0; i < n; i++) {
    fit_one(scans, opts, i, out);
    if (opts->progress) opts->progress(opts->progress_ctx, i + 1, n);
  }
  int rc = vt_debye_summarise(out->fit, out->status, n, opts->Tg_K, opts->fragility_m,
                              &out->summary, err);
  if (rc) vt_debye_batch_free(out);
  return rc;
}
