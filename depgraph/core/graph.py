"""The inventory as graphs: a networkx view for algorithms, a compact index for hot loops.

The networkx graph is the model's natural shape: an edge ``u -> v`` says that
``u`` requires ``v``. The compiled index numbers components by sorted id and
stores requirements as flat integer arrays (CSR style), so that propagation is a
tight loop over integers, and is identical whatever order the files came in.
"""

from __future__ import annotations

import weakref
from operator import attrgetter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Iterable

from depgraph.core import fast_paths
from depgraph.core.model import Inventory, Requirement
from depgraph.core.problems import SelectorError, did_you_mean

if TYPE_CHECKING:  # networkx is imported when a graph is asked for: the CLI starts faster
    import networkx as nx

__all__ = ["dependency_graph", "CompiledInventory", "compile_for_return", "compile_inventory",
           "transpose"]

_START = attrgetter("start")
_KIND_RANK = {"located_in": 0, "hard": 1, "any": 2, "at_least": 3}


def dependency_graph(inventory: Inventory) -> nx.DiGraph:
    """A directed graph with an edge from each component to each component it requires.

    Node attributes hold the component (``component``); edge attributes list the
    requirements (``requirements``) the edge belongs to, since one component may
    appear in several requirements of another.

    >>> from depgraph import load_inventory
    >>> G = dependency_graph(load_inventory("inventories/webshop.yaml"))
    >>> G.has_edge("checkout", "payments")
    True
    """
    import networkx as nx

    G = nx.DiGraph()
    for ident, component in inventory.components.items():
        G.add_node(ident, component=component, type=component.type)
    for ident, component in inventory.components.items():
        for requirement in component.requirements:
            for member in requirement.members:
                if G.has_edge(ident, member):
                    G.edges[ident, member]["requirements"].append(requirement)
                else:
                    G.add_edge(ident, member, requirements=[requirement])
    return G


@dataclass(frozen=True, eq=False)
class CompiledInventory:
    """Components and requirements as integers, in a canonical order.

    Component ``i`` is ``ids[i]`` (sorted). Requirement ``r`` belongs to
    ``owner[r]``, is ``requirements[r]`` (members sorted), and breaks once
    ``threshold[r]`` of its members have failed. ``member_of[offsets[c]:offsets[c+1]]``
    lists the requirements in which component ``c`` is a member, and
    ``members[member_offsets[r]:member_offsets[r+1]]`` the members of requirement
    ``r``, as component numbers.
    """

    ids: tuple[str, ...]
    index: dict[str, int]
    owner: list[int]
    threshold: list[int]
    requirements: list[Requirement]
    offsets: list[int]
    member_of: list[int]
    owned: list[int]
    member_offsets: list[int]
    members: list[int]
    #: The ``when: start`` requirements, by component number: needed only to come back
    #: (the time engine reads them), so in none of the arrays above, which say what a
    #: component needs to keep working.
    starts: dict[int, tuple[Requirement, ...]] = field(default_factory=dict)

    def members_of(self, requirement: int) -> list[int]:
        """The members of one requirement, as component numbers (sorted)."""
        return self.members[self.member_offsets[requirement]:self.member_offsets[requirement + 1]]

    def requirements_of(self, component: int) -> range:
        """The numbers of the requirements that one component owns (contiguous)."""
        return range(self.owned[component], self.owned[component + 1])

    def numbers(self, ids: Iterable[str]) -> list[int]:
        """The numbers of components given by id; an unknown id raises
        :class:`~depgraph.core.problems.SelectorError` with a suggestion."""
        found = []
        for ident in ids:
            if ident not in self.index:
                raise SelectorError(f"no component '{ident}' in the inventory; "
                                    f"{did_you_mean(ident, self.ids) or 'check the id'}")
            found.append(self.index[ident])
        return found


_cache: "weakref.WeakKeyDictionary[Inventory, CompiledInventory]" = weakref.WeakKeyDictionary()
_return_cache: "weakref.WeakKeyDictionary[Inventory, CompiledInventory]" = \
    weakref.WeakKeyDictionary()


def compile_inventory(inventory: Inventory) -> CompiledInventory:
    """Compile (once per inventory object) the integer index used by the analyses."""
    compiled = _cache.get(inventory)
    if compiled is None:
        compiled = _cache[inventory] = _compile(inventory)
    return compiled


def compile_for_return(inventory: Inventory) -> CompiledInventory:
    """The index of what a component needs to come back: :func:`compile_inventory`'s,
    with the ``when: start`` requirements among the others (the same index when there
    are none)."""
    compiled = compile_inventory(inventory)
    if not compiled.starts:
        return compiled
    found = _return_cache.get(inventory)
    if found is None:
        found = _return_cache[inventory] = _compile(inventory, aside=False)
    return found


def _canonical(requirement: Requirement) -> Requirement:
    """The requirement with its members sorted, unless their order is a preference (a
    group with a switchover uses its first members)."""
    members = requirement.members
    if len(members) == 1 or requirement.switchover \
            or all(a < b for a, b in zip(members, members[1:])):
        return requirement
    return replace(requirement, members=tuple(sorted(members)))


def _rank(requirement: Requirement) -> tuple:
    holdup = -1 if requirement.holdup is None else requirement.holdup
    return (_KIND_RANK[requirement.kind], requirement.members, requirement.needed,
            requirement.start, holdup, requirement.switchover)


def _compile(inventory: Inventory, aside: bool = True) -> CompiledInventory:
    """The index; with ``aside``, the ``when: start`` requirements kept apart."""
    ids = tuple(inventory.components)  # already sorted by id
    index = {ident: i for i, ident in enumerate(ids)}
    number = index.__getitem__
    owner: list[int] = []
    threshold: list[int] = []
    requirements: list[Requirement] = []
    owned = [0]
    members: list[int] = []
    member_offsets = [0]
    starts: dict[int, tuple[Requirement, ...]] = {}
    for i, component in enumerate(inventory.components.values()):
        own = component.depends_on
        if aside and own and any(map(_START, own)):
            starts[i] = tuple(r for r in own if r.start)
            own = tuple(r for r in own if not r.start)
        if len(own) > 1:
            own = sorted(map(_canonical, own), key=_rank)
        elif own and len(own[0].members) > 1:
            own = (_canonical(own[0]),)
        if component.located_in is not None:  # ranks first: as component.requirements
            own = (Requirement("located_in", (component.located_in,), 1,
                               component.located_in_span), *own)
        for requirement in own:
            group = requirement.members
            threshold.append(len(group) - requirement.needed + 1)
            members.extend(map(number, group))
            member_offsets.append(len(members))
        owner.extend([i] * len(own))
        requirements.extend(own)
        owned.append(len(requirements))
    offsets, member_of = _transpose(len(ids), members, member_offsets)
    return CompiledInventory(ids, index, owner, threshold, requirements, offsets, member_of,
                             owned, member_offsets, members, starts)


def _transpose(components: int, members: list[int], member_offsets: list[int]
               ) -> tuple[list[int], list[int]]:
    """From the members of each requirement to the requirements of each member
    (a counting sort: each member's requirements come out in increasing order); on a
    large index, :func:`~depgraph.core.graph_numpy.transpose_numpy` does the same."""
    if fast_paths.fast("index", len(members)):
        from depgraph.core.graph_numpy import transpose_numpy

        return transpose_numpy(components, members, member_offsets)
    return transpose(components, members, member_offsets)


def transpose(components: int, members: list[int], member_offsets: list[int]
              ) -> tuple[list[int], list[int]]:
    """The requirements each component is a member of, as ``(offsets, member_of)``: the
    transpose of ``(member_offsets, members)``, each member's requirements in increasing
    order (a counting sort).

    >>> transpose(3, [1, 2, 1], [0, 2, 3])  # requirement 0: [1, 2]; 1: [1]
    ([0, 0, 2, 3], [0, 1, 0])
    """
    counts = [0] * (components + 1)
    for c in members:
        counts[c + 1] += 1
    for i in range(components):
        counts[i + 1] += counts[i]
    offsets = counts[:]
    fill = counts  # the next free slot of each component, reused
    member_of = [0] * len(members)
    for r in range(len(member_offsets) - 1):
        for c in members[member_offsets[r]:member_offsets[r + 1]]:
            member_of[fill[c]] = r
            fill[c] += 1
    return offsets, member_of
