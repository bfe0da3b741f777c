"""Small words shared by every output: plurals, short lists, durations, XML-safe text.

The pictures (``depgraph.render``) and the formats (``depgraph.formats``) both say
"3 targets", "a, b and 2 more" and "never", and both write XML or HTML; the helpers live
here, below both layers, so that each exists once. Pure: strings in, strings out.
"""

from __future__ import annotations

import functools
import re
from typing import Sequence

from depgraph.core.durations import format_duration

__all__ = ["duration_or_never", "duration_or_zero", "json_escaped", "listed", "plural", "visible",
           "xml_referred", "xml_safe"]


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 target``, ``2 targets``; ``many`` for irregular plurals.

    >>> plural(1, "target"), plural(3, "single point", "single points")
    ('1 target', '3 single points')
    """
    return f"{count} {word if count == 1 else (many or word + 's')}"


def listed(ids: Sequence[str], most: int = 8, *, ellipsis: bool = False) -> str:
    """The first ``most`` ids, and how many more there are; with ``ellipsis``, an
    ellipsis marks the cut (for tooltips, where the list reads as cut short).

    >>> listed(["a", "b", "c"], 2), listed(["a", "b"], 2)
    ('a, b and 1 more', 'a, b')
    >>> listed(["a", "b", "c"], 2, ellipsis=True)
    'a, b, … and 1 more'
    """
    shown = ", ".join(ids[:most])
    if len(ids) <= most:
        return shown
    cut = ", \u2026" if ellipsis else ""
    return f"{shown}{cut} and {len(ids) - most} more"


def duration_or_never(seconds: int | None) -> str:
    """When something is back: a duration, or ``never`` for None.

    >>> duration_or_never(5400), duration_or_never(0), duration_or_never(None)
    ('1h30m', '0m', 'never')
    """
    return "never" if seconds is None else format_duration(seconds)


def duration_or_zero(seconds: int) -> str:
    """A time on a time axis: ``0`` at the start, a duration after it.

    >>> duration_or_zero(0), duration_or_zero(3600)
    ('0', '1h')
    """
    return "0" if seconds == 0 else format_duration(seconds)


# XML 1.0's Char production: what an XML document may hold at all, even escaped (a
# YAML "\x01" escape can put anything else in a name). Python strings may also hold
# lone surrogates, which no encoder writes.
_XML_CHARS = "\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff"
# What HTML forbids besides: the controls DEL and C1 (U+007F to U+009F) and the
# noncharacters (U+FDD0 to U+FDEF, and the last two code points of every plane).
_NOT_HTML = "\x7f-\x9f\ufdd0-\ufdef" + "".join(
    chr(plane + last) for plane in range(0x10000, 0x110000, 0x10000)
    for last in (0xfffe, 0xffff))


@functools.cache
def _forbidden(html: bool) -> re.Pattern[str]:
    # Compiled on first use: these classes take milliseconds to compile, which every
    # command would otherwise pay at start-up.
    return re.compile(f"[^{_XML_CHARS}]|[{_NOT_HTML}]" if html else f"[^{_XML_CHARS}]")


#: What a person must never receive raw from an inventory: the C0 controls (line
#: breaks and tabs included: a value must not start a line of its own), DEL, the C1
#: controls, the line and paragraph separators, the bidirectional controls (which
#: reorder what is shown, "Trojan Source"), and lone surrogates.
_INVISIBLE = ("\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e"
              "\u2066-\u2069\ud800-\udfff")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


@functools.cache
def _invisible() -> re.Pattern[str]:
    return re.compile(f"[{_INVISIBLE}]")


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _SHORT.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str) -> str:
    r"""``text`` with every control, line break, bidirectional control and lone
    surrogate shown as its escape, for what a person reads (text, Markdown, GitHub
    annotations, HTML, diagrams); every other character unchanged.

    >>> print(visible("db\x1b[2J\nfile.yaml:1:1: error: FORGED \u202eevil"))
    db\x1b[2J\nfile.yaml:1:1: error: FORGED \u202eevil
    >>> visible("Hôpital 東京 🚑")
    'Hôpital 東京 🚑'
    """
    if text.isascii() and text.isprintable():
        return text
    return _invisible().sub(_shown, text)


def xml_safe(text: str, *, html: bool = False) -> str:
    """``text`` with every character that XML 1.0 forbids replaced by U+FFFD; with
    ``html``, also those that HTML forbids (controls, noncharacters), for what a browser
    or a person reads. Escaping ``<&"`` is left to the caller.

    >>> xml_safe("a\\x01b") == "a\\ufffdb", xml_safe("a\\x7fb") == "a\\x7fb"
    (True, True)
    >>> xml_safe("a\\x7fb\\x85c", html=True)
    'a�b�c'
    """
    return _forbidden(html).sub("\ufffd", text)


#: What XML and JSON may hold but a person must not read raw: DEL, the C1 controls,
#: the line and paragraph separators and the bidirectional controls.
_REFERRED = "\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"


@functools.cache
def _referred() -> re.Pattern[str]:
    return re.compile(f"[{_REFERRED}]")


def xml_referred(xml: str) -> str:
    """XML text (escaped, made :func:`xml_safe`) with what :func:`visible` would show
    as an escape and XML may hold written as a character reference instead: the same
    text to every XML parser, so data formats stay exact, yet visible to a person
    reading the file, and no longer reordering what is shown around it.

    >>> xml_referred("<label>gnp.\u202eexe\x7f</label>")
    '<label>gnp.&#x202E;exe&#x7F;</label>'
    """
    return _referred().sub(lambda m: f"&#x{ord(m.group()):02X};", xml)


def json_escaped(text: str) -> str:
    r"""JSON text with what XML would refer to (see :func:`xml_referred`) written as a
    ``\uXXXX`` escape: the same strings to every JSON parser (which already receives
    the other controls escaped), visible to a person reading the file. Outside strings
    JSON holds none of these characters, so the whole text can be passed.

    >>> print(json_escaped('{"name": "gnp.\u202eexe\x85"}'))
    {"name": "gnp.\u202eexe\u0085"}
    """
    if text.isascii() and "\x7f" not in text:
        return text
    return _referred().sub(lambda m: f"\\u{ord(m.group()):04x}", text)
