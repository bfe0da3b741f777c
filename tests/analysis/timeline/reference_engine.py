"""The time engine as first written, kept as a reference for the fast one: at each
instant, the two fixpoints by plain loops over every component and every requirement
(see :mod:`depgraph.analysis.timeline.engine` for the semantics)."""

from __future__ import annotations

import heapq

from depgraph.analysis.timeline.engine import Down, Event, Timed

__all__ = ["reference_timeline"]

_NEVER = float("inf")


def reference_timeline(timed: Timed, events: list[Event]) -> list[list[Down]]:
    """Every component's down intervals, in time order, along ``events``."""
    return Engine(timed).run(events)


class Engine:
    def __init__(self, timed: Timed):
        self.timed = timed
        n = len(timed.restore)
        self.n = n
        self.needs = [need for needs in timed.needs for need in needs]
        self.owned: list[range] = []
        start = 0
        for needs in timed.needs:
            self.owned.append(range(start, start + len(needs)))
            start += len(needs)
        self.member_of: list[list[int]] = [[] for _ in range(n)]
        for r, need in enumerate(self.needs):
            for m in set(need.members):
                self.member_of[m].append(r)
        self.up = [True] * n
        self.hit_kind = [False] * n  # down, and an event's: waits for its work
        self.work_end: list[float] = [0] * n
        self.restore_start = [-1] * n  # a restoration under way since then
        self.raw_met = [True] * len(self.needs)  # at the last instant
        self.unmet_since = [0] * len(self.needs)
        self.changeover_end = [0] * len(self.needs)
        self.in_use: list[tuple[int, ...]] = [n.members[:n.needed] for n in self.needs]
        self.intervals: list[list[list]] = [[] for _ in range(n)]

    # -- one instant --------------------------------------------------------------

    def alive(self, r: int, t: int) -> bool:
        """Whether requirement ``r`` rides through at ``t`` on its holdup, whatever its
        members do (it was met until ``t`` or stopped being met less than ``holdup``
        ago)."""
        holdup = self.needs[r].holdup
        if not holdup:
            return False
        since = t if self.raw_met[r] else self.unmet_since[r]
        return t < since + holdup

    def met(self, r: int, t: int, up: list[bool]) -> bool:
        return self.alive(r, t) or self.raw(r, t, up)

    def raw(self, r: int, t: int, up: list[bool]) -> bool:
        need = self.needs[r]
        if need.switchover and (t < self.changeover_end[r] or self.triggered(r, up)):
            return False
        return sum(up[m] for m in need.members) >= need.needed

    def triggered(self, r: int, up: list[bool]) -> bool:
        return any(not up[m] for m in self.in_use[r])

    def runs(self, c: int, t: int, up: list[bool]) -> bool:
        return all(self.met(r, t, up) for r in self.owned[c] if not self.needs[r].start)

    def ready(self, c: int, t: int, up: list[bool]) -> bool:
        return all(self.met(r, t, up) for r in self.owned[c])

    def comes_back(self, c: int, t: int, up: list[bool]) -> bool:
        if not self.ready(c, t, up):
            return False
        if self.hit_kind[c]:
            return self.work_end[c] <= t
        restore = self.timed.restore[c]
        if restore == 0:
            return True
        return self.restore_start[c] >= 0 and self.restore_start[c] + restore == t

    def cause(self, c: int, t: int, up: list[bool], hit: dict[int, tuple[int | None, int]]
              ) -> int:
        """Why ``c`` stops at ``t``: the first event that hits it, else its first
        requirement (other than the start ones) not met."""
        if c in hit:
            return -(hit[c][1] + 1)
        return next(i for i, r in enumerate(self.owned[c])
                    if not self.needs[r].start and not self.met(r, t, up))

    def instant(self, t: int, hit: dict[int, tuple[int | None, int]]) -> None:
        n = self.n
        for c, (repair, _) in hit.items():
            end = _NEVER if repair is None else t + repair
            if self.up[c] or not self.hit_kind[c] or self.work_end[c] <= t:
                self.work_end[c] = end
            else:
                self.work_end[c] = max(self.work_end[c], end)
            self.hit_kind[c] = True
            self.restore_start[c] = -1
        up = [self.up[c] and c not in hit for c in range(n)]
        changed = True
        while changed:  # the greatest fixpoint of staying up: failure first
            changed = False
            for c in range(n):
                if up[c] and not self.runs(c, t, up):
                    up[c] = False
                    changed = True
        stopped = [self.up[c] and not up[c] for c in range(n)]
        causes = {c: self.cause(c, t, up, hit) for c in range(n) if stopped[c]}
        for c in range(n):  # what stopped now and was no event's waits for its restoration
            if stopped[c] and c not in hit:
                self.hit_kind[c] = False
                self.restore_start[c] = -1
        while True:  # then the least fixpoint of coming back
            more = [c for c in range(n) if not up[c] and self.comes_back(c, t, up)]
            if not more:
                break
            for c in more:
                up[c] = True
        self.settle(t, up, stopped, causes)

    def settle(self, t: int, up: list[bool], stopped: list[bool], causes: dict[int, int]
               ) -> None:
        """Record the instant's outcome and the timers it starts."""
        for c in range(self.n):
            if stopped[c]:
                self.intervals[c].append([t, None, causes[c]])
            if (stopped[c] or not self.up[c]) and up[c]:
                self.intervals[c][-1][1] = t
                self.hit_kind[c] = False
                self.restore_start[c] = -1
        raws = [self.raw(r, t, up) for r in range(len(self.needs))]
        for r, need in enumerate(self.needs):
            if need.switchover and self.triggered(r, up):
                self.changeover_end[r] = max(self.changeover_end[r], t + need.switchover)
            if self.raw_met[r] and not raws[r]:
                self.unmet_since[r] = t
            self.raw_met[r] = raws[r]
            if need.switchover:
                self.in_use[r] = tuple([m for m in need.members if up[m]][:need.needed])
        self.up = up
        for c in range(self.n):  # restorations start, or start over
            if up[c] or self.hit_kind[c]:
                continue
            if self.ready(c, t, up):
                if self.restore_start[c] < 0:
                    self.restore_start[c] = t
            else:
                self.restore_start[c] = -1

    def upcoming(self, t: int) -> list[int]:
        """The instants after ``t`` at which the state may change without an event."""
        times: list[int] = []
        for c in range(self.n):
            if self.up[c]:
                continue
            if self.hit_kind[c]:
                if t < self.work_end[c] < _NEVER:
                    times.append(int(self.work_end[c]))
            elif self.restore_start[c] >= 0:
                end = self.restore_start[c] + self.timed.restore[c]
                if end > t:
                    times.append(end)
        for r, need in enumerate(self.needs):
            if need.holdup and not self.raw_met[r] and self.unmet_since[r] + need.holdup > t:
                times.append(self.unmet_since[r] + need.holdup)
            if need.switchover and self.changeover_end[r] > t:
                times.append(self.changeover_end[r])
        return times

    # -- the run ------------------------------------------------------------------

    def run(self, events: list[Event]) -> list[list[Down]]:
        by_time: dict[int, dict[int, tuple[int | None, int]]] = {}
        for k, event in enumerate(events):
            if event.at < 0:
                raise ValueError(f"an event at a negative time ({event.at})")
            hits = by_time.setdefault(event.at, {})
            for c, repair in zip(event.components, event.repair, strict=True):
                if c in hits:  # two events on one component at one instant: the later end
                    earlier, first = hits[c]
                    hits[c] = (None if earlier is None or repair is None
                               else max(earlier, repair), first)
                else:
                    hits[c] = (repair, k)
        queue = sorted(by_time)
        heapq.heapify(queue)
        seen = set(queue)
        while queue:
            t = heapq.heappop(queue)
            self.instant(t, by_time.get(t, {}))
            for later in self.upcoming(t):
                if later not in seen:
                    seen.add(later)
                    heapq.heappush(queue, later)
        return [[Down(a, b, cause) for a, b, cause in spans] for spans in self.intervals]
