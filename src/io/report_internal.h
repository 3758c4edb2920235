/* What the result writers of src/io share (report.h). */
#ifndef VT_IO_REPORT_INTERNAL_H
#define VT_IO_REPORT_INTERNAL_H

#include <stdio.h>

#include "../core/internal.h"

/* A writer's status once its text is out: VT_EIO when the stream has failed. */
static inline int vt_report_done(FILE *fp, vt_error *err) {
  return ferror(fp) ? vt_fail(err, VT_EIO, "error writing a result table") : VT_OK;
}

/* A table's header line (with its newline) on fp: VT_EINVAL for a NULL fp, VT_EIO when the
 * stream has failed. */
static inline int vt_report_header(FILE *fp, const char *line) {
  if (!fp) return VT_EINVAL;
  fputs(line, fp);
  return ferror(fp) ? VT_EIO : VT_OK;
}

#endif
