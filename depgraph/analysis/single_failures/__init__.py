"""Single failures: for every component, which single component failures take it down.

For a component ``y``, ``causes(y)`` is the set of components whose failure
alone makes ``y`` fail (``y`` itself included). It obeys

    causes(y) = {y} ∪ ⋃ K(r) over y's requirements r,
    K(r)      = the components found in at least threshold(r) of the causes
                of r's members (threshold = members that must fail to break r)

so a hard requirement contributes the union of its member's causes, an ``any``
group the intersection of its members' causes, a quorum what enough members
share. The least solution of these equations is exactly one propagation per
component (the system splits by the failing component), but it is computed
in one pass over the strongly connected components, dependencies first,
iterating only inside cycles.

Two implementations compute the same :class:`SingleFailures`:

- :mod:`.causes`, the reference, over Python sets, component by component in
  Tarjan's order; the fastest on small inventories;
- :mod:`.causes_numpy`, over numpy arrays a wave at a time (every component whose
  dependencies are all done), which also keeps, for every cause, what the SPOF
  explanations need (:class:`~.table_numpy.CausesTable`).

:func:`single_failures` chooses by size (:mod:`depgraph.core.fast_paths`).
"""

from __future__ import annotations

from typing import Callable, Iterable

from depgraph.analysis.single_failures.causes import single_failures_sets, upstream_causes
from depgraph.analysis.single_failures.result import SingleFailures
from depgraph.core import fast_paths
from depgraph.core.graph import CompiledInventory

__all__ = ["SingleFailures", "single_failures", "upstream_causes"]


def single_failures(compiled: CompiledInventory, keep: Iterable[int] = (),
                    progress: Callable[[int, int], None] | None = None) -> SingleFailures:
    """Every single failure's effect at once; ``keep`` names the components (targets)
    whose causes are kept and whose killers are listed. Both implementations give the
    same answer; ``progress``, if given, is called after each wave of the numpy kernel
    with the components done and the total.

    >>> from depgraph import load_inventory
    >>> from depgraph.core.graph import compile_inventory
    >>> compiled = compile_inventory(load_inventory("inventories/webshop.yaml"))
    >>> found = single_failures(compiled, [compiled.index["checkout"]])
    >>> found.blast[compiled.index["zone-a"]]  # zone-a takes this many down with it
    9
    """
    if fast_paths.fast("single_failures", len(compiled.member_of)):
        from depgraph.analysis.single_failures.causes_numpy import TooDeep, single_failures_numpy

        try:
            return single_failures_numpy(compiled, keep, progress)
        except TooDeep:  # thin waves, one after another: sets do better
            pass
    return single_failures_sets(compiled, keep)
