"""The entry points of the diagrams: build one, or write its DOT text.

A diagram draws the results it is given (a blast radius, a SPOF report) over the
inventory, in the full view or collapsed, around a focus or whole, then adds the
legend and the title. It computes no analysis, and starts no program: Graphviz is
:mod:`depgraph.render.graphviz`'s business.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pydot

from depgraph.analysis.blast_radius import BlastRadius
from depgraph.analysis.spof import SpofReport
from depgraph.core.model import Inventory
from depgraph.core.topology import neighbourhood
from depgraph.render.diagram.builder import Builder
from depgraph.render.diagram.collapsed import draw_collapsed
from depgraph.render.diagram.full import draw_full
from depgraph.render.diagram.legend import draw_legend, title_lines
from depgraph.render.diagram.results import scenario_view, spof_view

__all__ = ["CLUSTER_BY", "COLLAPSE", "Diagram", "build_diagram", "diagram_dot"]

#: How components can be clustered, and collapsed into one node per group.
CLUSTER_BY = ("location", "provider", "system", "none")
COLLAPSE = ("type", "provider", "location")


@dataclass(frozen=True)
class Diagram:
    """A diagram built: the pydot graph, and what it draws.

    ``nodes`` counts the components (or groups, when collapsed) drawn; ``junctions``
    the redundancy groups drawn as junctions; ``components`` the components shown,
    inside groups or not.
    """

    graph: pydot.Dot
    nodes: int
    junctions: int
    edges: int
    components: int

    @property
    def text(self) -> str:
        """The DOT text, ending with a newline."""
        text = self.graph.to_string()
        return text if text.endswith("\n") else text + "\n"


def build_diagram(inventory: Inventory, *, scenario: BlastRadius | None = None,
                  spofs: SpofReport | None = None, cluster_by: str = "location",
                  collapse: str | None = None, focus: str | None = None, depth: int = 2,
                  direction: str = "both", selectors: Sequence[str] = ()) -> Diagram:
    """The diagram as a pydot graph, with counts (see :func:`diagram_dot`).

    ``selectors`` only names the scenario in the title (default: its initial failures).

    >>> from depgraph import load_inventory, single_points_of_failure
    >>> shop = load_inventory("inventories/webshop.yaml")
    >>> diagram = build_diagram(shop, spofs=single_points_of_failure(shop), collapse="type")
    >>> diagram.nodes, diagram.components
    (9, 21)
    """
    if cluster_by not in CLUSTER_BY:
        raise ValueError(f"cluster_by must be one of {', '.join(CLUSTER_BY)}")
    if collapse is not None and collapse not in COLLAPSE:
        raise ValueError(f"collapse must be one of {', '.join(COLLAPSE)}")
    shown = (neighbourhood(inventory, focus, depth, direction) if focus is not None
             else tuple(inventory.components))
    builder = Builder(inventory, shown, scenario_view(inventory, scenario),
                      spof_view(inventory, spofs), focus)
    if collapse:
        draw_collapsed(builder, collapse)
    else:
        draw_full(builder, cluster_by)
    groups = builder.group_count
    draw_legend(builder, collapse)
    builder.setup(title_lines(inventory, builder, cluster_by=cluster_by, collapse=collapse,
                              focus=focus, depth=depth, direction=direction,
                              selectors=selectors, total_groups=groups), bool(collapse))
    nodes = groups if collapse else len(shown)
    return Diagram(builder.graph, nodes, builder.junction_count, builder.edge_count,
                   len(shown))


def diagram_dot(inventory: Inventory, *, scenario: BlastRadius | None = None,
                spofs: SpofReport | None = None, cluster_by: str = "location",
                collapse: str | None = None, focus: str | None = None, depth: int = 2,
                direction: str = "both", selectors: Sequence[str] = ()) -> str:
    """The inventory as a Graphviz DOT diagram (text), the same bytes for the same
    inventory whatever its order.

    ``scenario``: a blast radius of ``inventory``, whose states fill the nodes;
    ``spofs``: a SPOF report of ``inventory``, whose single points of failure are
    outlined; ``cluster_by``: ``location`` (top-level location), ``provider`` or
    ``none``; ``collapse``: ``type``, ``provider`` or ``location`` for one node per
    group (clusters are then not drawn); ``focus``: only the components within
    ``depth`` links of that one, ``up`` (what it needs), ``down`` (what needs it) or
    ``both``; ``selectors``: how the title names the scenario.

    >>> from depgraph import blast_radius, load_inventory
    >>> shop = load_inventory("inventories/webshop.yaml")
    >>> dot = diagram_dot(shop, scenario=blast_radius(shop, ["zone-a"]))
    >>> dot.startswith('digraph "depgraph" {'), "2 of 3" in dot
    (True, True)
    """
    return build_diagram(inventory, scenario=scenario, spofs=spofs, cluster_by=cluster_by,
                         collapse=collapse, focus=focus, depth=depth, direction=direction,
                         selectors=selectors).text
