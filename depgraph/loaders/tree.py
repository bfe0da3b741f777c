"""A located tree: the plain data of one inventory file, every value with its place.

Parsers (YAML today) produce it; the schema reads it. Keeping it independent of
the parser lets another source format reuse the schema and its error messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from depgraph.core.model import Span

__all__ = ["Node"]


@dataclass(slots=True, eq=False)
class Node:
    """A mapping, a sequence or a scalar, with the place where it starts.

    The place is kept as ``file``, ``line`` and ``column`` and made a :class:`Span` when
    asked for (``span``): a file of millions of values would otherwise hold as many
    Span objects, 72 bytes each, next to their nodes.

    For a mapping, ``value`` maps each key to its node and ``keys`` maps it to the
    span of the key itself (None for lists and scalars: a file of millions of
    values would otherwise hold as many empty dictionaries). For a scalar, ``raw`` is
    the text as written and ``tag`` one of ``str``, ``int``, ``float``, ``bool``,
    ``null``. ``weight`` is the number of values the node stands for once aliases are
    expanded (the alias-bomb guard's count).
    """

    kind: str
    value: Any
    file: str
    line: int
    column: int
    raw: str = ""
    tag: str = ""
    keys: dict[str, Span] | None = None
    weight: int = 1

    @property
    def span(self) -> Span:
        """Where the node starts (a new Span each time: one that is kept is kept by its user)."""
        return Span(self.file, self.line, self.column)

    @property
    def type_name(self) -> str:
        """What a person would call this value: a mapping, a list, a string…"""
        if self.kind == "map":
            return "a mapping"
        if self.kind == "seq":
            return "a list"
        return {
            "str": "a string",
            "int": "an integer",
            "float": "a number",
            "bool": "a boolean",
            "null": "nothing (null)",
        }.get(self.tag, "a value that could not be read")
