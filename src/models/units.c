/* A glass as independent exponential relaxation units (paper 004): unit i has weight g_i,
 * activation energy E_i and prefactor tau0_i,
 *   tau_i = tau0_i exp(x E_i/(R (T - T_vft)) + (1 - x) E_i/(R (Tf - T_vft)))
 * (x = 1, T_vft = 0: plain Arrhenius, each unit linear; x < 1 couples them through the mean
 * fictive temperature Tf = sum g_i Tf_i, the TNM nonlinearity carried over), and its own
 * fictive temperature relaxing exactly towards T: dTf_i/dt = -(Tf_i - T)/tau_i.
 * Enthalpy: dH = dCp sum g_i (Tf_i - T). The spectrum is three Gaussians in E, each with its
 * own tau0, for paper 004's gamma/beta', beta and alpha classes, or a table of units.
 * Defaults (Au-based glass of paper 004, Tg = 401 K): gamma/beta' 50 +- 6 kJ/mol and beta
 * 80 +- 6 kJ/mol with tau0 = 1e-13 s, alpha 350 +- 10 kJ/mol with tau(401 K) = 100 s; weights
 * 0.1, 0.3, 0.6. Chosen so the model reproduces Figs. 2-4 qualitatively: an anneal relaxes the
 * units that froze just above T_a on the quench and whose tau(T_a) < t_a, so their recovery
 * peak sits above T_a and moves up with t_a; the three populations keep the three steps of
 * Fig. 4 apart (one broad beta band of 25 kJ/mol lets the 253 K step swallow the 363 K peak).
 * The E grid must be finer than R T (a Debye peak is ~2.45 R T^2/E wide): 200 units per
 * component; 40 left visible bumps. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_impl.h"
#include "relax_step.h"

enum {
  P_DCP,
  P_X,
  P_TVFT,
  P_WG,
  P_EG,
  P_SG,
  P_T0G,
  P_WA,
  P_EB,
  P_SB,
  P_T0B,
  P_EA,
  P_SA,
  P_T0A,
  P_N,
  N_PARAMS
};

/* The three parameters of family F (text: its name in the descriptions): the mean activation
 * energy E (bounds 1 kJ/mol .. E_hi), its spread (0 .. sigma_hi) and the prefactor tau0. */
/* clang-format off */
#define FAMILY_PARAMS(F, text, E, E_hi, sigma, sigma_hi, tau0, tau0_note)                        \
  {"E_" #F, "E_" #F, "kJ/mol", VT_DIM_MOLAR_ENERGY,                                               \
   "mean activation energy of the " text " units", E, 1e3, E_hi, 1},                              \
  {"sigma_" #F, "sigma_" #F, "kJ/mol", VT_DIM_MOLAR_ENERGY,                                       \
   "standard deviation of E_" #F " (0: one unit)", sigma, 0.0, sigma_hi, 0},                      \
  {"tau0_" #F, "tau0_" #F, "s", VT_DIM_TIME, "prefactor of the " text " units" tau0_note, tau0,    \
   1e-300, 1e3, 1}
/* clang-format on */

static const vt_param_info units_params[N_PARAMS] = {
    {"dCp", "dCp", "J/(mol K)", VT_DIM_MOLAR_HEAT_CAPACITY,
     "heat-capacity step liquid minus glass: dH = dCp sum g_i (Tf_i - T)", 25.0, 0.0, 1e4, 0},
    {"x", "x", "", VT_DIM_NONE, "nonlinearity: share of T against the mean Tf in tau_i (1: linear)",
     1.0, 0.01, 1.0, 0},
    {"T_vft", "T_VFT", "K", VT_DIM_TEMPERATURE,
     "VFT temperature: tau_i = tau0_i exp(E_i/(R (T - T_vft))); 0 K = Arrhenius", 0.0, 0.0, 1e3, 0},
    {"w_gamma", "w_gamma", "", VT_DIM_NONE, "weight of the gamma/beta' units", 0.1, 0.0, 1.0, 0},
    FAMILY_PARAMS(gamma, "gamma/beta'", 50e3, 1e6, 6e3, 5e5, 1e-13, ""),
    {"w_alpha", "w_alpha", "", VT_DIM_NONE,
     "weight of the alpha units (the beta units: 1 - w_alpha - w_gamma)", 0.6, 0.0, 1.0, 0},
    FAMILY_PARAMS(beta, "beta", 80e3, 1e6, 6e3, 5e5, 1e-13, ""),
    FAMILY_PARAMS(alpha, "alpha", 350e3, 1e7, 10e3, 5e6, 2.567784053e-44,
                  " (default: tau = 100 s at Tg = 401 K)"),
    {"n_units", "n", "", VT_DIM_NONE,
     "units per Gaussian component over mean +- 4 sigma (spacing well below R T)", 200.0, 1.0,
     5000.0, 0},
};

#define MAX_ITERATIONS 100
#define TF_TOL_K       1e-9

/* Forward sensitivities of the state for fits (option "sensitivities"); see units_sens_step. */
#define UNITS_MAX_SENS (N_PARAMS - 2) /* every parameter but dCp and n_units */
typedef struct units_sens {
  int n, which[UNITS_MAX_SENS]; /* directions: parameter indices */
  size_t N;                     /* units the arrays were made for */
  double *S;                    /* dy_i/dp, n x N, direction-major */
  double *dlt0, *dER, *dg;      /* d ln tau0_i/dp, d (E_i/R)/dp, d g_i/dp, n x N */
  double *E, *cz, *dl, *bTf;    /* per unit of a step: exp(-dxi), dy1/d ln dxi, f'/f, dlntau/dTf */
  double dTf[UNITS_MAX_SENS];   /* dTf/dp now */
  double guess;                 /* the mean Tf the accepted pass of advance assumed */
  vt_sens_log log;              /* dTf/dp at every node since equilibrate */
  int depth;                    /* units_step's own jump records no node */
} units_sens;

typedef struct units {
  size_t n;
  double *w, *E_over_R, *ln_tau0;         /* the spectrum in use */
  int *comp;                              /* component of each unit (0-2), -1 for a table */
  double *u;                              /* its abscissa: E = mean + sigma u */
  double *y, *y_next;                     /* fictive temperature of each unit */
  double *table_E, *table_tau0, *table_w; /* a table set through vt_units_set_table */
  size_t table_n;
  double T, Tf, rate_Tf;
  units_sens sens;
} units;

static void *units_create(void) {
  return calloc(1, sizeof(units));
}

static void free_spectrum(units *s) {
  free(s->w);
  free(s->E_over_R);
  free(s->ln_tau0);
  free(s->y);
  free(s->y_next);
  free(s->comp);
  free(s->u);
  s->comp = NULL;
  s->w = s->E_over_R = s->ln_tau0 = s->y = s->y_next = s->u = NULL;
  s->n = 0;
}

static void units_destroy(void *state) {
  units *s = state;
  if (!s) return;
  free_spectrum(s);
  free(s->table_E);
  free(s->table_tau0);
  free(s->table_w);
  units_sens *q = &s->sens;
  double *a[] = {q->S, q->dlt0, q->dER, q->dg, q->E, q->cz, q->dl, q->bTf, q->log.rows};
  for (size_t k = 0; k < sizeof a / sizeof *a; k++) free(a[k]);
  free(s);
}

static int alloc_spectrum(units *s, size_t n) {
  free_spectrum(s);
  s->w = malloc(n * sizeof *s->w);
  s->E_over_R = malloc(n * sizeof *s->E_over_R);
  s->ln_tau0 = malloc(n * sizeof *s->ln_tau0);
  s->y = malloc(n * sizeof *s->y);
  s->y_next = malloc(n * sizeof *s->y_next);
  s->comp = malloc(n * sizeof *s->comp);
  s->u = malloc(n * sizeof *s->u);
  if (!s->w || !s->E_over_R || !s->ln_tau0 || !s->y || !s->y_next || !s->comp || !s->u)
    return VT_ENOMEM;
  return VT_OK;
}

static void add_unit(units *s, double weight, double E, double tau0, int comp, double u) {
  s->comp[s->n] = comp;
  s->u[s->n] = u;
  s->w[s->n] = weight;
  s->E_over_R[s->n] = E / VT_GAS_CONSTANT_J_PER_MOL_K;
  s->ln_tau0[s->n] = log(tau0);
  s->n++;
}

/* One Gaussian component: midpoint weights on mean +- 4 sigma, units with E <= 0 dropped. */
static void add_gaussian(units *s, int comp, double weight, double mean, double sigma, double tau0,
                         size_t n) {
  if (weight <= 0) return;
  if (sigma == 0 || n == 1) {
    add_unit(s, weight, mean, tau0, comp, 0.0);
    return;
  }
  size_t first = s->n;
  double sum = 0.0;
  for (size_t j = 0; j < n; j++) {
    double u = -4.0 + 8.0 * ((double)j + 0.5) / (double)n, E = mean + sigma * u;
    if (E <= 0) continue;
    add_unit(s, exp(-0.5 * u * u), E, tau0, comp, u);
    sum += s->w[s->n - 1];
  }
  for (size_t i = first; i < s->n; i++) s->w[i] *= weight / sum;
}

static int units_prepare(void *state, const double *p, vt_error *err) {
  units *s = state;
  if (p[P_N] != floor(p[P_N]))
    return vt_fail(err, VT_ERANGE, "n_units = %g must be a whole number", p[P_N]);
  size_t n = s->table_n ? s->table_n : 3 * (size_t)p[P_N];
  if (alloc_spectrum(s, n)) return vt_fail(err, VT_ENOMEM, "out of memory (units spectrum)");
  if (s->table_n) {
    for (size_t i = 0; i < s->table_n; i++)
      add_unit(s, s->table_w[i], s->table_E[i], s->table_tau0 ? s->table_tau0[i] : p[P_T0B], -1,
               0.0);
  } else {
    if (p[P_WA] + p[P_WG] > 1.0)
      return vt_fail(err, VT_ERANGE, "w_alpha + w_gamma = %g leaves the beta units no weight",
                     p[P_WA] + p[P_WG]);
    add_gaussian(s, 0, p[P_WG], p[P_EG], p[P_SG], p[P_T0G], (size_t)p[P_N]);
    add_gaussian(s, 1, 1.0 - p[P_WA] - p[P_WG], p[P_EB], p[P_SB], p[P_T0B], (size_t)p[P_N]);
    add_gaussian(s, 2, p[P_WA], p[P_EA], p[P_SA], p[P_T0A], (size_t)p[P_N]);
  }
  double sum = 0.0;
  for (size_t i = 0; i < s->n; i++) sum += s->w[i];
  if (s->n == 0 || !(fabs(sum) > 0) || !isfinite(sum))
    return vt_fail(err, VT_EINVAL, "the units spectrum has no weight (sum %g)", sum);
  for (size_t i = 0; i < s->n; i++) s->w[i] /= sum;
  return VT_OK;
}

/* ln tau_i at temperature T with mean fictive temperature Tf. Below T_vft tau is infinite. */
static double ln_tau(const units *s, const double *p, size_t i, double T, double Tf) {
  double x = p[P_X], Tv = p[P_TVFT];
  if (T <= Tv || Tf <= Tv) return 700.0;
  double inv = x / (T - Tv) + (x < 1.0 ? (1.0 - x) / (Tf - Tv) : 0.0);
  return s->ln_tau0[i] + s->E_over_R[i] * inv;
}

/* ---- Forward sensitivities ------------------------------------------------------------------
 *
 * Each unit relaxes exponentially, so its sensitivity S_i = dy_i/dp follows the exact update of
 * relax_step.h in closed form. Over a step, with z_i = dxi_i (the unit's reduced time),
 *   y1 = T1 + (y0 - T0) E - (T1 - T0) h(z),  E = e^-z,  h = (1 - E)/z,
 *   dy1/dp = E S0 + c_i z_i d ln z_i/dp,      c_i = dy1/dz = -(y0 - T0) E - (T1 - T0) h'(z),
 *   ln z_i = ln dt - a_i + ln f(b_i - a_i),    a_i, b_i = ln tau_i at the start and end,
 *   d ln z_i = -(1 + l_i) da_i + l_i db_i,      l_i = f'/f at b_i - a_i,
 *   da_i = A_i + aTf_i dTf0,  db_i = B_i + bTf_i dTf1  (A, B explicit partials of ln tau_i at
 *   (T0, Tf0) and (T1, Tf1), aTf, bTf = d ln tau_i/dTf there).
 * The mean Tf1 = sum g_i y1_i depends on dTf1 through every db_i (x < 1), so
 *   dTf1 = [sum g_i (E S0 + c z (-(1 + l) da + l B)) + sum dg_i y1_i] / (1 - sum g_i c z l bTf),
 * one division per direction, and then each S_i takes its c z l bTf dTf1. A jump (dt = 0) moves
 * no unit: S stays, dTf1 = sum g S + sum dg y. */

static int find_param(const char *name, size_t len) {
  for (int k = 0; k < N_PARAMS; k++)
    if (strlen(units_params[k].name) == len && !strncmp(units_params[k].name, name, len)) return k;
  return -1;
}

/* A comma-separated list of parameter names ("" for none); dCp (which scales H, not Tf) and
 * n_units (a count) have none. */
static int units_set_option(void *state, const char *key, const char *value, vt_error *err) {
  units *s = state;
  if (strcmp(key, "sensitivities"))
    return vt_fail(err, VT_ENOTFOUND, "the units model has no option '%s' (options: sensitivities)",
                   key);
  s->sens.n = 0;
  for (const char *p = value; *p;) {
    size_t len = strcspn(p, ",");
    int k = find_param(p, len);
    if (k < 0 || k == P_DCP || k == P_N || s->sens.n == UNITS_MAX_SENS)
      return s->sens.n = 0,
             vt_fail(
                 err, VT_EINVAL,
                 "sensitivities '%s': expected units-model parameters other than dCp and n_units",
                 value);
    s->sens.which[s->sens.n++] = k;
    p += len + (p[len] == ',');
  }
  return VT_OK;
}

static int sens_alloc(units_sens *q, size_t N) {
  if (q->N == N) return VT_OK;
  double **a[] = {&q->S, &q->dlt0, &q->dER, &q->dg, &q->E, &q->cz, &q->dl, &q->bTf};
  for (size_t k = 0; k < sizeof a / sizeof *a; k++) {
    free(*a[k]);
    *a[k] = malloc((k < 4 ? UNITS_MAX_SENS : 1) * N * sizeof **a[k] + 1);
    if (!*a[k]) return q->N = 0, VT_ENOMEM;
  }
  q->N = N;
  return VT_OK;
}

/* The per-run partials of unit i's ln tau0, E/R and weight g for direction parameter k. */
static void unit_partials(const units *s, const double *p, int k, size_t i, double *dlt0,
                          double *dER, double *dg) {
  static const int comp_of[N_PARAMS] = {
      [P_EG] = 0,  [P_SG] = 0, [P_T0G] = 0, [P_EB] = 1, [P_SB] = 1,
      [P_T0B] = 1, [P_EA] = 2, [P_SA] = 2,  [P_T0A] = 2};
  const double iR = 1.0 / VT_GAS_CONSTANT_J_PER_MOL_K;
  int c = s->comp[i], mine = c >= 0 && c == comp_of[k];
  *dlt0 = *dER = *dg = 0.0;
  if (k == P_EG || k == P_EB || k == P_EA) *dER = mine ? iR : 0.0;
  if (k == P_SG || k == P_SB || k == P_SA) *dER = mine ? s->u[i] * iR : 0.0;
  if (k == P_T0G || k == P_T0B || k == P_T0A)
    *dlt0 = mine || (c < 0 && k == P_T0B && !s->table_tau0) ? 1.0 / p[k] : 0.0;
  if ((k == P_WG || k == P_WA) && c >= 0) {
    /* g_i = W_c s_i / sum of the present W: W = (w_gamma, 1 - w_alpha - w_gamma, w_alpha) */
    double W[3] = {p[P_WG], 1.0 - p[P_WA] - p[P_WG], p[P_WA]};
    double dW[3] = {k == P_WG, -1.0, k == P_WA}, sum = 0.0, dsum = 0.0;
    for (int m = 0; m < 3; m++)
      if (W[m] > 0) sum += W[m], dsum += dW[m];
    *dg = s->w[i] * (dW[c] / W[c] - dsum / sum);
  }
}

static int sens_push_row(units_sens *q) {
  return vt_sens_log_push(&q->log, q->dTf, q->n, UNITS_MAX_SENS);
}

/* Equilibrium: every y_i = T whatever the parameters, and sum g = 1, so all derivatives are 0. */
static int sens_start(units *s, const double *p) {
  units_sens *q = &s->sens;
  size_t N = s->n;
  if (sens_alloc(q, N)) return VT_ENOMEM;
  for (int j = 0; j < q->n; j++) {
    for (size_t i = 0; i < N; i++)
      unit_partials(s, p, q->which[j], i, &q->dlt0[j * N + i], &q->dER[j * N + i],
                    &q->dg[j * N + i]);
    q->dTf[j] = 0.0;
  }
  memset(q->S, 0, (size_t)q->n * N * sizeof *q->S);
  q->log.n_rows = 0;
  return sens_push_row(q);
}

/* The part of ln tau_i = ln tau0_i + (E_i/R) inv(T, Tf) common to the units: inv, its partials
 * for x and T_vft (else 0) in dinv, and d inv/dTf; 0 where ln_tau is pinned at 700. */
static double inv_parts(const units_sens *q, const double *p, double T, double Tf, double *dinv,
                        double *dTf) {
  double x = p[P_X], Tv = p[P_TVFT];
  for (int j = 0; j < q->n; j++) dinv[j] = 0.0;
  *dTf = 0.0;
  if (T <= Tv || Tf <= Tv) return NAN;
  double a = 1.0 / (T - Tv), b = 1.0 / (Tf - Tv), lin = x < 1.0;
  for (int j = 0; j < q->n; j++)
    dinv[j] = q->which[j] == P_X      ? a - b
              : q->which[j] == P_TVFT ? x * a * a + lin * (1 - x) * b * b
                                      : 0.0;
  *dTf = -lin * (1.0 - x) * b * b;
  return x * a + lin * (1.0 - x) * b;
}

/* Per unit of a step: E, c z, l and bTf (see above); returns sum g c z l bTf. */
static double sens_terms(units *s, double dt, double T0, double T1, double inv0, double inv1,
                         double tf1) {
  units_sens *q = &s->sens;
  double D = 0.0;
  for (size_t i = 0; i < s->n; i++) {
    double a = isnan(inv0) ? 700.0 : s->ln_tau0[i] + s->E_over_R[i] * inv0;
    double b = isnan(inv1) ? 700.0 : s->ln_tau0[i] + s->E_over_R[i] * inv1, d = b - a;
    double z = dt > 0 ? vt_reduced_time(dt, a, b) : 0.0, E = z > 45.0 ? 0.0 : exp(-z);
    double hp =
        z < 1e-3 ? -0.5 + z * (1.0 / 3.0 - z * (0.125 - z / 30.0)) : (E - (1.0 - E) / z) / z;
    double c = -(s->y[i] - T0) * E - (T1 - T0) * hp;
    q->E[i] = E;
    q->cz[i] = z >= 1e199 ? 0.0 : c * z; /* capped: equilibrium, y1 = T1 whatever dxi */
    q->dl[i] = fabs(d) < 1e-4 ? -0.5 + d / 12.0 : 1.0 / expm1(d) - 1.0 / d;
    q->bTf[i] = s->E_over_R[i] * tf1;
    D += s->w[i] * q->cz[i] * q->dl[i] * q->bTf[i];
  }
  return D;
}

/* Carry the derivatives over the accepted step (before the swap: y holds y0, y_next y1). */
static void units_sens_step(units *s, const double *p, double dt, double T0, double T1) {
  units_sens *q = &s->sens;
  size_t N = s->n;
  double dinv0[UNITS_MAX_SENS], dinv1[UNITS_MAX_SENS], tf0, tf1;
  double inv0 = inv_parts(q, p, T0, s->Tf, dinv0, &tf0);
  double inv1 = inv_parts(q, p, T1, q->guess, dinv1, &tf1);
  double D = dt > 0 ? sens_terms(s, dt, T0, T1, inv0, inv1, tf1) : 0.0;
  for (int j = 0; j < q->n; j++) {
    double *S = &q->S[j * N], Q = 0.0;
    const double *dlt0 = &q->dlt0[j * N], *dER = &q->dER[j * N], *dg = &q->dg[j * N];
    for (size_t i = 0; i < N; i++) {
      if (dt > 0) {
        double ER = s->E_over_R[i], own = dlt0[i];
        double A = isnan(inv0) ? 0.0 : own + dER[i] * inv0 + ER * (dinv0[j] + tf0 * q->dTf[j]);
        double B = isnan(inv1) ? 0.0 : own + dER[i] * inv1 + ER * dinv1[j];
        S[i] = q->E[i] * S[i] + q->cz[i] * (-(1.0 + q->dl[i]) * A + q->dl[i] * B);
      }
      Q += s->w[i] * S[i] + dg[i] * s->y_next[i];
    }
    double dTf1 = Q / (1.0 - D);
    for (size_t i = 0; dt > 0 && D != 0.0 && i < N; i++)
      S[i] += q->cz[i] * q->dl[i] * q->bTf[i] * dTf1;
    q->dTf[j] = dTf1;
  }
  q->log.steps++;
}

const double *vt_units_sensitivities(vt_model *m, size_t *n_rows, size_t *n_dir,
                                     unsigned long *steps) {
  units *s = m ? vt_model_state_of(m, &vt_units_class) : NULL;
  return s ? vt_sens_log_rows(&s->sens.log, s->sens.n, n_rows, n_dir, steps) : NULL;
}

static int units_equilibrate(void *state, const double *p, double T, vt_error *err) {
  units *s = state;
  for (size_t i = 0; i < s->n; i++) s->y[i] = T;
  s->T = s->Tf = T;
  s->rate_Tf = 0.0;
  return s->sens.n && sens_start(s, p) ? vt_fail(err, VT_ENOMEM, "out of memory") : VT_OK;
}

/* Advance every unit with the mean Tf at the step end guessed as Tf1; returns the new mean. */
static double advance(units *s, const double *p, double dt, double T0, double T1, double Tf1) {
  double Tf = 0.0;
  for (size_t i = 0; i < s->n; i++) {
    double dxi =
        dt > 0 ? vt_reduced_time(dt, ln_tau(s, p, i, T0, s->Tf), ln_tau(s, p, i, T1, Tf1)) : 0.0;
    s->y_next[i] = vt_mode_update(s->y[i], dxi, T0, T1);
    Tf += s->w[i] * s->y_next[i];
  }
  return Tf;
}

static int units_step(void *state, const double *p, double dt, double T0, double T1,
                      vt_error *err) {
  units *s = state;
  if (T0 != s->T) {
    s->sens.depth++;
    int rc = units_step(state, p, 0.0, s->T, T0, err);
    s->sens.depth--;
    if (rc) return rc;
  }
  double guess = s->Tf + s->rate_Tf * dt, Tf = advance(s, p, dt, T0, T1, guess);
  int it = 0;
  /* Linear units (x = 1) do not depend on the guess: one pass is exact. */
  while (p[P_X] < 1.0 && dt > 0 && fabs(Tf - guess) > TF_TOL_K && ++it < MAX_ITERATIONS) {
    guess = Tf;
    Tf = advance(s, p, dt, T0, T1, guess);
  }
  if (it == MAX_ITERATIONS || !isfinite(Tf))
    return vt_fail(err, VT_ENOCONV,
                   "units step (dt = %g s, T %g -> %g K) did not converge: refine the grid", dt, T0,
                   T1);
  s->sens.guess = guess;
  if (s->sens.n) units_sens_step(s, p, dt, T0, T1);
  double *t = s->y;
  s->y = s->y_next;
  s->y_next = t;
  s->rate_Tf = dt > 0 ? (Tf - s->Tf) / dt : 0.0;
  s->T = T1;
  s->Tf = Tf;
  if (s->sens.n && !s->sens.depth && sens_push_row(&s->sens))
    return vt_fail(err, VT_ENOMEM, "out of memory");
  return VT_OK;
}

static void units_observe(const void *state, const double *p, vt_observables *out) {
  const units *s = state;
  out->Tf_K = s->Tf;
  out->dH_J_per_mol = p[P_DCP] * (s->Tf - s->T);
  out->H_conf_J_per_mol = p[P_DCP] * s->Tf;
}

static double *copy_array(const double *a, size_t n);

static int units_copy_config(void *dst, const void *src) {
  units *d = dst;
  const units *s = src;
  if (!s->table_n) return VT_OK;
  d->table_E = copy_array(s->table_E, s->table_n);
  d->table_w = copy_array(s->table_w, s->table_n);
  d->table_tau0 = s->table_tau0 ? copy_array(s->table_tau0, s->table_n) : NULL;
  if (!d->table_E || !d->table_w || (s->table_tau0 && !d->table_tau0)) return VT_ENOMEM;
  d->table_n = s->table_n;
  return VT_OK;
}

static void units_describe(const void *state, char *buf, size_t size) {
  const units *s = state;
  snprintf(buf, size, "%zu units (%s), exact exponential step per unit", s->n,
           s->table_n ? "table" : "gamma/beta' + beta + alpha Gaussians");
}

const vt_model_class vt_units_class = {
    VT_MODEL_CLASS_BASE(units),
    .summary = "independent exponential (Debye) relaxation units with an activation-energy "
               "spectrum (paper 004)",
    .step = units_step,
};

static double *copy_array(const double *a, size_t n) {
  double *c = a ? malloc(n * sizeof *c) : NULL;
  if (c) memcpy(c, a, n * sizeof *c);
  return c;
}

int vt_units_set_table(vt_model *model, const double *E, const double *tau0, const double *w,
                       size_t n, vt_error *err) {
  units *s = vt_model_state_of(model, &vt_units_class);
  if (!s) return vt_fail(err, VT_EINVAL, "a spectrum table needs the 'units' model");
  if (!E || !w || n == 0) return vt_fail(err, VT_EINVAL, "empty spectrum table");
  for (size_t i = 0; i < n; i++)
    if (!(E[i] > 0) || !isfinite(E[i]) || !isfinite(w[i]) || (tau0 && !(tau0[i] > 0)))
      return vt_fail(err, VT_ERANGE,
                     "spectrum unit %zu: E = %g J/mol and tau0 must be finite and > 0, weight "
                     "finite",
                     i, E[i]);
  double *e = copy_array(E, n), *t = tau0 ? copy_array(tau0, n) : NULL, *g = copy_array(w, n);
  if (!e || !g || (tau0 && !t)) {
    free(e);
    free(t);
    free(g);
    return vt_fail(err, VT_ENOMEM, "out of memory (spectrum table)");
  }
  free(s->table_E);
  free(s->table_tau0);
  free(s->table_w);
  s->table_E = e;
  s->table_tau0 = t;
  s->table_w = g;
  s->table_n = n;
  vt_model_invalidate(model);
  return VT_OK;
}
