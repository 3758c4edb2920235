/* The option table of the ageing map (pel.h: vt_agemap_options): `vitrum agemap` and
 * vitrum.pel.agemap read its rows, so each field, its unit and its help are written once. */
#include "../core/internal.h"

#define AM(field) offsetof(vt_agemap_options, field)

/* The choices are written into enum fields as int (options.h): they must be one. */
_Static_assert(sizeof(vt_agemap_transform) == sizeof(int), "transform is an int");
_Static_assert(sizeof(vt_tps_method) == sizeof(int), "spline method is an int");

static const vt_option agemap_rows[] = {
    {.name = "E_bin",
     .kind = VT_OPTION_QUANTITY,
     .offset = AM(E_bin),
     .dim = VT_DIM_MOLAR_ENERGY,
     .unit = "eV",
     .arg = "E",
     .help = "averaging bin in E_IS (default 1/100 of the E_IS span)",
     .flags = VT_OPTION_POSITIVE | VT_OPTION_NO_DEFAULT},
    {.name = "lambda",
     .kind = VT_OPTION_QUANTITY,
     .offset = AM(lambda),
     .dim = VT_DIM_NONE,
     .arg = "X",
     .help = "spline smoothing: the weight of the bending energy against the\n"
             "squared residuals, coordinates scaled to the unit square;\n"
             "0 interpolates",
     .flags = VT_OPTION_NONNEGATIVE},
    {.name = "transform",
     .kind = VT_OPTION_CHOICE,
     .offset = AM(transform),
     .choices = "linear|asinh", /* vt_agemap_transform's order */
     .help = "smooth the rate, or asinh(rate/scale) (decades weigh alike)"},
    {.name = "nT",
     .kind = VT_OPTION_INT,
     .offset = AM(nT),
     .min = 3,
     .max = 2001,
     .arg = "N",
     .help = "map grid: temperatures"},
    {.name = "nE",
     .kind = VT_OPTION_INT,
     .offset = AM(nE),
     .min = 3,
     .max = 2001,
     .arg = "N",
     .help = "map grid: E_IS rows"},
    {.name = "T_range",
     .kind = VT_OPTION_RANGE,
     .offset = AM(T_range_K),
     .dim = VT_DIM_TEMPERATURE,
     .arg = "'LO, HI K'",
     .help = "map range in T (default: the data's)"},
    {.name = "E_range",
     .kind = VT_OPTION_RANGE,
     .offset = AM(E_range),
     .dim = VT_DIM_MOLAR_ENERGY,
     .unit = "eV",
     .arg = "'LO, HI eV'",
     .help = "map range in E_IS (default: the data's)"},
    {.name = "spline",
     .kind = VT_OPTION_CHOICE,
     .offset = AM(spline.method),
     .choices = "auto|dense|local", /* vt_tps_method's order */
     .help = "dense solve or local spline (auto: by --dense-max)"},
    {.name = "mask",
     .kind = VT_OPTION_INT,
     .offset = AM(mask),
     .min = 0,
     .max = 1,
     .arg = "0|1",
     .help = "1: NaN where the curves do not bracket a point (the spline\n"
             "interpolates between curves); 0 keeps the spline there"},
};

const vt_option *vt_agemap_option_table(size_t *n) {
  if (!n) return NULL;
  *n = sizeof agemap_rows / sizeof *agemap_rows;
  return agemap_rows;
}
