/* vitrum curves: what a Mettler STARe export or curve CSV holds, one line per curve. */
#include <stdio.h>

#include "opts.h"

#define CMD "curves"

typedef struct curves_opts {
  const char *file;
  size_t n_files;
  int csv;
} curves_opts;

#define F(field) offsetof(curves_opts, field)
static const cli_opt options[] = {
    CLI_F("--csv", F(csv),
          "machine-readable CSV instead of the table: index,segment,name,points,\n"
          "t_min_s,t_max_s,T_min_C,T_max_C,T_min_K,T_max_K,rate_K_per_s,\n"
          "HF_min_mW,HF_max_mW"),
    CLI_END};

static const cli_command command = {
    .name = CMD,
    .usage = "FILE [--csv]",
    .about =
        "List the curves in a Mettler STARe text export or a curve CSV file: per curve its\n"
        "index (0-based, for --curves of 'vitrum peaks'), method segment (the 87 of a STARe\n"
        "name '[]]87[$...', -1 if none), number of points, time range, temperature range (the\n"
        "program temperature Tr, else the sample temperature Ts) in C and K, scan rate (K/s,\n"
        "a straight-line fit of T against t; negative on cooling; nan when T is not strictly\n"
        "monotonic, with a note why) and heat-flow range.\n"
        "\n"
        "CSV input: '#' comments, then a header whose names carry units, e.g.\n"
        "  time_s,T_C,heat_flow_mW   or   curve,t [s],Tr [K],Ts [K],HF [mW]\n"
        "with an optional 'curve' column (a new curve where its value changes).",
    .opts = options,
    CLI_ONE_FILE(curves_opts)};

/* The CSV on standard output, a note on standard error for each curve without a scan rate. */
static void print_csv(const vt_curve_set *set) {
  vt_curve_set_write_csv(set, stdout, NULL); /* a failed write is reported below */
  for (size_t i = 0; i < set->n; i++) {
    vt_curve_summary s;
    vt_curve_summarise(&set->curves[i], &s);
    if (s.note[0]) cli_error(CMD, "note: curve %zu: no scan rate: %s", i, s.note);
  }
}

int cmd_curves(int argc, char **argv) {
  curves_opts o = {0};
  int r = cli_parse(&command, argc, argv, &o);
  if (r) return r > 0 ? CLI_OK : CLI_USAGE;
  const char *file = o.file;
  int csv = o.csv;
  vt_curve_set set;
  vt_error err;
  if (vt_read_curves(file, &set, &err)) {
    cli_error(CMD, "%s", err.message);
    return CLI_FAIL;
  }
  if (csv)
    print_csv(&set);
  else
    vt_curve_set_write_summary(&set, stdout, NULL);
  vt_curve_set_free(&set);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    cli_error(CMD, "error writing to standard output");
    return CLI_FAIL;
  }
  return CLI_OK;
}
