"""Sweeps as single calls: the DSC heat-flow maps (vitrum dsc --anneal-T --anneal-t) and the
two-step strain sweeps (vitrum strain --eps1 --eps2 --tw --t-rec) equal the CLI's output on the
same input to the digits it prints."""
import numpy as np
import pytest

import vitrum
from conftest import assert_printed, read_csv


def test_dsc_map_equals_cli(cli, tmp_path):
    out, tab = tmp_path / "map.csv", tmp_path / "tab.csv"
    cli("dsc", "--anneal-T", "373, 383 K", "--anneal-t", "1, 100 s", "--pre-anneal",
        "393 K, 10 s", "--heat-rate", "2000 K/s", "-o", out, "--table", tab, "-q")
    m = vitrum.Model("tnm")
    r = vitrum.dsc_map(m, "373, 383 K", "1, 100 s", pre_anneal="393 K, 10 s",
                       heat_rate="2000 K/s")
    n = len(r.T_K)
    assert r.dheat_flow_W_per_mol.shape == (2, 2, n) and r.dh_J_per_mol.shape == (2, 2)
    c = read_csv(str(out))
    assert len(c["T_K"]) == 4 * n
    assert_printed(np.repeat(r.T_a_K, 2 * n), c["T_a_K"], "%.6g", "T_a")
    assert_printed(np.tile(r.T_K, 4), c["T_K"], "%.6f", "T_K")
    assert_printed(r.dheat_flow_W_per_mol.ravel(), c["dheat_flow_W_per_mol"], "%.8g", "dq")
    t, rows = read_csv(str(tab)), r.table()
    for col, fmt in (("T_a_K", "%.6g"), ("t_a_s", "%.6g"), ("dh_J_per_mol", "%.6g"),
                     ("Tp_K", "%.6f"), ("FWHM_K", "%.6g"), ("onset_K", "%.6f"),
                     ("end_K", "%.6f")):
        assert_printed(rows[col], t[col], fmt, col)
    # a map point is the single-program DSC of the same anneal
    d = vitrum.dsc(m, "start 393 K\nhold 10 s\ncool to 383 K at 1e4 K/s\nhold 100 s\n",
                   heat_rate="2000 K/s")
    assert d.peak.dh_dsc_J_per_mol == r.dh_J_per_mol[1, 1]
    assert np.array_equal(d.peak.dheat_flow_W_per_mol, r.dheat_flow_W_per_mol[1, 1])


def test_dsc_map_errors():
    m = vitrum.Model("tnm")
    with pytest.raises(vitrum.Error, match="anneal at 383 K for -1 s"):
        vitrum.dsc_map(m, [383], [1, -1])
    with pytest.raises(vitrum.InvalidArgument, match="needs T_a and t_a"):
        vitrum.dsc_map(m, [], [1])
    m.beta = 0.5  # free again after the errors


def test_strain_sweep_equals_cli(cli, tmp_path):
    cur, summ = tmp_path / "curves.csv", tmp_path / "sum.csv"
    cli("strain", "--eps1", "0.3, 0.5 %", "--eps2", "0.3 %", "--tw", "100, 300 s", "--t2",
        "3000 s", "--t-rec", "3000 s", "-o", cur, "--summary", summ, "-q")
    v = vitrum.Visco()
    r = vitrum.strain_sweep(v, "0.3, 0.5 %", "100, 300 s", "0.3 %", t2="3000 s",
                            t_rec="3000 s")
    s = read_csv(str(summ))
    assert len(r) == 4 and len(s["run"]) == 4
    assert r.curves[0].skipped and r.curves[1].skipped and not r.curves[2].skipped
    assert np.isnan(r.dsigma_Pa[0]) and r.dsigma_Pa[2] > 0
    for col, val, fmt in (("eps1_pct", 100 * r.eps1, "%.6g"), ("eps2_pct", 100 * r.eps2, "%.6g"),
                          ("t_w_s", r.t_w_s, "%.6g"), ("T_K", r.T_K, "%.6g"),
                          ("sigma_w_MPa", r.sigma_w_Pa / 1e6, "%.8g"),
                          ("sigma0_MPa", r.sigma0_Pa / 1e6, "%.8g"),
                          ("sigma_peak_MPa", r.sigma_peak_Pa / 1e6, "%.8g"),
                          ("dsigma_MPa", r.dsigma_Pa / 1e6, "%.8g"), ("t_p_s", r.t_p_s, "%.6g"),
                          ("tau_rec_s", r.tau_rec_s, "%.6g"), ("beta_rec", r.beta_rec, "%.6g"),
                          ("eps_vp_pct", 100 * r.strain_vp, "%.6g"),
                          ("recovery_fraction", r.recovery_fraction, "%.6g")):
        assert_printed(val, s[col], fmt, col)
    c = read_csv(str(cur))
    t2 = np.concatenate([k.t2_s for k in r.curves])
    sigma = np.concatenate([k.stress_Pa for k in r.curves]) / 1e6
    assert_printed(t2, c["t2_s"], "%.8g", "t2_s")
    assert_printed(sigma, c["stress_MPa"], "%.8g", "stress")
    # one run of the sweep is the single two-step run
    one = vitrum.two_step(v, "0.5 %", "0.3 %", "300 s", t2="3000 s")
    assert np.array_equal(one.stress_Pa, r.curves[3].stress_Pa) and one.t_p_s == r.t_p_s[3]


def test_strain_sweep_needs_a_second_step_or_a_recovery():
    with pytest.raises(vitrum.InvalidArgument, match="eps2"):
        vitrum.strain_sweep(vitrum.Visco(), "0.3 %", "100 s")


def test_dsc_map_pre_anneal_text():
    """The pre-anneal's text is read by the library (vt_dsc_parse_pre_anneal), as the CLI's."""
    m = vitrum.Model("tnm")
    a = vitrum.dsc_map(m, [383], [1], pre_anneal="393 K, 10 s")
    b = vitrum.dsc_map(m, [383], [1], pre_anneal=(393, 10))
    assert np.array_equal(a.dheat_flow_W_per_mol, b.dheat_flow_W_per_mol)
    with pytest.raises(vitrum.Error, match="pre_anneal '393 K': expected 'T1, t1'"):
        vitrum.dsc_map(m, [383], [1], pre_anneal="393 K")
