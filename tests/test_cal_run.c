/* A calorimetry run on a file (vt_cal_run_*, calorimetry.h) and the fit data prepared from it
 * (vt_fit_scans_prepare, fit.h):
 * - 'all' takes the method's order, by segment and stably, when every curve has a segment (the
 *   small export lists segments 9, 7, 5), else file order; a list keeps its own order;
 * - references are dropped from the samples when asked, and samples that are all references,
 *   a count of ages that is not the aged scans', a bad spec and an unreadable file are errors
 *   naming what was expected (the selection's name, the file), the run keeping its stage;
 * - the run's analysis is vt_cal_analyse of its selection, bit for bit, and its points for the
 *   rate fits are its curves' rates and Tp (an unresolved peak named, nothing left);
 * - the sample mass from melting enthalpies is dH / dh exactly, with its errors;
 * - vt_fit_scans_prepare gives, bit for bit, the data, lines and quench of the calls it stands
 *   for (the pipeline vitrum fit --scans ran before it), on the real PET export when present. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "vitrum/vitrum.h"

#define SMALL VT_TEST_DATA_DIR "/mettler_small.txt"
#define PET   VT_SHARED_DATA_DIR "/mettler-flash-dsc/PET_aging_60C_0.01-100s.txt"

static int same_indices(const size_t *got, size_t n, const size_t *want, size_t n_want) {
  if (n != n_want) return 0;
  for (size_t i = 0; i < n; i++)
    if (got[i] != want[i]) return 0;
  return 1;
}

static void test_order(void) {
  vt_cal_run run;
  vt_error err;
  CHECK(vt_cal_run_read(SMALL, &run, &err) == 0, "%s", err.message);
  CHECK(run.set.n == 3 && run.set.curves[0].segment == 9 && run.set.curves[2].segment == 5,
        "the small export: 3 curves, segments 9, 7, 5 in file order");
  vt_cal_selection sel = vt_cal_selection_default();
  CHECK(vt_cal_run_select(&run, &sel, &err) == 0, "%s", err.message);
  CHECK(same_indices(run.samples, run.n_samples, (size_t[]){2, 1, 0}, 3) && !run.n_references,
        "'all' by segment: got %zu samples", run.n_samples);
  sel.samples = "0,2,1"; /* a list: its own order */
  CHECK(vt_cal_run_select(&run, &sel, &err) == 0, "%s", err.message);
  CHECK(same_indices(run.samples, run.n_samples, (size_t[]){0, 2, 1}, 3), "a list's order");
  sel.samples = NULL, sel.references = "seg:9", sel.skip_references = 1;
  CHECK(vt_cal_run_select(&run, &sel, &err) == 0, "%s", err.message);
  CHECK(same_indices(run.references, run.n_references, (size_t[]){0}, 1) &&
            same_indices(run.samples, run.n_samples, (size_t[]){2, 1}, 2),
        "the reference dropped: %zu samples", run.n_samples);
  sel.skip_references = 0; /* kept: the reference is the method's first scan here */
  CHECK(vt_cal_run_select(&run, &sel, &err) == 0, "%s", err.message);
  CHECK(same_indices(run.samples, run.n_samples, (size_t[]){2, 1, 0}, 3), "the reference kept");
  vt_cal_run_free(&run);
  CHECK(!run.set.n && !run.samples && !run.references, "freed and zeroed");
  vt_cal_run_free(&run); /* a zeroed run */

  /* made by hand: segments 3, 1, 3, 2 sort stably to 1, 2, 3 (index 0), 3 (index 2) */
  memset(&run, 0, sizeof run);
  run.set.n = 4;
  run.set.curves = calloc(4, sizeof *run.set.curves);
  int seg[4] = {3, 1, 3, 2};
  for (size_t i = 0; i < 4; i++) run.set.curves[i].segment = seg[i];
  sel = vt_cal_selection_default();
  CHECK(vt_cal_run_select(&run, &sel, &err) == 0, "%s", err.message);
  CHECK(same_indices(run.samples, run.n_samples, (size_t[]){1, 3, 0, 2}, 4),
        "stable by segment: %zu %zu %zu %zu", run.samples[0], run.samples[1], run.samples[2],
        run.samples[3]);
  run.set.curves[3].segment = -1; /* one curve without a segment: file order */
  CHECK(vt_cal_run_select(&run, &sel, &err) == 0, "%s", err.message);
  CHECK(same_indices(run.samples, run.n_samples, (size_t[]){0, 1, 2, 3}, 4), "file order");
  vt_cal_run_free(&run);
}

static void test_errors(void) {
  vt_cal_run run;
  vt_error err;
  CHECK(vt_cal_run_read(SMALL, &run, &err) == 0, "%s", err.message);
  vt_cal_selection sel = vt_cal_selection_default();
  sel.references = "seg:9", sel.samples = "seg:9", sel.skip_references = 1;
  CHECK(vt_cal_run_select(&run, &sel, &err) == VT_EINVAL, "references alone accepted");
  CHECK_CONTAINS(err.message, "samples 'seg:9' selects only the reference: nothing to analyse");
  CHECK(run.set.n == 3 && !run.samples && !run.references && !run.n_samples,
        "after an error the run holds its set only");
  sel.samples_name = "--curves"; /* a command line's words */
  CHECK(vt_cal_run_select(&run, &sel, &err) == VT_EINVAL, "references alone accepted");
  CHECK_CONTAINS(err.message, "--curves 'seg:9' selects only the reference");

  double ages[3] = {1, 10, 100};
  sel = vt_cal_selection_default();
  sel.references = "seg:9", sel.ages_s = ages, sel.n_ages = 3;
  CHECK(vt_cal_run_select(&run, &sel, &err) == VT_EINVAL, "3 ages for 2 aged scans accepted");
  CHECK_CONTAINS(err.message, "ages has 3 times but 2 aged curves are analysed (the references "
                              "excepted): one age per curve, in the order the curves are selected");
  sel.n_ages = 2;
  CHECK(vt_cal_run_select(&run, &sel, &err) == 0, "2 ages for 2 aged scans: %s", err.message);
  sel.n_ages = 1, sel.ages_name = "--ages";
  CHECK(vt_cal_run_select(&run, &sel, &err) == VT_EINVAL, "1 age for 2 aged scans accepted");
  CHECK_CONTAINS(err.message, "--ages has 1 time but 2 aged curves");

  sel = vt_cal_selection_default();
  sel.references = "seg:99";
  CHECK(vt_cal_run_select(&run, &sel, &err) != 0, "segment 99 accepted");
  CHECK_CONTAINS(err.message, "references: " SMALL ": curve selection 'seg:99'");
  CHECK_CONTAINS(err.message, "the file's segments: 9, 7, 5");
  sel.references = NULL, sel.samples = "7", sel.samples_name = "--select";
  CHECK(vt_cal_run_select(&run, &sel, &err) != 0, "index 7 of 3 accepted");
  CHECK_CONTAINS(err.message, "--select: " SMALL ": ");
  vt_cal_run_free(&run);

  vt_cal_options o = vt_cal_options_default();
  CHECK(vt_cal_run_file(VT_TEST_DATA_DIR "/no_such_export.txt", &sel, &o, &run, &err) == VT_EIO,
        "a missing file: status %d", err.status);
  CHECK_CONTAINS(err.message, "no_such_export.txt");
  CHECK(!run.set.n && !run.set.source && !run.samples, "nothing held after an error");
  memset(&run, 0, sizeof run);
  CHECK(vt_cal_run_analyse(&run, &o, &err) == VT_EINVAL, "nothing selected, analysed");
}

/* The run's analysis is vt_cal_analyse of its selection. */
static void test_analyse(void) {
  vt_cal_run run;
  vt_error err;
  vt_cal_selection sel = vt_cal_selection_default();
  sel.references = "seg:9", sel.skip_references = 1;
  vt_cal_options o = vt_cal_options_default();
  o.axis = VT_CAL_AXIS_TR, o.baseline = VT_CAL_BASELINE_NONE; /* as the CLI's peaks suite */
  int rc = vt_cal_run_file(SMALL, &sel, &o, &run, &err);
  CHECK(rc == 0, "%s", err.message);
  if (rc) return;
  vt_cal_result direct;
  size_t refs[1] = {0}, samples[2] = {2, 1};
  CHECK(vt_cal_analyse(&run.set, refs, 1, samples, 2, &o, &direct, &err) == 0, "%s", err.message);
  CHECK(run.result.n == 2 && direct.n == 2, "two samples");
  for (size_t i = 0; i < 2 && i < run.result.n && i < direct.n; i++) {
    const vt_cal_curve *a = &run.result.curves[i], *b = &direct.curves[i];
    CHECK(a->index == b->index && memcmp(&a->Tf_K, &b->Tf_K, sizeof a->Tf_K) == 0 &&
              memcmp(&a->dH_area_J, &b->dH_area_J, sizeof a->dH_area_J) == 0 &&
              memcmp(&a->peak_area_J, &b->peak_area_J, sizeof a->peak_area_J) == 0 &&
              a->n == b->n && !memcmp(a->difference_W, b->difference_W, a->n * sizeof(double)),
          "curve %zu: the run's analysis differs from vt_cal_analyse's", i);
  }
  CHECK(run.result.curves[0].segment == 5 && run.result.curves[1].segment == 7,
        "analysed in the method's order");
  /* the run's points for the rate fits: each curve's rate, Tp and index, in analysis order;
   * a curve without a resolved peak is named and leaves nothing */
  vt_rate_peaks p;
  CHECK(vt_cal_run_rate_peaks(&run, &p, &err) == VT_OK, "rate peaks: %s", err.message);
  CHECK(p.n == run.result.n, "one point per curve");
  for (size_t i = 0; i < p.n && i < run.result.n; i++)
    CHECK(p.rate_K_per_s[i] == run.result.curves[i].rate_K_per_s &&
              p.Tp_K[i] == run.result.curves[i].peak.x_peak &&
              p.line[i] == (long)run.result.curves[i].index && isfinite(p.Tp_K[i]),
          "point %zu is curve %zu's rate and Tp", i, run.result.curves[i].index);
  vt_rate_peaks_free(&p);
  if (run.result.n == 2) {
    run.result.curves[1].resolved = 0;
    CHECK(vt_cal_run_rate_peaks(&run, &p, &err) == VT_ERANGE &&
              strstr(err.message, "curve 1 (") == err.message &&
              strstr(err.message, "no peak resolved") && p.n == 0 && !p.Tp_K,
          "unresolved curve named: %s", err.message);
    /* the message gives the curve's own noise (W in the struct, mW in the text); without
     * windows there is no noise and only "not positive" is said */
    run.result.curves[1].noise_W = 2.5e-6;
    CHECK(vt_cal_run_rate_peaks(&run, &p, &err) == VT_ERANGE &&
              strstr(err.message, "below noise_factor, 3 by default, times the noise, 0.0025 mW "
                                  "rms)"),
          "the noise in mW: %s", err.message);
    run.result.curves[1].noise_W = NAN;
    CHECK(vt_cal_run_rate_peaks(&run, &p, &err) == VT_ERANGE &&
              strstr(err.message, "(the largest difference is not positive)") &&
              !strstr(err.message, "nan"),
          "unresolved without a noise: %s", err.message);
  }
  vt_cal_result_free(&direct);
  vt_cal_run_free(&run);
}

static void test_sample_mass(void) {
  vt_error err;
  double m = -1;
  double dH = 20.1e-6, dh = 40.2e3; /* J, J/kg */
  CHECK(vt_cal_sample_mass(NAN, dH, dh, &m, &err) == 0 && m == dH / dh,
        "m = dH / dh exactly: got %.17g", m);
  CHECK(vt_cal_sample_mass(484e-12, NAN, NAN, &m, &err) == 0 && m == 484e-12, "weighed: %g", m);
  CHECK(vt_cal_sample_mass(NAN, NAN, NAN, &m, &err) == 0 && m == 0, "none: 0, got %g", m);
  m = 1;
  CHECK(vt_cal_sample_mass(5e-12, dH, dh, &m, &err) == VT_EINVAL && m == 0, "both ways taken");
  CHECK_CONTAINS(err.message, "given twice");
  CHECK(vt_cal_sample_mass(NAN, dH, NAN, &m, &err) == VT_EINVAL, "dH alone taken");
  CHECK_CONTAINS(err.message, "go together (m = dH / dh)");
  CHECK(vt_cal_sample_mass(NAN, NAN, dh, &m, &err) == VT_EINVAL, "dh alone taken");
  CHECK(vt_cal_sample_mass(-5e-12, NAN, NAN, &m, &err) == VT_ERANGE, "a negative mass taken");
  CHECK_CONTAINS(err.message, "the sample mass must be positive (got -5e-09 g)");
  CHECK(vt_cal_sample_mass(NAN, dH, 0.0, &m, &err) == VT_ERANGE, "an infinite mass taken");
  CHECK(vt_cal_sample_mass(NAN, NAN, NAN, NULL, &err) == VT_EINVAL, "NULL result");
}

static int same_doubles(const double *a, const double *b, size_t n) {
  if (!a || !b) return a == b;
  return memcmp(a, b, n * sizeof *a) == 0;
}

static int same_double(double a, double b) {
  return memcmp(&a, &b, sizeof a) == 0;
}

/* Segment by segment, every number bit for bit. */
static int same_program(const vt_program *a, const vt_program *b) {
  size_t n = vt_program_segment_count(a);
  if (n != vt_program_segment_count(b) ||
      !same_double(vt_program_start_K(a), vt_program_start_K(b)))
    return 0;
  for (size_t k = 0; k < n; k++) {
    const vt_segment *x = vt_program_segment(a, k), *y = vt_program_segment(b, k);
    if (x->kind != y->kind || !same_double(x->target_K, y->target_K) ||
        !same_double(x->rate_K_per_s, y->rate_K_per_s) ||
        !same_double(x->duration_s, y->duration_s))
      return 0;
  }
  return 1;
}

/* vt_fit_scans_prepare against the calls it stands for, bit for bit. */
static void check_prepare(const vt_cal_run *run, const double *ages, size_t n_ages,
                          const vt_scan_fit_options *so) {
  vt_error err;
  vt_dsc_options d1 = vt_dsc_options_default(), d2 = d1;
  vt_fit_scans sc;
  int rc = vt_fit_scans_prepare(run, ages, n_ages, NULL, 0, so, &d1, &sc, &err);
  CHECK(rc == 0, "%s", err.message);
  size_t n = run->result.n;
  vt_scan_history *h = calloc(n, sizeof *h);
  long **lines = calloc(n, sizeof *lines);
  vt_fit_data data = {0};
  int rc2 = vt_fit_scans_histories(&run->result, run->references, run->n_references, ages, n_ages,
                                   NULL, h, &err);
  if (!rc2) rc2 = vt_fit_data_from_scans(&run->result, h, n, so, &data, &err);
  if (!rc2) rc2 = vt_fit_scans_source_lines(&data, &run->result, &run->set, lines, &err);
  if (!rc2) rc2 = vt_fit_scans_quench(&data, &run->result, so, &d2, &err);
  CHECK(rc2 == 0, "the pieces: %s", err.message);
  if (!rc && !rc2) {
    CHECK(sc.data.n_curves == n && data.n_curves == n && sc.data.n_dh == 0, "one curve a scan");
    for (size_t c = 0; c < n && c < sc.data.n_curves; c++) {
      const vt_cpn_curve *a = &sc.data.curves[c], *b = &data.curves[c];
      CHECK(a->n == b->n && !strcmp(a->name, b->name) && same_doubles(a->T_K, b->T_K, a->n) &&
                same_doubles(a->CpN, b->CpN, a->n) && same_doubles(a->sigma, b->sigma, a->n) &&
                !memcmp(sc.lines[c], lines[c], a->n * sizeof(long)),
            "curve %zu (%s) differs", c, a->name);
      CHECK(same_program(a->program, b->program), "curve %zu: the history differs", c);
    }
    CHECK(same_double(d1.T_eq_K, d2.T_eq_K) && same_double(d1.T_low_K, d2.T_low_K) &&
              same_double(d1.cool_rate_K_per_s, d2.cool_rate_K_per_s),
          "the quench differs: T_eq %g %g, T_low %g %g, R_c %g %g", d1.T_eq_K, d2.T_eq_K,
          d1.T_low_K, d2.T_low_K, d1.cool_rate_K_per_s, d2.cool_rate_K_per_s);
  }
  for (size_t c = 0; c < n; c++) free(lines[c]);
  free(lines);
  free(h);
  vt_fit_data_free(&data);
  vt_fit_scans_free(&sc);
}

static void test_prepare(void) {
  vt_cal_run run;
  vt_error err;
  vt_cal_selection sel = vt_cal_selection_default();
  sel.references = "seg:5,9", sel.samples = "seg:5,9,27,45,63,87";
  vt_cal_options o = vt_cal_options_default();
  FILE *f = fopen(PET, "r");
  if (!f) {
    printf("SKIP the PET export (%s absent)\n", PET);
  } else {
    fclose(f);
    int rc = vt_cal_run_file(PET, &sel, &o, &run, &err);
    CHECK(rc == 0, "%s", err.message);
    double ages[4] = {0.05, 0.5, 5, 100};
    vt_scan_fit_options so = vt_scan_fit_options_default();
    so.T_age_K = 333.15, so.max_points = 60;
    if (!rc) check_prepare(&run, ages, 4, &so);
    so.weighted = 1, so.max_points = 0, so.T_eq_K = 500, so.cool_rate_K_per_s = 2000;
    if (!rc) check_prepare(&run, ages, 4, &so);

    /* errors: the count of programs, the ages' (named with the export) */
    vt_fit_scans sc;
    const vt_program *progs[1] = {NULL};
    CHECK(vt_fit_scans_prepare(&run, NULL, 0, progs, 1, &so, NULL, &sc, &err) == VT_EINVAL,
          "1 program for 6 scans accepted");
    CHECK_CONTAINS(err.message, "1 programs for 6 selected scans (references included)");
    CHECK(vt_fit_scans_prepare(&run, ages, 3, NULL, 0, &so, NULL, &sc, &err) == VT_EINVAL,
          "3 ages for 4 aged scans accepted");
    CHECK_CONTAINS(err.message, PET ": 3 ageing times for 4 aged curves");
    CHECK(!sc.data.n_curves && !sc.lines, "nothing held after an error");
    vt_cal_run_free(&run);
  }
  memset(&run, 0, sizeof run);
  vt_fit_scans sc;
  vt_scan_fit_options so = vt_scan_fit_options_default();
  CHECK(vt_fit_scans_prepare(&run, NULL, 0, NULL, 0, &so, NULL, &sc, &err) == VT_EINVAL,
        "a run not analysed accepted");
  vt_fit_scans_free(&sc);
  vt_fit_scans_free(NULL);
}

int main(void) {
  test_order();
  test_errors();
  test_analyse();
  test_sample_mass();
  test_prepare();
  TEST_MAIN_END();
}
