/* vitrum debye's tables, summaries and gnuplot pictures (debye_out.h). */
#include "debye_out.h"

#include <math.h>
#include <stdio.h>

#include "script.h"

/* ---- tables and summaries: the library's writers (report.h) ---------------------------------- */

static const char *law_name(int law) {
  return law == VT_TAU_VFT ? "VFT" : "Arrhenius";
}

void debye_print_summary(FILE *fp, const debye_job *j) {
  const vt_scan *sc = &j->d.scans[0];
  fprintf(fp, "vitrum debye: %s, columns %s and %s, %zu points, %.6g .. %.6g K, at %.6g K/s\n",
          j->input, j->d.T_name, j->d.y_name, sc->n, j->d.T_K[sc->start],
          j->d.T_K[sc->start + sc->n - 1], j->rate);
  vt_debye_fit_write_summary(&j->rep, fp, NULL);
}

/* Failures on standard error, then the counts (per class with --Tg) and the E* range. */
void debye_print_batch_summary(const debye_job *j) {
  char prefix[1024];
  snprintf(prefix, sizeof prefix, "vitrum debye: %s: ", j->input);
  vt_debye_batch_write_failures(&j->rep, prefix, stderr, NULL);
  if (j->o->quiet) return;
  fputs(prefix, stderr);
  vt_debye_batch_write_summary(&j->rep, &j->b.summary, stderr, NULL);
}

/* ---- pictures -------------------------------------------------------------------------------- */

static int plot_single(const debye_job *j, const char *datafile) {
  const vt_debye_fit *f = &j->b.fit[0];
  cli_script sc = {0};
  cli_gp_data(&sc, "datafile", datafile);
  cli_gp_str(&sc, "file", cli_base_name(j->input));
  cli_gp_str(&sc, "law", law_name(f->law));
  cli_gp_num(&sc, "E", f->E_J_per_mol / 1e3);
  cli_gp_num(&sc, "se_E", f->se_E_J_per_mol / 1e3);
  cli_gp_num(&sc, "Tp", f->Tp_K);
  cli_gp_str(&sc, "y_name", j->d.y_name);
  return cli_plot_with("debye", j->o->plot, "debye", &sc);
}

/* E* of every scan with the class bands (plots/debye_batch.gp), from the table. */
static int plot_batch(const debye_job *j, const char *datafile) {
  const vt_heat_flow_scans *d = &j->d;
  const vt_debye_summary *s = &j->b.summary;
  vt_relaxation_ranges r;
  cli_script sc = {0};
  cli_gp_data(&sc, "datafile", datafile);
  cli_gp_str(&sc, "file", cli_base_name(j->input));
  cli_gp_str(&sc, "law", law_name(j->o->law));
  cli_gp_num(&sc, "n_keys", (double)d->n_keys);
  cli_gp_str(&sc, "xname", d->n_keys ? d->key_names[0] : "scan");
  cli_gp_str(&sc, "q_unit", *d->q_unit ? d->q_unit : "y s");
  cli_gp_num(&sc, "E_min", s->E_min_J_per_mol / 1e3);
  cli_gp_num(&sc, "E_max", s->E_max_J_per_mol / 1e3);
  cli_gp_num(&sc, "classes", j->has_class);
  if (j->has_class && !vt_relaxation_class_ranges(j->o->Tg, j->o->m, &r, NULL)) {
    cli_gp_num(&sc, "gb_lo", r.lo_J_per_mol[VT_CLASS_GAMMA_BETA_PRIME] / 1e3);
    cli_gp_num(&sc, "gb_hi", r.hi_J_per_mol[VT_CLASS_GAMMA_BETA_PRIME] / 1e3);
    cli_gp_num(&sc, "beta_lo", r.lo_J_per_mol[VT_CLASS_BETA] / 1e3);
    cli_gp_num(&sc, "beta_hi", r.hi_J_per_mol[VT_CLASS_BETA] / 1e3);
    cli_gp_num(&sc, "alpha", r.lo_J_per_mol[VT_CLASS_ALPHA] / 1e3);
  }
  return cli_plot_with("debye", j->o->plot, "debye_batch", &sc);
}

/* The single plot reads the fitted curves (output 1), the batch plot the table (output 0). */
int debye_plot(const void *ctx, const char *const *files) {
  const debye_job *j = ctx;
  return j->batch ? plot_batch(j, files[0]) : plot_single(j, files[1]);
}
