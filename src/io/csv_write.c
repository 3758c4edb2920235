/* The CSV writer for traces and text fields (output files themselves: outfile.c). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../core/internal.h"
#include "format_g.h"
#include "outfile.h"

void vt_csv_write_text(FILE *fp, const char *text) {
  if (!fp || !text) return;
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

/* ---- Traces ------------------------------------------------------------------------------ */

int vt_trace_csv_header(FILE *fp) {
  if (!fp) return VT_EINVAL;
  return fputs("time_s,T_K,Tf_K,dH_J_per_mol,Cp_N,segment,t_seg_s\n", fp) < 0 ? VT_EIO : VT_OK;
}

/* One row into one buffer and one fwrite (the numbers: format_g.c). */
int vt_trace_row_write_csv(const vt_trace_row *r, FILE *fp) {
  if (!r || !fp) return VT_EINVAL;
  char line[VT_ROW_ROOM];
  size_t n = vt_trace_row_put(line, r);
  return fwrite(line, 1, n, fp) == n ? VT_OK : VT_EIO;
}

/* Rows formatted into a buffer written when nearly full: one fwrite per ~16 KB, not per row. */
int vt_trace_write_csv(const vt_trace *t, FILE *fp, int only_requested, vt_error *err) {
  if (!t || !fp) return vt_fail(err, VT_EINVAL, "vt_trace_write_csv: NULL trace or file");
  errno = 0;
  int rc = vt_trace_csv_header(fp);
  char buf[16384];
  size_t n = 0;
  for (size_t i = 0; i < t->n && !rc; i++) {
    if (only_requested && !t->requested[i]) continue;
    vt_trace_row r = {
        i,         t->time_s[i],           t->T_K[i],     t->Tf_K[i],    t->dH_J_per_mol[i],
        t->CpN[i], t->H_conf_J_per_mol[i], t->segment[i], t->t_seg_s[i], t->requested[i]};
    n += vt_trace_row_put(buf + n, &r);
    if (n > sizeof buf - VT_ROW_ROOM) {
      rc = fwrite(buf, 1, n, fp) == n ? VT_OK : VT_EIO;
      n = 0;
    }
  }
  if (!rc && n) rc = fwrite(buf, 1, n, fp) == n ? VT_OK : VT_EIO;
  if (rc || ferror(fp)) {
    int e = errno;
    char name[400];
    return vt_fail(err, VT_EIO, "%s: error writing CSV: %s",
                   vt_outfile_name_of(fp, name, sizeof name), e ? strerror(e) : "I/O error");
  }
  return VT_OK;
}
