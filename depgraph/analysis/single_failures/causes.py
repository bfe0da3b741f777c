"""Single failures over Python sets: the reference of :mod:`~depgraph.analysis.single_failures`.

The causes of each component follow from its members' causes (see the package's
documentation); here they are Python sets, computed one strongly connected
component at a time in Tarjan's order (dependencies first), a cycle iterated to
its least fixpoint. Each causes set is dropped as soon as every component that
needs it is done, so memory follows the frontier, not the total. The fastest on
small inventories; :mod:`.causes_numpy` is the fast path.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from depgraph.analysis.single_failures.result import SingleFailures
from depgraph.core.graph import CompiledInventory
from depgraph.core.scc import requirement_rows, strongly_connected

__all__ = ["evaluate", "fixpoint", "single_failures_sets", "upstream_causes"]


def single_failures_sets(compiled: CompiledInventory, keep: Iterable[int] = ()) -> SingleFailures:
    """The reference: Python sets, one strongly connected component at a time; each
    causes set dropped once every component that needs it is done.

    >>> from depgraph import load_inventory
    >>> from depgraph.core.graph import compile_inventory
    >>> compiled = compile_inventory(load_inventory("inventories/webshop.yaml"))
    >>> found = single_failures_sets(compiled, [compiled.index["checkout"]])
    >>> sorted(compiled.ids[x] for x in found.causes[compiled.index["checkout"]])[:3]
    ['checkout', 'db-cluster', 'dns']
    """
    n = len(compiled.ids)
    keep = set(keep)
    owned, starts, members = compiled.owned, compiled.member_offsets, compiled.members
    causes: list[set[int] | None] = [None] * n
    remaining = [compiled.offsets[c + 1] - compiled.offsets[c] for c in range(n)]
    blast: Counter[int] = Counter()
    kills: dict[int, list[int]] = {}
    shared: dict[int, frozenset[int]] = {}
    kept: dict[int, frozenset[int]] = {}
    cycles = []

    for component in strongly_connected(*requirement_rows(compiled)):
        if len(component) == 1:
            causes[component[0]] = evaluate(compiled, component[0], causes, shared)
        else:
            cycles.append(sorted(component))
            fixpoint(compiled, component, causes, shared)
        for y in component:
            blast.update(causes[y])
            if y in keep:
                kept[y] = frozenset(causes[y])
                for x in causes[y]:
                    if x != y:
                        kills.setdefault(x, []).append(y)
        for y in component:  # free what no one needs any more
            for m in members[starts[owned[y]]:starts[owned[y + 1]]]:
                remaining[m] -= 1
                if remaining[m] == 0:
                    causes[m] = None
            if remaining[y] == 0:
                causes[y] = None
    cycles.sort()
    return SingleFailures([blast[x] for x in range(n)],
                          {x: sorted(t) for x, t in kills.items()}, kept, shared, cycles)


def fixpoint(compiled: CompiledInventory, component: list[int], causes, shared: dict) -> None:
    """The least fixpoint inside a cycle: causes start at ``{y}`` and grow."""
    for y in component:
        causes[y] = {y}
    changed = True
    while changed:
        changed = False
        for y in component:
            found = evaluate(compiled, y, causes, shared)
            if found != causes[y]:
                causes[y], changed = found, True


def evaluate(compiled: CompiledInventory, y: int, causes, shared: dict | None) -> set[int]:
    """causes(y) from its members' causes; records the groups' shared causes in ``shared``."""
    owned, threshold = compiled.owned, compiled.threshold
    starts, members = compiled.member_offsets, compiled.members
    found = {y}
    groups: list[tuple[int, set[int]]] = []
    for r in range(owned[y], owned[y + 1]):
        member_causes = [causes[m] for m in members[starts[r]:starts[r + 1]]]
        need = threshold[r]
        if need == 1:
            for each in member_causes:
                found |= each
            continue
        if need == len(member_causes):
            member_causes.sort(key=len)
            common = set(member_causes[0]).intersection(*member_causes[1:])
        else:
            counts: Counter[int] = Counter()
            for each in member_causes:
                counts.update(each)
            common = {x for x, count in counts.items() if count >= need}
        groups.append((r, common))
        found |= common
    if shared is not None:
        _record_shared(compiled, y, groups, causes, shared)
    return found


def _record_shared(compiled: CompiledInventory, y: int, groups, causes, shared: dict) -> None:
    """Shared causes that matter: those that would not take ``y`` down anyway through
    another of its requirements (a building that holds both feeds and the component
    itself is not an illusory redundancy)."""
    owned, threshold = compiled.owned, compiled.threshold
    starts, members = compiled.member_offsets, compiled.members
    for r, common in groups:
        others = {y}
        for q, other in groups:
            if q != r:
                others |= other
        for q in range(owned[y], owned[y + 1]):
            if threshold[q] == 1:
                for m in members[starts[q]:starts[q + 1]]:
                    others |= causes[m]
        mattering = common - others
        if mattering:
            shared[r] = frozenset(mattering)
        else:
            shared.pop(r, None)


def upstream_causes(compiled: CompiledInventory, target: int) -> dict[int, set[int]]:
    """causes(y) for ``target`` and everything it requires, directly or not.

    Cheap where a whole-estate pass is not needed: the cost follows what the
    target stands on, not what a failure takes down.
    """
    owned, starts, members = compiled.owned, compiled.member_offsets, compiled.members
    order: list[int] = []  # dependencies before dependents (DFS post-order)
    seen = {target}
    work = [(target, starts[owned[target]])]
    while work:
        v, position = work[-1]
        if position < starts[owned[v + 1]]:
            work[-1] = (v, position + 1)
            w = members[position]
            if w not in seen:
                seen.add(w)
                work.append((w, starts[owned[w]]))
            continue
        work.pop()
        order.append(v)
    causes: dict[int, set[int]] = {y: {y} for y in order}
    changed = True
    while changed:  # one pass settles an acyclic part; cycles take a few more
        changed = False
        for y in order:
            found = evaluate(compiled, y, causes, None)
            if found != causes[y]:
                causes[y], changed = found, True
    return causes
