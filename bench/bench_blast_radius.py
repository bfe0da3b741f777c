"""Benchmark: one blast-radius scenario, after loading, up to a million components.

Run:  python bench/bench_blast_radius.py [--sizes 10000,100000,1000000] [--repeat 5]
                                         [--baseline-up-to 100000]

For each scenario, timed in turns (this machine is shared and its speed drifts: the
ratios measured in one run are what to compare, and each figure is the best of the
turns):

- baseline: what one writes first with networkx, a worklist over the dependency
  graph that, each time a component fails, re-checks every requirement of each
  component that depends on it (only up to --baseline-up-to components: building
  the networkx graph of a million components takes minutes);
- python: ``propagate``, the reference loop (a queue over the compiled index);
- numpy: ``propagate_numpy``, the level-synchronous kernel over numpy arrays;
- blast_radius: the whole analysis as the API runs it (numpy from
  ``FAST_FROM["propagation"]`` memberships on, see ``depgraph.core.fast_paths``):
  propagation and the result object,
  whose id lists, degradations and explanations are built when first read;
- + lists: blast_radius, then reading its sorted ``failed`` and ``degraded`` ids.

The run checks that numpy and python fail the same components in the same order
with the same causes, and that the baseline fails the same set. Loading, compiling
and the first call's numpy arrays are reported apart: they happen once per
inventory, not once per scenario. The garbage collector is tuned as the depgraph
command tunes it (--default-gc to leave it alone).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

from depgraph import blast_radius, select_all  # noqa: E402
from depgraph.analysis.propagation import propagate  # noqa: E402
from depgraph.analysis.propagation_numpy import prepare, propagate_numpy  # noqa: E402
from depgraph.cli.tuning import tune_gc  # noqa: E402
from depgraph.core.graph_numpy import compiled_arrays  # noqa: E402
from depgraph.core.graph import compile_inventory, dependency_graph  # noqa: E402
from synthetic import synthetic_inventory  # noqa: E402


def baseline_failed(G, inventory, initial) -> set[str]:
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


def in_turns(functions: dict, repeat: int) -> tuple[dict[str, float], dict]:
    """Each function once per turn, ``repeat`` turns; the best time of each, and its
    last result."""
    best = dict.fromkeys(functions, float("inf"))
    results = {}
    for _ in range(repeat):
        for name, function in functions.items():
            results[name] = None
            start = time.perf_counter()
            results[name] = function()
            best[name] = min(best[name], time.perf_counter() - start)
    return best, results


def ms(seconds: float | None) -> str:
    return f"{'—':>9}" if seconds is None else f"{seconds * 1000:>7.1f}ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline-up-to", type=int, default=100_000)
    parser.add_argument("--default-gc", action="store_true")
    args = parser.parse_args()
    if not args.default_gc:
        tune_gc()
    for size in map(int, args.sizes.split(",")):
        start = time.perf_counter()
        inventory = synthetic_inventory(size)
        built = time.perf_counter() - start
        start = time.perf_counter()
        compiled = compile_inventory(inventory)
        compiled_in = time.perf_counter() - start
        start = time.perf_counter()
        compiled_arrays(compiled)
        prepare(compiled)
        arrays_in = time.perf_counter() - start
        G = None
        note = ""
        if size <= args.baseline_up_to:
            start = time.perf_counter()
            G = dependency_graph(inventory)
            note = f", networkx graph in {time.perf_counter() - start:.2f}s"
        print(f"\n# {len(inventory):,} components: built in {built:.2f}s, compiled in "
              f"{compiled_in:.2f}s, numpy arrays (first call) in {arrays_in:.2f}s{note}")
        print(f"{'components':>10} {'scenario':<24} {'failed':>7} {'baseline':>9} "
              f"{'python':>9} {'numpy':>9} {'blast_radius':>12} {'+ lists':>9} "
              f"{'python/blast_radius':>19}")
        scenarios = {
            "one host": ["g7-host1"],
            "one datacenter's UPS": ["dc1-ups-a", "dc1-ups-b"],
            "provider:hostco": select_all(inventory, ["provider:hostco"]),
            "hostco's power": select_all(inventory, ["provider:hostco,type:power"]),
        }
        for name, initial in scenarios.items():
            numbers = compiled.numbers(initial)

            def listed():
                result = blast_radius(inventory, initial)
                return len(result.failed) + len(result.degraded)

            functions = {"python": lambda: propagate(compiled, numbers),
                         "numpy": lambda: propagate_numpy(compiled, numbers),
                         "blast_radius": lambda: blast_radius(inventory, initial),
                         "lists": listed}
            if G is not None:
                functions["baseline"] = lambda: baseline_failed(G, inventory, initial)
            best, results = in_turns(functions, args.repeat)
            reference, fast = results["python"], results["numpy"]
            assert fast.order.tolist() == reference.order, "numpy and python disagree"
            assert dict(fast.cause) == reference.cause, "numpy and python disagree"
            failed = set(results["blast_radius"].failed)
            assert failed == {compiled.ids[c] for c in reference.order}
            if G is not None:
                assert failed == results["baseline"], "depgraph and the baseline disagree"
            print(f"{len(inventory):>10} {name:<24} {len(failed):>7} "
                  f"{ms(best.get('baseline'))} {ms(best['python'])} {ms(best['numpy'])} "
                  f"{ms(best['blast_radius']):>12} {ms(best['lists'])} "
                  f"{best['python'] / best['blast_radius']:>18.1f}x", flush=True)


if __name__ == "__main__":
    main()
