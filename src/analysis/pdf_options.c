/* The option tables (options.h) of the X-ray PDF's options structs: `vitrum pdf`'s --axis,
 * --qmin, --norm-range, --rmin, --peak-range ... and the keywords of vitrum.pdf come from these
 * rows. The fields are in the field's own units, Angstrom and 1/Angstrom (VT_OPTION_IN_UNIT), so
 * bare numbers are read in them as pdf.h's parsers read them ("16.5" is 16.5 1/A, "2 nm" 20 A),
 * and the messages are the words `vitrum pdf` has always printed (VT_OPTION_EXPECT_READ).
 *
 * Not rows: the wavelength (it also takes a photon energy, lambda = h c / E, which is no unit of
 * a length: vt_pdf_parse_wavelength), the background scale b (a plain number; the command
 * line shows it beside --background, away from the Q rows) and the first peak's split (the
 * command line says --no-split). */
#include <stddef.h>

#include "vitrum/options.h"
#include "vitrum/pdf.h"

/* A range row's field is two adjacent doubles (double[2]); the choice row's an int. */
_Static_assert(offsetof(vt_sq_options, norm_Q_hi_inv_A) ==
                   offsetof(vt_sq_options, norm_Q_lo_inv_A) + sizeof(double),
               "norm_Q_lo/hi adjacent");
_Static_assert(offsetof(vt_first_peak_options, r_hi_A) ==
                   offsetof(vt_first_peak_options, r_lo_A) + sizeof(double),
               "r_lo/hi adjacent");
_Static_assert(sizeof(vt_pattern_axis) == sizeof(int), "the axis is stored as an int");

#define EXPECT_Q      "expected a number with an optional unit (1/A or 1/nm)"
#define EXPECT_LENGTH "expected a number with an optional unit (A, nm or pm)"
#define EXPECT_RANGE  "expected two increasing values"
#define Q_ROW         VT_OPTION_IN_UNIT | VT_OPTION_EXPECT_READ

#define READ(field) offsetof(vt_pattern_read_options, field)
static const vt_option read_rows[] = {
    {.name = "axis",
     .kind = VT_OPTION_CHOICE,
     .offset = READ(no_header),
     .arg = "Q|2theta",
     .help = "first column of files without a header (Q in 1/A, 2theta in deg)",
     .flags = VT_OPTION_NO_DEFAULT,
     .choices = "none|Q|2theta", /* in the order of vt_pattern_axis */
     .expect = "expected 'Q' or '2theta'"},
};

#define SQ(field) offsetof(vt_sq_options, field)
static const vt_option sq_rows[] = {
    {.name = "qmin",
     .kind = VT_OPTION_QUANTITY,
     .offset = SQ(Q_min_inv_A),
     .dim = VT_DIM_INVERSE_LENGTH,
     .arg = "Q",
     .help = "S(Q): the low end of the Q range used (1/A, or '165 1/nm')",
     .flags = Q_ROW,
     .unit = "1/A",
     .expect = EXPECT_Q},
    {.name = "qmax",
     .kind = VT_OPTION_QUANTITY,
     .offset = SQ(Q_max_inv_A),
     .dim = VT_DIM_INVERSE_LENGTH,
     .arg = "Q",
     .help = "the high end of the Q range (both default to the data's)",
     .flags = Q_ROW,
     .unit = "1/A",
     .expect = EXPECT_Q},
    {.name = "compton",
     .kind = VT_OPTION_FLAG,
     .offset = SQ(compton),
     .help = "subtract the Compton scattering sum c_i S_inc,i(Q) (xraylib)"},
    {.name = "norm_range",
     .kind = VT_OPTION_RANGE,
     .offset = SQ(norm_Q_lo_inv_A),
     .dim = VT_DIM_INVERSE_LENGTH,
     .arg = "'Q1,Q2'",
     .help = "the window where S -> 1 fixes alpha (1/A; default the top 30% of Q)",
     .flags = VT_OPTION_IN_UNIT,
     .unit = "1/A",
     .expect = EXPECT_RANGE},
    {.name = "norm_factor",
     .kind = VT_OPTION_QUANTITY,
     .offset = SQ(norm_factor),
     .dim = VT_DIM_NONE,
     .arg = "ALPHA",
     .help = "a fixed alpha instead of the fit",
     .flags = VT_OPTION_POSITIVE},
};

/* The grid's defaults are told in one sentence after the options (`vitrum pdf --help`). */
#define R_ROW     VT_OPTION_IN_UNIT | VT_OPTION_EXPECT_READ | VT_OPTION_NO_DEFAULT
#define RG(field) offsetof(vt_r_grid_options, field)
static const vt_option r_grid_rows[] = {
    {.name = "rmin",
     .kind = VT_OPTION_QUANTITY,
     .offset = RG(r_min_A),
     .dim = VT_DIM_LENGTH,
     .arg = "R",
     .help = "G(r): the start of the r grid (A, nm or pm; defaults below)",
     .flags = R_ROW,
     .unit = "A",
     .expect = EXPECT_LENGTH},
    {.name = "rmax",
     .kind = VT_OPTION_QUANTITY,
     .offset = RG(r_max_A),
     .dim = VT_DIM_LENGTH,
     .arg = "R",
     .help = "the end of the r grid",
     .flags = R_ROW,
     .unit = "A",
     .expect = EXPECT_LENGTH},
    {.name = "dr",
     .kind = VT_OPTION_QUANTITY,
     .offset = RG(dr_A),
     .dim = VT_DIM_LENGTH,
     .arg = "R",
     .help = "the step of the r grid",
     .flags = R_ROW,
     .unit = "A",
     .expect = EXPECT_LENGTH},
};

#define PEAK(field) offsetof(vt_first_peak_options, field)
static const vt_option peak_rows[] = {
    {.name = "peak_range",
     .kind = VT_OPTION_RANGE,
     .offset = PEAK(r_lo_A),
     .dim = VT_DIM_LENGTH,
     .arg = "'r1,r2'",
     .help = "first peak: the window holding it (A; default: the first maximum\n"
             "reaching half the highest, out to where G turns <= 0)",
     .flags = VT_OPTION_IN_UNIT,
     .unit = "A",
     .expect = EXPECT_RANGE},
};

#define TABLE(fn, rows)                                                                            \
  const vt_option *fn(size_t *n) {                                                                 \
    if (!n) return NULL;                                                                           \
    *n = sizeof rows / sizeof *rows;                                                               \
    return rows;                                                                                   \
  }
TABLE(vt_pattern_read_option_table, read_rows)
TABLE(vt_sq_option_table, sq_rows)
TABLE(vt_r_grid_option_table, r_grid_rows)
TABLE(vt_first_peak_option_table, peak_rows)
