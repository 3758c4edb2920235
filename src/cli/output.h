/* The outputs of one command run: tables to files or standard output, the data files a plot
 * reads, and the picture, written so that a failed run leaves nothing behind. */
#ifndef VT_CLI_OUTPUT_H
#define VT_CLI_OUTPUT_H

#include <stdio.h>

#include "cli.h"

typedef void (*cli_write_fn)(FILE *fp, const void *ctx);

/* A cli_write_fn `name` calling a library writer: `call` writes to `fp` what it needs of the
 * run `j` (the ctx, a const T *), e.g.
 *   CLI_WRITER(write_sq, job, vt_pdf_sq_write_csv(j->f, j->n, fp, NULL));
 * A failed write needs no check here: it shows when the output set is committed. (The closing
 * declaration takes the semicolon, which ISO C does not allow after a function.) */
#define CLI_WRITER(name, T, call)                                                                  \
  static void name(FILE *fp, const void *ctx) {                                                    \
    const T *j = ctx;                                                                              \
    call;                                                                                          \
  }                                                                                                \
  static void name(FILE *fp, const void *ctx)

typedef struct cli_out {
  const char *option; /* "-o", "--traces": in messages */
  const char *path;   /* as the option gave it; NULL when not given; "-": standard output */
  int default_stdout; /* not given means standard output (a command's main table) */
  const char *suffix; /* the plot reads it: with --plot and no file named, the file beside
                       * the picture ("_traces.csv"); NULL: the plot does not read it */
  cli_write_fn write;
} cli_out;

/* The plot of a run, given the files its data are in (one per output, NULL where none). */
typedef int (*cli_plot_fn)(const void *ctx, const char *const *files);

/* 1 when `path` is "-" (standard output), 0 for another name or NULL. */
int cli_is_dash(const char *path);
/* Where a results text goes: standard error when one of the tables `a`, `b` (NULL: not
 * written) goes to standard output, else standard output. */
FILE *cli_text_stream(const char *a, const char *b);

/* Before any work: two outputs that would land in one file (by name, or the same existing
 * file under two names) are an error naming both options. 0 or -1. */
int cli_check_outputs(const char *cmd, const cli_out *outs, size_t n, const char *picture);

/* Write the outputs: the files, the plot's script and its picture as one output set (gnuplot
 * reads the data from their temporaries), committed all or none; then standard output, so a
 * failed plot or a signal leaves every file as it was. `picture` NULL:
 * no plot. Prints "wrote ..." lines unless quiet, and every error. 0 or -1. */
int cli_write_outputs(const char *cmd, const cli_out *outs, size_t n, const char *picture,
                      cli_plot_fn plot, const void *ctx, int quiet);

/* A run that writes rows as it computes: up to two files in one output set, each the output
 * given, or (with a picture and none given) a name beside the picture. */
typedef struct cli_stream {
  vt_outset set;
  const char *file[2]; /* the paths in the order opened (NULL: not written) */
  const char *tmp[2];  /* their temporaries (NULL: standard output or not written) */
  FILE *fp[2];         /* NULL: not written */
  char *own[2];        /* the names made beside the picture */
  size_t n;
} cli_stream;

/* Open the next file of `s`: `path`, else with `picture` its name ending in `suffix` (picture
 * "run.png", suffix "_peaks.csv": "run_peaks.csv"), else `fallback` ("-", or NULL: not
 * written). 0 or -1 (printed). */
int cli_stream_open(const char *cmd, cli_stream *s, const char *path, const char *picture,
                    const char *suffix, const char *fallback);
/* cli_set_finish of the files from `first` on: gnuplot draws them, then the set is committed. */
int cli_stream_finish(const char *cmd, cli_stream *s, size_t first, cli_plot_fn plot,
                      const void *ctx);
/* Abort what was not committed and free the names. */
void cli_stream_free(cli_stream *s);

#endif
