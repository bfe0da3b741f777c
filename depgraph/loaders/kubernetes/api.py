"""Reading a live cluster through the official ``kubernetes`` client (the ``kubernetes``
extra): a kubeconfig context, every list paged with ``continue`` tokens, the objects
given to the mapping as plain data, as a manifest would hold them."""

from __future__ import annotations

import json
from typing import Any, Iterator

from depgraph.core.problems import DepgraphError
from depgraph.loaders.kubernetes.objects import Manifest, check, namespace_of

__all__ = ["KINDS", "KubernetesError", "read_cluster"]

#: What is listed: (API group path, version, kind, resource, namespaced).
KINDS = (("apis/apps", "v1", "Deployment", "deployments", True),
         ("apis/apps", "v1", "StatefulSet", "statefulsets", True),
         ("apis/apps", "v1", "DaemonSet", "daemonsets", True),
         ("api", "v1", "Service", "services", True),
         ("apis/policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", True),
         ("api", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", True),
         ("api", "v1", "Node", "nodes", False),
         ("api", "v1", "Namespace", "namespaces", False))
#: Objects asked for per request; the server pages with ``continue`` tokens.
PAGE = 500
TIMEOUT = 30


class KubernetesError(DepgraphError):
    """The cluster could not be read: no such context, unreachable, refused..."""


def read_cluster(context: str, kubeconfig: str | None = None,
                 namespaces: tuple[str, ...] = ()) -> tuple[list[Manifest], str]:
    """Every object the import reads from the cluster of ``context``, and its API
    server's address. Credentials stay in the client: no message names them."""
    try:
        from kubernetes import config
        from kubernetes.config.config_exception import ConfigException
    except ImportError:  # pragma: no cover - depends on the installation
        raise KubernetesError("reading a live cluster needs the kubernetes client: pip "
                              "install 'depgraph[kubernetes]' (or import manifests: "
                              "kubectl get ... -o yaml)") from None
    try:
        client = config.new_client_from_config(config_file=kubeconfig, context=context,
                                               persist_config=False)
    except (ConfigException, OSError, ValueError, TypeError) as error:
        raise KubernetesError(f"cannot use context '{context}': {error}") from None
    client.configuration.retries = 0
    server = client.configuration.host
    objects: list[Manifest] = []
    for group, version, kind, resource, namespaced in KINDS:
        for path in _paths(group, version, resource, namespaced, namespaces):
            objects += (_manifest(kind, group, version, resource, item)
                        for item in _listed(client, server, path))
    if namespaces:
        objects = [m for m in objects if m.kind != "Namespace" or m.name in namespaces]
    return objects, server


def _paths(group: str, version: str, resource: str, namespaced: bool,
           namespaces: tuple[str, ...]) -> list[str]:
    if namespaced and namespaces:
        return [f"/{group}/{version}/namespaces/{ns}/{resource}" for ns in sorted(namespaces)]
    return [f"/{group}/{version}/{resource}"]


def _listed(client: Any, server: str, path: str) -> Iterator[dict]:
    """The items of every page of the list at ``path``."""
    token = ""
    while True:
        query = [("limit", PAGE)] + ([("continue", token)] if token else [])
        page = _get(client, server, path, query)
        items = page.get("items")
        if not isinstance(items, list):
            raise KubernetesError(f"cannot read {server}{path}: the answer has no items list")
        yield from (item for item in items if isinstance(item, dict))
        metadata = page.get("metadata")
        token = metadata.get("continue") if isinstance(metadata, dict) else None
        if not token:
            return


def _get(client: Any, server: str, path: str, query: list) -> dict:
    import urllib3

    where = f"cannot read {server}{path}"
    try:
        method, url, headers, _, _ = client.param_serialize(
            "GET", path, query_params=query, header_params={"Accept": "application/json"},
            auth_settings=["BearerToken"])
        response = client.call_api(method, url, headers, _request_timeout=TIMEOUT)
        response.read()
    except urllib3.exceptions.HTTPError as error:
        reason = getattr(error, "reason", None) or error
        raise KubernetesError(f"{where}: unreachable: {type(reason).__name__}") from None
    except OSError as error:
        raise KubernetesError(f"{where}: {type(error).__name__}: {error.strerror or ''}") \
            from None
    if not 200 <= response.status < 300:
        why = {401: "the credentials were refused (401)",
               403: "the credentials may not list this (403): the import needs get and "
                    "list on it", 404: "not found (404): is this a Kubernetes API server?"}
        said = why.get(response.status, f"the server answered {response.status}")
        raise KubernetesError(f"{where}: {said}")
    try:
        page = json.loads(response.data)
    except (ValueError, UnicodeDecodeError):
        raise KubernetesError(f"{where}: the answer is not JSON") from None
    if not isinstance(page, dict):
        raise KubernetesError(f"{where}: the answer is not a list object")
    return page


def _manifest(kind: str, group: str, version: str, resource: str, item: dict) -> Manifest:
    """A listed item as a manifest (a list leaves out each item's kind and apiVersion),
    its URL the object's own API path."""
    api_version = version if group == "api" else f"{group.split('/', 1)[1]}/{version}"
    body = {"apiVersion": api_version, "kind": kind,
            **{k: v for k, v in item.items() if k not in ("apiVersion", "kind")}}
    metadata = body.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    namespace = namespace_of(kind, body)
    within = f"/namespaces/{namespace}" if namespace else ""
    url = f"/{group}/{version}{within}/{resource}/{name}"
    problems = check(body)
    if problems:
        raise KubernetesError(f"{url}: " + "; ".join(message for _, message in problems))
    return Manifest(kind, namespace, str(name), body, url)
