"""Benchmark: the business impact analysis of the whole library, every provider's and
every location's loss, on large estates.

Run:  python bench/bench_bia.py [--sizes 10000,100000] [--sample 50]

The synthetic estate (bench/synthetic.py) with restore times by type; its business
functions are the components of type ``business``. Timed once each (the library is
long; this machine is shared: trust the ratio of one run):

- library: ``business_impact`` over ``library(inventory)``, every provider's and every
  location's loss, then its text and CSV;
- baseline: ``timeline()`` (the whole answer of one scenario) on the first --sample
  location losses, per scenario, times the number of columns: what the library would
  cost one scenario at a time.

Checked: the library's figures for the sample are the timelines' own.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

from synthetic import synthetic_inventory, with_restoration  # noqa: E402

from depgraph.analysis.bia import business_impact, library  # noqa: E402
from depgraph.analysis.timeline import timeline  # noqa: E402
from depgraph.cli.tuning import quiet_gc, tune_gc  # noqa: E402
from depgraph.formats import get_format  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--sample", type=int, default=50)
    args = parser.parse_args()
    tune_gc()
    print(f"{'components':>10} {'functions':>9} {'columns':>7} {'cells down':>10} "
          f"{'library':>8} {'text':>6} {'csv':>6} {'per timeline':>12} {'baseline':>9} "
          f"{'baseline/library':>16}")
    for size in map(int, args.sizes.split(",")):
        measure(size, args.sample)


def measure(size: int, sample: int) -> None:
    with quiet_gc():
        inventory = with_restoration(synthetic_inventory(size))
    start = time.perf_counter()
    columns = library(inventory)
    result = business_impact(inventory, columns)
    analysed = time.perf_counter() - start
    start = time.perf_counter()
    get_format("text").bia(result)
    text = time.perf_counter() - start
    start = time.perf_counter()
    get_format("csv").bia(result)
    csv = time.perf_counter() - start
    places = [k for k, c in enumerate(columns) if c.kind == "location"][:sample]
    start = time.perf_counter()
    told = [timeline(inventory, columns[k].scenario, targets=result.functions)
            for k in places]
    each = (time.perf_counter() - start) / len(places)
    for k, answer in zip(places, told, strict=True):
        down = {f.id: f.intervals for f in result.scenarios[k].down}
        assert down == {i: spans for i, spans in answer.components.items()
                        if i in set(result.functions)}, columns[k].scenario.id
    cells = sum(len(s.down) for s in result.scenarios)
    baseline = each * len(columns)
    print(f"{len(inventory):>10} {len(result.functions):>9} {len(columns):>7} {cells:>10,} "
          f"{analysed:>7.2f}s {text:>5.2f}s {csv:>5.2f}s {each:>11.3f}s {baseline:>8.1f}s "
          f"{baseline / analysed:>15.1f}x", flush=True)


if __name__ == "__main__":
    main()
