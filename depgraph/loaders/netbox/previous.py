"""The file a previous ``depgraph import netbox`` wrote, read before it is replaced:
the id it gave each NetBox object, so that a rename in NetBox is said (``renamed``),
and the proof that it is a generated file (a re-import never overwrites a file a
person wrote)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from depgraph.core.problems import DepgraphError
from depgraph.loaders.netbox.importer import Previous

__all__ = ["PreviousFileError", "read_previous"]

_BY = "depgraph import netbox"


class PreviousFileError(DepgraphError):
    """The output file exists and is not one this importer wrote."""


def read_previous(path: str) -> Previous | None:
    """What the file at ``path`` says of the previous import; None if there is none.

    Raises :class:`PreviousFileError` if the file is not one ``depgraph import netbox``
    wrote: it may be a hand-written file, which a re-import must not destroy.
    """
    file = Path(path)
    if not file.is_file():
        return None
    refuse = PreviousFileError(
        f"refusing to overwrite {path}: it is not a file '{_BY}' wrote (it has no "
        f"'generated: {{by: {_BY}}}'); write the import to a file of its own, beside the "
        "hand-written ones, or remove this one first")
    try:
        data: Any = yaml.load(file.read_bytes(), Loader=getattr(yaml, "CSafeLoader",
                                                                yaml.SafeLoader))
    except (OSError, yaml.YAMLError, UnicodeDecodeError, RecursionError):
        raise refuse from None
    generated = data.get("generated") if isinstance(data, dict) else None
    if not isinstance(generated, dict) or generated.get("by") != _BY:
        raise refuse
    ids: dict[tuple[str, int], str] = {}
    for component in data.get("components") or ():
        source = (component.get("meta") or {}).get("source") if isinstance(component, dict) \
            else None
        if isinstance(source, dict) and isinstance(component.get("id"), str):
            ids[str(source.get("type")), source.get("id")] = component["id"]
    renames = tuple((str(r.get("from")), str(r.get("to")), str(r.get("url") or ""))
                    for r in generated.get("renamed") or () if isinstance(r, dict))
    return Previous(ids, renames)
