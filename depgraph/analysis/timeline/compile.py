"""The engine's input from an inventory: components as numbers, their requirements with
their timings."""

from __future__ import annotations

from depgraph.analysis.timeline.engine import Need, Timed
from depgraph.core.graph import CompiledInventory

__all__ = ["timed_inventory"]


def timed_inventory(compiled: CompiledInventory, restore: list[int]) -> Timed:
    """The engine's input for a compiled inventory: each component's requirements as
    :class:`Need` s (``located_in`` included), with ``restore`` (seconds, by component
    number). Holdups, changeovers and start-only requirements are 0 and False until the
    inventory carries them."""
    needs = tuple(tuple(Need(tuple(compiled.members_of(r)),
                             len(compiled.members_of(r)) - compiled.threshold[r] + 1)
                        for r in compiled.requirements_of(c))
                  for c in range(len(compiled.ids)))
    return Timed(tuple(restore), needs)
