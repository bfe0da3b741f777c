"""The full view of a diagram: every component shown, in clusters, with junctions.

Each redundancy group of two members or more is a junction node between its members
and the component that needs it; other requirements are arrows, the strongest kind
winning where a component needs the same member twice (hard over ``located_in``).
Components sharing a top-level location or a provider are boxed together, each
junction with the component that needs it; a cluster that is a single point of
failure is outlined in red.
"""

from __future__ import annotations

from typing import Sequence

import pydot

from depgraph.core.model import Inventory, Requirement
from depgraph.core.topology import top_locations
from depgraph.core.wording import plural
from depgraph.render.diagram.builder import Builder, requirements_in_order
from depgraph.render.diagram.labels import dot_id, font, html_label, html_text, quoted
from depgraph.render.diagram.styles import CLUSTER_FILL, CLUSTER_LINE, RED

__all__ = ["draw_full"]


#: A junction: its node name, the redundancy group, and the component that needs it.
_Junction = tuple[str, Requirement, str]
#: Which kind of edge wins where a component needs the same member twice.
_STRENGTH = {"hard": 2, "located_in": 1, "start": 0, "member": 0, "junction": 0}


def draw_full(builder: Builder, cluster_by: str) -> None:
    """Every component shown, with junctions and clusters."""
    edges, junctions = _links(builder)
    clusters = _clusters(builder, cluster_by)
    placed = {ident: key for key, ids in clusters.items() for ident in ids}
    for name, _, owner in junctions:
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
        cluster = pydot.Subgraph(dot_id(f"cluster_{number}"))
        _cluster_style(cluster, builder, cluster_by, key)
        for name in sorted(clusters[key]):
            cluster.add_node(node(name))
        graph.add_subgraph(cluster)
    for (source, target), kind in sorted(edges.items()):
        graph.add_edge(builder.edge(source, target, kind))


def _links(builder: Builder) -> tuple[dict[tuple[str, str], str], list[_Junction]]:
    """The edges between the components shown, ``(source, target) -> kind``, through a
    junction for each redundancy group of two members or more."""
    inventory, shown = builder.inventory, builder.shown_set
    edges: dict[tuple[str, str], str] = {}
    junctions: list[_Junction] = []
    for ident in builder.shown:
        for index, requirement in enumerate(requirements_in_order(inventory[ident])):
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
            kind = ("located_in" if requirement.kind == "located_in" else
                    "start" if requirement.start else "hard")
            for member in members:
                previous = edges.get((member, ident))
                if previous is None or _STRENGTH[kind] > _STRENGTH[previous]:
                    edges[(member, ident)] = kind
    return edges, junctions


def _clusters(builder: Builder, cluster_by: str) -> dict[str, list[str]]:
    """The components shown by cluster key, for the keys that two or more share."""
    key_of = _cluster_keys(builder.inventory, builder.shown, cluster_by)
    clusters: dict[str, list[str]] = {}
    for ident in builder.shown:
        if key_of.get(ident) is not None:
            clusters.setdefault(key_of[ident], []).append(ident)
    return {k: v for k, v in clusters.items() if len(v) >= 2}


def _cluster_keys(inventory: Inventory, shown: Sequence[str],
                  cluster_by: str) -> dict[str, str | None]:
    if cluster_by == "location":
        tops = top_locations(inventory)
        return {i: tops[i] for i in shown}
    if cluster_by == "provider":
        return {i: inventory[i].provider for i in shown}
    if cluster_by == "system":
        keys = {i: system_of(inventory[i].tags) for i in shown}
        systems = {f"system/{k}": k for k in keys.values() if k}
        return {i: keys[i] or systems.get(i) for i in shown}  # a system in its own box
    return {}


def system_of(tags: Sequence[str]) -> str | None:
    """The system a component belongs to: its first ``system:<name>`` tag (the one the
    Backstage import writes from ``spec.system``), None without one."""
    return next((t[len("system:"):] for t in sorted(tags) if t.startswith("system:")
                 and len(t) > len("system:")), None)


def _cluster_style(cluster: pydot.Subgraph, builder: Builder, cluster_by: str,
                   key: str) -> None:
    inventory = builder.inventory
    if cluster_by == "location":
        title, detail = inventory[key].label, f"location {key}"
        point = builder.spofs.components.get(key) if builder.spofs else None
    elif cluster_by == "system":
        whole = inventory.components.get(f"system/{key}")
        title, detail = (whole.label if whole else key), f"system {key}"
        point = None
    else:
        provider = inventory.providers.get(key)
        title = provider.label if provider else key
        detail = f"provider {key}"
        point = builder.spofs.providers.get(key) if builder.spofs else None
    lines = [font(html_text(title), 12, bold=True)]
    colour, width = CLUSTER_LINE, "1"
    if point is not None:
        lines.append(font(html_text(f"SPOF \u00b7 {plural(len(point.kills), 'target')}"), 9,
                          RED, bold=True))
        colour, width = RED, "3"
    for attr, value in (("label", html_label(lines, "LEFT")),
                        ("tooltip", quoted(detail)), ("style", quoted("rounded,filled")),
                        ("fillcolor", quoted(CLUSTER_FILL)), ("color", quoted(colour)),
                        ("penwidth", width), ("labeljust", "l"), ("margin", "10")):
        cluster.set(attr, value)
