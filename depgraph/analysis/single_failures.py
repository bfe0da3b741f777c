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

- the reference, over Python sets, component by component in Tarjan's order;
  each causes set is dropped as soon as every component that needs it is done, so
  memory follows the frontier, not the total. The fastest on small inventories.
- a vectorised one over numpy arrays (:func:`single_failures` chooses it from
  :data:`ARRAYS_FROM` components on), a *wave* at a time: every component whose
  dependencies are all done. A wave gathers its members' causes as
  ``(requirement, cause)`` pairs, counts each pair with one sort of integer keys
  (a group keeps the causes found in at least ``threshold`` of its members), and
  merges them per component with a second sort. Components in a cycle (found by
  Tarjan only when the waves stall, and only among what lies between cycles) are
  solved by the reference code, a strongly connected component at a time; an
  inventory of thousands of thin levels is handed to the reference altogether
  (each wave costs a few dozen numpy calls). Along with each cause ``x`` of ``y`` the kernel
  keeps the length of the shortest chain of requirements that ``x`` breaks from
  ``y`` down to ``x``, its first link, and the first requirement of ``y`` that
  ``x`` breaks: enough to write every SPOF's explanation without re-evaluating
  anything (:class:`CausesTable`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Mapping

from depgraph.core.graph import CompiledInventory

if TYPE_CHECKING:
    import numpy as np

__all__ = ["ARRAYS_FROM", "CausesTable", "SingleFailures", "single_failures",
           "strongly_connected", "upstream_causes"]

#: From this many components on, :func:`single_failures` runs the numpy kernel; below,
#: the reference over Python sets (numpy's per-call overhead costs more than it saves on
#: small inventories). Tests set it to 0 to force the kernel.
ARRAYS_FROM = 2_000


@dataclass(frozen=True, eq=False)
class SingleFailures:
    """What single failures do, over component and requirement numbers.

    ``blast[x]`` counts the components that fail when ``x`` alone fails (``x``
    included); ``kills[x]`` lists the kept components (targets) that ``x``'s
    failure takes down, other than ``x`` itself; ``causes`` holds the causes set
    of each kept component; ``shared[r]`` the components whose failure alone
    breaks redundancy group ``r`` (a group that tolerates a failure), where any;
    ``cycles`` the strongly connected components of more than one component (each
    sorted, and sorted).
    ``table`` holds every component's causes, with what explanations need, when the
    numpy kernel computed them (else None).
    """

    blast: list[int]
    kills: Mapping[int, list[int]]
    causes: Mapping[int, frozenset[int]]
    shared: dict[int, frozenset[int]]
    cycles: list[list[int]]
    table: "CausesTable | None" = field(default=None, repr=False)


def strongly_connected(compiled: CompiledInventory,
                       skip: "bytearray | np.ndarray | None" = None) -> list[list[int]]:
    """Strongly connected components of "requires", dependencies first (Tarjan, iterative).

    With ``skip``, components ``c`` where ``skip[c]`` is true are left out: the others'
    strongly connected components, in the same relative order, provided that nothing
    skipped requires anything kept (what the kernel skips is done, dependencies first).
    """
    n = len(compiled.ids)
    owned, starts, members = compiled.owned, compiled.member_offsets, compiled.members
    order = [-1] * n
    low = [0] * n
    on_stack = bytearray(n)
    if skip is not None:
        for c in (skip.nonzero()[0].tolist() if hasattr(skip, "nonzero") else
                  (c for c in range(n) if skip[c])):
            order[c] = -2
    stack: list[int] = []
    found: list[list[int]] = []
    counter = 0
    for root in range(n):
        if order[root] != -1:
            continue
        order[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = 1
        work = [[root, starts[owned[root]]]]
        while work:
            frame = work[-1]
            v, position = frame
            if position < starts[owned[v + 1]]:
                frame[1] = position + 1
                w = members[position]
                if order[w] == -1:
                    order[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack[w] = 1
                    work.append([w, starts[owned[w]]])
                elif on_stack[w] and order[w] < low[v]:
                    low[v] = order[w]
                continue
            work.pop()
            if work and low[v] < low[work[-1][0]]:
                low[work[-1][0]] = low[v]
            if low[v] == order[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack[w] = 0
                    component.append(w)
                    if w == v:
                        break
                found.append(component)
    return found


def single_failures(compiled: CompiledInventory, keep: Iterable[int] = (),
                    arrays: bool | None = None,
                    progress: Callable[[int, int], None] | None = None) -> SingleFailures:
    """Every single failure's effect at once; ``keep`` names the components (targets)
    whose causes are kept and whose killers are listed. ``arrays`` chooses the
    implementation (by default, by size: see :data:`ARRAYS_FROM`); both give the same
    answer. ``progress``, if given, is called after each wave of the kernel with the
    components done and the total."""
    if arrays is None:
        arrays = len(compiled.ids) >= ARRAYS_FROM
    if arrays:
        try:
            return _Kernel(compiled).run(keep, progress)
        except _TooDeep:  # thin waves, one after another: sets do better
            pass
    return _single_failures_sets(compiled, keep)


def _single_failures_sets(compiled: CompiledInventory, keep: Iterable[int]) -> SingleFailures:
    """The reference: Python sets, one strongly connected component at a time."""
    n = len(compiled.ids)
    keep = set(keep)
    owned, starts, members = compiled.owned, compiled.member_offsets, compiled.members
    causes: list[set[int] | None] = [None] * n
    remaining = [compiled.offsets[c + 1] - compiled.offsets[c] for c in range(n)]
    blast: Counter[int] = Counter()
    kills: dict[int, list[int]] = {}
    shared: dict[int, frozenset[int]] = {}
    kept: dict[int, frozenset[int]] = {}
    cycles = []

    for component in strongly_connected(compiled):
        if len(component) == 1:
            causes[component[0]] = _evaluate(compiled, component[0], causes, shared)
        else:
            cycles.append(sorted(component))
            _fixpoint(compiled, component, causes, shared)
        for y in component:
            blast.update(causes[y])
            if y in keep:
                kept[y] = frozenset(causes[y])
                for x in causes[y]:
                    if x != y:
                        kills.setdefault(x, []).append(y)
        for y in component:  # free what no one needs any more
            for m in members[starts[owned[y]]:starts[owned[y + 1]]]:
                remaining[m] -= 1
                if remaining[m] == 0:
                    causes[m] = None
            if remaining[y] == 0:
                causes[y] = None
    cycles.sort()
    return SingleFailures([blast[x] for x in range(n)],
                          {x: sorted(t) for x, t in kills.items()}, kept, shared, cycles)


def _fixpoint(compiled: CompiledInventory, component: list[int], causes, shared: dict) -> None:
    """The least fixpoint inside a cycle: causes start at ``{y}`` and grow."""
    for y in component:
        causes[y] = {y}
    changed = True
    while changed:
        changed = False
        for y in component:
            found = _evaluate(compiled, y, causes, shared)
            if found != causes[y]:
                causes[y], changed = found, True


def _evaluate(compiled: CompiledInventory, y: int, causes, shared: dict | None) -> set[int]:
    """causes(y) from its members' causes; records the groups' shared causes in ``shared``."""
    owned, threshold = compiled.owned, compiled.threshold
    starts, members = compiled.member_offsets, compiled.members
    found = {y}
    groups: list[tuple[int, set[int]]] = []
    for r in range(owned[y], owned[y + 1]):
        member_causes = [causes[m] for m in members[starts[r]:starts[r + 1]]]
        need = threshold[r]
        if need == 1:
            for each in member_causes:
                found |= each
            continue
        if need == len(member_causes):
            member_causes.sort(key=len)
            common = set(member_causes[0]).intersection(*member_causes[1:])
        else:
            counts: Counter[int] = Counter()
            for each in member_causes:
                counts.update(each)
            common = {x for x, count in counts.items() if count >= need}
        groups.append((r, common))
        found |= common
    if shared is not None:
        _record_shared(compiled, y, groups, causes, shared)
    return found


def _record_shared(compiled: CompiledInventory, y: int, groups, causes, shared: dict) -> None:
    """Shared causes that matter: those that would not take ``y`` down anyway through
    another of its requirements (a building that holds both feeds and the component
    itself is not an illusory redundancy)."""
    owned, threshold = compiled.owned, compiled.threshold
    starts, members = compiled.member_offsets, compiled.members
    for r, common in groups:
        others = {y}
        for q, other in groups:
            if q != r:
                others |= other
        for q in range(owned[y], owned[y + 1]):
            if threshold[q] == 1:
                for m in members[starts[q]:starts[q + 1]]:
                    others |= causes[m]
        mattering = common - others
        if mattering:
            shared[r] = frozenset(mattering)
        else:
            shared.pop(r, None)


def upstream_causes(compiled: CompiledInventory, target: int) -> dict[int, set[int]]:
    """causes(y) for ``target`` and everything it requires, directly or not.

    Cheap where a whole-estate pass is not needed: the cost follows what the
    target stands on, not what a failure takes down.
    """
    owned, starts, members = compiled.owned, compiled.member_offsets, compiled.members
    order: list[int] = []  # dependencies before dependents (DFS post-order)
    seen = {target}
    work = [(target, starts[owned[target]])]
    while work:
        v, position = work[-1]
        if position < starts[owned[v + 1]]:
            work[-1] = (v, position + 1)
            w = members[position]
            if w not in seen:
                seen.add(w)
                work.append((w, starts[owned[w]]))
            continue
        work.pop()
        order.append(v)
    causes: dict[int, set[int]] = {y: {y} for y in order}
    changed = True
    while changed:  # one pass settles an acyclic part; cycles take a few more
        changed = False
        for y in order:
            found = _evaluate(compiled, y, causes, None)
            if found != causes[y]:
                causes[y], changed = found, True
    return causes


# -- the numpy kernel --------------------------------------------------------------


def _ranges(np, starts: "np.ndarray", counts: "np.ndarray") -> tuple["np.ndarray", "np.ndarray"]:
    """The ranges ``starts[i] .. starts[i] + counts[i]`` end to end: for each position,
    the range it belongs to and its value."""
    segment = np.repeat(np.arange(len(starts), dtype=np.int64), counts)
    index = np.arange(len(segment), dtype=np.int64)
    index += (starts - (np.cumsum(counts) - counts))[segment]
    return segment, index


def _run_starts(np, head: "np.ndarray") -> "np.ndarray":
    """Where each run of equal values begins in the sorted ``head``."""
    new = np.empty(len(head), dtype=bool)
    if len(head):
        new[0] = True
        np.not_equal(head[1:], head[:-1], out=new[1:])
    return np.flatnonzero(new)


def _unique(np, values: "np.ndarray") -> "np.ndarray":
    """Sorted distinct values (``np.unique`` without its overhead)."""
    if len(values) < 2:
        return values
    values = np.sort(values)
    return values[_run_starts(np, values)]


def _bits(value: int) -> int:
    return max(1, int(value).bit_length())


class CausesTable:
    """Every component's causes, as sorted rows of one integer array, with for each
    cause ``x`` of ``y`` (entry ``e`` of ``y``'s row, ``values[e] == x``):

    - ``dist[e]``: the length of the shortest chain of requirements broken by ``x``
      from ``y`` down to ``x`` (0 when ``x == y``);
    - ``step[e]``: its first link, the first membership of ``y`` (counted from the
      first member of ``y``'s first requirement) whose member ``x`` takes down at
      ``dist - 1``, in requirement then member order;
    - ``first[e]``: the first of ``y``'s requirements that ``x`` breaks (counted from
      ``y``'s first requirement), -1 when ``x == y``.

    Row ``y`` is ``values[start[y]:start[y] + length[y]]``. ``killers`` lists, sorted, the
    components that take down a kept one other than themselves; the ones killer ``i``
    takes down are ``killed[kill_bounds[i]:kill_bounds[i + 1]]``, sorted. ``blast`` is
    :attr:`SingleFailures.blast` as an array.
    """

    def __init__(self, np, start, length, values, dist, step, first):
        self.np = np
        self.start, self.length = start, length
        self.values, self.dist, self.step, self.first = values, dist, step, first
        self.blast = self.killers = self.kill_bounds = self.killed = None  # see _result

    def row(self, y: int) -> list[int]:
        start = int(self.start[y])
        return self.values[start:start + int(self.length[y])].tolist()

    def find(self, y: "np.ndarray", x: "np.ndarray") -> tuple["np.ndarray", "np.ndarray"]:
        """For each pair, whether ``x[i]`` is a cause of ``y[i]``, and its entry when so
        (a binary search in every row at once)."""
        np = self.np
        low = self.start[y]
        end = low + self.length[y]
        high = end.copy()
        values = self.values
        active = np.flatnonzero(low < high)
        while len(active):
            lo, hi = low[active], high[active]
            middle = (lo + hi) >> 1
            less = values[middle] < x[active]
            lo = np.where(less, middle + 1, lo)
            hi = np.where(less, hi, middle)
            low[active], high[active] = lo, hi
            active = active[lo < hi]
        found = low < end
        where = np.flatnonzero(found)
        found[where] = values[low[where]] == x[where]
        return found, low


class _KeptCauses(Mapping[int, frozenset[int]]):
    """``causes`` of a kernel's :class:`SingleFailures`: the kept rows, as frozensets
    made when first read."""

    def __init__(self, table: CausesTable, keep: list[int]):
        self._table, self._keep = table, keep
        self._index = set(keep)
        self._made: dict[int, frozenset[int]] = {}

    def __getitem__(self, y: int) -> frozenset[int]:
        made = self._made.get(y)
        if made is None:
            if y not in self._index:
                raise KeyError(y)
            made = self._made[y] = frozenset(self._table.row(y))
        return made

    def __contains__(self, y: object) -> bool:
        return y in self._index

    def __iter__(self) -> Iterator[int]:
        return iter(self._keep)

    def __len__(self) -> int:
        return len(self._keep)


class _Kills(Mapping[int, list[int]]):
    """``kills`` of a kernel's :class:`SingleFailures`: each killer's targets, as lists
    made when read, over the table's sorted arrays (the SPOF report reads the arrays)."""

    def __init__(self, table: CausesTable):
        self._table = table

    def __getitem__(self, x: int) -> list[int]:
        table = self._table
        i = int(table.np.searchsorted(table.killers, x))
        if i == len(table.killers) or table.killers[i] != x:
            raise KeyError(x)
        return table.killed[table.kill_bounds[i]:table.kill_bounds[i + 1]].tolist()

    def __iter__(self) -> Iterator[int]:
        return iter(self._table.killers.tolist())

    def __len__(self) -> int:
        return len(self._table.killers)

    def items(self):  # one pass over the arrays, not a search per killer
        table = self._table
        bounds, killed = table.kill_bounds.tolist(), table.killed.tolist()
        return [(x, killed[bounds[i]:bounds[i + 1]])
                for i, x in enumerate(table.killers.tolist())]


class _TooDeep(Exception):
    """The waves are too thin for the kernel to pay off."""


class _Kernel:
    """The numpy kernel: waves of components whose dependencies are all done."""

    #: The widest sort key a wave may build (a wave whose keys would not fit is halved).
    key_bits = 62
    #: Each wave costs a few dozen numpy calls: after ``thin_waves`` waves, if they held
    #: fewer than ``thin_size`` components on average, the kernel gives up and the
    #: reference takes over (a long chain of small groups, thousands of levels deep).
    thin_waves, thin_size = 512, 32

    def __init__(self, compiled: CompiledInventory):
        import numpy as np

        from depgraph.core.arrays import compiled_arrays

        self.np = np
        self.compiled = compiled
        a = self.a = compiled_arrays(compiled)
        n = self.n = a.components
        if n >= 2**31 or len(a.members) >= 2**31:
            raise OverflowError("too many components for the kernel's 32-bit rows")
        self.start = np.zeros(n, dtype=np.int64)
        self.length = np.zeros(n, dtype=np.int64)
        self.used = 0
        self._allocate(max(1024, 8 * n))  # a layered estate has about 7 causes per component
        # Widths of the fields packed into the sort keys (see _wave).
        degree = a.member_offsets[a.owned[1:]] - a.member_offsets[a.owned[:-1]]
        self.degree = degree
        self.step_bits = _bits(int(degree.max(initial=1)))
        self.first_bits = _bits(int((a.owned[1:] - a.owned[:-1]).max(initial=0)) + 1)
        self.max_dist = 0
        self.shared_requirements: list = []
        self.shared_causes: list = []
        self.shared: dict[int, frozenset[int]] = {}

    def _allocate(self, capacity: int) -> None:
        np = self.np
        old = getattr(self, "values", None)
        fields = []
        for name in ("values", "dist", "step", "first"):
            array = np.empty(capacity, dtype=np.int32)
            if old is not None:
                array[:self.used] = getattr(self, name)[:self.used]
            fields.append(array)
        self.values, self.dist, self.step, self.first = fields

    def _append(self, nodes, counts, values, dist, step, first) -> None:
        np = self.np
        total = len(values)
        if self.used + total > len(self.values):
            self._allocate(max(2 * len(self.values), self.used + total))
        self.start[nodes] = self.used + np.cumsum(counts) - counts
        self.length[nodes] = counts
        end = self.used + total
        self.values[self.used:end] = values
        self.dist[self.used:end] = dist
        self.step[self.used:end] = step
        self.first[self.used:end] = first
        self.used = end
        if total:
            self.max_dist = max(self.max_dist, int(self.dist[end - total:end].max()))

    def run(self, keep: Iterable[int],
            progress: Callable[[int, int], None] | None = None) -> SingleFailures:
        np, a, n = self.np, self.a, self.n
        pending = self.degree.copy()  # memberships whose member is not done yet
        done = np.zeros(n, dtype=bool)
        cyclic = None  # per component, the number of its cycle (-1: none), once known
        cycle_pending = None
        units: list[list[int]] = []
        cycles: list[list[int]] = []
        ready_units: list[int] = []
        ready = np.flatnonzero(pending == 0)
        left = n
        waves = 0
        while left:
            if not len(ready) and not ready_units:
                if cyclic is not None:
                    raise RuntimeError("the waves stalled outside any cycle")
                cyclic, units, cycle_pending = self._cycles(done)
                cycles = sorted(sorted(unit) for unit in units if len(unit) > 1)
                ready_units = np.flatnonzero(cycle_pending == 0).tolist()
                continue
            finished = []
            if len(ready):
                self._wave(ready)
                finished.append(ready)
            for k in ready_units:
                self._unit(units[k])
                finished.append(np.array(units[k], dtype=np.int64))
            finished = np.concatenate(finished) if len(finished) > 1 else finished[0]
            done[finished] = True
            left -= len(finished)
            waves += 1
            if progress is not None:
                progress(n - left, n)
            if waves % self.thin_waves == 0 and left and (n - left) < self.thin_size * waves:
                raise _TooDeep()
            _, position = _ranges(np, a.offsets[finished],
                                  a.offsets[finished + 1] - a.offsets[finished])
            owners = a.owner[a.member_of[position]]
            owners = owners[~done[owners]]
            np.subtract.at(pending, owners, 1)
            if cyclic is None:
                ready = _unique(np, owners[pending[owners] == 0])
                continue
            number = cyclic[owners]
            alone = owners[number < 0]
            ready = _unique(np, alone[pending[alone] == 0])
            number = number[number >= 0]
            np.subtract.at(cycle_pending, number, 1)
            ready_units = _unique(np, number[cycle_pending[number] == 0]).tolist()
        return self._result(keep, cycles)

    def _cycles(self, done):
        """The strongly connected components of what is not done that need solving
        together (a cycle, or a component that requires itself), and what each still
        waits for outside itself."""
        np, a, n = self.np, self.a, self.n
        owner = np.repeat(a.owner, np.diff(a.member_offsets))  # per membership
        itself = np.zeros(n, dtype=bool)  # components among their own members
        itself[a.members[owner == a.members]] = True
        # What nothing left requires is in no cycle: peel it off, from the top, so that
        # Tarjan only walks the cycles and what lies between them.
        skip = done.copy()
        left = np.bincount(a.members[~done[owner]], minlength=n)  # dependents not done
        top = np.flatnonzero(~skip & (left == 0))
        while len(top):
            skip[top] = True
            first = a.member_offsets[a.owned[top]]
            _, position = _ranges(np, first, a.member_offsets[a.owned[top + 1]] - first)
            members = a.members[position]
            np.subtract.at(left, members, 1)
            top = _unique(np, members[(left[members] == 0) & ~skip[members]])
        units = [component for component in strongly_connected(self.compiled, skip=skip)
                 if len(component) > 1 or itself[component[0]]]
        cyclic = np.full(n, -1, dtype=np.int64)
        for k, unit in enumerate(units):
            cyclic[unit] = k
        nodes = np.flatnonzero(cyclic >= 0)
        first = a.member_offsets[a.owned[nodes]]
        segment, position = _ranges(np, first, a.member_offsets[a.owned[nodes + 1]] - first)
        members = a.members[position]
        mine = cyclic[nodes][segment]
        outside = ~done[members] & (cyclic[members] != mine)
        cycle_pending = np.bincount(mine[outside], minlength=len(units))
        return cyclic, units, cycle_pending

    def _wave(self, nodes: "np.ndarray") -> None:
        """Causes of components whose members are all done, vectorised.

        Each pair (membership, cause of its member) becomes an integer key. A group's
        keys (requirement, cause, distance, membership) sorted, a run per (requirement,
        cause) is kept when it is at least ``threshold`` long: the group's K(r), each
        cause with its shortest distance, its first member at that distance first.
        Then every contribution to a component (itself, a hard requirement's pairs, a
        group's K) as (component, cause, distance + 1, membership, requirement, group?),
        sorted: a run per (component, cause) is one cause, its first key the shortest
        distance and the first link, the smallest requirement over the run the first
        requirement broken, and a run of one group contribution a shared cause.
        """
        np, a, n = self.np, self.a, self.n
        k = len(nodes)
        dist_bits = _bits(self.max_dist + 1)
        step_bits, first_bits = self.step_bits, self.first_bits
        low_bits = dist_bits + step_bits + first_bits + 1
        first_requirement = a.owned[nodes]
        segment, requirements = _ranges(np, first_requirement,
                                         a.owned[nodes + 1] - first_requirement)
        if k > 1 and ((len(requirements) * n).bit_length() + dist_bits + step_bits
                      > self.key_bits or (k * n).bit_length() + low_bits > self.key_bits):
            self._wave(nodes[:k // 2])  # keys too wide for 64 bits: halve the wave
            self._wave(nodes[k // 2:])
            return
        threshold = a.threshold[requirements]
        rank = requirements - first_requirement[segment]  # among its owner's requirements
        grouped = threshold > 1
        hard, group = np.flatnonzero(~grouped), np.flatnonzero(grouped)
        parts = [((np.arange(k, dtype=np.int64) * n + nodes) << low_bits)  # y is a cause of y
                 | (((1 << first_bits) - 1) << 1)]
        if len(hard):
            # (component, cause, distance + 1, membership, requirement, 0): the membership's
            # share of the key first, then each pair adds its cause and distance.
            base = ((segment[hard] * n) << low_bits) | (1 << (step_bits + first_bits + 1)) \
                | (rank[hard] << 1)
            parts.append(self._pairs(requirements[hard], first_requirement[segment[hard]],
                                     base, low_bits, step_bits + first_bits + 1, first_bits + 1))
        if len(group):
            # (requirement, cause, distance, membership): a run per (requirement, cause).
            shift = dist_bits + step_bits
            local = np.arange(len(group), dtype=np.int64)
            keys = self._pairs(requirements[group], first_requirement[segment[group]],
                               (local * n) << shift, shift, step_bits, 0)
            keys.sort()
            head = keys >> shift
            runs = _run_starts(np, head)
            sizes = np.diff(runs, append=len(keys))
            head = head[runs]
            local = head // n
            kept = sizes >= threshold[group][local]
            local, best = local[kept], keys[runs[kept]]
            owner = segment[group][local]
            parts.append(((owner * n + (head[kept] - local * n)) << low_bits)
                         | ((((best >> step_bits) & ((1 << dist_bits) - 1)) + 1)
                            << (step_bits + first_bits + 1))
                         | ((best & ((1 << step_bits) - 1)) << (first_bits + 1))
                         | (rank[group][local] << 1) | 1)
        keys = np.concatenate(parts) if len(parts) > 1 else parts[0]
        del parts
        keys.sort()
        head = keys >> low_bits
        runs = _run_starts(np, head)
        sizes = np.diff(runs, append=len(keys))
        best = keys[runs]
        first_mask = (1 << first_bits) - 1
        first = np.minimum.reduceat((keys >> 1) & first_mask, runs)
        del keys
        head = head[runs]
        owner = head // n
        values = head - owner * n
        first[first == first_mask] = -1
        dist = (best >> (step_bits + first_bits + 1)) & ((1 << dist_bits) - 1)
        self._append(nodes, np.bincount(owner, minlength=k), values, dist,
                     (best >> (first_bits + 1)) & ((1 << step_bits) - 1), first)
        alone = np.flatnonzero((sizes == 1) & ((best & 1) == 1))  # a group's shared cause
        if len(alone):
            self.shared_requirements.append(
                first_requirement[owner[alone]] + ((best[alone] >> 1) & first_mask))
            self.shared_causes.append(values[alone])

    def _pairs(self, requirements, first_requirement, base, cause_shift, dist_shift,
               step_shift):
        """A key per (membership of ``requirements``, cause of its member): ``base`` (one per
        requirement) plus the cause, its distance and the membership (counted from the
        owner's first) shifted into place."""
        np, a = self.np, self.a
        starts = a.member_offsets[requirements]
        of_requirement, position = _ranges(np, starts, a.member_offsets[requirements + 1] - starts)
        members = a.members[position]
        base = base[of_requirement]
        base |= (position - a.member_offsets[first_requirement][of_requirement]) << step_shift
        of_membership, entry = _ranges(np, self.start[members], self.length[members])
        keys = np.left_shift(self.values[entry], cause_shift, dtype=np.int64)
        keys |= np.left_shift(self.dist[entry], dist_shift, dtype=np.int64)
        keys += base[of_membership]
        return keys

    def _unit(self, unit: list[int]) -> None:
        """A cycle (or a component that requires itself), solved with the reference's
        sets; then each cause's distance, first link and first requirement broken."""
        np, compiled = self.np, self.compiled
        owned, offsets, members = compiled.owned, compiled.member_offsets, compiled.members
        threshold = compiled.threshold
        inside = set(unit)
        causes: dict[int, set[int]] = {}
        dists: dict[int, dict[int, int]] = {}
        for y in unit:
            for m in members[offsets[owned[y]]:offsets[owned[y + 1]]]:
                if m not in inside and m not in causes:
                    start = int(self.start[m])
                    end = start + int(self.length[m])
                    row = self.values[start:end].tolist()
                    causes[m] = set(row)
                    dists[m] = dict(zip(row, self.dist[start:end].tolist()))
        _fixpoint(compiled, unit, causes, self.shared)
        links: dict[int, list[tuple[int, int, int, int]]] = {}
        for y in unit:
            base = offsets[owned[y]]
            found = links[y] = []
            for rank, r in enumerate(range(owned[y], owned[y + 1])):
                group = members[offsets[r]:offsets[r + 1]]
                need = threshold[r]
                broken = None
                if need > 1:
                    counts: Counter[int] = Counter()
                    for m in group:
                        counts.update(causes[m])
                    broken = {x for x, count in counts.items() if count >= need}
                for i, m in enumerate(group):
                    for x in causes[m]:
                        if broken is None or x in broken:
                            found.append((x, m, offsets[r] + i - base, rank))
        infinity = 1 << 62
        for y in unit:
            dists[y] = {x: 0 if x == y else infinity for x in causes[y]}
        changed = True
        while changed:  # Bellman-Ford: the shortest chains inside the cycle
            changed = False
            for y in unit:
                mine = dists[y]
                for x, m, _, _ in links[y]:
                    if x != y and dists[m][x] + 1 < mine[x]:
                        mine[x] = dists[m][x] + 1
                        changed = True
        counts, values, dist, step, first = [], [], [], [], []
        for y in unit:
            row = sorted(causes[y])
            best: dict[int, int] = {}
            earliest: dict[int, int] = {}
            mine = dists[y]
            for x, m, j, rank in links[y]:
                if x == y:
                    continue
                if dists[m][x] == mine[x] - 1 and j < best.get(x, infinity):
                    best[x] = j
                if rank < earliest.get(x, infinity):
                    earliest[x] = rank
            counts.append(len(row))
            values += row
            dist += [mine[x] for x in row]
            step += [best.get(x, 0) for x in row]
            first += [earliest.get(x, -1) for x in row]
        self._append(np.array(unit, dtype=np.int64), np.array(counts, dtype=np.int64),
                     values, dist, step, first)

    def _result(self, keep: Iterable[int], cycles: list[list[int]]) -> SingleFailures:
        np, n = self.np, self.n
        used = self.used
        if len(self.values) > used + used // 4:  # much room left: give it back
            self._allocate(used)
        table = CausesTable(np, self.start, self.length, self.values[:used], self.dist[:used],
                            self.step[:used], self.first[:used])
        del self.values, self.dist, self.step, self.first
        table.blast = np.bincount(table.values, minlength=n)
        blast = table.blast.tolist()
        kept = sorted(set(keep))
        targets = np.array(kept, dtype=np.int64)
        segment, entry = _ranges(np, table.start[targets], table.length[targets])
        killers = table.values[entry].astype(np.int64)
        killed = targets[segment]
        keys = killers * n + killed
        keys = np.sort(keys[killers != killed])
        killers = keys // n
        runs = _run_starts(np, killers)
        table.killers = killers[runs]
        table.kill_bounds = np.append(runs, len(keys))
        table.killed = keys - killers * n
        shared = dict(self.shared)
        if self.shared_requirements:
            keys = np.sort(np.concatenate(self.shared_requirements) * n
                           + np.concatenate(self.shared_causes))
            requirement = keys // n
            runs = _run_starts(np, requirement)
            bounds = np.append(runs, len(keys)).tolist()
            causes = (keys - requirement * n).tolist()
            for i, r in enumerate(requirement[runs].tolist()):
                shared[r] = frozenset(causes[bounds[i]:bounds[i + 1]])
        return SingleFailures(blast, _Kills(table), _KeptCauses(table, kept), shared, cycles,
                              table)
