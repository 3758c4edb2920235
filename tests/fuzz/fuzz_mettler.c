/* Fuzz target: the Mettler STARe export reader. */
#include "fuzz_common.h"
#include "vitrum/vitrum.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  vt_curve_set set;
  vt_error err;
  if (vt_read_mettler(fuzz_file(data, size), &set, &err) == VT_OK) {
    size_t *idx = NULL, n = 0;
    if (vt_curve_set_select(&set, "seg:1-99", &idx, &n, &err) == VT_OK) free(idx);
    vt_curve_set_free(&set);
  }
  return 0;
}
