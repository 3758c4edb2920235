/* Option files (options.h): an argument '@NAME' stands for the words written in the file NAME,
 * or in the shipped preset NAME (share/vitrum/presets/NAME.opts). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "text_file.h"

#ifndef VITRUM_PRESETS_DIR
#define VITRUM_PRESETS_DIR ""
#endif
#ifndef VITRUM_SOURCE_PRESETS_DIR
#define VITRUM_SOURCE_PRESETS_DIR ""
#endif

enum { MAX_DEPTH = 8, MAX_BYTES = 1 << 20 };

typedef struct word_vec {
  char **v; /* NULL-terminated once a word is in */
  size_t n, cap;
} word_vec;

static int push(word_vec *w, const char *text, vt_error *err) {
  if (w->n + 2 > w->cap) {
    size_t cap = w->cap ? 2 * w->cap : 32;
    char **v = realloc(w->v, cap * sizeof *v);
    if (!v) return vt_fail(err, VT_ENOMEM, "option files: out of memory");
    w->v = v;
    w->cap = cap;
    v[w->n] = NULL;
  }
  size_t len = strlen(text);
  char *copy = malloc(len + 1);
  if (!copy) return vt_fail(err, VT_ENOMEM, "option files: out of memory");
  memcpy(copy, text, len + 1);
  w->v[w->n++] = copy;
  w->v[w->n] = NULL;
  return VT_OK;
}

static int readable(const char *path) {
  FILE *fp = fopen(path, "r");
  if (fp) fclose(fp);
  return fp != NULL;
}

/* NAME as given, else (no slash) NAME and NAME.opts in the preset directories: the first that
 * opens, into path[]; 0 when none does. */
static int find_file(const char *name, char *path, size_t size) {
  snprintf(path, size, "%s", name);
  if (readable(path)) return 1;
  if (strchr(name, '/')) return 0;
  const char *dirs[] = {getenv("VITRUM_PRESETS"), VITRUM_PRESETS_DIR, VITRUM_SOURCE_PRESETS_DIR};
  const char *ext[] = {"", ".opts"};
  for (int d = 0; d < 3; d++)
    for (int e = 0; dirs[d] && dirs[d][0] && e < 2; e++) {
      snprintf(path, size, "%s/%s%s", dirs[d], name, ext[e]);
      if (readable(path)) return 1;
    }
  return 0;
}

static int expand_arg(word_vec *out, const char *arg, int depth, vt_error *err);

/* What failed in a nested file, with where that file was named (a line for each level). */
static int named_in(int status, vt_error *err, const char *path, long line) {
  if (!err) return status;
  char inner[VT_ERROR_MESSAGE_SIZE];
  snprintf(inner, sizeof inner, "%s", err->message);
  return vt_fail(err, status, "%s\n  named in %s, line %ld", inner, path, line);
}

/* The words of text (the file at path), in place: white space separates words, quotes ('...'
 * or "...") group them and join with what touches them, '#' at the start of a word comments
 * to the end of the line; a word '@NAME' is expanded. */
static int expand_text(word_vec *out, char *text, const char *path, int depth, vt_error *err) {
  char *src = text, *dst = text; /* dst never passes src: quotes are dropped */
  long line = 1;
  while (*src) {
    if (*src == '#') {
      src += strcspn(src, "\n");
      continue;
    }
    if (strchr(" \t\r\n", *src)) {
      line += *src++ == '\n';
      continue;
    }
    char *word = dst;
    while (*src && !strchr(" \t\r\n", *src)) {
      if (*src != '\'' && *src != '"') {
        *dst++ = *src++;
        continue;
      }
      char quote = *src++;
      long opened = line;
      for (; *src && *src != quote; *dst++ = *src++) line += *src == '\n';
      if (!*src)
        return vt_fail(err, VT_EPARSE, "%s, line %ld: unterminated %c quote", path, opened, quote);
      src++;
    }
    char sep = *src;
    *dst++ = '\0';
    int rc =
        word[0] == '@' && word[1] ? expand_arg(out, word, depth + 1, err) : push(out, word, err);
    if (rc) return word[0] == '@' ? named_in(rc, err, path, line) : rc;
    if (sep) {
      line += sep == '\n';
      src++;
    }
  }
  return VT_OK;
}

static int expand_arg(word_vec *out, const char *arg, int depth, vt_error *err) {
  if (arg[0] != '@' || !arg[1]) return push(out, arg, err);
  if (depth > MAX_DEPTH)
    return vt_fail(err, VT_EINVAL, "option file '%s': more than %d nested option files", arg,
                   MAX_DEPTH);
  char path[4096], *text;
  size_t len;
  if (!find_file(arg + 1, path, sizeof path))
    return vt_fail(
        err, VT_EIO, "option file '%s': cannot open it (no such file, nor a preset in %s%s%s)", arg,
        VITRUM_PRESETS_DIR, VITRUM_SOURCE_PRESETS_DIR[0] ? " or " : "", VITRUM_SOURCE_PRESETS_DIR);
  int rc = vt_read_text_file(path, MAX_BYTES, &text, &len, err);
  if (!rc) rc = expand_text(out, text, path, depth, err);
  free(text);
  return rc;
}

int vt_option_words(const char *const *args, size_t n, char ***words_out, size_t *n_words,
                    vt_error *err) {
  if (words_out) *words_out = NULL;
  if (n_words) *n_words = 0;
  if ((!args && n) || !words_out || !n_words)
    return vt_fail(err, VT_EINVAL, "vt_option_words: NULL argument");
  word_vec out = {0};
  int rc = VT_OK;
  for (size_t k = 0; !rc && k < n; k++)
    rc = args[k] ? expand_arg(&out, args[k], 0, err)
                 : vt_fail(err, VT_EINVAL, "vt_option_words: argument %zu is NULL", k);
  if (!rc && !out.v && !(out.v = calloc(1, sizeof *out.v)))
    rc = vt_fail(err, VT_ENOMEM, "option files: out of memory");
  if (rc) {
    vt_words_free(out.v);
    return rc;
  }
  *words_out = out.v;
  *n_words = out.n;
  return VT_OK;
}

void vt_words_free(char **words) {
  for (size_t k = 0; words && words[k]; k++) free(words[k]);
  free(words);
}
