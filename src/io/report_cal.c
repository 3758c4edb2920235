/* The tables of measured-curve calorimetry (vt_cal_analyse), as vitrum peaks and tf write them
 * (report.h): heat flows and enthalpies in the units the options choose, temperatures in C and
 * K, and a label per curve (reference, its ageing time, or its method segment). */
#include <math.h>

#include "report_internal.h"
#include "vitrum/constants.h"
#include "vitrum/report.h"

vt_cal_table_opts vt_cal_table_opts_default(void) {
  return (vt_cal_table_opts){1e3, 1e3, "mW", "mJ", "mW", "mJ", 0, NULL, 0, NULL, 0};
}

int vt_cal_table_units(double sample_kg, double molar_mass_kg_per_mol, int per_rate,
                       vt_cal_table_opts *o, vt_error *err) {
  if (!o) return vt_fail(err, VT_EINVAL, "vt_cal_table_units: NULL options");
  if (sample_kg < 0 || molar_mass_kg_per_mol < 0 || (molar_mass_kg_per_mol > 0 && !(sample_kg > 0)))
    return vt_fail(err, VT_EINVAL,
                   "sample mass %g kg, molar mass %g kg/mol: a molar mass needs "
                   "the sample mass, and neither may be negative",
                   sample_kg, molar_mass_kg_per_mol);
  static const char *const energy[] = {"mJ", "J_per_g", "J_per_mol"};
  static const char *const energy_label[] = {"mJ", "J/g", "J/mol"};
  static const char *const flow[] = {"mW", "W_per_g", "W_per_mol"};
  static const char *const flow_label[] = {"mW", "W/g", "W/mol"};
  static const char *const cap[] = {"mJ_per_K", "J_per_gK", "J_per_molK"};
  static const char *const cap_label[] = {"mJ/K", "J/(g K)", "J/(mol K)"};
  int kind = molar_mass_kg_per_mol > 0 ? 2 : sample_kg > 0 ? 1 : 0;
  o->energy_factor = kind == 0   ? 1e3
                     : kind == 1 ? 1e-3 / sample_kg
                                 : molar_mass_kg_per_mol / sample_kg;
  o->flow_factor = o->energy_factor;
  o->energy_unit = energy[kind], o->energy_label = energy_label[kind];
  o->flow_unit = per_rate ? cap[kind] : flow[kind];
  o->flow_label = per_rate ? cap_label[kind] : flow_label[kind];
  o->per_rate = per_rate;
  return VT_OK;
}

static int is_reference(const vt_cal_table_opts *o, size_t index) {
  for (size_t k = 0; k < o->n_references; k++)
    if (o->references[k] == index) return 1;
  return 0;
}

/* The place of result curve i among the aged (non-reference) curves. */
static size_t aged_rank(const vt_cal_result *r, const vt_cal_table_opts *o, size_t i) {
  size_t rank = 0;
  for (size_t k = 0; k < i; k++) rank += !is_reference(o, r->curves[k].index);
  return rank;
}

const char *vt_cal_curve_label(const vt_cal_result *r, const vt_cal_table_opts *o, size_t i,
                               char *buf, size_t size) {
  if (!r || !o || !buf || !size || i >= r->n) return NULL;
  size_t index = r->curves[i].index, rank = aged_rank(r, o, i);
  if (is_reference(o, index))
    snprintf(buf, size, "reference");
  else if (o->n_ages && o->ages_s && rank < o->n_ages)
    snprintf(buf, size, "%g s", o->ages_s[rank]);
  else if (r->curves[i].segment >= 0)
    snprintf(buf, size, "segment %d", r->curves[i].segment);
  else
    snprintf(buf, size, "curve %zu", index);
  return buf;
}

double vt_cal_curve_age(const vt_cal_result *r, const vt_cal_table_opts *o, size_t i) {
  if (!r || !o || i >= r->n || !o->n_ages || !o->ages_s) return NAN;
  size_t rank = aged_rank(r, o, i);
  return is_reference(o, r->curves[i].index) || rank >= o->n_ages ? NAN : o->ages_s[rank];
}

/* A heat flow (W) as shown; per_rate divides the curve's rate out. */
static double flow(const vt_cal_table_opts *o, double W, double rate) {
  return o->per_rate ? W * o->flow_factor / rate : W * o->flow_factor;
}

static int check(const vt_cal_result *r, const vt_cal_table_opts *o, FILE *fp, const char *fn,
                 vt_error *err) {
  if (!r || !o || !fp || !o->flow_unit || !o->energy_unit || !o->flow_label || !o->energy_label)
    return vt_fail(err, VT_EINVAL, "%s: NULL result, options, unit or file", fn);
  return VT_OK;
}

int vt_cal_peaks_write_csv(const vt_cal_result *r, const vt_curve_set *set,
                           const vt_cal_table_opts *o, FILE *fp, vt_error *err) {
  int rc = check(set ? r : NULL, o, fp, "vt_cal_peaks_write_csv", err);
  if (rc) return rc;
  fprintf(fp,
          "index,segment,name,rate_K_per_s,Tp_C,Tp_K,height_%s,area_%s,FWHM_K,onset_C,end_C,"
          "noise_%s,resolved,label\n",
          o->flow_unit, o->energy_unit, o->flow_unit);
  const double C = VT_ZERO_CELSIUS_K;
  for (size_t i = 0; i < r->n; i++) {
    const vt_cal_curve *c = &r->curves[i];
    const vt_peak *p = &c->peak;
    double rate = c->rate_K_per_s;
    char label[64];
    fprintf(fp, "%zu,%d,", c->index, c->segment);
    vt_csv_write_text(fp, c->index < set->n ? set->curves[c->index].name : "");
    fprintf(fp, ",%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%d,%s\n", rate, p->x_peak - C,
            p->x_peak, flow(o, p->y_peak, rate), c->peak_area_J * o->energy_factor, p->fwhm,
            p->x_onset - C, p->x_end - C, flow(o, c->noise_W, rate), c->resolved,
            vt_cal_curve_label(r, o, i, label, sizeof label));
  }
  return vt_report_done(fp, err);
}

int vt_cal_differences_write_csv(const vt_cal_result *r, const vt_cal_table_opts *o, FILE *fp,
                                 vt_error *err) {
  int rc = check(r, o, fp, "vt_cal_differences_write_csv", err);
  if (rc) return rc;
  fprintf(fp, "curve,segment,T_C,diff_%s\n", o->flow_unit);
  for (size_t i = 0; i < r->n; i++) {
    const vt_cal_curve *c = &r->curves[i];
    for (size_t k = 0; k < c->n; k++)
      fprintf(fp, "%zu,%d,%.9g,%.9g\n", c->index, c->segment, c->T_K[k] - VT_ZERO_CELSIUS_K,
              flow(o, c->difference_W[k], c->rate_K_per_s));
  }
  return vt_report_done(fp, err);
}

static void number(FILE *fp, double v) {
  fprintf(fp, ",%.9g", v);
}

/* The numbers of a tf row after its label. */
static void tf_numbers(FILE *fp, const vt_cal_curve *c, const vt_cal_table_opts *o, double age) {
  double rate = c->rate_K_per_s, e = o->energy_factor, C = VT_ZERO_CELSIUS_K;
  const double v[] = {age,
                      rate,
                      c->Tf_K,
                      c->Tf_K - C,
                      c->Tf_se_K,
                      c->dH_area_J * e,
                      c->dH_area_se_J * e,
                      c->dH_tf_J * e,
                      flow(o, c->noise_W, rate)};
  for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) number(fp, v[k]);
  fprintf(fp, ",%d", c->resolved);
  number(fp, c->peak.x_peak - C);
  number(fp, flow(o, c->peak.y_peak, rate));
  number(fp, c->peak.fwhm);
}

int vt_cal_tf_write_csv(const vt_cal_result *r, const vt_curve_set *set, const vt_cal_table_opts *o,
                        FILE *fp, vt_error *err) {
  int rc = check(set ? r : NULL, o, fp, "vt_cal_tf_write_csv", err);
  if (rc) return rc;
  const char *E = o->energy_unit, *F = o->flow_unit;
  fprintf(fp,
          "index,segment,label,age_s,rate_K_per_s,Tf_K,Tf_C,Tf_se_K,dH_area_%s,dH_area_se_%s,"
          "dH_tf_%s,noise_%s,resolved,Tp_C,height_%s,FWHM_K,name\n",
          E, E, E, F, F);
  for (size_t i = 0; i < r->n; i++) {
    const vt_cal_curve *c = &r->curves[i];
    char label[64];
    fprintf(fp, "%zu,%d,%s", c->index, c->segment,
            vt_cal_curve_label(r, o, i, label, sizeof label));
    tf_numbers(fp, c, o, vt_cal_curve_age(r, o, i));
    fputc(',', fp);
    vt_csv_write_text(fp, c->index < set->n ? set->curves[c->index].name : "");
    fputc('\n', fp);
  }
  return vt_report_done(fp, err);
}

int vt_cal_tf_write_summary(const vt_cal_result *r, const vt_cal_table_opts *o, FILE *fp,
                            vt_error *err) {
  int rc = check(r, o, fp, "vt_cal_tf_write_summary", err);
  if (rc) return rc;
  const vt_cal_curve *ref = &r->reference;
  const double C = VT_ZERO_CELSIUS_K;
  fprintf(fp, "  windows (%s): glass %.4g to %.4g C, liquid %.4g to %.4g C\n",
          r->windows_automatic ? "found on the reference" : "given", r->glass_K[0] - C,
          r->glass_K[1] - C, r->liquid_K[0] - C, r->liquid_K[1] - C);
  fprintf(fp, "  reference: Tf = %.3f +- %.3f C; at Tg a step of %.6g %s, dCp = %.6g %s/K\n",
          ref->Tf_K - C, ref->Tf_se_K, flow(o, r->tg.step_W, ref->rate_K_per_s), o->flow_label,
          r->tg.step_W / ref->rate_K_per_s * o->energy_factor, o->energy_label);
  fprintf(fp, "  Tg (ISO 11357-2): onset %.3f C, midpoint %.3f C, inflection %.3f C, end %.3f C\n",
          r->tg.onset_K - C, r->tg.midpoint_K - C, r->tg.inflection_K - C, r->tg.end_K - C);
  return vt_report_done(fp, err);
}

/* Curve c's warning line, when it has one; 1 when written. */
static int curve_warning(FILE *fp, const vt_cal_curve *c, const vt_cal_table_opts *o, double tol,
                         const char *prefix) {
  if (isnan(c->Tf_K)) {
    fprintf(fp, "%swarning: curve %zu (segment %d) has no equal-area Tf\n", prefix, c->index,
            c->segment);
    return 1;
  }
  double a = c->dH_area_J, b = c->dH_tf_J, big = fmax(fabs(a), fabs(b)), e = o->energy_factor;
  if (!(big > 3 * c->dH_area_se_J && fabs(a - b) > tol * big)) return 0;
  fprintf(fp,
          "%swarning: curve %zu (segment %d): dH from the area (%.6g %s) and from Tf (%.6g %s) "
          "differ by more than %.0f %%: check the windows\n",
          prefix, c->index, c->segment, a * e, o->energy_label, b * e, o->energy_label, 100 * tol);
  return 1;
}

int vt_cal_tf_write_warnings(const vt_cal_result *r, const vt_cal_table_opts *o, double tolerance,
                             const char *prefix, size_t *n_warnings, FILE *fp, vt_error *err) {
  if (n_warnings) *n_warnings = 0;
  int rc = check(r, o, fp, "vt_cal_tf_write_warnings", err);
  if (rc) return rc;
  size_t n = 0;
  if (!prefix) prefix = "";
  if (isnan(r->reference.Tf_K) && ++n)
    fprintf(fp, "%swarning: the reference has no equal-area Tf: no dH from Tf\n", prefix);
  for (size_t i = 0; i < r->n; i++)
    n += (size_t)curve_warning(fp, &r->curves[i], o, tolerance, prefix);
  if (n_warnings) *n_warnings = n;
  return vt_report_done(fp, err);
}
