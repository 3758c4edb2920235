/* Cp_N(T) curves for fits: a CSV of the normalised heat capacity measured on a heating scan,
 * and the program file of the whole thermal history, ending with that scan:
 *
 *   T_K,CpN,sigma          start 450 K
 *   380,0.02,0.01          cool to 300 K at 10000 K/s
 *   ...                    heat to 470 K at 1000 K/s
 *
 * The model is run over the program and its Cp_N on the last ramp compared at the curve's T. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "fit_io.h"

enum { CV_T, CV_CPN, CV_SIGMA, CV_COLS };

static const vt_unit_column cpn_columns[CV_COLS] = {
    {"T", VT_DIM_TEMPERATURE, 1},
    {"CpN|Cp_N", VT_DIM_NONE, 1},
    {"sigma_CpN|sigma", VT_DIM_NONE, 0},
};

/* The last segment must heat; its temperature range in lo, hi. */
static int last_ramp(const vt_program *p, const char *path, double *lo, double *hi, vt_error *err) {
  size_t n = vt_program_segment_count(p);
  const vt_segment *s = n ? vt_program_segment(p, n - 1) : NULL;
  double from = n ? vt_program_end_K(p, n - 2) : 0.0; /* n - 2 wraps to the start for n == 1 */
  if (!s || s->kind != VT_SEG_RAMP || !(s->target_K > from))
    return vt_fail_at(err, VT_EINVAL, s ? s->line : 0,
                      "%s: the program must end with the heating ramp the curve was measured on",
                      path);
  *lo = from;
  *hi = s->target_K;
  return VT_OK;
}

static int check_points(const char *csv, const char *prog, const vt_table_rows *t, double lo,
                        double hi, vt_error *err) {
  for (size_t i = 0; i < t->n; i++) {
    const double *r = &t->v[i * CV_COLS];
    long ln = t->line[i];
    if (isnan(r[CV_T]) || isnan(r[CV_CPN]))
      return vt_fail_at(err, VT_EINVAL, ln, "%s:%ld: %s is empty: every row needs T and CpN", csv,
                        ln, isnan(r[CV_T]) ? "T" : "CpN");
    if (r[CV_T] < lo - 1e-9 || r[CV_T] > hi + 1e-9)
      return vt_fail_at(err, VT_ERANGE, ln,
                        "%s:%ld: T = %g K lies outside the last ramp of %s (%g to %g K), where "
                        "Cp_N is compared",
                        csv, ln, r[CV_T], prog, lo, hi);
    if (t->present[CV_SIGMA] && !(r[CV_SIGMA] > 0))
      return vt_fail_at(err, VT_ERANGE, ln,
                        "%s:%ld: sigma must be > 0 in every row of a sigma column (else drop it)",
                        csv, ln);
  }
  return VT_OK;
}

static double *column(const vt_table_rows *t, int c) {
  double *v = malloc(t->n * sizeof *v);
  for (size_t i = 0; v && i < t->n; i++) v[i] = t->v[i * CV_COLS + c];
  return v;
}

/* Move the table and program into a new curve of `data`. */
static int append(vt_fit_data *data, const char *csv, vt_table_rows *t, vt_program *prog,
                  vt_error *err) {
  vt_cpn_curve cv = {NULL, prog, t->n, column(t, CV_T), column(t, CV_CPN), NULL};
  if (t->present[CV_SIGMA]) cv.sigma = column(t, CV_SIGMA);
  cv.name = malloc(strlen(csv) + 1);
  vt_cpn_curve *grown = realloc(data->curves, (data->n_curves + 1) * sizeof *grown);
  if (grown) data->curves = grown;
  if (!cv.name || !cv.T_K || !cv.CpN || (t->present[CV_SIGMA] && !cv.sigma) || !grown) {
    free(cv.name);
    free(cv.T_K);
    free(cv.CpN);
    free(cv.sigma);
    return vt_fail(err, VT_ENOMEM, "%s: out of memory", csv);
  }
  memcpy(cv.name, csv, strlen(csv) + 1);
  data->curves[data->n_curves++] = cv;
  return VT_OK;
}

int vt_read_cpn_curve(const char *csv_path, const char *program_path, vt_fit_data *data,
                      long **lines, vt_error *err) {
  if (!csv_path || !program_path || !data)
    return vt_fail(err, VT_EINVAL, "vt_read_cpn_curve: NULL argument");
  if (lines) *lines = NULL;
  vt_table_rows t;
  int rc = vt_read_unit_table(csv_path, cpn_columns, CV_COLS, &t, err);
  if (rc) return rc;
  double lo = 0, hi = 0;
  vt_program *prog = vt_program_read(program_path, err);
  rc = prog ? last_ramp(prog, program_path, &lo, &hi, err) : (err ? err->status : VT_EIO);
  if (!rc) rc = check_points(csv_path, program_path, &t, lo, hi, err);
  if (!rc && lines) {
    *lines = malloc(t.n * sizeof **lines);
    if (!*lines) rc = vt_fail(err, VT_ENOMEM, "%s: out of memory", csv_path);
    for (size_t i = 0; !rc && i < t.n; i++) (*lines)[i] = t.line[i];
  }
  if (!rc) rc = append(data, csv_path, &t, prog, err);
  if (rc) {
    vt_program_free(prog);
    if (lines) {
      free(*lines);
      *lines = NULL;
    }
  }
  vt_table_rows_free(&t);
  return rc;
}
