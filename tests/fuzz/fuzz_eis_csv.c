/* Fuzz target: the E_IS(t) CSV reader, twice into one set (appending), then slope mining. */
#include <math.h>

#include "fuzz_common.h"
#include "vitrum/vitrum.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* What a reader accepts is finite: times, energies (after the unit) and temperatures. */
static void check_finite(const vt_eis_set *set) {
  for (size_t i = 0; i < set->n; i++) {
    const vt_eis_curve *c = &set->curves[i];
    if (c->n == 0 || !isfinite(c->T_K)) abort();
    for (size_t k = 0; k < c->n; k++)
      if (!isfinite(c->time_s[k]) || !isfinite(c->E_IS[k])) abort();
  }
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  const char *path = fuzz_file(data, size);
  vt_eis_set set = {0};
  vt_error err;
  if (vt_read_eis_csv(path, NAN, &set, &err) != VT_OK) return 0;
  check_finite(&set);
  size_t first = set.n;
  if (vt_read_eis_csv(path, NAN, &set, &err) != VT_OK || set.n != 2 * first) abort();
  vt_age_entries raw = {0};
  if (vt_slope_mine(&set, &raw, &err) == VT_OK) vt_age_entries_free(&raw);
  vt_eis_set_free(&set);
  return 0;
}
