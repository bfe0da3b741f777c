"""Deployments, StatefulSets and DaemonSets as components: the workload, and one
component per replica that it needs as its PodDisruptionBudget says (``at_least``),
else ``any`` of; each replica in its zone's location where the zones are known, and on
the nodes that may run it where the nodes are."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from depgraph.core.model import Component, Requirement
from depgraph.loaders.imported import Finding
from depgraph.loaders.kubernetes.objects import Manifest
from depgraph.loaders.kubernetes.placement import accepts, pinned_node, zone_of, zones_named
from depgraph.loaders.kubernetes.selectors import labels, matches, needed

__all__ = ["WORKLOADS", "Cluster", "is_database", "pod_spec", "workload"]

WORKLOADS = ("Deployment", "StatefulSet", "DaemonSet")

#: Images whose data is their point: a workload running one is a ``database``.
_DATABASES = re.compile(r"(redis|valkey|keydb|postgres(ql)?|postgis|mysql|mariadb|percona|"
                        r"mongo(db)?|cassandra|scylla|couchdb|couchbase|elasticsearch|"
                        r"opensearch|etcd|cockroach(db)?|clickhouse|influxdb|neo4j|"
                        r"memcached|zookeeper|rabbitmq|kafka|nats|minio|timescaledb)")


@dataclass
class Cluster:
    """What the workloads are mapped against: the Nodes read (name → object), the
    ``--nodes`` mapping (zone or node name → inventory id), the PodDisruptionBudgets."""

    nodes: Mapping[str, Manifest]
    places: Mapping[str, str]
    budgets: Mapping[str, list[Manifest]]  # by namespace
    zones: list[str] = field(default_factory=list)  # what a spread constraint spreads over


def pod_spec(manifest: Manifest) -> dict:
    spec = manifest.body.get("spec")
    template = spec.get("template") if isinstance(spec, dict) else None
    pod = template.get("spec") if isinstance(template, dict) else None
    return pod if isinstance(pod, dict) else {}


def pod_labels(manifest: Manifest) -> dict[str, str]:
    spec = manifest.body.get("spec")
    return labels(spec.get("template")) if isinstance(spec, dict) else {}


def images(manifest: Manifest) -> list[str]:
    containers = pod_spec(manifest).get("containers")
    return [str(c.get("image")) for c in containers if isinstance(c, dict) and c.get("image")] \
        if isinstance(containers, list) else []


def is_database(manifest: Manifest) -> bool:
    """Whether a container's image is a database, cache or broker's (by its name, the
    last part of its path before the tag: ``redis:alpine``, ``bitnami/postgresql:16``)."""
    return any(_DATABASES.fullmatch(image.split("@")[0].split(":")[0].rsplit("/", 1)[-1])
               for image in images(manifest))


def workload(manifest: Manifest, ident: str, ctype: str, cluster: Cluster,
             findings: list[Finding]) -> tuple[list[Component], Requirement | None]:
    """The replica components of a workload and the requirement on them (None for a
    workload scaled to zero)."""
    pod = pod_spec(manifest)
    said = f"{manifest.kind} {manifest.key}"
    if manifest.kind == "DaemonSet":
        pinned = [n for n in sorted(cluster.nodes) if accepts(pod, cluster.nodes[n].body)]
        count = len(pinned) if cluster.nodes else 1
        if not cluster.nodes:
            findings.append(manifest.finding(
                f"{said} runs a pod on every node; no Node was read (--context reads them), "
                "so it counts as one"))
    else:
        spec = manifest.body.get("spec")
        count = spec.get("replicas", 1) if isinstance(spec, dict) else 1
        pinned = []
        if count == 1:
            findings.append(manifest.finding(f"{said} runs a single replica: its pod is "
                                             "a single point of failure (run 2 or more, with a "
                                             "PodDisruptionBudget)"))
    if count == 0:
        return [], None
    zones = _zones(pod, cluster)
    replicas = []
    for i in range(1, count + 1):
        node = pinned[i - 1] if pinned else pinned_node(pod)
        zone = zone_of(labels(cluster.nodes[node].body)) if pinned else \
            (zones[(i - 1) % len(zones)] if zones else None)
        needs = _nodes_needed(pod, node, zone, cluster, f"{said} replica {i}", manifest,
                              findings)
        meta: dict[str, Any] = {"source": {"system": "kubernetes", "type": manifest.kind,
                                           "id": f"{manifest.key}/{i}", "url": manifest.url},
                                "replica_of": ident}
        if zone is not None:
            meta["zone"] = zone
        replicas.append(Component(f"{ident}/{i}", ctype, name=f"{manifest.name} replica {i}",
                                  located_in=cluster.places.get(zone) if zone else None,
                                  depends_on=needs, meta=meta))
    members = tuple(r.id for r in replicas)
    return replicas, _group(manifest, members, pod_labels(manifest), cluster, findings)


def _zones(pod: dict, cluster: Cluster) -> list[str]:
    named, spreads = zones_named(pod)
    return named or (cluster.zones if spreads else [])


def _nodes_needed(pod: dict, node: str | None, zone: str | None, cluster: Cluster,
                  said: str, manifest: Manifest,
                  findings: list[Finding]) -> tuple[Requirement, ...]:
    if not cluster.nodes:
        place = cluster.places.get(node) if node else None
        return (Requirement("hard", (place,)),) if place else ()
    fit = tuple(f"k8s/node/{n}" for n in sorted(cluster.nodes)
                if (node is None or n == node) and accepts(pod, cluster.nodes[n].body)
                and (zone is None or zone_of(labels(cluster.nodes[n].body)) == zone))
    if not fit:
        findings.append(manifest.finding(f"{said}: no Node read may run it (its node selector, "
                                         "affinity or zone matches none)"))
        return ()
    return (Requirement("hard", fit),) if len(fit) == 1 else (Requirement("any", fit),)


def _group(manifest: Manifest, members: tuple[str, ...], pod: dict[str, str],
           cluster: Cluster, findings: list[Finding]) -> Requirement:
    budgets = [b for b in cluster.budgets.get(manifest.namespace, ())
               if isinstance(b.body.get("spec"), dict)
               and matches(b.body["spec"].get("selector"), pod)]
    if len(budgets) > 1:
        findings.append(manifest.finding(
            f"{manifest.kind} {manifest.key}: more than one PodDisruptionBudget selects its "
            "pods (" + ", ".join(b.name for b in budgets) + "): the cluster refuses to evict "
            "them; the strictest is used"))
    count = len(members)
    need = max((needed(b.body["spec"], count) for b in budgets), default=1)
    if need > count:
        findings.append(budgets[0].finding(
            f"PodDisruptionBudget {budgets[0].key} keeps {need} pods of {manifest.kind} "
            f"{manifest.key} up, which runs {count}: it needs all of them"))
        need = count
    if count == 1:
        return Requirement("hard", members)
    if need <= 1:
        return Requirement("any", members)
    return Requirement("at_least", members, need)
