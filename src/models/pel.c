/* Energy-landscape mean-field ageing (paper 003, Eqs. 1-2; the rate theory of its ref. 18).
 *
 * State: the inherent-structure energy E_IS per atom (J/mol of atoms). A hop from the current IS
 * climbs a barrier E_A and falls a relaxation energy E_R to the next IS, so it changes E_IS by
 * E_A - E_R; with nu hops attempted per atom and second and the Boltzmann-weighted mean barrier,
 *   dE_IS/dt = nu Z (<E_A> - <E_R>),   Z = exp(-<E_A>/RT) = int P(E_A|E_IS) e^{-E_A/RT} dE_A,
 *   <E_R> = int E_R P(E_R|E_IS) dE_R.
 * Sign: ageing (E_IS falls, exothermic) where <E_A> < <E_R>; rejuvenation where <E_A> > <E_R>.
 * <E_A> = -RT ln Z rises with T (d<E_A>/dT = (<E_A> - <E_A>_tilted)/T >= 0, the tilted mean being
 * the mean barrier actually crossed), from the low-barrier edge of P towards its mean, so at
 * fixed E_IS the glass ages below T_b(E_IS), where <E_A> = <E_R>, and rejuvenates above. T_b is
 * the temperature at which E_IS is the steady state: the fictive temperature Tf of the state.
 *
 * Spectra: Gaussians truncated at 0 (E_A, E_R >= 0) whose means and widths are linear in
 * e = E_IS - E_ref, or histograms per E_IS bin (vt_pel_set_table). Energies are per atom for
 * E_IS and per hop for E_A and E_R; nu is per atom, so the rate is per atom (J/(mol s)).
 *
 * Defaults (a Cu-Zr glass, qualitatively; E_IS counted from the steady state at 800 K):
 *   P(E_A): mean 1.80 eV - 61 e, width 0.20 eV;  P(E_R): mean 1.51 eV - 57 e, width 0.15 eV;
 *   nu = 1e16 /s (an attempt frequency of 1e13 /s times e^{S/k}, S ~ 7 k).
 * Both spectra move up in deeper states (larger, more collective hops) and the barriers faster
 * than the relaxations. Then, untruncated, RT_b = sigma_A^2 / (2 (mu_A - mu_R)): T_b rises by
 * ~8000 K per eV/atom (an equilibrium configurational heat capacity of ~12 J/(mol K)), from 516 K
 * at e = -0.04 eV to 928 K at e = +0.01 eV; near T_b the kinetics go as exp(-<E_R>/RT). The
 * maximum ageing rate at fixed E_IS runs from 9e8 eV/s (e = +0.01) through 2e4 eV/s (e = 0; the
 * MD window, 700-850 K and 1e4-1e7 eV/s, lies at e = 0 to 0.006) down to 4e-5 eV/s at
 * e = -0.015 (glasses cooled at 20-2000 K/s have Tf = 672-697 K, e = -0.014 to -0.011) and
 * 2e-24 eV/s at e = -0.04: the paper's ten and more decades between MD and DSC. At fixed E_IS
 * the rate has one maximum below T_b, which moves to lower T and closer to T_b as E_IS falls
 * (paper 003 Secs. 3.1-3.2; tests/test_pel.c). The E_IS window [E_ref - 0.05, E_ref + 0.01 eV]
 * is where these defaults keep that picture (above it the truncation of P(E_A) at 0 starts to
 * matter at T_max and the maximum falls back to lower T).
 *
 * <E_A> by quadrature: ln Z of the Gaussian is C + ln int exp(-(E - m)^2/(2 sigma^2)) dE over
 * E >= 0, m = mu - sigma^2/RT the tilted centre; the integral is taken over the window where the
 * integrand is within e^-36 of its maximum (at max(0, m)), cut into panels over which its log
 * changes by at most 8, each integrated by 16-point Gauss-Legendre (relative error < 1e-20 per
 * panel for exp of a polynomial of that spread) and summed as exp(log - max): nothing overflows at
 * any T; tests/test_pel.c measures <E_A> to 2e-13 RT against the closed form of the truncated
 * Gaussian (50-3000 K, mu/sigma 1-10). At most 18 panels (288 points).
 * Histograms are integrated exactly (cell by cell, log-sum-exp).
 *
 * Time steps: exponential Rosenbrock-Euler, E1 = E0 + h phi1(hJ) f0 + h^2 phi2(hJ) f_T dT/dt, with
 * J = df/dE and f_T = df/dT by forward differences: second order, exact for a linear relaxation,
 * and for hJ -> -infinity it lands on the quasi-static steady state (phi1 -> -1/(hJ)), so the
 * equilibrium liquid, where |J| is 1e7 /s at 800 K and 5e8 /s at 840 K, costs no more than the
 * frozen glass (|J| ~ 1e-8 /s at 600 K). Each grid step is covered by sub-steps with step
 * doubling (error = |two halves - one step|, Richardson extrapolated) to an absolute local error
 * of `tol_J_per_mol` (default 1e-4 J/mol, 1e-9 eV). tests/test_pel.c checks the steps against
 * GSL's rk8pd (2.6e-6 J/mol) and under grid and tolerance refinement. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_sf_erf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_impl.h"
#include "vitrum/pel.h"

#define EV    VT_EV_J_PER_MOL
#define R_GAS VT_GAS_CONSTANT_J_PER_MOL_K

#define GL_N         16
#define PANEL_DLOG   8.0  /* max change of the log integrand over one panel */
#define TAIL_DLOG    36.0 /* window: integrand within e^-36 of its maximum */
#define MAX_PANELS   64
#define T_MIN_K      1.0 /* boundary temperatures are searched in [T_MIN_K, T_MAX_K] */
#define T_MAX_K      1e5
#define MAX_SUBSTEPS 1000000L
#define BRENT_ITERS  200  /* Brent iterations of the boundary searches (far more than they take) */
#define DEFAULT_TOL  1e-4 /* J/mol */

enum {
  P_NU,
  P_EREF,
  P_MUA,
  P_DMUA,
  P_SA,
  P_DSA,
  P_MUR,
  P_DMUR,
  P_SR,
  P_DSR,
  P_DEMIN,
  P_DEMAX,
  N_PARAMS
};

/* The four parameters of the spectrum of barrier X (A: activation, R: relaxation): a Gaussian
 * P(E_X|E_IS) whose mean and width at E_ref move linearly with E_IS. */
/* clang-format off */
#define SPECTRUM_PARAMS(X, mu, dmu, sigma)                                                        \
  {"mu_" #X, "mu_" #X, "eV", VT_DIM_MOLAR_ENERGY,                                                 \
   "mean of the Gaussian P(E_" #X "|E_IS) at E_ref (before its truncation at 0)", (mu) * EV, 0.0, \
   100 * EV, 0},                                                                                  \
  {"dmu_" #X, "dmu_" #X "/dE_IS", "", VT_DIM_NONE, "slope of mu_" #X " in E_IS (eV per eV/atom)",  \
   dmu, -1e5, 1e5, 0},                                                                            \
  {"sigma_" #X, "sigma_" #X, "eV", VT_DIM_MOLAR_ENERGY, "width of P(E_" #X "|E_IS) at E_ref",     \
   (sigma) * EV, 1e-4 * EV, 100 * EV, 0},                                                         \
  {"dsigma_" #X, "dsigma_" #X "/dE_IS", "", VT_DIM_NONE, "slope of sigma_" #X " in E_IS", 0.0,    \
   -1e5, 1e5, 0}
/* clang-format on */

static const vt_param_info pel_params[N_PARAMS] = {
    {"nu", "nu", "", VT_DIM_NONE,
     "attempt frequency of hops per atom, in 1/s (entropy included): Eq. 1 prefactor", 1e16, 1.0,
     1e30, 1},
    {"E_ref", "E_ref", "eV", VT_DIM_MOLAR_ENERGY,
     "E_IS per atom where the spectra take the values below; origin of H_conf", 0.0, -1e3 * EV,
     1e3 * EV, 0},
    SPECTRUM_PARAMS(A, 1.80, -61.0, 0.20),
    SPECTRUM_PARAMS(R, 1.51, -57.0, 0.15),
    {"dE_min", "dE_min", "eV", VT_DIM_MOLAR_ENERGY,
     "low end of the E_IS window (from E_ref): steady-state search, default maps", -0.05 * EV,
     -100 * EV, 0.0, 0},
    {"dE_max", "dE_max", "eV", VT_DIM_MOLAR_ENERGY, "high end of the E_IS window (from E_ref)",
     0.01 * EV, 0.0, 100 * EV, 0},
};

/* A histogram bin of the table, prepared: cells with lower edge, width and ln mass of E_A. */
typedef struct pel_bin {
  size_t n;
  double *a, *w, *lnm;
  double ER;
} pel_bin;

typedef struct pel {
  double c[N_PARAMS]; /* the parameters as prepared */
  vt_pel_table *table;
  pel_bin *bins;
  double E_lo, E_hi;
  double gl_x[GL_N], gl_w[GL_N];
  double tol;
  double E, T, Tf, h_hint;
} pel;

/* What Eq. 1 needs at one (E_IS, T). */
typedef struct point {
  double lnZ, EA, tilted, ER, rate;
} point;

/* ---- Spectra --------------------------------------------------------------------------------- */

/* ln Phi(z), the standard normal CDF, without underflow. */
static double ln_Phi(double z) {
  return gsl_sf_log_erfc(-z / M_SQRT2) - M_LN2;
}

/* ln int_0^inf P(E) e^{-beta E} dE for P a Gaussian (mu, sig) truncated to E >= 0, and the
 * tilted mean (the mean barrier crossed). See the header comment for the quadrature. */
static double gauss_lnZ(const pel *s, double mu, double sig, double beta, double *tilted) {
  double v = sig * sig, m = mu - beta * v;
  double lnN = log(sig * sqrt(2.0 * M_PI)) + ln_Phi(mu / sig);
  /* ln of the integrand's maximum on E >= 0, at E* = max(0, m), written without cancellation. */
  double Es = m > 0 ? m : 0.0;
  double top = m > 0 ? -beta * mu + 0.5 * beta * beta * v - lnN : -0.5 * mu * mu / v - lnN;
  double W = sqrt(2.0 * TAIL_DLOG);
  double lo = fmax(0.0, m - W * sig), hi = m + sqrt(fmin(m, 0.0) * fmin(m, 0.0) + W * W * v);
  double slope = fmax(fabs(lo - m), fabs(hi - m)) / v;
  double np = ceil((hi - lo) * slope / PANEL_DLOG);
  size_t npan = np < 1 ? 1 : np > MAX_PANELS ? MAX_PANELS : (size_t)np;
  double h = (hi - lo) / (double)npan, sum = 0.0, sumE = 0.0;
  for (size_t k = 0; k < npan; k++) {
    double mid = lo + h * ((double)k + 0.5);
    for (int i = 0; i < GL_N; i++) {
      double E = mid + 0.5 * h * s->gl_x[i];
      /* q - q* = -[(E - m)^2 - (E* - m)^2] / (2 v), factored */
      double q = -(E - Es) * (E + Es - 2.0 * m) / (2.0 * v);
      double t = s->gl_w[i] * exp(q);
      sum += t;
      sumE += t * E;
    }
  }
  sum *= 0.5 * h;
  sumE *= 0.5 * h;
  *tilted = sumE / sum;
  return top + log(sum);
}

/* Mean of a Gaussian truncated to E >= 0: mu + sig phi(a)/(1 - Phi(a)), a = -mu/sig. */
static double gauss_trunc_mean(double mu, double sig) {
  return mu + sig * gsl_sf_hazard(-mu / sig);
}

/* ln Z and tilted mean of one histogram bin: each cell [a, a + w] carries mass m with a flat
 * density, int e^{-beta E} = e^{-beta a} w (1 - e^{-beta w})/(beta w). */
static double bin_lnZ(const pel_bin *b, double beta, double *tilted) {
  double top = -INFINITY;
  for (size_t j = 0; j < b->n; j++) top = fmax(top, b->lnm[j] - beta * b->a[j]);
  double sum = 0.0, sumE = 0.0;
  for (size_t j = 0; j < b->n; j++) {
    if (b->lnm[j] == -INFINITY) continue;
    double bw = beta * b->w[j];
    double shape = bw < 1e-8 ? 1.0 - 0.5 * bw : -expm1(-bw) / bw;
    double mean = bw < 1e-4 ? b->a[j] + 0.5 * b->w[j] - beta * b->w[j] * b->w[j] / 12.0
                            : b->a[j] + 1.0 / beta - b->w[j] / expm1(bw);
    double t = exp(b->lnm[j] - beta * b->a[j] - top) * shape;
    sum += t;
    sumE += t * mean;
  }
  *tilted = sumE / sum;
  return top + log(sum);
}

/* Linear spectra parameters at E_IS; 0 when a width is not positive there. */
static int gauss_at(const pel *s, double E, double *muA, double *sA, double *muR, double *sR) {
  double e = E - s->c[P_EREF];
  *muA = s->c[P_MUA] + s->c[P_DMUA] * e;
  *sA = s->c[P_SA] + s->c[P_DSA] * e;
  *muR = s->c[P_MUR] + s->c[P_DMUR] * e;
  *sR = s->c[P_SR] + s->c[P_DSR] * e;
  return *sA > 0 && *sR > 0 && isfinite(*muA) && isfinite(*muR);
}

/* Bin index k and weight f of E_IS between bin centres k and k + 1 (clamped at the ends). */
static void bin_locate(const vt_pel_table *t, double E, size_t *k, double *f) {
  size_t n = t->n_bins;
  if (E <= t->E_IS[0]) {
    *k = 0;
    *f = 0.0;
    return;
  }
  if (E >= t->E_IS[n - 1]) {
    *k = n - 2;
    *f = 1.0;
    return;
  }
  size_t lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (t->E_IS[mid] <= E)
      lo = mid;
    else
      hi = mid;
  }
  *k = lo;
  *f = (E - t->E_IS[lo]) / (t->E_IS[lo + 1] - t->E_IS[lo]);
}

/* Eq. 1-2 at (E, T). Returns 0 when the spectra are undefined there (a width <= 0). */
static int eval(const pel *s, double E, double T, point *p) {
  double beta = 1.0 / (R_GAS * T);
  if (s->table) {
    size_t k;
    double f, t0, t1;
    bin_locate(s->table, E, &k, &f);
    double l0 = bin_lnZ(&s->bins[k], beta, &t0), l1 = bin_lnZ(&s->bins[k + 1], beta, &t1);
    p->lnZ = (1.0 - f) * l0 + f * l1;
    p->tilted = (1.0 - f) * t0 + f * t1;
    p->ER = (1.0 - f) * s->bins[k].ER + f * s->bins[k + 1].ER;
  } else {
    double muA, sA, muR, sR;
    if (!gauss_at(s, E, &muA, &sA, &muR, &sR)) return 0;
    p->lnZ = gauss_lnZ(s, muA, sA, beta, &p->tilted);
    p->ER = gauss_trunc_mean(muR, sR);
  }
  p->EA = -p->lnZ / beta;
  p->rate = s->c[P_NU] * exp(p->lnZ) * (p->EA - p->ER);
  return isfinite(p->rate);
}

static int undefined_at(vt_error *err, double E) {
  return vt_fail(err, VT_ERANGE,
                 "pel: the spectra are undefined at E_IS = %.6g eV (a width sigma_A or sigma_R "
                 "is not positive there): check dsigma_A, dsigma_R and the E_IS range",
                 E / EV);
}

/* ---- Steady states --------------------------------------------------------------------------- */

/* <E_A> - <E_R> at (E, T) for the root finders; NaN when undefined. */
typedef struct root_ctx {
  const pel *s;
  double E, T;
} root_ctx;

static double gap_in_T(double lnT, void *ctx) {
  root_ctx *c = ctx;
  point p;
  return eval(c->s, c->E, exp(lnT), &p) ? p.EA - p.ER : NAN;
}

static double gap_in_E(double E, void *ctx) {
  root_ctx *c = ctx;
  point p;
  return eval(c->s, E, c->T, &p) ? p.EA - p.ER : NAN;
}

/* T_b(E): <E_A>(E, T) = <E_R>(E). Newton from `guess` with d<E_A>/dT = (<E_A> - tilted)/T (two
 * or three evaluations along a smooth trace), Brent in ln T over [T_MIN_K, T_MAX_K] otherwise. */
static double boundary_T(const pel *s, double E, double guess) {
  double T = guess;
  point p;
  for (int it = 0; isfinite(T) && T >= T_MIN_K && T <= T_MAX_K && it < 20; it++) {
    if (!eval(s, E, T, &p)) return NAN;
    double slope = (p.EA - p.tilted) / T, dT = (p.EA - p.ER) / slope;
    if (!(slope > 0) || !isfinite(dT) || fabs(dT) > 0.5 * T) break;
    T -= dT;
    if (fabs(dT) <= 1e-10 * T) return T;
  }
  root_ctx c = {s, E, 0.0};
  return exp(vt_brent_root(gap_in_T, &c, log(T_MIN_K), log(T_MAX_K), 1e-13, 0.0, BRENT_ITERS));
}

/* ---- Time steps ------------------------------------------------------------------------------ */

/* phi1(z) = (e^z - 1)/z and phi2(z) = (e^z - 1 - z)/z^2, by series near 0. */
static void phis(double z, double *p1, double *p2) {
  if (fabs(z) < 1e-3) {
    *p1 = 1.0 + z * (0.5 + z * (1.0 / 6.0 + z / 24.0));
    *p2 = 0.5 + z * (1.0 / 6.0 + z * (1.0 / 24.0 + z / 120.0));
  } else {
    double em1 = expm1(z);
    *p1 = em1 / z;
    *p2 = (em1 - z) / (z * z);
  }
}

typedef struct derivs {
  double f, J, fT;
} derivs;

static int derivatives(const pel *s, double E, double T, derivs *d) {
  point p, pE, pT;
  double dE = 1e-6 * R_GAS * T, dT = 1e-6 * T;
  if (!eval(s, E, T, &p) || !eval(s, E + dE, T, &pE) || !eval(s, E, T + dT, &pT)) return 0;
  d->f = p.rate;
  d->J = (pE.rate - p.rate) / dE;
  d->fT = (pT.rate - p.rate) / dT;
  return 1;
}

/* One exponential Rosenbrock-Euler step of length h; T changes at Tdot. */
static double ros_step(double E, const derivs *d, double Tdot, double h) {
  double p1, p2;
  phis(h * d->J, &p1, &p2);
  return E + h * p1 * d->f + h * h * p2 * d->fT * Tdot;
}

/* Integrate over [0, dt] with T = T0 + Tdot t, step doubling for the error. */
static int integrate(pel *s, double dt, double T0, double Tdot, vt_error *err) {
  double t = 0.0, E = s->E, h = s->h_hint > 0 ? fmin(s->h_hint, dt) : dt;
  for (long n = 0; dt - t > 1e-13 * dt; n++) {
    if (n > MAX_SUBSTEPS)
      return vt_fail(err, VT_ENOCONV, "pel: more than %ld sub-steps in one step of %g s at %g K",
                     MAX_SUBSTEPS, dt, T0 + Tdot * t);
    h = fmin(h, dt - t);
    double Ta = T0 + Tdot * t;
    derivs d0, d1;
    if (!derivatives(s, E, Ta, &d0)) return undefined_at(err, E);
    for (;;) {
      double full = ros_step(E, &d0, Tdot, h), half = ros_step(E, &d0, Tdot, 0.5 * h);
      if (!derivatives(s, half, Ta + 0.5 * h * Tdot, &d1)) return undefined_at(err, half);
      double two = ros_step(half, &d1, Tdot, 0.5 * h), e = fabs(two - full);
      if (isfinite(two) && e <= s->tol) {
        E = two + (two - full) / 3.0; /* Richardson: the method is second order */
        t += h;
        h *= e > 0 ? fmin(4.0, 0.9 * cbrt(s->tol / e)) : 4.0;
        break;
      }
      h *= isfinite(e) ? fmax(0.1, 0.9 * cbrt(s->tol / e)) : 0.1;
      if (h <= 1e-15 * dt)
        return vt_fail(err, VT_ENOCONV,
                       "pel: step size underflow at E_IS = %.6g eV, T = %g K (tolerance %g J/mol)",
                       E / EV, Ta, s->tol);
    }
  }
  s->E = E;
  s->h_hint = h;
  return VT_OK;
}

/* ---- The class ------------------------------------------------------------------------------- */

static void free_bins(pel *s) {
  if (s->bins && s->table)
    for (size_t k = 0; k < s->table->n_bins; k++) {
      free(s->bins[k].a);
      free(s->bins[k].w);
      free(s->bins[k].lnm);
    }
  free(s->bins);
  s->bins = NULL;
}

static void *pel_create(void) {
  pel *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  gsl_integration_glfixed_table *gl = gsl_integration_glfixed_table_alloc(GL_N);
  if (!gl) {
    free(s);
    return NULL;
  }
  for (size_t i = 0; i < GL_N; i++)
    gsl_integration_glfixed_point(-1.0, 1.0, i, &s->gl_x[i], &s->gl_w[i], gl);
  gsl_integration_glfixed_table_free(gl);
  s->tol = DEFAULT_TOL;
  return s;
}

static void pel_destroy(void *state) {
  pel *s = state;
  if (!s) return;
  free_bins(s);
  vt_pel_table_free(s->table);
  free(s->table);
  free(s);
}

static int pel_set_option(void *state, const char *key, const char *value, vt_error *err) {
  pel *s = state;
  if (key && strcmp(key, "tol_J_per_mol") == 0) {
    char *end;
    double v = value ? strtod(value, &end) : NAN;
    if (!value || end == value || *end || !(v > 0) || !isfinite(v))
      return vt_fail(err, VT_ERANGE, "pel: tol_J_per_mol = '%s': expected a number > 0",
                     value ? value : "(null)");
    s->tol = v;
    return VT_OK;
  }
  return vt_fail(err, VT_ENOTFOUND, "pel: unknown option '%s' (known: tol_J_per_mol)",
                 key ? key : "(null)");
}

/* Cells of one table bin: edges halfway between the energies, the outer ones half a spacing out
 * (cut at 0); masses = density x width, normalised. */
static int prepare_bin(const vt_pel_table *t, size_t k, pel_bin *b) {
  size_t r0 = t->row0[k], n = t->row0[k + 1] - r0;
  const double *E = t->E + r0, *PA = t->P_A + r0, *PR = t->P_R + r0;
  b->n = n;
  b->a = malloc(n * sizeof *b->a);
  b->w = malloc(n * sizeof *b->w);
  b->lnm = malloc(n * sizeof *b->lnm);
  if (!b->a || !b->w || !b->lnm) return VT_ENOMEM;
  double sumA = 0.0, sumR = 0.0, meanR = 0.0;
  for (size_t j = 0; j < n; j++) {
    double lo = j ? 0.5 * (E[j - 1] + E[j]) : fmax(0.0, E[0] - 0.5 * (E[1] - E[0]));
    double hi = j + 1 < n ? 0.5 * (E[j] + E[j + 1]) : E[n - 1] + 0.5 * (E[n - 1] - E[n - 2]);
    b->a[j] = lo;
    b->w[j] = hi - lo;
    sumA += PA[j] * b->w[j];
    sumR += PR[j] * b->w[j];
    meanR += PR[j] * b->w[j] * 0.5 * (lo + hi);
  }
  for (size_t j = 0; j < n; j++) b->lnm[j] = PA[j] > 0 ? log(PA[j] * b->w[j] / sumA) : -INFINITY;
  b->ER = meanR / sumR;
  return VT_OK;
}

static int pel_prepare(void *state, const double *p, vt_error *err) {
  pel *s = state;
  memcpy(s->c, p, sizeof s->c);
  free_bins(s);
  if (s->table) {
    s->bins = calloc(s->table->n_bins, sizeof *s->bins);
    for (size_t k = 0; s->bins && k < s->table->n_bins; k++)
      if (prepare_bin(s->table, k, &s->bins[k])) return vt_fail(err, VT_ENOMEM, "out of memory");
    if (!s->bins) return vt_fail(err, VT_ENOMEM, "out of memory");
    s->E_lo = s->table->E_IS[0];
    s->E_hi = s->table->E_IS[s->table->n_bins - 1];
    return VT_OK;
  }
  s->E_lo = p[P_EREF] + p[P_DEMIN];
  s->E_hi = p[P_EREF] + p[P_DEMAX];
  if (!(s->E_hi > s->E_lo))
    return vt_fail(err, VT_ERANGE, "pel: the E_IS window dE_min .. dE_max is empty");
  double muA, sA, muR, sR;
  if (!gauss_at(s, s->E_lo, &muA, &sA, &muR, &sR) || !gauss_at(s, s->E_hi, &muA, &sA, &muR, &sR))
    return vt_fail(err, VT_ERANGE,
                   "pel: sigma_A or sigma_R reaches 0 inside the E_IS window [%.4g, %.4g] eV: "
                   "narrow the window or change dsigma_A/dsigma_R",
                   s->E_lo / EV, s->E_hi / EV);
  return VT_OK;
}

static int pel_equilibrate(void *state, const double *p, double T, vt_error *err) {
  (void)p;
  pel *s = state;
  root_ctx c = {s, 0.0, T};
  double lo = gap_in_E(s->E_lo, &c), hi = gap_in_E(s->E_hi, &c);
  double E = vt_brent_root(gap_in_E, &c, s->E_lo, s->E_hi, 1e-9 * EV, 0.0, BRENT_ITERS);
  if (!isfinite(E))
    return vt_fail(err, VT_ERANGE,
                   "pel: no steady state at %g K inside the E_IS window [%.4g, %.4g] eV "
                   "(<E_A> - <E_R> = %.3g and %.3g eV at its ends): the glass %s everywhere "
                   "there; start at another temperature or widen dE_min/dE_max",
                   T, s->E_lo / EV, s->E_hi / EV, lo / EV, hi / EV,
                   lo > 0 ? "rejuvenates" : "ages");
  s->E = E;
  s->T = s->Tf = T;
  s->h_hint = 0.0;
  return VT_OK;
}

static int pel_step(void *state, const double *p, double dt, double T0, double T1, vt_error *err) {
  (void)p;
  pel *s = state;
  if (dt > 0) {
    int rc = integrate(s, dt, T0, (T1 - T0) / dt, err);
    if (rc) return rc;
  }
  s->T = T1;
  s->Tf = boundary_T(s, s->E, isfinite(s->Tf) ? s->Tf : T1);
  return VT_OK;
}

/* dH and H_conf are both the configurational energy E_IS - E_ref: a DSC sees its T derivative. */
static void pel_observe(const void *state, const double *p, vt_observables *out) {
  const pel *s = state;
  out->Tf_K = s->Tf;
  out->dH_J_per_mol = s->E - p[P_EREF];
  out->H_conf_J_per_mol = s->E - p[P_EREF];
}

static int pel_copy_config(void *dst, const void *src) {
  pel *d = dst;
  const pel *s = src;
  d->tol = s->tol;
  if (!s->table) return VT_OK;
  d->table = calloc(1, sizeof *d->table);
  if (!d->table) return VT_ENOMEM;
  const vt_pel_table *t = s->table;
  size_t rows = t->row0[t->n_bins];
  d->table->n_bins = t->n_bins;
  d->table->E_IS = malloc(t->n_bins * sizeof(double));
  d->table->row0 = malloc((t->n_bins + 1) * sizeof(size_t));
  d->table->E = malloc(rows * sizeof(double));
  d->table->P_A = malloc(rows * sizeof(double));
  d->table->P_R = malloc(rows * sizeof(double));
  if (!d->table->E_IS || !d->table->row0 || !d->table->E || !d->table->P_A || !d->table->P_R)
    return VT_ENOMEM;
  memcpy(d->table->E_IS, t->E_IS, t->n_bins * sizeof(double));
  memcpy(d->table->row0, t->row0, (t->n_bins + 1) * sizeof(size_t));
  memcpy(d->table->E, t->E, rows * sizeof(double));
  memcpy(d->table->P_A, t->P_A, rows * sizeof(double));
  memcpy(d->table->P_R, t->P_R, rows * sizeof(double));
  return VT_OK;
}

static void pel_describe(const void *state, char *buf, size_t size) {
  const pel *s = state;
  if (s->table)
    snprintf(buf, size,
             "tabulated spectra (%zu E_IS bins, exact histogram integrals); exponential "
             "Rosenbrock steps, local error <= %g J/mol",
             s->table->n_bins, s->tol);
  else
    snprintf(buf, size,
             "Gaussian spectra (<E_A> by 16-point Gauss-Legendre panels, ~1e-13 relative); "
             "exponential Rosenbrock steps, local error <= %g J/mol",
             s->tol);
}

const vt_model_class vt_pel_class = {
    VT_MODEL_CLASS_BASE(pel),
    .summary = "energy-landscape mean-field ageing of E_IS with spectra P(E_A|E_IS), "
               "P(E_R|E_IS) (paper 003)",
    .step = pel_step, /* no share_prepared: preparing is cheap */
};

/* ---- Public point functions ------------------------------------------------------------------ */

/* The prepared state of a "pel" model (vt_model_numerics prepares it when parameters changed). */
static pel *pel_of(vt_model *m, vt_error *err) {
  pel *s = m ? vt_model_state_of(m, &vt_pel_class) : NULL;
  if (!s) {
    vt_fail(err, VT_EINVAL, "this needs a model created as 'pel'");
    return NULL;
  }
  char buf[4];
  return vt_model_numerics(m, buf, sizeof buf, err) ? NULL : s;
}

static int point_at(vt_model *m, double E, double T, point *pt, vt_error *err) {
  pel *s = pel_of(m, err);
  if (!s) return err ? err->status : VT_EINVAL;
  if (!isfinite(E) || !(T > 0) || !isfinite(T))
    return vt_fail(err, VT_ERANGE, "pel: E_IS = %g J/mol and T = %g K must be finite, T > 0", E, T);
  return eval(s, E, T, pt) ? VT_OK : undefined_at(err, E);
}

/* The member at offset `at` of the point (E, T) into *out (NaN after an error); `call` names the
 * public call in the message for NULLs. */
static int point_member(const char *call, vt_model *m, double E, double T, size_t at, double *out,
                        vt_error *err) {
  if (!m || !out) return vt_fail(err, VT_EINVAL, "%s: NULL model or output", call);
  point p;
  int rc = point_at(m, E, T, &p, err);
  *out = NAN;
  if (!rc) memcpy(out, (const char *)&p + at, sizeof *out);
  return rc;
}

int vt_pel_mean_activation(vt_model *m, double E, double T, double *EA, vt_error *err) {
  return point_member("vt_pel_mean_activation", m, E, T, offsetof(point, EA), EA, err);
}

/* E_R does not depend on T (any will do). */
int vt_pel_mean_relaxation(vt_model *m, double E, double *ER, vt_error *err) {
  return point_member("vt_pel_mean_relaxation", m, E, 1000.0, offsetof(point, ER), ER, err);
}

int vt_pel_rate(vt_model *m, double E, double T, double *rate, vt_error *err) {
  return point_member("vt_pel_rate", m, E, T, offsetof(point, rate), rate, err);
}

int vt_pel_window(vt_model *m, double *lo, double *hi, vt_error *err) {
  pel *s = pel_of(m, err);
  if (!s) return err ? err->status : VT_EINVAL;
  *lo = s->E_lo;
  *hi = s->E_hi;
  return VT_OK;
}

int vt_pel_steady_E(vt_model *m, double T, double *E, vt_error *err) {
  if (!m || !E) return vt_fail(err, VT_EINVAL, "vt_pel_steady_E: NULL model or output");
  pel *s = pel_of(m, err);
  *E = NAN;
  if (!s) return err ? err->status : VT_EINVAL;
  if (!(T > 0) || !isfinite(T)) return vt_fail(err, VT_ERANGE, "pel: T = %g K must be > 0", T);
  double keep[4] = {s->E, s->T, s->Tf, s->h_hint};
  int rc = pel_equilibrate(s, NULL, T, err);
  if (!rc) *E = s->E;
  s->E = keep[0], s->T = keep[1], s->Tf = keep[2], s->h_hint = keep[3];
  return rc;
}

int vt_pel_boundary_T(vt_model *m, double E, double *T_b, vt_error *err) {
  if (!m || !T_b) return vt_fail(err, VT_EINVAL, "vt_pel_boundary_T: NULL model or output");
  point p;
  int rc = point_at(m, E, 1000.0, &p, err);
  *T_b = rc ? NAN : boundary_T(vt_model_state_of(m, &vt_pel_class), E, 1000.0);
  return rc;
}

/* Rate as a function of T for the minimiser. */
typedef struct rate_ctx {
  const pel *s;
  double E;
} rate_ctx;

static double rate_in_T(double T, void *ctx) {
  rate_ctx *c = ctx;
  point p;
  return eval(c->s, c->E, T, &p) ? p.rate : NAN;
}

/* Brent's minimiser of the rate in T on [a, b] starting at x (f(x) below both ends). */
static double brent_min(rate_ctx *c, double a, double x, double b) {
  gsl_function F = {rate_in_T, c};
  gsl_min_fminimizer *mn = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
  if (!mn) return NAN;
  double xm = NAN;
  if (gsl_min_fminimizer_set(mn, &F, x, a, b) == GSL_SUCCESS) {
    for (int it = 0; it < 200; it++) {
      if (gsl_min_fminimizer_iterate(mn) != GSL_SUCCESS) break;
      xm = gsl_min_fminimizer_x_minimum(mn);
      double lo = gsl_min_fminimizer_x_lower(mn), hi = gsl_min_fminimizer_x_upper(mn);
      if (gsl_min_test_interval(lo, hi, 1e-6, 0.0) == GSL_SUCCESS) break;
    }
  }
  gsl_min_fminimizer_free(mn);
  return xm;
}

int vt_pel_max_ageing_T(vt_model *m, double E, double T_lo, double T_hi, size_t n_scan,
                        double *T_max, double *rate_max, vt_error *err) {
  if (!m || !T_max || !rate_max)
    return vt_fail(err, VT_EINVAL, "vt_pel_max_ageing_T: NULL model or output");
  *T_max = *rate_max = NAN;
  point p;
  int rc = point_at(m, E, T_lo, &p, err);
  if (rc) return rc;
  if (!(T_hi > T_lo) || !isfinite(T_hi) || n_scan < 8)
    return vt_fail(err, VT_ERANGE, "pel: need T_lo < T_hi and >= 8 scan points");
  pel *s = vt_model_state_of(m, &vt_pel_class);
  double Tb = boundary_T(s, E, 0.5 * (T_lo + T_hi)), top = isfinite(Tb) ? fmin(Tb, T_hi) : T_hi;
  if (!(top > T_lo)) return VT_OK;
  rate_ctx c = {s, E};
  size_t best = 0;
  double fbest = INFINITY;
  for (size_t i = 0; i < n_scan; i++) {
    double f = rate_in_T(T_lo + (top - T_lo) * (double)i / (double)(n_scan - 1), &c);
    if (f < fbest) fbest = f, best = i;
  }
  if (!(fbest < 0) || best == 0 || best == n_scan - 1) return VT_OK;
  double step = (top - T_lo) / (double)(n_scan - 1), x = T_lo + step * (double)best;
  *T_max = brent_min(&c, x - step, x, x + step);
  *rate_max = rate_in_T(*T_max, &c);
  return VT_OK;
}

/* ---- Tables ---------------------------------------------------------------------------------- */

void vt_pel_table_free(vt_pel_table *t) {
  if (t) VT_FREE_ZERO(t, t->E_IS, t->row0, t->E, t->P_A, t->P_R);
}

static int check_table(const vt_pel_table *t, vt_error *err) {
  if (!t->E_IS || !t->row0 || !t->E || !t->P_A || !t->P_R || t->n_bins < 2)
    return vt_fail(err, VT_EINVAL, "pel table: need at least 2 E_IS bins");
  for (size_t k = 0; k < t->n_bins; k++) {
    size_t r0 = t->row0[k], r1 = t->row0[k + 1];
    double sa = 0, sr = 0;
    if (!isfinite(t->E_IS[k]) || (k && !(t->E_IS[k] > t->E_IS[k - 1])))
      return vt_fail(err, VT_EINVAL, "pel table: E_IS bin centres must increase (bin %zu)", k);
    if (r1 < r0 + 2)
      return vt_fail(err, VT_EINVAL, "pel table: E_IS bin %.6g eV needs >= 2 energies",
                     t->E_IS[k] / EV);
    for (size_t r = r0; r < r1; r++) {
      if (!(t->E[r] >= 0) || !isfinite(t->E[r]) || (r > r0 && !(t->E[r] > t->E[r - 1])))
        return vt_fail(err, VT_EINVAL,
                       "pel table: in E_IS bin %.6g eV the energies must be >= 0, finite and "
                       "increasing (row %zu of the bin)",
                       t->E_IS[k] / EV, r - r0 + 1);
      if (!(t->P_A[r] >= 0) || !(t->P_R[r] >= 0) || !isfinite(t->P_A[r]) || !isfinite(t->P_R[r]))
        return vt_fail(err, VT_EINVAL, "pel table: P_A and P_R must be finite and >= 0");
      sa += t->P_A[r];
      sr += t->P_R[r];
    }
    if (!(sa > 0) || !(sr > 0))
      return vt_fail(err, VT_EINVAL, "pel table: E_IS bin %.6g eV has no weight in P_A or P_R",
                     t->E_IS[k] / EV);
  }
  return VT_OK;
}

int vt_pel_set_table(vt_model *m, const vt_pel_table *t, vt_error *err) {
  pel *s = m ? vt_model_state_of(m, &vt_pel_class) : NULL;
  if (!s) return vt_fail(err, VT_EINVAL, "a pel table needs a model created as 'pel'");
  int rc = t ? check_table(t, err) : VT_OK;
  if (rc) return rc;
  pel tmp;
  memset(&tmp, 0, sizeof tmp);
  if (t) {
    pel src;
    memset(&src, 0, sizeof src);
    src.table = (vt_pel_table *)t;
    if (pel_copy_config(&tmp, &src)) {
      vt_pel_table_free(tmp.table);
      free(tmp.table);
      return vt_fail(err, VT_ENOMEM, "out of memory (pel table)");
    }
  }
  free_bins(s);
  vt_pel_table_free(s->table);
  free(s->table);
  s->table = tmp.table;
  vt_model_invalidate(m);
  return VT_OK;
}
