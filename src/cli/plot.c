/* Pictures through gnuplot. The .gp script is kept beside the picture so users can edit and
 * re-run it ("gnuplot kovacs.gp"); vitrum runs it with the output redirected to a temporary name
 * that is renamed into place only when gnuplot succeeds. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

const char *cli_gp_quote(const char *text, char *buf, size_t size) {
  size_t j = 0;
  for (size_t i = 0; text[i] && j + 3 < size; i++) {
    if (text[i] == '\'') buf[j++] = '\''; /* '' is a quote inside a single-quoted string */
    buf[j++] = text[i];
  }
  buf[j] = '\0';
  return buf;
}

const char *cli_gp_name(const char *path, char *buf, size_t size) {
  const char *slash = strrchr(path, '/'), *p = slash ? slash + 1 : path;
  size_t j = 0;
  for (; *p && j + 3 < size; p++) {
    if (*p == '\'')
      buf[j++] = '\''; /* '' inside a single-quoted string */
    else if (strchr("_^@&~{}\\", *p))
      buf[j++] = '\\'; /* literal in enhanced text */
    buf[j++] = *p;
  }
  buf[j] = '\0';
  return buf;
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

/* What an interrupted plot leaves: its gnuplot child, the script and the temporary picture
 * (set while gnuplot runs, read by the signal handler). */
static volatile pid_t child;
static char pending_script[4096], pending_picture[4096];
static volatile sig_atomic_t plotting;

void cli_plot_on_signal(void) {
  if (!plotting) return;
  if (child > 0) kill(child, SIGTERM);
  unlink(pending_picture); /* async-signal-safe */
  unlink(pending_script);
}

/* Run gnuplot with outfile set; returns its exit status (127: not found). */
static int run_gnuplot(const char *script, const char *outfile) {
  if (!on_path("gnuplot")) return 127;
  char setvar[4096], quoted[2048];
  snprintf(setvar, sizeof setvar, "outfile='%s'", cli_gp_quote(outfile, quoted, sizeof quoted));
  fflush(NULL);
  snprintf(pending_script, sizeof pending_script, "%s", script);
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

int cli_plot(const char *cmd, const char *picture, const char *script_body) {
  const char *term = terminal_for(picture);
  if (!term) {
    cli_error(cmd, "--plot %s: expected a .png, .svg or .pdf name", picture);
    return -1;
  }
  size_t n = strlen(picture);
  const char *ext = extension(picture);
  char *script = malloc(n + 8), *tmp_pic = malloc(n + 32);
  if (!script || !tmp_pic) {
    free(script);
    free(tmp_pic);
    cli_error(cmd, "out of memory");
    return -1;
  }
  snprintf(script, n + 8, "%.*s.gp", (int)(n - strlen(ext) - 1), picture);
  snprintf(tmp_pic, n + 32, "%s.tmp.%ld.%s", picture, (long)getpid(), ext);
  vt_outfile gp;
  vt_error err;
  int rc = -1;
  char quoted[2048];
  if (vt_outfile_open(&gp, script, &err)) {
    cli_error(cmd, "%s", err.message);
    goto done;
  }
  fprintf(gp.fp,
          "# written by vitrum %s; re-run with: gnuplot %s\n"
          "if (!exists(\"outfile\")) outfile = '%s'\n"
          "set terminal %s\n"
          "set output outfile\n"
          "set datafile separator ','\n"
          "%s"
          "unset output\n",
          vt_version(), script, cli_gp_quote(picture, quoted, sizeof quoted), term, script_body);
  if (vt_outfile_commit(&gp, &err)) {
    cli_error(cmd, "%s", err.message);
    goto done;
  }
  int status = run_gnuplot(script, tmp_pic);
  if (status == 127) {
    cli_error(cmd,
              "gnuplot not found: install it (Debian: gnuplot-nox) or drop --plot; the "
              "script %s is written",
              script);
  } else if (status != 0) {
    cli_error(cmd, "gnuplot failed on %s (exit status %d)", script, status);
  } else if (rename(tmp_pic, picture) != 0) {
    cli_error(cmd, "%s: cannot write: %s", picture, strerror(errno));
  } else {
    rc = 0;
  }
  if (rc) remove(tmp_pic);
done:
  free(script);
  free(tmp_pic);
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
