"""Programs, models, units and errors: round trips and the library's messages."""
import math

import pytest

import vitrum


def test_units():
    assert vitrum.quantity("60 C", "temperature") == pytest.approx(333.15, abs=1e-12)
    assert vitrum.quantity("600 K/min", "rate") == pytest.approx(10.0, abs=1e-12)
    assert vitrum.quantity(5, "time") == 5.0
    assert vitrum.quantities("0.1, 1, 10 s", "time") == [0.1, 1.0, 10.0]
    assert vitrum.to_unit(164000.0, "molar_energy", "kJ/mol") == pytest.approx(164.0, abs=1e-12)
    with pytest.raises(vitrum.UnitError, match="expected a temperature"):
        vitrum.quantity("450", "temperature")


def test_program_text_segments_round_trip():
    text = "start 450 K\ncool to 373 K at 10000 K/s\nhold 50 s\njump to 383 K\nhold 2 s\n"
    p = vitrum.Program(text)
    assert p.start_K == 450.0
    kinds = [s.kind for s in p.segments]
    assert kinds == ["ramp", "hold", "jump", "hold"]
    assert p.segments[0].rate_K_per_s == 1e4 and p.segments[0].line == 2
    assert p.duration_s == pytest.approx(77 / 1e4 + 52, rel=1e-15)
    built = vitrum.Program(start="177 C", segments=[("cool", "373 K", "600000 K/min"),
                                                    ("hold", 50), ("jump", 383.0),
                                                    ("hold", "2000 ms")])
    assert built.start_K == pytest.approx(450.15)
    again = vitrum.Program(p.to_text())
    assert [tuple(s)[:4] for s in again.segments] == [tuple(s)[:4] for s in p.segments]
    assert again.duration_s == p.duration_s


def test_program_read(tmp_path):
    f = tmp_path / "k.prog"
    f.write_text("start 450 K\ncool to 373 K at 1e4 K/s\nhold 3 min\n")
    p = vitrum.Program.read(str(f))
    assert p.segments[-1].duration_s == 180.0


def test_program_errors_carry_file_and_line(tmp_path):
    f = tmp_path / "bad.prog"
    f.write_text("start 450 K\ncool to 373 K at 1e4\n")
    with pytest.raises(vitrum.UnitError) as e:
        vitrum.Program.read(str(f))
    assert e.value.line == 2 and "bad.prog:2:" in str(e.value) and "rate" in str(e.value)
    assert e.value.status == 4 and isinstance(e.value, ValueError)
    with pytest.raises(vitrum.FileError, match="nothere.prog"):
        vitrum.Program.read(str(tmp_path / "nothere.prog"))
    with pytest.raises(vitrum.InvalidArgument, match="<segments>:2: 'heat to 400 K' does not"):
        vitrum.Program(start=450, segments=[("heat", 400, 10)])  # heating to a lower T


def test_model_parameters_round_trip():
    m = vitrum.Model("tnm", dh="164 kJ/mol", beta=0.43, A="6e-22 s")
    assert m.dh == 164000.0 and m.beta == 0.43 and m.A == 6e-22
    m.x = 0.55
    assert m.x == 0.55 and m.get("dh", "kJ/mol") == pytest.approx(164.0)
    table = m.params
    names = [r["name"] for r in table]
    assert names[:5] == ["A", "dh", "x", "beta", "dCp"]
    beta = table[names.index("beta")]
    assert beta["lower"] == 0.1 and beta["upper"] == 1.0 and beta["value"] == 0.43
    assert beta["dim"] == "none" and beta["description"]
    dh = table[names.index("dh")]
    assert dh["unit"] == "kJ/mol" and dh["dim"] == "molar_energy"
    c = m.clone()
    c.beta = 0.5
    assert m.beta == 0.43 and c.beta == 0.5
    assert any(n == "tnm" for n, _ in vitrum.models())
    for name, _ in vitrum.models():  # every model's table round-trips its defaults
        mm = vitrum.Model(name)
        for r in mm.params:
            setattr(mm, r["name"], r["default"])
            assert getattr(mm, r["name"]) == r["default"]


def test_model_errors_carry_library_messages():
    m = vitrum.Model("tnm")
    with pytest.raises(vitrum.RangeError, match=r"beta = 3 is outside its bounds \[0.1, 1\]"):
        m.beta = 3
    with pytest.raises(vitrum.NotFound) as e:
        m.set(bogus=1)
    assert "dh" in str(e.value) and "beta" in str(e.value)  # it lists the valid names
    with pytest.raises(vitrum.UnitError, match="molar energy"):
        m.dh = "164 K"
    with pytest.raises(vitrum.NotFound, match="nomodel"):
        vitrum.Model("nomodel")
    with pytest.raises(AttributeError):
        m.nonexistent
    assert math.isfinite(m.beta)
    with pytest.raises(vitrum.NotFound):
        m.option("colour", "red")
    m.option("route", "exact")
    assert "exact" in m.numerics()


def test_program_copy_end_temperatures_and_strain_duration():
    """Program.copy is independent and equal; end_K follows the segments (a hold keeps the
    temperature); a strain program's duration is the sum of its segments."""
    p = vitrum.Program("start 450 K\ncool to 373 K at 1e4 K/s\nhold 50 s\njump to 383 K\n")
    c = p.copy()
    assert c.to_text() == p.to_text() and c._h is not p._h
    assert [p.end_K(i) for i in (-1, 0, 1, 2)] == [450.0, 373.0, 373.0, 383.0]
    with pytest.raises(vitrum.RangeError):
        p.end_K(3)
    s = vitrum.StrainProgram("temperature 593 K\nstart 0 %\nramp to 0.5 % at 200 %/min\n"
                             "hold 900 s\njump to 0.3 %\nhold 3600 s\n")
    assert s.duration_s == pytest.approx(0.5 / 200 * 60 + 900 + 3600, rel=1e-12)
