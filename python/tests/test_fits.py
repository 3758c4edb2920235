"""Fits: the model fit (vitrum fit), KWW (vitrum kww), Debye (vitrum debye) and the loss
modulus (vitrum loss) give the CLI's numbers on the same data; a fit cancelled from another
thread stops within 0.1 s and leaves the model as it was."""
import os

import numpy as np
import pytest

import vitrum
from conftest import TEST_DATA, assert_printed, cancelled_after, read_csv

DH = os.path.join(TEST_DATA, "fit_dh_two_step.csv")


def test_fit_data_round_trip():
    d = vitrum.FitData().read_dh(DH)
    assert len(d) == 3 and d.dh["dh_J_per_mol"][0] == pytest.approx(812.0)
    assert d.dh["T2_K"][0] == 383.0 and np.isnan(d.dh["T2_K"][2])
    d.add_dh("373 K", "50 s", "0.7 kJ/mol", T2="383 K", t2="1 s", sigma=20)
    assert len(d) == 4 and d.dh["t2_s"][-1] == 1.0 and d.dh["sigma_J_per_mol"][-1] == 20.0


def test_model_fit_equals_cli(cli, tmp_path):
    out, pred = tmp_path / "fit.csv", tmp_path / "pred.csv"
    cli("fit", "--dh", DH, "--free", "A", "--starts", "1", "-o", out, "--predicted", pred, "-q")
    c, p = read_csv(str(out)), read_csv(str(pred))
    m = vitrum.Model("tnm")
    d = vitrum.FitData().read_dh(DH)
    r = vitrum.fit_model(m, d, ["A"], starts=1)
    assert r.converged and r.names == ["A"] and r.weighted and r.dof == 2
    assert_printed(r.value, c["value_si"], "%.17g", "A")
    assert_printed(r.se, c["se_in_unit"], "%.6g", "se(A)")
    assert m.A == r.values["A"]  # the model holds the best value
    assert r.correlation.shape == (1, 1) and r.correlation[0, 0] == pytest.approx(1.0)
    assert_printed(r.predicted, p["predicted_J_per_mol"][:3], "%.10g", "predicted")
    sigma = np.array(d.dh["sigma_J_per_mol"])
    assert r.chi2 == pytest.approx(float(np.sum((r.residual / sigma) ** 2)), rel=1e-9)


def test_fitted_lines_equal_cli_plot(cli, tmp_path):
    """vitrum.fits.fitted_lines after fit_model draws what `vitrum fit --plot` writes to
    FILE_lines.csv (protocol, plotted time, predicted dh) and keys the plot's protocols."""
    pic = tmp_path / "f.svg"
    cli("fit", "--dh", DH, "--free", "A", "--starts", "1", "--plot", pic, "-q")
    c = read_csv(str(tmp_path / "f_lines.csv"))
    m = vitrum.Model("tnm")
    d = vitrum.FitData().read_dh(DH)
    vitrum.fit_model(m, d, ["A"], starts=1)
    r = vitrum.fits.fitted_lines(m, d)
    assert_printed(r.line_protocol, c["protocol"], "%d", "protocol")
    t = np.where(np.isnan(r.lines.T2_K), r.lines.t1_s, r.lines.t2_s)  # t2, or t1 single steps
    assert_printed(t, c["t_s"], "%.10g", "t_s")
    assert_printed(r.predicted, c["predicted_J_per_mol"], "%.10g", "predicted")
    n = len(r.protocols)
    assert len(r.line_protocol) == 40 * n and len(r.protocol_of) == len(d)
    assert set(r.protocol_of) == set(range(n))
    assert r.t_lo_s == min(t) and r.t_hi_s == max(t)
    gp = (tmp_path / "f.gp").read_text()
    for k, p in enumerate(r.protocols):
        assert f"protocol[{k + 1}] = '{p.label}'" in gp
    with pytest.raises(vitrum.InvalidArgument, match="points"):
        vitrum.fits.fitted_lines(m, d, points=1)


def test_model_fit_errors():
    d = vitrum.FitData().read_dh(DH)
    with pytest.raises(vitrum.NotFound, match="bogus"):
        vitrum.fit_model(vitrum.Model("tnm"), d, ["bogus"], starts=1)
    with pytest.raises(vitrum.RangeError):
        vitrum.fit_model(vitrum.Model("tnm"), d, ["beta"], bounds={"beta": (0.7, 0.9)}, starts=1)


def test_fit_cancelled_from_another_thread():
    # beta free from 0.1: the first model runs build the Prony series of small betas, which
    # poll the flag between Householder columns; the whole fit takes ~0.27 s since the builds
    # got 10x faster, so the request comes 0.1 s in (it came at 0.3 s when they took ~1 s)
    m = vitrum.Model("tnm", beta=0.1)
    before = {r["name"]: r["value"] for r in m.params}
    d = vitrum.FitData().read_dh(DH)
    r, latency = cancelled_after(
        lambda: vitrum.fit_model(m, d, ["A", "beta"], starts=1, threads=1), 0.1)
    assert isinstance(r, vitrum.Cancelled), r
    print(f"fit stopped {latency * 1e3:.2f} ms after vitrum.cancel()")
    assert latency < 0.1
    assert {r["name"]: r["value"] for r in m.params} == before  # no state left
    r = vitrum.fit_model(m, d, ["A"], starts=1)  # and the next fit runs
    assert r.converged


def test_fit_progress_callback():
    """progress(start, n_starts, iteration, chi2) after each iteration (vt_fit_options.progress):
    with one start the iterations count 1..r.iterations, chi2 never rises (accepted trust-region
    steps) and the last is the result's; an exception it raises stops the fit, is raised by
    fit_model, and leaves the model as it was."""
    d = vitrum.FitData().read_dh(DH)
    calls = []
    r = vitrum.fit_model(vitrum.Model("tnm"), d, ["A"], starts=1,
                         progress=lambda *a: calls.append(a))
    assert [c[2] for c in calls] == list(range(1, r.iterations + 1)) and r.iterations >= 2
    assert all(c[:2] == (0, 1) for c in calls)
    chi2 = [c[3] for c in calls]
    assert all(b <= a for a, b in zip(chi2, chi2[1:])) and chi2[-1] == r.chi2

    class Stop(Exception):
        pass

    def stop(start, n_starts, iteration, chi2):
        raise Stop(f"enough at iteration {iteration}")
    m = vitrum.Model("tnm")
    before = m.A
    with pytest.raises(Stop, match="enough at iteration 1"):
        vitrum.fit_model(m, d, ["A"], starts=1, progress=stop)
    assert m.A == before
    assert vitrum.fit_model(m, d, ["A"], starts=1).converged  # the flag was cleared


def test_kww_equals_cli(cli, tmp_path):
    t = np.logspace(-2, 3, 60)
    y = np.exp(-(t / 10) ** 0.6) * (1 + 0.003 * np.sin(7 * t))
    f = tmp_path / "kww.csv"
    np.savetxt(f, np.c_[t, y], delimiter=",", header="t_s,y", comments="", fmt="%.17g")
    out = cli("kww", f).stdout
    # the CLI fits y/y(t0) against t - t0
    r = vitrum.kww_fit(t - t[0], y / y[0])
    line = f"KWW: tau = {r.tau1_s:.6g} +- {r.se_tau1_s:.2g} s, beta = {r.beta1:.5g} +- " \
           f"{r.se_beta1:.2g}"
    assert line in out, out
    assert r.values["beta1"] == pytest.approx(0.62, abs=0.01)


def test_debye_equals_cli(cli, tmp_path):
    T = np.arange(350, 450, 0.5)
    y = vitrum.debye_heat_flow(T, 1000, 500, -60, "200 kJ/mol")
    assert np.trapz(y, T) / 1000 == pytest.approx(500, rel=1e-2)  # Q0 is the area (the tail
    # beyond 450 K is cut off)
    y = y + 0.01 * np.max(y) * np.sin(T)
    f = tmp_path / "deb.csv"
    np.savetxt(f, np.c_[T, y], delimiter=",", header="T_K,dhf_W_per_mol", comments="",
               fmt="%.17g")
    out = cli("debye", f, "--rate", "1000 K/s").stdout
    r = vitrum.debye_fit(T, y, "1000 K/s")
    assert f"dh      = {r.Q0:.4f} +- {r.se_Q0:.2g} J/mol" in out, out
    assert f"E*      = {r.E_J_per_mol / 1e3:.4f} +- {r.se_E_J_per_mol / 1e3:.2g} kJ/mol" in out
    assert f"ln_tau0 = {r.ln_tau0_s:.5f} +- {r.se_ln_tau0:.2g}" in out
    assert f"Tp      = {r.Tp_K:.3f} K" in out
    assert r.values["E_J_per_mol"] == pytest.approx(200e3, rel=3e-3)


def test_loss_equals_cli(cli, tmp_path):
    path = os.path.join(TEST_DATA, "loss_dma_noisy.csv")
    out = tmp_path / "loss.csv"
    fitted = tmp_path / "fitted.csv"
    cli("loss", path, "--freq", "2 Hz", "--peak", "hn:430K", "--peak", "debye:360K", "-o", out,
        "--fitted", fitted)
    c, f = read_csv(str(out)), read_csv(str(fitted))
    data = np.genfromtxt(path, delimiter=",", comments="#", skip_header=2)
    T, loss = data[:, 0], data[:, 1]
    r = vitrum.loss_fit(T, loss, "2 Hz", [("hn", 430, None), ("debye", 360, None)])
    for col, fmt in (("E_act_J_per_mol", "%.10g"), ("ln_tau0_s", "%.10g"), ("dE_Pa", "%.10g"),
                     ("a", "%.10g"), ("b", "%.10g"), ("se_E_act_J_per_mol", "%.6g")):
        assert_printed([p[col] for p in r.peaks], c[col], fmt, col)
    assert_printed([r.background_Pa], c["background_Pa"][:1], "%.10g", "background")
    assert r.peaks[0].havriliak_negami and not r.peaks[1].havriliak_negami
    assert_printed(r.T_max_K, c["T_max_K"], "%.8g", "T_max")
    assert_printed(r.loss_max_Pa, c["loss_max_Pa"], "%.8g", "loss_max")
    assert_printed(r.fitted_Pa / 1e6, f["fit_MPa"], "%.10g", "fitted curve")
    assert_printed(r.terms_Pa[1] / 1e6, f["peak2_MPa"], "%.10g", "second term")
    assert not r.peaks[0].undetermined and not r.peaks[1].undetermined


def test_loss_undetermined_equals_cli(cli):
    """One HN term on the two-term data: the fit converges but does not determine the term
    (vt_loss_peak.undetermined, by its law se >= value), and the CLI prints its note."""
    path = os.path.join(TEST_DATA, "loss_dma.csv")
    run = cli("loss", path, "--freq", "2 Hz", "--peak", "hn:151C")
    data = np.genfromtxt(path, delimiter=",", comments="#", skip_header=4)
    r = vitrum.loss_fit(data[:, 1] + 273.15, data[:, 3] * 1e6, "2 Hz", [("hn", "151 C", None)])
    p = r.peaks[0]
    assert p.undetermined
    assert p.se_E_act_J_per_mol >= p.E_act_J_per_mol or p.se_dE_Pa >= p.dE_Pa
    assert "vitrum loss: note: peak 1's standard errors exceed its values" in run.stderr


def test_predict_and_per_mass_tables(cli, tmp_path):
    """vitrum.predict (vt_fit_predict) of the fitted model is the fit's prediction and the
    CLI's --predicted column; a dh table per gram read with the molar mass gives the J/mol
    table's values (vt_read_dh_table_mass), and without it the library says what is missing."""
    pred = tmp_path / "pred.csv"
    cli("fit", "--dh", DH, "--free", "A", "--starts", "1", "-o", tmp_path / "f.csv",
        "--predicted", pred, "-q")
    m, d = vitrum.Model("tnm"), vitrum.FitData().read_dh(DH)
    r = vitrum.fit_model(m, d, ["A"], starts=1)
    p = vitrum.predict(m, d)
    assert p == pytest.approx(r.predicted, rel=1e-9)  # the fit's own runs: other route, last bits
    assert_printed(p, read_csv(str(pred))["predicted_J_per_mol"][:3], "%.10g", "predicted")
    rows = [s.split("#")[0].strip() for s in open(DH) if s.strip() and not s.startswith("#")]
    head = rows[0].split(",")
    k, ks = head.index("dh_kJ_per_mol"), head.index("sigma_kJ_per_mol")
    per_g = tmp_path / "per_g.csv"
    M = 0.1922  # kg/mol: J/g = (kJ/mol) x 1e3 / (M x 1e3 g/mol)
    names = {k: "dh_J_per_g", ks: "sigma_dh_J_per_g"}
    out = [",".join(names.get(i, h) for i, h in enumerate(head))]
    for s in rows[1:]:
        f = s.split(",")
        f[k], f[ks] = repr(float(f[k]) / M), repr(float(f[ks]) / M)
        out.append(",".join(f))
    per_g.write_text("\n".join(out) + "\n")
    g = vitrum.FitData().read_dh(str(per_g), molar_mass="192.2 g/mol")
    assert g.dh["dh_J_per_mol"] == pytest.approx(d.dh["dh_J_per_mol"], rel=1e-12)
    assert g.dh["sigma_J_per_mol"] == pytest.approx(d.dh["sigma_J_per_mol"], rel=1e-12)
    with pytest.raises(vitrum.Error, match="molar mass"):
        vitrum.FitData().read_dh(str(per_g))


def test_cpn_fictive_temperature_and_plot_times():
    """Moynihan's equal area on Cp_N: a unit step at 350 K gives 350 K (to half a grid step);
    on a simulated heating it recovers the glass's frozen Tf (the area is the enthalpy the
    scan gives back) to 0.5 K; dh points are plotted at t2 (two steps) or t1."""
    T = np.linspace(300.0, 400.0, 1001)
    assert abs(vitrum.cpn_fictive_temperature(T, (T >= 350.0).astype(float)) - 350.0) <= 0.05 + 1e-9
    tr = vitrum.simulate(vitrum.Model("tnm"), "start 450 K\ncool to 300 K at 10 K/s\n"
                                              "heat to 450 K at 10 K/s\n")
    h = tr.segment == 1
    assert vitrum.cpn_fictive_temperature(tr.T_K[h], tr.Cp_N[h]) == \
        pytest.approx(tr.Tf_K[h][0], abs=0.5)
    d = vitrum.FitData().read_dh(DH)
    assert list(d.plot_times()) == [0.1, 10.0, 100.0]
