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

void cli_map_script(cli_script *sc, const char *map, const char *lines, const vt_rate_map *m,
                    double floor, double top, int model_lines) {
  char qm[1024], ql[1024];
  cli_script_add(
      sc,
      "mapfile = '%s'\nlinesfile = '%s'\nL0 = %g\nL1 = %g\n"
      "set xrange [%g:%g]\nset yrange [%.8g:%.8g]\n"
      "v(r) = (r == 0 || r != r) ? 0 : sgn(r) * (log10(abs(r)) > L0 ? log10(abs(r)) - L0 : 0)\n"
      "set view map\nset pm3d map\nset palette defined (-1 '#2166ac', 0 'white', 1 '#b2182b')\n"
      "set cbrange [-(L1 - L0):(L1 - L0)]\n"
      "set cblabel sprintf('sign x (log_{10}|dE_{IS}/dt| %%+g), rate in eV/s; blue: ageing', -L0)\n"
      "set xlabel 'temperature (K)'\nset ylabel 'E_{IS} (eV/atom)'\n"
      "set contour base\nset cntrparam levels incremental L0, 1, L1\nunset clabel\n"
      "set key top left opaque box font ',9' samplen 2\n"
      "splot mapfile skip 1 using 2:1:(v($3)) with pm3d nocontour notitle, \\\n"
      "      mapfile skip 1 using 2:1:(log10(abs($3))) with lines nosurface lc 'gray30' lw 0.5 "
      "notitle, \\\n"
      "      linesfile skip 1 using 2:1:(0) with lines nocontour dt 2 lw 2.5 lc 'black' "
      "title 'max. ageing rate', \\\n"
      "      linesfile skip 1 using 4:1:(0) with points nocontour pt 6 ps 0.7 lc rgb '#e6a800' "
      "title 'ageing/rejuvenation boundary'%s\n",
      cli_gp_quote(map, qm, sizeof qm), cli_gp_quote(lines, ql, sizeof ql), floor, top, m->T_K[0],
      m->T_K[m->nT - 1], m->E_IS[0] / VT_EV_J_PER_MOL, m->E_IS[m->nE - 1] / VT_EV_J_PER_MOL,
      model_lines ? ", \\\n      linesfile skip 1 using 5:1:(0) with lines nocontour lw 1.5 "
                    "lc 'blue' title 'model: max. rate', \\\n      linesfile skip 1 using "
                    "6:1:(0) with points nocontour pt 2 ps 0.5 lc 'blue' title 'model: "
                    "boundary'"
                  : "");
}
