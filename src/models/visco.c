/* The viscoelastic-viscoplastic model of a stress-relaxation test (paper 001).
 *
 * Constitutive equations. The total strain is an anelastic (viscoelastic, recoverable) part in
 * series with an irreversible (viscoplastic) part, eps = eps_ve + eps_vp. The viscoelastic part
 * is a linear solid with the relaxation modulus
 *   G(t) = G_inf + (G0 - G_inf) phi(t / a_T),
 *   phi(x) = (1 - w2) exp(-(x/tau)^beta) + w2 exp(-(x/tau2)^beta2)    (or a table of terms)
 * written as a Prony series phi = sum_k w_k exp(-x/tau_k) (vt_prony_kww per KWW term, max
 * |error| prony_tol each, so <= prony_tol for phi). Each term is a Maxwell element of modulus
 * g_k = (G0 - G_inf) w_k, beside the spring G_inf; all times shift with temperature by
 *   a_T = exp(Ea/R (1/T - 1/T_ref))      (thermorheologically simple).
 * Boltzmann superposition, sigma(t) = int G(t - t') deps_ve(t'), is then the sum
 *   sigma = G_inf eps_ve + sum_k s_k,   ds_k/dt = g_k deps_ve/dt - s_k/(a_T tau_k).
 * The viscoplastic part is a nonlinear dashpot in series (off by default, t_vp = 0):
 *   deps_vp/dt = sign(sigma) (|sigma|/sigma_vp)^n_vp / (a_T t_vp),
 * so its flow, and the strain that a stress-free recovery cannot take back, grows with stress
 * and loading time (paper 001 Fig. 4: full recovery after short loading, not after long).
 *
 * Exact step of a Maxwell element. With u_k = g_k eps_ve - s_k (the part of the element's
 * spring stress its dashpot has relaxed), du_k/dt = -(u_k - g_k eps_ve(t))/(a_T tau_k): the
 * ODE of relax_step.h with the target g_k eps_ve(t). When eps_ve is linear in time over a step,
 * vt_mode_update advances u_k exactly (z = dt/(a_T tau_k)):
 *   s_k1 = s_k0 E + g_k (eps_ve1 - eps_ve0) (1 - E)/z,   E = exp(-z).
 * So a strain-controlled step without viscoplastic flow is exact for any step size.
 *
 * Strain control with flow: eps_ve1 = eps1 - eps_vp1, and the dashpot is integrated by the
 * implicit trapezoid rule, d = dt/2 [f(sigma0) + f(sigma1(d))], where sigma1 is affine in d
 * (slope -D below); f increases with sigma, so the residual increases with slope >= 1 and a
 * safeguarded Newton iteration on the bracket [-|F(0)|, |F(0)|] finds the one root.
 *
 * Stress control (creep, and the stress-free recovery sigma = 0 after unloading): the standard
 * recursive scheme. With eps_ve linear over the step, the stress at its end is affine in
 * eps_ve1: sigma1 = S(eps_ve0) + D (eps_ve1 - eps_ve0), D = G_inf + sum_k g_k (1 - E_k)/z_k,
 * one division gives eps_ve1 for the prescribed sigma1. The linear-in-step assumption is the
 * only error (second order in the step; tests/test_visco.c measures it against the closed form
 * of a standard linear solid); a jump (dt = 0) answers with G0 exactly. The dashpot takes
 * dt/2 [f(sigma0) + f(sigma1)] (exact for n_vp = 1 with sigma linear in time).
 *
 * Defaults (paper 001's TiZrHfCuNiBe glass tested at 593 K; sigma in MPa, eps in %): G0 =
 * 80 GPa (a Ti/Zr-based glass's Young's modulus near 0.9 Tg), G_inf = 40 GPa (the relaxation
 * leaves half the stress: the anelastic part recovers completely), KWW tau = 1000 s at
 * T_ref = 593 K with beta = 0.45, Ea = 250 kJ/mol. Then eps1 = 0.5 %, eps2 = 0.3 %,
 * t_w = 900 s gives a memory peak of ~27 MPa at t_p ~ 600 s after the jump (sigma0 ~ 117 MPa),
 * within paper 001's range of t_p (10^2 - 10^3 s); a higher T (shorter taus) gives a later and
 * stronger peak, as its Figs. 2e-f.
 *
 * The model is the vt_model class "visco" (driven by strain or stress at the temperature of the
 * last equilibrate); the vt_visco_* calls are that model under its older names. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_impl.h"
#include "relax_step.h"
#include "vitrum/constants.h"
#include "vitrum/visco.h"

#define R_GAS        VT_GAS_CONSTANT_J_PER_MOL_K
#define MAX_LN_SHIFT 700.0 /* a_T beyond e^700 freezes (or equilibrates) every element anyway */
#define NEWTON_ITERS 200
#define DEFAULT_TOL  1e-5

enum {
  P_G0,
  P_GINF,
  P_TAU,
  P_BETA,
  P_W2,
  P_TAU2,
  P_BETA2,
  P_EA,
  P_TREF,
  P_SVP,
  P_NVP,
  P_TVP,
  N_PARAMS
};

static const vt_param_info visco_params[N_PARAMS] = {
    {"G0", "G_0", "GPa", VT_DIM_STRESS,
     "unrelaxed modulus G(0) of the test's loading mode (tension: Young's modulus)", 80e9, 1e3,
     1e13, 1},
    {"G_inf", "G_inf", "GPa", VT_DIM_STRESS,
     "relaxed modulus of the anelastic solid, <= G0 (0: a Maxwell liquid)", 40e9, 0.0, 1e13, 0},
    {"tau", "tau", "s", VT_DIM_TIME, "KWW relaxation time at T_ref", 1000.0, 1e-9, 1e12, 1},
    {"beta", "beta", "", VT_DIM_NONE, "KWW stretching exponent (1: one Maxwell element)", 0.45, 0.1,
     1.0, 0},
    {"w2", "w_2", "", VT_DIM_NONE, "weight of a second KWW term (double KWW); 0: single KWW", 0.0,
     0.0, 1.0, 0},
    {"tau2", "tau_2", "s", VT_DIM_TIME, "relaxation time of the second KWW term at T_ref", 10.0,
     1e-9, 1e12, 1},
    {"beta2", "beta_2", "", VT_DIM_NONE, "stretching exponent of the second KWW term", 0.8, 0.1,
     1.0, 0},
    {"Ea", "E_a", "kJ/mol", VT_DIM_MOLAR_ENERGY,
     "activation energy of the shift a_T = exp(Ea/R (1/T - 1/T_ref)) of all times", 250e3, 0.0, 5e6,
     0},
    {"T_ref", "T_ref", "K", VT_DIM_TEMPERATURE,
     "temperature at which tau, tau2, t_vp and a Prony table hold", 593.0, 1.0, 5000.0, 0},
    {"sigma_vp", "sigma_vp", "MPa", VT_DIM_STRESS, "viscoplastic reference stress", 100e6, 1.0,
     1e12, 1},
    {"n_vp", "n_vp", "", VT_DIM_NONE, "viscoplastic stress exponent (1: Newtonian)", 1.0, 1.0, 20.0,
     0},
    {"t_vp", "t_vp", "s", VT_DIM_TIME,
     "viscoplastic time at T_ref, deps_vp/dt = (sigma/sigma_vp)^n_vp/t_vp; 0 s: no flow (default)",
     0.0, 0.0, 1e15, 0},
};

/* The class state: options, the Maxwell elements prepared from the parameters, the strain. */
typedef struct visco {
  double p[N_PARAMS]; /* the parameters the elements were prepared with */
  double prony_tol;
  double *tab_w, *tab_tau; /* user table (normalised), NULL for the KWW functions */
  size_t tab_n;
  size_t K; /* prepared: elements at T_ref */
  double *w, *tau;
  double max_error;
  double T_K, inv_aT, time, eps, eps_vp; /* state */
  double *u;                             /* u_k = g_k eps_ve - s_k */
} visco;

static void drop_prepared(visco *v) {
  free(v->w);
  free(v->tau);
  free(v->u);
  v->w = v->tau = v->u = NULL;
  v->K = 0;
}

static void *visco_create(void) {
  visco *v = calloc(1, sizeof *v);
  if (v) v->prony_tol = DEFAULT_TOL;
  return v;
}

static void visco_destroy(void *state) {
  visco *v = state;
  if (!v) return;
  drop_prepared(v);
  free(v->tab_w);
  free(v->tab_tau);
  free(v);
}

/* Normalised copies of a Prony table into v (n = 0: none). */
static int store_table(visco *v, const double *w, const double *tau, size_t n, double sum,
                       vt_error *err) {
  double *nw = n ? malloc(n * sizeof *nw) : NULL, *nt = n ? malloc(n * sizeof *nt) : NULL;
  if (n && (!nw || !nt)) {
    free(nw);
    free(nt);
    return vt_fail(err, VT_ENOMEM, "out of memory for %zu Prony terms", n);
  }
  for (size_t k = 0; k < n; k++) nw[k] = w[k] / sum, nt[k] = tau[k];
  free(v->tab_w);
  free(v->tab_tau);
  v->tab_w = nw;
  v->tab_tau = nt;
  v->tab_n = n;
  return VT_OK;
}

static int visco_copy_config(void *dst, const void *src) {
  visco *d = dst;
  const visco *s = src;
  d->prony_tol = s->prony_tol;
  return store_table(d, s->tab_w, s->tab_tau, s->tab_n, 1.0, NULL);
}

static int visco_set_option(void *state, const char *key, const char *value, vt_error *err) {
  visco *v = state;
  if (strcmp(key, "prony_tol") != 0)
    return vt_fail(err, VT_ENOTFOUND, "model visco has no option '%s' (it knows prony_tol)", key);
  return vt_prony_tol_option(value, &v->prony_tol, err);
}

/* ---- Numerics ------------------------------------------------------------------------------ */

/* Append the KWW series of weight `scale` and time tau to the element list. */
static int add_kww(visco *v, double scale, double tau, double beta, vt_error *err) {
  vt_prony s;
  int rc = vt_prony_kww(beta, v->prony_tol, &s, err);
  if (rc) return rc;
  double *w = realloc(v->w, (v->K + s.n) * sizeof *w);
  if (w) v->w = w;
  double *t = w ? realloc(v->tau, (v->K + s.n) * sizeof *t) : NULL;
  if (t) v->tau = t;
  if (!w || !t) {
    vt_prony_free(&s);
    return vt_fail(err, VT_ENOMEM, "out of memory for the Prony series");
  }
  for (size_t k = 0; k < s.n; k++) {
    v->w[v->K + k] = scale * s.weight[k];
    v->tau[v->K + k] = tau * s.tau[k];
  }
  v->K += s.n;
  v->max_error += scale * s.max_error;
  vt_prony_free(&s);
  return VT_OK;
}

static int visco_prepare(void *state, const double *p, vt_error *err) {
  visco *v = state;
  drop_prepared(v);
  memcpy(v->p, p, sizeof v->p);
  if (v->p[P_GINF] > v->p[P_G0])
    return vt_fail(err, VT_EINVAL,
                   "G_inf = %g GPa exceeds G0 = %g GPa: the relaxed modulus "
                   "cannot be stiffer than the unrelaxed one",
                   v->p[P_GINF] / 1e9, v->p[P_G0] / 1e9);
  v->max_error = 0.0;
  int rc = VT_OK;
  if (v->tab_n) {
    v->w = malloc(v->tab_n * sizeof *v->w);
    v->tau = malloc(v->tab_n * sizeof *v->tau);
    if (!v->w || !v->tau) rc = vt_fail(err, VT_ENOMEM, "out of memory for the Prony table");
    for (size_t k = 0; !rc && k < v->tab_n; k++) v->w[k] = v->tab_w[k], v->tau[k] = v->tab_tau[k];
    if (!rc) v->K = v->tab_n;
  } else {
    double w2 = v->p[P_W2];
    if (w2 < 1.0) rc = add_kww(v, 1.0 - w2, v->p[P_TAU], v->p[P_BETA], err);
    if (!rc && w2 > 0.0) rc = add_kww(v, w2, v->p[P_TAU2], v->p[P_BETA2], err);
  }
  if (!rc && !(v->u = calloc(v->K, sizeof *v->u)))
    rc = vt_fail(err, VT_ENOMEM, "out of memory for %zu elements", v->K);
  if (rc) drop_prepared(v);
  return rc;
}

static void visco_describe(const void *state, char *buf, size_t size) {
  const visco *v = state;
  char vp[96] = "no viscoplastic flow";
  if (v->p[P_TVP] > 0)
    snprintf(vp, sizeof vp, "viscoplastic flow (sigma/%g MPa)^%g/%g s", v->p[P_SVP] / 1e6,
             v->p[P_NVP], v->p[P_TVP]);
  if (v->tab_n)
    snprintf(buf, size, "Prony table of %zu Maxwell elements; %s", v->K, vp);
  else
    snprintf(buf, size, "%s as %zu Maxwell elements (max |phi error| %.2g); %s",
             v->p[P_W2] > 0 ? "double KWW" : "KWW", v->K, v->max_error, vp);
}

/* 1/a_T, with ln a_T clamped so that neither a_T nor its inverse overflows. */
static double inverse_shift(const double *p, double T_K) {
  double ln_aT = p[P_EA] / R_GAS * (1.0 / T_K - 1.0 / p[P_TREF]);
  return exp(-fmax(-MAX_LN_SHIFT, fmin(MAX_LN_SHIFT, ln_aT)));
}

static double g_of(const visco *v, size_t k) {
  return (v->p[P_G0] - v->p[P_GINF]) * v->w[k];
}

/* ---- State and steps ----------------------------------------------------------------------- */

static int visco_equilibrate(void *state, const double *p, double T_K, vt_error *err) {
  (void)p;
  (void)err;
  visco *v = state;
  memset(v->u, 0, v->K * sizeof *v->u);
  v->T_K = T_K;
  v->inv_aT = inverse_shift(v->p, T_K);
  v->time = v->eps = v->eps_vp = 0.0;
  return VT_OK;
}

static double stress_of(const visco *v, double e_ve, const double *u) {
  double s = v->p[P_GINF] * e_ve;
  for (size_t k = 0; k < v->K; k++) s += g_of(v, k) * e_ve - u[k];
  return s;
}

/* The viscoplastic rate f(sigma) and its derivative. */
static double flow(const visco *v, double sigma, double *dflow) {
  double t = v->p[P_TVP] / v->inv_aT, n = v->p[P_NVP], r = fabs(sigma) / v->p[P_SVP];
  if (dflow) *dflow = n * pow(r, n - 1.0) / (v->p[P_SVP] * t);
  return copysign(pow(r, n) / t, sigma);
}

/* Over a step of dt with eps_ve linear from e0: the stress S_a it ends at when eps_ve stays e0,
 * and the slope D of the end stress in eps_ve1 (see the file comment). */
static void step_response(const visco *v, double dt, double e0, double *S_a, double *D) {
  double s = v->p[P_GINF] * e0, d = v->p[P_GINF];
  for (size_t k = 0; k < v->K; k++) {
    double g = g_of(v, k), z = dt * v->inv_aT / v->tau[k];
    s += g * e0 - vt_mode_update(v->u[k], z, g * e0, g * e0);
    d += g * vt_mode_update(1.0, z, 1.0, 0.0); /* (1 - E)/z, without cancellation */
  }
  *S_a = s;
  *D = d;
}

static void advance(visco *v, double dt, double e0, double e1) {
  for (size_t k = 0; k < v->K; k++) {
    double g = g_of(v, k), z = dt * v->inv_aT / v->tau[k];
    v->u[k] = vt_mode_update(v->u[k], z, g * e0, g * e1);
  }
  v->time += dt;
}

/* The implicit trapezoid increment d of eps_vp (file comment): F(d) = d - dt/2 (f0 + f(S(d)))
 * with S(d) = s_free - D d; F' >= 1, so the root is within |F(0)| of 0. */
static double solve_flow(const visco *v, double dt, double f0, double s_free, double D) {
  double F0 = -0.5 * dt * (f0 + flow(v, s_free, NULL));
  double lo = -fabs(F0), hi = fabs(F0), d = 0.0;
  for (int it = 0; it < NEWTON_ITERS && hi > lo; it++) {
    double df, F = d - 0.5 * dt * (f0 + flow(v, s_free - D * d, &df));
    if (F == 0.0) break;
    if (F > 0)
      hi = d;
    else
      lo = d;
    double next = d - F / (1.0 + 0.5 * dt * df * D);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi); /* Newton left the bracket */
    if (fabs(next - d) <= 1e-15 * fabs(d) + 1e-300) {
      d = next;
      break;
    }
    d = next;
  }
  return d;
}

static int visco_strain_step(void *state, const double *p, double dt, double strain_end,
                             vt_error *err) {
  (void)p;
  (void)err;
  visco *v = state;
  double e0 = v->eps - v->eps_vp, d = 0.0;
  if (v->p[P_TVP] > 0 && dt > 0) {
    double S_a, D, e_free = strain_end - v->eps_vp;
    step_response(v, dt, e0, &S_a, &D);
    double f0 = flow(v, stress_of(v, e0, v->u), NULL);
    d = solve_flow(v, dt, f0, S_a + D * (e_free - e0), D);
  }
  advance(v, dt, e0, strain_end - v->eps_vp - d);
  v->eps_vp += d;
  v->eps = strain_end;
  return VT_OK;
}

static int visco_stress_step(void *state, const double *p, double dt, double stress_end,
                             vt_error *err) {
  (void)p;
  visco *v = state;
  double e0 = v->eps - v->eps_vp, S_a, D, d = 0.0;
  step_response(v, dt, e0, &S_a, &D);
  if (!(D > 0))
    return vt_fail(err, VT_ENUMERIC,
                   "stress control: the model has no stiffness over a %g s step (G_inf = 0 and "
                   "every element relaxed): the strain is undetermined",
                   dt);
  if (v->p[P_TVP] > 0 && dt > 0)
    d = 0.5 * dt * (flow(v, stress_of(v, e0, v->u), NULL) + flow(v, stress_end, NULL));
  double e1 = e0 + (stress_end - S_a) / D;
  advance(v, dt, e0, e1);
  v->eps_vp += d;
  v->eps = e1 + v->eps_vp;
  return VT_OK;
}

static void visco_observe(const void *state, const double *p, vt_observables *out) {
  (void)p;
  const visco *v = state;
  out->strain = v->eps;
  out->strain_vp = v->eps_vp;
  out->stress_Pa = stress_of(v, v->eps - v->eps_vp, v->u);
}

const vt_model_class vt_visco_class = {
    VT_MODEL_CLASS_BASE(visco),
    .summary = "viscoelastic solid (KWW Maxwell elements) with a viscoplastic dashpot, driven by "
               "strain or stress (paper 001)",
    .strain_step = visco_strain_step,
    .stress_step = visco_stress_step,
};

/* ---- The vt_visco names --------------------------------------------------------------------- */

static visco *state_of(const vt_visco *v) {
  return vt_model_state_of((vt_model *)v, &vt_visco_class);
}

const vt_param_info *vt_visco_params(size_t *count) {
  if (count) *count = N_PARAMS;
  return visco_params;
}

double vt_visco_param_display(const vt_param_info *p, double v) {
  if (!p) return NAN;
  return vt_from_si(v, p->dim, p->unit);
}

vt_visco *vt_visco_create(vt_error *err) {
  return vt_model_create("visco", err);
}

void vt_visco_free(vt_visco *v) {
  vt_model_free(v);
}

vt_visco *vt_visco_clone(const vt_visco *v, vt_error *err) {
  return vt_model_clone(v, err);
}

int vt_visco_set(vt_visco *v, const char *name, double value, vt_error *err) {
  return vt_model_set(v, name, value, err);
}

int vt_visco_get(const vt_visco *v, const char *name, double *value, vt_error *err) {
  return vt_model_get(v, name, value, err);
}

int vt_visco_set_text(vt_visco *v, const char *assignment, vt_error *err) {
  return vt_model_set_text(v, assignment, err);
}

double vt_visco_prony_tol(const vt_visco *v) {
  const visco *s = state_of(v);
  return s ? s->prony_tol : NAN;
}

int vt_visco_set_prony_tol(vt_visco *v, double tol, vt_error *err) {
  if (!(tol >= VT_PRONY_TOL_MIN && tol <= VT_PRONY_TOL_MAX))
    return vt_fail(err, VT_ERANGE, "Prony tolerance %g must be in [1e-9, 1e-2]", tol);
  char text[32];
  snprintf(text, sizeof text, "%.17g", tol);
  return vt_model_set_option(v, "prony_tol", text, err);
}

int vt_visco_set_table(vt_visco *v, const double *w, const double *tau, size_t n, vt_error *err) {
  visco *s = state_of(v);
  if (!s || !w || !tau)
    return vt_fail(err, VT_EINVAL, "vt_visco_set_table: NULL (or not a visco) model or table");
  double sum = 0.0;
  for (size_t k = 0; k < n; k++) {
    if (!(isfinite(w[k]) && isfinite(tau[k]) && tau[k] > 0))
      return vt_fail(err, VT_EINVAL,
                     "Prony term %zu: weight %g, tau %g s: need a finite weight and tau > 0", k,
                     w[k], tau[k]);
    sum += w[k];
  }
  if (n && !(sum > 0))
    return vt_fail(err, VT_EINVAL, "Prony weights sum to %g: their sum must be positive", sum);
  int rc = store_table(s, w, tau, n, sum, err);
  if (!rc) vt_model_invalidate(v);
  return rc;
}

int vt_visco_numerics(vt_visco *v, char *buf, size_t size, vt_error *err) {
  return vt_model_numerics(v, buf, size, err);
}

double vt_visco_shift(const vt_visco *v, double T_K) {
  if (!state_of(v)) return NAN;
  return (isfinite(T_K) && T_K > 0) ? 1.0 / inverse_shift(vt_model_values(v), T_K) : NAN;
}

int vt_visco_modulus(vt_visco *v, double t_s, double T_K, double *G, vt_error *err) {
  visco *s = state_of(v);
  if (!s || !G) return vt_fail(err, VT_EINVAL, "vt_visco_modulus: NULL model or output");
  if (!(isfinite(t_s) && t_s >= 0 && isfinite(T_K) && T_K > 0))
    return vt_fail(err, VT_ERANGE, "G(t = %g s, T = %g K): need t >= 0 and T > 0", t_s, T_K);
  int rc = vt_model_prepare(v, err);
  if (rc) return rc;
  double x = t_s * inverse_shift(s->p, T_K), sum = s->p[P_GINF];
  for (size_t k = 0; k < s->K; k++) sum += g_of(s, k) * exp(-x / s->tau[k]);
  *G = sum;
  return VT_OK;
}

int vt_visco_reset(vt_visco *v, double T_K, vt_error *err) {
  return vt_model_equilibrate(v, T_K, err);
}

int vt_visco_strain_step(vt_visco *v, double dt, double strain_end, vt_error *err) {
  return vt_model_strain_step(v, dt, strain_end, err);
}

int vt_visco_stress_step(vt_visco *v, double dt, double stress_end, vt_error *err) {
  return vt_model_stress_step(v, dt, stress_end, err);
}

void vt_visco_observe(const vt_visco *v, vt_visco_state *out) {
  if (!v || !out) return;
  const visco *s = state_of(v);
  memset(out, 0, sizeof *out);
  if (!s || !vt_model_ready(v)) {
    out->time_s = out->T_K = out->strain = out->strain_vp = out->stress_Pa = NAN;
    return;
  }
  vt_observables o;
  vt_model_observe(v, &o);
  out->time_s = s->time;
  out->T_K = s->T_K;
  out->strain = o.strain;
  out->strain_vp = o.strain_vp;
  out->stress_Pa = o.stress_Pa;
}
