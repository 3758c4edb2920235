/* Program files: one segment per line, as a DSC method is written.
 *
 *   start 450 K
 *   cool to 373 K at 10000 K/s
 *   hold 50 s
 *   heat to 383 K at 10000 K/s     (also 'ramp to', either direction)
 *   jump to 383 K
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/internal.h"
#include "text_file.h"

#define MAX_PROGRAM_BYTES (16u << 20)
#define MAX_LINE          1024

static const char *const usage =
    "expected one of: 'start T', 'cool to T at RATE', 'heat to T at RATE', 'ramp to T at RATE', "
    "'hold TIME', 'jump to T'";

/* Split "to 373 K at 10000 K/s" into the text after `to` and after `at`. Returns 0 when the
 * shape is wrong. Both outputs point into `rest`, which is modified. */
static int split_to_at(char *rest, char **temp_text, char **rate_text) {
  while (isspace((unsigned char)*rest)) rest++;
  if (strncasecmp(rest, "to", 2) != 0 || !isspace((unsigned char)rest[2])) return 0;
  rest += 3;
  char *at = NULL;
  for (char *p = rest; *p; p++) {
    if (isspace((unsigned char)p[0]) && strncasecmp(p + 1, "at", 2) == 0 &&
        (isspace((unsigned char)p[3]) || p[3] == '\0')) {
      at = p;
      break;
    }
  }
  *temp_text = rest;
  *rate_text = NULL;
  if (at) {
    *at = '\0';
    *rate_text = at + 3;
  }
  return 1;
}

typedef struct parse_ctx {
  const char *source;
  long line;
  vt_error *err;
} parse_ctx;

static int quantity(parse_ctx *c, const char *text, vt_dim dim, double *out) {
  char trimmed[MAX_LINE];
  while (isspace((unsigned char)*text)) text++;
  size_t n = strlen(text);
  while (n && isspace((unsigned char)text[n - 1])) n--;
  memcpy(trimmed, text, n);
  trimmed[n] = '\0';
  vt_error local;
  int rc = vt_parse_quantity(trimmed, dim, out, &local);
  if (rc) return vt_fail_at(c->err, rc, c->line, "%s:%ld: %s", c->source, c->line, local.message);
  return VT_OK;
}

static int wrap(parse_ctx *c, int rc, vt_error *local) {
  if (rc) vt_fail_at(c->err, rc, c->line, "%s:%ld: %s", c->source, c->line, local->message);
  return rc;
}

static int parse_ramp(parse_ctx *c, vt_program *prog, const char *verb, char *rest) {
  char *ttext, *rtext;
  double T, rate;
  if (!split_to_at(rest, &ttext, &rtext) || !rtext)
    return vt_fail_at(c->err, VT_EPARSE, c->line, "%s:%ld: expected '%s to T at RATE'", c->source,
                      c->line, verb);
  if (quantity(c, ttext, VT_DIM_TEMPERATURE, &T) || quantity(c, rtext, VT_DIM_RATE, &rate))
    return c->err ? c->err->status : VT_EPARSE;
  double from = vt_program_end_K(prog, vt_program_segment_count(prog) - 1);
  if (strcasecmp(verb, "cool") == 0 && !(T < from))
    return vt_fail_at(c->err, VT_EINVAL, c->line,
                      "%s:%ld: 'cool to %g K' does not cool: the temperature is %g K here",
                      c->source, c->line, T, from);
  if (strcasecmp(verb, "heat") == 0 && !(T > from))
    return vt_fail_at(c->err, VT_EINVAL, c->line,
                      "%s:%ld: 'heat to %g K' does not heat: the temperature is %g K here",
                      c->source, c->line, T, from);
  vt_error local;
  return wrap(c, vt_program_append_at(prog, VT_SEG_RAMP, T, rate, c->line, &local), &local);
}

static int parse_line(parse_ctx *c, vt_program **prog, char *line) {
  char *hash = strchr(line, '#');
  if (hash) *hash = '\0';
  char *p = line;
  while (isspace((unsigned char)*p)) p++;
  if (*p == '\0') return VT_OK;
  char *verb = p;
  while (*p && !isspace((unsigned char)*p)) p++;
  if (*p) *p++ = '\0';
  double v;
  vt_error local;
  if (strcasecmp(verb, "start") == 0) {
    if (*prog)
      return vt_fail_at(c->err, VT_EPARSE, c->line, "%s:%ld: a second 'start' line", c->source,
                        c->line);
    if (quantity(c, p, VT_DIM_TEMPERATURE, &v)) return c->err ? c->err->status : VT_EPARSE;
    *prog = vt_program_create(v, &local);
    return *prog ? VT_OK : wrap(c, local.status, &local);
  }
  if (!*prog)
    return vt_fail_at(c->err, VT_EPARSE, c->line,
                      "%s:%ld: '%s' before 'start': the program must begin with 'start T'",
                      c->source, c->line, verb);
  if (strcasecmp(verb, "cool") == 0 || strcasecmp(verb, "heat") == 0 ||
      strcasecmp(verb, "ramp") == 0)
    return parse_ramp(c, *prog, verb, p);
  if (strcasecmp(verb, "hold") == 0) {
    if (quantity(c, p, VT_DIM_TIME, &v)) return c->err ? c->err->status : VT_EPARSE;
    return wrap(c, vt_program_append_at(*prog, VT_SEG_HOLD, 0.0, v, c->line, &local), &local);
  }
  if (strcasecmp(verb, "jump") == 0) {
    char *ttext, *rtext;
    if (!split_to_at(p, &ttext, &rtext) || rtext)
      return vt_fail_at(c->err, VT_EPARSE, c->line, "%s:%ld: expected 'jump to T'", c->source,
                        c->line);
    if (quantity(c, ttext, VT_DIM_TEMPERATURE, &v)) return c->err ? c->err->status : VT_EPARSE;
    return wrap(c, vt_program_append_at(*prog, VT_SEG_JUMP, v, 0.0, c->line, &local), &local);
  }
  return vt_fail_at(c->err, VT_EPARSE, c->line, "%s:%ld: unknown segment '%s': %s", c->source,
                    c->line, verb, usage);
}

vt_program *vt_program_parse(const char *text, const char *source_name, vt_error *err) {
  parse_ctx c = {source_name ? source_name : "<program>", 0, err};
  vt_program *prog = NULL;
  const char *s = text ? text : "";
  while (*s) {
    const char *eol = strchr(s, '\n');
    size_t len = eol ? (size_t)(eol - s) : strlen(s);
    c.line++;
    char buf[MAX_LINE];
    if (len >= sizeof buf) {
      vt_fail_at(err, VT_EPARSE, c.line, "%s:%ld: line longer than %d characters", c.source, c.line,
                 MAX_LINE - 1);
      vt_program_free(prog);
      return NULL;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    if (len && buf[len - 1] == '\r') buf[len - 1] = '\0';
    if (parse_line(&c, &prog, buf)) {
      vt_program_free(prog);
      return NULL;
    }
    s += len + (eol ? 1 : 0);
  }
  if (!prog) {
    vt_fail(err, VT_EPARSE, "%s: no 'start T' line: the program must begin with 'start T'",
            c.source);
    return NULL;
  }
  if (vt_program_segment_count(prog) == 0) {
    vt_fail(err, VT_EPARSE, "%s: no segments after 'start': %s", c.source, usage);
    vt_program_free(prog);
    return NULL;
  }
  if (!(vt_program_duration_s(prog) > 0.0)) {
    vt_fail(err, VT_EPARSE,
            "%s: the program takes no time (only jumps or 0 s holds): add a "
            "ramp or a hold",
            c.source);
    vt_program_free(prog);
    return NULL;
  }
  return prog;
}

vt_program *vt_program_read(const char *path, vt_error *err) {
  char *text;
  if (vt_read_text_file(path, MAX_PROGRAM_BYTES, &text, NULL, err)) return NULL;
  vt_program *prog = vt_program_parse(text, path, err);
  free(text);
  return prog;
}
