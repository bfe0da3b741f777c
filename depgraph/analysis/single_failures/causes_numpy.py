"""Single failures over numpy arrays, a wave at a time: the fast path of
:mod:`~depgraph.analysis.single_failures`.

A *wave* is every component whose dependencies are all done. A wave gathers its
members' causes as ``(requirement, cause)`` pairs, counts each pair with one sort
of integer keys (a group keeps the causes found in at least ``threshold`` of its
members), and merges them per component with a second sort. Components in a
cycle (found by Tarjan only when the waves stall, and only among what lies
between cycles) are solved by the reference code, a strongly connected component
at a time; an inventory of thousands of thin levels is handed to the reference
altogether (:class:`TooDeep`: each wave costs a few dozen numpy calls). Along
with each cause ``x`` of ``y`` the kernel keeps the length of the shortest chain
of requirements that ``x`` breaks from ``y`` down to ``x``, its first link, and
the first requirement of ``y`` that ``x`` breaks: enough to write every SPOF's
explanation without re-evaluating anything (:class:`.table_numpy.CausesTable`).
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Iterable

import numpy as np

from depgraph.analysis.single_failures.causes import fixpoint
from depgraph.analysis.single_failures.result import SingleFailures
from depgraph.analysis.single_failures.table_numpy import CausesTable, KeptCauses, Kills
from depgraph.core.graph import CompiledInventory
from depgraph.core.graph_numpy import compiled_arrays
from depgraph.core.scc import requirement_rows, strongly_connected
from depgraph.core.segments_numpy import ranges, run_starts, unique

__all__ = ["Kernel", "TooDeep", "single_failures_numpy"]


def single_failures_numpy(compiled: CompiledInventory, keep: Iterable[int] = (),
                          progress: Callable[[int, int], None] | None = None
                          ) -> SingleFailures:
    """:func:`~.causes.single_failures_sets`, a wave at a time over numpy arrays: the
    same answer, with the causes table. Raises :class:`TooDeep` when the waves are too
    thin to pay off (the caller then runs the reference)."""
    return Kernel(compiled).run(keep, progress)


def _bits(value: int) -> int:
    return max(1, int(value).bit_length())


class TooDeep(Exception):
    """The waves are too thin for the kernel to pay off."""


class Kernel:
    """The numpy kernel: waves of components whose dependencies are all done."""

    #: The widest sort key a wave may build (a wave whose keys would not fit is halved).
    key_bits = 62
    #: Each wave costs a few dozen numpy calls: after ``thin_waves`` waves, if they held
    #: fewer than ``thin_size`` components on average, the kernel gives up and the
    #: reference takes over (a long chain of small groups, thousands of levels deep).
    thin_waves, thin_size = 512, 32

    def __init__(self, compiled: CompiledInventory):
        self.compiled = compiled
        a = self.a = compiled_arrays(compiled)
        n = self.n = a.components
        if n >= 2**31 or len(a.members) >= 2**31:
            raise OverflowError("too many components for the kernel's 32-bit rows")
        self.start = np.zeros(n, dtype=np.int64)
        self.length = np.zeros(n, dtype=np.int64)
        self.used = 0
        self._allocate(max(1024, 8 * n))  # a layered estate has about 7 causes per component
        # Widths of the fields packed into the sort keys (see wave).
        degree = a.member_offsets[a.owned[1:]] - a.member_offsets[a.owned[:-1]]
        self.degree = degree
        self.step_bits = _bits(int(degree.max(initial=1)))
        self.first_bits = _bits(int((a.owned[1:] - a.owned[:-1]).max(initial=0)) + 1)
        self.max_dist = 0
        self.shared_requirements: list = []
        self.shared_causes: list = []
        self.shared: dict[int, frozenset[int]] = {}

    def _allocate(self, capacity: int) -> None:
        old = getattr(self, "values", None)
        fields = []
        for name in ("values", "dist", "step", "first"):
            array = np.empty(capacity, dtype=np.int32)
            if old is not None:
                array[:self.used] = getattr(self, name)[:self.used]
            fields.append(array)
        self.values, self.dist, self.step, self.first = fields

    def _append(self, nodes, counts, values, dist, step, first) -> None:
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
        a, n = self.a, self.n
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
                self.wave(ready)
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
                raise TooDeep()
            _, position = ranges(a.offsets[finished],
                                  a.offsets[finished + 1] - a.offsets[finished])
            owners = a.owner[a.member_of[position]]
            owners = owners[~done[owners]]
            np.subtract.at(pending, owners, 1)
            if cyclic is None:
                ready = unique(owners[pending[owners] == 0])
                continue
            number = cyclic[owners]
            alone = owners[number < 0]
            ready = unique(alone[pending[alone] == 0])
            number = number[number >= 0]
            np.subtract.at(cycle_pending, number, 1)
            ready_units = unique(number[cycle_pending[number] == 0]).tolist()
        return self._result(keep, cycles)

    def _cycles(self, done):
        """The strongly connected components of what is not done that need solving
        together (a cycle, or a component that requires itself), and what each still
        waits for outside itself."""
        a, n = self.a, self.n
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
            _, position = ranges(first, a.member_offsets[a.owned[top + 1]] - first)
            members = a.members[position]
            np.subtract.at(left, members, 1)
            top = unique(members[(left[members] == 0) & ~skip[members]])
        rows = requirement_rows(self.compiled)
        units = [component for component in strongly_connected(*rows, skip=skip)
                 if len(component) > 1 or itself[component[0]]]
        cyclic = np.full(n, -1, dtype=np.int64)
        for k, unit in enumerate(units):
            cyclic[unit] = k
        nodes = np.flatnonzero(cyclic >= 0)
        first = a.member_offsets[a.owned[nodes]]
        segment, position = ranges(first, a.member_offsets[a.owned[nodes + 1]] - first)
        members = a.members[position]
        mine = cyclic[nodes][segment]
        outside = ~done[members] & (cyclic[members] != mine)
        cycle_pending = np.bincount(mine[outside], minlength=len(units))
        return cyclic, units, cycle_pending

    def wave(self, nodes: np.ndarray) -> None:
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
        a, n = self.a, self.n
        k = len(nodes)
        dist_bits = _bits(self.max_dist + 1)
        step_bits, first_bits = self.step_bits, self.first_bits
        low_bits = dist_bits + step_bits + first_bits + 1
        first_requirement = a.owned[nodes]
        segment, requirements = ranges(first_requirement,
                                         a.owned[nodes + 1] - first_requirement)
        if k > 1 and ((len(requirements) * n).bit_length() + dist_bits + step_bits
                      > self.key_bits or (k * n).bit_length() + low_bits > self.key_bits):
            self.wave(nodes[:k // 2])  # keys too wide for 64 bits: halve the wave
            self.wave(nodes[k // 2:])
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
            runs = run_starts(head)
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
        runs = run_starts(head)
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
        a = self.a
        starts = a.member_offsets[requirements]
        of_requirement, position = ranges(starts, a.member_offsets[requirements + 1] - starts)
        members = a.members[position]
        base = base[of_requirement]
        base |= (position - a.member_offsets[first_requirement][of_requirement]) << step_shift
        of_membership, entry = ranges(self.start[members], self.length[members])
        keys = np.left_shift(self.values[entry], cause_shift, dtype=np.int64)
        keys |= np.left_shift(self.dist[entry], dist_shift, dtype=np.int64)
        keys += base[of_membership]
        return keys

    def _unit(self, unit: list[int]) -> None:
        """A cycle (or a component that requires itself), solved with the reference's
        sets; then each cause's distance, first link and first requirement broken."""
        compiled = self.compiled
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
        fixpoint(compiled, unit, causes, self.shared)
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
        n = self.n
        used = self.used
        if len(self.values) > used + used // 4:  # much room left: give it back
            self._allocate(used)
        table = CausesTable(self.start, self.length, self.values[:used], self.dist[:used],
                            self.step[:used], self.first[:used])
        del self.values, self.dist, self.step, self.first
        table.blast = np.bincount(table.values, minlength=n)
        blast = table.blast.tolist()
        kept = sorted(set(keep))
        targets = np.array(kept, dtype=np.int64)
        segment, entry = ranges(table.start[targets], table.length[targets])
        killers = table.values[entry].astype(np.int64)
        killed = targets[segment]
        keys = killers * n + killed
        keys = np.sort(keys[killers != killed])
        killers = keys // n
        runs = run_starts(killers)
        table.killers = killers[runs]
        table.kill_bounds = np.append(runs, len(keys))
        table.killed = keys - killers * n
        shared = dict(self.shared)
        if self.shared_requirements:
            keys = np.sort(np.concatenate(self.shared_requirements) * n
                           + np.concatenate(self.shared_causes))
            requirement = keys // n
            runs = run_starts(requirement)
            bounds = np.append(runs, len(keys)).tolist()
            causes = (keys - requirement * n).tolist()
            for i, r in enumerate(requirement[runs].tolist()):
                shared[r] = frozenset(causes[bounds[i]:bounds[i + 1]])
        return SingleFailures(blast, Kills(table), KeptCauses(table, kept), shared, cycles,
                              table)
