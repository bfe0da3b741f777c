"""The time engine with team limits: a team with ``N`` hands runs at most ``N`` pieces of
work at once.

A piece of work is the repair of a component an event hit (it is ready the moment the
event strikes, whatever the component needs) or the restoration of one that failed
with something else (ready once its requirements are all met). Work that takes no
time needs no hand. Without a hand free, work waits on its team's list. Hands are
given twice in an instant:

* once failure is taken, the hands free then take the waiting repairs (the crew is
  sent as the event strikes);
* once return is taken, the hands whose work ended at the instant are free too, and
  every free hand takes the first waiting piece, restorations ready at the instant
  included.

Each time, the first piece is the first by:

1. awaited first: a critical component, or a member of a requirement not met whose
   owner is down (work nothing waits for goes last);
2. then ``rank``, the order the caller gives (the plan's: what leads to a critical
   component, the longest chain of work behind it, ...: see
   :func:`depgraph.analysis.restore_plan.teams.priorities`);
3. then the component's number.

This is the restoration simulation's order (its initial failures take their hands
before what comes back at 0), so that with every event at 0 and no timer the two
are the same plan.

A hand is free again when its work ends, or when the work is lost: a restoration
whose component is no longer ready (it starts over, and waits again), or any work on a
component an event hits anew (the new repair waits for a hand) or destroys. An event
that hits a component whose repair is under way makes it end at the later of the two
ends, on the same hand; one whose repair is waiting makes it the longer of the two.
Teams without a limit (and components without a team) start their work at once: the
engine of :mod:`.engine`, to which this one is equal when no team is limited.

The lists are heaps (a team's repairs and its restorations apart), each entry
stamped so that an entry left behind (its work dropped, its urgency changed) is
skipped when it comes up; the urgency of waiting work is read again only where an
instant changed it (a requirement met or lost, a component down or back: their
members). What this costs is per piece of work under a limited team, in Python; the
rest is the numpy engine's.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from depgraph.analysis.timeline.engine import (
    _NEVER,
    _NONE,
    Down,
    Event,
    Timed,
    _cat,
    _distinct,
    _Engine,
    _Index,
    _ranges,
)

__all__ = ["Hands", "Work", "run_with_hands"]

_WAITING = _NEVER - 1  # the work_end of a repair that waits for a hand


@dataclass(frozen=True)
class Hands:
    """Team limits: ``team[c]``, the number of the limited team of component ``c`` (-1:
    none, its work starts at once); ``hands[k]``, how many pieces of work team ``k``
    runs at once (at least 1); ``rank[c]``, the order in which waiting work is taken
    (lower first), after ``critical[c]`` and what a component down waits for."""

    team: Sequence[int]
    hands: Sequence[int]
    rank: Sequence[int]
    critical: Sequence[bool]


@dataclass(frozen=True)
class Work:
    """The run: every component's down intervals, as :func:`~.engine.run_timeline`
    gives them; and, per component under a limited team, its last piece of work that
    was not lost: when it was ready (``ready``), when a hand took it (``started``) and
    when it ends (``finished``); -1: none, or not yet."""

    spans: list[list[Down]]
    ready: list[int]
    started: list[int]
    finished: list[int]


def run_with_hands(timed: Timed, events: list[Event], hands: Hands) -> Work:
    """Every component's down intervals along ``events``, its teams limited by
    ``hands``; and when each one's last piece of work under a limited team was ready
    and started, and when it ends."""
    n = len(timed.restore)
    if not (len(hands.team) == len(hands.rank) == len(hands.critical) == n):
        raise ValueError("team, rank and critical: one per component")
    if any(h < 1 for h in hands.hands):
        raise ValueError("a team has at least one hand")
    engine = _HandsEngine(_Index(timed), hands)
    spans = engine.run(events)
    return Work(spans, engine.ready_at, engine.started_at, engine.finished_at)


class _HandsEngine(_Engine):
    """The engine, and the hands of each limited team."""

    def __init__(self, index: _Index, hands: Hands):
        super().__init__(index)
        n = len(index.restore)
        self.team = [int(k) for k in hands.team]
        self.limited = np.array(self.team, dtype=np.int64) >= 0
        self.capacity = [int(h) for h in hands.hands]
        self.rank = [int(r) for r in hands.rank]
        self.critical = [bool(c) for c in hands.critical]
        self.busy = [0] * len(self.capacity)
        # per team, the waiting repairs and the waiting restorations: heaps of entries
        self.queues: list[tuple[list, list]] = [([], []) for _ in self.capacity]
        self.hand = [False] * n  # holds a hand
        self.hand_end = [0] * n  # when that hand is free
        self.freeing: list[tuple[int, int]] = []  # heap of (hand_end, component)
        self.waiting = np.zeros(n, dtype=np.int8)  # 0: none, 1: a repair, 2: a restoration
        self.repair = [0] * n  # the repair that waits
        self.flag = [0] * n  # its urgency as queued: 0 awaited, 1 not
        self.stamp = [0] * n  # its entry in the queue; older ones are left behind
        self.ready_at = [-1] * n
        self.started_at = [-1] * n
        self.finished_at = [-1] * n
        self.flipped: list[np.ndarray] = []  # this instant: requirements met or lost,
        self.risen: list[np.ndarray] = []  # and components back

    # -- the hands ------------------------------------------------------------------

    def _awaited(self, c: int) -> int:
        """0 when ``c`` is critical or a member of a requirement not met whose owner
        is down, else 1."""
        if self.critical[c]:
            return 0
        ix = self.index
        rs = ix.entry_req[ix.by_member[ix.at[c]:ix.at[c + 1]]]
        return int(not np.any(self.unmet[rs] & ~self.up[ix.owner[rs]]))

    def _queue(self, c: int, t: int, kind: int) -> None:
        self.waiting[c] = kind
        self.ready_at[c] = t
        self._push(c)

    def _push(self, c: int) -> None:
        self.stamp[c] += 1
        self.flag[c] = flag = self._awaited(c)
        heap = self.queues[self.team[c]][self.waiting[c] - 1]
        heapq.heappush(heap, (flag, self.rank[c], c, self.stamp[c]))

    def _free(self, c: int) -> None:
        """The hand ``c``'s work held is free (if it held one)."""
        if self.hand[c]:
            self.hand[c] = False
            self.busy[self.team[c]] -= 1

    def _drop(self, c: int) -> None:
        """The work on ``c`` is lost: its hand is free, or it waits no more."""
        self._free(c)
        if self.waiting[c]:
            self.waiting[c] = 0
            self.stamp[c] += 1
        self.ready_at[c] = self.started_at[c] = self.finished_at[c] = -1

    def _take(self, c: int, t: int, end: int, taken: list[tuple[int, int]]) -> None:
        """A hand takes the work on ``c``, which ends at ``end`` (written in ``taken``,
        for the agenda)."""
        self.hand[c] = True
        self.busy[self.team[c]] += 1
        self.started_at[c] = t
        self._ends_at(c, end)
        taken.append((end, c))

    def _ends_at(self, c: int, end: int) -> None:
        """The hand on ``c``'s work is free at ``end``."""
        self.hand_end[c] = self.finished_at[c] = end
        heapq.heappush(self.freeing, (end, c))

    def _between(self, t: int, fallen: np.ndarray) -> None:
        """Once failure is taken, the hands free take the waiting repairs."""
        self._hand_out(t, fallen, repairs_only=True)

    def _after(self, t: int, fallen: np.ndarray) -> None:
        """The hands whose work ends at ``t`` are free; then every free hand takes the
        first waiting piece of its team."""
        freeing = self.freeing
        while freeing and freeing[0][0] <= t:
            end, c = heapq.heappop(freeing)
            if self.hand_end[c] == end:  # else left behind: the work ends later now
                self._free(c)
        self._hand_out(t, _NONE, repairs_only=False)

    def _hand_out(self, t: int, fallen: np.ndarray, repairs_only: bool) -> None:
        """The urgency of waiting work read again where the instant changed it so far
        (``fallen``, and what :meth:`_flip` and :meth:`_close` noted); then the free
        hands take the first waiting pieces."""
        changed = _cat([fallen, *self.risen])
        flipped = self.flipped
        self.flipped, self.risen = [], []
        if not any(queue for queues in self.queues for queue in queues):
            return
        ix = self.index
        rs = _cat([*flipped, _ranges(ix.first[changed], ix.first[changed + 1])])
        members = ix.members[_ranges(ix.bounds[rs], ix.bounds[rs + 1])]
        for c in _distinct(members[self.waiting[members] > 0], self.seen_component).tolist():
            if self._awaited(c) != self.flag[c]:
                self._push(c)
        taken: list[tuple[int, int]] = []
        for k, queues in enumerate(self.queues):
            heaps = queues[:1] if repairs_only else queues
            while self.busy[k] < self.capacity[k]:
                best = None
                for heap in heaps:
                    while heap and heap[0][3] != self.stamp[heap[0][2]]:
                        heapq.heappop(heap)  # left behind
                    if heap and (best is None or heap[0] < best[0]):
                        best = heap
                if best is None:
                    break
                c = heapq.heappop(best)[2]
                kind, self.waiting[c] = self.waiting[c], 0
                if kind == 1:
                    end = t + self.repair[c]
                    self.work_end[c] = end
                else:
                    self.restoring[c] = t
                    end = t + int(ix.restore[c])
                self._take(c, t, end, taken)
        if taken:
            ends, comps = zip(*taken, strict=True)
            self._schedule(0, np.array(ends, dtype=np.int64), np.array(comps, dtype=np.int64))

    # -- the engine's steps, with hands -----------------------------------------------

    def _flip(self, rs: np.ndarray, unmet: bool) -> np.ndarray:
        self.flipped.append(rs)
        return super()._flip(rs, unmet)

    def _close(self, t: int, rising: np.ndarray) -> None:
        self.risen.append(rising)
        super()._close(t, rising)

    def _hit(self, t: int, hits: dict[int, tuple[int | None, int]]) -> np.ndarray:
        limited = {c: hit for c, hit in hits.items() if self.team[c] >= 0}
        if not limited:
            return super()._hit(t, hits)
        free = super()._hit(t, {c: hit for c, hit in hits.items() if c not in limited})
        for c, (repair, k) in limited.items():
            if self.up[c]:
                self.open_cause[c] = -(k + 1)
            before, had = int(self.work_end[c]), bool(self.has_work[c])
            self.has_work[c] = True
            self.restoring[c] = -1
            if had and before == _NEVER:
                continue  # destroyed already
            if repair is None:  # destroyed now: its work is lost
                self._drop(c)
                self.work_end[c] = _NEVER
            elif had and self.hand[c] and before > t:  # under way: the later end
                end = max(before, t + repair)
                if end != before:
                    self.work_end[c] = end
                    self._take_over(c, end)
            elif had and self.waiting[c] == 1:  # waiting: the longer repair
                self.repair[c] = max(self.repair[c], repair)
            else:
                self._drop(c)
                if repair == 0:
                    self.work_end[c] = t
                else:
                    self.work_end[c] = _WAITING
                    self.repair[c] = repair
                    self._queue(c, t, 1)
        return np.concatenate([free, np.fromiter(limited, np.int64, len(limited))])

    def _take_over(self, c: int, end: int) -> None:
        """The repair under way on ``c`` now ends at ``end``, on the same hand."""
        self._ends_at(c, end)
        self._schedule(0, np.array([end], dtype=np.int64), np.array([c], dtype=np.int64))

    def _settle_restorations(self, t: int, comps: np.ndarray) -> None:
        """As the engine's, except that the restorations of a limited team wait for a
        hand, and free it when lost."""
        restore = self.index.restore
        comps = comps[~self.up[comps] & ~self.has_work[comps]]
        comps = _distinct(comps, self.seen_component)
        mine = self.limited[comps] & (restore[comps] > 0)
        super()._settle_restorations(t, comps[~mine])
        comps = comps[mine]
        ready = self._ready(comps)
        for c in comps[~ready].tolist():
            self.restoring[c] = -1
            self._drop(c)
        for c in comps[ready].tolist():
            if self.restoring[c] < 0 and not self.waiting[c]:
                self._queue(c, t, 2)
