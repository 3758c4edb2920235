"""Strain programs and the viscoelastic-viscoplastic model of paper 001: stress relaxation,
the strain-driven memory effect (two-step protocol) and strain recovery. SI inside: strain is a
fraction (0.005 = 0.5 %), stress in Pa, time in s."""
import math
import numpy as np
from collections import namedtuple

from . import _vitrum
from .instruments import Result, _options_doc
from .units import quantities, quantity

StrainSegment = namedtuple("StrainSegment", "kind target rate_per_s duration_s line")

#: The library's option tables of the strain instruments (vt_two_step_option_table,
#: vt_strain_grid_option_table): the keywords t2, rate and ramp_step, ppd, t_first, as `vitrum
#: strain` spells them --t2, --rate, --ramp-step, ...; numbers in SI or strings with units.
TWO_STEP_OPTIONS = {r["name"]: r for r in _vitrum.options("two_step")}
STRAIN_GRID_OPTIONS = {r["name"]: r for r in _vitrum.options("strain_grid")}


def _strain(v):
    """A strain: a fraction, or a string such as '0.5 %'."""
    return _vitrum.parse_quantity(v, "strain") if isinstance(v, str) else float(v)


class Visco:
    """The viscoelastic(-viscoplastic) model (vt_visco), e.g. Visco(G0='80 GPa', tau='1000 s',
    beta=0.45). Parameters are attributes in SI (Pa, s, ...); assign strings with units or SI
    numbers; params is the table (name, unit, description, default, lower, upper, value)."""

    def __init__(self, **params):
        object.__setattr__(self, "_h", _vitrum._Visco())
        for k, v in params.items():
            setattr(self, k, v)

    @property
    def params(self):
        keys = ("name", "unit", "description", "default", "lower", "upper", "display_factor")
        return [dict(zip(keys, r), value=self._h.get(r[0])) for r in _vitrum.visco_params()]

    def numerics(self):
        """One line on the numerics (reports a bad parameter combination such as G_inf > G0)."""
        return self._h.numerics()

    def prony_table(self, path=None, *, weights=None, taus=None):
        """Use a table of Prony terms in place of the KWW functions, as `vitrum strain --prony
        FILE`: a file (tau with a time unit, at T_ref, and a weight; vt_visco_read_table) or
        the arrays weights (any scale, normalised to sum 1) and taus (s) (vt_visco_set_table);
        empty arrays return to the KWW functions. Errors name the file and line."""
        if path is not None:
            self._h.set_table(str(path))
        else:
            self._h.set_table(np.asarray(weights, float), np.asarray(taus, float))
        return self

    def prony_tol(self, tol=None):
        """The max |error| of the KWW Prony series (1e-9 .. 1e-2, default 1e-5); sets it first
        when tol is given (vt_visco_set_prony_tol, vt_visco_prony_tol)."""
        return self._h.prony_tol() if tol is None else self._h.prony_tol(float(tol))

    def reset(self, T):
        """Unstrained and stress-free at T (K); parameter changes take effect here
        (vt_visco_reset). Then strain_step / stress_step / observe run the model by hand."""
        self._h.step(0, 0.0, quantity(T, "temperature"))
        return self

    def strain_step(self, dt, strain):
        """Advance dt (s) with the total strain linear in time to `strain` (fraction or
        '0.5 %'; dt = 0: a jump; vt_visco_strain_step)."""
        s = _vitrum.parse_quantity(strain, "strain") if isinstance(strain, str) else float(strain)
        self._h.step(1, quantity(dt, "time"), s)
        return self

    def stress_step(self, dt, stress):
        """Advance dt (s) with the stress linear in time to `stress` (Pa or '100 MPa'; a jump
        only the instantaneous modulus answers; vt_visco_stress_step)."""
        self._h.step(2, quantity(dt, "time"), quantity(stress, "stress"))
        return self

    def observe(self):
        """The state: (time_s, T_K, strain, strain_vp, stress_Pa) (vt_visco_observe)."""
        return self._h.observe()

    def modulus(self, t, T):
        """The Prony relaxation modulus G(t) at T (Pa; t in s, T in K; vt_visco_modulus)."""
        return self._h.modulus(quantity(t, "time"), quantity(T, "temperature"))

    def shift(self, T):
        """The shift factor a_T at T (K; vt_visco_shift)."""
        return self._h.shift(quantity(T, "temperature"))

    def clone(self):
        v = Visco.__new__(Visco)
        object.__setattr__(v, "_h", self._h.clone())
        return v

    def __getattr__(self, key):
        if key.startswith("_"):
            raise AttributeError(key)
        try:
            return self._h.get(key)
        except _vitrum.NotFound as e:
            raise AttributeError(str(e)) from None

    def __setattr__(self, key, value):
        if isinstance(value, str):
            self._h.set_text(f"{key}={value}")
        else:
            self._h.set(key, float(value))

    def __repr__(self):
        return "vitrum.Visco(" + ", ".join(f"{r['name']}={r['value']:.6g}"
                                           for r in self.params) + ")"


class StrainProgram:
    """A strain program from text ('temperature 593 K', 'start 0 %', 'ramp to 0.5 % at
    200 %/min', 'hold 900 s', 'jump to 0.3 %', 'recover 3600 s'), or StrainProgram.read(path).
    Attributes: T_K, start (strain), segments, duration_s (s, vt_strain_program_duration_s)."""

    def __init__(self, text, source="<string>"):
        self.text, self.source = str(text), source
        self.T_K, self.start, segs, self.duration_s = _vitrum.strain_program_parse(self.text,
                                                                                  source)
        self.segments = [StrainSegment(*s) for s in segs]

    @classmethod
    def read(cls, path):
        with open(path, encoding="utf-8") as f:
            return cls(f.read(), str(path))


def strain_simulate(visco, program, *, ramp_step=None, ppd=None, t_first=None):
    """Run a strain program (StrainProgram or text): a Result with time_s, strain, strain_vp
    (fractions), stress_Pa, segment, t_seg_s arrays and T_K, as `vitrum strain --program`.
    The grid (SI numbers or strings with units):

{grid}
    """
    p = program if isinstance(program, StrainProgram) else StrainProgram(program)
    g = {"ramp_step": ramp_step, "ppd": ppd, "t_first": t_first}
    return Result(_vitrum.strain_simulate(visco._h, p.text, p.source, g))


strain_simulate.__doc__ = strain_simulate.__doc__.replace("{grid}",
                                                          _options_doc(STRAIN_GRID_OPTIONS))


def two_step(visco, eps1, eps2, t_w, *, T=None, rate=None, t2=None):
    """Paper 001 Fig. 1a: 0 -> eps1, hold t_w, -> eps2, hold t2 at rate (0: jumps) and
    temperature T (default T_ref). A Result with t2_s and stress_Pa of the second hold (t' from
    its start), sigma_w_Pa, and the memory peak: found, sigma0_Pa, sigma_peak_Pa, dsigma_Pa,
    t_p_s. The protocol (SI numbers or strings with units):

{two_step}
    """
    q = _vitrum.parse_quantity
    spec = {"eps1": _strain(eps1), "eps2": _strain(eps2),
            "t_w_s": q(t_w, "time") if isinstance(t_w, str) else float(t_w),
            "rate": rate, "t2": t2}
    if T is not None:
        spec["T_K"] = q(T, "temperature") if isinstance(T, str) else float(T)
    return Result(_vitrum.strain_two_step(visco._h, spec))


two_step.__doc__ = two_step.__doc__.replace("{two_step}", _options_doc(TWO_STEP_OPTIONS))


def recovery_fit(t, strain, eps1=float("nan")):
    """Anelastic recovery after unloading (paper 001): (eps - eps_inf)/(eps0 - eps_inf) =
    exp(-(t/tau_rec)^beta_rec), t (s) from the unloading, strains as fractions; fraction =
    1 - eps_inf/eps1. A Result with tau_rec_s, beta_rec, eps0, eps_inf, fraction and se_*."""
    import numpy as np
    return Result(_vitrum.recovery_fit(np.asarray(t, float), np.asarray(strain, float),
                                       float(eps1)))


def memory_peak(t, stress):
    """The stress overshoot after the second step of a two-step test (paper 001 Fig. 1; t in s
    from the second step, stress in Pa; vt_memory_peak_find, the t_p_s and dsigma of `vitrum
    kww`): a Result with found, sigma0_Pa, sigma_peak_Pa, dsigma_Pa (Pa) and t_p_s (s, NaN
    while still rising at the last point)."""
    return Result(_vitrum.memory_peak(np.asarray(t, float), np.asarray(stress, float)))


def recovery_eval(fit, t):
    """The curve a recovery_fit result stands for at t (s): eps_inf + (eps0 - eps_inf)
    exp(-(t/tau_rec)^beta_rec) (vt_recovery_fit_eval)."""
    d = {k: float(fit[k]) for k in ("tau_rec_s", "beta_rec", "eps0", "eps_inf")}
    return _vitrum.curve_eval(True, d, np.asarray(t, float))


def arrhenius_fit(T, tau):
    """ln tau = ln tau0 + Ea/(R T): Ea_J_per_mol, ln_tau0_s with se_*, r2 (T in K, tau in s)."""
    import numpy as np
    return Result(_vitrum.arrhenius_fit(np.asarray(T, float), np.asarray(tau, float)))


def read_tp_tau_table(path):
    """t_p against tau_rec from a CSV (columns tau_rec and t_p with time units, e.g.
    tau_rec_s,t_p_s; vt_read_tp_tau_table, the table of `vitrum kww --regress`): a Result with
    tau_rec_s, t_p_s (s). Errors name the file and line."""
    a, b = _vitrum.read_columns(1, str(path))
    return Result({"tau_rec_s": a, "t_p_s": b})


def read_prony_table(path):
    """Prony terms from a CSV (tau with a time unit, a dimensionless weight;
    vt_read_prony_table, the file of `vitrum strain --prony`): a Result with tau_s, weight."""
    a, b = _vitrum.read_columns(2, str(path))
    return Result({"tau_s": a, "weight": b})


def tp_tau_fit(tau_rec, t_p):
    """Paper 001 Fig. 5e: t_p = intercept_s + slope tau_rec, with se_* and r2."""
    import numpy as np
    return Result(_vitrum.tp_tau_fit(np.asarray(tau_rec, float), np.asarray(t_p, float)))


_COLUMNS = {"auto": 0, "y": 1, "stress": 2, "strain": 3}


def read_relax_series(path, *, column="auto", start=None, end=None, normalise=True):
    """The relaxation curve `vitrum kww FILE` fits, from a DMA export (vt_read_relax_series):
    column 'auto' (y, else stress, else strain), 'y', 'stress' or 'strain'; rows from `start`
    (--from, s or '900 s'; after a jump the state after it) to `end` (--to); y = value/value0
    unless normalise=False. A Result with t_s (from 0 at the start), value (SI: Pa or a
    fraction), y, t_start_s, value0, before (the row before the window, NaN), T_K (mean of the
    temperature column, NaN without one), first_line, column."""
    nan = float("nan")
    return Result(_vitrum.read_relax_series(
        str(path), _COLUMNS[column], nan if start is None else quantity(start, "time"),
        nan if end is None else quantity(end, "time"), bool(normalise)))


#: The options of `vitrum kww`'s fit of a file (vt_relax_fit_option_table): column, from, to,
#: double, offset, raw, recovery, eps1, as the CLI spells them --column, --from, ...
RELAX_FIT_OPTIONS = {r["name"]: r for r in _vitrum.options("relax_fit")}


def _relax_fit_options(start, end, options):
    o = {"from": start, "to": end}
    for k, v in options.items():
        if k not in RELAX_FIT_OPTIONS:
            raise TypeError(f"unknown option {k!r} (known: {', '.join(RELAX_FIT_OPTIONS)})")
        if RELAX_FIT_OPTIONS[k]["kind"] != "flag":
            o[k] = v
        elif v:  # a flag is set by any text
            o[k] = "1"
    return o


def kww_file(path, *, start=None, end=None, **options):
    """The fit `vitrum kww FILE` makes, in one call (vt_relax_fit_file): the series read as
    read_relax_series reads it (start, end: --from, --to), then the KWW fit with the memory peak
    of the data, or with recovery=True the recovery fit of the strain (eps1: the loading strain,
    default the strain before the start). Options (the CLI's --NAME; flags True/False):

{options}

    A Result with series (read_relax_series'), fit (kww_fit's or recovery_fit's Result), peak
    (memory_peak's; None for a recovery) and eps1 (the one used). Bad combinations raise
    vitrum.Error with the CLI's message."""
    r = _vitrum.relax_fit(str(path), _relax_fit_options(start, end, options))
    return Result({"series": Result(r["series"]), "fit": Result(r["fit"]),
                   "peak": None if r["peak"] is None else Result(r["peak"]), "eps1": r["eps1"]})


def read_relax_curves(paths, *, T=None, start=None, end=None, **options):
    """The curves of `vitrum kww --arrhenius FILES` (vt_relax_curves_read): each file read as
    kww_file reads it, at the temperature of T (one per file, K or '593, 603 K') or else the mean
    of its temperature column (a file without one raises, saying to give T). Results as
    read_relax_series' with T_K the curve's temperature; arrhenius_kww takes the list."""
    TK = None if T is None else np.asarray(quantities(T, "temperature"), float)
    return [Result(c) for c in _vitrum.relax_curves([str(p) for p in paths], TK,
                                                    _relax_fit_options(start, end, options))]


kww_file.__doc__ = kww_file.__doc__.replace("{options}", _options_doc(RELAX_FIT_OPTIONS))


def _relax_curves(curves, T):
    out = []
    for k, c in enumerate(curves):
        t, y, TK = (c.t_s, c.y, c.T_K) if hasattr(c, "t_s") else c
        if T is not None:
            TK = quantities(T, "temperature")[k]
        out.append((np.asarray(t, float), np.asarray(y, float), float(TK)))
    return out


def _kww_args(double, free_y0, free_y_inf, y0, y_inf, max_iter):
    return (2 if double else 1, int(free_y0), int(free_y_inf), float(y0), float(y_inf),
            int(max_iter))


def arrhenius_kww(curves, t_window=None, *, T=None, double=False, free_y0=False,
                  free_y_inf=False, y0=1.0, y_inf=0.0, max_iter=500):
    """Ea of relaxation curves at several temperatures, as `vitrum kww --arrhenius FILES`
    (vt_arrhenius_kww): each curve (a Result of read_relax_series, or (t_s, y, T_K)) fitted by
    KWW over 0 <= t <= t_window (s or '100 s'; None: the whole curve), then ln tau = ln tau0 +
    Ea/(R T). T: the temperatures (K), one per curve, instead of the curves' own (--T). KWW
    options as kww_fit's. A Result with Ea_J_per_mol, se_Ea_J_per_mol, ln_tau0_s, se_ln_tau0,
    r2, n, and fits (a Result per curve: tau1_s, beta1, se_*, ...). A failed fit raises
    vitrum.NoConvergence naming the curve."""
    tw = math.inf if t_window is None else quantity(t_window, "time")
    a, fits = _vitrum.arrhenius_kww(_relax_curves(curves, T), tw, False,
                                    *_kww_args(double, free_y0, free_y_inf, y0, y_inf, max_iter))
    a["fits"] = [Result(f) for f in fits]
    return Result(a)


def arrhenius_window(curves, t_window, *, T=None, double=False, free_y0=False,
                     free_y_inf=False, y0=1.0, y_inf=0.0, max_iter=500):
    """Ea(t_w) of paper 001 Fig. 4 (upper panels) for one loading time t_w (s or '100 s'), as a
    row of `vitrum kww --arrhenius FILES --window LIST` (vt_arrhenius_window): every curve
    fitted by KWW over 0 <= t <= t_w, the taus fitted by Arrhenius. Arguments as
    arrhenius_kww's. A Result with Ea_J_per_mol, se_Ea_J_per_mol, ln_tau0_s, se_ln_tau0, r2, n,
    t_w_s and tau_s (s, one per curve)."""
    tw = quantity(t_window, "time")
    a, tau = _vitrum.arrhenius_kww(_relax_curves(curves, T), tw, True,
                                   *_kww_args(double, free_y0, free_y_inf, y0, y_inf, max_iter))
    a.update(t_w_s=tw, tau_s=tau)
    return Result(a)


def read_dma(path):
    """A DMA export (CSV with units in the header): time_s, strain (fraction), stress_Pa, T_K,
    y (None for absent columns), first_line."""
    return Result(_vitrum.read_dma(path))


class StrainSweep(Result):
    """A two-step sweep (paper 001 Figs. 1-5): one row per run in the library's order (T
    slowest, then eps1, t_w, eps2), SI: eps1, eps2 (fractions), t_w_s, T_K, sigma_w_Pa,
    sigma0_Pa, sigma_peak_Pa, dsigma_Pa (Pa), t_p_s (s, NaN without a peak), tau_rec_s,
    beta_rec, strain_vp (fraction), recovery_fraction (NaN without t_rec); curves: per run a
    Result with t2_s, stress_Pa of the second hold (empty for a pair without a second step,
    skipped=True). The CLI's --summary prints the same in %, MPa."""

    COLUMNS = ("eps1", "eps2", "t_w_s", "T_K", "sigma_w_Pa", "sigma0_Pa", "sigma_peak_Pa",
               "dsigma_Pa", "t_p_s", "tau_rec_s", "beta_rec", "strain_vp", "recovery_fraction")

    def __len__(self):
        return len(self.eps1)


def _list(v, dim):
    return None if v is None else quantities(v, dim)


def strain_sweep(visco, eps1, t_w, eps2=None, *, T=None, rate=None, t2=None, t_rec=None,
                 ramp_step=None, ppd=None, t_first=None):
    """The two-step protocol over every combination of the lists in one call, as `vitrum
    strain --eps1 LIST --tw LIST --eps2 LIST [--T LIST] [--t-rec TIME]`: eps1, eps2 strains
    (fractions or '0.3, 0.4 %'), t_w (s), T (K; default T_ref), t_rec (> 0: also unload after
    t_w and recover stress-free for t_rec, with the KWW fit of the recovery). eps2 None: a
    recovery-only sweep. Returns a StrainSweep. Releases the GIL for the whole sweep;
    cancellable. The protocol and its grid (SI numbers or strings with units):

{options}
    """
    q = _vitrum.parse_quantity
    base = {"rate": rate, "t2": t2, "ramp_step": ramp_step, "ppd": ppd, "t_first": t_first}
    T_list = _list(T, "temperature") if T is not None else [visco.T_ref]
    tr = 0.0 if t_rec is None else (q(t_rec, "time") if isinstance(t_rec, str) else float(t_rec))
    summary, curves = _vitrum.strain_sweep(visco._h, T_list, _list(eps1, "strain"),
                                           _list(t_w, "time"), _list(eps2, "strain"), base, tr)
    data = {k: summary[:, i] for i, k in enumerate(StrainSweep.COLUMNS)}
    data["curves"] = [Result({"t2_s": t, "stress_Pa": s, "skipped": sk})
                      for t, s, sk in curves]
    return StrainSweep(data, StrainSweep.COLUMNS + ("curves",))


strain_sweep.__doc__ = strain_sweep.__doc__.replace(
    "{options}", _options_doc(TWO_STEP_OPTIONS, STRAIN_GRID_OPTIONS))
