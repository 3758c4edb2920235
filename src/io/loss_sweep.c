/* A loss-modulus sweep E''(T) from a table (vitrum/datasets.h), the input of vt_loss_fit_run. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"

#define T_NAMES "T|Temp|Temperature"
/* E'', G'' in ASCII primes or the Unicode double prime (U+2033), and spelled-out forms */
#define Y_NAMES                                                                                    \
  "E2|E''|E\xe2\x80\xb3|Epp|E_loss|Eloss|loss_modulus|loss modulus|LossModulus|G2|G''|"            \
  "G\xe2\x80\xb3"

vt_sweep_opts vt_sweep_opts_default(void) {
  vt_sweep_opts o = {-1, -1, NULL, NULL, NULL, NULL};
  return o;
}

void vt_loss_sweep_free(vt_loss_sweep *s) {
  if (s) VT_FREE_ZERO(s, s->T_K, s->loss_Pa, s->line, s->T_name, s->y_name);
}

static char *copy(const char *text) {
  size_t n = strlen(text) + 1;
  char *c = malloc(n);
  return c ? memcpy(c, text, n) : NULL;
}

static const char *dim_text(int is_T) {
  return is_T ? "temperature in K or C" : "modulus in Pa, kPa, MPa or GPa";
}

/* The one column named as a temperature (is_T) or a loss modulus with a unit of its kind. A
 * named column of another unit is passed over, and said in `wrong` should none be found. */
static int auto_column(const vt_table *t, int is_T, int *col, char *found, vt_error *err) {
  char unit[64], wrong[160] = "";
  double f, o;
  long ln = t->header_line;
  *col = -1;
  for (size_t k = 0; k < t->n_cols; k++) {
    const char *name = t->cols[k].name;
    if (!vt_table_match(t, k, is_T ? T_NAMES : Y_NAMES, VT_TABLE_NOCASE, unit, sizeof unit))
      continue;
    if (!*unit)
      return vt_fail_at(err, VT_EUNIT, ln,
                        "%s:%ld: column '%s' has no unit: expected a %s, e.g. %s", t->source, ln,
                        name, dim_text(is_T), is_T ? "T_K or 'T [C]'" : "E2_MPa or \"E'' [MPa]\"");
    if (!vt_unit_lookup(is_T ? VT_DIM_TEMPERATURE : VT_DIM_STRESS, unit, &f, &o)) {
      if (!wrong[0])
        snprintf(wrong, sizeof wrong, "; '%.60s' has unit '%.40s', not a %s", name, unit,
                 dim_text(is_T));
      continue;
    }
    if (*col >= 0)
      return vt_fail_at(err, VT_EPARSE, ln,
                        "%s:%ld: two %s columns ('%s' and '%s'): choose one with %s", t->source, ln,
                        is_T ? "temperature" : "loss-modulus", t->cols[*col].name, name,
                        is_T ? "--T-col" : "--y-col");
    *col = (int)k;
    snprintf(found, 64, "%s", unit);
  }
  if (*col < 0)
    return vt_fail_at(err, VT_ENOTFOUND, ln, "%s:%ld: header has no %s column: expected e.g. %s%s",
                      t->source, ln, is_T ? "temperature" : "loss-modulus",
                      is_T ? "T_K, T_C or 'T [C]'" : "E2_MPa, \"E'' [MPa]\" or loss_modulus_Pa",
                      wrong);
  return VT_OK;
}

/* Temperatures above absolute zero, rising from row to row. */
static int check_rows(const vt_table *t, const vt_loss_sweep *s, vt_error *err) {
  for (size_t i = 0; i < s->n; i++) {
    double T = s->T_K[i];
    long ln = s->line[i];
    if (!(T > 0))
      return vt_fail_at(err, VT_ERANGE, ln, "%s:%ld: T = %g K is not above absolute zero",
                        t->source, ln, T);
    if (i && !(T > s->T_K[i - 1]))
      return vt_fail_at(err, VT_EPARSE, ln,
                        "%s:%ld: T = %g K does not rise above the %g K of line %ld: the sweep "
                        "must be sorted by rising temperature",
                        t->source, ln, T, s->T_K[i - 1], s->line[i - 1]);
  }
  return VT_OK;
}

/* The columns the specs name, with their units, over the index and unit options. */
static int picked(const vt_table *t, const vt_sweep_opts *opts, vt_sweep_opts *o,
                  char spec_unit[2][64], vt_error *err) {
  const char *spec[2] = {opts->T_spec, opts->y_spec}, *opt[2] = {"--T-col", "--y-col"};
  int *col[2] = {&o->T_col, &o->y_col};
  const char **unit[2] = {&o->T_unit, &o->y_unit};
  vt_dim dim[2] = {VT_DIM_TEMPERATURE, VT_DIM_STRESS};
  *o = *opts;
  for (int k = 0; k < 2; k++) {
    vt_error e;
    if (!spec[k]) continue;
    if (vt_table_pick(t, spec[k], dim[k], col[k], spec_unit[k], 64, &e))
      return vt_fail(err, VT_EINVAL, "%s '%s': %s", opt[k], spec[k], e.message);
    *unit[k] = spec_unit[k];
  }
  return VT_OK;
}

/* The two columns and their units (the caller's, else the header's). */
static int columns(const vt_table *t, const vt_sweep_opts *opts, vt_loss_sweep *s, char unit[2][64],
                   vt_error *err) {
  vt_sweep_opts by_spec;
  char spec_unit[2][64];
  const vt_sweep_opts *o = &by_spec;
  int rc = picked(t, opts, &by_spec, spec_unit, err);
  if (rc) return rc;
  s->T_col = o->T_col, s->y_col = o->y_col;
  if (o->T_col < 0) rc = auto_column(t, 1, &s->T_col, unit[0], err);
  if (!rc && o->y_col < 0) rc = auto_column(t, 0, &s->y_col, unit[1], err);
  if (o->T_col >= 0 && o->T_col < (int)t->n_cols)
    snprintf(unit[0], 64, "%s", o->T_unit ? o->T_unit : t->cols[o->T_col].unit);
  if (o->y_col >= 0 && o->y_col < (int)t->n_cols)
    snprintf(unit[1], 64, "%s", o->y_unit ? o->y_unit : t->cols[o->y_col].unit);
  if (!rc && (s->T_col >= (int)t->n_cols || s->y_col >= (int)t->n_cols))
    rc = vt_fail(err, VT_EINVAL, "%s: column %d of a table of %zu", t->source,
                 (s->T_col > s->y_col ? s->T_col : s->y_col) + 1, t->n_cols);
  if (!rc && s->T_col == s->y_col)
    rc = vt_fail(err, VT_EINVAL, "%s: temperature and loss modulus are the same column '%s'",
                 t->source, t->cols[s->T_col].name);
  return rc;
}

int vt_loss_sweep_from_table(const vt_table *t, const vt_sweep_opts *opts, vt_loss_sweep *out,
                             vt_error *err) {
  if (out) memset(out, 0, sizeof *out);
  if (!t || !out) return vt_fail(err, VT_EINVAL, "vt_loss_sweep_from_table: NULL argument");
  vt_sweep_opts def = vt_sweep_opts_default();
  const vt_sweep_opts *o = opts ? opts : &def;
  char unit[2][64] = {"", ""};
  int rc = columns(t, o, out, unit, err);
  size_t n = t->n_rows ? t->n_rows : 1;
  out->T_K = rc ? NULL : malloc(n * sizeof *out->T_K);
  out->loss_Pa = rc ? NULL : malloc(n * sizeof *out->loss_Pa);
  out->line = rc ? NULL : malloc(n * sizeof *out->line);
  if (!rc && (!out->T_K || !out->loss_Pa || !out->line))
    rc = vt_fail(err, VT_ENOMEM, "%s: out of memory", t->source);
  if (!rc)
    rc = vt_table_column_si(t, (size_t)out->T_col, VT_DIM_TEMPERATURE, unit[0], 0, out->T_K, err);
  if (!rc)
    rc = vt_table_column_si(t, (size_t)out->y_col, VT_DIM_STRESS, unit[1], 0, out->loss_Pa, err);
  if (!rc && (!(out->T_name = copy(t->cols[out->T_col].name)) ||
              !(out->y_name = copy(t->cols[out->y_col].name))))
    rc = vt_fail(err, VT_ENOMEM, "%s: out of memory", t->source);
  if (!rc) {
    double f, off = 0.0;
    out->T_celsius = vt_unit_lookup(VT_DIM_TEMPERATURE, unit[0], &f, &off) && off != 0.0;
    out->n = t->n_rows;
    memcpy(out->line, t->line, t->n_rows * sizeof *out->line);
    rc = check_rows(t, out, err);
  }
  if (rc) vt_loss_sweep_free(out);
  return rc;
}

int vt_read_loss_sweep(const char *path, const vt_sweep_opts *opts, vt_loss_sweep *out,
                       vt_error *err) {
  if (out) memset(out, 0, sizeof *out);
  if (!path || !out) return vt_fail(err, VT_EINVAL, "vt_read_loss_sweep: NULL argument");
  vt_table t = {0};
  vt_table_opts topts = vt_table_opts_default();
  topts.ragged = 1, topts.allow_no_rows = 1; /* the fit says how many points it needs */
  int rc = vt_table_read(path, &topts, &t, err);
  if (!rc) rc = vt_loss_sweep_from_table(&t, opts, out, err);
  vt_table_free(&t);
  return rc;
}

int vt_loss_sweep_restrict(vt_loss_sweep *s, double T_lo_K, double T_hi_K, vt_error *err) {
  if (!s || (s->n && (!s->T_K || !s->loss_Pa || !s->line)))
    return vt_fail(err, VT_EINVAL, "vt_loss_sweep_restrict: NULL argument");
  if (!(T_lo_K <= T_hi_K))
    return vt_fail(err, VT_EINVAL, "vt_loss_sweep_restrict: range %g .. %g K does not rise", T_lo_K,
                   T_hi_K);
  size_t j = 0;
  for (size_t i = 0; i < s->n; i++)
    if (s->T_K[i] >= T_lo_K && s->T_K[i] <= T_hi_K)
      s->T_K[j] = s->T_K[i], s->loss_Pa[j] = s->loss_Pa[i], s->line[j++] = s->line[i];
  s->n = j;
  return VT_OK;
}
