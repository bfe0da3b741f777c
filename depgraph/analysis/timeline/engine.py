"""The time engine: failure and return of every component along a scenario's events.

The semantics are the "Time" section of the product contract. At every instant ``t``
(an integer: seconds for the inventory, any unit here), with the state just before
it (``t-``):

* an event fails the components it names; the work on each ends ``repair`` later
  (``None``: never, destroyed); a component hit again while its work is running is
  done at the later of the two ends; one that was down for another reason, or whose
  work was done and that waited on its requirements, is from then on this event's;
* a requirement is **met** while enough of its members are up (``needed``), unless
  the group is changing over: when a member it *used* at ``t-`` (its first
  ``needed`` members up, in preference order) is not up at ``t``, the group is unmet
  during ``[t, t + switchover)``, whatever happens meanwhile; with a ``holdup``, a
  requirement that stopped being met at ``s`` still counts as met until ``s +
  holdup`` (met again resets it);
* a component up at ``t-`` and not hit stays up while every requirement other than
  the start ones is met: the **greatest** fixpoint (a loop of components that keep
  each other up stays up, as in the blast radius);
* then a component that is down (since before ``t``, or since ``t``) comes back at
  ``t`` when, with every requirement met (start ones included), its work is done (hit
  by an event) or its restoration ends (any other: it starts once all its
  requirements are met, lasts ``restore``, and starts over when one is lost
  meanwhile); what comes back is the **least** fixpoint (a loop of components that
  each wait on another stays down: a deadlock). Failure is taken first, then return:
  what stops at ``t`` and may come back at once (nothing to restore, or its work took
  no time) is down during ``[t, t)``, an empty interval that says it failed, as the
  blast radius and the restoration plan say;
* an interval that starts at ``t`` says why: the first event (in the list) that hit
  the component at ``t``, else its first requirement (other than the start ones) not
  met at ``t`` once failure is taken.

Between two instants nothing changes, so the engine visits only the instants where
something can: an event, the end of a piece of work or of a restoration, a holdup
or a changeover running out. Before 0 everything is up.

Pure, no I/O: the input is :class:`Timed` (components as numbers, requirements with
their timings) and :class:`Event` s; the output, per component, its down intervals.

How it runs (:class:`_Engine`): the state is kept between instants and changed only
where an instant changes it, so that an instant costs what changes in it, not the
size of the estate. Each requirement keeps how many of its members are down and
whether it is met now; each component, how many of its requirements are not met
(the start ones apart). An instant then:

1. applies its events, and re-reads the requirements whose holdup or changeover
   runs out then (the agenda: each timer is written down when it starts);
2. fails by a worklist: a component that stops counts itself down in each
   requirement it is a member of; one that is no longer met counts against its
   owner, which stops in turn if it was up (a component is checked only when one
   of its requirements changes, and the result is the same greatest fixpoint);
3. says why each one stopped (its first requirement not met, or its event);
4. brings back by a worklist: the components whose work or restoration ends now,
   those hit now, and those whose last unmet requirement becomes met; each one
   that comes back counts itself up again in its requirements, which may in turn
   complete another's (the same least fixpoint);
5. settles the timers of the requirements it touched (changeovers started, holdups
   started, the members in use), and starts or cancels the restorations of the
   components whose readiness changed, writing their ends in the agenda.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from itertools import accumulate, chain, compress, repeat
from operator import attrgetter, gt

from depgraph.core import fast_paths
from depgraph.core.graph import transpose

__all__ = ["Event", "Need", "Timed", "Down", "run_timeline"]


@dataclass(frozen=True)
class Need:
    """One requirement of a component: at least ``needed`` of ``members`` (component
    numbers, in preference order) up; ``holdup`` and ``switchover`` as durations (0:
    none); ``start``: needed only to come back."""

    members: tuple[int, ...]
    needed: int = 1
    holdup: int = 0
    switchover: int = 0
    start: bool = False


@dataclass(frozen=True)
class Timed:
    """The components: each one's restore time and requirements."""

    restore: tuple[int, ...]
    needs: tuple[tuple[Need, ...], ...]


@dataclass(frozen=True)
class Event:
    """At ``at``, fail ``components``; the work on each takes ``repair`` (None: never,
    the part is destroyed)."""

    at: int
    components: tuple[int, ...]
    repair: tuple[int | None, ...]


@dataclass(frozen=True)
class Down:
    """One interval a component was down: from ``down`` included to ``back`` excluded
    (None: never back), and why it went down at ``down``: ``-(k + 1)`` when event ``k``
    (the lowest of those that hit it then) failed it, else the index, in the
    component's own requirements, of the first one (other than the start ones) not met
    then."""

    down: int
    back: int | None
    cause: int = field(compare=True)


_NEVER = float("inf")


def run_timeline(timed: Timed, events: list[Event]) -> list[list[Down]]:
    """Every component's down intervals, in time order, along ``events``."""
    return _Engine(timed).run(events)


class _Index:
    """What the engine reads of a :class:`Timed`, as flat lists: requirement ``r`` is
    ``needs[r]``, owned by ``owner[r]``; component ``c`` owns ``first[c]`` to
    ``first[c + 1] - 1`` (in its own order) and is a member of the requirements
    ``member_of[at[c]:at[c + 1]]`` (once per time it is listed in one); ``broken``,
    the requirements that ask for more members than they have."""

    def __init__(self, timed: Timed):
        n = len(timed.restore)
        self.needs = needs = list(chain.from_iterable(timed.needs))
        per = list(map(len, timed.needs))
        self.first = list(accumulate(per, initial=0))
        self.owner = list(chain.from_iterable(map(repeat, range(n), per)))
        groups = list(map(attrgetter("members"), needs))
        sizes = list(map(len, groups))
        members = list(chain.from_iterable(groups))
        bounds = list(accumulate(sizes, initial=0))
        if fast_paths.fast("index", len(members)):
            from depgraph.core.graph_numpy import transpose_numpy

            self.at, self.member_of = transpose_numpy(n, members, bounds)
        else:
            self.at, self.member_of = transpose(n, members, bounds)
        needed = map(attrgetter("needed"), needs)
        self.broken = list(compress(range(len(needs)), map(gt, needed, sizes)))


class _Engine:
    """The state of a run between two instants, and one instant's changes to it."""

    def __init__(self, timed: Timed):
        index = _Index(timed)
        n, count = len(timed.restore), len(index.needs)
        self.index, self.restore = index, timed.restore
        # components
        self.up = bytearray(b"\x01") * n
        self.running_unmet = [0] * n  # requirements not met, the start ones apart
        self.start_unmet = [0] * n  # start requirements not met
        self.work: dict[int, float] = {}  # down, an event's: when its work ends
        self.restoring: dict[int, int] = {}  # down, no event's: restoring since then
        # requirements
        self.down = [0] * count  # members down (once per time listed)
        self.unmet = bytearray(count)  # not met now
        self.raw_unmet: set[int] = set()  # not raw-met at the last instant
        self.unmet_since: dict[int, int] = {}
        self.changeover_end: dict[int, int] = {}
        self.in_use: dict[int, tuple[int, ...]] = {}  # switchover: its members in use
        self.in_use_down: dict[int, int] = {}  # of them, down now (once per time listed)
        # instants to visit: their work and restorations that end, timers that run out
        self.times: list[int] = []
        self.agenda: dict[int, tuple[list[int], list[int]]] = {}
        # the intervals, flat, in time order; the one open of each component down
        self.span_of: list[int] = []
        self.downs: list[int] = []
        self.backs: list[int | None] = []
        self.causes: list[int] = []
        self.open: dict[int, int] = {}

    # -- the run ------------------------------------------------------------------

    def run(self, events: list[Event]) -> list[list[Down]]:
        by_time = _hits_by_time(events)
        for t in by_time:
            self._at(t)
        if by_time:  # met before 0, as far as the state says: seen at the first instant
            self._at(min(by_time))[1].extend(self.index.broken)
        while self.times:
            t = heapq.heappop(self.times)
            self._instant(t, by_time.get(t, {}))
        return self._intervals()

    def _at(self, t: int) -> tuple[list[int], list[int]]:
        """The agenda of instant ``t`` (components that may come back then,
        requirements to re-read then), added to the instants to visit."""
        entry = self.agenda.get(t)
        if entry is None:
            entry = self.agenda[t] = ([], [])
            heapq.heappush(self.times, t)
        return entry

    def _intervals(self) -> list[list[Down]]:
        spans: list[list[Down]] = [[] for _ in self.restore]
        for c, down, back, cause in zip(self.span_of, self.downs, self.backs, self.causes,
                                        strict=True):
            spans[c].append(Down(down, back, cause))
        return spans

    # -- one instant --------------------------------------------------------------

    def _instant(self, t: int, hits: dict[int, tuple[int | None, int]]) -> None:
        comps, reqs = self.agenda.pop(t)
        falling: list[int] = []
        candidates = list(comps)  # may come back: their work or restoration ends now
        unready: list[int] = []  # down already, and one of their requirements lost
        touched: set[int] = set()  # requirements with timers whose members changed
        for c, (repair, _) in hits.items():
            self._hit(c, t, repair)
            candidates.append(c)
            if self.up[c]:
                self.up[c] = 0
                falling.append(c)
        for r in reqs:
            self._reread(r, t, falling, candidates, unready, touched)
        fallen = self._fail(t, falling, unready, touched)
        self._open(t, fallen, hits)
        stayed = self._return(t, candidates, touched)
        self._settle_requirements(t, touched)
        self._settle_restorations(t, chain(fallen, unready, stayed))

    def _hit(self, c: int, t: int, repair: int | None) -> None:
        """An event fails ``c`` at ``t``: the work ends ``repair`` later, or at the end
        of the work already running on it, whichever is later."""
        end = _NEVER if repair is None else t + repair
        running = self.work.get(c)
        if running is not None and running > t:
            end = max(end, running)
        self.work[c] = end
        self.restoring.pop(c, None)
        if end != running and t < end < _NEVER:
            self._at(int(end))[0].append(c)

    def _met(self, r: int, need: Need, t: int) -> bool:
        holdup = need.holdup
        if holdup and (r not in self.raw_unmet or t < self.unmet_since[r] + holdup):
            return True  # rides through
        return self._raw(r, need, t)

    def _raw(self, r: int, need: Need, t: int) -> bool:
        if need.switchover and (t < self.changeover_end.get(r, 0) or self.in_use_down.get(r)):
            return False  # changing over
        return len(need.members) - self.down[r] >= need.needed

    def _used(self, r: int, need: Need) -> tuple[int, ...]:
        """The members that a switchover requirement used at the last instant."""
        used = self.in_use.get(r)
        if used is None:
            used = self.in_use[r] = need.members[:need.needed]
        return used

    def _reread(self, r: int, t: int, falling: list[int], candidates: list[int],
                unready: list[int], touched: set[int]) -> None:
        """Requirement ``r`` read again at ``t`` (a timer runs out): its owner stops,
        may come back, or is no longer ready."""
        need = self.index.needs[r]
        if need.holdup or need.switchover:
            touched.add(r)
        unmet = not self._met(r, need, t)
        if unmet == bool(self.unmet[r]):
            return
        self.unmet[r] = unmet
        o = self.index.owner[r]
        step = 1 if unmet else -1
        if need.start:
            self.start_unmet[o] += step
        else:
            self.running_unmet[o] += step
        if self.up[o]:
            if unmet and not need.start:
                self.up[o] = 0
                falling.append(o)
        elif unmet:
            unready.append(o)
        elif not self.running_unmet[o] and not self.start_unmet[o]:
            candidates.append(o)

    def _fail(self, t: int, stack: list[int], unready: list[int], touched: set[int]
              ) -> list[int]:
        """The greatest fixpoint: ``stack`` (down already) stop, and whatever can no
        longer run without them; what stopped, in the order it did."""
        up, down, unmet = self.up, self.down, self.unmet
        running, start = self.running_unmet, self.start_unmet
        index = self.index
        needs, owner, at, member_of = index.needs, index.owner, index.at, index.member_of
        in_use_down = self.in_use_down
        fallen = []
        while stack:
            c = stack.pop()
            fallen.append(c)
            for r in member_of[at[c]:at[c + 1]]:
                down[r] += 1
                need = needs[r]
                if need.holdup or need.switchover:
                    touched.add(r)
                    if need.switchover and c in self._used(r, need):
                        in_use_down[r] = in_use_down.get(r, 0) + 1
                    if unmet[r] or self._met(r, need, t):
                        continue
                elif unmet[r] or len(need.members) - down[r] >= need.needed:
                    continue
                unmet[r] = 1
                o = owner[r]
                if need.start:
                    start[o] += 1
                else:
                    running[o] += 1
                    if up[o]:
                        up[o] = 0
                        stack.append(o)
                        continue
                if not up[o] and running[o] + start[o] == 1:
                    unready.append(o)
        return fallen

    def _open(self, t: int, fallen: list[int], hits: dict[int, tuple[int | None, int]]
              ) -> None:
        """An interval for each component that stopped at ``t``, with its cause."""
        for c in fallen:
            hit = hits.get(c)
            self.open[c] = len(self.span_of)
            self.span_of.append(c)
            self.downs.append(t)
            self.backs.append(None)
            self.causes.append(-(hit[1] + 1) if hit is not None else self._why(c))

    def _why(self, c: int) -> int:
        """The first requirement of ``c``, the start ones apart, not met now."""
        index = self.index
        for i, r in enumerate(range(index.first[c], index.first[c + 1])):
            if self.unmet[r] and not index.needs[r].start:
                return i
        raise AssertionError(f"component {c} stopped with every requirement met")

    def _done(self, c: int, t: int) -> bool:
        """Whether the work on ``c``, or its restoration, is over at ``t``."""
        end = self.work.get(c)
        if end is not None:
            return end <= t
        restore = self.restore[c]
        if not restore:
            return True
        since = self.restoring.get(c)
        return since is not None and since + restore == t

    def _return(self, t: int, stack: list[int], touched: set[int]) -> list[int]:
        """The least fixpoint: each of ``stack`` that is ready and done comes back,
        and whatever it completes in turn; those that stayed down."""
        up, down, unmet = self.up, self.down, self.unmet
        running, start = self.running_unmet, self.start_unmet
        index = self.index
        needs, owner, at, member_of = index.needs, index.owner, index.at, index.member_of
        in_use_down = self.in_use_down
        stayed = []
        while stack:
            c = stack.pop()
            if up[c]:
                continue
            if running[c] or start[c] or not self._done(c, t):
                stayed.append(c)
                continue
            up[c] = 1
            self.work.pop(c, None)
            self.restoring.pop(c, None)
            self.backs[self.open.pop(c)] = t
            for r in member_of[at[c]:at[c + 1]]:
                down[r] -= 1
                need = needs[r]
                if need.holdup or need.switchover:
                    touched.add(r)
                    if need.switchover and c in self._used(r, need):
                        in_use_down[r] -= 1
                    if not unmet[r] or not self._met(r, need, t):
                        continue
                elif not unmet[r] or len(need.members) - down[r] < need.needed:
                    continue
                unmet[r] = 0
                o = owner[r]
                if need.start:
                    start[o] -= 1
                else:
                    running[o] -= 1
                if not running[o] and not start[o] and not up[o]:
                    stack.append(o)
        return stayed

    def _settle_requirements(self, t: int, touched: set[int]) -> None:
        """The timers of the requirements touched at ``t``: a changeover starts when a
        member in use is down, a holdup when the requirement stops being met; the
        members in use become the first up."""
        up, needs = self.up, self.index.needs
        for r in touched:
            need = needs[r]
            raw = self._raw(r, need, t)
            if need.switchover:
                if self.in_use_down.pop(r, 0):
                    end = t + need.switchover
                    if end > self.changeover_end.get(r, 0):
                        self.changeover_end[r] = end
                        self._at(end)[1].append(r)
                self.in_use[r] = tuple([m for m in need.members if up[m]][:need.needed])
            if raw:
                self.raw_unmet.discard(r)
            elif r not in self.raw_unmet:
                self.raw_unmet.add(r)
                self.unmet_since[r] = t
                if need.holdup:
                    self._at(t + need.holdup)[1].append(r)

    def _settle_restorations(self, t: int, components) -> None:
        """Restorations start (of the components down, no event's, and ready) or are
        lost (of those no longer ready)."""
        up, work, restoring = self.up, self.work, self.restoring
        running, start = self.running_unmet, self.start_unmet
        for c in components:
            if up[c] or c in work:
                continue
            if running[c] or start[c]:
                restoring.pop(c, None)
            elif c not in restoring:
                restoring[c] = t
                self._at(t + self.restore[c])[0].append(c)


def _hits_by_time(events: list[Event]) -> dict[int, dict[int, tuple[int | None, int]]]:
    """Per instant, the components hit then: the repair (the later one when two events
    hit the same component) and the first event that hits it."""
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
    return by_time
