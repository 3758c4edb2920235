/* Fuzz target: the thermal-program parser (text in memory, as vt_program_parse takes it). Any
 * input must give a program or an error, never a crash, a leak or undefined behaviour; a parsed
 * program must also build its time grid. */
#include <stdlib.h>
#include <string.h>

#include "vitrum/vitrum.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  char *text = malloc(size + 1);
  if (!text) return 0;
  memcpy(text, data, size);
  text[size] = '\0';
  vt_error err;
  vt_program *p = vt_program_parse(text, "fuzz", &err);
  if (p && vt_program_duration_s(p) < 1e7) { /* the grid of a year-long hold is just slow */
    vt_grid_options o = vt_grid_options_default();
    o.ramp_step_K = 10.0; /* the parser is the target; big grids only cost time */
    vt_grid g;
    if (vt_grid_build(p, &o, &g, &err) == VT_OK) vt_grid_free(&g);
  }
  vt_program_free(p);
  free(text);
  return 0;
}
