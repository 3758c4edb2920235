"""simulate, dsc, kovacs, pathmatch: the Python results are the CLI's numbers on the same input,
to the digits the CLI prints."""
import math

import numpy as np
import pytest

import vitrum
from conftest import assert_printed, read_csv

KOVACS = "start 450 K\ncool to 373 K at 10000 K/s\nhold 50 s\njump to 383 K\nhold 20 s\n"
ANNEAL = "start 373 K\nhold 10 s\n"


@pytest.fixture
def tnm():
    return vitrum.Model("tnm", dh="164 kJ/mol", beta=0.43)


def test_simulate_equals_cli(cli, tmp_path, tnm):
    prog = tmp_path / "k.prog"
    prog.write_text(KOVACS + "heat to 480 K at 1000 K/s\n")
    out = tmp_path / "sim.csv"
    cli("simulate", "--program", prog, "--dh", "164 kJ/mol", "--beta", "0.43", "--dT", "0.05 K",
        "--ppd", "15", "-o", out, "-q")
    c = read_csv(str(out))
    tr = vitrum.simulate(tnm, vitrum.Program.read(str(prog)), dT="0.05 K", ppd=15)
    assert len(tr) == len(c["time_s"]) > 1000
    for col, fmt in (("time_s", "%.10g"), ("T_K", "%.10g"), ("Tf_K", "%.10g"),
                     ("dH_J_per_mol", "%.8g"), ("Cp_N", "%.8g"), ("t_seg_s", "%.10g")):
        assert_printed(tr[col], c[col], fmt, col)
    assert [int(s) for s in c["segment"]] == tr.segment.tolist()
    assert tr.Tf_K[0] == 450.0 and np.isnan(tr.Cp_N[0])
    assert tr.as_array()["Tf_K"][-1] == tr.Tf_K[-1]


def test_simulate_at_times_equals_cli(cli, tmp_path, tnm):
    prog = tmp_path / "k.prog"
    prog.write_text(KOVACS)
    out = tmp_path / "at.csv"
    cli("simulate", "--program", prog, "--beta", "0.43", "--at-time", "0.01, 1, 30, 60 s",
        "-o", out, "-q")
    c = read_csv(str(out))
    tr = vitrum.simulate(tnm, prog.read_text(), at_time="0.01, 1, 30, 60 s").only_requested()
    assert len(tr) == 4
    assert_printed(tr.time_s, c["time_s"], "%.10g", "time_s")
    assert_printed(tr.dH_J_per_mol, c["dH_J_per_mol"], "%.8g", "dH")


def test_dsc_equals_cli(cli, tmp_path, tnm):
    prog = tmp_path / "a.prog"
    prog.write_text(ANNEAL)
    out = tmp_path / "dsc.csv"
    r = cli("dsc", "--program", prog, "--dh", "164 kJ/mol", "--beta", "0.43", "--heat-rate",
            "2000 K/s", "-o", out)
    c = read_csv(str(out))
    d = vitrum.dsc(tnm, ANNEAL, heat_rate="2000 K/s")
    assert_printed(d.scan.T_K, c["T_K"], "%.6f", "T_K")
    assert_printed(d.scan.time_s, c["time_s"], "%.8g", "time_s")
    assert_printed(d.scan.heat_flow_W_per_mol, c["hf_annealed_W_per_mol"], "%.8g", "hf")
    assert_printed(d.reference.heat_flow_W_per_mol, c["hf_reference_W_per_mol"], "%.8g", "ref")
    assert_printed(d.scan.heat_flow_W_per_mol - d.reference.heat_flow_W_per_mol,
                   c["dhf_W_per_mol"], "%.8g", "dhf")
    m = d.peak.metrics
    summary = r.stderr + r.stdout
    assert f"dh     = {d.peak.dh_dsc_J_per_mol:.2f} J/mol" in summary
    assert f"Tp     = {m.x_peak:.2f} K" in summary
    assert f"FWHM   = {m.fwhm:.2f} K ({m.x_half_low:.2f} to {m.x_half_high:.2f} K)" in summary
    assert f"annealed {d.scan.Tf_start_K:.2f} K, as-cooled {d.reference.Tf_start_K:.2f} K" \
        in summary
    assert 380 < m.x_peak < 480 and d.peak.dh_dsc_J_per_mol > 500


def test_kovacs_equals_cli(cli, tmp_path, tnm):
    out, summ = tmp_path / "k.csv", tmp_path / "s.csv"
    cli("kovacs", "--T1", "353, 363 K", "--t1", "1, 10 s", "--T2", "383 K", "--t2",
        "0.01, 0.1, 1, 10, 100 s", "--beta", "0.43", "-o", out, "--summary", summ, "-q")
    c, s = read_csv(str(out)), read_csv(str(summ))
    curves = vitrum.kovacs(tnm, "353, 363 K", [1, 10], "383 K", "0.01, 0.1, 1, 10, 100 s")
    assert [(k.T1_K, k.t1_s) for k in curves] == [(353, 1), (353, 10), (363, 1), (363, 10)]
    assert_printed(np.concatenate([k.t2_s for k in curves]), c["t2_s"], "%.6g", "t2")
    assert_printed(np.concatenate([k.dh_J_per_mol for k in curves]), c["dh_J_per_mol"], "%.8g",
                   "dh")
    assert_printed(np.concatenate([k.dh_at_T2_J_per_mol for k in curves]),
                   c["dh_at_T2_J_per_mol"], "%.8g", "dh_at_T2")
    assert_printed([k.dh1_J_per_mol for k in curves], s["dh1_J_per_mol"], "%.8g", "dh1")
    assert_printed([k.dh_peak_J_per_mol for k in curves], s["dh_peak_J_per_mol"], "%.8g",
                   "dh_peak")
    assert_printed([k.t_peak_s for k in curves], s["t_peak_s"], "%.6g", "t_peak")
    assert max(k.dh_peak_J_per_mol for k in curves) > 0  # the memory effect is there


def test_kovacs_default_t2_is_the_cli_s():
    t2 = vitrum.instruments.default_t2()
    assert t2[0] == 0.01 and t2[-1] == 2000.0 and len(t2) == 33


def test_pathmatch_equals_cli(cli, tnm):
    r = cli("pathmatch", "--T-s", "403 K", "--T-a", "385 K", "--phi", "10, 1 K/s", "--beta",
            "0.43", "--dh", "164 kJ/mol")
    c = read_csv(r.stdout)
    rows = vitrum.pathmatch(tnm, "403 K", "385 K", "10, 1 K/s")
    assert_printed([x.phi_K_per_s for x in rows], c["phi_K_per_s"], "%.6g", "phi")
    assert_printed([x.dh_path_J_per_mol for x in rows], c["dh_path_J_per_mol"], "%.8g", "dh")
    assert_printed([x.t_a_s for x in rows], c["t_a_s"], "%.6g", "t_a")
    for col in ("Tp_cool_K", "FWHM_cool_K", "Tp_iso_K", "FWHM_iso_K"):
        assert_printed([x[col] for x in rows], c[col], "%.6f", col)
    assert rows[0].dh_iso_J_per_mol == pytest.approx(rows[0].dh_path_J_per_mol, rel=1e-5)


def test_instrument_errors(tnm):
    with pytest.raises(vitrum.RangeError, match="ramp step -1 K must be finite and > 0"):
        vitrum.simulate(tnm, ANNEAL, dT=-1)
    with pytest.raises(TypeError, match="unknown DSC option 'colour'"):
        vitrum.kovacs(tnm, [363], [1], 383, colour="red")
    with pytest.raises(vitrum.Error) as e:
        vitrum.kovacs(tnm, [363], [1], 383, [-1])
    assert e.value.message and math.isfinite(tnm.beta)


def test_quench_enthalpy_is_the_quench_simulated():
    """vitrum.instruments.quench_enthalpy (vt_dsc_quench_enthalpy): the as-cooled glass's
    H_conf where the DSC's quench (450 K at 1e4 K/s) passes T equals simulate's over that
    quench, and for TNM H_conf = dCp Tf there; T_eq itself is not on the quench."""
    m = vitrum.Model("tnm")
    T = [449.9, 400.0, 380.0, 300.0]
    H = vitrum.instruments.quench_enthalpy(m, T)
    tr = vitrum.simulate(m, "start 450 K\ncool to 300 K at 1e4 K/s\n")
    rows = [int(np.argmin(np.abs(tr.T_K - t))) for t in T]
    assert [tr.T_K[i] for i in rows] == T
    assert H == pytest.approx([tr.H_conf_J_per_mol[i] for i in rows], rel=1e-12)
    assert H == pytest.approx([25.0 * tr.Tf_K[i] for i in rows], rel=1e-12)
    with pytest.raises(vitrum.RangeError, match="not on the quench"):
        vitrum.instruments.quench_enthalpy(m, [450.0])


def test_pathmatch_peaks_are_the_dsc_of_both_paths(tnm):
    """vt_path_match_peaks: the peaks pathmatch returns are dsc() of the cooling program and of
    the isothermal one at the matched t_a (the same numbers, not merely close)."""
    r = vitrum.pathmatch(tnm, "403 K", "385 K", "50 K/s")[0]
    cool = vitrum.dsc(tnm, "start 403 K\ncool to 385 K at 50 K/s\n").peak
    iso = vitrum.dsc(tnm, vitrum.Program(f"start 385 K\nhold {r.t_a_s!r} s\n")).peak
    assert r.peak_cool.dh_dsc_J_per_mol == cool.dh_dsc_J_per_mol
    assert np.array_equal(r.peak_cool.dheat_flow_W_per_mol, cool.dheat_flow_W_per_mol)
    assert r.Tp_cool_K == cool.metrics.x_peak and r.FWHM_cool_K == cool.metrics.fwhm
    assert r.peak_iso.dh_dsc_J_per_mol == pytest.approx(iso.dh_dsc_J_per_mol, rel=1e-12)
    bare = vitrum.pathmatch(tnm, "403 K", "385 K", "50 K/s", peaks=False)[0]
    assert bare.t_a_s == r.t_a_s and "peak_cool" not in bare


def test_dsc_warning_is_the_cli_s(cli, tmp_path, tnm):
    """vt_dsc_peak_check: a short anneal at slow heating leaves a peak below T_a; dsc() says so
    in the words `vitrum dsc` warns with, and a long anneal at fast heating has no warning."""
    prog = tmp_path / "a.prog"
    prog.write_text("start 383 K\nhold 0.1 s\n")
    r = cli("dsc", "--program", prog, "--heat-rate", "100 K/s", "--beta", "0.43", "--dh",
            "164 kJ/mol")
    d = vitrum.dsc(tnm, prog.read_text(), heat_rate="100 K/s")
    assert d.peak.warning.startswith("the peak at Tp = ") and d.peak.metrics.x_peak < 383
    assert f"vitrum dsc: warning: {d.peak.warning}\n" in r.stderr
    assert vitrum.dsc(tnm, "start 383 K\nhold 100 s\n").peak.warning is None
