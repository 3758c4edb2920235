/* Shared by the fuzz targets: write the input to a private temporary file, since the readers
 * take paths (as the command line gives them). The file lies in $TMPDIR (default /tmp): a
 * tmpfs there (TMPDIR=/dev/shm) makes a campaign many times faster than a disk. */
#ifndef VT_FUZZ_COMMON_H
#define VT_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* $TMPDIR/vitrum-fuzz-PID.EXT */
static void fuzz_path(char *path, size_t size, const char *ext) {
  const char *dir = getenv("TMPDIR");
  if (!dir || !*dir) dir = "/tmp";
  if ((size_t)snprintf(path, size, "%s/vitrum-fuzz-%ld.%s", dir, (long)getpid(), ext) >= size)
    abort();
}

static const char *fuzz_file(const unsigned char *data, size_t size) {
  static char path[4096] = "";
  if (!path[0]) fuzz_path(path, sizeof path, "in");
  FILE *fp = fopen(path, "wb");
  if (!fp) abort();
  if (size && fwrite(data, 1, size, fp) != size) abort();
  fclose(fp);
  return path;
}

#endif
