"""The collapsed view of a diagram: one node per type, provider or top-level location.

For large estates. Each group is a node with its name, how many components it holds
(of which types), with a scenario the worst state inside and how many fail, and its
single points of failure; the links between two groups are one edge, as wide as they
are many, labelled with their count while there are few edges. Many groups that
nothing else needs (38 hospitals) are laid out as a grid rather than one tall column.
"""

from __future__ import annotations

import math
from functools import partial
from typing import Callable, Mapping, Sequence

import pydot

from depgraph.core.model import Inventory
from depgraph.core.topology import top_locations
from depgraph.core.wording import listed, plural
from depgraph.render.diagram.builder import Builder, requirements_in_order
from depgraph.render.diagram.labels import dot_id, font, html_label, html_text, quoted, wrapped
from depgraph.render.diagram.styles import (FAILED_EDGE, INK, LOCATED_EDGE, RED, REDUNDANT_EDGE,
                                            STATE_RANK, node_colours, shape)
from depgraph.render.palette import type_rank

__all__ = ["draw_collapsed"]

_LABELLED_EDGES = 40  # edges are labelled with their counts up to this many edges
_GRID_FROM = 8  # more sinks than this are laid out as a grid
_NONE_LABEL = {"type": "no type", "provider": "no provider", "location": "not located"}


def draw_collapsed(builder: Builder, collapse: str) -> None:
    """One node per type, provider or location, with counts; edges aggregated."""
    group_of = _grouping(builder.inventory, collapse)
    members: dict[str, list[str]] = {}
    for ident in builder.shown:
        members.setdefault(group_of(ident), []).append(ident)
    order = partial(_group_order, collapse)
    name = {key: f"{collapse}#{key}" for key in members}
    builder.group_count = len(members)
    for key in sorted(members, key=order):
        builder.graph.add_node(_group_node(builder, collapse, key, members[key], name[key]))
    links, failing = _links(builder, group_of)
    rows = _grid(links, sorted(members, key=order))
    for (source, target), counts in sorted(links.items(),
                                           key=lambda item: (order(item[0][0]),
                                                             order(item[0][1]))):
        builder.graph.add_edge(_link_edge(builder, name[source], name[target], counts,
                                          (source, target) in failing,
                                          labelled=len(links) <= _LABELLED_EDGES))
    if rows:  # many edges fan out to the grid: let them share their trunks
        builder.graph.set("concentrate", "true")
    for row in rows:
        for left, right in zip(row, row[1:]):
            builder.graph.add_edge(pydot.Edge(dot_id(name[left]), dot_id(name[right]),
                                              style="invis", weight="20"))


def _grouping(inventory: Inventory, collapse: str) -> Callable[[str], str]:
    """Each component's group: its type, provider or top-level location ("" for none)."""
    if collapse == "type":
        return lambda ident: inventory[ident].type
    if collapse == "provider":
        return lambda ident: inventory[ident].provider or ""
    tops = top_locations(inventory)
    return lambda ident: tops[ident] or ""


def _group_order(collapse: str, key: str) -> tuple:
    """Types from the ground up; providers and locations by id, the group of none last."""
    if collapse == "type":
        return (0, *type_rank(key))
    return (key == "", key)


def _links(builder: Builder, group_of: Callable[[str], str]
           ) -> tuple[dict[tuple[str, str], dict[str, int]], set[tuple[str, str]]]:
    """The links between groups, ``(source, target) -> {kind: count}`` (kinds:
    ``located_in``, ``group``, ``hard``, ``start``), and those a failed member goes
    through."""
    links: dict[tuple[str, str], dict[str, int]] = {}
    failing: set[tuple[str, str]] = set()
    for ident in builder.shown:
        target = group_of(ident)
        for requirement in requirements_in_order(builder.inventory[ident]):
            kind = ("located_in" if requirement.kind == "located_in" else
                    "start" if requirement.start else
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
    return links, failing


def _link_edge(builder: Builder, source: str, target: str, counts: Mapping[str, int],
               failing: bool, labelled: bool) -> pydot.Edge:
    """The edge between two group nodes, as wide as the links it stands for."""
    total = sum(counts.values())
    attrs = {"penwidth": f"{min(1 + math.log2(total), 5):.2f}",
             "tooltip": quoted(", ".join(f"{counts[k]} {k.replace('_', ' ')}"
                                         for k in sorted(counts)))}
    if labelled:
        attrs.update(label=html_label([html_text(str(total))]), fontsize="13")
    if set(counts) == {"located_in"}:
        builder.has_located_edges = True
        attrs.update(style="dashed", color=quoted(LOCATED_EDGE))
    elif set(counts) == {"start"}:
        builder.has_start_edges = True
        attrs.update(style="dotted")
    if failing:
        attrs.update(color=quoted(FAILED_EDGE))
    elif set(counts) == {"group"}:
        builder.has_redundant_edges = True
        attrs.update(style="bold", color=quoted(REDUNDANT_EDGE))
    builder.edge_count += 1
    return pydot.Edge(dot_id(source), dot_id(target), **attrs)


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


def _group_node(builder: Builder, collapse: str, key: str, ids: list[str],
                name: str) -> pydot.Node:
    """A group as a node: its name and size, the worst state inside, its SPOFs."""
    by_type: dict[str, int] = {}
    for ident in ids:
        kind = builder.inventory[ident].type
        by_type[kind] = by_type.get(kind, 0) + 1
    kind, lines = _group_title(builder.inventory, collapse, key, len(ids), by_type)
    if kind:
        builder.types_used.add(kind)
    state = None
    if builder.scenario:
        states = [builder.scenario.state[i] for i in ids]
        state = max(states, key=STATE_RANK.__getitem__)
        lines.append(font(html_text(_states_text(states)), 14,
                          "white" if state == "initial" else INK, bold=True))
    fill, colour, ink = node_colours(kind, state)
    attrs = {"shape": shape(kind), "fillcolor": quoted(fill), "color": quoted(colour),
             "fontcolor": quoted(ink), "penwidth": "1.5", "margin": quoted("0.14,0.07")}
    if not key:
        attrs["style"] = quoted("filled,dashed")
    tooltip = [f"{collapse} {key}" if key else _NONE_LABEL[collapse],
               f"{plural(len(ids), 'component')}: {listed(ids, 12)}",
               ", ".join(f"{n} {t}" for t, n in sorted(by_type.items(),
                                                         key=lambda i: type_rank(i[0])))]
    marks, points = _spof_marks(builder, collapse, key, ids)
    if marks:
        lines.append(font(html_text(marks), 14, "white" if state == "initial" else RED,
                          bold=True))
        attrs.update(color=quoted(RED), penwidth="4")
        tooltip.append(f"single points of failure: {listed(points, 12)}")
    attrs["label"] = html_label(lines)
    attrs["tooltip"] = quoted("\n".join(tooltip))
    return pydot.Node(dot_id(name), **attrs)


def _group_title(inventory: Inventory, collapse: str, key: str, count: int,
                 by_type: Mapping[str, int]) -> tuple[str, list[str]]:
    """The type a group is drawn as ("" for none), and the first lines of its label."""
    if collapse == "type":
        return key, [font(html_text(f"{count} \u00d7 {key}"), 20, bold=True)]
    if collapse == "location":
        kind = inventory[key].type if key else ""
        title = inventory[key].label if key else _NONE_LABEL[collapse]
    else:
        provider = inventory.providers.get(key)
        kind = ""
        title = (provider.label if provider else key) if key else _NONE_LABEL[collapse]
    lines = [font(html_text(line), 16, bold=True) for line in wrapped(title)]
    lines.append(font(html_text(f"{count} \u00d7 {next(iter(by_type))}" if len(by_type) == 1
                                else plural(count, "component")), 14))
    return kind, lines


def _states_text(states: Sequence[str]) -> str:
    """``3 of 12 fail (1 initially), 2 degraded``, or ``all work``."""
    count = len(states)
    failed = sum(1 for s in states if s in ("failed", "initial"))
    initial = sum(1 for s in states if s == "initial")
    degraded = sum(1 for s in states if s == "degraded")
    parts = []
    if failed:
        parts.append(f"{failed} of {count} fail" + (f" ({initial} initially)"
                                                    if initial else ""))
    if degraded:
        parts.append(f"{degraded} degraded")
    return ", ".join(parts) if parts else "all work"


def _spof_marks(builder: Builder, collapse: str, key: str,
                ids: Sequence[str]) -> tuple[str, list[str]]:
    """``SPOF provider, 3 SPOFs inside`` (or "" when the group holds none), and the
    single points of failure among its components."""
    if not builder.spofs:
        return "", []
    points = [i for i in ids if i in builder.spofs.components]
    provider_point = builder.spofs.providers.get(key) if collapse == "provider" else None
    marks = []
    if provider_point:
        marks.append("SPOF provider")
    if points:
        marks.append(plural(len(points), "SPOF") + (" inside" if provider_point else ""))
    return ", ".join(marks), points
