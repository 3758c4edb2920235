/* Alloy compositions, X-ray form factors from xraylib, and the Faber-Ziman pair weights of
 * paper 001.
 *
 * xraylib 4 reports errors through an xrl_error ** argument; every call here passes one, so
 * xraylib never prints or aborts, and its message is passed on in the vt_error. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xraylib.h>

#include "../core/internal.h"
#include "vitrum/pdf.h"

#define FOUR_PI   12.566370614359172954
#define MAX_Z_FF  98 /* xraylib 4 tabulates FF_Rayl and SF_Compt for Z = 1..98 */
#define MAX_DIGIT 32

/* xraylib's message (or a default) into the vt_error, freeing the xrl_error. */
static int xrl_fail(vt_error *err, xrl_error *xe, const char *what, int Z, double Q) {
  int st = vt_fail(err, VT_EINVAL, "xraylib %s(Z = %d, Q = %g 1/A): %s", what, Z, Q,
                   xe && xe->message ? xe->message : "failed");
  xrl_error_free(xe);
  return st;
}

static int check_Z_Q(int Z, double Q, vt_error *err) {
  if (Z < 1 || Z > MAX_Z_FF)
    return vt_fail(err, VT_ERANGE, "Z = %d: xraylib has form factors for Z = 1 to %d", Z, MAX_Z_FF);
  if (!(Q >= 0) || !isfinite(Q))
    return vt_fail(err, VT_EINVAL, "Q = %g 1/A: expected a finite Q >= 0", Q);
  return VT_OK;
}

int vt_xray_form_factor(int Z, double Q_inv_A, double *f, vt_error *err) {
  if (!f) return vt_fail(err, VT_EINVAL, "vt_xray_form_factor: NULL output");
  int st = check_Z_Q(Z, Q_inv_A, err);
  if (st) return st;
  xrl_error *xe = NULL;
  double v = FF_Rayl(Z, Q_inv_A / FOUR_PI, &xe);
  if (xe) return xrl_fail(err, xe, "FF_Rayl", Z, Q_inv_A);
  *f = v;
  return VT_OK;
}

int vt_xray_compton(int Z, double Q_inv_A, double *s_inc, vt_error *err) {
  if (!s_inc) return vt_fail(err, VT_EINVAL, "vt_xray_compton: NULL output");
  int st = check_Z_Q(Z, Q_inv_A, err);
  if (st) return st;
  /* SF_Compt refuses q = 0, where the incoherent scattering function is 0 exactly. */
  if (Q_inv_A == 0) {
    *s_inc = 0.0;
    return VT_OK;
  }
  xrl_error *xe = NULL;
  double v = SF_Compt(Z, Q_inv_A / FOUR_PI, &xe);
  if (xe) return xrl_fail(err, xe, "SF_Compt", Z, Q_inv_A);
  *s_inc = v;
  return VT_OK;
}

int vt_xray_averages(const vt_composition *c, double Q_inv_A, double *f_mean, double *f2_mean,
                     double *compton, vt_error *err) {
  if (!c || c->n == 0) return vt_fail(err, VT_EINVAL, "empty composition");
  double fm = 0.0, f2 = 0.0, cs = 0.0;
  for (size_t i = 0; i < c->n; i++) {
    double f, s = 0.0;
    int st = vt_xray_form_factor(c->Z[i], Q_inv_A, &f, err);
    if (!st && compton) st = vt_xray_compton(c->Z[i], Q_inv_A, &s, err);
    if (st) return st;
    fm += c->c[i] * f;
    f2 += c->c[i] * f * f;
    cs += c->c[i] * s;
  }
  if (f_mean) *f_mean = fm;
  if (f2_mean) *f2_mean = f2;
  if (compton) *compton = cs;
  return VT_OK;
}

/* ---- Parsing "Cu56Zr44" ---------------------------------------------------------------------- */

/* The amount after a symbol: digits with at most one '.', or 1 when there is none. Returns the
 * number of characters used, or -1 when the text there is not a plain positive number. */
static long parse_amount(const char *s, double *amount) {
  size_t k = 0, dots = 0;
  char buf[MAX_DIGIT + 1];
  while (isdigit((unsigned char)s[k]) || s[k] == '.') dots += s[k++] == '.';
  if (k == 0) {
    *amount = 1.0;
    return 0;
  }
  if (dots > 1 || k > MAX_DIGIT || (k == 1 && s[0] == '.')) return -1;
  memcpy(buf, s, k);
  buf[k] = '\0';
  *amount = strtod(buf, NULL);
  return (long)k;
}

/* Look the symbol up; an element must also have form factors. */
static int element_Z(const char *text, const char *sym, size_t pos, int *Z, vt_error *err) {
  xrl_error *xe = NULL;
  int z = SymbolToAtomicNumber(sym, &xe);
  xrl_error_free(xe);
  if (z <= 0)
    return vt_fail(err, VT_ENOTFOUND,
                   "composition '%s': unknown element '%s' at character %zu (symbols are "
                   "spelled as in the periodic table: Cu, Zr, Be)",
                   text, sym, pos + 1);
  if (z > MAX_Z_FF)
    return vt_fail(err, VT_ENOTFOUND,
                   "composition '%s': %s (Z = %d) has no X-ray form factors in xraylib (Z = 1 to "
                   "%d)",
                   text, sym, z, MAX_Z_FF);
  *Z = z;
  return VT_OK;
}

static int add_element(vt_composition *c, const char *text, const char *sym, int Z, double amount,
                       vt_error *err) {
  for (size_t i = 0; i < c->n; i++)
    if (c->Z[i] == Z)
      return vt_fail(err, VT_EPARSE, "composition '%s': %s appears twice; give each element once",
                     text, sym);
  if (c->n == VT_PDF_MAX_ELEMENTS)
    return vt_fail(err, VT_ERANGE, "composition '%s': more than %d elements", text,
                   VT_PDF_MAX_ELEMENTS);
  if (!(amount > 0) || !isfinite(amount))
    return vt_fail(err, VT_EPARSE, "composition '%s': the amount of %s is %g; expected > 0", text,
                   sym, amount);
  snprintf(c->symbol[c->n], sizeof c->symbol[0], "%s", sym);
  c->Z[c->n] = Z;
  c->c[c->n] = amount;
  c->n++;
  return VT_OK;
}

/* One "Symbol[amount]" token at text[*pos]; *pos advances past it. */
static int parse_token(const char *text, size_t *pos, vt_composition *c, vt_error *err) {
  const char *s = text + *pos;
  if (!isupper((unsigned char)s[0]))
    return vt_fail(err, VT_EPARSE,
                   "composition '%s': expected an element symbol (capital letter first) at "
                   "character %zu, got '%c'",
                   text, *pos + 1, s[0]);
  char sym[4] = {s[0], 0, 0, 0};
  size_t k = 1;
  if (islower((unsigned char)s[1])) sym[k] = s[k], k++;
  if (islower((unsigned char)s[k]))
    return vt_fail(err, VT_ENOTFOUND,
                   "composition '%s': unknown element '%.3s' at character %zu (symbols have one "
                   "or two letters)",
                   text, s, *pos + 1);
  int Z = 0, st = element_Z(text, sym, *pos, &Z, err);
  if (st) return st;
  while (s[k] == ' ') k++;
  double amount;
  long used = parse_amount(s + k, &amount);
  if (used < 0)
    return vt_fail(err, VT_EPARSE, "composition '%s': bad amount after %s at character %zu", text,
                   sym, *pos + k + 1);
  st = add_element(c, text, sym, Z, amount, err);
  *pos += k + (size_t)used;
  return st;
}

int vt_composition_parse(const char *text, vt_composition *out, vt_error *err) {
  vt_composition c;
  memset(&c, 0, sizeof c);
  if (!text || !out) return vt_fail(err, VT_EINVAL, "vt_composition_parse: NULL argument");
  size_t pos = 0;
  while (text[pos]) {
    if (text[pos] == ' ' || text[pos] == '\t') {
      pos++;
      continue;
    }
    int st = parse_token(text, &pos, &c, err);
    if (st) return st;
  }
  if (c.n == 0)
    return vt_fail(err, VT_EPARSE, "composition '%s': no elements (expected e.g. Cu56Zr44)", text);
  double sum = 0.0;
  for (size_t i = 0; i < c.n; i++) sum += c.c[i];
  for (size_t i = 0; i < c.n; i++) c.c[i] /= sum;
  *out = c;
  return VT_OK;
}

const char *vt_composition_format(const vt_composition *c, char *buf, size_t size) {
  if (!c || !buf || size == 0) return NULL;
  size_t used = 0;
  if (size) buf[0] = '\0';
  for (size_t i = 0; c && i < c->n && used < size; i++)
    used += (size_t)snprintf(buf + used, size - used, "%s%.4g", c->symbol[i], c->c[i]);
  return buf;
}

/* ---- Weights --------------------------------------------------------------------------------- */

int vt_pdf_weights(const vt_composition *c, const double *f, vt_pdf_pair *pairs, size_t *n_pairs,
                   vt_error *err) {
  if (!c || c->n == 0 || !pairs || !n_pairs)
    return vt_fail(err, VT_EINVAL, "vt_pdf_weights: empty composition or NULL output");
  double fi[VT_PDF_MAX_ELEMENTS], mean = 0.0;
  for (size_t i = 0; i < c->n; i++) {
    int st = f ? VT_OK : vt_xray_form_factor(c->Z[i], 0.0, &fi[i], err);
    if (st) return st;
    if (f) fi[i] = f[i];
    if (!isfinite(fi[i]))
      return vt_fail(err, VT_EINVAL, "form factor of %s is not finite", c->symbol[i]);
    mean += c->c[i] * fi[i];
  }
  if (!(fabs(mean) > 0))
    return vt_fail(err, VT_EINVAL, "the mean form factor <f> is zero: no weights");
  size_t k = 0;
  for (size_t i = 0; i < c->n; i++)
    for (size_t j = i; j < c->n; j++, k++) {
      pairs[k].i = i;
      pairs[k].j = j;
      pairs[k].weight = (i == j ? 1.0 : 2.0) * c->c[i] * c->c[j] * fi[i] * fi[j] / (mean * mean);
    }
  *n_pairs = k;
  return VT_OK;
}
