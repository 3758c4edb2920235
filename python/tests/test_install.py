"""`cmake --install` puts an importable package under PREFIX/VITRUM_PYTHON_INSTALL_DIR."""
import os
import subprocess
import sys

import pytest


def test_installed_package_imports_and_runs(tmp_path):
    build, rel = os.environ.get("VITRUM_BUILD_DIR"), os.environ.get("VITRUM_PYTHON_INSTALL_DIR")
    if not build or not rel:
        pytest.skip("run through ctest (VITRUM_BUILD_DIR, VITRUM_PYTHON_INSTALL_DIR)")
    from conftest import native_env
    subprocess.run(["cmake", "--install", build, "--prefix", str(tmp_path)], check=True,
                   capture_output=True, env=native_env())
    site = tmp_path / rel
    env = dict(os.environ, PYTHONPATH=str(site))
    code = ("import vitrum; print(vitrum.__file__); "
            "print(vitrum.simulate(vitrum.Model('tnm'), 'start 450 K\\nhold 1 s\\n').Tf_K[-1])")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True, cwd=str(tmp_path)).stdout.split()
    assert out[0].startswith(str(site)) and float(out[1]) == pytest.approx(450.0, abs=1e-9)
