/* The CSV writer for traces and text fields (output files themselves: outfile.c). */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/internal.h"
#include "outfile.h"

void vt_csv_write_text(FILE *fp, const char *text) {
  if (!fp || !text) return;
  if (!strpbrk(text, ",\"\r\n")) {
    fputs(text, fp);
    return;
  }
  fputc('"', fp);
  for (; *text; text++) {
    if (*text == '"') fputc('"', fp);
    fputc(*text, fp);
  }
  fputc('"', fp);
}

/* ---- Numbers -------------------------------------------------------------------------------
 * printf's %.Ng spends ~0.3 us per number in its general conversion; a trace of 2e6 rows had
 * 74 % of its wall time there. vt_format_g writes the same text for N <= 17: the value is scaled
 * by an exact power of ten in long double (64-bit mantissa on x86-64), rounded to an N-digit
 * integer (half to even, as glibc does on the exact binary value) and laid out as %g lays it
 * out. The scaled value s < 10^N carries one rounding of long double (ulp 10^N 2^-63): the
 * digits can differ from printf only when the exact value lies that close to a rounding
 * boundary, i.e. with probability ~ 10^N 2^-63 per number: 1e-9 at N = 10. They are then the
 * other correct rounding. tests/test_csv_format.c met no difference in 1.2e6 values at 8, 10
 * and 12 digits (one in 4e5 at 14), so N > 12 goes to snprintf, as do values whose scale needs
 * 10^k beyond |k| = 27, which long double does not hold exactly. */

static const long double pow10_l[28] = {1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,
                                        1e7L,  1e8L,  1e9L,  1e10L, 1e11L, 1e12L, 1e13L,
                                        1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L, 1e20L,
                                        1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L};

static const char two_digits[201] = /* "00" "01" ... "99" */
    "000102030405060708091011121314151617181920212223242526272829"
    "303132333435363738394041424344454647484950515253545556575859"
    "606162636465666768697071727374757677787980818283848586878889"
    "90919293949596979899";

static size_t put_uint(char *buf, unsigned long long v) {
  char tmp[24];
  size_t n = 0;
  while (v >= 100) { /* two digits per division */
    unsigned r = (unsigned)(v % 100);
    v /= 100;
    tmp[n++] = two_digits[2 * r + 1];
    tmp[n++] = two_digits[2 * r];
  }
  if (v >= 10) {
    tmp[n++] = two_digits[2 * v + 1];
    tmp[n++] = two_digits[2 * v];
  } else {
    tmp[n++] = (char)('0' + v);
  }
  for (size_t i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
  return n;
}

/* m: the `digits` significant digits as an integer, x: the decimal exponent of the first. */
static size_t layout_g(char *buf, int neg, unsigned long long m, int digits, int x) {
  char d[24];
  size_t n = 0, w = 0;
  put_uint(d, m);
  int last = digits; /* drop trailing zeros, as %g does */
  while (last > 1 && d[last - 1] == '0') last--;
  if (neg) buf[n++] = '-';
  if (x < -4 || x >= digits) { /* d.ddde+XX */
    buf[n++] = d[0];
    if (last > 1) {
      buf[n++] = '.';
      for (int i = 1; i < last; i++) buf[n++] = d[i];
    }
    buf[n++] = 'e';
    buf[n++] = x < 0 ? '-' : '+';
    unsigned ax = (unsigned)(x < 0 ? -x : x);
    if (ax < 10) buf[n++] = '0';
    n += put_uint(buf + n, ax);
  } else if (x >= 0) { /* ddd.ddd */
    for (w = 0; (int)w <= x; w++) buf[n++] = d[w];
    if (last > x + 1) {
      buf[n++] = '.';
      for (int i = x + 1; i < last; i++) buf[n++] = d[i];
    }
  } else { /* 0.000ddd */
    buf[n++] = '0';
    buf[n++] = '.';
    for (int i = 0; i < -x - 1; i++) buf[n++] = '0';
    for (int i = 0; i < last; i++) buf[n++] = d[i];
  }
  buf[n] = '\0';
  return n;
}

static const double pow10_d[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* The fast path, in doubles: s = |v| 10^k (10^k exact for k <= 22) is off by at most
 * s 2^-53, so the rounding of s to an integer is certain unless its fraction lies within
 * s 2^-50 of 1/2; then (about once in 10^6 numbers at 10 digits, and at exact ties) return 0
 * for the long-double path. x starts at most one below the exponent of |v|. */
static int digits_double(double a, int digits, unsigned long long *m, int *x) {
  uint64_t bits;
  memcpy(&bits, &a, sizeof bits);
  int e2 = (int)(bits >> 52) - 1022; /* a in [2^(e2-1), 2^e2) */
  if (e2 < -1000) return 0;          /* subnormal */
  int xx = (int)floor((e2 - 1) * 0.30102999566398120), k = digits - 1 - xx;
  double top = pow10_d[digits], s = 0.0;
  for (int pass = 0; pass < 2; pass++, xx++, k--) {
    if (k < -22 || k > 22) return 0;
    s = k >= 0 ? a * pow10_d[k] : a / pow10_d[-k];
    if (s < top) break;
  }
  if (!(s < top)) return 0;
  unsigned long long m0 = (unsigned long long)s;
  double frac = s - (double)m0;
  if (fabs(frac - 0.5) <= s * 0x1p-50) return 0;
  m0 += frac > 0.5;
  if ((double)m0 >= top) { /* 9.99..95 rounded up to 10.0 */
    m0 /= 10;
    xx++;
  }
  *m = m0;
  *x = xx;
  return 1;
}

/* The same in long double (64-bit mantissa), for what the fast path cannot decide. */
static int digits_long_double(double v, int digits, unsigned long long *m, int *x) {
  long double a = fabsl((long double)v);
  int xx = (int)floor(log10((double)a)), k = digits - 1 - xx;
  long double top = pow10_l[digits], s = 0.0L;
  for (int pass = 0; pass < 3; pass++) {
    if (k < -27 || k > 27) return 0;
    s = k >= 0 ? a * pow10_l[k] : a / pow10_l[-k];
    if (s >= top) /* log10 rounded up across a power of ten */
      xx++, k--;
    else if (s < pow10_l[digits - 1])
      xx--, k++;
    else
      break;
  }
  /* llrintl rounds half to even in the default mode with one x87 store; a cast would switch
   * the x87 rounding mode twice, nearbyintl saves the whole FP environment */
  unsigned long long m0 = (unsigned long long)llrintl(s);
  if ((long double)m0 >= top) {
    m0 /= 10;
    xx++;
  }
  *m = m0;
  *x = xx;
  return 1;
}

size_t vt_format_g(char *buf, double v, int digits) {
  if (!buf) return 0;
  if (digits < 1) digits = 1;
  if (digits > 17) digits = 17;
  if (isnan(v)) return (size_t)sprintf(buf, "nan");
  if (isinf(v)) return (size_t)sprintf(buf, v < 0 ? "-inf" : "inf");
  if (digits > 12) return (size_t)sprintf(buf, "%.*g", digits, v);
  int neg = signbit(v) != 0, x;
  unsigned long long m;
  if (v == 0.0) return layout_g(buf, neg, 0, 1, 0);
  if (digits_double(fabs(v), digits, &m, &x) || digits_long_double(v, digits, &m, &x))
    return layout_g(buf, neg, m, digits, x);
  return (size_t)sprintf(buf, "%.*g", digits, v);
}

/* ---- Traces ------------------------------------------------------------------------------ */

int vt_trace_csv_header(FILE *fp) {
  if (!fp) return VT_EINVAL;
  return fputs("time_s,T_K,Tf_K,dH_J_per_mol,Cp_N,segment,t_seg_s\n", fp) < 0 ? VT_EIO : VT_OK;
}

/* One row into one buffer and one fwrite: stdio's per-call locking is the next cost after
 * printf's conversion. */
int vt_trace_row_write_csv(const vt_trace_row *r, FILE *fp) {
  if (!r || !fp) return VT_EINVAL;
  char line[256];
  size_t n = vt_format_g(line, r->time_s, 10);
  line[n++] = ',';
  n += vt_format_g(line + n, r->T_K, 10);
  line[n++] = ',';
  n += vt_format_g(line + n, r->Tf_K, 10);
  line[n++] = ',';
  n += vt_format_g(line + n, r->dH_J_per_mol, 8);
  line[n++] = ',';
  n += vt_format_g(line + n, r->CpN, 8);
  line[n++] = ',';
  if (r->segment < 0) line[n++] = '-';
  n += put_uint(line + n, (unsigned long long)(r->segment < 0 ? -(long long)r->segment
                                                              : (long long)r->segment));
  line[n++] = ',';
  n += vt_format_g(line + n, r->t_seg_s, 10);
  line[n++] = '\n';
  return fwrite(line, 1, n, fp) == n ? VT_OK : VT_EIO;
}

int vt_trace_write_csv(const vt_trace *t, FILE *fp, int only_requested, vt_error *err) {
  if (!t || !fp) return vt_fail(err, VT_EINVAL, "vt_trace_write_csv: NULL trace or file");
  errno = 0;
  int rc = vt_trace_csv_header(fp);
  for (size_t i = 0; i < t->n && !rc; i++) {
    if (only_requested && !t->requested[i]) continue;
    vt_trace_row r = {
        i,         t->time_s[i],           t->T_K[i],     t->Tf_K[i],    t->dH_J_per_mol[i],
        t->CpN[i], t->H_conf_J_per_mol[i], t->segment[i], t->t_seg_s[i], t->requested[i]};
    rc = vt_trace_row_write_csv(&r, fp);
  }
  if (rc || ferror(fp)) {
    int e = errno;
    char name[400];
    return vt_fail(err, VT_EIO, "%s: error writing CSV: %s",
                   vt_outfile_name_of(fp, name, sizeof name), e ? strerror(e) : "I/O error");
  }
  return VT_OK;
}
