"""Why every single point of failure is one, at once: the fast path of
:mod:`~depgraph.analysis.spof.explain`, over the numpy kernel's causes table.

The same sentences as the reference, for every component SPOF in a few vectorised
steps: the table holds each chain's length and first link, so following the links
of all chains together from their targets writes every explanation at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import numpy as np

from depgraph.analysis.spof.points import SinglePoint
from depgraph.core.graph import CompiledInventory
from depgraph.core.graph_numpy import compiled_arrays, id_array
from depgraph.core.segments_numpy import ranges, unique

if TYPE_CHECKING:
    from depgraph.analysis.single_failures.table_numpy import CausesTable

__all__ = ["explain_all"]


def explain_all(compiled: CompiledInventory, table: CausesTable,
                 spofs: Sequence[SinglePoint], numbers: tuple | None = None) -> list[str]:
    """The explanations of component SPOFs, from the kernel's table, in order.

    :func:`~depgraph.analysis.spof.explain.shortest_chain` walks breadth first from the
    target, and keeps for each component the first link that reaches it: the chain it
    returns is the shortest one whose links (requirement, then member, in index order)
    come first, read from the target. The
    table holds, for each cause ``x`` of ``y``, the distance from ``y`` down to ``x``
    and the first link of ``y`` towards a member at one less: following those links
    from the target gives that very chain, one vectorised step for every SPOF at once.
    """
    if not spofs:
        return []
    a = compiled_arrays(compiled)
    index, requirements = compiled.index, compiled.requirements
    if numbers is None:
        x = np.array([index[s.id] for s in spofs], dtype=np.int64)
        y = np.array([index[s.kills[0]] for s in spofs], dtype=np.int64)
    else:
        x, y = numbers
    first_target = y
    found, entry = table.find(y, x)
    if not found.all():
        raise RuntimeError("a SPOF does not take its first target down")
    length = table.dist[entry].astype(np.int64)  # links in each chain
    ends = np.cumsum(length)
    offset = ends - length
    chain_requirement = np.empty(int(ends[-1]), dtype=np.int64)
    requirement_of = np.repeat(np.arange(a.requirements, dtype=np.int64),
                               np.diff(a.member_offsets))  # per membership
    active = np.arange(len(spofs), dtype=np.int64)
    depth = 0
    while len(active):
        position = a.member_offsets[a.owned[y]] + table.step[entry]
        member = a.members[position]
        chain_requirement[offset[active] + depth] = requirement_of[position]
        more = member != x[active]
        active, y = active[more], member[more]
        found, entry = table.find(y, x[active])
        depth += 1

    # Which links are redundancy groups, and the words each needs.
    distinct = unique(chain_requirement)
    sizes = np.diff(a.member_offsets)
    grouped = distinct[sizes[distinct] > 1]  # hard and located_in have one member
    alone = distinct[sizes[distinct] == 1].tolist()
    grouped = np.concatenate([grouped, np.array([r for r in alone if requirements[r].is_group],
                                                dtype=np.int64)])
    is_group = np.zeros(a.requirements, dtype=bool)
    is_group[grouped] = True
    spof_of_link = np.repeat(np.arange(len(spofs), dtype=np.int64), length)
    link_is_group = is_group[chain_requirement]
    in_group = np.flatnonzero(link_is_group)
    with_groups = np.zeros(len(spofs), dtype=bool)
    with_groups[spof_of_link[in_group]] = True
    plain_links = chain_requirement[~with_groups[spof_of_link]]

    # The members that each group on the way loses, and how each goes.
    r = chain_requirement[in_group]
    of_link, position = ranges(a.member_offsets[r], sizes[r])
    member = a.members[position]
    killer = x[spof_of_link[in_group]][of_link]
    found, entry = table.find(member, killer)
    taken = np.flatnonzero(found)
    of_link, member, killer = of_link[taken], member[taken], killer[taken]
    itself = member == killer
    broken = np.where(itself, 0, a.owned[member] + table.first[entry[taken]])  # first broken

    words = np.empty(a.requirements, dtype=object)
    needed = unique(np.concatenate([plain_links, broken[~itself]]))
    words[needed] = [requirements[r].describe() for r in needed.tolist()]
    names = id_array(compiled)

    whys = np.empty(len(spofs), dtype=object)
    plain = np.flatnonzero(~with_groups)
    if len(plain):
        said = words[plain_links].tolist()
        ends = np.cumsum(length[plain])
        whys[plain] = [f"no redundancy on the way: {target} fails: "
                       f"{', which fails: '.join(said[start:end])}, which failed initially"
                       for target, start, end in zip(names[first_target[plain]].tolist(),
                                                     (ends - length[plain]).tolist(),
                                                     ends.tolist())]
    if len(in_group):
        how = [f"{m} fails itself" if it else f"{m} {said}" for m, it, said
               in zip(names[member].tolist(), itself.tolist(), words[broken].tolist())]
        ends = np.searchsorted(of_link, np.arange(1, len(in_group) + 1))
        starts = np.concatenate([[0], ends[:-1]])
        opening = np.empty(a.requirements, dtype=object)
        distinct = unique(r)
        opening[distinct] = [_opening(compiled, r) for r in distinct.tolist()]
        parts = [f"{start}{killer} takes down {end - first} ({', '.join(how[first:end])})"
                 for start, killer, first, end
                 in zip(opening[r].tolist(), names[x[spof_of_link[in_group]]].tolist(),
                        starts.tolist(), ends.tolist())]
        owner = spof_of_link[in_group]
        alone = np.ones(len(in_group), dtype=bool)  # the only group of its chain
        alone[1:] = owner[1:] != owner[:-1]
        alone[:-1] &= owner[:-1] != owner[1:]
        parts = np.array(parts, dtype=object)
        whys[owner[alone]] = parts[alone]
        several = np.flatnonzero(~alone)
        if len(several):
            owners = owner[several]
            cut = np.flatnonzero(np.append(owners[1:] != owners[:-1], True)) + 1
            listed = parts[several].tolist()
            whys[owners[cut - 1]] = ["; ".join(listed[start:end]) for start, end
                                     in zip(np.append(0, cut[:-1]).tolist(), cut.tolist())]
    return whys.tolist()


def _opening(compiled: CompiledInventory, r: int) -> str:
    requirement = compiled.requirements[r]
    return (f"{compiled.ids[compiled.owner[r]]} needs {requirement.needed} of "
            f"{len(requirement.members)} of [{', '.join(requirement.members)}], but ")
