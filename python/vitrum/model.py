"""Relaxation models: TNM (paper 000) and the others the library knows, by name."""
import os

from . import _vitrum
from .units import DIM_NAMES, quantity


def models():
    """[(name, one-line summary)] of the available models."""
    return _vitrum.model_names()


def parameter_table(name):
    """The parameter table of model `name`: a list of dicts with name, symbol, unit (display),
    dim, description, default, lower, upper (SI values) and log_scale."""
    keys = ("name", "symbol", "unit", "dim", "description", "default", "lower", "upper",
            "log_scale")
    rows = []
    for row in _vitrum.model_params(name):
        d = dict(zip(keys, row))
        d["dim"] = DIM_NAMES[d["dim"]]
        d["log_scale"] = bool(d["log_scale"])
        rows.append(d)
    return rows


class Model:
    """A relaxation model (vt_model), e.g. Model('tnm', dh='164 kJ/mol', beta=0.43).

    Parameters are attributes in SI (m.dh -> 164000.0 J/mol); assign numbers (SI) or strings
    with units (m.A = '6e-22 s'). m.params is the table with the current values; m.set(...)
    sets several at once; m.option(key, value) sets numerical options (TNM: route='prony' or
    'exact', prony_tol). Out-of-bounds values raise vitrum.RangeError, unknown names
    vitrum.NotFound, with the library's message. A model runs in one thread at a time: clone()
    gives an independent copy.
    """

    def __init__(self, name="tnm", **params):
        object.__setattr__(self, "_h", _vitrum._Model(name))
        object.__setattr__(self, "_table", parameter_table(name))
        self.set(**params)

    @property
    def name(self):
        """The model's name ('tnm', ...)."""
        return self._h.name

    @property
    def params(self):
        """The parameter table with each parameter's current SI value under 'value'."""
        return [dict(row, value=self._h.get(row["name"])) for row in self._table]

    def _row(self, key):
        for row in self._table:
            if row["name"] == key:
                return row
        return None

    def set(self, **params):
        """Set parameters: numbers are SI, strings carry units ('164 kJ/mol')."""
        for k, v in params.items():
            setattr(self, k, v)
        return self

    def get(self, name, unit=None):
        """A parameter in SI, or in `unit` (e.g. m.get('dh', 'kJ/mol'))."""
        v = self._h.get(name)
        if unit is None:
            return v
        from .units import to_unit
        return to_unit(v, self._row(name)["dim"], unit)

    def option(self, key, value):
        """A numerical option (TNM: 'route' = 'prony' | 'exact', 'prony_tol' = 1e-5)."""
        self._h.set_option(key, str(value))
        return self

    def units_table(self, E, weight=None, tau0=None):
        """The 'units' model: a spectrum of units, E (J/mol, or strings with units), weights,
        optional prefactors tau0 (s); or E a spectrum file (`--spectrum FILE`: columns
        E_kJ_per_mol (E_J_per_mol, E_eV), weight, optionally tau0_s; vt_read_spectrum_table)."""
        if isinstance(E, (str, os.PathLike)) and weight is None:
            E, tau0, weight = _vitrum.read_columns(0, str(E))
        E = [quantity(e, "molar_energy") for e in E]
        self._h.set_units_table(E, None if tau0 is None else list(tau0), list(weight))
        return self

    def equilibrate(self, T):
        """Put the model in equilibrium at T (K): the start of a hand-made run."""
        self._h.equilibrate(quantity(T, "temperature"))
        return self

    def step(self, dt, T_start, T_end):
        """Advance dt (s) while T goes linearly from T_start to T_end (K); dt = 0: a jump."""
        self._h.step(quantity(dt, "time"), quantity(T_start, "temperature"),
                     quantity(T_end, "temperature"))
        return self

    def strain_step(self, dt, strain):
        """Model('visco') by hand: advance dt (s) with the total strain linear in time to
        `strain` (a fraction, or '0.5 %'; dt = 0: a jump). A temperature-driven model raises
        vitrum.InvalidArgument (vt_model_strain_step)."""
        s = _vitrum.parse_quantity(strain, "strain") if isinstance(strain, str) else float(strain)
        self._h.mech_step(False, quantity(dt, "time"), s)
        return self

    def stress_step(self, dt, stress):
        """The same with the stress (Pa or '100 MPa') linear in time (vt_model_stress_step)."""
        self._h.mech_step(True, quantity(dt, "time"), quantity(stress, "stress"))
        return self

    def observe(self):
        """(Tf_K, dH_J_per_mol, H_conf_J_per_mol) after the last step (NaN where undefined)."""
        return self._h.observe()[:3]

    def observe_mechanical(self):
        """(strain, strain_vp, stress_Pa) of a mechanical model (visco) after the last step."""
        return self._h.observe()[3:]

    def pel_table(self, path=None):
        """The 'pel' model: tabulated E_A, E_R spectra from a CSV (None: the Gaussians)."""
        if path is None:
            self._h.pel_table()
        else:
            self._h.pel_table(path)
        return self

    def numerics(self):
        """One line on the numerics the model will use (prepares them: bad options fail here)."""
        return self._h.numerics()

    def clone(self):
        """An independent copy (parameters, options and tables), e.g. for another thread."""
        m = Model.__new__(Model)
        object.__setattr__(m, "_h", self._h.clone())
        object.__setattr__(m, "_table", self._table)
        return m

    def __getattr__(self, key):
        if key.startswith("_") or self._row(key) is None:
            raise AttributeError(f"model {self.name!r} has no parameter {key!r}")
        return self._h.get(key)

    def __setattr__(self, key, value):
        if isinstance(value, str):
            self._h.set_text(f"{key}={value}")
        else:
            self._h.set(key, float(value))

    def __dir__(self):
        return sorted(set(super().__dir__()) | {r["name"] for r in self._table})

    def __repr__(self):
        vals = ", ".join(f"{r['name']}={self._h.get(r['name']):.6g}" for r in self._table)
        return f"vitrum.Model({self.name!r}, {vals})"
