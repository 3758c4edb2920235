/* vitrum pel: energy-landscape ageing (paper 003). The mean-field model of the inherent-structure
 * energy E_IS, its rate maps over (E_IS, T), E_IS(t) curves from MD (CSV, LAMMPS logs), the
 * slope mining of those curves and the thin-plate spline that turns the mined entries into a map.
 *
 * Units (SI inside, as everywhere in vitrum): energies in J/mol. E_IS is per mole of atoms (1 eV
 * per atom = 96485.33 J/mol); the barriers E_A and relaxation energies E_R of single hops are
 * per mole of hops; rates dE_IS/dt in J/(mol s). The CLI prints eV and eV/s.
 *
 * The model (paper 003 Eqs. 1-2), nu the attempt frequency of hops per atom:
 *   dE_IS/dt = nu exp(-<E_A>/RT) (<E_A> - <E_R>),
 *   <E_A>(E_IS, T) = -RT ln int P(E_A|E_IS) exp(-E_A/RT) dE_A,   <E_R>(E_IS) = int E_R P(E_R|E_IS).
 * A hop climbs E_A and falls E_R, so it changes E_IS by E_A - E_R: the glass ages (E_IS falls,
 * exothermic) where <E_A> < <E_R> and rejuvenates where <E_A> > <E_R>. <E_A> grows with T from
 * the low-barrier edge of P towards its mean, so at fixed E_IS the glass ages below the boundary
 * temperature T_b(E_IS), where <E_A> = <E_R> (the steady state, which is also the fictive
 * temperature of E_IS), and rejuvenates above it. */
#ifndef VITRUM_PEL_H
#define VITRUM_PEL_H

#include <stddef.h>

#include "core.h"
#include "model.h"
#include "options.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- The "pel" model at one point ------------------------------------------------------------ */

/* Each function takes a model created as "pel" (VT_EINVAL otherwise), with its current
 * parameters or table (preparing it if they changed). E_IS in J/mol, T in K. */
VT_API int vt_pel_mean_activation(vt_model *pel, double E_IS, double T_K, double *EA_J_per_mol,
                                  vt_error *err);
VT_API int vt_pel_mean_relaxation(vt_model *pel, double E_IS, double *ER_J_per_mol, vt_error *err);
/* dE_IS/dt of Eq. 1, J/(mol s): negative = ageing. */
VT_API int vt_pel_rate(vt_model *pel, double E_IS, double T_K, double *rate, vt_error *err);
/* The steady state: the E_IS where the rate vanishes at T (searched in the model's E_IS window;
 * VT_ERANGE when it lies outside), and the boundary temperature T_b of an E_IS (NaN when
 * <E_A> = <E_R> has no root between 1 K and 1e5 K). */
VT_API int vt_pel_steady_E(vt_model *pel, double T_K, double *E_IS, vt_error *err);
VT_API int vt_pel_boundary_T(vt_model *pel, double E_IS, double *T_b_K, vt_error *err);
/* The temperature of maximum ageing rate (most negative dE_IS/dt) at E_IS, searched between T_lo
 * and the boundary (or T_hi when that is lower): a scan of n_scan points (>= 8) brackets it,
 * Brent's method refines it to 1e-6 K. NaN (status VT_OK) when the glass does not age anywhere
 * in the range or the maximum sits on an end of it. */
VT_API int vt_pel_max_ageing_T(vt_model *pel, double E_IS, double T_lo_K, double T_hi_K,
                               size_t n_scan, double *T_max_K, double *rate_max, vt_error *err);
/* The model's E_IS window (J/mol): E_ref + dE_min .. E_ref + dE_max, or the table's range. */
VT_API int vt_pel_window(vt_model *pel, double *E_lo, double *E_hi, vt_error *err);

/* ---- Tabulated spectra ----------------------------------------------------------------------- */

/* Histograms of E_A and E_R for bins of E_IS. Bin k holds rows row0[k] .. row0[k+1]-1 of E, P_A,
 * P_R; E strictly increasing within a bin (>= 0, J/mol): the centres of histogram cells whose
 * edges lie halfway between neighbours (the outer edges half a spacing out, cut at 0). P_A, P_R
 * >= 0 are densities, flat over each cell (counts of an evenly spaced histogram work as well;
 * each is normalised per bin). Z is integrated exactly cell by cell. Between bin centres ln Z
 * and <E_R> are interpolated linearly in E_IS; beyond the first and last centre they stay
 * constant. At least 2 bins, each with at least 2 energies. */
typedef struct vt_pel_table {
  size_t n_bins;
  double *E_IS; /* n_bins bin centres, strictly increasing */
  size_t *row0; /* n_bins + 1 */
  double *E, *P_A, *P_R;
} vt_pel_table;

/* CSV, '#' comments, a header with E_IS and E columns carrying an energy unit (E_IS_eV, E_eV,
 * 'E [kJ/mol]', ...) and P_A, P_R; rows of one E_IS bin consecutive. Errors name file:line. */
VT_API int vt_read_pel_table(const char *path, vt_pel_table *out, vt_error *err);
VT_API void vt_pel_table_free(vt_pel_table *table);
/* Use the table instead of the Gaussians (copied; checked as described above). NULL goes back to
 * the Gaussians. */
VT_API int vt_pel_set_table(vt_model *pel, const vt_pel_table *table, vt_error *err);
/* vt_read_pel_table and vt_pel_set_table in one call: the model uses the spectra of file `path`. */
VT_API int vt_pel_load_table(vt_model *pel, const char *path, vt_error *err);

/* ---- Rate maps ------------------------------------------------------------------------------- */

/* Rates on a grid: rate[iE * nT + iT] at (E_IS[iE], T_K[iT]), J/(mol s). */
typedef struct vt_rate_map {
  size_t nE, nT;
  double *E_IS, *T_K, *rate;
} vt_rate_map;

/* Per E_IS row: the temperature of maximum ageing rate and that rate, and the ageing/rejuvenation
 * boundary (rate = 0, ageing below). NaN where a row has none inside the map. */
typedef struct vt_rate_lines {
  size_t n;
  double *E_IS, *T_max_K, *rate_max, *T_boundary_K;
} vt_rate_lines;

VT_API void vt_rate_map_free(vt_rate_map *map);
VT_API void vt_rate_lines_free(vt_rate_lines *lines);

/* The model's map on nE x nT points spanning [E_lo, E_hi] x [T_lo, T_hi] (nE, nT >= 2), with the
 * lines found on the model itself (Brent's method and the boundary root, not on the grid). */
VT_API int vt_pel_map_compute(vt_model *pel, double E_lo, double E_hi, size_t nE, double T_lo_K,
                              double T_hi_K, size_t nT, vt_rate_map *map, vt_rate_lines *lines,
                              vt_error *err);

/* The model's map as `vitrum pel-map` and vitrum.pel.rate_map draw it: the E_IS range (J/mol;
 * NaN, the default: the model's window, vt_pel_window), the temperature range (K; 400 to
 * 1000 K) and the grid points in each (121 each). */
typedef struct vt_pel_map_options {
  double E_range[2];
  double T_range[2];
  int nE, nT;
} vt_pel_map_options;

VT_API vt_pel_map_options vt_pel_map_options_default(void);
/* The option table of vt_pel_map_options (options.h; static, *n rows; NULL when n is NULL):
 * E_range, T_range (> 0), nE (2 to 2001), nT (3 to 2001), with their help. */
VT_API const vt_option *vt_pel_map_option_table(size_t *n);
/* vt_pel_map_compute over the options' ranges (opts NULL: the defaults), the window filled in
 * for a NaN E_range; map and lines as there. */
VT_API int vt_pel_map_run(vt_model *pel, const vt_pel_map_options *opts, vt_rate_map *map,
                          vt_rate_lines *lines, vt_error *err);

/* The lines of any gridded map (e.g. a smoothed MD map): per row, the most negative grid rate
 * that lies inside the T range (not on its ends, nor next to a NaN point), refined by the
 * parabola through it and its neighbours; the first sign change from - to + above it between
 * two finite points, interpolated linearly. */
VT_API int vt_rate_map_lines(const vt_rate_map *map, vt_rate_lines *lines, vt_error *err);

/* The model's lines at the rows E_IS[0..n-1] (J/mol): per row the boundary temperature
 * (vt_pel_boundary_T) and the maximum ageing rate searched in [T_lo_K, T_hi_K] with n_scan
 * points (vt_pel_max_ageing_T). `lines` is zeroed, filled (E_IS copied), freed by
 * vt_rate_lines_free; nothing to free after an error. agemap compares them with a mined map. */
VT_API int vt_pel_lines(vt_model *pel, const double *E_IS, size_t n, double T_lo_K, double T_hi_K,
                        size_t n_scan, vt_rate_lines *lines, vt_error *err);

/* The model's lines on the rows of `map` (vt_pel_lines at map->E_IS), the maximum searched
 * from 300 K below the map's lowest temperature (at least 1 K) to 300 K above its highest, on
 * 256 points: what `vitrum agemap --compare` sets beside a mined map. Only the map's E_IS and
 * T_K are read. `lines` as vt_pel_lines'. */
VT_API int vt_pel_map_lines(vt_model *pel, const vt_rate_map *map, vt_rate_lines *lines,
                            vt_error *err);

/* The decades of |rate| a picture of the map shows, as log10 of eV/s (per atom): *top_log10 =
 * ceil(log10 max |rate|), *floor_log10 = floor(log10 min nonzero |rate|) but at most `decades`
 * below the top. A map without a nonzero finite rate gives top 1, floor 0. */
VT_API int vt_rate_map_log_range(const vt_rate_map *map, double decades, double *floor_log10,
                                 double *top_log10, vt_error *err);

/* The first and last rows whose T_max_K is finite; both SIZE_MAX when no row has a maximum. */
VT_API int vt_rate_lines_span(const vt_rate_lines *lines, size_t *first, size_t *last,
                              vt_error *err);

/* |T_max(a) - T_max(b)| over the rows where both are finite (a and b: the same rows, e.g. a
 * mined map's lines and the model's): the largest and the median (the upper one for an even
 * count), K, and the row count. NaN and 0 rows when no row has both. */
VT_API int vt_rate_lines_compare(const vt_rate_lines *a, const vt_rate_lines *b, double *max_dT_K,
                                 double *median_dT_K, size_t *rows, vt_error *err);

/* ---- The model on thermal programs ----------------------------------------------------------- */

/* Along a trace of the pel model (vt_simulate): E_IS (J/mol, E_ref included) at every node, and
 * the energy flow over the step ending there, (E_i - E_i-1)/(t_i - t_i-1), J/(mol s): what a
 * calorimeter integrates (NaN at the start and after jumps). Eq. 1 evaluated at the node would
 * agree where the glass is frozen, but in the equilibrium liquid it multiplies the state's
 * tolerance-sized error by |df/dE| (~1e7 /s). E_IS and rate: trace->n values each, owned by the
 * caller. */
VT_API int vt_pel_trace_energy(vt_model *pel, const vt_trace *trace, double *E_IS, double *rate,
                               vt_error *err);

/* The exothermic peak of a heating scan starting at row `first` (>= 1) of a trace: the most
 * negative step rate (J/(mol s), from vt_pel_trace_energy), refined by the parabola through its
 * neighbours. The steps must be equal in T; rate[i] belongs to the midpoint of step i. */
VT_API int vt_pel_exotherm(const vt_trace *trace, const double *rate, size_t first, double *T_exo_K,
                           double *rate_exo, vt_error *err);

/* Paper 003 Fig. 4c: equilibrium at T_start, cooling at a rate to T_low, heating at
 * heat_K_per_s to T_end. */
typedef struct vt_pel_scan_options {
  double T_start_K;    /* default 840 K */
  double T_low_K;      /* default 400 K */
  double T_end_K;      /* default NaN: T_start_K */
  double heat_K_per_s; /* default 1 K/s */
} vt_pel_scan_options;

VT_API vt_pel_scan_options vt_pel_scan_options_default(void);

typedef struct vt_pel_scan {
  double cool_K_per_s;
  vt_trace trace;             /* cooling (segment 0), then heating (segment 1) */
  double *E_IS, *rate;        /* per row: J/mol and J/(mol s), as vt_pel_trace_energy */
  size_t first;               /* first row of the heating */
  double E_glass, Tf_glass_K; /* the glass at the end of the cooling (J/mol, K) */
  double T_exo_K, rate_exo;   /* the exotherm of the heating (vt_pel_exotherm) */
} vt_pel_scan;

/* One scan: `scan` is zeroed and filled (free it with vt_pel_scan_free); nothing to free after
 * an error. VT_ERANGE unless T_low < T_start and T_end > T_low. */
VT_API int vt_pel_scan_run(vt_model *pel, const vt_grid_options *grid,
                           const vt_pel_scan_options *opts, double cool_K_per_s, vt_pel_scan *scan,
                           vt_error *err);
VT_API void vt_pel_scan_free(vt_pel_scan *scan);
/* Any program on the grid (vt_grid_build, vt_simulate) with E_IS and the rate per row
 * (vt_pel_trace_energy), as `vitrum pel --program` writes it: scan->trace, E_IS and rate filled,
 * first 0, the other numbers NaN (the Fig. 4c scan runs its program through this). Free it
 * with vt_pel_scan_free; nothing to free after an error. */
VT_API int vt_pel_program_run(vt_model *pel, const vt_program *program, const vt_grid_options *grid,
                              vt_pel_scan *scan, vt_error *err);

/* ---- E_IS(t) curves -------------------------------------------------------------------------- */

/* One isothermal annealing curve. `line` (may be NULL) is the source line of each point. */
typedef struct vt_eis_curve {
  char *name;
  double T_K;
  size_t n;
  double *time_s;
  double *E_IS; /* J/mol */
  long *line;
} vt_eis_curve;

typedef struct vt_eis_set {
  size_t n;
  vt_eis_curve *curves;
  char **sources; /* sources[i]: the file curve i came from (NULL when built in code) */
} vt_eis_set;

/* CSV: '#' comments, then a header whose names carry units:
 *   time_ps,E_IS_eV[,T_K][,curve]      or      t [ns],E_IS [eV],T [K]
 * time (t, time) in s, ms, us, ns, ps, fs; E_IS (E_IS, E, PotEng, energy; per atom) in eV,
 * J/mol, kJ/mol, kcal/mol ("eV/atom", "eV_per_atom" too); optional temperature T (K, C) and
 * curve; other columns are ignored. Blank and '#' lines may separate rows. A curve ends where the
 * `curve` value or the temperature changes. A curve without a T column takes the temperature of a
 * '# T = 700 K' comment before the header, else T_default_K (NaN: none, an error naming the
 * curve). Curves are appended to `set` (zeroed before the first call); a failed read leaves the
 * set as it was (and frees it when the read was the first). */
VT_API int vt_read_eis_csv(const char *path, double T_default_K, vt_eis_set *set, vt_error *err);

/* LAMMPS log: every thermo block (a header line starting with "Step", then numeric rows up to the
 * first other line) is read; the rows of all blocks make one curve at T_K, in file order. A row
 * repeating the previous step with the same energy (the first row of a run that continues the
 * last) is dropped. */
typedef struct vt_lammps_options {
  const char *energy_column;    /* thermo keyword holding E_IS (default "PotEng") */
  double energy_unit_J_per_mol; /* one unit of that column (default 1 eV, metal units) */
  double timestep_s;            /* time per step (default 1e-15 s, metal units' 1 fs) */
  double atoms; /* divide energies by this (0: as written; < 0: the atom count LAMMPS reports on
                   its "Loop time ... with N atoms" line) */
  double T_K;   /* temperature of the curve (NaN: the mean of T_column) */
  const char *T_column; /* e.g. "Temp" (used only when T_K is NaN) */
} vt_lammps_options;

VT_API vt_lammps_options vt_lammps_options_default(void);
/* The option table of vt_lammps_options (options.h; static, *n rows; NULL when n is NULL):
 * energy_column, timestep (> 0, shown in fs), T_column, with their help (`vitrum agemap`'s
 * --energy-column, --timestep, --T-column; the Python keywords of vitrum.pel.read_eis). The
 * energy unit (a unit's name on the command line, a factor here), the atom count ("N|log") and
 * T_K (each file's own) have no rows. */
VT_API const vt_option *vt_lammps_option_table(size_t *n);
/* Set the option `row` of `o` from text, for every row of the table and for the two without
 * one: "energy_unit", a unit's name of molar energy (eV, J/mol, kJ/mol, kcal/mol) into
 * energy_unit_J_per_mol, and "atoms", a number >= 1 or "log" (-1: the log's count). Messages
 * start with `name` (how the caller's user spelled the option, "--atoms"; NULL: the row), e.g.
 * "--atoms '0': expected a number >= 1"; VT_ENOTFOUND for an unknown row; the field is unchanged
 * after an error. */
VT_API int vt_lammps_option_set_text(vt_lammps_options *o, const char *row, const char *name,
                                     const char *text, vt_error *err);
VT_API int vt_read_eis_lammps(const char *path, const vt_lammps_options *opts, vt_eis_set *set,
                              vt_error *err);
VT_API void vt_eis_set_free(vt_eis_set *set);

/* One file of either kind, appended to `set` as the readers above do. AUTO takes a LAMMPS log
 * for names (after the last '/') ending in ".log" or starting with "log.", else CSV. T_K: the
 * temperature of curves that carry none (CSV: T_default_K; LAMMPS: opts->T_K), NaN for none.
 * `lammps` may be NULL (vt_lammps_options_default()). */
typedef enum vt_eis_format { VT_EIS_AUTO, VT_EIS_CSV, VT_EIS_LAMMPS } vt_eis_format;
VT_API int vt_read_eis(const char *path, vt_eis_format format, double T_K,
                       const vt_lammps_options *lammps, vt_eis_set *set, vt_error *err);

/* ---- Slope mining (paper 003 Sec. 3.1, Appendix A2) ------------------------------------------ */

/* Entries of dE_IS/dt at (T, E_IS). `count` is how many raw entries an averaged entry holds
 * (1 for raw entries); `curve` the curve index of a raw entry (SIZE_MAX for averaged ones);
 * `E_half` (may be NULL: 0) half the energy interval an entry covers: |E_n+1 - E_n|/2 for a raw
 * entry, half the extent of its members' intervals for an averaged one. */
typedef struct vt_age_entries {
  size_t n;
  double *T_K, *E_IS, *rate;
  size_t *count, *curve;
  double *E_half;
} vt_age_entries;

/* Every neighbouring pair (n, n+1) of every curve gives one entry: T of the curve, E_IS midpoint
 * (E_n + E_n+1)/2, slope (E_n+1 - E_n)/(t_n+1 - t_n). Fails on a curve with fewer than 2 points,
 * times that do not increase strictly (duplicates named by file:line), a temperature that is
 * missing, not finite or <= 0, or non-finite values. */
VT_API int vt_slope_mine(const vt_eis_set *curves, vt_age_entries *raw, vt_error *err);
/* Average the entries that overlap: same temperature (to 1e-9 relative) and E_IS in the same bin
 * [k dE, (k+1) dE) (k integer). The average sits at the mean E_IS of its members. */
VT_API int vt_age_entries_average(const vt_age_entries *raw, double dE_bin, vt_age_entries *avg,
                                  vt_error *err);
VT_API void vt_age_entries_free(vt_age_entries *entries);

/* ---- Thin-plate spline ----------------------------------------------------------------------- */

/* f(x, y) = a0 + a1 u + a2 v + sum_i w_i phi(|(u, v) - (u_i, v_i)|), phi(r) = r^2 ln r, in
 * coordinates u, v scaled to the unit square by the data ranges (T and E_IS have different
 * units). The spline minimises
 *   sum_i (z_i - f_i)^2 + lambda int int (f_uu^2 + 2 f_uv^2 + f_vv^2) du dv,
 * i.e. (K + 8 pi lambda I) w + P a = z, P^T w = 0: lambda = 0 interpolates, lambda -> infinity
 * gives the least-squares plane; a linear z is reproduced exactly for every lambda. The dense
 * symmetric (n + 3) system is solved by LAPACK (dsysv): memory 8 (n + 3)^2 bytes, time ~n^3/3
 * flops; n is capped at VT_TPS_MAX_POINTS (0.8 GB). */
#define VT_TPS_MAX_POINTS 10000

typedef struct vt_tps vt_tps;

/* The dense solve. Needs n >= 3 points not all on one line, distinct (u, v) when lambda = 0,
 * finite values, n <= VT_TPS_MAX_POINTS. */
VT_API vt_tps *vt_tps_fit(const double *x, const double *y, const double *z, size_t n,
                          double lambda, vt_error *err);
VT_API double vt_tps_eval(const vt_tps *tps, double x, double y);
VT_API void vt_tps_free(vt_tps *tps);

/* The local method (as scipy's RBFInterpolator with `neighbors`): f(x, y) is the spline of the
 * k data points nearest to (x, y), with the same lambda and scaling, solved when evaluated.
 * The neighbours are taken a quarter from each quadrant around (x, y) (then the nearest
 * others), so data that lie on lines, as mined curves at a few temperatures do, still give a
 * surface between them. Set-up O(n) time and memory (a bucket grid; the duplicate check of
 * lambda = 0 sorts, O(n log n)); each evaluation O(k^3). Evaluation is thread-safe. Where the
 * local points are collinear or the local system singular the value is NaN.
 * tests/test_tps.c states its agreement with the dense solve at 10 000 points. */
typedef enum vt_tps_method {
  VT_TPS_AUTO,  /* dense up to dense_max points, local above */
  VT_TPS_DENSE, /* vt_tps_fit */
  VT_TPS_LOCAL
} vt_tps_method;

#define VT_TPS_MAX_NEIGHBORS 256

typedef struct vt_tps_options {
  vt_tps_method method; /* default VT_TPS_AUTO */
  size_t neighbors;     /* k of the local method, 4..VT_TPS_MAX_NEIGHBORS (default 48) */
  size_t dense_max;     /* AUTO: largest n solved densely (default 4000: 0.13 GB, ~1 s) */
} vt_tps_options;

VT_API vt_tps_options vt_tps_options_default(void);
VT_API vt_tps *vt_tps_fit_opts(const double *x, const double *y, const double *z, size_t n,
                               double lambda, const vt_tps_options *opts, vt_error *err);
/* 1 when the spline uses the local method. */
VT_API int vt_tps_is_local(const vt_tps *tps);

/* ---- Ageing maps from mined entries ---------------------------------------------------------- */

typedef enum vt_agemap_transform {
  VT_AGEMAP_LINEAR, /* the spline smooths the rate itself (paper 003) */
  VT_AGEMAP_ASINH   /* it smooths asinh(rate / scale), back-transformed: decades of rate weigh
                       alike and the sign (hence the boundary) is kept */
} vt_agemap_transform;

typedef struct vt_agemap_options {
  double lambda;       /* spline smoothing (default 3e-3; see vt_tps_fit) */
  double E_bin;        /* width of the averaging bins (0: 1/100 of the E_IS span) */
  int nT, nE;          /* grid, at least 3 x 2 (default 121 x 121) */
  double T_range_K[2]; /* grid range, low and high (NaN: the data's) */
  double E_range[2];   /* J/mol */
  vt_agemap_transform transform;
  double asinh_scale; /* J/(mol s); 0: the median |rate| of the entries */
  int mask; /* 1 (default): grid points the curves do not bracket are NaN: a point needs raw
               entries covering its E_IS (to one bin) at the curve temperatures on both sides of
               it (the spline interpolates between curves, it does not extrapolate) */
  vt_tps_options spline; /* dense up to spline.dense_max averaged entries, local above */
} vt_agemap_options;

VT_API vt_agemap_options vt_agemap_options_default(void);
/* The option table of vt_agemap_options (options.h; static, *n rows; NULL when n is NULL), in
 * `vitrum agemap --help`'s order: E_bin (> 0, shown in eV), lambda (>= 0), transform
 * (linear|asinh), nT, nE (3 to 2001), T_range, E_range ('LO, HI UNIT', LO < HI), spline (the
 * method of field spline: auto|dense|local), mask (0 or 1). asinh_scale (J/(mol s): no
 * dimension of the unit system) and the spline's counts (size_t, vt_tps_options) have no rows. */
VT_API const vt_option *vt_agemap_option_table(size_t *n);

/* The same for vt_agemap_options: its table's rows, and "asinh_scale", a number >= 0 in eV/s
 * per atom (the unit may be written: "0.01 eV/s"), stored in J/(mol s). Messages as
 * vt_lammps_option_set_text's. */
VT_API int vt_agemap_option_set_text(vt_agemap_options *o, const char *row, const char *name,
                                     const char *text, vt_error *err);

/* Average the raw entries, fit the spline, evaluate it on the grid, find the lines. `avg`
 * (may be NULL) receives the averaged entries the spline was fitted to. Fails with a message
 * when the entries hold one temperature only (no surface in T), or when more than
 * VT_TPS_MAX_POINTS averaged entries are asked to take the dense solve. The grid is evaluated
 * on all threads (OpenMP), masked points skipped. */
VT_API int vt_agemap_compute(const vt_age_entries *raw, const vt_agemap_options *opts,
                             vt_age_entries *avg, vt_rate_map *map, vt_rate_lines *lines,
                             vt_error *err);

#ifdef __cplusplus
}
#endif

#endif
