/* vitrum models [NAME]: the parameter tables. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

void cli_param_table(const vt_param_info *p, size_t n) {
  printf("  %-12s %-16s %-26s %s\n", "name", "default", "bounds", "description");
  for (size_t i = 0; i < n; i++) {
    char def[64], bounds[64];
    const char *u = p[i].unit;
    snprintf(def, sizeof def, "%g%s%s", vt_from_si(p[i].default_si, p[i].dim, u), *u ? " " : "", u);
    snprintf(bounds, sizeof bounds, "[%g, %g]%s%s", vt_from_si(p[i].lower_si, p[i].dim, u),
             vt_from_si(p[i].upper_si, p[i].dim, u), *u ? " " : "", u);
    printf("  %-12s %-16s %-26s %s\n", p[i].name, def, bounds, p[i].description);
  }
}

static void print_table(const char *name) {
  size_t n;
  const vt_param_info *p = vt_model_params_by_name(name, &n);
  printf("%s: %s\n", name, vt_model_summary(name));
  cli_param_table(p, n);
}

int cmd_models(int argc, char **argv) {
  if (argc > 2 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
    printf("usage: vitrum models [NAME]\n"
           "Print each model's parameter table: name, default, bounds (with units), meaning.\n"
           "Set parameters on other commands with --set NAME=VALUE UNIT or --NAME 'VALUE UNIT'.\n");
    return CLI_OK;
  }
  if (argc > 3) {
    cli_error("models", "takes at most one model name");
    return CLI_USAGE;
  }
  if (argc == 3) {
    if (!vt_model_summary(argv[2])) {
      vt_error err;
      vt_model_free(vt_model_create(argv[2], &err));
      cli_error("models", "%s", err.message);
      return CLI_USAGE;
    }
    print_table(argv[2]);
    return CLI_OK;
  }
  const char *const *names = vt_model_names();
  for (size_t i = 0; names[i]; i++) {
    if (i) printf("\n");
    print_table(names[i]);
  }
  return CLI_OK;
}
