"""Failure propagation: the greatest set of components that still work.

A component fails when it fails initially or when one of its requirements is no
longer met; this repeats until nothing changes. The loop counts, for each
requirement, how many of its members have failed, and breaks it when the count
reaches the threshold: each requirement membership is visited at most once, so a
scenario costs O(components + memberships), and cycles need no special care (a
cycle of working components is never visited).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from depgraph.core.graph import CompiledInventory

__all__ = ["Propagation", "propagate"]


@dataclass(frozen=True, eq=False)
class Propagation:
    """The raw result of one scenario, over component and requirement numbers.

    ``order`` lists failed components in the order they failed (initial ones
    first); ``cause[c]`` is ``(requirement, member)`` for a component that failed
    because that requirement broke when that member failed, and absent for the
    initial ones; ``lost[r]`` counts the failed members of requirement ``r``.
    """

    failed: bytearray
    order: list[int]
    initial: frozenset[int]
    cause: dict[int, tuple[int, int]]
    lost: list[int]


def propagate(compiled: CompiledInventory, initial: Iterable[int]) -> Propagation:
    """Propagate the failure of ``initial`` (component numbers) to its fixpoint."""
    failed = bytearray(len(compiled.ids))
    lost = [0] * len(compiled.owner)
    cause: dict[int, tuple[int, int]] = {}
    seeds = frozenset(initial)
    order = sorted(seeds)
    for c in order:
        failed[c] = 1
    offsets, member_of = compiled.offsets, compiled.member_of
    owner, threshold = compiled.owner, compiled.threshold
    position = 0
    while position < len(order):
        c = order[position]
        position += 1
        for r in member_of[offsets[c]:offsets[c + 1]]:
            lost[r] += 1
            if lost[r] == threshold[r]:
                dependent = owner[r]
                if not failed[dependent]:
                    failed[dependent] = 1
                    cause[dependent] = (r, c)
                    order.append(dependent)
    return Propagation(failed, order, seeds, cause, lost)
