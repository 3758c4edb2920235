/* Tool-Narayanaswamy-Moynihan model with a KWW response (paper 000, Eqs. 1-3).
 *
 *   ln tau = ln A + x dh/(R T) + (1 - x) dh/(R Tf)                       (Eq. 3, log form)
 *   xi(t)  = int_0^t dt'/tau(t')                                          (reduced time)
 *   Tf(t)  = T(t) - int (dT/dxi') M(xi(t) - xi') dxi',  M(xi) = exp(-xi^beta)
 *
 * Eqs. 1-2 of the paper are this superposition for one and two instantaneous jumps.
 * Within a grid step T is linear in time and, for the convolution, linear in reduced time; both
 * routes below make the same assumption, so they differ only by the Prony error of M:
 *  - prony: M = sum w_k exp(-xi/tau_k); each partial fictive temperature obeys
 *    dy_k/dxi = -(y_k - T)/tau_k and is advanced exactly over the step; O(N K).
 *  - exact: the history sum over all earlier temperature steps with M itself (incomplete gamma
 *    for the step integral); O(N^2), kept to validate the Prony route.
 * tau depends on Tf at the end of the step, so each step solves Tf = F(Tf_end) with ln tau
 * linear in time across the step, starting from the parabola through the last three Tf values. The
 * Prony route knows F' = dF/dTf_end in closed form (the kernel returns dTf/ddxi), which buys two
 * things: Newton's update instead of plain substitution, and a first-order error estimate |F' (F(g)
 * - g) / (1 - F')| of the value F(g) just computed, so a step whose estimate is already below
 * TF_ACCEPT_K stops after one evaluation (the exact route keeps the plain iteration to |F(g) - g|
 * <= TF_TOL_K). On a fine grid 99 steps in 100 need one evaluation (1.014 per step on the
 * paper-000 scan at 20 000 steps); what an evaluation costs besides the kernel (prony_kernel.c) is
 * kept off the chain each step waits on: the reduced time without logs (step_reduced_time), exp(-ln
 * tau) carried from step to step (next_inv_tau), the predictor as two operations on the last Tf,
 * and relaxed terms not stepped one by one (prony_advance). */
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_impl.h"
#include "prony_kernel.h"
#include "relax_step.h"

enum { P_A, P_DH, P_X, P_BETA, P_DCP, N_PARAMS };

static const vt_param_info tnm_params[N_PARAMS] = {
    {"A", "A", "s", VT_DIM_TIME, "pre-exponential factor of tau (Eq. 3; used as ln A)", 6e-22,
     1e-100, 1e3, 1},
    {"dh", "dh*", "kJ/mol", VT_DIM_MOLAR_ENERGY, "activation enthalpy H* of tau (Eq. 3)", 164e3,
     1e3, 2e6, 1},
    {"x", "x", "", VT_DIM_NONE, "nonlinearity: weight of T against Tf in tau (0 < x <= 1)", 0.6,
     1e-3, 1.0, 0},
    {"beta", "beta", "", VT_DIM_NONE, "KWW stretching exponent of the response (0 < beta <= 1)",
     0.43, 0.1, 1.0, 0},
    {"dCp", "dCp", "J/(mol K)", VT_DIM_MOLAR_HEAT_CAPACITY,
     "heat-capacity step liquid minus glass: dH = dCp (Tf - T)", 25.0, 0.0, 1e4, 0},
};

enum route { ROUTE_PRONY, ROUTE_EXACT };

#define MAX_ITERATIONS 100
#define TF_TOL_K       1e-9
/* Accept F(g) when its estimated distance to the fixed point is below this: 1000x tighter than
 * the self-consistency tolerance, whose own error is |F'/(1 - F')| TF_TOL_K. */
#define TF_ACCEPT_K 1e-12
/* History steps whose response has decayed below M = exp(-40) ~ 4e-18 are folded into the base
 * temperature: dropping them changes Tf by less than 4e-18 |dT|. */
#define PRUNE_XI_BETA 40.0

typedef struct hist {
  double dT;
  double dxi;
  long double xi_end;
} hist;

/* Forward sensitivities dTf/dp of the state for some of A, dh, x, beta (Prony route), for fits:
 * each Prony term's partial fictive temperature carries its derivative along the recursion. */
#define MAX_SENS 4
typedef struct tnm_sens {
  int n, which[MAX_SENS]; /* directions: P_A .. P_BETA */
  double *S;              /* dy_k/dp, n x Kp, direction-major (updated in place) */
  double *w8;             /* the weights, zero-padded to Kp (the next multiple of 8) */
  double *dw;             /* dw_k/dbeta, K (when beta is a direction) */
  double *dw_sum;         /* prefix sums sum_{j<k} dw_j, then sum_{j<k} dw_j tau_j: 2 (K + 1) */
  /* Relaxed terms' derivatives are not stored: S of terms [0, lazy_n) is sig tau_k (see
   * sens_step), from the step that relaxed them last. */
  size_t lazy_n;
  double sig[MAX_SENS];
  int beta_dir;   /* its direction, or -1 */
  double inv_A;   /* 1/A, set at equilibrate */
  double last_dl; /* d ln dxi / d ln tau_end of the step's last evaluation */
  double dw_beta; /* the beta dw was computed for (NaN: the series changed since) */
  double *E, *c;  /* per term of the last evaluation (the kernel's): exp(-z), dy1/ddxi */
  double C;       /* sum_k w_k dy1_k/ddxi over the terms the kernel ran on */
  double dTf[MAX_SENS], dlntau[MAX_SENS];
  vt_sens_log log; /* dTf/dp at every node since equilibrate */
  size_t K;        /* terms the arrays were made for */
  /* K rounded up to 8: S's stride, and the length of w8, E, c and S's rows, whose padding stays
   * 0 (w8, E and c are 0 there, so the update keeps S there 0), so the sums over the terms run
   * in whole blocks of 8 without a tail and gain exact zeros */
  size_t Kp;
  int depth; /* tnm_step's own jump records no node */
} tnm_sens;

typedef struct tnm {
  int route;
  int keep_grid;    /* refit Prony weights on the same tau grid when beta changes (fits) */
  int step_relaxed; /* option relaxed_terms=stepped: every term through the kernel (for tests) */
  double prony_tol;
  vt_prony prony;
  vt_prony_basis basis;   /* the grid's factored refit problem, for fits that move beta */
  double *y, *y_next;     /* partial fictive temperatures (prony) */
  double *inv_tau;        /* 1/tau_k of the Prony series, for the hot loop */
  double *w_sum, *wt_sum; /* prefix sums: sum_{j<k} w_j and sum_{j<k} w_j tau_j, k = 0 .. K */
  /* Relaxed terms are not stored: y[0 .. lazy_n) is lazy_T1 - lazy_d tau_k lazy_inv_dxi (as the
   * kernel would have written it, vt_prony_relaxed), from the step that relaxed them last;
   * eval_* hold the same for the last evaluation, which commit adopts. */
  size_t lazy_n, eval_n;
  double lazy_T1, lazy_d, lazy_inv_dxi, eval_T1, eval_d, eval_inv_dxi;
  double T, Tf, ln_tau;
  /* 1/tau at the start of the next step, exp(-ln_tau), carried from step to step by the factor
   * each step found (see next_inv_tau); inv_tau_age counts the steps since it was exact */
  double inv_tau_now;
  int inv_tau_age;
  /* predictor: Tf before the last step, 1/dt of it (0 after a jump or equilibrate), 1/(sum of
   * the last two dt) (0 unless both were steps), the last step's dt, and the previous step's
   * first divided difference of Tf */
  double pred_Tf0, pred_inv_dt, pred_inv_span, last_dt, pred_rate0;
  unsigned long n_steps, n_evals; /* fixed-point work since the last equilibrate */
  double lnA[2], lndt[2];         /* caches: (A, ln A) and (dt, ln dt) */
  /* exact route */
  hist *h;
  size_t h_first, h_n, h_cap;
  long double xi_now;
  double T_base;
  tnm_sens sens;
} tnm;

double vt_tnm_ln_tau(double lnA_s, double dh, double x, double T_K, double Tf_K) {
  const double R = VT_GAS_CONSTANT_J_PER_MOL_K;
  return lnA_s + x * dh / (R * T_K) + (1.0 - x) * dh / (R * Tf_K);
}

/* ln A is cached: a log per call was a fifth of a step's scalar work. */
static double ln_tau_c(double *lnA_cache, const double *p, double T, double Tf) {
  if (lnA_cache[0] != p[P_A]) {
    lnA_cache[0] = p[P_A];
    lnA_cache[1] = log(p[P_A]);
  }
  return vt_tnm_ln_tau(lnA_cache[1], p[P_DH], p[P_X], T, Tf);
}

static void *tnm_create(void) {
  tnm *s = vt_calloc_lines(1, sizeof *s);
  if (s) s->prony_tol = 1e-5;
  return s;
}

static void tnm_destroy(void *state) {
  tnm *s = state;
  if (!s) return;
  vt_prony_free(&s->prony);
  vt_prony_basis_free(&s->basis);
  free(s->sens.S);
  free(s->sens.w8);
  free(s->sens.dw);
  free(s->sens.dw_sum);
  free(s->sens.E);
  free(s->sens.c);
  free(s->sens.log.rows);
  free(s->y);
  free(s->y_next);
  free(s->inv_tau);
  free(s->w_sum);
  free(s->wt_sum);
  free(s->h);
  free(s);
}

/* "A,dh,x,beta" (any subset, in any order) or "" for none. */
static int sens_option(tnm *s, const char *value, vt_error *err) {
  static const char *const names[] = {"A", "dh", "x", "beta"};
  s->sens.n = 0;
  for (const char *p = value; *p;) {
    size_t len = strcspn(p, ","), k = 0;
    while (k < 4 && !(strlen(names[k]) == len && !strncmp(p, names[k], len))) k++;
    if (k == 4 || s->sens.n == MAX_SENS)
      return s->sens.n = 0, vt_fail(err, VT_EINVAL,
                                    "sensitivities '%s': expected a list of A, dh, x, beta", value);
    s->sens.which[s->sens.n++] = (int)k;
    p += len + (p[len] == ',');
  }
  if (s->sens.n && s->route != ROUTE_PRONY)
    return s->sens.n = 0, vt_fail(err, VT_EINVAL, "TNM sensitivities need the prony route");
  return VT_OK;
}

/* An option of two words: *out 0 for the first, 1 for the second (`what` names it in the
 * message); *out is unchanged after an error. */
static int two_words(const char *what, const char *value, const char *w0, const char *w1, int *out,
                     vt_error *err) {
  if (strcmp(value, w0) != 0 && strcmp(value, w1) != 0)
    return vt_fail(err, VT_EINVAL, "%s '%s': expected '%s' or '%s'", what, value, w0, w1);
  *out = strcmp(value, w1) == 0;
  return VT_OK;
}

static int tnm_set_option(void *state, const char *key, const char *value, vt_error *err) {
  tnm *s = state;
  if (strcmp(key, "route") == 0) /* ROUTE_PRONY, ROUTE_EXACT */
    return two_words("TNM route", value, "prony", "exact", &s->route, err);
  if (strcmp(key, "prony_grid") == 0)
    return two_words("prony_grid", value, "adaptive", "fixed", &s->keep_grid, err);
  if (strcmp(key, "prony_tol") == 0) {
    int rc = vt_prony_tol_option(value, &s->prony_tol, err);
    if (!rc) vt_prony_free(&s->prony);
    return rc;
  }
  if (strcmp(key, "sensitivities") == 0) return sens_option(s, value, err);
  if (strcmp(key, "relaxed_terms") == 0) /* the lazy shortcut against every term stepped */
    return two_words("relaxed_terms", value, "lazy", "stepped", &s->step_relaxed, err);
  return vt_fail(err, VT_ENOTFOUND,
                 "TNM has no option '%s' (options: route, prony_tol, prony_grid, sensitivities, "
                 "relaxed_terms)",
                 key);
}

/* 1/tau for the kernel, which also needs tau ascending (as vt_prony_kww makes it). */
static int fill_inv_tau(tnm *s) {
  free(s->inv_tau);
  s->inv_tau = vt_calloc_lines(s->prony.n, sizeof *s->inv_tau);
  if (!s->inv_tau) return VT_ENOMEM;
  for (size_t k = 0; k < s->prony.n; k++) {
    if (k && !(s->prony.tau[k] > s->prony.tau[k - 1])) return VT_EINVAL;
    s->inv_tau[k] = 1.0 / s->prony.tau[k];
  }
  return VT_OK;
}

/* The prefix sums of the weights, after every change of them; the terms all stored again. */
static int fill_sums(tnm *s) {
  size_t K = s->prony.n;
  free(s->w_sum);
  free(s->wt_sum);
  s->w_sum = vt_calloc_lines((K + 1), sizeof *s->w_sum);
  s->wt_sum = vt_calloc_lines((K + 1), sizeof *s->wt_sum);
  if (!s->w_sum || !s->wt_sum) return VT_ENOMEM;
  s->w_sum[0] = s->wt_sum[0] = 0.0;
  for (size_t k = 0; k < K; k++) {
    s->w_sum[k + 1] = s->w_sum[k] + s->prony.weight[k];
    s->wt_sum[k + 1] = s->wt_sum[k] + s->prony.weight[k] * s->prony.tau[k];
  }
  s->lazy_n = s->eval_n = 0;
  return VT_OK;
}

static int tnm_prepare(void *state, const double *p, vt_error *err) {
  tnm *s = state;
  if (s->route != ROUTE_PRONY) return VT_OK;
  if (s->prony.n && s->prony.beta == p[P_BETA]) return VT_OK;
  s->sens.dw_beta = NAN; /* the series changes */
  /* A fit varies beta by finite differences: a new adaptive grid can change the term count and
   * make Tf jump by ~tol |dT|, so keep the grid and refit the weights, which move smoothly. */
  if (s->keep_grid && s->prony.n > 1 && p[P_BETA] < 1.0 &&
      vt_prony_refit_cached(&s->prony, p[P_BETA], s->prony_tol, &s->basis) == VT_OK)
    return fill_sums(s) ? vt_fail(err, VT_ENOMEM, "out of memory (TNM state)") : VT_OK;
  vt_prony_free(&s->prony);
  int rc =
      vt_prony_kww_basis(p[P_BETA], s->prony_tol, &s->prony, s->keep_grid ? &s->basis : NULL, err);
  if (rc) return rc;
  free(s->y);
  free(s->y_next);
  s->y = vt_calloc_lines(s->prony.n, sizeof *s->y);
  s->y_next = vt_calloc_lines(s->prony.n, sizeof *s->y_next);
  if (!s->y || !s->y_next) return vt_fail(err, VT_ENOMEM, "out of memory (TNM state)");
  rc = fill_inv_tau(s);
  if (!rc) rc = fill_sums(s);
  if (rc)
    return vt_fail(err, rc,
                   rc == VT_ENOMEM ? "out of memory (TNM state)"
                                   : "Prony series with tau not ascending");
  return VT_OK;
}

/* ---- Forward sensitivities ------------------------------------------------------------------ */

static double reduced_time(double ln_dt, double a, double b, double *dlndxi_db);

/* Explicit partials of ln tau (Eq. 3) at (T, Tf) for the directions, and d ln tau/dTf. */
static double lntau_partials(const tnm_sens *q, const double *p, double T, double Tf, double *d) {
  const double iR = 1.0 / VT_GAS_CONSTANT_J_PER_MOL_K, x = p[P_X], h = p[P_DH];
  const double iT = 1.0 / T, iTf = 1.0 / Tf; /* two divisions per step, not six */
  for (int j = 0; j < q->n; j++)
    d[j] = q->which[j] == P_A    ? q->inv_A
           : q->which[j] == P_DH ? (x * iT + (1.0 - x) * iTf) * iR
           : q->which[j] == P_X  ? h * iR * (iT - iTf)
                                 : 0.0;
  return -(1.0 - x) * h * iR * iTf * iTf;
}

static int sens_push_row(tnm_sens *q) {
  return vt_sens_log_push(&q->log, q->dTf, q->n, MAX_SENS);
}

/* Equilibrium: Tf = T whatever the parameters, so every derivative starts at 0. */
static int sens_start(tnm *s, const double *p, double T) {
  tnm_sens *q = &s->sens;
  size_t K = s->prony.n;
  if (q->K != K) {
    size_t Kp = (K + 7) / 8 * 8;
    double **a[] = {&q->S, &q->w8, &q->E, &q->c, &q->dw, &q->dw_sum};
    const size_t len[] = {Kp * MAX_SENS, Kp, Kp, Kp, K, 2 * (K + 1)};
    q->K = q->Kp = 0;
    for (int k = 0; k < 6; k++) {
      free(*a[k]);
      if (!(*a[k] = vt_calloc_lines(len[k] + 1, sizeof **a[k]))) return VT_ENOMEM; /* (+1: K = 0) */
    }
    q->dw_beta = NAN;
    q->K = K;
    q->Kp = Kp;
  }
  memcpy(q->w8, s->prony.weight, K * sizeof *q->w8); /* the weights may have been refitted */
  /* S = 0 for every term, as sig tau_k with sig = 0: written when a step needs it */
  q->lazy_n = K;
  q->beta_dir = -1;
  for (int j = 0; j < q->n; j++)
    if (q->which[j] == P_BETA && K > 1) q->beta_dir = j;
  if (q->beta_dir >= 0 && q->dw_beta != p[P_BETA]) { /* once per series, not per run */
    int rc = vt_prony_weight_derivative(&s->prony, p[P_BETA], &s->basis, q->dw);
    if (rc) return rc;
    q->dw_beta = p[P_BETA];
    double *a = q->dw_sum, *b = q->dw_sum + K + 1;
    a[0] = b[0] = 0.0;
    for (size_t k = 0; k < K; k++) {
      a[k + 1] = a[k] + q->dw[k];
      b[k + 1] = b[k] + q->dw[k] * s->prony.tau[k];
    }
  }
  for (int j = 0; j < q->n; j++) q->dTf[j] = q->sig[j] = 0.0;
  q->inv_A = 1.0 / p[P_A];
  lntau_partials(q, p, T, T, q->dlntau);
  q->log.n_rows = 0;
  return sens_push_row(q);
}

/* sum_k a_k b_k over 8 partial sums: a single running sum is a dependency chain the compiler
 * may not reorder, so it would not vectorise the loop at all (4x slower than the kernel). */
static inline __attribute__((always_inline)) double dot8(size_t K, const double *restrict a,
                                                         const double *restrict b) {
  double acc[8] = {0};
  size_t k = 0;
  for (; k + 8 <= K; k += 8)
    for (size_t j = 0; j < 8; j++) acc[j] += a[k + j] * b[k + j];
  for (size_t j = 0; k < K; k++, j++) acc[j] += a[k] * b[k];
  return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

/* The derivatives' two passes over the terms, each for every direction in one call (their chains
 * interleave), S direction-major with stride Kp: P_j = sum_k (w_k E_k) S_jk (sens_psum), then
 * S_jk <- E_k S_jk + c_k ddxi_j (sens_update), with E and c from the kernel
 * (vt_prony_kernel_sens); sens_sum is the beta direction's sum dw_k y1_k.
 * psum_n: K a multiple of 8 (the arrays are padded with zeros, tnm_sens.Kp) and n a constant
 * where it is inlined (sens_psum_body), the 8 partial sums of each direction one vector (of 8
 * doubles, whatever the ISA's width: arithmetic only). Written with arrays, a variable n and a
 * tail loop, gcc kept the sums in memory, a store-to-load chain per block. */
typedef double sens_v8 __attribute__((vector_size(8 * sizeof(double))));

static inline __attribute__((always_inline)) void
psum_n(size_t K, size_t n, size_t stride, const double *restrict w, const double *restrict E,
       const double *restrict S, double *restrict P) {
  sens_v8 acc[MAX_SENS], wv, ev, sv;
  for (size_t j = 0; j < n; j++) acc[j] = (sens_v8){0};
  for (size_t k = 0; k < K; k += 8) {
    memcpy(&wv, w + k, sizeof wv);
    memcpy(&ev, E + k, sizeof ev);
    wv *= ev;
    for (size_t j = 0; j < n; j++) {
      memcpy(&sv, S + j * stride + k, sizeof sv);
      acc[j] += wv * sv;
    }
  }
  for (size_t j = 0; j < n; j++) {
    const sens_v8 a = acc[j];
    P[j] = ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]));
  }
}

static inline __attribute__((always_inline)) double
sens_psum_body(size_t K, size_t n, size_t stride, const double *restrict w,
               const double *restrict E, const double *restrict S, double *restrict P) {
  switch (n) {
  case 1:
    psum_n(K, 1, stride, w, E, S, P);
    break;
  case 2:
    psum_n(K, 2, stride, w, E, S, P);
    break;
  case 3:
    psum_n(K, 3, stride, w, E, S, P);
    break;
  default:
    psum_n(K, MAX_SENS, stride, w, E, S, P);
    break;
  }
  return 0.0; /* one signature for SENS_VERSIONS */
}

static inline __attribute__((always_inline)) double
sens_sum_body(size_t K, const double *restrict a, const double *restrict b) {
  return dot8(K, a, b);
}

static inline __attribute__((always_inline)) double
sens_update_body(size_t K, size_t n, size_t stride, const double *restrict E,
                 const double *restrict c, const double *restrict ddxi, double *restrict S) {
  for (size_t j = 0; j < n; j++)
    for (size_t k = 0; k < K; k++) S[j * stride + k] = E[k] * S[j * stride + k] + c[k] * ddxi[j];
  return 0.0;
}

#define PSUM_ARGS                                                                                  \
  size_t K, size_t n, size_t stride, const double *restrict w, const double *restrict E,           \
      const double *restrict S, double *restrict P
#define PSUM_CALL K, n, stride, w, E, S, P
#define SUM_ARGS  size_t K, const double *restrict a, const double *restrict b
#define SUM_CALL  K, a, b
#define UPD_ARGS                                                                                   \
  size_t K, size_t n, size_t stride, const double *restrict E, const double *restrict c,           \
      const double *restrict ddxi, double *restrict S
#define UPD_CALL K, n, stride, E, c, ddxi, S

/* One copy per vector width, picked at run time as prony_kernel.c does (the sensitivities
 * would otherwise run at SSE2 width beside an AVX-512 kernel: 3 plain runs' cost each). */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(VT_NO_MULTIVERSION)
#define SENS_VERSIONS(name, ret, ARGS, CALL)                                                       \
  __attribute__((target("avx512f"))) static ret name##_avx512f(ARGS) {                             \
    return name##_body(CALL);                                                                      \
  }                                                                                                \
  __attribute__((target("avx2,fma"))) static ret name##_avx2(ARGS) {                               \
    return name##_body(CALL);                                                                      \
  }                                                                                                \
  static ret name(ARGS) {                                                                          \
    if (__builtin_cpu_supports("avx512f")) return name##_avx512f(CALL);                            \
    if (__builtin_cpu_supports("avx2")) return name##_avx2(CALL);                                  \
    return name##_body(CALL);                                                                      \
  }
#else
#define SENS_VERSIONS(name, ret, ARGS, CALL)                                                       \
  static ret name(ARGS) {                                                                          \
    return name##_body(CALL);                                                                      \
  }
#endif
SENS_VERSIONS(sens_psum, double, PSUM_ARGS, PSUM_CALL)
SENS_VERSIONS(sens_sum, double, SUM_ARGS, SUM_CALL)
SENS_VERSIONS(sens_update, double, UPD_ARGS, UPD_CALL)

/* Carry the derivatives over a converged step (before commit: y holds y0, y_next y1).
 * ln dxi = ln dt - a + ln f(b - a), so ddxi = dxi (-(1 + dl) da + dl db) with db depending on
 * dTf1 itself, dTf1 = sum w (E S + c ddxi) + sum dw y1: solved for dTf1 (one linear equation).
 *
 * The leading kb terms that the step's evaluation found relaxed (prony_advance: exp(-z_k) <
 * 2e-22 for every term of their blocks, dropped as the kernel drops it) have closed forms. With
 * E_k = 0 the recursion y1 = T1 + (y0 - T0) E - d h(z), h = (1 - E)/z, d = T1 - T0, gives
 *   y1_k = T1 - d tau_k/dxi,   c_k = dy1_k/ddxi = d tau_k/dxi^2   (h' = -1/z^2),
 *   S_k <- E_k S_k + c_k ddxi = tau_k sig,  sig = d ddxi/dxi^2   (one number per direction),
 * so their shares of the step's sums come from prefix sums over k < kb:
 *   sum w c = (d/dxi^2) sum w tau,  sum w E S = 0,  sum dw y1 = T1 sum dw - (d/dxi) sum dw tau,
 * and their S is written (tau_k sig) only when a later step finds them no longer relaxed. */
static void sens_step(tnm *s, const double *p, double dt, double T0, double T1, double Tf1,
                      double dxi) {
  tnm_sens *q = &s->sens;
  const vt_prony *pr = &s->prony;
  size_t K = pr->n, Kp = q->Kp, n = (size_t)q->n, kb = s->eval_n, m = K - kb; /* kb: 0 in a jump */
  double bth[MAX_SENS], bTf = lntau_partials(q, p, T1, Tf1, bth), dl = 0.0, C = 0.0;
  double d = T1 - T0, inv_dxi = 1.0 / dxi, ci = d * inv_dxi * inv_dxi;
  int step = dt > 0.0, moves = step && dxi < 1e199; /* jump; equilibrium (capped dxi) */
  for (size_t j = 0; j < n; j++) /* terms relaxed before and not now: their S back */
    for (size_t k = kb; k < q->lazy_n; k++) q->S[j * Kp + k] = q->sig[j] * pr->tau[k];
  if (step) {
    dl = q->last_dl;
    C = q->C + (kb ? ci * s->wt_sum[kb] : 0.0);
  }
  /* a jump leaves every term, and so its derivatives, as they were: the kernel's E is 1 there */
  double P[MAX_SENS], ddxi[MAX_SENS];
  sens_psum(Kp - kb, n, Kp, q->w8 + kb, q->E + kb, q->S + kb, P);
  if (q->beta_dir >= 0) { /* the same dot product */
    double *Pb = &P[q->beta_dir];
    *Pb += sens_sum(m, q->dw + kb, s->y_next + kb);
    if (kb) *Pb += T1 * q->dw_sum[kb] - d * inv_dxi * q->dw_sum[K + 1 + kb];
  }
  /* one division per step, not one per direction on the chain to the update */
  double Cx = C * dxi, inv_den = moves ? 1.0 / (1.0 - Cx * dl * bTf) : 0.0;
  for (size_t j = 0; j < n; j++) {
    double A = -(1.0 + dl) * q->dlntau[j] + dl * bth[j], dTf = P[j];
    ddxi[j] = 0.0;
    if (moves) {
      dTf = (P[j] + Cx * A) * inv_den;
      ddxi[j] = dxi * (A + dl * bTf * dTf);
    }
    q->sig[j] = kb ? ci * ddxi[j] : 0.0; /* (ci is not finite for a jump) */
    q->dTf[j] = dTf;
    q->dlntau[j] = bth[j] + bTf * dTf;
  }
  if (step) sens_update(m, n, Kp, q->E + kb, q->c + kb, ddxi, q->S + kb);
  q->lazy_n = kb;
  q->log.steps++;
}

const double *vt_tnm_sensitivities(vt_model *m, size_t *n_rows, size_t *n_dir,
                                   unsigned long *steps) {
  tnm *s = m ? vt_model_state_of(m, &vt_tnm_class) : NULL;
  return s ? vt_sens_log_rows(&s->sens.log, s->sens.n, n_rows, n_dir, steps) : NULL;
}

static int tnm_equilibrate(void *state, const double *p, double T, vt_error *err) {
  (void)err;
  tnm *s = state;
  s->T = s->Tf = T;
  s->ln_tau = ln_tau_c(s->lnA, p, T, T);
  s->inv_tau_now = exp(-s->ln_tau);
  s->inv_tau_age = 0;
  s->pred_Tf0 = T;
  s->pred_inv_dt = s->pred_inv_span = s->last_dt = s->pred_rate0 = 0.0;
  s->n_steps = s->n_evals = 0;
  if (s->route == ROUTE_PRONY)
    for (size_t k = 0; k < s->prony.n; k++) s->y[k] = T;
  s->lazy_n = s->eval_n = 0;
  s->h_first = s->h_n = 0;
  s->xi_now = 0.0L;
  s->T_base = T;
  return s->sens.n ? sens_start(s, p, T) : VT_OK;
}

/* ---- Prony route ---------------------------------------------------------------------------- */

/* The leading blocks of relaxed terms (about a third of them on a DSC scan) are not stepped one
 * by one: their y1 is T1 - d tau_k/dxi whatever y0 was, so their share of Tf is
 * T1 sum w - (d/dxi) sum w tau from the prefix sums, of dTf/ddxi (d/dxi^2) sum w tau, and their
 * y is written only when a later step needs it (when they stop being relaxed). The kernel runs
 * on the rest, in the same blocks as on the whole series. The sensitivities do the same with
 * theirs (sens_step). */
static double prony_advance(tnm *s, double dxi, double T0, double T1, double *dTf_ddxi) {
  const vt_prony *pr = &s->prony;
  size_t n = pr->n, kb = s->step_relaxed ? 0 : vt_prony_relaxed_terms(n, s->inv_tau, dxi);
  double d = T1 - T0, inv_dxi = 1.0 / dxi;
  for (size_t k = kb; k < s->lazy_n; k++) /* terms that need their y0 back */
    s->y[k] = vt_prony_relaxed(s->lazy_T1, s->lazy_d, pr->tau[k], s->lazy_inv_dxi);
  if (kb < s->lazy_n) s->lazy_n = kb;
  double Tf;
  if (s->sens.n) /* with the per-term E and dy1/ddxi for sens_step */
    Tf = vt_prony_kernel_sens(n - kb, pr->weight + kb, pr->tau + kb, s->inv_tau + kb, s->y + kb,
                              s->y_next + kb, dxi, T0, T1, dTf_ddxi, s->sens.E + kb, s->sens.c + kb,
                              &s->sens.C);
  else
    Tf = vt_prony_kernel(n - kb, pr->weight + kb, pr->tau + kb, s->inv_tau + kb, s->y + kb,
                         s->y_next + kb, dxi, T0, T1, dTf_ddxi);
  if (kb) {
    Tf += T1 * s->w_sum[kb] - d * inv_dxi * s->wt_sum[kb];
    *dTf_ddxi += d * inv_dxi * inv_dxi * s->wt_sum[kb];
  }
  s->eval_n = kb;
  s->eval_T1 = T1;
  s->eval_d = d;
  s->eval_inv_dxi = inv_dxi;
  return Tf;
}

/* ---- Exact route ------------------------------------------------------------------------------
 */

static double kww(double u, double beta) {
  return exp(-pow(u, beta));
}

/* Mean of M over a history step that ended u before now and lasted dxi (reduced time). */
static double mean_response(double u, double dxi, double beta) {
  static const double gl = 0.28867513459481288225; /* 1/(2 sqrt 3): 2-point Gauss-Legendre */
  if (dxi <= 0.0) return kww(u, beta);
  if (u >= 10.0 * dxi) { /* smooth there: Gauss-Legendre, relative error < 1e-8 */
    double mid = u + 0.5 * dxi;
    return 0.5 * (kww(mid - gl * dxi, beta) + kww(mid + gl * dxi, beta));
  }
  return (vt_kww_integral(u + dxi, beta) - vt_kww_integral(u, beta)) / dxi;
}

static double exact_eval(const tnm *s, double dxi, double T0, double T1, double beta) {
  long double xi_end = s->xi_now + dxi;
  double Tf = s->T_base;
  for (size_t i = s->h_first; i < s->h_first + s->h_n; i++) {
    const hist *e = &s->h[i];
    double u = (double)(xi_end - e->xi_end);
    Tf += e->dT * (1.0 - mean_response(u, e->dxi, beta));
  }
  if (T1 != T0) Tf += (T1 - T0) * (1.0 - mean_response(0.0, dxi, beta));
  return Tf;
}

static int exact_commit(tnm *s, double dxi, double T0, double T1, double beta) {
  s->xi_now += dxi;
  if (T1 != T0) {
    if (s->h_first + s->h_n == s->h_cap) {
      if (s->h_first > s->h_cap / 2) {
        memmove(s->h, s->h + s->h_first, s->h_n * sizeof *s->h);
        s->h_first = 0;
      } else {
        size_t cap = s->h_cap ? 2 * s->h_cap : 1024;
        hist *g = realloc(s->h, cap * sizeof *g);
        if (!g) return VT_ENOMEM;
        s->h = g;
        s->h_cap = cap;
      }
    }
    s->h[s->h_first + s->h_n++] = (hist){T1 - T0, dxi, s->xi_now};
  }
  while (s->h_n && pow((double)(s->xi_now - s->h[s->h_first].xi_end), beta) > PRUNE_XI_BETA) {
    s->T_base += s->h[s->h_first].dT;
    s->h_first++;
    s->h_n--;
  }
  return VT_OK;
}

/* ---- Stepping ---------------------------------------------------------------------------------
 */

/* Tf at the end of a step of reduced time dxi; *dTf_ddxi is NaN where unknown (exact route). */
static double advance(tnm *s, const double *p, double dxi, double T0, double T1, double *dTf_ddxi) {
  if (s->route == ROUTE_PRONY) return prony_advance(s, dxi, T0, T1, dTf_ddxi);
  *dTf_ddxi = NAN;
  return exact_eval(s, dxi, T0, T1, p[P_BETA]);
}

/* vt_reduced_time (the same formula, so both routes and the units model agree) given ln dt,
 * with d ln(dxi)/d ln tau_end in *dlndxi_db: ln dxi = ln dt - a + ln f, f = (1 - e^-d)/d,
 * d = b - a, and d ln f/dd = e^-d/(1 - e^-d) - 1/d (-1/2 + d/12 near 0); 0 where dxi is capped. */
static double reduced_time(double ln_dt, double a, double b, double *dlndxi_db) {
  double d = b - a; /* e^-d/(1 - e^-d) written as 1/(e^d - 1): no overflow for d << 0 */
  double dl = fabs(d) < 1e-4 ? -0.5 + d / 12.0 : 1.0 / expm1(d) - 1.0 / d;
  double ln_dxi = ln_dt - a + vt_ln_mean_rate(d);
  *dlndxi_db = ln_dxi > 460.0 ? 0.0 : dl;
  return ln_dxi > 460.0 ? 1e200 : exp(ln_dxi);
}

/* What a step's evaluations share: T1, dt and the start of the step stay fixed while the guess
 * for the end-of-step Tf moves. */
typedef struct step_ctx {
  tnm *s; /* for the cache of ln dt, where reduced_time needs it */
  double dt;
  double a;    /* ln tau at the start of the step */
  double b_T;  /* ln A + x dh/(R T1): ln tau_end = b_T + (1 - x) dh/(R g) (Eq. 3, as
                * vt_tnm_ln_tau adds it, so the same bits) */
  double kf;   /* (1 - x) dh */
  double base; /* dt/tau_start = dt exp(-a), or 0 where the direct form is not used */
  /* the last evaluation's ln tau_end guess b and exp(-b) = exp(-a) e^-d (0: not known) */
  double b, inv_tau_b;
} step_ctx;

static void step_ctx_init(step_ctx *c, tnm *s, const double *p, double dt, double T1) {
  const double R = VT_GAS_CONSTANT_J_PER_MOL_K;
  if (s->lnA[0] != p[P_A]) {
    s->lnA[0] = p[P_A];
    s->lnA[1] = log(p[P_A]);
  }
  c->s = s;
  c->dt = dt;
  c->a = s->ln_tau;
  c->b_T = s->lnA[1] + p[P_X] * p[P_DH] / (R * T1);
  c->kf = (1.0 - p[P_X]) * p[P_DH];
  /* In range, dxi = dt/tau_start f(d) directly: with |d| < 50, f lies in (1/50, e^50), so dxi
   * stays below e^460 (never capped) and normal. */
  double base = fabs(c->a) < 700.0 ? dt * s->inv_tau_now : 0.0;
  c->base = base > 1e-290 && base < 1e178 ? base : 0.0;
  c->b = c->inv_tau_b = 0.0;
}

/* exp(-ln tau) at the end of the step, ln tau_end = b_end, for the next step's dxi. The step
 * waits on it (through Tf), and a libm exp there was a fifth of a step's scalar time, so it is
 * carried: the last evaluation knew exp(-b) at its guess (exp(-a) e^-d, e^-d = 1 - d f(d) from
 * its series), and b_end - b = (1 - x) dh/R (1/Tf - 1/g) is small once Tf = F(g) is accepted:
 * exp(-(b_end - b)) by vt_exp_small below 1e-4. Each step adds a few ulp; every 32 steps (and
 * after a jump, at the start, or where the series do not apply) it is computed afresh, so it
 * stays within ~1e-14 of exp(-ln_tau) (2.1e-15 at most over the paper-000 programs), which moves
 * dxi by as much. */
#define INV_TAU_REFRESH 32
static void next_inv_tau(tnm *s, const step_ctx *c, double b_end) {
  double delta = b_end - c->b;
  if (c->inv_tau_b > 0.0 && fabs(delta) < 1e-4 && s->inv_tau_age < INV_TAU_REFRESH) {
    s->inv_tau_now = c->inv_tau_b * vt_exp_small(delta);
    s->inv_tau_age++;
  } else {
    s->inv_tau_now = exp(-b_end);
    s->inv_tau_age = 0;
  }
}

/* ln dt for reduced_time (cached: steps on a ramp share dt, nearly: their dt are differences of
 * times, so the cache serves whole ramps only where the times are exact). */
static double ctx_ln_dt(const step_ctx *c) {
  if (c->s->lndt[0] != c->dt) {
    c->s->lndt[0] = c->dt;
    c->s->lndt[1] = log(c->dt);
  }
  return c->s->lndt[1];
}

/* reduced_time without its logs: dxi = (dt/tau_start) f(d), f = (1 - e^-d)/d, from the step's
 * base; f and d ln f/dd = f'/f by vt_mean_rate_series for |d| < 1e-2 (the usual case: ln tau
 * moves by ~1e-3 per step on a fine grid), else from one expm1. dxi agrees with reduced_time to
 * a few ulp (which itself rounds ln dxi, ~20 ulp of dxi; 6e-15 relative apart at most over the
 * paper-000 programs). */
static double step_reduced_time(step_ctx *c, double b, double *dlndxi_db) {
  double d = b - c->a;
  c->b = b;
  c->inv_tau_b = 0.0;
  if (c->base > 0.0 && fabs(d) < 50.0) {
    double f, dl;
    if (fabs(d) < 1e-2) {
      f = vt_mean_rate_series(d, &dl);
      c->inv_tau_b = c->s->inv_tau_now * (1.0 - d * f); /* e^-d = 1 - d f */
    } else {
      double em = expm1(-d); /* e^-d - 1 */
      f = -em / d;
      dl = (1.0 + em) / -em - 1.0 / d;
    }
    *dlndxi_db = dl;
    return c->base * f;
  }
  return reduced_time(ctx_ln_dt(c), c->a, b, dlndxi_db);
}

/* ln_tau: ln tau at (T1, Tf), which the caller has at hand (as ln_tau_c computes it). */
static int commit(tnm *s, const double *p, double dxi, double T0, double T1, double Tf,
                  double ln_tau) {
  if (s->route == ROUTE_PRONY) {
    double *t = s->y;
    s->y = s->y_next;
    s->y_next = t;
    s->lazy_n = s->eval_n;
    s->lazy_T1 = s->eval_T1;
    s->lazy_d = s->eval_d;
    s->lazy_inv_dxi = s->eval_inv_dxi;
  } else if (exact_commit(s, dxi, T0, T1, p[P_BETA])) {
    return VT_ENOMEM;
  }
  s->T = T1;
  s->Tf = Tf;
  s->ln_tau = ln_tau;
  return VT_OK;
}

/* One evaluation of the step map at the guess g: returns F(g), sets *dxi and the next guess. */
static double step_eval(tnm *s, const double *p, step_ctx *c, double T0, double T1, double g,
                        double *dxi, double *next, double *est_err) {
  const double R = VT_GAS_CONSTANT_J_PER_MOL_K;
  double Rg = R * g, b = c->b_T + c->kf / Rg, dF_ddxi, dl;
  *dxi = step_reduced_time(c, b, &dl);
  s->sens.last_dl = dl; /* the sensitivities reuse it (at the accepted guess: ~1e-12 off) */
  /* F' = dF/ddxi * dxi * dln(dxi)/db * db/dg, db/dg = -(1 - x) dh / (R g^2): all but dF/ddxi
   * before the kernel, so it overlaps with it */
  double dF_scale = *dxi * dl * -c->kf / (Rg * g);
  double F = advance(s, p, *dxi, T0, T1, &dF_ddxi);
  s->n_evals++;
  double Fp = dF_ddxi * dF_scale;
  if (isfinite(Fp) && Fp < 0.9) {
    double step = (F - g) / (1.0 - Fp);
    *next = g + step;
    *est_err = fabs(Fp * step);
  } else {
    *next = F;
    *est_err = INFINITY;
  }
  return F;
}

static int tnm_step(void *state, const double *p, double dt, double T0, double T1, vt_error *err) {
  tnm *s = state;
  if (T0 != s->T) { /* the caller's path starts elsewhere: reach it by a jump */
    s->sens.depth++;
    int rc = tnm_step(state, p, 0.0, s->T, T0, err);
    s->sens.depth--;
    if (rc) return rc;
  }
  double unused;
  if (dt == 0.0) { /* instantaneous jump: no reduced time passes, Tf keeps its value */
    double Tf = advance(s, p, 0.0, T0, T1, &unused);
    s->pred_Tf0 = Tf;
    s->pred_inv_dt = s->pred_inv_span = s->last_dt = s->pred_rate0 = 0.0;
    if (s->sens.n) sens_step(s, p, 0.0, T0, T1, Tf, 0.0);
    int rc = commit(s, p, 0.0, T0, T1, Tf, ln_tau_c(s->lnA, p, T1, Tf));
    s->inv_tau_now = exp(-s->ln_tau);
    s->inv_tau_age = 0;
    if (!rc && s->sens.n && !s->sens.depth) rc = sens_push_row(&s->sens);
    return rc ? vt_fail(err, VT_ENOMEM, "out of memory") : VT_OK;
  }
  /* Predictor: the parabola through the last three Tf values (a line after a jump or start),
   * Tf + dt (r + c (dt + dt_last)) with r, c the last divided differences, written as
   * (Tf - C) + K (Tf - Tf_before): the last Tf is the one value not known early, and the next
   * step waits on it, so it meets two operations here, not eight. */
  double rate = (s->Tf - s->pred_Tf0) * s->pred_inv_dt;
  double c2 = dt * (dt + s->last_dt) * s->pred_inv_span; /* dt (dt + dt_last) c = c2 (r - r0) */
  double guess = (s->Tf - c2 * s->pred_rate0) + (dt + c2) * s->pred_inv_dt * (s->Tf - s->pred_Tf0);
  double Tf = guess, dxi = 0.0, next, est;
  int it;
  step_ctx c;
  step_ctx_init(&c, s, p, dt, T1);
  s->n_steps++;
  for (it = 0; it < MAX_ITERATIONS; it++) {
    if (!(guess > 0.0)) guess = T1;
    Tf = step_eval(s, p, &c, T0, T1, guess, &dxi, &next, &est);
    if (fabs(Tf - guess) <= TF_TOL_K || est <= TF_ACCEPT_K) break;
    guess = next;
  }
  if (it == MAX_ITERATIONS || !isfinite(Tf))
    return vt_fail(err, VT_ENOCONV,
                   "TNM step (dt = %g s, T %g -> %g K) did not converge: refine the grid", dt, T0,
                   T1);
  s->pred_Tf0 = s->Tf;
  s->pred_inv_span = s->last_dt > 0.0 ? 1.0 / (dt + s->last_dt) : 0.0;
  s->pred_inv_dt = 1.0 / dt;
  s->pred_rate0 = rate;
  s->last_dt = dt;
  if (s->sens.n) sens_step(s, p, dt, T0, T1, Tf, dxi);
  const double R = VT_GAS_CONSTANT_J_PER_MOL_K;
  double b_end = c.b_T + c.kf / (R * Tf);
  next_inv_tau(s, &c, b_end);
  int rc = commit(s, p, dxi, T0, T1, Tf, b_end);
  if (!rc && s->sens.n && !s->sens.depth) rc = sens_push_row(&s->sens);
  return rc ? vt_fail(err, VT_ENOMEM, "out of memory") : VT_OK;
}

static int tnm_copy_config(void *dst, const void *src) {
  tnm *d = dst;
  const tnm *s = src;
  d->route = s->route;
  d->keep_grid = s->keep_grid;
  d->step_relaxed = s->step_relaxed;
  d->prony_tol = s->prony_tol;
  return VT_OK;
}

static int tnm_share_prepared(void *dst, const void *src) {
  tnm *d = dst;
  const tnm *s = src;
  if (s->route != ROUTE_PRONY || d->route != ROUTE_PRONY || !s->prony.n) return VT_EINVAL;
  size_t n = s->prony.n;
  if (d->prony.n != n) {
    vt_prony_free(&d->prony);
    free(d->y);
    free(d->y_next);
    d->prony.weight = vt_calloc_lines(n, sizeof *d->prony.weight);
    d->prony.tau = vt_calloc_lines(n, sizeof *d->prony.tau);
    d->y = vt_calloc_lines(n, sizeof *d->y);
    d->y_next = vt_calloc_lines(n, sizeof *d->y_next);
    if (!d->prony.weight || !d->prony.tau || !d->y || !d->y_next) return VT_ENOMEM;
    d->prony.n = n;
  }
  if (d->prony.beta != s->prony.beta) d->sens.dw_beta = NAN;
  memcpy(d->prony.weight, s->prony.weight, n * sizeof *d->prony.weight);
  memcpy(d->prony.tau, s->prony.tau, n * sizeof *d->prony.tau);
  d->prony.beta = s->prony.beta;
  d->prony.max_error = s->prony.max_error;
  /* the grid's basis too: each clone factoring it again cost a fit an SVD per thread; and the
   * refit's dw/dbeta, which each clone's first run made again */
  if (vt_prony_basis_share(&d->basis, &s->basis)) return VT_ENOMEM;
  int rc = fill_inv_tau(d);
  return rc ? rc : fill_sums(d);
}

static void tnm_observe(const void *state, const double *p, vt_observables *out) {
  const tnm *s = state;
  out->Tf_K = s->Tf;
  out->dH_J_per_mol = p[P_DCP] * (s->Tf - s->T);
  out->H_conf_J_per_mol = p[P_DCP] * s->Tf;
}

static void tnm_describe(const void *state, char *buf, size_t size) {
  const tnm *s = state;
  if (s->route == ROUTE_EXACT)
    snprintf(buf, size, "route exact (O(N^2) history sum, incomplete-gamma step integrals)");
  else if (!s->n_steps)
    snprintf(buf, size, "route prony (%zu terms, max |M error| %.2g, tolerance %.2g)", s->prony.n,
             s->prony.max_error, s->prony_tol);
  else /* after a run: the fixed-point work, for benchmarks */
    snprintf(buf, size,
             "route prony (%zu terms, max |M error| %.2g, tolerance %.2g; %s kernel, %.4g "
             "evaluations per step over %lu steps)",
             s->prony.n, s->prony.max_error, s->prony_tol, vt_prony_kernel_isa(),
             (double)s->n_evals / (double)s->n_steps, s->n_steps);
}

const vt_model_class vt_tnm_class = {
    VT_MODEL_CLASS_BASE(tnm),
    .summary = "Tool-Narayanaswamy-Moynihan model with KWW response (paper 000, Eqs. 1-3)",
    .step = tnm_step,
    .share_prepared = tnm_share_prepared,
};
