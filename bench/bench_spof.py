"""Benchmark: every single failure at once (SPOFs), against one propagation per component.

Run:  python bench/bench_spof.py [--sizes 10000,100000] [--sample 2000] [--tune-gc]
      python bench/bench_spof.py --sizes 1000000 --sample 0 --no-pairs --tune-gc

The baseline is the straightforward approach: with networkx as the model, for
each component, reset a counter per requirement and propagate its failure to
the fixpoint. depgraph computes, in one pass over the strongly connected
components, which single failures take each component down. Both answer the
same question (which targets each single failure kills, and how many components
fail with it); the run checks that they agree on the sampled components. The
baseline is timed on a random sample of components and extrapolated to all of
them (its cost is per component: a counter reset plus one propagation).
``--sample 0`` skips it (at a million components its networkx graph alone takes
longer than everything else).

Columns, each the best of ``--repeat`` runs, taking turns:

- ``spof``: :func:`single_points_of_failure` as the API runs it (the numpy kernel from
  ``FAST_FROM["single_failures"]`` memberships on, see ``depgraph.core.fast_paths``;
  every provider's propagation, the ranked points);
- ``whys``: every SPOF's explanation (:meth:`SpofReport.whys`);
- ``json``: ``get_format("json").spof(report)``, explanations included: with ``spof``,
  everything ``depgraph spof --format json`` does between the compiled inventory and
  the JSON text (``total``);
- ``sets``: with ``--reference``, the same analysis on the reference path (Python sets,
  and the Python propagation for the providers), which the kernel must match; it is
  checked to;
- ``peak MB``: the most memory the analysis and the JSON text held at once, beyond
  the inventory, its index and its arrays (``tracemalloc``, which numpy reports to,
  in a separate run: tracing slows it down).

The last columns time ``spof --order 2`` (every minimal pair, all targets at
once), unless ``--no-pairs``. ``--tune-gc`` runs with the garbage collector tuned as
the ``depgraph`` command tunes it; by default, CPython's thresholds (as a program
importing the library has them).
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
from depgraph.core.fast_paths import forced  # noqa: E402
from depgraph.core.graph_numpy import compiled_arrays  # noqa: E402
from depgraph.core.graph import compile_inventory, dependency_graph  # noqa: E402
from depgraph.formats import get_format  # noqa: E402
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


def analyse(inventory, arrays: bool):
    """(report, spof seconds, whys seconds, json seconds, json text) with the kernel
    (``arrays``) or the reference over Python sets."""
    with forced("auto" if arrays else "reference"):
        start = time.perf_counter()
        report = single_points_of_failure(inventory)
        analysis = time.perf_counter() - start
    start = time.perf_counter()
    whys = report.whys()
    explained = time.perf_counter() - start
    del whys
    start = time.perf_counter()
    text = get_format("json").spof(report)
    written = time.perf_counter() - start
    return report, analysis, explained, written, text


def peak_memory(inventory) -> float:
    """MB held at most by the analysis and its JSON text, beyond what was there."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    report = single_points_of_failure(inventory)
    text = get_format("json").spof(report)
    peak = tracemalloc.get_traced_memory()[1] - before
    tracemalloc.stop()
    del report, text
    return peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--sample", type=int, default=1000,
                        help="components the baseline runs on (its time is extrapolated); "
                             "0: no baseline")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best counts")
    parser.add_argument("--reference", action="store_true",
                        help="also time the reference implementation over Python sets")
    parser.add_argument("--no-pairs", action="store_true", help="skip spof --order 2")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc run")
    parser.add_argument("--tune-gc", action="store_true",
                        help="tune the garbage collector as the depgraph command does")
    args = parser.parse_args()
    if args.tune_gc:
        tune_gc()
    print(f"{'components':>10} {'targets':>7} {'SPOFs':>7} {'spof':>7} {'whys':>6} "
          f"{'json':>6} {'total':>6} {'sets':>7} {'peak MB':>8} {'baseline':>10} "
          f"{'measured on':>12} {'ratio':>7} {'pairs':>7} {'order 2':>8}", flush=True)
    for size in map(int, args.sizes.split(",")):
        inventory = synthetic_inventory(size)
        compiled = compile_inventory(inventory)
        compiled_arrays(compiled)  # built once per compiled inventory, as the index is

        best: dict[str, float] = {}
        expected = None
        for _ in range(args.repeat):  # taking turns: the machine's speed drifts
            for arrays in ((True, False) if args.reference else (True,)):
                report, analysis, explained, written, text = analyse(inventory, arrays)
                if expected is None:
                    expected = text
                assert text == expected, "the kernel and the reference differ"
                names = ("spof", "whys", "json") if arrays else ("sets",)
                for name, seconds in zip(names, (analysis, explained, written)):
                    best[name] = min(best.get(name, seconds), seconds)
                if arrays:
                    best["total"] = min(best.get("total", analysis + written),
                                        analysis + written)
                del text
        reference = f"{best['sets']:>6.2f}s" if "sets" in best else f"{'-':>7}"
        peak = f"{peak_memory(inventory):>8.0f}" if not args.no_memory else f"{'-':>8}"

        base = measured = ratio = "-"
        if args.sample:
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
                assert failed == report.analysis.blast[compiled.index[component]]
            seconds = (time.perf_counter() - start) * len(ids) / len(sample)
            base, measured = f"{seconds:.1f}s", str(len(sample))
            ratio = f"{seconds / best['spof']:.0f}x"
            del G
        pairs = second = "-"
        if not args.no_pairs:
            start = time.perf_counter()
            pairs = str(len(single_points_of_failure(inventory, order=2).pairs))
            second = f"{time.perf_counter() - start:.2f}s"
        print(f"{len(inventory):>10} {len(report.targets):>7} {len(report.spofs):>7} "
              f"{best['spof']:>6.2f}s {best['whys']:>5.2f}s {best['json']:>5.2f}s "
              f"{best['total']:>5.2f}s {reference} {peak} {base:>10} {measured:>12} "
              f"{ratio:>7} {pairs:>7} {second:>8}", flush=True)


if __name__ == "__main__":
    main()
