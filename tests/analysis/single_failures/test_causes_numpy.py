"""The numpy single-failure kernel against the reference over Python sets, and brute force.

The kernel runs from ``FAST_FROM["single_failures"]`` memberships on; here it is forced
(:func:`depgraph.core.fast_paths.forced`) on small random inventories (cycles,
quorums, shared members, located_in chains) and its every output compared with the
reference: blast radii, kills, kept causes, shared causes, cycles. The table's
per-cause fields (shortest chain, its first link, the first requirement broken) are
checked against their definitions in the reference explanation.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from depgraph.analysis.single_failures import single_failures, upstream_causes
from depgraph.analysis.single_failures.causes_numpy import Kernel
from depgraph.analysis.spof import explain_single_point, single_points_of_failure
from depgraph.analysis.spof.explain import breaking, shortest_chain
from depgraph.core.fast_paths import forced
from depgraph.core.graph import compile_inventory
from depgraph.loaders.synthetic import synthetic_inventory
from tests.strategies import build, inventory_specs, oracle_failed


def on_reference(compiled, keep=()):
    with forced("reference"):
        return single_failures(compiled, keep)


def on_fast(compiled, keep=()):
    with forced("fast"):
        return single_failures(compiled, keep)


def both(compiled, keep):
    return on_reference(compiled, keep), on_fast(compiled, keep)


# -- single_failures: the kernel is the reference --------------------------------------

@given(inventory_specs(max_size=14), st.data())
def test_the_kernel_gives_exactly_what_the_reference_gives(spec, data):
    compiled = compile_inventory(build(spec))
    keep = data.draw(st.sets(st.integers(0, len(compiled.ids) - 1)))
    reference, fast = both(compiled, keep)
    assert fast.table is not None and reference.table is None
    assert fast.blast == reference.blast
    assert dict(fast.kills) == dict(reference.kills)
    assert {x: fast.kills[x] for x in fast.kills} == dict(reference.kills)
    assert set(fast.causes) == set(reference.causes) == set(keep)
    assert {y: fast.causes[y] for y in keep} == dict(reference.causes)
    assert fast.shared == reference.shared
    assert fast.cycles == reference.cycles  # same cycles, in the same order


@given(inventory_specs(max_size=12))
def test_every_row_of_the_table_is_the_brute_force_causes_set(spec):
    compiled = compile_inventory(build(spec))
    table = on_fast(compiled).table
    for y, ident in enumerate(compiled.ids):
        killers = {c["id"] for c in spec["components"] if ident in oracle_failed(spec, {c["id"]})}
        row = table.row(y)
        assert row == sorted(row)
        assert {compiled.ids[x] for x in row} == killers


@given(inventory_specs(max_size=12))
def test_each_cause_carries_its_shortest_chain_first_link_and_first_broken_requirement(spec):
    """dist is the length of the chain the reference explanation finds, step its first
    link, first the first requirement of y that x breaks."""
    compiled = compile_inventory(build(spec))
    table = on_fast(compiled).table
    for y in range(len(compiled.ids)):
        causes = upstream_causes(compiled, y)
        start = int(table.start[y])
        for e in range(start, start + int(table.length[y])):
            x = int(table.values[e])
            if x == y:
                assert table.dist[e] == 0 and table.first[e] == -1
                continue
            steps = shortest_chain(compiled, causes, x, y)
            assert table.dist[e] == len(steps) - 1
            link = compiled.member_offsets[compiled.owned[y]] + int(table.step[e])
            assert compiled.requirements[_requirement_number(compiled, y, link)] \
                is steps[0].requirement
            assert compiled.ids[compiled.members[link]] == steps[0].cause
            first, _ = next(breaking(compiled, causes, x, y))
            assert compiled.owned[y] + int(table.first[e]) == first


def _requirement_number(compiled, y: int, link: int) -> int:
    for r in compiled.requirements_of(y):
        if compiled.member_offsets[r] <= link < compiled.member_offsets[r + 1]:
            return r
    raise AssertionError("the link is not one of y's memberships")


def test_waves_too_wide_for_one_key_are_halved(monkeypatch):
    """A wave whose keys would not fit in 64 bits is split; here forced by narrowing."""
    compiled = compile_inventory(synthetic_inventory(1200, seed=3))
    everything = range(len(compiled.ids))
    reference = on_reference(compiled, everything)
    waves: list[int] = []
    original = Kernel.wave

    def counted(self, nodes):
        waves.append(len(nodes))
        return original(self, nodes)

    monkeypatch.setattr(Kernel, "wave", counted)
    on_fast(compiled, everything)
    whole = len(waves)
    waves.clear()
    monkeypatch.setattr(Kernel, "key_bits", 24)
    fast = on_fast(compiled, everything)
    assert len(waves) > 2 * whole, "no wave was halved"
    assert fast.blast == reference.blast and dict(fast.kills) == dict(reference.kills)
    assert fast.shared == reference.shared
    assert {y: fast.causes[y] for y in everything} == dict(reference.causes)


def _ladder(levels: int):
    """Pairs of components, each needing either of the pair below: thousands of levels of
    one-pair waves."""
    from depgraph.core.inventory import Draft, assemble
    from depgraph.core.model import Component, Requirement

    components = [Component("a0", "power"), Component("b0", "power")]
    for i in range(1, levels):
        below = (Requirement("any", (f"a{i - 1}", f"b{i - 1}")),
                 Requirement("hard", (f"a{i - 1}",)) if i % 7 == 0 else None)
        depends = tuple(r for r in below if r is not None)
        components += [Component(f"a{i}", "power", depends_on=depends),
                       Component(f"b{i}", "compute", depends_on=depends,
                                 criticality="critical" if i % 50 == 0 else "medium")]
    return assemble([Draft("ladder.yaml", tuple((c, ()) for c in components), ())])


def test_thin_waves_hand_over_to_the_reference(monkeypatch):
    compiled = compile_inventory(_ladder(300))
    everything = range(len(compiled.ids))
    reference = on_reference(compiled, everything)
    monkeypatch.setattr(Kernel, "thin_waves", 64)
    handed = on_fast(compiled, everything)
    assert handed.table is None, "the kernel kept going through 300 thin waves"
    monkeypatch.setattr(Kernel, "thin_size", 0)  # never gives up: a deep ladder, exactly
    fast = on_fast(compiled, everything)
    assert fast.table is not None
    for found in (handed, fast):
        assert found.blast == reference.blast and dict(found.kills) == dict(reference.kills)
        assert found.shared == reference.shared
        assert {y: found.causes[y] for y in everything} == dict(reference.causes)
    inventory = _ladder(300)
    with forced("fast"):
        report = single_points_of_failure(inventory)
    assert report.analysis.table is not None and report.spofs
    assert report.whys() == {s.key: explain_single_point(inventory, s) for s in report.spofs}


@pytest.mark.parametrize("size, seed", [(600, 1), (3000, 2)])
def test_the_kernel_on_the_benchmark_estate(size: int, seed: int):
    inventory = synthetic_inventory(size, seed=seed)
    compiled = compile_inventory(inventory)
    keep = range(0, len(compiled.ids), 3)
    reference, fast = both(compiled, keep)
    assert fast.blast == reference.blast and dict(fast.kills) == dict(reference.kills)
    assert fast.shared == reference.shared and fast.cycles == reference.cycles
    assert {y: fast.causes[y] for y in keep} == dict(reference.causes)
