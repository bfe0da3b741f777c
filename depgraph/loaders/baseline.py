"""Read a previous ``depgraph spof --format json`` report, to compare against it."""

from __future__ import annotations

import json
from pathlib import Path

from depgraph.core.model import Span
from depgraph.core.problems import InventoryError, Problem

__all__ = ["BaselineError", "read_spof_baseline"]


class BaselineError(InventoryError):
    """The baseline report is unreadable (not the inventory)."""

    what = "the baseline"


def read_spof_baseline(path: str) -> set[tuple[str, str]]:
    """The key of every SPOF in a JSON report (``("provider", id)`` or ``("component", id)``,
    as :attr:`SinglePoint.key`); a located error if it is not one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise BaselineError([Problem(Span(path), "not UTF-8: a baseline is a JSON report "
                                      "of 'depgraph spof --format json'")]) from None
    except json.JSONDecodeError as err:
        raise BaselineError([Problem(Span(path, err.lineno, err.colno),
                                      f"invalid JSON: {err.msg}")]) from None
    spofs = data.get("spofs") if isinstance(data, dict) else None
    if not isinstance(spofs, list) or not all(
            isinstance(s, dict) and isinstance(s.get("kind"), str) and isinstance(s.get("id"), str)
            for s in spofs):
        raise BaselineError([Problem(Span(path), "not a SPOF report: expected an object with "
                                      "'spofs': [{'kind': ..., 'id': ...}, ...]",
                                      hint="make one with 'depgraph spof --format json -o FILE'")])
    return {("provider" if s["kind"] == "provider" else "component", s["id"]) for s in spofs}
