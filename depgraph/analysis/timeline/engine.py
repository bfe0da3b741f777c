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

How it runs (:class:`_Engine`): the state is kept between instants, in numpy arrays,
and changed only where an instant changes it, so that an instant costs what changes
in it, not the size of the estate. Each requirement keeps how many of its members
are down and whether it is met now; each component, how many of its requirements
are not met (the start ones apart). An instant then:

1. applies its events, and reads again the requirements whose holdup or changeover
   runs out then (the agenda: each timer is written down when it starts);
2. fails by a worklist, a wave at a time: the components that stop count themselves
   down in the requirements they are members of; those no longer met count against
   their owners, and the owners that were up make the next wave (a component is
   looked at only when one of its requirements changes: the same greatest fixpoint);
3. says why each one stopped (its first requirement not met, or its event);
4. brings back by a worklist, a wave at a time: the components whose work or
   restoration ends now, those hit now, and those whose last unmet requirement
   becomes met, if ready and done; those that come back count themselves up again,
   which may complete the requirements of the next wave (the same least fixpoint);
5. settles the timers of the requirements it touched (changeovers started, holdups
   started, the members in use become the first up), and starts or cancels the
   restorations of the components whose readiness changed, writing their ends in
   the agenda.

A wave is a few numpy operations over what changes in it, which is what makes a
million components affordable; a test compares the engine with the plain loops it
replaces (``tests/analysis/timeline/reference_engine.py``) on random problems.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter
from typing import Iterable, Iterator, Mapping, Sequence

import numpy as np

__all__ = ["Event", "Need", "Timed", "Down", "run_timeline", "run_timelines"]


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
    """The components: each one's restore time and requirements. ``arrays``, when given,
    are the same requirements as the engine's index reads them (``members``, ``sizes``,
    ``per``, ``needed``, ``holdup``, ``switchover``, ``start``: numpy arrays, see
    :class:`_Index`), so that a large input need not be made of :class:`Need` objects."""

    restore: tuple[int, ...]
    needs: Sequence[tuple[Need, ...]]
    arrays: Mapping[str, np.ndarray] | None = field(default=None, compare=False, repr=False)


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


_NEVER = np.iinfo(np.int64).max  # when the work on a destroyed part ends
_NONE = np.zeros(0, dtype=np.int64)
_MEMBERS = attrgetter("members")


def run_timeline(timed: Timed, events: list[Event]) -> list[list[Down]]:
    """Every component's down intervals, in time order, along ``events``."""
    return _Engine(_Index(timed)).run(events)


def run_timelines(timed: Timed, runs: Iterable[list[Event]], components: Sequence[int]
                  ) -> Iterator[dict[int, list[Down]]]:
    """For each list of events of ``runs``, the down intervals of those of
    ``components`` that go down (by number): many scenarios on one estate, its index
    made once, each run costing what it changes (and the state's arrays)."""
    index = _Index(timed)
    wanted = np.zeros(len(timed.restore), dtype=bool)
    wanted[np.asarray(components, dtype=np.int64)] = True
    for events in runs:
        engine = _Engine(index)
        engine.run(events, only=wanted)
        yield engine.only


class _Index:
    """The input as numpy arrays. Requirement ``r`` (each component's in its own
    order, the components in order) is owned by ``owner[r]``; it has ``holdup[r]``,
    ``switchover[r]``, ``start[r]`` (``timers[r]``: a holdup or a switchover), and is
    no longer met once ``threshold[r]`` of its members are down (0 or less: never
    met). Its members are the *entries* ``bounds[r]`` to ``bounds[r + 1] - 1`` (in
    preference order): entry ``e`` lists ``members[e]`` in ``entry_req[e]``.
    Component ``c`` owns the requirements ``first[c]`` to ``first[c + 1] - 1`` and is
    listed in the entries ``by_member[at[c]:at[c + 1]]``."""

    def __init__(self, timed: Timed):
        arrays = dict(timed.arrays) if timed.arrays is not None else _columns(timed)
        n, count = len(timed.restore), len(arrays["sizes"])
        sizes, per = arrays["sizes"], arrays["per"]
        self.restore = np.asarray(timed.restore, dtype=np.int64)
        self.members = arrays["members"]
        self.needed, self.holdup = arrays["needed"], arrays["holdup"]
        self.switchover, self.start = arrays["switchover"], arrays["start"]
        self.threshold = sizes + 1 - self.needed
        self.timers = (self.holdup > 0) | (self.switchover > 0)
        self.owner = np.repeat(np.arange(n, dtype=np.int64), per)
        self.first, self.bounds = _offsets(per), _offsets(sizes)
        self.entry_req = np.repeat(np.arange(count, dtype=np.int64), sizes)
        self.by_member = np.argsort(self.members, kind="stable")
        self.at = _offsets(np.bincount(self.members, minlength=n))


def _columns(timed: Timed) -> dict[str, np.ndarray]:
    """The arrays :class:`Timed` may carry, read from its :class:`Need` s."""
    needs = list(chain.from_iterable(timed.needs))
    count = len(needs)

    def column(name: str, dtype=np.int64) -> np.ndarray:
        return np.fromiter(map(attrgetter(name), needs), dtype, count)

    groups = list(map(_MEMBERS, needs))
    sizes = np.fromiter(map(len, groups), np.int64, count)
    return {"sizes": sizes, "per": np.fromiter(map(len, timed.needs), np.int64,
                                               len(timed.restore)),
            "members": np.fromiter(chain.from_iterable(groups), np.int64, int(sizes.sum())),
            "needed": column("needed"), "holdup": column("holdup"),
            "switchover": column("switchover"), "start": column("start", bool)}


class _Engine:
    """The state of a run between two instants, and one instant's changes to it."""

    def __init__(self, index: _Index):
        self.index = ix = index
        n, count = len(ix.restore), len(ix.owner)
        # components
        self.up = np.ones(n, dtype=bool)
        self.running_unmet = np.zeros(n, dtype=np.int64)  # the start requirements apart
        self.start_unmet = np.zeros(n, dtype=np.int64)
        self.has_work = np.zeros(n, dtype=bool)  # down, an event's: its work ends then
        self.work_end = np.zeros(n, dtype=np.int64)
        self.restoring = np.full(n, -1, dtype=np.int64)  # down, no event's: since then
        # requirements
        self.down = np.zeros(count, dtype=np.int64)  # members down (once per entry)
        self.unmet = np.zeros(count, dtype=bool)  # not met now
        self.raw_met = np.ones(count, dtype=bool)  # at the last instant
        self.unmet_since = np.zeros(count, dtype=np.int64)
        self.changeover_end = np.zeros(count, dtype=np.int64)
        self.in_use_down = np.zeros(count, dtype=np.int64)  # members in use, down now
        rank = np.arange(len(ix.members)) - ix.bounds[ix.entry_req]
        self.used = (rank < ix.needed[ix.entry_req]) & (ix.switchover[ix.entry_req] > 0)
        # instants to visit, with their work and restorations that end, timers that run out
        self.times: list[int] = []
        self.agenda: dict[int, tuple[list[np.ndarray], list[np.ndarray]]] = {}
        # the intervals: those closed, and the one open of each component down
        self.closed: list[tuple[np.ndarray, np.ndarray, int, np.ndarray]] = []
        self.open_down = np.zeros(n, dtype=np.int64)
        self.open_cause = np.zeros(n, dtype=np.int64)
        # scratch, to drop repeats from a list of components or of requirements
        self.seen_component = np.zeros(n, dtype=np.int64)
        self.seen_requirement = np.zeros(count, dtype=np.int64)

    # -- the run ------------------------------------------------------------------

    def run(self, events: list[Event], only: np.ndarray | None = None) -> list[list[Down]]:
        """Every component's intervals; with ``only`` (a mask), those of the components
        it marks that went down (in ``self.only``, by number), and an empty list
        returned."""
        by_time = _hits_by_time(events)
        for t in by_time:
            self._at(t)
        if by_time:  # met before 0, as far as the state says: seen at the first instant
            self._at(min(by_time))[1].append(np.flatnonzero(self.index.threshold <= 0))
        while self.times:
            t = heapq.heappop(self.times)
            self._instant(t, by_time.get(t, {}))
        if only is not None:
            self.only = self._intervals_of(only)
            return []
        return self._intervals()

    def _intervals_of(self, wanted: np.ndarray) -> dict[int, list[Down]]:
        """The intervals of the components ``wanted`` marks that went down."""
        spans: dict[int, list[Down]] = {}
        for rising, downs, t, causes in self.closed:  # in time order
            mask = wanted[rising]
            if not mask.any():
                continue
            for c, d, k in zip(rising[mask].tolist(), downs[mask].tolist(),
                               causes[mask].tolist(), strict=True):
                spans.setdefault(c, []).append(Down(d, t, k))
        for c in np.flatnonzero(wanted & ~self.up).tolist():  # then the open one
            spans.setdefault(c, []).append(Down(int(self.open_down[c]), None,
                                                int(self.open_cause[c])))
        return spans

    def _at(self, t: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """The agenda of instant ``t`` (components that may come back then,
        requirements to read again then), added to the instants to visit."""
        entry = self.agenda.get(t)
        if entry is None:
            entry = self.agenda[t] = ([], [])
            heapq.heappush(self.times, t)
        return entry

    def _schedule(self, slot: int, when: np.ndarray, items: np.ndarray) -> None:
        """Write ``items[i]`` in the agenda at ``when[i]`` (slot 0: components, 1:
        requirements)."""
        if not len(items):
            return
        order = np.argsort(when, kind="stable")
        when, items = when[order], items[order]
        cuts = np.flatnonzero(when[1:] != when[:-1]) + 1
        for moment, group in zip(when[np.r_[0, cuts]].tolist(), np.split(items, cuts),
                                 strict=True):
            self._at(moment)[slot].append(group)

    def _intervals(self) -> list[list[Down]]:
        """Every interval, closed or open, as :class:`Down` s by component."""
        still = np.flatnonzero(~self.up)
        closed = self.closed
        which = _cat([c for c, _, _, _ in closed] + [still])
        downs = _cat([d for _, d, _, _ in closed] + [self.open_down[still]])
        backs = _cat([np.full(len(c), t) for c, _, t, _ in closed] + [np.full(len(still), -1)])
        causes = _cat([k for _, _, _, k in closed] + [self.open_cause[still]])
        order = np.argsort(which, kind="stable")  # each one's in time order, the open last
        which, downs, backs, causes = (a[order].tolist() for a in (which, downs, backs, causes))
        made = [Down(down, None if back < 0 else back, cause)
                for down, back, cause in zip(downs, backs, causes, strict=True)]
        spans: list[list[Down]] = [[] for _ in range(len(self.up))]
        for c, interval in zip(which, made, strict=True):
            spans[c].append(interval)
        return spans

    # -- one instant --------------------------------------------------------------

    def _instant(self, t: int, hits: dict[int, tuple[int | None, int]]) -> None:
        comps, reqs = self.agenda.pop(t)
        hit = self._hit(t, hits)
        falling = [hit[self.up[hit]]]
        self.up[hit] = False
        candidates = [*comps, hit]  # may come back now
        unready: list[np.ndarray] = []  # down already, and a requirement lost
        touched: list[np.ndarray] = []  # requirements with timers whose members changed
        if reqs:
            self._reread(t, _cat(reqs), falling, candidates, unready, touched)
        fallen = self._fail(t, _cat(falling), unready, touched)
        self._open(t, fallen)
        self._between(t, fallen)
        stayed = self._return(t, _cat(candidates), touched)
        self._settle_requirements(t, _cat(touched))
        self._settle_restorations(t, _cat([fallen, *unready, stayed]))
        self._after(t, fallen)

    def _between(self, t: int, fallen: np.ndarray) -> None:
        """What an engine with limited teams does at ``t`` once failure is taken (here:
        nothing)."""

    def _after(self, t: int, fallen: np.ndarray) -> None:
        """What an engine with limited teams does last at ``t`` (here: nothing)."""

    def _hit(self, t: int, hits: dict[int, tuple[int | None, int]]) -> np.ndarray:
        """The events of ``t`` fail their components: the work on each ends its
        repair later, or at the end of the work already running on it, whichever is
        later. The components hit (their cause, if they stop, noted)."""
        if not hits:
            return _NONE
        hit = np.fromiter(hits, np.int64, len(hits))
        end = np.array([_NEVER if repair is None else t + repair
                        for repair, _ in hits.values()], dtype=np.int64)
        before = self.work_end[hit]
        running = self.has_work[hit] & (before > t)
        end = np.where(running, np.maximum(end, before), end)
        later = (end > t) & (end < _NEVER) & (end != before)  # not written in the agenda yet
        self.work_end[hit] = end
        self.has_work[hit] = True
        self.restoring[hit] = -1
        self._schedule(0, end[later], hit[later])
        first = np.fromiter((k for _, k in hits.values()), np.int64, len(hits))
        stops = self.up[hit]
        self.open_cause[hit[stops]] = -(first[stops] + 1)
        return hit

    def _met(self, rs: np.ndarray, t: int) -> np.ndarray:
        """Which of the requirements ``rs`` are met: riding through, or raw-met."""
        holdup = self.index.holdup[rs]
        since = self.unmet_since[rs] + holdup
        rides = (holdup > 0) & (self.raw_met[rs] | (t < since))
        return rides | self._raw(rs, t)

    def _raw(self, rs: np.ndarray, t: int) -> np.ndarray:
        """Which of ``rs`` have enough members up and are not changing over."""
        changing = (self.index.switchover[rs] > 0) & (
            (t < self.changeover_end[rs]) | (self.in_use_down[rs] > 0))
        return ~changing & (self.down[rs] < self.index.threshold[rs])

    def _count(self, comps: np.ndarray, step: int, touched: list[np.ndarray]) -> np.ndarray:
        """Count ``comps`` down (``step`` 1) or up (-1) in the requirements they are
        members of, and in use in; those requirements."""
        ix = self.index
        entries = ix.by_member[_ranges(ix.at[comps], ix.at[comps + 1])]
        rs = ix.entry_req[entries]
        np.add.at(self.down, rs, step)
        used = entries[self.used[entries]]
        if len(used):
            np.add.at(self.in_use_down, ix.entry_req[used], step)
        rs = _distinct(rs, self.seen_requirement)
        touched.append(rs[ix.timers[rs]])
        return rs

    def _flip(self, rs: np.ndarray, unmet: bool) -> np.ndarray:
        """The requirements ``rs`` become unmet (or met): their owners count them."""
        self.unmet[rs] = unmet
        owners, start = self.index.owner[rs], self.index.start[rs]
        step = 1 if unmet else -1
        np.add.at(self.start_unmet, owners[start], step)
        np.add.at(self.running_unmet, owners[~start], step)
        return owners

    def _stop(self, lost: np.ndarray, owners: np.ndarray) -> np.ndarray:
        """Of the owners of the requirements ``lost``, those that were up and stop now
        (a start requirement does not stop its owner)."""
        running = owners[~self.index.start[lost]]
        stopping = _distinct(running[self.up[running]], self.seen_component)
        self.up[stopping] = False
        return stopping

    def _reread(self, t: int, rs: np.ndarray, falling: list[np.ndarray],
                candidates: list[np.ndarray], unready: list[np.ndarray],
                touched: list[np.ndarray]) -> None:
        """The requirements ``rs`` read again at ``t`` (a timer runs out): their owners
        stop, or are no longer ready, or may come back."""
        rs = _distinct(rs, self.seen_requirement)
        touched.append(rs[self.index.timers[rs]])
        met, unmet = self._met(rs, t), self.unmet[rs]
        lost, regained = rs[~met & ~unmet], rs[met & unmet]
        owners = self._flip(lost, True)
        falling.append(self._stop(lost, owners))
        unready.append(owners)
        candidates.append(self._flip(regained, False))

    def _fail(self, t: int, falling: np.ndarray, unready: list[np.ndarray],
              touched: list[np.ndarray]) -> np.ndarray:
        """The greatest fixpoint: ``falling`` (down already) stop, and whatever can no
        longer run without them, a wave at a time; all that stopped."""
        waves = []
        while len(falling):
            waves.append(falling)
            rs = self._count(falling, 1, touched)
            rs = rs[~self.unmet[rs]]
            lost = rs[~self._met(rs, t)]
            owners = self._flip(lost, True)
            unready.append(owners)
            falling = self._stop(lost, owners)
        return _cat(waves)

    def _open(self, t: int, fallen: np.ndarray) -> None:
        """An interval for each component that stopped at ``t``; the cause of those not
        hit: their first requirement, the start ones apart, not met now."""
        self.open_down[fallen] = t
        others = fallen[~self.has_work[fallen]]  # those hit are at work, the others not
        if not len(others):
            return
        ix = self.index
        lo, hi = ix.first[others], ix.first[others + 1]
        rs = _ranges(lo, hi)
        sizes = hi - lo
        local = rs - np.repeat(lo, sizes)
        lost = self.unmet[rs] & ~ix.start[rs]
        self.open_cause[others] = np.minimum.reduceat(
            np.where(lost, local, len(rs)), np.cumsum(sizes) - sizes)

    def _done(self, comps: np.ndarray, t: int) -> np.ndarray:
        """Whether the work on each of ``comps``, or its restoration, is over at ``t``."""
        restore, since = self.index.restore[comps], self.restoring[comps]
        restored = (restore == 0) | ((since >= 0) & (since + restore == t))
        return np.where(self.has_work[comps], self.work_end[comps] <= t, restored)

    def _ready(self, comps: np.ndarray) -> np.ndarray:
        return (self.running_unmet[comps] == 0) & (self.start_unmet[comps] == 0)

    def _return(self, t: int, candidates: np.ndarray, touched: list[np.ndarray]
                ) -> np.ndarray:
        """The least fixpoint: each of ``candidates`` that is down, ready and done
        comes back, and whatever it completes in turn, a wave at a time; those looked
        at that stayed down."""
        stayed = []
        while len(candidates):
            candidates = _distinct(candidates[~self.up[candidates]], self.seen_component)
            back = self._ready(candidates) & self._done(candidates, t)
            stayed.append(candidates[~back])
            rising = candidates[back]
            if not len(rising):
                break
            self._close(t, rising)
            rs = self._count(rising, -1, touched)
            rs = rs[self.unmet[rs]]
            owners = self._flip(rs[self._met(rs, t)], False)
            candidates = owners[~self.up[owners]]
            candidates = candidates[self._ready(candidates)]
        return _cat(stayed)

    def _close(self, t: int, rising: np.ndarray) -> None:
        self.up[rising] = True
        self.has_work[rising] = False
        self.restoring[rising] = -1
        self.closed.append((rising, self.open_down[rising], t, self.open_cause[rising]))

    def _settle_requirements(self, t: int, rs: np.ndarray) -> None:
        """The timers of the requirements touched at ``t``: a changeover starts when a
        member in use is down, a holdup when the requirement stops being raw-met; the
        members in use become the first up."""
        rs = _distinct(rs, self.seen_requirement)
        if not len(rs):
            return
        ix = self.index
        raw = self._raw(rs, t)
        switching = rs[ix.switchover[rs] > 0]
        changing = switching[self.in_use_down[switching] > 0]
        self.changeover_end[changing] = t + ix.switchover[changing]  # later than any before
        self._schedule(1, self.changeover_end[changing], changing)
        self.in_use_down[switching] = 0
        self._use_first_up(switching)
        newly = rs[self.raw_met[rs] & ~raw]
        self.unmet_since[newly] = t
        held = newly[ix.holdup[newly] > 0]
        self._schedule(1, t + ix.holdup[held], held)
        self.raw_met[rs] = raw

    def _use_first_up(self, rs: np.ndarray) -> None:
        """The members in use of the switchover requirements ``rs``: the first
        ``needed`` up, in preference order."""
        ix = self.index
        rs = rs[ix.bounds[rs + 1] > ix.bounds[rs]]
        if not len(rs):
            return
        lo, hi = ix.bounds[rs], ix.bounds[rs + 1]
        entries = _ranges(lo, hi)
        sizes = hi - lo
        up = self.up[ix.members[entries]]
        seen = np.cumsum(up)  # up members so far, this one included
        starts = np.cumsum(sizes) - sizes
        rank = seen - np.repeat(seen[starts] - up[starts], sizes)
        self.used[entries] = up & (rank <= np.repeat(ix.needed[rs], sizes))

    def _settle_restorations(self, t: int, comps: np.ndarray) -> None:
        """Restorations start (of the components down, no event's, and ready) or are
        lost (of those no longer ready), their ends written in the agenda."""
        comps = comps[~self.up[comps] & ~self.has_work[comps]]
        comps = _distinct(comps, self.seen_component)
        ready = self._ready(comps)
        self.restoring[comps[~ready]] = -1
        starting = comps[ready & (self.restoring[comps] < 0)]
        self.restoring[starting] = t
        self._schedule(0, t + self.index.restore[starting], starting)


def _offsets(sizes: np.ndarray) -> np.ndarray:
    """Where each of consecutive runs of ``sizes`` starts, and the end."""
    offsets = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    return offsets


def _ranges(starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """The integers of ``[starts[i], stops[i])``, one range after the other."""
    sizes = stops - starts
    ends = np.cumsum(sizes)
    total = int(ends[-1]) if len(ends) else 0
    return np.arange(total, dtype=np.int64) + np.repeat(starts - (ends - sizes), sizes)


def _distinct(items: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """``items`` without repeats (each value at its last place), by marks in ``seen``
    (scratch as long as the values go) rather than by sorting."""
    places = np.arange(len(items))
    seen[items] = places
    return items[seen[items] == places]


def _cat(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else _NONE


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
