/* What a file of measured curves holds, a line per curve, as vitrum curves lists it
 * (report.h): ranges of time, temperature and heat flow, and the scan rate. */
#include <math.h>

#include "report_internal.h"
#include "vitrum/constants.h"
#include "vitrum/report.h"

static void range_of(const double *v, size_t n, double *lo, double *hi) {
  *lo = INFINITY;
  *hi = -INFINITY;
  for (size_t i = 0; i < n; i++) {
    if (v[i] < *lo) *lo = v[i];
    if (v[i] > *hi) *hi = v[i];
  }
  if (*lo > *hi) *lo = *hi = NAN; /* no finite values */
}

int vt_curve_summarise(const vt_curve *c, vt_curve_summary *s) {
  if (!s) return VT_EINVAL;
  *s = (vt_curve_summary){0};
  if (!c) return VT_EINVAL;
  int use_Ts = c->n == 0 || isnan(c->Tr_K[0]);
  s->T_name = use_Ts ? "Ts" : "Tr";
  range_of(c->time_s, c->n, &s->t_min_s, &s->t_max_s);
  range_of(use_Ts ? c->Ts_K : c->Tr_K, c->n, &s->T_min_K, &s->T_max_K);
  range_of(c->heat_flow_W, c->n, &s->hf_min_W, &s->hf_max_W);
  vt_error err;
  if (vt_curve_rate(c, use_Ts, &s->rate_K_per_s, NULL, &err)) {
    s->rate_K_per_s = NAN;
    snprintf(s->note, sizeof s->note, "%s", err.message);
  }
  return VT_OK;
}

int vt_curve_set_write_csv(const vt_curve_set *set, FILE *fp, vt_error *err) {
  if (!set || !fp) return vt_fail(err, VT_EINVAL, "vt_curve_set_write_csv: NULL set or file");
  const double C = VT_ZERO_CELSIUS_K;
  fprintf(fp, "index,segment,name,points,t_min_s,t_max_s,T_min_C,T_max_C,T_min_K,T_max_K,"
              "rate_K_per_s,HF_min_mW,HF_max_mW\n");
  for (size_t i = 0; i < set->n; i++) {
    const vt_curve *c = &set->curves[i];
    vt_curve_summary s;
    vt_curve_summarise(c, &s);
    fprintf(fp, "%zu,%d,", i, c->segment);
    vt_csv_write_text(fp, c->name);
    fprintf(fp, ",%zu,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g\n", c->n, s.t_min_s, s.t_max_s,
            s.T_min_K - C, s.T_max_K - C, s.T_min_K, s.T_max_K, s.rate_K_per_s, 1e3 * s.hf_min_W,
            1e3 * s.hf_max_W);
  }
  return vt_report_done(fp, err);
}

/* A curve's line of the table. */
static void table_line(FILE *fp, size_t i, const vt_curve *c, const vt_curve_summary *s) {
  const double C = VT_ZERO_CELSIUS_K;
  char t[64], TC[64], TK[64], hf[64];
  snprintf(t, sizeof t, "%.6g..%.6g", s->t_min_s, s->t_max_s);
  snprintf(TC, sizeof TC, "%.2f..%.2f", s->T_min_K - C, s->T_max_K - C);
  snprintf(TK, sizeof TK, "%.2f..%.2f", s->T_min_K, s->T_max_K);
  snprintf(hf, sizeof hf, "%.5g..%.5g", 1e3 * s->hf_min_W, 1e3 * s->hf_max_W);
  fprintf(fp, "%5zu %7d %7zu  %-19s  %-17s  %-17s  %10.5g  %-21s  %s\n", i, c->segment, c->n, t, TC,
          TK, s->rate_K_per_s, hf, c->name);
}

int vt_curve_set_write_summary(const vt_curve_set *set, FILE *fp, vt_error *err) {
  if (!set || !fp) return vt_fail(err, VT_EINVAL, "vt_curve_set_write_summary: NULL set or file");
  fprintf(fp, "%s: %zu curve%s\n\n", set->source, set->n, set->n == 1 ? "" : "s");
  fprintf(fp, "%5s %7s %7s  %-19s  %-17s  %-17s  %10s  %-21s  %s\n", "index", "segment", "points",
          "t (s)", "T (C)", "T (K)", "rate (K/s)", "heat flow (mW)", "name");
  size_t notes = 0;
  vt_curve_summary s;
  for (size_t i = 0; i < set->n; i++) {
    vt_curve_summarise(&set->curves[i], &s);
    table_line(fp, i, &set->curves[i], &s);
    notes += s.note[0] != '\0';
  }
  if (notes) fprintf(fp, "\n");
  for (size_t i = 0; i < set->n; i++) {
    vt_curve_summarise(&set->curves[i], &s);
    if (s.note[0]) fprintf(fp, "note: curve %zu has no scan rate: %s\n", i, s.note);
  }
  return vt_report_done(fp, err);
}
