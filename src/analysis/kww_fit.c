/* KWW and double-KWW fits of stress-relaxation and strain-recovery curves (paper 001 Eq. 1 and
 * its anelastic-recovery KWW), the Arrhenius activation energy of KWW times, Ea against loading
 * time (Fig. 4) and the t_p - tau_rec regression (Fig. 5e).
 *
 * Model: y = c + (a - c) [A K1 + (1 - A) K2], K_i = exp(-(t/tau_i)^beta_i); a = y(0), c = y(inf).
 * Fit parameters x: ln tau_i (tau > 0), u_i with beta_i = lo + (hi - lo)(1 + sin u_i)/2 (a box,
 * [0.05, 2]: compressed exponentials allowed, the sine keeps the fit smooth), A itself (not
 * bounded: a curve that first rises needs A < 0 on the faster term), and a, c when free. The data
 * are divided by max |y| (the model is linear in a and c, so this is exact) so that GSL's
 * tolerances mean the same for MPa and for a strain of 1e-3.
 *
 * Starting values: the linearised single KWW, ln(-ln z) = beta ln t - beta ln tau on the points
 * with 0.02 < z < 0.98, z = (y - c)/(a - c); then a few starts around it (tau x 3, / 3). The
 * double KWW starts from that fit (tau/r and tau r, A = 0.3 or 0.7), or, when the curve rises
 * to an interior maximum at t_pk first, from A < 0: the fast negative term gone by t_pk
 * (tau1 = t_pk/10 or t_pk/3), the slow term read from the decay after the peak (tau2 where
 * z has fallen by 1/e from its peak value), 1 - A = z_pk / K2(t_pk). The best start wins.
 * Standard errors: the covariance of x scaled by chi2/dof, carried to tau and beta by the
 * chain rule (tau se = tau se(ln tau)); NaN where a beta sits on its bound (cos u = 0). */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "lsq.h"
#include "vitrum/constants.h"
#include "vitrum/visco.h"

#define R_GAS      VT_GAS_CONSTANT_J_PER_MOL_K
#define BETA_LO    0.05
#define BETA_HI    2.0
#define MAX_PARAMS 7
#define MAX_STARTS 12
#define XTOL       1e-12
#define GTOL       1e-14
#define FTOL       0.0
#define NAPIER_E   2.718281828459045

vt_kww_options vt_kww_options_default(void) {
  vt_kww_options o = {VT_KWW_SINGLE, 0, 0, 1.0, 0.0, 500};
  return o;
}

/* ---- The model --------------------------------------------------------------------------- */

typedef struct layout {
  int dbl, free_a, free_c;
  size_t np, i_a, i_c; /* i_a, i_c valid when free */
} layout;

typedef struct par {
  double ln_tau1, u1, A, ln_tau2, u2, a, c;
} par;

static double beta_of(double u) {
  return BETA_LO + (BETA_HI - BETA_LO) * 0.5 * (1.0 + sin(u));
}
static double dbeta_du(double u) {
  return (BETA_HI - BETA_LO) * 0.5 * cos(u);
}
static double u_of(double beta) {
  double s = 2.0 * (beta - BETA_LO) / (BETA_HI - BETA_LO) - 1.0;
  return asin(fmax(-1.0, fmin(1.0, s)));
}

static layout make_layout(const vt_kww_options *o) {
  layout L = {o->kind == VT_KWW_DOUBLE, o->free_y0 != 0, o->free_y_inf != 0, 0, 0, 0};
  L.np = L.dbl ? 5 : 2;
  if (L.free_a) L.i_a = L.np++;
  if (L.free_c) L.i_c = L.np++;
  return L;
}

static void unpack(const layout *L, const double *x, double a_fix, double c_fix, par *p) {
  p->ln_tau1 = x[0];
  p->u1 = x[1];
  p->A = L->dbl ? x[2] : 1.0;
  p->ln_tau2 = L->dbl ? x[3] : 0.0;
  p->u2 = L->dbl ? x[4] : 0.0;
  p->a = L->free_a ? x[L->i_a] : a_fix;
  p->c = L->free_c ? x[L->i_c] : c_fix;
}

static void pack(const layout *L, const par *p, double *x) {
  x[0] = p->ln_tau1;
  x[1] = p->u1;
  if (L->dbl) x[2] = p->A, x[3] = p->ln_tau2, x[4] = p->u2;
  if (L->free_a) x[L->i_a] = p->a;
  if (L->free_c) x[L->i_c] = p->c;
}

/* exp(-(t/tau)^b) and its derivatives in ln tau and b (0 at t = 0 and once it has decayed). */
static double kww_term(double t, double ln_tau, double b, double *d_lntau, double *d_b) {
  *d_lntau = *d_b = 0.0;
  if (!(t > 0)) return 1.0;
  double lx = log(t) - ln_tau, p = exp(b * lx);
  if (!(p < 745.0)) return 0.0; /* exp(-p) underflows: the term is gone */
  double K = exp(-p);
  *d_lntau = K * b * p;
  *d_b = -K * p * lx;
  return K;
}

/* Model value at t and, when row != NULL, its gradient in x. */
static double model_at(const layout *L, const par *p, double t, double *row) {
  double d1t, d1b, d2t = 0.0, d2b = 0.0, b1 = beta_of(p->u1), b2 = beta_of(p->u2);
  double K1 = kww_term(t, p->ln_tau1, b1, &d1t, &d1b);
  double K2 = L->dbl ? kww_term(t, p->ln_tau2, b2, &d2t, &d2b) : 0.0;
  double phi = p->A * K1 + (1.0 - p->A) * K2, amp = p->a - p->c;
  if (row) {
    row[0] = amp * p->A * d1t;
    row[1] = amp * p->A * d1b * dbeta_du(p->u1);
    if (L->dbl) {
      row[2] = amp * (K1 - K2);
      row[3] = amp * (1.0 - p->A) * d2t;
      row[4] = amp * (1.0 - p->A) * d2b * dbeta_du(p->u2);
    }
    if (L->free_a) row[L->i_a] = phi;
    if (L->free_c) row[L->i_c] = 1.0 - phi;
  }
  return p->c + amp * phi;
}

/* ---- Least squares ------------------------------------------------------------------------- */

typedef struct fit_ctx {
  layout L;
  const double *t;
  double *y; /* data / scale */
  size_t n;
  double a_fix, c_fix, scale;
} fit_ctx;

static int residual_f(const gsl_vector *xv, void *params, gsl_vector *f) {
  fit_ctx *c = params;
  par p;
  unpack(&c->L, gsl_vector_const_ptr(xv, 0), c->a_fix, c->c_fix, &p);
  for (size_t i = 0; i < c->n; i++) {
    double r = model_at(&c->L, &p, c->t[i], NULL) - c->y[i];
    if (!isfinite(r)) return GSL_EDOM;
    gsl_vector_set(f, i, r);
  }
  return GSL_SUCCESS;
}

static int residual_df(const gsl_vector *xv, void *params, gsl_matrix *J) {
  fit_ctx *c = params;
  par p;
  double row[MAX_PARAMS];
  unpack(&c->L, gsl_vector_const_ptr(xv, 0), c->a_fix, c->c_fix, &p);
  for (size_t i = 0; i < c->n; i++) {
    model_at(&c->L, &p, c->t[i], row);
    for (size_t k = 0; k < c->L.np; k++) {
      if (!isfinite(row[k])) return GSL_EDOM;
      gsl_matrix_set(J, i, k, row[k]);
    }
  }
  return GSL_SUCCESS;
}

typedef struct solution {
  double x[MAX_PARAMS], cov[MAX_PARAMS * MAX_PARAMS], chi2;
  int iterations, status;
} solution;

/* LM from x0 (a stop for lack of progress at a finite cost is converged: see vt_lsq). */
static void solve(fit_ctx *c, const double *x0, int max_iter, solution *s) {
  size_t np = c->L.np;
  memset(s, 0, sizeof *s);
  vt_lsq q = vt_lsq_problem(c->n, np, residual_f, residual_df, c,
                            (vt_lsq_stop){(size_t)max_iter, XTOL, GTOL, FTOL});
  q.accept_noprog = 1;
  int cov_st; /* a covariance GSL cannot form leaves NaN standard errors, the fit stands */
  s->status = vt_lsq_solve(&q, x0, s->x, s->cov, &cov_st, &s->chi2, &s->iterations);
}

/* ---- Starting values ----------------------------------------------------------------------- */

/* Single-KWW tau and beta from ln(-ln z) = beta ln t - beta ln tau, z = (y - c)/(a - c). */
static void linearised(const fit_ctx *c, double a, double cc, double *ln_tau, double *beta) {
  size_t m = 0;
  double *X = malloc(2 * c->n * sizeof *X), *Y = X ? X + c->n : NULL;
  for (size_t i = 0; X && i < c->n; i++) {
    double z = (c->y[i] - cc) / (a - cc);
    if (c->t[i] > 0 && z > 0.02 && z < 0.98) X[m] = log(c->t[i]), Y[m++] = log(-log(z));
  }
  double c0, c1, v00, v01, v11, ss;
  *beta = 0.5; /* fallback: the middle of the data in ln t */
  *ln_tau = 0.5 * (log(fmax(c->t[0], c->t[c->n - 1] * 1e-6)) + log(c->t[c->n - 1]));
  if (m >= 2 && !gsl_fit_linear(X, 1, Y, 1, m, &c0, &c1, &v00, &v01, &v11, &ss) && c1 > 0.1 &&
      c1 < 1.9) {
    *beta = c1;
    *ln_tau = -c0 / c1;
  }
  free(X);
}

typedef struct start_set {
  double x[MAX_STARTS][MAX_PARAMS];
  size_t n;
} start_set;

static void add_start(start_set *s, const layout *L, const par *p) {
  if (s->n < MAX_STARTS) pack(L, p, s->x[s->n++]);
}

/* The interior maximum of z (index) or 0 when the curve does not rise first. */
static size_t rising_peak(const fit_ctx *c, double a, double cc) {
  size_t im = 0;
  for (size_t i = 1; i < c->n; i++)
    if (c->y[i] > c->y[im]) im = i;
  double z_pk = (c->y[im] - cc) / (a - cc);
  return (im > 0 && im + 1 < c->n && z_pk > 1.02) ? im : 0;
}

/* Double-KWW starts for a curve that rises to z_pk at t_pk and then decays (A < 0). */
static void rising_starts(const fit_ctx *c, par base, size_t im, start_set *s) {
  double a = base.a, cc = base.c, z_pk = (c->y[im] - cc) / (a - cc), t_pk = c->t[im];
  double t_e = 3.0 * c->t[c->n - 1];
  for (size_t i = im; i < c->n; i++)
    if ((c->y[i] - cc) / (a - cc) < z_pk / NAPIER_E) {
      t_e = c->t[i];
      break;
    }
  const double fast[2] = {10.0, 3.0}, slow[2] = {1.0, 3.0}, b1s[2] = {0.5, 1.0};
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2; j++)
      for (int k = 0; k < 2; k++) {
        double tau2 = fmax(slow[j] * t_e, 2.0 * t_pk), K2 = exp(-pow(t_pk / tau2, 0.5));
        base.ln_tau1 = log(t_pk / fast[i]);
        base.u1 = u_of(b1s[k]);
        base.ln_tau2 = log(tau2);
        base.u2 = u_of(0.5);
        base.A = 1.0 - z_pk / K2;
        add_start(s, &c->L, &base);
      }
}

/* Starts of the double KWW around a single-KWW fit (ln tau, beta) of a monotonic curve. */
static void split_starts(const fit_ctx *c, par base, double ln_tau, double beta, start_set *s) {
  const double As[2] = {0.3, 0.7}, ratios[2] = {3.0, 10.0};
  double b = fmin(1.0, fmax(0.2, 1.5 * beta));
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2; j++) {
      base.A = As[i];
      base.ln_tau1 = ln_tau - log(ratios[j]);
      base.ln_tau2 = ln_tau + log(ratios[j]);
      base.u1 = base.u2 = u_of(b);
      add_start(s, &c->L, &base);
    }
}

/* ---- The fit ------------------------------------------------------------------------------- */

static int check_data(const double *t, const double *y, size_t n, size_t np, vt_error *err) {
  if (!t || !y) return vt_fail(err, VT_EINVAL, "NULL time or value array");
  if (n < np + 2)
    return vt_fail(err, VT_EINVAL, "%zu points: a fit of %zu parameters needs at least %zu", n, np,
                   np + 2);
  for (size_t i = 0; i < n; i++) {
    if (!(isfinite(t[i]) && t[i] >= 0 && isfinite(y[i])))
      return vt_fail(err, VT_EINVAL, "point %zu: t = %g s, y = %g: need finite values, t >= 0", i,
                     t[i], y[i]);
    if (i && !(t[i] > t[i - 1]))
      return vt_fail(err, VT_EINVAL, "time is not increasing at point %zu (%g s after %g s)", i,
                     t[i], t[i - 1]);
  }
  return VT_OK;
}

/* Best of the starts; GSL's status of the last failure when none converges. */
static int best_of(fit_ctx *c, const start_set *s, int max_iter, solution *best) {
  int last_fail = GSL_EFAILED, found = 0;
  for (size_t k = 0; k < s->n; k++) {
    solution sol;
    solve(c, s->x[k], max_iter, &sol);
    if (sol.status) {
      last_fail = sol.status;
      continue;
    }
    if (!found || sol.chi2 < best->chi2) *best = sol;
    found = 1;
  }
  return found ? GSL_SUCCESS : last_fail;
}

/* Starting a and c: the options' values, or the first and last data points. */
static void start_ends(const fit_ctx *c, const vt_kww_options *o, par *p) {
  p->a = c->L.free_a && isnan(o->y0) ? c->y[0] : c->a_fix;
  p->c = c->L.free_c && isnan(o->y_inf) ? c->y[c->n - 1] : c->c_fix;
  if (p->a == p->c) p->c = p->a - 1.0; /* a flat start has no shape to read */
}

/* The single-KWW starts (and, for a double fit, its single-KWW stage first). */
static int run_starts(fit_ctx *c, const vt_kww_options *o, solution *best, int *n_starts) {
  par p = {0};
  start_ends(c, o, &p);
  double ln_tau, beta;
  linearised(c, p.a, p.c, &ln_tau, &beta);
  start_set s = {.n = 0};
  if (!c->L.dbl) {
    const double shift[3] = {0.0, log(3.0), -log(3.0)};
    for (int k = 0; k < 3; k++) {
      p.ln_tau1 = ln_tau + shift[k];
      p.u1 = u_of(beta);
      add_start(&s, &c->L, &p);
    }
    *n_starts = (int)s.n;
    return best_of(c, &s, o->max_iterations, best);
  }
  size_t im = rising_peak(c, p.a, p.c);
  if (im) {
    rising_starts(c, p, im, &s);
  } else { /* refine tau and beta by a single-KWW fit before splitting them */
    fit_ctx single = *c;
    vt_kww_options so = *o;
    so.kind = VT_KWW_SINGLE;
    single.L = make_layout(&so);
    solution one;
    int n1;
    if (!run_starts(&single, &so, &one, &n1)) {
      par q;
      unpack(&single.L, one.x, c->a_fix, c->c_fix, &q);
      ln_tau = q.ln_tau1, beta = beta_of(q.u1), p.a = q.a, p.c = q.c;
    }
    split_starts(c, p, ln_tau, beta, &s);
  }
  *n_starts = (int)s.n;
  return best_of(c, &s, o->max_iterations, best);
}

static double se_of(const solution *s, size_t np, size_t k) {
  double v = s->cov[k * np + k];
  return v >= 0 ? sqrt(v) : NAN;
}

/* A beta and its error; the error is NaN on a bound, where the sine box has no slope. */
static void beta_out(const solution *s, size_t np, size_t k, double *b, double *se) {
  double d = dbeta_du(s->x[k]);
  *b = beta_of(s->x[k]);
  *se = fabs(d) > 1e-6 * (BETA_HI - BETA_LO) ? fabs(d) * se_of(s, np, k) : NAN;
}

static void fill_result(const fit_ctx *c, const solution *s, vt_kww_fit *out) {
  size_t np = c->L.np;
  par p;
  unpack(&c->L, s->x, c->a_fix, c->c_fix, &p);
  out->tau1_s = exp(p.ln_tau1);
  out->se_tau1_s = out->tau1_s * se_of(s, np, 0);
  beta_out(s, np, 1, &out->beta1, &out->se_beta1);
  out->A = p.A, out->se_A = c->L.dbl ? se_of(s, np, 2) : 0.0;
  out->tau2_s = out->se_tau2_s = out->beta2 = out->se_beta2 = NAN;
  if (c->L.dbl) {
    out->tau2_s = exp(p.ln_tau2);
    out->se_tau2_s = out->tau2_s * se_of(s, np, 3);
    beta_out(s, np, 4, &out->beta2, &out->se_beta2);
  }
  out->y0 = p.a * c->scale;
  out->se_y0 = c->L.free_a ? c->scale * se_of(s, np, c->L.i_a) : 0.0;
  out->y_inf = p.c * c->scale;
  out->se_y_inf = c->L.free_c ? c->scale * se_of(s, np, c->L.i_c) : 0.0;
  if (c->L.dbl && out->tau1_s > out->tau2_s) { /* report the faster term first */
    double t[4] = {out->tau1_s, out->se_tau1_s, out->beta1, out->se_beta1};
    out->tau1_s = out->tau2_s, out->se_tau1_s = out->se_tau2_s;
    out->beta1 = out->beta2, out->se_beta1 = out->se_beta2;
    out->tau2_s = t[0], out->se_tau2_s = t[1], out->beta2 = t[2], out->se_beta2 = t[3];
    out->A = 1.0 - out->A;
  }
}

static void goodness(const double *t, const double *y, size_t n, vt_kww_fit *out) {
  double mean = 0.0, ss_tot = 0.0;
  for (size_t i = 0; i < n; i++) mean += y[i] / (double)n;
  for (size_t i = 0; i < n; i++) ss_tot += (y[i] - mean) * (y[i] - mean);
  out->chi2 = vt_kww_chi2(out, t, y, n);
  out->rms_residual = sqrt(out->chi2 / (double)n);
  out->r2 = ss_tot > 0 ? 1.0 - out->chi2 / ss_tot : NAN;
}

int vt_kww_fit_run(const double *t, const double *y, size_t n, const vt_kww_options *opts,
                   vt_kww_fit *out, vt_error *err) {
  vt_gsl_quiet();
  if (!out) return vt_fail(err, VT_EINVAL, "vt_kww_fit_run: NULL output");
  memset(out, 0, sizeof *out);
  vt_kww_options o = opts ? *opts : vt_kww_options_default();
  if (o.kind != VT_KWW_SINGLE && o.kind != VT_KWW_DOUBLE)
    return vt_fail(err, VT_EINVAL, "unknown KWW kind %d", (int)o.kind);
  if ((!o.free_y0 && !isfinite(o.y0)) || (!o.free_y_inf && !isfinite(o.y_inf)))
    return vt_fail(err, VT_EINVAL, "a fixed y0 or y_inf must be a finite number");
  if (o.max_iterations <= 0) o.max_iterations = 500;
  fit_ctx c = {make_layout(&o), t, NULL, n, 0.0, 0.0, 0.0};
  int rc = check_data(t, y, n, c.L.np, err);
  if (rc) return rc;
  for (size_t i = 0; i < n; i++) c.scale = fmax(c.scale, fabs(y[i]));
  if (!(c.scale > 0)) return vt_fail(err, VT_EINVAL, "all %zu values are 0: nothing to fit", n);
  if (!(c.y = malloc(n * sizeof *c.y))) return vt_fail(err, VT_ENOMEM, "out of memory");
  for (size_t i = 0; i < n; i++) c.y[i] = y[i] / c.scale;
  c.a_fix = (isfinite(o.y0) ? o.y0 : y[0]) / c.scale;
  c.c_fix = (isfinite(o.y_inf) ? o.y_inf : y[n - 1]) / c.scale;
  solution best;
  int st = run_starts(&c, &o, &best, &out->n_starts);
  free(c.y);
  if (st)
    return vt_fail(err, VT_ENOCONV, "%s KWW fit did not converge from %d starts (%s)%s",
                   c.L.dbl ? "double" : "single", out->n_starts, gsl_strerror(st),
                   st == GSL_EMAXITER ? ": the parameters keep drifting, so the data do not pin "
                                        "them all down (fix y0 / y_inf, or fit a single KWW)"
                                      : "");
  out->kind = o.kind;
  out->n = n;
  out->n_free = c.L.np;
  out->iterations = best.iterations;
  fill_result(&c, &best, out);
  goodness(t, y, n, out);
  return VT_OK;
}

double vt_kww_eval(const vt_kww_fit *f, double t) {
  if (!f) return NAN;
  double k1 = t > 0 ? exp(-pow(t / f->tau1_s, f->beta1)) : 1.0, k2 = 0.0;
  if (f->kind == VT_KWW_DOUBLE) k2 = t > 0 ? exp(-pow(t / f->tau2_s, f->beta2)) : 1.0;
  double phi = f->kind == VT_KWW_DOUBLE ? f->A * k1 + (1.0 - f->A) * k2 : k1;
  return f->y_inf + (f->y0 - f->y_inf) * phi;
}

double vt_kww_chi2(const vt_kww_fit *f, const double *t, const double *y, size_t n) {
  if (!f || !t || !y) return NAN;
  double s = 0.0;
  for (size_t i = 0; i < n; i++) {
    double r = vt_kww_eval(f, t[i]) - y[i];
    s += r * r;
  }
  return s;
}

/* ---- Recovery, Arrhenius, regression ------------------------------------------------------- */

int vt_recovery_fit_run(const double *t, const double *strain, size_t n, double eps1,
                        vt_recovery_fit *out, vt_error *err) {
  if (!out) return vt_fail(err, VT_EINVAL, "vt_recovery_fit_run: NULL output");
  memset(out, 0, sizeof *out);
  vt_kww_options o = vt_kww_options_default();
  o.free_y0 = o.free_y_inf = 1;
  o.y0 = o.y_inf = NAN;
  vt_kww_fit f;
  int rc = vt_kww_fit_run(t, strain, n, &o, &f, err);
  if (rc) return rc;
  out->tau_rec_s = f.tau1_s, out->se_tau_rec_s = f.se_tau1_s;
  out->beta_rec = f.beta1, out->se_beta_rec = f.se_beta1;
  out->eps0 = f.y0, out->se_eps0 = f.se_y0;
  out->eps_inf = f.y_inf, out->se_eps_inf = f.se_y_inf;
  out->fraction = 1.0 - f.y_inf / eps1;
  out->se_fraction = f.se_y_inf / fabs(eps1);
  out->rms_residual = f.rms_residual;
  out->r2 = f.r2;
  out->n = n;
  return VT_OK;
}

/* y = c0 + c1 x by least squares: se from the residual variance (NaN for 2 points), R^2. */
static int line_fit(const double *x, const double *y, size_t n, double c[2], double se[2],
                    double *r2) {
  double v00, v01, v11, ss, mean = 0.0, tot = 0.0;
  int st = gsl_fit_linear(x, 1, y, 1, n, &c[0], &c[1], &v00, &v01, &v11, &ss);
  if (st || !isfinite(c[0]) || !isfinite(c[1])) return VT_ENUMERIC;
  for (size_t i = 0; i < n; i++) mean += y[i] / (double)n;
  for (size_t i = 0; i < n; i++) tot += (y[i] - mean) * (y[i] - mean);
  se[0] = n > 2 ? sqrt(v00) : NAN;
  se[1] = n > 2 ? sqrt(v11) : NAN;
  *r2 = tot > 0 ? 1.0 - ss / tot : NAN;
  return VT_OK;
}

int vt_arrhenius_tau_fit(const double *T, const double *tau, size_t n, vt_arrhenius_fit *out,
                         vt_error *err) {
  if (!out || !T || !tau) return vt_fail(err, VT_EINVAL, "vt_arrhenius_tau_fit: NULL argument");
  memset(out, 0, sizeof *out);
  if (n < 2) return vt_fail(err, VT_EINVAL, "%zu point: an Arrhenius fit needs at least 2", n);
  double *x = malloc(2 * n * sizeof *x), c[2], se[2];
  if (!x) return vt_fail(err, VT_ENOMEM, "out of memory");
  double *y = x + n;
  int distinct = 0, rc = VT_OK;
  for (size_t i = 0; i < n && !rc; i++) {
    if (!(isfinite(T[i]) && T[i] > 0 && isfinite(tau[i]) && tau[i] > 0))
      rc = vt_fail(err, VT_EINVAL, "point %zu: T = %g K, tau = %g s: need positive finite values",
                   i, T[i], tau[i]);
    x[i] = 1.0 / T[i], y[i] = log(tau[i]);
    if (T[i] != T[0]) distinct = 1;
  }
  if (!rc && !distinct)
    rc = vt_fail(err, VT_EINVAL, "all %zu temperatures are %g K: Ea needs at least two", n, T[0]);
  if (!rc && line_fit(x, y, n, c, se, &out->r2))
    rc = vt_fail(err, VT_ENUMERIC, "Arrhenius straight-line fit failed");
  free(x);
  if (rc) return rc;
  out->Ea_J_per_mol = R_GAS * c[1], out->se_Ea_J_per_mol = R_GAS * se[1];
  out->ln_tau0_s = c[0], out->se_ln_tau0 = se[0];
  out->n = n;
  return VT_OK;
}

int vt_arrhenius_kww(const vt_relax_curve *curves, size_t nc, double t_window,
                     const vt_kww_options *opts, vt_kww_fit *fits, vt_arrhenius_fit *out,
                     vt_error *err) {
  if (!curves || !out) return vt_fail(err, VT_EINVAL, "vt_arrhenius_kww: NULL argument");
  memset(out, 0, sizeof *out);
  if (!(t_window > 0)) return vt_fail(err, VT_EINVAL, "window %g s must be > 0", t_window);
  double *tau = malloc((nc ? nc : 1) * 2 * sizeof *tau), *T = tau ? tau + nc : NULL;
  if (!tau) return vt_fail(err, VT_ENOMEM, "out of memory");
  int rc = VT_OK;
  for (size_t k = 0; !rc && k < nc; k++) {
    size_t m = 0;
    while (m < curves[k].n && curves[k].t_s[m] <= t_window) m++;
    vt_kww_fit f;
    vt_error local;
    char window[64] = "";
    if (isfinite(t_window)) snprintf(window, sizeof window, ", t <= %g s", t_window);
    rc = vt_kww_fit_run(curves[k].t_s, curves[k].y, m, opts, &f, &local);
    if (rc) vt_fail(err, rc, "curve %zu (T = %g K)%s: %s", k, curves[k].T_K, window, local.message);
    tau[k] = f.tau1_s, T[k] = curves[k].T_K;
    if (fits && !rc) fits[k] = f;
  }
  if (!rc) rc = vt_arrhenius_tau_fit(T, tau, nc, out, err);
  free(tau);
  return rc;
}

int vt_arrhenius_window(const vt_relax_curve *curves, size_t nc, double t_window,
                        const vt_kww_options *opts, double *tau_s, vt_arrhenius_fit *out,
                        vt_error *err) {
  if (!curves || !out) return vt_fail(err, VT_EINVAL, "vt_arrhenius_window: NULL argument");
  vt_kww_fit *fits = tau_s ? calloc(nc ? nc : 1, sizeof *fits) : NULL;
  if (tau_s && !fits) return vt_fail(err, VT_ENOMEM, "out of memory");
  int rc = vt_arrhenius_kww(curves, nc, t_window, opts, fits, out, err);
  for (size_t k = 0; !rc && fits && k < nc; k++) tau_s[k] = fits[k].tau1_s;
  free(fits);
  return rc;
}

double vt_recovery_fit_eval(const vt_recovery_fit *r, double t) {
  if (!r) return NAN;
  return r->eps_inf + (r->eps0 - r->eps_inf) * exp(-pow(t / r->tau_rec_s, r->beta_rec));
}

int vt_tp_tau_regression(const double *tau_rec, const double *t_p, size_t n, vt_tp_tau_fit *out,
                         vt_error *err) {
  if (!out || !tau_rec || !t_p) return vt_fail(err, VT_EINVAL, "NULL argument");
  memset(out, 0, sizeof *out);
  if (n < 3) return vt_fail(err, VT_EINVAL, "%zu points: a regression with R^2 needs >= 3", n);
  int distinct = 0;
  for (size_t i = 0; i < n; i++) {
    if (!(isfinite(tau_rec[i]) && isfinite(t_p[i])))
      return vt_fail(err, VT_EINVAL, "point %zu: tau_rec = %g s, t_p = %g s: need finite values", i,
                     tau_rec[i], t_p[i]);
    if (tau_rec[i] != tau_rec[0]) distinct = 1;
  }
  if (!distinct) return vt_fail(err, VT_EINVAL, "all tau_rec are %g s: no slope", tau_rec[0]);
  double c[2], se[2];
  if (line_fit(tau_rec, t_p, n, c, se, &out->r2))
    return vt_fail(err, VT_ENUMERIC, "t_p - tau_rec straight-line fit failed");
  out->intercept_s = c[0], out->se_intercept_s = se[0];
  out->slope = c[1], out->se_slope = se[1];
  out->n = n;
  return VT_OK;
}
