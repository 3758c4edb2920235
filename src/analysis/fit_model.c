/* Fitting model parameters: GSL trust-region least squares (dogleg; Jacobians from the model's
 * forward sensitivities, else forward finite differences) on transformed parameters, with a
 * multi-start global strategy.
 *
 * Transforms: a log-scale parameter (A, dh*, tau0) is fitted as u = ln p, others as u = p; u is
 * kept inside its bounds by u = lo + (hi - lo)(1 + sin z)/2 (MINUIT's transform), so the solver
 * moves z freely. A prefactor A with an activation enthalpy dh (TNM) is fitted as
 * u = ln tau_ref = ln A + dh/(R T_ref): the data fix tau near where they were measured, so ln A
 * and dh alone lie in a valley (r ~ -0.9999) that made the solver crawl for thousands of runs;
 * ln tau_ref and dh are nearly independent. Starts: the model's own values, then n_starts - 1
 * Latin-hypercube points in u over the whole bounds; the lowest chi^2 wins, and the starts stop
 * early once `confirmations` of them reached it. A start converges on a small gradient, a small
 * step, a relative chi^2 change below ftol with a step below sqrt(ftol), or a Gauss-Newton step
 * still to go shorter than sqrt(ftol) standard errors (Bates and Watts' relative offset, from
 * the Jacobian already at hand, so no evaluation is spent confirming), or residuals at
 * round-off (1e-10 of the data in norm: synthetic data fitted exactly); it fails on the
 * iteration limit or the budget (model runs, wall time), and then the best point reached is
 * still returned, marked unconverged, with the criterion that failed. Standard errors: the
 * covariance (J^T J)^-1 in z mapped to the parameters by the delta method, scaled by
 * chi^2/dof when the data carry no uncertainties. Protocol groups are simulated in parallel,
 * one model clone per OpenMP thread. */
#include <float.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "../core/internal.h"
#include "../core/option_rows.h"
#include "../models/model_layer.h"
#include "fit_internal.h"
#include "lsq.h"

vt_fit_options vt_fit_options_default(void) {
  vt_fit_options o;
  memset(&o, 0, sizeof o);
  o.n_starts = 8;
  o.seed = 1;
  o.max_iterations = 200;
  o.dsc = vt_dsc_options_default();
  o.confirmations = 2;
  o.ftol = 1e-10;
  o.xtol = 1e-10;
  o.gtol = 1e-10;
  return o;
}

/* The option table (options.h): `vitrum fit`'s flags and fit_model's keywords, in the order of
 * the command's help (it places them in three runs between options of its own). */
#define FIT(field)                     offsetof(vt_fit_options, field)
#define FIT_INT(nm, field, lo, hi, hp) OPT_IR(nm, FIT(field), lo, hi, "N", hp)
static const vt_option fit_options[] = {
    OPT_Q("dh_offset", FIT(dh_offset_J_per_mol), VT_DIM_MOLAR_ENERGY, "E",
          "added to every model dh: the data's reference state lies this far\n"
          "from the model's as-cooled glass (e.g. '-150 J/mol')",
          VT_OPTION_NO_DEFAULT),
    OPT_F("fit_dh_offset", FIT(fit_dh_offset),
          "fit that offset too (dh read against a reference scan, as\n"
          "conventional DSC data are): reported with its standard error"),
    FIT_INT("starts", n_starts, 1, 10000,
            "starts: yours, then a Latin hypercube over the bounds; they\n"
            "stop once 2 reach the same lowest chi^2"),
    FIT_INT("seed", seed, 0, 2147483647L, "of the Latin hypercube"),
    FIT_INT("max_iter", max_iterations, 1, 1000000, "iterations per start"),
    FIT_INT("max_runs", max_model_runs, 0, 2147483647L,
            "budget of model runs over all starts, 0 for none"),
    OPT_Q("max_time", FIT(max_seconds), VT_DIM_TIME, "S", "wall-time budget, 0 for none",
          VT_OPTION_NONNEGATIVE),
    OPT_Q("T_ref", FIT(T_ref_K), VT_DIM_TEMPERATURE, "T",
          "A is fitted as tau_ref = A exp(dh/(R T_ref)), nearly independent of\n"
          "dh (ln A and dh form a valley); default T_ref: the data's mean T",
          VT_OPTION_POSITIVE | VT_OPTION_NO_DEFAULT),
    OPT_C("jacobian", FIT(fd_jacobian), "sens|fd",
          "TNM and units model: forward sensitivities of the state\n"
          "(one run per Jacobian) or finite differences (p runs)"),
    FIT_INT("threads", threads, 0, 4096, "threads for the protocols (0: all cores)"),
    OPT_C("reading", FIT(reading), "state|dsc",
          "model dh: the state at the end of the anneal against the\n"
          "as-cooled glass there (paper 000) or after a quench to\n"
          "T_low, as the DSC reads it (one simulation per point)"),
    OPT_Q("jump_rate", FIT(jump_rate_K_per_s), VT_DIM_RATE, "R",
          "rate from T1 to T2 (default: the quench rate R_c)",
          VT_OPTION_POSITIVE | VT_OPTION_NO_DEFAULT),
};

OPT_TABLE(vt_fit_option_table, fit_options)

#define TAU_REF_LO_S 1e-9 /* default bounds of tau_ref: every relaxation a DSC can see */
#define TAU_REF_HI_S 1e15

typedef struct fit_ctx {
  const vt_fit_data *data;
  const vt_fit_options *opts;
  vt_model **models; /* one per thread */
  int n_models;
  int *index;      /* free parameter -> table row */
  double *lo, *hi; /* bounds of u */
  int *logscale;
  const vt_param_info *table;
  size_t n_free, n_data;
  fit_group *groups;
  size_t n_groups;
  double *pred, *sigma, *observed;
  long runs;
  int start;
  vt_error *err;
  int status;
  /* A fitted as ln tau_ref (a_slot >= 0): dh is free at dh_slot, or fixed at dh_fixed */
  int a_slot, dh_slot;
  double dh_fixed, T_ref, A_lo, A_hi;
  double t_start; /* for the wall-time budget */
  int out_of_budget;
  double best_chi2;  /* lowest chi2 a start converged to so far (INFINITY: none yet) */
  int weighted;      /* every point has a sigma: standard errors are not scaled by chi2/dof */
  double chi2_floor; /* 1e-20 of the data's sum of squares: residuals at round-off */
  /* forward sensitivities: dir_of[j] is free slot j's direction, DIR_DCP for dCp */
  int use_sens, dir_of[64];
  int ln_A_valley;             /* A (as ln A) and dh both free */
  fit_reference ref, zero_ref; /* the quench's H (and dH), and zeros at its temperatures */
  size_t n_dir;
  double *dpred;      /* n_data x n_dir */
  gsl_vector *jz;     /* where jcache was computed */
  gsl_matrix *jcache; /* d residual / dz there */
  gsl_matrix *G;      /* dp/dz, scratch */
  int jvalid;
  long sens_runs;
  long failed_points;                     /* trial points the model could not simulate */
  char failed_msg[VT_ERROR_MESSAGE_SIZE]; /* the model's message at the last of them */
  int evaluated_starts;                   /* starts the model could simulate */
} fit_ctx;

/* The residuals of a trial point the model cannot simulate: finite (the solver's norms stay
 * finite), so far above any real chi2 that the trust region rejects the step and shrinks. */
#define FAILED_RESIDUAL 1e100

#define DIR_DCP (-2)

#define STALL_WINDOW 20 /* iterations over which a start far above the best must make headway */

static double u_of_z(const fit_ctx *c, size_t j, double z) {
  return c->lo[j] + (c->hi[j] - c->lo[j]) * 0.5 * (1.0 + sin(z));
}

static double p_of_u(const fit_ctx *c, size_t j, double u) {
  return c->logscale[j] ? exp(u) : u;
}

/* z of a fitted-basis value q (tau_ref in A's slot). */
static double z_of_q(const fit_ctx *c, size_t j, double q) {
  double u = c->logscale[j] ? log(q) : q;
  double f = 2.0 * (u - c->lo[j]) / (c->hi[j] - c->lo[j]) - 1.0;
  return asin(fmax(-1.0 + 1e-9, fmin(1.0 - 1e-9, f))); /* a start on a bound: just inside */
}

/* dq/dz of the fitted basis. */
static double dq_dz(const fit_ctx *c, size_t j, double z) {
  double du = (c->hi[j] - c->lo[j]) * 0.5 * cos(z);
  return c->logscale[j] ? exp(u_of_z(c, j, z)) * du : du;
}

static double dh_over_RT(const fit_ctx *c, const double *p) {
  double dh = c->dh_slot >= 0 ? p[c->dh_slot] : c->dh_fixed;
  return dh / (VT_GAS_CONSTANT_J_PER_MOL_K * c->T_ref);
}

/* Model values p of the free parameters at z; A derived from tau_ref (clamped to its bounds,
 * which only the far corners of the tau_ref-dh box reach). */
static void params_of_z(const fit_ctx *c, const gsl_vector *z, double *p) {
  for (size_t j = 0; j < c->n_free; j++) p[j] = p_of_u(c, j, u_of_z(c, j, gsl_vector_get(z, j)));
  if (c->a_slot < 0) return;
  size_t a = (size_t)c->a_slot;
  double lnA = u_of_z(c, a, gsl_vector_get(z, a)) - dh_over_RT(c, p);
  p[a] = fmin(c->A_hi, fmax(c->A_lo, exp(lnA)));
}

/* z of the model values p (the inverse of params_of_z). */
static void z_of_params(const fit_ctx *c, const double *p, gsl_vector *z) {
  for (size_t j = 0; j < c->n_free; j++) {
    double q = (int)j == c->a_slot ? p[j] * exp(dh_over_RT(c, p)) : p[j];
    gsl_vector_set(z, j, z_of_q(c, j, q));
  }
}

/* G = dp/dz: diagonal but for dA/dz_dh = -A/(R T_ref) ddh/dz. */
static void dp_dz(const fit_ctx *c, const gsl_vector *z, gsl_matrix *G) {
  double *p = malloc(c->n_free * sizeof *p);
  if (!p) return;
  params_of_z(c, z, p);
  gsl_matrix_set_zero(G);
  for (size_t j = 0; j < c->n_free; j++) {
    double dq = dq_dz(c, j, gsl_vector_get(z, j));
    gsl_matrix_set(G, j, j,
                   (int)j == c->a_slot ? p[j] * dq / exp(u_of_z(c, j, gsl_vector_get(z, j))) : dq);
  }
  if (c->a_slot >= 0 && c->dh_slot >= 0) {
    size_t a = (size_t)c->a_slot, d = (size_t)c->dh_slot;
    gsl_matrix_set(G, a, d,
                   -p[a] / (VT_GAS_CONSTANT_J_PER_MOL_K * c->T_ref) * gsl_matrix_get(G, d, d));
  }
  free(p);
}

/* pred = H_ref(T) - H: the reference's part, at the temperature each dh point refers to. */
static void add_reference(fit_ctx *c) {
  const vt_fit_data *d = c->data;
  size_t nd = c->use_sens ? c->n_dir : 0;
  for (size_t i = 0; i < d->n_dh; i++) {
    const vt_dh_point *p = &d->dh[i];
    double T = c->opts->reading == VT_DH_DSC ? c->opts->dsc.T_low_K
               : isnan(p->T2_K)              ? p->T1_K
                                             : p->T2_K;
    c->pred[i] += vt_fit_reference_at(&c->ref, T);
    const double *dH = nd ? vt_fit_reference_d_at(&c->ref, T) : NULL;
    for (size_t j = 0; j < nd; j++) c->dpred[i * nd + j] += dH[j];
  }
}

/* CPU time spent in the parallel part of fits (the protocol groups' loop, and the Prony build
 * and refit loops split over the fit's threads), process-wide: a 1-thread fit's CPU time less
 * this is its serial part, which bounds what threads can gain (bench_fit prints the fraction). */
static double parallel_cpu_s;

double vt_fit_parallel_cpu_s(void) {
  double v;
#ifdef _OPENMP
#pragma omp atomic read
#endif
  v = parallel_cpu_s;
  return v + vt_prony_team_cpu_s();
}

static double thread_cpu_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Prepare models[0] (a new beta means a Prony refit, or a new series) before the threads
 * start, in every case: 1-thread fits prepared inside the loop, so their serial part hid in the
 * parallel one. A series built or refitted here splits its loops over the fit's threads
 * (kww_prony.c), never over more than the fit was given. The other models take it over at their
 * thread's first task (share_models). */
static int prepare_models(fit_ctx *c) {
#ifdef _OPENMP
  int saved = omp_get_max_threads();
  omp_set_num_threads(c->n_models);
#endif
  int status = vt_model_prepare_shared(c->models[0], c->models[0], c->err); /* (itself) */
#ifdef _OPENMP
  omp_set_num_threads(saved);
#endif
  return status;
}

/* Model t (> 0) takes models[0]'s numerics over (a no-op once it has): inside the loop, beside
 * the other threads' runs, which only read models[0]'s series and basis. Before the loop it was
 * a tenth of a 2-thread fit's serial time (the basis copied after each new series). */
static int share_models(fit_ctx *c, int t, vt_error *err) {
  return t > 0 ? vt_model_prepare_shared(c->models[t], c->models[0], err) : VT_OK;
}

/* Predictions for parameters z: the reference quench and every group (in parallel). */
static int evaluate(fit_ctx *c, const gsl_vector *z) {
  int status = VT_OK;
  double p[64];
  params_of_z(c, z, p);
  for (int t = 0; t < c->n_models && !status; t++)
    for (size_t j = 0; j < c->n_free && !status; j++)
      status = vt_model_set(c->models[t], c->table[c->index[j]].name, p[j], c->err);
  if (!status) status = prepare_models(c);
  /* The reference quench is one more task beside the groups (the first handed out: it is among
   * the longest), which predict against a zero reference; it is added after. Serial, it was a
   * 31st of the work that the second thread waited for. */
  long runs = 0;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic) num_threads(c->n_models) reduction(+ : runs)
#endif
  for (size_t k = 0; k <= c->n_groups; k++) {
    int t = 0;
#ifdef _OPENMP
    t = omp_get_thread_num();
#endif
    double c0 = thread_cpu_s();
    int rc;
#ifdef _OPENMP
#pragma omp atomic read
#endif
    rc = status;
    if (rc) continue;
    vt_error local;
    rc = share_models(c, t, &local);
    if (!rc && k == 0)
      rc = vt_fit_reference_run(c->models[t], c->opts, &c->ref, &local);
    else if (!rc)
      rc = vt_fit_predict_group(c->models[t], c->opts, c->data, &c->groups[k - 1], &c->zero_ref,
                                c->pred, c->use_sens ? c->dpred : NULL, &local);
    runs += k > 0 || c->ref.n; /* curves alone have no reference quench to run */
    double used = thread_cpu_s() - c0;
#ifdef _OPENMP
#pragma omp atomic
#endif
    parallel_cpu_s += used;
    if (rc) {
#ifdef _OPENMP
#pragma omp critical(vt_fit_error)
#endif
      {
        if (!status) {
          status = rc;
          if (c->err) *c->err = local;
        }
      }
    }
  }
  c->runs += runs;
  if (c->use_sens) c->sens_runs += runs;
  if (!status) add_reference(c);
  return status;
}

/* d pred_i / dp_l of a free parameter: the model's sensitivity, or for dCp (H and the reference
 * are both dCp Tf) the dh prediction less the given offset over dCp; Cp_N does not move with dCp.
 */
static double dpred_dp(const fit_ctx *c, size_t i, size_t l, const double *p) {
  if (c->dir_of[l] != DIR_DCP) return c->dpred[i * c->n_dir + (size_t)c->dir_of[l]];
  return i < c->data->n_dh ? (c->pred[i] - c->opts->dh_offset_J_per_mol) / p[l] : 0.0;
}

/* d residual_i / dz_j = sum_l dpred_i/dp_l G_lj / sigma_i, from the predictions before a fitted
 * offset is profiled in (which then projects the dh rows, fit_offset.c). */
static void fill_jacobian(fit_ctx *c, const gsl_vector *z) {
  double p[64];
  params_of_z(c, z, p);
  dp_dz(c, z, c->G);
  for (size_t i = 0; i < c->n_data; i++)
    for (size_t j = 0; j < c->n_free; j++) {
      double sum = 0.0;
      for (size_t l = 0; l < c->n_free; l++) {
        double g = gsl_matrix_get(c->G, l, j);
        if (g != 0.0) sum += dpred_dp(c, i, l, p) * g;
      }
      gsl_matrix_set(c->jcache, i, j, sum);
    }
  vt_fit_offset_project(c->data, c->opts, c->jcache->data, c->n_free, c->jcache->tda);
  for (size_t i = 0; i < c->n_data; i++)
    for (size_t j = 0; j < c->n_free; j++)
      gsl_matrix_set(c->jcache, i, j, gsl_matrix_get(c->jcache, i, j) / c->sigma[i]);
  gsl_vector_memcpy(c->jz, z);
  c->jvalid = 1;
}

static int residuals(const gsl_vector *z, void *params, gsl_vector *f) {
  fit_ctx *c = params;
  /* Cancelled: stop before the parameter update (a Prony refit) as well as inside simulations. */
  if (!c->status && vt_cancelled())
    c->status = vt_fail(c->err, VT_ECANCELLED, "fit cancelled (vt_cancel_request)");
  if (c->status) return GSL_EBADFUNC;
  for (size_t j = 0; j < c->n_free; j++) /* a step from a NaN Jacobian: this start ends */
    if (!isfinite(gsl_vector_get(z, j))) return GSL_EDOM;
  int st = evaluate(c, z);
  if (st == VT_ENOCONV && !vt_cancelled()) {
    /* A model step failed (a trial point far out: PET's export at x = 0.30, beta = 0.96 does
     * this at 380 K): the parameters' fault, not the data's, so the solver steps back from the
     * point, and multistart passes over a start there, instead of the fit ending. */
    c->failed_points++;
    snprintf(c->failed_msg, sizeof c->failed_msg, "%s", c->err ? c->err->message : "");
    c->jvalid = 0;
    gsl_vector_set_all(f, FAILED_RESIDUAL);
    return GSL_SUCCESS;
  }
  c->status = st;
  if (c->status) return GSL_EBADFUNC;
  if (c->use_sens) fill_jacobian(c, z);
  vt_fit_offset_profile(c->data, c->opts, c->pred); /* a fitted dh offset (fit_offset.c) */
  for (size_t i = 0; i < c->n_data; i++)
    gsl_vector_set(f, i, (c->pred[i] - c->observed[i]) / c->sigma[i]);
  return GSL_SUCCESS;
}

static int same_z(const gsl_vector *a, const gsl_vector *b) {
  for (size_t j = 0; j < a->size; j++)
    if (gsl_vector_get(a, j) != gsl_vector_get(b, j)) return 0;
  return 1;
}

/* The solver asks for J where it last evaluated f (which computed J along): no extra run. */
static int jacobian_sens(const gsl_vector *z, void *params, gsl_matrix *J) {
  fit_ctx *c = params;
  if (!c->jvalid || !same_z(z, c->jz)) {
    gsl_vector *f = gsl_vector_alloc(c->n_data);
    int rc = f ? residuals(z, c, f) : GSL_ENOMEM;
    gsl_vector_free(f);
    if (rc) return rc;
    if (!c->jvalid) return GSL_EDOM; /* a point the model could not simulate has no J */
  }
  gsl_matrix_memcpy(J, c->jcache);
  return GSL_SUCCESS;
}

typedef struct start_result {
  gsl_vector *z;
  double chi2;
  int iterations, start, converged;
  char why[200];
} start_result;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Budget left for one more iteration (about p + 1 evaluations)? Else says which ran out. */
static int budget_left(fit_ctx *c, char *why, size_t size) {
  const vt_fit_options *o = c->opts;
  long per_eval = (long)c->n_groups + 1, next = per_eval * (long)(c->n_free + 1);
  if (o->max_model_runs > 0 && c->runs + next > o->max_model_runs) {
    snprintf(why, size, "model-run budget of %d reached (%ld runs)", o->max_model_runs, c->runs);
    return c->out_of_budget = 1, 0;
  }
  if (o->max_seconds > 0 && now_s() - c->t_start > o->max_seconds) {
    snprintf(why, size, "wall-time budget of %g s reached", o->max_seconds);
    return c->out_of_budget = 1, 0;
  }
  return 1;
}

/* Largest relative change of the parameters in the last step, in u (of the bounds' width for
 * linear ones: a parameter near 0 has no scale of its own). */
static double step_size(const fit_ctx *c, const gsl_vector *z_old, const gsl_vector *z) {
  double worst = 0.0;
  for (size_t j = 0; j < c->n_free; j++) {
    double a = u_of_z(c, j, gsl_vector_get(z_old, j)), b = u_of_z(c, j, gsl_vector_get(z, j));
    double scale = c->logscale[j] ? 1.0 : fmax(fabs(b), 1e-3 * (c->hi[j] - c->lo[j]));
    worst = fmax(worst, fabs(b - a) / scale);
  }
  return worst;
}

/* Scratch for offset_converged: J's QR factors and Q^T f. */
typedef struct offset_work {
  gsl_matrix *QR;
  gsl_vector *tau, *qtf;
} offset_work;

/* Bates and Watts' relative-offset test at the solver's position, from the residuals and the
 * Jacobian it already holds there: the chi2 decrease the Gauss-Newton step from here still
 * predicts, ||Q1^T f||^2 per parameter, against the residual variance (that of the reported
 * standard errors: ||Q2^T f||^2 / (n - p), or at most 1 for weighted data) is the squared length
 * of that step in standard errors. At most ftol: the step left is far inside the errors, so the
 * evaluation that would only confirm it (on a zero-residual set the chi2 change keeps falling
 * by orders of magnitude until the floor) is saved. */
static int offset_converged(const fit_ctx *c, const vt_lsq *lsq, offset_work *q, double *offset2) {
  size_t n = c->n_data, p = c->n_free;
  gsl_matrix_memcpy(q->QR, vt_lsq_jacobian(lsq));
  gsl_vector_memcpy(q->qtf, vt_lsq_residual(lsq));
  if (gsl_linalg_QR_decomp(q->QR, q->tau) || gsl_linalg_QR_QTvec(q->QR, q->tau, q->qtf)) return 0;
  double along = 0.0, rest = 0.0;
  for (size_t i = 0; i < n; i++) {
    double v = gsl_vector_get(q->qtf, i);
    *(i < p ? &along : &rest) += v * v;
  }
  double var = rest / (double)(n - p);
  if (c->weighted) var = fmin(var, 1.0);
  *offset2 = along / (double)p / var;
  return isfinite(along) && along / (double)p <= c->opts->ftol * var;
}

/* One start's iterations under way: the state of the hooks vt_lsq_drive calls. */
typedef struct start_run {
  fit_ctx *c;
  char *why; /* the start's result's message */
  size_t why_size;
  gsl_vector *z_old; /* the position before the current iteration */
  double chi2_old, dchi, step, offset2;
  double window[STALL_WINDOW]; /* chi2 of the last STALL_WINDOW iterations, a ring */
  int stalls, can_offset;
  offset_work ow;
} start_run;

static int before_iteration(void *ctx, vt_lsq *q, size_t iter) {
  start_run *s = ctx;
  (void)iter;
  if (!budget_left(s->c, s->why, s->why_size)) return VT_LSQ_STOP;
  gsl_vector_memcpy(s->z_old, vt_lsq_position(q));
  return VT_LSQ_GO;
}

/* A start crawling far above the best minimum found already costs the budget for nothing. */
static int abandoned(start_run *s, size_t iter, double chi2) {
  double then = s->window[iter % STALL_WINDOW], best = s->c->best_chi2;
  s->window[iter % STALL_WINDOW] = chi2;
  if (!(iter >= STALL_WINDOW && chi2 > 2.0 * best && chi2 > (1.0 - 1e-3) * then)) return 0;
  snprintf(s->why, s->why_size,
           "abandoned: chi2 %.6g, over twice the best minimum's %.6g, fell by less than 0.1 %% in "
           "%d iterations",
           chi2, best, STALL_WINDOW);
  return 1;
}

/* The criteria a start converges on, in turn, after an iteration that left chi2; says which. */
static int settled(start_run *s, const vt_lsq *q, double chi2) {
  const vt_fit_options *o = s->c->opts;
  int info = vt_lsq_test(q, o->xtol, o->gtol, 0.0);
  if (info)
    snprintf(s->why, s->why_size, "%s", info == 1 ? "small step (xtol)" : "small gradient (gtol)");
  else if (s->dchi <= o->ftol && s->step <= sqrt(o->ftol))
    snprintf(s->why, s->why_size, "chi2 and parameters settled (ftol)");
  else if (s->stalls >= 3) /* the trust region shrank three times without finding a lower chi2 */
    snprintf(s->why, s->why_size, "no lower chi2 nearby (chi2 at its floor)");
  else if (chi2 <= s->c->chi2_floor)
    snprintf(s->why, s->why_size, "chi2 %.3g at round-off (1e-10 of the data)", chi2);
  else if (s->can_offset && offset_converged(s->c, q, &s->ow, &s->offset2))
    snprintf(s->why, s->why_size,
             "the Gauss-Newton step left is %.2g standard errors (relative offset)",
             sqrt(s->offset2));
  else
    return 0;
  return 1;
}

static int after_iteration(void *ctx, vt_lsq *q, size_t iter, int gs) {
  start_run *s = ctx;
  fit_ctx *c = s->c;
  const vt_fit_options *o = c->opts;
  if (c->status) return VT_LSQ_STOP; /* cancelled, or the model failed */
  double chi2 = vt_lsq_chi2(q);
  if (o->progress) o->progress(o->progress_ctx, c->start, o->n_starts, (int)iter + 1, chi2);
  s->dchi = fabs(s->chi2_old - chi2) / fmax(chi2, DBL_MIN);
  if (abandoned(s, iter, chi2)) return VT_LSQ_STOP;
  s->step = step_size(c, s->z_old, vt_lsq_position(q));
  s->chi2_old = chi2;
  s->stalls = gs == GSL_ENOPROG ? s->stalls + 1 : 0;
  return settled(s, q, chi2) ? VT_LSQ_CONVERGED : VT_LSQ_GO;
}

/* The iterations of one start: 1 converged, 0 not (why says which criterion failed). */
static int iterate(fit_ctx *c, vt_lsq *q, start_result *out) {
  const vt_fit_options *o = c->opts;
  start_run s = {.c = c, .why = out->why, .why_size = sizeof out->why};
  s.dchi = s.step = s.offset2 = NAN;
  s.z_old = gsl_vector_alloc(c->n_free);
  s.ow = (offset_work){gsl_matrix_alloc(c->n_data, c->n_free), gsl_vector_alloc(c->n_free),
                       gsl_vector_alloc(c->n_data)};
  vt_lsq_hooks hooks = {before_iteration, after_iteration, &s};
  int verdict = VT_LSQ_GO, gs = GSL_SUCCESS;
  size_t it = 0;
  s.can_offset = s.ow.QR && s.ow.tau && s.ow.qtf && c->n_data > c->n_free;
  s.chi2_old = vt_lsq_chi2(q);
  if (!s.z_old) {
    snprintf(out->why, sizeof out->why, "out of memory");
  } else if (s.chi2_old <= c->chi2_floor) {
    /* Residuals 1e-10 of the data (relative, in norm): the model reproduces them to the
     * round-off of a simulation, where no step lowers chi2 any more and the solver would try 16
     * in vain. */
    verdict = VT_LSQ_CONVERGED;
    snprintf(out->why, sizeof out->why, "the start fits the data to round-off");
  } else {
    gs = vt_lsq_drive(q, &hooks, &verdict, &it);
    out->iterations = (int)it;
  }
  if (gs == GSL_ENOPROG && !c->status)
    snprintf(out->why, sizeof out->why, "no step from the start lowers chi2");
  else if (gs && !c->status)
    snprintf(out->why, sizeof out->why, "solver: %s", gsl_strerror(gs));
  int conv = verdict == VT_LSQ_CONVERGED;
  if (s.z_old && !conv && (long)it == (long)o->max_iterations)
    snprintf(out->why, sizeof out->why,
             "iteration limit %d reached: relative chi2 change %.2g > ftol %.2g or step %.2g > "
             "%.2g, gradient above gtol %.2g",
             o->max_iterations, s.dchi, o->ftol, s.step, sqrt(o->ftol), o->gtol);
  gsl_vector_free(s.z_old);
  gsl_matrix_free(s.ow.QR);
  gsl_vector_free(s.ow.tau);
  gsl_vector_free(s.ow.qtf);
  return conv;
}

static int solve_from(fit_ctx *c, const gsl_vector *z0, start_result *out) {
  int max_it = c->opts->max_iterations;
  /* Powell's dogleg with plain (Levenberg) scaling: z is already scaled by the bounds, and
   * More's Jacobian-based scaling led LM from 20 % away into a degenerate basin (dh -> 1 kJ/mol,
   * x -> 1) on paper 000's set; dogleg took 8 iterations where LM took 12-27. Jacobians by
   * forward differences (GSL's default: p runs per Jacobian instead of 2p) step 1e-6 in z:
   * simulations are smooth to ~1e-9 K, so that keeps the noise out. */
  vt_lsq q = vt_lsq_problem(c->n_data, c->n_free, residuals, c->use_sens ? jacobian_sens : NULL, c,
                            (vt_lsq_stop){max_it > 0 ? (size_t)max_it : 0, 0.0, 0.0, 0.0});
  q.trs = gsl_multifit_nlinear_trs_dogleg;
  q.scale = gsl_multifit_nlinear_scale_levenberg;
  q.h_df = 1e-6;
  if (c->ln_A_valley) { /* ln A with dh: LM with More's scaling crawls the valley best (dogleg */
    q.trs = gsl_multifit_nlinear_trs_lm; /* took 120 iterations on paper 000's set, LM 24) */
    q.scale = gsl_multifit_nlinear_scale_more;
  }
  if (vt_lsq_alloc(&q)) return VT_ENOMEM;
  out->converged = 0;
  out->iterations = 0;
  snprintf(out->why, sizeof out->why, "the start could not be evaluated");
  int gs = vt_lsq_start(&q, z0);
  if (!gs && gsl_vector_get(vt_lsq_residual(&q), 0) == FAILED_RESIDUAL)
    gs = GSL_EDOM; /* J by differences */
  if (!gs) out->converged = iterate(c, &q, out);
  out->chi2 = gs ? INFINITY : vt_lsq_chi2(&q);
  gsl_vector_memcpy(out->z, gs ? z0 : vt_lsq_position(&q));
  vt_lsq_free(&q);
  return c->status;
}

/* ---- Set-up and checks ------------------------------------------------------------------------
 */

static int check_data(const vt_fit_data *d, size_t n_free, vt_error *err) {
  size_t n = d->n_dh;
  for (size_t i = 0; i < d->n_dh; i++) {
    const vt_dh_point *p = &d->dh[i];
    if (!isfinite(p->dh_J_per_mol) || !isfinite(p->T1_K) || !isfinite(p->t1_s) ||
        (!isnan(p->T2_K) && (!isfinite(p->T2_K) || !isfinite(p->t2_s))) ||
        (!isnan(p->sigma_J_per_mol) && !(p->sigma_J_per_mol > 0)))
      return vt_fail_at(err, VT_EINVAL, p->line,
                        "data point %zu (line %ld): values must be finite, sigma > 0", i, p->line);
  }
  for (size_t k = 0; k < d->n_curves; k++) {
    const vt_cpn_curve *cv = &d->curves[k];
    size_t last = vt_program_segment_count(cv->program) - 1;
    const vt_segment *s = vt_program_segment(cv->program, last);
    if (s->kind != VT_SEG_RAMP || !(s->target_K > vt_program_end_K(cv->program, last - 1)))
      return vt_fail(err, VT_EINVAL, "curve %s: its program must end with a heating ramp",
                     cv->name);
    for (size_t i = 0; i < cv->n; i++)
      if (!isfinite(cv->T_K[i]) || !isfinite(cv->CpN[i]))
        return vt_fail(err, VT_EINVAL, "curve %s: point %zu is not finite", cv->name, i);
    n += cv->n;
  }
  if (n <= n_free)
    return vt_fail(err, VT_EINVAL, "%zu data points cannot fix %zu free parameters", n, n_free);
  return VT_OK;
}

static int setup_parameters(fit_ctx *c, const vt_model *m, const vt_fit_options *o, vt_error *err) {
  size_t n_params;
  c->table = vt_model_params(m, &n_params);
  for (size_t j = 0; j < c->n_free; j++) {
    int k = vt_param_index(c->table, n_params, o->free_names[j]);
    if (k < 0) {
      char names[256];
      vt_param_names(c->table, n_params, names, sizeof names);
      return vt_fail(err, VT_ENOTFOUND, "model %s has no parameter '%s'; its parameters are %s",
                     vt_model_name(m), o->free_names[j], names);
    }
    for (size_t i = 0; i < j; i++)
      if (c->index[i] == k) return vt_fail(err, VT_EINVAL, "'%s' is freed twice", c->table[k].name);
    const vt_param_info *pi = &c->table[k];
    double lo = o->lower && !isnan(o->lower[j]) ? o->lower[j] : pi->lower_si;
    double hi = o->upper && !isnan(o->upper[j]) ? o->upper[j] : pi->upper_si, v;
    vt_model_get(m, pi->name, &v, NULL);
    if (!(lo < hi) || lo < pi->lower_si || hi > pi->upper_si)
      return vt_fail(err, VT_ERANGE, "%s: bounds [%g, %g] must be increasing and within [%g, %g]",
                     pi->name, lo, hi, pi->lower_si, pi->upper_si);
    if (!(v >= lo && v <= hi))
      return vt_fail(err, VT_ERANGE, "%s: the start %g lies outside the bounds [%g, %g]", pi->name,
                     v, lo, hi);
    c->index[j] = k;
    c->logscale[j] = pi->log_scale && lo > 0;
    c->lo[j] = c->logscale[j] ? log(lo) : lo;
    c->hi[j] = c->logscale[j] ? log(hi) : hi;
  }
  return VT_OK;
}

/* The data's own reference temperature: the mean of the temperatures they were measured at
 * (the last anneal of each dh point, every curve point). */
static double data_T_mean(const vt_fit_data *d) {
  double sum = 0.0;
  size_t n = 0;
  for (size_t i = 0; i < d->n_dh; i++, n++)
    sum += isnan(d->dh[i].T2_K) ? d->dh[i].T1_K : d->dh[i].T2_K;
  for (size_t k = 0; k < d->n_curves; k++)
    for (size_t i = 0; i < d->curves[k].n; i++, n++) sum += d->curves[k].T_K[i];
  return n ? sum / (double)n : NAN;
}

/* A free prefactor "A" (a time, log scale) with an activation enthalpy "dh" in the model: fit
 * ln tau_ref in A's slot unless asked not to or A has bounds of its own. */
static int setup_tau_ref(fit_ctx *c, const vt_model *m, const vt_fit_options *o, vt_error *err) {
  size_t n_params;
  const vt_param_info *t = vt_model_params(m, &n_params);
  int a = vt_param_index(t, n_params, "A"), h = vt_param_index(t, n_params, "dh");
  c->a_slot = c->dh_slot = -1;
  if (a < 0 || h < 0 || t[a].dim != VT_DIM_TIME || t[h].dim != VT_DIM_MOLAR_ENERGY) return VT_OK;
  for (size_t j = 0; j < c->n_free; j++) {
    if (c->index[j] == a) c->a_slot = (int)j;
    if (c->index[j] == h) c->dh_slot = (int)j;
  }
  size_t s = (size_t)c->a_slot;
  if (c->a_slot < 0 || o->fit_ln_A || (o->lower && !isnan(o->lower[s])) ||
      (o->upper && !isnan(o->upper[s])))
    return c->ln_A_valley = c->a_slot >= 0 && c->dh_slot >= 0, c->a_slot = -1, VT_OK;
  double lo = o->tau_ref_lower_s > 0 ? o->tau_ref_lower_s : TAU_REF_LO_S;
  double hi = o->tau_ref_upper_s > 0 ? o->tau_ref_upper_s : TAU_REF_HI_S;
  c->T_ref = o->T_ref_K > 0 ? o->T_ref_K : data_T_mean(c->data);
  if (!(lo < hi) || !isfinite(hi) || !(c->T_ref > 0) || !isfinite(c->T_ref))
    return vt_fail(err, VT_ERANGE, "tau_ref bounds [%g, %g] s must rise, T_ref = %g K be > 0", lo,
                   hi, c->T_ref);
  vt_model_get(m, "dh", &c->dh_fixed, NULL);
  c->A_lo = t[a].lower_si;
  c->A_hi = t[a].upper_si;
  c->lo[s] = log(lo);
  c->hi[s] = log(hi);
  c->logscale[s] = 1;
  return VT_OK;
}

static void fill_observed(fit_ctx *c, int *weighted) {
  const vt_fit_data *d = c->data;
  size_t i = 0;
  *weighted = 1;
  for (size_t k = 0; k < d->n_dh; k++, i++) {
    c->observed[i] = d->dh[k].dh_J_per_mol;
    c->sigma[i] = isnan(d->dh[k].sigma_J_per_mol) ? 1.0 : d->dh[k].sigma_J_per_mol;
    if (isnan(d->dh[k].sigma_J_per_mol)) *weighted = 0;
  }
  for (size_t k = 0; k < d->n_curves; k++)
    for (size_t j = 0; j < d->curves[k].n; j++, i++) {
      c->observed[i] = d->curves[k].CpN[j];
      c->sigma[i] = d->curves[k].sigma ? d->curves[k].sigma[j] : 1.0;
      if (!d->curves[k].sigma) *weighted = 0;
    }
  c->weighted = *weighted;
  c->chi2_floor = 0.0;
  for (size_t k = 0; k < c->n_data; k++)
    c->chi2_floor += 1e-20 * (c->observed[k] / c->sigma[k]) * (c->observed[k] / c->sigma[k]);
}

static void release(fit_ctx *c) {
  for (int t = 0; c->models && t < c->n_models; t++) vt_model_free(c->models[t]);
  free(c->models);
  free(c->index);
  free(c->lo);
  free(c->hi);
  free(c->logscale);
  free(c->pred);
  free(c->sigma);
  free(c->observed);
  free(c->dpred);
  gsl_vector_free(c->jz);
  gsl_matrix_free(c->jcache);
  gsl_matrix_free(c->G);
  vt_fit_reference_free(&c->ref);
  vt_fit_reference_free(&c->zero_ref);
  vt_fit_groups_free(c->groups, c->n_groups);
}

static int make_models(fit_ctx *c, const vt_model *m, vt_error *err) {
  int n = 1;
#ifdef _OPENMP
  n = c->opts->threads > 0 ? c->opts->threads : omp_get_max_threads();
#endif
  if ((size_t)n > c->n_groups) n = (int)(c->n_groups ? c->n_groups : 1);
  c->models = calloc((size_t)n, sizeof *c->models);
  if (!c->models) return vt_fail(err, VT_ENOMEM, "out of memory");
  c->n_models = n;
  for (int t = 0; t < n; t++) {
    c->models[t] = vt_model_clone(m, err);
    if (!c->models[t]) return err ? err->status : VT_ENOMEM;
    vt_model_set_option(c->models[t], "prony_grid", "fixed", NULL); /* TNM only */
  }
  return VT_OK;
}

/* Forward sensitivities when every free parameter has one (dCp scales the dh predictions; the
 * others are the model's option "sensitivities": TNM's A, dh, x, beta, the units model's
 * spectrum, see units.c), for dh points and Cp_N curves alike; else finite differences. */
static int setup_sens(fit_ctx *c, const vt_model *m, vt_error *err) {
  char list[512] = "";
  if (c->opts->fd_jacobian ||
      (strcmp(vt_model_name(m), "tnm") && strcmp(vt_model_name(m), "units")))
    return VT_OK;
  for (size_t j = 0; j < c->n_free; j++) {
    const char *name = c->table[c->index[j]].name;
    int dcp = !strcmp(name, "dCp");
    c->dir_of[j] = dcp ? DIR_DCP : (int)c->n_dir++;
    if (!dcp)
      snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", *list ? "," : "", name);
  }
  if (!c->n_dir) return VT_OK;
  for (int t = 0; t < c->n_models; t++)
    if (vt_model_set_option(c->models[t], "sensitivities", list, NULL)) { /* one has none */
      for (int u = 0; u <= t; u++) vt_model_set_option(c->models[u], "sensitivities", "", NULL);
      return c->n_dir = 0, VT_OK;
    }
  c->dpred = malloc(c->n_data * c->n_dir * sizeof *c->dpred);
  c->jz = gsl_vector_alloc(c->n_free);
  c->jcache = gsl_matrix_alloc(c->n_data, c->n_free);
  c->G = gsl_matrix_alloc(c->n_free, c->n_free);
  if (!c->dpred || !c->jz || !c->jcache || !c->G) return vt_fail(err, VT_ENOMEM, "out of memory");
  c->use_sens = 1;
  return VT_OK;
}

static int init_ctx(fit_ctx *c, const vt_model *m, const vt_fit_data *d, const vt_fit_options *o,
                    vt_error *err) {
  memset(c, 0, sizeof *c);
  c->data = d;
  c->opts = o;
  c->err = err;
  c->n_free = o->n_free;
  if (o->n_free == 0 || !o->free_names)
    return vt_fail(err, VT_EINVAL, "name at least one parameter to fit");
  if (o->n_free > 64) return vt_fail(err, VT_EINVAL, "%zu free parameters: at most 64", o->n_free);
  int rc = check_data(d, o->n_free, err);
  if (rc) return rc;
  c->n_data = d->n_dh;
  for (size_t k = 0; k < d->n_curves; k++) c->n_data += d->curves[k].n;
  c->index = calloc(c->n_free, sizeof *c->index);
  c->lo = calloc(c->n_free, sizeof *c->lo);
  c->hi = calloc(c->n_free, sizeof *c->hi);
  c->logscale = calloc(c->n_free, sizeof *c->logscale);
  c->pred = calloc(c->n_data, sizeof *c->pred);
  c->sigma = calloc(c->n_data, sizeof *c->sigma);
  c->observed = calloc(c->n_data, sizeof *c->observed);
  if (!c->index || !c->lo || !c->hi || !c->logscale || !c->pred || !c->sigma || !c->observed)
    return vt_fail(err, VT_ENOMEM, "out of memory");
  rc = setup_parameters(c, m, o, err);
  if (!rc) rc = setup_tau_ref(c, m, o, err);
  if (!rc && vt_fit_groups(d, o->reading, &c->groups, &c->n_groups))
    rc = vt_fail(err, VT_ENOMEM, "out of memory");
  if (!rc) rc = make_models(c, m, err);
  if (!rc) rc = setup_sens(c, m, err);
  size_t nd = c->use_sens ? c->n_dir : 0;
  if (!rc &&
      (vt_fit_reference_init(o, d, nd, &c->ref) || vt_fit_reference_init(o, d, nd, &c->zero_ref)))
    rc = vt_fail(err, VT_ENOMEM, "out of memory");
  return rc;
}

/* ---- Starts ------------------------------------------------------------------------------------
 */

/* Start s (>= 1) of a Latin hypercube in u over the whole bounds: each parameter's range is cut
 * into n - 1 strata, visited in a random order per parameter. */
static void latin_start(fit_ctx *c, gsl_rng *rng, size_t **perm, int s, int n, gsl_vector *z) {
  for (size_t j = 0; j < c->n_free; j++) {
    double frac = ((double)perm[j][s - 1] + gsl_rng_uniform(rng)) / (double)(n - 1);
    gsl_vector_set(z, j, asin(fmax(-1.0 + 1e-9, fmin(1.0 - 1e-9, 2.0 * frac - 1.0))));
  }
}

static size_t **latin_strata(fit_ctx *c, gsl_rng *rng, int n) {
  size_t **perm = calloc(c->n_free, sizeof *perm);
  for (size_t j = 0; perm && j < c->n_free; j++) {
    perm[j] = malloc((size_t)(n > 1 ? n - 1 : 1) * sizeof **perm);
    if (!perm[j]) return perm; /* the caller sees the NULL row */
    for (int s = 0; s < n - 1; s++) perm[j][s] = (size_t)s;
    if (n > 2) gsl_ran_shuffle(rng, perm[j], (size_t)(n - 1), sizeof **perm);
  }
  return perm;
}

/* Keep `cur` as the best when it is: converged starts beat unconverged ones, then lower chi2.
 * Returns how many converged starts now share the best chi2: within a thousandth of chi2/dof
 * (a thousandth of a standard deviation squared per point, for weighted data), where a valley's
 * floor leaves the starts that reached it. */
static int keep_best(start_result *best, const start_result *cur, int have, int agree, int s, int n,
                     size_t dof) {
  double tol = 1e-3 * fabs(best->chi2) / (double)(dof ? dof : 1) + 1e-300;
  int same = have && cur->converged && best->converged && fabs(cur->chi2 - best->chi2) <= tol;
  int better = !have || (cur->converged && !best->converged) ||
               (cur->converged == best->converged && cur->chi2 < best->chi2);
  agree = same ? agree + 1 : better ? cur->converged : agree;
  if (better) {
    gsl_vector_memcpy(best->z, cur->z);
    best->chi2 = cur->chi2;
    best->iterations = cur->iterations;
    best->converged = cur->converged;
    best->start = s;
    snprintf(best->why, sizeof best->why, "%s (start %d of %d)", cur->why, s + 1, n);
  }
  return agree;
}

static int multistart(fit_ctx *c, const gsl_vector *z0, start_result *best, vt_error *err) {
  int n = c->opts->n_starts > 0 ? c->opts->n_starts : 1, found = 0, agree = 0, rc = VT_OK;
  c->best_chi2 = INFINITY;
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
  if (rng) gsl_rng_set(rng, c->opts->seed);
  size_t **perm = rng ? latin_strata(c, rng, n) : NULL;
  start_result cur = {gsl_vector_alloc(c->n_free), 0, 0, 0, 0, ""};
  gsl_vector *z = gsl_vector_alloc(c->n_free);
  int ok = rng && perm && cur.z && z;
  for (size_t j = 0; ok && j < c->n_free; j++) ok = perm[j] != NULL;
  if (!ok) rc = vt_fail(err, VT_ENOMEM, "out of memory");
  for (int s = 0; !rc && s < n && !c->out_of_budget; s++) {
    c->start = s;
    if (s == 0)
      gsl_vector_memcpy(z, z0);
    else
      latin_start(c, rng, perm, s, n, z);
    rc = solve_from(c, z, &cur); /* a failed simulation is the user's data or model: stop */
    if (!rc && !(cur.chi2 < INFINITY)) continue; /* a start the model cannot simulate */
    if (!rc) agree = keep_best(best, &cur, found++, agree, s, n, c->n_data - c->n_free);
    if (best->converged) c->best_chi2 = best->chi2;
    if (c->opts->confirmations > 0 && agree >= c->opts->confirmations) break;
  }
  c->evaluated_starts = found;
  if (!rc && !found)
    rc = vt_fail(err, VT_ENOCONV, "the model could not be simulated at %s%.0d%s: %s",
                 c->start ? "any of the " : "the start", c->start ? c->start + 1 : 0,
                 c->start ? " starts" : "", c->failed_msg);
  else if (!rc && !best->converged)
    rc = vt_fail(err, VT_ENOCONV,
                 "the fit did not converge from any of the %d starts tried; the best point "
                 "(chi2 %.6g) is kept: %s",
                 c->start + 1, best->chi2, best->why);
  for (size_t j = 0; perm && j < c->n_free; j++) free(perm[j]);
  free(perm);
  gsl_vector_free(cur.z);
  gsl_vector_free(z);
  gsl_rng_free(rng);
  return rc;
}

/* ---- Result ------------------------------------------------------------------------------------
 */

/* Jacobian of the weighted residuals in z by central differences (the solver's own step). */
static int jacobian(fit_ctx *c, const gsl_vector *z, gsl_matrix *J) {
  if (c->use_sens) return jacobian_sens(z, c, J) ? (c->status ? c->status : VT_ENUMERIC) : VT_OK;
  gsl_vector *zz = gsl_vector_alloc(c->n_free), *fp = gsl_vector_alloc(c->n_data),
             *fm = gsl_vector_alloc(c->n_data);
  int rc = (zz && fp && fm) ? VT_OK : VT_ENOMEM;
  for (size_t j = 0; !rc && j < c->n_free; j++) {
    double h = 1e-6 * fmax(fabs(gsl_vector_get(z, j)), 1.0);
    gsl_vector_memcpy(zz, z);
    gsl_vector_set(zz, j, gsl_vector_get(z, j) + h);
    rc = residuals(zz, c, fp) ? (c->status ? c->status : VT_ENUMERIC) : VT_OK;
    gsl_vector_set(zz, j, gsl_vector_get(z, j) - h);
    if (!rc) rc = residuals(zz, c, fm) ? (c->status ? c->status : VT_ENUMERIC) : VT_OK;
    for (size_t i = 0; !rc && i < c->n_data; i++)
      gsl_matrix_set(J, i, j, (gsl_vector_get(fp, i) - gsl_vector_get(fm, i)) / (2 * h));
  }
  gsl_vector_free(zz);
  gsl_vector_free(fp);
  gsl_vector_free(fm);
  return rc;
}

/* The result's arrays as one block, the doubles first and the names after them (vt_fit_result_free
 * frees it through `value`, its start). */
static int alloc_result(vt_fit_result *r, size_t p, size_t n) {
  memset(r, 0, sizeof *r);
  double *d = calloc(1, (2 * p + 2 * p * p + 2 * n) * sizeof *d + p * sizeof *r->names);
  if (!d) return VT_ENOMEM;
  r->value = d;
  r->se = r->value + p;
  r->correlation = r->se + p;
  r->correlation_fitted = r->correlation + p * p;
  r->predicted = r->correlation_fitted + p * p;
  r->residual = r->predicted + n;
  r->names = (char(*)[32])(void *)(r->residual + n);
  return VT_OK;
}

/* Correlations of a covariance into out (row major); returns the largest off the diagonal. */
static double correlations(const gsl_matrix *cov, double *out) {
  size_t p = cov->size1;
  double worst = 0.0;
  for (size_t j = 0; j < p; j++)
    for (size_t k = 0; k < p; k++) {
      double v =
          gsl_matrix_get(cov, j, k) / sqrt(gsl_matrix_get(cov, j, j) * gsl_matrix_get(cov, k, k));
      out[j * p + k] = v;
      if (k != j) worst = fmax(worst, fabs(v));
    }
  return worst;
}

/* B = G A G^T for the delta method. */
static void sandwich(const gsl_matrix *G, const gsl_matrix *A, gsl_matrix *tmp, gsl_matrix *B) {
  gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, G, A, 0.0, tmp);
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, tmp, G, 0.0, B);
}

/* Covariances of the model parameters (r->se, r->correlation) and of the fitted basis. */
static void uncertainties(fit_ctx *c, const gsl_vector *z, const gsl_matrix *cov_z, double scale,
                          vt_fit_result *r) {
  size_t p = c->n_free;
  gsl_matrix *G = gsl_matrix_alloc(p, p), *tmp = gsl_matrix_alloc(p, p),
             *cov = gsl_matrix_alloc(p, p);
  if (!G || !tmp || !cov) goto done;
  dp_dz(c, z, G);
  sandwich(G, cov_z, tmp, cov);
  r->max_abs_correlation = correlations(cov, r->correlation);
  for (size_t j = 0; j < p; j++) {
    int on_bound = fabs(cos(gsl_vector_get(z, j))) < 1e-6;
    r->se[j] = on_bound ? NAN : sqrt(gsl_matrix_get(cov, j, j) * scale);
  }
  gsl_matrix_set_zero(G); /* the fitted basis: dq/dz is diagonal */
  for (size_t j = 0; j < p; j++) gsl_matrix_set(G, j, j, dq_dz(c, j, gsl_vector_get(z, j)));
  sandwich(G, cov_z, tmp, cov);
  r->max_abs_correlation_fitted = correlations(cov, r->correlation_fitted);
  if (c->a_slot >= 0) {
    size_t a = (size_t)c->a_slot;
    r->T_ref_K = c->T_ref;
    r->tau_ref_s = exp(u_of_z(c, a, gsl_vector_get(z, a)));
    r->tau_ref_se_s = sqrt(gsl_matrix_get(cov, a, a) * scale);
  }
done:
  gsl_matrix_free(G);
  gsl_matrix_free(tmp);
  gsl_matrix_free(cov);
}

/* Values no ordinary glass has: a fit that lands there found a degenerate minimum. */
static const struct plausible {
  const char *name;
  double lo, hi;
  const char *unit_text;
} plausible[] = {
    {"dh", 20e3, 2e6, "20-2000 kJ/mol"}, {"x", 0.1, 1.0, "0.1-1"},
    {"beta", 0.2, 1.0, "0.2-1"},         {"dCp", 0.5, 500.0, "0.5-500 J/(mol K)"},
    {"A", 1e-99, 1e2, "1e-99-100 s"},
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
warn(vt_fit_result *r, const char *fmt, ...) {
  size_t n = strlen(r->warnings);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->warnings + n, sizeof r->warnings - n, fmt, ap);
  va_end(ap);
}

/* Parameters at a bound, implausible values, fitted pairs correlated above 0.99. */
static void warnings(const fit_ctx *c, const gsl_vector *z, vt_fit_result *r) {
  size_t p = c->n_free;
  if (c->failed_points)
    warn(r, "%ld trial point%s could not be simulated and the solver stepped back (last: %s)\n",
         c->failed_points, c->failed_points == 1 ? "" : "s", c->failed_msg);
  for (size_t j = 0; j < p; j++) {
    double sz = sin(gsl_vector_get(z, j));
    const char *name = (int)j == c->a_slot ? "tau_ref" : r->names[j];
    double q = p_of_u(c, j, u_of_z(c, j, gsl_vector_get(z, j)));
    if (fabs(sz) > 1.0 - 1e-10)
      warn(r,
           "%s = %g (SI) sits at its %s bound %g: the data push it beyond; widen the bound "
           "or fix it\n",
           name, q, sz > 0 ? "upper" : "lower", p_of_u(c, j, sz > 0 ? c->hi[j] : c->lo[j]));
    for (size_t k = 0; k < sizeof plausible / sizeof *plausible; k++)
      if (!strcmp(plausible[k].name, r->names[j]) &&
          !(r->value[j] >= plausible[k].lo && r->value[j] <= plausible[k].hi))
        warn(r,
             "%s = %g (SI) is implausible for a glass (expected %s): likely a degenerate "
             "minimum; fix it or bound it\n",
             r->names[j], r->value[j], plausible[k].unit_text);
  }
  for (size_t j = 0; j < p; j++)
    for (size_t k = j + 1; k < p; k++) {
      double v = r->correlation_fitted[j * p + k];
      if (fabs(v) > 0.99)
        warn(r,
             "%s and %s (as fitted) are correlated, r = %.5f: the data fix only a "
             "combination of the two\n",
             (int)j == c->a_slot ? "tau_ref" : r->names[j],
             (int)k == c->a_slot ? "tau_ref" : r->names[k], v);
    }
}

static int assemble(fit_ctx *c, const start_result *best, int weighted, vt_fit_result *r,
                    vt_error *err) {
  size_t p = c->n_free, n = c->n_data;
  if (alloc_result(r, p, n)) return vt_fail(err, VT_ENOMEM, "out of memory");
  gsl_matrix *J = gsl_matrix_alloc(n, p), *cov = gsl_matrix_alloc(p, p);
  gsl_vector *f = gsl_vector_alloc(n);
  /* residuals last: c->pred must hold the best point's predictions (the FD Jacobian moves it) */
  int rc = (J && cov && f) ? VT_OK : VT_ENOMEM;
  int fresh = c->use_sens && c->jvalid && same_z(best->z, c->jz); /* the last run was there */
  if (!rc && c->use_sens && !fresh && residuals(best->z, c, f))
    rc = c->status ? c->status : VT_ENUMERIC;
  if (!rc) rc = jacobian(c, best->z, J); /* with sensitivities: the one just computed */
  if (!rc) gsl_multifit_nlinear_covar(J, 1e-12, cov);
  if (!rc && !c->use_sens && residuals(best->z, c, f)) rc = c->status ? c->status : VT_ENUMERIC;
  r->n_free = p;
  r->n_data = n;
  r->dof = n - p;
  r->chi2 = best->chi2;
  r->chi2_dof = best->chi2 / (double)r->dof;
  r->weighted = weighted;
  r->converged = best->converged;
  if (!rc) {
    params_of_z(c, best->z, r->value);
    for (size_t j = 0; j < p; j++)
      snprintf(r->names[j], sizeof r->names[j], "%s", c->table[c->index[j]].name);
    uncertainties(c, best->z, cov, weighted ? 1.0 : r->chi2_dof, r);
    warnings(c, best->z, r);
  }
  for (size_t i = 0; !rc && i < n; i++) {
    r->predicted[i] = c->pred[i];
    r->residual[i] = c->pred[i] - c->observed[i];
  }
  r->iterations = best->iterations;
  r->best_start = best->start;
  r->n_starts = c->start + 1;
  snprintf(r->message, sizeof r->message, "%s", best->why);
  gsl_vector_free(f);
  gsl_matrix_free(J);
  gsl_matrix_free(cov);
  if (rc) vt_fit_result_free(r);
  return rc;
}

void vt_fit_result_free(vt_fit_result *r) {
  if (!r) return;
  free(r->value); /* every array (alloc_result) */
  memset(r, 0, sizeof *r);
}

int vt_fit_run(vt_model *model, const vt_fit_data *data, const vt_fit_options *opts,
               vt_fit_result *result, vt_error *err) {
  if (!result) return vt_fail(err, VT_EINVAL, "vt_fit_run: NULL result");
  memset(result, 0, sizeof *result);
  if (!model || !data || !opts) return vt_fail(err, VT_EINVAL, "vt_fit_run: NULL argument");
  vt_gsl_quiet();
  fit_ctx c;
  int weighted = 0, rc = init_ctx(&c, model, data, opts, err);
  c.t_start = now_s();
  gsl_vector *z0 = rc ? NULL : gsl_vector_alloc(c.n_free);
  start_result best = {rc ? NULL : gsl_vector_alloc(c.n_free), 0, 0, 0, 0, ""};
  if (!rc && (!z0 || !best.z)) rc = vt_fail(err, VT_ENOMEM, "out of memory");
  double p0[64];
  for (size_t j = 0; !rc && j < c.n_free; j++)
    vt_model_get(model, c.table[c.index[j]].name, &p0[j], NULL);
  if (!rc) {
    z_of_params(&c, p0, z0);
    fill_observed(&c, &weighted);
    rc = multistart(&c, z0, &best, err);
  }
  /* No start converged: the best point reached is still the user's to see. */
  int assembled = (rc == VT_OK || rc == VT_ENOCONV) && c.evaluated_starts > 0;
  vt_error quiet;
  if (assembled) {
    int arc = assemble(&c, &best, weighted, result, rc ? &quiet : err);
    if (arc) rc = arc, assembled = 0;
  }
  if (assembled) result->model_runs = c.runs;
  if (assembled) result->sensitivity_runs = c.sens_runs;
  for (size_t j = 0; assembled && j < c.n_free; j++) {
    int src = vt_model_set(model, result->names[j], result->value[j], rc ? &quiet : err);
    if (src && !rc) rc = src;
  }
  int orc = assembled ? vt_fit_offset_report(model, data, opts, result, rc ? &quiet : err) : 0;
  if (orc && !rc) rc = orc;
  gsl_vector_free(z0);
  gsl_vector_free(best.z);
  release(&c);
  return rc;
}

int vt_fit_predict(vt_model *model, const vt_fit_data *data, const vt_fit_options *opts,
                   double *predicted, vt_error *err) {
  if (!model || !data || !predicted)
    return vt_fail(err, VT_EINVAL, "vt_fit_predict: NULL model, data or output");
  fit_group *g = NULL;
  size_t n = 0;
  fit_reference ref = {0};
  int rc =
      vt_fit_groups(data, opts->reading, &g, &n) ? vt_fail(err, VT_ENOMEM, "out of memory") : VT_OK;
  if (!rc) rc = vt_fit_reference(model, opts, data, &ref, err);
  for (size_t k = 0; !rc && k < n; k++)
    rc = vt_fit_predict_group(model, opts, data, &g[k], &ref, predicted, NULL, err);
  vt_fit_reference_free(&ref);
  vt_fit_groups_free(g, n);
  return rc;
}
