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
