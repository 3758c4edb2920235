/* The interface every model implements (internal). A model keeps its parameters in an array in
 * table order (SI) owned by the generic vt_model; the class owns its numerical state. */
#ifndef VT_MODEL_IMPL_H
#define VT_MODEL_IMPL_H

#include "../core/internal.h"
#include "model_layer.h"

typedef struct vt_model_class {
  const char *name;
  const char *summary;
  const vt_param_info *params;
  size_t n_params;
  void *(*create)(void);
  void (*destroy)(void *state);
  int (*set_option)(void *state, const char *key, const char *value, vt_error *err);
  /* Called before equilibrate when parameters changed since the last call. */
  int (*prepare)(void *state, const double *p, vt_error *err);
  int (*equilibrate)(void *state, const double *p, double T_K, vt_error *err);
  /* Temperature-driven models step in temperature; mechanical ones (step NULL) in strain or
   * stress at the temperature of the last equilibrate. */
  int (*step)(void *state, const double *p, double dt_s, double T0_K, double T1_K, vt_error *err);
  int (*strain_step)(void *state, const double *p, double dt_s, double strain_end, vt_error *err);
  int (*stress_step)(void *state, const double *p, double dt_s, double stress_end_Pa,
                     vt_error *err);
  void (*observe)(const void *state, const double *p, vt_observables *out);
  /* Copy options and tables (not the parameters, not the state) into a fresh state. */
  int (*copy_config)(void *dst, const void *src);
  /* Take over the prepared numerics of a state with the same parameters (a fit's thread
   * models share one Prony refit instead of each doing it); NULL when not worth it. */
  int (*share_prepared)(void *dst, const void *src);
  /* One line on the numerics in use (after prepare). */
  void (*describe)(const void *state, char *buf, size_t size);
} vt_model_class;

/* The members every class fills alike from its prefix: name, parameter table (prefix_params,
 * N_PARAMS rows) and the hooks prefix_create, _destroy, _set_option, _prepare, _equilibrate,
 * _observe, _copy_config, _describe. The other hooks are named in the initialiser after it. */
#define VT_MODEL_CLASS_BASE(prefix)                                                                \
  .name = #prefix, .params = prefix##_params, .n_params = N_PARAMS, .create = prefix##_create,     \
  .destroy = prefix##_destroy, .set_option = prefix##_set_option, .prepare = prefix##_prepare,     \
  .equilibrate = prefix##_equilibrate, .observe = prefix##_observe,                                \
  .copy_config = prefix##_copy_config, .describe = prefix##_describe

extern const vt_model_class vt_tnm_class;
extern const vt_model_class vt_units_class;
extern const vt_model_class vt_pel_class;
extern const vt_model_class vt_visco_class;

/* The class state of a model when it is of class `cls` (else NULL), for class-specific public
 * calls such as vt_units_set_table; vt_model_invalidate makes the next equilibrate re-prepare. */
void *vt_model_state_of(vt_model *model, const vt_model_class *cls);
void vt_model_invalidate(vt_model *model);
/* Prepare the numerics now if parameters or options changed (as equilibrate would). */
int vt_model_prepare(vt_model *model, vt_error *err);
/* The parameter values in table order (SI), and whether the model has been equilibrated since
 * its last change, for class-specific calls that read them (vt_visco_shift, vt_visco_observe). */
const double *vt_model_values(const vt_model *model);
int vt_model_ready(const vt_model *model);

/* The record of a model's forward sensitivities (TNM's, the units model's): dTf/dp at every node
 * since the last equilibrate, n directions each, and the sensitivity steps taken. */
typedef struct vt_sens_log {
  double *rows; /* n_rows x n, node-major; room for `max` per row (freed by the class) */
  size_t n_rows, cap_rows;
  unsigned long steps; /* sensitivity steps since creation (for cost counts) */
} vt_sens_log;
/* Append one node's dTf[0..n) (n <= max, the class's most directions); VT_ENOMEM. */
int vt_sens_log_push(vt_sens_log *log, const double *dTf, int n, int max);
/* What vt_tnm_sensitivities and vt_units_sensitivities return: the rows and their counts (each
 * out pointer may be NULL); NULL for a NULL log or n 0 (sensitivities off). */
const double *vt_sens_log_rows(const vt_sens_log *log, int n, size_t *n_rows, size_t *n_dir,
                               unsigned long *steps);

/* The option "prony_tol" of the models with KWW Prony series (TNM, visco): the largest |error|
 * of the series, `value` a number in [VT_PRONY_TOL_MIN, VT_PRONY_TOL_MAX] into *tol; else
 * VT_ERANGE "prony_tol 'VALUE': expected a number in [1e-9, 1e-2]" and *tol unchanged. */
#define VT_PRONY_TOL_MIN 1e-9
#define VT_PRONY_TOL_MAX 1e-2
int vt_prony_tol_option(const char *value, double *tol, vt_error *err);

/* Refit the weights of a Prony series on its own tau grid for another beta (smooth in beta, as
 * a fit's finite differences need); VT_ENOCONV when that grid cannot reach tol. */
int vt_prony_refit(vt_prony *series, double beta, double tol);

/* The factored least-squares problem of a tau grid (its truncated pseudo-inverse), kept between
 * refits: a refit for another beta is then O(N K) instead of a QR and an SVD. Zero-initialise;
 * rebuilt whenever the series' grid differs from the one it was made for. */
typedef struct vt_prony_basis {
  size_t N, K;
  double lg_lo, lg_hi, tau_first, tau_last;
  double *H, *htau; /* Householder QR of the balanced design: N x K column major, K */
  size_t *hlen;     /* reflector i acts on rows i .. i + hlen[i] - 1 (the rest are 0) */
  double *P, *D;    /* R's (truncated) pseudo-inverse, K x K row major; the column scales */
  int tri;          /* P holds R itself (no singular value cut): solve by back substitution */
  double *dw;       /* dw/dbeta of the weights at dw_beta (K values; 0: none), by the last refit */
  double dw_beta;
} vt_prony_basis;
int vt_prony_refit_cached(vt_prony *series, double beta, double tol, vt_prony_basis *basis);
void vt_prony_basis_free(vt_prony_basis *basis);
int vt_prony_basis_copy(vt_prony_basis *dst, const vt_prony_basis *src);
/* dst made src's: copied when its grid differs, else only the weight derivative when newer. */
int vt_prony_basis_share(vt_prony_basis *dst, const vt_prony_basis *src);
/* vt_prony_kww that also leaves the basis of the series' grid (the factors its own last fit
 * made; basis may be NULL), so a fit that keeps the grid does not factor it again. */
int vt_prony_kww_basis(double beta, double tol, vt_prony *out, vt_prony_basis *basis,
                       vt_error *err);
/* dw/dbeta of the refit weights of a series on its grid (K values into dw). */
int vt_prony_weight_derivative(const vt_prony *series, double beta, vt_prony_basis *basis,
                               double *dw);

#endif
