"""Fuzzing the Kubernetes importer: mutants of Online Boutique's manifests, each held to
the oracle's idea: exit 0 or 2 only, no internal error, every error and warning about the
file located, bounded time; an import that succeeds writes a valid inventory.

    DEPGRAPH_FUZZ=3000 HYPOTHESIS_PROFILE=dev .venv/bin/python -m pytest \\
        tests/fuzz/test_fuzz_kubernetes.py
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzz.mutators import yaml_mutant
from tests.fuzz.oracle import answer, count
from tests.helpers import run
from tests.scram import DATASETS

BOUTIQUE = DATASETS / "online-boutique" / "release" / "kubernetes-manifests.yaml"
MUTANTS = int(os.environ.get("DEPGRAPH_FUZZ", "150"))
SEEDS = {"boutique.yaml": BOUTIQUE.read_bytes()} if BOUTIQUE.is_file() else {}
FUZZ = settings(max_examples=MUTANTS, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])
pytestmark = pytest.mark.skipif(not SEEDS, reason="shared/datasets is not beside this checkout")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz-kubernetes")


@FUZZ
@given(mutant=yaml_mutant(SEEDS or {"none": b""}))
def test_every_mutant_of_the_manifests_gets_a_located_answer(workdir, mutant):
    path = workdir / "mutant.yaml"
    path.write_bytes(mutant[1])
    out = workdir / "imported.yaml"
    out.unlink(missing_ok=True)
    code, _, err = answer(["import", "kubernetes", str(path), "-o", str(out)], str(path))
    assert code in (0, 2), err
    for line in err.splitlines():
        if line.startswith("warning: "):
            assert re.search(re.escape(str(path)) + r":\d+:\d+\)$", line), line
    if code == 2:
        assert not out.exists()
        assert re.match(re.escape(str(path)) + r":\d+:\d+: error: |error: ", err), err
    else:
        assert run("validate", out).exit_code == 0
    count("Kubernetes")
