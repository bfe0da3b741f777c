"""Single points of failure: every component, provider and location whose failure
alone takes down at least one target.

Exact, not heuristic: articulation points or in-degree say nothing true about
directed redundancy. Components come from :mod:`single_failures` (every single
failure at once); each provider is one propagation of all its components failing
together. A location is a component that others are ``located_in``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from depgraph.analysis.blast_radius import blast_radius, explanation_sentence
from depgraph.analysis.propagation import propagate
from depgraph.analysis.single_failures import SingleFailures, single_failures
from depgraph.core.graph import compile_inventory
from depgraph.core.model import Inventory

__all__ = ["SinglePoint", "SpofReport", "default_targets", "single_points_of_failure",
           "explain_single_point"]

_KIND_RANK = {"provider": 0, "location": 1, "component": 2}


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
        return (self.kind, self.id)


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

    def killers_of(self, target: str) -> tuple[SinglePoint, ...]:
        """The single points of failure that take ``target`` down."""
        return tuple(spof for spof in self.spofs if target in spof.kills)

    def why(self, spof: SinglePoint) -> str:
        """Why the redundancy in between did not help (see :func:`explain_single_point`)."""
        return explain_single_point(self.inventory, spof)


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


def single_points_of_failure(inventory: Inventory,
                             targets: Iterable[str] | None = None) -> SpofReport:
    """Every single point of failure of ``targets`` (by default :func:`default_targets`).

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
    return SpofReport(inventory, targets, tuple(points), analysis)


def explain_single_point(inventory: Inventory, spof: SinglePoint) -> str:
    """Why nothing between ``spof`` and the first target it kills saved that target.

    Names each redundancy group on the way that the failure took down, and how it
    took down the members; or says that the chain has no redundancy at all.
    """
    if spof.kind == "provider":
        initial = [i for i, c in inventory.components.items() if c.provider == spof.id]
        cause = f"provider {spof.id}"
    else:
        initial, cause = [spof.id], spof.id
    result = blast_radius(inventory, initial)
    target = spof.kills[0]
    steps = result.explanations[target]
    groups = [step for step in steps if step.requirement and step.requirement.is_group]
    if not groups:
        return f"no redundancy on the way: {explanation_sentence(steps)}"
    parts = []
    for step in groups:
        requirement = step.requirement
        lost = [m for m in requirement.members if m not in step.left]
        how = ", ".join(f"{m} {_how(result, m)}" for m in lost)
        parts.append(f"{step.component} needs {requirement.needed} of "
                     f"{len(requirement.members)} of [{', '.join(requirement.members)}], "
                     f"but {cause} takes down {len(lost)} ({how})")
    return "; ".join(parts)


def _how(result, member: str) -> str:
    first = result.explanations[member][0]
    return "fails initially" if first.requirement is None else first.why
