/* The option tables of the MD runs (md.h): each field of vt_md_quench_options,
 * vt_md_anneal_options and vt_md_min_options described once, with its MD display unit; the
 * command line (vitrum md) and the Python keywords (vitrum.md.quench/anneal) read these rows.
 * The progress callbacks have no rows. The help texts are the command line's: it shows the
 * rows of both runs in one list, so a row says which run it is for. */
#include "../core/option_rows.h"
#include "md_internal.h"

/* A quantity, an int (from `lo`), a text, each with its arg, help, flags (and display unit). */
#define MDQ(nm, T, field, d, u, a, h, fl) OPT_QU(nm, offsetof(T, field), d, u, a, h, fl)
#define MDI(nm, T, field, lo, hi, a, h)   OPT_IR(nm, offsetof(T, field), lo, hi, a, h)
#define MDS(nm, T, field, a, h)           OPT_S(nm, offsetof(T, field), a, h)

#define Q             vt_md_quench_options
#define A             vt_md_anneal_options
#define M             vt_md_min_options
#define TIMESTEP_HELP "MD time step"
#define STOP_HELP     "simulated time in this call (the run stays resumable)"

static const vt_option quench_rows[] = {
    MDS("composition", Q, composition, "ELEMENTS", "quench: e.g. Zr44Cu56"),
    MDI("atoms", Q, atoms, 1, 0, "N", "quench: atom count"),
    MDS("potential", Q, potential, "FILE", "quench: EAM/FS potential file"),
    MDI("seed", Q, seed, 1, 0, "N", "quench: positions and velocities; anneal: velocities at T"),
    MDQ("timestep", Q, timestep_s, VT_DIM_TIME, "fs", "TIME", TIMESTEP_HELP, 0),
    MDQ("melt", Q, T_melt_K, VT_DIM_TEMPERATURE, NULL, "T", "quench: liquid temperature", 0),
    MDQ("melt_time", Q, melt_s, VT_DIM_TIME, "ns", "TIME", "quench: liquid equilibration", 0),
    MDQ("rate", Q, rate_K_per_s, VT_DIM_RATE, "K/ps", "R", "quench: cooling rate", 0),
    MDQ("T_end", Q, T_end_K, VT_DIM_TEMPERATURE, NULL, "T",
        "quench: end (the thermostat needs a target above 0 K)", 0),
    MDQ("checkpoint", Q, checkpoint_s, VT_DIM_TIME, "ps", "TIME", "quench: restart file interval",
        0),
    MDQ("stop_after", Q, stop_after_s, VT_DIM_TIME, "ps", "TIME", STOP_HELP, VT_OPTION_NO_DEFAULT),
};

static const vt_option anneal_rows[] = {
    MDQ("T", A, T_K, VT_DIM_TEMPERATURE, NULL, "T", "anneal: temperature", 0),
    MDQ("time", A, time_s, VT_DIM_TIME, "ns", "TIME", "anneal: duration", 0),
    MDQ("every", A, every_s, VT_DIM_TIME, "ps", "TIME", "anneal: E_IS sampling interval", 0),
    MDI("seed", A, seed, 1, 0, "N", "anneal: velocities at T"),
    MDQ("timestep", A, timestep_s, VT_DIM_TIME, "fs", "TIME", TIMESTEP_HELP, 0),
    MDI("sample", A, sample, 0, 1, "0|1",
        "anneal: 0 runs the same chunks without minimisation (a reference)"),
    MDS("save_samples", A, save_samples, "DIR",
        "anneal: keep each sampled configuration (LAMMPS data files)"),
    MDQ("stop_after", A, stop_after_s, VT_DIM_TIME, "ps", "TIME", STOP_HELP, VT_OPTION_NO_DEFAULT),
};

static const vt_option min_rows[] = {
    MDS("min_style", M, style, "sd|cg|fire", "anneal: minimiser"),
    MDQ("etol", M, etol, VT_DIM_NONE, NULL, "X", "anneal: minimiser energy tolerance",
        VT_OPTION_NONNEGATIVE),
    MDQ("ftol", M, ftol, VT_DIM_NONE, NULL, "X", "anneal: minimiser force tolerance (eV/A)",
        VT_OPTION_NONNEGATIVE),
    MDI("maxiter", M, maxiter, 1, 0, "N", "anneal: minimiser iterations"),
    MDI("maxeval", M, maxeval, 1, 0, "N", "anneal: minimiser force evaluations"),
};

OPT_TABLE(vt_md_quench_option_table, quench_rows)
OPT_TABLE(vt_md_anneal_option_table, anneal_rows)
OPT_TABLE(vt_md_min_option_table, min_rows)
