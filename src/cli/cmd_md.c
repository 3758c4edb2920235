/* vitrum md: paper 003's molecular dynamics on LAMMPS (quench, anneal with E_IS sampling,
 * campaigns over MPI partitions). Parses options, calls src/md, prints the summary. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define CMD "md"

#ifndef VITRUM_HAVE_MD
int cmd_md(int argc, char **argv) {
  (void)argc, (void)argv;
  cli_error(CMD, "this build has no LAMMPS: install liblammps-dev, lammps-data and "
                 "libopenmpi-dev (scripts/install-deps.sh) and build again");
  return CLI_FAIL;
}
#else

static void help(void) {
  printf(
      "usage: vitrum md quench   [options] -o QUENCH.restart\n"
      "       vitrum md anneal   --from QUENCH.restart [options] -o CURVE.csv\n"
      "       vitrum md campaign FILE.camp -o FOLDER [--ranks-per-job N] [--dry-run]\n"
      "\n"
      "Paper 003's molecular dynamics on LAMMPS (metal units, EAM/FS, NPT at 0 bar, Nose-Hoover).\n"
      "Every value carries its unit. Runs under mpirun/srun: quench and anneal use all ranks on\n"
      "one LAMMPS instance; a campaign splits the ranks into partitions of --ranks-per-job.\n"
      "Interrupted runs resume from OUT.work/ (restart files after every chunk) when run again.\n"
      "\n"
      "quench:\n"
      "  --composition Zr44Cu56   --atoms 2000   --potential FILE (default %s)\n"
      "  --seed N (1)   --timestep '1 fs'   --melt '2000 K'   --melt-time '1 ns'\n"
      "  --rate '10 K/ps'   --T-end '1 K' (the thermostat needs a target above 0 K)\n"
      "  --checkpoint '100 ps'   restart file interval\n"
      "  writes OUT (LAMMPS restart), OUT.meta (composition, potential), the thermo log\n"
      "anneal:\n"
      "  --from QUENCH.restart   --T '850 K'   --time '10 ns'   --every '50 ps' (E_IS interval)\n"
      "  --seed N (velocities at T)   --timestep '1 fs'   --curve NAME (default: OUT's name)\n"
      "  --min-style sd|cg|fire (sd)   --etol 1e-12   --ftol 1e-8 (eV/A)   --maxiter 20000\n"
      "  --maxeval 100000   --no-sample (same chunks, no minimisation: a reference)\n"
      "  --save-samples DIR       keep each sampled configuration (LAMMPS data files)\n"
      "  writes OUT: curve,time_ps,E_IS_eV,T_K,pe_eV (per atom; vitrum agemap reads it)\n"
      "common:\n"
      "  -o FILE   --log FILE (default: OUT with .log)   --stop-after TIME (simulated time in\n"
      "  this call; the run stays resumable)   -q (no summary)\n"
      "campaign:\n"
      "  FILE      settings with units (see README: composition, atoms, potential, melt, rates,\n"
      "            temperatures, seeds, anneal TIME every TIME, ...)\n"
      "  --ranks-per-job N (1)   --dry-run (print the plan and the estimate, run nothing)\n",
      VT_MD_DEFAULT_POTENTIAL);
}

typedef struct md_opts {
  const char *sub, *output, *log, *from, *curve, *camp;
  vt_md_quench_options q;
  vt_md_anneal_options a;
  int quiet, dry_run, ranks_per_job;
  char log_buf[1100], curve_buf[256];
} md_opts;

static int quantity(const char *opt, const char *v, vt_dim dim, double *out) {
  vt_error err;
  if (vt_md_parse_quantity(v, dim, out, &err) == VT_OK) return 0;
  cli_error(CMD, "%s: %s", opt, err.message);
  return -1;
}

static int whole(const char *opt, const char *v, long lo, long *out) {
  char *end;
  *out = strtol(v, &end, 10);
  if (end == v || *end || *out < lo)
    return cli_error(CMD, "%s '%s': expected a whole number >= %ld", opt, v, lo), -1;
  return 0;
}

static int real(const char *opt, const char *v, double *out) {
  char *end;
  *out = strtod(v, &end);
  if (end == v || *end || !(*out >= 0) || !isfinite(*out))
    return cli_error(CMD, "%s '%s': expected a number >= 0", opt, v), -1;
  return 0;
}

/* Options with a quantity: name, dimension, destination. */
static int quantity_opt(int argc, char **argv, int *i, md_opts *o) {
  const struct {
    const char *name;
    vt_dim dim;
    double *dst, *also;
  } t[] = {{"--timestep", VT_DIM_TIME, &o->q.timestep_s, &o->a.timestep_s},
           {"--melt", VT_DIM_TEMPERATURE, &o->q.T_melt_K, NULL},
           {"--melt-time", VT_DIM_TIME, &o->q.melt_s, NULL},
           {"--rate", VT_DIM_RATE, &o->q.rate_K_per_s, NULL},
           {"--T-end", VT_DIM_TEMPERATURE, &o->q.T_end_K, NULL},
           {"--checkpoint", VT_DIM_TIME, &o->q.checkpoint_s, NULL},
           {"--stop-after", VT_DIM_TIME, &o->q.stop_after_s, &o->a.stop_after_s},
           {"--T", VT_DIM_TEMPERATURE, &o->a.T_K, NULL},
           {"--time", VT_DIM_TIME, &o->a.time_s, NULL},
           {"--every", VT_DIM_TIME, &o->a.every_s, NULL}};
  for (size_t k = 0; k < sizeof t / sizeof *t; k++) {
    const char *v;
    int r = cli_option(CMD, argc, argv, i, t[k].name, &v);
    if (!r) continue;
    if (r < 0 || quantity(t[k].name, v, t[k].dim, t[k].dst)) return -1;
    if (t[k].also) *t[k].also = *t[k].dst;
    return 1;
  }
  return 0;
}

static int text_opt(int argc, char **argv, int *i, md_opts *o) {
  const struct {
    const char *name;
    const char **dst;
  } t[] = {{"-o", &o->output},
           {"--output", &o->output},
           {"--log", &o->log},
           {"--from", &o->from},
           {"--curve", &o->curve},
           {"--composition", &o->q.composition},
           {"--potential", &o->q.potential},
           {"--min-style", &o->a.min.style},
           {"--save-samples", &o->a.save_samples}};
  for (size_t k = 0; k < sizeof t / sizeof *t; k++) {
    const char *v;
    int r = cli_option(CMD, argc, argv, i, t[k].name, &v);
    if (r) return r < 0 ? -1 : (*t[k].dst = v, 1);
  }
  return 0;
}

static int number_opt(int argc, char **argv, int *i, md_opts *o) {
  const char *v;
  int r;
  long n;
  if ((r = cli_option(CMD, argc, argv, i, "--atoms", &v)))
    return r < 0 || whole("--atoms", v, 1, &o->q.atoms) ? -1 : 1;
  if ((r = cli_option(CMD, argc, argv, i, "--seed", &v)))
    return r < 0 || whole("--seed", v, 1, &o->q.seed) ? -1 : (o->a.seed = o->q.seed, 1);
  if ((r = cli_option(CMD, argc, argv, i, "--maxiter", &v)))
    return r < 0 || whole("--maxiter", v, 1, &o->a.min.maxiter) ? -1 : 1;
  if ((r = cli_option(CMD, argc, argv, i, "--maxeval", &v)))
    return r < 0 || whole("--maxeval", v, 1, &o->a.min.maxeval) ? -1 : 1;
  if ((r = cli_option(CMD, argc, argv, i, "--ranks-per-job", &v)))
    return r < 0 || whole("--ranks-per-job", v, 1, &n) ? -1 : (o->ranks_per_job = (int)n, 1);
  if ((r = cli_option(CMD, argc, argv, i, "--etol", &v)))
    return r < 0 || real("--etol", v, &o->a.min.etol) ? -1 : 1;
  if ((r = cli_option(CMD, argc, argv, i, "--ftol", &v)))
    return r < 0 || real("--ftol", v, &o->a.min.ftol) ? -1 : 1;
  return 0;
}

static int parse(int argc, char **argv, md_opts *o) {
  if (argc < 3 || !strcmp(argv[2], "--help") || !strcmp(argv[2], "-h")) return 1;
  o->sub = argv[2];
  if (strcmp(o->sub, "quench") && strcmp(o->sub, "anneal") && strcmp(o->sub, "campaign"))
    return cli_error(CMD, "unknown subcommand '%s': expected quench, anneal or campaign", o->sub),
           -1;
  for (int i = 3; i < argc; i++) {
    const char *a = argv[i];
    int r;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) return 1;
    if (!strcmp(a, "-q") || !strcmp(a, "--quiet") || !strcmp(a, "--dry-run") ||
        !strcmp(a, "--no-sample")) {
      *(a[2] == 'd' ? &o->dry_run : a[2] == 'n' ? &o->a.sample : &o->quiet) = a[2] != 'n';
      continue;
    }
    if ((r = quantity_opt(argc, argv, &i, o)) || (r = text_opt(argc, argv, &i, o)) ||
        (r = number_opt(argc, argv, &i, o))) {
      if (r < 0) return -1;
    } else if (a[0] == '-' && a[1]) {
      return cli_error(CMD, "unknown option '%s' (vitrum md --help lists them)", a), -1;
    } else if (!strcmp(o->sub, "campaign") && !o->camp) {
      o->camp = a;
    } else {
      return cli_error(CMD, "unexpected argument '%s'", a), -1;
    }
  }
  if (!o->output) return cli_error(CMD, "%s: no output: give -o", o->sub), -1;
  if (!strcmp(o->sub, "anneal") && !o->from)
    return cli_error(CMD, "anneal: no quenched state: give --from QUENCH.restart"), -1;
  if (!strcmp(o->sub, "campaign") && !o->camp)
    return cli_error(CMD, "campaign: no campaign file (vitrum md campaign FILE -o FOLDER)"), -1;
  return 0;
}

/* OUT with its extension replaced by .log; the curve name: OUT's base name without it. */
static void derived_names(md_opts *o) {
  const char *base = strrchr(o->output, '/') ? strrchr(o->output, '/') + 1 : o->output;
  const char *dot = strrchr(base, '.');
  size_t stem = dot && dot != base ? (size_t)(dot - o->output) : strlen(o->output);
  if (!o->log) {
    snprintf(o->log_buf, sizeof o->log_buf, "%.*s.log", (int)stem, o->output);
    o->log = o->log_buf;
  }
  if (!o->curve) {
    size_t from = (size_t)(base - o->output);
    snprintf(o->curve_buf, sizeof o->curve_buf, "%.*s", (int)(stem - from), base);
    o->curve = o->curve_buf;
  }
}

static void progress(void *ctx, double done, double total) {
  (void)ctx;
  if (!isatty(fileno(stderr))) return;
  fprintf(stderr, "\rvitrum md: step %.0f/%.0f", done, total);
  if (done >= total) fputc('\n', stderr);
  fflush(stderr);
}

static void summary(const md_opts *o, const vt_md_result *r) {
  if (o->quiet || vt_md_world_rank() != 0) return;
  printf("complete %d\natoms %ld\nsteps %.0f\nfinal_pe_eV_per_atom %.17g\n", r->complete, r->atoms,
         r->steps, r->final_pe_eV);
  if (!strcmp(o->sub, "anneal"))
    printf("samples %zu\nfinal_E_IS_eV_per_atom %.17g\n", r->samples, r->final_E_IS_eV);
  double all = r->md_seconds + r->min_seconds;
  printf("md_seconds %.3f\nmin_seconds %.3f\natom_steps_per_s %.6g\nsampling_share %.4f\n",
         r->md_seconds, r->min_seconds,
         r->md_seconds > 0 ? r->steps * (double)r->atoms / r->md_seconds : 0.0,
         all > 0 ? r->min_seconds / all : 0.0);
  if (!r->complete)
    printf("stopped: run the same command again to resume from %s.work\n", o->output);
}

static void job_done(void *ctx, size_t finished, size_t total) {
  (void)ctx;
  cli_progress(CMD, finished < total ? finished : total, total);
}

/* The plan and the estimate: atom-steps left, hours at the cost per atom-step given. */
static void print_plan(const vt_md_job *jobs, size_t n, int rpj, double cost, int measured) {
  double left = 0.0, all = 0.0;
  size_t todo = 0;
  printf("job,kind,rate_K_per_ps,seed,T_K,atom_steps,status\n");
  for (size_t i = 0; i < n; i++) {
    char T[32] = "";
    if (jobs[i].kind) snprintf(T, sizeof T, "%g", jobs[i].T_K);
    printf("%s,%s,%g,%ld,%s,%.6g,%s\n", jobs[i].name, jobs[i].kind ? "anneal" : "quench",
           jobs[i].rate_K_per_s * 1e-12, jobs[i].seed, T, jobs[i].atom_steps,
           jobs[i].done ? "done" : "todo");
    all += jobs[i].atom_steps;
    if (!jobs[i].done) left += jobs[i].atom_steps, todo++;
  }
  int parts = vt_md_world_size() / rpj;
  fprintf(stderr,
          "vitrum md: %zu of %zu jobs to run, %.3g of %.3g atom-steps; at %.3g us per "
          "atom-step of a partition (%s, %d rank%s per job) about %.3g h on %d partition%s "
          "(E_IS minimisations not counted)\n",
          todo, n, left, all, cost * 1e6,
          measured ? "measured" : "assumed, --dry-run measures nothing", rpj, rpj > 1 ? "s" : "",
          left * cost / 3600.0 / (parts > 0 ? parts : 1), parts, parts > 1 ? "s" : "");
}

/* Errors are the same on every rank (the same files and options): world rank 0 says them. */
#define ROOT_ERROR(...) (vt_md_world_rank() == 0 ? cli_error(CMD, __VA_ARGS__) : (void)0, CLI_FAIL)

static int check_ranks(int rpj) {
  int size = vt_md_world_size();
  if (rpj <= size && size % rpj == 0) return CLI_OK;
  return ROOT_ERROR("--ranks-per-job %d: %s the %d rank%s this run was started with (mpirun -np N)",
                    rpj, rpj > size ? "more ranks per job than" : "not a divisor of", size,
                    size > 1 ? "s" : "");
}

static int campaign(md_opts *o) {
  vt_error err;
  const vt_md_job *jobs;
  size_t n;
  int rpj = o->ranks_per_job, rc;
  /* --dry-run: issue 17's 1.2 us per atom-step on one core, scaled ideally over the ranks */
  double cost = 1.2e-6 / rpj;
  vt_md_campaign *c = vt_md_campaign_read(o->camp, &err);
  if (!c) return ROOT_ERROR("%s", err.message);
  if ((rc = check_ranks(rpj)) == CLI_OK &&
      (vt_md_campaign_plan(c, o->output, &jobs, &n, &err) ||
       (!o->dry_run && vt_md_measure_cost(c, rpj, &cost, &err))))
    rc = ROOT_ERROR("%s", err.message);
  if (!rc && vt_md_world_rank() == 0 && !o->quiet) print_plan(jobs, n, rpj, cost, !o->dry_run);
  fflush(stdout);
  if (!rc && !o->dry_run) {
    vt_md_campaign_options co = vt_md_campaign_default();
    co.ranks_per_job = rpj, co.job_done = job_done;
    if (vt_md_campaign_run(c, o->output, &co, &err)) rc = ROOT_ERROR("%s", err.message);
  }
  vt_md_campaign_free(c);
  return rc;
}

static int run(md_opts *o) {
  vt_error err;
  vt_md_result res;
  int rc;
  derived_names(o);
  o->q.progress = o->a.progress = progress;
  if (!strcmp(o->sub, "campaign")) return campaign(o);
  if (!strcmp(o->sub, "quench"))
    rc = vt_md_quench(&o->q, o->output, o->log, &res, &err);
  else
    rc = vt_md_anneal(&o->a, o->from, o->curve, o->output, o->log, &res, &err);
  if (rc) return ROOT_ERROR("%s", err.message);
  summary(o, &res);
  return CLI_OK;
}

int cmd_md(int argc, char **argv) {
  md_opts o;
  memset(&o, 0, sizeof o);
  o.q = vt_md_quench_default();
  o.a = vt_md_anneal_default();
  o.ranks_per_job = 1;
  if (vt_md_init(&argc, &argv)) return cli_error(CMD, "cannot initialise MPI"), CLI_FAIL;
  int root = vt_md_world_rank() == 0, status;
  int p = parse(argc, argv, &o);
  if (p > 0) {
    if (root) help();
    status = CLI_OK;
  } else {
    status = p < 0 ? CLI_USAGE : run(&o);
  }
  fflush(stdout);
  vt_md_finalize();
  return status;
}
#endif
