"""Single points of failure: every component, provider and location whose failure
alone takes down at least one target.

Exact, not heuristic: articulation points or in-degree say nothing true about
directed redundancy. Components come from :mod:`single_failures` (every single
failure at once); each provider is one propagation of all its components failing
together. A location is a component that others are ``located_in``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import Iterable

from depgraph.analysis.blast_radius import Explanations, Step, explanation_sentence
from depgraph.analysis.propagation import propagate
from depgraph.analysis.double_failures import double_failures
from depgraph.analysis.single_failures import SingleFailures, single_failures, upstream_causes
from depgraph.core.graph import compile_inventory
from depgraph.core.model import Inventory, Span

__all__ = ["FailurePair", "SinglePoint", "SpofReport", "default_targets", "single_points_of_failure",
           "explain_single_point"]

_KIND_RANK = {"provider": 0, "location": 1, "component": 2}
_CACHED_TARGETS = 256


@dataclass(frozen=True, slots=True)
class SinglePoint:
    """A component, provider or location whose failure alone kills ``kills`` (targets).

    ``blast_radius`` counts every component that fails with it (itself included).
    """

    kind: str
    id: str
    kills: tuple[str, ...]
    blast_radius: int

    @property
    def key(self) -> tuple[str, str]:
        """``("provider", id)`` or ``("component", id)``: what identifies the point across
        versions (a component that becomes a location is the same point)."""
        return ("provider" if self.kind == "provider" else "component", self.id)


@dataclass(frozen=True, slots=True)
class FailurePair:
    """Two components (or two providers) whose joint failure kills ``kills``, although
    neither alone kills any of them: a minimal cut set of order 2."""

    kind: str
    ids: tuple[str, str]
    kills: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class SpofReport:
    """Targets, and the single points of failure ranked by impact (most targets killed,
    then the largest blast radius, providers before locations before components, id)."""

    inventory: Inventory = field(repr=False)
    targets: tuple[str, ...]
    spofs: tuple[SinglePoint, ...]
    analysis: SingleFailures = field(repr=False, compare=False)

    @property
    def at_risk(self) -> tuple[str, ...]:
        """Targets that some single failure takes down."""
        return tuple(sorted({t for spof in self.spofs for t in spof.kills}))

    def place(self, spof: SinglePoint) -> Span | None:
        """Where the single point is defined: its component's or its provider's span."""
        if spof.kind == "provider":
            provider = self.inventory.providers.get(spof.id)
            return provider.span if provider is not None else None
        return self.inventory[spof.id].span

    def killers_of(self, target: str) -> tuple[SinglePoint, ...]:
        """The single points of failure that take ``target`` down."""
        return tuple(spof for spof in self.spofs if target in spof.kills)

    upstream: dict = field(default_factory=dict, repr=False, compare=False)
    #: With ``order=2``: the minimal pairs, ranked by targets killed; else None.
    pairs: tuple[FailurePair, ...] | None = None
    #: With a baseline: the keys (:attr:`SinglePoint.key`) of the SPOFs it lacked; else None.
    new: frozenset[tuple[str, str]] | None = None

    def against(self, baseline: Iterable[tuple[str, str]]) -> "SpofReport":
        """This report, with ``new`` set to the SPOFs that ``baseline`` (keys, see
        :attr:`SinglePoint.key`) lacks."""
        known = set(baseline)
        return replace(self, new=frozenset(s.key for s in self.spofs if s.key not in known))

    @property
    def counted(self) -> tuple[SinglePoint, ...]:
        """The SPOFs that count for a gate: the new ones with a baseline, else all."""
        if self.new is None:
            return self.spofs
        return tuple(s for s in self.spofs if s.key in self.new)

    def why(self, spof: SinglePoint) -> str:
        """Why the redundancy in between did not help (see :func:`explain_single_point`)."""
        return explain_single_point(self.inventory, spof, self.upstream)

    def whys(self) -> dict[tuple[str, str], str]:
        """Every SPOF's explanation, by ``(kind, id)``; computed target by target, so
        that each target's upstream is worked out once and then let go."""
        found: dict[tuple[str, str], str] = {}
        current, cache = None, {}
        for spof in sorted(self.spofs, key=lambda s: s.kills[0]):
            if spof.kills[0] != current:
                current, cache = spof.kills[0], {}
            found[spof.key] = explain_single_point(self.inventory, spof, cache)
        return found


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


def _provider_points(inventory: Inventory, targets: set[str]) -> list[SinglePoint]:
    compiled = compile_inventory(inventory)
    members: dict[str, list[int]] = {}
    for ident, component in inventory.components.items():
        if component.provider:
            members.setdefault(component.provider, []).append(compiled.index[ident])
    points = []
    for provider, initial in sorted(members.items()):
        run = propagate(compiled, initial)
        kills = tuple(compiled.ids[c] for c in sorted(run.order) if compiled.ids[c] in targets)
        if kills:
            points.append(SinglePoint("provider", provider, kills, len(run.order)))
    return points


def single_points_of_failure(inventory: Inventory, targets: Iterable[str] | None = None,
                             order: int = 1) -> SpofReport:
    """Every single point of failure of ``targets`` (by default :func:`default_targets`);
    with ``order=2``, also every minimal pair of components, and of providers.

    >>> from depgraph import load_inventory
    >>> report = single_points_of_failure(load_inventory("inventories/webshop.yaml"))
    >>> [(s.kind, s.id) for s in report.spofs][:3]
    [('provider', 'cloudy'), ('location', 'zone-a'), ('component', 'lb')]
    """
    targets = tuple(sorted(set(default_targets(inventory) if targets is None else targets)))
    compiled = compile_inventory(inventory)
    analysis = single_failures(compiled, [compiled.index[t] for t in targets])
    locations = {c.located_in for c in inventory.components.values() if c.located_in}
    points = [SinglePoint("location" if compiled.ids[x] in locations else "component",
                          compiled.ids[x], tuple(compiled.ids[t] for t in killed),
                          analysis.blast[x])
              for x, killed in analysis.kills.items()]
    points += _provider_points(inventory, set(targets))
    points.sort(key=lambda p: (-len(p.kills), -p.blast_radius, _KIND_RANK[p.kind], p.id))
    pairs = _pairs(inventory, targets, points) if order >= 2 else None
    return SpofReport(inventory, targets, tuple(points), analysis, pairs=pairs)


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
    members: dict[str, list[int]] = {}
    for ident, component in inventory.components.items():
        if component.provider:
            members.setdefault(component.provider, []).append(compiled.index[ident])
    wanted = set(targets)
    for first, second in combinations(sorted(members), 2):
        run = propagate(compiled, members[first] + members[second])
        killed = {compiled.ids[c] for c in run.order} & wanted
        killed -= alone.get(first, set()) | alone.get(second, set())
        if killed:
            result.append(FailurePair("provider", (first, second), tuple(sorted(killed))))
    result.sort(key=lambda p: (-len(p.kills), p.kind != "provider", p.ids))
    return tuple(result)


def explain_single_point(inventory: Inventory, spof: SinglePoint,
                         cache: dict | None = None) -> str:
    """Why nothing between ``spof`` and the first target it kills saved that target.

    Names each redundancy group on the way that the failure took down, and how it
    took down the members; or says that the chain has no redundancy at all.
    ``cache`` keeps each target's upstream causes between calls.
    """
    compiled = compile_inventory(inventory)
    target = compiled.index[spof.kills[0]]
    if spof.kind == "provider":
        initial = [compiled.index[i] for i, c in inventory.components.items()
                   if c.provider == spof.id]
        explanations = Explanations(compiled, propagate(compiled, initial))
        steps = explanations[spof.kills[0]]
        cause = f"provider {spof.id}"
        lost_how = _how_from_steps(explanations)
    else:
        cache = {} if cache is None else cache
        if target not in cache:
            if len(cache) >= _CACHED_TARGETS:  # bound the memory on large estates
                cache.clear()
            cache[target] = upstream_causes(compiled, target)
        causes = cache[target]
        steps = _path(compiled, causes, compiled.index[spof.id], target)
        cause = spof.id
        lost_how = lambda m: _how_single(compiled, causes, compiled.index[spof.id], m)  # noqa: E731
    groups = [step for step in steps if step.requirement and step.requirement.is_group]
    if not groups:
        sentence = explanation_sentence(steps)
        if spof.kind == "provider":
            sentence += f" ({steps[-1].component} is operated by {spof.id})"
        return f"no redundancy on the way: {sentence}"
    parts = []
    for step in groups:
        requirement = step.requirement
        lost = [m for m in requirement.members if m not in step.left]
        how = ", ".join(f"{m} {lost_how(m)}" for m in lost)
        parts.append(f"{step.component} needs {requirement.needed} of "
                     f"{len(requirement.members)} of [{', '.join(requirement.members)}], "
                     f"but {cause} takes down {len(lost)} ({how})")
    return "; ".join(parts)


def _breaking(compiled, causes, x: int, y: int):
    """The requirements of ``y`` that ``x``'s failure breaks, with the members it takes."""
    for r in compiled.requirements_of(y):
        lost = [m for m in compiled.members_of(r) if x in causes[m]]
        if len(lost) >= compiled.threshold[r]:
            yield r, lost


def _path(compiled, causes, x: int, target: int) -> tuple[Step, ...]:
    """A shortest chain of broken requirements from ``target`` down to ``x``."""
    previous: dict[int, tuple[int, int, list[int]]] = {}
    frontier, seen = [target], {target}
    while x not in seen:  # breadth first over components that x takes down
        if not frontier:
            raise RuntimeError(f"{compiled.ids[x]} does not take {compiled.ids[target]} down")
        following = []
        for y in frontier:
            for r, lost in _breaking(compiled, causes, x, y):
                for m in lost:
                    if m not in seen:
                        seen.add(m)
                        previous[m] = (y, r, lost)
                        following.append(m)
        frontier = following
    chain = [Step(compiled.ids[x])]
    node = x
    while node != target:
        y, r, lost = previous[node]
        requirement = compiled.requirements[r]
        left = tuple(compiled.ids[m] for m in compiled.members_of(r) if m not in lost)
        chain.append(Step(compiled.ids[y], requirement, compiled.ids[node],
                          left if requirement.is_group else ()))
        node = y
    return tuple(reversed(chain))


def _how_single(compiled, causes, x: int, member: str) -> str:
    m = compiled.index[member]
    if m == x:
        return "fails itself"
    r, _ = next(_breaking(compiled, causes, x, m))
    return compiled.requirements[r].describe()


def _how_from_steps(explanations: Explanations):
    def how(member: str) -> str:
        first = explanations[member][0]
        return "fails initially" if first.requirement is None else first.why
    return how
