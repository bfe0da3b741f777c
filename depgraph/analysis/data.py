"""Datasets: where their copies are, and what destroys them all.

A component with ``data: [NAME, ...]`` holds a copy of each dataset named. Destroying a
component destroys what is inside it (``located_in``, at any depth: a fire burns the
hall and its racks); a provider destroyed destroys every component it operates, and
what is inside them. A dataset is **lost** when every copy is destroyed.

:func:`data_points` finds the single points of that: the components, locations and
providers whose destruction alone loses a dataset (every copy in one building, with one
provider).
"""

from __future__ import annotations

from dataclasses import dataclass

from depgraph.core.model import Inventory, Span
from depgraph.core.topology import inside, locations, locations_of

__all__ = ["DataPoint", "DataReport", "copies", "data_points", "data_report", "places"]


@dataclass(frozen=True)
class DataPoint:
    """A component, location or provider whose destruction alone loses ``loses``
    (dataset names, sorted); ``destroys``: how many components go with it."""

    kind: str  # "component", "location" or "provider"
    id: str
    loses: tuple[str, ...]
    destroys: int


def copies(inventory: Inventory) -> dict[str, tuple[str, ...]]:
    """Each dataset's holders, by name (both sorted)."""
    found: dict[str, list[str]] = {}
    for ident, component in inventory.components.items():
        for name in component.data:
            found.setdefault(name, []).append(ident)
    return {name: tuple(holders) for name, holders in sorted(found.items())}


def places(inventory: Inventory, ident: str) -> tuple[str, ...]:
    """The component and every place it is in, innermost first."""
    return (ident, *locations_of(inventory, ident))


def data_points(inventory: Inventory) -> tuple[DataPoint, ...]:
    """Every single point of data loss, the most datasets lost first, then the fewest
    components destroyed (the most precise), providers before locations before
    components, then by id.

    >>> from depgraph import load_inventory
    >>> for point in data_points(load_inventory("inventories/campus-fire.yaml")):
    ...     print(point.kind, point.id, point.loses, point.destroys)
    location campus-site ('mailboxes', 'shop-orders') 16
    provider campus ('mailboxes', 'shop-orders') 17
    location hall-2 ('mailboxes',) 5
    """
    held = copies(inventory)
    if not held:
        return ()
    containers = set(locations(inventory))
    loses: dict[tuple[str, str], set[str]] = {}
    for name, holders in held.items():
        chains = [places(inventory, h) for h in holders]
        common = set(chains[0]).intersection(*map(set, chains[1:]))
        for ident in common:
            kind = "location" if ident in containers else "component"
            loses.setdefault((kind, ident), set()).add(name)
        providers = [{inventory[p].provider for p in chain if inventory[p].provider}
                     for chain in chains]
        for provider in providers[0].intersection(*providers[1:]):
            loses.setdefault(("provider", provider), set()).add(name)
    held_in = inside(inventory)
    order = {"provider": 0, "location": 1, "component": 2}
    points = [DataPoint(kind, ident, tuple(sorted(names)),
                        _destroyed_count(inventory, held_in, kind, ident))
              for (kind, ident), names in loses.items()]
    points.sort(key=lambda p: (-len(p.loses), p.destroys, order[p.kind], p.id))
    return tuple(points)


def _destroyed_count(inventory: Inventory, held_in: dict[str, list[str]], kind: str,
                     ident: str) -> int:
    """How many components destroying ``ident`` destroys (itself and its contents;
    ``held_in``: what each place holds, :func:`~depgraph.core.topology.inside`)."""
    start = ([i for i, c in inventory.components.items() if c.provider == ident]
             if kind == "provider" else [ident])
    seen, stack = set(start), list(start)
    while stack:
        for other in held_in.get(stack.pop(), ()):
            if other not in seen:
                seen.add(other)
                stack.append(other)
    return len(seen)


@dataclass(frozen=True, eq=False)
class DataReport:
    """``spof --data``: every dataset and its copies, and the single points of data
    loss ranked (see :func:`data_points`)."""

    inventory: Inventory
    datasets: dict[str, tuple[str, ...]]
    points: tuple[DataPoint, ...]

    @property
    def at_risk(self) -> tuple[str, ...]:
        """The datasets that one destruction loses."""
        return tuple(sorted({name for p in self.points for name in p.loses}))

    def place(self, point: DataPoint) -> Span | None:
        """Where the point is defined: its component's or its provider's span."""
        if point.kind == "provider":
            provider = self.inventory.providers.get(point.id)
            return provider.span if provider is not None else None
        return self.inventory[point.id].span

    def why(self, point: DataPoint) -> str:
        """``every copy of mailboxes (mail-1, mail-2) is in dc-hostco``."""
        parts = []
        for name in point.loses:
            holders = self.datasets[name]
            listed = ", ".join(holders[:4]) + (f" and {len(holders) - 4} more"
                                               if len(holders) > 4 else "")
            what = f"the only copy of {name} ({listed})" if len(holders) == 1 else \
                f"every copy of {name} ({listed})"
            if point.kind == "provider":
                parts.append(f"{what} is operated by {point.id} or inside what it operates")
            elif holders == (point.id,):
                parts.append(f"it holds {what}")
            else:
                parts.append(f"{what} is in {point.id}")
        return "; ".join(parts)


def data_report(inventory: Inventory) -> DataReport:
    """The datasets of ``inventory`` and their single points of data loss."""
    return DataReport(inventory, copies(inventory), data_points(inventory))
