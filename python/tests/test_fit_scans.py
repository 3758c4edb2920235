"""vitrum.fit_scans (vitrum fit --scans): TNM fitted straight from a synthetic Mettler STARe
export gives the CLI's values, standard errors and chi2 to the printed digits, the same with
program histories, per-scan Tf falling with ageing; a bad history count raises with the
library's message.

The export is made as tests/cli/test_fit.sh makes it: `vitrum simulate` runs a one-step ageing
method (equilibrium at 500 K, cooled at 1000 K/s to 400 K, aged 0 (the reference, segment 5),
1, 10, 100 s (segments 15, 21, 27), cooled to 300 K, heated at 1000 K/s to 500 K) with TNM at
dh = 300 kJ/mol, tau(400 K) = 1 s, x = beta = 0.5; the heating ramp's Cp_N at the middle of each
step becomes a heat flow in mW (sloping glass line + 0.02 mW Cp_N + uniform noise of
+-0.0001 mW, numpy's with a fixed seed here), endothermic down."""
import math

import numpy as np
import pytest

import vitrum
from conftest import assert_printed, read_csv

AGES = {5: 0, 15: 1, 21: 10, 27: 100}
A_TRUE = math.exp(-300000 / (8.314462618 * 400))
# a coarse, quick fit: 40 points a curve, one start
COMMON = ["--glass", "305,345 K", "--liquid", "475,499 K", "--T-eq", "500K", "--T-low", "300K",
          "--cool-rate", "1000 K/s", "--dT", "0.5K", "--points", "40", "--starts", "1",
          "--free", "A,dh,x,beta", "--set", "dh=324 kJ/mol", "--set", f"A={A_TRUE!r} s",
          "--x", "0.46", "--beta", "0.54"]
PY = dict(glass=("305 K", "345 K"), liquid=("475 K", "499 K"), T_eq="500 K", T_low="300 K",
          cool_rate="1000 K/s", dT="0.5 K", points=40, starts=1)


def history(age):
    return "start 500 K\ncool to 400 K at 1000 K/s\n" + (f"hold {age} s\n" if age else "") + \
        "cool to 300 K at 1000 K/s\n"


@pytest.fixture(scope="module")
def export(cli, tmp_path_factory):
    d = tmp_path_factory.mktemp("scans")
    rng = np.random.default_rng(7)
    out = ["Title", ""]
    for seg, age in AGES.items():
        prog = d / f"age_{age}.prog"
        prog.write_text(history(age) + "heat to 500 K at 1000 K/s\n")
        (d / f"history_{age}.prog").write_text(history(age))
        sim = d / f"sim_{age}.csv"
        cli("simulate", "--program", prog, "--set", "dh=300 kJ/mol", "--set", f"A={A_TRUE!r} s",
            "--x", "0.5", "--beta", "0.5", "--dT", "0.5K", "-o", sim, "-q")
        c = read_csv(str(sim))
        names = list(c)
        T, CpN, s = (np.array(c[names[k]], float) for k in (1, 4, 5))
        last = s == s[-1]
        Tm = (T[1:] + T[:-1])[last[1:]] / 2  # the last segment's rows at the middle of their steps
        cp = CpN[1:][last[1:]]
        y = -(0.01 + 1e-5 * (Tm - 300) + 0.02 * cp + 0.0002 * (rng.random(len(Tm)) - 0.5))
        out += ["Curve Name:", f"  []]{seg}[$synthetic aged {age} s", "Curve Values:",
                "          Index              t             Ts             Tr          Value",
                "                           [s]            [K]            [K]           [mW]"]
        out += ["%15d %14.9f %14.6f %14.6f %14.9f" % (i, (t - 300) / 1000, t, t, v)
                for i, (t, v) in enumerate(zip(Tm, y))]
        out.append("")
    (d / "export.txt").write_text("\n".join(out) + "\n")
    return d


def start_model():
    return vitrum.Model("tnm", dh="324 kJ/mol", A=A_TRUE, x=0.46, beta=0.54)


def test_fit_scans_equals_cli(cli, export):
    values = export / "values.csv"
    summary = cli("fit", "--scans", export / "export.txt", "--reference", "seg:5", *COMMON,
                  "--ages", "1,10,100 s", "--T-age", "400K", "-o", values).stdout
    c = read_csv(str(values))
    m = start_model()
    r = vitrum.fit_scans(m, export / "export.txt", ["A", "dh", "x", "beta"], reference="seg:5",
                         ages="1, 10, 100 s", T_age="400 K", **PY)
    assert r.converged and r.names == c["name"]
    assert_printed(r.value, c["value_si"], "%.17g", "values")
    dims = {p["name"]: p["dim"] for p in m.params}
    se = [vitrum.to_unit(v, dims[n], u) for v, n, u in zip(r.se, r.names, c["unit"])]
    assert_printed(se, c["se_in_unit"], "%.6g", "standard errors (the lines' share included)")
    assert f"chi2 = {r.chi2:g}," in summary
    for k in r.curves:  # the summary's equal-area Tf, measured and fitted
        assert f"{k.name} " in summary and \
            f"{k.Tf_measured_K:.3f}   {k.Tf_fitted_K:.3f}" in summary, k.name
    assert r.line_errors and r.n_references == 1 and r.T_low_K == 300.0
    assert m.dh == r.values["dh"]  # the model holds the best values
    # within 3 standard errors of the truth (the noise is 0.5 % of the step)
    for name, true in (("dh", 300e3), ("x", 0.5), ("beta", 0.5)):
        assert abs(r.values[name] - true) <= 3 * r.errors[name], name
    assert [len(k.T_K) for k in r.curves] == [40] * 4
    assert sum(len(k.CpN) for k in r.curves) == r.n_data == len(r.predicted)
    tf_m = [k.Tf_measured_K for k in r.curves]
    tf_f = [k.Tf_fitted_K for k in r.curves]
    assert all(np.diff(tf_m) < 0) and all(np.diff(tf_f) < 0)  # Tf falls with ageing
    assert all(line > 0 for line in r.curves[0].line)

    # the same histories as programs: the same fit
    progs = [vitrum.Program(history(a)) for a in AGES.values()]
    r2 = vitrum.fit_scans(start_model(), export / "export.txt", ["A", "dh", "x", "beta"],
                          reference="seg:5", programs=progs, **PY)
    np.testing.assert_allclose(r2.value, r.value, rtol=1e-6)


def test_fit_scans_bad_histories(export):
    path = export / "export.txt"
    with pytest.raises(vitrum.InvalidArgument, match="2 ageing times for 3 aged curves"):
        vitrum.fit_scans(start_model(), path, ["dh"], reference="seg:5", ages="1, 10 s",
                         T_age="400 K", **PY)
    with pytest.raises(vitrum.InvalidArgument, match="2 programs for 4 selected scans"):
        vitrum.fit_scans(start_model(), path, ["dh"], reference="seg:5",
                         programs=[history(0), history(1)], **PY)
    with pytest.raises(vitrum.Error):
        vitrum.fit_scans(start_model(), path, ["dh"], reference="seg:99", ages="1, 10, 100 s",
                         T_age="400 K", **PY)
