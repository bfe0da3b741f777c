"""The values of a SPOF analysis: a single point of failure, a minimal pair, their rank."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FailurePair", "KIND_RANK", "SinglePoint", "impact"]

#: Providers rank before locations, before components, at equal impact.
KIND_RANK = {"provider": 0, "location": 1, "component": 2}


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


def impact(point: SinglePoint) -> tuple:
    """The ranking key: most targets killed, then the largest blast radius, then
    providers before locations before components, then the id."""
    return -len(point.kills), -point.blast_radius, KIND_RANK[point.kind], point.id
