"""Single points of failure and shared causes against brute force on random inventories.

Each test runs on both paths (:mod:`depgraph.core.fast_paths`): the reference over
Python sets, and the numpy kernels, forced here on inventories far below the size
they are chosen from.
"""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from depgraph.analysis.single_failures import single_failures, upstream_causes
from depgraph.analysis.spof import default_targets, single_points_of_failure
from depgraph.analysis.spof.explain import shortest_chain
from depgraph.core.fast_paths import forced
from depgraph.core.graph import compile_inventory
from tests.strategies import build, inventory_specs, oracle_failed, requirements_of, targets_of


def oracle_spofs(spec, targets) -> set[tuple]:
    located = {c["located_in"] for c in spec["components"] if "located_in" in c}
    found = set()
    for c in spec["components"]:
        failed = oracle_failed(spec, {c["id"]})
        kills = tuple(sorted((failed & targets) - {c["id"]}))
        if kills:
            kind = "location" if c["id"] in located else "component"
            found.add((kind, c["id"], kills, len(failed)))
    for p in spec["providers"]:
        initial = {c["id"] for c in spec["components"] if c.get("provider") == p["id"]}
        if initial:
            failed = oracle_failed(spec, initial)
            kills = tuple(sorted(failed & targets))
            if kills:
                found.add(("provider", p["id"], kills, len(failed)))
    return found


BOTH = pytest.mark.parametrize("path", ["reference", "fast"])


@BOTH
@given(inventory_specs(max_size=14))
def test_spofs_match_one_brute_force_propagation_per_component_and_provider(path, spec):
    inventory = build(spec)
    with forced(path):
        report = single_points_of_failure(inventory)
    assert set(report.targets) == targets_of(spec) == set(default_targets(inventory))
    got = {(s.kind, s.id, s.kills, s.blast_radius) for s in report.spofs}
    assert got == oracle_spofs(spec, set(report.targets))
    ranks = [(-len(s.kills), -s.blast_radius) for s in report.spofs]
    assert ranks == sorted(ranks), "ranked by impact"


@BOTH
@given(inventory_specs(max_size=12), st.data())
def test_spofs_for_chosen_targets(path, spec, data):
    ids = [c["id"] for c in spec["components"]]
    targets = set(data.draw(st.lists(st.sampled_from(ids), min_size=1, unique=True)))
    with forced(path):
        report = single_points_of_failure(build(spec), targets)
    assert {(s.kind, s.id, s.kills, s.blast_radius) for s in report.spofs} == \
        oracle_spofs(spec, targets)


@BOTH
@given(inventory_specs(max_size=12))
def test_every_blast_radius_and_the_cycles(path, spec):
    compiled = compile_inventory(build(spec))
    with forced(path):
        found = single_failures(compiled)
    for x, ident in enumerate(compiled.ids):
        assert found.blast[x] == len(oracle_failed(spec, {ident}))
    graph = nx.DiGraph()
    graph.add_nodes_from(compiled.ids)
    graph.add_edges_from((c["id"], m) for c in spec["components"]
                         for _, members, _ in requirements_of(c) for m in members)
    expected = sorted(sorted(s) for s in nx.strongly_connected_components(graph) if len(s) > 1)
    assert sorted(sorted(compiled.ids[c] for c in cycle) for cycle in found.cycles) == expected


@given(inventory_specs(max_size=12))
def test_upstream_causes_are_the_single_failures_that_kill(spec):
    compiled = compile_inventory(build(spec))
    for y, ident in enumerate(compiled.ids):
        causes = upstream_causes(compiled, y)
        killers = {c["id"] for c in spec["components"]
                   if ident in oracle_failed(spec, {c["id"]})}
        assert {compiled.ids[x] for x in causes[y]} == killers


def _broken_alone(spec, owner, requirement, x) -> bool:
    _, members, needed = requirement
    failed = oracle_failed(spec, {x})
    return sum(m not in failed for m in members) < needed


@BOTH
@given(inventory_specs(max_size=11))
def test_shared_causes_are_exactly_those_that_only_a_group_carries(path, spec):
    """A group's shared cause: a single failure that breaks the group, and no other
    requirement of its owner (else the owner falls anyway: nothing illusory)."""
    compiled = compile_inventory(build(spec))
    with forced(path):
        found = single_failures(compiled)
    expected = {}
    for c in spec["components"]:
        requirements = requirements_of(c)
        for position, requirement in enumerate(requirements):
            kind, members, needed = requirement
            if len(members) - needed < 1:
                continue  # tolerates nothing: not a redundancy group
            causes = {x["id"] for x in spec["components"] if x["id"] != c["id"]
                      and _broken_alone(spec, c["id"], requirement, x["id"])
                      and not any(_broken_alone(spec, c["id"], other, x["id"])
                                  for p, other in enumerate(requirements) if p != position)}
            if causes:
                key = (c["id"], kind, tuple(sorted(members)), needed)
                expected[key] = expected.get(key, set()) | causes
    got = {}
    for r, causes in found.shared.items():
        requirement = compiled.requirements[r]
        key = (compiled.ids[compiled.owner[r]], requirement.kind, requirement.members,
               requirement.needed)
        got[key] = got.get(key, set()) | {compiled.ids[x] for x in causes}
    assert got == expected


@BOTH
@given(inventory_specs(max_size=12))
def test_why_chains_are_valid(path, spec):
    inventory = build(spec)
    with forced(path):
        report = single_points_of_failure(inventory)
    compiled = compile_inventory(inventory)
    for spof in report.spofs:
        assert report.why(spof)
        if spof.kind == "provider":
            continue
        target = compiled.index[spof.kills[0]]
        steps = shortest_chain(compiled, upstream_causes(compiled, target), compiled.index[spof.id], target)
        failed = oracle_failed(spec, {spof.id})
        assert steps[0].component == spof.kills[0] and steps[-1].component == spof.id
        for step, following in zip(steps, steps[1:]):
            working = [m for m in step.requirement.members if m not in failed]
            assert len(working) < step.requirement.needed
            assert step.cause == following.component


@BOTH
@given(inventory_specs(max_size=10), st.integers(0, 2**32))
def test_spof_reports_are_byte_identical_whatever_the_order(tmp_path_factory, path, spec, seed):
    from depgraph.formats import get_format
    from depgraph.loaders.files import load_inventory
    from tests.strategies import shuffled, to_yaml

    outputs = []
    for variant in (spec, shuffled(spec, seed)):
        file = tmp_path_factory.mktemp("inv") / "inventory.yaml"
        file.write_text(to_yaml(variant), encoding="utf-8")
        with forced(path):
            report = single_points_of_failure(load_inventory(file))
        # SARIF and GitHub annotations carry line numbers, which a shuffle moves.
        outputs.append([get_format(name).spof(report)
                        for name in ("text", "json", "markdown", "junit")])
    assert outputs[0] == outputs[1]
