/* Fitting model parameters: GSL trust-region least squares (Levenberg-Marquardt, central finite
 * differences) on transformed parameters, with a multi-start global strategy.
 *
 * Transforms: a log-scale parameter (A, dh*, tau0) is fitted as u = ln p, others as u = p; u is
 * kept inside its bounds by u = lo + (hi - lo)(1 + sin z)/2 (MINUIT's transform), so the solver
 * moves z freely. Starts: the model's own values, then n_starts - 1 Latin-hypercube points in u
 * within a box around them (ln p +- ln 10 for log-scale parameters, +- a quarter of the bounds
 * otherwise), each solved to convergence; the lowest chi^2 wins. Standard errors: the covariance
 * (J^T J)^-1 in z mapped to p by the delta method, scaled by chi^2/dof when the data carry no
 * uncertainties. Protocol groups are simulated in parallel, one model clone per OpenMP thread. */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "../core/internal.h"
#include "../models/model_impl.h"
#include "fit_internal.h"

vt_fit_options vt_fit_options_default(void) {
  vt_fit_options o;
  memset(&o, 0, sizeof o);
  o.n_starts = 4;
  o.seed = 1;
  o.max_iterations = 200;
  o.dsc = vt_dsc_options_default();
  return o;
}

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
} fit_ctx;

static double u_of_z(const fit_ctx *c, size_t j, double z) {
  return c->lo[j] + (c->hi[j] - c->lo[j]) * 0.5 * (1.0 + sin(z));
}

static double p_of_u(const fit_ctx *c, size_t j, double u) {
  return c->logscale[j] ? exp(u) : u;
}

static double z_of_p(const fit_ctx *c, size_t j, double p) {
  double u = c->logscale[j] ? log(p) : p;
  double f = 2.0 * (u - c->lo[j]) / (c->hi[j] - c->lo[j]) - 1.0;
  return asin(fmax(-1.0 + 1e-9, fmin(1.0 - 1e-9, f))); /* a start on a bound: just inside */
}

/* dp/dz, for the delta method. */
static double dp_dz(const fit_ctx *c, size_t j, double z) {
  double du = (c->hi[j] - c->lo[j]) * 0.5 * cos(z);
  return c->logscale[j] ? exp(u_of_z(c, j, z)) * du : du;
}

/* Predictions for parameters z: reference quench, then every group (in parallel). */
static int evaluate(fit_ctx *c, const gsl_vector *z) {
  int status = VT_OK;
  for (int t = 0; t < c->n_models && !status; t++)
    for (size_t j = 0; j < c->n_free && !status; j++)
      status = vt_model_set(c->models[t], c->table[c->index[j]].name,
                            p_of_u(c, j, u_of_z(c, j, gsl_vector_get(z, j))), c->err);
  /* Prepare once (a beta change means a Prony refit, ~10 ms) and share it with the others. */
  for (int t = 1; t < c->n_models && !status; t++)
    status = vt_model_prepare_shared(c->models[t], c->models[0], c->err);
  fit_reference ref = {0};
  if (!status) status = vt_fit_reference(c->models[0], c->opts, c->data, &ref, c->err);
  long runs = 1;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic) num_threads(c->n_models) reduction(+ : runs)
#endif
  for (size_t k = 0; k < c->n_groups; k++) {
    int t = 0;
#ifdef _OPENMP
    t = omp_get_thread_num();
#endif
    int rc;
#ifdef _OPENMP
#pragma omp atomic read
#endif
    rc = status;
    if (rc) continue;
    vt_error local;
    rc = vt_fit_predict_group(c->models[t], c->opts, c->data, &c->groups[k], &ref, c->pred, &local);
    runs++;
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
  vt_fit_reference_free(&ref);
  return status;
}

static int residuals(const gsl_vector *z, void *params, gsl_vector *f) {
  fit_ctx *c = params;
  /* Cancelled: stop before the parameter update (a Prony refit) as well as inside simulations. */
  if (!c->status && vt_cancelled())
    c->status = vt_fail(c->err, VT_ECANCELLED, "fit cancelled (vt_cancel_request)");
  if (c->status) return GSL_EBADFUNC;
  c->status = evaluate(c, z);
  if (c->status) return GSL_EBADFUNC;
  for (size_t i = 0; i < c->n_data; i++)
    gsl_vector_set(f, i, (c->pred[i] - c->observed[i]) / c->sigma[i]);
  return GSL_SUCCESS;
}

typedef struct start_result {
  gsl_vector *z;
  double chi2;
  int iterations, start;
  char why[128];
} start_result;

static void iteration_callback(const size_t iter, void *params,
                               const gsl_multifit_nlinear_workspace *w) {
  fit_ctx *c = params;
  if (!c->opts->progress) return;
  double chi2;
  gsl_blas_ddot(gsl_multifit_nlinear_residual(w), gsl_multifit_nlinear_residual(w), &chi2);
  c->opts->progress(c->opts->progress_ctx, c->start, c->opts->n_starts, (int)iter, chi2);
}

static int solve_from(fit_ctx *c, const gsl_vector *z0, start_result *out) {
  gsl_multifit_nlinear_fdf fdf = {residuals, NULL, NULL, c->n_data, c->n_free, c, 0, 0, 0};
  gsl_multifit_nlinear_parameters par = gsl_multifit_nlinear_default_parameters();
  par.trs = gsl_multifit_nlinear_trs_lm;
  par.fdtype = GSL_MULTIFIT_NLINEAR_CTRDIFF;
  par.h_df = 1e-6; /* step in z; simulations are smooth to ~1e-9 K, so 1e-6 keeps the noise out */
  gsl_multifit_nlinear_workspace *w =
      gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &par, c->n_data, c->n_free);
  if (!w) return VT_ENOMEM;
  int info = 0, gs = gsl_multifit_nlinear_init(z0, &fdf, w);
  if (!gs)
    gs = gsl_multifit_nlinear_driver((size_t)c->opts->max_iterations, 1e-10, 1e-10, 0.0,
                                     iteration_callback, c, &info, w);
  gsl_vector *r = gsl_multifit_nlinear_residual(w);
  gsl_blas_ddot(r, r, &out->chi2);
  gsl_vector_memcpy(out->z, gsl_multifit_nlinear_position(w));
  out->iterations = (int)gsl_multifit_nlinear_niter(w);
  snprintf(out->why, sizeof out->why, "%s",
           gs          ? gsl_strerror(gs)
           : info == 1 ? "small step (xtol)"
           : info == 2 ? "small gradient (gtol)"
                       : "converged");
  gsl_multifit_nlinear_free(w);
  if (c->status) return c->status;
  return gs == GSL_EMAXITER ? VT_ENOCONV : gs ? VT_ENUMERIC : VT_OK;
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

static int init_ctx(fit_ctx *c, const vt_model *m, const vt_fit_data *d, const vt_fit_options *o,
                    vt_error *err) {
  memset(c, 0, sizeof *c);
  c->data = d;
  c->opts = o;
  c->err = err;
  c->n_free = o->n_free;
  if (o->n_free == 0 || !o->free_names)
    return vt_fail(err, VT_EINVAL, "name at least one parameter to fit");
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
  if (!rc && vt_fit_groups(d, o->reading, &c->groups, &c->n_groups))
    rc = vt_fail(err, VT_ENOMEM, "out of memory");
  if (!rc) rc = make_models(c, m, err);
  return rc;
}

/* ---- Starts ------------------------------------------------------------------------------------
 */

/* Start s (>= 1) of a Latin hypercube in u around the model's values: each parameter's box is
 * cut into n - 1 strata, visited in a random order per parameter. */
static void latin_start(fit_ctx *c, const gsl_vector *z0, gsl_rng *rng, size_t **perm, int s, int n,
                        gsl_vector *z) {
  for (size_t j = 0; j < c->n_free; j++) {
    double u0 = u_of_z(c, j, gsl_vector_get(z0, j));
    double half = c->logscale[j] ? log(10.0) : 0.25 * (c->hi[j] - c->lo[j]);
    double a = fmax(c->lo[j], u0 - half), b = fmin(c->hi[j], u0 + half);
    double frac = ((double)perm[j][s - 1] + gsl_rng_uniform(rng)) / (double)(n - 1);
    double u = a + (b - a) * frac;
    gsl_vector_set(z, j, z_of_p(c, j, p_of_u(c, j, u)));
  }
}

static int multistart(fit_ctx *c, const gsl_vector *z0, start_result *best, vt_error *err) {
  int n = c->opts->n_starts > 0 ? c->opts->n_starts : 1;
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
  size_t **perm = calloc(c->n_free, sizeof *perm);
  start_result cur = {gsl_vector_alloc(c->n_free), 0, 0, 0, ""};
  gsl_vector *z = gsl_vector_alloc(c->n_free);
  int rc = (rng && perm && cur.z && z) ? VT_OK : vt_fail(err, VT_ENOMEM, "out of memory");
  if (!rc) gsl_rng_set(rng, c->opts->seed);
  for (size_t j = 0; !rc && j < c->n_free; j++) {
    perm[j] = malloc((size_t)(n > 1 ? n - 1 : 1) * sizeof **perm);
    if (!perm[j]) rc = vt_fail(err, VT_ENOMEM, "out of memory");
    for (int s = 0; !rc && s < n - 1; s++) perm[j][s] = (size_t)s;
    if (!rc && n > 2) gsl_ran_shuffle(rng, perm[j], (size_t)(n - 1), sizeof **perm);
  }
  int found = 0, last_rc = VT_OK;
  char last_why[128] = "";
  for (int s = 0; !rc && s < n; s++) {
    c->start = s;
    if (s == 0)
      gsl_vector_memcpy(z, z0);
    else
      latin_start(c, z0, rng, perm, s, n, z);
    int r = solve_from(c, z, &cur);
    if (c->status) { /* a simulation failed: that is the user's data or model, not the start */
      rc = c->status;
      break;
    }
    last_rc = r;
    snprintf(last_why, sizeof last_why, "%s", cur.why);
    if (r == VT_OK && (!found || cur.chi2 < best->chi2)) {
      gsl_vector_memcpy(best->z, cur.z);
      best->chi2 = cur.chi2;
      best->iterations = cur.iterations;
      snprintf(best->why, sizeof best->why, "%s (start %d of %d)", cur.why, s + 1, n);
      best->start = s;
      found = 1;
    }
  }
  if (!rc && !found)
    rc = vt_fail(err, last_rc ? last_rc : VT_ENOCONV,
                 "the fit did not converge from any of %d starts (last: %s after %d iterations)", n,
                 last_why, cur.iterations);
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

static int alloc_result(vt_fit_result *r, size_t p, size_t n) {
  memset(r, 0, sizeof *r);
  r->names = calloc(p, sizeof *r->names);
  r->value = calloc(p, sizeof *r->value);
  r->se = calloc(p, sizeof *r->se);
  r->correlation = calloc(p * p, sizeof *r->correlation);
  r->predicted = calloc(n, sizeof *r->predicted);
  r->residual = calloc(n, sizeof *r->residual);
  return (r->names && r->value && r->se && r->correlation && r->predicted && r->residual)
             ? VT_OK
             : VT_ENOMEM;
}

static int assemble(fit_ctx *c, const start_result *best, int weighted, vt_fit_result *r,
                    vt_error *err) {
  size_t p = c->n_free, n = c->n_data;
  if (alloc_result(r, p, n)) return vt_fail(err, VT_ENOMEM, "out of memory");
  gsl_matrix *J = gsl_matrix_alloc(n, p), *cov = gsl_matrix_alloc(p, p);
  int rc = (J && cov) ? jacobian(c, best->z, J) : VT_ENOMEM;
  if (!rc) gsl_multifit_nlinear_covar(J, 1e-12, cov);
  gsl_vector *f = gsl_vector_alloc(n);
  if (!rc && (!f || residuals(best->z, c, f))) rc = c->status ? c->status : VT_ENUMERIC;
  r->n_free = p;
  r->n_data = n;
  r->dof = n - p;
  r->chi2 = best->chi2;
  r->chi2_dof = best->chi2 / (double)r->dof;
  r->weighted = weighted;
  double scale = weighted ? 1.0 : r->chi2_dof;
  for (size_t j = 0; !rc && j < p; j++) {
    double zj = gsl_vector_get(best->z, j), d = dp_dz(c, j, zj);
    snprintf(r->names[j], sizeof r->names[j], "%s", c->table[c->index[j]].name);
    r->value[j] = p_of_u(c, j, u_of_z(c, j, zj));
    r->se[j] = fabs(cos(zj)) < 1e-6 ? NAN : fabs(d) * sqrt(gsl_matrix_get(cov, j, j) * scale);
    for (size_t k = 0; k < p; k++) {
      double v =
          gsl_matrix_get(cov, j, k) / sqrt(gsl_matrix_get(cov, j, j) * gsl_matrix_get(cov, k, k));
      r->correlation[j * p + k] = v * (d * dp_dz(c, k, gsl_vector_get(best->z, k)) < 0 ? -1 : 1);
      if (k != j) r->max_abs_correlation = fmax(r->max_abs_correlation, fabs(v));
    }
  }
  for (size_t i = 0; !rc && i < n; i++) {
    r->predicted[i] = c->pred[i];
    r->residual[i] = c->pred[i] - c->observed[i];
  }
  r->iterations = best->iterations;
  r->best_start = best->start;
  r->n_starts = c->opts->n_starts > 0 ? c->opts->n_starts : 1;
  snprintf(r->message, sizeof r->message, "%s", best->why);
  gsl_vector_free(f);
  gsl_matrix_free(J);
  gsl_matrix_free(cov);
  if (rc) vt_fit_result_free(r);
  return rc;
}

void vt_fit_result_free(vt_fit_result *r) {
  if (!r) return;
  free(r->names);
  free(r->value);
  free(r->se);
  free(r->correlation);
  free(r->predicted);
  free(r->residual);
  memset(r, 0, sizeof *r);
}

int vt_fit_run(vt_model *model, const vt_fit_data *data, const vt_fit_options *opts,
               vt_fit_result *result, vt_error *err) {
  if (!result) return vt_fail(err, VT_EINVAL, "vt_fit_run: NULL result");
  memset(result, 0, sizeof *result);
  if (!model || !data) return vt_fail(err, VT_EINVAL, "vt_fit_run: NULL model or data");
  vt_gsl_quiet();
  memset(result, 0, sizeof *result);
  if (!model || !data || !opts) return vt_fail(err, VT_EINVAL, "vt_fit_run: NULL argument");
  fit_ctx c;
  int weighted = 0, rc = init_ctx(&c, model, data, opts, err);
  gsl_vector *z0 = rc ? NULL : gsl_vector_alloc(c.n_free);
  start_result best = {rc ? NULL : gsl_vector_alloc(c.n_free), 0, 0, 0, ""};
  if (!rc && (!z0 || !best.z)) rc = vt_fail(err, VT_ENOMEM, "out of memory");
  for (size_t j = 0; !rc && j < c.n_free; j++) {
    double v;
    vt_model_get(model, c.table[c.index[j]].name, &v, NULL);
    gsl_vector_set(z0, j, z_of_p(&c, j, v));
  }
  if (!rc) {
    fill_observed(&c, &weighted);
    rc = multistart(&c, z0, &best, err);
  }
  if (!rc) rc = assemble(&c, &best, weighted, result, err);
  if (!rc) result->model_runs = c.runs;
  for (size_t j = 0; !rc && j < c.n_free; j++)
    rc = vt_model_set(model, result->names[j], result->value[j], err);
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
    rc = vt_fit_predict_group(model, opts, data, &g[k], &ref, predicted, err);
  vt_fit_reference_free(&ref);
  vt_fit_groups_free(g, n);
  return rc;
}
