"""Measured curves, the calorimetry analysis (vitrum tf) and kinetics (vitrum kissinger, eyring):
the Python numbers are the CLI's to the digits it prints."""
import os

import numpy as np
import pytest

import vitrum
from conftest import TEST_DATA, assert_printed, read_csv

PET = os.path.join("mettler-flash-dsc", "PET_aging_60C_0.01-100s.txt")


def paper000_points():
    rates, Tp = [], []
    with open(os.path.join(TEST_DATA, "kinetics_paper000.csv")) as f:
        for line in f:
            if line.startswith(("#", "label")):
                continue
            _, r, t = line.split("#")[0].split(",")
            rates.append(f"{r} K/min")
            Tp.append(f"{t} C")
    return rates, Tp


def test_read_small_csv():
    cs = vitrum.read_curves(os.path.join(TEST_DATA, "curves_small.csv"))
    assert [c.name for c in cs] == ["ref", "drift"]
    c = cs[0]
    assert c.time_s[0] == 1.0 and c.Tr_K[0] == pytest.approx(313.15) and \
        c.Ts_K[0] == pytest.approx(312.65) and c.heat_flow_W[0] == pytest.approx(2e-4)
    assert c.first_line == 4 and c.segment == -1
    assert c.rate()[0] == pytest.approx(100.0, rel=1e-9)
    assert cs.select("1") == [1]
    with pytest.raises(vitrum.Error, match="5"):
        cs.select("5")


def test_read_errors_name_the_file(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("t [s],T [C],HF [mW]\n0,40,0.1\n1,x,0.2\n")
    with pytest.raises(vitrum.Error) as e:
        vitrum.read_curves(str(bad))
    assert "bad.csv:3" in str(e.value) and e.value.line == 3
    with pytest.raises(vitrum.FileError):
        vitrum.read_curves(str(tmp_path / "none.txt"))


def test_mettler_export_equals_cli_listing(cli, shared_data):
    path = os.path.join(shared_data, PET)
    cs = vitrum.read_curves(path)
    out = cli("curves", path).stdout.splitlines()
    rows = [l.split() for l in out if l.strip() and l.split()[0].isdigit()]
    assert len(cs) == len(rows) == 15
    for c, row in zip(cs, rows):
        assert (c.segment, len(c)) == (int(row[1]), int(row[2]))
        t0, t1 = row[3].split("..")
        assert_printed([c.time_s[0], c.time_s[-1]], [t0, t1], "%.4g", "t range")
        assert c.name.startswith(row[8])


def test_tf_equals_cli(cli, shared_data):
    path = os.path.join(shared_data, PET)
    c = read_csv(cli("tf", path, "--reference", "seg:5,9", "-q").stdout)
    cs = vitrum.read_curves(path)
    order = [int(i) for i in c["index"]]
    r = vitrum.analyse(cs, "seg:5,9", order)
    assert r.n_references == 2 and r.axis == "Ts" and r.windows_automatic
    got = {k: [getattr(x, k) for x in r.curves] for k in ("Tf_K", "Tf_se_K", "rate_K_per_s")}
    assert_printed(got["Tf_K"], c["Tf_K"], "%.9g", "Tf_K")
    assert_printed(got["Tf_se_K"], c["Tf_se_K"], "%.9g", "Tf_se_K")
    assert_printed(got["rate_K_per_s"], c["rate_K_per_s"], "%.9g", "rate")
    assert_printed([x.dH_area_J * 1e3 for x in r.curves], c["dH_area_mJ"], "%.9g", "dH_area")
    assert_printed([x.dH_tf_J * 1e3 for x in r.curves], c["dH_tf_mJ"], "%.9g", "dH_tf")
    assert [str(int(x.resolved)) for x in r.curves] == c["resolved"]
    assert_printed([x.peak.x_peak - 273.15 for x in r.curves], c["Tp_C"], "%.9g", "Tp_C")
    assert_printed([x.peak.fwhm for x in r.curves], c["FWHM_K"], "%.9g", "FWHM")
    # the physics: ageing lowers Tf, from ~342 K unaged to ~329 K after 100 s at 60 C
    tf_by_seg = {x.segment: x.Tf_K for x in r.curves}
    assert tf_by_seg[87] < tf_by_seg[15] - 10


def test_kissinger_and_eyring_equal_cli(cli):
    table = os.path.join(TEST_DATA, "kinetics_paper000.csv")
    k_run, e_run = cli("kissinger", "--table", table), cli("eyring", "--table", table)
    k_out, e_out = k_run.stdout + k_run.stderr, e_run.stdout + e_run.stderr
    rates, Tp = paper000_points()
    k = vitrum.kissinger(rates, Tp)
    e = vitrum.eyring(rates, Tp)
    assert f"dE   = {k.dE_J_per_mol / 1e3:.4f} +- {k.se_dE_J_per_mol / 1e3:.4f} kJ/mol" in k_out
    assert f"c    = {k.intercept:.6f} +- {k.se_intercept:.6f}" in k_out
    assert f"R^2  = {k.r2:.8f}" in k_out
    assert f"H*   = {e.H_J_per_mol / 1e3:.4f} +- {e.se_H_J_per_mol / 1e3:.4f} kJ/mol" in e_out
    assert f"S*   = {e.S_J_per_mol_K:.3f} +- {e.se_S_J_per_mol_K:.3f} J/(mol K)" in e_out
    assert f"<Tp> = {e.mean_Tp_K:.3f} K" in e_out
    assert e.H_J_per_mol == pytest.approx(90e3, rel=1e-6) and k.n == 7
    Tp100 = vitrum.eyring_peak_temperature(e.H_J_per_mol, e.S_J_per_mol_K, "100 K/s")
    assert Tp100 == pytest.approx(vitrum.quantity(Tp[0], "temperature"), abs=1e-3)


def test_kinetics_errors_carry_messages():
    with pytest.raises(vitrum.InvalidArgument) as e:
        vitrum.kissinger([1, 2, -3], [400, 410, 420])
    assert e.value.message
    with pytest.raises(vitrum.InvalidArgument, match="differ in length"):
        vitrum.kissinger([1, 2, 3], [400, 410])


def test_peak_metrics():
    x = np.linspace(0, 10, 1001)
    y = np.exp(-0.5 * ((x - 4) / 1.0) ** 2)
    p = vitrum.peak_metrics(x, y)
    assert p.x_peak == pytest.approx(4.0, abs=1e-6)
    assert p.fwhm == pytest.approx(2 * np.sqrt(2 * np.log(2)), rel=1e-4)
    assert p.area == pytest.approx(np.sqrt(2 * np.pi), rel=1e-4)


def test_data_set_readers_equal_cli(cli, tmp_path):
    """The files `vitrum kissinger --table`, `vitrum loss` and `vitrum debye` read, as arrays:
    Kissinger over read_rate_peaks prints the CLI's numbers; a loss sweep in C and MPa comes
    out in K and Pa with its range cut; a Debye fit over read_heat_flow_scans equals
    `vitrum debye`'s row to its digits; errors name the file."""
    table = os.path.join(TEST_DATA, "kinetics_paper000.csv")
    out = cli("kissinger", "--table", table)
    p = vitrum.read_rate_peaks(table)
    assert len(p.Tp_K) == 7 and p.rate_K_per_s[0] == pytest.approx(100.0) and p.line[0] == 4
    k = vitrum.kissinger(p.rate_K_per_s, p.Tp_K)
    assert f"dE   = {k.dE_J_per_mol / 1e3:.4f} +- {k.se_dE_J_per_mol / 1e3:.4f} kJ/mol" in \
        out.stdout + out.stderr
    loss = os.path.join(TEST_DATA, "loss_dma.csv")
    s = vitrum.read_loss_sweep(loss)
    raw = np.genfromtxt(loss, delimiter=",", comments="#", skip_header=4)
    assert s.T_celsius and np.all(s.T_K == raw[:, 1] + 273.15) and np.all(s.loss_Pa == raw[:, 3] * 1e6)
    cut = vitrum.read_loss_sweep(loss, T_range=("350 K", "400 K"))
    assert cut.T_K.min() >= 350 and cut.T_K.max() <= 400 and 0 < len(cut.T_K) < len(s.T_K)
    assert (s.T_name, s.y_name) == ("T [C]", "E'' [MPa]")
    # columns as `--T-col` / `--y-col` name them: a number with a unit, a header name
    k = vitrum.read_loss_sweep(loss, T_col="2:K", y_col="E'' [MPa]")
    assert not k.T_celsius and np.all(k.T_K == raw[:, 1]) and np.all(k.loss_Pa == s.loss_Pa)
    with pytest.raises(vitrum.InvalidArgument, match="--T-col 'Temp': no such column"):
        vitrum.read_loss_sweep(loss, T_col="Temp")
    T = np.linspace(330.0, 470.0, 701)
    R, E = 8.31446261815324, 90e3  # the peak at 400 K: tau(Tp) = R Tp^2 / (E rate)
    y = vitrum.debye_heat_flow(T, 1000.0, 500.0, np.log(R * 400.0**2 / (E * 1000.0)) -
                               E / (R * 400.0), E)
    scan = tmp_path / "single.csv"
    np.savetxt(scan, np.column_stack([T, y]), delimiter=",", header="T_K,dhf_W_per_mol",
               comments="", fmt="%.12g")
    cli("debye", scan, "--rate", "1000 K/s", "-o", tmp_path / "row.csv", "-q")
    row = read_csv(str(tmp_path / "row.csv"))
    h = vitrum.read_heat_flow_scans(scan)
    assert len(h.scans) == 1 and h.scans[0].n == 701 and h.y_unit == "W/mol" and h.T_name
    f = vitrum.debye_fit(h.scans[0].T_K, h.scans[0].y, "1000 K/s")
    assert "%.10g" % (f.E_J_per_mol / 1e3) == row["E_kJ_per_mol"][0]
    assert "%.10g" % f.Tp_K == row["Tp_K"][0] and "%.10g" % f.ln_tau0_s == row["ln_tau0_s"][0]
    # columns by name, as `--T-col NAME --y-col NAME`; a name the header lacks
    n = vitrum.read_heat_flow_scans(scan, T_col="T_K", y_col="dhf_W_per_mol")
    assert n.y_name == "dhf_W_per_mol" and np.array_equal(n.y, h.y)
    with pytest.raises(vitrum.InvalidArgument, match="--y-col 'dhf': .* has no such column"):
        vitrum.read_heat_flow_scans(scan, y_col="dhf")
    with pytest.raises(vitrum.Error, match="none.csv"):
        vitrum.read_rate_peaks(tmp_path / "none.csv")


def test_calorimetry_pieces_closed_forms():
    """The pieces of `analyse` on arrays: lines fitted to exact lines come back; a sharp step
    from the glass line to the liquid line at 350 K has Moynihan Tf = 350 K (equal areas);
    the step integral of parallel lines is step x width; a tanh step's Tg midpoint is its
    centre."""
    from vitrum import calorimetry as cal
    T = np.linspace(300.0, 400.0, 1001)
    glass, liquid = 0.01 + 2e-4 * (T - 300.0), 0.03 + 2e-4 * (T - 300.0)
    g = cal.fit_line(T, glass, 300.0, 330.0)
    assert g.slope_W_per_K == pytest.approx(2e-4, rel=1e-9) and g.n == 301
    assert np.max(np.abs(cal.line_eval(g, T) - glass)) < 1e-12
    l = cal.fit_line(T, liquid, "100 C", 400.0)
    y = np.where(T < 350.0, glass, liquid)
    Tf, se = cal.fictive_temperature(T, y, g, l)
    assert abs(Tf - 350.0) <= 0.05 + 1e-9 and se >= 0  # half a grid step: the trapezoid at the jump
    assert cal.step_integral(g, l, 340.0, 360.0) == pytest.approx(0.02 * 20.0, rel=1e-9)
    s = glass + 0.02 * (1 + np.tanh((T - 350.0) / 3.0)) / 2
    tg = cal.glass_transition(T, s, g, l, smooth=2.0)
    assert tg.midpoint_K == pytest.approx(350.0, abs=0.05) and tg.onset_K < 350 < tg.end_K
    assert tg.step_W == pytest.approx(0.02, rel=1e-6)
    with pytest.raises(vitrum.RangeError):
        cal.fit_line(T, glass, 500.0, 600.0)


def test_kinetics_lines_spans_and_relaxation_classes():
    """The drawn lines are the fits (Kissinger b = -dE/R, a = c; Eyring b = -H/R), the span is
    the points' extent; relaxation classes by their ranges (beta: 26 R Tg at the centre)."""
    rates, Tp = paper000_points()
    k, e = vitrum.kissinger(rates, Tp), vitrum.eyring(rates, Tp)
    R = 8.31446261815324
    assert k.line_b_K == pytest.approx(-k.dE_J_per_mol / R, rel=1e-12)
    assert k.line_a == pytest.approx(k.intercept, rel=1e-12)
    assert e.line_b_K == pytest.approx(-e.H_J_per_mol / R, rel=1e-12)
    T = vitrum.quantities(Tp, "temperature")
    r = vitrum.quantities(rates, "rate")
    assert (k.Tp_min_K, k.Tp_max_K) == (min(T), max(T)) and e.rate_max_K_per_s == max(r)
    Tg = 400.0
    c = vitrum.relaxation_class(26 * R * Tg, Tg, 40)
    assert c.name == "beta" and c.ranges["beta"] == pytest.approx((22 * R * Tg, 30 * R * Tg))
    assert vitrum.relaxation_class("40 kJ/mol", Tg, 40).name == "gamma/beta'"
    assert vitrum.relaxation_class(40 * R * Tg * np.log(10), Tg, 40).name == "alpha"
    with pytest.raises(vitrum.Error):
        vitrum.relaxation_class(1e5, -1.0, 40)


def test_curve_summary_equals_cli_csv(cli):
    """Curve.summary() is a row of `vitrum curves FILE --csv` (vt_curve_summarise) to its
    digits."""
    path = os.path.join(TEST_DATA, "mettler_small.txt")
    c = read_csv(cli("curves", path, "--csv").stdout)
    cs = vitrum.read_curves(path)
    s = [x.summary() for x in cs]
    assert len(s) == 3 and s[0].T_name == "Tr" and s[0].note == ""
    for key in ("t_min_s", "t_max_s", "T_min_K", "T_max_K", "rate_K_per_s"):
        assert_printed([x[key] for x in s], c[key], "%.9g", key)
    assert_printed([1e3 * x.hf_min_W for x in s], c["HF_min_mW"], "%.9g", "HF min")
