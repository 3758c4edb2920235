/* Fuzz target: the Cp_N curve reader. An input holding a line "===" is a program file (before)
 * and the curve's CSV (after); otherwise the whole input is the CSV, measured after a fixed
 * program. Every accepted point lies on the program's last (heating) ramp. */
#include <math.h>
#include <string.h>

#include "fuzz_common.h"
#include "io/fit_io.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static const char fixed_program[] = "start 450 K\ncool to 300 K at 10000 K/s\n"
                                    "heat to 470 K at 1000 K/s\n";

static const char *program_file(const unsigned char *text, size_t size) {
  static char path[4096] = "";
  if (!path[0]) fuzz_path(path, sizeof path, "prog");
  FILE *fp = fopen(path, "wb");
  if (!fp) abort();
  if (size && fwrite(text, 1, size, fp) != size) abort();
  fclose(fp);
  return path;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  const unsigned char *csv = data;
  size_t csv_size = size;
  const char *prog = NULL;
  for (size_t i = 0; i + 4 <= size; i++) {
    if ((i == 0 || data[i - 1] == '\n') && memcmp(data + i, "===\n", 4) == 0) {
      prog = program_file(data, i);
      csv = data + i + 4;
      csv_size = size - i - 4;
      break;
    }
  }
  if (!prog) prog = program_file((const unsigned char *)fixed_program, strlen(fixed_program));
  vt_fit_data d = {0};
  long *lines = NULL;
  vt_error err;
  if (vt_read_cpn_curve(fuzz_file(csv, csv_size), prog, &d, &lines, &err) == VT_OK) {
    if (d.n_curves != 1 || !lines || d.curves[0].n == 0) abort();
    const vt_cpn_curve *c = &d.curves[0];
    for (size_t i = 0; i < c->n; i++) /* finite, and sigma > 0 where given */
      if (!isfinite(c->T_K[i]) || !isfinite(c->CpN[i]) || (c->sigma && !(c->sigma[i] > 0))) abort();
    free(lines);
  }
  vt_fit_data_free(&d);
  return 0;
}
