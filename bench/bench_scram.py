"""Benchmark and agreement table: depgraph against SCRAM on fault trees.

Run:  python bench/bench_scram.py [--synthetic 20000] [--targets 5]

1. The published trees (SCRAM's inputs and the Aralia benchmark): each is
   imported from Open-PSA MEF; depgraph's single failures and minimal pairs
   among basic events for the top event are compared with SCRAM's minimal cut
   sets of order 1 and 2 (``--limit-order 2``), and timed end to end (reading
   the files included) against SCRAM's fastest algorithm (the best of BDD,
   ZBDD and MOCUS, each run as SCRAM is run: one process per tree). Each
   time is the best of ``--repeat`` runs, depgraph and SCRAM taking turns.
2. Exports of a synthetic inventory: the fault trees of a few targets are
   exported and given to SCRAM one by one; depgraph answers every target at
   once, from the inventory.

depgraph runs with the garbage collector tuned as the command line tunes it
(``depgraph.cli.tuning``); ``--default-gc`` keeps CPython's defaults.

The shared datasets must be beside the checkout (../shared/datasets) and the
``scram`` command installed (Debian package ``scram``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

from depgraph.analysis.double_failures import minimal_cut_sets  # noqa: E402
from depgraph.analysis.spof import single_points_of_failure  # noqa: E402
from depgraph.cli.tuning import tune_gc  # noqa: E402
from depgraph.core.problems import InventoryError  # noqa: E402
from depgraph.formats.openpsa import export_open_psa  # noqa: E402
from depgraph.loaders.openpsa import read_open_psa  # noqa: E402
from synthetic import synthetic_inventory  # noqa: E402

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "scram" / "input"
PUBLISHED = {
    "Theatre": ["Theatre/theatre.xml"], "TwoTrain": ["TwoTrain/two_train.xml"],
    "Lift": ["Lift/lift.xml"], "BSCU": ["BSCU/BSCU.xml"], "ne574": ["ne574/ne574.xml"],
    "HIPPS": ["HIPPS/HIPPS.xml"],
    "Chinese": ["Chinese/chinese.xml", "Chinese/chinese-basic-events.xml"],
    "Baobab1": ["Baobab/baobab1.xml", "Baobab/baobab1-basic-events.xml"],
    "Baobab2": ["Baobab/baobab2.xml", "Baobab/baobab2-basic-events.xml"],
}


REPEAT = 3  # each time is the best of this many runs, the two sides taking turns


def scram(files: list[Path], algorithm: str) -> tuple[float, dict[str, set[frozenset[str]]]]:
    """One SCRAM run, as a process of its own: its time and its cut sets."""
    with tempfile.TemporaryDirectory() as directory:
        report = Path(directory) / "report.xml"
        start = time.perf_counter()
        subprocess.run(["scram", f"--{algorithm}", "--limit-order", "2",
                        *map(str, files), "-o", str(report)],
                       check=True, capture_output=True, timeout=120)
        elapsed = time.perf_counter() - start
        root = ET.parse(report).getroot()
    return elapsed, {s.get("name"): {frozenset(e.get("name") for e in p) for p in s.iter("product")}
                     for s in root.iter("sum-of-products")}


def depgraph_cut_sets(files: list[Path]) -> tuple[float, int, dict[str, set[frozenset[str]]]]:
    """One depgraph run in this process, reading the files included."""
    start = time.perf_counter()
    imported = read_open_psa(files, house_events=True)
    basic = [i for i, c in imported.inventory.components.items() if not c.requirements]
    sets = minimal_cut_sets(imported.inventory, imported.top_events, basic)
    return time.perf_counter() - start, len(basic), sets


def compare(files: list[Path], ours: bool = True) -> dict[str, tuple[float, dict]]:
    """Best times of depgraph (key "depgraph") and of each SCRAM algorithm, taking turns
    run by run, so that a slow spell of this shared machine hits both sides alike. An
    algorithm that runs out of 2 minutes or of memory drops out (BDD on nus9601 does
    both)."""
    best: dict[str, tuple[float, dict]] = {}
    dropped: set[str] = set()
    for _ in range(REPEAT):
        if ours:
            elapsed, basic, sets = depgraph_cut_sets(files)
            if elapsed < best.get("depgraph", (float("inf"),))[0]:
                best["depgraph"] = (elapsed, sets)
            best["basic"] = (basic, {})
            sets = None
        for algorithm in ("bdd", "zbdd", "mocus"):
            if algorithm in dropped:
                continue
            try:
                elapsed, found = scram(files, algorithm)
            except (subprocess.TimeoutExpired, subprocess.CalledProcessError):
                dropped.add(algorithm)
                best.pop(algorithm, None)
                continue
            if elapsed < best.get(algorithm, (float("inf"),))[0]:
                best[algorithm] = (elapsed, found)
    return best


def fastest_scram(best: dict[str, tuple[float, dict]]) -> tuple[float, str, dict]:
    algorithm = min((a for a in ("bdd", "zbdd", "mocus") if a in best), key=lambda a: best[a][0])
    return best[algorithm][0], algorithm, best[algorithm][1]


def count(sets: set[frozenset[str]], order: int) -> int:
    return sum(1 for s in sets if len(s) == order)


def trees(args) -> None:
    print(f"{'tree':<10} {'basic':>6} {'order 1':>9} {'order 2':>11} {'agree':>5} "
          f"{'depgraph':>9} {'SCRAM best':>16} {'ratio':>6}")
    files = {name: [DATASETS / f for f in paths] for name, paths in PUBLISHED.items()}
    files.update({p.stem: [p] for p in sorted((DATASETS / "Aralia").glob("*.xml"))})
    for name, paths in files.items():
        if args.trees and name not in args.trees.split(","):
            continue
        try:
            read_open_psa(paths, house_events=True)
        except InventoryError as error:
            print(f"{name:<10} refused: {error.problems[0].message}")
            continue
        best = compare(paths)
        (ours_time, ours), basic = best["depgraph"], best["basic"][0]
        theirs_time, algorithm, theirs = fastest_scram(best)
        top = next(iter(theirs))
        agree = ours.get(top) == theirs[top]
        print(f"{name:<10} {basic:>6} {count(ours[top], 1):>4}/{count(theirs[top], 1):<4} "
              f"{count(ours[top], 2):>5}/{count(theirs[top], 2):<5} {'yes' if agree else 'NO':>5} "
              f"{ours_time * 1000:>7.1f}ms {theirs_time * 1000:>8.1f}ms {algorithm:<6} "
              f"{theirs_time / ours_time:>5.1f}x")


def synthetic(args) -> None:
    inventory = synthetic_inventory(args.synthetic)
    start = time.perf_counter()
    report = single_points_of_failure(inventory, order=2)
    ours = time.perf_counter() - start
    print(f"\n# synthetic inventory of {len(inventory)} components, {len(report.targets)} "
          f"targets: depgraph order 1 and 2 for all targets in {ours:.2f}s "
          f"({ours / len(report.targets) * 1000:.2f} ms per target)")
    print(f"{'target':<14} {'tree events':>11} {'order 1':>8} {'order 2':>8} {'agree':>5} "
          f"{'SCRAM best':>16}")
    with tempfile.TemporaryDirectory() as directory:
        for target in report.targets[:args.targets]:
            path = Path(directory) / "tree.xml"
            path.write_text(export_open_psa(inventory, target), encoding="utf-8")
            elapsed, algorithm, sets = fastest_scram(compare([path], ours=False))
            top = next(iter(sets))
            events = len({e for s in sets[top] for e in s})
            ours = minimal_cut_sets(inventory, [target])[target]
            agree = "yes" if ours == sets[top] else "NO"
            print(f"{target:<14} {events:>11} {count(sets[top], 1):>8} {count(sets[top], 2):>8} "
                  f"{agree:>5} {elapsed * 1000:>8.1f}ms {algorithm}")


def main() -> None:
    global REPEAT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=20000)
    parser.add_argument("--targets", type=int, default=5)
    parser.add_argument("--trees", default="", help="only these trees (names, commas)")
    parser.add_argument("--repeat", type=int, default=REPEAT,
                        help="runs per measure, the best one counts (default: %(default)s)")
    parser.add_argument("--default-gc", action="store_true",
                        help="keep CPython's garbage collector thresholds")
    args = parser.parse_args()
    if not args.default_gc:
        tune_gc()
    REPEAT = args.repeat
    trees(args)
    synthetic(args)


if __name__ == "__main__":
    main()
