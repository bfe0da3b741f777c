"""The responses of a NetBox REST API, saved in a directory: one file per endpoint
and page, as ``depgraph import netbox --save DIR`` writes them and ``--from DIR`` reads
them (an air-gapped site exports once and imports elsewhere).

File names are the endpoint path with ``/`` as ``__`` (``dcim__devices.json``), later
pages ``dcim__devices.page2.json`` and so on; ``status.json`` is ``GET /api/status/``.
Each page is NetBox's own answer: ``{"count": N, "next": ..., "results": [...]}``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from depgraph.core.model import Span
from depgraph.core.problems import InventoryError, Problem

__all__ = ["ENDPOINTS", "MINIMUM_VERSION", "Responses", "read_recorded"]

#: What an import reads, in the order it reads it.
ENDPOINTS = (
    "dcim/regions", "dcim/sites", "dcim/locations", "dcim/racks", "dcim/device-roles",
    "dcim/devices", "dcim/power-panels", "dcim/power-feeds", "dcim/power-ports",
    "dcim/power-outlets", "dcim/cables", "circuits/providers", "circuits/circuits",
    "circuits/circuit-terminations", "virtualization/clusters",
    "virtualization/virtual-machines", "tenancy/tenants",
)
#: The oldest NetBox whose API this reads (4.0 renamed device roles' field ``role``).
MINIMUM_VERSION = (4, 0)

_PAGE = re.compile(r"\.page(\d+)\.json$")


@dataclass(frozen=True)
class Responses:
    """Every object of every endpoint, in NetBox's order, and the NetBox version."""

    version: str
    objects: dict[str, tuple[dict, ...]]
    source: str  # the directory or the URL, for messages


def file_name(endpoint: str, page: int = 1) -> str:
    """``dcim/devices`` → ``dcim__devices.json`` (page 1), ``dcim__devices.page2.json``."""
    stem = endpoint.replace("/", "__")
    return f"{stem}.json" if page == 1 else f"{stem}.page{page}.json"


def read_recorded(directory: str | Path) -> Responses:
    """The saved responses of ``directory``; every problem (a file missing, truncated,
    not JSON, not a page of NetBox's, a NetBox too old) raises
    :class:`~depgraph.core.problems.InventoryError` with its place.
    """
    root = Path(directory)
    problems: list[Problem] = []
    if not root.is_dir():
        raise InventoryError([Problem(Span(str(directory)), "no such directory",
                                      hint="name the directory that --save wrote")])
    status = _json(root / "status.json", problems)
    version = _version(status, root / "status.json", problems)
    objects: dict[str, tuple[dict, ...]] = {}
    for endpoint in ENDPOINTS:
        objects[endpoint] = tuple(_pages(root, endpoint, problems))
    if problems:
        raise InventoryError(problems)
    return Responses(version, objects, str(directory))


def _pages(root: Path, endpoint: str, problems: list[Problem]) -> list[dict]:
    found: list[dict] = []
    page, count = 1, None
    while True:
        path = root / file_name(endpoint, page)
        answer = _json(path, problems)
        if answer is None:
            return found
        if not (isinstance(answer, dict) and isinstance(answer.get("results"), list)
                and isinstance(answer.get("count"), int)):
            problems.append(Problem(Span(str(path), 1, 1), "not a page of NetBox's REST API: "
                                    "expected an object with 'count' and 'results'",
                                    hint="save the responses again with --save"))
            return found
        count = answer["count"] if count is None else count
        found += [o for o in answer["results"] if isinstance(o, dict)]
        if not answer.get("next"):
            break
        page += 1
    if len(found) != count:
        problems.append(Problem(Span(str(root / file_name(endpoint, page)), 1, 1),
                                f"{endpoint}: {len(found)} objects saved, NetBox counted "
                                f"{count}", hint="a page is missing: save the responses again"))
    return found


def _json(path: Path, problems: list[Problem]):
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(Span(str(path)), "missing from the saved responses",
                                hint="save the responses again with --save"))
        return None
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(Span(str(path)), f"cannot read: {error}"))
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        problems.append(Problem(Span(str(path), error.lineno, error.colno),
                                f"not JSON: {error.msg} (truncated?)",
                                hint="save the responses again with --save"))
        return None


def _version(status, path: Path, problems: list[Problem]) -> str:
    if status is None:
        return ""
    version = status.get("netbox-version") if isinstance(status, dict) else None
    numbers = re.match(r"(\d+)\.(\d+)", version) if isinstance(version, str) else None
    if numbers is None:
        problems.append(Problem(Span(str(path), 1, 1), "no 'netbox-version' in the status",
                                hint="status.json is NetBox's answer to GET /api/status/"))
        return ""
    if (int(numbers[1]), int(numbers[2])) < MINIMUM_VERSION:
        problems.append(Problem(Span(str(path), 1, 1), f"NetBox {version} is older than "
                                f"{'.'.join(map(str, MINIMUM_VERSION))}, whose API this reads",
                                hint="upgrade NetBox, or import with a depgraph that reads it"))
    return version
