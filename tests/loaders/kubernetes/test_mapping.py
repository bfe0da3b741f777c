"""The mapping on small manifests: replicas and PodDisruptionBudgets, zones, Services,
references in env and init containers, Nodes, the joins to the physical layer, what is
left out."""

from __future__ import annotations

import pytest

from depgraph.core.model import Requirement
from tests.loaders.kubernetes.manifests import budget, deployment, imported, node, service

REPLICAS = tuple(f"k8s/default/web/{i}" for i in (1, 2, 3, 4))


def group(result, ident="k8s/default/web"):
    return result.inventory[ident].depends_on[0]


@pytest.mark.parametrize("spec, expected", [
    ({}, Requirement("any", REPLICAS)),
    ({"minAvailable": 3}, Requirement("at_least", REPLICAS, 3)),
    ({"minAvailable": "50%"}, Requirement("at_least", REPLICAS, 2)),
    ({"minAvailable": "60%"}, Requirement("at_least", REPLICAS, 3)),  # 2.4 rounded up
    ({"maxUnavailable": 1}, Requirement("at_least", REPLICAS, 3)),
    ({"maxUnavailable": "30%"}, Requirement("at_least", REPLICAS, 2)),  # 4 - ceil(1.2)
    ({"maxUnavailable": "100%"}, Requirement("any", REPLICAS)),
    ({"minAvailable": 1}, Requirement("any", REPLICAS)),
])
def test_a_pod_disruption_budget_says_how_many_replicas_are_needed(tmp_path, spec, expected):
    objects = [deployment("web", 4)] + ([budget("web-pdb", "web", **spec)] if spec else [])
    result = imported(tmp_path, *objects)
    assert group(result) == expected
    assert [c.type for c in result.inventory.components.values()] == ["application"] * 5
    assert not result.findings
    assert not result.left_out  # a budget is read, not left out


def test_a_budget_asking_more_than_the_replicas_needs_them_all(tmp_path):
    result = imported(tmp_path, deployment("web", 2), budget("web-pdb", "web", minAvailable=3))
    assert group(result) == Requirement("at_least", REPLICAS[:2], 2)
    assert [f.message for f in result.findings] == [
        "PodDisruptionBudget default/web-pdb keeps 3 pods of Deployment default/web up, which "
        "runs 2: it needs all of them"]


def test_a_single_replica_is_a_finding_and_zero_is_left_out(tmp_path):
    result = imported(tmp_path, deployment("web", None), deployment("off", 0))
    assert group(result) == Requirement("hard", ("k8s/default/web/1",))
    assert [f.message for f in result.findings] == [
        "Deployment default/web runs a single replica: its pod is a single point of failure "
        "(run 2 or more, with a PodDisruptionBudget)"]
    assert [(i, w) for i, w, _ in result.left_out] == [("k8s/default/off",
                                                        "scaled to 0 replicas")]


def test_replicas_spread_over_the_zones_in_their_locations(tmp_path):
    spread = {"topologySpreadConstraints": [{"maxSkew": 1, "whenUnsatisfiable": "DoNotSchedule",
                                             "topologyKey": "topology.kubernetes.io/zone"}]}
    places = {"zone-a": "site/dc-a", "zone-b": "site/dc-b"}
    result = imported(tmp_path, deployment("web", 3, pod=spread), places=places)
    replicas = [result.inventory[f"k8s/default/web/{i}"] for i in (1, 2, 3)]
    assert [(r.located_in, r.meta["zone"]) for r in replicas] == [
        ("site/dc-a", "zone-a"), ("site/dc-b", "zone-b"), ("site/dc-a", "zone-a")]


def test_node_affinity_names_the_zones(tmp_path):
    affinity = {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchExpressions": [{
            "key": "topology.kubernetes.io/zone", "operator": "In",
            "values": ["z2", "z1"]}]}]}}}}
    result = imported(tmp_path, deployment("web", 2, pod=affinity), places={"z1": "site/one"})
    assert [(r.located_in, r.meta.get("zone")) for r in
            (result.inventory["k8s/default/web/1"], result.inventory["k8s/default/web/2"])] == [
        ("site/one", "z1"), (None, "z2")]


def test_replicas_need_any_node_that_may_run_them(tmp_path):
    pod = {"nodeSelector": {"disk": "ssd"}}
    result = imported(tmp_path, deployment("web", 2, pod=pod), node("n1", "a", disk="ssd"),
                      node("n2", "b", disk="ssd"), node("n3", "a"),
                      places={"a": "site/dc-a", "n2": "device/hv-2"})
    assert result.inventory["k8s/default/web/1"].depends_on == (
        Requirement("any", ("k8s/node/n1", "k8s/node/n2")),)
    n1, n2 = result.inventory["k8s/node/n1"], result.inventory["k8s/node/n2"]
    assert (n1.located_in, n1.depends_on, n1.type) == ("site/dc-a", (), "compute")
    assert n2.depends_on == (Requirement("hard", ("device/hv-2",)),)
    # with the nodes known, a spread constraint spreads over their zones
    spread = {"topologySpreadConstraints": [{"topologyKey": "topology.kubernetes.io/zone"}],
              **pod}
    result = imported(tmp_path, deployment("web", 2, pod=spread), node("n1", "a", disk="ssd"),
                      node("n2", "b", disk="ssd"), node("n3", "a"))
    assert [result.inventory[f"k8s/default/web/{i}"].depends_on for i in (1, 2)] == [
        (Requirement("hard", ("k8s/node/n1",)),), (Requirement("hard", ("k8s/node/n2",)),)]


def test_a_daemonset_runs_one_replica_per_node(tmp_path):
    result = imported(tmp_path, deployment("agent", None, kind="DaemonSet"), node("n1"),
                      node("n2"))
    assert group(result, "k8s/default/agent") == Requirement(
        "any", ("k8s/default/agent/1", "k8s/default/agent/2"))
    assert result.inventory["k8s/default/agent/2"].depends_on == (
        Requirement("hard", ("k8s/node/n2",)),)
    alone = imported(tmp_path, deployment("agent", None, kind="DaemonSet"))
    assert [f.message for f in alone.findings] == [
        "DaemonSet default/agent runs a pod on every node; no Node was read (--context reads "
        "them), so it counts as one"]


def test_a_pinned_replica_needs_what_its_node_runs_on(tmp_path):
    pod = {"nodeSelector": {"kubernetes.io/hostname": "worker-7"}}
    result = imported(tmp_path, deployment("web", 2, pod=pod),
                      places={"worker-7": "device/hv-07"})
    assert result.inventory["k8s/default/web/2"].depends_on == (
        Requirement("hard", ("device/hv-07",)),)


def test_services_lead_to_the_workloads_they_select(tmp_path):
    result = imported(tmp_path, deployment("web", 2), deployment("web-canary", 2,
                                                                 labels={"app": "x"}),
                      service("web"), service("lost", selects="nothing"),
                      {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "ext"},
                       "spec": {"type": "ExternalName", "externalName": "db.example.com"}})
    assert result.inventory["k8s/default/service/web"].depends_on == (
        Requirement("hard", ("k8s/default/web",)),)
    assert result.inventory["k8s/default/service/web"].type == "network"
    assert [f.message for f in result.findings] == [
        "Service default/ext leads nowhere: it has no selector (its endpoints are kept "
        "elsewhere, or it names an outside host)",
        "Service default/lost leads nowhere: its selector matches no workload's pods"]
    canary = deployment("canary", 2)
    canary["spec"]["template"]["metadata"]["labels"] = {"app": "web", "track": "canary"}
    both = imported(tmp_path, deployment("web", 2), canary, service("web"))
    assert both.inventory["k8s/default/service/web"].depends_on == (
        Requirement("any", ("k8s/default/canary", "k8s/default/web")),)


@pytest.mark.parametrize("value", [
    "db:5432", "db.data:5432", "db.data.svc:5432", "db.data.svc.cluster.local:5432",
    "postgres://user@db.data.svc.cluster.local:5432/shop", "http://db.data/health"])
def test_every_form_of_a_service_name_is_a_reference(tmp_path, value):
    result = imported(tmp_path, deployment("web", 2, namespace="data", env={"DB_ADDR": value}),
                      deployment("db", 2, namespace="data"), service("db", namespace="data"))
    assert result.inventory["k8s/data/web"].depends_on[1:] == (
        Requirement("hard", ("k8s/data/service/db",)),)
    assert not result.findings


@pytest.mark.parametrize("env", [{"API_URL": "https://api.stripe.com/v1"},
                                 {"CACHE_ADDR": "10.0.0.7:6379"}, {"PORT": "8080"},
                                 {"GREETING": "hello:world"}, {"DB_ADDR": "$(DB_HOST):5432"}])
def test_what_names_no_service_of_the_cluster_is_not_followed(tmp_path, env):
    result = imported(tmp_path, deployment("web", 2, env=env))
    assert result.inventory["k8s/default/web"].depends_on[1:] == ()
    assert not result.findings


def test_a_reference_to_no_service_is_a_finding(tmp_path):
    result = imported(tmp_path, deployment("web", 2, env={"AUTH_ADDR": "auth:80",
                                                          "QUEUE_URL": "amqp://queue.ops.svc"}))
    assert [f.message for f in result.findings] == [
        "Deployment default/web: env AUTH_ADDR names 'auth', which is no Service of the import "
        "(namespace default): not a requirement",
        "Deployment default/web: env QUEUE_URL names 'queue.ops.svc', which is no Service of "
        "the import (namespace ops): not a requirement"]
    assert result.findings[0].url.endswith("manifests.yaml")
    assert result.findings[0].at.endswith("manifests.yaml:2:1")


def test_an_init_container_waiting_for_a_service_is_a_requirement(tmp_path):
    init = {"initContainers": [{"name": "wait", "image": "busybox", "command": [
        "sh", "-c", "until nc -z db:5432; do sleep 1; done; wget -q http://cache/ready"]}]}
    result = imported(tmp_path, deployment("web", 2, pod=init), deployment("db", 2),
                      service("db"), deployment("cache", 2), service("cache"))
    assert result.inventory["k8s/default/web"].depends_on[1:] == (
        Requirement("hard", ("k8s/default/service/cache",)),
        Requirement("hard", ("k8s/default/service/db",)))
    assert not result.findings


def test_a_workload_calling_its_own_service_does_not_need_itself(tmp_path):
    result = imported(tmp_path, deployment("web", 2, env={"SELF_ADDR": "web:80"}),
                      service("web"))
    assert result.inventory["k8s/default/web"].depends_on[1:] == ()


def test_databases_and_their_empty_dir(tmp_path):
    volumes = {"volumes": [{"name": "data", "emptyDir": {}}]}
    result = imported(tmp_path, deployment("cache", 2, image="redis:7-alpine", pod=volumes),
                      deployment("pg", 2, kind="StatefulSet", image="bitnami/postgresql:16"),
                      deployment("queue", 2, kind="StatefulSet", image="app:1", pod=volumes),
                      deployment("web", 2, pod=volumes))
    types = {c.id: c.type for c in result.inventory.components.values() if c.id.count("/") == 2}
    assert types == {"k8s/default/cache": "database", "k8s/default/pg": "database",
                     "k8s/default/queue": "application", "k8s/default/web": "application"}
    assert [f.message for f in result.findings] == [
        "Deployment default/cache keeps data in emptyDir volume 'data', which does not survive "
        "its pod: a restart loses it",
        "StatefulSet default/queue keeps data in emptyDir volume 'data', which does not survive "
        "its pod: a restart loses it"]


def test_runs_on_joins_a_workload_or_its_namespace_to_the_physical_layer(tmp_path):
    namespace = {"apiVersion": "v1", "kind": "Namespace", "metadata": {
        "name": "shop", "annotations": {"depgraph.io/runs-on": "cluster/prod-a"}}}
    web = deployment("web", 2, namespace="shop",
                     annotations={"depgraph.io/runs-on": "device/hv-1, device/hv-2"})
    result = imported(tmp_path, namespace, web)
    assert result.inventory["k8s/shop/web"].depends_on[1:] == tuple(
        Requirement("hard", (i,)) for i in ("cluster/prod-a", "device/hv-1", "device/hv-2"))
    assert not result.left_out  # a Namespace is read for its joins


def test_namespaces_labels_and_sources_go_to_meta_and_tags(tmp_path):
    result = imported(tmp_path, deployment("web", 2, namespace="shop",
                                           labels={"tier": "front", "team": "web"}))
    web = result.inventory["k8s/shop/web"]
    assert web.tags == ("team=web", "tier=front")
    assert web.meta["namespace"] == "shop" and web.meta["labels"] == {"team": "web",
                                                                      "tier": "front"}
    assert web.meta["source"] == {"system": "kubernetes", "type": "Deployment",
                                  "id": "shop/web", "url": web.meta["source"]["url"]}
    assert web.meta["source"]["url"].endswith("manifests.yaml")
    assert result.inventory["k8s/shop/web/2"].meta["source"]["id"] == "shop/web/2"


def test_other_kinds_are_left_out_with_why_and_an_unknown_one_is_a_finding(tmp_path):
    result = imported(tmp_path, deployment("web", 2),
                      {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"}},
                      {"apiVersion": "cert-manager.io/v1", "kind": "Certificate",
                       "metadata": {"name": "tls"}})
    assert [(i, w) for i, w, _ in result.left_out] == [
        ("k8s/default/certificate/tls", "Certificate: a kind the import does not know"),
        ("k8s/default/configmap/cfg", "ConfigMap: configuration, read when a pod starts")]
    assert [f.message for f in result.findings] == [
        "Certificate default/tls (cert-manager.io/v1) is a kind the import does not know: "
        "left out"]


def test_a_deployment_and_a_statefulset_of_one_name_keep_apart(tmp_path):
    result = imported(tmp_path, deployment("db", 2), deployment("db", 2, kind="StatefulSet"))
    assert {"k8s/default/db", "k8s/default/statefulset/db"} <= set(result.inventory.components)
