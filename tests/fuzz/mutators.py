"""Mutations of real inputs, as Hypothesis strategies: what a hostile or careless hand
does to an inventory or an Open-PSA file."""

from __future__ import annotations

import re

from hypothesis import strategies as st

#: Values a YAML value may be swapped for: other types, huge and negative numbers,
#: odd durations, YAML's own traps, controls and bidirectional text.
HOSTILE_VALUES = (
    "[]", "{}", "null", "~", "''", "-1", "0", "1e400", "-1e400", ".nan", ".inf", "0x1F",
    "99999999999999999999999", "-99999999999999999999", "1_000", "0o17", "1.5", "true",
    "no", "-1h", "0s", "1e3s", "99999999999d", "1h-5m", "3 h", "1.5h", "PT1H", "2026-12-03",
    "12:30:00", '"\\x1b[2J\\x07"', '"a\\nb: c"', '"\\u202egnp.exe"', '"\\x00\\x85\\u2028"',
    "'<<'", "<<", "*nope", "&a x", "!!python/object/apply:os.system ['true']", "!custom x",
    '"' + "x" * 5000 + '"', "[" * 150 + "]" * 150, "{a: " * 120 + "1" + "}" * 120,
    "{<<: {a: 1}}", "[a, a, a]", "[{any: []}]", "{at_least: 5, of: [a]}", "|\n  block\n",
    ">-\n  folded\n", "? complex\n: key", "- - -", "%YAML 1.1", "---", "...", "\t",
)
#: Lines a mutation may insert.
INSERTED_LINES = (
    "x-a: &a {k: 1}", "  <<: *a", "<<: {components: []}", "  - <<", "components: <<",
    "%TAG ! tag:example.com,2000:", "---", "...", "\ufeffname: bom", "\tname: tab",
    "lint: {disable: [nonesuch]}", "  - {id: dup, type: site}", "  - {id: dup, type: site}",
    "providers: [{id: p, name: \"\\u202e\"}]", "version: 99999999999999999999",
    "x-deep: " + "[" * 200 + "]" * 200, "  meta: " + "{k: " * 110 + "1" + "}" * 110,
)
_VALUE = re.compile(rb"(?m)^(\s*(?:- )?[A-Za-z_][\w-]*:[ \t]+)(\S[^\n]*)$")


def _splice(data: bytes, at: int, cut: int, insert: bytes) -> bytes:
    at = min(at, len(data))
    return data[:at] + insert + data[at + cut:]


@st.composite
def byte_flip(draw, data: bytes) -> bytes:
    at = draw(st.integers(0, max(len(data) - 1, 0)))
    return _splice(data, at, 1, bytes([draw(st.integers(0, 255))]))


@st.composite
def truncation(draw, data: bytes) -> bytes:
    return data[:draw(st.integers(0, len(data)))]


@st.composite
def line_edit(draw, data: bytes) -> bytes:
    lines = data.split(b"\n")
    i = draw(st.integers(0, len(lines) - 1))
    how = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "indent"]))
    if how == "delete":
        del lines[i]
    elif how == "duplicate":
        lines.insert(i, lines[i])
    elif how == "swap":
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    elif how == "insert":
        lines.insert(i, draw(st.sampled_from(INSERTED_LINES)).encode())
    else:
        lines[i] = draw(st.sampled_from([b"\t", b"  ", b" ", b""])) + lines[i]
    return b"\n".join(lines)


def swapping(pattern: re.Pattern[bytes], values: tuple[bytes, ...]):
    """A mutation that replaces the second group of one match of ``pattern`` (a value)
    by one of ``values``."""
    @st.composite
    def swap(draw, data: bytes) -> bytes:
        found = list(pattern.finditer(data))
        if not found:
            return data
        match = draw(st.sampled_from(found))
        return data[:match.start(2)] + draw(st.sampled_from(values)) + data[match.end(2):]
    return swap


value_swap = swapping(_VALUE, tuple(v.encode() for v in HOSTILE_VALUES))


@st.composite
def characters(draw, data: bytes) -> bytes:
    """Unicode and controls inside the text; a BOM; CRLF line ends."""
    how = draw(st.sampled_from(["char", "bom", "crlf", "cr"]))
    if how == "bom":
        return b"\xef\xbb\xbf" + data
    if how == "crlf":
        return data.replace(b"\n", b"\r\n")
    if how == "cr":
        return data.replace(b"\n", b"\r")
    char = draw(st.sampled_from(["\x00", "\x1b", "\x07", "\x7f", "\x85", "\u2028", "\u202e",
                                 "\ufeff", "\ud7ff", "é", "東", "🚑", "\u0301", "\xa0"]))
    encoded = char.encode("utf-8", errors="surrogatepass")
    at = draw(st.integers(0, len(data)))
    return _splice(data, at, 0, encoded)


YAML_MUTATIONS = (byte_flip, truncation, line_edit, line_edit, value_swap, value_swap,
                  characters)


@st.composite
def mutant(draw, seeds: dict[str, bytes], mutations: tuple) -> tuple[str, bytes]:
    """A seed's name, and the seed after one to three of ``mutations``."""
    name = draw(st.sampled_from(sorted(seeds)))
    data = seeds[name]
    for _ in range(draw(st.integers(1, 3))):
        data = draw(draw(st.sampled_from(mutations))(data))
    return name, data


def yaml_mutant(seeds: dict[str, bytes]):
    return mutant(seeds, YAML_MUTATIONS)


# -- Open-PSA -------------------------------------------------------------------------

_ELEMENT = re.compile(rb"<(?:[a-z-]+)[^<>]*/>|<([a-z-]+)[^<>]*>[^<]*</\1>")
_ATTRIBUTE = re.compile(rb'(\w[\w-]*)="([^"]*)"')
XML_VALUES = (b"", b"-1", b"1e400", b"nan", b"x y", b"a.b.c", b"\xe2\x80\xae", b"&#0;",
              b"&x;", b"&amp;", b"<", b"9" * 400, b"top", b"e1")
XML_INSERTS = (b'<!DOCTYPE opsa-mef [<!ENTITY x "y">]>', b"&x;", b"<![CDATA[x]]>", b"<?pi x?>",
               b'<?xml version="1.0" encoding="UTF-7"?>', b"<or>" * 150 + b"</or>" * 150,
               b'<basic-event name="top"/>', b'<gate name="nonesuch"/>', b"<atleast min=\"9\">",
               b'<define-gate name="loop"><or><gate name="loop"/></or></define-gate>',
               b"\x00", b"\xff\xfe")


@st.composite
def element_edit(draw, data: bytes) -> bytes:
    found = list(_ELEMENT.finditer(data))
    if not found:
        return data
    match = draw(st.sampled_from(found))
    if draw(st.booleans()):
        return data[:match.start()] + data[match.end():]
    return data[:match.end()] + match.group() + data[match.end():]


attribute_edit = swapping(_ATTRIBUTE, XML_VALUES)


@st.composite
def xml_insert(draw, data: bytes) -> bytes:
    at = draw(st.sampled_from([0, data.find(b">") + 1, data.find(b"<define"),
                               draw(st.integers(0, len(data)))]))
    return _splice(data, max(at, 0), 0, draw(st.sampled_from(XML_INSERTS)))


XML_MUTATIONS = (byte_flip, truncation, element_edit, element_edit, attribute_edit,
                 attribute_edit, xml_insert)


def xml_mutant(seeds: dict[str, bytes]):
    return mutant(seeds, XML_MUTATIONS)
