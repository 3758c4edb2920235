"""vitrum md from Python: a small quench and anneal (64 atoms, as tests/cli/test_md.sh) give the
CLI's summary and E_IS curve; without md in the build the calls raise vitrum.md.NotBuilt. The
MD runs in a child interpreter, so MPI never starts inside the test process."""
import json
import os
import subprocess
import sys

import pytest

import vitrum
from conftest import read_csv

SYS = ["--atoms", "64", "--melt", "2001 K", "--melt-time", "0.5 ps", "--checkpoint", "0.25 ps",
       "--rate", "2000 K/ps"]
ANNEAL = ["--T", "700 K", "--time", "0.5 ps", "--every", "0.25 ps", "--min-style", "cg"]
CHILD = """
import json, sys, vitrum
q = vitrum.md.quench("q.restart", atoms=64, melt="2001 K", melt_time="0.5 ps",
                     checkpoint="0.25 ps", rate="2000 K/ps")
a = vitrum.md.anneal("a.csv", "q.restart", T="700 K", time="0.5 ps", every="0.25 ps",
                     min_style="cg")
print(json.dumps({"q": {k: q[k] for k in q.columns},
                  "a": {k: (a[k].tolist() if hasattr(a[k], "tolist") else a[k])
                        for k in a.columns}}))
"""


def summary(text):
    return dict(line.split(None, 1) for line in text.splitlines() if " " in line)


def test_md_equals_cli_or_says_it_is_not_built(cli, tmp_path):
    if not vitrum.md.available():
        with pytest.raises(vitrum.md.NotBuilt, match="liblammps-dev"):
            vitrum.md.quench(tmp_path / "q.restart")
        assert issubclass(vitrum.md.NotBuilt, vitrum.Error)
        pytest.skip("this build has no vitrum md (LAMMPS)")
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":detect_leaks=0"
    env["PYTHONPATH"] = os.pathsep.join(os.path.abspath(p)
                                        for p in env.get("PYTHONPATH", "").split(os.pathsep) if p)
    (tmp_path / "cli").mkdir()
    (tmp_path / "py").mkdir()
    os.chdir(tmp_path / "cli")
    try:
        qc = summary(cli("md", "quench", *SYS, "-o", "q.restart").stdout)
        ac = summary(cli("md", "anneal", "--from", "q.restart", *ANNEAL, "-o", "a.csv").stdout)
    finally:
        os.chdir(tmp_path)
    child = subprocess.run([sys.executable, "-c", CHILD], cwd=tmp_path / "py", env=env,
                           capture_output=True, text=True, timeout=600)
    assert child.returncode == 0, child.stderr
    r = json.loads(child.stdout.strip().splitlines()[-1])
    q, a = r["q"], r["a"]
    assert q["complete"] and q["atoms"] == int(qc["atoms"]) == 64
    assert q["steps"] == float(qc["steps"]) == 1500  # 500 melt + 1000 ramp steps
    assert "%.17g" % q["final_pe_eV"] == qc["final_pe_eV_per_atom"]
    assert a["samples"] == int(ac["samples"]) == 3  # t = 0, 0.25, 0.5 ps
    assert "%.17g" % a["final_E_IS_eV"] == ac["final_E_IS_eV_per_atom"]
    assert "%.17g" % a["final_pe_eV"] == ac["final_pe_eV_per_atom"]
    c = read_csv(str(tmp_path / "cli" / "a.csv"))
    assert (tmp_path / "py" / "a.csv").read_text() == (tmp_path / "cli" / "a.csv").read_text()
    assert [float(x) for x in c["E_IS_eV"]] == a["E_IS_eV"] and a["curve"] == ["a"] * 3
    assert (tmp_path / "py" / "q.log").exists() and (tmp_path / "py" / "a.log").exists()


def test_md_quantities_and_options():
    if not vitrum.md.available():
        pytest.skip("this build has no vitrum md (LAMMPS)")
    with pytest.raises(TypeError, match="unknown md option 'melt_temp'"):
        vitrum.md.quench("never.restart", melt_temp="2000 K")
    with pytest.raises(vitrum.UnitError):
        vitrum.md.quench("never.restart", rate="10 K")
