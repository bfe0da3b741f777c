"""The graph a diagram is built in, and the nodes and edges both views draw.

:class:`Builder` holds the pydot graph with its defaults and attributes, what is shown
(the components, the scenario, the SPOFs, the focus), and draws a component, the
junction of a redundancy group, and an edge; it counts what it draws for the legend
and the caller. The full and the collapsed views (:mod:`.full`, :mod:`.collapsed`) add
their nodes through it.
"""

from __future__ import annotations

from typing import Sequence

import pydot

from depgraph.core.durations import format_duration

from depgraph.core.model import Component, Inventory, Requirement
from depgraph.core.wording import listed, plural, visible
from depgraph.render.diagram.labels import dot_id, font, html_label, html_text, quoted, wrapped
from depgraph.render.diagram.results import ScenarioView, SpofView
from depgraph.render.diagram.styles import (EDGE, FAILED_EDGE, FONT, INK, LOCATED_EDGE, MUTED,
                                            RED, STATE_FILLS, STATE_TEXT, node_colours, shape)

__all__ = ["Builder", "junction_text", "requirements_in_order"]


class Builder:
    """A diagram being built: the pydot graph, what it shows, and what it has drawn so far
    (types for the legend, counts for the caller, edge kinds for the notes)."""

    def __init__(self, inventory: Inventory, shown: Sequence[str], scenario: ScenarioView | None,
                 spofs: SpofView | None, focus: str | None):
        self.inventory = inventory
        self.shown = list(shown)
        self.shown_set = set(shown)
        self.scenario = scenario
        self.spofs = spofs
        self.focus = focus
        self.graph = pydot.Dot(dot_id("depgraph"), graph_type="digraph", strict=False)
        self.types_used: set[str] = set()
        self.junction_count = 0
        self.group_count = 0
        self.broken: set[str] = set()  # junctions of redundancy groups the scenario breaks
        self.edge_count = 0
        self.has_located_edges = False
        self.has_start_edges = False
        self.has_redundant_edges = False
        self.defaults()

    # graph-wide attributes

    def defaults(self) -> None:
        """Node and edge defaults: before any node, since DOT applies them to what follows."""
        self.graph.add_node(pydot.Node("node", shape="box", style=quoted("filled"),
                                       fontname=quoted(FONT), fontsize="11",
                                       fontcolor=quoted(INK), penwidth="1.2",
                                       margin=quoted("0.10,0.05")))
        self.graph.add_node(pydot.Node("edge", color=quoted(EDGE), arrowsize="0.6",
                                       penwidth="1.0", fontname=quoted(FONT), fontsize="9",
                                       fontcolor=quoted(MUTED)))

    def setup(self, label_lines: list[str], collapsed: bool) -> None:
        """The graph's attributes (written before every statement, whenever set)."""
        for key, value in (
                ("rankdir", "LR"), ("newrank", "true"),
                ("fontname", quoted(FONT)), ("fontsize", "12"), ("fontcolor", quoted(INK)),
                ("labelloc", "t"), ("labeljust", "l"), ("label", html_label(label_lines, "LEFT")),
                ("nodesep", "0.3" if collapsed else "0.18"),
                ("ranksep", "0.45"),
                ("pad", "0.3"), ("outputorder", "edgesfirst"), ("remincross", "true"),
                ("bgcolor", quoted("white"))):
            self.graph.set(key, value)

    # nodes

    def component_node(self, ident: str) -> pydot.Node:
        """A component: its label, id and provider, state, SPOF mark and tooltip."""
        component = self.inventory[ident]
        self.types_used.add(component.type)
        state = self.scenario.state[ident] if self.scenario else None
        fill, border, ink = node_colours(component.type, state)
        muted = "#f0f0f0" if state == "initial" else MUTED
        lines = [font(html_text(line), bold=True) for line in wrapped(visible(component.label))]
        detail = [ident] if component.name and component.name != ident else []
        if component.provider:
            detail.append(component.provider)
        if detail:
            lines.append(font(html_text(" \u00b7 ".join(detail)), 9, muted))
        if state and state != "ok":
            lines.append(font(html_text(STATE_TEXT[state].upper()), 9, ink, bold=True))
        attrs = {"shape": shape(component.type), "fillcolor": quoted(fill),
                 "color": quoted(border), "fontcolor": quoted(ink)}
        # tooltips hold ids and keywords only: Graphviz unescapes tooltips twice over,
        # differently across versions, so a backslash in a name could not survive
        tooltip = [f"{ident}: {component.type}, {component.criticality}"
                   + (f", provider {component.provider}" if component.provider else "")]
        point = self.spofs.components.get(ident) if self.spofs else None
        if point is not None:
            where = " (location)" if point.kind == "location" else ""
            mark = f"SPOF{where} \u00b7 {plural(len(point.kills), 'target')}"
            lines.append(font(html_text(mark), 9, "white" if state == "initial" else RED,
                              bold=True))
            attrs.update(color=quoted(RED), penwidth="4")
            tooltip.append(f"single point of failure: takes down {listed(point.kills, 4)}")
        if self.scenario and ident in self.scenario.explain:
            tooltip.append(self.scenario.explain[ident])
        if ident == self.focus:
            attrs.update(peripheries="2")
            if point is None:
                attrs.update(penwidth="2.5")
        attrs["label"] = html_label(lines)
        attrs["tooltip"] = quoted("\n".join(tooltip))
        return pydot.Node(dot_id(ident), **attrs)

    def junction_node(self, name: str, requirement: Requirement, owner: str) -> pydot.Node:
        """The junction of a redundancy group, filled by what the scenario takes of it."""
        self.junction_count += 1
        fill, border = "white", EDGE
        tooltip = f"{owner} needs {requirement.describe()}"
        if requirement.timing:
            tooltip += f" {requirement.timing}"
        if self.scenario:
            lost = [m for m in requirement.members if m in self.scenario.failed]
            if len(lost) > requirement.tolerates:
                fill, border = STATE_FILLS["failed"], FAILED_EDGE
                self.broken.add(name)
            elif lost:
                fill = STATE_FILLS["degraded"]
            if lost:
                tooltip += f"; lost {', '.join(lost)}"
        return pydot.Node(dot_id(name), shape="box", style=quoted("rounded,filled"),
                          fillcolor=quoted(fill), color=quoted(border), fontsize="8",
                          height="0.2", width="0.3", margin=quoted("0.04,0.01"),
                          penwidth="1", label=html_label([html_text(junction_text(requirement))]),
                          tooltip=quoted(tooltip))

    # edges

    def edge(self, source: str, target: str, kind: str) -> pydot.Edge:
        """An edge from what is needed to what needs it (``kind``: hard, located_in,
        member of a group, or junction); red from a failed source or broken group."""
        self.edge_count += 1
        attrs: dict[str, str] = {}
        if kind == "located_in":
            self.has_located_edges = True
            attrs.update(style="dashed", color=quoted(LOCATED_EDGE))
        elif kind == "start":
            self.has_start_edges = True
            attrs.update(style="dotted", tooltip=quoted(f"{target} needs {source} to start"))
        elif kind == "member":
            attrs.update(arrowhead="none")
        if self.scenario and (source in self.scenario.failed or source in self.broken):
            attrs.update(color=quoted(FAILED_EDGE), penwidth="1.6")
        return pydot.Edge(dot_id(source), dot_id(target), **attrs)


def requirements_in_order(component: Component) -> list[Requirement]:
    """The requirements in a canonical order, without repeats: ``located_in``, hard,
    ``any``, ``at_least``, each by its sorted members.

    >>> from depgraph import load_inventory
    >>> shop = load_inventory("inventories/webshop.yaml")
    >>> [r.kind for r in requirements_in_order(shop["db-1"])]
    ['located_in']
    """
    order = {"located_in": 0, "hard": 1, "any": 2, "at_least": 3}
    unique = {(r.kind, tuple(sorted(r.members)), r.needed, r.start, r.holdup or 0,
               r.switchover): r for r in component.requirements}
    return [Requirement(kind, members, needed, None, holdup or None, switchover, start)
            for kind, members, needed, start, holdup, switchover
            in sorted(unique, key=lambda k: (order.get(k[0], 4), k[1:]))]


def junction_text(requirement: Requirement) -> str:
    """``any 1 of 2``, ``2 of 3``: a junction's label.

    >>> junction_text(Requirement("at_least", ("a", "b", "c"), 2))
    '2 of 3'
    """
    count = len(requirement.members)
    text = f"any 1 of {count}" if requirement.kind == "any" else \
        f"{requirement.needed} of {count}"
    if requirement.switchover:
        text += f", {format_duration(requirement.switchover)} changeover"
    return text
