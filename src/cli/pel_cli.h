/* What the energy-landscape commands (pel, pel-map, agemap) share: the pel model from the
 * command line and the variables of the rate-map picture. */
#ifndef VT_CLI_PEL_H
#define VT_CLI_PEL_H

#include "cli.h"
#include "script.h"

/* The pel model with the parameters of `mo`, a spectra table (NULL: the Gaussians; the model
 * group's --spectrum works too) and a step tolerance in J/mol (NULL: the default). NULL after
 * an error (printed), *status CLI_USAGE for a bad parameter, CLI_FAIL for a table file that
 * cannot be used. */
vt_model *cli_pel_model(const char *cmd, cli_model_opts *mo, const char *table, const char *tol,
                        int *status);

/* The variables of the rate-map template plots/rate_map.gp: files `map` and `lines`
 * (vt_rate_map_write_csv, vt_rate_lines_write_csv), the decades floor..top (log10 eV/s) shown,
 * the ranges of `m`, and whether the lines file holds the model's lines (columns 5-6). */
void cli_map_vars(cli_script *sc, const char *map, const char *lines, const vt_rate_map *m,
                  double floor, double top, int model_lines);

#endif
