/* Internal to src/md: the LAMMPS session, checks, work folders and runs over a communicator. */
#ifndef VT_MD_INTERNAL_H
#define VT_MD_INTERNAL_H

#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <string.h>

#include "../core/internal.h"
#include "vitrum/md.h"

#define MD_MAX_ELEMENTS 8

typedef struct md_composition {
  size_t n;
  char element[MD_MAX_ELEMENTS][4];
  double fraction[MD_MAX_ELEMENTS];
  long count[MD_MAX_ELEMENTS];
  long atoms;
  char potential[1024];
} md_composition;

/* "10 K/ps", "50 ps", "1 fs" or any core unit of the dimension, into SI. */
int md_quantity(const char *text, vt_dim dim, double *si, vt_error *err);
int md_parse_composition(const char *text, md_composition *c, vt_error *err);
/* Composition + potential + atom count checked, counts filled. */
int md_check(const char *composition, long atoms, const char *potential, md_composition *c,
             vt_error *err);
/* A velocity and position seed LAMMPS takes: 1 to 900000000 (a campaign's seeds are long: a
 * larger one is named, not cut to an int). */
int md_check_seed(long seed, vt_error *err);

/* ---- LAMMPS session (md_lammps.c) ------------------------------------------------------------ */

typedef struct md_lmp {
  void *h;
  MPI_Comm comm;
  int rank;
  long atoms;
  double pe; /* potential energy per atom at the end of the last run */
} md_lmp;

/* A LAMMPS instance on `comm`, no screen output, its log in `log_path` (appended to when
 * `append`: a resumed run continues its log; a fresh one drops what an attempt left there). */
int md_open(md_lmp *s, MPI_Comm comm, const char *log_path, int append, vt_error *err);
void md_close(md_lmp *s);
/* One LAMMPS command, printf-style (LAMMPS errors end the process: inputs are checked first). */
void md_cmd(md_lmp *s, const char *fmt, ...) VT_PRINTF(2, 3);
/* Units, atom map (scatter needs it), no sorting, neighbour list settings; before the box. */
void md_preamble(md_lmp *s, double timestep_s);
/* Pair style and coefficients for the composition's elements (types in its order). */
void md_pair(md_lmp *s, const md_composition *c);
/* Run `steps` MD steps, timed into *seconds; s->pe is the potential energy per atom after it.
 * The run goes in pieces of about MD_PIECE_ATOM_STEPS atom-steps with the cancellation flag
 * (core.h) agreed over the communicator between them: VT_ECANCELLED when it is set. */
#define MD_PIECE_ATOM_STEPS 100000L
int md_run(md_lmp *s, long steps, const char *extra, double *seconds, vt_error *err);
double md_pe_per_atom(md_lmp *s);

/* ---- Work folders: OUT.work/ holds the restart files and the state of a run ------------------ */

typedef struct md_work {
  char dir[1100];
  char params[2048]; /* what defines the trajectory; a resume must match it */
  long chunk;        /* chunks done */
  char *rows;        /* anneal: E_IS rows so far (CSV text) */
  size_t rows_len;
} md_work;

/* A run's result before it starts (the contract of result structs): nothing done yet, and no
 * final energy (NaN) until one is measured. */
static inline void md_result_start(vt_md_result *res) {
  memset(res, 0, sizeof *res);
  res->final_E_IS_eV = NAN;
}

/* Open OUT.work (created when absent, rank 0); *resumed when it holds a matching state. A state
 * of other parameters is an error naming the folder. Collective over comm. */
int md_work_open(md_work *w, const char *out_path, const char *params, MPI_Comm comm, int *resumed,
                 vt_error *err);
/* The restart file of chunk k inside the work folder, into buf. */
const char *md_work_restart(const md_work *w, long k, char *buf, size_t size);
/* After chunk w->chunk: write the restart, then the state, then drop the previous restart. */
int md_work_checkpoint(md_work *w, md_lmp *s, vt_error *err);
/* Remove the work folder (rank 0) and free. */
void md_work_finish(md_work *w, MPI_Comm comm);
void md_work_free(md_work *w);
/* Append a row of text to the rows kept in the state. */
int md_work_add_row(md_work *w, const char *row);

/* Rank 0 renames src to dst; the result is broadcast. */
int md_rename(const char *src, const char *dst, MPI_Comm comm, vt_error *err);
/* Agree on a status over comm: the failing rank's message reaches every rank. */
int md_agree(int rc, vt_error *err, MPI_Comm comm);

/* Random atoms of the composition in a dilute box, overlaps removed, minimised (step 0). */
void md_build_random(md_lmp *s, const md_composition *c, long seed);

/* ---- Runs over a communicator (md_quench.c, md_anneal.c) ------------------------------------- */

int md_quench_on(const vt_md_quench_options *o, const char *restart_path, const char *log_path,
                 MPI_Comm comm, vt_md_result *res, vt_error *err);
int md_anneal_on(const vt_md_anneal_options *o, const char *quench_restart, const char *curve,
                 const char *csv_path, const char *log_path, MPI_Comm comm, vt_md_result *res,
                 vt_error *err);
/* The quench's .meta file: composition, atoms, potential. */
int md_read_meta(const char *restart_path, md_composition *c, vt_error *err);

#endif
