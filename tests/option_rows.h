/* Checks shared by the tests of the library's option tables (options.h): every row of a
 * table, set by text in its display unit in a copy of the defaults, changes exactly its own
 * field to the value parsed; no two rows share a field. */
#ifndef VT_TEST_OPTION_ROWS_H
#define VT_TEST_OPTION_ROWS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

/* The bytes a row's field takes. */
static inline size_t field_size(const vt_option *r) {
  switch (r->kind) {
  case VT_OPTION_QUANTITY:
    return sizeof(double);
  case VT_OPTION_RANGE:
    return 2 * sizeof(double);
  case VT_OPTION_TEXT:
    return sizeof(const char *);
  case VT_OPTION_LIST:
    return sizeof(double *);
  default:
    return sizeof(int);
  }
}

/* A value of row `r` unlike its default `def` (the field at its offset): its text and what the
 * field holds after it (want, in SI for quantities and ranges). */
static inline void option_text_of(const vt_option *r, const void *def, vt_quantity_parser parse,
                                  char *text, size_t size, double want[2]) {
  const char *unit = r->unit ? r->unit : vt_dim_unit(r->dim), *sp = *unit ? " " : "";
  long max = r->max > 0 ? r->max : 1000000000L;
  int d = *(const int *)((const char *)def + r->offset);
  if (r->kind == VT_OPTION_QUANTITY) {
    snprintf(text, size, "7%s%s", sp, unit);
    CHECK(parse(text, r->dim, &want[0], NULL) == VT_OK, "%s parses", text);
  } else if (r->kind == VT_OPTION_RANGE) {
    char hi[32];
    snprintf(text, size, "7, 9%s%s", sp, unit);
    snprintf(hi, sizeof hi, "9%s%s", sp, unit);
    CHECK(parse(hi + 0, r->dim, &want[1], NULL) == VT_OK, "%s parses", hi);
    hi[0] = '7';
    CHECK(parse(hi, r->dim, &want[0], NULL) == VT_OK, "%s parses", hi);
  } else if (r->kind == VT_OPTION_INT) {
    long v = 7 >= r->min && 7 <= max && d != 7 ? 7 : (d == r->min ? max : r->min);
    snprintf(text, size, "%ld", v);
    want[0] = (double)v;
  } else if (r->kind == VT_OPTION_CHOICE) {
    const char *last = strrchr(r->choices, '|');
    int k = 0;
    for (const char *p = r->choices; (p = strchr(p, '|')) != NULL; p++) k++;
    snprintf(text, size, "%s", last ? last + 1 : r->choices);
    want[0] = k;
    CHECK(k != d, "%s: the last choice is no default", r->name);
  } else {
    snprintf(text, size, "some/text");
  }
}

/* Every row of `t` set by text in a copy of `defaults` (size bytes, the table's struct at
 * `at`): exactly the row's field changes, to the value parsed; rows have their own fields, a
 * name found as its own, help and an argument (a choice's are its choices). */
static inline void check_option_rows(const char *what, const vt_option *t, size_t n,
                                     const void *defaults, size_t size, size_t at,
                                     vt_quantity_parser parse) {
  unsigned char *a = malloc(size), *b = malloc(size);
  for (size_t k = 0; a && b && k < n; k++) {
    const vt_option *r = &t[k];
    size_t lo = at + r->offset, fs = field_size(r), hi = lo + fs;
    CHECK(hi <= size, "%s %s: a field of the struct", what, r->name);
    CHECK(vt_option_find(t, n, r->name) == r, "%s %s: its name is its own", what, r->name);
    CHECK(r->help && *r->help && ((r->arg && *r->arg) || r->kind == VT_OPTION_CHOICE),
          "%s %s: help and its argument", what, r->name);
    for (size_t j = 0; j < k; j++)
      CHECK(t[j].offset + field_size(&t[j]) <= r->offset || r->offset + fs <= t[j].offset,
            "%s %s and %s share a field", what, t[j].name, r->name);
    memcpy(a, defaults, size);
    memcpy(b, defaults, size);
    char text[64];
    double want[2] = {0, 0};
    option_text_of(r, a + at, parse, text, sizeof text, want);
    vt_error err;
    int rc = vt_option_set_text_with(r, b + at, NULL, text, parse, &err);
    CHECK(rc == VT_OK, "%s %s '%s': %s", what, r->name, text, rc ? err.message : "");
    const unsigned char *f = b + lo;
    if (r->kind == VT_OPTION_QUANTITY || r->kind == VT_OPTION_RANGE) {
      double got[2] = {0, 0};
      memcpy(got, f, fs);
      CHECK(got[0] == want[0] && got[1] == want[1], "%s %s '%s': %.17g, %.17g, want %.17g, %.17g",
            what, r->name, text, got[0], got[1], want[0], want[1]);
    } else if (r->kind == VT_OPTION_TEXT) {
      const char *got;
      memcpy(&got, f, sizeof got);
      CHECK(got == text, "%s %s: the text itself", what, r->name);
    } else {
      int got;
      memcpy(&got, f, sizeof got);
      CHECK(got == (int)want[0], "%s %s '%s': %d", what, r->name, text, got);
    }
    CHECK(memcmp(a + lo, b + lo, fs) != 0, "%s %s '%s': the field changed", what, r->name, text);
    CHECK(memcmp(a, b, lo) == 0 && memcmp(a + hi, b + hi, size - hi) == 0,
          "%s %s: no other field changed", what, r->name);
  }
  free(a);
  free(b);
}

#endif
