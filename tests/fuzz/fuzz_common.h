/* Shared by the fuzz targets: write the input to a private temporary file, since the readers
 * take paths (as the command line gives them). */
#ifndef VT_FUZZ_COMMON_H
#define VT_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *fuzz_file(const unsigned char *data, size_t size) {
  static char path[64] = "";
  if (!path[0]) {
    snprintf(path, sizeof path, "/tmp/vitrum-fuzz-%ld.in", (long)getpid());
  }
  FILE *fp = fopen(path, "wb");
  if (!fp) abort();
  if (size && fwrite(data, 1, size, fp) != size) abort();
  fclose(fp);
  return path;
}

#endif
