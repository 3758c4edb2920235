/* Whole-file reading shared by the readers. */
#ifndef VT_TEXT_FILE_H
#define VT_TEXT_FILE_H

#include <stddef.h>

#include "vitrum/core.h"

/* Read a whole text file (at most max_bytes) into a NUL-terminated buffer the caller frees.
 * Embedded NUL bytes are an error (the file is binary). */
int vt_read_text_file(const char *path, size_t max_bytes, char **text, size_t *length,
                      vt_error *err);

/* The next line of a text buffer, NUL-terminated in place with a trailing CR dropped, counting
 * lines in *line; NULL at the end. */
char *vt_next_line(char **p, char *end, long *line);
/* Leading and trailing white space removed, in place. */
char *vt_trim(char *s);

/* Split a CSV line in place at the commas outside double quotes, the one field splitter of the
 * readers: fields trimmed, quotes removed ("" is one quote); with `comments`, '#' outside quotes
 * ends the line. Stores at most `max` field pointers and returns the number of fields (more
 * than `max` when the line has more: never cut silently), or VT_SPLIT_UNCLOSED /
 * VT_SPLIT_AFTER_QUOTE with the 1-based field in *bad (may be NULL). */
#define VT_SPLIT_UNCLOSED    (-1) /* a quote opens but does not close on the line */
#define VT_SPLIT_AFTER_QUOTE (-2) /* text follows a closing quote */
long vt_csv_split(char *line, int comments, char **fields, size_t max, size_t *bad);

/* The rows of a CSV-like table, as every table reader here takes them: a UTF-8 byte-order mark
 * skipped, blank and '#' lines before the header, the header, then rows without gaps (blank
 * lines only at the end, no comments among the rows: either is an error naming its line).
 * header() is called once, row() per row, on trimmed lines; their first error is returned.
 * *had_header says whether there was a header at all (the callers word that error). */
int vt_walk_table(char *text, size_t len, const char *source, long *line, vt_error *err,
                  int (*header)(void *ctx, char *s), int (*row)(void *ctx, char *s), void *ctx,
                  int *had_header);

#endif
