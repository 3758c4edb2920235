"""Measured thermal-analysis curves: Mettler STARe text exports and CSV, in SI (s, K, W)."""
from . import _vitrum
from .instruments import Result

CURVE_FIELDS = ("name", "segment", "time_s", "Ts_K", "Tr_K", "heat_flow_W", "first_line")


class Curve(Result):
    """One curve: name (as in the file), segment (Mettler method segment, -1 if none), time_s
    (s), Ts_K (sample temperature, K; NaN where absent), Tr_K (program temperature, K),
    heat_flow_W (W, the file's sign convention), first_line (1-based line of its first row)."""

    def rate(self, use_Ts=False):
        """(rate in K/s by a straight-line fit of T against t, largest relative deviation of
        the local rate); an error when T is not strictly monotonic."""
        return _vitrum.curve_rate(self.as_dict(), bool(use_Ts))

    def summary(self):
        """What the curve holds, as a row of `vitrum curves` (vt_curve_summarise): t_min_s,
        t_max_s, T_min_K, T_max_K (of Tr, else Ts: T_name says which), hf_min_W, hf_max_W, and
        rate_K_per_s (NaN when it has none; note says why)."""
        return Result(_vitrum.curve_summary(self.as_dict()))

    def __len__(self):
        return len(self.time_s)


class CurveSet(list):
    """The curves of one file (a list of Curve), with .source (the file name)."""

    def __init__(self, curves, source=""):
        super().__init__(curves)
        self.source = source

    def select(self, spec):
        """Indices of the curves chosen by 'all', '0,3,5-7' (0-based) or 'seg:87,81'."""
        return _vitrum.curve_select(self._dicts(), spec)

    def by_segment(self, segment):
        """The curve of a Mettler method segment."""
        for c in self:
            if c.segment == segment:
                return c
        raise KeyError(f"no curve of segment {segment} in {self.source}")

    def _dicts(self):
        return [c.as_dict() for c in self]


def read_curves(path):
    """Read a Mettler STARe export or a curve CSV (recognised by its content): a CurveSet.
    Errors (vitrum.FileError, ParseError) name the file and line."""
    source, curves = _vitrum.read_curves(path)
    return CurveSet([Curve(c, CURVE_FIELDS) for c in curves], source)
