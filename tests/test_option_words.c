/* vt_option_words: option files ('@FILE') and the shipped presets read into words as the
 * command line takes them: white space, quotes joining pieces, comments, nesting, the line of
 * an error and the file that named a failing one. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

static char dir[] = "/tmp/vt_option_words_XXXXXX";

static void write_file(const char *name, const char *text) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *fp = fopen(path, "w");
  if (fp) {
    fputs(text, fp);
    fclose(fp);
  }
}

/* The words of args (n of them), compared with want[] (n_want). */
static void check_words(const char *const *args, size_t n, const char *const *want, size_t n_want) {
  char **words;
  size_t n_words;
  vt_error err;
  int rc = vt_option_words(args, n, &words, &n_words, &err);
  CHECK(rc == VT_OK, "%s: status %d (%s)", args[0], rc, err.message);
  if (rc) return;
  CHECK(n_words == n_want, "%s: %zu words, want %zu", args[0], n_words, n_want);
  for (size_t k = 0; k < n_want && k < n_words; k++)
    CHECK(strcmp(words[k], want[k]) == 0, "%s: word %zu '%s', want '%s'", args[0], k, words[k],
          want[k]);
  CHECK(words[n_words] == NULL, "the vector ends with NULL");
  vt_words_free(words);
}

/* An error: its status, its first line and its second (NULL: none). */
static void check_error(const char *arg, int status, const char *line1, const char *line2) {
  char **words = (char **)&words;
  size_t n = 99;
  vt_error err;
  int rc = vt_option_words(&arg, 1, &words, &n, &err);
  CHECK(rc == status, "%s: status %d, want %d (%s)", arg, rc, status, err.message);
  CHECK(words == NULL && n == 0, "%s: no words after an error", arg);
  CHECK(strncmp(err.message, line1, strlen(line1)) == 0, "'%s' starts not with '%s'", err.message,
        line1);
  const char *nl = strchr(err.message, '\n');
  if (line2)
    CHECK(nl && strncmp(nl + 1, line2, strlen(line2)) == 0 && strchr("\n", nl[1 + strlen(line2)]),
          "'%s': second line, want '%s'", err.message, line2);
  else
    CHECK(!nl, "'%s': one line", err.message);
}

int main(void) {
  if (!mkdtemp(dir)) return printf("mkdtemp failed\n"), 1;
  char path[256], arg[300], want1[400], want2[400];

  /* quoted pieces join; '#' starts a comment only at a word's start; an empty quoted word;
   * CRLF line ends; tabs */
  write_file("q.opts", "--T1 '348, '\"363 K\"  # comment 'not closed\r\n"
                       "--T2\t383K#x '' \"a 'b'\"\r\n#last\n");
  snprintf(arg, sizeof arg, "@%s/q.opts", dir);
  const char *a1[] = {"first", arg, "@", "last"};
  const char *w1[] = {"first", "--T1", "348, 363 K", "--T2", "383K#x", "", "a 'b'", "@", "last"};
  check_words(a1, 4, w1, 9);

  /* nesting, in place and in order; a file without words adds none */
  write_file("inner.opts", "--phi '100 K/s'\n");
  write_file("empty.opts", "# nothing\n\n");
  snprintf(path, sizeof path, "--T-s 403K @%s/inner.opts @%s/empty.opts --phi 50K/s\n", dir, dir);
  write_file("outer.opts", path);
  snprintf(arg, sizeof arg, "@%s/outer.opts", dir);
  const char *a2[] = {arg};
  const char *w2[] = {"--T-s", "403K", "--phi", "100 K/s", "--phi", "50K/s"};
  check_words(a2, 1, w2, 6);
  check_words(NULL, 0, NULL, 0);

  /* a preset by name, from $VITRUM_PRESETS first: NAME, then NAME.opts */
  write_file("mine.opts", "--T-eq '693 K'\n");
  setenv("VITRUM_PRESETS", dir, 1);
  const char *a3[] = {"@mine"};
  const char *w3[] = {"--T-eq", "693 K"};
  check_words(a3, 1, w3, 2);
  unsetenv("VITRUM_PRESETS");
  /* the shipped paper 002 protocol (presets/paper002.opts), found in the source tree */
  const char *a4[] = {"@paper002"};
  const char *w4[] = {"--T-eq",      "693 K",    "--cool-rate", "6000 K/s",
                      "--heat-rate", "1000 K/s", "--T-high",    "600 K"};
  check_words(a4, 1, w4, 8);

  /* errors: the line of an unterminated quote, and where a failing file was named */
  write_file("bad.opts", "--T1 '373 K'\n\n--t1 '1 s\n--T2 383K\n");
  snprintf(path, sizeof path, "# a comment\n--T1 '373 K' @%s/bad.opts\n", dir);
  write_file("top.opts", path);
  snprintf(arg, sizeof arg, "@%s/top.opts", dir);
  snprintf(want1, sizeof want1, "%s/bad.opts, line 3: unterminated ' quote", dir);
  snprintf(want2, sizeof want2, "  named in %s/top.opts, line 2", dir);
  check_error(arg, VT_EPARSE, want1, want2);
  snprintf(arg, sizeof arg, "@%s/nowhere.opts", dir);
  snprintf(want1, sizeof want1, "option file '%s': cannot open it", arg);
  check_error(arg, VT_EIO, want1, NULL);
  snprintf(path, sizeof path, "@%s/loop.opts\n", dir);
  write_file("loop.opts", path);
  snprintf(arg, sizeof arg, "@%s/loop.opts", dir);
  snprintf(want1, sizeof want1, "option file '%s': more than 8 nested option files", arg);
  snprintf(want2, sizeof want2, "  named in %s/loop.opts, line 1", dir);
  check_error(arg, VT_EINVAL, want1, want2);
  vt_error err;
  char **words;
  size_t n;
  CHECK(vt_option_words(NULL, 1, &words, &n, &err) == VT_EINVAL, "NULL args");
  const char *null_arg[] = {NULL};
  CHECK(vt_option_words(null_arg, 1, &words, &n, &err) == VT_EINVAL, "a NULL argument");
  vt_words_free(NULL);

  const char *names[] = {"q", "inner", "empty", "outer", "mine", "bad", "top", "loop"};
  for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
    snprintf(path, sizeof path, "%s/%s.opts", dir, names[k]);
    remove(path);
  }
  rmdir(dir);
  TEST_MAIN_END();
}
