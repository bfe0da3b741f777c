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
"""

from __future__ import annotations

import html
import math
import textwrap
from dataclasses import dataclass
from typing import Mapping, Sequence

import pydot

from depgraph.analysis.blast_radius import BlastRadius
from depgraph.analysis.spof import SinglePoint, SpofReport
from depgraph.core.model import COMPONENT_TYPES, Component, Inventory, Requirement
from depgraph.core.topology import DIRECTIONS, neighbourhood, top_locations
from depgraph.core.wording import listed, plural, xml_safe
from depgraph.render.timeline import PALETTE

__all__ = ["CLUSTER_BY", "COLLAPSE", "DIRECTIONS", "SHAPES", "STATE_FILLS", "Diagram",
           "build_diagram", "diagram_dot", "neighbourhood", "top_locations"]

#: How components can be clustered, and collapsed into one node per group.
CLUSTER_BY = ("location", "provider", "none")
COLLAPSE = ("type", "provider", "location")

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
_OTHER_COLOUR = "#9e9e9e"

#: The fill of each state in a scenario, from the worst.
STATE_FILLS = {"initial": "#8e1b1b", "failed": "#f28b82", "degraded": "#fdd663",
               "ok": "#e6f4ea"}
_STATE_TEXT = {"initial": "initial failure", "failed": "fails", "degraded": "degraded",
               "ok": "works"}
_STATE_RANK = {"ok": 0, "degraded": 1, "failed": 2, "initial": 3}

_FONT = "Helvetica,Arial,sans-serif"
_INK = "#1f2328"
_MUTED = "#57606a"
_EDGE = "#6e7781"
_LOCATED_EDGE = "#a0a7b0"
_RED = "#d1242f"
_REDUNDANT_EDGE = "#2f6f4f"
_FAILED_EDGE = "#c62828"
_CLUSTER_FILL = "#f6f8fa"
_CLUSTER_LINE = "#afb8c1"
_WRAP = 28
_MAX_LINES = 3
_LEGEND_ROW = 4  # legend entries per row, at most
_LEGEND_COLUMN = 6  # up to this many legend entries make one column
_LABELLED_EDGES = 40  # collapsed views label their edges with counts up to this many
_GRID_FROM = 8  # more sinks than this in a collapsed view are laid out as a grid


# -- escaping -------------------------------------------------------------------------


def _id(text: str) -> str:
    """A DOT id, always quoted."""
    return _quoted(text)


def _quoted(text: str) -> str:
    """A quoted DOT string for an escString attribute (tooltip): ``\\`` and ``"`` escaped,
    line breaks as ``\\n``."""
    text = xml_safe(text.replace("\r\n", "\n").replace("\r", "\n"), html=True)
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def _h(text: object) -> str:
    """Text for an HTML-like label: XML-escaped; backslashes doubled, since Graphviz
    expands ``\\N``, ``\\G``... even there; line breaks are spaces."""
    text = xml_safe(str(text), html=True).replace("\r", " ").replace("\n", " ")
    return html.escape(text, quote=True).replace("\\", "\\\\")


def _wrapped(text: str, width: int = _WRAP) -> list[str]:
    lines = textwrap.wrap(text, width, break_on_hyphens=False) or [text]
    if len(lines) > _MAX_LINES:
        lines = lines[:_MAX_LINES]
        lines[-1] = lines[-1][:width - 1].rstrip() + "\u2026"
    return lines


def _html_label(lines: Sequence[str], align: str | None = None) -> str:
    """``<...>``: label lines (already HTML) joined by breaks; ``align="LEFT"`` aligns
    every line left (a break aligns the line it ends)."""
    if align is None:
        return "<" + "<BR/>".join(lines) + ">"
    brk = f'<BR ALIGN="{align}"/>'
    return "<" + brk.join(lines) + brk + ">"


def _font(text: str, size: float | None = None, colour: str | None = None,
          bold: bool = False) -> str:
    """One line of a label, already escaped, with its font."""
    if bold:
        text = f"<B>{text}</B>"
    attrs = []
    if size is not None:
        attrs.append(f'POINT-SIZE="{size:g}"')
    if colour is not None:
        attrs.append(f'COLOR="{colour}"')
    return f"<FONT {' '.join(attrs)}>{text}</FONT>" if attrs else text


# -- colours and shapes ---------------------------------------------------------------


def _colour(kind: str) -> str:
    return PALETTE.get(kind, _OTHER_COLOUR)


def _pale(colour: str, keep: float = 0.35) -> str:
    """``colour`` mixed with white (``keep`` of the colour)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(255 - (255 - v) * keep) for v in (r, g, b)]
    return "#" + "".join(f"{v:02x}" for v in mix)


def _shape(kind: str) -> str:
    return SHAPES.get(kind, _OTHER_SHAPE)


def _type_key(kind: str) -> tuple[int, str]:
    return (COMPONENT_TYPES.index(kind) if kind in COMPONENT_TYPES else len(COMPONENT_TYPES),
            kind)


# -- the inventory's structure ----------------------------------------------------------


def _groups(component: Component) -> list[Requirement]:
    """The requirements in a canonical order, without repeats."""
    order = {"located_in": 0, "hard": 1, "any": 2, "at_least": 3}
    unique = {(r.kind, tuple(sorted(r.members)), r.needed): r for r in component.requirements}
    return [Requirement(kind, members, needed)
            for kind, members, needed in sorted(unique, key=lambda k: (order.get(k[0], 4),
                                                                       k[1], k[2]))]


def _junction_text(requirement: Requirement) -> str:
    """``any 1 of 2``, ``2 of 3``."""
    count = len(requirement.members)
    if requirement.kind == "any":
        return f"any 1 of {count}"
    return f"{requirement.needed} of {count}"


# -- the result -------------------------------------------------------------------------


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


@dataclass(frozen=True)
class _Scenario:
    state: Mapping[str, str]  # id -> initial | failed | degraded | ok
    failed: frozenset[str]
    initial: tuple[str, ...]
    degraded_count: int
    explain: Mapping[str, str]


def _scenario(inventory: Inventory, result: BlastRadius | None) -> _Scenario | None:
    """What the diagram reads of a blast radius: each component's state, and why."""
    if result is None:
        return None
    _check_inventory(inventory, result.inventory, "scenario")
    state = {ident: "ok" for ident in inventory.components}
    for ident in result.degraded:
        state[ident] = "degraded"
    for ident in result.failed:
        state[ident] = "failed"
    for ident in result.initial:
        state[ident] = "initial"
    explain = {ident: result.explain(ident) for ident in result.failed
               if ident not in set(result.initial)}
    explain.update({d: "; ".join(x.text for x in result.degradations[d])
                    for d in result.degraded})
    return _Scenario(state, frozenset(result.failed), result.initial, len(result.degraded),
                     explain)


def _check_inventory(inventory: Inventory, theirs: Inventory, what: str) -> None:
    if theirs is not inventory:
        raise ValueError(f"{what} was computed for another inventory than the one drawn")


@dataclass(frozen=True)
class _Spofs:
    components: Mapping[str, SinglePoint]  # components and locations
    providers: Mapping[str, SinglePoint]


def _spofs(inventory: Inventory, report: SpofReport | None) -> _Spofs | None:
    """The single points of failure by id: components and locations, and providers."""
    if report is None:
        return None
    _check_inventory(inventory, report.inventory, "spofs")
    return _Spofs({s.id: s for s in report.spofs if s.kind != "provider"},
                  {s.id: s for s in report.spofs if s.kind == "provider"})


# -- building ---------------------------------------------------------------------------


class _Builder:
    def __init__(self, inventory: Inventory, shown: Sequence[str], scenario: _Scenario | None,
                 spofs: _Spofs | None, focus: str | None):
        self.inventory = inventory
        self.shown = list(shown)
        self.shown_set = set(shown)
        self.scenario = scenario
        self.spofs = spofs
        self.focus = focus
        self.graph = pydot.Dot(_id("depgraph"), graph_type="digraph", strict=False)
        self.types_used: set[str] = set()
        self.junction_count = 0
        self.group_count = 0
        self.broken: set[str] = set()  # junctions of redundancy groups the scenario breaks
        self.edge_count = 0
        self.has_located_edges = False
        self.has_redundant_edges = False
        self.defaults()

    # graph-wide attributes

    def defaults(self) -> None:
        """Node and edge defaults: before any node, since DOT applies them to what follows."""
        self.graph.add_node(pydot.Node("node", shape="box", style=_quoted("filled"),
                                       fontname=_quoted(_FONT), fontsize="11",
                                       fontcolor=_quoted(_INK), penwidth="1.2",
                                       margin=_quoted("0.10,0.05")))
        self.graph.add_node(pydot.Node("edge", color=_quoted(_EDGE), arrowsize="0.6",
                                       penwidth="1.0", fontname=_quoted(_FONT), fontsize="9",
                                       fontcolor=_quoted(_MUTED)))

    def setup(self, label_lines: list[str], collapsed: bool) -> None:
        """The graph's attributes (written before every statement, whenever set)."""
        for key, value in (
                ("rankdir", "LR"), ("newrank", "true"),
                ("fontname", _quoted(_FONT)), ("fontsize", "12"), ("fontcolor", _quoted(_INK)),
                ("labelloc", "t"), ("labeljust", "l"), ("label", _html_label(label_lines, "LEFT")),
                ("nodesep", "0.3" if collapsed else "0.18"),
                ("ranksep", "0.45"),
                ("pad", "0.3"), ("outputorder", "edgesfirst"), ("remincross", "true"),
                ("bgcolor", _quoted("white"))):
            self.graph.set(key, value)

    # nodes

    def _fill(self, kind: str, state: str | None) -> tuple[str, str, str]:
        """(fill, border, font colour) for a node of that type and state."""
        colour = _colour(kind)
        if state is None:
            return _pale(colour), colour, _INK
        return STATE_FILLS[state], colour, ("white" if state == "initial" else _INK)

    def component_node(self, ident: str) -> pydot.Node:
        component = self.inventory[ident]
        self.types_used.add(component.type)
        state = self.scenario.state[ident] if self.scenario else None
        fill, border, ink = self._fill(component.type, state)
        muted = "#f0f0f0" if state == "initial" else _MUTED
        lines = [_font(_h(line), bold=True) for line in _wrapped(component.label)]
        detail = [ident] if component.name and component.name != ident else []
        if component.provider:
            detail.append(component.provider)
        if detail:
            lines.append(_font(_h(" \u00b7 ".join(detail)), 9, muted))
        if state and state != "ok":
            lines.append(_font(_h(_STATE_TEXT[state].upper()), 9, ink, bold=True))
        attrs = {"shape": _shape(component.type), "fillcolor": _quoted(fill),
                 "color": _quoted(border), "fontcolor": _quoted(ink)}
        # tooltips hold ids and keywords only: Graphviz unescapes tooltips twice over,
        # differently across versions, so a backslash in a name could not survive
        tooltip = [f"{ident}: {component.type}, {component.criticality}"
                   + (f", provider {component.provider}" if component.provider else "")]
        point = self.spofs.components.get(ident) if self.spofs else None
        if point is not None:
            where = " (location)" if point.kind == "location" else ""
            lines.append(_font(_h(f"SPOF{where} \u00b7 {plural(len(point.kills), 'target')}"),
                               9, "white" if state == "initial" else _RED, bold=True))
            attrs.update(color=_quoted(_RED), penwidth="4")
            tooltip.append(f"single point of failure: takes down {listed(point.kills, 4)}")
        if self.scenario and ident in self.scenario.explain:
            tooltip.append(self.scenario.explain[ident])
        if ident == self.focus:
            attrs.update(peripheries="2")
            if point is None:
                attrs.update(penwidth="2.5")
        attrs["label"] = _html_label(lines)
        attrs["tooltip"] = _quoted("\n".join(tooltip))
        return pydot.Node(_id(ident), **attrs)

    def junction_node(self, name: str, requirement: Requirement, owner: str) -> pydot.Node:
        self.junction_count += 1
        fill, border = "white", _EDGE
        tooltip = f"{owner} needs {requirement.describe()}"
        if self.scenario:
            lost = [m for m in requirement.members if m in self.scenario.failed]
            if len(lost) > requirement.tolerates:
                fill, border = STATE_FILLS["failed"], _FAILED_EDGE
                self.broken.add(name)
            elif lost:
                fill = STATE_FILLS["degraded"]
            if lost:
                tooltip += f"; lost {', '.join(lost)}"
        return pydot.Node(_id(name), shape="box", style=_quoted("rounded,filled"),
                          fillcolor=_quoted(fill), color=_quoted(border), fontsize="8",
                          height="0.2", width="0.3", margin=_quoted("0.04,0.01"),
                          penwidth="1", label=_html_label([_h(_junction_text(requirement))]),
                          tooltip=_quoted(tooltip))

    # edges

    def edge(self, source: str, target: str, kind: str) -> pydot.Edge:
        self.edge_count += 1
        attrs: dict[str, str] = {}
        if kind == "located_in":
            self.has_located_edges = True
            attrs.update(style="dashed", color=_quoted(_LOCATED_EDGE))
        elif kind == "member":
            attrs.update(arrowhead="none")
        if self.scenario and (source in self.scenario.failed or source in self.broken):
            attrs.update(color=_quoted(_FAILED_EDGE), penwidth="1.6")
        return pydot.Edge(_id(source), _id(target), **attrs)


def _full(builder: _Builder, cluster_by: str) -> None:
    """Every component shown, with junctions and clusters."""
    inventory, shown = builder.inventory, builder.shown_set
    edges: dict[tuple[str, str], str] = {}  # (source, target) -> kind
    junctions: list[tuple[str, Requirement, str]] = []  # (name, requirement, owner)
    strength = {"hard": 2, "located_in": 1, "member": 0, "junction": 0}
    for ident in builder.shown:
        for index, requirement in enumerate(_groups(inventory[ident])):
            members = [m for m in requirement.members if m in shown]
            if not members:
                continue
            if requirement.is_group and len(requirement.members) >= 2:
                name = f"{ident}#{index}"
                junctions.append((name, requirement, ident))
                for member in members:
                    edges[(member, name)] = "member"
                edges[(name, ident)] = "junction"
                continue
            kind = "located_in" if requirement.kind == "located_in" else "hard"
            for member in members:
                previous = edges.get((member, ident))
                if previous is None or strength[kind] > strength[previous]:
                    edges[(member, ident)] = kind

    key_of = _cluster_keys(inventory, builder.shown, cluster_by)
    clusters: dict[str, list[str]] = {}
    for ident in builder.shown:
        if key_of.get(ident) is not None:
            clusters.setdefault(key_of[ident], []).append(ident)
    clusters = {k: v for k, v in clusters.items() if len(v) >= 2}
    placed = {ident: key for key, ids in clusters.items() for ident in ids}
    for name, requirement, owner in junctions:
        if owner in placed:
            clusters[placed[owner]].append(name)
    junction_of = {name: (requirement, owner) for name, requirement, owner in junctions}

    def node(name: str) -> pydot.Node:
        if name in junction_of:
            requirement, owner = junction_of[name]
            return builder.junction_node(name, requirement, owner)
        return builder.component_node(name)

    graph = builder.graph
    unclustered = [i for i in builder.shown if i not in placed]
    unclustered += [n for n, _, owner in junctions if owner not in placed]
    for name in sorted(unclustered):
        graph.add_node(node(name))
    for number, key in enumerate(sorted(clusters)):
        cluster = pydot.Subgraph(_id(f"cluster_{number}"))
        _cluster_style(cluster, builder, cluster_by, key)
        for name in sorted(clusters[key]):
            cluster.add_node(node(name))
        graph.add_subgraph(cluster)
    for (source, target), kind in sorted(edges.items()):
        graph.add_edge(builder.edge(source, target, kind))


def _cluster_keys(inventory: Inventory, shown: Sequence[str],
                  cluster_by: str) -> dict[str, str | None]:
    if cluster_by == "location":
        tops = top_locations(inventory)
        return {i: tops[i] for i in shown}
    if cluster_by == "provider":
        return {i: inventory[i].provider for i in shown}
    return {}


def _cluster_style(cluster: pydot.Subgraph, builder: _Builder, cluster_by: str,
                   key: str) -> None:
    inventory = builder.inventory
    if cluster_by == "location":
        title, detail = inventory[key].label, f"location {key}"
        point = builder.spofs.components.get(key) if builder.spofs else None
    else:
        provider = inventory.providers.get(key)
        title = provider.label if provider else key
        detail = f"provider {key}"
        point = builder.spofs.providers.get(key) if builder.spofs else None
    lines = [_font(_h(title), 12, bold=True)]
    colour, width = _CLUSTER_LINE, "1"
    if point is not None:
        lines.append(_font(_h(f"SPOF \u00b7 {plural(len(point.kills), 'target')}"), 9, _RED,
                           bold=True))
        colour, width = _RED, "3"
    for attr, value in (("label", _html_label(lines, "LEFT")),
                        ("tooltip", _quoted(detail)), ("style", _quoted("rounded,filled")),
                        ("fillcolor", _quoted(_CLUSTER_FILL)), ("color", _quoted(colour)),
                        ("penwidth", width), ("labeljust", "l"), ("margin", "10")):
        cluster.set(attr, value)


# -- collapsed --------------------------------------------------------------------------


_NONE_LABEL = {"type": "no type", "provider": "no provider", "location": "not located"}


def _collapsed(builder: _Builder, collapse: str) -> None:
    """One node per type, provider or location, with counts; edges aggregated."""
    inventory = builder.inventory
    tops = top_locations(inventory) if collapse == "location" else {}

    def group_of(ident: str) -> str:
        component = inventory[ident]
        if collapse == "type":
            return component.type
        if collapse == "provider":
            return component.provider or ""
        return tops[ident] or ""

    members: dict[str, list[str]] = {}
    for ident in builder.shown:
        members.setdefault(group_of(ident), []).append(ident)

    def order(key: str) -> tuple:
        if collapse == "type":
            return (0, *_type_key(key))
        return (key == "", key)

    name = {key: f"{collapse}#{key}" for key in members}
    builder.group_count = len(members)
    for key in sorted(members, key=order):
        builder.graph.add_node(_group_node(builder, collapse, key, members[key], name[key]))

    links: dict[tuple[str, str], dict[str, int]] = {}
    failing: set[tuple[str, str]] = set()
    for ident in builder.shown:
        target = group_of(ident)
        for requirement in _groups(inventory[ident]):
            kind = ("located_in" if requirement.kind == "located_in" else
                    "group" if requirement.is_group and len(requirement.members) >= 2
                    else "hard")
            for member in requirement.members:
                if member not in builder.shown_set:
                    continue
                source = group_of(member)
                if source == target:
                    continue
                counts = links.setdefault((source, target), {})
                counts[kind] = counts.get(kind, 0) + 1
                if builder.scenario and member in builder.scenario.failed:
                    failing.add((source, target))
    rows = _grid(links, sorted(members, key=order))
    for (source, target), counts in sorted(links.items(),
                                           key=lambda item: (order(item[0][0]),
                                                             order(item[0][1]))):
        total = sum(counts.values())
        attrs = {"penwidth": f"{min(1 + math.log2(total), 5):.2f}",
                 "tooltip": _quoted(", ".join(f"{counts[k]} {k.replace('_', ' ')}"
                                              for k in sorted(counts)))}
        if len(links) <= _LABELLED_EDGES:
            attrs.update(label=_html_label([_h(str(total))]), fontsize="13")
        if set(counts) == {"located_in"}:
            builder.has_located_edges = True
            attrs.update(style="dashed", color=_quoted(_LOCATED_EDGE))
        if (source, target) in failing:
            attrs.update(color=_quoted(_FAILED_EDGE))
        elif set(counts) == {"group"}:
            builder.has_redundant_edges = True
            attrs.update(style="bold", color=_quoted(_REDUNDANT_EDGE))
        builder.edge_count += 1
        builder.graph.add_edge(pydot.Edge(_id(name[source]), _id(name[target]), **attrs))
    if rows:  # many edges fan out to the grid: let them share their trunks
        builder.graph.set("concentrate", "true")
    for row in rows:
        for left, right in zip(row, row[1:]):
            builder.graph.add_edge(pydot.Edge(_id(name[left]), _id(name[right]),
                                              style="invis", weight="20"))


def _grid(links: Mapping[tuple[str, str], object], keys: Sequence[str]) -> list[list[str]]:
    """Rows of sinks (groups nothing else needs, such as 38 hospitals), to be chained
    left to right by invisible edges, so that many sinks make a compact grid instead
    of one tall column; no rows when there are few."""
    sources = {source for source, _ in links}
    targets = {target for _, target in links}
    sinks = [key for key in keys if key not in sources and key in targets]
    if len(sinks) <= _GRID_FROM:
        return []
    columns = max(2, round(math.sqrt(len(sinks) / 2)))
    return [sinks[i:i + columns] for i in range(0, len(sinks), columns)]


def _group_node(builder: _Builder, collapse: str, key: str, ids: list[str],
                name: str) -> pydot.Node:
    inventory = builder.inventory
    count = len(ids)
    by_type: dict[str, int] = {}
    for ident in ids:
        kind = inventory[ident].type
        by_type[kind] = by_type.get(kind, 0) + 1
    if collapse == "type":
        kind = key
        lines = [_font(_h(f"{count} \u00d7 {key}"), 20, bold=True)]
    else:
        if collapse == "location":
            kind = inventory[key].type if key else ""
            title = inventory[key].label if key else _NONE_LABEL[collapse]
        else:
            provider = inventory.providers.get(key)
            kind = ""
            title = (provider.label if provider else key) if key else _NONE_LABEL[collapse]
        lines = [_font(_h(line), 16, bold=True) for line in _wrapped(title)]
        lines.append(_font(_h(f"{count} \u00d7 {next(iter(by_type))}" if len(by_type) == 1
                              else plural(count, "component")), 14))
    if kind:
        builder.types_used.add(kind)
    state = None
    if builder.scenario:
        states = [builder.scenario.state[i] for i in ids]
        state = max(states, key=_STATE_RANK.__getitem__)
        failed = sum(1 for s in states if s in ("failed", "initial"))
        initial = sum(1 for s in states if s == "initial")
        degraded = sum(1 for s in states if s == "degraded")
        parts = []
        if failed:
            parts.append(f"{failed} of {count} fail" + (f" ({initial} initially)"
                                                        if initial else ""))
        if degraded:
            parts.append(f"{degraded} degraded")
        ink = "white" if state == "initial" else _INK
        lines.append(_font(_h(", ".join(parts) if parts else "all work"), 14, ink, bold=True))
    colour = _colour(kind) if kind else _OTHER_COLOUR
    if state is None:
        fill, ink = _pale(colour), _INK
    else:
        fill, ink = STATE_FILLS[state], ("white" if state == "initial" else _INK)
    attrs = {"shape": _shape(kind) if kind else "box", "fillcolor": _quoted(fill),
             "color": _quoted(colour), "fontcolor": _quoted(ink), "penwidth": "1.5",
             "margin": _quoted("0.14,0.07")}
    if not key:
        attrs["style"] = _quoted("filled,dashed")
    tooltip = [f"{collapse} {key}" if key else _NONE_LABEL[collapse],
               f"{plural(count, 'component')}: {listed(ids, 12)}",
               ", ".join(f"{n} {t}" for t, n in sorted(by_type.items(),
                                                         key=lambda i: _type_key(i[0])))]
    if builder.spofs:
        points = [i for i in ids if i in builder.spofs.components]
        provider_point = builder.spofs.providers.get(key) if collapse == "provider" else None
        if points or provider_point:
            marks = []
            if provider_point:
                marks.append("SPOF provider")
            if points:
                marks.append(plural(len(points), "SPOF") + (" inside" if provider_point else ""))
            lines.append(_font(_h(", ".join(marks)), 14,
                               "white" if state == "initial" else _RED, bold=True))
            attrs.update(color=_quoted(_RED), penwidth="4")
            tooltip.append(f"single points of failure: {listed(points, 12)}")
    attrs["label"] = _html_label(lines)
    attrs["tooltip"] = _quoted("\n".join(tooltip))
    return pydot.Node(_id(name), **attrs)


# -- legend and title -------------------------------------------------------------------


def _legend(builder: _Builder, collapse: str | None) -> None:
    """A cluster of sample nodes: the types drawn (unless the nodes name their type),
    the states of a scenario, the SPOF mark, a junction; then notes on the edges."""
    entries: list[pydot.Node] = []
    hollow = builder.scenario is not None
    collapsed = collapse is not None
    size, note = ("14", 12) if collapsed else ("10", 9)  # to match the nodes drawn
    for kind in sorted(builder.types_used if collapse != "type" else (), key=_type_key):
        colour = _colour(kind)
        entries.append(pydot.Node(
            _id(f"legend#type#{kind}"), shape=_shape(kind),
            fillcolor=_quoted("white" if hollow else _pale(colour)), color=_quoted(colour),
            label=_html_label([_h(kind)]), fontsize=size))
    if builder.scenario:
        for state in ("initial", "failed", "degraded", "ok"):
            entries.append(pydot.Node(
                _id(f"legend#state#{state}"), shape="box", fillcolor=_quoted(STATE_FILLS[state]),
                color=_quoted(_MUTED), fontsize=size,
                fontcolor=_quoted("white" if state == "initial" else _INK),
                label=_html_label([_font(_h(_STATE_TEXT[state]), bold=True)])))
    if builder.spofs:
        entries.append(pydot.Node(
            _id("legend#spof"), shape="box", fillcolor=_quoted("white"), color=_quoted(_RED),
            penwidth="4", fontsize=size,
            label=_html_label([_font(_h("SPOF"), colour=_RED, bold=True),
                               _font(_h("single point of failure"), note)])))
    if builder.junction_count:
        entries.append(pydot.Node(
            _id("legend#junction"), shape="box", style=_quoted("rounded,filled"),
            fillcolor=_quoted("white"), color=_quoted(_EDGE), fontsize="8",
            height="0.2", width="0.3", margin=_quoted("0.04,0.01"),
            label=_html_label([_h("2 of 3")])))
    notes = ["arrows: from what is needed to what needs it"]
    if builder.junction_count:
        notes.append("k of n: a redundancy group, needs k of its n members")
    if builder.has_located_edges:
        notes.append("dashed: located in (a hard dependency too)")
    if collapsed:
        notes.append("edge width: how many dependency links")
    if builder.has_redundant_edges:
        notes.append("green: only through redundancy groups")
    if builder.focus:
        notes.append("double border: the component in focus")
    legend = pydot.Subgraph(_id("cluster_legend"))
    for attr, value in (("label", _html_label([_font(_h("Legend"), note + 3, bold=True)])),
                        ("style", _quoted("rounded")), ("color", _quoted(_CLUSTER_LINE)),
                        ("labeljust", "l"), ("margin", "10")):
        legend.set(attr, value)
    for entry in entries:
        legend.add_node(entry)
    legend.add_node(pydot.Node(_id("legend#notes"), shape="plaintext", style=_quoted("solid"),
                               fontsize=str(note),
                               label=_html_label([_h(n) for n in notes], "LEFT")))
    # a few entries make a column; more make rows (of up to four), chained left to right
    width = 1 if len(entries) <= _LEGEND_COLUMN else min(_LEGEND_ROW,
                                                          math.ceil(len(entries) / 4))
    for i in range(0, len(entries), width):
        row = entries[i:i + width]
        for left, right in zip(row, row[1:]):
            legend.add_edge(pydot.Edge(left.get_name(), right.get_name(), style="invis"))
    builder.graph.add_subgraph(legend)


def _title_lines(inventory: Inventory, builder: _Builder, *, cluster_by: str,
                 collapse: str | None, focus: str | None, depth: int, direction: str,
                 selectors: Sequence[str], total_groups: int) -> list[str]:
    title = inventory.name or "Dependency diagram"
    big = collapse is not None  # few, large nodes: a larger title to match
    lines = [_font(_h(title), 26 if big else 18, bold=True)]
    count = len(builder.shown)
    if focus:
        way = {"up": "what it needs", "down": "what needs it",
               "both": "what it needs and what needs it"}[direction]
        view = (f"around {focus}: {way}, {plural(depth, 'link')} deep, "
                f"{plural(count, 'component')} of {len(inventory)}")
    else:
        view = plural(count, "component")
    if collapse:
        view += f", collapsed by {collapse} into {plural(total_groups, 'group')}"
    elif cluster_by != "none":
        view += f", grouped by {'top-level location' if cluster_by == 'location' else 'provider'}"
    small, large = (15, 17) if big else (11, 12)
    lines.append(_font(_h(view), small, _MUTED))
    scenario = builder.scenario
    if scenario is not None:
        what = ", ".join(selectors) if selectors else listed(scenario.initial, 6)
        lines.append(_font(_h(
            f"Scenario: {what} fails \u2192 {len(scenario.failed)} of {len(inventory)} "
            f"components fail ({len(scenario.initial)} initially), "
            f"{scenario.degraded_count} degraded"), large, bold=True))
    spofs = builder.spofs
    if spofs is not None:
        locations = sum(1 for s in spofs.components.values() if s.kind == "location")
        components = len(spofs.components) - locations
        text = (f"Single points of failure: {plural(components, 'component')}, "
                f"{plural(locations, 'location')}")
        if spofs.providers:
            text += f"; providers: {', '.join(sorted(spofs.providers))}"
        lines.append(_font(_h(text), large, _RED, bold=True))
    return lines


# -- entry points -----------------------------------------------------------------------


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
    builder = _Builder(inventory, shown, _scenario(inventory, scenario),
                       _spofs(inventory, spofs), focus)
    if collapse:
        _collapsed(builder, collapse)
    else:
        _full(builder, cluster_by)
    groups = builder.group_count
    _legend(builder, collapse)
    builder.setup(_title_lines(inventory, builder, cluster_by=cluster_by, collapse=collapse,
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
