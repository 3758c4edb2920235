"""The notebook examples/python/fig1c_kovacs.ipynb runs under `jupyter nbconvert --execute`
against the built package, and the summary it prints is `vitrum kovacs`'s on the same input."""
import json
import os
import shutil
import subprocess
import time

import pytest

from conftest import SOURCE_DIR, read_csv

NOTEBOOK = os.path.join(SOURCE_DIR, "examples", "python", "fig1c_kovacs.ipynb")


def jupyter_nbconvert():
    exe = shutil.which("jupyter")
    if not exe or subprocess.run([exe, "nbconvert", "--version"], capture_output=True).returncode:
        return None
    return exe


def test_fig1c_notebook_prints_the_cli_numbers(cli, tmp_path):
    exe = jupyter_nbconvert()
    if not exe:
        pytest.skip("jupyter nbconvert not installed (Debian: jupyter-nbconvert python3-ipykernel)")
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
    env["PYTHONPATH"] = os.pathsep.join(os.path.abspath(p) for p in
                                        env.get("PYTHONPATH", "").split(os.pathsep) if p)
    t0 = time.perf_counter()
    r = subprocess.run([exe, "nbconvert", "--to", "notebook", "--execute", NOTEBOOK,
                        "--output-dir", str(tmp_path), "--output", "run.ipynb",
                        "--ExecutePreprocessor.timeout=300"],
                       env=env, capture_output=True, text=True, timeout=600)
    print(f"notebook executed in {time.perf_counter() - t0:.1f} s")
    assert r.returncode == 0, r.stderr[-3000:]
    with open(tmp_path / "run.ipynb") as f:
        nb = json.load(f)
    text = "".join("".join(o.get("text", "")) for c in nb["cells"] if c["cell_type"] == "code"
                   for o in c.get("outputs", []) if o.get("output_type") == "stream")
    printed = dict(line.split(None, 1) for line in text.splitlines() if " " in line)
    assert any("image/png" in o.get("data", {}) for c in nb["cells"]
               for o in c.get("outputs", [])), "the figure was drawn"
    out = cli("kovacs", "--T1", "373 K", "--t1", "50 s", "--T2", "383 K", "--A", "6e-22 s",
              "--dh", "164 kJ/mol", "--x", "0.6", "--beta", "0.43", "-q").stdout
    c = read_csv(out)
    for key in ("dh1_J_per_mol", "dh_peak_J_per_mol", "t_peak_s"):
        assert printed[key] == c[key][0], (key, printed[key], c[key][0])
    assert 60 < float(printed["dh_peak_J_per_mol"]) < 100  # paper 000: ~80 J/mol memory
