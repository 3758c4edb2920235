/* Starting values of the loss-modulus fit from the data (paper 004 Eqs. 1-2): for each term,
 * its height at the given Tp above the lowest point, and E from the half widths of the data
 * against those of the term's shape in x = ln(w tau); and the maximum of a fitted term. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../core/internal.h"

#define R_GAS    VT_GAS_CONSTANT_J_PER_MOL_K
#define PI       3.14159265358979323846
#define HN_START 0.5 /* starting a and b of an HN term: the middle of their box */

typedef double (*scalar_fn)(double x, const void *ctx);

/* Maximum of a unimodal f on [lo, hi] by golden-section search (to ~1e-9 of the interval). */
static double golden_max(scalar_fn f, const void *ctx, double lo, double hi) {
  const double r = 0.5 * (sqrt(5.0) - 1.0);
  double x1 = hi - r * (hi - lo), x2 = lo + r * (hi - lo), f1 = f(x1, ctx), f2 = f(x2, ctx);
  for (int it = 0; it < 60; it++) {
    if (f1 < f2)
      lo = x1, x1 = x2, f1 = f2, x2 = lo + r * (hi - lo), f2 = f(x2, ctx);
    else
      hi = x2, x2 = x1, f2 = f1, x1 = hi - r * (hi - lo), f1 = f(x1, ctx);
  }
  return 0.5 * (lo + hi);
}

/* Maximum of f sampled at n + 1 points over [lo, hi], refined between the neighbours. */
static double grid_max(scalar_fn f, const void *ctx, double lo, double hi, int n) {
  double step = (hi - lo) / n, best = -INFINITY, x_best = lo;
  for (int i = 0; i <= n; i++) {
    double x = lo + i * step, v = f(x, ctx);
    if (v > best) best = v, x_best = x;
  }
  return golden_max(f, ctx, fmax(lo, x_best - step), fmin(hi, x_best + step));
}

/* E''/dE of a starting term against x = ln(w tau): omega = 1 and E = 0 make ln tau0 = x. */
static double start_shape(double x, const void *ctx) {
  vt_loss_peak p = {*(const int *)ctx, 1.0, 0.0, x, HN_START, HN_START, 0, 0, 0, 0, 0, 0};
  return vt_loss_hn(1.0, 1.0, &p);
}

/* Where the starting shape peaks, its height and its half widths in x either side. */
typedef struct shape {
  double x_peak, g_max, half_below, half_above;
} shape;

static double half_width(int hn, const shape *s, double dir) {
  double lo = 0.0, hi = 60.0;
  for (int it = 0; it < 100; it++) {
    double mid = 0.5 * (lo + hi);
    if (start_shape(s->x_peak + dir * mid, &hn) > 0.5 * s->g_max)
      lo = mid;
    else
      hi = mid;
  }
  return 0.5 * (lo + hi);
}

static shape start_shape_info(int hn) {
  shape s;
  s.x_peak = grid_max(start_shape, &hn, -30.0, 30.0, 6000);
  s.g_max = start_shape(s.x_peak, &hn);
  s.half_below = half_width(hn, &s, -1.0);
  s.half_above = half_width(hn, &s, 1.0);
  return s;
}

typedef struct sweep {
  const double *T, *y;
  size_t n;
} sweep;

/* y at T by linear interpolation (T inside the data). */
static double y_at(const sweep *s, double T) {
  size_t i = 1;
  while (i < s->n - 1 && s->T[i] < T) i++;
  return s->y[i - 1] + (s->y[i] - s->y[i - 1]) * (T - s->T[i - 1]) / (s->T[i] - s->T[i - 1]);
}

/* 1/T where the data, walking from Tp in direction dir (-1 to lower T), first fall below
 * `level`; NaN when they never do. */
static double half_crossing(const sweep *s, double Tp, double level, int dir) {
  size_t i = 0;
  while (i < s->n && s->T[i] < Tp) i++;
  long k = dir < 0 ? (long)i - 1 : (long)i, prev = dir < 0 ? k + 1 : k - 1;
  for (; k >= 0 && k < (long)s->n; prev = k, k += dir) {
    if (s->y[k] >= level) continue;
    double u0 = prev >= 0 && prev < (long)s->n ? 1.0 / s->T[prev] : 1.0 / Tp;
    double y0 = prev >= 0 && prev < (long)s->n ? s->y[prev] : y_at(s, Tp);
    double u1 = 1.0 / s->T[k];
    return y0 == s->y[k] ? u1 : u0 + (level - y0) * (u1 - u0) / (s->y[k] - y0);
  }
  return NAN;
}

/* E from the half widths: x = ln(w tau) rises with 1/T at slope E/R, so a half width dx of the
 * shape and du of the data give E = R dx/du. Of the two sides the larger E, because a
 * neighbouring peak only ever widens the side it sits on. */
static double width_energy(const sweep *s, double Tp, double level, const shape *sh) {
  double up = 1.0 / Tp, E = NAN;
  double u_cold = half_crossing(s, Tp, level, -1), u_hot = half_crossing(s, Tp, level, 1);
  if (u_cold > up) E = R_GAS * sh->half_above / (u_cold - up);
  if (u_hot < up) E = fmax(isnan(E) ? 0.0 : E, R_GAS * sh->half_below / (up - u_hot));
  return E;
}

static int start_peak(const sweep *s, double freq_Hz, double bg, vt_loss_start *p, vt_loss_peak *g,
                      vt_error *err) {
  if (!(p->Tp_K >= s->T[0] && p->Tp_K <= s->T[s->n - 1]))
    return vt_fail(err, VT_ERANGE, "Tp = %g K lies outside the data (%g .. %g K)", p->Tp_K, s->T[0],
                   s->T[s->n - 1]);
  double h = y_at(s, p->Tp_K) - bg;
  if (!(h > 0)) return vt_fail(err, VT_EINVAL, "no peak above the lowest point (%g Pa) at Tp", bg);
  shape sh = start_shape_info(p->havriliak_negami);
  double E = p->E_J_per_mol > 0 ? p->E_J_per_mol : width_energy(s, p->Tp_K, bg + 0.5 * h, &sh);
  if (!(E > 0 && isfinite(E)))
    return vt_fail(err, VT_ENUMERIC,
                   "the data do not fall to half height on either side of Tp, so E cannot be "
                   "estimated from the width: give it");
  p->E_from_width = !(p->E_J_per_mol > 0);
  p->E_J_per_mol = E;
  memset(g, 0, sizeof *g);
  g->havriliak_negami = p->havriliak_negami;
  g->dE_Pa = h / sh.g_max;
  g->E_act_J_per_mol = E;
  g->ln_tau0_s = sh.x_peak - log(2.0 * PI * freq_Hz) - E / (R_GAS * p->Tp_K);
  g->a = g->b = p->havriliak_negami ? HN_START : 1.0;
  return VT_OK;
}

int vt_loss_guess(const double *T_K, const double *loss_Pa, size_t n, double freq_Hz,
                  vt_loss_start *starts, size_t n_starts, vt_loss_fit *guess, size_t *failed,
                  vt_error *err) {
  if (failed) *failed = 0;
  if (!T_K || !loss_Pa || !starts || !guess)
    return vt_fail(err, VT_EINVAL, "vt_loss_guess: NULL argument");
  if (n < 3 || n_starts == 0 || n_starts > 4 || !(freq_Hz > 0))
    return vt_fail(err, VT_EINVAL,
                   "vt_loss_guess: %zu points, %zu peaks (1 to 4), frequency %g Hz (> 0)", n,
                   n_starts, freq_Hz);
  memset(guess, 0, sizeof *guess);
  guess->n_peaks = n_starts;
  guess->background_Pa = INFINITY;
  for (size_t i = 0; i < n; i++) guess->background_Pa = fmin(guess->background_Pa, loss_Pa[i]);
  sweep s = {T_K, loss_Pa, n};
  for (size_t k = 0; k < n_starts; k++) {
    int rc = start_peak(&s, freq_Hz, guess->background_Pa, &starts[k], &guess->peaks[k], err);
    if (rc) {
      if (failed) *failed = k;
      return rc;
    }
  }
  return VT_OK;
}

typedef struct term_ctx {
  double omega;
  const vt_loss_peak *p;
} term_ctx;

static double term_at(double T, const void *ctx) {
  const term_ctx *c = ctx;
  return vt_loss_hn(c->omega, T, c->p);
}

int vt_loss_peak_max(double freq_Hz, const vt_loss_peak *peak, double T_lo_K, double T_hi_K,
                     double *T_max_K, double *loss_max_Pa) {
  if (!peak || !T_max_K || !loss_max_Pa || !(freq_Hz > 0) || !(T_lo_K < T_hi_K)) return VT_EINVAL;
  term_ctx c = {2.0 * PI * freq_Hz, peak};
  *T_max_K = grid_max(term_at, &c, T_lo_K, T_hi_K, 4000);
  *loss_max_Pa = term_at(*T_max_K, &c);
  return VT_OK;
}

int vt_loss_fit_maxima(double freq_Hz, const vt_loss_fit *fit, double T_lo_K, double T_hi_K,
                       double *T_max_K, double *loss_max_Pa, vt_error *err) {
  if (!fit || !T_max_K || !loss_max_Pa)
    return vt_fail(err, VT_EINVAL, "vt_loss_fit_maxima: NULL argument");
  if (fit->n_peaks > 4) return vt_fail(err, VT_EINVAL, "vt_loss_fit_maxima: more than 4 terms");
  for (size_t k = 0; k < fit->n_peaks; k++)
    if (vt_loss_peak_max(freq_Hz, &fit->peaks[k], T_lo_K, T_hi_K, &T_max_K[k], &loss_max_Pa[k]))
      return vt_fail(err, VT_EINVAL,
                     "vt_loss_fit_maxima: frequency %g Hz (> 0), range %g .. %g K (rising)",
                     freq_Hz, T_lo_K, T_hi_K);
  return VT_OK;
}

double vt_loss_fit_eval(double freq_Hz, const vt_loss_fit *fit, double T_K, double *terms) {
  if (!fit || !(T_K > 0) || fit->n_peaks > 4) return NAN;
  double total = fit->background_Pa;
  for (size_t k = 0; k < fit->n_peaks; k++) {
    double y = vt_loss_hn(2.0 * PI * freq_Hz, T_K, &fit->peaks[k]);
    if (terms) terms[k] = y;
    total += y;
  }
  return total;
}

/* The fields of "KIND:Tp[:E]" in place; their number (4: too many). */
static int split_fields(char *buf, char *field[4]) {
  int n = 0;
  for (char *s = buf; n < 4;) {
    field[n++] = s;
    char *colon = strchr(s, ':');
    if (!colon) return n;
    *colon = '\0';
    s = colon + 1;
  }
  return 4;
}

int vt_loss_start_parse(const char *text, vt_loss_start *out, vt_error *err) {
  if (!text || !out) return vt_fail(err, VT_EINVAL, "vt_loss_start_parse: NULL argument");
  char buf[256], *field[4];
  snprintf(buf, sizeof buf, "%s", text);
  int n = split_fields(buf, field);
  memset(out, 0, sizeof *out);
  out->havriliak_negami = strcasecmp(field[0], "hn") == 0;
  if (n < 2 || n > 3 || (!out->havriliak_negami && strcasecmp(field[0], "debye") != 0))
    return vt_fail(err, VT_EINVAL,
                   "expected KIND:Tp[:E] with KIND hn or debye, e.g. hn:480K or "
                   "debye:400K:86kJ/mol");
  vt_error e;
  int rc = vt_parse_quantity(field[1], VT_DIM_TEMPERATURE, &out->Tp_K, &e);
  if (rc) return vt_fail(err, rc, "Tp: %s", e.message);
  if (!(out->Tp_K > 0))
    return vt_fail(err, VT_EINVAL, "Tp = %g K is not above absolute zero", out->Tp_K);
  if (n == 3 && (rc = vt_parse_quantity(field[2], VT_DIM_MOLAR_ENERGY, &out->E_J_per_mol, &e)))
    return vt_fail(err, rc, "E: %s", e.message);
  if (n == 3 && !(out->E_J_per_mol > 0))
    return vt_fail(err, VT_EINVAL, "E = %g J/mol is not positive", out->E_J_per_mol);
  return VT_OK;
}

/* msg with each "peaks[k]" as "peak k+1 ('names[k]')". */
static void name_peaks(vt_error *err, const char *const *names, size_t n_names) {
  char out[VT_ERROR_MESSAGE_SIZE];
  const char *msg = err->message;
  size_t j = 0;
  while (*msg && j + 1 < sizeof out) {
    unsigned k;
    int used = 0;
    if (strncmp(msg, "peaks[", 6) == 0 && sscanf(msg, "peaks[%u]%n", &k, &used) == 1 && used > 0 &&
        k < n_names) {
      int w = snprintf(out + j, sizeof out - j, "peak %u ('%s')", k + 1, names[k]);
      j = w < 0 ? j : (size_t)w < sizeof out - j ? j + (size_t)w : sizeof out - 1;
      msg += used;
      continue;
    }
    out[j++] = *msg++;
  }
  out[j] = '\0';
  memcpy(err->message, out, j + 1);
}

int vt_loss_analyse(const double *T_K, const double *loss_Pa, size_t n, double freq_Hz,
                    vt_loss_start *starts, size_t n_starts, const char *const *names,
                    vt_loss_analysis *out, vt_error *err) {
  if (out) memset(out, 0, sizeof *out);
  if (!T_K || !loss_Pa || !starts || !out)
    return vt_fail(err, VT_EINVAL, "vt_loss_analyse: NULL argument");
  out->failed = n_starts;
  if (n_starts == 0 || n_starts > 4 || !(isfinite(freq_Hz) && freq_Hz > 0))
    return vt_fail(err, VT_EINVAL, "vt_loss_analyse: %zu terms (1 to 4), frequency %g Hz (> 0)",
                   n_starts, freq_Hz);
  if (n < 3) return vt_fail(err, VT_ERANGE, "%zu point%s: too few to fit", n, n == 1 ? "" : "s");
  int rc =
      vt_loss_guess(T_K, loss_Pa, n, freq_Hz, starts, n_starts, &out->guess, &out->failed, err);
  if (rc) return rc;
  out->failed = n_starts;
  vt_error e;
  rc = vt_loss_fit_run(T_K, loss_Pa, n, freq_Hz, &out->guess, &out->fit, &e);
  if (rc && names) name_peaks(&e, names, n_starts);
  if (!rc)
    rc = vt_loss_fit_maxima(freq_Hz, &out->fit, T_K[0], T_K[n - 1], out->T_max_K, out->loss_max_Pa,
                            &e);
  if (rc && err) *err = e;
  return rc;
}
