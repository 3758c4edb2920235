/* vitrum md without MD: units, compositions, potential checks and campaign files (no MPI, so the
 * sanitizer build checks these paths for leaks too; tests/cli/test_md.sh runs LAMMPS). Skipped
 * (77) when libvitrum was built without LAMMPS. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vitrum/vitrum.h"

#ifndef VITRUM_HAVE_MD
int main(void) {
  printf("skipped: built without LAMMPS\n");
  return 77;
}
#else
#include "test_util.h"

static void test_units(void) {
  double v;
  vt_error err;
  CHECK(vt_md_parse_quantity("10 K/ps", VT_DIM_RATE, &v, &err) == 0 && v == 1e13, "10 K/ps");
  CHECK(vt_md_parse_quantity("0.01 K/ps", VT_DIM_RATE, &v, &err) == 0 && v == 1e10, "0.01 K/ps");
  CHECK(vt_md_parse_quantity("50 ps", VT_DIM_TIME, &v, &err) == 0 && v == 5e-11, "50 ps");
  CHECK(vt_md_parse_quantity("1 fs", VT_DIM_TIME, &v, &err) == 0 && v == 1e-15, "1 fs");
  CHECK(vt_md_parse_quantity("10 ns", VT_DIM_TIME, &v, &err) == 0 && v == 1e-8, "10 ns (core)");
  CHECK(vt_md_parse_quantity("850 K", VT_DIM_TEMPERATURE, &v, &err) == 0 && v == 850, "850 K");
  CHECK(vt_md_parse_quantity("10", VT_DIM_RATE, &v, &err) == VT_EUNIT, "no unit");
  CHECK_CONTAINS(err.message, "missing unit");
  CHECK_CONTAINS(err.message, "K/ps");
  CHECK(vt_md_parse_quantity("50 ps", VT_DIM_RATE, &v, &err) != 0, "a time is no rate");
}

static void test_system(void) {
  long n[8];
  size_t k;
  vt_error err;
  const char *pot = VT_MD_DEFAULT_POTENTIAL;
  if (access(pot, R_OK) != 0) {
    printf("note: %s absent (lammps-data), composition checks skipped\n", pot);
    return;
  }
  CHECK(vt_md_check_system("Zr44Cu56", 2000, pot, n, &k, &err) == 0 && k == 2 && n[0] == 880 &&
            n[1] == 1120,
        "Zr44Cu56 x 2000: %ld %ld", n[0], n[1]);
  /* the counts always add up to the atom count, whatever the rounding */
  for (long atoms = 2; atoms < 200; atoms += 7) {
    int ok = vt_md_check_system("Cu0.333Zr0.667", atoms, pot, n, &k, &err) == 0;
    CHECK(ok && n[0] + n[1] == atoms && fabs((double)n[0] - 0.333 * (double)atoms) <= 1,
          "%ld atoms", atoms);
  }
  CHECK(vt_md_check_system("Zr44Xx56", 100, pot, n, &k, &err) == VT_ENOTFOUND, "unknown");
  CHECK_CONTAINS(err.message, "element Xx is not in the potential file");
  CHECK_CONTAINS(err.message, "it covers Cu Zr");
  CHECK(vt_md_check_system("zr44cu56", 100, pot, n, &k, &err) == VT_EPARSE, "lower case");
  CHECK_CONTAINS(err.message, "expected an element symbol");
  CHECK(vt_md_check_system("Zr44Zr56", 100, pot, n, &k, &err) == VT_EPARSE, "twice");
  CHECK(vt_md_check_system("Zr44Cu56", 100, "/nonexistent.eam.fs", n, &k, &err) == VT_EIO, "io");
  CHECK_CONTAINS(err.message, "potential file /nonexistent.eam.fs: cannot open");
}

static const char *camp_text = "# a campaign\n"
                               "composition Zr44Cu56\n"
                               "atoms 100\n"
                               "melt 2000 K for 10 ps\n"
                               "quench to 1 K\n"
                               "rates 10, 1 K/ps\n"
                               "temperatures 500, 650, 850 K\n"
                               "seeds 1, 2\n"
                               "anneal 100 ps every 50 ps\n";

static vt_md_campaign *camp(const char *text, vt_error *err) {
  char path[] = "/tmp/vitrum-test-md-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return NULL;
  if (write(fd, text, strlen(text)) != (ssize_t)strlen(text)) return close(fd), NULL;
  close(fd);
  vt_md_campaign *c = vt_md_campaign_read(path, err);
  unlink(path);
  return c;
}

static void test_campaign(void) {
  vt_error err;
  if (access(VT_MD_DEFAULT_POTENTIAL, R_OK) != 0) return;
  vt_md_campaign *c = camp(camp_text, &err);
  CHECK(c != NULL, "campaign: %s", c ? "" : err.message);
  if (!c) return;
  const vt_md_job *j;
  size_t n;
  CHECK(vt_md_campaign_plan(c, "/nonexistent-folder", &j, &n, &err) == 0 && n == 2 * 2 * 4,
        "jobs %zu, want 4 quenches + 12 anneals", n);
  /* a quench at 10 K/ps: 10 ps melt + 1999 K / 10 K/ps, at 1 fs; an anneal: 100 ps */
  CHECK_NEAR(j[0].atom_steps, 100.0 * (10000 + 199900), 0.5, "quench atom-steps");
  CHECK_NEAR(j[4].atom_steps, 100.0 * 100000, 0.5, "anneal atom-steps");
  CHECK(j[0].kind == 0 && j[4].kind == 1 && j[4].depends == 0 && !j[4].done, "order, depends");
  CHECK(strcmp(j[4].name, "a_10Kps_s1_500K") == 0, "name %s", j[4].name);
  vt_md_campaign_free(c);

  const struct {
    const char *replace, *with, *message;
  } bad[] = {{"anneal 100 ps every 50 ps", "anneal 100 every 50 ps", ":9: missing unit"},
             {"rates 10, 1 K/ps", "rates 10, 1", ":6: missing unit"},
             {"seeds 1, 2", "seeds 1, 2.5", ":8: '2.5': expected whole numbers"},
             {"quench to 1 K", "quench 1 K", ":5: 'quench 1 K': expected one of"},
             {"composition Zr44Cu56", "composition Zr44Ag56", "element Ag is not in"},
             {"seeds 1, 2\n", "", "needs 'rates', 'temperatures', 'seeds'"}};
  for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
    char text[1024];
    const char *at = strstr(camp_text, bad[k].replace);
    snprintf(text, sizeof text, "%.*s%s%s", (int)(at - camp_text), camp_text, bad[k].with,
             at + strlen(bad[k].replace));
    c = camp(text, &err);
    CHECK(c == NULL, "bad campaign %zu accepted", k);
    if (!c) CHECK_CONTAINS(err.message, bad[k].message);
    vt_md_campaign_free(c);
  }
}

/* The names a run derives from its output: the extension replaced by .log, the stem as the
 * curve; a leading dot is a hidden file's name, not an extension; a name that does not fit is an
 * error, not a cut name. */
static void test_output_names(void) {
  char log[64], curve[16];
  vt_error err;
  const struct {
    const char *out, *log, *curve;
  } cases[] = {{"run/q.restart", "run/q.log", "q"},
               {"run.d/q", "run.d/q.log", "q"},
               {"a.b.csv", "a.b.log", "a.b"},
               {"dir/.hidden", "dir/.hidden.log", ".hidden"}};
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    CHECK(vt_md_output_names(cases[k].out, log, sizeof log, curve, sizeof curve, &err) == 0,
          "%s: %s", cases[k].out, err.message);
    CHECK(strcmp(log, cases[k].log) == 0 && strcmp(curve, cases[k].curve) == 0,
          "%s: log %s, curve %s", cases[k].out, log, curve);
  }
  CHECK(vt_md_output_names("x/q.csv", NULL, 0, curve, sizeof curve, &err) == 0 &&
            strcmp(curve, "q") == 0,
        "curve alone");
  CHECK(vt_md_output_names("a_very_long_curve_name.csv", log, sizeof log, curve, sizeof curve,
                           &err) == VT_ERANGE &&
            log[0] == '\0' && curve[0] == '\0',
        "a curve name longer than its buffer");
  CHECK(vt_md_output_names("", log, sizeof log, NULL, 0, &err) == VT_EINVAL, "empty output");
}

/* The summary's derived numbers: atom-steps per second of MD time and the minimisations' share
 * of the wall time, from the result's counts (here 1000 atoms x 500 steps in 2 s of MD and 6 s
 * of minimising: 250000 atom-steps/s, share 0.75); a stopped run says where it resumes. */
static void test_summary(void) {
  vt_md_result r = {.complete = 0,
                    .atoms = 1000,
                    .steps = 500,
                    .md_seconds = 2.0,
                    .min_seconds = 6.0,
                    .final_pe_eV = -4.5,
                    .final_E_IS_eV = -4.75,
                    .samples = 3};
  char *text = NULL;
  size_t size = 0;
  FILE *fp = open_memstream(&text, &size);
  CHECK(vt_md_result_write_summary(&r, 1, "a.csv", fp, NULL) == 0, "summary");
  fclose(fp);
  CHECK_CONTAINS(text, "complete 0\natoms 1000\nsteps 500\nfinal_pe_eV_per_atom -4.5\n");
  CHECK_CONTAINS(text, "samples 3\nfinal_E_IS_eV_per_atom -4.75\n");
  CHECK_CONTAINS(text, "atom_steps_per_s 250000\nsampling_share 0.7500\n");
  CHECK_CONTAINS(text, "resume from a.csv.work");
  free(text);
  r.md_seconds = r.min_seconds = 0.0, r.complete = 1; /* no time measured: 0, not a division */
  fp = open_memstream(&text, &size);
  vt_md_result_write_summary(&r, 0, "q.restart", fp, NULL);
  fclose(fp);
  CHECK(strstr(text, "samples") == NULL && strstr(text, "stopped") == NULL, "quench: %s", text);
  CHECK_CONTAINS(text, "atom_steps_per_s 0\nsampling_share 0.0000\n");
  free(text);
  vt_md_job jobs[2] = {{.kind = 0,
                        .name = "q_10Kps_s1",
                        .rate_K_per_s = 1e13,
                        .seed = 1,
                        .atom_steps = 2e9,
                        .done = 1},
                       {.kind = 1,
                        .name = "a_10Kps_s1_500K",
                        .rate_K_per_s = 1e13,
                        .T_K = 500,
                        .seed = 1,
                        .atom_steps = 1e8}};
  fp = open_memstream(&text, &size);
  CHECK(vt_md_plan_write_csv(jobs, 2, fp, NULL) == 0, "plan");
  fclose(fp);
  CHECK(strcmp(text, "job,kind,rate_K_per_ps,seed,T_K,atom_steps,status\n"
                     "q_10Kps_s1,quench,10,1,,2e+09,done\n"
                     "a_10Kps_s1_500K,anneal,10,1,500,1e+08,todo\n") == 0,
        "plan: %s", text);
  free(text);
}

/* The estimate of a plan: atom-steps summed, hours = left x cost / partitions (one rank here:
 * one partition), the assumed cost scaled over the ranks of a job. */
static void test_estimate(void) {
  vt_md_job jobs[3] = {{0}};
  jobs[0].atom_steps = 1e9, jobs[0].done = 1;
  jobs[1].atom_steps = 2e9, jobs[2].atom_steps = 4e9;
  vt_md_estimate e;
  CHECK(vt_md_plan_estimate(jobs, 3, 1, 2e-6, &e, NULL) == 0, "estimate");
  CHECK(e.jobs == 3 && e.todo == 2 && e.atom_steps == 7e9 && e.atom_steps_left == 6e9,
        "counts %zu/%zu, atom-steps %g/%g", e.todo, e.jobs, e.atom_steps_left, e.atom_steps);
  CHECK(e.partitions == vt_md_world_size(), "partitions %d", e.partitions);
  CHECK_NEAR(e.hours, 6e9 * 2e-6 / 3600.0 / e.partitions, 1e-12, "hours");
  vt_md_plan_estimate(jobs, 3, 1, 0.0, &e, NULL);
  CHECK(e.s_per_atom_step == VT_MD_ASSUMED_S_PER_ATOM_STEP, "assumed cost %g", e.s_per_atom_step);
  CHECK(vt_md_plan_estimate(jobs, 3, 0, 1.0, &e, NULL) == VT_ERANGE, "0 ranks per job accepted");
  /* partitions of the world's ranks: a divisor of the world size, from 1 */
  vt_error err;
  int size = vt_md_world_size();
  CHECK(vt_md_check_ranks_per_job(1, &err) == VT_OK && vt_md_check_ranks_per_job(size, &err) == 0,
        "1 and %d ranks per job", size);
  CHECK(vt_md_check_ranks_per_job(size + 1, &err) == VT_ERANGE, "more ranks than the world");
  CHECK_CONTAINS(err.message, "more ranks per job than the");
  CHECK(vt_md_check_ranks_per_job(0, &err) == VT_ERANGE, "0 ranks per job");
  CHECK_CONTAINS(err.message, "--ranks-per-job 0: expected 1 or more");
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double cancel_at;

static void *cancel_later(void *arg) {
  (void)arg;
  struct timespec d = {1, 0};
  nanosleep(&d, NULL);
  cancel_at = now_s();
  vt_cancel_request();
  return NULL;
}

/* The md run of test_cancel_quench, in a child process: MPI and LAMMPS start there (one
 * singleton rank) and it leaves by _exit, so LeakSanitizer checks this parent only (OpenMPI's
 * process-lifetime allocations, see tests/cli/test_md.sh). Writes status and latency to fd. */
static void cancel_child(const char *dir, int fd) {
  setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
  setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
  double out[3] = {-1, -1, -1};
  char path[256];
  snprintf(path, sizeof path, "%s/q.restart", dir);
  vt_md_quench_options o = vt_md_quench_default();
  o.atoms = 64, o.melt_s = 1e-9, o.checkpoint_s = 1e-9; /* 1e6 steps in one chunk */
  vt_md_result r;
  vt_error err;
  pthread_t th;
  if (vt_md_init(NULL, NULL) == 0 && pthread_create(&th, NULL, cancel_later, NULL) == 0) {
    out[0] = vt_md_quench(&o, path, NULL, &r, &err);
    out[1] = now_s() - cancel_at;
    out[2] = strstr(err.message, "cancelled") != NULL;
    pthread_join(th, NULL);
  }
  if (write(fd, out, sizeof out) != (ssize_t)sizeof out) _exit(2);
  _exit(0);
}

/* A quench of 1e6 steps (minutes) cancelled from another thread after 1 s stops within one
 * piece of MD_PIECE_ATOM_STEPS atom-steps (1562 steps at 64 atoms; 0.15 s measured idle, 1.07 s
 * in the sanitizer build beside an MPI job): bound 3 s. Its work folder stays for a resume and no
 * output is written. */
static void test_cancel_quench(void) {
  char dir[] = "/tmp/vitrum-test-md-cancel-XXXXXX", path[300];
  int fd[2];
  double got[3] = {-1, -1, -1};
  CHECK(mkdtemp(dir) != NULL && pipe(fd) == 0, "temporary folder and pipe");
  pid_t pid = fork();
  if (pid == 0) cancel_child(dir, fd[1]);
  close(fd[1]);
  CHECK(read(fd[0], got, sizeof got) == (ssize_t)sizeof got, "child reported");
  close(fd[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(got[0] == VT_ECANCELLED && got[2] == 1, "status %g (want %d), message names it", got[0],
        VT_ECANCELLED);
  CHECK(got[1] >= 0 && got[1] < 3.0, "stopped %.3f s after the request (bound 3 s)", got[1]);
  printf("# md quench cancelled: returned %.3f s after the request\n", got[1]);
  snprintf(path, sizeof path, "%s/q.restart", dir);
  CHECK(access(path, F_OK) != 0, "a cancelled quench wrote its output");
  snprintf(path, sizeof path, "rm -rf '%s'", dir);
  CHECK(system(path) == 0, "cleanup");
}

int main(void) {
  test_estimate();
  test_output_names();
  test_summary();
  test_units();
  test_system();
  test_campaign();
  test_cancel_quench();
  TEST_MAIN_END();
}
#endif
