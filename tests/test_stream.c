/* Streaming simulation: rows bit-identical to vt_simulate's (grid and observables), requests
 * checked before the first row, no node cap (the in-memory grid refuses, naming streaming), and
 * the CSV rows read back to the values within half a unit of their last digit. */
#include <errno.h>
#include <stdlib.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

typedef struct collect {
  vt_trace_row *rows;
  size_t n, cap, stop_after;
} collect;

static int keep(const vt_trace_row *row, void *user, vt_error *err) {
  collect *c = user;
  if (c->stop_after && c->n == c->stop_after) {
    if (err) snprintf(err->message, sizeof err->message, "stopped by the test");
    return VT_ERANGE;
  }
  if (c->n == c->cap) {
    c->cap = c->cap ? 2 * c->cap : 1024;
    c->rows = realloc(c->rows, c->cap * sizeof *c->rows);
  }
  c->rows[c->n++] = *row;
  return VT_OK;
}

static const char *kovacs = "start 450 K\ncool to 373 K at 10000 K/s\nhold 50 s\n"
                            "heat to 383 K at 10000 K/s\njump to 390 K\njump to 383 K\n"
                            "hold 2000 s\n";

static void test_same_rows(void) {
  vt_error err;
  vt_program *p = vt_program_parse(kovacs, "kovacs", &err);
  const double at_t[] = {0.0, 0.5, 50.0, 51.0, 1000.0}, at_T[] = {380.0, 400.0};
  vt_grid_options o = vt_grid_options_default();
  o.at_time_s = at_t;
  o.n_at_time = 5;
  o.at_T_K = at_T;
  o.n_at_T = 2;
  vt_grid g;
  vt_trace t;
  vt_model *m = vt_model_create("tnm", &err);
  CHECK(p && m && !vt_grid_build(p, &o, &g, &err) && !vt_simulate(m, &g, &t, &err), "setup: %s",
        err.message);
  collect c = {0};
  CHECK(vt_simulate_stream(m, p, &o, keep, &c, &err) == VT_OK, "stream: %s", err.message);
  CHECK(c.n == g.n, "stream gave %zu rows, grid has %zu nodes", c.n, g.n);
  size_t differ = 0, req = 0;
  for (size_t i = 0; i < c.n && i < g.n; i++) {
    const vt_trace_row *r = &c.rows[i];
    int same = r->index == i && r->time_s == t.time_s[i] && r->T_K == t.T_K[i] &&
               r->Tf_K == t.Tf_K[i] && r->dH_J_per_mol == t.dH_J_per_mol[i] &&
               (r->CpN == t.CpN[i] || (isnan(r->CpN) && isnan(t.CpN[i]))) &&
               r->H_conf_J_per_mol == t.H_conf_J_per_mol[i] && r->segment == t.segment[i] &&
               r->t_seg_s == t.t_seg_s[i] && r->requested == t.requested[i];
    differ += !same;
    req += r->requested;
  }
  printf("stream vs in-memory: %zu rows, %zu differ, %zu requested\n", c.n, differ, req);
  CHECK(differ == 0, "%zu rows differ from vt_simulate's", differ);
  /* 5 times; 380 K is crossed on cooling and on heating, 400 K on cooling */
  CHECK(req == 8, "%zu requested rows, want 8", req);

  /* The CSV of those rows reads back within half a unit of the 10th (8th) digit. */
  FILE *fp = tmpfile();
  CHECK(fp && !vt_trace_write_csv(&t, fp, 0, &err), "csv: %s", err.message);
  rewind(fp);
  char line[512];
  double worst = 0.0;
  CHECK(fgets(line, sizeof line, fp) && strncmp(line, "time_s,T_K,Tf_K", 15) == 0, "header");
  for (size_t i = 0; i < t.n && fgets(line, sizeof line, fp); i++) {
    double v[7];
    char *s = line;
    for (int j = 0; j < 7; j++) {
      v[j] = strtod(s, &s);
      s++;
    }
    const double want[7] = {t.time_s[i], t.T_K[i],     t.Tf_K[i],   t.dH_J_per_mol[i],
                            t.CpN[i],    t.segment[i], t.t_seg_s[i]};
    const int digits[7] = {10, 10, 10, 8, 8, 10, 10};
    for (int j = 0; j < 7; j++) {
      if (isnan(want[j])) {
        CHECK(isnan(v[j]), "row %zu col %d: nan expected", i, j);
        continue;
      }
      if (want[j] == 0.0) continue;
      double unit = pow(10.0, floor(log10(fabs(want[j]))) - digits[j] + 1);
      worst = fmax(worst, fabs(v[j] - want[j]) / unit);
    }
  }
  fclose(fp);
  printf("CSV read back: max error %.3f units of the last digit\n", worst);
  CHECK(worst <= 0.5 + 1e-6, "CSV reads back %.3f units off", worst);
  free(c.rows);
  vt_trace_free(&t);
  vt_grid_free(&g);
  vt_model_free(m);
  vt_program_free(p);
}

static void test_limits(void) {
  vt_error err;
  vt_program *p = vt_program_parse("start 450 K\ncool to 300 K at 1000 K/s\n", "long", &err);
  vt_model *m = vt_model_create("tnm", &err);
  vt_grid_options o = vt_grid_options_default();
  o.ramp_step_K = 1e-5; /* 1.5e7 nodes: above the in-memory cap */
  vt_grid g;
  CHECK(vt_grid_build(p, &o, &g, &err) == VT_ERANGE, "in-memory grid of 1.5e7 nodes accepted");
  CHECK_CONTAINS(err.message, "in memory");
  CHECK_CONTAINS(err.message, "stream");
  collect c = {.stop_after = 5000};
  int rc = vt_simulate_stream(m, p, &o, keep, &c, &err);
  CHECK(rc == VT_ERANGE && c.n == 5000, "stream: status %d after %zu rows", rc, c.n);
  CHECK_CONTAINS(err.message, "stopped by the test");
  CHECK(c.n > 2 && fabs(c.rows[2].T_K - (450.0 - 2e-5)) < 1e-9, "third node at %.12g K",
        c.n > 2 ? c.rows[2].T_K : NAN);
  /* A requested time after the end: refused before any row. */
  const double late = 1.0;
  o.ramp_step_K = 0.1;
  o.at_time_s = &late;
  o.n_at_time = 1;
  c.n = 0;
  c.stop_after = 0;
  CHECK(vt_simulate_stream(m, p, &o, keep, &c, &err) == VT_ERANGE && c.n == 0,
        "late request: %zu rows", c.n);
  CHECK_CONTAINS(err.message, "after the program ends");
  CHECK(vt_simulate_stream(m, p, NULL, NULL, NULL, &err) == VT_EINVAL, "NULL callback");
  free(c.rows);
  vt_model_free(m);
  vt_program_free(p);
}

static char *slurp(FILE *fp, long *n) {
  fflush(fp);
  *n = ftell(fp);
  char *b = malloc((size_t)*n + 1);
  rewind(fp);
  if (b && fread(b, 1, (size_t)*n, fp) != (size_t)*n) *n = -1;
  return b;
}

/* The writer thread's CSV is byte for byte vt_trace_write_csv's, to both files, over several
 * chunks (50 001 rows), and with only the requested rows. */
static void test_writer_thread(void) {
  vt_error err;
  vt_program *p =
      vt_program_parse("start 450 K\ncool to 300 K at 1000 K/s\nhold 10 s\n", "w", &err);
  vt_model *m = vt_model_create("tnm", &err);
  const double at_t[] = {0.01, 0.1, 0.15, 1.0};
  vt_grid_options o = vt_grid_options_default();
  o.ramp_step_K = 150.0 / 50000;
  for (int only = 0; only < 2; only++) {
    o.at_time_s = only ? at_t : NULL;
    o.n_at_time = only ? 4 : 0;
    vt_grid g;
    vt_trace t;
    FILE *a = tmpfile(), *b[2] = {tmpfile(), tmpfile()};
    int ok = a && b[0] && b[1] && !vt_grid_build(p, &o, &g, &err) &&
             !vt_simulate(m, &g, &t, &err) && !vt_trace_write_csv(&t, a, only, &err);
    vt_csv_stream *cs = NULL;
    if (ok) {
      vt_trace_csv_header(b[0]);
      vt_trace_csv_header(b[1]);
      cs = vt_csv_stream_open(b, 2, only, &err);
      ok = cs && !vt_simulate_stream(m, p, &o, vt_csv_stream_row, cs, &err);
      ok &= !vt_csv_stream_close(cs, &err);
    }
    CHECK(ok, "writer run: %s", err.message);
    long na = 0, n0 = 0, n1 = 0;
    char *ta = a ? slurp(a, &na) : NULL, *t0 = b[0] ? slurp(b[0], &n0) : NULL,
         *t1 = b[1] ? slurp(b[1], &n1) : NULL;
    printf("writer thread, %s rows: %zu rows, %ld bytes in memory, %ld and %ld streamed\n",
           only ? "requested" : "all", ok ? g.n : 0, na, n0, n1);
    CHECK(ta && t0 && t1 && na > 0 && na == n0 && na == n1 && !memcmp(ta, t0, (size_t)na) &&
              !memcmp(ta, t1, (size_t)na),
          "streamed CSV differs from the in-memory one");
    free(ta), free(t0), free(t1);
    if (a) fclose(a);
    for (int i = 0; i < 2; i++)
      if (b[i]) fclose(b[i]);
    if (ok) vt_trace_free(&t), vt_grid_free(&g);
  }
  vt_model_free(m);
  vt_program_free(p);
}

/* A write that fails in the writer thread (/dev/full: ENOSPC, as on a full disk) stops the run
 * with VT_EIO and a message saying why, whether the row callback or the close sees it first. */
static void test_writer_error(void) {
  FILE *full = fopen("/dev/full", "w");
  if (!full) {
    printf("writer error: /dev/full not available, skipped\n");
    return;
  }
  vt_error err = {0};
  vt_program *p = vt_program_parse("start 450 K\ncool to 300 K at 1000 K/s\n", "e", &err);
  vt_model *m = vt_model_create("tnm", &err);
  vt_grid_options o = vt_grid_options_default();
  o.ramp_step_K = 150.0 / 200000;
  FILE *fps[2] = {tmpfile(), full};
  vt_csv_stream *cs = vt_csv_stream_open(fps, 2, 0, &err);
  CHECK(cs != NULL, "open: %s", err.message);
  int rc = vt_simulate_stream(m, p, &o, vt_csv_stream_row, cs, &err);
  vt_error err2 = {0};
  int rc2 = vt_csv_stream_close(cs, &err2);
  printf("writer error: run %d (%s), close %d (%s)\n", rc, rc ? err.message : "", rc2,
         err2.message);
  CHECK(rc == VT_EIO || rc2 == VT_EIO, "run %d, close %d: no VT_EIO", rc, rc2);
  CHECK_CONTAINS(rc ? err.message : err2.message, "error writing CSV");
  CHECK_CONTAINS(rc ? err.message : err2.message, strerror(ENOSPC));
  fclose(fps[0]);
  fclose(full);
  vt_model_free(m);
  vt_program_free(p);
}

int main(void) {
  test_writer_error();
  test_writer_thread();
  test_same_rows();
  test_limits();
  TEST_MAIN_END();
}
