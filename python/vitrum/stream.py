"""Streaming simulation: a program of any length run with memory independent of its length
(the library's vt_simulate_stream). Rows arrive in chunks, each a Trace of numpy arrays with
the CLI's columns (time_s in s, T_K and Tf_K in K, dH_J_per_mol in J/mol, Cp_N, segment,
t_seg_s in s; also H_conf_J_per_mol and requested)."""
import queue
import threading

from . import _vitrum
from .instruments import Trace, _grid, _program

_COLUMNS = ("time_s", "T_K", "Tf_K", "dH_J_per_mol", "Cp_N", "segment", "t_seg_s",
            "H_conf_J_per_mol", "requested")
DEFAULT_CHUNK = 65536


class _Stopped(Exception):
    """The consumer went away: the worker's callback raises this to end the run."""


def simulate_stream(model, program, callback, *, chunk=DEFAULT_CHUNK, dT=None, ppd=None,
                    t_first=None, at_time=None, at_temp=None):
    """Run `model` over `program` and call callback(trace_chunk) with each `chunk` rows as they
    are computed (a Trace of numpy arrays, the CLI's columns and units: time_s (s), T_K (K),
    Tf_K (K), dH_J_per_mol (J/mol), Cp_N, segment, t_seg_s (s)). Memory stays at one chunk plus
    the model's state (O(Prony terms)) for any number of rows; the grid's node cap does not
    apply. Returns the number of rows. The rows equal vitrum.simulate's bit for bit.

    Grid options as for simulate(). The run releases the GIL between chunks; vitrum.cancel()
    stops it (vitrum.Cancelled), Ctrl-C with KeyboardInterrupt; an exception raised by the
    callback stops it and propagates."""
    p = _program(program)
    grid = _grid(dT, ppd, t_first, at_time, at_temp)
    return _vitrum.simulate_stream(model._h, p._h, grid, int(chunk),
                                   lambda d: callback(Trace(d, _COLUMNS)), bytearray(1))


def simulate_iter(model, program, *, chunk=DEFAULT_CHUNK, dT=None, ppd=None, t_first=None,
                  at_time=None, at_temp=None):
    """Iterate over a simulation in chunks: `for tr in vitrum.simulate_iter(m, p): ...`, each
    `tr` a Trace of up to `chunk` rows (columns and units as simulate_stream). The simulation
    runs in a worker thread at most two chunks ahead of the consumer, so memory stays O(chunk)
    for any program length. Leaving the loop early (break, an exception, close()) stops the
    run within one row; vitrum.cancel() raises vitrum.Cancelled here."""
    p = _program(program)
    grid = _grid(dT, ppd, t_first, at_time, at_temp)
    q = queue.Queue(maxsize=2)
    stop = bytearray(1)
    done = object()

    def put(item):
        while not stop[0]:
            try:
                q.put(item, timeout=0.05)
                return
            except queue.Full:
                continue
        raise _Stopped()

    def work():
        try:
            _vitrum.simulate_stream(model._h, p._h, grid, int(chunk), put, stop)
            put(done)
        except _Stopped:
            pass
        except BaseException as e:  # noqa: B902 - handed to the consumer
            try:
                put(e)
            except _Stopped:
                pass

    th = threading.Thread(target=work, name="vitrum-stream", daemon=True)
    th.start()
    try:
        while True:
            item = q.get()
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield Trace(item, _COLUMNS)
    finally:
        stop[0] = 1
        th.join()
