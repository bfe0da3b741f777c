"""A dependency diagram in Graphviz DOT, built with pydot: pure, no I/O, no subprocess.

Edges go from a dependency to what depends on it, left to right (``rankdir=LR``):
sites and power on the left, business functions on the right. Each component type
has a shape and a colour, and a legend lists the types drawn. A redundancy group
(``any`` or ``at_least`` with two members or more) is a small junction node
labelled ``any 1 of 2`` or ``2 of 3``, between its members and the component that
needs it; hard dependencies are plain arrows, ``located_in`` dashed ones.

Components are clustered by their top-level location (what ``located_in`` leads
to at the end: a datacenter, a hospital site) or by provider. A scenario (a
:class:`~depgraph.analysis.blast_radius.BlastRadius`) fills each component by its
state: initial failure, fails, degraded, works; a SPOF report (a
:class:`~depgraph.analysis.spof.SpofReport`) outlines the single points of failure
in thick red. The diagram draws these results; it computes none. ``focus``
keeps the neighbourhood of one component; ``collapse`` draws one node per type,
provider or location, with counts and, with a scenario, the worst state inside.

The DOT text is deterministic: everything is sorted, so a shuffled inventory gives
the same bytes. Labels are HTML-like labels with every special character escaped,
so any name (quotes, backslashes, ``<>{}|&``, emoji, any script) is drawn as is.

The package: :mod:`.build` (the entry points), :mod:`.results` (what is read of the
results), :mod:`.builder` (the graph, components, junctions, edges), :mod:`.full` and
:mod:`.collapsed` (the two views), :mod:`.legend` (legend and title), :mod:`.labels`
(DOT quoting, HTML-like labels) and :mod:`.styles` (shapes, colours, state fills).
"""

from depgraph.core.topology import DIRECTIONS, neighbourhood, top_locations
from depgraph.render.diagram.build import (CLUSTER_BY, COLLAPSE, Diagram, build_diagram,
                                           diagram_dot)
from depgraph.render.diagram.styles import SHAPES, STATE_FILLS

__all__ = ["CLUSTER_BY", "COLLAPSE", "DIRECTIONS", "SHAPES", "STATE_FILLS", "Diagram",
           "build_diagram", "diagram_dot", "neighbourhood", "top_locations"]
