"""The components (and locations) that take a target down, ranked by impact.

The reference reads the single-failure analysis's ``kills`` mapping; when the numpy
kernel ran, :mod:`.ranking_numpy` ranks straight from its causes table.
"""

from __future__ import annotations

from depgraph.analysis.single_failures import SingleFailures
from depgraph.analysis.spof.points import SinglePoint, impact, weight_of
from depgraph.core.graph import CompiledInventory
from depgraph.core.model import Inventory

__all__ = ["component_points"]


def component_points(inventory: Inventory, compiled: CompiledInventory,
                     analysis: SingleFailures) -> tuple[list[SinglePoint], tuple | None]:
    """The components (and locations) that take a target down, ranked by impact; with
    the kernel's table, also each one's number and its first target's, in that order."""
    locations = {c.located_in for c in inventory.components.values() if c.located_in}
    if analysis.table is not None:
        from depgraph.analysis.spof.ranking_numpy import component_points_numpy

        return component_points_numpy(inventory, compiled, analysis.table, locations)
    ids, blast = compiled.ids, analysis.blast
    points = []
    for x, killed in analysis.kills.items():
        kills = tuple(ids[t] for t in killed)
        points.append(SinglePoint("location" if ids[x] in locations else "component", ids[x],
                                  kills, blast[x], weight_of(inventory, kills)))
    points.sort(key=impact)
    return points, None
