"""Streaming simulation: a 2e6-step program in chunks with bounded memory, rows equal to the
in-memory simulate and to the CLI's, stopping early, cancellation."""
import threading
import time

import numpy as np
import pytest

import vitrum
from conftest import assert_printed, cancelled_after, read_csv
from test_resources import NO_RSS, NO_RSS_WHY, rss_bytes

LONG = "start 450 K\ncool to 250 K at 1000 K/s\n"  # 2e6 steps at dT = 1e-4 K
DT = 1e-4
CHUNK = 16384


def test_two_million_steps_in_bounded_memory_equal_the_cli(cli, tmp_path):
    m = vitrum.Model("tnm")
    whole = vitrum.simulate(m, LONG, dT=DT)  # the in-memory run to compare with (116 MiB)
    before = rss_bytes() if not NO_RSS else 0
    peak, rows, last = 0, 0, None
    for tr in vitrum.simulate_iter(m, LONG, dT=DT, chunk=CHUNK):
        assert len(tr) <= CHUNK and tr.columns[:7] == vitrum.Trace.CSV_COLUMNS
        assert tr.UNITS["Tf_K"] == "K" and tr.UNITS["dH_J_per_mol"] == "J/mol"
        for col in ("time_s", "T_K", "Tf_K", "dH_J_per_mol", "t_seg_s"):  # bit for bit
            assert np.array_equal(tr[col], whole[col][rows:rows + len(tr)]), (col, rows)
        rows += len(tr)
        last = {k: tr[k][-1] for k in tr.columns}
        if not NO_RSS:
            peak = max(peak, rss_bytes() - before)
    assert rows == len(whole) == 2000001
    del whole
    if not NO_RSS:
        print(f"2e6 rows streamed: peak RSS growth {peak / 2**20:.1f} MiB "
              f"(the stored trace: {rows * 61 / 2**20:.0f} MiB)")
        assert peak < 12 * 2**20  # a few chunks of 1 MB in flight, never a whole trace
    prog = tmp_path / "long.prog"
    prog.write_text(LONG)
    out = tmp_path / "last.csv"
    cli("simulate", "--program", prog, "--dT", f"{DT} K", "--at-temp", "250 K", "-o", out, "-q")
    c = read_csv(str(out))
    assert last["T_K"] == 250.0 and len(c["T_K"]) >= 1
    for col, fmt in (("time_s", "%.10g"), ("T_K", "%.10g"), ("Tf_K", "%.10g"),
                     ("dH_J_per_mol", "%.8g"), ("Cp_N", "%.8g"), ("t_seg_s", "%.10g")):
        assert_printed(last[col], c[col][-1:], fmt, col)


def test_stream_callback_equals_simulate():
    m = vitrum.Model("tnm", beta=0.5)
    p = "start 450 K\ncool to 380 K at 1e4 K/s\nhold 10 s\nheat to 460 K at 1000 K/s\n"
    whole = vitrum.simulate(m, p, dT=0.05, at_time=[0.5])
    chunks = []
    n = vitrum.simulate_stream(m, p, chunks.append, chunk=333, dT=0.05, at_time=[0.5])
    assert n == len(whole) and [len(c) for c in chunks[:-1]] == [333] * (len(chunks) - 1)
    for col in whole.columns:
        assert np.array_equal(np.concatenate([c[col] for c in chunks]), whole[col],
                              equal_nan=col not in ("segment", "requested")), col


def test_a_raising_callback_stops_the_run():
    m = vitrum.Model("tnm")
    seen = []

    def cb(tr):
        seen.append(len(tr))
        raise ZeroDivisionError("enough")
    with pytest.raises(ZeroDivisionError, match="enough"):
        vitrum.simulate_stream(m, LONG, cb, dT=DT, chunk=1000)
    assert seen == [1000]
    m.beta = 0.5  # the model is free again


def test_leaving_the_loop_stops_the_worker():
    m = vitrum.Model("tnm")
    t0 = time.perf_counter()
    for k, tr in enumerate(vitrum.simulate_iter(m, LONG, dT=DT, chunk=1000)):
        if k == 2:
            break
    # the generator is closed when the loop leaves it: the run (seconds) stops at once
    assert time.perf_counter() - t0 < 0.5
    assert not [t for t in threading.enumerate() if t.name == "vitrum-stream"]
    m.beta = 0.5


def test_cancel_a_stream_within_100_ms():
    m = vitrum.Model("tnm").option("route", "exact")  # seconds in little memory

    def run():
        for _ in vitrum.simulate_iter(m, LONG, dT=0.015, chunk=100):
            pass
    r, latency = cancelled_after(run, 0.3)
    assert isinstance(r, vitrum.Cancelled), r
    print(f"stream stopped {latency * 1e3:.2f} ms after vitrum.cancel()")
    assert latency < 0.1
    assert len(vitrum.simulate(m, "start 450 K\ncool to 440 K at 1e4 K/s\n")) == 101
