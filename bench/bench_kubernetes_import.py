"""Importing manifests: N synthetic workloads (bench/kubernetes_synthetic.py) read,
mapped and written, against reading the same file with PyYAML's CSafeLoader
(``yaml.load_all``) measured in the same run. Target: 20,000 workloads within 30 s.

    PYTHONPATH=. .venv/bin/python bench/bench_kubernetes_import.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kubernetes_synthetic import write  # noqa: E402

from depgraph.cli.main import main  # noqa: E402


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def run(count: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = write(count, Path(directory) / "manifests.yaml")
        out = Path(directory) / "k8s.yaml"
        baseline = timed(lambda: list(yaml.load_all(path.read_text(), Loader=yaml.CSafeLoader)))

        def imported() -> None:
            try:
                main(["import", "kubernetes", str(path), "-o", str(out)])
            except SystemExit as stop:
                assert not stop.code, stop.code

        took = timed(imported)
        print(f"{count:,} workloads ({path.stat().st_size / 1e6:.1f} MB of manifests): "
              f"import {took:.1f} s; yaml.load_all (CSafeLoader) {baseline:.1f} s; "
              f"ratio {took / baseline:.1f}x; output {out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
