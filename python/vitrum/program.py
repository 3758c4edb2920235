"""Thermal programs: a start temperature (equilibrium) and segments, as a DSC method is written."""
from collections import namedtuple

from . import _vitrum
from .units import quantity

Segment = namedtuple("Segment", "kind target_K rate_K_per_s duration_s line")
Segment.__doc__ = """One segment: kind 'ramp', 'hold' or 'jump'; target_K (K) the temperature
at its end; rate_K_per_s (K/s, ramps); duration_s (s); line in the source text (0: built)."""


class Program:
    """A thermal program (vt_program).

    Program(text)                       from program text, one segment per line:
        start 450 K / cool to 373 K at 10000 K/s / hold 50 s / jump to 383 K
    Program.read(path)                  from a program file
    Program(start='450 K', segments=[('cool', '373 K', '1e4 K/s'), ('hold', '50 s'),
                                     ('jump', '383 K')])
        kinds: 'cool', 'heat', 'ramp' (target, rate), 'hold' (duration), 'jump' (target);
        values are strings with units or SI numbers (K, K/s, s).

    Attributes: start_K (K), duration_s (s), segments (list of Segment). Programs do not change
    once made; errors raise vitrum.ParseError / UnitError / RangeError naming the line.
    """

    def __init__(self, text=None, *, start=None, segments=None, source="<string>"):
        if text is not None:
            if start is not None or segments is not None:
                raise TypeError("give program text, or start and segments, not both")
            self._h = _vitrum.program_parse(str(text), source)
        elif start is not None:
            # As text, so the library checks each segment as it checks a file (a 'heat' that
            # cools is an error); line N + 1 of the message is segments[N - 1].
            lines = [f"start {quantity(start, 'temperature')!r} K"]
            lines += [_segment_line(s) for s in (segments or [])]
            self._h = _vitrum.program_parse("\n".join(lines) + "\n", "<segments>")
        else:
            raise TypeError("Program needs text, or start= (and segments=)")

    @classmethod
    def read(cls, path):
        """Read a program file (the format of `vitrum simulate --program`)."""
        p = cls.__new__(cls)
        p._h = _vitrum.program_read(path)
        return p

    @classmethod
    def _wrap(cls, handle):
        p = cls.__new__(cls)
        p._h = handle
        return p

    @property
    def start_K(self):
        """Equilibrium start temperature, K."""
        return self._h.start_K

    @property
    def duration_s(self):
        """Total duration, s."""
        return self._h.duration_s

    def end_K(self, index):
        """The temperature (K) at the end of segment `index` (0-based; -1: the start)."""
        return self._h.end_K(int(index))

    def copy(self):
        """An independent copy (vt_program_copy)."""
        return Program._wrap(self._h.copy())

    @property
    def segments(self):
        """The segments, as Segment(kind, target_K, rate_K_per_s, duration_s, line)."""
        return [Segment(*s) for s in self._h.segments()]

    def to_text(self):
        """The program as text (SI values, full precision) that Program() and the CLI read."""
        lines = [f"start {self.start_K!r} K"]
        for s in self.segments:
            if s.kind == "ramp":
                lines.append(f"ramp to {s.target_K!r} K at {s.rate_K_per_s!r} K/s")
            elif s.kind == "hold":
                lines.append(f"hold {s.duration_s!r} s")
            else:
                lines.append(f"jump to {s.target_K!r} K")
        return "\n".join(lines) + "\n"

    def __repr__(self):
        return f"<vitrum.Program: start {self.start_K:g} K, {len(self.segments)} segments, " \
               f"{self.duration_s:g} s>"


def _segment_line(item):
    """One program line from ('cool'|'heat'|'ramp', target, rate), ('hold', duration) or
    ('jump', target); values SI numbers or strings with units."""
    if isinstance(item, Segment):
        item = (item.kind, item.target_K,
                item.rate_K_per_s if item.kind == "ramp" else item.duration_s)
    kind, *vals = item
    if kind in ("cool", "heat", "ramp") and len(vals) == 2:
        return (f"{kind} to {quantity(vals[0], 'temperature')!r} K at "
                f"{quantity(vals[1], 'rate')!r} K/s")
    if kind == "hold" and len(vals) == 1:
        return f"hold {quantity(vals[0], 'time')!r} s"
    if kind == "jump" and len(vals) == 1:
        return f"jump to {quantity(vals[0], 'temperature')!r} K"
    raise ValueError(f"bad segment {item!r}: expected ('cool'|'heat'|'ramp', target, rate), "
                     "('hold', duration) or ('jump', target)")
