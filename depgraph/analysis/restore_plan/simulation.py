"""The restoration simulation in plain Python: the reference event loop.

Work ends in time order; a component is back when its work is done and its
requirements are met; a limited team takes the most urgent of its ready work each
time a hand is free. Without team limits this is Dijkstra's algorithm generalised
by Knuth to functions that are monotone and never earlier than their arguments: the
earliest plan. :mod:`.simulation_numpy` is the fast path without team limits.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import ClassVar, Mapping

from depgraph.core.graph import CompiledInventory

__all__ = ["Run", "State", "counts", "new_state", "simulate"]


@dataclass(eq=False)
class Run:
    """The simulation's outcome, per component (times in seconds, -1: never) and per
    requirement."""

    ready: list[int]  # -1: never ready
    start: list[int]  # -1: never started
    end: list[int]  # -1: never back
    after: list[int]
    wave: list[int]
    pending: list[int]  # per requirement: its members still down at the end
    order: list[int]  # the components in the order they came back
    arrays: ClassVar[dict | None] = None


@dataclass(eq=False)
class State:
    """The simulation under way, as the Python loop reads it: per requirement, its
    members still down (``pending``) and the highest wave among those that counted;
    per component, its requirements not met (``unmet``), times (-1: not yet), ``done``
    (its work is over), ``after`` and ``wave``; the work still under way, as lists of
    components by the time it ends (``buckets``, with a heap of their ``times``); and
    what came back so far, in ``order``. ``seeded``: the work that could start at 0
    has been started (a state handed over from the numpy simulation)."""

    pending: list[int]
    unmet: list[int]
    wave_of_requirement: list[int]
    ready: list[int]
    start: list[int]
    end: list[int]
    done: bytearray
    after: list[int]
    wave: list[int]
    buckets: dict[int, list[int]]
    times: list[int]
    order: list[int]
    seeded: bool = False


def counts(compiled: CompiledInventory, down: bytearray) -> tuple[list[int], list[int]]:
    """``pending[r]``, the members of requirement ``r`` that are down, and ``unmet[c]``,
    the requirements of a component ``c`` that is down that are not met."""
    n, requirements = len(compiled.ids), len(compiled.owner)
    owner, threshold = compiled.owner, compiled.threshold
    offsets, member_of, starts = compiled.offsets, compiled.member_of, compiled.member_offsets
    # Counted from the smaller side (in a cold start, nothing is up).
    if 2 * sum(down) > n:
        pending = [b - a for a, b in zip(starts, starts[1:])]
        for c in range(n):
            if not down[c]:
                for r in member_of[offsets[c]:offsets[c + 1]]:
                    pending[r] -= 1
    else:
        pending = [0] * requirements
        for c in range(n):
            if down[c]:
                for r in member_of[offsets[c]:offsets[c + 1]]:
                    pending[r] += 1
    unmet = [0] * n
    for p, t, y in zip(pending, threshold, owner):
        if p >= t and down[y]:
            unmet[y] += 1
    return pending, unmet


def new_state(compiled: CompiledInventory, pending: list[int], unmet: list[int]) -> State:
    """The simulation before it starts, from the counts of :func:`counts`."""
    n = len(compiled.ids)
    return State(pending, unmet, [0] * len(compiled.owner), [-1] * n, [-1] * n, [-1] * n,
                 bytearray(n), [-1] * n, [0] * n, {}, [], [])


def simulate(compiled: CompiledInventory, down: bytearray, first: bytearray,
             duration: list[int], team_of: list[str | None], teams: Mapping[str, int],
             priority: list[tuple] | None, state: State | None = None) -> Run:
    """The event simulation: work ends in time order, and a component is back when its
    work is done and its requirements are met; a limited team takes the most urgent of
    its ready work each time a hand is free. The work on an initial failure (``first``)
    starts at once; on any other, once its requirements are met.

    Work that ends at the same moment is taken by component number, as a heap of
    ``(time, component)`` would: the moments are few (restore times are round
    figures), so each one gets a list, sorted when its moment comes, and what comes
    back at once (no restore time, or an initial failure that waited) joins a small
    heap of the current moment.

    ``state``, if given, is where to start from: fresh counts (:func:`new_state`), or
    the simulation so far, handed over by the numpy fast path at the first moment it
    cannot take at once (something that comes back at that same moment)."""
    n = len(compiled.ids)
    owner, threshold = compiled.owner, compiled.threshold
    offsets, member_of, owned = compiled.offsets, compiled.member_of, compiled.owned
    if state is None:
        state = new_state(compiled, *counts(compiled, down))
    pending, unmet = state.pending, state.unmet
    wave_of_requirement = state.wave_of_requirement
    ready, start, end, done = state.ready, state.start, state.end, state.done
    after, wave, order = state.after, state.wave, state.order
    buckets, times = state.buckets, state.times  # time -> what ends its work then; a heap
    late: list[int] = []  # heap: what comes back at the current moment, found meanwhile
    waiting: dict[str, list] = {name: [] for name in teams}
    busy = dict.fromkeys(teams, 0)
    push, pop = heapq.heappush, heapq.heappop

    def level(c: int) -> int:
        highest = 0
        for r in range(owned[c], owned[c + 1]):
            if wave_of_requirement[r] > highest:
                highest = wave_of_requirement[r]
        return highest + 1

    def idle(c: int) -> int:
        """0 while ``c`` is awaited (critical, or a member of a requirement that a
        component still down misses), else 1: work nothing waits for goes last."""
        if priority[c][0] < 0:  # critical itself
            return 0
        return int(not any(pending[r] >= threshold[r] and end[owner[r]] < 0
                           for r in member_of[offsets[c]:offsets[c + 1]]))

    def begin(c: int, now: int) -> None:
        """Start the work on ``c`` at ``now``: it ends at a moment still to come (what
        takes no time while a moment is under way joins ``late`` instead)."""
        start[c] = now
        moment = now + duration[c]
        bucket = buckets.get(moment)
        if bucket is None:
            buckets[moment] = [c]
            push(times, moment)
        else:
            bucket.append(c)

    if not state.seeded:  # start what can start at 0
        state.seeded = True
        for c in range(n):
            if down[c] and (first[c] or unmet[c] == 0):
                ready[c] = 0
                wave[c] = 1  # level(c): no requirement has a wave yet
                if team_of[c] not in waiting or duration[c] == 0:
                    begin(c, 0)
                else:
                    push(waiting[team_of[c]], (idle(c), priority[c], c))
    now = 0
    while True:
        for team, queue in waiting.items():
            while queue and busy[team] < teams[team]:
                flag, _, c = pop(queue)
                if idle(c) != flag:  # no longer awaited: back in the queue, behind
                    push(queue, (1, priority[c], c))
                    continue
                busy[team] += 1
                begin(c, now)
        if not times:
            break
        now = pop(times)
        items = buckets.pop(now)
        items.sort()
        count = len(items)
        i = 0
        while True:
            if late and (i == count or late[0] < items[i]):
                c = pop(late)
            elif i < count:
                c = items[i]
                i += 1
            else:
                break
            if not done[c]:
                done[c] = 1
                if busy and team_of[c] in busy and duration[c]:
                    busy[team_of[c]] -= 1
            if unmet[c] or end[c] >= 0:
                continue  # repaired, but what it needs is not back yet
            end[c] = now
            order.append(c)
            wave_c = wave[c]
            for r in member_of[offsets[c]:offsets[c + 1]]:
                left = pending[r] - 1
                pending[r] = left
                met_at = threshold[r] - 1
                if left < met_at:
                    continue  # met already
                if wave_c > wave_of_requirement[r]:
                    wave_of_requirement[r] = wave_c
                if left != met_at:
                    continue
                y = owner[r]
                if not down[y]:
                    continue
                unmet[y] -= 1
                if unmet[y]:
                    continue
                if ready[y] < 0:
                    ready[y] = now
                    after[y] = c
                    wave[y] = level(y)
                    if team_of[y] in waiting and duration[y]:
                        push(waiting[team_of[y]], (idle(y), priority[y], y))
                    elif duration[y]:
                        begin(y, now)
                    else:
                        start[y] = now
                        push(late, y)
                elif done[y]:  # an initial failure, repaired and waiting: back now
                    if start[y] + duration[y] < now:  # it did wait (not a tie)
                        after[y] = c
                        wave[y] = level(y)
                    push(late, y)
    return Run(ready, start, end, after, wave, pending, order)
