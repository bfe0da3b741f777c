"""What every importer shares (NetBox, Backstage, Kubernetes, and the next one).

An importer is a pipeline of four steps, of which only the third is its own:

1. **read** the source, live or from files, into plain records (dicts and lists as
   the source gives them, nothing interpreted): ``loaders/<source>/`` modules such as
   ``netbox/api.py`` and ``netbox/recorded.py``, or a reader of descriptor files;
2. **previous**: :func:`read_previous` reads the file the last import wrote, for the
   ids it gave (a rename at the source is said) and to refuse overwriting a file a
   person wrote;
3. **map** the records to components, pure: ``import_<source>(records, options,
   previous) -> Imported``, with :class:`Finding` for what was inferred or could not be
   resolved, ``left_out`` for what was not imported and why, and :func:`renames`;
4. **write**: ``depgraph.cli.importing.write_import`` writes the inventory with its
   ``generated:`` block (:attr:`Imported.generated`), nothing on error.

Each component an importer writes names its origin under ``meta.source``: ``system``
(netbox, backstage, kubernetes), ``type`` (the object type there), ``id`` (its id or
reference there) and ``url`` (where to see it). Renames are found by ``(type, id)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

from depgraph.core.model import Inventory, Span
from depgraph.core.problems import DepgraphError

__all__ = ["Finding", "Imported", "Previous", "PreviousFileError", "read_previous", "short_source",
           "renames"]


@dataclass(frozen=True, order=True)
class Finding:
    """Something an import inferred or could not resolve, about one object of the
    source: where to see it (a URL, or the file for a file source) and what was found.

    ``at`` is the ``file:line:column`` of a file source, for the message on stderr; it is
    not written into the generated file, nor compared, so that moving an object within
    its file changes no byte of the import."""

    url: str
    message: str
    at: str = field(default="", compare=False)

    @classmethod
    def located(cls, span: Span, message: str) -> "Finding":
        """A finding about what is written at ``span``: the file as its URL, the span
        as where it is (a span without a line, an API's URL, is both)."""
        return cls(span.file, message, str(span))

    @property
    def where(self) -> str:
        """Where to look: ``file:line:column`` for a file source, else the URL."""
        return self.at or self.url


@dataclass(frozen=True)
class Previous:
    """What the file of the previous import says: the id it gave each object of the
    source (``(type, id)`` → component id) and the renames it already carried."""

    ids: Mapping[tuple[str, Any], str] = field(default_factory=dict)
    renames: tuple[tuple[str, str, str], ...] = ()  # (from, to, url)


@dataclass(frozen=True)
class Imported:
    """The result of an import: the inventory, and what its ``generated:`` block says."""

    by: str  # the command, "depgraph import netbox"
    inventory: Inventory
    findings: tuple[Finding, ...]
    left_out: tuple[tuple[str, str, str], ...]  # (id, why, url)
    renames: tuple[tuple[str, str, str], ...]  # (from, to, url)
    source: str  # what was read: a NetBox's URL, the files given

    @property
    def generated(self) -> dict[str, Any]:
        """The ``generated:`` block of the file (see the inventory reference)."""
        block: dict[str, Any] = {"by": self.by, "source": self.source}
        if self.findings:
            block["findings"] = [{"message": f.message, "url": f.url} for f in self.findings]
        if self.renames:
            block["renamed"] = [{"from": old, "to": new, "url": url}
                                for old, new, url in self.renames]
        if self.left_out:
            block["left_out"] = [{"id": ident, "why": why, "url": url}
                                 for ident, why, url in self.left_out]
        return block


def short_source(source: str) -> str:
    """What was read, shortly enough to name an inventory (the title of its diagrams and
    reports): each file by its name, a URL whole; ``generated.source`` keeps the paths.

    >>> short_source("../data/examples/all-components.yaml, https://backstage.example.com")
    'all-components.yaml, https://backstage.example.com'
    """
    parts = [p.strip() for p in source.split(", ") if p.strip()]
    return ", ".join(p if "://" in p else p.rstrip("/").rsplit("/", 1)[-1] or p
                     for p in parts)


def renames(inventory: Inventory, previous: Previous) -> tuple[tuple[str, str, str], ...]:
    """Ids that changed since the previous import, the same object of the source under
    a new id, and the earlier renames still true (followed to the object's id now)."""
    now: dict[tuple[str, Any], tuple[str, str]] = {}
    for component in inventory.components.values():
        source = component.meta.get("source")
        if isinstance(source, Mapping):
            now[str(source.get("type")), source.get("id")] = (component.id,
                                                               str(source.get("url") or ""))
    renamed: dict[str, tuple[str, str]] = {}
    for key, old in previous.ids.items():
        if key in now and now[key][0] != old:
            renamed[old] = now[key]
    by_old_id = {old: key for key, old in previous.ids.items()}
    for old, new, _ in previous.renames:
        key = by_old_id.get(new)
        if key in now and old not in renamed:
            renamed[old] = now[key]
    return tuple((old, new, url) for old, (new, url) in sorted(renamed.items())
                 if old != new and old not in inventory.components)


class PreviousFileError(DepgraphError):
    """The output file exists and is not one this importer wrote."""


def read_previous(path: str, by: str) -> Previous | None:
    """What the file at ``path`` says of the previous import by ``by`` (the command,
    ``depgraph import netbox``); None if there is no such file.

    Raises :class:`PreviousFileError` if the file is not one that command wrote: it may
    be a hand-written file, or another importer's, which a re-import must not destroy.
    """
    file = Path(path)
    if not file.is_file():
        return None
    refuse = PreviousFileError(
        f"refusing to overwrite {path}: it is not a file '{by}' wrote (it has no "
        f"'generated: {{by: {by}}}'); write the import to a file of its own, beside the "
        "hand-written ones, or remove this one first")
    try:
        data: Any = yaml.load(file.read_bytes(), Loader=getattr(yaml, "CSafeLoader",
                                                                yaml.SafeLoader))
    except (OSError, yaml.YAMLError, UnicodeDecodeError, RecursionError):
        raise refuse from None
    generated = data.get("generated") if isinstance(data, dict) else None
    if not isinstance(generated, dict) or generated.get("by") != by:
        raise refuse
    ids: dict[tuple[str, Any], str] = {}
    for component in data.get("components") or ():
        source = (component.get("meta") or {}).get("source") if isinstance(component, dict) \
            else None
        if isinstance(source, dict) and isinstance(component.get("id"), str):
            ids[str(source.get("type")), source.get("id")] = component["id"]
    renamed = tuple((str(r.get("from")), str(r.get("to")), str(r.get("url") or ""))
                    for r in generated.get("renamed") or () if isinstance(r, dict))
    return Previous(ids, renamed)
