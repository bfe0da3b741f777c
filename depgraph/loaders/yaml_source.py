"""Parse YAML text into a located tree, safely.

Only the YAML needed for plain data is accepted: mappings, sequences, strings,
numbers, booleans, null, anchors and merge keys. Tags that would construct
objects (``!!python/...``) are refused, never executed, and alias bombs (a few
hundred bytes that expand to billions of nodes) are measured on the composed
graph, in time linear in the file, before anything is expanded.
"""

from __future__ import annotations

from typing import Any

import yaml

from depgraph.core.model import Span
from depgraph.core.problems import Problem
from depgraph.loaders.tree import Node

__all__ = ["parse_yaml"]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STD}{t}": t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MERGE = f"{_STD}merge"
_MAX_DEPTH = 100
#: Aliases may repeat a part of the file, not blow it up: the expanded tree may
#: hold at most this many times the nodes written, plus a fixed allowance.
_EXPANSION_FACTOR = 4
_EXPANSION_ALLOWANCE = 100_000
_construct = yaml.constructor.SafeConstructor()


class _Refused(Exception):
    def __init__(self, node: yaml.Node, message: str, hint: str = ""):
        self.node, self.message, self.hint = node, message, hint


def parse_yaml(text: str, file: str) -> tuple[Node | None, list[Problem]]:
    """Parse one YAML document into a :class:`Node`, or report why not."""
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        message = err.problem or "invalid YAML"
        if err.context:
            message += f" ({err.context})"
        return None, [Problem(_span(file, mark), f"invalid YAML: {message}")]
    except yaml.reader.ReaderError as err:
        line, column = _position(text, err.position)
        return None, [Problem(Span(file, line, column), f"invalid YAML: {err.reason} "
                              f"(character {ord(err.character) if isinstance(err.character, str) else err.character!r})")]
    except RecursionError:
        return None, [Problem(Span(file, 1, 1), "invalid YAML: nested too deeply")]
    if root is None:
        return None, [Problem(Span(file, 1, 1), "empty file: expected a mapping with "
                              "'providers' and 'components'")]
    converter = _Converter(file)
    try:
        _check_expansion(root)
        tree = converter.convert(root, 0)
    except _Refused as refused:
        return None, [converter.problem(refused)]
    return tree, converter.problems


def _compose(text: str) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _span(file: str, mark: Any) -> Span:
    if mark is None:
        return Span(file, 1, 1)
    return Span(file, mark.line + 1, mark.column + 1)


def _position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_expansion(root: yaml.Node) -> None:
    """Refuse recursive aliases and alias bombs, in time linear in the composed graph."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise _Refused(node, "invalid YAML: an alias refers to a node that contains it "
                           "(a recursive alias)")
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))
    limit = _EXPANSION_FACTOR * len(sizes) + _EXPANSION_ALLOWANCE
    if sizes[id(root)] > limit:
        raise _Refused(root, f"refused: aliases expand this file to {sizes[id(root)]:,} "
                       f"values from {len(sizes):,} written (an alias bomb?)",
                       "write the repeated parts out, or anchor fewer of them")


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_STD):] if tag.startswith(_STD) else tag


class _Converter:
    """Turns composed YAML nodes into located :class:`Node` values."""

    def __init__(self, file: str):
        self.file = file
        self.memo: dict[int, Node] = {}
        self.problems: list[Problem] = []

    def problem(self, refused: _Refused) -> Problem:
        return Problem(_span(self.file, refused.node.start_mark), refused.message,
                       hint=refused.hint)

    def refuse(self, refused: _Refused) -> Node:
        """Record a problem and stand a placeholder in, so that the rest is still checked."""
        self.problems.append(self.problem(refused))
        return Node("scalar", None, _span(self.file, refused.node.start_mark), "", "refused")

    def convert(self, node: yaml.Node, depth: int) -> Node:
        if depth > _MAX_DEPTH:
            raise _Refused(node, f"invalid YAML: nested more than {_MAX_DEPTH} levels deep")
        known = self.memo.get(id(node))
        if known is None:
            try:
                known = self._convert(node, depth)
            except _Refused as refused:
                known = self.refuse(refused)
            self.memo[id(node)] = known
        return known

    def _convert(self, node: yaml.Node, depth: int) -> Node:
        span = _span(self.file, node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, span)
        if isinstance(node, yaml.SequenceNode):
            self._expect_tag(node, f"{_STD}seq")
            return Node("seq", [self.convert(item, depth + 1) for item in node.value], span)
        self._expect_tag(node, f"{_STD}map")
        return self._mapping(node, span, depth)

    def _expect_tag(self, node: yaml.Node, tag: str) -> None:
        if node.tag != tag:
            raise _Refused(node, f"YAML tag '{_tag_name(node.tag)}' is not allowed: "
                           "an inventory holds plain data only", "remove the tag")

    def _scalar(self, node: yaml.ScalarNode, span: Span) -> Node:
        tag = _SCALAR_TAGS.get(node.tag)
        if tag is None:
            self._expect_tag(node, f"{_STD}str")
        if tag in (None, "str", "timestamp"):
            return Node("scalar", node.value, span, node.value, "str")
        try:
            value = _construct.construct_object(node)
        except (yaml.YAMLError, ValueError):
            return Node("scalar", node.value, span, node.value, "str")
        return Node("scalar", value, span, node.value, tag)

    def _mapping(self, node: yaml.MappingNode, span: Span, depth: int) -> Node:
        values: dict[str, Node] = {}
        keys: dict[str, Span] = {}
        merged: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged.extend(self._merge_sources(value_node, depth))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.refuse(_Refused(key_node, "a mapping key must be a plain name, "
                                     "not a list or mapping"))
                continue
            if key_node.tag not in _SCALAR_TAGS and key_node.tag != f"{_STD}str":
                self.refuse(_Refused(key_node, f"YAML tag '{_tag_name(key_node.tag)}' is "
                                     "not allowed: an inventory holds plain data only",
                                     "remove the tag"))
                continue
            name = key_node.value
            key_span = _span(self.file, key_node.start_mark)
            if name in keys:
                self.refuse(_Refused(key_node, f"duplicate key '{name}' (first at line "
                                     f"{keys[name].line})", "remove one of them"))
                continue
            keys[name] = key_span
            values[name] = self.convert(value_node, depth + 1)
        for source in merged:
            for name, child in source.value.items():
                if name not in values:
                    values[name], keys[name] = child, source.keys[name]
        return Node("map", values, span, keys=keys)

    def _merge_sources(self, value_node: yaml.Node, depth: int) -> list[Node]:
        value = self.convert(value_node, depth + 1)
        sources = value.value if value.kind == "seq" else [value]
        if not all(source.kind == "map" for source in sources):
            self.refuse(_Refused(value_node, "a merge key '<<' takes a mapping or a list "
                                 "of mappings"))
            return []
        return sources
