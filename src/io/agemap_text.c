/* The options of the ageing map whose text is not a quantity of the unit system (pel.h): the
 * LAMMPS energy unit by name, the atom count or "log", the asinh scale in eV/s. `vitrum agemap`
 * and vitrum.pel read them here, so each is parsed once. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "vitrum/pel.h"

/* A number >= lo, optionally followed by `unit` (NULL: none taken). */
static int number(const char *name, const char *text, const char *unit, double lo, double *out,
                  vt_error *err) {
  char *end;
  double x = strtod(text, &end);
  while (*end == ' ') end++;
  if (unit && strcmp(end, unit) == 0) end += strlen(unit);
  if (end == text || *end || !(x >= lo) || !isfinite(x))
    return vt_fail(err, VT_EPARSE, "%s '%s': expected a number >= %g", name, text, lo);
  *out = x;
  return VT_OK;
}

int vt_lammps_option_set_text(vt_lammps_options *o, const char *row, const char *name,
                              const char *text, vt_error *err) {
  if (!o || !row || !text) return vt_fail(err, VT_EINVAL, "vt_lammps_option_set_text: NULL");
  name = name ? name : row;
  double factor, offset;
  if (strcmp(row, "energy_unit") == 0) {
    if (!vt_unit_lookup(VT_DIM_MOLAR_ENERGY, text, &factor, &offset))
      return vt_fail(err, VT_EUNIT, "%s '%s': expected eV, J/mol, kJ/mol or kcal/mol", name, text);
    o->energy_unit_J_per_mol = factor;
    return VT_OK;
  }
  if (strcmp(row, "atoms") == 0) {
    if (strcmp(text, "log") == 0) return o->atoms = -1.0, VT_OK;
    return number(name, text, NULL, 1.0, &o->atoms, err);
  }
  size_t n;
  const vt_option *rows = vt_lammps_option_table(&n);
  const vt_option *r = vt_option_find(rows, n, row);
  if (!r) return vt_fail(err, VT_ENOTFOUND, "no LAMMPS option '%s'", row);
  return vt_option_set_text(r, o, name, text, err);
}

int vt_agemap_option_set_text(vt_agemap_options *o, const char *row, const char *name,
                              const char *text, vt_error *err) {
  if (!o || !row || !text) return vt_fail(err, VT_EINVAL, "vt_agemap_option_set_text: NULL");
  name = name ? name : row;
  if (strcmp(row, "asinh_scale") == 0) {
    double x = 0.0;
    int rc = number(name, text, "eV/s", 0.0, &x, err);
    if (!rc) o->asinh_scale = x * VT_EV_J_PER_MOL;
    return rc;
  }
  size_t n;
  const vt_option *rows = vt_agemap_option_table(&n);
  const vt_option *r = vt_option_find(rows, n, row);
  if (!r) return vt_fail(err, VT_ENOTFOUND, "no agemap option '%s'", row);
  return vt_option_set_text(r, o, name, text, err);
}
