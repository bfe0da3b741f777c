"""Small hand-written manifests for the tests, and the import of them."""

from __future__ import annotations

import json

from depgraph.loaders.kubernetes.importer import Options, import_kubernetes
from depgraph.loaders.kubernetes.manifests import read_manifests


def deployment(name: str, replicas: int | None = 3, namespace: str | None = None,
               kind: str = "Deployment", image: str = "app:1", labels: dict | None = None,
               pod: dict | None = None, env: dict | None = None, **metadata) -> dict:
    spec: dict = {"selector": {"matchLabels": {"app": name}}, "template": {
        "metadata": {"labels": {"app": name}},
        "spec": {"containers": [{"name": "main", "image": image,
                                 "env": [{"name": k, "value": v} for k, v in (env or {}).items()]}],
                 **(pod or {})}}}
    if replicas is not None:
        spec["replicas"] = replicas
    meta = {"name": name, **({"namespace": namespace} if namespace else {}),
            **({"labels": labels} if labels else {}), **metadata}
    return {"apiVersion": "apps/v1", "kind": kind, "metadata": meta, "spec": spec}


def service(name: str, selects: str | None = None, namespace: str | None = None) -> dict:
    meta = {"name": name, **({"namespace": namespace} if namespace else {})}
    return {"apiVersion": "v1", "kind": "Service", "metadata": meta,
            "spec": {"selector": {"app": selects or name}, "ports": [{"port": 80}]}}


def budget(name: str, selects: str, **spec) -> dict:
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": name},
            "spec": {"selector": {"matchLabels": {"app": selects}}, **spec}}


def node(name: str, zone: str | None = None, **labels) -> dict:
    found = {**({"topology.kubernetes.io/zone": zone} if zone else {}), **labels}
    return {"apiVersion": "v1", "kind": "Node", "metadata": {"name": name, "labels": found}}


def stream(*objects: dict) -> str:
    """A multi-document file (JSON is YAML: each document on its own line)."""
    return "".join(f"---\n{json.dumps(o)}\n" for o in objects)


def imported(tmp_path, *objects: dict, places: dict | None = None):
    path = tmp_path / "manifests.yaml"
    path.write_text(stream(*objects))
    return import_kubernetes(read_manifests([str(path)]), "manifests.yaml",
                             Options(places or {}))
