"""Restoration plans: what comes back when, in which order, and what never does.

After a scenario, a failed component starts coming back once all its
requirements are met again (its hard dependencies up, at least ``needed`` of each
group up) and is back ``restore`` later. The work on the initially failed
components (the power feed, say) starts at once, all of them in parallel, and
takes ``repair`` when it is given; each is back when its work is done and its
requirements are met, whichever comes last. Components that never failed are up
from the start.

With unlimited teams the plan is the earliest possible one, computed as
Dijkstra's algorithm generalised by Knuth to functions that are monotone and
never earlier than their arguments: components come back in time order, each
requirement counts its members as they return, and a component is ready at the
moment its last requirement is met. A team limited to ``N`` restorations at once
turns this into list scheduling: when more work is ready than the team has
hands, what unblocks a critical component comes first, then the longest chain
of work behind it, then the id. That choice is a heuristic (the best schedule is
NP-hard to find), but every plan it gives is feasible: nothing starts before its
requirements are met, and no team ever exceeds its capacity.

A failed component that is never ready is *unrestorable*: it waits, directly or
not, on a cycle of failed components that need each other (DNS needs the
directory, the directory needs DNS). Each such cycle is reported once, with the
smallest set of its members that, brought up by hand, unlocks all of it.
"""

from __future__ import annotations

import heapq
from functools import cached_property
from dataclasses import dataclass, field
from itertools import combinations, compress, repeat
from math import comb
from operator import attrgetter, is_not
from typing import TYPE_CHECKING, Callable, ClassVar, Iterable, Mapping, NamedTuple

from depgraph.analysis.propagation import ArrayPropagation, run_scenario
from depgraph.core.graph import CompiledInventory, compile_inventory
from depgraph.core.model import Inventory
from depgraph.core.problems import SelectorError, did_you_mean

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Deadlock", "RestorePlan", "RestoreStep", "RtoCheck", "TeamDelay", "restore_plan"]

#: How many candidate sets to try when looking for the smallest hand start of a cycle.
_HAND_START_BUDGET = 20_000


class RestoreStep(NamedTuple):
    """One component coming back. Times in seconds from the failure.

    ``ready``: when the work on it may start (when its requirements are met; at 0 for an
    initial failure). ``start``: when it starts (later than ready when its team has no
    hand free). ``end``: when it is back (its work done and its requirements met).
    ``after``: the component whose return it waited for last (its ``end`` is this
    step's ``ready``, or this step's ``end`` for an initial failure held back by it);
    None when it waited for nothing. ``wave``: 1 for what waited for nothing, else one
    more than the latest wave it waited for."""

    id: str
    wave: int
    ready: int
    start: int
    end: int
    team: str | None = None
    after: str | None = None
    critical: bool = False

    @property
    def duration(self) -> int:
        return self.end - self.start

    @property
    def waited(self) -> int:
        """How long it waited for its team once ready."""
        return self.start - self.ready


@dataclass(frozen=True)
class RtoCheck:
    """When a failed component with an RTO (or a critical one) is back, against its RTO.
    ``back`` is None for a component that never comes back."""

    id: str
    rto: int | None
    back: int | None
    critical: bool

    @property
    def breached(self) -> bool:
        return self.rto is not None and (self.back is None or self.back > self.rto)


@dataclass(frozen=True)
class Deadlock:
    """A cycle of failed components that need each other, so none of them comes back.

    ``blocks``: the other components that never come back because of it.
    ``start_by_hand``: a smallest set of its members that, brought up by hand (without
    the members of the cycle they need), lets all the others come back; ``exact`` says
    whether it was proven smallest (cycles too large to search get a greedy answer).
    ``break_dependencies``: the dependencies that starting them by hand breaks, as
    ``(component, member it goes without)``.
    """

    members: tuple[str, ...]
    blocks: tuple[str, ...]
    start_by_hand: tuple[str, ...]
    break_dependencies: tuple[tuple[str, str], ...]
    exact: bool = True


@dataclass(frozen=True)
class TeamDelay:
    """A limited team whose waiting list holds back a critical component: on the chain
    that brings ``component`` back, its work waited ``delay`` seconds in all."""

    team: str
    capacity: int
    component: str
    delay: int


@dataclass(frozen=True)
class RestorePlan:
    """The restoration plan of one scenario. Times are seconds from the failure."""

    initial: tuple[str, ...]
    failed: tuple[str, ...]
    steps: tuple[RestoreStep, ...]
    critical_path: tuple[str, ...]
    rto: tuple[RtoCheck, ...]
    unrestorable: tuple[str, ...]
    deadlocks: tuple[Deadlock, ...]
    team_delays: tuple[TeamDelay, ...] = ()
    teams: Mapping[str, int] = field(default_factory=dict)
    cold_start: bool = False
    repair: int | None = None
    selectors: tuple[str, ...] = ()
    inventory: Inventory | None = field(default=None, compare=False, repr=False)

    @property
    def total(self) -> int:
        """When the last component that comes back is back (0 when nothing failed)."""
        return max((s.end for s in self.steps), default=0)

    @property
    def rto_breaches(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.rto if c.breached)

    @property
    def initial_back(self) -> int | None:
        """When the last initial failure is back ("power is back"); None when one never
        is or there was none."""
        initial = set(self.initial)
        ends = [s.end for s in self.steps if s.id in initial]
        if not self.initial or len(ends) < len(self.initial):
            return None
        return max(ends)

    @property
    def waves(self) -> tuple[tuple[RestoreStep, ...], ...]:
        """The steps by wave: a wave only needs what earlier waves brought back."""
        count = max((s.wave for s in self.steps), default=0)
        found: list[list[RestoreStep]] = [[] for _ in range(count)]
        for step in self.steps:
            found[step.wave - 1].append(step)
        return tuple(tuple(w) for w in found)

    def step(self, ident: str) -> RestoreStep | None:
        return self._by_id.get(ident)

    @cached_property
    def _by_id(self) -> dict[str, RestoreStep]:
        return {s.id: s for s in self.steps}


def restore_plan(inventory: Inventory, failed: Iterable[str] = (), *,
                 repair: int | None = None, cold_start: bool = False,
                 teams: Mapping[str, int] | None = None,
                 selectors: Iterable[str] = (),
                 progress: Callable[[int, int], None] | None = None) -> RestorePlan:
    """The restoration plan after the components ``failed`` fail (and everything their
    failure takes down), or after a total loss with ``cold_start``.

    ``repair`` (seconds) replaces the restore time of the components in ``failed``;
    ``teams`` limits a team to that many restorations at once; ``selectors``, the
    scenario as the user wrote it, is kept for reports. ``progress``, if given, is
    called with the steps done and their number (the scenario, the simulation, the
    simulation with teams, the plan), for a progress bar.

    >>> from depgraph import load_inventory
    >>> plan = restore_plan(load_inventory("inventories/webshop.yaml"), ["zone-a"])
    >>> plan.total / 3600, plan.critical_path
    (6.25, ('zone-a', 'db-1', 'db-cluster', 'order-worker', 'order-fulfilment'))
    >>> plan.rto_breaches
    ('checkout', 'db-cluster', 'web-a')
    """
    compiled = compile_inventory(inventory)
    teams = dict(teams or {})
    known_teams = sorted({c.team for c in inventory.components.values() if c.team}
                         if teams else ())
    for name, capacity in sorted(teams.items()):
        if name not in known_teams:
            raise SelectorError(f"no component has team '{name}'; "
                                f"{did_you_mean(name, known_teams) or 'check the name'}")
        if capacity < 1:
            raise SelectorError(f"team '{name}' must run at least 1 restoration at once, "
                                f"not {capacity}")
    initial = compiled.numbers(failed)
    n = len(compiled.ids)
    report = progress or (lambda done, total: None)
    report(0, 4)
    if cold_start:
        down = bytearray(b"\x01" * n)
    else:
        run = run_scenario(compiled, initial)
        down = (bytearray(run.failed.tobytes()) if isinstance(run, ArrayPropagation)
                else run.failed)
    components = list(inventory.components.values())  # in number order (sorted ids)
    duration = list(map(_RESTORE, components))
    if repair is not None:
        for c in initial:
            duration[c] = repair
    team = list(map(_TEAM, components))
    team_of = [t if t in teams else None for t in team] if teams else [None] * n
    critical = bytearray(map("critical".__eq__, map(_CRITICALITY, components)))

    first = bytearray(n)
    for c in initial:
        first[c] = down[c] = 1
    vectorised = _vectorised(compiled)
    report(1, 4)
    free = _run(compiled, down, first, duration, team_of, {}, None, vectorised)
    report(2, 4)
    if teams:
        priority = _priorities(compiled, down, free, critical)
        run = _run(compiled, down, first, duration, team_of, teams, priority, vectorised)
    else:
        run = free
    report(3, 4)
    ids = compiled.ids
    outcome = _outcome(down, run, critical, list(map(_RTO, components)), vectorised)
    checks = tuple(RtoCheck(ids[c], rto, end if end >= 0 else None, bool(critical[c]))
                   for c, rto, end in outcome.checked)
    plan = RestorePlan(
        initial=tuple(ids[c] for c in sorted(set(initial))),
        failed=ids if outcome.down == n else tuple(map(ids.__getitem__, outcome.failed)),
        steps=_steps(ids, run, outcome.back, team, critical),
        critical_path=_critical_path(compiled, run, outcome.last),
        rto=checks,
        unrestorable=tuple(map(ids.__getitem__, outcome.stuck)),
        deadlocks=_deadlocks(compiled, run, outcome.stuck),
        team_delays=_team_delays(compiled, free, run, critical, team_of, teams),
        teams=teams, cold_start=cold_start, repair=repair, selectors=tuple(selectors),
        inventory=inventory)
    report(4, 4)
    return plan


_RESTORE, _TEAM, _RTO = attrgetter("restore"), attrgetter("team"), attrgetter("rto")
_CRITICALITY = attrgetter("criticality")

#: From this many requirement memberships in the inventory on, a plan runs with numpy:
#: the simulation without team limits (:func:`_run_arrays`), the counts it starts from,
#: the sorting of the steps. Below, in plain Python, which costs less than importing
#: numpy. Tests set it to 0 to force numpy.
NUMPY_FROM = 20_000


def _vectorised(compiled: CompiledInventory) -> bool:
    return len(compiled.member_of) >= NUMPY_FROM


@dataclass(eq=False)
class _Run:
    ready: list[int]  # -1: never ready
    start: list[int]  # -1: never started
    end: list[int]  # -1: never back
    after: list[int]
    wave: list[int]
    pending: list[int]  # per requirement: its members still down at the end
    order: list[int]  # the components in the order they came back
    arrays: ClassVar[dict | None] = None


class _ArrayRun:
    """A :class:`_Run` computed by :func:`_run_arrays`: the same fields, kept as numpy
    arrays in ``arrays`` (what a large plan reads from), and turned into lists when
    first read as attributes."""

    def __init__(self, **arrays):
        self.arrays = arrays

    def __getattr__(self, name: str) -> list[int]:  # only for what is not set yet
        if name not in _RUN_FIELDS:
            raise AttributeError(name)
        value = self.arrays[name].tolist()
        setattr(self, name, value)
        return value


_RUN_FIELDS = ("ready", "start", "end", "after", "wave", "pending", "order")


def _counts(compiled: CompiledInventory, down: bytearray, vectorised: bool
            ) -> tuple[list[int], list[int]]:
    """``pending[r]``, the members of requirement ``r`` that are down, and ``unmet[c]``,
    the requirements of a component ``c`` that is down that are not met."""
    if vectorised:
        pending_array, unmet_array = _counts_array(compiled, down)
        return pending_array.tolist(), unmet_array.tolist()
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


def _counts_array(compiled: CompiledInventory, down: bytearray):
    """:func:`_counts` as numpy arrays."""
    import numpy as np

    from depgraph.core.arrays import compiled_arrays

    arrays = compiled_arrays(compiled)
    is_down = np.frombuffer(bytes(down), dtype=np.uint8).astype(bool)
    slots = np.repeat(np.arange(arrays.components), np.diff(arrays.offsets))
    pending = np.bincount(arrays.member_of[is_down[slots]], minlength=arrays.requirements)
    unmet_at = (pending >= arrays.threshold) & is_down[arrays.owner]
    return pending, np.bincount(arrays.owner[unmet_at], minlength=arrays.components)


@dataclass(eq=False)
class _State:
    """The simulation under way, as the Python loop reads it: per requirement, its
    members still down (``pending``) and the highest wave among those that counted;
    per component, its requirements not met (``unmet``), times (-1: not yet), ``done``
    (its work is over), ``after`` and ``wave``; the work still under way, as lists of
    components by the time it ends (``buckets``, with a heap of their ``times``); and
    what came back so far, in ``order``."""

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


def _run(compiled: CompiledInventory, down: bytearray, first: bytearray, duration: list[int],
         team_of: list[str | None], teams: Mapping[str, int],
         priority: list[tuple] | None, vectorised: bool = False) -> _Run:
    """The event simulation: work ends in time order, and a component is back when its
    work is done and its requirements are met; a limited team takes the most urgent of
    its ready work each time a hand is free. The work on an initial failure (``first``)
    starts at once; on any other, once its requirements are met.

    Work that ends at the same moment is taken by component number, as a heap of
    ``(time, component)`` would: the moments are few (restore times are round
    figures), so each one gets a list, sorted when its moment comes, and what comes
    back at once (no restore time, or an initial failure that waited) joins a small
    heap of the current moment.

    Without team limits, on a large inventory, :func:`_run_arrays` takes each moment
    at once over numpy arrays, and hands over to this loop at the first moment it
    cannot take at once (something that comes back at that same moment)."""
    state = None
    if vectorised and not teams:
        state = _run_arrays(compiled, down, first, duration)
        if isinstance(state, _ArrayRun):
            return state  # type: ignore[return-value]
    fresh = state is None
    n = len(compiled.ids)
    owner, threshold = compiled.owner, compiled.threshold
    offsets, member_of, owned = compiled.offsets, compiled.member_of, compiled.owned
    if fresh:
        pending, unmet = _counts(compiled, down, vectorised)
        state = _State(pending, unmet, [0] * len(owner), [-1] * n, [-1] * n, [-1] * n,
                       bytearray(n), [-1] * n, [0] * n, {}, [], [])
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

    if fresh:  # not one taken over from _run_arrays
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
    return _Run(ready, start, end, after, wave, pending, order)


def _run_arrays(compiled: CompiledInventory, down: bytearray, first: bytearray,
                duration: list[int]) -> "_ArrayRun | _State":
    """:func:`_run` without team limits, a moment at a time over numpy arrays: the same
    plan, to the order things come back in, the waves and what each step waited for.

    At a moment, the work ending then is taken by component number, and each
    component's memberships by requirement number: the moment's events, counted down
    as :func:`~depgraph.analysis.propagation.propagate_arrays` does. A requirement
    counts the wave of its members up to the one that meets it (its ``k``-th event of
    the moment when ``k`` more returns meet it); a component whose last unmet
    requirement is met is ready at once and waited for the member of its last meeting
    event. That holds as long as nothing comes back at the moment it is found (work
    that takes no time, or an initial failure waiting for its requirements), which
    would take its turn among the moment's work: at the first such moment, the state
    so far is handed to the Python loop (a :class:`_State`) to finish the plan."""
    import numpy as np

    from depgraph.core.arrays import compiled_arrays

    arrays = compiled_arrays(compiled)
    n = arrays.components
    offsets, member_of, owner = arrays.offsets, arrays.member_of, arrays.owner
    threshold, owned = arrays.threshold, arrays.owned
    is_down = np.frombuffer(bytes(down), dtype=np.uint8).astype(bool)
    is_first = np.frombuffer(bytes(first), dtype=np.uint8).astype(bool)
    takes = np.array(duration, dtype=np.int64)
    pending, unmet = _counts_array(compiled, down)
    wave_of_requirement = np.zeros(arrays.requirements, dtype=np.int64)
    ready = np.full(n, -1, dtype=np.int64)
    start = np.full(n, -1, dtype=np.int64)
    end = np.full(n, -1, dtype=np.int64)
    after = np.full(n, -1, dtype=np.int64)
    wave = np.zeros(n, dtype=np.int64)
    done = np.zeros(n, dtype=bool)
    last = np.empty(n, dtype=np.int64)  # scratch: a component's last meeting event
    buckets: dict[int, list] = {}
    times: list[int] = []
    order: list = []

    def begin(components, now: int) -> None:
        start[components] = now
        ends_at = now + takes[components]
        by_time = np.argsort(ends_at, kind="stable")
        ends_at, components = ends_at[by_time], components[by_time]
        cuts = np.flatnonzero(ends_at[1:] != ends_at[:-1]) + 1
        for moment, group in zip(ends_at[np.r_[0, cuts]].tolist(), np.split(components, cuts)):
            if moment not in buckets:
                buckets[moment] = []
                heapq.heappush(times, moment)
            buckets[moment].append(group)

    go = np.flatnonzero(is_down & (is_first | (unmet == 0)))
    ready[go] = 0
    wave[go] = 1
    if len(go):
        begin(go, 0)
    while times:
        now = heapq.heappop(times)
        items = np.sort(np.concatenate(buckets.pop(now)))
        if (unmet[items] > 0).any():  # an initial failure waiting: it takes its turn later
            buckets[now] = [items]
            heapq.heappush(times, now)
            return _handover(compiled, pending, unmet, wave_of_requirement, ready, start, end,
                             done, after, wave, buckets, times, order)
        starts = offsets[items]
        counts = offsets[items + 1] - starts
        ends = np.cumsum(counts)
        total = int(ends[-1])
        if total:
            position = np.arange(total, dtype=np.int64)
            position += np.repeat(starts - (ends - counts), counts)
            events = member_of[position]
            before = pending[events]
            np.subtract.at(pending, events, 1)
            taken = before - pending[events]  # the requirement's events at this moment
            counting = before - threshold[events] + 1  # how many of them count its wave
            rank = np.zeros(total, dtype=np.int64)
            several = np.flatnonzero((taken > 1) & (counting > 0))
            if len(several):  # each event's rank among its requirement's, in event order
                keys = np.sort((events[several] << 32) | np.arange(len(several)))
                ordered = several[keys & 0xFFFFFFFF]
                grouped = keys >> 32
                first_of = np.empty(len(ordered), dtype=bool)
                first_of[0] = True
                np.not_equal(grouped[1:], grouped[:-1], out=first_of[1:])
                index = np.arange(len(ordered))
                rank[ordered] = index - np.maximum.accumulate(np.where(first_of, index, 0))
            counted = rank < counting
            meeting = np.flatnonzero((rank == counting - 1) & is_down[owner[events]])
            dependents = met = owner[events[meeting]]
            np.subtract.at(unmet, met, 1)
            complete = unmet[dependents] == 0
            meeting, dependents = meeting[complete], dependents[complete]
            last[dependents] = -1
            np.maximum.at(last, dependents, meeting)
            newly = dependents[last[dependents] == meeting]  # each once
            fresh = ready[newly] < 0
            if (takes[newly[fresh]] == 0).any() or done[newly[~fresh]].any():
                # Something comes back at this very moment: undo, and hand over.
                np.add.at(unmet, met, 1)
                np.add.at(pending, events, 1)
                buckets[now] = [items]
                heapq.heappush(times, now)
                return _handover(compiled, pending, unmet, wave_of_requirement, ready, start,
                                 end, done, after, wave, buckets, times, order)
            np.maximum.at(wave_of_requirement, events[counted],
                          np.repeat(wave[items], counts)[counted])
            newly = newly[fresh]  # an initial failure still at work comes back at its end
            if len(newly):
                ready[newly] = now
                after[newly] = items[np.searchsorted(ends, last[newly], side="right")]
                first_owned = owned[newly]
                sizes = owned[newly + 1] - first_owned
                bounds = np.cumsum(sizes)
                spots = np.arange(int(bounds[-1]), dtype=np.int64)
                spots += np.repeat(first_owned - (bounds - sizes), sizes)
                wave[newly] = np.maximum.reduceat(wave_of_requirement[spots],
                                                  bounds - sizes) + 1
                begin(newly, now)
        done[items] = True
        end[items] = now
        order.append(items)
    everything = np.concatenate(order) if order else np.zeros(0, dtype=np.int64)
    return _ArrayRun(ready=ready, start=start, end=end, after=after, wave=wave, pending=pending,
                     order=everything)


def _handover(compiled, pending, unmet, wave_of_requirement, ready, start, end, done, after,
              wave, buckets, times, order) -> _State:
    """The state of :func:`_run_arrays` as the Python loop of :func:`_run` reads it."""
    import numpy as np

    return _State(pending.tolist(), unmet.tolist(), wave_of_requirement.tolist(),
                  ready.tolist(), start.tolist(), end.tolist(),
                  bytearray(done.astype(np.uint8).tobytes()), after.tolist(), wave.tolist(),
                  {moment: np.concatenate(groups).tolist() for moment, groups in buckets.items()},
                  list(times), np.concatenate(order).tolist() if order else [])


class _Outcome(NamedTuple):
    back: "list[int] | np.ndarray"  # what came back, by start, end and number
    last: int  # the last of it to come back (the latest id among the last), or -1
    stuck: list[int]  # what never came back
    failed: list[int]  # what was down
    down: int  # how many
    checked: list[tuple[int, int | None, int]]  # (component, rto, end) of those checked


def _outcome(down: bytearray, run: _Run, critical: bytearray, rto: list[int | None],
             vectorised: bool) -> _Outcome:
    """What the plan reads from the simulation; the components down with an RTO or
    critical are checked."""
    n = len(down)
    if vectorised:
        import numpy as np

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
        return _Outcome(back, last, np.flatnonzero(is_down & ~came_back).tolist(),
                        np.flatnonzero(is_down).tolist(), int(is_down.sum()),
                        list(zip(numbers, map(rto.__getitem__, numbers),
                                 end[checked].tolist())))
    end, start = run.end, run.start
    back = [c for c in range(n) if down[c] and end[c] >= 0]
    back.sort(key=lambda c: (start[c], end[c], c))  # numbers follow the ids' order
    failed = [c for c in range(n) if down[c]]
    return _Outcome(back, max(back, key=lambda c: (end[c], c), default=-1),
                    [c for c in failed if end[c] < 0], failed, len(failed),
                    [(c, rto[c], end[c]) for c in failed if rto[c] is not None or critical[c]])


def _steps(ids: tuple[str, ...], run: _Run, back: "list[int] | np.ndarray",
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


def _priorities(compiled: CompiledInventory, down: bytearray, free: _Run,
                critical: bytearray) -> list[tuple]:
    """Who goes first on a team's waiting list (after what something still waits for):
    a critical component, then what leads to one, then the longest chain of work behind
    it (in the plan without limits), then the most critical components downstream (an
    estimate: counted along every path), then the id. The first entry says whether the
    component is critical itself."""
    n = len(compiled.ids)
    offsets, member_of, owner = compiled.offsets, compiled.member_of, compiled.owner
    tail = [0] * n
    leads = bytearray(critical)
    weight = list(critical)  # critical components downstream, counted along every path
    for c in reversed(free.order):  # what came back later first
        behind = 0
        for r in member_of[offsets[c]:offsets[c + 1]]:
            y = owner[r]
            if down[y] and free.end[y] >= 0 and free.ready[y] >= free.end[c]:
                behind = max(behind, tail[y])
                leads[c] |= leads[y]
                weight[c] = min(weight[c] + weight[y], n)
        tail[c] = free.end[c] - free.start[c] + behind
    return [(-critical[c], -leads[c], -tail[c], -weight[c], compiled.ids[c])
            for c in range(n)]


def _critical_path(compiled: CompiledInventory, run: _Run, last: int) -> tuple[str, ...]:
    """The chain that sets the total: from the ``last`` component back, each step's
    component and the one whose return let it start."""
    if last < 0:
        return ()
    after = run.after if run.arrays is None else run.arrays["after"]
    chain = [last]
    while after[chain[-1]] >= 0:
        chain.append(int(after[chain[-1]]))
    return tuple(compiled.ids[c] for c in reversed(chain))


def _team_delays(compiled: CompiledInventory, free: _Run, run: _Run, critical: bytearray,
                 team_of: list[str | None], teams: Mapping[str, int]) -> tuple[TeamDelay, ...]:
    if not teams:
        return ()  # the plan is the one without limits
    found = []
    for c in compress(range(len(compiled.ids)), critical):
        if run.end[c] < 0 or free.end[c] < 0 or run.end[c] <= free.end[c]:
            continue
        waits: dict[str, int] = {}
        x = c
        while x >= 0:
            if team_of[x] is not None and run.start[x] > run.ready[x]:
                waits[team_of[x]] = waits.get(team_of[x], 0) + run.start[x] - run.ready[x]
            x = run.after[x]
        found += [TeamDelay(team, teams[team], compiled.ids[c], delay)
                  for team, delay in waits.items()]
    return tuple(sorted(found, key=lambda d: (-d.delay, d.component, d.team)))


def _deadlocks(compiled: CompiledInventory, run: _Run, stuck: list[int]) -> tuple[Deadlock, ...]:
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
        for cycle in _sink_components(graph):
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


def _sink_components(graph: dict[int, list[int]]) -> list[list[int]]:
    """The strongly connected components of ``graph`` that no edge leaves (sorted)."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    components: list[list[int]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for m in successors:
                if m not in index:
                    index[m] = low[m] = counter
                    counter += 1
                    stack.append(m)
                    on_stack.add(m)
                    work.append((m, iter(graph[m])))
                    advanced = True
                    break
                if m in on_stack:
                    low[node] = min(low[node], index[m])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    x = stack.pop()
                    on_stack.discard(x)
                    component.append(x)
                    if x == node:
                        break
                components.append(sorted(component))
    sinks = []
    for component in components:
        inside = set(component)
        if all(m in inside for c in component for m in graph[c]):
            sinks.append(component)
    return sorted(sinks)


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
        if tried + comb(len(cycle), size) > _HAND_START_BUDGET:
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
