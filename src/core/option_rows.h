/* Compact rows of the library's option tables (vitrum/options.h: struct vt_option), one macro
 * per kind of row, so a table reads one call per option, in the manner of the command line's
 * CLI_Q ... CLI_CE (src/cli/opts.h). Each macro gives every field of vt_option in its order
 * (so -Wextra stays quiet); the fields a kind does not use are 0 / NULL. The forms:
 *   OPT_Q   a quantity: name, offset, dimension, arg, help, flags
 *   OPT_QU  a quantity shown in its own display unit (after the dimension)
 *   OPT_QE  a quantity with the message's own "expected ..." words (last)
 *   OPT_QUE both: unit after the dimension, expect last
 *   OPT_L   a list with the offset of its size_t count
 *   OPT_S   a text;  OPT_F  a flag
 *   OPT_I   a whole number from min;  OPT_IR  from min to max
 *   OPT_C   a choice ("a|b|c", the enum's order);  OPT_CE  with an arg, flags and expect
 *   OPT_R   a range (double[2]) with all its fields: a unit (NULL: the dimension's) after the
 *           dimension, expect (NULL: the parser's words) last
 * OPT_TABLE(fn, rows) writes the table's getter `const vt_option *fn(size_t *n)`. */
#ifndef VT_CORE_OPTION_ROWS_H
#define VT_CORE_OPTION_ROWS_H

#include <stddef.h>

#include "vitrum/options.h"

/* Every field of vt_option, in its order. */
#define OPT_ROW(name, kind, off, dim, arg, help, flags, count, min, max, choices, unit, expect)    \
  { name, kind, off, dim, arg, help, flags, count, min, max, choices, unit, expect }

#define OPT_Q(name, off, dim, arg, help, flags)                                                    \
  OPT_ROW(name, VT_OPTION_QUANTITY, off, dim, arg, help, flags, 0, 0, 0, NULL, NULL, NULL)
#define OPT_QU(name, off, dim, unit, arg, help, flags)                                             \
  OPT_ROW(name, VT_OPTION_QUANTITY, off, dim, arg, help, flags, 0, 0, 0, NULL, unit, NULL)
#define OPT_QE(name, off, dim, arg, help, flags, expect)                                           \
  OPT_ROW(name, VT_OPTION_QUANTITY, off, dim, arg, help, flags, 0, 0, 0, NULL, NULL, expect)
#define OPT_QUE(name, off, dim, unit, arg, help, flags, expect)                                    \
  OPT_ROW(name, VT_OPTION_QUANTITY, off, dim, arg, help, flags, 0, 0, 0, NULL, unit, expect)
#define OPT_L(name, off, count_off, dim, arg, help, flags)                                         \
  OPT_ROW(name, VT_OPTION_LIST, off, dim, arg, help, flags, count_off, 0, 0, NULL, NULL, NULL)
#define OPT_S(name, off, arg, help)                                                                \
  OPT_ROW(name, VT_OPTION_TEXT, off, VT_DIM_NONE, arg, help, 0, 0, 0, 0, NULL, NULL, NULL)
#define OPT_F(name, off, help)                                                                     \
  OPT_ROW(name, VT_OPTION_FLAG, off, VT_DIM_NONE, NULL, help, 0, 0, 0, 0, NULL, NULL, NULL)
#define OPT_I(name, off, min, arg, help)                                                           \
  OPT_ROW(name, VT_OPTION_INT, off, VT_DIM_NONE, arg, help, 0, 0, min, 0, NULL, NULL, NULL)
#define OPT_IR(name, off, min, max, arg, help)                                                     \
  OPT_ROW(name, VT_OPTION_INT, off, VT_DIM_NONE, arg, help, 0, 0, min, max, NULL, NULL, NULL)
#define OPT_C(name, off, choices, help)                                                            \
  OPT_ROW(name, VT_OPTION_CHOICE, off, VT_DIM_NONE, NULL, help, 0, 0, 0, 0, choices, NULL, NULL)
#define OPT_CE(name, off, choices, arg, help, flags, expect)                                       \
  OPT_ROW(name, VT_OPTION_CHOICE, off, VT_DIM_NONE, arg, help, flags, 0, 0, 0, choices, NULL,      \
          expect)
#define OPT_R(name, off, dim, unit, arg, help, flags, expect)                                      \
  OPT_ROW(name, VT_OPTION_RANGE, off, dim, arg, help, flags, 0, 0, 0, NULL, unit, expect)

/* The getter of a static table `rows`: its rows and their count (NULL for a NULL n). */
#define OPT_TABLE(fn, rows)                                                                        \
  const vt_option *fn(size_t *n) {                                                                 \
    if (!n) return NULL;                                                                           \
    *n = sizeof rows / sizeof *rows;                                                               \
    return rows;                                                                                   \
  }

#endif
