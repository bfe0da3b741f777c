"""DOT text for the diagrams: quoted ids and strings, and HTML-like labels.

Every name is drawn as written, whatever it holds (quotes, backslashes, ``<>{}|&``,
emoji, any script): ids and tooltips are quoted DOT strings, labels are HTML-like
labels with every special character escaped, and characters that XML or HTML forbid
are replaced.
"""

from __future__ import annotations

import html
import textwrap
from typing import Sequence

from depgraph.core.wording import visible, xml_safe

__all__ = ["dot_id", "font", "html_label", "html_text", "quoted", "wrapped"]

_WRAP = 28  # characters per label line
_MAX_LINES = 3


def dot_id(text: str) -> str:
    """A DOT id, always quoted.

    >>> dot_id("db-1")
    '"db-1"'
    """
    return quoted(text)


def quoted(text: str) -> str:
    """A quoted DOT string for an escString attribute (tooltip): ``\\`` and ``"`` escaped,
    line breaks as ``\\n``.

    >>> print(quoted('say "hi"\\nC:\\\\'))
    "say \\"hi\\"\\nC:\\\\"
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    text = "\n".join(xml_safe(visible(line), html=True) for line in lines)
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def html_text(text: object) -> str:
    """Text for an HTML-like label: XML-escaped; backslashes doubled, since Graphviz
    expands ``\\N``, ``\\G``... even there; line breaks are spaces.

    >>> print(html_text("<b> & \\\\N"))
    &lt;b&gt; &amp; \\\\N
    """
    text = xml_safe(visible(str(text)), html=True)
    return html.escape(text, quote=True).replace("\\", "\\\\")


def wrapped(text: str, width: int = _WRAP) -> list[str]:
    """``text`` in lines of ``width`` characters at most, three lines at most (the last
    cut with an ellipsis).

    >>> wrapped("Regional load balancer of the shop", 12)
    ['Regional', 'load', 'balancer of…']
    """
    lines = textwrap.wrap(text, width, break_on_hyphens=False) or [text]
    if len(lines) > _MAX_LINES:
        lines = lines[:_MAX_LINES]
        lines[-1] = lines[-1][:width - 1].rstrip() + "\u2026"
    return lines


def html_label(lines: Sequence[str], align: str | None = None) -> str:
    """``<...>``: label lines (already HTML) joined by breaks; ``align="LEFT"`` aligns
    every line left (a break aligns the line it ends).

    >>> html_label(["a", "b"]), html_label(["a"], "LEFT")
    ('<a<BR/>b>', '<a<BR ALIGN="LEFT"/>>')
    """
    if align is None:
        return "<" + "<BR/>".join(lines) + ">"
    brk = f'<BR ALIGN="{align}"/>'
    return "<" + brk.join(lines) + brk + ">"


def font(text: str, size: float | None = None, colour: str | None = None,
         bold: bool = False) -> str:
    """One line of a label, already escaped, with its font.

    >>> font("SPOF", 9, "#d1242f", bold=True)
    '<FONT POINT-SIZE="9" COLOR="#d1242f"><B>SPOF</B></FONT>'
    """
    if bold:
        text = f"<B>{text}</B>"
    attrs = []
    if size is not None:
        attrs.append(f'POINT-SIZE="{size:g}"')
    if colour is not None:
        attrs.append(f'COLOR="{colour}"')
    return f"<FONT {' '.join(attrs)}>{text}</FONT>" if attrs else text
