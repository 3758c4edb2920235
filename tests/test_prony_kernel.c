/* The vectorised Prony step: its exp meets the bound stated in src/models/vexp.h against
 * long-double libm, and the kernel's terms, sum and derivative match the update computed
 * independently in long double over every regime of z (jump, tiny, series edge, ramp, dropped
 * tail, capped reduced time). */
#include <stdlib.h>

#include "../src/models/prony_kernel.h"
#include "../src/models/vexp.h"
#include "test_util.h"

static double rel(long double got, long double want) {
  return (double)(fabsl(got - want) / fabsl(want));
}

static void test_vexp(void) {
  double worst_e = 0.0, worst_m = 0.0, at_e = 0.0, at_m = 0.0;
  unsigned long state = 7;
  for (int i = 0; i < 2000000; i++) {
    state = state * 6364136223846793005UL + 1442695040888963407UL;
    double u = (double)(state >> 11) / 9007199254740992.0;
    /* half uniform on [-708, 0], half log-uniform on [-708, -1e-25] */
    double x = (i & 1) ? -708.0 * u : -pow(10.0, -25.0 + 27.85 * u);
    double e, em1;
    vt_vexp_em1(x, &e, &em1);
    double re = rel(e, expl((long double)x)), rm = rel(em1, expm1l((long double)x));
    if (re > worst_e) worst_e = re, at_e = x;
    if (rm > worst_m) worst_m = rm, at_m = x;
  }
  double e, em1;
  vt_vexp_em1(0.0, &e, &em1);
  CHECK(e == 1.0 && em1 == 0.0, "vexp(0): e %.17g, em1 %.17g", e, em1);
  printf("vexp: max relative error exp %.3g (at %.6g), expm1 %.3g (at %.6g); bound 1e-15\n",
         worst_e, at_e, worst_m, at_m);
  CHECK(worst_e < 1e-15, "vexp exp error %.3g at x = %.17g", worst_e, at_e);
  CHECK(worst_m < 1e-15, "vexp expm1 error %.3g at x = %.17g", worst_m, at_m);
}

/* y1 and dy1/dz of one term in long double, from the closed form. */
static long double ref_term(long double y0, long double z, long double T0, long double T1,
                            long double *dydz) {
  long double E = expl(-z), g, dg;
  if (z < 1e-6L) { /* series: (1 - E)/z = 1 - z/2 + z^2/6, derivative -1/2 + z/3 */
    g = 1.0L - z / 2.0L + z * z / 6.0L;
    dg = -0.5L + z / 3.0L;
  } else {
    g = -expm1l(-z) / z;
    dg = (E - g) / z;
  }
  *dydz = -(y0 - T0) * E - (T1 - T0) * dg;
  return T1 + (y0 - T0) * E - (T1 - T0) * g;
}

static void test_kernel(void) {
  enum { N = 61 }; /* not a multiple of 8: the tail loop runs too */
  double w[N], tau[N], inv[N], y0[N], y1[N];
  unsigned long state = 11;
  for (int k = 0; k < N; k++) {
    tau[k] = pow(10.0, -17.0 + 25.0 * k / (N - 1));
    inv[k] = 1.0 / tau[k];
    w[k] = (k % 5 == 3 ? -0.002 : 1.0) / N; /* a few negative weights, as fits give */
    state = state * 6364136223846793005UL + 1442695040888963407UL;
    y0[k] = 400.0 + 60.0 * ((double)(state >> 11) / 9007199254740992.0 - 0.5);
  }
  const double dxis[] = {0.0,  1e-300, 1e-200, 1e-40, 1e-20, 1e-12, 3e-9, 1e-5,
                         0.01, 0.3466, 1.0,    42.0,  1e3,   1e8,   1e200};
  const double T1s[] = {400.0, 400.1, 380.0};
  double worst_y = 0.0, worst_tf = 0.0, worst_d = 0.0;
  for (size_t i = 0; i < sizeof dxis / sizeof *dxis; i++)
    for (int t = 0; t < 3; t++) {
      double T0 = 400.0, T1 = T1s[t], dTf;
      double Tf = vt_prony_kernel(N, w, tau, inv, y0, y1, dxis[i], T0, T1, &dTf);
      long double sum = 0.0L, dsum = 0.0L, scale = 0.0L;
      for (int k = 0; k < N; k++) {
        long double d, z = (long double)dxis[i] * inv[k];
        long double y = ref_term(y0[k], z, T0, T1, &d);
        worst_y = fmax(worst_y, (double)fabsl(y1[k] - y));
        sum += w[k] * y;
        dsum += w[k] * (long double)inv[k] * d;
        scale += fabsl(w[k] * (long double)inv[k]) * (fabsl(y0[k] - T0) + fabsl(T1 - T0));
      }
      worst_tf = fmax(worst_tf, (double)fabsl(Tf - sum));
      /* the kernel drops E above z = 50 and uses the z -> 0 limit of (E - g)/z below 1e-8:
       * both change a term's derivative by < 4e-9 of |y0 - T0| + |T1 - T0| */
      worst_d = fmax(worst_d, (double)(fabsl(dTf - dsum) / scale));
      if (dxis[i] == 0.0)
        for (int k = 0; k < N; k++)
          CHECK(fabs(y1[k] - y0[k]) <= 2e-13, "jump moved term %d by %.3g K", k, y1[k] - y0[k]);
    }
  /* Every compiled variant gives the same bits (fixed partial sums, no FMA contraction). */
  int variants = 0, same = 1;
  for (int v = 0; v < 3; v++)
    for (size_t i = 0; i < sizeof dxis / sizeof *dxis; i++) {
      double a[N], b[N], da, db;
      double ta = vt_prony_kernel(N, w, tau, inv, y0, a, dxis[i], 400.0, 400.1, &da);
      double tb = vt_prony_kernel_variant(v, N, w, tau, inv, y0, b, dxis[i], 400.0, 400.1, &db);
      if (isnan(tb)) break; /* not on this CPU */
      variants += i == 0;
      same &= ta == tb && da == db && memcmp(a, b, sizeof a) == 0;
    }
  printf("kernel variants run here: %d, identical bits: %s\n", variants, same ? "yes" : "no");
  CHECK(variants >= 1 && same, "%d variants, identical %d", variants, same);
  printf("kernel (%s): max |y - ref| %.3g K, |Tf - ref| %.3g K, derivative %.3g of its scale\n",
         vt_prony_kernel_isa(), worst_y, worst_tf, worst_d);
  CHECK(worst_y <= 3e-13, "term error %.3g K (4 ulp at 400 K: 2.3e-13)", worst_y);
  CHECK(worst_tf <= 1e-12, "Tf error %.3g K", worst_tf);
  CHECK(worst_d <= 4e-9, "derivative error %.3g", worst_d);
}

int main(void) {
  test_vexp();
  test_kernel();
  TEST_MAIN_END();
}
