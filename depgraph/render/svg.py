"""SVG written as text: escaped text, elements, numbers, and text that fits a width.

The primitives of the pictures depgraph draws without a library: every string is made
XML-safe and escaped, numbers are written to one decimal, and, since no font metrics
are at hand, widths of text are estimated to cut labels before they overflow.
Deterministic: the same arguments always give the same bytes.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from depgraph.core.wording import visible, xml_safe

__all__ = ["esc", "fit", "number", "tag", "text_width", "title"]


def esc(text: object) -> str:
    """Text for SVG content or an attribute value: XML-safe, ``<&>"`` escaped, controls
    and bidirectional controls shown as escapes (line breaks are kept: tooltips have
    lines).

    >>> esc('a < "b" & c')
    'a &lt; &quot;b&quot; &amp; c'
    >>> print(esc("x\\u202ey"))
    x\\u202ey
    """
    lines = str(text).split("\n")
    return escape(xml_safe("\n".join(map(visible, lines))), {'"': "&quot;"})


def number(value: float) -> str:
    """A coordinate, to one decimal, without a trailing ``.0``.

    >>> number(12.0), number(3.14159), number(-0.04)
    ('12', '3.1', '0')
    """
    value = round(value, 1)
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def tag(name: str, content: str | None = None, **attrs: object) -> str:
    """One element; attribute names lose a trailing ``_`` and turn ``_`` into ``-``;
    None values are left out; ``content`` is markup, already escaped.

    >>> tag("rect", None, class_="bar", x=1.25, stroke_width=2, fill=None)
    '<rect class="bar" x="1.2" stroke-width="2"/>'
    >>> tag("text", esc("a & b"), y=10)
    '<text y="10">a &amp; b</text>'
    """
    parts = [name]
    for key, value in attrs.items():
        if value is None:
            continue
        key = key.rstrip("_").replace("_", "-")
        shown = number(value) if isinstance(value, (int, float)) else esc(value)
        parts.append(f'{key}="{shown}"')
    head = " ".join(parts)
    if content is None:
        return f"<{head}/>"
    return f"<{head}>{content}</{name.split()[0]}>"


def title(text: str) -> str:
    """A tooltip: a ``<title>`` element.

    >>> title("db-1 <primary>")
    '<title>db-1 &lt;primary&gt;</title>'
    """
    return f"<title>{esc(text)}</title>"


def text_width(text: str, size: float) -> float:
    """A rough width of ``text`` in a sans-serif font of ``size`` pixels.

    >>> text_width("Ill", 10) < text_width("MWM", 10)
    True
    """
    width = 0.0
    for char in text:
        if char in "iljtfI.,:;|!'()[] ":
            width += 0.32
        elif char in "mwMW@\u00d7\u2194\u2014":
            width += 0.86
        elif char.isupper():
            width += 0.68
        else:
            width += 0.56
    return width * size


def fit(text: str, size: float, room: float, limit: int = 10_000) -> str:
    """``text``, cut with an ellipsis to at most ``limit`` characters and ``room`` pixels.

    >>> fit("Regional load balancer", 11, 80)
    'Regional load…'
    >>> fit("Regional load balancer", 11, 500, limit=8)
    'Regiona…'
    """
    if len(text) <= limit and text_width(text, size) <= room:
        return text
    cut = text[:max(1, limit - 1)]
    while len(cut) > 1 and text_width(cut + "\u2026", size) > room:
        cut = cut[:-1]
    return cut.rstrip() + "\u2026"
