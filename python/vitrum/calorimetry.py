"""Calorimetry of measured (or simulated) heating scans: reference, glass and liquid lines, the
fictive temperature by Moynihan's equal area, the relaxation enthalpy two ways, Tg (ISO
11357-2) and the peak of the corrected difference (vt_cal_analyse), in SI: K, W, J."""
import numpy as np

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


def _cal_options(axis="auto", endo_up=False, baseline="lines", glass=None, liquid=None,
                 range=None, noise_factor=None, smooth=None, max_rate_mismatch=None,
                 max_rate_drift=None, min_window_points=None, references_by_rate=False):
    """analyse's options as the binding's dict (vtpy_cal_options); also fit_scans's."""
    return {"axis": _AXES[axis.lower()], "endo_up": int(bool(endo_up)),
            "baseline": _BASELINES[baseline.lower()], "glass_K": _pair(glass),
            "liquid_K": _pair(liquid), "range_K": _pair(range),
            "noise_factor": noise_factor, "min_window_points": min_window_points,
            "smooth_K": None if smooth is None else quantity(smooth, "temperature_step"),
            "max_rate_mismatch": max_rate_mismatch, "max_rate_drift": max_rate_drift,
            "references_by_rate": int(bool(references_by_rate))}


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
    opts = _cal_options(axis, endo_up, baseline, glass, liquid, range, noise_factor, smooth,
                        max_rate_mismatch, max_rate_drift, min_window_points,
                        references_by_rate)
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


# ---- The analysis's pieces on arrays (calorimetry.h), for curves of one's own --------------


def _line(line):
    return line.as_dict() if isinstance(line, Result) else dict(line)


def fit_line(T, y, T_lo, T_hi, *, min_points=3):
    """The least-squares line y = value_W + slope_W_per_K (T - at_K) of y(T) over [T_lo, T_hi]
    (K or '60 C'; vt_cal_fit_line, the glass and liquid lines of `analyse`): a Result with
    T_lo_K, T_hi_K, at_K, value_W, slope_W_per_K (y's units, per K), var_value,
    cov_value_slope, var_slope (inflated for serially correlated residuals), rms_W, n.
    vitrum.RangeError when fewer than min_points fall inside."""
    return Result(_vitrum.cal_piece("fit", np.asarray(T, float), np.asarray(y, float), None, None,
                                    quantity(T_lo, "temperature"), quantity(T_hi, "temperature"),
                                    int(min_points)))


def line_eval(line, T):
    """A line (fit_line's, or a curve's glass / liquid of `analyse`) at T (K, array)."""
    return _vitrum.cal_piece("eval", _line(line), np.atleast_1d(np.asarray(T, float)))


def fictive_temperature(T, y, glass, liquid):
    """Moynihan's equal-area fictive temperature (K) of y(T) between its glass and liquid lines
    (vt_cal_fictive_temperature): (Tf_K, Tf_se_K), the se from the lines' covariances."""
    return _vitrum.cal_piece("tf", np.asarray(T, float), np.asarray(y, float), _line(glass),
                             _line(liquid))


def step_integral(glass, liquid, Ta, Tb):
    """int_Ta^Tb (liquid - glass) dT (y's units x K; vt_cal_step_integral): over a rate, the
    enthalpy between two fictive temperatures."""
    return _vitrum.cal_piece("step", _line(glass), _line(liquid),
                             quantity(Ta, "temperature"), quantity(Tb, "temperature"))


def glass_transition(T, y, glass, liquid, *, smooth=2.0):
    """Tg of y(T) by ISO 11357-2 between its lines (vt_cal_glass_transition; smooth the half
    width of the local fits, K): a Result with onset_K, midpoint_K, inflection_K, end_K and
    step_W (liquid minus glass at the midpoint)."""
    return Result(_vitrum.cal_piece("tg", np.asarray(T, float), np.asarray(y, float),
                                    _line(glass), _line(liquid), float(smooth)))
