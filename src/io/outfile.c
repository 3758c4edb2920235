/* Output files: written to a temporary beside the target and renamed into place, so a failed or
 * interrupted run never leaves a half-written file and never replaces what it should not.
 * - only regular files are written (a device, FIFO, directory or socket is refused: renaming a
 *   temporary over /dev/null turns it into a regular file); a symlink is followed and its
 *   target replaced, so the link stays;
 * - the new file gets the mode an existing target had, else 0666 less the umask (mkstemp's
 *   0600 made every CSV unreadable to colleagues);
 * - two outputs of one process open at once on the same file are refused (one would be lost);
 * - every live temporary is listed where vt_outfile_remove_all, safe in a signal handler, finds
 *   it. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/internal.h"
#include "outfile.h"

#define MAX_LIVE 64 /* outputs open at once in one process */

/* Live outputs: target (device, inode) and the temporary's name. The signal handler reads only
 * `tmp`, `bak`, `renamed` and `target`: pointers set after their string is complete and cleared
 * before it is freed. `bak` (a hard link to the old target) and `renamed` are set only while an
 * output set commits, so the handler can put back what the set had already replaced. */
static struct live {
  char *volatile tmp;
  char *volatile bak;
  volatile sig_atomic_t renamed;
  FILE *fp; /* for vt_outfile_name_of */
  dev_t dev;
  ino_t ino;
  char *volatile target;
} live[MAX_LIVE];
static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;

/* The run guard (a command turns it on): files read and files written so far in this process,
 * by (device, inode), so an output that is one of the inputs, or another output of the same
 * run, is refused instead of replacing it. */
#define MAX_SEEN 256
static struct seen {
  dev_t dev;
  ino_t ino;
  int input;
} seen[MAX_SEEN];
static int n_seen, guard_on;

void vt_outfile_guard(int on) {
  pthread_mutex_lock(&live_lock);
  guard_on = on;
  n_seen = 0;
  pthread_mutex_unlock(&live_lock);
}

static void remember(const struct stat *st, int input) {
  pthread_mutex_lock(&live_lock);
  if (guard_on && n_seen < MAX_SEEN) seen[n_seen++] = (struct seen){st->st_dev, st->st_ino, input};
  pthread_mutex_unlock(&live_lock);
}

void vt_outfile_note_input(const char *path) {
  struct stat st;
  if (guard_on && path && stat(path, &st) == 0) remember(&st, 1);
}

/* 1: an input, 2: an output written before; 0 otherwise. Called with live_lock held. */
static int seen_before(const struct stat *st) {
  for (int k = 0; guard_on && k < n_seen; k++)
    if (seen[k].dev == st->st_dev && seen[k].ino == st->st_ino) return seen[k].input ? 1 : 2;
  return 0;
}

/* Only async-signal-safe calls (unlink, rename). A set member already renamed into place is
 * rolled back: its old file restored from the backup link, a new file removed. */
void vt_outfile_remove_all(void) {
  for (int k = 0; k < MAX_LIVE; k++) {
    char *t = live[k].tmp, *b = live[k].bak, *target = live[k].target;
    if (t) unlink(t);
    int renamed = live[k].renamed && target;
    if (renamed && !b) unlink(target); /* a new file */
    if (b) {
      if (renamed) rename(b, target);
      unlink(b); /* left when rename found one file under both names */
    }
  }
}

static char *dup_string(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d) memcpy(d, s, n);
  return d;
}

static const char *kind_of(mode_t m) {
  return S_ISDIR(m)    ? "a directory"
         : S_ISCHR(m)  ? "a character device"
         : S_ISBLK(m)  ? "a block device"
         : S_ISFIFO(m) ? "a FIFO"
         : S_ISSOCK(m) ? "a socket"
                       : "not a regular file";
}

/* The file to replace: the path itself, or the target of a symlink (malloc'd); its mode and
 * identity when it exists (*exists 0 otherwise). */
static int resolve(const char *path, char **target, struct stat *st, int *exists, vt_error *err) {
  struct stat lst;
  *exists = 0;
  *target = NULL;
  if (lstat(path, &lst) != 0) {
    if (errno != ENOENT) return vt_fail(err, VT_EIO, "%s: cannot write: %s", path, strerror(errno));
    *target = dup_string(path);
    return *target ? VT_OK : vt_fail(err, VT_ENOMEM, "out of memory");
  }
  if (S_ISLNK(lst.st_mode)) {
    char buf[PATH_MAX];
    if (!realpath(path, buf))
      return vt_fail(err, VT_EIO, "%s: a symlink to nowhere (%s): cannot write through it", path,
                     strerror(errno));
    if (stat(buf, st) != 0)
      return vt_fail(err, VT_EIO, "%s: cannot write: %s", path, strerror(errno));
    *target = dup_string(buf);
  } else {
    *st = lst;
    *target = dup_string(path);
  }
  if (!*target) return vt_fail(err, VT_ENOMEM, "out of memory");
  *exists = 1;
  if (!S_ISREG(st->st_mode))
    return vt_fail(err, VT_EINVAL,
                   "%s is %s: vitrum writes regular files only (-o - writes to standard output)",
                   path, kind_of(st->st_mode));
  return VT_OK;
}

/* Claim a slot for the target; VT_EINVAL when another live output writes the same file. */
static int claim(const char *path, char *target, const struct stat *st, int exists, int *slot,
                 vt_error *err) {
  pthread_mutex_lock(&live_lock);
  int free_slot = -1, clash = -1;
  for (int k = 0; k < MAX_LIVE; k++) {
    if (!live[k].target) {
      if (free_slot < 0) free_slot = k;
      continue;
    }
    int same = exists ? live[k].dev == st->st_dev && live[k].ino == st->st_ino
                      : strcmp(live[k].target, target) == 0;
    if (same) clash = k;
  }
  int before = exists ? seen_before(st) : 0;
  if (clash < 0 && !before && free_slot >= 0) {
    live[free_slot].target = target;
    live[free_slot].dev = exists ? st->st_dev : 0;
    live[free_slot].ino = exists ? st->st_ino : 0;
    *slot = free_slot;
  }
  pthread_mutex_unlock(&live_lock);
  if (before == 1)
    return vt_fail(err, VT_EINVAL, "%s is an input of this run: write the output to another file",
                   path);
  if (clash >= 0 || before == 2)
    return vt_fail(err, VT_EINVAL, "%s: the same file is already an output of this run", path);
  if (free_slot < 0)
    return vt_fail(err, VT_ERANGE, "%s: more than %d outputs at once", path, MAX_LIVE);
  return VT_OK;
}

static void release(vt_outfile *out) {
  if (out->slot <= 0) return;
  struct live *l = &live[out->slot - 1];
  pthread_mutex_lock(&live_lock);
  char *target = l->target;
  l->tmp = l->bak = NULL;
  l->renamed = 0;
  l->fp = NULL;
  l->target = NULL; /* cleared before freed: the signal handler may read it */
  pthread_mutex_unlock(&live_lock);
  free(target);
  out->slot = 0;
}

static mode_t new_mode(const struct stat *st, int exists) {
  if (exists) return st->st_mode & 07777;
  mode_t mask = umask(0); /* read the umask: the only way POSIX offers */
  umask(mask);
  return 0666 & ~mask;
}

/* The temporary beside the target, created with the final mode and listed for removal. */
static int create_temp(vt_outfile *out, mode_t mode, vt_error *err) {
  size_t n = strlen(out->path) + 16;
  char *tmp = malloc(n);
  if (!tmp) return vt_fail(err, VT_ENOMEM, "out of memory");
  snprintf(tmp, n, "%s.tmp.XXXXXX", out->path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    int e = errno;
    free(tmp);
    return vt_fail(err, VT_EIO, "%s: cannot create: %s", out->path, strerror(e));
  }
  out->tmp_path = tmp;
  live[out->slot - 1].tmp = tmp;
  if (fchmod(fd, mode) != 0 || !(out->fp = fdopen(fd, "w"))) {
    int e = errno;
    close(fd);
    return vt_fail(err, VT_EIO, "%s: cannot open for writing: %s", out->path, strerror(e));
  }
  pthread_mutex_lock(&live_lock);
  live[out->slot - 1].fp = out->fp;
  pthread_mutex_unlock(&live_lock);
  return VT_OK;
}

/* The stream is closed: its address may come back from the next fopen. */
static void forget_fp(const vt_outfile *out) {
  if (out->slot <= 0) return;
  pthread_mutex_lock(&live_lock);
  live[out->slot - 1].fp = NULL;
  pthread_mutex_unlock(&live_lock);
}

const char *vt_outfile_name_of(FILE *fp, char *buf, size_t n) {
  snprintf(buf, n, "%s", fp == stdout ? "standard output" : "the output");
  pthread_mutex_lock(&live_lock);
  for (int k = 0; fp && fp != stdout && k < MAX_LIVE; k++)
    if (live[k].fp == fp && live[k].target) snprintf(buf, n, "%s", live[k].target);
  pthread_mutex_unlock(&live_lock);
  return buf;
}

int vt_outfile_open(vt_outfile *out, const char *path, vt_error *err) {
  if (!out) return vt_fail(err, VT_EINVAL, "vt_outfile_open: NULL output");
  memset(out, 0, sizeof *out);
  if (!path || !*path) return vt_fail(err, VT_EINVAL, "empty output file name");
  if (strcmp(path, "-") == 0) {
    out->fp = stdout;
    return VT_OK;
  }
  struct stat st;
  int exists, slot = -1;
  char *target;
  int rc = resolve(path, &target, &st, &exists, err);
  if (!rc) rc = claim(path, target, &st, exists, &slot, err);
  if (rc) {
    free(target);
    return rc;
  }
  out->slot = slot + 1;
  out->path = dup_string(target); /* the slot owns `target` */
  rc = out->path ? create_temp(out, new_mode(&st, exists), err)
                 : vt_fail(err, VT_ENOMEM, "out of memory");
  if (rc) vt_outfile_abort(out);
  return rc;
}

int vt_outfile_commit(vt_outfile *out, vt_error *err) {
  if (!out || !out->fp) return vt_fail(err, VT_EINVAL, "vt_outfile_commit: no open output");
  if (!out->tmp_path) { /* standard output */
    int bad = fflush(out->fp) != 0 || ferror(out->fp);
    out->fp = NULL;
    return bad ? vt_fail(err, VT_EIO, "error writing to standard output: %s", strerror(errno))
               : VT_OK;
  }
  errno = 0;
  int bad = ferror(out->fp), e = errno;
  forget_fp(out);
  if (fclose(out->fp) != 0) bad = 1, e = errno;
  out->fp = NULL;
  if (!bad && rename(out->tmp_path, out->path) != 0) bad = 1, e = errno;
  if (bad) {
    char path[512];
    snprintf(path, sizeof path, "%s", out->path);
    vt_outfile_abort(out);
    return vt_fail(err, VT_EIO, "%s: write failed: %s", path, e ? strerror(e) : "I/O error");
  }
  live[out->slot - 1].tmp = NULL; /* renamed: nothing left to remove */
  struct stat st;
  if (guard_on && stat(out->path, &st) == 0) remember(&st, 0);
  release(out);
  free(out->tmp_path);
  free(out->path);
  memset(out, 0, sizeof *out);
  return VT_OK;
}

void vt_outfile_abort(vt_outfile *out) {
  if (!out) return;
  if (out->slot > 0) live[out->slot - 1].tmp = NULL;
  forget_fp(out);
  if (out->fp && out->tmp_path) fclose(out->fp);
  if (out->tmp_path) remove(out->tmp_path);
  release(out);
  free(out->tmp_path);
  free(out->path);
  memset(out, 0, sizeof *out);
}

/* An output set: every file of a run committed, or none. */

int vt_outset_open(vt_outset *set, const char *path, FILE **fp, vt_error *err) {
  if (fp) *fp = NULL;
  if (!set) return vt_fail(err, VT_EINVAL, "vt_outset_open: NULL set");
  if (!fp) return vt_fail(err, VT_EINVAL, "vt_outset_open: NULL fp");
  if (set->n < 0 || set->n >= VT_OUTSET_MAX)
    return vt_fail(err, VT_ERANGE, "%s: more than %d outputs in one set", path ? path : "(null)",
                   VT_OUTSET_MAX);
  int rc = vt_outfile_open(&set->file[set->n], path, err);
  if (rc) return rc;
  *fp = set->file[set->n++].fp;
  return VT_OK;
}

/* Phase 1: close every file (flush standard output), so a full disk or a failed write shows
 * before anything is replaced. */
static int close_members(vt_outset *set, vt_error *err) {
  for (int i = 0; i < set->n; i++) {
    vt_outfile *o = &set->file[i];
    if (!o->fp) continue;
    errno = 0;
    int bad = ferror(o->fp), e = errno;
    forget_fp(o);
    if (o->tmp_path ? fclose(o->fp) != 0 : fflush(o->fp) != 0) bad = 1, e = errno;
    o->fp = NULL;
    if (bad)
      return vt_fail(err, VT_EIO, "%s: write failed: %s", o->tmp_path ? o->path : "standard output",
                     e ? strerror(e) : "I/O error");
  }
  return VT_OK;
}

/* A hard link to the file `path` will replace, so a failed commit can put it back (same inode:
 * content, mode, owner and other links all restored). NULL with *e 0 when there is no old file. */
static char *backup_link(const char *path, int *e) {
  size_t n = strlen(path) + 48;
  char *b = malloc(n);
  *e = ENOMEM;
  for (unsigned k = 0; b && k < 1000; k++) {
    snprintf(b, n, "%s.bak.%ld.%u", path, (long)getpid(), k);
    if (link(path, b) == 0) return b;
    *e = errno == ENOENT ? 0 : errno;
    if (errno != EEXIST) break;
  }
  free(b);
  return NULL;
}

/* Put back what members [0, n_renamed) replaced and drop every backup. */
static void roll_back(vt_outset *set, char **bak, int n_renamed) {
  for (int i = 0; i < set->n; i++) {
    vt_outfile *o = &set->file[i];
    if (i < n_renamed && o->tmp_path && !bak[i]) unlink(o->path); /* a new file */
    if (bak[i]) {
      if (i < n_renamed) rename(bak[i], o->path);
      unlink(bak[i]); /* left when rename found the same file under both names */
      live[o->slot - 1].bak = NULL;
      free(bak[i]);
      bak[i] = NULL;
    }
  }
}

/* Phase 2 and 3: back up every old target, then rename every temporary into place; on a
 * failure, undo the renames done. Returns the index of the failing member, or -1. */
static int swap_in(vt_outset *set, char **bak, int *e) {
  for (int i = 0; i < set->n; i++) {
    vt_outfile *o = &set->file[i];
    if (!o->tmp_path) continue;
    bak[i] = backup_link(o->path, e);
    if (!bak[i] && *e) return roll_back(set, bak, 0), i;
    live[o->slot - 1].bak = bak[i];
  }
  for (int i = 0; i < set->n; i++) {
    vt_outfile *o = &set->file[i];
    if (!o->tmp_path) continue;
    live[o->slot - 1].renamed = 1; /* before: a handler then restores or removes either way */
    if (rename(o->tmp_path, o->path) != 0) {
      *e = errno;
      live[o->slot - 1].renamed = 0;
      roll_back(set, bak, i);
      return i;
    }
    live[o->slot - 1].tmp = NULL;
  }
  return -1;
}

/* After a commit: drop the backups, note the files written for the run guard, free. */
static void settle(vt_outset *set, char **bak) {
  for (int i = 0; i < set->n; i++) {
    vt_outfile *o = &set->file[i];
    if (o->slot > 0) {
      live[o->slot - 1].renamed = 0;
      live[o->slot - 1].bak = NULL;
    }
    if (bak[i]) unlink(bak[i]);
    free(bak[i]);
    struct stat st;
    if (guard_on && o->tmp_path && stat(o->path, &st) == 0) remember(&st, 0);
    free(o->tmp_path);
    o->tmp_path = NULL;
    vt_outfile_abort(o);
  }
  set->n = 0;
}

int vt_outset_commit(vt_outset *set, vt_error *err) {
  if (!set) return vt_fail(err, VT_EINVAL, "vt_outset_commit: NULL set");
  int rc = close_members(set, err);
  if (rc) return vt_outset_abort(set), rc;
  /* No SIGINT/SIGTERM/SIGHUP in this thread between the first rename and the last backup
   * removed: a signal then finds either the old files or the new ones. */
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigaddset(&block, SIGTERM);
  sigaddset(&block, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &block, &old);
  char *bak[VT_OUTSET_MAX] = {0};
  int e = 0, bad = swap_in(set, bak, &e);
  if (bad >= 0) {
    char path[400];
    snprintf(path, sizeof path, "%s", set->file[bad].path);
    vt_outset_abort(set);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return vt_fail(err, VT_EIO,
                   "%s: cannot put the new file in place: %s (no output of this "
                   "run was replaced)",
                   path, strerror(e));
  }
  settle(set, bak);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return VT_OK;
}

void vt_outset_abort(vt_outset *set) {
  if (!set) return;
  for (int i = 0; i < set->n && i < VT_OUTSET_MAX; i++) vt_outfile_abort(&set->file[i]);
  set->n = 0;
}
