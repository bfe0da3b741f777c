"""Benchmark: what the continuity review adds to ``depgraph report`` on large estates.

Run:  python bench/bench_report_review.py [--sizes 10000,100000]

The synthetic estate (bench/synthetic.py) with restore times by type. Timed once each
(this machine is shared: trust the ratio of one run):

- baseline: ``governance_report`` of the estate as it is (no scenario, no continuity
  key: no review), then its Markdown;
- review: the same estate with an MTPD of 4h on every business function, so that the
  report reviews the whole library (every provider's and location's loss) against them.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from types import MappingProxyType

sys.path.insert(0, os.path.dirname(__file__))

from synthetic import synthetic_inventory, with_restoration  # noqa: E402

from depgraph.analysis.governance import governance_report  # noqa: E402
from depgraph.cli.tuning import quiet_gc, tune_gc  # noqa: E402
from depgraph.formats import get_format  # noqa: E402


def _timed(inventory):
    start = time.perf_counter()
    with quiet_gc():
        report = governance_report(inventory)
        get_format("markdown").governance(report, [])
    return time.perf_counter() - start, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    tune_gc()
    print(f"{'components':>10} {'baseline s':>11} {'review s':>9} {'ratio':>6} "
          f"{'library':>8} {'functions':>9}")
    for size in map(int, args.sizes.split(",")):
        estate = with_restoration(synthetic_inventory(size))
        reviewed = dataclasses.replace(estate, components=MappingProxyType({
            i: dataclasses.replace(c, mtpd=4 * 3600) if c.type == "business" else c
            for i, c in estate.components.items()}))
        base, plain = _timed(estate)
        assert plain.review is None
        timed, report = _timed(reviewed)
        review = report.review
        print(f"{size:>10} {base:>11.2f} {timed:>9.2f} {timed / base:>6.2f} "
              f"{len(review.library.scenarios):>8} {len(review.library.functions):>9}")


if __name__ == "__main__":
    main()
