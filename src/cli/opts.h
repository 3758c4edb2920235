/* Declarative command lines: each command describes its options in one table (names, and a
 * library option row: kind, dimension, field of its options struct, help; vitrum/options.h),
 * and one parser and one help printer serve them all. The values are parsed by the library
 * (vt_option_set_text); the grid and DSC groups are the library's own tables. Defaults live only
 * in the options struct the command fills from the library's *_default() calls; --help prints
 * them from there (vt_option_format), so no default is written twice. */
#ifndef VT_CLI_OPTS_H
#define VT_CLI_OPTS_H

#include <stddef.h>

#include "cli.h"
#include "core/option_rows.h"

/* A row is a library option row (vitrum/options.h: kind, field, dimension, help, parsed by
 * vt_option_set_text) under its command-line names, or one of the kinds only a command line
 * has: an output file, a --plot picture, a text given several times. */
typedef enum cli_kind {
  CLI_LIB,     /* parsed by the library by the row's vt_option kind (CLI_TEXT: a name, a spec, an
                  input file) */
  CLI_OUTPUT,  /* const char *: an output file ("-": standard output) */
  CLI_PICTURE, /* const char *: a --plot picture (.png, .svg, .pdf) */
  CLI_TEXTS,   /* const char ** (malloc'd): each occurrence, count (size_t) at count_offset */
  CLI_TABLE,   /* every row of a library table (`rows`), its struct at o.offset: CLI_TABLE_AT */
  CLI_LIB_ROW  /* the row of a library table named `first`, its field at o.offset: CLI_ROW_OF */
} cli_kind;
#define CLI_TEXT CLI_LIB

enum {
  CLI_REQUIRED = VT_OPTION_REQUIRED,
  CLI_POSITIVE = VT_OPTION_POSITIVE,
  CLI_NO_DEFAULT = VT_OPTION_NO_DEFAULT,
  CLI_APPEND = VT_OPTION_APPEND,
  CLI_NONNEGATIVE = VT_OPTION_NONNEGATIVE
};

typedef struct cli_opt {
  const char *names; /* "--T-a", or aliases "-o|--output" */
  cli_kind kind;
  vt_option o; /* field offset, kind, dimension, help (its name: the names) */
  const vt_option *(*rows)(size_t *n); /* CLI_TABLE: the library's table */
  const char *first, *last; /* CLI_TABLE: its rows from the one named first to last (NULL: all) */
} cli_opt;

/* Table entries (every field given, so -Wextra stays quiet): a quantity, a quantity whose
 * default is shown in `unit`, a list with its count field, a text/output/picture, a flag, a
 * whole number with its minimum (and its maximum), a choice, a range, a repeatable text (--dh
 * FILE given several times), and the end of the table. The E forms (a quantity, a range, a
 * choice without a default shown) carry the message's own "expected ..." words. */
#define CLI_ROW(names, ck, vk, off, dim, arg, help, flags, count, min, max, choices, unit, expect) \
  {                                                                                                \
    names, ck,                                                                                     \
        OPT_ROW(names, vk, off, dim, arg, help, flags, count, min, max, choices, unit, expect),    \
        NULL, NULL, NULL                                                                           \
  }
/* A library row (core/option_rows.h) under its command-line names. */
#define CLI_LIBROW(names, row)                                                                     \
  { names, CLI_LIB, row, NULL, NULL, NULL }
#define CLI_Q(names, off, dim, arg, help, flags)                                                   \
  CLI_LIBROW(names, OPT_Q(names, off, dim, arg, help, flags))
#define CLI_QU(names, off, dim, unit, arg, help, flags)                                            \
  CLI_LIBROW(names, OPT_QU(names, off, dim, unit, arg, help, flags))
#define CLI_L(names, off, count_off, dim, arg, help, flags)                                        \
  CLI_LIBROW(names, OPT_L(names, off, count_off, dim, arg, help, flags))
#define CLI_S(names, kind, off, arg, help)                                                         \
  { names, kind, OPT_S(names, off, arg, help), NULL, NULL, NULL }
#define CLI_F(names, off, help)           CLI_LIBROW(names, OPT_F(names, off, help))
#define CLI_I(names, off, min, arg, help) CLI_LIBROW(names, OPT_I(names, off, min, arg, help))
#define CLI_IR(names, off, min, max, arg, help)                                                    \
  CLI_LIBROW(names, OPT_IR(names, off, min, max, arg, help))
#define CLI_R(names, off, dim, arg, help, flags)                                                   \
  CLI_LIBROW(names, OPT_R(names, off, dim, NULL, arg, help, flags, NULL))
#define CLI_QE(names, off, dim, arg, help, flags, expect)                                          \
  CLI_LIBROW(names, OPT_QE(names, off, dim, arg, help, flags, expect))
#define CLI_RE(names, off, dim, arg, help, flags, expect)                                          \
  CLI_LIBROW(names, OPT_R(names, off, dim, NULL, arg, help, flags, expect))
#define CLI_CE(names, off, choices, help, expect)                                                  \
  CLI_LIBROW(names, OPT_CE(names, off, choices, NULL, help, CLI_NO_DEFAULT, expect))
#define CLI_C(names, off, choices, help) CLI_LIBROW(names, OPT_C(names, off, choices, help))
#define CLI_TS(names, off, count_off, arg, help)                                                   \
  CLI_ROW(names, CLI_TEXTS, VT_OPTION_TEXT, off, VT_DIM_NONE, arg, help, 0, count_off, 0, 0, NULL, \
          NULL, NULL)
/* The output and picture rows most commands take, at fields output and plot of the options
 * struct (through the command's F(field) offsetof macro), with the command's own help. */
#define CLI_OUT(help)  CLI_S("-o|--output", CLI_OUTPUT, F(output), "FILE", help)
#define CLI_PLOT(help) CLI_S("--plot", CLI_PICTURE, F(plot), "FILE", help)
/* The rows of a library options table in their order, at this place of the command's table and
 * its help, spelled --NAME with '_' as '-' (the row T_end: --T-end): `rows` is the table's
 * getter (vt_md_quench_option_table), `off` the offset of its struct in the command's options.
 * The library's rows carry the help and the defaults are the struct's. */
#define CLI_TABLE_AT(rows, off)                                                                    \
  { "", CLI_TABLE, {.offset = (off)}, rows, NULL, NULL }
/* The same for the rows of the table from the one named `first` to the one named `last`, for a
 * help that shows the command's own options between a table's rows. */
#define CLI_TABLE_ROWS(rows, off, first, last)                                                     \
  { "", CLI_TABLE, {.offset = (off)}, rows, first, last }
/* One row of a library table (the getter `rows`, the row named `name`) under the command's own
 * `names`, for a field at `off` of the command's options that has the type the row describes:
 * the library's kind, help and checks, where the command keeps the value in a struct of its
 * own. */
#define CLI_ROW_OF(names, off, rows, name)                                                         \
  { names, CLI_LIB_ROW, {.offset = (off)}, rows, name, NULL }
#define CLI_END                                                                                    \
  { 0 }

/* Option groups a command takes besides its own table (parsed by common_opts.c). */
enum {
  CLI_WITH_MODEL = 1u << 0,    /* cli_model_opts at model_at */
  CLI_WITH_DSC = 1u << 1,      /* vt_dsc_options at dsc_at (includes the grid) */
  CLI_WITH_GRID = 1u << 2,     /* vt_grid_options at grid_at */
  CLI_WITH_QUIET = 1u << 3,    /* -q/--quiet: int at quiet_at */
  CLI_WITH_CAL = 1u << 4,      /* the measured-curve options (cal_opts.h): cli_cal_opts at cal_at */
  CLI_CAL_REFERENCE = 1u << 5, /* with CLI_WITH_CAL: --reference is required */
  CLI_WITH_GIVEN = 1u << 6,    /* unsigned long long at given_at: bit k set when option k was
                                  given (the first 64; a placed table's rows
                                  count one each; see cli_given) */
  CLI_DSC_NO_MASSES = 1u << 7, /* with CLI_WITH_DSC: the command has its own --molar-mass; the
                                  DSC group's masses (heat flow in mW) are not taken */
  CLI_CAL_NO_MASSES = 1u << 8  /* with CLI_WITH_CAL: the command's curves are normalised (fit
                                  --scans); the masses and --per-rate are not taken */
};

typedef struct cli_command {
  const char *name;    /* "pathmatch" */
  const char *usage;   /* "--T-s T --T-a T --phi LIST [options]"; several lines allowed */
  const char *about;   /* the paragraph after the usage */
  const cli_opt *opts; /* ends with an entry whose names is NULL */
  unsigned groups;
  size_t model_at, dsc_at, grid_at, quiet_at, cal_at, given_at;
  /* Positional arguments (input files): up to max_pos pointers at pos_at, count (size_t) at
   * pos_count_at; max_pos 0: none taken. */
  size_t max_pos, pos_at, pos_count_at, min_pos;
  const char *pos_name; /* "FILE", in messages */
  const char *footer;   /* printed after the options (before the groups' help) */
  /* Options outside the table, such as a model's parameter flags (--G0 '80 GPa'), which come
   * from the library at run time: 1 taken (*i advanced past a value), 0 not one, -1 error
   * (printed). NULL: none. Tried after the table and the groups. */
  int (*extra)(const char *cmd, int argc, char **argv, int *i, void *opts);
  /* Optional: called for each positional argument in command-line order instead of storing it
   * (so it sees the options given before it, e.g. a temperature for the files that follow);
   * returns 0, or -1 after printing an error. */
  int (*positional)(const char *cmd, const char *arg, void *opts);
  /* Optional: the parser of the command's quantities (VT_OPTION_QUANTITY rows) instead of
   * vt_parse_quantity, for commands whose values take more units (vt_md_parse_quantity). */
  vt_quantity_parser quantity;
} cli_command;

/* In a cli_command: input FILEs, from `min` to `max` of them, at field `field` with their count
 * at `n_files` of the options struct T; CLI_ONE_FILE: the one required FILE at `file`. */
#define CLI_FILES(T, field, min, max)                                                              \
  .max_pos = (max), .min_pos = (min), .pos_at = offsetof(T, field),                                \
  .pos_count_at = offsetof(T, n_files), .pos_name = "FILE"
#define CLI_ONE_FILE(T) CLI_FILES(T, file, 1, 1)

/* In a cli_command: the groups by the fields that hold them in the options struct T (named
 * model, dsc, grid, cal and quiet by convention). A model run through DSC scans, with -q: */
#define CLI_MODEL_DSC_QUIET(T)                                                                     \
  .groups = CLI_WITH_MODEL | CLI_WITH_DSC | CLI_WITH_QUIET, .model_at = offsetof(T, model),        \
  .dsc_at = offsetof(T, dsc), .quiet_at = offsetof(T, quiet)
/* Measured curves with -q; `more`: CLI_CAL_REFERENCE or 0. */
#define CLI_CAL_QUIET(T, more)                                                                     \
  .groups = CLI_WITH_CAL | CLI_WITH_QUIET | (more), .cal_at = offsetof(T, cal),                    \
  .quiet_at = offsetof(T, quiet)
/* A model run over a time grid; `more`: further groups. */
#define CLI_MODEL_GRID(T, more)                                                                    \
  .groups = CLI_WITH_MODEL | CLI_WITH_GRID | (more), .model_at = offsetof(T, model),               \
  .grid_at = offsetof(T, grid)
/* -q alone. */
#define CLI_QUIET(T) .groups = CLI_WITH_QUIET, .quiet_at = offsetof(T, quiet)

/* The footer of the commands whose failures are all bad input. */
#define CLI_EXIT_STATUS "Exit status: 0 success, 1 bad input, 2 bad command line.\n"

/* Parse argv[2..] into `opts` (already holding the defaults). Returns 0 to run, 1 when help
 * was asked for (and printed from the defaults), -1 after printing an error. */
int cli_parse(const cli_command *c, int argc, char **argv, void *opts);
/* The help of a command; `defaults` is an options struct holding the defaults. */
void cli_help(const cli_command *c, const void *defaults);
/* 1 when the option named `name` (one of its aliases) was on the command line; needs
 * CLI_WITH_GIVEN (a value equal to the default is still told apart from none). */
int cli_given(const cli_command *c, const void *opts, const char *name);
/* Free what cli_parse allocated in `opts` (the lists). */
void cli_opts_free(const cli_command *c, void *opts);

/* A model parameter on the command line: --set NAME=VALUE, or --NAME VALUE where NAME is in the
 * table of a model driven by `drive` (--model may come later, so every such table is searched).
 * Appended to assign[] as "NAME=VALUE" for vt_model_set_text. 1 consumed, 0 not such an option,
 * -1 error (printed). */
int cli_param_option(const char *cmd, int argc, char **argv, int *i, vt_model_drive drive,
                     char (*assign)[256], int *n_assign);

#endif
