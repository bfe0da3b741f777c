"""Benchmark: every single failure at once (SPOFs), against one propagation per component.

Run:  python bench/bench_spof.py [--sizes 10000,100000] [--sample 2000] [--tune-gc]

The baseline is the straightforward approach: with networkx as the model, for
each component, reset a counter per requirement and propagate its failure to
the fixpoint. depgraph computes, in one pass over the strongly connected
components, which single failures take each component down. Both answer the
same question (which targets each single failure kills, and how many components
fail with it); the run checks that they agree on the sampled components. The
baseline is timed on a random sample of components and extrapolated to all of
them (its cost is per component: a counter reset plus one propagation).

The last columns time ``spof --order 2`` (every minimal pair, all targets at
once). ``--tune-gc`` runs with the garbage collector tuned as the ``depgraph``
command tunes it; by default, CPython's thresholds (as a program importing the
library has them).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import tracemalloc

sys.path.insert(0, os.path.dirname(__file__))

from depgraph.analysis.spof import single_points_of_failure  # noqa: E402
from depgraph.cli.tuning import tune_gc  # noqa: E402
from depgraph.core.graph import compile_inventory, dependency_graph  # noqa: E402
from synthetic import synthetic_inventory  # noqa: E402


def prepare(G, inventory) -> int:
    """Number every (component, requirement) once, so that the baseline's counters
    are a plain list, reset per component by allocating a fresh one."""
    slots = 0
    for node in G:
        for requirement in inventory[node].requirements:
            for member in requirement.members:
                G.edges[node, member].setdefault("slots", []).append(
                    (slots, requirement.tolerates + 1))
            slots += 1
    return slots


def baseline(G, slots: int, component: str, targets: set[str]) -> tuple[set[str], int]:
    """One propagation with counters reset: (targets killed, components failed)."""
    lost = [0] * slots
    failed = {component}
    queue = [component]
    while queue:
        node = queue.pop()
        for dependent in G.predecessors(node):
            for slot, threshold in G.edges[dependent, node]["slots"]:
                lost[slot] += 1
                if lost[slot] == threshold and dependent not in failed:
                    failed.add(dependent)
                    queue.append(dependent)
    return (failed & targets) - {component}, len(failed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--sample", type=int, default=1000,
                        help="components the baseline runs on (its time is extrapolated)")
    parser.add_argument("--tune-gc", action="store_true",
                        help="tune the garbage collector as the depgraph command does")
    args = parser.parse_args()
    if args.tune_gc:
        tune_gc()
    print(f"{'components':>10} {'targets':>7} {'SPOFs':>6} {'depgraph':>9} {'+ whys':>7} "
          f"{'peak MB':>8} {'baseline':>10} {'measured on':>12} {'ratio':>7} "
          f"{'pairs':>7} {'order 2':>8}")
    for size in map(int, args.sizes.split(",")):
        inventory = synthetic_inventory(size)
        compile_inventory(inventory)
        start = time.perf_counter()
        report = single_points_of_failure(inventory)
        analysis = time.perf_counter() - start
        start = time.perf_counter()
        whys = report.whys()
        explained = time.perf_counter() - start
        tracemalloc.start()
        single_points_of_failure(inventory)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()

        G = dependency_graph(inventory)
        slots = prepare(G, inventory)
        targets = set(report.targets)
        ids = list(inventory.components)
        sample = random.Random(1).sample(ids, min(args.sample, len(ids)))
        by_id = {s.id: s for s in report.spofs if s.kind != "provider"}
        start = time.perf_counter()
        for component in sample:
            kills, failed = baseline(G, slots, component, targets)
            spof = by_id.get(component)
            assert tuple(sorted(kills)) == (spof.kills if spof else ()), component
            assert failed == report.analysis.blast[compile_inventory(inventory).index[component]]
        measured = time.perf_counter() - start
        base = measured * len(ids) / len(sample)
        start = time.perf_counter()
        pairs = len(single_points_of_failure(inventory, order=2).pairs)
        second = time.perf_counter() - start
        print(f"{len(inventory):>10} {len(targets):>7} {len(report.spofs):>6} "
              f"{analysis:>8.2f}s {explained:>6.2f}s {peak:>7.0f} {base:>9.1f}s "
              f"{len(sample):>12} {base / analysis:>6.0f}x {pairs:>7} {second:>7.2f}s")
        assert len(whys) == len(report.spofs)


if __name__ == "__main__":
    main()
