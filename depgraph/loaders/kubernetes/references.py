"""What a workload calls: the Services its containers' environment names (``*_ADDR``,
``*_HOST`` and ``*_ADDRESS`` values ``host[:port]``, URLs ``scheme://host[:port]/...``),
and those its init containers wait for (the same in their environment, and the URLs and
``host:port`` words of their command line). A host is a Service when it is one of
Kubernetes' forms of a Service's name: ``name`` (the workload's namespace), ``name.ns``,
``name.ns.svc``, ``name.ns.svc.cluster.local``; any other host is outside the cluster and
not followed."""

from __future__ import annotations

import re
from typing import Any, Iterator

__all__ = ["references", "service_of"]

_URL = re.compile(r"[a-z][a-z0-9+.-]*://(?:[^@/\s]*@)?([A-Za-z0-9.-]+)(?::\d+)?(?:[/?#]\S*)?")
_HOST_PORT = re.compile(r"([A-Za-z0-9.-]+)(?::\d{1,5})?")
_WORD = re.compile(r"[a-z][a-z0-9+.-]*://\S+|[a-z0-9][a-z0-9.-]*:\d{1,5}\b")
_NAMED = ("_ADDR", "_HOST", "_ADDRESS")


def service_of(host: str, namespace: str, namespaces: frozenset[str]) -> tuple[str, str] | None:
    """The ``(namespace, name)`` of the Service ``host`` names, None if it names none
    (an IP address, a name outside the cluster); ``name.ns`` is a Service only when
    ``ns`` is a namespace of the import (else it reads as an outside host).

    >>> service_of("cartservice", "shop", frozenset()), service_of("db.data.svc", "x", frozenset())
    (('shop', 'cartservice'), ('data', 'db'))
    >>> service_of("api.stripe.com", "shop", frozenset({"shop"})) is None
    True
    """
    parts = host.lower().rstrip(".").split(".")
    if not all(parts) or parts[0].isdigit():
        return None
    if len(parts) == 1:
        return namespace, parts[0]
    if len(parts) == 2 and parts[1] in namespaces:
        return parts[1], parts[0]
    if parts[2:] in (["svc"], ["svc", "cluster", "local"]):
        return parts[1], parts[0]
    return None


def references(pod_spec: Any) -> Iterator[tuple[str, str, bool]]:
    """``(what, host, strict)`` for each host the pod spec names: ``what`` says where
    (``env FRONTEND_ADDR``, ``init container wait``); ``strict`` is True where a host that
    is no Service is worth a finding (an environment variable that names an address),
    False for words of a command line, which may be anything."""
    if not isinstance(pod_spec, dict):
        return
    for key in ("initContainers", "containers"):
        containers = pod_spec.get(key)
        for container in containers if isinstance(containers, list) else ():
            if not isinstance(container, dict):
                continue
            yield from _environment(container.get("env"))
            if key == "initContainers":
                yield from _command_line(container)


def _environment(env: Any) -> Iterator[tuple[str, str, bool]]:
    for variable in env if isinstance(env, list) else ():
        if not isinstance(variable, dict) or not isinstance(variable.get("value"), str):
            continue
        name, value = str(variable.get("name")), variable["value"].strip()
        if "$(" in value:  # another variable's value, expanded by the kubelet
            continue
        url = _URL.fullmatch(value)
        if url:
            yield f"env {name}", url.group(1), True
        elif name.upper().endswith(_NAMED):
            address = _HOST_PORT.fullmatch(value)
            if address:
                yield f"env {name}", address.group(1), True


def _command_line(container: dict) -> Iterator[tuple[str, str, bool]]:
    words = [w for key in ("command", "args") if isinstance(container.get(key), list)
             for w in container[key] if isinstance(w, str)]
    for word in _WORD.findall(" ".join(words)):
        url = _URL.match(word)
        host = url.group(1) if url else word.split(":")[0]
        yield "init container command", host, False
