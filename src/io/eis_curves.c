/* Energy-landscape inputs: E_IS(t) annealing curves from CSV and from LAMMPS logs (for slope
 * mining), and tabulated spectra P(E_A|E_IS), P(E_R|E_IS) (for the pel model).
 *
 * CSV curves: '#' comments (a '# T = 700 K' comment before the header gives the temperature of
 * curves without a T column), one header whose names carry units ("time_ps", "t [ns]",
 * "E_IS_eV", "E_IS [eV/atom]", "T_K"), rows; blank and '#' lines may separate curves. Times in
 * s, ms, us, ns, ps, fs (ps and fs are the MD units the core's table lacks); energies in eV,
 * J/mol, kJ/mol, kcal/mol ("/atom" and "_per_atom" are accepted and dropped: E_IS is per atom).
 *
 * LAMMPS logs: thermo blocks start at a header line whose first word is "Step" and hold the
 * numeric rows that follow (WARNING lines inside a block are skipped); anything else ends the
 * block. The energy column is chosen by name, time = Step x timestep. Consecutive runs repeat
 * the boundary step: such a row is dropped when it also repeats the energy; otherwise it stays
 * and slope mining reports the duplicate time with its line. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/internal.h"
#include "text_file.h"
#include "vitrum/pel.h"

#define MAX_BYTES  ((size_t)512 << 20)
#define MAX_FIELDS 256
#define EV         VT_EV_J_PER_MOL

/* ---- Text helpers ---------------------------------------------------------------------------- */

typedef struct reader {
  char *text, *p, *end;
  long line;
  const char *path;
} reader;

static char *next_line(reader *r) {
  if (r->p >= r->end) return NULL;
  char *s = r->p, *nl = memchr(s, '\n', (size_t)(r->end - s)), *e = nl ? nl : r->end;
  r->p = nl ? nl + 1 : r->end;
  if (e > s && e[-1] == '\r') e--;
  *e = '\0';
  r->line++;
  return s;
}

static char *trim(char *s) {
  while (isspace((unsigned char)*s)) s++;
  size_t n = strlen(s);
  while (n && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
  return s;
}

/* Split at commas (vt_csv_split: more than cap fields are counted, not stored; a malformed
 * quote leaves none) or at white space when ws (at most cap). */
static size_t split(char *s, char **f, size_t cap, int ws) {
  size_t n = 0;
  if (!ws) {
    long got = vt_csv_split(s, 0, f, cap, NULL);
    return got < 0 ? 0 : (size_t)got;
  }
  while (n < cap) {
    while (isspace((unsigned char)*s)) s++;
    if (!*s) break;
    f[n++] = s;
    while (*s && !isspace((unsigned char)*s)) s++;
    if (!*s) break;
    *s++ = '\0';
  }
  return n;
}

static int number(const char *s, double *v) {
  char *end;
  if (!*s || strlen(s) > 63) return 0;
  *v = strtod(s, &end);
  return *end == '\0' && isfinite(*v);
}

static char *dup_text(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d) memcpy(d, s, n);
  return d;
}

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* ---- Units ----------------------------------------------------------------------------------- */

static int time_factor(const char *u, double *f) {
  double off;
  if (strcmp(u, "ps") == 0) return *f = 1e-12, 1;
  if (strcmp(u, "fs") == 0) return *f = 1e-15, 1;
  return vt_unit_lookup(VT_DIM_TIME, u, f, &off) && off == 0.0;
}

/* Energy units, per atom: "eV", "eV/atom", "eV_per_atom" (the suffix says what E_IS is anyway). */
static int energy_factor(const char *u, double *f) {
  char buf[64], *s;
  double off;
  snprintf(buf, sizeof buf, "%s", u);
  if ((s = strstr(buf, "/atom")) != NULL || (s = strstr(buf, "_per_atom")) != NULL) *s = '\0';
  return vt_unit_lookup(VT_DIM_MOLAR_ENERGY, buf, f, &off) && off == 0.0;
}

/* Split a column name "t [s]" / "time_s" / "E_IS_eV_per_atom" into base and unit (in place). */
static void split_name(char *name, char **base, char **unit, int (*known)(const char *)) {
  *base = name, *unit = NULL;
  char *lb = strchr(name, '[');
  size_t n = strlen(name);
  if (lb && n && name[n - 1] == ']') {
    name[n - 1] = '\0', *lb = '\0';
    *base = trim(name), *unit = trim(lb + 1);
    return;
  }
  if (known(name) >= 0) return;
  char *pa = strstr(name, "_per_atom");
  if (pa && pa[9] == '\0') *pa = '\0';
  char *us = strrchr(name, '_');
  if (us) *us = '\0', *unit = us + 1;
}

/* ---- E_IS sets ------------------------------------------------------------------------------- */

void vt_eis_set_free(vt_eis_set *s) {
  if (!s) return;
  for (size_t i = 0; i < s->n; i++) {
    free(s->curves[i].name);
    free(s->curves[i].time_s);
    free(s->curves[i].E_IS);
    free(s->curves[i].line);
    if (s->sources) free(s->sources[i]);
  }
  free(s->curves);
  free(s->sources);
  memset(s, 0, sizeof *s);
}

/* A new empty curve at the end of the set. */
static vt_eis_curve *add_curve(vt_eis_set *s, const char *name, const char *source, double T) {
  vt_eis_curve *c = realloc(s->curves, (s->n + 1) * sizeof *c);
  if (!c) return NULL;
  s->curves = c;
  char **src = realloc(s->sources, (s->n + 1) * sizeof *src);
  if (!src) return NULL;
  s->sources = src;
  c = &s->curves[s->n];
  memset(c, 0, sizeof *c);
  c->T_K = T;
  c->name = dup_text(name);
  src[s->n] = dup_text(source);
  s->n++;
  return c->name && src[s->n - 1] ? c : NULL;
}

static int add_point(vt_eis_curve *c, size_t *cap, double t, double E, long line) {
  if (VT_GROW(c->n + 1, cap, 256, VT_GROW_ITEM(c->time_s), VT_GROW_ITEM(c->E_IS),
              VT_GROW_ITEM(c->line)))
    return VT_ENOMEM;
  c->time_s[c->n] = t, c->E_IS[c->n] = E, c->line[c->n] = line;
  c->n++;
  return VT_OK;
}

/* ---- CSV curves ------------------------------------------------------------------------------ */

enum { C_TIME, C_E, C_T, C_CURVE, C_N };
static const char *const csv_role_names[C_N] = {"time", "E_IS", "temperature", "curve"};

static int csv_role(const char *base) {
  static const struct {
    const char *name;
    int role, exact;
  } names[] = {{"t", C_TIME, 1}, {"time", C_TIME, 0},     {"E_IS", C_E, 0},     {"EIS", C_E, 0},
               {"E", C_E, 1},    {"PotEng", C_E, 0},      {"energy", C_E, 0},   {"T", C_T, 1},
               {"Temp", C_T, 0}, {"temperature", C_T, 0}, {"curve", C_CURVE, 0}};
  for (size_t k = 0; k < sizeof names / sizeof *names; k++)
    if (names[k].exact ? strcmp(base, names[k].name) == 0 : strcasecmp(base, names[k].name) == 0)
      return names[k].role;
  return -1;
}

static int known_unitless(const char *name) {
  return strcasecmp(name, "curve") == 0 ? C_CURVE : -1;
}

typedef struct csv_cols {
  int at[C_N];
  double scale[C_N], offset[C_N];
  size_t n;
} csv_cols;

static int csv_header(reader *r, char *line, csv_cols *cc, vt_error *err) {
  char *f[MAX_FIELDS];
  cc->n = split(line, f, MAX_FIELDS, 0);
  if (cc->n > MAX_FIELDS)
    return vt_fail_at(err, VT_EPARSE, r->line, "%s:%ld: more than %d columns", r->path, r->line,
                      MAX_FIELDS);
  for (int k = 0; k < C_N; k++) cc->at[k] = -1, cc->scale[k] = 1.0, cc->offset[k] = 0.0;
  for (size_t i = 0; i < cc->n; i++) {
    char shown[80], *base, *unit;
    snprintf(shown, sizeof shown, "%s", f[i]);
    split_name(f[i], &base, &unit, known_unitless);
    int role = csv_role(base);
    if (role < 0) continue;
    if (cc->at[role] >= 0)
      return vt_fail_at(err, VT_EPARSE, r->line, "%s:%ld: two %s columns ('%s' is column %zu)",
                        r->path, r->line, csv_role_names[role], shown, i + 1);
    cc->at[role] = (int)i;
    if (role == C_CURVE) continue;
    int ok = unit && *unit &&
             (role == C_TIME ? time_factor(unit, &cc->scale[role])
              : role == C_E
                  ? energy_factor(unit, &cc->scale[role])
                  : vt_unit_lookup(VT_DIM_TEMPERATURE, unit, &cc->scale[role], &cc->offset[role]));
    if (!ok)
      return vt_fail_at(err, VT_EUNIT, r->line, "%s:%ld: column '%s' needs a %s unit, e.g. %s",
                        r->path, r->line, shown, csv_role_names[role],
                        role == C_TIME ? "time_ps or 't [ns]' (s, ms, us, ns, ps, fs)"
                        : role == C_E  ? "E_IS_eV or 'E_IS [eV/atom]' (eV, J/mol, kJ/mol)"
                                       : "T_K or 'T [C]'");
  }
  if (cc->at[C_TIME] < 0 || cc->at[C_E] < 0)
    return vt_fail_at(err, VT_EPARSE, r->line,
                      "%s:%ld: the header needs a time and an E_IS column with units, e.g. "
                      "'time_ps,E_IS_eV' or 't [ns],E_IS [eV],T [K]'",
                      r->path, r->line);
  return VT_OK;
}

/* "# T = 700 K" (also "temperature"): the temperature of curves without a T column. */
static int csv_comment_T(reader *r, const char *s, double *T, vt_error *err) {
  while (*s == '#' || isspace((unsigned char)*s)) s++;
  size_t k = strncasecmp(s, "temperature", 11) == 0 ? 11 : (s[0] == 'T' ? 1 : 0);
  const char *p = s + k;
  while (k && isspace((unsigned char)*p)) p++;
  if (!k || (*p != '=' && *p != ':')) return VT_OK;
  vt_error local;
  if (vt_parse_quantity(p + 1, VT_DIM_TEMPERATURE, T, &local))
    return vt_fail_at(err, VT_EUNIT, r->line, "%s:%ld: %s", r->path, r->line, local.message);
  return VT_OK;
}

typedef struct csv_state {
  vt_eis_curve *cur;
  size_t cap;
  char key[128];
  double T_row;
  size_t first; /* index of this file's first curve in the set */
} csv_state;

static int csv_row(reader *r, char *line, const csv_cols *cc, vt_eis_set *set, csv_state *st,
                   vt_error *err) {
  char *f[MAX_FIELDS];
  size_t n = split(line, f, MAX_FIELDS, 0);
  if (n != cc->n)
    return vt_fail_at(err, VT_EPARSE, r->line, "%s:%ld: %zu fields, the header has %zu", r->path,
                      r->line, n, cc->n);
  double v[C_N] = {NAN, NAN, NAN, NAN};
  for (int k = 0; k < C_CURVE; k++) {
    if (cc->at[k] < 0) continue;
    if (!number(f[cc->at[k]], &v[k]))
      return vt_fail_at(err, VT_EPARSE, r->line, "%s:%ld: column %d (%s): '%.40s' is not a number",
                        r->path, r->line, cc->at[k] + 1, csv_role_names[k], f[cc->at[k]]);
    v[k] = v[k] * cc->scale[k] + cc->offset[k];
    if (!isfinite(v[k]))
      return vt_fail_at(err, VT_ERANGE, r->line,
                        "%s:%ld: column %d (%s): '%.40s' is out of range: not finite once "
                        "converted to SI units",
                        r->path, r->line, cc->at[k] + 1, csv_role_names[k], f[cc->at[k]]);
  }
  const char *key = cc->at[C_CURVE] >= 0 ? f[cc->at[C_CURVE]] : "";
  if (strlen(key) >= sizeof st->key) /* a cut key would start a new curve on every row */
    return vt_fail_at(err, VT_EPARSE, r->line,
                      "%s:%ld: column %d (curve): a name of %zu characters, expected at most %zu",
                      r->path, r->line, cc->at[C_CURVE] + 1, strlen(key), sizeof st->key - 1);
  int same_T = st->cur && (cc->at[C_T] < 0 || v[C_T] == st->T_row);
  if (!st->cur || strcmp(key, st->key) != 0 || !same_T) {
    char name[160];
    if (*key)
      snprintf(name, sizeof name, "%s", key);
    else if (cc->at[C_T] >= 0)
      snprintf(name, sizeof name, "%s T=%g K", base_name(r->path), v[C_T]);
    else
      snprintf(name, sizeof name, "%s", base_name(r->path));
    st->cur = add_curve(set, name, r->path, v[C_T]);
    if (!st->cur) return vt_fail(err, VT_ENOMEM, "%s: out of memory", r->path);
    st->cap = 0;
    snprintf(st->key, sizeof st->key, "%s", key);
    st->T_row = v[C_T];
  }
  if (add_point(st->cur, &st->cap, v[C_TIME], v[C_E], r->line))
    return vt_fail(err, VT_ENOMEM, "%s: out of memory", r->path);
  return VT_OK;
}

static int csv_parse(reader *r, double T_default, vt_eis_set *set, vt_error *err) {
  csv_cols cc;
  csv_state st = {NULL, 0, "", NAN, set->n};
  double T_comment = NAN;
  int have_header = 0, rc;
  char *line;
  while ((line = next_line(r)) != NULL) {
    char *s = trim(line);
    if (*s == '\0') continue;
    if (*s == '#') {
      if (!have_header && (rc = csv_comment_T(r, s, &T_comment, err))) return rc;
      continue;
    }
    if (!have_header) {
      if ((rc = csv_header(r, s, &cc, err))) return rc;
      have_header = 1;
    } else if ((rc = csv_row(r, s, &cc, set, &st, err))) {
      return rc;
    }
  }
  if (!have_header)
    return vt_fail(err, VT_EPARSE, "%s: no header line: expected e.g. 'time_ps,E_IS_eV,T_K'",
                   r->path);
  if (set->n == st.first) return vt_fail(err, VT_EPARSE, "%s: no data rows", r->path);
  for (size_t i = st.first; i < set->n; i++) {
    vt_eis_curve *c = &set->curves[i];
    if (isnan(c->T_K)) c->T_K = isfinite(T_comment) ? T_comment : T_default;
    if (isnan(c->T_K))
      return vt_fail_at(err, VT_EINVAL, c->line[0],
                        "%s:%ld: curve '%s' has no temperature: add a T_K column, a '# T = 700 K' "
                        "line before the header, or give --T before the file",
                        r->path, c->line[0], c->name);
  }
  return VT_OK;
}

/* Read a whole file; on failure the set is left as it was. */
static int read_into(const char *path, vt_eis_set *set, vt_error *err,
                     int (*parse)(reader *, const void *, vt_eis_set *, vt_error *),
                     const void *opts) {
  reader r = {NULL, NULL, NULL, 0, path};
  size_t len, before = set->n;
  int rc = vt_read_text_file(path, MAX_BYTES, &r.text, &len, err);
  if (rc) return rc;
  r.p = r.text, r.end = r.text + len;
  if (len >= 3 && memcmp(r.text, "\xEF\xBB\xBF", 3) == 0) r.p += 3;
  rc = parse(&r, opts, set, err);
  free(r.text);
  for (size_t i = before; rc && i < set->n; i++) {
    free(set->curves[i].name);
    free(set->curves[i].time_s);
    free(set->curves[i].E_IS);
    free(set->curves[i].line);
    free(set->sources[i]);
  }
  if (rc) set->n = before;
  if (rc && before == 0) vt_eis_set_free(set); /* a failed first read leaves nothing behind */
  return rc;
}

static int csv_parse_cb(reader *r, const void *opts, vt_eis_set *set, vt_error *err) {
  return csv_parse(r, *(const double *)opts, set, err);
}

int vt_read_eis_csv(const char *path, double T_default_K, vt_eis_set *set, vt_error *err) {
  if (!path || !set) return vt_fail(err, VT_EINVAL, "vt_read_eis_csv: NULL argument");
  return read_into(path, set, err, csv_parse_cb, &T_default_K);
}

/* ---- LAMMPS logs ----------------------------------------------------------------------------- */

vt_lammps_options vt_lammps_options_default(void) {
  vt_lammps_options o;
  memset(&o, 0, sizeof o);
  o.energy_column = "PotEng";
  o.energy_unit_J_per_mol = EV;
  o.timestep_s = 1e-15;
  o.atoms = 0.0;
  o.T_K = NAN;
  o.T_column = NULL;
  return o;
}

/* "Loop time of 1.2 on 4 procs for 1000 steps with 2000 atoms": the atom count, else 0. */
static double loop_atoms(const char *s) {
  const char *w = strstr(s, " with ");
  double n;
  char tail[16];
  if (strncmp(s, "Loop time of", 12) != 0 || !w) return 0.0;
  if (sscanf(w, " with %lf %15s", &n, tail) == 2 && strcmp(tail, "atoms") == 0 && n > 0) return n;
  return 0.0;
}

typedef struct log_state {
  const vt_lammps_options *o;
  vt_eis_curve *c;
  size_t cap, ncol;
  int col_step, col_E, col_T;
  double T_sum, atoms;
  size_t T_count;
} log_state;

static int log_header(reader *r, char **f, size_t n, log_state *st, vt_error *err) {
  st->ncol = n;
  st->col_step = 0, st->col_E = st->col_T = -1;
  for (size_t i = 0; i < n; i++) {
    if (strcmp(f[i], st->o->energy_column) == 0) st->col_E = (int)i;
    if (st->o->T_column && strcmp(f[i], st->o->T_column) == 0) st->col_T = (int)i;
  }
  if (st->col_E < 0 || (isnan(st->o->T_K) && st->o->T_column && st->col_T < 0)) {
    char cols[256] = "";
    for (size_t i = 0; i < n; i++) {
      strncat(cols, i ? " " : "", sizeof cols - strlen(cols) - 1);
      strncat(cols, f[i], sizeof cols - strlen(cols) - 1);
    }
    const char *missing = st->col_E < 0 ? st->o->energy_column : st->o->T_column;
    return vt_fail_at(err, VT_EPARSE, r->line,
                      "%s:%ld: the thermo header has no column '%s' (it has: %s): choose the "
                      "E_IS column with --energy-column",
                      r->path, r->line, missing, cols);
  }
  return VT_OK;
}

static int log_row(reader *r, char **f, log_state *st, vt_error *err) {
  double step, E, T = NAN;
  if (!number(f[st->col_step], &step) || !number(f[st->col_E], &E) ||
      (st->col_T >= 0 && !number(f[st->col_T], &T)))
    return vt_fail_at(err, VT_EPARSE, r->line, "%s:%ld: not a number in a thermo row", r->path,
                      r->line);
  double t = step * st->o->timestep_s, e = E * st->o->energy_unit_J_per_mol;
  vt_eis_curve *c = st->c;
  if (c->n && c->time_s[c->n - 1] == t && fabs(c->E_IS[c->n - 1] - e) <= 1e-12 * fabs(e))
    return VT_OK; /* the first row of a continued run repeats the last one */
  if (st->col_T >= 0) st->T_sum += T, st->T_count++;
  return add_point(c, &st->cap, t, e, r->line) ? vt_fail(err, VT_ENOMEM, "out of memory") : 0;
}

static int log_parse(reader *r, const void *opts, vt_eis_set *set, vt_error *err) {
  const vt_lammps_options *o = opts;
  log_state st = {o, NULL, 0, 0, 0, -1, -1, 0.0, 0.0, 0};
  int in_block = 0, rc;
  char *line, *f[MAX_FIELDS];
  if (!(st.c = add_curve(set, base_name(r->path), r->path, o->T_K)))
    return vt_fail(err, VT_ENOMEM, "out of memory");
  while ((line = next_line(r)) != NULL) {
    char *s = trim(line);
    double a = loop_atoms(s);
    if (a > 0 && st.atoms == 0) st.atoms = a;
    if (in_block && strncmp(s, "WARNING", 7) == 0) continue;
    size_t n = split(s, f, MAX_FIELDS, 1);
    double x;
    if (n >= 2 && strcmp(f[0], "Step") == 0) {
      if ((rc = log_header(r, f, n, &st, err))) return rc;
      in_block = 1;
    } else if (in_block && n == st.ncol && number(f[0], &x)) {
      if ((rc = log_row(r, f, &st, err))) return rc;
    } else {
      in_block = 0;
    }
  }
  if (st.c->n == 0)
    return vt_fail(err, VT_EPARSE,
                   "%s: no thermo output: expected a header line starting with 'Step' followed "
                   "by numeric rows",
                   r->path);
  double div = o->atoms > 0 ? o->atoms : o->atoms < 0 ? st.atoms : 1.0;
  if (!(div > 0))
    return vt_fail(err, VT_EPARSE,
                   "%s: no 'Loop time ... with N atoms' line to take the atom count from: give "
                   "the count (--atoms N)",
                   r->path);
  for (size_t i = 0; i < st.c->n; i++) {
    st.c->E_IS[i] /= div;
    if (!isfinite(st.c->time_s[i]))
      return vt_fail_at(err, VT_ERANGE, st.c->line[i],
                        "%s:%ld: Step x timestep is out of range: not finite in s", r->path,
                        st.c->line[i]);
    if (!isfinite(st.c->E_IS[i]))
      return vt_fail_at(err, VT_ERANGE, st.c->line[i],
                        "%s:%ld: %s is out of range: not finite in J/mol per atom", r->path,
                        st.c->line[i], o->energy_column);
  }
  if (isnan(st.c->T_K) && st.T_count) {
    st.c->T_K = st.T_sum / (double)st.T_count;
    if (!isfinite(st.c->T_K))
      return vt_fail(err, VT_ERANGE, "%s: the mean of the thermo column '%s' is not finite",
                     r->path, o->T_column);
  }
  if (isnan(st.c->T_K))
    return vt_fail(err, VT_EINVAL,
                   "%s: no temperature for the curve: give it (--T before the file) or name the "
                   "thermo column to average (--T-column Temp)",
                   r->path);
  return VT_OK;
}

int vt_read_eis_lammps(const char *path, const vt_lammps_options *opts, vt_eis_set *set,
                       vt_error *err) {
  vt_lammps_options o = opts ? *opts : vt_lammps_options_default();
  if (!path || !set) return vt_fail(err, VT_EINVAL, "vt_read_eis_lammps: NULL argument");
  if (!o.energy_column || !*o.energy_column || !(o.timestep_s > 0) || !isfinite(o.timestep_s) ||
      !(o.energy_unit_J_per_mol > 0) || !isfinite(o.atoms))
    return vt_fail(err, VT_EINVAL,
                   "LAMMPS log options: need an energy column, a timestep > 0 and an energy "
                   "unit > 0");
  return read_into(path, set, err, log_parse, &o);
}

/* ---- Spectrum tables ------------------------------------------------------------------------- */

enum { S_EIS, S_E, S_PA, S_PR, S_N };
static const char *const tab_names[S_N] = {"E_IS", "E", "P_A", "P_R"};

static int tab_role(const char *base) {
  for (int k = 0; k < S_N; k++)
    if (strcmp(base, tab_names[k]) == 0) return k;
  return -1;
}

static int tab_unitless(const char *name) {
  return strcmp(name, "P_A") == 0 ? S_PA : strcmp(name, "P_R") == 0 ? S_PR : -1;
}

typedef struct tab_build {
  vt_pel_table *t;
  size_t rows, cap, bins_cap;
} tab_build;

static int tab_new_bin(tab_build *b, double E_IS) {
  vt_pel_table *t = b->t;
  if (VT_GROW(t->n_bins + 2, &b->bins_cap, 16, VT_GROW_ITEM(t->E_IS), VT_GROW_ITEM(t->row0)))
    return VT_ENOMEM;
  t->E_IS[t->n_bins] = E_IS;
  t->row0[t->n_bins] = b->rows;
  t->n_bins++;
  t->row0[t->n_bins] = b->rows;
  return VT_OK;
}

static int tab_header(reader *r, char *line, int at[S_N], double sc[S_N], size_t *ncol,
                      vt_error *err) {
  char *f[MAX_FIELDS];
  *ncol = split(line, f, MAX_FIELDS, 0);
  if (*ncol > MAX_FIELDS)
    return vt_fail_at(err, VT_EPARSE, r->line, "%s:%ld: more than %d columns", r->path, r->line,
                      MAX_FIELDS);
  for (int k = 0; k < S_N; k++) at[k] = -1, sc[k] = 1.0;
  for (size_t i = 0; i < *ncol; i++) {
    char shown[80], *base, *unit;
    snprintf(shown, sizeof shown, "%s", f[i]);
    split_name(f[i], &base, &unit, tab_unitless);
    int k = tab_role(base);
    if (k < 0) continue;
    at[k] = (int)i;
    if (k <= S_E && !(unit && energy_factor(unit, &sc[k])))
      return vt_fail_at(err, VT_EUNIT, r->line,
                        "%s:%ld: column '%s' needs an energy unit, e.g. %s_eV", r->path, r->line,
                        shown, tab_names[k]);
  }
  for (int k = 0; k < S_N; k++)
    if (at[k] < 0)
      return vt_fail_at(err, VT_EPARSE, r->line,
                        "%s:%ld: the header needs columns E_IS_<unit>, E_<unit>, P_A and P_R "
                        "(e.g. 'E_IS_eV,E_eV,P_A,P_R'); '%s' is missing",
                        r->path, r->line, tab_names[k]);
  return VT_OK;
}

static int tab_row(reader *r, char *line, const int at[S_N], const double sc[S_N], size_t ncol,
                   tab_build *b, vt_error *err) {
  char *f[MAX_FIELDS];
  double v[S_N];
  if (split(line, f, MAX_FIELDS, 0) != ncol)
    return vt_fail_at(err, VT_EPARSE, r->line, "%s:%ld: expected %zu fields as in the header",
                      r->path, r->line, ncol);
  for (int k = 0; k < S_N; k++) {
    if (!number(f[at[k]], &v[k]))
      return vt_fail_at(err, VT_EPARSE, r->line, "%s:%ld: '%.40s' is not a finite number", r->path,
                        r->line, f[at[k]]);
    v[k] *= sc[k];
  }
  vt_pel_table *t = b->t;
  if (t->n_bins == 0 || v[S_EIS] != t->E_IS[t->n_bins - 1]) {
    if (t->n_bins && !(v[S_EIS] > t->E_IS[t->n_bins - 1]))
      return vt_fail_at(err, VT_EPARSE, r->line,
                        "%s:%ld: E_IS %.6g eV after %.6g eV: the bins must come in increasing "
                        "E_IS, each bin's rows together",
                        r->path, r->line, v[S_EIS] / EV, t->E_IS[t->n_bins - 1] / EV);
    if (tab_new_bin(b, v[S_EIS])) return vt_fail(err, VT_ENOMEM, "out of memory");
  }
  if (VT_GROW(b->rows + 1, &b->cap, 256, VT_GROW_ITEM(b->t->E), VT_GROW_ITEM(b->t->P_A),
              VT_GROW_ITEM(b->t->P_R)))
    return vt_fail(err, VT_ENOMEM, "out of memory");
  t->E[b->rows] = v[S_E], t->P_A[b->rows] = v[S_PA], t->P_R[b->rows] = v[S_PR];
  b->rows++;
  t->row0[t->n_bins] = b->rows;
  return VT_OK;
}

int vt_read_pel_table(const char *path, vt_pel_table *out, vt_error *err) {
  if (!out) return vt_fail(err, VT_EINVAL, "vt_read_pel_table: NULL table");
  memset(out, 0, sizeof *out);
  if (!path) return vt_fail(err, VT_EINVAL, "vt_read_pel_table: NULL path");
  reader r = {NULL, NULL, NULL, 0, path};
  size_t len, ncol = 0;
  int rc = vt_read_text_file(path, MAX_BYTES, &r.text, &len, err), at[S_N], header = 0;
  double sc[S_N];
  if (rc) return rc;
  r.p = r.text, r.end = r.text + len;
  tab_build b = {out, 0, 0, 0};
  char *line;
  while (!rc && (line = next_line(&r)) != NULL) {
    char *s = trim(line);
    if (*s == '\0' || *s == '#') continue;
    rc = header ? tab_row(&r, s, at, sc, ncol, &b, err) : tab_header(&r, s, at, sc, &ncol, err);
    header = 1;
  }
  free(r.text);
  if (!rc && out->n_bins == 0) rc = vt_fail(err, VT_EPARSE, "%s: no table rows", path);
  if (rc) vt_pel_table_free(out);
  return rc;
}

int vt_pel_load_table(vt_model *pel, const char *path, vt_error *err) {
  if (!pel || !path) return vt_fail(err, VT_EINVAL, "vt_pel_load_table: NULL model or path");
  vt_pel_table t;
  int rc = vt_read_pel_table(path, &t, err);
  if (!rc) rc = vt_pel_set_table(pel, &t, err);
  vt_pel_table_free(&t);
  return rc;
}

int vt_read_eis(const char *path, vt_eis_format format, double T_K, const vt_lammps_options *lammps,
                vt_eis_set *set, vt_error *err) {
  if (!path || !set) return vt_fail(err, VT_EINVAL, "vt_read_eis: NULL path or set");
  const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  size_t n = strlen(base);
  int log = (n > 4 && strcmp(base + n - 4, ".log") == 0) || strncmp(base, "log.", 4) == 0;
  if (format == VT_EIS_CSV || (format == VT_EIS_AUTO && !log))
    return vt_read_eis_csv(path, T_K, set, err);
  vt_lammps_options o = lammps ? *lammps : vt_lammps_options_default();
  o.T_K = T_K;
  return vt_read_eis_lammps(path, &o, set, err);
}
