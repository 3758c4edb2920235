/* KWW response exp(-xi^beta) as a Prony series sum_k w_k exp(-xi/tau_k).
 *
 * The tau_k are log-spaced over the decades where the response changes by more than tol/10, the
 * weights come from a linear least-squares fit (truncated SVD) on a dense log grid of xi, and
 * are normalised so the series is exactly 1 at xi = 0 (the response to a jump starts at 1). The
 * terms-per-decade density is raised until the measured max error is <= tol: near beta = 1 the
 * relaxation spectrum is narrow and needs denser terms, at small beta it is wide and needs more
 * decades. Negative weights of order tol can appear; they keep every term stable (each is an
 * exact exponential) and only shape the error, which is what we bound and test. */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef _OPENMP
#include <omp.h>
#define OMP(directive) _Pragma(#directive)
#else
#define OMP(directive)
#endif

#include "../core/internal.h"
#include "model_impl.h"
#include "vexp.h"

#define MAX_TERMS        400
#define FIT_PER_DECADE   40.0
#define CHECK_PER_DECADE 40.0
#define FIRST_PER_DECADE 2.0 /* terms per decade: the density search's range */
#define LAST_PER_DECADE  16.0

double vt_prony_eval(const vt_prony *s, double xi) {
  if (!s) return NAN;
  double sum = 0.0;
  for (size_t k = 0; k < s->n; k++) sum += s->weight[k] * exp(-xi / s->tau[k]);
  return sum;
}

void vt_prony_free(vt_prony *s) {
  if (!s) return;
  free(s->weight);
  free(s->tau);
  memset(s, 0, sizeof *s);
}

double vt_kww_integral(double u, double beta) {
  if (!(u > 0.0)) return 0.0;
  if (beta == 1.0) return -expm1(-u);
  double a = 1.0 / beta;
  return gsl_sf_gamma(a) / beta * gsl_sf_gamma_inc_P(a, pow(u, beta));
}

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF /* as prony_kernel.c: every variant below rounds alike */
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(VT_NO_MULTIVERSION)
#define VT_MULTIVERSION 1
#endif

/* The two exponential loops of a build, compiled for AVX-512, AVX2 and the baseline as
 * prony_kernel.c is (no FMA, the same partial sums: every variant gives the same bits), by
 * vexp.h (8.9e-16 relative; the caller keeps x in [-708, 0]): they were most of a refit's time
 * (the error check) and a fifth of a build's (the design matrix) through libm.
 * live_sum: sum_k w_k exp(-xi inv_k) over n terms, four partial sums (one loop-carried sum
 * does not vectorise); exp_column: x_i = exp(-xi_i inv) for n rows. */
#define VARIANTS(SFX, TGT)                                                                         \
  TGT static double live_sum_##SFX(const double *restrict w, const double *restrict inv,           \
                                   double xi, size_t n) {                                          \
    double acc[4] = {0.0, 0.0, 0.0, 0.0}, e[16], d;                                                \
    size_t k = 0;                                                                                  \
    for (; k + 16 <= n; k += 16) {                                                                 \
      for (int l = 0; l < 16; l++) vt_vexp_em1(-(xi * inv[k + l]), &e[l], &d);                     \
      for (int l = 0; l < 16; l++) acc[l % 4] += w[k + l] * e[l];                                  \
    }                                                                                              \
    for (; k < n; k++) {                                                                           \
      vt_vexp_em1(-(xi * inv[k]), &e[0], &d);                                                      \
      acc[0] += w[k] * e[0];                                                                       \
    }                                                                                              \
    return (acc[0] + acc[1]) + (acc[2] + acc[3]);                                                  \
  }                                                                                                \
  TGT static void exp_column_##SFX(const double *restrict xi, double inv, double *restrict x,      \
                                   size_t n) {                                                     \
    double d;                                                                                      \
    for (size_t i = 0; i < n; i++) vt_vexp_em1(-xi[i] * inv, &x[i], &d);                           \
  }
/* reflect: the Householder reflector v (v_0 = 1 implicit) applied to the n-vector x, x -= tau v
 * (v . x), over four partial sums (a loop-carried one does not vectorise): the QR's and the
 * solves' one loop, half a build. Two lanes wide in the baseline build, four with AVX2 (5 %
 * off a build; the AVX-512 copy was 15 % slower than the baseline), same sums in the same
 * order, no FMA (-std=c11 contracts nothing): the same bits. */
#define REFLECT(SFX, TGT)                                                                          \
  TGT static void reflect_##SFX(const double *restrict v, double tau, double *restrict x,          \
                                size_t n) {                                                        \
    double acc[4] = {x[0], 0.0, 0.0, 0.0};                                                         \
    size_t r = 1;                                                                                  \
    for (; r + 4 <= n; r += 4)                                                                     \
      for (int l = 0; l < 4; l++) acc[l] += v[r + l] * x[r + l];                                   \
    for (; r < n; r++) acc[0] += v[r] * x[r];                                                      \
    double w = tau * ((acc[0] + acc[1]) + (acc[2] + acc[3]));                                      \
    x[0] -= w;                                                                                     \
    for (r = 1; r < n; r++) x[r] -= w * v[r];                                                      \
  }
#ifdef VT_MULTIVERSION
VARIANTS(avx512f, __attribute__((target("avx512f"))))
VARIANTS(avx2, __attribute__((target("avx2"))))
REFLECT(avx2, __attribute__((target("avx2"))))
#endif
VARIANTS(default, )
REFLECT(default, )

typedef double (*live_sum_fn)(const double *, const double *, double, size_t);
typedef void (*exp_column_fn)(const double *, double, double *, size_t);
typedef void (*reflect_fn)(const double *, double, double *, size_t);

static int isa(void) {
#ifdef VT_MULTIVERSION
  if (__builtin_cpu_supports("avx512f")) return 2;
  if (__builtin_cpu_supports("avx2")) return 1;
#endif
  return 0;
}

static live_sum_fn live_sum(void) {
#ifdef VT_MULTIVERSION
  if (isa()) return isa() == 2 ? live_sum_avx512f : live_sum_avx2;
#endif
  return live_sum_default;
}

static exp_column_fn exp_column(void) {
#ifdef VT_MULTIVERSION
  if (isa()) return isa() == 2 ? exp_column_avx512f : exp_column_avx2;
#endif
  return exp_column_default;
}

static reflect_fn reflect_kernel(void) {
#ifdef VT_MULTIVERSION
  if (isa()) return reflect_avx2;
#endif
  return reflect_default;
}

/* How many threads a build's and a refit's loops (design columns, QR, error check) split over:
 * a fit's (the one caller keeping the basis), outside a parallel region, as many as it allows
 * (its threads option; its evaluation sets them: fit_model.c), else 0: a plain build runs on its
 * caller's thread, uncounted. These loops were most of a fit's serial part (two builds, a refit
 * per new beta: 5.8 of 6.1 ms on paper 000); their CPU time, summed over the threads
 * (vt_prony_team_cpu_s), is what the fit's threads share. */
static int team_of(const vt_prony_basis *basis) {
#ifdef _OPENMP
  if (basis && !omp_in_parallel()) return omp_get_max_threads();
#endif
  return basis ? 1 : 0;
}

static double team_cpu;

double vt_prony_team_cpu_s(void) {
  double v;
  OMP(omp atomic read)
  v = team_cpu;
  return v;
}

static double team_cpu_begin(int nt) {
  struct timespec ts;
  if (!nt) return 0.0;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void team_cpu_end(int nt, double c0) {
  double used = team_cpu_begin(nt) - c0;
  if (!nt) return;
  OMP(omp atomic)
  team_cpu += used;
}

/* Max |series - exp(-xi^beta)| over [lo, hi] (log10), sampled between the fit points, or the
 * first error above stop_above (the series has failed: how badly does not matter); INFINITY
 * when out of memory (unmeasured: never within tol). Terms below exp(-708) (3e-308) are left
 * out: the series' tau ascend, so they are its first terms at each xi. */
static double measure_error(const vt_prony *s, double beta, double lg_lo, double lg_hi,
                            double stop_above, int nt) {
  const size_t n = s->n;
  double worst = 0.0, *inv = malloc(n * sizeof *inv);
  if (!inv) return INFINITY;
  for (size_t k = 0; k < n; k++) inv[k] = 1.0 / s->tau[k];
  live_sum_fn sum = live_sum();
  const size_t m = (size_t)((lg_hi - lg_lo) * CHECK_PER_DECADE) + 1;
  /* split over nt threads (team_of), chunks of 16 points dealt round-robin (the low-xi points,
   * every term live, cost more: two halves were unequal); each thread's points ascend, so its
   * k0 only grows; a maximum is the same in any order */
  OMP(omp parallel num_threads(nt > 1 ? nt : 1)) {
    double c0 = team_cpu_begin(nt), mine = 0.0;
    size_t k0 = 0;
    OMP(omp for schedule(static, 16) nowait)
    for (size_t i = 0; i <= m; i++) {
      if (mine > stop_above) continue; /* failed: how badly does not matter */
      double xi = pow(10.0, lg_lo + (lg_hi - lg_lo) * ((double)i + 0.37) / (double)(m + 1));
      while (k0 < n && xi * inv[k0] > 708.0) k0++;
      double err = fabs(sum(s->weight + k0, inv + k0, xi, n - k0) - exp(-pow(xi, beta)));
      if (err > mine) mine = err;
    }
    OMP(omp critical(vt_prony_worst))
    if (mine > worst) worst = mine;
    team_cpu_end(nt, c0);
  }
  free(inv);
  return worst;
}

/* The factors of the column-balanced N x K design matrix X D^-1 = Q R and the pseudo-inverse P
 * of R, truncated as gsl_multifit_linear_tsvd truncates (singular values <= 1e-15 s_0 dropped):
 * the problem gsl_multifit_linear_bsvd + _tsvd solved, with Q kept as its K reflectors instead of
 * formed (forming Q and U = Q U_R were two thirds of a build's CPU time; a fit only ever needs
 * P (Q^T y)[:K]), and R's SVD made only when R is ill-conditioned enough for the truncation to
 * act, which a Prony design never was. Columns stored contiguously (GSL's Householder steps
 * strode across rows). The flag is polled between Householder columns: a build may not hold a
 * cancelled fit for more than a few ms. */
void vt_prony_basis_free(vt_prony_basis *b) {
  if (!b) return;
  free(b->H);
  free(b->htau);
  free(b->hlen);
  free(b->P);
  free(b->D);
  free(b->dw);
  memset(b, 0, sizeof *b);
}

/* f for an N x K design matrix on the xi grid [lg_lo, lg_hi] (log10) and the tau grid's ends
 * (tau[0] and tau[1]). */
static int factors_alloc(vt_prony_basis *f, size_t N, size_t K, double lg_lo, double lg_hi,
                         const double tau[2]) {
  vt_prony_basis_free(f);
  f->H = malloc(N * K * sizeof *f->H);
  f->htau = malloc(K * sizeof *f->htau);
  f->hlen = malloc(K * sizeof *f->hlen);
  f->P = malloc(K * K * sizeof *f->P);
  f->D = malloc(K * sizeof *f->D);
  f->dw = malloc(K * sizeof *f->dw);
  *f = (vt_prony_basis){N,       K,       lg_lo, lg_hi, tau[0], tau[1], f->H,
                        f->htau, f->hlen, f->P,  f->D,  0,      f->dw,  0.0};
  if (f->H && f->htau && f->hlen && f->P && f->D && f->dw) return VT_OK;
  vt_prony_basis_free(f);
  return VT_ENOMEM;
}

/* gsl_linalg_balance_columns on column j of column-major storage: scaled by the power of two
 * that brings its 1-norm into [0.5, 1] (exact), D_j the factor. Multiplied by 1 / f, which is
 * exact for a power of two, as the division was (a division per element was a tenth of a
 * build). */
static void balance_column(double *c, size_t N, double *D) {
  double s = 0.0, f = 1.0;
  for (size_t i = 0; i < N; i++) s += fabs(c[i]);
  *D = 1.0;
  if (s == 0.0 || !isfinite(s)) return;
  while (s > 1.0) s /= 2.0, f *= 2.0;
  while (s < 0.5) s *= 2.0, f /= 2.0;
  *D = f;
  double inv = 1.0 / f;
  if (f != 1.0)
    for (size_t i = 0; i < N; i++) c[i] *= inv;
}

/* 1 when ||R||_F ||R^-1||_F < 1e13 (R upper triangular K x K, row major; T K x K scratch):
 * then s_min / s_max >= 1e-13 and the truncated SVD would drop no singular value (its cut is
 * 1e-15 s_0), so its solution is R^-1 Q^T y. The balanced designs of Prony fits have s_min /
 * s_max ~ 1e-4 .. 1e-7: the SVD of R (40 % of a build) is then skipped. R^-1 only feeds this
 * test, six decades from its cut: its columns are solved from R^T (column i of R contiguous in
 * T), so the back substitution runs as vector updates (by dot products down R's strided columns
 * it was a tenth of a build). */
static int well_conditioned(const double *R, size_t K, double *T) {
  double fr = 0.0, fi = 0.0, *b = malloc((K + 1) * sizeof *b);
  if (!b) return 0; /* unmeasured: the SVD decides */
  for (size_t i = 0; i < K * K; i++) fr += R[i] * R[i];
  for (size_t r = 0; r < K; r++)
    for (size_t i = 0; i < K; i++) T[i * K + r] = R[r * K + i];
  for (size_t j = 0; j < K; j++) {
    memset(b, 0, (j + 1) * sizeof *b);
    b[j] = 1.0;
    for (size_t i = j + 1; i-- > 0;) {
      double p = b[i] / T[i * K + i], *col = T + i * K;
      for (size_t r = 0; r < i; r++) b[r] -= p * col[r];
      fi += p * p;
    }
  }
  free(b);
  return isfinite(fi) && sqrt(fr) * sqrt(fi) < 1e13;
}

/* P = V S+ U_R^T from R = U_R S V^T (gsl_linalg_SV_decomp, R overwritten by U_R), singular
 * values <= 1e-15 s_0 dropped: gsl_multifit_linear_tsvd's rule. */
static int tsvd_inverse(double *R, size_t K, double *P) {
  double *V = malloc((K * K + 2 * K) * sizeof *V), *S = V + K * K, *work = S + K;
  if (!V) return VT_ENOMEM;
  gsl_matrix_view U = gsl_matrix_view_array(R, K, K), Vm = gsl_matrix_view_array(V, K, K);
  gsl_vector_view Sv = gsl_vector_view_array(S, K), wv = gsl_vector_view_array(work, K);
  int rc =
      gsl_linalg_SV_decomp(&U.matrix, &Vm.matrix, &Sv.vector, &wv.vector) ? VT_ENUMERIC : VT_OK;
  for (size_t m = 0; !rc && m < K; m++) {
    double inv = S[m] <= 1e-15 * S[0] ? 0.0 : 1.0 / S[m];
    for (size_t k = 0; k < K; k++) V[k * K + m] *= inv;
  }
  for (size_t k = 0; !rc && k < K; k++)
    for (size_t j = 0; j < K; j++) {
      double sum = 0.0;
      for (size_t m = 0; m < K; m++) sum += V[k * K + m] * R[j * K + m];
      P[k * K + j] = sum;
    }
  free(V);
  return rc;
}

/* The QR's shared state: reflectors published so far (in order), and a cancel seen. */
typedef struct qr_pipe {
  vt_prony_basis *f;
  reflect_fn reflect;
  atomic_size_t published;
  atomic_int stop;
} qr_pipe;

/* Householder step i (column i has had reflectors 0 .. i-1): the reflector, the rows it acts on
 * (from the previous step's end: X's zeros below), published to the other threads. */
static void produce(qr_pipe *q, size_t i) {
  vt_prony_basis *f = q->f;
  const size_t N = f->N, prev_end = i ? i - 1 + f->hlen[i - 1] : 0;
  double *X = f->H;
  if (vt_cancelled()) {
    atomic_store(&q->stop, 1);
  } else {
    size_t last = N;
    while (last > prev_end && X[i * N + last - 1] == 0.0) last--;
    size_t end = last > i + 1 ? last : i + 1;
    f->hlen[i] = end - i;
    gsl_vector_view v = gsl_vector_view_array(X + i * N + i, end - i);
    f->htau[i] = gsl_linalg_householder_transform(&v.vector);
  }
  atomic_store_explicit(&q->published, i + 1, memory_order_release);
}

/* Until reflector i is out (spinning, then yielding: a descheduled producer must get the core);
 * 0 when the QR was cancelled. */
static int await(qr_pipe *q, size_t i) {
  for (unsigned spins = 0;
       atomic_load_explicit(&q->published, memory_order_acquire) <= i && !atomic_load(&q->stop);)
    if (++spins > 2000) sched_yield();
  return !atomic_load(&q->stop);
}

/* Thread `me` of `team`: balances its columns (j = me mod team), then applies every reflector
 * to them in order, producing reflector i + 1 as soon as its column i + 1 has reflector i (the
 * other threads then wait for a Householder transform at most, never for a whole pass). Each
 * column is worked by one thread with the serial loop's arithmetic: the same bits on any count. */
static void qr_thread(qr_pipe *q, int me, int team) {
  vt_prony_basis *f = q->f;
  const size_t N = f->N, K = f->K, t = (size_t)team;
  double *X = f->H;
  for (size_t j = (size_t)me; j < K; j += t) balance_column(X + j * N, N, &f->D[j]);
  if (me == 0 && K) produce(q, 0);
  for (size_t i = 0; i < K; i++) {
    if (!await(q, i)) return;
    const double tau = f->htau[i], *v = X + i * N + i;
    const size_t len = f->hlen[i];
    size_t j = i + 1 + (t + (size_t)me - (i + 1) % t) % t; /* my first column after i */
    for (; j < K; j += t) {
      if (tau != 0.0) q->reflect(v, tau, X + j * N + i, len);
      if (j == i + 1) produce(q, j);
    }
  }
}

/* Balance and QR of the design in f->H on nt threads (team_of), columns dealt round-robin;
 * VT_ECANCELLED when the flag (polled at each step) is set. */
static int householder_qr(vt_prony_basis *f, int nt) {
  qr_pipe q = {.f = f, .reflect = reflect_kernel()};
  atomic_init(&q.published, 0);
  atomic_init(&q.stop, 0);
  OMP(omp parallel num_threads(nt > 1 ? nt : 1)) {
    double c0 = team_cpu_begin(nt);
    int me = 0, team = 1;
#ifdef _OPENMP
    me = omp_get_thread_num(), team = omp_get_num_threads();
#endif
    qr_thread(&q, me, team);
    team_cpu_end(nt, c0);
  }
  return atomic_load(&q.stop) ? VT_ECANCELLED : VT_OK;
}

/* f from the design in f->H (column major, overwritten): balance, QR, then R's pseudo-inverse.
 * Column k of X is 0 below row r_k (exp(-xi/tau_k) underflows; r_k ascends with tau_k), and
 * reflectors keep those zeros: reflector i acts on rows [i, max(r_0..r_i, i + 1)) only, which
 * halves the QR's work at no change of its result. */
static int factorise(vt_prony_basis *f, int nt) {
  const size_t N = f->N, K = f->K;
  double *X = f->H;
  int rc = householder_qr(f, nt);
  if (rc) return rc;
  double *R = malloc(K * K * sizeof *R);
  if (!R) return VT_ENOMEM;
  for (size_t i = 0; i < K; i++)
    for (size_t j = 0; j < K; j++) R[i * K + j] = j < i ? 0.0 : X[j * N + i];
  f->tri = well_conditioned(R, K, f->P);
  rc = f->tri ? VT_OK : tsvd_inverse(R, K, f->P);
  if (f->tri) memcpy(f->P, R, K * K * sizeof *R);
  free(R);
  return rc;
}

/* Least-squares coefficients for the targets y[0..m-1] (each N long) into c[0..m-1] (each K
 * long): c = D^-1 V S+ U_R^T (Q^T y)[:K]. */
static int factors_solve(const vt_prony_basis *f, const double *const *y, double *const *c, int m) {
  const size_t N = f->N, K = f->K;
  double *t = malloc(N * sizeof *t);
  if (!t) return VT_ENOMEM;
  reflect_fn reflect = reflect_kernel();
  for (int q = 0; q < m; q++) {
    memcpy(t, y[q], N * sizeof *t);
    for (size_t i = 0; i < K; i++) reflect(f->H + i * N + i, f->htau[i], t + i, f->hlen[i]);
    if (f->tri) /* back substitution with R */
      for (size_t k = K; k-- > 0;) {
        double sum = t[k];
        for (size_t l = k + 1; l < K; l++) sum -= f->P[k * K + l] * c[q][l];
        c[q][k] = sum / f->P[k * K + k];
      }
    else
      for (size_t k = 0; k < K; k++) {
        double sum = 0.0;
        for (size_t j = 0; j < K; j++) sum += f->P[k * K + j] * t[j];
        c[q][k] = sum;
      }
    for (size_t k = 0; k < K; k++) c[q][k] /= f->D[k];
  }
  free(t);
  return VT_OK;
}

/* The design matrix X_ik = exp(-xi_i / tau_k) on N log-spaced xi over [lg_lo, lg_hi], column
 * major, into X (the xi computed once), its columns split over nt threads (team_of); VT_ENOMEM or
 * VT_OK. Rows from `live` on are 0 (exp(-xi/tau_k) under 3e-308: the xi ascend); each column
 * finds its own (the same count whichever column came before). */
static int design(size_t N, size_t K, double lg_lo, double lg_hi, const double *tau, double *X,
                  int nt) {
  double *xi = malloc(N * sizeof *xi);
  if (!xi) return VT_ENOMEM;
  for (size_t i = 0; i < N; i++)
    xi[i] = pow(10.0, lg_lo + (lg_hi - lg_lo) * (double)i / (double)(N - 1));
  exp_column_fn column = exp_column();
  OMP(omp parallel num_threads(nt > 1 ? nt : 1)) {
    double c0 = team_cpu_begin(nt);
    OMP(omp for schedule(static))
    for (size_t k = 0; k < K; k++) {
      double inv = 1.0 / tau[k], *x = X + k * N;
      size_t live = N;
      while (live > 0 && xi[live - 1] * inv > 708.0) live--;
      column(xi, inv, x, live);
      memset(x + live, 0, (N - live) * sizeof *x);
    }
    team_cpu_end(nt, c0);
  }
  free(xi);
  return VT_OK;
}

/* The factored least-squares problem of the tau grid on the xi grid [lg_lo, lg_hi]: the design
 * is factored in place, in the basis' own storage, on nt threads (team_of). */
static int factor_grid(size_t N, size_t K, double lg_lo, double lg_hi, const double *tau,
                       vt_prony_basis *b, int nt) {
  int rc = factors_alloc(b, N, K, lg_lo, lg_hi, (const double[2]){tau[0], tau[K - 1]});
  if (!rc) rc = design(N, K, lg_lo, lg_hi, tau, b->H, nt);
  if (!rc) rc = factorise(b, nt);
  if (rc) vt_prony_basis_free(b);
  return rc;
}

/* The KWW targets y_i = exp(-xi_i^beta) on the basis' xi grid, and with dy, d/dbeta of them. */
static void kww_target(const vt_prony_basis *b, double beta, size_t i, double *y, double *dy) {
  double lg = b->lg_lo + (b->lg_hi - b->lg_lo) * (double)i / (double)(b->N - 1);
  double xb = pow(10.0, beta * lg);
  y[i] = exp(-xb);
  if (dy) dy[i] = -y[i] * xb * lg * 2.302585092994046; /* d/dbeta of exp(-10^(beta lg)) */
}

static void kww_targets(const vt_prony_basis *b, double beta, double *y, double *dy) {
  for (size_t i = 0; i < b->N; i++) kww_target(b, beta, i, y, dy);
}

/* One least-squares fit at a given density of terms; with `basis`, also the factors of its
 * design matrix (the SVD the fit has just made), for refits on the same grid. */
static int fit_at_density(double beta, double lg_tlo, double lg_thi, double per_decade, vt_prony *s,
                          vt_prony_basis *basis, int nt) {
  size_t K = (size_t)ceil((lg_thi - lg_tlo) * per_decade) + 1;
  if (K > MAX_TERMS) return VT_ERANGE;
  double lg_xlo = lg_tlo - 1.0, lg_xhi = lg_thi + 1.0;
  size_t N = (size_t)((lg_xhi - lg_xlo) * FIT_PER_DECADE) + 1;
  vt_prony_basis local = {0}, *b = basis ? basis : &local;
  double *tau = malloc(K * sizeof *tau), *weight = malloc(K * sizeof *weight),
         *y = malloc(N * sizeof *y);
  int rc = (tau && weight && y) ? VT_OK : VT_ENOMEM;
  for (size_t k = 0; !rc && k < K; k++)
    tau[k] = pow(10.0, lg_tlo + (lg_thi - lg_tlo) * (double)k / (double)(K - 1));
  if (!rc) rc = factor_grid(N, K, lg_xlo, lg_xhi, tau, b, nt);
  if (!rc) {
    kww_targets(b, beta, y, NULL);
    rc = factors_solve(b, (const double *const[]){y}, (double *const[]){weight}, 1);
  }
  if (!rc) {
    double sum = 0.0;
    for (size_t k = 0; k < K; k++) sum += weight[k];
    for (size_t k = 0; k < K; k++) weight[k] /= sum;
    vt_prony_free(s);
    s->n = K;
    s->tau = tau;
    s->weight = weight;
    tau = weight = NULL;
  }
  vt_prony_basis_free(&local);
  free(tau);
  free(weight);
  free(y);
  return rc;
}

/* The xi grid the weights are fitted on: 40 points per decade from a decade below the series'
 * shortest tau to a decade above its longest. */
static size_t refit_grid(const vt_prony *s, double *lg_lo, double *lg_hi) {
  *lg_lo = log10(s->tau[0]) - 1.0;
  *lg_hi = log10(s->tau[s->n - 1]) + 1.0;
  return (size_t)((*lg_hi - *lg_lo) * FIT_PER_DECADE) + 1;
}

/* The basis of the series' own grid, factored again unless b already holds it: it depends only
 * on the tau grid, so a fit that keeps the grid factors it once and each refit for another beta
 * is O(N K). */
static int basis_for(const vt_prony *s, vt_prony_basis *b, int nt) {
  if (b->H && b->K == s->n && b->tau_first == s->tau[0] && b->tau_last == s->tau[s->n - 1])
    return VT_OK; /* (a shared basis has no factors: vt_prony_basis_share) */
  double lg_lo, lg_hi;
  size_t N = refit_grid(s, &lg_lo, &lg_hi);
  return factor_grid(N, s->n, lg_lo, lg_hi, s->tau, b, nt);
}

int vt_prony_basis_copy(vt_prony_basis *dst, const vt_prony_basis *src) {
  vt_prony_basis_free(dst);
  if (!src->K) return VT_OK;
  size_t N = src->N, K = src->K;
  if (factors_alloc(dst, N, K, src->lg_lo, src->lg_hi,
                    (const double[2]){src->tau_first, src->tau_last}))
    return VT_ENOMEM;
  dst->tri = src->tri;
  memcpy(dst->H, src->H, N * K * sizeof *dst->H);
  memcpy(dst->htau, src->htau, K * sizeof *dst->htau);
  memcpy(dst->hlen, src->hlen, K * sizeof *dst->hlen);
  memcpy(dst->P, src->P, K * K * sizeof *dst->P);
  memcpy(dst->D, src->D, K * sizeof *dst->D);
  memcpy(dst->dw, src->dw, K * sizeof *dst->dw);
  dst->dw_beta = src->dw_beta;
  return VT_OK;
}

int vt_prony_basis_share(vt_prony_basis *dst, const vt_prony_basis *src) {
  if (!src->K) return VT_OK;
  if (src->K != dst->K || src->tau_first != dst->tau_first || src->tau_last != dst->tau_last) {
    /* the grid and dw only: a clone reads dw (kept for its series' beta by every build and
     * refit with a basis) and never refits; copying the factors (0.8 MB at K = 90) was 0.25 ms
     * of the second thread's loop at each new series. Factored again if ever needed. */
    vt_prony_basis_free(dst);
    if (!(dst->dw = malloc(src->K * sizeof *dst->dw))) return VT_ENOMEM;
    dst->N = src->N, dst->K = src->K, dst->lg_lo = src->lg_lo, dst->lg_hi = src->lg_hi;
    dst->tau_first = src->tau_first, dst->tau_last = src->tau_last;
    dst->dw_beta = NAN; /* (copied below) */
  }
  if (dst->dw_beta != src->dw_beta) {
    memcpy(dst->dw, src->dw, src->K * sizeof *dst->dw);
    dst->dw_beta = src->dw_beta;
  }
  return VT_OK;
}

/* Least-squares weights for the series' own tau grid, normalised to sum 1; with dw, also
 * dw_k/dbeta: the weights are linear in the target y_i = exp(-xi_i^beta), so dc solves the same
 * problem for dy/dbeta, and the normalisation w = c / sum c gives dw = (dc - w sum dc) / sum c. */
static int weights_on_grid(const vt_prony *s, double beta, vt_prony_basis *b, double *w, double *dw,
                           int nt) {
  int rc = basis_for(s, b, nt);
  if (rc) return rc;
  size_t N = b->N, K = b->K;
  double *y = malloc((2 * N + 2 * K) * sizeof *y), *dy = y + N, *c = dy + N, *dc = c + K;
  if (!y) return VT_ENOMEM;
  /* on nt threads (team_of): the targets split, then y's and dy's solves one each; the same
   * arithmetic per value as in turn (a refit's two solves and targets were 60 us of 220) */
  const double *tgt[2] = {y, dy};
  double *const out[2] = {c, dc};
  int m = dw ? 2 : 1, frc[2] = {VT_OK, VT_OK};
  OMP(omp parallel num_threads(nt > 1 ? nt : 1)) {
    double c0 = team_cpu_begin(nt);
    OMP(omp for schedule(static))
    for (size_t i = 0; i < N; i++) kww_target(b, beta, i, y, dw ? dy : NULL);
    OMP(omp for schedule(static, 1))
    for (int q = 0; q < m; q++) frc[q] = factors_solve(b, &tgt[q], &out[q], 1);
    team_cpu_end(nt, c0);
  }
  rc = frc[0] ? frc[0] : frc[1];
  double sum = 0.0, dsum = 0.0;
  for (size_t k = 0; !rc && k < K; k++) {
    sum += c[k];
    if (dw) dsum += dc[k];
  }
  if (!rc && (!isfinite(sum) || sum == 0.0)) rc = VT_ENUMERIC;
  for (size_t k = 0; !rc && k < K; k++) {
    if (w) w[k] = c[k] / sum;
    if (dw) dw[k] = (dc[k] - c[k] / sum * dsum) / sum;
  }
  free(y);
  return rc;
}

/* From the refit's when it made them for this beta on this grid (it is only read here: model
 * 0's basis is read by the other threads' models taking it over while its runs start). */
int vt_prony_weight_derivative(const vt_prony *s, double beta, vt_prony_basis *b, double *dw) {
  if (s->n < 2) return VT_EINVAL;
  if (b->dw_beta == beta && b->K == s->n && b->tau_first == s->tau[0] &&
      b->tau_last == s->tau[s->n - 1]) {
    memcpy(dw, b->dw, s->n * sizeof *dw);
    return VT_OK;
  }
  return weights_on_grid(s, beta, b, NULL, dw, 0);
}

int vt_prony_refit_cached(vt_prony *s, double beta, double tol, vt_prony_basis *basis) {
  if (s->n < 2 || !(beta > 0.0 && beta < 1.0)) return VT_ENOCONV;
  vt_prony_basis local = {0}, *b = basis ? basis : &local;
  const int nt = team_of(basis);
  /* with a kept basis, dw/dbeta too (a fit's sensitivities want them for this beta): one more
   * solve on the same targets, here, once, instead of the whole derivative (0.07 ms) on every
   * thread's first run; a 2-thread fit of paper 000 ran 0.35 ms faster */
  int rc = basis_for(s, b, nt);
  if (!rc) rc = weights_on_grid(s, beta, b, s->weight, basis ? b->dw : NULL, nt);
  if (!rc && basis) basis->dw_beta = beta;
  vt_prony_basis_free(&local);
  if (rc) return rc;
  s->beta = beta;
  double eps = tol / 10.0;
  s->max_error = measure_error(s, beta, log10(pow(eps, 1.0 / beta)) - 6.0,
                               log10(pow(-log(eps), 1.0 / beta)) + 4.0, INFINITY, nt);
  return s->max_error <= tol ? VT_OK : VT_ENOCONV;
}

int vt_prony_refit(vt_prony *s, double beta, double tol) {
  return vt_prony_refit_cached(s, beta, tol, NULL);
}

/* A build with a kept basis also keeps dw/dbeta (as a refit does): the clones it is shared with
 * take that, not the factors (vt_prony_basis_share). */
static int keep_derivative(vt_prony *out, double beta, vt_prony_basis *basis, int nt,
                           vt_error *err) {
  if (!basis || out->n < 2) return VT_OK;
  int rc = weights_on_grid(out, beta, basis, NULL, basis->dw, nt);
  if (!rc) {
    basis->dw_beta = beta;
    return VT_OK;
  }
  vt_prony_free(out);
  return vt_fail(err, rc, "Prony series for beta = %g: dw/dbeta failed (%s)", beta,
                 vt_strerror(rc));
}

/* The first two densities fitted at once on two threads when a fit (the one caller keeping the
 * basis) builds its series outside a parallel region, before its threads can run: this build
 * was the serial part of a short fit. The loop takes them in order as if it had made them, so
 * the series is the one a serial build makes. Each on one thread was 0.3 ms faster (2 threads,
 * paper 000's fit) than both in turn with their QR pipelined over the two (householder_qr,
 * which then serves the densities after them: beta 0.398 needs a third). */
typedef struct ahead {
  int n, rc[2];
  vt_prony s[2];
  vt_prony_basis b[2];
} ahead;

static void fit_ahead(double beta, double lg_tlo, double lg_thi, const vt_prony_basis *basis,
                      ahead *a) {
  memset(a, 0, sizeof *a);
#ifdef _OPENMP
  if (!basis || omp_in_parallel() || omp_get_max_threads() < 2) return;
#pragma omp parallel for num_threads(2)
  for (int k = 0; k < 2; k++) { /* (in a parallel region: its loops run on this thread alone) */
    double c0 = team_cpu_begin(1);
    a->rc[k] = fit_at_density(beta, lg_tlo, lg_thi, FIRST_PER_DECADE + k, &a->s[k], &a->b[k], 0);
    team_cpu_end(1, c0);
  }
  a->n = 2;
#else
  (void)beta, (void)lg_tlo, (void)lg_thi, (void)basis;
#endif
}

/* fit_at_density, or the result made ahead for this density. */
static int density(double beta, double lg_tlo, double lg_thi, double per_decade, vt_prony *out,
                   vt_prony_basis *basis, ahead *a, int nt) {
  int k = (int)(per_decade - FIRST_PER_DECADE);
  if (k >= a->n) return fit_at_density(beta, lg_tlo, lg_thi, per_decade, out, basis, nt);
  if (a->rc[k]) return a->rc[k];
  vt_prony_free(out);
  *out = a->s[k];
  memset(&a->s[k], 0, sizeof a->s[k]);
  vt_prony_basis_free(basis);
  *basis = a->b[k];
  memset(&a->b[k], 0, sizeof a->b[k]);
  return VT_OK;
}

int vt_prony_tol_option(const char *value, double *tol, vt_error *err) {
  char *end;
  double v = strtod(value, &end);
  if (end == value || *end || !(v >= VT_PRONY_TOL_MIN && v <= VT_PRONY_TOL_MAX))
    return vt_fail(err, VT_ERANGE, "prony_tol '%s': expected a number in [1e-9, 1e-2]", value);
  *tol = v;
  return VT_OK;
}

int vt_prony_kww(double beta, double tol, vt_prony *out, vt_error *err) {
  return vt_prony_kww_basis(beta, tol, out, NULL, err);
}

static int kww_densities(double beta, double tol, vt_prony *out, vt_prony_basis *basis, ahead *a,
                         vt_error *err);

int vt_prony_kww_basis(double beta, double tol, vt_prony *out, vt_prony_basis *basis,
                       vt_error *err) {
  if (!out) return vt_fail(err, VT_EINVAL, "vt_prony_kww: NULL series");
  memset(out, 0, sizeof *out);
  if (!(beta > 0.0 && beta <= 1.0))
    return vt_fail(err, VT_ERANGE, "KWW beta = %g must be in (0, 1]", beta);
  if (!(tol >= 1e-9 && tol <= 1e-2))
    return vt_fail(err, VT_ERANGE, "Prony tolerance %g must be in [1e-9, 1e-2]", tol);
  vt_gsl_quiet();
  out->beta = beta;
  if (beta == 1.0) { /* exact: one exponential */
    out->weight = malloc(sizeof *out->weight);
    out->tau = malloc(sizeof *out->tau);
    if (!out->weight || !out->tau) {
      vt_prony_free(out);
      return vt_fail(err, VT_ENOMEM, "out of memory building the Prony series");
    }
    out->n = 1;
    out->weight[0] = 1.0;
    out->tau[0] = 1.0;
    out->max_error = 0.0;
    return VT_OK;
  }
  ahead a;
  int rc = kww_densities(beta, tol, out, basis, &a, err);
  for (int k = 0; k < 2; k++) {
    vt_prony_free(&a.s[k]);
    vt_prony_basis_free(&a.b[k]);
  }
  return rc;
}

/* The terms-per-decade density raised until the series meets tol. */
static int kww_densities(double beta, double tol, vt_prony *out, vt_prony_basis *basis, ahead *a,
                         vt_error *err) {
  double eps = tol / 10.0;
  double lg_lo = log10(pow(eps, 1.0 / beta));       /* 1 - M(xi) ~ xi^beta = eps */
  double lg_hi = log10(pow(-log(eps), 1.0 / beta)); /* M(xi) = eps */
  double lg_tlo = lg_lo - 1.0, lg_thi = lg_hi + 0.5;
  const int nt = team_of(basis);
  fit_ahead(beta, lg_tlo, lg_thi, basis, a);
  for (double per_decade = FIRST_PER_DECADE; per_decade <= LAST_PER_DECADE; per_decade += 1.0) {
    /* a few ms per density at beta 0.4, ~50 ms at beta 0.1 (more under load) */
    int rc = vt_cancelled() ? VT_ECANCELLED
                            : density(beta, lg_tlo, lg_thi, per_decade, out, basis, a, nt);
    if (!rc) {
      out->beta = beta;
      /* a density that fails is followed by the next: its exact error is never reported */
      int last = per_decade + 1.0 > LAST_PER_DECADE ||
                 ceil((lg_thi - lg_tlo) * (per_decade + 1.0)) + 1.0 > MAX_TERMS;
      out->max_error =
          measure_error(out, beta, lg_lo - 6.0, lg_hi + 4.0, last ? INFINITY : tol, nt);
      /* the SVD of R and the check run unpolled: a request during them is the build's too */
      if (vt_cancelled()) rc = VT_ECANCELLED;
    }
    if (rc == VT_ERANGE) break;
    if (rc == VT_ECANCELLED) {
      vt_prony_free(out);
      return vt_fail(err, VT_ECANCELLED, "cancelled building the Prony series (vt_cancel_request)");
    }
    if (rc) {
      vt_prony_free(out);
      return vt_fail(err, rc, "Prony fit of exp(-xi^%g) failed (%s)", beta, vt_strerror(rc));
    }
    if (out->max_error <= tol) return keep_derivative(out, beta, basis, nt, err);
  }
  double reached = out->max_error;
  vt_prony_free(out);
  return vt_fail(err, VT_ENOCONV,
                 "Prony series for beta = %g cannot reach max error %g within %d terms "
                 "(best %.2g); use a larger tolerance",
                 beta, tol, MAX_TERMS, reached);
}
