/* One ISA's copy of the Prony kernel, included by prony_kernel.c once per vector width with
 *   W    doubles per native vector (8: AVX-512, 4: AVX2, 2: SSE2), a block of 8 terms being
 *        NV = 8/W of them;
 *   SFX  the suffix of this copy's names; TGT its target attribute.
 * Each copy works on vectors of its own width: gcc lowers wider generic vectors than the ISA
 * has well for arithmetic but not for compares and selects, which it did lane by lane (the
 * AVX2 copy of an 8-wide body ran 5x slower than the AVX-512 one). Every copy does the same
 * operations per term and keeps lane j of the partial sums for term 8 i + j, so all return the
 * same bits. Nothing here is a vector passed by value: the helpers take and give pointers. */

#define PK_CAT_(a, b) a##_##b
#define PK_CAT(a, b)  PK_CAT_(a, b)
#define F(name)       PK_CAT(name, SFX)
#define FN            static inline __attribute__((always_inline)) TGT
#define NV            (LANES / W)
#define V             F(v)
#define VI            F(vi)
#define VU            F(vu)
#define UPD           F(upd)
#define SUMS          F(sums)

typedef double V __attribute__((vector_size(W * sizeof(double))));
typedef int64_t VI __attribute__((vector_size(W * sizeof(double)))); /* masks: -1 or 0 */
typedef uint64_t VU __attribute__((vector_size(W * sizeof(double))));

#define SPLAT(x)     ((V){0} + (x))
#define SEL(m, a, b) ((V)(((VI)(a) & (m)) | ((VI)(b) & ~(m)))) /* m ? a : b per lane */

/* vt_vexp_em1 of vexp.h on W lanes: x in [-708, 0], *e = exp(x), *em1 = exp(x) - 1, the same
 * operations in the same order (see vexp.h for the method and its error bound). */
FN void F(vexp)(const V *px, V *e, V *em1) {
  const double inv_ln2 = 1.4426950408889634074;
  const double shift = 0x1.8p52;
  const double ln2_hi = 6.93147180369123816490e-01;
  const double ln2_lo = 1.90821492927058770002e-10;
  V x = *px;
  V kd = x * inv_ln2 + shift;
  VU ki = (VU)kd;
  kd -= shift;
  V r = (x - kd * ln2_hi) - kd * ln2_lo;
  V r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
  V a0 = 1.0 / 2 + r * (1.0 / 6), a1 = 1.0 / 24 + r * (1.0 / 120);
  V a2 = 1.0 / 720 + r * (1.0 / 5040), a3 = 1.0 / 40320 + r * (1.0 / 362880);
  V a4 = 1.0 / 3628800 + r * (1.0 / 39916800), a5 = 1.0 / 479001600 + r * (1.0 / 6227020800);
  V b0 = a0 + r2 * a1, b1 = a2 + r2 * a3, b2 = a4 + r2 * a5;
  V q = (b0 + r4 * b1) + r8 * b2;
  V p = r + r2 * q;
  V scale = (V)((ki << 52) + ((uint64_t)1023 << 52));
  *e = scale + scale * p;
  *em1 = scale * p + (scale - 1.0);
}

/* The update of W terms in one of its forms. Every form gives, per term, y1 = T1 + a E - d g
 * with a = y0 - T0, d = T1 - T0, g = (1 - E)/z, and for the derivative dy1/dz = -a E - d g' the
 * two parts a E and g' (the caller sums them with the weights and applies d once), and E itself
 * (for the sensitivities; unused, the compiler drops it). */
typedef struct UPD {
  V y, ae, dg, e;
} UPD;

/* g' = -1/2 + z/3 - z^2/8 + z^3/30 */
FN void F(dg_series)(const V *z, V *dg) {
  *dg = -0.5 + *z * (1.0 / 3 - *z * (1.0 / 8 - *z * (1.0 / 30)));
}

/* z < SERIES_Z: g = sum_j (-z)^j/(j + 1)!, E = 1 - z g; no exp, no 1/z (a jump, z = 0, is
 * exact: E = g = 1) */
FN void F(form_series)(const V *a, double d, const V *z, double T1, UPD *u) {
  /* Estrin's scheme, not Horner's: the last blocks of a call are series blocks, and the step
   * waits on the end of their chain */
  V z2 = *z * *z, z4 = z2 * z2;
  V g = ((1.0 - *z * (1.0 / 2)) + z2 * (1.0 / 6 - *z * (1.0 / 24))) +
        z4 * (1.0 / 120 - *z * (1.0 / 720));
  V e = 1.0 - *z * g;
  u->e = e;
  u->ae = *a * e;
  u->y = (T1 + u->ae) - d * g;
  F(dg_series)(z, &u->dg);
}

/* z in [MIN_EXP_Z, MAX_Z]: E and E - 1 from the exp; gn = -g = (E - 1)/z */
FN void F(form_exp)(const V *a, double d, const V *z, const V *iz, double T1, UPD *u) {
  V x = -*z, e, em1;
  F(vexp)(&x, &e, &em1);
  V gn = em1 * *iz;
  u->e = e;
  u->ae = *a * e;
  u->y = (T1 + u->ae) + d * gn;
  u->dg = (e + gn) * *iz;
}

/* z > MAX_Z: E = 0, g = 1/z, g' = -g^2, flushed to 0 where g < 1e-100 (subnormal products) */
FN void F(dg_big)(const V *iz, V *dg) {
  VI tiny = *iz < 1e-100;
  V gc = SEL(tiny, SPLAT(0.0), *iz);
  *dg = -(*iz * gc);
}

FN void F(form_big)(double d, const V *iz, double T1, UPD *u) {
  u->y = T1 - d * *iz; /* as vt_prony_relaxed */
  u->ae = u->e = SPLAT(0.0);
  F(dg_big)(iz, &u->dg);
}

/* Terms of a block across runs with every z >= MIN_EXP_Z: the exp form, with E = 0 above MAX_Z
 * (so g = 1/z exactly, as form_big gives it) and g' from its series below SERIES_Z (as
 * form_series) or as form_big above MAX_Z. BIG and SMALL say which runs the block may reach. */
FN void F(form_exp_mixed)(const V *a, double d, const V *z, const V *iz, double T1, int big,
                          int small, UPD *u) {
  VI b = *z > MAX_Z;
  VI sm = *z < SERIES_Z;
  V zc = big ? SEL(b, SPLAT(MAX_Z), *z) : *z, x = -zc, e, em1;
  F(vexp)(&x, &e, &em1);
  if (big) {
    e = SEL(b, SPLAT(0.0), e);
    em1 = SEL(b, SPLAT(-1.0), em1);
  }
  V gn = em1 * *iz;
  u->e = e;
  u->ae = *a * e;
  u->y = (T1 + u->ae) + d * gn;
  u->dg = (e + gn) * *iz;
  if (small) {
    V dgs;
    F(dg_series)(z, &dgs);
    u->dg = SEL(sm, dgs, u->dg);
  }
  if (big) {
    V dgb;
    F(dg_big)(iz, &dgb);
    u->dg = SEL(b, dgb, u->dg);
  }
}

/* Terms of any block (z from 0 to huge, or a jump's inf = 1/z): every form, selected per term. */
FN void F(form_any)(const V *a, double d, const V *z, const V *iz, double T1, UPD *u) {
  UPD s, x, b;
  VI small = *z < SERIES_Z;
  VI big = *z > MAX_Z;
  V zc = SEL(small, SPLAT(SERIES_Z), SEL(big, SPLAT(MAX_Z), *z)); /* keeps the exp in range */
  F(form_series)(a, d, z, T1, &s);
  F(form_exp)(a, d, &zc, iz, T1, &x);
  F(form_big)(d, iz, T1, &b);
  u->y = SEL(small, s.y, SEL(big, b.y, x.y));
  u->ae = SEL(small, s.ae, SEL(big, b.ae, x.ae));
  u->dg = SEL(small, s.dg, SEL(big, b.dg, x.dg));
  u->e = SEL(small, s.e, SEL(big, b.e, x.e));
}

/* The partial sums, lane j of the 8 in vector j / W: Tf = sum w y1; dTf/ddxi =
 * -sum (w/tau) a E - d sum (w/tau) g'; for the sensitivities sum (w/tau) g' again with g' to
 * full precision (dgc). */
typedef struct SUMS {
  V tf[NV], ae[NV], dg[NV], dgc[NV];
} SUMS;

/* What the sensitivities take from the kernel (NULL members: a plain step), per term from the
 * first: E = exp(-z) (0 where dropped) and c = dy1/ddxi = -(a E + d g')/tau with g' to full
 * precision, and C = sum w c. */
typedef struct F(sens_out) {
  double *E, *c, *C;
} F(sens_out);

/* g' to full precision for the sensitivities: below SERIES_Z the kernel's series (to z^3, off by
 * z^4/144 = 7e-11 at z = 1e-2: enough to steer Newton's step on Tf) with its next two terms,
 * -z^4/144 + z^5/840 (then off by z^6/5760 = 1.7e-16 of g' ~ -1/2). */
FN void F(dg_full)(int form, const V *z, const V *dg, V *dgc) {
  *dgc = *dg;
  if (form == FORM_BIG || form == FORM_EXP || form == FORM_EXP_BIG) return; /* no z < SERIES_Z */
  VI sm = *z < SERIES_Z;
  V z2 = *z * *z, more = (z2 * z2) * (-1.0 / 144 + *z * (1.0 / 840));
  *dgc += SEL(sm, more, SPLAT(0.0));
}

/* W terms of a block (the arrays from them) in the block's form, into y1 and partial sums i;
 * lanes below `skip` (counted in the block) add weight 0 and keep their y1. */
FN void F(part)(int form, int i, const double *w, const double *tau, const double *inv_tau,
                const double *y0, double *y1, double dxi, double inv_dxi, double T0, double T1,
                size_t skip, SUMS *acc, const F(sens_out) * so, size_t at) {
  double d = T1 - T0;
  V inv, t, wk, z, iz, a;
  UPD u;
  memcpy(&inv, inv_tau, sizeof inv);
  memcpy(&t, tau, sizeof t);
  memcpy(&a, y0, sizeof a);
  memcpy(&wk, w, sizeof wk);
  if (skip) {
    static const int64_t iota[LANES] = {0, 1, 2, 3, 4, 5, 6, 7};
    VI lane;
    memcpy(&lane, iota, sizeof lane);
    VI keep = lane + (int64_t)(i * W) >= (int64_t)skip;
    wk = SEL(keep, wk, SPLAT(0.0));
  }
  z = dxi * inv;
  iz = t * inv_dxi;
  a -= T0;
  V wi = wk * inv;
  switch (form) {
  case FORM_BIG:
    F(form_big)(d, &iz, T1, &u);
    break;
  case FORM_SERIES:
    F(form_series)(&a, d, &z, T1, &u);
    break;
  case FORM_EXP:
    F(form_exp)(&a, d, &z, &iz, T1, &u);
    break;
  case FORM_EXP_BIG:
    F(form_exp_mixed)(&a, d, &z, &iz, T1, 1, 0, &u);
    break;
  case FORM_EXP_SMALL:
    F(form_exp_mixed)(&a, d, &z, &iz, T1, 0, 1, &u);
    break;
  case FORM_EXP_BOTH:
    F(form_exp_mixed)(&a, d, &z, &iz, T1, 1, 1, &u);
    break;
  default:
    F(form_any)(&a, d, &z, &iz, T1, &u);
    break;
  }
  if (skip) {
    double out[W];
    memcpy(out, &u.y, sizeof out);
    for (int j = 0; j < W; j++)
      if ((size_t)(i * W + j) >= skip) y1[j] = out[j];
  } else {
    memcpy(y1, &u.y, sizeof u.y);
  }
  acc->tf[i] += wk * u.y;
  acc->ae[i] += wi * u.ae; /* 0 for relaxed terms */
  acc->dg[i] += wi * u.dg;
  if (so->E) {
    V dgc, c;
    F(dg_full)(form, &z, &u.dg, &dgc);
    c = -(u.ae + d * dgc) * inv;
    acc->dgc[i] += wi * dgc;
    if (skip) {
      double oe[W], oc[W];
      memcpy(oe, &u.e, sizeof oe);
      memcpy(oc, &c, sizeof oc);
      for (int j = 0; j < W; j++)
        if ((size_t)(i * W + j) >= skip)
          so->E[at + (size_t)j] = oe[j], so->c[at + (size_t)j] = oc[j];
    } else { /* whole vectors: lane by lane cost the kernel a fifth of its time */
      memcpy(so->E + at, &u.e, sizeof u.e);
      memcpy(so->c + at, &c, sizeof c);
    }
  }
}

/* Terms k .. k + 7 (the arrays from k) into y1 and the partial sums; the first `skip` were done
 * by the block before (see kernel_body). */
FN void F(block)(const double *w, const double *tau, const double *inv_tau, const double *y0,
                 double *y1, double dxi, double inv_dxi, double T0, double T1, size_t skip,
                 SUMS *acc, const F(sens_out) * so, size_t at) {
  int form = block_form(dxi * inv_tau[0], dxi * inv_tau[LANES - 1]);
  for (int i = 0; i < NV; i++) {
    size_t o = (size_t)i * W;
    F(part)
    (form, i, w + o, tau + o, inv_tau + o, y0 + o, y1 + o, dxi, inv_dxi, T0, T1, skip, acc, so,
     at + o);
  }
}

/* Lane j of the 8 partial sums */
#define LANE(v, j) ((v)[(j) / W][(j) % W])

FN double F(sum8)(const V *v) {
  return ((LANE(v, 0) + LANE(v, 1)) + (LANE(v, 2) + LANE(v, 3))) +
         ((LANE(v, 4) + LANE(v, 5)) + (LANE(v, 6) + LANE(v, 7)));
}

/* The kernel (prony_kernel.h). A series whose length is not a multiple of 8 ends with a block
 * moved back over the block before it, skipping the terms that block did. Inlined into the plain
 * kernel with so's members NULL, the sensitivities' outputs compile away. */
FN double F(kernel_impl)(size_t n, const double *restrict w, const double *restrict tau,
                         const double *restrict inv_tau, const double *restrict y0,
                         double *restrict y1, double dxi, double T0, double T1, double *dTf_ddxi,
                         const F(sens_out) * so) {
  double inv_dxi = 1.0 / dxi; /* inf for a jump: only reaches lanes that select the series */
  SUMS acc;
  for (int i = 0; i < NV; i++) acc.tf[i] = acc.ae[i] = acc.dg[i] = acc.dgc[i] = SPLAT(0.0);
  size_t k = 0;
  for (; k + LANES <= n; k += LANES)
    F(block)(w + k, tau + k, inv_tau + k, y0 + k, y1 + k, dxi, inv_dxi, T0, T1, 0, &acc, so, k);
  if (k < n && n >= LANES) { /* the last n % 8 terms: the last 8, those before them skipped */
    size_t b = n - LANES;
    F(block)(w + b, tau + b, inv_tau + b, y0 + b, y1 + b, dxi, inv_dxi, T0, T1, k - b, &acc, so, b);
  } else if (k < n) { /* fewer than 8 terms: padded with w = 0 (adds exact zeros to the sums) */
    double pw[LANES], pt[LANES], pi[LANES], py[LANES], out[LANES], pe[LANES], pc[LANES];
    for (size_t j = 0; j < LANES; j++) {
      int in = k + j < n;
      pw[j] = in ? w[k + j] : 0.0;
      pt[j] = in ? tau[k + j] : tau[n - 1];
      pi[j] = in ? inv_tau[k + j] : inv_tau[n - 1];
      py[j] = in ? y0[k + j] : T0;
    }
    F(sens_out) po = {so->E ? pe : NULL, pc, NULL};
    F(block)(pw, pt, pi, py, out, dxi, inv_dxi, T0, T1, 0, &acc, &po, 0);
    memcpy(y1 + k, out, (n - k) * sizeof *out);
    if (so->E) {
      memcpy(so->E + k, pe, (n - k) * sizeof *pe);
      memcpy(so->c + k, pc, (n - k) * sizeof *pc);
    }
  }
  V dsum[NV]; /* one horizontal sum for the derivative, not two */
  for (int i = 0; i < NV; i++) dsum[i] = acc.ae[i] + (T1 - T0) * acc.dg[i];
  *dTf_ddxi = -F(sum8)(dsum);
  if (so->E) {
    for (int i = 0; i < NV; i++) dsum[i] = acc.ae[i] + (T1 - T0) * acc.dgc[i];
    *so->C = -F(sum8)(dsum);
  }
  return F(sum8)(acc.tf);
}

static TGT double F(kernel)(size_t n, const double *restrict w, const double *restrict tau,
                            const double *restrict inv_tau, const double *restrict y0,
                            double *restrict y1, double dxi, double T0, double T1,
                            double *dTf_ddxi) {
  const F(sens_out) none = {NULL, NULL, NULL};
  return F(kernel_impl)(n, w, tau, inv_tau, y0, y1, dxi, T0, T1, dTf_ddxi, &none);
}

static TGT double F(kernel_sens)(size_t n, const double *restrict w, const double *restrict tau,
                                 const double *restrict inv_tau, const double *restrict y0,
                                 double *restrict y1, double dxi, double T0, double T1,
                                 double *dTf_ddxi, double *restrict E, double *restrict c,
                                 double *C) {
  const F(sens_out) so = {E, c, C};
  return F(kernel_impl)(n, w, tau, inv_tau, y0, y1, dxi, T0, T1, dTf_ddxi, &so);
}

/* The exp on 8 values, for tests */
static TGT void F(vexp8)(const double *x, double *e, double *em1) {
  for (int i = 0; i < NV; i++) {
    V vx, ve, vm;
    memcpy(&vx, x + i * W, sizeof vx);
    F(vexp)(&vx, &ve, &vm);
    memcpy(e + i * W, &ve, sizeof ve);
    memcpy(em1 + i * W, &vm, sizeof vm);
  }
}

#undef LANE
#undef SEL
#undef SPLAT
#undef SUMS
#undef UPD
#undef VU
#undef VI
#undef V
#undef NV
#undef FN
#undef F
#undef PK_CAT
#undef PK_CAT_
