"""The numpy SPOF kernel and the batch explanations, against the reference and brute force.

``single_failures`` runs the kernel from ``ARRAYS_FROM`` components on; here it is forced
on small random inventories (cycles, quorums, shared members, located_in chains) and its
every output compared with the reference over Python sets: blast radii, kills, kept
causes, shared causes, cycles, and through them the SPOF report, every explanation and
the JSON text. The table's per-cause fields (shortest chain, its first link, the first
requirement broken) are checked against their definitions.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

import depgraph.analysis.propagation as propagation
import depgraph.analysis.single_failures as single_failures_module
from depgraph.analysis.single_failures import _Kernel, single_failures, upstream_causes
from depgraph.analysis.spof import (_breaking, _path, _same_rows, explain_points,
                                    explain_single_point, single_points_of_failure)
from depgraph.core.graph import compile_inventory
from depgraph.formats import get_format
from depgraph.loaders.synthetic import synthetic_inventory
from tests.strategies import build, inventory_specs, oracle_failed


@contextmanager
def kernel(on: bool = True, propagation_arrays: bool = False):
    """Force the numpy kernel (or the reference), and optionally numpy propagation."""
    saved = single_failures_module.ARRAYS_FROM, propagation.NUMPY_FROM
    single_failures_module.ARRAYS_FROM = 0 if on else 2**62
    if propagation_arrays:
        propagation.NUMPY_FROM = 0
    try:
        yield
    finally:
        single_failures_module.ARRAYS_FROM, propagation.NUMPY_FROM = saved


def both(compiled, keep):
    return (single_failures(compiled, keep, arrays=False),
            single_failures(compiled, keep, arrays=True))


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
    table = single_failures(compiled, arrays=True).table
    for y, ident in enumerate(compiled.ids):
        killers = {c["id"] for c in spec["components"] if ident in oracle_failed(spec, {c["id"]})}
        row = table.row(y)
        assert row == sorted(row)
        assert {compiled.ids[x] for x in row} == killers


@given(inventory_specs(max_size=12))
def test_each_cause_carries_its_shortest_chain_first_link_and_first_broken_requirement(spec):
    """dist is the length of the chain _path finds, step its first link, first the
    first requirement of y that x breaks (what _how_single names)."""
    compiled = compile_inventory(build(spec))
    table = single_failures(compiled, arrays=True).table
    for y in range(len(compiled.ids)):
        causes = upstream_causes(compiled, y)
        start = int(table.start[y])
        for e in range(start, start + int(table.length[y])):
            x = int(table.values[e])
            if x == y:
                assert table.dist[e] == 0 and table.first[e] == -1
                continue
            steps = _path(compiled, causes, x, y)
            assert table.dist[e] == len(steps) - 1
            link = compiled.member_offsets[compiled.owned[y]] + int(table.step[e])
            assert compiled.requirements[_requirement_number(compiled, y, link)] \
                is steps[0].requirement
            assert compiled.ids[compiled.members[link]] == steps[0].cause
            first, _ = next(_breaking(compiled, causes, x, y))
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
    reference = single_failures(compiled, everything, arrays=False)
    waves: list[int] = []
    original = _Kernel._wave

    def counted(self, nodes):
        waves.append(len(nodes))
        return original(self, nodes)

    monkeypatch.setattr(_Kernel, "_wave", counted)
    single_failures(compiled, everything, arrays=True)
    whole = len(waves)
    waves.clear()
    monkeypatch.setattr(_Kernel, "key_bits", 24)
    fast = single_failures(compiled, everything, arrays=True)
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
    reference = single_failures(compiled, everything, arrays=False)
    monkeypatch.setattr(_Kernel, "thin_waves", 64)
    handed = single_failures(compiled, everything, arrays=True)
    assert handed.table is None, "the kernel kept going through 300 thin waves"
    monkeypatch.setattr(_Kernel, "thin_size", 0)  # never gives up: a deep ladder, exactly
    fast = single_failures(compiled, everything, arrays=True)
    assert fast.table is not None
    for found in (handed, fast):
        assert found.blast == reference.blast and dict(found.kills) == dict(reference.kills)
        assert found.shared == reference.shared
        assert {y: found.causes[y] for y in everything} == dict(reference.causes)
    inventory = _ladder(300)
    with kernel(True):
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


# -- the report and its explanations ----------------------------------------------------

def _reports(inventory, **options):
    with kernel(False):
        reference = single_points_of_failure(inventory, **options)
    with kernel(True, propagation_arrays=True):
        fast = single_points_of_failure(inventory, **options)
    assert fast.analysis.table is not None and reference.analysis.table is None
    return reference, fast


@given(inventory_specs(max_size=12))
def test_reports_and_every_explanation_are_the_reference_ones(spec):
    inventory = build(spec)
    reference, fast = _reports(inventory)
    assert fast.spofs == reference.spofs
    assert fast.targets == reference.targets and fast.at_risk == reference.at_risk
    expected = {s.key: explain_single_point(inventory, s) for s in reference.spofs}
    assert fast.whys() == reference.whys() == expected
    assert fast.why_each() == [expected[s.key] for s in fast.spofs]
    for spof in fast.spofs:
        assert fast.why(spof) == expected[spof.key]
    for report in (reference, fast):
        for target in report.targets:
            assert report.killers_of(target) == tuple(s for s in report.spofs
                                                      if target in s.kills)


@given(inventory_specs(max_size=12), st.data())
def test_explaining_some_points_for_other_targets(spec, data):
    """As diff does: a subset of the points, in any order, some for a later target."""
    inventory = build(spec)
    _, fast = _reports(inventory)
    if not fast.spofs:
        return
    chosen = data.draw(st.lists(st.sampled_from(fast.spofs), unique_by=lambda s: s.key))
    chosen = [replace(s, kills=data.draw(st.lists(st.sampled_from(s.kills), min_size=1,
                                                  unique=True).map(lambda k: tuple(sorted(k)))))
              for s in chosen]
    assert explain_points(fast, chosen) == {s.key: explain_single_point(inventory, s)
                                            for s in chosen}


def _dumps_reference(report) -> str:
    """What JsonFormat.spof wrote before it was written by hand: the json module's."""
    whys = {s.key: explain_single_point(report.inventory, s) for s in report.spofs}
    spofs = []
    for spof in report.spofs:
        item = {"kind": spof.kind, "id": spof.id, "kills": list(spof.kills),
                "blast_radius": spof.blast_radius, "why": whys[spof.key]}
        if report.new is not None:
            item["new"] = spof.key in report.new
        spofs.append(item)
    summary = {"targets": len(report.targets), "at_risk": len(report.at_risk),
               "spofs": len(report.spofs),
               "by_kind": {kind: sum(1 for s in report.spofs if s.kind == kind)
                           for kind in ("component", "location", "provider")}}
    if report.new is not None:
        summary["new"] = len(report.new)
    extra = {}
    if report.pairs is not None:
        extra["pairs"] = [{"kind": p.kind, "ids": list(p.ids), "kills": list(p.kills)}
                          for p in report.pairs]
        summary["pairs"] = len(report.pairs)
    return json.dumps({**extra,
                       "inventory": {"name": report.inventory.name,
                                     "components": len(report.inventory)},
                       "targets": list(report.targets), "at_risk": list(report.at_risk),
                       "spofs": spofs, "summary": summary},
                      indent=2, sort_keys=True, ensure_ascii=False) + "\n"


NAMES = st.sampled_from([None, "", "estate", 'the "main" one', "back\\slash", "tab\there",
                         "line\nbreak", "né à Zürich ✓", "\x00\x1f\u2028"])


@given(inventory_specs(max_size=10), NAMES, st.integers(0, 2), st.booleans(), st.data())
def test_the_json_written_by_hand_is_what_the_json_module_writes(spec, name, order, baseline,
                                                                  data):
    inventory = replace(build(spec), name=name)
    for report in _reports(inventory, order=max(order, 1)):
        if baseline:
            known = data.draw(st.lists(st.sampled_from([s.key for s in report.spofs]))
                              if report.spofs else st.just([]))
            report = report.against(known)
        assert get_format("json").spof(report) == _dumps_reference(report)


def test_the_json_of_an_estate_with_no_spof():
    spec = {"name": "safe", "providers": [],
            "components": [{"id": "a", "type": "site"}, {"id": "b", "type": "site"},
                           {"id": "app", "type": "application", "criticality": "critical",
                            "depends_on": [{"any": ["a", "b"]}]}]}
    for report in _reports(build(spec)):
        assert not report.spofs
        assert get_format("json").spof(report) == _dumps_reference(report)


@given(inventory_specs(max_size=10), st.integers(0, 2**32))
def test_kernel_reports_are_byte_identical_whatever_the_order(tmp_path_factory, spec, seed):
    from depgraph.loaders.files import load_inventory
    from tests.strategies import shuffled, to_yaml

    outputs = []
    with kernel(True, propagation_arrays=True):
        for variant in (spec, shuffled(spec, seed)):
            path = tmp_path_factory.mktemp("inv") / "inventory.yaml"
            path.write_text(to_yaml(variant), encoding="utf-8")
            report = single_points_of_failure(load_inventory(path))
            outputs.append([get_format(name).spof(report)
                            for name in ("text", "json", "markdown", "junit")])
    assert outputs[0] == outputs[1]


# -- rows shared between points ----------------------------------------------------------

@given(st.lists(st.lists(st.integers(0, 5), min_size=1, max_size=4), min_size=1, max_size=30),
       st.booleans())
def test_equal_rows_are_found_exactly_even_when_every_digest_collides(rows, collide):
    import numpy as np

    values = np.array([v for row in rows for v in row], dtype=np.int64)
    bounds = np.cumsum([0] + [len(row) for row in rows]).astype(np.int64)
    if collide:
        same = _same_rows(np, values, bounds, digest=lambda *_: np.zeros(len(rows),
                                                                        dtype=np.uint64))
    else:
        same = _same_rows(np, values, bounds)
    expected = [rows.index(row) for row in rows]
    if collide:  # exact still: equal to its representative, or its own
        assert all(rows[s] == row for s, row in zip(same.tolist(), rows))
    else:
        assert same.tolist() == expected
