"""The numpy propagation against the reference Python loop: exactly the same answer.

``propagate`` (a first-in first-out queue) is the reference; ``propagate_arrays``
(level-synchronous, over numpy arrays) must give the same failed set, the same
failure order, the same cause for every component (which member broke which
requirement: the explanations read them), and the same counts. ``blast_radius``
picks one by the size of the inventory; here both are forced, on small random
inventories (cycles included) and on generated estates, and every format must read
the same, byte for byte.
"""

from __future__ import annotations

import random
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from depgraph.analysis import propagation
from depgraph.analysis.blast_radius import BlastRadius, Explanations, blast_radius
from depgraph.analysis.propagation import (ArrayPropagation, Propagation, propagate,
                                           propagate_arrays, run_scenario)
from depgraph.core.graph import compile_inventory
from depgraph.formats import COMMAND_FORMATS, get_format
from depgraph.loaders.files import load_inventory
from depgraph.loaders.synthetic import synthetic_inventory
from tests.helpers import SHIPPED, VALID
from tests.strategies import build, inventory_specs

NEVER = 10**18


@contextmanager
def kernel(numpy: bool):
    """Force one propagation kernel (hypothesis tests cannot take monkeypatch)."""
    saved = propagation.NUMPY_FROM
    propagation.NUMPY_FROM = 0 if numpy else NEVER
    try:
        yield
    finally:
        propagation.NUMPY_FROM = saved


def first_difference(got, expected, where: str = "") -> str | None:
    """Where two nested values (dicts, sequences, scalars) first differ, in a line, or
    None: a failure on a large estate says what differs at once, where an assertion
    on the whole values would diff them at length."""
    if isinstance(got, dict) and isinstance(expected, dict):
        if list(got) != list(expected):
            extra = [k for k in got if k not in expected][:3]
            missing = [k for k in expected if k not in got][:3]
            return f"{where}: keys differ (extra {extra}, missing {missing}, or their order)"
        for key in expected:
            found = first_difference(got[key], expected[key], f"{where}[{key!r}]")
            if found:
                return found
        return None
    if isinstance(got, (list, tuple)) and isinstance(expected, (list, tuple)):
        for i, (a, b) in enumerate(zip(got, expected)):
            found = first_difference(a, b, f"{where}[{i}]")
            if found:
                return found
        if len(got) != len(expected):
            return f"{where}: {len(got)} items, expected {len(expected)}"
        return None
    if isinstance(got, str) and isinstance(expected, str) and got != expected:
        lines = zip(got.splitlines(), expected.splitlines())
        number, (a, b) = next(((i, pair) for i, pair in enumerate(lines) if pair[0] != pair[1]),
                              (-1, (got[-100:], expected[-100:])))
        return f"{where}, line {number + 1}: {a[:300]!r} != {b[:300]!r}"
    if got != expected:
        return f"{where}: {str(got)[:300]!r} != {str(expected)[:300]!r}"
    return None


def assert_same(got, expected) -> None:
    difference = first_difference(got, expected)
    assert difference is None, difference


def assert_same_propagation(reference: Propagation, fast: ArrayPropagation) -> None:
    assert isinstance(reference, Propagation) and isinstance(fast, ArrayPropagation)
    assert_same({"initial": sorted(fast.initial),
                 "failed": fast.failed.astype(np.uint8).tolist(),
                 "order": fast.order.tolist(),
                 "cause": sorted(fast.cause.items()),
                 "lost": fast.lost.tolist(),
                 "has cause": [c in fast.cause for c in range(len(fast.failed))]},
                {"initial": sorted(reference.initial), "failed": list(reference.failed),
                 "order": reference.order, "cause": sorted(reference.cause.items()),
                 "lost": reference.lost,
                 "has cause": [c in reference.cause for c in range(len(reference.failed))]})


def steps_data(steps) -> list[tuple]:
    return [(s.component, s.requirement, s.cause, s.left, s.text) for s in steps]


def result_data(result: BlastRadius) -> dict:
    """Everything a reader of a BlastRadius can see, as plain data."""
    return {
        "repr": repr(result), "initial": result.initial, "failed": result.failed,
        "degraded": result.degraded, "survivors": result.critical_survivors,
        "explanations": {i: steps_data(result.explanations[i]) for i in result.explanations},
        "sentences": {i: result.explain(i) for i in result.failed},
        "degradations": {i: [(d.component, d.requirement, d.lost, d.left, d.text) for d in ds]
                         for i, ds in result.degradations.items()},
        "lengths": (len(result.explanations), len(result.degradations)),
        "formats": [get_format(name).blast_radius(result)
                    for name in COMMAND_FORMATS["blast-radius"]],
    }


def assert_same_blast_radius(inventory, initial) -> None:
    with kernel(numpy=False):
        reference = blast_radius(inventory, initial, ["scenario"])
    with kernel(numpy=True):
        fast = blast_radius(inventory, initial, ["scenario"])
    assert isinstance(reference._run, Propagation)
    assert isinstance(fast._run, ArrayPropagation)
    assert_same(result_data(fast), result_data(reference))


@st.composite
def scenarios(draw, max_size: int = 30):
    spec = draw(inventory_specs(max_size=max_size))
    ids = [c["id"] for c in spec["components"]]
    initial = draw(st.lists(st.sampled_from(ids), min_size=0, max_size=6, unique=True))
    return spec, initial


# -- the kernel ------------------------------------------------------------------------

@given(scenarios())
def test_the_numpy_kernel_fails_the_same_components_in_the_same_order_for_the_same_reasons(
        scenario):
    spec, initial = scenario
    compiled = compile_inventory(build(spec))
    numbers = compiled.numbers(initial)
    assert_same_propagation(propagate(compiled, numbers), propagate_arrays(compiled, numbers))


@given(scenarios(max_size=20))
def test_blast_radius_reads_the_same_whichever_kernel_runs(scenario):
    spec, initial = scenario
    assert_same_blast_radius(build(spec), initial)


@pytest.mark.parametrize("size,seed", [(600, 1), (2500, 2), (6000, 3)])
def test_on_generated_estates_every_scenario_kind_gives_the_same_answer(size, seed):
    """Hundreds of failures over several levels: redundancy groups that lose several
    members at once (a cluster's hosts, a rack's feeds), components broken twice at
    once (a business function that needs several applications)."""
    inventory = synthetic_inventory(size, seed)
    compiled = compile_inventory(inventory)
    rng = random.Random(seed)
    scenarios = [[i for i, c in inventory.components.items() if c.provider == provider]
                 for provider in inventory.providers]
    scenarios += [["dc0-ups-a", "dc0-ups-b"], ["dc1"], ["dns"], ["grid-region"], []]
    scenarios += [rng.sample(compiled.ids, k) for k in (1, 3, 20, 200)]
    for initial in scenarios:
        numbers = compiled.numbers(initial)
        assert_same_propagation(propagate(compiled, numbers),
                                propagate_arrays(compiled, numbers))
    for initial in scenarios[:3] + scenarios[-2:]:
        assert_same_blast_radius(inventory, initial)


@pytest.mark.parametrize("path", sorted(SHIPPED.glob("*.yaml")) + sorted(VALID.glob("*.yaml")),
                         ids=lambda p: p.name)
def test_on_the_shipped_and_test_inventories_every_single_failure_reads_the_same(path):
    inventory = load_inventory(path)
    compiled = compile_inventory(inventory)
    for ident in inventory.components:
        numbers = compiled.numbers([ident])
        assert_same_propagation(propagate(compiled, numbers),
                                propagate_arrays(compiled, numbers))
    for provider in inventory.providers:
        assert_same_blast_radius(inventory, [i for i, c in inventory.components.items()
                                             if c.provider == provider])


# -- the cases that make a level-synchronous kernel differ from a queue ----------------

def inventory(*components):
    return build({"name": "t", "providers": [], "components": list(components)})


def test_a_group_breaks_at_the_member_the_queue_reaches_last_not_the_last_by_id():
    """Three servers fail in the same level, in the queue's order b, c, a (the order
    their power supplies failed in), not in the order of their ids: the any-group
    breaks at the third of them (a-srv), the 2-of-3 quorum at the second (c-srv)."""
    shop = inventory(
        {"id": "power", "type": "power"},
        {"id": "j-psu", "type": "power", "depends_on": ["power"]},
        {"id": "k-psu", "type": "power", "depends_on": ["power"]},
        {"id": "a-srv", "type": "compute", "depends_on": ["k-psu"]},
        {"id": "b-srv", "type": "compute", "depends_on": ["j-psu"]},
        {"id": "c-srv", "type": "compute", "depends_on": ["j-psu"]},
        {"id": "app", "type": "application",
         "depends_on": [{"any": ["a-srv", "b-srv", "c-srv"]}]},
        {"id": "quorum", "type": "application",
         "depends_on": [{"at_least": 2, "of": ["a-srv", "b-srv", "c-srv"]}]},
    )
    compiled = compile_inventory(shop)
    order = propagate(compiled, compiled.numbers(["power"])).order
    assert [compiled.ids[c] for c in order][3:6] == ["b-srv", "c-srv", "a-srv"]
    for numpy in (False, True):
        with kernel(numpy):
            result = blast_radius(shop, ["power"])
        assert result.explanations["app"][0].cause == "a-srv"
        assert result.explanations["quorum"][0].cause == "c-srv"


def test_a_component_broken_twice_in_one_level_keeps_the_first_break_in_queue_order():
    """``job`` needs ``a-db`` and ``x-db``, which fail in the same level; the queue
    reaches ``x-db`` first (its parent sorts first among the initial failures), so the
    cause is ``x-db``, although ``a-db`` sorts first and so does job's requirement of it."""
    shop = inventory(
        {"id": "m-root", "type": "power"},
        {"id": "b-parent", "type": "power"},
        {"id": "x-db", "type": "database", "depends_on": ["b-parent"]},
        {"id": "a-db", "type": "database", "depends_on": ["m-root"]},
        {"id": "job", "type": "application", "depends_on": ["a-db", "x-db"]},
    )
    compiled = compile_inventory(shop)
    initial = compiled.numbers(["b-parent", "m-root"])
    reference, fast = propagate(compiled, initial), propagate_arrays(compiled, initial)
    assert_same_propagation(reference, fast)
    job = compiled.index["job"]
    assert [compiled.ids[c] for c in reference.order] == \
        ["b-parent", "m-root", "x-db", "a-db", "job"]
    assert compiled.ids[reference.cause[job][1]] == "x-db"
    for numpy in (False, True):
        with kernel(numpy):
            assert blast_radius(shop, ["b-parent", "m-root"]).explain("job").startswith(
                "job fails: needs x-db")


def test_a_cycle_fails_once_around_and_keeps_working_when_nothing_reaches_it():
    cycle = load_inventory(VALID / "cycle.yaml")
    for ident in cycle.components:
        assert_same_blast_radius(cycle, [ident])
    assert_same_blast_radius(cycle, [])
    compiled = compile_inventory(cycle)
    nothing = propagate_arrays(compiled, [])
    assert nothing.order.tolist() == [] and not nothing.failed.any() and len(nothing.cause) == 0


def test_blast_radius_uses_numpy_from_the_threshold_on():
    compiled = compile_inventory(load_inventory(SHIPPED / "webshop.yaml"))
    saved = propagation.NUMPY_FROM
    try:
        propagation.NUMPY_FROM = len(compiled.member_of)
        assert isinstance(run_scenario(compiled, [0]), ArrayPropagation)
        propagation.NUMPY_FROM = len(compiled.member_of) + 1
        assert isinstance(run_scenario(compiled, [0]), Propagation)
    finally:
        propagation.NUMPY_FROM = saved
    assert saved > len(compiled.member_of), "a small inventory runs the Python loop"


def test_explanations_built_by_other_analyses_read_either_kind_of_run():
    shop = load_inventory(SHIPPED / "webshop.yaml")
    compiled = compile_inventory(shop)
    initial = compiled.numbers(["zone-a"])
    reference = Explanations(compiled, propagate(compiled, initial))
    fast = Explanations(compiled, propagate_arrays(compiled, initial))
    assert list(fast) == list(reference) and len(fast) == len(reference)
    assert {i: steps_data(fast[i]) for i in fast} == \
        {i: steps_data(reference[i]) for i in reference}
    assert "lb" not in fast and "zone-a" in fast
    with pytest.raises(KeyError):
        fast["lb"]


def test_a_blast_radius_is_read_only_and_computes_its_lists_once():
    shop = load_inventory(SHIPPED / "webshop.yaml")
    result = blast_radius(shop, ["zone-a"])
    assert result.failed is result.failed and result.explanations is result.explanations
    with pytest.raises(AttributeError):
        result.failed = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        result.initial = ()  # type: ignore[misc]


# -- the comparisons above can fail -------------------------------------------------------

def test_the_propagation_comparison_notices_any_difference():
    """Each way a kernel could go wrong (an order, a cause, a count, a failure) makes
    assert_same_propagation fail: the equality tests above are not vacuous."""
    shop = load_inventory(SHIPPED / "hospital-group.yaml")
    compiled = compile_inventory(shop)
    initial = compiled.numbers([i for i, c in shop.components.items() if c.provider == "hostco"])
    reference = propagate(compiled, initial)
    assert len(reference.order) > len(set(initial)) + 2 and reference.cause

    def mutated(**changes) -> ArrayPropagation:
        fast = propagate_arrays(compiled, initial)
        for name, change in changes.items():
            change(fast)
        return fast

    def swap_two_late_failures(fast):
        order = fast.order.copy()
        order[-1], order[-2] = order[-2], order[-1]
        fast.order = order

    def other_tipping_member(fast):
        c = next(iter(fast.cause))
        fast._causes[1].flags.writeable = True
        fast._causes[1][c] = (fast._causes[1][c] + 1) % len(compiled.ids)

    def one_count_more(fast):
        lost = fast.lost.copy()
        lost[0] += 1
        fast._lost = lost

    def one_failure_less(fast):
        failed = fast.failed.copy()
        failed[fast.order[-1]] = False
        fast.failed = failed

    assert_same_propagation(reference, mutated())
    for change in (swap_two_late_failures, lambda f: (f.cause, other_tipping_member(f)),
                   one_count_more, one_failure_less):
        with pytest.raises(AssertionError):
            assert_same_propagation(reference, mutated(change=change))
