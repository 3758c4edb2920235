"""X-ray PDF (paper 001): S(Q), G(r) and the first peak equal `vitrum pdf` on the same pattern."""
import os

import numpy as np
import pytest

import vitrum
from conftest import TEST_DATA, assert_printed, read_csv

PATTERN = os.path.join(TEST_DATA, "pdf_cu56zr44.csv")


def test_pdf_equals_cli(cli, tmp_path):
    out, sq, gr = tmp_path / "p.csv", tmp_path / "sq.csv", tmp_path / "gr.csv"
    cli("pdf", PATTERN, "--composition", "Cu56Zr44", "-o", out, "--sq", sq, "--gr", gr, "-q")
    p, s, g = read_csv(str(out)), read_csv(str(sq)), read_csv(str(gr))
    (pat,) = vitrum.pdf.read_patterns(PATTERN)
    S = vitrum.pdf.structure_factor("Cu56Zr44", pat.Q_inv_A, pat.intensity)
    assert_printed(S.Q_inv_A, s["Q_inv_A"], "%.9g", "Q")
    assert_printed(S.I_coh, s["I_coh_per_atom"], "%.9g", "I_coh")
    assert_printed(S.S, s["S"], "%.9g", "S")
    assert_printed(S.F_inv_A, s["F_inv_A"], "%.9g", "F")
    assert_printed([S.norm_factor], p["norm_factor"], "%.9g", "alpha")
    r, G = vitrum.pdf.pair_distribution(S.Q_inv_A, S.F_inv_A)
    assert_printed(r, g["r_A"], "%.9g", "r")
    assert_printed(G, g["G_inv_A2"], "%.9g", "G")
    fp = vitrum.pdf.first_peak(r, G)
    for key, col in (("r_A", "peak_r_A"), ("fwhm_A", "FWHM_A"), ("area", "area_inv_A")):
        assert_printed([fp[key]], p[col], "%.9g", key)
    assert_printed([fp.sub[0].r_A, fp.sub[1].r_A], p["sub1_r_A"] + p["sub2_r_A"], "%.9g", "subs")


def test_composition_and_weights():
    text, elems = vitrum.pdf.composition("Cu56Zr44")
    assert text == "Cu0.56Zr0.44" and [e[:2] for e in elems] == [("Cu", 29), ("Zr", 40)]
    w = vitrum.pdf.weights("Cu56Zr44")
    assert sum(w.values()) == pytest.approx(1.0, abs=1e-12)
    f = 0.56 * 29 + 0.44 * 40
    assert w[("Cu", "Zr")] == pytest.approx(2 * 0.56 * 0.44 * 29 * 40 / f ** 2, rel=1e-12)
    with pytest.raises(vitrum.Error, match="Xx"):
        vitrum.pdf.composition("Cu50Xx50")


def test_transform_of_a_gaussian_shell():
    # F(Q) of one Gaussian shell transforms back to that shell (away from termination ripples)
    Q = np.linspace(0.01, 40, 8000)
    r0, s, a = 3.0, 0.15, 1.0
    F = a * np.exp(-0.5 * (Q * s) ** 2) * np.sin(Q * r0)
    r, G = vitrum.pdf.pair_distribution(Q, F, np.linspace(2, 4, 201))
    want = a / (s * np.sqrt(2 * np.pi)) * np.exp(-0.5 * ((r - r0) / s) ** 2)
    assert np.max(np.abs(G - want)) < 1e-3 * want.max()


def test_form_factors_and_angles(cli):
    """X-ray terms of S(Q)'s normalisation: f(Z, 0) = Z and S_inc(Z, 0) = 0, <f> falling with
    Q; <f(0)> of Cu56Zr44 as `vitrum pdf --weights` prints it; a 2 theta file read with its
    wavelength has the Q of twotheta_to_Q."""
    e = vitrum.pdf.form_factor(29, [0.0, 2.0, 8.0])
    assert e.f[0] == 29.0 and e.S_inc[0] == 0.0 and e.f[0] > e.f[1] > e.f[2] > 0
    c = vitrum.pdf.form_factor("Cu56Zr44", [0.0, 4.0])
    out = cli("pdf", "--composition", "Cu56Zr44", "--weights", "-").stderr + \
        cli("pdf", "--composition", "Cu56Zr44", "--weights", "-").stdout
    assert f"<f(0)> = {c.f_mean[0]:g} e" in out
    assert c.f2_mean[1] >= c.f_mean[1] ** 2 and c.compton[0] == 0.0
    z = vitrum.pdf.form_factor(40, [4.0])
    cu = vitrum.pdf.form_factor(29, [4.0])
    assert c.f_mean[1] == pytest.approx(0.56 * cu.f[0] + 0.44 * z.f[0], rel=1e-12)
    path = os.path.join(TEST_DATA, "pdf_cu56zr44_2theta.csv")
    p = vitrum.pdf.read_patterns(path, wavelength=0.2065)[0]
    rows = [s for s in open(path) if s.strip() and not s.startswith("#")][1:]
    tth = np.array([float(s.split(",")[0]) for s in rows])
    assert len(tth) == len(p.Q_inv_A)
    assert np.all(p.Q_inv_A == vitrum.pdf.twotheta_to_Q(tth, 0.2065))
    assert np.isnan(vitrum.pdf.twotheta_to_Q([190.0], 0.2065)[0])
    kev = vitrum.pdf.read_patterns(path, wavelength="60.037 keV")[0]  # as --wavelength takes it
    assert np.allclose(kev.Q_inv_A, p.Q_inv_A, rtol=1e-4)
    assert vitrum.pdf.wavelength("60.037 keV") == pytest.approx(0.2065, rel=1e-4)
    assert vitrum.pdf.length("2 nm") == 20.0 and vitrum.pdf.scattering_vector("165 1/nm") == 16.5
    assert vitrum.pdf.parse_range("0.22,0.34 nm", Q=False) == pytest.approx((2.2, 3.4), rel=1e-15)
    assert vitrum.pdf.parse_range("10,16 1/A") == (10.0, 16.0)
    with pytest.raises(vitrum.Error, match="keV|wavelength|unit"):
        vitrum.pdf.wavelength("60 kg")
    with pytest.raises(vitrum.Error):
        vitrum.pdf.form_factor(120, [1.0])


def test_keywords_read_as_the_cli(cli, tmp_path):
    """The keywords go through pdf.h's option tables: text reads as `vitrum pdf` reads it (bare
    numbers in A and 1/A, other units converted), numbers are in A and 1/A, and the options
    (--qmin, --norm-range, --rmax, --dr, --peak-range, --compton) give the CLI's numbers."""
    out, gr = tmp_path / "p.csv", tmp_path / "gr.csv"
    cli("pdf", PATTERN, "--composition", "Cu56Zr44", "-o", out, "--gr", gr, "-q", "--qmin",
        "20 1/nm", "--norm-range", "120,160 1/nm", "--compton", "--rmax", "1 nm", "--dr",
        "0.02", "--peak-range", "0.22,0.34 nm")
    p, g = read_csv(str(out)), read_csv(str(gr))
    (pat,) = vitrum.pdf.read_patterns(PATTERN, axis="Q")  # a header wins over axis
    S = vitrum.pdf.structure_factor("Cu56Zr44", pat.Q_inv_A, pat.intensity,
                                    Q_range=("20 1/nm", None), norm_range="120,160 1/nm",
                                    compton=True)
    assert S.norm_Q_lo_inv_A == pytest.approx(12.0, rel=1e-15)
    assert_printed([S.norm_factor], p["norm_factor"], "%.9g", "alpha")
    S2 = vitrum.pdf.structure_factor("Cu56Zr44", pat.Q_inv_A, pat.intensity, Q_range=(2.0, None),
                                     norm_range=(12, 16), compton=True)
    assert S2.norm_factor == pytest.approx(S.norm_factor, rel=1e-12)
    r, G = vitrum.pdf.pair_distribution(S.Q_inv_A, S.F_inv_A, {"rmax": "1 nm", "dr": 0.02})
    assert_printed(r, g["r_A"], "%.9g", "r")
    assert_printed(G, g["G_inv_A2"], "%.9g", "G")
    fp = vitrum.pdf.first_peak(r, G, window="0.22,0.34 nm")
    assert_printed([fp.r_A, fp.fwhm_A], p["peak_r_A"] + p["FWHM_A"], "%.9g", "peak")
    assert vitrum.pdf.first_peak(r, G, window=(2.2, 3.4)).r_A == pytest.approx(fp.r_A, rel=1e-12)
    default_r, _ = vitrum.pdf.pair_distribution(S.Q_inv_A, S.F_inv_A)
    assert np.array_equal(default_r, np.arange(2001) * 0.01)  # vt_pdf_r_grid's default grid
    with pytest.raises(vitrum.Error, match=r"qmax '16 K': expected a number with an optional unit"):
        vitrum.pdf.structure_factor("Cu56Zr44", pat.Q_inv_A, pat.intensity, Q_range=(2, "16 K"))
    with pytest.raises(vitrum.Error, match="axis 'r': expected 'Q' or '2theta'"):
        vitrum.pdf.read_patterns(PATTERN, axis="r")
