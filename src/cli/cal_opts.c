/* The options every measured-curve command shares (peaks, tf, kissinger/eyring --curves), turned
 * into vt_cal_options and display units, and the run of the library's calorimetry on a file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal_opts.h"

void cli_cal_defaults(cli_cal_opts *co) {
  memset(co, 0, sizeof *co);
  co->cal = vt_cal_options_default();
  co->cal.baseline = VT_CAL_BASELINE_AUTO;
  co->mass_kg = co->melt_J = co->specific_melt_J_per_kg = co->molar_mass = NAN;
}

const char *cli_cal_given_name(const cli_cal_opts *co) {
  return co->given[0] ? co->given : NULL;
}

/* The sample mass in kg from --mass or the melting enthalpies (positive by the table); 0
 * without them. The library's checks, in the options' words. */
static int sample_mass(const char *cmd, const cli_cal_opts *o, double *m_kg) {
  vt_error err;
  if (!vt_cal_sample_mass(o->mass_kg, o->melt_J, o->specific_melt_J_per_kg, m_kg, &err)) return 0;
  if (err.status != VT_EINVAL) /* "the sample mass must be positive (got -5e-09 g)" */
    cli_error(cmd, "%s", err.message);
  else if (!isnan(o->mass_kg))
    cli_error(cmd, "give either --mass or --melt-enthalpy with --specific-melt-enthalpy");
  else
    cli_error(cmd, "--melt-enthalpy and --specific-melt-enthalpy go together (m = dH / dh)");
  return -1;
}

/* The sample's mass and molar mass, then the library's display units (vt_cal_table_units). */
static int units(const char *cmd, const cli_cal_opts *o, cli_cal_settings *s) {
  if (sample_mass(cmd, o, &s->mass_kg)) return -1;
  if (!isnan(o->molar_mass)) {
    s->molar_mass = o->molar_mass;
    if (!(s->molar_mass > 0) || !(s->mass_kg > 0)) {
      cli_error(cmd, "--molar-mass needs a positive value and the sample mass (--mass)");
      return -1;
    }
  }
  s->table = vt_cal_table_opts_default();
  vt_cal_table_units(s->mass_kg, s->molar_mass, o->per_rate, &s->table, NULL); /* checked above */
  return 0;
}

int cli_cal_settle(const char *cmd, const cli_cal_opts *o, vt_cal_baseline baseline,
                   cli_cal_settings *s) {
  memset(s, 0, sizeof *s);
  s->opts = o->cal;
  if (s->opts.baseline == VT_CAL_BASELINE_AUTO) s->opts.baseline = baseline;
  const double *g = o->cal.glass_K, *l = o->cal.liquid_K;
  if (isnan(g[0]) != isnan(l[0])) {
    cli_error(cmd, "--glass and --liquid go together (or give neither: found automatically)");
    return -1;
  }
  if (!(isnan(g[0]) || g[1] <= l[0])) {
    const double C = 273.15;
    cli_error(cmd, "--glass '%g,%g C' must end below the start of --liquid '%g,%g C'", g[0] - C,
              g[1] - C, l[0] - C, l[1] - C);
    return -1;
  }
  return units(cmd, o, s);
}

int cli_cal_ages(const char *cmd, const char *text, cli_cal_settings *s) {
  vt_error err;
  if (!text) return 0;
  if (vt_parse_quantity_list(text, VT_DIM_TIME, &s->ages_s, &s->n_ages, &err))
    return cli_error(cmd, "--ages: %s", err.message), -1;
  for (size_t k = 0; k < s->n_ages; k++)
    if (!(s->ages_s[k] > 0)) {
      cli_error(cmd, "--ages: item %zu is %g s: ageing times must be positive", k + 1,
                s->ages_s[k]);
      return -1;
    }
  return 0;
}

void cli_cal_settings_free(cli_cal_settings *s) {
  free(s->ages_s);
  s->ages_s = NULL;
}

/* A bad file exits 1, a bad selection 2: the stages apart. */
int cli_cal_load(const char *cmd, const char *file, const cli_cal_opts *o, const char *option,
                 const char *spec, int skip_references, const cli_cal_settings *s,
                 vt_cal_run *run) {
  vt_cal_selection sel = {.references = o->reference,
                          .samples = spec,
                          .skip_references = skip_references,
                          .ages_s = s->ages_s,
                          .n_ages = s->n_ages,
                          .references_name = "--reference",
                          .samples_name = option,
                          .ages_name = "--ages"};
  vt_error err;
  int st = vt_cal_run_read(file, run, &err)     ? CLI_FAIL
           : vt_cal_run_select(run, &sel, &err) ? CLI_USAGE
                                                : CLI_OK;
  if (st) {
    cli_error(cmd, "%s", err.message);
    vt_cal_run_free(run);
  }
  return st;
}

int cli_cal_run_file(const char *cmd, const cli_cal_opts *co, const char *ages, const char *file,
                     const char *curves, int skip_references, cli_cal_settings *s,
                     vt_cal_run *run) {
  memset(run, 0, sizeof *run);
  if (cli_cal_settle(cmd, co, VT_CAL_BASELINE_LINES, s) || cli_cal_ages(cmd, ages, s))
    return CLI_USAGE;
  int st = cli_cal_load(cmd, file, co, "--curves", curves, skip_references, s, run);
  return st ? st : cli_cal_analyse(cmd, s, run);
}

vt_cal_table_opts cli_cal_table(const cli_cal_settings *s, const vt_cal_run *run) {
  vt_cal_table_opts t = s->table;
  t.references = run->references, t.n_references = run->n_references;
  t.ages_s = s->ages_s, t.n_ages = s->n_ages;
  return t;
}

void cli_cal_print_references(const vt_cal_run *run) {
  if (run->n_references == 1)
    fprintf(stderr, "curve %zu (segment %d)", run->references[0],
            run->set.curves[run->references[0]].segment);
  else
    fprintf(stderr, "the average of %zu references", run->n_references);
}

int cli_cal_analyse(const char *cmd, const cli_cal_settings *s, vt_cal_run *run) {
  vt_error err;
  if (vt_cal_run_analyse(run, &s->opts, &err) == VT_OK) return CLI_OK;
  cli_error(cmd, "%s", err.message);
  return CLI_FAIL;
}

const char *cli_base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}
