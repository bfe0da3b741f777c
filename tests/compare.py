"""Comparing two results at length: where they first differ, in one line.

A failure on a large estate should say what differs at once, where an assertion on
the whole values would diff them at length.
"""

from __future__ import annotations


def first_difference(got, expected, where: str = "") -> str | None:
    """Where two nested values (dicts, sequences, scalars) first differ, in a line, or
    None: a failure on a large estate says what differs at once, where an assertion
    on the whole values would diff them at length."""
    if isinstance(got, dict) and isinstance(expected, dict):
        if list(got) != list(expected):
            extra = [k for k in got if k not in expected][:3]
            missing = [k for k in expected if k not in got][:3]
            return f"{where}: keys differ (extra {extra}, missing {missing}, or their order)"
        for key in expected:
            found = first_difference(got[key], expected[key], f"{where}[{key!r}]")
            if found:
                return found
        return None
    if isinstance(got, (list, tuple)) and isinstance(expected, (list, tuple)):
        for i, (a, b) in enumerate(zip(got, expected)):
            found = first_difference(a, b, f"{where}[{i}]")
            if found:
                return found
        if len(got) != len(expected):
            return f"{where}: {len(got)} items, expected {len(expected)}"
        return None
    if isinstance(got, str) and isinstance(expected, str) and got != expected:
        lines = zip(got.splitlines(), expected.splitlines())
        number, (a, b) = next(((i, pair) for i, pair in enumerate(lines) if pair[0] != pair[1]),
                              (-1, (got[-100:], expected[-100:])))
        return f"{where}, line {number + 1}: {a[:300]!r} != {b[:300]!r}"
    if got != expected:
        return f"{where}: {str(got)[:300]!r} != {str(expected)[:300]!r}"
    return None


def assert_same(got, expected) -> None:
    difference = first_difference(got, expected)
    assert difference is None, difference
