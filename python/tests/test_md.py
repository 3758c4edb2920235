"""vitrum md from Python: a small quench and anneal (64 atoms, as tests/cli/test_md.sh) give the
CLI's summary and E_IS curve; without md in the build the calls raise vitrum.md.NotBuilt. The
MD runs in a child interpreter, so MPI never starts inside the test process."""
import json
import os
import shutil
import subprocess
import sys

import pytest

import vitrum
from conftest import SOURCE_DIR, native_env, read_csv

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


# made absolute at import: tests chdir
PYTHONPATH = os.pathsep.join(os.path.abspath(p)
                             for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p)


def child_env():
    """The environment of a child interpreter: MPI as root allowed, no leak checks (OpenMPI's
    process-lifetime allocations, see tests/cli/test_md.sh), this PYTHONPATH made absolute."""
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1")
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":detect_leaks=0"
    env["PYTHONPATH"] = PYTHONPATH
    return env


def test_md_equals_cli_or_says_it_is_not_built(cli, tmp_path):
    if not vitrum.md.available():
        with pytest.raises(vitrum.md.NotBuilt, match="liblammps-dev"):
            vitrum.md.quench(tmp_path / "q.restart")
        assert issubclass(vitrum.md.NotBuilt, vitrum.Error)
        pytest.skip("this build has no vitrum md (LAMMPS)")
    env = child_env()
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


CAMPAIGN = """# two rates x one seed x one temperature, tiny (64 atoms, as tests/cli/test_md.sh)
composition Zr44Cu56
atoms 64
potential /usr/share/lammps/potentials/CuZr_mm.eam.fs
melt 2001 K for 0.5 ps
quench to 1 K
rates 2000, 1000 K/ps
temperatures 700 K
seeds 1
anneal 0.5 ps every 0.25 ps
checkpoint 0.25 ps
minimizer cg
"""
CAMPAIGN_CHILD = """
import json, vitrum
rank, size = vitrum.md.world()
c = vitrum.md.Campaign("runs.camp")
jobs, est = c.plan("out")
seen = []
c.run("out", job_done=lambda f, t: seen.append([f, t]))
again, est2 = c.plan("out")
# one file per rank: two ranks printing at once can interleave their lines on mpirun's stdout
with open("rank%d.json" % rank, "w") as f:
    json.dump({"rank": rank, "size": size, "jobs": [j.name for j in jobs],
               "todo": [est.todo, est2.todo], "partitions": est.partitions, "seen": seen,
               "cost": c.measure_cost()}, f)
"""


def mpirun(n, args, cwd, python=False):
    """`mpirun -n N args` with this test's environment; the sanitizer build's LD_PRELOAD (the
    shared ASan runtime) goes to python ranks only (-x), not to mpirun nor to the CLI, which
    has the runtime linked in."""
    run = shutil.which("mpirun")
    if not run:
        pytest.fail("mpirun not found (Debian package openmpi-bin): vitrum md needs it")
    env, pre = child_env(), []
    preload = env.pop("LD_PRELOAD", None)
    if preload and python:
        pre = ["-x", "LD_PRELOAD=" + preload]
    env = {k: v for k, v in env.items() if k in native_env() or k.startswith(("OMPI", "ASAN",
                                                                             "PYTHON"))}
    return subprocess.run([run, "-n", str(n), *pre, *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def test_campaign_under_mpirun_equals_cli(tmp_path):
    """`mpirun -n 2 python3 script.py` running vitrum.md.Campaign writes the CLI's campaign
    (`mpirun -n 2 vitrum md campaign`) byte for byte: restart files, .meta and E_IS CSVs (the
    LAMMPS logs hold wall times); two partitions, every job done, a second plan finds none
    left; job_done called on rank 0 only."""
    if not vitrum.md.available():
        pytest.skip("this build has no vitrum md (LAMMPS)")
    exe = os.path.abspath(os.environ.get("VITRUM_CLI") or os.path.join(SOURCE_DIR, "build",
                                                                       "vitrum"))
    for d in ("cli", "py"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "runs.camp").write_text(CAMPAIGN)
    c = mpirun(2, [exe, "md", "campaign", "runs.camp", "-o", "out", "--ranks-per-job", 1],
               tmp_path / "cli")
    assert c.returncode == 0, c.stderr
    p = mpirun(2, [sys.executable, "-c", CAMPAIGN_CHILD], tmp_path / "py", python=True)
    assert p.returncode == 0, p.stderr
    ranks = [json.loads((tmp_path / "py" / ("rank%d.json" % k)).read_text()) for k in (0, 1)]
    assert [r["rank"] for r in ranks] == [0, 1] and ranks[0]["size"] == 2
    r0 = ranks[0]
    assert r0["jobs"] == ["q_2000Kps_s1", "q_1000Kps_s1", "a_2000Kps_s1_700K",
                          "a_1000Kps_s1_700K"]
    assert r0["todo"] == [4, 0] and r0["partitions"] == 2 and r0["cost"] > 0
    assert r0["seen"] == [[2, 4], [4, 4]] and ranks[1]["seen"] == []
    files = sorted(os.listdir(tmp_path / "cli" / "out"))
    assert files == sorted(os.listdir(tmp_path / "py" / "out")) and len(files) == 10
    for f in files:
        if not f.endswith(".log"):
            a = (tmp_path / "cli" / "out" / f).read_bytes()
            assert a == (tmp_path / "py" / "out" / f).read_bytes(), f


def test_campaign_errors_and_checks(tmp_path):
    """The campaign reader's and the system check's messages (no MPI needed for either)."""
    if not vitrum.md.available():
        with pytest.raises(vitrum.md.NotBuilt):
            vitrum.md.Campaign(tmp_path / "none.camp")
        pytest.skip("this build has no vitrum md (LAMMPS)")
    bad = tmp_path / "nounit.camp"
    bad.write_text(CAMPAIGN.replace("anneal 0.5 ps every", "anneal 1 every"))
    with pytest.raises(vitrum.Error, match="nounit.camp:10: missing unit"):
        vitrum.md.Campaign(bad)
    assert vitrum.md.check_system("Zr44Cu56", 64) == [28, 36]
    with pytest.raises(vitrum.Error, match="element Xx is not in the potential file"):
        vitrum.md.check_system("Zr44Xx56", 64)
    d = vitrum.md.defaults()
    assert d.quench["potential"].endswith("CuZr_mm.eam.fs") and d.min["min_style"] == "sd"


CANCEL_CHILD = """
import json, threading, time, vitrum
box = {}
def run():
    try:
        vitrum.md.quench("q.restart", atoms=64, melt_time="1 ns", checkpoint="1 ns")
    except vitrum.Cancelled as e:
        box["e"] = str(e)
    box["t"] = time.perf_counter()
th = threading.Thread(target=run)
th.start()
time.sleep(1.5)
alive = th.is_alive()
t0 = time.perf_counter()
vitrum.cancel()
th.join(30)
print(json.dumps({"alive": alive, "latency": box["t"] - t0, "message": box.get("e", "")}))
"""


def test_md_cancel_from_another_thread(tmp_path):
    """vitrum.cancel() from another thread stops a quench of 1e6 steps (minutes) between two
    pieces of ~1e5 atom-steps: vitrum.Cancelled with the library's message, within 3 s (0.15 s
    measured at 64 atoms on an idle machine; 1.7 s in the sanitizer build beside another MPI
    job), no output written, the work folder kept for a resume."""
    if not vitrum.md.available():
        pytest.skip("this build has no vitrum md (LAMMPS)")
    child = subprocess.run([sys.executable, "-c", CANCEL_CHILD], cwd=tmp_path, env=child_env(),
                           capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, child.stderr
    r = json.loads(child.stdout.strip().splitlines()[-1])
    assert r["alive"] and "cancelled after" in r["message"], r
    assert 0 <= r["latency"] < 3.0, r
    assert not (tmp_path / "q.restart").exists() and (tmp_path / "q.restart.work").is_dir()
