/* vitrum options: tables that describe the fields of an options struct (vt_grid_options,
 * vt_dsc_options, a program's own), and one parser that sets a field from text with its unit.
 * Each row names a field, its kind, its dimension and display unit, its help; the command
 * line's flags (--NAME, '_' spelled '-': T_eq is --T-eq), its --help with the defaults, and the
 * Python package's keywords (the row's name) come from these rows, so an option is described
 * once. Rows are plain data: a program may write tables of its own structs. */
#ifndef VITRUM_OPTIONS_H
#define VITRUM_OPTIONS_H

#include <stddef.h>

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a row's field holds and how its text reads. */
typedef enum vt_option_kind {
  VT_OPTION_FLAG,     /* int, set to 1 (the text is ignored and may be NULL) */
  VT_OPTION_TEXT,     /* const char *: the text itself (not copied: it must outlive the struct) */
  VT_OPTION_QUANTITY, /* double in SI: a number with its unit ("1000 K/s", dimension `dim`) */
  VT_OPTION_LIST,     /* double * in SI ("0.1, 1, 10 s"), malloc'd: the caller frees it with
                         free(); the count (size_t) at count_offset */
  VT_OPTION_INT,      /* int, a whole number from `min` to `max` */
  VT_OPTION_CHOICE,   /* int: the index of the text in `choices` ("prony|exact") */
  VT_OPTION_RANGE     /* double[2] in SI: "LO, HI UNIT" with LO < HI */
} vt_option_kind;

/* A row's flags. */
enum {
  VT_OPTION_REQUIRED = 1u << 0,    /* the program cannot run without it (help shows no default) */
  VT_OPTION_POSITIVE = 1u << 1,    /* quantities, lists, ranges: every value > 0 */
  VT_OPTION_NO_DEFAULT = 1u << 2,  /* help shows no default (the help text says what happens) */
  VT_OPTION_APPEND = 1u << 3,      /* lists: a second text adds to the list instead of replacing */
  VT_OPTION_NONNEGATIVE = 1u << 4, /* quantities, lists, ranges: every value >= 0 */
  /* Quantities, lists, ranges whose field holds the value in the row's display `unit`, not in
   * SI (a field's own convention: the X-ray PDF's Angstrom and 1/Angstrom); a number without a
   * unit is read in it ("2.5" is 2.5 A), vt_option_set_si stores numbers in it. */
  VT_OPTION_IN_UNIT = 1u << 5,
  /* With `expect`: a text that does not read gives "NAME 'TEXT': EXPECT" instead of the
   * parser's message (the words a command has always printed). */
  VT_OPTION_EXPECT_READ = 1u << 6
};

/* One row of an option table. */
typedef struct vt_option {
  const char *name;    /* "T_eq": the Python keyword; the command line spells it --T-eq */
  vt_option_kind kind; /* what the field at `offset` holds */
  size_t offset;       /* of the field in the options struct (offsetof) */
  vt_dim dim;          /* quantities, lists, ranges */
  const char *arg;     /* what the value is, in help: "T", "FILE", "LIST" (NULL: "VALUE") */
  const char *help;    /* one line or several ('\n' separated) */
  unsigned flags;      /* VT_OPTION_REQUIRED, ... */
  size_t count_offset; /* lists: offset of the size_t count */
  long min, max;       /* ints: the smallest and largest value taken (max 0: 1000000000) */
  const char *choices; /* choices: "prony|exact" */
  const char *unit;    /* display unit of the value (NULL: vt_dim_unit of dim) */
  const char *expect;  /* choices, ranges, signs (and unreadable text with
                          VT_OPTION_EXPECT_READ): the "expected ..." words of the message (NULL:
                          the parser's own) */
} vt_option;

/* The parser of one quantity (vt_parse_quantity, or one that takes more units). */
typedef int (*vt_quantity_parser)(const char *text, vt_dim dim, double *value_si, vt_error *err);

/* The row of `table` (n rows) named `name` (exactly its name, "T_eq"); NULL when none is. */
VT_API const vt_option *vt_option_find(const vt_option *table, size_t n, const char *name);

/* Set the field of `row` in the options struct at `opts` from `text` with its unit: "450 K",
 * "10, 100 s" (items without a unit take the last item's), "60, 120 C", "exact", "5". Checks
 * the row's flags (signs) and bounds. Messages start with `name` (how the caller's user spelled
 * the option, "--T-eq" or "T_eq"; NULL: the row's name), e.g. "--T-eq '-1 K': expected a
 * positive value" or "--T-eq: ...". VT_EPARSE / VT_EUNIT for text that does not read, VT_ERANGE
 * for a value outside the row's signs or bounds; the field is unchanged after an error. A
 * list's earlier array is freed (or extended, VT_OPTION_APPEND). */
VT_API int vt_option_set_text(const vt_option *row, void *opts, const char *name, const char *text,
                              vt_error *err);
/* The same with another parser of quantities (vt_md_parse_quantity) for every value. */
VT_API int vt_option_set_text_with(const vt_option *row, void *opts, const char *name,
                                   const char *text, vt_quantity_parser parse, vt_error *err);

/* Set a quantity's field to a number in SI (in the row's unit with VT_OPTION_IN_UNIT), as it is
 * (the struct's user checks its range, as vt_grid_build does), or an int's to a whole number
 * within the row's bounds. Other kinds: VT_EINVAL (they take text). */
VT_API int vt_option_set_si(const vt_option *row, void *opts, double value_si, vt_error *err);

/* The value of `row`'s field in `opts` as help shows it, in the row's display unit: "1000 K/s",
 * "60, 120 C", "prony", "5", a text; "" for a flag, a list, a NULL text and a quantity or range
 * that is not finite (unset). Into buf (size bytes, truncated to fit); VT_EINVAL for NULLs. */
VT_API int vt_option_format(const vt_option *row, const void *opts, char *buf, size_t size,
                            vt_error *err);

/* Parse "0.1, 1, 10 s" into SI values: items without a unit take the unit of the last item.
 * *values_si is malloc'd (the caller frees it), *n >= 1. "empty list" for a text without
 * items; an item that does not read gives vt_parse_quantity's message. */
VT_API int vt_parse_quantity_list(const char *text, vt_dim dim, double **values_si, size_t *n,
                                  vt_error *err);

/* Option files: an argument "@NAME" stands for the words written in the file NAME, so a
 * protocol is written once and named on many command lines (vitrum dsc @paper002 ...) or read
 * by a program. Words are separated by white space; quotes ('...' or "...") group words and join
 * with what touches them ('348, '"363 K" is one word); '#' at the start of a word comments to
 * the end of the line. A NAME without a slash that is not a file is looked up as a shipped
 * preset: NAME, then NAME.opts, in $VITRUM_PRESETS, the installed share/vitrum/presets and the
 * source tree's presets/ ("@paper002": the paper 002 protocol). A file may name further files
 * (8 levels at most). The files are noted as inputs (io.h, vt_outfile_note_input).
 *
 * vt_option_words: args[0..n-1] with every "@NAME" (not "@" alone) replaced by its file's
 * words, the others copied, in order. *words is a malloc'd NULL-terminated vector of malloc'd
 * words, *n_words long, freed with vt_words_free; after an error *words is NULL and *n_words
 * 0, and the message names the file and line ("f.opts, line 3: unterminated ' quote"; for a
 * file named in another, a line "  named in outer.opts, line 2" follows for each level). VT_EIO for
 * a file that does not open or read, VT_EPARSE for an unterminated quote, VT_EINVAL for more than 8
 * levels. */
VT_API int vt_option_words(const char *const *args, size_t n, char ***words, size_t *n_words,
                           vt_error *err);
/* Free a vector of vt_option_words (NULL is ignored). */
VT_API void vt_words_free(char **words);

#ifdef __cplusplus
}
#endif

#endif
