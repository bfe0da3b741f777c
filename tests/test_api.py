"""The public API (``import depgraph``): one way to name components, one kind of error,
the old names still working with a warning."""

import warnings

import pytest

import depgraph
from depgraph import SelectorError
from tests.helpers import WEBSHOP


@pytest.fixture(scope="module")
def shop():
    return depgraph.load_inventory(WEBSHOP)


def test_a_bare_string_is_one_selector_not_its_characters(shop):
    by_selector = depgraph.blast_radius(shop, "zone-a")
    assert by_selector.initial == ("zone-a",)
    assert by_selector.failed == depgraph.blast_radius(shop, ["zone-a"]).failed
    assert depgraph.blast_radius(shop, "located_in:zone-b,type:database").initial == \
        ("cache-b", "db-2")
    assert depgraph.restore_plan(shop, "zone-a").initial == ("zone-a",)
    assert depgraph.single_points_of_failure(shop, "checkout").targets == ("checkout",)
    assert set(depgraph.minimal_cut_sets(shop, "storefront")) == {"storefront"}


@pytest.mark.parametrize("call", [
    lambda inv: depgraph.blast_radius(inv, ["zone-z"]),
    lambda inv: depgraph.restore_plan(inv, ["zone-z"]),
    lambda inv: depgraph.single_points_of_failure(inv, ["zone-z"]),
    lambda inv: depgraph.minimal_cut_sets(inv, ["zone-z"]),
    lambda inv: depgraph.minimal_cut_sets(inv, ["checkout"], universe=["zone-z"]),
    lambda inv: depgraph.blast_radius(inv, "zone-z"),
], ids=["blast_radius", "restore_plan", "spof", "cut sets", "universe", "selector"])
def test_an_unknown_component_is_a_selector_error_with_a_suggestion(shop, call):
    with pytest.raises(SelectorError, match="'zone-z'.*did you mean 'zone-[ab]'"):
        call(shop)


def test_a_target_that_is_not_an_id_says_so(shop):
    with pytest.raises(TypeError, match="named by its id"):
        depgraph.single_points_of_failure(shop, [42])


@pytest.mark.parametrize("function", [depgraph.blast_radius, depgraph.restore_plan])
def test_failed_is_the_old_name_of_initial(shop, function):
    with pytest.warns(DeprecationWarning, match=r"\(failed=\.\.\.\) is now .*\(initial=\.\.\.\)"):
        old = function(shop, failed=["zone-a"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        new = function(shop, initial=["zone-a"])
    assert old.initial == new.initial == ("zone-a",) and old.failed == new.failed
    with pytest.raises(TypeError, match="both initial= and failed="):
        function(shop, ["zone-a"], failed=["zone-b"])


def test_the_documented_analyses_are_importable_from_the_package():
    for name in ("lint", "governance_report", "diff_spofs", "minimal_cut_sets"):
        assert name in depgraph.__all__ and callable(getattr(depgraph, name))
