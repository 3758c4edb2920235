/* Fuzz target: the spectrum table reader; what it accepts is finite, weights 0 or more. */
#include <math.h>

#include "fuzz_common.h"
#include "vitrum/vitrum.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  double *E = NULL, *tau0 = NULL, *w = NULL;
  size_t n = 0;
  vt_error err;
  if (vt_read_spectrum_table(fuzz_file(data, size), &E, &tau0, &w, &n, &err) == VT_OK) {
    if (!E || !w || n == 0) abort();
    for (size_t i = 0; i < n; i++) /* finite numbers, weights 0 or more (as documented) */
      if (!isfinite(E[i]) || !isfinite(w[i]) || w[i] < 0 || (tau0 && !isfinite(tau0[i]))) abort();
    free(E);
    free(tau0);
    free(w);
  }
  return 0;
}
