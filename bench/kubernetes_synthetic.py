"""Synthetic manifests for the Kubernetes import benchmark: N workloads in namespaces of
50, each with its Service and PodDisruptionBudget, 3 replicas, and env references to
two Services of its namespace."""

from __future__ import annotations

import json
from pathlib import Path


def manifests(count: int) -> str:
    """``count`` Deployments with their Services and budgets, as one YAML stream."""
    documents = []
    for i in range(count):
        ns, name = f"ns{i // 50}", f"app{i}"
        calls = {f"DEP{j}_ADDR": f"app{(i // 50) * 50 + (i + j) % 50}:80" for j in (1, 2)}
        documents.append({"apiVersion": "apps/v1", "kind": "Deployment",
                          "metadata": {"name": name, "namespace": ns, "labels": {"app": name}},
                          "spec": {"replicas": 3, "selector": {"matchLabels": {"app": name}},
                                   "template": {"metadata": {"labels": {"app": name}}, "spec": {
                                       "containers": [{"name": "main", "image": "app:1", "env": [
                                           {"name": k, "value": v} for k, v in calls.items()]}]}}}})
        documents.append({"apiVersion": "v1", "kind": "Service",
                          "metadata": {"name": name, "namespace": ns},
                          "spec": {"selector": {"app": name}, "ports": [{"port": 80}]}})
        documents.append({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
                          "metadata": {"name": name, "namespace": ns},
                          "spec": {"minAvailable": 2, "selector": {"matchLabels": {"app": name}}}})
    return "".join(f"---\n{json.dumps(d)}\n" for d in documents)


def write(count: int, path: Path) -> Path:
    path.write_text(manifests(count), encoding="utf-8")
    return path
