/* Internal to io/: what a writer that holds only a FILE * says when a write fails. */
#ifndef VT_IO_OUTFILE_H
#define VT_IO_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

/* The file an open output of this process writes through `fp` (the target, not the temporary)
 * copied into buf; "standard output" for stdout; "the output" when fp is no vt_outfile's. */
const char *vt_outfile_name_of(FILE *fp, char *buf, size_t n);

#endif
