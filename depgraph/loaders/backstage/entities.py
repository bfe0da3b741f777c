"""Backstage's entities as the readers give them, and its entity references.

A reference is ``[kind:][namespace/]name``, compared without case; which kind an
omitted one means depends on the field (``dependsOn`` must say it, ``providesApis``
means ``api``, ``system`` a system, ``owner`` a group), and an omitted namespace is
``default``. Names and namespaces are checked as Backstage checks them, which also
keeps every id the import makes a valid depgraph id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from depgraph.core.model import Span
from depgraph.core.problems import Problem
from depgraph.loaders.tree import Node

__all__ = ["Entity", "Ref", "bad_name", "check_entity", "entity_ref", "parse_ref"]

#: Backstage's rule for names and namespaces: 1 to 63 characters, letters and digits
#: in runs separated by one of ``-``, ``_`` and ``.``.
_NAME = re.compile(r"[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*")
_KIND = re.compile(r"[A-Za-z][A-Za-z0-9]*")


@dataclass(frozen=True, order=True)
class Ref:
    """An entity reference, lower case: ``component:default/artist-lookup``."""

    kind: str
    namespace: str
    name: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.namespace}/{self.name}"

    @property
    def short(self) -> str:
        """The name, with its namespace when it is not ``default`` (a team, a tag)."""
        return self.name if self.namespace == "default" else f"{self.namespace}/{self.name}"


def bad_name(text: str, what: str = "name") -> str:
    """Why ``text`` is not a valid Backstage name or namespace, or ``""``."""
    if not 1 <= len(text) <= 63:
        return f"a {what} has 1 to 63 characters"
    if not _NAME.fullmatch(text):
        return (f"a {what} is letters and digits, in runs separated by one of "
                "'-', '_' and '.'")
    return ""


def parse_ref(text: str, default_kind: str | None, namespace: str = "default"
              ) -> tuple[Ref | None, str]:
    """The reference ``text`` names, or why it names none.

    >>> parse_ref("Resource:artists-db", None)
    (Ref(kind='resource', namespace='default', name='artists-db'), '')
    >>> parse_ref("wayback", "api", "media")[0]
    Ref(kind='api', namespace='media', name='wayback')
    >>> parse_ref("artists-db", None)[1]
    "'artists-db' names no kind, which this field needs ('resource:artists-db')"
    """
    kind, colon, rest = text.partition(":")
    if not colon:
        kind, rest = "", text
    namespace_part, slash, name = rest.rpartition("/")
    if slash:
        namespace = namespace_part
    if not kind:
        if default_kind is None:
            return None, f"'{text}' names no kind, which this field needs ('resource:{text}')"
        kind = default_kind
    if not _KIND.fullmatch(kind):
        return None, f"'{text}': the kind '{kind}' is not a word"
    why = bad_name(name) or bad_name(namespace, "namespace")
    if why:
        return None, f"'{text}' is not an entity reference: {why}"
    return Ref(kind.lower(), namespace.lower(), name.lower()), ""


@dataclass(frozen=True, eq=False)
class Entity:
    """One entity of the catalog: its plain data, and where it was read: ``root``, its
    located tree, for a descriptor file; ``url`` for an entity read from the API."""

    data: dict[str, Any]
    url: str = ""
    root: Node | None = None

    def where(self, *path: str | int) -> Span:
        """Where the value at ``path`` (``"spec", "dependsOn", 0``) is written: as far
        down that path as the file goes; the entity's URL for one read from the API."""
        if self.root is None:
            return Span(self.url)
        node = self.root
        for step in path:
            if node.kind == "map" and step in node.value:
                node = node.value[step]
            elif node.kind == "seq" and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
            else:
                break
        return node.span

    def key_where(self, *path: str) -> Span:
        """Where the key at the end of ``path`` is written (a key that should not be)."""
        parent = self.root
        if parent is None:
            return Span(self.url)
        for step in path[:-1]:
            if parent.kind != "map" or step not in parent.value:
                return parent.span
            parent = parent.value[step]
        if parent.kind == "map" and parent.keys and path[-1] in parent.keys:
            return parent.keys[path[-1]]
        return parent.span


def check_entity(entity: Entity) -> list[Problem]:
    """What makes ``entity`` not an entity at all: not a mapping, or without a string
    ``apiVersion``, ``kind`` and ``metadata.name`` (a valid name and namespace)."""
    data = entity.data
    if not isinstance(data, dict):
        return [Problem(entity.where(), "an entity is a mapping (apiVersion, kind, "
                        f"metadata, spec), got {_type_name(data)}")]
    problems = []
    for key in ("apiVersion", "kind"):
        if not isinstance(data.get(key), str) or not data[key]:
            problems.append(_missing(entity, (key,), "a string"))
    if isinstance(data.get("kind"), str) and data["kind"] and not _KIND.fullmatch(data["kind"]):
        problems.append(Problem(entity.where("kind"), f"kind '{data['kind']}' is not a word"))
    metadata = data.get("metadata")
    if not isinstance(metadata, dict):
        return problems + [_missing(entity, ("metadata",), "a mapping with a name")]
    for key, what in (("name", "name"), ("namespace", "namespace")):
        value = metadata.get(key, "default" if key == "namespace" else None)
        why = bad_name(value, what) if isinstance(value, str) else ""
        if not isinstance(value, str):
            problems.append(_missing(entity, ("metadata", key), "a string"))
        elif why:
            problems.append(Problem(entity.where("metadata", key), f"invalid {what} "
                                    f"'{value}': {why}"))
    return problems


def entity_ref(entity: Entity) -> Ref:
    """The reference of an entity :func:`check_entity` passed."""
    metadata = entity.data["metadata"]
    return Ref(entity.data["kind"].lower(), str(metadata.get("namespace", "default")).lower(),
               metadata["name"].lower())


def _missing(entity: Entity, path: tuple[str, ...], what: str) -> Problem:
    parent = entity.data
    for step in path[:-1]:
        parent = parent.get(step) if isinstance(parent, dict) else None
    if isinstance(parent, dict) and path[-1] in parent:
        return Problem(entity.where(*path), f"{'.'.join(path)}: expected {what}, got "
                       f"{_type_name(parent[path[-1]])}")
    return Problem(entity.where(*path[:-1]), f"an entity without {'.'.join(path)}",
                   hint="every entity has apiVersion, kind and metadata.name")


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "nothing (null)"
    return "a number" if isinstance(value, (int, float)) else "a value that could not be read"
