/* Internals of the model fitter shared by fit_data.c and fit_model.c. */
#ifndef VT_FIT_INTERNAL_H
#define VT_FIT_INTERNAL_H

#include "vitrum/vitrum.h"

enum { GROUP_DH, GROUP_CURVE };

/* Data points one simulation predicts: dh points of one protocol, or one curve. */
typedef struct fit_group {
  int kind;
  size_t first;    /* GROUP_DH: the first member */
  size_t count;    /* GROUP_DH: members */
  size_t curve;    /* GROUP_CURVE: index */
  size_t *members; /* GROUP_DH: data indices */
} fit_group;

/* The as-cooled glass's H_conf at the temperatures the data refer to, and its derivatives
 * (n x n_dir) when the model carries forward sensitivities (TNM's option "sensitivities"). */
typedef struct fit_reference {
  size_t n, n_dir;
  double *T, *H, *dH;
} fit_reference;

int vt_fit_groups(const vt_fit_data *d, vt_dh_reading reading, fit_group **out, size_t *n_out);
void vt_fit_groups_free(fit_group *g, size_t n);
int vt_fit_reference(vt_model *m, const vt_fit_options *o, const vt_fit_data *d, fit_reference *ref,
                     vt_error *err);
/* The two halves of vt_fit_reference: the temperatures with H and dH zero (a reference that
 * leaves predictions as -H, for adding the real one later), and the quench on m. */
int vt_fit_reference_init(const vt_fit_options *o, const vt_fit_data *d, size_t n_dir,
                          fit_reference *ref);
int vt_fit_reference_run(vt_model *m, const vt_fit_options *o, fit_reference *ref, vt_error *err);
double vt_fit_reference_at(const fit_reference *ref, double T);
const double *vt_fit_reference_d_at(const fit_reference *ref, double T); /* n_dir values */
void vt_fit_reference_free(fit_reference *ref);
/* Predictions of one group, written at the group's data indices of `pred`; with `dpred` (and a
 * model with sensitivities on) also their derivatives, n_dir per data index. */
int vt_fit_predict_group(vt_model *m, const vt_fit_options *o, const vt_fit_data *d,
                         const fit_group *g, const fit_reference *ref, double *pred, double *dpred,
                         vt_error *err);
/* All predictions (as vt_fit_predict) with d pred_i/dp_j in dpred (n_data x p, row major) from
 * the model's forward sensitivities for the p parameters named; VT_ENOTFOUND, err untouched,
 * when it has none for one of them (the caller then differences). */
int vt_fit_predict_d(vt_model *m, const vt_fit_data *d, const vt_fit_options *o, char (*names)[32],
                     size_t p, double *pred, double *dpred, vt_error *err);

/* A fitted dh offset (fit_offset.c): profiled into the dh predictions at every evaluation, and
 * its value and standard error put in the result after the fit (the model holding the best
 * point); both do nothing unless opts->fit_dh_offset. */
void vt_fit_offset_profile(const vt_fit_data *d, const vt_fit_options *o, double *pred);
/* The same profiling for a Jacobian J (rows n_data, n_cols used, row stride tda) of the dh
 * predictions before it: each dh row less the weighted mean of the dh rows. */
void vt_fit_offset_project(const vt_fit_data *d, const vt_fit_options *o, double *J, size_t n_cols,
                           size_t tda);
int vt_fit_offset_report(vt_model *m, const vt_fit_data *d, const vt_fit_options *o,
                         vt_fit_result *r, vt_error *err);

/* CPU time all fits of the process spent in their parallel part (fit_model.c), for bench_fit. */
double vt_fit_parallel_cpu_s(void);

#endif
