/* Whole-file reading shared by the readers. */
#ifndef VT_TEXT_FILE_H
#define VT_TEXT_FILE_H

#include <stddef.h>

#include "vitrum/core.h"

/* Read a whole text file (at most max_bytes) into a NUL-terminated buffer the caller frees.
 * Embedded NUL bytes are an error (the file is binary). */
int vt_read_text_file(const char *path, size_t max_bytes, char **text, size_t *length,
                      vt_error *err);

#endif
