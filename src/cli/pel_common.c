/* The pel model from the command line and the rate-map plot, shared by pel, pel-map, agemap. */
#include <stdlib.h>
#include <string.h>

#include "pel_cli.h"

vt_model *cli_pel_model(const char *cmd, cli_model_opts *mo, const char *table, const char *tol,
                        int *status) {
  *status = CLI_USAGE;
  if (mo->model && strcmp(mo->model, "pel") != 0) {
    cli_error(cmd, "this command runs the pel model only (got --model %s)", mo->model);
    return NULL;
  }
  if (mo->spectrum && !table) table = mo->spectrum;
  mo->model = "pel";
  mo->spectrum = NULL;
  vt_model *m = cli_model_make(cmd, mo);
  if (!m) return NULL;
  vt_error err;
  int rc = tol ? vt_model_set_option(m, "tol_J_per_mol", tol, &err) : VT_OK;
  if (!rc && table) *status = CLI_FAIL, rc = vt_pel_load_table(m, table, &err);
  if ((m = cli_model_ready(cmd, m, rc, &err, NULL))) *status = CLI_OK;
  return m; /* or NULL: a parameter, the tolerance or the table was wrong (printed) */
}

void cli_map_vars(cli_script *sc, const char *map, const char *lines, const vt_rate_map *m,
                  double floor, double top, int model_lines) {
  cli_gp_data(sc, "mapfile", map);
  cli_gp_data(sc, "linesfile", lines);
  /* the ranges as the C script printed them, so the pictures stay the same */
  cli_script_add(sc, "L0 = %g\nL1 = %g\nT_lo = %g\nT_hi = %g\nE_lo = %.8g\nE_hi = %.8g\n", floor,
                 top, m->T_K[0], m->T_K[m->nT - 1], m->E_IS[0] / VT_EV_J_PER_MOL,
                 m->E_IS[m->nE - 1] / VT_EV_J_PER_MOL);
  cli_script_add(sc, "model_lines = %d\n", model_lines != 0);
}
