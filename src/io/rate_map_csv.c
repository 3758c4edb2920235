/* CSV files of the energy-landscape analysis (paper 003): rate maps, their lines and mined
 * entries, in the units MD users read (eV per atom, eV/s), as vitrum pel-map and agemap write
 * them. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "../core/internal.h"
#include "vitrum/io.h"
#include "vitrum/pel.h"

#define EV VT_EV_J_PER_MOL

static int write_status(FILE *fp, int rc, vt_error *err) {
  if (rc) return rc;
  if (ferror(fp)) return vt_fail(err, VT_EIO, "error writing CSV");
  return VT_OK;
}

/* One point of a map row: the rate, its log10 magnitude and sign; with a model <E_A>, <E_R>. */
static int map_point(FILE *fp, const vt_rate_map *m, size_t r, size_t i, vt_model *pel,
                     vt_error *err) {
  double v = m->rate[r * m->nT + i] / EV, EA, ER;
  fprintf(fp, "%.8g,%.6g,%.6g,%.6f,%d", m->E_IS[r] / EV, m->T_K[i], v,
          v != 0 ? log10(fabs(v)) : NAN, (v > 0) - (v < 0));
  int rc = pel ? vt_pel_mean_activation(pel, m->E_IS[r], m->T_K[i], &EA, err) : VT_OK;
  if (!rc && pel) rc = vt_pel_mean_relaxation(pel, m->E_IS[r], &ER, err);
  if (!rc && pel) fprintf(fp, ",%.8g,%.8g", EA / EV, ER / EV);
  fputc('\n', fp);
  return rc;
}

int vt_rate_map_write_csv(const vt_rate_map *map, vt_model *pel, FILE *fp, vt_error *err) {
  if (!map || !fp) return vt_fail(err, VT_EINVAL, "vt_rate_map_write_csv: NULL map or file");
  int rc = VT_OK;
  fprintf(fp, "E_IS_eV,T_K,rate_eV_per_s,log10_abs_rate,sign%s\n", pel ? ",EA_eV,ER_eV" : "");
  for (size_t r = 0; !rc && r < map->nE; r++) {
    for (size_t i = 0; !rc && i < map->nT; i++) rc = map_point(fp, map, r, i, pel, err);
    fputc('\n', fp);
  }
  return write_status(fp, rc, err);
}

int vt_rate_lines_write_csv(const vt_rate_lines *l, const vt_rate_lines *model, FILE *fp,
                            vt_error *err) {
  if (!l || !fp) return vt_fail(err, VT_EINVAL, "vt_rate_lines_write_csv: NULL lines or file");
  if (model && model->n != l->n)
    return vt_fail(err, VT_EINVAL, "vt_rate_lines_write_csv: %zu model rows for %zu rows", model->n,
                   l->n);
  fprintf(fp, "E_IS_eV,T_max_K,rate_max_eV_per_s,T_boundary_K%s\n",
          model ? ",model_T_max_K,model_T_boundary_K" : "");
  for (size_t r = 0; r < l->n; r++) {
    fprintf(fp, "%.8g,%.6f,%.6g,%.6f", l->E_IS[r] / EV, l->T_max_K[r], l->rate_max[r] / EV,
            l->T_boundary_K[r]);
    if (model) fprintf(fp, ",%.6f,%.6f", model->T_max_K[r], model->T_boundary_K[r]);
    fputc('\n', fp);
  }
  return write_status(fp, VT_OK, err);
}

int vt_age_entries_write_csv(const vt_age_entries *e, const vt_eis_set *set, FILE *fp,
                             vt_error *err) {
  if (!e || !fp) return vt_fail(err, VT_EINVAL, "vt_age_entries_write_csv: NULL entries or file");
  fprintf(fp,
          set ? "curve,source,T_K,E_IS_eV,rate_eV_per_s\n" : "T_K,E_IS_eV,rate_eV_per_s,count\n");
  for (size_t i = 0; i < e->n; i++) {
    if (set) {
      size_t c = e->curve[i];
      if (c >= set->n) return vt_fail(err, VT_EINVAL, "entry %zu: curve %zu not in the set", i, c);
      vt_csv_write_text(fp, set->curves[c].name ? set->curves[c].name : "");
      fputc(',', fp);
      vt_csv_write_text(fp, set->sources && set->sources[c] ? set->sources[c] : "");
      fputc(',', fp);
    }
    fprintf(fp, "%.6g,%.9g,%.6g", e->T_K[i], e->E_IS[i] / EV, e->rate[i] / EV);
    if (!set) fprintf(fp, ",%zu", e->count[i]);
    fputc('\n', fp);
  }
  return write_status(fp, VT_OK, err);
}

int vt_pel_trace_write_csv(const vt_trace *t, const double *E, const double *rate,
                           int only_requested, FILE *fp, vt_error *err) {
  if (!t || !E || !rate || !fp)
    return vt_fail(err, VT_EINVAL, "vt_pel_trace_write_csv: NULL trace, energies or file");
  fprintf(fp, "time_s,T_K,E_IS_eV,rate_eV_per_s,Tf_K,H_conf_J_per_mol,segment,t_seg_s\n");
  for (size_t i = 0; i < t->n; i++) {
    if (only_requested && !t->requested[i]) continue;
    fprintf(fp, "%.10g,%.6f,%.9f,%.6g,%.6f,%.8g,%d,%.10g\n", t->time_s[i], t->T_K[i], E[i] / EV,
            rate[i] / EV, t->Tf_K[i], t->H_conf_J_per_mol[i], t->segment[i], t->t_seg_s[i]);
  }
  return write_status(fp, VT_OK, err);
}

int vt_pel_scan_write_csv(const vt_pel_scan *s, int header, FILE *fp, vt_error *err) {
  if (!s || !fp) return vt_fail(err, VT_EINVAL, "vt_pel_scan_write_csv: NULL scan or file");
  const vt_trace *t = &s->trace;
  if (header) fprintf(fp, "cool_rate_K_per_s,T_K,time_s,E_IS_eV,rate_eV_per_s,Tf_K\n");
  for (size_t i = s->first; i < t->n; i++)
    fprintf(fp, "%.6g,%.6f,%.10g,%.9f,%.6g,%.6f\n", s->cool_K_per_s, t->T_K[i], t->t_seg_s[i],
            s->E_IS[i] / EV, s->rate[i] / EV, t->Tf_K[i]);
  return write_status(fp, VT_OK, err);
}

int vt_pel_glass_write_csv(const vt_pel_scan *s, int header, FILE *fp, vt_error *err) {
  if (!s || !fp) return vt_fail(err, VT_EINVAL, "vt_pel_glass_write_csv: NULL scan or file");
  if (header) fprintf(fp, "cool_rate_K_per_s,E_IS_glass_eV,Tf_glass_K,T_exo_K,rate_exo_eV_per_s\n");
  fprintf(fp, "%g,%.6f,%.3f,%.3f,%.6g\n", s->cool_K_per_s, s->E_glass / EV, s->Tf_glass_K,
          s->T_exo_K, s->rate_exo / EV);
  return write_status(fp, VT_OK, err);
}

int vt_rate_map_write_summary(const vt_rate_map *map, const vt_rate_lines *l, const char *prefix,
                              FILE *fp, vt_error *err) {
  if (!map || !l || !fp || map->nE < 1 || map->nT < 1)
    return vt_fail(err, VT_EINVAL, "vt_rate_map_write_summary: NULL or empty map, lines or file");
  double top, floor;
  size_t a, b;
  vt_rate_map_log_range(map, 300, &floor, &top, NULL);
  vt_rate_lines_span(l, &a, &b, NULL);
  if (!prefix) prefix = "";
  fprintf(fp,
          "%s%zu x %zu points, E_IS %.4g to %.4g eV, T %g to %g K; |rate| spans %.1f decades "
          "(1e%.0f to 1e%.0f eV/s)\n",
          prefix, map->nE, map->nT, map->E_IS[0] / EV, map->E_IS[map->nE - 1] / EV, map->T_K[0],
          map->T_K[map->nT - 1], top - floor, floor, top);
  if (a != SIZE_MAX)
    fprintf(fp,
            "%smaximum ageing rate at %.2f K (E_IS %.4g eV, %.3g eV/s) to %.2f K (E_IS %.4g eV, "
            "%.3g eV/s); boundary %.2f to %.2f K\n",
            prefix, l->T_max_K[a], l->E_IS[a] / EV, l->rate_max[a] / EV, l->T_max_K[b],
            l->E_IS[b] / EV, l->rate_max[b] / EV, l->T_boundary_K[a], l->T_boundary_K[b]);
  return write_status(fp, VT_OK, err);
}

int vt_pel_trace_write_summary(const vt_trace *t, const double *E, const double *rate,
                               const char *prefix, FILE *fp, vt_error *err) {
  if (!t || !E || !rate || !fp || t->n < 1)
    return vt_fail(err, VT_EINVAL, "vt_pel_trace_write_summary: NULL or empty trace or file");
  size_t k = t->n - 1;
  fprintf(fp, "%s%zu grid nodes; final E_IS = %.6f eV/atom, Tf = %.2f K, dE_IS/dt = %.4g eV/s\n",
          prefix ? prefix : "", t->n, E[k] / EV, t->Tf_K[k], rate[k] / EV);
  return write_status(fp, VT_OK, err);
}

int vt_agemap_write_summary(const vt_eis_set *set, const vt_age_entries *raw,
                            const vt_age_entries *avg, const vt_agemap_options *opts,
                            const vt_rate_lines *lines, const vt_rate_lines *model,
                            const char *prefix, FILE *fp, vt_error *err) {
  if (!set || !raw || !avg || !opts || !lines || !fp)
    return vt_fail(err, VT_EINVAL, "vt_agemap_write_summary: NULL argument");
  const char *p = prefix ? prefix : "";
  size_t a, b, rows;
  double worst, median;
  vt_rate_lines_span(lines, &a, &b, NULL);
  fprintf(fp, "%s%zu curves, %zu raw entries, %zu averaged; spline lambda %g (%s)\n", p, set->n,
          raw->n, avg->n, opts->lambda, opts->transform == VT_AGEMAP_ASINH ? "asinh" : "linear");
  if (a != SIZE_MAX)
    fprintf(fp, "%smaximum ageing rate at %.2f K (E_IS %.5g eV) to %.2f K (E_IS %.5g eV)\n", p,
            lines->T_max_K[a], lines->E_IS[a] / EV, lines->T_max_K[b], lines->E_IS[b] / EV);
  else
    fprintf(fp, "%sno maximum of the ageing rate inside the map\n", p);
  int rc = model ? vt_rate_lines_compare(lines, model, &worst, &median, &rows, err) : VT_OK;
  if (!rc && model && rows)
    fprintf(fp, "%spel model: max |T_max - model| = %.2f K (median %.2f K) over %zu rows\n", p,
            worst, median, rows);
  else if (!rc && model)
    fprintf(fp, "%spel model: no row with both maxima to compare\n", p);
  return write_status(fp, rc, err);
}
