/* What the models layer offers the layers above it (the fitter) beyond the public model.h: the
 * calls a fit needs for speed that are no part of the user-facing API. Other layers include
 * this header, never model_impl.h (the interface the model classes implement). */
#ifndef VT_MODEL_LAYER_H
#define VT_MODEL_LAYER_H

#include <stddef.h>

#include "vitrum/model.h"

/* Prepare `src` and let `dst` (same class and parameters) take its numerics over; falls back
 * to preparing `dst` itself when the class cannot share. */
int vt_model_prepare_shared(vt_model *dst, vt_model *src, vt_error *err);

/* CPU time (s, process-wide, summed over threads) of the Prony build and refit loops that split
 * over a fit's threads (kww_prony.c: design columns, error checks, the first two densities at
 * once), for a fit to count with its parallel part (vt_fit_parallel_cpu_s). */
double vt_prony_team_cpu_s(void);

/* TNM's forward sensitivities, switched on by the option "sensitivities" ("A,dh,x,beta" or a
 * subset, "" for none; Prony route): dTf/dp at every node since the last equilibrate, n_dir per
 * node in the order named, and the sensitivity steps taken so far. NULL when off or not TNM. */
const double *vt_tnm_sensitivities(vt_model *model, size_t *n_rows, size_t *n_dir,
                                   unsigned long *steps);
/* The same for the units model (option "sensitivities": a list of its parameter names, see
 * units.c): dTf/dp of the mean fictive temperature at every node since the last equilibrate. */
const double *vt_units_sensitivities(vt_model *model, size_t *n_rows, size_t *n_dir,
                                     unsigned long *steps);

#endif
