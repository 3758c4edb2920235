#include "text_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"

int vt_read_text_file(const char *path, size_t max_bytes, char **text, size_t *length,
                      vt_error *err) {
  *text = NULL;
  FILE *f = fopen(path, "rb");
  if (!f) return vt_fail(err, VT_EIO, "%s: cannot open: %s", path, strerror(errno));
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap + 1);
  if (!buf) {
    fclose(f);
    return vt_fail(err, VT_ENOMEM, "%s: out of memory", path);
  }
  for (;;) {
    if (n == cap) {
      if (cap >= max_bytes) {
        free(buf);
        fclose(f);
        return vt_fail(err, VT_ERANGE, "%s: larger than %zu bytes", path, max_bytes);
      }
      cap *= 2;
      char *grown = realloc(buf, cap + 1);
      if (!grown) {
        free(buf);
        fclose(f);
        return vt_fail(err, VT_ENOMEM, "%s: out of memory", path);
      }
      buf = grown;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) break;
  }
  int failed = ferror(f);
  fclose(f);
  if (failed) {
    free(buf);
    return vt_fail(err, VT_EIO, "%s: read error", path);
  }
  if (memchr(buf, '\0', n)) {
    free(buf);
    return vt_fail(err, VT_EPARSE, "%s: contains NUL bytes; expected a text file", path);
  }
  buf[n] = '\0';
  *text = buf;
  if (length) *length = n;
  return VT_OK;
}
