"""The compiled index: its numpy fast path equals the plain counting sort."""

from hypothesis import given

from depgraph.core import graph
from tests.strategies import build, inventory_specs


@given(inventory_specs(max_size=12))
def test_the_numpy_transposition_equals_the_counting_sort(spec):
    compiled = graph._compile(build(spec))
    plain = graph._transpose(len(compiled.ids), compiled.members, compiled.member_offsets)
    vectorised = graph._transpose_numpy(len(compiled.ids), compiled.members,
                                        compiled.member_offsets)
    assert plain == vectorised == (compiled.offsets, compiled.member_of)


def test_a_large_index_goes_through_numpy_and_back_to_lists(monkeypatch):
    from depgraph.loaders.synthetic import synthetic_inventory
    inventory = synthetic_inventory(2000, seed=2)
    plain = graph._compile(inventory)
    monkeypatch.setattr(graph, "NUMPY_FROM", 1)
    vectorised = graph._compile(inventory)
    assert type(vectorised.member_of) is list and type(vectorised.offsets[0]) is int
    assert (vectorised.offsets, vectorised.member_of) == (plain.offsets, plain.member_of)
