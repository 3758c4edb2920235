/* The files of vitrum pdf as one transaction (pdf_report.h): every file opened before anything
 * is written, so an unwritable name fails first; the data a plot reads committed before gnuplot
 * runs and removed again when it fails; standard output written last. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pdf_report.h"
#include "script.h"

#define CMD "pdf"

int pdf_is_stdout(const char *path) {
  return path && strcmp(path, "-") == 0;
}

/* -1 (printed) when two of the n files (standard output aside) have one name. */
int pdf_same_name(const char *const *names, const char *const *flags, int n) {
  for (int a = 0; a < n; a++)
    for (int b = a + 1; b < n; b++)
      if (names[a] && names[b] && !pdf_is_stdout(names[a]) && strcmp(names[a], names[b]) == 0)
        return cli_error(CMD, "%s and %s would both be written to %s", flags[a], flags[b],
                         names[a]),
               -1;
  return 0;
}

/* ---- Output: files opened first, committed together, nothing half-written -------------------- */

enum { OUT_TABLE, OUT_PLOT_TABLE, OUT_SQ, OUT_GR, OUT_WEIGHTS, OUT_COUNT };
static const char *const out_flags[OUT_COUNT] = {"-o", "--plot (table)", "--sq", "--gr",
                                                 "--weights"};

typedef struct outputs {
  char *path[OUT_COUNT]; /* NULL: not written; "-": standard output */
  vt_outfile f[OUT_COUNT];
  int open[OUT_COUNT], committed[OUT_COUNT];
} outputs;

/* Path k: `given` (copied), else beside the plot; -1 when out of memory. */
static int set_path(outputs *out, int k, const char *given, const char *plot, const char *suffix) {
  size_t n = given ? strlen(given) + 1 : 0;
  out->path[k] = given ? malloc(n) : cli_beside(plot, suffix);
  if (out->path[k] && given) memcpy(out->path[k], given, n);
  return out->path[k] ? 0 : (cli_error(CMD, "out of memory"), -1);
}

/* The paths: explicit ones, and the data files a plot needs beside the picture (the table too,
 * for a series, when it goes to standard output). */
static int plan(const pdf_outputs *o, size_t n_frames, outputs *out) {
  memset(out, 0, sizeof *out);
  const char *table = o->table ? o->table : "-";
  if ((o->patterns && set_path(out, OUT_TABLE, table, NULL, "")) ||
      (o->patterns && o->plot && n_frames > 1 && pdf_is_stdout(table) &&
       set_path(out, OUT_PLOT_TABLE, NULL, o->plot, "_peaks.csv")) ||
      ((o->sq || o->plot) && set_path(out, OUT_SQ, o->sq, o->plot, "_sq.csv")) ||
      ((o->gr || o->plot) && set_path(out, OUT_GR, o->gr, o->plot, "_gr.csv")) ||
      (o->weights && set_path(out, OUT_WEIGHTS, o->weights, NULL, "")))
    return -1;
  return pdf_same_name((const char *const *)out->path, out_flags, OUT_COUNT);
}

static int open_files(outputs *out) {
  vt_error err;
  for (int k = 0; k < OUT_COUNT; k++) {
    if (!out->path[k] || pdf_is_stdout(out->path[k])) continue;
    if (vt_outfile_open(&out->f[k], out->path[k], &err))
      return cli_error(CMD, "%s", err.message), -1;
    out->open[k] = 1;
  }
  return 0;
}

static int commit(outputs *out, int k) {
  vt_error err;
  if (!out->open[k]) return 0;
  out->open[k] = 0;
  if (vt_outfile_commit(&out->f[k], &err)) return cli_error(CMD, "%s", err.message), -1;
  out->committed[k] = 1;
  return 0;
}

static void outputs_end(outputs *out, int failed) {
  for (int k = 0; k < OUT_COUNT; k++) {
    if (failed && out->open[k]) vt_outfile_abort(&out->f[k]);
    if (failed && out->committed[k]) remove(out->path[k]);
    free(out->path[k]);
  }
}

/* What goes to output k (a file or standard output). */
static int write_one(int k, FILE *fp, const vt_composition *c, const double *r_A,
                     const pdf_frame *f, size_t n) {
  vt_error err;
  if (k == OUT_TABLE || k == OUT_PLOT_TABLE) pdf_write_table(fp, f, n);
  if (k == OUT_SQ) pdf_write_sq(fp, f, n);
  if (k == OUT_GR) pdf_write_gr(fp, f, n, r_A);
  if (k == OUT_WEIGHTS && vt_pdf_weights_write_csv(c, fp, &err))
    return cli_error(CMD, "weights: %s", err.message), -1;
  return 0;
}

/* Write everything: files opened first (an unwritable name fails before anything is written),
 * the plot's data committed before gnuplot reads it and removed again when the plot fails,
 * standard output last. */
int pdf_write_outputs(const pdf_outputs *o, const vt_composition *c, int lorch, const double *r_A,
                      const pdf_frame *f, size_t n) {
  outputs out;
  int rc = plan(o, n, &out) || open_files(&out) ? -1 : 0;
  for (int k = 0; !rc && k < OUT_COUNT; k++)
    if (out.open[k]) rc = write_one(k, out.f[k].fp, c, r_A, f, n);
  if (!rc && o->plot)
    rc = commit(&out, OUT_SQ) || commit(&out, OUT_GR) || commit(&out, OUT_PLOT_TABLE) ||
                 commit(&out, OUT_TABLE) ||
                 pdf_plot(o->plot, out.path[OUT_SQ], out.path[OUT_GR],
                          out.path[out.path[OUT_PLOT_TABLE] ? OUT_PLOT_TABLE : OUT_TABLE], c, lorch,
                          f, n)
             ? -1
             : 0;
  for (int k = 0; !rc && k < OUT_COUNT; k++) rc = commit(&out, k);
  for (int k = 0; !rc && k < OUT_COUNT; k++)
    if (pdf_is_stdout(out.path[k]) &&
        (write_one(k, stdout, c, r_A, f, n) || fflush(stdout) || ferror(stdout)))
      rc = (cli_error(CMD, "error writing to standard output"), -1);
  for (int k = 0; !rc && !o->quiet && k < OUT_COUNT; k++)
    if (out.committed[k]) fprintf(stderr, "vitrum pdf: wrote %s\n", out.path[k]);
  if (!rc && !o->quiet && o->plot)
    fprintf(stderr, "vitrum pdf: wrote %s (gnuplot script beside it)\n", o->plot);
  outputs_end(&out, rc != 0);
  return rc;
}
