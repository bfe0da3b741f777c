"""The plan's reading of the simulation over numpy arrays: the fast path of
:func:`~.outcome.outcome`, the same outcome."""

from __future__ import annotations

from itertools import repeat
from operator import is_not

import numpy as np

from depgraph.analysis.restore_plan.outcome import Outcome
from depgraph.analysis.restore_plan.simulation import Run

__all__ = ["outcome_numpy"]


def outcome_numpy(down: bytearray, run: Run, critical: bytearray,
                  rto: list[int | None]) -> Outcome:
    """:func:`~.outcome.outcome`, sorting and selecting over numpy arrays (those the
    numpy simulation left, else the lists made arrays)."""
    n = len(down)
    is_down = np.frombuffer(bytes(down), dtype=np.uint8).astype(bool)
    if run.arrays is not None:
        start, end = run.arrays["start"], run.arrays["end"]
    else:
        start, end = np.array(run.start, dtype=np.int64), np.array(run.end, dtype=np.int64)
    came_back = is_down & (end >= 0)
    back = np.flatnonzero(came_back)
    back = back[np.lexsort((back, end[back], start[back]))]
    last = int(np.flatnonzero(came_back & (end == end[back].max()))[-1]) if len(back) else -1
    has_rto = np.fromiter(map(is_not, rto, repeat(None)), dtype=bool, count=n)
    is_critical = np.frombuffer(bytes(critical), dtype=np.uint8).astype(bool)
    checked = np.flatnonzero(is_down & (has_rto | is_critical))
    numbers = checked.tolist()
    return Outcome(back, last, np.flatnonzero(is_down & ~came_back).tolist(),
                   np.flatnonzero(is_down).tolist(), int(is_down.sum()),
                   list(zip(numbers, map(rto.__getitem__, numbers), end[checked].tolist())))
