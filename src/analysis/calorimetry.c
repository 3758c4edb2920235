/* vt_cal_analyse: the curves of a set prepared, references averaged (per rate for a Kissinger
 * series), windows chosen, every sample analysed against its reference. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "../core/option_rows.h"
#include "cal_curve.h"

vt_cal_options vt_cal_options_default(void) {
  vt_cal_options o;
  memset(&o, 0, sizeof o);
  o.axis = VT_CAL_AXIS_AUTO;
  o.endo_up = 0;
  o.baseline = VT_CAL_BASELINE_LINES;
  o.glass_K[0] = o.glass_K[1] = o.liquid_K[0] = o.liquid_K[1] = NAN;
  o.range_K[0] = o.range_K[1] = NAN;
  o.noise_factor = 3.0;
  o.smooth_K = 0.5;
  o.max_rate_mismatch = 0.01;
  o.max_rate_drift = 0.05;
  o.min_window_points = 10;
  o.references_by_rate = 0;
  return o;
}

/* The option table (options.h): analyse()'s keywords, the help in the words and the order of
 * the command line's measured-curve group (src/cli/opts.c, which spells axis and endo_up its
 * own way and has no rows for noise_factor and below). */
#define CAL(field) offsetof(vt_cal_options, field)
#define TWO_T      "expected two increasing temperatures, e.g. '60,120 C'"
#define CAL_WINDOW(nm, field, hp)                                                                  \
  OPT_R(nm, CAL(field), VT_DIM_TEMPERATURE, NULL, "'T1,T2 C'", hp, VT_OPTION_NO_DEFAULT, TWO_T)
#define CAL_RATIO(nm, field, hp)  OPT_Q(nm, CAL(field), VT_DIM_NONE, "X", hp, VT_OPTION_POSITIVE)
#define CAL_SWITCH(nm, field, hp) OPT_IR(nm, CAL(field), 0, 1, "0|1", hp)
static const vt_option cal_options[] = {
    /* The choices are the arg too, also for Python, which takes them in any case. */
    OPT_CE("axis", CAL(axis), "auto|Ts|Tr", "auto|Ts|Tr",
           "temperature axis: auto (Ts, the sample temperature, when every\n"
           "curve has it, else Tr), Ts or Tr (the program temperature)",
           0, "expected 'auto', 'Ts' or 'Tr'"),
    CAL_SWITCH("endo_up", endo_up,
               "sign of the file: 0 endothermic negative (as STARe exports), 1\n"
               "positive; results are endothermic up"),
    CAL_WINDOW("glass", glass_K, "window of the glass line (least squares)"),
    CAL_WINDOW("liquid", liquid_K,
               "window of the liquid line; without both windows they are\n"
               "found on the reference: Ti the steepest point of its step\n"
               "and W the width of its derivative at half height; glass\n"
               "Ti-8W..Ti-2.5W, liquid Ti+5W..Ti+11W"),
    OPT_CE("baseline", CAL(baseline), "lines|linear|chord|none", "lines|linear|chord|none",
           "lines (default): each sample's glass and liquid lines are\nmoved onto the "
           "reference's (their difference below the\nglass window, above the liquid window, a "
           "straight bridge\nbetween: drift between scans of one sample); linear: one\n"
           "straight line through the difference in both windows;\nchord: the line through the "
           "range's end points; none",
           VT_OPTION_NO_DEFAULT, "expected 'lines', 'linear', 'chord' or 'none'"),
    CAL_WINDOW("range", range_K, "analyse only T1 <= T <= T2"),
    OPT_QE("smooth", CAL(smooth_K), VT_DIM_TEMPERATURE_STEP, "WIDTH",
           "Tp, height, FWHM, onset, end on the difference\nsmoothed by local straight lines "
           "over +-WIDTH",
           VT_OPTION_NONNEGATIVE, "expected a width of 0 K or more"),
    CAL_RATIO("noise_factor", noise_factor,
              "a peak lower than this times the noise is not resolved"),
    CAL_RATIO("max_rate_mismatch", max_rate_mismatch,
              "relative: sample vs reference, and references among them"),
    CAL_RATIO("max_rate_drift", max_rate_drift,
              "relative: the rate of each quarter of a scan vs the whole"),
    OPT_I("min_window_points", CAL(min_window_points), 2, "N", "points each line window must hold"),
    CAL_SWITCH("references_by_rate", references_by_rate,
               "1: the references are averaged per rate and each sample takes\n"
               "those of its rate (a Kissinger series); 0: one average, one rate"),
};

OPT_TABLE(vt_cal_option_table, cal_options)

void vt_cal_result_free(vt_cal_result *r) {
  if (!r) return;
  for (size_t i = 0; r->curves && i < r->n; i++) vt_cal_curve_free(&r->curves[i]);
  free(r->curves);
  vt_cal_curve_free(&r->reference);
  memset(r, 0, sizeof *r);
}

/* A reference group: the scans of one rate averaged, its windows and its analysis. */
typedef struct group {
  vt_cal_scan avg;
  vt_cal_windows w;
  vt_cal_curve res;
  vt_cal_tg tg;
} group;

typedef struct work {
  const vt_curve_set *set;
  const vt_cal_options *o;
  int use_Ts;
  vt_cal_scan *refs; /* prepared references */
  size_t n_refs;
  group *groups;
  size_t n_groups;
} work;

static void work_free(work *k) {
  for (size_t i = 0; k->refs && i < k->n_refs; i++) vt_cal_scan_free(&k->refs[i]);
  for (size_t g = 0; k->groups && g < k->n_groups; g++) {
    vt_cal_scan_free(&k->groups[g].avg);
    vt_cal_curve_free(&k->groups[g].res);
  }
  free(k->refs);
  free(k->groups);
}

static int baseline_needs_windows(const vt_cal_options *o) {
  return o->baseline == VT_CAL_BASELINE_LINES || o->baseline == VT_CAL_BASELINE_LINEAR;
}

/* The user's windows, or the rule's on scan s; unknown (and not required) when the rule fails
 * and the baseline can do without. */
static int choose_windows(const vt_cal_options *o, const vt_cal_scan *s, vt_cal_windows *w,
                          vt_error *err) {
  memset(w, 0, sizeof *w);
  int given_g = !isnan(o->glass_K[0]), given_l = !isnan(o->liquid_K[0]);
  if (given_g && given_l) {
    memcpy(w->glass_K, o->glass_K, sizeof w->glass_K);
    memcpy(w->liquid_K, o->liquid_K, sizeof w->liquid_K);
    w->known = w->required = 1;
    if (!(w->glass_K[0] < w->glass_K[1] && w->glass_K[1] <= w->liquid_K[0] &&
          w->liquid_K[0] < w->liquid_K[1]))
      return vt_fail(err, VT_EINVAL,
                     "the glass window (%.6g-%.6g C) must lie below the liquid window "
                     "(%.6g-%.6g C), each from low to high",
                     w->glass_K[0] - VT_ZERO_CELSIUS_K, w->glass_K[1] - VT_ZERO_CELSIUS_K,
                     w->liquid_K[0] - VT_ZERO_CELSIUS_K, w->liquid_K[1] - VT_ZERO_CELSIUS_K);
    return VT_OK;
  }
  if (given_g != given_l)
    return vt_fail(err, VT_EINVAL, "give both windows (glass and liquid) or neither");
  vt_error e;
  int rc = vt_cal_auto_windows(s->T, s->y, s->n, (size_t)o->min_window_points, w->glass_K,
                               w->liquid_K, &e);
  w->required = baseline_needs_windows(o);
  w->known = rc == VT_OK;
  if (rc && w->required) return vt_fail(err, rc, "%s: %s", s->who, e.message);
  return VT_OK;
}

/* The group whose rate matches s (the only group unless references go by rate). */
static int group_for(const work *k, const vt_cal_scan *s, group **g, vt_error *err) {
  if (!k->o->references_by_rate) {
    *g = &k->groups[0];
    return vt_cal_rate_mismatch(s, &k->groups[0].avg, k->o, "a sample and its reference", err);
  }
  for (size_t j = 0; j < k->n_groups; j++)
    if (fabs(s->rate / k->groups[j].avg.rate - 1.0) <= k->o->max_rate_mismatch) {
      *g = &k->groups[j];
      return VT_OK;
    }
  char rates[160] = "";
  for (size_t j = 0, used = 0; j < k->n_groups && used + 24 < sizeof rates; j++)
    used += (size_t)snprintf(rates + used, sizeof rates - used, "%s%.6g", j ? ", " : "",
                             k->groups[j].avg.rate);
  return vt_fail(err, VT_EINVAL,
                 "%s is scanned at %.6g K/s: no reference at that rate (they are "
                 "at %s K/s)",
                 s->who, s->rate, rates);
}

/* Prepare the references, sort them into groups of one rate, average and analyse each. */
static int build_groups(work *k, const size_t *refs, size_t n, vt_error *err) {
  k->refs = calloc(n, sizeof *k->refs);
  k->groups = calloc(n, sizeof *k->groups);
  size_t *member = malloc(n * sizeof *member);
  int rc = k->refs && k->groups && member ? VT_OK : vt_fail(err, VT_ENOMEM, "out of memory");
  for (size_t i = 0; !rc && i < n; i++, k->n_refs++)
    rc = vt_cal_scan_prepare(k->set, refs[i], k->use_Ts, k->o, &k->refs[i], err);
  vt_cal_scan *batch = rc ? NULL : malloc(n * sizeof *batch);
  if (!rc && !batch) rc = vt_fail(err, VT_ENOMEM, "out of memory");
  for (size_t i = 0; !rc && i < n; i++) { /* group of reference i: the first one of its rate */
    member[i] = i;
    for (size_t j = 0; k->o->references_by_rate && j < i; j++)
      if (fabs(k->refs[i].rate / k->refs[j].rate - 1.0) <= k->o->max_rate_mismatch) {
        member[i] = member[j];
        break;
      }
  }
  for (size_t i = 0; !rc && i < n; i++) {
    if (k->o->references_by_rate && member[i] != i) continue;
    size_t m = 0;
    for (size_t j = 0; j < n; j++)
      if (!k->o->references_by_rate || member[j] == i) batch[m++] = k->refs[j];
    group *g = &k->groups[k->n_groups++];
    rc = vt_cal_average(batch, m, k->o, &g->avg, err);
    if (!rc) rc = choose_windows(k->o, &g->avg, &g->w, err);
    if (!rc) rc = vt_cal_reference_run(&g->avg, &g->w, k->o, &g->res, &g->tg, err);
    if (!k->o->references_by_rate) break;
  }
  free(batch);
  free(member);
  return rc;
}

static int check_indices(const vt_curve_set *set, const size_t *idx, size_t n, const char *what,
                         vt_error *err) {
  if (n && !idx) return vt_fail(err, VT_EINVAL, "vt_cal_analyse: NULL %s", what);
  for (size_t i = 0; i < n; i++)
    if (idx[i] >= set->n)
      return vt_fail(err, VT_ERANGE, "%s: there is no curve %zu (the set has %zu)", what, idx[i],
                     set->n);
  return VT_OK;
}

static int check_args(const vt_curve_set *set, const size_t *refs, size_t n_refs,
                      const size_t *samples, size_t n_samples, vt_cal_result *out, vt_error *err) {
  if (!set || !out) return vt_fail(err, VT_EINVAL, "vt_cal_analyse: NULL curve set or result");
  if (n_samples == 0 && n_refs == 0) return vt_fail(err, VT_EINVAL, "no curves to analyse");
  int rc = check_indices(set, refs, n_refs, "references", err);
  return rc ? rc : check_indices(set, samples, n_samples, "samples", err);
}

/* Each sample against its reference group (or alone). */
static int run_samples(work *k, const size_t *samples, size_t n, const vt_cal_windows *alone,
                       vt_cal_result *out, vt_error *err) {
  out->curves = calloc(n ? n : 1, sizeof *out->curves);
  if (!out->curves) return vt_fail(err, VT_ENOMEM, "out of memory");
  int rc = VT_OK;
  for (size_t i = 0; !rc && i < n; i++) {
    vt_cal_scan s;
    rc = vt_cal_scan_prepare(k->set, samples[i], k->use_Ts, k->o, &s, err);
    group *g = NULL;
    if (!rc && k->n_groups) rc = group_for(k, &s, &g, err);
    if (!rc)
      rc = vt_cal_curve_run(&s, g ? &g->avg : NULL, g ? &g->res : NULL, g ? &g->w : alone, k->o,
                            &out->curves[i], err);
    if (!rc) out->n++;
    vt_cal_scan_free(&s);
  }
  return rc;
}

int vt_cal_analyse(const vt_curve_set *set, const size_t *references, size_t n_references,
                   const size_t *samples, size_t n_samples, const vt_cal_options *opts,
                   vt_cal_result *out, vt_error *err) {
  if (out) memset(out, 0, sizeof *out);
  int rc = check_args(set, references, n_references, samples, n_samples, out, err);
  if (rc) return rc;
  vt_cal_options o = opts ? *opts : vt_cal_options_default();
  if (o.baseline == VT_CAL_BASELINE_AUTO)
    o.baseline = n_references ? VT_CAL_BASELINE_LINES : VT_CAL_BASELINE_CHORD;
  work k = {set, &o, 0, NULL, 0, NULL, 0};
  size_t *all = malloc((n_references + n_samples) * sizeof *all);
  if (!all) return vt_fail(err, VT_ENOMEM, "out of memory");
  if (n_references) memcpy(all, references, n_references * sizeof *all);
  if (n_samples) memcpy(all + n_references, samples, n_samples * sizeof *all);
  k.use_Ts = vt_cal_use_Ts(set, all, n_references + n_samples, o.axis);
  free(all);
  vt_cal_windows alone = {0};
  if (n_references)
    rc = build_groups(&k, references, n_references, err);
  else if (n_samples) { /* the windows from the first sample */
    vt_cal_scan first;
    rc = vt_cal_scan_prepare(set, samples[0], k.use_Ts, &o, &first, err);
    if (!rc) rc = choose_windows(&o, &first, &alone, err);
    vt_cal_scan_free(&first);
  }
  if (!rc) rc = run_samples(&k, samples, n_samples, &alone, out, err);
  if (!rc) {
    const vt_cal_windows *w = k.n_groups ? &k.groups[0].w : &alone;
    out->axis = k.use_Ts ? VT_CAL_AXIS_TS : VT_CAL_AXIS_TR;
    memcpy(out->glass_K, w->glass_K, sizeof out->glass_K);
    memcpy(out->liquid_K, w->liquid_K, sizeof out->liquid_K);
    if (!w->known) out->glass_K[0] = out->glass_K[1] = out->liquid_K[0] = out->liquid_K[1] = NAN;
    out->windows_automatic = isnan(o.glass_K[0]) && w->known;
    out->n_references = n_references;
    out->tg = (vt_cal_tg){NAN, NAN, NAN, NAN, NAN};
    if (k.n_groups) { /* the result takes over the first group's analysis */
      out->reference = k.groups[0].res;
      memset(&k.groups[0].res, 0, sizeof k.groups[0].res);
      out->tg = k.groups[0].tg;
    }
  }
  work_free(&k);
  if (rc) {
    vt_cal_result_free(out);
    if (err && set->source) { /* every message names the file once, in front */
      vt_error e = *err;
      vt_fail_at(err, e.status, e.line, "%s: %s", set->source, e.message);
    }
  }
  return rc;
}
