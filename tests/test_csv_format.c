/* vt_format_g against printf's %.Ng: the same text on random doubles over 60 decades (and on the
 * cases %g lays out specially), and every string read back within half a unit of its last
 * digit; byte for byte printf's on random bit patterns (every exponent, subnormals, +-0, inf,
 * nan) at 1..17 digits and on values next to rounding ties; no byte written past the buffer
 * sizes promised; a trace row's line is printf's. */
#include <stdint.h>
#include <stdlib.h>

#include "../src/io/format_g.h"
#include "test_util.h"
#include "vitrum/vitrum.h"

static unsigned long long lcg(unsigned long long *s) {
  *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
  return *s >> 11;
}

/* |read back - v| <= half a unit in the last of `digits` digits (plus strtod's own rounding). */
static int reads_back(const char *text, double v, int digits) {
  double r = strtod(text, NULL);
  if (v == 0.0) return r == 0.0;
  int x = (int)floor(log10(fabs(v)));
  double unit = pow(10.0, x - digits + 1);
  return fabs(r - v) <= 0.5 * unit * (1 + 1e-9) + 2e-16 * fabs(v);
}

static void test_random(int digits) {
  unsigned long long s = 42 + (unsigned long long)digits;
  long same = 0, bad = 0, n = 400000;
  for (long i = 0; i < n; i++) {
    double mant = 1.0 + (double)lcg(&s) / 9007199254740992.0 * 9.0;
    int e = (int)(lcg(&s) % 61) - 30;
    double v = mant * pow(10.0, e) * ((i & 3) == 0 ? -1 : 1);
    if (i % 7 == 0) v = round(v * 1e3) / 1e3; /* short decimals, where ties and zeros show */
    char a[40], b[40];
    vt_format_g(a, v, digits);
    snprintf(b, sizeof b, "%.*g", digits, v);
    same += strcmp(a, b) == 0;
    if (!reads_back(a, v, digits) && bad++ < 5) printf("  %.17g -> '%s' (printf '%s')\n", v, a, b);
  }
  printf("%%.%dg: %ld of %ld identical to printf, %ld read back outside half a unit\n", digits,
         same, n, bad);
  CHECK(bad == 0, "%ld values read back off by more than half a unit (digits %d)", bad, digits);
  CHECK(same == n, "%ld of %ld differ from printf (digits %d)", n - same, n, digits);
}

static void test_special(void) {
  const double v[] = {0.0,
                      -0.0,
                      1.0,
                      -1.0,
                      0.1,
                      1e-4,
                      9.99999999995e-5,
                      1e-5,
                      123456789.0,
                      1234567890.0,
                      12345678905.0,
                      9999999999.5,
                      99999.999995,
                      0.5,
                      2.5,
                      1e300,
                      -4.9e-324,
                      1e22,
                      1e-300,
                      450.0,
                      373.15,
                      5.6e-13,
                      1e10,
                      999999999.95};
  char a[40], b[40];
  for (size_t i = 0; i < sizeof v / sizeof *v; i++)
    for (int d = 1; d <= 17; d++) {
      vt_format_g(a, v[i], d);
      snprintf(b, sizeof b, "%.*g", d, v[i]);
      CHECK(strcmp(a, b) == 0, "%.17g at %d digits: '%s', printf '%s'", v[i], d, a, b);
    }
  vt_format_g(a, NAN, 10);
  CHECK(strcmp(a, "nan") == 0, "nan -> '%s'", a);
  vt_format_g(a, -INFINITY, 10);
  CHECK(strcmp(a, "-inf") == 0, "-inf -> '%s'", a);
}

/* vt_format_g(v, digits) == snprintf("%.*g") byte for byte ("nan" for every NaN), and neither
 * it nor vt_g_put writes past 25 / VT_G_ROOM bytes. Returns 1 when they agree. */
static int same_as_printf(double v, int digits, int verbose) {
  char a[64], b[64], c[64];
  memset(a, 0x55, sizeof a);
  memset(c, 0x55, sizeof c);
  size_t n = vt_format_g(a, v, digits), nc = vt_g_put(c, v, digits);
  if (isnan(v))
    strcpy(b, "nan");
  else
    snprintf(b, sizeof b, "%.*g", digits, v);
  int ok = strcmp(a, b) == 0 && n == strlen(b) && nc == n && memcmp(c, b, n) == 0;
  for (size_t i = 25; i < sizeof a; i++) ok &= a[i] == 0x55;
  for (size_t i = VT_G_ROOM; i < sizeof c; i++) ok &= c[i] == 0x55;
  if (!ok && verbose)
    printf("  %a (%.17g) at %d digits: '%s' (%zu), vt_g_put %zu, printf '%s'\n", v, v, digits, a, n,
           nc, b);
  return ok;
}

/* Random 64-bit patterns: every exponent (subnormals, inf and nan included) at every digit
 * count; then random exponents over the range the fast path scales (|10^k| <= 10^64). */
static void test_bit_patterns(void) {
  unsigned long long s = 7;
  long bad = 0, n = 0;
  for (long i = 0; i < 340000; i++, n++) {
    uint64_t bits = (uint64_t)lcg(&s) << 11 ^ lcg(&s);
    double v;
    memcpy(&v, &bits, sizeof v);
    bad += !same_as_printf(v, (int)(i % 17) + 1, bad < 5);
  }
  for (long i = 0; i < 600000; i++, n++) {
    double v = ldexp(1.0 + (double)lcg(&s) / 9007199254740992.0, (int)(lcg(&s) % 461) - 230);
    if (i & 1) v = -v;
    const int dg[4] = {8, 10, 12, 1 + (int)(i % 12)};
    bad += !same_as_printf(v, dg[i % 4], bad < 5);
  }
  const double edge[] = {0.0,
                         -0.0,
                         INFINITY,
                         -INFINITY,
                         NAN,
                         -NAN,
                         4.9e-324,
                         -2.2250738585072009e-308,
                         2.2250738585072014e-308,
                         1.7976931348623157e308,
                         1e-64,
                         1e64,
                         9.5e63,
                         1e-55};
  for (size_t i = 0; i < sizeof edge / sizeof *edge; i++)
    for (int d = 1; d <= 17; d++, n++) bad += !same_as_printf(edge[i], d, bad < 5);
  printf("bit patterns and magnitudes: %ld values, %ld differ from printf\n", n, bad);
  CHECK(bad == 0, "%ld of %ld differ from printf", bad, n);
}

/* The doubles nearest to decimal ties: digits + 1 significant digits ending in 5 (and their
 * neighbours), where the scaled value's fraction is within rounding of 1/2. */
static void test_near_ties(void) {
  unsigned long long s = 11;
  long bad = 0, n = 0;
  for (long i = 0; i < 150000; i++) {
    int digits = (int)(i % 12) + 1, e = (int)(lcg(&s) % 121) - 60;
    unsigned long long m = 1;
    for (int j = 0; j < digits; j++) m *= 10;
    m = m / 10 + lcg(&s) % (m - m / 10); /* digits digits */
    char text[64];
    snprintf(text, sizeof text, "%llu5e%d", m, e);
    double v = strtod(text, NULL);
    double w[3] = {v, nextafter(v, 0.0), nextafter(v, INFINITY)};
    for (int j = 0; j < 3; j++, n++) bad += !same_as_printf(w[j], digits, bad < 5);
  }
  printf("near ties: %ld values, %ld differ from printf\n", n, bad);
  CHECK(bad == 0, "%ld of %ld differ from printf", bad, n);
}

/* A trace row's line is printf's "%.10g,%.10g,%.10g,%.8g,%.8g,%d,%.10g\n" (nan as "nan"). */
static void test_row_line(void) {
  unsigned long long s = 5;
  long bad = 0;
  for (long i = 0; i < 100000; i++) {
    double x[6];
    for (int j = 0; j < 6; j++)
      x[j] = (1.0 + (double)lcg(&s) / 9007199254740992.0) * pow(10.0, (int)(lcg(&s) % 41) - 20) *
             (lcg(&s) & 1 ? -1 : 1);
    if (i % 3 == 0) x[4] = NAN;
    if (i % 5 == 0) x[5] = 0.0;
    int seg = (int)(lcg(&s) % 2000) - (i % 7 == 0 ? 1000 : 0);
    vt_trace_row r = {(size_t)i, x[0], x[1], x[2], x[3], x[4], 0.0, seg, x[5], 1};
    char a[VT_ROW_ROOM], b[256];
    size_t n = vt_trace_row_put(a, &r);
    int nb = snprintf(b, sizeof b, "%.10g,%.10g,%.10g,%.8g,%.8g,%d,%.10g\n", x[0], x[1], x[2], x[3],
                      x[4], seg, x[5]);
    if ((n != (size_t)nb || memcmp(a, b, n)) && bad++ < 5)
      printf("  row '%.*s' printf '%s'", (int)n, a, b);
  }
  CHECK(bad == 0, "%ld trace lines differ from printf's", bad);
}

int main(void) {
  test_bit_patterns();
  test_near_ties();
  test_row_line();
  test_special();
  test_random(8);
  test_random(10);
  test_random(12);
  TEST_MAIN_END();
}
