"""The examples in examples/python run and draw their figures (matplotlib, Agg backend)."""
import importlib.util
import os

import pytest

from conftest import SHARED_DATA, SOURCE_DIR

pytest.importorskip("matplotlib")
EXAMPLES = os.path.join(SOURCE_DIR, "examples", "python")


def load(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(EXAMPLES, name + ".py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_fig1c(tmp_path):
    curve = load("fig1c_kovacs").main(str(tmp_path))
    assert (tmp_path / "fig1c_kovacs.png").stat().st_size > 10000
    # the memory effect: dh dips by ~62 J/mol around t2 = 5 s before it rises
    assert 40 < curve.dh_peak_J_per_mol < 90 and 2 < curve.t_peak_s < 10


def test_fig2d(tmp_path):
    curves = load("fig2d_memory").main(str(tmp_path))
    assert (tmp_path / "fig2d_memory.png").stat().st_size > 10000
    peak = {(c.T1_K, c.t1_s): c.dh_peak_J_per_mol for c in curves}
    assert peak[(348, 0.1)] == 0 and peak[(348, 100)] > peak[(363, 100)] > peak[(373, 100)] > 50


def test_pet_tf(tmp_path):
    export = os.path.join(SHARED_DATA, "mettler-flash-dsc", "PET_aging_60C_0.01-100s.txt")
    if not os.path.exists(export):
        pytest.skip(f"shared data not present at {export}")
    r = load("pet_tf").main(str(tmp_path), export)
    assert (tmp_path / "pet_tf.png").stat().st_size > 10000
    tf = [c.Tf_K for c in r.curves]
    assert tf[0] - tf[-1] > 10  # 100 s at 60 C lowers Tf by ~14 K
