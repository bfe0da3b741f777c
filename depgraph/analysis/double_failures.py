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
from itertools import product
from typing import Iterable

from depgraph.analysis.single_failures import strongly_connected
from depgraph.core.graph import CompiledInventory, compile_inventory
from depgraph.core.model import Inventory

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
    singles: list[set[int] | None] = [None] * n
    pairs: list[set[Pair] | None] = [None] * n
    remaining = [compiled.offsets[c + 1] - compiled.offsets[c] for c in range(n)]
    result = DoubleFailures({}, {})

    def evaluate(y: int) -> tuple[set[int], set[Pair]]:
        if not inside[y] and owned[y + 1] - owned[y] == 1 and \
                starts[owned[y] + 1] - starts[owned[y]] == 1:
            m = members[starts[owned[y]]]  # passes one member through: share its sets
            return singles[m], pairs[m]
        one = {y} if inside[y] else set()
        two: set[Pair] = set()
        for r in range(owned[y], owned[y + 1]):
            group = members[starts[r]:starts[r + 1]]
            k1, k2 = _breaking(compiled.threshold[r], [singles[m] for m in group],
                               [pairs[m] for m in group])
            one |= k1
            two |= k2
        return one, {p for p in two if p[0] not in one and p[1] not in one}

    for component in strongly_connected(compiled):
        for y in component:
            singles[y], pairs[y] = set(), set()
        changed = True
        while changed:  # one pass for a lone component; a cycle iterates to its fixpoint
            changed = False
            for y in component:
                found = evaluate(y)
                if found != (singles[y], pairs[y]):
                    singles[y], pairs[y] = found
                    changed = len(component) > 1
        for y in component:
            if y in keep:
                result.singles[y] = frozenset(singles[y])
                result.pairs[y] = frozenset(pairs[y])
        for y in component:
            for m in members[starts[owned[y]]:starts[owned[y + 1]]]:
                remaining[m] -= 1
                if remaining[m] == 0:
                    singles[m] = pairs[m] = None
    return result


def _breaking(threshold: int, singles: list[set[int]], pairs: list[set[Pair]]
              ) -> tuple[set[int], set[Pair]]:
    """The single failures and the pairs that make ``threshold`` members fail."""
    if threshold == 1:
        one: set[int] = set()
        two: set[Pair] = set()
        for s, p in zip(singles, pairs):
            one |= s
            two |= p
        return one, two
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
                two.update((a, b) if a < b else (b, a)
                           for a, b in product(classes[first], classes[second]))
    # Pairs that take a member down only together (its own minimal pairs). A member's
    # pairs hold none of its single causes, so the two ways of failing never overlap.
    together: Counter[Pair] = Counter()
    for p in pairs:
        together.update(p)
    for (a, b), count in together.items():
        if a in one or b in one or (a, b) in two:
            continue
        if (masks.get(a, 0) | masks.get(b, 0)).bit_count() + count >= threshold:
            two.add((a, b))
    return one, two


def minimal_cut_sets(inventory: Inventory, targets: Iterable[str],
                     universe: Iterable[str] | None = None) -> dict[str, set[frozenset[str]]]:
    """The minimal cut sets of order 1 and 2 of each target, as sets of component ids;
    ``universe`` (ids) restricts the failures considered, as a fault tree's basic events.

    >>> from depgraph import load_inventory
    >>> cuts = minimal_cut_sets(load_inventory("inventories/webshop.yaml"), ["storefront"])
    >>> sorted(sorted(c) for c in cuts["storefront"] if len(c) == 2)[:2]
    [['web-a', 'web-b'], ['web-a', 'zone-b']]
    """
    compiled = compile_inventory(inventory)
    numbers = [compiled.index[t] for t in targets]
    allowed = None if universe is None else [compiled.index[i] for i in universe]
    found = double_failures(compiled, numbers, allowed)
    ids = compiled.ids
    return {ids[t]: {frozenset([ids[x]]) for x in found.singles[t]}
            | {frozenset([ids[a], ids[b]]) for a, b in found.pairs[t]} for t in numbers}
