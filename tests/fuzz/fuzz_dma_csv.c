/* Fuzz target: the DMA export reader; what it accepts keeps its documented shape. */
#include <math.h>

#include "fuzz_common.h"
#include "vitrum/vitrum.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  vt_dma_curve c;
  vt_error err;
  if (vt_read_dma_csv(fuzz_file(data, size), &c, &err) == VT_OK) {
    if (!c.time_s || (!c.strain && !c.stress_Pa && !c.y)) abort();
    const double *col[] = {c.time_s, c.strain, c.stress_Pa, c.T_K, c.y};
    for (size_t k = 0; k < sizeof col / sizeof *col; k++) /* SI values stay finite */
      for (size_t i = 0; col[k] && i < c.n; i++)
        if (!isfinite(col[k][i])) abort();
    for (size_t i = 1; i < c.n; i++)
      if (!(c.time_s[i] >= c.time_s[i - 1])) abort(); /* time must not decrease */
    vt_dma_curve_free(&c);
  }
  return 0;
}
