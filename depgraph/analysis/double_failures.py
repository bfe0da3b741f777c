"""Double failures: minimal pairs whose joint failure takes a target down.

A pair ``{a, b}`` is a minimal cut set of order 2 of ``y`` when ``y`` fails if
both fail, and fails for neither alone. With ``C1`` the single-failure causes
(see :mod:`single_failures`) and ``P`` the minimal pairs, a member ``m`` of a
requirement fails under ``{a, b}`` exactly when ``a`` or ``b`` is in ``C1(m)``
or the pair is in ``P(m)``. A requirement that breaks once ``t`` members fail
then breaks under the pairs drawn from its members' pairs and, where ``t`` is
2 or more, from two members' single causes: candidates come from the
redundancy groups and are verified by counting, never by enumerating all pairs
of the estate. As for single failures, one pass over the strongly connected
components (dependencies first) computes every component's pairs, iterating
inside cycles, and lets each set go once nothing needs it.

``universe`` restricts the failures considered (the basic events of a fault
tree, say): restricting commutes with the equations, so the answer is the
pairs of the whole analysis whose members are both in the universe.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from bisect import bisect_right
from itertools import repeat
from typing import Iterable

from depgraph.core.graph import CompiledInventory, compile_inventory
from depgraph.core.model import Inventory
from depgraph.core.selectors import Selector, components_named
from depgraph.core.scc import requirement_rows, strongly_connected

__all__ = ["DoubleFailures", "double_failures", "minimal_cut_sets"]

Pair = tuple[int, int]


@dataclass(frozen=True, eq=False)
class DoubleFailures:
    """``singles[t]`` and ``pairs[t]``: for each kept target ``t``, the single failures
    (within the universe) and the minimal pairs (``a < b``) that take it down."""

    singles: dict[int, frozenset[int]]
    pairs: dict[int, frozenset[Pair]]


def double_failures(compiled: CompiledInventory, keep: Iterable[int],
                    universe: Iterable[int] | None = None) -> DoubleFailures:
    """Single and double failures of the components in ``keep``."""
    n = len(compiled.ids)
    keep = set(keep)
    inside = bytearray(b"\x01" * n) if universe is None else bytearray(n)
    if universe is not None:
        for x in universe:
            inside[x] = 1
    owned, starts, members = compiled.owned, compiled.member_offsets, compiled.members
    threshold = compiled.threshold
    singles: list[set[int] | None] = [None] * n
    pairs: list[set[Pair] | None] = [None] * n
    # ``pairs[y]`` holds every minimal pair of ``y`` and possibly a few pairs that hold
    # one of its single causes (cut sets, but not minimal): they only come from unions
    # (a group that needs several members to fail counts each member once, and so
    # yields minimal pairs only), they are few, and filtering them out at every step
    # would cost a pass over every set; the kept targets are filtered once, at the
    # end, and the components of a cycle at every step (so that its iteration, which
    # then computes exactly what it did with exact sets, converges). ``alone[y]``: no
    # other live component holds y's sets, so y's last consumer may take them over
    # instead of copying them.
    alone = bytearray(n)
    remaining = [compiled.offsets[c + 1] - compiled.offsets[c] for c in range(n)]
    result = DoubleFailures({}, {})

    def evaluate(y: int, cyclic: bool) -> tuple[set[int], set[Pair], bool]:
        sources: list[tuple[set[int], set[Pair], bool]] = []
        for r in range(owned[y], owned[y + 1]):
            group = members[starts[r]:starts[r + 1]]
            if threshold[r] == 1:
                sources.extend((singles[m], pairs[m], not cyclic and alone[m]
                                and remaining[m] == 1) for m in group)
            else:
                one, two = _breaking(threshold[r], [singles[m] for m in group],
                                     [pairs[m] for m in group])
                sources.append((one, two, True))
        if not inside[y] and len(sources) == 1:
            return sources[0]  # passes one member through: share its sets
        base = max((s for s in sources if s[2]), key=lambda s: len(s[1]), default=None)
        one, two = (base[0], base[1]) if base is not None else (set(), set())
        for source in sources:
            if source is not base:
                one |= source[0]
                two |= source[1]
        if inside[y]:
            one.add(y)
        if cyclic:  # inside a cycle, stale pairs would go round it: keep only minimal ones
            two = {p for p in two if p[0] not in one and p[1] not in one}
        return one, two, True

    for component in strongly_connected(*requirement_rows(compiled)):
        cyclic = len(component) > 1
        for y in component:
            singles[y], pairs[y] = set(), set()
        changed = True
        while changed:  # one pass for a lone component; a cycle iterates to its fixpoint
            changed = False
            for y in component:
                one, two, own = evaluate(y, cyclic)
                if cyclic and (one, two) == (singles[y], pairs[y]):
                    continue
                singles[y], pairs[y], alone[y] = one, two, own
                changed = cyclic
        for y in component:
            if y in keep:
                one = singles[y]
                result.singles[y] = frozenset(one)
                result.pairs[y] = frozenset(p for p in pairs[y]
                                            if p[0] not in one and p[1] not in one)
        for y in component:
            for m in members[starts[owned[y]]:starts[owned[y + 1]]]:
                remaining[m] -= 1
                if remaining[m] == 0:
                    singles[m] = pairs[m] = None
    return result


def _breaking(threshold: int, singles: list[set[int]], pairs: list[set[Pair]]
              ) -> tuple[set[int], set[Pair]]:
    """The single failures and the pairs that make ``threshold`` (2 or more) members
    fail, given each member's single causes and pairs (which may hold non-minimal ones)."""
    if threshold == len(singles) == 2:
        return _both(singles[0], singles[1], pairs[0], pairs[1])
    # Which members each single failure takes down, as a bit mask: a pair that takes
    # down members through single causes only breaks the group when the union of its
    # two masks has enough bits, so whole classes of equal masks pair up at once.
    masks: dict[int, int] = {}
    for i, s in enumerate(singles):
        bit = 1 << i
        for x in s:
            masks[x] = masks.get(x, 0) | bit
    one = {x for x, mask in masks.items() if mask.bit_count() >= threshold}
    classes: dict[int, list[int]] = {}
    for x, mask in masks.items():
        if x not in one:
            classes.setdefault(mask, []).append(x)
    two: set[Pair] = set()
    keys = sorted(classes)
    for position, first in enumerate(keys):
        for second in keys[position + 1:]:
            if (first | second).bit_count() >= threshold:
                _cross(two, classes[first], classes[second])
    # Pairs that take a member down only together. A member's pair may hold one of its
    # single causes (a non-minimal pair): the count is then checked member by member,
    # so that no member is counted twice.
    together: Counter[Pair] = Counter()
    for p in pairs:
        together.update(p)
    for pair, count in together.items():
        a, b = pair
        if a in one or b in one or pair in two:
            continue
        mask = masks.get(a, 0) | masks.get(b, 0)
        have = mask.bit_count()
        if have + count < threshold:
            continue
        while mask:  # the members already down through a or b: count them once
            low = mask & -mask
            mask ^= low
            if pair in pairs[low.bit_length() - 1]:
                count -= 1
        if have + count < threshold:
            continue
        two.add(pair)
    return one, two


def _both(s1: set[int], s2: set[int], p1: set[Pair], p2: set[Pair]
          ) -> tuple[set[int], set[Pair]]:
    """``_breaking`` for the commonest group, two members that must both fail (an AND
    gate of two inputs), with set operations: a pair breaks it when it takes down
    each member, through a single cause or as one of its pairs."""
    one = s1 & s2
    two: set[Pair] = set()
    if not one:
        _cross(two, s1, s2)
        two |= p1 & p2
        two.update(p for p in p1 if p[0] in s2 or p[1] in s2)
        two.update(p for p in p2 if p[0] in s1 or p[1] in s1)
        return one, two
    s1, s2 = s1 - one, s2 - one  # a pair that holds a single cause is not minimal
    _cross(two, s1, s2)
    two.update(p for p in p1 & p2 if p[0] not in one and p[1] not in one)
    for p, s in ((p1, s2), (p2, s1)):
        two.update(p for p in p if (p[0] in s or p[1] in s)
                   and p[0] not in one and p[1] not in one)
    return one, two


def _cross(two: set[Pair], xs: Iterable[int], ys: Iterable[int]) -> None:
    """Adds every pair of one of ``xs`` and one of ``ys`` (disjoint), smaller first:
    each ``x`` splits the sorted ``ys`` once, and the pairs are made in C."""
    xs, ys = sorted(xs), sorted(ys)
    if len(xs) > len(ys):
        xs, ys = ys, xs
    for x in xs:
        k = bisect_right(ys, x)
        if k:
            two.update(zip(ys[:k], repeat(x)))
        if k < len(ys):
            two.update(zip(repeat(x), ys[k:]))


def minimal_cut_sets(inventory: Inventory, targets: Selector | str | Iterable[str],
                     universe: Iterable[str] | None = None) -> dict[str, set[frozenset[str]]]:
    """The minimal cut sets of order 1 and 2 of each target (one selector, or component
    ids), as sets of component ids; ``universe`` (ids) restricts the failures
    considered, as a fault tree's basic events.

    >>> from depgraph import load_inventory
    >>> cuts = minimal_cut_sets(load_inventory("inventories/webshop.yaml"), ["storefront"])
    >>> sorted(sorted(c) for c in cuts["storefront"] if len(c) == 2)[:2]
    [['web-a', 'web-b'], ['web-a', 'zone-b']]
    """
    compiled = compile_inventory(inventory)
    numbers = [compiled.index[t] for t in components_named(inventory, targets, "target")]
    allowed = None if universe is None else \
        [compiled.index[i] for i in components_named(inventory, universe)]
    found = double_failures(compiled, numbers, allowed)
    ids = compiled.ids
    return {ids[t]: {frozenset([ids[x]]) for x in found.singles[t]}
            | {frozenset([ids[a], ids[b]]) for a, b in found.pairs[t]} for t in numbers}
