"""Reading manifests: the files given (a directory: its ``*.yaml`` and ``*.yml`` files),
each a stream of YAML documents as ``kubectl``, Helm and people write them, into
:class:`~depgraph.loaders.kubernetes.objects.Manifest` objects. ``List`` objects
(``kubectl get -o yaml``) are opened; Helm's empty documents and ``# Source:`` comments
are nothing. Every problem of every file is collected, then raised together, each at
its ``file:line:column``."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from depgraph.core.model import Span
from depgraph.core.problems import InventoryError, Problem
from depgraph.loaders.kubernetes.objects import Manifest, check, namespace_of
from depgraph.loaders.tree import Node
from depgraph.loaders.yaml_source import parse_yaml_documents, plain

__all__ = ["manifest_files", "read_manifests", "source_of"]


def manifest_files(paths: Iterable[str]) -> list[str]:
    """The files ``paths`` name, a directory standing for its YAML files (sorted)."""
    files: list[str] = []
    for path in paths:
        if Path(path).is_dir():
            files += sorted(str(p) for p in Path(path).iterdir()
                            if p.suffix in (".yaml", ".yml") and p.is_file())
        else:
            files.append(path)
    return files


def source_of(paths: Iterable[str]) -> str:
    """What was read, as the file says: the paths given, sorted (their order on the
    command line changes nothing)."""
    return ", ".join(sorted(set(paths)))


def read_manifests(paths: Iterable[str]) -> list[Manifest]:
    """Every object of the files ``paths`` name, or every problem found in them."""
    objects: list[Manifest] = []
    problems: list[Problem] = []
    first: dict[tuple[str, str, str], Manifest] = {}
    for file in manifest_files(paths):
        with open(file, encoding="utf-8", errors="strict") as stream:
            try:
                text = stream.read()
            except UnicodeDecodeError as err:
                problems.append(Problem(Span(file, 1, 1), f"not UTF-8 text: {err.reason} at "
                                        f"byte {err.start}"))
                continue
        trees, found = parse_yaml_documents(text, file)
        problems += found
        for tree in trees:
            for node in _objects(tree, problems):
                manifest = _manifest(node, problems)
                if manifest is None:
                    continue
                key = (manifest.kind, manifest.namespace, manifest.name)
                if key in first:
                    problems.append(Problem(node.span, f"{manifest.kind} {manifest.key} "
                                            "is defined twice", hint="first defined at "
                                            f"{first[key].at}; one object, one definition"))
                    continue
                first[key] = manifest
                objects.append(manifest)
    if problems:
        raise InventoryError(problems)
    return objects


def _objects(tree: Node, problems: list[Problem]) -> list[Node]:
    """The objects a document holds: itself, or a List's items."""
    if tree.kind != "map":
        problems.append(Problem(tree.span, f"a manifest document is a mapping (apiVersion, "
                                f"kind, metadata, ...), not {tree.type_name}"))
        return []
    kind = tree.value.get("kind")
    items = tree.value.get("items")
    if kind is None or kind.kind != "scalar" or not str(kind.value).endswith("List") \
            or items is None:
        return [tree]
    if items.kind == "scalar" and items.tag == "null":
        return []
    if items.kind != "seq":
        problems.append(Problem(items.span, f"a {kind.value}'s items are a list, not "
                                f"{items.type_name}"))
        return []
    listed = []
    for item in items.value:
        if item.kind != "map":
            problems.append(Problem(item.span, f"an item of a {kind.value} is an object "
                                    f"(a mapping), not {item.type_name}"))
        else:
            listed.append(item)
    return listed


def _manifest(node: Node, problems: list[Problem]) -> Manifest | None:
    body = plain(node)
    found = check(body)
    for path, message in found:
        problems.append(Problem(_at(node, path).span, message))
    if found:
        return None
    kind = body["kind"]
    return Manifest(kind, namespace_of(kind, body), body["metadata"]["name"], body,
                    node.span.file, str(node.span))


def _at(node: Node, path: tuple) -> Node:
    """The node at ``path`` of keys, or the deepest one on the way."""
    for key in path:
        if node.kind != "map" or key not in node.value:
            break
        node = node.value[key]
    return node
