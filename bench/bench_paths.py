"""Benchmark: where each kernel's fast path starts to pay, against its reference.

Run:  python bench/bench_paths.py [--sizes 500,1000,2000,5000,10000,50000] [--repeat 5]

``depgraph.core.fast_paths.FAST_FROM`` decides, per kernel and by the number of
requirement memberships, whether the readable reference or its numpy fast path runs.
This prints, for generated estates of the given sizes, each kernel on both paths
(forced, best of ``--repeat``, taking turns), the ratio reference/fast (above 1: the
fast path is faster), and which path ``auto`` picks there. Importing numpy (about a
tenth of a second, once per process) is paid before timing: the thresholds sit above
the kernels' crossovers so that a command on a small inventory does not import it
for a saving smaller than that.

Kernels: ``index`` (transposing the compiled index), ``propagation`` (hostco's power
failing), ``single_failures`` (every single failure at once, every target kept) and
``restoration`` (a cold start's plan, no team limit).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

import numpy  # noqa: E402,F401  (imported once, before timing)

from depgraph.analysis.propagation import run_scenario  # noqa: E402
from depgraph.analysis.restore_plan import restore_plan  # noqa: E402
from depgraph.analysis.single_failures import single_failures  # noqa: E402
from depgraph.core.fast_paths import FAST_FROM, fast, forced  # noqa: E402
from depgraph.core.graph import _transpose, compile_inventory  # noqa: E402
from depgraph.core.graph_numpy import compiled_arrays  # noqa: E402
from depgraph.core.selectors import select_all  # noqa: E402
from synthetic import synthetic_inventory, with_restoration  # noqa: E402


def best_of(function, repeat: int) -> dict[str, float]:
    """Both paths, ``repeat`` turns each, taking turns; the best time of each."""
    best = {"reference": float("inf"), "fast": float("inf")}
    for _ in range(repeat):
        for path in best:
            with forced(path):
                start = time.perf_counter()
                function()
                best[path] = min(best[path], time.perf_counter() - start)
    return best


def kernels(inventory):
    compiled = compile_inventory(inventory)
    compiled_arrays(compiled)  # once per inventory, as loading does
    power = compiled.numbers(select_all(inventory, ["provider:hostco,type:power"]))
    everything = range(len(compiled.ids))
    planned = with_restoration(inventory)
    compile_inventory(planned)
    return compiled, {
        "index": lambda: _transpose(len(compiled.ids), compiled.members,
                                    compiled.member_offsets),
        "propagation": lambda: run_scenario(compiled, power),
        "single_failures": lambda: single_failures(compiled, everything),
        "restoration": lambda: restore_plan(planned, cold_start=True),
    }


def numpy_import(repeat: int) -> float:
    """What importing numpy costs a fresh process: the best of ``repeat``, minus an
    empty interpreter's start."""
    def best(code: str) -> float:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            times.append(time.perf_counter() - start)
        return min(times)
    return best("import numpy") - best("pass")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,1000,2000,5000,10000,50000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"importing numpy: {numpy_import(args.repeat) * 1000:.0f} ms per process")
    print(f"{'components':>10} {'memberships':>11} {'kernel':<16} {'reference':>10} "
          f"{'fast':>10} {'ref/fast':>9} {'threshold':>10}  auto")
    for size in map(int, args.sizes.split(",")):
        compiled, functions = kernels(synthetic_inventory(size))
        memberships = len(compiled.member_of)
        for name, function in functions.items():
            best = best_of(function, args.repeat)
            chosen = "fast" if fast(name, memberships) else "reference"
            print(f"{len(compiled.ids):>10} {memberships:>11,} {name:<16} "
                  f"{best['reference'] * 1000:>8.2f}ms {best['fast'] * 1000:>8.2f}ms "
                  f"{best['reference'] / best['fast']:>8.2f}x {FAST_FROM[name]:>10,}  {chosen}")


if __name__ == "__main__":
    main()
