"""The engine's input from an inventory: components as numbers, their requirements with
their timings, and a scenario's events as numbers."""

from __future__ import annotations

from collections.abc import Sequence as SequenceABC
from dataclasses import dataclass
from operator import attrgetter
from typing import Sequence

import numpy as np

from depgraph.analysis.timeline.engine import Event, Need, Timed
from depgraph.core.graph import CompiledInventory, compile_inventory
from depgraph.core.graph_numpy import compiled_arrays
from depgraph.core.model import Inventory, Requirement, Scenario
from depgraph.core.selectors import select

_HOLDUP, _KIND, _SWITCHOVER = attrgetter("holdup"), attrgetter("kind"), attrgetter("switchover")

__all__ = ["TimedInventory", "has_time_keys", "has_timers", "scenario_events",
           "timed_inventory", "timed_of"]


def timed_inventory(compiled: CompiledInventory, restore: list[int],
                    holdup: Sequence[int | None] | None = None) -> Timed:
    """The engine's input for a compiled inventory: each component's requirements as
    :class:`Need` s in the compiled order (``located_in`` first), then its ``when:
    start`` ones, with ``restore`` (seconds, by component number). A requirement's own
    holdup wins; else the component's ``holdup`` (by number), never for ``located_in``.
    """
    members, offsets, threshold = compiled.members, compiled.member_offsets, compiled.threshold
    requirements, index, starts = compiled.requirements, compiled.index, compiled.starts
    needs = []
    for c in range(len(compiled.ids)):
        default = holdup[c] if holdup is not None else None
        own = []
        for r in compiled.requirements_of(c):
            group = tuple(members[offsets[r]:offsets[r + 1]])
            own.append(_need(requirements[r], group, len(group) - threshold[r] + 1, default))
        for requirement in starts.get(c, ()):
            group = tuple(index[m] for m in requirement.members)
            own.append(_need(requirement, group, requirement.needed, default))
        needs.append(tuple(own))
    return Timed(tuple(restore), tuple(needs))


def _need(requirement: Requirement, group: tuple[int, ...], needed: int,
          default: int | None) -> Need:
    holdup = requirement.holdup
    if holdup is None and requirement.kind != "located_in":
        holdup = default
    if not (holdup or requirement.switchover or requirement.start):
        return Need(group, needed)
    return Need(group, needed, holdup or 0, requirement.switchover, requirement.start)


@dataclass(frozen=True)
class TimedInventory:
    """An inventory ready for the engine: its compiled index, the :class:`Timed` input,
    and each component's requirements in the engine's order (to name a cause)."""

    compiled: CompiledInventory
    timed: Timed
    requirements: Sequence[tuple[Requirement, ...]]

    def requirement(self, c: int, k: int) -> Requirement:
        """Requirement ``k`` of component ``c``, in the engine's order (the compiled
        ones, then the start-only ones)."""
        compiled = self.compiled
        first, after = compiled.owned[c], compiled.owned[c + 1]
        if k < after - first:
            return compiled.requirements[first + k]
        return compiled.starts[c][k - (after - first)]


def timed_of(inventory: Inventory, restore: Sequence[int] | None = None) -> TimedInventory:
    """The engine's input for ``inventory`` (``restore``: seconds by component number,
    the components' own restore times by default). Without start-only requirements the
    requirements are the compiled index's, in its order: the engine reads them as
    arrays, and each component's :class:`Need` s are made only when asked for."""
    compiled = compile_inventory(inventory)
    components = list(inventory.components.values())
    restore = list(restore) if restore is not None else [c.restore for c in components]
    holdups = [c.holdup for c in components]
    default = holdups if any(h for h in holdups) else None
    if compiled.starts:
        timed = timed_inventory(compiled, restore, default)
        requirements: Sequence = _Requirements(compiled, with_starts=True)
    else:
        arrays = _arrays(compiled, default)
        timed = Timed(tuple(restore), _Needs(compiled, arrays), arrays)
        requirements = _Requirements(compiled, with_starts=False)
    return TimedInventory(compiled, timed, requirements)


def _arrays(compiled: CompiledInventory, default: Sequence[int | None] | None
            ) -> dict[str, np.ndarray]:
    """The compiled requirements as the engine's arrays: members in the index's order
    (a group with a switchover keeps its preference), the holdup a requirement sets or
    its component's (never for ``located_in``), its switchover."""
    a = compiled_arrays(compiled)
    sizes = np.diff(a.member_offsets)
    requirements = compiled.requirements
    holdup = np.fromiter((-1 if h is None else h for h in map(_HOLDUP, requirements)),
                         np.int64, len(requirements))
    if default is not None:
        located = np.fromiter(map("located_in".__eq__, map(_KIND, requirements)), bool,
                              len(requirements))
        own = np.array([-1 if h is None else h for h in default], dtype=np.int64)[a.owner]
        holdup = np.where((holdup < 0) & ~located, own, holdup)
    return {"sizes": sizes, "per": np.diff(a.owned), "members": a.members,
            "needed": sizes - a.threshold + 1, "holdup": np.maximum(holdup, 0),
            "switchover": np.fromiter(map(_SWITCHOVER, requirements), np.int64,
                                      len(requirements)),
            "start": np.zeros(len(requirements), dtype=bool)}


class _PerComponent(SequenceABC):
    """One tuple per component of the compiled index, made when asked for."""

    def __init__(self, compiled: CompiledInventory):
        self.compiled = compiled

    def __len__(self) -> int:
        return len(self.compiled.ids)

    def __getitem__(self, c):
        if isinstance(c, slice):
            return [self.of(i) for i in range(len(self))[c]]
        return self.of(c)

    def of(self, c: int) -> tuple:
        raise NotImplementedError


class _Needs(_PerComponent):
    """Each component's :class:`Need` s, made from the engine's arrays."""

    def __init__(self, compiled: CompiledInventory, arrays: dict[str, np.ndarray]):
        super().__init__(compiled)
        self.arrays = arrays

    def of(self, c: int) -> tuple[Need, ...]:
        compiled, a = self.compiled, self.arrays
        return tuple(Need(tuple(compiled.members_of(r)), int(a["needed"][r]),
                          int(a["holdup"][r]), int(a["switchover"][r]))
                     for r in compiled.requirements_of(c))


class _Requirements(_PerComponent):
    """Each component's requirements in the engine's order (to name a cause)."""

    def __init__(self, compiled: CompiledInventory, with_starts: bool):
        super().__init__(compiled)
        self.with_starts = with_starts

    def of(self, c: int) -> tuple[Requirement, ...]:
        compiled = self.compiled
        found = tuple(compiled.requirements[r] for r in compiled.requirements_of(c))
        return found + compiled.starts.get(c, ()) if self.with_starts else found


def has_time_keys(inventory: Inventory) -> bool:
    """Whether any component says something about time beyond ``restore``: a holdup, a
    switchover or a ``when: start`` requirement (then the time engine answers)."""
    return has_timers(inventory) or bool(compile_inventory(inventory).starts)


def has_timers(inventory: Inventory) -> bool:
    """Whether any component has a holdup or a switchover: what only the time engine
    counts (``when: start`` requirements count in the restoration simulation too)."""
    return any(c.holdup or any(r.holdup or r.switchover for r in c.depends_on)
               for c in inventory.components.values())


def scenario_events(inventory: Inventory, scenario: Scenario) -> list[Event]:
    """The scenario's events as the engine takes them: each selector's components by
    number, each one's work the event's repair, or its own restore time."""
    compiled = compile_inventory(inventory)
    events = []
    for event in scenario.events:
        ids = select(inventory, event.fail)
        numbers = tuple(compiled.index[i] for i in ids)
        if event.destroyed:
            repair: tuple[int | None, ...] = (None,) * len(ids)
        elif event.repair is not None:
            repair = (event.repair,) * len(ids)
        else:
            repair = tuple(inventory.components[i].restore for i in ids)
        events.append(Event(event.at, numbers, repair))
    return events
