/* The options every measured-curve command shares (peaks, tf, kissinger/eyring --curves), turned
 * into vt_cal_options and display units, and the run of the library's calorimetry on a file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal_opts.h"

void cli_cal_help(FILE *fp, int reference_required, int masses) {
  vt_cal_options d = vt_cal_options_default();
  fprintf(fp,
          "  --reference SPEC          the as-cooled (unaged) scan, or several averaged:\n"
          "                            '14', 'seg:5' or 'seg:5,9'%s\n"
          "  --temp Ts|Tr              temperature axis (default Ts, the sample temperature,\n"
          "                            when every curve has it; Tr the program temperature)\n"
          "  --endo down|up            sign of the file (default down: endothermic negative,\n"
          "                            as STARe exports); results are endothermic up\n"
          "  --glass 'T1,T2 C'         window of the glass line (least squares)\n"
          "  --liquid 'T3,T4 C'        window of the liquid line; without both windows they are\n"
          "                            found on the reference: Ti the steepest point of its step\n"
          "                            and W the width of its derivative at half height; glass\n"
          "                            Ti-8W..Ti-2.5W, liquid Ti+5W..Ti+11W (printed)\n"
          "  --baseline lines|linear|chord|none\n"
          "                            lines (default): each sample's glass and liquid lines are\n"
          "                            moved onto the reference's (their difference below the\n"
          "                            glass window, above the liquid window, a straight bridge\n"
          "                            between: drift between scans of one sample); linear: one\n"
          "                            straight line through the difference in both windows;\n"
          "                            chord: the line through the range's end points; none\n"
          "%s"
          "  --range 'T1,T2 C'         analyse only T1 <= T <= T2\n"
          "  --smooth WIDTH            Tp, height, FWHM, onset, end on the difference smoothed\n"
          "                            by local straight lines over +-WIDTH (default %g K;\n"
          "                            areas never are); a peak below %g x the noise has none\n",
          reference_required ? " (required)" : "",
          reference_required ? ""
                             : "                            (kissinger and eyring --curves without "
                               "--reference: chord)\n",
          d.smooth_K, d.noise_factor);
  if (!masses) return;
  fprintf(fp, "  --mass '484 ng'           sample mass: heat flow in W/g, enthalpy in J/g\n"
              "  --melt-enthalpy '19.45 uJ' --specific-melt-enthalpy '40.2 J/g'\n"
              "                            the mass from melting, m = dH_melt / dh_melt\n"
              "  --molar-mass '192.2 g/mol' with a mass: W/mol and J/mol\n"
              "  --per-rate                heat flow divided by the rate: heat capacity units\n");
}

static int take(const char *cmd, int argc, char **argv, int *i, const char *name,
                const char **dst) {
  const char *v;
  int r = cli_option(cmd, argc, argv, i, name, &v);
  if (r > 0) *dst = v;
  return r;
}

int cli_cal_option(const char *cmd, int argc, char **argv, int *i, cli_cal_opts *co, int masses) {
  if (masses && strcmp(argv[*i], "--per-rate") == 0) {
    co->per_rate = 1;
    return 1;
  }
  struct {
    const char *name;
    const char **dst;
  } table[] = {{"--reference", &co->reference},
               {"--temp", &co->temp},
               {"--endo", &co->endo},
               {"--glass", &co->glass},
               {"--liquid", &co->liquid},
               {"--baseline", &co->baseline},
               {"--range", &co->range},
               {"--smooth", &co->smooth},
               {"--mass", &co->mass},
               {"--melt-enthalpy", &co->melt_enthalpy},
               {"--specific-melt-enthalpy", &co->specific_melt},
               {"--molar-mass", &co->molar_mass}};
  size_t n = sizeof table / sizeof table[0] - (masses ? 0 : 4); /* the masses come last */
  for (size_t k = 0; k < n; k++) {
    int r = take(cmd, argc, argv, i, table[k].name, table[k].dst);
    if (r) return r;
  }
  return 0;
}

/* Two temperatures "T1,T2 C", increasing. */
static int temperature_pair(const char *cmd, const char *option, const char *text, double out[2]) {
  double *v;
  int n = cli_quantity_list(cmd, option, text, VT_DIM_TEMPERATURE, &v);
  if (n < 0) return -1;
  int ok = n == 2 && v[0] < v[1];
  if (ok) out[0] = v[0], out[1] = v[1];
  free(v);
  if (!ok)
    cli_error(cmd, "%s '%s': expected two increasing temperatures, e.g. '60,120 C'", option, text);
  return ok ? 0 : -1;
}

static int choice(const char *cmd, const char *option, const char *value, const char *const *names,
                  int *index) {
  if (!value) return 0;
  for (int k = 0; names[k]; k++)
    if (strcmp(value, names[k]) == 0) {
      *index = k;
      return 0;
    }
  char list[128] = "";
  for (int k = 0, used = 0; names[k]; k++)
    used += snprintf(list + used, sizeof list - (size_t)used, "%s'%s'",
                     k ? (names[k + 1] ? ", " : " or ") : "", names[k]);
  cli_error(cmd, "%s '%s': expected %s", option, value, list);
  return -1;
}

/* The sample mass in kg from --mass or the melting enthalpies; 0 without them. */
static int sample_mass(const char *cmd, const cli_cal_opts *o, double *m_kg) {
  *m_kg = 0.0;
  if (o->mass && (o->melt_enthalpy || o->specific_melt)) {
    cli_error(cmd, "give either --mass or --melt-enthalpy with --specific-melt-enthalpy");
    return -1;
  }
  if (!o->melt_enthalpy != !o->specific_melt) {
    cli_error(cmd, "--melt-enthalpy and --specific-melt-enthalpy go together (m = dH / dh)");
    return -1;
  }
  double dH, dh;
  if (o->mass && cli_quantity(cmd, "--mass", o->mass, VT_DIM_MASS, m_kg)) return -1;
  if (o->melt_enthalpy) {
    if (cli_quantity(cmd, "--melt-enthalpy", o->melt_enthalpy, VT_DIM_ENERGY, &dH) ||
        cli_quantity(cmd, "--specific-melt-enthalpy", o->specific_melt, VT_DIM_SPECIFIC_ENERGY,
                     &dh))
      return -1;
    if (!(dH > 0 && dh > 0)) {
      cli_error(cmd, "the melting enthalpies must be positive (got %s and %s)", o->melt_enthalpy,
                o->specific_melt);
      return -1;
    }
    *m_kg = dH / dh;
  }
  if ((o->mass || o->melt_enthalpy) && !(*m_kg > 0)) {
    cli_error(cmd, "the sample mass must be positive (got %g g)", 1e3 * *m_kg);
    return -1;
  }
  return 0;
}

/* The sample's mass and molar mass, then the library's display units (vt_cal_table_units). */
static int units(const char *cmd, const cli_cal_opts *o, cli_cal_settings *s) {
  if (sample_mass(cmd, o, &s->mass_kg)) return -1;
  if (o->molar_mass) {
    if (cli_quantity(cmd, "--molar-mass", o->molar_mass, VT_DIM_MOLAR_MASS, &s->molar_mass))
      return -1;
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
  s->opts = vt_cal_options_default();
  s->opts.baseline = baseline;
  static const char *const axes[] = {"Ts", "Tr", NULL};
  static const char *const endo[] = {"down", "up", NULL};
  static const char *const bases[] = {"lines", "linear", "chord", "none", NULL};
  int axis = -1, up = 0, base = (int)baseline;
  if (choice(cmd, "--temp", o->temp, axes, &axis) || choice(cmd, "--endo", o->endo, endo, &up) ||
      choice(cmd, "--baseline", o->baseline, bases, &base))
    return -1;
  s->opts.axis = axis < 0 ? VT_CAL_AXIS_AUTO : axis == 0 ? VT_CAL_AXIS_TS : VT_CAL_AXIS_TR;
  s->opts.endo_up = up;
  s->opts.baseline = (vt_cal_baseline)base;
  if (!o->glass != !o->liquid) {
    cli_error(cmd, "--glass and --liquid go together (or give neither: found automatically)");
    return -1;
  }
  if ((o->glass && temperature_pair(cmd, "--glass", o->glass, s->opts.glass_K)) ||
      (o->liquid && temperature_pair(cmd, "--liquid", o->liquid, s->opts.liquid_K)) ||
      (o->range && temperature_pair(cmd, "--range", o->range, s->opts.range_K)))
    return -1;
  if (o->glass && !(s->opts.glass_K[1] <= s->opts.liquid_K[0])) {
    cli_error(cmd, "--glass '%s' must end below the start of --liquid '%s'", o->glass, o->liquid);
    return -1;
  }
  if (o->smooth) {
    if (cli_quantity(cmd, "--smooth", o->smooth, VT_DIM_TEMPERATURE_STEP, &s->opts.smooth_K))
      return -1;
    if (!(s->opts.smooth_K >= 0)) {
      cli_error(cmd, "--smooth '%s': expected a width of 0 K or more", o->smooth);
      return -1;
    }
  }
  return units(cmd, o, s);
}

int cli_cal_ages(const char *cmd, const char *text, cli_cal_settings *s) {
  if (!text) return 0;
  int n = cli_quantity_list(cmd, "--ages", text, VT_DIM_TIME, &s->ages_s);
  if (n < 0) return -1;
  s->n_ages = (size_t)n;
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

/* A selection by option (exit status on failure). */
static int select_curves(const char *cmd, const char *option, const vt_curve_set *set,
                         const char *spec, size_t **idx, size_t *n) {
  vt_error err;
  if (!vt_curve_set_select(set, spec, idx, n, &err)) return CLI_OK;
  cli_error(cmd, "%s: %s: %s", option, set->source, err.message);
  return CLI_USAGE;
}

/* 'all' in the method's order (by segment) when every curve has a segment: exports list the
 * segments in either direction, and --ages follow the method. */
static void method_order(cli_cal_run *run) {
  for (size_t i = 0; i < run->n; i++)
    if (run->set.curves[run->idx[i]].segment < 0) return;
  for (size_t i = 1; i < run->n; i++) /* insertion sort: stable, and n is small */
    for (size_t j = i;
         j > 0 && run->set.curves[run->idx[j - 1]].segment > run->set.curves[run->idx[j]].segment;
         j--) {
      size_t t = run->idx[j];
      run->idx[j] = run->idx[j - 1];
      run->idx[j - 1] = t;
    }
}

int cli_cal_load(const char *cmd, const char *file, const cli_cal_opts *o, const char *option,
                 const char *spec, int skip_references, cli_cal_run *run) {
  memset(run, 0, sizeof *run);
  vt_error err;
  if (vt_read_curves(file, &run->set, &err)) {
    cli_error(cmd, "%s", err.message);
    return CLI_FAIL;
  }
  int st = o->reference ? select_curves(cmd, "--reference", &run->set, o->reference, &run->refs,
                                        &run->n_refs)
                        : CLI_OK;
  if (!st) st = select_curves(cmd, option, &run->set, spec ? spec : "all", &run->idx, &run->n);
  if (!st && (!spec || strcmp(spec, "all") == 0)) method_order(run);
  if (!st) {
    size_t j = 0;
    for (size_t i = 0; i < run->n; i++) {
      int is_ref = cli_cal_is_reference(run, run->idx[i]);
      if (!(skip_references && is_ref)) run->idx[j++] = run->idx[i];
    }
    run->n = j;
    if (run->n == 0) {
      cli_error(cmd, "%s '%s' selects only the reference: nothing to analyse", option,
                spec ? spec : "all");
      st = CLI_USAGE;
    }
  }
  if (st) cli_cal_run_free(run);
  return st;
}

int cli_cal_is_reference(const cli_cal_run *run, size_t index) {
  for (size_t k = 0; k < run->n_refs; k++)
    if (run->refs[k] == index) return 1;
  return 0;
}

int cli_cal_run_file(const char *cmd, const cli_cal_opts *co, const char *ages, const char *file,
                     const char *curves, int skip_references, cli_cal_settings *s,
                     cli_cal_run *run) {
  memset(run, 0, sizeof *run);
  if (cli_cal_settle(cmd, co, VT_CAL_BASELINE_LINES, s) || cli_cal_ages(cmd, ages, s))
    return CLI_USAGE;
  int st = cli_cal_load(cmd, file, co, "--curves", curves, skip_references, run);
  if (!st && cli_cal_check_ages(cmd, s, run)) st = CLI_USAGE;
  return st ? st : cli_cal_analyse(cmd, s, run);
}

vt_cal_table_opts cli_cal_table(const cli_cal_settings *s, const cli_cal_run *run) {
  vt_cal_table_opts t = s->table;
  t.references = run->refs, t.n_references = run->n_refs;
  t.ages_s = s->ages_s, t.n_ages = s->n_ages;
  return t;
}

void cli_cal_print_references(const cli_cal_run *run) {
  if (run->n_refs == 1)
    fprintf(stderr, "curve %zu (segment %d)", run->refs[0], run->set.curves[run->refs[0]].segment);
  else
    fprintf(stderr, "the average of %zu references", run->n_refs);
}

int cli_cal_analyse(const char *cmd, const cli_cal_settings *s, cli_cal_run *run) {
  vt_error err;
  if (vt_cal_analyse(&run->set, run->refs, run->n_refs, run->idx, run->n, &s->opts, &run->result,
                     &err) == VT_OK)
    return CLI_OK;
  cli_error(cmd, "%s", err.message);
  return CLI_FAIL;
}

void cli_cal_run_free(cli_cal_run *run) {
  vt_cal_result_free(&run->result);
  vt_curve_set_free(&run->set);
  free(run->refs);
  free(run->idx);
  memset(run, 0, sizeof *run);
}

int cli_cal_check_ages(const char *cmd, const cli_cal_settings *s, const cli_cal_run *run) {
  if (!s->n_ages) return 0;
  size_t samples = 0;
  for (size_t i = 0; i < run->n; i++) samples += !cli_cal_is_reference(run, run->idx[i]);
  if (samples == s->n_ages) return 0;
  cli_error(cmd,
            "--ages has %zu time%s but %zu aged curve%s are analysed (the references excepted): "
            "one age per curve, in the order the curves are selected",
            s->n_ages, s->n_ages == 1 ? "" : "s", samples, samples == 1 ? "" : "s");
  return -1;
}

void cli_cal_palette(size_t k, size_t n, char rgb[8]) {
  /* viridis, sampled at five points and interpolated: sequential, readable in grey */
  static const double stops[5][3] = {
      {68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
  double f = n > 1 ? 0.9 * (double)k / (double)(n - 1) : 0.0, x = 4.0 * f;
  int j = (int)x < 4 ? (int)x : 3;
  double u = x - j;
  int c[3];
  for (int m = 0; m < 3; m++) c[m] = (int)lround(stops[j][m] + u * (stops[j + 1][m] - stops[j][m]));
  snprintf(rgb, 8, "#%02x%02x%02x", c[0], c[1], c[2]);
}

const char *cli_base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}
