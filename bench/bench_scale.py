"""Benchmark: every step of depgraph on one large generated estate, YAML on disk to answers.

Run:  python bench/bench_scale.py [--size 1000000] [--seed 1]

Generates the estate (``depgraph generate``'s), writes it as YAML, then times, each
in this process with the garbage collector tuned as the command tunes it: loading
the YAML, compiling the index, one blast-radius scenario (hostco's power), every
single failure (spof), and a cold-start restoration plan. Peak memory is the
process's maximum resident set, read after each step (it only grows). The scale
issue's targets are in docs/performance.md; the baselines (PyYAML's C loader into
networkx, one propagation per component) are in bench_load.py and bench_spof.py.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))

from depgraph import load_inventory, select_all  # noqa: E402
from depgraph.analysis.blast_radius import blast_radius  # noqa: E402
from depgraph.analysis.restore_plan import restore_plan  # noqa: E402
from depgraph.analysis.spof import single_points_of_failure  # noqa: E402
from depgraph.cli.tuning import tune_gc  # noqa: E402
from depgraph.core.graph import compile_inventory  # noqa: E402
from depgraph.formats.inventory_yaml import inventory_yaml  # noqa: E402
from synthetic import synthetic_inventory, with_restoration  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step(name: str, function):
    start = time.perf_counter()
    result = function()
    print(f"{name:<34} {time.perf_counter() - start:>8.2f} s {peak_mb():>9.0f} MB peak",
          flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    tune_gc()
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "estate.yaml")
        estate = step("generate", lambda: with_restoration(
            synthetic_inventory(args.size, args.seed)))
        text = step("write YAML (libyaml emitter)", lambda: inventory_yaml(estate, fast=True))
        with open(path, "w", encoding="utf-8") as stream:
            stream.write(text)
        print(f"{len(estate):,} components, {len(text) / 1e6:.0f} MB of YAML")
        del estate, text
        inventory = step("load YAML (depgraph)", lambda: load_inventory(path))
        step("compile the index", lambda: compile_inventory(inventory))
        power = select_all(inventory, ["provider:hostco,type:power"])
        result = step("blast radius: hostco's power", lambda: blast_radius(inventory, power))
        print(f"  {len(result.failed):,} components fail")
        report = step("spof (every single failure)", lambda: single_points_of_failure(inventory))
        print(f"  {len(report.spofs):,} SPOFs, {len(report.targets):,} targets")
        plan = step("restore plan: cold start", lambda: restore_plan(inventory, cold_start=True))
        print(f"  {len(plan.steps):,} back after {plan.total / 3600:.1f} h")


if __name__ == "__main__":
    main()
