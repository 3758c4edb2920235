/* vitrum pel: the energy-landscape model (paper 003 Eq. 1) over a thermal program, E_IS(t) and
 * the energy flow dE_IS/dt; or the Fig. 4c sweep (cool at several rates, heat at one) with the
 * exothermic peak of every heating scan. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vitrum/pel.h"

#define CMD "pel"
#define EV  VT_EV_J_PER_MOL

/* Shared with cmd_pel_map.c and cmd_agemap.c (cli.h is common to every command): the pel model
 * with the parameters of `mo`, a spectra table (NULL: the Gaussians) and a step tolerance (NULL:
 * the default). NULL after an error (printed), *status CLI_USAGE for a bad parameter, CLI_FAIL
 * for a table file that cannot be used. */
vt_model *cli_pel_model(const char *cmd, cli_model_opts *mo, const char *table, const char *tol,
                        int *status);

typedef struct pel_opts {
  const char *program, *output, *plot, *table, *tol;
  double *rates, *at_time, *at_T;
  size_t n_rates;
  double T_start, T_low, heat_rate, T_end;
  int quiet;
  cli_model_opts model;
  vt_grid_options grid;
} pel_opts;

static void help(void) {
  printf(
      "usage: vitrum pel --program FILE [options]\n"
      "       vitrum pel --cool-rates LIST [--T-start T] [--T-low T] [--heat-rate R] [options]\n"
      "\n"
      "The energy-landscape model of paper 003: E_IS, the inherent-structure energy per atom,\n"
      "evolves as dE_IS/dt = nu exp(-<E_A>/kT) (<E_A> - <E_R>) (Eq. 1), <E_A> the Boltzmann-\n"
      "weighted mean barrier and <E_R> the mean relaxation energy of a hop (Eq. 2). A hop changes\n"
      "E_IS by E_A - E_R: the glass ages (E_IS falls, exothermic) where <E_A> < <E_R> and\n"
      "rejuvenates where <E_A> > <E_R>.\n"
      "\n"
      "program mode: one CSV row per grid node (see vitrum simulate --help for programs):\n"
      "  time_s, T_K, E_IS_eV (per atom, E_ref included), rate_eV_per_s (dE_IS/dt over the\n"
      "  step ending at the node, negative = ageing; nan at the start and after jumps), Tf_K\n"
      "  (the temperature at which E_IS is the steady state), H_conf_J_per_mol (E_IS - E_ref),\n"
      "  segment, t_seg_s\n"
      "  --program FILE          thermal program (the start is an equilibrium)\n"
      "  --at-time LIST, --at-temp LIST   output only there (as vitrum simulate)\n"
      "sweep mode (paper 003 Fig. 4c): equilibrium at T_start, cool at each rate to T_low, heat\n"
      "at R_h to T_end; -o gets the heating scans (cool_rate_K_per_s, T_K, time_s, E_IS_eV,\n"
      "rate_eV_per_s, Tf_K), standard output one row per cooling rate: the glass's E_IS and Tf\n"
      "and the exothermic peak (most negative dE_IS/dt on heating, parabola-refined)\n"
      "  --cool-rates LIST       e.g. '20, 200, 2000 K/s'\n"
      "  --T-start T             equilibrium start (default 840 K)\n"
      "  --T-low T               end of the cooling (default 400 K)\n"
      "  --heat-rate R           heating rate (default 1 K/s)\n"
      "  --T-end T               end of the heating (default T_start)\n"
      "common:\n"
      "  --spectra FILE          tabulated spectra instead of the Gaussians: CSV with\n"
      "                          E_IS_eV,E_eV,P_A,P_R (one histogram per E_IS bin)\n"
      "  --tol X                 local error of the time steps, J/mol (default 1e-4)\n"
      "  -o, --output FILE       CSV (default: standard output)\n"
      "  --plot FILE             picture (.png/.svg/.pdf); FILE.gp is kept beside it\n"
      "  -q, --quiet             no summary on standard error\n\n");
  cli_grid_help(stdout);
  printf("\nparameters of the pel model (--NAME VALUE or --set NAME=VALUE; 'vitrum models'):\n");
  size_t n;
  const vt_param_info *p = vt_model_params_by_name("pel", &n);
  for (size_t i = 0; i < n; i++)
    printf("  --%-9s %s [%s]\n", p[i].name, p[i].description, *p[i].unit ? p[i].unit : "1");
}

/* ---- The model ------------------------------------------------------------------------------- */

vt_model *cli_pel_model(const char *cmd, cli_model_opts *mo, const char *table, const char *tol,
                        int *status) {
  *status = CLI_USAGE;
  if (mo->model && strcmp(mo->model, "pel") != 0) {
    cli_error(cmd, "this command runs the pel model only (got --model %s)", mo->model);
    return NULL;
  }
  if (mo->spectrum && !table) table = mo->spectrum;
  mo->model = "pel";
  mo->spectrum = NULL;
  vt_model *m = cli_model_make(cmd, mo);
  if (!m) return NULL;
  vt_error err;
  int rc = tol ? vt_model_set_option(m, "tol_J_per_mol", tol, &err) : VT_OK;
  if (!rc && table) {
    vt_pel_table t;
    *status = CLI_FAIL;
    rc = vt_read_pel_table(table, &t, &err);
    if (!rc) rc = vt_pel_set_table(m, &t, &err);
    if (!rc) vt_pel_table_free(&t);
  }
  char numerics[256];
  if (!rc) rc = vt_model_numerics(m, numerics, sizeof numerics, &err);
  if (rc) {
    cli_error(cmd, "%s", err.message);
    vt_model_free(m);
    return NULL;
  }
  *status = CLI_OK;
  return m;
}

/* ---- Options --------------------------------------------------------------------------------- */

static int list_opt(int argc, char **argv, int *i, const char *name, vt_dim dim, double **dst,
                    size_t *n) {
  const char *v;
  int r = cli_option(CMD, argc, argv, i, name, &v);
  if (r <= 0) return r;
  double *items;
  int k = cli_quantity_list(CMD, name, v, dim, &items);
  if (k < 0) return -1;
  double *grown = realloc(*dst, (*n + (size_t)k) * sizeof *grown);
  if (!grown) return free(items), cli_error(CMD, "out of memory"), -1;
  memcpy(grown + *n, items, (size_t)k * sizeof *items);
  free(items);
  *dst = grown;
  *n += (size_t)k;
  return 1;
}

static int quantity_opt(int argc, char **argv, int *i, const char *name, vt_dim dim, double *dst) {
  const char *v;
  int r = cli_option(CMD, argc, argv, i, name, &v);
  if (r <= 0) return r;
  return cli_quantity(CMD, name, v, dim, dst) ? -1 : 1;
}

static int text_opt(int argc, char **argv, int *i, const char **dst, const char *name) {
  const char *v;
  int r = cli_option(CMD, argc, argv, i, name, &v);
  if (r > 0) *dst = v;
  return r;
}

static int parse_one(int argc, char **argv, int *i, pel_opts *o) {
  int r;
  if ((r = text_opt(argc, argv, i, &o->program, "--program")) ||
      (r = text_opt(argc, argv, i, &o->output, "-o")) ||
      (r = text_opt(argc, argv, i, &o->output, "--output")) ||
      (r = text_opt(argc, argv, i, &o->plot, "--plot")) ||
      (r = text_opt(argc, argv, i, &o->table, "--spectra")) ||
      (r = text_opt(argc, argv, i, &o->table, "--spectrum")) ||
      (r = text_opt(argc, argv, i, &o->tol, "--tol")) ||
      (r = list_opt(argc, argv, i, "--cool-rates", VT_DIM_RATE, &o->rates, &o->n_rates)) ||
      (r = list_opt(argc, argv, i, "--at-time", VT_DIM_TIME, &o->at_time, &o->grid.n_at_time)) ||
      (r = list_opt(argc, argv, i, "--at-temp", VT_DIM_TEMPERATURE, &o->at_T, &o->grid.n_at_T)) ||
      (r = quantity_opt(argc, argv, i, "--T-start", VT_DIM_TEMPERATURE, &o->T_start)) ||
      (r = quantity_opt(argc, argv, i, "--T-low", VT_DIM_TEMPERATURE, &o->T_low)) ||
      (r = quantity_opt(argc, argv, i, "--T-end", VT_DIM_TEMPERATURE, &o->T_end)) ||
      (r = quantity_opt(argc, argv, i, "--heat-rate", VT_DIM_RATE, &o->heat_rate)) ||
      (r = cli_grid_option(CMD, argc, argv, i, &o->grid)) ||
      (r = cli_model_option(CMD, argc, argv, i, &o->model)))
    return r;
  return 0;
}

/* -1 error (printed), 1 help, 0 run. */
static int parse(int argc, char **argv, pel_opts *o) {
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) return 1;
    if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
      o->quiet = 1;
      continue;
    }
    int r = parse_one(argc, argv, &i, o);
    if (r < 0) return -1;
    if (r == 0) return cli_error(CMD, "unknown option '%s' (vitrum pel --help lists them)", a), -1;
  }
  o->grid.at_time_s = o->at_time;
  o->grid.at_T_K = o->at_T;
  if (!o->program == !o->n_rates)
    return cli_error(CMD, "give either --program FILE or --cool-rates LIST"), -1;
  if (o->program && (o->T_low > 0 || o->heat_rate > 0 || o->T_start > 0 || o->T_end > 0))
    return cli_error(CMD, "--T-start, --T-low, --heat-rate and --T-end belong to --cool-rates"), -1;
  if (o->n_rates && (o->grid.n_at_time || o->grid.n_at_T))
    return cli_error(CMD, "--at-time and --at-temp belong to --program"), -1;
  if (o->plot && cli_plot_check_name(CMD, o->plot)) return -1;
  return 0;
}

/* ---- Program mode
 * --------------------------------------------------------------------------------- */

/* E_IS (J/mol, E_ref included) at every node of a trace, and the energy flow over the step
 * ending there: (E_i - E_i-1)/(t_i - t_i-1), what a calorimeter integrates (NaN at the start and
 * after jumps). Eq. 1 evaluated at the node would be the same where the glass is frozen, but in
 * the equilibrium liquid it multiplies the state's tolerance-sized error by |df/dE| (~1e7 /s). */
static int trace_rates(vt_model *m, const vt_trace *t, double *E, double *rate) {
  vt_error err;
  double E_ref;
  if (vt_model_get(m, "E_ref", &E_ref, &err)) return cli_error(CMD, "%s", err.message), -1;
  for (size_t i = 0; i < t->n; i++) {
    double dt = i ? t->time_s[i] - t->time_s[i - 1] : 0.0;
    E[i] = t->H_conf_J_per_mol[i] + E_ref;
    rate[i] = dt > 0 ? (E[i] - E[i - 1]) / dt : NAN;
  }
  return 0;
}

static int write_trace(const char *path, const vt_trace *t, const double *E, const double *rate,
                       int only_requested) {
  vt_outfile out;
  vt_error err;
  if (vt_outfile_open(&out, path, &err)) return cli_error(CMD, "%s", err.message), -1;
  fprintf(out.fp, "time_s,T_K,E_IS_eV,rate_eV_per_s,Tf_K,H_conf_J_per_mol,segment,t_seg_s\n");
  for (size_t i = 0; i < t->n; i++) {
    if (only_requested && !t->requested[i]) continue;
    fprintf(out.fp, "%.10g,%.6f,%.9f,%.6g,%.6f,%.8g,%d,%.10g\n", t->time_s[i], t->T_K[i], E[i] / EV,
            rate[i] / EV, t->Tf_K[i], t->H_conf_J_per_mol[i], t->segment[i], t->t_seg_s[i]);
  }
  if (vt_outfile_commit(&out, &err)) {
    vt_outfile_abort(&out);
    return cli_error(CMD, "%s", err.message), -1;
  }
  return 0;
}

static int plot_program(const pel_opts *o, const vt_program *p, const char *data) {
  size_t last = vt_program_segment_count(p) - 1;
  while (last > 0 && vt_program_segment(p, last)->kind == VT_SEG_JUMP) last--;
  int ramp = vt_program_segment(p, last)->kind == VT_SEG_RAMP;
  char body[4096], q[1024], qp[1024];
  snprintf(body, sizeof body,
           "if (!exists(\"datafile\")) datafile = '%s'\n"
           "set multiplot layout 2,1 title 'vitrum pel: %s'\n"
           "set grid\nset key top right\nset logscale x\nset format x '10^{%%L}'\n"
           "set xlabel 'time since start (s)'\nset ylabel 'temperature (K)'\n"
           "plot datafile skip 1 using ($1>0?$1:1/0):2 with lines lw 2 title 'T', \\\n"
           "     '' skip 1 using ($1>0?$1:1/0):5 with lines lw 2 title 'T_f'\n"
           "%s"
           "unset multiplot\n",
           cli_gp_quote(data, q, sizeof q), cli_gp_name(o->program, qp, sizeof qp),
           ramp ? "unset logscale x\nset format x '%g'\nset xlabel 'temperature (K)'\n"
                  "set ylabel 'energy flow dE_{IS}/dt (eV/s per atom)'\n"
                  "plot datafile skip 1 using ($7==SEG ? $2 : 1/0):4 with lines lw 2 "
                  "title 'final ramp', 0 with lines lc 'gray' notitle\n"
                : "set xlabel 'time in the final hold (s)'\nset ylabel 'E_{IS} (eV/atom)'\n"
                  "plot datafile skip 1 using ($7==SEG && $8>0 ? $8 : 1/0):3 with lines lw 2 "
                  "title 'E_{IS}'\n");
  char final[4200], *seg = strstr(body, "SEG");
  if (seg)
    snprintf(final, sizeof final, "%.*s%zu%s", (int)(seg - body), body, last, seg + 3);
  else
    snprintf(final, sizeof final, "%s", body);
  return cli_plot(CMD, o->plot, final);
}

/* The CSV the plot reads: -o, or FILE.csv beside the picture when -o is standard output. */
static char *plot_data_name(const char *plot) {
  size_t n = strlen(plot);
  char *s = malloc(n + 5);
  if (s) snprintf(s, n + 5, "%.*s.csv", (int)(strrchr(plot, '.') - plot), plot);
  return s;
}

static int run_program(const pel_opts *o, vt_model *m) {
  vt_error err;
  vt_grid grid = {0};
  vt_trace t = {0};
  double *E = NULL, *rate = NULL;
  char *pdata = NULL;
  int status = CLI_FAIL;
  vt_program *p = vt_program_read(o->program, &err);
  if (!p) return cli_error(CMD, "%s", err.message), CLI_FAIL;
  if (vt_grid_build(p, &o->grid, &grid, &err) || vt_simulate(m, &grid, &t, &err)) {
    cli_error(CMD, "%s: %s", o->program, err.message);
    goto done;
  }
  E = malloc(t.n * sizeof *E), rate = malloc(t.n * sizeof *rate);
  if (!E || !rate || trace_rates(m, &t, E, rate)) goto done;
  int only = o->grid.n_at_time || o->grid.n_at_T;
  const char *csv = o->output ? o->output : "-";
  if (o->plot && strcmp(csv, "-") == 0) {
    if (!(pdata = plot_data_name(o->plot)) || write_trace("-", &t, E, rate, only)) goto done;
    csv = pdata;
  }
  if (write_trace(csv, &t, E, rate, only)) goto done;
  if (o->plot && plot_program(o, p, csv)) {
    if (pdata) remove(pdata);
    goto done;
  }
  if (!o->quiet)
    fprintf(stderr,
            "vitrum pel: %zu grid nodes; final E_IS = %.6f eV/atom, Tf = %.2f K, dE_IS/dt = %.4g "
            "eV/s\n",
            t.n, E[t.n - 1] / EV, t.Tf_K[t.n - 1], rate[t.n - 1] / EV);
  status = CLI_OK;
done:
  free(pdata);
  free(E);
  free(rate);
  vt_trace_free(&t);
  vt_grid_free(&grid);
  vt_program_free(p);
  return status;
}

/* ---- Sweep mode (Fig. 4c)
 * ------------------------------------------------------------------------ */

typedef struct sweep_row {
  double E_glass, Tf_glass, T_exo, rate_exo;
} sweep_row;

/* The heating scan's most negative step-average rate, refined by the parabola through its
 * neighbours; steps are equal in T, and rate[i] belongs to the step midpoint. */
static void exotherm(const vt_trace *t, const double *rate, size_t first, sweep_row *row) {
  size_t b = first;
  for (size_t i = first; i < t->n; i++)
    if (rate[i] < rate[b]) b = i;
  double mid = 0.5 * (t->T_K[b] + t->T_K[b - 1]), h = t->T_K[b] - t->T_K[b - 1];
  row->T_exo = mid, row->rate_exo = rate[b];
  if (b > first && b + 1 < t->n && rate[b] < 0) {
    double f0 = rate[b - 1], f1 = rate[b], f2 = rate[b + 1], c = f0 - 2.0 * f1 + f2;
    if (c > 0) {
      row->T_exo = mid + 0.5 * h * (f0 - f2) / c;
      row->rate_exo = f1 - (f0 - f2) * (f0 - f2) / (8.0 * c);
    }
  }
}

static int sweep_one(const pel_opts *o, vt_model *m, double rate_c, FILE *fp, sweep_row *row) {
  vt_error err;
  vt_grid g = {0};
  vt_trace t = {0};
  double *E = NULL, *rate = NULL;
  int rc = -1;
  vt_program *p = vt_program_create(o->T_start, &err);
  if (!p || vt_program_ramp(p, o->T_low, rate_c, &err) ||
      vt_program_ramp(p, o->T_end, o->heat_rate, &err) || vt_grid_build(p, &o->grid, &g, &err) ||
      vt_simulate(m, &g, &t, &err)) {
    cli_error(CMD, "cooling at %g K/s: %s", rate_c, err.message);
    goto done;
  }
  E = malloc(t.n * sizeof *E), rate = malloc(t.n * sizeof *rate);
  if (!E || !rate || trace_rates(m, &t, E, rate)) goto done;
  size_t first = 0;
  while (first < t.n && t.segment[first] != 1) first++;
  row->E_glass = E[first - 1], row->Tf_glass = t.Tf_K[first - 1];
  exotherm(&t, rate, first, row);
  for (size_t i = first; fp && i < t.n; i++)
    fprintf(fp, "%.6g,%.6f,%.10g,%.9f,%.6g,%.6f\n", rate_c, t.T_K[i], t.t_seg_s[i], E[i] / EV,
            rate[i] / EV, t.Tf_K[i]);
  rc = 0;
done:
  free(E);
  free(rate);
  vt_trace_free(&t);
  vt_grid_free(&g);
  vt_program_free(p);
  return rc;
}

static int plot_sweep(const pel_opts *o, const char *data) {
  char body[8192], q[1024];
  int n = snprintf(body, sizeof body,
                   "if (!exists(\"datafile\")) datafile = '%s'\n"
                   "set title 'vitrum pel: heating at %g K/s after cooling (paper 003 Fig. 4c)'\n"
                   "set grid\nset key top left\nset xlabel 'temperature (K)'\n"
                   "set ylabel 'energy flow dE_{IS}/dt (eV/s per atom; < 0: exothermic)'\n"
                   "plot ",
                   cli_gp_quote(data, q, sizeof q), o->heat_rate);
  for (size_t k = 0; k < o->n_rates && n > 0 && (size_t)n < sizeof body - 256; k++)
    n += snprintf(body + n, sizeof body - (size_t)n,
                  "%sdatafile skip 1 using ($1==%.6g ? $2 : 1/0):5 with lines lw 2 "
                  "title 'cooled at %g K/s'",
                  k ? ", \\\n     " : "", o->rates[k], o->rates[k]);
  snprintf(body + n, sizeof body - (size_t)n, "\n");
  return cli_plot(CMD, o->plot, body);
}

static int run_sweep(pel_opts *o, vt_model *m) {
  if (!(o->T_start > 0)) o->T_start = 840.0;
  if (!(o->T_low > 0)) o->T_low = 400.0;
  if (!(o->heat_rate > 0)) o->heat_rate = 1.0;
  if (!(o->T_end > 0)) o->T_end = o->T_start;
  if (!(o->T_low < o->T_start) || !(o->T_end > o->T_low))
    return cli_error(CMD, "need T_low < T_start and T_end > T_low"), CLI_USAGE;
  vt_outfile out;
  vt_error err;
  char *pdata = NULL;
  const char *csv = o->output ? o->output : o->plot ? (pdata = plot_data_name(o->plot)) : NULL;
  sweep_row *rows = calloc(o->n_rates, sizeof *rows);
  int rc = !rows || (o->plot && !pdata && !o->output);
  if (!rc && csv && (rc = vt_outfile_open(&out, csv, &err)) != 0) cli_error(CMD, "%s", err.message);
  if (!rc && csv) fprintf(out.fp, "cool_rate_K_per_s,T_K,time_s,E_IS_eV,rate_eV_per_s,Tf_K\n");
  for (size_t k = 0; !rc && k < o->n_rates; k++) {
    rc = sweep_one(o, m, o->rates[k], csv ? out.fp : NULL, &rows[k]);
    cli_progress(CMD, k + 1, o->n_rates);
  }
  if (!rc && csv && (rc = vt_outfile_commit(&out, &err)) != 0) cli_error(CMD, "%s", err.message);
  if (rc && csv) vt_outfile_abort(&out);
  if (!rc && o->plot && (rc = plot_sweep(o, csv)) != 0 && strcmp(csv, "-") != 0) remove(csv);
  if (!rc) {
    printf("cool_rate_K_per_s,E_IS_glass_eV,Tf_glass_K,T_exo_K,rate_exo_eV_per_s\n");
    for (size_t k = 0; k < o->n_rates; k++)
      printf("%g,%.6f,%.3f,%.3f,%.6g\n", o->rates[k], rows[k].E_glass / EV, rows[k].Tf_glass,
             rows[k].T_exo, rows[k].rate_exo / EV);
  }
  free(rows);
  free(pdata);
  return rc ? CLI_FAIL : CLI_OK;
}

int cmd_pel(int argc, char **argv) {
  pel_opts o;
  memset(&o, 0, sizeof o);
  o.grid = vt_grid_options_default();
  int r = parse(argc, argv, &o), status = r < 0 ? CLI_USAGE : CLI_OK;
  if (r == 1) help();
  if (r == 0) {
    vt_model *m = cli_pel_model(CMD, &o.model, o.table, o.tol, &status);
    if (m) status = o.program ? run_program(&o, m) : run_sweep(&o, m);
    vt_model_free(m);
  }
  free(o.rates);
  free(o.at_time);
  free(o.at_T);
  return status;
}
