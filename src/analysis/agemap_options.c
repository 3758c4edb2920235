/* The option table of the ageing map (pel.h: vt_agemap_options): `vitrum agemap` and
 * vitrum.pel.agemap read its rows, so each field, its unit and its help are written once. */
#include "../core/internal.h"
#include "../core/option_rows.h"

#define AM(field) offsetof(vt_agemap_options, field)

/* The choices are written into enum fields as int (options.h): they must be one. */
_Static_assert(sizeof(vt_agemap_transform) == sizeof(int), "transform is an int");
_Static_assert(sizeof(vt_tps_method) == sizeof(int), "spline method is an int");

static const vt_option agemap_rows[] = {
    OPT_QU("E_bin", AM(E_bin), VT_DIM_MOLAR_ENERGY, "eV", "E",
           "averaging bin in E_IS (default 1/100 of the E_IS span)",
           VT_OPTION_POSITIVE | VT_OPTION_NO_DEFAULT),
    OPT_Q("lambda", AM(lambda), VT_DIM_NONE, "X",
          "spline smoothing: the weight of the bending energy against the\n"
          "squared residuals, coordinates scaled to the unit square;\n"
          "0 interpolates",
          VT_OPTION_NONNEGATIVE),
    OPT_C("transform", AM(transform), "linear|asinh" /* vt_agemap_transform's order */,
          "smooth the rate, or asinh(rate/scale) (decades weigh alike)"),
    OPT_IR("nT", AM(nT), 3, 2001, "N", "map grid: temperatures"),
    OPT_IR("nE", AM(nE), 3, 2001, "N", "map grid: E_IS rows"),
    OPT_R("T_range", AM(T_range_K), VT_DIM_TEMPERATURE, NULL, "'LO, HI K'",
          "map range in T (default: the data's)", 0, NULL),
    OPT_R("E_range", AM(E_range), VT_DIM_MOLAR_ENERGY, "eV", "'LO, HI eV'",
          "map range in E_IS (default: the data's)", 0, NULL),
    OPT_C("spline", AM(spline.method), "auto|dense|local" /* vt_tps_method's order */,
          "dense solve or local spline (auto: by --dense-max)"),
    OPT_IR("mask", AM(mask), 0, 1, "0|1",
           "1: NaN where the curves do not bracket a point (the spline\n"
           "interpolates between curves); 0 keeps the spline there"),
};

OPT_TABLE(vt_agemap_option_table, agemap_rows)
