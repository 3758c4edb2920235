/* The results of vitrum pdf (pdf_report.h): the picture, the summaries, and the files as one
 * output set (output.h), standard output last. */
#include "pdf_report.h"

#include <math.h>

#include "cli.h"
#include "cmd.h"

#define CMD "pdf"

/* S(Q), G(r) and the first peak with its sub-peaks (one pattern, plots/pdf.gp), or S(Q), G(r)
 * near the first peak and its position and FWHM against time (a series, plots/pdf_series.gp),
 * from the files written. */
static int pdf_plot(const char *picture, const char *sq_file, const char *gr_file,
                    const char *table, const vt_composition *c, int lorch, const pdf_frame *f,
                    size_t n) {
  const vt_first_peak *p = &f[0].res.peak;
  double lo = p->window_lo_A, hi = p->window_hi_A, pad = (n > 1 ? 0.5 : 0.3) * (hi - lo);
  char comp[256];
  int timed = 1;
  for (size_t i = 0; i < n; i++) timed &= !isnan(f[i].time_s);
  cli_script sc = {0};
  cli_gp_data(&sc, "sqfile", sq_file);
  cli_gp_data(&sc, "grfile", gr_file);
  if (n > 1) cli_gp_data(&sc, "tablefile", table);
  cli_gp_str(&sc, "composition", vt_composition_format(c, comp, sizeof comp));
  /* the zoom as the C script printed it, so the pictures stay the same */
  cli_script_add(&sc, "lorch = %d\nx_lo = %.6g\nx_hi = %.6g\n", lorch, lo - pad, hi + pad);
  if (n > 1) {
    cli_script_add(&sc, "timed = %d\n", timed);
    return cli_plot_with(CMD, picture, "pdf_series", &sc);
  }
  cli_script_add(&sc, "split = %d\n", p->split != 0);
  for (int k = 0; k < 2 && p->split; k++)
    cli_script_add(&sc, "area%d = %.9g\nsigma%d = %.9g\nr%d = %.9g\n", k + 1, p->sub[k].area, k + 1,
                   p->sub[k].sigma_A, k + 1, p->sub[k].r_A);
  return cli_plot_with(CMD, picture, "pdf", &sc);
}

/* The library's lines, each after the command's name. */
void pdf_summary(const vt_composition *c, const pdf_frame *f, size_t n) {
  fputs("vitrum " CMD ": ", stderr);
  vt_pdf_weights_write_summary(c, stderr, NULL); /* computed for the table already */
  for (size_t i = 0; i < n && n <= 10; i++) {
    fputs("vitrum " CMD ": ", stderr);
    vt_pdf_frame_write_summary(i, &f[i], stderr, NULL);
  }
  if (n <= 1) return;
  fputs("vitrum " CMD ": ", stderr);
  vt_pdf_series_write_summary(f, n, stderr, NULL);
}

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
