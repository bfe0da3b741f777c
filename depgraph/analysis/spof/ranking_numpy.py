"""Ranking the component SPOFs straight from the numpy kernel's causes table: the
fast path of :mod:`.ranking`, the same points in the same order."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from depgraph.analysis.spof.points import KIND_RANK, SinglePoint, weight_of
from depgraph.core.graph import CompiledInventory
from depgraph.core.graph_numpy import id_array

if TYPE_CHECKING:
    from depgraph.analysis.single_failures.table_numpy import CausesTable

__all__ = ["component_points_numpy", "same_rows"]


def component_points_numpy(inventory, compiled: CompiledInventory, table: CausesTable,
                           locations: set[str]) -> tuple[list[SinglePoint], tuple]:
    """:func:`~.ranking.component_points` from the table: the points ranked, and each
    one's number and its first target's, in that order (for the explanations)."""
    names = id_array(compiled)
    killers = table.killers
    killer_ids = names[killers].tolist()
    location = np.array([ident in locations for ident in killer_ids], dtype=bool)
    counts = np.diff(table.kill_bounds)
    radius = table.blast[killers]
    # Many components kill the same targets: one tuple per distinct list, shared, and
    # its weight summed once (exactly, as the reference sums it).
    bounds = table.kill_bounds
    same = same_rows(table.killed, bounds)
    distinct = np.flatnonzero(same == np.arange(len(same)))
    killed = names[table.killed].tolist()
    shared = np.empty(len(same), dtype=object)
    shared[distinct] = [tuple(killed[start:end]) for start, end
                        in zip(bounds[distinct].tolist(), bounds[distinct + 1].tolist())]
    weighed = np.empty(len(same), dtype=object)
    weighed[distinct] = [weight_of(inventory, kills) for kills in shared[distinct]]
    weights = weighed[same]
    heavy = np.array(weights.tolist(), dtype=float)
    order = np.lexsort((killers, np.where(location, KIND_RANK["location"],
                                          KIND_RANK["component"]), -radius, -counts, -heavy))
    kills = shared[same[order]].tolist()
    kinds = np.where(location[order], "location", "component").tolist()
    points = list(map(SinglePoint, kinds, names[killers[order]].tolist(), kills,
                      radius[order].tolist(), weights[order].tolist()))
    return points, (killers[order], table.killed[bounds[order]])


def _digest(values: np.ndarray, bounds: np.ndarray, position: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each row (its values, their positions and its length)."""
    with np.errstate(over="ignore"):
        mixed = ((values.astype(np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
                 + position.astype(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F))
        mixed ^= mixed >> np.uint64(29)
        mixed *= np.uint64(0xBF58476D1CE4E5B9)
        mixed ^= mixed >> np.uint64(32)
        digest = np.add.reduceat(mixed, bounds[:-1])
        digest += np.diff(bounds).astype(np.uint64) * np.uint64(0x94D049BB133111EB)
    return digest


def same_rows(values: np.ndarray, bounds: np.ndarray, digest=None) -> np.ndarray:
    """For each row ``values[bounds[i]:bounds[i + 1]]`` (none empty), the first row equal
    to it.

    Rows are hashed (by ``digest``, by default :func:`_digest`), then each
    row is compared with the first of its hash: a row that differs (a collision) stands
    for itself, so the answer is exact whatever the hash.
    """
    rows = len(bounds) - 1
    if rows == 0:
        return np.zeros(0, dtype=np.int64)
    counts = np.diff(bounds)
    row = np.repeat(np.arange(rows, dtype=np.int64), counts)
    position = np.arange(len(values), dtype=np.int64) - bounds[row]
    digest = (digest or _digest)(values, bounds, position)
    order = np.lexsort((np.arange(rows), digest))  # rows by digest, then by number
    start = np.ones(rows, dtype=bool)
    start[1:] = digest[order[1:]] != digest[order[:-1]]
    first = order[np.maximum.accumulate(np.where(start, np.arange(rows), 0))]
    same = np.empty(rows, dtype=np.int64)
    same[order] = first
    candidate = same[row]
    equal = (counts[same] == counts)[row]
    matched = np.flatnonzero(equal)
    equal[matched] = values[bounds[candidate[matched]] + position[matched]] == values[matched]
    differs = np.flatnonzero(~np.logical_and.reduceat(equal, bounds[:-1]))
    same[differs] = differs
    return same
