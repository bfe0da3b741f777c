"""The numpy propagation against the reference Python loop: exactly the same answer.

``propagate`` (a first-in first-out queue) is the reference; ``propagate_numpy``
(level-synchronous, over numpy arrays) must give the same failed set, the same
failure order, the same cause for every component (which member broke which
requirement: the explanations read them), and the same counts. ``blast_radius``
picks one by the size of the inventory; here both are forced
(:func:`depgraph.core.fast_paths.forced`), on small random inventories (cycles
included) and on generated estates, and every format must read the same, byte for
byte.
"""

from __future__ import annotations

import random
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from depgraph.analysis.blast_radius import BlastRadius, Explanations, blast_radius
from depgraph.analysis.propagation import Propagation, propagate, run_scenario
from depgraph.analysis.propagation_numpy import ArrayPropagation, propagate_numpy
from depgraph.core import fast_paths
from depgraph.core.fast_paths import forced
from depgraph.core.graph import compile_inventory
from depgraph.formats import get_format, offered
from depgraph.loaders.files import load_inventory
from depgraph.loaders.synthetic import synthetic_inventory
from tests.compare import assert_same
from tests.helpers import SHIPPED, VALID
from tests.strategies import build, inventory_specs


def assert_same_propagation(reference: Propagation, fast: ArrayPropagation) -> None:
    assert isinstance(reference, Propagation)
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
                    for name in offered("blast_radius")],
    }


def assert_same_blast_radius(inventory, initial) -> None:
    compiled = compile_inventory(inventory)
    with forced("reference"):
        assert isinstance(run_scenario(compiled, []), Propagation)
        reference = blast_radius(inventory, initial, ["scenario"])
    with forced("fast"):
        assert isinstance(run_scenario(compiled, []), ArrayPropagation)
        fast = blast_radius(inventory, initial, ["scenario"])
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
    fast = propagate_numpy(compiled, numbers)
    assert isinstance(fast, ArrayPropagation)
    assert_same_propagation(propagate(compiled, numbers), fast)


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
                                propagate_numpy(compiled, numbers))
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
                                propagate_numpy(compiled, numbers))
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
    for path in ("reference", "fast"):
        with forced(path):
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
    reference, fast = propagate(compiled, initial), propagate_numpy(compiled, initial)
    assert_same_propagation(reference, fast)
    job = compiled.index["job"]
    assert [compiled.ids[c] for c in reference.order] == \
        ["b-parent", "m-root", "x-db", "a-db", "job"]
    assert compiled.ids[reference.cause[job][1]] == "x-db"
    for path in ("reference", "fast"):
        with forced(path):
            assert blast_radius(shop, ["b-parent", "m-root"]).explain("job").startswith(
                "job fails: needs x-db")


def test_a_cycle_fails_once_around_and_keeps_working_when_nothing_reaches_it():
    cycle = load_inventory(VALID / "cycle.yaml")
    for ident in cycle.components:
        assert_same_blast_radius(cycle, [ident])
    assert_same_blast_radius(cycle, [])
    compiled = compile_inventory(cycle)
    nothing = propagate_numpy(compiled, [])
    assert nothing.order.tolist() == [] and not nothing.failed.any() and len(nothing.cause) == 0


def test_blast_radius_uses_numpy_from_the_threshold_on(monkeypatch):
    compiled = compile_inventory(load_inventory(SHIPPED / "webshop.yaml"))
    assert isinstance(run_scenario(compiled, [0]), Propagation), "small: the Python loop"
    monkeypatch.setitem(fast_paths.FAST_FROM, "propagation", len(compiled.member_of))
    assert isinstance(run_scenario(compiled, [0]), ArrayPropagation)
    monkeypatch.setitem(fast_paths.FAST_FROM, "propagation", len(compiled.member_of) + 1)
    assert isinstance(run_scenario(compiled, [0]), Propagation)


def test_explanations_built_by_other_analyses_read_either_kind_of_run():
    shop = load_inventory(SHIPPED / "webshop.yaml")
    compiled = compile_inventory(shop)
    initial = compiled.numbers(["zone-a"])
    reference = Explanations(compiled, propagate(compiled, initial))
    fast = Explanations(compiled, propagate_numpy(compiled, initial))
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
    fast = propagate_numpy(compiled, initial)
    assert len(reference.order) > len(set(initial)) + 2 and reference.cause

    def altered(**fields):
        """The fast outcome as its readers see it, with some fields changed."""
        seen = {"initial": fast.initial, "failed": fast.failed, "order": fast.order,
                "cause": dict(fast.cause), "lost": fast.lost}
        return SimpleNamespace(**{**seen, **fields})

    order = fast.order.copy()
    order[-1], order[-2] = order[-2], order[-1]
    c = next(iter(fast.cause))
    requirement, member = fast.cause[c]
    lost = fast.lost.copy()
    lost[0] += 1
    failed = fast.failed.copy()
    failed[fast.order[-1]] = False
    assert_same_propagation(reference, altered())
    for change in ({"order": order},
                   {"cause": {**fast.cause, c: (requirement, (member + 1) % len(compiled.ids))}},
                   {"lost": lost}, {"failed": failed}):
        with pytest.raises(AssertionError):
            assert_same_propagation(reference, altered(**change))
