"""Output formats: each turns a result into a string and never prints.

One module per format, imported only when chosen. Every format offers the same
methods (see :class:`depgraph.formats.base.Format`); the CLI takes its choices
from :data:`FORMATS`.
"""

from __future__ import annotations

import importlib

from depgraph.formats.base import Format

__all__ = ["FORMATS", "COMMAND_FORMATS", "get_format", "Format"]

#: Format names, in the order the CLI lists them.
FORMATS = ("text", "json", "markdown", "sarif", "junit", "github")

#: The formats each command offers ("svg" is a picture, drawn by depgraph.render).
COMMAND_FORMATS = {
    "validate": FORMATS,
    "spof": FORMATS,
    "blast-radius": ("text", "json", "markdown"),
    "diff": ("text", "json", "markdown"),
    "restore-plan": ("text", "json", "markdown", "svg"),
}


def get_format(name: str) -> Format:
    """The formatter called ``name`` (one of :data:`FORMATS`)."""
    if name not in FORMATS:
        raise ValueError(f"unknown format '{name}'")
    return importlib.import_module(f"depgraph.formats.{name}").FORMAT
