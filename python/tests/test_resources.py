"""Memory, threads and cancellation: 10 000 calls do not grow the process, long calls let other
threads run, vitrum.cancel() stops a run within 0.1 s and leaves the model usable."""
import os
import threading
import time

import numpy as np
import pytest

import vitrum

# A run of ~5 s in little memory: 10 000 steps of TNM's exact O(N^2) history sum.
LONG = "start 450 K\ncool to 300 K at 1000 K/s\n"
LONG_DT = 0.015


def slow_model():
    return vitrum.Model("tnm").option("route", "exact")


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


NO_RSS = not os.path.exists("/proc/self/statm") or os.environ.get("VITRUM_SANITIZED")
NO_RSS_WHY = "needs /proc, and an allocator that returns memory (ASan quarantines it)"


@pytest.mark.skipif(NO_RSS, reason=NO_RSS_WHY)
def test_ten_thousand_simulate_calls_do_not_grow_rss():
    m = vitrum.Model("tnm")
    p = vitrum.Program("start 450 K\ncool to 380 K at 1e4 K/s\nhold 1 s\n")
    for _ in range(500):  # warm-up: allocator pools, numpy caches
        vitrum.simulate(m, p)
    before = rss_bytes()
    for _ in range(10000):
        tr = vitrum.simulate(m, p)
    grown = rss_bytes() - before
    print(f"RSS growth over 10 000 simulate calls: {grown / 1024:.0f} KiB")
    assert len(tr) == 782
    # One leaked trace per call would be 10 000 x 781 rows x 61 bytes = 476 MB.
    assert grown < 2 * 1024 * 1024


@pytest.mark.skipif(NO_RSS, reason=NO_RSS_WHY)
def test_errors_do_not_leak():
    m = vitrum.Model("tnm")
    before = rss_bytes()
    for _ in range(20000):
        try:
            vitrum.Program("start 450 K\nhold 1\n")
        except vitrum.UnitError:
            pass
        try:
            m.beta = 2
        except vitrum.RangeError:
            pass
    assert rss_bytes() - before < 2 * 1024 * 1024


def run_long(model, box):
    t0 = time.perf_counter()
    try:
        vitrum.simulate(model, LONG, dT=LONG_DT)
        box["result"] = "finished"
    except vitrum.Cancelled as e:
        box["result"] = e
    box["t_end"] = time.perf_counter()
    box["t0"] = t0


def test_cancel_from_another_thread_within_100_ms():
    m = slow_model()
    box = {}
    th = threading.Thread(target=run_long, args=(m, box))
    th.start()
    time.sleep(0.3)  # the run needs seconds: it is well under way
    assert th.is_alive(), "the long run finished before it could be cancelled"
    t_cancel = time.perf_counter()
    vitrum.cancel()
    th.join(5)
    assert isinstance(box["result"], vitrum.Cancelled), box["result"]
    assert "cancelled" in str(box["result"]) and box["result"].status == 10
    latency = box["t_end"] - t_cancel
    print(f"stopped {latency * 1e3:.2f} ms after vitrum.cancel()")
    assert latency < 0.1
    # No state left: the next call runs to the end, on the same model.
    tr = vitrum.simulate(m, "start 450 K\ncool to 380 K at 1e4 K/s\n")
    assert tr.T_K[-1] == 380.0 and len(tr) == 701


def test_long_call_releases_the_gil_and_guards_the_model():
    m = slow_model()
    box = {}
    th = threading.Thread(target=run_long, args=(m, box))
    th.start()
    time.sleep(0.2)
    ticks = 0
    t_end = time.perf_counter() + 0.2
    while time.perf_counter() < t_end:  # this thread runs while the other simulates
        ticks += 1
    with pytest.raises(vitrum.InvalidArgument, match="running in another thread"):
        m.beta = 0.5
    with pytest.raises(vitrum.InvalidArgument, match="clone"):
        vitrum.simulate(m, "start 450 K\nhold 1 s\n")
    c = m.clone()  # a clone runs alongside
    assert len(vitrum.simulate(c, "start 450 K\ncool to 440 K at 1e4 K/s\n")) == 101
    vitrum.cancel()
    th.join(5)
    assert ticks > 10000 and isinstance(box["result"], vitrum.Cancelled)
    m.beta = 0.5
    assert m.beta == 0.5


def test_a_stale_cancel_does_not_stop_the_next_call():
    vitrum.cancel()  # nothing runs: the request is dropped when the next call starts
    tr = vitrum.simulate(vitrum.Model("tnm"), "start 450 K\ncool to 440 K at 1e4 K/s\n")
    assert np.isfinite(tr.Tf_K).all() and len(tr) == 101


def test_ctrl_c_stops_a_long_call_with_keyboard_interrupt():
    import signal
    import subprocess
    import sys
    child = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time, vitrum\n"
         "m = vitrum.Model('tnm').option('route', 'exact')\n"
         "print('running', flush=True)\n"
         "try:\n"
         f"    vitrum.simulate(m, {LONG!r}, dT={LONG_DT})\n"
         "    print('finished')\n"
         "except KeyboardInterrupt:\n"
         "    t = time.perf_counter()\n"
         "    tr = vitrum.simulate(m, 'start 450 K\\ncool to 440 K at 1e4 K/s\\n')\n"
         "    print('interrupted', len(tr))\n"],
        stdout=subprocess.PIPE, text=True, env=dict(os.environ))
    assert child.stdout.readline().strip() == "running"
    time.sleep(0.5)
    t0 = time.perf_counter()
    child.send_signal(signal.SIGINT)
    out, _ = child.communicate(timeout=20)
    elapsed = time.perf_counter() - t0
    assert out.strip() == "interrupted 101", out
    print(f"Ctrl-C: the child was done {elapsed * 1e3:.0f} ms after SIGINT")
    assert elapsed < 1.0  # the uninterrupted run needs seconds more
