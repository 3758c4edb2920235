/* What a total-scattering analysis needs besides the physics: lengths, scattering vectors and
 * wavelengths as people write them (the field's bare numbers are in Angstrom and 1/Angstrom,
 * and beamlines quote photon energies), the r grid of G(r), one pattern taken from S(Q) to the
 * first peak of G(r), and the weight table as CSV. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "vitrum/constants.h"
#include "vitrum/pdf.h"

#define SPEED_OF_LIGHT_M_PER_S 299792458.0 /* exact (SI) */

/* text, with " A" or " 1/A" added to a bare number, through the core units; in A or 1/A. */
static int parse_unit(const char *text, int is_Q, double *out, vt_error *err) {
  if (!text || !out)
    return vt_fail(err, VT_EINVAL, "vt_pdf_parse_%s: NULL argument", is_Q ? "Q" : "length");
  char *end, buf[128];
  strtod(text, &end);
  while (*end == ' ') end++;
  snprintf(buf, sizeof buf, "%s%s", text, *end ? "" : (is_Q ? " 1/A" : " A"));
  double si;
  int rc = vt_parse_quantity(buf, is_Q ? VT_DIM_INVERSE_LENGTH : VT_DIM_LENGTH, &si, err);
  if (!rc) *out = is_Q ? si * 1e-10 : si * 1e10;
  return rc;
}

int vt_pdf_parse_length(const char *text, double *length_A, vt_error *err) {
  return parse_unit(text, 0, length_A, err);
}

int vt_pdf_parse_Q(const char *text, double *Q_inv_A, vt_error *err) {
  return parse_unit(text, 1, Q_inv_A, err);
}

int vt_pdf_parse_range(const char *text, int is_Q, double *range, vt_error *err) {
  if (!text || !range) return vt_fail(err, VT_EINVAL, "vt_pdf_parse_range: NULL argument");
  const char *comma = strchr(text, ',');
  char first[128];
  if (!comma || (size_t)(comma - text) >= 64)
    return vt_fail(err, VT_EPARSE, "'%s': expected two values 'LOW,HIGH'", text);
  char *unit;
  strtod(comma + 1, &unit); /* the unit after HIGH holds for LOW too */
  snprintf(first, sizeof first, "%.*s%s", (int)(comma - text), text, unit);
  if (parse_unit(first, is_Q, &range[0], NULL) || parse_unit(comma + 1, is_Q, &range[1], NULL))
    return vt_fail(err, VT_EUNIT, "'%s': expected two numbers with an optional unit (%s)", text,
                   is_Q ? "1/A or 1/nm" : "A, nm or pm");
  if (!(range[0] < range[1]))
    return vt_fail(err, VT_ERANGE, "'%s': expected two increasing values", text);
  return VT_OK;
}

int vt_pdf_parse_wavelength(const char *text, double *lambda_A, vt_error *err) {
  if (!text || !lambda_A) return vt_fail(err, VT_EINVAL, "vt_pdf_parse_wavelength: NULL argument");
  double E_J;
  int rc = VT_OK;
  if (vt_parse_quantity(text, VT_DIM_PHOTON_ENERGY, &E_J, NULL) == VT_OK)
    *lambda_A = VT_PLANCK_J_S * SPEED_OF_LIGHT_M_PER_S / E_J * 1e10;
  else if (parse_unit(text, 0, lambda_A, NULL))
    rc =
        vt_fail(err, VT_EUNIT, "'%s': expected a number with an optional unit (A, nm or pm)", text);
  if (!rc && !(*lambda_A > 0 && isfinite(*lambda_A)))
    rc = vt_fail(err, VT_ERANGE, "'%s': expected a positive wavelength or energy", text);
  return rc;
}

vt_r_grid_options vt_r_grid_options_default(void) {
  vt_r_grid_options o = {0.0, 20.0, 0.01};
  return o;
}

int vt_pdf_r_grid(const vt_r_grid_options *o, double **r_A, size_t *n_r, vt_error *err) {
  if (!o || !r_A || !n_r) return vt_fail(err, VT_EINVAL, "vt_pdf_r_grid: NULL argument");
  *r_A = NULL, *n_r = 0;
  if (!(o->r_min_A >= 0 && o->r_min_A < o->r_max_A && o->dr_A > 0))
    return vt_fail(err, VT_EINVAL,
                   "r grid %g to %g A in steps of %g A: expected 0 <= rmin < rmax and dr > 0",
                   o->r_min_A, o->r_max_A, o->dr_A);
  if ((o->r_max_A - o->r_min_A) / o->dr_A >= VT_PDF_MAX_R_POINTS)
    return vt_fail(err, VT_EINVAL, "r grid %g to %g A in steps of %g A has more than %d points",
                   o->r_min_A, o->r_max_A, o->dr_A, VT_PDF_MAX_R_POINTS);
  size_t n = (size_t)floor((o->r_max_A - o->r_min_A) / o->dr_A + 1e-9) + 1;
  double *r = malloc(n * sizeof *r);
  if (!r) return vt_fail(err, VT_ENOMEM, "out of memory for %zu r points", n);
  for (size_t j = 0; j < n; j++) r[j] = o->r_min_A + (double)j * o->dr_A;
  *r_A = r, *n_r = n;
  return VT_OK;
}

int vt_pdf_analyse(const vt_composition *comp, const vt_pattern *p, const vt_pattern *b,
                   const vt_sq_options *sq, int lorch, const double *r, size_t n_r,
                   const vt_first_peak_options *peak, vt_pdf_result *out, vt_error *err) {
  if (!comp || !p || !sq || !r || !peak || !out)
    return vt_fail(err, VT_EINVAL, "vt_pdf_analyse: NULL argument");
  memset(out, 0, sizeof *out);
  int rc = vt_pdf_sq(comp, p->Q_inv_A, p->intensity, p->n, b ? b->Q_inv_A : NULL,
                     b ? b->intensity : NULL, b ? b->n : 0, sq, &out->sq, err);
  if (!rc && !(out->G_inv_A2 = malloc(n_r * sizeof *out->G_inv_A2)))
    rc = vt_fail(err, VT_ENOMEM, "out of memory for %zu r points", n_r);
  out->n_r = out->G_inv_A2 ? n_r : 0;
  if (!rc)
    rc = vt_pdf_transform(out->sq.Q_inv_A, out->sq.F_inv_A, out->sq.n, lorch, r, n_r, out->G_inv_A2,
                          err);
  if (!rc) rc = vt_pdf_first_peak(r, out->G_inv_A2, n_r, peak, &out->peak, err);
  if (rc) vt_pdf_result_free(out);
  return rc;
}

void vt_pdf_result_free(vt_pdf_result *r) {
  if (!r) return;
  vt_sq_free(&r->sq);
  free(r->G_inv_A2);
  memset(r, 0, sizeof *r);
}

int vt_pdf_weights_write_csv(const vt_composition *c, FILE *fp, vt_error *err) {
  if (!c || !fp) return vt_fail(err, VT_EINVAL, "vt_pdf_weights_write_csv: NULL argument");
  vt_pdf_pair pairs[VT_PDF_MAX_PAIRS];
  size_t n = 0;
  double f0[VT_PDF_MAX_ELEMENTS];
  int rc = vt_pdf_weights(c, NULL, pairs, &n, err);
  for (size_t i = 0; !rc && i < c->n; i++) rc = vt_xray_form_factor(c->Z[i], 0.0, &f0[i], err);
  if (rc) return rc;
  fputs("pair,element_i,element_j,Z_i,Z_j,c_i,c_j,f0_i,f0_j,w_ij\n", fp);
  for (size_t k = 0; k < n; k++) {
    size_t i = pairs[k].i, j = pairs[k].j;
    fprintf(fp, "%s-%s,%s,%s,%d,%d,%.9g,%.9g,%.9g,%.9g,%.9g\n", c->symbol[i], c->symbol[j],
            c->symbol[i], c->symbol[j], c->Z[i], c->Z[j], c->c[i], c->c[j], f0[i], f0[j],
            pairs[k].weight);
  }
  return ferror(fp) ? vt_fail(err, VT_EIO, "error writing the weight table") : VT_OK;
}
