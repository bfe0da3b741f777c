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
from typing import Iterable, Mapping

from depgraph.analysis.bia import (
    BusinessImpact,
    ScenarioImpact,
    business_functions,
    business_impact,
    library,
)
from depgraph.analysis.blast_radius import BlastRadius, blast_radius
from depgraph.analysis.restore_plan import RestorePlan, restore_plan
from depgraph.analysis.spof import SinglePoint, SpofReport, single_points_of_failure
from depgraph.analysis.spof.points import weight_of
from depgraph.analysis.timeline import Timeline, scenario_named, timeline
from depgraph.analysis.timeline.compile import timed_of
from depgraph.analysis.timeline.plan import scenario_plan
from depgraph.core.model import Inventory
from depgraph.core.topology import contents, locations

__all__ = ["Concentration", "Figures", "GovernanceReport", "Review", "Scenario",
           "governance_report",
           "locations"]  # locations: re-exported from depgraph.core.topology


@dataclass(frozen=True, slots=True)
class Figures:
    """The summary figures of the estate."""

    components: int
    providers: int
    locations: int
    targets: int
    at_risk: int
    #: SPOFs ranked as findings, by kind: ``(("provider", n), ("location", n),
    #: ("component", n))``; the locations that take down only what they house are
    #: ``own_buildings``, apart.
    spofs: tuple[tuple[str, int], ...]
    own_buildings: int = 0

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
class Review:
    """The continuity review: the business impact of the scenarios the board reviews,
    of the whole scenario library, and the headline scenario.

    ``reviewed``: the BIA of the reviewed scenarios (those asked for, else every
    scenario of the inventory; none when it names none), in the order given;
    ``library``: the BIA of every scenario of the inventory and every provider's and
    location's loss (:func:`~depgraph.analysis.bia.library`); ``given``: whether the
    reviewed scenarios were asked for. ``headline``: the reviewed scenario of the
    heaviest weighted impact (never back first; see
    :meth:`~depgraph.analysis.bia.BusinessImpact.worst`), with its restoration plan
    ``plan`` and its timeline ``timeline`` (the report's picture of it); None when no
    scenario is reviewed or none takes a function down.
    """

    reviewed: BusinessImpact
    library: BusinessImpact
    given: bool
    headline: ScenarioImpact | None = None
    plan: RestorePlan | None = field(default=None, repr=False)
    timeline: Timeline | None = field(default=None, repr=False)


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
    #: The continuity review; None when the inventory names no scenario, none is asked
    #: for, and no function says its MTPD or its degraded procedure.
    review: Review | None = field(default=None, repr=False)
    #: Whether the targets were chosen (``--target``) rather than the defaults.
    targets_given: bool = False

    @property
    def headline_plan(self) -> RestorePlan | None:
        """The restoration plan the report tells: the headline scenario's when a
        scenario is reviewed, else the worst single loss's."""
        if self.review is not None and self.review.headline is not None:
            return self.review.plan
        return self.worst_plan

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


def _review(inventory: Inventory, scenarios: tuple[str, ...] | None, targets,
            teams: Mapping[str, int] | None) -> Review | None:
    """The continuity review (see :class:`Review`), None when there is nothing to
    review."""
    given = scenarios is not None
    chosen = [scenario_named(inventory, i).id for i in dict.fromkeys(scenarios or ())] \
        if given else sorted(inventory.scenarios)
    functions = business_functions(inventory, targets)
    continuity = any(inventory[f].mtpd is not None or inventory[f].continuity is not None
                     for f in functions)
    if not chosen and not continuity:
        return None
    found = business_impact(inventory, library(inventory), targets=functions, teams=teams)
    named = {s.scenario.id: s for s in found.scenarios if s.kind == "scenario"}
    reviewed = BusinessImpact(found.functions, tuple(named[i] for i in chosen), found.teams,
                              inventory)
    headline = reviewed.worst()
    if headline is None:
        return Review(reviewed, found, given)
    timed = timed_of(inventory)
    plan = scenario_plan(inventory, headline.scenario, teams=teams, timed=timed)
    told = timeline(inventory, headline.scenario, targets=functions, teams=teams, timed=timed)
    return Review(reviewed, found, given, headline, plan, told)


def governance_report(inventory: Inventory, scenarios: Iterable[str] | None = None, *,
                      targets=None, teams: Mapping[str, int] | None = None
                      ) -> GovernanceReport:
    """The governance report of ``inventory``.

    ``targets``: a selector or ids (default:
    :func:`~depgraph.analysis.spof.default_targets` for the SPOFs, the business
    functions for the continuity review, see
    :func:`~depgraph.analysis.bia.business_functions`); ``scenarios``: the ids of the
    inventory's scenarios that the board reviews (default: every one); ``teams``: team
    limits for the reviewed scenarios' timelines and plans.

    >>> from depgraph import load_inventory
    >>> report = governance_report(load_inventory("inventories/webshop.yaml"))
    >>> report.worst.key, len(report.worst.targets_down), report.worst_plan.total / 3600
    (('provider', 'cloudy'), 4, 5.25)
    >>> report.worst_radius.initial == report.worst.initial
    True
    """
    review = _review(inventory, None if scenarios is None else tuple(scenarios), targets,
                     teams)
    spof = single_points_of_failure(inventory, targets)
    given_targets = targets is not None
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
    for point in spof.findings:
        counts[point.kind] += 1
    figures = Figures(components=len(inventory), providers=len(inventory.providers),
                      locations=len(places), targets=len(spof.targets),
                      at_risk=len(spof.at_risk), spofs=tuple(counts.items()),
                      own_buildings=len(spof.own_buildings))
    killers: dict[str, list[SinglePoint]] = {t: [] for t in spof.targets}
    for point in spof.spofs:
        for target in point.kills:
            killers[target].append(point)
    return GovernanceReport(inventory, figures, spof, tuple(concentration), tuple(providers),
                            tuple(places_lost), worst, plan,
                            MappingProxyType({t: tuple(k) for t, k in killers.items()}),
                            losses.worst_radius, review, given_targets)
