/* The exact update of one exponential relaxation mode over a grid step, shared by TNM's Prony
 * terms and the units model. Within a step ln tau is linear in time and the temperature is
 * linear in reduced time. */
#ifndef VT_RELAX_STEP_H
#define VT_RELAX_STEP_H

#include <math.h>

/* ln of (1 - e^-d)/d, the mean of exp(-ln tau) over the step relative to its start, for any
 * d = b - a: where ln tau falls by more than 709 in one step (the units model near 1 K), e^-d
 * overflows and the plain quotient made every unit look equilibrated (Tf 1.94 K on a 1-3 K
 * program), so the negative side is written as -d + ln(1 - e^d) - ln(-d). */
static inline double vt_ln_mean_rate(double d) {
  if (fabs(d) < 1e-8) return log1p(-0.5 * d);
  if (d > 0) return log(-expm1(-d)) - log(d);
  return -d + log(-expm1(d)) - log(-d);
}

/* f(d) = (1 - e^-d)/d, the mean rate over a step relative to its start (exp of vt_ln_mean_rate),
 * and in *dl its log-derivative f'/f, for |d| < 1e-2 only (ln tau moving by less than 1e-2 in a
 * step: most steps of a fine grid), by the Taylor series of f and f' in Estrin's scheme:
 * truncated after d^6 and d^5, f to d^7/8! = 2.5e-19 relative, f' to 7 d^6/8! = 1.7e-16 (of its
 * 1/2). No log, no exp. tests/test_tnm.c bounds f within 4e-16 (2 ulp) and f'/f within 1e-15,
 * relative, against long double. */
static inline double vt_mean_rate_series(double d, double *dl) {
  double d2 = d * d, d4 = d2 * d2;
  double f = ((1.0 - d * (1.0 / 2)) + d2 * (1.0 / 6 - d * (1.0 / 24))) +
             d4 * ((1.0 / 120 - d * (1.0 / 720)) + d2 * (1.0 / 5040));
  double fp = ((-0.5 + d * (1.0 / 3)) + d2 * (-1.0 / 8 + d * (1.0 / 30))) +
              d4 * (-1.0 / 144 + d * (1.0 / 840));
  *dl = fp / f;
  return f;
}

/* exp(-delta) for |delta| < 1e-4, by its series to the cube: truncation < delta^4/24 = 4.2e-18
 * relative; tests/test_tnm.c bounds it within 2.5e-16 of expl. */
static inline double vt_exp_small(double delta) {
  return 1.0 - delta * (1.0 - delta * (0.5 - delta * (1.0 / 6)));
}

/* int_0^dt exp(-ln tau(t)) dt with ln tau linear from a to b. Capped at 1e200 (equilibrium). */
static inline double vt_reduced_time(double dt, double a, double b) {
  double ln_dxi = log(dt) - a + vt_ln_mean_rate(b - a);
  return ln_dxi > 460.0 ? 1e200 : exp(ln_dxi);
}

/* dy/dxi = -(y - T(xi))/tau_k over a step of reduced time dxi in which T goes linearly from T0
 * to T1: y1 = T1 + (y0 - T0) E - (T1 - T0)(1 - E)/z, E = exp(-z), z = dxi/tau_k.
 * exp(-z) - 1 by plain exp() (faster than expm1) loses < 1e-16/z relative, so below z = 1e-5
 * the series -z (1 - z/2 (1 - z/3)) (exact to 1e-20 there) takes over; above z = 45,
 * E < 3e-20 is dropped (which also spares exp() its slow underflow path). */
static inline double vt_mode_update(double y0, double z, double T0, double T1) {
  double em1 = z > 45.0 ? -1.0 : z < 1e-5 ? -z * (1.0 - 0.5 * z * (1.0 - z / 3.0)) : exp(-z) - 1.0;
  double g = z > 1e-300 ? -em1 / z : 1.0; /* (1 - E)/z: the ramp's share still pending */
  return T1 + (y0 - T0) * (1.0 + em1) - (T1 - T0) * g;
}

/* The same with z = dxi / tau and 1/z given by the caller (who holds 1/tau and 1/dxi), which
 * spares the hot loop of TNM's Prony terms its two divisions. */
static inline double vt_mode_update_inv(double y0, double z, double inv_z, double T0, double T1) {
  double em1 = z > 45.0 ? -1.0 : z < 1e-5 ? -z * (1.0 - 0.5 * z * (1.0 - z / 3.0)) : exp(-z) - 1.0;
  double g = z > 1e-300 ? -em1 * inv_z : 1.0;
  return T1 + (y0 - T0) * (1.0 + em1) - (T1 - T0) * g;
}

#endif
