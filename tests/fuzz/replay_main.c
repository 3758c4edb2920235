/* Runs a fuzz target over every file of its corpus folder: the fuzzers' short run inside the
 * test suite (with gcc too, and under the sanitizer build). Usage: replay CORPUS_DIR */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  DIR *dir = opendir(argv[1]);
  if (!dir) {
    fprintf(stderr, "no corpus folder %s\n", argv[1]);
    return 1;
  }
  int files = 0;
  for (struct dirent *e; (e = readdir(dir)) != NULL;) {
    if (e->d_name[0] == '.') continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
    FILE *fp = fopen(path, "rb");
    if (!fp) continue;
    unsigned char *buf = malloc(1 << 20);
    size_t n = buf ? fread(buf, 1, 1 << 20, fp) : 0;
    fclose(fp);
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    files++;
  }
  closedir(dir);
  printf("%d passed, 0 failed\n", files);
  return files > 0 ? 0 : 1;
}
