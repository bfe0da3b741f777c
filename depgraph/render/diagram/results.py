"""What a diagram reads of the results it draws: states and reasons, SPOFs by id.

A diagram draws a blast radius (each component's state, and why it fails or degrades,
for the tooltips) and a SPOF report (which nodes and clusters to outline); it computes
neither. Both must be results of the inventory drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from depgraph.analysis.blast_radius import BlastRadius
from depgraph.analysis.spof import SinglePoint, SpofReport
from depgraph.core.model import Inventory

__all__ = ["ScenarioView", "SpofView", "scenario_view", "spof_view"]


@dataclass(frozen=True)
class ScenarioView:
    """A scenario as drawn: ``state`` maps each id to initial, failed, degraded or ok;
    ``explain`` says why a component fails (not initially) or degrades."""

    state: Mapping[str, str]
    failed: frozenset[str]
    initial: tuple[str, ...]
    degraded_count: int
    explain: Mapping[str, str]


@dataclass(frozen=True)
class SpofView:
    """The single points of failure by id: components and locations, and providers."""

    components: Mapping[str, SinglePoint]
    providers: Mapping[str, SinglePoint]


def scenario_view(inventory: Inventory, result: BlastRadius | None) -> ScenarioView | None:
    """What the diagram reads of a blast radius of ``inventory``; None for None.

    >>> from depgraph import blast_radius, load_inventory
    >>> shop = load_inventory("inventories/webshop.yaml")
    >>> view = scenario_view(shop, blast_radius(shop, ["zone-a"]))
    >>> view.state["zone-a"], view.state["db-1"], view.state["lb"]
    ('initial', 'failed', 'ok')
    """
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
    return ScenarioView(state, frozenset(result.failed), result.initial,
                        len(result.degraded), explain)


def spof_view(inventory: Inventory, report: SpofReport | None) -> SpofView | None:
    """The single points of failure of a SPOF report of ``inventory``; None for None.

    >>> from depgraph import load_inventory, single_points_of_failure
    >>> shop = load_inventory("inventories/webshop.yaml")
    >>> sorted(spof_view(shop, single_points_of_failure(shop)).providers)
    ['cloudy', 'dnsco', 'payco']
    """
    if report is None:
        return None
    _check_inventory(inventory, report.inventory, "spofs")
    return SpofView({s.id: s for s in report.spofs if s.kind != "provider"},
                    {s.id: s for s in report.spofs if s.kind == "provider"})


def _check_inventory(inventory: Inventory, theirs: Inventory, what: str) -> None:
    if theirs is not inventory:
        raise ValueError(f"{what} was computed for another inventory than the one drawn")
