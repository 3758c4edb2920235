/* The vectorised Prony step: its exp meets the bound stated in src/models/vexp.h against
 * long-double libm (and the kernel's 8-lane copy of it gives the same bits), and the kernel's
 * terms, sum and derivative match the update computed independently in long double over every
 * regime of z (jump, tiny, series edge, ramp, dropped tail, capped reduced time), on several
 * shapes of series; the relaxed blocks tnm.c skips are the kernel's own; the kernel for steps
 * with sensitivities adds per-term E and dy1/ddxi to the plain kernel's bits. */
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

/* The kernel's vector exp is vexp.h's, bit for bit, in every variant (so the bound above is its
 * bound too). */
static void test_vexp8(void) {
  unsigned long state = 7;
  long differ = 0, points = 0;
  for (int i = 0; i < 2000000; i += 8) {
    double x[8], e[8], m[8];
    for (int j = 0; j < 8; j++) {
      state = state * 6364136223846793005UL + 1442695040888963407UL;
      double u = (double)(state >> 11) / 9007199254740992.0;
      x[j] = ((i + j) & 1) ? -708.0 * u : -pow(10.0, -25.0 + 27.85 * u);
    }
    for (int v = 0; v < 3; v++) {
      if (!vt_prony_vexp8(v, x, e, m)) continue;
      for (int j = 0; j < 8; j++) {
        double e1, m1;
        vt_vexp_em1(x[j], &e1, &m1);
        differ += memcmp(&e1, &e[j], sizeof e1) != 0 || memcmp(&m1, &m[j], sizeof m1) != 0;
        points++;
      }
    }
  }
  printf("kernel exp (every variant here) vs vexp.h: %ld of %ld differ\n", differ, points);
  CHECK(differ == 0 && points >= 2000000, "the kernel's exp differs from vt_vexp_em1 at %ld points",
        differ);
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

/* The worst errors of one kernel call against ref_term: terms (K), Tf (K), and dTf/d dxi relative
 * to the scale sum |w/tau| (|y0 - T0| + |T1 - T0|), folded into worst[3]. */
static void against_reference(int N, const double *w, const double *inv, const double *y0,
                              const double *y1, double dxi, double T0, double T1, double Tf,
                              double dTf, double worst[3]) {
  long double sum = 0.0L, dsum = 0.0L, scale = 0.0L;
  for (int k = 0; k < N; k++) {
    long double d, z = (long double)dxi * inv[k];
    long double y = ref_term(y0[k], z, T0, T1, &d);
    worst[0] = fmax(worst[0], (double)fabsl(y1[k] - y));
    sum += w[k] * y;
    dsum += w[k] * (long double)inv[k] * d;
    scale += fabsl(w[k] * (long double)inv[k]) * (fabsl(y0[k] - T0) + fabsl(T1 - T0));
  }
  worst[1] = fmax(worst[1], (double)fabsl(Tf - sum));
  worst[2] = fmax(worst[2], (double)(fabsl(dTf - dsum) / scale));
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
  double worst[3] = {0.0, 0.0, 0.0}; /* terms, Tf, dTf (see against_reference) */
  for (size_t i = 0; i < sizeof dxis / sizeof *dxis; i++)
    for (int t = 0; t < 3; t++) {
      double T0 = 400.0, T1 = T1s[t], dTf;
      double Tf = vt_prony_kernel(N, w, tau, inv, y0, y1, dxis[i], T0, T1, &dTf);
      /* the kernel drops E above z = 50 and uses the z -> 0 limit of (E - g)/z below 1e-8:
       * both change a term's derivative by < 4e-9 of |y0 - T0| + |T1 - T0| */
      against_reference(N, w, inv, y0, y1, dxis[i], T0, T1, Tf, dTf, worst);
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
         vt_prony_kernel_isa(), worst[0], worst[1], worst[2]);
  CHECK(worst[0] <= 3e-13, "term error %.3g K (4 ulp at 400 K: 2.3e-13)", worst[0]);
  CHECK(worst[1] <= 1e-12, "Tf error %.3g K", worst[1]);
  CHECK(worst[2] <= 4e-9, "derivative error %.3g", worst[2]);
}

/* Other series shapes against the same long-double reference: a sparse grid (one term per two
 * decades, so blocks of 8 reach from z < 1e-8 to z > 50 and every form is selected per term),
 * fewer than 8 terms, a multiple of 8; and every variant with the same bits on them. */
static void test_shapes(void) {
  const struct {
    int n;
    double lg_lo, per_term;
  } shapes[] = {{30, -20.0, 2.0}, {5, -3.0, 1.0}, {3, -1.0, 0.5}, {16, -12.0, 1.0}, {1, 0.0, 1.0}};
  const double dxis[] = {0.0, 1e-250, 1e-30, 1e-12, 1e-6, 0.02, 1.0, 30.0, 1e4, 1e200};
  double worst[3] = {0.0, 0.0, 0.0}; /* terms, Tf, dTf (see against_reference) */
  int same = 1, cases = 0;
  for (size_t sh = 0; sh < sizeof shapes / sizeof *shapes; sh++) {
    int N = shapes[sh].n;
    double w[30], tau[30], inv[30], y0[30], y1[30], yv[30];
    for (int k = 0; k < N; k++) {
      tau[k] = pow(10.0, shapes[sh].lg_lo + shapes[sh].per_term * k);
      inv[k] = 1.0 / tau[k];
      w[k] = (k % 3 == 1 ? -0.01 : 1.0) / N;
      y0[k] = 380.0 + 3.0 * k;
    }
    for (size_t i = 0; i < sizeof dxis / sizeof *dxis; i++) {
      double T0 = 400.0, T1 = 391.5, dTf;
      double Tf = vt_prony_kernel((size_t)N, w, tau, inv, y0, y1, dxis[i], T0, T1, &dTf);
      against_reference(N, w, inv, y0, y1, dxis[i], T0, T1, Tf, dTf, worst);
      for (int v = 0; v < 3; v++) {
        double dv,
            tv = vt_prony_kernel_variant(v, (size_t)N, w, tau, inv, y0, yv, dxis[i], T0, T1, &dv);
        if (isnan(tv)) continue;
        same &= tv == Tf && dv == dTf && memcmp(yv, y1, (size_t)N * sizeof *yv) == 0;
      }
      cases++;
    }
  }
  printf("other shapes (%d cases): max |y - ref| %.3g K, |Tf - ref| %.3g K, derivative %.3g; "
         "variants identical: %s\n",
         cases, worst[0], worst[1], worst[2], same ? "yes" : "no");
  CHECK(worst[0] <= 3e-13, "term error %.3g K", worst[0]);
  CHECK(worst[1] <= 1e-12, "Tf error %.3g K", worst[1]);
  CHECK(worst[2] <= 4e-9, "derivative error %.3g", worst[2]);
  CHECK(same, "variants differ on the other shapes");
}

/* d/dz (1 - E)/z in long double: its series to z^4 below 1e-4 (then off by z^5/840 < 1.2e-23),
 * else the quotient (cancelling to ~1e-19/z). */
static long double ref_dg(long double z) {
  if (z < 1e-4L) return -0.5L + z * (1.0L / 3 - z * (1.0L / 8 - z * (1.0L / 30 - z / 144.0L)));
  long double g = -expm1l(-z) / z;
  return (expl(-z) - g) / z;
}

/* The kernel for steps with sensitivities: y1, Tf and dTf/ddxi the plain kernel's bits, every
 * variant the same bits, and per term E = exp(-z) and c = dy1/ddxi (its derivative's series two
 * terms longer than the kernel's own) against long double, within 1e-13 of the term's scale
 * (|y0 - T0| + |T1 - T0|)/tau, and C = sum w c within 1e-13 of sum |w| times that scale. */
static void test_sens(void) {
  const struct {
    int n;
    double lg_lo, per_term;
  } shapes[] = {{61, -17.0, 25.0 / 60}, {30, -20.0, 2.0}, {5, -3.0, 1.0}, {16, -12.0, 1.0}};
  const double dxis[] = {0.0,    1e-250, 1e-30, 1e-12, 1e-6, 3e-5, 1e-3, 0.0099,
                         0.0101, 0.3466, 1.0,   30.0,  1e4,  1e8,  1e200};
  double worst_e = 0.0, worst_c = 0.0, worst_C = 0.0;
  int same = 1, cases = 0;
  for (size_t sh = 0; sh < sizeof shapes / sizeof *shapes; sh++) {
    enum { M = 61 };
    int N = shapes[sh].n;
    double w[M], tau[M], inv[M], y0[M], y1[M], ys[M], E[M], c[M], Ev[M], cv[M], yv[M];
    for (int k = 0; k < N; k++) {
      tau[k] = pow(10.0, shapes[sh].lg_lo + shapes[sh].per_term * k);
      inv[k] = 1.0 / tau[k];
      w[k] = (k % 3 == 1 ? -0.01 : 1.0) / N;
      y0[k] = 380.0 + 3.0 * (k % 11);
    }
    for (size_t i = 0; i < sizeof dxis / sizeof *dxis; i++)
      for (int t = 0; t < 2; t++) {
        double T0 = 400.0, T1 = t ? 391.5 : 400.0, d0, ds, C;
        double Tf = vt_prony_kernel((size_t)N, w, tau, inv, y0, y1, dxis[i], T0, T1, &d0);
        double Ts =
            vt_prony_kernel_sens((size_t)N, w, tau, inv, y0, ys, dxis[i], T0, T1, &ds, E, c, &C);
        same &= Ts == Tf && ds == d0 && memcmp(ys, y1, (size_t)N * sizeof *ys) == 0;
        long double sum = 0.0L, scale = 0.0L;
        for (int k = 0; k < N; k++) {
          long double z = (long double)dxis[i] * inv[k], Er = expl(-z);
          long double cr = (-(y0[k] - T0) * Er - (long double)(T1 - T0) * ref_dg(z)) * inv[k];
          long double sc = (fabsl(y0[k] - T0) + fabsl(T1 - T0)) * inv[k];
          worst_e = fmax(worst_e, (double)fabsl(E[k] - Er));
          worst_c = fmax(worst_c, (double)(fabsl(c[k] - cr) / sc));
          sum += w[k] * cr;
          scale += fabsl(w[k]) * sc;
        }
        worst_C = fmax(worst_C, (double)(fabsl(C - sum) / scale));
        for (int v = 0; v < 3; v++) {
          double dv, Cv,
              tv = vt_prony_kernel_sens_variant(v, (size_t)N, w, tau, inv, y0, yv, dxis[i], T0, T1,
                                                &dv, Ev, cv, &Cv);
          if (isnan(tv)) continue;
          same &= tv == Tf && dv == d0 && Cv == C && memcmp(yv, y1, (size_t)N * sizeof *yv) == 0 &&
                  memcmp(Ev, E, (size_t)N * sizeof *Ev) == 0 &&
                  memcmp(cv, c, (size_t)N * sizeof *cv) == 0;
        }
        cases++;
      }
  }
  printf("kernel with sensitivities (%d cases): the plain kernel's bits and every variant's: %s; "
         "max |E - exp(-z)| %.3g, c %.3g and C %.3g of their scales\n",
         cases, same ? "yes" : "no", worst_e, worst_c, worst_C);
  CHECK(same, "the kernel with sensitivities differs from the plain one or between variants");
  CHECK(worst_e <= 2e-16, "E error %.3g", worst_e);
  CHECK(worst_c <= 1e-13, "c error %.3g of its scale", worst_c);
  CHECK(worst_C <= 1e-13, "C error %.3g of its scale", worst_C);
}

/* What tnm.c relies on to skip relaxed terms: the leading blocks vt_prony_relaxed_terms counts
 * are exactly those the kernel writes as vt_prony_relaxed does, and the kernel run on the terms
 * after them writes the same bits there as on the whole series. */
static void test_relaxed(void) {
  enum { N = 45 };
  double w[N], tau[N], inv[N], y0[N], full[N], part[N];
  for (int k = 0; k < N; k++) {
    tau[k] = pow(10.0, -15.0 + 0.33 * k);
    inv[k] = 1.0 / tau[k];
    w[k] = 1.0 / N;
    y0[k] = 400.0 + 0.5 * k;
  }
  const double dxis[] = {1e-14, 1e-9, 1e-5, 1e-3, 1.0, 1e3, 1e8, 1e200};
  int skipped = 0, ok = 1;
  for (size_t i = 0; i < sizeof dxis / sizeof *dxis; i++) {
    double T0 = 400.0, T1 = 399.9, d;
    size_t kb = vt_prony_relaxed_terms(N, inv, dxis[i]);
    vt_prony_kernel(N, w, tau, inv, y0, full, dxis[i], T0, T1, &d);
    vt_prony_kernel(N - kb, w + kb, tau + kb, inv + kb, y0 + kb, part + kb, dxis[i], T0, T1, &d);
    for (size_t k = 0; k < kb; k++) part[k] = vt_prony_relaxed(T1, T1 - T0, tau[k], 1.0 / dxis[i]);
    ok &= kb % VT_PRONY_LANES == 0 && memcmp(full, part, sizeof full) == 0;
    skipped += (int)kb;
  }
  printf("relaxed blocks: %d terms skipped over %zu steps, same y1: %s\n", skipped,
         sizeof dxis / sizeof *dxis, ok ? "yes" : "no");
  CHECK(ok && skipped > 0, "relaxed terms: kernel on the rest or vt_prony_relaxed differ");
}

int main(void) {
  test_vexp();
  test_vexp8();
  test_kernel();
  test_shapes();
  test_relaxed();
  test_sens();
  TEST_MAIN_END();
}
