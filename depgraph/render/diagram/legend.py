"""The legend and the title of a diagram: what the marks mean, and what is drawn.

The legend is a cluster of sample nodes (the types drawn, unless the nodes name their
type; the states of a scenario; the SPOF mark; a junction) and notes on the edges
drawn. The title names the inventory, the view (focus, grouping, collapse), the
scenario and the single points of failure.
"""

from __future__ import annotations

import math
import textwrap
from typing import Sequence

import pydot

from depgraph.core.model import Inventory
from depgraph.core.wording import listed, plural
from depgraph.render.diagram.builder import Builder
from depgraph.render.diagram.labels import dot_id, font, html_label, html_text, quoted
from depgraph.render.diagram.styles import (CLUSTER_LINE, EDGE, INK, MUTED, RED, STATE_FILLS,
                                            STATE_TEXT, pale, shape)
from depgraph.render.palette import type_colour, type_rank

__all__ = ["draw_legend", "title_lines"]

_TITLE_WRAP = 90  # characters of the title per line

_LEGEND_ROW = 4  # legend entries per row, at most
_LEGEND_COLUMN = 6  # up to this many legend entries make one column


def draw_legend(builder: Builder, collapse: str | None) -> None:
    """A cluster of sample nodes, then notes on the edges, in rows or a column."""
    collapsed = collapse is not None
    size, note = ("14", 12) if collapsed else ("10", 9)  # to match the nodes drawn
    entries = _entries(builder, collapse, size, note)
    legend = pydot.Subgraph(dot_id("cluster_legend"))
    for attr, value in (("label", html_label([font(html_text("Legend"), note + 3, bold=True)])),
                        ("style", quoted("rounded")), ("color", quoted(CLUSTER_LINE)),
                        ("labeljust", "l"), ("margin", "10")):
        legend.set(attr, value)
    for entry in entries:
        legend.add_node(entry)
    legend.add_node(pydot.Node(dot_id("legend#notes"), shape="plaintext", style=quoted("solid"),
                               fontsize=str(note),
                               label=html_label([html_text(n) for n in _notes(builder, collapsed)],
                                                "LEFT")))
    # a few entries make a column; more make rows (of up to four), chained left to right
    width = 1 if len(entries) <= _LEGEND_COLUMN else min(_LEGEND_ROW,
                                                          math.ceil(len(entries) / 4))
    for i in range(0, len(entries), width):
        row = entries[i:i + width]
        for left, right in zip(row, row[1:]):
            legend.add_edge(pydot.Edge(left.get_name(), right.get_name(), style="invis"))
    builder.graph.add_subgraph(legend)


def _entries(builder: Builder, collapse: str | None, size: str, note: int) -> list[pydot.Node]:
    """The sample nodes: types (hollow in a scenario, whose fills are states), states,
    the SPOF mark, a junction."""
    entries: list[pydot.Node] = []
    hollow = builder.scenario is not None
    for kind in sorted(builder.types_used if collapse != "type" else (), key=type_rank):
        colour = type_colour(kind)
        entries.append(pydot.Node(
            dot_id(f"legend#type#{kind}"), shape=shape(kind),
            fillcolor=quoted("white" if hollow else pale(colour)), color=quoted(colour),
            label=html_label([html_text(kind)]), fontsize=size))
    if builder.scenario:
        for state in ("initial", "failed", "degraded", "ok"):
            entries.append(pydot.Node(
                dot_id(f"legend#state#{state}"), shape="box",
                fillcolor=quoted(STATE_FILLS[state]), color=quoted(MUTED), fontsize=size,
                fontcolor=quoted("white" if state == "initial" else INK),
                label=html_label([font(html_text(STATE_TEXT[state]), bold=True)])))
    if builder.spofs:
        entries.append(pydot.Node(
            dot_id("legend#spof"), shape="box", fillcolor=quoted("white"), color=quoted(RED),
            penwidth="4", fontsize=size,
            label=html_label([font(html_text("SPOF"), colour=RED, bold=True),
                              font(html_text("single point of failure"), note)])))
    if builder.junction_count:
        entries.append(pydot.Node(
            dot_id("legend#junction"), shape="box", style=quoted("rounded,filled"),
            fillcolor=quoted("white"), color=quoted(EDGE), fontsize="8",
            height="0.2", width="0.3", margin=quoted("0.04,0.01"),
            label=html_label([html_text("2 of 3")])))
    return entries


def _notes(builder: Builder, collapsed: bool) -> list[str]:
    """What the edges and borders drawn mean."""
    notes = ["arrows: from what is needed to what needs it"]
    if builder.junction_count:
        notes.append("k of n: a redundancy group, needs k of its n members")
    if builder.has_located_edges:
        notes.append("dashed: located in (a hard dependency too)")
    if builder.has_start_edges:
        notes.append("dotted: needed only to start (when: start)")
    if collapsed:
        notes.append("edge width: how many dependency links")
    if builder.has_redundant_edges:
        notes.append("green: only through redundancy groups")
    if builder.focus:
        notes.append("double border: the component in focus")
    return notes


def title_lines(inventory: Inventory, builder: Builder, *, cluster_by: str,
                collapse: str | None, focus: str | None, depth: int, direction: str,
                selectors: Sequence[str], total_groups: int) -> list[str]:
    """The title's lines: the inventory, the view, the scenario, the SPOFs."""
    title = inventory.name or "Dependency diagram"
    big = collapse is not None  # few, large nodes: a larger title to match
    # A long name (an import's, which lists its sources) wraps rather than widens the page.
    lines = [font(html_text(part), 26 if big else 18, bold=True)
             for part in textwrap.wrap(title, _TITLE_WRAP, break_on_hyphens=False) or [title]]
    small, large = (15, 17) if big else (11, 12)
    view = _view_text(inventory, len(builder.shown), cluster_by=cluster_by, collapse=collapse,
                      focus=focus, depth=depth, direction=direction, total_groups=total_groups)
    lines.append(font(html_text(view), small, MUTED))
    scenario = builder.scenario
    if scenario is not None:
        what = ", ".join(selectors) if selectors else listed(scenario.initial, 6)
        lines.append(font(html_text(
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
        lines.append(font(html_text(text), large, RED, bold=True))
    return lines


def _view_text(inventory: Inventory, count: int, *, cluster_by: str, collapse: str | None,
               focus: str | None, depth: int, direction: str, total_groups: int) -> str:
    """``around pacs: what it needs, 2 links deep, 17 components of 516, grouped by ...``."""
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
        grouping = {"location": "top-level location"}.get(cluster_by, cluster_by)
        view += f", grouped by {grouping}"
    return view
