/* Fuzz target: the strain-program parser (text in memory). */
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
  vt_strain_program_free(vt_strain_program_parse(text, "fuzz", &err));
  free(text);
  return 0;
}
