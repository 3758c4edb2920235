/* The LAMMPS session and MPI plumbing shared by quench, anneal and campaigns. */
#define LAMMPS_LIB_MPI 1
#include <lammps/library.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md_internal.h"

/* ---- MPI ---------------------------------------------------------------------------------------
 */

static int we_initialised;

int vt_md_init(int *argc, char ***argv) {
  int on = 0;
  MPI_Initialized(&on);
  if (on) return VT_OK;
  if (MPI_Init(argc, argv) != MPI_SUCCESS) return VT_EIO;
  we_initialised = 1;
  return VT_OK;
}

void vt_md_finalize(void) {
  int on = 0, off = 0;
  MPI_Initialized(&on);
  MPI_Finalized(&off);
  if (we_initialised && on && !off) MPI_Finalize();
  we_initialised = 0;
}

int vt_md_world_rank(void) {
  int on = 0, r = 0;
  MPI_Initialized(&on);
  if (on) MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

int vt_md_world_size(void) {
  int on = 0, n = 1;
  MPI_Initialized(&on);
  if (on) MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}

int md_agree(int rc, vt_error *err, MPI_Comm comm) {
  int rank, first, mine;
  MPI_Comm_rank(comm, &rank);
  mine = rc ? rank : 1 << 30;
  MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, comm);
  if (first == 1 << 30) return VT_OK;
  vt_error e;
  if (err && rc)
    e = *err;
  else
    vt_error_clear(&e);
  e.status = rc;
  MPI_Bcast(&e, (int)sizeof e, MPI_BYTE, first, comm);
  if (err) *err = e;
  return e.status ? e.status : VT_EIO;
}

int md_rename(const char *src, const char *dst, MPI_Comm comm, vt_error *err) {
  int rank, rc = VT_OK;
  MPI_Comm_rank(comm, &rank);
  if (rank == 0 && rename(src, dst) != 0)
    rc = vt_fail(err, VT_EIO, "cannot rename %s to %s", src, dst);
  return md_agree(rc, err, comm);
}

/* ---- Session -----------------------------------------------------------------------------------
 */

int md_open(md_lmp *s, MPI_Comm comm, const char *log_path, int append, vt_error *err) {
  char *args[] = {"vitrum", "-screen", "none", "-log", "none", "-nocite", NULL};
  memset(s, 0, sizeof *s);
  s->comm = comm;
  MPI_Comm_rank(comm, &s->rank);
  s->h = lammps_open(6, args, comm, NULL);
  if (!s->h) return vt_fail(err, VT_EIO, "cannot start LAMMPS");
  if (log_path) md_cmd(s, append ? "log \"%s\" append" : "log \"%s\"", log_path);
  return VT_OK;
}

void md_close(md_lmp *s) {
  if (s->h) lammps_close(s->h);
  s->h = NULL;
}

void md_cmd(md_lmp *s, const char *fmt, ...) {
  char buf[4096];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  lammps_command(s->h, buf);
}

void md_preamble(md_lmp *s, double timestep_s) {
  md_cmd(s, "units metal");
  md_cmd(s, "atom_style atomic");
  /* The map lets coordinates be scattered back by atom ID; no sorting keeps the atoms' order in
   * memory a function of the trajectory alone, so a minimised-and-restored state and a resumed
   * state sum forces in the same order as the undisturbed run (bitwise equal on one rank). */
  md_cmd(s, "atom_modify map array sort 0 0.0");
  md_cmd(s, "timestep %.17g", timestep_s * 1e12);
}

void md_pair(md_lmp *s, const md_composition *c) {
  char els[64] = "";
  for (size_t i = 0; i < c->n; i++)
    snprintf(els + strlen(els), sizeof els - strlen(els), " %s", c->element[i]);
  md_cmd(s, "pair_style eam/fs");
  md_cmd(s, "pair_coeff * * \"%s\"%s", c->potential, els);
  md_cmd(s, "neighbor 1.0 bin");
  md_cmd(s, "neigh_modify every 1 delay 0 check yes");
  md_cmd(s, "thermo_style custom step time temp pe ke etotal press vol");
  md_cmd(s, "thermo_modify norm no flush yes");
  s->atoms = (long)lammps_get_natoms(s->h);
}

/* Whether any rank of the run saw the cancellation flag (collective: every rank asks). */
static int md_cancel_agreed(md_lmp *s) {
  int mine = vt_cancelled(), any = 0;
  MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, s->comm);
  return any;
}

/* Steps of one piece: MD_PIECE_ATOM_STEPS atom-steps (~0.1 s on one core at the 1.2 us per
 * atom-step of issue 17), so the flag is seen within about that; a function of the atom count
 * alone, so the pieces, and the trajectory, are the same for every run of the same system. */
static long md_piece(const md_lmp *s) {
  long n = s->atoms > 0 ? MD_PIECE_ATOM_STEPS / s->atoms : MD_PIECE_ATOM_STEPS;
  return n < 10 ? 10 : n;
}

int md_run(md_lmp *s, long steps, const char *extra, double *seconds, vt_error *err) {
  double t0 = MPI_Wtime();
  long done = 0, piece = md_piece(s);
  if (md_cancel_agreed(s)) return vt_fail(err, VT_ECANCELLED, "vitrum md: cancelled");
  /* Later pieces skip the setup (pre no): forces, neighbour lists and the fixes' state carry
   * over as inside one run. */
  do {
    long n = steps - done < piece ? steps - done : piece;
    md_cmd(s, "run %ld %s %s", n, done ? "pre no post no" : "", extra ? extra : "");
    done += n;
  } while (done < steps && !md_cancel_agreed(s));
  if (seconds) *seconds += MPI_Wtime() - t0;
  s->pe = md_pe_per_atom(s); /* now: after write_restart LAMMPS no longer holds it current */
  if (done < steps)
    return vt_fail(err, VT_ECANCELLED,
                   "vitrum md: cancelled after %ld of %ld steps of a chunk; the last "
                   "checkpoint resumes it",
                   done, steps);
  return VT_OK;
}

double md_pe_per_atom(md_lmp *s) {
  return lammps_get_thermo(s->h, "pe") / lammps_get_natoms(s->h);
}
