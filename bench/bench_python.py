#!/usr/bin/env python3
"""vitrum from Python (not a test): simulate of a 200 000-step program called from Python
against the library's own time for the same work (vt_grid_build + vt_simulate timed in C inside
the extension), the per-call overhead of simulate on a 10-step program, and the streamed
simulation (simulate_stream, simulate_iter) of a 2e6-step program against the in-memory one.

    PYTHONPATH=build/python /usr/bin/python3 bench/bench_python.py
"""
import statistics
import time

import vitrum
from vitrum import _vitrum


def best(f, repeats):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def main():
    m = vitrum.Model("tnm", dh="164 kJ/mol", beta=0.43)
    # 450 K -> 250 K at 0.001 K per step: 200 000 steps.
    big = vitrum.Program("start 450 K\ncool to 250 K at 1000 K/s\n")
    grid = {"ramp_step_K": 0.001}
    n = len(vitrum.simulate(m, big, dT=0.001))
    # Interleaved, so a neighbour's load on a shared machine hits both alike.
    lib, py = [], []
    for _ in range(11):
        lib.append(_vitrum.time_simulate(m._h, big._h, grid)[0])
        py.append(best(lambda: vitrum.simulate(m, big, dT=0.001), 1)[0])
    lib_best, lib_med = min(lib), statistics.median(lib)
    py_best, py_med = min(py), statistics.median(py)
    print(f"200 000-step program ({n} nodes):")
    print(f"  library (C timer)  best {lib_best * 1e3:8.2f} ms  median {lib_med * 1e3:8.2f} ms")
    print(f"  from Python        best {py_best * 1e3:8.2f} ms  median {py_med * 1e3:8.2f} ms")
    print(f"  ratio Python/library: best {py_best / lib_best:.3f}, median {py_med / lib_med:.3f}")

    small = vitrum.Program("start 450 K\ncool to 449 K at 1000 K/s\n")  # 10 steps of 0.1 K
    assert len(vitrum.simulate(m, small)) == 11
    calls = 20000
    lib_small = min(_vitrum.time_simulate(m._h, small._h, {})[0] for _ in range(2000))
    t_py, _ = best(lambda: [vitrum.simulate(m, small) for _ in range(calls)], 3)
    t_raw, _ = best(lambda: [_vitrum.simulate(m._h, small._h, {}) for _ in range(calls)], 3)
    print(f"10-step program, {calls} calls:")
    print(f"  library alone        {lib_small * 1e6:7.2f} us per call")
    print(f"  vitrum.simulate      {t_py / calls * 1e6:7.2f} us per call "
          f"(overhead {(t_py / calls - lib_small) * 1e6:.2f} us)")
    print(f"  _vitrum.simulate     {t_raw / calls * 1e6:7.2f} us per call "
          f"(overhead {(t_raw / calls - lib_small) * 1e6:.2f} us)")

    stream_bench(m)


def stream_bench(m):
    """2e6 steps: in memory (one 116 MiB trace) vs streamed in 65536-row chunks."""
    prog = vitrum.Program("start 450 K\ncool to 250 K at 1000 K/s\n")
    mem, cb, it = [], [], []
    for _ in range(3):  # interleaved, as above
        mem.append(best(lambda: vitrum.simulate(m, prog, dT=1e-4), 1)[0])
        cb.append(best(lambda: vitrum.simulate_stream(m, prog, lambda c: None, dT=1e-4), 1)[0])
        it.append(best(lambda: [None for _ in vitrum.simulate_iter(m, prog, dT=1e-4)], 1)[0])
    print("2e6-step program (2 000 001 rows):")
    print(f"  simulate (in memory)   best {min(mem):6.3f} s")
    print(f"  simulate_stream        best {min(cb):6.3f} s  ({min(cb) / min(mem):.3f}x)")
    print(f"  simulate_iter          best {min(it):6.3f} s  ({min(it) / min(mem):.3f}x)")


if __name__ == "__main__":
    main()
