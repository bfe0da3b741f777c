"""Deadlocks: cycles of failed components that need each other, so none comes back.

A failed component that is never ready is *unrestorable*: it waits, directly or
not, on a cycle of failed components that need each other (DNS needs the
directory, the directory needs DNS). Each such cycle is reported once, with the
smallest set of its members that, brought up by hand, unlocks all of it.
"""

from __future__ import annotations

from itertools import combinations
from math import comb
from typing import Iterable

from depgraph.analysis.restore_plan.simulation import Run
from depgraph.analysis.restore_plan.values import Deadlock
from depgraph.core.graph import CompiledInventory
from depgraph.core.scc import sink_components

__all__ = ["HAND_START_BUDGET", "deadlocks"]

#: How many candidate sets to try when looking for the smallest hand start of a cycle.
HAND_START_BUDGET = 20_000


def deadlocks(compiled: CompiledInventory, run: Run, stuck: list[int]) -> tuple[Deadlock, ...]:
    """Every cycle that keeps failed components down, peeled from the bottom: a cycle
    nothing else holds back is a deadlock; once it is started by hand, what it held
    back may reveal the next one."""
    if not stuck:
        return ()
    owner, threshold = compiled.owner, compiled.threshold
    owned, starts, members = compiled.owned, compiled.member_offsets, compiled.members
    offsets, member_of = compiled.offsets, compiled.member_of
    left = set(stuck)
    pending = run.pending[:]

    def blocked_by(c: int) -> list[int]:
        """The stuck members of the requirements of ``c`` that are not met."""
        return sorted({m for r in range(owned[c], owned[c + 1]) if pending[r] >= threshold[r]
                       for m in members[starts[r]:starts[r + 1]] if m in left})

    held_by: dict[int, list[int]] = {c: [] for c in stuck}  # the reverse of "blocked by"
    for c in stuck:
        for m in blocked_by(c):
            held_by[m].append(c)
    found: list[Deadlock] = []
    while left:
        graph = {c: blocked_by(c) for c in left}
        for cycle in sink_components(graph):
            hand, exact = _hand_start(compiled, cycle, pending)
            inside = set(cycle)
            broken = tuple((compiled.ids[c], compiled.ids[m]) for c in hand
                           for m in graph[c] if m in inside)
            blocks = sorted(_reached(held_by, cycle) - inside)
            found.append(Deadlock(tuple(compiled.ids[c] for c in cycle),
                                  tuple(compiled.ids[c] for c in blocks),
                                  tuple(compiled.ids[c] for c in hand), broken, exact))
            # Started by hand: the whole cycle comes back, and with it what it held.
            queue = list(cycle)
            for c in cycle:
                left.discard(c)
            while queue:
                c = queue.pop()
                for r in member_of[offsets[c]:offsets[c + 1]]:
                    pending[r] -= 1
                    y = owner[r]
                    if pending[r] == threshold[r] - 1 and y in left and all(
                            pending[q] < threshold[q] for q in range(owned[y], owned[y + 1])):
                        left.discard(y)
                        queue.append(y)
    return tuple(sorted(found, key=lambda d: (-len(d.blocks), d.members)))


def _reached(edges: dict[int, list[int]], sources: list[int]) -> set[int]:
    """Every node reachable from ``sources`` along ``edges``."""
    seen: set[int] = set()
    stack = list(sources)
    while stack:
        x = stack.pop()
        if x not in seen:
            seen.add(x)
            stack.extend(edges[x])
    return seen


def _hand_start(compiled: CompiledInventory, cycle: list[int], pending: list[int]
                ) -> tuple[list[int], bool]:
    """A smallest set of members of ``cycle`` that, up, lets all of it come back: by
    size, every set while the budget lasts, then greedily."""
    owner, threshold = compiled.owner, compiled.threshold
    owned, offsets, member_of = compiled.owned, compiled.offsets, compiled.member_of
    inside = set(cycle)

    def unlocked(hand: Iterable[int]) -> set[int]:
        counts: dict[int, int] = {}
        up = set(hand)
        queue = list(up)
        while queue:
            c = queue.pop()
            for r in member_of[offsets[c]:offsets[c + 1]]:
                y = owner[r]
                if y not in inside or y in up:
                    continue
                counts[r] = counts.get(r, 0) + 1
                if pending[r] - counts[r] == threshold[r] - 1 and all(
                        pending[q] - counts.get(q, 0) < threshold[q]
                        for q in range(owned[y], owned[y + 1])):
                    up.add(y)
                    queue.append(y)
        return up

    tried = 0
    for size in range(1, len(cycle) + 1):
        if tried + comb(len(cycle), size) > HAND_START_BUDGET:
            break
        for hand in combinations(cycle, size):
            tried += 1
            if len(unlocked(hand)) == len(cycle):
                return list(hand), True
    hand: list[int] = []  # greedy: each time, the member that unlocks the most
    while len(unlocked(hand)) < len(cycle):
        up = unlocked(hand)
        best = max((c for c in cycle if c not in up),
                   key=lambda c: (len(unlocked(hand + [c])), -c))
        hand.append(best)
    return sorted(hand), False
