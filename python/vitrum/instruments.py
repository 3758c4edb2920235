"""Instruments: simulation of a program, the virtual Flash DSC, Kovacs two-step annealing and
path matching (paper 000, paper 002). Long calls release the GIL; Ctrl-C (SIGINT) or
vitrum.cancel() from another thread stops them between steps."""
import math

import numpy as np

from . import _vitrum
from .units import quantities, quantity


class Result:
    """Named numpy arrays (and numbers) of a computation: r.T_K, r['T_K'], r.columns."""

    def __init__(self, data, columns=None):
        self.__dict__.update(data)
        self.columns = tuple(columns or data)

    def __getitem__(self, key):
        return self.__dict__[key]

    def __contains__(self, key):
        return key in self.__dict__

    def as_dict(self):
        return {k: self.__dict__[k] for k in self.columns}

    def __repr__(self):
        parts = []
        for k in self.columns:
            v = self.__dict__[k]
            parts.append(f"{k}[{len(v)}]" if isinstance(v, np.ndarray) else f"{k}={v!r}")
        return f"<{type(self).__name__}: {', '.join(parts)}>"


class Trace(Result):
    """A simulation: one row per time-grid node, the CLI's columns with units in their names:
    time_s (s), T_K (K), Tf_K (fictive temperature, K), dH_J_per_mol (enthalpy departure from
    the equilibrium liquid, J/mol), Cp_N (dTf/dT on ramps, NaN elsewhere), segment (0-based
    program line), t_seg_s (time in the segment, s); also H_conf_J_per_mol and requested (rows
    asked for through at_time / at_temp)."""

    CSV_COLUMNS = ("time_s", "T_K", "Tf_K", "dH_J_per_mol", "Cp_N", "segment", "t_seg_s")
    #: The unit of each column (as its name says; Cp_N is normalised, segment an index).
    UNITS = {"time_s": "s", "T_K": "K", "Tf_K": "K", "dH_J_per_mol": "J/mol", "Cp_N": "1",
             "segment": "", "t_seg_s": "s", "H_conf_J_per_mol": "J/mol", "requested": ""}

    def __len__(self):
        return len(self.time_s)

    def only_requested(self):
        """The rows asked for through at_time / at_temp (what the CLI writes then)."""
        mask = self.requested
        return Trace({k: self[k][mask] for k in self.columns}, self.columns)

    def as_array(self):
        """A numpy structured array of the CSV columns."""
        dt = [(k, self[k].dtype) for k in self.CSV_COLUMNS]
        out = np.empty(len(self), dtype=dt)
        for k in self.CSV_COLUMNS:
            out[k] = self[k]
        return out


#: The library's option tables (vt_grid_option_table, vt_dsc_option_table): a row's name is the
#: keyword (the CLI spells it --NAME, '_' as '-'), with its kind, dimension, display unit, help
#: and default. A value is a number in SI or a string with its unit; the library sets the field.
GRID_OPTIONS = {r["name"]: r for r in _vitrum.options("grid")}
DSC_OPTIONS = {r["name"]: r for r in _vitrum.options("dsc")}


def _options_doc(*tables):
    """The keyword lines of a docstring, from the tables' rows."""
    w = max([8] + [len(name) + 1 for t in tables for name in t])
    return "\n".join(f"    {r['name']:<{w}} {r['help']}" +
                     (f" (default {r['default']})" if r["default"] is not None else "")
                     for t in tables for r in t.values())


def _grid(dT=None, ppd=None, t_first=None, at_time=None, at_temp=None):
    g = {"dT": dT, "ppd": ppd, "t_first": t_first}
    if at_time is not None:
        g["at_time_s"] = quantities(at_time, "time")
    if at_temp is not None:
        g["at_T_K"] = quantities(at_temp, "temperature")
    return g


def _dsc_options(**kw):
    known = {**DSC_OPTIONS, **GRID_OPTIONS}
    for k in kw:
        if k not in known:
            raise TypeError(f"unknown DSC option {k!r} (known: {', '.join(known)})")
    return dict(kw)


def _program(program):
    from .program import Program
    if program is None or isinstance(program, Program):
        return program
    return Program(program)


def simulate(model, program, *, dT=None, ppd=None, t_first=None, at_time=None, at_temp=None):
    """Run `model` over a thermal `program` (a Program or program text) and return a Trace.
    Values are SI numbers (K, s) or strings with units ('0.05 K', '1e-4 s'):

{grid}
    at_time  extra output times from the program start (s; list or '0.1, 1, 10 s')
    at_temp  extra output points where ramps cross these temperatures (K)

    The same numbers as `vitrum simulate --program FILE` (its CSV columns). Releases the GIL;
    raises vitrum.Cancelled after vitrum.cancel(), KeyboardInterrupt on Ctrl-C.
    """
    p = _program(program)
    data = _vitrum.simulate(model._h, p._h, _grid(dT, ppd, t_first, at_time, at_temp))
    return Trace(data, ("time_s", "T_K", "Tf_K", "dH_J_per_mol", "Cp_N", "segment", "t_seg_s",
                        "H_conf_J_per_mol", "requested"))


simulate.__doc__ = simulate.__doc__.replace("{grid}", _options_doc(GRID_OPTIONS))


class DSC(Result):
    """A virtual Flash DSC run: `scan` (the annealed heating scan), `reference` (the as-cooled
    scan) and `peak` (annealed minus reference), each a Result. Scans: T_edge_K, T_K, time_s,
    heat_flow_W_per_mol (W/mol, endothermic positive), heat_rate_K_per_s, Tf_start_K, Tf_end_K,
    H_conf_start_J_per_mol, H_conf_end_J_per_mol. Peak: T_K, dheat_flow_W_per_mol,
    dh_dsc_J_per_mol (its area: the enthalpy the anneal released), dh_state_J_per_mol,
    end_mismatch_J_per_mol, metrics (area, x_peak = Tp in K, y_peak in J/(mol K), fwhm (K),
    x_half_low, x_half_high, x_onset, x_end; None without a positive peak), warning (None, or
    why the peak is no measurement of the anneal: none resolved, or below the temperature of
    the program's last hold; vt_dsc_peak_check, the warning of `vitrum dsc`)."""


def dsc(model, anneal=None, *, T_eq=None, cool_rate=None, T_low=None, heat_rate=None,
        T_high=None, cp_glass=None, molar_mass=None, sample_mass=None, dT=None, ppd=None,
        t_first=None):
    """One heating scan after an annealing program (None: the as-cooled reference alone):
    equilibrium at T_eq, quench at cool_rate to the anneal's start, the anneal, quench to T_low,
    heat at heat_rate to T_high. Returns a DSC result; with an anneal also the reference scan
    and the relaxation peak, as `vitrum dsc --program ANNEAL` prints. Values are SI numbers or
    strings with units:

{dsc}
"""
    opts = _dsc_options(T_eq=T_eq, cool_rate=cool_rate, T_low=T_low, heat_rate=heat_rate,
                        T_high=T_high, cp_glass=cp_glass, molar_mass=molar_mass,
                        sample_mass=sample_mass, dT=dT, ppd=ppd, t_first=t_first)
    p = _program(anneal)
    scan, ref, peak = _vitrum.dsc(model._h, None if p is None else p._h, opts)
    if peak is not None and peak["metrics"] is not None:
        peak["metrics"] = Result(peak["metrics"])
    return DSC({"scan": Result(scan), "reference": None if ref is None else Result(ref),
                "peak": None if peak is None else Result(peak)}, ("scan", "reference", "peak"))


dsc.__doc__ = dsc.__doc__.replace("{dsc}", _options_doc(DSC_OPTIONS, GRID_OPTIONS))


def quench_enthalpy(model, T, *, T_eq=None, cool_rate=None, dT=None, ppd=None):
    """The configurational enthalpy (J/mol) of the as-cooled glass as the DSC's quench from
    T_eq at cool_rate (defaults as for dsc()) passes each T (K, array; vt_dsc_quench_enthalpy):
    the reference of "enthalpy released by annealing" at that temperature."""
    opts = _dsc_options(T_eq=T_eq, cool_rate=cool_rate, dT=dT, ppd=ppd)
    return _vitrum.dsc_quench_enthalpy(model._h, np.atleast_1d(quantities(T, "temperature")),
                                       opts)


def default_t2():
    """The default second-step times of `vitrum kovacs` and kovacs(): 0.01 s to 2000 s, 6 per
    decade (s; vt_kovacs_default_t2)."""
    return _vitrum.kovacs_default_t2()


def kovacs(model, T1, t1, T2, t2=None, *, jump_rate=None, threads=0, **dsc_options):
    """Kovacs two-step annealing (paper 000 Fig. 2), every T1 x t1 pair in parallel (OpenMP
    `threads`, 0: all): quench to T1, hold t1, heat to T2 at jump_rate (default the quench
    rate), hold t2. Returns a list of Results in T1-major order, each with T1_K, t1_s, T2_K,
    t2_s[], dh_J_per_mol[] (released vs the as-cooled glass as a DSC reads it, J/mol),
    dh_at_T2_J_per_mol[], dh1_J_per_mol, dh_peak_J_per_mol (memory strength), t_peak_s.
    T1, t1, t2 are lists (K, s) or strings ('348, 363 K'); DSC options as for dsc()."""
    opts = _dsc_options(**dsc_options)
    t2 = None if t2 is None else quantities(t2, "time")  # None: the library's default_t2()
    jr = math.nan if jump_rate is None else quantity(jump_rate, "rate")  # NaN: the quench rate
    curves = _vitrum.kovacs(model._h, opts, quantities(T1, "temperature"), quantities(t1, "time"),
                            quantity(T2, "temperature"), jr, t2, int(threads))
    return [Result(c) for c in curves]



def pathmatch(model, T_s, T_a, phi, *, peaks=True, **dsc_options):
    """Paper 002: cooling T_s -> T_a at each rate phi (after a quench to T_s) against the
    isothermal anneal at T_a that releases the same enthalpy. Returns one Result per rate:
    phi_K_per_s, dh_path_J_per_mol (the enthalpy both paths released at T_a, J/mol), t_a_s,
    evaluations, and with peaks=True the relaxation peaks of both paths (peak_cool, peak_iso: DSC peak Results) and Tp_cool_K, FWHM_cool_K, Tp_iso_K,
    FWHM_iso_K as `vitrum pathmatch` prints (NaN without a peak)."""
    opts = _dsc_options(**dsc_options)
    Ts, Ta = quantity(T_s, "temperature"), quantity(T_a, "temperature")
    out = []
    for rate in quantities(phi, "rate"):
        r = _vitrum.pathmatch(model._h, opts, Ts, Ta, rate, bool(peaks))
        for name in ("cool", "iso") if peaks else ():
            pk = r[f"peak_{name}"]
            m = pk["metrics"]
            r[f"Tp_{name}_K"] = m["x_peak"] if m else math.nan
            r[f"FWHM_{name}_K"] = m["fwhm"] if m else math.nan
            pk["metrics"] = Result(m) if m else None
            r[f"peak_{name}"] = Result(pk)
        out.append(Result(r))
    return out



def cancel():
    """Stop every running vitrum call (from another thread, a GUI callback, ...): they raise
    vitrum.Cancelled within one simulation step. Calls starting later are not affected."""
    _vitrum.cancel()


class DSCMap(Result):
    """Heat-flow maps of a DSC sweep (paper 000 Fig. 1d-f): T_a_K[nT] and t_a_s[nt] (the
    anneals), T_K[n] (the heating scan's temperature steps, K), dheat_flow_W_per_mol[nT, nt, n]
    (relaxation heat flow: annealed minus as-cooled, W/mol, endothermic positive), and per
    anneal [nT, nt]: dh_J_per_mol (the peak's area, J/mol), Tp_K, FWHM_K, onset_K, end_K (K;
    NaN without a peak). table() gives the CLI's --table rows."""

    TABLE = ("T_a_K", "t_a_s", "dh_J_per_mol", "Tp_K", "FWHM_K", "onset_K", "end_K")

    def table(self):
        """Rows (T_a_K, t_a_s, dh_J_per_mol, Tp_K, FWHM_K, onset_K, end_K) in the CLI's order
        (T_a outer, t_a inner), as a numpy structured array."""
        T, t = np.meshgrid(self.T_a_K, self.t_a_s, indexing="ij")
        out = np.empty(T.size, dtype=[(k, float) for k in self.TABLE])
        for k, v in zip(self.TABLE, (T, t, self.dh_J_per_mol, self.Tp_K, self.FWHM_K,
                                     self.onset_K, self.end_K)):
            out[k] = np.ravel(v)
        return out


def dsc_map(model, T_a, t_a, *, pre_anneal=None, **dsc_options):
    """A DSC sweep in one call, as `vitrum dsc --anneal-T LIST --anneal-t LIST [--pre-anneal
    'T1, t1']`: for each annealing temperature T_a (K) and time t_a (s), quench from T_eq to
    T_a (or to T1, hold t1 and ramp at the quench rate to T_a), hold t_a, quench and heat; the
    relaxation peak against the as-cooled reference. Returns a DSCMap. T_a, t_a: lists or
    strings with units ('383 K', '0.1, 1, 10 s'); pre_anneal: (T1, t1) or '373 K, 50 s'; DSC
    options as for dsc(). Releases the GIL for the whole sweep; cancellable."""
    opts = _dsc_options(**dsc_options)
    pre = pre_anneal  # text: the library reads it (vt_dsc_parse_pre_anneal)
    if pre is not None and not isinstance(pre, str):
        pre = (quantity(pre[0], "temperature"), quantity(pre[1], "time"))
    Ta, ta = quantities(T_a, "temperature"), quantities(t_a, "time")
    T, dq, rows = _vitrum.dsc_map(model._h, opts, Ta, ta, pre)
    data = {"T_a_K": np.asarray(Ta, float), "t_a_s": np.asarray(ta, float), "T_K": T,
            "dheat_flow_W_per_mol": dq}
    for i, k in enumerate(("dh_J_per_mol", "Tp_K", "FWHM_K", "onset_K", "end_K")):
        data[k] = rows[:, :, i]
    return DSCMap(data)
