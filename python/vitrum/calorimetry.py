"""Calorimetry of measured (or simulated) heating scans: reference, glass and liquid lines, the
fictive temperature by Moynihan's equal area, the relaxation enthalpy two ways, Tg (ISO
11357-2) and the peak of the corrected difference (vt_cal_analyse), in SI: K, W, J."""
import numpy as np

from . import _vitrum
from .instruments import Result
from .units import quantity

#: The library's table of the analysis's options (vt_cal_option_table): a row's name is the
#: keyword, with its kind, dimension, help and default; the library sets the field.
CAL_OPTIONS = {r["name"]: r for r in _vitrum.options("cal")}


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


def _rows_doc(table, skip=()):
    """The keyword lines of a docstring from a table's rows, wrapped (their help may run over
    several lines), with the defaults help shows."""
    import textwrap
    w = max([8] + [len(k) + 1 for k in table])
    return "\n".join(textwrap.fill(
        r["help"].replace("\n", " ") + (f" (default {r['default']})" if r["default"] else ""),
        92, initial_indent=f"    {k:<{w}} ", subsequent_indent=" " * (w + 5))
        for k, r in table.items() if k not in skip)


def _cal_value(row, v):
    """A keyword's value as vtpy_set_options takes it: choices in any case ('ts' is 'Ts'),
    windows (lo, hi) (K or strings with units) as the row's text "LO, HI K", booleans 0 or 1,
    numbers (SI) and strings with units as they are."""
    if row["kind"] == "choice" and isinstance(v, str):
        return next((c for c in row["arg"].split("|") if c.lower() == v.lower()), v)
    if row["kind"] == "range" and not isinstance(v, str):
        lo, hi = (float(quantity(x, "temperature")) for x in v)
        return f"{lo!r}, {hi!r} K"
    return int(v) if isinstance(v, bool) else v


def _cal_options(**options):
    """analyse's keywords as the binding's dict (vtpy_cal_options); also fit_scans's and
    debye_curves's. None keeps the library's default."""
    for k in options:
        if k not in CAL_OPTIONS:
            raise TypeError(f"unknown calorimetry option {k!r} (known: {', '.join(CAL_OPTIONS)})")
    return {k: _cal_value(CAL_OPTIONS[k], v) for k, v in options.items() if v is not None}


def analyse(curves, references=None, samples="all", **options):
    """Analyse `samples` of a CurveSet against the average of its `references` (indices, or a
    spec such as 'seg:5,9'; None: each curve alone), as `vitrum tf` does. Options (the
    library's table, vt_cal_option_table: choices in any case, booleans for the 0|1 switches,
    windows as (lo, hi) in K or strings such as '40 C', or text such as '40, 60 C'; None: the
    default, windows found automatically):

{cal}

    Returns a Calorimetry result; errors name the curve and what was expected."""
    opts = _cal_options(**options)
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


analyse.__doc__ = analyse.__doc__.replace("{cal}", _rows_doc(CAL_OPTIONS))


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
