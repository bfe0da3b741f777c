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
from itertools import combinations
from math import comb
from typing import Iterable, Mapping, NamedTuple

from depgraph.analysis.propagation import propagate
from depgraph.core.graph import CompiledInventory, compile_inventory
from depgraph.core.model import Inventory
from depgraph.core.problems import SelectorError, did_you_mean

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
                 selectors: Iterable[str] = ()) -> RestorePlan:
    """The restoration plan after the components ``failed`` fail (and everything their
    failure takes down), or after a total loss with ``cold_start``.

    ``repair`` (seconds) replaces the restore time of the components in ``failed``;
    ``teams`` limits a team to that many restorations at once; ``selectors``, the
    scenario as the user wrote it, is kept for reports.

    >>> from depgraph import load_inventory
    >>> plan = restore_plan(load_inventory("inventories/webshop.yaml"), ["zone-a"])
    >>> plan.total / 3600, plan.critical_path
    (6.25, ('zone-a', 'db-1', 'db-cluster', 'order-worker', 'order-fulfilment'))
    >>> plan.rto_breaches
    ('checkout', 'db-cluster', 'web-a')
    """
    compiled = compile_inventory(inventory)
    teams = dict(teams or {})
    known_teams = sorted({c.team for c in inventory.components.values() if c.team})
    for name, capacity in sorted(teams.items()):
        if name not in known_teams:
            raise SelectorError(f"no component has team '{name}'; "
                                f"{did_you_mean(name, known_teams) or 'check the name'}")
        if capacity < 1:
            raise SelectorError(f"team '{name}' must run at least 1 restoration at once, "
                                f"not {capacity}")
    initial = compiled.numbers(failed)
    n = len(compiled.ids)
    if cold_start:
        down = bytearray(b"\x01" * n)
    else:
        down = propagate(compiled, initial).failed
    components = [inventory.components[i] for i in compiled.ids]
    duration = [c.restore for c in components]
    if repair is not None:
        for c in initial:
            duration[c] = repair
    team_of = [c.team if c.team in teams else None for c in components]
    critical = bytearray(c.criticality == "critical" for c in components)

    first = bytearray(n)
    for c in initial:
        first[c] = down[c] = 1
    free = _run(compiled, down, first, duration, team_of, {}, None)
    if teams:
        priority = _priorities(compiled, down, free, critical)
        run = _run(compiled, down, first, duration, team_of, teams, priority)
    else:
        run = free
    ids = compiled.ids
    wave, ready, start, end, after = run.wave, run.ready, run.start, run.end, run.after
    back = [c for c in range(n) if down[c] and end[c] is not None]
    back.sort(key=lambda c: (start[c], end[c], c))  # numbers follow the ids' order
    steps = [RestoreStep(ids[c], wave[c], ready[c], start[c], end[c], components[c].team,
                         ids[after[c]] if after[c] >= 0 else None, critical[c] == 1)
             for c in back]
    stuck = [c for c in range(n) if down[c] and run.end[c] is None]
    checks = tuple(RtoCheck(ids[c], components[c].rto, run.end[c], bool(critical[c]))
                   for c in range(n) if down[c] and (components[c].rto is not None
                                                     or critical[c]))
    return RestorePlan(
        initial=tuple(ids[c] for c in sorted(set(initial))),
        failed=tuple(ids[c] for c in range(n) if down[c]),
        steps=tuple(steps),
        critical_path=_critical_path(compiled, run, steps),
        rto=checks,
        unrestorable=tuple(ids[c] for c in stuck),
        deadlocks=_deadlocks(compiled, run, stuck),
        team_delays=_team_delays(compiled, free, run, critical, team_of, teams),
        teams=teams, cold_start=cold_start, repair=repair, selectors=tuple(selectors),
        inventory=inventory)


@dataclass(eq=False)
class _Run:
    ready: list[int | None]
    start: list[int | None]
    end: list[int | None]
    after: list[int]
    wave: list[int]
    pending: list[int]  # per requirement: its members still down at the end
    order: list[int]  # the components in the order they came back


def _run(compiled: CompiledInventory, down: bytearray, first: bytearray, duration: list[int],
         team_of: list[str | None], teams: Mapping[str, int],
         priority: list[tuple] | None) -> _Run:
    """The event simulation: work ends in time order, and a component is back when its
    work is done and its requirements are met; a limited team takes the most urgent of
    its ready work each time a hand is free. The work on an initial failure (``first``)
    starts at once; on any other, once its requirements are met."""
    n = len(compiled.ids)
    owner, threshold = compiled.owner, compiled.threshold
    offsets, member_of = compiled.offsets, compiled.member_of
    owned, starts, members = compiled.owned, compiled.member_offsets, compiled.members
    # pending[r]: the members of requirement r that are down, counted from the smaller
    # side (in a cold start, nothing is up).
    if 2 * sum(down) > n:
        pending = [starts[r + 1] - starts[r] for r in range(len(owner))]
        for c in range(n):
            if not down[c]:
                for r in member_of[offsets[c]:offsets[c + 1]]:
                    pending[r] -= 1
    else:
        pending = [0] * len(owner)
        for c in range(n):
            if down[c]:
                for r in member_of[offsets[c]:offsets[c + 1]]:
                    pending[r] += 1
    unmet = [0] * n
    wave_of_requirement = [0] * len(owner)
    for r in range(len(owner)):
        if pending[r] >= threshold[r] and down[owner[r]]:
            unmet[owner[r]] += 1
    ready: list[int | None] = [None] * n
    start: list[int | None] = [None] * n
    end: list[int | None] = [None] * n
    done = bytearray(n)
    after = [-1] * n
    wave = [0] * n
    events: list[tuple[int, int]] = []  # (time its work is done, component)
    order: list[int] = []
    waiting: dict[str, list] = {name: [] for name in teams}
    busy = dict.fromkeys(teams, 0)

    def level(c: int) -> int:
        highest = 0
        for r in range(owned[c], owned[c + 1]):
            if wave_of_requirement[r] > highest:
                highest = wave_of_requirement[r]
        return highest + 1

    def begin(c: int, now: int) -> None:
        start[c] = now
        heapq.heappush(events, (now + duration[c], c))

    def idle(c: int) -> int:
        """0 while ``c`` is awaited (critical, or a member of a requirement that a
        component still down misses), else 1: work nothing waits for goes last."""
        if priority[c][0] < 0:  # critical itself
            return 0
        return int(not any(pending[r] >= threshold[r] and end[owner[r]] is None
                           for r in member_of[offsets[c]:offsets[c + 1]]))

    def make_ready(c: int, now: int, by: int) -> None:
        ready[c] = now
        after[c] = by
        wave[c] = level(c)
        if team_of[c] not in waiting or duration[c] == 0:
            begin(c, now)
        else:
            heapq.heappush(waiting[team_of[c]], (idle(c), priority[c], c))

    for c in range(n):
        if down[c] and (first[c] or unmet[c] == 0):
            make_ready(c, 0, -1)
    now = 0
    while True:
        for team, queue in waiting.items():
            while queue and busy[team] < teams[team]:
                flag, _, c = heapq.heappop(queue)
                if idle(c) != flag:  # no longer awaited: back in the queue, behind
                    heapq.heappush(queue, (1, priority[c], c))
                    continue
                busy[team] += 1
                begin(c, now)
        if not events:
            break
        now = events[0][0]
        while events and events[0][0] == now:
            _, c = heapq.heappop(events)
            if not done[c]:
                done[c] = 1
                if team_of[c] in busy and duration[c]:
                    busy[team_of[c]] -= 1
            if unmet[c] or end[c] is not None:
                continue  # repaired, but what it needs is not back yet
            end[c] = now
            order.append(c)
            for r in member_of[offsets[c]:offsets[c + 1]]:
                pending[r] -= 1
                if pending[r] >= threshold[r] - 1:
                    wave_of_requirement[r] = max(wave_of_requirement[r], wave[c])
                if pending[r] == threshold[r] - 1 and down[owner[r]]:
                    y = owner[r]
                    unmet[y] -= 1
                    if unmet[y]:
                        continue
                    if ready[y] is None:
                        make_ready(y, now, c)
                    elif done[y]:  # an initial failure, repaired and waiting: back now
                        if start[y] + duration[y] < now:  # it did wait (not a tie)
                            after[y] = c
                            wave[y] = level(y)
                        heapq.heappush(events, (now, y))
    return _Run(ready, start, end, after, wave, pending, order)


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
            if down[y] and free.end[y] is not None and free.ready[y] >= free.end[c]:
                behind = max(behind, tail[y])
                leads[c] |= leads[y]
                weight[c] = min(weight[c] + weight[y], n)
        tail[c] = free.end[c] - free.start[c] + behind
    return [(-critical[c], -leads[c], -tail[c], -weight[c], compiled.ids[c])
            for c in range(n)]


def _critical_path(compiled: CompiledInventory, run: _Run,
                   steps: list[RestoreStep]) -> tuple[str, ...]:
    """The chain that sets the total: from the last component back, each step's
    component and the one whose return let it start."""
    if not steps:
        return ()
    last = max(steps, key=lambda s: (s.end, s.id))
    chain = [compiled.index[last.id]]
    while run.after[chain[-1]] >= 0:
        chain.append(run.after[chain[-1]])
    return tuple(compiled.ids[c] for c in reversed(chain))


def _team_delays(compiled: CompiledInventory, free: _Run, run: _Run, critical: bytearray,
                 team_of: list[str | None], teams: Mapping[str, int]) -> tuple[TeamDelay, ...]:
    found = []
    for c in range(len(compiled.ids)):
        if not critical[c] or run.end[c] is None or free.end[c] is None \
                or run.end[c] <= free.end[c]:
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
