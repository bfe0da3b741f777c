"""What makes inventory text and SVG pictures inert in the report's HTML page.

Every inventory string goes through :func:`escape_html`. The SVG pictures are
depgraph's own (the restoration timeline, and the diagrams Graphviz draws), and are
sanitised all the same, since an inventory's names end up in them: parsed as XML
and written back from an allowlist of SVG elements and attributes, without scripts,
event handlers, links or references outside the picture (``href`` and ``url()`` only
to the picture's own ids), comments, DOCTYPE or XML declaration, and with their ids
prefixed so that two pictures on one page cannot collide. Security-relevant: change
it together with ``tests/test_svg_sanitiser.py``.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ElementTree

from depgraph.core.wording import visible, xml_safe

__all__ = ["escape_html", "sanitise_svg"]


def escape_html(text: object, lines: bool = False) -> str:
    """Inventory text, inert in HTML: ``<>&"'`` escaped, characters HTML forbids replaced.

    >>> escape_html('<b title="x">R&D</b>')
    '&lt;b title=&quot;x&quot;&gt;R&amp;D&lt;/b&gt;'
    """
    # Inventory text shows its line breaks as escapes; a picture's own tooltips
    # (``lines``, already escaped value by value when drawn) keep theirs.
    shown = "\n".join(map(visible, str(text).split("\n"))) if lines else visible(str(text))
    return html.escape(xml_safe(shown, html=True), quote=True)


_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_XML_NS = "http://www.w3.org/XML/1998/namespace"

#: SVG elements kept; anything else is dropped with its content.
_ELEMENTS = {name.lower(): name for name in (
    "svg", "g", "defs", "title", "desc", "text", "tspan", "path", "rect", "circle",
    "ellipse", "line", "polyline", "polygon", "pattern", "linearGradient",
    "radialGradient", "stop", "clipPath", "mask", "marker", "symbol", "use", "style", "a")}
_DROPPED_ATTRIBUTES = {"target", "download", "ping", "rel", "referrerpolicy"}
_URL = re.compile(r"url\(\s*(['\"]?)\s*([^)'\"]*?)\s*\1\s*\)", re.IGNORECASE)


def _local(name: str) -> tuple[str, str]:
    """``(namespace, local name)`` of an ElementTree tag or attribute name."""
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


class _SvgWriter:
    """Writes an element tree back as inline SVG, keeping only what is allowed."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.ids: set[str] = set()
        self.out: list[str] = []

    def collect_ids(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            if element.get("id"):
                self.ids.add(element.get("id"))

    def _fragment(self, value: str) -> str | None:
        """A reference inside the picture, with its id prefixed; None for anything else."""
        value = value.strip()
        if not value.startswith("#"):
            return None
        target = value[1:]
        return f"#{self.prefix}{target}" if target in self.ids else value

    def _css(self, text: str) -> str | None:
        """CSS with every ``url()`` made local (or ``none``); None when it imports,
        evaluates or scripts anything."""
        lowered = text.lower()
        if "@import" in lowered or "expression(" in lowered or "javascript:" in lowered:
            return None

        def local(match: re.Match) -> str:
            fragment = self._fragment(match.group(2))
            return f"url({fragment})" if fragment else "none"

        return _URL.sub(local, text)

    def attributes(self, element: ElementTree.Element) -> list[tuple[str, str]]:
        """The attributes kept, in order: no handler, link target or foreign namespace;
        references local; ids prefixed."""
        kept = []
        for name, value in element.attrib.items():
            namespace, local = _local(name)
            lowered = local.lower()
            if lowered.startswith("on") or lowered in _DROPPED_ATTRIBUTES:
                continue
            if lowered == "href" and namespace in ("", _XLINK_NS):
                fragment = self._fragment(value)
                if fragment is None:
                    continue
                kept.append(("xlink:href" if namespace else "href", fragment))
                continue
            if namespace == _XML_NS and lowered == "space":
                kept.append(("xml:space", value))
                continue
            if namespace or lowered == "xmlns" or "javascript:" in value.lower():
                continue
            if lowered == "id":
                value = self.prefix + value
            elif "url(" in value.lower() or lowered == "style":
                cleaned = self._css(value)
                if cleaned is None:
                    continue
                value = cleaned
            kept.append((local, value))
        return kept

    def element(self, element: ElementTree.Element, root: bool = False,
                label: str | None = None) -> None:
        """The element, if allowed, with its text and allowed children (links become
        groups that keep their tooltip); the root is labelled as an image."""
        namespace, local = _local(element.tag)
        name = _ELEMENTS.get(local.lower()) if namespace in ("", _SVG_NS) else None
        if name is None or not isinstance(element.tag, str):
            return
        attributes = self.attributes(element)
        tip = None
        if name == "a":  # a link: keep what it draws and its tooltip, not the link
            name, attributes = "g", [(k, v) for k, v in attributes
                                     if k not in ("href", "xlink:href", "title")]
            tip = element.get(f"{{{_XLINK_NS}}}title") or element.get("title")
        if root:
            attributes = [(k, v) for k, v in attributes if k not in ("role", "aria-label")]
            attributes += [("role", "img")] + ([("aria-label", label)] if label else [])
        head = " ".join([name] + [f'{k}="{escape_html(v)}"' for k, v in attributes])
        text = element.text or ""
        if name == "style":
            text = self._css(text) or ""
        children = list(element)
        if not text and not children and not tip:
            self.out.append(f"<{head}/>")
        else:
            tooltip = f"<title>{escape_html(tip, lines=True)}</title>" if tip else ""
            self.out.append(f"<{head}>" + tooltip
                            + (escape_html(text, lines=True) if text else ""))
            for child in children:
                self.element(child)
                if child.tail:
                    self.out.append(escape_html(child.tail, lines=True))
            self.out.append(f"</{name}>")


def sanitise_svg(svg: str, prefix: str, label: str | None = None) -> str | None:
    """``svg`` as inline SVG for an HTML page: no XML declaration or DOCTYPE, comments
    dropped, only the allowed SVG elements and attributes, no script, no event handler,
    no reference outside the picture, ids prefixed with ``prefix``. None when ``svg``
    is not an SVG document.

    >>> sanitise_svg('<svg xmlns="http://www.w3.org/2000/svg" onload="x()"><script>x()'
    ...              '</script><rect id="r" fill="url(#r)"/></svg>', "p-", "a picture")
    '<svg role="img" aria-label="a picture"><rect id="p-r" fill="url(#p-r)"/></svg>'
    >>> sanitise_svg("<html/>", "p-") is None
    True
    """
    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError:
        return None
    if _local(root.tag)[1] != "svg":
        return None
    writer = _SvgWriter(prefix)
    writer.collect_ids(root)
    writer.element(root, root=True, label=label)
    return "".join(writer.out)
