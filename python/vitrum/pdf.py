"""X-ray total scattering of a glass (paper 001): Faber-Ziman S(Q), the pair distribution G(r)
and its first peak with the two-Gaussian decomposition, as `vitrum pdf`. Q in 1/Angstrom, r in
Angstrom, G in 1/Angstrom^2; compositions as formulas ('Cu56Zr44')."""
import numpy as np

from . import _vitrum
from .instruments import Result


def composition(formula):
    """(normalised formula, [(symbol, Z, fraction)]) of a formula such as 'Cu56Zr44'."""
    return _vitrum.composition(formula)


def weights(formula):
    """Faber-Ziman weights w_ij at Q = 0 (f_i = Z_i): {('Cu', 'Zr'): w, ...}, summing to 1."""
    _, elems = composition(formula)
    return {(elems[i][0], elems[j][0]): w for i, j, w in _vitrum.pdf_weights(formula)}


def form_factor(element, Q):
    """X-ray scattering of an element (atomic number Z) or a composition (formula text) at Q
    (1/Angstrom, array; xraylib through the library). An element: a Result with f (atomic
    form factor, electrons; vt_xray_form_factor) and S_inc (incoherent scattering function,
    vt_xray_compton); a composition: f_mean (<f>), f2_mean (<f^2>) and compton (sum c_i S_inc,i)
    (vt_xray_averages), the terms S(Q) is normalised with."""
    Q = np.atleast_1d(np.asarray(Q, float))
    r = _vitrum.xray(int(element) if not isinstance(element, str) else element, Q)
    names = ("f", "S_inc") if len(r) == 2 else ("f_mean", "f2_mean", "compton")
    return Result(dict(zip(names, r)))


def _range(value):
    """A (lo, hi) pair as the range rows of pdf.h's tables read one ('lo, hi', bare numbers in
    the field's unit, A or 1/A), text ('10,16 1/A') as it is, None as None."""
    if value is None or isinstance(value, str):
        return value
    lo, hi = map(float, value)
    return f"{lo!r}, {hi!r}"


def _A(value, kind):
    return _vitrum.pdf_parse(kind, value) if isinstance(value, str) else float(value)


def length(text):
    """A length in Angstrom as `vitrum pdf` reads one: '20', '20 A', '2 nm', '200 pm'."""
    return _vitrum.pdf_parse(0, text)


def scattering_vector(text):
    """A scattering vector in 1/Angstrom: '16.5', '16.5 1/A', '165 1/nm'."""
    return _vitrum.pdf_parse(1, text)


def wavelength(text):
    """An X-ray wavelength in Angstrom from a length ('0.2065 A') or a photon energy
    ('60.037 keV'): lambda = h c / E."""
    return _vitrum.pdf_parse(2, text)


def parse_range(text, *, Q=True):
    """'LOW,HIGH UNIT' as (lo, hi): scattering vectors in 1/A ('10,16 1/A'), or lengths in A
    with Q=False ('2.2,3.4 A')."""
    return _vitrum.pdf_parse(3 if Q else 4, text)


def twotheta_to_Q(twotheta_deg, wavelength):
    """Q = 4 pi sin(theta)/lambda (1/Angstrom) of scattering angles 2 theta (degrees) at a
    wavelength (Angstrom, or text such as '60.037 keV'; vt_twotheta_to_Q); NaN outside
    0 <= 2 theta < 180."""
    return _vitrum.twotheta_to_Q(np.atleast_1d(np.asarray(twotheta_deg, float)),
                                 _A(wavelength, 2))


def read_patterns(path, *, wavelength=0.0, axis=None):
    """Integrated patterns of a file (a time column splits a series): a list of Results with
    Q_inv_A, intensity, time_s (NaN without one), first_line. wavelength (A, or text: '0.2065 A',
    '60.037 keV') for 2 theta files; axis 'Q' or '2theta' for files without a header."""
    return [Result({"Q_inv_A": q, "intensity": i, "time_s": t, "first_line": l})
            for q, i, t, l in _vitrum.read_patterns(path, _A(wavelength, 2), {"axis": axis})]


def structure_factor(formula, Q, intensity, *, background=None, background_scale=None,
                     Q_range=None, compton=False, norm_range=None, norm_factor=None):
    """Faber-Ziman S(Q): a Result with Q_inv_A, I_coh, S, F_inv_A (= Q (S - 1)) arrays,
    norm_factor (alpha), norm_Q_lo_inv_A, norm_Q_hi_inv_A, S_mean_norm. background: (Q, I).
    Q_range, norm_range: numbers in 1/A or text as `vitrum pdf` reads it ('165 1/nm',
    '10,16 1/A'; the rows of vt_sq_option_table: qmin, qmax, norm_range, norm_factor, compton)."""
    lo, hi = (None, None) if Q_range is None else Q_range
    o = {"qmin": lo, "qmax": hi, "norm_range": _range(norm_range), "norm_factor": norm_factor,
         "compton": "" if compton else None}  # a flag row takes text (any), not a number
    if background_scale is not None:
        o["background_scale"] = float(background_scale)
    bq, bi = (None, None) if background is None else background
    return Result(_vitrum.pdf_sq(formula, np.asarray(Q, float), np.asarray(intensity, float),
                                 bq, bi, o))


def pair_distribution(Q, F, r=None, *, lorch=False):
    """G(r) = (2/pi) int F(Q) M(Q) sin(Q r) dQ (M the Lorch function with lorch=True) on r
    (default 0 to 20 A by 0.01 A, the CLI's grid; or a dict of its rows rmin, rmax, dr: numbers
    in A or text such as '2 nm'): (r, G) arrays."""
    r = _vitrum.pdf_r_grid(r) if r is None or isinstance(r, dict) else np.asarray(r, float)
    return r, _vitrum.pdf_transform(np.asarray(Q, float), np.asarray(F, float), r, bool(lorch))


def first_peak(r, G, *, window=None, split=True):
    """The first peak of G(r): window_lo_A, window_hi_A, r_A, G_inv_A2, fwhm_A, r_half_lo_A,
    r_half_hi_A, area, and with split the two Gaussian sub-peaks (sub: r_A, fwhm_A, area with
    se_*), rms_residual, r2. window: (r1, r2) in A or text ('2.2,3.4 A'; --peak-range)."""
    p = _vitrum.pdf_first_peak(np.asarray(r, float), np.asarray(G, float),
                               {"peak_range": _range(window)}, bool(split))
    p["sub"] = [Result(s) for s in p["sub"]]
    return Result(p)
