"""Draw the README's picture: the hospital group when hostco loses power.

Central components are drawn one by one; each hospital-level function (hNN-*)
is folded into one node per function for all 38 hospitals. Red: failed
initially; orange: failed; yellow: degraded; green: still working.
(``depgraph render`` will do this in general; this script only makes the picture.)

    python scripts/readme_picture.py   # writes docs/images/hospital-power-loss.png
"""

from __future__ import annotations

import re
from collections import Counter

import pydot

import depgraph

COLOURS = {"initial": "#d62728", "failed": "#ff9f40", "degraded": "#ffe066", "ok": "#9fd89f"}
FOLD = re.compile(r"^h\d\d(-|$)")


def node_of(ident: str) -> str:
    return "hospitals" + ident[3:] if FOLD.match(ident) else ident


def main() -> None:
    inventory = depgraph.load_inventory("inventories/hospital-group.yaml")
    result = depgraph.blast_radius(
        inventory, depgraph.select(inventory, "provider:hostco,type:power"),
        ["provider:hostco,type:power"])
    state = {i: "ok" for i in inventory.components}
    state.update({i: "degraded" for i in result.degraded})
    state.update({i: "failed" for i in result.failed})
    state.update({i: "initial" for i in result.initial})
    folded: dict[str, Counter] = {}
    for ident in inventory.components:
        folded.setdefault(node_of(ident), Counter())[state[ident]] += 1
    graph = pydot.Dot("estate", graph_type="digraph", rankdir="LR", bgcolor="white",
                      fontname="Helvetica", ranksep="0.35", nodesep="0.12",
                      label="hostco loses power: 224 of 516 components fail; "
                            "imaging, pharmacy and payroll keep working",
                      labelloc="t", fontsize="20", dpi="80")
    graph.set_node_defaults(shape="box", style="rounded,filled", fontname="Helvetica",
                            fontsize="10", height="0.3")
    for name, counts in sorted(folded.items()):
        worst = next(s for s in COLOURS if counts[s])
        label = name if name in inventory.components else f"{name} (x{sum(counts.values())})"
        graph.add_node(pydot.Node(f'"{name}"', label=f'"{label}"', fillcolor=COLOURS[worst]))
    edges = {(node_of(member), node_of(ident)) for ident, component in inventory.components.items()
             for requirement in component.requirements for member in requirement.members}
    for source, target in sorted(edges):
        if source != target:
            graph.add_edge(pydot.Edge(f'"{source}"', f'"{target}"', color="#888888",
                                      arrowsize="0.5"))
    legend = pydot.Cluster("legend", label="Legend", fontsize="12", style="rounded")
    for state_name, colour in COLOURS.items():
        legend.add_node(pydot.Node(f"legend_{state_name}", label=state_name, fillcolor=colour))
    graph.add_subgraph(legend)
    graph.write_png("docs/images/hospital-power-loss.png")


if __name__ == "__main__":
    main()
