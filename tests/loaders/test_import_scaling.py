"""The Backstage and Kubernetes importers take time linear in their input: eight times the
catalog or the manifests take about eight times as long to read, and to map, each step timed
on its own so that a slow step cannot hide behind a fast one (at most twice that, for the
machine's noise). A quadratic step (each Service scanning every object, which the Kubernetes
import once did) makes the mapping over twenty times slower and fails the test. On bench/'s
synthetic sources, the ones docs/performance.md measures at full size."""

from __future__ import annotations

import gc
import importlib.util
import time
from pathlib import Path

import pytest

from depgraph.loaders.backstage.descriptors import read_descriptors
from depgraph.loaders.backstage.importer import import_backstage
from depgraph.loaders.kubernetes.importer import import_kubernetes
from depgraph.loaders.kubernetes.manifests import read_manifests

BENCH = Path(__file__).resolve().parents[2] / "bench"
SCALE = 8


def bench_module(name: str):
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def best_of(runs: int, action) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def backstage(tmp_path: Path, entities: int):
    root = str(bench_module("backstage_synthetic").write(tmp_path / str(entities), entities))
    return lambda: read_descriptors([root]), import_backstage


def kubernetes(tmp_path: Path, workloads: int):
    path = bench_module("kubernetes_synthetic").write(workloads, tmp_path / f"{workloads}.yaml")
    return lambda: read_manifests([str(path)]), lambda objects: import_kubernetes(objects, "x")


@pytest.mark.parametrize("make, size", [(backstage, 250), (kubernetes, 300)],
                         ids=["backstage", "kubernetes"])
def test_eight_times_the_source_takes_about_eight_times_as_long(tmp_path, make, size):
    (read_small, map_), (read_large, _) = make(tmp_path, size), make(tmp_path, SCALE * size)
    small, large = read_small(), read_large()
    map_(small)  # warm: imports, caches
    reads = [best_of(3, read_small), best_of(3, read_large)]
    maps = [best_of(3, lambda: map_(small)), best_of(3, lambda: map_(large))]
    assert reads[1] < 2 * SCALE * reads[0] + 0.05, reads
    assert maps[1] < 2 * SCALE * maps[0], maps
