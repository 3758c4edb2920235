/* The option table of the LAMMPS log reader (pel.h: vt_lammps_options): `vitrum agemap` and
 * vitrum.pel.read_eis read its rows. */
#include "../core/internal.h"

#define LO(field) offsetof(vt_lammps_options, field)

static const vt_option lammps_rows[] = {
    {.name = "energy_column",
     .kind = VT_OPTION_TEXT,
     .offset = LO(energy_column),
     .arg = "NAME",
     .help = "LAMMPS: thermo column holding E_IS"},
    {.name = "timestep",
     .kind = VT_OPTION_QUANTITY,
     .offset = LO(timestep_s),
     .dim = VT_DIM_TIME,
     .unit = "fs",
     .arg = "TIME",
     .help = "LAMMPS: time per step",
     .flags = VT_OPTION_POSITIVE},
    {.name = "T_column",
     .kind = VT_OPTION_TEXT,
     .offset = LO(T_column),
     .arg = "NAME",
     .help = "LAMMPS: average this column for T when no --T is given"},
};

const vt_option *vt_lammps_option_table(size_t *n) {
  if (!n) return NULL;
  *n = sizeof lammps_rows / sizeof *lammps_rows;
  return lammps_rows;
}
