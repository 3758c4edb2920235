/* Fuzz target: the X-ray pattern reader, with a header and headerless (2 theta with a
 * wavelength); every accepted pattern has >= 2 points, Q strictly increasing, I >= 0 finite. */
#include <math.h>

#include "fuzz_common.h"
#include "vitrum/vitrum.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void read_checked(const char *path, vt_pattern_axis no_header) {
  vt_pattern_read_options opt = vt_pattern_read_options_default();
  opt.wavelength_A = 0.5;
  opt.no_header = no_header;
  vt_pattern_set set;
  vt_error err;
  if (vt_read_pattern_csv(path, &opt, &set, &err) != VT_OK) return;
  for (size_t p = 0; p < set.n; p++) {
    const vt_pattern *pt = &set.patterns[p];
    if (pt->n < 2 || isinf(pt->time_s)) abort(); /* time: NaN without a column, else finite */
    for (size_t k = 0; k < pt->n; k++) {
      if (!(pt->intensity[k] >= 0) || !isfinite(pt->intensity[k])) abort();
      if (k && !(pt->Q_inv_A[k] > pt->Q_inv_A[k - 1])) abort();
    }
  }
  vt_pattern_set_free(&set);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  const char *path = fuzz_file(data, size);
  read_checked(path, VT_AXIS_NONE);
  read_checked(path, VT_AXIS_TWOTHETA);
  return 0;
}
