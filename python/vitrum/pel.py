"""The energy-landscape ageing model of paper 003 (Model('pel')): dE_IS/dt at (E_IS, T), the
steady state and the ageing/rejuvenation boundary, rate maps, E_IS(t) curves from MD with slope
mining and ageing maps, and the thin-plate spline. SI: E_IS in J/mol of atoms (1 eV per atom =
96485.33 J/mol), rates in J/(mol s), T in K. vitrum.simulate(Model('pel'), program) runs the
model over a thermal program."""
import numpy as np

from . import _vitrum
from .instruments import Result, Trace, _grid, _options_doc
from .units import quantity

EV = 96485.33212331001  # J/mol per eV per atom (F x 1 V)


def _E(v):
    return quantity(v, "molar_energy")


def rate(model, E_IS, T):
    """dE_IS/dt (J/(mol s); negative = ageing) with <E_A> and <E_R> (J/mol) at points E_IS
    (J/mol or strings such as '-4.2 eV') and T (K), broadcast: a Result of arrays rate, EA, ER."""
    E = np.atleast_1d(np.asarray([_E(e) for e in np.atleast_1d(E_IS)], float))
    T = np.atleast_1d(np.asarray(T, float))
    E, T = np.broadcast_arrays(E, T)
    r, ea, er = _vitrum.pel_eval(model._h, np.ascontiguousarray(E), np.ascontiguousarray(T))
    return Result({"E_IS": E, "T_K": T, "rate": r, "EA": ea, "ER": er})


def steady_E(model, T):
    """The E_IS (J/mol) where the rate vanishes at T (K)."""
    return _vitrum.pel_point(model._h, "steady_E", quantity(T, "temperature"))[0]


def boundary_T(model, E_IS):
    """The ageing/rejuvenation boundary temperature (K) of an E_IS (NaN when none)."""
    return _vitrum.pel_point(model._h, "boundary_T", _E(E_IS))[0]


def window(model):
    """The model's E_IS window (lo, hi), J/mol."""
    return _vitrum.pel_point(model._h, "window", 0.0)


def max_ageing_T(model, E_IS, T_lo, T_hi, n_scan=64):
    """(T of the most negative rate at E_IS between T_lo and the boundary, that rate)."""
    return _vitrum.pel_max_ageing_T(model._h, _E(E_IS), quantity(T_lo, "temperature"),
                                    quantity(T_hi, "temperature"), int(n_scan))


def rate_map(model, E_range=None, T_range=None, nE=None, nT=None):
    """The rate on an nE x nT grid (paper 003 Fig. 4b) as `vitrum pel-map` (vt_pel_map_run): a
    Result with E_IS (nE), T_K (nT), rate (nE x nT, J/(mol s)), and per E_IS row lines_E_IS,
    T_max_K, rate_max, T_boundary_K (NaN where a row has none). Options (library defaults when
    None; ranges are pairs (lo, hi) of SI numbers or strings with units):

{pel_map}
    """
    o = {"nE": nE, "nT": nT}
    if E_range is not None:
        o["E_range"] = _range(E_range, "molar_energy", "J/mol")
    if T_range is not None:
        o["T_range"] = _range(T_range, "temperature", "K")
    return Result(_vitrum.pel_map(model._h, o))


def scan(model, cool_rate, *, T_start=None, T_low=None, T_end=None, heat_rate=None, dT=None,
         ppd=None):
    """Paper 003 Fig. 4c, one row of `vitrum pel --cool-rates`: Model('pel') in equilibrium at
    T_start (840 K), cooled at cool_rate (K/s or '200 K/s') to T_low (400 K), heated at
    heat_rate (1 K/s) to T_end (T_start) (vt_pel_scan_run). A Result with trace (a Trace of
    both segments), E_IS (J/mol) and rate (J/(mol s)) per row, first (the first heating row),
    E_glass (J/mol) and Tf_glass_K of the glass, T_exo_K and rate_exo of the heating's
    exotherm, cool_K_per_s. dT, ppd: the time grid as for simulate."""
    nan = float("nan")
    q = lambda v, dim: nan if v is None else quantity(v, dim)  # noqa: E731
    r = _vitrum.pel_scan(model._h, quantity(cool_rate, "rate"), q(T_start, "temperature"),
                         q(T_low, "temperature"), q(T_end, "temperature"), q(heat_rate, "rate"),
                         _grid(dT=dT, ppd=ppd))
    r["trace"] = Trace(r["trace"], Trace.CSV_COLUMNS + ("H_conf_J_per_mol", "requested"))
    return Result(r)


def trace_energy(model, trace, *, heating_from=None):
    """E_IS along a simulate(Model('pel'), ...) Trace (vt_pel_trace_energy): a Result with E_IS
    (J/mol, per row) and rate (J/(mol s), the energy flow over the step ending at the row: what
    a calorimeter integrates; NaN at the start and after jumps); with heating_from (the first
    row of a heating at equal T steps) also the exotherm T_exo_K, rate_exo (vt_pel_exotherm)."""
    E, rate, T_exo, rate_exo = _vitrum.pel_trace_energy(
        model._h, trace.as_dict(), -1 if heating_from is None else int(heating_from))
    r = {"E_IS": E, "rate": rate}
    if heating_from is not None:
        r.update(T_exo_K=T_exo, rate_exo=rate_exo)
    return Result(r)


def model_lines(model, E_IS, T_range, *, n_scan=256):
    """The model's lines at the rows E_IS (J/mol array; vt_pel_lines, the model columns of
    `vitrum agemap --compare`): a Result with E_IS, T_max_K (maximum ageing rate searched in
    T_range with n_scan points), rate_max (J/(mol s)) and T_boundary_K per row."""
    lo, hi = (quantity(t, "temperature") for t in T_range)
    return Result(_vitrum.pel_lines(model._h, np.asarray(E_IS, float), lo, hi, int(n_scan)))


def map_model_lines(model, rate_map):
    """The model's lines on the rows of a map (the map Result of agemap, or anything with E_IS
    and T_K), the maximum searched from 300 K below its temperatures to 300 K above
    (vt_pel_map_lines): what `vitrum agemap --compare` sets beside the mined lines. A Result
    as model_lines'."""
    return Result(_vitrum.pel_map_lines(model._h, np.asarray(rate_map.E_IS, float),
                                        np.asarray(rate_map.T_K, float)))


def compare_lines(a, b):
    """|T_max(a) - T_max(b)| over the rows where both are finite (two Results with T_max_K on
    the same rows, e.g. an agemap's map and model_lines at its rows; vt_rate_lines_compare):
    (largest, median (the upper for an even count), rows) in K, as `agemap --compare` says."""
    return _vitrum.compare_lines(np.asarray(a.T_max_K, float), np.asarray(b.T_max_K, float))


def read_eis_csv(path, T_default=float("nan")):
    """E_IS(t) curves of an MD run (CSV with units in the header): a list of Results with name,
    T_K, time_s, E_IS (J/mol)."""
    return [Result(c) for c in _vitrum.read_eis_csv(path, float(T_default))]


_EIS_FORMATS = {"auto": 0, "csv": 1, "lammps": 2}


#: The library's option tables (vt_lammps_option_table, vt_agemap_option_table): a row's name is
#: the keyword (agemap's lambda is lam here), with its kind, unit, help and default.
LAMMPS_OPTIONS = {r["name"]: r for r in _vitrum.options("lammps")}
AGEMAP_OPTIONS = {r["name"]: r for r in _vitrum.options("agemap")}
PEL_MAP_OPTIONS = {r["name"]: r for r in _vitrum.options("pel_map")}


def read_eis(path, *, format="auto", T=None, energy_column=None, energy_unit=None,
             timestep=None, atoms=None, T_column=None):
    """E_IS(t) curves from a CSV or a LAMMPS log, as `vitrum agemap` reads each input file
    (vt_read_eis; logs by vt_read_eis_lammps). format: 'auto' (a LAMMPS log for names ending in
    '.log' or starting with 'log.', else CSV), 'csv' or 'lammps'. T (K or '700 K'): the
    temperature of a curve that carries none (a LAMMPS log: its one curve; None with T_column,
    the mean of that thermo column). LAMMPS options, as agemap's (SI numbers or strings with
    units):

{lammps}
    energy_unit    one unit of the energy column: 'eV' (default, metal units), 'kcal/mol', or
                   J/mol as a number
    atoms          divide energies by this; 'log': the atom count of the log's 'Loop time'
                   line; None: as written

    Returns a list of Results with name, T_K, time_s (s), E_IS (J/mol of atoms). Errors name
    the file and line (vitrum.ParseError, vitrum.FileError, ...)."""
    if format not in _EIS_FORMATS:
        raise ValueError(f"format {format!r}: expected auto, csv or lammps")
    T_K = float("nan") if T is None else quantity(T, "temperature")
    o = {"energy_column": energy_column, "T_column": T_column, "timestep": timestep, "T_K": T_K}
    if isinstance(energy_unit, str):  # a unit's name, read by vt_lammps_option_set_text
        o["energy_unit"] = energy_unit
    elif energy_unit is not None:
        o["energy_unit_J_per_mol"] = float(energy_unit)
    if atoms is not None:  # a count >= 1 or 'log', as the CLI's --atoms
        o["atoms"] = atoms if isinstance(atoms, str) else repr(float(atoms))
    return [Result(c) for c in _vitrum.read_eis(str(path), _EIS_FORMATS[format], T_K, o)]


read_eis.__doc__ = read_eis.__doc__.replace("{lammps}", _options_doc(LAMMPS_OPTIONS))


def _range(pair, dim, unit):
    """(lo, hi), numbers in SI or strings with units, as the text of a range row."""
    lo, hi = (float(quantity(v, dim)) for v in pair)
    return f"{lo!r}, {hi!r} {unit}"


def agemap(curves, *, lam=None, E_bin=None, nT=None, nE=None, T_range=None, E_range=None,
           transform=None, asinh_scale=None, mask=None):
    """Slope mining of E_IS(t) curves and the ageing map of paper 003 (`vitrum agemap`):
    returns (raw entries, averaged entries, map) Results; entries hold T_K, E_IS, rate; the map
    as rate_map's. Options (library defaults when None; lam is the row lambda; mask True/False;
    T_range, E_range pairs (lo, hi)):

{agemap}
    asinh_scale the scale of transform 'asinh' in J/(mol s), or text in eV/s ('0.01 eV/s', as
                --asinh-scale) (default: the median |rate|)
    """
    o = {"lambda": lam, "E_bin": E_bin, "nT": nT, "nE": nE, "transform": transform,
         "mask": None if mask is None else int(bool(mask))}
    if asinh_scale is not None:  # text in eV/s per atom as the CLI's, a number in J/(mol s)
        o["asinh_scale"] = asinh_scale if isinstance(asinh_scale, str) else float(asinh_scale)
    if T_range is not None:
        o["T_range"] = _range(T_range, "temperature", "K")
    if E_range is not None:
        o["E_range"] = _range(E_range, "molar_energy", "J/mol")
    data = [c.as_dict() if isinstance(c, Result) else dict(c) for c in curves]
    raw, avg, m = _vitrum.agemap(data, o)
    return Result(raw), Result(avg), Result(m)


agemap.__doc__ = agemap.__doc__.replace(
    "{agemap}", _options_doc({k: {**r, "help": " ".join(r["help"].split())}  # one line each
                              for k, r in AGEMAP_OPTIONS.items()}))


class ThinPlateSpline:
    """A thin-plate spline z(x, y) (vt_tps): coordinates scaled to the unit square by the data
    ranges; lam = 0 interpolates, larger values smooth towards the least-squares plane.
    method 'auto' (dense up to dense_max points, else local), 'dense' or 'local' (neighbors
    nearest points per evaluation). Call it: spline(x, y) -> array."""

    _METHODS = {"auto": 0, "dense": 1, "local": 2}

    def __init__(self, x, y, z, lam=0.0, *, method="auto", neighbors=48, dense_max=4000):
        self._h = _vitrum._Tps(np.asarray(x, float), np.asarray(y, float), np.asarray(z, float),
                               float(lam), self._METHODS[method], int(neighbors), int(dense_max))

    @property
    def is_local(self):
        return self._h.is_local

    def __call__(self, x, y):
        x, y = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))
        return self._h.eval(x.ravel(), y.ravel()).reshape(x.shape)


rate_map.__doc__ = rate_map.__doc__.replace(
    "{pel_map}", _options_doc({k: {**r, "help": " ".join(r["help"].split())}  # one line each
                               for k, r in PEL_MAP_OPTIONS.items()}))
