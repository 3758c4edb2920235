/* A picture's gnuplot script: a header of the variables the run sets, then the plot commands of
 * a template from plots/. It grows line by line (a sweep sets one title per run), so no fixed
 * buffer fits. */
#ifndef VT_CLI_SCRIPT_H
#define VT_CLI_SCRIPT_H

#include <stddef.h>

typedef struct cli_script {
  char *text; /* NUL-terminated once something was added */
  size_t n, cap;
  int failed; /* an allocation failed: later adds do nothing */
} cli_script;

/* Append printf-style text. */
void cli_script_add(cli_script *sc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Run cli_plot on the script (an error printed when it ran out of memory) and free it. */
int cli_script_plot(const char *cmd, const char *picture, cli_script *sc);

/* ---- Templates: the plot commands live in plots/NAME.gp, embedded in the binary at build
 * time (cmake/embed_plots.cmake); a command sets the gnuplot variables a template reads, one
 * assignment a line, and the kept script is that header followed by the template's text, so it
 * stays self-contained and editable. */

/* The text of plots/NAME.gp, NULL when there is none (generated plot_templates.c). */
const char *cli_plot_template(const char *name);
/* var = 'text' (quotes doubled). */
void cli_gp_str(cli_script *sc, const char *var, const char *text);
/* A data file the plot reads, quoted so the runner can point it at its temporary while the
 * outputs are uncommitted; `gnuplot -e "var='other.csv'" x.gp` plots another file. */
void cli_gp_data(cli_script *sc, const char *var, const char *file);
/* var = 'base name of path', escaped for enhanced text (cli_gp_name): a file named in a title. */
void cli_gp_file(cli_script *sc, const char *var, const char *path);
/* var = v, to 10 significant digits. */
void cli_gp_num(cli_script *sc, const char *var, double v);
/* array var[n] = [v0, ...] printed with `fmt` ("%.6g" where the values are keys matched against
 * a column written that way); n > 0 (gnuplot has no empty arrays). */
void cli_gp_array(cli_script *sc, const char *var, const double *v, size_t n, const char *fmt);
/* var = 'v0 v1 ...' (%.6g): a list for gnuplot's word() and `for [w in var]`. */
void cli_gp_words(cli_script *sc, const char *var, const double *v, size_t n);
/* The header `sc` followed by the templates `names` (space-separated, in order: "agemap rate_map"),
 * plotted (cli_script_plot); sc is freed. */
int cli_plot_with(const char *cmd, const char *picture, const char *names, cli_script *sc);

#endif
