"""The strain instruments' keywords come from the library's option tables (two_step:
t2, rate; strain_grid: ramp_step, ppd, t_first), the rows `vitrum strain --help` prints: a
string with its unit and the SI number give the same run, defaults are the CLI's, and a wrong
unit names the keyword."""
import numpy as np
import pytest

import vitrum
from vitrum import _vitrum
from vitrum.strain import STRAIN_GRID_OPTIONS, TWO_STEP_OPTIONS


def test_rows_and_defaults_as_the_cli_shows_them(cli):
    assert list(TWO_STEP_OPTIONS) == ["t2", "rate"]
    assert list(STRAIN_GRID_OPTIONS) == ["ramp_step", "ppd", "t_first"]
    help_text = cli("strain", "--help").stdout
    for r in list(TWO_STEP_OPTIONS.values()) + list(STRAIN_GRID_OPTIONS.values()):
        flag = "--" + r["name"].replace("_", "-")
        assert f"{flag} {r['arg']}" in help_text and f"(default {r['default']})" in help_text
    assert TWO_STEP_OPTIONS["rate"]["default_si"] == pytest.approx(2.0 / 60.0, rel=1e-15)
    assert STRAIN_GRID_OPTIONS["ramp_step"]["default_si"] == 1e-4


def test_text_and_si_give_the_same_run():
    v = vitrum.Visco()
    a = vitrum.two_step(v, "0.5 %", "0.3 %", "300 s", t2="1000 s", rate="60 %/min")
    b = vitrum.two_step(v, 0.005, 0.003, 300.0, t2=1000.0, rate=0.01)
    assert np.array_equal(a.stress_Pa, b.stress_Pa) and a.t2_s[-1] == 1000.0
    p = "temperature 593 K\nstart 0 %\nramp to 0.5 % at 200 %/min\nhold 100 s\n"
    c = vitrum.strain_simulate(v, p, ramp_step="0.05 %", ppd="8", t_first="10 ms")
    d = vitrum.strain_simulate(v, p, ramp_step=5e-4, ppd=8, t_first=0.01)
    assert np.array_equal(c.time_s, d.time_s) and np.array_equal(c.stress_Pa, d.stress_Pa)
    assert len(c.time_s) < len(vitrum.strain_simulate(v, p).time_s)


def test_wrong_unit_names_the_keyword():
    with pytest.raises(vitrum.Error, match="^rate: wrong unit in '1 K/s'"):
        vitrum.two_step(vitrum.Visco(), "0.5 %", "0.3 %", "300 s", rate="1 K/s")
    with pytest.raises(vitrum.Error, match="^t_first: wrong unit"):
        vitrum.strain_sweep(vitrum.Visco(), "0.5 %", "300 s", "0.3 %", t_first="1 K")
    assert [r["name"] for r in _vitrum.options("strain_grid")] == list(STRAIN_GRID_OPTIONS)
