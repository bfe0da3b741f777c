"""Segment helpers that every numpy kernel shares.

The kernels work on rows of the compiled index laid end to end (the memberships of
a frontier of components, the causes of a wave's members): these few helpers
build such a concatenation and find the runs of equal values in a sorted array,
each in a handful of numpy calls. Imported only by the ``*_numpy`` modules.
"""

from __future__ import annotations

import numpy as np

__all__ = ["ranges", "run_starts", "unique"]


def ranges(starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ranges ``starts[i] .. starts[i] + counts[i]`` end to end: for each position,
    the range it belongs to and its value.

    >>> segment, value = ranges(np.array([10, 20]), np.array([2, 3]))
    >>> segment.tolist(), value.tolist()
    ([0, 0, 1, 1, 1], [10, 11, 20, 21, 22])
    """
    segment = np.repeat(np.arange(len(starts), dtype=np.int64), counts)
    index = np.arange(len(segment), dtype=np.int64)
    index += (starts - (np.cumsum(counts) - counts))[segment]
    return segment, index


def run_starts(values: np.ndarray) -> np.ndarray:
    """Where each run of equal values begins in the sorted ``values``.

    >>> run_starts(np.array([3, 3, 5, 7, 7, 7])).tolist()
    [0, 2, 3]
    """
    new = np.empty(len(values), dtype=bool)
    if len(values):
        new[0] = True
        np.not_equal(values[1:], values[:-1], out=new[1:])
    return np.flatnonzero(new)


def unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (``np.unique`` without the overhead it has on small arrays).

    >>> unique(np.array([5, 3, 5, 1])).tolist()
    [1, 3, 5]
    """
    if len(values) < 2:
        return values
    values = np.sort(values)
    return values[run_starts(values)]
