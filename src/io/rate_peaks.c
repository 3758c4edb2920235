/* Peak temperatures at several heating rates from a table (vitrum/datasets.h), the input of
 * the Kissinger and Eyring fits. */
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"

#define RATE_NAMES "rate|heating_rate|heating rate|beta"
#define TP_NAMES   "Tp|T_p|Tpeak|T_peak|T peak"

void vt_rate_peaks_free(vt_rate_peaks *p) {
  if (p) VT_FREE_ZERO(p, p->rate_K_per_s, p->Tp_K, p->line);
}

/* Values the fits would reject too, caught here so the message can say where they are. */
static int check_points(const vt_table *t, const vt_rate_peaks *p, vt_error *err) {
  for (size_t i = 0; i < p->n; i++) {
    double rate = p->rate_K_per_s[i], Tp = p->Tp_K[i];
    const char *why = vt_rate_point_problem(rate, Tp);
    if (why)
      return vt_fail_at(err, VT_ERANGE, p->line[i], "%s:%ld: rate %g K/s, Tp %g K: %s", t->source,
                        p->line[i], rate, Tp, why);
  }
  return VT_OK;
}

int vt_rate_peaks_from_table(const vt_table *t, vt_rate_peaks *out, vt_error *err) {
  if (out) memset(out, 0, sizeof *out);
  if (!t || !out) return vt_fail(err, VT_EINVAL, "vt_rate_peaks_from_table: NULL argument");
  int rate_col, Tp_col;
  int rc = vt_table_find(t, RATE_NAMES, VT_DIM_RATE, VT_TABLE_NOCASE, &rate_col, err);
  if (!rc) rc = vt_table_find(t, TP_NAMES, VT_DIM_TEMPERATURE, VT_TABLE_NOCASE, &Tp_col, err);
  if (rc) return rc;
  size_t n = t->n_rows ? t->n_rows : 1;
  out->rate_K_per_s = malloc(n * sizeof *out->rate_K_per_s);
  out->Tp_K = malloc(n * sizeof *out->Tp_K);
  out->line = malloc(n * sizeof *out->line);
  if (!out->rate_K_per_s || !out->Tp_K || !out->line)
    rc = vt_fail(err, VT_ENOMEM, "%s: out of memory", t->source);
  if (!rc)
    rc = vt_table_column_si(t, (size_t)rate_col, VT_DIM_RATE, NULL, 0, out->rate_K_per_s, err);
  if (!rc) rc = vt_table_column_si(t, (size_t)Tp_col, VT_DIM_TEMPERATURE, NULL, 0, out->Tp_K, err);
  if (!rc) {
    out->n = t->n_rows;
    memcpy(out->line, t->line, t->n_rows * sizeof *out->line);
    rc = check_points(t, out, err);
  }
  if (rc) vt_rate_peaks_free(out);
  return rc;
}

int vt_read_rate_peaks(const char *path, vt_rate_peaks *out, vt_error *err) {
  if (out) memset(out, 0, sizeof *out);
  if (!path || !out) return vt_fail(err, VT_EINVAL, "vt_read_rate_peaks: NULL argument");
  vt_table t = {0};
  vt_table_opts opts = vt_table_opts_default();
  opts.ragged = 1;        /* only the two columns need to be there */
  opts.allow_no_rows = 1; /* the fit says how many points it needs */
  int rc = vt_table_read(path, &opts, &t, err);
  if (!rc) rc = vt_rate_peaks_from_table(&t, out, err);
  vt_table_free(&t);
  return rc;
}
