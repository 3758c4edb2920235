/* Internal to io/: numbers and trace rows as text into a caller's buffer, for the CSV writers
 * that format many rows into one buffer and write it at once (csv_write.c, csv_stream.c). */
#ifndef VT_IO_FORMAT_G_H
#define VT_IO_FORMAT_G_H

#include <stddef.h>

#include "vitrum/vitrum.h"

/* Bytes vt_g_put may write at `p`: its text is at most 24 (19 up to 12 digits), the rest is
 * scratch of its fixed-width stores (which cost less than storing the exact length). */
#define VT_G_ROOM 25
/* Bytes vt_trace_row_put may write at `p`: a line is at most 6 x 24 + 11 + 7 = 162 bytes, and the
 * last number may write VT_G_ROOM from its start. */
#define VT_ROW_ROOM 200

/* printf("%.*g", digits, v) at p (digits 1..17), without the NUL; returns the length. */
size_t vt_g_put(char *p, double v, int digits);
/* One CSV line of a trace (vt_trace_row_write_csv's text, '\n' included); returns its length. */
size_t vt_trace_row_put(char *p, const vt_trace_row *r);

#endif
