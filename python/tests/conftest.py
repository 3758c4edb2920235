"""Shared fixtures: the CLI built beside the extension (to compare with), the shared data
directory (../shared/data from the source tree, as tests/CMakeLists.txt finds it; tests that
need it skip when it is absent), and the comparison to printed precision."""
import csv
import io
import math
import os
import subprocess

import pytest

np = pytest.importorskip("numpy")  # without numpy there is nothing to test: skip cleanly

SOURCE_DIR = os.environ.get("VITRUM_SOURCE_DIR",
                            os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
SHARED_DATA = os.path.join(SOURCE_DIR, "..", "shared", "data")
TEST_DATA = os.path.join(SOURCE_DIR, "tests", "data")


@pytest.fixture(scope="session")
def cli():
    """Run the vitrum CLI: cli(args...) -> stdout text (stderr in .stderr of the exception)."""
    exe = os.environ.get("VITRUM_CLI") or os.path.join(SOURCE_DIR, "build", "vitrum")
    if not os.path.exists(exe):
        pytest.skip(f"vitrum CLI not built at {exe}")

    def run(*args, check=True):
        r = subprocess.run([exe, *map(str, args)], capture_output=True, text=True,
                           env=native_env())
        if check and r.returncode != 0:
            raise AssertionError(f"vitrum {' '.join(map(str, args))} failed:\n{r.stderr}")
        return r
    return run


@pytest.fixture(scope="session")
def shared_data():
    if not os.path.isdir(SHARED_DATA):
        pytest.skip(f"shared data not present at {SHARED_DATA}")
    return SHARED_DATA


def native_env():
    """The environment for programs other than this interpreter: the sanitizer build preloads
    ASan's shared runtime into Python only (the instrumented CLI carries its own)."""
    return {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}


def read_csv(text_or_path):
    """Rows of a CSV (header first) as a dict of column -> list of strings."""
    if os.path.exists(text_or_path):
        with open(text_or_path) as f:
            text_or_path = f.read()
    lines = [l for l in text_or_path.splitlines() if l and not l.startswith("#")]
    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    return {h: [r[i] for r in rows[1:]] for i, h in enumerate(rows[0])}


def printed(value, fmt):
    """The value as C's printf(fmt) prints it (Python's % has C's rules; NaN -> 'nan')."""
    v = float(value)
    return "nan" if math.isnan(v) else fmt % v


def assert_printed(values, texts, fmt, what):
    """Each value, printed with the CLI's format, is the CLI's text exactly."""
    values = list(np.atleast_1d(values))
    assert len(values) == len(texts), f"{what}: {len(values)} values, CLI printed {len(texts)}"
    bad = [(i, printed(v, fmt), t) for i, (v, t) in enumerate(zip(values, texts))
           if printed(v, fmt) != t]
    assert not bad, f"{what}: {len(bad)} of {len(texts)} differ, first {bad[:3]}"


def cancelled_after(run, delay_s):
    """Run `run()` in a thread and call vitrum.cancel() `delay_s` into it: (what run returned or
    the vitrum.Cancelled it raised, seconds from the request to the run's end)."""
    import threading
    import time
    import vitrum
    box = {}

    def target():
        try:
            box["r"] = run()
        except vitrum.Cancelled as e:
            box["r"] = e
        box["t"] = time.perf_counter()
    th = threading.Thread(target=target)
    th.start()
    time.sleep(delay_s)
    assert th.is_alive(), "the run finished before it could be cancelled"
    t_cancel = time.perf_counter()
    vitrum.cancel()
    th.join(10)
    return box["r"], box["t"] - t_cancel
