"""Calorimetry of measured (or simulated) heating scans: reference, glass and liquid lines, the
fictive temperature by Moynihan's equal area, the relaxation enthalpy two ways, Tg (ISO
11357-2) and the peak of the corrected difference (vt_cal_analyse), in SI: K, W, J."""
from . import _vitrum
from .instruments import Result
from .units import quantity

_AXES = {"auto": 0, "ts": 1, "tr": 2}
_BASELINES = {"lines": 0, "linear": 1, "chord": 2, "none": 3}


class Calorimetry(Result):
    """Result of analyse(): axis ('Ts' or 'Tr'), glass_K and liquid_K (the windows used),
    windows_automatic, n_references, reference (the averaged reference, a Result; None without
    one), tg (onset_K, midpoint_K, inflection_K, end_K, step_W) and curves (one Result per
    sample, in the order given) with index, segment, rate_K_per_s, glass and liquid lines,
    Tf_K, Tf_se_K, dH_area_J, dH_area_se_J, dH_tf_J, noise_W, resolved, peak (x_peak = Tp in
    K, y_peak in W, fwhm in K, ...), peak_area_J and the traces T_K, heat_flow_W, corrected_W,
    difference_W."""


def _indices(curves, which):
    if which is None:
        return []
    if isinstance(which, str):
        return curves.select(which)
    if isinstance(which, int):
        return [which]
    return [int(i) for i in which]


def _pair(v):
    if v is None:
        return None
    lo, hi = v
    return (quantity(lo, "temperature"), quantity(hi, "temperature"))


def analyse(curves, references=None, samples="all", *, axis="auto", endo_up=False,
            baseline="lines", glass=None, liquid=None, range=None, noise_factor=None,
            smooth=None, max_rate_mismatch=None, max_rate_drift=None, min_window_points=None,
            references_by_rate=False):
    """Analyse `samples` of a CurveSet against the average of its `references` (indices, or a
    spec such as 'seg:5,9'; None: each curve alone), as `vitrum tf` does.

    axis      'auto' (Ts when every curve has it), 'Ts' or 'Tr'
    endo_up   the file's sign: False = endothermic down (as STARe exports)
    baseline  'lines' (default), 'linear', 'chord' or 'none'
    glass, liquid, range   (lo, hi) temperature windows (K or strings such as '40 C');
                           None: found automatically
    noise_factor (3), smooth (K, 0.5), max_rate_mismatch (0.01), max_rate_drift (0.05),
    min_window_points (10), references_by_rate (average references per rate)

    Returns a Calorimetry result; errors name the curve and what was expected."""
    opts = {"axis": _AXES[axis.lower()], "endo_up": int(bool(endo_up)),
            "baseline": _BASELINES[baseline.lower()], "glass_K": _pair(glass),
            "liquid_K": _pair(liquid), "range_K": _pair(range),
            "noise_factor": noise_factor, "min_window_points": min_window_points,
            "smooth_K": None if smooth is None else quantity(smooth, "temperature_step"),
            "max_rate_mismatch": max_rate_mismatch, "max_rate_drift": max_rate_drift,
            "references_by_rate": int(bool(references_by_rate))}
    r = _vitrum.cal_analyse(curves._dicts(), _indices(curves, references),
                            _indices(curves, samples), opts)

    def wrap(c):
        c["glass"], c["liquid"], c["peak"] = Result(c["glass"]), Result(c["liquid"]), \
            Result(c["peak"])
        return Result(c)
    r["curves"] = [wrap(c) for c in r["curves"]]
    r["reference"] = wrap(r["reference"]) if r["reference"] else None
    r["tg"] = Result(r["tg"])
    return Calorimetry(r)
