"""Durations such as ``30m``, ``4h``, ``2d``, ``1w`` or ``1h30m``, in seconds."""

from __future__ import annotations

import re

__all__ = ["parse_duration", "format_duration", "UNITS"]

#: Seconds per unit.
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}

_PART = re.compile(r"(\d+(?:\.\d+)?)([smhdw])")
# Units from the largest to the smallest, each at most once: 1d4h30m, not 30m1d.
_WHOLE = re.compile(r"(?=\d)" + "".join(rf"(?:\d+(?:\.\d+)?{u})?" for u in "wdhms"))


def parse_duration(text: str) -> int:
    """Parse a duration into whole seconds; raise ``ValueError`` with a hint.

    ``0`` alone means no time at all. Units must be given otherwise, since a bare
    number is ambiguous (minutes? hours?).

    >>> parse_duration("1h30m")
    5400
    >>> parse_duration("2d")
    172800
    >>> parse_duration("1.5h")
    5400
    >>> parse_duration("30m1h")
    Traceback (most recent call last):
    ...
    ValueError: '30m1h' is not a duration; use a number and a unit, for example 30m, 4h, 2d, 1w or 1h30m (largest unit first, each once)
    >>> parse_duration("0")
    0
    >>> parse_duration("90")
    Traceback (most recent call last):
    ...
    ValueError: a bare number is ambiguous; write '90m' or '90h'
    """
    text = text.strip()
    if text == "0":
        return 0
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return _raise(f"a bare number is ambiguous; write '{text}m' or '{text}h'")
    compact = text.replace(" ", "")
    if not _WHOLE.fullmatch(compact):
        return _raise(
            f"'{text}' is not a duration; use a number and a unit, "
            "for example 30m, 4h, 2d, 1w or 1h30m (largest unit first, each once)"
        )
    seconds = sum(float(n) * UNITS[u] for n, u in _PART.findall(compact))
    return round(seconds)


def _raise(message: str) -> int:
    raise ValueError(message)


def format_duration(seconds: float) -> str:
    """The shortest exact rendering, in days, hours and minutes.

    >>> format_duration(5400), format_duration(0), format_duration(266400)
    ('1h30m', '0m', '3d2h')
    """
    seconds = round(seconds)
    if seconds == 0:
        return "0m"
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)
