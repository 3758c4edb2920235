"""Strain programs and the viscoelastic model (paper 001): the CLI's numbers (vitrum strain)."""
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
