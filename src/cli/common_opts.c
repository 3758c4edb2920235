/* Options shared by the commands that run models: the model's parameters, and the model made
 * from the model group (parsed and shown by opts.c, as the time grid and the virtual DSC's
 * thermal history are). One parser, so every command spells them alike. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "opts.h"

static int param_index(const char *model, vt_model_drive drive, const char *arg) {
  if (vt_model_drive_by_name(model) != drive) return -1;
  size_t n;
  const vt_param_info *p = vt_model_params_by_name(model, &n);
  for (size_t i = 0; p && i < n; i++)
    if (strncmp(arg, "--", 2) == 0 && strcmp(arg + 2, p[i].name) == 0) return (int)i;
  return -1;
}

int cli_param_option(const char *cmd, int argc, char **argv, int *i, vt_model_drive drive,
                     char (*assign)[256], int *n_assign) {
  const char *v = NULL;
  int is_set = cli_option(cmd, argc, argv, i, "--set", &v);
  if (is_set < 0) return -1;
  const char *const *names = vt_model_names();
  int k = -1;
  for (size_t m = 0; !is_set && names[m] && k < 0; m++) k = param_index(names[m], drive, argv[*i]);
  if (!is_set && k < 0) return 0;
  if (*n_assign == CLI_MAX_ASSIGN) return cli_error(cmd, "too many parameter options"), -1;
  if (is_set) {
    snprintf(assign[*n_assign], sizeof assign[0], "%s", v);
  } else {
    if (*i + 1 >= argc) return cli_error(cmd, "option %s needs a value", argv[*i]), -1;
    snprintf(assign[*n_assign], sizeof assign[0], "%s=%s", argv[*i] + 2, argv[*i + 1]);
    (*i)++;
  }
  (*n_assign)++;
  return 1;
}

vt_model *cli_model_make(const char *cmd, const cli_model_opts *mo) {
  vt_error err;
  vt_model *m = vt_model_create(mo->model ? mo->model : "tnm", &err);
  int rc = m ? VT_OK : err.status;
  for (int k = 0; !rc && k < mo->n_assign; k++) rc = vt_model_set_text(m, mo->assign[k], &err);
  if (!rc && mo->route) rc = vt_model_set_option(m, "route", mo->route, &err);
  if (!rc && mo->prony_tol) rc = vt_model_set_option(m, "prony_tol", mo->prony_tol, &err);
  if (!rc && mo->spectrum) {
    double *E = NULL, *tau0 = NULL, *w = NULL;
    size_t n = 0;
    rc = vt_read_spectrum_table(mo->spectrum, &E, &tau0, &w, &n, &err);
    if (!rc) rc = vt_units_set_table(m, E, tau0, w, n, &err);
    free(E);
    free(tau0);
    free(w);
  }
  return cli_model_ready(cmd, m, rc, &err, NULL);
}

vt_model *cli_model_ready(const char *cmd, vt_model *m, int rc, vt_error *err, char *numerics) {
  char text[256];
  if (!rc) rc = vt_model_numerics(m, numerics ? numerics : text, sizeof text, err);
  if (!rc) return m;
  cli_error(cmd, "%s", err->message);
  vt_model_free(m);
  return NULL;
}

void cli_model_help(FILE *fp) {
  const char *const *names = vt_model_names();
  for (size_t m = 0; names[m]; m++) {
    if (vt_model_drive_by_name(names[m]) != VT_DRIVE_TEMPERATURE) continue;
    size_t n;
    const vt_param_info *p = vt_model_params_by_name(names[m], &n);
    fprintf(fp, "parameters of %s:\n", names[m]);
    for (size_t i = 0; i < n; i++)
      fprintf(fp, "  --%-6s %s [%s]\n", p[i].name, p[i].description, *p[i].unit ? p[i].unit : "1");
  }
}

/* Progress on stderr, only when it is a terminal (long sweeps). */
void cli_progress(const char *cmd, size_t done, size_t total) {
  static int tty = -1;
  if (tty < 0) tty = isatty(fileno(stderr));
  if (!tty) return;
  fprintf(stderr, "\rvitrum %s: %zu/%zu", cmd, done, total);
  if (done == total) fputc('\n', stderr);
  fflush(stderr);
}
