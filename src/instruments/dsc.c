/* The virtual Flash DSC: a thermal history, then a heating scan whose heat flow is
 * R_h (Cp_glass + dH_conf/dT); the relaxation peak is the annealed scan minus the as-cooled one.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "../core/option_rows.h"

/* Fields not named are zero: no masses (molar units), T_high from T_eq. */
vt_dsc_options vt_dsc_options_default(void) {
  return (vt_dsc_options){.T_eq_K = 450.0,
                          .cool_rate_K_per_s = 1e4,
                          .T_low_K = 300.0,
                          .heat_rate_K_per_s = 1e3,
                          .cp_glass_J_per_mol_K = 3.0 * VT_GAS_CONSTANT_J_PER_MOL_K,
                          .grid = vt_grid_options_default()};
}

/* The option table (options.h): --T-eq, --cool-rate, ... on the command line, the masses last
 * (commands with a --molar-mass of their own skip them). Every value is positive (a 0 K/s rate
 * used to fail later, blamed on the program). */
#define DSC(field) offsetof(vt_dsc_options, field)
#define DSC_ROW(nm, field, dm, ag, hp, fl)                                                         \
  OPT_Q(nm, DSC(field), dm, ag, hp, VT_OPTION_POSITIVE | (fl))
static const vt_option dsc_options[] = {
    DSC_ROW("T_eq", T_eq_K, VT_DIM_TEMPERATURE, "T", "equilibrium start above Tg", 0),
    DSC_ROW("cool_rate", cool_rate_K_per_s, VT_DIM_RATE, "R", "R_c, quench rate", 0),
    DSC_ROW("T_low", T_low_K, VT_DIM_TEMPERATURE, "T", "the heating scan starts here", 0),
    DSC_ROW("heat_rate", heat_rate_K_per_s, VT_DIM_RATE, "R", "R_h, heating rate of the scan", 0),
    DSC_ROW("T_high", T_high_K, VT_DIM_TEMPERATURE, "T",
            "the scan ends here (default T_eq + 150 K: the liquid)", VT_OPTION_NO_DEFAULT),
    DSC_ROW("cp_glass", cp_glass_J_per_mol_K, VT_DIM_MOLAR_HEAT_CAPACITY, "CP",
            "glass heat capacity, 3R, for absolute traces", 0),
    DSC_ROW("molar_mass", molar_mass_kg_per_mol, VT_DIM_MOLAR_MASS, "M",
            "with --sample-mass: heat flow in mW as the instrument shows", VT_OPTION_NO_DEFAULT),
    DSC_ROW("sample_mass", sample_mass_kg, VT_DIM_MASS, "M", "sample mass, e.g. '484 ng'",
            VT_OPTION_NO_DEFAULT),
};

OPT_TABLE(vt_dsc_option_table, dsc_options)

static double T_high(const vt_dsc_options *o) {
  return o->T_high_K > 0 ? o->T_high_K : o->T_eq_K + 150.0;
}

static int check_options(const vt_dsc_options *o, vt_error *err) {
  if (!(o->T_eq_K > 0) || !isfinite(o->T_eq_K) || !(o->T_low_K > 0) || !isfinite(o->T_low_K))
    return vt_fail(err, VT_ERANGE, "DSC temperatures must be finite and > 0");
  if (!(o->T_low_K < o->T_eq_K))
    return vt_fail(err, VT_ERANGE, "the scan start T_low = %g K must lie below T_eq = %g K",
                   o->T_low_K, o->T_eq_K);
  if (!(T_high(o) > o->T_low_K) || !isfinite(T_high(o)))
    return vt_fail(err, VT_ERANGE, "the scan end T_high = %g K must lie above T_low = %g K",
                   T_high(o), o->T_low_K);
  if (!(o->cool_rate_K_per_s > 0) || !(o->heat_rate_K_per_s > 0) ||
      !isfinite(o->cool_rate_K_per_s) || !isfinite(o->heat_rate_K_per_s))
    return vt_fail(err, VT_ERANGE, "cooling and heating rates must be finite and > 0");
  if (!isfinite(o->cp_glass_J_per_mol_K) || o->cp_glass_J_per_mol_K < 0)
    return vt_fail(err, VT_ERANGE, "glass heat capacity must be finite and >= 0");
  return VT_OK;
}

/* Equilibrium at T_eq, quench to the annealing program, the program, quench to T_low, scan. */
static vt_program *history(const vt_program *anneal, const vt_dsc_options *o, vt_error *err) {
  vt_program *p = vt_program_create(o->T_eq_K, err);
  if (!p) return NULL;
  int rc = VT_OK;
  double T_end = o->T_eq_K;
  if (anneal) {
    double Ta = vt_program_start_K(anneal);
    if (Ta > o->T_eq_K)
      rc = vt_fail(err, VT_ERANGE, "the annealing program starts at %g K, above T_eq = %g K", Ta,
                   o->T_eq_K);
    if (!rc && Ta < o->T_eq_K) rc = vt_program_ramp(p, Ta, o->cool_rate_K_per_s, err);
    for (size_t i = 0; !rc && i < vt_program_segment_count(anneal); i++) {
      const vt_segment *s = vt_program_segment(anneal, i);
      double value = s->kind == VT_SEG_RAMP ? s->rate_K_per_s : s->duration_s;
      rc = vt_program_append_at(p, s->kind, s->target_K, value, s->line, err);
    }
    T_end = vt_program_end_K(anneal, vt_program_segment_count(anneal) - 1);
    if (!rc && T_end < o->T_low_K)
      rc = vt_fail(err, VT_ERANGE,
                   "the annealing program ends at %g K, below the scan start T_low = %g K", T_end,
                   o->T_low_K);
  }
  if (!rc && T_end > o->T_low_K) rc = vt_program_ramp(p, o->T_low_K, o->cool_rate_K_per_s, err);
  if (!rc) rc = vt_program_ramp(p, T_high(o), o->heat_rate_K_per_s, err);
  if (rc) {
    vt_program_free(p);
    return NULL;
  }
  return p;
}

void vt_dsc_scan_free(vt_dsc_scan *s) {
  if (s) VT_FREE_ZERO(s, s->T_edge_K, s->T_K, s->time_s, s->heat_flow_W_per_mol);
}

/* Copy the final segment (the heating scan) out of a trace. */
static int extract_scan(const vt_trace *t, const vt_dsc_options *o, vt_dsc_scan *s) {
  size_t first = t->n - 1;
  int seg = t->segment[t->n - 1];
  while (first > 0 && t->segment[first - 1] == seg) first--;
  size_t start = first - 1, n = t->n - first;
  s->n = n;
  s->T_edge_K = malloc((n + 1) * sizeof *s->T_edge_K);
  s->T_K = malloc(n * sizeof *s->T_K);
  s->time_s = malloc(n * sizeof *s->time_s);
  s->heat_flow_W_per_mol = malloc(n * sizeof *s->heat_flow_W_per_mol);
  if (!s->T_edge_K || !s->T_K || !s->time_s || !s->heat_flow_W_per_mol) return VT_ENOMEM;
  s->T_edge_K[0] = t->T_K[start];
  for (size_t i = 0; i < n; i++) {
    size_t a = start + i, b = a + 1;
    double dT = t->T_K[b] - t->T_K[a];
    s->T_edge_K[i + 1] = t->T_K[b];
    s->T_K[i] = 0.5 * (t->T_K[a] + t->T_K[b]);
    s->time_s[i] = 0.5 * (t->time_s[a] + t->time_s[b]) - t->time_s[start];
    s->heat_flow_W_per_mol[i] =
        o->heat_rate_K_per_s *
        (o->cp_glass_J_per_mol_K + (t->H_conf_J_per_mol[b] - t->H_conf_J_per_mol[a]) / dT);
  }
  s->heat_rate_K_per_s = o->heat_rate_K_per_s;
  s->Tf_start_K = t->Tf_K[start];
  s->Tf_end_K = t->Tf_K[t->n - 1];
  s->H_conf_start_J_per_mol = t->H_conf_J_per_mol[start];
  s->H_conf_end_J_per_mol = t->H_conf_J_per_mol[t->n - 1];
  return VT_OK;
}

int vt_dsc_scan_run(vt_model *model, const vt_program *anneal, const vt_dsc_options *opts,
                    vt_dsc_scan *scan, vt_error *err) {
  if (!scan) return vt_fail(err, VT_EINVAL, "vt_dsc_scan_run: NULL scan");
  memset(scan, 0, sizeof *scan);
  if (!model) return vt_fail(err, VT_EINVAL, "vt_dsc_scan_run: NULL model");
  vt_dsc_options o = opts ? *opts : vt_dsc_options_default();
  memset(scan, 0, sizeof *scan);
  if (check_options(&o, err)) return err ? err->status : VT_ERANGE;
  vt_program *p = history(anneal, &o, err);
  if (!p) return err ? err->status : VT_EINVAL;
  vt_grid g;
  vt_trace t = {0};
  int rc = vt_grid_build(p, &o.grid, &g, err);
  if (!rc) {
    rc = vt_simulate(model, &g, &t, err);
    vt_grid_free(&g);
  }
  if (!rc && extract_scan(&t, &o, scan)) {
    vt_dsc_scan_free(scan);
    rc = vt_fail(err, VT_ENOMEM, "out of memory for the DSC scan");
  }
  vt_trace_free(&t);
  vt_program_free(p);
  return rc;
}

void vt_dsc_peak_free(vt_dsc_peak *p) {
  if (p) VT_FREE_ZERO(p, p->T_K, p->dheat_flow_W_per_mol);
}

int vt_dsc_peak_compute(const vt_dsc_scan *a, const vt_dsc_scan *r, vt_dsc_peak *p, vt_error *err) {
  if (!p) return vt_fail(err, VT_EINVAL, "vt_dsc_peak_compute: NULL peak");
  memset(p, 0, sizeof *p);
  if (!a || !r) return vt_fail(err, VT_EINVAL, "vt_dsc_peak_compute: NULL scan");
  double heat_rate_K_per_s = a->heat_rate_K_per_s;
  if (!(heat_rate_K_per_s > 0) || fabs(r->heat_rate_K_per_s / heat_rate_K_per_s - 1) > 1e-12)
    return vt_fail(err, VT_EINVAL,
                   "the annealed scan is heated at %g K/s and the reference at %g K/s: run both "
                   "with the same DSC options",
                   heat_rate_K_per_s, r->heat_rate_K_per_s);
  if (a->n != r->n || a->n < 3 || fabs(a->T_edge_K[0] - r->T_edge_K[0]) > 1e-9 ||
      fabs(a->T_edge_K[a->n] - r->T_edge_K[r->n]) > 1e-9)
    return vt_fail(err, VT_EINVAL,
                   "annealed and reference scans differ in their temperature steps (%zu vs %zu "
                   "steps): run both with the same DSC options",
                   a->n, r->n);
  p->n = a->n;
  p->T_K = malloc(p->n * sizeof *p->T_K);
  p->dheat_flow_W_per_mol = malloc(p->n * sizeof *p->dheat_flow_W_per_mol);
  double *cp = malloc(p->n * sizeof *cp);
  if (!p->T_K || !p->dheat_flow_W_per_mol || !cp) {
    free(cp);
    vt_dsc_peak_free(p);
    return vt_fail(err, VT_ENOMEM, "out of memory for the relaxation peak");
  }
  for (size_t i = 0; i < p->n; i++) {
    double dq = a->heat_flow_W_per_mol[i] - r->heat_flow_W_per_mol[i];
    p->T_K[i] = a->T_K[i];
    p->dheat_flow_W_per_mol[i] = dq;
    cp[i] = dq / heat_rate_K_per_s;
    p->dh_dsc_J_per_mol += cp[i] * (a->T_edge_K[i + 1] - a->T_edge_K[i]);
  }
  p->dh_state_J_per_mol = r->H_conf_start_J_per_mol - a->H_conf_start_J_per_mol;
  p->end_mismatch_J_per_mol = a->H_conf_end_J_per_mol - r->H_conf_end_J_per_mol;
  p->metrics_status = vt_peak_metrics(p->T_K, cp, p->n, &p->metrics, NULL);
  p->metrics_ok = p->metrics_status == VT_OK;
  free(cp);
  return VT_OK;
}

int vt_dsc_quench_enthalpy(vt_model *model, const vt_dsc_options *opts, const double *T_K, size_t n,
                           double *H_conf, vt_error *err) {
  if (!model || !T_K || !H_conf)
    return vt_fail(err, VT_EINVAL, "vt_dsc_quench_enthalpy: NULL model, temperatures or output");
  vt_dsc_options o = opts ? *opts : vt_dsc_options_default();
  double T_min = o.T_low_K;
  for (size_t i = 0; i < n; i++) {
    if (!(T_K[i] > 0 && T_K[i] < o.T_eq_K))
      return vt_fail(err, VT_ERANGE, "temperature %g K is not on the quench from T_eq = %g K",
                     T_K[i], o.T_eq_K);
    T_min = fmin(T_min, T_K[i]);
  }
  vt_program *p = vt_program_create(o.T_eq_K, err);
  if (!p) return err ? err->status : VT_EINVAL;
  int rc = vt_program_ramp(p, T_min, o.cool_rate_K_per_s, err);
  vt_grid g;
  vt_trace t = {0};
  o.grid.at_T_K = T_K;
  o.grid.n_at_T = n;
  o.grid.at_time_s = NULL;
  o.grid.n_at_time = 0;
  if (!rc) rc = vt_grid_build(p, &o.grid, &g, err);
  if (!rc) {
    rc = vt_simulate(model, &g, &t, err);
    vt_grid_free(&g);
  }
  for (size_t i = 0; !rc && i < n; i++) {
    size_t k = 1;
    while (k < t.n && !(t.requested[k] && fabs(t.T_K[k] - T_K[i]) <= 1e-9 * T_K[i])) k++;
    if (k == t.n)
      rc = vt_fail(err, VT_ENUMERIC, "quench missed %g K", T_K[i]);
    else
      H_conf[i] = t.H_conf_J_per_mol[k];
  }
  vt_trace_free(&t);
  vt_program_free(p);
  return rc;
}
