"""The compiled index: the same arrays whichever path transposes it."""

from dataclasses import replace

from hypothesis import given

from depgraph.core.fast_paths import forced
from depgraph.core.graph import compile_inventory, transpose
from depgraph.core.graph_numpy import compiled_arrays, transpose_numpy
from depgraph.loaders.synthetic import synthetic_inventory
from tests.strategies import build, inventory_specs


@given(inventory_specs(max_size=12))
def test_the_numpy_transposition_equals_the_counting_sort(spec):
    compiled = compile_inventory(build(spec))
    plain = transpose(len(compiled.ids), compiled.members, compiled.member_offsets)
    fast = transpose_numpy(len(compiled.ids), compiled.members, compiled.member_offsets)
    assert plain == fast == (compiled.offsets, compiled.member_of)


def test_a_large_index_goes_through_numpy_and_back_to_lists():
    inventory = synthetic_inventory(2000, seed=2)
    with forced("reference"):
        plain = compile_inventory(replace(inventory))
    with forced("fast"):
        fast = compile_inventory(replace(inventory))
    assert type(fast.member_of) is list and type(fast.offsets[0]) is int
    assert (fast.offsets, fast.member_of) == (plain.offsets, plain.member_of)


def test_the_arrays_are_the_lists_read_only():
    compiled = compile_inventory(synthetic_inventory(300, seed=1))
    arrays = compiled_arrays(compiled)
    assert arrays.member_of.tolist() == compiled.member_of
    assert arrays.owned.tolist() == compiled.owned and not arrays.owned.flags.writeable
    assert compiled_arrays(compiled) is arrays
