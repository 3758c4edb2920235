"""vitrum md: paper 003's molecular dynamics on LAMMPS (metal units, EAM/FS, NPT at 0 bar,
Nose-Hoover), as `vitrum md quench` and `vitrum md anneal`. Optional at build time: without
LAMMPS every call raises vitrum.md.NotBuilt (a vitrum.Error) saying what to install.

Values are SI numbers or strings with units; MD units are accepted too ('1 fs', '50 ps',
'10 K/ps'). One process is one MPI rank (MPI starts on the first call and ends at exit); runs
split into chunks with restart files in OUT.work/ and an interrupted run resumes when called
again. The GIL is released during a run; a run is not cancellable (use stop_after)."""
import csv
import os

import numpy as np

from . import _vitrum
from .instruments import Result
from .units import DIM_NAMES

_NO_MD = ("this build of libvitrum has no vitrum md (LAMMPS): install liblammps-dev, "
          "lammps-data and libopenmpi-dev (scripts/install-deps.sh) and build again")


class NotBuilt(_vitrum.Error):
    """This libvitrum was built without vitrum md (LAMMPS and MPI were not found)."""


def available():
    """Whether this build has vitrum md."""
    return _vitrum.md_available()


def _need():
    if not available():
        e = NotBuilt(_NO_MD)
        e.status, e.line, e.message = 0, 0, _NO_MD
        raise e


def _q(value, dim):
    if isinstance(value, str):
        return _vitrum.md_parse_quantity(value, DIM_NAMES.index(dim))
    return float(value)


def _derived(output, log, curve):
    """The CLI's defaults: OUT with its extension replaced by .log; the curve: OUT's stem."""
    stem, _ = os.path.splitext(str(output))
    base = os.path.basename(str(output))
    return (str(log) if log else stem + ".log",
            curve if curve else (os.path.splitext(base)[0] if not base.startswith(".") else base))


_QUENCH = {"timestep": ("timestep_s", "time"), "melt": ("T_melt_K", "temperature"),
           "melt_time": ("melt_s", "time"), "rate": ("rate_K_per_s", "rate"),
           "T_end": ("T_end_K", "temperature"), "checkpoint": ("checkpoint_s", "time"),
           "stop_after": ("stop_after_s", "time")}
_ANNEAL = {"T": ("T_K", "temperature"), "time": ("time_s", "time"), "every": ("every_s", "time"),
           "timestep": ("timestep_s", "time"), "stop_after": ("stop_after_s", "time")}


def _options(table, kw, plain):
    o = {}
    for k, v in kw.items():
        if v is None:
            continue
        if k in table:
            key, dim = table[k]
            o[key] = _q(v, dim)
        elif k in plain:
            o[k] = plain[k](v)
        else:
            raise TypeError(f"unknown md option {k!r} (known: {', '.join([*table, *plain])})")
    return o


def quench(output, *, log=None, **options):
    """Melt and quench into the LAMMPS restart file `output` (+ output.meta; the LAMMPS log at
    `log`, default OUTPUT's name with .log), as `vitrum md quench -o OUTPUT`. Options (library
    defaults when omitted): composition ('Zr44Cu56'), atoms, potential (EAM/FS file), seed,
    timestep ('1 fs'), melt (K), melt_time (s), rate (K/s or '10 K/ps'), T_end (K),
    checkpoint (s), stop_after (s: stop resumably after this much simulated time). Returns a
    Result: complete, atoms, steps, md_seconds, min_seconds, final_pe_eV (per atom)."""
    _need()
    o = _options(_QUENCH, options, {"composition": str, "atoms": int, "potential": str,
                                    "seed": int})
    lg, _ = _derived(output, log, None)
    return Result(_vitrum.md_quench(o, str(output), lg))


def anneal(output, quench_restart, *, curve=None, log=None, **options):
    """Anneal the quenched state `quench_restart` with E_IS sampling, as `vitrum md anneal
    --from QUENCH -o OUTPUT`: the CSV `output` (curve,time_ps,E_IS_eV,T_K,pe_eV, per atom;
    vitrum agemap reads it). Options: T (K), time (s or '0.5 ns'), every (sampling interval),
    seed, timestep, sample (False: the same chunks without minimising), save_samples (folder),
    min_style ('sd', 'cg', 'fire'), etol, ftol (eV/A), maxiter, maxeval, stop_after. Returns a
    Result: complete, atoms, steps, samples, final_pe_eV, final_E_IS_eV, md_seconds,
    min_seconds, and the curve read back: time_ps, E_IS_eV, T_K, pe_eV (numpy arrays)."""
    _need()
    o = _options(_ANNEAL, options, {"seed": int, "sample": lambda v: int(bool(v)),
                                    "save_samples": str, "min_style": str, "etol": float,
                                    "ftol": float, "maxiter": int, "maxeval": int})
    lg, name = _derived(output, log, curve)
    r = _vitrum.md_anneal(o, str(quench_restart), name, str(output), lg)
    r.update(read_eis(output))
    return Result(r)


def read_eis(path):
    """An E_IS CSV of vitrum md anneal: time_ps, E_IS_eV, T_K, pe_eV arrays and the curve names."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    out = {k: np.array([float(r[k]) for r in rows]) for k in ("time_ps", "E_IS_eV", "T_K",
                                                             "pe_eV")}
    out["curve"] = [r["curve"] for r in rows]
    return out
