"""Kinetics of peak temperatures against heating rate (Kissinger; Eyring, paper 000 Eq. 4) and
peak metrics of sampled curves."""
import numpy as np

from . import _vitrum
from .instruments import Result
from .units import quantities, quantity


def peak_metrics(x, y):
    """Metrics of a peak y(x) against y = 0 (x increasing): area, x_peak, y_peak, fwhm,
    x_half_low, x_half_high, x_onset, x_end (units follow x and y)."""
    return Result(_vitrum.peak_metrics(np.asarray(x, float), np.asarray(y, float)))


def kissinger(rates, Tp):
    """Kissinger fit ln(rate/Tp^2) = -dE/(R Tp) + c over n >= 3 points: rates (K/s or strings
    such as '1000 K/s'), peak temperatures Tp (K). Returns dE_J_per_mol, se_dE_J_per_mol,
    intercept, se_intercept, r2, n; the line drawn through the points, ln(rate/Tp^2) = line_a +
    line_b_K / Tp; and their span Tp_min_K, Tp_max_K, rate_min_K_per_s, rate_max_K_per_s (all
    from one library call, vt_rate_fit_points, as `vitrum kissinger` has them)."""
    return Result(_vitrum.kissinger(quantities(rates, "rate"), quantities(Tp, "temperature")))


def eyring(rates, Tp):
    """Eyring (absolute reaction rate, paper 000 Eq. 4) fit: H_J_per_mol, S_J_per_mol_K with
    standard errors, r2, mean_Tp_K, kissinger_dE_J_per_mol (+ se) and H_plus_RTp_J_per_mol;
    the line ln(rate/Tp^3) = line_a + line_b_K / Tp and the points' span as kissinger's
    (vt_rate_fit_points)."""
    return Result(_vitrum.eyring(quantities(rates, "rate"), quantities(Tp, "temperature")))


def eyring_peak_temperature(H, S, rate):
    """The peak temperature (K) Eq. 4 predicts for H (J/mol), S (J/(mol K)) and a rate (K/s)."""
    return _vitrum.eyring_peak_temperature(quantity(H, "molar_energy"), float(S),
                                           quantity(rate, "rate"))


def read_rate_peaks(path):
    """Peak temperatures at several heating rates from a CSV (vt_read_rate_peaks, the table
    `vitrum kissinger --table` and `vitrum eyring --table` read): columns rate|heating_rate|beta
    and Tp|T_p|Tpeak with their units. A Result with rate_K_per_s, Tp_K (SI arrays) and line
    (the source line of each point); errors name path:line."""
    r = _vitrum.read_rate_peaks(str(path))
    r["line"] = np.asarray(r["line"], int)
    return Result(r)


def relaxation_class(E, Tg, m):
    """Which relaxation an activation energy E (J/mol or '86 kJ/mol') is, for a glass of Tg (K)
    and fragility m, as `vitrum debye` labels its peaks (vt_relaxation_class): "gamma/beta'"
    (20-60 kJ/mol), "beta" ((26 +- 4) R Tg) or "alpha" (m R Tg ln 10), the nearest in ln E
    (None for non-positive input). A Result with name and ranges {class: (lo, hi) J/mol}
    (vt_relaxation_class_ranges)."""
    name, ranges = _vitrum.relaxation_class(quantity(E, "molar_energy"),
                                            quantity(Tg, "temperature"), float(m))
    return Result({"name": name, "ranges": ranges})
