"""vitrum md: paper 003's molecular dynamics on LAMMPS (metal units, EAM/FS, NPT at 0 bar,
Nose-Hoover), as `vitrum md quench` and `vitrum md anneal`. Optional at build time: without
LAMMPS every call raises vitrum.md.NotBuilt (a vitrum.Error) saying what to install.

Values are SI numbers or strings with units; MD units are accepted too ('1 fs', '50 ps',
'10 K/ps'). MPI starts on the first call and ends at exit: a plain interpreter is one rank,
`mpirun -n N python3 script.py` gives N ranks, over which a Campaign splits its jobs (every
rank runs the same script; quench and anneal run on all ranks of the world together). Runs
split into chunks with restart files in OUT.work/ and an interrupted run resumes when called
again. The GIL is released during a run; Ctrl-C (KeyboardInterrupt) or vitrum.cancel() from
another thread (vitrum.Cancelled) stops it between two pieces of about 1e5 atom-steps (0.15 s
at 64 atoms measured), leaving the last checkpoint to resume from; an E_IS minimisation in
progress is finished first."""
import csv

import numpy as np

from . import _vitrum
from .instruments import Result, _options_doc
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
    """The CLI's defaults (vt_md_output_names): OUT with its extension replaced by .log; the
    curve: OUT's stem."""
    d_log, d_curve = _vitrum.md_output_names(str(output))
    return (str(log) if log else d_log, curve if curve else d_curve)


def _table(name):
    return {r["name"]: r for r in _vitrum.options(name)} if available() else {}


#: The library's option tables (vt_md_quench_option_table, vt_md_anneal_option_table,
#: vt_md_min_option_table; empty without md in the build): a row's name is the keyword (the CLI
#: spells it --NAME, '_' as '-'), with its kind, dimension, display unit, help and default.
QUENCH_OPTIONS = _table("md_quench")
ANNEAL_OPTIONS = {**_table("md_anneal"), **_table("md_min")}


def _options(table, kw):
    """The keywords as the library's rows take them: quantities with MD units in SI (the core
    parser lacks K/ns), texts as str, flags of int rows (sample) as 0 or 1."""
    o = {}
    for k, v in kw.items():
        if v is None:
            continue
        if k not in table:
            raise TypeError(f"unknown md option {k!r} (known: {', '.join(table)})")
        kind = table[k]["kind"]
        if kind == "quantity":
            v = _q(v, table[k]["dim"])
        elif kind == "text":
            v = str(v)
        elif kind == "int" and isinstance(v, bool):
            v = int(v)
        o[k] = v
    return o


def _doc(table):
    return _options_doc(table) if table else "    (this build has no vitrum md)"


def quench(output, *, log=None, **options):
    """Melt and quench into the LAMMPS restart file `output` (+ output.meta; the LAMMPS log at
    `log`, default OUTPUT's name with .log), as `vitrum md quench -o OUTPUT`. Options (library
    defaults when omitted; SI numbers or strings with units, '10 K/ps'):

{options}

    Returns a Result: complete, atoms, steps, md_seconds, min_seconds, final_pe_eV (per atom)."""
    _need()
    o = _options(QUENCH_OPTIONS, options)
    lg, _ = _derived(output, log, None)
    return Result(_vitrum.md_quench(o, str(output), lg))


quench.__doc__ = quench.__doc__.replace("{options}", _doc(QUENCH_OPTIONS))


def anneal(output, quench_restart, *, curve=None, log=None, **options):
    """Anneal the quenched state `quench_restart` with E_IS sampling, as `vitrum md anneal
    --from QUENCH -o OUTPUT`: the CSV `output` (curve,time_ps,E_IS_eV,T_K,pe_eV, per atom;
    vitrum agemap reads it). Options (sample: False runs the same chunks without minimising):

{options}

    Returns a Result: complete, atoms, steps, samples, final_pe_eV, final_E_IS_eV, md_seconds,
    min_seconds, and the curve read back: time_ps, E_IS_eV, T_K, pe_eV (numpy arrays)."""
    _need()
    o = _options(ANNEAL_OPTIONS, options)
    lg, name = _derived(output, log, curve)
    r = _vitrum.md_anneal(o, str(quench_restart), name, str(output), lg)
    r.update(read_eis(output))
    return Result(r)


anneal.__doc__ = anneal.__doc__.replace("{options}", _doc(ANNEAL_OPTIONS))


def world():
    """(rank, size) of this process in MPI_COMM_WORLD (starts MPI): (0, 1) in a plain
    interpreter, (i, N) under `mpirun -n N python3 script.py`."""
    _need()
    return _vitrum.md_world()


def defaults():
    """The library's default options in SI (vt_md_quench_default, vt_md_anneal_default,
    vt_md_min_default): a Result with quench, anneal and min dicts (composition, atoms,
    potential, seed, timestep_s, T_melt_K, melt_s, rate_K_per_s, T_end_K, checkpoint_s; T_K,
    time_s, every_s, seed, timestep_s, sample; min_style, etol, ftol (eV/A), maxiter, maxeval)."""
    _need()
    q, a, m = _vitrum.md_defaults()
    return Result({"quench": q, "anneal": a, "min": m})


def check_system(composition="Zr44Cu56", atoms=None, potential=None):
    """Check a composition and potential before any MD (vt_md_check_system): the element
    symbols are in the EAM/FS file and the counts add up to `atoms`. Returns the atom count of
    each element in the composition's order; raises vitrum.Error with the library's message."""
    _need()
    d = defaults().quench
    return _vitrum.md_check_system(composition, int(atoms or d["atoms"]),
                                   str(potential or d["potential"]))


class Campaign:
    """A campaign file (`vitrum md campaign FILE -o FOLDER`; format in the README and
    include/vitrum/md.h): one quench per (rate, seed), one anneal per (rate, seed, T).

        c = vitrum.md.Campaign("runs.camp")
        jobs, est = c.plan("out")          # jobs in run order, done ones marked
        c.run("out", ranks_per_job=1)      # under mpirun -n N: N partitions of 1 rank

    Outputs are those of the CLI (q_R_sS.restart(.meta, .log), a_R_sS_T.csv(.log)), byte for
    byte. run, measure_cost and plan are collective: every rank of the world calls them."""

    def __init__(self, path):
        _need()
        self.path = str(path)
        self._h = _vitrum.md_campaign_read(self.path)

    def plan(self, folder, *, ranks_per_job=1, s_per_atom_step=None):
        """(jobs, estimate): jobs a list of Results (name, kind 'quench'/'anneal',
        rate_K_per_s, T_K (NaN for quenches), seed, depends (an anneal's quench index),
        atom_steps, done: its output exists under `folder`), as `--dry-run` prints them; the
        estimate (vt_md_plan_estimate): jobs, todo, atom_steps, atom_steps_left,
        s_per_atom_step, partitions, hours (of what is left; s_per_atom_step None: the assumed
        1.2e-6 s on one rank)."""
        jobs, est = _vitrum.md_campaign_plan(self._h, str(folder), int(ranks_per_job),
                                             float(s_per_atom_step or 0.0))
        return [Result(j) for j in jobs], Result(est)

    def measure_cost(self, ranks_per_job=1):
        """Seconds per atom-step of this campaign's system on a partition of ranks_per_job
        ranks: a short melt run (vt_md_measure_cost; collective)."""
        return _vitrum.md_measure_cost(self._h, int(ranks_per_job))

    def run(self, folder, *, ranks_per_job=1, job_done=None):
        """Run the jobs not yet done into `folder`, over the world's ranks in partitions of
        ranks_per_job (job i of a phase on partition i mod partitions; vt_md_campaign_run;
        collective). job_done(finished, total) is called on world rank 0 after each job of
        partition 0 and each phase; an exception it raises stops the run and is raised here.
        Ctrl-C / vitrum.cancel() stop it (finished jobs stay; run again to go on)."""
        _vitrum.md_campaign_run(self._h, str(folder), int(ranks_per_job), job_done)


def read_eis(path):
    """An E_IS CSV of vitrum md anneal: time_ps, E_IS_eV, T_K, pe_eV arrays and the curve names."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    out = {k: np.array([float(r[k]) for r in rows]) for k in ("time_ps", "E_IS_eV", "T_K",
                                                             "pe_eV")}
    out["curve"] = [r["curve"] for r in rows]
    return out
