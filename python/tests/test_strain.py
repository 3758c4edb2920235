"""Strain programs and the viscoelastic model (paper 001): the CLI's numbers (vitrum strain)."""
import numpy as np
import pytest

import vitrum
from conftest import assert_printed, read_csv

PROGRAM = """temperature 593 K
start 0 %
ramp to 0.5 % at 200 %/min
hold 900 s
jump to 0.3 %
hold 3600 s
"""


def test_strain_program_equals_cli(cli, tmp_path):
    f, out = tmp_path / "s.sprog", tmp_path / "s.csv"
    f.write_text(PROGRAM)
    cli("strain", "--program", f, "--G0", "85 GPa", "-o", out, "-q")
    c = read_csv(str(out))
    v = vitrum.Visco(G0="85 GPa")
    r = vitrum.strain_simulate(v, vitrum.StrainProgram.read(str(f)))
    assert_printed(r.time_s, c["time_s"], "%.10g", "time_s")
    assert_printed(100 * r.strain, c["strain_pct"], "%.10g", "strain")
    assert_printed(r.stress_Pa / 1e6, c["stress_MPa"], "%.10g", "stress")
    assert_printed(r.t_seg_s, c["t_seg_s"], "%.10g", "t_seg_s")
    assert r.segment.tolist() == [int(s) for s in c["segment"]] and r.T_K == 593.0


def test_two_step_equals_cli(cli):
    c = read_csv(cli("strain", "--eps1", "0.5 %", "--eps2", "0.3 %", "--tw", "900 s", "-q").stdout)
    r = vitrum.two_step(vitrum.Visco(), "0.5 %", "0.3 %", "900 s")
    for key, col, fmt, scale in (("sigma_w_Pa", "sigma_w_MPa", "%.8g", 1e-6),
                                 ("sigma0_Pa", "sigma0_MPa", "%.8g", 1e-6),
                                 ("sigma_peak_Pa", "sigma_peak_MPa", "%.8g", 1e-6),
                                 ("dsigma_Pa", "dsigma_MPa", "%.8g", 1e-6),
                                 ("t_p_s", "t_p_s", "%.6g", 1.0)):
        assert_printed([r[key] * scale], c[col], fmt, key)
    assert r.found and r.dsigma_Pa > 0  # the strain memory peak


def test_visco_parameters_and_errors():
    v = vitrum.Visco(tau="20 min", beta=0.5)
    assert v.tau == 1200.0 and v.beta == 0.5
    names = [p["name"] for p in v.params]
    assert "G0" in names and "Ea" in names
    with pytest.raises(vitrum.RangeError):
        v.beta = 5
    with pytest.raises(vitrum.NotFound, match="G0"):
        v.bogus = 1
    with pytest.raises(vitrum.UnitError):
        vitrum.StrainProgram("temperature 593 K\nstart 0\n")


def test_dma_read_and_kww_equal_cli(cli):
    import os
    from conftest import TEST_DATA
    path = os.path.join(TEST_DATA, "dma_q800_relaxation.csv")
    out = cli("kww", path).stdout
    d = vitrum.read_dma(path)
    assert d.time_s[1] == pytest.approx(0.06) and d.T_K[0] == pytest.approx(593.0)
    assert d.strain[0] == pytest.approx(0.005) and d.y is None
    r = vitrum.kww_fit(d.time_s - d.time_s[0], d.stress_Pa / d.stress_Pa[0])
    assert f"KWW: tau = {r.tau1_s:.6g} +- {r.se_tau1_s:.2g} s, beta = {r.beta1:.5g}" in out, out
    assert r.tau1_s == pytest.approx(600, rel=1e-6) and r.beta1 == pytest.approx(0.5, rel=1e-6)


def test_tp_tau_regression_equals_cli(cli, tmp_path):
    f = tmp_path / "tp.csv"
    f.write_text("tau_rec_s,t_p_s\n1000,400\n2000,1350\n3000,2410\n4000,3330\n")
    out = cli("kww", "--regress", f).stdout
    r = vitrum.tp_tau_fit([1000, 2000, 3000, 4000], [400, 1350, 2410, 3330])
    assert f"t_p = ({r.intercept_s:.6g} +- {r.se_intercept_s:.2g} s) + ({r.slope:.6g} +- " \
           f"{r.se_slope:.2g}) tau_rec, R^2 = {r.r2:.5f}" in out, out


def test_arrhenius_and_recovery_recover_their_laws():
    import numpy as np
    T = np.array([560.0, 580, 600, 620])
    tau = 1e-20 * np.exp(250e3 / (8.314462618 * T))
    a = vitrum.arrhenius_fit(T, tau)
    assert a.Ea_J_per_mol == pytest.approx(250e3, rel=1e-9) and a.r2 == pytest.approx(1.0)
    t = np.logspace(0, 4, 80)
    eps = 0.001 + (0.004 - 0.001) * np.exp(-(t / 500.0) ** 0.6)
    r = vitrum.recovery_fit(t, eps, 0.005)
    assert r.tau_rec_s == pytest.approx(500, rel=1e-5) and r.beta_rec == pytest.approx(0.6, 1e-5)
    assert r.fraction == pytest.approx(1 - 0.001 / 0.005, rel=1e-5)


def test_arrhenius_kww_and_window_equal_cli(cli, tmp_path):
    """Ea from relaxation curves at four temperatures (paper 001 Fig. 4) as `vitrum kww
    --arrhenius` and `--window`: the curves read by read_relax_series, the fits and Ea to the
    CLI's digits; 250 kJ/mol is what the files were made with."""
    files = []
    for T in (573, 583, 593, 603):
        prog, out = tmp_path / f"a{T}.prog", tmp_path / f"a{T}.csv"
        prog.write_text(f"temperature {T} K\nstart 0 %\njump to 0.5 %\nhold 1e4 s\n")
        cli("strain", "-q", "--program", prog, "--G_inf", "0 GPa", "-o", out)
        files.append(str(out))
    text = cli("kww", "--arrhenius", *files, "-o", tmp_path / "a.csv").stdout
    cli("kww", "--arrhenius", *files, "--window", "100, 1000 s", "-o", tmp_path / "w.csv", "-q")
    a, w = read_csv(str(tmp_path / "a.csv")), read_csv(str(tmp_path / "w.csv"))
    curves = [vitrum.read_relax_series(f) for f in files]
    assert [c.T_K for c in curves] == [573, 583, 593, 603] and curves[0].column == "stress"
    r = vitrum.arrhenius_kww(curves)
    assert_printed([f.tau1_s for f in r.fits], a["tau_s"], "%.8g", "tau")
    assert_printed([f.se_tau1_s for f in r.fits], a["se_tau_s"], "%.3g", "se tau")
    assert_printed([f.beta1 for f in r.fits], a["beta"], "%.6g", "beta")
    line = [s for s in text.splitlines() if s.startswith("Ea = ")][0].split()
    assert "%g" % (r.Ea_J_per_mol / 1e3) == line[2] and "%.2g" % (r.se_Ea_J_per_mol / 1e3) == line[4]
    assert "%g" % r.ln_tau0_s == line[9]
    for k, tw in enumerate(["100 s", 1000.0]):
        x = vitrum.arrhenius_window(curves, tw)
        assert "%.8g" % x.t_w_s == w["t_w_s"][k]
        assert "%.8g" % (x.Ea_J_per_mol / 1e3) == w["Ea_kJ_per_mol"][k]
        assert "%.3g" % (x.se_Ea_J_per_mol / 1e3) == w["se_Ea_kJ_per_mol"][k]
        assert "%.8g" % x.ln_tau0_s == w["ln_tau0_s"][k] and "%.8f" % x.r2 == w["r2"][k]
        assert len(x.tau_s) == 4 and x.tau_s[0] > x.tau_s[-1] > 0
    tuples = [(c.t_s, c.y, 600.0 + k) for k, c in enumerate(curves)]  # T= replaces their T
    assert vitrum.arrhenius_window(tuples, "1000 s", T="573, 583, 593, 603 K").Ea_J_per_mol == \
        x.Ea_J_per_mol
    with pytest.raises(vitrum.Error, match="curve"):
        vitrum.arrhenius_kww([(c.t_s, c.y * 0.0, c.T_K) for c in curves])
    with pytest.raises(vitrum.Error, match="cannot open|No such"):
        vitrum.read_relax_series(tmp_path / "none.csv")


def test_kww_curve_memory_peak_and_prony_table_equal_cli(cli, tmp_path):
    """The second hold of a two-step test fitted as `vitrum kww --from --double --fitted`: the
    fitted curve (kww_eval) and the memory peak (memory_peak: t_p_s, dsigma) to the CLI's
    digits; Visco.prony_table(FILE) runs as `vitrum strain --prony FILE`."""
    prog, run = tmp_path / "s.sprog", tmp_path / "s.csv"
    prog.write_text(PROGRAM)
    cli("strain", "--program", prog, "-o", run, "-q")
    k, f = tmp_path / "k.csv", tmp_path / "f.csv"
    cli("kww", run, "--from", "900.21 s", "--double", "-o", k, "--fitted", f, "-q")
    kc, fc = read_csv(str(k)), read_csv(str(f))
    s = vitrum.read_relax_series(run, start="900.21 s")
    fit = vitrum.kww_fit(s.t_s, s.y, double=True)
    assert "%.8g" % fit.tau1_s == kc["tau1_s"][0]
    assert_printed(vitrum.kww_eval(fit, s.t_s), fc["fit"], "%.10g", "fitted curve")
    assert vitrum.kww_chi2(fit, s.t_s, s.y) == pytest.approx(fit.chi2, rel=1e-9)
    p = vitrum.memory_peak(s.t_s, s.value)
    assert p.found and "%.6g" % p.t_p_s == kc["t_p_s"][0]
    assert "%.6g" % (p.dsigma_Pa / 1e6) == kc["dsigma"][0]  # shown in MPa
    table, out = tmp_path / "prony.csv", tmp_path / "p.csv"
    table.write_text("tau_s,weight\n10,0.2\n1000,0.5\n1e5,0.3\n")
    cli("strain", "--program", prog, "--prony", table, "-o", out, "-q")
    c = read_csv(str(out))
    v = vitrum.Visco().prony_table(table)
    r = vitrum.strain_simulate(v, vitrum.StrainProgram.read(str(prog)))
    assert_printed(r.stress_Pa / 1e6, c["stress_MPa"], "%.10g", "stress with the Prony table")
    w = vitrum.Visco().prony_table(weights=[2, 5, 3], taus=[10, 1000, 1e5])  # any scale
    assert vitrum.strain_simulate(w, vitrum.StrainProgram.read(str(prog))).stress_Pa[-1] == \
        r.stress_Pa[-1]
    assert v.prony_tol() == 1e-5 and v.prony_tol(1e-7) == 1e-7
    with pytest.raises(vitrum.RangeError):
        v.prony_tol(0.5)
    (tmp_path / "bad.csv").write_text("tau_s,weight\n10,0.2\n-5,0.8\n")
    with pytest.raises(vitrum.InvalidArgument, match="weight 0.8, tau -5 s: need"):
        vitrum.Visco().prony_table(tmp_path / "bad.csv")


def test_kww_file_and_relax_curves_equal_cli(cli, tmp_path):
    """`vitrum kww FILE` as one call (kww_file, the CLI's option rows): the double fit and the
    memory peak to the CLI's digits and equal to the calls it stands for; the recovery with eps1
    from the row before the window; read_relax_curves as --arrhenius reads its files (their
    temperature columns, or T), with the CLI's messages."""
    prog, run = tmp_path / "s.sprog", tmp_path / "s.csv"
    prog.write_text(PROGRAM)
    cli("strain", "--program", prog, "-o", run, "-q")
    k = tmp_path / "k.csv"
    cli("kww", run, "--from", "900.21 s", "--double", "-o", k, "-q")
    kc = read_csv(str(k))
    r = vitrum.kww_file(run, start="900.21 s", double=True)
    s = vitrum.read_relax_series(run, start="900.21 s")
    fit = vitrum.kww_fit(s.t_s, s.y, double=True)
    assert r.fit.tau1_s == fit.tau1_s and r.fit.A == fit.A and "%.8g" % r.fit.tau1_s == kc["tau1_s"][0]
    assert r.peak.t_p_s == vitrum.memory_peak(s.t_s, s.value).t_p_s
    np.testing.assert_array_equal(r.series.y, s.y)
    raw = vitrum.kww_file(run, start="900.21 s", end="2000 s", raw=True, offset=True)
    assert raw.fit.se_y0 > 0 and raw.fit.se_y_inf > 0 and raw.series.y[0] == raw.series.value[0]
    rec_prog, rec = tmp_path / "r.sprog", tmp_path / "r.csv"
    rec_prog.write_text("temperature 593 K\nstart 0 %\nramp to 0.5 % at 200 %/min\n"
                        "hold 1e4 s\nrecover 1e5 s\n")
    cli("strain", "--program", rec_prog, "--t_vp", "1e7 s", "-o", rec, "-q")
    rr = vitrum.kww_file(rec, start="10000.15 s", recovery=True)
    assert rr.peak is None and rr.eps1 == rr.series.before and rr.eps1 == pytest.approx(0.005)
    assert rr.fit.fraction == pytest.approx(1 - rr.fit.eps_inf / rr.eps1)
    with pytest.raises(vitrum.Error, match="--double fits relaxation curves only"):
        vitrum.kww_file(rec, recovery=True, double=True)
    with pytest.raises(vitrum.Error, match="--to must come after --from"):
        vitrum.kww_file(run, start="10 s", end="5 s")
    with pytest.raises(TypeError, match="unknown option 'bogus'"):
        vitrum.kww_file(run, bogus=1)
    files = []
    for T in (573, 593):
        p, out = tmp_path / f"a{T}.prog", tmp_path / f"a{T}.csv"
        p.write_text(f"temperature {T} K\nstart 0 %\njump to 0.5 %\nhold 1e4 s\n")
        cli("strain", "-q", "--program", p, "--G_inf", "0 GPa", "-o", out)
        files.append(out)
    curves = vitrum.read_relax_curves(files)
    assert [c.T_K for c in curves] == [573, 593]
    assert vitrum.arrhenius_kww(curves).Ea_J_per_mol == \
        vitrum.arrhenius_kww([vitrum.read_relax_series(f) for f in files]).Ea_J_per_mol
    assert [c.T_K for c in vitrum.read_relax_curves(files, T="600, 610 K")] == [600, 610]
    two = tmp_path / "two.csv"
    two.write_text("t_s,y\n0,1\n1,0.9\n2,0.8\n")
    with pytest.raises(vitrum.Error, match="has no temperature column: give the temperatures"):
        vitrum.read_relax_curves([files[0], two])


def test_recovery_eval_and_kernel_helpers():
    """recovery_eval is the fitted recovery law; prony_kww's series is within its measured
    error of exp(-xi^beta) (beta = 1: one exact term); tnm_ln_tau and kww_integral against
    their closed forms."""
    t = np.linspace(0.0, 5e4, 60)
    eps = 0.001 + 0.003 * np.exp(-(t / 8000.0) ** 0.6)
    r = vitrum.recovery_fit(t, eps, 0.005)
    assert np.max(np.abs(vitrum.recovery_eval(r, t) - eps)) < 1e-9
    assert vitrum.recovery_eval(r, [0.0])[0] == pytest.approx(r.eps0, rel=1e-12)
    xi = np.logspace(-4, 2, 200)
    p = vitrum.prony_kww(0.43, 1e-6, xi)
    assert p.max_error <= 1e-6 and np.max(np.abs(p.values - np.exp(-xi ** 0.43))) <= p.max_error
    assert abs(np.sum(p.weight) - 1.0) < 1e-5
    one = vitrum.prony_kww(1.0, 1e-6, xi)
    assert len(one.weight) == 1 and np.max(np.abs(one.values - np.exp(-xi))) < 1e-15
    with pytest.raises(vitrum.RangeError):
        vitrum.prony_kww(0.43, 0.5)
    R = 8.31446261815324  # CODATA 2018, exact
    assert vitrum.tnm_ln_tau("1e-30 s", "300 kJ/mol", 1.0, 400.0, 380.0) == \
        pytest.approx(np.log(1e-30) + 3e5 / (R * 400.0), rel=1e-12)
    assert vitrum.kww_integral(2.0, 1.0) == pytest.approx(1 - np.exp(-2.0), rel=1e-12)


def test_table_files_equal_cli(cli, tmp_path):
    """The small table files of the CLI as arrays: t_p against tau_rec (`vitrum kww
    --regress`: the regression over read_tp_tau_table prints its row), Prony terms
    (read_prony_table is what Visco.prony_table uses) and a spectrum of units (`--spectrum`:
    Model('units').units_table(FILE) simulates as `vitrum simulate --model units --spectrum`)."""
    tp = tmp_path / "tp_tau.csv"
    tp.write_text("tau_rec_s,t_p_s\n700,69.6\n900,269.6\n1500,869.6\n2500,1869.6\n4000,3369.6\n")
    cli("kww", "--regress", tp, "-o", tmp_path / "g.csv", "-q")
    g = read_csv(str(tmp_path / "g.csv"))
    t = vitrum.read_tp_tau_table(tp)
    assert list(t.tau_rec_s) == [700, 900, 1500, 2500, 4000] and t.t_p_s[0] == 69.6
    f = vitrum.tp_tau_fit(t.tau_rec_s, t.t_p_s)
    assert "%.8g" % f.intercept_s == g["intercept_s"][0] and "%.8g" % f.slope == g["slope"][0]
    pr = tmp_path / "prony.csv"
    pr.write_text("tau [ms],weight\n10,0.2\n1000,0.8\n")
    p = vitrum.read_prony_table(pr)
    assert list(p.tau_s) == [0.01, 1.0] and list(p.weight) == [0.2, 0.8]
    sp, prog, out = tmp_path / "s.csv", tmp_path / "p.prog", tmp_path / "o.csv"
    sp.write_text("E_kJ_per_mol,weight\n100,0.3\n120,0.5\n140,0.2\n")
    prog.write_text("start 450 K\ncool to 350 K at 100 K/s\nheat to 450 K at 100 K/s\n")
    cli("simulate", "--model", "units", "--spectrum", sp, "--program", prog, "-o", out, "-q")
    c = read_csv(str(out))
    m = vitrum.Model("units").units_table(str(sp))
    tr = vitrum.simulate(m, vitrum.Program.read(str(prog)))
    assert_printed(tr.Tf_K, c["Tf_K"], "%.10g", "Tf with the spectrum file")
    (tmp_path / "bad.csv").write_text("E_kJ_per_mol,weight\n100,x\n")
    with pytest.raises(vitrum.Error, match="bad.csv:2"):
        vitrum.Model("units").units_table(str(tmp_path / "bad.csv"))


def test_visco_stepping_by_hand_is_strain_simulate():
    """Visco.reset / strain_step / observe (and Model('visco').strain_step) over the grid of
    strain_simulate give its stresses bit for bit; modulus and shift at T_ref are G(0) = G0 and
    a_T = 1; a stress jump is answered by G0 alone."""
    r = vitrum.strain_simulate(vitrum.Visco(), "temperature 593 K\nstart 0 %\njump to 0.5 %\n"
                                               "hold 100 s\n")
    v, m = vitrum.Visco().reset("593 K"), vitrum.Model("visco").equilibrate(593.0)
    mine, model = [], []
    for i in range(len(r.time_s)):
        dt = r.time_s[i] - (r.time_s[i - 1] if i else 0.0)
        mine.append(v.strain_step(dt, r.strain[i]).observe()[4])
        model.append(m.strain_step(dt, r.strain[i]).observe_mechanical()[2])
    assert list(mine) == list(r.stress_Pa) and list(model) == list(r.stress_Pa)
    assert v.observe()[:3] == (r.time_s[-1], 593.0, 0.005)
    w = vitrum.Visco(G0="80 GPa")
    T_ref = w.T_ref
    assert w.modulus(0.0, T_ref) == pytest.approx(80e9, rel=1e-9) and w.shift(T_ref) == 1.0
    w.reset(T_ref).stress_step(0.0, "100 MPa")
    assert w.observe()[2] == pytest.approx(100e6 / 80e9, rel=1e-12)
    with pytest.raises(vitrum.InvalidArgument, match="driven by temperature"):
        vitrum.Model("tnm").strain_step(0.0, 0.005)
