"""What every single failure does: the value that
:func:`~depgraph.analysis.single_failures.single_failures` returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:
    from depgraph.analysis.single_failures.table_numpy import CausesTable

__all__ = ["SingleFailures"]


@dataclass(frozen=True, eq=False)
class SingleFailures:
    """What single failures do, over component and requirement numbers.

    ``blast[x]`` counts the components that fail when ``x`` alone fails (``x``
    included); ``kills[x]`` lists the kept components (targets) that ``x``'s
    failure takes down, other than ``x`` itself; ``causes`` holds the causes set
    of each kept component; ``shared[r]`` the components whose failure alone
    breaks redundancy group ``r`` (a group that tolerates a failure), where any;
    ``cycles`` the strongly connected components of more than one component (each
    sorted, and sorted).
    ``table`` holds every component's causes, with what explanations need, when the
    numpy kernel computed them (else None).
    """

    blast: list[int]
    kills: Mapping[int, list[int]]
    causes: Mapping[int, frozenset[int]]
    shared: dict[int, frozenset[int]]
    cycles: list[list[int]]
    table: "CausesTable | None" = field(default=None, repr=False)
