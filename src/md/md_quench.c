/* Quench (paper 003 stage I): melt at T_melt, then cool at a constant rate, NPT at 0 bar. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/text_file.h"
#include "md_internal.h"

#define TDAMP_PS 0.1 /* Nose-Hoover thermostat and barostat damping times */
#define PDAMP_PS 1.0

static int check_quench(const vt_md_quench_options *o, md_composition *c, vt_error *err) {
  if (!(o->timestep_s > 0 && o->timestep_s <= 1e-14))
    return vt_fail(err, VT_ERANGE, "timestep %g fs: expected > 0 and at most 10 fs",
                   o->timestep_s * 1e15);
  if (!(o->T_melt_K > o->T_end_K && o->T_end_K > 0 && isfinite(o->T_melt_K)))
    return vt_fail(err, VT_ERANGE, "quench from %g K to %g K: expected T_melt > T_end > 0 K",
                   o->T_melt_K, o->T_end_K);
  if (!(o->rate_K_per_s > 0 && isfinite(o->rate_K_per_s)) || !(o->melt_s >= 0) ||
      !(o->checkpoint_s > 0))
    return vt_fail(err, VT_ERANGE, "rate, melt time and checkpoint interval must be positive");
  int rc = md_check_seed(o->seed, err);
  if (rc) return rc;
  return md_check(o->composition, o->atoms, o->potential, c, err);
}

/* Step counts: melt M, ramp R, chunk C. */
static void quench_steps(const vt_md_quench_options *o, long *M, long *R, long *C) {
  *M = lround(o->melt_s / o->timestep_s);
  *R = lround((o->T_melt_K - o->T_end_K) / o->rate_K_per_s / o->timestep_s);
  if (*R < 1) *R = 1;
  *C = lround(o->checkpoint_s / o->timestep_s);
  if (*C < 1) *C = 1;
}

/* Random atoms of each type in a dilute box (20 A^3 per atom; NPT finds the density), pushed
 * apart by minimising a soft repulsion (bounded, so overlaps do not blow up; this LAMMPS has no
 * 'create_atoms ... overlap'), then minimised with the EAM, velocities at T_melt. */
void md_build_random(md_lmp *s, const md_composition *c, long seed) {
  double L = cbrt(20.0 * (double)c->atoms);
  md_cmd(s, "region box block 0 %.17g 0 %.17g 0 %.17g", L, L, L);
  md_cmd(s, "create_box %zu box", c->n);
  for (size_t i = 0; i < c->n; i++)
    if (c->count[i] > 0)
      md_cmd(s, "create_atoms %zu random %ld %ld box", i + 1, c->count[i], seed * 7 + (long)i);
  for (size_t i = 0; i < c->n; i++) md_cmd(s, "mass %zu 1.0", i + 1);
  md_cmd(s, "pair_style soft 2.2");
  md_cmd(s, "pair_coeff * * 10.0");
  md_cmd(s, "minimize 1e-6 1e-6 1000 10000");
  md_pair(s, c);
  md_cmd(s, "minimize 1e-6 1e-6 200 2000");
  md_cmd(s, "reset_timestep 0");
}

static void build_system(md_lmp *s, const vt_md_quench_options *o, const md_composition *c) {
  md_build_random(s, c, o->seed);
  md_cmd(s, "velocity all create %.17g %d dist gaussian mom yes rot yes loop geom", o->T_melt_K,
         o->seed);
}

static int write_meta(const char *path, const vt_md_quench_options *o, const md_composition *c,
                      vt_error *err) {
  FILE *f = fopen(path, "w");
  if (!f) return vt_fail(err, VT_EIO, "cannot write %s: %s", path, strerror(errno));
  fprintf(f, "# vitrum md quench: the LAMMPS restart file beside this one\ncomposition %s\n",
          o->composition);
  fprintf(f, "atoms %ld\npotential %s\nseed %d\nrate %.17g K/ps\nT_melt %.17g K\n", c->atoms,
          c->potential, o->seed, o->rate_K_per_s * 1e-12, o->T_melt_K);
  fprintf(f, "melt %.17g ps\nT_end %.17g K\ntimestep %.17g fs\n", o->melt_s * 1e12, o->T_end_K,
          o->timestep_s * 1e15);
  return fclose(f) ? vt_fail(err, VT_EIO, "cannot write %s", path) : VT_OK;
}

int md_read_meta(const char *restart_path, md_composition *c, vt_error *err) {
  char path[1100], *text, *line, *p;
  size_t len;
  long ln = 0, atoms = 0;
  char comp[128] = "", pot[1024] = "";
  snprintf(path, sizeof path, "%s.meta", restart_path);
  if (vt_read_text_file(path, 1u << 20, &text, &len, err))
    return vt_fail(err, VT_EIO,
                   "%s: cannot open: the quench restart %s needs the .meta file vitrum md "
                   "quench writes beside it",
                   path, restart_path);
  p = text;
  while ((line = vt_next_line(&p, text + len, &ln)) != NULL) {
    if (strncmp(line, "composition ", 12) == 0) snprintf(comp, sizeof comp, "%s", line + 12);
    if (strncmp(line, "potential ", 10) == 0) snprintf(pot, sizeof pot, "%s", line + 10);
    if (strncmp(line, "atoms ", 6) == 0) atoms = strtol(line + 6, NULL, 10);
  }
  free(text);
  if (!*comp || !*pot || atoms < 1)
    return vt_fail(err, VT_EPARSE, "%s: expected 'composition', 'atoms' and 'potential' lines",
                   path);
  return md_check(comp, atoms, pot, c, err);
}

static void define_fix(md_lmp *s, const vt_md_quench_options *o, int ramp) {
  if (ramp) {
    md_cmd(s, "fix quench all npt temp %.17g %.17g %g iso 0 0 %g", o->T_melt_K, o->T_end_K,
           TDAMP_PS, PDAMP_PS);
  } else {
    md_cmd(s, "fix melt all npt temp %.17g %.17g %g iso 0 0 %g", o->T_melt_K, o->T_melt_K, TDAMP_PS,
           PDAMP_PS);
  }
}

/* Run chunks from w->chunk on; the melt ends at step M, the ramp spans M..M+R. */
static int quench_chunks(md_lmp *s, md_work *w, const vt_md_quench_options *o, vt_md_result *res,
                         vt_error *err) {
  long M, R, C, nm, total;
  quench_steps(o, &M, &R, &C);
  nm = (M + C - 1) / C, total = nm + (R + C - 1) / C;
  long begin = w->chunk < nm ? w->chunk * C : M + (w->chunk - nm) * C;
  int phase = begin >= M; /* 0 melt, 1 ramp; a resumed fix takes its state from the restart */
  define_fix(s, o, phase);
  md_cmd(s, "thermo %ld", C < 1000 ? C : 1000);
  while (w->chunk < total) {
    long k = w->chunk, from = k < nm ? k * C : M + (k - nm) * C;
    long to = k < nm ? (from + C < M ? from + C : M) : (from + C < M + R ? from + C : M + R);
    if (from >= M && !phase) {
      md_cmd(s, "unfix melt"); /* the ramp's thermostat starts afresh, as on a resume */
      define_fix(s, o, phase = 1);
    }
    char extra[96] = "";
    if (phase) snprintf(extra, sizeof extra, "start %ld stop %ld", M, M + R);
    int rc = md_run(s, to - from, extra, &res->md_seconds, err);
    if (rc) return rc;
    res->steps += (double)(to - from);
    w->chunk++;
    if ((rc = md_work_checkpoint(w, s, err))) return rc;
    if (o->progress && s->rank == 0) o->progress(o->progress_ctx, (double)to, (double)(M + R));
    if (o->stop_after_s > 0 && res->steps * o->timestep_s >= o->stop_after_s * (1 - 1e-9)) break;
  }
  res->complete = w->chunk == total;
  return VT_OK;
}

int md_quench_on(const vt_md_quench_options *o, const char *restart_path, const char *log_path,
                 MPI_Comm comm, vt_md_result *res, vt_error *err) {
  md_composition c;
  md_work w;
  md_lmp s;
  int resumed, rc;
  md_result_start(res);
  if ((rc = check_quench(o, &c, err))) return rc;
  char params[2048], file[1200], log[1200], meta[1200];
  snprintf(params, sizeof params, "quench %s %ld %s %d %.17g %.17g %.17g %.17g %.17g %.17g",
           o->composition, c.atoms, c.potential, o->seed, o->timestep_s, o->T_melt_K, o->melt_s,
           o->rate_K_per_s, o->T_end_K, o->checkpoint_s);
  if ((rc = md_work_open(&w, restart_path, params, comm, &resumed, err))) return rc;
  snprintf(log, sizeof log, "%s/log", w.dir);
  if ((rc = md_open(&s, comm, log, resumed, err))) return md_work_free(&w), rc;
  md_preamble(&s, o->timestep_s);
  if (resumed) {
    md_cmd(&s, "read_restart \"%s\"", md_work_restart(&w, w.chunk, file, sizeof file));
    md_pair(&s, &c);
  } else {
    build_system(&s, o, &c);
  }
  rc = quench_chunks(&s, &w, o, res, err);
  res->atoms = s.atoms;
  res->final_pe_eV = s.pe;
  md_close(&s);
  if (rc || !res->complete) return md_work_free(&w), rc;
  snprintf(meta, sizeof meta, "%s/meta", w.dir);
  rc = s.rank == 0 ? write_meta(meta, o, &c, err) : VT_OK;
  if (!(rc = md_agree(rc, err, comm))) {
    char dst[1200];
    snprintf(dst, sizeof dst, "%s.meta", restart_path);
    rc = md_rename(meta, dst, comm, err);
    if (!rc && log_path) rc = md_rename(log, log_path, comm, err);
    if (!rc)
      rc = md_rename(md_work_restart(&w, w.chunk, file, sizeof file), restart_path, comm, err);
  }
  if (rc) return md_work_free(&w), rc;
  md_work_finish(&w, comm);
  return VT_OK;
}

int vt_md_quench(const vt_md_quench_options *o, const char *restart_path, const char *log_path,
                 vt_md_result *res, vt_error *err) {
  if (!o || !restart_path || !res) return vt_fail(err, VT_EINVAL, "vt_md_quench: NULL argument");
  return md_quench_on(o, restart_path, log_path, MPI_COMM_WORLD, res, err);
}
