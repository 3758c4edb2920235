/* vitrum: command-line entry point. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *fp) {
  fprintf(fp,
          "vitrum %s: relaxation, rejuvenation and memory effects in glasses\n"
          "\n"
          "usage: vitrum COMMAND [options]   (vitrum COMMAND --help for its options)\n"
          "\n"
          "commands:\n"
          "  simulate   run a relaxation model over a thermal program: Tf, enthalpy, Cp_N\n"
          "  models     list the models and their parameters (name, unit, default, bounds)\n"
          "  help       this text\n"
          "  version    print the version\n",
          vt_version());
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return CLI_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "simulate") == 0) return cmd_simulate(argc, argv);
  if (strcmp(cmd, "models") == 0) return cmd_models(argc, argv);
  if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
    usage(stdout);
    return CLI_OK;
  }
  if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
    printf("vitrum %s (CODATA %d constants)\n", vt_version(), VT_CODATA_YEAR);
    return CLI_OK;
  }
  fprintf(stderr, "vitrum: unknown command '%s'\n\n", cmd);
  usage(stderr);
  return CLI_USAGE;
}
