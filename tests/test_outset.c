/* Output sets: all files of a run committed, or none. A failed write (file size limit, as on a
 * full disk) or a failed rename (the target's directory removed between open and commit) must
 * leave every earlier target with its old content and inode, and no temporary or backup. */
#define _XOPEN_SOURCE 700 /* mkdtemp, setrlimit */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

static char root[256];

static void path_of(char *buf, size_t n, const char *name) {
  snprintf(buf, n, "%s/%s", root, name);
}

static void put(const char *name, const char *text) {
  char p[512];
  path_of(p, sizeof p, name);
  FILE *f = fopen(p, "w");
  if (f) fputs(text, f), fclose(f);
}

/* The content of a file (first 255 bytes), "" when missing. */
static const char *get(const char *name) {
  static char buf[256];
  char p[512];
  path_of(p, sizeof p, name);
  buf[0] = 0;
  FILE *f = fopen(p, "r");
  if (f) buf[fread(buf, 1, sizeof buf - 1, f)] = 0, fclose(f);
  return buf;
}

static ino_t inode(const char *name) {
  char p[512];
  struct stat st;
  path_of(p, sizeof p, name);
  return stat(p, &st) == 0 ? st.st_ino : 0;
}

/* The entries of a directory below root, sorted and space separated. */
static const char *listing(const char *sub) {
  static char buf[1024];
  char p[512], *names[64];
  int n = 0;
  path_of(p, sizeof p, sub);
  DIR *d = opendir(p);
  for (struct dirent *e; d && n < 64 && (e = readdir(d));)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) names[n++] = strdup(e->d_name);
  if (d) closedir(d);
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
      char *t = names[j];
      names[j] = names[j - 1], names[j - 1] = t;
    }
  buf[0] = 0;
  for (int i = 0; i < n; i++) {
    if (i) strcat(buf, " ");
    strncat(buf, names[i], sizeof buf - strlen(buf) - 2);
    free(names[i]);
  }
  return buf;
}

static void clear_dir(const char *sub) {
  char p[512], q[800];
  path_of(p, sizeof p, sub);
  DIR *d = opendir(p);
  for (struct dirent *e; d && (e = readdir(d));)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
      snprintf(q, sizeof q, "%s/%s", p, e->d_name), unlink(q);
  if (d) closedir(d);
  rmdir(p);
}

static int add(vt_outset *set, const char *name, const char *text, vt_error *err) {
  char p[512];
  FILE *fp;
  path_of(p, sizeof p, name);
  int rc = vt_outset_open(set, p, &fp, err);
  if (!rc) fputs(text, fp);
  return rc;
}

static void test_commit(void) {
  char p[512];
  mkdir(strcat(strcpy(p, root), "/c"), 0777);
  put("c/old.csv", "old\n");
  path_of(p, sizeof p, "c/old.csv");
  chmod(p, 0664);
  vt_outset set = {0};
  vt_error err = {0};
  CHECK(add(&set, "c/old.csv", "new old\n", &err) == VT_OK, "open old.csv: %s", err.message);
  CHECK(add(&set, "c/new.csv", "new\n", &err) == VT_OK, "open new.csv: %s", err.message);
  CHECK(strlen(listing("c")) > strlen("old.csv"), "temporaries while open: %s", listing("c"));
  CHECK(get("c/old.csv")[0] == 'o', "old.csv replaced before the commit");
  CHECK(vt_outset_commit(&set, &err) == VT_OK, "commit: %s", err.message);
  CHECK(strcmp(get("c/old.csv"), "new old\n") == 0, "old.csv holds '%s'", get("c/old.csv"));
  CHECK(strcmp(get("c/new.csv"), "new\n") == 0, "new.csv holds '%s'", get("c/new.csv"));
  CHECK(strcmp(listing("c"), "new.csv old.csv") == 0, "after commit: [%s]", listing("c"));
  struct stat st;
  CHECK(stat(p, &st) == 0 && (st.st_mode & 0777) == 0664, "mode %o, want 664",
        (unsigned)st.st_mode & 0777);
  CHECK(set.n == 0, "the set is empty after a commit (n = %d)", set.n);
  vt_outset_abort(&set); /* after a commit: nothing to do */
  vt_outset_abort(&set);
  vt_outset zero = {0};
  vt_outset_abort(&zero);
  CHECK(vt_outset_commit(&zero, &err) == VT_OK, "an empty set commits: %s", err.message);
}

static void test_abort_and_signal(void) {
  char p[512];
  mkdir(strcat(strcpy(p, root), "/a"), 0777);
  put("a/keep.csv", "keep\n");
  vt_outset set = {0};
  vt_error err = {0};
  add(&set, "a/keep.csv", "lost\n", &err);
  add(&set, "a/x.csv", "lost\n", &err);
  vt_outset_abort(&set);
  CHECK(strcmp(listing("a"), "keep.csv") == 0, "after abort: [%s]", listing("a"));
  CHECK(strcmp(get("a/keep.csv"), "keep\n") == 0, "keep.csv holds '%s'", get("a/keep.csv"));
  /* What a signal handler calls: the temporaries of set members go too. */
  add(&set, "a/keep.csv", "lost\n", &err);
  add(&set, "a/y.csv", "lost\n", &err);
  vt_outfile_remove_all();
  CHECK(strcmp(listing("a"), "keep.csv") == 0, "after remove_all: [%s]", listing("a"));
  vt_outset_abort(&set);
  /* One file twice in a set: refused at open, the set unchanged. */
  add(&set, "a/keep.csv", "lost\n", &err);
  FILE *fp = stderr;
  path_of(p, sizeof p, "a/keep.csv");
  CHECK(vt_outset_open(&set, p, &fp, &err) == VT_EINVAL && fp == NULL && set.n == 1,
        "the same file twice: status %d, n %d", err.status, set.n);
  CHECK_CONTAINS(err.message, "already an output");
  vt_outset_abort(&set);
  CHECK(strcmp(listing("a"), "keep.csv") == 0, "after abort: [%s]", listing("a"));
}

/* The last rename fails: its directory went away after the files were written. */
static void test_failed_rename(void) {
  char p[512];
  mkdir(strcat(strcpy(p, root), "/r"), 0777);
  mkdir(strcat(strcpy(p, root), "/gone"), 0777);
  put("r/one.csv", "one\n");
  put("r/two.csv", "two\n");
  ino_t one = inode("r/one.csv"), two = inode("r/two.csv");
  vt_outset set = {0};
  vt_error err = {0};
  int rc = add(&set, "r/one.csv", "new one\n", &err) || add(&set, "r/new.csv", "new\n", &err) ||
           add(&set, "r/two.csv", "new two\n", &err) || add(&set, "gone/g.csv", "g\n", &err);
  CHECK(rc == VT_OK, "open: %s", err.message);
  clear_dir("gone");
  CHECK(vt_outset_commit(&set, &err) == VT_EIO, "commit: status %d, want VT_EIO", err.status);
  CHECK_CONTAINS(err.message, "gone/g.csv");
  CHECK_CONTAINS(err.message, strerror(ENOENT));
  CHECK(strcmp(listing("r"), "one.csv two.csv") == 0, "after the failure: [%s]", listing("r"));
  CHECK(strcmp(get("r/one.csv"), "one\n") == 0, "one.csv holds '%s'", get("r/one.csv"));
  CHECK(strcmp(get("r/two.csv"), "two\n") == 0, "two.csv holds '%s'", get("r/two.csv"));
  CHECK(inode("r/one.csv") == one && inode("r/two.csv") == two, "the old files are back");
  CHECK(set.n == 0, "the set is empty after a failed commit");
  vt_outset_abort(&set);
}

/* A write fails (file size limit: EFBIG, as ENOSPC on a full disk): nothing is replaced. */
static void test_failed_write(void) {
  char p[512];
  mkdir(strcat(strcpy(p, root), "/w"), 0777);
  put("w/one.csv", "one\n");
  vt_outset set = {0};
  vt_error err = {0};
  struct rlimit old, lim;
  getrlimit(RLIMIT_FSIZE, &old);
  lim = old;
  lim.rlim_cur = 4096;
  signal(SIGXFSZ, SIG_IGN);
  setrlimit(RLIMIT_FSIZE, &lim);
  FILE *fp = NULL;
  add(&set, "w/one.csv", "new one\n", &err);
  path_of(p, sizeof p, "w/big.csv");
  CHECK(vt_outset_open(&set, p, &fp, &err) == VT_OK, "open big.csv: %s", err.message);
  for (int k = 0; fp && k < 2000; k++) fputs("0123456789\n", fp);
  CHECK(vt_outset_commit(&set, &err) == VT_EIO, "commit: status %d, want VT_EIO", err.status);
  setrlimit(RLIMIT_FSIZE, &old);
  CHECK_CONTAINS(err.message, "big.csv");
  CHECK_CONTAINS(err.message, strerror(EFBIG));
  CHECK(strcmp(listing("w"), "one.csv") == 0, "after the failure: [%s]", listing("w"));
  CHECK(strcmp(get("w/one.csv"), "one\n") == 0, "one.csv holds '%s'", get("w/one.csv"));
}

static void test_null(void) {
  FILE *fp = stderr;
  vt_error err = {0};
  CHECK(vt_outset_open(NULL, "x", &fp, &err) == VT_EINVAL && fp == NULL, "NULL set");
  vt_outset set = {0};
  CHECK(vt_outset_open(&set, "x", NULL, &err) == VT_EINVAL && set.n == 0, "NULL fp");
  CHECK(vt_outset_open(&set, NULL, &fp, &err) == VT_EINVAL && set.n == 0, "NULL path");
  CHECK(vt_outset_commit(NULL, &err) == VT_EINVAL, "NULL set commit");
  vt_outset_abort(NULL);
}

int main(void) {
  snprintf(root, sizeof root, "%s/vt-outset.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  if (!mkdtemp(root)) return perror("mkdtemp"), 1;
  test_commit();
  test_abort_and_signal();
  test_failed_rename();
  test_failed_write();
  test_null();
  const char *subs[] = {"c", "a", "r", "w"};
  for (int i = 0; i < 4; i++) clear_dir(subs[i]);
  rmdir(root);
  TEST_MAIN_END();
}
