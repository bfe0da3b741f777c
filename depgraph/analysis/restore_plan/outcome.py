"""What a plan reads from the simulation: what came back and in which order, what
never did, the RTO checks, the steps and the critical path."""

from __future__ import annotations

from itertools import repeat
from typing import TYPE_CHECKING, NamedTuple

from depgraph.analysis.restore_plan.simulation import Run
from depgraph.analysis.restore_plan.values import RestoreStep
from depgraph.core.graph import CompiledInventory

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Outcome", "critical_path", "outcome", "steps"]


class Outcome(NamedTuple):
    """What the plan reads from the simulation."""

    back: "list[int] | np.ndarray"  # what came back, by start, end and number
    last: int  # the last of it to come back (the latest id among the last), or -1
    stuck: list[int]  # what never came back
    failed: list[int]  # what was down
    down: int  # how many
    checked: list[tuple[int, int | None, int]]  # (component, rto, end) of those checked


def outcome(down: bytearray, run: Run, critical: bytearray, rto: list[int | None]) -> Outcome:
    """What the plan reads from the simulation; the components down with an RTO or
    critical are checked (:func:`~.outcome_numpy.outcome_numpy` on a large plan)."""
    n = len(down)
    end, start = run.end, run.start
    back = [c for c in range(n) if down[c] and end[c] >= 0]
    back.sort(key=lambda c: (start[c], end[c], c))  # numbers follow the ids' order
    failed = [c for c in range(n) if down[c]]
    return Outcome(back, max(back, key=lambda c: (end[c], c), default=-1),
                   [c for c in failed if end[c] < 0], failed, len(failed),
                   [(c, rto[c], end[c]) for c in failed if rto[c] is not None or critical[c]])


def steps(ids: tuple[str, ...], run: Run, back: "list[int] | np.ndarray",
          team: list[str | None], critical: bytearray) -> tuple[RestoreStep, ...]:
    """A step per component that comes back, in the order of ``back``: most of a
    large plan's work, so built in C, from numpy arrays when the simulation left some."""
    flag = (False, True)
    or_none = (*ids, None).__getitem__  # after[c] is -1 when it waited for nothing
    if run.arrays is not None:
        arrays = run.arrays
        numbers = back.tolist()
        columns = (arrays["wave"][back].tolist(), arrays["ready"][back].tolist(),
                   arrays["start"][back].tolist(), arrays["end"][back].tolist(),
                   map(team.__getitem__, numbers), map(or_none, arrays["after"][back].tolist()))
    else:
        numbers = back.tolist() if hasattr(back, "tolist") else back
        columns = (map(run.wave.__getitem__, numbers), map(run.ready.__getitem__, numbers),
                   map(run.start.__getitem__, numbers), map(run.end.__getitem__, numbers),
                   map(team.__getitem__, numbers),
                   map(or_none, map(run.after.__getitem__, numbers)))
    return tuple(map(tuple.__new__, repeat(RestoreStep), zip(
        map(ids.__getitem__, numbers), *columns,
        map(flag.__getitem__, map(critical.__getitem__, numbers)))))


def critical_path(compiled: CompiledInventory, run: Run, last: int) -> tuple[str, ...]:
    """The chain that sets the total: from the ``last`` component back, each step's
    component and the one whose return let it start."""
    if last < 0:
        return ()
    after = run.after if run.arrays is None else run.arrays["after"]
    chain = [last]
    while after[chain[-1]] >= 0:
        chain.append(int(after[chain[-1]]))
    return tuple(compiled.ids[c] for c in reversed(chain))
