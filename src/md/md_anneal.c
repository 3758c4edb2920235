/* Anneal (paper 003 stage II): hold the quenched glass at T under NPT and sample the
 * inherent-structure energy E_IS every interval.
 *
 * How a sample leaves the trajectory alone: the anneal runs in chunks of one sampling interval.
 * Between two chunks the coordinates, velocities and image flags are gathered by atom ID, the
 * LAMMPS log is paused, the configuration is minimised in place (min_style + minimize), E_IS is
 * read, and then the stored coordinates, velocities and image flags are scattered back and the
 * step counter reset to its value before the minimisation. The thermostat's and barostat's
 * variables are not touched by a minimisation, the box is not changed by it (no box/relax),
 * atoms are never re-sorted (md_preamble), and the next `run` rebuilds neighbour lists and
 * forces from the restored state, exactly as it does after an unsampled chunk. So a run with
 * sampling and one without (same chunks) give the same trajectory, bitwise on one rank. */
#define LAMMPS_LIB_MPI 1
#include <errno.h>
#include <lammps/library.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "md_internal.h"

static int check_anneal(const vt_md_anneal_options *o, const char *quench, const char *curve,
                        md_composition *c, vt_error *err) {
  if (!(o->timestep_s > 0 && o->timestep_s <= 1e-14))
    return vt_fail(err, VT_ERANGE, "timestep %g fs: expected > 0 and at most 10 fs",
                   o->timestep_s * 1e15);
  if (!(o->T_K > 0 && isfinite(o->T_K)) || !(o->time_s > 0) || !(o->every_s > 0))
    return vt_fail(err, VT_ERANGE, "anneal: T, time and sampling interval must be > 0");
  if (o->every_s > o->time_s * (1 + 1e-9))
    return vt_fail(err, VT_ERANGE, "sampling every %g ps is longer than the anneal (%g ps)",
                   o->every_s * 1e12, o->time_s * 1e12);
  int rc = md_check_seed(o->seed, err);
  if (rc) return rc;
  if (!o->min.style || !(o->min.etol >= 0) || !(o->min.ftol >= 0) || o->min.maxiter < 1 ||
      o->min.maxeval < 1 ||
      (strcmp(o->min.style, "sd") && strcmp(o->min.style, "cg") && strcmp(o->min.style, "fire")))
    return vt_fail(err, VT_EINVAL, "minimiser: expected style sd, cg or fire, tolerances >= 0");
  if (!curve || strpbrk(curve, ",\"\n\r"))
    return vt_fail(err, VT_EINVAL, "curve name '%s': no commas, quotes or line breaks",
                   curve ? curve : "");
  FILE *f = fopen(quench, "rb");
  if (!f)
    return vt_fail(err, VT_EIO, "quench restart %s: cannot open: %s", quench, strerror(errno));
  fclose(f);
  return md_read_meta(quench, c, err);
}

/* The stored state of a sample: coordinates, velocities, image flags by atom ID. */
typedef struct md_saved {
  double *x, *v;
  int *image;
} md_saved;

static int sample_eis(md_lmp *s, const vt_md_anneal_options *o, const char *log, double *E_IS,
                      double *seconds) {
  long n = s->atoms;
  md_saved st = {malloc(3 * (size_t)n * sizeof(double)), malloc(3 * (size_t)n * sizeof(double)),
                 malloc((size_t)n * sizeof(int))};
  int ok = st.x && st.v && st.image, all;
  MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_MIN, s->comm);
  if (!all) return free(st.x), free(st.v), free(st.image), VT_ENOMEM;
  double t0 = MPI_Wtime();
  long step = (long)*(int64_t *)lammps_extract_global(s->h, "ntimestep");
  lammps_gather_atoms(s->h, "x", 1, 3, st.x);
  lammps_gather_atoms(s->h, "v", 1, 3, st.v);
  lammps_gather_atoms(s->h, "image", 0, 1, st.image);
  if (o->save_samples) md_cmd(s, "write_data \"%s/sample_%09ld.data\"", o->save_samples, step);
  md_cmd(s, "log none"); /* the minimiser's thermo rows would look like MD steps in the log */
  md_cmd(s, "min_style %s", o->min.style);
  md_cmd(s, "minimize %.17g %.17g %d %d", o->min.etol, o->min.ftol, o->min.maxiter, o->min.maxeval);
  *E_IS = md_pe_per_atom(s);
  lammps_scatter_atoms(s->h, "x", 1, 3, st.x);
  lammps_scatter_atoms(s->h, "v", 1, 3, st.v);
  lammps_scatter_atoms(s->h, "image", 0, 1, st.image);
  md_cmd(s, "reset_timestep %ld", step);
  md_cmd(s, "log \"%s\" append", log);
  *seconds += MPI_Wtime() - t0;
  free(st.x), free(st.v), free(st.image);
  return VT_OK;
}

static int add_sample(md_lmp *s, md_work *w, const vt_md_anneal_options *o, const char *curve,
                      const char *log, double t_ps, vt_md_result *res) {
  double E = NAN, pe = s->pe;
  if (o->sample && sample_eis(s, o, log, &E, &res->min_seconds)) return VT_ENOMEM;
  char row[256];
  snprintf(row, sizeof row, "%s,%.6f,%.10f,%.17g,%.10f\n", curve, t_ps, E, o->T_K, pe);
  res->final_E_IS_eV = E;
  return md_work_add_row(w, row);
}

static int anneal_chunks(md_lmp *s, md_work *w, const vt_md_anneal_options *o, const char *curve,
                         const char *log, vt_md_result *res, vt_error *err) {
  long E = lround(o->every_s / o->timestep_s), T = lround(o->time_s / o->timestep_s);
  if (E < 1) E = 1;
  long total = (T + E - 1) / E;
  int rc;
  md_cmd(s, "fix anneal all npt temp %.17g %.17g 0.1 iso 0 0 1.0", o->T_K, o->T_K);
  md_cmd(s, "thermo %ld", E < 1000 ? E : 1000);
  /* forces and energy of the start, for t = 0 */
  if (w->chunk == 0 && (rc = md_run(s, 0, NULL, NULL, err))) return rc;
  if (w->chunk == 0 && (rc = add_sample(s, w, o, curve, log, 0.0, res)))
    return vt_fail(err, rc, "anneal: out of memory");
  while (w->chunk < total) {
    long from = w->chunk * E, to = from + E < T ? from + E : T;
    if ((rc = md_run(s, to - from, NULL, &res->md_seconds, err))) return rc;
    res->steps += (double)(to - from);
    w->chunk++;
    if ((rc = add_sample(s, w, o, curve, log, (double)to * o->timestep_s * 1e12, res)))
      return vt_fail(err, rc, "anneal: out of memory");
    if ((rc = md_work_checkpoint(w, s, err))) return rc;
    if (o->progress && s->rank == 0) o->progress(o->progress_ctx, (double)to, (double)T);
    if (o->stop_after_s > 0 && res->steps * o->timestep_s >= o->stop_after_s * (1 - 1e-9)) break;
  }
  res->complete = w->chunk == total;
  return VT_OK;
}

static void start_anneal(md_lmp *s, md_work *w, const vt_md_anneal_options *o, const char *quench,
                         const md_composition *c, int resumed) {
  char file[1200];
  md_preamble(s, o->timestep_s);
  md_cmd(s, "read_restart \"%s\"",
         resumed ? md_work_restart(w, w->chunk, file, sizeof file) : quench);
  md_pair(s, c);
  if (resumed) return;
  md_cmd(s, "reset_timestep 0");
  md_cmd(s, "velocity all create %.17g %d dist gaussian mom yes rot yes loop geom", o->T_K,
         o->seed);
}

static int write_csv(const char *path, const md_work *w, vt_error *err) {
  FILE *f = fopen(path, "w");
  if (!f) return vt_fail(err, VT_EIO, "cannot write %s: %s", path, strerror(errno));
  fprintf(f, "curve,time_ps,E_IS_eV,T_K,pe_eV\n%s", w->rows ? w->rows : "");
  return fclose(f) ? vt_fail(err, VT_EIO, "cannot write %s", path) : VT_OK;
}

static int commit(md_work *w, md_lmp *s, const char *csv, const char *log, const char *log_path,
                  vt_error *err) {
  char tmp[1200];
  snprintf(tmp, sizeof tmp, "%s/eis.csv", w->dir);
  int rc = s->rank == 0 ? write_csv(tmp, w, err) : VT_OK;
  if ((rc = md_agree(rc, err, s->comm))) return rc;
  if (log_path && (rc = md_rename(log, log_path, s->comm, err))) return rc;
  return md_rename(tmp, csv, s->comm, err);
}

static int prepare_samples(const char *dir, MPI_Comm comm, vt_error *err) {
  int rank, rc = VT_OK;
  MPI_Comm_rank(comm, &rank);
  if (dir && rank == 0 && mkdir(dir, 0777) != 0 && errno != EEXIST)
    rc = vt_fail(err, VT_EIO, "cannot create %s: %s", dir, strerror(errno));
  return md_agree(rc, err, comm);
}

int md_anneal_on(const vt_md_anneal_options *o, const char *quench, const char *curve,
                 const char *csv_path, const char *log_path, MPI_Comm comm, vt_md_result *res,
                 vt_error *err) {
  md_composition c;
  md_work w;
  md_lmp s;
  int resumed, rc;
  md_result_start(res);
  if ((rc = md_agree(check_anneal(o, quench, curve, &c, err), err, comm))) return rc;
  char params[2048], log[1200];
  snprintf(params, sizeof params, "anneal %s %s %.17g %.17g %.17g %d %.17g %d %s %.17g %.17g %d %d",
           quench, curve, o->T_K, o->time_s, o->every_s, o->seed, o->timestep_s, o->sample,
           o->min.style, o->min.etol, o->min.ftol, o->min.maxiter, o->min.maxeval);
  if ((rc = prepare_samples(o->save_samples, comm, err))) return rc;
  if ((rc = md_work_open(&w, csv_path, params, comm, &resumed, err))) return rc;
  snprintf(log, sizeof log, "%s/log", w.dir);
  if ((rc = md_open(&s, comm, log, resumed, err))) return md_work_free(&w), rc;
  start_anneal(&s, &w, o, quench, &c, resumed);
  rc = anneal_chunks(&s, &w, o, curve, log, res, err);
  res->atoms = s.atoms;
  res->final_pe_eV = s.pe;
  res->samples = 0;
  for (const char *p = w.rows; p && (p = strchr(p, '\n')) != NULL; p++) res->samples++;
  md_close(&s);
  if (!rc && res->complete) rc = commit(&w, &s, csv_path, log, log_path, err);
  if (rc || !res->complete) return md_work_free(&w), rc;
  md_work_finish(&w, comm);
  return VT_OK;
}

int vt_md_anneal(const vt_md_anneal_options *o, const char *quench_restart, const char *curve,
                 const char *csv_path, const char *log_path, vt_md_result *res, vt_error *err) {
  if (!o || !quench_restart || !csv_path || !res)
    return vt_fail(err, VT_EINVAL, "vt_md_anneal: NULL argument");
  return md_anneal_on(o, quench_restart, curve, csv_path, log_path, MPI_COMM_WORLD, res, err);
}
