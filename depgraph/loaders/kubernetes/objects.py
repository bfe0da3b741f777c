"""The objects of a Kubernetes source, as both readers give them to the mapping: kind,
namespace, name, the object as plain data, and where to see it. What every object must
be before it is mapped (the checks both readers share) is here too: a Kubernetes
object, named as Kubernetes names things, with a replica count the import can model."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from depgraph.loaders.imported import Finding

__all__ = ["CLUSTER_SCOPED", "MAX_REPLICAS", "Manifest", "budget", "check", "namespace_of"]

#: More replicas than this is a mistake, not an estate: refused at its place rather
#: than made into as many components.
MAX_REPLICAS = 10_000

#: Kinds that live in no namespace.
CLUSTER_SCOPED = frozenset({
    "Node", "Namespace", "PersistentVolume", "StorageClass", "ClusterRole",
    "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass", "APIService",
    "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "IngressClass",
    "RuntimeClass", "CSIDriver", "VolumeSnapshotClass"})

_NAME = re.compile(r"[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")
_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")
_PERCENT = re.compile(r"(\d{1,3})%")


@dataclass(frozen=True)
class Manifest:
    """One object: ``namespace`` is "" for a cluster-scoped kind; ``url`` is the file
    for a manifest file (written into the inventory: it does not change when the object
    moves within the file), the API path for a live cluster; ``at`` its
    ``file:line:column`` in a file (for messages)."""

    kind: str
    namespace: str
    name: str
    body: Mapping[str, Any]
    url: str
    at: str = ""

    def finding(self, message: str) -> Finding:
        """A finding about this object."""
        return Finding(self.url, message, self.at)

    @property
    def key(self) -> str:
        """``<namespace>/<name>``, or the name of a cluster-scoped object."""
        return f"{self.namespace}/{self.name}" if self.namespace else self.name


def namespace_of(kind: str, body: Mapping[str, Any]) -> str:
    """The object's namespace: "" for a cluster-scoped kind, ``default`` when unsaid."""
    if kind in CLUSTER_SCOPED:
        return ""
    metadata = body.get("metadata")
    namespace = metadata.get("namespace") if isinstance(metadata, dict) else None
    return namespace if isinstance(namespace, str) and namespace else "default"


def check(body: Mapping[str, Any]) -> list[tuple[tuple, str]]:
    """What is wrong with one object (not a List), each as the path of keys to the value
    at fault and a message; the object itself is already known to be a mapping.

    >>> check({"apiVersion": "apps/v1", "kind": "Deployment",
    ...        "metadata": {"name": "web"}, "spec": {"replicas": -1}})
    [(('spec', 'replicas'), 'replicas must be 0 or more, not -1')]
    """
    problems: list[tuple[tuple, str]] = []
    for key in ("apiVersion", "kind"):
        if not isinstance(body.get(key), str) or not body.get(key):
            problems.append(((key,) if key in body else (),
                             f"not a Kubernetes object: '{key}' is missing or not a string"))
    if problems:
        return problems
    metadata = body.get("metadata")
    if not isinstance(metadata, dict):
        return [(("metadata",) if "metadata" in body else (),
                 f"{body['kind']} has no metadata mapping (its name is under metadata.name)")]
    name = metadata.get("name")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        problems.append((("metadata", "name") if "name" in metadata else ("metadata",),
                         f"{body['kind']} name {name!r} is not a Kubernetes name (lower-case "
                         "letters, digits, '-' and '.', at most 253)"))
    namespace = metadata.get("namespace")
    if namespace is not None and (not isinstance(namespace, str)
                                  or not _LABEL.fullmatch(namespace)):
        problems.append((("metadata", "namespace"), f"namespace {namespace!r} is not a "
                         "Kubernetes namespace name (lower-case letters, digits and '-', "
                         "at most 63)"))
    spec = body.get("spec")
    if isinstance(spec, dict):
        problems += _check_spec(body["kind"], spec)
    return problems


def _check_spec(kind: str, spec: Mapping[str, Any]) -> list[tuple[tuple, str]]:
    problems: list[tuple[tuple, str]] = []
    if kind in ("Deployment", "StatefulSet") and "replicas" in spec:
        replicas = spec["replicas"]
        if isinstance(replicas, bool) or not isinstance(replicas, int):
            problems.append((("spec", "replicas"), f"replicas must be an integer, not "
                             f"{replicas!r}"))
        elif replicas < 0:
            problems.append((("spec", "replicas"), f"replicas must be 0 or more, not {replicas}"))
        elif replicas > MAX_REPLICAS:
            problems.append((("spec", "replicas"), f"replicas {replicas:,} is more than the "
                             f"{MAX_REPLICAS:,} the import models (one component each)"))
    if kind == "PodDisruptionBudget":
        said = [key for key in ("minAvailable", "maxUnavailable") if key in spec]
        if len(said) == 2:
            problems.append((("spec", "maxUnavailable"), "a PodDisruptionBudget says "
                             "minAvailable or maxUnavailable, not both"))
        for key in said:
            if budget(spec[key]) is None:
                problems.append((("spec", key), f"{key} must be an integer of 0 or more or a "
                                 f"percentage from 0% to 100%, not {spec[key]!r}"))
    return problems


def budget(value: Any) -> tuple[int, bool] | None:
    """A PodDisruptionBudget's count: ``(n, False)`` for an integer, ``(p, True)`` for a
    percentage; None if it is neither.

    >>> budget(2), budget("50%"), budget("150%"), budget(True)
    ((2, False), (50, True), None, None)
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return (value, False) if value >= 0 else None
    match = _PERCENT.fullmatch(value) if isinstance(value, str) else None
    if match and int(match.group(1)) <= 100:
        return int(match.group(1)), True
    return None
