/* Fuzz target: the enthalpy-recovery table reader (vitrum fit's data). */
#include "fuzz_common.h"
#include "vitrum/vitrum.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  vt_fit_data d = {0};
  vt_error err;
  vt_read_dh_table(fuzz_file(data, size), &d, &err);
  vt_fit_data_free(&d);
  return 0;
}
