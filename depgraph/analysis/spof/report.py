"""The SPOF report: targets, single points of failure ranked, and why each one is."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Iterable

from depgraph.analysis.single_failures import SingleFailures
from depgraph.analysis.spof.explain import explain_each, explain_points, explain_single_point
from depgraph.analysis.spof.points import FailurePair, SinglePoint
from depgraph.core.model import Inventory, Span
from depgraph.core.topology import locations_of

__all__ = ["SpofReport"]


@dataclass(frozen=True, eq=False)
class SpofReport:
    """Targets, and the single points of failure ranked by impact (most targets killed,
    then the largest blast radius, providers before locations before components, id)."""

    inventory: Inventory = field(repr=False)
    targets: tuple[str, ...]
    spofs: tuple[SinglePoint, ...]
    analysis: SingleFailures = field(repr=False, compare=False)

    @cached_property
    def weighted(self) -> bool:
        """Whether a target says its weight (other than 1): the points rank by the
        weights of what they kill, not by how many."""
        components = self.inventory.components
        return any(components[t].weight != 1 for t in self.targets)

    @cached_property
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
        """The single points of failure that take ``target`` down, in rank order."""
        return self._killers.get(target, ())

    @cached_property
    def _killers(self) -> dict[str, tuple[SinglePoint, ...]]:
        """Each target's killers, indexed once (a report lists them target by target)."""
        found: dict[str, list[SinglePoint]] = {}
        for spof in self.spofs:
            for target in spof.kills:
                found.setdefault(target, []).append(spof)
        return {target: tuple(killers) for target, killers in found.items()}

    upstream: dict = field(default_factory=dict, repr=False, compare=False)
    #: The propagation of each provider that is a SPOF, by provider id (for its explanation).
    runs: dict = field(default_factory=dict, repr=False, compare=False)
    #: From the kernel: the component and first target numbers of the SPOFs other than
    #: providers, in order (for :func:`explain_points`); else None.
    numbers: tuple | None = field(default=None, repr=False, compare=False)
    #: With ``order=2``: the minimal pairs, ranked by targets killed; else None.
    pairs: tuple[FailurePair, ...] | None = None
    #: With a baseline: the keys (:attr:`SinglePoint.key`) of the SPOFs it lacked; else None.
    new: frozenset[tuple[str, str]] | None = None

    def against(self, baseline: Iterable[tuple[str, str]]) -> "SpofReport":
        """This report, with ``new`` set to the SPOFs that ``baseline`` (keys, see
        :attr:`SinglePoint.key`) lacks."""
        known = set(baseline)
        return replace(self, new=frozenset(s.key for s in self.spofs if s.key not in known))

    @cached_property
    def own_buildings(self) -> tuple[SinglePoint, ...]:
        """The locations whose loss takes down only targets placed in them (at any
        depth), in rank order: a hospital is a single point of failure of the care given
        inside it, which is true and says nothing. The reports group them under one
        line instead of ranking them as findings; gates still count them (they are
        single points of failure all the same)."""
        chains: dict[str, tuple[str, ...]] = {}

        def housed(target: str, place: str) -> bool:
            if target == place:
                return True
            if target not in chains:
                chains[target] = locations_of(self.inventory, target)
            return place in chains[target]

        return tuple(s for s in self.spofs if s.kind == "location"
                     and all(housed(t, s.id) for t in s.kills))

    @cached_property
    def findings(self) -> tuple[SinglePoint, ...]:
        """The single points of failure ranked as findings: all but
        :attr:`own_buildings`, in rank order."""
        own = {s.id for s in self.own_buildings}
        return tuple(s for s in self.spofs if not (s.kind == "location" and s.id in own))

    @property
    def counted(self) -> tuple[SinglePoint, ...]:
        """The SPOFs that count for a gate: the new ones with a baseline, else all."""
        if self.new is None:
            return self.spofs
        return tuple(s for s in self.spofs if s.key in self.new)

    def why(self, spof: SinglePoint) -> str:
        """Why the redundancy in between did not help (see
        :func:`~depgraph.analysis.spof.explain.explain_single_point`)."""
        if self.analysis.table is not None:
            return explain_points(self, [spof])[spof.key]
        return explain_single_point(self.inventory, spof, self.upstream, self.runs)

    def whys(self) -> dict[tuple[str, str], str]:
        """Every SPOF's explanation, by ``(kind, id)`` (see
        :func:`~depgraph.analysis.spof.explain.explain_points`)."""
        return explain_points(self, self.spofs)

    def why_each(self) -> list[str]:
        """Every SPOF's explanation, in the order of :attr:`spofs`."""
        return explain_each(self, self.spofs)
