/* What an MD run needs checked before LAMMPS sees it: LAMMPS (as Debian builds it) has no C++
 * exceptions, so any error inside it ends the process. Compositions, potential files, MD units
 * (ps, fs, K/ps) and the defaults of the options live here. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md_internal.h"

vt_md_min_options vt_md_min_default(void) {
  /* Steepest descent as paper 003 (Appendix A1); tolerances tight enough that E_IS is converged
   * far below the 1e-6 eV/atom the independent check asks for. */
  return (vt_md_min_options){"sd", 1e-12, 1e-8, 20000, 100000};
}

vt_md_quench_options vt_md_quench_default(void) {
  vt_md_quench_options o;
  memset(&o, 0, sizeof o);
  o.composition = "Zr44Cu56";
  o.atoms = 2000;
  o.potential = VT_MD_DEFAULT_POTENTIAL;
  o.seed = 1;
  o.timestep_s = 1e-15;
  o.T_melt_K = 2000.0;
  o.melt_s = 1e-9;
  o.rate_K_per_s = 1e13; /* 10 K/ps */
  o.T_end_K = 1.0;
  o.checkpoint_s = 1e-10;
  return o;
}

vt_md_anneal_options vt_md_anneal_default(void) {
  vt_md_anneal_options o;
  memset(&o, 0, sizeof o);
  o.T_K = 700.0;
  o.time_s = 1e-8;
  o.every_s = 50e-12;
  o.seed = 1;
  o.timestep_s = 1e-15;
  o.sample = 1;
  o.min = vt_md_min_default();
  return o;
}

/* ---- Units the core table lacks: ps, fs and K/ps, K/ns, K/fs -------------------------------- */

int md_quantity(const char *text, vt_dim dim, double *si, vt_error *err) {
  static const struct {
    vt_dim dim;
    const char *unit;
    double f;
  } md[] = {{VT_DIM_TIME, "ps", 1e-12},
            {VT_DIM_TIME, "fs", 1e-15},
            {VT_DIM_RATE, "K/ps", 1e12},
            {VT_DIM_RATE, "K/ns", 1e9},
            {VT_DIM_RATE, "K/fs", 1e15}};
  char *end;
  double v = strtod(text, &end);
  while (isspace((unsigned char)*end)) end++;
  size_t n = strlen(end);
  while (n && isspace((unsigned char)end[n - 1])) n--;
  for (size_t k = 0; end != text && k < sizeof md / sizeof *md; k++)
    if (md[k].dim == dim && n == strlen(md[k].unit) && strncmp(end, md[k].unit, n) == 0) {
      if (!isfinite(v)) return vt_fail(err, VT_EPARSE, "'%s' is not a finite number", text);
      return *si = v * md[k].f, VT_OK;
    }
  vt_error local;
  if (vt_parse_quantity(text, dim, si, &local) == VT_OK) return VT_OK;
  if (dim == VT_DIM_TIME || dim == VT_DIM_RATE)
    return vt_fail(err, local.status, "%s (MD units: %s)", local.message,
                   dim == VT_DIM_TIME ? "fs, ps, ns" : "K/ps, K/ns");
  return vt_fail(err, local.status, "%s", local.message);
}

int vt_md_parse_quantity(const char *text, vt_dim dim, double *si, vt_error *err) {
  if (!text || !si) return vt_fail(err, VT_EINVAL, "vt_md_parse_quantity: NULL argument");
  return md_quantity(text, dim, si, err);
}

int md_check_seed(long seed, vt_error *err) {
  if (seed < 1 || seed > 900000000L)
    return vt_fail(err, VT_ERANGE, "seed %ld: expected 1 to 900000000", seed);
  return VT_OK;
}

/* ---- Compositions: "Zr44Cu56", "Cu50Zr50", "Cu0.64Zr0.36", "Cu" ----------------------------- */

int md_parse_composition(const char *text, md_composition *c, vt_error *err) {
  memset(c, 0, sizeof *c);
  const char *p = text ? text : "";
  double sum = 0.0;
  while (*p) {
    if (c->n == MD_MAX_ELEMENTS)
      return vt_fail(err, VT_EPARSE, "composition '%s': more than %d elements", text,
                     MD_MAX_ELEMENTS);
    if (!isupper((unsigned char)*p))
      return vt_fail(err, VT_EPARSE,
                     "composition '%s': expected an element symbol (as Zr, Cu) at '%s', e.g. "
                     "Zr44Cu56",
                     text, p);
    size_t k = 0;
    char *sym = c->element[c->n];
    sym[k++] = *p++;
    while (islower((unsigned char)*p) && k < 3) sym[k++] = *p++;
    sym[k] = '\0';
    char *end;
    double f = strtod(p, &end);
    if (end == p) f = 1.0; /* "Cu" alone: one part */
    if (!(f > 0) || !isfinite(f))
      return vt_fail(err, VT_EPARSE, "composition '%s': the amount of %s must be > 0", text, sym);
    for (size_t i = 0; i < c->n; i++)
      if (strcmp(c->element[i], sym) == 0)
        return vt_fail(err, VT_EPARSE, "composition '%s': %s appears twice", text, sym);
    c->fraction[c->n++] = f, sum += f, p = end;
  }
  if (c->n == 0) return vt_fail(err, VT_EPARSE, "empty composition: expected e.g. Zr44Cu56");
  for (size_t i = 0; i < c->n; i++) c->fraction[i] /= sum;
  return VT_OK;
}

/* Atom counts: rounded, the remainder to the largest fractions, so they add up to `atoms`. */
static void atom_counts(md_composition *c, long atoms) {
  long total = 0;
  for (size_t i = 0; i < c->n; i++) total += c->count[i] = lround(c->fraction[i] * atoms);
  while (total != atoms) {
    size_t best = 0;
    for (size_t i = 1; i < c->n; i++)
      if (c->fraction[i] > c->fraction[best]) best = i;
    c->count[best] += total < atoms ? 1 : -1;
    total += total < atoms ? 1 : -1;
  }
}

/* The elements of an EAM/FS (setfl) file: line 4 is "N El1 El2 ...". */
static int potential_elements(const char *path, char names[][4], size_t *n, vt_error *err) {
  FILE *f = fopen(path, "r");
  if (!f) return vt_fail(err, VT_EIO, "potential file %s: cannot open: %s", path, strerror(errno));
  char line[1024] = "";
  for (int k = 0; k < 4; k++)
    if (!fgets(line, sizeof line, f)) line[0] = '\0';
  fclose(f);
  char *save = NULL, *tok = strtok_r(line, " \t\r\n", &save), *end;
  long count = tok ? strtol(tok, &end, 10) : 0;
  if (!tok || *end || count < 1 || count > 16)
    return vt_fail(err, VT_EPARSE,
                   "potential file %s:4: expected 'N El1 El2 ...' (an EAM/FS setfl file, as "
                   "CuZr_mm.eam.fs)",
                   path);
  *n = 0;
  while ((tok = strtok_r(NULL, " \t\r\n", &save)) != NULL && *n < (size_t)count)
    snprintf(names[(*n)++], 4, "%.3s", tok);
  if (*n != (size_t)count)
    return vt_fail(err, VT_EPARSE, "potential file %s:4: announces %ld elements, names %zu", path,
                   count, *n);
  return VT_OK;
}

int md_check(const char *composition, long atoms, const char *potential, md_composition *c,
             vt_error *err) {
  int rc = md_parse_composition(composition, c, err);
  if (rc) return rc;
  if (atoms < (long)c->n || atoms > 100000000L)
    return vt_fail(err, VT_ERANGE, "atoms %ld: expected from %zu to 1e8", atoms, c->n);
  char names[16][4];
  size_t n = 0;
  if (!potential || !*potential) return vt_fail(err, VT_EINVAL, "no potential file given");
  if ((rc = potential_elements(potential, names, &n, err))) return rc;
  for (size_t i = 0; i < c->n; i++) {
    size_t k = 0;
    while (k < n && strcmp(names[k], c->element[i]) != 0) k++;
    if (k == n) {
      char list[80] = "";
      for (size_t j = 0; j < n; j++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", j ? " " : "", names[j]);
      return vt_fail(err, VT_ENOTFOUND,
                     "composition '%s': element %s is not in the potential file %s (it covers "
                     "%s)",
                     composition, c->element[i], potential, list);
    }
  }
  snprintf(c->potential, sizeof c->potential, "%s", potential);
  atom_counts(c, atoms);
  c->atoms = atoms;
  return VT_OK;
}

int vt_md_check_system(const char *composition, long atoms, const char *potential, long counts[8],
                       size_t *n, vt_error *err) {
  md_composition c;
  int rc = md_check(composition, atoms, potential, &c, err);
  if (rc) return rc;
  for (size_t i = 0; i < c.n; i++) counts[i] = c.count[i];
  *n = c.n;
  return VT_OK;
}
