"""Failure propagation: the greatest set of components that still work.

A component fails when it fails initially or when one of its requirements is no
longer met; this repeats until nothing changes. The loop counts, for each
requirement, how many of its members have failed, and breaks it when the count
reaches the threshold: each requirement membership is visited at most once, so a
scenario costs O(components + memberships), and cycles need no special care (a
cycle of working components is never visited).

:func:`propagate` is the reference: a first-in first-out queue in plain Python,
the fastest on small inventories. Its fast path,
:func:`~depgraph.analysis.propagation_numpy.propagate_numpy`, goes a level at a
time over numpy arrays and gives the same outcome, to the failure order and the
recorded causes. :func:`run_scenario` chooses between them by the size of the
inventory (:mod:`depgraph.core.fast_paths`). Both outcomes answer the same
questions (:meth:`Propagation.failed_numbers`, :meth:`~Propagation.flags`,
:meth:`~Propagation.cause_of`, :meth:`~Propagation.degraded`,
:meth:`~Propagation.failed_among`), so that their readers never ask which ran.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Union

from depgraph.core import fast_paths
from depgraph.core.graph import CompiledInventory

if TYPE_CHECKING:
    from depgraph.analysis.propagation_numpy import ArrayPropagation

__all__ = ["AnyPropagation", "Propagation", "propagate", "run_scenario"]


@dataclass(frozen=True, eq=False)
class Propagation:
    """The raw result of one scenario, over component and requirement numbers.

    ``order`` lists failed components in the order they failed (initial ones
    first); ``cause[c]`` is ``(requirement, member)`` for a component that failed
    because that requirement broke when that member failed, and absent for the
    initial ones; ``lost[r]`` counts the failed members of requirement ``r``.
    """

    failed: bytearray
    order: list[int]
    initial: frozenset[int]
    cause: dict[int, tuple[int, int]]
    lost: list[int]

    def failed_numbers(self) -> list[int]:
        """The failed components' numbers, sorted."""
        return sorted(self.order)

    def flags(self) -> bytes | bytearray:
        """One byte per component, 1 where it failed (fast to index from Python)."""
        return self.failed

    def cause_of(self, c: int) -> tuple[int, int] | None:
        """``(requirement, member)`` that broke ``c``; None for an initial failure."""
        return self.cause.get(c)

    def failed_among(self, numbers: Iterable[int]) -> list[int]:
        """Those of ``numbers`` that failed, in their order."""
        failed = self.failed
        return [c for c in numbers if failed[c]]

    def degraded(self, compiled: CompiledInventory) -> list[int]:
        """Working components with a redundancy group that lost a member, sorted: the
        owners of the requirements that the failed components are members of."""
        failed, offsets, member_of = self.failed, compiled.offsets, compiled.member_of
        owner, requirements = compiled.owner, compiled.requirements
        return sorted({owner[r] for c in self.order for r in member_of[offsets[c]:offsets[c + 1]]
                       if not failed[owner[r]] and requirements[r].is_group})


AnyPropagation = Union[Propagation, "ArrayPropagation"]


def propagate(compiled: CompiledInventory, initial: Iterable[int]) -> Propagation:
    """Propagate the failure of ``initial`` (component numbers) to its fixpoint.

    >>> from depgraph import load_inventory
    >>> from depgraph.core.graph import compile_inventory
    >>> compiled = compile_inventory(load_inventory("inventories/webshop.yaml"))
    >>> run = propagate(compiled, [compiled.index["zone-a"]])
    >>> [compiled.ids[c] for c in run.order][:3]
    ['zone-a', 'cache-a', 'db-1']
    """
    failed = bytearray(len(compiled.ids))
    lost = [0] * len(compiled.owner)
    cause: dict[int, tuple[int, int]] = {}
    seeds = frozenset(initial)
    order = sorted(seeds)
    for c in order:
        failed[c] = 1
    offsets, member_of = compiled.offsets, compiled.member_of
    owner, threshold = compiled.owner, compiled.threshold
    position = 0
    while position < len(order):
        c = order[position]
        position += 1
        for r in member_of[offsets[c]:offsets[c + 1]]:
            lost[r] += 1
            if lost[r] == threshold[r]:
                dependent = owner[r]
                if not failed[dependent]:
                    failed[dependent] = 1
                    cause[dependent] = (r, c)
                    order.append(dependent)
    return Propagation(failed, order, seeds, cause, lost)


def run_scenario(compiled: CompiledInventory, initial: Iterable[int]) -> AnyPropagation:
    """:func:`propagate`, or its numpy fast path on a large inventory: the same
    outcome, whichever runs."""
    if fast_paths.fast("propagation", len(compiled.member_of)):
        from depgraph.analysis.propagation_numpy import propagate_numpy

        return propagate_numpy(compiled, initial)
    return propagate(compiled, initial)
