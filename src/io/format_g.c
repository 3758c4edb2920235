/* printf's %.Ng at a fraction of its cost, for the CSV writers (traces of millions of rows).
 *
 * printf spends ~0.3 us per number in its general conversion. Here, for N <= 12 significant
 * digits: s = |v| 10^k with k chosen so that 10^(N-1) <= s < 10^N, in one double multiply by
 * 10^k rounded to double. s is then off by less than s 2^-52 (two roundings), so when its
 * fraction lies farther than s 2^-50 from 1/2, rounding s to an integer gives exactly the digits
 * glibc prints (it rounds the exact binary value, half to even). Otherwise (about once in 10^5
 * numbers at 10 digits, once in 10^7 at 8, and at exact ties), and for N > 12, subnormals and
 * |k| > 64, snprintf writes the text: the output is printf's for every double, not just nearly
 * always (the long-double rounding used before could differ once in ~10^9). The digits are made
 * and laid out in registers with fixed-width stores (layout below), so the common path has no
 * loop whose length depends on the number: a mispredicted branch costs as much as the
 * arithmetic. A trace row (6 numbers) takes ~86 ns, against ~205 before and ~2 us with printf. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "format_g.h"

static const char two_digits[201] = /* "00" "01" ... "99" */
    "000102030405060708091011121314151617181920212223242526272829"
    "303132333435363738394041424344454647484950515253545556575859"
    "606162636465666768697071727374757677787980818283848586878889"
    "90919293949596979899";

#if defined(__SIZEOF_INT128__) && defined(__BYTE_ORDER__) &&                                       \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define FAST_G 1

#define KMAX 64

/* 10^k rounded to double (the compiler converts the literals correctly rounded), k = -64..64;
 * exact for k = 0..22. */
static const double pow10_k[2 * KMAX + 1] = {
    1e-64, 1e-63, 1e-62, 1e-61, 1e-60, 1e-59, 1e-58, 1e-57, 1e-56, 1e-55, 1e-54, 1e-53, 1e-52,
    1e-51, 1e-50, 1e-49, 1e-48, 1e-47, 1e-46, 1e-45, 1e-44, 1e-43, 1e-42, 1e-41, 1e-40, 1e-39,
    1e-38, 1e-37, 1e-36, 1e-35, 1e-34, 1e-33, 1e-32, 1e-31, 1e-30, 1e-29, 1e-28, 1e-27, 1e-26,
    1e-25, 1e-24, 1e-23, 1e-22, 1e-21, 1e-20, 1e-19, 1e-18, 1e-17, 1e-16, 1e-15, 1e-14, 1e-13,
    1e-12, 1e-11, 1e-10, 1e-9,  1e-8,  1e-7,  1e-6,  1e-5,  1e-4,  1e-3,  1e-2,  1e-1,  1e0,
    1e1,   1e2,   1e3,   1e4,   1e5,   1e6,   1e7,   1e8,   1e9,   1e10,  1e11,  1e12,  1e13,
    1e14,  1e15,  1e16,  1e17,  1e18,  1e19,  1e20,  1e21,  1e22,  1e23,  1e24,  1e25,  1e26,
    1e27,  1e28,  1e29,  1e30,  1e31,  1e32,  1e33,  1e34,  1e35,  1e36,  1e37,  1e38,  1e39,
    1e40,  1e41,  1e42,  1e43,  1e44,  1e45,  1e46,  1e47,  1e48,  1e49,  1e50,  1e51,  1e52,
    1e53,  1e54,  1e55,  1e56,  1e57,  1e58,  1e59,  1e60,  1e61,  1e62,  1e63,  1e64,
};

static const uint64_t pow10_u[13] = {1,           10,           100,          1000,      10000,
                                     100000,      1000000,      10000000,     100000000, 1000000000,
                                     10000000000, 100000000000, 1000000000000};

/* floor(e log10 2) for |e| <= 1100 without a libm call or a right shift of a negative number
 * (implementation-defined in C): 78913 / 2^18 is log10 2 closely enough over that range. */
static inline int floor_log10_pow2(int e) {
  return (int)(((int64_t)e * 78913 + ((int64_t)1 << 40)) >> 18) - (1 << 22);
}

/* The `digits`-digit integer m with 10^(digits-1) <= m < 10^digits and the decimal exponent x
 * of its first digit, for a = |v| > 0 normal (biased: its exponent field); 0 when the rounding is
 * not certain or k is out of the table. */
static inline int scaled_digits(double a, int biased, int digits, uint64_t *m, int *x) {
  int e2 = biased - 1023;        /* 2^e2 <= a < 2^(e2+1) */
  int xx = floor_log10_pow2(e2); /* 10^xx <= a < 20 10^xx */
  int k = digits - 1 - xx;
  if (k > KMAX || k - 1 < -KMAX) return 0;
  double top = (double)pow10_u[digits];
  double s = a * pow10_k[k + KMAX];
  if (s >= top) { /* the first digit is at 10^(xx+1) */
    xx++;
    s = a * pow10_k[k - 1 + KMAX];
  }
  uint64_t m0 = (uint64_t)(int64_t)s; /* s < 10^12: the signed conversion is one instruction */
  double frac = s - (double)(int64_t)m0;
  if (fabs(frac - 0.5) <= s * 0x1p-50) return 0;
  m0 += frac > 0.5;
  if (m0 >= pow10_u[digits]) { /* 9.99..95 rounded up to 10.0 */
    m0 = pow10_u[digits - 1];
    xx++;
  }
  *m = m0;
  *x = xx;
  return 1;
}

/* The digits as one 16-byte string in a register, first digit in the low byte: built and laid
 * out with shifts and stores only: digits written to memory and read back at another offset or
 * width would stall store forwarding (a load spanning several stores waits for them). */
__extension__ typedef unsigned __int128 u128;

/* Two ASCII digits of v < 100 as a 16-bit value, the first in the low byte. */
static inline uint64_t ascii2(uint32_t v) {
  uint16_t t;
  memcpy(&t, two_digits + 2 * v, 2);
  return t;
}

/* n < 10^8 as 8 ASCII digits, zero-padded, first in the low byte: four table pairs (a shorter
 * dependency chain than dividing in SIMD-within-a-register lanes). */
static inline uint64_t ascii8(uint32_t n) {
  uint32_t a = n / 10000u, b = n - a * 10000u;
  return ascii2(a / 100u) | ascii2(a % 100u) << 16 | ascii2(b / 100u) << 32 |
         ascii2(b % 100u) << 48;
}

/* m's `digits` digits (10^(digits-1) <= m < 10^digits <= 10^12) at bytes 0..digits-1 of *d;
 * returns how many of them are trailing zeros. */
static inline int ascii_digits(uint64_t m, int digits, u128 *d) {
  if (digits <= 8) {
    uint64_t l = ascii8((uint32_t)m); /* 8 - digits leading '0's */
    *d = l >> (8 * (8 - digits));
    return __builtin_clzll(l ^ 0x3030303030303030u) >> 3; /* a digit is not '0' */
  }
  uint32_t top = (uint32_t)(m / 100000000u);
  uint64_t l = ascii8((uint32_t)(m - (uint64_t)top * 100000000u));
  uint64_t h = (digits <= 10 ? ascii2(top) << 48 : ascii8(top)) >> (8 * (16 - digits));
  *d = (u128)h | (u128)l << (8 * (digits - 8));
  uint64_t z = l ^ 0x3030303030303030u;
  if (z) return __builtin_clzll(z) >> 3;
  return 8 + (__builtin_clzll((h ^ 0x3030303030303030u) << (8 * (16 - digits))) >> 3);
}

static inline void store16(char *p, u128 d) {
  memcpy(p, &d, 16);
}

/* %g's layout of the digits d (nd of them, trailing zeros dropped) with the decimal exponent x
 * of the first, after an optional '-'. Writes at most 25 bytes (VT_G_ROOM); returns the text's
 * length. */
static inline size_t layout(char *p, int neg, u128 d, int nd, int digits, int x) {
  char *q = p;
  *q = '-';
  q += neg;
  if (x < -4 || x >= digits) { /* d.ddde+XX */
    q[0] = (char)d;
    q[1] = '.';
    store16(q + 2, d >> 8);
    q += nd > 1 ? nd + 1 : 1;
    unsigned ax = (unsigned)(x < 0 ? -x : x);
    q[0] = 'e';
    q[1] = x < 0 ? '-' : '+';
    if (ax < 100) {
      memcpy(q + 2, two_digits + 2 * ax, 2);
      return (size_t)(q + 4 - p);
    }
    q[2] = (char)('0' + ax / 100);
    memcpy(q + 3, two_digits + 2 * (ax % 100), 2);
    return (size_t)(q + 5 - p);
  }
  if (x >= 0) { /* ddd.ddd: all digits, the point, the fraction again one place on */
    store16(q, d);
    q[x + 1] = '.';
    u128 frac = d >> (8 * (x + 1));
    if (x < 7)
      store16(q + x + 2, frac);
    else /* at most 12 - 8 fraction digits: 8 bytes keep the text within 25 */
      memcpy(q + x + 2, &frac, 8);
    return (size_t)(q + (nd > x + 1 ? nd + 1 : x + 1) - p);
  }
  memcpy(q, "0.000000", 8); /* 0.000ddd */
  store16(q + 1 - x, d);
  return (size_t)(q + 1 - x + nd - p);
}
#else
#define FAST_G 0 /* big-endian or no 128-bit integers: snprintf writes every number */
#endif

/* vt_g_put's body, inlined where `digits` is a constant (the trace row): the row costs ~15 %
 * less than through calls that test `digits` at run time. */
#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif
static ALWAYS_INLINE size_t g_put(char *p, double v, int digits) {
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  int neg = (int)(bits >> 63), biased = (int)(bits >> 52) & 0x7ff;
  if (biased == 0x7ff) { /* "nan" for every NaN, as the contract says (printf writes "-nan") */
    if (bits << 12) return memcpy(p, "nan", 4), 3;
    memcpy(p, "-inf", 5);
    return neg ? 4 : (memcpy(p, "inf", 4), 3);
  }
  if (biased == 0 && !(bits << 1)) { /* +-0 */
    memcpy(p, "-0", 3);
    return neg ? 2 : (memcpy(p, "0", 2), 1);
  }
#if FAST_G
  uint64_t m;
  int x;
  if (digits <= 12 && biased != 0 && scaled_digits(fabs(v), biased, digits, &m, &x)) {
    u128 d;
    int nd = digits - ascii_digits(m, digits, &d);
    return layout(p, neg, d, nd, digits, x);
  }
#endif
  return (size_t)snprintf(p, VT_G_ROOM, "%.*g", digits, v);
}

size_t vt_g_put(char *p, double v, int digits) {
  if (digits < 1) digits = 1;
  if (digits > 17) digits = 17;
  return g_put(p, v, digits);
}

size_t vt_format_g(char *buf, double v, int digits) {
  if (!buf) return 0;
  size_t n = vt_g_put(buf, v, digits);
  buf[n] = '\0';
  return n;
}

/* An int: segments are small, so one or two digits are stored directly. */
static inline size_t put_int(char *p, int v) {
  char *q = p;
  *q = '-';
  q += v < 0;
  unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
  if (u < 10) {
    *q = (char)('0' + u);
    return (size_t)(q + 1 - p);
  }
  if (u < 100) {
    memcpy(q, two_digits + 2 * u, 2);
    return (size_t)(q + 2 - p);
  }
  char t[10];
  size_t n = 0;
  for (; u; u /= 10) t[n++] = (char)('0' + u % 10);
  for (size_t i = 0; i < n; i++) q[i] = t[n - 1 - i];
  return (size_t)(q + n - p);
}

size_t vt_trace_row_put(char *p, const vt_trace_row *r) {
  char *q = p;
  q += g_put(q, r->time_s, 10);
  *q++ = ',';
  q += g_put(q, r->T_K, 10);
  *q++ = ',';
  q += g_put(q, r->Tf_K, 10);
  *q++ = ',';
  q += g_put(q, r->dH_J_per_mol, 8);
  *q++ = ',';
  q += g_put(q, r->CpN, 8);
  *q++ = ',';
  q += put_int(q, r->segment);
  *q++ = ',';
  q += g_put(q, r->t_seg_s, 10);
  *q++ = '\n';
  return (size_t)(q - p);
}
