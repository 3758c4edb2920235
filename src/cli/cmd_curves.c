/* vitrum curves: what a Mettler STARe export or curve CSV holds, one line per curve. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Summary of one curve. */
typedef struct summary {
  double t_min, t_max, T_min, T_max, hf_min, hf_max, rate;
  const char *T_name;
  char note[VT_ERROR_MESSAGE_SIZE];
} summary;

static void range_of(const double *v, size_t n, double *lo, double *hi) {
  *lo = INFINITY;
  *hi = -INFINITY;
  for (size_t i = 0; i < n; i++) {
    if (v[i] < *lo) *lo = v[i];
    if (v[i] > *hi) *hi = v[i];
  }
  if (*lo > *hi) *lo = *hi = NAN; /* no finite values */
}

static void summarise(const vt_curve *c, summary *s) {
  int use_Ts = c->n == 0 || isnan(c->Tr_K[0]);
  s->T_name = use_Ts ? "Ts" : "Tr";
  range_of(c->time_s, c->n, &s->t_min, &s->t_max);
  range_of(use_Ts ? c->Ts_K : c->Tr_K, c->n, &s->T_min, &s->T_max);
  range_of(c->heat_flow_W, c->n, &s->hf_min, &s->hf_max);
  vt_error err;
  s->note[0] = '\0';
  if (vt_curve_rate(c, use_Ts, &s->rate, NULL, &err)) {
    s->rate = NAN;
    snprintf(s->note, sizeof s->note, "%s", err.message);
  }
}

static void print_csv(const vt_curve_set *set) {
  printf("index,segment,name,points,t_min_s,t_max_s,T_min_C,T_max_C,T_min_K,T_max_K,"
         "rate_K_per_s,HF_min_mW,HF_max_mW\n");
  for (size_t i = 0; i < set->n; i++) {
    const vt_curve *c = &set->curves[i];
    summary s;
    summarise(c, &s);
    printf("%zu,%d,", i, c->segment);
    vt_csv_write_text(stdout, c->name);
    printf(",%zu,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g\n", c->n, s.t_min, s.t_max,
           s.T_min - 273.15, s.T_max - 273.15, s.T_min, s.T_max, s.rate, 1e3 * s.hf_min,
           1e3 * s.hf_max);
    if (s.note[0]) cli_error(CMD, "note: curve %zu: no scan rate: %s", i, s.note);
  }
}

static void print_table(const vt_curve_set *set) {
  printf("%s: %zu curve%s\n\n", set->source, set->n, set->n == 1 ? "" : "s");
  printf("%5s %7s %7s  %-19s  %-17s  %-17s  %10s  %-21s  %s\n", "index", "segment", "points",
         "t (s)", "T (C)", "T (K)", "rate (K/s)", "heat flow (mW)", "name");
  size_t notes = 0;
  for (size_t i = 0; i < set->n; i++) {
    const vt_curve *c = &set->curves[i];
    summary s;
    summarise(c, &s);
    char t[64], TC[64], TK[64], hf[64];
    snprintf(t, sizeof t, "%.6g..%.6g", s.t_min, s.t_max);
    snprintf(TC, sizeof TC, "%.2f..%.2f", s.T_min - 273.15, s.T_max - 273.15);
    snprintf(TK, sizeof TK, "%.2f..%.2f", s.T_min, s.T_max);
    snprintf(hf, sizeof hf, "%.5g..%.5g", 1e3 * s.hf_min, 1e3 * s.hf_max);
    printf("%5zu %7d %7zu  %-19s  %-17s  %-17s  %10.5g  %-21s  %s\n", i, c->segment, c->n, t, TC,
           TK, s.rate, hf, c->name);
    notes += s.note[0] != '\0';
  }
  if (notes) printf("\n");
  for (size_t i = 0; i < set->n; i++) {
    summary s;
    summarise(&set->curves[i], &s);
    if (s.note[0]) printf("note: curve %zu has no scan rate: %s\n", i, s.note);
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
    print_table(&set);
  vt_curve_set_free(&set);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    cli_error(CMD, "error writing to standard output");
    return CLI_FAIL;
  }
  return CLI_OK;
}
