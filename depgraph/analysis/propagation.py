"""Failure propagation: the greatest set of components that still work.

A component fails when it fails initially or when one of its requirements is no
longer met; this repeats until nothing changes. The loop counts, for each
requirement, how many of its members have failed, and breaks it when the count
reaches the threshold: each requirement membership is visited at most once, so a
scenario costs O(components + memberships), and cycles need no special care (a
cycle of working components is never visited).

Two implementations give the same outcome, to the failure order and the recorded
causes:

- :func:`propagate`, the reference: a first-in first-out queue in plain Python,
  the fastest on small inventories (no per-call overhead);
- :func:`propagate_arrays`, level-synchronous over numpy arrays: a whole frontier
  of failures at a time, each membership still visited once. A FIFO queue
  processes its failures level by level too (what the initial failures break,
  then what those break, ...), so the kernel only has to order each level as the
  queue would: by the event (the queue position of the failing member, then the
  requirement's number) that broke each component first.

:func:`run_scenario` chooses between them by the size of the inventory.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from numbers import Integral
from typing import TYPE_CHECKING, Iterable, Iterator, Mapping, Union

from depgraph.core.graph import CompiledInventory

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Propagation", "ArrayPropagation", "propagate", "propagate_arrays", "run_scenario",
           "NUMPY_FROM"]

#: From this many requirement memberships in the inventory on, :func:`run_scenario`
#: propagates with numpy; below, in plain Python (numpy's per-call overhead costs more
#: than it saves on small inventories). Tests set it to 0 to force the numpy kernel.
NUMPY_FROM = 20_000


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


def propagate(compiled: CompiledInventory, initial: Iterable[int]) -> Propagation:
    """Propagate the failure of ``initial`` (component numbers) to its fixpoint."""
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


class _Causes(Mapping[int, tuple[int, int]]):
    """``cause`` of an :class:`ArrayPropagation`: a read-only mapping over its arrays."""

    def __init__(self, requirement: "np.ndarray", member: "np.ndarray"):
        self._requirement, self._member = requirement, member

    def __getitem__(self, c: int) -> tuple[int, int]:
        if c not in self:
            raise KeyError(c)
        return int(self._requirement[c]), int(self._member[c])

    def __contains__(self, c: object) -> bool:
        return (isinstance(c, Integral) and 0 <= c < len(self._requirement)
                and bool(self._requirement[c] >= 0))

    def __iter__(self) -> Iterator[int]:
        import numpy as np

        return iter(np.flatnonzero(self._requirement >= 0).tolist())

    def __len__(self) -> int:
        return int((self._requirement >= 0).sum())


class ArrayPropagation:
    """The outcome of :func:`propagate_arrays`: what a :class:`Propagation` holds, with
    the same names and values, as numpy arrays (``failed`` a boolean array, ``order``
    and ``lost`` integer arrays, ``cause`` a read-only mapping).

    The counts and the causes are only needed to explain a scenario, so they are
    computed on first access from what each level recorded. ``cause_requirement[c]``
    and ``cause_member[c]`` are -1 for a component that did not fail or failed initially.
    """

    def __init__(self, compiled: CompiledInventory, failed: "np.ndarray", order: "np.ndarray",
                 initial: frozenset[int], remaining: "np.ndarray", levels: list[tuple]):
        self.failed, self.order, self.initial = failed, order, initial
        self._compiled, self._remaining, self._levels = compiled, remaining, levels
        self._lost: "np.ndarray | None" = None
        self._causes: tuple["np.ndarray", "np.ndarray"] | None = None
        self._cause: _Causes | None = None

    def _compiled_arrays(self):
        from depgraph.core.arrays import compiled_arrays

        return compiled_arrays(self._compiled)

    @property
    def levels(self) -> int:
        """How many levels the failure went through (the initial failures are level 1)."""
        return len(self._levels) + 1

    @property
    def lost(self) -> "np.ndarray":
        """``lost[r]``: the failed members of requirement ``r``."""
        if self._lost is None:
            import numpy as np

            arrays = self._compiled_arrays()
            lost = arrays.threshold - self._remaining
            # Requirements of one member are not counted while propagating: their only
            # member's failure breaks them.
            simple = np.flatnonzero(_derived(self._compiled).simple)
            lost[simple] = self.failed[arrays.members[arrays.member_offsets[simple]]]
            lost.flags.writeable = False
            self._lost = lost
        return self._lost

    def _cause_arrays(self) -> tuple["np.ndarray", "np.ndarray"]:
        if self._causes is None:
            import numpy as np

            n = len(self.failed)
            requirement = np.full(n, -1, dtype=np.int64)
            member = np.full(n, -1, dtype=np.int64)
            member_of = self._compiled_arrays().member_of
            for frontier, ends, position, tipped, dependents in self._levels:
                requirement[dependents] = member_of[position[tipped]]
                member[dependents] = frontier[np.searchsorted(ends, tipped, side="right")]
            requirement.flags.writeable = member.flags.writeable = False
            self._causes = requirement, member
        return self._causes

    @property
    def cause_requirement(self) -> "np.ndarray":
        return self._cause_arrays()[0]

    @property
    def cause_member(self) -> "np.ndarray":
        return self._cause_arrays()[1]

    @property
    def cause(self) -> Mapping[int, tuple[int, int]]:
        """``cause[c]``: ``(requirement, member)``, as :attr:`Propagation.cause`."""
        if self._cause is None:
            self._cause = _Causes(*self._cause_arrays())
        return self._cause


AnyPropagation = Union[Propagation, ArrayPropagation]


@dataclass(frozen=True, eq=False)
class _Derived:
    """Arrays the kernel derives from the compiled index, once per inventory."""

    #: Per membership (as ``member_of``): the owner of the requirement when it has one
    #: member, which its member's failure breaks at once; else ``~requirement`` (< 0).
    target: "np.ndarray"
    offsets: "np.ndarray"  # as the compiled index's, in the smallest integer type that fits
    simple: "np.ndarray"  # per requirement: it has one member (and a threshold of 1)


_derived_cache: "weakref.WeakKeyDictionary[CompiledInventory, _Derived]" = (
    weakref.WeakKeyDictionary())


def _derived(compiled: CompiledInventory) -> _Derived:
    derived = _derived_cache.get(compiled)
    if derived is None:
        import numpy as np

        from depgraph.core.arrays import compiled_arrays

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


def propagate_arrays(compiled: CompiledInventory, initial: Iterable[int]) -> ArrayPropagation:
    """:func:`propagate`, a level at a time over numpy arrays: the same failures, in the
    same order, with the same causes and counts.

    Each level takes the frontier (the components that failed last, in queue order)
    and lists its memberships in the order the queue visits them (member by member,
    each member's requirements by increasing number): the level's events. A
    requirement of one member breaks at its only event. Any other counts down what it
    still tolerates, and breaks at the event that brings that to zero: its ``k``-th
    event of the level when ``k`` more failures would break it. The owners broken that
    have not failed yet form the next frontier, each once, in the order of its first
    breaking event: where the queue would have appended it.
    """
    import numpy as np

    from depgraph.core.arrays import compiled_arrays

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
            broken = general[_count_down(np, remaining, ~target[general].astype(np.int64))]
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
        heads = _heads(np, keys >> 32)
        if len(heads) < len(keys):
            once = np.sort(keys[heads] & 0xFFFFFFFF)
            tipped, dependents = tipped[once], dependents[once]
        failed[dependents] = True
        levels.append((frontier, ends, position, tipped, dependents))
        order.append(dependents)
        frontier = dependents
    return ArrayPropagation(compiled, failed, np.concatenate(order), seeds, remaining, levels)


def _count_down(np, remaining: "np.ndarray", events: "np.ndarray") -> "np.ndarray":
    """Count a level's ``events`` (requirements of several members, in queue order) down
    in ``remaining``; return the indices of the events that break a requirement.

    Sorted by requirement, then by event, the events of each requirement are a run:
    the one that breaks it is the ``k``-th of its run when ``k`` more failures did."""
    count = len(events)
    # (requirement << 32) | event, sorted: requirement numbers fit in 31 bits (a
    # compiled index of 2**31 requirements would not fit in memory).
    keys = np.sort((events << 32) | np.arange(count, dtype=np.int64))
    requirements = keys >> 32
    heads = _heads(np, requirements)
    runs = np.diff(np.append(heads, count))
    counted = requirements[heads]
    before = remaining[counted]
    remaining[counted] = before - runs
    breaking = (before > 0) & (before <= runs)
    return keys[heads[breaking] + before[breaking] - 1] & 0xFFFFFFFF


def _heads(np, values: "np.ndarray") -> "np.ndarray":
    """Where each run of equal ``values`` (sorted, not empty) starts."""
    return np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))


def run_scenario(compiled: CompiledInventory, initial: Iterable[int]) -> AnyPropagation:
    """:func:`propagate` on small inventories, :func:`propagate_arrays` from
    :data:`NUMPY_FROM` memberships on: the same outcome, whichever runs."""
    if len(compiled.member_of) >= NUMPY_FROM:
        return propagate_arrays(compiled, initial)
    return propagate(compiled, initial)
