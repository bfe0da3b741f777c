"""The inventory's shape: where components are placed, and who needs whom.

Pure walks over an :class:`~depgraph.core.model.Inventory`, shared by the analyses, the
selectors and the pictures: the ``located_in`` chain of a component, the locations and
what each holds, each component's top-level location, the dependents of each component
and the neighbourhood of one. ``located_in`` may form a cycle (the lint rule ``cycle``
warns of it); every walk here stops where it would go round.
"""

from __future__ import annotations

from collections import deque
from typing import Callable, Iterable

from depgraph.core.model import Inventory
from depgraph.core.problems import SelectorError, did_you_mean

__all__ = ["DIRECTIONS", "contents", "dependents", "inside", "locations", "locations_of",
           "neighbourhood", "top_locations"]

#: Which way a neighbourhood looks: ``up`` what the component needs, ``down`` what
#: needs it, ``both`` the two.
DIRECTIONS = ("up", "down", "both")


def locations_of(inventory: Inventory, ident: str) -> tuple[str, ...]:
    """The locations that component ``ident`` is in, from the innermost out: where
    ``located_in`` leads, step by step, until it ends or comes back.

    >>> from depgraph.core.inventory import Draft, assemble
    >>> from depgraph.core.model import Component
    >>> parts = [Component("dc", "datacenter"), Component("rack", "compute", located_in="dc"),
    ...          Component("vm", "compute", located_in="rack")]
    >>> estate = assemble([Draft("estate.yaml", tuple((c, ()) for c in parts))])
    >>> locations_of(estate, "vm"), locations_of(estate, "dc")
    (('rack', 'dc'), ())
    """
    components = inventory.components
    places, seen = [], {ident}
    where = components[ident].located_in
    while where is not None and where not in seen:
        seen.add(where)
        places.append(where)
        where = components[where].located_in
    return tuple(places)


def locations(inventory: Inventory) -> tuple[str, ...]:
    """The components that others are ``located_in``, sorted (as the SPOF analysis
    tells locations from other components).

    >>> from depgraph import load_inventory
    >>> locations(load_inventory("inventories/webshop.yaml"))
    ('zone-a', 'zone-b')
    """
    return tuple(sorted({c.located_in for c in inventory.components.values() if c.located_in}))


def inside(inventory: Inventory) -> dict[str, list[str]]:
    """What each place holds directly (its components located in it, in id order).

    >>> from depgraph import load_inventory
    >>> inside(load_inventory("inventories/webshop.yaml"))["zone-b"]
    ['cache-b', 'db-2', 'order-worker', 'web-b']
    """
    found: dict[str, list[str]] = {}
    for ident, component in inventory.components.items():
        if component.located_in is not None:
            found.setdefault(component.located_in, []).append(ident)
    return found


def contents(inventory: Inventory) -> dict[str, int]:
    """How many components each location holds, at any depth (what the selector
    ``located_in:ID`` matches, for every location in one pass).

    >>> from depgraph import load_inventory
    >>> contents(load_inventory("inventories/webshop.yaml"))
    {'zone-a': 4, 'zone-b': 4}
    """
    counts: dict[str, int] = {}
    for ident in inventory.components:
        for where in locations_of(inventory, ident):
            counts[where] = counts.get(where, 0) + 1
    return counts


def top_locations(inventory: Inventory) -> dict[str, str | None]:
    """Each component's top-level location: where ``located_in`` leads at the end.

    A location (something others are located in) is its own top-level location when
    it is in nothing; a component that is in nothing and holds nothing has none. In
    a ``located_in`` cycle, the smallest id of the cycle stands for it.

    >>> from depgraph import load_inventory
    >>> tops = top_locations(load_inventory("inventories/webshop.yaml"))
    >>> tops["db-1"], tops["zone-a"], tops["lb"]
    ('zone-a', 'zone-a', None)
    """
    components = inventory.components
    holders = {c.located_in for c in components.values() if c.located_in}
    result: dict[str, str | None] = {}
    for ident in components:
        chain = locations_of(inventory, ident)
        if not chain:
            result[ident] = ident if ident in holders else None
            continue
        where = components[chain[-1]].located_in
        if where is None:
            result[ident] = chain[-1]
        else:  # a cycle: it starts at `where`, ident itself or a place of the chain
            result[ident] = min(chain[chain.index(where):] if where in chain
                                else (ident, *chain))
    return result


def dependents(inventory: Inventory) -> dict[str, list[str]]:
    """For each component that something requires, what requires it (sorted ids),
    through ``located_in`` and ``depends_on`` alike.

    >>> from depgraph import load_inventory
    >>> dependents(load_inventory("inventories/webshop.yaml"))["db-cluster"]
    ['checkout', 'order-worker']
    """
    found: dict[str, set[str]] = {}
    for ident, component in inventory.components.items():
        for requirement in component.requirements:
            for member in requirement.members:
                found.setdefault(member, set()).add(ident)
    return {member: sorted(ids) for member, ids in found.items()}


def neighbourhood(inventory: Inventory, focus: str, depth: int = 2,
                  direction: str = "both") -> tuple[str, ...]:
    """The components at most ``depth`` links from ``focus`` (itself included), sorted:
    ``up`` through what it needs, ``down`` through what needs it, ``both`` the two.

    >>> from depgraph import load_inventory
    >>> neighbourhood(load_inventory("inventories/webshop.yaml"), "db-cluster", 1, "up")
    ('db-1', 'db-2', 'db-3', 'db-cluster')
    """
    if focus not in inventory.components:
        hint = did_you_mean(focus, inventory.components) or "check the id"
        raise SelectorError(f"no component '{focus}' to focus on; {hint}")
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}")
    if depth < 0:
        raise ValueError("depth must be 0 or more")
    ways: list[Callable[[str], Iterable[str]]] = []
    if direction in ("up", "both"):
        ways.append(lambda c: [m for r in inventory[c].requirements for m in r.members])
    if direction in ("down", "both"):
        needed_by = dependents(inventory)
        ways.append(lambda c: needed_by.get(c, []))
    found = {focus}
    for way in ways:
        found |= _within(focus, depth, way)
    return tuple(sorted(found))


def _within(start: str, depth: int, way: Callable[[str], Iterable[str]]) -> set[str]:
    """What a breadth-first walk from ``start`` along ``way`` reaches in ``depth`` steps."""
    seen, queue = {start}, deque([(start, 0)])
    while queue:
        current, distance = queue.popleft()
        if distance == depth:
            continue
        for following in way(current):
            if following not in seen:
                seen.add(following)
                queue.append((following, distance + 1))
    return seen
