/* Enthalpy-recovery tables for fits, in unit-named CSV tables (unit_table.c):
 *
 *   # T1 = 373 K, then 383 K; single-step rows leave T2 and t2 empty
 *   T1_K,t1_s,T2_K,t2_s,dh_kJ_per_mol,sigma_kJ_per_mol
 *   373,50,383,0.1,0.812,0.02
 *   383,100,,,1.104,0.02
 *
 * Every column carries its unit in its name, so nothing is guessed: a number in kJ/mol read as
 * J/mol would fit a glass a thousand times too stiff. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "fit_io.h"

/* ---- Enthalpy-recovery tables ---------------------------------------------------------------- */

enum { DH_T1, DH_t1, DH_T2, DH_t2, DH_DH, DH_SIGMA, DH_COLS };

static const vt_unit_column dh_columns[DH_COLS] = {
    {"T1", VT_DIM_TEMPERATURE, 1},  {"t1", VT_DIM_TIME, 1},
    {"T2", VT_DIM_TEMPERATURE, 0},  {"t2", VT_DIM_TIME, 0},
    {"dh", VT_DIM_MOLAR_ENERGY, 1}, {"sigma_dh|sigma", VT_DIM_MOLAR_ENERGY, 0},
};

/* The same per mass (J/g, as DSC software exports them); sigma then per mass too. */
static const vt_unit_column dh_columns_mass[DH_COLS] = {
    {"T1", VT_DIM_TEMPERATURE, 1},     {"t1", VT_DIM_TIME, 1},
    {"T2", VT_DIM_TEMPERATURE, 0},     {"t2", VT_DIM_TIME, 0},
    {"dh", VT_DIM_SPECIFIC_ENERGY, 1}, {"sigma_dh|sigma", VT_DIM_SPECIFIC_ENERGY, 0},
};

/* Is dh per mass (its unit a specific energy)? Any other trouble is left to the reader. */
static int dh_per_mass(const char *path) {
  vt_table tab = {0};
  vt_table_opts opts = vt_table_opts_default();
  opts.allow_no_rows = 1;
  int col = -1, per_mass = 0;
  if (vt_table_read(path, &opts, &tab, NULL) == VT_OK)
    per_mass =
        vt_table_find(&tab, "dh", VT_DIM_SPECIFIC_ENERGY, VT_TABLE_OPTIONAL, &col, NULL) == VT_OK &&
        col >= 0;
  vt_table_free(&tab);
  return per_mass;
}

/* Read the table, per mole or (with a molar mass) per mass, into t (per mole). */
static int read_rows(const char *path, double molar_mass, vt_table_rows *t, vt_error *err) {
  int per_mass = dh_per_mass(path);
  if (per_mass && !(molar_mass > 0 && isfinite(molar_mass)))
    return vt_fail(err, VT_EUNIT,
                   "%s: dh is given per mass: give the molar mass to convert it to J/mol (vitrum "
                   "fit --molar-mass, e.g. '104 g/mol')",
                   path);
  int rc = vt_read_unit_table(path, per_mass ? dh_columns_mass : dh_columns, DH_COLS, t, err);
  for (size_t i = 0; !rc && per_mass && i < t->n; i++) {
    t->v[i * DH_COLS + DH_DH] *= molar_mass;
    t->v[i * DH_COLS + DH_SIGMA] *= molar_mass;
  }
  return rc;
}

/* The checks of one row; the message names the file and line. */
static int check_point(const char *path, const vt_dh_point *p, int has_sigma, vt_error *err) {
  long ln = p->line;
  const char *missing = isnan(p->T1_K)           ? "T1"
                        : isnan(p->t1_s)         ? "t1"
                        : isnan(p->dh_J_per_mol) ? "dh"
                                                 : NULL;
  if (missing)
    return vt_fail_at(err, VT_EINVAL, ln, "%s:%ld: %s is empty: every row needs T1, t1 and dh",
                      path, ln, missing);
  if (isnan(p->T2_K) != isnan(p->t2_s))
    return vt_fail_at(err, VT_EINVAL, ln,
                      "%s:%ld: %s given without %s: a two-step row needs both (leave both empty "
                      "for a single step)",
                      path, ln, isnan(p->t2_s) ? "T2" : "t2", isnan(p->t2_s) ? "t2" : "T2");
  double T[2] = {p->T1_K, p->T2_K}, t[2] = {p->t1_s, p->t2_s};
  for (int k = 0; k < 2; k++) {
    if (!isnan(T[k]) && !(T[k] > 0))
      return vt_fail_at(err, VT_ERANGE, ln, "%s:%ld: T%d = %g K is not above absolute zero", path,
                        ln, k + 1, T[k]);
    if (!isnan(t[k]) && !(t[k] >= 0))
      return vt_fail_at(err, VT_ERANGE, ln, "%s:%ld: t%d = %g s is negative: times must be >= 0",
                        path, ln, k + 1, t[k]);
  }
  if (has_sigma && isnan(p->sigma_J_per_mol))
    return vt_fail_at(err, VT_EINVAL, ln,
                      "%s:%ld: sigma is empty: with a sigma column every row needs one (else "
                      "drop the column: all points are then weighted alike)",
                      path, ln);
  if (has_sigma && !(p->sigma_J_per_mol > 0))
    return vt_fail_at(err, VT_ERANGE, ln, "%s:%ld: sigma = %g J/mol must be > 0", path, ln,
                      p->sigma_J_per_mol);
  return VT_OK;
}

int vt_read_dh_table(const char *path, vt_fit_data *data, vt_error *err) {
  return vt_read_dh_table_mass(path, NAN, data, err);
}

int vt_read_dh_table_mass(const char *path, double molar_mass, vt_fit_data *data, vt_error *err) {
  if (!path || !data) return vt_fail(err, VT_EINVAL, "vt_read_dh_table: NULL argument");
  vt_table_rows t;
  int rc = read_rows(path, molar_mass, &t, err);
  if (rc) return rc;
  if (t.present[DH_T2] != t.present[DH_t2]) {
    rc = vt_fail_at(err, VT_EPARSE, t.header_line,
                    "%s:%ld: the header has a %s column but no %s column: two-step rows need both",
                    path, t.header_line, t.present[DH_T2] ? "T2" : "t2",
                    t.present[DH_T2] ? "t2" : "T2");
    vt_table_rows_free(&t);
    return rc;
  }
  vt_dh_point *grown = realloc(data->dh, (data->n_dh + t.n) * sizeof *grown);
  if (!grown) rc = vt_fail(err, VT_ENOMEM, "%s: out of memory", path);
  if (grown) data->dh = grown; /* only the capacity changed: n_dh grows on success */
  for (size_t i = 0; !rc && i < t.n; i++) {
    const double *r = &t.v[i * DH_COLS];
    vt_dh_point *p = &data->dh[data->n_dh + i];
    *p = (vt_dh_point){r[DH_T1], r[DH_t1], r[DH_T2], r[DH_t2], r[DH_DH], r[DH_SIGMA], t.line[i]};
    rc = check_point(path, p, t.present[DH_SIGMA], err);
  }
  if (!rc) data->n_dh += t.n;
  vt_table_rows_free(&t);
  return rc;
}
