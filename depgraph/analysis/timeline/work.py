"""What the engine's run means as work: its answer in the shape of the restoration
simulation's (:class:`~depgraph.analysis.restore_plan.simulation.Run`: when each
component's last return was ready, started and ended, after what, in which wave), and
the run with limited teams, whose waiting lists are ordered as the simulation orders
them (:func:`~depgraph.analysis.restore_plan.teams.priorities`, read from the run
without limits)."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from functools import cached_property
from typing import Mapping

import numpy as np

from depgraph.analysis.restore_plan.simulation import Run
from depgraph.analysis.restore_plan.teams import priorities
from depgraph.analysis.timeline.compile import TimedInventory
from depgraph.analysis.timeline.engine import Down, Event, run_timeline
from depgraph.analysis.timeline.hands import Hands, Work, run_with_hands
from depgraph.core.model import Inventory

__all__ = ["Worked", "as_run", "pending", "worked"]


@dataclass(frozen=True)
class Worked:
    """A run: every component's down intervals (``spans``), read as the simulation's
    ``run`` when asked for (a timeline needs only the intervals); ``free``, the run
    without team limits (``run`` itself when there are none), and ``work``, the hands'
    record of the limited run (None without limits)."""

    spans: list[list[Down]]
    free: Run
    timed: TimedInventory = field(repr=False)
    events: list[Event] = field(repr=False)
    work: Work | None = None

    @cached_property
    def run(self) -> Run:
        if self.work is None:
            return self.free
        return as_run(self.timed, self.events, self.spans, self.work)


def worked(inventory: Inventory, timed: TimedInventory, events: list[Event],
           teams: Mapping[str, int]) -> Worked:
    """The engine along ``events``, each team of ``teams`` limited to that many pieces
    of work at once (the limits checked already)."""
    spans = run_timeline(timed.timed, events)
    free = as_run(timed, events, spans)
    if not teams:
        return Worked(spans, free, timed, events)
    compiled = timed.compiled
    n = len(compiled.ids)
    components = list(inventory.components.values())
    critical = bytearray(c.criticality == "critical" for c in components)
    down = bytearray(1 if found else 0 for found in spans)
    priority = priorities(compiled, down, free, critical)
    rank = [0] * n
    for place, c in enumerate(sorted(range(n), key=priority.__getitem__)):
        rank[c] = place
    names = sorted(teams)
    number = {name: k for k, name in enumerate(names)}
    work = run_with_hands(timed.timed, events, Hands(
        [number.get(c.team, -1) for c in components], [teams[name] for name in names],
        rank, [bool(x) for x in critical]))
    return Worked(work.spans, free, timed, events, work)


def as_run(timed: TimedInventory, events: list[Event], spans: list[list[Down]],
           work: Work | None = None) -> Run:
    """The engine's answer in the shape of the restoration simulation's; with ``work``,
    the run with limited teams, whose pieces of work say when they started."""
    n = len(spans)
    restore = timed.timed.restore
    last = [found[-1] if found else None for found in spans]
    end = [-1 if d is None or d.back is None else d.back for d in last]
    hit_at, work_end = [-1] * n, [-1] * n
    for event in events:
        for c, repair in zip(event.components, event.repair, strict=True):
            d = last[c]
            if d is not None and d.down <= event.at and (d.back is None or event.at < d.back
                                                         or (event.at == d.back == d.down)):
                hit_at[c] = max(hit_at[c], event.at)
                if repair is not None:
                    work_end[c] = max(work_end[c], event.at + repair)
    ready, after, wave = [-1] * n, [-1] * n, [0] * n
    held, waited, since = [False] * n, [0] * n, [0] * n
    by_end: dict[int, list[int]] = {}
    start = [-1] * n
    for c in range(n):
        if end[c] < 0:
            continue
        since[c] = last[c].down
        if work is not None and work.started[c] >= since[c]:  # a hand's work, this time
            ready[c], start[c] = work.ready[c], work.started[c]
            work_end[c] = work.finished[c]
        else:
            ready[c] = hit_at[c] if hit_at[c] >= 0 else end[c] - restore[c]
            start[c] = ready[c]
        held[c] = hit_at[c] < 0 or end[c] > work_end[c]  # waited on its requirements
        waited[c] = ready[c] if hit_at[c] < 0 else end[c]
        by_end.setdefault(end[c], []).append(c)
    placed: dict[int, tuple[int, int, int]] = {}  # the order of returns, as the plan has it
    own = _requirements(timed)
    calm = [d is None for d in last]  # never down

    def counted(c: int, complete: bool) -> list[int] | None:
        """The returns that met each requirement of ``c`` (None: not all met yet)."""
        found: list[int] = []
        low, high = since[c], waited[c]
        for members, needed in own(c):
            steady, back = 0, []
            for m in members:
                e = end[m]
                if calm[m] or 0 <= e < low:
                    steady += 1
                elif low <= e <= high and m in placed:
                    back.append(m)
            short = needed - steady
            if len(back) < short and not complete:
                return None
            if short > 0:
                if len(back) > short:
                    back.sort(key=placed.__getitem__)
                found += back[:short]
        return found

    sequence = 0

    def place(c: int, t: int, waits: list[int]) -> None:
        nonlocal sequence
        if held[c]:
            wave[c] = 1 + max((wave[m] for m in waits), default=0)
            if waits:
                best = max(waits, key=placed.__getitem__)
                if end[best] == waited[c]:
                    after[c] = best
        else:
            wave[c] = 1
        sequence += 1
        placed[c] = (t, sequence, c)

    for t in sorted(by_end):
        # An instant's returns in the simulation's order: the work that ends now by
        # number, and, as soon as it is ready, what comes back the moment its last
        # requirement is met (nothing to restore, or its work done and waiting), by
        # number too; each one once all its requirements are met.
        now = sorted(by_end[t])
        bucket = [c for c in now if not held[c] or (hit_at[c] < 0 and restore[c] > 0)]
        owners: dict[int, list[int]] = {}
        for y in now:
            for members, _ in own(y):
                for m in set(members):
                    owners.setdefault(m, []).append(y)
        passed = set()
        in_bucket = set(bucket)
        late = [c for c in now if c not in in_bucket and counted(c, False) is not None]
        queued = set(late)
        i = 0
        while True:
            if late and (i == len(bucket) or late[0] < bucket[i]):
                c = heapq.heappop(late)
            elif i < len(bucket):
                c = bucket[i]
                i += 1
                passed.add(c)
            else:
                break
            if c in placed:
                continue
            waits = counted(c, False)
            if waits is None:
                continue  # not ready yet: it comes once what it needs is back
            place(c, t, waits)
            for y in owners.get(c, ()):
                if y in placed or y in queued or (y in in_bucket and y not in passed):
                    continue
                if counted(y, False) is not None:
                    queued.add(y)
                    heapq.heappush(late, y)
        for c in now:  # met on a holdup, not by returns: the rest at once
            if c not in placed:
                place(c, t, counted(c, True))
    never = [d is not None and d.back is None for d in last]
    waiting = pending(timed.compiled, never)
    order = sorted(placed, key=placed.__getitem__)
    return Run(ready, start, end, after, wave, waiting, order)


def _requirements(timed: TimedInventory):
    """Each component's requirements as ``(members, needed)`` pairs, made when asked
    for and kept: from the engine's arrays when the input has them (no object per
    requirement), else from its :class:`Need` s."""
    arrays, made = timed.timed.arrays, {}
    if arrays is None:
        needs = timed.timed.needs

        def make(c: int) -> list[tuple]:
            return [(need.members, need.needed) for need in needs[c]]
    else:
        members, needed = arrays["members"].tolist(), arrays["needed"].tolist()
        first = np.concatenate([[0], np.cumsum(arrays["per"])]).tolist()
        bounds = np.concatenate([[0], np.cumsum(arrays["sizes"])]).tolist()

        def make(c: int) -> list[tuple]:
            return [(members[bounds[r]:bounds[r + 1]], needed[r])
                    for r in range(first[c], first[c + 1])]

    def own(c: int) -> list[tuple]:
        found = made.get(c)
        if found is None:
            found = made[c] = make(c)
        return found

    return own


def pending(compiled, never: list[bool]) -> list[int]:
    """Per requirement, its members that never come back."""
    if not any(never):
        return [0] * len(compiled.owner)
    return [sum(1 for m in compiled.members_of(r) if never[m])
            for r in range(len(compiled.owner))]
