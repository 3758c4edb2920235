/* What the energy-landscape commands (pel, pel-map, agemap) share: the pel model from the
 * command line and the gnuplot commands of a rate map. */
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

/* The pixel map of files `map` and `lines` (vt_rate_map_write_csv, vt_rate_lines_write_csv):
 * colour sign x (log10|rate| - floor), contours every decade, the lines (and the model's, from
 * the lines file's columns 5-6, when `model_lines`). floor/top: log10 eV/s. */
void cli_map_script(cli_script *sc, const char *map, const char *lines, const vt_rate_map *m,
                    double floor, double top, int model_lines);

#endif
