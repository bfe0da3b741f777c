"""Blast radius on real third-party data: Google's Online Boutique Kubernetes manifests.

Each Deployment becomes an application; each ``*_ADDR`` environment variable
naming another deployed service becomes a hard dependency. The answers are
checked against an independent oracle (networkx ancestors: with hard
dependencies only, what fails is exactly what transitively depends on the
failure) and against what the architecture is known to do.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
import yaml

from depgraph import blast_radius, load_inventory

MANIFESTS = (Path(__file__).resolve().parents[2] / "shared" / "datasets" / "online-boutique"
             / "release" / "kubernetes-manifests.yaml")
pytestmark = pytest.mark.skipif(not MANIFESTS.exists(),
                                reason="shared/datasets is not beside this checkout")


def boutique_spec() -> dict:
    documents = [d for d in yaml.safe_load_all(MANIFESTS.read_text()) if d]
    deployments = {d["metadata"]["name"]: d for d in documents if d["kind"] == "Deployment"}
    components = []
    for name, deployment in sorted(deployments.items()):
        needs = set()
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            for variable in container.get("env", []):
                if variable["name"].endswith("_ADDR"):
                    service = variable.get("value", "").split(":")[0]
                    if service in deployments and service != name:
                        needs.add(service)
        components.append({"id": name, "type": "application",
                           "depends_on": sorted(needs)})
    return {"name": "Online Boutique", "components": components}


@pytest.fixture(scope="module")
def boutique(tmp_path_factory):
    path = tmp_path_factory.mktemp("boutique") / "boutique.yaml"
    spec = boutique_spec()
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    graph = nx.DiGraph()
    for c in spec["components"]:
        graph.add_node(c["id"])
        graph.add_edges_from((c["id"], d) for d in c["depends_on"])
    return load_inventory(path), graph


def test_the_manifests_give_the_known_architecture(boutique):
    inventory, _ = boutique
    assert len(inventory) >= 11
    assert inventory["cartservice"].requirements[0].members == ("redis-cart",)


def test_every_single_failure_matches_the_ancestors_oracle(boutique):
    inventory, graph = boutique
    for ident in inventory.components:
        expected = nx.ancestors(graph, ident) | {ident}
        assert set(blast_radius(inventory, [ident]).failed) == expected, ident


def test_losing_the_cart_database_takes_down_shopping_but_not_the_catalogue(boutique):
    inventory, _ = boutique
    result = blast_radius(inventory, ["redis-cart"])
    assert {"cartservice", "checkoutservice", "frontend", "loadgenerator"} <= set(result.failed)
    assert not {"productcatalogservice", "currencyservice", "adservice"} & set(result.failed)
    assert result.explain("frontend") == ("frontend fails: needs cartservice, which fails: "
                                        "needs redis-cart, which failed initially")
