"""Which pods an object selects, and what a PodDisruptionBudget keeps up: Kubernetes'
own rules, so that the import reads a manifest as the cluster would."""

from __future__ import annotations

import math
from typing import Any, Mapping

from depgraph.loaders.kubernetes.objects import budget

__all__ = ["holds", "labels", "matches", "matches_labels", "needed"]


def labels(body: Any) -> dict[str, str]:
    """The string labels of an object's (or a pod template's) ``metadata``."""
    metadata = body.get("metadata") if isinstance(body, dict) else None
    found = metadata.get("labels") if isinstance(metadata, dict) else None
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def matches_labels(selector: Any, pod: Mapping[str, str]) -> bool:
    """A Service's selector (a plain map): every pair is on the pod; an empty or
    missing one selects nothing (its endpoints are managed elsewhere)."""
    if not isinstance(selector, dict) or not selector:
        return False
    return all(pod.get(str(k)) == str(v) for k, v in selector.items())


def matches(selector: Any, pod: Mapping[str, str]) -> bool:
    """A label selector (``matchLabels`` and ``matchExpressions``, as a
    PodDisruptionBudget's): an empty one selects every pod, a missing one none.

    >>> matches({"matchExpressions": [{"key": "tier", "operator": "In",
    ...                                "values": ["web"]}]}, {"tier": "web"})
    True
    """
    if not isinstance(selector, dict):
        return False
    wanted = selector.get("matchLabels") or {}
    if not isinstance(wanted, dict) or any(pod.get(str(k)) != str(v)
                                           for k, v in wanted.items()):
        return False
    expressions = selector.get("matchExpressions") or []
    return isinstance(expressions, list) and all(holds(e, pod) for e in expressions)


def holds(expression: Any, pod: Mapping[str, str]) -> bool:
    if not isinstance(expression, dict):
        return False
    key, operator = str(expression.get("key")), expression.get("operator")
    values = expression.get("values") or []
    values = {str(v) for v in values} if isinstance(values, list) else set()
    if operator == "In":
        return pod.get(key) in values
    if operator == "NotIn":
        return pod.get(key) not in values
    if operator == "Exists":
        return key in pod
    if operator == "DoesNotExist":
        return key not in pod
    return False


def needed(spec: Mapping[str, Any], replicas: int) -> int:
    """How many of ``replicas`` pods a PodDisruptionBudget's spec keeps up: minAvailable,
    or the replicas less maxUnavailable; a percentage of the replicas rounded up, as the
    disruption controller does (``GetScaledValueFromIntOrPercent(..., roundUp=true)``).

    >>> needed({"minAvailable": "50%"}, 3), needed({"maxUnavailable": "50%"}, 3)
    (2, 1)
    >>> needed({"maxUnavailable": 1}, 4), needed({"minAvailable": 5}, 3)
    (3, 5)
    """
    for key in ("minAvailable", "maxUnavailable"):
        said = budget(spec.get(key)) if key in spec else None
        if said is None:
            continue
        count = math.ceil(said[0] * replicas / 100) if said[1] else said[0]
        return count if key == "minAvailable" else max(replicas - count, 0)
    return 1  # neither said: the API's default, minAvailable 1
