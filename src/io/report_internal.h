/* What the result writers of src/io share (report.h). */
#ifndef VT_IO_REPORT_INTERNAL_H
#define VT_IO_REPORT_INTERNAL_H

#include <stdio.h>

#include "../core/internal.h"

/* A writer's status once its text is out: VT_EIO when the stream has failed. */
static inline int vt_report_done(FILE *fp, vt_error *err) {
  return ferror(fp) ? vt_fail(err, VT_EIO, "error writing a result table") : VT_OK;
}

#endif
