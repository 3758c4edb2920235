/* vitrum core: status codes, error reports, units, parameter tables.
 *
 * The contract every public call keeps:
 * - A fallible call returns an int status (VT_OK = 0) and takes an optional vt_error * that,
 *   when not NULL, receives a formatted message naming what went wrong (file, line, value).
 * - The library never prints and never aborts. GSL's abort-on-error handler is switched off
 *   for the whole process on first use (gsl_set_error_handler_off): a program that wants GSL
 *   to abort on its own errors must set its handler again after calling vitrum.
 * - Result structs (vt_grid, vt_trace, vt_cal_result, ...) are zeroed by the call that fills
 *   them, hold nothing to free after an error, and their _free is safe on a zeroed struct; so
 *   initialise them with {0} and free them whatever happened. _free(NULL) is a no-op.
 * - The caller owns the inputs; what the library allocates is freed by the matching _free.
 *   Freeing a handle twice is undefined, as with free(3): set the pointer to NULL after it.
 * - Pointer arguments are checked: NULL where an object is needed gives VT_EINVAL naming the
 *   function (functions returning a value give NULL, NaN or 0); a NULL vt_error is allowed.
 * - Options structs come from their _default() and are copied, never kept.
 * - Handles (vt_model, vt_program, ...) are used by one thread at a time; distinct handles may
 *   run in parallel (vt_model_clone gives a copy for a thread). */
#ifndef VITRUM_CORE_H
#define VITRUM_CORE_H

#include <stddef.h>

#include "export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One list generates the enum and the message table (vt_strerror). */
#define VT_STATUS_LIST(X)                                                                          \
  X(VT_OK, "success")                                                                              \
  X(VT_EINVAL, "invalid argument")                                                                 \
  X(VT_ENOMEM, "out of memory")                                                                    \
  X(VT_EPARSE, "cannot parse input")                                                               \
  X(VT_EUNIT, "missing or wrong unit")                                                             \
  X(VT_ERANGE, "value out of range")                                                               \
  X(VT_ENOTFOUND, "unknown name")                                                                  \
  X(VT_EIO, "input/output error")                                                                  \
  X(VT_ENUMERIC, "numerical failure")                                                              \
  X(VT_ENOCONV, "no convergence")                                                                  \
  X(VT_ECANCELLED, "cancelled")

#define VT_STATUS_ENUM_ITEM(code, text) code,
enum vt_status { VT_STATUS_LIST(VT_STATUS_ENUM_ITEM) VT_STATUS_COUNT };
#undef VT_STATUS_ENUM_ITEM

/* Static text for a status code; never NULL. */
VT_API const char *vt_strerror(int status);

/* A failure report. `line` is the 1-based line in `file` when the error came from a file, else 0.
 * `message` is complete on its own ("prog.txt:3: missing unit in '450': expected a temperature").
 */
#define VT_ERROR_MESSAGE_SIZE 512
typedef struct vt_error {
  int status;
  long line;
  char message[VT_ERROR_MESSAGE_SIZE];
} vt_error;

/* Reset an error report to VT_OK with an empty message. NULL is ignored. */
VT_API void vt_error_clear(vt_error *err);

/* ---- Cancellation ---------------------------------------------------------------------- */

/* One process-wide flag that stops long calls cleanly: an interactive interrupt (Ctrl-C in a
 * shell or Jupyter), a stop button, another thread. While it is set, vt_simulate,
 * vt_simulate_stream and everything that runs them (DSC scans, Kovacs sweeps, path matching,
 * model fits) return VT_ECANCELLED before their next step, freeing what they allocated. It stays
 * set until vt_cancel_clear (call that before starting the next run); it stops every running
 * call in the process. Lock-free and async-signal-safe: callable from a signal handler. */
VT_API void vt_cancel_request(void);
VT_API int vt_cancel_requested(void);
VT_API void vt_cancel_clear(void);

/* Library version, "MAJOR.MINOR.PATCH". */
VT_API const char *vt_version(void);

/* ---- Units ------------------------------------------------------------------------------ */

/* Physical dimensions that values on the command line and in files carry. */
typedef enum vt_dim {
  VT_DIM_NONE = 0,            /* dimensionless: no unit, or "1" */
  VT_DIM_TEMPERATURE,         /* absolute temperature: K, C (degC) */
  VT_DIM_TEMPERATURE_STEP,    /* temperature difference: K, C */
  VT_DIM_TIME,                /* s, ms, us, ns, ps, fs, min, h */
  VT_DIM_RATE,                /* heating/cooling rate: K/s, K/min, C/s, C/min, K/ms, K/ps */
  VT_DIM_MOLAR_ENERGY,        /* J/mol, kJ/mol, kcal/mol, eV (per particle) */
  VT_DIM_MOLAR_HEAT_CAPACITY, /* J/(mol K), J/mol/K, kJ/(mol K) */
  VT_DIM_MASS,                /* kg, g, mg, ug, ng */
  VT_DIM_MOLAR_MASS,          /* g/mol, kg/mol */
  VT_DIM_ENERGY,              /* J, mJ, uJ, nJ */
  VT_DIM_SPECIFIC_ENERGY,     /* J/g, J/kg, kJ/kg */
  VT_DIM_POWER,               /* W, mW, uW (heat flow) */
  VT_DIM_STRAIN,              /* %, or 1 for a plain fraction */
  VT_DIM_STRAIN_RATE,         /* %/s, %/min, %/h, 1/s, 1/min */
  VT_DIM_STRESS,              /* Pa, kPa, MPa, GPa, N/mm2 (also moduli) */
  VT_DIM_FREQUENCY,           /* Hz, mHz, kHz, MHz, rad/s (SI: Hz) */
  VT_DIM_LENGTH,              /* m, mm, um, nm, A, pm */
  VT_DIM_INVERSE_LENGTH,      /* 1/m, 1/nm, 1/A (a scattering vector Q) */
  VT_DIM_PHOTON_ENERGY,       /* eV, keV, MeV (SI: J) */
  VT_DIM_COUNT
} vt_dim;

/* Human name of a dimension ("temperature") and the units accepted for it ("K, C"). */
VT_API const char *vt_dim_name(vt_dim dim);
VT_API const char *vt_dim_units(vt_dim dim);
/* The one unit vitrum prints the dimension in, accepted by vt_parse_quantity ("K/s"; "" for
 * dimensionless and strain): SI except J/g, g/mol and keV. */
VT_API const char *vt_dim_unit(vt_dim dim);

/* Parse "164 kJ/mol", "6e-22 s", "10000 K/s", "60 C" into an SI value (J/mol, s, K/s, K).
 * A missing unit (for a dimensioned quantity), a unit of another dimension, trailing text, NaN or
 * infinity give VT_EUNIT / VT_EPARSE with a message naming the expected dimension. */
VT_API int vt_parse_quantity(const char *text, vt_dim dim, double *value_si, vt_error *err);

/* The SI conversion of a unit of a dimension, SI = value * factor + offset. The spelling is
 * normalised as in vt_parse_quantity (degree and micro signs in UTF-8 or Latin-1, Greek mu,
 * parentheses). Returns 1 when the unit belongs to the dimension, 0 otherwise. */
VT_API int vt_unit_lookup(vt_dim dim, const char *unit, double *factor, double *offset);

/* Format an SI value in a display unit accepted by vt_parse_quantity ("kJ/mol"). Returns the
 * value in that unit, or NaN when the unit does not belong to the dimension. */
VT_API double vt_from_si(double value_si, vt_dim dim, const char *unit);

/* ---- Parameter tables ---------------------------------------------------------------------- */

/* One row of a model's parameter table. Values and bounds are SI; `unit` is the display unit
 * (parsable by vt_parse_quantity) that the CLI and docs print. `log_scale` marks positive
 * parameters spanning decades (fitters transform them by log). */
typedef struct vt_param_info {
  const char *name;
  const char *symbol;
  const char *unit;
  vt_dim dim;
  const char *description;
  double default_si;
  double lower_si;
  double upper_si;
  int log_scale;
} vt_param_info;

#ifdef __cplusplus
}
#endif

#endif
