"""Strongly connected components against networkx, on random graphs (cycles, self-loops)."""

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from depgraph.core.scc import sink_components, strongly_connected


@st.composite
def graphs(draw, max_nodes: int = 12):
    n = draw(st.integers(0, max_nodes))
    edges = draw(st.lists(st.tuples(st.integers(0, max(n - 1, 0)), st.integers(0, max(n - 1, 0))),
                          max_size=3 * n)) if n else []
    return n, edges


def rows(n, edges):
    offsets, targets = [0], []
    for v in range(n):
        targets += [w for u, w in edges if u == v]
        offsets.append(len(targets))
    return offsets, targets


@given(graphs(), st.data())
def test_components_are_networkx_s_in_reverse_topological_order(graph, data):
    n, edges = graph
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    G.add_edges_from(edges)
    offsets, targets = rows(n, edges)
    found = strongly_connected(offsets, targets)
    assert sorted(sorted(c) for c in found) == sorted(sorted(c) for c in
                                                       nx.strongly_connected_components(G))
    position = {v: i for i, component in enumerate(found) for v in component}
    for u, w in edges:  # what a component reaches comes before it
        assert position[w] <= position[u]
    # Skipping nodes that reach nothing kept (the kernel skips what is done, dependencies
    # first) leaves the others' components, in the same order.
    chosen = data.draw(st.sets(st.integers(0, n - 1)) if n else st.just(set()))
    skipped = set(chosen).union(*(nx.descendants(G, v) for v in chosen))
    mask = [v in skipped for v in range(n)]
    kept = [c for c in found if not any(mask[v] for v in c)]
    assert strongly_connected(offsets, targets, skip=mask) == kept


@given(graphs())
def test_sinks_are_the_components_no_edge_leaves(graph):
    n, edges = graph
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    G.add_edges_from(edges)
    C = nx.condensation(G)
    expected = sorted(sorted(C.nodes[c]["members"]) for c in C if C.out_degree(c) == 0)
    mapping = {v: [w for u, w in edges if u == v] for v in range(n)}
    assert sink_components(mapping) == expected
