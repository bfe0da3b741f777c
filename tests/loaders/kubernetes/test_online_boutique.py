"""Google's Online Boutique (microservices-demo, its release manifests): the exact
inventory, findings and left-out objects, and the same bytes however the same objects
are given (re-imported, shuffled, split over files, wrapped in a List)."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest
import yaml

from depgraph.loaders.kubernetes.importer import import_kubernetes
from depgraph.loaders.kubernetes.manifests import read_manifests
from tests.helpers import run
from tests.scram import DATASETS

BOUTIQUE = DATASETS / "online-boutique" / "release" / "kubernetes-manifests.yaml"
pytestmark = pytest.mark.skipif(not BOUTIQUE.is_file(),
                                reason="shared/datasets is not beside this checkout")

APPS = ("adservice", "cartservice", "checkoutservice", "currencyservice", "emailservice",
        "frontend", "loadgenerator", "paymentservice", "productcatalogservice",
        "recommendationservice", "shippingservice")


def imported():
    return import_kubernetes(read_manifests([str(BOUTIQUE)]), "kubernetes-manifests.yaml")


def test_the_inventory_is_exact():
    inventory = imported().inventory
    kinds = Counter(c.meta["source"]["type"] + (" replica" if "replica_of" in c.meta else "")
                    for c in inventory.components.values())
    assert kinds == {"Deployment": 12, "Deployment replica": 12, "Service": 12}
    types = Counter(c.type for c in inventory.components.values())
    # redis-cart runs redis: a database, and so is its replica
    assert types == {"application": 22, "database": 2, "network": 12}
    requirements = Counter(r.kind for c in inventory.components.values() for r in c.depends_on)
    # 12 workloads need their replica, 12 Services their workload, 16 env references
    assert requirements == {"hard": 40}
    assert [r.members[0] for r in inventory["k8s/default/checkoutservice"].depends_on] == [
        "k8s/default/checkoutservice/1", *(f"k8s/default/service/{s}" for s in (
            "cartservice", "currencyservice", "emailservice", "paymentservice",
            "productcatalogservice", "shippingservice"))]
    # the init container waits for the frontend, as the main one calls it: one requirement
    assert [r.members[0] for r in inventory["k8s/default/loadgenerator"].depends_on] == [
        "k8s/default/loadgenerator/1", "k8s/default/service/frontend"]
    assert inventory["k8s/default/service/frontend-external"].depends_on[0].members == (
        "k8s/default/frontend",)
    assert inventory["k8s/default/frontend"].meta["source"] == {
        "system": "kubernetes", "type": "Deployment", "id": "default/frontend",
        "url": str(BOUTIQUE)}
    assert inventory["k8s/default/frontend"].tags == ("app=frontend",)


def test_the_findings_and_what_is_left_out_are_exact():
    result = imported()
    single = [f"Deployment default/{name} runs a single replica: its pod is a single point "
              "of failure (run 2 or more, with a PodDisruptionBudget)"
              for name in sorted(APPS + ("redis-cart",))]
    messages = [f.message for f in result.findings]
    assert messages == [
        *single[:6], "Deployment default/frontend: env SHOPPING_ASSISTANT_SERVICE_ADDR names "
        "'shoppingassistantservice', which is no Service of the import (namespace default): "
        "not a requirement", *single[6:10],
        "Deployment default/redis-cart keeps data in emptyDir volume 'redis-data', which does "
        "not survive its pod: a restart loses it", *single[10:]]
    assert (result.findings[6].url, result.findings[6].at) == (str(BOUTIQUE), f"{BOUTIQUE}:21:1")
    assert [(i, w) for i, w, _ in result.left_out] == [
        (f"k8s/default/serviceaccount/{name}", "ServiceAccount: API credentials of pods: "
         "fails nothing while they run") for name in APPS]


def test_the_command_says_what_it_found(tmp_path):
    out = tmp_path / "boutique.yaml"
    result = run("import", "kubernetes", BOUTIQUE, "-o", out)
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[-1] == "imported 36 components, 0 providers; 14 findings, 11 objects left out"
    assert lines[6] == ("warning: Deployment default/frontend: env SHOPPING_ASSISTANT_SERVICE_"
                        "ADDR names 'shoppingassistantservice', which is no Service of the "
                        f"import (namespace default): not a requirement ({BOUTIQUE}:21:1)")
    assert run("validate", out).exit_code == 0
    again = run("import", "kubernetes", BOUTIQUE, "-o", out)
    assert again.exit_code == 0 and again.stderr == result.stderr


def test_a_re_import_is_byte_identical(tmp_path):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    run("import", "kubernetes", BOUTIQUE, "-o", first)
    run("import", "kubernetes", BOUTIQUE, "-o", second)
    assert first.read_bytes() == second.read_bytes()


def documents() -> list[str]:
    text = BOUTIQUE.read_text()
    return [d for d in re.split(r"^---\n", text, flags=re.M) if yaml.safe_load(d)]


def placeless(text: str) -> str:
    """The file with the places of objects taken out: a moved object is at another line,
    or in another file, and its URL says so; nothing else may change."""
    text = re.sub(r"^(# Generated by|name:|  source:) .*$", r"\1 <files>", text, flags=re.M)
    return re.sub(r"url: .*", "url: <place>", text)


def import_text(tmp_path, *paths) -> str:
    out = tmp_path / "out.yaml"
    out.unlink(missing_ok=True)
    result = run("import", "kubernetes", *paths, "-o", out)
    assert result.exit_code == 0, result.stderr
    return out.read_text()


def test_shuffled_split_or_listed_the_same_objects_give_the_same_file(tmp_path):
    whole = import_text(tmp_path, BOUTIQUE)
    parts = documents()
    random.Random(7).shuffle(parts)
    split = tmp_path / "split"
    split.mkdir()
    for i in range(0, len(parts), 9):
        (split / f"part-{i:02}.yaml").write_text("---\n".join(parts[i:i + 9]))
    by_directory = import_text(tmp_path, split)
    assert placeless(by_directory) == placeless(whole)
    files = sorted(split.iterdir())
    assert import_text(tmp_path, *files[::-1]) == import_text(tmp_path, *files)  # PATHs' order
    listed = tmp_path / "list.yaml"
    listed.write_text(yaml.safe_dump({"apiVersion": "v1", "kind": "List", "items": [
        yaml.safe_load(d) for d in parts]}, sort_keys=False))
    assert placeless(import_text(tmp_path, listed)) == placeless(whole)
    helm = tmp_path / "helm.yaml"
    helm.write_text("".join(f"---\n# Source: boutique/templates/{i}.yaml\n{d}---\n"
                            for i, d in enumerate(parts)))
    assert placeless(import_text(tmp_path, helm)) == placeless(whole)


def test_the_same_file_shuffled_gives_the_same_bytes(tmp_path):
    """Objects moved within their file change no byte: the file names where each object is
    read, not its line (stderr gives that)."""
    manifests = tmp_path / "kubernetes-manifests.yaml"
    manifests.write_text(BOUTIQUE.read_text())
    before = import_text(tmp_path, manifests)
    parts = documents()
    random.Random(11).shuffle(parts)
    manifests.write_text("---\n".join(parts))
    after = import_text(tmp_path, manifests)
    assert after == before
    assert "url: " + str(manifests) + "\n" in after
