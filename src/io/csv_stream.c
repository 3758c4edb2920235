/* Rows of a streamed simulation written by a second thread while the caller computes the next
 * ones: formatting a row costs about as much as computing it, so writing inline doubled the
 * wall time of a long simulate. The caller fills chunks of rows; a writer thread formats and
 * writes full ones. N_CHUNKS x CHUNK_ROWS rows are in flight at most (0.64 MB, and the writer's
 * 64 KB of text), so memory stays independent of the program's length; rows reach the files in
 * order. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "format_g.h"
#include "outfile.h"

#define N_CHUNKS 4
/* 4 x 2000 rows (640 KB) in flight, inside one core's L2 (1 MB here). With 4 x 8192 rows (2.6 MB)
 * the caller's steps ran 60 % slower in most runs while the writer read the rows (bench_all,
 * 2e6 rows: 0.40-0.48 against 0.25 s of the caller's CPU, depending on the process's memory
 * layout); at 2000 rows 19 of 19 runs were fast (0.25-0.28 s). Measured, not explained. */
#define CHUNK_ROWS 2000
#define BUF_BYTES  65536 /* the writer's text buffer */

typedef struct chunk {
  vt_trace_row rows[CHUNK_ROWS];
  size_t n;
  int full; /* handed to the writer (guarded by mu) */
} chunk;

struct vt_csv_stream {
  FILE *fp[2];
  size_t n_fp;
  int only_requested;
  chunk c[N_CHUNKS];
  size_t prod, cons; /* chunk being filled; chunk the writer takes next */
  int done, io_error;
  int io_errno; /* of the failed write (the writer thread's errno) */
  FILE *io_fp;  /* the file it failed on */
  pthread_t writer;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  char buf[BUF_BYTES]; /* the writer's only */
};

/* buf[0..n) to every file; on a failure the file and errno go to s->io_fp / io_errno (read
 * after the writer stopped or under mu), so the message can say which file and why (a full
 * disk). */
static int write_text(vt_csv_stream *s, const char *buf, size_t n) {
  for (size_t f = 0; f < s->n_fp; f++) {
    errno = 0;
    if (fwrite(buf, 1, n, s->fp[f]) != n) {
      pthread_mutex_lock(&s->mu);
      s->io_errno = errno, s->io_fp = s->fp[f];
      pthread_mutex_unlock(&s->mu);
      return VT_EIO;
    }
  }
  return VT_OK;
}

/* The rows are formatted into one buffer, written whenever it is nearly full: one fwrite per
 * ~BUF_BYTES instead of one per row (stdio locks the file on every call), and the text formatted
 * once for both files. */
static int write_chunk(vt_csv_stream *s, const chunk *c) {
  size_t n = 0;
  for (size_t i = 0; i < c->n; i++) {
    if (s->only_requested && !c->rows[i].requested) continue;
    n += vt_trace_row_put(s->buf + n, &c->rows[i]);
    if (n > BUF_BYTES - VT_ROW_ROOM) {
      if (write_text(s, s->buf, n)) return VT_EIO;
      n = 0;
    }
  }
  return n ? write_text(s, s->buf, n) : VT_OK;
}

/* "PATH: error writing CSV: REASON" (called with the failure recorded). */
static int write_error(int e, FILE *fp, vt_error *err) {
  char name[400];
  return vt_fail(err, VT_EIO, "%s: error writing CSV: %s",
                 vt_outfile_name_of(fp, name, sizeof name), e ? strerror(e) : "I/O error");
}

static void *writer_main(void *arg) {
  vt_csv_stream *s = arg;
  for (;;) {
    pthread_mutex_lock(&s->mu);
    while (!s->c[s->cons].full && !s->done) pthread_cond_wait(&s->cv, &s->mu);
    int have = s->c[s->cons].full;
    pthread_mutex_unlock(&s->mu);
    if (!have) return NULL; /* done, and every full chunk written */
    int rc = write_chunk(s, &s->c[s->cons]);
    pthread_mutex_lock(&s->mu);
    if (rc) s->io_error = 1;
    s->c[s->cons].full = 0;
    s->c[s->cons].n = 0;
    s->cons = (s->cons + 1) % N_CHUNKS;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
  }
}

vt_csv_stream *vt_csv_stream_open(FILE *const *fps, size_t n_fp, int only_requested,
                                  vt_error *err) {
  if (!fps || n_fp < 1 || n_fp > 2) {
    vt_fail(err, VT_EINVAL, "vt_csv_stream_open: one or two files expected");
    return NULL;
  }
  vt_csv_stream *s = calloc(1, sizeof *s);
  if (!s) {
    vt_fail(err, VT_ENOMEM, "out of memory (CSV stream)");
    return NULL;
  }
  memcpy(s->fp, fps, n_fp * sizeof *fps);
  s->n_fp = n_fp;
  s->only_requested = only_requested;
  pthread_mutex_init(&s->mu, NULL);
  pthread_cond_init(&s->cv, NULL);
  if (pthread_create(&s->writer, NULL, writer_main, s) != 0) {
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
    free(s);
    vt_fail(err, VT_ENOMEM, "cannot start the CSV writer thread");
    return NULL;
  }
  return s;
}

int vt_csv_stream_row(const vt_trace_row *row, void *stream, vt_error *err) {
  if (!row || !stream) return vt_fail(err, VT_EINVAL, "vt_csv_stream_row: NULL row or stream");
  vt_csv_stream *s = stream;
  chunk *c = &s->c[s->prod];
  c->rows[c->n++] = *row;
  if (c->n < CHUNK_ROWS) return VT_OK;
  pthread_mutex_lock(&s->mu); /* hand the chunk over, wait for the next one to be free */
  c->full = 1;
  pthread_cond_broadcast(&s->cv);
  s->prod = (s->prod + 1) % N_CHUNKS;
  while (s->c[s->prod].full && !s->io_error) pthread_cond_wait(&s->cv, &s->mu);
  int bad = s->io_error, e = s->io_errno;
  FILE *fp = s->io_fp;
  pthread_mutex_unlock(&s->mu);
  return bad ? write_error(e, fp, err) : VT_OK;
}

int vt_csv_stream_close(vt_csv_stream *s, vt_error *err) {
  if (!s) return VT_OK;
  pthread_mutex_lock(&s->mu);
  if (s->c[s->prod].n && !s->io_error) s->c[s->prod].full = 1;
  s->done = 1;
  pthread_cond_broadcast(&s->cv);
  pthread_mutex_unlock(&s->mu);
  pthread_join(s->writer, NULL);
  int rc = s->io_error ? write_error(s->io_errno, s->io_fp, err) : VT_OK;
  pthread_cond_destroy(&s->cv);
  pthread_mutex_destroy(&s->mu);
  free(s);
  return rc;
}

/* What vt_simulate_write_csv keeps of the rows while they go to the writer. */
typedef struct sim_csv {
  vt_csv_stream *stream;
  size_t nodes;
  vt_trace_row last;
} sim_csv;

static int sim_row(const vt_trace_row *row, void *user, vt_error *err) {
  sim_csv *c = user;
  c->nodes++;
  c->last = *row;
  return vt_csv_stream_row(row, c->stream, err);
}

int vt_simulate_write_csv(vt_model *model, const vt_program *prog, const vt_grid_options *opts,
                          FILE *const *fps, size_t n_fp, size_t *nodes, vt_trace_row *last,
                          vt_error *err) {
  if (nodes) *nodes = 0;
  int bad = !model || !prog || !opts || !fps || n_fp == 0;
  for (size_t k = 0; !bad && k < n_fp; k++) bad = !fps[k];
  if (bad) return vt_fail(err, VT_EINVAL, "vt_simulate_write_csv: NULL or no argument");
  for (size_t k = 0; k < n_fp; k++) vt_trace_csv_header(fps[k]); /* failures show at close */
  sim_csv c = {0};
  c.stream = vt_csv_stream_open(fps, n_fp, opts->n_at_time || opts->n_at_T, err);
  if (!c.stream) return err ? err->status : VT_ENOMEM;
  vt_error werr;
  int rc = vt_simulate_stream(model, prog, opts, sim_row, &c, err);
  int wrc = vt_csv_stream_close(c.stream, &werr); /* all rows written (or the writer stopped) */
  if (!rc && wrc) rc = vt_fail(err, wrc, "%s", werr.message);
  if (nodes) *nodes = c.nodes;
  if (last && c.nodes) *last = c.last;
  return rc;
}
