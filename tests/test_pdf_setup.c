/* The set-up calls of a total-scattering analysis (vitrum pdf): lengths, scattering vectors,
 * ranges and wavelengths as people write them (bare numbers in Angstrom, photon energies through
 * h c / E), the r grid, one pattern analysed in one call (equal to the three calls it stands
 * for), and the weight table as CSV (weights adding up to 1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "vitrum/constants.h"
#include "vitrum/pdf.h"
#include "vitrum/report.h"

static void test_units(void) {
  double v, r[2];
  vt_error err;
  CHECK(vt_pdf_parse_length("20", &v, &err) == VT_OK && v == 20, "bare length in A");
  CHECK(vt_pdf_parse_length("2 nm", &v, &err) == VT_OK && fabs(v - 20) < 1e-12, "2 nm = 20 A");
  CHECK(vt_pdf_parse_length("200 pm", &v, &err) == VT_OK && fabs(v - 2) < 1e-12, "200 pm");
  CHECK(vt_pdf_parse_length("3 K", &v, &err) != VT_OK, "a temperature is no length");
  CHECK(vt_pdf_parse_Q("165 1/nm", &v, &err) == VT_OK && fabs(v - 16.5) < 1e-12, "165 1/nm");
  CHECK(vt_pdf_parse_Q("16.5", &v, &err) == VT_OK && v == 16.5, "bare Q in 1/A");
  CHECK(vt_pdf_parse_range("100,160 1/nm", 1, r, &err) == VT_OK && fabs(r[0] - 10) < 1e-12 &&
            fabs(r[1] - 16) < 1e-12,
        "the unit after HIGH holds for LOW");
  CHECK(vt_pdf_parse_range("3.4,2.5", 0, r, &err) == VT_ERANGE, "decreasing");
  CHECK_CONTAINS(err.message, "'3.4,2.5': expected two increasing values");
  CHECK(vt_pdf_parse_range("5", 0, r, &err) == VT_EPARSE, "one value");
  CHECK(vt_pdf_parse_range("2,3 K", 0, r, &err) == VT_EUNIT, "wrong unit");
  CHECK_CONTAINS(err.message, "expected two numbers with an optional unit (A, nm or pm)");
  double hc_keV_A = VT_PLANCK_J_S * 299792458.0 / VT_ELEMENTARY_CHARGE_C * 1e7; /* 12.398 */
  CHECK(vt_pdf_parse_wavelength("60.037 keV", &v, &err) == VT_OK, "energy: %s", err.message);
  CHECK_NEAR(v, hc_keV_A / 60.037, 1e-12, "lambda = h c / E");
  CHECK_NEAR(hc_keV_A, 12.398419843, 1e-8, "h c in keV A");
  CHECK(vt_pdf_parse_wavelength("0.02065 nm", &v, &err) == VT_OK && fabs(v - 0.2065) < 1e-12,
        "a length");
  CHECK(vt_pdf_parse_wavelength("-1 A", &v, &err) == VT_ERANGE, "negative wavelength");
  CHECK(vt_pdf_parse_wavelength("3 kg", &v, &err) == VT_EUNIT &&
            strcmp(err.message, "'3 kg': expected a number with an optional unit (A, nm or pm)") ==
                0,
        "a mass: %s", err.message);
}

static void test_r_grid(void) {
  vt_r_grid_options g = vt_r_grid_options_default();
  double *r = NULL;
  size_t n = 0;
  vt_error err;
  CHECK(vt_pdf_r_grid(&g, &r, &n, &err) == VT_OK && n == 2001 && r[0] == 0 &&
            fabs(r[2000] - 20) < 1e-12,
        "0 to 20 A in 0.01 A: %zu points", n);
  free(r);
  g.r_min_A = 5, g.r_max_A = 2;
  CHECK(vt_pdf_r_grid(&g, &r, &n, &err) == VT_EINVAL && r == NULL && n == 0, "rmin > rmax");
  CHECK_CONTAINS(err.message, "r grid 5 to 2 A in steps of 0.01 A");
  g = vt_r_grid_options_default(), g.dr_A = 1e-6;
  CHECK(vt_pdf_r_grid(&g, &r, &n, &err) == VT_EINVAL, "too many points");
}

static void test_analyse(void) {
  vt_composition c;
  vt_pattern_set set = {0};
  vt_pattern_read_options ro = vt_pattern_read_options_default();
  vt_error err;
  vt_composition_parse("Cu56Zr44", &c, NULL);
  int rc = vt_read_pattern_csv(VT_TEST_DATA_DIR "/pdf_cu56zr44.csv", &ro, &set, &err);
  CHECK(rc == VT_OK, "read: %s", err.message);
  if (rc) return;
  vt_r_grid_options g = vt_r_grid_options_default();
  double *r, G[2001];
  size_t n_r;
  vt_pdf_r_grid(&g, &r, &n_r, NULL);
  vt_sq_options so = vt_sq_options_default();
  vt_first_peak_options po = vt_first_peak_options_default();
  vt_pdf_result res;
  vt_sq sq = {0};
  vt_first_peak pk;
  const vt_pattern *p = &set.patterns[0];
  CHECK(vt_pdf_analyse(&c, p, NULL, &so, 1, r, n_r, &po, &res, &err) == VT_OK, "analyse: %s",
        err.message);
  vt_pdf_sq(&c, p->Q_inv_A, p->intensity, p->n, NULL, NULL, 0, &so, &sq, NULL);
  vt_pdf_transform(sq.Q_inv_A, sq.F_inv_A, sq.n, 1, r, n_r, G, NULL);
  vt_pdf_first_peak(r, G, n_r, &po, &pk, NULL);
  CHECK(res.n_r == n_r && res.sq.n == sq.n && res.sq.norm_factor == sq.norm_factor &&
            res.G_inv_A2[500] == G[500] && res.peak.r_A == pk.r_A &&
            res.peak.sub[1].fwhm_A == pk.sub[1].fwhm_A,
        "one call = the three (first peak at %.4f A)", res.peak.r_A);
  so.Q_max_inv_A = 20; /* beyond the data */
  vt_pdf_result_free(&res);
  CHECK(vt_pdf_analyse(&c, p, NULL, &so, 0, r, n_r, &po, &res, &err) != VT_OK &&
            res.G_inv_A2 == NULL,
        "a failure leaves nothing to free");
  CHECK_CONTAINS(err.message, "reaches beyond the data");
  vt_sq_free(&sq);
  vt_pattern_set_free(&set);
  free(r);
}

static void test_weights_csv(void) {
  vt_composition c;
  vt_composition_parse("Cu56Zr44", &c, NULL);
  FILE *fp = tmpfile();
  CHECK(fp != NULL, "tmpfile");
  if (!fp) return;
  vt_error err;
  CHECK(vt_pdf_weights_write_csv(&c, fp, &err) == VT_OK, "write: %s", err.message);
  rewind(fp);
  char line[256];
  double sum = 0.0;
  int rows = 0;
  CHECK(fgets(line, sizeof line, fp) &&
            strcmp(line, "pair,element_i,element_j,Z_i,Z_j,c_i,c_j,f0_i,f0_j,w_ij\n") == 0,
        "header");
  while (fgets(line, sizeof line, fp)) {
    const char *last = strrchr(line, ',');
    sum += atof(last + 1), rows++;
  }
  CHECK(rows == 3 && fabs(sum - 1) < 1e-8, "3 pairs, weights sum to 1 (%g)", sum);
  /* w_CuCu = c^2 Z^2 / <Z>^2 with Z_Cu = 29, Z_Zr = 40 */
  double zm = 0.56 * 29 + 0.44 * 40;
  rewind(fp);
  fgets(line, sizeof line, fp), fgets(line, sizeof line, fp);
  CHECK_NEAR(atof(strrchr(line, ',') + 1), 0.56 * 0.56 * 29 * 29 / (zm * zm), 1e-8, "w_CuCu");
  fclose(fp);
}

/* The lines of what `fp` holds, counted, each checked to start with `prefix`; the last in last. */
static int summary_lines(FILE *fp, const char *prefix, char *last, size_t size) {
  char line[512];
  int n = 0, prefixed = 1;
  rewind(fp);
  while (fgets(line, sizeof line, fp)) {
    prefixed &= strncmp(line, prefix, strlen(prefix)) == 0;
    snprintf(last, size, "%s", line);
    n++;
  }
  return prefixed ? n : -1;
}

/* vt_pdf_write_summary: the weights' line, a line per frame up to VT_PDF_SUMMARY_FRAMES, the
 * series' ranges for n > 1 (the extremes of the frames' positions and FWHMs), each after the
 * prefix; frame lines equal to vt_pdf_frame_write_summary's. */
static void test_summary(void) {
  vt_composition c;
  vt_composition_parse("Cu56Zr44", &c, NULL);
  double Q[2] = {1.5, 16.5};
  vt_pdf_frame f[VT_PDF_SUMMARY_FRAMES + 1];
  memset(f, 0, sizeof f);
  for (size_t i = 0; i <= VT_PDF_SUMMARY_FRAMES; i++) {
    f[i].time_s = NAN;
    f[i].res.sq.Q_inv_A = Q;
    f[i].res.sq.n = 2;
    f[i].res.peak.r_A = 2.70 + 0.01 * (double)((i * 7) % 11);    /* 2.70 .. 2.80 */
    f[i].res.peak.fwhm_A = 0.50 - 0.02 * (double)((i * 3) % 11); /* 0.30 .. 0.50 */
  }
  char last[512], want[512];
  FILE *fp = tmpfile(), *one = tmpfile();
  CHECK(fp && one, "tmpfile");
  if (!fp || !one) return;
  vt_error err;
  CHECK(vt_pdf_write_summary(&c, f, 3, "P: ", fp, &err) == VT_OK, "write: %s", err.message);
  CHECK(summary_lines(fp, "P: ", last, sizeof last) == 5, "weights, 3 frames, series");
  /* frames 0, 1, 2: r 2.70, 2.77, 2.73; FWHM 0.50, 0.44, 0.38 */
  CHECK(strcmp(last, "P: 3 patterns: first peak 2.7000 to 2.7700 A, FWHM 0.3800 to 0.5000 A\n") ==
            0,
        "series line: %s", last);
  vt_pdf_frame_write_summary(1, &f[1], one, NULL);
  rewind(one);
  fgets(want, sizeof want, one);
  rewind(fp);
  for (int k = 0; k < 3; k++) fgets(last, sizeof last, fp);
  CHECK(strcmp(last + 3, want) == 0, "frame 1's line is the frame writer's: %s", last);
  fclose(fp);
  fp = tmpfile();
  vt_pdf_write_summary(&c, f, VT_PDF_SUMMARY_FRAMES + 1, NULL, fp, NULL);
  CHECK(summary_lines(fp, "", last, sizeof last) == 2 &&
            strcmp(last, "11 patterns: first peak 2.7000 to 2.8000 A, FWHM 0.3000 to 0.5000 A\n") ==
                0,
        "a long series: the weights and the series alone (%s)", last);
  fclose(fp);
  fp = tmpfile();
  vt_pdf_write_summary(&c, f, 1, "P: ", fp, NULL);
  CHECK(summary_lines(fp, "P: ", last, sizeof last) == 2 && strncmp(last, "P: frame 0:", 11) == 0,
        "one frame: no series line (%s)", last);
  fclose(fp);
  fp = tmpfile();
  CHECK(vt_pdf_write_summary(&c, NULL, 0, "P: ", fp, NULL) == VT_OK &&
            summary_lines(fp, "P: ", last, sizeof last) == 1 &&
            strncmp(last, "P: Cu0.56Zr0.44, <f(0)> = ", 26) == 0,
        "no frames: the weights' line (%s)", last);
  fclose(fp);
  fclose(one);
}

int main(void) {
  test_units();
  test_r_grid();
  test_analyse();
  test_weights_csv();
  test_summary();
  TEST_MAIN_END();
}
