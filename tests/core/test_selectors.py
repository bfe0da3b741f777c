"""Selectors: parsing, matching, and errors that name what went wrong."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from depgraph import SelectorError, load_inventory, parse_selector, select, select_all
from depgraph.core.problems import did_you_mean
from depgraph.core.selectors import component_hint
from tests.helpers import VALID, WEBSHOP
from tests.strategies import build, inventory_specs


@pytest.fixture(scope="module")
def shop():
    return load_inventory(WEBSHOP)


@pytest.mark.parametrize("selector, expected", [
    ("zone-a", ("zone-a",)),
    ("id:db-*", ("db-1", "db-2", "db-3", "db-cluster")),
    ("located_in:zone-b,type:database", ("cache-b", "db-2")),
    ("provider:payco", ("payments",)),
    ("criticality:critical,type:business", ("checkout",)),
])
def test_selectors_match(shop, selector, expected):
    assert select(shop, selector) == expected


def test_several_selectors_are_a_union(shop):
    assert select_all(shop, ["zone-a", "provider:payco"]) == ("payments", "zone-a")


@pytest.mark.parametrize("selector, message", [
    ("zone-c", "no component 'zone-c'; did you mean 'zone-b'?"),
    ("provider:cloudi", "no provider 'cloudi'; did you mean 'cloudy'?"),
    ("typ:power", "unknown selector key 'typ' in 'typ:power'; did you mean 'type'?"),
    ("type:powr", "no type 'powr'; did you mean 'power'?"),
    ("type:power,", "has an empty filter"),
    ("tag:nothing-has-this", "matches no component"),
    ("provider:", "'provider:' needs a value"),
    ("cloudy", "no component 'cloudy'; 'cloudy' is a provider: did you mean 'provider:cloudy'?"),
    ("ZONE-A", "no component 'ZONE-A'; did you mean 'zone-a'?"),
    ("provider:PAYCO", "no provider 'PAYCO'; did you mean 'payco'?"),
    ("located_in:ZONE-B", "no component 'ZONE-B'; did you mean 'zone-b'?"),
])
def test_bad_selectors_say_why(shop, selector, message):
    with pytest.raises(SelectorError, match=message.replace("?", r"\?").replace("(", r"\(")):
        select(shop, selector)


def test_located_in_is_transitive_and_never_the_component_itself():
    chain = load_inventory(VALID / "located-chain.yaml")
    top = next(c.id for c in chain.components.values() if c.located_in is None
               and any(o.located_in == c.id for o in chain.components.values()))
    inside = select(chain, f"located_in:{top}")
    assert top not in inside
    assert len(inside) >= 2


@pytest.mark.parametrize("word, candidates, hint", [
    ("SBG2", ["sbg1", "sbg2", "sbg3"], "did you mean 'sbg2'?"),  # difflib alone: 'sbg1'? none
    ("HostCo", ["hostco", "hostco-2"], "did you mean 'hostco'?"),
    ("Web", ["WEB", "web", "webs"], "did you mean 'WEB'?"),  # several spellings: the first
    ("DB-DPJ", ["db-dpi", "web"], "did you mean 'db-dpi'?"),  # difflib, case folded
    ("db-dpj", ["db-dpi", "web"], "did you mean 'db-dpi'?"),
    ("zzz", ["db-dpi", "web"], ""),
])
def test_did_you_mean_matches_the_case_first(word, candidates, hint):
    assert did_you_mean(word, candidates) == hint


@pytest.mark.parametrize("ident, hint", [
    ("cloudy", "'cloudy' is a provider: did you mean 'provider:cloudy'?"),
    ("Cloudy", "'cloudy' is a provider: did you mean 'provider:cloudy'?"),
    ("power", "'power' is a component type: did you mean 'type:power'?"),
    ("critical", "'critical' is a criticality: did you mean 'criticality:critical'?"),
    ("eu-west", "'eu-west' is a tag: did you mean 'tag:eu-west'?"),
    ("shop-dev", "'shop-dev' is a team: did you mean 'team:shop-dev'?"),
    ("Zone-A", "did you mean 'zone-a'?"),
    ("zone-c", "did you mean 'zone-b'?"),
    ("no-such-component", ""),
])
def test_a_word_that_is_not_a_component_gets_what_it_names(shop, ident, hint):
    assert component_hint(shop, ident) == hint


def _naive(inventory, text):
    """What a selector matches, by its definition: every value of every filter key,
    matched with fnmatchcase (the function select() makes faster)."""
    import fnmatch

    from depgraph.core.selectors import _values

    selector = parse_selector(text)
    return tuple(i for i, c in inventory.components.items()
                 if all(any(fnmatch.fnmatchcase(v, p) for v in _values(inventory, c, k))
                        for k, p in selector.filters))


@settings(max_examples=300, deadline=None)
@given(spec=inventory_specs(max_size=8), data=st.data())
def test_select_matches_the_definition(spec, data):
    inventory = build(spec)
    ids = sorted(inventory.components)
    key = data.draw(st.sampled_from(["id", "name", "type", "provider", "located_in",
                                     "criticality", "tag", "team"]))
    value = data.draw(st.sampled_from(ids + ["p0", "p1", "site", "power", "critical",
                                             "medium", "*", "a*", "?-1", "[ab]*", "nope"]))
    text = f"{key}:{value}" + data.draw(st.sampled_from(["", ",type:site", ",id:a*"]))
    try:
        got = select(inventory, text)
    except SelectorError:
        got = ()
    assert got == _naive(inventory, text)
