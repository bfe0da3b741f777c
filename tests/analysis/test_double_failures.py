"""Minimal pairs (cut sets of order 2) against brute force on random inventories."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given
from hypothesis import strategies as st

from depgraph.analysis.double_failures import double_failures
from depgraph.core.graph import compile_inventory
from depgraph.analysis.spof import single_points_of_failure
from tests.strategies import build, inventory_specs, oracle_failed, targets_of


@given(inventory_specs(max_size=10), st.data())
def test_pairs_are_exactly_the_minimal_cut_sets_of_order_two(spec, data):
    compiled = compile_inventory(build(spec))
    ids = list(compiled.ids)
    universe = set(data.draw(st.lists(st.sampled_from(ids), unique=True))) \
        if data.draw(st.booleans()) else set(ids)
    found = double_failures(compiled, range(len(ids)),
                            [compiled.index[i] for i in universe])
    for y, ident in enumerate(ids):
        singles = {x for x in universe if ident in oracle_failed(spec, {x})}
        pairs = {(a, b) for a, b in combinations(sorted(universe), 2)
                 if a not in singles and b not in singles
                 and ident in oracle_failed(spec, {a, b})}
        assert {ids[x] for x in found.singles[y]} == singles
        assert {(ids[a], ids[b]) for a, b in found.pairs[y]} == pairs


@given(inventory_specs(max_size=9))
def test_the_report_lists_every_minimal_pair_with_what_it_kills(spec):
    report = single_points_of_failure(build(spec), order=2)
    targets = targets_of(spec)
    ids = sorted(c["id"] for c in spec["components"])
    expected = {}
    for a, b in combinations(ids, 2):
        killed = (oracle_failed(spec, {a, b}) & targets) - \
            oracle_failed(spec, {a}) - oracle_failed(spec, {b})
        if killed:
            expected[("component", (a, b))] = tuple(sorted(killed))
    providers = sorted(p["id"] for p in spec["providers"])
    for p, q in combinations(providers, 2):
        of = {x: {c["id"] for c in spec["components"] if c.get("provider") == x} for x in (p, q)}
        if of[p] and of[q]:
            killed = (oracle_failed(spec, of[p] | of[q]) & targets) - \
                oracle_failed(spec, of[p]) - oracle_failed(spec, of[q])
            if killed:
                expected[("provider", (p, q))] = tuple(sorted(killed))
    assert {(pair.kind, pair.ids): pair.kills for pair in report.pairs} == expected
