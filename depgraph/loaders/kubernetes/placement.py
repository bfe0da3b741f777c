"""Where a workload's pods may run: the zones its node affinity, node selector or
topology spread constraints name, the node it is pinned to, the nodes whose labels it
accepts, and the ``depgraph.io/runs-on`` joins to the physical layer."""

from __future__ import annotations

from typing import Any, Mapping

from depgraph.loaders.kubernetes.selectors import holds, labels

__all__ = ["HOSTNAME", "RUNS_ON", "ZONE", "accepts", "pinned_node", "runs_on", "zone_of",
           "zones_named"]

ZONE = "topology.kubernetes.io/zone"
_LEGACY_ZONE = "failure-domain.beta.kubernetes.io/zone"
HOSTNAME = "kubernetes.io/hostname"
#: The label or annotation that joins an object to the inventory's physical layer.
RUNS_ON = "depgraph.io/runs-on"


def runs_on(body: Any) -> tuple[str, ...]:
    """The inventory ids an object's ``depgraph.io/runs-on`` label or annotation names
    (comma-separated; an annotation, as a label value cannot hold a '/')."""
    metadata = body.get("metadata") if isinstance(body, dict) else None
    ids: set[str] = set()
    for key in ("labels", "annotations"):
        said = metadata.get(key) if isinstance(metadata, dict) else None
        value = said.get(RUNS_ON) if isinstance(said, dict) else None
        if isinstance(value, str):
            ids.update(part.strip() for part in value.split(",") if part.strip())
    return tuple(sorted(ids))


def zone_of(node_labels: Mapping[str, str]) -> str | None:
    """A node's zone, from its well-known label (or the deprecated one)."""
    return node_labels.get(ZONE) or node_labels.get(_LEGACY_ZONE)


def zones_named(pod_spec: Any) -> tuple[list[str], bool]:
    """The zones a pod spec names (its node selector, or the ``In`` values of its
    required node affinity on the zone label), and whether it spreads over zones."""
    if not isinstance(pod_spec, dict):
        return [], False
    zones: set[str] = set()
    selector = pod_spec.get("nodeSelector")
    if isinstance(selector, dict):
        zones.update(str(selector[k]) for k in (ZONE, _LEGACY_ZONE) if k in selector)
    for expression in _required_expressions(pod_spec):
        if isinstance(expression, dict) and expression.get("key") in (ZONE, _LEGACY_ZONE) \
                and expression.get("operator") == "In" \
                and isinstance(expression.get("values"), list):
            zones.update(str(v) for v in expression["values"])
    spread = pod_spec.get("topologySpreadConstraints")
    spreads = isinstance(spread, list) and any(
        isinstance(c, dict) and c.get("topologyKey") in (ZONE, _LEGACY_ZONE) for c in spread)
    return sorted(zones), spreads


def pinned_node(pod_spec: Any) -> str | None:
    """The node a pod spec pins its pods to (``nodeName``, or a node selector on the
    host name), None if the scheduler chooses."""
    if not isinstance(pod_spec, dict):
        return None
    if isinstance(pod_spec.get("nodeName"), str):
        return pod_spec["nodeName"]
    selector = pod_spec.get("nodeSelector")
    host = selector.get(HOSTNAME) if isinstance(selector, dict) else None
    return str(host) if host is not None else None


def accepts(pod_spec: Any, node: Any) -> bool:
    """Whether the scheduler may put the pod spec's pods on ``node`` (a Node object): its
    node selector and required node affinity hold on the node's labels (taints and
    capacity are not read)."""
    node_labels = labels(node)
    selector = pod_spec.get("nodeSelector") if isinstance(pod_spec, dict) else None
    if isinstance(selector, dict) and any(node_labels.get(str(k)) != str(v)
                                          for k, v in selector.items()):
        return False
    terms = _required_terms(pod_spec)
    return not terms or any(
        isinstance(t, dict) and isinstance(t.get("matchExpressions") or [], list)
        and all(holds(e, node_labels) for e in t.get("matchExpressions") or []) for t in terms)


def _required_terms(pod_spec: Any) -> list:
    affinity = pod_spec.get("affinity") if isinstance(pod_spec, dict) else None
    node = affinity.get("nodeAffinity") if isinstance(affinity, dict) else None
    required = node.get("requiredDuringSchedulingIgnoredDuringExecution") \
        if isinstance(node, dict) else None
    terms = required.get("nodeSelectorTerms") if isinstance(required, dict) else None
    return terms if isinstance(terms, list) else []


def _required_expressions(pod_spec: Any) -> list:
    return [e for t in _required_terms(pod_spec) if isinstance(t, dict)
            and isinstance(t.get("matchExpressions"), list) for e in t["matchExpressions"]]
