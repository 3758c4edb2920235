/* Work folders: OUT.work/ beside an output holds restart files c<chunk>.restart and `state`
 * ("params ...", "chunk K", then the E_IS rows so far). The state is written after its restart
 * file and renamed into place, so whatever the moment of an interruption, the state names a
 * complete restart file. Rank 0 of the run's communicator does the file work. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../io/text_file.h"
#include "md_internal.h"

const char *md_work_restart(const md_work *w, long k, char *buf, size_t size) {
  snprintf(buf, size, "%s/c%06ld.restart", w->dir, k);
  return buf;
}

/* Parse a state file into w (rank 0). 1 when it matches the parameters, 0 when there is none. */
static int read_state(md_work *w, const char *params, vt_error *err) {
  char path[1200], *text;
  size_t len;
  snprintf(path, sizeof path, "%s/state", w->dir);
  if (access(path, F_OK) != 0) return 0;
  if (vt_read_text_file(path, 64u << 20, &text, &len, err)) return -1;
  char *nl = strchr(text, '\n');
  if (!nl || strncmp(text, "params ", 7) != 0 || (size_t)(nl - text - 7) != strlen(params) ||
      strncmp(text + 7, params, strlen(params)) != 0) {
    free(text);
    vt_fail(err, VT_EINVAL,
            "%s holds an interrupted run with other settings: remove the folder to start afresh, "
            "or resume with the settings it was started with",
            w->dir);
    return -1;
  }
  char *rows = strchr(nl + 1, '\n');
  if (sscanf(nl + 1, "chunk %ld", &w->chunk) != 1 || !rows) {
    free(text);
    vt_fail(err, VT_EPARSE, "%s:2: expected 'chunk K'", path);
    return -1;
  }
  w->rows_len = strlen(rows + 1);
  w->rows = malloc(w->rows_len + 1);
  if (w->rows) memcpy(w->rows, rows + 1, w->rows_len + 1);
  free(text);
  return w->rows ? 1 : (vt_fail(err, VT_ENOMEM, "out of memory"), -1);
}

/* Bring rank 0's rows and chunk to every rank. */
static void share_state(md_work *w, MPI_Comm comm) {
  long n[2] = {w->chunk, (long)w->rows_len};
  int rank;
  MPI_Comm_rank(comm, &rank);
  MPI_Bcast(n, 2, MPI_LONG, 0, comm);
  w->chunk = n[0], w->rows_len = (size_t)n[1];
  if (rank != 0) {
    free(w->rows);
    w->rows = calloc(w->rows_len + 1, 1);
  }
  if (w->rows_len) MPI_Bcast(w->rows, (int)w->rows_len, MPI_CHAR, 0, comm);
}

int md_work_open(md_work *w, const char *out_path, const char *params, MPI_Comm comm, int *resumed,
                 vt_error *err) {
  memset(w, 0, sizeof *w);
  snprintf(w->dir, sizeof w->dir, "%s.work", out_path);
  snprintf(w->params, sizeof w->params, "%s", params);
  int rank, found = 0, rc = VT_OK;
  MPI_Comm_rank(comm, &rank);
  if (rank == 0) {
    found = read_state(w, params, err);
    if (found < 0)
      rc = err ? err->status : VT_EINVAL;
    else if (mkdir(w->dir, 0777) != 0 && errno != EEXIST)
      rc = vt_fail(err, VT_EIO, "cannot create %s: %s", w->dir, strerror(errno));
  }
  if ((rc = md_agree(rc, err, comm))) return md_work_free(w), rc;
  MPI_Bcast(&found, 1, MPI_INT, 0, comm);
  share_state(w, comm);
  *resumed = found == 1;
  return VT_OK;
}

int md_work_add_row(md_work *w, const char *row) {
  size_t n = strlen(row);
  char *r = realloc(w->rows, w->rows_len + n + 1);
  if (!r) return VT_ENOMEM;
  memcpy(r + w->rows_len, row, n + 1);
  w->rows = r, w->rows_len += n;
  return VT_OK;
}

static int write_state(const md_work *w, vt_error *err) {
  char path[1200], tmp[1210];
  snprintf(path, sizeof path, "%s/state", w->dir);
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  FILE *f = fopen(tmp, "w");
  if (!f) return vt_fail(err, VT_EIO, "cannot write %s: %s", tmp, strerror(errno));
  fprintf(f, "params %s\nchunk %ld\n%s", w->params, w->chunk, w->rows ? w->rows : "");
  int bad = ferror(f) | fflush(f) | fsync(fileno(f));
  bad |= fclose(f);
  if (bad || rename(tmp, path) != 0) {
    remove(tmp);
    return vt_fail(err, VT_EIO, "cannot write %s", path);
  }
  return VT_OK;
}

int md_work_checkpoint(md_work *w, md_lmp *s, vt_error *err) {
  char file[1200], old[1200];
  md_cmd(s, "write_restart \"%s\"", md_work_restart(w, w->chunk, file, sizeof file));
  int rc = VT_OK;
  if (s->rank == 0) {
    rc = write_state(w, err);
    if (!rc && w->chunk > 0) remove(md_work_restart(w, w->chunk - 1, old, sizeof old));
  }
  return md_agree(rc, err, s->comm);
}

void md_work_free(md_work *w) {
  free(w->rows);
  w->rows = NULL;
  w->rows_len = 0;
}

void md_work_finish(md_work *w, MPI_Comm comm) {
  int rank;
  MPI_Comm_rank(comm, &rank);
  MPI_Barrier(comm);
  if (rank == 0) {
    char path[1200];
    snprintf(path, sizeof path, "%s/state", w->dir);
    remove(path);
    md_work_restart(w, w->chunk, path, sizeof path);
    remove(path);
    rmdir(w->dir);
  }
  md_work_free(w);
}
