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

#include "../core/option_rows.h"
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
#define Q_FLAGS       VT_OPTION_IN_UNIT | VT_OPTION_EXPECT_READ

#define READ(field) offsetof(vt_pattern_read_options, field)
static const vt_option read_rows[] = {
    OPT_CE("axis", READ(no_header), "none|Q|2theta" /* in the order of vt_pattern_axis */,
           "Q|2theta", "first column of files without a header (Q in 1/A, 2theta in deg)",
           VT_OPTION_NO_DEFAULT, "expected 'Q' or '2theta'"),
};

#define SQ(field) offsetof(vt_sq_options, field)
static const vt_option sq_rows[] = {
    OPT_QUE("qmin", SQ(Q_min_inv_A), VT_DIM_INVERSE_LENGTH, "1/A", "Q",
            "S(Q): the low end of the Q range used (1/A, or '165 1/nm')", Q_FLAGS, EXPECT_Q),
    OPT_QUE("qmax", SQ(Q_max_inv_A), VT_DIM_INVERSE_LENGTH, "1/A", "Q",
            "the high end of the Q range (both default to the data's)", Q_FLAGS, EXPECT_Q),
    OPT_F("compton", SQ(compton), "subtract the Compton scattering sum c_i S_inc,i(Q) (xraylib)"),
    OPT_R("norm_range", SQ(norm_Q_lo_inv_A), VT_DIM_INVERSE_LENGTH, "1/A", "'Q1,Q2'",
          "the window where S -> 1 fixes alpha (1/A; default the top 30% of Q)", VT_OPTION_IN_UNIT,
          EXPECT_RANGE),
    OPT_Q("norm_factor", SQ(norm_factor), VT_DIM_NONE, "ALPHA", "a fixed alpha instead of the fit",
          VT_OPTION_POSITIVE),
};

/* The grid's defaults are told in one sentence after the options (`vitrum pdf --help`). */
#define R_FLAGS   VT_OPTION_IN_UNIT | VT_OPTION_EXPECT_READ | VT_OPTION_NO_DEFAULT
#define RG(field) offsetof(vt_r_grid_options, field)
/* A row of the r grid, in A. */
#define R_ROW(nm, field, hp)                                                                       \
  OPT_QUE(nm, RG(field), VT_DIM_LENGTH, "A", "R", hp, R_FLAGS, EXPECT_LENGTH)
static const vt_option r_grid_rows[] = {
    R_ROW("rmin", r_min_A, "G(r): the start of the r grid (A, nm or pm; defaults below)"),
    R_ROW("rmax", r_max_A, "the end of the r grid"),
    R_ROW("dr", dr_A, "the step of the r grid"),
};

#define PEAK(field) offsetof(vt_first_peak_options, field)
static const vt_option peak_rows[] = {
    OPT_R("peak_range", PEAK(r_lo_A), VT_DIM_LENGTH, "A", "'r1,r2'",
          "first peak: the window holding it (A; default: the first maximum\n"
          "reaching half the highest, out to where G turns <= 0)",
          VT_OPTION_IN_UNIT, EXPECT_RANGE),
};

OPT_TABLE(vt_pattern_read_option_table, read_rows)
OPT_TABLE(vt_sq_option_table, sq_rows)
OPT_TABLE(vt_r_grid_option_table, r_grid_rows)
OPT_TABLE(vt_first_peak_option_table, peak_rows)
