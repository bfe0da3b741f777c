"""Failure propagation over numpy arrays: the fast path of :mod:`~depgraph.analysis.propagation`.

:func:`propagate_numpy` goes level-synchronously, a whole frontier of failures at
a time, each membership still visited once. A first-in first-out queue processes
its failures level by level too (what the initial failures break, then what those
break, ...), so the kernel only has to order each level as the queue would: by the
event (the queue position of the failing member, then the requirement's number)
that broke each component first. The outcome is the reference's, to the failure
order and the recorded causes.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from numbers import Integral
from typing import Iterable, Iterator, Mapping

import numpy as np

from depgraph.core.graph import CompiledInventory
from depgraph.core.graph_numpy import compiled_arrays
from depgraph.core.segments_numpy import run_starts

__all__ = ["ArrayPropagation", "propagate_numpy"]


class _Causes(Mapping[int, tuple[int, int]]):
    """``cause`` of an :class:`ArrayPropagation`: a read-only mapping over its arrays."""

    def __init__(self, requirement: np.ndarray, member: np.ndarray):
        self._requirement, self._member = requirement, member

    def __getitem__(self, c: int) -> tuple[int, int]:
        if c not in self:
            raise KeyError(c)
        return int(self._requirement[c]), int(self._member[c])

    def __contains__(self, c: object) -> bool:
        return (isinstance(c, Integral) and 0 <= c < len(self._requirement)
                and bool(self._requirement[c] >= 0))

    def __iter__(self) -> Iterator[int]:
        return iter(np.flatnonzero(self._requirement >= 0).tolist())

    def __len__(self) -> int:
        return int((self._requirement >= 0).sum())


class ArrayPropagation:
    """The outcome of :func:`propagate_numpy`: what a
    :class:`~depgraph.analysis.propagation.Propagation` holds, with the same names,
    values and methods, as numpy arrays (``failed`` a boolean array, ``order`` and
    ``lost`` integer arrays, ``cause`` a read-only mapping).

    The counts and the causes are only needed to explain a scenario, so they are
    computed on first access from what each level recorded. ``cause_requirement[c]``
    and ``cause_member[c]`` are -1 for a component that did not fail or failed initially.
    """

    def __init__(self, compiled: CompiledInventory, failed: np.ndarray, order: np.ndarray,
                 initial: frozenset[int], remaining: np.ndarray, levels: list[tuple]):
        self.failed, self.order, self.initial = failed, order, initial
        self._compiled, self._remaining, self._levels = compiled, remaining, levels
        self._lost: np.ndarray | None = None
        self._causes: tuple[np.ndarray, np.ndarray] | None = None
        self._cause: _Causes | None = None
        self._cause_lists: tuple[list[int], list[int]] | None = None

    @property
    def levels(self) -> int:
        """How many levels the failure went through (the initial failures are level 1)."""
        return len(self._levels) + 1

    @property
    def lost(self) -> np.ndarray:
        """``lost[r]``: the failed members of requirement ``r``."""
        if self._lost is None:
            arrays = compiled_arrays(self._compiled)
            lost = arrays.threshold - self._remaining
            # Requirements of one member are not counted while propagating: their only
            # member's failure breaks them.
            simple = np.flatnonzero(_derived(self._compiled).simple)
            lost[simple] = self.failed[arrays.members[arrays.member_offsets[simple]]]
            lost.flags.writeable = False
            self._lost = lost
        return self._lost

    def _cause_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        if self._causes is None:
            n = len(self.failed)
            requirement = np.full(n, -1, dtype=np.int64)
            member = np.full(n, -1, dtype=np.int64)
            member_of = compiled_arrays(self._compiled).member_of
            for frontier, ends, position, tipped, dependents in self._levels:
                requirement[dependents] = member_of[position[tipped]]
                member[dependents] = frontier[np.searchsorted(ends, tipped, side="right")]
            requirement.flags.writeable = member.flags.writeable = False
            self._causes = requirement, member
        return self._causes

    @property
    def cause_requirement(self) -> np.ndarray:
        return self._cause_arrays()[0]

    @property
    def cause_member(self) -> np.ndarray:
        return self._cause_arrays()[1]

    @property
    def cause(self) -> Mapping[int, tuple[int, int]]:
        """``cause[c]``: ``(requirement, member)``, as the reference's ``cause``."""
        if self._cause is None:
            self._cause = _Causes(*self._cause_arrays())
        return self._cause

    def failed_numbers(self) -> list[int]:
        """The failed components' numbers, sorted."""
        return np.flatnonzero(self.failed).tolist()

    def flags(self) -> bytes:
        """One byte per component, 1 where it failed (fast to index from Python)."""
        return self.failed.tobytes()

    def cause_of(self, c: int) -> tuple[int, int] | None:
        """``(requirement, member)`` that broke ``c``; None for an initial failure."""
        if self._cause_lists is None:  # one conversion, then list lookups
            self._cause_lists = self.cause_requirement.tolist(), self.cause_member.tolist()
        r = self._cause_lists[0][c]
        return None if r < 0 else (r, self._cause_lists[1][c])

    def failed_among(self, numbers: Iterable[int]) -> list[int]:
        """Those of ``numbers`` that failed, in their order."""
        chosen = np.fromiter(numbers, dtype=np.int64)
        return chosen[self.failed[chosen]].tolist()

    def degraded(self, compiled: CompiledInventory) -> list[int]:
        """Working components with a redundancy group that lost a member, sorted."""
        arrays = compiled_arrays(compiled)
        starts = arrays.offsets[self.order]
        counts = arrays.offsets[self.order + 1] - starts
        ends = np.cumsum(counts)
        position = np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64)
        position += np.repeat(starts - (ends - counts), counts)
        lost = arrays.member_of[position]
        lost = np.unique(lost[~self.failed[arrays.owner[lost]]]).tolist()
        owner, requirements = compiled.owner, compiled.requirements
        return sorted({owner[r] for r in lost if requirements[r].is_group})


@dataclass(frozen=True, eq=False)
class _Derived:
    """Arrays the kernel derives from the compiled index, once per inventory."""

    #: Per membership (as ``member_of``): the owner of the requirement when it has one
    #: member, which its member's failure breaks at once; else ``~requirement`` (< 0).
    target: np.ndarray
    offsets: np.ndarray  # as the compiled index's, in the smallest integer type that fits
    simple: np.ndarray  # per requirement: it has one member (and a threshold of 1)


_derived_cache: "weakref.WeakKeyDictionary[CompiledInventory, _Derived]" = (
    weakref.WeakKeyDictionary())


def _derived(compiled: CompiledInventory) -> _Derived:
    derived = _derived_cache.get(compiled)
    if derived is None:
        arrays = compiled_arrays(compiled)
        sizes = np.diff(arrays.member_offsets)
        simple = (sizes == 1) & (arrays.threshold == 1)
        member_of = arrays.member_of
        small = np.int32 if max(len(member_of), arrays.requirements, arrays.components) < 2**31 \
            else np.int64
        target = np.where(simple[member_of], arrays.owner[member_of], ~member_of).astype(small)
        offsets = arrays.offsets.astype(small)
        target.flags.writeable = offsets.flags.writeable = simple.flags.writeable = False
        derived = _derived_cache[compiled] = _Derived(target, offsets, simple)
    return derived


def prepare(compiled: CompiledInventory) -> None:
    """Build what the kernel derives from ``compiled`` once (benchmarks time a
    scenario without it)."""
    _derived(compiled)


def propagate_numpy(compiled: CompiledInventory, initial: Iterable[int]) -> ArrayPropagation:
    """:func:`~depgraph.analysis.propagation.propagate`, a level at a time over numpy
    arrays: the same failures, in the same order, with the same causes and counts.

    Each level takes the frontier (the components that failed last, in queue order)
    and lists its memberships in the order the queue visits them (member by member,
    each member's requirements by increasing number): the level's events. A
    requirement of one member breaks at its only event. Any other counts down what it
    still tolerates, and breaks at the event that brings that to zero: its ``k``-th
    event of the level when ``k`` more failures would break it. The owners broken that
    have not failed yet form the next frontier, each once, in the order of its first
    breaking event: where the queue would have appended it.

    >>> from depgraph import load_inventory
    >>> from depgraph.core.graph import compile_inventory
    >>> compiled = compile_inventory(load_inventory("inventories/webshop.yaml"))
    >>> run = propagate_numpy(compiled, [compiled.index["zone-a"]])
    >>> [compiled.ids[c] for c in run.order[:3]]
    ['zone-a', 'cache-a', 'db-1']
    """
    arrays = compiled_arrays(compiled)
    derived = _derived(compiled)
    offsets, code, owner = derived.offsets, derived.target, arrays.owner
    n = arrays.components
    seeds = frozenset(initial)
    frontier = np.array(sorted(seeds), dtype=np.int64)
    failed = np.zeros(n, dtype=bool)
    failed[frontier] = True
    remaining = arrays.threshold.copy()  # member failures that break each requirement
    order = [frontier]
    levels: list[tuple] = []
    while len(frontier):
        starts = offsets[frontier]
        counts = offsets[frontier + 1] - starts
        ends = np.cumsum(counts)
        total = int(ends[-1])
        if total == 0:
            break
        # Event e is membership position[e]: the frontier's memberships in queue order.
        position = np.arange(total, dtype=np.int64)
        position += np.repeat(starts - (ends - counts), counts)
        target = code[position]  # the owner broken, or ~requirement to count down
        tipping = target >= 0
        general = np.flatnonzero(~tipping)
        if len(general):
            broken = general[_count_down(remaining, ~target[general].astype(np.int64))]
            tipping[broken] = True
            target[broken] = owner[~target[broken]]
        tipped = np.flatnonzero(tipping)
        dependents = target[tipped].astype(np.int64)
        fresh = ~failed[dependents]
        if not fresh.all():
            tipped, dependents = tipped[fresh], dependents[fresh]
        if not len(dependents):
            break
        # Each dependent once, at its first breaking event (events are in queue order):
        # (dependent << 32) | rank sorted, the head of each dependent's run.
        keys = np.sort((dependents << 32) | np.arange(len(dependents), dtype=np.int64))
        heads = run_starts(keys >> 32)
        if len(heads) < len(keys):
            once = np.sort(keys[heads] & 0xFFFFFFFF)
            tipped, dependents = tipped[once], dependents[once]
        failed[dependents] = True
        levels.append((frontier, ends, position, tipped, dependents))
        order.append(dependents)
        frontier = dependents
    return ArrayPropagation(compiled, failed, np.concatenate(order), seeds, remaining, levels)


def _count_down(remaining: np.ndarray, events: np.ndarray) -> np.ndarray:
    """Count a level's ``events`` (requirements of several members, in queue order) down
    in ``remaining``; return the indices of the events that break a requirement.

    Sorted by requirement, then by event, the events of each requirement are a run:
    the one that breaks it is the ``k``-th of its run when ``k`` more failures did."""
    count = len(events)
    # (requirement << 32) | event, sorted: requirement numbers fit in 31 bits (a
    # compiled index of 2**31 requirements would not fit in memory).
    keys = np.sort((events << 32) | np.arange(count, dtype=np.int64))
    requirements = keys >> 32
    heads = run_starts(requirements)
    runs = np.diff(np.append(heads, count))
    counted = requirements[heads]
    before = remaining[counted]
    remaining[counted] = before - runs
    breaking = (before > 0) & (before <= runs)
    return keys[heads[breaking] + before[breaking] - 1] & 0xFFFFFFFF
