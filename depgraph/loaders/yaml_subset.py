"""What the fast YAML path may take: the subset of YAML that PyYAML (YAML 1.1) and yaml_rs
(YAML 1.2) provably read the same way, and no nesting beyond the reference path's limit.

:mod:`depgraph.loaders.fast_yaml` hands every file outside it to the reference path
(:mod:`depgraph.loaders.yaml_source`), which answers, or refuses with a located error.
"""

from __future__ import annotations

import re
from typing import Any

from depgraph.loaders.yaml_source import MAX_DEPTH

__all__ = ["FREE_DEPTH", "deeper_than", "outside_subset"]

#: Constructs outside the subset both parsers provably read the same way. A
#: match anywhere (even in a comment or a quoted string) sends the file down the
#: reference path: a false alarm costs time, never a wrong answer. Each pattern
#: starts with a literal (a lookbehind first would make the search ten times slower).
_OUTSIDE_TEXT = ("\t", "<<", "\x85", "\u2028", "\u2029", "\n---", "\n...", "\n%")
#: (literal, pattern): the pattern is searched only if the literal occurs at all.
_OUTSIDE = tuple((literal, re.compile(pattern)) for literal, pattern in (
    ("&", r"&(?<=[\s\[\]{},]&)"),      # anchors
    ("*", r"\*(?<=[\s\[\]{},]\*)"),    # aliases
    ("!", r"!(?<=[\s\[\]{},]!)"),      # tags
    # Numbers not written the canonical way: 010, 0x1f, 0o17, 0b1, 00, +1, -0.
    # A sign counts only at the start of a token: "rack-01" is text in both parsers.
    ("0", r"0(?:(?<=[\s\[{,:]0)|(?<=[\s\[{,:][+-]0))[0-9xXoObB_]"),
    ("-0", r"-0(?<=[\s\[{,:]-0)"),
    ("+", r"\+(?<=[\s\[{,:]\+)"),
))
#: A block scalar (| or >): yaml_rs takes one inside a flow collection, PyYAML does not.
_BLOCK_SCALAR = re.compile(r"[|>](?<=[\s:,\[{][|>])")
#: A digit and an underscore: 1_000 may be a number; is it?
_DIGIT_UNDERSCORE = re.compile(r"_(?<=[0-9]_)")
_TOKEN_START = re.compile(r"[\s\[\]{},:]")
_NUMBER_LIKE = re.compile(r"[-+]?[0-9][0-9_]*")
#: The start of a line indented (with spaces and the block indicators ``-``, ``?``, ``:``)
#: MAX_DEPTH columns or more. Block nesting needs indentation: a nested block collection
#: starts right of its parent, or below it for a list in a mapping, so d levels need a
#: line indented about d / 2 columns, and a file with no such line nests block collections
#: fewer than 2 * MAX_DEPTH levels deep (flow collections add at most yaml_rs's own limit,
#: about 250, beyond which it refuses the file). yaml_rs recurses in Rust: from about
#: 11,000 block levels it exhausts the stack and kills the process (no exception to catch).
_DEEP_LINE = tuple(re.compile(f"{start}[ ?:-]{{{MAX_DEPTH}}}") for start in ("\n", "\r", ""))
#: Characters PyYAML's reader refuses (yaml.reader.Reader.NON_PRINTABLE).
_PRINTABLE_ASCII = bytes([0x09, 0x0A, 0x0D, *range(0x20, 0x7F)])
_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]")


#: Free data (``meta``, ``x-`` keys) nesting deeper than this is left to the reference
#: path, which refuses more than MAX_DEPTH levels in the whole file; the margin covers
#: the levels above the free data (the file, the components, the component).
FREE_DEPTH = MAX_DEPTH - 10


def deeper_than(value: Any, limit: int) -> bool:
    """Whether ``value`` nests lists and mappings more than ``limit`` levels deep;
    without recursion, so that no depth can overflow the stack."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        kind = type(item)
        if kind is dict:
            children: Any = item.values()
        elif kind is list:
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def outside_subset(text: str) -> bool:
    """Whether ``text`` holds anything outside the subset (or may: false alarms are fine)."""
    # One '---' may open the file (PyYAML takes it); any other document marker may not.
    start = 3 if text.startswith("---") and text[3:4] in ("\n", "\r", " ") else 0
    body = text[start:] if start else text
    if body[:1] in ("&", "*", "!", "%", "+", "0", "-") or body.startswith("...") \
            or any(mark in body for mark in _OUTSIDE_TEXT) \
            or any(literal in body and pattern.search(body) for literal, pattern in _OUTSIDE):
        return True
    if _DEEP_LINE[0].search(body) or "\r" in body and _DEEP_LINE[1].search(body) \
            or _DEEP_LINE[2].match(body):
        return True
    if ("{" in body or "[" in body) and _BLOCK_SCALAR.search(body):
        return True
    for match in _DIGIT_UNDERSCORE.finditer(body):
        begin = match.start()
        while begin and not _TOKEN_START.match(body, begin - 1):
            begin -= 1
        if _NUMBER_LIKE.fullmatch(body, begin, match.end()):
            return True
    if body.isascii():  # the common case, in C: drop what is printable, is anything left?
        return bool(body.encode("ascii").translate(None, _PRINTABLE_ASCII))
    return _NON_PRINTABLE.search(body) is not None
