/* cli_write_outputs: one place for the file, picture and standard-output order of a run. */
#include "output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_OUTS 8

typedef struct plan {
  char *file[MAX_OUTS]; /* NULL: none */
  int own[MAX_OUTS];    /* file[k] was made here (beside the picture) */
  int to_stdout[MAX_OUTS];
} plan;

int cli_is_dash(const char *p) {
  return p && strcmp(p, "-") == 0;
}

FILE *cli_text_stream(const char *a, const char *b) {
  return cli_is_dash(a) || cli_is_dash(b) ? stderr : stdout;
}

static int resolve(const char *cmd, const cli_out *o, const char *picture, plan *p, size_t k) {
  p->to_stdout[k] = cli_is_dash(o->path) || (!o->path && o->default_stdout);
  if (o->path && !cli_is_dash(o->path)) {
    p->file[k] = (char *)o->path;
  } else if (picture && o->suffix) {
    p->file[k] = cli_beside(picture, o->suffix);
    p->own[k] = 1;
    if (!p->file[k]) return cli_error(cmd, "out of memory"), -1;
  }
  return 0;
}

static void release(plan *p, size_t n) {
  for (size_t k = 0; k < n; k++)
    if (p->own[k]) free(p->file[k]);
}

/* Every file output written into the set, flushed so gnuplot can read the temporaries. */
static int write_files(const char *cmd, const cli_out *outs, size_t n, const void *ctx, plan *p,
                       vt_outset *set, const char **tmp) {
  vt_error err;
  for (size_t k = 0; k < n; k++) {
    FILE *fp;
    if (!p->file[k]) continue;
    if (vt_outset_open(set, p->file[k], &fp, &err)) return cli_error(cmd, "%s", err.message), -1;
    outs[k].write(fp, ctx);
    tmp[k] = set->file[set->n - 1].tmp_path;
    if (fflush(fp) != 0)
      return cli_error(cmd, "%s: write failed: %s", p->file[k], strerror(errno)), -1;
  }
  return 0;
}

static int write_stdout(const char *cmd, const cli_out *outs, size_t n, const void *ctx) {
  for (size_t k = 0; k < n; k++) {
    if (!(cli_is_dash(outs[k].path) || (!outs[k].path && outs[k].default_stdout))) continue;
    outs[k].write(stdout, ctx);
    if (fflush(stdout) || ferror(stdout))
      return cli_error(cmd, "standard output: write failed"), -1;
  }
  return 0;
}

static int same_file(const char *a, const char *b) {
  struct stat sa, sb;
  if (strcmp(a, b) == 0) return 1;
  return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int cli_check_outputs(const char *cmd, const cli_out *outs, size_t n, const char *picture) {
  plan p;
  memset(&p, 0, sizeof p);
  if (n > MAX_OUTS) return cli_error(cmd, "internal error: too many outputs"), -1;
  int rc = 0;
  for (size_t k = 0; !rc && k < n; k++) rc = resolve(cmd, &outs[k], picture, &p, k);
  for (size_t k = 0; !rc && k < n; k++)
    for (size_t j = k + 1; !rc && j < n; j++)
      if (p.file[k] && p.file[j] && same_file(p.file[k], p.file[j])) {
        cli_error(cmd, "%s and %s would both be written to %s", outs[k].option, outs[j].option,
                  p.file[j]);
        rc = -1;
      }
  release(&p, n);
  return rc;
}

/* For runs that write rows as they compute (cli_stream): open `path` into the run's set; its
 * temporary in *tmp (NULL for standard output). NULL after printing the error. */
static FILE *cli_set_open(const char *cmd, vt_outset *set, const char *path, const char **tmp) {
  vt_error err;
  FILE *fp;
  if (vt_outset_open(set, path, &fp, &err)) return cli_error(cmd, "%s", err.message), NULL;
  *tmp = cli_is_dash(path) ? NULL : set->file[set->n - 1].tmp_path;
  return fp;
}

/* End such a run: with `plot` (else NULL) draw it from files (gnuplot reading files[k] from
 * tmp[k]), the picture joining the set, then commit the set; abort it on any failure. 0 or -1
 * (printed). */
static int cli_set_finish(const char *cmd, vt_outset *set, const char *const *files,
                          const char *const *tmp, size_t n, cli_plot_fn plot, const void *ctx) {
  vt_error err;
  int rc = 0;
  if (plot) {
    fflush(NULL); /* gnuplot reads the temporaries */
    cli_plot_bind(set, files, tmp, n);
    rc = plot(ctx, files);
    cli_plot_bind(NULL, NULL, NULL, 0);
  }
  if (!rc && (rc = vt_outset_commit(set, &err)) != 0) cli_error(cmd, "%s", err.message);
  vt_outset_abort(set);
  return rc ? -1 : 0;
}
int cli_write_outputs(const char *cmd, const cli_out *outs, size_t n, const char *picture,
                      cli_plot_fn plot, const void *ctx, int quiet) {
  plan p;
  vt_outset set = {0};
  const char *tmp[MAX_OUTS] = {0};
  memset(&p, 0, sizeof p);
  if (n > MAX_OUTS) return cli_error(cmd, "internal error: too many outputs"), -1;
  int rc = 0;
  for (size_t k = 0; !rc && k < n; k++) rc = resolve(cmd, &outs[k], picture, &p, k);
  if (!rc) rc = write_files(cmd, outs, n, ctx, &p, &set, tmp);
  if (!rc) /* the picture and its script join the set (gnuplot reads tmp[]); all committed */
    rc = cli_set_finish(cmd, &set, (const char *const *)p.file, tmp, n, picture ? plot : NULL, ctx);
  else
    vt_outset_abort(&set);
  if (!rc) rc = write_stdout(cmd, outs, n, ctx);
  for (size_t k = 0; !rc && !quiet && k < n; k++)
    if (p.file[k]) fprintf(stderr, "vitrum %s: wrote %s\n", cmd, p.file[k]);
  if (!rc && !quiet && picture)
    fprintf(stderr, "vitrum %s: wrote %s (gnuplot script beside it)\n", cmd, picture);
  release(&p, n);
  return rc ? -1 : 0;
}

int cli_stream_open(const char *cmd, cli_stream *s, const char *path, const char *picture,
                    const char *suffix, const char *fallback) {
  size_t k = s->n++;
  if (!path && picture && !(path = s->own[k] = cli_beside(picture, suffix)))
    return cli_error(cmd, "out of memory"), -1;
  s->file[k] = path ? path : fallback;
  if (s->file[k] && !(s->fp[k] = cli_set_open(cmd, &s->set, s->file[k], &s->tmp[k]))) return -1;
  return 0;
}

int cli_stream_finish(const char *cmd, cli_stream *s, size_t first, cli_plot_fn plot,
                      const void *ctx) {
  return cli_set_finish(cmd, &s->set, s->file + first, s->tmp + first, s->n - first, plot, ctx);
}

void cli_stream_free(cli_stream *s) {
  vt_outset_abort(&s->set);
  for (size_t k = 0; k < s->n; k++) free(s->own[k]);
}
