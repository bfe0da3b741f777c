"""Strongly connected components: the one implementation every analysis uses.

Tarjan's algorithm, iterative (an estate of a million components is far deeper
than Python's recursion limit), over a graph in compressed sparse rows: the
successors of node ``v`` are ``targets[offsets[v]:offsets[v + 1]]``. The
compiled index has exactly that shape for "requires" (:func:`requirement_rows`);
a small graph given as a mapping is renumbered first (:func:`sink_components`).
"""

from __future__ import annotations

from typing import Mapping, Sequence

from depgraph.core.graph import CompiledInventory

__all__ = ["requirement_rows", "sink_components", "strongly_connected"]


def strongly_connected(offsets: Sequence[int], targets: Sequence[int],
                       skip=None) -> list[list[int]]:
    """The strongly connected components, each in the order Tarjan closes it, the
    components in reverse topological order (a component after every one it reaches:
    for "requires", dependencies first).

    With ``skip``, nodes ``v`` where ``skip[v]`` is true are left out: the others'
    components, in the same relative order, provided that nothing skipped is reached
    from anything kept (what the single-failure kernel skips is done, dependencies
    first).

    >>> strongly_connected([0, 1, 2, 3], [1, 0, 0])  # 0 -> 1 -> 0, 2 -> 0
    [[1, 0], [2]]
    """
    n = len(offsets) - 1
    order = [-1] * n
    low = [0] * n
    on_stack = bytearray(n)
    if skip is not None:
        for v in (skip.nonzero()[0].tolist() if hasattr(skip, "nonzero") else
                  (v for v in range(n) if skip[v])):
            order[v] = -2
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
        work = [[root, offsets[root]]]
        while work:
            frame = work[-1]
            v, position = frame
            if position < offsets[v + 1]:
                frame[1] = position + 1
                w = targets[position]
                if order[w] == -1:
                    order[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack[w] = 1
                    work.append([w, offsets[w]])
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


def requirement_rows(compiled: CompiledInventory) -> tuple[list[int], list[int]]:
    """The compiled index as rows for :func:`strongly_connected`: component ``c``'s
    successors are the members of all its requirements (contiguous in ``members``)."""
    starts = compiled.member_offsets
    return [starts[r] for r in compiled.owned], compiled.members


def sink_components(graph: Mapping[int, Sequence[int]]) -> list[list[int]]:
    """The strongly connected components of ``graph`` (each node's successors) that no
    edge leaves, each sorted, sorted.

    >>> sink_components({1: [2], 2: [1], 3: [1], 4: []})
    [[1, 2], [4]]
    """
    nodes = sorted(graph)
    number = {node: i for i, node in enumerate(nodes)}
    offsets, targets = [0], []
    for node in nodes:
        targets.extend(number[m] for m in graph[node])
        offsets.append(len(targets))
    sinks = []
    for component in strongly_connected(offsets, targets):
        inside = set(component)
        if all(targets[p] in inside for v in component for p in range(offsets[v], offsets[v + 1])):
            sinks.append(sorted(nodes[v] for v in component))
    return sorted(sinks)
