/* vitrum fit's data: enthalpy-recovery tables (--dh), Cp_N curves with their programs (--curve),
 * or heating scans straight from the instrument (--scans) with their histories, each value
 * remembered with the file line it came from. */
#include "cmd.h"
#include "cmd_fit.h"

#define CMD FIT_CMD

void fit_input_free(fit_input *in) {
  for (size_t c = 0; in->curve_lines && c < in->data.n_curves; c++) free(in->curve_lines[c]);
  free(in->curve_lines);
  free(in->dh_file);
  vt_fit_data_free(&in->data);
  vt_cal_run_free(&in->run);
  cli_cal_settings_free(&in->cs);
}

static int load_dh(fit_input *in, const char *path, double molar_mass) {
  vt_error err;
  size_t before = in->data.n_dh;
  if (vt_read_dh_table_mass(path, molar_mass, &in->data, &err))
    return cli_error(CMD, "%s", err.message), -1;
  const char **files = realloc(in->dh_file, (in->data.n_dh + 1) * sizeof *files);
  if (!files) return cli_error(CMD, "out of memory"), -1;
  in->dh_file = files;
  for (size_t i = before; i < in->data.n_dh; i++) files[i] = path;
  return 0;
}

static int load_curve(fit_input *in, const char *spec) {
  const char *colon = strrchr(spec, ':');
  if (!colon || colon == spec || !colon[1])
    return cli_error(CMD, "--curve '%s': expected DATA.csv:PROGRAM.prog", spec), -2;
  char *csv = malloc((size_t)(colon - spec) + 1);
  if (!csv) return cli_error(CMD, "out of memory"), -1;
  snprintf(csv, (size_t)(colon - spec) + 1, "%s", spec);
  long **lines = realloc(in->curve_lines, (in->data.n_curves + 1) * sizeof *lines);
  vt_error err;
  int rc = lines ? 0 : (cli_error(CMD, "out of memory"), -1);
  if (lines) in->curve_lines = lines;
  if (!rc && vt_read_cpn_curve(csv, colon + 1, &in->data, &lines[in->data.n_curves], &err))
    rc = (cli_error(CMD, "%s", err.message), -1);
  free(csv);
  return rc;
}

static int load_files(const fit_opts *o, fit_input *in) {
  for (size_t k = 0; k < o->n_dh_files; k++)
    if (load_dh(in, o->dh_files[k], o->molar_mass)) return -1;
  for (size_t k = 0; k < o->n_curve_specs; k++) {
    int rc = load_curve(in, o->curve_specs[k]);
    if (rc) return rc;
  }
  vt_error err;
  int mix;
  if (vt_fit_data_check(&in->data, &o->fit, in->dh_file, &mix, &err))
    return cli_error(CMD, "%s", err.message), -1;
  if (mix)
    fprintf(stderr,
            "vitrum fit: WARNING: dh (J/mol) and Cp_N residuals are summed unweighted, so the "
            "curves barely count: give both a sigma column\n");
  return 0;
}

/* ---- straight from the instrument (--scans) -------------------------------------------------- */

/* The scan options from the DSC group (NaN: not given, taken from the data). */
static vt_scan_fit_options scan_options(const fit_opts *o) {
  vt_scan_fit_options so = o->scan;
  const vt_dsc_options *d = &o->fit.dsc;
  so.T_eq_K = isnan(d->T_eq_K) ? 0.0 : d->T_eq_K;
  so.T_low_K = isnan(d->T_low_K) ? 0.0 : d->T_low_K;
  so.cool_rate_K_per_s = isnan(d->cool_rate_K_per_s) ? 0.0 : d->cool_rate_K_per_s;
  return so;
}

/* The export read and analysed as vitrum tf does; exit status. */
static int analyse_export(fit_opts *o, fit_input *in) {
  if (cli_cal_settle(CMD, &o->cal, VT_CAL_BASELINE_LINES, &in->cs) ||
      cli_cal_ages(CMD, o->ages, &in->cs))
    return CLI_USAGE;
  int st = cli_cal_load(CMD, o->scans, &o->cal, "--select", o->select, 0, &in->cs, &in->run);
  if (st) return st;
  if (o->n_programs && o->n_programs != in->run.n_samples)
    return cli_error(CMD,
                     "%zu --program files for %zu selected scans (references included): one per "
                     "scan, in selection order",
                     o->n_programs, in->run.n_samples),
           CLI_USAGE;
  return cli_cal_analyse(CMD, &in->cs, &in->run);
}

/* Each scan's history (its --program, or its age) made into Cp_N curves with their lines in
 * the export (vt_fit_scans_prepare); the fitter's quench on their temperatures. */
static int load_scans(fit_opts *o, fit_input *in) {
  int st = analyse_export(o, in);
  if (st) return st == CLI_USAGE ? -2 : -1;
  vt_program **progs = calloc(in->run.n_samples, sizeof *progs);
  if (!progs) return cli_error(CMD, "out of memory"), -1;
  vt_error err;
  int rc = 0;
  for (size_t i = 0; !rc && i < o->n_programs; i++)
    if (!(progs[i] = vt_program_read(o->programs[i], &err)))
      rc = (cli_error(CMD, "--program: %s", err.message), -1);
  const vt_scan_fit_options so = scan_options(o);
  vt_fit_scans sc;
  if (!rc && vt_fit_scans_prepare(&in->run, in->cs.ages_s, in->cs.n_ages,
                                  o->n_programs ? (const vt_program *const *)progs : NULL,
                                  o->n_programs, &so, &o->fit.dsc, &sc, &err))
    rc = (cli_error(CMD, "%s", err.message), -1);
  if (!rc) /* taken over: freed with fit_input_free, as the --curve files' are */
    in->data = sc.data, in->curve_lines = sc.lines;
  for (size_t i = 0; i < o->n_programs; i++) vt_program_free(progs[i]);
  free(progs);
  return rc;
}

int fit_load(fit_opts *o, fit_input *in) {
  return o->scans ? load_scans(o, in) : load_files(o, in);
}
