"""Business impact analysis (ISO 22301 §8.2.2, NIST SP 800-34's BIA): per business
function, when a scenario takes it down and brings it back, measured against its MTPD
and RTO; the degraded procedure the outage activates and whether it lasts; and the
function's weighted impact. Over several scenarios, the matrix of functions ×
scenarios: the scenario library a continuity review compares.

The figures are the scenario's timeline (:func:`~depgraph.analysis.timeline.timeline`,
the time engine): a function's **disruption** runs from the moment it first goes down to
the moment it is back for good (the time to resume, which the MTPD and the RTO bound: a
function that flickers back for a while is still disrupted); its **down time** sums its
down intervals. A degraded procedure is **activated** when the disruption outlasts its
activation time (it is in place ``activation`` after the first failure), and
**outlasted** when the disruption goes on for longer than it can be sustained after
that. The **impact** is the weight times the down time, in hours (a function never back
has no finite impact).

Pure: no I/O; the columns of the matrix (every scenario of the inventory, then every
provider's loss and every location's, each component repaired in its own restore time)
are :func:`library`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterable, Mapping

from depgraph.analysis.timeline import Interval, timeline
from depgraph.analysis.timeline.compile import scenario_events, timed_of
from depgraph.analysis.timeline.engine import run_timelines
from depgraph.analysis.timeline.scenario import _cause
from depgraph.core.model import Continuity, Inventory, Scenario, ScenarioEvent
from depgraph.core.selectors import components_named
from depgraph.core.topology import locations

__all__ = ["BusinessImpact", "Column", "FunctionImpact", "ScenarioImpact",
           "business_functions", "business_impact", "library"]


@dataclass(frozen=True)
class FunctionImpact:
    """One function in one scenario (times in seconds from the scenario's start)."""

    id: str
    label: str
    weight: float
    mtpd: int | None
    rto: int | None
    continuity: Continuity | None
    intervals: tuple[Interval, ...] = ()

    @property
    def down(self) -> bool:
        """Whether the scenario takes it down at all (an empty interval does)."""
        return bool(self.intervals)

    @property
    def first_down(self) -> int | None:
        return self.intervals[0].down if self.intervals else None

    @property
    def never_back(self) -> bool:
        return bool(self.intervals) and self.intervals[-1].back is None

    @property
    def back(self) -> int | None:
        """When it is back for good (None: never, or never down)."""
        return self.intervals[-1].back if self.intervals else None

    @property
    def disruption(self) -> int | None:
        """From its first failure to its return for good (None: never back; 0: not
        down, or down for no time)."""
        if not self.intervals:
            return 0
        back = self.back
        return None if back is None else back - self.intervals[0].down

    @property
    def down_time(self) -> int | None:
        """Its down intervals summed (None: never back)."""
        if self.never_back:
            return None
        return sum(i.back - i.down for i in self.intervals)

    def _beyond(self, limit: int | None) -> bool:
        if limit is None or not self.intervals:
            return False
        disruption = self.disruption
        return disruption is None or disruption > limit

    @property
    def mtpd_breach(self) -> bool:
        """Disrupted for longer than it can tolerate (never back breaches any MTPD)."""
        return self._beyond(self.mtpd)

    @property
    def rto_breach(self) -> bool:
        """Not resumed within its recovery time objective."""
        return self._beyond(self.rto)

    @property
    def activated(self) -> bool:
        """Whether the outage lasts long enough for its degraded procedure to be put in
        place (it is, ``activation`` after the first failure)."""
        if self.continuity is None or not self.intervals:
            return False
        disruption = self.disruption
        return disruption is None or disruption > self.continuity.activation

    @property
    def activated_at(self) -> int | None:
        """When the degraded procedure is in place, if the outage activates it."""
        return self.first_down + self.continuity.activation if self.activated else None

    @property
    def procedure_time(self) -> int | None:
        """How long the degraded procedure runs (None: to the end, never back)."""
        if not self.activated:
            return 0
        back = self.back
        return None if back is None else back - self.activated_at

    @property
    def outlasted(self) -> bool:
        """The outage goes on longer than the degraded procedure can be sustained."""
        if not self.activated or self.continuity.sustainable is None:
            return False
        running = self.procedure_time
        return running is None or running > self.continuity.sustainable

    @property
    def impact(self) -> float | None:
        """Weight × hours down (None: never back; 0 for a weight of 0)."""
        down = self.down_time
        if down is None:
            return 0.0 if self.weight == 0 else None
        return self.weight * down / 3600


@dataclass(frozen=True)
class ScenarioImpact:
    """One scenario: the functions it takes down (sorted by id), and what the scenario
    is (``kind``: ``scenario``, an inventory's; ``provider`` or ``location``: the loss
    of one, each component in its own restore time; ``given``: from the command line).
    ``functions`` is every function analysed, those not down with no interval (made
    when asked for: a library of thousands of scenarios keeps only what goes down)."""

    scenario: Scenario
    kind: str
    down: tuple[FunctionImpact, ...]
    calm: Mapping[str, FunctionImpact] = field(default_factory=dict, repr=False,
                                                compare=False)

    @cached_property
    def functions(self) -> tuple[FunctionImpact, ...]:
        hit = {f.id: f for f in self.down}
        return tuple(sorted([*self.down, *(f for i, f in self.calm.items() if i not in hit)],
                            key=lambda f: f.id))

    @property
    def impact(self) -> float | None:
        """The weighted impact summed (None when a function of some weight is never
        back)."""
        found = [f.impact for f in self.down]
        return None if None in found else sum(found)

    @property
    def mtpd_breaches(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.down if f.mtpd_breach)

    @property
    def rto_breaches(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.down if f.rto_breach)

    @property
    def activated(self) -> tuple[FunctionImpact, ...]:
        return tuple(f for f in self.down if f.activated)


@dataclass(frozen=True)
class BusinessImpact:
    """The analysis: the functions looked at, and one column per scenario."""

    functions: tuple[str, ...]
    scenarios: tuple[ScenarioImpact, ...]
    teams: Mapping[str, int] = field(default_factory=dict)
    inventory: Inventory | None = field(default=None, compare=False, repr=False)

    @property
    def breached(self) -> bool:
        """Whether any scenario breaches any function's MTPD."""
        return any(s.mtpd_breaches for s in self.scenarios)

    def worst(self) -> ScenarioImpact | None:
        """The scenario of the heaviest weighted impact (never back first), if any
        function goes down at all."""
        hit = [s for s in self.scenarios if s.down]
        if not hit:
            return None
        return min(hit, key=lambda s: (s.impact is not None, -(s.impact or 0),
                                       s.kind != "scenario", s.scenario.id))


@dataclass(frozen=True)
class Column:
    """A scenario of the library, and its kind."""

    scenario: Scenario
    kind: str


def business_functions(inventory: Inventory, targets=None) -> tuple[str, ...]:
    """The functions a BIA looks at: ``targets`` (a selector or ids) if given, else the
    components of type ``business``, else the inventory's default targets."""
    if targets is not None:
        return tuple(sorted(components_named(inventory, targets, "target")))
    found = tuple(sorted(i for i, c in inventory.components.items() if c.type == "business"))
    if found:
        return found
    from depgraph.analysis.spof.analyse import default_targets

    return tuple(sorted(default_targets(inventory)))


def library(inventory: Inventory) -> tuple[Column, ...]:
    """Every scenario of the inventory, then the loss of every provider and of every
    location (a component something is located in), each failing at 0 and repaired in
    its components' own restore times."""
    columns = [Column(s, "scenario") for _, s in sorted(inventory.scenarios.items())]
    used = {c.provider for c in inventory.components.values() if c.provider}
    for ident in sorted(used & set(inventory.providers)):
        columns.append(Column(Scenario(
            f"provider:{ident}", (ScenarioEvent(0, f"provider:{ident}"),),
            name=f"{inventory.providers[ident].name or ident} lost"), "provider"))
    for ident in locations(inventory):
        columns.append(Column(Scenario(
            ident, (ScenarioEvent(0, ident),), name=f"{inventory[ident].label} lost"),
            "location"))
    return tuple(columns)


def business_impact(inventory: Inventory, columns: Iterable[Column | Scenario], *,
                    targets=None, teams: Mapping[str, int] | None = None,
                    progress: Callable[[int, int], None] | None = None) -> BusinessImpact:
    """The BIA of ``columns`` (scenarios, or :class:`Column` s such as
    :func:`library`'s) over the business functions (:func:`business_functions`).

    >>> from depgraph import load_inventory
    >>> hospital = load_inventory("inventories/hospital-group.yaml")
    >>> day = business_impact(hospital, [hospital.scenarios["hostco-power"]])
    >>> column = day.scenarios[0]
    >>> len(column.down) > 0 and column.mtpd_breaches == tuple(sorted(column.mtpd_breaches))
    True
    """
    columns = [c if isinstance(c, Column) else Column(c, "scenario") for c in columns]
    functions = business_functions(inventory, targets)
    calm = {ident: _function(inventory, ident, ()) for ident in functions}
    report = progress or (lambda done, total: None)
    found = []
    timed = timed_of(inventory)
    if teams:  # the engine with hands, scenario by scenario
        for done, column in enumerate(columns):
            report(done, len(columns))
            told = timeline(inventory, column.scenario, targets=functions, teams=teams,
                            timed=timed)
            found.append(ScenarioImpact(column.scenario, column.kind, tuple(
                _function(inventory, ident, told.components[ident])
                for ident in functions if ident in told.components), calm))
    else:  # one index for every scenario, each run reading the functions alone
        numbers = {timed.compiled.index[ident]: ident for ident in functions}
        runs = run_timelines(timed.timed, (scenario_events(inventory, c.scenario)
                                           for c in columns), list(numbers))
        for done, (column, spans) in enumerate(zip(columns, runs, strict=True)):
            report(done, len(columns))
            down = sorted((numbers[c], c, found_down) for c, found_down in spans.items())
            found.append(ScenarioImpact(column.scenario, column.kind, tuple(
                _function(inventory, ident, tuple(
                    Interval(d.down, d.back, _cause(timed, column.scenario, c, d))
                    for d in found_down))
                for ident, c, found_down in down), calm))
    report(len(columns), len(columns))
    return BusinessImpact(functions, tuple(found), dict(teams or {}), inventory)


def _function(inventory: Inventory, ident: str, intervals) -> FunctionImpact:
    c = inventory[ident]
    return FunctionImpact(ident, c.label, c.weight, c.mtpd, c.rto, c.continuity,
                          tuple(intervals))
