/* vitrum models: relaxation models behind one interface.
 *
 * A model is an opaque handle: create it by name, set parameters (SI values, by the names in its
 * parameter table), then drive it with vt_simulate() or step it yourself. */
#ifndef VITRUM_MODEL_H
#define VITRUM_MODEL_H

#include <stddef.h>

#include "core.h"
#include "program.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vt_model vt_model;

/* Names of the available models, NULL-terminated. */
VT_API const char *const *vt_model_names(void);
/* One-line summary of a model by name, NULL if unknown. */
VT_API const char *vt_model_summary(const char *name);

/* Create a model with default parameters. Unknown name: NULL and VT_ENOTFOUND. */
VT_API vt_model *vt_model_create(const char *name, vt_error *err);
VT_API void vt_model_free(vt_model *model);
/* An independent copy of a model: parameters, options and any table (one per thread). */
VT_API vt_model *vt_model_clone(const vt_model *model, vt_error *err);
VT_API const char *vt_model_name(const vt_model *model);

/* Parameter table of the model (static storage, `*count` rows). */
VT_API const vt_param_info *vt_model_params(const vt_model *model, size_t *count);
/* Parameter table by model name, without creating a model (NULL if unknown). */
VT_API const vt_param_info *vt_model_params_by_name(const char *model_name, size_t *count);

/* Set/get a parameter by table name, SI value. Values outside the table bounds or not finite
 * give VT_ERANGE; unknown names VT_ENOTFOUND (the message lists the valid names). */
VT_API int vt_model_set(vt_model *model, const char *name, double value_si, vt_error *err);
VT_API int vt_model_get(const vt_model *model, const char *name, double *value_si, vt_error *err);
/* "name=VALUE UNIT", the form the CLI takes; the unit is checked against the table. */
VT_API int vt_model_set_text(vt_model *model, const char *assignment, vt_error *err);

/* Numerical options that are not physical parameters, as key/value text. TNM knows
 * "route" = "prony" (default) | "exact"; "prony_tol", the max |error| of the KWW series
 * (default 1e-5); "prony_grid" = "adaptive" (default) | "fixed" (keep the tau grid and refit
 * only the weights when beta changes, as fits do); "sensitivities", a list of A, dh, x, beta
 * (forward dTf/dp on the Prony route, read with vt_tnm_sensitivities); "relaxed_terms" = "lazy"
 * (default: fully relaxed leading terms by closed forms) | "stepped" (every term through the
 * kernel, for tests; the same results within ~1e-13). Unknown keys give VT_ENOTFOUND. */
VT_API int vt_model_set_option(vt_model *model, const char *key, const char *value, vt_error *err);

/* One line on the numerics the model will use ("route prony (48 terms, max |M error| 1.6e-06)"),
 * preparing them if needed (this is where a bad option combination is reported). */
VT_API int vt_model_numerics(vt_model *model, char *buf, size_t size, vt_error *err);

/* Observables a model reports after each step. Quantities the model does not define are NaN
 * (a thermal model has no stress, a mechanical one no fictive temperature). */
typedef struct vt_observables {
  double Tf_K;         /* fictive temperature */
  double dH_J_per_mol; /* enthalpy departure from the equilibrium liquid at the current T */
  /* Configurational enthalpy, from an arbitrary model-fixed origin: the enthalpy minus the
   * glass (vibrational) part. A calorimeter sees Cp = Cp_glass + dH_conf/dT; enthalpy lost on
   * annealing is a difference of H_conf at one temperature. TNM: dCp Tf. */
  double H_conf_J_per_mol;
  double strain;    /* total strain, a fraction (mechanical models) */
  double strain_vp; /* its irreversible (viscoplastic) part */
  double stress_Pa;
} vt_observables;

/* What drives a model: temperature (tnm, units, pel: vt_model_step) or strain and stress at one
 * test temperature (visco: vt_model_strain_step, vt_model_stress_step). */
typedef enum vt_model_drive { VT_DRIVE_TEMPERATURE = 1, VT_DRIVE_STRAIN = 2 } vt_model_drive;

/* The drive of a model by name; 0 when the name is unknown. */
VT_API vt_model_drive vt_model_drive_by_name(const char *model_name);

/* Put the model in equilibrium at T_K (start of a program); a mechanical model starts
 * unstrained and stress-free at the test temperature T_K. */
VT_API int vt_model_equilibrate(vt_model *model, double T_K, vt_error *err);
/* Advance by dt_s >= 0 while T goes linearly from T_start_K to T_end_K (dt_s = 0: a jump). */
VT_API int vt_model_step(vt_model *model, double dt_s, double T_start_K, double T_end_K,
                         vt_error *err);
VT_API void vt_model_observe(const vt_model *model, vt_observables *out);

/* Mechanical models: advance dt_s >= 0 with the total strain (or the stress) linear in time to
 * its end value (dt_s = 0: a jump). A temperature-driven model gives VT_EINVAL. */
VT_API int vt_model_strain_step(vt_model *model, double dt_s, double strain_end, vt_error *err);
VT_API int vt_model_stress_step(vt_model *model, double dt_s, double stress_end_Pa, vt_error *err);

/* ---- Simulation of a program --------------------------------------------------------------- */

/* Result of running a model over a grid: one row per grid node. Cp_N = dTf/dT over the step
 * ending at the node, on ramps only (NaN in holds and jumps). */
typedef struct vt_trace {
  size_t n;
  double *time_s;
  double *T_K;
  double *Tf_K;
  double *dH_J_per_mol;
  double *CpN;
  double *H_conf_J_per_mol;
  int *segment;
  double *t_seg_s;
  unsigned char *requested;
} vt_trace;

/* Equilibrate the model at the grid's first node and step through the grid. */
VT_API int vt_simulate(vt_model *model, const vt_grid *grid, vt_trace *trace, vt_error *err);

/* ---- Streaming: rows as they are computed, memory independent of the program's length ----- */

/* One node of a simulation: the columns of vt_trace. */
typedef struct vt_trace_row {
  size_t index; /* node number, 0 = the start */
  double time_s, T_K, Tf_K, dH_J_per_mol, CpN, H_conf_J_per_mol;
  int segment;
  double t_seg_s;
  unsigned char requested;
} vt_trace_row;

/* Called once per node, in order. A non-zero return stops the run: vt_simulate_stream returns
 * that status (fill `err` to say why). The row is valid during the call only. */
typedef int (*vt_row_callback)(const vt_trace_row *row, void *user, vt_error *err);

/* vt_grid_build + vt_simulate without storing either: the grid is generated node by node and
 * each row handed to `on_row` as soon as it is computed, so memory stays at the model's state
 * (O(Prony terms)) for any number of nodes; the node cap of vt_grid_build does not apply.
 * Rows are bit-identical to vt_simulate's. Bad options and requested times or temperatures the
 * grid cannot meet are reported before the first row. */
VT_API int vt_simulate_stream(vt_model *model, const vt_program *prog, const vt_grid_options *opts,
                              vt_row_callback on_row, void *user, vt_error *err);
VT_API void vt_trace_free(vt_trace *trace);

#ifdef __cplusplus
}
#endif

#endif
