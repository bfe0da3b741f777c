"""Benchmark: ``depgraph import backstage`` on ``bench/backstage_synthetic.py``'s catalogs
of a given number of entities, against a baseline measured in the same run.

Run:  python bench/bench_backstage_import.py [--sizes 1000,10000,50000] [--seed 1]
Check that it works (seconds):  python bench/bench_backstage_import.py --sizes 1000

For each size, the catalog is generated into a temporary directory, then:

* baseline: ``yaml.load_all`` with libyaml's ``CSafeLoader`` of every file the import
  reads (the root Location and every repository's ``catalog-info.yaml``), all kept;
* the whole process: ``python -m depgraph import backstage catalog.yaml -o FILE``, in a
  fresh interpreter (start-up included), with its peak resident set (``os.wait4``).

Every figure is printed with its ratio to the baseline. A benchmark, never run by the
test suite.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, os.path.dirname(__file__))

import backstage_synthetic  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def baseline(directory: Path) -> float:
    files = [directory / "catalog.yaml", *sorted(directory.glob("repos/*/catalog-info.yaml"))]
    start = time.perf_counter()
    kept = [list(yaml.load_all(path.read_bytes(), Loader=yaml.CSafeLoader)) for path in files]
    elapsed = time.perf_counter() - start
    del kept
    return elapsed


def process(directory: Path) -> tuple[float, int, str]:
    """Seconds, peak RSS (bytes) and the summary line of the import as a process."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "depgraph", "import", "backstage",
                              "catalog.yaml", "-o", "out.yaml"], cwd=directory,
                             env={**os.environ, "PYTHONPATH": str(ROOT)},
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)  # this child's own peak, not the bench's
    child.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    assert child.returncode == 0, err.decode()
    peak = usage.ru_maxrss * 1024
    return elapsed, peak, err.decode().strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for size in map(int, args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as temporary:
            directory = Path(temporary)
            backstage_synthetic.write(directory, size, args.seed)
            floor = baseline(directory)
            elapsed, peak, summary = process(directory)
            print(f"{size:>7,} entities: yaml.load_all (baseline) {floor:.2f} s; import "
                  f"process {elapsed:.2f} s ({elapsed / floor:.1f}x), peak "
                  f"{peak / 1e6:,.0f} MB; {summary}", flush=True)


if __name__ == "__main__":
    main()
