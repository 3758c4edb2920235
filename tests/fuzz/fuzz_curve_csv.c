/* Fuzz target: the CSV curve reader, and selection and rate on what it read. */
#include "fuzz_common.h"
#include "vitrum/vitrum.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  vt_curve_set set;
  vt_error err;
  if (vt_read_curve_csv(fuzz_file(data, size), &set, &err) == VT_OK) {
    size_t *idx = NULL, n = 0;
    if (vt_curve_set_select(&set, "all", &idx, &n, &err) == VT_OK) free(idx);
    double rate, dev;
    for (size_t i = 0; i < set.n; i++) vt_curve_rate(&set.curves[i], 0, &rate, &dev, &err);
    vt_curve_set_free(&set);
  }
  return 0;
}
