"""Fits: model parameters to enthalpy-recovery data and Cp_N curves (paper 000's TNM fit, any
model), KWW / double-KWW relaxation (paper 001), Debye recovery peaks and the loss modulus
(paper 004). Each returns a FitResult; a fit that does not converge raises vitrum.NoConvergence
with the library's reason."""
import math

import numpy as np

from . import _vitrum
from ._vitrum import InvalidArgument
from .calorimetry import _rows_doc
from .instruments import Result, _dsc_options
from .units import quantities, quantity


class FitResult(Result):
    """A fit: values and standard errors by name (r.values['dh'], r.errors['dh'], SI), chi2,
    converged (always True: failures raise), and the fit's own fields."""

    @property
    def values(self):
        return dict(zip(self.names, map(float, self.value)))

    @property
    def errors(self):
        return dict(zip(self.names, map(float, self.se)))


class FitData:
    """Data for fit_model: enthalpy-recovery points (dh) and Cp_N(T) curves.

    add_dh(T1, t1, dh, T2=None, t2=None, sigma=None)   one point (values SI or with units)
    read_dh(path)          a CSV table (T1_K or T1_C, t1_s, T2_K, t2_s, dh_J_per_mol, sigma)
    add_curve(program, T, CpN, sigma=None, name='')    a curve on the program's last ramp
    read_curve(csv, program_path)
    """

    _COLS = ("T1_K", "t1_s", "T2_K", "t2_s", "dh_J_per_mol", "sigma_J_per_mol")

    def __init__(self):
        self.dh = {k: [] for k in self._COLS}
        self.curves = []

    def add_dh(self, T1, t1, dh, T2=None, t2=None, sigma=None):
        nan = math.nan
        row = (quantity(T1, "temperature"), quantity(t1, "time"),
               nan if T2 is None else quantity(T2, "temperature"),
               nan if t2 is None else quantity(t2, "time"), quantity(dh, "molar_energy"),
               nan if sigma is None else quantity(sigma, "molar_energy"))
        for k, v in zip(self._COLS, row):
            self.dh[k].append(v)
        return self

    def read_dh(self, path, *, molar_mass=None):
        """Append the rows of an enthalpy-recovery table (vt_read_dh_table); with molar_mass
        (kg/mol, or '192.2 g/mol') dh may also be given per mass (dh_J_per_g, ...), converted
        to J/mol as `vitrum fit --molar-mass` does (vt_read_dh_table_mass)."""
        cols = (_vitrum.read_dh_table(path) if molar_mass is None else
                _vitrum.read_dh_table(path, quantity(molar_mass, "molar_mass")))
        for k in self._COLS:
            self.dh[k].extend(cols[k].tolist())
        return self

    def plot_times(self):
        """The time each dh point is plotted against (s): t2 for two-step anneals, t1 for
        single steps (vt_dh_point_time)."""
        return _vitrum.dh_point_times(np.asarray(self.dh["t1_s"], float),
                                      np.asarray(self.dh["T2_K"], float),
                                      np.asarray(self.dh["t2_s"], float))

    def add_curve(self, program, T, CpN, sigma=None, name=""):
        from .instruments import _program
        p = _program(program)
        self.curves.append((name, p._h, np.asarray(T, float), np.asarray(CpN, float),
                            None if sigma is None else np.asarray(sigma, float)))
        return self

    def read_curve(self, csv_path, program_path):
        self.curves.append(_vitrum.read_cpn_curve(csv_path, program_path))
        return self

    def __len__(self):
        return len(self.dh["T1_K"]) + sum(len(c[2]) for c in self.curves)


#: The library's tables of the model fit's options (vt_fit_option_table) and of the scans'
#: (vt_scan_fit_option_table): a row's name is the keyword (the CLI spells it --NAME, '_' as
#: '-'), with its kind, dimension, help and default; the library sets the field.
FIT_OPTIONS = {r["name"]: r for r in _vitrum.options("fit")}
SCAN_FIT_OPTIONS = {r["name"]: r for r in _vitrum.options("scan_fit")}


def _fit_setup(model, free, bounds, progress, options):
    """fit_model's options as the binding takes them: (free, lower, upper, options dict). The
    options are the fit table's keywords (flags True or False) and the DSC's."""
    table = {r["name"]: r for r in model.params}
    free = list(free)
    lo, hi = [], []
    for name in free:
        b = (bounds or {}).get(name)
        dim = table[name]["dim"] if name in table else "none"
        lo.append(math.nan if b is None else quantity(b[0], dim))
        hi.append(math.nan if b is None else quantity(b[1], dim))
    fit = {k: options.pop(k) for k in FIT_OPTIONS if k in options}
    for k, row in FIT_OPTIONS.items():  # a flag is set by any text, left by None
        if row["kind"] == "flag" and k in fit:
            fit[k] = "" if fit[k] else None
    opts = _dsc_options(**options)
    opts.update(fit)
    if progress is not None:
        opts["progress"] = progress
    return free, lo, hi, opts


#: fit_model's own keywords: its defaults (starts=4) are not the command line's (--starts 8).
_FIT_KEYWORDS = ("starts", "seed", "max_iter", "threads", "reading", "jump_rate")


def fit_model(model, data, free, *, bounds=None, starts=4, seed=1, max_iter=200, threads=0,
              reading="state", jump_rate=None, progress=None, **dsc_options):
    """Fit the `free` parameters of `model` (names, e.g. ['A', 'dh', 'x', 'beta']) to a FitData,
    as `vitrum fit` does: trust-region least squares from the model's values and starts - 1
    Latin-hypercube starts (seed); the model is left holding the best values.

    bounds     {name: (lo, hi)} (SI or strings with units; default the table's)
    reading    'state' (paper 000: the state at the end of the anneal) or 'dsc' (after a
               quench to T_low, as the DSC reads it)
    jump_rate  T1 -> T2 (default the quench rate); DSC options as for vitrum.dsc(), and

{fit}

    progress   progress(start, n_starts, iteration, chi2) after each iteration of each start
               (vt_fit_options.progress; start from 0, chi2 the unweighted sum of squared
               residuals of the transformed problem, J^2/mol^2 for dh data); it runs with the
               GIL held, possibly from the fit's threads; an exception it raises stops the fit
               and is raised by fit_model

    Returns a FitResult: names, value, se (SI), correlation (n x n), chi2, chi2_dof, dof,
    weighted, iterations, best_start, n_starts, model_runs, max_abs_correlation, predicted,
    residual (per point, dh points first), message, converged. Releases the GIL; Ctrl-C or
    vitrum.cancel() stops it (KeyboardInterrupt / vitrum.Cancelled)."""
    free, lo, hi, opts = _fit_setup(model, free, bounds, progress, dict(
        dsc_options, starts=starts, seed=seed, max_iter=max_iter, threads=threads,
        reading=reading, jump_rate=jump_rate))
    dh = data.dh if data.dh["T1_K"] else None
    r = _vitrum.fit_model(model._h, dh, list(data.curves), free, lo, hi, opts)
    return FitResult(r)


fit_model.__doc__ = fit_model.__doc__.replace("{fit}", _rows_doc(FIT_OPTIONS, _FIT_KEYWORDS))


def fit_scans(model, path, free, *, reference="seg:5,9", ages=None, T_age=None, programs=None,
              select=None, points=200, weights="scatter", bounds=None, starts=4, seed=1,
              max_iter=200, threads=0, reading="state", jump_rate=None, progress=None,
              **options):
    """Fit the `free` parameters of `model` straight from an instrument export of heating scans
    (Mettler STARe text or curve CSV), as `vitrum fit --scans` does: the export is read, the
    scans selected and analysed against the reference's glass and liquid lines (as
    vitrum.calorimetry.analyse / `vitrum tf`), each scan made a Cp_N curve with its thermal
    history, the fitter's quench set on the scans' temperatures, the model fitted, and the
    standard errors widened by the uncertainty of the reference's lines
    (vt_fit_scans_line_errors). The model is left holding the best values.

    path       the export
    reference  the unaged scan(s): indices or a spec such as 'seg:5,9'
    select     the scans to fit (spec or indices; None / 'all': all, in segment order);
               references included
    ages       the one-step method's ageing time of each selected scan that is not a reference,
               in selection order (s, list, or '1, 10, 100 s'); with T_age (K or '127 C'):
               equilibrium at T_eq, cooled at cool_rate to T_age, aged, cooled to T_low,
               heated at the scan's own rate
    programs   instead of ages: one Program (or program text) per selected scan, references
               too: its whole history, ending where the scan starts (or with its heating ramp)
    points     at most this many points per curve, spread evenly (0: all)
    weights    'scatter' (unweighted, standard errors from the scatter about the fit) or
               'noise' (sigma = each scan's scatter about its lines / the step)
    T_eq, T_low, cool_rate   the quench (K, K, K/s; default from the data: the liquid window's
               end, each scan's first temperature, each scan's own rate); the other DSC
               options (dT, ppd, ...) as for fit_model
    axis, endo_up, baseline, glass, liquid, range, noise_factor, smooth, max_rate_mismatch,
               max_rate_drift, min_window_points, references_by_rate: as for analyse()
    bounds, starts, seed, max_iter, threads, reading, jump_rate, progress: as for fit_model()

    Returns fit_model's FitResult (names, value, se (SI), correlation, chi2, chi2_dof, dof,
    converged, predicted, residual, ...) plus curves (per scan: name, T_K, CpN, fitted, sigma,
    Tf_measured_K, Tf_fitted_K (Moynihan's equal area, K), line: the export's line of each
    point), line_errors (False, with line_errors_message, when the lines' share could not be
    added), T_eq_K, T_low_K, cool_rate_K_per_s (the quench used) and n_references. Releases
    the GIL; errors raise vitrum.Error subclasses with the library's message."""
    from .calorimetry import CAL_OPTIONS, _cal_options
    from .instruments import _program
    cal = _cal_options(**{k: options.pop(k) for k in CAL_OPTIONS if k in options})
    free, lo, hi, opts = _fit_setup(model, free, bounds, progress, dict(
        options, starts=starts, seed=seed, max_iter=max_iter, threads=threads, reading=reading,
        jump_rate=jump_rate))
    opts.update(T_age=T_age, points=points, weights=weights)  # vt_scan_fit_option_table's
    ages = None if ages is None else np.asarray(quantities(ages, "time"), float)
    if ages is not None and T_age is None:
        raise InvalidArgument("ages need the ageing temperature, T_age")
    progs = None if programs is None else [_program(p)._h for p in programs]

    def spec(v):
        if v is None or isinstance(v, str):
            return v
        return ",".join(str(int(i)) for i in np.atleast_1d(v))
    r = _vitrum.fit_scans(model._h, str(path), spec(reference), spec(select), ages, progs, free,
                          lo, hi, opts, cal)
    r["curves"] = [Result(c) for c in r["curves"]]
    return FitResult(r)


def kww_fit(t, y, *, double=False, free_y0=False, free_y_inf=False, y0=1.0, y_inf=0.0,
            max_iter=500):
    """KWW fit of a relaxation curve y(t) (t in s, increasing): y = y_inf + (y0 - y_inf)
    [A exp(-(t/tau1)^beta1) + (1 - A) exp(-(t/tau2)^beta2)]; single KWW (A = 1) unless
    double. y0 and y_inf fixed unless free (NaN: from the data). Returns a FitResult with
    tau1_s, beta1, A, tau2_s, beta2, y0, y_inf and se_* of each, chi2, rms_residual, r2."""
    r = _vitrum.kww_fit(np.asarray(t, float), np.asarray(y, float), 2 if double else 1,
                        int(free_y0), int(free_y_inf), float(y0), float(y_inf), int(max_iter))
    names = ["tau1_s", "beta1"] + (["A", "tau2_s", "beta2"] if double else [])
    names += (["y0"] if free_y0 else []) + (["y_inf"] if free_y_inf else [])
    r.update(names=names, value=[r[n] for n in names], se=[r["se_" + n] for n in names],
             converged=True)
    return FitResult(r)


def cpn_fictive_temperature(T, CpN):
    """Moynihan's equal-area fictive temperature (K) of a normalised Cp_N(T) curve (0 on the
    glass, 1 on the liquid at its ends): T_n - int Cp_N dT by trapezoids
    (vt_cpn_fictive_temperature; NaN for fewer than 2 points)."""
    return _vitrum.cpn_fictive_temperature(np.asarray(T, float), np.asarray(CpN, float))


def predict(model, data, *, reading="state", jump_rate=None, threads=0, **dsc_options):
    """The model's prediction for every point of a FitData, dh points first, then each
    curve's (J/mol and Cp_N; vt_fit_predict): what fit_model would compare, without fitting
    (for plots and synthetic data). Options as fit_model's; releases the GIL."""
    opts = _dsc_options(**dsc_options)
    opts.update(threads=threads, reading=reading, jump_rate=jump_rate, predict_only=True)
    dh = data.dh if data.dh["T1_K"] else None
    return _vitrum.fit_model(model._h, dh, list(data.curves), [], [], [], opts)


def fitted_lines(model, data, *, points=40, reading="state", jump_rate=None, threads=0,
                 **dsc_options):
    """The fitted line of each anneal protocol of a FitData's dh points, as `vitrum fit --plot`
    draws them (vt_fit_lines_make; set the model to the fitted values first): a Result with
    protocols (per protocol: label, as the plot's key gives it, T1_K, t1_s, T2_K, t_lo_s,
    t_hi_s), protocol_of (each dh point's protocol), lines (the lines' points: T1_K, t1_s, T2_K,
    t2_s; `points` log-spaced times a little beyond each protocol's data), line_protocol,
    predicted (the model's dh on them, J/mol) and t_lo_s, t_hi_s (the lines' time span, s).
    Options as predict's; releases the GIL."""
    opts = _dsc_options(**dsc_options)
    opts.update(threads=threads, reading=reading, jump_rate=jump_rate)
    r = _vitrum.fit_lines(model._h, data.dh, opts, int(points))
    r["protocols"] = [Result(p) for p in r["protocols"]]
    r["lines"] = Result(r["lines"])
    return Result(r)


def _fit_fields(fit):
    return {k: fit[k] for k in fit.columns
            if isinstance(fit[k], (int, float)) and not isinstance(fit[k], bool)}


def kww_eval(fit, t):
    """The fitted KWW curve of a kww_fit result at t (s, array): y_inf + (y0 - y_inf) [A
    exp(-(t/tau1)^beta1) + (1 - A) exp(-(t/tau2)^beta2)] (vt_kww_eval; the `fit` column of
    `vitrum kww --fitted`)."""
    return _vitrum.curve_eval(False, _fit_fields(fit), np.asarray(t, float))


def kww_chi2(fit, t, y):
    """Sum of squared residuals of a kww_fit result's parameters on data (t in s, y) (vt_kww_chi2)."""
    return _vitrum.curve_eval(False, _fit_fields(fit), np.asarray(t, float), np.asarray(y, float))


def prony_kww(beta, tol=1e-5, xi=()):
    """The Prony series exp(-xi^beta) ~ sum w_k exp(-xi/tau_k) that TNM and the viscoelastic
    model use (vt_prony_kww; 0 < beta <= 1, 1e-9 <= tol <= 1e-2, xi reduced time): a Result
    with weight, tau (dimensionless), max_error (measured) and values (the series at xi,
    vt_prony_eval)."""
    w, tau, err, v = _vitrum.prony_kww(float(beta), float(tol), np.asarray(xi, float))
    return Result({"weight": w, "tau": tau, "max_error": err, "values": v})


def tnm_ln_tau(A, dh, x, T, Tf):
    """ln tau (tau in s) of paper 000 Eq. 3: ln A + x dh/(R T) + (1 - x) dh/(R Tf), with A in s,
    dh in J/mol (or '164 kJ/mol'), T and Tf in K (vt_tnm_ln_tau; ln tau, never overflowing)."""
    return _vitrum.tnm_ln_tau(math.log(quantity(A, "time")), quantity(dh, "molar_energy"),
                              float(x), quantity(T, "temperature"), quantity(Tf, "temperature"))


def kww_integral(u, beta):
    """int_0^u exp(-v^beta) dv = Gamma(1/beta)/beta P(1/beta, u^beta) (vt_kww_integral)."""
    return _vitrum.kww_integral(float(u), float(beta))


def read_loss_sweep(path, *, T_col=-1, y_col=-1, T_unit=None, y_unit=None, T_range=None):
    """A loss-modulus sweep E''(T) from a CSV as `vitrum loss FILE` reads it
    (vt_read_loss_sweep): columns T|Temp|Temperature and E''|E2|loss_modulus|G'' (or the 0-based
    T_col, y_col, or a text as `--T-col` takes it: a header name or a number from 1, with ':UNIT'
    for a header without one), units from the header unless T_unit / y_unit say ('C', 'MPa');
    T_range (lo, hi) keeps the rows inside it (vt_loss_sweep_restrict, `--range`). A Result with
    T_K, loss_Pa (SI arrays), line, T_col, y_col, T_celsius, T_name, y_name (the header's
    names); errors name path:line."""
    nan = math.nan
    lo, hi = (nan, nan) if T_range is None else (quantity(T_range[0], "temperature"),
                                                quantity(T_range[1], "temperature"))
    def spec(c):
        return c if isinstance(c, str) else None
    r = _vitrum.read_loss_sweep(str(path), -1 if spec(T_col) else int(T_col),
                                -1 if spec(y_col) else int(y_col), T_unit, y_unit, lo, hi,
                                spec(T_col), spec(y_col))
    r["line"] = np.asarray(r["line"], int)
    return Result(r)


def read_heat_flow_scans(path, *, T_col=-1, y_col=-1, grouped=False, T_min=None, T_max=None):
    """Heat-flow scans y(T) from a CSV as `vitrum debye FILE` reads them
    (vt_read_heat_flow_scans): T the column T_col (0-based, or a header name as `--T-col`) or
    the first named T with a temperature unit, y the column y_col (the same) or the last (in
    the units written: y_unit, q_unit its time integral);
    grouped: a long-format map, one scan per block of rows with the same key columns; rows
    outside [T_min, T_max] (K) dropped. A Result with T_K, y (all rows), scans (a Result per
    scan: start, n, line, key, and its own T_K, y), T_name, y_name, key_names, y_unit, q_unit."""
    def index(c):
        return -1 if isinstance(c, str) else int(c)

    def name(c):
        return c if isinstance(c, str) else None
    r = _vitrum.read_heat_flow_scans(str(path), index(T_col), index(y_col), bool(grouped),
                                     math.nan if T_min is None else quantity(T_min, "temperature"),
                                     math.nan if T_max is None else quantity(T_max, "temperature"),
                                     name(T_col), name(y_col))
    r["scans"] = [Result(dict(s, T_K=r["T_K"][s["start"]:s["start"] + s["n"]],
                              y=r["y"][s["start"]:s["start"] + s["n"]])) for s in r["scans"]]
    return Result(r)


def debye_fit(T, y, rate, *, law="arrhenius"):
    """Fit a recovery peak y(T) measured on heating at `rate` (K/s or '1000 K/s') by the Debye
    model of paper 004 (tau Arrhenius, or law='vft'): Q0 (area, y units x s), E_J_per_mol,
    ln_tau0_s, (D, T0_K for VFT) with se_*, Tp_K, rms_residual, r2."""
    vft = law.lower() == "vft"
    r = _vitrum.debye_fit(np.asarray(T, float), np.asarray(y, float), quantity(rate, "rate"),
                          vft)
    names = ["Q0", "E_J_per_mol", "ln_tau0_s"] + (["D", "T0_K"] if vft else [])
    se = {"Q0": "se_Q0", "E_J_per_mol": "se_E_J_per_mol", "ln_tau0_s": "se_ln_tau0",
          "D": "se_D", "T0_K": "se_T0_K"}
    r.update(names=names, value=[r[n] for n in names], se=[r[se[n]] for n in names],
             converged=True, chi2=r["rms_residual"] ** 2 * len(T))
    return FitResult(r)


def debye_curves(path, reference, select=None, *, range=None, law="arrhenius", Tg=None,
                 fragility=None, mass=None, molar_mass=None, per_rate=False, **options):
    """Debye fits straight from an instrument export, as `vitrum debye --curves` does: the
    export (Mettler STARe text or curve CSV) is read, each selected scan analysed against the
    reference (as analyse() / `vitrum peaks`), its corrected difference (sample minus
    reference) fitted by debye_fit at the scans' common rate (they must agree within 1 %), and
    the fits summarised (vt_debye_summarise).

    reference  the as-cooled scan(s): a spec such as 'seg:5,9' or '0', or indices (required)
    select     the scans (spec or indices; None / 'all': all but the references, in segment
               order)
    range      (lo, hi): the fit's window (K or strings such as '330 K')
    law        'arrhenius' or 'vft'
    Tg, fragility   together: count the fits per class (relaxation_class; K, dimensionless)
    mass, molar_mass, per_rate   the difference's unit, as --mass (kg or '2 ug'),
               --molar-mass (kg/mol) and --per-rate: mW without a mass (the default)
    axis, endo_up, baseline, glass, liquid, noise_factor, smooth, max_rate_mismatch,
               max_rate_drift, min_window_points, references_by_rate: as for analyse()

    Returns a Result: rate_K_per_s (the scans' common rate), y_unit and q_unit (the
    difference's unit, "mW", and its integral's, "mJ"), scans (per scan: key "curve,segment",
    curve, segment, n, T_K, y (the difference in y_unit), status (0: fitted), fit (debye_fit's
    dict: Q0 in q_unit, E_J_per_mol, ln_tau0_s, se_*, Tp_K, rms_residual in y_unit, r2; None
    when the fit failed) and message (why it failed, else None)) and summary (n, n_fitted,
    n_gamma_beta_prime, n_beta, n_alpha (0 without Tg and fragility), E_min_J_per_mol,
    E_max_J_per_mol (NaN when none fitted)). Releases the GIL; errors (a bad reference, rates
    that differ, ...) raise vitrum.Error subclasses with the library's message."""
    from .calorimetry import _cal_options
    cal = _cal_options(**options)
    if (Tg is None) != (fragility is None):
        raise InvalidArgument("Tg and fragility go together (the class ranges need both)")

    def spec(v):
        if v is None or isinstance(v, str):
            return "all" if v is None else v
        return ",".join(str(int(i)) for i in np.atleast_1d(v))
    lo, hi = (math.nan, math.nan) if range is None else (quantity(range[0], "temperature"),
                                                          quantity(range[1], "temperature"))
    r = _vitrum.debye_curves(
        str(path), spec(reference), spec(select), cal, (lo, hi),
        (0.0 if mass is None else quantity(mass, "mass"),
         0.0 if molar_mass is None else quantity(molar_mass, "molar_mass"), bool(per_rate)),
        law.lower() == "vft", math.nan if Tg is None else quantity(Tg, "temperature"),
        math.nan if fragility is None else float(fragility))
    r["scans"] = [Result(s) for s in r["scans"]]
    r["summary"] = Result(r["summary"])
    return Result(r)


def debye_heat_flow(T, rate, Q0, ln_tau0_s, E, *, law="arrhenius", T0=0.0):
    """The Debye model's heat flow at temperatures T (K, increasing) heating at rate (K/s); E is
    the activation energy (J/mol) for Arrhenius, D for VFT (with T0 in K)."""
    vft = law.lower() == "vft"
    return _vitrum.debye_heat_flow(vft, float(Q0), float(ln_tau0_s),
                                   float(E) if vft else quantity(E, "molar_energy"),
                                   quantity(T0, "temperature") if vft else 0.0,
                                   quantity(rate, "rate"), np.asarray(T, float))


def loss_fit(T, loss, freq, terms):
    """Fit the loss modulus E''(T) (Pa) at frequency freq (Hz or '1 Hz') with up to 4 terms
    plus a constant background. terms: [(kind, Tp, E)] with kind 'debye' or 'hn'
    (Havriliak-Negami), Tp the term's peak temperature (K), E its activation energy (J/mol, or
    None: estimated from the peak widths). Returns a FitResult with peaks (dE_Pa,
    E_act_J_per_mol, ln_tau0_s, a, b and se_*, and undetermined: True when the standard error
    of E_act or dE is not below its value, so these data do not determine the term, the note
    `vitrum loss` prints), background_Pa, rms_residual_Pa, r2,
    guess (the starting values), and as `vitrum loss` writes them: fitted_Pa (the fit at T,
    vt_loss_fit_eval) and terms_Pa (each term, n_peaks x len(T)), T_max_K and loss_max_Pa
    (each term's maximum over T's range; all of it vt_loss_analyse)."""
    spec = [(k.lower() == "hn", quantity(Tp, "temperature"),
             0.0 if E is None else quantity(E, "molar_energy")) for k, Tp, E in terms]
    guess, r = _vitrum.loss_fit(np.asarray(T, float), np.asarray(loss, float),
                                quantity(freq, "frequency"), spec)
    names, value, se = [], [], []
    for i, p in enumerate(r["peaks"]):
        for k in ("dE_Pa", "E_act_J_per_mol", "ln_tau0_s") + (("a", "b") if
                                                               p["havriliak_negami"] else ()):
            se_key = {"ln_tau0_s": "se_ln_tau0"}.get(k, "se_" + k)
            names.append(f"{k}[{i}]")
            value.append(p[k])
            se.append(p[se_key])
    r.update(names=names, value=value, se=se, guess=Result(guess), converged=True,
             peaks=[Result(p) for p in r["peaks"]])
    return FitResult(r)
