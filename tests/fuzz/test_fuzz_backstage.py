"""Fuzzing ``import backstage``: mutants of Backstage's example catalog (its entities'
descriptor files and its Locations), each held to the oracle's rules: exit 0 or 2 only,
no internal error, every error located in the mutant, bounded time, nothing written on
an error. The long run, as for the other fuzz tests:

    DEPGRAPH_FUZZ=20000 HYPOTHESIS_PROFILE=dev .venv/bin/python -m pytest tests/fuzz/test_fuzz_backstage.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzz.mutators import yaml_mutant
from tests.fuzz.oracle import answer, count
from tests.scram import DATASETS

SAMPLE = DATASETS / "backstage" / "packages" / "catalog-model" / "examples"
MUTANTS = int(os.environ.get("DEPGRAPH_FUZZ", "300"))
SEEDS = {p.name: p.read_bytes() for p in sorted(SAMPLE.glob("**/*.yaml"))} \
    if SAMPLE.is_dir() else {}
#: Every entity kind and field the import reads, in one file: the mutations reach them.
SEEDS["catalog-info.yaml"] = b"""\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: web
  namespace: shop
  title: Web shop
  tags: [web, java]
  annotations:
    depgraph.io/runs-on: device/srv01, cluster/prod
    depgraph.io/any-of: site/a, site/b
    depgraph.io/criticality: critical
    depgraph.io/rto: 4h
    depgraph.io/renamed-from: old-web
spec:
  type: website
  lifecycle: production
  owner: group:shop/team-a
  system: shop
  subcomponentOf: component:portal
  dependsOn: ['resource:db', 'component:default/searcher']
  dependencyOf: [system:shop]
  providesApis: [web-api]
  consumesApis: [orders, 'api:default/payments']
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: {name: orders, namespace: shop}
spec: {type: openapi, lifecycle: production, owner: team-a, definition: 'openapi: 3.0.0'}
---
apiVersion: backstage.io/v1alpha1
kind: Location
metadata: {name: more}
spec:
  targets: [./catalog-info.yaml, ./missing.yaml, './*.yml']
"""
FUZZ = settings(max_examples=MUTANTS, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz-backstage")


def check_catalog(path: Path, out: Path) -> None:
    """The oracle for one catalog file: exit 0 or 2, located, nothing written on 2."""
    out.unlink(missing_ok=True)
    code, _, err = answer(["import", "backstage", str(path), "-o", str(out)], str(path))
    assert code in (0, 2), f"exit {code}\n{err}"
    assert out.exists() == (code == 0), err
    if code == 0:
        code, _, err = answer(["validate", str(out)], str(out))
        # Alone, the file may name ids of other layers (runs-on): unknown, not a crash.
        assert code in (0, 2), err


@FUZZ
@given(mutant=yaml_mutant(SEEDS))
def test_every_mutant_of_a_catalog_gets_a_located_answer(workdir, mutant):
    name, data = mutant
    path = workdir / f"mutant-{name}"
    path.write_bytes(data)
    check_catalog(path, workdir / "imported.yaml")
    count("Backstage catalog")


def test_the_seeds_themselves_pass(workdir):
    for name, data in SEEDS.items():
        (workdir / name).write_bytes(data)
        check_catalog(workdir / name, workdir / "imported.yaml")
