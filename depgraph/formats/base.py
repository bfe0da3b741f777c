"""The interface every output format implements, and helpers they share."""

from __future__ import annotations

from typing import Iterable, Protocol, Sequence

from depgraph.analysis.blast_radius import BlastRadius
from depgraph.analysis.spof import SinglePoint, SpofReport
from depgraph.core.model import COMPONENT_TYPES, Inventory
from depgraph.core.problems import Problem

__all__ = ["Format", "by_type", "count_severities", "kinds_summary", "shorten"]


class Format(Protocol):
    """Turns results into text. Methods return a string ending in a newline."""

    def blast_radius(self, result: BlastRadius) -> str: ...

    def problems(self, problems: Sequence[Problem], inventory: Inventory | None) -> str: ...

    def spof(self, report: SpofReport) -> str: ...


def kinds_summary(spofs: Sequence[SinglePoint]) -> str:
    """``3 providers, 1 location, 6 components``."""
    counts = {kind: sum(1 for s in spofs if s.kind == kind)
              for kind in ("provider", "location", "component")}
    return ", ".join(f"{n} {kind}{'' if n == 1 else 's'}" for kind, n in counts.items() if n)


def shorten(ids: Sequence[str], most: int = 8) -> str:
    """``a, b, c and 5 more``."""
    shown = ", ".join(ids[:most])
    return shown + (f" and {len(ids) - most} more" if len(ids) > most else "")


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
