"""Selectors: parsing, matching, and errors that name what went wrong."""

import pytest

from depgraph import SelectorError, load_inventory, select, select_all
from tests.helpers import VALID, WEBSHOP


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
