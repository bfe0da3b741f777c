"""Benchmark: loading a YAML inventory from disk, against PyYAML's C loader alone.

Run:  python bench/bench_load.py [--sizes 10000,100000]

depgraph's loader composes the YAML (to keep every line and column), checks the
schema and every reference, and builds the model; the baseline only parses the
same file with ``yaml.load(..., Loader=yaml.CSafeLoader)``. The ratio says what
the checks and the positions cost on top of parsing.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))

import yaml  # noqa: E402

from depgraph import load_inventory  # noqa: E402
from depgraph.core.graph import compile_inventory  # noqa: E402
from synthetic import synthetic_inventory, to_data  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    print(f"{'components':>10} {'MB':>6} {'pyyaml C':>9} {'depgraph load':>14} "
          f"{'compile':>8} {'ratio':>6}")
    for size in map(int, args.sizes.split(",")):
        data = to_data(synthetic_inventory(size))
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "inventory.yaml")
            with open(path, "w", encoding="utf-8") as stream:
                yaml.dump(data, stream, Dumper=yaml.CSafeDumper, sort_keys=False)
            megabytes = os.path.getsize(path) / 1e6
            start = time.perf_counter()
            with open(path, encoding="utf-8") as stream:
                yaml.load(stream, Loader=yaml.CSafeLoader)
            baseline = time.perf_counter() - start
            start = time.perf_counter()
            inventory = load_inventory(path)
            loaded = time.perf_counter() - start
            start = time.perf_counter()
            compile_inventory(inventory)
            compiled = time.perf_counter() - start
        print(f"{len(inventory):>10} {megabytes:>6.1f} {baseline:>8.2f}s {loaded:>13.2f}s "
              f"{compiled:>7.2f}s {loaded / baseline:>5.2f}x")


if __name__ == "__main__":
    main()
