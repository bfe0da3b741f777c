"""The values of a SPOF analysis: a single point of failure, a minimal pair, their rank."""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["FailurePair", "KIND_RANK", "SinglePoint", "impact", "weight_of"]

#: Providers rank before locations, before components, at equal impact.
KIND_RANK = {"provider": 0, "location": 1, "component": 2}


@dataclass(frozen=True, slots=True)
class SinglePoint:
    """A component, provider or location whose failure alone kills ``kills`` (targets).

    ``blast_radius`` counts every component that fails with it (itself included);
    ``weight``, the weights of the targets it kills summed (each target weighs 1 unless
    the inventory says: then it is the number of targets).
    """

    kind: str
    id: str
    kills: tuple[str, ...]
    blast_radius: int
    weight: float = 0.0

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


def impact(point: SinglePoint) -> tuple:
    """The ranking key: the heaviest targets killed (their weights summed: their number
    when no target says its weight), then the most, then the largest blast radius, then
    providers before locations before components, then the id."""
    return (-point.weight, -len(point.kills), -point.blast_radius, KIND_RANK[point.kind],
            point.id)


def weight_of(inventory, kills: tuple[str, ...]) -> float:
    """The weights of ``kills`` summed, exactly rounded whatever their order (so that
    every path ranks alike); an int when every weight is."""
    weights = [inventory.components[t].weight for t in kills]
    if all(type(w) is int for w in weights):
        return sum(weights)
    return math.fsum(weights)
