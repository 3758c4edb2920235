/* Status codes, error reports and library-wide switches. */
#include <gsl/gsl_errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define VT_STATUS_TEXT_ITEM(code, text) text,
static const char *const status_text[] = {VT_STATUS_LIST(VT_STATUS_TEXT_ITEM)};
#undef VT_STATUS_TEXT_ITEM

const char *vt_strerror(int status) {
  if (status < 0 || status >= VT_STATUS_COUNT) return "unknown status code";
  return status_text[status];
}

const char *vt_version(void) {
  return "0.1.0";
}

void vt_error_clear(vt_error *err) {
  if (!err) return;
  err->status = VT_OK;
  err->line = 0;
  err->message[0] = '\0';
}

static int fail_v(vt_error *err, int status, long line, const char *fmt, va_list ap) {
  if (err) {
    err->status = status;
    err->line = line;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
  }
  return status;
}

int vt_fail(vt_error *err, int status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fail_v(err, status, 0, fmt, ap);
  va_end(ap);
  return status;
}

int vt_fail_at(vt_error *err, int status, long line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fail_v(err, status, line, fmt, ap);
  va_end(ap);
  return status;
}

/* GSL's default handler aborts the process; a library must report instead. Setting the handler
 * is idempotent, so concurrent first calls are harmless. */
void vt_gsl_quiet(void) {
  static volatile int done = 0;
  if (!done) {
    gsl_set_error_handler_off();
    done = 1;
  }
}

int vt_param_index(const vt_param_info *table, size_t count, const char *name) {
  for (size_t i = 0; i < count; i++)
    if (strcmp(table[i].name, name) == 0) return (int)i;
  return -1;
}

void vt_param_names(const vt_param_info *table, size_t count, char *buf, size_t size) {
  size_t used = 0;
  if (size == 0) return;
  buf[0] = '\0';
  for (size_t i = 0; i < count && used < size; i++) {
    int n = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", table[i].name);
    if (n < 0) break;
    used += (size_t)n;
  }
}
