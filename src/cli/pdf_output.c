/* The files of vitrum pdf (pdf_report.h): tables, weights, the plot's data and picture as one
 * output set (output.h), standard output last. */
#include "cli.h"
#include "cmd.h"
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

/* ---- Output: one output set through the output plan ---------------------------------------- */

typedef struct job {
  const pdf_outputs *o;
  const vt_composition *c;
  int lorch;
  const double *r_A;
  const pdf_frame *f;
  size_t n;
} job;

/* A failed write shows when the output set is committed. */
CLI_WRITER(write_table, job, vt_pdf_peaks_write_csv(j->f, j->n, fp, NULL));

CLI_WRITER(write_sq, job, vt_pdf_sq_write_csv(j->f, j->n, fp, NULL));

CLI_WRITER(write_gr, job, vt_pdf_gr_write_csv(j->f, j->n, j->r_A, fp, NULL));

CLI_WRITER(write_weights, job, vt_pdf_weights_write_csv(j->c, fp, NULL));

/* files: S(Q), G(r), the first-peak table (NULL for one frame: the plot shows no series). */
static int plot(const void *ctx, const char *const *files) {
  const job *j = ctx;
  return pdf_plot(j->o->plot, files[0], files[1], files[2], j->c, j->lorch, j->f, j->n);
}

int pdf_write_outputs(const pdf_outputs *o, const vt_composition *c, int lorch, const double *r_A,
                      const pdf_frame *f, size_t n) {
  job j = {o, c, lorch, r_A, f, n};
  const char *none = NULL;
  cli_out outs[4] = {{"--sq", o->sq, 0, "_sq.csv", write_sq},
                     {"--gr", o->gr, 0, "_gr.csv", write_gr},
                     {"-o", o->table, 1, n > 1 ? "_peaks.csv" : NULL, write_table},
                     {"--weights", o->weights, 0, NULL, write_weights}};
  if (!o->patterns) outs[2] = (cli_out){"-o", none, 0, NULL, write_table};
  return cli_write_outputs(CMD, outs, 4, o->plot, plot, &j, o->quiet);
}
