/* vitrum md: paper 003's molecular dynamics, run on LAMMPS through its C library interface.
 *
 * Built only when LAMMPS (liblammps-dev) and MPI were found at configure time; VITRUM_HAVE_MD
 * is then defined by vitrum.h. vitrum writes no MD of its own: every step, force and minimisation
 * is LAMMPS's. The protocol (metal units, NPT at 0 bar with Nose-Hoover chains):
 *
 *   quench: random atoms of the composition in a dilute box pushed apart by a soft repulsion,
 *           a short EAM minimisation, velocities at T_melt, NPT at T_melt for the melt time, then
 * NPT with the thermostat target ramped from T_melt to T_end at the cooling rate. Writes a LAMMPS
 * restart file and, beside it, FILE.meta (composition, potential, elements). anneal: the quenched
 * state, velocities drawn at T (the instantaneous "pump" of paper 003), NPT at T for a time; every
 * interval the inherent-structure energy E_IS is sampled by minimising the current configuration in
 * place and then restoring the stored coordinates, velocities, image flags and step counter (see
 * md_sample.c), so the trajectory continues exactly as if no sample had been taken.
 *
 * Runs are split into chunks at fixed simulated times (the sampling interval, or the checkpoint
 * interval of a quench); after each chunk a restart file is written in a work folder beside the
 * output (OUT.work/), and an interrupted run resumes from it. Outputs are committed (renamed
 * into place) only when the run is complete. All values here are SI (K, s, K/s, Pa). */
#ifndef VITRUM_MD_H
#define VITRUM_MD_H

#include <stddef.h>
#include <stdio.h>

#include "core.h"
#include "export.h"
#include "options.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where Debian's lammps-data puts the Mendelev Cu-Zr potential of paper 003. */
#define VT_MD_DEFAULT_POTENTIAL "/usr/share/lammps/potentials/CuZr_mm.eam.fs"

/* MPI is initialised once per process (vt_md_init, before any other call of this header) and
 * finalised at its end. Both are safe to call when MPI was started by the caller. */
VT_API int vt_md_init(int *argc, char ***argv);
VT_API void vt_md_finalize(void);
/* This process's rank and the number of processes in MPI_COMM_WORLD. */
VT_API int vt_md_world_rank(void);
VT_API int vt_md_world_size(void);

/* "10 K/ps", "50 ps", "1 fs", "850 K" or any unit vt_parse_quantity takes, into SI; MD units
 * added: fs, ps (time), K/ps, K/ns (rate). A missing unit is an error naming the dimension. */
VT_API int vt_md_parse_quantity(const char *text, vt_dim dim, double *si, vt_error *err);

/* Progress: `done` of `total` steps of the current run (called on rank 0 of the run only). */
typedef void (*vt_md_progress_fn)(void *ctx, double done, double total);

/* The energy minimisation that finds the inherent structure (LAMMPS min_style + minimize). */
typedef struct vt_md_min_options {
  const char *style;    /* "sd" (steepest descent, as paper 003), "cg", "fire" */
  double etol, ftol;    /* minimize's energy (relative) and force (eV/A) tolerances */
  int maxiter, maxeval; /* LAMMPS takes both as int */
} vt_md_min_options;
VT_API vt_md_min_options vt_md_min_default(void);

typedef struct vt_md_quench_options {
  const char *composition; /* "Zr44Cu56": element symbols with atomic percentages or fractions */
  int atoms;
  const char *potential; /* EAM/FS file (pair_style eam/fs) covering the elements */
  int seed;              /* 1 to 900000000: atom positions and velocities (LAMMPS takes an int) */
  double timestep_s;
  double T_melt_K, melt_s; /* equilibration of the liquid */
  double rate_K_per_s;     /* cooling rate of the quench */
  double T_end_K;          /* where the quench ends (> 0: Nose-Hoover needs a target) */
  double checkpoint_s;     /* simulated time between restart files */
  double stop_after_s;     /* > 0: stop (resumable) after this much simulated time this call */
  vt_md_progress_fn progress;
  void *progress_ctx;
} vt_md_quench_options;
VT_API vt_md_quench_options vt_md_quench_default(void);

typedef struct vt_md_anneal_options {
  double T_K, time_s, every_s; /* hold temperature, duration, E_IS sampling interval */
  int seed;                    /* 1 to 900000000: the velocities drawn at T */
  double timestep_s;
  int sample;               /* 0: run the same chunks without minimising (a reference) */
  const char *save_samples; /* folder to write each minimised configuration's start (data files) */
  vt_md_min_options min;
  double stop_after_s;
  vt_md_progress_fn progress;
  void *progress_ctx;
} vt_md_anneal_options;
VT_API vt_md_anneal_options vt_md_anneal_default(void);

/* The option tables of these structs (options.h; static, *n rows; NULL when n is NULL), in the
 * order `vitrum md --help` shows them; a row's name is the Python keyword and, '_' as '-', the
 * command line's flag. Quantities read with vt_md_parse_quantity's units (vt_option_set_text_with)
 * and show in MD units (fs, ns, K/ps, ps). Quench: composition, atoms, potential, seed,
 * timestep, melt, melt_time, rate, T_end, checkpoint, stop_after. Anneal: T, time, every, seed,
 * timestep, sample (0 or 1), save_samples, stop_after; its minimiser (field min) has its own
 * table: min_style, etol, ftol, maxiter, maxeval. The help says which run a row is for ("quench:
 * ...") as the command line, which takes both runs' options, shows it. */
VT_API const vt_option *vt_md_quench_option_table(size_t *n);
VT_API const vt_option *vt_md_anneal_option_table(size_t *n);
VT_API const vt_option *vt_md_min_option_table(size_t *n);

/* What a finished (or stopped) run reports. */
typedef struct vt_md_result {
  int complete;         /* 0 when stopped by stop_after_s (resume by calling again) */
  long atoms;           /* atom count */
  double steps;         /* MD steps run by this call */
  double md_seconds;    /* wall time of the MD steps (LAMMPS runs) */
  double min_seconds;   /* wall time of the E_IS minimisations */
  double final_pe_eV;   /* potential energy per atom at the end of the trajectory */
  double final_E_IS_eV; /* last E_IS per atom (anneal), NaN otherwise */
  size_t samples;       /* E_IS rows in the output */
} vt_md_result;

/* Check a composition and potential before any MD: element symbols known to the potential file,
 * counts that add up to `atoms`. Fills counts[] (in the composition's order, up to 8 elements)
 * and returns the element count through *n. */
VT_API int vt_md_check_system(const char *composition, long atoms, const char *potential,
                              long counts[8], size_t *n, vt_error *err);

/* Quench into `restart_path` (+ restart_path.meta) with the LAMMPS log at `log_path`. */
VT_API int vt_md_quench(const vt_md_quench_options *o, const char *restart_path,
                        const char *log_path, vt_md_result *res, vt_error *err);

/* Anneal the quenched state `quench_restart`: E_IS(t) CSV at `csv_path` (header
 * "curve,time_ps,E_IS_eV,T_K,pe_eV", one row per sample from t = 0, per-atom energies), LAMMPS
 * log at `log_path`; `curve` names the curve in the CSV (vitrum agemap reads it directly). */
VT_API int vt_md_anneal(const vt_md_anneal_options *o, const char *quench_restart,
                        const char *curve, const char *csv_path, const char *log_path,
                        vt_md_result *res, vt_error *err);

/* The names `vitrum md` and vitrum.md give a run's other files by default, from its output
 * path: the LAMMPS log, OUT with its extension replaced by .log ("run/q.restart" ->
 * "run/q.log"; no extension: OUT.log), and the anneal's curve name, OUT's base name without its
 * extension ("q"). Into log (log_size bytes) and curve (curve_size bytes); either may be NULL
 * (not wanted). VT_EINVAL for a NULL or empty output, VT_ERANGE when a name does not fit (the
 * buffers then hold ""). */
VT_API int vt_md_output_names(const char *output, char *log, size_t log_size, char *curve,
                              size_t curve_size, vt_error *err);

/* A run's summary as `vitrum md quench|anneal` prints it, one "key value" line each: complete,
 * atoms, steps, final_pe_eV_per_atom, for an anneal (`anneal` nonzero) samples and
 * final_E_IS_eV_per_atom, then md_seconds, min_seconds, atom_steps_per_s (atoms x steps / MD
 * wall time; 0 without time) and sampling_share (the minimisations' share of the wall time; 0
 * without time), and for a stopped run where it resumes from (`output`.work). VT_EIO when the
 * stream fails. */
VT_API int vt_md_result_write_summary(const vt_md_result *r, int anneal, const char *output,
                                      FILE *fp, vt_error *err);

/* ---- Campaigns -------------------------------------------------------------------------------
 * A campaign file, one setting per line, '#' comments, every value with its unit:
 *
 *   composition Zr44Cu56          atoms 2000          potential /path/CuZr_mm.eam.fs
 *   melt 2000 K for 1 ns          quench to 1 K       timestep 1 fs
 *   rates 10, 1, 0.1 K/ps         temperatures 500, 650, 850 K       seeds 1, 2, 3
 *   anneal 10 ns every 50 ps      checkpoint 100 ps
 *
 * Jobs: one quench per (rate, seed), then one anneal per (rate, seed, temperature) of that
 * quench. Outputs under the campaign's folder: q_R_sS.restart(.meta,.log) and
 * a_R_sS_T.csv(.log), names built from the values (R in K/ps, T in K). */
typedef struct vt_md_campaign vt_md_campaign;

typedef struct vt_md_job {
  int kind; /* 0 quench, 1 anneal */
  char name[96];
  double rate_K_per_s, T_K;
  long seed;
  int depends; /* anneals: index of their quench */
  double atom_steps;
  int done; /* its output exists (filled by vt_md_campaign_plan) */
} vt_md_job;

VT_API vt_md_campaign *vt_md_campaign_read(const char *path, vt_error *err);
VT_API void vt_md_campaign_free(vt_md_campaign *c);
/* The jobs in run order (quenches first), with `done` set from what exists under `folder`. */
VT_API int vt_md_campaign_plan(vt_md_campaign *c, const char *folder, const vt_md_job **jobs,
                               size_t *n, vt_error *err);
/* Whether the world's ranks split into partitions of ranks_per_job ranks: VT_ERANGE, the message
 * naming the count ("--ranks-per-job 2: more ranks per job than the 1 rank this run was started
 * with (mpirun -np N)"), when ranks_per_job < 1, exceeds the world size or does not divide it.
 * vt_md_measure_cost and vt_md_campaign_run check it first. */
VT_API int vt_md_check_ranks_per_job(int ranks_per_job, vt_error *err);
/* Seconds per atom-step of this protocol on the calling partition: a short melt run of the
 * campaign's system on `ranks_per_job` ranks (collective over MPI_COMM_WORLD). */
VT_API int vt_md_measure_cost(const vt_md_campaign *c, int ranks_per_job, double *s_per_atom_step,
                              vt_error *err);

/* What is left of a plan and how long it takes. s_per_atom_step: from vt_md_measure_cost, or
 * <= 0 for the assumed VT_MD_ASSUMED_S_PER_ATOM_STEP on one rank, scaled ideally over
 * ranks_per_job. The hours spread the atom-steps left over the world's partitions
 * (world size / ranks_per_job, at least 1); E_IS minimisations are not counted. */
#define VT_MD_ASSUMED_S_PER_ATOM_STEP 1.2e-6 /* issue 17: one core, Zr44Cu56 EAM/FS */
typedef struct vt_md_estimate {
  size_t jobs, todo;                  /* all jobs, those not done */
  double atom_steps, atom_steps_left; /* atoms x MD steps */
  double s_per_atom_step;             /* of a partition, as used */
  int partitions;                     /* world size / ranks_per_job */
  double hours;                       /* wall time of what is left */
} vt_md_estimate;
VT_API int vt_md_plan_estimate(const vt_md_job *jobs, size_t n, int ranks_per_job,
                               double s_per_atom_step, vt_md_estimate *est, vt_error *err);

/* The plan as CSV (what `vitrum md campaign --dry-run` prints on standard output):
 * job,kind,rate_K_per_ps,seed,T_K,atom_steps,status (kind quench|anneal, T_K empty for a
 * quench, status done|todo). */
VT_API int vt_md_plan_write_csv(const vt_md_job *jobs, size_t n, FILE *fp, vt_error *err);
/* The estimate in one sentence (no trailing program name): jobs and atom-steps to run, the cost
 * per atom-step of a partition (`measured`: by vt_md_measure_cost, else assumed), ranks_per_job,
 * the hours on the partitions. */
VT_API int vt_md_estimate_write_summary(const vt_md_estimate *e, int ranks_per_job, int measured,
                                        FILE *fp, vt_error *err);

typedef struct vt_md_campaign_options {
  int ranks_per_job;
  /* Called on world rank 0 after each job of partition 0 and each finished phase. */
  void (*job_done)(void *ctx, size_t finished, size_t total);
  void *ctx;
} vt_md_campaign_options;
VT_API vt_md_campaign_options vt_md_campaign_default(void);

/* Run the jobs not yet done, split over MPI_COMM_WORLD in partitions of ranks_per_job ranks
 * (job i of a phase on partition i mod partitions). Collective: every rank calls it. */
VT_API int vt_md_campaign_run(vt_md_campaign *c, const char *folder,
                              const vt_md_campaign_options *o, vt_error *err);

#ifdef __cplusplus
}
#endif

#endif
