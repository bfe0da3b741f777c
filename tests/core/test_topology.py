"""The inventory's shape (depgraph.core.topology), against brute force and networkx."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from depgraph import load_inventory
from depgraph.core.graph import dependency_graph
from depgraph.core.inventory import Draft, assemble
from depgraph.core.model import Component, Inventory
from depgraph.core.problems import SelectorError
from depgraph.core.selectors import select
from depgraph.core.topology import (contents, dependents, locations, locations_of,
                                    neighbourhood, top_locations)
from tests.helpers import ROOT
from tests.strategies import build, inventory_specs

CHAIN = ROOT / "tests" / "inventories" / "valid" / "located-chain.yaml"


def estate(*components: Component) -> Inventory:
    return assemble([Draft("estate.yaml", tuple((c, ()) for c in components))])


def walk(inventory: Inventory, ident: str) -> list[str]:
    """The located_in path from ``ident``, up to and including the first repeat."""
    path = [ident]
    while inventory[path[-1]].located_in is not None:
        path.append(inventory[path[-1]].located_in)
        if path[-1] in path[:-1]:
            break
    return path


def test_a_located_in_chain() -> None:
    inventory = load_inventory(CHAIN)
    assert locations_of(inventory, "vm-1") == ("server-1", "rack-7", "hall-1", "dc-east",
                                               "site-east")
    assert locations_of(inventory, "site-east") == ()
    tops = top_locations(inventory)
    assert tops["vm-1"] == tops["dc-east"] == tops["site-east"] == "site-east"
    assert tops["server-w"] == "site-west" and tops["service"] is None
    held = contents(inventory)
    for place in locations(inventory):
        assert held[place] == len(select(inventory, f"located_in:{place}"))
    assert set(held) == set(locations(inventory))


def test_a_located_in_cycle_is_walked_once_and_named_by_its_smallest_id() -> None:
    """Loading refuses a containment cycle; an Inventory built by hand may still hold one,
    and the walks end all the same."""
    components = (Component("b", "datacenter", located_in="c"),
                  Component("c", "datacenter", located_in="b"),
                  Component("a", "compute", located_in="b"),
                  Component("self", "site", located_in="self"))
    inventory = Inventory({c.id: c for c in sorted(components, key=lambda c: c.id)})
    assert locations_of(inventory, "a") == ("b", "c")
    assert locations_of(inventory, "b") == ("c",)
    assert locations_of(inventory, "self") == ()
    assert top_locations(inventory) == {"a": "b", "b": "b", "c": "b", "self": "self"}
    assert contents(inventory) == {"c": 2, "b": 2}
    assert locations(inventory) == ("b", "c", "self")


@settings(max_examples=60, deadline=None)
@given(spec=inventory_specs(max_size=9))
def test_located_in_walks_match_brute_force(spec) -> None:
    inventory = build(spec)
    held: dict[str, int] = {}
    for ident in inventory.components:
        path = walk(inventory, ident)
        places = [p for p in dict.fromkeys(path[1:]) if p != ident]
        assert list(locations_of(inventory, ident)) == places
        for place in places:
            held[place] = held.get(place, 0) + 1
        if len(path) == 1:
            expected = ident if ident in locations(inventory) else None
        elif path[-1] in path[:-1]:  # a cycle, from the first visit of its repeat
            expected = min(path[path.index(path[-1]):-1])
        else:
            expected = path[-1]
        assert top_locations(inventory)[ident] == expected
    assert contents(inventory) == held


@settings(max_examples=60, deadline=None)
@given(spec=inventory_specs(max_size=9), depth=st.integers(0, 3),
       direction=st.sampled_from(["up", "down", "both"]), pick=st.integers(0, 8))
def test_neighbourhoods_match_networkx(spec, depth, direction, pick) -> None:
    inventory = build(spec)
    graph = dependency_graph(inventory)  # u -> v when u requires v
    focus = sorted(inventory.components)[pick % len(inventory)]
    expected = {focus}
    if direction in ("up", "both"):
        expected |= set(nx.single_source_shortest_path_length(graph, focus, cutoff=depth))
    if direction in ("down", "both"):
        expected |= set(nx.single_source_shortest_path_length(graph.reverse(), focus,
                                                              cutoff=depth))
    assert neighbourhood(inventory, focus, depth, direction) == tuple(sorted(expected))
    assert dependents(inventory) == {v: sorted(graph.predecessors(v)) for v in graph
                                     if graph.in_degree(v)}


def test_a_neighbourhood_refuses_what_it_cannot_walk() -> None:
    inventory = load_inventory(ROOT / "inventories" / "webshop.yaml")
    with pytest.raises(SelectorError, match="no component 'db-clustr' to focus on; "
                                            "did you mean 'db-cluster'"):
        neighbourhood(inventory, "db-clustr")
    with pytest.raises(ValueError, match="direction must be one of up, down, both"):
        neighbourhood(inventory, "db-cluster", direction="sideways")
    with pytest.raises(ValueError, match="depth must be 0 or more"):
        neighbourhood(inventory, "db-cluster", depth=-1)


def test_the_diagram_module_still_offers_the_helpers() -> None:
    from depgraph.render import diagram

    assert diagram.top_locations is top_locations and diagram.neighbourhood is neighbourhood
