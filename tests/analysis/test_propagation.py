"""Blast radius against brute-force oracles on random inventories (cycles included)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from depgraph import blast_radius
from depgraph.core.graph import compile_inventory
from depgraph.formats import get_format, offered
from depgraph.loaders.files import load_inventory
from tests.strategies import (build, failure_sets, inventory_specs, oracle_degraded,
                              oracle_failed, oracle_failed_by_subsets, shuffled, to_yaml)


@st.composite
def scenarios(draw, max_size=10):
    spec = draw(inventory_specs(max_size=max_size))
    return spec, draw(failure_sets(spec))


@given(scenarios(max_size=25))
def test_failed_and_degraded_match_the_naive_fixpoint(scenario):
    spec, initial = scenario
    result = blast_radius(build(spec), initial)
    expected = oracle_failed(spec, set(initial))
    assert set(result.failed) == expected
    assert set(result.degraded) == oracle_degraded(spec, expected)
    assert set(result.initial) == set(initial)


@given(scenarios(max_size=8))
def test_failed_is_the_complement_of_the_greatest_working_set(scenario):
    spec, initial = scenario
    assert set(blast_radius(build(spec), initial).failed) == \
        oracle_failed_by_subsets(spec, set(initial))


@given(scenarios(max_size=15), st.data())
def test_failing_more_never_fails_less(scenario, data):
    spec, initial = scenario
    more = data.draw(failure_sets(spec))
    inventory = build(spec)
    fewer = set(blast_radius(inventory, initial).failed)
    assert fewer <= set(blast_radius(inventory, set(initial) | set(more)).failed)


@given(scenarios(max_size=15))
def test_every_explanation_is_a_valid_chain_to_an_initial_failure(scenario):
    spec, initial = scenario
    inventory = build(spec)
    result = blast_radius(inventory, initial)
    failed = set(result.failed)
    compiled = compile_inventory(inventory)
    for ident in result.failed:
        steps = result.explanations[ident]
        assert steps[0].component == ident
        assert steps[-1].requirement is None and steps[-1].component in result.initial
        assert len({s.component for s in steps}) == len(steps), "a chain never loops"
        for step, following in zip(steps, steps[1:]):
            own = [compiled.requirements[r] for r in
                   compiled.requirements_of(compiled.index[step.component])]
            assert step.requirement in own
            working = [m for m in step.requirement.members if m not in failed]
            assert len(working) < step.requirement.needed, "the requirement really broke"
            assert step.cause == following.component and step.cause in step.requirement.members
            assert step.cause in failed


@given(scenarios(max_size=12), st.integers(0, 2**32))
def test_output_is_byte_identical_whatever_the_order(tmp_path_factory, scenario, seed):
    spec, initial = scenario
    outputs = []
    for variant in (spec, shuffled(spec, seed)):
        path = tmp_path_factory.mktemp("inv") / "inventory.yaml"
        path.write_text(to_yaml(variant), encoding="utf-8")
        result = blast_radius(load_inventory(path), initial, ["scenario"])
        outputs.append([get_format(name).blast_radius(result)
                        for name in offered("blast_radius")])
    assert outputs[0] == outputs[1]


@given(inventory_specs(max_size=12))
def test_loading_the_yaml_gives_the_model_built_directly(tmp_path_factory, spec):
    path = tmp_path_factory.mktemp("inv") / "inventory.yaml"
    path.write_text(to_yaml(spec), encoding="utf-8")
    loaded, built = load_inventory(path), build(spec)
    assert list(loaded.components) == list(built.components)
    for ident, component in built.components.items():
        assert loaded[ident].requirements == component.requirements
        assert loaded[ident].provider == component.provider
