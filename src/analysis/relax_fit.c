/* A relaxation or recovery fit of one DMA export, and the curves of several for an Arrhenius fit
 * (visco.h), as `vitrum kww` runs them: its options described once (a table the command line and
 * Python read), checked and translated into the reader's and the fitter's here. */
#include <math.h>
#include <string.h>

#include "../core/internal.h"
#include "../core/option_rows.h"
#include "vitrum/visco.h"

#define RF(field) offsetof(vt_relax_fit_options, field)

/* The choice is written into the enum field as int (options.h): they must be one. */
_Static_assert(sizeof(vt_dma_column) == sizeof(int), "column is an int");

static const vt_option relax_fit_rows[] = {
    OPT_C("column", RF(column), "auto|y|stress|strain" /* vt_dma_column's order */,
          "the column to fit (auto: y, else stress, else strain)"),
    OPT_Q("from", RF(from_s), VT_DIM_TIME, "TIME",
          "t_start: the first row at or after TIME (after a jump: the state\n"
          "after it); default the first row",
          VT_OPTION_NO_DEFAULT),
    OPT_Q("to", RF(to_s), VT_DIM_TIME, "TIME", "ignore later rows", VT_OPTION_NO_DEFAULT),
    OPT_F("double", RF(dbl), "double KWW (paper 001 Eq. 1)"),
    OPT_F("offset", RF(offset), "also fit y_inf: y = y_inf + (1 - y_inf) (...)"),
    OPT_F("raw", RF(raw), "fit the values themselves (y0 free) instead of sigma/sigma0"),
    OPT_F("recovery", RF(recovery),
          "the strain after unloading at t_start: eps(t') = eps_inf + (eps0 -\n"
          "eps_inf) exp(-(t'/tau_rec)^beta_rec); eps_inf = eps_an(inf), the strain\n"
          "that stays; 1 - eps_inf/eps1 is the fraction recovered"),
    OPT_Q("eps1", RF(eps1), VT_DIM_STRAIN, "STRAIN",
          "recovery: the loading strain (default: the strain before t_start)",
          VT_OPTION_NO_DEFAULT),
};

OPT_TABLE(vt_relax_fit_option_table, relax_fit_rows)

vt_relax_fit_options vt_relax_fit_options_default(void) {
  vt_relax_fit_options o = {VT_DMA_AUTO, NAN, NAN, 0, 0, 0, 0, NAN};
  return o;
}

int vt_relax_fit_check(const vt_relax_fit_options *o, vt_error *err) {
  if (!o) return vt_fail(err, VT_EINVAL, "vt_relax_fit_check: NULL options");
  if (o->dbl && o->recovery) return vt_fail(err, VT_EINVAL, "--double fits relaxation curves only");
  if (o->recovery && o->column != VT_DMA_AUTO && o->column != VT_DMA_STRAIN)
    return vt_fail(err, VT_EINVAL, "--recovery fits the strain column, not --column %s",
                   vt_dma_column_name(o->column));
  if (!isnan(o->from_s) && !isnan(o->to_s) && !(o->to_s > o->from_s))
    return vt_fail(err, VT_EINVAL, "--to must come after --from");
  return VT_OK;
}

vt_relax_series_options vt_relax_fit_series_options(const vt_relax_fit_options *o) {
  vt_relax_series_options so = vt_relax_series_options_default();
  if (!o) return so;
  so.column = o->recovery ? VT_DMA_STRAIN : o->column;
  so.from_s = o->from_s;
  so.to_s = o->to_s;
  so.normalise = !o->raw && !o->recovery;
  return so;
}

vt_kww_options vt_relax_fit_kww_options(const vt_relax_fit_options *o) {
  vt_kww_options ko = vt_kww_options_default();
  if (!o) return ko;
  ko.kind = o->dbl ? VT_KWW_DOUBLE : VT_KWW_SINGLE;
  ko.free_y0 = o->raw;
  ko.free_y_inf = o->offset;
  if (o->raw) ko.y0 = NAN; /* free: started from the data */
  if (o->offset) ko.y_inf = NAN;
  return ko;
}

void vt_relax_fit_result_free(vt_relax_fit_result *r) {
  if (r) vt_relax_series_free(&r->series);
}

int vt_relax_fit_file(const char *path, const vt_relax_fit_options *o, vt_relax_fit_result *out,
                      vt_error *err) {
  if (out) memset(out, 0, sizeof *out);
  if (!path || !o || !out) return vt_fail(err, VT_EINVAL, "vt_relax_fit_file: NULL argument");
  vt_relax_series_options so = vt_relax_fit_series_options(o);
  vt_kww_options ko = vt_relax_fit_kww_options(o);
  int rc = vt_relax_fit_check(o, err);
  if (!rc) rc = vt_read_relax_series(path, &so, &out->series, err);
  if (rc) return rc;
  const vt_relax_series *s = &out->series;
  vt_error e;
  out->eps1 = o->recovery && isnan(o->eps1) ? s->before : o->eps1;
  rc = o->recovery ? vt_recovery_fit_run(s->t_s, s->y, s->n, out->eps1, &out->rec, &e)
                   : vt_kww_fit_run(s->t_s, s->y, s->n, &ko, &out->kww, &e);
  if (rc) {
    vt_relax_fit_result_free(out);
    return vt_fail(err, rc, "%s: %s", path, e.message);
  }
  if (!o->recovery && s->n >= 3) vt_memory_peak_find(s->t_s, s->value, s->n, &out->peak, NULL);
  return VT_OK;
}

int vt_relax_curves_read(const char *const *paths, size_t n, const double *T_K,
                         const vt_relax_fit_options *o, vt_relax_series *series,
                         vt_relax_curve *curves, vt_error *err) {
  if (!paths || !o || !series || !curves)
    return vt_fail(err, VT_EINVAL, "vt_relax_curves_read: NULL argument");
  vt_relax_series_options so = vt_relax_fit_series_options(o);
  memset(series, 0, n * sizeof *series);
  int rc = VT_OK;
  for (size_t k = 0; !rc && k < n; k++) {
    rc = paths[k] ? vt_read_relax_series(paths[k], &so, &series[k], err)
                  : vt_fail(err, VT_EINVAL, "vt_relax_curves_read: NULL path %zu", k);
    const vt_relax_series *s = &series[k];
    curves[k] = (vt_relax_curve){s->t_s, s->y, s->n, T_K ? T_K[k] : s->T_K};
    if (!rc && !(curves[k].T_K > 0))
      rc = vt_fail(err, VT_EINVAL, "%s has no temperature column: give the temperatures with --T",
                   paths[k]);
  }
  for (size_t k = 0; rc && k < n; k++) vt_relax_series_free(&series[k]);
  return rc;
}
