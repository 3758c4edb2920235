/* The CSV writer for traces and text fields (output files themselves: outfile.c). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/internal.h"

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
