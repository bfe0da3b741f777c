"""Single failures: for every component, which single component failures take it down.

For a component ``y``, ``causes(y)`` is the set of components whose failure
alone makes ``y`` fail (``y`` itself included). It obeys

    causes(y) = {y} ∪ ⋃ K(r) over y's requirements r,
    K(r)      = the components found in at least threshold(r) of the causes
                of r's members (threshold = members that must fail to break r)

so a hard requirement contributes the union of its member's causes, an ``any``
group the intersection of its members' causes, a quorum what enough members
share. The least solution of these equations is exactly one propagation per
component (the system splits by the failing component), but it is computed
in one pass over the strongly connected components, dependencies first,
iterating only inside cycles. Each causes set is dropped as soon as every
component that needs it is done, so memory follows the frontier, not the total.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from depgraph.core.graph import CompiledInventory

__all__ = ["SingleFailures", "single_failures", "strongly_connected"]


@dataclass(frozen=True, eq=False)
class SingleFailures:
    """What single failures do, over component and requirement numbers.

    ``blast[x]`` counts the components that fail when ``x`` alone fails (``x``
    included); ``kills[x]`` lists the kept components (targets) that ``x``'s
    failure takes down, other than ``x`` itself; ``causes`` holds the causes set
    of each kept component; ``shared[r]`` the components whose failure alone
    breaks redundancy group ``r`` (a group that tolerates a failure), where any;
    ``cycles`` the strongly connected components of more than one component.
    """

    blast: list[int]
    kills: dict[int, list[int]]
    causes: dict[int, frozenset[int]]
    shared: dict[int, frozenset[int]]
    cycles: list[list[int]]


def strongly_connected(compiled: CompiledInventory) -> list[list[int]]:
    """Strongly connected components of "requires", dependencies first (Tarjan, iterative)."""
    n = len(compiled.ids)
    owned, starts, members = compiled.owned, compiled.member_offsets, compiled.members
    order = [-1] * n
    low = [0] * n
    on_stack = bytearray(n)
    stack: list[int] = []
    found: list[list[int]] = []
    counter = 0
    for root in range(n):
        if order[root] != -1:
            continue
        order[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = 1
        work = [[root, starts[owned[root]]]]
        while work:
            frame = work[-1]
            v, position = frame
            if position < starts[owned[v + 1]]:
                frame[1] = position + 1
                w = members[position]
                if order[w] == -1:
                    order[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack[w] = 1
                    work.append([w, starts[owned[w]]])
                elif on_stack[w] and order[w] < low[v]:
                    low[v] = order[w]
                continue
            work.pop()
            if work and low[v] < low[work[-1][0]]:
                low[work[-1][0]] = low[v]
            if low[v] == order[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack[w] = 0
                    component.append(w)
                    if w == v:
                        break
                found.append(component)
    return found


def single_failures(compiled: CompiledInventory, keep: Iterable[int] = ()) -> SingleFailures:
    """Every single failure's effect at once; ``keep`` names the components (targets)
    whose causes are kept and whose killers are listed."""
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

    for component in strongly_connected(compiled):
        if len(component) == 1:
            causes[component[0]] = _evaluate(compiled, component[0], causes, shared)
        else:
            cycles.append(sorted(component))
            for y in component:
                causes[y] = {y}
            changed = True
            while changed:  # the least fixpoint inside the cycle
                changed = False
                for y in component:
                    found = _evaluate(compiled, y, causes, shared)
                    if found != causes[y]:
                        causes[y], changed = found, True
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
    return SingleFailures([blast[x] for x in range(n)],
                          {x: sorted(t) for x, t in kills.items()}, kept, shared, cycles)


def _evaluate(compiled: CompiledInventory, y: int, causes, shared: dict | None) -> set[int]:
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
            found = _evaluate(compiled, y, causes, None)
            if found != causes[y]:
                causes[y], changed = found, True
    return causes
