/* Quantities with units: "164 kJ/mol" -> 164000 J/mol. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct unit_def {
  vt_dim dim;
  const char *name; /* normalised spelling: no spaces, '*', '.', parentheses or degree signs */
  double factor;    /* SI = value * factor + offset */
  double offset;
} unit_def;

static const unit_def units[] = {
    {VT_DIM_TEMPERATURE, "K", 1.0, 0.0},
    {VT_DIM_TEMPERATURE, "C", 1.0, VT_ZERO_CELSIUS_K},
    {VT_DIM_TEMPERATURE, "degC", 1.0, VT_ZERO_CELSIUS_K},
    {VT_DIM_TEMPERATURE_STEP, "K", 1.0, 0.0},
    {VT_DIM_TEMPERATURE_STEP, "C", 1.0, 0.0},
    {VT_DIM_TEMPERATURE_STEP, "degC", 1.0, 0.0},
    {VT_DIM_TIME, "s", 1.0, 0.0},
    {VT_DIM_TIME, "ms", 1e-3, 0.0},
    {VT_DIM_TIME, "us", 1e-6, 0.0},
    {VT_DIM_TIME, "ns", 1e-9, 0.0},
    {VT_DIM_TIME, "ps", 1e-12, 0.0},
    {VT_DIM_TIME, "fs", 1e-15, 0.0},
    {VT_DIM_TIME, "min", 60.0, 0.0},
    {VT_DIM_TIME, "h", 3600.0, 0.0},
    {VT_DIM_RATE, "K/s", 1.0, 0.0},
    {VT_DIM_RATE, "C/s", 1.0, 0.0},
    {VT_DIM_RATE, "K/min", 1.0 / 60.0, 0.0},
    {VT_DIM_RATE, "C/min", 1.0 / 60.0, 0.0},
    {VT_DIM_RATE, "K/ms", 1e3, 0.0},
    {VT_DIM_RATE, "K/ps", 1e12, 0.0},
    {VT_DIM_MOLAR_ENERGY, "J/mol", 1.0, 0.0},
    {VT_DIM_MOLAR_ENERGY, "kJ/mol", 1e3, 0.0},
    {VT_DIM_MOLAR_ENERGY, "kcal/mol", 1e3 * VT_CALORIE_J, 0.0},
    {VT_DIM_MOLAR_ENERGY, "eV", VT_EV_J_PER_MOL, 0.0},
    {VT_DIM_MOLAR_HEAT_CAPACITY, "J/molK", 1.0, 0.0},
    {VT_DIM_MOLAR_HEAT_CAPACITY, "J/mol/K", 1.0, 0.0},
    {VT_DIM_MOLAR_HEAT_CAPACITY, "J/Kmol", 1.0, 0.0},
    {VT_DIM_MOLAR_HEAT_CAPACITY, "kJ/molK", 1e3, 0.0},
    {VT_DIM_MOLAR_HEAT_CAPACITY, "kJ/mol/K", 1e3, 0.0},
    {VT_DIM_MASS, "kg", 1.0, 0.0},
    {VT_DIM_MASS, "g", 1e-3, 0.0},
    {VT_DIM_MASS, "mg", 1e-6, 0.0},
    {VT_DIM_MASS, "ug", 1e-9, 0.0},
    {VT_DIM_MASS, "ng", 1e-12, 0.0},
    {VT_DIM_MOLAR_MASS, "g/mol", 1e-3, 0.0},
    {VT_DIM_MOLAR_MASS, "kg/mol", 1.0, 0.0},
    {VT_DIM_ENERGY, "J", 1.0, 0.0},
    {VT_DIM_ENERGY, "mJ", 1e-3, 0.0},
    {VT_DIM_ENERGY, "uJ", 1e-6, 0.0},
    {VT_DIM_ENERGY, "nJ", 1e-9, 0.0},
    {VT_DIM_SPECIFIC_ENERGY, "J/g", 1e3, 0.0},
    {VT_DIM_SPECIFIC_ENERGY, "J/kg", 1.0, 0.0},
    {VT_DIM_SPECIFIC_ENERGY, "kJ/kg", 1e3, 0.0},
    {VT_DIM_POWER, "W", 1.0, 0.0},
    {VT_DIM_POWER, "mW", 1e-3, 0.0},
    {VT_DIM_POWER, "uW", 1e-6, 0.0},
    {VT_DIM_STRAIN, "%", 1e-2, 0.0},
    {VT_DIM_STRAIN, "pct", 1e-2, 0.0},
    {VT_DIM_STRAIN, "percent", 1e-2, 0.0},
    {VT_DIM_STRAIN, "1", 1.0, 0.0},
    {VT_DIM_STRAIN_RATE, "%/s", 1e-2, 0.0},
    {VT_DIM_STRAIN_RATE, "%/min", 1e-2 / 60.0, 0.0},
    {VT_DIM_STRAIN_RATE, "%/h", 1e-2 / 3600.0, 0.0},
    {VT_DIM_STRAIN_RATE, "pct/s", 1e-2, 0.0},
    {VT_DIM_STRAIN_RATE, "pct/min", 1e-2 / 60.0, 0.0},
    {VT_DIM_STRAIN_RATE, "1/s", 1.0, 0.0},
    {VT_DIM_STRAIN_RATE, "/s", 1.0, 0.0},
    {VT_DIM_STRAIN_RATE, "1/min", 1.0 / 60.0, 0.0},
    {VT_DIM_STRAIN_RATE, "/min", 1.0 / 60.0, 0.0},
    {VT_DIM_STRESS, "Pa", 1.0, 0.0},
    {VT_DIM_STRESS, "kPa", 1e3, 0.0},
    {VT_DIM_STRESS, "MPa", 1e6, 0.0},
    {VT_DIM_STRESS, "GPa", 1e9, 0.0},
    {VT_DIM_STRESS, "N/mm2", 1e6, 0.0},
    {VT_DIM_STRESS, "N/mm^2", 1e6, 0.0},
    {VT_DIM_FREQUENCY, "Hz", 1.0, 0.0},
    {VT_DIM_FREQUENCY, "mHz", 1e-3, 0.0},
    {VT_DIM_FREQUENCY, "kHz", 1e3, 0.0},
    {VT_DIM_FREQUENCY, "MHz", 1e6, 0.0},
    {VT_DIM_FREQUENCY, "rad/s", 1.0 / (2.0 * 3.14159265358979323846), 0.0},
    {VT_DIM_LENGTH, "m", 1.0, 0.0},
    {VT_DIM_LENGTH, "mm", 1e-3, 0.0},
    {VT_DIM_LENGTH, "um", 1e-6, 0.0},
    {VT_DIM_LENGTH, "nm", 1e-9, 0.0},
    {VT_DIM_LENGTH, "A", 1e-10, 0.0},
    {VT_DIM_LENGTH, "pm", 1e-12, 0.0},
    {VT_DIM_INVERSE_LENGTH, "1/m", 1.0, 0.0},
    {VT_DIM_INVERSE_LENGTH, "1/nm", 1e9, 0.0},
    {VT_DIM_INVERSE_LENGTH, "nm^-1", 1e9, 0.0},
    {VT_DIM_INVERSE_LENGTH, "1/A", 1e10, 0.0},
    {VT_DIM_INVERSE_LENGTH, "A^-1", 1e10, 0.0},
    {VT_DIM_INVERSE_LENGTH, "inv_A", 1e10, 0.0},
    {VT_DIM_PHOTON_ENERGY, "eV", VT_EV_J, 0.0},
    {VT_DIM_PHOTON_ENERGY, "keV", 1e3 * VT_EV_J, 0.0},
    {VT_DIM_PHOTON_ENERGY, "MeV", 1e6 * VT_EV_J, 0.0},
};
#define N_UNITS (sizeof units / sizeof units[0])

static const char *const dim_names[VT_DIM_COUNT] = {"dimensionless number",
                                                    "temperature",
                                                    "temperature difference",
                                                    "time",
                                                    "rate",
                                                    "molar energy",
                                                    "molar heat capacity",
                                                    "mass",
                                                    "molar mass",
                                                    "energy",
                                                    "specific energy",
                                                    "power",
                                                    "strain",
                                                    "strain rate",
                                                    "stress",
                                                    "frequency",
                                                    "length",
                                                    "inverse length",
                                                    "photon energy"};
static const char *const dim_units[VT_DIM_COUNT] = {"no unit",
                                                    "K or C",
                                                    "K or C",
                                                    "s, ms, us, ns, ps, fs, min, h",
                                                    "K/s, K/min, C/s, C/min, K/ms, K/ps",
                                                    "J/mol, kJ/mol, kcal/mol, eV",
                                                    "J/(mol K), kJ/(mol K)",
                                                    "kg, g, mg, ug, ng",
                                                    "g/mol, kg/mol",
                                                    "J, mJ, uJ, nJ",
                                                    "J/g, J/kg, kJ/kg",
                                                    "W, mW, uW",
                                                    "%, or 1 for a plain fraction",
                                                    "%/s, %/min, 1/s, 1/min",
                                                    "Pa, kPa, MPa, GPa",
                                                    "Hz, mHz, kHz, MHz, rad/s",
                                                    "m, mm, um, nm, A, pm",
                                                    "1/m, 1/nm, 1/A",
                                                    "eV, keV, MeV"};

/* The unit vitrum prints each dimension in: SI, except where SI is not what anyone writes. */
static const char *const dim_unit[VT_DIM_COUNT] = {
    "", "K", "K", "s", "K/s", "J/mol", "J/(mol K)", "kg", "g/mol", "J", "J/g", "W", "", "1/s",
    "Pa", "Hz", "m", "1/m", "keV"};

const char *vt_dim_unit(vt_dim dim) {
  return (dim >= 0 && dim < VT_DIM_COUNT) ? dim_unit[dim] : "";
}

const char *vt_dim_name(vt_dim dim) {
  return (dim >= 0 && dim < VT_DIM_COUNT) ? dim_names[dim] : "unknown dimension";
}

const char *vt_dim_units(vt_dim dim) {
  return (dim >= 0 && dim < VT_DIM_COUNT) ? dim_units[dim] : "";
}

/* Drop '*', the middle dot, parentheses and degree signs (UTF-8 or Latin-1), spaces inside
 * parentheses, around '/' and at the ends, and map the micro sign to 'u', so "J/(mol K)",
 * "J/mol*K" and "°C" compare as stored above. Other spaces stay, so "50 m s" is no unit. */
static void normalise_unit(const char *in, char *out, size_t size) {
  size_t j = 0;
  int depth = 0;
  const unsigned char *s = (const unsigned char *)in;
  while (isspace(*s)) s++;
  for (size_t i = 0; s[i] && j + 1 < size; i++) {
    unsigned char c = s[i];
    if (c == '(' || c == ')') {
      depth += c == '(' ? 1 : -1;
      continue;
    }
    if (isspace(c)) {
      size_t k = i;
      while (isspace(s[k])) k++;
      int drop = depth > 0 || s[k] == '\0' || s[k] == '/' || s[k] == '(' || s[k] == '*' ||
                 (j > 0 && (out[j - 1] == '/' || out[j - 1] == '*'));
      if (!drop) out[j++] = ' ';
      i = k - 1;
      continue;
    }
    if (c == '*') continue;
    if (c == 0xC2 && (s[i + 1] == 0xB0 || s[i + 1] == 0xB7)) { /* UTF-8 degree, middle dot */
      i++;
      continue;
    }
    if (c == 0xB0 || c == 0xB7) continue; /* Latin-1 degree sign, middle dot */
    if ((c == 0xC2 && s[i + 1] == 0xB5) || (c == 0xCE && s[i + 1] == 0xBC)) { /* micro, mu */
      out[j++] = 'u';
      i++;
      continue;
    }
    if ((c == 0xC3 && s[i + 1] == 0x85) || (c == 0xE2 && s[i + 1] == 0x84 && s[i + 2] == 0xAB)) {
      out[j++] = 'A'; /* the Angstrom sign, as a letter or as U+212B */
      i += c == 0xC3 ? 1 : 2;
      continue;
    }
    if (c == 0xB5) c = 'u';
    if (c == 0xC5) c = 'A'; /* Latin-1 Angstrom */
    out[j++] = (char)c;
  }
  out[j] = '\0';
}

static const unit_def *find_unit(vt_dim dim, const char *norm) {
  for (size_t i = 0; i < N_UNITS; i++)
    if (units[i].dim == dim && strcmp(units[i].name, norm) == 0) return &units[i];
  return NULL;
}

static const unit_def *find_any_unit(const char *norm) {
  for (size_t i = 0; i < N_UNITS; i++)
    if (strcmp(units[i].name, norm) == 0) return &units[i];
  return NULL;
}

int vt_parse_quantity(const char *text, vt_dim dim, double *value_si, vt_error *err) {
  if (!text || !value_si || dim < 0 || dim >= VT_DIM_COUNT)
    return vt_fail(err, VT_EINVAL, "vt_parse_quantity: NULL text or output");
  const char *p = text;
  while (isspace((unsigned char)*p)) p++;
  if (*p == '\0') return vt_fail(err, VT_EPARSE, "empty value: expected a %s", dim_names[dim]);
  char *end = NULL;
  errno = 0;
  double v = strtod(p, &end);
  if (end == p)
    return vt_fail(err, VT_EPARSE, "'%s' does not start with a number: expected a %s (%s)", text,
                   dim_names[dim], dim_units[dim]);
  if (!isfinite(v) || (errno == ERANGE && fabs(v) > 1.0)) /* overflow; underflow is ~0 */
    return vt_fail(err, VT_ERANGE, "'%s' is not a finite number: expected a %s", text,
                   dim_names[dim]);
  char norm[64];
  normalise_unit(end, norm, sizeof norm);
  if (dim == VT_DIM_NONE) {
    if (norm[0] != '\0' && strcmp(norm, "1") != 0)
      return vt_fail(err, VT_EUNIT, "'%s' carries a unit but the value is a dimensionless number",
                     text);
    *value_si = v;
    return VT_OK;
  }
  if (norm[0] == '\0')
    return vt_fail(err, VT_EUNIT, "missing unit in '%s': expected a %s in %s", text, dim_names[dim],
                   dim_units[dim]);
  const unit_def *u = find_unit(dim, norm);
  if (!u) {
    const unit_def *other = find_any_unit(norm);
    if (other)
      return vt_fail(err, VT_EUNIT, "wrong unit in '%s': %s is a %s, expected a %s in %s", text,
                     other->name, dim_names[other->dim], dim_names[dim], dim_units[dim]);
    return vt_fail(err, VT_EUNIT, "unknown unit in '%s': expected a %s in %s", text, dim_names[dim],
                   dim_units[dim]);
  }
  *value_si = v * u->factor + u->offset;
  return VT_OK;
}

int vt_unit_lookup(vt_dim dim, const char *unit, double *factor, double *offset) {
  char norm[64];
  normalise_unit(unit ? unit : "", norm, sizeof norm);
  const unit_def *u = find_unit(dim, norm);
  if (!u) return 0;
  *factor = u->factor;
  *offset = u->offset;
  return 1;
}

double vt_from_si(double value_si, vt_dim dim, const char *unit) {
  char norm[64];
  if (dim == VT_DIM_NONE) return value_si;
  normalise_unit(unit ? unit : "", norm, sizeof norm);
  const unit_def *u = find_unit(dim, norm);
  if (!u) return NAN;
  return (value_si - u->offset) / u->factor;
}
