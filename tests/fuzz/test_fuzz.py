"""Fuzzing: mutants of real inventories and Open-PSA files, each held to the oracle
(tests/fuzz/oracle.py): exit 0, 1 or 2 only, no internal error, every error located,
the same answer on both reading paths, bounded time.

In CI (HYPOTHESIS_PROFILE=ci) a fixed, derandomized set runs. The long run:

    DEPGRAPH_FUZZ=20000 HYPOTHESIS_PROFILE=dev .venv/bin/python -m pytest tests/fuzz

(``DEPGRAPH_FUZZ`` mutants of each kind; the count is printed at the end).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzz.mutators import xml_mutant, yaml_mutant
from tests.fuzz.oracle import check_inventory, check_open_psa, count
from tests.helpers import ROOT, SHIPPED, VALID
from tests.scram import DATASETS

#: Mutants of each kind: a bounded number in CI, as many as asked for otherwise.
MUTANTS = int(os.environ.get("DEPGRAPH_FUZZ", "300"))
LONG = "DEPGRAPH_FUZZ" in os.environ

YAML_SEEDS = {p.name: p.read_bytes() for p in
              [SHIPPED / "webshop.yaml", *(VALID / n for n in (
                  "full.yaml", "anchors.yaml", "cycle.yaml", "located-chain.yaml",
                  "extension-keys.yaml"))]
              + ([SHIPPED / "hospital-group.yaml"] if LONG else [])}
XML_SEEDS = {p.name: p.read_bytes() for p in sorted((ROOT / "tests" / "openpsa").glob("*.xml"))
             + (sorted((DATASETS / "scram" / "input").glob("*/*.xml"))[:40]
                if LONG and DATASETS.is_dir() else [])
             if p.stat().st_size < 200_000}
FUZZ = settings(max_examples=MUTANTS, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def written(workdir: Path, mutant: tuple[str, bytes]) -> Path:
    name, data = mutant
    path = workdir / f"mutant-{name}"
    path.write_bytes(data)
    return path


@FUZZ
@given(mutant=yaml_mutant(YAML_SEEDS))
def test_every_mutant_of_an_inventory_gets_a_located_answer(workdir, mutant):
    check_inventory(written(workdir, mutant))
    count("inventory")


@FUZZ
@given(mutant=xml_mutant(XML_SEEDS))
def test_every_mutant_of_an_open_psa_file_gets_a_located_answer(workdir, mutant):
    check_open_psa(written(workdir, mutant), workdir / "imported.yaml")
    count("Open-PSA")


def test_the_seeds_themselves_pass(workdir):
    """The oracle on the unmutated inputs: a check that it can pass at all."""
    for name, data in YAML_SEEDS.items():
        (workdir / name).write_bytes(data)
        check_inventory(workdir / name)
    for name, data in XML_SEEDS.items():
        (workdir / name).write_bytes(data)
        check_open_psa(workdir / name, workdir / "imported.yaml")
