"""How component types look in every picture: a colour each, and their order.

The restoration timeline colours its bars and the diagrams their nodes the same way,
so that a type reads the same in both; legends list types from the ground (sites,
power) up to the business, in the order of :data:`~depgraph.core.model.COMPONENT_TYPES`.
"""

from __future__ import annotations

from depgraph.core.model import COMPONENT_TYPES

__all__ = ["OTHER_COLOUR", "PALETTE", "type_colour", "type_rank"]

#: The colour of each component type.
PALETTE = {
    "site": "#a1887f",
    "datacenter": "#6d6875",
    "power": "#f2c12e",
    "cooling": "#4fc3d9",
    "network": "#3b75c4",
    "compute": "#8e6bbf",
    "storage": "#a0704f",
    "database": "#4c9a2a",
    "platform": "#b5bd3a",
    "application": "#e5773a",
    "service": "#d35d9b",
    "business": "#1f9e89",
}
#: The colour of any other type.
OTHER_COLOUR = "#9e9e9e"


def type_colour(kind: str) -> str:
    """The colour of a component type.

    >>> type_colour("power"), type_colour("?")
    ('#f2c12e', '#9e9e9e')
    """
    return PALETTE.get(kind, OTHER_COLOUR)


def type_rank(kind: str) -> tuple[int, str]:
    """A sort key: the types from the ground up, then unknown types by name.

    >>> sorted(["service", "zeppelin", "site", "airship"], key=type_rank)
    ['site', 'service', 'airship', 'zeppelin']
    """
    return (COMPONENT_TYPES.index(kind) if kind in COMPONENT_TYPES else len(COMPONENT_TYPES),
            kind)
