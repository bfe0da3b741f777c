"""Parse untrusted XML into located elements, safely.

Built on expat directly, for two reasons: every element keeps its
``file:line:column``, and the document type declaration can be refused before
anything in it is read. No DTD means no entity can be declared, so no entity
expansion (the "billion laughs"), no external entity (a local file read) and no
network access; a file with a ``<!DOCTYPE`` is rejected at once. The tree is
built with an explicit stack and its depth is bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.parsers import expat

from depgraph.core.model import Span
from depgraph.core.problems import Problem

__all__ = ["Element", "parse_xml", "MAX_DEPTH"]

#: How deep elements may nest (a fault tree written by hand needs about ten levels).
MAX_DEPTH = 200
#: Elements whose text is kept; whitespace between elements is dropped.
_TEXT_TAGS = frozenset({"label"})


@dataclass(slots=True, eq=False)
class Element:
    """An XML element with the place where its start tag begins."""

    tag: str
    attrs: dict[str, str]
    span: Span
    children: list["Element"] = field(default_factory=list)
    text: str = ""

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.attrs.get(key, default)


#: The encoding an XML declaration names, if any.
_DECLARED = re.compile(rb"""<\?xml[^>]*?\sencoding\s*=\s*(["'])([A-Za-z0-9._-]*)\1""")


class _Refused(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


def parse_xml(data: bytes, file: str) -> tuple[Element | None, list[Problem]]:
    """The root element of ``data``, or None and the problem that stopped the parser.

    >>> root, problems = parse_xml(b'<a x="1">\\n  <b/>\\n</a>', "f.xml")
    >>> root.tag, root.children[0].tag, str(root.children[0].span)
    ('a', 'b', 'f.xml:2:3')
    >>> parse_xml(b'<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', "f.xml")[1][0].message
    'a document type declaration (<!DOCTYPE) is not allowed'
    """
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[Element] = []
    roots: list[Element] = []
    where = [-1]  # the byte offset of a refused declaration, when the parser is past it

    def here() -> Span:
        return Span(file, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)

    def start(tag: str, attrs: dict[str, str]) -> None:
        if len(stack) >= MAX_DEPTH:
            raise _Refused(f"elements nest deeper than {MAX_DEPTH} levels")
        element = Element(tag, attrs, Span(file, parser.CurrentLineNumber,
                                           parser.CurrentColumnNumber + 1), [])
        (stack[-1].children if stack else roots).append(element)
        stack.append(element)

    def text(data: str) -> None:
        if stack and stack[-1].tag in _TEXT_TAGS:
            stack[-1].text += data

    def doctype(*_args) -> None:
        where[0] = max(data.rfind(b"<!DOCTYPE", 0, parser.CurrentByteIndex + 1), 0)
        raise _Refused("a document type declaration (<!DOCTYPE) is not allowed",
                       "remove it: the files this reads need no DTD, and a DTD can "
                       "declare entities that expand without bound")

    def entity(*_args) -> None:
        raise _Refused("entity declarations are not allowed")

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: stack.pop()
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.ExternalEntityRefHandler = lambda *args: entity()
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        span = here() if where[0] < 0 else _span_at(data, where[0], file)
        return None, [Problem(span, refused.message, hint=refused.hint)]
    except expat.ExpatError as error:
        return None, [Problem(Span(file, error.lineno, error.offset + 1),
                              f"not well-formed XML: {expat.ErrorString(error.code)}")]
    except (ValueError, LookupError) as error:  # an encoding expat cannot take (UTF-7...)
        declared = _DECLARED.match(data)
        name = declared.group(2).decode("ascii") if declared else "?"
        column = declared.start(2) + 1 if declared else 1
        return None, [Problem(Span(file, 1, column),
                              f"the file declares the encoding '{name}', which cannot be "
                              f"read here ({error})", hint="save it as UTF-8")]
    return roots[0], []


def _span_at(data: bytes, offset: int, file: str) -> Span:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return Span(file, data.count(b"\n", 0, offset) + 1, offset - line_start + 1)
