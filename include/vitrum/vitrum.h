/* vitrum: relaxation, rejuvenation and memory effects in glasses.
 * The one public header: include this, link -lvitrum (pkg-config vitrum). */
#ifndef VITRUM_H
#define VITRUM_H

#include "analysis.h"
#include "calorimetry.h"
#include "constants.h"
#include "core.h"
#include "curves.h"
#include "datasets.h"
#include "dsc.h"
#include "fit.h"
#include "io.h"
#include "model.h"
#include "options.h"
#include "program.h"
#include "report.h"
#include "tnm.h"
#include "pdf.h"
#include "peak.h"
#include "pel.h"
#include "table.h"
#include "units.h"
#include "visco.h"

/* vitrum md (LAMMPS + MPI) is optional at build time: md_config.h says whether it is here. */
#include "vitrum/md_config.h"
#ifdef VITRUM_HAVE_MD
#include "md.h"
#endif

#define VT_VERSION_MAJOR 0
#define VT_VERSION_MINOR 1
#define VT_VERSION_PATCH 0

#endif
