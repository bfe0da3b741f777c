"""Parse YAML text into a located tree, safely.

Only the YAML needed for plain data is accepted: mappings, sequences, strings,
numbers, booleans, null, anchors and merge keys. Tags that would construct
objects (``!!python/...``) are refused, never executed.

The tree is built from the parser's event stream with an explicit stack, not by
PyYAML's recursive composer (libyaml's overflows the C stack on deeply nested
input). An alias reuses the node it names, so nothing is expanded while
building; each node's expanded size is known as it closes, which refuses alias
bombs (a few hundred bytes that expand to billions of values) in time linear
in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import yaml

from depgraph.core.model import Span
from depgraph.core.problems import Problem
from depgraph.loaders.tree import Node

__all__ = ["parse_yaml", "parse_yaml_documents", "plain", "MAX_DEPTH"]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STD}{t}": t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MERGE = f"{_STD}merge"
_resolver = yaml.resolver.Resolver()
#: PyYAML's safe constructors of scalars (int, float, bool, null), called directly:
#: ``construct_object`` would keep every node it ever built in the constructor's
#: ``constructed_objects``, for the life of the process (a leak of about 46 bytes per
#: byte of a file of numbers, and the largest part of the memory such a file costs).
_construct = yaml.constructor.SafeConstructor()
_CONSTRUCTORS = yaml.constructor.SafeConstructor.yaml_constructors

#: How deep an inventory may nest (it needs about six levels).
MAX_DEPTH = 100
#: Aliases may repeat a part of the file, not blow it up: the expanded tree may
#: hold at most this many times the values written, plus a fixed allowance.
_EXPANSION_FACTOR = 4
_EXPANSION_ALLOWANCE = 100_000


class _Fatal(Exception):
    """A problem after which the rest of the file cannot be read."""

    def __init__(self, problem: Problem):
        self.problem = problem


@dataclass
class _Open:
    """A mapping or sequence being built: its children so far, keys and values alternating."""

    node: Node
    anchor: str | None
    children: list[Node] = field(default_factory=list)


#: Progress is reported every this many parser events.
_PROGRESS_EVERY = 1 << 15


def parse_yaml(text: str, file: str, progress: Callable[[int], None] | None = None
               ) -> tuple[Node | None, list[Problem]]:
    """Parse one YAML document into a :class:`Node`, or report why not.

    ``progress``, if given, is called now and then with how many characters of
    ``text`` have been read.

    >>> tree, problems = parse_yaml("a: [1, x]\\n", "f.yaml")
    >>> tree.value["a"].value[1].raw, str(tree.value["a"].span), problems
    ('x', 'f.yaml:1:4', [])
    """
    builder = _Builder(file)
    try:
        root = builder.build(yaml.parse(text, Loader=_Loader), progress)
    except _Fatal as fatal:
        return None, [fatal.problem]
    except (yaml.MarkedYAMLError, yaml.reader.ReaderError) as err:
        return None, [_syntax_problem(err, text, builder)]
    if root is None:
        return None, [Problem(Span(file, 1, 1), "empty file: expected a mapping with "
                              "'providers' and 'components'")]
    return root, builder.problems


def parse_yaml_documents(text: str, file: str) -> tuple[list[Node], list[Problem]]:
    """Parse a stream of YAML documents (``---`` between them, as Kubernetes manifests,
    Helm's output and Backstage's descriptor files are written) into one located tree
    each, empty documents left out; anchors are each document's own, as YAML says.
    The same safety as :func:`parse_yaml`: plain data only, depth and aliases bounded
    (the alias budget counts over the whole file).

    On a syntax error the documents read before it are not returned: the file is
    refused whole, so that an import never rests on part of a file.

    >>> trees, problems = parse_yaml_documents("a: 1\\n---\\n---\\nb: [x]\\n", "m.yaml")
    >>> [str(t.span) for t in trees], str(trees[1].value["b"].value[0].span), problems
    (['m.yaml:1:1', 'm.yaml:4:1'], 'm.yaml:4:5', [])
    """
    builder = _Builder(file, documents=True)
    try:
        builder.build(yaml.parse(text, Loader=_Loader), None)
    except _Fatal as fatal:
        return [], [fatal.problem]
    except (yaml.MarkedYAMLError, yaml.reader.ReaderError) as err:
        return [], [_syntax_problem(err, text, builder)]
    return builder.roots, builder.problems


def plain(node: Node) -> Any:
    """The plain Python value of a located tree (dicts, lists, scalars), places dropped;
    a value refused while parsing is None."""
    if node.kind == "map":
        return {key: plain(child) for key, child in node.value.items()}
    if node.kind == "seq":
        return [plain(child) for child in node.value]
    return node.value


def _syntax_problem(err: Exception, text: str, builder: "_Builder") -> Problem:
    if isinstance(err, yaml.reader.ReaderError):
        line, column = _position(text, err.position)
        character = err.character if isinstance(err.character, int) else ord(err.character)
        return Problem(Span(builder.file, line, column),
                       f"invalid YAML: {err.reason} (character #x{character:04x})")
    assert isinstance(err, yaml.MarkedYAMLError)
    mark = err.problem_mark or err.context_mark
    message = f"invalid YAML: {err.problem or 'syntax error'}"
    if err.context:
        started = err.context_mark
        where = (f" started at line {started.line + 1}, column {started.column + 1}"
                 if started and (started.line, started.column) != (mark.line, mark.column)
                 else "")
        message += f" ({err.context}{where})"
    if "maximum nesting depth" in message:  # libyaml 0.2.5+ stops before we do
        message = f"nested more than {MAX_DEPTH} levels deep"
    return Problem(builder.span(mark), message)


def _position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_STD):] if tag.startswith(_STD) else tag


class _Builder:
    """Builds located nodes from parser events; problems that allow going on are collected."""

    def __init__(self, file: str, documents: bool = False):
        self.file = file
        self.documents = documents  # a stream of documents, each root kept in roots
        self.roots: list[Node] = []
        self.problems: list[Problem] = []
        self.anchors: dict[str, Node] = {}
        self.open_anchors: set[str] = set()
        self.written = 0
        self.copied = 0  # keys copied by merge keys

    def span(self, mark: Any) -> Span:
        return Span(self.file, mark.line + 1, mark.column + 1) if mark else Span(self.file, 1, 1)

    def refuse(self, span: Span, message: str, hint: str = "") -> Node:
        """Record a problem; a placeholder stands in so that the rest is still checked."""
        self.problems.append(Problem(span, message, hint=hint))
        return self.close(Node("scalar", None, span.file, span.line, span.column, "", "refused"),
                          ())

    def close(self, node: Node, children: Any) -> Node:
        self.written += 1
        if children:
            node.weight = 1 + sum(child.weight for child in children)
        return node

    def build(self, events: Any, progress: Callable[[int], None] | None) -> Node | None:
        stack: list[_Open] = []
        root: Node | None = None
        documents = 0
        for count, event in enumerate(events):
            if progress is not None and not count % _PROGRESS_EVERY:
                progress(event.start_mark.index)
            kind = type(event)
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if self.documents:
                    self.anchors.clear()  # an anchor is its document's own
                    root = None
                    continue
                if documents > 1:
                    raise _Fatal(Problem(self.span(event.start_mark), "a second YAML document "
                                         "('---'): an inventory file holds one",
                                         hint="split the documents into files of their own"))
                continue
            if kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
                if len(stack) >= MAX_DEPTH:
                    raise _Fatal(Problem(self.span(event.start_mark),
                                         f"nested more than {MAX_DEPTH} levels deep"))
                if event.anchor is not None:
                    self.open_anchors.add(event.anchor)
                container = "map" if kind is yaml.MappingStartEvent else "seq"
                mark = event.start_mark
                stack.append(_Open(Node(container, None, self.file, mark.line + 1, mark.column + 1,
                                        keys={} if container == "map" else None),
                                   event.anchor))
                self._check_collection_tag(event, container)
                continue
            if kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                done = stack.pop()
                node = self._mapping(done) if done.node.kind == "map" else self._sequence(done)
                self._anchor(done.anchor, node)
            elif kind is yaml.ScalarEvent:
                node = self._scalar(event)
                self._anchor(event.anchor, node)
            elif kind is yaml.AliasEvent:
                node = self._alias(event)
            elif kind is yaml.DocumentEndEvent and self.documents:
                if root is not None and not (root.kind == "scalar" and root.tag == "null"):
                    self._check_expansion(root)
                    self.roots.append(root)
                continue
            else:  # stream and document boundaries
                continue
            if node.tag == "merge" and not (stack and stack[-1].node.kind == "map"
                                            and not len(stack[-1].children) % 2):
                node = self.refuse(node.span, "'<<' is YAML's merge key: it may only be a "
                                   "key in a mapping, followed by the mapping to merge",
                                   "quote it ('<<') to mean the text")
            if stack:
                stack[-1].children.append(node)
            else:
                root = node
        if root is not None:
            self._check_expansion(root)
        return root

    def _check_collection_tag(self, event: Any, container: str) -> None:
        if event.tag not in (None, "!", f"{_STD}{container}"):
            self.problems.append(Problem(self.span(event.start_mark),
                                         f"YAML tag '{_tag_name(event.tag)}' is not allowed: "
                                         "an inventory holds plain data only",
                                         hint="remove the tag"))

    def _anchor(self, anchor: str | None, node: Node) -> None:
        if anchor is not None:
            self.open_anchors.discard(anchor)
            self.anchors[anchor] = node

    def _alias(self, event: Any) -> Node:
        span = self.span(event.start_mark)
        if event.anchor in self.open_anchors:
            raise _Fatal(Problem(span, f"alias '*{event.anchor}' refers to a node that "
                                 "contains it (a recursive alias)"))
        node = self.anchors.get(event.anchor)
        if node is None:
            return self.refuse(span, f"unknown alias '*{event.anchor}'",
                               "define the anchor '&name' before using it")
        return node

    def _scalar(self, event: Any) -> Node:
        mark = event.start_mark
        line, column = mark.line + 1, mark.column + 1
        tag = event.tag
        if tag is None or tag == "!":
            tag = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _MERGE:
            return self.close(Node("scalar", "<<", self.file, line, column, "<<", "merge"), ())
        short = _SCALAR_TAGS.get(tag)
        if short is None:
            return self.refuse(Span(self.file, line, column),
                               f"YAML tag '{_tag_name(tag)}' is not allowed: "
                               "an inventory holds plain data only", "remove the tag")
        value: Any = event.value
        if short in ("str", "timestamp"):
            short = "str"
        else:
            try:
                value = _CONSTRUCTORS[tag](_construct, yaml.ScalarNode(tag, event.value))
            except (yaml.YAMLError, ValueError):
                short = "str"
        return self.close(Node("scalar", value, self.file, line, column, event.value, short), ())

    def _sequence(self, done: _Open) -> Node:
        done.node.value = done.children
        return self.close(done.node, done.children)

    def _mapping(self, done: _Open) -> Node:
        node = done.node
        values: dict[str, Node] = {}
        merged: list[Node] = []
        pairs = zip(done.children[0::2], done.children[1::2])
        for key, value in pairs:
            if key.tag == "merge":
                merged.extend(self._merge_sources(value))
            elif key.tag == "refused":
                continue
            elif key.kind != "scalar":
                self.problems.append(Problem(key.span, "a mapping key must be a plain name, "
                                             "not a list or mapping"))
            elif key.raw in node.keys:
                first = node.keys[key.raw]
                self.problems.append(Problem(key.span, f"duplicate key '{key.raw}'",
                                             hint=f"first at line {first.line}, column "
                                                  f"{first.column}; remove one of them"))
            else:
                node.keys[key.raw] = key.span
                values[key.raw] = value
        seen: set[int] = set()
        for source in merged:  # explicit keys win, then earlier sources
            if id(source) in seen:  # the same mapping again adds nothing
                continue
            seen.add(id(source))
            self._copying(len(source.value), node.span)
            for name, child in source.value.items():
                if name not in values:
                    values[name], node.keys[name] = child, source.keys[name]
        node.value = values
        return self.close(node, values.values())

    def _copying(self, keys: int, span: Span) -> None:
        """Count the keys merge keys copy, and refuse a file whose merges copy more
        than its aliases may expand (merges of merges grow quadratically while each
        node stays small, which the final expansion check would see too late)."""
        self.copied += keys
        if self.copied > _EXPANSION_FACTOR * self.written + _EXPANSION_ALLOWANCE:
            raise _Fatal(Problem(span, f"refused: merge keys copy {self.copied:,} keys "
                                 f"from {self.written:,} values written so far "
                                 "(a merge bomb?)",
                                 hint="write the merged mappings out, or merge fewer of them"))

    def _merge_sources(self, value: Node) -> list[Node]:
        if value.tag == "refused":  # already reported
            return []
        sources = value.value if value.kind == "seq" else [value]
        if all(source.kind == "map" for source in sources):
            return sources
        self.problems.append(Problem(value.span, "a merge key '<<' takes a mapping or a "
                                     "list of mappings"))
        return []

    def _check_expansion(self, root: Node) -> None:
        expanded = root.weight
        if expanded > _EXPANSION_FACTOR * self.written + _EXPANSION_ALLOWANCE:
            raise _Fatal(Problem(root.span, f"refused: aliases expand this file to "
                                 f"{expanded:,} values from {self.written:,} written "
                                 "(an alias bomb?)",
                                 hint="write the repeated parts out, or anchor fewer of them"))
