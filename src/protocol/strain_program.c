/* Strain programs: the control variable of a stress-relaxation test (paper 001 Fig. 1a), one
 * segment per line in the style of the thermal programs (src/io/program_file.c):
 *
 *   temperature 593 K
 *   start 0 %
 *   ramp to 0.5 % at 200 %/min
 *   hold 900 s
 *   jump to 0.3 %
 *   hold 3600 s
 *   recover 7200 s
 *
 * and the strain / strain-rate / stress units, which vt_dim does not know (yet). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/internal.h"
#include "vitrum/visco.h"

#define MAX_PROGRAM_BYTES (16u << 20)
#define MAX_LINE          1024
#define MAX_STRAIN        1.0 /* |strain| beyond 100 % is a typo (0.5 meant as %), not a test */

/* ---- The program ------------------------------------------------------------------------- */

struct vt_strain_program {
  double start, T_K;
  vt_strain_segment *seg;
  size_t n, cap;
};

vt_strain_program *vt_strain_program_create(double start_strain, double T_K, vt_error *err) {
  if (!(isfinite(start_strain) && fabs(start_strain) <= MAX_STRAIN)) {
    vt_fail(err, VT_ERANGE, "start strain %g must be finite with |strain| <= 1 (100 %%)",
            start_strain);
    return NULL;
  }
  if (!(isfinite(T_K) && T_K > 0)) {
    vt_fail(err, VT_ERANGE, "test temperature %g K must be finite and > 0", T_K);
    return NULL;
  }
  vt_strain_program *p = calloc(1, sizeof *p);
  if (!p) {
    vt_fail(err, VT_ENOMEM, "out of memory creating a strain program");
    return NULL;
  }
  p->start = start_strain;
  p->T_K = T_K;
  return p;
}

void vt_strain_program_free(vt_strain_program *p) {
  if (!p) return;
  free(p->seg);
  free(p);
}

/* The strain at the end of the program so far (NaN after a recovery). */
static double end_strain(const vt_strain_program *p) {
  return p->n ? p->seg[p->n - 1].target : p->start;
}

static int append(vt_strain_program *p, vt_strain_seg_kind kind, double target, double value,
                  long line, vt_error *err) {
  if (!p) return vt_fail(err, VT_EINVAL, "NULL strain program");
  double from = end_strain(p);
  if (kind != VT_STRAIN_RECOVER && isnan(from))
    return vt_fail(err, VT_EINVAL,
                   "only 'recover' may follow a recovery: the strain it reaches is the model's "
                   "answer, not the program's");
  if ((kind == VT_STRAIN_RAMP || kind == VT_STRAIN_JUMP) &&
      !(isfinite(target) && fabs(target) <= MAX_STRAIN))
    return vt_fail(err, VT_ERANGE, "strain %g must be finite with |strain| <= 1 (100 %%)", target);
  vt_strain_segment s = {kind, target, 0.0, 0.0, line};
  if (kind == VT_STRAIN_RAMP) {
    if (!(isfinite(value) && value > 0))
      return vt_fail(err, VT_ERANGE, "ramp rate %g /s must be finite and > 0", value);
    if (target == from)
      return vt_fail(err, VT_EINVAL, "ramp to %g %% goes nowhere: the strain is %g %% already",
                     100 * target, 100 * from);
    s.rate_per_s = value;
    s.duration_s = fabs(target - from) / value;
  } else if (kind == VT_STRAIN_HOLD || kind == VT_STRAIN_RECOVER) {
    if (!(isfinite(value) && value >= 0))
      return vt_fail(err, VT_ERANGE, "duration %g s must be finite and >= 0", value);
    s.target = kind == VT_STRAIN_HOLD ? from : NAN;
    s.duration_s = value;
  }
  if (VT_GROW(p->n + 1, &p->cap, 8, VT_GROW_ITEM(p->seg)))
    return vt_fail(err, VT_ENOMEM, "out of memory growing a strain program");
  p->seg[p->n++] = s;
  return VT_OK;
}

int vt_strain_program_ramp(vt_strain_program *p, double target, double rate, vt_error *err) {
  return append(p, VT_STRAIN_RAMP, target, rate, 0, err);
}
int vt_strain_program_hold(vt_strain_program *p, double duration_s, vt_error *err) {
  return append(p, VT_STRAIN_HOLD, 0.0, duration_s, 0, err);
}
int vt_strain_program_jump(vt_strain_program *p, double target, vt_error *err) {
  return append(p, VT_STRAIN_JUMP, target, 0.0, 0, err);
}
int vt_strain_program_recover(vt_strain_program *p, double duration_s, vt_error *err) {
  return append(p, VT_STRAIN_RECOVER, 0.0, duration_s, 0, err);
}

double vt_strain_program_start(const vt_strain_program *p) {
  if (!p) return NAN;
  return p->start;
}
double vt_strain_program_T_K(const vt_strain_program *p) {
  if (!p) return NAN;
  return p->T_K;
}
size_t vt_strain_program_segment_count(const vt_strain_program *p) {
  if (!p) return 0;
  return p->n;
}
const vt_strain_segment *vt_strain_program_segment(const vt_strain_program *p, size_t i) {
  if (!p) return NULL;
  return i < p->n ? &p->seg[i] : NULL;
}
double vt_strain_program_duration_s(const vt_strain_program *p) {
  if (!p) return NAN;
  double d = 0.0;
  for (size_t i = 0; i < p->n; i++) d += p->seg[i].duration_s;
  return d;
}

/* ---- Parser ------------------------------------------------------------------------------ */

static const char *const usage =
    "expected one of: 'temperature T', 'start STRAIN', 'ramp to STRAIN at RATE', 'hold TIME', "
    "'jump to STRAIN', 'recover TIME'";

typedef struct parse_ctx {
  const char *source;
  long line;
  vt_error *err;
  double T_K, start; /* NaN until given */
  vt_strain_program *prog;
} parse_ctx;

static char *trim(char *s) {
  while (isspace((unsigned char)*s)) s++;
  size_t n = strlen(s);
  while (n && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
  return s;
}

/* A quantity of a line, its error prefixed with file:line. */
static int quantity(parse_ctx *c, char *text, vt_dim dim, double *out) {
  vt_error local;
  text = trim(text);
  int rc = vt_parse_quantity(text, dim, out, &local);
  if (rc) return vt_fail_at(c->err, rc, c->line, "%s:%ld: %s", c->source, c->line, local.message);
  return VT_OK;
}

/* "to X at R": splits into X and R (R NULL when there is no ' at '). 0 when 'to' is missing. */
static int split_to_at(char *rest, char **target, char **rate) {
  rest = trim(rest);
  if (strncasecmp(rest, "to", 2) != 0 || !isspace((unsigned char)rest[2])) return 0;
  rest += 3;
  *target = rest;
  *rate = NULL;
  for (char *p = rest; *p; p++) {
    if (isspace((unsigned char)p[0]) && strncasecmp(p + 1, "at", 2) == 0 &&
        (isspace((unsigned char)p[3]) || p[3] == '\0')) {
      *p = '\0';
      *rate = p + 3;
      break;
    }
  }
  return 1;
}

static int wrap(parse_ctx *c, int rc, const vt_error *local) {
  if (rc) vt_fail_at(c->err, rc, c->line, "%s:%ld: %s", c->source, c->line, local->message);
  return rc;
}

/* 'start' and 'temperature' may come in either order; the program exists once both are known
 * and a segment needs it. */
static int need_program(parse_ctx *c, const char *verb) {
  if (c->prog) return VT_OK;
  if (isnan(c->start))
    return vt_fail_at(c->err, VT_EPARSE, c->line,
                      "%s:%ld: '%s' before 'start': the program must begin with 'start STRAIN'",
                      c->source, c->line, verb);
  if (isnan(c->T_K))
    return vt_fail_at(c->err, VT_EPARSE, c->line,
                      "%s:%ld: '%s' before 'temperature T': the test temperature comes first",
                      c->source, c->line, verb);
  vt_error local;
  c->prog = vt_strain_program_create(c->start, c->T_K, &local);
  return c->prog ? VT_OK : wrap(c, local.status, &local);
}

static int parse_header_item(parse_ctx *c, const char *verb, char *rest) {
  int is_T = strcasecmp(verb, "temperature") == 0;
  double *dst = is_T ? &c->T_K : &c->start;
  if (c->prog)
    return vt_fail_at(c->err, VT_EPARSE, c->line,
                      "%s:%ld: '%s' after the segments began: it belongs before them", c->source,
                      c->line, verb);
  if (!isnan(*dst))
    return vt_fail_at(c->err, VT_EPARSE, c->line, "%s:%ld: a second '%s' line%s", c->source,
                      c->line, verb, is_T ? ": the test temperature is constant" : "");
  if (is_T) return quantity(c, rest, VT_DIM_TEMPERATURE, dst);
  return quantity(c, rest, VT_DIM_STRAIN, dst);
}

static int parse_segment(parse_ctx *c, const char *verb, char *rest) {
  vt_error local;
  double a, b;
  char *target, *rate;
  int rc = need_program(c, verb);
  if (rc) return rc;
  if (strcasecmp(verb, "hold") == 0 || strcasecmp(verb, "recover") == 0) {
    if ((rc = quantity(c, rest, VT_DIM_TIME, &a))) return rc;
    vt_strain_seg_kind k = strcasecmp(verb, "hold") == 0 ? VT_STRAIN_HOLD : VT_STRAIN_RECOVER;
    return wrap(c, append(c->prog, k, 0.0, a, c->line, &local), &local);
  }
  int ramp = strcasecmp(verb, "ramp") == 0;
  if (!split_to_at(rest, &target, &rate) || (ramp ? !rate : rate != NULL))
    return vt_fail_at(c->err, VT_EPARSE, c->line, "%s:%ld: expected '%s'", c->source, c->line,
                      ramp ? "ramp to STRAIN at RATE" : "jump to STRAIN");
  if ((rc = quantity(c, target, VT_DIM_STRAIN, &a))) return rc;
  if (ramp && (rc = quantity(c, rate, VT_DIM_STRAIN_RATE, &b))) return rc;
  return wrap(
      c,
      append(c->prog, ramp ? VT_STRAIN_RAMP : VT_STRAIN_JUMP, a, ramp ? b : 0.0, c->line, &local),
      &local);
}

static int parse_line(parse_ctx *c, char *line) {
  char *hash = strchr(line, '#');
  if (hash) *hash = '\0';
  char *p = trim(line);
  if (*p == '\0') return VT_OK;
  char *verb = p;
  while (*p && !isspace((unsigned char)*p)) p++;
  if (*p) *p++ = '\0';
  if (strcasecmp(verb, "temperature") == 0 || strcasecmp(verb, "start") == 0)
    return parse_header_item(c, verb, p);
  if (strcasecmp(verb, "ramp") == 0 || strcasecmp(verb, "hold") == 0 ||
      strcasecmp(verb, "jump") == 0 || strcasecmp(verb, "recover") == 0)
    return parse_segment(c, verb, p);
  return vt_fail_at(c->err, VT_EPARSE, c->line, "%s:%ld: unknown item '%s': %s", c->source, c->line,
                    verb, usage);
}

/* After the last line: a program needs start, temperature and some time. */
static int finish(parse_ctx *c) {
  if (isnan(c->start))
    return vt_fail(c->err, VT_EPARSE, "%s: no 'start STRAIN' line (e.g. 'start 0 %%')", c->source);
  if (isnan(c->T_K))
    return vt_fail(c->err, VT_EPARSE, "%s: no 'temperature T' line: the test temperature is needed",
                   c->source);
  if (!c->prog || c->prog->n == 0)
    return vt_fail(c->err, VT_EPARSE, "%s: no segments after 'start': %s", c->source, usage);
  if (!(vt_strain_program_duration_s(c->prog) > 0))
    return vt_fail(c->err, VT_EPARSE,
                   "%s: the program takes no time (only jumps or 0 s holds): add a ramp or a hold",
                   c->source);
  return VT_OK;
}

vt_strain_program *vt_strain_program_parse(const char *text, const char *source_name,
                                           vt_error *err) {
  parse_ctx c = {source_name ? source_name : "<strain program>", 0, err, NAN, NAN, NULL};
  const char *s = text ? text : "";
  int rc = VT_OK;
  while (*s && !rc) {
    const char *eol = strchr(s, '\n');
    size_t len = eol ? (size_t)(eol - s) : strlen(s);
    char buf[MAX_LINE];
    c.line++;
    if (len >= sizeof buf) {
      rc = vt_fail_at(err, VT_EPARSE, c.line, "%s:%ld: line longer than %d characters", c.source,
                      c.line, MAX_LINE - 1);
      break;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    rc = parse_line(&c, buf);
    s += len + (eol ? 1 : 0);
  }
  if (!rc) rc = finish(&c);
  if (rc) {
    vt_strain_program_free(c.prog);
    return NULL;
  }
  return c.prog;
}

/* The whole file (the io layer's reader sits above this one). */
static int read_all(const char *path, char **text, vt_error *err) {
  FILE *f = fopen(path, "rb");
  if (!f) return vt_fail(err, VT_EIO, "%s: cannot open: %s", path, strerror(errno));
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap + 1);
  int rc = buf ? VT_OK : vt_fail(err, VT_ENOMEM, "%s: out of memory", path);
  while (!rc) {
    if (n == cap) {
      char *grown = cap < MAX_PROGRAM_BYTES ? realloc(buf, 2 * cap + 1) : NULL;
      if (!grown) {
        rc = vt_fail(err, VT_ERANGE, "%s: larger than %u bytes or out of memory", path,
                     MAX_PROGRAM_BYTES);
        break;
      }
      buf = grown;
      cap *= 2;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) break;
  }
  if (!rc && ferror(f)) rc = vt_fail(err, VT_EIO, "%s: read error", path);
  if (!rc && memchr(buf, '\0', n))
    rc = vt_fail(err, VT_EPARSE, "%s: contains NUL bytes; expected a text file", path);
  fclose(f);
  if (rc) {
    free(buf);
    return rc;
  }
  buf[n] = '\0';
  *text = buf;
  return VT_OK;
}

vt_strain_program *vt_strain_program_read(const char *path, vt_error *err) {
  char *text = NULL;
  if (read_all(path, &text, err)) return NULL;
  vt_strain_program *p = vt_strain_program_parse(text, path, err);
  free(text);
  return p;
}
