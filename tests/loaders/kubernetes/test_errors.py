"""Bad input: each problem at its file:line:column, exit 2, no output file."""

from __future__ import annotations

import pytest

from tests.helpers import run

DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n"


@pytest.mark.parametrize("text, place, said", [
    ("a: [1\n", "2:1", "invalid YAML"),
    ("- a\n- b\n", "1:1", "a manifest document is a mapping"),
    ("kind: Deployment\nmetadata: {name: web}\n", "1:1", "not a Kubernetes object: "
     "'apiVersion' is missing"),
    ("apiVersion: v1\nkind: 7\n", "2:7", "not a Kubernetes object: 'kind'"),
    (DEPLOYMENT + "  replicas: -1\n", "6:13", "replicas must be 0 or more, not -1"),
    (DEPLOYMENT + "  replicas: two\n", "6:13", "replicas must be an integer, not 'two'"),
    (DEPLOYMENT + "  replicas: 1000000\n", "6:13", "replicas 1,000,000 is more than the 10,000"),
    (DEPLOYMENT + "---\n" + DEPLOYMENT, "7:1", "Deployment default/web is defined twice"),
    ("apiVersion: v1\nkind: Service\nmetadata:\n  name: Web_1\n", "4:9", "is not a Kubernetes "
     "name"),
    ("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec:\n"
     "  minAvailable: 150%\n", "5:17", "minAvailable must be an integer"),
    ("apiVersion: v1\nkind: List\nitems:\n- 3\n", "4:3", "an item of a List is an object"),
])
def test_bad_input_is_located_and_nothing_is_written(tmp_path, text, place, said):
    path, out = tmp_path / "bad.yaml", tmp_path / "out.yaml"
    path.write_text(text)
    result = run("import", "kubernetes", path, "-o", out)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"{path}:{place}: error: "), result.stderr
    assert said in result.stderr
    assert not out.exists()


def test_a_bad_nodes_mapping_is_located(tmp_path):
    path, mapping = tmp_path / "m.yaml", tmp_path / "nodes.yaml"
    path.write_text(DEPLOYMENT + "  replicas: 2\n")
    mapping.write_text("zone-a: site/a\nzone-b: [x]\n")
    result = run("import", "kubernetes", path, "--nodes", mapping)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{mapping}:2:9: error: expected an inventory id")


def test_one_source_is_named(tmp_path):
    assert run("import", "kubernetes").exit_code == 2
    path = tmp_path / "m.yaml"
    path.write_text(DEPLOYMENT)
    assert run("import", "kubernetes", path, "--context", "x").exit_code == 2


def test_a_hand_written_file_is_not_overwritten(tmp_path):
    path, out = tmp_path / "m.yaml", tmp_path / "mine.yaml"
    path.write_text(DEPLOYMENT)
    out.write_text("components: []\n")
    result = run("import", "kubernetes", path, "-o", out)
    assert result.exit_code == 2 and out.read_text() == "components: []\n"
