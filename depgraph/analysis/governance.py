"""The governance report: the estate's figures, weak points and worst loss in one value.

Everything a governance review reads, computed once from the analyses and handed to
the report formats (HTML, Markdown): the single points of failure, how much each
provider concentrates (the share of the targets that its loss alone takes down), the
loss of each provider and of each location, and the restoration plan of the worst of
these losses. Pure: no I/O, nothing printed.

A provider's loss fails every component it operates; a location's loss fails the
location alone, as :func:`~depgraph.analysis.spof.single_points_of_failure` has it:
what is placed in it fails through ``located_in`` (a hard dependency), so the failed
set is the same as failing everything inside, and the restoration plan brings the
contents back after the building, as it would go.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from depgraph.analysis.blast_radius import BlastRadius, blast_radius
from depgraph.analysis.restore_plan import RestorePlan, restore_plan
from depgraph.analysis.spof import SinglePoint, SpofReport, single_points_of_failure
from depgraph.analysis.spof.points import weight_of
from depgraph.core.model import Inventory
from depgraph.core.topology import contents, locations

__all__ = ["Concentration", "Figures", "GovernanceReport", "Scenario", "governance_report",
           "locations"]  # locations: re-exported from depgraph.core.topology


@dataclass(frozen=True, slots=True)
class Figures:
    """The summary figures of the estate."""

    components: int
    providers: int
    locations: int
    targets: int
    at_risk: int
    #: SPOFs by kind: ``(("provider", n), ("location", n), ("component", n))``.
    spofs: tuple[tuple[str, int], ...]

    @property
    def spof_total(self) -> int:
        return sum(n for _, n in self.spofs)


@dataclass(frozen=True, slots=True)
class Concentration:
    """One provider: how many components it operates and which targets its loss alone
    takes down (``kills``, sorted), out of ``targets`` in all."""

    provider: str
    name: str
    kind: str
    components: int
    kills: tuple[str, ...]
    targets: int

    @property
    def share(self) -> float:
        """The share of the targets that the provider's loss alone takes down (0 to 1)."""
        return len(self.kills) / self.targets if self.targets else 0.0


@dataclass(frozen=True, slots=True)
class Scenario:
    """The loss of one provider or one location.

    ``initial``: the components that fail first (a provider's components, or the
    location itself); ``failed``: how many fail in all, the initial ones included;
    ``targets_down``: the targets among them (sorted); ``degraded``: how many still
    work with a redundancy group that lost members; ``holds``: the components it
    operates (a provider) or that are placed in it at any depth (a location, what the
    selector ``located_in:ID`` matches).
    """

    kind: str  # "provider" or "location"
    id: str
    name: str
    initial: tuple[str, ...]
    failed: int
    targets_down: tuple[str, ...]
    degraded: int
    holds: int = 0
    #: The weights of ``targets_down`` summed (their number when no target says its
    #: weight): what ranks the losses.
    weight: float = 0

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.id)

    @property
    def selector(self) -> str:
        """The selector that names the scenario on the command line."""
        return f"provider:{self.id}" if self.kind == "provider" else self.id


@dataclass(frozen=True, eq=False)
class GovernanceReport:
    """Everything a governance report shows, deterministic and sorted.

    Concentration rows are ranked by most targets taken down, then the most components
    operated, then the id; scenarios by the heaviest targets taken down (their weights
    summed: their number when no target says its weight), then the most, then the most
    components failed, then the id.
    ``worst`` is the provider or location loss first by that impact (ties: the most
    components failed, then kind and id), None when the inventory has neither;
    ``worst_plan`` its restoration plan and ``worst_radius`` its blast radius (what the
    report's diagram of the worst loss draws, so that nothing is computed twice).
    """

    inventory: Inventory = field(repr=False)
    figures: Figures
    spof: SpofReport = field(repr=False)
    concentration: tuple[Concentration, ...]
    provider_scenarios: tuple[Scenario, ...]
    location_scenarios: tuple[Scenario, ...]
    worst: Scenario | None
    worst_plan: RestorePlan | None = field(repr=False)
    #: Each target's single points of failure, in the SPOF report's ranking order (what
    #: ``spof.killers_of(target)`` gives, for every target at once).
    killers: Mapping[str, tuple[SinglePoint, ...]] = field(default_factory=dict, repr=False)
    worst_radius: BlastRadius | None = field(default=None, repr=False)

    @property
    def worst_key(self) -> tuple[str, str] | None:
        return self.worst.key if self.worst is not None else None

    @property
    def scenarios(self) -> tuple[Scenario, ...]:
        """Provider losses, then location losses."""
        return self.provider_scenarios + self.location_scenarios


def _impact(scenario: Scenario) -> tuple:
    return (-scenario.weight, -len(scenario.targets_down), -scenario.failed, scenario.id,
            scenario.kind)


class _Losses:
    """The scenarios of the losses, and the blast radius of the worst one so far: only
    that one is kept, since an estate has thousands of locations."""

    def __init__(self, inventory: Inventory, targets: frozenset[str]) -> None:
        self.inventory = inventory
        self.targets = targets
        self.worst: Scenario | None = None
        self.worst_radius: BlastRadius | None = None

    def scenario(self, kind: str, ident: str, name: str, initial: tuple[str, ...],
                 holds: int) -> Scenario:
        result = blast_radius(self.inventory, initial)
        down = tuple(t for t in result.failed if t in self.targets)
        found = Scenario(kind, ident, name, result.initial, len(result.failed), down,
                         len(result.degraded), holds, weight_of(self.inventory, down))
        if self.worst is None or _impact(found) < _impact(self.worst):
            self.worst, self.worst_radius = found, result
        return found


def governance_report(inventory: Inventory) -> GovernanceReport:
    """The governance report of ``inventory`` (default targets, see
    :func:`~depgraph.analysis.spof.default_targets`).

    >>> from depgraph import load_inventory
    >>> report = governance_report(load_inventory("inventories/webshop.yaml"))
    >>> report.worst.key, len(report.worst.targets_down), report.worst_plan.total / 3600
    (('provider', 'cloudy'), 4, 5.25)
    >>> report.worst_radius.initial == report.worst.initial
    True
    """
    spof = single_points_of_failure(inventory)
    targets = frozenset(spof.targets)
    places = locations(inventory)

    operated: dict[str, list[str]] = {}  # what select_all(["provider:ID"]) gives, sorted
    for ident, component in inventory.components.items():
        if component.provider:
            operated.setdefault(component.provider, []).append(ident)
    losses = _Losses(inventory, targets)
    providers = [losses.scenario("provider", ident, provider.name, tuple(operated[ident]),
                                 len(operated[ident]))
                 for ident, provider in inventory.providers.items() if ident in operated]
    providers.sort(key=_impact)
    by_provider = {s.id: s for s in providers}
    concentration = sorted(
        (Concentration(ident, provider.name, provider.kind, len(operated.get(ident, ())),
                       by_provider[ident].targets_down if ident in by_provider else (),
                       len(targets))
         for ident, provider in inventory.providers.items()),
        key=lambda c: (-len(c.kills), -c.components, c.provider))

    held = contents(inventory)
    places_lost = sorted((losses.scenario("location", ident, inventory[ident].name, (ident,),
                                          held.get(ident, 0))
                          for ident in places), key=_impact)

    worst = losses.worst  # the first by impact of the providers' and locations' losses
    plan = None
    if worst is not None:
        plan = restore_plan(inventory, worst.initial, selectors=[worst.selector])

    counts = {"provider": 0, "location": 0, "component": 0}
    for point in spof.spofs:
        counts[point.kind] += 1
    figures = Figures(components=len(inventory), providers=len(inventory.providers),
                      locations=len(places), targets=len(spof.targets),
                      at_risk=len(spof.at_risk), spofs=tuple(counts.items()))
    killers: dict[str, list[SinglePoint]] = {t: [] for t in spof.targets}
    for point in spof.spofs:
        for target in point.kills:
            killers[target].append(point)
    return GovernanceReport(inventory, figures, spof, tuple(concentration), tuple(providers),
                            tuple(places_lost), worst, plan,
                            MappingProxyType({t: tuple(k) for t, k in killers.items()}),
                            losses.worst_radius)
