"""Option files and the papers' presets from Python (vt_option_words): the words the command
line reads, and the protocol as keywords giving the paper's numbers."""
import glob
import os
import shlex

import pytest

import vitrum
from conftest import SOURCE_DIR


def test_presets_read_as_a_shell_splits_them():
    # the shipped presets use only quotes and whole-line comments, which shlex reads alike
    for path in sorted(glob.glob(os.path.join(SOURCE_DIR, "presets", "*.opts"))):
        name = os.path.basename(path)[:-len(".opts")]
        with open(path, encoding="utf-8") as f:
            expected = shlex.split(f.read(), comments=True)
        assert expected, path
        assert vitrum.option_words("@" + name) == expected
        assert vitrum.option_words("a", "@" + name, "@") == ["a", *expected, "@"]


def test_preset_paper002_keywords():
    assert vitrum.preset("paper002") == {"T_eq": "693 K", "cool_rate": "6000 K/s",
                                         "heat_rate": "1000 K/s", "T_high": "600 K"}
    p = vitrum.preset("@paper000")
    assert (p["model"], p["dh"], p["beta"]) == ("tnm", "164 kJ/mol", "0.43")


def test_preset_paper002_protocol_gives_the_paper_time():
    # as tests/cli/test_presets.sh: with paper 002's protocol phi = 1 K/s matches t_a = 30.4 s
    # at 385 K (the defaults give 26.4 s); Brent stops at 1e-4 in log t_a
    m = vitrum.Model("tnm")
    r = vitrum.pathmatch(m, "403 K", "385 K", "1 K/s", peaks=False, **vitrum.preset("paper002"))
    assert 30.0 <= r[0].t_a_s <= 30.8
    r = vitrum.pathmatch(m, "403 K", "385 K", "1 K/s", peaks=False)
    assert 26.0 <= r[0].t_a_s <= 26.8


def test_option_files_nest_and_name_the_line(tmp_path):
    (tmp_path / "inner.opts").write_text("--phi '100 K/s' # the rate\n--flag\n")
    (tmp_path / "outer.opts").write_text(f"--T-s '403 K' @{tmp_path}/inner.opts\n--set 'x=0.5'\n")
    assert vitrum.option_words(f"@{tmp_path}/outer.opts") == [
        "--T-s", "403 K", "--phi", "100 K/s", "--flag", "--set", "x=0.5"]
    assert vitrum.preset(str(tmp_path / "outer.opts")) == {
        "T_s": "403 K", "phi": "100 K/s", "flag": True, "x": "0.5"}
    (tmp_path / "bad.opts").write_text("--T1 '373 K'\n\n--t1 '1 s\n")
    (tmp_path / "top.opts").write_text(f"# first\n--a 1 @{tmp_path}/bad.opts\n")
    with pytest.raises(vitrum.ParseError) as e:
        vitrum.option_words(f"@{tmp_path}/top.opts")
    assert str(e.value).splitlines() == [f"{tmp_path}/bad.opts, line 3: unterminated ' quote",
                                         f"  named in {tmp_path}/top.opts, line 2"]
    with pytest.raises(vitrum.FileError, match="cannot open it"):
        vitrum.option_words("@no_such_preset_here")
    with pytest.raises(ValueError, match="not an option"):
        (tmp_path / "pos.opts").write_text("file.csv\n")
        vitrum.preset(str(tmp_path / "pos.opts"))
