"""How the diagrams look: a shape per component type, a fill per scenario state, inks.

Types take the colours of :mod:`depgraph.render.palette`, pale when no scenario is
drawn; in a scenario, the fill says the state (initial failure, fails, degraded,
works) and the border keeps the type's colour. Red is for single points of failure.
"""

from __future__ import annotations

from depgraph.render.palette import type_colour

__all__ = ["CLUSTER_FILL", "CLUSTER_LINE", "EDGE", "FAILED_EDGE", "FONT", "INK",
           "LOCATED_EDGE", "MUTED", "RED", "REDUNDANT_EDGE", "SHAPES", "STATE_FILLS",
           "STATE_RANK", "STATE_TEXT", "node_colours", "pale", "shape"]

#: A Graphviz shape per component type (no record shapes: their labels are parsed).
SHAPES = {
    "site": "house",
    "datacenter": "box3d",
    "power": "hexagon",
    "cooling": "octagon",
    "network": "parallelogram",
    "compute": "box",
    "storage": "folder",
    "database": "cylinder",
    "platform": "component",
    "application": "tab",
    "service": "ellipse",
    "business": "doubleoctagon",
}
_OTHER_SHAPE = "box"

#: The fill of each state in a scenario, from the worst.
STATE_FILLS = {"initial": "#8e1b1b", "failed": "#f28b82", "degraded": "#fdd663",
               "ok": "#e6f4ea"}
#: How the legend and the nodes name each state.
STATE_TEXT = {"initial": "initial failure", "failed": "fails", "degraded": "degraded",
              "ok": "works"}
#: The states from the best to the worst (a collapsed node shows the worst inside).
STATE_RANK = {"ok": 0, "degraded": 1, "failed": 2, "initial": 3}

FONT = "Helvetica,Arial,sans-serif"
INK = "#1f2328"
MUTED = "#57606a"
EDGE = "#6e7781"
LOCATED_EDGE = "#a0a7b0"
RED = "#d1242f"
REDUNDANT_EDGE = "#2f6f4f"
FAILED_EDGE = "#c62828"
CLUSTER_FILL = "#f6f8fa"
CLUSTER_LINE = "#afb8c1"


def pale(colour: str, keep: float = 0.35) -> str:
    """``colour`` mixed with white (``keep`` of the colour).

    >>> pale("#000000"), pale("#3b75c4", 1)
    ('#a6a6a6', '#3b75c4')
    """
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(255 - (255 - v) * keep) for v in (r, g, b)]
    return "#" + "".join(f"{v:02x}" for v in mix)


def shape(kind: str) -> str:
    """The Graphviz shape of a component type.

    >>> shape("database"), shape("?")
    ('cylinder', 'box')
    """
    return SHAPES.get(kind, _OTHER_SHAPE)


def node_colours(kind: str, state: str | None) -> tuple[str, str, str]:
    """(fill, border, font colour) for a node of that type, in that state (None: no
    scenario drawn).

    >>> node_colours("power", None), node_colours("power", "initial")
    (('#fae9b6', '#f2c12e', '#1f2328'), ('#8e1b1b', '#f2c12e', 'white'))
    """
    colour = type_colour(kind)
    if state is None:
        return pale(colour), colour, INK
    return STATE_FILLS[state], colour, ("white" if state == "initial" else INK)
