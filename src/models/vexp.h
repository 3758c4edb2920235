/* exp(x) and exp(x) - 1 together for x in [-708, 0], written so a compiler vectorises it: no
 * branches, no table, no libm call, integer work in 64-bit lanes only (SSE2 has those).
 *
 * Method (Cody-Waite reduction + Taylor polynomial):
 *   n = round(x / ln 2) by the 1.5 * 2^52 shift, r = x - n ln2_hi - n ln2_lo, |r| <= 0.3466;
 *   p = exp(r) - 1 = r + r^2/2! + ... + r^13/13! (Estrin's scheme);
 *   exp(x) = 2^n (1 + p),  exp(x) - 1 = 2^n p + (2^n - 1).
 * Error bound (relative, on both results), with u = 2^-53 = 1.1e-16:
 *   - truncation: |r|^14/14! e^|r| / e^-|r| < 1.2e-17;
 *   - reduction: n ln2_hi is exact (ln2_hi has 21 trailing zero bits, |n| <= 1022), so
 *     x - n ln2_hi is exact (Sterbenz); subtracting n ln2_lo rounds once (<= u |r|) and ln2_lo
 *     itself carries 1e-26 relative, times |n| ln 2 <= 708: < 1e-23 absolute;
 *   - the polynomial in [-0.347, 0.347]: q lies in [0.44, 0.56] and the sum of the absolute
 *     values of its terms is at most q(|r|) <= 0.56, so its roundings (at most five deep) stay
 *     below 4u relative; p = r + r^2 q then adds < 2u; 1 + p and the scaling by 2^n add one
 *     rounding each (2^n is exact: n in [-1022, 0] keeps it normal);
 *   - exp(x) - 1 with n != 0: |2^n - 1| >= 0.29 dominates, one more rounding.
 * Total < 8u = 8.9e-16 relative; tests/test_prony.c measures the maximum against long-double
 * expl/expm1l on 2e6 points of [-708, 0] and asserts it below 1e-15. Callers clamp x to
 * [-708, 0]: exp(-708) = 3e-308, so the clamp moves exp(x) by less than that, absolutely. */
#ifndef VT_VEXP_H
#define VT_VEXP_H

#include <stdint.h>
#include <string.h>

static inline double vt_vexp_as_double(uint64_t bits) {
  double d;
  memcpy(&d, &bits, sizeof d);
  return d;
}

static inline uint64_t vt_vexp_as_bits(double d) {
  uint64_t bits;
  memcpy(&bits, &d, sizeof bits);
  return bits;
}

/* x in [-708, 0] (not checked: the caller clamps). *e = exp(x), *em1 = exp(x) - 1. */
static inline void vt_vexp_em1(double x, double *e, double *em1) {
  const double inv_ln2 = 1.4426950408889634074;
  const double shift = 0x1.8p52; /* adding it rounds to an integer kept in the low bits */
  const double ln2_hi = 6.93147180369123816490e-01; /* 0x3fe62e42fee00000 */
  const double ln2_lo = 1.90821492927058770002e-10;
  double kd = x * inv_ln2 + shift;
  uint64_t ki = vt_vexp_as_bits(kd); /* low bits: n (two's complement, modulo 2^52) */
  kd -= shift;                       /* n as a double */
  double r = (x - kd * ln2_hi) - kd * ln2_lo;
  /* q = (exp(r) - 1 - r)/r^2 = 1/2! + r/3! + ... + r^11/13! by Estrin's scheme: four levels of
   * multiply-add instead of Horner's eleven, so a pass over a few dozen terms is not bound by
   * the latency of one long chain. */
  double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
  double a0 = 1.0 / 2 + r * (1.0 / 6), a1 = 1.0 / 24 + r * (1.0 / 120);
  double a2 = 1.0 / 720 + r * (1.0 / 5040), a3 = 1.0 / 40320 + r * (1.0 / 362880);
  double a4 = 1.0 / 3628800 + r * (1.0 / 39916800), a5 = 1.0 / 479001600 + r * (1.0 / 6227020800);
  double b0 = a0 + r2 * a1, b1 = a2 + r2 * a3, b2 = a4 + r2 * a5;
  double q = (b0 + r4 * b1) + r8 * b2;
  double p = r + r2 * q;
  /* (n + 1023) << 52: the shift drops the high bits of the 1.5 * 2^52 pattern. */
  double scale = vt_vexp_as_double((ki << 52) + ((uint64_t)1023 << 52));
  *e = scale + scale * p;
  *em1 = scale * p + (scale - 1.0);
}

#endif
