"""vitrum: relaxation, rejuvenation and memory effects in glasses, from Python.

The library (libvitrum) with numpy arrays:

    import vitrum
    m = vitrum.Model("tnm", dh="164 kJ/mol", beta=0.43)
    p = vitrum.Program("start 450 K\\ncool to 373 K at 10000 K/s\\nhold 50 s\\n")
    tr = vitrum.simulate(m, p, dT="0.1 K")
    tr.time_s, tr.Tf_K, tr.dH_J_per_mol          # numpy arrays, SI units in their names

Layers: program (Program), model (Model, models), instruments (simulate, simulate_iter and
simulate_stream for programs of any length in O(chunk) memory, dsc, dsc_map, kovacs,
pathmatch; preset and option_words read the papers' protocols and option files), curves
(read_curves), calorimetry (analyse), kinetics (kissinger, eyring, peak
metrics), fits (fit_model, fit_scans, kww_fit, debye_fit, debye_curves, loss_fit), strain
(Visco, strain_simulate, two_step, strain_sweep), pdf, pel, md (LAMMPS, when built). Values with
units are strings ('10 K/s') or SI numbers. Errors raise vitrum.Error subclasses carrying the
library's message.
"""
from ._vitrum import (Cancelled, Error, FileError, InvalidArgument, NoConvergence, NotFound,
                      NumericalError, OutOfMemory, ParseError, RangeError, UnitError)
from ._vitrum import version as _version
from .fits import (FitData, FitResult, cpn_fictive_temperature, debye_curves, debye_fit,
                   debye_heat_flow, fit_model, fit_scans, kww_chi2, kww_eval, kww_fit,
                   kww_integral, loss_fit, predict, prony_kww, read_heat_flow_scans,
                   read_loss_sweep, tnm_ln_tau)
from .instruments import (DSC, DSCMap, Result, Trace, cancel, dsc, dsc_map, kovacs, pathmatch,
                          simulate)
from .calorimetry import Calorimetry, analyse
from .curves import Curve, CurveSet, read_curves
from .kinetics import (eyring, eyring_peak_temperature, kissinger, peak_metrics, read_rate_peaks,
                       relaxation_class)
from .model import Model, models, parameter_table
from . import md, pdf, pel
from .pel import ThinPlateSpline
from .presets import option_words, preset
from .program import Program, Segment
from .stream import simulate_iter, simulate_stream
from .strain import (StrainProgram, StrainSweep, Visco, arrhenius_fit, arrhenius_kww,
                     arrhenius_window, kww_file, memory_peak, read_dma, read_prony_table,
                     read_relax_curves, read_relax_series,
                     read_tp_tau_table, recovery_eval,
                     recovery_fit, strain_simulate, strain_sweep, tp_tau_fit, two_step)
from .units import quantities, quantity, to_unit

__version__ = _version()
