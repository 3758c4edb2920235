/* The Prony step over structure-of-arrays terms, in blocks of eight terms held in GCC/clang
 * vector types of the ISA's width (prony_kernel_body.h: one zmm, two ymm or four xmm per block),
 * with the exp of vexp.h written for those vectors, operation for operation (so it has the same
 * bits and the error bound vexp.h states; tests/test_prony_kernel.c compares the two). The same
 * loops in plain C for the auto-vectoriser came out 2-4x slower: gcc interleaved the blocks with
 * permutes and kept the partial sums in memory.
 *
 * Work per term depends on z = dxi/tau_k, and with tau ascending z falls along the series, so
 * the terms split into three runs (paper-000 scan, 20 000 steps, 56 terms, per evaluation: about
 * 20 terms above MAX_Z, 18 below SERIES_Z, 18 in between or in blocks that straddle):
 *   - z > MAX_Z: E = exp(-z) < 2e-22 is dropped: y1 = T1 - (T1 - T0)/z, no exp (tnm.c does not
 *     even call the kernel for whole blocks of these: vt_prony_relaxed_terms);
 *   - z < SERIES_Z: (1 - E)/z, E and the derivative from short Taylor series, no exp (and no
 *     division by z, so a jump, dxi = 0, needs no special case);
 *   - otherwise the full update with the exp.
 * A block of eight terms that all lie in one run takes that run's form. A block that straddles
 * runs takes the exp form for all its terms down to z = MIN_EXP_Z (E = 0 above MAX_Z, the
 * derivative from its series below SERIES_Z), and every form with a select per term below that.
 * So a term with z < SERIES_Z gets y1 from the series or from the exp form depending on its
 * block: both are within the bounds stated below (a few ulp of each other).
 *
 * One body is compiled three times, for AVX-512, AVX2 and the x86-64 baseline (SSE2), and the
 * CPU picks at run time (__builtin_cpu_supports: one load and test per call), so one binary
 * runs on any x86-64 and uses the widest vector unit it finds. No FMA in any of them, the same
 * blocks, forms and eight partial sums: every variant returns the same bits. (GCC's
 * target_clones would do the dispatch through an ifunc, but clang 14 names that symbol so that
 * other files cannot link to it.) */
#include "prony_kernel.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#if defined(__clang__)
/* gcc in ISO C mode does not contract a*b+c into an FMA; clang does by default, and the FMA
 * clones would then round differently from the SSE2 one. */
#pragma STDC FP_CONTRACT OFF
#endif

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(VT_NO_MULTIVERSION)
#define VT_MULTIVERSION 1
#endif

/* Above z = 50, E < 2e-22 is dropped (as relax_step.h does above 45): kept, it would make
 * subnormal products, which cost a hundred cycles each on x86. */
#define MAX_Z VT_PRONY_RELAXED_Z
/* Below z = 1e-2 the series replace the exp: (1 - E)/z truncated after z^5 (relative error
 * < z^6/7! = 2e-16, one ulp), E = 1 - z (1 - E)/z, the derivative of (1 - E)/z truncated after
 * z^3 (< z^4/144 = 7e-11 relative; it only steers Newton's step on Tf). */
#define SERIES_Z 1e-2
/* Down to z = 1e-8 the exp form is exact enough for (1 - E)/z and E (vexp's expm1 is good to
 * 1e-15 relative at any z), not for the derivative (E - (1 - E)/z)/z, whose cancellation costs
 * 1e-16/z: below SERIES_Z the derivative always comes from its series. */
#define MIN_EXP_Z 1e-8

#define LANES VT_PRONY_LANES

/* A block's form, from its largest and smallest z (tau ascending: its first and last term). */
enum {
  FORM_BIG,       /* every z > MAX_Z */
  FORM_SERIES,    /* every z < SERIES_Z */
  FORM_EXP,       /* every z in [SERIES_Z, MAX_Z] */
  FORM_EXP_BIG,   /* z from SERIES_Z or more to above MAX_Z */
  FORM_EXP_SMALL, /* z from MIN_EXP_Z or more below SERIES_Z up to MAX_Z at most */
  FORM_EXP_BOTH,  /* z from MIN_EXP_Z or more to above MAX_Z */
  FORM_ANY        /* some z below MIN_EXP_Z and some at SERIES_Z or more */
};

static inline int block_form(double z_hi, double z_lo) {
  if (z_lo > MAX_Z) return FORM_BIG;
  if (z_hi < SERIES_Z) return FORM_SERIES;
  if (z_lo >= SERIES_Z) return z_hi <= MAX_Z ? FORM_EXP : FORM_EXP_BIG;
  if (z_lo >= MIN_EXP_Z) return z_hi <= MAX_Z ? FORM_EXP_SMALL : FORM_EXP_BOTH;
  return FORM_ANY;
}

/* The three copies (prony_kernel_body.h) */
#ifdef VT_MULTIVERSION
#define W   8
#define SFX avx512f
#define TGT __attribute__((target("avx512f")))
#include "prony_kernel_body.h"
#undef TGT
#undef SFX
#undef W
#define W   4
#define SFX avx2
#define TGT __attribute__((target("avx2")))
#include "prony_kernel_body.h"
#undef TGT
#undef SFX
#undef W
#endif
#define W   2
#define SFX default
#define TGT
#include "prony_kernel_body.h"
#undef TGT
#undef SFX
#undef W

#define KERNEL_ARGS                                                                                \
  size_t n, const double *restrict w, const double *restrict tau, const double *restrict inv_tau,  \
      const double *restrict y0, double *restrict y1, double dxi, double T0, double T1,            \
      double *dTf_ddxi
#define KERNEL_CALL n, w, tau, inv_tau, y0, y1, dxi, T0, T1, dTf_ddxi

double vt_prony_kernel(KERNEL_ARGS) {
#ifdef VT_MULTIVERSION
  if (__builtin_cpu_supports("avx512f")) return kernel_avx512f(KERNEL_CALL);
  if (__builtin_cpu_supports("avx2")) return kernel_avx2(KERNEL_CALL);
#endif
  return kernel_default(KERNEL_CALL);
}

double vt_prony_kernel_variant(int which, KERNEL_ARGS) {
#ifdef VT_MULTIVERSION
  __builtin_cpu_init();
  if (which == 2) return __builtin_cpu_supports("avx512f") ? kernel_avx512f(KERNEL_CALL) : NAN;
  if (which == 1) return __builtin_cpu_supports("avx2") ? kernel_avx2(KERNEL_CALL) : NAN;
#endif
  return which == 0 ? kernel_default(KERNEL_CALL) : NAN;
}

int vt_prony_vexp8(int which, const double *x, double *e, double *em1) {
#ifdef VT_MULTIVERSION
  __builtin_cpu_init();
  if (which == 2 && __builtin_cpu_supports("avx512f")) return vexp8_avx512f(x, e, em1), 1;
  if (which == 1 && __builtin_cpu_supports("avx2")) return vexp8_avx2(x, e, em1), 1;
#endif
  return which == 0 ? (vexp8_default(x, e, em1), 1) : 0;
}

#define SENS_ARGS KERNEL_ARGS, double *restrict E, double *restrict c, double *C
#define SENS_CALL KERNEL_CALL, E, c, C

double vt_prony_kernel_sens(SENS_ARGS) {
#ifdef VT_MULTIVERSION
  if (__builtin_cpu_supports("avx512f")) return kernel_sens_avx512f(SENS_CALL);
  if (__builtin_cpu_supports("avx2")) return kernel_sens_avx2(SENS_CALL);
#endif
  return kernel_sens_default(SENS_CALL);
}

double vt_prony_kernel_sens_variant(int which, SENS_ARGS) {
#ifdef VT_MULTIVERSION
  __builtin_cpu_init();
  if (which == 2) return __builtin_cpu_supports("avx512f") ? kernel_sens_avx512f(SENS_CALL) : NAN;
  if (which == 1) return __builtin_cpu_supports("avx2") ? kernel_sens_avx2(SENS_CALL) : NAN;
#endif
  return which == 0 ? kernel_sens_default(SENS_CALL) : NAN;
}

const char *vt_prony_kernel_isa(void) {
#ifdef VT_MULTIVERSION
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return "avx512f";
  if (__builtin_cpu_supports("avx2")) return "avx2";
#endif
  return "default";
}
