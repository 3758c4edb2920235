/* The option table of the LAMMPS log reader (pel.h: vt_lammps_options): `vitrum agemap` and
 * vitrum.pel.read_eis read its rows. */
#include "../core/internal.h"
#include "../core/option_rows.h"

#define LO(field) offsetof(vt_lammps_options, field)

static const vt_option lammps_rows[] = {
    OPT_S("energy_column", LO(energy_column), "NAME", "LAMMPS: thermo column holding E_IS"),
    OPT_QU("timestep", LO(timestep_s), VT_DIM_TIME, "fs", "TIME", "LAMMPS: time per step",
           VT_OPTION_POSITIVE),
    OPT_S("T_column", LO(T_column), "NAME",
          "LAMMPS: average this column for T when no --T is given"),
};

OPT_TABLE(vt_lammps_option_table, lammps_rows)
