/* Fuzz target: the LAMMPS log reader (atom count from the log, T from the Temp column), then
 * slope mining on the curve. */
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
  vt_lammps_options opt = vt_lammps_options_default();
  opt.atoms = -1;
  opt.T_K = NAN;
  opt.T_column = "Temp";
  vt_eis_set set = {0};
  vt_error err;
  if (vt_read_eis_lammps(fuzz_file(data, size), &opt, &set, &err) == VT_OK) {
    check_finite(&set);
    vt_age_entries raw = {0};
    if (vt_slope_mine(&set, &raw, &err) == VT_OK) vt_age_entries_free(&raw);
    vt_eis_set_free(&set);
  }
  return 0;
}
