/* What `vitrum md` prints and the names it derives (md.h): the summary of a run, a campaign's
 * plan and estimate, and a run's default log and curve names, which vitrum.md takes from here
 * too. */
#include "md_internal.h"

static int write_done(FILE *fp, vt_error *err) {
  return ferror(fp) ? vt_fail(err, VT_EIO, "error writing the summary") : VT_OK;
}

int vt_md_output_names(const char *output, char *log, size_t log_size, char *curve,
                       size_t curve_size, vt_error *err) {
  if (log && log_size) log[0] = '\0';
  if (curve && curve_size) curve[0] = '\0';
  if (!output || !*output) return vt_fail(err, VT_EINVAL, "no output path to name the files by");
  const char *base = strrchr(output, '/') ? strrchr(output, '/') + 1 : output;
  const char *dot = strrchr(base, '.');
  /* A leading dot (".restart") names a hidden file, not an extension. */
  size_t stem = dot && dot != base ? (size_t)(dot - output) : strlen(output);
  size_t from = (size_t)(base - output);
  int too_long =
      (log && (size_t)snprintf(log, log_size, "%.*s.log", (int)stem, output) >= log_size) ||
      (curve &&
       (size_t)snprintf(curve, curve_size, "%.*s", (int)(stem - from), base) >= curve_size);
  if (!too_long) return VT_OK;
  if (log && log_size) log[0] = '\0';
  if (curve && curve_size) curve[0] = '\0';
  return vt_fail(err, VT_ERANGE, "%s: the path is too long to name its log and curve", output);
}

int vt_md_result_write_summary(const vt_md_result *r, int anneal, const char *output, FILE *fp,
                               vt_error *err) {
  if (!r || !output || !fp) return vt_fail(err, VT_EINVAL, "NULL argument");
  fprintf(fp, "complete %d\natoms %ld\nsteps %.0f\nfinal_pe_eV_per_atom %.17g\n", r->complete,
          r->atoms, r->steps, r->final_pe_eV);
  if (anneal)
    fprintf(fp, "samples %zu\nfinal_E_IS_eV_per_atom %.17g\n", r->samples, r->final_E_IS_eV);
  double all = r->md_seconds + r->min_seconds;
  fprintf(fp, "md_seconds %.3f\nmin_seconds %.3f\natom_steps_per_s %.6g\nsampling_share %.4f\n",
          r->md_seconds, r->min_seconds,
          r->md_seconds > 0 ? r->steps * (double)r->atoms / r->md_seconds : 0.0,
          all > 0 ? r->min_seconds / all : 0.0);
  if (!r->complete)
    fprintf(fp, "stopped: run the same command again to resume from %s.work\n", output);
  return write_done(fp, err);
}

int vt_md_plan_write_csv(const vt_md_job *jobs, size_t n, FILE *fp, vt_error *err) {
  if ((!jobs && n) || !fp) return vt_fail(err, VT_EINVAL, "NULL argument");
  fprintf(fp, "job,kind,rate_K_per_ps,seed,T_K,atom_steps,status\n");
  for (size_t i = 0; i < n; i++) {
    char T[32] = "";
    if (jobs[i].kind) snprintf(T, sizeof T, "%g", jobs[i].T_K);
    fprintf(fp, "%s,%s,%g,%ld,%s,%.6g,%s\n", jobs[i].name, jobs[i].kind ? "anneal" : "quench",
            jobs[i].rate_K_per_s * 1e-12, jobs[i].seed, T, jobs[i].atom_steps,
            jobs[i].done ? "done" : "todo");
  }
  return write_done(fp, err);
}

int vt_md_estimate_write_summary(const vt_md_estimate *e, int ranks_per_job, int measured, FILE *fp,
                                 vt_error *err) {
  if (!e || !fp) return vt_fail(err, VT_EINVAL, "NULL argument");
  int rpj = ranks_per_job;
  fprintf(fp,
          "%zu of %zu jobs to run, %.3g of %.3g atom-steps; at %.3g us per atom-step of a "
          "partition (%s, %d rank%s per job) about %.3g h on %d partition%s (E_IS minimisations "
          "not counted)\n",
          e->todo, e->jobs, e->atom_steps_left, e->atom_steps, e->s_per_atom_step * 1e6,
          measured ? "measured" : "assumed, --dry-run measures nothing", rpj, rpj > 1 ? "s" : "",
          e->hours, e->partitions, e->partitions > 1 ? "s" : "");
  return write_done(fp, err);
}
