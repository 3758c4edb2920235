"""debye_curves: `vitrum debye --curves` (analysis of an export, heat-flow scans, Debye fits and
their summary) from Python, compared with the CLI's table and summary to the printed digits."""
import os
import re
import subprocess

import pytest

import vitrum
from conftest import TEST_DATA, assert_printed, read_csv

# tests/data/make_debye.awk (test_tf.sh's debye_curves case uses it too): a reference and a scan
# holding a Debye recovery peak (E = 200 kJ/mol, Q0 = 8e-4 mJ at 100 K/s), with a drift.
MAKE_DEBYE = os.path.join(TEST_DATA, "make_debye.awk")


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    path = tmp_path_factory.mktemp("debye_curves") / "debye.csv"
    with open(path, "w") as f:
        subprocess.run(["awk", "-f", MAKE_DEBYE], stdout=f, check=True)
    return path


def test_debye_curves_equals_cli(cli, export):
    run = cli("debye", "--curves", export, "--reference", "0", "--endo", "up", "--range",
              "330,430 K", "--Tg", "370 K", "--fragility", "50", "-o", "-")
    c = read_csv(run.stdout)
    r = vitrum.debye_curves(export, reference="0", endo_up=True, range=("330 K", "430 K"),
                            Tg="370 K", fragility=50)
    assert r["y_unit"] == "mW" and r["q_unit"] == "mJ" and r["rate_K_per_s"] == 100.0
    scans = r["scans"]
    assert [str(s["curve"]) for s in scans] == c["curve"]
    assert [str(s["segment"]) for s in scans] == c["segment"]
    assert [str(s["n"]) for s in scans] == c["n"]
    assert [s["status"] for s in scans] == [0] * len(scans) and c["status"] == ["ok"] * len(scans)
    f = [s["fit"] for s in scans]
    for key, col, fmt, scale in [
            ("Q0", "dh_mJ", "%.10g", 1), ("se_Q0", "se_dh_mJ", "%.4g", 1),
            ("E_J_per_mol", "E_kJ_per_mol", "%.10g", 1e3),
            ("se_E_J_per_mol", "se_E_kJ_per_mol", "%.4g", 1e3),
            ("ln_tau0_s", "ln_tau0_s", "%.10g", 1), ("se_ln_tau0", "se_ln_tau0", "%.4g", 1),
            ("Tp_K", "Tp_K", "%.10g", 1), ("rms_residual", "rms_mW", "%.6g", 1),
            ("r2", "r2", "%.10g", 1)]:
        assert_printed([x[key] / scale for x in f], c[col], fmt, col)
    assert c["class"] == ["alpha"]
    # the summary the CLI prints on standard error (vt_debye_summarise)
    s = r["summary"]
    m = re.search(r"(\d+) scans?, (\d+) fitted .*\n  E\* from (\S+) to (\S+) kJ/mol\n"
                  r"  per class: gamma/beta' (\d+), beta (\d+), alpha (\d+)", run.stderr)
    assert m, run.stderr
    assert (s["n"], s["n_fitted"]) == (int(m[1]), int(m[2])) == (1, 1)
    assert_printed([s["E_min_J_per_mol"] / 1e3, s["E_max_J_per_mol"] / 1e3], [m[3], m[4]],
                   "%.4g", "E* range")
    assert (s["n_gamma_beta_prime"], s["n_beta"], s["n_alpha"]) == tuple(map(int, m.group(5, 6, 7)))
    # E* and dh are found again (test_tf.sh's tolerances)
    assert abs(f[0]["E_J_per_mol"] / 1e3 - 200) < 2 and abs(f[0]["Q0"] / 8e-4 - 1) < 0.02


def test_debye_curves_bad_reference(cli, export):
    run = cli("debye", "--curves", export, "--reference", "7", "--endo", "up", check=False)
    assert run.returncode != 0
    with pytest.raises(vitrum.Error) as e:
        vitrum.debye_curves(export, reference="7", endo_up=True)
    assert "there is no curve 7: the file has 2 curves (indices 0-1)" in str(e.value)
    assert str(e.value) in run.stderr  # the library's message, as the CLI prints it


def test_debye_curves_arguments(export):
    with pytest.raises(vitrum.InvalidArgument, match="go together"):
        vitrum.debye_curves(export, reference="0", endo_up=True, Tg="370 K")
    with pytest.raises(TypeError):
        vitrum.debye_curves(export, reference="0", bogus=1)


def test_debye_curves_window_too_narrow(cli, export):
    """A window of too few points: the fit fails without raising, and its message, the CLI's
    status column, names the window (vt_debye_fit_scans)."""
    run = cli("debye", "--curves", export, "--reference", "0", "--endo", "up", "--range",
              "380,380.6 K", "-o", "-", check=False)
    r = vitrum.debye_curves(export, reference="0", endo_up=True, range=("380 K", "380.6 K"))
    s = r["scans"][0]
    assert s["status"] != 0 and s["fit"] is None and r["summary"]["n_fitted"] == 0
    assert s["message"] == "7 points: at least 8 are needed (within range)", s["message"]
    assert s["message"].replace("(within range)", "(within --range)") in run.stderr
