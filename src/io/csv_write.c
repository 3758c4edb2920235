/* Output files (temporary name + rename) and the CSV writer for traces. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/internal.h"

static char *dup_string(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d) memcpy(d, s, n);
  return d;
}

int vt_outfile_open(vt_outfile *out, const char *path, vt_error *err) {
  memset(out, 0, sizeof *out);
  if (!path || !*path) return vt_fail(err, VT_EINVAL, "empty output file name");
  if (strcmp(path, "-") == 0) {
    out->fp = stdout;
    return VT_OK;
  }
  out->path = dup_string(path);
  size_t n = strlen(path) + 16;
  out->tmp_path = malloc(n);
  if (!out->path || !out->tmp_path) {
    vt_outfile_abort(out);
    return vt_fail(err, VT_ENOMEM, "out of memory");
  }
  snprintf(out->tmp_path, n, "%s.tmp.XXXXXX", path);
  int fd = mkstemp(out->tmp_path);
  if (fd < 0) {
    int e = errno;
    free(out->tmp_path);
    out->tmp_path = NULL;
    vt_outfile_abort(out);
    return vt_fail(err, VT_EIO, "%s: cannot create: %s", path, strerror(e));
  }
  out->fp = fdopen(fd, "w");
  if (!out->fp) {
    close(fd);
    vt_outfile_abort(out);
    return vt_fail(err, VT_EIO, "%s: cannot open for writing", path);
  }
  return VT_OK;
}

int vt_outfile_commit(vt_outfile *out, vt_error *err) {
  if (!out->tmp_path) { /* standard output */
    int bad = fflush(out->fp) != 0 || ferror(out->fp);
    out->fp = NULL;
    return bad ? vt_fail(err, VT_EIO, "error writing to standard output") : VT_OK;
  }
  int bad = ferror(out->fp);
  bad |= fclose(out->fp) != 0;
  out->fp = NULL;
  if (!bad && rename(out->tmp_path, out->path) != 0) bad = 1;
  if (bad) {
    int e = errno;
    char path[512];
    snprintf(path, sizeof path, "%s", out->path);
    vt_outfile_abort(out);
    return vt_fail(err, VT_EIO, "%s: write failed: %s", path, strerror(e));
  }
  free(out->tmp_path);
  free(out->path);
  memset(out, 0, sizeof *out);
  return VT_OK;
}

void vt_outfile_abort(vt_outfile *out) {
  if (!out) return;
  if (out->fp && out->tmp_path) fclose(out->fp);
  if (out->tmp_path) remove(out->tmp_path);
  free(out->tmp_path);
  free(out->path);
  memset(out, 0, sizeof *out);
}

void vt_csv_write_text(FILE *fp, const char *text) {
  if (!strpbrk(text, ",\"\r\n")) {
    fputs(text, fp);
    return;
  }
  fputc('"', fp);
  for (; *text; text++) {
    if (*text == '"') fputc('"', fp);
    fputc(*text, fp);
  }
  fputc('"', fp);
}

int vt_trace_write_csv(const vt_trace *t, FILE *fp, int only_requested, vt_error *err) {
  fprintf(fp, "time_s,T_K,Tf_K,dH_J_per_mol,Cp_N,segment,t_seg_s\n");
  for (size_t i = 0; i < t->n; i++) {
    if (only_requested && !t->requested[i]) continue;
    fprintf(fp, "%.10g,%.10g,%.10g,%.8g,", t->time_s[i], t->T_K[i], t->Tf_K[i], t->dH_J_per_mol[i]);
    if (isnan(t->CpN[i]))
      fputs("nan", fp);
    else
      fprintf(fp, "%.8g", t->CpN[i]);
    fprintf(fp, ",%d,%.10g\n", t->segment[i], t->t_seg_s[i]);
  }
  if (ferror(fp)) return vt_fail(err, VT_EIO, "error writing CSV");
  return VT_OK;
}
