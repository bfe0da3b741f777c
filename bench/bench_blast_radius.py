"""Benchmark: one blast-radius scenario, depgraph against a straightforward networkx baseline.

Run:  python bench/bench_blast_radius.py [--sizes 10000,100000] [--repeat 5]

The baseline is what one writes first with networkx: a worklist over the
dependency graph that, each time a component fails, re-checks every requirement
of each component that depends on it against the set of failed components.
depgraph counts failed members per requirement over a compiled integer index
instead. Both are timed in the same run (this machine is shared: trust the
ratio, not the absolute times). Loading and compiling are reported apart: they
happen once per inventory, not once per scenario.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

import networkx as nx  # noqa: E402

from depgraph import blast_radius, select_all  # noqa: E402
from depgraph.analysis.propagation import propagate  # noqa: E402
from depgraph.core.graph import compile_inventory, dependency_graph  # noqa: E402
from synthetic import synthetic_inventory  # noqa: E402


def baseline_failed(G: nx.DiGraph, inventory, initial) -> set[str]:
    failed = set(initial)
    queue = list(initial)
    while queue:
        node = queue.pop()
        for dependent in G.predecessors(node):
            if dependent in failed:
                continue
            for requirement in inventory[dependent].requirements:
                working = sum(1 for m in requirement.members if m not in failed)
                if working < requirement.needed:
                    failed.add(dependent)
                    queue.append(dependent)
                    break
    return failed


def timed(function, repeat: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'components':>10} {'scenario':<22} {'failed':>7} {'baseline':>10} "
          f"{'propagate':>10} {'blast_radius':>12} {'ratio':>6}")
    for size in map(int, args.sizes.split(",")):
        start = time.perf_counter()
        inventory = synthetic_inventory(size)
        built = time.perf_counter() - start
        start = time.perf_counter()
        compiled = compile_inventory(inventory)
        compiled_in = time.perf_counter() - start
        start = time.perf_counter()
        G = dependency_graph(inventory)
        graph_in = time.perf_counter() - start
        print(f"# {len(inventory)} components: built in {built:.2f}s, compiled in "
              f"{compiled_in:.2f}s, networkx graph in {graph_in:.2f}s")
        scenarios = {
            "one host": ["g7-host1"],
            "one datacenter's UPS": ["dc1-ups-a", "dc1-ups-b"],
            "provider:hostco": select_all(inventory, ["provider:hostco"]),
        }
        for name, initial in scenarios.items():
            base, expected = timed(lambda: baseline_failed(G, inventory, initial), args.repeat)
            numbers = [compiled.index[i] for i in initial]
            fast, _ = timed(lambda: propagate(compiled, numbers), args.repeat)
            full, result = timed(lambda: blast_radius(inventory, initial), args.repeat)
            assert set(result.failed) == expected, "depgraph and the baseline disagree"
            print(f"{len(inventory):>10} {name:<22} {len(result.failed):>7} "
                  f"{base * 1000:>8.1f}ms {fast * 1000:>8.1f}ms {full * 1000:>10.1f}ms "
                  f"{base / full:>5.1f}x")


if __name__ == "__main__":
    main()
