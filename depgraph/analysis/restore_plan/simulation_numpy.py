"""The restoration simulation over numpy arrays: the fast path of
:mod:`.simulation`, without team limits.

Each moment's work is taken at once: the returns that end then are counted down in
their requirements as a scenario's failures are in
:mod:`~depgraph.analysis.propagation_numpy`, and what they make ready starts at
that moment. The plan is the reference's, to the order things come back in, the
waves and what each step waited for; at the first moment something would come back
at that very moment (work that takes no time, an initial failure that waited), the
state so far is handed to the reference loop, which finishes the plan.
"""

from __future__ import annotations

import heapq

import numpy as np

from depgraph.analysis.restore_plan.simulation import State
from depgraph.core.graph import CompiledInventory
from depgraph.core.graph_numpy import compiled_arrays

__all__ = ["ArrayRun", "RUN_FIELDS", "counts_numpy", "simulate_numpy"]


class ArrayRun:
    """A :class:`~.simulation.Run` computed by :func:`simulate_numpy`: the same fields,
    kept as numpy arrays in ``arrays`` (what a large plan reads from), and turned into
    lists when first read as attributes."""

    def __init__(self, **arrays):
        self.arrays = arrays

    def __getattr__(self, name: str) -> list[int]:  # only for what is not set yet
        if name not in RUN_FIELDS:
            raise AttributeError(name)
        value = self.arrays[name].tolist()
        setattr(self, name, value)
        return value


RUN_FIELDS = ("ready", "start", "end", "after", "wave", "pending", "order")


def counts_numpy(compiled: CompiledInventory, down: bytearray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`~.simulation.counts` as numpy arrays."""
    arrays = compiled_arrays(compiled)
    is_down = np.frombuffer(bytes(down), dtype=np.uint8).astype(bool)
    slots = np.repeat(np.arange(arrays.components), np.diff(arrays.offsets))
    pending = np.bincount(arrays.member_of[is_down[slots]], minlength=arrays.requirements)
    unmet_at = (pending >= arrays.threshold) & is_down[arrays.owner]
    return pending, np.bincount(arrays.owner[unmet_at], minlength=arrays.components)


def simulate_numpy(compiled: CompiledInventory, down: bytearray, first: bytearray,
                   duration: list[int]) -> ArrayRun | State:
    """:func:`~.simulation.simulate` without team limits, a moment at a time over numpy
    arrays: the same plan, to the order things come back in, the waves and what each step
    waited for.

    At a moment, the work ending then is taken by component number, and each
    component's memberships by requirement number: the moment's events, counted down
    as :func:`~depgraph.analysis.propagation_numpy.propagate_numpy` does. A requirement
    counts the wave of its members up to the one that meets it (its ``k``-th event of
    the moment when ``k`` more returns meet it); a component whose last unmet
    requirement is met is ready at once and waited for the member of its last meeting
    event. That holds as long as nothing comes back at the moment it is found (work
    that takes no time, or an initial failure waiting for its requirements), which
    would take its turn among the moment's work: at the first such moment, the state
    so far is handed to the Python loop (a :class:`~.simulation.State`) to finish the plan."""
    arrays = compiled_arrays(compiled)
    n = arrays.components
    offsets, member_of, owner = arrays.offsets, arrays.member_of, arrays.owner
    threshold, owned = arrays.threshold, arrays.owned
    is_down = np.frombuffer(bytes(down), dtype=np.uint8).astype(bool)
    is_first = np.frombuffer(bytes(first), dtype=np.uint8).astype(bool)
    takes = np.array(duration, dtype=np.int64)
    pending, unmet = counts_numpy(compiled, down)
    wave_of_requirement = np.zeros(arrays.requirements, dtype=np.int64)
    ready = np.full(n, -1, dtype=np.int64)
    start = np.full(n, -1, dtype=np.int64)
    end = np.full(n, -1, dtype=np.int64)
    after = np.full(n, -1, dtype=np.int64)
    wave = np.zeros(n, dtype=np.int64)
    done = np.zeros(n, dtype=bool)
    last = np.empty(n, dtype=np.int64)  # scratch: a component's last meeting event
    buckets: dict[int, list] = {}
    times: list[int] = []
    order: list = []

    def begin(components, now: int) -> None:
        start[components] = now
        ends_at = now + takes[components]
        by_time = np.argsort(ends_at, kind="stable")
        ends_at, components = ends_at[by_time], components[by_time]
        cuts = np.flatnonzero(ends_at[1:] != ends_at[:-1]) + 1
        for moment, group in zip(ends_at[np.r_[0, cuts]].tolist(), np.split(components, cuts)):
            if moment not in buckets:
                buckets[moment] = []
                heapq.heappush(times, moment)
            buckets[moment].append(group)

    go = np.flatnonzero(is_down & (is_first | (unmet == 0)))
    ready[go] = 0
    wave[go] = 1
    if len(go):
        begin(go, 0)
    while times:
        now = heapq.heappop(times)
        items = np.sort(np.concatenate(buckets.pop(now)))
        if (unmet[items] > 0).any():  # an initial failure waiting: it takes its turn later
            buckets[now] = [items]
            heapq.heappush(times, now)
            return _handover(compiled, pending, unmet, wave_of_requirement, ready, start, end,
                             done, after, wave, buckets, times, order)
        starts = offsets[items]
        counts = offsets[items + 1] - starts
        ends = np.cumsum(counts)
        total = int(ends[-1])
        if total:
            position = np.arange(total, dtype=np.int64)
            position += np.repeat(starts - (ends - counts), counts)
            events = member_of[position]
            before = pending[events]
            np.subtract.at(pending, events, 1)
            taken = before - pending[events]  # the requirement's events at this moment
            counting = before - threshold[events] + 1  # how many of them count its wave
            rank = np.zeros(total, dtype=np.int64)
            several = np.flatnonzero((taken > 1) & (counting > 0))
            if len(several):  # each event's rank among its requirement's, in event order
                keys = np.sort((events[several] << 32) | np.arange(len(several)))
                ordered = several[keys & 0xFFFFFFFF]
                grouped = keys >> 32
                first_of = np.empty(len(ordered), dtype=bool)
                first_of[0] = True
                np.not_equal(grouped[1:], grouped[:-1], out=first_of[1:])
                index = np.arange(len(ordered))
                rank[ordered] = index - np.maximum.accumulate(np.where(first_of, index, 0))
            counted = rank < counting
            meeting = np.flatnonzero((rank == counting - 1) & is_down[owner[events]])
            dependents = met = owner[events[meeting]]
            np.subtract.at(unmet, met, 1)
            complete = unmet[dependents] == 0
            meeting, dependents = meeting[complete], dependents[complete]
            last[dependents] = -1
            np.maximum.at(last, dependents, meeting)
            newly = dependents[last[dependents] == meeting]  # each once
            fresh = ready[newly] < 0
            if (takes[newly[fresh]] == 0).any() or done[newly[~fresh]].any():
                # Something comes back at this very moment: undo, and hand over.
                np.add.at(unmet, met, 1)
                np.add.at(pending, events, 1)
                buckets[now] = [items]
                heapq.heappush(times, now)
                return _handover(compiled, pending, unmet, wave_of_requirement, ready, start,
                                 end, done, after, wave, buckets, times, order)
            np.maximum.at(wave_of_requirement, events[counted],
                          np.repeat(wave[items], counts)[counted])
            newly = newly[fresh]  # an initial failure still at work comes back at its end
            if len(newly):
                ready[newly] = now
                after[newly] = items[np.searchsorted(ends, last[newly], side="right")]
                first_owned = owned[newly]
                sizes = owned[newly + 1] - first_owned
                bounds = np.cumsum(sizes)
                spots = np.arange(int(bounds[-1]), dtype=np.int64)
                spots += np.repeat(first_owned - (bounds - sizes), sizes)
                wave[newly] = np.maximum.reduceat(wave_of_requirement[spots],
                                                  bounds - sizes) + 1
                begin(newly, now)
        done[items] = True
        end[items] = now
        order.append(items)
    everything = np.concatenate(order) if order else np.zeros(0, dtype=np.int64)
    return ArrayRun(ready=ready, start=start, end=end, after=after, wave=wave, pending=pending,
                    order=everything)


def _handover(compiled, pending, unmet, wave_of_requirement, ready, start, end, done, after,
              wave, buckets, times, order) -> State:
    """The state of :func:`simulate_numpy` as the Python loop of
    :func:`~.simulation.simulate` reads it (the work at 0 already started)."""
    return State(pending.tolist(), unmet.tolist(), wave_of_requirement.tolist(),
                  ready.tolist(), start.tolist(), end.tolist(),
                  bytearray(done.astype(np.uint8).tobytes()), after.tolist(), wave.tolist(),
                  {moment: np.concatenate(groups).tolist() for moment, groups in buckets.items()},
                 list(times), np.concatenate(order).tolist() if order else [], seeded=True)
