"""The compiled index as numpy arrays: the fast path of :mod:`depgraph.core.graph`.

:class:`~depgraph.core.graph.CompiledInventory` keeps Python lists because a
Python loop reads a list faster than an array. Kernels that work on whole
frontiers at once (numpy) read these arrays instead; they are built once per
compiled inventory and shared, read-only. numpy is imported only when this module
is, which a command that never needs it never does. :func:`transpose_numpy` is the
large index's transposition (:func:`depgraph.core.graph.transpose`).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # the reference module imports this one, not the other way round
    from depgraph.core.graph import CompiledInventory

__all__ = ["CompiledArrays", "compiled_arrays", "id_array", "transpose_numpy"]


@dataclass(frozen=True, eq=False)
class CompiledArrays:
    """The integer arrays of a :class:`CompiledInventory`, as read-only ``int64`` numpy arrays.

    Same names, same meaning: ``offsets``/``member_of`` (the requirements each
    component is a member of), ``owner``/``threshold`` per requirement,
    ``owned`` (the requirements each component owns), ``member_offsets``/``members``
    (the members of each requirement). ``components`` and ``requirements`` are the counts.
    """

    components: int
    requirements: int
    offsets: np.ndarray
    member_of: np.ndarray
    owner: np.ndarray
    threshold: np.ndarray
    owned: np.ndarray
    member_offsets: np.ndarray
    members: np.ndarray


_cache: "weakref.WeakKeyDictionary[CompiledInventory, CompiledArrays]" = (
    weakref.WeakKeyDictionary())


def compiled_arrays(compiled: CompiledInventory) -> CompiledArrays:
    """The arrays of ``compiled``, built on first use and cached with it."""
    arrays = _cache.get(compiled)
    if arrays is None:
        arrays = _cache[compiled] = _build(compiled)
    return arrays


def _build(compiled: CompiledInventory) -> CompiledArrays:
    def frozen(values: list[int]) -> np.ndarray:
        array = np.fromiter(values, dtype=np.int64, count=len(values))
        array.flags.writeable = False
        return array

    return CompiledArrays(
        len(compiled.ids), len(compiled.owner),
        frozen(compiled.offsets), frozen(compiled.member_of), frozen(compiled.owner),
        frozen(compiled.threshold), frozen(compiled.owned), frozen(compiled.member_offsets),
        frozen(compiled.members))


def transpose_numpy(components: int, members: list[int], member_offsets: list[int]
                    ) -> tuple[list[int], list[int]]:
    """:func:`depgraph.core.graph.transpose` with numpy: a stable sort keeps each
    member's requirements in increasing order, exactly as the counting sort does.

    >>> transpose_numpy(3, [1, 2, 1], [0, 2, 3])
    ([0, 0, 2, 3], [0, 1, 0])
    """
    member = np.array(members, dtype=np.int64)
    bounds = np.array(member_offsets, dtype=np.int64)
    requirement = np.repeat(np.arange(len(bounds) - 1, dtype=np.int64), np.diff(bounds))
    member_of = requirement[np.argsort(member, kind="stable")].tolist()
    offsets = np.zeros(components + 1, dtype=np.int64)
    np.cumsum(np.bincount(member, minlength=components), out=offsets[1:])
    return offsets.tolist(), member_of


_names: "weakref.WeakKeyDictionary[CompiledInventory, np.ndarray]" = weakref.WeakKeyDictionary()


def id_array(compiled: CompiledInventory) -> np.ndarray:
    """The component ids as a numpy array of objects, to pick many at once (built once
    per compiled inventory)."""
    names = _names.get(compiled)
    if names is None:
        names = _names[compiled] = np.array(compiled.ids, dtype=object)
    return names
