/* dh relative to a reference state: a constant offset between the data's dh and the model's
 * (the data read against a reference scan whose history is not the model's as-cooled glass).
 * Fitted, it is a linear parameter: at every evaluation it is profiled out as the weighted mean
 * of the dh residuals (variable projection), so the solver sees only the model's parameters and
 * their covariance is the marginal one. Its own variance is that of the weighted mean plus what
 * the parameters' uncertainty carries into it: var = s^2 / sum(w) + g^T C g, g = d offset / dp
 * (the block inverse of the full normal matrix). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "fit_internal.h"

static double weight(const vt_fit_data *d, size_t i) {
  double s = d->dh[i].sigma_J_per_mol;
  return isnan(s) ? 1.0 : 1.0 / (s * s);
}

/* sum w (y - pred) / sum w over the dh points. */
static double mean_gap(const vt_fit_data *d, const double *pred) {
  double sw = 0.0, sum = 0.0;
  for (size_t i = 0; i < d->n_dh; i++) {
    sw += weight(d, i);
    sum += weight(d, i) * (d->dh[i].dh_J_per_mol - pred[i]);
  }
  return sw > 0 ? sum / sw : 0.0;
}

void vt_fit_offset_profile(const vt_fit_data *d, const vt_fit_options *o, double *pred) {
  if (!o->fit_dh_offset || !d->n_dh) return;
  double gap = mean_gap(d, pred);
  for (size_t i = 0; i < d->n_dh; i++) pred[i] += gap;
}

/* The profiled prediction is pred_i + gap(pred), gap = sum_k w_k (y_k - pred_k) / sum w, so its
 * derivative is d pred_i - sum_k w_k d pred_k / sum w: the weighted mean of the dh rows off each.
 * (The offset's own column, d residual / d offset = 1 per dh point, is what this projects out.) */
void vt_fit_offset_project(const vt_fit_data *d, const vt_fit_options *o, double *J, size_t n_cols,
                           size_t tda) {
  if (!o->fit_dh_offset || !d->n_dh) return;
  double sw = 0.0;
  for (size_t i = 0; i < d->n_dh; i++) sw += weight(d, i);
  for (size_t j = 0; j < n_cols; j++) {
    double mean = 0.0;
    for (size_t i = 0; i < d->n_dh; i++) mean += weight(d, i) * J[i * tda + j];
    mean /= sw;
    for (size_t i = 0; i < d->n_dh; i++) J[i * tda + j] -= mean;
  }
}

/* d offset / dp_j = -sum w d pred_j / sum w over the dh points, by the model's sensitivities
 * (one run of each protocol): VT_ENOTFOUND when it has none. */
static int offset_gradient_sens(vt_model *m, const vt_fit_data *d, const vt_fit_options *o,
                                const vt_fit_result *r, double *g, vt_error *err) {
  size_t n = r->n_data, p = r->n_free;
  double *pred = malloc(n * sizeof *pred), *dpred = malloc(n * p * sizeof *dpred + 1), sw = 0.0;
  int rc = !pred || !dpred  ? vt_fail(err, VT_ENOMEM, "out of memory")
           : o->fd_jacobian ? VT_ENOTFOUND
                            : vt_fit_predict_d(m, d, o, r->names, p, pred, dpred, err);
  for (size_t i = 0; i < d->n_dh; i++) sw += weight(d, i);
  for (size_t j = 0; !rc && j < p; j++) {
    g[j] = 0.0;
    for (size_t i = 0; i < d->n_dh; i++) g[j] -= weight(d, i) * dpred[i * p + j] / sw;
  }
  free(pred);
  free(dpred);
  return rc;
}

/* d offset / dp_j by the sensitivities, or else forward differences of the model's dh (the
 * model holds the best point). */
static int offset_gradient(vt_model *m, const vt_fit_data *d, const vt_fit_options *o,
                           const vt_fit_result *r, const double *pred, double *pred_h, double *g,
                           vt_error *err) {
  int rc = offset_gradient_sens(m, d, o, r, g, err);
  if (rc != VT_ENOTFOUND) return rc;
  double base = mean_gap(d, pred);
  for (size_t j = 0; j < r->n_free; j++) {
    double v = r->value[j], h = 1e-6 * (fabs(v) > 0 ? fabs(v) : 1.0);
    rc = vt_model_set(m, r->names[j], v + h, NULL) ? vt_model_set(m, r->names[j], v - h, err)
                                                   : VT_OK;
    if (rc) return rc;
    double step = 0;
    vt_model_get(m, r->names[j], &step, NULL);
    rc = vt_fit_predict(m, d, o, pred_h, err);
    vt_model_set(m, r->names[j], v, NULL);
    if (rc) return rc;
    g[j] = (mean_gap(d, pred_h) - base) / (step - v);
  }
  return VT_OK;
}

int vt_fit_offset_report(vt_model *m, const vt_fit_data *d, const vt_fit_options *o,
                         vt_fit_result *r, vt_error *err) {
  if (!o->fit_dh_offset || !d->n_dh) return VT_OK;
  if (r->dof < 2)
    return vt_fail(err, VT_EINVAL, "%zu data points cannot fix %zu free parameters and a dh offset",
                   r->n_data, r->n_free);
  size_t n = r->n_data, p = r->n_free;
  double *pred = malloc((n + 1) * sizeof *pred), *pred_h = malloc((n + 1) * sizeof *pred_h);
  double *g = calloc(p + 1, sizeof *g);
  int rc = pred && pred_h && g ? vt_fit_predict(m, d, o, pred, err) : VT_ENOMEM;
  if (!rc) rc = offset_gradient(m, d, o, r, pred, pred_h, g, err);
  if (!rc) {
    /* one more fitted parameter: one fewer degree of freedom */
    double old_dof = (double)r->dof;
    r->dof -= 1;
    r->chi2_dof = r->chi2 / (double)r->dof;
    for (size_t j = 0; !r->weighted && j < p; j++) r->se[j] *= sqrt(old_dof / (double)r->dof);
    double sw = 0.0, var = 0.0;
    for (size_t i = 0; i < d->n_dh; i++) sw += weight(d, i);
    for (size_t j = 0; j < p; j++)
      for (size_t k = 0; k < p; k++) {
        double c = r->correlation[j * p + k] * r->se[j] * r->se[k];
        if (isfinite(c)) var += g[j] * c * g[k];
      }
    var += (r->weighted ? 1.0 : r->chi2_dof) / sw;
    r->dh_offset_fitted = 1;
    r->dh_offset_J_per_mol = o->dh_offset_J_per_mol + mean_gap(d, pred);
    r->dh_offset_se_J_per_mol = sqrt(var);
  }
  free(pred);
  free(pred_h);
  free(g);
  return rc == VT_ENOMEM ? vt_fail(err, rc, "out of memory") : rc;
}
