"""The words every output shares (depgraph.core.wording)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from depgraph.core.model import Span
from depgraph.core.problems import DepgraphError, InventoryError, Problem, SelectorError
from depgraph.core.wording import (duration_or_never, duration_or_zero, json_escaped, listed,
                                   plural, visible, xml_referred, xml_safe)
from depgraph.formats import base


def xml_char(point: int) -> bool:
    """XML 1.0's Char production, as the specification writes it."""
    return (point in (0x9, 0xA, 0xD) or 0x20 <= point <= 0xD7FF or 0xE000 <= point <= 0xFFFD
            or 0x10000 <= point <= 0x10FFFF)


def html_forbids(point: int) -> bool:
    """HTML's controls and noncharacters, as the HTML standard defines them."""
    control = point <= 0x1F and point not in (0x9, 0xA, 0xC, 0xD) or 0x7F <= point <= 0x9F
    noncharacter = 0xFDD0 <= point <= 0xFDEF or (point & 0xFFFE) == 0xFFFE
    return control or noncharacter


def test_xml_safe_replaces_exactly_what_xml_forbids_and_with_html_what_html_forbids_too():
    for point in range(0x110000):
        char = chr(point)
        assert (xml_safe(char) == char) == xml_char(point), hex(point)
        kept = xml_char(point) and not html_forbids(point)
        assert (xml_safe(char, html=True) == char) == kept, hex(point)
    assert xml_safe("a\x00b\ud800c") == "a\ufffdb\ufffdc"


def test_xml_safe_text_parses_as_xml():
    hostile = "".join(chr(p) for p in range(0x300)) + "\ufffe\uffff\udfff"
    element = ET.Element("t", name=xml_safe(hostile))
    element.text = xml_safe(hostile, html=True)
    parsed = ET.fromstring(ET.tostring(element, encoding="unicode"))
    assert parsed.text == xml_safe(hostile, html=True).replace("\r", "\n")  # XML's newlines


def test_plurals_lists_and_durations():
    assert [plural(n, "target") for n in (0, 1, 2)] == ["0 targets", "1 target", "2 targets"]
    assert plural(2, "single point of failure", "single points of failure") == \
        "2 single points of failure"
    assert base.plural is plural  # still importable where the formats take it
    assert listed(list("abcdefghij")) == "a, b, c, d, e, f, g, h and 2 more"
    assert listed([], 3) == ""
    assert (duration_or_never(None), duration_or_never(0), duration_or_never(90)) == \
        ("never", "0m", "1m30s")
    assert (duration_or_zero(0), duration_or_zero(60)) == ("0", "1m")


def test_xml_and_json_refer_to_exactly_what_visible_shows_and_they_can_hold():
    for point in range(0x110000):
        char = chr(point)
        hidden = visible(char) != char
        holdable = xml_char(point) and point not in (0x9, 0xA, 0xD)  # XML's whitespace
        referred = xml_referred(char)
        assert (referred != char) == (hidden and holdable), hex(point)
        if referred != char:
            assert ET.fromstring(f"<t>{referred}</t>").text == char
            assert json.loads(json_escaped(json.dumps(char, ensure_ascii=False))) == char
            assert json_escaped(char) == f"\\u{point:04x}"


def test_errors_show_what_they_quote_escaped_and_an_invalid_inventory_one_line_a_problem():
    assert str(SelectorError("selector 'a\nb\u202e' matches no component")) == \
        "selector 'a\\nb\\u202e' matches no component"
    assert str(DepgraphError("\x1b[2J")) == "\\x1b[2J"
    problems = [Problem(Span("f.yaml", line, 1), f"bad\n{line}") for line in (1, 2)]
    assert str(InventoryError(problems)).split("\n") == [
        "f.yaml:1:1: error: bad\\n1", "f.yaml:2:1: error: bad\\n2"]
