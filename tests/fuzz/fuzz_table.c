/* Fuzz target: the public table reader (vt_table_parse) and its column calls. */
#include <stdlib.h>

#include "vitrum/vitrum.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  vt_table t = {0};
  vt_error err;
  vt_table_opts opts = vt_table_opts_default();
  opts.max_fields = 64;
  opts.ragged = size > 0 && data[0] == '~'; /* both row policies from one corpus */
  if (vt_table_parse((const char *)data, size, "fuzz.csv", &opts, &t, &err) == VT_OK) {
    int col;
    double *v = malloc((t.n_rows ? t.n_rows : 1) * sizeof *v);
    size_t *starts = malloc((t.n_rows + 1) * sizeof *starts), key = 0;
    vt_table_find(&t, "T|Temp", VT_DIM_TEMPERATURE, VT_TABLE_NOCASE, &col, &err);
    for (size_t k = 0; v && k < t.n_cols; k++)
      vt_table_column_si(&t, k, VT_DIM_TEMPERATURE, NULL, VT_TABLE_EMPTY_NAN, v, &err);
    if (starts) vt_table_groups(&t, &key, t.n_cols ? 1 : 0, starts);
    free(v);
    free(starts);
  }
  vt_table_free(&t);
  return 0;
}
