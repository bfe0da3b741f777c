"""Output formats: each turns a result into text (or an image's bytes) and never prints.

One registry, :data:`FORMATS`, says for every format which results it writes and
which file extensions name it; the command line derives from it what each command
offers (:func:`offered`), how ``-o FILE`` chooses a format (:func:`by_extension`) and
which module to import (:func:`get_format`, which imports only the one chosen).
A format object has one method per result it writes, named after the result
(``spof(report)``, ``restore_plan(plan)``, ``diagram(diagram)``, ...); a test holds
the registry to what the modules implement.

>>> offered("blast_radius")
('text', 'json', 'markdown')
>>> by_extension("plan.svg", "restore_plan"), by_extension("plan.svg", "spof")
('svg', None)
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass

__all__ = ["FORMATS", "RESULTS", "FormatInfo", "by_extension", "extensions", "get_format",
           "info", "offered"]

#: The results formats write, as the analyses return them, and the method that writes each.
RESULTS = ("problems", "blast_radius", "spof", "diff", "restore_plan", "diagram",
           "governance", "timeline", "data_spof", "bia")

_REPORTS = ("problems", "blast_radius", "spof", "diff", "restore_plan", "timeline",
            "data_spof", "bia")
_FINDINGS = ("problems", "spof", "data_spof")  # what has a place in a file: CI formats


@dataclass(frozen=True)
class FormatInfo:
    """One format: its name, where it is implemented (``module``, the object
    ``attribute``), the results it writes and the file extensions that name it."""

    name: str
    module: str
    results: tuple[str, ...]
    extensions: tuple[str, ...] = ()
    attribute: str = "FORMAT"
    binary: bool = False


#: Every format, in the order the command line lists them.
FORMATS = (
    FormatInfo("text", "depgraph.formats.text", _REPORTS, (".txt",)),
    FormatInfo("json", "depgraph.formats.json", _REPORTS, (".json",)),
    FormatInfo("html", "depgraph.formats.html", ("governance",), (".html", ".htm")),
    FormatInfo("markdown", "depgraph.formats.markdown", _REPORTS + ("governance",),
               (".md", ".markdown")),
    FormatInfo("csv", "depgraph.formats.csv", ("bia",), (".csv",)),
    FormatInfo("sarif", "depgraph.formats.sarif", _FINDINGS, (".sarif",)),
    FormatInfo("junit", "depgraph.formats.junit", _FINDINGS, (".xml",)),
    FormatInfo("github", "depgraph.formats.github", _FINDINGS),
    FormatInfo("dot", "depgraph.formats.images", ("diagram",), (".dot", ".gv"), "DOT"),
    FormatInfo("svg", "depgraph.formats.images", ("restore_plan", "diagram", "timeline"),
               (".svg",), "SVG"),
    FormatInfo("png", "depgraph.formats.images", ("diagram",), (".png",), "PNG", binary=True),
    FormatInfo("pdf", "depgraph.formats.images", ("diagram",), (".pdf",), "PDF", binary=True),
)

_BY_NAME = {info.name: info for info in FORMATS}


def offered(result: str) -> tuple[str, ...]:
    """The names of the formats that write ``result``, in :data:`FORMATS` order."""
    if result not in RESULTS:
        raise ValueError(f"unknown result '{result}'")
    return tuple(info.name for info in FORMATS if result in info.results)


def extensions(result: str) -> tuple[str, ...]:
    """The file extensions that name a format of ``result``."""
    return tuple(e for name in offered(result) for e in _BY_NAME[name].extensions)


def by_extension(path: str, result: str) -> str | None:
    """The format of ``result`` that ``path``'s extension names, or None."""
    extension = os.path.splitext(path)[1].lower()
    for name in offered(result):
        if extension in _BY_NAME[name].extensions:
            return name
    return None


def info(name: str) -> FormatInfo:
    """The registry's entry for ``name``."""
    if name not in _BY_NAME:
        raise ValueError(f"unknown format '{name}'")
    return _BY_NAME[name]


def get_format(name: str):
    """The format object called ``name`` (its module imported now, not before)."""
    entry = info(name)
    return getattr(importlib.import_module(entry.module), entry.attribute)
