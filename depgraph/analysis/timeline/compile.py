"""The engine's input from an inventory: components as numbers, their requirements with
their timings, and a scenario's events as numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from depgraph.analysis.timeline.engine import Event, Need, Timed
from depgraph.core.graph import CompiledInventory, compile_inventory
from depgraph.core.model import Inventory, Requirement, Scenario
from depgraph.core.selectors import select

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
    requirements: tuple[tuple[Requirement, ...], ...]


def timed_of(inventory: Inventory, restore: Sequence[int] | None = None) -> TimedInventory:
    """The engine's input for ``inventory`` (``restore``: seconds by component number,
    the components' own restore times by default)."""
    compiled = compile_inventory(inventory)
    components = list(inventory.components.values())
    restore = list(restore) if restore is not None else [c.restore for c in components]
    holdups = [c.holdup for c in components]
    timed = timed_inventory(compiled, restore, holdups if any(h for h in holdups) else None)
    requirements = tuple(
        tuple(compiled.requirements[r] for r in compiled.requirements_of(c))
        + compiled.starts.get(c, ()) for c in range(len(components)))
    return TimedInventory(compiled, timed, requirements)


def has_time_keys(inventory: Inventory) -> bool:
    """Whether any component says something about time beyond ``restore``: a holdup, a
    switchover or a ``when: start`` requirement (then the time engine answers)."""
    return any(c.holdup or any(r.holdup or r.switchover or r.start for r in c.depends_on)
               for c in inventory.components.values())


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
