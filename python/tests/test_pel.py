"""The energy-landscape model (paper 003): rate maps and ageing maps equal `vitrum pel-map` and
`vitrum agemap`; the thin-plate spline interpolates and reproduces planes."""
import os

import numpy as np
import pytest

import vitrum
from conftest import TEST_DATA, assert_printed, read_csv

EV = vitrum.pel.EV


def test_pel_map_equals_cli(cli, tmp_path):
    out, lines = tmp_path / "m.csv", tmp_path / "l.csv"
    cli("pel-map", "--nE", 5, "--nT", 7, "-o", out, "--lines", lines, "-q")
    c, l = read_csv(str(out)), read_csv(str(lines))
    m = vitrum.Model("pel")
    r = vitrum.pel.rate_map(m, nE=5, nT=7)
    assert r.rate.shape == (5, 7)
    assert_printed(np.repeat(r.E_IS, 7) / EV, c["E_IS_eV"], "%.6g", "E_IS")
    assert_printed(r.rate.ravel() / EV, c["rate_eV_per_s"], "%.6g", "rate")
    assert_printed(r.T_max_K, l["T_max_K"], "%.6f", "T_max")
    assert_printed(r.T_boundary_K, l["T_boundary_K"], "%.6f", "T_boundary")
    p = vitrum.pel.rate(m, r.E_IS[2], r.T_boundary_K[2])  # the boundary: the rate vanishes
    assert abs(p.rate[0]) < 1e-6 * abs(r.rate_max[2]) and p.EA[0] == pytest.approx(p.ER[0])
    assert vitrum.pel.boundary_T(m, r.E_IS[2]) == pytest.approx(r.T_boundary_K[2], abs=1e-6)
    assert vitrum.pel.steady_E(m, r.T_boundary_K[2]) == pytest.approx(r.E_IS[2], abs=1e-3)


def test_agemap_equals_cli(cli, tmp_path):
    path = os.path.join(TEST_DATA, "eis_two_T.csv")
    lines = tmp_path / "l.csv"
    cli("agemap", path, "--nE", 5, "--nT", 5, "-o", tmp_path / "m.csv", "--lines", lines, "-q")
    l = read_csv(str(lines))
    curves = vitrum.pel.read_eis_csv(path)
    assert [c.T_K for c in curves] == [700, 750, 800]
    raw, avg, m = vitrum.pel.agemap(curves, nE=5, nT=5)
    assert len(raw.rate) == 9
    assert_printed(m.lines_E_IS / EV, l["E_IS_eV"], "%.8g", "E_IS")
    assert_printed(m.T_max_K, l["T_max_K"], "%.6f", "T_max")
    assert_printed(m.rate_max / EV, l["rate_max_eV_per_s"], "%.6g", "rate_max")


def test_thin_plate_spline():
    rng = np.random.default_rng(1)
    x, y = rng.uniform(0, 10, 40), rng.uniform(-1, 1, 40)
    z = np.sin(x) + y ** 2
    s = vitrum.ThinPlateSpline(x, y, z, 0.0)
    assert np.max(np.abs(s(x, y) - z)) < 1e-9  # lambda = 0 interpolates
    plane = vitrum.ThinPlateSpline(x, y, 2 * x - 3 * y + 1, 5.0)
    assert plane(4.0, 0.5) == pytest.approx(2 * 4 - 1.5 + 1, abs=1e-9)  # planes stay planes
    with pytest.raises(vitrum.Error):
        vitrum.ThinPlateSpline([0, 1, 2], [0, 1, 2], [1, 2, 3], 0.0)  # collinear


def test_pel_table_equals_cli(cli, tmp_path):
    table = os.path.join(TEST_DATA, "pel_table.csv")
    lines = tmp_path / "l.csv"
    cli("pel-map", "--spectra", table, "--nE", 4, "--nT", 6, "-o", tmp_path / "m.csv", "--lines",
        lines, "-q")
    l = read_csv(str(lines))
    m = vitrum.Model("pel").pel_table(table)
    r = vitrum.pel.rate_map(m, nE=4, nT=6)
    assert_printed(r.lines_E_IS / EV, l["E_IS_eV"], "%.8g", "E_IS")
    assert_printed(r.T_max_K, l["T_max_K"], "%.6f", "T_max")
    with pytest.raises(vitrum.Error, match="pel_table_bad.csv"):
        m.pel_table(os.path.join(TEST_DATA, "pel_table_bad.csv"))


def test_stepping_by_hand_is_simulate():
    m = vitrum.Model("tnm")
    tr = vitrum.simulate(m, "start 450 K\ncool to 380 K at 1e4 K/s\nhold 5 s\n")
    m2 = vitrum.Model("tnm").equilibrate(450.0)
    for i in range(1, len(tr)):
        dt = tr.t_seg_s[i] - (tr.t_seg_s[i - 1] if tr.segment[i] == tr.segment[i - 1] else 0.0)
        m2.step(dt, tr.T_K[i - 1], tr.T_K[i])
    Tf, dH, _ = m2.observe()
    assert Tf == tr.Tf_K[-1] and dH == tr.dH_J_per_mol[-1]  # bit for bit


def test_lammps_log_eis_equals_cli(cli, tmp_path):
    """vitrum.pel.read_eis reads a LAMMPS log (and a CSV) as `vitrum agemap` does: the slope
    entries of both equal the CLI's --entries CSV to its digits; errors carry its message."""
    log, csv = os.path.join(TEST_DATA, "eis_lammps.log"), os.path.join(TEST_DATA, "eis_no_T.csv")
    out = tmp_path / "e.csv"
    cli("agemap", "--T", "750 K", "--atoms", "log", log, "--T", "700 K", csv, "--entries", out,
        "-o", tmp_path / "m.csv", "-q")
    e = read_csv(str(out))
    curves = vitrum.pel.read_eis(log, T="750 K", atoms="log") + vitrum.pel.read_eis(csv, T=700)
    assert [c.name for c in curves][0] == "eis_lammps.log" and curves[0].T_K == 750
    assert curves[0].time_s[1] == pytest.approx(5e-13)  # 500 steps of the default 1 fs
    raw, _, _ = vitrum.pel.agemap(curves, nE=5, nT=5)
    assert_printed(raw.T_K, e["T_K"], "%.6g", "T")
    assert_printed(raw.E_IS / EV, e["E_IS_eV"], "%.9g", "E_IS")
    assert_printed(raw.rate / EV, e["rate_eV_per_s"], "%.6g", "rate")
    kcal = vitrum.pel.read_eis(log, format="lammps", T=750, energy_unit="kcal/mol", atoms="log")
    assert kcal[0].E_IS[0] / curves[0].E_IS[0] == pytest.approx(4184.0 / EV)
    two = vitrum.pel.read_eis(log, format="lammps", T=750, atoms=2)
    assert two[0].E_IS[0] * 2 == pytest.approx(vitrum.pel.read_eis(log, T=750)[0].E_IS[0])
    with pytest.raises(vitrum.Error, match="atoms '0.5': expected a number >= 1"):
        vitrum.pel.read_eis(log, T=750, atoms=0.5)
    with pytest.raises(vitrum.Error, match="energy_unit 'K': expected eV, J/mol"):
        vitrum.pel.read_eis(log, T=750, energy_unit="K")
    # the asinh scale as --asinh-scale's text (eV/s) is the number in J/(mol s)
    _, _, a = vitrum.pel.agemap(curves, nE=5, nT=5, transform="asinh", asinh_scale="0.01 eV/s")
    _, _, b = vitrum.pel.agemap(curves, nE=5, nT=5, transform="asinh", asinh_scale=0.01 * EV)
    np.testing.assert_array_equal(a.rate, b.rate)
    with pytest.raises(vitrum.Error, match="'1 K': expected a number >= 0"):
        vitrum.pel.agemap(curves, transform="asinh", asinh_scale="1 K")
    with pytest.raises(vitrum.Error, match="no temperature for the curve"):
        vitrum.pel.read_eis(log)
    with pytest.raises(vitrum.Error, match="has no column 'c_eis'"):
        vitrum.pel.read_eis(log, T=700, energy_column="c_eis")


def test_pel_scan_equals_cli(cli, tmp_path):
    """vitrum.pel.scan is a row of `vitrum pel --cool-rates` (paper 003 Fig. 4c): the glass's
    E_IS and Tf, the exotherm, and the heating scan's rows to the CLI's digits."""
    out = tmp_path / "s.csv"
    text = cli("pel", "--cool-rates", "200, 2000 K/s", "-o", out).stdout
    rows = [line.split(",") for line in text.splitlines()[1:]]
    c = read_csv(str(out))
    m = vitrum.Model("pel")
    for k, rate in enumerate(["200 K/s", 2000.0]):
        s = vitrum.pel.scan(m, rate)
        assert "%g" % s.cool_K_per_s == rows[k][0]
        assert "%.6f" % (s.E_glass / EV) == rows[k][1] and "%.3f" % s.Tf_glass_K == rows[k][2]
        assert "%.3f" % s.T_exo_K == rows[k][3] and "%g" % (s.rate_exo / EV) == rows[k][4]
    heat = slice(s.first, None)  # the last scan: 2000 K/s
    mine = [i for i, r in enumerate(c["cool_rate_K_per_s"]) if r == "2000"]
    assert_printed(s.trace.T_K[heat], [c["T_K"][i] for i in mine], "%.6f", "T")
    assert_printed(s.E_IS[heat] / EV, [c["E_IS_eV"][i] for i in mine], "%.9f", "E_IS")
    assert_printed(s.rate[heat] / EV, [c["rate_eV_per_s"][i] for i in mine], "%.6g", "rate")
    assert_printed(s.trace.Tf_K[heat], [c["Tf_K"][i] for i in mine], "%.6f", "Tf")
    with pytest.raises(vitrum.RangeError):
        vitrum.pel.scan(m, 200.0, T_low="900 K")


def test_trace_energy_is_the_scans():
    """pel.trace_energy over a scan's trace gives the scan's E_IS and rate bit for bit and its
    exotherm (vt_pel_trace_energy, vt_pel_exotherm are what vt_pel_scan_run uses)."""
    m = vitrum.Model("pel")
    s = vitrum.pel.scan(m, "200 K/s")
    e = vitrum.pel.trace_energy(m, s.trace, heating_from=s.first)
    assert np.array_equal(e.E_IS, s.E_IS) and np.array_equal(e.rate, s.rate, equal_nan=True)
    assert (e.T_exo_K, e.rate_exo) == (s.T_exo_K, s.rate_exo)
    assert np.isnan(e.rate[0])  # no step ends at the start


def test_model_lines_compare_equal_agemap_compare(cli, tmp_path):
    """`vitrum agemap --compare` as calls: the model's lines at the map's rows (model_lines over
    the map's T range widened by 300 K, 256 points) are its model columns, and compare_lines
    gives the max and median it prints."""
    path = os.path.join(TEST_DATA, "eis_two_T.csv")
    lines = tmp_path / "l.csv"
    run = cli("agemap", path, "--nE", 5, "--nT", 5, "-o", tmp_path / "m.csv", "--lines", lines,
              "--compare")
    l = read_csv(str(lines))
    _, _, m = vitrum.pel.agemap(vitrum.pel.read_eis_csv(path), nE=5, nT=5)
    model = vitrum.pel.map_model_lines(vitrum.Model("pel"), m)
    by_hand = vitrum.pel.model_lines(vitrum.Model("pel"), m.lines_E_IS,
                                     (max(1.0, m.T_K[0] - 300.0), m.T_K[-1] + 300.0))
    np.testing.assert_array_equal(model.T_max_K, by_hand.T_max_K)
    np.testing.assert_array_equal(model.T_boundary_K, by_hand.T_boundary_K)
    assert_printed(model.T_max_K, l["model_T_max_K"], "%.6f", "model T_max")
    assert_printed(model.T_boundary_K, l["model_T_boundary_K"], "%.6f", "model boundary")
    worst, median, rows = vitrum.pel.compare_lines(m, model)
    assert rows == 0 and "no row with both maxima to compare" in run.stderr + run.stdout
    # the model's own map: its lines on the map's rows are model_lines', to the map's grid
    pel = vitrum.Model("pel")
    r = vitrum.pel.rate_map(pel, nE=7, nT=61)
    own = vitrum.pel.model_lines(pel, r.lines_E_IS, (300.0, 1200.0))
    worst, median, rows = vitrum.pel.compare_lines(r, own)
    assert rows >= 5 and worst < (r.T_K[1] - r.T_K[0]) and median <= worst
    shifted = vitrum.Result({"T_max_K": own.T_max_K + [2.0, 2.0, 2.0, 5.0, 2.0, 2.0, 2.0]})
    assert vitrum.pel.compare_lines(own, shifted) == (5.0, 2.0, 7)
    with pytest.raises(vitrum.Error, match="rows against"):
        vitrum.pel.compare_lines(m, vitrum.Result({"T_max_K": [1.0]}))


def test_rate_map_options_are_the_cli_s(cli, tmp_path):
    """rate_map's keywords are pel-map's rows (vt_pel_map_option_table): the same map for the
    same ranges, given as numbers or strings with units."""
    out = tmp_path / "m.csv"
    cli("pel-map", "--nE", 3, "--nT", 4, "--E-range", "-0.03, -0.01 eV", "--T-range",
        "500, 800 K", "-o", out, "-q")
    c = read_csv(str(out))
    m = vitrum.Model("pel")
    r = vitrum.pel.rate_map(m, E_range=("-0.03 eV", "-0.01 eV"), T_range=(500, "800 K"), nE=3,
                            nT=4)
    assert r.T_K[0] == 500 and r.T_K[-1] == 800 and r.E_IS[0] == pytest.approx(-0.03 * EV)
    assert_printed(r.rate.ravel() / EV, c["rate_eV_per_s"], "%.6g", "rate")
    with pytest.raises(vitrum.Error, match="nE"):
        vitrum.pel.rate_map(m, nE=1)
