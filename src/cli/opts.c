/* The parser and help printer of the option tables (opts.h). */
#include "opts.h"

#include "cal_opts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIELD(base, off, type)  ((type *)((char *)(base) + (off)))
#define CFIELD(base, off, type) ((const type *)((const char *)(base) + (off)))

/* The alias of `names` ("-o|--output") that `arg` starts with, with the value it carries
 * after '='; the match's length, 0 for none. */
static size_t match_name(const char *names, const char *arg) {
  for (const char *n = names; *n;) {
    size_t len = strcspn(n, "|");
    if (strncmp(arg, n, len) == 0 && (arg[len] == '\0' || arg[len] == '=')) return len;
    n += len + (n[len] == '|');
  }
  return 0;
}

/* The longest alias, for messages ("--output" of "-o|--output"). */
static void long_name(const char *names, char *buf, size_t size) {
  const char *bar = strrchr(names, '|');
  snprintf(buf, size, "%s", bar ? bar + 1 : names);
}

/* A CLI_ROW_OF entry as the library row it names, at the command's field; other entries as
 * they are. A name the table lacks leaves it CLI_LIB_ROW, neither parsed nor shown (the
 * command's help tests show the gap). */
static cli_opt resolved(const cli_opt *r) {
  cli_opt out = *r;
  size_t n = 0;
  const vt_option *rows = r->kind == CLI_LIB_ROW ? r->rows(&n) : NULL;
  const vt_option *row = rows ? vt_option_find(rows, n, r->first) : NULL;
  if (row) {
    out.kind = CLI_LIB;
    out.o = *row;
    out.o.offset = r->o.offset;
  }
  return out;
}

/* A repeatable text: every occurrence is kept, in command-line order. */
static int store_texts(const char *cmd, const cli_opt *r, const char *v, void *opts) {
  const char ***dst = FIELD(opts, r->o.offset, const char **);
  size_t *count = FIELD(opts, r->o.count_offset, size_t);
  const char **all = realloc(*dst, (*count + 1) * sizeof *all);
  if (!all) return cli_error(cmd, "out of memory"), -1;
  all[(*count)++] = v;
  *dst = all;
  return 0;
}

/* Store the value of row `r` (named `name` on the command line) into `opts`: the command line's
 * own kinds here, the rest through the library's parser (quantities through the command's own
 * parser when it has one). */
static int store(const cli_command *c, const cli_opt *r, const char *name, const char *v,
                 void *opts) {
  switch (r->kind) {
  case CLI_PICTURE:
    if (cli_plot_check_name(c->name, v)) return -1;
    /* fall through */
  case CLI_OUTPUT:
    *FIELD(opts, r->o.offset, const char *) = v;
    return 0;
  case CLI_TEXTS:
    return store_texts(c->name, r, v, opts);
  case CLI_LIB:
  case CLI_TABLE:
  case CLI_LIB_ROW:
    break;
  }
  vt_error err;
  vt_quantity_parser parse = r->o.kind == VT_OPTION_QUANTITY ? c->quantity : NULL;
  if (vt_option_set_text_with(&r->o, opts, name, v, parse, &err) == VT_OK) return 0;
  cli_error(c->name, "%s", err.message);
  return -1;
}

/* The row `r` (fields at `base`) at argv[*i]: 1 taken, 0 not this one, -1 error. */
static int row_option(const cli_command *c, const cli_opt *entry, void *base, int argc, char **argv,
                      int *i) {
  cli_opt row = resolved(entry);
  const cli_opt *r = &row;
  if (r->kind == CLI_LIB_ROW) return 0;
  const char *a = argv[*i];
  size_t len = match_name(r->names, a);
  if (!len) return 0;
  char name[64];
  snprintf(name, sizeof name, "%.*s", (int)len, a);
  if (r->kind == CLI_LIB && r->o.kind == VT_OPTION_FLAG) {
    if (a[len] == '=') return cli_error(c->name, "option %s takes no value", name), -1;
    return store(c, r, name, NULL, base), 1;
  }
  const char *v = a + len + 1;
  if (a[len] != '=') {
    if (*i + 1 >= argc) return cli_error(c->name, "option %s needs a value", name), -1;
    v = argv[++*i];
  }
  return store(c, r, name, v, base) ? -1 : 1;
}

/* The groups that are library tables: the time grid (vt_grid_options) and the virtual DSC
 * (vt_dsc_options: its rows, the masses unless the command has its own, and its grid). A row is
 * spelled --NAME with '_' as '-' (T_eq: --T-eq). */
static cli_opt lib_row(const vt_option *o, char *names, size_t size) {
  snprintf(names, size, "--%s", o->name);
  for (char *p = names; *p; p++)
    if (*p == '_') *p = '-';
  return (cli_opt){names, CLI_LIB, *o, NULL, NULL, NULL};
}

static int is_dsc_mass(const vt_option *o) {
  return o->offset == offsetof(vt_dsc_options, molar_mass_kg_per_mol) ||
         o->offset == offsetof(vt_dsc_options, sample_mass_kg);
}

/* An option of a library table at argv[*i] (without the DSC's masses when `masses` is 0). */
static int lib_option(const cli_command *c, const vt_option *table, size_t n, int masses,
                      void *base, int argc, char **argv, int *i) {
  for (size_t k = 0; k < n; k++) {
    char names[64];
    cli_opt r = lib_row(&table[k], names, sizeof names);
    int taken = masses || !is_dsc_mass(&table[k]) ? row_option(c, &r, base, argc, argv, i) : 0;
    if (taken) return taken;
  }
  return 0;
}

/* The library rows of a CLI_TABLE entry (all, or from `first` to `last`); NULL for other rows.
 * A name the table does not have is the command's mistake: its rows are left out, which its
 * help tests show. */
static const vt_option *table_rows(const cli_opt *r, size_t *n) {
  *n = 0;
  if (r->kind != CLI_TABLE) return NULL;
  size_t all;
  const vt_option *rows = r->rows(&all);
  if (!r->first) return *n = all, rows;
  const vt_option *a = vt_option_find(rows, all, r->first), *b = vt_option_find(rows, all, r->last);
  if (!a || !b || b < a) return NULL;
  *n = (size_t)(b - a) + 1;
  return a;
}

/* The options a table stands for, one slot each: a library table's rows (CLI_TABLE), else the
 * entry itself. */
static size_t count_slots(const cli_opt *table) {
  size_t n_slots = 0;
  for (size_t k = 0; table && table[k].names; k++) {
    size_t n;
    table_rows(&table[k], &n);
    n_slots += table[k].kind == CLI_TABLE ? n : 1;
  }
  return n_slots;
}

/* The option in slot `slot` of `table` as a command-line row (a library row's names in
 * `names`), the index of its entry in *entry. */
static cli_opt slot_row(const cli_opt *table, size_t slot, char *names, size_t size,
                        size_t *entry) {
  for (size_t k = 0;; k++) {
    size_t n;
    const vt_option *rows = table_rows(&table[k], &n);
    if (table[k].kind != CLI_TABLE) n = 1;
    *entry = k;
    if (slot >= n) {
      slot -= n;
      continue;
    }
    return table[k].kind == CLI_TABLE ? lib_row(&rows[slot], names, size) : resolved(&table[k]);
  }
}

/* An option of `table` (fields at `base`) at argv[*i]: 1 taken (its slot marked in seen[] when
 * not NULL), 0 not one, -1 error. */
static int table_option(const cli_command *c, const cli_opt *table, void *base, int argc,
                        char **argv, int *i, unsigned char *seen) {
  for (size_t slot = 0, n = count_slots(table); slot < n; slot++) {
    char names[64];
    size_t k;
    cli_opt row = slot_row(table, slot, names, sizeof names, &k);
    void *at = table[k].kind == CLI_TABLE ? FIELD(base, table[k].o.offset, void) : base;
    int r = row_option(c, &row, at, argc, argv, i);
    if (r && seen) seen[slot] = 1;
    if (r) return r;
  }
  return 0;
}

/* The measured-curve group (cal_opts.h): the options every command takes, then the masses. The
 * analysis's options go to the library's vt_cal_options (cli_cal_opts.cal); rows its table
 * describes alike come from it; --temp and --endo spell axis and endo_up their own way, and
 * --liquid's help says the windows found are printed. The messages are the ones the hand parser
 * had. */
#define CAL(field) offsetof(cli_cal_opts, field)
static const cli_opt cal_table[] = {
    CLI_S("--reference", CLI_TEXT, CAL(reference), "SPEC",
          "the as-cooled (unaged) scan, or several averaged:\n'14', 'seg:5' or 'seg:5,9'"),
    /* the choices index vt_cal_axis: --temp auto is the default, unshown */
    CLI_ROW("--temp", CLI_LIB, VT_OPTION_CHOICE, CAL(cal.axis), VT_DIM_NONE, "Ts|Tr",
            "temperature axis (default Ts, the sample temperature,\nwhen every curve has it; Tr "
            "the program temperature)",
            CLI_NO_DEFAULT, 0, 0, 0, "auto|Ts|Tr", NULL, "expected 'Ts' or 'Tr'"),
    CLI_CE("--endo", CAL(cal.endo_up), "down|up",
           "sign of the file (default down: endothermic negative,\nas STARe exports); results are "
           "endothermic up",
           "expected 'down' or 'up'"),
    CLI_ROW_OF("--glass", CAL(cal.glass_K), vt_cal_option_table, "glass"),
    CLI_RE("--liquid", CAL(cal.liquid_K), VT_DIM_TEMPERATURE, "'T3,T4 C'",
           "window of the liquid line; without both windows they are\nfound on the reference: Ti "
           "the steepest point of its step\nand W the width of its derivative at half height; "
           "glass\nTi-8W..Ti-2.5W, liquid Ti+5W..Ti+11W (printed)",
           CLI_NO_DEFAULT, "expected two increasing temperatures, e.g. '60,120 C'"),
    CLI_ROW_OF("--baseline", CAL(cal.baseline), vt_cal_option_table, "baseline"),
    CLI_ROW_OF("--range", CAL(cal.range_K), vt_cal_option_table, "range"),
    CLI_ROW_OF("--smooth", CAL(cal.smooth_K), vt_cal_option_table, "smooth"), CLI_END};
static const cli_opt cal_mass_table[] = {
    CLI_Q("--mass", CAL(mass_kg), VT_DIM_MASS, "'484 ng'",
          "sample mass: heat flow in W/g, enthalpy in J/g", CLI_NO_DEFAULT),
    CLI_Q("--melt-enthalpy", CAL(melt_J), VT_DIM_ENERGY, "'19.45 uJ'",
          "with --specific-melt-enthalpy, the mass from melting:\nm = dH_melt / dh_melt",
          CLI_POSITIVE | CLI_NO_DEFAULT),
    CLI_Q("--specific-melt-enthalpy", CAL(specific_melt_J_per_kg), VT_DIM_SPECIFIC_ENERGY,
          "'40.2 J/g'", "dh_melt, with --melt-enthalpy", CLI_POSITIVE | CLI_NO_DEFAULT),
    CLI_Q("--molar-mass", CAL(molar_mass), VT_DIM_MOLAR_MASS, "'192.2 g/mol'",
          "with a mass: W/mol and J/mol", CLI_NO_DEFAULT),
    CLI_F("--per-rate", CAL(per_rate), "heat flow divided by the rate: heat capacity units"),
    CLI_END};

/* An option of the measured-curve group (the masses unless the command has none); the first
 * one taken is named in cal->given, as it was spelled. */
static int cal_option(const cli_command *c, cli_cal_opts *cal, int argc, char **argv, int *i) {
  int at = *i, r = table_option(c, cal_table, cal, argc, argv, i, NULL);
  if (!r && !(c->groups & CLI_CAL_NO_MASSES))
    r = table_option(c, cal_mass_table, cal, argc, argv, i, NULL);
  if (r > 0 && !cal->given[0])
    snprintf(cal->given, sizeof cal->given, "%.*s", (int)strcspn(argv[at], "="), argv[at]);
  return r;
}

/* The model group (cli_model_opts): the model, the TNM's numerics and a units spectrum, as text
 * for cli_model_make; the parameters (--set NAME=VALUE, --NAME VALUE) are cli_param_option's. */
#define MODEL(field) offsetof(cli_model_opts, field)
static const cli_opt model_table[] = {
    CLI_S("--model", CLI_TEXT, MODEL(model), "NAME",
          "model (default tnm; 'vitrum models' lists all)"),
    CLI_S("--route", CLI_TEXT, MODEL(route), "prony|exact",
          "TNM: Prony series (default) or exact O(N^2) history sum"),
    CLI_S("--prony-tol", CLI_TEXT, MODEL(prony_tol), "X",
          "TNM: max |error| of the KWW Prony series (default 1e-5)"),
    CLI_S("--spectrum", CLI_TEXT, MODEL(spectrum), "FILE",
          "units: a table of units instead of the Gaussians, CSV\nwith E_kJ_per_mol (or "
          "E_J_per_mol, E_eV), weight and\noptionally tau0_s (else tau0_beta)"),
    CLI_END};

/* One option of the command's groups: 1 taken, 0 not one, -1 error. */
static int group_option(const cli_command *c, int argc, char **argv, int *i, void *opts) {
  int r = 0;
  size_t n_grid, n_dsc;
  const vt_option *grid = vt_grid_option_table(&n_grid), *dsc_rows = vt_dsc_option_table(&n_dsc);
  if (!r && (c->groups & CLI_WITH_QUIET) &&
      (strcmp(argv[*i], "-q") == 0 || strcmp(argv[*i], "--quiet") == 0))
    r = (*FIELD(opts, c->quiet_at, int) = 1);
  vt_dsc_options *dsc = (c->groups & CLI_WITH_DSC) ? FIELD(opts, c->dsc_at, vt_dsc_options) : NULL;
  if (!r && dsc)
    r = lib_option(c, dsc_rows, n_dsc, !(c->groups & CLI_DSC_NO_MASSES), dsc, argc, argv, i);
  if (!r && dsc) r = lib_option(c, grid, n_grid, 1, &dsc->grid, argc, argv, i);
  if (!r && (c->groups & CLI_WITH_GRID))
    r = lib_option(c, grid, n_grid, 1, FIELD(opts, c->grid_at, void), argc, argv, i);
  cli_cal_opts *cal = (c->groups & CLI_WITH_CAL) ? FIELD(opts, c->cal_at, cli_cal_opts) : NULL;
  if (!r && cal) r = cal_option(c, cal, argc, argv, i);
  cli_model_opts *mo =
      (c->groups & CLI_WITH_MODEL) ? FIELD(opts, c->model_at, cli_model_opts) : NULL;
  if (!r && mo) r = table_option(c, model_table, mo, argc, argv, i, NULL);
  /* The models these options serve are driven by temperature; visco has vitrum strain. */
  if (!r && mo)
    r = cli_param_option(c->name, argc, argv, i, VT_DRIVE_TEMPERATURE, mo->assign, &mo->n_assign);
  return r;
}

static int positional(const cli_command *c, const char *a, void *opts) {
  if (a[0] == '-' && a[1] != '\0') {
    cli_error(c->name, "unknown option '%s' (vitrum %s --help lists them)", a, c->name);
    return -1;
  }
  if (c->positional) return c->positional(c->name, a, opts);
  size_t *n = FIELD(opts, c->pos_count_at, size_t);
  if (*n >= c->max_pos) {
    if (c->max_pos == 0)
      cli_error(c->name, "unexpected argument '%s' (vitrum %s --help)", a, c->name);
    else if (c->max_pos == 1)
      cli_error(c->name, "one %s expected, got '%s' and '%s'", c->pos_name,
                FIELD(opts, c->pos_at, const char *)[0], a);
    else
      cli_error(c->name, "at most %zu %s expected, got one more: '%s'", c->max_pos, c->pos_name, a);
    return -1;
  }
  FIELD(opts, c->pos_at, const char *)[(*n)++] = a;
  return 0;
}

/* The first required option not given (the rows of the library tables placed too). */
static int check_required(const cli_command *c, const unsigned char *seen) {
  for (size_t slot = 0, n = count_slots(c->opts); slot < n; slot++) {
    char names[64], name[64];
    size_t k;
    cli_opt r = slot_row(c->opts, slot, names, sizeof names, &k);
    if ((r.o.flags & CLI_REQUIRED) && !seen[slot]) {
      long_name(r.names, name, sizeof name);
      const char *arg = r.o.arg;
      cli_error(c->name, "%s%s%s is required (vitrum %s --help)", name, arg ? " " : "",
                arg ? arg : "", c->name);
      return -1;
    }
  }
  return 0;
}

int cli_parse(const cli_command *c, int argc, char **argv, void *opts) {
  for (int i = 2; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      cli_help(c, opts);
      return 1;
    }
  size_t n_opts = count_slots(c->opts);
  unsigned char *seen = calloc(n_opts + 1, 1);
  if (!seen) return cli_error(c->name, "out of memory"), -1;
  int rc = 0;
  if (c->groups & CLI_WITH_CAL) cli_cal_defaults(FIELD(opts, c->cal_at, cli_cal_opts));
  for (int i = 2; !rc && i < argc; i++) {
    int r = table_option(c, c->opts, opts, argc, argv, &i, seen);
    if (r == 0) r = group_option(c, argc, argv, &i, opts);
    if (r == 0 && c->extra) r = c->extra(c->name, argc, argv, &i, opts);
    if (r == 0) r = positional(c, argv[i], opts) ? -1 : 1;
    rc = r < 0 ? -1 : 0;
  }
  if (!rc && c->min_pos && *FIELD(opts, c->pos_count_at, size_t) < c->min_pos)
    rc = -1, cli_error(c->name, "%s is required (vitrum %s --help)", c->pos_name, c->name);
  if (!rc) rc = check_required(c, seen);
  if (!rc && (c->groups & CLI_CAL_REFERENCE) && !FIELD(opts, c->cal_at, cli_cal_opts)->reference)
    rc = -1, cli_error(c->name, "--reference SPEC is required: the as-cooled curve, e.g. '14' or "
                                "'seg:5'");
  for (size_t k = 0; (c->groups & CLI_WITH_GIVEN) && k < n_opts && k < 64; k++)
    if (seen[k]) *FIELD(opts, c->given_at, unsigned long long) |= 1ull << k;
  free(seen);
  return rc;
}

/* " (default 1000 K/s)" for a row whose default is set (the library formats the value). */
static void default_text(const cli_opt *r, const void *defaults, char *buf, size_t size) {
  char v[80] = "";
  buf[0] = '\0';
  if (!defaults || r->kind != CLI_LIB || (r->o.flags & (CLI_NO_DEFAULT | CLI_REQUIRED))) return;
  vt_option_format(&r->o, defaults, v, sizeof v, NULL);
  if (*v) snprintf(buf, size, " (default %s)", v);
}

static void print_option(const cli_opt *entry, const void *defaults) {
  char head[96], def[96];
  cli_opt row = resolved(entry);
  const cli_opt *r = &row;
  if (r->kind == CLI_LIB_ROW) return;
  const vt_option *o = &r->o;
  int n = 0;
  for (const char *p = r->names; *p;) {
    size_t len = strcspn(p, "|");
    n += snprintf(head + n, sizeof head - (size_t)n, "%s%.*s", n ? ", " : "", (int)len, p);
    p += len + (p[len] == '|');
  }
  if (r->kind != CLI_LIB || o->kind != VT_OPTION_FLAG)
    snprintf(head + n, sizeof head - (size_t)n, " %s",
             o->arg ? o->arg : (o->kind == VT_OPTION_CHOICE ? o->choices : "VALUE"));
  default_text(r, defaults, def, sizeof def);
  const char *help = o->help ? o->help : "";
  size_t first = strcspn(help, "\n");
  if (strlen(head) > 23)
    printf("  %s\n  %-23s %.*s%s\n", head, "", (int)first, help, help[first] ? "" : def);
  else
    printf("  %-23s %.*s%s\n", head, (int)first, help, help[first] ? "" : def);
  for (const char *line = help + first; *line == '\n';) {
    line++;
    size_t len = strcspn(line, "\n");
    printf("  %-23s %.*s%s\n", "", (int)len, line, line[len] ? "" : def);
    line += len;
  }
}

/* The rows of a library table (without the DSC's masses when `masses` is 0). */
static void print_lib(const vt_option *table, size_t n, int masses, const void *defaults) {
  for (size_t k = 0; k < n; k++) {
    char names[64];
    cli_opt r = lib_row(&table[k], names, sizeof names);
    if (masses || !is_dsc_mass(&table[k])) print_option(&r, defaults);
  }
}

static void print_table(const cli_opt *table, const void *defaults) {
  for (size_t k = 0; table && table[k].names; k++) {
    size_t n;
    const vt_option *rows = table_rows(&table[k], &n);
    if (table[k].kind == CLI_TABLE)
      print_lib(rows, n, 1, defaults ? CFIELD(defaults, table[k].o.offset, void) : NULL);
    else
      print_option(&table[k], defaults);
  }
}

/* The groups' help shows the library's defaults, whatever the command starts from (fit leaves
 * some DSC settings unset until it knows its data). */
static void grid_help(void) {
  vt_grid_options g = vt_grid_options_default();
  size_t n;
  const vt_option *rows = vt_grid_option_table(&n);
  printf("time grid:\n");
  print_lib(rows, n, 1, &g);
}

static void dsc_help(int masses) {
  vt_dsc_options d = vt_dsc_options_default();
  size_t n;
  const vt_option *rows = vt_dsc_option_table(&n);
  printf("virtual Flash DSC (history: equilibrium at T_eq, quench at R_c, anneal, quench to\n"
         "T_low, heat at R_h to T_high; the as-cooled reference skips the anneal):\n");
  print_lib(rows, n, masses, &d);
  grid_help();
}

/* The model group: its rows, --set and --NAME between the model and its numerics, then each
 * model's parameters. */
static void model_help(void) {
  printf("model options:\n");
  print_option(&model_table[0], NULL);
  printf("  %-23s %s\n", "--set NAME=VALUE",
         "model parameter with its unit, e.g. --set 'dh=164 kJ/mol'");
  printf("  %-23s %s\n", "--NAME VALUE", "the same, e.g. --beta 0.43 --A '6e-22 s'");
  print_table(model_table + 1, NULL);
  cli_model_help(stdout);
}

/* The measured-curve group; `required`: --reference is (CLI_CAL_REFERENCE). */
static void cal_help(int required, int masses) {
  cli_cal_opts defaults = {.cal = vt_cal_options_default()};
  for (size_t k = 0; cal_table[k].names; k++) {
    cli_opt o = cal_table[k];
    if (k == 0 && required)
      o.o.help = "the as-cooled (unaged) scan, or several averaged:\n'14', 'seg:5' or 'seg:5,9' "
                 "(required)";
    print_option(&o, &defaults);
    if (o.o.offset == CAL(cal.baseline) && !required)
      printf("  %-23s %s\n", "", "(kissinger and eyring --curves without --reference: chord)");
    if (o.o.offset == CAL(cal.smooth_K))
      printf("  %-23s areas never are; a peak below %g x the noise has none\n", "",
             defaults.cal.noise_factor);
  }
  if (masses) print_table(cal_mass_table, &defaults);
}

void cli_help(const cli_command *c, const void *defaults) {
  const char *u = c->usage;
  for (int first = 1; *u; first = 0) {
    size_t len = strcspn(u, "\n");
    printf("%s vitrum %s %.*s\n", first ? "usage:" : "      ", c->name, (int)len, u);
    u += len + (u[len] == '\n');
  }
  printf("\n%s\n\n", c->about);
  print_table(c->opts, defaults);
  if (c->groups & CLI_WITH_CAL)
    cal_help((c->groups & CLI_CAL_REFERENCE) != 0, !(c->groups & CLI_CAL_NO_MASSES));
  if (c->groups & CLI_WITH_QUIET)
    printf("  %-23s %s\n", "-q, --quiet", "no progress on a terminal");
  if (c->footer) printf("\n%s", c->footer);
  if (c->groups & CLI_WITH_DSC) printf("\n"), dsc_help(!(c->groups & CLI_DSC_NO_MASSES));
  if (c->groups & CLI_WITH_GRID) printf("\n"), grid_help();
  if (c->groups & CLI_WITH_MODEL) printf("\n"), model_help();
}

int cli_given(const cli_command *c, const void *opts, const char *name) {
  unsigned long long given = *CFIELD(opts, c->given_at, unsigned long long);
  for (size_t slot = 0, n = count_slots(c->opts);
       (c->groups & CLI_WITH_GIVEN) && slot < n && slot < 64; slot++) {
    char names[64];
    size_t k;
    cli_opt r = slot_row(c->opts, slot, names, sizeof names, &k);
    if (match_name(r.names, name) == strlen(name)) return (int)((given >> slot) & 1ull);
  }
  return 0;
}

/* The list of row `o` (VT_OPTION_LIST) in the struct at `base`, freed. */
static void free_list(const vt_option *o, void *base) {
  if (o->kind != VT_OPTION_LIST) return;
  free(*FIELD(base, o->offset, double *));
  *FIELD(base, o->offset, double *) = NULL;
}

void cli_opts_free(const cli_command *c, void *opts) {
  for (const cli_opt *entry = c->opts; entry && entry->names; entry++) {
    cli_opt r = resolved(entry);
    size_t n;
    const vt_option *rows = table_rows(&r, &n);
    for (size_t k = 0; rows && k < n; k++) free_list(&rows[k], FIELD(opts, r.o.offset, void));
    if (r.kind == CLI_LIB) free_list(&r.o, opts);
    if (r.kind == CLI_TEXTS) {
      free((void *)*FIELD(opts, r.o.offset, const char **));
      *FIELD(opts, r.o.offset, const char **) = NULL;
    }
  }
}
