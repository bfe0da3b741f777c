"""A real cluster, where DEPGRAPH_TEST_KUBE_CONTEXT names a reachable kubeconfig context."""

from __future__ import annotations

import os

import pytest

from tests.helpers import run

CONTEXT = os.environ.get("DEPGRAPH_TEST_KUBE_CONTEXT")


@pytest.mark.skipif(not CONTEXT, reason="DEPGRAPH_TEST_KUBE_CONTEXT names no kubeconfig "
                    "context (no Kubernetes API server here)")
def test_a_live_cluster_imports_and_validates(tmp_path):
    out = tmp_path / "cluster.yaml"
    result = run("import", "kubernetes", "--context", CONTEXT, "-o", out)
    assert result.exit_code == 0, result.stderr
    again = tmp_path / "again.yaml"
    assert run("import", "kubernetes", "--context", CONTEXT, "-o", again).exit_code == 0
    assert out.read_bytes() == again.read_bytes()
