/* The option tables of the DSC sweeps (dsc.h): `vitrum kovacs` and `vitrum pathmatch` place
 * their rows (CLI_TABLE_AT), vitrum.kovacs and vitrum.pathmatch document their arguments by
 * them, so each argument, its unit and its help are written once. */
#include "../core/internal.h"

#define KOV(field) offsetof(vt_kovacs_options, field)
#define PS(field)  offsetof(vt_path_sweep, field)
/* A list (its count at `count`), a quantity. */
#define LIST_ROW(nm, off, count, dm, hp, fl)                                                       \
  { nm, VT_OPTION_LIST, off, dm, "LIST", hp, fl, count, 0, 0, NULL, NULL, NULL }
#define QUANTITY_ROW(nm, off, dm, ag, hp, fl)                                                      \
  { nm, VT_OPTION_QUANTITY, off, dm, ag, hp, fl, 0, 0, 0, NULL, NULL, NULL }

static const vt_option kovacs_rows[] = {
    LIST_ROW("T1", KOV(T1_K), KOV(n_T1), VT_DIM_TEMPERATURE,
             "first-step temperatures, e.g. '348, 363, 373 K'", VT_OPTION_REQUIRED),
    LIST_ROW("t1", KOV(t1_s), KOV(n_t1), VT_DIM_TIME,
             "first-step times, e.g. '0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100 s'",
             VT_OPTION_REQUIRED),
    QUANTITY_ROW("T2", KOV(T2_K), VT_DIM_TEMPERATURE, "T", "second-step temperature, e.g. '383 K'",
                 VT_OPTION_REQUIRED),
    LIST_ROW("t2", KOV(t2_s), KOV(n_t2), VT_DIM_TIME,
             "second-step times (default 0.01 s to 2000 s, 6 per decade)", 0),
    QUANTITY_ROW("jump_rate", KOV(jump_rate_K_per_s), VT_DIM_RATE, "R",
                 "rate from T1 to T2 (default: the quench rate R_c)",
                 VT_OPTION_POSITIVE | VT_OPTION_NO_DEFAULT),
};

static const vt_option path_rows[] = {
    QUANTITY_ROW("T_s", PS(T_s_K), VT_DIM_TEMPERATURE, "T",
                 "start of the slow cooling, e.g. '403 K'", VT_OPTION_REQUIRED),
    QUANTITY_ROW("T_a", PS(T_a_K), VT_DIM_TEMPERATURE, "T", "annealing temperature, e.g. '385 K'",
                 VT_OPTION_REQUIRED),
    LIST_ROW("phi", PS(phi_K_per_s), PS(n_phi), VT_DIM_RATE,
             "cooling rates, e.g. '100, 50, 30, 10, 5, 1 K/s'",
             VT_OPTION_REQUIRED | VT_OPTION_POSITIVE),
};

/* A table's rows, their count in *n; NULL when n is NULL. */
static const vt_option *rows_of(const vt_option *rows, size_t count, size_t *n) {
  if (n) *n = count;
  return n ? rows : NULL;
}

const vt_option *vt_kovacs_option_table(size_t *n) {
  return rows_of(kovacs_rows, sizeof kovacs_rows / sizeof *kovacs_rows, n);
}

const vt_option *vt_path_sweep_option_table(size_t *n) {
  return rows_of(path_rows, sizeof path_rows / sizeof *path_rows, n);
}
