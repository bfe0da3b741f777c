"""The interface every output format implements, and helpers they share."""

from __future__ import annotations

from typing import Iterable, Protocol, Sequence

from depgraph.analysis.blast_radius import BlastRadius
from depgraph.core.model import COMPONENT_TYPES, Inventory
from depgraph.core.problems import Problem

__all__ = ["Format", "by_type", "count_severities"]


class Format(Protocol):
    """Turns results into text. Methods return a string ending in a newline."""

    def blast_radius(self, result: BlastRadius) -> str: ...

    def problems(self, problems: Sequence[Problem], inventory: Inventory | None) -> str: ...


def by_type(inventory: Inventory, ids: Iterable[str]) -> list[tuple[str, list[str]]]:
    """Ids grouped by component type, types from the ground (site) up to business."""
    groups: dict[str, list[str]] = {}
    for ident in ids:
        groups.setdefault(inventory[ident].type, []).append(ident)
    return [(kind, sorted(groups[kind])) for kind in COMPONENT_TYPES if kind in groups]


def count_severities(problems: Sequence[Problem]) -> tuple[int, int]:
    """``(errors, warnings)``."""
    errors = sum(1 for p in problems if p.severity == "error")
    return errors, len(problems) - errors
