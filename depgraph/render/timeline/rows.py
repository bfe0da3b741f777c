"""The rows of a timeline: the plan's steps grouped, and what never comes back.

One row per component coming back, or per group of components of one type that come
back together (same start, end and wave, both on the critical path or not, both
critical or not), so that plans of hundreds of components stay readable; then the
components that never come back, grouped by type, the members of a deadlock first.
"""

from __future__ import annotations

from dataclasses import dataclass

from depgraph.analysis.restore_plan import RestorePlan, RestoreStep
from depgraph.core.model import Component, Inventory
from depgraph.core.wording import visible
from depgraph.render.palette import type_rank

__all__ = ["Row", "component_of", "initial_label", "never_rows", "rows"]


@dataclass(frozen=True)
class Row:
    """A row: one component or a group of one type; ``end`` None when never back."""

    label: str
    type: str
    ids: tuple[str, ...]
    ready: int = 0
    start: int = 0
    end: int | None = None
    wave: int = 0
    on_path: bool = False
    critical: bool = False
    deadlocked: bool = False
    teams: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


def component_of(inventory: Inventory, ident: str) -> Component:
    """The component, or a stand-in of unknown type for an id the inventory lacks."""
    found = inventory.components.get(ident)
    return found if found is not None else Component(ident, "?")


def _label(ids: tuple[str, ...], kind: str, inventory: Inventory) -> str:
    if len(ids) == 1:
        return visible(component_of(inventory, ids[0]).label)
    return f"{len(ids)} \u00d7 {kind}"


def rows(plan: RestorePlan, inventory: Inventory) -> list[Row]:
    """The steps, grouped by (type, ready, start, end, wave, critical path, criticality).

    >>> from depgraph import load_inventory, restore_plan
    >>> shop = load_inventory("inventories/webshop.yaml")
    >>> [row.label for row in rows(restore_plan(shop, ["zone-a"]), shop)][:2]
    ['Cloudy zone A', 'Cache node A']
    """
    path = set(plan.critical_path)
    groups: dict[tuple, list[RestoreStep]] = {}
    for step in plan.steps:
        kind = component_of(inventory, step.id).type
        key = (kind, step.ready, step.start, step.end, step.wave, step.id in path,
               step.critical)
        groups.setdefault(key, []).append(step)
    found = []
    for (kind, ready, start, end, wave, on_path, critical), steps in groups.items():
        ids = tuple(sorted(s.id for s in steps))
        found.append(Row(_label(ids, kind, inventory), kind, ids, ready, start, end, wave,
                         on_path, critical,
                         teams=tuple(sorted({s.team for s in steps if s.team})),
                         after=tuple(sorted({s.after for s in steps if s.after}))))
    found.sort(key=lambda r: (r.start, r.end, r.label, r.ids))
    return found


def never_rows(plan: RestorePlan, inventory: Inventory) -> list[Row]:
    """The components that never come back, grouped by type, deadlock members first."""
    members = {m for d in plan.deadlocks for m in d.members}
    groups: dict[tuple, list[str]] = {}
    for ident in plan.unrestorable:
        component = component_of(inventory, ident)
        key = (ident not in members, type_rank(component.type),
               component.criticality == "critical")
        groups.setdefault(key, []).append(ident)
    found = []
    for (blocked, (_, kind), critical), down in groups.items():
        ids = tuple(sorted(down))
        found.append(Row(_label(ids, kind, inventory), kind, ids, critical=critical,
                         deadlocked=not blocked))
    found.sort(key=lambda r: (not r.deadlocked, type_rank(r.type), r.label, r.ids))
    return found


def initial_label(plan: RestorePlan, inventory: Inventory) -> str:
    """What the first marker calls the initial failures: a name, a type, or
    ``initial failures``."""
    if len(plan.initial) == 1:
        return visible(component_of(inventory, plan.initial[0]).label)
    kinds = {component_of(inventory, i).type for i in plan.initial}
    return kinds.pop() if len(kinds) == 1 else "initial failures"
