/* The agemap calls that `vitrum agemap` used to make itself (issue 13): the options read from
 * text that no table row takes (energy unit, atom count, asinh scale), the model's lines beside
 * a mined map (searched 300 K beyond it), and the summary, each against the value set by hand or
 * the call it stands for. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

#define EV VT_EV_J_PER_MOL

static void test_text_options(void) {
  vt_lammps_options l = vt_lammps_options_default();
  vt_agemap_options a = vt_agemap_options_default();
  vt_error err;
  CHECK(vt_lammps_option_set_text(&l, "energy_unit", NULL, "kcal/mol", &err) == 0 &&
            l.energy_unit_J_per_mol == 4184.0,
        "kcal/mol: %g J/mol", l.energy_unit_J_per_mol);
  CHECK(vt_lammps_option_set_text(&l, "energy_unit", "--energy-unit", "K", &err) == VT_EUNIT &&
            l.energy_unit_J_per_mol == 4184.0,
        "a temperature is no energy unit (field kept)");
  CHECK_CONTAINS(err.message, "--energy-unit 'K': expected eV, J/mol, kJ/mol or kcal/mol");
  CHECK(vt_lammps_option_set_text(&l, "atoms", NULL, "log", &err) == 0 && l.atoms == -1.0, "log");
  CHECK(vt_lammps_option_set_text(&l, "atoms", NULL, "64", &err) == 0 && l.atoms == 64.0, "64");
  CHECK(vt_lammps_option_set_text(&l, "atoms", "--atoms", "0.5", &err) == VT_EPARSE &&
            l.atoms == 64.0,
        "0.5 atoms");
  CHECK_CONTAINS(err.message, "--atoms '0.5': expected a number >= 1");
  /* the table's rows go through the table */
  CHECK(vt_lammps_option_set_text(&l, "timestep", NULL, "2 fs", &err) == 0 &&
            fabs(l.timestep_s - 2e-15) < 1e-30,
        "timestep %g", l.timestep_s);
  CHECK(vt_lammps_option_set_text(&l, "bogus", NULL, "1", &err) == VT_ENOTFOUND, "unknown row");
  CHECK(vt_agemap_option_set_text(&a, "asinh_scale", NULL, "0.01 eV/s", &err) == 0 &&
            fabs(a.asinh_scale - 0.01 * EV) <= 1e-12 * EV,
        "asinh scale %g J/(mol s)", a.asinh_scale);
  CHECK(vt_agemap_option_set_text(&a, "asinh_scale", NULL, "2", &err) == 0 &&
            a.asinh_scale == 2 * EV,
        "a bare number is eV/s");
  CHECK(vt_agemap_option_set_text(&a, "asinh_scale", "--asinh-scale", "1 K", &err) == VT_EPARSE &&
            a.asinh_scale == 2 * EV,
        "1 K");
  CHECK_CONTAINS(err.message, "--asinh-scale '1 K': expected a number >= 0");
  CHECK(vt_agemap_option_set_text(&a, "lambda", NULL, "0.5", &err) == 0 && a.lambda == 0.5,
        "lambda through the table");
}

/* vt_pel_map_lines is vt_pel_lines on the map's rows over [T_lo - 300 K, T_hi + 300 K] (at least
 * 1 K) with 256 points: the same numbers as that call made by hand. */
static void test_map_lines(vt_model *m) {
  double E[3] = {-0.03 * EV, -0.02 * EV, -0.01 * EV};
  double T_hot[2] = {740.0, 840.0}, T_cold[2] = {100.0, 200.0};
  const double *Ts[2] = {T_hot, T_cold};
  const double lo[2] = {440.0, 1.0}, hi[2] = {1140.0, 500.0};
  for (int k = 0; k < 2; k++) {
    vt_rate_map map = {3, 2, E, (double *)Ts[k], NULL};
    vt_rate_lines got = {0}, want = {0};
    vt_error err;
    int rc = vt_pel_map_lines(m, &map, &got, &err);
    if (!rc) rc = vt_pel_lines(m, E, 3, lo[k], hi[k], 256, &want, &err);
    CHECK(rc == 0 && got.n == 3, "map lines: %s", rc ? err.message : "");
    for (size_t r = 0; !rc && r < 3; r++)
      CHECK((got.T_max_K[r] == want.T_max_K[r] ||
             (isnan(got.T_max_K[r]) && isnan(want.T_max_K[r]))) &&
                got.T_boundary_K[r] == want.T_boundary_K[r],
            "map %d row %zu: T_max %g, want %g", k, r, got.T_max_K[r], want.T_max_K[r]);
    vt_rate_lines_free(&got);
    vt_rate_lines_free(&want);
  }
  vt_rate_lines l;
  CHECK(vt_pel_map_lines(m, &(vt_rate_map){0}, &l, NULL) == VT_EINVAL && l.n == 0, "empty map");
}

/* The summary: counts, the span of the maximum line (rows 1 and 2 of 4 here), the comparison
 * with a model (|dT| 1, 3 K: largest 3, median the upper one, 3). */
static void test_summary(void) {
  double E[4] = {-0.04 * EV, -0.03 * EV, -0.02 * EV, -0.01 * EV};
  double Tm[4] = {NAN, 700.0, 720.5, NAN}, Tmodel[4] = {650.0, 701.0, 717.5, NAN};
  double zero[4] = {0};
  vt_rate_lines lines = {4, E, Tm, zero, zero}, model = {4, E, Tmodel, zero, zero};
  vt_eis_set set = {.n = 6};
  vt_age_entries raw = {.n = 294}, avg = {.n = 120};
  vt_agemap_options o = vt_agemap_options_default();
  o.transform = VT_AGEMAP_ASINH;
  char *text = NULL;
  size_t size = 0;
  FILE *fp = open_memstream(&text, &size);
  CHECK(vt_agemap_write_summary(&set, &raw, &avg, &o, &lines, &model, "x: ", fp, NULL) == 0,
        "summary");
  fclose(fp);
  char want[512];
  snprintf(want, sizeof want,
           "x: 6 curves, 294 raw entries, 120 averaged; spline lambda %g (asinh)\n"
           "x: maximum ageing rate at 700.00 K (E_IS -0.03 eV) to 720.50 K (E_IS -0.02 eV)\n"
           "x: pel model: max |T_max - model| = 3.00 K (median 3.00 K) over 2 rows\n",
           o.lambda);
  CHECK(strcmp(text, want) == 0, "summary:\n%s", text);
  free(text);
  Tm[1] = Tm[2] = NAN;
  fp = open_memstream(&text, &size);
  vt_agemap_write_summary(&set, &raw, &avg, &o, &lines, &model, NULL, fp, NULL);
  fclose(fp);
  CHECK_CONTAINS(text, "\nno maximum of the ageing rate inside the map\n"
                       "pel model: no row with both maxima to compare\n");
  free(text);
}

int main(void) {
  test_text_options();
  test_summary();
  vt_model *m = vt_model_create("pel", NULL);
  CHECK(m != NULL, "pel model");
  if (m) test_map_lines(m);
  vt_model_free(m);
  TEST_MAIN_END();
}
