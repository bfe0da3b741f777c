"""A scenario told in time: when each component is down and why, when each target is
down and for how long, which datasets are lost or unavailable, and what never comes
back and why.

The engine (:mod:`.engine`) gives every component's down intervals and the first cause
of each; this module reads them for people:

* **destroyed**: hit by an event whose repair is ``never``, or located (at any depth)
  in a place destroyed (a fire burns what is inside the hall); from that moment;
* **never back**: down at the end of the scenario, with the reason: destroyed; waiting
  on something destroyed (the nearest one named); or a deadlock (a loop of components
  that each wait on another, or waiting on one);
* a **dataset** is *unavailable* while no component holding a copy works, and *lost*
  once every copy is destroyed.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

import numpy as np

from depgraph.analysis.data import copies
from depgraph.analysis.restore_plan.plan import checked_teams
from depgraph.analysis.spof.analyse import default_targets
from depgraph.analysis.timeline.compile import TimedInventory, scenario_events, timed_of
from depgraph.analysis.timeline.engine import Down, Event, run_timeline
from depgraph.analysis.timeline.work import worked
from depgraph.core.durations import format_duration
from depgraph.core.model import Inventory, Scenario, ScenarioEvent
from depgraph.core.problems import SelectorError, did_you_mean
from depgraph.core.scc import strongly_connected
from depgraph.core.selectors import components_named
from depgraph.core.topology import inside

__all__ = ["DatasetState", "Interval", "TargetDown", "Timeline", "scenario_named",
           "timeline"]


@dataclass(frozen=True)
class Interval:
    """One stretch of time a component was down: from ``down`` included to ``back``
    excluded (None: never back), in seconds; ``cause``, what took it down first."""

    down: int
    back: int | None
    cause: str


@dataclass(frozen=True)
class TargetDown:
    """A target's down time: its intervals and their sum (None when never back)."""

    id: str
    intervals: tuple[Interval, ...]

    @property
    def total(self) -> int | None:
        if any(i.back is None for i in self.intervals):
            return None
        return sum(i.back - i.down for i in self.intervals)


@dataclass(frozen=True)
class DatasetState:
    """A dataset's copies, when no copy worked (``intervals``: ``(from, to)``, to None
    for never again) and whether it is lost (every copy destroyed, from ``lost_at``)."""

    name: str
    copies: tuple[str, ...]
    intervals: tuple[tuple[int, int | None], ...]
    lost_at: int | None = None

    @property
    def lost(self) -> bool:
        return self.lost_at is not None


@dataclass(frozen=True)
class Timeline:
    """A scenario's answer. Times are seconds from the scenario's start.

    ``components``: every component ever down, its intervals (sorted by id);
    ``targets``: the targets ever down; ``datasets``: every dataset held, with its
    state; ``never_back``: the components down at the end, with why; ``destroyed``:
    the components destroyed, with when.
    """

    scenario: Scenario
    components: Mapping[str, tuple[Interval, ...]]
    targets: Mapping[str, TargetDown]
    datasets: Mapping[str, DatasetState]
    never_back: Mapping[str, str]
    destroyed: Mapping[str, int]
    target_ids: tuple[str, ...] = ()
    #: The components that ride through on a holdup, and when: still working while
    #: something a requirement with a holdup needs is down (``(from, to)``).
    riding: Mapping[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    #: The team limits the run kept to (a team's pieces of work at once).
    teams: Mapping[str, int] = field(default_factory=dict)
    inventory: Inventory | None = field(default=None, compare=False, repr=False)

    @property
    def end(self) -> int:
        """When the last component that comes back is back (0 when nothing failed)."""
        return max((i.back for spans in self.components.values() for i in spans
                    if i.back is not None), default=0)

    def down_at(self, t: int) -> tuple[str, ...]:
        """The components down at ``t`` (an empty interval ``[t, t)`` is not)."""
        return tuple(ident for ident, spans in self.components.items()
                     if any(i.down <= t and (i.back is None or t < i.back) for i in spans))

    @property
    def lost(self) -> tuple[str, ...]:
        return tuple(name for name, state in self.datasets.items() if state.lost)


def scenario_named(inventory: Inventory, ident: str) -> Scenario:
    """The inventory's scenario ``ident``, or a :class:`SelectorError` with a hint."""
    scenario = inventory.scenarios.get(ident)
    if scenario is None:
        known = sorted(inventory.scenarios)
        hint = did_you_mean(ident, known) or (
            f"the inventory has: {', '.join(known)}" if known else
            "the inventory has none: add a 'scenarios:' list, or give --fail and --repair")
        raise SelectorError(f"no scenario '{ident}'; {hint}")
    return scenario


def timeline(inventory: Inventory, scenario: Scenario | str, *,
             targets: Iterable[str] | str | None = None,
             teams: Mapping[str, int] | None = None,
             timed: TimedInventory | None = None,
             progress: Callable[[int, int], None] | None = None) -> Timeline:
    """Run ``scenario`` (one of the inventory's, by id, or a :class:`Scenario`) on the
    time engine and read the answer; ``teams`` limits a team to that many pieces of
    work at once (:mod:`.hands`). ``progress``, if given, is called with the steps
    done and their number (the engine's input, the engine, the reading), for a bar.

    >>> from depgraph import load_inventory
    >>> hospital = load_inventory("inventories/hospital-group.yaml")
    >>> day = timeline(hospital, "hostco-power")
    >>> format_duration(day.end)
    '3d11h30m'
    """
    if isinstance(scenario, str):
        scenario = scenario_named(inventory, scenario)
    report = progress or (lambda done, total: None)
    report(0, 3)
    timed = timed or timed_of(inventory)
    events = scenario_events(inventory, scenario)
    teams = checked_teams(inventory, teams)
    report(1, 3)
    spans = worked(inventory, timed, events, teams).spans if teams else \
        run_timeline(timed.timed, events)
    report(2, 3)
    ids = timed.compiled.ids
    destroyed = _destroyed(inventory, ids, events)
    components = {ids[c]: tuple(Interval(d.down, d.back, _cause(timed, scenario, c, d))
                                for d in found)
                  for c, found in enumerate(spans) if found}
    target_ids = (default_targets(inventory) if targets is None
                  else components_named(inventory, targets, "target"))
    told = Timeline(
        scenario=scenario,
        components=components,
        targets={t: TargetDown(t, components[t]) for t in sorted(target_ids)
                 if t in components},
        datasets=_datasets(inventory, components, destroyed),
        never_back=_never_back(timed, spans, destroyed),
        destroyed=dict(sorted(destroyed.items())),
        target_ids=tuple(sorted(target_ids)),
        riding=_riding(timed, spans),
        teams=teams,
        inventory=inventory)
    report(3, 3)
    return told


def _cause(timed: TimedInventory, scenario: Scenario, c: int, down: Down) -> str:
    cause = down.cause
    if cause < 0:
        return _event_words(scenario.events[-cause - 1])
    requirement = timed.requirement(c, cause)
    timing = requirement.timing
    return requirement.describe() + (f" {timing}" if timing else "")


def _event_words(event: ScenarioEvent) -> str:
    return f"event at {format_duration(event.at)}: fail {event.fail} ({event.outcome})"


def _destroyed(inventory: Inventory, ids: tuple[str, ...], events: list[Event]
               ) -> dict[str, int]:
    """What is destroyed, and when: hit with no repair, or inside a place destroyed."""
    when: dict[str, int] = {}
    for event in events:
        for c, repair in zip(event.components, event.repair, strict=True):
            if repair is None:
                when[ids[c]] = min(when.get(ids[c], event.at), event.at)
    if not when:
        return when
    held = inside(inventory)
    queue = deque(sorted(when, key=lambda i: (when[i], i)))
    while queue:  # a place's contents burn with it (the earliest time wins)
        place = queue.popleft()
        for ident in held.get(place, ()):
            if when.get(ident, float("inf")) > when[place]:
                when[ident] = when[place]
                queue.append(ident)
    return when


def _datasets(inventory: Inventory, components: Mapping[str, tuple[Interval, ...]],
              destroyed: Mapping[str, int]) -> dict[str, DatasetState]:
    found = {}
    for name, holders in copies(inventory).items():
        lost_at = (max(destroyed[h] for h in holders)
                   if all(h in destroyed for h in holders) else None)
        found[name] = DatasetState(name, tuple(holders), _all_down(
            [components.get(h, ()) for h in holders]), lost_at)
    return found


def _all_down(spans: list[tuple[Interval, ...]]) -> tuple[tuple[int, int | None], ...]:
    """When every holder is down at once: the intersection of their down intervals
    (empty ones, which take no time, left out)."""
    common: list[tuple[float, float]] = [(0, float("inf"))]
    for intervals in spans:
        own = [(i.down, float("inf") if i.back is None else i.back) for i in intervals
               if i.back is None or i.back > i.down]
        common = [(max(a, c), min(b, d)) for a, b in common for c, d in own
                  if max(a, c) < min(b, d)]
        if not common:
            return ()
    return tuple((int(a), None if b == float("inf") else int(b)) for a, b in sorted(common))


def _never_back(timed: TimedInventory, spans: list[list[Down]],
                destroyed: Mapping[str, int]) -> dict[str, str]:
    """Why each component down at the end stays down."""
    ids, needs = timed.compiled.ids, timed.timed.needs
    stuck = {c for c, found in enumerate(spans) if found and found[-1].back is None}
    if not stuck:
        return {}
    waits: dict[int, list[int]] = {}  # what each stuck one waits on, first unmet first
    for c in sorted(stuck):
        order: list[int] = []
        for need in needs[c]:
            up = sum(1 for m in need.members if m not in stuck)
            if up < need.needed:
                order.extend(m for m in need.members if m in stuck and m not in order)
        waits[c] = order
    reason: dict[int, str] = {}
    waiting_on: dict[int, int] = {}  # the destroyed component each one waits on
    frontier = []
    for c in sorted(stuck):
        if ids[c] in destroyed:
            reason[c] = (f"destroyed at {format_duration(destroyed[ids[c]])}")
            waiting_on[c] = c
            frontier.append(c)
    waited_by: dict[int, list[int]] = {}
    for c, order in waits.items():
        for m in order:
            waited_by.setdefault(m, []).append(c)
    while frontier:  # outward from what is destroyed, a step at a time: each one names
        found: dict[int, int] = {}  # the nearest destroyed it waits on, the first id of those
        for m in frontier:
            for c in waited_by.get(m, ()):
                if c not in waiting_on and (c not in found or waiting_on[m] < found[c]):
                    found[c] = waiting_on[m]
        for c, source in found.items():
            waiting_on[c] = source
            reason[c] = f"waits on {ids[source]}, destroyed"
        frontier = sorted(found)
    rest = sorted(stuck - set(reason))
    if rest:
        loops = _loops(rest, waits)
        for c in rest:
            loop = loops.get(c)
            if loop is not None:
                reason[c] = "deadlock: " + ", ".join(ids[m] for m in loop) + \
                    " wait on each other"
            elif waits[c]:
                reason[c] = f"waits on {ids[waits[c][0]]}, in a deadlock"
            else:  # not met on a holdup's last instant: the engine keeps it down
                reason[c] = "down at the end of the scenario"
    return {ids[c]: reason[c] for c in sorted(stuck, key=ids.__getitem__)}


def _loops(nodes: list[int], waits: Mapping[int, list[int]]) -> dict[int, tuple[int, ...]]:
    """The loops (strongly connected components of more than one) among ``nodes`` along
    ``waits``, each member mapped to its loop's members."""
    number = {c: i for i, c in enumerate(nodes)}
    offsets, targets = [0], []
    for c in nodes:
        targets.extend(number[m] for m in waits[c] if m in number)
        offsets.append(len(targets))
    found: dict[int, tuple[int, ...]] = {}
    for part in strongly_connected(offsets, targets):
        if len(part) > 1:
            loop = tuple(sorted(nodes[i] for i in part))
            for c in loop:
                found[c] = loop
    return found


def _riding(timed: TimedInventory, spans: list[list[Down]]
            ) -> dict[str, tuple[tuple[int, int], ...]]:
    """When each component with a holdup works while what it needs is down: the times a
    requirement with a holdup has fewer members up than it needs, less the times the
    component is down itself."""
    ids, needs = timed.compiled.ids, timed.timed.needs
    arrays = timed.timed.arrays
    if arrays is not None:  # only the components with a holdup to ride on
        owners = np.repeat(np.arange(len(ids)), arrays["per"])
        candidates = np.unique(owners[(arrays["holdup"] > 0) & ~arrays["start"]]).tolist()
    else:
        candidates = [c for c, own in enumerate(needs)
                      if any(n.holdup and not n.start for n in own)]
    found = {}
    for c in candidates:
        own = needs[c]
        short: list[tuple[int, float]] = []
        for need in own:
            if need.holdup and not need.start:
                short += _short_of(need.members, need.needed, spans)
                if need.switchover:
                    short += _changeovers(need.members, need.needed, need.switchover, spans)
        if not short:
            continue
        ridden = _minus(_union(short), [(d.down, float("inf") if d.back is None else d.back)
                                        for d in spans[c]])
        if ridden:
            found[ids[c]] = tuple((int(a), int(b)) for a, b in ridden)
    return dict(sorted(found.items()))


def _short_of(members: tuple[int, ...], needed: int, spans: list[list[Down]]
              ) -> list[tuple[int, float]]:
    """When fewer than ``needed`` of ``members`` are up: a sweep over their intervals."""
    changes: dict[float, int] = {}
    for m in members:
        for d in spans[m]:
            end = float("inf") if d.back is None else d.back
            if end > d.down:
                changes[d.down] = changes.get(d.down, 0) + 1
                changes[end] = changes.get(end, 0) - 1
    out, down, since = [], 0, None
    for t in sorted(changes):
        down += changes[t]
        short = len(members) - down < needed
        if short and since is None:
            since = t
        elif not short and since is not None:
            out.append((since, t))
            since = None
    return out


def _changeovers(members: tuple[int, ...], needed: int, switchover: int,
                 spans: list[list[Down]]) -> list[tuple[int, float]]:
    """A group's changeovers, as the engine starts them: at each instant a member goes
    down, if it was one of the first ``needed`` members up just before (in preference
    order), the group is unmet for ``switchover`` from then."""
    def down_before(m: int, t: int) -> bool:  # down just before t
        return any(d.down < t and (d.back is None or d.back >= t) for d in spans[m])

    def down_at(m: int, t: int) -> bool:  # down once the instant t is over
        return any(d.down <= t and (d.back is None or t < d.back) for d in spans[m])

    windows = []
    for t in sorted({d.down for m in members for d in spans[m]
                     if d.back is None or d.back > d.down}):
        in_use = [m for m in members if not down_before(m, t)][:needed]
        if any(down_at(m, t) for m in in_use):
            windows.append((t, t + switchover))
    return windows


def _union(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[list[float]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _minus(spans: list[tuple[float, float]], cut: list[tuple[float, float]]
           ) -> list[tuple[float, float]]:
    out = []
    for a, b in spans:
        pieces = [(a, b)]
        for c, d in cut:
            pieces = [piece for x, y in pieces for piece in ((x, min(y, c)), (max(x, d), y))
                      if piece[0] < piece[1]]
        out += pieces
    return [(a, b) for a, b in out if b != float("inf")]  # a holdup always runs out
