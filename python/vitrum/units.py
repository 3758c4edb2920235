"""Quantities with units: strings such as '10 K/s' or '164 kJ/mol', or plain numbers in SI.

Every vitrum function takes either: a number is SI (K, s, K/s, J/mol, ...), a string carries its
unit and is parsed by the library (vt_parse_quantity), so '60 C' is 333.15 K and '600 K/min' is
10 K/s.
"""
from . import _vitrum

#: Dimension names, in the library's order (vt_dim), with their accepted units.
DIMENSIONS = _vitrum.dims()
DIM_NAMES = list(DIMENSIONS)


def quantity(value, dim):
    """Value in SI: a number as it is, a string such as '10 K/s' parsed for dimension `dim`
    ('temperature', 'time', 'rate', 'molar_energy', ...; see DIMENSIONS). Raises
    vitrum.UnitError / ParseError with the library's message."""
    if isinstance(value, str):
        return _vitrum.parse_quantity(value, dim)
    if isinstance(value, bool) or value is None:
        raise TypeError(f"expected a number or a string with a unit for a {dim}, got {value!r}")
    return float(value)


def quantities(values, dim):
    """A list of SI values from a number, a string ('0.1, 1, 10 s': one unit at the end applies
    to all), or a sequence of numbers and strings."""
    if isinstance(values, str):
        parts = [p.strip() for p in values.split(",") if p.strip()]
        unit = parts[-1].split(None, 1)[1] if parts and len(parts[-1].split(None, 1)) == 2 else ""
        return [quantity(p if len(p.split(None, 1)) == 2 or not unit else f"{p} {unit}", dim)
                for p in parts]
    try:
        return [quantity(v, dim) for v in values]
    except TypeError:
        return [quantity(values, dim)]


def to_unit(value_si, dim, unit):
    """An SI value expressed in `unit` (e.g. to_unit(333.15, 'temperature', 'C') == 60.0)."""
    return _vitrum.from_si(float(value_si), dim, unit)
