"""The compiled index as numpy arrays, for vectorised kernels.

:class:`~depgraph.core.graph.CompiledInventory` keeps Python lists because a
Python loop reads a list faster than an array. Kernels that work on whole
frontiers at once (numpy) read these arrays instead; they are built once per
compiled inventory and shared, read-only. numpy is imported here only, when an
analysis first asks for the arrays, so that commands that never need them start
as fast as before.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

from depgraph.core.graph import CompiledInventory

if TYPE_CHECKING:
    import numpy as np

__all__ = ["CompiledArrays", "compiled_arrays"]


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
    offsets: "np.ndarray"
    member_of: "np.ndarray"
    owner: "np.ndarray"
    threshold: "np.ndarray"
    owned: "np.ndarray"
    member_offsets: "np.ndarray"
    members: "np.ndarray"


_cache: "weakref.WeakKeyDictionary[CompiledInventory, CompiledArrays]" = (
    weakref.WeakKeyDictionary())


def compiled_arrays(compiled: CompiledInventory) -> CompiledArrays:
    """The arrays of ``compiled``, built on first use and cached with it."""
    arrays = _cache.get(compiled)
    if arrays is None:
        arrays = _cache[compiled] = _build(compiled)
    return arrays


def _build(compiled: CompiledInventory) -> CompiledArrays:
    import numpy as np

    def frozen(values: list[int]) -> np.ndarray:
        array = np.fromiter(values, dtype=np.int64, count=len(values))
        array.flags.writeable = False
        return array

    return CompiledArrays(
        len(compiled.ids), len(compiled.owner),
        frozen(compiled.offsets), frozen(compiled.member_of), frozen(compiled.owner),
        frozen(compiled.threshold), frozen(compiled.owned), frozen(compiled.member_offsets),
        frozen(compiled.members))
