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

/* Option files: an argument '@FILE' stands for the options in FILE. Words are separated by
 * white space, quotes ('...' or "...") group words, '#' starts a comment to the end of the line.
 * A name without a slash that is not a file is looked up as a shipped preset (e.g. @paper002:
 * presets/paper002.opts in the installed share/vitrum/presets, then in the source tree). Option
 * files may name further option files (8 levels at most). The expanded vector stays reachable
 * from here until exit. */
#ifndef VITRUM_PRESETS_DIR
#define VITRUM_PRESETS_DIR ""
#endif
#ifndef VITRUM_SOURCE_PRESETS_DIR
#define VITRUM_SOURCE_PRESETS_DIR ""
#endif

typedef struct argvec {
  char **v;
  int n, cap;
} argvec;

static argvec expanded;

static int argvec_push(argvec *a, char *word) {
  if (a->n + 2 > a->cap) {
    int cap = a->cap ? 2 * a->cap : 32;
    char **v = realloc(a->v, (size_t)cap * sizeof *v);
    if (!v) return -1;
    a->v = v;
    a->cap = cap;
  }
  a->v[a->n++] = word;
  a->v[a->n] = NULL;
  return 0;
}

/* Opens NAME as given, else (no slash) NAME and NAME.opts in the preset directories; the path
 * opened goes to path[]. */
static FILE *open_option_file(const char *name, char *path, size_t size) {
  snprintf(path, size, "%s", name);
  FILE *fp = fopen(path, "r");
  if (fp || strchr(name, '/')) return fp;
  const char *dirs[] = {getenv("VITRUM_PRESETS"), VITRUM_PRESETS_DIR, VITRUM_SOURCE_PRESETS_DIR};
  for (int d = 0; d < 3; d++) {
    if (!dirs[d] || !dirs[d][0]) continue;
    const char *ext[] = {"", ".opts"};
    for (int e = 0; e < 2; e++) {
      snprintf(path, size, "%s/%s%s", dirs[d], name, ext[e]);
      if ((fp = fopen(path, "r"))) return fp;
    }
  }
  snprintf(path, size, "%s", name);
  return NULL;
}

static int expand_arg(argvec *out, char *arg, int depth);

static int expand_file(argvec *out, const char *name, int depth) {
  char path[4096];
  FILE *fp = open_option_file(name, path, sizeof path);
  if (!fp) {
    fprintf(stderr,
            "vitrum: option file '@%s': cannot open it (no such file, nor a preset in "
            "%s%s%s)\n",
            name, VITRUM_PRESETS_DIR, VITRUM_SOURCE_PRESETS_DIR[0] ? " or " : "",
            VITRUM_SOURCE_PRESETS_DIR);
    return -1;
  }
  char *word = NULL;
  size_t len = 0, cap = 0;
  int line = 1, quote = 0, quote_line = 0, in_word = 0, comment = 0, rc = 0;
  for (int c = fgetc(fp);; c = fgetc(fp)) {
    int end = c == EOF;
    if (!end && comment) {
      if (c == '\n') comment = 0, line++;
      continue;
    }
    if (!end && quote) {
      if (c == quote) {
        quote = 0;
        continue;
      }
      if (c == '\n') line++;
    } else if (!end && (c == '\'' || c == '"')) {
      quote = c, quote_line = line, in_word = 1;
      continue;
    } else if (!end && c == '#' && !in_word) {
      comment = 1;
      continue;
    } else if (end || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) {
        char *w = word ? word : calloc(1, 1);
        if (!w) {
          rc = -1;
          break;
        }
        w[len] = '\0';
        word = NULL, len = cap = 0, in_word = 0;
        if (w[0] == '@' && w[1]) {
          rc = expand_arg(out, w, depth + 1);
          free(w);
          if (rc) {
            fprintf(stderr, "vitrum:   named in %s, line %d\n", path, line);
            break;
          }
        } else if (argvec_push(out, w)) {
          free(w);
          rc = -1;
          break;
        }
      }
      if (end) break;
      if (c == '\n') line++;
      continue;
    }
    if (len + 2 > cap) {
      cap = cap ? 2 * cap : 64;
      char *w = realloc(word, cap);
      if (!w) {
        rc = -1;
        break;
      }
      word = w;
    }
    word[len++] = (char)c;
    in_word = 1;
  }
  if (!rc && quote) {
    fprintf(stderr, "vitrum: %s, line %d: unterminated %c quote\n", path, quote_line, quote);
    rc = -1;
  }
  if (!rc && ferror(fp)) {
    fprintf(stderr, "vitrum: %s, line %d: read error\n", path, line);
    rc = -1;
  }
  free(word);
  fclose(fp);
  return rc;
}

static int expand_arg(argvec *out, char *arg, int depth) {
  if (arg[0] != '@' || !arg[1]) return argvec_push(out, arg);
  if (depth > 8) {
    fprintf(stderr, "vitrum: option file '%s': more than 8 nested option files\n", arg);
    return -1;
  }
  return expand_file(out, arg + 1, depth);
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

int main(int argc, char **argv) {
  catch_signals();
  vt_outfile_guard(1); /* a command never overwrites its inputs or one output with another */
  if (argc < 2) {
    usage(stderr);
    return CLI_USAGE;
  }
  for (int i = 0; i < argc; i++)
    if ((i == 0 ? argvec_push(&expanded, argv[i]) : expand_arg(&expanded, argv[i], 0)))
      return CLI_USAGE;
  argc = expanded.n;
  argv = expanded.v;
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
