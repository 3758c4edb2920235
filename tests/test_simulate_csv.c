/* vt_simulate_write_csv, the pipeline of `vitrum simulate`: the streamed rows are the text
 * vt_trace_write_csv writes for vt_simulate's trace of the same program and grid, to every file
 * given; it counts the rows and keeps the last; a refused program writes no row. */
#include <stdlib.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

/* The text written to fp (rewound, then closed). */
static char *slurp(FILE *fp) {
  long n = ftell(fp);
  char *buf = malloc((size_t)n + 1);
  rewind(fp);
  size_t got = buf ? fread(buf, 1, (size_t)n, fp) : 0;
  if (buf) buf[got] = '\0';
  fclose(fp);
  return buf;
}

static void compare(vt_model *m, const vt_program *p, const vt_grid_options *g, const char *what) {
  vt_error err;
  vt_grid grid;
  vt_trace t = {0};
  FILE *a = tmpfile(), *b = tmpfile(), *want = tmpfile(), *two[2] = {a, b};
  size_t nodes = 0;
  vt_trace_row last = {0};
  int rc = vt_simulate_write_csv(m, p, g, two, 2, &nodes, &last, &err);
  CHECK(rc == VT_OK, "%s: %s", what, rc ? err.message : "");
  rc = vt_grid_build(p, g, &grid, &err);
  if (!rc) rc = vt_simulate(m, &grid, &t, &err);
  if (!rc) vt_trace_write_csv(&t, want, g->n_at_time || g->n_at_T, &err);
  char *ta = slurp(a), *tb = slurp(b), *tw = slurp(want);
  CHECK(!rc && ta && tb && tw && strcmp(ta, tw) == 0 && strcmp(tb, tw) == 0,
        "%s: the streamed CSV is vt_trace_write_csv's (%zu bytes)", what, tw ? strlen(tw) : 0);
  CHECK(!rc && nodes == t.n && last.Tf_K == t.Tf_K[t.n - 1] && last.T_K == t.T_K[t.n - 1],
        "%s: %zu rows counted of %zu, the last kept", what, nodes, t.n);
  free(ta);
  free(tb);
  free(tw);
  if (!rc) vt_grid_free(&grid);
  vt_trace_free(&t);
}

int main(void) {
  vt_error err;
  vt_model *m = vt_model_create("tnm", &err);
  vt_program *p = vt_program_parse(
      "start 450 K\ncool to 373 K at 100 K/s\nhold 50 s\nheat to 400 K at 10 K/s\n", "p", &err);
  if (!m || !p) {
    printf("setup: %s\n", err.message);
    return 1;
  }
  vt_grid_options g = vt_grid_options_default();
  compare(m, p, &g, "all rows");
  double at[3] = {0.5, 1.0, 30.0};
  g.at_time_s = at;
  g.n_at_time = 3;
  compare(m, p, &g, "rows at 0.5, 1, 30 s");
  /* a grid option refused before the first row: nothing counted, the error returned */
  vt_grid_options bad = vt_grid_options_default();
  bad.ramp_step_K = -1;
  FILE *fp = tmpfile();
  size_t nodes = 99;
  int rc = vt_simulate_write_csv(m, p, &bad, &fp, 1, &nodes, NULL, &err);
  CHECK(rc != VT_OK && nodes == 0 && strstr(err.message, "ramp step"), "refused grid: '%s'",
        err.message);
  fclose(fp);
  CHECK(vt_simulate_write_csv(m, p, &g, NULL, 1, &nodes, NULL, &err) == VT_EINVAL, "no files");
  vt_program_free(p);
  vt_model_free(m);
  TEST_MAIN_END();
}
