/* Minimal test helpers: every check prints what it compared, failures are counted. */
#ifndef VT_TEST_UTIL_H
#define VT_TEST_UTIL_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#define TU_PI 3.14159265358979323846

static int tu_failures = 0, tu_checks = 0;

#define CHECK(cond, ...)                                                                           \
  do {                                                                                             \
    tu_checks++;                                                                                   \
    if (!(cond)) {                                                                                 \
      tu_failures++;                                                                               \
      printf("FAIL %s:%d: ", __FILE__, __LINE__);                                                  \
      printf(__VA_ARGS__);                                                                         \
      printf("\n");                                                                                \
    }                                                                                              \
  } while (0)

/* |got - want| <= tol, printing both. */
#define CHECK_NEAR(got, want, tol, what)                                                           \
  do {                                                                                             \
    double g_ = (got), w_ = (want), t_ = (tol);                                                    \
    CHECK(fabs(g_ - w_) <= t_ && !isnan(g_), "%s: got %.12g, want %.12g (tol %.3g, off %.3g)",     \
          what, g_, w_, t_, fabs(g_ - w_));                                                        \
  } while (0)

#define CHECK_CONTAINS(text, part)                                                                 \
  CHECK(strstr((text), (part)) != NULL, "message '%s' lacks '%s'", (text), (part))

#define TEST_MAIN_END()                                                                            \
  do {                                                                                             \
    printf("%d checks, %d failed\n", tu_checks, tu_failures);                                      \
    return tu_failures ? 1 : 0;                                                                    \
  } while (0)

#endif
