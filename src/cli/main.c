/* vitrum: command-line entry point. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct command {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} command;

static const command commands[] = {
    {"simulate", cmd_simulate, "run a relaxation model over a thermal program: Tf, enthalpy, Cp_N"},
    {"dsc", cmd_dsc, "virtual Flash DSC: anneal, heat, subtract the as-cooled scan; peak maps"},
    {"kovacs", cmd_kovacs, "two-step (Kovacs) annealing: dh(t2) curves, memory strength"},
    {"pathmatch", cmd_pathmatch,
     "cooling path vs isothermal path to the same enthalpy (paper 002)"},
    {"curves", cmd_curves, "list the curves in a Mettler STARe export or CSV file"},
    {"peaks", cmd_peaks, "relaxation peaks of measured curves: subtract, normalise, metrics"},
    {"tf", cmd_tf, "fictive temperature, relaxation enthalpy and Tg of measured heating scans"},
    {"kissinger", cmd_kissinger, "Kissinger activation energy from (rate, Tp) or curves"},
    {"eyring", cmd_eyring, "activation enthalpy H* and entropy S* (paper 000 Eq. 4)"},
    {"debye", cmd_debye, "fit Debye recovery peaks (paper 004 Eqs. 3-4); E*_Debye maps"},
    {"loss", cmd_loss, "fit the DMA loss modulus E''(T) with Havriliak-Negami/Debye terms"},
    {"fit", cmd_fit, "fit model parameters to enthalpy-recovery tables and Cp_N curves"},
    {"strain", cmd_strain, "two-step strain programs: stress, peak time, memory (paper 001)"},
    {"kww", cmd_kww, "KWW / double-KWW fits of stress relaxation and recovery curves"},
    {"pdf", cmd_pdf, "S(Q), G(r), Faber-Ziman weights and first-peak metrics from X-ray data"},
    {"pel", cmd_pel, "energy-landscape ageing model over a thermal program (paper 003)"},
    {"pel-map", cmd_pel_map, "ageing-rate map of the energy-landscape model over (E_IS, T)"},
    {"agemap", cmd_agemap, "ageing-rate map from MD E_IS(t) curves (slope mining + spline)"},
    {"md", cmd_md, "molecular dynamics on LAMMPS: quench, anneal with E_IS, MPI campaigns"},
    {"models", cmd_models, "list the models and their parameters (name, unit, default, bounds)"},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *fp) {
  fprintf(fp,
          "vitrum %s: relaxation, rejuvenation and memory effects in glasses\n"
          "\n"
          "usage: vitrum COMMAND [options]   (vitrum COMMAND --help for its options)\n"
          "\n"
          "commands:\n",
          vt_version());
  for (size_t i = 0; i < N_COMMANDS; i++)
    fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf(fp, "  %-10s %s\n  %-10s %s\n", "help", "this text", "version", "print the version");
  fprintf(fp, "\nAn argument @FILE stands for the options written in FILE ('#' comments, quotes);\n"
              "@paper000, @paper002, @paper004 are the papers' protocols (presets/*.opts).\n");
}

/* SIGINT, SIGTERM, SIGHUP: remove every temporary output and an unfinished plot, then die of the
 * signal as the shell expects (exit status 128 + signal). */
static void on_signal(int sig) {
  vt_outfile_remove_all();
  cli_plot_on_signal();
  signal(sig, SIG_DFL);
  raise(sig);
}

static void catch_signals(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
  for (int k = 0; k < 3; k++) sigaction(sigs[k], &sa, NULL);
}

/* The command argv[1] on its arguments. */
static int run(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return CLI_USAGE;
  }
  const char *cmd = argv[1];
  for (size_t i = 0; i < N_COMMANDS; i++)
    if (strcmp(cmd, commands[i].name) == 0) return commands[i].run(argc, argv);
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

int main(int argc, char **argv) {
  catch_signals();
  vt_outfile_guard(1); /* a command never overwrites its inputs or one output with another */
  if (argc < 2) {
    usage(stderr);
    return CLI_USAGE;
  }
  /* Each argument '@FILE' replaced by the options written in FILE (or a shipped preset). */
  char **words, **args;
  size_t n;
  vt_error err;
  if (vt_option_words((const char *const *)argv + 1, (size_t)argc - 1, &words, &n, &err)) {
    for (const char *line = err.message; *line; line += strcspn(line, "\n")) {
      line += *line == '\n';
      fprintf(stderr, "vitrum: %.*s\n", (int)strcspn(line, "\n"), line);
    }
    return CLI_USAGE;
  }
  if (!(args = malloc((n + 2) * sizeof *args))) {
    fprintf(stderr, "vitrum: out of memory\n");
    vt_words_free(words);
    return CLI_FAIL;
  }
  args[0] = argv[0];
  memcpy(args + 1, words, (n + 1) * sizeof *args);
  int rc = run((int)n + 1, args);
  free(args);
  vt_words_free(words);
  return rc;
}
