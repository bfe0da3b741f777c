"""From Kubernetes objects to an inventory: workloads and their replicas, Services, the
Services each workload calls, Nodes, and the joins to the physical layer; what the
import could not resolve, what it left out and why. Pure: the objects come in, the
inventory and its ``generated:`` block go out, the same whatever their order."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from depgraph.core.inventory import Draft, assemble
from depgraph.core.model import Component, Requirement
from depgraph.loaders.imported import Finding, Imported, Previous, renames, short_source
from depgraph.loaders.kubernetes.objects import Manifest
from depgraph.loaders.kubernetes.placement import runs_on, zone_of
from depgraph.loaders.kubernetes.references import references, service_of
from depgraph.loaders.kubernetes.selectors import labels, matches_labels
from depgraph.loaders.kubernetes.workloads import (
    WORKLOADS,
    Cluster,
    is_database,
    pod_labels,
    pod_spec,
    workload,
)

__all__ = ["BY", "LEFT_OUT", "Options", "import_kubernetes"]

BY = "depgraph import kubernetes"

#: Kinds the import reads and does not make components of, and why.
LEFT_OUT = {
    "ServiceAccount": "API credentials of pods: fails nothing while they run",
    "Role": "API permissions: fail nothing while pods run",
    "RoleBinding": "API permissions: fail nothing while pods run",
    "ClusterRole": "API permissions: fail nothing while pods run",
    "ClusterRoleBinding": "API permissions: fail nothing while pods run",
    "ConfigMap": "configuration, read when a pod starts",
    "Secret": "configuration, read when a pod starts",
    "Namespace": "a grouping: its labels and depgraph.io/runs-on go to its workloads",
    "NetworkPolicy": "says which traffic is allowed, not what needs what",
    "HorizontalPodAutoscaler": "changes replicas over time: the import counts spec.replicas",
    "PodDisruptionBudget": "read as its workloads' at_least",
    "Ingress": "routes outside traffic to Services: a hand-written component may need them",
    "PersistentVolumeClaim": "storage is not modelled yet: a runs-on annotation says where",
    "PersistentVolume": "storage is not modelled yet: a runs-on annotation says where",
    "StorageClass": "storage is not modelled yet",
    "Job": "runs to completion: fails nothing that runs",
    "CronJob": "runs to completion: fails nothing that runs",
    "Pod": "a workload's pod: its workload's replicas stand for it",
    "ReplicaSet": "a Deployment's: the Deployment stands for it",
    "Endpoints": "kept by the Service it belongs to",
    "EndpointSlice": "kept by the Service it belongs to",
    "LimitRange": "a namespace policy",
    "ResourceQuota": "a namespace policy",
    "PriorityClass": "a scheduling policy",
    "CustomResourceDefinition": "an API extension",
}


@dataclass(frozen=True)
class Options:
    """What the import is asked: the ``--nodes`` mapping (a zone or node name → the id
    of its location, or of what it runs on, in the inventory)."""

    places: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


def import_kubernetes(objects: Iterable[Manifest], source: str, options: Options | None = None,
                      previous: Previous | None = None) -> Imported:
    """The inventory Kubernetes' objects describe, and the import's findings; ``source``
    names what was read (the files, a context)."""
    options, previous = options or Options(), previous or Previous()
    objects = sorted(objects, key=lambda m: (m.kind, m.namespace, m.name))
    by_kind: dict[str, list[Manifest]] = {}
    for manifest in objects:
        by_kind.setdefault(manifest.kind, []).append(manifest)
    nodes = {n.name: n for n in by_kind.get("Node", [])}
    zones = sorted({z for n in nodes.values() for z in [zone_of(labels(n.body))] if z}) \
        or sorted(set(options.places) - set(nodes))
    budgets: dict[str, list[Manifest]] = {}
    for manifest in by_kind.get("PodDisruptionBudget", []):
        budgets.setdefault(manifest.namespace, []).append(manifest)
    cluster = Cluster(nodes, options.places, budgets, zones)
    findings: list[Finding] = []
    left_out: list[tuple[str, str, str]] = []
    components: list[Component] = [_node(n, options.places) for n in nodes.values()]
    namespaces = {m.name: m for m in by_kind.get("Namespace", [])}
    known = frozenset(m.namespace for m in objects if m.namespace) | frozenset(namespaces)
    services = {(s.namespace, s.name): s for s in by_kind.get("Service", [])}
    made: dict[tuple[str, str], str] = {}  # (namespace, name) of a workload -> its id
    for manifest in (m for kind in WORKLOADS for m in by_kind.get(kind, [])):
        ident = f"k8s/{manifest.namespace}/{manifest.name}"
        if (manifest.namespace, manifest.name) in made:  # a Deployment and a StatefulSet
            ident = f"k8s/{manifest.namespace}/{manifest.kind.lower()}/{manifest.name}"
        ctype = "database" if is_database(manifest) else "application"
        replicas, group = workload(manifest, ident, ctype, cluster, findings)
        if group is None:
            left_out.append((ident, "scaled to 0 replicas", manifest.url))
            continue
        made[manifest.namespace, manifest.name] = ident
        needs = [group, *_calls(manifest, services, known, findings),
                 *_joins(manifest, namespaces.get(manifest.namespace))]
        components.append(_component(manifest, ident, ctype, needs))
        components += replicas
        _stateless(manifest, ctype, findings)
    workloads = {ident: m for m in objects if m.kind in WORKLOADS
                 for ident in [made.get((m.namespace, m.name))] if ident}
    in_namespace: dict[str, dict[str, Manifest]] = {}  # each Service looks in its own only
    for ident, manifest in workloads.items():
        in_namespace.setdefault(manifest.namespace, {})[ident] = manifest
    components += [_service(s, in_namespace.get(s.namespace, {}), findings)
                   for s in services.values()]
    for manifest in objects:
        if manifest.kind in WORKLOADS or manifest.kind in ("Service", "Node"):
            continue
        ident = _left_out_id(manifest)
        if manifest.kind in LEFT_OUT:
            if manifest.kind not in ("PodDisruptionBudget", "Namespace"):
                left_out.append((ident, f"{manifest.kind}: {LEFT_OUT[manifest.kind]}",
                                 manifest.url))
        else:
            left_out.append((ident, f"{manifest.kind}: a kind the import does not know",
                             manifest.url))
            findings.append(manifest.finding(
                f"{manifest.kind} {manifest.key} ({manifest.body.get('apiVersion')}) is a kind "
                "the import does not know: left out"))
    draft = Draft(source, tuple((c, ()) for c in components),
                  metadata=(("name", f"Kubernetes {short_source(source)}"),))
    inventory = assemble([draft])
    # by message, which names the object first: the order does not hang on where an
    # object was written (moving it between files changes its URL and nothing else)
    return Imported(BY, inventory, tuple(sorted(set(findings), key=lambda f: (f.message, f.url))),
                    tuple(sorted(left_out)), renames(inventory, previous), source)




def _left_out_id(manifest: Manifest) -> str:
    if manifest.namespace:
        return f"k8s/{manifest.namespace}/{manifest.kind.lower()}/{manifest.name}"
    return f"k8s/{manifest.kind.lower()}/{manifest.name}"


def _meta(manifest: Manifest, ident: str | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"source": {"system": "kubernetes", "type": manifest.kind,
                                       "id": ident or manifest.key, "url": manifest.url}}
    if manifest.namespace:
        meta["namespace"] = manifest.namespace
    found = labels(manifest.body)
    if found:
        meta["labels"] = dict(sorted(found.items()))
    return meta


def _tags(manifest: Manifest) -> tuple[str, ...]:
    return tuple(sorted(f"{k}={v}" for k, v in labels(manifest.body).items()))


def _component(manifest: Manifest, ident: str, ctype: str,
               needs: list[Requirement]) -> Component:
    return Component(ident, ctype, name=manifest.name, depends_on=tuple(needs),
                     tags=_tags(manifest), meta=_meta(manifest))


def _calls(manifest: Manifest, services: Mapping[tuple[str, str], Manifest],
           namespaces: frozenset[str], findings: list[Finding]) -> list[Requirement]:
    """Hard requirements on the Services the workload's pods call, in order of id; a
    reference to no Service is a finding."""
    called: set[str] = set()
    for what, host, strict in references(pod_spec(manifest)):
        target = service_of(host, manifest.namespace, namespaces)
        if target is None:
            continue
        if target in services:
            if not _selects_itself(services[target], manifest):
                called.add(f"k8s/{target[0]}/service/{target[1]}")
        elif strict:
            findings.append(manifest.finding(f"{manifest.kind} {manifest.key}: {what} "
                                             f"names '{host}', which is no Service of the import "
                                             f"(namespace {target[0]}): not a requirement"))
    return [Requirement("hard", (ident,)) for ident in sorted(called)]


def _selects_itself(service: Manifest, manifest: Manifest) -> bool:
    spec = service.body.get("spec")
    return service.namespace == manifest.namespace and isinstance(spec, dict) and \
        matches_labels(spec.get("selector"), pod_labels(manifest))


def _joins(manifest: Manifest, namespace: Manifest | None) -> list[Requirement]:
    ids = set(runs_on(manifest.body)) | set(runs_on(namespace.body) if namespace else ())
    return [Requirement("hard", (ident,)) for ident in sorted(ids)]


def _stateless(manifest: Manifest, ctype: str, findings: list[Finding]) -> None:
    if manifest.kind != "StatefulSet" and ctype != "database":
        return
    volumes = pod_spec(manifest).get("volumes")
    for volume in volumes if isinstance(volumes, list) else ():
        if isinstance(volume, dict) and "emptyDir" in volume:
            findings.append(manifest.finding(
                f"{manifest.kind} {manifest.key} keeps data in emptyDir volume "
                f"'{volume.get('name')}', which does not survive its pod: a restart loses it"))


def _service(service: Manifest, workloads: Mapping[str, Manifest],
             findings: list[Finding]) -> Component:
    ident = f"k8s/{service.namespace}/service/{service.name}"
    spec = service.body.get("spec")
    selector = spec.get("selector") if isinstance(spec, dict) else None
    chosen = tuple(sorted(i for i, w in workloads.items() if w.namespace == service.namespace
                          and matches_labels(selector, pod_labels(w))))
    if not chosen:
        why = "its selector matches no workload's pods" if selector else \
            "it has no selector (its endpoints are kept elsewhere, or it names an outside host)"
        findings.append(service.finding(f"Service {service.key} leads nowhere: {why}"))
    needs = () if not chosen else (Requirement("hard", chosen),) if len(chosen) == 1 else \
        (Requirement("any", chosen),)
    return Component(ident, "network", name=service.name, depends_on=needs,
                     tags=_tags(service), meta=_meta(service))


def _node(node: Manifest, places: Mapping[str, str]) -> Component:
    zone = zone_of(labels(node.body))
    needs = set(runs_on(node.body)) | ({places[node.name]} if node.name in places else set())
    meta = _meta(node)
    if zone:
        meta["zone"] = zone
    return Component(f"k8s/node/{node.name}", "compute", name=node.name,
                     located_in=places.get(zone) if zone else None,
                     depends_on=tuple(Requirement("hard", (i,)) for i in sorted(needs)),
                     tags=_tags(node), meta=meta)
