"""Which component type each Backstage entity becomes: the built-in table, and a types
file (``--types FILE``) over it.

.. code-block:: yaml

    # kind/spec.type, or a kind alone: a component type, or passive (left out)
    resource/kafka-topic: platform
    component/library: passive
    api: platform
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

from depgraph.core.model import COMPONENT_TYPES, Span
from depgraph.core.problems import InventoryError, Problem, did_you_mean
from depgraph.loaders.yaml_source import parse_yaml

__all__ = ["KINDS", "TYPES", "entity_type", "read_types"]

#: The kinds that become components, and the type each has when its spec.type is not
#: in :data:`TYPES`.
KINDS = {"component": "application", "resource": "platform", "system": "service",
         "api": "service", "domain": "business"}
#: ``kind/spec.type`` → component type.
TYPES = {
    "component/service": "application", "component/website": "application",
    "component/library": "application", "component/backend": "application",
    "component/frontend": "application", "component/worker": "application",
    "resource/database": "database", "resource/cache": "database",
    "resource/storage": "storage", "resource/s3-bucket": "storage",
    "resource/bucket": "storage", "resource/storage-bucket": "storage",
    "resource/filesystem": "storage",
    "resource/queue": "platform", "resource/topic": "platform",
    "resource/kafka-topic": "platform", "resource/cluster": "platform",
    "resource/kubernetes-cluster": "platform",
    "resource/vm": "compute", "resource/server": "compute", "resource/host": "compute",
    "resource/network": "network", "resource/vpc": "network",
    "resource/load-balancer": "network", "resource/dns": "network",
}
_CHOICES = COMPONENT_TYPES + ("passive",)


def entity_type(kind: str, spec_type: str, types: Mapping[str, str | None]
                ) -> tuple[str | None, bool]:
    """The component type (None: left out) of an entity of ``kind`` (lower case) whose
    ``spec.type`` is ``spec_type``, and whether a table knew it (else the kind's
    default, which the import reports once per type)."""
    key = f"{kind}/{spec_type.lower()}"
    for table in (types, TYPES):
        if key in table:
            return table[key], True
        if table is types and kind in table:
            return table[kind], True
    known = kind in ("system", "api", "domain") or not spec_type
    return KINDS[kind], known


def read_types(path: str) -> dict[str, str | None]:
    """``kind/spec.type`` (or ``kind``) → component type (None for passive), or every
    problem of the file at once."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InventoryError([Problem(Span(path), "cannot read the types file: "
                                      f"{getattr(error, 'strerror', None) or error}")]) from None
    tree, problems = parse_yaml(text, path)
    types: dict[str, str | None] = {}
    if tree is not None and tree.kind != "map":
        problems.append(Problem(tree.span, "a types file maps 'kind/spec.type' to a "
                                "component type", hint="write one 'kind/type: type' per line"))
    elif tree is not None:
        for key, node in tree.value.items():
            kind = key.partition("/")[0].lower()
            if kind not in KINDS:
                problems.append(Problem(tree.keys[key], f"unknown kind '{kind}' in '{key}'",
                                        hint=did_you_mean(kind, KINDS)
                                        or f"expected one of: {', '.join(KINDS)}"))
                continue
            if node.kind != "scalar" or node.raw not in _CHOICES:
                got = node.raw if node.kind == "scalar" else node.type_name
                problems.append(Problem(node.span, f"unknown component type '{got}'",
                                        f"'{key}'", did_you_mean(got, _CHOICES)
                                        or f"expected one of: {', '.join(_CHOICES)}"))
                continue
            types[key.lower()] = None if node.raw == "passive" else node.raw
    if problems:
        raise InventoryError(problems)
    return types
