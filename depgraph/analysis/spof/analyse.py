"""Single points of failure: every component, provider and location whose failure
alone takes down at least one target.

Exact, not heuristic: articulation points or in-degree say nothing true about
directed redundancy. Components come from
:mod:`~depgraph.analysis.single_failures` (every single failure at once); each
provider is one propagation of all its components failing together. A location is
a component that others are ``located_in``. With ``order=2``, the minimal pairs
come from :mod:`~depgraph.analysis.double_failures`.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import combinations
from typing import Callable, Iterable

from depgraph.analysis.double_failures import double_failures
from depgraph.analysis.propagation import propagate, run_scenario
from depgraph.analysis.single_failures import single_failures
from depgraph.analysis.spof.points import FailurePair, SinglePoint, impact, weight_of
from depgraph.analysis.spof.ranking import component_points
from depgraph.analysis.spof.report import SpofReport
from depgraph.core.graph import compile_inventory
from depgraph.core.model import Inventory
from depgraph.core.selectors import Selector, components_named

__all__ = ["default_targets", "single_points_of_failure"]


def default_targets(inventory: Inventory) -> tuple[str, ...]:
    """Components marked critical or, where none is, every component nothing depends on.

    >>> from depgraph import load_inventory
    >>> default_targets(load_inventory("inventories/webshop.yaml"))
    ('checkout', 'db-cluster', 'dns', 'lb', 'payments', 'storefront')
    """
    critical = tuple(i for i, c in inventory.components.items() if c.criticality == "critical")
    if critical:
        return critical
    needed = {m for c in inventory.components.values()
              for requirement in c.requirements for m in requirement.members}
    return tuple(i for i in inventory.components if i not in needed)


def _operated(inventory: Inventory) -> dict[str, list[int]]:
    """The numbers of the components each provider operates, by provider id (sorted)."""
    index = compile_inventory(inventory).index
    members: dict[str, list[int]] = {}
    for ident, component in inventory.components.items():
        if component.provider:
            members.setdefault(component.provider, []).append(index[ident])
    return dict(sorted(members.items()))


def _provider_points(inventory: Inventory, targets: tuple[str, ...],
                     runs: dict | None = None) -> list[SinglePoint]:
    """A propagation per provider; with ``runs``, those of the SPOFs are kept there."""
    compiled = compile_inventory(inventory)
    wanted = sorted(compiled.index[t] for t in targets)
    points = []
    for provider, initial in _operated(inventory).items():
        run = run_scenario(compiled, initial)
        kills = tuple(map(compiled.ids.__getitem__, run.failed_among(wanted)))
        if kills:
            points.append(SinglePoint("provider", provider, kills, len(run.order),
                                      weight_of(inventory, kills)))
            if runs is not None:
                runs[provider] = run
    return points


def single_points_of_failure(inventory: Inventory,
                             targets: Selector | str | Iterable[str] | None = None,
                             order: int = 1,
                             progress: Callable[[int, int], None] | None = None) -> SpofReport:
    """Every single point of failure of ``targets`` (one selector, or component ids; by
    default :func:`default_targets`); with ``order=2``, also every minimal pair of
    components, and of providers.
    ``progress``, if given, is called now and then with the components analysed and the
    total (for a progress bar).

    >>> from depgraph import load_inventory
    >>> report = single_points_of_failure(load_inventory("inventories/webshop.yaml"))
    >>> [(s.kind, s.id) for s in report.spofs][:3]
    [('provider', 'cloudy'), ('location', 'zone-a'), ('component', 'lb')]
    """
    targets = tuple(sorted(set(default_targets(inventory) if targets is None else
                               components_named(inventory, targets, "target"))))
    compiled = compile_inventory(inventory)
    analysis = single_failures(compiled, [compiled.index[t] for t in targets],
                               progress=progress)
    points, numbers = component_points(inventory, compiled, analysis)
    runs: dict = {}
    for point in _provider_points(inventory, targets, runs):  # a few: insert them
        points.insert(bisect_left(points, impact(point), key=impact), point)
    pairs = _pairs(inventory, targets, points) if order >= 2 else None
    return SpofReport(inventory, targets, tuple(points), analysis, runs=runs,
                      numbers=numbers, pairs=pairs)


def _pairs(inventory: Inventory, targets: tuple[str, ...],
           points: list[SinglePoint]) -> tuple[FailurePair, ...]:
    compiled = compile_inventory(inventory)
    found = double_failures(compiled, [compiled.index[t] for t in targets])
    kills: dict[tuple[int, int], list[str]] = {}
    for t, pairs in found.pairs.items():
        for pair in pairs:
            kills.setdefault(pair, []).append(compiled.ids[t])
    result = [FailurePair("component", (compiled.ids[a], compiled.ids[b]), tuple(sorted(k)))
              for (a, b), k in kills.items()]
    alone = {p.id: set(p.kills) for p in points if p.kind == "provider"}
    members = _operated(inventory)
    wanted = set(targets)
    for first, second in combinations(sorted(members), 2):
        run = propagate(compiled, members[first] + members[second])
        killed = {compiled.ids[c] for c in run.order} & wanted
        killed -= alone.get(first, set()) | alone.get(second, set())
        if killed:
            result.append(FailurePair("provider", (first, second), tuple(sorted(killed))))
    result.sort(key=lambda p: (-len(p.kills), p.kind != "provider", p.ids))
    return tuple(result)
