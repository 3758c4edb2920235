/* vitrum md: paper 003's molecular dynamics on LAMMPS (quench, anneal with E_IS sampling,
 * campaigns over MPI partitions). Parses options, calls src/md, prints the summary. */
#include <unistd.h>

#include "cmd.h"

#define CMD "md"

#ifndef VITRUM_HAVE_MD
int cmd_md(int argc, char **argv) {
  (void)argc, (void)argv;
  cli_error(CMD, "this build has no LAMMPS: install liblammps-dev, lammps-data and "
                 "libopenmpi-dev (scripts/install-deps.sh) and build again");
  return CLI_FAIL;
}
#else

typedef struct md_opts {
  const char *sub, *output, *log, *from, *curve, *camp;
  vt_md_quench_options q; /* seed, timestep and stop_after are read here for both runs */
  vt_md_anneal_options a;
  int quiet, dry_run, no_sample, ranks_per_job;
  char log_buf[1100], curve_buf[256];
} md_opts;

#define F(field)        offsetof(md_opts, field)
static const cli_opt options[] = {
    CLI_TABLE_ROWS(vt_md_quench_option_table, F(q), "composition", "checkpoint"),
    CLI_S("--from", CLI_TEXT, F(from), "FILE", "anneal: the quenched state (QUENCH.restart)"),
    CLI_TABLE_ROWS(vt_md_anneal_option_table, F(a), "T", "every"),
    CLI_S("--curve", CLI_TEXT, F(curve), "NAME", "anneal: curve name (default: OUT's name)"),
    CLI_TABLE_AT(vt_md_min_option_table, F(a.min)),
    CLI_F("--no-sample", F(no_sample), "anneal: same chunks, no minimisation (a reference)"),
    CLI_TABLE_ROWS(vt_md_anneal_option_table, F(a), "save_samples", "save_samples"),
    CLI_OUT("quench: LAMMPS restart (+ .meta, the thermo log); anneal: E_IS CSV\n"
            "curve,time_ps,E_IS_eV,T_K,pe_eV (per atom; vitrum agemap reads it);\n"
            "campaign: the folder"),
    CLI_S("--log", CLI_OUTPUT, F(log), "FILE", "LAMMPS log (default: OUT with .log)"),
    CLI_TABLE_ROWS(vt_md_quench_option_table, F(q), "stop_after", "stop_after"),
    CLI_I("--ranks-per-job", F(ranks_per_job), 1, "N", "campaign: MPI ranks of each job"),
    CLI_F("--dry-run", F(dry_run), "campaign: print the plan and the estimate, run nothing"),
    CLI_F("-q|--quiet", F(quiet), "no summary"),
    CLI_END};

/* The campaign file: the one positional argument of `md campaign`. */
static int campaign_file(const char *cmd, const char *arg, void *opts) {
  md_opts *o = opts;
  if (strcmp(o->sub, "campaign") == 0 && !o->camp) return o->camp = arg, 0;
  return cli_error(cmd, "unexpected argument '%s'", arg), -1;
}

static const cli_command command = {
    .name = CMD,
    .usage = "quench   [options] -o QUENCH.restart\n"
             "anneal   --from QUENCH.restart [options] -o CURVE.csv\n"
             "campaign FILE.camp -o FOLDER [--ranks-per-job N] [--dry-run]",
    .about =
        "Paper 003's molecular dynamics on LAMMPS (metal units, EAM/FS, NPT at 0 bar, "
        "Nose-Hoover).\n"
        "Every value carries its unit. Runs under mpirun/srun: quench and anneal use all ranks on\n"
        "one LAMMPS instance; a campaign splits the ranks into partitions of --ranks-per-job.\n"
        "Interrupted runs resume from OUT.work/ (restart files after every chunk) when run again.\n"
        "A campaign FILE holds settings with units (see README: composition, atoms, potential,\n"
        "melt, rates, temperatures, seeds, anneal TIME every TIME, ...).",
    .opts = options,
    .positional = campaign_file,
    .quantity = vt_md_parse_quantity};

static int help(const md_opts *o) {
  if (vt_md_world_rank() == 0) cli_help(&command, o);
  return 1;
}

/* -1 error (printed), 1 help, 0 run. `md SUB ...` is parsed as the command SUB's line. */
static int parse(int argc, char **argv, md_opts *o) {
  if (argc < 3) return help(o);
  for (int i = 2; i < argc; i++)
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) return help(o);
  o->sub = argv[2];
  if (strcmp(o->sub, "quench") && strcmp(o->sub, "anneal") && strcmp(o->sub, "campaign"))
    return cli_error(CMD, "unknown subcommand '%s': expected quench, anneal or campaign", o->sub),
           -1;
  if (cli_parse(&command, argc - 1, argv + 1, o)) return -1;
  o->a.seed = o->q.seed, o->a.sample = !o->no_sample; /* one option each */
  o->a.timestep_s = o->q.timestep_s, o->a.stop_after_s = o->q.stop_after_s;
  if (!o->output) return cli_error(CMD, "%s: no output: give -o", o->sub), -1;
  if (!strcmp(o->sub, "anneal") && !o->from)
    return cli_error(CMD, "anneal: no quenched state: give --from QUENCH.restart"), -1;
  if (!strcmp(o->sub, "campaign") && !o->camp)
    return cli_error(CMD, "campaign: no campaign file (vitrum md campaign FILE -o FOLDER)"), -1;
  return 0;
}

static void progress(void *ctx, double done, double total) {
  (void)ctx;
  if (!isatty(fileno(stderr))) return;
  fprintf(stderr, "\rvitrum md: step %.0f/%.0f", done, total);
  if (done >= total) fputc('\n', stderr);
  fflush(stderr);
}

static void job_done(void *ctx, size_t finished, size_t total) {
  (void)ctx;
  cli_progress(CMD, finished < total ? finished : total, total);
}

/* Errors are the same on every rank (the same files and options): world rank 0 says them. */
#define ROOT_ERROR(...) (vt_md_world_rank() == 0 ? cli_error(CMD, __VA_ARGS__) : (void)0, CLI_FAIL)

static int campaign(md_opts *o) {
  vt_error err;
  const vt_md_job *jobs;
  vt_md_estimate e;
  size_t n;
  int rpj = o->ranks_per_job, rc = CLI_OK;
  double cost = 0.0; /* --dry-run: the assumed cost */
  vt_md_campaign *c = vt_md_campaign_read(o->camp, &err);
  if (!c) return ROOT_ERROR("%s", err.message);
  if (vt_md_check_ranks_per_job(rpj, &err) || vt_md_campaign_plan(c, o->output, &jobs, &n, &err) ||
      (!o->dry_run && vt_md_measure_cost(c, rpj, &cost, &err)) ||
      vt_md_plan_estimate(jobs, n, rpj, cost, &e, &err))
    rc = ROOT_ERROR("%s", err.message);
  if (!rc && vt_md_world_rank() == 0 && !o->quiet) { /* the plan, then the estimate */
    vt_md_plan_write_csv(jobs, n, stdout, NULL);
    fputs("vitrum md: ", stderr);
    vt_md_estimate_write_summary(&e, rpj, !o->dry_run, stderr, NULL);
  }
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
  if (!strcmp(o->sub, "campaign")) return campaign(o);
  if (vt_md_output_names(o->output, o->log_buf, sizeof o->log_buf, o->curve_buf,
                         sizeof o->curve_buf, &err))
    return ROOT_ERROR("%s", err.message);
  o->log = o->log ? o->log : o->log_buf; /* --log and --curve, else the names derived from -o */
  o->curve = o->curve ? o->curve : o->curve_buf;
  o->q.progress = o->a.progress = progress;
  if (!strcmp(o->sub, "quench"))
    rc = vt_md_quench(&o->q, o->output, o->log, &res, &err);
  else
    rc = vt_md_anneal(&o->a, o->from, o->curve, o->output, o->log, &res, &err);
  if (rc) return ROOT_ERROR("%s", err.message);
  if (!o->quiet && vt_md_world_rank() == 0)
    vt_md_result_write_summary(&res, !strcmp(o->sub, "anneal"), o->output, stdout, NULL);
  return CLI_OK;
}

int cmd_md(int argc, char **argv) {
  md_opts o = {.q = vt_md_quench_default(), .a = vt_md_anneal_default(), .ranks_per_job = 1};
  if (vt_md_init(&argc, &argv)) return cli_error(CMD, "cannot initialise MPI"), CLI_FAIL;
  int p = parse(argc, argv, &o);
  int status = p > 0 ? CLI_OK : p < 0 ? CLI_USAGE : run(&o);
  fflush(stdout);
  vt_md_finalize();
  return status;
}
#endif
