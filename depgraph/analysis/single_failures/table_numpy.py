"""The causes table: every component's causes as rows of integer arrays, with what
SPOF explanations need; built by the numpy kernel (:mod:`.causes_numpy`)."""

from __future__ import annotations

from typing import Iterator, Mapping

import numpy as np

__all__ = ["CausesTable", "KeptCauses", "Kills"]


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

    def __init__(self, start, length, values, dist, step, first):
        self.start, self.length = start, length
        self.values, self.dist, self.step, self.first = values, dist, step, first
        self.blast = self.killers = self.kill_bounds = self.killed = None  # see _result

    def row(self, y: int) -> list[int]:
        start = int(self.start[y])
        return self.values[start:start + int(self.length[y])].tolist()

    def find(self, y: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each pair, whether ``x[i]`` is a cause of ``y[i]``, and its entry when so
        (a binary search in every row at once)."""
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


class KeptCauses(Mapping[int, frozenset[int]]):
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


class Kills(Mapping[int, list[int]]):
    """``kills`` of a kernel's :class:`SingleFailures`: each killer's targets, as lists
    made when read, over the table's sorted arrays (the SPOF report reads the arrays)."""

    def __init__(self, table: CausesTable):
        self._table = table

    def __getitem__(self, x: int) -> list[int]:
        table = self._table
        i = int(np.searchsorted(table.killers, x))
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
