/* Reading a curve file of either format: a Mettler STARe export is recognised by its
 * "Curve Name:" lines, anything else is read as CSV. The curve-set type is in curve_set.c, below
 * both readers, so the three files no longer call each other in a circle. */
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "text_file.h"

#define MAX_CURVE_FILE_BYTES ((size_t)256 << 20)

/* A Mettler export has a line "Curve Name:" (possibly indented); CSV never does. */
static int looks_like_mettler(const char *text) {
  for (const char *p = strstr(text, "Curve Name:"); p; p = strstr(p + 1, "Curve Name:")) {
    const char *q = p;
    while (q > text && (q[-1] == ' ' || q[-1] == '\t')) q--;
    if (q == text || q[-1] == '\n') return 1;
  }
  return 0;
}

int vt_read_curves(const char *path, vt_curve_set *out, vt_error *err) {
  if (!out) return vt_fail(err, VT_EINVAL, "vt_read_curves: NULL curve set");
  memset(out, 0, sizeof *out);
  if (!path) return vt_fail(err, VT_EINVAL, "vt_read_curves: NULL path");
  char *text;
  int rc = vt_read_text_file(path, MAX_CURVE_FILE_BYTES, &text, NULL, err);
  if (rc) return rc;
  int mettler = looks_like_mettler(text);
  free(text); /* each reader reads the file again: simpler than sharing parsers on a buffer */
  return mettler ? vt_read_mettler(path, out, err) : vt_read_curve_csv(path, out, err);
}
