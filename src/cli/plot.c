/* Pictures through gnuplot. The .gp script is kept beside the picture so users can edit and
 * re-run it ("gnuplot kovacs.gp"); vitrum writes both to temporaries (one output set), runs
 * gnuplot on them and renames them into place together only when gnuplot succeeded and the
 * picture is complete: gnuplot exits 0 even when its write failed (a full disk cuts the file).
 * When gnuplot is missing or fails, the script alone is written, to be run by hand. */
#define _XOPEN_SOURCE 700 /* getrlimit, statvfs */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

static const char *extension(const char *path) {
  const char *dot = strrchr(path, '.');
  const char *slash = strrchr(path, '/');
  return (dot && (!slash || dot > slash)) ? dot + 1 : "";
}

static const char *terminal_for(const char *path) {
  const char *ext = extension(path);
  if (strcmp(ext, "png") == 0) return "pngcairo size 900,1000 enhanced font 'Sans,11'";
  if (strcmp(ext, "svg") == 0) return "svg size 900,1000 dynamic enhanced font 'Sans,11'";
  if (strcmp(ext, "pdf") == 0) return "pdfcairo size 6.5in,7in enhanced font 'Sans,10'";
  return NULL;
}

int cli_plot_check_name(const char *cmd, const char *picture) {
  if (terminal_for(picture)) return 0;
  cli_error(cmd, "--plot %s: expected a file name ending in .png, .svg or .pdf", picture);
  return -1;
}

/* text into buf for a single-quoted gnuplot string: a quote doubled, and a backslash before
 * each character of `escaped` (enhanced text's markup, literal in a title). */
static const char *gp_escape(const char *text, const char *escaped, char *buf, size_t size) {
  size_t j = 0;
  for (; *text && j + 3 < size; text++) {
    if (*text == '\'')
      buf[j++] = '\''; /* '' is a quote inside a single-quoted string */
    else if (strchr(escaped, *text))
      buf[j++] = '\\';
    buf[j++] = *text;
  }
  buf[j] = '\0';
  return buf;
}

const char *cli_gp_quote(const char *text, char *buf, size_t size) {
  return gp_escape(text, "", buf, size);
}

const char *cli_gp_name(const char *path, char *buf, size_t size) {
  const char *slash = strrchr(path, '/');
  return gp_escape(slash ? slash + 1 : path, "_^@&~{}\\", buf, size);
}

/* Is there an executable `name` on PATH? Checked before forking, so a missing gnuplot never
 * leaves a forked child exiting with a copy of our heap. */
static int on_path(const char *name) {
  const char *path = getenv("PATH");
  while (path && *path) {
    const char *colon = strchr(path, ':');
    size_t len = colon ? (size_t)(colon - path) : strlen(path);
    char full[4096];
    if (len > 0 && len + strlen(name) + 2 < sizeof full) {
      snprintf(full, sizeof full, "%.*s/%s", (int)len, path, name);
      if (access(full, X_OK) == 0) return 1;
    }
    path = colon ? colon + 1 : NULL;
  }
  return 0;
}

/* What an interrupted plot leaves: its gnuplot child and the temporary picture it may create
 * after vt_outfile_remove_all removed it (set while gnuplot runs, read by the signal handler). */
static volatile pid_t child;
static char pending_picture[4096];
static volatile sig_atomic_t plotting;

void cli_plot_on_signal(void) {
  if (!plotting) return;
  pid_t pid = child;
  if (pid > 0) {
    kill(pid, SIGKILL); /* its picture is a temporary: nothing to finish */
    waitpid(pid, NULL, 0);
  }
  unlink(pending_picture); /* async-signal-safe */
}

/* Run gnuplot on `script` with outfile set; returns its exit status (127: not found). */
static int run_gnuplot(const char *script, const char *outfile) {
  char setvar[4096], quoted[2048];
  snprintf(setvar, sizeof setvar, "outfile='%s'", cli_gp_quote(outfile, quoted, sizeof quoted));
  fflush(NULL);
  snprintf(pending_picture, sizeof pending_picture, "%s", outfile);
  plotting = 1;
  pid_t pid = fork();
  if (pid < 0) {
    plotting = 0;
    return -1;
  }
  if (pid == 0) {
    execlp("gnuplot", "gnuplot", "-e", setvar, script, (char *)NULL);
    _exit(127);
  }
  child = pid;
  int status, rc = -1;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) continue;
  if (WIFEXITED(status)) rc = WEXITSTATUS(status);
  child = 0;
  plotting = 0;
  return rc;
}

/* Does the picture end as its format ends (PNG's IEND chunk, </svg>, %%EOF)? */
static int picture_complete(const char *path, const char *ext) {
  const char *end = strcmp(ext, "png") == 0   ? "IEND\xae\x42\x60\x82"
                    : strcmp(ext, "svg") == 0 ? "</svg>"
                                              : "%%EOF";
  char tail[64];
  size_t n = 0, m = strlen(end);
  FILE *f = fopen(path, "rb");
  if (!f) return 0;
  if (fseek(f, -(long)sizeof tail, SEEK_END) != 0) rewind(f);
  n = fread(tail, 1, sizeof tail, f);
  fclose(f);
  while (n > 0 && strchr(" \r\n", tail[n - 1])) n--; /* trailing line breaks of text formats */
  return n >= m && memcmp(tail + n - m, end, m) == 0;
}

/* Why a picture is cut short: the file size limit, a full file system, or unknown. */
static const char *why_cut(const char *path) {
  struct stat st;
  struct rlimit rl;
  struct statvfs fs;
  if (stat(path, &st) == 0 && getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
      (rlim_t)st.st_size >= rl.rlim_cur)
    return strerror(EFBIG);
  if (statvfs(path, &fs) == 0 && fs.f_bavail == 0) return strerror(ENOSPC);
  return "gnuplot did not finish writing it";
}

static void write_script(FILE *fp, const char *script, const char *picture, const char *term,
                         const char *body) {
  char quoted[2048];
  fprintf(fp,
          "# written by vitrum %s; re-run with: gnuplot %s\n"
          "if (!exists(\"outfile\")) outfile = '%s'\n"
          "set terminal %s\n"
          "set output outfile\n"
          "set datafile separator ','\n"
          "%s"
          "unset output\n",
          vt_version(), script, cli_gp_quote(picture, quoted, sizeof quoted), term, body);
}

/* The script alone, for the user to run where gnuplot is or to see why it failed; 0 when it
 * is written. */
static int script_only(const char *cmd, const char *script, const char *picture, const char *term,
                       const char *body) {
  vt_outfile gp;
  vt_error err;
  if (vt_outfile_open(&gp, script, &err)) return cli_error(cmd, "%s", err.message), -1;
  write_script(gp.fp, script, picture, term, body);
  if (vt_outfile_commit(&gp, &err)) {
    cli_error(cmd, "%s", err.message);
    vt_outfile_abort(&gp);
    return -1;
  }
  return 0;
}

/* A run's data files in the making (cli_plot_bind): gnuplot reads their temporaries, the kept
 * script names the files they become, and all of them join the run's output set. */
static struct {
  vt_outset *set;
  const char *const *final, *const *tmp;
  size_t n;
} bound;

void cli_plot_bind(vt_outset *set, const char *const *final, const char *const *tmp, size_t n) {
  bound.set = set;
  bound.final = final;
  bound.tmp = tmp;
  bound.n = n;
}

/* The bound data file whose quoted name ('name') starts at r, or -1. */
static int quoted_final_at(const char *r, size_t *len) {
  char q[2048];
  for (size_t k = 0; *r == '\'' && k < bound.n; k++) {
    if (!bound.final[k] || !bound.tmp[k]) continue;
    cli_gp_quote(bound.final[k], q, sizeof q);
    *len = strlen(q) + 2;
    if (strncmp(r + 1, q, *len - 2) == 0 && r[*len - 1] == '\'') return (int)k;
  }
  return -1;
}

/* `body` with every quoted final data name replaced by its temporary (malloc'd): counted in
 * the first pass, written in the second. */
static char *with_temporaries(const char *body) {
  char *out = NULL;
  for (size_t j = 0, pass = 0; pass < 2; pass++, j = 0) {
    for (const char *r = body; *r;) {
      size_t len;
      int k = quoted_final_at(r, &len);
      if (k < 0) {
        if (out) out[j] = *r;
        j++, r++;
        continue;
      }
      char q[2048];
      cli_gp_quote(bound.tmp[k], q, sizeof q);
      if (out) snprintf(out + j, strlen(q) + 3, "'%s'", q);
      j += strlen(q) + 2;
      r += len;
    }
    if (out)
      out[j] = '\0';
    else if (!(out = malloc(j + 1)))
      return NULL;
  }
  return out;
}

/* gnuplot on the temporaries: the script first names the data temporaries, and is rewritten
 * with the final names once gnuplot is done. 0 or gnuplot's exit status. */
static int plot_temporaries(const char *script, const char *picture, const char *term,
                            const char *body, FILE *gp, const char *tmp_script,
                            const char *tmp_pic) {
  char *run_body = bound.n ? with_temporaries(body) : NULL;
  if (bound.n && !run_body) return -1;
  write_script(gp, script, picture, term, run_body ? run_body : body);
  free(run_body);
  if (fflush(gp) != 0) return -1;
  int status = run_gnuplot(tmp_script, tmp_pic);
  if (status == 0 && bound.n) {
    rewind(gp);
    if (ftruncate(fileno(gp), 0) != 0) return -1;
    write_script(gp, script, picture, term, body);
  }
  return status;
}

/* The script and the picture as one output set (the run's, when bound), gnuplot run on the
 * temporaries; committed here only when no run's set is bound. */
static int script_and_picture(const char *cmd, const char *script, const char *picture,
                              const char *term, const char *body) {
  vt_outset own = {0}, *set = bound.set ? bound.set : &own;
  vt_error err;
  FILE *gp, *pic;
  int rc = -1;
  if (vt_outset_open(set, script, &gp, &err) || vt_outset_open(set, picture, &pic, &err)) {
    cli_error(cmd, "%s", err.message);
    goto done;
  }
  const char *tmp_gp = set->file[set->n - 2].tmp_path, *tmp_pic = set->file[set->n - 1].tmp_path;
  int status = plot_temporaries(script, picture, term, body, gp, tmp_gp, tmp_pic);
  if (status < 0) {
    cli_error(cmd, "%s: write failed: %s", script, strerror(errno));
  } else if (status != 0) {
    vt_outset_abort(set); /* the script stays, to be run by hand: gnuplot says what is wrong */
    if (!script_only(cmd, script, picture, term, body))
      cli_error(cmd, "gnuplot failed on %s (exit status %d)", script, status);
  } else if (!picture_complete(tmp_pic, extension(picture)))
    cli_error(cmd, "%s: gnuplot wrote an incomplete picture: %s", picture, why_cut(tmp_pic));
  else if (set == &own && vt_outset_commit(set, &err))
    cli_error(cmd, "%s", err.message);
  else
    rc = 0;
done:
  if (set == &own || rc) vt_outset_abort(set);
  return rc;
}

int cli_plot(const char *cmd, const char *picture, const char *script_body) {
  if (cli_plot_check_name(cmd, picture)) return -1;
  const char *term = terminal_for(picture);
  size_t n = strlen(picture);
  const char *ext = extension(picture);
  char *script = malloc(n + 8);
  if (!script) {
    cli_error(cmd, "out of memory");
    return -1;
  }
  snprintf(script, n + 8, "%.*s.gp", (int)(n - strlen(ext) - 1), picture);
  int rc = -1;
  if (!on_path("gnuplot")) {
    if (!script_only(cmd, script, picture, term, script_body))
      cli_error(cmd,
                "gnuplot not found: install it (Debian: gnuplot-nox) or drop --plot; the "
                "script %s is written",
                script);
  } else
    rc = script_and_picture(cmd, script, picture, term, script_body);
  free(script);
  return rc;
}

char *cli_beside(const char *picture, const char *suffix) {
  const char *dot = strrchr(picture, '.');
  int stem = dot ? (int)(dot - picture) : (int)strlen(picture);
  size_t n = (size_t)stem + strlen(suffix) + 1;
  char *name = malloc(n);
  if (name) snprintf(name, n, "%.*s%s", stem, picture, suffix);
  return name;
}
